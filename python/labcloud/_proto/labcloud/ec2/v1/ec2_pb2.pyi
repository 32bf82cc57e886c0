from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Filter(_message.Message):
    __slots__ = ("name", "values")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    name: str
    values: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., values: _Optional[_Iterable[str]] = ...) -> None: ...

class DescribeRegionsRequest(_message.Message):
    __slots__ = ("region_names", "filters", "all_regions")
    REGION_NAMES_FIELD_NUMBER: _ClassVar[int]
    FILTERS_FIELD_NUMBER: _ClassVar[int]
    ALL_REGIONS_FIELD_NUMBER: _ClassVar[int]
    region_names: _containers.RepeatedScalarFieldContainer[str]
    filters: _containers.RepeatedCompositeFieldContainer[Filter]
    all_regions: bool
    def __init__(self, region_names: _Optional[_Iterable[str]] = ..., filters: _Optional[_Iterable[_Union[Filter, _Mapping]]] = ..., all_regions: bool = ...) -> None: ...

class Region(_message.Message):
    __slots__ = ("region_name", "endpoint", "opt_in_status")
    REGION_NAME_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    OPT_IN_STATUS_FIELD_NUMBER: _ClassVar[int]
    region_name: str
    endpoint: str
    opt_in_status: str
    def __init__(self, region_name: _Optional[str] = ..., endpoint: _Optional[str] = ..., opt_in_status: _Optional[str] = ...) -> None: ...

class DescribeRegionsResponse(_message.Message):
    __slots__ = ("regions",)
    REGIONS_FIELD_NUMBER: _ClassVar[int]
    regions: _containers.RepeatedCompositeFieldContainer[Region]
    def __init__(self, regions: _Optional[_Iterable[_Union[Region, _Mapping]]] = ...) -> None: ...

class DescribeAvailabilityZonesRequest(_message.Message):
    __slots__ = ("zone_names", "zone_ids", "filters", "all_availability_zones")
    ZONE_NAMES_FIELD_NUMBER: _ClassVar[int]
    ZONE_IDS_FIELD_NUMBER: _ClassVar[int]
    FILTERS_FIELD_NUMBER: _ClassVar[int]
    ALL_AVAILABILITY_ZONES_FIELD_NUMBER: _ClassVar[int]
    zone_names: _containers.RepeatedScalarFieldContainer[str]
    zone_ids: _containers.RepeatedScalarFieldContainer[str]
    filters: _containers.RepeatedCompositeFieldContainer[Filter]
    all_availability_zones: bool
    def __init__(self, zone_names: _Optional[_Iterable[str]] = ..., zone_ids: _Optional[_Iterable[str]] = ..., filters: _Optional[_Iterable[_Union[Filter, _Mapping]]] = ..., all_availability_zones: bool = ...) -> None: ...

class AvailabilityZone(_message.Message):
    __slots__ = ("zone_name", "zone_id", "region_name", "state", "zone_type", "group_name", "network_border_group", "opt_in_status")
    ZONE_NAME_FIELD_NUMBER: _ClassVar[int]
    ZONE_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ZONE_TYPE_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    NETWORK_BORDER_GROUP_FIELD_NUMBER: _ClassVar[int]
    OPT_IN_STATUS_FIELD_NUMBER: _ClassVar[int]
    zone_name: str
    zone_id: str
    region_name: str
    state: str
    zone_type: str
    group_name: str
    network_border_group: str
    opt_in_status: str
    def __init__(self, zone_name: _Optional[str] = ..., zone_id: _Optional[str] = ..., region_name: _Optional[str] = ..., state: _Optional[str] = ..., zone_type: _Optional[str] = ..., group_name: _Optional[str] = ..., network_border_group: _Optional[str] = ..., opt_in_status: _Optional[str] = ...) -> None: ...

class DescribeAvailabilityZonesResponse(_message.Message):
    __slots__ = ("availability_zones",)
    AVAILABILITY_ZONES_FIELD_NUMBER: _ClassVar[int]
    availability_zones: _containers.RepeatedCompositeFieldContainer[AvailabilityZone]
    def __init__(self, availability_zones: _Optional[_Iterable[_Union[AvailabilityZone, _Mapping]]] = ...) -> None: ...
