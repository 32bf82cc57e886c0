"""`labcloud up` as a real subprocess, for the tests that need a server process.

Shared by tests/test_cli.py and tests/integration/. A server is only ever
signalled through its own ``Popen`` (its pid), never by name, and ``close()``
(terminate, then kill after a timeout) is safe to call from a finalizer
whatever state the process is in.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NoReturn

import labcloud

READY_TIMEOUT = 10.0
PACKAGE_ROOT = str(Path(labcloud.__file__).resolve().parent.parent)


def labcloud_env(**extra: str) -> dict[str, str]:
    """The environment for a `labcloud` subprocess: this checkout's package, no inherited data dir."""
    env = {k: v for k, v in os.environ.items() if k not in ("LABCLOUD_DATA_DIR", "XDG_DATA_HOME")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in [PACKAGE_ROOT, env.get("PYTHONPATH")] if p)
    env.update(extra)
    return env


def run_labcloud(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `labcloud ARGS...` to completion."""
    return subprocess.run(
        [sys.executable, "-m", "labcloud.cli", *args],
        capture_output=True, text=True, env=labcloud_env(**env), timeout=30,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Up:
    """`labcloud up ARGS...` in a subprocess, started and ready (its ready line read).

    ``line`` is the first stdout line, ``address`` the "host:port" it names,
    ``resp_line`` the second (the default cache cluster's RESP endpoint) and
    ``resp_address`` its "host:port", ``ready_after`` the seconds from
    spawning to the ready lines. Without ``--resp-port`` in ARGS the RESP
    endpoint takes a free port, so tests never compete for 6379. stderr goes to a
    temporary file, not a pipe, so a chatty server can never block on it.
    """

    def __init__(self, *args: str, ready_timeout: float = READY_TIMEOUT, **env: str):
        if "--resp-port" not in args:
            args = (*args, "--resp-port", "0")
        self.args = args
        self._stderr = tempfile.TemporaryFile(mode="w+", prefix="labcloud-up-stderr-")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "labcloud.cli", "up", *args],
            stdout=subprocess.PIPE, stderr=self._stderr, text=True, env=labcloud_env(**env),
        )
        self.pid = self.proc.pid
        lines: queue.Queue[str] = queue.Queue()
        def read_two() -> None:
            lines.put(self.proc.stdout.readline())
            lines.put(self.proc.stdout.readline())

        threading.Thread(target=read_two, daemon=True).start()
        try:
            self.line = lines.get(timeout=ready_timeout).rstrip("\n")
            if self.line.startswith("labcloud serving on "):
                self.resp_line = lines.get(timeout=ready_timeout).rstrip("\n")
        except queue.Empty:
            self._give_up(f"printed no ready line within {ready_timeout}s")
        if not self.line.startswith("labcloud serving on "):
            self._give_up(f"did not become ready: stdout {self.line!r}")
        self.resp_address = self.resp_line.rsplit(" ", 1)[-1]
        self.ready_after = time.monotonic() - self.started
        self.address = self.line.removeprefix("labcloud serving on ").split(" ", 1)[0]

    def stderr(self) -> str:
        """Everything the server wrote to stderr so far."""
        if self._stderr.closed:
            return ""
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read()

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 30.0) -> tuple[int, str, str]:
        """Send ``signum`` to this process only; return (exit code, rest of stdout, stderr)."""
        self.proc.send_signal(signum)
        out, _ = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, self.stderr()

    def kill9(self) -> int:
        """SIGKILL this process by its pid, as a crash would; return its exit status."""
        os.kill(self.pid, signal.SIGKILL)
        return self.proc.wait(timeout=30)

    def close(self, timeout: float = 10.0, keep_stderr: bool = False) -> None:
        """Make sure the process is gone: SIGTERM, then SIGKILL after ``timeout``. Idempotent."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        if self.proc.stdout is not None and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if not keep_stderr:
            self._stderr.close()

    def _give_up(self, what: str) -> NoReturn:
        self.close(timeout=2.0, keep_stderr=True)
        stderr = self.stderr()
        self._stderr.close()
        raise AssertionError(
            f"`labcloud up {' '.join(self.args)}` {what} (exit status {self.proc.returncode}); stderr: {stderr}"
        )
