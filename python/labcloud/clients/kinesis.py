"""The Kinesis client: boto3's ``client("kinesis")`` methods over labcloud's Kinesis service.

Each method turns boto3's keyword arguments into the request message and
the response message into boto3's dict, nothing more: Kinesis's rules
(routing, sequence numbers, limits, iterators, resharding) are the engine's,
so both transports answer alike. The dicts follow what botocore parses out
of Kinesis's JSON responses: keys Kinesis leaves out stay out, ``Data`` is
bytes, timestamps are aware UTC datetimes to the millisecond.
``subscribe_to_shard`` returns ``{"EventStream": ...}`` whose iteration
yields ``{"SubscribeToShardEvent": {...}}`` as records are pushed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from labcloud._proto.labcloud.kinesis.v1 import kinesis_pb2 as pb
from labcloud._transport import Messages
from labcloud.clients import _kinesis_shapes as shapes
from labcloud.clients._base import BaseClient, ServiceExceptions, operation, response_metadata
from labcloud.clients._schema import aware_datetime

__all__ = ["EventStream", "KinesisClient", "WaiterError"]

_HEADERS = {"content-type": "application/x-amz-json-1.1"}


class KinesisClient(BaseClient):
    SERVICE_NAME = "kinesis"
    METHOD_PREFIX = f"/{pb.DESCRIPTOR.services_by_name['KinesisService'].full_name}/"
    EXCEPTIONS = ServiceExceptions(shapes.ERROR_CODES)
    PAGINATORS = shapes.PAGINATORS

    # Streams

    @operation(shapes.CREATE_STREAM)
    def create_stream(self, p: dict) -> dict:
        request = pb.CreateStreamRequest(
            stream_name=p["StreamName"], shard_count=p.get("ShardCount"),
            stream_mode=p.get("StreamModeDetails", {}).get("StreamMode", ""), tags=p.get("Tags", {}),
        )
        self._unary("CreateStream", request, pb.CreateStreamResponse)
        return _response({})

    @operation(shapes.DELETE_STREAM)
    def delete_stream(self, p: dict) -> dict:
        request = pb.DeleteStreamRequest(
            **_stream(p), enforce_consumer_deletion=p.get("EnforceConsumerDeletion", False)
        )
        self._unary("DeleteStream", request, pb.DeleteStreamResponse)
        return _response({})

    @operation(shapes.DESCRIBE_STREAM)
    def describe_stream(self, p: dict) -> dict:
        request = pb.DescribeStreamRequest(
            **_stream(p), limit=p.get("Limit"), exclusive_start_shard_id=p.get("ExclusiveStartShardId", "")
        )
        d = self._unary("DescribeStream", request, pb.DescribeStreamResponse).stream_description
        return _response({"StreamDescription": {
            "StreamName": d.stream_name, "StreamARN": d.stream_arn, "StreamStatus": d.stream_status,
            "StreamModeDetails": {"StreamMode": d.stream_mode},
            "Shards": [_shard(s) for s in d.shards], "HasMoreShards": d.has_more_shards,
            "RetentionPeriodHours": d.retention_period_hours,
            "StreamCreationTimestamp": _time(d.stream_creation_timestamp),
            "EnhancedMonitoring": [{"ShardLevelMetrics": []}], "EncryptionType": d.encryption_type,
        }})

    @operation(shapes.DESCRIBE_STREAM_SUMMARY)
    def describe_stream_summary(self, p: dict) -> dict:
        r = self._unary("DescribeStreamSummary", pb.DescribeStreamSummaryRequest(**_stream(p)),
                        pb.DescribeStreamSummaryResponse)
        s = r.stream_description_summary
        return _response({"StreamDescriptionSummary": {
            "StreamName": s.stream_name, "StreamARN": s.stream_arn, "StreamStatus": s.stream_status,
            "StreamModeDetails": {"StreamMode": s.stream_mode},
            "RetentionPeriodHours": s.retention_period_hours,
            "StreamCreationTimestamp": _time(s.stream_creation_timestamp),
            "EnhancedMonitoring": [{"ShardLevelMetrics": []}], "EncryptionType": s.encryption_type,
            "OpenShardCount": s.open_shard_count, "ConsumerCount": s.consumer_count,
        }})

    @operation(shapes.LIST_STREAMS)
    def list_streams(self, p: dict) -> dict:
        request = pb.ListStreamsRequest(
            limit=p.get("Limit"), exclusive_start_stream_name=p.get("ExclusiveStartStreamName", ""),
            next_token=p.get("NextToken", ""),
        )
        r = self._unary("ListStreams", request, pb.ListStreamsResponse)
        summaries = [
            {
                "StreamName": s.stream_name, "StreamARN": s.stream_arn, "StreamStatus": s.stream_status,
                "StreamModeDetails": {"StreamMode": s.stream_mode},
                "StreamCreationTimestamp": _time(s.stream_creation_timestamp),
            }
            for s in r.stream_summaries
        ]
        return _response({
            "StreamNames": list(r.stream_names), "HasMoreStreams": r.has_more_streams,
            **_present(NextToken=r.next_token), "StreamSummaries": summaries,
        })

    @operation(shapes.LIST_SHARDS)
    def list_shards(self, p: dict) -> dict:
        f = p.get("ShardFilter")
        request = pb.ListShardsRequest(
            **_stream(p), next_token=p.get("NextToken", ""),
            exclusive_start_shard_id=p.get("ExclusiveStartShardId", ""), max_results=p.get("MaxResults"),
            stream_creation_timestamp=_timestamp(p.get("StreamCreationTimestamp")),
            shard_filter=None if f is None else pb.ShardFilter(
                type=f["Type"], shard_id=f.get("ShardId", ""), timestamp=_timestamp(f.get("Timestamp")),
            ),
        )
        r = self._unary("ListShards", request, pb.ListShardsResponse)
        return _response({"Shards": [_shard(s) for s in r.shards], **_present(NextToken=r.next_token)})

    @operation(shapes.RETENTION)
    def increase_stream_retention_period(self, p: dict) -> dict:
        request = pb.IncreaseStreamRetentionPeriodRequest(
            **_stream(p), retention_period_hours=p["RetentionPeriodHours"]
        )
        self._unary("IncreaseStreamRetentionPeriod", request, pb.IncreaseStreamRetentionPeriodResponse)
        return _response({})

    @operation(shapes.RETENTION)
    def decrease_stream_retention_period(self, p: dict) -> dict:
        request = pb.DecreaseStreamRetentionPeriodRequest(
            **_stream(p), retention_period_hours=p["RetentionPeriodHours"]
        )
        self._unary("DecreaseStreamRetentionPeriod", request, pb.DecreaseStreamRetentionPeriodResponse)
        return _response({})

    @operation(shapes.UPDATE_SHARD_COUNT)
    def update_shard_count(self, p: dict) -> dict:
        request = pb.UpdateShardCountRequest(
            **_stream(p), target_shard_count=p["TargetShardCount"], scaling_type=p["ScalingType"]
        )
        r = self._unary("UpdateShardCount", request, pb.UpdateShardCountResponse)
        return _response({
            "StreamName": r.stream_name, "CurrentShardCount": r.current_shard_count,
            "TargetShardCount": r.target_shard_count, "StreamARN": r.stream_arn,
        })

    @operation(shapes.SPLIT_SHARD)
    def split_shard(self, p: dict) -> dict:
        request = pb.SplitShardRequest(
            **_stream(p), shard_to_split=p["ShardToSplit"], new_starting_hash_key=p["NewStartingHashKey"]
        )
        self._unary("SplitShard", request, pb.SplitShardResponse)
        return _response({})

    @operation(shapes.MERGE_SHARDS)
    def merge_shards(self, p: dict) -> dict:
        request = pb.MergeShardsRequest(
            **_stream(p), shard_to_merge=p["ShardToMerge"], adjacent_shard_to_merge=p["AdjacentShardToMerge"]
        )
        self._unary("MergeShards", request, pb.MergeShardsResponse)
        return _response({})

    @operation(shapes.ADD_TAGS)
    def add_tags_to_stream(self, p: dict) -> dict:
        self._unary("AddTagsToStream", pb.AddTagsToStreamRequest(**_stream(p), tags=p["Tags"]),
                    pb.AddTagsToStreamResponse)
        return _response({})

    @operation(shapes.REMOVE_TAGS)
    def remove_tags_from_stream(self, p: dict) -> dict:
        self._unary("RemoveTagsFromStream", pb.RemoveTagsFromStreamRequest(**_stream(p), tag_keys=p["TagKeys"]),
                    pb.RemoveTagsFromStreamResponse)
        return _response({})

    @operation(shapes.LIST_TAGS)
    def list_tags_for_stream(self, p: dict) -> dict:
        request = pb.ListTagsForStreamRequest(
            **_stream(p), exclusive_start_tag_key=p.get("ExclusiveStartTagKey", ""), limit=p.get("Limit")
        )
        r = self._unary("ListTagsForStream", request, pb.ListTagsForStreamResponse)
        return _response({"Tags": [{"Key": t.key, "Value": t.value} for t in r.tags], "HasMoreTags": r.has_more_tags})

    # Records

    @operation(shapes.PUT_RECORD)
    def put_record(self, p: dict) -> dict:
        request = pb.PutRecordRequest(
            **_stream(p), data=_data(p["Data"]), partition_key=p["PartitionKey"],
            explicit_hash_key=p.get("ExplicitHashKey"),
            sequence_number_for_ordering=p.get("SequenceNumberForOrdering", ""),
        )
        r = self._unary("PutRecord", request, pb.PutRecordResponse)
        return _response({"ShardId": r.shard_id, "SequenceNumber": r.sequence_number})

    @operation(shapes.PUT_RECORDS)
    def put_records(self, p: dict) -> dict:
        entries = [
            pb.PutRecordsRequestEntry(
                data=_data(e["Data"]), partition_key=e["PartitionKey"], explicit_hash_key=e.get("ExplicitHashKey"),
            )
            for e in p["Records"]
        ]
        r = self._unary("PutRecords", pb.PutRecordsRequest(**_stream(p), records=entries), pb.PutRecordsResponse)
        records = [
            {"ErrorCode": e.error_code, "ErrorMessage": e.error_message} if e.error_code
            else {"SequenceNumber": e.sequence_number, "ShardId": e.shard_id}
            for e in r.records
        ]
        return _response({"FailedRecordCount": r.failed_record_count, "Records": records})

    @operation(shapes.GET_SHARD_ITERATOR)
    def get_shard_iterator(self, p: dict) -> dict:
        request = pb.GetShardIteratorRequest(
            **_stream(p), shard_id=p["ShardId"], shard_iterator_type=p["ShardIteratorType"],
            starting_sequence_number=p.get("StartingSequenceNumber", ""), timestamp=_timestamp(p.get("Timestamp")),
        )
        r = self._unary("GetShardIterator", request, pb.GetShardIteratorResponse)
        return _response({"ShardIterator": r.shard_iterator})

    @operation(shapes.GET_RECORDS)
    def get_records(self, p: dict) -> dict:
        request = pb.GetRecordsRequest(
            shard_iterator=p["ShardIterator"], limit=p.get("Limit"), stream_arn=p.get("StreamARN", "")
        )
        r = self._unary("GetRecords", request, pb.GetRecordsResponse)
        return _response({
            "Records": _records(r.records),
            **({"NextShardIterator": r.next_shard_iterator} if r.HasField("next_shard_iterator") else {}),
            "MillisBehindLatest": r.millis_behind_latest,
            **_present(ChildShards=[_child(c) for c in r.child_shards]),
        })

    # Enhanced fan-out

    @operation(shapes.REGISTER_CONSUMER)
    def register_stream_consumer(self, p: dict) -> dict:
        request = pb.RegisterStreamConsumerRequest(stream_arn=p["StreamARN"], consumer_name=p["ConsumerName"])
        r = self._unary("RegisterStreamConsumer", request, pb.RegisterStreamConsumerResponse)
        return _response({"Consumer": _consumer(r.consumer)})

    @operation(shapes.DESCRIBE_CONSUMER)
    def describe_stream_consumer(self, p: dict) -> dict:
        r = self._unary("DescribeStreamConsumer", pb.DescribeStreamConsumerRequest(**_consumer_ref(p)),
                        pb.DescribeStreamConsumerResponse)
        c = r.consumer_description
        return _response({"ConsumerDescription": {**_consumer(c), "StreamARN": c.stream_arn}})

    @operation(shapes.LIST_CONSUMERS)
    def list_stream_consumers(self, p: dict) -> dict:
        request = pb.ListStreamConsumersRequest(
            stream_arn=p["StreamARN"], next_token=p.get("NextToken", ""), max_results=p.get("MaxResults"),
            stream_creation_timestamp=_timestamp(p.get("StreamCreationTimestamp")),
        )
        r = self._unary("ListStreamConsumers", request, pb.ListStreamConsumersResponse)
        return _response({"Consumers": [_consumer(c) for c in r.consumers], **_present(NextToken=r.next_token)})

    @operation(shapes.DEREGISTER_CONSUMER)
    def deregister_stream_consumer(self, p: dict) -> dict:
        self._unary("DeregisterStreamConsumer", pb.DeregisterStreamConsumerRequest(**_consumer_ref(p)),
                    pb.DeregisterStreamConsumerResponse)
        return _response({})

    @operation(shapes.SUBSCRIBE_TO_SHARD)
    def subscribe_to_shard(self, p: dict) -> dict:
        start = p["StartingPosition"]
        request = pb.SubscribeToShardRequest(
            consumer_arn=p["ConsumerARN"], shard_id=p["ShardId"],
            starting_position=pb.StartingPosition(
                type=start["Type"], sequence_number=start.get("SequenceNumber", ""),
                timestamp=_timestamp(start.get("Timestamp")),
            ),
        )
        return _response({"EventStream": EventStream(self._stream("SubscribeToShard", request))})

    # Waiters

    def get_waiter(self, waiter_name: str) -> Waiter:
        """botocore's Kinesis waiters: ``stream_exists`` and ``stream_not_exists``."""
        if waiter_name not in _WAITERS:
            raise ValueError(f"Waiter does not exist: {waiter_name}")
        return Waiter(self, waiter_name)


