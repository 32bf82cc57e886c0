"""redis-benchmark against labcloud's cache and against redis-server, in the same run.

    python benches/cache_redis_benchmark.py [-n 1000000] [--repeat 3]
        [--tests set,get,incr,lpush,lpop,sadd,hset,zadd] [--out benches/results/cache_redis_benchmark.csv]

Runs, for each target and repeat,

    redis-benchmark -h 127.0.0.1 -p PORT -t set,get,incr,lpush,lpop,sadd,hset,zadd -n 1000000 --csv
    redis-benchmark ... -P 16 --csv

against `labcloud up` (its default cache cluster's RESP endpoint) and
against redis-server (Debian's, no persistence), alternating the two so that
both see the same machine noise. Each figure is the median requests/s over
--repeat runs; the table gives labcloud / redis-server per command, with and
without pipelining, and is written as CSV. redis-benchmark uses its defaults
(50 connections, 3-byte values).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "cache"))
from _redis_server import RedisServer, free_port  # noqa: E402

console = Console(stderr=True)


class Labcloud:
    """`labcloud up` in a subprocess, serving its default cache cluster on a free port."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="labcloud-bench-")
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "labcloud.cli", "up", "--data-dir", self.dir.name, "--port", "0",
             "--resp-port", str(self.port), "--fsync", "never", "--no-limits"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        for _ in range(2):
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("labcloud up did not start")

    @property
    def address(self) -> tuple[str, int]:
        return "127.0.0.1", self.port

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.dir.cleanup()


def redis_benchmark(port: int, tests: str, n: int, pipeline: int) -> dict[str, float]:
    """requests/s per test name, from redis-benchmark's CSV output."""
    cmd = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-t", tests, "-n", str(n), "--csv"]
    if pipeline > 1:
        cmd += ["-P", str(pipeline)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=3600).stdout
    rows = [r for r in csv.reader(io.StringIO(out)) if r and r[0] != "test"]
    return {r[0].split()[0]: float(r[1]) for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1_000_000, help="requests per test (redis-benchmark -n)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tests", default="set,get,incr,lpush,lpop,sadd,hset,zadd")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "cache_redis_benchmark.csv")
    args = ap.parse_args()
    if shutil.which("redis-benchmark") is None:
        raise SystemExit("redis-benchmark is not installed (Debian: apt-get install redis-tools redis-server)")

    runs: dict[tuple[str, int, str], list[float]] = {}
    targets = {"redis-server": RedisServer(), "labcloud": Labcloud()}
    try:
        for rep in range(args.repeat):
            for pipeline in (1, 16):
                for name, target in targets.items():
                    console.print(f"run {rep + 1}/{args.repeat}: {name}, -P {pipeline}")
                    for test, rps in redis_benchmark(target.address[1], args.tests, args.n, pipeline).items():
                        runs.setdefault((name, pipeline, test), []).append(rps)
                    time.sleep(1)
    finally:
        for target in targets.values():
            target.close()

    rows = []
    tests = sorted({t for (_, _, t) in runs}, key=lambda t: args.tests.split(",").index(t.lower())
                   if t.lower() in args.tests.split(",") else 99)
    for pipeline in (1, 16):
        for test in tests:
            base = statistics.median(runs[("redis-server", pipeline, test)])
            ours = statistics.median(runs[("labcloud", pipeline, test)])
            rows.append({
                "command": test, "pipeline": pipeline,
                "redis_server_rps": round(base), "labcloud_rps": round(ours), "ratio": round(ours / base, 2),
            })
    df = pl.DataFrame(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    df.write_csv(args.out)
    with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True):
        print(df)
    console.print(f"{os.cpu_count()} cores; medians of {args.repeat} runs; written to {args.out}")


if __name__ == "__main__":
    main()
