//! One bucket: a partition (log + state) and its blob files, and the
//! operations that read or change it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use labcloud_core::{Clock, Partition, Timestamp, TokenBucket};
use prost::Message;

use crate::blob::BlobStore;
use crate::body::{BodyWriter, ObjectReader, SealedBody};
use crate::config::{Limits, S3Config};
use crate::error::{Result, S3Error};
use crate::record::{self, op::Kind};
use crate::state::{BucketState, Outcome, Versioning};
use crate::types::*;
use crate::{ids, names, range};

#[derive(Clone, Copy)]
pub enum Class {
    Read,
    Write,
}

pub struct Bucket {
    pub info: BucketInfo,
    pub dir: PathBuf,
    pub part: Partition<BucketState>,
    pub blobs: Arc<BlobStore>,
    clock: Arc<dyn Clock>,
    limits: Limits,
    inline_max: u64,
    sync_blobs: bool,
    /// (reads, writes) request-rate buckets.
    rates: Mutex<(TokenBucket, TokenBucket)>,
}

impl Bucket {
    pub fn open(cfg: &S3Config, info: BucketInfo, dir: PathBuf) -> Result<Bucket> {
        let blobs = Arc::new(BlobStore::open(cfg.fs.clone(), dir.join("blobs"))?);
        let b2 = blobs.clone();
        let name = info.name.clone();
        let part = Partition::open(cfg.fs.clone(), &dir, cfg.log.clone(), move |snap| {
            BucketState::restore(&name, b2, snap)
        })?;
        // Blobs nobody references are leftovers of writes a crash interrupted.
        let referenced = part.read().referenced_blobs();
        if let Some(max) = referenced.last() {
            blobs.reserve_above(*max);
        }
        for id in blobs.list()? {
            if !referenced.contains(&id) {
                blobs.remove(id)?;
            }
        }
        let now = cfg.clock.now();
        let l = &cfg.limits;
        Ok(Bucket {
            info,
            dir,
            part,
            blobs,
            clock: cfg.clock.clone(),
            limits: cfg.limits.clone(),
            inline_max: cfg.inline_max,
            sync_blobs: cfg.log.fsync == labcloud_core::FsyncPolicy::Always,
            rates: Mutex::new((
                TokenBucket::new(l.read_rps, l.read_rps, now),
                TokenBucket::new(l.write_rps, l.write_rps, now),
            )),
        })
    }

    pub fn name(&self) -> &str {
        &self.info.name
    }

    fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Charges one request against the bucket's request-rate ceiling.
    pub fn admit(&self, class: Class) -> Result<()> {
        if !self.limits.enforce_rates {
            return Ok(());
        }
        let now = self.now();
        let mut r = self.rates.lock().unwrap();
        let b = match class {
            Class::Read => &mut r.0,
            Class::Write => &mut r.1,
        };
        b.try_take(1.0, now).map_err(|_| S3Error::SlowDown)
    }

    async fn submit(&self, op: Kind, body: Bytes) -> Result<Outcome> {
        let header = record::Op::from(op).encode_to_vec();
        self.part.submit(header, body).await?
    }

    /// Whether versions are reported (any bucket that ever had versioning).
    fn reports_versions(&self, st: &BucketState) -> bool {
        st.versioning != Versioning::Unversioned
    }

    pub fn versioning(&self) -> Versioning {
        self.part.read().versioning
    }

    pub async fn set_versioning(&self, status: &str) -> Result<()> {
        if status != "Enabled" && status != "Suspended" {
            return Err(S3Error::MalformedXml(format!(
                "versioning status must be Enabled or Suspended, not {status:?}"
            )));
        }
        self.admit(Class::Write)?;
        self.submit(
            Kind::Versioning(record::VersioningOp {
                status: status.to_string(),
            }),
            Bytes::new(),
        )
        .await?;
        Ok(())
    }

