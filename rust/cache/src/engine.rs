//! The ElastiCache engine: cache clusters and replication groups made of
//! nodes, each node served on its own RESP endpoint by a [`Frontend`], and
//! the background active-expiry cycle over every node.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use labcloud_core::{Clock, SystemClock};

use crate::config::Policy;
use crate::control::{
    CacheCluster, CacheNodeInfo, CreateCacheCluster, CreateReplicationGroup, MAX_REPLICAS, MAX_SHARDS, NodeGroup,
    NodeGroupMember, ReplicationGroup, check_engine, check_id, check_node_type,
};
use crate::error::CacheError;
use crate::node::{Node, run_id};
use crate::session::Role;
use crate::slots::split_evenly;
use crate::topology::{NodeAddr, ShardView, Topology};

/// The engine version clusters report (the behaviour labcloud implements).
pub const ENGINE_VERSION: &str = "7.0.15";
/// ElastiCache's default parameter group evicts keys with a TTL, LRU first.
pub const DEFAULT_POLICY: Policy = Policy::VolatileLru;
/// How often active expiry runs (redis-server's hz 10).
const EXPIRY_PERIOD: Duration = Duration::from_millis(100);

/// A RESP endpoint serving one node; closing it (or dropping it) stops
/// accepting connections and ends the ones it has.
pub trait Listener: Send + Sync {
    fn addr(&self) -> SocketAddr;
    fn close(&self);
}

/// What serves nodes over the network: the RESP front of the server crate.
pub trait Frontend: Send + Sync {
    /// Starts a RESP listener for `node` on `host:port` (port 0 picks a
    /// free one); connections get sessions of `role`.
    fn serve(&self, node: Arc<Node>, role: Role, host: &str, port: u16) -> Result<Box<dyn Listener>, String>;
}

#[derive(Clone)]
pub struct CacheConfig {
    /// Every node reads time (TTLs, LFU decay) from here.
    pub clock: Arc<dyn Clock>,
    /// The address RESP endpoints listen on and report.
    pub host: String,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig { clock: Arc::new(SystemClock), host: "127.0.0.1".into() }
    }
}

struct ClusterRec {
    info: CacheCluster,
    node: Arc<Node>,
    role: Role,
    listener: Box<dyn Listener>,
}

#[derive(Default)]
struct State {
    clusters: BTreeMap<String, ClusterRec>,
    groups: BTreeMap<String, ReplicationGroup>,
}

pub struct CacheEngine {
    config: CacheConfig,
    frontend: Arc<dyn Frontend>,
    state: Arc<Mutex<State>>,
    stop: Mutex<Option<(Sender<()>, JoinHandle<()>)>>,
}

fn region_az(region: &str, i: usize) -> String {
    let region = if region.is_empty() { "us-east-1" } else { region };
    format!("{region}{}", ['a', 'b', 'c'][i % 3])
}

fn region_of_az(az: &str) -> &str {
    az.strip_suffix(|c: char| c.is_ascii_lowercase()).unwrap_or(az)
}

impl CacheEngine {
    pub fn open(config: CacheConfig, frontend: Arc<dyn Frontend>) -> Arc<CacheEngine> {
        let state: Arc<Mutex<State>> = Arc::default();
        let (tx, rx) = channel::<()>();
        let weak = Arc::downgrade(&state);
        let thread = std::thread::Builder::new()
            .name("labcloud-cache-expiry".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = rx.recv_timeout(EXPIRY_PERIOD) {
                    let Some(state) = weak.upgrade() else { return };
                    let nodes: Vec<Arc<Node>> = {
                        let s = state.lock().unwrap_or_else(|p| p.into_inner());
                        s.clusters.values().filter(|c| c.role == Role::Primary).map(|c| c.node.clone()).collect()
                    };
                    for n in nodes {
                        n.active_expire();
                    }
                }
            })
            .expect("spawn the cache expiry thread");
        Arc::new(CacheEngine { config, frontend, state, stop: Mutex::new(Some((tx, thread))) })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn now_ms(&self) -> i64 {
        self.config.clock.now().as_millis()
    }

