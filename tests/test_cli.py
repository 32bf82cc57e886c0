"""The `labcloud` command, run as a real subprocess."""

import signal
import socket

import labcloud
from _server import free_port, run_labcloud
from labcloud import Cloud
from labcloud.cli import default_data_dir


def test_help_describes_the_commands():
    result = run_labcloud("--help")

    assert result.returncode == 0
    assert "up" in result.stdout
    assert "Serve every labcloud service" in result.stdout
    assert "version" in result.stdout


def test_up_help_explains_every_option():
    result = run_labcloud("up", "--help")

    assert result.returncode == 0
    for option in ("--data-dir", "--host", "--port", "--resp-port", "--fsync", "--no-limits", "always", "interval", "never"):
        assert option in result.stdout, option


def test_version_prints_the_package_version():
    result = run_labcloud("version")

    assert (result.returncode, result.stdout) == (0, f"labcloud {labcloud.__version__}\n")


def test_up_prints_ready_lines_naming_the_bound_ports_and_data_dir(up, tmp_path):
    port, resp_port = free_port(), free_port()

    server = up("--data-dir", str(tmp_path), "--port", str(port), "--resp-port", str(resp_port))

    assert server.line == f"labcloud serving on 127.0.0.1:{port} (data: {tmp_path.resolve()})"
    assert server.resp_line == f"labcloud cache cluster default: RESP on 127.0.0.1:{resp_port}"
    assert server.ready_after < 5.0
    code, rest, _ = server.stop()
    assert (code, rest) == (0, "")


def test_up_serves_clients_and_keeps_acknowledged_writes_across_restarts(up, tmp_path):
    port = free_port()
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
    server = up("--data-dir", str(tmp_path), "--port", str(free_port()))

    code, _, err = server.stop(signal.SIGINT)

    assert code == 0, err


def test_up_creates_a_missing_data_dir(up, tmp_path):
    data_dir = tmp_path / "not" / "yet"

    server = up("--data-dir", str(data_dir), "--port", str(free_port()), "--fsync", "never", "--no-limits")

    assert data_dir.is_dir()
    assert server.line.endswith(f"(data: {data_dir.resolve()})")
    assert server.stop()[0] == 0


def test_up_defaults_to_labcloud_data_dir_from_the_environment(up, tmp_path):
    data_dir = tmp_path / "from-env"

    server = up("--port", str(free_port()), LABCLOUD_DATA_DIR=str(data_dir))

    assert server.line.endswith(f"(data: {data_dir.resolve()})")
    assert server.stop()[0] == 0


def test_up_on_a_port_in_use_fails_naming_the_port(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = run_labcloud("up", "--data-dir", str(tmp_path), "--port", str(port))

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
