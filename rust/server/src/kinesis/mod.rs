//! The Kinesis service adapter: proto request in, engine call, proto response
//! out. [`KinesisApi`] holds the conversions once; the tonic service and the
//! in-process dispatcher both call it, so the two transports cannot drift.

mod convert;
mod grpc;
mod subscribe;

use std::sync::Arc;

use labcloud_kinesis::{self as e, KinesisEngine};
use tonic::Status;

use crate::proto::kinesis as pb;
use crate::status::kinesis_status;

pub use grpc::KinesisGrpc;
pub use subscribe::EventStream;

#[derive(Clone)]
pub struct KinesisApi {
    engine: Arc<KinesisEngine>,
}

type R<T> = Result<T, Status>;

fn k<T>(r: e::Result<T>) -> R<T> {
    r.map_err(kinesis_status)
}

impl KinesisApi {
    pub fn new(engine: Arc<KinesisEngine>) -> Self {
        KinesisApi { engine }
    }

    pub async fn create_stream(&self, region: &str, r: pb::CreateStreamRequest) -> R<pb::CreateStreamResponse> {
        let req = e::CreateStream {
            name: r.stream_name,
            shard_count: r.shard_count,
            mode: r.stream_mode,
            tags: r.tags.into_iter().collect(),
        };
        k(self.engine.create_stream(region, req).await)?;
        Ok(pb::CreateStreamResponse {})
    }

