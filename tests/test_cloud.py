"""Cloud.local / Cloud.connect: lifecycle, data directories, and the public facade."""

import socket

import pytest

import labcloud
from labcloud import Cloud, EndpointConnectionError


def test_public_facade_exports_exactly_these_names():
    assert sorted(labcloud.__all__) == sorted(
        ["Cloud", "ClientError", "EndpointConnectionError", "ParamValidationError", "__version__"]
    )
    assert isinstance(labcloud.__version__, str) and labcloud.__version__


def test_local_cloud_without_a_data_dir_uses_a_temporary_one_removed_on_close():
    cloud = Cloud.local()
    data_dir = cloud.data_dir
    assert data_dir.is_dir()

    cloud.close()

    assert not data_dir.exists()


def test_local_cloud_keeps_a_given_data_dir_and_its_data_across_reopening(tmp_path):
    with Cloud.local(tmp_path) as first:
        assert first.data_dir == tmp_path.resolve()
        s3 = first.client("s3")
        s3.create_bucket(Bucket="durable")
        s3.put_object(Bucket="durable", Key="k", Body=b"kept")

    assert tmp_path.is_dir()
    with Cloud.local(tmp_path) as second:
        assert second.client("s3").get_object(Bucket="durable", Key="k")["Body"].read() == b"kept"


def test_closing_twice_is_harmless(tmp_path):
    cloud = Cloud.local(tmp_path)
    cloud.close()
    cloud.close()


def test_clients_stop_working_when_their_cloud_closes(tmp_path):
    with Cloud.local(tmp_path) as cloud:
        s3 = cloud.client("s3")

    with pytest.raises(RuntimeError, match="closed"):
        s3.list_buckets()


def test_clients_of_one_cloud_share_its_data(cloud):
    cloud.client("s3").create_bucket(Bucket="shared")

    assert [b["Name"] for b in cloud.client("s3").list_buckets()["Buckets"]] == ["shared"]


def test_connected_cloud_has_no_data_dir_and_names_its_endpoint(tmp_path):
    from labcloud import _core

    server = _core.Server(data_dir=str(tmp_path), port=0)
    try:
        with Cloud.connect(server.address) as cloud:
            assert cloud.data_dir is None
            assert cloud.endpoint == server.address
    finally:
        server.stop()


def test_unreachable_endpoint_raises_endpoint_connection_error_naming_it():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        endpoint = f"127.0.0.1:{probe.getsockname()[1]}"
    # Nothing listens there now; the error may come at connect or at the first call.
    with pytest.raises(EndpointConnectionError) as caught:
        with Cloud.connect(endpoint) as cloud:
            cloud.client("s3").list_buckets()

    assert endpoint in str(caught.value)
    assert isinstance(caught.value, ConnectionError)
