"""Kinesis streams over both transports: create, describe, list, delete,
retention, tags, resharding calls, paginators, waiters and bad input."""

import datetime as dt

import pytest

from labcloud import ClientError, ParamValidationError

HALF = 2**127
ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/test-stream"


def code(caught):
    return caught.value.response["Error"]["Code"]


def test_create_and_describe_give_botocores_shapes(kinesis, stream):
    d = kinesis.describe_stream(StreamName=stream)["StreamDescription"]
    created = d.pop("StreamCreationTimestamp")
    shards = d.pop("Shards")
    assert d == {
        "StreamName": stream, "StreamARN": ARN, "StreamStatus": "ACTIVE",
        "StreamModeDetails": {"StreamMode": "PROVISIONED"}, "HasMoreShards": False,
        "RetentionPeriodHours": 24, "EnhancedMonitoring": [{"ShardLevelMetrics": []}], "EncryptionType": "NONE",
    }
    assert created.tzinfo is not None and abs(dt.datetime.now(dt.timezone.utc) - created) < dt.timedelta(minutes=1)
    assert shards == [
        {
            "ShardId": "shardId-000000000000",
            "HashKeyRange": {"StartingHashKey": "0", "EndingHashKey": str(HALF - 1)},
            "SequenceNumberRange": {"StartingSequenceNumber": "49000000000000000000000000000000"},
        },
        {
            "ShardId": "shardId-000000000001",
            "HashKeyRange": {"StartingHashKey": str(HALF), "EndingHashKey": str(2**128 - 1)},
            "SequenceNumberRange": {"StartingSequenceNumber": "49000000000100000000000000000000"},
        },
    ]
    summary = kinesis.describe_stream_summary(StreamARN=ARN)["StreamDescriptionSummary"]
    assert (summary["OpenShardCount"], summary["ConsumerCount"], summary["StreamARN"]) == (2, 0, ARN)
    assert summary["StreamCreationTimestamp"] == created


def test_on_demand_streams_have_four_shards(kinesis):
    kinesis.create_stream(StreamName="od", StreamModeDetails={"StreamMode": "ON_DEMAND"})
    s = kinesis.describe_stream_summary(StreamName="od")["StreamDescriptionSummary"]
    assert (s["StreamModeDetails"], s["OpenShardCount"]) == ({"StreamMode": "ON_DEMAND"}, 4)
    with pytest.raises(kinesis.exceptions.ValidationException):
        kinesis.update_shard_count(StreamName="od", TargetShardCount=8, ScalingType="UNIFORM_SCALING")


def test_streams_are_regional(cloud, kinesis, stream):
    eu = cloud.client("kinesis", region_name="eu-west-1")
    assert eu.list_streams()["StreamNames"] == []
    eu.create_stream(StreamName=stream, ShardCount=1)
    assert eu.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["OpenShardCount"] == 1
    assert kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["OpenShardCount"] == 2


def test_list_streams_pages_with_its_paginator(kinesis):
    for name in ["e", "a", "d", "b", "c"]:
        kinesis.create_stream(StreamName=name, ShardCount=1)
    first = kinesis.list_streams(Limit=2)
    assert (first["StreamNames"], first["HasMoreStreams"]) == (["a", "b"], True)
    assert [s["StreamName"] for s in first["StreamSummaries"]] == ["a", "b"]
    pages = list(kinesis.get_paginator("list_streams").paginate(PaginationConfig={"PageSize": 2}))
    assert [p["StreamNames"] for p in pages] == [["a", "b"], ["c", "d"], ["e"]]
    assert kinesis.list_streams(ExclusiveStartStreamName="c")["StreamNames"] == ["d", "e"]


def test_delete_stream_refuses_while_consumers_exist_unless_enforced(kinesis, stream):
    kinesis.register_stream_consumer(StreamARN=ARN, ConsumerName="c")
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        kinesis.delete_stream(StreamName=stream)
    kinesis.delete_stream(StreamName=stream, EnforceConsumerDeletion=True)
    kinesis.get_waiter("stream_not_exists").wait(StreamName=stream, WaiterConfig={"Delay": 0, "MaxAttempts": 1})
    with pytest.raises(kinesis.exceptions.ResourceNotFoundException) as caught:
        kinesis.describe_stream(StreamName=stream)
    assert caught.value.response["Error"] == {
        "Code": "ResourceNotFoundException", "Message": "Stream test-stream under account 123456789012 not found.",
    }
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_waiters_return_at_once_for_a_stream_created_active(kinesis, stream):
    kinesis.get_waiter("stream_exists").wait(StreamName=stream, WaiterConfig={"Delay": 0, "MaxAttempts": 1})
    from labcloud.clients.kinesis import WaiterError
    with pytest.raises(WaiterError, match="StreamNotExists"):
        kinesis.get_waiter("stream_not_exists").wait(StreamName=stream, WaiterConfig={"Delay": 0, "MaxAttempts": 2})


