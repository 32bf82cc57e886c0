//! The S3 engine: the bucket catalog and the open buckets.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use bytes::Bytes;
use labcloud_core::{DirLock, Partition, Timestamp};
use prost::Message;

use crate::bucket::{Bucket, Class, PutStream, UploadPart};
use crate::catalog::{Catalog, CatalogEntry, CatalogOp};
use crate::config::S3Config;
use crate::error::{Result, S3Error};
use crate::record::CompletedPart;
use crate::state::Versioning;
use crate::types::*;
use crate::{listing, names};

pub struct S3Engine {
    cfg: S3Config,
    /// Released by `close`, so a stopped engine whose last references are
    /// still being dropped does not keep its directory from being reopened.
    lock: std::sync::Mutex<Option<DirLock>>,
    catalog: Partition<Catalog>,
    buckets: RwLock<BTreeMap<String, Arc<Bucket>>>,
}

const DEFAULT_REGION: &str = "us-east-1";

impl S3Engine {
    /// Opens the engine stored under `cfg.dir`, recovering every bucket.
    pub fn open(cfg: S3Config) -> Result<Arc<S3Engine>> {
        let lock = DirLock::acquire(&cfg.dir)?;
        let catalog = Partition::open(cfg.fs.clone(), &cfg.dir.join("catalog"), cfg.log.clone(), Catalog::restore)?;
        let buckets_dir = cfg.dir.join("buckets");
        cfg.fs
            .create_dir_all(&buckets_dir)
            .map_err(|e| labcloud_core::CoreError::io("create bucket directory", &buckets_dir, e))?;
        let entries: Vec<CatalogEntry> = catalog.read().buckets.values().cloned().collect();
        let engine = S3Engine {
            cfg,
            lock: std::sync::Mutex::new(Some(lock)),
            catalog,
            buckets: RwLock::new(BTreeMap::new()),
        };
        let mut open = BTreeMap::new();
        for e in &entries {
            let b = engine.open_bucket(e)?;
            if b.part.read().deleted {
                // Crashed between marking the bucket deleted and dropping it
                // from the catalog: finish the deletion.
                engine.drop_bucket(b)?;
            } else {
                open.insert(e.name.clone(), Arc::new(b));
            }
        }
        // Directories the catalog does not name belong to buckets whose
        // deletion a crash interrupted.
        let wanted: Vec<String> = entries.iter().map(|e| e.dir_name()).collect();
        for d in engine.cfg.fs.read_dir(&buckets_dir).unwrap_or_default() {
            if !wanted.contains(&d) {
                let _ = engine.cfg.fs.remove_dir_all(&buckets_dir.join(&d));
            }
        }
        *engine.buckets.write().unwrap() = open;
        let engine = Arc::new(engine);
        if let Some(every) = engine.cfg.maintenance {
            crate::compaction::spawn_maintenance(&engine, every);
        }
        Ok(engine)
    }

    pub fn config(&self) -> &S3Config {
        &self.cfg
    }

    fn open_bucket(&self, e: &CatalogEntry) -> Result<Bucket> {
        let info = BucketInfo {
            name: e.name.clone(),
            region: e.region.clone(),
            created: Timestamp(e.created_ns),
        };
        Bucket::open(&self.cfg, info, self.cfg.dir.join("buckets").join(e.dir_name()))
    }

    fn drop_bucket(&self, b: Bucket) -> Result<()> {
        let op = CatalogOp {
            create: None,
            delete: b.name().to_string(),
        };
        self.catalog.submit(op.encode_to_vec(), Bytes::new()).wait()?.ok();
        b.part.close();
        let _ = self.cfg.fs.remove_dir_all(&b.dir);
        Ok(())
    }

    fn bucket(&self, name: &str) -> Result<Arc<Bucket>> {
        self.buckets
            .read()
            .unwrap()
            .get(name)
            .cloned()
            .ok_or_else(|| S3Error::NoSuchBucket { bucket: name.to_string() })
    }