    pub fn body_writer(&self, max_size: u64) -> BodyWriter {
        BodyWriter::new(self.blobs.clone(), self.inline_max, max_size, self.sync_blobs)
    }

    pub fn begin_put(self: &Arc<Self>, req: PutObject) -> Result<PutStream> {
        names::check_key(&req.key)?;
        check_attrs(&req.attrs)?;
        self.admit(Class::Write)?;
        if let Some(n) = req.content_length
            && n > self.limits.max_put_bytes
        {
            return Err(S3Error::EntityTooLarge {
                size: n,
                max: self.limits.max_put_bytes,
            });
        }
        Ok(PutStream {
            writer: self.body_writer(self.limits.max_put_bytes),
            expected: req.content_length,
            target: Target::Object(req),
            bucket: self.clone(),
        })
    }

    pub async fn commit_object(&self, req: PutObject, mut body: SealedBody) -> Result<Stored> {
        let mtime = self.now();
        let op = record::PutOp {
            key: req.key,
            version_id: ids::version_id(),
            mtime_ns: mtime.as_nanos(),
            attrs: Some(req.attrs),
            etag: body.etag.clone(),
            size: body.size,
            blob: body.take_blob(),
            if_match: req.if_match,
            if_none_match: req.if_none_match,
            crc32c: body.crc32c,
        };
        let out = self.submit(Kind::Put(op), std::mem::take(&mut body.inline)).await?;
        self.stored(out, mtime)
    }

    fn stored(&self, out: Outcome, mtime: Timestamp) -> Result<Stored> {
        let Outcome::Stored { version_id, etag, size } = out else {
            unreachable!("a store yields Stored")
        };
        let versioned = self.reports_versions(&self.part.read());
        Ok(Stored {
            etag,
            version_id: versioned.then_some(version_id),
            size,
            last_modified: mtime,
        })
    }

