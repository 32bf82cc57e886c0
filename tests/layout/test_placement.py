"""Placement: replicas spread over zones, then hosts; capacity is respected;
answers are stable, also across restarts."""

import pytest

from labcloud import Cloud
from labcloud.layout import Demand, InsufficientCapacity, Placer, load_layout


def test_replicas_go_to_distinct_zones_and_successive_resources_spread():
    placer = Placer(load_layout("tiny"))
    first = placer.place("table/t1/p0", "table-partition", "us-east-1", replicas=3)
    second = placer.place("table/t1/p1", "table-partition", "us-east-1", replicas=3)

    assert sorted(first.zone_ids) == ["use1-az1", "use1-az2", "use1-az4"]
    assert set(first.hosts).isdisjoint(second.hosts), "the second partition uses the other host of each zone"


def test_single_replicas_rotate_over_zones():
    placer = Placer(load_layout("tiny"))
    zones = [placer.place(f"shard-{i}", "stream-shard", "us-east-1").zone_ids[0] for i in range(6)]
    assert sorted(zones) == ["use1-az1", "use1-az1", "use1-az2", "use1-az2", "use1-az4", "use1-az4"]


def test_more_replicas_than_zones_still_use_distinct_hosts():
    placer = Placer(load_layout("tiny"))
    p = placer.place("wide", "cache-shard", "us-east-1", replicas=5)
    assert len(set(p.hosts)) == 5


def test_capacity_is_respected_and_exhaustion_is_an_error_naming_the_resource():
    placer = Placer(load_layout("tiny"))  # six hosts of 8 cores
    for i in range(6):
        placer.place(f"vm-{i}", "instance", "us-east-1", Demand(cores=8))
    with pytest.raises(InsufficientCapacity, match="vm-6"):
        placer.place("vm-6", "instance", "us-east-1", Demand(cores=1))
    placer.release("vm-3")
    assert placer.place("vm-6", "instance", "us-east-1", Demand(cores=8)).hosts


def test_placing_again_returns_the_same_hosts():
    placer = Placer(load_layout("tiny"))
    assert placer.place("b", "bucket-partition", "us-east-1", replicas=3) == \
        placer.place("b", "bucket-partition", "us-east-1", replicas=3)


def test_placements_survive_a_restart(tmp_path):
    with Cloud.local(tmp_path, layout="tiny") as cloud:
        placed = cloud.layout.place("vol-1", "volume", "us-east-1", Demand(disk_gib=100))
    with Cloud.local(tmp_path) as cloud:
        assert cloud.layout.where("vol-1") == placed
        other = cloud.layout.place("vol-2", "volume", "us-east-1", Demand(disk_gib=100))
        assert other.zone_ids != placed.zone_ids, "the restarted placer still knows vol-1 is there"


def test_a_data_directory_keeps_its_layout(tmp_path):
    Cloud.local(tmp_path, layout="tiny").close()
    with pytest.raises(ValueError, match="another layout"):
        Cloud.local(tmp_path, layout="default")
    with Cloud.local(tmp_path) as cloud:
        assert list(cloud.layout.regions) == ["us-east-1"]


def test_where_names_an_unplaced_resource(tmp_path):
    with Cloud.local(tmp_path) as cloud, pytest.raises(KeyError, match="nothing-here"):
        cloud.layout.where("nothing-here")
