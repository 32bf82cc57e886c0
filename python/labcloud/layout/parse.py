"""Reading a layout file (TOML) and rejecting what cannot be a cloud.

Errors name the file, the line and the rule broken, e.g.
``lab.toml:14: zone 'use1-az3' in us-east-1 has no hosts (every availability zone needs at least one host)``.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from labcloud.layout.model import AvailabilityZone, EdgeLocation, Host, Layout, Link, Region

__all__ = ["LayoutError", "parse_layout", "read_layout"]


class LayoutError(ValueError):
    """A layout file that does not describe a valid cloud."""


_KINDS = {str: "string", int: "whole number", float: "number", list: "list"}


class _Reader:
    """Finds the lines of tables and keys, since tomllib does not keep them."""

    def __init__(self, text: str, source: str):
        self.lines = text.splitlines()
        self.source = source
        self._seen: Counter[tuple[str, ...]] = Counter()

    def line_of(self, *needles: str, nth: int = 1, after: int = 0) -> int:
        """The nth line after line `after` holding every needle (1-based; 0 if none)."""
        for i, line in enumerate(self.lines[after:], after + 1):
            if all(n in line for n in needles):
                nth -= 1
                if nth == 0:
                    return i
        return 0

    def anchor(self, *needles: str) -> int:
        """The line of the next table identified by `needles` (its 2nd use is the 2nd match)."""
        self._seen[needles] += 1
        return self.line_of(*needles, nth=self._seen[needles])

    def key_line(self, anchor: int, key: str) -> int:
        return self.line_of(f"{key} =", after=anchor - 1) if anchor else 0

    def fail(self, line: int, problem: str, rule: str) -> LayoutError:
        where = f"{self.source}:{line}" if line else self.source
        return LayoutError(f"{where}: {problem} ({rule})")

    def value(self, table: dict[str, Any], key: str, kinds: tuple[type, ...], what: str, anchor: int) -> Any:
        if key not in table:
            raise self.fail(anchor, f"{what} has no {key!r}", f"{key} is required")
        v = table[key]
        if not isinstance(v, kinds) or isinstance(v, bool):  # TOML's true is not a number
            kind = " or ".join(_KINDS.get(k, k.__name__) for k in kinds)
            raise self.fail(self.key_line(anchor, key), f"{what}: {key} = {v!r}", f"{key} must be a {kind}")
        return v

    def number(self, table: dict, key: str, what: str, anchor: int, lo: float, hi: float) -> float:
        v = float(self.value(table, key, (int, float), what, anchor))
        if not lo <= v <= hi:
            raise self.fail(self.key_line(anchor, key), f"{what}: {key} = {v}", f"{key} must be between {lo:g} and {hi:g}")
        return v


def _q(value: str) -> str:
    return f'"{value}"'


def _host(r: _Reader, h: dict, name: str, zone_id: str, anchor: int) -> Host:
    what = f"host {name!r} of zone {zone_id!r}"
    values = {}
    for key in ("cores", "memory_gib", "disk_gib"):
        v = r.value(h, key, (int,), what, anchor)
        if v <= 0:
            raise r.fail(r.key_line(anchor, key), f"{what}: {key} = {v}", f"{key} must be positive")
        values[key] = v
    return Host(name=name, zone_id=zone_id, **values)


def _hosts(r: _Reader, zone: dict, zone_id: str, region: str, anchor: int) -> tuple[Host, ...]:
    spec, count = zone.get("host"), zone.get("hosts", 0)
    if isinstance(spec, list):
        hosts = []
        for i, h in enumerate(spec):
            name = h.get("name", f"{zone_id}-h{i + 1:02}")
            host_anchor = r.anchor("name", _q(name)) if "name" in h else anchor
            hosts.append(_host(r, h, name, zone_id, host_anchor))
    else:
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise r.fail(r.key_line(anchor, "hosts"), f"zone {zone_id!r}: hosts = {count!r}",
                         "hosts is a count of identical hosts, 0 or more")
        if count and not isinstance(spec, dict):
            raise r.fail(anchor, f"zone {zone_id!r} gives {count} hosts but not their size",
                         "hosts = N goes with host = { cores, memory_gib, disk_gib }")
        hosts = [_host(r, spec, f"{zone_id}-h{i + 1:02}", zone_id, anchor) for i in range(count)]
    if not hosts:
        raise r.fail(anchor, f"zone {zone_id!r} in {region} has no hosts",
                     "every availability zone needs at least one host")
    return tuple(hosts)


def _regions(r: _Reader, tables: list[dict]) -> tuple[dict[str, Region], set[str]]:
    regions: dict[str, Region] = {}
    zone_ids: set[str] = set()
    host_names: set[str] = set()
    for table in tables:
        code = r.value(table, "code", (str,), "a region", r.line_of("[[regions]]"))
        anchor = r.anchor("code", _q(code))
        what = f"region {code!r}"
        if code in regions:
            raise r.fail(anchor, f"region {code!r} appears twice", "region codes are unique")
        lat = r.number(table, "latitude", what, anchor, -90, 90)
        lon = r.number(table, "longitude", what, anchor, -180, 180)
        letters = table.get("zone_letters", "abcdefghij")
        zones = []
        for z in table.get("zones", []):
            zid = r.value(z, "id", (str,), f"a zone of {code}", anchor)
            zone_anchor = r.anchor("id", _q(zid))
            if zid in zone_ids:
                raise r.fail(zone_anchor, f"zone {zid!r} appears twice", "zone ids are unique")
            zone_ids.add(zid)
            hosts = _hosts(r, z, zid, code, zone_anchor)
            for h in hosts:
                if h.name in host_names:
                    raise r.fail(r.line_of(_q(h.name)), f"host {h.name!r} appears twice", "host names are unique")
                host_names.add(h.name)
            zones.append(AvailabilityZone(zone_id=zid, region=code, hosts=hosts))
        if not zones:
            raise r.fail(anchor, f"{what} has no availability zones", "every region needs at least one zone")
        if len(zones) > len(letters):
            raise r.fail(anchor, f"{what} has {len(zones)} zones but zone_letters {letters!r}", "one letter per zone")
        regions[code] = Region(code, table.get("name", code), lat, lon, tuple(zones), letters)
    return regions, zone_ids


def _edges(r: _Reader, tables: list[dict], taken: set[str]) -> dict[str, EdgeLocation]:
    edges: dict[str, EdgeLocation] = {}
    for table in tables:
        code = r.value(table, "code", (str,), "an edge location", r.line_of("[[edges]]"))
        anchor = r.anchor("code", _q(code))
        if code in edges or code in taken:
            raise r.fail(anchor, f"edge location {code!r} reuses a name",
                         "names of regions, zones and edges are unique")
        what = f"edge location {code!r}"
        edges[code] = EdgeLocation(code, table.get("city", code), r.number(table, "latitude", what, anchor, -90, 90),
                                   r.number(table, "longitude", what, anchor, -180, 180))
    return edges


def _links(r: _Reader, tables: list[dict], places: set[str]) -> dict[frozenset[str], Link]:
    links: dict[frozenset[str], Link] = {}
    for table in tables:
        between = r.value(table, "between", (list,), "a link", r.line_of("[[links]]"))
        if len(between) != 2 or not all(isinstance(x, str) for x in between):
            raise r.fail(r.anchor("between"), f"link between {between!r}", "between names exactly two places")
        a, b = between
        anchor = r.anchor("between", _q(a), _q(b))
        what = f"link {a}-{b}"
        for end in (a, b):
            if end not in places:
                raise r.fail(anchor, f"link to {end!r}, which is nowhere in this layout",
                             "links join regions, zones or edge locations that exist")
        if a == b:
            raise r.fail(anchor, f"link from {a!r} to itself", "a link joins two different places")
        latency = float(r.value(table, "latency_ms", (int, float), what, anchor))
        if latency < 0:
            raise r.fail(r.key_line(anchor, "latency_ms"), f"{what}: latency_ms = {latency:g}",
                         "latency cannot be negative")
        bandwidth = float(table.get("bandwidth_gbps", 10.0))
        if bandwidth <= 0:
            raise r.fail(r.key_line(anchor, "bandwidth_gbps"), f"{what}: bandwidth_gbps = {bandwidth:g}",
                         "bandwidth must be positive")
        key = frozenset((a, b))
        if key in links:
            raise r.fail(anchor, f"{what} appears twice", "one link per pair of places")
        links[key] = Link(a, b, latency, bandwidth)
    return links


def parse_layout(text: str, source: str = "<layout>") -> Layout:
    r = _Reader(text, source)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise LayoutError(f"{source}: not valid TOML: {e}") from None
    for name in sorted(set(doc) - {"regions", "edges", "links"}):
        raise r.fail(r.line_of(name), f"unknown section {name!r}", "a layout has regions, edges and links")
    if not doc.get("regions"):
        raise LayoutError(f"{source}: no regions (a layout needs at least one [[regions]] table)")
    regions, zone_ids = _regions(r, doc["regions"])
    edges = _edges(r, doc.get("edges", []), set(regions) | zone_ids)
    links = _links(r, doc.get("links", []), set(regions) | zone_ids | set(edges))
    return Layout(regions=regions, edges=edges, links=links, source=source)


def read_layout(path: str | Path) -> Layout:
    p = Path(path)
    return parse_layout(p.read_text(), source=p.name)
