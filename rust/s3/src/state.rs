//! A bucket partition's state machine: objects, versions and uploads, changed
//! only by applying logged operations in order.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use labcloud_core::{CoreError, Entry, StateMachine};
use md5::{Digest, Md5};
use prost::Message;

use crate::blob::BlobStore;
use crate::error::S3Error;
use crate::record::{self, op::Kind, *};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versioning {
    /// Never enabled: versions are invisible, every object is the null version.
    Unversioned,
    Enabled,
    Suspended,
}

impl Versioning {
    pub fn as_str(self) -> &'static str {
        match self {
            Versioning::Unversioned => "",
            Versioning::Enabled => "Enabled",
            Versioning::Suspended => "Suspended",
        }
    }
    fn parse(s: &str) -> Versioning {
        match s {
            "Enabled" => Versioning::Enabled,
            "Suspended" => Versioning::Suspended,
            _ => Versioning::Unversioned,
        }
    }
}

/// What applying an operation produced.
#[derive(Debug)]
pub enum Outcome {
    Stored {
        version_id: String,
        etag: String,
        size: u64,
    },
    Deleted {
        delete_marker: bool,
        version_id: String,
    },
    PartStored,
    Done,
}

pub type Output = Result<Outcome, S3Error>;

pub struct BucketState {
    pub name: String,
    pub versioning: Versioning,
    pub deleted: bool,
    /// Key → versions, newest first. BTreeMap order on `String` is UTF-8 byte
    /// order, which is S3's listing order.
    pub objects: BTreeMap<String, Vec<Version>>,
    /// Upload id → upload.
    pub uploads: BTreeMap<String, Upload>,
    /// Live inline bytes per log segment.
    seg_live: BTreeMap<u64, u64>,
    /// Blobs no longer referenced, deleted at the next checkpoint (after the
    /// log that unreferenced them is durable).
    doomed: Vec<u64>,
    pub doomed_bytes: u64,
    /// Blobs referenced without having been fsynced (relaxed fsync policies).
    unsynced: Vec<u64>,
    blobs: Arc<BlobStore>,
}

fn strip_quotes(s: &str) -> &str {
    s.trim().trim_matches('"')
}

impl BucketState {
    pub fn restore(name: &str, blobs: Arc<BlobStore>, snapshot: Option<&[u8]>) -> Result<Self, CoreError> {
        let mut st = BucketState {
            name: name.to_string(),
            versioning: Versioning::Unversioned,
            deleted: false,
            objects: BTreeMap::new(),
            uploads: BTreeMap::new(),
            seg_live: BTreeMap::new(),
            doomed: Vec::new(),
            doomed_bytes: 0,
            unsynced: Vec::new(),
            blobs,
        };
        if let Some(bytes) = snapshot {
            let snap = Snapshot::decode(bytes).map_err(|e| CoreError::Decode {
                what: "bucket checkpoint",
                reason: e.to_string(),
            })?;
            st.versioning = Versioning::parse(&snap.versioning);
            st.deleted = snap.deleted;
            for kv in snap.keys {
                st.objects.insert(kv.key, kv.versions);
            }
            for u in snap.uploads {
                st.uploads.insert(u.upload_id.clone(), u);
            }
            let extents: Vec<Extent> = st.all_extents().copied().collect();
            for e in extents {
                st.retain(&e);
            }
        }
        Ok(st)
    }

    /// Every extent the state references.
    pub fn all_extents(&self) -> impl Iterator<Item = &Extent> {
        let objs = self
            .objects
            .values()
            .flatten()
            .filter_map(|v| v.data.as_ref())
            .flat_map(|d| d.extents.iter());
        let parts = self
            .uploads
            .values()
            .flat_map(|u| u.parts.values())
            .flat_map(|p| p.extents.iter());
        objs.chain(parts)
    }

    pub fn referenced_blobs(&self) -> BTreeSet<u64> {
        self.all_extents().filter(|e| e.blob != 0).map(|e| e.blob).collect()
    }

    pub fn segment_live_bytes(&self) -> &BTreeMap<u64, u64> {
        &self.seg_live
    }

    /// The latest version of a key, if it is not a delete marker.
    pub fn current(&self, key: &str) -> Option<&Version> {
        self.objects.get(key)?.first().filter(|v| !v.is_delete_marker())
    }

    fn retain(&mut self, e: &Extent) {
        if e.blob == 0 && e.len > 0 {
            *self.seg_live.entry(e.segment).or_default() += e.len;
        }
    }

