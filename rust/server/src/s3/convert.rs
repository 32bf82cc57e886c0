//! Conversions between the proto messages and the engine's types.

use labcloud_core::Timestamp;
use labcloud_s3 as e;

use crate::proto::s3 as pb;

pub fn ts(t: Timestamp) -> Option<prost_types::Timestamp> {
    let ns = t.as_nanos();
    Some(prost_types::Timestamp {
        seconds: ns.div_euclid(1_000_000_000),
        nanos: ns.rem_euclid(1_000_000_000) as i32,
    })
}

pub fn from_ts(t: Option<prost_types::Timestamp>) -> Option<Timestamp> {
    t.map(|t| Timestamp(t.seconds.saturating_mul(1_000_000_000).saturating_add(t.nanos as i64)))
}

/// ETags travel quoted, as S3 sends them.
pub fn quote(etag: &str) -> String {
    format!("\"{etag}\"")
}

pub fn attrs(a: Option<pb::ObjectAttributes>) -> e::Attrs {
    let a = a.unwrap_or_default();
    e::Attrs {
        content_type: a.content_type,
        cache_control: a.cache_control,
        content_disposition: a.content_disposition,
        content_encoding: a.content_encoding,
        content_language: a.content_language,
        metadata: a.metadata.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect(),
        storage_class: a.storage_class,
    }
}

pub fn to_attrs(a: e::Attrs) -> pb::ObjectAttributes {
    pb::ObjectAttributes {
        content_type: if a.content_type.is_empty() {
            "binary/octet-stream".into()
        } else {
            a.content_type
        },
        cache_control: a.cache_control,
        content_disposition: a.content_disposition,
        content_encoding: a.content_encoding,
        content_language: a.content_language,
        metadata: a.metadata,
        storage_class: a.storage_class,
    }
}

pub fn owner(cfg: &e::S3Config) -> Option<pb::Owner> {
    Some(pb::Owner {
        id: cfg.owner_id.clone(),
        display_name: cfg.owner_name.clone(),
    })
}

pub fn bucket(b: e::BucketInfo) -> pb::Bucket {
    pb::Bucket {
        name: b.name,
        creation_date: ts(b.created),
        bucket_region: b.region,
    }
}

pub fn head(h: e::ObjectHead) -> pb::ObjectHead {
    pb::ObjectHead {
        content_length: h.content_length as i64,
        etag: quote(&h.etag),
        last_modified: ts(h.last_modified),
        version_id: h.version_id.unwrap_or_default(),
        delete_marker: false,
        attributes: Some(to_attrs(h.attrs)),
        parts_count: h.parts_count.unwrap_or(0) as i32,
        content_range: h.range.map_or(String::new(), |(a, b)| format!("bytes {a}-{b}/{}", h.size)),
        http_status: if h.range.is_some() { 206 } else { 200 },
    }
}

macro_rules! get_request {
    ($r:expr) => {
        e::GetObject {
            bucket: $r.bucket,
            key: $r.key,
            version_id: $r.version_id,
            range: $r.range,
            if_match: $r.if_match,
            if_none_match: $r.if_none_match,
            if_modified_since: from_ts($r.if_modified_since),
            if_unmodified_since: from_ts($r.if_unmodified_since),
            part_number: $r.part_number,
        }
    };
}

pub fn get(r: pb::GetObjectRequest) -> e::GetObject {
    get_request!(r)
}

pub fn head_req(r: pb::HeadObjectRequest) -> e::GetObject {
    get_request!(r)
}

/// A non-negative length, or an InvalidArgument naming the field.
pub fn length(v: Option<i64>, name: &'static str) -> Result<Option<u64>, e::S3Error> {
    match v {
        Some(n) if n < 0 => Err(e::S3Error::InvalidArgument {
            name,
            value: n.to_string(),
            message: format!("{name} must not be negative"),
        }),
        v => Ok(v.map(|n| n as u64)),
    }
}

pub fn put(h: pb::PutObjectHeader) -> Result<e::PutObject, e::S3Error> {
    Ok(e::PutObject {
        bucket: h.bucket,
        key: h.key,
        attrs: attrs(h.attributes),
        content_length: length(h.content_length, "Content-Length")?,
        if_match: h.if_match,
        if_none_match: h.if_none_match,
    })
}

pub fn part(h: pb::UploadPartHeader) -> Result<e::UploadPart, e::S3Error> {
    Ok(e::UploadPart {
        bucket: h.bucket,
        key: h.key,
        upload_id: h.upload_id,
        part_number: h.part_number,
        content_length: length(h.content_length, "Content-Length")?,
    })
}

pub fn stored_version(s: &e::Stored) -> String {
    s.version_id.clone().unwrap_or_default()
}

pub fn version(v: e::VersionEntry, owner: &Option<pb::Owner>) -> pb::ObjectVersion {
    let is_delete_marker = v.object.is_none();
    let (etag, size, storage_class) = v.object.map_or((String::new(), 0, String::new()), |(t, s, c)| (quote(&t), s as i64, c));
    pb::ObjectVersion {
        key: v.key,
        version_id: v.version_id,
        is_latest: v.is_latest,
        last_modified: ts(v.last_modified),
        is_delete_marker,
        etag,
        size,
        storage_class,
        owner: owner.clone(),
    }
}

/// Percent-encodes a key for a URL path, as S3 does in Location values.
pub fn uri_encode(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