def test_retention_periods_move_in_the_named_direction_within_24_to_8760_hours(kinesis, stream):
    kinesis.increase_stream_retention_period(StreamName=stream, RetentionPeriodHours=72)
    assert kinesis.describe_stream(StreamName=stream)["StreamDescription"]["RetentionPeriodHours"] == 72
    for call, hours in [
        (kinesis.increase_stream_retention_period, 48),
        (kinesis.decrease_stream_retention_period, 96),
        (kinesis.decrease_stream_retention_period, 12),
        (kinesis.increase_stream_retention_period, 9000),
    ]:
        with pytest.raises(kinesis.exceptions.InvalidArgumentException):
            call(StreamName=stream, RetentionPeriodHours=hours)
    kinesis.decrease_stream_retention_period(StreamARN=ARN, RetentionPeriodHours=24)
    assert kinesis.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]["RetentionPeriodHours"] == 24


def test_tags_are_set_replaced_removed_and_listed(kinesis, stream):
    kinesis.add_tags_to_stream(StreamName=stream, Tags={"team": "data", "env": "test"})
    kinesis.add_tags_to_stream(StreamName=stream, Tags={"env": "prod"})
    kinesis.remove_tags_from_stream(StreamName=stream, TagKeys=["team"])
    tags = kinesis.list_tags_for_stream(StreamName=stream)
    assert (tags["Tags"], tags["HasMoreTags"]) == ([{"Key": "env", "Value": "prod"}], False)
    kinesis.add_tags_to_stream(StreamName=stream, Tags={"a": "1"})
    page = kinesis.list_tags_for_stream(StreamName=stream, Limit=1)
    assert (page["Tags"], page["HasMoreTags"]) == ([{"Key": "a", "Value": "1"}], True)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.add_tags_to_stream(StreamName=stream, Tags={f"k{i}": "" for i in range(49)})


