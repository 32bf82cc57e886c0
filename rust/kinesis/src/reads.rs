//! Reading a shard: GetShardIterator and GetRecords, and the sequential read
//! of a shard's log they share with enhanced fan-out.

use labcloud_core::{LogPos, Timestamp};

use crate::catalog::ShardMeta;
use crate::engine::{KinesisEngine, retention_ms};
use crate::error::{KinesisError, Result};
use crate::keys::{self, SeqNo};
use crate::shard_log::parse_data;
use crate::stream::ShardHandle;
use crate::tokens::ShardIterator;
use crate::types::*;
use crate::validate;

pub(crate) const ITERATOR_TYPES: [&str; 5] =
    ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"];

/// What one sequential read of a shard found.
pub(crate) struct Batch {
    pub records: Vec<Record>,
    pub bytes: u64,
    /// Where the next read starts.
    pub next_lsn: u64,
    pub next_pos: LogPos,
    /// The shard is closed and every record of it has been read.
    pub at_end: bool,
    pub millis_behind_latest: i64,
}

/// What reading a shard needs to know of its stream, taken from the catalog
/// without copying the whole stream entry.
pub(crate) struct ShardView {
    pub name: String,
    pub arn: String,
    pub retention_ms: i64,
    pub shard: ShardMeta,
}

/// Where a reader stands: the first data record at or after `pos` with an
/// LSN of at least `lsn`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Position {
    pub lsn: u64,
    pub pos: LogPos,
}

impl KinesisEngine {
    /// Reads records of `shard` from `from`: at most `max_records`, and no
    /// more data than `max_bytes` (but always one record if there is one).
    /// Records past the retention period are skipped, as are any after the
    /// shard's close.
    pub(crate) fn read_shard(&self, view: &ShardView, shard: &ShardHandle, from: Position, max_records: usize, max_bytes: u64) -> Result<Batch> {
        let now_ms = self.now_ms();
        let horizon_ms = now_ms - view.retention_ms;
        let (mut cursor, closed_at) = {
            let st = shard.part.read();
            // Trimmed or expired records before the reader are passed over
            // with the index rather than read.
            let start = from.pos.max(st.first_pos()).max(st.seek_time(horizon_ms));
            let closed_at = view.shard.ending_lsn.or(st.closed_lsn);
            (shard.part.cursor(start, st.end)?, closed_at)
        };
        let mut b = Batch {
            records: vec![],
            bytes: 0,
            next_lsn: from.lsn,
            next_pos: cursor.position(),
            at_end: false,
            millis_behind_latest: 0,
        };
        loop {
            let Some(r) = cursor.next_record()? else {
                b.next_pos = cursor.position();
                b.at_end = closed_at.is_some();
                return Ok(b);
            };
            if closed_at.is_some_and(|end| r.lsn >= end) {
                b.next_pos = r.pos;
                b.at_end = true;
                return Ok(b);
            }
            let data = parse_data(&r.header);
            let Some((arrival_ms, key)) = data.filter(|(arrival, _)| r.lsn >= from.lsn && *arrival >= horizon_ms) else {
                b.next_pos = cursor.position();
                continue;
            };
            let full = b.records.len() >= max_records
                || (!b.records.is_empty() && b.bytes + r.body.len() as u64 > max_bytes);
            if full {
                // The first record not returned says how far behind the reader is.
                b.millis_behind_latest = (now_ms - arrival_ms).max(0);
                b.next_pos = r.pos;
                return Ok(b);
            }
            b.bytes += r.body.len() as u64;
            b.records.push(Record {
                sequence_number: SeqNo::new(shard.index, r.lsn).format(),
                arrival: Timestamp::from_millis(arrival_ms),
                data: r.body,
                partition_key: key.to_string(),
            });
            b.next_lsn = r.lsn + 1;
            b.next_pos = cursor.position();
        }
    }

