"""Versioned buckets: versions, delete markers, suspension, list_object_versions."""

import pytest

from labcloud import ClientError


def _put_versions(s3, bucket, key, bodies):
    return [s3.put_object(Bucket=bucket, Key=key, Body=body)["VersionId"] for body in bodies]


def _listing(response):
    """[(key, version, is_latest, kind)] in the order S3 listed them within each list."""
    versions = [(v["Key"], v["VersionId"], v["IsLatest"], "version") for v in response.get("Versions", [])]
    markers = [(m["Key"], m["VersionId"], m["IsLatest"], "marker") for m in response.get("DeleteMarkers", [])]
    return versions, markers


def test_each_put_in_a_versioned_bucket_gets_a_new_version_id(s3, versioned_bucket):
    ids = _put_versions(s3, versioned_bucket, "k", [b"v1", b"v2", b"v3"])

    assert len(set(ids)) == 3
    assert "null" not in ids
    assert s3.get_object(Bucket=versioned_bucket, Key="k")["VersionId"] == ids[-1]


def test_every_version_stays_readable_by_version_id(s3, versioned_bucket):
    ids = _put_versions(s3, versioned_bucket, "k", [b"v1", b"v2", b"v3"])

    for version_id, body in zip(ids, [b"v1", b"v2", b"v3"], strict=True):
        got = s3.get_object(Bucket=versioned_bucket, Key="k", VersionId=version_id)
        assert (got["Body"].read(), got["VersionId"]) == (body, version_id)
        assert s3.head_object(Bucket=versioned_bucket, Key="k", VersionId=version_id)["ContentLength"] == 2


def test_delete_without_version_id_adds_a_delete_marker(s3, versioned_bucket):
    [v1] = _put_versions(s3, versioned_bucket, "k", [b"v1"])

    response = s3.delete_object(Bucket=versioned_bucket, Key="k")

    assert response["DeleteMarker"] is True
    assert response["VersionId"] not in ("", v1, "null")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=versioned_bucket, Key="k")
    assert s3.get_object(Bucket=versioned_bucket, Key="k", VersionId=v1)["Body"].read() == b"v1"


def test_reading_a_delete_marker_by_version_id_is_method_not_allowed(s3, versioned_bucket):
    _put_versions(s3, versioned_bucket, "k", [b"v1"])
    marker = s3.delete_object(Bucket=versioned_bucket, Key="k")["VersionId"]

    with pytest.raises(s3.exceptions.MethodNotAllowed) as got:
        s3.get_object(Bucket=versioned_bucket, Key="k", VersionId=marker)
    with pytest.raises(ClientError) as head:
        s3.head_object(Bucket=versioned_bucket, Key="k", VersionId=marker)

    assert got.value.response["ResponseMetadata"]["HTTPStatusCode"] == 405
    assert head.value.response["Error"] == {"Code": "405", "Message": "Method Not Allowed"}


def test_deleting_the_delete_marker_restores_the_object(s3, versioned_bucket):
    [v1] = _put_versions(s3, versioned_bucket, "k", [b"v1"])
    marker = s3.delete_object(Bucket=versioned_bucket, Key="k")["VersionId"]

    response = s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=marker)

    assert (response["DeleteMarker"], response["VersionId"]) == (True, marker)
    got = s3.get_object(Bucket=versioned_bucket, Key="k")
    assert (got["Body"].read(), got["VersionId"]) == (b"v1", v1)


def test_deleting_a_version_removes_it_permanently(s3, versioned_bucket):
    v1, v2 = _put_versions(s3, versioned_bucket, "k", [b"v1", b"v2"])

    response = s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=v2)

    assert response["VersionId"] == v2
    assert "DeleteMarker" not in response
    with pytest.raises(s3.exceptions.NoSuchVersion) as caught:
        s3.get_object(Bucket=versioned_bucket, Key="k", VersionId=v2)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert s3.get_object(Bucket=versioned_bucket, Key="k")["VersionId"] == v1


