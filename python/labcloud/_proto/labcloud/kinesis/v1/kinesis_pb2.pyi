import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HashKeyRange(_message.Message):
    __slots__ = ("starting_hash_key", "ending_hash_key")
    STARTING_HASH_KEY_FIELD_NUMBER: _ClassVar[int]
    ENDING_HASH_KEY_FIELD_NUMBER: _ClassVar[int]
    starting_hash_key: str
    ending_hash_key: str
    def __init__(self, starting_hash_key: _Optional[str] = ..., ending_hash_key: _Optional[str] = ...) -> None: ...

class SequenceNumberRange(_message.Message):
    __slots__ = ("starting_sequence_number", "ending_sequence_number")
    STARTING_SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ENDING_SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    starting_sequence_number: str
    ending_sequence_number: str
    def __init__(self, starting_sequence_number: _Optional[str] = ..., ending_sequence_number: _Optional[str] = ...) -> None: ...

class Shard(_message.Message):
    __slots__ = ("shard_id", "parent_shard_id", "adjacent_parent_shard_id", "hash_key_range", "sequence_number_range")
    SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    ADJACENT_PARENT_SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    HASH_KEY_RANGE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_RANGE_FIELD_NUMBER: _ClassVar[int]
    shard_id: str
    parent_shard_id: str
    adjacent_parent_shard_id: str
    hash_key_range: HashKeyRange
    sequence_number_range: SequenceNumberRange
    def __init__(self, shard_id: _Optional[str] = ..., parent_shard_id: _Optional[str] = ..., adjacent_parent_shard_id: _Optional[str] = ..., hash_key_range: _Optional[_Union[HashKeyRange, _Mapping]] = ..., sequence_number_range: _Optional[_Union[SequenceNumberRange, _Mapping]] = ...) -> None: ...

class ChildShard(_message.Message):
    __slots__ = ("shard_id", "parent_shards", "hash_key_range")
    SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_SHARDS_FIELD_NUMBER: _ClassVar[int]
    HASH_KEY_RANGE_FIELD_NUMBER: _ClassVar[int]
    shard_id: str
    parent_shards: _containers.RepeatedScalarFieldContainer[str]
    hash_key_range: HashKeyRange
    def __init__(self, shard_id: _Optional[str] = ..., parent_shards: _Optional[_Iterable[str]] = ..., hash_key_range: _Optional[_Union[HashKeyRange, _Mapping]] = ...) -> None: ...

class StreamSummary(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "stream_status", "stream_mode", "stream_creation_timestamp")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    STREAM_STATUS_FIELD_NUMBER: _ClassVar[int]
    STREAM_MODE_FIELD_NUMBER: _ClassVar[int]
    STREAM_CREATION_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    stream_status: str
    stream_mode: str
    stream_creation_timestamp: _timestamp_pb2.Timestamp
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., stream_status: _Optional[str] = ..., stream_mode: _Optional[str] = ..., stream_creation_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StreamDescriptionSummary(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "stream_status", "stream_mode", "retention_period_hours", "stream_creation_timestamp", "open_shard_count", "consumer_count", "encryption_type")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    STREAM_STATUS_FIELD_NUMBER: _ClassVar[int]
    STREAM_MODE_FIELD_NUMBER: _ClassVar[int]
    RETENTION_PERIOD_HOURS_FIELD_NUMBER: _ClassVar[int]
    STREAM_CREATION_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    OPEN_SHARD_COUNT_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_COUNT_FIELD_NUMBER: _ClassVar[int]
    ENCRYPTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    stream_status: str
    stream_mode: str
    retention_period_hours: int
    stream_creation_timestamp: _timestamp_pb2.Timestamp
    open_shard_count: int
    consumer_count: int
    encryption_type: str
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., stream_status: _Optional[str] = ..., stream_mode: _Optional[str] = ..., retention_period_hours: _Optional[int] = ..., stream_creation_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., open_shard_count: _Optional[int] = ..., consumer_count: _Optional[int] = ..., encryption_type: _Optional[str] = ...) -> None: ...