    /// The address endpoints report: the listen address, or loopback when
    /// listening on every interface.
    fn public_host(&self) -> String {
        match self.config.host.as_str() {
            "0.0.0.0" | "::" | "[::]" => "127.0.0.1".into(),
            h => h.into(),
        }
    }

    fn serve(&self, node: &Arc<Node>, role: Role, port: u16) -> Result<Box<dyn Listener>, CacheError> {
        let l = self.frontend.serve(node.clone(), role, &self.config.host, port).map_err(CacheError::Endpoint)?;
        if role == Role::Primary {
            let _ = node.port.set(l.addr().port());
        }
        Ok(l)
    }

    fn arn(&self, az: &str, kind: &str, id: &str) -> String {
        format!("arn:aws:elasticache:{}:000000000000:{kind}:{id}", region_of_az(az))
    }

    fn cluster_info(&self, id: &str, engine: &str, node_type: &str, az: &str, group: &str, addr: SocketAddr, now: i64) -> CacheCluster {
        CacheCluster {
            cache_cluster_id: id.into(),
            engine: engine.into(),
            engine_version: ENGINE_VERSION.into(),
            cache_node_type: node_type.into(),
            status: "available".into(),
            num_cache_nodes: 1,
            az: az.into(),
            create_time_ms: now,
            replication_group_id: group.into(),
            arn: self.arn(az, "cluster", id),
            nodes: vec![CacheNodeInfo {
                cache_node_id: "0001".into(),
                address: self.public_host(),
                port: addr.port(),
                az: az.into(),
                create_time_ms: now,
            }],
            parameter_group: "default.redis7".into(),
        }
    }

    pub fn create_cache_cluster(&self, r: CreateCacheCluster) -> Result<CacheCluster, CacheError> {
        let id = check_id(&r.cache_cluster_id, "Cache cluster id", 50)?;
        let engine = check_engine(&r.engine)?;
        let maxmemory = check_node_type(&r.cache_node_type)?;
        if let Some(n) = r.num_cache_nodes
            && n != 1
        {
            return Err(CacheError::InvalidParameterValue(format!(
                "Cannot create a {engine} cluster with {n} nodes: a {engine} cache cluster has exactly one node; use a replication group for replicas."
            )));
        }
        let mut st = self.state();
        if st.clusters.contains_key(&id) {
            return Err(CacheError::CacheClusterAlreadyExists(id));
        }
        let node = Node::new(id.clone(), maxmemory, DEFAULT_POLICY, self.config.clock.clone(), None);
        let listener = self.serve(&node, Role::Primary, r.port)?;
        let az = if r.az.is_empty() { region_az("", 0) } else { r.az.clone() };
        let info = self.cluster_info(&id, &engine, &r.cache_node_type, &az, "", listener.addr(), self.now_ms());
        st.clusters.insert(id, ClusterRec { info: info.clone(), node, role: Role::Primary, listener });
        Ok(info)
    }

    pub fn describe_cache_clusters(&self, id: Option<&str>) -> Result<Vec<CacheCluster>, CacheError> {
        let st = self.state();
        match id {
            Some(id) => {
                let id = id.to_ascii_lowercase();
                st.clusters.get(&id).map(|c| vec![c.info.clone()]).ok_or(CacheError::CacheClusterNotFound(id))
            }
            None => Ok(st.clusters.values().map(|c| c.info.clone()).collect()),
        }
    }

    pub fn delete_cache_cluster(&self, id: &str) -> Result<CacheCluster, CacheError> {
        let id = id.to_ascii_lowercase();
        let mut st = self.state();
        let c = st.clusters.get(&id).ok_or_else(|| CacheError::CacheClusterNotFound(id.clone()))?;
        if !c.info.replication_group_id.is_empty() {
            return Err(CacheError::InvalidCacheClusterState(format!(
                "Cache cluster {id} is a member of replication group {}; delete the replication group instead.",
                c.info.replication_group_id
            )));
        }
        let c = st.clusters.remove(&id).expect("present");
        c.listener.close();
        let mut info = c.info;
        info.status = "deleting".into();
        Ok(info)
    }

