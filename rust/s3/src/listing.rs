//! Listings: objects, versions, uploads and parts, paged as S3 pages them.
//! Pure functions of a bucket's state.

use std::ops::Bound;

use labcloud_core::Timestamp;

use crate::error::{Result, S3Error};
use crate::record::{Upload, Version};
use crate::state::BucketState;
use crate::types::*;

pub const MAX_PAGE: i32 = 1000;

/// The page size: unset means 1,000, larger values are capped at 1,000 as S3
/// does, negative ones are invalid.
pub fn page_size(v: Option<i32>, name: &'static str) -> Result<i32> {
    match v {
        None => Ok(MAX_PAGE),
        Some(n) if n < 0 => Err(S3Error::invalid_argument(
            name,
            n.to_string(),
            format!("Argument {name} must be an integer between 0 and 2147483647"),
        )),
        Some(n) => Ok(n.min(MAX_PAGE)),
    }
}

/// The common prefix a key rolls up into under `delimiter`, if any.
fn rollup<'a>(key: &'a str, prefix: &str, delimiter: &str) -> Option<&'a str> {
    if delimiter.is_empty() {
        return None;
    }
    key[prefix.len()..]
        .find(delimiter)
        .map(|i| &key[..prefix.len() + i + delimiter.len()])
}

/// Collects up to `max` entries and common prefixes, in order.
struct Pager<T> {
    max: usize,
    items: Vec<T>,
    prefixes: Vec<String>,
    truncated: bool,
}

enum Next {
    Continue,
    Stop,
}

impl<T> Pager<T> {
    fn new(max: i32) -> Self {
        Pager {
            max: max as usize,
            items: Vec::new(),
            prefixes: Vec::new(),
            truncated: false,
        }
    }
    fn count(&self) -> usize {
        self.items.len() + self.prefixes.len()
    }
    fn full(&mut self) -> bool {
        if self.count() >= self.max {
            // Something remains: say so, except for a page of zero (S3 then
            // answers an empty, untruncated page).
            self.truncated = self.max > 0;
            return true;
        }
        false
    }
    /// Offers a key: either rolls it into a common prefix or lets `item` make an entry.
    fn offer(&mut self, key: &str, prefix: &str, delimiter: &str, item: impl FnOnce() -> Option<T>) -> Next {
        if let Some(cp) = rollup(key, prefix, delimiter) {
            if self.prefixes.last().is_some_and(|l| l == cp) {
                return Next::Continue;
            }
            if self.full() {
                return Next::Stop;
            }
            self.prefixes.push(cp.to_string());
            return Next::Continue;
        }
        if self.full() {
            return Next::Stop;
        }
        if let Some(t) = item() {
            self.items.push(t);
        }
        Next::Continue
    }
}

/// Keys from `start` (exclusive) on that begin with `prefix`.
fn keys_after<'a>(
    st: &'a BucketState,
    prefix: &'a str,
    start: &str,
) -> impl Iterator<Item = (&'a String, &'a Vec<Version>)> + 'a {
    let lower = if start >= prefix {
        Bound::Excluded(start.to_string())
    } else {
        Bound::Included(prefix.to_string())
    };
    st.objects
        .range((lower, Bound::Unbounded))
        .take_while(move |(k, _)| k.starts_with(prefix))
}

/// Continuation tokens name where the last page stopped: after a key ("K")
/// or after a whole common prefix ("P").
fn encode_token(kind: char, s: &str) -> String {
    hex::encode(format!("{kind}{s}"))
}

fn decode_token(t: &str) -> Result<(char, String)> {
    let bad = || S3Error::invalid_argument("continuation-token", t, "The continuation token provided is incorrect");
    let raw = String::from_utf8(hex::decode(t).map_err(|_| bad())?).map_err(|_| bad())?;
    let mut chars = raw.chars();
    match chars.next() {
        Some(k @ ('K' | 'P')) => Ok((k, chars.as_str().to_string())),
        _ => Err(bad()),
    }
}

