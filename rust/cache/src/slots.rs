//! Cluster hash slots: slot = CRC16(key) mod 16384, where a key containing a
//! non-empty `{hashtag}` hashes only the tag, so related keys can share a
//! slot (and so a shard) and be used together in one command.

/// Hash slots in a Redis cluster.
pub const SLOTS: u16 = 16384;

/// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as Redis uses.
const fn table() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = (i as u16) << 8;
        let mut b = 0;
        while b < 8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
            b += 1;
        }
        t[i] = crc;
        i += 1;
    }
    t
}

static CRC16_TABLE: [u16; 256] = table();

pub fn crc16(data: &[u8]) -> u16 {
    data.iter()
        .fold(0u16, |crc, &b| (crc << 8) ^ CRC16_TABLE[((crc >> 8) as u8 ^ b) as usize])
}

/// The part of `key` that is hashed: the first `{...}` with something
/// between the braces, else the whole key.
pub fn hash_tag(key: &[u8]) -> &[u8] {
    if let Some(open) = key.iter().position(|&b| b == b'{')
        && let Some(len) = key[open + 1..].iter().position(|&b| b == b'}')
        && len > 0
    {
        return &key[open + 1..open + 1 + len];
    }
    key
}

pub fn key_slot(key: &[u8]) -> u16 {
    crc16(hash_tag(key)) & (SLOTS - 1)
}

/// A contiguous, inclusive range of slots owned by one shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotRange {
    pub start: u16,
    pub end: u16,
}

impl SlotRange {
    pub fn contains(&self, slot: u16) -> bool {
        (self.start..=self.end).contains(&slot)
    }
}

impl std::fmt::Display for SlotRange {
    /// ElastiCache's `Slots` notation: "0-5460".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

/// Splits the slots evenly over `shards` shards, the earlier shards taking
/// the remainder, as ElastiCache and `redis-cli --cluster create` do.
pub fn split_evenly(shards: u16) -> Vec<SlotRange> {
    let shards = shards.max(1);
    let base = SLOTS / shards;
    let extra = SLOTS % shards;
    let mut start = 0u16;
    (0..shards)
        .map(|i| {
            let len = base + u16::from(i < extra);
            let r = SlotRange { start, end: start + len - 1 };
            start += len;
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc16_matches_the_redis_cluster_spec() {
        // The check value the cluster specification gives for "123456789".
        assert_eq!(crc16(b"123456789"), 0x31C3);
    }

    #[test]
    fn slots_match_redis_cluster_keyslot() {
        // Values redis-server's CLUSTER KEYSLOT answers.
        assert_eq!(key_slot(b"foo"), 12182);
        assert_eq!(key_slot(b"bar"), 5061);
        assert_eq!(key_slot(b""), 0);
    }

    #[test]
    fn hashtags_hash_only_the_tag() {
        assert_eq!(key_slot(b"{user1000}.following"), key_slot(b"user1000"));
        assert_eq!(key_slot(b"{user1000}.followers"), key_slot(b"{user1000}.following"));
        // An empty tag does not count: the whole key is hashed.
        assert_eq!(key_slot(b"foo{}{bar}"), crc16(b"foo{}{bar}") & 16383);
        // Only the first tag counts.
        assert_eq!(key_slot(b"foo{{bar}}zap"), crc16(b"{bar") & 16383);
        assert_eq!(key_slot(b"foo{bar}{zap}"), key_slot(b"bar"));
    }

    #[test]
    fn even_split_covers_every_slot_once() {
        for n in [1u16, 2, 3, 7, 500] {
            let r = split_evenly(n);
            assert_eq!(r.len(), n as usize);
            assert_eq!(r[0].start, 0);
            assert_eq!(r.last().unwrap().end, SLOTS - 1);
            for w in r.windows(2) {
                assert_eq!(w[0].end + 1, w[1].start);
            }
        }
        assert_eq!(split_evenly(3)[0].to_string(), "0-5461");
    }
}
