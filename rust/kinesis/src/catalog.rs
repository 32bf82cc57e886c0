//! The stream catalog: which streams exist, their shards (hash ranges,
//! lineage, open or closed), retention, tags and consumers. A partition of
//! its own; every control-plane change is one logged operation, so a reshard
//! (parents closed, children opened) commits all at once or not at all.
//!
//! The prost messages are both the log's operations and the in-memory state
//! (a checkpoint is the state encoded), so fields can be added without
//! breaking data already on disk.

use std::collections::BTreeMap;

use labcloud_core::{CoreError, Entry, StateMachine};
use prost::Message;

#[derive(Clone, PartialEq, prost::Message)]
pub struct ShardMeta {
    #[prost(uint32, tag = "1")]
    pub index: u32,
    /// The hash key range, inclusive, as decimal strings (128-bit values).
    #[prost(string, tag = "2")]
    pub start_hash: String,
    #[prost(string, tag = "3")]
    pub end_hash: String,
    #[prost(uint32, optional, tag = "4")]
    pub parent: Option<u32>,
    #[prost(uint32, optional, tag = "5")]
    pub adjacent_parent: Option<u32>,
    #[prost(int64, tag = "6")]
    pub created_ms: i64,
    /// Set once the shard is closed: the LSN of its log's close record, the
    /// position its EndingSequenceNumber names.
    #[prost(uint64, optional, tag = "7")]
    pub ending_lsn: Option<u64>,
    #[prost(int64, tag = "8")]
    pub closed_ms: i64,
}

