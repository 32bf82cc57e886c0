"""Range reads, and conditional reads and writes (If-Match, If-None-Match, dates)."""

import datetime as dt

import pytest

from labcloud import ClientError

DATA = bytes(range(100))


@pytest.fixture
def obj(s3, bucket):
    """(bucket, key, etag) of a 100-byte object whose byte i is i."""
    etag = s3.put_object(Bucket=bucket, Key="hundred", Body=DATA)["ETag"]
    return bucket, "hundred", etag


@pytest.mark.parametrize(
    "range_header, first, last",
    [
        ("bytes=0-9", 0, 9),
        ("bytes=40-59", 40, 59),
        ("bytes=-10", 90, 99),
        ("bytes=90-", 90, 99),
        ("bytes=95-1000", 95, 99),
        ("bytes=0-0", 0, 0),
        ("bytes=-1000", 0, 99),
    ],
    ids=["first", "middle", "suffix", "open-ended", "end-beyond-size", "single-byte", "suffix-beyond-size"],
)
def test_range_get_returns_206_with_the_bytes_and_content_range(s3, obj, range_header, first, last):
    bucket, key, etag = obj

    got = s3.get_object(Bucket=bucket, Key=key, Range=range_header)

    assert got["Body"].read() == DATA[first:last + 1]
    assert got["ContentLength"] == last - first + 1
    assert got["ContentRange"] == f"bytes {first}-{last}/100"
    assert got["ETag"] == etag
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206


@pytest.mark.parametrize("range_header", ["bytes=100-", "bytes=150-200", "bytes=100-100"])
def test_range_starting_at_or_beyond_the_end_is_invalid_range_416(s3, obj, range_header):
    bucket, key, _ = obj

    with pytest.raises(s3.exceptions.InvalidRange) as caught:
        s3.get_object(Bucket=bucket, Key=key, Range=range_header)

    assert caught.value.response["Error"]["Code"] == "InvalidRange"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 416


@pytest.mark.parametrize("range_header", ["bytes=abc", "bytes=9-2", "pages=0-1"])
def test_unparseable_range_is_ignored_and_the_whole_object_returned(s3, obj, range_header):
    bucket, key, _ = obj

    got = s3.get_object(Bucket=bucket, Key=key, Range=range_header)

    assert got["Body"].read() == DATA
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "ContentRange" not in got


def test_head_object_with_range_reports_the_range(s3, obj):
    bucket, key, _ = obj

    head = s3.head_object(Bucket=bucket, Key=key, Range="bytes=10-19")

    assert head["ContentLength"] == 10
    assert head["ContentRange"] == "bytes 10-19/100"
    assert head["ResponseMetadata"]["HTTPStatusCode"] == 206


def test_get_with_matching_if_match_returns_the_object(s3, obj):
    bucket, key, etag = obj

    assert s3.get_object(Bucket=bucket, Key=key, IfMatch=etag)["Body"].read() == DATA


def test_get_with_other_if_match_is_precondition_failed_412(s3, obj):
    bucket, key, _ = obj

    with pytest.raises(s3.exceptions.PreconditionFailed) as caught:
        s3.get_object(Bucket=bucket, Key=key, IfMatch='"00000000000000000000000000000000"')

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412


def test_get_with_matching_if_none_match_is_304_with_the_status_as_code(s3, obj):
    bucket, key, etag = obj

    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key=key, IfNoneMatch=etag)

    assert caught.value.response["Error"] == {"Code": "304", "Message": "Not Modified"}
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304


def test_get_with_other_if_none_match_returns_the_object(s3, obj):
    bucket, key, _ = obj

    assert s3.get_object(Bucket=bucket, Key=key, IfNoneMatch='"other"')["ContentLength"] == 100


def test_if_modified_since_a_past_time_returns_the_object(s3, obj):
    bucket, key, _ = obj
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)

    assert s3.get_object(Bucket=bucket, Key=key, IfModifiedSince=past)["ContentLength"] == 100


def test_if_modified_since_the_last_modified_time_is_304(s3, obj):
    bucket, key, _ = obj
    last_modified = s3.head_object(Bucket=bucket, Key=key)["LastModified"]

    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key=key, IfModifiedSince=last_modified)

    assert caught.value.response["Error"]["Code"] == "304"


def test_if_modified_since_a_future_time_is_304(s3, obj):
    bucket, key, _ = obj
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)

    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key=key, IfModifiedSince=future)

    assert caught.value.response["Error"]["Code"] == "304"


def test_if_unmodified_since_a_past_time_is_precondition_failed(s3, obj):
    bucket, key, _ = obj
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)

    with pytest.raises(s3.exceptions.PreconditionFailed):
        s3.get_object(Bucket=bucket, Key=key, IfUnmodifiedSince=past)


def test_if_unmodified_since_a_future_time_returns_the_object(s3, obj):
    bucket, key, _ = obj
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)

    assert s3.get_object(Bucket=bucket, Key=key, IfUnmodifiedSince=future)["ContentLength"] == 100


def test_naive_datetimes_are_taken_as_utc(s3, obj):
    bucket, key, _ = obj
    future_naive = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).replace(tzinfo=None)

    with pytest.raises(ClientError) as caught:
        s3.get_object(Bucket=bucket, Key=key, IfModifiedSince=future_naive)

    assert caught.value.response["Error"]["Code"] == "304"


def test_head_with_matching_if_none_match_is_304_and_other_if_match_is_412(s3, obj):
    bucket, key, etag = obj

    with pytest.raises(ClientError) as not_modified:
        s3.head_object(Bucket=bucket, Key=key, IfNoneMatch=etag)
    with pytest.raises(ClientError) as failed:
        s3.head_object(Bucket=bucket, Key=key, IfMatch='"other"')

    assert not_modified.value.response["Error"] == {"Code": "304", "Message": "Not Modified"}
    assert failed.value.response["Error"] == {"Code": "412", "Message": "Precondition Failed"}


def test_put_with_if_none_match_star_creates_a_new_key(s3, bucket):
    response = s3.put_object(Bucket=bucket, Key="fresh", Body=b"x", IfNoneMatch="*")

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_put_with_if_none_match_star_on_an_existing_key_is_precondition_failed(s3, obj):
    bucket, key, _ = obj

    with pytest.raises(s3.exceptions.PreconditionFailed) as caught:
        s3.put_object(Bucket=bucket, Key=key, Body=b"overwrite", IfNoneMatch="*")

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == DATA


def test_put_with_matching_if_match_overwrites(s3, obj):
    bucket, key, etag = obj

    s3.put_object(Bucket=bucket, Key=key, Body=b"new", IfMatch=etag)

    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"new"


def test_put_with_other_if_match_is_precondition_failed(s3, obj):
    bucket, key, _ = obj

    with pytest.raises(s3.exceptions.PreconditionFailed):
        s3.put_object(Bucket=bucket, Key=key, Body=b"new", IfMatch='"other"')

    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == DATA


def test_put_with_if_match_on_a_missing_key_is_no_such_key(s3, bucket):
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.put_object(Bucket=bucket, Key="absent", Body=b"new", IfMatch='"anything"')