def test_list_object_versions_splits_versions_and_delete_markers_newest_first(s3, versioned_bucket):
    a1, a2 = _put_versions(s3, versioned_bucket, "a", [b"a1", b"a2"])
    [b1] = _put_versions(s3, versioned_bucket, "b", [b"b1"])
    marker = s3.delete_object(Bucket=versioned_bucket, Key="b")["VersionId"]

    response = s3.list_object_versions(Bucket=versioned_bucket)

    versions, markers = _listing(response)
    assert versions == [("a", a2, True, "version"), ("a", a1, False, "version"), ("b", b1, False, "version")]
    assert markers == [("b", marker, True, "marker")]
    assert set(response["DeleteMarkers"][0]) == {"Key", "VersionId", "IsLatest", "LastModified", "Owner"}
    first = response["Versions"][0]
    assert set(first) == {"Key", "VersionId", "IsLatest", "LastModified", "ETag", "Size", "StorageClass", "Owner"}
    assert (first["Size"], first["StorageClass"]) == (2, "STANDARD")
    assert response["IsTruncated"] is False
    assert (response["KeyMarker"], response["VersionIdMarker"], response["Prefix"]) == ("", "", "")


def test_list_object_versions_pages_with_key_and_version_markers(s3, versioned_bucket):
    a = _put_versions(s3, versioned_bucket, "a", [b"1", b"2", b"3"])
    b = _put_versions(s3, versioned_bucket, "b", [b"1"])
    expected = [("a", a[2]), ("a", a[1]), ("a", a[0]), ("b", b[0])]

    first = s3.list_object_versions(Bucket=versioned_bucket, MaxKeys=2)
    second = s3.list_object_versions(
        Bucket=versioned_bucket, MaxKeys=2,
        KeyMarker=first["NextKeyMarker"], VersionIdMarker=first["NextVersionIdMarker"],
    )
    pages = s3.get_paginator("list_object_versions").paginate(
        Bucket=versioned_bucket, PaginationConfig={"PageSize": 3},
    )

    assert first["IsTruncated"] is True
    assert (first["NextKeyMarker"], first["NextVersionIdMarker"]) == ("a", a[1])
    assert [(v["Key"], v["VersionId"]) for v in first["Versions"] + second["Versions"]] == expected
    assert [[(v["Key"], v["VersionId"]) for v in page["Versions"]] for page in pages] == [expected[:3], expected[3:]]


def test_list_object_versions_with_prefix_and_delimiter(s3, versioned_bucket):
    _put_versions(s3, versioned_bucket, "dir/a", [b"1"])
    _put_versions(s3, versioned_bucket, "dir/sub/b", [b"1"])
    _put_versions(s3, versioned_bucket, "other", [b"1"])

    response = s3.list_object_versions(Bucket=versioned_bucket, Prefix="dir/", Delimiter="/")

    assert [v["Key"] for v in response["Versions"]] == ["dir/a"]
    assert [p["Prefix"] for p in response["CommonPrefixes"]] == ["dir/sub/"]


def test_objects_in_an_unversioned_bucket_are_listed_as_null_versions(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")

    versions, markers = _listing(s3.list_object_versions(Bucket=bucket))

    assert versions == [("k", "null", True, "version")]
    assert markers == []


def test_objects_written_before_versioning_become_the_null_version(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"before")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    [after] = _put_versions(s3, bucket, "k", [b"after"])

    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"before"
    versions, _ = _listing(s3.list_object_versions(Bucket=bucket))
    assert versions == [("k", after, True, "version"), ("k", "null", False, "version")]


def test_suspended_versioning_writes_null_versions_that_overwrite_each_other(s3, versioned_bucket):
    [kept] = _put_versions(s3, versioned_bucket, "k", [b"enabled"])
    s3.put_bucket_versioning(Bucket=versioned_bucket, VersioningConfiguration={"Status": "Suspended"})

    first = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"null-1")
    second = s3.put_object(Bucket=versioned_bucket, Key="k", Body=b"null-2")

    assert (first["VersionId"], second["VersionId"]) == ("null", "null")
    got = s3.get_object(Bucket=versioned_bucket, Key="k")
    assert (got["Body"].read(), got["VersionId"]) == (b"null-2", "null")
    versions, _ = _listing(s3.list_object_versions(Bucket=versioned_bucket))
    assert versions == [("k", "null", True, "version"), ("k", kept, False, "version")]


