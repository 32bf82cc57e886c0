"""The proto is a contract a second gRPC implementation can use.

A `labcloud up` subprocess is driven by grpcio (gRPC C-core, not labcloud's
own Rust client) through nothing but the stubs committed in
labcloud/_proto/labcloud/s3/v1/s3_pb2_grpc.py and the standard health,
reflection and google.rpc.Status packages: what any Go, Java or C++ client
generated from proto/ would have.
"""

from __future__ import annotations

import hashlib
import random

import grpc
import pytest
from google.protobuf import descriptor_pb2
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from grpc_status import rpc_status

from _server import Up, free_port
from labcloud._proto.labcloud.s3.v1 import s3_pb2 as pb
from labcloud._proto.labcloud.s3.v1 import s3_pb2_grpc

S3_SERVICE = "labcloud.s3.v1.S3Service"
S3_PROTO = "labcloud/s3/v1/s3.proto"
DOMAIN = "s3.labcloud.dev"
MiB = 1 << 20
GRPC_MESSAGE_LIMIT = 4 * MiB   # grpcio's default receive limit; the contract keeps chunks under it
REFLECTION_METHODS = {
    "v1": "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    "v1alpha": "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    up = Up("--data-dir", str(tmp_path_factory.mktemp("contract")), "--port", str(free_port()))
    try:
        yield up
    finally:
        up.close()


@pytest.fixture(scope="module")
def channel(server):
    with grpc.insecure_channel(server.address) as channel:
        grpc.channel_ready_future(channel).result(timeout=10)
        yield channel


@pytest.fixture(scope="module")
def s3(channel):
    return s3_pb2_grpc.S3ServiceStub(channel)


def _reflect(channel, version, *requests):
    """One ServerReflectionInfo stream; v1 and v1alpha messages are the same on the wire."""
    call = channel.stream_stream(
        REFLECTION_METHODS[version],
        request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
        response_deserializer=reflection_pb2.ServerReflectionResponse.FromString,
    )
    return list(call(iter(requests), timeout=10))


def _error_info(error: grpc.RpcError) -> error_details_pb2.ErrorInfo:
    """The one google.rpc.ErrorInfo in the call's grpc-status-details-bin trailer."""
    assert "grpc-status-details-bin" in dict(error.trailing_metadata()), error.trailing_metadata()
    status = rpc_status.from_call(error)   # also checks the detail's code and message match the call's
    assert status is not None
    infos = [d for d in status.details if d.Is(error_details_pb2.ErrorInfo.DESCRIPTOR)]
    assert len(infos) == 1, status.details
    info = error_details_pb2.ErrorInfo()
    infos[0].Unpack(info)
    return info


def _without_json_names(file: descriptor_pb2.FileDescriptorProto) -> descriptor_pb2.FileDescriptorProto:
    """protoc fills json_name in what it serves; Python's CopyToProto leaves it out. Nothing else differs."""
    copy = descriptor_pb2.FileDescriptorProto()
    copy.CopyFrom(file)
    copy.ClearField("source_code_info")
    messages = list(copy.message_type)
    while messages:
        message = messages.pop()
        for field in message.field:
            field.ClearField("json_name")
        messages.extend(message.nested_type)
    return copy


# Health


@pytest.mark.parametrize("service", ["", S3_SERVICE])
def test_health_check_reports_serving(channel, service):
    response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=service), timeout=10)

    assert response.status == health_pb2.HealthCheckResponse.SERVING


def test_health_check_of_an_unknown_service_is_not_found(channel):
    with pytest.raises(grpc.RpcError) as caught:
        health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=10)

    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


# Reflection


def test_reflection_through_the_grpcio_reflection_stub_lists_the_services(channel):
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)

    responses = list(stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")])))

    names = {s.name for s in responses[0].list_services_response.service}
    assert {S3_SERVICE, "grpc.health.v1.Health"} <= names


@pytest.mark.parametrize("version", ["v1", "v1alpha"])
def test_reflection_lists_the_s3_and_health_services(channel, version):
    [response] = _reflect(channel, version, reflection_pb2.ServerReflectionRequest(list_services=""))

    names = {s.name for s in response.list_services_response.service}
    assert {S3_SERVICE, "grpc.health.v1.Health", f"grpc.reflection.{version}.ServerReflection"} <= names


@pytest.mark.parametrize("version", ["v1", "v1alpha"])
def test_reflection_serves_the_s3_proto_the_committed_stubs_were_generated_from(channel, version):
    by_name, by_symbol = _reflect(
        channel, version,
        reflection_pb2.ServerReflectionRequest(file_by_filename=S3_PROTO),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol=S3_SERVICE),
    )

    for response in (by_name, by_symbol):
        assert response.WhichOneof("message_response") == "file_descriptor_response", response
        files = [descriptor_pb2.FileDescriptorProto.FromString(raw)
                 for raw in response.file_descriptor_response.file_descriptor_proto]
        served = next(f for f in files if f.name == S3_PROTO)
        committed = descriptor_pb2.FileDescriptorProto()
        pb.DESCRIPTOR.CopyToProto(committed)
        assert served.package == "labcloud.s3.v1"
        methods = [m.name for m in served.service[0].method]
        assert methods == list(pb.DESCRIPTOR.services_by_name["S3Service"].methods_by_name)
        assert _without_json_names(served) == committed


