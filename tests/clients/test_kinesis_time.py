"""What the engine clock drives, on virtual time over both transports:
per-shard throttling at the published rates, retention trimming (from
reads at once, from disk by whole segments), iterator, token and
subscription lifetimes."""

import time
from pathlib import Path

import pytest

MIB = 1 << 20
SHARD0 = "shardId-000000000000"


@pytest.fixture
def kinesis(timed_cloud):
    return timed_cloud.cloud.client("kinesis")


@pytest.fixture
def stream(kinesis):
    kinesis.create_stream(StreamName="timed", ShardCount=2)
    return "timed"


def batch(n, size=1):
    """n records for shard 0."""
    return [{"Data": b"\0" * size, "PartitionKey": "k", "ExplicitHashKey": "0"}] * n


def trim_horizon(kinesis, stream, shard=SHARD0):
    return kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]


def segment_bytes(root: Path, stream_dirs: str = "kinesis/streams") -> int:
    return sum(p.stat().st_size for p in (root / stream_dirs).rglob("*.seg"))


def test_a_shard_takes_1000_records_and_1_mib_a_second_and_fails_the_rest_per_record(timed_cloud, kinesis, stream):
    for _ in range(2):
        assert kinesis.put_records(StreamName=stream, Records=batch(500))["FailedRecordCount"] == 0
    r = kinesis.put_records(StreamName=stream, Records=batch(10) + [{"Data": b"x", "PartitionKey": "k", "ExplicitHashKey": str(2**127)}])
    assert r["FailedRecordCount"] == 10
    assert r["Records"][0] == {
        "ErrorCode": "ProvisionedThroughputExceededException",
        "ErrorMessage": "Rate exceeded for shard shardId-000000000000 in stream timed under account 123456789012.",
    }
    assert r["Records"][10]["ShardId"] == "shardId-000000000001", "the other shard has its own budget"
    timed_cloud.advance(0.5)
    assert kinesis.put_records(StreamName=stream, Records=batch(500))["FailedRecordCount"] == 0
    assert kinesis.put_records(StreamName=stream, Records=batch(1))["FailedRecordCount"] == 1, "half a second refills 500"
    timed_cloud.advance(1)
    kinesis.put_record(StreamName=stream, Data=b"\0" * (MIB - 1), PartitionKey="k", ExplicitHashKey="0")
    with pytest.raises(kinesis.exceptions.ProvisionedThroughputExceededException):
        kinesis.put_record(StreamName=stream, Data=b"", PartitionKey="k", ExplicitHashKey="0")
    timed_cloud.advance(0.25)
    kinesis.put_record(StreamName=stream, Data=b"\0" * (MIB // 4 - 1), PartitionKey="k", ExplicitHashKey="0")
    with pytest.raises(kinesis.exceptions.ProvisionedThroughputExceededException):
        kinesis.put_record(StreamName=stream, Data=b"", PartitionKey="k", ExplicitHashKey="0")


def test_a_shard_serves_5_reads_and_2_mib_a_second(timed_cloud, kinesis, stream):
    it = trim_horizon(kinesis, stream)
    for _ in range(5):
        kinesis.get_records(ShardIterator=it)
    with pytest.raises(kinesis.exceptions.ProvisionedThroughputExceededException) as caught:
        kinesis.get_records(ShardIterator=it)
    assert caught.value.response["Error"]["Message"].startswith("Rate exceeded for Shard - shardId-000000000000")
    timed_cloud.advance(0.2)
    kinesis.get_records(ShardIterator=it)
    for _ in range(10):
        kinesis.put_record(StreamName=stream, Data=b"\1" * (MIB - 1), PartitionKey="k", ExplicitHashKey="0")
        timed_cloud.advance(1)
    r = kinesis.get_records(ShardIterator=trim_horizon(kinesis, stream))
    assert len(r["Records"]) == 10, "one call may return 10 MiB..."
    timed_cloud.advance(3.9)
    with pytest.raises(kinesis.exceptions.ProvisionedThroughputExceededException):
        kinesis.get_records(ShardIterator=r["NextShardIterator"])
    timed_cloud.advance(0.2)
    kinesis.get_records(ShardIterator=r["NextShardIterator"])  # ...paid for over the next 4 s at 2 MiB/s


def test_iterators_and_next_tokens_expire_after_five_minutes(timed_cloud, kinesis, stream):
    it = trim_horizon(kinesis, stream)
    token = kinesis.list_shards(StreamName=stream, MaxResults=1)["NextToken"]
    timed_cloud.advance(299)
    fresh = kinesis.get_records(ShardIterator=it)["NextShardIterator"]
    timed_cloud.advance(2)
    with pytest.raises(kinesis.exceptions.ExpiredIteratorException, match="Iterator expired"):
        kinesis.get_records(ShardIterator=it)
    with pytest.raises(kinesis.exceptions.ExpiredNextTokenException):
        kinesis.list_shards(NextToken=token)
    kinesis.get_records(ShardIterator=fresh)


def test_records_past_retention_leave_reads_at_once_and_the_disk_by_segment(timed_cloud, kinesis, stream):
    old = kinesis.put_records(StreamName=stream, Records=batch(200, 4000))["Records"]
    timed_cloud.advance(23 * 3600)
    young = kinesis.put_record(StreamName=stream, Data=b"young", PartitionKey="k", ExplicitHashKey="0")
    timed_cloud.advance(3600 + 1)
    records = kinesis.get_records(ShardIterator=trim_horizon(kinesis, stream))["Records"]
    assert [r["SequenceNumber"] for r in records] == [young["SequenceNumber"]]
    at_old = kinesis.get_shard_iterator(
        StreamName=stream, ShardId=SHARD0, ShardIteratorType="AT_SEQUENCE_NUMBER",
        StartingSequenceNumber=old[3]["SequenceNumber"],
    )["ShardIterator"]
    timed_cloud.advance(1)
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=at_old)["Records"]] == [b"young"]
    # A day later everything has expired; the background pass deletes it.
    before = segment_bytes(timed_cloud.data_dir)
    assert before > 200 * 4000
    timed_cloud.advance(24 * 3600)
    deadline = time.monotonic() + 15
    while segment_bytes(timed_cloud.data_dir) > 64 * 1024 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert segment_bytes(timed_cloud.data_dir) < 64 * 1024, f"{before} -> {segment_bytes(timed_cloud.data_dir)} bytes"
    assert kinesis.get_records(ShardIterator=trim_horizon(kinesis, stream))["Records"] == []
    kinesis.put_record(StreamName=stream, Data=b"new", PartitionKey="k", ExplicitHashKey="0")
    timed_cloud.advance(1)
    assert [r["Data"] for r in kinesis.get_records(ShardIterator=trim_horizon(kinesis, stream))["Records"]] == [b"new"]


