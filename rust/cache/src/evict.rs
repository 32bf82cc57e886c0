//! Eviction under maxmemory, approximated by sampling as redis-server does:
//! each round samples a few keys (maxmemory-samples, default 5) into a
//! pool of the 16 best candidates seen so far and evicts the best of the
//! pool. The random policies evict a random key. LFU keeps Redis's 8-bit
//! logarithmic counter with a one-minute decay.

use std::sync::Mutex;

use bytes::Bytes;

use crate::config::Policy;
use crate::keyspace::{Entry, Keyspace, Now};
use crate::store::{STRIPES, Store};

/// redis-server's LFU_INIT_VAL: a new key starts with some credit, so it is
/// not the first to go.
const LFU_INIT: u8 = 5;
/// lfu-log-factor: how many hits it takes to grow the counter.
const LFU_LOG_FACTOR: f64 = 10.0;
/// lfu-decay-time, in minutes: the counter drops by one per period idle.
const LFU_DECAY_MINUTES: u16 = 1;
const POOL: usize = 16;

/// A logarithmic access-frequency counter and when it last decayed.
#[derive(Clone, Copy, Debug)]
pub struct Lfu {
    counter: u8,
    minutes: u16,
}

impl Lfu {
    pub fn new(now_minutes: u16) -> Self {
        Lfu { counter: LFU_INIT, minutes: now_minutes }
    }

    /// The counter after decaying for the minutes since it was last touched.
    pub fn decayed(&self, now_minutes: u16) -> u8 {
        let idle = now_minutes.wrapping_sub(self.minutes);
        let periods = idle / LFU_DECAY_MINUTES;
        self.counter.saturating_sub(periods.min(255) as u8)
    }

    pub fn touch(&mut self, now_minutes: u16) {
        let mut c = self.decayed(now_minutes);
        if c < 255 {
            let base = c.saturating_sub(LFU_INIT) as f64;
            if fastrand::f64() < 1.0 / (base * LFU_LOG_FACTOR + 1.0) {
                c += 1;
            }
        }
        self.counter = c;
        self.minutes = now_minutes;
    }
}

struct Candidate {
    /// Higher is a better victim.
    score: u64,
    db: usize,
    stripe: usize,
    key: Bytes,
}

/// The pool of candidates kept between eviction rounds.
#[derive(Default)]
pub struct Evictor {
    pool: Mutex<Vec<Candidate>>,
}

fn score(policy: Policy, e: &Entry, now: &Now) -> u64 {
    match policy {
        // The access tick itself, not the idle time: scores computed in
        // earlier rounds stay comparable with fresh ones.
        Policy::AllKeysLru | Policy::VolatileLru => u64::MAX - e.lru,
        Policy::AllKeysLfu | Policy::VolatileLfu => 255 - u64::from(e.lfu.decayed(now.minutes)),
        // The sooner a key expires, the better a victim it is.
        _ => u64::MAX - e.expire_at.max(0) as u64,
    }
}

fn sample_of<'a>(ks: &'a Keyspace, volatile: bool) -> Option<(&'a Bytes, &'a Entry)> {
    let n = if volatile { ks.volatile_len() } else { ks.len() };
    if n == 0 {
        return None;
    }
    let i = fastrand::usize(..n);
    if volatile { ks.volatile_at(i) } else { ks.at(i) }
}

impl Evictor {
    /// Evicts one key under `policy`; false if no key may be evicted.
    pub fn evict_one(&self, store: &Store, policy: Policy, samples: usize, now: &Now) -> bool {
        match policy {
            Policy::NoEviction => false,
            Policy::AllKeysRandom | Policy::VolatileRandom => self.evict_random(store, policy.volatile()),
            _ => self.evict_sampled(store, policy, samples, now),
        }
    }

    /// Samples `n` keys of `db` (with replacement), each from a random
    /// stripe, as (stripe, key, entry score) via `f`.
    fn sample(store: &Store, db: usize, n: usize, volatile: bool, mut f: impl FnMut(usize, &Bytes, &Entry)) {
        let mut taken = 0;
        // Random stripes first; a sparse database falls back to a sweep.
        for attempt in 0..(4 * n + STRIPES) {
            if taken == n {
                return;
            }
            let stripe = if attempt < 4 * n { fastrand::usize(..STRIPES) } else { attempt - 4 * n };
            let ks = store.lock(db, stripe);
            if let Some((k, e)) = sample_of(&ks, volatile) {
                f(stripe, k, e);
                taken += 1;
            }
        }
    }

    fn evict_random(&self, store: &Store, volatile: bool) -> bool {
        let dbs: Vec<usize> = store.nonempty_dbs().collect();
        if dbs.is_empty() {
            return false;
        }
        let start = fastrand::usize(..dbs.len());
        for i in 0..dbs.len() {
            let db = dbs[(start + i) % dbs.len()];
            let mut victim = None;
            Self::sample(store, db, 1, volatile, |stripe, k, _| victim = Some((stripe, k.clone())));
            if let Some((stripe, k)) = victim {
                store.lock(db, stripe).remove(&k);
                return true;
            }
        }
        false
    }

    fn evict_sampled(&self, store: &Store, policy: Policy, samples: usize, now: &Now) -> bool {
        let volatile = policy.volatile();
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        // Fill: `samples` keys from every database that has keys.
        for db in store.nonempty_dbs() {
            Self::sample(store, db, samples, volatile, |stripe, k, e| {
                if !pool.iter().any(|c| c.db == db && c.key == *k) {
                    pool.push(Candidate { score: score(policy, e, now), db, stripe, key: k.clone() });
                }
            });
        }
        pool.sort_by(|a, b| b.score.cmp(&a.score));
        pool.truncate(POOL);
        // Evict the best candidate that still exists (and still has a TTL
        // under a volatile policy); stale ones are dropped.
        while !pool.is_empty() {
            let c = pool.remove(0);
            let mut ks = store.lock(c.db, c.stripe);
            let live = match ks.peek(&c.key, i64::MIN) {
                Some(e) => !volatile || e.expire_at != 0,
                None => false,
            };
            if live {
                ks.remove(&c.key);
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lfu_counter_grows_logarithmically_and_decays_per_minute() {
        let mut l = Lfu::new(0);
        for _ in 0..1000 {
            l.touch(0);
        }
        let c = l.decayed(0);
        assert!(c > LFU_INIT + 5 && c < 60, "1000 hits give a modest counter, got {c}");
        assert_eq!(l.decayed(3), c - 3);
        assert_eq!(Lfu::new(0).decayed(100), 0);
    }
}