    /// Resolves the version a read addresses; errors as S3 gives them.
    fn find<'a>(&self, st: &'a BucketState, key: &str, version_id: &str) -> Result<&'a record::Version> {
        names::check_key(key)?;
        let versions = st.objects.get(key);
        if version_id.is_empty() {
            return versions
                .and_then(|vs| vs.first())
                .filter(|v| !v.is_delete_marker())
                .ok_or_else(|| S3Error::NoSuchKey { key: key.to_string() });
        }
        names::check_version_id(version_id)?;
        let v = versions
            .and_then(|vs| vs.iter().find(|v| v.version_id == version_id))
            .ok_or_else(|| S3Error::NoSuchVersion {
                key: key.to_string(),
                version_id: version_id.to_string(),
            })?;
        if v.is_delete_marker() {
            return Err(S3Error::MethodNotAllowed { method: "GET" });
        }
        Ok(v)
    }

    /// Head and reader of an object, range or part applied.
    pub fn get(&self, req: &GetObject, with_body: bool) -> Result<(ObjectHead, ObjectReader)> {
        self.admit(Class::Read)?;
        let st = self.part.read();
        let v = self.find(&st, &req.key, &req.version_id)?;
        let d = v.data.as_ref().expect("find returns objects only");
        let mtime = Timestamp(v.mtime_ns);
        check_read_conditions(req, &d.etag, mtime)?;
        let (span, parts_count) = if req.part_number != 0 {
            if !req.range.is_empty() {
                return Err(S3Error::InvalidRequest(
                    "Cannot specify both Range header and partNumber query parameter".into(),
                ));
            }
            let sizes: Vec<u64> = if d.part_sizes.is_empty() { vec![d.size] } else { d.part_sizes.clone() };
            let n = req.part_number;
            if n < 1 || n as usize > sizes.len() {
                return Err(S3Error::InvalidPartNumber { part_number: n });
            }
            let start: u64 = sizes[..n as usize - 1].iter().sum();
            let len = sizes[n as usize - 1];
            let span = (len > 0).then(|| (start, start + len - 1));
            (span, (!d.part_sizes.is_empty()).then_some(sizes.len() as u32))
        } else {
            (range::resolve(&req.range, d.size)?, None)
        };
        let (first, len) = match span {
            Some((a, b)) => (a, b - a + 1),
            None => (0, d.size),
        };
        let mut reader = ObjectReader::default();
        if with_body {
            let mut skip = first;
            let mut want = len;
            for e in &d.extents {
                if want == 0 {
                    break;
                }
                if skip >= e.len {
                    skip -= e.len;
                    continue;
                }
                let take = (e.len - skip).min(want);
                let file = if e.blob != 0 {
                    self.blobs.open_blob(e.blob)?
                } else {
                    let r = labcloud_core::BodyRef {
                        segment: e.segment,
                        offset: e.offset,
                        len: e.len,
                    };
                    self.part.body_file(&r).ok_or_else(|| {
                        S3Error::Internal(labcloud_core::CoreError::Corruption {
                            path: self.dir.clone(),
                            offset: e.offset,
                            reason: format!("object {} refers to missing log segment {}", req.key, e.segment),
                        })
                    })?
                };
                let whole = skip == 0 && take == e.len;
                reader.push(file, e.offset + skip, take, whole.then_some(e.crc32c));
                skip = 0;
                want -= take;
            }
        }
        let head = ObjectHead {
            size: d.size,
            content_length: len,
            etag: d.etag.clone(),
            last_modified: mtime,
            version_id: self.reports_versions(&st).then(|| v.version_id.clone()),
            attrs: d.attrs.clone().unwrap_or_default(),
            parts_count,
            range: span.filter(|_| req.part_number != 0 || !req.range.is_empty()),
        };
        Ok((head, reader))
    }

    pub async fn delete(&self, key: &str, version_id: &str) -> Result<Deleted> {
        self.admit(Class::Write)?;
        Self::deleted(self.submit_delete(key, version_id)?.await)
    }

    /// DeleteObjects: one request (one charge against the request rate) whose
    /// deletes are all logged before any is awaited, so they share fsyncs.
    pub async fn delete_many(&self, ids: &[ObjectId]) -> Result<Vec<Result<Deleted>>> {
        self.admit(Class::Write)?;
        let pending: Vec<_> = ids.iter().map(|o| self.submit_delete(&o.key, &o.version_id)).collect();
        let mut out = Vec::with_capacity(pending.len());
        for p in pending {
            out.push(match p {
                Ok(p) => Self::deleted(p.await),
                Err(e) => Err(e),
            });
        }
        Ok(out)
    }

    fn submit_delete(&self, key: &str, version_id: &str) -> Result<labcloud_core::Pending<crate::state::Output>> {
        names::check_key(key)?;
        if !version_id.is_empty() {
            names::check_version_id(version_id)?;
        }
        let op = Kind::Delete(record::DeleteOp {
            key: key.to_string(),
            version_id: version_id.to_string(),
            marker_id: ids::version_id(),
            mtime_ns: self.now().as_nanos(),
        });
        Ok(self.part.submit(record::Op::from(op).encode_to_vec(), Bytes::new()))
    }

    fn deleted(r: labcloud_core::error::Result<crate::state::Output>) -> Result<Deleted> {
        let Outcome::Deleted { delete_marker, version_id } = r?? else {
            unreachable!("a delete yields Deleted")
        };
        Ok(Deleted {
            delete_marker,
            version_id: (!version_id.is_empty()).then_some(version_id),
        })
    }

    pub async fn create_upload(&self, key: &str, attrs: Attrs) -> Result<String> {
        names::check_key(key)?;
        check_attrs(&attrs)?;
        self.admit(Class::Write)?;
        let upload_id = ids::upload_id();
        let upload = record::Upload {
            upload_id: upload_id.clone(),
            key: key.to_string(),
            attrs: Some(attrs),
            initiated_ns: self.now().as_nanos(),
            parts: Default::default(),
        };
        self.submit(
            Kind::CreateUpload(record::CreateUploadOp { upload: Some(upload) }),
            Bytes::new(),
        )
        .await?;
        Ok(upload_id)
    }

    /// The upload, if it exists for this key.
    fn with_upload<T>(&self, key: &str, upload_id: &str, f: impl FnOnce(&record::Upload) -> Result<T>) -> Result<T> {
        let st = self.part.read();
        match st.uploads.get(upload_id) {
            Some(u) if u.key == key => f(u),
            _ => Err(S3Error::NoSuchUpload {
                upload_id: upload_id.to_string(),
            }),
        }
    }

    pub fn begin_part(self: &Arc<Self>, req: UploadPart) -> Result<PutStream> {
        if req.part_number < 1 || req.part_number > self.limits.max_parts {
            return Err(S3Error::invalid_argument(
                "partNumber",
                req.part_number.to_string(),
                format!("Part number must be an integer between 1 and {}, inclusive", self.limits.max_parts),
            ));
        }
        self.with_upload(&req.key, &req.upload_id, |_| Ok(()))?;
        self.admit(Class::Write)?;
        Ok(PutStream {
            writer: self.body_writer(self.limits.max_part_bytes),
            expected: req.content_length,
            target: Target::Part(req),
            bucket: self.clone(),
        })
    }

    pub async fn commit_part(&self, req: UploadPart, mut body: SealedBody) -> Result<Stored> {
        let mtime = self.now();
        let etag = body.etag.clone();
        let size = body.size;
        let op = record::UploadPartOp {
            upload_id: req.upload_id,
            part_number: req.part_number,
            etag: etag.clone(),
            size,
            mtime_ns: mtime.as_nanos(),
            blob: body.take_blob(),
            crc32c: body.crc32c,
        };
        self.submit(Kind::UploadPart(op), std::mem::take(&mut body.inline)).await?;
        Ok(Stored {
            etag,
            version_id: None,
            size,
            last_modified: mtime,
        })
    }

    pub fn list_parts(&self, key: &str, upload_id: &str, max_parts: Option<i32>, marker: i32) -> Result<PartListing> {
        self.admit(Class::Read)?;
        self.with_upload(key, upload_id, |u| crate::listing::list_parts(u, max_parts, marker))
    }

    pub async fn complete(&self, key: &str, upload_id: &str, parts: Vec<record::CompletedPart>) -> Result<Stored> {
        self.admit(Class::Write)?;
        // Checked here for a prompt answer, and again when applied, where it counts.
        self.with_upload(key, upload_id, |u| {
            crate::state::validate_parts(u, &parts, self.limits.min_part_bytes).map(|_| ())
        })?;
        let mtime = self.now();
        let op = record::CompleteOp {
            upload_id: upload_id.to_string(),
            parts,
            version_id: ids::version_id(),
            mtime_ns: mtime.as_nanos(),
            min_part_size: self.limits.min_part_bytes,
        };
        let out = self.submit(Kind::Complete(op), Bytes::new()).await?;
        self.stored(out, mtime)
    }

    pub async fn abort(&self, key: &str, upload_id: &str) -> Result<()> {
        self.admit(Class::Write)?;
        self.with_upload(key, upload_id, |_| Ok(()))?;
        self.submit(
            Kind::Abort(record::AbortOp {
                upload_id: upload_id.to_string(),
            }),
            Bytes::new(),
        )
        .await?;
        Ok(())
    }

    /// Marks the bucket deleted if it is empty; from then on it refuses everything.
    pub async fn delete_self(&self) -> Result<()> {
        self.submit(Kind::DeleteBucket(record::DeleteBucketOp {}), Bytes::new()).await?;
        Ok(())
    }

    pub fn list_objects(&self, req: &ListObjects) -> Result<ObjectListing> {
        self.admit(Class::Read)?;
        crate::listing::list_objects(&self.part.read(), req)
    }

    pub fn list_versions(&self, req: &ListVersions) -> Result<VersionListing> {
        self.admit(Class::Read)?;
        crate::listing::list_versions(&self.part.read(), req)
    }

    pub fn list_uploads(&self, req: &ListUploads) -> Result<UploadListing> {
        self.admit(Class::Read)?;
        crate::listing::list_uploads(&self.part.read(), req)
    }
}

