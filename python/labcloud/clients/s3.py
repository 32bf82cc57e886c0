"""The S3 client: boto3's ``client("s3")`` methods over labcloud's S3 service.

Each method turns boto3's keyword arguments into the request message and the
response message into boto3's dict, nothing more: S3's rules (bucket names,
ranges, part sizes, versioning) are the engine's, so both transports answer
alike. The dicts follow what botocore parses out of S3's HTTP responses: keys
S3 leaves out stay out, ETags keep their quotes, times are aware UTC datetimes
at the precision the HTTP response carries (seconds in headers, milliseconds
in listing bodies).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from labcloud._proto.labcloud.s3.v1 import s3_pb2 as pb
from labcloud.clients import _s3_shapes as shapes
from labcloud.clients._base import BaseClient, ServiceExceptions, operation, response_metadata
from labcloud.clients._schema import aware_datetime
from labcloud.clients._streaming import StreamingBody

__all__ = ["S3Client"]


class S3Client(BaseClient):
    SERVICE_NAME = "s3"
    METHOD_PREFIX = f"/{pb.DESCRIPTOR.services_by_name['S3Service'].full_name}/"
    EXCEPTIONS = ServiceExceptions(shapes.ERROR_CODES, head_operations=shapes.HEAD_OPERATIONS)
    PAGINATORS = shapes.PAGINATORS

    # Buckets

    @operation(shapes.CREATE_BUCKET)
    def create_bucket(self, p: dict) -> dict:
        location = p.get("CreateBucketConfiguration", {}).get("LocationConstraint", "")
        r = self._unary("CreateBucket", pb.CreateBucketRequest(bucket=p["Bucket"], location_constraint=location),
                        pb.CreateBucketResponse)
        return _response(200, _present(Location=r.location))

    @operation(shapes.HEAD_BUCKET)
    def head_bucket(self, p: dict) -> dict:
        r = self._unary("HeadBucket", pb.HeadBucketRequest(bucket=p["Bucket"]), pb.HeadBucketResponse)
        return _response(200, {**_present(BucketRegion=r.bucket_region), "AccessPointAlias": False})

    @operation(shapes.DELETE_BUCKET)
    def delete_bucket(self, p: dict) -> dict:
        self._unary("DeleteBucket", pb.DeleteBucketRequest(bucket=p["Bucket"]), pb.DeleteBucketResponse)
        return _response(204, {})

    @operation(shapes.LIST_BUCKETS)
    def list_buckets(self, p: dict) -> dict:
        request = pb.ListBucketsRequest(
            max_buckets=p.get("MaxBuckets"), continuation_token=p.get("ContinuationToken", ""),
            prefix=p.get("Prefix", ""), bucket_region=p.get("BucketRegion", ""),
        )
        r = self._unary("ListBuckets", request, pb.ListBucketsResponse)
        buckets = [
            {"Name": b.name, "CreationDate": _time(b.creation_date, _MILLIS), **_present(BucketRegion=b.bucket_region)}
            for b in r.buckets
        ]
        return _response(200, {
            "Buckets": buckets,
            **_owner("Owner", r, "owner"),
            **_present(ContinuationToken=r.continuation_token, Prefix=r.prefix),
        })

    @operation(shapes.GET_BUCKET_LOCATION)
    def get_bucket_location(self, p: dict) -> dict:
        r = self._unary("GetBucketLocation", pb.GetBucketLocationRequest(bucket=p["Bucket"]),
                        pb.GetBucketLocationResponse)
        # S3 reports us-east-1 as an empty constraint, which botocore parses to None.
        return _response(200, {"LocationConstraint": r.location_constraint or None})

    @operation(shapes.PUT_BUCKET_VERSIONING)
    def put_bucket_versioning(self, p: dict) -> dict:
        status = p["VersioningConfiguration"].get("Status", "")
        self._unary("PutBucketVersioning", pb.PutBucketVersioningRequest(bucket=p["Bucket"], status=status),
                    pb.PutBucketVersioningResponse)
        return _response(200, {})

    @operation(shapes.GET_BUCKET_VERSIONING)
    def get_bucket_versioning(self, p: dict) -> dict:
        r = self._unary("GetBucketVersioning", pb.GetBucketVersioningRequest(bucket=p["Bucket"]),
                        pb.GetBucketVersioningResponse)
        return _response(200, _present(Status=r.status))

    # Objects

    @operation(shapes.PUT_OBJECT)
    def put_object(self, p: dict) -> dict:
        header = pb.PutObjectHeader(
            bucket=p["Bucket"], key=p["Key"], attributes=_attributes(p),
            content_length=p.get("ContentLength"),
            if_none_match=p.get("IfNoneMatch", ""), if_match=p.get("IfMatch", ""),
        )
        r = self._upload("PutObject", pb.PutObjectRequest(header=header), p.get("Body"), pb.PutObjectResponse)
        return _response(200, _present(ETag=r.etag, VersionId=r.version_id))

    @operation(shapes.GET_OBJECT)
    def get_object(self, p: dict) -> dict:
        first, body = self._download("GetObject", pb.GetObjectRequest(**_read_fields(p)), pb.GetObjectResponse)
        return _head_response(first.head, Body=StreamingBody(body))

    @operation(shapes.HEAD_OBJECT)
    def head_object(self, p: dict) -> dict:
        r = self._unary("HeadObject", pb.HeadObjectRequest(**_read_fields(p)), pb.HeadObjectResponse)
        return _head_response(r.head)

    @operation(shapes.DELETE_OBJECT)
    def delete_object(self, p: dict) -> dict:
        request = pb.DeleteObjectRequest(bucket=p["Bucket"], key=p["Key"], version_id=p.get("VersionId", ""))
        r = self._unary("DeleteObject", request, pb.DeleteObjectResponse)
        return _response(204, _present(DeleteMarker=r.delete_marker, VersionId=r.version_id))

    @operation(shapes.DELETE_OBJECTS)
    def delete_objects(self, p: dict) -> dict:
        delete = p["Delete"]
        request = pb.DeleteObjectsRequest(
            bucket=p["Bucket"], quiet=delete.get("Quiet", False),
            objects=[pb.ObjectIdentifier(key=o["Key"], version_id=o.get("VersionId", "")) for o in delete["Objects"]],
        )
        r = self._unary("DeleteObjects", request, pb.DeleteObjectsResponse)
        deleted = [
            {"Key": d.key, **_present(VersionId=d.version_id, DeleteMarker=d.delete_marker,
                                      DeleteMarkerVersionId=d.delete_marker_version_id)}
            for d in r.deleted
        ]
        errors = [
            {"Key": e.key, **_present(VersionId=e.version_id), "Code": e.code, "Message": e.message}
            for e in r.errors
        ]
        return _response(200, _present(Deleted=deleted, Errors=errors))

    @operation(shapes.COPY_OBJECT)
    def copy_object(self, p: dict) -> dict:
        source_bucket, source_key, source_version = _copy_source(p["CopySource"])
        request = pb.CopyObjectRequest(
            bucket=p["Bucket"], key=p["Key"], source_bucket=source_bucket, source_key=source_key,
            source_version_id=source_version, metadata_directive=p.get("MetadataDirective", ""),
            attributes=_attributes(p),
        )
        r = self._unary("CopyObject", request, pb.CopyObjectResponse)
        return _response(200, {
            "CopyObjectResult": {"ETag": r.etag, **_times(LastModified=(r, "last_modified", _MILLIS))},
            **_present(VersionId=r.version_id, CopySourceVersionId=r.copy_source_version_id),
        })

    @operation(shapes.LIST_OBJECTS_V2)
    def list_objects_v2(self, p: dict) -> dict:
        request = pb.ListObjectsV2Request(
            bucket=p["Bucket"], prefix=p.get("Prefix", ""), delimiter=p.get("Delimiter", ""),
            max_keys=p.get("MaxKeys"), continuation_token=p.get("ContinuationToken", ""),
            start_after=p.get("StartAfter", ""), fetch_owner=p.get("FetchOwner", False),
        )
        r = self._unary("ListObjectsV2", request, pb.ListObjectsV2Response)
        contents = [
            {
                "Key": o.key, **_times(LastModified=(o, "last_modified", _MILLIS)), "ETag": o.etag,
                "Size": o.size, "StorageClass": o.storage_class or "STANDARD", **_owner("Owner", o, "owner"),
            }
            for o in r.contents
        ]
        return _response(200, {
            "IsTruncated": r.is_truncated, "Name": r.name, "Prefix": r.prefix, "MaxKeys": r.max_keys,
            # botocore asks for url-encoded keys behind the caller's back and says so.
            "EncodingType": "url", "KeyCount": r.key_count,
            **_present(
                Contents=contents, Delimiter=r.delimiter, CommonPrefixes=_prefixes(r.common_prefixes),
                ContinuationToken=r.continuation_token, NextContinuationToken=r.next_continuation_token,
                StartAfter=r.start_after,
            ),
        })

    @operation(shapes.LIST_OBJECT_VERSIONS)
    def list_object_versions(self, p: dict) -> dict:
        request = pb.ListObjectVersionsRequest(
            bucket=p["Bucket"], prefix=p.get("Prefix", ""), delimiter=p.get("Delimiter", ""),
            max_keys=p.get("MaxKeys"), key_marker=p.get("KeyMarker", ""),
            version_id_marker=p.get("VersionIdMarker", ""),
        )
        r = self._unary("ListObjectVersions", request, pb.ListObjectVersionsResponse)
        versions, markers = [], []
        for v in r.versions:
            entry = {
                "Key": v.key, "VersionId": v.version_id, "IsLatest": v.is_latest,
                **_times(LastModified=(v, "last_modified", _MILLIS)), **_owner("Owner", v, "owner"),
            }
            if v.is_delete_marker:
                markers.append(entry)
            else:
                versions.append(
                    {**entry, "ETag": v.etag, "Size": v.size, "StorageClass": v.storage_class or "STANDARD"}
                )
        return _response(200, {
            "IsTruncated": r.is_truncated, "KeyMarker": r.key_marker, "VersionIdMarker": r.version_id_marker,
            "Name": r.name, "Prefix": r.prefix, "MaxKeys": r.max_keys, "EncodingType": "url",
            **_present(
                NextKeyMarker=r.next_key_marker, NextVersionIdMarker=r.next_version_id_marker,
                Versions=versions, DeleteMarkers=markers, Delimiter=r.delimiter,
                CommonPrefixes=_prefixes(r.common_prefixes),
            ),
        })

    # Multipart uploads

    @operation(shapes.CREATE_MULTIPART_UPLOAD)
    def create_multipart_upload(self, p: dict) -> dict:
        request = pb.CreateMultipartUploadRequest(bucket=p["Bucket"], key=p["Key"], attributes=_attributes(p))
        r = self._unary("CreateMultipartUpload", request, pb.CreateMultipartUploadResponse)
        return _response(200, {"Bucket": r.bucket, "Key": r.key, "UploadId": r.upload_id})

    @operation(shapes.UPLOAD_PART)
    def upload_part(self, p: dict) -> dict:
        header = pb.UploadPartHeader(
            bucket=p["Bucket"], key=p["Key"], upload_id=p["UploadId"], part_number=p["PartNumber"],
            content_length=p.get("ContentLength"),
        )
        r = self._upload("UploadPart", pb.UploadPartRequest(header=header), p.get("Body"), pb.UploadPartResponse)
        return _response(200, {"ETag": r.etag})

    @operation(shapes.LIST_PARTS)
    def list_parts(self, p: dict) -> dict:
        request = pb.ListPartsRequest(
            bucket=p["Bucket"], key=p["Key"], upload_id=p["UploadId"], max_parts=p.get("MaxParts"),
            part_number_marker=p.get("PartNumberMarker", 0),
        )
        r = self._unary("ListParts", request, pb.ListPartsResponse)
        parts = [
            {"PartNumber": part.part_number, **_times(LastModified=(part, "last_modified", _MILLIS)),
             "ETag": part.etag, "Size": part.size}
            for part in r.parts
        ]
        return _response(200, {
            "Bucket": r.bucket, "Key": r.key, "UploadId": r.upload_id,
            "PartNumberMarker": r.part_number_marker, "NextPartNumberMarker": r.next_part_number_marker,
            "MaxParts": r.max_parts, "IsTruncated": r.is_truncated,
            "StorageClass": r.storage_class or "STANDARD",
            **_owner("Initiator", r, "initiator"), **_owner("Owner", r, "owner"),
            **_present(Parts=parts),
        })

    @operation(shapes.COMPLETE_MULTIPART_UPLOAD)
    def complete_multipart_upload(self, p: dict) -> dict:
        parts = p.get("MultipartUpload", {}).get("Parts", [])
        request = pb.CompleteMultipartUploadRequest(
            bucket=p["Bucket"], key=p["Key"], upload_id=p["UploadId"],
            parts=[pb.CompletedPart(part_number=c.get("PartNumber", 0), etag=c.get("ETag", "")) for c in parts],
        )
        r = self._unary("CompleteMultipartUpload", request, pb.CompleteMultipartUploadResponse)
        return _response(200, {
            **_present(Location=r.location), "Bucket": r.bucket, "Key": r.key, "ETag": r.etag,
            **_present(VersionId=r.version_id),
        })

    @operation(shapes.ABORT_MULTIPART_UPLOAD)
    def abort_multipart_upload(self, p: dict) -> dict:
        request = pb.AbortMultipartUploadRequest(bucket=p["Bucket"], key=p["Key"], upload_id=p["UploadId"])
        self._unary("AbortMultipartUpload", request, pb.AbortMultipartUploadResponse)
        return _response(204, {})

    @operation(shapes.LIST_MULTIPART_UPLOADS)
    def list_multipart_uploads(self, p: dict) -> dict:
        request = pb.ListMultipartUploadsRequest(
            bucket=p["Bucket"], prefix=p.get("Prefix", ""), delimiter=p.get("Delimiter", ""),
            max_uploads=p.get("MaxUploads"), key_marker=p.get("KeyMarker", ""),
            upload_id_marker=p.get("UploadIdMarker", ""),
        )
        r = self._unary("ListMultipartUploads", request, pb.ListMultipartUploadsResponse)
        uploads = [
            {
                "UploadId": u.upload_id, "Key": u.key, **_times(Initiated=(u, "initiated", _MILLIS)),
                "StorageClass": u.storage_class or "STANDARD",
                **_owner("Owner", u, "owner"), **_owner("Initiator", u, "initiator"),
            }
            for u in r.uploads
        ]
        return _response(200, {
            "Bucket": r.bucket, "KeyMarker": r.key_marker, "UploadIdMarker": r.upload_id_marker,
            "MaxUploads": r.max_uploads, "IsTruncated": r.is_truncated,
            **_present(
                Prefix=r.prefix, Delimiter=r.delimiter, NextKeyMarker=r.next_key_marker,
                NextUploadIdMarker=r.next_upload_id_marker, Uploads=uploads,
                CommonPrefixes=_prefixes(r.common_prefixes),
            ),
        })


# Requests


def _attributes(p: Mapping[str, Any]) -> pb.ObjectAttributes:
    return pb.ObjectAttributes(
        content_type=p.get("ContentType", ""), cache_control=p.get("CacheControl", ""),
        content_disposition=p.get("ContentDisposition", ""), content_encoding=p.get("ContentEncoding", ""),
        content_language=p.get("ContentLanguage", ""), metadata=p.get("Metadata", {}),
        storage_class=p.get("StorageClass", ""),
    )


def _read_fields(p: Mapping[str, Any]) -> dict[str, Any]:
    """The request fields GetObject and HeadObject share."""
    return {
        "bucket": p["Bucket"], "key": p["Key"], "version_id": p.get("VersionId", ""),
        "range": p.get("Range", ""), "if_match": p.get("IfMatch", ""), "if_none_match": p.get("IfNoneMatch", ""),
        "if_modified_since": _timestamp(p.get("IfModifiedSince")),
        "if_unmodified_since": _timestamp(p.get("IfUnmodifiedSince")),
        "part_number": p.get("PartNumber", 0),
    }


def _timestamp(value: Any) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(aware_datetime(value))
    return ts


def _copy_source(source: str | Mapping[str, str]) -> tuple[str, str, str]:
    """(bucket, key, version) from boto3's CopySource: "bucket/key[?versionId=v]" or a dict."""
    if isinstance(source, Mapping):
        return source["Bucket"], source["Key"], source.get("VersionId", "")
    path, marker, version = source.partition("?versionId=")
    bucket, _, key = path.removeprefix("/").partition("/")
    return bucket, key, version if marker else ""


