"""The Kinesis client's inputs, error codes and paginators, as botocore's Kinesis model names them.

Only what botocore checks before sending is checked here (types, required
members, minimum lengths and values); the model's other constraints
(patterns, maximums, enumerations) are the service's to report, as a
ValidationException, as Kinesis does.
"""

from __future__ import annotations

from labcloud.clients._base import PaginatorSpec
from labcloud.clients._schema import (
    BLOB, BOOLEAN, STRING, TIMESTAMP,
    Integer, ListOf, MapOf, String, Structure,
)

NAME = String(min_length=1)
POSITIVE = Integer(min_value=1)

# Every code the Kinesis model declares, each a class in client.exceptions,
# and "InternalFailure", what Kinesis answers an internal error with.
ERROR_CODES = (
    "AccessDeniedException", "ExpiredIteratorException", "ExpiredNextTokenException",
    "InternalFailureException", "InvalidArgumentException", "KMSAccessDeniedException",
    "KMSDisabledException", "KMSInvalidStateException", "KMSNotFoundException",
    "KMSOptInRequired", "KMSThrottlingException", "LimitExceededException",
    "ProvisionedThroughputExceededException", "ResourceInUseException",
    "ResourceNotFoundException", "ValidationException", "InternalFailure",
)

# StreamId is in botocore's model as "not implemented, reserved for future use".
_STREAM = {"StreamName": NAME, "StreamARN": NAME, "StreamId": NAME}


def _stream_op(required: tuple[str, ...] = (), **members) -> Structure:
    return Structure({**_STREAM, **members}, required=required)


CREATE_STREAM = Structure({
    "StreamName": NAME,
    "ShardCount": POSITIVE,
    "StreamModeDetails": Structure({"StreamMode": STRING}, required=("StreamMode",)),
    "Tags": MapOf(STRING),
}, required=("StreamName",))
DELETE_STREAM = _stream_op(EnforceConsumerDeletion=BOOLEAN)
DESCRIBE_STREAM = _stream_op(Limit=POSITIVE, ExclusiveStartShardId=NAME)
DESCRIBE_STREAM_SUMMARY = _stream_op()
LIST_STREAMS = Structure({"Limit": POSITIVE, "ExclusiveStartStreamName": NAME, "NextToken": NAME})
LIST_SHARDS = _stream_op(
    NextToken=NAME, ExclusiveStartShardId=NAME, MaxResults=POSITIVE, StreamCreationTimestamp=TIMESTAMP,
    ShardFilter=Structure({"Type": STRING, "ShardId": NAME, "Timestamp": TIMESTAMP}, required=("Type",)),
)
RETENTION = _stream_op(("RetentionPeriodHours",), RetentionPeriodHours=Integer())
UPDATE_SHARD_COUNT = _stream_op(("TargetShardCount", "ScalingType"), TargetShardCount=POSITIVE, ScalingType=STRING)
SPLIT_SHARD = _stream_op(("ShardToSplit", "NewStartingHashKey"), ShardToSplit=NAME, NewStartingHashKey=STRING)
MERGE_SHARDS = _stream_op(("ShardToMerge", "AdjacentShardToMerge"), ShardToMerge=NAME, AdjacentShardToMerge=NAME)
ADD_TAGS = _stream_op(("Tags",), Tags=MapOf(STRING))
REMOVE_TAGS = _stream_op(("TagKeys",), TagKeys=ListOf(NAME, min_length=1))
LIST_TAGS = _stream_op(ExclusiveStartTagKey=NAME, Limit=POSITIVE)

PUT_RECORD = _stream_op(
    ("Data", "PartitionKey"),
    Data=BLOB, PartitionKey=NAME, ExplicitHashKey=STRING, SequenceNumberForOrdering=STRING,
)
PUT_RECORDS = _stream_op(("Records",), Records=ListOf(
    Structure({"Data": BLOB, "ExplicitHashKey": STRING, "PartitionKey": NAME}, required=("Data", "PartitionKey")),
    min_length=1,
))
GET_SHARD_ITERATOR = _stream_op(
    ("ShardId", "ShardIteratorType"),
    ShardId=NAME, ShardIteratorType=STRING, StartingSequenceNumber=STRING, Timestamp=TIMESTAMP,
)
GET_RECORDS = Structure(
    {"ShardIterator": NAME, "Limit": POSITIVE, "StreamARN": NAME, "StreamId": NAME}, required=("ShardIterator",)
)

_CONSUMER = {"StreamARN": NAME, "ConsumerName": NAME, "ConsumerARN": NAME, "StreamId": NAME}
REGISTER_CONSUMER = Structure(
    {"StreamARN": NAME, "ConsumerName": NAME, "StreamId": NAME}, required=("StreamARN", "ConsumerName")
)
DESCRIBE_CONSUMER = Structure(_CONSUMER)
DEREGISTER_CONSUMER = Structure(_CONSUMER)
LIST_CONSUMERS = Structure({
    "StreamARN": NAME, "NextToken": NAME, "MaxResults": POSITIVE,
    "StreamCreationTimestamp": TIMESTAMP, "StreamId": NAME,
}, required=("StreamARN",))
SUBSCRIBE_TO_SHARD = Structure({
    "ConsumerARN": NAME, "ShardId": NAME, "StreamId": NAME,
    "StartingPosition": Structure(
        {"Type": STRING, "SequenceNumber": STRING, "Timestamp": TIMESTAMP}, required=("Type",)
    ),
}, required=("ConsumerARN", "ShardId", "StartingPosition"))

PAGINATORS = {
    "describe_stream": PaginatorSpec(
        ("ExclusiveStartShardId",), ("StreamDescription.Shards[-1].ShardId",), "Limit",
        more_results="StreamDescription.HasMoreShards",
    ),
    "list_streams": PaginatorSpec(("NextToken",), ("NextToken",), "Limit", more_results="HasMoreStreams"),
    # A NextToken names its stream: Kinesis refuses StreamName and the rest
    # beside one (botocore's own paginator sends them and fails on a second page).
    "list_shards": PaginatorSpec(
        ("NextToken",), ("NextToken",), "MaxResults", more_results=None,
        exclusive_with_token=("StreamName", "StreamARN", "ExclusiveStartShardId", "StreamCreationTimestamp"),
    ),
    "list_stream_consumers": PaginatorSpec(
        ("NextToken",), ("NextToken",), "MaxResults", more_results=None,
        exclusive_with_token=("StreamCreationTimestamp",),
    ),
}
