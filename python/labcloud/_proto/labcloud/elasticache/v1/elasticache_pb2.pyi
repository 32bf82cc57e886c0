import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Endpoint(_message.Message):
    __slots__ = ("address", "port")
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    address: str
    port: int
    def __init__(self, address: _Optional[str] = ..., port: _Optional[int] = ...) -> None: ...

class CacheNode(_message.Message):
    __slots__ = ("cache_node_id", "cache_node_status", "cache_node_create_time", "endpoint", "customer_availability_zone", "parameter_group_status")
    CACHE_NODE_ID_FIELD_NUMBER: _ClassVar[int]
    CACHE_NODE_STATUS_FIELD_NUMBER: _ClassVar[int]
    CACHE_NODE_CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_AVAILABILITY_ZONE_FIELD_NUMBER: _ClassVar[int]
    PARAMETER_GROUP_STATUS_FIELD_NUMBER: _ClassVar[int]
    cache_node_id: str
    cache_node_status: str
    cache_node_create_time: _timestamp_pb2.Timestamp
    endpoint: Endpoint
    customer_availability_zone: str
    parameter_group_status: str
    def __init__(self, cache_node_id: _Optional[str] = ..., cache_node_status: _Optional[str] = ..., cache_node_create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., endpoint: _Optional[_Union[Endpoint, _Mapping]] = ..., customer_availability_zone: _Optional[str] = ..., parameter_group_status: _Optional[str] = ...) -> None: ...

class CacheCluster(_message.Message):
    __slots__ = ("cache_cluster_id", "cache_node_type", "engine", "engine_version", "cache_cluster_status", "num_cache_nodes", "preferred_availability_zone", "cache_cluster_create_time", "replication_group_id", "arn", "cache_nodes", "cache_parameter_group_name")
    CACHE_CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    CACHE_NODE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    CACHE_CLUSTER_STATUS_FIELD_NUMBER: _ClassVar[int]
    NUM_CACHE_NODES_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_AVAILABILITY_ZONE_FIELD_NUMBER: _ClassVar[int]
    CACHE_CLUSTER_CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    REPLICATION_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ARN_FIELD_NUMBER: _ClassVar[int]
    CACHE_NODES_FIELD_NUMBER: _ClassVar[int]
    CACHE_PARAMETER_GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    cache_cluster_id: str
    cache_node_type: str
    engine: str
    engine_version: str
    cache_cluster_status: str
    num_cache_nodes: int
    preferred_availability_zone: str
    cache_cluster_create_time: _timestamp_pb2.Timestamp
    replication_group_id: str
    arn: str
    cache_nodes: _containers.RepeatedCompositeFieldContainer[CacheNode]
    cache_parameter_group_name: str
    def __init__(self, cache_cluster_id: _Optional[str] = ..., cache_node_type: _Optional[str] = ..., engine: _Optional[str] = ..., engine_version: _Optional[str] = ..., cache_cluster_status: _Optional[str] = ..., num_cache_nodes: _Optional[int] = ..., preferred_availability_zone: _Optional[str] = ..., cache_cluster_create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., replication_group_id: _Optional[str] = ..., arn: _Optional[str] = ..., cache_nodes: _Optional[_Iterable[_Union[CacheNode, _Mapping]]] = ..., cache_parameter_group_name: _Optional[str] = ...) -> None: ...

class CreateCacheClusterRequest(_message.Message):
    __slots__ = ("cache_cluster_id", "engine", "cache_node_type", "num_cache_nodes", "port", "preferred_availability_zone")
    CACHE_CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    CACHE_NODE_TYPE_FIELD_NUMBER: _ClassVar[int]
    NUM_CACHE_NODES_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_AVAILABILITY_ZONE_FIELD_NUMBER: _ClassVar[int]
    cache_cluster_id: str
    engine: str
    cache_node_type: str
    num_cache_nodes: int
    port: int
    preferred_availability_zone: str
    def __init__(self, cache_cluster_id: _Optional[str] = ..., engine: _Optional[str] = ..., cache_node_type: _Optional[str] = ..., num_cache_nodes: _Optional[int] = ..., port: _Optional[int] = ..., preferred_availability_zone: _Optional[str] = ...) -> None: ...

class CreateCacheClusterResponse(_message.Message):
    __slots__ = ("cache_cluster",)
    CACHE_CLUSTER_FIELD_NUMBER: _ClassVar[int]
    cache_cluster: CacheCluster
    def __init__(self, cache_cluster: _Optional[_Union[CacheCluster, _Mapping]] = ...) -> None: ...

