//! A shard's state machine. The shard *is* its log: each data record is one
//! log record (header = partition key and arrival time, body = the data), so
//! a record's LSN is its position and names it in the sequence number. The
//! state is only what finding records needs: a sparse index of positions
//! and arrival times, per-segment arrival bounds for retention, the end of
//! the log, and whether the shard is closed.
//!
//! Record headers, little-endian:
//!
//! ```text
//! data    01 | arrival_ms i64 | partition key (UTF-8, the rest)
//! close   02 | at_ms i64          no more data: the shard was split or merged
//! reopen  03                      a reshard a crash interrupted is undone
//! trim    04 | below u64          records in segments below this are gone
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use labcloud_core::{CoreError, Entry, LogPos, StateMachine};
use prost::Message;
use tokio::sync::Notify;

const DATA: u8 = 1;
const CLOSE: u8 = 2;
const REOPEN: u8 = 3;
const TRIM: u8 = 4;

/// A new index point after this many records or bytes since the last one,
/// which bounds the scan a seek does.
const POINT_EVERY_RECORDS: u64 = 512;
const POINT_EVERY_BYTES: u64 = 1 << 20;

pub fn data_header(arrival_ms: i64, partition_key: &str) -> Vec<u8> {
    let mut h = Vec::with_capacity(9 + partition_key.len());
    h.push(DATA);
    h.extend_from_slice(&arrival_ms.to_le_bytes());
    h.extend_from_slice(partition_key.as_bytes());
    h
}

pub fn close_header(at_ms: i64) -> Vec<u8> {
    let mut h = vec![CLOSE];
    h.extend_from_slice(&at_ms.to_le_bytes());
    h
}

pub fn reopen_header() -> Vec<u8> {
    vec![REOPEN]
}

pub fn trim_header(below: u64) -> Vec<u8> {
    let mut h = vec![TRIM];
    h.extend_from_slice(&below.to_le_bytes());
    h
}

/// A data record's header fields, if `header` is one.
pub fn parse_data(header: &[u8]) -> Option<(i64, &str)> {
    if header.len() < 9 || header[0] != DATA {
        return None;
    }
    let arrival = i64::from_le_bytes(header[1..9].try_into().ok()?);
    Some((arrival, std::str::from_utf8(&header[9..]).ok()?))
}

fn u64_at(h: &[u8]) -> u64 {
    h.get(1..9).and_then(|b| b.try_into().ok()).map(u64::from_le_bytes).unwrap_or(0)
}

/// Where to start reading for some record, and the record's LSN and arrival.
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct Point {
    #[prost(uint64, tag = "1")]
    pub lsn: u64,
    #[prost(int64, tag = "2")]
    pub arrival_ms: i64,
    #[prost(uint64, tag = "3")]
    pub segment: u64,
    #[prost(uint64, tag = "4")]
    pub offset: u64,
}

impl Point {
    pub fn pos(&self) -> LogPos {
        LogPos {
            segment: self.segment,
            offset: self.offset,
        }
    }
}

/// What a segment holds, for retention.
#[derive(Clone, Copy, PartialEq, prost::Message)]
pub struct SegStat {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    /// Arrival of its newest data record (i64::MIN if it holds none).
    #[prost(int64, tag = "2")]
    pub last_arrival_ms: i64,
    #[prost(uint64, tag = "3")]
    pub records: u64,
    #[prost(uint64, tag = "4")]
    pub bytes: u64,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Snapshot {
    #[prost(uint64, tag = "1")]
    last_lsn: u64,
    #[prost(int64, tag = "2")]
    last_arrival_ms: i64,
    #[prost(uint64, tag = "3")]
    end_segment: u64,
    #[prost(uint64, tag = "4")]
    end_offset: u64,
    #[prost(uint64, optional, tag = "5")]
    closed_lsn: Option<u64>,
    #[prost(uint64, tag = "6")]
    trimmed_below: u64,
    #[prost(message, repeated, tag = "7")]
    points: Vec<Point>,
    #[prost(message, repeated, tag = "8")]
    segments: Vec<SegStat>,
    #[prost(uint64, tag = "9")]
    since_point_records: u64,
    #[prost(uint64, tag = "10")]
    since_point_bytes: u64,
}

/// What applying a record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// A data record, now readable at this LSN.
    Data(u64),
    /// A data record that arrived after the close: not part of the shard.
    Refused,
    /// The shard is closed at this LSN.
    Closed(u64),
    Done,
}

pub struct ShardState {
    /// LSN and arrival of the newest data record (0 and i64::MIN: none yet).
    pub last_lsn: u64,
    pub last_arrival_ms: i64,
    /// Where the next record will start: the bound readers read up to.
    pub end: LogPos,
    /// The LSN of the close record, once the shard is closed.
    pub closed_lsn: Option<u64>,
    pub trimmed_below: u64,
    /// Index points, in log order: the first data record of every segment
    /// and one every few hundred records or MiB after it.
    points: Vec<Point>,
    segments: BTreeMap<u64, SegStat>,
    since_point: (u64, u64),
    /// Woken whenever a data record is applied or the shard closes, for
    /// readers that wait for new records (enhanced fan-out).
    pub notify: Arc<Notify>,
}

