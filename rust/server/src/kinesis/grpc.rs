//! The tonic service: unwraps requests, calls [`KinesisApi`], wraps responses.

use tonic::{Request, Response, Status};

use super::{EventStream, KinesisApi};
use crate::proto::kinesis as pb;
use crate::proto::kinesis::kinesis_service_server::KinesisService;
use crate::meta::region;

pub struct KinesisGrpc {
    api: KinesisApi,
}

impl KinesisGrpc {
    pub fn new(api: KinesisApi) -> Self {
        KinesisGrpc { api }
    }
}

/// The service impl: one-line unary methods generated from a list, the
/// streaming one written out. (The whole impl comes from the macro so that
/// `async_trait` sees every method.)
macro_rules! service_impl {
    (unary { $($f:ident($req:ty) -> $resp:ty;)* } $($rest:tt)*) => {
        #[tonic::async_trait]
        impl KinesisService for KinesisGrpc {
            $(
                async fn $f(&self, r: Request<$req>) -> Result<Response<$resp>, Status> {
                    let region = region(&r);
                    self.api.$f(&region, r.into_inner()).await.map(Response::new)
                }
            )*
            $($rest)*
        }
    };
}

service_impl! {
    unary {
        create_stream(pb::CreateStreamRequest) -> pb::CreateStreamResponse;
        delete_stream(pb::DeleteStreamRequest) -> pb::DeleteStreamResponse;
        describe_stream(pb::DescribeStreamRequest) -> pb::DescribeStreamResponse;
        describe_stream_summary(pb::DescribeStreamSummaryRequest) -> pb::DescribeStreamSummaryResponse;
        list_streams(pb::ListStreamsRequest) -> pb::ListStreamsResponse;
        list_shards(pb::ListShardsRequest) -> pb::ListShardsResponse;
        increase_stream_retention_period(pb::IncreaseStreamRetentionPeriodRequest) -> pb::IncreaseStreamRetentionPeriodResponse;
        decrease_stream_retention_period(pb::DecreaseStreamRetentionPeriodRequest) -> pb::DecreaseStreamRetentionPeriodResponse;
        update_shard_count(pb::UpdateShardCountRequest) -> pb::UpdateShardCountResponse;
        split_shard(pb::SplitShardRequest) -> pb::SplitShardResponse;
        merge_shards(pb::MergeShardsRequest) -> pb::MergeShardsResponse;
        add_tags_to_stream(pb::AddTagsToStreamRequest) -> pb::AddTagsToStreamResponse;
        remove_tags_from_stream(pb::RemoveTagsFromStreamRequest) -> pb::RemoveTagsFromStreamResponse;
        list_tags_for_stream(pb::ListTagsForStreamRequest) -> pb::ListTagsForStreamResponse;
        put_record(pb::PutRecordRequest) -> pb::PutRecordResponse;
        put_records(pb::PutRecordsRequest) -> pb::PutRecordsResponse;
        get_shard_iterator(pb::GetShardIteratorRequest) -> pb::GetShardIteratorResponse;
        get_records(pb::GetRecordsRequest) -> pb::GetRecordsResponse;
        register_stream_consumer(pb::RegisterStreamConsumerRequest) -> pb::RegisterStreamConsumerResponse;
        describe_stream_consumer(pb::DescribeStreamConsumerRequest) -> pb::DescribeStreamConsumerResponse;
        list_stream_consumers(pb::ListStreamConsumersRequest) -> pb::ListStreamConsumersResponse;
        deregister_stream_consumer(pb::DeregisterStreamConsumerRequest) -> pb::DeregisterStreamConsumerResponse;
    }

    type SubscribeToShardStream = EventStream;

    async fn subscribe_to_shard(&self, r: Request<pb::SubscribeToShardRequest>) -> Result<Response<EventStream>, Status> {
        let region = region(&r);
        self.api.subscribe_to_shard(&region, r.into_inner()).map(Response::new)
    }
}
