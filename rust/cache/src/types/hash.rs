//! A hash: field-value pairs. Iteration follows insertion order, as a small
//! hash (listpack) does in redis-server, and deletions keep that order.

use bytes::Bytes;
use indexmap::IndexMap;

use super::{ELEMENT_OVERHEAD, Hasher};

#[derive(Debug, Clone, Default)]
pub struct Hash {
    map: IndexMap<Bytes, Bytes, Hasher>,
    mem: usize,
}

fn cost(f: &[u8], v: &[u8]) -> usize {
    f.len() + v.len() + ELEMENT_OVERHEAD
}

/// Beyond this size, deletions swap rather than shift (O(1) instead of
/// O(n)); redis-server stops keeping order at 128 fields too.
const ORDERED_UP_TO: usize = 128;

impl Hash {
    pub fn mem(&self) -> usize {
        self.mem
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn get(&self, f: &[u8]) -> Option<&Bytes> {
        self.map.get(f)
    }
    pub fn contains(&self, f: &[u8]) -> bool {
        self.map.contains_key(f)
    }
    /// Sets a field; true if it is new.
    pub fn insert(&mut self, f: Bytes, v: Bytes) -> bool {
        self.mem += cost(&f, &v);
        match self.map.get_mut(&f) {
            Some(old) => {
                self.mem -= cost(&f, old);
                *old = v;
                false
            }
            None => {
                self.map.insert(f, v);
                true
            }
        }
    }
    pub fn remove(&mut self, f: &[u8]) -> bool {
        let removed = if self.map.len() <= ORDERED_UP_TO {
            self.map.shift_remove_entry(f)
        } else {
            self.map.swap_remove_entry(f)
        };
        match removed {
            Some((k, v)) => {
                self.mem -= cost(&k, &v);
                true
            }
            None => false,
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = (&Bytes, &Bytes)> {
        self.map.iter()
    }
}