class StreamDescription(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "stream_status", "stream_mode", "shards", "has_more_shards", "retention_period_hours", "stream_creation_timestamp", "encryption_type")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    STREAM_STATUS_FIELD_NUMBER: _ClassVar[int]
    STREAM_MODE_FIELD_NUMBER: _ClassVar[int]
    SHARDS_FIELD_NUMBER: _ClassVar[int]
    HAS_MORE_SHARDS_FIELD_NUMBER: _ClassVar[int]
    RETENTION_PERIOD_HOURS_FIELD_NUMBER: _ClassVar[int]
    STREAM_CREATION_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    ENCRYPTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    stream_status: str
    stream_mode: str
    shards: _containers.RepeatedCompositeFieldContainer[Shard]
    has_more_shards: bool
    retention_period_hours: int
    stream_creation_timestamp: _timestamp_pb2.Timestamp
    encryption_type: str
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., stream_status: _Optional[str] = ..., stream_mode: _Optional[str] = ..., shards: _Optional[_Iterable[_Union[Shard, _Mapping]]] = ..., has_more_shards: bool = ..., retention_period_hours: _Optional[int] = ..., stream_creation_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., encryption_type: _Optional[str] = ...) -> None: ...

class Record(_message.Message):
    __slots__ = ("sequence_number", "approximate_arrival_timestamp", "data", "partition_key")
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    APPROXIMATE_ARRIVAL_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    PARTITION_KEY_FIELD_NUMBER: _ClassVar[int]
    sequence_number: str
    approximate_arrival_timestamp: _timestamp_pb2.Timestamp
    data: bytes
    partition_key: str
    def __init__(self, sequence_number: _Optional[str] = ..., approximate_arrival_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., data: _Optional[bytes] = ..., partition_key: _Optional[str] = ...) -> None: ...

class Consumer(_message.Message):
    __slots__ = ("consumer_name", "consumer_arn", "consumer_status", "consumer_creation_timestamp", "stream_arn")
    CONSUMER_NAME_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ARN_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_STATUS_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_CREATION_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    consumer_name: str
    consumer_arn: str
    consumer_status: str
    consumer_creation_timestamp: _timestamp_pb2.Timestamp
    stream_arn: str
    def __init__(self, consumer_name: _Optional[str] = ..., consumer_arn: _Optional[str] = ..., consumer_status: _Optional[str] = ..., consumer_creation_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stream_arn: _Optional[str] = ...) -> None: ...

class CreateStreamRequest(_message.Message):
    __slots__ = ("stream_name", "shard_count", "stream_mode", "tags")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    SHARD_COUNT_FIELD_NUMBER: _ClassVar[int]
    STREAM_MODE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    shard_count: int
    stream_mode: str
    tags: _containers.ScalarMap[str, str]
    def __init__(self, stream_name: _Optional[str] = ..., shard_count: _Optional[int] = ..., stream_mode: _Optional[str] = ..., tags: _Optional[_Mapping[str, str]] = ...) -> None: ...

class CreateStreamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DeleteStreamRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "enforce_consumer_deletion")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    ENFORCE_CONSUMER_DELETION_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    enforce_consumer_deletion: bool
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., enforce_consumer_deletion: bool = ...) -> None: ...

class DeleteStreamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DescribeStreamRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "limit", "exclusive_start_shard_id")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_START_SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    limit: int
    exclusive_start_shard_id: str
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., limit: _Optional[int] = ..., exclusive_start_shard_id: _Optional[str] = ...) -> None: ...

class DescribeStreamResponse(_message.Message):
    __slots__ = ("stream_description",)
    STREAM_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    stream_description: StreamDescription
    def __init__(self, stream_description: _Optional[_Union[StreamDescription, _Mapping]] = ...) -> None: ...

class DescribeStreamSummaryRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ...) -> None: ...

class DescribeStreamSummaryResponse(_message.Message):
    __slots__ = ("stream_description_summary",)
    STREAM_DESCRIPTION_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    stream_description_summary: StreamDescriptionSummary
    def __init__(self, stream_description_summary: _Optional[_Union[StreamDescriptionSummary, _Mapping]] = ...) -> None: ...

class ListStreamsRequest(_message.Message):
    __slots__ = ("limit", "exclusive_start_stream_name", "next_token")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_START_STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    NEXT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    limit: int
    exclusive_start_stream_name: str
    next_token: str
    def __init__(self, limit: _Optional[int] = ..., exclusive_start_stream_name: _Optional[str] = ..., next_token: _Optional[str] = ...) -> None: ...

class ListStreamsResponse(_message.Message):
    __slots__ = ("stream_names", "has_more_streams", "next_token", "stream_summaries")
    STREAM_NAMES_FIELD_NUMBER: _ClassVar[int]
    HAS_MORE_STREAMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STREAM_SUMMARIES_FIELD_NUMBER: _ClassVar[int]
    stream_names: _containers.RepeatedScalarFieldContainer[str]
    has_more_streams: bool
    next_token: str
    stream_summaries: _containers.RepeatedCompositeFieldContainer[StreamSummary]
    def __init__(self, stream_names: _Optional[_Iterable[str]] = ..., has_more_streams: bool = ..., next_token: _Optional[str] = ..., stream_summaries: _Optional[_Iterable[_Union[StreamSummary, _Mapping]]] = ...) -> None: ...

class ShardFilter(_message.Message):
    __slots__ = ("type", "shard_id", "timestamp")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    type: str
    shard_id: str
    timestamp: _timestamp_pb2.Timestamp
    def __init__(self, type: _Optional[str] = ..., shard_id: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListShardsRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "next_token", "exclusive_start_shard_id", "max_results", "stream_creation_timestamp", "shard_filter")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    NEXT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_START_SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    STREAM_CREATION_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    SHARD_FILTER_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    next_token: str
    exclusive_start_shard_id: str
    max_results: int
    stream_creation_timestamp: _timestamp_pb2.Timestamp
    shard_filter: ShardFilter
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., next_token: _Optional[str] = ..., exclusive_start_shard_id: _Optional[str] = ..., max_results: _Optional[int] = ..., stream_creation_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., shard_filter: _Optional[_Union[ShardFilter, _Mapping]] = ...) -> None: ...

class ListShardsResponse(_message.Message):
    __slots__ = ("shards", "next_token")
    SHARDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    shards: _containers.RepeatedCompositeFieldContainer[Shard]
    next_token: str
    def __init__(self, shards: _Optional[_Iterable[_Union[Shard, _Mapping]]] = ..., next_token: _Optional[str] = ...) -> None: ...

class IncreaseStreamRetentionPeriodRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "retention_period_hours")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    RETENTION_PERIOD_HOURS_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    retention_period_hours: int
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., retention_period_hours: _Optional[int] = ...) -> None: ...

class IncreaseStreamRetentionPeriodResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DecreaseStreamRetentionPeriodRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "retention_period_hours")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    RETENTION_PERIOD_HOURS_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    retention_period_hours: int
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., retention_period_hours: _Optional[int] = ...) -> None: ...

class DecreaseStreamRetentionPeriodResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpdateShardCountRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "target_shard_count", "scaling_type")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    TARGET_SHARD_COUNT_FIELD_NUMBER: _ClassVar[int]
    SCALING_TYPE_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    target_shard_count: int
    scaling_type: str
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., target_shard_count: _Optional[int] = ..., scaling_type: _Optional[str] = ...) -> None: ...

