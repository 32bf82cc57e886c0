//! The API model's constraints on arguments (lengths, patterns, ranges),
//! checked by the engine so every transport and every client, not only
//! botocore-validated ones, gets the same ValidationException.

use crate::error::{KinesisError, Result};

fn name_chars(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-')
}

fn length(value: &str, len: usize, at: &str, min: usize, max: usize) -> Result<()> {
    if len < min {
        return Err(KinesisError::constraint(Some(value), at, format!("have length greater than or equal to {min}")));
    }
    if len > max {
        return Err(KinesisError::constraint(Some(value), at, format!("have length less than or equal to {max}")));
    }
    Ok(())
}

/// Stream, consumer and shard names: 1-128 of `[a-zA-Z0-9_.-]`.
pub fn name(value: &str, at: &str) -> Result<()> {
    length(value, value.len(), at, 1, 128)?;
    if !name_chars(value) {
        return Err(KinesisError::constraint(
            Some(value),
            at,
            "satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
        ));
    }
    Ok(())
}

/// Partition keys: 1-256 Unicode characters.
pub fn partition_key(value: &str, at: &str) -> Result<()> {
    length(value, value.chars().count(), at, 1, 256)
}

/// Tag keys (1-128 characters) and values (0-256).
pub fn tag(key: &str, value: Option<&str>) -> Result<()> {
    length(key, key.chars().count(), "tags.key", 1, 128)?;
    if let Some(v) = value {
        length(v, v.chars().count(), "tags.value", 0, 256)?;
    }
    Ok(())
}

/// An integer argument within the model's range.
pub fn range(value: i64, at: &str, min: i64, max: i64) -> Result<()> {
    let v = value.to_string();
    if value < min {
        return Err(KinesisError::constraint(Some(&v), at, format!("have value greater than or equal to {min}")));
    }
    if value > max {
        return Err(KinesisError::constraint(Some(&v), at, format!("have value less than or equal to {max}")));
    }
    Ok(())
}

/// A string argument from an enumeration.
pub fn one_of<'a>(value: &str, at: &str, allowed: &[&'a str]) -> Result<&'a str> {
    allowed.iter().find(|a| **a == value).copied().ok_or_else(|| {
        KinesisError::constraint(Some(value), at, format!("satisfy enum value set: [{}]", allowed.join(", ")))
    })
}

/// The parts of a stream ARN: `arn:aws:kinesis:<region>:<account>:stream/<name>`.
pub struct StreamArn<'a> {
    pub region: &'a str,
    pub account: &'a str,
    pub name: &'a str,
}

/// Splits a stream ARN, which may go on with `/consumer/<name>:<created>`
/// (returned as the rest).
pub fn split_arn<'a>(arn: &'a str, at: &str) -> Result<(StreamArn<'a>, &'a str)> {
    let bad = || {
        KinesisError::constraint(
            Some(arn),
            at,
            "satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+",
        )
    };
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("kinesis"), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(bad());
    };
    if !partition.starts_with("aws") || account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let rest = resource.strip_prefix("stream/").ok_or_else(bad)?;
    let (name, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if name.is_empty() {
        return Err(bad());
    }
    Ok((StreamArn { region, account, name }, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_model_pattern_and_lengths() {
        name("orders_v2.test-1", "streamName").unwrap();
        let e = name("has space", "streamName").unwrap_err();
        assert_eq!(e.code(), "ValidationException");
        assert_eq!(
            e.to_string(),
            "1 validation error detected: Value 'has space' at 'streamName' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
        );
        assert!(name("", "streamName").unwrap_err().to_string().contains("greater than or equal to 1"));
        assert!(name(&"a".repeat(129), "streamName").is_err());
    }

    #[test]
    fn partition_keys_count_characters_not_bytes() {
        partition_key(&"é".repeat(256), "partitionKey").unwrap();
        assert!(partition_key(&"é".repeat(257), "partitionKey").is_err());
        assert!(partition_key("", "partitionKey").is_err());
    }

    #[test]
    fn arns_split_into_region_account_name_and_consumer_part() {
        let (a, rest) = split_arn("arn:aws:kinesis:eu-west-1:123456789012:stream/s/consumer/c:1700000000", "x").unwrap();
        assert_eq!((a.region, a.account, a.name, rest), ("eu-west-1", "123456789012", "s", "/consumer/c:1700000000"));
        assert!(split_arn("arn:aws:s3:::bucket", "x").is_err());
        assert!(split_arn("arn:aws:kinesis:us-east-1:12:stream/s", "x").is_err());
    }
}