    pub fn create_replication_group(&self, r: CreateReplicationGroup) -> Result<ReplicationGroup, CacheError> {
        let id = check_id(&r.replication_group_id, "Replication group id", 40)?;
        let engine = check_engine(&r.engine)?;
        let maxmemory = check_node_type(&r.cache_node_type)?;
        if r.description.is_empty() {
            return Err(CacheError::InvalidParameterValue(
                "The parameter ReplicationGroupDescription must be provided and must not be blank.".into(),
            ));
        }
        let cluster_enabled = match r.cluster_mode.to_ascii_lowercase().as_str() {
            "enabled" => true,
            "disabled" => false,
            "" => r.num_node_groups.is_some(),
            other => {
                return Err(CacheError::InvalidParameterValue(format!(
                    "Invalid ClusterMode: {other}. Valid values: enabled, disabled."
                )));
            }
        };
        if !cluster_enabled && r.num_node_groups.is_some_and(|n| n > 1) {
            return Err(CacheError::InvalidParameterCombination(
                "NumNodeGroups greater than 1 requires cluster mode enabled.".into(),
            ));
        }
        if cluster_enabled && r.num_cache_clusters.is_some() {
            return Err(CacheError::InvalidParameterCombination(
                "NumCacheClusters cannot be used with cluster mode enabled; use NumNodeGroups and ReplicasPerNodeGroup.".into(),
            ));
        }
        let shards = r.num_node_groups.unwrap_or(1);
        if shards == 0 {
            return Err(CacheError::InvalidParameterValue("NumNodeGroups must be at least 1.".into()));
        }
        if shards > MAX_SHARDS {
            return Err(CacheError::NodeGroupsPerReplicationGroupQuotaExceeded);
        }
        let replicas = match (r.num_cache_clusters, r.replicas_per_node_group) {
            (Some(n), _) if !(1..=MAX_REPLICAS + 1).contains(&n) => {
                return Err(CacheError::InvalidParameterValue(format!(
                    "NumCacheClusters must be between 1 and {}.",
                    MAX_REPLICAS + 1
                )));
            }
            (Some(n), _) => n - 1,
            (None, Some(n)) if n > MAX_REPLICAS => {
                return Err(CacheError::InvalidParameterValue(format!(
                    "ReplicasPerNodeGroup must be between 0 and {MAX_REPLICAS}."
                )));
            }
            (None, n) => n.unwrap_or(0),
        };
        let automatic_failover = r.automatic_failover.unwrap_or(cluster_enabled);
        if automatic_failover && replicas == 0 && !cluster_enabled {
            return Err(CacheError::InvalidParameterCombination(
                "Automatic failover needs at least one replica.".into(),
            ));
        }
        let mut st = self.state();
        if st.groups.contains_key(&id) {
            return Err(CacheError::ReplicationGroupAlreadyExists(id));
        }
        let now = self.now_ms();
        let host = self.public_host();
        let ranges = split_evenly(shards as u16);
        let mut recs: Vec<ClusterRec> = Vec::new();
        let mut groups = Vec::new();
        let mut topology = Topology::default();
        let mut port = r.port;
        for (g, range) in ranges.iter().enumerate() {
            let slots = cluster_enabled.then_some(*range);
            let member = |n: usize| {
                if cluster_enabled { format!("{id}-{:04}-{:03}", g + 1, n + 1) } else { format!("{id}-{:03}", n + 1) }
            };
            let primary_id = member(0);
            if st.clusters.contains_key(&primary_id) {
                return Err(CacheError::CacheClusterAlreadyExists(primary_id));
            }
            let node = Node::new(primary_id.clone(), maxmemory, DEFAULT_POLICY, self.config.clock.clone(), slots);
            let mut members = Vec::new();
            let mut view = ShardView { slots: *range, primary: NodeAddr { id: node.run_id.clone(), host: host.clone(), port: 0 }, replicas: vec![] };
            for n in 0..=replicas as usize {
                let cid = member(n);
                let role = if n == 0 { Role::Primary } else { Role::Replica };
                // The requested port goes to the first node; the others
                // share this host, so they get ports of their own.
                let listener = self.serve(&node, role, std::mem::take(&mut port))?;
                let az = region_az(&r.region, n);
                let info = self.cluster_info(&cid, &engine, &r.cache_node_type, &az, &id, listener.addr(), now);
                let addr = NodeAddr { id: if n == 0 { node.run_id.clone() } else { run_id() }, host: host.clone(), port: listener.addr().port() };
                if n == 0 {
                    view.primary = addr;
                } else {
                    view.replicas.push(addr);
                }
                members.push(NodeGroupMember {
                    cache_cluster_id: cid,
                    cache_node_id: "0001".into(),
                    address: host.clone(),
                    port: listener.addr().port(),
                    az,
                    role: if n == 0 { "primary" } else { "replica" }.into(),
                });
                recs.push(ClusterRec { info, node: node.clone(), role, listener });
            }
            let primary = (host.clone(), view.primary.port);
            let reader = view.replicas.first().map_or(primary.clone(), |r| (host.clone(), r.port));
            groups.push(NodeGroup { node_group_id: format!("{:04}", g + 1), slots, primary, reader, members });
            topology.shards.push(view);
        }
        if cluster_enabled {
            let topology = Arc::new(topology);
            for rec in recs.iter().filter(|r| r.role == Role::Primary) {
                if let Some(place) = &rec.node.cluster {
                    let _ = place.topology.set(topology.clone());
                }
            }
        }
        let first = groups[0].primary.clone();
        let az0 = region_az(&r.region, 0);
        let group = ReplicationGroup {
            replication_group_id: id.clone(),
            description: r.description,
            status: "available".into(),
            engine,
            cache_node_type: r.cache_node_type,
            cluster_enabled,
            member_clusters: recs.iter().map(|c| c.info.cache_cluster_id.clone()).collect(),
            node_groups: groups,
            configuration_endpoint: cluster_enabled.then_some(first),
            automatic_failover,
            multi_az: r.multi_az.unwrap_or(false),
            arn: self.arn(&az0, "replicationgroup", &id),
            create_time_ms: now,
        };
        for rec in recs {
            st.clusters.insert(rec.info.cache_cluster_id.clone(), rec);
        }
        st.groups.insert(id, group.clone());
        Ok(group)
    }

