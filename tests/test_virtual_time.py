"""Virtual time: a local cloud's engines read a clock that moves only when told."""

import datetime as dt

import pytest

from labcloud import Cloud


def test_virtual_clock_moves_only_when_advanced_and_stamps_objects(tmp_path):
    with Cloud.local(tmp_path, virtual_time=True) as cloud:
        s3 = cloud.client("s3")
        s3.create_bucket(Bucket="timed")
        start = cloud.now()
        s3.put_object(Bucket="timed", Key="a", Body=b"1")

        cloud.advance_time(3600)
        s3.put_object(Bucket="timed", Key="b", Body=b"2")

        assert cloud.now() - start == dt.timedelta(hours=1)
        listing = {o["Key"]: o["LastModified"] for o in s3.list_objects_v2(Bucket="timed")["Contents"]}
        assert listing["b"] - listing["a"] == dt.timedelta(hours=1)


def test_wall_clock_cloud_refuses_to_move_time(tmp_path):
    with Cloud.local(tmp_path) as cloud, pytest.raises(ValueError, match="virtual_time=True"):
        cloud.advance_time(1)


def test_time_only_moves_forward(tmp_path):
    with Cloud.local(tmp_path, virtual_time=True) as cloud, pytest.raises(ValueError, match="forward"):
        cloud.advance_time(-5)


def test_connected_cloud_says_its_clock_is_the_servers(up, tmp_path):
    server = up("--data-dir", str(tmp_path), "--port", "0")
    with Cloud.connect(server.address) as cloud, pytest.raises(NotImplementedError, match="server"):
        cloud.advance_time(1)
