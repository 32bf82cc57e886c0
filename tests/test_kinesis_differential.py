"""labcloud's Kinesis against moto's, over one scripted session.

Each step runs against moto (boto3 under ``mock_aws``) and against labcloud
over each transport, and their answers must have the same shape (the same
keys, at every depth, holding values of the same types) and the same values
where two correct systems must agree (names, statuses, hash key ranges,
shard ids, record data and keys, counts), or the same error code. Sequence
numbers, iterators, tokens and timestamps are each system's own and only
their types are compared.

moto is the reference because it is what most code written for Kinesis is
tested against, but it is not Kinesis. Where moto answers differently from
Kinesis, the step says how (``why``) and gives Kinesis's documented answer
(``kinesis``), which labcloud must give instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
import moto
import pytest

ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/diff"
# Values two correct systems agree on; everything else is compared by type.
COMPARED = {
    "StreamName", "StreamARN", "StreamStatus", "StreamModeDetails", "RetentionPeriodHours", "HasMoreShards",
    "ShardId", "ParentShardId", "AdjacentParentShardId", "HashKeyRange", "OpenShardCount", "HasMoreStreams",
    "StreamNames", "FailedRecordCount", "Data", "PartitionKey", "Tags", "HasMoreTags", "ConsumerName",
    "ConsumerStatus", "CurrentShardCount", "TargetShardCount", "EncryptionType", "ErrorCode",
}


def shape(value: Any, key: str = "") -> Any:
    """A response reduced to what two correct systems share."""
    if key in COMPARED:
        return value
    if isinstance(value, dict):
        return {k: shape(v, k) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [shape(v, key) for v in value]
    if isinstance(value, dt.datetime):
        return "aware datetime" if value.tzinfo is not None else "naive datetime"
    return type(value).__name__


@dataclass
class Step:
    name: str
    call: Callable[[Any, dict], Any]
    save: Callable[[Any, dict], None] = lambda r, state: None
    # Kinesis's answer where moto's differs: a function of moto's shape, or an error code.
    kinesis: Callable[[Any], Any] | str | None = None
    why: str = ""


def error(code: str) -> dict:
    return {"error": code}


def adding(path: tuple[str, ...], value: Any) -> Callable[[Any], Any]:
    """Kinesis's answer is moto's with a member moto leaves out."""
    def fix(s: Any) -> Any:
        target = s
        for p in path[:-1]:
            target = target[p]
        target[path[-1]] = value
        return s
    return fix


def iterator(kind: str, **from_state: str) -> Callable[[Any, dict], Any]:
    """GetShardIterator on the shard the first record went to; arguments named by saved state."""
    return lambda k, st: k.get_shard_iterator(
        StreamName="diff", ShardId=st["shard"], ShardIteratorType=kind, **{a: st[v] for a, v in from_state.items()}
    )


SESSION = [
    Step("create stream", lambda k, st: k.create_stream(StreamName="diff", ShardCount=2)),
    Step("create it again", lambda k, st: k.create_stream(StreamName="diff", ShardCount=2)),
    Step(
        "describe stream", lambda k, st: k.describe_stream(StreamName="diff"),
        kinesis=adding(("StreamDescription", "StreamModeDetails"), {"StreamMode": "PROVISIONED"}),
        why="Kinesis's StreamDescription has StreamModeDetails; moto leaves it out",
    ),
    Step(
        "describe summary", lambda k, st: k.describe_stream_summary(StreamName="diff"),
        kinesis=adding(("StreamDescriptionSummary", "ConsumerCount"), "int"),
        why="Kinesis's summary counts consumers; moto leaves ConsumerCount out",
    ),
    Step("list streams", lambda k, st: k.list_streams()),
    Step("put record", lambda k, st: k.put_record(StreamName="diff", Data=b"first", PartitionKey="alpha"),
         save=lambda r, st: st.update(shard=r["ShardId"], seq=r["SequenceNumber"])),
    Step("put records", lambda k, st: k.put_records(StreamName="diff", Records=[
        {"Data": b"second", "PartitionKey": "alpha"}, {"Data": b"", "PartitionKey": "beta"},
        {"Data": b"third", "PartitionKey": "alpha", "ExplicitHashKey": "0"},
    ])),
    Step("iterator at trim horizon", iterator("TRIM_HORIZON"), save=lambda r, st: st.update(it=r["ShardIterator"])),
    Step("get records", lambda k, st: k.get_records(ShardIterator=st["it"])),
    Step("iterator after the first", iterator("AFTER_SEQUENCE_NUMBER", StartingSequenceNumber="seq"),
         save=lambda r, st: st.update(after=r["ShardIterator"])),
    Step("get records after the first", lambda k, st: k.get_records(ShardIterator=st["after"], Limit=1)),
    Step("list shards", lambda k, st: k.list_shards(StreamName="diff")),
    Step("add tags", lambda k, st: k.add_tags_to_stream(StreamName="diff", Tags={"b": "2", "a": "1"})),
    Step("list tags", lambda k, st: k.list_tags_for_stream(StreamName="diff")),
    Step("remove tags", lambda k, st: k.remove_tags_from_stream(StreamName="diff", TagKeys=["a"])),
    Step("list tags again", lambda k, st: k.list_tags_for_stream(StreamName="diff")),
    Step("increase retention", lambda k, st: k.increase_stream_retention_period(StreamName="diff", RetentionPeriodHours=48)),
    Step("decrease retention below 24 h", lambda k, st: k.decrease_stream_retention_period(StreamName="diff",
                                                                                         RetentionPeriodHours=12)),
    Step("register consumer", lambda k, st: k.register_stream_consumer(StreamARN=ARN, ConsumerName="reader")),
    Step("list consumers", lambda k, st: k.list_stream_consumers(StreamARN=ARN)),
    Step(
        "uniform scaling to 4", lambda k, st: k.update_shard_count(StreamName="diff", TargetShardCount=4,
                                                                  ScalingType="UNIFORM_SCALING"),
        kinesis=adding(("StreamARN",), ARN), why="Kinesis answers with the StreamARN too; moto leaves it out",
    ),
    Step(
        "open shards", lambda k, st: k.list_shards(StreamName="diff", ShardFilter={"Type": "AT_LATEST"}),
        kinesis=lambda s: {"Shards": [x for x in s["Shards"] if "EndingSequenceNumber" not in x["SequenceNumberRange"]]},
        why="AT_LATEST lists only the open shards; moto ignores ShardFilter and lists the closed parents too",
    ),
    Step("describe missing stream", lambda k, st: k.describe_stream(StreamName="missing")),
    Step("iterator on a missing shard", lambda k, st: k.get_shard_iterator(
        StreamName="diff", ShardId="shardId-000000000099", ShardIteratorType="LATEST")),
    Step("merge shards that are not adjacent", lambda k, st: k.merge_shards(
        StreamName="diff", ShardToMerge="shardId-000000000002", AdjacentShardToMerge="shardId-000000000005")),
    Step("explicit hash key beyond 2^128", lambda k, st: k.put_record(
        StreamName="diff", Data=b"x", PartitionKey="k", ExplicitHashKey=str(2**128))),
    Step(
        "partition key of 257 characters",
        lambda k, st: k.put_record(StreamName="diff", Data=b"x", PartitionKey="k" * 257),
        kinesis="ValidationException",
        why="a key beyond the model's 256 characters fails Kinesis's model validation (ValidationException, "
            "'Member must have length less than or equal to 256'); moto says InvalidArgumentException",
    ),
    Step(
        "record of 1 MiB and a key", lambda k, st: k.put_record(StreamName="diff", Data=b"x" * (1 << 20), PartitionKey="k"),
        kinesis="InvalidArgumentException",
        why="data and key together may not exceed the stream's 1 MiB record size; moto stores the record",
    ),
    Step("delete stream with a consumer", lambda k, st: k.delete_stream(StreamName="diff"),
         kinesis="ResourceInUseException",
         why="Kinesis refuses to delete a stream with registered consumers unless told to; moto deletes it"),
]


def run(client: Any) -> list[Any]:
    state: dict = {}
    out = []
    for step in SESSION:
        try:
            r = step.call(client, state)
            step.save(r, state)
            out.append(shape(r))
        except Exception as e:  # botocore's and labcloud's ClientError alike
            out.append(error(e.response["Error"]["Code"]))
    return out


@pytest.fixture(scope="module")
def moto_answers() -> list[Any]:
    with moto.mock_aws():
        return run(boto3.client("kinesis", region_name="us-east-1"))


def test_labcloud_answers_as_moto_where_moto_is_right_and_as_kinesis_where_not(kinesis, moto_answers):
    ours = run(kinesis)
    problems = []
    for step, theirs, mine in zip(SESSION, moto_answers, ours, strict=True):
        expected = theirs
        if isinstance(step.kinesis, str):
            expected = error(step.kinesis)
        elif step.kinesis is not None:
            expected = step.kinesis(theirs)
        if mine != expected:
            note = f" ({step.why})" if step.why else ""
            problems.append(f"{step.name}{note}:\n    expected {expected}\n    labcloud {mine}")
    assert not problems, "\n".join(problems)
