"""The ``labcloud`` command: ``labcloud up`` serves a cloud on one endpoint."""

import enum
import os
import signal
from pathlib import Path
from typing import NoReturn, Optional

import typer

app = typer.Typer(
    help="labcloud: a cloud on a lab bench. AWS-like storage services with real, "
    "durable engines, for Python (labcloud.Cloud) or any gRPC client.",
    no_args_is_help=True,
    add_completion=False,
)


class Fsync(str, enum.Enum):
    always = "always"
    interval = "interval"
    never = "never"


def default_data_dir() -> Path:
    """$LABCLOUD_DATA_DIR, else $XDG_DATA_HOME/labcloud, else ~/.local/share/labcloud."""
    if os.environ.get("LABCLOUD_DATA_DIR"):
        return Path(os.environ["LABCLOUD_DATA_DIR"])
    xdg = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(xdg) / "labcloud"


@app.command()
def up(
    data_dir: Optional[Path] = typer.Option(
        None, "--data-dir", file_okay=False,
        help="Where the cloud keeps its data; it survives restarts, and a later "
        "`labcloud up` on the same directory sees everything acknowledged before. "
        "Default: $LABCLOUD_DATA_DIR, else $XDG_DATA_HOME/labcloud, else "
        "~/.local/share/labcloud (created if missing).",
        show_default=False,
    ),
    host: str = typer.Option("127.0.0.1", help="Address to listen on; 0.0.0.0 serves other machines."),
    port: int = typer.Option(50051, min=0, max=65535, help="TCP port to listen on; 0 picks a free one."),
    fsync: Fsync = typer.Option(
        Fsync.always,
        help="When writes reach the disk: 'always' before each acknowledgement "
        "(survives power loss), 'interval' in the background every 100 ms "
        "(loses at most that much on power loss), 'never' left to the OS "
        "(survives a crash of the process only).",
    ),
    layout: Optional[str] = typer.Option(
        None, "--layout",
        help="The cloud's geography: 'default' (seven real AWS regions), 'tiny' (one region, "
        "three zones) or a layout TOML file. Kept in the data directory on first start; "
        "later starts use that copy.",
        show_default=False,
    ),
    resp_port: int = typer.Option(
        6379, "--resp-port", min=0, max=65535,
        help="Port of the default cache cluster's RESP endpoint, where redis-cli, "
        "redis-py or redis-benchmark connect; 0 picks a free one. Clusters created "
        "through the ElastiCache API get ports of their own.",
    ),
    no_limits: bool = typer.Option(
        False, "--no-limits",
        help="Turn off the modelled AWS limits (request-rate throttling, quotas) "
        "to measure the raw engines.",
    ),
) -> None:
    """Serve every labcloud service on one gRPC endpoint until SIGINT or SIGTERM.

    Prints when ready `labcloud serving on HOST:PORT (data: DIR)`, then
    `labcloud cache cluster default: RESP on HOST:RESP_PORT`; connect with
    `labcloud.Cloud.connect("HOST:PORT")`, or any Redis client to the RESP
    port. On SIGINT or SIGTERM the server drains in-flight requests,
    checkpoints and exits 0.
    """
    from labcloud.serve import Endpoint

    path = (data_dir or default_data_dir()).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    # Block the stop signals before the server starts its threads, so they
    # inherit the mask and the signal is only ever taken by sigwait below.
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    try:
        server = Endpoint(path, host=host, port=port, fsync=fsync.value, limits=not no_limits, layout=layout,
                          resp_port=resp_port)
    except Exception as error:  # bind and lock failures, a bad layout file
        _fail(f"cannot start on {host}:{port} (RESP port {resp_port}) with data dir {path}: {error}")
    print(f"labcloud serving on {server.address} (data: {path})")
    print(f"labcloud cache cluster default: RESP on {server.resp_address}", flush=True)
    signal.sigwait(stop_signals)
    try:
        server.stop()
    except Exception as error:
        _fail(f"stopping the server failed: {error}")


@app.command()
def version() -> None:
    """Print labcloud's version."""
    from labcloud import __version__

    print(f"labcloud {__version__}")


def _fail(message: str) -> NoReturn:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[bold red]labcloud:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