class DescribeCacheClustersRequest(_message.Message):
    __slots__ = ("cache_cluster_id", "show_cache_node_info")
    CACHE_CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    SHOW_CACHE_NODE_INFO_FIELD_NUMBER: _ClassVar[int]
    cache_cluster_id: str
    show_cache_node_info: bool
    def __init__(self, cache_cluster_id: _Optional[str] = ..., show_cache_node_info: bool = ...) -> None: ...

class DescribeCacheClustersResponse(_message.Message):
    __slots__ = ("cache_clusters",)
    CACHE_CLUSTERS_FIELD_NUMBER: _ClassVar[int]
    cache_clusters: _containers.RepeatedCompositeFieldContainer[CacheCluster]
    def __init__(self, cache_clusters: _Optional[_Iterable[_Union[CacheCluster, _Mapping]]] = ...) -> None: ...

class DeleteCacheClusterRequest(_message.Message):
    __slots__ = ("cache_cluster_id",)
    CACHE_CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    cache_cluster_id: str
    def __init__(self, cache_cluster_id: _Optional[str] = ...) -> None: ...

class DeleteCacheClusterResponse(_message.Message):
    __slots__ = ("cache_cluster",)
    CACHE_CLUSTER_FIELD_NUMBER: _ClassVar[int]
    cache_cluster: CacheCluster
    def __init__(self, cache_cluster: _Optional[_Union[CacheCluster, _Mapping]] = ...) -> None: ...

class NodeGroupMember(_message.Message):
    __slots__ = ("cache_cluster_id", "cache_node_id", "read_endpoint", "preferred_availability_zone", "current_role")
    CACHE_CLUSTER_ID_FIELD_NUMBER: _ClassVar[int]
    CACHE_NODE_ID_FIELD_NUMBER: _ClassVar[int]
    READ_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    PREFERRED_AVAILABILITY_ZONE_FIELD_NUMBER: _ClassVar[int]
    CURRENT_ROLE_FIELD_NUMBER: _ClassVar[int]
    cache_cluster_id: str
    cache_node_id: str
    read_endpoint: Endpoint
    preferred_availability_zone: str
    current_role: str
    def __init__(self, cache_cluster_id: _Optional[str] = ..., cache_node_id: _Optional[str] = ..., read_endpoint: _Optional[_Union[Endpoint, _Mapping]] = ..., preferred_availability_zone: _Optional[str] = ..., current_role: _Optional[str] = ...) -> None: ...

class NodeGroup(_message.Message):
    __slots__ = ("node_group_id", "status", "primary_endpoint", "reader_endpoint", "slots", "node_group_members")
    NODE_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PRIMARY_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    READER_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    SLOTS_FIELD_NUMBER: _ClassVar[int]
    NODE_GROUP_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    node_group_id: str
    status: str
    primary_endpoint: Endpoint
    reader_endpoint: Endpoint
    slots: str
    node_group_members: _containers.RepeatedCompositeFieldContainer[NodeGroupMember]
    def __init__(self, node_group_id: _Optional[str] = ..., status: _Optional[str] = ..., primary_endpoint: _Optional[_Union[Endpoint, _Mapping]] = ..., reader_endpoint: _Optional[_Union[Endpoint, _Mapping]] = ..., slots: _Optional[str] = ..., node_group_members: _Optional[_Iterable[_Union[NodeGroupMember, _Mapping]]] = ...) -> None: ...

