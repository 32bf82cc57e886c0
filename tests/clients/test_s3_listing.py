"""list_objects_v2: order, prefixes, delimiters, pages, and its paginator."""

import datetime as dt

import pytest


def _put(s3, bucket, keys):
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())


def _keys(response):
    return [o["Key"] for o in response.get("Contents", [])]


def _prefixes(response):
    return [p["Prefix"] for p in response.get("CommonPrefixes", [])]


def test_empty_bucket_listing_has_no_contents_key(s3, bucket):
    response = s3.list_objects_v2(Bucket=bucket)

    assert {k: v for k, v in response.items() if k != "ResponseMetadata"} == {
        "IsTruncated": False, "Name": bucket, "Prefix": "", "MaxKeys": 1000,
        "EncodingType": "url", "KeyCount": 0,
    }
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_listed_object_has_key_size_etag_storage_class_and_millisecond_time(s3, bucket):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"12345")["ETag"]
    after = dt.datetime.now(dt.timezone.utc)

    [entry] = s3.list_objects_v2(Bucket=bucket)["Contents"]

    assert set(entry) == {"Key", "LastModified", "ETag", "Size", "StorageClass"}
    assert (entry["Key"], entry["ETag"], entry["Size"], entry["StorageClass"]) == ("k", etag, 5, "STANDARD")
    assert entry["LastModified"].utcoffset() == dt.timedelta(0)
    assert entry["LastModified"].microsecond % 1000 == 0
    assert before <= entry["LastModified"] <= after


def test_fetch_owner_adds_the_owner_to_each_entry(s3, bucket):
    _put(s3, bucket, ["a"])

    [entry] = s3.list_objects_v2(Bucket=bucket, FetchOwner=True)["Contents"]

    assert set(entry["Owner"]) == {"DisplayName", "ID"}
    assert entry["Owner"]["ID"] == s3.list_buckets()["Owner"]["ID"]


def test_keys_are_listed_in_utf8_binary_order(s3, bucket):
    keys = [
        "z", "a", "A", "0", "~", "\u00e9", "\u00ff", "\u0100", "\uff5e", "\U00010000", "\U0001f600",
        "a/b", "a-b", "ab", "\u65e5\u672c",
    ]
    _put(s3, bucket, keys)

    listed = _keys(s3.list_objects_v2(Bucket=bucket))

    assert listed == sorted(keys, key=lambda k: k.encode("utf-8"))
    # Not UTF-16 order, where U+10000 (a surrogate pair) sorts before U+FF5E.
    assert listed.index("\uff5e") < listed.index("\U00010000")


def test_prefix_limits_the_listing_and_is_echoed(s3, bucket):
    _put(s3, bucket, ["logs/1", "logs/2", "logsX", "data/1"])

    response = s3.list_objects_v2(Bucket=bucket, Prefix="logs/")

    assert _keys(response) == ["logs/1", "logs/2"]
    assert response["Prefix"] == "logs/"
    assert response["KeyCount"] == 2


def test_prefix_matching_nothing_lists_nothing(s3, bucket):
    _put(s3, bucket, ["a"])

    response = s3.list_objects_v2(Bucket=bucket, Prefix="zzz")

    assert "Contents" not in response
    assert response["KeyCount"] == 0


def test_delimiter_rolls_up_keys_into_common_prefixes(s3, bucket):
    _put(s3, bucket, ["a/1", "a/2", "b/c/1", "top", "z/"])

    response = s3.list_objects_v2(Bucket=bucket, Delimiter="/")

    assert _keys(response) == ["top"]
    assert _prefixes(response) == ["a/", "b/", "z/"]
    assert response["Delimiter"] == "/"
    assert response["KeyCount"] == 4


def test_prefix_and_delimiter_list_one_level(s3, bucket):
    _put(s3, bucket, ["a/1", "a/b/1", "a/b/2", "a/c/1", "a/d", "b/1"])

    response = s3.list_objects_v2(Bucket=bucket, Prefix="a/", Delimiter="/")

    assert _keys(response) == ["a/1", "a/d"]
    assert _prefixes(response) == ["a/b/", "a/c/"]


def test_delimiter_other_than_slash(s3, bucket):
    _put(s3, bucket, ["2024-01-01", "2024-01-02", "2025-06-01", "misc"])

    response = s3.list_objects_v2(Bucket=bucket, Delimiter="-")

    assert _keys(response) == ["misc"]
    assert _prefixes(response) == ["2024-", "2025-"]