fn check_attrs(a: &Attrs) -> Result<()> {
    let size: usize = a.metadata.iter().map(|(k, v)| k.len() + v.len()).sum();
    if size > names::MAX_METADATA_BYTES {
        return Err(S3Error::MetadataTooLarge { size });
    }
    Ok(())
}

/// HTTP conditional-read rules as S3 applies them: If-Match beats
/// If-Unmodified-Since, If-None-Match beats If-Modified-Since; dates compare
/// at one-second resolution.
fn check_read_conditions(req: &GetObject, etag: &str, mtime: Timestamp) -> Result<()> {
    let secs = |t: Timestamp| t.as_nanos().div_euclid(1_000_000_000);
    let matches = |cond: &str| {
        cond.split(',')
            .map(|t| t.trim().trim_matches('"'))
            .any(|t| t == "*" || t == etag)
    };
    if !req.if_match.is_empty() {
        if !matches(&req.if_match) {
            return Err(S3Error::PreconditionFailed { condition: "If-Match" });
        }
    } else if let Some(t) = req.if_unmodified_since
        && secs(mtime) > secs(t)
    {
        return Err(S3Error::PreconditionFailed {
            condition: "If-Unmodified-Since",
        });
    }
    if !req.if_none_match.is_empty() {
        if matches(&req.if_none_match) {
            return Err(S3Error::NotModified);
        }
    } else if let Some(t) = req.if_modified_since
        && secs(mtime) <= secs(t)
    {
        return Err(S3Error::NotModified);
    }
    Ok(())
}

