//! A node: one Redis server as ElastiCache runs it (a primary, or the
//! read-only endpoint of a replica), with its data, configuration, stats
//! and, in cluster mode, the slots it owns. [`Node::execute`] is the single
//! entry point every front (RESP, gRPC, embedded) calls.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use smallvec::SmallVec;

use crate::cmd::args::{OOM, err};
use crate::cmd::{self, Command, KEYSPACE, NO_QUEUE, PUBSUB_OK, WRITE};
use crate::config::{NodeConfig, Policy};
use crate::ctx::{Ctx, Flow};
use crate::evict::Evictor;
use crate::keyspace::Now;
use crate::out::{Error, Out};
use crate::pubsub::PubSub;
use crate::session::{Role, Session};
use crate::slots::{SlotRange, key_slot};
use crate::store::{DATABASES, STRIPES, Store};
use crate::topology::Topology;
use labcloud_core::Clock;

/// Counters INFO reports.
#[derive(Default, Debug)]
pub struct Stats {
    pub commands: AtomicU64,
    pub connections: AtomicU64,
    pub hits: AtomicU64,
    pub misses: AtomicU64,
    pub evicted: AtomicU64,
    pub rejected_oom: AtomicU64,
    pub connected: AtomicUsize,
    pub blocked: AtomicUsize,
}

/// Where a node sits in cluster mode.
pub struct ClusterPlace {
    pub slots: SlotRange,
    pub topology: OnceLock<Arc<Topology>>,
}

pub struct Node {
    /// The ElastiCache cache cluster id this node serves, e.g. "orders-0001-001".
    pub name: String,
    /// 40 hex characters (INFO run_id, CLUSTER MYID).
    pub run_id: String,
    pub store: Store,
    pub config: NodeConfig,
    pub clock: Arc<dyn Clock>,
    pub stats: Stats,
    pub pubsub: PubSub,
    /// Set for a shard of a cluster-mode replication group.
    pub cluster: Option<ClusterPlace>,
    /// The port INFO reports; set once the RESP listener is bound.
    pub port: OnceLock<u16>,
    evictor: Evictor,
    tick: AtomicU64,
    next_client: AtomicU64,
    pub started_ms: i64,
}

pub fn run_id() -> String {
    (0..40).map(|_| char::from(b"0123456789abcdef"[fastrand::usize(..16)])).collect()
}

impl Node {
    pub fn new(name: impl Into<String>, maxmemory: u64, policy: Policy, clock: Arc<dyn Clock>, cluster: Option<SlotRange>) -> Arc<Node> {
        let started_ms = clock.now().as_millis();
        Arc::new(Node {
            name: name.into(),
            run_id: run_id(),
            store: Store::new(),
            config: NodeConfig::new(maxmemory, policy),
            clock,
            stats: Stats::default(),
            pubsub: PubSub::default(),
            cluster: cluster.map(|slots| ClusterPlace { slots, topology: OnceLock::new() }),
            port: OnceLock::new(),
            evictor: Evictor::default(),
            tick: AtomicU64::new(1),
            next_client: AtomicU64::new(1),
            started_ms,
        })
    }

    pub fn now(&self) -> Now {
        let ms = self.clock.now().as_millis();
        Now {
            ms,
            tick: self.tick.fetch_add(1, Ordering::Relaxed),
            minutes: (ms / 60_000) as u16,
            lfu: self.config.policy().lfu(),
        }
    }

    /// A session for a new connection.
    pub fn connect(&self, role: Role) -> Session {
        self.stats.connections.fetch_add(1, Ordering::Relaxed);
        self.stats.connected.fetch_add(1, Ordering::Relaxed);
        let id = self.next_client.fetch_add(1, Ordering::Relaxed);
        Session::new(id, role, self.clock.now().as_millis())
    }

    /// Adds a session's counters to the node's stats.
    pub fn flush_stats(&self, s: &mut Session) {
        self.stats.commands.fetch_add(std::mem::take(&mut s.commands), Ordering::Relaxed);
        self.stats.hits.fetch_add(std::mem::take(&mut s.hits), Ordering::Relaxed);
        self.stats.misses.fetch_add(std::mem::take(&mut s.misses), Ordering::Relaxed);
    }

