//! Hash keys (where a record goes) and sequence numbers (where it is).
//!
//! A partition key's hash key is the MD5 of its UTF-8 bytes read as a
//! 128-bit big-endian integer; each shard owns a contiguous range of the
//! 0..2^128-1 hash space, and a record goes to the open shard whose range
//! holds its hash key (or its ExplicitHashKey).
//!
//! # Sequence numbers
//!
//! A sequence number is a 32-digit decimal string that names a shard and a
//! position in that shard's log:
//!
//! ```text
//!   49 SSSSSSSSSS PPPPPPPPPPPPPPPPPPPP
//!   |  |          `- 20 digits: the record's LSN in the shard's log
//!   |  `- 10 digits: the shard's index (shardId-000000000007 is 7)
//!   `- "49": a fixed prefix, so every number has the same width
//! ```
//!
//! so `49000000000700000000000000001234` is the record at LSN 1234 of shard
//! 7. Numbers are strictly increasing within a shard (the log assigns LSNs
//! in order and never reuses one), unique within a stream (shard indices
//! are), compare the same as strings and as integers, and a child shard's
//! numbers are all greater than its parents' (children get higher indices),
//! which is what SequenceNumberForOrdering promises across a reshard.

use md5::{Digest, Md5};

use crate::error::{KinesisError, Result};

/// Hash keys run from 0 to this (2^128 - 1).
pub const MAX_HASH_KEY: u128 = u128::MAX;

/// The hash key of a partition key.
pub fn hash_key_of(partition_key: &str) -> u128 {
    u128::from_be_bytes(Md5::digest(partition_key.as_bytes()).into())
}

