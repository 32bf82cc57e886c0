//! How a cluster-mode replication group's slots are spread over shards and
//! where each shard's nodes listen: what MOVED, CLUSTER SLOTS and CLUSTER
//! SHARDS report.

use crate::slots::SlotRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeAddr {
    /// 40 hex characters, like a Redis cluster node id.
    pub id: String,
    pub host: String,
    pub port: u16,
}

impl NodeAddr {
    pub fn endpoint(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

#[derive(Clone, Debug)]
pub struct ShardView {
    pub slots: SlotRange,
    pub primary: NodeAddr,
    pub replicas: Vec<NodeAddr>,
}

#[derive(Clone, Debug, Default)]
pub struct Topology {
    pub shards: Vec<ShardView>,
}

impl Topology {
    pub fn owner(&self, slot: u16) -> Option<&ShardView> {
        self.shards.iter().find(|s| s.slots.contains(slot))
    }
}
