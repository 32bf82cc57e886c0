//! A node's data: 16 databases, each split into stripes by hash slot, each
//! stripe behind its own lock. Commands on different stripes run in
//! parallel on different threads; commands on one key serialize on its
//! stripe, so each command is atomic as in redis-server.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::keyspace::Keyspace;
use crate::slots::key_slot;

/// Databases SELECT can reach (redis-server's default `databases 16`).
pub const DATABASES: usize = 16;
/// Stripes per database: a power of two dividing 16384, so that keys of one
/// slot (one hashtag) always share a stripe.
pub const STRIPES: usize = 64;

pub struct Store {
    dbs: Vec<Box<[Mutex<Keyspace>]>>,
    /// Accounted bytes per database (eviction samples where the keys are).
    used: Vec<Arc<AtomicI64>>,
}

pub type Guard<'a> = MutexGuard<'a, Keyspace>;

/// Locks a stripe, recovering it if a panicking command poisoned the lock:
/// every command leaves the stripe consistent between its steps.
pub fn lock(m: &Mutex<Keyspace>) -> Guard<'_> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    pub fn new() -> Self {
        let used: Vec<Arc<AtomicI64>> = (0..DATABASES).map(|_| Arc::new(AtomicI64::new(0))).collect();
        let dbs = used
            .iter()
            .map(|u| (0..STRIPES).map(|_| Mutex::new(Keyspace::new(u.clone()))).collect())
            .collect();
        Store { dbs, used }
    }

    pub fn stripe_of(key: &[u8]) -> usize {
        key_slot(key) as usize % STRIPES
    }

    pub fn stripe(&self, db: usize, stripe: usize) -> &Mutex<Keyspace> {
        &self.dbs[db][stripe]
    }

    pub fn lock(&self, db: usize, stripe: usize) -> Guard<'_> {
        lock(&self.dbs[db][stripe])
    }

    /// Accounted bytes of every key in every database.
    pub fn used_memory(&self) -> u64 {
        self.used.iter().map(|u| u.load(Ordering::Relaxed)).sum::<i64>().max(0) as u64
    }

    /// Databases holding any key.
    pub fn nonempty_dbs(&self) -> impl Iterator<Item = usize> + '_ {
        (0..DATABASES).filter(|&d| self.used[d].load(Ordering::Relaxed) > 0)
    }

    /// (keys, keys with a TTL) in `db`.
    pub fn db_size(&self, db: usize) -> (usize, usize) {
        self.dbs[db].iter().fold((0, 0), |(k, v), s| {
            let g = lock(s);
            (k + g.len(), v + g.volatile_len())
        })
    }

    /// Keys that passed their TTL and were removed, over every database.
    pub fn expired_keys(&self) -> u64 {
        self.dbs.iter().flat_map(|db| db.iter()).map(|s| lock(s).expired).sum()
    }
}