def test_listing_without_a_delimiter_has_no_common_prefixes_or_delimiter_keys(s3, bucket):
    _put(s3, bucket, ["a/1"])

    response = s3.list_objects_v2(Bucket=bucket)

    assert "CommonPrefixes" not in response
    assert "Delimiter" not in response


def test_max_keys_pages_with_continuation_tokens(s3, bucket):
    keys = [f"key-{i}" for i in range(5)]
    _put(s3, bucket, keys)

    first = s3.list_objects_v2(Bucket=bucket, MaxKeys=2)
    second = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, ContinuationToken=first["NextContinuationToken"])
    third = s3.list_objects_v2(Bucket=bucket, MaxKeys=2, ContinuationToken=second["NextContinuationToken"])

    assert [_keys(first), _keys(second), _keys(third)] == [keys[0:2], keys[2:4], keys[4:]]
    assert [first["IsTruncated"], second["IsTruncated"], third["IsTruncated"]] == [True, True, False]
    assert [first["KeyCount"], second["KeyCount"], third["KeyCount"]] == [2, 2, 1]
    assert first["MaxKeys"] == 2
    assert second["ContinuationToken"] == first["NextContinuationToken"]
    assert "NextContinuationToken" not in third
    assert "ContinuationToken" not in first


def test_common_prefixes_count_towards_max_keys(s3, bucket):
    _put(s3, bucket, ["a/1", "a/2", "b/1", "c"])

    first = s3.list_objects_v2(Bucket=bucket, Delimiter="/", MaxKeys=2)
    second = s3.list_objects_v2(
        Bucket=bucket, Delimiter="/", MaxKeys=2, ContinuationToken=first["NextContinuationToken"],
    )

    assert (_prefixes(first), _keys(first), first["IsTruncated"]) == (["a/", "b/"], [], True)
    assert (_prefixes(second), _keys(second), second["IsTruncated"]) == ([], ["c"], False)


def test_max_keys_zero_returns_no_keys_and_is_not_truncated(s3, bucket):
    _put(s3, bucket, ["a", "b"])

    response = s3.list_objects_v2(Bucket=bucket, MaxKeys=0)

    assert "Contents" not in response
    assert response["KeyCount"] == 0
    assert response["MaxKeys"] == 0
    assert response["IsTruncated"] is False


def test_start_after_lists_only_later_keys_and_is_echoed(s3, bucket):
    _put(s3, bucket, ["a", "b", "c", "d"])

    response = s3.list_objects_v2(Bucket=bucket, StartAfter="b")

    assert _keys(response) == ["c", "d"]
    assert response["StartAfter"] == "b"


def test_start_after_need_not_be_an_existing_key(s3, bucket):
    _put(s3, bucket, ["apple", "banana", "cherry"])

    assert _keys(s3.list_objects_v2(Bucket=bucket, StartAfter="b")) == ["banana", "cherry"]


def test_more_than_1000_keys_are_listed_1000_per_page(s3, bucket):
    keys = sorted(f"obj-{i:05d}" for i in range(1001))
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key)

    first = s3.list_objects_v2(Bucket=bucket)
    second = s3.list_objects_v2(Bucket=bucket, ContinuationToken=first["NextContinuationToken"])
    capped = s3.list_objects_v2(Bucket=bucket, MaxKeys=5000)
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket))

    assert (len(first["Contents"]), first["IsTruncated"], first["KeyCount"]) == (1000, True, 1000)
    assert _keys(first) + _keys(second) == keys
    assert second["IsTruncated"] is False
    assert len(capped["Contents"]) == 1000
    assert [len(p["Contents"]) for p in pages] == [1000, 1]


def test_paginator_yields_every_page_with_page_size(s3, bucket):
    keys = [f"k{i}" for i in range(7)]
    _put(s3, bucket, keys)

    pages = list(
        s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 3})
    )

    assert [_keys(p) for p in pages] == [keys[0:3], keys[3:6], keys[6:]]


def test_paginator_resumes_from_a_starting_token(s3, bucket):
    keys = [f"k{i}" for i in range(5)]
    _put(s3, bucket, keys)
    token = s3.list_objects_v2(Bucket=bucket, MaxKeys=2)["NextContinuationToken"]

    pages = s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, PaginationConfig={"PageSize": 2, "StartingToken": token},
    )

    assert [_keys(p) for p in pages] == [keys[2:4], keys[4:]]


def test_paginator_of_an_empty_bucket_yields_one_empty_page(s3, bucket):
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket))

    assert len(pages) == 1
    assert "Contents" not in pages[0]


def test_listing_a_missing_bucket_is_no_such_bucket(s3):
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.list_objects_v2(Bucket="missing-bucket")
