"""labcloud's S3 against moto, step by step, over one scripted session.

One ordered session (buckets, objects of several sizes, ranges, listings and
their pages, UTF-8 keys, copies, multipart uploads, versioning, deletes, and
the errors along the way) is replayed against moto and against labcloud over
each transport. Every step's response, or error code and HTTP status, must
match field by field, once the fields that legitimately differ are taken out
or normalised (tests/_differential.py: IGNORED and NORMALISED).

moto is the reference because it is what most code written for S3 is tested
against, but it is not S3. Where moto is known to answer differently from S3,
the step says how (``why``) and states the documented S3 answer (``expect``),
as a correction of moto's answer or as a literal; ``skip_reference`` keeps
moto from running a step whose wrong answer would also change its state.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import boto3
import moto
import pytest
from botocore.config import Config

from _differential import Body, Recorder, Session, Step, differences

MAIN, WEST, VERSIONS = "dt-main", "dt-west", "dt-versions"
REGION = "eu-west-1"
KiB, MiB = 1024, 1024 * 1024

# Otherwise botocore adds CRC32 checksums to requests and checks them on responses;
# labcloud does not model checksums.
BOTO_CONFIG = Config(request_checksum_calculation="when_required", response_checksum_validation="when_required")


def _data(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


SIZES = {"empty": 0, "one": 1, "4k": 4 * KiB, "big/1mib+1": MiB + 1, "big/6mib": 6 * MiB}
BODIES = {key: _data(size, seed) for seed, (key, size) in enumerate(SIZES.items())}
PARTS = [_data(5 * MiB, 10), _data(5 * MiB, 11), _data(100, 12)]
SMALL_PARTS = [_data(MiB, 13), _data(MiB, 14)]
# Put in this (unsorted) order; S3 lists keys in UTF-8 byte order. "e\u0301" is "é" decomposed.
UTF8_KEYS = ["utf/z", "utf/\u00e9t\u00e9", "utf/A", "utf/\u65e5\u672c\u8a9e", "utf/\U0001f600", "utf/a b",
             "utf/\u00ff", "utf/\u0100", "utf/~", "utf/e\u0301"]


# Steps


def put(key: str, body: bytes, bucket: str = MAIN, save: dict[str, str] | None = None, **extra) -> Step:
    return Step(f"put {bucket}/{key} ({len(body)} B)",
                lambda s: s.s3.put_object(Bucket=bucket, Key=key, Body=body, **extra), save=save or {})


def get(name: str, key: str, bucket: str = MAIN, expect: Callable | None = None, why: str = "", **extra) -> Step:
    return Step(name, lambda s: s.s3.get_object(Bucket=bucket, Key=key, **extra), expect=expect, why=why)


def head(name: str, key: str, bucket: str = MAIN, **extra) -> Step:
    return Step(name, lambda s: s.s3.head_object(Bucket=bucket, Key=key, **extra))


def listing(name: str, **params) -> Step:
    return Step(name, lambda s: s.s3.list_objects_v2(Bucket=MAIN, **params))


def pages(name: str, method: str, next_params: dict[str, str], bucket: str = MAIN,
          expect: Callable | None = None, why: str = "", **params) -> Step:
    """Every page of a listing until it is exhausted, each request fed by the previous page's markers."""

    def call(s: Session) -> dict:
        got, request = [], dict(params)
        while len(got) < 50:
            page = getattr(s.s3, method)(Bucket=bucket, **request)
            got.append(page)
            if not page["IsTruncated"]:
                break
            request.update({param: page[field] for field, param in next_params.items() if field in page})
        return {"Pages": got}

    return Step(name, call, expect=expect, why=why)


def upload_part(key: str, upload: str, number: int, body: bytes) -> Step:
    return Step(f"upload part {number} of {upload} ({len(body)} B)", lambda s: s.s3.upload_part(
        Bucket=MAIN, Key=key, UploadId=s.saved[upload], PartNumber=number, Body=body,
    ), save={f"{upload}.{number}": "ETag"})