impl ShardMeta {
    pub fn is_open(&self) -> bool {
        self.ending_lsn.is_none()
    }
    pub fn range(&self) -> (u128, u128) {
        (self.start_hash.parse().unwrap_or(0), self.end_hash.parse().unwrap_or(0))
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ConsumerMeta {
    #[prost(string, tag = "1")]
    pub name: String,
    #[prost(int64, tag = "2")]
    pub created_ms: i64,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct StreamMeta {
    /// Unique for the engine's lifetime: a re-created stream is a new one.
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(string, tag = "2")]
    pub region: String,
    #[prost(string, tag = "3")]
    pub name: String,
    #[prost(int64, tag = "4")]
    pub created_ms: i64,
    #[prost(bool, tag = "5")]
    pub on_demand: bool,
    #[prost(int32, tag = "6")]
    pub retention_hours: i32,
    #[prost(btree_map = "string, string", tag = "7")]
    pub tags: BTreeMap<String, String>,
    #[prost(btree_map = "uint32, message", tag = "8")]
    pub shards: BTreeMap<u32, ShardMeta>,
    /// The index the next new shard gets.
    #[prost(uint32, tag = "9")]
    pub next_shard: u32,
    #[prost(btree_map = "string, message", tag = "10")]
    pub consumers: BTreeMap<String, ConsumerMeta>,
    /// When UpdateShardCount ran, for its per-day quota.
    #[prost(int64, repeated, tag = "11")]
    pub scalings_ms: Vec<i64>,
}

impl StreamMeta {
    pub fn open_shards(&self) -> impl Iterator<Item = &ShardMeta> {
        self.shards.values().filter(|s| s.is_open())
    }
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Close {
    #[prost(uint32, tag = "1")]
    pub index: u32,
    #[prost(uint64, tag = "2")]
    pub ending_lsn: u64,
}

/// Shards closed and opened together (a split, a merge, a uniform scaling).
#[derive(Clone, PartialEq, prost::Message)]
pub struct Reshard {
    #[prost(uint64, tag = "1")]
    pub stream: u64,
    #[prost(message, repeated, tag = "2")]
    pub closes: Vec<Close>,
    #[prost(message, repeated, tag = "3")]
    pub opens: Vec<ShardMeta>,
    #[prost(int64, tag = "4")]
    pub at_ms: i64,
    /// Counts against the UpdateShardCount quota.
    #[prost(bool, tag = "5")]
    pub scaling: bool,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Retention {
    #[prost(uint64, tag = "1")]
    pub stream: u64,
    #[prost(int32, tag = "2")]
    pub hours: i32,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Tags {
    #[prost(uint64, tag = "1")]
    pub stream: u64,
    #[prost(btree_map = "string, string", tag = "2")]
    pub set: BTreeMap<String, String>,
    #[prost(string, repeated, tag = "3")]
    pub remove: Vec<String>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct ConsumerChange {
    #[prost(uint64, tag = "1")]
    pub stream: u64,
    /// Registers this consumer...
    #[prost(message, optional, tag = "2")]
    pub register: Option<ConsumerMeta>,
    /// ...or deregisters the one of this name.
    #[prost(string, tag = "3")]
    pub deregister: String,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct Expire {
    #[prost(uint64, tag = "1")]
    pub stream: u64,
    /// Closed shards whose every record has passed the retention period.
    #[prost(uint32, repeated, tag = "2")]
    pub shards: Vec<u32>,
}

#[derive(Clone, PartialEq, prost::Message)]
pub struct CatalogOp {
    #[prost(oneof = "Op", tags = "1, 2, 3, 4, 5, 6, 7, 8")]
    pub op: Option<Op>,
}

#[derive(Clone, PartialEq, prost::Oneof)]
pub enum Op {
    /// The first operation of a new engine: the key that signs its tokens.
    #[prost(bytes = "vec", tag = "1")]
    Init(Vec<u8>),
    #[prost(message, tag = "2")]
    Create(StreamMeta),
    #[prost(uint64, tag = "3")]
    Delete(u64),
    #[prost(message, tag = "4")]
    Retention(Retention),
    #[prost(message, tag = "5")]
    Tags(Tags),
    #[prost(message, tag = "6")]
    Reshard(Reshard),
    #[prost(message, tag = "7")]
    Consumer(ConsumerChange),
    #[prost(message, tag = "8")]
    Expire(Expire),
}

impl From<Op> for CatalogOp {
    fn from(op: Op) -> Self {
        CatalogOp { op: Some(op) }
    }
}

#[derive(Clone, PartialEq, prost::Message)]
struct Snapshot {
    #[prost(message, repeated, tag = "1")]
    streams: Vec<StreamMeta>,
    #[prost(uint64, tag = "2")]
    last_id: u64,
    #[prost(bytes = "vec", tag = "3")]
    secret: Vec<u8>,
}

/// Why an operation changed nothing. The engine serializes control-plane
/// calls and checks first, so these only arise from races it lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    NameTaken,
    NoSuchStream,
}

#[derive(Default)]
pub struct Catalog {
    pub streams: BTreeMap<u64, StreamMeta>,
    /// (region, name) of every stream -> its id.
    pub by_name: BTreeMap<(String, String), u64>,
    pub last_id: u64,
    pub secret: Vec<u8>,
}

impl Catalog {
    pub fn restore(snapshot: Option<&[u8]>) -> Result<Self, CoreError> {
        let Some(bytes) = snapshot else {
            return Ok(Catalog::default());
        };
        let s = Snapshot::decode(bytes).map_err(|e| CoreError::Decode {
            what: "stream catalog checkpoint",
            reason: e.to_string(),
        })?;
        let mut c = Catalog {
            last_id: s.last_id,
            secret: s.secret,
            ..Catalog::default()
        };
        for m in s.streams {
            c.by_name.insert((m.region.clone(), m.name.clone()), m.id);
            c.streams.insert(m.id, m);
        }
        Ok(c)
    }

    pub fn stream_named(&self, region: &str, name: &str) -> Option<&StreamMeta> {
        let id = self.by_name.get(&(region.to_string(), name.to_string()))?;
        self.streams.get(id)
    }

    fn apply_op(&mut self, op: Op) -> Result<(), Conflict> {
        match op {
            Op::Init(secret) => self.secret = secret,
            Op::Create(m) => {
                self.last_id = self.last_id.max(m.id);
                let key = (m.region.clone(), m.name.clone());
                if self.by_name.contains_key(&key) {
                    return Err(Conflict::NameTaken);
                }
                self.by_name.insert(key, m.id);
                self.streams.insert(m.id, m);
            }
            Op::Delete(id) => {
                let m = self.streams.remove(&id).ok_or(Conflict::NoSuchStream)?;
                self.by_name.remove(&(m.region, m.name));
            }
            Op::Retention(r) => self.stream(r.stream)?.retention_hours = r.hours,
            Op::Tags(t) => {
                let m = self.stream(t.stream)?;
                m.tags.extend(t.set);
                for k in t.remove {
                    m.tags.remove(&k);
                }
            }
            Op::Reshard(r) => {
                let m = self.stream(r.stream)?;
                for c in r.closes {
                    if let Some(s) = m.shards.get_mut(&c.index) {
                        s.ending_lsn = Some(c.ending_lsn);
                        s.closed_ms = r.at_ms;
                    }
                }
                for s in r.opens {
                    m.next_shard = m.next_shard.max(s.index + 1);
                    m.shards.insert(s.index, s);
                }
                if r.scaling {
                    m.scalings_ms.push(r.at_ms);
                    // Only the last day's scalings count against the quota.
                    m.scalings_ms.retain(|t| *t > r.at_ms - 86_400_000);
                }
            }
            Op::Consumer(c) => {
                let m = self.stream(c.stream)?;
                match c.register {
                    Some(reg) => {
                        m.consumers.insert(reg.name.clone(), reg);
                    }
                    None => {
                        m.consumers.remove(&c.deregister);
                    }
                }
            }
            Op::Expire(e) => {
                let m = self.stream(e.stream)?;
                for i in e.shards {
                    m.shards.remove(&i);
                }
            }
        }
        Ok(())
    }

    fn stream(&mut self, id: u64) -> Result<&mut StreamMeta, Conflict> {
        self.streams.get_mut(&id).ok_or(Conflict::NoSuchStream)
    }
}

impl StateMachine for Catalog {
    type Output = Result<(), Conflict>;

    fn apply(&mut self, entry: Entry<'_>) -> Result<(), Conflict> {
        // Only this engine writes the catalog; an undecodable record would
        // be corruption, which the log's checksums already rule out.
        match CatalogOp::decode(entry.header) {
            Ok(CatalogOp { op: Some(op) }) => self.apply_op(op),
            _ => Ok(()),
        }
    }

    fn snapshot(&self) -> Vec<u8> {
        Snapshot {
            streams: self.streams.values().cloned().collect(),
            last_id: self.last_id,
            secret: self.secret.clone(),
        }
        .encode_to_vec()
    }
}
