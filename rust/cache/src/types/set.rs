//! A set of distinct members. Like redis-server 7.0, a small set of
//! integers (an intset) lists its members in numeric order; otherwise the
//! members come in insertion order.

use bytes::Bytes;
use indexmap::IndexSet;

use super::{ELEMENT_OVERHEAD, Hasher};

/// redis-server's set-max-intset-entries.
const INTSET_MAX: usize = 512;

#[derive(Debug, Clone, Default)]
pub struct Set {
    members: IndexSet<Bytes, Hasher>,
    mem: usize,
    /// Members that do not read as a canonical 64-bit integer.
    non_integers: usize,
}

/// Whether redis-server would keep `m` in an intset: the canonical decimal
/// form of an i64 ("12", not "012" or "+12").
fn is_intset_member(m: &[u8]) -> bool {
    std::str::from_utf8(m)
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .is_some_and(|n| itoa::Buffer::new().format(n).as_bytes() == m)
}

impl Set {
    pub fn mem(&self) -> usize {
        self.mem
    }
    pub fn len(&self) -> usize {
        self.members.len()
    }
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
    pub fn contains(&self, m: &[u8]) -> bool {
        self.members.contains(m)
    }
    pub fn insert(&mut self, m: Bytes) -> bool {
        if self.members.contains(&m) {
            return false;
        }
        self.mem += m.len() + ELEMENT_OVERHEAD;
        self.non_integers += usize::from(!is_intset_member(&m));
        self.members.insert(m);
        true
    }
    pub fn remove(&mut self, m: &[u8]) -> bool {
        // Small sets keep their order (O(n) shift); large ones swap in O(1).
        let removed = if self.members.len() <= 128 {
            self.members.shift_take(m)
        } else {
            self.members.swap_take(m)
        };
        match removed {
            Some(b) => {
                self.mem -= b.len() + ELEMENT_OVERHEAD;
                self.non_integers -= usize::from(!is_intset_member(&b));
                true
            }
            None => false,
        }
    }
    pub fn get_index(&self, i: usize) -> Option<&Bytes> {
        self.members.get_index(i)
    }
    /// Members in the order SMEMBERS lists them.
    pub fn members(&self) -> Vec<&Bytes> {
        let mut v: Vec<&Bytes> = self.members.iter().collect();
        if self.non_integers == 0 && v.len() <= INTSET_MAX {
            v.sort_by_key(|m| std::str::from_utf8(m).ok().and_then(|s| s.parse::<i64>().ok()));
        }
        v
    }
}