def complete(name: str, key: str, upload: str, parts: list[tuple[int, str]], **kw) -> Step:
    """complete_multipart_upload with [(part number, name of a saved part ETag)]."""
    return Step(name, lambda s: s.s3.complete_multipart_upload(
        Bucket=MAIN, Key=key, UploadId=s.saved[upload],
        MultipartUpload={"Parts": [{"PartNumber": n, "ETag": s.saved[etag]} for n, etag in parts]},
    ), **kw)


def _delete_all_versions(s: Session, bucket: str) -> dict:
    """delete_objects naming every version and delete marker that ``bucket`` lists."""
    listed = s.s3.list_object_versions(Bucket=bucket)
    objects = [{"Key": v["Key"], "VersionId": v["VersionId"]}
               for v in listed.get("Versions", []) + listed.get("DeleteMarkers", [])]
    return s.s3.delete_objects(Bucket=bucket, Delete={"Objects": objects})


# Where moto is not S3: corrections that turn moto's answer into the documented S3 answer.


def _plus(**fields) -> Callable[[dict], dict]:
    return lambda moto: {**moto, **fields}


def _minus(*fields: str) -> Callable[[dict], dict]:
    return lambda moto: {k: v for k, v in moto.items() if k not in fields}


def _sorted(items: str, by: str) -> Callable[[dict], dict]:
    return lambda moto: {**moto, items: sorted(moto[items], key=lambda item: item[by].encode())}


def _echo_on_later_pages(**sent: str) -> Callable[[dict], dict]:
    """S3 echoes "ContinuationToken" and "StartAfter" when the request sent them (botocore's model
    docs); moto sends neither once a token is sent (moto/s3/responses.py: `if not continuation_token`)."""

    def correct(moto: dict) -> dict:
        first, *later = moto["Pages"]
        return {"Pages": [first, *({**page, "ContinuationToken": "<token>", **sent} for page in later)]}

    return correct


ECHO = "moto echoes neither ContinuationToken nor (once a token is sent) StartAfter"


def _echo_encoding_type(moto: dict) -> dict:
    """botocore sends encoding-type=url with every ListObjectVersions; S3 echoes it, moto does not."""
    if "Pages" in moto:
        return {"Pages": [{**page, "EncodingType": "url"} for page in moto["Pages"]]}
    return {**moto, "EncodingType": "url"}


def versions(name: str, **params) -> Step:
    return Step(name, lambda s: s.s3.list_object_versions(Bucket=VERSIONS, **params),
                expect=_echo_encoding_type, why="moto does not echo the EncodingType botocore sends")


def _flag_deleted_markers(moto: dict) -> dict:
    """S3 flags a delete marker removed by version id: DeleteMarker true, DeleteMarkerVersionId = its id."""
    return {**moto, "Deleted": [{**d, "DeleteMarker": True, "DeleteMarkerVersionId": d["VersionId"]}
                                for d in moto["Deleted"]]}


def _buckets_as_s3(moto: dict) -> dict:
    """list_buckets(Prefix="dt-") as S3 answers it: sorted by name, with regions and the prefix echoed."""
    regions = {WEST: REGION}
    buckets = [{**b, "BucketRegion": regions.get(b["Name"], "us-east-1")} for b in moto["Buckets"]]
    return _sorted("Buckets", "Name")({**moto, "Buckets": buckets, "Prefix": "dt-"})


# The session
#
# Left out, because moto's answer is wrong and cannot be corrected step by step
# (each is covered in tests/clients): bucket-name rules (moto accepts "Bad_Name"),
# the 1024-byte key limit, MaxKeys above 1000 (moto neither caps the page nor the
# echo), the 1000-key limit of delete_objects, and paging list_multipart_uploads
# (moto ignores MaxUploads and Delimiter).


