//! labcloud's ElastiCache engine: a Redis-compatible in-memory cache.
//!
//! A [`Node`] is one Redis server: 16 databases of striped keyspaces (so
//! commands on different keys run on different cores), the eight
//! maxmemory eviction policies by sampling, lazy and active expiry on the
//! engine clock, pub/sub, transactions and, in cluster mode, the slots it
//! owns. [`CacheEngine`] is the ElastiCache control plane that creates
//! cache clusters and replication groups out of nodes and asks a
//! [`Frontend`] to serve each on a RESP endpoint. As on ElastiCache, data
//! lives in memory only and does not survive a restart.

pub mod cmd;
pub mod config;
mod control;
mod ctx;
mod engine;
mod error;
mod evict;
pub mod glob;
mod keyspace;
pub mod node;
pub mod out;
mod pubsub;
pub mod session;
pub mod slots;
mod store;
mod topology;
mod types;

pub use config::Policy;
pub use control::{CacheCluster, CacheNodeInfo, CreateCacheCluster, CreateReplicationGroup, NodeGroup, NodeGroupMember, ReplicationGroup, node_type_memory};
pub use ctx::Flow;
pub use engine::{CacheConfig, CacheEngine, Frontend, Listener};
pub use error::CacheError;
pub use node::Node;
pub use out::Out;
pub use pubsub::Message;
pub use session::{Role, Session};
pub use topology::{NodeAddr, ShardView, Topology};
