"""The EC2 client: boto3's ``client("ec2")`` methods over labcloud's EC2
control-plane service (today: the cloud's geography)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from labcloud._proto.labcloud.ec2.v1 import ec2_pb2 as pb
from labcloud.clients._base import BaseClient, ServiceExceptions, operation, response_metadata
from labcloud.clients._schema import BOOLEAN, STRING, ListOf, Structure

__all__ = ["Ec2Client"]

_FILTERS = ListOf(Structure({"Name": STRING, "Values": ListOf(STRING)}, required=("Name", "Values")))
DESCRIBE_REGIONS = Structure({
    "RegionNames": ListOf(STRING), "Filters": _FILTERS, "AllRegions": BOOLEAN, "DryRun": BOOLEAN,
})
DESCRIBE_AVAILABILITY_ZONES = Structure({
    "ZoneNames": ListOf(STRING), "ZoneIds": ListOf(STRING), "Filters": _FILTERS,
    "AllAvailabilityZones": BOOLEAN, "DryRun": BOOLEAN,
})
ERROR_CODES = ("InvalidParameterValue", "UnknownOperationException", "InternalError")


def _filters(filters: Iterable[Mapping[str, Any]]) -> list[pb.Filter]:
    return [pb.Filter(name=f["Name"], values=list(f["Values"])) for f in filters]


class Ec2Client(BaseClient):
    SERVICE_NAME = "ec2"
    METHOD_PREFIX = f"/{pb.DESCRIPTOR.services_by_name['Ec2Service'].full_name}/"
    EXCEPTIONS = ServiceExceptions(ERROR_CODES)

    @operation(DESCRIBE_REGIONS)
    def describe_regions(self, p: dict) -> dict:
        request = pb.DescribeRegionsRequest(
            region_names=p.get("RegionNames", []), filters=_filters(p.get("Filters", [])),
            all_regions=p.get("AllRegions", False),
        )
        r = self._unary("DescribeRegions", request, pb.DescribeRegionsResponse)
        regions = [{"Endpoint": x.endpoint, "RegionName": x.region_name, "OptInStatus": x.opt_in_status}
                   for x in r.regions]
        return {"Regions": regions, "ResponseMetadata": response_metadata(200)}

    @operation(DESCRIBE_AVAILABILITY_ZONES)
    def describe_availability_zones(self, p: dict) -> dict:
        request = pb.DescribeAvailabilityZonesRequest(
            zone_names=p.get("ZoneNames", []), zone_ids=p.get("ZoneIds", []),
            filters=_filters(p.get("Filters", [])),
            all_availability_zones=p.get("AllAvailabilityZones", False),
        )
        r = self._unary("DescribeAvailabilityZones", request, pb.DescribeAvailabilityZonesResponse)
        zones = [
            {
                "OptInStatus": z.opt_in_status, "Messages": [], "RegionName": z.region_name,
                "ZoneName": z.zone_name, "ZoneId": z.zone_id, "GroupName": z.group_name,
                "NetworkBorderGroup": z.network_border_group, "ZoneType": z.zone_type, "State": z.state,
            }
            for z in r.availability_zones
        ]
        return {"AvailabilityZones": zones, "ResponseMetadata": response_metadata(200)}
