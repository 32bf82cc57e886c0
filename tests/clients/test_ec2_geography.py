"""describe_regions and describe_availability_zones answer from the layout,
in boto3's shapes, over both transports (the control plane behind the same
endpoint as the engines)."""

import pytest


@pytest.fixture
def ec2(cloud):
    return cloud.client("ec2")


def test_describe_regions_lists_the_layouts_regions(ec2):
    regions = ec2.describe_regions()["Regions"]
    assert [r["RegionName"] for r in regions] == sorted([
        "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2",
    ])
    assert regions[0] == {
        "Endpoint": "ec2.ap-northeast-1.amazonaws.com", "RegionName": "ap-northeast-1",
        "OptInStatus": "opt-in-not-required",
    }


def test_describe_regions_by_name_and_by_filter(ec2):
    assert [r["RegionName"] for r in ec2.describe_regions(RegionNames=["eu-west-1"])["Regions"]] == ["eu-west-1"]
    filtered = ec2.describe_regions(Filters=[{"Name": "region-name", "Values": ["us-east-2", "us-west-2"]}])
    assert [r["RegionName"] for r in filtered["Regions"]] == ["us-east-2", "us-west-2"]


def test_unknown_region_name_is_invalid_parameter_value(ec2):
    with pytest.raises(ec2.exceptions.ClientError) as caught:
        ec2.describe_regions(RegionNames=["mars-north-1"])
    error = caught.value.response["Error"]
    assert (error["Code"], caught.value.response["ResponseMetadata"]["HTTPStatusCode"]) == ("InvalidParameterValue", 400)
    assert "mars-north-1" in error["Message"]


def test_unknown_filter_name_is_invalid_parameter_value(ec2):
    with pytest.raises(ec2.exceptions.ClientError, match="InvalidParameterValue"):
        ec2.describe_regions(Filters=[{"Name": "colour", "Values": ["blue"]}])


def test_availability_zones_of_the_clients_region(cloud):
    ec2 = cloud.client("ec2", region_name="ap-northeast-1")
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    assert [z["ZoneName"] for z in zones] == ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]
    assert sorted(z["ZoneId"] for z in zones) == ["apne1-az1", "apne1-az2", "apne1-az4"]
    assert zones[0].keys() == {
        "OptInStatus", "Messages", "RegionName", "ZoneName", "ZoneId", "GroupName",
        "NetworkBorderGroup", "ZoneType", "State",
    }
    assert {z["State"] for z in zones} == {"available"}


def test_all_availability_zones_and_lookups_by_id(ec2):
    everything = ec2.describe_availability_zones(AllAvailabilityZones=True)["AvailabilityZones"]
    assert len(everything) == 25
    by_id = ec2.describe_availability_zones(ZoneIds=["use1-az3"])["AvailabilityZones"]
    assert [z["ZoneId"] for z in by_id] == ["use1-az3"]
    name = by_id[0]["ZoneName"]
    assert ec2.describe_availability_zones(ZoneNames=[name])["AvailabilityZones"] == by_id


def test_unknown_zone_is_invalid_parameter_value(ec2):
    with pytest.raises(ec2.exceptions.ClientError, match="us-east-1z"):
        ec2.describe_availability_zones(ZoneNames=["us-east-1z"])


def test_parameters_are_validated_like_botocore(ec2):
    from labcloud import ParamValidationError

    with pytest.raises(ParamValidationError, match='Unknown parameter in input: "RegionName"'):
        ec2.describe_regions(RegionName="us-east-1")
