"""Objects: put, get, head and delete, with bodies, attributes and keys."""

import datetime as dt
import hashlib
import io
import os

import pytest

MiB = 1024 * 1024


def _etag(data: bytes) -> str:
    return f'"{hashlib.md5(data).hexdigest()}"'


@pytest.mark.parametrize(
    "size", [0, 1, MiB + 1, 20 * MiB], ids=["empty", "one-byte", "one-mib-plus-one", "twenty-mib"],
)
def test_put_then_get_returns_the_same_bytes_and_md5_etag(s3, bucket, size):
    data = os.urandom(size)

    put = s3.put_object(Bucket=bucket, Key="blob", Body=data)
    got = s3.get_object(Bucket=bucket, Key="blob")

    assert put["ETag"] == _etag(data)
    assert got["ETag"] == _etag(data)
    assert got["ContentLength"] == size
    assert got["Body"].read() == data


def test_put_object_response_has_etag_and_no_version_id_in_an_unversioned_bucket(s3, bucket):
    response = s3.put_object(Bucket=bucket, Key="k", Body=b"hello")

    assert set(response) == {"ETag", "ResponseMetadata"}
    assert response["ETag"] == '"5d41402abc4b2a76b9719d911017c592"'
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ResponseMetadata"]["RetryAttempts"] == 0


@pytest.mark.parametrize(
    "body, stored",
    [
        (bytearray(b"from a bytearray"), b"from a bytearray"),
        (memoryview(b"from a memoryview"), b"from a memoryview"),
        ("h\u00e9llo \u2603", "h\u00e9llo \u2603".encode()),
    ],
    ids=["bytearray", "memoryview", "str-is-utf8"],
)
def test_bytes_like_and_str_bodies_are_stored_as_bytes(s3, bucket, body, stored):
    s3.put_object(Bucket=bucket, Key="k", Body=body)

    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == stored


def test_file_body_is_streamed_whole(s3, bucket, tmp_path):
    data = os.urandom(3 * MiB + 123)
    path = tmp_path / "upload.bin"
    path.write_bytes(data)

    with path.open("rb") as source:
        put = s3.put_object(Bucket=bucket, Key="from-file", Body=source)

    assert put["ETag"] == _etag(data)
    assert s3.get_object(Bucket=bucket, Key="from-file")["Body"].read() == data


def test_file_like_body_is_read_from_its_current_position(s3, bucket):
    source = io.BytesIO(b"skip:keep")
    source.seek(5)

    s3.put_object(Bucket=bucket, Key="k", Body=source)

    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"keep"


def test_missing_body_stores_an_empty_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="empty")

    head = s3.head_object(Bucket=bucket, Key="empty")
    assert head["ContentLength"] == 0
    assert head["ETag"] == '"d41d8cd98f00b204e9800998ecf8427e"'


def test_get_object_response_has_botocore_keys_and_second_precision_utc_time(s3, bucket):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello")
    after = dt.datetime.now(dt.timezone.utc)

    got = s3.get_object(Bucket=bucket, Key="k")

    assert set(got) == {
        "Body", "AcceptRanges", "LastModified", "ContentLength", "ETag", "ContentType", "Metadata",
        "ResponseMetadata",
    }
    assert got["AcceptRanges"] == "bytes"
    assert got["ContentType"] == "binary/octet-stream"
    assert got["Metadata"] == {}
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert got["LastModified"].utcoffset() == dt.timedelta(0)
    assert got["LastModified"].microsecond == 0
    assert before <= got["LastModified"] <= after


