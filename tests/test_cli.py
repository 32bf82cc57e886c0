"""The `labcloud` command, run as a real subprocess."""

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import labcloud
from labcloud import Cloud
from labcloud.cli import default_data_dir

READY_TIMEOUT = 10.0
PACKAGE_ROOT = str(Path(labcloud.__file__).resolve().parent.parent)


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("LABCLOUD_DATA_DIR", "XDG_DATA_HOME")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in [PACKAGE_ROOT, env.get("PYTHONPATH")] if p)
    env.update(extra)
    return env


def _labcloud(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "labcloud.cli", *args],
        capture_output=True, text=True, env=_env(**env), timeout=30,
    )


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Up:
    """`labcloud up ...` in a subprocess; `line` is its first stdout line."""

    def __init__(self, *args, **env):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "labcloud.cli", "up", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(**env),
        )
        lines = queue.Queue()
        threading.Thread(target=lambda: lines.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            self.line = lines.get(timeout=READY_TIMEOUT).rstrip("\n")
        except queue.Empty:
            self.proc.kill()
            stderr = self.proc.communicate()[1]
            raise AssertionError(f"no ready line within {READY_TIMEOUT}s; stderr: {stderr}") from None
        self.ready_after = time.monotonic() - self.started

    def stop(self, signum=signal.SIGTERM):
        """Send ``signum`` to this process only; return (exit code, rest of stdout, stderr)."""
        self.proc.send_signal(signum)
        out, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, out, err

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


@pytest.fixture
def up():
    started = []

    def start(*args, **env):
        server = Up(*args, **env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


def test_help_describes_the_commands():
    result = _labcloud("--help")

    assert result.returncode == 0
    assert "up" in result.stdout
    assert "Serve every labcloud service" in result.stdout
    assert "version" in result.stdout


def test_up_help_explains_every_option():
    result = _labcloud("up", "--help")

    assert result.returncode == 0
    for option in ("--data-dir", "--host", "--port", "--fsync", "--no-limits", "always", "interval", "never"):
        assert option in result.stdout, option


def test_version_prints_the_package_version():
    result = _labcloud("version")

    assert (result.returncode, result.stdout) == (0, f"labcloud {labcloud.__version__}\n")


def test_up_prints_one_ready_line_naming_the_bound_port_and_data_dir(up, tmp_path):
    port = _free_port()

    server = up("--data-dir", str(tmp_path), "--port", str(port))

    assert server.line == f"labcloud serving on 127.0.0.1:{port} (data: {tmp_path.resolve()})"
    assert server.ready_after < 5.0
    code, rest, _ = server.stop()
    assert (code, rest) == (0, "")


def test_up_serves_clients_and_keeps_acknowledged_writes_across_restarts(up, tmp_path):
    port = _free_port()
    first = up("--data-dir", str(tmp_path), "--port", str(port))
    with Cloud.connect(f"127.0.0.1:{port}") as cloud:
        s3 = cloud.client("s3")
        s3.create_bucket(Bucket="survivor")
        s3.put_object(Bucket="survivor", Key="k", Body=b"acknowledged")

    code, _, err = first.stop(signal.SIGTERM)
    assert code == 0, err

    second = up("--data-dir", str(tmp_path), "--port", str(port))
    with Cloud.connect(f"127.0.0.1:{port}") as cloud:
        assert cloud.client("s3").get_object(Bucket="survivor", Key="k")["Body"].read() == b"acknowledged"
    code, _, err = second.stop(signal.SIGINT)
    assert code == 0, err


def test_up_exits_0_on_sigint(up, tmp_path):
    server = up("--data-dir", str(tmp_path), "--port", str(_free_port()))

    code, _, err = server.stop(signal.SIGINT)

    assert code == 0, err


def test_up_creates_a_missing_data_dir(up, tmp_path):
    data_dir = tmp_path / "not" / "yet"

    server = up("--data-dir", str(data_dir), "--port", str(_free_port()), "--fsync", "never", "--no-limits")

    assert data_dir.is_dir()
    assert server.line.endswith(f"(data: {data_dir.resolve()})")
    assert server.stop()[0] == 0


def test_up_defaults_to_labcloud_data_dir_from_the_environment(up, tmp_path):
    data_dir = tmp_path / "from-env"

    server = up("--port", str(_free_port()), LABCLOUD_DATA_DIR=str(data_dir))

    assert server.line.endswith(f"(data: {data_dir.resolve()})")
    assert server.stop()[0] == 0


def test_up_on_a_port_in_use_fails_naming_the_port(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = _labcloud("up", "--data-dir", str(tmp_path), "--port", str(port))

    assert result.returncode == 1
    assert f"127.0.0.1:{port}" in result.stderr
    assert result.stdout == ""


def test_default_data_dir_prefers_labcloud_data_dir_then_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LABCLOUD_DATA_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_data_dir() == tmp_path / "home" / ".local" / "share" / "labcloud"

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "labcloud"

    monkeypatch.setenv("LABCLOUD_DATA_DIR", str(tmp_path / "explicit"))
    assert default_data_dir() == tmp_path / "explicit"
