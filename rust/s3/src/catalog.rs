//! The bucket catalog: which buckets exist, where, and since when. A partition
//! of its own, separate from the buckets' partitions.

use std::collections::BTreeMap;

use labcloud_core::{CoreError, Entry, StateMachine};
use prost::Message;

#[derive(Clone, PartialEq, prost::Message)]
pub struct CatalogEntry {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(string, tag = "2")]
    pub region: String,
    #[prost(int64, tag = "3")]
    pub created_ns: i64,
    /// Distinguishes a re-created bucket from its deleted namesake on disk.
    #[prost(uint64, tag = "4")]
    pub incarnation: u64,
}

impl CatalogEntry {
    pub fn dir_name(&self) -> String {
        format!("{}.{}", self.name, self.incarnation)
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CatalogOp {
    #[prost(message, optional, tag = "1")]
    pub create: Option<CatalogEntry>,
    #[prost(string, tag = "2")]
    pub delete: String,
}

#[derive(Clone, PartialEq, prost::Message)]
struct CatalogSnapshot {
    #[prost(message, repeated, tag = "1")]
    entries: Vec<CatalogEntry>,
    #[prost(uint64, tag = "2")]
    last_incarnation: u64,
}

#[derive(Default)]
pub struct Catalog {
    pub buckets: BTreeMap<String, CatalogEntry>,
    pub last_incarnation: u64,
}

/// Ok(existing entry) if the name was taken.
pub type CatalogOutput = Result<(), CatalogEntry>;

impl Catalog {
    pub fn restore(snapshot: Option<&[u8]>) -> Result<Self, CoreError> {
        let Some(bytes) = snapshot else {
            return Ok(Catalog::default());
        };
        let s = CatalogSnapshot::decode(bytes).map_err(|e| CoreError::Decode {
            what: "bucket catalog checkpoint",
            reason: e.to_string(),
        })?;
        Ok(Catalog {
            buckets: s.entries.into_iter().map(|e| (e.name.clone(), e)).collect(),
            last_incarnation: s.last_incarnation,
        })
    }
}

impl StateMachine for Catalog {
    type Output = CatalogOutput;

    fn apply(&mut self, entry: Entry<'_>) -> CatalogOutput {
        let Ok(op) = CatalogOp::decode(entry.header) else {
            return Ok(());
        };
        if let Some(c) = op.create {
            self.last_incarnation = self.last_incarnation.max(c.incarnation);
            if let Some(existing) = self.buckets.get(&c.name) {
                return Err(existing.clone());
            }
            self.buckets.insert(c.name.clone(), c);
        } else if !op.delete.is_empty() {
            self.buckets.remove(&op.delete);
        }
        Ok(())
    }

    fn snapshot(&self) -> Vec<u8> {
        CatalogSnapshot {
            entries: self.buckets.values().cloned().collect(),
            last_incarnation: self.last_incarnation,
        }
        .encode_to_vec()
    }
}
