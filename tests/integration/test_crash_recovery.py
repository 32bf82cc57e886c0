"""Nothing acknowledged is lost when `labcloud up` is killed with SIGKILL.

Client threads, each over its own ``Cloud.connect``, stream writes at a real
``labcloud up`` process: PUTs from 0 B to 3 MiB (inline in the log up to
1 MiB, blob files above), overwrites of the same keys, deletes and multipart
uploads, while a model records every call that returned (was acknowledged)
and the one call per key that may have been in flight. After a seeded random
delay the server is SIGKILLed by its pid and restarted on the same data
directory, and every key must hold the state of its last acknowledged write,
or of a later write that was in flight at the kill: byte for byte, with the
ETag S3 would give, and the listing must agree with the reads. The directory
is crashed several times over, accumulating state, then stopped cleanly and
opened once more.

A failure names the seed (rerun with LABCLOUD_CRASH_SEED=<seed>; the thread
interleaving is not replayed, only the sizes, keys, operations and delays),
the key and what was expected against what was found.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import random
import shutil
import threading
import time
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

from _server import free_port
from labcloud import Cloud

BUCKETS = ("crash-left", "crash-right")
THREADS = 4
KEYS_PER_THREAD = 5            # written in every round: overwritten across crashes
ROUND_KEYS_PER_THREAD = 3      # new in each round: the state grows round by round
INLINE_MAX = 1 << 20           # the engine keeps bodies up to this size inline in its log
MAX_PUT = 3 << 20
MIN_PART = 5 << 20             # every multipart part but the last is at least this large
DELETE_SHARE = 0.08
KILL_DELAY = (0.2, 7.0)        # seconds of load before the kill, drawn per round; the engine
                               # compacts every 5 s, so some kills land in a compaction pass
RESTART_TIMEOUT = 30.0


def _seed() -> int:
    chosen = os.environ.get("LABCLOUD_CRASH_SEED")
    return int(chosen) if chosen else random.SystemRandom().randrange(2**32)


def body(seed: int, size: int) -> bytes:
    return random.Random(seed).randbytes(size)


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


@dataclasses.dataclass(eq=False)
class Version:
    """One write to a key, and what the key holds if it is the last write to land."""

    bucket: str
    key: str
    number: int                 # position in the key's history (1 = first write)
    round: int
    op: str                     # "put", "multipart" or "delete"
    pieces: tuple[tuple[int, int], ...] = ()   # (seed, size) of the body, one per part
    size: int = 0
    md5: str = ""
    etag: str = ""
    acked: bool = False

    @classmethod
    def of(cls, bucket: str, key: str, number: int, rnd: int, op: str, bodies: list[tuple[int, bytes]]) -> Version:
        data = b"".join(b for _, b in bodies)
        if op == "multipart":
            digest = hashlib.md5(b"".join(hashlib.md5(b).digest() for _, b in bodies)).hexdigest()
            etag = f'"{digest}-{len(bodies)}"'
        else:
            etag = f'"{md5_hex(data)}"' if op == "put" else ""
        return cls(bucket, key, number, rnd, op, tuple((s, len(b)) for s, b in bodies),
                   len(data), md5_hex(data) if op != "delete" else "", etag)

    @property
    def present(self) -> bool:
        return self.op != "delete"

    def data(self) -> bytes:
        return b"".join(body(seed, size) for seed, size in self.pieces)

    def describe(self) -> str:
        state = "acknowledged" if self.acked else "in flight at the kill"
        what = "delete" if not self.present else f"{self.op} of {self.size} B, md5 {self.md5}, ETag {self.etag}"
        return f"write #{self.number} (round {self.round}, {state}): {what}"


NEVER_WRITTEN = Version("", "", 0, -1, "delete", acked=True)


class KeyHistory:
    """Every write ever sent to one key, in the order its (single) writer thread sent them."""

    def __init__(self, bucket: str, key: str):
        self.bucket, self.key = bucket, key
        self.versions: list[Version] = []
        self.settled = NEVER_WRITTEN   # the state found at the last recovery
        self.decided = 0               # writes up to this number were decided then, landed or not

    def candidates(self) -> list[Version]:
        """The states the key may hold after a crash: the last acknowledged (or
        last observed) one, or any later write that was still in flight."""
        base, later = self.settled, []
        for version in self.versions:
            if version.number <= self.decided:
                continue
            if version.acked:
                base, later = version, []
            else:
                later.append(version)
        return [base, *later]

    def settle(self, found: Version) -> None:
        """After a recovery: the key holds ``found``; writes in flight before now that did not land never will."""
        self.settled, self.decided = found, len(self.versions)


@dataclasses.dataclass(eq=False)
class Upload:
    """A multipart upload: its parts sent and acknowledged, and how far completion got."""

    bucket: str
    key: str
    upload_id: str
    sent: dict[int, tuple[str, int]] = dataclasses.field(default_factory=dict)   # part -> (ETag, size)
    acked: set[int] = dataclasses.field(default_factory=set)
    completion: Version | None = None   # set when CompleteMultipartUpload was sent


class Model:
    def __init__(self, seed: int):
        self.seed = seed
        self.keys: dict[tuple[str, str], KeyHistory] = {}
        self.uploads: list[Upload] = []
        self.creates_in_flight: set[tuple[str, str]] = set()   # CreateMultipartUpload with no answer
        self.problems: list[str] = []
        self._lock = threading.Lock()

    def history(self, bucket: str, key: str) -> KeyHistory:
        with self._lock:
            return self.keys.setdefault((bucket, key), KeyHistory(bucket, key))

    def add_upload(self, upload: Upload) -> None:
        with self._lock:
            self.uploads.append(upload)

    def problem(self, message: str) -> None:
        with self._lock:
            self.problems.append(message)


@dataclasses.dataclass
class RoundStats:
    puts: int = 0
    deletes: int = 0
    multiparts: int = 0
    parts: int = 0
    bytes: int = 0

    @property
    def acked(self) -> int:
        return self.puts + self.deletes + self.multiparts + self.parts

    def add(self, other: RoundStats) -> None:
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


def _put_size(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.10:
        return 0
    if r < 0.45:
        return rng.randint(1, 64 << 10)
    if r < 0.70:
        return rng.randint((64 << 10) + 1, INLINE_MAX - 1)
    if r < 0.78:
        return rng.choice([INLINE_MAX, INLINE_MAX + 1])     # either side of the inline/blob boundary
    return rng.randint(INLINE_MAX + 2, MAX_PUT)


class Writer(threading.Thread):
    """Streams writes to the keys this thread alone owns until the server dies.

    The first failed call ends the thread: if the server was being killed, that
    call was in flight and may or may not have landed; before the kill, any
    failure is a problem in itself.
    """

    def __init__(self, model: Model, endpoint: str, tid: int, rnd: int, seed: int, killed: threading.Event):
        super().__init__(name=f"writer-{tid}", daemon=True)
        self.model, self.endpoint, self.tid, self.rnd, self.killed = model, endpoint, tid, rnd, killed
        self.rng = random.Random(seed)
        self.stats = RoundStats()
        keys = [f"t{tid}/k{j}" for j in range(KEYS_PER_THREAD)] + [f"t{tid}/déjà vu/ключ {tid}"]
        keys += [f"r{rnd}/t{tid}/k{j}" for j in range(ROUND_KEYS_PER_THREAD)]
        self.keys = [(BUCKETS[(tid + j) % len(BUCKETS)], key) for j, key in enumerate(keys)]
        # Two threads complete a multipart upload each round; a third leaves one open.
        self.multipart_at = self.rng.randint(2, 12) if tid in (0, 1) else None
        self.open_upload_at = self.rng.randint(2, 12) if tid == 2 else None

    def run(self) -> None:
        try:
            with Cloud.connect(self.endpoint) as cloud:
                # No retries: exactly one write per thread is in flight at the kill.
                s3 = cloud.client("s3", retries={"max_attempts": 0})
                step = 0
                while True:
                    step += 1
                    if step == self.multipart_at:
                        self.multipart(s3, complete=True)
                    elif step == self.open_upload_at:
                        self.multipart(s3, complete=False)
                    elif self.rng.random() < DELETE_SHARE:
                        self.delete(s3)
                    else:
                        self.put(s3)
        except _InFlight:
            pass   # the server is gone: this thread's last call stays undecided
        except Exception:
            self.model.problem(f"writer {self.tid} failed before the kill:\n{traceback.format_exc()}")

    def _call(self, what: str, call: Any, **params: Any) -> dict:
        try:
            return call(**params)
        except Exception as error:
            if self.killed.is_set():
                raise _InFlight from error
            raise AssertionError(f"{what} failed while the server was up: {error!r}") from error

    def _new_version(self, op: str, bodies: list[tuple[int, bytes]], key: tuple[str, str] | None = None) -> Version:
        bucket, name = key or self.rng.choice(self.keys)
        history = self.model.history(bucket, name)
        version = Version.of(bucket, name, len(history.versions) + 1, self.rnd, op, bodies)
        history.versions.append(version)
        return version

    def _check_etag(self, what: str, got: str, expected: str) -> None:
        if got != expected:
            self.model.problem(f"seed {self.model.seed}: {what} was acknowledged with ETag {got}, expected {expected}")

    def put(self, s3: Any) -> None:
        seed = self.rng.getrandbits(64)
        data = body(seed, _put_size(self.rng))
        v = self._new_version("put", [(seed, data)])
        r = self._call(f"PUT {v.bucket}/{v.key}", s3.put_object, Bucket=v.bucket, Key=v.key, Body=data)
        v.acked = True
        self._check_etag(f"PUT {v.bucket}/{v.key} ({v.size} B)", r["ETag"], v.etag)
        self.stats.puts += 1
        self.stats.bytes += v.size

    def delete(self, s3: Any) -> None:
        v = self._new_version("delete", [])
        self._call(f"DELETE {v.bucket}/{v.key}", s3.delete_object, Bucket=v.bucket, Key=v.key)
        v.acked = True
        self.stats.deletes += 1

    def multipart(self, s3: Any, complete: bool) -> None:
        bucket, key = self.rng.choice(self.keys)
        pieces = [self.rng.getrandbits(64) for _ in range(2)]
        sizes = [MIN_PART, self.rng.randint(1, 2 << 20)]
        self.model.creates_in_flight.add((bucket, key))
        created = self._call(f"CreateMultipartUpload {bucket}/{key}", s3.create_multipart_upload,
                             Bucket=bucket, Key=key)
        self.model.creates_in_flight.discard((bucket, key))
        upload = Upload(bucket, key, created["UploadId"])
        self.model.add_upload(upload)
        bodies = []
        for number, (seed, size) in enumerate(zip(pieces, sizes, strict=True), start=1):
            data = body(seed, size)
            bodies.append((seed, data))
            etag = f'"{md5_hex(data)}"'
            upload.sent[number] = (etag, size)
            r = self._call(f"UploadPart {number} of {bucket}/{key}", s3.upload_part, Bucket=bucket, Key=key,
                           UploadId=upload.upload_id, PartNumber=number, Body=data)
            upload.acked.add(number)
            self._check_etag(f"UploadPart {number} of {bucket}/{key}", r["ETag"], etag)
            self.stats.parts += 1
        if not complete:
            return
        v = self._new_version("multipart", bodies, key=(bucket, key))
        upload.completion = v
        parts = [{"PartNumber": n, "ETag": upload.sent[n][0]} for n in sorted(upload.sent)]
        r = self._call(f"CompleteMultipartUpload {bucket}/{key}", s3.complete_multipart_upload, Bucket=bucket,
                       Key=key, UploadId=upload.upload_id, MultipartUpload={"Parts": parts})
        v.acked = True
        self._check_etag(f"CompleteMultipartUpload {bucket}/{key}", r["ETag"], v.etag)
        self.stats.multiparts += 1
        self.stats.bytes += v.size


class _InFlight(Exception):
    """A call failed because the server was killed under it."""


# Checks after a restart


def _listing(s3: Any, bucket: str) -> dict[str, dict]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 17})
    return {o["Key"]: o for page in pages for o in page.get("Contents", [])}


def _read(s3: Any, bucket: str, key: str) -> tuple[bytes, str] | None:
    try:
        r = s3.get_object(Bucket=bucket, Key=key)
    except s3.exceptions.NoSuchKey:
        return None
    return r["Body"].read(), r["ETag"]


def _found(found: tuple[bytes, str] | None) -> str:
    if found is None:
        return "no object (NoSuchKey)"
    data, etag = found
    return f"{len(data)} B, md5 {md5_hex(data)}, ETag {etag}"


def _matches(version: Version, found: tuple[bytes, str] | None) -> bool:
    if found is None or not version.present:
        return found is None and not version.present
    data, etag = found
    return (len(data), md5_hex(data), etag) == (version.size, version.md5, version.etag) and data == version.data()


@dataclasses.dataclass
class Verified:
    objects: int = 0            # keys that hold an object, each checked byte for byte
    absent: int = 0             # keys rightly without one (deleted, or never landed)
    undecided: int = 0          # keys whose last write was in flight at the kill
    landed: int = 0             # ... and of those, keys where that write had landed


def verify_objects(s3: Any, model: Model) -> tuple[Verified, list[str]]:
    """Every key holds an allowed state; listings agree with reads."""
    problems, verified = [], Verified()
    listings = {bucket: _listing(s3, bucket) for bucket in BUCKETS}
    for (bucket, key), history in sorted(model.keys.items()):
        try:
            found = _read(s3, bucket, key)
        except Exception as error:
            problems.append(f"{bucket}/{key}: GetObject failed after the restart: {error!r}")
            continue
        candidates = history.candidates()
        match = next((c for c in candidates if _matches(c, found)), None)
        if match is None:
            older = next((v for v in reversed(history.versions) if _matches(v, found)), None)
            if older is not None and older.number > candidates[0].number:
                verdict = f"a write found NOT landed at an earlier recovery has reappeared: {older.describe()}"
            elif older is not None:
                verdict = f"an acknowledged write was LOST: the key holds the older {older.describe()}"
            elif found is None:
                verdict = "an acknowledged write was LOST: the object is gone"
            else:
                verdict = "the object is CORRUPT: its bytes or ETag match no version ever written to this key"
            allowed = "\n      ".join(c.describe() if c is not NEVER_WRITTEN else "never written" for c in candidates)
            problems.append(
                f"{bucket}/{key}: {verdict}\n    found: {_found(found)}\n    allowed:\n      {allowed}"
            )
            continue
        history.settle(match)
        verified.objects += found is not None
        verified.absent += found is None
        verified.undecided += len(candidates) > 1
        verified.landed += match is not candidates[0]
        listed = listings[bucket].pop(key, None)
        if found is None and listed is not None:
            problems.append(f"{bucket}/{key}: GetObject says NoSuchKey but ListObjectsV2 lists it: {listed}")
        elif found is not None and listed is None:
            problems.append(f"{bucket}/{key}: GetObject returns {_found(found)} but ListObjectsV2 does not list it")
        elif found is not None and (listed["Size"], listed["ETag"]) != (len(found[0]), found[1]):
            problems.append(
                f"{bucket}/{key}: ListObjectsV2 says Size {listed['Size']}, ETag {listed['ETag']}; "
                f"GetObject returns {_found(found)}"
            )
    for bucket, rest in listings.items():
        for key, listed in rest.items():
            if (bucket, key) not in model.keys:
                problems.append(f"{bucket}/{key}: listed (Size {listed['Size']}) but never written")
    return verified, problems


def verify_uploads(s3: Any, model: Model) -> list[str]:
    """Acknowledged uploads and parts are still there; completed ones are gone, atomically."""
    problems = []
    listed: dict[str, tuple[str, str]] = {}
    for bucket in BUCKETS:
        for page in s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket):
            listed.update({u["UploadId"]: (bucket, u["Key"]) for u in page.get("Uploads", [])})
    for upload in model.uploads:
        name = f"{upload.bucket}/{upload.key} upload {upload.upload_id}"
        done = upload.completion is not None and (
            upload.completion.acked or model.keys[(upload.bucket, upload.key)].settled is upload.completion
        )
        if upload.upload_id not in listed:
            if not done:
                problems.append(f"{name}: acknowledged CreateMultipartUpload LOST: no longer listed, never completed")
            continue
        if done:
            state = "acknowledged" if upload.completion.acked else "found applied to the key"
            problems.append(f"{name}: still listed although its completion was {state}")
            continue
        parts = {
            p["PartNumber"]: (p["ETag"], p["Size"])
            for page in s3.get_paginator("list_parts").paginate(
                Bucket=upload.bucket, Key=upload.key, UploadId=upload.upload_id)
            for p in page.get("Parts", [])
        }
        for number, sent in sorted(upload.sent.items()):
            if number in upload.acked and parts.get(number) != sent:
                problems.append(f"{name}: acknowledged part {number} LOST or changed: sent (ETag, size) "
                                f"{sent}, ListParts shows {parts.get(number)}")
            elif number in parts and parts[number] != sent:
                problems.append(f"{name}: in-flight part {number} is CORRUPT: sent {sent}, listed {parts[number]}")
        for number in sorted(set(parts) - set(upload.sent)):
            problems.append(f"{name}: ListParts shows part {number} that was never sent")
    known = {u.upload_id for u in model.uploads}
    for upload_id, (bucket, key) in listed.items():
        if upload_id not in known and (bucket, key) not in model.creates_in_flight:
            problems.append(f"{bucket}/{key}: unknown multipart upload {upload_id} listed")
    return problems


def abort_open_uploads(s3: Any, model: Model) -> None:
    """Writes after recovery: abort every upload left open, and check they are gone."""
    for bucket in BUCKETS:
        for page in s3.get_paginator("list_multipart_uploads").paginate(Bucket=bucket):
            for u in page.get("Uploads", []):
                s3.abort_multipart_upload(Bucket=bucket, Key=u["Key"], UploadId=u["UploadId"])
    model.uploads.clear()
    model.creates_in_flight.clear()
    for bucket in BUCKETS:
        assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == [], f"{bucket}: aborted uploads listed"


def write_after_recovery(s3: Any, model: Model, rnd: int) -> None:
    """The recovered server takes new writes (and they join the model, to survive the next crash)."""
    seed = model.seed * 1000 + rnd
    data = body(seed, 4096 + rnd)
    history = model.history(BUCKETS[0], f"after-recovery/{rnd}")
    v = Version.of(BUCKETS[0], history.key, len(history.versions) + 1, rnd, "put", [(seed, data)])
    history.versions.append(v)
    assert s3.put_object(Bucket=v.bucket, Key=v.key, Body=data)["ETag"] == v.etag
    v.acked = True
    assert s3.get_object(Bucket=v.bucket, Key=v.key)["Body"].read() == data


def check_recovered(endpoint: str, model: Model, label: str) -> Verified:
    """Every check after a restart."""
    with Cloud.connect(endpoint) as cloud:
        s3 = cloud.client("s3")
        buckets = {b["Name"] for b in s3.list_buckets()["Buckets"]}
        assert set(BUCKETS) <= buckets, f"seed {model.seed}, {label}: acknowledged buckets lost: {buckets}"
        verified, problems = verify_objects(s3, model)
        problems += verify_uploads(s3, model)
        assert not problems, (
            f"seed {model.seed} (rerun with LABCLOUD_CRASH_SEED={model.seed}), {label}: "
            f"{len(problems)} problem(s):\n" + "\n".join(problems)
        )
    return verified


def _rounds(up: Any, data_dir: str, fsync: str, rounds: int, seed: int) -> Iterator[str]:
    """Run the crash loop; yields one report line per round."""
    rng = random.Random(seed)
    model = Model(seed)
    port = free_port()
    args = ("--data-dir", data_dir, "--port", str(port), "--fsync", fsync, "--no-limits")
    server = up(*args)
    with Cloud.connect(server.address) as cloud:
        for bucket in BUCKETS:
            cloud.client("s3").create_bucket(Bucket=bucket)
    total = RoundStats()
    for rnd in range(1, rounds + 1):
        delay = rng.uniform(*KILL_DELAY)
        killed = threading.Event()
        writers = [Writer(model, server.address, tid, rnd, rng.getrandbits(64), killed) for tid in range(THREADS)]
        for writer in writers:
            writer.start()
        time.sleep(delay)
        killed.set()
        status = server.kill9()
        assert status == -9, f"the server exited with {status} before it was killed: {server.stderr()}"
        for writer in writers:
            writer.join(timeout=30)
        hung = [w.name for w in writers if w.is_alive()]
        assert not hung, f"client threads still blocked 30 s after the server was killed: {hung}"
        assert not model.problems, f"seed {seed}, round {rnd}:\n" + "\n".join(model.problems)
        stats = RoundStats()
        for writer in writers:
            stats.add(writer.stats)
        total.add(stats)

        server = up(*args, ready_timeout=RESTART_TIMEOUT)
        verified = check_recovered(server.address, model, f"round {rnd} (fsync={fsync}, kill after {delay:.2f}s)")
        with Cloud.connect(server.address) as cloud:
            s3 = cloud.client("s3")
            abort_open_uploads(s3, model)
            write_after_recovery(s3, model, rnd)
        yield (
            f"round {rnd}: kill -9 after {delay:.2f}s; acknowledged {stats.acked} ops "
            f"({stats.puts} puts, {stats.deletes} deletes, {stats.multiparts} multipart completions, "
            f"{stats.parts} parts; {stats.bytes / 2**20:.0f} MiB); {verified.objects} objects verified "
            f"byte for byte, {verified.absent} keys rightly absent; {verified.undecided} keys had a write "
            f"in flight, {verified.landed} of which landed; restart-to-ready {server.ready_after:.2f}s"
        )
    # Finally a clean stop (a checkpoint over everything the crashes left) and one more open.
    code, _, err = server.stop()
    assert code == 0, f"clean stop after the crash rounds exited {code}: {err}"
    server = up(*args, ready_timeout=RESTART_TIMEOUT)
    verified = check_recovered(server.address, model, "after a clean stop following the crashes")
    code, _, err = server.stop()
    assert code == 0, f"clean stop exited {code}: {err}"
    yield (
        f"total: {total.acked} ops acknowledged over {rounds} crash(es); clean stop and reopen: "
        f"{verified.objects} objects verified, ready in {server.ready_after:.2f}s"
    )


@pytest.mark.slow
@pytest.mark.parametrize(("fsync", "rounds"), [("always", 3), ("never", 1)])
def test_acknowledged_writes_survive_kill_9_and_restart(up, tmp_path, fsync, rounds):
    # fsync=never: SIGKILL kills the process, not the kernel, so the page cache
    # (and every acknowledged write in it) survives: nothing may be lost there either.
    seed = _seed()
    print(f"\ncrash recovery, fsync={fsync}: seed {seed} (rerun with LABCLOUD_CRASH_SEED={seed})")
    started = time.monotonic()
    for line in _rounds(up, str(tmp_path / "data"), fsync, rounds, seed):
        print(f"  {line}")
    print(f"  {time.monotonic() - started:.1f}s")
    shutil.rmtree(tmp_path / "data")   # hundreds of MiB; a failing run keeps its directory to look at
