//! SubscribeToShard: records pushed to an enhanced fan-out consumer as they
//! arrive, paced at the consumer's 2 MiB/s per shard, for the 5 minutes a
//! subscription lives (all on the engine clock).
//!
//! The engine knows no timers: a [`Subscription`] is polled, and between
//! polls its owner waits for the shard's notification of new records or
//! for a tick of its own (so the lifetime and the pacing, which move with
//! the clock and not with records, are noticed too).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use labcloud_core::TokenBucket;
use tokio::sync::Notify;

use crate::engine::{KinesisEngine, LeaseKey};
use crate::error::{KinesisError, Result};
use crate::keys::SeqNo;
use crate::reads::Position;
use crate::stream::ShardHandle;
use crate::types::*;

/// An event is sent at least this often (engine time), records or not.
const HEARTBEAT_MS: i64 = 5_000;
/// A newer subscription to the same consumer and shard is refused within
/// this long of the last one, and takes it over after.
const TAKEOVER_AFTER_MS: i64 = 5_000;
/// The most data one event carries (well under the gRPC message limit).
const EVENT_BYTES: u64 = 4 << 20;
const EVENT_RECORDS: usize = 10_000;

static LEASES: AtomicU64 = AtomicU64::new(1);

/// What a poll found.
#[derive(Debug)]
pub enum SubscriptionPoll {
    Event(SubscriptionEvent),
    /// Nothing to send yet: wait for the shard's notification or a tick.
    Wait,
    /// The subscription is over (its lifetime ended, or it read a closed
    /// shard to the end); resubscribe to go on.
    End,
}

pub struct Subscription {
    engine: Arc<KinesisEngine>,
    key: LeaseKey,
    consumer_created_ms: i64,
    consumer_arn: String,
    shard: Arc<ShardHandle>,
    lease: u64,
    pos: Position,
    started_ms: i64,
    last_event_ms: i64,
    pacing: Option<TokenBucket>,
    done: bool,
}

impl KinesisEngine {
    pub fn subscribe_to_shard(self: &Arc<Self>, consumer_arn: &str, shard_id: &str, start: &StartingPosition) -> Result<Subscription> {
        if consumer_arn.is_empty() {
            return Err(KinesisError::constraint(None, "consumerARN", "not be null"));
        }
        let (meta, consumer) = self.find_consumer(&ConsumerRef {
            arn: consumer_arn.to_string(),
            ..ConsumerRef::default()
        })?;
        let (_, shard) = self.shard_of(&meta, shard_id)?;
        let pos = self.start_position(&shard, &start.kind, &start.sequence_number, start.timestamp, "startingPosition.")?;
        let now = self.now_ms();
        let key = (meta.id, consumer.name.clone(), shard.index);
        let lease = LEASES.fetch_add(1, Ordering::Relaxed);
        {
            let mut leases = self.leases.lock().unwrap();
            if let Some((_, since)) = leases.get(&key)
                && now - since < TAKEOVER_AFTER_MS
            {
                return Err(KinesisError::ResourceInUse(format!(
                    "Another active subscription exists for consumer {consumer_arn} on shard {shard_id}; a new \
                     one may take it over {TAKEOVER_AFTER_MS} ms after it started."
                )));
            }
            leases.insert(key.clone(), (lease, now));
        }
        let l = &self.cfg.limits;
        Ok(Subscription {
            engine: self.clone(),
            key,
            consumer_created_ms: consumer.created_ms,
            consumer_arn: consumer_arn.to_string(),
            shard,
            lease,
            pos,
            started_ms: now,
            last_event_ms: now,
            pacing: l
                .enforce
                .then(|| TokenBucket::new(l.consumer_push_bytes, l.consumer_push_bytes, self.now())),
            done: false,
        })
    }
}

impl Subscription {
    /// Woken when the shard gets records (or closes).
    pub fn notify(&self) -> Arc<Notify> {
        self.shard.part.read().notify.clone()
    }

    /// The next event, if one is due.
    pub fn poll(&mut self) -> Result<SubscriptionPoll> {
        if self.done || self.engine.stopping.load(Ordering::SeqCst) {
            return Ok(SubscriptionPoll::End);
        }
        let e = self.engine.clone();
        let (stream, consumer, index) = (self.key.0, self.key.1.clone(), self.key.2);
        if e.leases.lock().unwrap().get(&self.key).map(|l| l.0) != Some(self.lease) {
            self.done = true;
            return Err(KinesisError::ResourceInUse(format!(
                "A newer SubscribeToShard call for consumer {} took over this subscription.",
                self.consumer_arn
            )));
        }
        let registered = e
            .catalog
            .read()
            .streams
            .get(&stream)
            .and_then(|m| m.consumers.get(&consumer))
            .is_some_and(|c| c.created_ms == self.consumer_created_ms);
        if !registered {
            self.done = true;
            return Err(KinesisError::ResourceNotFound(format!(
                "Consumer {}, account {} not found.",
                self.consumer_arn,
                e.account()
            )));
        }
        let now = e.now();
        if now.as_millis() - self.started_ms >= e.cfg.limits.subscription_lifetime.as_millis() as i64 {
            self.done = true;
            return Ok(SubscriptionPoll::End);
        }
        if let Some(p) = &mut self.pacing
            && p.available(now) <= 0.0
        {
            return Ok(SubscriptionPoll::Wait);
        }
        let view = e.shard_view(stream, index)?;
        let b = e.read_shard(&view, &self.shard, self.pos, EVENT_RECORDS, EVENT_BYTES)?;
        let heartbeat = now.as_millis() - self.last_event_ms >= HEARTBEAT_MS;
        if b.records.is_empty() && !b.at_end && !heartbeat {
            return Ok(SubscriptionPoll::Wait);
        }
        if let Some(p) = &mut self.pacing {
            p.take_debt(b.bytes as f64, now);
        }
        self.pos = Position {
            lsn: b.next_lsn,
            pos: b.next_pos,
        };
        self.last_event_ms = now.as_millis();
        self.done = b.at_end;
        Ok(SubscriptionPoll::Event(SubscriptionEvent {
            records: b.records,
            // Resubscribing AFTER this number continues exactly here.
            continuation_sequence_number: (!b.at_end)
                .then(|| SeqNo::new(index, self.pos.lsn.saturating_sub(1)).format()),
            millis_behind_latest: b.millis_behind_latest,
            child_shards: if b.at_end { e.children(stream, index) } else { vec![] },
        }))
    }
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("consumer", &self.consumer_arn)
            .field("shard", &self.shard.id)
            .field("next_lsn", &self.pos.lsn)
            .finish()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut leases = self.engine.leases.lock().unwrap();
        if leases.get(&self.key).map(|l| l.0) == Some(self.lease) {
            leases.remove(&self.key);
        }
    }
}