def test_a_closed_shard_is_listed_until_its_records_expire(timed_cloud, kinesis, stream):
    kinesis.split_shard(StreamName=stream, ShardToSplit=SHARD0, NewStartingHashKey=str(2**126))
    timed_cloud.advance(24 * 3600 - 1)
    assert SHARD0 in [s["ShardId"] for s in kinesis.list_shards(StreamName=stream)["Shards"]]
    timed_cloud.advance(1)
    ids = [s["ShardId"] for s in kinesis.list_shards(StreamName=stream)["Shards"]]
    assert ids == ["shardId-000000000001", "shardId-000000000002", "shardId-000000000003"]
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        trim_horizon(kinesis, stream)


def test_a_subscription_lives_five_minutes_and_a_newer_one_takes_over_after_five_seconds(timed_cloud, kinesis, stream):
    arn = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="c")["Consumer"]["ConsumerARN"]
    start = {"ConsumerARN": consumer, "ShardId": SHARD0, "StartingPosition": {"Type": "LATEST"}}
    first = iter(kinesis.subscribe_to_shard(**start)["EventStream"])
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        kinesis.subscribe_to_shard(**start)
    timed_cloud.advance(5)
    assert next(first)["SubscribeToShardEvent"]["Records"] == [], "an empty event every 5 s"
    second = kinesis.subscribe_to_shard(**start)["EventStream"]
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        next(first)
    events = iter(second)
    kinesis.put_record(StreamName=stream, Data=b"pushed", PartitionKey="k", ExplicitHashKey="0")
    assert [r["Data"] for r in next(events)["SubscribeToShardEvent"]["Records"]] == [b"pushed"]
    timed_cloud.advance(300)
    started = time.monotonic()
    with pytest.raises(StopIteration):
        next(events)
    assert time.monotonic() - started < 2, "the end of the lifetime is noticed within a tick"
