//! Publish/subscribe: channels and patterns, each subscriber an unbounded
//! queue that its connection drains between commands.

use std::collections::HashMap;
use std::sync::RwLock;

use bytes::Bytes;
use tokio::sync::mpsc::UnboundedSender;

use crate::glob;
use crate::types::Hasher;

/// A message for one subscriber.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Message { channel: Bytes, payload: Bytes },
    PMessage { pattern: Bytes, channel: Bytes, payload: Bytes },
}

type Subscribers = HashMap<u64, UnboundedSender<Message>, Hasher>;

#[derive(Default)]
pub struct PubSub {
    channels: RwLock<HashMap<Bytes, Subscribers, Hasher>>,
    patterns: RwLock<HashMap<Bytes, Subscribers, Hasher>>,
}

fn add(map: &RwLock<HashMap<Bytes, Subscribers, Hasher>>, name: &Bytes, id: u64, tx: &UnboundedSender<Message>) {
    map.write().unwrap_or_else(|p| p.into_inner()).entry(name.clone()).or_default().insert(id, tx.clone());
}

fn remove(map: &RwLock<HashMap<Bytes, Subscribers, Hasher>>, name: &[u8], id: u64) {
    let mut m = map.write().unwrap_or_else(|p| p.into_inner());
    if let Some(s) = m.get_mut(name) {
        s.remove(&id);
        if s.is_empty() {
            m.remove(name);
        }
    }
}

impl PubSub {
    pub fn subscribe(&self, channel: &Bytes, id: u64, tx: &UnboundedSender<Message>) {
        add(&self.channels, channel, id, tx);
    }
    pub fn unsubscribe(&self, channel: &[u8], id: u64) {
        remove(&self.channels, channel, id);
    }
    pub fn psubscribe(&self, pattern: &Bytes, id: u64, tx: &UnboundedSender<Message>) {
        add(&self.patterns, pattern, id, tx);
    }
    pub fn punsubscribe(&self, pattern: &[u8], id: u64) {
        remove(&self.patterns, pattern, id);
    }

    /// Delivers `payload` to every subscriber of `channel` and of a matching
    /// pattern; returns how many received it.
    pub fn publish(&self, channel: &[u8], payload: &[u8]) -> usize {
        let channel = Bytes::copy_from_slice(channel);
        let payload = Bytes::copy_from_slice(payload);
        let mut n = 0;
        if let Some(subs) = self.channels.read().unwrap_or_else(|p| p.into_inner()).get(&channel) {
            for tx in subs.values() {
                let m = Message::Message { channel: channel.clone(), payload: payload.clone() };
                n += usize::from(tx.send(m).is_ok());
            }
        }
        for (pattern, subs) in self.patterns.read().unwrap_or_else(|p| p.into_inner()).iter() {
            if glob::matches(pattern, &channel) {
                for tx in subs.values() {
                    let m = Message::PMessage {
                        pattern: pattern.clone(),
                        channel: channel.clone(),
                        payload: payload.clone(),
                    };
                    n += usize::from(tx.send(m).is_ok());
                }
            }
        }
        n
    }

    /// Channels with at least one subscriber (INFO, PUBSUB CHANNELS).
    pub fn channel_count(&self) -> usize {
        self.channels.read().unwrap_or_else(|p| p.into_inner()).len()
    }
    pub fn channels(&self) -> Vec<Bytes> {
        self.channels.read().unwrap_or_else(|p| p.into_inner()).keys().cloned().collect()
    }
    pub fn subscribers(&self, channel: &[u8]) -> usize {
        self.channels.read().unwrap_or_else(|p| p.into_inner()).get(channel).map_or(0, |s| s.len())
    }
    pub fn pattern_count(&self) -> usize {
        self.patterns.read().unwrap_or_else(|p| p.into_inner()).len()
    }
}