    fn release(&mut self, extents: &[Extent]) {
        for e in extents {
            if e.blob != 0 {
                self.doomed.push(e.blob);
                self.doomed_bytes += e.len;
            } else if e.len > 0
                && let Some(n) = self.seg_live.get_mut(&e.segment)
            {
                *n = n.saturating_sub(e.len);
                if *n == 0 {
                    self.seg_live.remove(&e.segment);
                }
            }
        }
    }

    fn release_version(&mut self, v: &Version) {
        if let Some(d) = &v.data {
            self.release(&d.extents);
        }
    }

    /// The extents of a newly logged body: its blob, or the record's body.
    fn body_extents(&mut self, blob: Option<BlobBody>, entry: &Entry<'_>, size: u64, crc32c: u32) -> Vec<Extent> {
        let e = match blob {
            Some(b) => {
                if !b.synced {
                    self.unsynced.push(b.id);
                }
                Extent {
                    blob: b.id,
                    segment: 0,
                    offset: 0,
                    len: b.len,
                    crc32c: b.crc32c,
                }
            }
            None if size == 0 => return vec![],
            None => Extent {
                blob: 0,
                segment: entry.body.segment,
                offset: entry.body.offset,
                len: entry.body.len,
                crc32c,
            },
        };
        self.retain(&e);
        vec![e]
    }

    /// On replay, a blob logged without fsync may not have survived a power
    /// failure; such a write is dropped rather than served corrupt.
    fn blob_intact(&self, blob: &Option<BlobBody>, entry: &Entry<'_>) -> bool {
        match blob {
            Some(b) if entry.replay && !b.synced => self.blobs.verify(b.id, b.len, b.crc32c),
            _ => true,
        }
    }

    /// Puts a new version at the head of a key's stack; without versioning it
    /// replaces the null version.
    fn install(&mut self, key: &str, minted_id: &str, mtime_ns: i64, data: Option<ObjectData>) -> String {
        let version_id = if self.versioning == Versioning::Enabled {
            minted_id.to_string()
        } else {
            "null".to_string()
        };
        let mut versions = self.objects.remove(key).unwrap_or_default();
        if version_id == "null"
            && let Some(i) = versions.iter().position(|v| v.version_id == "null")
        {
            let old = versions.remove(i);
            self.release_version(&old);
        }
        versions.insert(
            0,
            Version {
                version_id: version_id.clone(),
                mtime_ns,
                data,
            },
        );
        self.objects.insert(key.to_string(), versions);
        version_id
    }

    fn check_conditions(&self, key: &str, if_match: &str, if_none_match: &str) -> Result<(), S3Error> {
        let current = self.current(key);
        if !if_none_match.is_empty() {
            let hit = match (strip_quotes(if_none_match), current) {
                (_, None) => false,
                ("*", Some(_)) => true,
                (tag, Some(v)) => v.data.as_ref().is_some_and(|d| d.etag == tag),
            };
            if hit {
                return Err(S3Error::PreconditionFailed {
                    condition: "If-None-Match",
                });
            }
        }
        if !if_match.is_empty() {
            let Some(v) = current else {
                return Err(S3Error::NoSuchKey { key: key.to_string() });
            };
            let tag = strip_quotes(if_match);
            if tag != "*" && v.data.as_ref().is_none_or(|d| d.etag != tag) {
                return Err(S3Error::PreconditionFailed { condition: "If-Match" });
            }
        }
        Ok(())
    }

    fn apply_put(&mut self, op: PutOp, entry: &Entry<'_>) -> Output {
        if !self.blob_intact(&op.blob, entry) {
            if let Some(b) = op.blob {
                self.doomed.push(b.id);
            }
            return Err(S3Error::Internal(CoreError::Corruption {
                path: self.blobs.path(op.blob.map_or(0, |b| b.id)),
                offset: 0,
                reason: "blob lost before it was synced; the write is dropped".into(),
            }));
        }
        let extents = self.body_extents(op.blob, entry, op.size, op.crc32c);
        if let Err(e) = self.check_conditions(&op.key, &op.if_match, &op.if_none_match) {
            self.release(&extents);
            return Err(e);
        }
        let data = ObjectData {
            size: op.size,
            etag: op.etag.clone(),
            attrs: op.attrs,
            extents,
            part_sizes: vec![],
        };
        let version_id = self.install(&op.key, &op.version_id, op.mtime_ns, Some(data));
        Ok(Outcome::Stored {
            version_id,
            etag: op.etag,
            size: op.size,
        })
    }

