"""Nothing acknowledged is lost when `labcloud up` is SIGKILLed during a
stream of put_records.

Writer threads, each over its own ``Cloud.connect``, send put_records
batches of records from 0 B to 64 KiB to a three-shard stream (one shard is
split midway, so writes also land in children), while a model notes every
record the service acknowledged and the batch in flight. After a seeded
random delay the server is SIGKILLed by its pid and restarted on the same
directory; then every shard is read from TRIM_HORIZON, and every
acknowledged record must be there at its sequence number, byte for byte,
once; records of the batch in flight may be there or not, but whole; and
nothing else may be. Several rounds accumulate on one directory, then a
clean stop and one more open.

A failure names the seed (rerun with LABCLOUD_CRASH_SEED=<seed>; sizes,
keys and delays replay, not the thread interleaving).
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
import time
from collections.abc import Iterator

import pytest

from _server import free_port
from labcloud import Cloud

STREAM = "crash"
THREADS = 3
BATCH = 25
MAX_RECORD = 64 << 10
KILL_DELAY = (0.3, 2.0)
RESTART_TIMEOUT = 30.0


def _seed() -> int:
    chosen = os.environ.get("LABCLOUD_CRASH_SEED")
    return int(chosen) if chosen else random.SystemRandom().randrange(2**32)


def record_data(rid: str, size: int) -> bytes:
    """A record's bytes: its id, then bytes derived from it, so any record read back can be checked alone."""
    head = f"{rid}|".encode()
    body = hashlib.shake_256(rid.encode()).digest(size) if size else b""
    return head + body


def check_record(data: bytes) -> str:
    rid, _, body = data.partition(b"|")
    assert record_data(rid.decode(), len(body)) == data, f"record {rid!r} is corrupt"
    return rid.decode()


class Model:
    def __init__(self, seed: int):
        self.seed = seed
        self.lock = threading.Lock()
        self.acked: dict[str, tuple[str, str]] = {}        # record id -> (sequence number, shard)
        self.in_flight: set[str] = set()                    # ids sent in a call that never answered
        self.problems: list[str] = []