pub fn list_objects(st: &BucketState, req: &ListObjects) -> Result<ObjectListing> {
    let max_keys = page_size(req.max_keys, "max-keys")?;
    let (skip_prefix, start) = if !req.continuation_token.is_empty() {
        match decode_token(&req.continuation_token)? {
            ('P', p) => (Some(p.clone()), p),
            (_, k) => (None, k),
        }
    } else {
        (None, req.start_after.clone())
    };
    let mut pager = Pager::new(max_keys);
    let mut last_key = String::new();
    for (key, versions) in keys_after(st, &req.prefix, &start) {
        if skip_prefix.as_ref().is_some_and(|p| key.starts_with(p.as_str())) {
            continue;
        }
        let Some(data) = versions.first().and_then(|v| v.data.as_ref().map(|d| (v, d))) else {
            continue; // latest is a delete marker
        };
        let before = pager.items.len();
        if let Next::Stop = pager.offer(key, &req.prefix, &req.delimiter, || {
            let (v, d) = data;
            Some(ObjectSummary {
                key: key.clone(),
                last_modified: Timestamp(v.mtime_ns),
                etag: d.etag.clone(),
                size: d.size,
                storage_class: storage_class(d.attrs.as_ref().map(|a| a.storage_class.as_str())),
            })
        }) {
            break;
        }
        if pager.items.len() > before {
            last_key = key.clone();
        }
    }
    let next = if !pager.truncated {
        String::new()
    } else {
        // The page ends at its last entry, be it a key or a common prefix.
        match (pager.items.last(), pager.prefixes.last()) {
            (Some(_), Some(p)) if p.as_str() > last_key.as_str() => encode_token('P', p),
            (Some(_), _) => encode_token('K', &last_key),
            (None, Some(p)) => encode_token('P', p),
            (None, None) => String::new(),
        }
    };
    Ok(ObjectListing {
        max_keys,
        contents: pager.items,
        common_prefixes: pager.prefixes,
        is_truncated: pager.truncated,
        next_continuation_token: next,
    })
}

pub fn storage_class(s: Option<&str>) -> String {
    match s {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => "STANDARD".to_string(),
    }
}

pub fn list_versions(st: &BucketState, req: &ListVersions) -> Result<VersionListing> {
    let max_keys = page_size(req.max_keys, "max-keys")?;
    if !req.version_id_marker.is_empty() && req.key_marker.is_empty() {
        return Err(S3Error::invalid_argument(
            "version-id-marker",
            &req.version_id_marker,
            "A version-id marker cannot be specified without a key marker.",
        ));
    }
    let mut pager: Pager<VersionEntry> = Pager::new(max_keys);
    // Versions of the marker key after the version-id marker come first.
    let head = if req.version_id_marker.is_empty() {
        None
    } else {
        st.objects
            .get(&req.key_marker)
            .filter(|_| req.key_marker.starts_with(&req.prefix))
            .map(|vs| (&req.key_marker, vs))
    };
    let resume_at = |key: &str, vs: &[Version]| -> usize {
        if head.is_some() && key == req.key_marker {
            vs.iter()
                .position(|v| v.version_id == req.version_id_marker)
                .map_or(vs.len(), |i| i + 1)
        } else {
            0
        }
    };
    'keys: for (key, vs) in head.into_iter().chain(keys_after(st, &req.prefix, &req.key_marker)) {
        for (i, v) in vs.iter().enumerate().skip(resume_at(key, vs)) {
            let entry = || {
                Some(VersionEntry {
                    key: key.clone(),
                    version_id: v.version_id.clone(),
                    is_latest: i == 0,
                    last_modified: Timestamp(v.mtime_ns),
                    object: v.data.as_ref().map(|d| {
                        (
                            d.etag.clone(),
                            d.size,
                            storage_class(d.attrs.as_ref().map(|a| a.storage_class.as_str())),
                        )
                    }),
                })
            };
            if let Next::Stop = pager.offer(key, &req.prefix, &req.delimiter, entry) {
                break 'keys;
            }
        }
    }
    let (next_key_marker, next_version_id_marker) = if !pager.truncated {
        (String::new(), String::new())
    } else {
        let last_entry = pager.items.last();
        match (last_entry, pager.prefixes.last()) {
            (Some(e), Some(p)) if p.as_str() > e.key.as_str() => (p.clone(), String::new()),
            (Some(e), _) => (e.key.clone(), e.version_id.clone()),
            (None, Some(p)) => (p.clone(), String::new()),
            (None, None) => (String::new(), String::new()),
        }
    };
    Ok(VersionListing {
        max_keys,
        versions: pager.items,
        common_prefixes: pager.prefixes,
        is_truncated: pager.truncated,
        next_key_marker,
        next_version_id_marker,
    })
}

