"""Serving a cloud on one gRPC endpoint: the Rust server for the engines, the
Python control plane for the rest (``labcloud up`` runs this)."""

from __future__ import annotations

import os
from pathlib import Path

from labcloud import _core
from labcloud.control import ControlPlane

__all__ = ["Endpoint"]


class Endpoint:
    """Serves ``data_dir`` on ``host:port`` (port 0 picks a free port) until
    ``stop()``; ``address`` is the "host:port" actually bound."""

    def __init__(self, data_dir: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 0,
                 fsync: str = "always", limits: bool = True, layout: str | os.PathLike[str] | None = None,
                 virtual_time: bool = False, resp_port: int | None = None):
        path = Path(data_dir)
        self.control = ControlPlane(path, layout=layout)
        try:
            self._server = _core.Server(
                str(path), host=host, port=port, fsync=fsync, limits=limits, virtual_time=virtual_time,
                control=self.control, resp_port=resp_port,
            )
        except BaseException:
            self.control.close()
            raise
        self.address: str = self._server.address
        # The default cache cluster's RESP endpoint, when resp_port was given.
        self.resp_address: str | None = self._server.resp_address

    def advance_time(self, seconds: float) -> None:
        """Move the engines' clock forward (a server started with virtual_time=True)."""
        self._server.advance_time(seconds)

    def stop(self) -> None:
        """Finishes calls in flight, checkpoints, releases the data directory. Idempotent."""
        try:
            self._server.stop()
        finally:
            self.control.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
