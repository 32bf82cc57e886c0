"""Kinesis records over both transports: put_record(s), shard iterators,
get_records, and the bad input each refuses."""

import datetime as dt
import hashlib
import io
import time

import pytest

from labcloud import ParamValidationError

HALF = 2**127


def shard_for(key: str) -> str:
    """Which shard of a two-shard stream a partition key's MD5 falls in."""
    h = int(hashlib.md5(key.encode()).hexdigest(), 16)
    return "shardId-000000000000" if h < HALF else "shardId-000000000001"


def iterator(kinesis, stream, shard, kind, **extra):
    return kinesis.get_shard_iterator(StreamName=stream, ShardId=shard, ShardIteratorType=kind, **extra)["ShardIterator"]


def read_all(kinesis, it):
    out = []
    while True:
        r = kinesis.get_records(ShardIterator=it)
        out += r["Records"]
        if not r["Records"] or "NextShardIterator" not in r:
            return out, r
        it = r["NextShardIterator"]


def test_put_record_routes_by_md5_and_get_records_returns_it_as_botocore_does(kinesis, stream):
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    put = kinesis.put_record(StreamName=stream, Data=b"\x00hello\xff", PartitionKey="alpha")
    assert set(put) == {"ShardId", "SequenceNumber", "ResponseMetadata"}
    assert put["ShardId"] == shard_for("alpha")
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    records, last = read_all(kinesis, iterator(kinesis, stream, put["ShardId"], "TRIM_HORIZON"))
    [record] = records
    arrived = record.pop("ApproximateArrivalTimestamp")
    assert record == {"SequenceNumber": put["SequenceNumber"], "Data": b"\x00hello\xff", "PartitionKey": "alpha"}
    assert arrived.tzinfo is not None and before <= arrived <= dt.datetime.now(dt.timezone.utc)
    assert arrived.microsecond % 1000 == 0, "Kinesis timestamps are to the millisecond"
    assert set(last) == {"Records", "NextShardIterator", "MillisBehindLatest", "ResponseMetadata"}
    assert last["MillisBehindLatest"] == 0


def test_data_may_be_bytes_str_bytearray_or_a_file(kinesis, stream):
    for data in [b"raw", "text é", bytearray(b"array"), io.BytesIO(b"file")]:
        kinesis.put_record(StreamName=stream, Data=data, PartitionKey="k")
    records, _ = read_all(kinesis, iterator(kinesis, stream, shard_for("k"), "TRIM_HORIZON"))
    assert [r["Data"] for r in records] == [b"raw", "text é".encode(), b"array", b"file"]


def test_sequence_numbers_increase_strictly_per_shard_and_name_it(kinesis, stream):
    puts = [kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey=f"k{i}") for i in range(40)]
    for shard in ["shardId-000000000000", "shardId-000000000001"]:
        seqs = [p["SequenceNumber"] for p in puts if p["ShardId"] == shard]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        assert all(int(a) < int(b) for a, b in zip(seqs, seqs[1:]))
        assert all(s[2:12] == shard[-10:] for s in seqs), "the number names its shard"
    ordered = kinesis.put_record(
        StreamName=stream, Data=b"y", PartitionKey="k0", SequenceNumberForOrdering=puts[0]["SequenceNumber"]
    )
    assert int(ordered["SequenceNumber"]) > int(puts[0]["SequenceNumber"])


def test_explicit_hash_keys_override_partition_keys(kinesis, stream):
    for key in ["0", str(HALF - 1), str(HALF), str(2**128 - 1)]:
        p = kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey="same", ExplicitHashKey=key)
        assert p["ShardId"] == ("shardId-000000000000" if int(key) < HALF else "shardId-000000000001")


def test_put_records_answers_each_record_in_order(kinesis, stream):
    records = [{"Data": f"r{i}".encode(), "PartitionKey": f"key-{i}"} for i in range(500)]
    r = kinesis.put_records(StreamName=stream, Records=records)
    assert r["FailedRecordCount"] == 0
    assert len(r["Records"]) == 500
    for i, result in enumerate(r["Records"]):
        assert set(result) == {"SequenceNumber", "ShardId"}
        assert result["ShardId"] == shard_for(f"key-{i}")
    got, _ = read_all(kinesis, iterator(kinesis, stream, "shardId-000000000000", "TRIM_HORIZON"))
    expect = [x for x, res in zip(records, r["Records"]) if res["ShardId"] == "shardId-000000000000"]
    assert [g["Data"] for g in got] == [x["Data"] for x in expect]