    pub fn describe_replication_groups(&self, id: Option<&str>) -> Result<Vec<ReplicationGroup>, CacheError> {
        let st = self.state();
        match id {
            Some(id) => {
                let id = id.to_ascii_lowercase();
                st.groups.get(&id).map(|g| vec![g.clone()]).ok_or(CacheError::ReplicationGroupNotFound(id))
            }
            None => Ok(st.groups.values().cloned().collect()),
        }
    }

    pub fn delete_replication_group(&self, id: &str) -> Result<ReplicationGroup, CacheError> {
        let id = id.to_ascii_lowercase();
        let mut st = self.state();
        let mut g = st.groups.remove(&id).ok_or_else(|| CacheError::ReplicationGroupNotFound(id.clone()))?;
        for m in &g.member_clusters {
            if let Some(c) = st.clusters.remove(m) {
                c.listener.close();
            }
        }
        g.status = "deleting".into();
        Ok(g)
    }

    /// The node behind a cache cluster id, and whether it is a replica
    /// endpoint (for the gRPC data plane).
    pub fn node(&self, cache_cluster_id: &str) -> Option<(Arc<Node>, Role)> {
        let st = self.state();
        st.clusters.get(&cache_cluster_id.to_ascii_lowercase()).map(|c| (c.node.clone(), c.role))
    }

    /// Closes every endpoint and stops active expiry. Idempotent.
    pub fn close(&self) {
        if let Some((tx, thread)) = self.stop.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = tx.send(());
            let _ = thread.join();
        }
        let mut st = self.state();
        for (_, c) in std::mem::take(&mut st.clusters) {
            c.listener.close();
        }
        st.groups.clear();
    }
}

impl Drop for CacheEngine {
    fn drop(&mut self) {
        self.close();
    }
}
