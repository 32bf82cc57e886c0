//! S3's rules for bucket names, keys, version ids and regions.

use crate::error::{Result, S3Error};

pub const MAX_KEY_BYTES: usize = 1024;
/// User metadata (keys + values) is limited to 2 KB.
pub const MAX_METADATA_BYTES: usize = 2048;

/// Checks a bucket name against the general-purpose bucket naming rules.
pub fn check_bucket_name(name: &str) -> Result<()> {
    let bad = |reason| {
        Err(S3Error::InvalidBucketName {
            bucket: name.to_string(),
            reason,
        })
    };
    let b = name.as_bytes();
    if b.len() < 3 || b.len() > 63 {
        return bad("bucket names must be between 3 and 63 characters long");
    }
    if !b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'.' || *c == b'-')
    {
        return bad("bucket names can consist only of lowercase letters, numbers, dots and hyphens");
    }
    let edge_ok = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if !edge_ok(b[0]) || !edge_ok(b[b.len() - 1]) {
        return bad("bucket names must begin and end with a letter or number");
    }
    if name.contains("..") {
        return bad("bucket names must not contain two adjacent periods");
    }
    if name.contains(".-") || name.contains("-.") {
        return bad("bucket names must not contain a period next to a hyphen");
    }
    if name.split('.').count() == 4 && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return bad("bucket names must not be formatted as an IP address");
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            return bad("bucket names must not start with a reserved prefix");
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            return bad("bucket names must not end with a reserved suffix");
        }
    }
    Ok(())
}

pub fn check_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(S3Error::invalid_argument("Key", key, "Object keys must be at least 1 byte long"));
    }
    if key.len() > MAX_KEY_BYTES {
        return Err(S3Error::KeyTooLong { len: key.len() });
    }
    Ok(())
}

/// Version ids are "null" or 32 characters of [A-Za-z0-9._], as this engine
/// mints them; anything else is malformed (InvalidArgument), as in S3.
pub fn check_version_id(v: &str) -> Result<()> {
    if v == "null" || (v.len() == 32 && v.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'_')) {
        Ok(())
    } else {
        Err(S3Error::invalid_argument("versionId", v, "Invalid version id specified"))
    }
}

/// A plausible AWS region code such as `us-east-1` or `us-gov-west-1`.
pub fn is_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    (3..=4).contains(&parts.len())
        && parts[0].len() == 2
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        && parts[parts.len() - 1].bytes().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_bucket_names_pass() {
        for n in ["abc", "my-bucket", "a.b.c", "123", &"a".repeat(63), "bucket-1.example"] {
            check_bucket_name(n).unwrap_or_else(|e| panic!("{n}: {e}"));
        }
    }

    #[test]
    fn each_naming_rule_is_enforced() {
        for n in [
            "ab",
            &"a".repeat(64),
            "Bucket",
            "my_bucket",
            "-abc",
            "abc-",
            ".abc",
            "a..b",
            "a.-b",
            "192.168.5.4",
            "xn--abc",
            "sthree-abc",
            "abc-s3alias",
            "abc--ol-s3",
            "bücket",
            "a b c",
        ] {
            let e = check_bucket_name(n).expect_err(n);
            assert_eq!(e.code(), "InvalidBucketName", "{n}");
        }
    }

    #[test]
    fn keys_are_limited_to_1024_bytes_not_characters() {
        check_key(&"a".repeat(1024)).unwrap();
        assert_eq!(check_key(&"a".repeat(1025)).unwrap_err().code(), "KeyTooLongError");
        // 342 three-byte characters are 1026 bytes.
        assert_eq!(check_key(&"€".repeat(342)).unwrap_err().code(), "KeyTooLongError");
    }

    #[test]
    fn regions() {
        assert!(is_region("us-east-1"));
        assert!(is_region("us-gov-west-1"));
        assert!(is_region("ap-southeast-2"));
        assert!(!is_region("mars"));
        assert!(!is_region("us-east"));
        assert!(!is_region("US-EAST-1"));
    }
}