def test_iterator_types_start_where_they_say(kinesis):
    kinesis.create_stream(StreamName="one", ShardCount=1)
    shard = "shardId-000000000000"
    seqs = [kinesis.put_record(StreamName="one", Data=bytes([i]), PartitionKey="k")["SequenceNumber"] for i in range(6)]
    latest = iterator(kinesis, "one", shard, "LATEST")
    time.sleep(0.01)
    moment = dt.datetime.now(dt.timezone.utc)
    time.sleep(0.01)
    late = kinesis.put_record(StreamName="one", Data=b"late", PartitionKey="k")["SequenceNumber"]

    def first(it):
        # A shard serves 5 GetRecords calls a second: keep under it.
        time.sleep(0.21)
        return kinesis.get_records(ShardIterator=it, Limit=1)["Records"][0]["SequenceNumber"]

    assert first(iterator(kinesis, "one", shard, "TRIM_HORIZON")) == seqs[0]
    assert first(iterator(kinesis, "one", shard, "AT_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[3])) == seqs[3]
    assert first(iterator(kinesis, "one", shard, "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=seqs[3])) == seqs[4]
    assert first(latest) == late
    assert first(iterator(kinesis, "one", shard, "AT_TIMESTAMP", Timestamp=moment)) == late
    assert first(iterator(kinesis, "one", shard, "AT_TIMESTAMP", Timestamp=moment.timestamp())) == late
    after_last = iterator(kinesis, "one", shard, "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=late)
    assert kinesis.get_records(ShardIterator=after_last)["Records"] == []


def test_get_records_pages_by_limit_and_reports_how_far_behind(kinesis):
    kinesis.create_stream(StreamName="one", ShardCount=1)
    kinesis.put_records(StreamName="one", Records=[{"Data": b"x", "PartitionKey": "k"}] * 25)
    r = kinesis.get_records(ShardIterator=iterator(kinesis, "one", "shardId-000000000000", "TRIM_HORIZON"), Limit=10)
    assert len(r["Records"]) == 10
    assert r["MillisBehindLatest"] >= 0
    r = kinesis.get_records(ShardIterator=r["NextShardIterator"], Limit=100)
    assert len(r["Records"]) == 15
    assert r["MillisBehindLatest"] == 0


def test_bad_records_are_refused_with_kinesis_codes(kinesis, stream):
    put = lambda **kw: kinesis.put_record(StreamName=stream, **{"Data": b"x", "PartitionKey": "k", **kw})  # noqa: E731
    with pytest.raises(ParamValidationError, match="valid min length: 1"):
        put(PartitionKey="")
    with pytest.raises(kinesis.exceptions.ValidationException) as caught:
        put(PartitionKey="k" * 257)
    assert "Member must have length less than or equal to 256" in str(caught.value)
    put(PartitionKey="é" * 256, ExplicitHashKey="0")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="maximum record size"):
        put(Data=b"\0" * (1 << 20))
    # 1 MiB of data and key fits, on a shard that has its whole second's budget.
    put(Data=b"\0" * ((1 << 20) - 1), PartitionKey="k", ExplicitHashKey=str(HALF))
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        put(ExplicitHashKey=str(2**128))
    with pytest.raises(kinesis.exceptions.ValidationException):
        put(ExplicitHashKey="0x10")
    with pytest.raises(kinesis.exceptions.ValidationException):
        put(SequenceNumberForOrdering="not-a-number")
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.put_record(StreamName="missing", Data=b"x", PartitionKey="k")


def test_bad_batches_are_refused_whole(kinesis, stream):
    records = lambda n, size=1: [{"Data": b"\0" * size, "PartitionKey": "k"}] * n  # noqa: E731
    with pytest.raises(ParamValidationError, match="valid min length: 1"):
        kinesis.put_records(StreamName=stream, Records=[])
    with pytest.raises(kinesis.exceptions.ValidationException, match="less than or equal to 500"):
        kinesis.put_records(StreamName=stream, Records=records(501))
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="Records size exceeds 5 MB limit"):
        kinesis.put_records(StreamName=stream, Records=records(6, 1 << 20))
    bad = records(2) + [{"Data": b"x", "PartitionKey": "k" * 300}]
    with pytest.raises(kinesis.exceptions.ValidationException, match="records.3.member.partitionKey"):
        kinesis.put_records(StreamName=stream, Records=bad)
    with pytest.raises(ParamValidationError, match='Missing required parameter in Records\\[0\\]: "PartitionKey"'):
        kinesis.put_records(StreamName=stream, Records=[{"Data": b"x"}])


def test_bad_iterators_are_refused_with_kinesis_codes(kinesis, stream):
    seq0 = kinesis.put_record(StreamName=stream, Data=b"x", PartitionKey="k", ExplicitHashKey="0")["SequenceNumber"]
    shard0, shard1 = "shardId-000000000000", "shardId-000000000001"
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="Invalid ShardIterator"):
        kinesis.get_records(ShardIterator="AAAA")
    good = iterator(kinesis, stream, shard0, "TRIM_HORIZON")
    tampered = good[:30] + ("0" if good[30] != "0" else "1") + good[31:]
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.get_records(ShardIterator=tampered)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="encodes shardId-000000000000"):
        iterator(kinesis, stream, shard1, "AT_SEQUENCE_NUMBER", StartingSequenceNumber=seq0)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        iterator(kinesis, stream, shard0, "AFTER_SEQUENCE_NUMBER")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="timestampInMillis"):
        iterator(kinesis, stream, shard0, "AT_TIMESTAMP")
    future = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="cannot be greater"):
        iterator(kinesis, stream, shard0, "AT_TIMESTAMP", Timestamp=future)
    with pytest.raises(kinesis.exceptions.ValidationException, match="enum value set"):
        iterator(kinesis, stream, shard0, "SOMEWHERE")
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        iterator(kinesis, stream, "shardId-000000000007", "LATEST")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.get_records(ShardIterator=good, Limit=10_001)
    with pytest.raises(ParamValidationError, match="valid min value: 1"):
        kinesis.get_records(ShardIterator=good, Limit=0)
    other = "arn:aws:kinesis:us-east-1:123456789012:stream/other"
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.get_records(ShardIterator=good, StreamARN=other)


def test_an_iterator_survives_the_deletion_of_nothing_but_not_of_its_stream(kinesis, stream):
    it = iterator(kinesis, stream, "shardId-000000000000", "TRIM_HORIZON")
    kinesis.delete_stream(StreamName=stream)
    kinesis.create_stream(StreamName=stream, ShardCount=2)
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.get_records(ShardIterator=it)