#[derive(Clone, Debug, Default)]
pub struct UploadPart {
    pub bucket: String,
    pub key: String,
    pub upload_id: String,
    pub part_number: i32,
    pub content_length: Option<u64>,
}

enum Target {
    Object(PutObject),
    Part(UploadPart),
}

/// A body on its way in: write chunks as they arrive, then [`seal`](Self::seal)
/// (may block on fsync) and [`SealedPut::commit`].
pub struct PutStream {
    writer: BodyWriter,
    expected: Option<u64>,
    target: Target,
    bucket: Arc<Bucket>,
}

impl PutStream {
    pub fn write(&mut self, chunk: Bytes) -> Result<()> {
        if let Some(n) = self.expected
            && self.writer.size() + chunk.len() as u64 > n
        {
            return Err(S3Error::IncompleteBody {
                expected: n,
                received: self.writer.size() + chunk.len() as u64,
            });
        }
        self.writer.write(chunk)
    }

    /// Whether sealing will touch the disk (a large body spilled to a blob);
    /// async callers seal such bodies off their reactor threads.
    pub fn seal_blocks(&self) -> bool {
        self.writer.has_blob()
    }

    pub fn seal(self) -> Result<SealedPut> {
        Ok(SealedPut {
            body: self.writer.seal(self.expected)?,
            target: self.target,
            bucket: self.bucket,
        })
    }
}

pub struct SealedPut {
    body: SealedBody,
    target: Target,
    bucket: Arc<Bucket>,
}

impl SealedPut {
    /// Logs the write; resolves once applied (and durable under `always`).
    pub async fn commit(self) -> Result<Stored> {
        match self.target {
            Target::Object(req) => self.bucket.commit_object(req, self.body).await,
            Target::Part(req) => self.bucket.commit_part(req, self.body).await,
        }
    }
}
