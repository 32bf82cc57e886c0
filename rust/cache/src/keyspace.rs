//! One stripe of a database: the entries whose slot maps to it, the index
//! of those with a TTL (sampled by active expiry and the volatile eviction
//! policies), memory accounting, and who to tell when a key changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use bytes::Bytes;
use indexmap::{IndexMap, IndexSet};
use tokio::sync::Notify;

use crate::evict::Lfu;
use crate::types::{ENTRY_OVERHEAD, Hasher, Value};

#[derive(Debug)]
pub struct Entry {
    pub value: Value,
    /// Unix milliseconds on the engine clock; 0 means no TTL.
    pub expire_at: i64,
    /// Bytes accounted for this entry (key, value, overhead).
    size: usize,
    /// The node's access tick at the last access (LRU).
    pub lru: u64,
    pub lfu: Lfu,
}

/// What a command reading a key knows about the moment: the engine time
/// (for lazy expiry) and the access stamp to leave on touched keys.
#[derive(Clone, Copy, Debug)]
pub struct Now {
    pub ms: i64,
    pub tick: u64,
    /// Minutes on the engine clock, for LFU decay.
    pub minutes: u16,
    /// Leave LFU counters (true) or LRU ticks (false) on access.
    pub lfu: bool,
}

#[derive(Debug)]
pub struct Keyspace {
    map: IndexMap<Bytes, Entry, Hasher>,
    expires: IndexSet<Bytes, Hasher>,
    /// The node's total of accounted bytes, shared by every stripe.
    used: Arc<AtomicI64>,
    /// Keys someone WATCHes, and the flags to raise when they change.
    watched: HashMap<Bytes, Vec<Arc<AtomicBool>>, Hasher>,
    /// Keys clients block on (BLPOP), and how to wake them.
    blocked: HashMap<Bytes, Vec<Arc<Notify>>, Hasher>,
    /// Keys removed because their TTL passed (INFO expired_keys).
    pub expired: u64,
}

fn entry_size(key: &[u8], v: &Value) -> usize {
    key.len() + v.mem() + ENTRY_OVERHEAD
}

impl Keyspace {
    pub fn new(used: Arc<AtomicI64>) -> Self {
        Keyspace {
            map: IndexMap::default(),
            expires: IndexSet::default(),
            used,
            watched: HashMap::default(),
            blocked: HashMap::default(),
            expired: 0,
        }
    }

