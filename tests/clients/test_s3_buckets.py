"""Buckets: create, head, delete, list, location, versioning configuration."""

import datetime as dt

import pytest

from labcloud import ClientError


def _meta(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def test_create_bucket_in_us_east_1_returns_its_path_as_location(s3):
    response = s3.create_bucket(Bucket="my-bucket")

    assert _meta(response) == {"Location": "/my-bucket"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_bucket_created_with_a_location_constraint_lives_in_that_region(cloud):
    s3 = cloud.client("s3", region_name="eu-west-1")

    created = s3.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})

    assert created["Location"] == "http://eu-bucket.s3.amazonaws.com/"
    assert s3.get_bucket_location(Bucket="eu-bucket")["LocationConstraint"] == "eu-west-1"
    assert s3.head_bucket(Bucket="eu-bucket")["BucketRegion"] == "eu-west-1"


def test_us_east_1_location_is_reported_as_none(s3, bucket):
    assert _meta(s3.get_bucket_location(Bucket=bucket)) == {"LocationConstraint": None}


def test_head_bucket_reports_the_bucket_region(s3, bucket):
    response = s3.head_bucket(Bucket=bucket)

    assert _meta(response) == {"BucketRegion": "us-east-1", "AccessPointAlias": False}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_create_without_constraint_outside_us_east_1_is_an_illegal_location_constraint(cloud):
    s3 = cloud.client("s3", region_name="eu-west-1")

    with pytest.raises(s3.exceptions.IllegalLocationConstraintException) as caught:
        s3.create_bucket(Bucket="no-constraint")

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_create_with_constraint_for_another_region_is_an_illegal_location_constraint(cloud):
    s3 = cloud.client("s3", region_name="eu-west-1")

    with pytest.raises(s3.exceptions.IllegalLocationConstraintException):
        s3.create_bucket(Bucket="elsewhere", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})


def test_naming_us_east_1_as_location_constraint_is_invalid(s3):
    with pytest.raises(s3.exceptions.InvalidLocationConstraint) as caught:
        s3.create_bucket(Bucket="explicit-east", CreateBucketConfiguration={"LocationConstraint": "us-east-1"})

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_recreating_an_owned_bucket_in_us_east_1_succeeds_for_legacy_compatibility(s3, bucket):
    response = s3.create_bucket(Bucket=bucket)

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_recreating_an_owned_bucket_outside_us_east_1_is_bucket_already_owned_by_you(cloud):
    s3 = cloud.client("s3", region_name="eu-west-1")
    config = {"LocationConstraint": "eu-west-1"}
    s3.create_bucket(Bucket="twice", CreateBucketConfiguration=config)

    with pytest.raises(s3.exceptions.BucketAlreadyOwnedByYou) as caught:
        s3.create_bucket(Bucket="twice", CreateBucketConfiguration=config)

    assert caught.value.response["Error"]["Code"] == "BucketAlreadyOwnedByYou"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("ab", id="too-short"),
        pytest.param("a" * 64, id="too-long"),
        pytest.param("MyBucket", id="uppercase"),
        pytest.param("my_bucket", id="underscore"),
        pytest.param("my bucket", id="space"),
        pytest.param("-bucket", id="starts-with-hyphen"),
        pytest.param("bucket-", id="ends-with-hyphen"),
        pytest.param(".bucket", id="starts-with-dot"),
        pytest.param("bucket.", id="ends-with-dot"),
        pytest.param("my..bucket", id="adjacent-dots"),
        pytest.param("192.168.5.4", id="ip-address"),
        pytest.param("xn--bucket", id="xn-prefix"),
        pytest.param("sthree-bucket", id="sthree-prefix"),
        pytest.param("bucket-s3alias", id="s3alias-suffix"),
        pytest.param("bucket--ol-s3", id="ol-s3-suffix"),
        pytest.param("caf\u00e9-bucket", id="non-ascii"),
    ],
)
def test_invalid_bucket_name_is_rejected(s3, name):
    with pytest.raises(s3.exceptions.InvalidBucketName) as caught:
        s3.create_bucket(Bucket=name)

    assert caught.value.response["Error"]["Code"] == "InvalidBucketName"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert s3.list_buckets()["Buckets"] == []


@pytest.mark.parametrize("name", ["abc", "a" * 63, "my.bucket-1", "0-numeric-start", "bucket9"])
def test_valid_bucket_names_at_the_edges_of_the_rules_are_accepted(s3, name):
    s3.create_bucket(Bucket=name)

    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == [name]


