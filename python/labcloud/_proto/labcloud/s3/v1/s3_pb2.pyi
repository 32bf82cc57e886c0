import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Owner(_message.Message):
    __slots__ = ("id", "display_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_name: str
    def __init__(self, id: _Optional[str] = ..., display_name: _Optional[str] = ...) -> None: ...

class Bucket(_message.Message):
    __slots__ = ("name", "creation_date", "bucket_region")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREATION_DATE_FIELD_NUMBER: _ClassVar[int]
    BUCKET_REGION_FIELD_NUMBER: _ClassVar[int]
    name: str
    creation_date: _timestamp_pb2.Timestamp
    bucket_region: str
    def __init__(self, name: _Optional[str] = ..., creation_date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., bucket_region: _Optional[str] = ...) -> None: ...

class CreateBucketRequest(_message.Message):
    __slots__ = ("bucket", "location_constraint")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    LOCATION_CONSTRAINT_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    location_constraint: str
    def __init__(self, bucket: _Optional[str] = ..., location_constraint: _Optional[str] = ...) -> None: ...

class CreateBucketResponse(_message.Message):
    __slots__ = ("location",)
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    location: str
    def __init__(self, location: _Optional[str] = ...) -> None: ...

class HeadBucketRequest(_message.Message):
    __slots__ = ("bucket",)
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    def __init__(self, bucket: _Optional[str] = ...) -> None: ...

class HeadBucketResponse(_message.Message):
    __slots__ = ("bucket_region",)
    BUCKET_REGION_FIELD_NUMBER: _ClassVar[int]
    bucket_region: str
    def __init__(self, bucket_region: _Optional[str] = ...) -> None: ...

class DeleteBucketRequest(_message.Message):
    __slots__ = ("bucket",)
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    def __init__(self, bucket: _Optional[str] = ...) -> None: ...

class DeleteBucketResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListBucketsRequest(_message.Message):
    __slots__ = ("max_buckets", "continuation_token", "prefix", "bucket_region")
    MAX_BUCKETS_FIELD_NUMBER: _ClassVar[int]
    CONTINUATION_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    BUCKET_REGION_FIELD_NUMBER: _ClassVar[int]
    max_buckets: int
    continuation_token: str
    prefix: str
    bucket_region: str
    def __init__(self, max_buckets: _Optional[int] = ..., continuation_token: _Optional[str] = ..., prefix: _Optional[str] = ..., bucket_region: _Optional[str] = ...) -> None: ...

class ListBucketsResponse(_message.Message):
    __slots__ = ("buckets", "owner", "continuation_token", "prefix")
    BUCKETS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    CONTINUATION_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    buckets: _containers.RepeatedCompositeFieldContainer[Bucket]
    owner: Owner
    continuation_token: str
    prefix: str
    def __init__(self, buckets: _Optional[_Iterable[_Union[Bucket, _Mapping]]] = ..., owner: _Optional[_Union[Owner, _Mapping]] = ..., continuation_token: _Optional[str] = ..., prefix: _Optional[str] = ...) -> None: ...

class GetBucketLocationRequest(_message.Message):
    __slots__ = ("bucket",)
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    def __init__(self, bucket: _Optional[str] = ...) -> None: ...

class GetBucketLocationResponse(_message.Message):
    __slots__ = ("location_constraint",)
    LOCATION_CONSTRAINT_FIELD_NUMBER: _ClassVar[int]
    location_constraint: str
    def __init__(self, location_constraint: _Optional[str] = ...) -> None: ...

class PutBucketVersioningRequest(_message.Message):
    __slots__ = ("bucket", "status")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    status: str
    def __init__(self, bucket: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class PutBucketVersioningResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetBucketVersioningRequest(_message.Message):
    __slots__ = ("bucket",)
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    def __init__(self, bucket: _Optional[str] = ...) -> None: ...

class GetBucketVersioningResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: str
    def __init__(self, status: _Optional[str] = ...) -> None: ...

class ObjectAttributes(_message.Message):
    __slots__ = ("content_type", "cache_control", "content_disposition", "content_encoding", "content_language", "metadata", "storage_class")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CACHE_CONTROL_FIELD_NUMBER: _ClassVar[int]
    CONTENT_DISPOSITION_FIELD_NUMBER: _ClassVar[int]
    CONTENT_ENCODING_FIELD_NUMBER: _ClassVar[int]
    CONTENT_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    STORAGE_CLASS_FIELD_NUMBER: _ClassVar[int]
    content_type: str
    cache_control: str
    content_disposition: str
    content_encoding: str
    content_language: str
    metadata: _containers.ScalarMap[str, str]
    storage_class: str
    def __init__(self, content_type: _Optional[str] = ..., cache_control: _Optional[str] = ..., content_disposition: _Optional[str] = ..., content_encoding: _Optional[str] = ..., content_language: _Optional[str] = ..., metadata: _Optional[_Mapping[str, str]] = ..., storage_class: _Optional[str] = ...) -> None: ...

class PutObjectHeader(_message.Message):
    __slots__ = ("bucket", "key", "attributes", "content_length", "if_none_match", "if_match")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    CONTENT_LENGTH_FIELD_NUMBER: _ClassVar[int]
    IF_NONE_MATCH_FIELD_NUMBER: _ClassVar[int]
    IF_MATCH_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    attributes: ObjectAttributes
    content_length: int
    if_none_match: str
    if_match: str
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., attributes: _Optional[_Union[ObjectAttributes, _Mapping]] = ..., content_length: _Optional[int] = ..., if_none_match: _Optional[str] = ..., if_match: _Optional[str] = ...) -> None: ...

class PutObjectRequest(_message.Message):
    __slots__ = ("header", "chunk")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    header: PutObjectHeader
    chunk: bytes
    def __init__(self, header: _Optional[_Union[PutObjectHeader, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class PutObjectResponse(_message.Message):
    __slots__ = ("etag", "version_id", "size")
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    etag: str
    version_id: str
    size: int
    def __init__(self, etag: _Optional[str] = ..., version_id: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class GetObjectRequest(_message.Message):
    __slots__ = ("bucket", "key", "version_id", "range", "if_match", "if_none_match", "if_modified_since", "if_unmodified_since", "part_number")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    IF_MATCH_FIELD_NUMBER: _ClassVar[int]
    IF_NONE_MATCH_FIELD_NUMBER: _ClassVar[int]
    IF_MODIFIED_SINCE_FIELD_NUMBER: _ClassVar[int]
    IF_UNMODIFIED_SINCE_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    version_id: str
    range: str
    if_match: str
    if_none_match: str
    if_modified_since: _timestamp_pb2.Timestamp
    if_unmodified_since: _timestamp_pb2.Timestamp
    part_number: int
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., version_id: _Optional[str] = ..., range: _Optional[str] = ..., if_match: _Optional[str] = ..., if_none_match: _Optional[str] = ..., if_modified_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., if_unmodified_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., part_number: _Optional[int] = ...) -> None: ...

class ObjectHead(_message.Message):
    __slots__ = ("content_length", "etag", "last_modified", "version_id", "delete_marker", "attributes", "parts_count", "content_range", "http_status")
    CONTENT_LENGTH_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    DELETE_MARKER_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    PARTS_COUNT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_RANGE_FIELD_NUMBER: _ClassVar[int]
    HTTP_STATUS_FIELD_NUMBER: _ClassVar[int]
    content_length: int
    etag: str
    last_modified: _timestamp_pb2.Timestamp
    version_id: str
    delete_marker: bool
    attributes: ObjectAttributes
    parts_count: int
    content_range: str
    http_status: int
    def __init__(self, content_length: _Optional[int] = ..., etag: _Optional[str] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version_id: _Optional[str] = ..., delete_marker: bool = ..., attributes: _Optional[_Union[ObjectAttributes, _Mapping]] = ..., parts_count: _Optional[int] = ..., content_range: _Optional[str] = ..., http_status: _Optional[int] = ...) -> None: ...

class GetObjectResponse(_message.Message):
    __slots__ = ("head", "chunk")
    HEAD_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    head: ObjectHead
    chunk: bytes
    def __init__(self, head: _Optional[_Union[ObjectHead, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class HeadObjectRequest(_message.Message):
    __slots__ = ("bucket", "key", "version_id", "range", "if_match", "if_none_match", "if_modified_since", "if_unmodified_since", "part_number")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    IF_MATCH_FIELD_NUMBER: _ClassVar[int]
    IF_NONE_MATCH_FIELD_NUMBER: _ClassVar[int]
    IF_MODIFIED_SINCE_FIELD_NUMBER: _ClassVar[int]
    IF_UNMODIFIED_SINCE_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    version_id: str
    range: str
    if_match: str
    if_none_match: str
    if_modified_since: _timestamp_pb2.Timestamp
    if_unmodified_since: _timestamp_pb2.Timestamp
    part_number: int
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., version_id: _Optional[str] = ..., range: _Optional[str] = ..., if_match: _Optional[str] = ..., if_none_match: _Optional[str] = ..., if_modified_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., if_unmodified_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., part_number: _Optional[int] = ...) -> None: ...

class HeadObjectResponse(_message.Message):
    __slots__ = ("head",)
    HEAD_FIELD_NUMBER: _ClassVar[int]
    head: ObjectHead
    def __init__(self, head: _Optional[_Union[ObjectHead, _Mapping]] = ...) -> None: ...

class DeleteObjectRequest(_message.Message):
    __slots__ = ("bucket", "key", "version_id")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    version_id: str
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., version_id: _Optional[str] = ...) -> None: ...

class DeleteObjectResponse(_message.Message):
    __slots__ = ("delete_marker", "version_id")
    DELETE_MARKER_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    delete_marker: bool
    version_id: str
    def __init__(self, delete_marker: bool = ..., version_id: _Optional[str] = ...) -> None: ...

class ObjectIdentifier(_message.Message):
    __slots__ = ("key", "version_id")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    key: str
    version_id: str
    def __init__(self, key: _Optional[str] = ..., version_id: _Optional[str] = ...) -> None: ...

class DeleteObjectsRequest(_message.Message):
    __slots__ = ("bucket", "objects", "quiet")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    OBJECTS_FIELD_NUMBER: _ClassVar[int]
    QUIET_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    objects: _containers.RepeatedCompositeFieldContainer[ObjectIdentifier]
    quiet: bool
    def __init__(self, bucket: _Optional[str] = ..., objects: _Optional[_Iterable[_Union[ObjectIdentifier, _Mapping]]] = ..., quiet: bool = ...) -> None: ...

class DeletedObject(_message.Message):
    __slots__ = ("key", "version_id", "delete_marker", "delete_marker_version_id")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    DELETE_MARKER_FIELD_NUMBER: _ClassVar[int]
    DELETE_MARKER_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    key: str
    version_id: str
    delete_marker: bool
    delete_marker_version_id: str
    def __init__(self, key: _Optional[str] = ..., version_id: _Optional[str] = ..., delete_marker: bool = ..., delete_marker_version_id: _Optional[str] = ...) -> None: ...

class DeleteError(_message.Message):
    __slots__ = ("key", "version_id", "code", "message")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    key: str
    version_id: str
    code: str
    message: str
    def __init__(self, key: _Optional[str] = ..., version_id: _Optional[str] = ..., code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class DeleteObjectsResponse(_message.Message):
    __slots__ = ("deleted", "errors")
    DELETED_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    deleted: _containers.RepeatedCompositeFieldContainer[DeletedObject]
    errors: _containers.RepeatedCompositeFieldContainer[DeleteError]
    def __init__(self, deleted: _Optional[_Iterable[_Union[DeletedObject, _Mapping]]] = ..., errors: _Optional[_Iterable[_Union[DeleteError, _Mapping]]] = ...) -> None: ...

class CopyObjectRequest(_message.Message):
    __slots__ = ("bucket", "key", "source_bucket", "source_key", "source_version_id", "metadata_directive", "attributes")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_BUCKET_FIELD_NUMBER: _ClassVar[int]
    SOURCE_KEY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    METADATA_DIRECTIVE_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    source_bucket: str
    source_key: str
    source_version_id: str
    metadata_directive: str
    attributes: ObjectAttributes
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., source_bucket: _Optional[str] = ..., source_key: _Optional[str] = ..., source_version_id: _Optional[str] = ..., metadata_directive: _Optional[str] = ..., attributes: _Optional[_Union[ObjectAttributes, _Mapping]] = ...) -> None: ...

class CopyObjectResponse(_message.Message):
    __slots__ = ("etag", "last_modified", "version_id", "copy_source_version_id")
    ETAG_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    COPY_SOURCE_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    etag: str
    last_modified: _timestamp_pb2.Timestamp
    version_id: str
    copy_source_version_id: str
    def __init__(self, etag: _Optional[str] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version_id: _Optional[str] = ..., copy_source_version_id: _Optional[str] = ...) -> None: ...

class ObjectSummary(_message.Message):
    __slots__ = ("key", "last_modified", "etag", "size", "storage_class", "owner")
    KEY_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    STORAGE_CLASS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    key: str
    last_modified: _timestamp_pb2.Timestamp
    etag: str
    size: int
    storage_class: str
    owner: Owner
    def __init__(self, key: _Optional[str] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., size: _Optional[int] = ..., storage_class: _Optional[str] = ..., owner: _Optional[_Union[Owner, _Mapping]] = ...) -> None: ...

class ListObjectsV2Request(_message.Message):
    __slots__ = ("bucket", "prefix", "delimiter", "max_keys", "continuation_token", "start_after", "fetch_owner")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    DELIMITER_FIELD_NUMBER: _ClassVar[int]
    MAX_KEYS_FIELD_NUMBER: _ClassVar[int]
    CONTINUATION_TOKEN_FIELD_NUMBER: _ClassVar[int]
    START_AFTER_FIELD_NUMBER: _ClassVar[int]
    FETCH_OWNER_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    prefix: str
    delimiter: str
    max_keys: int
    continuation_token: str
    start_after: str
    fetch_owner: bool
    def __init__(self, bucket: _Optional[str] = ..., prefix: _Optional[str] = ..., delimiter: _Optional[str] = ..., max_keys: _Optional[int] = ..., continuation_token: _Optional[str] = ..., start_after: _Optional[str] = ..., fetch_owner: bool = ...) -> None: ...

class ListObjectsV2Response(_message.Message):
    __slots__ = ("name", "prefix", "delimiter", "max_keys", "contents", "common_prefixes", "is_truncated", "key_count", "continuation_token", "next_continuation_token", "start_after")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    DELIMITER_FIELD_NUMBER: _ClassVar[int]
    MAX_KEYS_FIELD_NUMBER: _ClassVar[int]
    CONTENTS_FIELD_NUMBER: _ClassVar[int]
    COMMON_PREFIXES_FIELD_NUMBER: _ClassVar[int]
    IS_TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    KEY_COUNT_FIELD_NUMBER: _ClassVar[int]
    CONTINUATION_TOKEN_FIELD_NUMBER: _ClassVar[int]
    NEXT_CONTINUATION_TOKEN_FIELD_NUMBER: _ClassVar[int]
    START_AFTER_FIELD_NUMBER: _ClassVar[int]
    name: str
    prefix: str
    delimiter: str
    max_keys: int
    contents: _containers.RepeatedCompositeFieldContainer[ObjectSummary]
    common_prefixes: _containers.RepeatedScalarFieldContainer[str]
    is_truncated: bool
    key_count: int
    continuation_token: str
    next_continuation_token: str
    start_after: str
    def __init__(self, name: _Optional[str] = ..., prefix: _Optional[str] = ..., delimiter: _Optional[str] = ..., max_keys: _Optional[int] = ..., contents: _Optional[_Iterable[_Union[ObjectSummary, _Mapping]]] = ..., common_prefixes: _Optional[_Iterable[str]] = ..., is_truncated: bool = ..., key_count: _Optional[int] = ..., continuation_token: _Optional[str] = ..., next_continuation_token: _Optional[str] = ..., start_after: _Optional[str] = ...) -> None: ...

class ListObjectVersionsRequest(_message.Message):
    __slots__ = ("bucket", "prefix", "delimiter", "max_keys", "key_marker", "version_id_marker")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    DELIMITER_FIELD_NUMBER: _ClassVar[int]
    MAX_KEYS_FIELD_NUMBER: _ClassVar[int]
    KEY_MARKER_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_MARKER_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    prefix: str
    delimiter: str
    max_keys: int
    key_marker: str
    version_id_marker: str
    def __init__(self, bucket: _Optional[str] = ..., prefix: _Optional[str] = ..., delimiter: _Optional[str] = ..., max_keys: _Optional[int] = ..., key_marker: _Optional[str] = ..., version_id_marker: _Optional[str] = ...) -> None: ...

class ObjectVersion(_message.Message):
    __slots__ = ("key", "version_id", "is_latest", "last_modified", "is_delete_marker", "etag", "size", "storage_class", "owner")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    IS_LATEST_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    IS_DELETE_MARKER_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    STORAGE_CLASS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    key: str
    version_id: str
    is_latest: bool
    last_modified: _timestamp_pb2.Timestamp
    is_delete_marker: bool
    etag: str
    size: int
    storage_class: str
    owner: Owner
    def __init__(self, key: _Optional[str] = ..., version_id: _Optional[str] = ..., is_latest: bool = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., is_delete_marker: bool = ..., etag: _Optional[str] = ..., size: _Optional[int] = ..., storage_class: _Optional[str] = ..., owner: _Optional[_Union[Owner, _Mapping]] = ...) -> None: ...

class ListObjectVersionsResponse(_message.Message):
    __slots__ = ("name", "prefix", "delimiter", "max_keys", "key_marker", "version_id_marker", "next_key_marker", "next_version_id_marker", "is_truncated", "versions", "common_prefixes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    DELIMITER_FIELD_NUMBER: _ClassVar[int]
    MAX_KEYS_FIELD_NUMBER: _ClassVar[int]
    KEY_MARKER_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_MARKER_FIELD_NUMBER: _ClassVar[int]
    NEXT_KEY_MARKER_FIELD_NUMBER: _ClassVar[int]
    NEXT_VERSION_ID_MARKER_FIELD_NUMBER: _ClassVar[int]
    IS_TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    COMMON_PREFIXES_FIELD_NUMBER: _ClassVar[int]
    name: str
    prefix: str
    delimiter: str
    max_keys: int
    key_marker: str
    version_id_marker: str
    next_key_marker: str
    next_version_id_marker: str
    is_truncated: bool
    versions: _containers.RepeatedCompositeFieldContainer[ObjectVersion]
    common_prefixes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., prefix: _Optional[str] = ..., delimiter: _Optional[str] = ..., max_keys: _Optional[int] = ..., key_marker: _Optional[str] = ..., version_id_marker: _Optional[str] = ..., next_key_marker: _Optional[str] = ..., next_version_id_marker: _Optional[str] = ..., is_truncated: bool = ..., versions: _Optional[_Iterable[_Union[ObjectVersion, _Mapping]]] = ..., common_prefixes: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateMultipartUploadRequest(_message.Message):
    __slots__ = ("bucket", "key", "attributes")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    attributes: ObjectAttributes
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., attributes: _Optional[_Union[ObjectAttributes, _Mapping]] = ...) -> None: ...

class CreateMultipartUploadResponse(_message.Message):
    __slots__ = ("bucket", "key", "upload_id")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    upload_id: str
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., upload_id: _Optional[str] = ...) -> None: ...

class UploadPartHeader(_message.Message):
    __slots__ = ("bucket", "key", "upload_id", "part_number", "content_length")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CONTENT_LENGTH_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    upload_id: str
    part_number: int
    content_length: int
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., upload_id: _Optional[str] = ..., part_number: _Optional[int] = ..., content_length: _Optional[int] = ...) -> None: ...

class UploadPartRequest(_message.Message):
    __slots__ = ("header", "chunk")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    header: UploadPartHeader
    chunk: bytes
    def __init__(self, header: _Optional[_Union[UploadPartHeader, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class UploadPartResponse(_message.Message):
    __slots__ = ("etag",)
    ETAG_FIELD_NUMBER: _ClassVar[int]
    etag: str
    def __init__(self, etag: _Optional[str] = ...) -> None: ...

class Part(_message.Message):
    __slots__ = ("part_number", "last_modified", "etag", "size")
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    part_number: int
    last_modified: _timestamp_pb2.Timestamp
    etag: str
    size: int
    def __init__(self, part_number: _Optional[int] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., size: _Optional[int] = ...) -> None: ...

class ListPartsRequest(_message.Message):
    __slots__ = ("bucket", "key", "upload_id", "max_parts", "part_number_marker")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_PARTS_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_MARKER_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    upload_id: str
    max_parts: int
    part_number_marker: int
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., upload_id: _Optional[str] = ..., max_parts: _Optional[int] = ..., part_number_marker: _Optional[int] = ...) -> None: ...

class ListPartsResponse(_message.Message):
    __slots__ = ("bucket", "key", "upload_id", "part_number_marker", "next_part_number_marker", "max_parts", "is_truncated", "parts", "storage_class", "owner", "initiator")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    PART_NUMBER_MARKER_FIELD_NUMBER: _ClassVar[int]
    NEXT_PART_NUMBER_MARKER_FIELD_NUMBER: _ClassVar[int]
    MAX_PARTS_FIELD_NUMBER: _ClassVar[int]
    IS_TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    STORAGE_CLASS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    INITIATOR_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    upload_id: str
    part_number_marker: int
    next_part_number_marker: int
    max_parts: int
    is_truncated: bool
    parts: _containers.RepeatedCompositeFieldContainer[Part]
    storage_class: str
    owner: Owner
    initiator: Owner
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., upload_id: _Optional[str] = ..., part_number_marker: _Optional[int] = ..., next_part_number_marker: _Optional[int] = ..., max_parts: _Optional[int] = ..., is_truncated: bool = ..., parts: _Optional[_Iterable[_Union[Part, _Mapping]]] = ..., storage_class: _Optional[str] = ..., owner: _Optional[_Union[Owner, _Mapping]] = ..., initiator: _Optional[_Union[Owner, _Mapping]] = ...) -> None: ...

class CompletedPart(_message.Message):
    __slots__ = ("part_number", "etag")
    PART_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    part_number: int
    etag: str
    def __init__(self, part_number: _Optional[int] = ..., etag: _Optional[str] = ...) -> None: ...

class CompleteMultipartUploadRequest(_message.Message):
    __slots__ = ("bucket", "key", "upload_id", "parts")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    upload_id: str
    parts: _containers.RepeatedCompositeFieldContainer[CompletedPart]
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., upload_id: _Optional[str] = ..., parts: _Optional[_Iterable[_Union[CompletedPart, _Mapping]]] = ...) -> None: ...

class CompleteMultipartUploadResponse(_message.Message):
    __slots__ = ("location", "bucket", "key", "etag", "version_id")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    location: str
    bucket: str
    key: str
    etag: str
    version_id: str
    def __init__(self, location: _Optional[str] = ..., bucket: _Optional[str] = ..., key: _Optional[str] = ..., etag: _Optional[str] = ..., version_id: _Optional[str] = ...) -> None: ...

class AbortMultipartUploadRequest(_message.Message):
    __slots__ = ("bucket", "key", "upload_id")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    key: str
    upload_id: str
    def __init__(self, bucket: _Optional[str] = ..., key: _Optional[str] = ..., upload_id: _Optional[str] = ...) -> None: ...

class AbortMultipartUploadResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class MultipartUpload(_message.Message):
    __slots__ = ("upload_id", "key", "initiated", "storage_class", "owner", "initiator")
    UPLOAD_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    INITIATED_FIELD_NUMBER: _ClassVar[int]
    STORAGE_CLASS_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    INITIATOR_FIELD_NUMBER: _ClassVar[int]
    upload_id: str
    key: str
    initiated: _timestamp_pb2.Timestamp
    storage_class: str
    owner: Owner
    initiator: Owner
    def __init__(self, upload_id: _Optional[str] = ..., key: _Optional[str] = ..., initiated: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., storage_class: _Optional[str] = ..., owner: _Optional[_Union[Owner, _Mapping]] = ..., initiator: _Optional[_Union[Owner, _Mapping]] = ...) -> None: ...

class ListMultipartUploadsRequest(_message.Message):
    __slots__ = ("bucket", "prefix", "delimiter", "max_uploads", "key_marker", "upload_id_marker")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    DELIMITER_FIELD_NUMBER: _ClassVar[int]
    MAX_UPLOADS_FIELD_NUMBER: _ClassVar[int]
    KEY_MARKER_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_MARKER_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    prefix: str
    delimiter: str
    max_uploads: int
    key_marker: str
    upload_id_marker: str
    def __init__(self, bucket: _Optional[str] = ..., prefix: _Optional[str] = ..., delimiter: _Optional[str] = ..., max_uploads: _Optional[int] = ..., key_marker: _Optional[str] = ..., upload_id_marker: _Optional[str] = ...) -> None: ...

class ListMultipartUploadsResponse(_message.Message):
    __slots__ = ("bucket", "prefix", "delimiter", "max_uploads", "key_marker", "upload_id_marker", "next_key_marker", "next_upload_id_marker", "is_truncated", "uploads", "common_prefixes")
    BUCKET_FIELD_NUMBER: _ClassVar[int]
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    DELIMITER_FIELD_NUMBER: _ClassVar[int]
    MAX_UPLOADS_FIELD_NUMBER: _ClassVar[int]
    KEY_MARKER_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_ID_MARKER_FIELD_NUMBER: _ClassVar[int]
    NEXT_KEY_MARKER_FIELD_NUMBER: _ClassVar[int]
    NEXT_UPLOAD_ID_MARKER_FIELD_NUMBER: _ClassVar[int]
    IS_TRUNCATED_FIELD_NUMBER: _ClassVar[int]
    UPLOADS_FIELD_NUMBER: _ClassVar[int]
    COMMON_PREFIXES_FIELD_NUMBER: _ClassVar[int]
    bucket: str
    prefix: str
    delimiter: str
    max_uploads: int
    key_marker: str
    upload_id_marker: str
    next_key_marker: str
    next_upload_id_marker: str
    is_truncated: bool
    uploads: _containers.RepeatedCompositeFieldContainer[MultipartUpload]
    common_prefixes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, bucket: _Optional[str] = ..., prefix: _Optional[str] = ..., delimiter: _Optional[str] = ..., max_uploads: _Optional[int] = ..., key_marker: _Optional[str] = ..., upload_id_marker: _Optional[str] = ..., next_key_marker: _Optional[str] = ..., next_upload_id_marker: _Optional[str] = ..., is_truncated: bool = ..., uploads: _Optional[_Iterable[_Union[MultipartUpload, _Mapping]]] = ..., common_prefixes: _Optional[_Iterable[str]] = ...) -> None: ...
