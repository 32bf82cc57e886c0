"""Replay one scripted session against two S3 implementations and compare them.

A session is a list of named ``Step``s. A ``Recorder`` runs every step against
one system and keeps, for each, a normalised ``Outcome``: the response with the
fields that legitimately differ between systems taken out (``IGNORED``) or
brought to a comparable form (``NORMALISED``), or else the error code and HTTP
status. ``differences`` walks two such transcripts and names every difference
by step and field path, with both values.

Version ids and upload ids are opaque and differ by design, so each system's
ids are renamed by the order they first appear ("version#1", "upload#2", ...),
which is the order they were created in, as the step that creates a version or
an upload records its id. Two systems agree when they hand out, return and
accept the *same* ids at the *same* places, whatever the ids look like.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import botocore.exceptions

import labcloud

# Fields left out of the comparison, by name wherever they occur in a response,
# each with the reason it may legitimately differ between two correct systems.
IGNORED: Mapping[str, str] = {
    # Timestamps: each system stamps its own clock.
    "LastModified": "timestamp",
    "CreationDate": "timestamp",
    "Initiated": "timestamp",
    # In ResponseMetadata (whose HTTPStatusCode is kept): per-request and transport details.
    "RequestId": "a fresh id per request",
    "HostId": "a fresh id per request",
    "HTTPHeaders": "raw HTTP headers; labcloud has none (gRPC or in-process), their content is in the fields",
    "RetryAttempts": "botocore's retry bookkeeping",
}
# Not listed, because in this session moto sends none of them: checksum fields
# (ChecksumAlgorithm, ChecksumType, ChecksumCRC32, ...; BOTO_CONFIG keeps botocore
# from asking for them) and ServerSideEncryption. Should a moto upgrade start
# sending them, they show up as differences and belong here: labcloud does not
# model checksums or encryption at rest.

# Fields compared in a normalised form rather than verbatim, and why.
NORMALISED: Mapping[str, str] = {
    "VersionId": "opaque per system: renamed version#N by first appearance ('null' kept)",
    "VersionIdMarker": "a version id",
    "NextVersionIdMarker": "a version id",
    "DeleteMarkerVersionId": "a version id",
    "CopySourceVersionId": "a version id",
    "UploadId": "opaque per system: renamed upload#N by first appearance",
    "UploadIdMarker": "an upload id",
    "NextUploadIdMarker": "an upload id",
    "ContinuationToken": "opaque per system: only its presence is compared; the pages it leads to are",
    "NextContinuationToken": "opaque per system: only its presence is compared; the pages it leads to are",
    "Location": "a URL on the answering host: compared as the path-style bucket/key it names",
    "Owner": "each system's own account: present in the same places, with the same keys; "
             "the values (ID, DisplayName) are not compared",
    "Initiator": "as Owner",
    "ResponseMetadata": "its HTTPStatusCode (200, 204, 206, ...) is compared as a top-level field",
    "Body": "read fully and compared byte for byte",
}
VERSION_ID_FIELDS = ("VersionId", "VersionIdMarker", "NextVersionIdMarker", "DeleteMarkerVersionId",
                     "CopySourceVersionId")
UPLOAD_ID_FIELDS = ("UploadId", "UploadIdMarker", "NextUploadIdMarker")
TOKEN_FIELDS = ("ContinuationToken", "NextContinuationToken")

CLIENT_ERRORS = (botocore.exceptions.ClientError, labcloud.ClientError)


@dataclass
class Session:
    """What a step runs against: clients of one system, and response fields saved for later steps."""

    s3: Any  # a client in us-east-1
    regional: Any  # a client in REGION
    saved: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One call (or a short loop of calls, like paging) of the scripted session.

    ``save`` remembers response fields for later steps: {"name": "Field"}.

    Where the reference (moto) is known to answer differently from S3, ``expect``
    states the documented S3 outcome instead, either as a value or as a function
    that corrects the reference's outcome, and ``why`` says how the reference
    deviates. ``skip_reference`` keeps the call away from the reference
    altogether, for steps whose wrong answer would also leave it in a state
    that S3 would not be in (later steps would then compare against that).
    """

    name: str
    call: Callable[[Session], Any]
    save: Mapping[str, str] = field(default_factory=dict)
    expect: Any = None
    why: str = ""
    skip_reference: bool = False

    def __post_init__(self) -> None:
        if (self.expect is not None or self.skip_reference) != bool(self.why):
            raise ValueError(f"step {self.name!r}: a corrected expectation needs a reason, and only then")
        if self.skip_reference and (self.expect is None or callable(self.expect)):
            raise ValueError(f"step {self.name!r}: a step kept from the reference needs a literal expect")

    def truth(self, reference: Any) -> Any:
        """What S3 answers here, given the reference's outcome."""
        if self.expect is None:
            return reference
        return self.expect(reference) if callable(self.expect) else self.expect


@dataclass
class Outcome:
    step: str
    value: Any  # normalised response, or {"Error": code, "HTTPStatusCode": status}


