//! Conversions between the proto messages and the Kinesis engine's types.

use labcloud_kinesis as e;

use crate::proto::kinesis as pb;
pub use crate::s3::convert::from_ts;
use crate::s3::convert::ts;


/// The stream a request names by name or ARN.
pub fn stream(name: String, arn: String) -> e::StreamRef {
    e::StreamRef { name, arn }
}

fn range((start, end): (u128, u128)) -> Option<pb::HashKeyRange> {
    Some(pb::HashKeyRange {
        starting_hash_key: start.to_string(),
        ending_hash_key: end.to_string(),
    })
}

pub fn shard(s: e::Shard) -> pb::Shard {
    pb::Shard {
        shard_id: s.shard_id,
        parent_shard_id: s.parent_shard_id.unwrap_or_default(),
        adjacent_parent_shard_id: s.adjacent_parent_shard_id.unwrap_or_default(),
        hash_key_range: range(s.hash_range),
        sequence_number_range: Some(pb::SequenceNumberRange {
            starting_sequence_number: s.starting_sequence_number,
            ending_sequence_number: s.ending_sequence_number.unwrap_or_default(),
        }),
    }
}

pub fn child(c: e::ChildShard) -> pb::ChildShard {
    pb::ChildShard {
        shard_id: c.shard_id,
        parent_shards: c.parent_shards,
        hash_key_range: range(c.hash_range),
    }
}

pub fn record(r: e::Record) -> pb::Record {
    pb::Record {
        sequence_number: r.sequence_number,
        approximate_arrival_timestamp: ts(r.arrival),
        data: r.data,
        partition_key: r.partition_key,
    }
}

pub fn summary(s: e::StreamSummary) -> pb::StreamDescriptionSummary {
    pb::StreamDescriptionSummary {
        stream_name: s.name,
        stream_arn: s.arn,
        stream_status: s.status.into(),
        stream_mode: s.mode.into(),
        retention_period_hours: s.retention_hours,
        stream_creation_timestamp: ts(s.created),
        open_shard_count: s.open_shard_count as i32,
        consumer_count: s.consumer_count as i32,
        encryption_type: "NONE".into(),
    }
}

pub fn stream_summary(s: e::StreamSummary) -> pb::StreamSummary {
    pb::StreamSummary {
        stream_name: s.name,
        stream_arn: s.arn,
        stream_status: s.status.into(),
        stream_mode: s.mode.into(),
        stream_creation_timestamp: ts(s.created),
    }
}

pub fn description(d: e::StreamDescription) -> pb::StreamDescription {
    let s = d.summary;
    pb::StreamDescription {
        stream_name: s.name,
        stream_arn: s.arn,
        stream_status: s.status.into(),
        stream_mode: s.mode.into(),
        shards: d.shards.into_iter().map(shard).collect(),
        has_more_shards: d.has_more_shards,
        retention_period_hours: s.retention_hours,
        stream_creation_timestamp: ts(s.created),
        encryption_type: "NONE".into(),
    }
}

pub fn consumer(c: e::Consumer, with_stream: bool) -> pb::Consumer {
    pb::Consumer {
        consumer_name: c.name,
        consumer_arn: c.arn,
        consumer_status: c.status.into(),
        consumer_creation_timestamp: ts(c.created),
        stream_arn: if with_stream { c.stream_arn } else { String::new() },
    }
}

pub fn put_entry(r: pb::PutRecordsRequestEntry) -> e::PutEntry {
    e::PutEntry {
        partition_key: r.partition_key,
        explicit_hash_key: r.explicit_hash_key,
        data: r.data,
    }
}

pub fn put_outcome(o: e::PutOutcome) -> pb::PutRecordsResultEntry {
    match o {
        e::PutOutcome::Stored(p) => pb::PutRecordsResultEntry {
            sequence_number: p.sequence_number,
            shard_id: p.shard_id,
            ..Default::default()
        },
        e::PutOutcome::Failed { code, message } => pb::PutRecordsResultEntry {
            error_code: code.into(),
            error_message: message,
            ..Default::default()
        },
    }
}

pub fn event(ev: e::SubscriptionEvent) -> pb::SubscribeToShardEvent {
    pb::SubscribeToShardEvent {
        records: ev.records.into_iter().map(record).collect(),
        continuation_sequence_number: ev.continuation_sequence_number.unwrap_or_default(),
        millis_behind_latest: ev.millis_behind_latest,
        child_shards: ev.child_shards.into_iter().map(child).collect(),
    }
}

pub fn starting_position(p: Option<pb::StartingPosition>) -> e::StartingPosition {
    let p = p.unwrap_or_default();
    e::StartingPosition {
        kind: p.r#type,
        sequence_number: p.sequence_number,
        timestamp: from_ts(p.timestamp),
    }
}
