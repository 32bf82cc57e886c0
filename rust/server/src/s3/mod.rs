//! The S3 service adapter: proto request in, engine call, proto response out.
//! [`S3Api`] holds the conversions once; the tonic service and the in-process
//! dispatcher both call it, so the two transports cannot drift apart.

mod convert;
mod grpc;

use std::sync::Arc;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use labcloud_s3::{self as e, S3Engine};
use tonic::Status;

use crate::proto::s3 as pb;
use crate::status::s3_status;

pub use grpc::{S3Grpc, region};

/// Body chunk size for GetObject streams.
pub const CHUNK: usize = 1 << 20;

#[derive(Clone)]
pub struct S3Api {
    engine: Arc<S3Engine>,
}

type R<T> = Result<T, Status>;

fn s3<T>(r: e::Result<T>) -> R<T> {
    r.map_err(s3_status)
}

impl S3Api {
    pub fn new(engine: Arc<S3Engine>) -> Self {
        S3Api { engine }
    }

    pub async fn create_bucket(&self, region: &str, r: pb::CreateBucketRequest) -> R<pb::CreateBucketResponse> {
        let b = s3(self.engine.create_bucket(&r.bucket, &r.location_constraint, region).await)?;
        // What S3 answers: a path in us-east-1, the bucket's URL elsewhere.
        let location = if b.region == "us-east-1" {
            format!("/{}", b.name)
        } else {
            format!("http://{}.s3.amazonaws.com/", b.name)
        };
        Ok(pb::CreateBucketResponse { location })
    }

    pub async fn head_bucket(&self, _: &str, r: pb::HeadBucketRequest) -> R<pb::HeadBucketResponse> {
        let b = s3(self.engine.head_bucket(&r.bucket))?;
        Ok(pb::HeadBucketResponse { bucket_region: b.region })
    }

    pub async fn delete_bucket(&self, _: &str, r: pb::DeleteBucketRequest) -> R<pb::DeleteBucketResponse> {
        s3(self.engine.delete_bucket(&r.bucket).await)?;
        Ok(pb::DeleteBucketResponse {})
    }

    pub async fn list_buckets(&self, _: &str, r: pb::ListBucketsRequest) -> R<pb::ListBucketsResponse> {
        let l = s3(self
            .engine
            .list_buckets(&r.prefix, &r.bucket_region, r.max_buckets, &r.continuation_token))?;
        Ok(pb::ListBucketsResponse {
            buckets: l.buckets.into_iter().map(convert::bucket).collect(),
            owner: convert::owner(self.engine.config()),
            continuation_token: l.continuation_token,
            prefix: r.prefix,
        })
    }

    pub async fn get_bucket_location(&self, _: &str, r: pb::GetBucketLocationRequest) -> R<pb::GetBucketLocationResponse> {
        Ok(pb::GetBucketLocationResponse {
            location_constraint: s3(self.engine.get_bucket_location(&r.bucket))?,
        })
    }

    pub async fn put_bucket_versioning(&self, _: &str, r: pb::PutBucketVersioningRequest) -> R<pb::PutBucketVersioningResponse> {
        s3(self.engine.put_bucket_versioning(&r.bucket, &r.status).await)?;
        Ok(pb::PutBucketVersioningResponse {})
    }

    pub async fn get_bucket_versioning(&self, _: &str, r: pb::GetBucketVersioningRequest) -> R<pb::GetBucketVersioningResponse> {
        Ok(pb::GetBucketVersioningResponse {
            status: s3(self.engine.get_bucket_versioning(&r.bucket))?.to_string(),
        })
    }

    /// Feeds a streamed body into a put, then seals (off the reactor when it
    /// touches the disk) and commits it.
    async fn ingest<S>(&self, mut stream: e::PutStream, mut body: S) -> R<e::Stored>
    where
        S: Stream<Item = R<Bytes>> + Unpin,
    {
        while let Some(chunk) = body.next().await {
            s3(stream.write(chunk?))?;
        }
        let sealed = if stream.seal_blocks() {
            tokio::task::spawn_blocking(move || stream.seal())
                .await
                .map_err(|e| Status::internal(e.to_string()))?
        } else {
            stream.seal()
        };
        s3(s3(sealed)?.commit().await)
    }