# Responses

_SECONDS, _MILLIS = "seconds", "milliseconds"


def _response(status: int, body: dict[str, Any], headers: Mapping[str, str] | None = None) -> dict[str, Any]:
    return {**body, "ResponseMetadata": response_metadata(status, headers)}


def _present(**values: Any) -> dict[str, Any]:
    """The values S3 would send: empty strings and lists, zero and False are left out."""
    return {k: v for k, v in values.items() if v not in ("", None, False, [], {})}


def _time(ts: Timestamp, precision: str) -> dt.datetime:
    moment = ts.ToDatetime(tzinfo=dt.timezone.utc)
    kept = 0 if precision == _SECONDS else moment.microsecond // 1000 * 1000
    return moment.replace(microsecond=kept)


def _times(**fields: tuple[Any, str, str]) -> dict[str, dt.datetime]:
    """name=(message, field, precision) for each timestamp field the message has set."""
    return {
        name: _time(getattr(message, field), precision)
        for name, (message, field, precision) in fields.items()
        if message.HasField(field)
    }


def _owner(name: str, message: Any, field: str) -> dict[str, Any]:
    if not message.HasField(field):
        return {}
    owner = getattr(message, field)
    return {name: {"DisplayName": owner.display_name, "ID": owner.id}}


def _prefixes(prefixes: Iterable[str]) -> list[dict[str, str]]:
    return [{"Prefix": prefix} for prefix in prefixes]


def _head_response(head: pb.ObjectHead, **extra: Any) -> dict[str, Any]:
    """GetObject's and HeadObject's dict: what S3 sends as response headers."""
    a = head.attributes
    storage_class = "" if a.storage_class == "STANDARD" else a.storage_class  # S3 omits the default
    body = {
        **extra,
        "AcceptRanges": "bytes",
        **_times(LastModified=(head, "last_modified", _SECONDS)),
        "ContentLength": head.content_length,
        "ETag": head.etag,
        **_present(
            VersionId=head.version_id, DeleteMarker=head.delete_marker, ContentRange=head.content_range,
            ContentType=a.content_type, CacheControl=a.cache_control,
            ContentDisposition=a.content_disposition, ContentEncoding=a.content_encoding,
            ContentLanguage=a.content_language, StorageClass=storage_class, PartsCount=head.parts_count,
        ),
        "Metadata": dict(a.metadata),
    }
    headers = {"content-length": str(head.content_length), "etag": head.etag, "accept-ranges": "bytes"}
    if a.content_type:
        headers["content-type"] = a.content_type
    return _response(head.http_status or 200, body, headers)
