//! Opaque tokens handed to clients: shard iterators and pagination tokens.
//!
//! A token is its fields, little-endian, behind a one-byte kind, followed by
//! a CRC32C keyed with the engine's secret, all hex-encoded. Clients cannot
//! read meaning into it or forge one (a damaged or made-up token is refused
//! as invalid), and since it carries everything, a token outlives resharding
//! and restarts of the engine: only its lifetime on the engine clock ends it.

use labcloud_core::LogPos;

const SHARD_ITERATOR: u8 = 1;
const LIST_SHARDS: u8 = 2;
const LIST_CONSUMERS: u8 = 3;

fn seal(secret: &[u8], payload: &[u8]) -> String {
    let crc = crc32c::crc32c_append(crc32c::crc32c(secret), payload);
    let mut out = payload.to_vec();
    out.extend_from_slice(&crc.to_le_bytes());
    hex::encode(out)
}

fn open(secret: &[u8], token: &str, kind: u8) -> Option<Vec<u8>> {
    let raw = hex::decode(token).ok()?;
    if raw.len() < 5 || raw[0] != kind {
        return None;
    }
    let (payload, crc) = raw.split_at(raw.len() - 4);
    let want = crc32c::crc32c_append(crc32c::crc32c(secret), payload);
    (want.to_le_bytes() == crc).then(|| payload[1..].to_vec())
}

/// Reads fixed-width fields in order.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_at_checked(N)?;
        self.0 = rest;
        head.try_into().ok()
    }
    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }
    fn i64(&mut self) -> Option<i64> {
        self.take().map(i64::from_le_bytes)
    }
    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|b| b[0])
    }
    fn end(&self) -> Option<()> {
        self.0.is_empty().then_some(())
    }
}

/// Where a reader of a shard stands: the next record it gets is the first
/// data record at or after `pos` whose LSN is at least `next_lsn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardIterator {
    pub stream: u64,
    pub shard: u32,
    pub next_lsn: u64,
    pub pos: LogPos,
    pub issued_ms: i64,
}

impl ShardIterator {
    pub fn encode(&self, secret: &[u8]) -> String {
        let mut p = vec![SHARD_ITERATOR];
        p.extend_from_slice(&self.stream.to_le_bytes());
        p.extend_from_slice(&self.shard.to_le_bytes());
        p.extend_from_slice(&self.next_lsn.to_le_bytes());
        p.extend_from_slice(&self.pos.segment.to_le_bytes());
        p.extend_from_slice(&self.pos.offset.to_le_bytes());
        p.extend_from_slice(&self.issued_ms.to_le_bytes());
        seal(secret, &p)
    }

    pub fn decode(secret: &[u8], token: &str) -> Option<ShardIterator> {
        let payload = open(secret, token, SHARD_ITERATOR)?;
        let mut f = Fields(&payload);
        let it = ShardIterator {
            stream: f.u64()?,
            shard: f.u32()?,
            next_lsn: f.u64()?,
            pos: LogPos {
                segment: f.u64()?,
                offset: f.u64()?,
            },
            issued_ms: f.i64()?,
        };
        f.end()?;
        Some(it)
    }
}

/// A ListShards page boundary: the listing's stream, filter and last shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardPage {
    pub stream: u64,
    /// Shards after this index come next.
    pub after: u32,
    /// The filter, as `ShardFilterKind as u8`, and its timestamp.
    pub filter: u8,
    pub filter_ms: i64,
    pub issued_ms: i64,
}

impl ShardPage {
    pub fn encode(&self, secret: &[u8]) -> String {
        let mut p = vec![LIST_SHARDS];
        p.extend_from_slice(&self.stream.to_le_bytes());
        p.extend_from_slice(&self.after.to_le_bytes());
        p.push(self.filter);
        p.extend_from_slice(&self.filter_ms.to_le_bytes());
        p.extend_from_slice(&self.issued_ms.to_le_bytes());
        seal(secret, &p)
    }

    pub fn decode(secret: &[u8], token: &str) -> Option<ShardPage> {
        let payload = open(secret, token, LIST_SHARDS)?;
        let mut f = Fields(&payload);
        let page = ShardPage {
            stream: f.u64()?,
            after: f.u32()?,
            filter: f.u8()?,
            filter_ms: f.i64()?,
            issued_ms: f.i64()?,
        };
        f.end()?;
        Some(page)
    }
}

/// A ListStreamConsumers page boundary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerPage {
    pub stream: u64,
    /// Consumers named after this come next.
    pub after: String,
    pub issued_ms: i64,
}

impl ConsumerPage {
    pub fn encode(&self, secret: &[u8]) -> String {
        let mut p = vec![LIST_CONSUMERS];
        p.extend_from_slice(&self.stream.to_le_bytes());
        p.extend_from_slice(&self.issued_ms.to_le_bytes());
        p.extend_from_slice(self.after.as_bytes());
        seal(secret, &p)
    }

    pub fn decode(secret: &[u8], token: &str) -> Option<ConsumerPage> {
        let payload = open(secret, token, LIST_CONSUMERS)?;
        let mut f = Fields(&payload);
        let stream = f.u64()?;
        let issued_ms = f.i64()?;
        let after = String::from_utf8(f.0.to_vec()).ok()?;
        Some(ConsumerPage {
            stream,
            after,
            issued_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iterators_round_trip_and_refuse_tampering_and_other_keys() {
        let it = ShardIterator {
            stream: 3,
            shard: 9,
            next_lsn: 1234,
            pos: LogPos { segment: 2, offset: 4096 },
            issued_ms: 1_700_000_000_000,
        };
        let t = it.encode(b"secret");
        assert_eq!(ShardIterator::decode(b"secret", &t), Some(it));
        assert_eq!(ShardIterator::decode(b"other", &t), None);
        let mut bytes = hex::decode(&t).unwrap();
        bytes[14] ^= 1;
        assert_eq!(ShardIterator::decode(b"secret", &hex::encode(bytes)), None);
        assert_eq!(ShardIterator::decode(b"secret", "not hex"), None);
        assert!(t.len() <= 512, "AWS caps iterators at 512 characters");
        // A page token is not an iterator.
        let page = ShardPage { stream: 3, after: 1, filter: 0, filter_ms: 0, issued_ms: 0 }.encode(b"secret");
        assert_eq!(ShardIterator::decode(b"secret", &page), None);
        assert!(ShardPage::decode(b"secret", &page).is_some());
    }
}
