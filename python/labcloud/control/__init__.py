"""The control plane: Python services (EC2, and IAM, CloudWatch, ... as they
come) that decide where things live and who may touch them.

A ``ControlPlane`` answers serialized gRPC calls. A local cloud calls it
directly; ``labcloud up`` hands it to the Rust server, which answers its
services on the same endpoint as the engines, on a blocking thread, so the
data plane never waits on Python.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from labcloud.control._service import Call, Service, fault, rpc
from labcloud.layout import Layout, Placer, layout_text, parse_layout

__all__ = ["Call", "ControlPlane", "Service", "fault", "rpc"]

# The account everything belongs to until IAM gives the cloud accounts.
DEFAULT_ACCOUNT = "123456789012"


def _service_classes() -> list[type[Service]]:
    from labcloud.control.ec2 import Ec2Service

    return [Ec2Service]


def _lock(directory: Path) -> int:
    """An exclusive lock on the control plane's directory, released by the
    kernel if the process dies (the engines lock theirs the same way)."""
    fd = os.open(directory / "LOCK", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OSError(f"data directory {directory.parent} is in use by another labcloud process") from None
    return fd


class ControlPlane:
    """The control-plane services of one cloud, with its layout and placements.

    ``layout``: "default", "tiny" or a TOML file; it is copied into the data
    directory on first start, and later starts use that copy (a cloud's
    geography does not change under resources already placed on it).
    """

    def __init__(self, data_dir: Path, layout: str | Path | None = None,
                 clock: Callable[[], float] = time.time):
        self.data_dir = Path(data_dir) / "control"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock_fd = _lock(self.data_dir)
        self.clock = clock
        self.account_id = DEFAULT_ACCOUNT
        try:
            self.layout = self._load_layout(layout)
            self.placer = Placer(self.layout, self.data_dir / "placements.json")
        except BaseException:
            self.close()
            raise
        self._methods: dict[str, Callable[[bytes, Call], bytes]] = {}
        self._services = []
        for cls in _service_classes():
            service = cls(self)
            self._services.append(cls.NAME)
            self._methods.update(service.methods())

    def _load_layout(self, requested: str | Path | None) -> Layout:
        stored = self.data_dir / "layout.toml"
        if stored.exists():
            text = stored.read_text()
            if requested is not None and layout_text(requested)[0] != text:
                raise ValueError(
                    f"{self.data_dir.parent} was created with another layout; resources are placed on it, "
                    f"so it cannot change (use a new data directory, or leave the layout out)"
                )
            return parse_layout(text, "layout.toml")
        text, source = layout_text(requested or "default")
        layout = parse_layout(text, source)
        tmp = stored.with_suffix(".tmp")
        tmp.write_text(text)
        tmp.replace(stored)
        return layout

    def services(self) -> list[str]:
        return list(self._services)

    def close(self) -> None:
        """Release the data directory. Idempotent."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def serves(self, method: str) -> bool:
        return method in self._methods

    def handle(self, method: str, request: bytes, region: str) -> bytes:
        handler = self._methods.get(method)
        if handler is None:
            raise fault("UnknownOperationException", f"unknown method {method}", 501)
        return handler(bytes(request), Call(method=method, region=region or "us-east-1"))
