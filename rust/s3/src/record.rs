//! What a bucket partition's log and checkpoints hold, as protobuf messages
//! (prost) so the on-disk format can grow fields without breaking old data.
//!
//! The same structs are the in-memory state: a checkpoint is the state encoded.

use std::collections::BTreeMap;

/// Attributes stored with an object.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Attrs {
    #[prost(string, tag = "1")]
    pub content_type: String,
    #[prost(string, tag = "2")]
    pub cache_control: String,
    #[prost(string, tag = "3")]
    pub content_disposition: String,
    #[prost(string, tag = "4")]
    pub content_encoding: String,
    #[prost(string, tag = "5")]
    pub content_language: String,
    #[prost(btree_map = "string, string", tag = "6")]
    pub metadata: BTreeMap<String, String>,
    #[prost(string, tag = "7")]
    pub storage_class: String,
}

/// A run of an object's bytes: in a blob file (`blob != 0`) or in a log segment.
#[derive(Clone, Copy, PartialEq, Eq, prost::Message)]
pub struct Extent {
    #[prost(uint64, tag = "1")]
    pub blob: u64,
    #[prost(uint64, tag = "2")]
    pub segment: u64,
    #[prost(uint64, tag = "3")]
    pub offset: u64,
    #[prost(uint64, tag = "4")]
    pub len: u64,
    /// CRC32C of the extent's bytes, checked when a read covers all of them.
    #[prost(uint32, tag = "5")]
    pub crc32c: u32,
}

