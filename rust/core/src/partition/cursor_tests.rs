//! Reading a partition's log back by position, sealing segments and dropping
//! old ones: what an engine whose records are the data (a Kinesis shard)
//! builds on. The state machine here is such a log: it remembers where each
//! record starts and which segments it still holds.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::*;
use crate::fs::RealFs;

#[derive(Default)]
struct Log {
    /// (lsn, where the record starts) of every record held.
    records: Vec<(u64, LogPos)>,
    end: LogPos,
    /// Records in segments below this are let go (`trim <segment>` headers).
    trimmed_below: u64,
}

impl StateMachine for Log {
    type Output = u64;
    fn apply(&mut self, e: Entry<'_>) -> u64 {
        if let Some(seg) = std::str::from_utf8(e.header).unwrap().strip_prefix("trim ") {
            self.trimmed_below = seg.parse().unwrap();
            self.records.retain(|(_, p)| p.segment >= self.trimmed_below);
        } else {
            self.records.push((e.lsn, e.position()));
        }
        self.end = e.end();
        e.lsn
    }
    fn snapshot(&self) -> Vec<u8> {
        let mut out = format!("{} {} {}\n", self.end.segment, self.end.offset, self.trimmed_below);
        for (lsn, p) in &self.records {
            out += &format!("{lsn} {} {}\n", p.segment, p.offset);
        }
        out.into_bytes()
    }
    fn live_segments(&self) -> BTreeSet<u64> {
        self.records.iter().map(|(_, p)| p.segment).collect()
    }
}

fn restore(snap: Option<&[u8]>) -> Result<Log> {
    let mut log = Log::default();
    let text = std::str::from_utf8(snap.unwrap_or(b"")).unwrap();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<u64> = line.split(' ').map(|x| x.parse().unwrap()).collect();
        if i == 0 {
            log.end = LogPos { segment: f[0], offset: f[1] };
            log.trimmed_below = f[2];
        } else {
            log.records.push((f[0], LogPos { segment: f[1], offset: f[2] }));
        }
    }
    Ok(log)
}

fn opts() -> LogOptions {
    LogOptions {
        segment_bytes: 4 << 10,
        checkpoint_records: u64::MAX,
        checkpoint_bytes: u64::MAX,
        ..LogOptions::default()
    }
}

fn open(dir: &Path) -> Partition<Log> {
    Partition::open(Arc::new(RealFs), dir, opts(), restore).unwrap()
}

fn body(i: u64) -> Bytes {
    Bytes::from(vec![i as u8; (i * 53 % 700) as usize])
}

fn write(p: &Partition<Log>, range: std::ops::Range<u64>) {
    for i in range {
        p.submit(format!("rec {i}"), body(i)).wait().unwrap();
    }
}

/// Every record from `from` to the applied end, as (lsn, header, body).
fn read_all(p: &Partition<Log>, from: LogPos) -> Vec<(u64, String, Bytes)> {
    let end = p.read().end;
    let mut c = p.cursor(from, end).unwrap();
    let mut out = vec![];
    while let Some(r) = c.next_record().unwrap() {
        out.push((r.lsn, String::from_utf8(r.header.to_vec()).unwrap(), r.body));
    }
    assert_eq!(c.position(), end, "an exhausted cursor stands at the end bound");
    out
}

#[test]
fn cursor_reads_every_record_across_segments_from_any_position() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path());
    write(&p, 0..200);
    assert!(p.segments().len() > 5, "the records should span several 4 KiB segments");
    let all = read_all(&p, LogPos::segment_start(0));
    assert_eq!(all.len(), 200);
    for (i, (lsn, h, b)) in all.iter().enumerate() {
        assert_eq!((*lsn, h.as_str(), b), (i as u64 + 1, format!("rec {i}").as_str(), &body(i as u64)));
    }
    // From the position of record 137, the tail exactly.
    let at = p.read().records[136].1;
    let tail = read_all(&p, at);
    assert_eq!(tail.first().map(|r| r.0), Some(137));
    assert_eq!(tail.len(), 64);
}

