//! What a command runs with: the node, the client's session, the moment,
//! and the stripes it holds locked.

use smallvec::SmallVec;
use tokio::sync::Notify;
use std::sync::Arc;

use crate::keyspace::{Keyspace, Now};
use crate::node::Node;
use crate::session::Session;
use crate::store::{Guard, STRIPES, Store};

/// What the connection does after a command.
#[derive(Debug, Default)]
pub enum Flow {
    #[default]
    Continue,
    /// Reply, then close the connection (QUIT).
    Close,
    /// Nothing to reply yet (BLPOP on empty lists): wait for `wake` or the
    /// deadline (engine-clock ms; None waits forever), then run the command again.
    Block { wake: Arc<Notify>, deadline_ms: Option<i64> },
}

pub struct Ctx<'a> {
    pub node: &'a Node,
    pub session: &'a mut Session,
    pub now: Now,
    pub flow: Flow,
    /// Inside EXEC: blocking commands answer at once, as if timed out.
    pub in_exec: bool,
    /// Held stripes by (db, stripe), acquired in ascending order.
    guards: SmallVec<[((usize, usize), Guard<'a>); 4]>,
}

impl<'a> Ctx<'a> {
    pub fn new(node: &'a Node, session: &'a mut Session, now: Now) -> Self {
        Ctx { node, session, now, flow: Flow::Continue, in_exec: false, guards: SmallVec::new() }
    }

    /// Locks the given (db, stripe) pairs in ascending order, so two
    /// commands locking several stripes can never deadlock.
    pub fn lock_all(&mut self, mut ids: SmallVec<[(usize, usize); 4]>) {
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            if !self.guards.iter().any(|(g, _)| *g == id) {
                let g = self.node.store.lock(id.0, id.1);
                self.guards.push((id, g));
            }
        }
    }

    pub fn release(&mut self) {
        self.guards.clear();
    }

    /// The stripe of `key` in the selected database. The command table
    /// names every key a command touches, so the stripe is already held;
    /// a key outside the table's spec is locked here.
    pub fn ks(&mut self, key: &[u8]) -> &mut Keyspace {
        let id = (self.session.db, Store::stripe_of(key));
        self.stripe(id)
    }

    fn stripe(&mut self, id: (usize, usize)) -> &mut Keyspace {
        let pos = match self.guards.iter().position(|(g, _)| *g == id) {
            Some(p) => p,
            None => {
                let g = self.node.store.lock(id.0, id.1);
                self.guards.push((id, g));
                self.guards.len() - 1
            }
        };
        &mut self.guards[pos].1
    }

    /// Runs `f` on every stripe of `db` in turn: with the stripes this
    /// command holds (inside EXEC), else locking each for the call only.
    pub fn each_stripe(&mut self, db: usize, mut f: impl FnMut(&mut Keyspace)) {
        for s in 0..STRIPES {
            if let Some((_, g)) = self.guards.iter_mut().find(|(g, _)| *g == (db, s)) {
                f(g);
            } else {
                f(&mut self.node.store.lock(db, s));
            }
        }
    }

    /// Runs `f` on one stripe of `db` (SCAN).
    pub fn on_stripe<R>(&mut self, db: usize, s: usize, f: impl FnOnce(&mut Keyspace) -> R) -> R {
        if let Some((_, g)) = self.guards.iter_mut().find(|(g, _)| *g == (db, s)) {
            f(g)
        } else {
            f(&mut self.node.store.lock(db, s))
        }
    }
}