class Writer(threading.Thread):
    def __init__(self, model: Model, endpoint: str, tid: int, rnd: int, seed: int, killed: threading.Event):
        super().__init__(name=f"writer-{tid}", daemon=True)
        self.model, self.endpoint, self.killed = model, endpoint, killed
        self.prefix = f"r{rnd}t{tid}"
        self.rng = random.Random(seed)
        self.acked = 0

    def run(self) -> None:
        with Cloud.connect(self.endpoint) as cloud:
            kinesis = cloud.client("kinesis")
            n = 0
            while True:
                ids = [f"{self.prefix}n{n + i}" for i in range(BATCH)]
                n += BATCH
                sizes = [self.rng.choice([0, 1, 100, 4096, MAX_RECORD // 2, MAX_RECORD]) for _ in ids]
                records = [
                    {"Data": record_data(rid, size), "PartitionKey": f"{self.prefix}k{self.rng.randrange(8)}"}
                    for rid, size in zip(ids, sizes)
                ]
                try:
                    r = kinesis.put_records(StreamName=STREAM, Records=records)
                except Exception as e:
                    with self.model.lock:
                        self.model.in_flight.update(ids)
                    if not self.killed.is_set():
                        self.model.problems.append(f"{self.name}: put_records failed before the kill: {e!r}")
                    return
                with self.model.lock:
                    for rid, result in zip(ids, r["Records"]):
                        if "SequenceNumber" in result:
                            self.model.acked[rid] = (result["SequenceNumber"], result["ShardId"])
                            self.acked += 1
                        else:
                            self.model.problems.append(f"{rid}: refused with limits off: {result}")


def read_everything(kinesis) -> dict[str, list[dict]]:
    """Every record of every shard, grouped by record id."""
    found: dict[str, list[dict]] = {}
    for page in kinesis.get_paginator("list_shards").paginate(StreamName=STREAM):
        for shard in page["Shards"]:
            it = kinesis.get_shard_iterator(
                StreamName=STREAM, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
            )["ShardIterator"]
            while it:
                r = kinesis.get_records(ShardIterator=it)
                for rec in r["Records"]:
                    found.setdefault(check_record(rec["Data"]), []).append({**rec, "ShardId": shard["ShardId"]})
                if not r["Records"]:
                    break
                it = r.get("NextShardIterator")
    return found


def verify(endpoint: str, model: Model, label: str) -> int:
    problems = []
    with Cloud.connect(endpoint) as cloud:
        found = read_everything(cloud.client("kinesis"))
    for rid, copies in found.items():
        if len(copies) > 1:
            problems.append(f"{rid}: read {len(copies)} times")
        if rid not in model.acked and rid not in model.in_flight:
            problems.append(f"{rid}: read back but never written")
    for rid, (seq, shard) in model.acked.items():
        copies = found.get(rid)
        if not copies:
            problems.append(f"{rid}: acknowledged as {seq} on {shard}, LOST")
        elif (copies[0]["SequenceNumber"], copies[0]["ShardId"]) != (seq, shard):
            problems.append(f"{rid}: acknowledged as {seq} on {shard}, found as "
                            f"{copies[0]['SequenceNumber']} on {copies[0]['ShardId']}")
    # Records that landed from a batch in flight are now part of the stream.
    for rid in model.in_flight & found.keys():
        model.acked[rid] = (found[rid][0]["SequenceNumber"], found[rid][0]["ShardId"])
    model.in_flight.clear()
    assert not problems, (
        f"seed {model.seed} (rerun with LABCLOUD_CRASH_SEED={model.seed}), {label}: "
        f"{len(problems)} problem(s):\n" + "\n".join(problems[:50])
    )
    return len(found)


def _rounds(up, data_dir: str, rounds: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    model = Model(seed)
    args = ("--data-dir", data_dir, "--port", str(free_port()), "--no-limits")
    server = up(*args)
    with Cloud.connect(server.address) as cloud:
        cloud.client("kinesis").create_stream(StreamName=STREAM, ShardCount=3)
    for rnd in range(1, rounds + 1):
        delay = rng.uniform(*KILL_DELAY)
        killed = threading.Event()
        writers = [Writer(model, server.address, t, rnd, rng.getrandbits(64), killed) for t in range(THREADS)]
        for w in writers:
            w.start()
        if rnd == 1:
            # Reshard while the writes go on: records also land in children.
            time.sleep(delay / 2)
            with Cloud.connect(server.address) as cloud:
                cloud.client("kinesis").split_shard(
                    StreamName=STREAM, ShardToSplit="shardId-000000000001", NewStartingHashKey=str(2**127)
                )
            time.sleep(delay / 2)
        else:
            time.sleep(delay)
        killed.set()
        status = server.kill9()
        assert status == -9, f"the server exited with {status} before it was killed: {server.stderr()}"
        for w in writers:
            w.join(timeout=30)
        assert not [w.name for w in writers if w.is_alive()], "writers still blocked 30 s after the kill"
        assert not model.problems, f"seed {seed}, round {rnd}:\n" + "\n".join(model.problems)
        server = up(*args, ready_timeout=RESTART_TIMEOUT)
        records = verify(server.address, model, f"round {rnd} (kill after {delay:.2f}s)")
        acked = sum(w.acked for w in writers)
        yield (f"round {rnd}: kill -9 after {delay:.2f}s, {acked} records acknowledged; {records} records "
               f"verified; restart-to-ready {server.ready_after:.2f}s")
    code, _, err = server.stop()
    assert code == 0, f"clean stop exited {code}: {err}"
    server = up(*args, ready_timeout=RESTART_TIMEOUT)
    records = verify(server.address, model, "after a clean stop following the crashes")
    with Cloud.connect(server.address) as cloud:
        kinesis = cloud.client("kinesis")
        p = kinesis.put_record(StreamName=STREAM, Data=record_data("after", 10), PartitionKey="k")
        shard_seqs = [s for s, shard in model.acked.values() if shard == p["ShardId"]]
        assert all(int(p["SequenceNumber"]) > int(s) for s in shard_seqs), "sequence numbers went backwards"
    code, _, err = server.stop()
    assert code == 0, f"clean stop exited {code}: {err}"
    yield f"clean stop and reopen: {records} records verified"


@pytest.mark.slow
def test_acknowledged_records_survive_kill_9_during_put_records(up, tmp_path):
    seed = _seed()
    print(f"\nkinesis crash recovery: seed {seed} (rerun with LABCLOUD_CRASH_SEED={seed})")
    for line in _rounds(up, str(tmp_path / "data"), 3, seed):
        print(f"  {line}")
