"""Resharding under load, over both transports: a producer writes all along
while shards are split, merged and rescaled; a consumer that reads a child
only after its parents are read to their end gets every acknowledged record
exactly once, in order per partition key. Both back off when the shard
limits (which stay on) throttle them, as real clients must."""

import threading
import time
from collections import defaultdict

KEYS = [f"key-{i}" for i in range(16)]


class Producer(threading.Thread):
    """Writes "<key>:<n>" records, one key after another, retrying a throttled
    record until it is stored so that each key's records keep their order."""

    def __init__(self, kinesis, stream):
        super().__init__(daemon=True)
        self.kinesis, self.stream = kinesis, stream
        self.stop = threading.Event()
        self.acked: list[tuple[str, int, str]] = []   # (key, n, sequence number)
        self.error: BaseException | None = None

    def run(self):
        counts = defaultdict(int)
        try:
            i = 0
            while not self.stop.is_set():
                key = KEYS[i % len(KEYS)]
                i += 1
                n = counts[key]
                while True:
                    try:
                        r = self.kinesis.put_record(StreamName=self.stream, Data=f"{key}:{n}".encode(), PartitionKey=key)
                        break
                    except self.kinesis.exceptions.ProvisionedThroughputExceededException:
                        time.sleep(0.01)
                counts[key] += 1
                self.acked.append((key, n, r["SequenceNumber"]))
        except BaseException as e:  # surfaced by the test
            self.error = e


class Consumer(threading.Thread):
    """Reads every shard; a child once all its parents are read to their end."""

    def __init__(self, kinesis, stream, roots):
        super().__init__(daemon=True)
        self.kinesis, self.stream = kinesis, stream
        self.iterators = {s: self._iterator(s) for s in roots}
        self.finished: set[str] = set()
        self.waiting: dict[str, list[str]] = {}
        self.records: list[dict] = []
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def _iterator(self, shard):
        return self.kinesis.get_shard_iterator(
            StreamName=self.stream, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]

    def run(self):
        try:
            while not self.stop.is_set():
                self.step()
                # Each shard takes 5 reads a second.
                time.sleep(0.22)
        except BaseException as e:
            self.error = e

    def step(self):
        for shard, it in list(self.iterators.items()):
            try:
                r = self.kinesis.get_records(ShardIterator=it, Limit=1000)
            except self.kinesis.exceptions.ProvisionedThroughputExceededException:
                continue
            self.records += r["Records"]
            if "NextShardIterator" in r:
                self.iterators[shard] = r["NextShardIterator"]
                continue
            del self.iterators[shard]
            self.finished.add(shard)
            for child in r["ChildShards"]:
                self.waiting[child["ShardId"]] = child["ParentShards"]
        for child, parents in list(self.waiting.items()):
            if all(p in self.finished for p in parents):
                del self.waiting[child]
                self.iterators[child] = self._iterator(child)


def open_shards(kinesis, stream):
    shards = kinesis.list_shards(StreamName=stream, ShardFilter={"Type": "AT_LATEST"})["Shards"]
    return sorted(shards, key=lambda s: int(s["HashKeyRange"]["StartingHashKey"]))


def test_a_reader_following_parents_to_children_reads_every_record_once_in_key_order(kinesis):
    kinesis.create_stream(StreamName="busy", ShardCount=1)
    producer = Producer(kinesis, "busy")
    consumer = Consumer(kinesis, "busy", ["shardId-000000000000"])
    producer.start()
    consumer.start()
    reshards = [
        lambda o: kinesis.split_shard(StreamName="busy", ShardToSplit=o[0]["ShardId"],
                                      NewStartingHashKey=str(2**127)),
        lambda o: kinesis.split_shard(StreamName="busy", ShardToSplit=o[1]["ShardId"],
                                      NewStartingHashKey=str(2**127 + 2**126)),
        lambda o: kinesis.merge_shards(StreamName="busy", ShardToMerge=o[0]["ShardId"],
                                       AdjacentShardToMerge=o[1]["ShardId"]),
        lambda o: kinesis.update_shard_count(StreamName="busy", TargetShardCount=4, ScalingType="UNIFORM_SCALING"),
        lambda o: kinesis.update_shard_count(StreamName="busy", TargetShardCount=3, ScalingType="UNIFORM_SCALING"),
    ]
    for reshard in reshards:
        time.sleep(0.4)
        reshard(open_shards(kinesis, "busy"))
    time.sleep(0.4)
    producer.stop.set()
    producer.join(timeout=30)
    assert producer.error is None, producer.error
    deadline = time.monotonic() + 60
    while len(consumer.records) < len(producer.acked) and time.monotonic() < deadline and consumer.is_alive():
        time.sleep(0.1)
    consumer.stop.set()
    consumer.join(timeout=30)
    assert consumer.error is None, consumer.error

    assert len(producer.acked) > 100, "the producer kept writing through the reshards"
    sequence_numbers = [r["SequenceNumber"] for r in consumer.records]
    assert len(set(sequence_numbers)) == len(sequence_numbers), "no record is read twice"
    assert sorted(sequence_numbers) == sorted(s for _, _, s in producer.acked), "every acknowledged record is read"
    per_key = defaultdict(list)
    for r in consumer.records:
        key, n = r["Data"].decode().split(":")
        assert key == r["PartitionKey"]
        per_key[key].append(int(n))
    for key, ns in per_key.items():
        assert ns == list(range(len(ns))), f"{key} came out of order"
    shards = kinesis.list_shards(StreamName="busy")["Shards"]
    assert len(shards) >= 10 and len(open_shards(kinesis, "busy")) == 3