def test_split_merge_and_update_shard_count_reshape_the_shards(kinesis, stream):
    kinesis.split_shard(StreamName=stream, ShardToSplit="shardId-000000000000", NewStartingHashKey=str(HALF // 2))
    shards = {s["ShardId"]: s for s in kinesis.list_shards(StreamName=stream)["Shards"]}
    assert shards["shardId-000000000000"]["SequenceNumberRange"]["EndingSequenceNumber"]
    assert shards["shardId-000000000002"]["ParentShardId"] == "shardId-000000000000"
    assert shards["shardId-000000000003"]["HashKeyRange"] == {"StartingHashKey": str(HALF // 2), "EndingHashKey": str(HALF - 1)}
    kinesis.merge_shards(StreamName=stream, ShardToMerge="shardId-000000000003", AdjacentShardToMerge="shardId-000000000001")
    merged = kinesis.list_shards(StreamName=stream, ShardFilter={"Type": "AT_LATEST"})["Shards"]
    assert [s["ShardId"] for s in merged] == ["shardId-000000000002", "shardId-000000000004"]
    assert merged[1]["AdjacentParentShardId"] == "shardId-000000000001"
    r = kinesis.update_shard_count(StreamName=stream, TargetShardCount=4, ScalingType="UNIFORM_SCALING")
    assert {k: r[k] for k in ("StreamName", "CurrentShardCount", "TargetShardCount", "StreamARN")} == {
        "StreamName": stream, "CurrentShardCount": 2, "TargetShardCount": 4, "StreamARN": ARN,
    }
    latest = kinesis.list_shards(StreamName=stream, ShardFilter={"Type": "AT_LATEST"})["Shards"]
    step = 2**128 // 4
    assert [int(s["HashKeyRange"]["StartingHashKey"]) for s in latest] == [0, step, 2 * step, 3 * step]


def test_list_shards_and_describe_stream_paginate(kinesis, stream):
    kinesis.update_shard_count(StreamName=stream, TargetShardCount=4, ScalingType="UNIFORM_SCALING")
    all_ids = [s["ShardId"] for s in kinesis.list_shards(StreamName=stream)["Shards"]]
    assert len(all_ids) == 6
    pages = list(kinesis.get_paginator("list_shards").paginate(StreamName=stream, PaginationConfig={"PageSize": 4}))
    assert [s["ShardId"] for p in pages for s in p["Shards"]] == all_ids
    assert "NextToken" in pages[0] and "NextToken" not in pages[-1]
    with pytest.raises(kinesis.exceptions.InvalidArgumentException) as caught:
        kinesis.list_shards(StreamName=stream, NextToken=pages[0]["NextToken"])
    assert "NextToken and StreamName cannot be provided together" in str(caught.value)
    described = list(kinesis.get_paginator("describe_stream").paginate(StreamName=stream, PaginationConfig={"PageSize": 4}))
    assert [s["ShardId"] for p in described for s in p["StreamDescription"]["Shards"]] == all_ids
    assert [p["StreamDescription"]["HasMoreShards"] for p in described] == [True, False]


def test_unknown_streams_and_shards_are_not_found(kinesis, stream):
    calls = [
        lambda: kinesis.describe_stream(StreamName="missing"),
        lambda: kinesis.list_shards(StreamARN=ARN.replace("test-stream", "missing")),
        lambda: kinesis.delete_stream(StreamName="missing"),
        lambda: kinesis.split_shard(StreamName=stream, ShardToSplit="shardId-000000000042", NewStartingHashKey="5"),
        lambda: kinesis.get_shard_iterator(StreamName=stream, ShardId="shardId-000000000042", ShardIteratorType="LATEST"),
        lambda: kinesis.add_tags_to_stream(StreamName="missing", Tags={"a": "b"}),
    ]
    for call in calls:
        with pytest.raises(kinesis.exceptions.ResourceNotFoundException):
            call()


def test_bad_stream_arguments_get_the_services_codes(kinesis, stream):
    with pytest.raises(kinesis.exceptions.ResourceInUseException):
        kinesis.create_stream(StreamName=stream, ShardCount=1)
    with pytest.raises(kinesis.exceptions.ValidationException) as caught:
        kinesis.create_stream(StreamName="bad name", ShardCount=1)
    assert "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+" in str(caught.value)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.create_stream(StreamName="no-count")
    bad_splits = [str(1), str(HALF - 1), str(HALF + 5), str(2**128)]
    for key in bad_splits:
        with pytest.raises(kinesis.exceptions.InvalidArgumentException):
            kinesis.split_shard(StreamName=stream, ShardToSplit="shardId-000000000000", NewStartingHashKey=key)
    with pytest.raises(kinesis.exceptions.ValidationException):
        kinesis.split_shard(StreamName=stream, ShardToSplit="shardId-000000000000", NewStartingHashKey="12e3")
    kinesis.create_stream(StreamName="three", ShardCount=3)
    with pytest.raises(kinesis.exceptions.InvalidArgumentException, match="not an adjacent pair"):
        kinesis.merge_shards(StreamName="three", ShardToMerge="shardId-000000000000", AdjacentShardToMerge="shardId-000000000002")
    with pytest.raises(kinesis.exceptions.ValidationException):
        kinesis.update_shard_count(StreamName=stream, TargetShardCount=3, ScalingType="SKEWED")
    with pytest.raises(kinesis.exceptions.LimitExceededException):
        kinesis.update_shard_count(StreamName=stream, TargetShardCount=5, ScalingType="UNIFORM_SCALING")
    with pytest.raises(kinesis.exceptions.InvalidArgumentException):
        kinesis.describe_stream()


def test_botocore_checks_happen_before_sending(kinesis):
    with pytest.raises(ParamValidationError, match='Missing required parameter in input: "StreamName"'):
        kinesis.create_stream(ShardCount=1)
    with pytest.raises(ParamValidationError, match="valid min value: 1"):
        kinesis.create_stream(StreamName="s", ShardCount=0)
    with pytest.raises(ParamValidationError, match="valid min length: 1"):
        kinesis.create_stream(StreamName="", ShardCount=1)
    with pytest.raises(ParamValidationError, match='Unknown parameter in input: "Shards"'):
        kinesis.create_stream(StreamName="s", Shards=1)
    with pytest.raises(TypeError, match="only accepts keyword arguments"):
        kinesis.describe_stream("s")


def test_client_exceptions_cover_every_kinesis_code(kinesis):
    for name in ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException",
                 "ValidationException", "ProvisionedThroughputExceededException", "ExpiredIteratorException",
                 "ExpiredNextTokenException", "LimitExceededException", "KMSThrottlingException"]:
        cls = getattr(kinesis.exceptions, name)
        assert issubclass(cls, ClientError) and cls.__name__ == name
    assert kinesis.can_paginate("list_shards") and not kinesis.can_paginate("put_record")