    pub async fn put_object<S>(&self, _: &str, h: pb::PutObjectHeader, body: S) -> R<pb::PutObjectResponse>
    where
        S: Stream<Item = R<Bytes>> + Unpin,
    {
        let stream = s3(convert::put(h).and_then(|req| self.engine.begin_put(req)))?;
        let stored = self.ingest(stream, body).await?;
        Ok(pb::PutObjectResponse {
            etag: convert::quote(&stored.etag),
            version_id: convert::stored_version(&stored),
            size: stored.size as i64,
        })
    }

    /// The head of an object and a reader over the bytes to send.
    pub fn get_object(&self, _: &str, r: pb::GetObjectRequest) -> R<(pb::ObjectHead, e::ObjectReader)> {
        let (head, reader) = s3(self.engine.get_object(&convert::get(r)))?;
        Ok((convert::head(head), reader))
    }

    pub async fn head_object(&self, _: &str, r: pb::HeadObjectRequest) -> R<pb::HeadObjectResponse> {
        let head = s3(self.engine.head_object(&convert::head_req(r)))?;
        Ok(pb::HeadObjectResponse {
            head: Some(convert::head(head)),
        })
    }

    pub async fn delete_object(&self, _: &str, r: pb::DeleteObjectRequest) -> R<pb::DeleteObjectResponse> {
        let d = s3(self.engine.delete_object(&r.bucket, &r.key, &r.version_id).await)?;
        Ok(pb::DeleteObjectResponse {
            delete_marker: d.delete_marker,
            version_id: d.version_id.unwrap_or_default(),
        })
    }

    pub async fn delete_objects(&self, _: &str, r: pb::DeleteObjectsRequest) -> R<pb::DeleteObjectsResponse> {
        let ids = r
            .objects
            .into_iter()
            .map(|o| e::ObjectId {
                key: o.key,
                version_id: o.version_id,
            })
            .collect();
        let results = s3(self.engine.delete_objects(&r.bucket, ids).await)?;
        let mut out = pb::DeleteObjectsResponse::default();
        for (id, res) in results {
            match res {
                Ok(d) if !r.quiet => out.deleted.push(pb::DeletedObject {
                    key: id.key,
                    version_id: if d.delete_marker { id.version_id } else { d.version_id.clone().unwrap_or(id.version_id) },
                    delete_marker: d.delete_marker,
                    delete_marker_version_id: if d.delete_marker { d.version_id.unwrap_or_default() } else { String::new() },
                }),
                Ok(_) => {}
                Err(err) => out.errors.push(pb::DeleteError {
                    key: id.key,
                    version_id: id.version_id,
                    code: err.code().to_string(),
                    message: err.to_string(),
                }),
            }
        }
        Ok(out)
    }

    pub async fn copy_object(&self, _: &str, r: pb::CopyObjectRequest) -> R<pb::CopyObjectResponse> {
        let req = e::CopyObject {
            bucket: r.bucket,
            key: r.key,
            source_bucket: r.source_bucket,
            source_key: r.source_key,
            source_version_id: r.source_version_id,
            metadata_directive: r.metadata_directive,
            attrs: convert::attrs(r.attributes),
        };
        let engine = self.engine.clone();
        let (sealed, source_version) = tokio::task::spawn_blocking(move || engine.prepare_copy(&req))
            .await
            .map_err(|e| Status::internal(e.to_string()))?
            .map_err(s3_status)?;
        let stored = s3(sealed.commit().await)?;
        Ok(pb::CopyObjectResponse {
            etag: convert::quote(&stored.etag),
            last_modified: convert::ts(stored.last_modified),
            version_id: convert::stored_version(&stored),
            copy_source_version_id: source_version.unwrap_or_default(),
        })
    }

    pub async fn list_objects_v2(&self, _: &str, r: pb::ListObjectsV2Request) -> R<pb::ListObjectsV2Response> {
        let req = e::ListObjects {
            bucket: r.bucket.clone(),
            prefix: r.prefix.clone(),
            delimiter: r.delimiter.clone(),
            max_keys: r.max_keys,
            continuation_token: r.continuation_token.clone(),
            start_after: r.start_after.clone(),
        };
        let l = s3(self.engine.list_objects_v2(&req))?;
        let owner = if r.fetch_owner { convert::owner(self.engine.config()) } else { None };
        let key_count = (l.contents.len() + l.common_prefixes.len()) as i32;
        Ok(pb::ListObjectsV2Response {
            name: r.bucket,
            prefix: r.prefix,
            delimiter: r.delimiter,
            max_keys: l.max_keys,
            contents: l
                .contents
                .into_iter()
                .map(|o| pb::ObjectSummary {
                    key: o.key,
                    last_modified: convert::ts(o.last_modified),
                    etag: convert::quote(&o.etag),
                    size: o.size as i64,
                    storage_class: o.storage_class,
                    owner: owner.clone(),
                })
                .collect(),
            common_prefixes: l.common_prefixes,
            is_truncated: l.is_truncated,
            key_count,
            continuation_token: r.continuation_token,
            next_continuation_token: l.next_continuation_token,
            start_after: r.start_after,
        })
    }

