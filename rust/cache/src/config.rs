//! A node's tunables that CONFIG GET/SET reach: maxmemory and the eviction
//! policy. Read on every write, so they are atomics rather than a lock.

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// What happens when a write would take memory past maxmemory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    NoEviction,
    AllKeysLru,
    AllKeysLfu,
    AllKeysRandom,
    VolatileLru,
    VolatileLfu,
    VolatileRandom,
    VolatileTtl,
}

impl Policy {
    pub const ALL: [Policy; 8] = [
        Policy::VolatileLru,
        Policy::VolatileLfu,
        Policy::VolatileRandom,
        Policy::VolatileTtl,
        Policy::AllKeysLru,
        Policy::AllKeysLfu,
        Policy::AllKeysRandom,
        Policy::NoEviction,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Policy::NoEviction => "noeviction",
            Policy::AllKeysLru => "allkeys-lru",
            Policy::AllKeysLfu => "allkeys-lfu",
            Policy::AllKeysRandom => "allkeys-random",
            Policy::VolatileLru => "volatile-lru",
            Policy::VolatileLfu => "volatile-lfu",
            Policy::VolatileRandom => "volatile-random",
            Policy::VolatileTtl => "volatile-ttl",
        }
    }

    pub fn parse(s: &[u8]) -> Option<Policy> {
        Policy::ALL.into_iter().find(|p| p.name().as_bytes().eq_ignore_ascii_case(s))
    }

    /// Only keys with a TTL may be evicted.
    pub fn volatile(self) -> bool {
        matches!(self, Policy::VolatileLru | Policy::VolatileLfu | Policy::VolatileRandom | Policy::VolatileTtl)
    }

    pub fn lfu(self) -> bool {
        matches!(self, Policy::AllKeysLfu | Policy::VolatileLfu)
    }

    fn index(self) -> u8 {
        Policy::ALL.iter().position(|p| *p == self).unwrap_or(0) as u8
    }
}

/// redis-server's default number of keys sampled per eviction.
pub const DEFAULT_SAMPLES: u64 = 5;

#[derive(Debug)]
pub struct NodeConfig {
    maxmemory: AtomicU64,
    policy: AtomicU8,
    samples: AtomicU64,
}

impl NodeConfig {
    pub fn new(maxmemory: u64, policy: Policy) -> Self {
        NodeConfig {
            maxmemory: AtomicU64::new(maxmemory),
            policy: AtomicU8::new(policy.index()),
            samples: AtomicU64::new(DEFAULT_SAMPLES),
        }
    }
    /// Bytes of data the node may hold; 0 means no limit.
    pub fn maxmemory(&self) -> u64 {
        self.maxmemory.load(Ordering::Relaxed)
    }
    pub fn set_maxmemory(&self, v: u64) {
        self.maxmemory.store(v, Ordering::Relaxed);
    }
    pub fn policy(&self) -> Policy {
        Policy::ALL[self.policy.load(Ordering::Relaxed) as usize]
    }
    pub fn set_policy(&self, p: Policy) {
        self.policy.store(p.index(), Ordering::Relaxed);
    }
    pub fn samples(&self) -> u64 {
        self.samples.load(Ordering::Relaxed)
    }
    pub fn set_samples(&self, n: u64) {
        self.samples.store(n.clamp(1, 64), Ordering::Relaxed);
    }
}

/// Parses a memory size as CONFIG SET takes it: "100", "1kb", "5mb", "2gb",
/// "1k" (1000) ...
pub fn parse_memory(s: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(s).ok()?.to_ascii_lowercase();
    let units: [(&str, u64); 6] =
        [("kb", 1024), ("mb", 1 << 20), ("gb", 1 << 30), ("k", 1000), ("m", 1_000_000), ("g", 1_000_000_000)];
    for (suffix, mul) in units {
        if let Some(n) = s.strip_suffix(suffix) {
            return n.parse::<u64>().ok()?.checked_mul(mul);
        }
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_round_trip_by_name() {
        for p in Policy::ALL {
            assert_eq!(Policy::parse(p.name().to_uppercase().as_bytes()), Some(p));
            let c = NodeConfig::new(0, p);
            assert_eq!(c.policy(), p);
        }
        assert_eq!(Policy::parse(b"lru"), None);
    }

    #[test]
    fn memory_sizes_take_redis_units() {
        assert_eq!(parse_memory(b"100"), Some(100));
        assert_eq!(parse_memory(b"1kb"), Some(1024));
        assert_eq!(parse_memory(b"2MB"), Some(2 << 20));
        assert_eq!(parse_memory(b"1k"), Some(1000));
        assert_eq!(parse_memory(b"x"), None);
        assert_eq!(parse_memory(b"-1"), None);
    }
}
