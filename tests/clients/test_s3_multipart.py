"""Multipart uploads: parts, completion ETag, listing, aborting, and their errors."""

import hashlib
import os

import pytest

MiB = 1024 * 1024


def _multipart_etag(parts):
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return f'"{digest}-{len(parts)}"'


def _upload(s3, bucket, key, upload_id, parts):
    """Upload ``parts`` as parts 1..n; return the list complete_multipart_upload wants."""
    return [
        {"ETag": s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=n, Body=body)["ETag"],
         "PartNumber": n}
        for n, body in enumerate(parts, start=1)
    ]


def test_create_multipart_upload_returns_bucket_key_and_upload_id(s3, bucket):
    response = s3.create_multipart_upload(Bucket=bucket, Key="big")

    assert (response["Bucket"], response["Key"]) == (bucket, "big")
    assert isinstance(response["UploadId"], str) and response["UploadId"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_upload_part_etag_is_the_quoted_md5_of_the_part(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]

    response = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload_id, PartNumber=1, Body=b"part one")

    assert response["ETag"] == f'"{hashlib.md5(b"part one").hexdigest()}"'


def test_completed_object_is_the_parts_joined_with_a_multipart_etag(s3, bucket):
    parts = [os.urandom(5 * MiB), os.urandom(5 * MiB), b"tail"]
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
    completed = _upload(s3, bucket, "big", upload_id, parts)

    response = s3.complete_multipart_upload(
        Bucket=bucket, Key="big", UploadId=upload_id, MultipartUpload={"Parts": completed},
    )

    assert response["ETag"] == _multipart_etag(parts)
    assert (response["Bucket"], response["Key"]) == (bucket, "big")
    assert response["Location"] == f"https://{bucket}.s3.us-east-1.amazonaws.com/big"
    assert "VersionId" not in response
    got = s3.get_object(Bucket=bucket, Key="big")
    assert got["Body"].read() == b"".join(parts)
    assert got["ETag"] == _multipart_etag(parts)
    assert got["ContentLength"] == 10 * MiB + 4


def test_single_small_part_completes(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="small")["UploadId"]
    completed = _upload(s3, bucket, "small", upload_id, [b"only"])

    response = s3.complete_multipart_upload(
        Bucket=bucket, Key="small", UploadId=upload_id, MultipartUpload={"Parts": completed},
    )

    assert response["ETag"] == _multipart_etag([b"only"])
    assert s3.get_object(Bucket=bucket, Key="small")["Body"].read() == b"only"


def test_get_by_part_number_returns_that_part_and_the_parts_count(s3, bucket):
    parts = [os.urandom(5 * MiB), b"second part"]
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="big")["UploadId"]
    s3.complete_multipart_upload(
        Bucket=bucket, Key="big", UploadId=upload_id,
        MultipartUpload={"Parts": _upload(s3, bucket, "big", upload_id, parts)},
    )

    second = s3.get_object(Bucket=bucket, Key="big", PartNumber=2)

    assert second["Body"].read() == b"second part"
    assert second["PartsCount"] == 2
    assert second["ContentRange"] == f"bytes {5 * MiB}-{5 * MiB + 10}/{5 * MiB + 11}"
    assert second["ResponseMetadata"]["HTTPStatusCode"] == 206


def test_reuploading_a_part_number_replaces_the_part(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"old")
    etag = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"new")["ETag"]

    s3.complete_multipart_upload(
        Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": [{"ETag": etag, "PartNumber": 1}]},
    )

    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"new"


def test_attributes_given_at_creation_are_on_the_completed_object(s3, bucket):
    upload_id = s3.create_multipart_upload(
        Bucket=bucket, Key="k", ContentType="video/mp4", Metadata={"Camera": "A"},
    )["UploadId"]
    s3.complete_multipart_upload(
        Bucket=bucket, Key="k", UploadId=upload_id,
        MultipartUpload={"Parts": _upload(s3, bucket, "k", upload_id, [b"frames"])},
    )

    head = s3.head_object(Bucket=bucket, Key="k")
    assert head["ContentType"] == "video/mp4"
    assert head["Metadata"] == {"camera": "A"}


