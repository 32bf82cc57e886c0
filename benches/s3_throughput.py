"""S3 throughput: labcloud (embedded and remote) beside the raw disk and moto.

    python benches/s3_throughput.py [--large-mib 64] [--large-count 8]
        [--small-count 5000] [--threads 1,4] [--repeat 3]
        [--out benches/results/s3.csv]

Every figure is measured in the same run as its baseline and reported as a
ratio to it:
  * large objects (64 MiB): PUT against a raw sequential write of the same
    bytes with fsync (labcloud runs with fsync=always); GET against a raw
    sequential read of a file of the same size, both from a cold page cache
    (dropped with posix_fadvise, no root needed) and both warm;
  * small objects (4 KiB): operations per second against moto (boto3 with
    moto.mock_aws, the same client calls) at the same client concurrency.
Request-rate limits are switched off: this measures the engine. Each figure
is the median of --repeat runs (this machine's disk and CPU vary from run to
run by tens of percent).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import threading
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import Progress

import labcloud

console = Console(stderr=True)
MIB = 1 << 20


def drop_cache(root: Path) -> None:
    """Evicts every file under root from the page cache (clean pages only)."""
    for p in [root] if root.is_file() else root.rglob("*"):
        if p.is_file():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def raw_disk(dir: Path, size: int, count: int) -> dict[str, float]:
    """MiB/s of sequential fsynced writes and of cold and warm reads."""
    data = os.urandom(size)
    paths = [dir / f"raw-{i}" for i in range(count)]
    t = time.perf_counter()
    for p in paths:
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        view = memoryview(data)
        while view:
            n = os.write(fd, view[: 4 * MIB])
            view = view[n:]
        os.fsync(fd)
        os.close(fd)
    write = size * count / MIB / (time.perf_counter() - t)

    def read_all() -> float:
        t = time.perf_counter()
        for p in paths:
            with open(p, "rb", buffering=0) as f:
                buf = bytearray(size)
                f.readinto(buf)
        return size * count / MIB / (time.perf_counter() - t)

    for p in paths:
        drop_cache(p)
    cold = read_all()
    warm = read_all()
    for p in paths:
        p.unlink()
    return {"write": write, "read_cold": cold, "read_warm": warm}


def timed(fn, n: int, threads: int) -> float:
    """Seconds to run fn(i) for i in range(n), split over `threads` client
    threads that each loop over their share (no per-call pool overhead)."""

    def share(t: int) -> None:
        for i in range(t, n, threads):
            fn(i)

    start = time.perf_counter()
    if threads == 1:
        share(0)
    else:
        workers = [threading.Thread(target=share, args=(t,)) for t in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    return time.perf_counter() - start


def median_of(repeat: int, measure) -> dict[str, float]:
    """Runs measure(round) `repeat` times; the median of each figure."""
    runs = [measure(r) for r in range(repeat)]
    return {k: statistics.median(run[k] for run in runs) for k in runs[0]}


def large(s3, data_dir: Path | None, size: int, count: int, bucket: str) -> dict[str, float]:
    body = os.urandom(size)
    dt = timed(lambda i: s3.put_object(Bucket=bucket, Key=f"large-{i}", Body=body), count, 1)
    put = size * count / MIB / dt
    out = {"put": put}
    if data_dir is not None:
        drop_cache(data_dir)

        def get(i: int) -> None:
            assert len(s3.get_object(Bucket=bucket, Key=f"large-{i}")["Body"].read()) == size

        out["get_cold"] = size * count / MIB / timed(get, count, 1)
        out["get_warm"] = size * count / MIB / timed(get, count, 1)
    else:
        out["get_warm"] = size * count / MIB / timed(
            lambda i: s3.get_object(Bucket=bucket, Key=f"large-{i}")["Body"].read(), count, 1
        )
    return out


def small(s3, count: int, threads: int, bucket: str, round: int = 0) -> dict[str, float]:
    body = os.urandom(4096)
    key = f"small-{threads}-{round}-{{}}".format
    put = count / timed(lambda i: s3.put_object(Bucket=bucket, Key=key(i), Body=body), count, threads)
    get = count / timed(lambda i: s3.get_object(Bucket=bucket, Key=key(i))["Body"].read(), count, threads)
    return {"put": put, "get": get}


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "labcloud.cli", "up", "--data-dir", str(data_dir), "--port", "0", "--no-limits"],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    m = re.search(r"serving on (\S+)", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"labcloud up did not start: {line!r}")
    return proc, m.group(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--large-mib", type=int, default=64)
    ap.add_argument("--large-count", type=int, default=8)
    ap.add_argument("--small-count", type=int, default=5000)
    ap.add_argument("--threads", default="1,4")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--moto-small-count", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "s3.csv")
    args = ap.parse_args()
    size = args.large_mib * MIB
    threads = [int(t) for t in args.threads.split(",")]
    rows: list[dict] = []

    def row(system: str, workload: str, metric: str, value: float, unit: str, baseline: str = "", base: float = 0.0):
        rows.append(
            {
                "system": system,
                "workload": workload,
                "metric": metric,
                "value": round(value, 1),
                "unit": unit,
                "baseline": baseline,
                "ratio": round(value / base, 3) if base else None,
            }
        )

    with tempfile.TemporaryDirectory(dir=os.environ.get("LABCLOUD_BENCH_DIR")) as tmp, Progress(console=console) as progress:
        tmp = Path(tmp)
        task = progress.add_task("raw disk", total=4 + 2 * len(threads))
        raw = median_of(args.repeat, lambda r: raw_disk(tmp, size, args.large_count))
        for k, v in raw.items():
            row("raw disk", f"{args.large_mib} MiB", k, v, "MiB/s")
        progress.advance(task)

        for transport in ["embedded", "remote"]:
            progress.update(task, description=f"labcloud {transport}")
            data_dir = tmp / transport
            proc = None
            if transport == "embedded":
                cloud = labcloud.Cloud.local(data_dir, limits=False)
            else:
                proc, addr = start_server(data_dir)
                cloud = labcloud.Cloud.connect(addr)
            try:
                s3 = cloud.client("s3")
                s3.create_bucket(Bucket="bench")
                r = median_of(args.repeat, lambda r: large(s3, data_dir, size, args.large_count, "bench"))
                sysname = f"labcloud {transport}"
                row(sysname, f"{args.large_mib} MiB", "put", r["put"], "MiB/s", "raw write (fsync)", raw["write"])
                row(sysname, f"{args.large_mib} MiB", "get_cold", r["get_cold"], "MiB/s", "raw read cold", raw["read_cold"])
                row(sysname, f"{args.large_mib} MiB", "get_warm", r["get_warm"], "MiB/s", "raw read warm", raw["read_warm"])
                progress.advance(task)
                for th in threads:
                    r = median_of(args.repeat, lambda r: small(s3, args.small_count, th, "bench", r))
                    for k, v in r.items():
                        row(sysname, f"4 KiB x{th} threads", k, v, "ops/s")
                    progress.advance(task)
            finally:
                cloud.close()
                if proc is not None:
                    proc.terminate()
                    proc.wait(timeout=30)

        progress.update(task, description="moto")
        from moto import mock_aws
        import boto3

        with mock_aws():
            m = boto3.client("s3", region_name="us-east-1")
            m.create_bucket(Bucket="bench")
            r = median_of(args.repeat, lambda r: large(m, None, size, min(args.large_count, 2), "bench"))
            row("moto", f"{args.large_mib} MiB", "put", r["put"], "MiB/s")
            row("moto", f"{args.large_mib} MiB", "get_warm", r["get_warm"], "MiB/s")
            progress.advance(task)
            for th in threads:
                r = median_of(args.repeat, lambda r: small(m, args.moto_small_count, th, "bench", r))
                for k, v in r.items():
                    row("moto", f"4 KiB x{th} threads", k, v, "ops/s")
            progress.advance(task)

    df = pl.DataFrame(rows)
    # Small-object figures as ratios to moto at the same concurrency.
    moto = df.filter(pl.col("system") == "moto").select(["workload", "metric", pl.col("value").alias("moto")])
    df = (
        df.join(moto, on=["workload", "metric"], how="left")
        .with_columns(
            pl.when(pl.col("unit").eq("ops/s") & pl.col("system").ne("moto"))
            .then(pl.lit("moto"))
            .otherwise(pl.col("baseline"))
            .alias("baseline"),
            pl.when(pl.col("unit").eq("ops/s") & pl.col("system").ne("moto"))
            .then((pl.col("value") / pl.col("moto")).round(1))
            .otherwise(pl.col("ratio"))
            .alias("ratio"),
        )
        .drop("moto")
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    df.write_csv(args.out)
    with pl.Config(tbl_rows=100, tbl_width_chars=140, tbl_hide_dataframe_shape=True):
        print(df)
    console.print(f"written to {args.out}")


if __name__ == "__main__":
    main()