BUCKETS = [
    Step("create a bucket", lambda s: s.s3.create_bucket(Bucket=MAIN)),
    Step("create a bucket with a location constraint, from that region", lambda s: s.regional.create_bucket(
        Bucket=WEST, CreateBucketConfiguration={"LocationConstraint": REGION})),
    Step("create a bucket to version", lambda s: s.s3.create_bucket(Bucket=VERSIONS)),
    Step("location of the regional bucket", lambda s: s.regional.get_bucket_location(Bucket=WEST)),
    Step("location of a us-east-1 bucket", lambda s: s.s3.get_bucket_location(Bucket=MAIN)),
    Step("head the regional bucket", lambda s: s.regional.head_bucket(Bucket=WEST),
         expect=_plus(AccessPointAlias=False),
         why="moto leaves out the x-amz-access-point-alias header (false for a bucket name)"),
    Step("recreate an owned bucket in us-east-1 (legacy: succeeds)", lambda s: s.s3.create_bucket(Bucket=MAIN)),
    Step("recreate an owned bucket outside us-east-1", lambda s: s.regional.create_bucket(
        Bucket=WEST, CreateBucketConfiguration={"LocationConstraint": REGION})),
    Step("create outside us-east-1 without a constraint", lambda s: s.regional.create_bucket(Bucket="dt-none")),
    Step("create naming us-east-1 as the constraint", lambda s: s.s3.create_bucket(
        Bucket="dt-east", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})),
    Step("list buckets with a prefix", lambda s: s.s3.list_buckets(Prefix="dt-"), expect=_buckets_as_s3,
         why="moto lists buckets in creation order, not by name, and sends neither the Prefix echo nor "
             "BucketRegion (documented: included when the request has a parameter)"),
    Step("head a missing bucket", lambda s: s.s3.head_bucket(Bucket="dt-missing")),
]

OBJECTS = [
    put("empty", BODIES["empty"], ContentType="text/plain", Metadata={"size": "zero"}),
    put("one", BODIES["one"], Metadata={"Mixed-Case": "Value", "n": "1"}),
    put("4k", BODIES["4k"], ContentType="application/x-4k", Metadata={"purpose": "ranges"}, save={"4k": "ETag"}),
    put("big/1mib+1", BODIES["big/1mib+1"]),
    put("big/6mib", BODIES["big/6mib"], ContentType="application/octet-stream"),
    *[head(f"head {key}", key) for key in SIZES],
    *[get(f"get {key}", key) for key in SIZES],
    put("one", b"overwritten", ContentType="text/plain", Metadata={"n": "2"}),
    head("head the overwritten object", "one"),
    get("get the overwritten object", "one"),
    Step("get if the ETag differs, when it does not: 304", lambda s: s.s3.get_object(
        Bucket=MAIN, Key="4k", IfNoneMatch=s.saved["4k"])),
    Step("get if the ETag matches, when it does not: PreconditionFailed", lambda s: s.s3.get_object(
        Bucket=MAIN, Key="4k", IfMatch='"0123456789abcdef0123456789abcdef"')),
    Step("put if absent, when present: PreconditionFailed", lambda s: s.s3.put_object(
        Bucket=MAIN, Key="4k", Body=b"not written", IfNoneMatch="*")),
]

RANGES = [
    get("range: first bytes", "4k", Range="bytes=0-9"),
    get("range: middle", "4k", Range="bytes=1000-1999"),
    get("range: suffix", "4k", Range="bytes=-10"),
    get("range: open-ended", "4k", Range="bytes=4000-"),
    get("range: end past the size is cut at the size", "4k", Range="bytes=4090-9999"),
    get("range: middle of a large object", "big/6mib", Range=f"bytes={3 * MiB}-{3 * MiB + 99}"),
    get("range: starting at the size is InvalidRange", "4k", Range=f"bytes={4 * KiB}-"),
    head("head with a range", "4k", Range="bytes=0-0"),
]

