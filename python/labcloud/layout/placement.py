"""Placement: which hosts hold each resource's replicas.

Replicas spread over failure domains: distinct availability zones first
(the zones holding the fewest resources of the same kind, then the roomiest),
then distinct hosts; a host never takes more than it has free. Placements are
kept in a file so the same resource lands in the same place after a restart.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from labcloud.layout.model import Host, Layout

__all__ = ["Demand", "InsufficientCapacity", "Placement", "Placer"]


@dataclass(frozen=True)
class Demand:
    """What one replica of a resource takes from its host."""

    cores: float = 0.0
    memory_gib: float = 0.0
    disk_gib: float = 0.0

    def fits(self, free: Demand) -> bool:
        return self.cores <= free.cores and self.memory_gib <= free.memory_gib and self.disk_gib <= free.disk_gib

    def __add__(self, o: Demand) -> Demand:
        return Demand(self.cores + o.cores, self.memory_gib + o.memory_gib, self.disk_gib + o.disk_gib)

    def __sub__(self, o: Demand) -> Demand:
        return Demand(self.cores - o.cores, self.memory_gib - o.memory_gib, self.disk_gib - o.disk_gib)


class InsufficientCapacity(Exception):
    """No hosts can take the resource (AWS: InsufficientInstanceCapacity and kin)."""


@dataclass(frozen=True)
class Placement:
    resource: str
    kind: str
    region: str
    hosts: tuple[str, ...]
    zone_ids: tuple[str, ...]
    demand: Demand


def _capacity(h: Host) -> Demand:
    return Demand(h.cores, h.memory_gib, h.disk_gib)


class Placer:
    """Places resources on a layout's hosts; thread-safe; persistent when given a file."""

    def __init__(self, layout: Layout, state_file: Path | None = None):
        self.layout = layout
        self._file = state_file
        self._lock = threading.Lock()
        self._placed: dict[str, Placement] = {}
        if state_file is not None and state_file.exists():
            for p in json.loads(state_file.read_text())["placements"]:
                p["demand"] = Demand(**p["demand"])
                p["hosts"], p["zone_ids"] = tuple(p["hosts"]), tuple(p["zone_ids"])
                self._placed[p["resource"]] = Placement(**p)

    def where(self, resource: str) -> Placement | None:
        with self._lock:
            return self._placed.get(resource)

    def placements(self) -> list[Placement]:
        with self._lock:
            return list(self._placed.values())

    def used(self, host: str) -> Demand:
        with self._lock:
            return self._used(host)

    def _used(self, host: str) -> Demand:
        total = Demand()
        for p in self._placed.values():
            total = total + Demand(*(v * p.hosts.count(host) for v in asdict(p.demand).values()))
        return total

    def place(self, resource: str, kind: str, region: str, demand: Demand = Demand(), replicas: int = 1) -> Placement:
        """Where `resource` lives, placing it now if it is new (the same answer ever after)."""
        if replicas < 1:
            raise ValueError(f"replicas must be at least 1, not {replicas}")
        with self._lock:
            if resource in self._placed:
                return self._placed[resource]
            zones = self.layout.region(region).zones
            same_kind: dict[str, int] = {}  # zone ids and host names -> resources of this kind
            for p in self._placed.values():
                if p.kind == kind:
                    for name in (*p.zone_ids, *p.hosts):
                        same_kind[name] = same_kind.get(name, 0) + 1
            free = {h.name: _capacity(h) - self._used(h.name) for z in zones for h in z.hosts}
            chosen: list[Host] = []
            # Round robin over zones, least loaded with this kind first, until
            # every replica has a host of its own.
            while len(chosen) < replicas:
                taken_zones = [h.zone_id for h in chosen]
                order = sorted(
                    zones,
                    key=lambda z: (taken_zones.count(z.zone_id), same_kind.get(z.zone_id, 0),
                                   -sum(free[h.name].cores for h in z.hosts), z.zone_id),
                )
                pick = None
                for z in order:
                    fits = [h for h in z.hosts if h not in chosen and demand.fits(free[h.name])]
                    if fits:
                        # The host with the fewest of this kind, then the roomiest.
                        pick = min(fits, key=lambda h: (same_kind.get(h.name, 0), -free[h.name].cores,
                                                        -free[h.name].memory_gib, h.name))
                        break
                if pick is None:
                    raise InsufficientCapacity(
                        f"no host in {region} has room for {kind} {resource!r} "
                        f"(replica {len(chosen) + 1} of {replicas}, needs {demand})"
                    )
                chosen.append(pick)
                free[pick.name] = free[pick.name] - demand
            placement = Placement(resource, kind, region, tuple(h.name for h in chosen),
                                  tuple(h.zone_id for h in chosen), demand)
            self._placed[resource] = placement
            self._save()
            return placement

    def release(self, resource: str) -> None:
        with self._lock:
            if self._placed.pop(resource, None) is not None:
                self._save()

    def _save(self) -> None:
        if self._file is None:
            return
        data = {"placements": [asdict(p) for p in self._placed.values()]}
        tmp = self._file.with_suffix(".tmp")
        with open(tmp, "w") as f:
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self._file)