    pub async fn delete_stream(&self, region: &str, r: pb::DeleteStreamRequest) -> R<pb::DeleteStreamResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        k(self.engine.delete_stream(region, &s, r.enforce_consumer_deletion).await)?;
        Ok(pb::DeleteStreamResponse {})
    }

    pub async fn describe_stream(&self, region: &str, r: pb::DescribeStreamRequest) -> R<pb::DescribeStreamResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        let d = k(self.engine.describe_stream(region, &s, r.limit, &r.exclusive_start_shard_id))?;
        Ok(pb::DescribeStreamResponse {
            stream_description: Some(convert::description(d)),
        })
    }

    pub async fn describe_stream_summary(&self, region: &str, r: pb::DescribeStreamSummaryRequest) -> R<pb::DescribeStreamSummaryResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        Ok(pb::DescribeStreamSummaryResponse {
            stream_description_summary: Some(convert::summary(k(self.engine.describe_stream_summary(region, &s))?)),
        })
    }

    pub async fn list_streams(&self, region: &str, r: pb::ListStreamsRequest) -> R<pb::ListStreamsResponse> {
        let l = k(self.engine.list_streams(region, r.limit, &r.exclusive_start_stream_name, &r.next_token))?;
        Ok(pb::ListStreamsResponse {
            stream_names: l.streams.iter().map(|s| s.name.clone()).collect(),
            has_more_streams: l.has_more,
            next_token: l.next_token.unwrap_or_default(),
            stream_summaries: l.streams.into_iter().map(convert::stream_summary).collect(),
        })
    }

    pub async fn list_shards(&self, region: &str, r: pb::ListShardsRequest) -> R<pb::ListShardsResponse> {
        let filter = r.shard_filter.unwrap_or_default();
        let req = e::ListShards {
            stream: convert::stream(r.stream_name, r.stream_arn),
            next_token: r.next_token,
            exclusive_start_shard_id: r.exclusive_start_shard_id,
            max_results: r.max_results,
            stream_created: convert::from_ts(r.stream_creation_timestamp),
            filter_type: filter.r#type,
            filter_shard_id: filter.shard_id,
            filter_timestamp: convert::from_ts(filter.timestamp),
        };
        let l = k(self.engine.list_shards(region, &req))?;
        Ok(pb::ListShardsResponse {
            shards: l.shards.into_iter().map(convert::shard).collect(),
            next_token: l.next_token.unwrap_or_default(),
        })
    }

    pub async fn increase_stream_retention_period(
        &self,
        region: &str,
        r: pb::IncreaseStreamRetentionPeriodRequest,
    ) -> R<pb::IncreaseStreamRetentionPeriodResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        k(self.engine.increase_stream_retention_period(region, &s, r.retention_period_hours).await)?;
        Ok(pb::IncreaseStreamRetentionPeriodResponse {})
    }

    pub async fn decrease_stream_retention_period(
        &self,
        region: &str,
        r: pb::DecreaseStreamRetentionPeriodRequest,
    ) -> R<pb::DecreaseStreamRetentionPeriodResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        k(self.engine.decrease_stream_retention_period(region, &s, r.retention_period_hours).await)?;
        Ok(pb::DecreaseStreamRetentionPeriodResponse {})
    }

    pub async fn update_shard_count(&self, region: &str, r: pb::UpdateShardCountRequest) -> R<pb::UpdateShardCountResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        let u = k(self.engine.update_shard_count(region, &s, r.target_shard_count, &r.scaling_type).await)?;
        Ok(pb::UpdateShardCountResponse {
            stream_name: u.name,
            current_shard_count: u.current as i32,
            target_shard_count: u.target as i32,
            stream_arn: u.arn,
        })
    }

    pub async fn split_shard(&self, region: &str, r: pb::SplitShardRequest) -> R<pb::SplitShardResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        k(self.engine.split_shard(region, &s, &r.shard_to_split, &r.new_starting_hash_key).await)?;
        Ok(pb::SplitShardResponse {})
    }

    pub async fn merge_shards(&self, region: &str, r: pb::MergeShardsRequest) -> R<pb::MergeShardsResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        k(self.engine.merge_shards(region, &s, &r.shard_to_merge, &r.adjacent_shard_to_merge).await)?;
        Ok(pb::MergeShardsResponse {})
    }

    pub async fn add_tags_to_stream(&self, region: &str, r: pb::AddTagsToStreamRequest) -> R<pb::AddTagsToStreamResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        k(self.engine.add_tags_to_stream(region, &s, r.tags.into_iter().collect()).await)?;
        Ok(pb::AddTagsToStreamResponse {})
    }

    pub async fn remove_tags_from_stream(&self, region: &str, r: pb::RemoveTagsFromStreamRequest) -> R<pb::RemoveTagsFromStreamResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        k(self.engine.remove_tags_from_stream(region, &s, r.tag_keys).await)?;
        Ok(pb::RemoveTagsFromStreamResponse {})
    }

    pub async fn list_tags_for_stream(&self, region: &str, r: pb::ListTagsForStreamRequest) -> R<pb::ListTagsForStreamResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        let l = k(self.engine.list_tags_for_stream(region, &s, &r.exclusive_start_tag_key, r.limit))?;
        Ok(pb::ListTagsForStreamResponse {
            tags: l.tags.into_iter().map(|(key, value)| pb::Tag { key, value }).collect(),
            has_more_tags: l.has_more,
        })
    }

    pub async fn put_record(&self, region: &str, r: pb::PutRecordRequest) -> R<pb::PutRecordResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        let entry = e::PutEntry {
            partition_key: r.partition_key,
            explicit_hash_key: r.explicit_hash_key,
            data: r.data,
        };
        let p = k(self.engine.put_record(region, &s, entry, &r.sequence_number_for_ordering).await)?;
        Ok(pb::PutRecordResponse {
            shard_id: p.shard_id,
            sequence_number: p.sequence_number,
        })
    }

    pub async fn put_records(&self, region: &str, r: pb::PutRecordsRequest) -> R<pb::PutRecordsResponse> {
        let s = convert::stream(r.stream_name, r.stream_arn);
        let entries = r.records.into_iter().map(convert::put_entry).collect();
        let out = k(self.engine.put_records(region, &s, entries).await)?;
        let failed = out.iter().filter(|o| matches!(o, e::PutOutcome::Failed { .. })).count();
        Ok(pb::PutRecordsResponse {
            failed_record_count: failed as i32,
            records: out.into_iter().map(convert::put_outcome).collect(),
        })
    }

    pub async fn get_shard_iterator(&self, region: &str, r: pb::GetShardIteratorRequest) -> R<pb::GetShardIteratorResponse> {
        let req = e::GetShardIterator {
            stream: convert::stream(r.stream_name, r.stream_arn),
            shard_id: r.shard_id,
            iterator_type: r.shard_iterator_type,
            starting_sequence_number: r.starting_sequence_number,
            timestamp: convert::from_ts(r.timestamp),
        };
        Ok(pb::GetShardIteratorResponse {
            shard_iterator: k(self.engine.get_shard_iterator(region, &req))?,
        })
    }

    pub async fn get_records(&self, _: &str, r: pb::GetRecordsRequest) -> R<pb::GetRecordsResponse> {
        let got = k(self.engine.get_records(&r.shard_iterator, r.limit, &r.stream_arn))?;
        Ok(pb::GetRecordsResponse {
            records: got.records.into_iter().map(convert::record).collect(),
            next_shard_iterator: got.next_iterator,
            millis_behind_latest: got.millis_behind_latest,
            child_shards: got.child_shards.into_iter().map(convert::child).collect(),
        })
    }

    pub async fn register_stream_consumer(&self, _: &str, r: pb::RegisterStreamConsumerRequest) -> R<pb::RegisterStreamConsumerResponse> {
        let c = k(self.engine.register_stream_consumer(&r.stream_arn, &r.consumer_name).await)?;
        Ok(pb::RegisterStreamConsumerResponse {
            consumer: Some(convert::consumer(c, false)),
        })
    }

    pub async fn describe_stream_consumer(&self, _: &str, r: pb::DescribeStreamConsumerRequest) -> R<pb::DescribeStreamConsumerResponse> {
        let c = k(self.engine.describe_stream_consumer(&consumer_ref(r.stream_arn, r.consumer_name, r.consumer_arn)))?;
        Ok(pb::DescribeStreamConsumerResponse {
            consumer_description: Some(convert::consumer(c, true)),
        })
    }

    pub async fn list_stream_consumers(&self, _: &str, r: pb::ListStreamConsumersRequest) -> R<pb::ListStreamConsumersResponse> {
        let created = convert::from_ts(r.stream_creation_timestamp);
        let l = k(self.engine.list_stream_consumers(&r.stream_arn, &r.next_token, r.max_results, created))?;
        Ok(pb::ListStreamConsumersResponse {
            consumers: l.consumers.into_iter().map(|c| convert::consumer(c, false)).collect(),
            next_token: l.next_token.unwrap_or_default(),
        })
    }

    pub async fn deregister_stream_consumer(
        &self,
        _: &str,
        r: pb::DeregisterStreamConsumerRequest,
    ) -> R<pb::DeregisterStreamConsumerResponse> {
        k(self.engine.deregister_stream_consumer(&consumer_ref(r.stream_arn, r.consumer_name, r.consumer_arn)).await)?;
        Ok(pb::DeregisterStreamConsumerResponse {})
    }

    /// Starts a subscription; its events arrive through the returned stream.
    pub fn subscribe_to_shard(&self, _: &str, r: pb::SubscribeToShardRequest) -> R<EventStream> {
        let start = convert::starting_position(r.starting_position);
        let sub = k(self.engine.subscribe_to_shard(&r.consumer_arn, &r.shard_id, &start))?;
        Ok(subscribe::events(sub))
    }
}

