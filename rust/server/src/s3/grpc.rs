//! The tonic service: unwraps requests, calls [`S3Api`], wraps responses.

use std::pin::Pin;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status, Streaming};

use super::{CHUNK, S3Api};
use crate::proto::s3 as pb;
use crate::proto::s3::s3_service_server::S3Service;
use crate::region::region;
use crate::status::{S3_DOMAIN, bad_request};

pub struct S3Grpc {
    api: S3Api,
}

impl S3Grpc {
    pub fn new(api: S3Api) -> Self {
        S3Grpc { api }
    }
}

/// Splits a streamed upload into its header and the body chunks after it.
async fn header_and_body<M, H>(
    mut s: Streaming<M>,
    split: fn(M) -> Option<Result<H, Bytes>>,
) -> Result<(H, impl Stream<Item = Result<Bytes, Status>> + Unpin), Status>
where
    M: Send + 'static,
{
    let header = match s.next().await {
        Some(Ok(m)) => match split(m) {
            Some(Ok(h)) => h,
            _ => return Err(bad_request(S3_DOMAIN, "the first message of the stream must be the header")),
        },
        Some(Err(e)) => return Err(e),
        None => return Err(bad_request(S3_DOMAIN, "empty request stream")),
    };
    let body = s.map(move |m| match split(m?) {
        Some(Err(chunk)) => Ok(chunk),
        None => Ok(Bytes::new()),
        Some(Ok(_)) => Err(bad_request(S3_DOMAIN, "a header may only be the first message of the stream")),
    });
    Ok((header, body))
}

fn put_part(m: pb::PutObjectRequest) -> Option<Result<pb::PutObjectHeader, Bytes>> {
    match m.payload? {
        pb::put_object_request::Payload::Header(h) => Some(Ok(h)),
        pb::put_object_request::Payload::Chunk(c) => Some(Err(c)),
    }
}

fn upload_part_part(m: pb::UploadPartRequest) -> Option<Result<pb::UploadPartHeader, Bytes>> {
    match m.payload? {
        pb::upload_part_request::Payload::Header(h) => Some(Ok(h)),
        pb::upload_part_request::Payload::Chunk(c) => Some(Err(c)),
    }
}

/// The service impl: one-line unary methods generated from a list, the
/// streaming ones written out. (The whole impl comes from the macro so that
/// `async_trait` sees every method.)
macro_rules! service_impl {
    (unary { $($f:ident($req:ty) -> $resp:ty;)* } $($rest:tt)*) => {
        #[tonic::async_trait]
        impl S3Service for S3Grpc {
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

type GetStream = Pin<Box<dyn Stream<Item = Result<pb::GetObjectResponse, Status>> + Send>>;

service_impl! {
    unary {
        create_bucket(pb::CreateBucketRequest) -> pb::CreateBucketResponse;
        head_bucket(pb::HeadBucketRequest) -> pb::HeadBucketResponse;
        delete_bucket(pb::DeleteBucketRequest) -> pb::DeleteBucketResponse;
        list_buckets(pb::ListBucketsRequest) -> pb::ListBucketsResponse;
        get_bucket_location(pb::GetBucketLocationRequest) -> pb::GetBucketLocationResponse;
        put_bucket_versioning(pb::PutBucketVersioningRequest) -> pb::PutBucketVersioningResponse;
        get_bucket_versioning(pb::GetBucketVersioningRequest) -> pb::GetBucketVersioningResponse;
        head_object(pb::HeadObjectRequest) -> pb::HeadObjectResponse;
        delete_object(pb::DeleteObjectRequest) -> pb::DeleteObjectResponse;
        delete_objects(pb::DeleteObjectsRequest) -> pb::DeleteObjectsResponse;
        copy_object(pb::CopyObjectRequest) -> pb::CopyObjectResponse;
        list_objects_v2(pb::ListObjectsV2Request) -> pb::ListObjectsV2Response;
        list_object_versions(pb::ListObjectVersionsRequest) -> pb::ListObjectVersionsResponse;
        create_multipart_upload(pb::CreateMultipartUploadRequest) -> pb::CreateMultipartUploadResponse;
        list_parts(pb::ListPartsRequest) -> pb::ListPartsResponse;
        complete_multipart_upload(pb::CompleteMultipartUploadRequest) -> pb::CompleteMultipartUploadResponse;
        abort_multipart_upload(pb::AbortMultipartUploadRequest) -> pb::AbortMultipartUploadResponse;
        list_multipart_uploads(pb::ListMultipartUploadsRequest) -> pb::ListMultipartUploadsResponse;
    }

    async fn put_object(&self, r: Request<Streaming<pb::PutObjectRequest>>) -> Result<Response<pb::PutObjectResponse>, Status> {
        let region = region(&r);
        let (header, body) = header_and_body(r.into_inner(), put_part).await?;
        self.api.put_object(&region, header, body).await.map(Response::new)
    }

    async fn upload_part(&self, r: Request<Streaming<pb::UploadPartRequest>>) -> Result<Response<pb::UploadPartResponse>, Status> {
        let region = region(&r);
        let (header, body) = header_and_body(r.into_inner(), upload_part_part).await?;
        self.api.upload_part(&region, header, body).await.map(Response::new)
    }

    type GetObjectStream = GetStream;

    async fn get_object(&self, r: Request<pb::GetObjectRequest>) -> Result<Response<GetStream>, Status> {
        let region = region(&r);
        let (head, reader) = self.api.get_object(&region, r.into_inner())?;
        let first = pb::GetObjectResponse {
            payload: Some(pb::get_object_response::Payload::Head(head)),
        };
        let chunk = |c: Bytes| pb::GetObjectResponse {
            payload: Some(pb::get_object_response::Payload::Chunk(c)),
        };
        if reader.len() <= CHUNK as u64 {
            // Small bodies are read here rather than on a blocking thread.
            let mut msgs = vec![Ok(first)];
            msgs.extend(reader.chunks(CHUNK).map(|c| c.map(chunk).map_err(crate::status::s3_status)));
            return Ok(Response::new(Box::pin(futures_util::stream::iter(msgs))));
        }
        let (tx, rx) = mpsc::channel(4);
        tokio::task::spawn_blocking(move || {
            if tx.blocking_send(Ok(first)).is_err() {
                return;
            }
            for c in reader.chunks(CHUNK) {
                let failed = c.is_err();
                if tx.blocking_send(c.map(chunk).map_err(crate::status::s3_status)).is_err() || failed {
                    return;
                }
            }
        });
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }
}