#[test]
fn cursor_stops_at_its_bound_and_sees_later_appends_only_through_a_new_bound() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path());
    write(&p, 0..10);
    let bound = p.read().end;
    write(&p, 10..20);
    let mut c = p.cursor(LogPos::segment_start(0), bound).unwrap();
    let mut n = 0;
    while c.next_record().unwrap().is_some() {
        n += 1;
    }
    assert_eq!(n, 10, "records appended after the bound are not read");
    assert_eq!(read_all(&p, bound).len(), 10);
}

#[test]
fn cursor_reports_a_damaged_record_as_corruption() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path());
    write(&p, 0..5);
    let third = p.read().records[2].1;
    let path = d.path().join("log").join(format!("{:012}.seg", third.segment));
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[third.offset as usize + 30] ^= 0x40;
    std::fs::write(&path, bytes).unwrap();
    let end = p.read().end;
    let mut c = p.cursor(LogPos::segment_start(0), end).unwrap();
    assert_eq!(c.next_record().unwrap().unwrap().lsn, 1);
    assert_eq!(c.next_record().unwrap().unwrap().lsn, 2);
    assert!(matches!(c.next_record(), Err(CoreError::Corruption { .. })));
}

#[test]
fn sealing_starts_a_new_segment_only_when_the_active_one_holds_records() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path());
    assert!(!p.seal_segment().wait().unwrap(), "an empty segment is not sealed");
    write(&p, 0..3);
    let before = p.segments().len();
    assert!(p.seal_segment().wait().unwrap());
    assert_eq!(p.segments().len(), before + 1);
    write(&p, 3..5);
    assert_eq!(p.read().records[3].1, LogPos::segment_start(before as u64));
    assert_eq!(read_all(&p, LogPos::segment_start(0)).len(), 5);
}

#[test]
fn dropped_segments_are_deleted_and_recovery_never_needs_them() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path());
    write(&p, 0..300);
    p.seal_segment().wait().unwrap();
    let segs: Vec<u64> = p.segments().iter().map(|(id, _)| *id).collect();
    let cut = segs[segs.len() / 2];
    // Nothing goes while the state still holds the segments.
    assert_eq!(p.drop_segments_below(cut).wait().unwrap(), 0);
    assert_eq!(p.segments().len(), segs.len());
    p.submit(format!("trim {cut}"), Bytes::new()).wait().unwrap();
    let dropped = p.drop_segments_below(cut).wait().unwrap();
    assert_eq!(dropped as u64, cut, "every segment below the cut goes");
    assert!(p.segments().iter().all(|(id, _)| *id >= cut));
    let on_disk = std::fs::read_dir(d.path().join("log")).unwrap().count() as u64;
    assert_eq!(on_disk, segs.len() as u64 - cut);
    write(&p, 300..310);
    let kept = read_all(&p, LogPos::segment_start(cut));
    p.crash();
    let p = open(d.path());
    assert_eq!(read_all(&p, LogPos::segment_start(cut)), kept);
    assert_eq!(kept.last().unwrap().0, 311, "300 records, the trim, 10 more");
}

#[test]
fn dropping_segments_leaves_the_older_checkpoint_usable() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path());
    write(&p, 0..200);
    let cut = p.segments().last().unwrap().0;
    p.submit(format!("trim {cut}"), Bytes::new()).wait().unwrap();
    p.drop_segments_below(cut).wait().unwrap();
    write(&p, 200..210);
    let kept = read_all(&p, LogPos::segment_start(cut));
    p.crash();
    // Damage the newest checkpoint: recovery falls back to the older one,
    // whose log must still be there.
    let mut ckpts: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ckpt"))
        .collect();
    ckpts.sort();
    assert_eq!(ckpts.len(), 2);
    let newest = ckpts.pop().unwrap();
    let mut bytes = std::fs::read(&newest).unwrap();
    let n = bytes.len();
    bytes[n - 6] ^= 1;
    std::fs::write(&newest, bytes).unwrap();
    let p = open(d.path());
    assert_eq!(read_all(&p, LogPos::segment_start(cut)), kept);
}