def test_delete_empty_bucket_returns_204_and_the_bucket_is_gone(s3, bucket):
    response = s3.delete_bucket(Bucket=bucket)

    assert _meta(response) == {}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as caught:
        s3.head_bucket(Bucket=bucket)
    assert caught.value.response["Error"]["Code"] == "404"


def test_delete_missing_bucket_is_no_such_bucket(s3):
    with pytest.raises(s3.exceptions.NoSuchBucket) as caught:
        s3.delete_bucket(Bucket="never-created")

    assert caught.value.response["Error"]["BucketName"] == "never-created"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_delete_non_empty_bucket_is_bucket_not_empty(s3, bucket):
    s3.put_object(Bucket=bucket, Key="keep", Body=b"x")

    with pytest.raises(s3.exceptions.BucketNotEmpty) as caught:
        s3.delete_bucket(Bucket=bucket)

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_list_buckets_returns_all_buckets_sorted_by_name_with_owner_and_dates(s3):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for name in ["zeta-bucket", "alpha-bucket", "mid-bucket"]:
        s3.create_bucket(Bucket=name)
    after = dt.datetime.now(dt.timezone.utc)

    response = s3.list_buckets()

    assert [b["Name"] for b in response["Buckets"]] == ["alpha-bucket", "mid-bucket", "zeta-bucket"]
    assert {b["BucketRegion"] for b in response["Buckets"]} == {"us-east-1"}
    for entry in response["Buckets"]:
        assert entry["CreationDate"].tzinfo is not None
        assert before - dt.timedelta(seconds=1) <= entry["CreationDate"] <= after
    assert set(response["Owner"]) == {"DisplayName", "ID"}
    assert response["Owner"]["ID"] != ""
    assert "ContinuationToken" not in response


def test_list_buckets_on_a_new_cloud_is_an_empty_list(s3):
    assert s3.list_buckets()["Buckets"] == []


def test_list_buckets_pages_with_max_buckets_and_continuation_token(s3):
    names = [f"bucket-{i}" for i in range(5)]
    for name in names:
        s3.create_bucket(Bucket=name)

    first = s3.list_buckets(MaxBuckets=2)
    second = s3.list_buckets(MaxBuckets=2, ContinuationToken=first["ContinuationToken"])
    third = s3.list_buckets(MaxBuckets=2, ContinuationToken=second["ContinuationToken"])

    assert [b["Name"] for b in first["Buckets"] + second["Buckets"] + third["Buckets"]] == names
    assert "ContinuationToken" not in third


def test_list_buckets_filters_by_prefix_and_region(cloud):
    east = cloud.client("s3")
    west = cloud.client("s3", region_name="us-west-2")
    east.create_bucket(Bucket="logs-east")
    east.create_bucket(Bucket="data-east")
    west.create_bucket(Bucket="logs-west", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})

    by_prefix = east.list_buckets(Prefix="logs-")
    by_region = east.list_buckets(BucketRegion="us-west-2")

    assert [b["Name"] for b in by_prefix["Buckets"]] == ["logs-east", "logs-west"]
    assert by_prefix["Prefix"] == "logs-"
    assert [b["Name"] for b in by_region["Buckets"]] == ["logs-west"]


def test_versioning_status_is_absent_until_configured(s3, bucket):
    assert _meta(s3.get_bucket_versioning(Bucket=bucket)) == {}


@pytest.mark.parametrize("status", ["Enabled", "Suspended"])
def test_put_bucket_versioning_sets_the_status(s3, bucket, status):
    response = s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _meta(s3.get_bucket_versioning(Bucket=bucket)) == {"Status": status}


def test_put_bucket_versioning_with_an_unknown_status_is_malformed_xml(s3, bucket):
    with pytest.raises(s3.exceptions.MalformedXML) as caught:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "On"})

    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_bucket_operations_on_a_missing_bucket_are_no_such_bucket(s3):
    for call in (
        lambda: s3.get_bucket_location(Bucket="missing-bucket"),
        lambda: s3.get_bucket_versioning(Bucket="missing-bucket"),
        lambda: s3.put_bucket_versioning(Bucket="missing-bucket", VersioningConfiguration={"Status": "Enabled"}),
    ):
        with pytest.raises(s3.exceptions.NoSuchBucket):
            call()
