//! PutRecord and PutRecords: route each record by hash key to its open
//! shard, charge it against the shard's write limits, and log it there.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use labcloud_core::Pending;

use crate::engine::KinesisEngine;
use crate::error::{KinesisError, Result};
use crate::keys::{self, SeqNo};
use crate::shard_log::{self, Applied};
use crate::stream::ShardHandle;
use crate::types::*;
use crate::validate;

/// The API model's ceiling on a record's data (streams may raise their
/// record size up to it; labcloud's stay at the 1 MiB default).
const MODEL_MAX_DATA: usize = 10 << 20;

const INTERNAL_FAILURE: &str = "InternalFailure";

fn internal_failure() -> PutOutcome {
    PutOutcome::Failed {
        code: INTERNAL_FAILURE,
        message: "Internal service failure.".into(),
    }
}

impl KinesisEngine {
    /// Checks one record against the model and the size limit; returns its hash key.
    fn check_entry(&self, e: &PutEntry, at: &dyn Fn(&str) -> String) -> Result<u128> {
        validate::partition_key(&e.partition_key, &at("partitionKey"))?;
        if e.data.len() > MODEL_MAX_DATA {
            return Err(KinesisError::constraint(
                None,
                &at("data"),
                format!("have length less than or equal to {MODEL_MAX_DATA}"),
            ));
        }
        let size = (e.data.len() + e.partition_key.len()) as u64;
        let max = self.cfg.limits.max_record_bytes;
        if size > max {
            return Err(KinesisError::invalid(format!(
                "Record size ({size} bytes of data and partition key) exceeds the maximum record size of {max} bytes."
            )));
        }
        match &e.explicit_hash_key {
            Some(h) => keys::parse_hash_key(h, &at("explicitHashKey")),
            None => Ok(keys::hash_key_of(&e.partition_key)),
        }
    }

    /// Routes, charges and logs `entries`; each outcome stands alone.
    async fn put(&self, region: &str, r: &StreamRef, entries: Vec<PutEntry>, hashes: Vec<u128>) -> Result<Vec<PutOutcome>> {
        let s = self.resolve(region, r)?;
        let stream = self.handle(s.id)?;
        let n = entries.len();
        let mut pending: Vec<Option<(Arc<ShardHandle>, Pending<Applied>)>> = (0..n).map(|_| None).collect();
        let mut outcomes: Vec<Option<PutOutcome>> = vec![None; n];
        {
            let routing = stream.routing.read().await;
            // Each shard's records are charged and submitted under its lock,
            // in request order, so arrival stamps follow log order.
            let mut by_shard: BTreeMap<u32, (Arc<ShardHandle>, Vec<usize>)> = BTreeMap::new();
            for (i, h) in hashes.iter().enumerate() {
                let shard = routing
                    .shard_for(*h)
                    .ok_or_else(|| KinesisError::invalid(format!("No open shard holds hash key {h}.")))?;
                by_shard.entry(shard.index).or_insert_with(|| (shard.clone(), vec![])).1.push(i);
            }
            let enforce = self.cfg.limits.enforce;
            for (shard, idxs) in by_shard.into_values() {
                if shard.closed.load(Ordering::SeqCst) {
                    // Only after a reshard whose commit failed (see ShardHandle::closed).
                    for i in idxs {
                        outcomes[i] = Some(internal_failure());
                    }
                    continue;
                }
                let mut rates = shard.rates.lock().unwrap();
                let now = self.now();
                for i in idxs {
                    let e = &entries[i];
                    let size = (e.data.len() + e.partition_key.len()) as f64;
                    if enforce {
                        let room = rates.write_records.available(now) >= 1.0 && rates.write_bytes.available(now) >= size;
                        if !room {
                            outcomes[i] = Some(PutOutcome::Failed {
                                code: "ProvisionedThroughputExceededException",
                                message: format!(
                                    "Rate exceeded for shard {} in stream {} under account {}.",
                                    shard.id,
                                    s.name,
                                    self.account()
                                ),
                            });
                            continue;
                        }
                        let _ = rates.write_records.try_take(1.0, now);
                        let _ = rates.write_bytes.try_take(size, now);
                    }
                    let arrival = now.as_millis().max(rates.last_arrival_ms);
                    rates.last_arrival_ms = arrival;
                    let header = shard_log::data_header(arrival, &e.partition_key);
                    pending[i] = Some((shard.clone(), shard.part.submit(header, e.data.clone())));
                }
            }
        }
        for (i, p) in pending.into_iter().enumerate() {
            let Some((shard, p)) = p else { continue };
            outcomes[i] = Some(match p.await {
                Ok(Applied::Data(lsn)) => PutOutcome::Stored(Put {
                    shard_id: shard.id.clone(),
                    sequence_number: SeqNo::new(shard.index, lsn).format(),
                }),
                _ => internal_failure(),
            });
        }
        Ok(outcomes.into_iter().map(|o| o.expect("every record has an outcome")).collect())
    }

    pub async fn put_record(
        &self,
        region: &str,
        r: &StreamRef,
        entry: PutEntry,
        sequence_number_for_ordering: &str,
    ) -> Result<Put> {
        let hash = self.check_entry(&entry, &|f| f.to_string())?;
        if !sequence_number_for_ordering.is_empty() {
            // Any number this stream issued will do: every later record of
            // a shard, and of its children, has a greater one.
            SeqNo::parse(sequence_number_for_ordering, "sequenceNumberForOrdering")?;
        }
        match self.put(region, r, vec![entry], vec![hash]).await?.pop() {
            Some(PutOutcome::Stored(p)) => Ok(p),
            Some(PutOutcome::Failed { code, message }) if code != INTERNAL_FAILURE => {
                Err(KinesisError::ProvisionedThroughputExceeded(message))
            }
            _ => Err(KinesisError::Internal(labcloud_core::CoreError::Closed)),
        }
    }

    /// Puts up to 500 records (5 MiB); records that cannot be stored now
    /// (throttled) fail one by one in the result.
    pub async fn put_records(&self, region: &str, r: &StreamRef, entries: Vec<PutEntry>) -> Result<Vec<PutOutcome>> {
        let l = &self.cfg.limits;
        if entries.is_empty() {
            return Err(KinesisError::constraint(None, "records", "have length greater than or equal to 1"));
        }
        if entries.len() > l.max_put_records {
            return Err(KinesisError::constraint(
                None,
                "records",
                format!("have length less than or equal to {}", l.max_put_records),
            ));
        }
        let total: u64 = entries.iter().map(|e| (e.data.len() + e.partition_key.len()) as u64).sum();
        if total > l.max_put_records_bytes {
            return Err(KinesisError::invalid(format!(
                "Records size exceeds {} MB limit",
                l.max_put_records_bytes >> 20
            )));
        }
        let hashes = entries
            .iter()
            .enumerate()
            .map(|(i, e)| self.check_entry(e, &|f| format!("records.{}.member.{f}", i + 1)))
            .collect::<Result<Vec<u128>>>()?;
        self.put(region, r, entries, hashes).await
    }
}