MISSING = [
    get("get a missing key is NoSuchKey", "missing"),
    head("head a missing key is a bare 404", "missing"),
    get("get from a missing bucket is NoSuchBucket", "k", bucket="dt-missing"),
    put("k", b"x", bucket="dt-missing"),
    Step("list a missing bucket is NoSuchBucket", lambda s: s.s3.list_objects_v2(Bucket="dt-missing")),
]

LISTINGS = [
    *[put(key, key.encode()) for key in UTF8_KEYS],
    listing("list UTF-8 keys in binary order", Prefix="utf/"),
    listing("list everything"),
    listing("list with a prefix", Prefix="big/"),
    listing("list with a delimiter", Delimiter="/"),
    listing("list with a prefix and a non-ASCII delimiter", Prefix="utf/", Delimiter="\u00e9"),
    listing("list with a prefix matching nothing", Prefix="nothing/"),
    listing("list after a key", StartAfter="big/6mib"),
    listing("list after a UTF-8 key", Prefix="utf/", StartAfter="utf/\u00e9t\u00e9"),
    pages("page through everything, 3 keys a page", "list_objects_v2",
          {"NextContinuationToken": "ContinuationToken"}, MaxKeys=3, expect=_echo_on_later_pages(), why=ECHO),
    pages("page with a delimiter, 2 entries a page", "list_objects_v2",
          {"NextContinuationToken": "ContinuationToken"}, Delimiter="/", MaxKeys=2,
          expect=_echo_on_later_pages(), why=ECHO),
    pages("page after a key, 4 keys a page", "list_objects_v2",
          {"NextContinuationToken": "ContinuationToken"}, StartAfter="one", MaxKeys=4,
          expect=_echo_on_later_pages(StartAfter="one"), why=ECHO),
]

COPIES = [
    Step("copy keeping metadata (COPY)", lambda s: s.s3.copy_object(
        Bucket=MAIN, Key="copies/4k", CopySource={"Bucket": MAIN, "Key": "4k"})),
    head("head the COPY copy", "copies/4k"),
    Step("copy replacing metadata (REPLACE)", lambda s: s.s3.copy_object(
        Bucket=MAIN, Key="copies/4k-replaced", CopySource=f"{MAIN}/4k", MetadataDirective="REPLACE",
        ContentType="text/replaced", Metadata={"fresh": "yes"})),
    head("head the REPLACE copy", "copies/4k-replaced"),
    get("get the REPLACE copy", "copies/4k-replaced"),
    Step("copy across buckets", lambda s: s.s3.copy_object(
        Bucket=WEST, Key="from-main", CopySource={"Bucket": MAIN, "Key": "big/1mib+1"})),
    Step("copy onto itself changing nothing is InvalidRequest", lambda s: s.s3.copy_object(
        Bucket=MAIN, Key="4k", CopySource={"Bucket": MAIN, "Key": "4k"})),
    Step("copy a missing key", lambda s: s.s3.copy_object(
        Bucket=MAIN, Key="copies/none", CopySource={"Bucket": MAIN, "Key": "missing"})),
    Step("copy from a missing bucket", lambda s: s.s3.copy_object(
        Bucket=MAIN, Key="copies/none", CopySource={"Bucket": "dt-missing", "Key": "k"})),
]