class ReplicationGroup(_message.Message):
    __slots__ = ("replication_group_id", "description", "status", "member_clusters", "node_groups", "automatic_failover", "multi_az", "configuration_endpoint", "cluster_enabled", "cache_node_type", "arn", "cluster_mode", "engine", "replication_group_create_time")
    REPLICATION_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MEMBER_CLUSTERS_FIELD_NUMBER: _ClassVar[int]
    NODE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    AUTOMATIC_FAILOVER_FIELD_NUMBER: _ClassVar[int]
    MULTI_AZ_FIELD_NUMBER: _ClassVar[int]
    CONFIGURATION_ENDPOINT_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_ENABLED_FIELD_NUMBER: _ClassVar[int]
    CACHE_NODE_TYPE_FIELD_NUMBER: _ClassVar[int]
    ARN_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_MODE_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    REPLICATION_GROUP_CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    replication_group_id: str
    description: str
    status: str
    member_clusters: _containers.RepeatedScalarFieldContainer[str]
    node_groups: _containers.RepeatedCompositeFieldContainer[NodeGroup]
    automatic_failover: str
    multi_az: str
    configuration_endpoint: Endpoint
    cluster_enabled: bool
    cache_node_type: str
    arn: str
    cluster_mode: str
    engine: str
    replication_group_create_time: _timestamp_pb2.Timestamp
    def __init__(self, replication_group_id: _Optional[str] = ..., description: _Optional[str] = ..., status: _Optional[str] = ..., member_clusters: _Optional[_Iterable[str]] = ..., node_groups: _Optional[_Iterable[_Union[NodeGroup, _Mapping]]] = ..., automatic_failover: _Optional[str] = ..., multi_az: _Optional[str] = ..., configuration_endpoint: _Optional[_Union[Endpoint, _Mapping]] = ..., cluster_enabled: bool = ..., cache_node_type: _Optional[str] = ..., arn: _Optional[str] = ..., cluster_mode: _Optional[str] = ..., engine: _Optional[str] = ..., replication_group_create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateReplicationGroupRequest(_message.Message):
    __slots__ = ("replication_group_id", "replication_group_description", "engine", "cache_node_type", "num_cache_clusters", "num_node_groups", "replicas_per_node_group", "cluster_mode", "automatic_failover_enabled", "multi_az_enabled", "port")
    REPLICATION_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    REPLICATION_GROUP_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_FIELD_NUMBER: _ClassVar[int]
    CACHE_NODE_TYPE_FIELD_NUMBER: _ClassVar[int]
    NUM_CACHE_CLUSTERS_FIELD_NUMBER: _ClassVar[int]
    NUM_NODE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    REPLICAS_PER_NODE_GROUP_FIELD_NUMBER: _ClassVar[int]
    CLUSTER_MODE_FIELD_NUMBER: _ClassVar[int]
    AUTOMATIC_FAILOVER_ENABLED_FIELD_NUMBER: _ClassVar[int]
    MULTI_AZ_ENABLED_FIELD_NUMBER: _ClassVar[int]
    PORT_FIELD_NUMBER: _ClassVar[int]
    replication_group_id: str
    replication_group_description: str
    engine: str
    cache_node_type: str
    num_cache_clusters: int
    num_node_groups: int
    replicas_per_node_group: int
    cluster_mode: str
    automatic_failover_enabled: bool
    multi_az_enabled: bool
    port: int
    def __init__(self, replication_group_id: _Optional[str] = ..., replication_group_description: _Optional[str] = ..., engine: _Optional[str] = ..., cache_node_type: _Optional[str] = ..., num_cache_clusters: _Optional[int] = ..., num_node_groups: _Optional[int] = ..., replicas_per_node_group: _Optional[int] = ..., cluster_mode: _Optional[str] = ..., automatic_failover_enabled: bool = ..., multi_az_enabled: bool = ..., port: _Optional[int] = ...) -> None: ...

class CreateReplicationGroupResponse(_message.Message):
    __slots__ = ("replication_group",)
    REPLICATION_GROUP_FIELD_NUMBER: _ClassVar[int]
    replication_group: ReplicationGroup
    def __init__(self, replication_group: _Optional[_Union[ReplicationGroup, _Mapping]] = ...) -> None: ...

class DescribeReplicationGroupsRequest(_message.Message):
    __slots__ = ("replication_group_id",)
    REPLICATION_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    replication_group_id: str
    def __init__(self, replication_group_id: _Optional[str] = ...) -> None: ...

class DescribeReplicationGroupsResponse(_message.Message):
    __slots__ = ("replication_groups",)
    REPLICATION_GROUPS_FIELD_NUMBER: _ClassVar[int]
    replication_groups: _containers.RepeatedCompositeFieldContainer[ReplicationGroup]
    def __init__(self, replication_groups: _Optional[_Iterable[_Union[ReplicationGroup, _Mapping]]] = ...) -> None: ...

class DeleteReplicationGroupRequest(_message.Message):
    __slots__ = ("replication_group_id",)
    REPLICATION_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    replication_group_id: str
    def __init__(self, replication_group_id: _Optional[str] = ...) -> None: ...

class DeleteReplicationGroupResponse(_message.Message):
    __slots__ = ("replication_group",)
    REPLICATION_GROUP_FIELD_NUMBER: _ClassVar[int]
    replication_group: ReplicationGroup
    def __init__(self, replication_group: _Optional[_Union[ReplicationGroup, _Mapping]] = ...) -> None: ...