# Objects, streamed


def _put_messages(bucket, key, body, chunk, sent):
    """Header first, then the body in ``chunk``-sized messages; counts what it sends into ``sent``."""
    sent.append("header")
    yield pb.PutObjectRequest(header=pb.PutObjectHeader(bucket=bucket, key=key, content_length=len(body)))
    for offset in range(0, len(body), chunk):
        sent.append(len(body[offset:offset + chunk]))
        yield pb.PutObjectRequest(chunk=body[offset:offset + chunk])


def test_streamed_put_and_get_of_5_mib_round_trip_with_the_md5_etag(s3):
    s3.CreateBucket(pb.CreateBucketRequest(bucket="contract-objects"), timeout=10)
    body = random.Random(5).randbytes(5 * MiB + 123)
    etag = f'"{hashlib.md5(body).hexdigest()}"'
    sent = []

    put = s3.PutObject(_put_messages("contract-objects", "big", body, MiB, sent), timeout=60)

    assert sent == ["header", *[MiB] * 5, 123]
    assert (put.etag, put.size) == (etag, len(body))

    messages = list(s3.GetObject(pb.GetObjectRequest(bucket="contract-objects", key="big"), timeout=60))

    kinds = [m.WhichOneof("payload") for m in messages]
    assert kinds[0] == "head" and set(kinds[1:]) == {"chunk"}, kinds
    head = messages[0].head
    assert (head.etag, head.content_length, head.http_status) == (etag, len(body), 200)
    assert all(0 < len(m.chunk) <= GRPC_MESSAGE_LIMIT for m in messages[1:])
    assert b"".join(m.chunk for m in messages[1:]) == body
    assert s3.HeadObject(pb.HeadObjectRequest(bucket="contract-objects", key="big"), timeout=10).head.etag == etag


# Errors


def test_get_of_a_missing_key_is_not_found_with_a_no_such_key_error_info(s3):
    s3.CreateBucket(pb.CreateBucketRequest(bucket="contract-errors"), timeout=10)

    with pytest.raises(grpc.RpcError) as caught:
        list(s3.GetObject(pb.GetObjectRequest(bucket="contract-errors", key="missing/key"), timeout=10))

    assert caught.value.code() == grpc.StatusCode.NOT_FOUND
    info = _error_info(caught.value)
    assert (info.reason, info.domain) == ("NoSuchKey", DOMAIN)
    assert dict(info.metadata) == {"http_status": "404", "Key": "missing/key"}


def _put_without_header(s3):
    return s3.PutObject(iter([pb.PutObjectRequest(chunk=b"body before header")]), timeout=10)


def _get_location_of_missing_bucket(s3):
    return s3.GetBucketLocation(pb.GetBucketLocationRequest(bucket="no-such-bucket"), timeout=10)


def _create_eu_bucket_twice(s3):
    region = (("labcloud-region", "eu-west-1"),)
    request = pb.CreateBucketRequest(bucket="contract-twice", location_constraint="eu-west-1")
    s3.CreateBucket(request, metadata=region, timeout=10)
    return s3.CreateBucket(request, metadata=region, timeout=10)


@pytest.mark.parametrize(("call", "code", "reason", "metadata"), [
    (_get_location_of_missing_bucket, grpc.StatusCode.NOT_FOUND, "NoSuchBucket",
     {"http_status": "404", "BucketName": "no-such-bucket"}),
    (_create_eu_bucket_twice, grpc.StatusCode.ALREADY_EXISTS, "BucketAlreadyOwnedByYou",
     {"http_status": "409", "BucketName": "contract-twice"}),
    (_put_without_header, grpc.StatusCode.INVALID_ARGUMENT, "InvalidRequest", {"http_status": "400"}),
], ids=["unary-not-found", "unary-already-exists", "client-stream-invalid"])
def test_unary_and_client_streaming_errors_carry_the_error_info_too(s3, call, code, reason, metadata):
    with pytest.raises(grpc.RpcError) as caught:
        call(s3)

    assert caught.value.code() == code
    info = _error_info(caught.value)
    assert (info.reason, info.domain) == (reason, DOMAIN)
    assert dict(info.metadata) == metadata


# Regions


def test_region_metadata_creates_a_bucket_where_its_location_constraint_says(s3):
    region = (("labcloud-region", "eu-west-1"),)

    s3.CreateBucket(pb.CreateBucketRequest(bucket="contract-eu", location_constraint="eu-west-1"),
                    metadata=region, timeout=10)

    location = s3.GetBucketLocation(pb.GetBucketLocationRequest(bucket="contract-eu"), metadata=region, timeout=10)
    assert location.location_constraint == "eu-west-1"
    assert s3.HeadBucket(pb.HeadBucketRequest(bucket="contract-eu"), timeout=10).bucket_region == "eu-west-1"


def test_region_metadata_without_a_location_constraint_is_an_illegal_location_constraint(s3):
    with pytest.raises(grpc.RpcError) as caught:
        s3.CreateBucket(pb.CreateBucketRequest(bucket="contract-nowhere"),
                        metadata=(("labcloud-region", "eu-west-1"),), timeout=10)

    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert _error_info(caught.value).reason == "IllegalLocationConstraintException"