    /// What reading shard `index` of stream `id` needs from the catalog; a
    /// shard that has expired is not found.
    pub(crate) fn shard_view(&self, id: u64, index: u32) -> Result<ShardView> {
        let now = self.now_ms();
        let c = self.catalog.read();
        let meta = c
            .streams
            .get(&id)
            .ok_or_else(|| KinesisError::ResourceNotFound(format!("Stream under account {} not found.", self.account())))?;
        let missing = || {
            KinesisError::ResourceNotFound(format!(
                "Shard {} in stream {} under account {} does not exist",
                keys::shard_id(index),
                meta.name,
                self.account()
            ))
        };
        let shard = meta.shards.get(&index).ok_or_else(missing)?;
        if self.expired(meta, shard, now) {
            return Err(missing());
        }
        Ok(ShardView {
            name: meta.name.clone(),
            arn: self.stream_arn(&meta.region, &meta.name),
            retention_ms: retention_ms(meta),
            shard: shard.clone(),
        })
    }

    pub(crate) fn shard_gone(&self, view: &ShardView) -> KinesisError {
        KinesisError::ResourceNotFound(format!(
            "Shard {} in stream {} under account {} does not exist",
            keys::shard_id(view.shard.index),
            view.name,
            self.account()
        ))
    }

    /// The shards a closed shard was split or merged into.
    pub(crate) fn children(&self, stream: u64, index: u32) -> Vec<ChildShard> {
        let c = self.catalog.read();
        let Some(meta) = c.streams.get(&stream) else { return vec![] };
        meta.shards
            .values()
            .filter(|s| s.parent == Some(index) || s.adjacent_parent == Some(index))
            .map(|s| ChildShard {
                shard_id: keys::shard_id(s.index),
                parent_shards: s.parent.iter().chain(s.adjacent_parent.iter()).map(|p| keys::shard_id(*p)).collect(),
                hash_range: s.range(),
            })
            .collect()
    }

    /// The position a starting point names, as GetShardIterator and
    /// SubscribeToShard take it.
    pub(crate) fn start_position(
        &self,
        shard: &ShardHandle,
        kind: &str,
        sequence_number: &str,
        timestamp: Option<Timestamp>,
        at: &str,
    ) -> Result<Position> {
        let kind = validate::one_of(kind, &format!("{at}Type"), &ITERATOR_TYPES)?;
        let st = shard.part.read();
        match kind {
            "TRIM_HORIZON" => Ok(Position { lsn: 0, pos: st.first_pos() }),
            "LATEST" => Ok(Position { lsn: st.last_lsn + 1, pos: st.end }),
            "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" => {
                if sequence_number.is_empty() {
                    return Err(KinesisError::invalid(format!(
                        "StartingSequenceNumber must be given for the {kind} {at}Type."
                    )));
                }
                let seq = SeqNo::parse(sequence_number, "startingSequenceNumber")?;
                if seq.shard != shard.index {
                    return Err(KinesisError::invalid(format!(
                        "Invalid StartingSequenceNumber. It encodes {}, while it was used in a call to a shard with {}",
                        keys::shard_id(seq.shard),
                        shard.id
                    )));
                }
                // AFTER excludes the record the number names; AT includes it.
                let lsn = if kind == "AT_SEQUENCE_NUMBER" { seq.lsn } else { seq.lsn.saturating_add(1) };
                Ok(Position { lsn, pos: st.seek_lsn(lsn) })
            }
            _ => {
                let Some(ts) = timestamp else {
                    return Err(KinesisError::invalid(format!(
                        "Must specify timestampInMillis parameter for {at} of type AT_TIMESTAMP. Current request has no timestamp parameter."
                    )));
                };
                let (ms, now_ms) = (ts.as_millis(), self.now_ms());
                if ms > now_ms {
                    return Err(KinesisError::invalid(format!(
                        "The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. \
                         timestampInMillis: {ms}, currentTimestampInMillis: {now_ms}"
                    )));
                }
                // The first record that arrived at or after the timestamp:
                // found from the nearest index point, then fixed as an LSN.
                let mut cursor = shard.part.cursor(st.seek_time(ms), st.end)?;
                let after_last = st.last_lsn + 1;
                drop(st);
                while let Some(r) = cursor.next_record()? {
                    if parse_data(&r.header).is_some_and(|(arrival, _)| arrival >= ms) {
                        return Ok(Position { lsn: r.lsn, pos: r.pos });
                    }
                }
                Ok(Position { lsn: after_last, pos: cursor.position() })
            }
        }
    }

