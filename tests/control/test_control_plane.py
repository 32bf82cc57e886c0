"""The control plane behind the engines' endpoint: its services answer there,
its errors arrive as AWS errors, its bugs as InternalError, and a data
directory serves one cloud at a time."""

import grpc
import pytest

from labcloud import Cloud
from labcloud._proto.labcloud.ec2.v1 import ec2_pb2, ec2_pb2_grpc
from labcloud.control import Service, fault, rpc
from labcloud.control.ec2 import Ec2Service
from labcloud.serve import Endpoint


def test_control_plane_services_answer_any_grpc_client_on_the_one_endpoint(tmp_path):
    with Endpoint(tmp_path, layout="tiny") as server, grpc.insecure_channel(server.address) as channel:
        stub = ec2_pb2_grpc.Ec2ServiceStub(channel)
        regions = stub.DescribeRegions(ec2_pb2.DescribeRegionsRequest())
        assert [r.region_name for r in regions.regions] == ["us-east-1"]
        with pytest.raises(grpc.RpcError) as caught:
            stub.DescribeRegions(ec2_pb2.DescribeRegionsRequest(region_names=["nowhere-1"]))
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_unknown_methods_are_unimplemented(tmp_path):
    with Endpoint(tmp_path) as server, grpc.insecure_channel(server.address) as channel:
        call = channel.unary_unary("/labcloud.nothing.v1.NoService/Nope")
        with pytest.raises(grpc.RpcError) as caught:
            call(b"")
        assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_a_bug_in_a_handler_is_an_internal_error_not_a_hang(tmp_path, monkeypatch, capfd):
    def broken(self, request, call):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Ec2Service, "DescribeRegions", rpc(ec2_pb2.DescribeRegionsRequest)(broken))
    with Endpoint(tmp_path) as server, Cloud.connect(server.address) as cloud:
        with pytest.raises(cloud.client("ec2").exceptions.ClientError) as caught:
            cloud.client("ec2").describe_regions()
    assert caught.value.response["Error"]["Code"] == "InternalError"
    assert "ZeroDivisionError" in capfd.readouterr().err, "the traceback reaches the operator"


def test_second_cloud_on_the_same_data_directory_is_refused(tmp_path):
    with Cloud.local(tmp_path), pytest.raises(OSError, match="in use"):
        Cloud.local(tmp_path)


def test_faults_carry_code_status_and_fields():
    error = fault("NoSuchEntity", "The user with name bob cannot be found.", 404, UserName="bob")
    assert (error.code, error.http_status, error.fields) == ("NoSuchEntity", 404, {"UserName": "bob"})


def test_services_declare_methods_by_decorator():
    class Echo(Service):
        NAME = "labcloud.test.v1.EchoService"

        @rpc(ec2_pb2.DescribeRegionsRequest)
        def Ping(self, request, call):
            return ec2_pb2.DescribeRegionsResponse()

    assert list(Echo(plane=None).methods()) == ["/labcloud.test.v1.EchoService/Ping"]