class UpdateShardCountResponse(_message.Message):
    __slots__ = ("stream_name", "current_shard_count", "target_shard_count", "stream_arn")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    CURRENT_SHARD_COUNT_FIELD_NUMBER: _ClassVar[int]
    TARGET_SHARD_COUNT_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    current_shard_count: int
    target_shard_count: int
    stream_arn: str
    def __init__(self, stream_name: _Optional[str] = ..., current_shard_count: _Optional[int] = ..., target_shard_count: _Optional[int] = ..., stream_arn: _Optional[str] = ...) -> None: ...

class SplitShardRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "shard_to_split", "new_starting_hash_key")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    SHARD_TO_SPLIT_FIELD_NUMBER: _ClassVar[int]
    NEW_STARTING_HASH_KEY_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    shard_to_split: str
    new_starting_hash_key: str
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., shard_to_split: _Optional[str] = ..., new_starting_hash_key: _Optional[str] = ...) -> None: ...

class SplitShardResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MergeShardsRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "shard_to_merge", "adjacent_shard_to_merge")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    SHARD_TO_MERGE_FIELD_NUMBER: _ClassVar[int]
    ADJACENT_SHARD_TO_MERGE_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    shard_to_merge: str
    adjacent_shard_to_merge: str
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., shard_to_merge: _Optional[str] = ..., adjacent_shard_to_merge: _Optional[str] = ...) -> None: ...

class MergeShardsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class AddTagsToStreamRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "tags")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    tags: _containers.ScalarMap[str, str]
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., tags: _Optional[_Mapping[str, str]] = ...) -> None: ...

class AddTagsToStreamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RemoveTagsFromStreamRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "tag_keys")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    TAG_KEYS_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    tag_keys: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., tag_keys: _Optional[_Iterable[str]] = ...) -> None: ...

class RemoveTagsFromStreamResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTagsForStreamRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "exclusive_start_tag_key", "limit")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    EXCLUSIVE_START_TAG_KEY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    exclusive_start_tag_key: str
    limit: int
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., exclusive_start_tag_key: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class Tag(_message.Message):
    __slots__ = ("key", "value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: str
    def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class ListTagsForStreamResponse(_message.Message):
    __slots__ = ("tags", "has_more_tags")
    TAGS_FIELD_NUMBER: _ClassVar[int]
    HAS_MORE_TAGS_FIELD_NUMBER: _ClassVar[int]
    tags: _containers.RepeatedCompositeFieldContainer[Tag]
    has_more_tags: bool
    def __init__(self, tags: _Optional[_Iterable[_Union[Tag, _Mapping]]] = ..., has_more_tags: bool = ...) -> None: ...

class PutRecordRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "data", "partition_key", "explicit_hash_key", "sequence_number_for_ordering")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    PARTITION_KEY_FIELD_NUMBER: _ClassVar[int]
    EXPLICIT_HASH_KEY_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_FOR_ORDERING_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    data: bytes
    partition_key: str
    explicit_hash_key: str
    sequence_number_for_ordering: str
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., data: _Optional[bytes] = ..., partition_key: _Optional[str] = ..., explicit_hash_key: _Optional[str] = ..., sequence_number_for_ordering: _Optional[str] = ...) -> None: ...

class PutRecordResponse(_message.Message):
    __slots__ = ("shard_id", "sequence_number")
    SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    shard_id: str
    sequence_number: str
    def __init__(self, shard_id: _Optional[str] = ..., sequence_number: _Optional[str] = ...) -> None: ...

class PutRecordsRequestEntry(_message.Message):
    __slots__ = ("data", "explicit_hash_key", "partition_key")
    DATA_FIELD_NUMBER: _ClassVar[int]
    EXPLICIT_HASH_KEY_FIELD_NUMBER: _ClassVar[int]
    PARTITION_KEY_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    explicit_hash_key: str
    partition_key: str
    def __init__(self, data: _Optional[bytes] = ..., explicit_hash_key: _Optional[str] = ..., partition_key: _Optional[str] = ...) -> None: ...

class PutRecordsRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "records")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    records: _containers.RepeatedCompositeFieldContainer[PutRecordsRequestEntry]
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., records: _Optional[_Iterable[_Union[PutRecordsRequestEntry, _Mapping]]] = ...) -> None: ...

class PutRecordsResultEntry(_message.Message):
    __slots__ = ("sequence_number", "shard_id", "error_code", "error_message")
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    sequence_number: str
    shard_id: str
    error_code: str
    error_message: str
    def __init__(self, sequence_number: _Optional[str] = ..., shard_id: _Optional[str] = ..., error_code: _Optional[str] = ..., error_message: _Optional[str] = ...) -> None: ...

class PutRecordsResponse(_message.Message):
    __slots__ = ("failed_record_count", "records")
    FAILED_RECORD_COUNT_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    failed_record_count: int
    records: _containers.RepeatedCompositeFieldContainer[PutRecordsResultEntry]
    def __init__(self, failed_record_count: _Optional[int] = ..., records: _Optional[_Iterable[_Union[PutRecordsResultEntry, _Mapping]]] = ...) -> None: ...

class GetShardIteratorRequest(_message.Message):
    __slots__ = ("stream_name", "stream_arn", "shard_id", "shard_iterator_type", "starting_sequence_number", "timestamp")
    STREAM_NAME_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    SHARD_ITERATOR_TYPE_FIELD_NUMBER: _ClassVar[int]
    STARTING_SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    stream_name: str
    stream_arn: str
    shard_id: str
    shard_iterator_type: str
    starting_sequence_number: str
    timestamp: _timestamp_pb2.Timestamp
    def __init__(self, stream_name: _Optional[str] = ..., stream_arn: _Optional[str] = ..., shard_id: _Optional[str] = ..., shard_iterator_type: _Optional[str] = ..., starting_sequence_number: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetShardIteratorResponse(_message.Message):
    __slots__ = ("shard_iterator",)
    SHARD_ITERATOR_FIELD_NUMBER: _ClassVar[int]
    shard_iterator: str
    def __init__(self, shard_iterator: _Optional[str] = ...) -> None: ...

class GetRecordsRequest(_message.Message):
    __slots__ = ("shard_iterator", "limit", "stream_arn")
    SHARD_ITERATOR_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    shard_iterator: str
    limit: int
    stream_arn: str
    def __init__(self, shard_iterator: _Optional[str] = ..., limit: _Optional[int] = ..., stream_arn: _Optional[str] = ...) -> None: ...

class GetRecordsResponse(_message.Message):
    __slots__ = ("records", "next_shard_iterator", "millis_behind_latest", "child_shards")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_SHARD_ITERATOR_FIELD_NUMBER: _ClassVar[int]
    MILLIS_BEHIND_LATEST_FIELD_NUMBER: _ClassVar[int]
    CHILD_SHARDS_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[Record]
    next_shard_iterator: str
    millis_behind_latest: int
    child_shards: _containers.RepeatedCompositeFieldContainer[ChildShard]
    def __init__(self, records: _Optional[_Iterable[_Union[Record, _Mapping]]] = ..., next_shard_iterator: _Optional[str] = ..., millis_behind_latest: _Optional[int] = ..., child_shards: _Optional[_Iterable[_Union[ChildShard, _Mapping]]] = ...) -> None: ...

class RegisterStreamConsumerRequest(_message.Message):
    __slots__ = ("stream_arn", "consumer_name")
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_NAME_FIELD_NUMBER: _ClassVar[int]
    stream_arn: str
    consumer_name: str
    def __init__(self, stream_arn: _Optional[str] = ..., consumer_name: _Optional[str] = ...) -> None: ...

class RegisterStreamConsumerResponse(_message.Message):
    __slots__ = ("consumer",)
    CONSUMER_FIELD_NUMBER: _ClassVar[int]
    consumer: Consumer
    def __init__(self, consumer: _Optional[_Union[Consumer, _Mapping]] = ...) -> None: ...

class DescribeStreamConsumerRequest(_message.Message):
    __slots__ = ("stream_arn", "consumer_name", "consumer_arn")
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_NAME_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ARN_FIELD_NUMBER: _ClassVar[int]
    stream_arn: str
    consumer_name: str
    consumer_arn: str
    def __init__(self, stream_arn: _Optional[str] = ..., consumer_name: _Optional[str] = ..., consumer_arn: _Optional[str] = ...) -> None: ...

class DescribeStreamConsumerResponse(_message.Message):
    __slots__ = ("consumer_description",)
    CONSUMER_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    consumer_description: Consumer
    def __init__(self, consumer_description: _Optional[_Union[Consumer, _Mapping]] = ...) -> None: ...

class ListStreamConsumersRequest(_message.Message):
    __slots__ = ("stream_arn", "next_token", "max_results", "stream_creation_timestamp")
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    NEXT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MAX_RESULTS_FIELD_NUMBER: _ClassVar[int]
    STREAM_CREATION_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    stream_arn: str
    next_token: str
    max_results: int
    stream_creation_timestamp: _timestamp_pb2.Timestamp
    def __init__(self, stream_arn: _Optional[str] = ..., next_token: _Optional[str] = ..., max_results: _Optional[int] = ..., stream_creation_timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListStreamConsumersResponse(_message.Message):
    __slots__ = ("consumers", "next_token")
    CONSUMERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    consumers: _containers.RepeatedCompositeFieldContainer[Consumer]
    next_token: str
    def __init__(self, consumers: _Optional[_Iterable[_Union[Consumer, _Mapping]]] = ..., next_token: _Optional[str] = ...) -> None: ...

class DeregisterStreamConsumerRequest(_message.Message):
    __slots__ = ("stream_arn", "consumer_name", "consumer_arn")
    STREAM_ARN_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_NAME_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ARN_FIELD_NUMBER: _ClassVar[int]
    stream_arn: str
    consumer_name: str
    consumer_arn: str
    def __init__(self, stream_arn: _Optional[str] = ..., consumer_name: _Optional[str] = ..., consumer_arn: _Optional[str] = ...) -> None: ...

class DeregisterStreamConsumerResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StartingPosition(_message.Message):
    __slots__ = ("type", "sequence_number", "timestamp")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    type: str
    sequence_number: str
    timestamp: _timestamp_pb2.Timestamp
    def __init__(self, type: _Optional[str] = ..., sequence_number: _Optional[str] = ..., timestamp: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SubscribeToShardRequest(_message.Message):
    __slots__ = ("consumer_arn", "shard_id", "starting_position")
    CONSUMER_ARN_FIELD_NUMBER: _ClassVar[int]
    SHARD_ID_FIELD_NUMBER: _ClassVar[int]
    STARTING_POSITION_FIELD_NUMBER: _ClassVar[int]
    consumer_arn: str
    shard_id: str
    starting_position: StartingPosition
    def __init__(self, consumer_arn: _Optional[str] = ..., shard_id: _Optional[str] = ..., starting_position: _Optional[_Union[StartingPosition, _Mapping]] = ...) -> None: ...

class SubscribeToShardEvent(_message.Message):
    __slots__ = ("records", "continuation_sequence_number", "millis_behind_latest", "child_shards")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    CONTINUATION_SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    MILLIS_BEHIND_LATEST_FIELD_NUMBER: _ClassVar[int]
    CHILD_SHARDS_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[Record]
    continuation_sequence_number: str
    millis_behind_latest: int
    child_shards: _containers.RepeatedCompositeFieldContainer[ChildShard]
    def __init__(self, records: _Optional[_Iterable[_Union[Record, _Mapping]]] = ..., continuation_sequence_number: _Optional[str] = ..., millis_behind_latest: _Optional[int] = ..., child_shards: _Optional[_Iterable[_Union[ChildShard, _Mapping]]] = ...) -> None: ...