def test_file_like_part_body_is_uploaded(s3, bucket, tmp_path):
    path = tmp_path / "part.bin"
    path.write_bytes(b"p" * (2 * MiB + 7))
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]

    with path.open("rb") as body:
        etag = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=body)["ETag"]

    assert etag == f'"{hashlib.md5(b"p" * (2 * MiB + 7)).hexdigest()}"'


def test_list_parts_pages_by_part_number(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    _upload(s3, bucket, "k", upload_id, [b"1", b"22", b"333"])

    first = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id, MaxParts=2)
    second = s3.list_parts(
        Bucket=bucket, Key="k", UploadId=upload_id, MaxParts=2, PartNumberMarker=first["NextPartNumberMarker"],
    )

    assert [(p["PartNumber"], p["Size"]) for p in first["Parts"]] == [(1, 1), (2, 2)]
    assert (first["IsTruncated"], first["NextPartNumberMarker"], first["MaxParts"]) == (True, 2, 2)
    assert [(p["PartNumber"], p["Size"]) for p in second["Parts"]] == [(3, 3)]
    assert second["IsTruncated"] is False
    assert second["PartNumberMarker"] == 2
    assert first["Parts"][1]["ETag"] == f'"{hashlib.md5(b"22").hexdigest()}"'
    assert (first["Bucket"], first["Key"], first["UploadId"]) == (bucket, "k", upload_id)
    assert first["StorageClass"] == "STANDARD"
    assert set(first["Owner"]) == set(first["Initiator"]) == {"DisplayName", "ID"}


def test_list_parts_paginator_walks_every_part(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    _upload(s3, bucket, "k", upload_id, [b"a", b"b", b"c", b"d", b"e"])

    pages = s3.get_paginator("list_parts").paginate(
        Bucket=bucket, Key="k", UploadId=upload_id, PaginationConfig={"PageSize": 2},
    )

    assert [[p["PartNumber"] for p in page["Parts"]] for page in pages] == [[1, 2], [3, 4], [5]]


def test_list_parts_of_an_upload_without_parts_has_no_parts_key(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]

    response = s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)

    assert "Parts" not in response
    assert response["IsTruncated"] is False


def test_list_multipart_uploads_lists_pending_uploads_by_key(s3, bucket):
    ids = {key: s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"] for key in ["b", "a", "c/1", "c/2"]}

    response = s3.list_multipart_uploads(Bucket=bucket)
    rolled_up = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    prefixed = s3.list_multipart_uploads(Bucket=bucket, Prefix="c/")

    assert [(u["Key"], u["UploadId"]) for u in response["Uploads"]] == [
        ("a", ids["a"]), ("b", ids["b"]), ("c/1", ids["c/1"]), ("c/2", ids["c/2"]),
    ]
    assert response["IsTruncated"] is False
    assert response["Bucket"] == bucket
    assert response["Uploads"][0]["StorageClass"] == "STANDARD"
    assert response["Uploads"][0]["Initiated"].tzinfo is not None
    assert [u["Key"] for u in rolled_up["Uploads"]] == ["a", "b"]
    assert [p["Prefix"] for p in rolled_up["CommonPrefixes"]] == ["c/"]
    assert [u["Key"] for u in prefixed["Uploads"]] == ["c/1", "c/2"]


def test_list_multipart_uploads_pages_with_markers_and_paginator(s3, bucket):
    keys = ["k1", "k2", "k3", "k4", "k5"]
    for key in keys:
        s3.create_multipart_upload(Bucket=bucket, Key=key)

    first = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=2)
    second = s3.list_multipart_uploads(
        Bucket=bucket, MaxUploads=2, KeyMarker=first["NextKeyMarker"], UploadIdMarker=first["NextUploadIdMarker"],
    )
    pages = s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2})

    assert ([u["Key"] for u in first["Uploads"]], first["IsTruncated"]) == (["k1", "k2"], True)
    assert first["NextKeyMarker"] == "k2"
    assert [u["Key"] for u in second["Uploads"]] == ["k3", "k4"]
    assert [[u["Key"] for u in page["Uploads"]] for page in pages] == [["k1", "k2"], ["k3", "k4"], ["k5"]]