impl ShardState {
    pub fn restore(snapshot: Option<&[u8]>) -> Result<ShardState, CoreError> {
        let mut st = ShardState {
            last_lsn: 0,
            last_arrival_ms: i64::MIN,
            end: LogPos::segment_start(0),
            closed_lsn: None,
            trimmed_below: 0,
            points: Vec::new(),
            segments: BTreeMap::new(),
            since_point: (0, 0),
            notify: Arc::new(Notify::new()),
        };
        if let Some(bytes) = snapshot {
            let s = Snapshot::decode(bytes).map_err(|e| CoreError::Decode {
                what: "shard checkpoint",
                reason: e.to_string(),
            })?;
            st.last_lsn = s.last_lsn;
            st.last_arrival_ms = s.last_arrival_ms;
            st.end = LogPos {
                segment: s.end_segment,
                offset: s.end_offset,
            };
            st.closed_lsn = s.closed_lsn;
            st.trimmed_below = s.trimmed_below;
            st.points = s.points;
            st.segments = s.segments.into_iter().map(|g| (g.id, g)).collect();
            st.since_point = (s.since_point_records, s.since_point_bytes);
        }
        Ok(st)
    }

    /// Where the oldest record still held starts (the end if none is).
    pub fn first_pos(&self) -> LogPos {
        self.points.first().map(Point::pos).unwrap_or(self.end)
    }

    /// Where to start reading to find the first data record with an LSN of
    /// at least `lsn`.
    pub fn seek_lsn(&self, lsn: u64) -> LogPos {
        let i = self.points.partition_point(|p| p.lsn <= lsn);
        if i == 0 { self.first_pos() } else { self.points[i - 1].pos() }
    }

    /// Where to start reading to find the first data record that arrived at
    /// or after `ms` (arrival times never decrease along a shard).
    pub fn seek_time(&self, ms: i64) -> LogPos {
        let i = self.points.partition_point(|p| p.arrival_ms < ms);
        if i == 0 { self.first_pos() } else { self.points[i - 1].pos() }
    }

    /// The sealed segments (below `active`, the one being written) that
    /// retention lets go: the run from the oldest whose every data record
    /// arrived before `horizon_ms`. Returns the first segment to keep, if
    /// that trims anything not yet trimmed.
    pub fn expired_below(&self, horizon_ms: i64, active: u64) -> Option<u64> {
        let mut below = None;
        for g in self.segments.values() {
            if g.id >= active || g.last_arrival_ms >= horizon_ms {
                break;
            }
            below = Some(g.id + 1);
        }
        below.filter(|b| *b > self.trimmed_below)
    }

    /// Whether the segment the newest record is in holds data that has all
    /// expired, so sealing it would let it go too.
    pub fn newest_segment_expired(&self, horizon_ms: i64) -> bool {
        self.segments
            .get(&self.end.segment)
            .is_some_and(|g| g.records > 0 && g.last_arrival_ms < horizon_ms)
    }

    fn segment(&mut self, id: u64) -> &mut SegStat {
        self.segments.entry(id).or_insert(SegStat {
            id,
            last_arrival_ms: i64::MIN,
            records: 0,
            bytes: 0,
        })
    }

    fn apply_data(&mut self, e: &Entry<'_>, arrival_ms: i64) -> Applied {
        if self.closed_lsn.is_some() {
            return Applied::Refused;
        }
        let pos = e.position();
        let size = e.body.len + e.header.len() as u64;
        let new_segment = self.points.last().is_none_or(|p| p.segment != pos.segment);
        self.since_point.0 += 1;
        self.since_point.1 += size;
        if new_segment || self.since_point.0 >= POINT_EVERY_RECORDS || self.since_point.1 >= POINT_EVERY_BYTES {
            self.points.push(Point {
                lsn: e.lsn,
                arrival_ms,
                segment: pos.segment,
                offset: pos.offset,
            });
            self.since_point = (0, 0);
        }
        let g = self.segment(pos.segment);
        g.last_arrival_ms = g.last_arrival_ms.max(arrival_ms);
        g.records += 1;
        g.bytes += e.body.len;
        self.last_lsn = e.lsn;
        self.last_arrival_ms = self.last_arrival_ms.max(arrival_ms);
        Applied::Data(e.lsn)
    }
}

impl StateMachine for ShardState {
    type Output = Applied;

    fn apply(&mut self, e: Entry<'_>) -> Applied {
        self.end = e.end();
        // Every segment holding any record stays live until trimmed, so the
        // log between the oldest record held and the end is never holed.
        self.segment(e.position().segment);
        let out = match e.header.first().copied() {
            Some(DATA) => match parse_data(e.header) {
                Some((arrival, _)) => self.apply_data(&e, arrival),
                None => Applied::Done,
            },
            Some(CLOSE) => Applied::Closed(*self.closed_lsn.get_or_insert(e.lsn)),
            Some(REOPEN) => {
                self.closed_lsn = None;
                Applied::Done
            }
            Some(TRIM) => {
                let below = u64_at(e.header).max(self.trimmed_below);
                self.trimmed_below = below;
                self.points.retain(|p| p.segment >= below);
                self.segments.retain(|id, _| *id >= below);
                self.segment(e.position().segment);
                Applied::Done
            }
            _ => Applied::Done,
        };
        if matches!(out, Applied::Data(_) | Applied::Closed(_)) {
            self.notify.notify_waiters();
        }
        out
    }

    fn snapshot(&self) -> Vec<u8> {
        Snapshot {
            last_lsn: self.last_lsn,
            last_arrival_ms: self.last_arrival_ms,
            end_segment: self.end.segment,
            end_offset: self.end.offset,
            closed_lsn: self.closed_lsn,
            trimmed_below: self.trimmed_below,
            points: self.points.clone(),
            segments: self.segments.values().copied().collect(),
            since_point_records: self.since_point.0,
            since_point_bytes: self.since_point.1,
        }
        .encode_to_vec()
    }

    fn live_segments(&self) -> BTreeSet<u64> {
        self.segments.keys().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_round_trip() {
        let h = data_header(-5, "key-é");
        assert_eq!(parse_data(&h), Some((-5, "key-é")));
        assert_eq!(parse_data(&close_header(3)), None);
        assert_eq!(u64_at(&trim_header(77)), 77);
    }
}