    pub async fn list_object_versions(&self, _: &str, r: pb::ListObjectVersionsRequest) -> R<pb::ListObjectVersionsResponse> {
        let req = e::ListVersions {
            bucket: r.bucket.clone(),
            prefix: r.prefix.clone(),
            delimiter: r.delimiter.clone(),
            max_keys: r.max_keys,
            key_marker: r.key_marker.clone(),
            version_id_marker: r.version_id_marker.clone(),
        };
        let l = s3(self.engine.list_object_versions(&req))?;
        let owner = convert::owner(self.engine.config());
        Ok(pb::ListObjectVersionsResponse {
            name: r.bucket,
            prefix: r.prefix,
            delimiter: r.delimiter,
            max_keys: l.max_keys,
            key_marker: r.key_marker,
            version_id_marker: r.version_id_marker,
            next_key_marker: l.next_key_marker,
            next_version_id_marker: l.next_version_id_marker,
            is_truncated: l.is_truncated,
            versions: l.versions.into_iter().map(|v| convert::version(v, &owner)).collect(),
            common_prefixes: l.common_prefixes,
        })
    }

    pub async fn create_multipart_upload(&self, _: &str, r: pb::CreateMultipartUploadRequest) -> R<pb::CreateMultipartUploadResponse> {
        let id = s3(self
            .engine
            .create_multipart_upload(&r.bucket, &r.key, convert::attrs(r.attributes))
            .await)?;
        Ok(pb::CreateMultipartUploadResponse {
            bucket: r.bucket,
            key: r.key,
            upload_id: id,
        })
    }

    pub async fn upload_part<S>(&self, _: &str, h: pb::UploadPartHeader, body: S) -> R<pb::UploadPartResponse>
    where
        S: Stream<Item = R<Bytes>> + Unpin,
    {
        let stream = s3(convert::part(h).and_then(|req| self.engine.begin_upload_part(req)))?;
        let stored = self.ingest(stream, body).await?;
        Ok(pb::UploadPartResponse {
            etag: convert::quote(&stored.etag),
        })
    }

    pub async fn list_parts(&self, _: &str, r: pb::ListPartsRequest) -> R<pb::ListPartsResponse> {
        let l = s3(self
            .engine
            .list_parts(&r.bucket, &r.key, &r.upload_id, r.max_parts, r.part_number_marker))?;
        let owner = convert::owner(self.engine.config());
        Ok(pb::ListPartsResponse {
            bucket: r.bucket,
            key: r.key,
            upload_id: r.upload_id,
            part_number_marker: r.part_number_marker,
            next_part_number_marker: l.next_part_number_marker,
            max_parts: l.max_parts,
            is_truncated: l.is_truncated,
            parts: l
                .parts
                .into_iter()
                .map(|p| pb::Part {
                    part_number: p.part_number,
                    last_modified: convert::ts(p.last_modified),
                    etag: convert::quote(&p.etag),
                    size: p.size as i64,
                })
                .collect(),
            storage_class: l.storage_class,
            owner: owner.clone(),
            initiator: owner,
        })
    }

    pub async fn complete_multipart_upload(
        &self,
        _: &str,
        r: pb::CompleteMultipartUploadRequest,
    ) -> R<pb::CompleteMultipartUploadResponse> {
        let parts = r
            .parts
            .into_iter()
            .map(|p| e::CompletedPart {
                part_number: p.part_number,
                etag: p.etag,
            })
            .collect();
        let stored = s3(self
            .engine
            .complete_multipart_upload(&r.bucket, &r.key, &r.upload_id, parts)
            .await)?;
        let region = self.engine.bucket_info(&r.bucket).map(|b| b.region).unwrap_or_default();
        Ok(pb::CompleteMultipartUploadResponse {
            location: format!(
                "https://{}.s3.{region}.amazonaws.com/{}",
                r.bucket,
                convert::uri_encode(&r.key)
            ),
            bucket: r.bucket,
            key: r.key,
            etag: convert::quote(&stored.etag),
            version_id: convert::stored_version(&stored),
        })
    }

