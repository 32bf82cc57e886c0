"""What the S3 client hands to the transport, checked on a recording fake.

These pin the boto3 -> protobuf translation (and the no-copy body path) that
the engine-backed tests can only observe from the outside.
"""

import datetime as dt
import io
from types import SimpleNamespace

import pytest

from labcloud._proto.labcloud.s3.v1 import s3_pb2 as pb
from labcloud._transport import CHUNK_SIZE, Transport
from labcloud.clients.s3 import S3Client
from labcloud.errors import ClientError

PREFIX = "/labcloud.s3.v1.S3Service/"


class RecordingNative:
    """Stands in for _core.Embedded: records each call and answers with empty messages."""

    def __init__(self):
        self.calls = []

    def unary(self, method, request, region):
        self.calls.append((method, request, None, region))
        return _empty_response(method)

    def upload(self, method, header, body, region):
        if not isinstance(body, (bytes, bytearray, memoryview)):
            body = list(body)
        self.calls.append((method, header, body, region))
        return _empty_response(method)

    def download(self, method, request, region):
        self.calls.append((method, request, None, region))
        return pb.GetObjectResponse(head=pb.ObjectHead(http_status=200)).SerializeToString(), b""

    def close(self):
        pass


def _empty_response(method):
    return getattr(pb, method.rsplit("/", 1)[1] + "Response")().SerializeToString()


@pytest.fixture
def native():
    return RecordingNative()


@pytest.fixture
def client(native):
    return S3Client(Transport(native, "fake:0"), region_name="eu-west-1")


def _request(native, message_type):
    method, request, body, region = native.calls[-1]
    return method, message_type.FromString(request), body, region


def test_every_call_names_the_method_and_the_client_region(client, native):
    client.head_bucket(Bucket="b")

    method, request, _, region = _request(native, pb.HeadBucketRequest)
    assert (method, request.bucket, region) == (PREFIX + "HeadBucket", "b", "eu-west-1")


@pytest.mark.parametrize("body_type", [bytes, bytearray, memoryview])
def test_bytes_like_bodies_reach_the_transport_without_a_copy(client, native, body_type):
    body = body_type(b"payload")

    client.put_object(Bucket="b", Key="k", Body=body)

    assert native.calls[-1][2] is body


def test_str_body_is_sent_utf8_encoded(client, native):
    client.put_object(Bucket="b", Key="k", Body="\u00e9t\u00e9")

    assert native.calls[-1][2] == "\u00e9t\u00e9".encode()


def test_file_like_body_is_sent_as_1_mib_chunks(client, native):
    client.upload_part(Bucket="b", Key="k", UploadId="u", PartNumber=3, Body=io.BytesIO(b"x" * (2 * CHUNK_SIZE + 5)))

    _, header, chunks, _ = _request(native, pb.UploadPartRequest)
    assert CHUNK_SIZE == 1024 * 1024
    assert [len(c) for c in chunks] == [CHUNK_SIZE, CHUNK_SIZE, 5]
    assert (header.header.upload_id, header.header.part_number) == ("u", 3)
    assert not header.header.HasField("content_length")


def test_put_object_header_carries_attributes_and_conditions(client, native):
    client.put_object(
        Bucket="b", Key="k", Body=b"12", ContentType="text/plain", Metadata={"a": "1"}, StorageClass="GLACIER",
        ContentLength=2, IfNoneMatch="*",
    )

    header = _request(native, pb.PutObjectRequest)[1].header
    assert (header.bucket, header.key, header.content_length, header.if_none_match) == ("b", "k", 2, "*")
    assert header.attributes.content_type == "text/plain"
    assert dict(header.attributes.metadata) == {"a": "1"}
    assert header.attributes.storage_class == "GLACIER"


@pytest.mark.parametrize(
    "copy_source, expected",
    [
        ("src/dir/key.txt", ("src", "dir/key.txt", "")),
        ("/src/key", ("src", "key", "")),
        ("src/a b?c.txt?versionId=v1", ("src", "a b?c.txt", "v1")),
        ({"Bucket": "src", "Key": "k", "VersionId": "v2"}, ("src", "k", "v2")),
        ({"Bucket": "src", "Key": "k?versionId=literal"}, ("src", "k?versionId=literal", "")),
    ],
)
def test_copy_source_forms_become_bucket_key_and_version(client, native, copy_source, expected):
    client.copy_object(Bucket="dst", Key="k", CopySource=copy_source, MetadataDirective="REPLACE")

    request = _request(native, pb.CopyObjectRequest)[1]
    assert (request.source_bucket, request.source_key, request.source_version_id) == expected
    assert request.metadata_directive == "REPLACE"