    pub fn get_shard_iterator(&self, region: &str, req: &GetShardIterator) -> Result<String> {
        let s = self.resolve(region, &req.stream)?;
        let meta = self.meta(s.id)?;
        let (_, shard) = self.shard_of(&meta, &req.shard_id)?;
        let p = self.start_position(
            &shard,
            &req.iterator_type,
            &req.starting_sequence_number,
            req.timestamp,
            "shardIterator",
        )?;
        Ok(self.iterator(s.id, shard.index, p))
    }

    fn iterator(&self, stream: u64, shard: u32, p: Position) -> String {
        ShardIterator {
            stream,
            shard,
            next_lsn: p.lsn,
            pos: p.pos,
            issued_ms: self.now_ms(),
        }
        .encode(&self.secret)
    }

    pub fn get_records(&self, iterator: &str, limit: Option<i32>, stream_arn: &str) -> Result<Records> {
        let l = &self.cfg.limits;
        if let Some(n) = limit {
            validate::range(n as i64, "limit", 1, i64::MAX)?;
            if n as usize > l.max_get_records {
                return Err(KinesisError::invalid(format!(
                    "Limit {n} is greater than the maximum of {} records per GetRecords call.",
                    l.max_get_records
                )));
            }
        }
        let it = ShardIterator::decode(&self.secret, iterator)
            .ok_or_else(|| KinesisError::invalid(format!("Invalid ShardIterator: {iterator}")))?;
        let now_ms = self.now_ms();
        let lifetime = l.iterator_lifetime.as_millis() as i64;
        if now_ms - it.issued_ms > lifetime {
            return Err(KinesisError::ExpiredIterator(format!(
                "Iterator expired. The iterator was created at time {} while right now it is {} which is \
                 further in the future than the tolerated delay of {lifetime} milliseconds.",
                it.issued_ms, now_ms
            )));
        }
        let view = self.shard_view(it.stream, it.shard)?;
        if !stream_arn.is_empty() && stream_arn != view.arn {
            return Err(KinesisError::invalid(format!(
                "The ShardIterator belongs to stream {}, not to {stream_arn}.",
                view.arn
            )));
        }
        let shard = self.handle(it.stream)?.shard(it.shard).ok_or_else(|| self.shard_gone(&view))?;
        if l.enforce {
            let now = self.now();
            let mut rates = shard.rates.lock().unwrap();
            if rates.read_bytes.available(now) <= 0.0 || rates.read_calls.try_take(1.0, now).is_err() {
                return Err(KinesisError::ProvisionedThroughputExceeded(format!(
                    "Rate exceeded for Shard - {} in stream {} under account {}.",
                    shard.id,
                    view.name,
                    self.account()
                )));
            }
        }
        let from = Position { lsn: it.next_lsn, pos: it.pos };
        let max = limit.map_or(l.max_get_records, |n| n as usize);
        let b = self.read_shard(&view, &shard, from, max, l.max_get_records_bytes)?;
        if l.enforce {
            // A large read is allowed, then paid for by the calls after it.
            shard.rates.lock().unwrap().read_bytes.take_debt(b.bytes as f64, self.now());
        }
        let (next_iterator, child_shards) = if b.at_end {
            (None, self.children(it.stream, shard.index))
        } else {
            let next = Position { lsn: b.next_lsn, pos: b.next_pos };
            (Some(self.iterator(it.stream, shard.index, next)), vec![])
        };
        Ok(Records {
            records: b.records,
            next_iterator,
            millis_behind_latest: b.millis_behind_latest,
            child_shards,
        })
    }
}