    /// Creates a bucket. `client_region` is the region of the endpoint the
    /// request was sent to; it decides where a bucket without a location
    /// constraint lives and which constraints are legal, as in S3.
    pub async fn create_bucket(&self, name: &str, location_constraint: &str, client_region: &str) -> Result<BucketInfo> {
        names::check_bucket_name(name)?;
        let client_region = if client_region.is_empty() { DEFAULT_REGION } else { client_region };
        let region = match location_constraint {
            "" if client_region == DEFAULT_REGION => DEFAULT_REGION.to_string(),
            "" => {
                return Err(S3Error::IllegalLocationConstraint {
                    constraint: "unspecified".into(),
                });
            }
            DEFAULT_REGION => {
                return Err(S3Error::InvalidLocationConstraint {
                    constraint: location_constraint.into(),
                });
            }
            lc if !names::is_region(lc) => {
                return Err(S3Error::InvalidLocationConstraint { constraint: lc.into() });
            }
            lc if client_region != DEFAULT_REGION && lc != client_region => {
                return Err(S3Error::IllegalLocationConstraint { constraint: lc.into() });
            }
            lc => lc.to_string(),
        };
        let incarnation = self.catalog.read().last_incarnation + 1;
        let entry = CatalogEntry {
            name: name.to_string(),
            region: region.clone(),
            created_ns: self.cfg.clock.now().as_nanos(),
            incarnation,
        };
        let op = CatalogOp {
            create: Some(entry.clone()),
            delete: String::new(),
        };
        if let Err(existing) = self.catalog.submit(op.encode_to_vec(), Bytes::new()).await? {
            // us-east-1 answers a repeated create of a bucket you own there with success.
            if existing.region == DEFAULT_REGION && client_region == DEFAULT_REGION && region == DEFAULT_REGION {
                return self.head_bucket(name);
            }
            return Err(S3Error::BucketAlreadyOwnedByYou { bucket: name.into() });
        }
        let b = Arc::new(self.open_bucket(&entry)?);
        let info = b.info.clone();
        self.buckets.write().unwrap().insert(name.to_string(), b);
        Ok(info)
    }

    pub fn head_bucket(&self, name: &str) -> Result<BucketInfo> {
        let b = self.bucket(name)?;
        b.admit(Class::Read)?;
        Ok(b.info.clone())
    }

    /// What the engine knows of a bucket, without counting as a request.
    pub fn bucket_info(&self, name: &str) -> Result<BucketInfo> {
        Ok(self.bucket(name)?.info.clone())
    }

    pub async fn delete_bucket(&self, name: &str) -> Result<()> {
        let b = self.bucket(name)?;
        b.admit(Class::Write)?;
        b.delete_self().await?;
        self.buckets.write().unwrap().remove(name);
        let op = CatalogOp {
            create: None,
            delete: name.to_string(),
        };
        self.catalog.submit(op.encode_to_vec(), Bytes::new()).await?.ok();
        if let Ok(b) = Arc::try_unwrap(b) {
            b.part.close();
            let _ = self.cfg.fs.remove_dir_all(&b.dir);
        }
        // Otherwise a request still holds the bucket; its directory goes at
        // the next open, as the catalog no longer names it.
        Ok(())
    }

