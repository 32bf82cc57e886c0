"""EC2's geography calls, answered from the layout: describe_regions and
describe_availability_zones, in the names the caller's account sees."""

from __future__ import annotations

from collections.abc import Iterable

from labcloud._proto.labcloud.ec2.v1 import ec2_pb2 as pb
from labcloud.control._service import Call, Service, fault, rpc

__all__ = ["Ec2Service"]


def _matches(filters: Iterable[pb.Filter], values: dict[str, str], allowed: set[str]) -> bool:
    """EC2 filter semantics: every filter must match; a filter matches if any value does."""
    for f in filters:
        if f.name not in allowed:
            raise fault("InvalidParameterValue", f"The filter '{f.name}' is invalid", 400)
        if values.get(f.name) not in set(f.values):
            return False
    return True


class Ec2Service(Service):
    NAME = "labcloud.ec2.v1.Ec2Service"

    @rpc(pb.DescribeRegionsRequest)
    def DescribeRegions(self, request: pb.DescribeRegionsRequest, call: Call) -> pb.DescribeRegionsResponse:
        layout = self.plane.layout
        unknown = [r for r in request.region_names if r not in layout.regions]
        if unknown:
            raise fault("InvalidParameterValue", f"Invalid region: {unknown[0]}", 400)
        wanted = set(request.region_names) or set(layout.regions)
        out = pb.DescribeRegionsResponse()
        for code in sorted(wanted):
            values = {"region-name": code, "endpoint": f"ec2.{code}.amazonaws.com",
                      "opt-in-status": "opt-in-not-required"}
            if _matches(request.filters, values, set(values)):
                out.regions.add(region_name=code, endpoint=values["endpoint"], opt_in_status=values["opt-in-status"])
        return out

    @rpc(pb.DescribeAvailabilityZonesRequest)
    def DescribeAvailabilityZones(self, request: pb.DescribeAvailabilityZonesRequest,
                                  call: Call) -> pb.DescribeAvailabilityZonesResponse:
        layout = self.plane.layout
        if call.region not in layout.regions:
            raise fault("InvalidParameterValue", f"Invalid region: {call.region}", 400)
        regions = sorted(layout.regions) if request.all_availability_zones else [call.region]
        zones = []
        for region in regions:
            names = layout.zone_names(self.plane.account_id, region)
            zones += [(name, zid, region) for zid, name in names.items()]
        known_names = {z[0] for z in zones}
        known_ids = {z[1] for z in zones}
        for name in request.zone_names:
            if name not in known_names:
                raise fault("InvalidParameterValue", f"The zone '{name}' does not exist.", 400)
        for zid in request.zone_ids:
            if zid not in known_ids:
                raise fault("InvalidParameterValue", f"The zone ID '{zid}' does not exist.", 400)
        out = pb.DescribeAvailabilityZonesResponse()
        for name, zid, region in sorted(zones):
            if request.zone_names and name not in request.zone_names:
                continue
            if request.zone_ids and zid not in request.zone_ids:
                continue
            values = {"zone-name": name, "zone-id": zid, "region-name": region, "state": "available",
                      "zone-type": "availability-zone", "group-name": region,
                      "opt-in-status": "opt-in-not-required"}
            if _matches(request.filters, values, set(values)):
                out.availability_zones.add(
                    zone_name=name, zone_id=zid, region_name=region, state="available",
                    zone_type="availability-zone", group_name=region, network_border_group=region,
                    opt_in_status="opt-in-not-required",
                )
        return out