/// The data of an object version (absent for delete markers).
#[derive(Clone, PartialEq, prost::Message)]
pub struct ObjectData {
    #[prost(uint64, tag = "1")]
    pub size: u64,
    /// Hex MD5, or "<hex>-<parts>" for multipart objects; unquoted.
    #[prost(string, tag = "2")]
    pub etag: String,
    #[prost(message, optional, tag = "3")]
    pub attrs: Option<Attrs>,
    #[prost(message, repeated, tag = "4")]
    pub extents: Vec<Extent>,
    /// Sizes of the parts of a multipart object, in order.
    #[prost(uint64, repeated, tag = "5")]
    pub part_sizes: Vec<u64>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Version {
    /// "null" for the null version.
    #[prost(string, tag = "1")]
    pub version_id: String,
    #[prost(int64, tag = "2")]
    pub mtime_ns: i64,
    #[prost(message, optional, tag = "3")]
    pub data: Option<ObjectData>,
}

impl Version {
    pub fn is_delete_marker(&self) -> bool {
        self.data.is_none()
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct PartData {
    #[prost(int32, tag = "1")]
    pub part_number: i32,
    #[prost(string, tag = "2")]
    pub etag: String,
    #[prost(uint64, tag = "3")]
    pub size: u64,
    #[prost(int64, tag = "4")]
    pub mtime_ns: i64,
    #[prost(message, repeated, tag = "5")]
    pub extents: Vec<Extent>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Upload {
    #[prost(string, tag = "1")]
    pub upload_id: String,
    #[prost(string, tag = "2")]
    pub key: String,
    #[prost(message, optional, tag = "3")]
    pub attrs: Option<Attrs>,
    #[prost(int64, tag = "4")]
    pub initiated_ns: i64,
    #[prost(btree_map = "int32, message", tag = "5")]
    pub parts: BTreeMap<i32, PartData>,
}

/// A body stored in a blob file rather than inline in the log record.
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct BlobBody {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(uint64, tag = "2")]
    pub len: u64,
    #[prost(uint32, tag = "3")]
    pub crc32c: u32,
    /// Whether the blob was fsynced before the record was logged; if not,
    /// recovery checks its CRC before trusting it.
    #[prost(bool, tag = "4")]
    pub synced: bool,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct PutOp {
    #[prost(string, tag = "1")]
    pub key: String,
    /// The new version's id ("null" unless versioning is enabled).
    #[prost(string, tag = "2")]
    pub version_id: String,
    #[prost(int64, tag = "3")]
    pub mtime_ns: i64,
    #[prost(message, optional, tag = "4")]
    pub attrs: Option<Attrs>,
    #[prost(string, tag = "5")]
    pub etag: String,
    #[prost(uint64, tag = "6")]
    pub size: u64,
    /// Absent: the body is this record's body.
    #[prost(message, optional, tag = "7")]
    pub blob: Option<BlobBody>,
    #[prost(string, tag = "8")]
    pub if_match: String,
    #[prost(string, tag = "9")]
    pub if_none_match: String,
    /// CRC32C of the body.
    #[prost(uint32, tag = "10")]
    pub crc32c: u32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct DeleteOp {
    #[prost(string, tag = "1")]
    pub key: String,
    /// Empty: delete the current version (or place a marker).
    #[prost(string, tag = "2")]
    pub version_id: String,
    /// The id a new delete marker gets, if one is created.
    #[prost(string, tag = "3")]
    pub marker_id: String,
    #[prost(int64, tag = "4")]
    pub mtime_ns: i64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct VersioningOp {
    #[prost(string, tag = "1")]
    pub status: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CreateUploadOp {
    #[prost(message, optional, tag = "1")]
    pub upload: Option<Upload>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct UploadPartOp {
    #[prost(string, tag = "1")]
    pub upload_id: String,
    #[prost(int32, tag = "2")]
    pub part_number: i32,
    #[prost(string, tag = "3")]
    pub etag: String,
    #[prost(uint64, tag = "4")]
    pub size: u64,
    #[prost(int64, tag = "5")]
    pub mtime_ns: i64,
    #[prost(message, optional, tag = "6")]
    pub blob: Option<BlobBody>,
    #[prost(uint32, tag = "7")]
    pub crc32c: u32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CompletedPart {
    #[prost(int32, tag = "1")]
    pub part_number: i32,
    #[prost(string, tag = "2")]
    pub etag: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CompleteOp {
    #[prost(string, tag = "1")]
    pub upload_id: String,
    #[prost(message, repeated, tag = "2")]
    pub parts: Vec<CompletedPart>,
    #[prost(string, tag = "3")]
    pub version_id: String,
    #[prost(int64, tag = "4")]
    pub mtime_ns: i64,
    /// Minimum size of every part but the last.
    #[prost(uint64, tag = "5")]
    pub min_part_size: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct AbortOp {
    #[prost(string, tag = "1")]
    pub upload_id: String,
}

/// Moves a live inline body out of an old segment (compaction): the record's
/// body replaces the extent at (`old_segment`, `old_offset`) of the owner.
#[derive(Clone, PartialEq, prost::Message)]
pub struct RelocateOp {
    #[prost(string, tag = "1")]
    pub key: String,
    #[prost(string, tag = "2")]
    pub version_id: String,
    /// Set when the owner is a part of an upload rather than an object version.
    #[prost(string, tag = "3")]
    pub upload_id: String,
    #[prost(int32, tag = "4")]
    pub part_number: i32,
    #[prost(uint64, tag = "5")]
    pub old_segment: u64,
    #[prost(uint64, tag = "6")]
    pub old_offset: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct DeleteBucketOp {}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Op {
    #[prost(oneof = "op::Kind", tags = "1, 2, 3, 4, 5, 6, 7, 8, 9")]
    pub kind: Option<op::Kind>,
}

pub mod op {
    #[derive(Clone, PartialEq, prost::Oneof)]
    pub enum Kind {
        #[prost(message, tag = "1")]
        Put(super::PutOp),
        #[prost(message, tag = "2")]
        Delete(super::DeleteOp),
        #[prost(message, tag = "3")]
        Versioning(super::VersioningOp),
        #[prost(message, tag = "4")]
        CreateUpload(super::CreateUploadOp),
        #[prost(message, tag = "5")]
        UploadPart(super::UploadPartOp),
        #[prost(message, tag = "6")]
        Complete(super::CompleteOp),
        #[prost(message, tag = "7")]
        Abort(super::AbortOp),
        #[prost(message, tag = "8")]
        Relocate(super::RelocateOp),
        #[prost(message, tag = "9")]
        DeleteBucket(super::DeleteBucketOp),
    }
}

impl From<op::Kind> for Op {
    fn from(k: op::Kind) -> Op {
        Op { kind: Some(k) }
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct KeyVersions {
    #[prost(string, tag = "1")]
    pub key: String,
    /// Newest first.
    #[prost(message, repeated, tag = "2")]
    pub versions: Vec<Version>,
}

/// A bucket partition's checkpoint.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Snapshot {
    #[prost(string, tag = "1")]
    pub versioning: String,
    #[prost(bool, tag = "2")]
    pub deleted: bool,
    #[prost(message, repeated, tag = "3")]
    pub keys: Vec<KeyVersions>,
    #[prost(message, repeated, tag = "4")]
    pub uploads: Vec<Upload>,
}