class EventStream:
    """A subscription's events, as boto3's EventStream yields them:
    ``{"SubscribeToShardEvent": {...}}`` per event. Iterating waits for the
    next event; the iteration ends when the subscription does (after 5
    minutes, or at the end of a closed shard). ``close()`` (or leaving a
    ``with`` block) ends it early."""

    def __init__(self, messages: Messages):
        self._messages = messages

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for raw in self._messages:
            e = pb.SubscribeToShardEvent.FromString(raw)
            yield {"SubscribeToShardEvent": {
                "Records": _records(e.records),
                **_present(ContinuationSequenceNumber=e.continuation_sequence_number),
                "MillisBehindLatest": e.millis_behind_latest,
                **_present(ChildShards=[_child(c) for c in e.child_shards]),
            }}

    def close(self) -> None:
        self._messages.close()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class WaiterError(Exception):
    """A waiter gave up, as botocore's WaiterError."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"Waiter {name} failed: {reason}")
        self.name = name


# name -> (botocore's waiter name, success when the stream exists?)
_WAITERS = {"stream_exists": ("StreamExists", True), "stream_not_exists": ("StreamNotExists", False)}


class Waiter:
    """Polls DescribeStream as botocore's waiter does (every 10 s, 18 times by default)."""

    def __init__(self, client: KinesisClient, name: str):
        self._client = client
        self.name, self._wants_stream = _WAITERS[name]

    def wait(self, *, WaiterConfig: Mapping[str, Any] | None = None, **params: Any) -> None:
        config = dict(WaiterConfig or {})
        delay, attempts = config.get("Delay", 10), config.get("MaxAttempts", 18)
        for attempt in range(attempts):
            try:
                status = self._client.describe_stream(**params)["StreamDescription"]["StreamStatus"]
                done = self._wants_stream and status == "ACTIVE"
            except self._client.exceptions.ResourceNotFoundException:
                done = not self._wants_stream
            if done:
                return
            if attempt + 1 < attempts:
                time.sleep(delay)
        raise WaiterError(self.name, "Max attempts exceeded")