MULTIPART = [
    Step("create a multipart upload", lambda s: s.s3.create_multipart_upload(
        Bucket=MAIN, Key="mpu/object", ContentType="video/mp4", Metadata={"parts": "3"}), save={"up": "UploadId"}),
    *[upload_part("mpu/object", "up", n, body) for n, body in enumerate(PARTS, start=1)],
    Step("list parts", lambda s: s.s3.list_parts(Bucket=MAIN, Key="mpu/object", UploadId=s.saved["up"])),
    Step("list multipart uploads", lambda s: s.s3.list_multipart_uploads(Bucket=MAIN)),
    complete("complete with a wrong ETag is InvalidPart", "mpu/object", "up", [(1, "up.1"), (2, "up.1"), (3, "up.3")]),
    complete("complete with a part never uploaded is InvalidPart", "mpu/object", "up",
             [(1, "up.1"), (2, "up.2"), (4, "up.3")]),
    complete("complete out of order is InvalidPartOrder", "mpu/object", "up", [(2, "up.2"), (1, "up.1"), (3, "up.3")],
             skip_reference=True, expect={"Error": "InvalidPartOrder", "HTTPStatusCode": 400},
             why="moto completes the upload with the parts in the order listed: its order check "
                 "(moto/s3/responses.py, _complete_multipart_body) never updates `prev`"),
    complete("complete the upload", "mpu/object", "up", [(1, "up.1"), (2, "up.2"), (3, "up.3")],
             expect=_minus("VersionId"), why="moto returns VersionId 'null' from an unversioned bucket"),
    head("head the completed object", "mpu/object"),
    get("get the completed object", "mpu/object"),
    get("range across a part boundary", "mpu/object", Range=f"bytes={5 * MiB - 5}-{5 * MiB + 4}"),
    get("get one part by number", "mpu/object", PartNumber=2,
        expect=_plus(Body=Body(PARTS[1]), ContentLength=5 * MiB, PartsCount=3, HTTPStatusCode=206,
                     ContentRange=f"bytes {5 * MiB}-{10 * MiB - 1}/{10 * MiB + 100}"),
        why="moto ignores PartNumber on GET and returns the whole object with 200"),
    Step("list parts of a completed upload is NoSuchUpload", lambda s: s.s3.list_parts(
        Bucket=MAIN, Key="mpu/object", UploadId=s.saved["up"])),
    Step("create an upload to abort", lambda s: s.s3.create_multipart_upload(Bucket=MAIN, Key="mpu/small"),
         save={"small": "UploadId"}),
    *[upload_part("mpu/small", "small", n, body) for n, body in enumerate(SMALL_PARTS, start=1)],
    complete("complete with a small part before the last is EntityTooSmall", "mpu/small", "small",
             [(1, "small.1"), (2, "small.2")]),
    Step("create an upload of a key that sorts first", lambda s: s.s3.create_multipart_upload(
        Bucket=MAIN, Key="mpu/a-second"), save={"second": "UploadId"}),
    Step("list two uploads", lambda s: s.s3.list_multipart_uploads(Bucket=MAIN),
         expect=_sorted("Uploads", "Key"), why="moto lists uploads in creation order, S3 by key"),
    Step("abort an upload", lambda s: s.s3.abort_multipart_upload(
        Bucket=MAIN, Key="mpu/small", UploadId=s.saved["small"])),
    Step("list uploads after the abort", lambda s: s.s3.list_multipart_uploads(Bucket=MAIN)),
    Step("upload a part to an aborted upload is NoSuchUpload", lambda s: s.s3.upload_part(
        Bucket=MAIN, Key="mpu/small", UploadId=s.saved["small"], PartNumber=3, Body=b"late"),
         expect={"Error": "NoSuchUpload", "HTTPStatusCode": 404}, why="moto raises KeyError from its backend"),
    complete("complete an aborted upload is NoSuchUpload", "mpu/small", "small", [(1, "small.1")],
             expect={"Error": "NoSuchUpload", "HTTPStatusCode": 404}, why="moto raises KeyError from its backend"),
    Step("upload part number 0 is InvalidArgument", lambda s: s.s3.upload_part(
        Bucket=MAIN, Key="mpu/a-second", UploadId=s.saved["second"], PartNumber=0, Body=b"zero"),
         expect={"Error": "InvalidArgument", "HTTPStatusCode": 400}, why="moto answers NoSuchUpload"),
    Step("list parts of an unknown upload is NoSuchUpload", lambda s: s.s3.list_parts(
        Bucket=MAIN, Key="mpu/small", UploadId="not-an-upload")),
    Step("abort an unknown upload is NoSuchUpload", lambda s: s.s3.abort_multipart_upload(
        Bucket=MAIN, Key="mpu/small", UploadId="not-an-upload")),
    Step("abort the other upload", lambda s: s.s3.abort_multipart_upload(
        Bucket=MAIN, Key="mpu/a-second", UploadId=s.saved["second"])),
    Step("list uploads when none are left", lambda s: s.s3.list_multipart_uploads(Bucket=MAIN)),
]