    /// Releases what a closed connection held: watches and subscriptions.
    pub fn disconnect(&self, s: &mut Session) {
        self.flush_stats(s);
        self.unwatch_all(s);
        for c in std::mem::take(&mut s.channels) {
            self.pubsub.unsubscribe(&c, s.id);
        }
        for p in std::mem::take(&mut s.patterns) {
            self.pubsub.punsubscribe(&p, s.id);
        }
        self.stats.connected.fetch_sub(1, Ordering::Relaxed);
    }

    pub fn topology(&self) -> Option<&Arc<Topology>> {
        self.cluster.as_ref()?.topology.get()
    }

    /// Runs one command, writing its reply to `out`.
    pub fn execute(&self, s: &mut Session, argv: &[&[u8]], out: &mut Out) -> Flow {
        if argv.is_empty() {
            return Flow::Continue;
        }
        s.commands += 1;
        let Some(c) = cmd::lookup(argv[0]) else {
            if s.multi.is_some() {
                s.multi_failed = true;
            }
            out.error_bytes(&cmd::unknown_command(argv));
            return Flow::Continue;
        };
        if !c.arity_ok(argv.len()) {
            return self.refuse(s, out, &cmd::wrong_arity(c.name));
        }
        if s.in_subscribe_mode() && !c.has(PUBSUB_OK) {
            out.error(&format!(
                "ERR Can't execute '{}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
                c.name
            ));
            return Flow::Continue;
        }
        if let Err(e) = self.admit(s, c, argv) {
            return self.refuse(s, out, &e);
        }
        if let Some(q) = s.multi.as_mut()
            && !c.has(NO_QUEUE)
        {
            q.push(argv.iter().map(|a| Bytes::copy_from_slice(a)).collect());
            out.simple("QUEUED");
            return Flow::Continue;
        }
        let mut ctx = Ctx::new(self, s, self.now());
        self.run(&mut ctx, c, argv, out);
        ctx.flow
    }

    /// Refuses a command; inside MULTI that also dooms the transaction.
    fn refuse(&self, s: &mut Session, out: &mut Out, e: &str) -> Flow {
        if s.multi.is_some() {
            s.multi_failed = true;
        }
        out.error(e);
        Flow::Continue
    }

    /// The checks before a command may run or be queued: the slot it
    /// addresses (cluster mode), a replica's read-only rule, and memory.
    fn admit(&self, s: &Session, c: &Command, argv: &[&[u8]]) -> Result<(), Error> {
        if let Some(place) = &self.cluster {
            let keys = c.key_positions(argv.len());
            if let Some(&first) = keys.first() {
                let slot = key_slot(argv[first]);
                if keys.iter().any(|&i| key_slot(argv[i]) != slot) {
                    return Err(err("CROSSSLOT Keys in request don't hash to the same slot"));
                }
                if !place.slots.contains(slot) {
                    let Some(owner) = self.topology().and_then(|t| t.owner(slot)) else {
                        return Err(err("CLUSTERDOWN Hash slot not served"));
                    };
                    return Err(format!("MOVED {slot} {}", owner.primary.endpoint()).into());
                }
            }
        }
        if s.role == Role::Replica && c.has(WRITE) {
            return Err(err("READONLY You can't write against a read only replica."));
        }
        self.make_room(c)
    }

    /// Evicts keys (per the policy) while memory is over maxmemory; a
    /// command that would grow memory is refused if that is not enough.
    fn make_room(&self, c: &Command) -> Result<(), Error> {
        let max = self.config.maxmemory();
        if max == 0 || self.store.used_memory() <= max {
            return Ok(());
        }
        let now = self.now();
        let policy = self.config.policy();
        let samples = self.config.samples() as usize;
        while self.store.used_memory() > max {
            if !self.evictor.evict_one(&self.store, policy, samples, &now) {
                break;
            }
            self.stats.evicted.fetch_add(1, Ordering::Relaxed);
        }
        if self.store.used_memory() > max && c.has(cmd::DENYOOM) {
            self.stats.rejected_oom.fetch_add(1, Ordering::Relaxed);
            return Err(err(OOM));
        }
        Ok(())
    }