fn is_decimal(s: &str, max_digits: usize) -> bool {
    s == "0"
        || (!s.is_empty()
            && s.len() <= max_digits
            && !s.starts_with('0')
            && s.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses a decimal hash key (an ExplicitHashKey or a split point), named
/// `at` in errors: off the model's pattern is a ValidationException, beyond
/// 2^128 - 1 an InvalidArgumentException.
pub fn parse_hash_key(s: &str, at: &str) -> Result<u128> {
    if !is_decimal(s, 39) {
        return Err(KinesisError::constraint(
            Some(s),
            at,
            "satisfy regular expression pattern: 0|([1-9]\\d{0,38})",
        ));
    }
    s.parse::<u128>().map_err(|_| {
        KinesisError::invalid(format!(
            "Invalid {at}: {s} is outside the hash key range 0 to 340282366920938463463374607431768211455."
        ))
    })
}

/// `n` ranges of equal width covering the hash space, as Kinesis gives a new
/// stream or a uniform scaling: range i starts at floor(i * 2^128 / n).
pub fn uniform_ranges(n: u32) -> Vec<(u128, u128)> {
    let n = n.max(1) as u128;
    // 2^128 = n * q + r + 1, so i * 2^128 / n = i * q + i * (r + 1) / n.
    let (q, r) = (u128::MAX / n, u128::MAX % n);
    let start = |i: u128| i * q + i * (r + 1) / n;
    (0..n)
        .map(|i| {
            let end = if i + 1 == n { MAX_HASH_KEY } else { start(i + 1) - 1 };
            (start(i), end)
        })
        .collect()
}

/// The id AWS gives the shard with this index.
pub fn shard_id(index: u32) -> String {
    format!("shardId-{index:012}")
}

/// The index of a shard id, if it is one this engine could have issued.
pub fn shard_index(id: &str) -> Option<u32> {
    let digits = id.strip_prefix("shardId-")?;
    if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A sequence number: a shard index and an LSN of that shard's log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SeqNo {
    pub shard: u32,
    pub lsn: u64,
}

const PREFIX: &str = "49";

impl SeqNo {
    pub fn new(shard: u32, lsn: u64) -> Self {
        SeqNo { shard, lsn }
    }

    pub fn format(self) -> String {
        format!("{PREFIX}{:010}{:020}", self.shard, self.lsn)
    }

    /// Parses a sequence number given as `at`: off the model's pattern is a
    /// ValidationException; a well-formed number this engine never issued
    /// is an InvalidArgumentException.
    pub fn parse(s: &str, at: &str) -> Result<SeqNo> {
        if !is_decimal(s, 129) {
            return Err(KinesisError::constraint(
                Some(s),
                at,
                "satisfy regular expression pattern: 0|([1-9]\\d{0,128})",
            ));
        }
        let parsed = (s.len() == 32 && s.starts_with(PREFIX))
            .then(|| Some(SeqNo::new(s[2..12].parse().ok()?, s[12..].parse().ok()?)))
            .flatten();
        parsed.ok_or_else(|| KinesisError::invalid(format!("Invalid {at}: {s} is not a sequence number of this stream.")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_ranges_match_what_kinesis_gives_new_streams() {
        assert_eq!(uniform_ranges(1), vec![(0, MAX_HASH_KEY)]);
        let two = uniform_ranges(2);
        assert_eq!(two[0].1.to_string(), "170141183460469231731687303715884105727");
        assert_eq!(two[1].0.to_string(), "170141183460469231731687303715884105728");
        let three = uniform_ranges(3);
        assert_eq!(three[1].0.to_string(), "113427455640312821154458202477256070485");
        for n in [1u32, 3, 7, 10, 500, 1000] {
            let r = uniform_ranges(n);
            assert_eq!(r.len(), n as usize);
            assert_eq!(r[0].0, 0);
            assert_eq!(r.last().unwrap().1, MAX_HASH_KEY);
            for w in r.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0, "ranges are contiguous");
            }
            let widths: Vec<u128> = r.iter().map(|(s, e)| e - s).collect();
            let (lo, hi) = (widths.iter().min().unwrap(), widths.iter().max().unwrap());
            assert!(hi - lo <= 1, "ranges are of equal width");
        }
    }

    #[test]
    fn hash_key_is_md5_as_a_big_endian_integer() {
        // md5("") = d41d8cd98f00b204e9800998ecf8427e
        assert_eq!(hash_key_of(""), 0xd41d8cd98f00b204e9800998ecf8427e);
    }

    #[test]
    fn sequence_numbers_name_shard_and_position_and_order_as_strings() {
        let a = SeqNo::new(7, 1234);
        assert_eq!(a.format(), "49000000000700000000000000001234");
        assert_eq!(SeqNo::parse(&a.format(), "s").unwrap(), a);
        let later = [SeqNo::new(7, 1235), SeqNo::new(8, 1), SeqNo::new(4_000_000_000, u64::MAX)];
        for b in later {
            assert!(b.format() > a.format() && b > a);
            assert_eq!(b.format().len(), 32);
        }
        assert_eq!(SeqNo::parse("12ab", "s").unwrap_err().code(), "ValidationException");
        assert_eq!(SeqNo::parse("12", "s").unwrap_err().code(), "InvalidArgumentException");
    }

    #[test]
    fn hash_keys_beyond_the_space_are_invalid_arguments() {
        assert_eq!(parse_hash_key("340282366920938463463374607431768211455", "h").unwrap(), MAX_HASH_KEY);
        assert_eq!(
            parse_hash_key("340282366920938463463374607431768211456", "h").unwrap_err().code(),
            "InvalidArgumentException"
        );
        assert_eq!(parse_hash_key("-1", "h").unwrap_err().code(), "ValidationException");
        assert_eq!(parse_hash_key("007", "h").unwrap_err().code(), "ValidationException");
    }

    #[test]
    fn shard_ids_round_trip() {
        assert_eq!(shard_id(3), "shardId-000000000003");
        assert_eq!(shard_index("shardId-000000000003"), Some(3));
        assert_eq!(shard_index("shardId-3"), None);
    }
}