VERSIONING = [
    Step("versioning of a new bucket", lambda s: s.s3.get_bucket_versioning(Bucket=VERSIONS)),
    put("before", b"before versioning", bucket=VERSIONS),
    Step("enable versioning", lambda s: s.s3.put_bucket_versioning(
        Bucket=VERSIONS, VersioningConfiguration={"Status": "Enabled"})),
    Step("versioning once enabled", lambda s: s.s3.get_bucket_versioning(Bucket=VERSIONS)),
    *[Step(f"put version {n}", lambda s, n=n: s.s3.put_object(Bucket=VERSIONS, Key="doc", Body=f"v{n}".encode()),
           save={f"v{n}": "VersionId"}) for n in (1, 2, 3)],
    put("other", b"other", bucket=VERSIONS),
    get("get the latest version", "doc", bucket=VERSIONS),
    Step("get the first version", lambda s: s.s3.get_object(Bucket=VERSIONS, Key="doc", VersionId=s.saved["v1"])),
    Step("head the second version", lambda s: s.s3.head_object(Bucket=VERSIONS, Key="doc", VersionId=s.saved["v2"])),
    Step("get the pre-versioning object as version null", lambda s: s.s3.get_object(
        Bucket=VERSIONS, Key="before", VersionId="null"),
         expect=_plus(VersionId="null"), why="moto never sends x-amz-version-id: null for the null version"),
    Step("delete without a version id adds a delete marker", lambda s: s.s3.delete_object(
        Bucket=VERSIONS, Key="doc"), save={"marker": "VersionId"}),
    get("get behind a delete marker is NoSuchKey", "doc", bucket=VERSIONS),
    head("head behind a delete marker is a bare 404", "doc", bucket=VERSIONS),
    Step("get a delete marker by version id is MethodNotAllowed", lambda s: s.s3.get_object(
        Bucket=VERSIONS, Key="doc", VersionId=s.saved["marker"]),
         expect={"Error": "MethodNotAllowed", "HTTPStatusCode": 405}, why="moto answers NoSuchVersion (404)"),
    Step("head a delete marker by version id is a bare 405", lambda s: s.s3.head_object(
        Bucket=VERSIONS, Key="doc", VersionId=s.saved["marker"])),
    versions("list versions and delete markers"),
    pages("page through versions, 2 a page", "list_object_versions",
          {"NextKeyMarker": "KeyMarker", "NextVersionIdMarker": "VersionIdMarker"}, bucket=VERSIONS, MaxKeys=2,
          expect=_echo_encoding_type, why="moto does not echo the EncodingType botocore sends"),
    Step("delete a version by id", lambda s: s.s3.delete_object(Bucket=VERSIONS, Key="doc", VersionId=s.saved["v2"])),
    Step("get a deleted version is NoSuchVersion", lambda s: s.s3.get_object(
        Bucket=VERSIONS, Key="doc", VersionId=s.saved["v2"])),
    Step("delete the delete marker by id", lambda s: s.s3.delete_object(
        Bucket=VERSIONS, Key="doc", VersionId=s.saved["marker"]),
         expect=_plus(DeleteMarker=True), why="moto leaves out x-amz-delete-marker: true"),
    get("get once the marker is gone", "doc", bucket=VERSIONS),
    Step("get a malformed version id is InvalidArgument", lambda s: s.s3.get_object(
        Bucket=VERSIONS, Key="doc", VersionId="not-a-version"),
         expect={"Error": "InvalidArgument", "HTTPStatusCode": 400}, why="moto answers NoSuchVersion (404)"),
    Step("copy an older version", lambda s: s.s3.copy_object(
        Bucket=VERSIONS, Key="doc/copy", CopySource={"Bucket": VERSIONS, "Key": "doc", "VersionId": s.saved["v1"]})),
    Step("copy the latest version across buckets", lambda s: s.s3.copy_object(
        Bucket=WEST, Key="latest-doc", CopySource={"Bucket": VERSIONS, "Key": "doc"})),
    versions("list versions with a prefix", Prefix="doc"),
    versions("list versions with a delimiter", Delimiter="/"),
    Step("delete another key, adding a marker", lambda s: s.s3.delete_object(Bucket=VERSIONS, Key="other"),
         save={"other marker": "VersionId"}),
    Step("delete that marker in a batch", lambda s: s.s3.delete_objects(Bucket=VERSIONS, Delete={
        "Objects": [{"Key": "other", "VersionId": s.saved["other marker"]}]}),
         expect=_flag_deleted_markers, why="moto does not flag the deleted marker"),
    Step("delete a bucket holding versions is BucketNotEmpty", lambda s: s.s3.delete_bucket(Bucket=VERSIONS)),
    Step("set an unknown versioning status is MalformedXML", lambda s: s.s3.put_bucket_versioning(
        Bucket=VERSIONS, VersioningConfiguration={"Status": "Paused"}), skip_reference=True,
         expect={"Error": "MalformedXML", "HTTPStatusCode": 400}, why="moto accepts any status"),
    Step("suspend versioning", lambda s: s.s3.put_bucket_versioning(
        Bucket=VERSIONS, VersioningConfiguration={"Status": "Suspended"})),
    Step("versioning once suspended", lambda s: s.s3.get_bucket_versioning(Bucket=VERSIONS)),
    *[Step(f"put {body!r} while suspended", lambda s, body=body: s.s3.put_object(
        Bucket=VERSIONS, Key="suspended", Body=body),
        expect=_plus(VersionId="null"), why="moto leaves out VersionId 'null' in a suspended bucket")
      for body in (b"first", b"second")],
    Step("get while suspended", lambda s: s.s3.get_object(Bucket=VERSIONS, Key="suspended"),
         expect=_plus(VersionId="null"), why="moto never sends x-amz-version-id: null for the null version"),
    versions("list the null version", Prefix="suspended"),
    Step("delete every version at once", lambda s: _delete_all_versions(s, VERSIONS)),
    versions("list versions of the emptied bucket"),
    # moto makes no delete marker for a key that does not exist, so it would then
    # delete the bucket: these three steps are S3's answers, kept away from moto.
    Step("delete a missing key while suspended adds a null marker", lambda s: s.s3.delete_object(
        Bucket=VERSIONS, Key="ghost"), skip_reference=True,
         expect={"DeleteMarker": True, "VersionId": "null", "HTTPStatusCode": 204},
         why="moto adds no delete marker when the key does not exist"),
    Step("delete a bucket holding only a delete marker is BucketNotEmpty", lambda s: s.s3.delete_bucket(
        Bucket=VERSIONS), skip_reference=True, expect={"Error": "BucketNotEmpty", "HTTPStatusCode": 409},
         why="moto has no marker here, so it deletes the bucket"),
    Step("delete the null marker", lambda s: s.s3.delete_object(Bucket=VERSIONS, Key="ghost", VersionId="null"),
         skip_reference=True, expect={"DeleteMarker": True, "VersionId": "null", "HTTPStatusCode": 204},
         why="moto has no marker to delete"),
    Step("delete the emptied versioned bucket", lambda s: s.s3.delete_bucket(Bucket=VERSIONS)),
]

