//! HTTP byte ranges as S3 interprets them.

use crate::error::{Result, S3Error};

/// Resolves a `Range` value against an object of `size` bytes into an
/// inclusive `(first, last)`. `None` means "the whole object": S3 ignores a
/// range it cannot parse (or several ranges) and returns everything, while a
/// well-formed range that starts past the end is `InvalidRange` (HTTP 416).
pub fn resolve(range: &str, size: u64) -> Result<Option<(u64, u64)>> {
    let range = range.trim();
    if range.is_empty() {
        return Ok(None);
    }
    let Some(spec) = range.strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((a, b)) = spec.split_once('-') else {
        return Ok(None);
    };
    let (a, b) = (a.trim(), b.trim());
    let unsatisfiable = || {
        Err(S3Error::InvalidRange {
            range: range.to_string(),
            size,
        })
    };
    if a.is_empty() {
        // Suffix range: the last n bytes.
        let Ok(n) = b.parse::<u64>() else { return Ok(None) };
        if size == 0 {
            // Nothing to take the suffix of: S3 serves the (empty) object.
            return Ok(None);
        }
        if n == 0 {
            return unsatisfiable();
        }
        return Ok(Some((size - n.min(size), size - 1)));
    }
    let Ok(first) = a.parse::<u64>() else { return Ok(None) };
    let last = if b.is_empty() {
        u64::MAX
    } else {
        match b.parse::<u64>() {
            Ok(l) if l >= first => l,
            _ => return Ok(None),
        }
    };
    if first >= size {
        return unsatisfiable();
    }
    Ok(Some((first, last.min(size - 1))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_range() {
        assert_eq!(resolve("bytes=0-9", 100).unwrap(), Some((0, 9)));
        assert_eq!(resolve("bytes=90-200", 100).unwrap(), Some((90, 99)));
        assert_eq!(resolve("bytes=50-", 100).unwrap(), Some((50, 99)));
        assert_eq!(resolve("bytes=-10", 100).unwrap(), Some((90, 99)));
        assert_eq!(resolve("bytes=-500", 100).unwrap(), Some((0, 99)));
    }

    #[test]
    fn unsatisfiable_ranges_are_416() {
        for r in ["bytes=100-", "bytes=100-200", "bytes=-0"] {
            let e = resolve(r, 100).unwrap_err();
            assert_eq!((e.code(), e.http_status()), ("InvalidRange", 416), "{r}");
        }
        assert!(resolve("bytes=0-0", 0).is_err());
        assert_eq!(resolve("bytes=-1", 0).unwrap(), None, "suffix of an empty object");
    }

    #[test]
    fn malformed_ranges_are_ignored_as_s3_does() {
        for r in ["", "bytes=a-b", "items=0-1", "bytes=5-2", "bytes=0-1,3-4", "bytes"] {
            assert_eq!(resolve(r, 100).unwrap(), None, "{r}");
        }
    }
}