class _Ids:
    """Renames one system's opaque ids to "<kind>#<n>" in order of first appearance."""

    def __init__(self, kind: str):
        self.kind = kind
        self.names: dict[str, str] = {}

    def __call__(self, value: str) -> str:
        if value in ("", "null"):
            return value  # S3's fixed names, compared as they are
        return self.names.setdefault(value, f"{self.kind}#{len(self.names) + 1}")


class Recorder:
    """Runs steps against one system and keeps their normalised outcomes."""

    def __init__(self, session: Session, reference: bool = False):
        self.session = session
        self.reference = reference
        self.versions = _Ids("version")
        self.uploads = _Ids("upload")
        self.outcomes: list[Outcome] = []

    def run(self, steps: list[Step]) -> list[Outcome]:
        for step in steps:
            if self.reference and step.skip_reference:
                self.outcomes.append(Outcome(step.name, {"Skipped": step.why}))
                continue
            try:
                response = step.call(self.session)
            except CLIENT_ERRORS as error:
                value = {
                    "Error": error.response["Error"]["Code"],
                    "HTTPStatusCode": error.response["ResponseMetadata"]["HTTPStatusCode"],
                }
            except Exception as error:
                if not self.reference:
                    raise AssertionError(f"step {step.name!r} raised") from error
                # moto crashes on a few calls; a crash is then its outcome, for the step to correct.
                value = {"Crash": f"{type(error).__name__}: {error}"}
            else:
                for name, key in step.save.items():
                    self.session.saved[name] = response[key]
                value = self.normalise(response)
            self.outcomes.append(Outcome(step.name, value))
        return self.outcomes

    def normalise(self, value: Any, key: str = "") -> Any:
        if key in ("Owner", "Initiator"):
            return {k: "<account>" for k in value}
        if isinstance(value, Mapping):
            out = {}
            for k, v in value.items():
                if k in IGNORED:
                    continue
                if k == "ResponseMetadata":  # keep the status (206, 204, ...) at the top
                    meta = self.normalise(v, k)
                    out["HTTPStatusCode"] = meta.pop("HTTPStatusCode")
                    if meta:
                        out[k] = meta
                else:
                    out[k] = self.normalise(v, k)
            return out
        if isinstance(value, list | tuple):
            return [self.normalise(v, key) for v in value]
        if key == "Body":
            return Body(value.read())
        if key in VERSION_ID_FIELDS:
            return self.versions(value)
        if key in UPLOAD_ID_FIELDS:
            return self.uploads(value)
        if key in TOKEN_FIELDS:
            return "<token>"
        if key == "Location":
            return path_style(value)
        return value


def path_style(location: str) -> str:
    """A Location as the path-style URI of what it names: the endpoint's host is not compared.

    S3 (and moto, for multipart uploads) answer with a URL on their own host,
    virtual-hosted ("http://bucket.s3.amazonaws.com/key", "http://bucket.s3.amazonaws.com/");
    labcloud has no HTTP host and answers with the path ("/bucket/key", "/bucket").
    Both name the same bucket and key.
    """
    parts = urllib.parse.urlsplit(location)
    path = urllib.parse.unquote(parts.path)
    if parts.netloc and ".s3." in parts.netloc:  # virtual-hosted: the bucket is in the host name
        path = f"/{parts.netloc.split('.s3.', 1)[0]}{path}"
    return path.rstrip("/") or "/"  # a bucket's URL ends in "/", its path does not


class Body(bytes):
    """Object bytes, shown in reports by length and digest rather than in full."""

    def __repr__(self) -> str:
        if len(self) <= 32:
            return f"Body({bytes(self)!r})"
        return f"Body({len(self)} bytes, sha256 {hashlib.sha256(self).hexdigest()[:16]}, head {bytes(self[:8])!r})"


ABSENT = "<absent>"


def compare(expected: Any, actual: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """Every difference between two normalised values, as (field path, expected, actual)."""
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        diffs = []
        for k in sorted(set(expected) | set(actual), key=str):
            diffs += compare(expected.get(k, ABSENT), actual.get(k, ABSENT), f"{path}.{k}" if path else str(k))
        return diffs
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [d for i, (e, a) in enumerate(zip(expected, actual, strict=True)) for d in compare(e, a, f"{path}[{i}]")]
    same_type = type(expected) is type(actual) or (isinstance(expected, bytes) and isinstance(actual, bytes))
    if same_type and expected == actual:
        return []
    return [(path or "(outcome)", expected, actual)]


def differences(steps: list[Step], reference: list[Outcome], actual: list[Outcome],
                reference_name: str = "moto", actual_name: str = "labcloud") -> list[str]:
    """One line per field where ``actual`` departs from S3 (the reference, or a step's ``expect``)."""
    report = []
    for step, ref, got in zip(steps, reference, actual, strict=True):
        truth = step.truth(ref.value)
        if step.expect is None:
            source = reference_name
        else:
            source = f"S3 ({reference_name} corrected)" if callable(step.expect) else "S3 (documented)"
        for path, want, have in compare(truth, got.value):
            note = ""
            if isinstance(want, bytes) and isinstance(have, bytes):
                note = f" (first difference at byte {_first_difference(want, have)})"
            report.append(f"[{step.name}] {path}: {source}={want!r} {actual_name}={have!r}{note}")
    return report


def _first_difference(a: bytes, b: bytes) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