    fn account(&self, delta: isize) {
        self.used.fetch_add(delta as i64, Ordering::Relaxed);
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn volatile_len(&self) -> usize {
        self.expires.len()
    }

    fn is_expired(e: &Entry, now_ms: i64) -> bool {
        e.expire_at != 0 && e.expire_at <= now_ms
    }

    /// Removes `key` if its TTL has passed (lazy expiry); true if it did.
    pub fn expire_if_due(&mut self, key: &[u8], now_ms: i64) -> bool {
        if let Some(e) = self.map.get(key)
            && Self::is_expired(e, now_ms)
        {
            self.remove(key);
            self.expired += 1;
            return true;
        }
        false
    }

    /// The live entry of `key`, stamped as accessed.
    pub fn get(&mut self, key: &[u8], now: &Now) -> Option<&mut Entry> {
        // One hash lookup, then access by position.
        let i = self.map.get_index_of(key)?;
        if Self::is_expired(&self.map[i], now.ms) {
            self.remove(key);
            self.expired += 1;
            return None;
        }
        let e = &mut self.map[i];
        if now.lfu {
            e.lfu.touch(now.minutes);
        } else {
            e.lru = now.tick;
        }
        Some(e)
    }

    /// The live entry of `key` without touching its access stamps
    /// (TYPE, TTL, EXISTS-style checks that Redis does not count as use).
    pub fn peek(&mut self, key: &[u8], now_ms: i64) -> Option<&Entry> {
        self.expire_if_due(key, now_ms);
        self.map.get(key)
    }

    pub fn contains(&mut self, key: &[u8], now_ms: i64) -> bool {
        self.peek(key, now_ms).is_some()
    }

    /// Stores `value` under `key`, replacing any old value and its TTL
    /// unless `keep_ttl`.
    pub fn set(&mut self, key: &[u8], value: Value, expire_at: i64, keep_ttl: bool, now: &Now) {
        let size = entry_size(key, &value);
        if let Some(e) = self.map.get_mut(key) {
            let old_size = e.size;
            let old_ttl = e.expire_at;
            e.value = value;
            e.size = size;
            e.lru = now.tick;
            if !keep_ttl {
                e.expire_at = expire_at;
            }
            let ttl = e.expire_at;
            if size != old_size {
                self.account(size as isize - old_size as isize);
            }
            if ttl != old_ttl {
                self.index_ttl(key, ttl);
            }
        } else {
            let k = Bytes::copy_from_slice(key);
            if expire_at != 0 {
                self.expires.insert(k.clone());
            }
            self.map.insert(
                k,
                Entry { value, expire_at, size, lru: now.tick, lfu: Lfu::new(now.minutes) },
            );
            self.account(size as isize);
        }
        self.modified(key);
    }

    fn index_ttl(&mut self, key: &[u8], expire_at: i64) {
        if expire_at == 0 {
            self.expires.swap_remove(key);
        } else if !self.expires.contains(key) {
            self.expires.insert(Bytes::copy_from_slice(key));
        }
    }

    /// Sets or clears (0) the TTL of an existing key; false if there is no key.
    pub fn set_expire(&mut self, key: &[u8], expire_at: i64) -> bool {
        let Some(e) = self.map.get_mut(key) else { return false };
        e.expire_at = expire_at;
        self.index_ttl(key, expire_at);
        self.modified(key);
        true
    }

    /// Re-accounts `key`'s size after its value was changed in place, and
    /// deletes it if that left an empty collection.
    pub fn refresh(&mut self, key: &[u8]) {
        let Some(e) = self.map.get_mut(key) else { return };
        if e.value.is_empty_collection() {
            self.remove(key);
            return;
        }
        let size = entry_size(key, &e.value);
        let old = std::mem::replace(&mut e.size, size);
        self.account(size as isize - old as isize);
    }

    pub fn remove(&mut self, key: &[u8]) -> Option<Entry> {
        let (_, e) = self.map.swap_remove_entry(key)?;
        if e.expire_at != 0 {
            self.expires.swap_remove(key);
        }
        self.account(-(e.size as isize));
        self.modified(key);
        Some(e)
    }

    /// Tells WATCHers and blocked clients that `key` changed.
    pub fn modified(&mut self, key: &[u8]) {
        if !self.watched.is_empty()
            && let Some(flags) = self.watched.get(key)
        {
            for f in flags {
                f.store(true, Ordering::SeqCst);
            }
        }
        if !self.blocked.is_empty()
            && let Some(waiters) = self.blocked.remove(key)
        {
            for w in waiters {
                w.notify_one();
            }
        }
    }

    pub fn watch(&mut self, key: &[u8], flag: &Arc<AtomicBool>) {
        self.watched.entry(Bytes::copy_from_slice(key)).or_default().push(flag.clone());
    }

    pub fn unwatch(&mut self, key: &[u8], flag: &Arc<AtomicBool>) {
        if let Some(v) = self.watched.get_mut(key) {
            v.retain(|f| !Arc::ptr_eq(f, flag));
            if v.is_empty() {
                self.watched.remove(key);
            }
        }
    }

    pub fn block_on(&mut self, key: &[u8], waker: &Arc<Notify>) {
        self.blocked.entry(Bytes::copy_from_slice(key)).or_default().push(waker.clone());
    }

    /// Drops every key, telling WATCHers of each.
    pub fn clear(&mut self) {
        for flags in self.watched.values() {
            for f in flags {
                f.store(true, Ordering::SeqCst);
            }
        }
        let total: usize = self.map.values().map(|e| e.size).sum();
        self.account(-(total as isize));
        self.map.clear();
        self.expires.clear();
    }

    pub fn keys(&self) -> impl Iterator<Item = (&Bytes, &Entry)> {
        self.map.iter()
    }

    /// The entry at a position, for sampling.
    pub fn at(&self, i: usize) -> Option<(&Bytes, &Entry)> {
        self.map.get_index(i)
    }

    /// The key with a TTL at a position of the TTL index, for sampling.
    pub fn volatile_at(&self, i: usize) -> Option<(&Bytes, &Entry)> {
        let k = self.expires.get_index(i)?;
        self.map.get_key_value(k)
    }

    /// A uniformly random live key, if any.
    pub fn random_key(&mut self, now_ms: i64) -> Option<Bytes> {
        for _ in 0..100 {
            if self.map.is_empty() {
                return None;
            }
            let i = fastrand::usize(..self.map.len());
            let (k, e) = self.map.get_index(i)?;
            if !Self::is_expired(e, now_ms) {
                return Some(k.clone());
            }
            let k = k.clone();
            self.remove(&k);
            self.expired += 1;
        }
        None
    }

    /// Active expiry: samples up to `n` keys with a TTL and removes those
    /// past it; returns (sampled, expired).
    pub fn expire_sample(&mut self, n: usize, now_ms: i64) -> (usize, usize) {
        let mut sampled = 0;
        let mut gone = 0;
        for _ in 0..n {
            if self.expires.is_empty() {
                break;
            }
            let i = fastrand::usize(..self.expires.len());
            let k = self.expires[i].clone();
            sampled += 1;
            if self.expire_if_due(&k, now_ms) {
                gone += 1;
            }
        }
        (sampled, gone)
    }
}