    pub fn list_buckets(
        &self,
        prefix: &str,
        region: &str,
        max_buckets: Option<i32>,
        continuation_token: &str,
    ) -> Result<BucketListing> {
        let max = match max_buckets {
            None => usize::MAX,
            Some(n) if (1..=10_000).contains(&n) => n as usize,
            Some(n) => {
                return Err(S3Error::invalid_argument(
                    "max-buckets",
                    n.to_string(),
                    "Argument max-buckets must be an integer between 1 and 10000",
                ));
            }
        };
        let after = if continuation_token.is_empty() {
            String::new()
        } else {
            hex::decode(continuation_token)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| {
                    S3Error::invalid_argument(
                        "continuation-token",
                        continuation_token,
                        "The continuation token provided is incorrect",
                    )
                })?
        };
        let all = self.buckets.read().unwrap();
        let mut buckets: Vec<BucketInfo> = all
            .values()
            .map(|b| &b.info)
            .filter(|i| i.name.starts_with(prefix) && i.name > after)
            .filter(|i| region.is_empty() || i.region == region)
            .take(max.saturating_add(1))
            .cloned()
            .collect();
        let more = buckets.len() > max;
        buckets.truncate(max);
        let continuation_token = match buckets.last() {
            Some(b) if more => hex::encode(&b.name),
            _ => String::new(),
        };
        Ok(BucketListing {
            buckets,
            continuation_token,
        })
    }

    pub fn get_bucket_location(&self, name: &str) -> Result<String> {
        let info = self.head_bucket(name)?;
        Ok(if info.region == DEFAULT_REGION { String::new() } else { info.region })
    }

    pub async fn put_bucket_versioning(&self, name: &str, status: &str) -> Result<()> {
        self.bucket(name)?.set_versioning(status).await
    }

    /// "" if versioning was never enabled, else "Enabled" or "Suspended".
    pub fn get_bucket_versioning(&self, name: &str) -> Result<&'static str> {
        let b = self.bucket(name)?;
        b.admit(Class::Read)?;
        Ok(b.versioning().as_str())
    }

    /// Starts a PutObject whose body arrives in chunks.
    pub fn begin_put(&self, req: PutObject) -> Result<PutStream> {
        self.bucket(&req.bucket)?.begin_put(req)
    }

    /// PutObject with the whole body at hand.
    pub async fn put_object(&self, req: PutObject, body: Bytes) -> Result<Stored> {
        let mut s = self.begin_put(req)?;
        s.write(body)?;
        s.seal()?.commit().await
    }

    pub fn get_object(&self, req: &GetObject) -> Result<(ObjectHead, crate::ObjectReader)> {
        self.bucket(&req.bucket)?.get(req, true)
    }

    pub fn head_object(&self, req: &GetObject) -> Result<ObjectHead> {
        Ok(self.bucket(&req.bucket)?.get(req, false)?.0)
    }

    pub async fn delete_object(&self, bucket: &str, key: &str, version_id: &str) -> Result<Deleted> {
        self.bucket(bucket)?.delete(key, version_id).await
    }

    /// Deletes many keys; each result stands alone, as in S3's DeleteObjects.
    pub async fn delete_objects(
        &self,
        bucket: &str,
        objects: Vec<ObjectId>,
    ) -> Result<Vec<(ObjectId, Result<Deleted>)>> {
        let b = self.bucket(bucket)?;
        let max = self.cfg.limits.max_delete_keys;
        if objects.is_empty() || objects.len() > max {
            return Err(S3Error::MalformedXml(format!(
                "a delete request names 1 to {max} objects, not {}",
                objects.len()
            )));
        }
        let results = b.delete_many(&objects).await?;
        Ok(objects.into_iter().zip(results).collect())
    }

    /// Reads the source and writes the copy: blocking work (the copy is
    /// physical, as S3's is); [`crate::SealedPut::commit`] then logs it.
    pub fn prepare_copy(&self, req: &CopyObject) -> Result<(crate::SealedPut, Option<String>)> {
        let dst = self.bucket(&req.bucket)?;
        let src = self.bucket(&req.source_bucket)?;
        let replace = match req.metadata_directive.as_str() {
            "" | "COPY" => false,
            "REPLACE" => true,
            other => {
                return Err(S3Error::invalid_argument(
                    "x-amz-metadata-directive",
                    other,
                    "Unknown metadata directive.",
                ));
            }
        };
        if !req.source_version_id.is_empty() {
            names::check_version_id(&req.source_version_id)?;
        }
        let get = GetObject {
            bucket: req.source_bucket.clone(),
            key: req.source_key.clone(),
            version_id: req.source_version_id.clone(),
            ..Default::default()
        };
        let (head, reader) = src.get(&get, true).map_err(|e| match e {
            S3Error::MethodNotAllowed { .. } => S3Error::InvalidRequest(
                "The source of a copy request may not specifically refer to a delete marker by version id.".into(),
            ),
            e => e,
        })?;
        let same_object = req.bucket == req.source_bucket
            && req.key == req.source_key
            && (req.source_version_id.is_empty() || head.version_id.as_deref() == Some(req.source_version_id.as_str()));
        if same_object && !replace {
            return Err(S3Error::InvalidRequest(
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.".into(),
            ));
        }
        let attrs = if replace { req.attrs.clone() } else { head.attrs.clone() };
        let mut stream = dst.begin_put(PutObject {
            bucket: req.bucket.clone(),
            key: req.key.clone(),
            attrs,
            ..Default::default()
        })?;
        for chunk in reader.chunks(1 << 20) {
            stream.write(chunk?)?;
        }
        Ok((stream.seal()?, head.version_id))
    }

    pub async fn copy_object(&self, req: &CopyObject) -> Result<Copied> {
        let (sealed, source_version_id) = self.prepare_copy(req)?;
        Ok(Copied {
            stored: sealed.commit().await?,
            source_version_id,
        })
    }

    pub fn list_objects_v2(&self, req: &ListObjects) -> Result<ObjectListing> {
        self.bucket(&req.bucket)?.list_objects(req)
    }

    pub fn list_object_versions(&self, req: &ListVersions) -> Result<VersionListing> {
        self.bucket(&req.bucket)?.list_versions(req)
    }

    pub async fn create_multipart_upload(&self, bucket: &str, key: &str, attrs: Attrs) -> Result<String> {
        self.bucket(bucket)?.create_upload(key, attrs).await
    }

    pub fn begin_upload_part(&self, req: UploadPart) -> Result<PutStream> {
        self.bucket(&req.bucket)?.begin_part(req)
    }

    pub async fn upload_part(&self, req: UploadPart, body: Bytes) -> Result<Stored> {
        let mut s = self.begin_upload_part(req)?;
        s.write(body)?;
        s.seal()?.commit().await
    }

    pub fn list_parts(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        max_parts: Option<i32>,
        part_number_marker: i32,
    ) -> Result<PartListing> {
        self.bucket(bucket)?
            .list_parts(key, upload_id, max_parts, part_number_marker)
    }

    pub async fn complete_multipart_upload(
        &self,
        bucket: &str,
        key: &str,
        upload_id: &str,
        parts: Vec<CompletedPart>,
    ) -> Result<Stored> {
        self.bucket(bucket)?.complete(key, upload_id, parts).await
    }

    pub async fn abort_multipart_upload(&self, bucket: &str, key: &str, upload_id: &str) -> Result<()> {
        self.bucket(bucket)?.abort(key, upload_id).await
    }

    pub fn list_multipart_uploads(&self, req: &ListUploads) -> Result<UploadListing> {
        self.bucket(&req.bucket)?.list_uploads(req)
    }

    /// Checkpoints every bucket, stops their writers and releases the data
    /// directory; later writes fail. Idempotent.
    pub fn close(&self) {
        for b in self.buckets.read().unwrap().values() {
            b.part.close();
        }
        self.catalog.close();
        self.lock.lock().unwrap().take();
    }

    /// Stops every writer as a crash would (no final checkpoint). For tests.
    pub fn crash(&self) {
        for b in self.buckets.read().unwrap().values() {
            b.part.crash();
        }
        self.catalog.crash();
        self.lock.lock().unwrap().take();
    }

    pub(crate) fn buckets(&self) -> Vec<Arc<Bucket>> {
        self.buckets.read().unwrap().values().cloned().collect()
    }

    pub fn versioning(&self, bucket: &str) -> Result<Versioning> {
        Ok(self.bucket(bucket)?.versioning())
    }

    pub fn max_page() -> i32 {
        listing::MAX_PAGE
    }
}

impl Drop for S3Engine {
    fn drop(&mut self) {
        self.close();
    }
}