pub fn list_uploads(st: &BucketState, req: &ListUploads) -> Result<UploadListing> {
    let max_uploads = page_size(req.max_uploads, "max-uploads")?;
    let mut all: Vec<&Upload> = st
        .uploads
        .values()
        .filter(|u| u.key.starts_with(&req.prefix))
        .collect();
    all.sort_by(|a, b| (&a.key, a.initiated_ns, &a.upload_id).cmp(&(&b.key, b.initiated_ns, &b.upload_id)));
    let start = match (req.key_marker.is_empty(), req.upload_id_marker.is_empty()) {
        (true, _) => 0,
        (false, true) => all.partition_point(|u| u.key.as_str() <= req.key_marker.as_str()),
        (false, false) => match all
            .iter()
            .position(|u| u.key == req.key_marker && u.upload_id == req.upload_id_marker)
        {
            Some(i) => i + 1,
            None => all.partition_point(|u| u.key.as_str() <= req.key_marker.as_str()),
        },
    };
    let mut pager: Pager<UploadSummary> = Pager::new(max_uploads);
    for u in &all[start..] {
        let item = || {
            Some(UploadSummary {
                upload_id: u.upload_id.clone(),
                key: u.key.clone(),
                initiated: Timestamp(u.initiated_ns),
                storage_class: storage_class(u.attrs.as_ref().map(|a| a.storage_class.as_str())),
            })
        };
        if let Next::Stop = pager.offer(&u.key, &req.prefix, &req.delimiter, item) {
            break;
        }
    }
    let (next_key_marker, next_upload_id_marker) = match pager.items.last() {
        Some(u) if pager.truncated => (u.key.clone(), u.upload_id.clone()),
        _ => (String::new(), String::new()),
    };
    Ok(UploadListing {
        max_uploads,
        uploads: pager.items,
        common_prefixes: pager.prefixes,
        is_truncated: pager.truncated,
        next_key_marker,
        next_upload_id_marker,
    })
}

pub fn list_parts(upload: &Upload, max_parts: Option<i32>, marker: i32) -> Result<PartListing> {
    let max_parts = page_size(max_parts, "max-parts")?;
    let mut parts: Vec<PartSummary> = upload
        .parts
        .range(marker.saturating_add(1)..)
        .map(|(_, p)| PartSummary {
            part_number: p.part_number,
            last_modified: Timestamp(p.mtime_ns),
            etag: p.etag.clone(),
            size: p.size,
        })
        .take(max_parts as usize + 1)
        .collect();
    let is_truncated = parts.len() > max_parts as usize;
    parts.truncate(max_parts as usize);
    Ok(PartListing {
        max_parts,
        next_part_number_marker: parts.last().map_or(0, |p| p.part_number),
        parts,
        is_truncated,
        storage_class: storage_class(upload.attrs.as_ref().map(|a| a.storage_class.as_str())),
    })
}