fn consumer_ref(stream_arn: String, name: String, arn: String) -> e::ConsumerRef {
    e::ConsumerRef { stream_arn, name, arn }
}

/// Dispatches a unary Kinesis call by method name: the in-process
/// transport's path to the same adapter methods the tonic service uses.
pub async fn call_unary(api: &KinesisApi, method: &str, req: &[u8], region: &str) -> R<Vec<u8>> {
    use prost::Message;
    macro_rules! route {
        ($($name:literal => $f:ident($t:ty)),* $(,)?) => {
            match method {
                $($name => {
                    let r = <$t>::decode(req)
                        .map_err(|e| crate::status::kinesis_malformed(format!("malformed {}: {e}", $name)))?;
                    Ok(api.$f(region, r).await?.encode_to_vec())
                })*
                other => Err(Status::unimplemented(format!("KinesisService has no unary method {other}"))),
            }
        };
    }
    route! {
        "CreateStream" => create_stream(pb::CreateStreamRequest),
        "DeleteStream" => delete_stream(pb::DeleteStreamRequest),
        "DescribeStream" => describe_stream(pb::DescribeStreamRequest),
        "DescribeStreamSummary" => describe_stream_summary(pb::DescribeStreamSummaryRequest),
        "ListStreams" => list_streams(pb::ListStreamsRequest),
        "ListShards" => list_shards(pb::ListShardsRequest),
        "IncreaseStreamRetentionPeriod" => increase_stream_retention_period(pb::IncreaseStreamRetentionPeriodRequest),
        "DecreaseStreamRetentionPeriod" => decrease_stream_retention_period(pb::DecreaseStreamRetentionPeriodRequest),
        "UpdateShardCount" => update_shard_count(pb::UpdateShardCountRequest),
        "SplitShard" => split_shard(pb::SplitShardRequest),
        "MergeShards" => merge_shards(pb::MergeShardsRequest),
        "AddTagsToStream" => add_tags_to_stream(pb::AddTagsToStreamRequest),
        "RemoveTagsFromStream" => remove_tags_from_stream(pb::RemoveTagsFromStreamRequest),
        "ListTagsForStream" => list_tags_for_stream(pb::ListTagsForStreamRequest),
        "PutRecord" => put_record(pb::PutRecordRequest),
        "PutRecords" => put_records(pb::PutRecordsRequest),
        "GetShardIterator" => get_shard_iterator(pb::GetShardIteratorRequest),
        "GetRecords" => get_records(pb::GetRecordsRequest),
        "RegisterStreamConsumer" => register_stream_consumer(pb::RegisterStreamConsumerRequest),
        "DescribeStreamConsumer" => describe_stream_consumer(pb::DescribeStreamConsumerRequest),
        "ListStreamConsumers" => list_stream_consumers(pb::ListStreamConsumersRequest),
        "DeregisterStreamConsumer" => deregister_stream_consumer(pb::DeregisterStreamConsumerRequest),
    }
}

/// Dispatches a server-streaming Kinesis call by method name; each item is
/// one serialized response message.
pub fn call_stream(api: &KinesisApi, method: &str, req: &[u8], region: &str) -> R<crate::dispatch::MessageStream> {
    use futures_util::StreamExt;
    use prost::Message;
    match method {
        "SubscribeToShard" => {
            let r = pb::SubscribeToShardRequest::decode(req)
                .map_err(|e| crate::status::kinesis_malformed(format!("malformed SubscribeToShard: {e}")))?;
            let events = api.subscribe_to_shard(region, r)?;
            Ok(Box::pin(events.map(|m| m.map(|ev| ev.encode_to_vec()))))
        }
        other => Err(Status::unimplemented(format!("KinesisService has no server-streaming method {other}"))),
    }
}