    pub async fn abort_multipart_upload(&self, _: &str, r: pb::AbortMultipartUploadRequest) -> R<pb::AbortMultipartUploadResponse> {
        s3(self.engine.abort_multipart_upload(&r.bucket, &r.key, &r.upload_id).await)?;
        Ok(pb::AbortMultipartUploadResponse {})
    }

    pub async fn list_multipart_uploads(&self, _: &str, r: pb::ListMultipartUploadsRequest) -> R<pb::ListMultipartUploadsResponse> {
        let req = e::ListUploads {
            bucket: r.bucket.clone(),
            prefix: r.prefix.clone(),
            delimiter: r.delimiter.clone(),
            max_uploads: r.max_uploads,
            key_marker: r.key_marker.clone(),
            upload_id_marker: r.upload_id_marker.clone(),
        };
        let l = s3(self.engine.list_multipart_uploads(&req))?;
        let owner = convert::owner(self.engine.config());
        Ok(pb::ListMultipartUploadsResponse {
            bucket: r.bucket,
            prefix: r.prefix,
            delimiter: r.delimiter,
            max_uploads: l.max_uploads,
            key_marker: r.key_marker,
            upload_id_marker: r.upload_id_marker,
            next_key_marker: l.next_key_marker,
            next_upload_id_marker: l.next_upload_id_marker,
            is_truncated: l.is_truncated,
            uploads: l
                .uploads
                .into_iter()
                .map(|u| pb::MultipartUpload {
                    upload_id: u.upload_id,
                    key: u.key,
                    initiated: convert::ts(u.initiated),
                    storage_class: u.storage_class,
                    owner: owner.clone(),
                    initiator: owner.clone(),
                })
                .collect(),
            common_prefixes: l.common_prefixes,
        })
    }
}

/// Dispatches a unary S3 call by method name: the in-process transport's
/// path to the same adapter methods the tonic service uses.
pub async fn call_unary(api: &S3Api, method: &str, req: &[u8], region: &str) -> R<Vec<u8>> {
    use prost::Message;
    macro_rules! route {
        ($($name:literal => $f:ident($t:ty)),* $(,)?) => {
            match method {
                $($name => {
                    let r = <$t>::decode(req).map_err(|e| crate::status::bad_request(crate::status::S3_DOMAIN, format!("malformed {}: {e}", $name)))?;
                    Ok(api.$f(region, r).await?.encode_to_vec())
                })*
                other => Err(Status::unimplemented(format!("S3Service has no unary method {other}"))),
            }
        };
    }
    route! {
        "CreateBucket" => create_bucket(pb::CreateBucketRequest),
        "HeadBucket" => head_bucket(pb::HeadBucketRequest),
        "DeleteBucket" => delete_bucket(pb::DeleteBucketRequest),
        "ListBuckets" => list_buckets(pb::ListBucketsRequest),
        "GetBucketLocation" => get_bucket_location(pb::GetBucketLocationRequest),
        "PutBucketVersioning" => put_bucket_versioning(pb::PutBucketVersioningRequest),
        "GetBucketVersioning" => get_bucket_versioning(pb::GetBucketVersioningRequest),
        "HeadObject" => head_object(pb::HeadObjectRequest),
        "DeleteObject" => delete_object(pb::DeleteObjectRequest),
        "DeleteObjects" => delete_objects(pb::DeleteObjectsRequest),
        "CopyObject" => copy_object(pb::CopyObjectRequest),
        "ListObjectsV2" => list_objects_v2(pb::ListObjectsV2Request),
        "ListObjectVersions" => list_object_versions(pb::ListObjectVersionsRequest),
        "CreateMultipartUpload" => create_multipart_upload(pb::CreateMultipartUploadRequest),
        "ListParts" => list_parts(pb::ListPartsRequest),
        "CompleteMultipartUpload" => complete_multipart_upload(pb::CompleteMultipartUploadRequest),
        "AbortMultipartUpload" => abort_multipart_upload(pb::AbortMultipartUploadRequest),
        "ListMultipartUploads" => list_multipart_uploads(pb::ListMultipartUploadsRequest),
    }
}