    fn apply_delete(&mut self, op: DeleteOp) -> Output {
        let mut versions = self.objects.remove(&op.key).unwrap_or_default();
        let out = if !op.version_id.is_empty() {
            match versions.iter().position(|v| v.version_id == op.version_id) {
                Some(i) => {
                    let old = versions.remove(i);
                    self.release_version(&old);
                    Outcome::Deleted {
                        delete_marker: old.is_delete_marker(),
                        version_id: op.version_id,
                    }
                }
                None => Outcome::Deleted {
                    delete_marker: false,
                    version_id: op.version_id,
                },
            }
        } else {
            match self.versioning {
                Versioning::Unversioned => {
                    for v in std::mem::take(&mut versions) {
                        self.release_version(&v);
                    }
                    Outcome::Deleted {
                        delete_marker: false,
                        version_id: String::new(),
                    }
                }
                Versioning::Enabled | Versioning::Suspended => {
                    let id = if self.versioning == Versioning::Enabled {
                        op.marker_id
                    } else {
                        "null".to_string()
                    };
                    if let Some(i) = versions.iter().position(|v| v.version_id == "null")
                        && id == "null"
                    {
                        let old = versions.remove(i);
                        self.release_version(&old);
                    }
                    versions.insert(
                        0,
                        Version {
                            version_id: id.clone(),
                            mtime_ns: op.mtime_ns,
                            data: None,
                        },
                    );
                    Outcome::Deleted {
                        delete_marker: true,
                        version_id: id,
                    }
                }
            }
        };
        if !versions.is_empty() {
            self.objects.insert(op.key, versions);
        }
        Ok(out)
    }

    fn apply_upload_part(&mut self, op: UploadPartOp, entry: &Entry<'_>) -> Output {
        let intact = self.blob_intact(&op.blob, entry);
        let extents = self.body_extents(op.blob, entry, op.size, op.crc32c);
        let Some(upload) = self.uploads.get_mut(&op.upload_id).filter(|_| intact) else {
            self.release(&extents);
            return Err(S3Error::NoSuchUpload {
                upload_id: op.upload_id,
            });
        };
        let part = PartData {
            part_number: op.part_number,
            etag: op.etag,
            size: op.size,
            mtime_ns: op.mtime_ns,
            extents,
        };
        if let Some(old) = upload.parts.insert(op.part_number, part) {
            self.release(&old.extents);
        }
        Ok(Outcome::PartStored)
    }

    fn apply_complete(&mut self, op: CompleteOp) -> Output {
        let Some(upload) = self.uploads.get(&op.upload_id) else {
            return Err(S3Error::NoSuchUpload {
                upload_id: op.upload_id,
            });
        };
        let chosen = validate_parts(upload, &op.parts, op.min_part_size)?;
        let mut upload = self.uploads.remove(&op.upload_id).expect("checked above");
        let mut md5s = Md5::new();
        let mut extents = Vec::new();
        let mut part_sizes = Vec::new();
        for n in &chosen {
            let p = upload.parts.remove(n).expect("validated");
            md5s.update(hex::decode(&p.etag).unwrap_or_default());
            part_sizes.push(p.size);
            extents.extend(p.extents);
        }
        for p in std::mem::take(&mut upload.parts).into_values() {
            self.release(&p.extents);
        }
        let etag = format!("{}-{}", hex::encode(md5s.finalize()), chosen.len());
        let size = part_sizes.iter().sum();
        if let Err(e) = self.check_conditions(&upload.key, "", "") {
            self.release(&extents);
            return Err(e);
        }
        let data = ObjectData {
            size,
            etag: etag.clone(),
            attrs: upload.attrs,
            extents,
            part_sizes,
        };
        let version_id = self.install(&upload.key, &op.version_id, op.mtime_ns, Some(data));
        Ok(Outcome::Stored { version_id, etag, size })
    }

    fn apply_relocate(&mut self, op: RelocateOp, entry: &Entry<'_>) -> Output {
        let mut new = Extent {
            blob: 0,
            segment: entry.body.segment,
            offset: entry.body.offset,
            len: entry.body.len,
            crc32c: 0,
        };
        let owner: Option<&mut Vec<Extent>> = if op.upload_id.is_empty() {
            self.objects
                .get_mut(&op.key)
                .and_then(|vs| vs.iter_mut().find(|v| v.version_id == op.version_id))
                .and_then(|v| v.data.as_mut())
                .map(|d| &mut d.extents)
        } else {
            self.uploads
                .get_mut(&op.upload_id)
                .and_then(|u| u.parts.get_mut(&op.part_number))
                .map(|p| &mut p.extents)
        };
        let Some(extents) = owner else {
            return Ok(Outcome::Done);
        };
        let Some(slot) = extents
            .iter_mut()
            .find(|e| e.blob == 0 && e.segment == op.old_segment && e.offset == op.old_offset && e.len == new.len)
        else {
            return Ok(Outcome::Done);
        };
        new.crc32c = slot.crc32c;
        let old = std::mem::replace(slot, new);
        self.release(&[old]);
        self.retain(&new);
        Ok(Outcome::Done)
    }

