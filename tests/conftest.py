"""Fixtures shared by every test: a cloud over each transport, its S3 and Kinesis clients,
and `labcloud up` subprocesses that are always stopped.

labcloud._core is imported here on purpose: without the native module the whole
suite must fail to collect, never skip into a green run that tested nothing.
"""

import pytest

from _server import Up
from labcloud import Cloud, _core  # noqa: F401  (ImportError here means: run `maturin develop`)
from labcloud.serve import Endpoint


@pytest.fixture(params=["embedded", "remote"])
def cloud(request, tmp_path):
    """A fresh, empty cloud, in this process or behind a loopback gRPC server."""
    if request.param == "embedded":
        local = Cloud.local(tmp_path)
        yield local
        local.close()
    else:
        server = Endpoint(tmp_path)
        try:
            remote = Cloud.connect(server.address)
            yield remote
            remote.close()
        finally:
            server.stop()


class TimedCloud:
    """A cloud on virtual time, with the AWS limits on, and the means to move its clock."""

    def __init__(self, cloud, advance, data_dir):
        self.cloud = cloud
        self.advance = advance
        self.data_dir = data_dir


@pytest.fixture(params=["embedded", "remote"])
def timed_cloud(request, tmp_path):
    """A fresh cloud on virtual time over each transport: the test moves the
    engines' clock (through the in-process server for the remote one)."""
    if request.param == "embedded":
        local = Cloud.local(tmp_path, virtual_time=True)
        yield TimedCloud(local, local.advance_time, tmp_path)
        local.close()
    else:
        server = Endpoint(tmp_path, virtual_time=True)
        try:
            # A real sleep cannot refill throttles on the server's virtual clock.
            remote = Cloud.connect(server.address, retries={"max_attempts": 0})
            yield TimedCloud(remote, server.advance_time, tmp_path)
            remote.close()
        finally:
            server.stop()


@pytest.fixture
def s3(cloud):
    return cloud.client("s3")


@pytest.fixture
def bucket(s3):
    """The name of an empty, unversioned bucket in us-east-1."""
    s3.create_bucket(Bucket="test-bucket")
    return "test-bucket"


@pytest.fixture
def versioned_bucket(s3):
    s3.create_bucket(Bucket="versioned-bucket")
    s3.put_bucket_versioning(Bucket="versioned-bucket", VersioningConfiguration={"Status": "Enabled"})
    return "versioned-bucket"


@pytest.fixture
def kinesis(cloud):
    # Tests of limits want the error itself, not boto3's retries of it.
    return cloud.client("kinesis", retries={"max_attempts": 0})


@pytest.fixture
def stream(kinesis):
    """The name of a new two-shard stream in us-east-1."""
    kinesis.create_stream(StreamName="test-stream", ShardCount=2)
    return "test-stream"


@pytest.fixture
def up():
    """Start `labcloud up ARGS...` (see tests/_server.py); every server started is stopped at teardown."""
    started = []

    def start(*args, **kwargs):
        server = Up(*args, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