DELETES = [
    Step("delete an object", lambda s: s.s3.delete_object(Bucket=MAIN, Key="empty")),
    Step("delete a missing key succeeds", lambda s: s.s3.delete_object(Bucket=MAIN, Key="missing")),
    get("get the deleted object is NoSuchKey", "empty"),
    Step("delete several objects, one missing", lambda s: s.s3.delete_objects(Bucket=MAIN, Delete={
        "Objects": [{"Key": "one"}, {"Key": "copies/4k"}, {"Key": "never-there"}]})),
    Step("delete objects quietly", lambda s: s.s3.delete_objects(Bucket=MAIN, Delete={
        "Objects": [{"Key": "utf/z"}, {"Key": "utf/A"}], "Quiet": True}),
         expect=_minus("Deleted"), why="moto ignores Quiet and lists what it deleted"),
    Step("delete a bucket that is not empty is BucketNotEmpty", lambda s: s.s3.delete_bucket(Bucket=MAIN)),
    listing("list what is left"),
    Step("delete everything left", lambda s: _delete_all_versions(s, MAIN)),
    listing("list the emptied bucket"),
    Step("delete the emptied bucket", lambda s: s.s3.delete_bucket(Bucket=MAIN)),
    Step("head the deleted bucket", lambda s: s.s3.head_bucket(Bucket=MAIN)),
    Step("delete a missing bucket is NoSuchBucket", lambda s: s.s3.delete_bucket(Bucket=MAIN)),
    Step("empty the regional bucket", lambda s: s.regional.delete_objects(Bucket=WEST, Delete={
        "Objects": [{"Key": "from-main"}, {"Key": "latest-doc"}]})),
    Step("delete the regional bucket", lambda s: s.regional.delete_bucket(Bucket=WEST)),
    Step("list buckets at the end", lambda s: s.s3.list_buckets()),
]