# Requests


def _stream(p: Mapping[str, Any]) -> dict[str, str]:
    return {"stream_name": p.get("StreamName", ""), "stream_arn": p.get("StreamARN", "")}


def _consumer_ref(p: Mapping[str, Any]) -> dict[str, str]:
    return {
        "stream_arn": p.get("StreamARN", ""), "consumer_name": p.get("ConsumerName", ""),
        "consumer_arn": p.get("ConsumerARN", ""),
    }


def _data(value: Any) -> bytes:
    """A Data blob as botocore takes it: bytes-like, a str (UTF-8) or a file-like object."""
    if isinstance(value, str):
        return value.encode()
    if hasattr(value, "read"):
        data = value.read()
        return data.encode() if isinstance(data, str) else data
    return bytes(value)


def _timestamp(value: Any) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(aware_datetime(value))
    return ts


# Responses


def _response(body: dict[str, Any]) -> dict[str, Any]:
    return {**body, "ResponseMetadata": response_metadata(200, _HEADERS)}


def _present(**values: Any) -> dict[str, Any]:
    """The values Kinesis would send: empty strings and lists are left out."""
    return {k: v for k, v in values.items() if v not in ("", None, [])}


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _time(ts: Timestamp) -> dt.datetime:
    """Kinesis sends epoch seconds to the millisecond."""
    return _EPOCH + dt.timedelta(seconds=ts.seconds, milliseconds=ts.nanos // 1_000_000)


def _range(r: pb.HashKeyRange) -> dict[str, str]:
    return {"StartingHashKey": r.starting_hash_key, "EndingHashKey": r.ending_hash_key}


def _shard(s: pb.Shard) -> dict[str, Any]:
    return {
        "ShardId": s.shard_id,
        **_present(ParentShardId=s.parent_shard_id, AdjacentParentShardId=s.adjacent_parent_shard_id),
        "HashKeyRange": _range(s.hash_key_range),
        "SequenceNumberRange": {
            "StartingSequenceNumber": s.sequence_number_range.starting_sequence_number,
            **_present(EndingSequenceNumber=s.sequence_number_range.ending_sequence_number),
        },
    }


def _child(c: pb.ChildShard) -> dict[str, Any]:
    return {"ShardId": c.shard_id, "ParentShards": list(c.parent_shards), "HashKeyRange": _range(c.hash_key_range)}


def _records(records: Iterable[pb.Record]) -> list[dict[str, Any]]:
    out = []
    # Records written together share their arrival time: convert it once.
    last: tuple[int, int] | None = None
    arrived = _EPOCH
    for r in records:
        ts = r.approximate_arrival_timestamp
        if (ts.seconds, ts.nanos) != last:
            last, arrived = (ts.seconds, ts.nanos), _time(ts)
        out.append({
            "SequenceNumber": r.sequence_number, "ApproximateArrivalTimestamp": arrived,
            "Data": r.data, "PartitionKey": r.partition_key,
        })
    return out


def _consumer(c: pb.Consumer) -> dict[str, Any]:
    return {
        "ConsumerName": c.consumer_name, "ConsumerARN": c.consumer_arn, "ConsumerStatus": c.consumer_status,
        "ConsumerCreationTimestamp": _time(c.consumer_creation_timestamp),
    }
