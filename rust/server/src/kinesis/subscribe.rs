//! A subscription as a stream of events: polls the engine's subscription,
//! and between polls waits for the shard's notification of new records or
//! a short tick, so the subscription's lifetime, heartbeats and pacing
//! (which move with the engine clock, not with records) are noticed too.

use std::pin::Pin;
use std::time::Duration;

use futures_util::Stream;
use labcloud_kinesis::{Subscription, SubscriptionPoll};
use tonic::Status;

use super::convert;
use crate::proto::kinesis as pb;
use crate::status::kinesis_status;

pub type EventStream = Pin<Box<dyn Stream<Item = Result<pb::SubscribeToShardEvent, Status>> + Send>>;

/// How often an idle subscription looks at the clock again (real time).
const TICK: Duration = Duration::from_millis(100);

pub fn events(sub: Subscription) -> EventStream {
    Box::pin(futures_util::stream::unfold(Some(sub), |state| async move {
        let mut sub = state?;
        loop {
            let notify = sub.notify();
            let notified = notify.notified();
            tokio::pin!(notified);
            // Registered before the poll looks, so a record applied in
            // between still wakes this task.
            notified.as_mut().enable();
            match sub.poll() {
                Ok(SubscriptionPoll::Event(e)) => return Some((Ok(convert::event(e)), Some(sub))),
                Ok(SubscriptionPoll::End) => return None,
                Err(e) => return Some((Err(kinesis_status(e)), None)),
                Ok(SubscriptionPoll::Wait) => {
                    tokio::select! {
                        _ = notified => {}
                        _ = tokio::time::sleep(TICK) => {}
                    }
                }
            }
        }
    }))
}