    /// Runs a command with its key stripes locked (already locked inside EXEC).
    pub(crate) fn run(&self, ctx: &mut Ctx<'_>, c: &Command, argv: &[&[u8]], out: &mut Out) {
        let keys = c.key_positions(argv.len());
        let db = ctx.session.db;
        ctx.lock_all(keys.iter().map(|&i| (db, Store::stripe_of(argv[i]))).collect());
        if let Err(e) = (c.run)(ctx, argv, out) {
            out.error(&e);
        }
        if c.has(WRITE) && !c.has(cmd::ACCOUNTED) {
            for &i in &keys {
                ctx.ks(argv[i]).refresh(argv[i]);
            }
        }
        if !ctx.in_exec {
            ctx.release();
        }
    }

    /// EXEC: runs the queued commands atomically, every stripe they touch
    /// held for the whole transaction.
    pub(crate) fn exec(&self, ctx: &mut Ctx<'_>, out: &mut Out) {
        let Some(queue) = ctx.session.multi.take() else {
            out.error("ERR EXEC without MULTI");
            return;
        };
        let failed = std::mem::replace(&mut ctx.session.multi_failed, false);
        let dirty = ctx.session.dirty.load(Ordering::SeqCst);
        self.unwatch_all(ctx.session);
        if failed {
            out.error("EXECABORT Transaction discarded because of previous errors.");
            return;
        }
        if dirty {
            out.nil_array();
            return;
        }
        // The stripes to hold: every key's, or all of them when a command
        // reads or writes the whole keyspace. SELECT inside the queue moves
        // later keys to its database.
        let mut ids: SmallVec<[(usize, usize); 4]> = SmallVec::new();
        let mut db = ctx.session.db;
        let mut everything = false;
        for argv in &queue {
            let v: Vec<&[u8]> = argv.iter().map(|b| b.as_ref()).collect();
            let Some(c) = cmd::lookup(v[0]) else { continue };
            if c.name == "select" {
                if let Some(n) = cmd::args::parse_i64(v[1]).filter(|n| (0..DATABASES as i64).contains(n)) {
                    db = n as usize;
                }
            }
            everything |= c.has(KEYSPACE);
            ids.extend(c.key_positions(v.len()).iter().map(|&i| (db, Store::stripe_of(v[i]))));
        }
        if everything {
            ids = (0..DATABASES).flat_map(|d| (0..STRIPES).map(move |s| (d, s))).collect();
        }
        ctx.in_exec = true;
        ctx.lock_all(ids);
        out.array(queue.len());
        for argv in &queue {
            let v: Vec<&[u8]> = argv.iter().map(|b| b.as_ref()).collect();
            // Only known commands were queued.
            if let Some(c) = cmd::lookup(v[0]) {
                self.run(ctx, c, &v, out);
            }
        }
        ctx.in_exec = false;
        ctx.release();
    }

    pub(crate) fn unwatch_all(&self, s: &mut Session) {
        for (db, key) in std::mem::take(&mut s.watching) {
            self.store.lock(db, Store::stripe_of(&key)).unwatch(&key, &s.dirty);
        }
        s.dirty.store(false, Ordering::SeqCst);
    }

    /// Active expiry: like redis-server's cycle (hz 10), samples 20 keys
    /// with a TTL per stripe and goes on in a stripe while more than a
    /// quarter of a sample had expired. Returns the keys removed.
    pub fn active_expire(&self) -> usize {
        let now = self.clock.now().as_millis();
        let mut total = 0;
        for db in 0..DATABASES {
            for s in 0..STRIPES {
                let mut ks = self.store.lock(db, s);
                for _ in 0..16 {
                    let (sampled, gone) = ks.expire_sample(20, now);
                    total += gone;
                    if sampled == 0 || gone * 4 <= sampled {
                        break;
                    }
                }
            }
        }
        total
    }
}