def test_timestamps_are_sent_as_utc_and_naive_ones_taken_as_utc(client, native):
    aware = dt.datetime(2024, 5, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))

    client.get_object(Bucket="b", Key="k", IfModifiedSince=aware, IfUnmodifiedSince=dt.datetime(2024, 5, 1, 12, 0))

    request = _request(native, pb.GetObjectRequest)[1]
    assert request.if_modified_since.ToJsonString() == "2024-05-01T12:00:00Z"
    assert request.if_unmodified_since.ToJsonString() == "2024-05-01T12:00:00Z"


def test_unset_optional_limits_stay_unset_and_zero_is_sent(client, native):
    client.list_objects_v2(Bucket="b")
    unset = _request(native, pb.ListObjectsV2Request)[1]
    client.list_objects_v2(Bucket="b", MaxKeys=0)
    zero = _request(native, pb.ListObjectsV2Request)[1]

    assert not unset.HasField("max_keys")
    assert zero.HasField("max_keys") and zero.max_keys == 0


def test_complete_multipart_upload_sends_parts_in_the_given_order(client, native):
    client.complete_multipart_upload(
        Bucket="b", Key="k", UploadId="u",
        MultipartUpload={"Parts": [{"ETag": '"b"', "PartNumber": 2}, {"ETag": '"a"', "PartNumber": 1}]},
    )

    request = _request(native, pb.CompleteMultipartUploadRequest)[1]
    assert [(p.part_number, p.etag) for p in request.parts] == [(2, '"b"'), (1, '"a"')]


def test_list_object_versions_splits_the_interleaved_list_in_order():
    response = pb.ListObjectVersionsResponse(
        name="b", max_keys=1000,
        versions=[
            pb.ObjectVersion(key="a", version_id="3", is_latest=True, is_delete_marker=True),
            pb.ObjectVersion(key="a", version_id="2", etag='"e2"', size=2),
            pb.ObjectVersion(key="b", version_id="1", is_latest=True, etag='"e1"', size=1),
        ],
    )

    class Native(RecordingNative):
        def unary(self, method, request, region):
            return response.SerializeToString()

    result = S3Client(Transport(Native(), "fake:0"), "us-east-1").list_object_versions(Bucket="b")

    versions = [(v["Key"], v["VersionId"], v["IsLatest"]) for v in result["Versions"]]
    assert versions == [("a", "2", False), ("b", "1", True)]
    assert [(m["Key"], m["VersionId"], m["IsLatest"]) for m in result["DeleteMarkers"]] == [("a", "3", True)]
    assert "ETag" not in result["DeleteMarkers"][0]


def _service_error(code, message, status, **fields):
    return SimpleNamespace(code=code, message=message, http_status=status, fields=fields, grpc_code=5)


def test_service_error_becomes_the_code_subclass_with_fields(client):
    error = client.exceptions.from_service_error(
        _service_error("NoSuchUpload", "The specified upload does not exist.", 404, UploadId="u1"), "ListParts",
    )

    assert type(error) is client.exceptions.NoSuchUpload
    assert error.response["Error"] == {
        "Code": "NoSuchUpload", "Message": "The specified upload does not exist.", "UploadId": "u1",
    }
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_head_and_304_errors_lose_their_code_like_botocore(client):
    head = client.exceptions.from_service_error(_service_error("NoSuchKey", "gone", 404), "HeadObject")
    not_modified = client.exceptions.from_service_error(_service_error("NotModified", "same", 304), "GetObject")

    assert type(head) is ClientError
    assert head.response["Error"] == {"Code": "404", "Message": "Not Found"}
    assert not_modified.response["Error"] == {"Code": "304", "Message": "Not Modified"}


def test_unknown_codes_raise_plain_client_error(client):
    error = client.exceptions.from_service_error(_service_error("BrandNewError", "new", 400), "PutObject")

    assert type(error) is ClientError
    assert str(error) == "An error occurred (BrandNewError) when calling the PutObject operation: new"


def test_calls_after_close_fail_clearly(client):
    client._transport.close()

    with pytest.raises(RuntimeError, match="closed"):
        client.list_buckets()
