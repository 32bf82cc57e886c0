"""The layout's parts: regions, availability zones, hosts, edge locations, links.

Availability zones are physical (a zone id such as ``use1-az1``); the names
an account sees (``us-east-1a``) are a per-account view, shuffled per account
as AWS does, so that accounts do not all pile onto the same "a" zone.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

from labcloud.layout import geo

__all__ = ["AvailabilityZone", "EdgeLocation", "Host", "Layout", "Link", "Region"]


@dataclass(frozen=True)
class Host:
    name: str
    zone_id: str
    cores: int
    memory_gib: int
    disk_gib: int


@dataclass(frozen=True)
class AvailabilityZone:
    zone_id: str
    region: str
    hosts: tuple[Host, ...]


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    latitude: float
    longitude: float
    zones: tuple[AvailabilityZone, ...]
    # Letters of the zone names accounts see, in order ("acd" where AWS retired a "b").
    zone_letters: str


@dataclass(frozen=True)
class EdgeLocation:
    code: str
    city: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Link:
    """A network path between two places (zone ids, region codes or edge codes)."""

    a: str
    b: str
    latency_ms: float  # one way
    bandwidth_gbps: float


@dataclass
class Layout:
    regions: dict[str, Region]
    edges: dict[str, EdgeLocation] = field(default_factory=dict)
    # Links given explicitly, by unordered endpoint pair; the rest are derived.
    links: dict[frozenset[str], Link] = field(default_factory=dict)
    source: str = "<layout>"

    def __post_init__(self) -> None:
        self.zones = {z.zone_id: z for r in self.regions.values() for z in r.zones}
        self.hosts = {h.name: h for z in self.zones.values() for h in z.hosts}

    def region(self, code: str) -> Region:
        try:
            return self.regions[code]
        except KeyError:
            raise KeyError(f"no region {code!r} in {self.source}; regions: {', '.join(self.regions)}") from None

    def zone_names(self, account_id: str, region: str) -> dict[str, str]:
        """zone id -> the zone name ``account_id`` sees, e.g. {"use1-az4": "us-east-1a"}."""
        r = self.region(region)
        ids = sorted(z.zone_id for z in r.zones)
        seed = int.from_bytes(hashlib.sha256(f"{account_id}/{region}".encode()).digest()[:8], "big")
        random.Random(seed).shuffle(ids)
        return {zid: f"{region}{letter}" for zid, letter in zip(ids, r.zone_letters, strict=False)}

    def link(self, a: str, b: str) -> Link:
        """The link between two places: explicit in the file, else derived from geography."""
        if a == b:
            return Link(a, b, 0.0, float("inf"))
        explicit = self.links.get(frozenset((a, b)))
        if explicit is not None:
            return explicit
        # Zones of different regions talk over their regions' link.
        ra, rb = self._region_of(a), self._region_of(b)
        if (ra, rb) != (a, b) and ra != rb:
            explicit = self.links.get(frozenset((ra, rb)))
            if explicit is not None:
                return Link(a, b, explicit.latency_ms, explicit.bandwidth_gbps)
        return geo.derived_link(self, a, b)

    def _region_of(self, name: str) -> str:
        zone = self.zones.get(name)
        return zone.region if zone is not None else name

    def place_of(self, name: str) -> tuple[float, float, str | None]:
        """(latitude, longitude, region code or None) of a zone id, region or edge."""
        if name in self.zones:
            r = self.regions[self.zones[name].region]
            return r.latitude, r.longitude, r.code
        if name in self.regions:
            r = self.regions[name]
            return r.latitude, r.longitude, r.code
        if name in self.edges:
            e = self.edges[name]
            return e.latitude, e.longitude, None
        raise KeyError(f"{name!r} is not a zone id, region or edge location of {self.source}")
