//! The values a key can hold, each keeping a running estimate of the memory
//! it uses so that the keyspace can account for memory in O(1) per write.

mod hash;
mod list;
mod set;
mod zset;

use bytes::Bytes;

pub use hash::Hash;
pub use list::List;
pub use set::Set;
pub use zset::{Bound, ZSet};

/// Bytes a key-value entry costs beyond its key and value bytes (the
/// table slot, the entry header, allocator rounding), roughly what
/// redis-server spends on a small string key.
pub const ENTRY_OVERHEAD: usize = 56;
/// Bytes an element of a collection costs beyond its own bytes.
pub const ELEMENT_OVERHEAD: usize = 24;

pub type Hasher = foldhash::fast::RandomState;

#[derive(Debug, Clone)]
pub enum Value {
    Str(Vec<u8>),
    List(List),
    Hash(Hash),
    Set(Set),
    ZSet(ZSet),
}

impl Value {
    /// What TYPE answers.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "string",
            Value::List(_) => "list",
            Value::Hash(_) => "hash",
            Value::Set(_) => "set",
            Value::ZSet(_) => "zset",
        }
    }

    /// Estimated bytes of memory, excluding the key and entry overhead.
    pub fn mem(&self) -> usize {
        match self {
            Value::Str(s) => s.len(),
            Value::List(l) => l.mem(),
            Value::Hash(h) => h.mem(),
            Value::Set(s) => s.mem(),
            Value::ZSet(z) => z.mem(),
        }
    }

    /// An empty collection is no value at all: Redis deletes the key.
    pub fn is_empty_collection(&self) -> bool {
        match self {
            Value::Str(_) => false,
            Value::List(l) => l.is_empty(),
            Value::Hash(h) => h.is_empty(),
            Value::Set(s) => s.is_empty(),
            Value::ZSet(z) => z.is_empty(),
        }
    }
}

/// Copies an argument out of the connection's read buffer into storage
/// (never a slice of it, which would pin the whole buffer).
pub fn owned(b: &[u8]) -> Bytes {
    Bytes::copy_from_slice(b)
}