def test_two_uploads_of_one_key_are_both_listed(s3, bucket):
    first = s3.create_multipart_upload(Bucket=bucket, Key="same")["UploadId"]
    second = s3.create_multipart_upload(Bucket=bucket, Key="same")["UploadId"]

    listed = [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]]

    assert first != second
    assert sorted(listed) == sorted([first, second])


def test_completed_and_aborted_uploads_are_no_longer_listed(s3, bucket):
    done = s3.create_multipart_upload(Bucket=bucket, Key="done")["UploadId"]
    dropped = s3.create_multipart_upload(Bucket=bucket, Key="dropped")["UploadId"]
    s3.complete_multipart_upload(
        Bucket=bucket, Key="done", UploadId=done,
        MultipartUpload={"Parts": _upload(s3, bucket, "done", done, [b"x"])},
    )

    abort = s3.abort_multipart_upload(Bucket=bucket, Key="dropped", UploadId=dropped)

    assert abort["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket=bucket, Key="dropped")


@pytest.mark.parametrize("call", ["upload_part", "list_parts", "complete", "abort"])
def test_unknown_upload_id_is_no_such_upload(s3, bucket, call):
    args = {"Bucket": bucket, "Key": "k", "UploadId": "no-such-upload-id"}
    action = {
        "upload_part": lambda: s3.upload_part(**args, PartNumber=1, Body=b"x"),
        "list_parts": lambda: s3.list_parts(**args),
        "complete": lambda: s3.complete_multipart_upload(
            **args, MultipartUpload={"Parts": [{"ETag": '"x"', "PartNumber": 1}]},
        ),
        "abort": lambda: s3.abort_multipart_upload(**args),
    }[call]

    with pytest.raises(s3.exceptions.NoSuchUpload) as caught:
        action()

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_parts_out_of_order_is_invalid_part_order(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    completed = _upload(s3, bucket, "k", upload_id, [os.urandom(5 * MiB), b"tail"])

    with pytest.raises(s3.exceptions.InvalidPartOrder) as caught:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": completed[::-1]},
        )

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_non_last_part_under_5_mib_is_entity_too_small(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    completed = _upload(s3, bucket, "k", upload_id, [b"x" * (5 * MiB - 1), b"tail"])

    with pytest.raises(s3.exceptions.EntityTooSmall) as caught:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": completed})

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # The upload survives a failed completion.
    assert len(s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)["Parts"]) == 2


def test_completing_with_a_wrong_etag_is_invalid_part(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    _upload(s3, bucket, "k", upload_id, [b"x"])

    with pytest.raises(s3.exceptions.InvalidPart) as caught:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="k", UploadId=upload_id,
            MultipartUpload={"Parts": [{"ETag": '"00000000000000000000000000000000"', "PartNumber": 1}]},
        )

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_completing_with_a_part_never_uploaded_is_invalid_part(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    # Part 1 is big enough to be a non-last part, so only the missing part 2 is wrong.
    completed = _upload(s3, bucket, "k", upload_id, [b"x" * (5 * MiB)])

    with pytest.raises(s3.exceptions.InvalidPart):
        s3.complete_multipart_upload(
            Bucket=bucket, Key="k", UploadId=upload_id,
            MultipartUpload={"Parts": completed + [{"ETag": completed[0]["ETag"], "PartNumber": 2}]},
        )


def test_completing_with_no_parts_is_malformed_xml(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]

    with pytest.raises(s3.exceptions.MalformedXML):
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": []})


@pytest.mark.parametrize("part_number", [0, 10001])
def test_part_number_outside_1_to_10000_is_invalid_argument(s3, bucket, part_number):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]

    with pytest.raises(s3.exceptions.InvalidArgument) as caught:
        s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=part_number, Body=b"x")

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_create_multipart_upload_in_a_missing_bucket_is_no_such_bucket(s3):
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.create_multipart_upload(Bucket="missing-bucket", Key="k")


def test_reading_a_part_number_beyond_the_parts_is_invalid_part_number(s3, bucket):
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    s3.complete_multipart_upload(
        Bucket=bucket, Key="k", UploadId=upload_id,
        MultipartUpload={"Parts": _upload(s3, bucket, "k", upload_id, [b"only"])},
    )

    with pytest.raises(s3.exceptions.InvalidPartNumber) as caught:
        s3.get_object(Bucket=bucket, Key="k", PartNumber=2)

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 416
