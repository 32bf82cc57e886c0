//! Eviction under maxmemory, approximated by sampling as redis-server does:
//! each round samples a few keys (maxmemory-samples, default 5) into a
//! pool of the 16 best candidates seen so far and evicts the best of the
//! pool. The random policies evict a random key. LFU keeps Redis's 8-bit
//! logarithmic counter with a one-minute decay.

use std::sync::Mutex;

use bytes::Bytes;

use crate::config::Policy;
use crate::keyspace::{Entry, Keyspace, Now};
use crate::store::{DATABASES, STRIPES, Store};

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
        Policy::AllKeysLru | Policy::VolatileLru => now.tick.saturating_sub(e.lru),
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

    /// Visits stripes from a random start, calling `f` on each until it says stop.
    fn each_stripe_from_random(store: &Store, mut f: impl FnMut(usize, usize, &mut Keyspace) -> bool) {
        let start = fastrand::usize(..DATABASES * STRIPES);
        for i in 0..DATABASES * STRIPES {
            let n = (start + i) % (DATABASES * STRIPES);
            let (db, stripe) = (n / STRIPES, n % STRIPES);
            if f(db, stripe, &mut store.lock(db, stripe)) {
                return;
            }
        }
    }

    fn evict_random(&self, store: &Store, volatile: bool) -> bool {
        let mut done = false;
        Self::each_stripe_from_random(store, |_, _, ks| {
            if let Some((k, _)) = sample_of(ks, volatile) {
                let k = k.clone();
                ks.remove(&k);
                done = true;
            }
            done
        });
        done
    }

    fn evict_sampled(&self, store: &Store, policy: Policy, samples: usize, now: &Now) -> bool {
        let volatile = policy.volatile();
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        // Fill: sample from stripes until `samples` keys were seen.
        let mut seen = 0;
        Self::each_stripe_from_random(store, |db, stripe, ks| {
            let n = if volatile { ks.volatile_len() } else { ks.len() };
            let take = n.min(samples - seen);
            for _ in 0..take {
                if let Some((k, e)) = sample_of(ks, volatile) {
                    let s = score(policy, e, now);
                    if !pool.iter().any(|c| c.db == db && c.key == *k) {
                        pool.push(Candidate { score: s, db, stripe, key: k.clone() });
                    }
                }
            }
            seen += take;
            seen >= samples
        });
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
