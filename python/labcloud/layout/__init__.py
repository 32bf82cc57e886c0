"""Where things live: regions, availability zones, hosts, edge locations and
the links between them, read from a TOML layout file, and the placement of
every resource on those hosts.

    from labcloud.layout import load_layout
    layout = load_layout("default")          # or "tiny", or a path
    layout.link("use1-az1", "euw1-az2").latency_ms
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from labcloud.layout.model import AvailabilityZone, EdgeLocation, Host, Layout, Link, Region
from labcloud.layout.parse import LayoutError, parse_layout, read_layout
from labcloud.layout.placement import Demand, InsufficientCapacity, Placement, Placer

__all__ = [
    "AvailabilityZone", "CloudLayout", "Demand", "EdgeLocation", "Host", "InsufficientCapacity", "Layout",
    "LayoutError", "Link", "Placement", "Placer", "Region", "BUILTIN", "load_layout", "layout_text",
]

BUILTIN = ("default", "tiny")


def layout_text(name_or_path: str | Path) -> tuple[str, str]:
    """(text, source name) of a built-in layout ("default", "tiny") or a file."""
    if str(name_or_path) in BUILTIN:
        name = f"{name_or_path}.toml"
        return resources.files("labcloud.layout").joinpath("layouts", name).read_text(), name
    p = Path(name_or_path)
    return p.read_text(), p.name


def load_layout(name_or_path: str | Path = "default") -> Layout:
    text, source = layout_text(name_or_path)
    return parse_layout(text, source)


class CloudLayout:
    """A cloud's layout together with its placements (``cloud.layout``)."""

    def __init__(self, layout: Layout, placer: Placer):
        self._layout = layout
        self._placer = placer

    def __getattr__(self, name: str):
        return getattr(self._layout, name)

    def where(self, resource: str) -> Placement:
        """The hosts holding ``resource``; KeyError if it was never placed."""
        placement = self._placer.where(resource)
        if placement is None:
            raise KeyError(f"{resource!r} has not been placed")
        return placement

    def place(self, resource: str, kind: str, region: str, demand: Demand = Demand(),
              replicas: int = 1) -> Placement:
        """Places a resource (or returns where it already is)."""
        return self._placer.place(resource, kind, region, demand, replicas)
