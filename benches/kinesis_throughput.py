"""Kinesis throughput: labcloud (embedded and remote) beside the raw disk.

    python benches/kinesis_throughput.py [--large-mib 256] [--small-records 100000]
        [--shards 4] [--threads 4] [--fsync interval] [--repeat 3]
        [--out benches/results/kinesis.csv]

For put_records with 1 KiB and 64 KiB records, then get_records and
subscribe_to_shard reading those records back, over both transports, with
the Kinesis limits off (this measures the engine, not the 1 MiB/s per shard
it would model): records/s and MiB/s. Writes are compared with the raw
sequential write bandwidth of the same disk measured in the same run (files
of 64 MiB, each fsynced, as the S3 benchmark does), reads with a raw
sequential read of files in the page cache (the records read back are in it
too). labcloud runs with fsync `interval` (the log is fsynced every 100 ms),
the target being 64 KiB puts at 60% or more of the raw write bandwidth.
Each figure is the median of --repeat runs: this machine's disk and CPU
vary from run to run by tens of percent.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import Progress

import labcloud
from s3_throughput import median_of, raw_disk

console = Console(stderr=True)
MIB = 1 << 20
# PutRecords takes 5 MiB (keys included): 79 records of 64 KiB, 500 of 1 KiB.
BATCH = {64 << 10: 79, 1 << 10: 500}


def start_server(data_dir: Path, fsync: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "labcloud.cli", "up", "--data-dir", str(data_dir), "--port", "0",
         "--no-limits", "--fsync", fsync],
        stdout=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline()
    m = re.search(r"serving on (\S+)", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"labcloud up did not start: {line!r}")
    return proc, m.group(1)


def in_threads(n: int, work) -> float:
    """Seconds to run work(t) for t in range(n), each on a thread of its own."""
    errors: list[BaseException] = []

    def run(t: int) -> None:
        try:
            work(t)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(n)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def put(kinesis, stream: str, size: int, count: int, threads: int) -> dict[str, float]:
    """put_records `count` records of `size` bytes from `threads` client threads."""
    pool = os.urandom(size + 4096)
    datas = [pool[i : i + size] for i in range(0, 4096, 64)]
    per_batch = BATCH[size]

    def work(t: int) -> None:
        mine = range(t, count // per_batch, threads)
        for b in mine:
            records = [
                {"Data": datas[(b + i) % len(datas)], "PartitionKey": f"{t}-{b}-{i}"} for i in range(per_batch)
            ]
            r = kinesis.put_records(StreamName=stream, Records=records)
            assert r["FailedRecordCount"] == 0, r["Records"][:3]

    n = count // per_batch * per_batch
    dt = in_threads(threads, work)
    return {"records/s": n / dt, "MiB/s": n * size / MIB / dt}


def shard_ids(kinesis, stream: str) -> list[str]:
    return [s["ShardId"] for s in kinesis.list_shards(StreamName=stream)["Shards"]]


def get(kinesis, stream: str, size: int, expected: int) -> tuple[dict[str, float], list[int]]:
    """get_records every record of the stream, a thread per shard; also the records per shard."""
    shards = shard_ids(kinesis, stream)
    counts = [0] * len(shards)

    def work(t: int) -> None:
        it = kinesis.get_shard_iterator(StreamName=stream, ShardId=shards[t], ShardIteratorType="TRIM_HORIZON")[
            "ShardIterator"
        ]
        while True:
            r = kinesis.get_records(ShardIterator=it)
            counts[t] += len(r["Records"])
            if not r["Records"]:
                return
            it = r["NextShardIterator"]

    dt = in_threads(len(shards), work)
    assert sum(counts) == expected, (sum(counts), expected)
    return {"records/s": expected / dt, "MiB/s": expected * size / MIB / dt}, counts


def subscribe(kinesis, stream: str, size: int, per_shard: list[int]) -> dict[str, float]:
    """subscribe_to_shard from TRIM_HORIZON on every shard, a thread each, until each shard's records arrived."""
    arn = kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["StreamARN"]
    consumer = kinesis.register_stream_consumer(StreamARN=arn, ConsumerName="bench")["Consumer"]["ConsumerARN"]
    shards = shard_ids(kinesis, stream)
    counts = [0] * len(shards)

    def work(t: int) -> None:
        if not per_shard[t]:
            return
        events = kinesis.subscribe_to_shard(
            ConsumerARN=consumer, ShardId=shards[t], StartingPosition={"Type": "TRIM_HORIZON"}
        )["EventStream"]
        with events:
            for event in events:
                counts[t] += len(event["SubscribeToShardEvent"]["Records"])
                if counts[t] >= per_shard[t]:
                    return

    dt = in_threads(len(shards), work)
    assert counts == per_shard, (counts, per_shard)
    n = sum(per_shard)
    return {"records/s": n / dt, "MiB/s": n * size / MIB / dt}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--large-mib", type=int, default=256, help="MiB of 64 KiB records put per run")
    ap.add_argument("--small-records", type=int, default=100_000, help="1 KiB records put per run")
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4, help="client threads putting records")
    ap.add_argument("--fsync", default="interval")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "kinesis.csv")
    args = ap.parse_args()
    workloads = [("64 KiB", 64 << 10, args.large_mib * MIB // (64 << 10)), ("1 KiB", 1 << 10, args.small_records)]
    rows: list[dict] = []

    def row(system: str, workload: str, op: str, metric: str, value: float, baseline: str = "", base: float = 0.0):
        rows.append({
            "system": system, "workload": workload, "op": op, "metric": metric, "value": round(value, 1),
            "baseline": baseline, "ratio": round(value / base, 3) if base else None,
        })

    with tempfile.TemporaryDirectory(dir=os.environ.get("LABCLOUD_BENCH_DIR")) as tmp, Progress(console=console) as progress:
        tmp = Path(tmp)
        task = progress.add_task("raw disk", total=1 + 2 * len(workloads))
        raw = median_of(args.repeat, lambda r: raw_disk(tmp, 64 * MIB, 4))
        row("raw disk", "64 MiB files", "write (fsync)", "MiB/s", raw["write"])
        row("raw disk", "64 MiB files", "read (page cache)", "MiB/s", raw["read_warm"])
        progress.advance(task)

        for transport in ["embedded", "remote"]:
            data_dir = tmp / transport
            proc = None
            if transport == "embedded":
                cloud = labcloud.Cloud.local(data_dir, fsync=args.fsync, limits=False)
            else:
                proc, addr = start_server(data_dir, args.fsync)
                cloud = labcloud.Cloud.connect(addr)
            system = f"labcloud {transport}"
            try:
                kinesis = cloud.client("kinesis")
                for label, size, count in workloads:
                    progress.update(task, description=f"{system}, {label} records")

                    def measure(r: int) -> dict[str, float]:
                        stream = f"bench-{size}-{r}"
                        kinesis.create_stream(StreamName=stream, ShardCount=args.shards)
                        out = {f"put {k}": v for k, v in put(kinesis, stream, size, count, args.threads).items()}
                        n = count // BATCH[size] * BATCH[size]
                        got, per_shard = get(kinesis, stream, size, n)
                        out |= {f"get {k}": v for k, v in got.items()}
                        out |= {f"sub {k}": v for k, v in subscribe(kinesis, stream, size, per_shard).items()}
                        kinesis.delete_stream(StreamName=stream, EnforceConsumerDeletion=True)
                        return out

                    m = median_of(args.repeat, measure)
                    for op, name in [("put", "put_records"), ("get", "get_records"), ("sub", "subscribe_to_shard")]:
                        base, base_name = (raw["write"], "raw write (fsync)") if op == "put" else (
                            raw["read_warm"], "raw read (page cache)")
                        row(system, f"{label} records", name, "MiB/s", m[f"{op} MiB/s"], base_name, base)
                        row(system, f"{label} records", name, "records/s", m[f"{op} records/s"])
                    progress.advance(task)
            finally:
                cloud.close()
                if proc is not None:
                    proc.terminate()
                    proc.wait(timeout=30)

    df = pl.DataFrame(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    df.write_csv(args.out)
    with pl.Config(tbl_rows=100, tbl_width_chars=140, tbl_hide_dataframe_shape=True):
        print(df)
    console.print(f"fsync={args.fsync}, {args.shards} shards, {args.threads} put threads; written to {args.out}")


if __name__ == "__main__":
    main()
