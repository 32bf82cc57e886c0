"""The S3 client's inputs, error codes and paginators, as botocore's S3 model names them."""

from __future__ import annotations

from labcloud.clients._base import PaginatorSpec
from labcloud.clients._schema import (
    BLOB, BOOLEAN, INTEGER, STRING, TIMESTAMP,
    Either, ListOf, MapOf, String, Structure,
)

KEY = String(min_length=1)

# Error codes the engine returns, each a class in client.exceptions.
ERROR_CODES = (
    "NoSuchBucket", "NoSuchKey", "NoSuchVersion", "NoSuchUpload",
    "BucketNotEmpty", "BucketAlreadyOwnedByYou", "BucketAlreadyExists",
    "InvalidBucketName", "KeyTooLongError", "InvalidArgument", "InvalidRange",
    "InvalidPartNumber", "InvalidPart", "InvalidPartOrder", "EntityTooSmall", "EntityTooLarge",
    "MetadataTooLarge",
    "MalformedXML", "InvalidRequest", "PreconditionFailed", "MethodNotAllowed",
    "IllegalLocationConstraintException", "InvalidLocationConstraint",
    "SlowDown", "IncompleteBody", "InternalError",
)
HEAD_OPERATIONS = ("HeadBucket", "HeadObject")

# The object attributes PutObject, CopyObject and CreateMultipartUpload accept.
ATTRIBUTES = {
    "CacheControl": STRING,
    "ContentDisposition": STRING,
    "ContentEncoding": STRING,
    "ContentLanguage": STRING,
    "ContentType": STRING,
    "Metadata": MapOf(STRING),
    "StorageClass": STRING,
}

_BUCKET = {"Bucket": STRING}
_OBJECT = {"Bucket": STRING, "Key": KEY}
_READ = {
    **_OBJECT,
    "IfMatch": STRING,
    "IfModifiedSince": TIMESTAMP,
    "IfNoneMatch": STRING,
    "IfUnmodifiedSince": TIMESTAMP,
    "Range": STRING,
    "VersionId": STRING,
    "PartNumber": INTEGER,
}
_UPLOAD = {**_OBJECT, "UploadId": STRING}


def _bucket_op(**members) -> Structure:
    return Structure({**_BUCKET, **members}, required=("Bucket",))


CREATE_BUCKET = _bucket_op(CreateBucketConfiguration=Structure({"LocationConstraint": STRING}))
HEAD_BUCKET = _bucket_op()
DELETE_BUCKET = _bucket_op()
LIST_BUCKETS = Structure({
    "MaxBuckets": INTEGER, "ContinuationToken": STRING, "Prefix": STRING, "BucketRegion": STRING,
})
GET_BUCKET_LOCATION = _bucket_op()
PUT_BUCKET_VERSIONING = Structure(
    {**_BUCKET, "VersioningConfiguration": Structure({"Status": STRING})},
    required=("Bucket", "VersioningConfiguration"),
)
GET_BUCKET_VERSIONING = _bucket_op()

PUT_OBJECT = Structure(
    {
        **_OBJECT, "Body": BLOB, **ATTRIBUTES, "ContentLength": INTEGER,
        "IfMatch": STRING, "IfNoneMatch": STRING,
    },
    required=("Bucket", "Key"),
)
GET_OBJECT = Structure(_READ, required=("Bucket", "Key"))
HEAD_OBJECT = Structure(_READ, required=("Bucket", "Key"))
DELETE_OBJECT = Structure({**_OBJECT, "VersionId": STRING}, required=("Bucket", "Key"))
DELETE_OBJECTS = Structure(
    {
        **_BUCKET,
        "Delete": Structure(
            {
                "Objects": ListOf(Structure({"Key": KEY, "VersionId": STRING}, required=("Key",))),
                "Quiet": BOOLEAN,
            },
            required=("Objects",),
        ),
    },
    required=("Bucket", "Delete"),
)
COPY_OBJECT = Structure(
    {
        **_OBJECT,
        "CopySource": Either(
            STRING,
            Structure({"Bucket": STRING, "Key": KEY, "VersionId": STRING}, required=("Bucket", "Key")),
        ),
        "MetadataDirective": STRING,
        **ATTRIBUTES,
    },
    required=("Bucket", "Key", "CopySource"),
)
LIST_OBJECTS_V2 = _bucket_op(
    Delimiter=STRING, MaxKeys=INTEGER, Prefix=STRING, ContinuationToken=STRING,
    FetchOwner=BOOLEAN, StartAfter=STRING,
)
LIST_OBJECT_VERSIONS = _bucket_op(
    Delimiter=STRING, KeyMarker=STRING, MaxKeys=INTEGER, Prefix=STRING, VersionIdMarker=STRING,
)

CREATE_MULTIPART_UPLOAD = Structure({**_OBJECT, **ATTRIBUTES}, required=("Bucket", "Key"))
UPLOAD_PART = Structure(
    {**_UPLOAD, "Body": BLOB, "ContentLength": INTEGER, "PartNumber": INTEGER},
    required=("Bucket", "Key", "PartNumber", "UploadId"),
)
LIST_PARTS = Structure(
    {**_UPLOAD, "MaxParts": INTEGER, "PartNumberMarker": INTEGER},
    required=("Bucket", "Key", "UploadId"),
)
COMPLETE_MULTIPART_UPLOAD = Structure(
    {
        **_UPLOAD,
        "MultipartUpload": Structure(
            {"Parts": ListOf(Structure({"ETag": STRING, "PartNumber": INTEGER}))}
        ),
    },
    required=("Bucket", "Key", "UploadId"),
)
ABORT_MULTIPART_UPLOAD = Structure(_UPLOAD, required=("Bucket", "Key", "UploadId"))
LIST_MULTIPART_UPLOADS = _bucket_op(
    Delimiter=STRING, KeyMarker=STRING, MaxUploads=INTEGER, Prefix=STRING, UploadIdMarker=STRING,
)

PAGINATORS = {
    "list_objects_v2": PaginatorSpec(("ContinuationToken",), ("NextContinuationToken",), "MaxKeys"),
    "list_object_versions": PaginatorSpec(
        ("KeyMarker", "VersionIdMarker"), ("NextKeyMarker", "NextVersionIdMarker"), "MaxKeys",
    ),
    "list_multipart_uploads": PaginatorSpec(
        ("KeyMarker", "UploadIdMarker"), ("NextKeyMarker", "NextUploadIdMarker"), "MaxUploads",
    ),
    "list_parts": PaginatorSpec(("PartNumberMarker",), ("NextPartNumberMarker",), "MaxParts"),
}
