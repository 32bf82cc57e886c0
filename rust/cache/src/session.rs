//! What a node remembers about one client connection: protocol version,
//! selected database, name, the transaction being queued, watched keys
//! and subscriptions.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use bytes::Bytes;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::pubsub::Message;

/// How the connection reached the node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A primary: reads and writes.
    Primary,
    /// A replica endpoint: reads only, writes get READONLY.
    Replica,
}

pub struct Session {
    pub id: u64,
    pub name: Option<Bytes>,
    pub db: usize,
    pub resp3: bool,
    pub role: Role,
    /// Commands queued since MULTI.
    pub multi: Option<Vec<Vec<Bytes>>>,
    /// A command queued after MULTI was refused: EXEC will abort.
    pub multi_failed: bool,
    /// (db, key) pairs under WATCH, and the flag their changes raise.
    pub watching: Vec<(usize, Bytes)>,
    pub dirty: Arc<AtomicBool>,
    pub channels: BTreeSet<Bytes>,
    pub patterns: BTreeSet<Bytes>,
    pub inbox_tx: UnboundedSender<Message>,
    pub inbox: UnboundedReceiver<Message>,
    /// When the connection was accepted (engine clock ms), for CLIENT INFO.
    pub since_ms: i64,
    /// Commands, keyspace hits and misses not yet added to the node's
    /// stats (counted here so that threads do not contend on shared counters).
    pub commands: u64,
    pub hits: u64,
    pub misses: u64,
}

impl Session {
    pub fn new(id: u64, role: Role, since_ms: i64) -> Self {
        let (inbox_tx, inbox) = unbounded_channel();
        Session {
            id,
            name: None,
            db: 0,
            resp3: false,
            role,
            multi: None,
            multi_failed: false,
            watching: Vec::new(),
            dirty: Arc::new(AtomicBool::new(false)),
            channels: BTreeSet::new(),
            patterns: BTreeSet::new(),
            inbox_tx,
            inbox,
            since_ms,
            commands: 0,
            hits: 0,
            misses: 0,
        }
    }

    pub fn subscriptions(&self) -> usize {
        self.channels.len() + self.patterns.len()
    }

    /// In RESP2 a subscribed connection may only run (un)subscribe, PING,
    /// QUIT and RESET; RESP3 multiplexes pushes with normal replies.
    pub fn in_subscribe_mode(&self) -> bool {
        !self.resp3 && self.subscriptions() > 0
    }
}