def test_head_object_reports_what_get_object_does_without_a_body(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello", ContentType="text/plain")

    head = s3.head_object(Bucket=bucket, Key="k")
    got = s3.get_object(Bucket=bucket, Key="k")

    assert "Body" not in head
    for key in ("AcceptRanges", "LastModified", "ContentLength", "ETag", "ContentType", "Metadata"):
        assert head[key] == got[key], key
    assert head["ContentLength"] == 5
    assert head["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_object_attributes_round_trip_and_metadata_keys_are_lower_cased(s3, bucket):
    s3.put_object(
        Bucket=bucket, Key="page.html", Body=b"<p>hi</p>",
        ContentType="text/html; charset=utf-8", CacheControl="max-age=60",
        ContentDisposition='attachment; filename="page.html"', ContentEncoding="identity",
        ContentLanguage="en-GB", Metadata={"Color": "Red", "size": "L"}, StorageClass="STANDARD_IA",
    )

    head = s3.head_object(Bucket=bucket, Key="page.html")

    assert head["ContentType"] == "text/html; charset=utf-8"
    assert head["CacheControl"] == "max-age=60"
    assert head["ContentDisposition"] == 'attachment; filename="page.html"'
    assert head["ContentEncoding"] == "identity"
    assert head["ContentLanguage"] == "en-GB"
    assert head["Metadata"] == {"color": "Red", "size": "L"}
    assert head["StorageClass"] == "STANDARD_IA"


def test_standard_storage_class_is_not_reported_on_head(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", StorageClass="STANDARD")

    assert "StorageClass" not in s3.head_object(Bucket=bucket, Key="k")


def test_overwriting_a_key_replaces_body_and_attributes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"first", Metadata={"v": "1"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"second")

    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["Body"].read() == b"second"
    assert got["Metadata"] == {}


def test_streaming_body_reads_in_pieces_and_reports_its_length(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"0123456789")

    body = s3.get_object(Bucket=bucket, Key="k")["Body"]

    assert body.content_length == 10
    assert body.read(3) == b"012"
    assert body.read(4) == b"3456"
    assert body.read() == b"789"
    assert body.read() == b""
    body.close()
    with pytest.raises(ValueError):
        body.read()


def test_streaming_body_iterates_chunks_and_lines(s3, bucket):
    s3.put_object(Bucket=bucket, Key="lines", Body=b"one\ntwo\r\nthree")

    assert list(s3.get_object(Bucket=bucket, Key="lines")["Body"].iter_chunks(4)) == [
        b"one\n", b"two\r", b"\nthr", b"ee",
    ]
    assert list(s3.get_object(Bucket=bucket, Key="lines")["Body"].iter_lines(chunk_size=2)) == [
        b"one", b"two", b"three",
    ]
    with s3.get_object(Bucket=bucket, Key="lines")["Body"] as body:
        assert b"".join(body) == b"one\ntwo\r\nthree"
    assert body.closed


def test_key_of_1024_utf8_bytes_is_accepted(s3, bucket):
    key = "\u00e9" * 512  # two bytes each in UTF-8

    s3.put_object(Bucket=bucket, Key=key, Body=b"x")

    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"x"


@pytest.mark.parametrize("key", ["k" * 1025, "\u00e9" * 513], ids=["ascii-1025", "utf8-1026-bytes"])
def test_key_longer_than_1024_utf8_bytes_is_key_too_long(s3, bucket, key):
    with pytest.raises(s3.exceptions.KeyTooLongError) as caught:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize(
    "key",
    ["with space", "dir/sub/file.txt", "\u65e5\u672c\u8a9e/\U0001f600", "a+b=c&d?e#f", "/leading-slash", "trailing/"],
)
def test_unusual_keys_round_trip(s3, bucket, key):
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode())

    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == [key]


def test_get_missing_key_is_no_such_key_naming_the_key(s3, bucket):
    with pytest.raises(s3.exceptions.NoSuchKey) as caught:
        s3.get_object(Bucket=bucket, Key="nope/missing")

    error = caught.value.response["Error"]
    assert error["Code"] == "NoSuchKey"
    assert error["Key"] == "nope/missing"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_object_calls_on_a_missing_bucket_are_no_such_bucket(s3):
    for call in (
        lambda: s3.put_object(Bucket="missing-bucket", Key="k", Body=b"x"),
        lambda: s3.get_object(Bucket="missing-bucket", Key="k"),
        lambda: s3.delete_object(Bucket="missing-bucket", Key="k"),
    ):
        with pytest.raises(s3.exceptions.NoSuchBucket) as caught:
            call()
        assert caught.value.response["Error"]["BucketName"] == "missing-bucket"


def test_content_length_shorter_than_declared_is_incomplete_body(s3, bucket):
    with pytest.raises(s3.exceptions.IncompleteBody) as caught:
        s3.put_object(Bucket=bucket, Key="k", Body=b"12345", ContentLength=10)

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=bucket, Key="k")


def test_matching_content_length_is_accepted(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"12345", ContentLength=5)

    assert s3.get_object(Bucket=bucket, Key="k")["ContentLength"] == 5


def test_delete_object_returns_204_without_version_keys_and_removes_it(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")

    response = s3.delete_object(Bucket=bucket, Key="k")

    assert set(response) == {"ResponseMetadata"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=bucket, Key="k")


def test_deleting_a_missing_key_succeeds(s3, bucket):
    assert s3.delete_object(Bucket=bucket, Key="never")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_delete_objects_reports_each_key_deleted_including_missing_ones(s3, bucket):
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")

    response = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "c"}, {"Key": "zz"}]})

    assert sorted(d["Key"] for d in response["Deleted"]) == ["a", "c", "zz"]
    assert "Errors" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["b"]


def test_quiet_delete_objects_omits_the_deleted_list(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"x")

    response = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}], "Quiet": True})

    assert set(response) == {"ResponseMetadata"}
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_delete_objects_with_more_than_1000_keys_is_malformed_xml(s3, bucket):
    with pytest.raises(s3.exceptions.MalformedXML):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": f"k{i}"} for i in range(1001)]})


def test_delete_objects_with_no_keys_is_malformed_xml(s3, bucket):
    with pytest.raises(s3.exceptions.MalformedXML):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": []})


def test_user_metadata_over_2_kb_is_metadata_too_large(s3, bucket):
    with pytest.raises(s3.exceptions.MetadataTooLarge) as caught:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Metadata={"big": "v" * 2100})

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


class _FailingFile:
    """A file that breaks after handing out some bytes, like a dropped network mount."""

    def __init__(self, good: bytes):
        self._good = good

    def read(self, n: int = -1) -> bytes:
        if self._good:
            chunk, self._good = self._good[:n], self._good[n:]
            return chunk
        raise OSError("disk went away")


def test_body_that_fails_mid_read_raises_its_error_and_stores_nothing(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"previous")

    with pytest.raises(OSError, match="disk went away"):
        s3.put_object(Bucket=bucket, Key="k", Body=_FailingFile(os.urandom(3 * 1024 * 1024)))

    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"previous"
