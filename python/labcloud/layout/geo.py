"""Default links derived from geography, for pairs the layout file leaves out.

Between zones of one region: sub-millisecond to about 1.5 ms one way (AWS
says single-digit milliseconds round trip; measurements put most pairs at
0.3-1.5 ms), fixed per pair so runs repeat. Between regions and edge
locations: light in fibre over the great-circle distance with a path
stretch, calibrated on public inter-region round trips (us-east-1 to
eu-west-1 about 68 ms, to ap-northeast-1 about 145 ms).
"""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from labcloud.layout.model import Layout, Link

EARTH_RADIUS_KM = 6371.0
# One-way: a fixed cost plus distance over the effective speed of a real path.
FIXED_MS = 2.0
KM_PER_MS = 140.0
INTER_ZONE_MS = (0.3, 1.5)
INTER_ZONE_GBPS = 25.0
INTER_REGION_GBPS = 10.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _fraction(a: str, b: str) -> float:
    """A number in [0, 1) fixed for the unordered pair."""
    key = "|".join(sorted((a, b))).encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") / 2**64


def derived_link(layout: Layout, a: str, b: str) -> Link:
    from labcloud.layout.model import Link

    lat_a, lon_a, region_a = layout.place_of(a)
    lat_b, lon_b, region_b = layout.place_of(b)
    if region_a is not None and region_a == region_b:
        lo, hi = INTER_ZONE_MS
        return Link(a, b, round(lo + (hi - lo) * _fraction(a, b), 3), INTER_ZONE_GBPS)
    km = distance_km(lat_a, lon_a, lat_b, lon_b)
    return Link(a, b, round(FIXED_MS + km / KM_PER_MS, 3), INTER_REGION_GBPS)
