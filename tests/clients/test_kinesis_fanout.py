"""Enhanced fan-out over both transports: consumers, and subscribe_to_shard
pushing records as they arrive over a server stream."""

import threading
import time

import pytest

from labcloud import ParamValidationError

ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/test-stream"
SHARD0 = "shardId-000000000000"


def to_shard0(kinesis, stream, data):
    return kinesis.put_record(StreamName=stream, Data=data, PartitionKey="k", ExplicitHashKey="0")


@pytest.fixture
def consumer(kinesis, stream):
    return kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="reader")["Consumer"]


def subscribe(kinesis, consumer, kind="TRIM_HORIZON", **position):
    return kinesis.subscribe_to_shard(
        ConsumerARN=consumer["ConsumerARN"], ShardId=SHARD0, StartingPosition={"Type": kind, **position}
    )["EventStream"]


def test_consumers_register_describe_list_and_deregister(kinesis, stream, consumer):
    assert consumer["ConsumerName"] == "reader"
    assert consumer["ConsumerARN"].startswith(ARN + "/consumer/reader:")
    assert consumer["ConsumerStatus"] == "ACTIVE"
    assert consumer["ConsumerCreationTimestamp"].tzinfo is not None
    described = kinesis.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])["ConsumerDescription"]
    assert described == {**consumer, "StreamARN": ARN}
    assert kinesis.describe_stream_consumer(StreamARN=ARN, ConsumerName="reader")["ConsumerDescription"] == described
    for name in ["b", "a", "c"]:
        kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName=name)
    page = kinesis.list_stream_consumers(StreamARN=ARN, MaxResults=2)
    assert [c["ConsumerName"] for c in page["Consumers"]] == ["a", "b"]
    pages = list(kinesis.get_paginator("list_stream_consumers").paginate(StreamARN=ARN, PaginationConfig={"PageSize": 3}))
    assert [c["ConsumerName"] for p in pages for c in p["Consumers"]] == ["a", "b", "c", "reader"]
    assert kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["ConsumerCount"] == 4
    kinesis.deregister_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
    kinesis.deregister_stream_consumer(StreamARN=ARN, ConsumerName="a")
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])
    assert [c["ConsumerName"] for c in kinesis.list_stream_consumers(StreamARN=ARN)["Consumers"]] == ["b", "c"]


def test_consumer_mistakes_get_kinesis_codes(kinesis, stream, consumer):
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="reader")
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.register_stream_consumer(StreamARN=ARN.replace("test-stream", "nope"), ConsumerName="x")
    with pytest.raises(kinesis.exceptions.ValidationException):
        kinesis.register_stream_consumer(StreamARN="arn:aws:s3:::bucket", ConsumerName="x")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.describe_stream_consumer(ConsumerName="reader")
    with pytest.raises(ParamValidationError):
        kinesis.register_stream_consumer(StreamARN=ARN)
    for i in range(19):
        kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName=f"c{i}")
    with pytest.raises(kinesis.exceptions.LimitExceededException):
        kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="one-too-many")


def test_events_push_records_as_they_arrive_with_continuation_numbers(kinesis, stream, consumer):
    first = to_shard0(kinesis, stream, b"before")
    events = subscribe(kinesis, consumer)
    got, continuations = [], []

    def produce():
        for i in range(5):
            time.sleep(0.05)
            to_shard0(kinesis, stream, f"after-{i}".encode())

    producer = threading.Thread(target=produce)
    producer.start()
    with events:
        for event in events:
            assert set(event) == {"SubscribeToShardEvent"}
            e = event["SubscribeToShardEvent"]
            assert set(e) >= {"Records", "ContinuationSequenceNumber", "MillisBehindLatest"}
            got += e["Records"]
            continuations.append(e["ContinuationSequenceNumber"])
            if len(got) == 6:
                break
    producer.join()
    assert [r["Data"] for r in got] == [b"before"] + [f"after-{i}".encode() for i in range(5)]
    assert got[0]["SequenceNumber"] == first["SequenceNumber"]
    assert continuations[-1] == got[-1]["SequenceNumber"]
    assert set(got[0]) == {"SequenceNumber", "ApproximateArrivalTimestamp", "Data", "PartitionKey"}
    # Resubscribing after the continuation number repeats nothing.
    to_shard0(kinesis, stream, b"next")
    deadline = time.monotonic() + 10
    while True:
        try:
            again = subscribe(kinesis, consumer, "AFTER_SEQUENCE_NUMBER", SequenceNumber=continuations[-1])
            break
        except kinesis.exceptions.ResourceInUseException:
            # The closed subscription is still being torn down on the server.
            assert time.monotonic() < deadline
            time.sleep(0.1)
    with again:
        event = next(iter(again))["SubscribeToShardEvent"]
    assert [r["Data"] for r in event["Records"]] == [b"next"]


def test_closing_a_subscription_from_another_thread_ends_the_wait_and_frees_it(kinesis, stream, consumer):
    events = subscribe(kinesis, consumer, "LATEST")
    seen = []

    def consume():
        for event in events:
            seen.append(event)

    reader = threading.Thread(target=consume)
    reader.start()
    time.sleep(0.3)
    assert reader.is_alive(), "nothing arrived, so the reader waits"
    started = time.monotonic()
    events.close()
    reader.join(timeout=5)
    assert not reader.is_alive() and time.monotonic() - started < 2
    assert seen == []
    deadline = time.monotonic() + 5
    while True:
        try:
            subscribe(kinesis, consumer).close()
            break
        except kinesis.exceptions.ResourceInUseException:
            assert time.monotonic() < deadline, "the cancelled subscription was never released"
            time.sleep(0.05)


def test_a_second_subscription_within_five_seconds_is_refused(kinesis, stream, consumer):
    with subscribe(kinesis, consumer, "LATEST"):
        with pytest.raises(kinesis.exceptions.ResourceInUseException):
            subscribe(kinesis, consumer, "LATEST")


def test_subscribing_to_the_unknown_fails_at_the_call(kinesis, stream, consumer):
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.subscribe_to_shard(
            ConsumerARN=consumer["ConsumerARN"] + "9", ShardId=SHARD0, StartingPosition={"Type": "LATEST"}
        )
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
        kinesis.subscribe_to_shard(
            ConsumerARN=consumer["ConsumerARN"], ShardId="shardId-000000000009", StartingPosition={"Type": "LATEST"}
        )
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        subscribe(kinesis, consumer, "AT_SEQUENCE_NUMBER")
    with pytest.raises(ParamValidationError, match='Missing required parameter in StartingPosition: "Type"'):
        kinesis.subscribe_to_shard(ConsumerARN=consumer["ConsumerARN"], ShardId=SHARD0, StartingPosition={})


def test_a_closed_shard_ends_its_subscription_naming_the_children(kinesis, stream, consumer):
    to_shard0(kinesis, stream, b"last")
    kinesis.split_shard(StreamName=stream, ShardToSplit=SHARD0, NewStartingHashKey=str(2**126))
    events = [e["SubscribeToShardEvent"] for e in subscribe(kinesis, consumer)]
    assert [r["Data"] for e in events for r in e["Records"]] == [b"last"]
    final = events[-1]
    assert "ContinuationSequenceNumber" not in final
    assert [c["ShardId"] for c in final["ChildShards"]] == ["shardId-000000000002", "shardId-000000000003"]
    assert final["ChildShards"][0]["ParentShards"] == [SHARD0]