    fn apply_delete_bucket(&mut self) -> Output {
        if !self.objects.is_empty() {
            return Err(S3Error::BucketNotEmpty {
                bucket: self.name.clone(),
            });
        }
        for u in std::mem::take(&mut self.uploads).into_values() {
            for p in u.parts.values() {
                self.release(&p.extents);
            }
        }
        self.deleted = true;
        Ok(Outcome::Done)
    }
}

/// Checks the part list of CompleteMultipartUpload and returns the chosen part numbers.
pub fn validate_parts(upload: &Upload, parts: &[CompletedPart], min_part_size: u64) -> Result<Vec<i32>, S3Error> {
    if parts.is_empty() {
        return Err(S3Error::MalformedXml("you must specify at least one part".into()));
    }
    // Missing or mismatched parts are reported before order and size, as S3 does.
    for cp in parts {
        match upload.parts.get(&cp.part_number) {
            Some(p) if strip_quotes(&cp.etag) == p.etag => {}
            _ => {
                return Err(S3Error::InvalidPart {
                    part_number: cp.part_number,
                    etag: cp.etag.clone(),
                });
            }
        }
    }
    if parts.windows(2).any(|w| w[0].part_number >= w[1].part_number) {
        return Err(S3Error::InvalidPartOrder);
    }
    for cp in &parts[..parts.len() - 1] {
        let size = upload.parts[&cp.part_number].size;
        if size < min_part_size {
            return Err(S3Error::EntityTooSmall {
                part_number: cp.part_number,
                size,
                min: min_part_size,
            });
        }
    }
    Ok(parts.iter().map(|p| p.part_number).collect())
}

impl StateMachine for BucketState {
    type Output = Output;

    fn apply(&mut self, entry: Entry<'_>) -> Output {
        let op = match record::Op::decode(entry.header) {
            Ok(Op { kind: Some(k) }) => k,
            Ok(_) | Err(_) => {
                return Err(S3Error::Internal(CoreError::Decode {
                    what: "bucket log record",
                    reason: format!("undecodable record at LSN {}", entry.lsn),
                }));
            }
        };
        if self.deleted {
            let blob = match &op {
                Kind::Put(p) => p.blob,
                Kind::UploadPart(p) => p.blob,
                _ => None,
            };
            if let Some(b) = blob {
                self.doomed.push(b.id);
            }
            return Err(S3Error::NoSuchBucket {
                bucket: self.name.clone(),
            });
        }
        match op {
            Kind::Put(p) => self.apply_put(p, &entry),
            Kind::Delete(d) => self.apply_delete(d),
            Kind::Versioning(v) => {
                self.versioning = Versioning::parse(&v.status);
                Ok(Outcome::Done)
            }
            Kind::CreateUpload(c) => {
                let u = c.upload.unwrap_or_default();
                self.uploads.insert(u.upload_id.clone(), u);
                Ok(Outcome::Done)
            }
            Kind::UploadPart(p) => self.apply_upload_part(p, &entry),
            Kind::Complete(c) => self.apply_complete(c),
            Kind::Abort(a) => match self.uploads.remove(&a.upload_id) {
                Some(u) => {
                    for p in u.parts.values() {
                        self.release(&p.extents);
                    }
                    Ok(Outcome::Done)
                }
                None => Err(S3Error::NoSuchUpload {
                    upload_id: a.upload_id,
                }),
            },
            Kind::Relocate(r) => self.apply_relocate(r, &entry),
            Kind::DeleteBucket(_) => self.apply_delete_bucket(),
        }
    }

    fn snapshot(&self) -> Vec<u8> {
        Snapshot {
            versioning: self.versioning.as_str().to_string(),
            deleted: self.deleted,
            keys: self
                .objects
                .iter()
                .map(|(k, v)| KeyVersions {
                    key: k.clone(),
                    versions: v.clone(),
                })
                .collect(),
            uploads: self.uploads.values().cloned().collect(),
        }
        .encode_to_vec()
    }

    fn live_segments(&self) -> BTreeSet<u64> {
        self.seg_live.keys().copied().collect()
    }

    fn before_checkpoint(&mut self) -> Result<(), CoreError> {
        for id in std::mem::take(&mut self.unsynced) {
            self.blobs.sync(id)?;
        }
        let doomed = std::mem::take(&mut self.doomed);
        for id in &doomed {
            self.blobs.remove(*id)?;
        }
        if !doomed.is_empty() {
            self.blobs.sync_dir()?;
        }
        self.doomed_bytes = 0;
        Ok(())
    }
}