SESSION: list[Step] = [*BUCKETS, *OBJECTS, *RANGES, *MISSING, *LISTINGS, *COPIES, *MULTIPART, *VERSIONING, *DELETES]


@pytest.fixture(scope="module")
def moto_outcomes():
    with moto.mock_aws():
        session = Session(
            s3=boto3.client("s3", region_name="us-east-1", config=BOTO_CONFIG),
            regional=boto3.client("s3", region_name=REGION, config=BOTO_CONFIG),
        )
        return Recorder(session, reference=True).run(SESSION)


def test_labcloud_answers_the_scripted_session_like_s3(cloud, moto_outcomes):
    session = Session(s3=cloud.client("s3"), regional=cloud.client("s3", region_name=REGION))

    outcomes = Recorder(session).run(SESSION)

    report = differences(SESSION, moto_outcomes, outcomes)
    assert not report, f"{len(report)} difference(s) over {cloud.endpoint}:\n" + "\n".join(report)


def test_the_session_provokes_every_error_it_means_to(moto_outcomes):
    """Guards the script itself: each error it is meant to cover is S3's answer at some step."""
    assert len({step.name for step in SESSION}) == len(SESSION), "step names must be unique"
    expected = {step.name: step.truth(ref.value) for step, ref in zip(SESSION, moto_outcomes, strict=True)}
    reached = {(o["Error"], o["HTTPStatusCode"]) for o in expected.values() if "Error" in o}

    assert reached >= {
        ("NoSuchBucket", 404), ("NoSuchKey", 404), ("NoSuchUpload", 404), ("NoSuchVersion", 404),
        ("BucketNotEmpty", 409), ("BucketAlreadyOwnedByYou", 409), ("InvalidRange", 416), ("InvalidPart", 400),
        ("InvalidPartOrder", 400), ("EntityTooSmall", 400), ("InvalidRequest", 400), ("MethodNotAllowed", 405),
        ("404", 404), ("405", 405), ("304", 304), ("PreconditionFailed", 412), ("InvalidArgument", 400),
        ("MalformedXML", 400), ("IllegalLocationConstraintException", 400), ("InvalidLocationConstraint", 400),
    }
    assert not [name for name, o in expected.items() if "Crash" in o or "Skipped" in o]
