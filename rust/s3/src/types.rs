//! The engine's request and result types, free of any transport.

use labcloud_core::Timestamp;

pub use crate::record::Attrs;

#[derive(Clone, Debug, PartialEq)]
pub struct BucketInfo {
    pub name: String,
    pub region: String,
    pub created: Timestamp,
}

#[derive(Clone, Debug, Default)]
pub struct PutObject {
    pub bucket: String,
    pub key: String,
    pub attrs: Attrs,
    pub content_length: Option<u64>,
    pub if_match: String,
    pub if_none_match: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// Unquoted hex MD5, or "<hex>-<n>" for multipart objects.
    pub etag: String,
    /// `None` in a bucket that never had versioning.
    pub version_id: Option<String>,
    pub size: u64,
    pub last_modified: Timestamp,
}

#[derive(Clone, Debug, Default)]
pub struct GetObject {
    pub bucket: String,
    pub key: String,
    pub version_id: String,
    pub range: String,
    pub if_match: String,
    pub if_none_match: String,
    pub if_modified_since: Option<Timestamp>,
    pub if_unmodified_since: Option<Timestamp>,
    /// 1-based part of a multipart object; 0 for the whole object.
    pub part_number: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectHead {
    /// Size of the whole object.
    pub size: u64,
    /// Bytes this response carries (the range's length for a range read).
    pub content_length: u64,
    pub etag: String,
    pub last_modified: Timestamp,
    pub version_id: Option<String>,
    pub attrs: Attrs,
    pub parts_count: Option<u32>,
    /// Inclusive byte range served, for range and part reads.
    pub range: Option<(u64, u64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    pub delete_marker: bool,
    pub version_id: Option<String>,
}

#[derive(Clone, Debug)]
pub struct ObjectId {
    pub key: String,
    pub version_id: String,
}

#[derive(Clone, Debug)]
pub struct CopyObject {
    pub bucket: String,
    pub key: String,
    pub source_bucket: String,
    pub source_key: String,
    pub source_version_id: String,
    /// "COPY" (or empty) or "REPLACE".
    pub metadata_directive: String,
    pub attrs: Attrs,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Copied {
    pub stored: Stored,
    pub source_version_id: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ListObjects {
    pub bucket: String,
    pub prefix: String,
    pub delimiter: String,
    pub max_keys: Option<i32>,
    pub continuation_token: String,
    pub start_after: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectSummary {
    pub key: String,
    pub last_modified: Timestamp,
    pub etag: String,
    pub size: u64,
    pub storage_class: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectListing {
    pub max_keys: i32,
    pub contents: Vec<ObjectSummary>,
    pub common_prefixes: Vec<String>,
    pub is_truncated: bool,
    pub next_continuation_token: String,
}

#[derive(Clone, Debug, Default)]
pub struct ListVersions {
    pub bucket: String,
    pub prefix: String,
    pub delimiter: String,
    pub max_keys: Option<i32>,
    pub key_marker: String,
    pub version_id_marker: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VersionEntry {
    pub key: String,
    pub version_id: String,
    pub is_latest: bool,
    pub last_modified: Timestamp,
    /// `None` for a delete marker.
    pub object: Option<(String, u64, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VersionListing {
    pub max_keys: i32,
    pub versions: Vec<VersionEntry>,
    pub common_prefixes: Vec<String>,
    pub is_truncated: bool,
    pub next_key_marker: String,
    pub next_version_id_marker: String,
}

#[derive(Clone, Debug, Default)]
pub struct ListUploads {
    pub bucket: String,
    pub prefix: String,
    pub delimiter: String,
    pub max_uploads: Option<i32>,
    pub key_marker: String,
    pub upload_id_marker: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UploadSummary {
    pub upload_id: String,
    pub key: String,
    pub initiated: Timestamp,
    pub storage_class: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UploadListing {
    pub max_uploads: i32,
    pub uploads: Vec<UploadSummary>,
    pub common_prefixes: Vec<String>,
    pub is_truncated: bool,
    pub next_key_marker: String,
    pub next_upload_id_marker: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartSummary {
    pub part_number: i32,
    pub last_modified: Timestamp,
    pub etag: String,
    pub size: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartListing {
    pub max_parts: i32,
    pub parts: Vec<PartSummary>,
    pub is_truncated: bool,
    pub next_part_number_marker: i32,
    pub storage_class: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BucketListing {
    pub buckets: Vec<BucketInfo>,
    pub continuation_token: String,
}