def test_delete_in_a_suspended_bucket_adds_a_null_delete_marker(s3, versioned_bucket):
    [kept] = _put_versions(s3, versioned_bucket, "k", [b"enabled"])
    s3.put_bucket_versioning(Bucket=versioned_bucket, VersioningConfiguration={"Status": "Suspended"})

    response = s3.delete_object(Bucket=versioned_bucket, Key="k")

    assert (response["DeleteMarker"], response["VersionId"]) == (True, "null")
    versions, markers = _listing(s3.list_object_versions(Bucket=versioned_bucket))
    assert markers == [("k", "null", True, "marker")]
    assert versions == [("k", kept, False, "version")]


def test_copy_of_an_older_version_names_the_source_version(s3, versioned_bucket):
    v1, _ = _put_versions(s3, versioned_bucket, "k", [b"old", b"new"])

    response = s3.copy_object(
        Bucket=versioned_bucket, Key="restored", CopySource=f"{versioned_bucket}/k?versionId={v1}",
    )

    assert response["CopySourceVersionId"] == v1
    assert response["VersionId"] not in ("", "null", v1)
    assert s3.get_object(Bucket=versioned_bucket, Key="restored")["Body"].read() == b"old"


def test_copy_source_dict_with_version_id(s3, versioned_bucket):
    v1, _ = _put_versions(s3, versioned_bucket, "k", [b"old", b"new"])

    s3.copy_object(
        Bucket=versioned_bucket, Key="restored", CopySource={"Bucket": versioned_bucket, "Key": "k", "VersionId": v1},
    )

    assert s3.get_object(Bucket=versioned_bucket, Key="restored")["Body"].read() == b"old"


def test_delete_objects_in_a_versioned_bucket_reports_markers_and_versions(s3, versioned_bucket):
    [a1] = _put_versions(s3, versioned_bucket, "a", [b"1"])
    [b1] = _put_versions(s3, versioned_bucket, "b", [b"1"])

    response = s3.delete_objects(
        Bucket=versioned_bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b", "VersionId": b1}]},
    )

    deleted = {d["Key"]: d for d in response["Deleted"]}
    assert deleted["a"]["DeleteMarker"] is True
    assert deleted["a"]["DeleteMarkerVersionId"] not in ("", a1)
    assert deleted["b"] == {"Key": "b", "VersionId": b1}
    with pytest.raises(s3.exceptions.NoSuchVersion):
        s3.get_object(Bucket=versioned_bucket, Key="b", VersionId=b1)


def test_bucket_holding_only_delete_markers_is_not_empty(s3, versioned_bucket):
    [v1] = _put_versions(s3, versioned_bucket, "k", [b"1"])
    s3.delete_object(Bucket=versioned_bucket, Key="k", VersionId=v1)
    s3.delete_object(Bucket=versioned_bucket, Key="k")

    with pytest.raises(s3.exceptions.BucketNotEmpty):
        s3.delete_bucket(Bucket=versioned_bucket)


def test_unversioned_get_and_put_responses_have_no_version_id(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"x")

    assert "VersionId" not in put
    assert "VersionId" not in s3.get_object(Bucket=bucket, Key="k")
    assert "VersionId" not in s3.head_object(Bucket=bucket, Key="k")
