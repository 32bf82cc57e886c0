//! The in-process transport: calls by gRPC method path, with serialized
//! protobuf messages in and out, straight to the same adapters the tonic
//! services use — no sockets, no HTTP/2 framing.

use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::Stream;
use labcloud_s3::ObjectReader;
use prost::Message;
use tonic::Status;

use crate::engines::Engines;
use crate::kinesis::{self, KinesisApi};
use crate::proto::s3 as pb;
use crate::cache::{self, CacheApi};
use crate::elasticache::{self, ElastiCacheApi};
use crate::s3::{S3Api, call_unary};
use crate::status::{S3_DOMAIN, bad_request};

pub const S3_SERVICE: &str = "labcloud.s3.v1.S3Service";
pub const KINESIS_SERVICE: &str = "labcloud.kinesis.v1.KinesisService";
pub const ELASTICACHE_SERVICE: &str = "labcloud.elasticache.v1.ElastiCacheService";
pub const CACHE_SERVICE: &str = "labcloud.cache.v1.CacheService";

/// The messages of a server-streaming call, each serialized; dropping the
/// stream cancels the call.
pub type MessageStream = Pin<Box<dyn Stream<Item = Result<Vec<u8>, Status>> + Send>>;

pub struct Dispatcher {
    s3: S3Api,
    kinesis: KinesisApi,
    elasticache: ElastiCacheApi,
    cache: CacheApi,
}

fn split(path: &str) -> Result<(&str, &str), Status> {
    path.strip_prefix('/')
        .and_then(|p| p.split_once('/'))
        .ok_or_else(|| Status::unimplemented(format!("not a gRPC method path: {path:?}")))
}

fn unknown(path: &str) -> Status {
    Status::unimplemented(format!("unknown method {path}"))
}

fn malformed(what: &str, e: prost::DecodeError) -> Status {
    bad_request(S3_DOMAIN, format!("malformed {what}: {e}"))
}

impl Dispatcher {
    pub fn new(engines: &Arc<Engines>) -> Self {
        Dispatcher {
            s3: S3Api::new(engines.s3.clone()),
            kinesis: KinesisApi::new(engines.kinesis.clone()),
            elasticache: ElastiCacheApi::new(engines.cache.clone()),
            cache: CacheApi::new(engines.cache.clone()),
        }
    }

    pub async fn unary(&self, path: &str, req: &[u8], region: &str) -> Result<Vec<u8>, Status> {
        match split(path)? {
            (S3_SERVICE, method) => call_unary(&self.s3, method, req, region).await,
            (KINESIS_SERVICE, method) => kinesis::call_unary(&self.kinesis, method, req, region).await,
            (ELASTICACHE_SERVICE, method) => elasticache::call_unary(&self.elasticache, method, req, region).await,
            (CACHE_SERVICE, method) => cache::call_unary(&self.cache, method, req, region).await,
            _ => Err(unknown(path)),
        }
    }

    /// A server-streaming call whose messages are the results (not a body
    /// in chunks, as with [`Dispatcher::download`]): the serialized messages
    /// as they come. A call the service refuses fails here, before any
    /// message.
    pub fn stream(&self, path: &str, req: &[u8], region: &str) -> Result<MessageStream, Status> {
        match split(path)? {
            (KINESIS_SERVICE, method) => kinesis::call_stream(&self.kinesis, method, req, region),
            _ => Err(unknown(path)),
        }
    }

    /// A client-streaming call: `header` is the serialized first message.
    pub async fn upload<S>(&self, path: &str, header: &[u8], body: S, region: &str) -> Result<Vec<u8>, Status>
    where
        S: Stream<Item = Result<Bytes, Status>> + Unpin,
    {
        match split(path)? {
            (S3_SERVICE, "PutObject") => {
                let m = pb::PutObjectRequest::decode(header).map_err(|e| malformed("PutObjectRequest", e))?;
                let Some(pb::put_object_request::Payload::Header(h)) = m.payload else {
                    return Err(bad_request(S3_DOMAIN, "the first message of the stream must be the header"));
                };
                Ok(self.s3.put_object(region, h, body).await?.encode_to_vec())
            }
            (S3_SERVICE, "UploadPart") => {
                let m = pb::UploadPartRequest::decode(header).map_err(|e| malformed("UploadPartRequest", e))?;
                let Some(pb::upload_part_request::Payload::Header(h)) = m.payload else {
                    return Err(bad_request(S3_DOMAIN, "the first message of the stream must be the header"));
                };
                Ok(self.s3.upload_part(region, h, body).await?.encode_to_vec())
            }
            _ => Err(unknown(path)),
        }
    }

    /// A server-streaming call: the serialized first message and a reader
    /// over the body, which the caller copies wherever it likes.
    pub fn download(&self, path: &str, req: &[u8], region: &str) -> Result<(Vec<u8>, ObjectReader), Status> {
        match split(path)? {
            (S3_SERVICE, "GetObject") => {
                let r = pb::GetObjectRequest::decode(req).map_err(|e| malformed("GetObjectRequest", e))?;
                let (head, reader) = self.s3.get_object(region, r)?;
                let first = pb::GetObjectResponse {
                    payload: Some(pb::get_object_response::Payload::Head(head)),
                };
                Ok((first.encode_to_vec(), reader))
            }
            _ => Err(unknown(path)),
        }
    }
}
