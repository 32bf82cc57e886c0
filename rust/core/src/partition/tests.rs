//! Partition tests against a small key-value state machine whose values live
//! in the log, the way inline object bodies do.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::fs::{Faults, FaultyFs, RealFs};

#[derive(Default)]
struct Kv {
    map: BTreeMap<String, BodyRef>,
    applied: u64,
}

/// Headers are `set <key>` (value in the body) or `del <key>`.
impl StateMachine for Kv {
    type Output = Option<BodyRef>;
    fn apply(&mut self, e: Entry<'_>) -> Option<BodyRef> {
        self.applied += 1;
        let h = std::str::from_utf8(e.header).unwrap();
        match h.split_once(' ').unwrap() {
            ("set", k) => self.map.insert(k.to_string(), e.body),
            ("del", k) => self.map.remove(k),
            _ => unreachable!(),
        }
    }
    fn snapshot(&self) -> Vec<u8> {
        let mut out = String::new();
        for (k, r) in &self.map {
            out += &format!("{k} {} {} {}\n", r.segment, r.offset, r.len);
        }
        out.into_bytes()
    }
    fn live_segments(&self) -> BTreeSet<u64> {
        self.map.values().map(|r| r.segment).collect()
    }
}

fn restore(snap: Option<&[u8]>) -> Result<Kv> {
    let mut kv = Kv::default();
    for line in std::str::from_utf8(snap.unwrap_or(b"")).unwrap().lines() {
        let f: Vec<&str> = line.split(' ').collect();
        kv.map.insert(
            f[0].to_string(),
            BodyRef {
                segment: f[1].parse().unwrap(),
                offset: f[2].parse().unwrap(),
                len: f[3].parse().unwrap(),
            },
        );
    }
    Ok(kv)
}

fn small() -> LogOptions {
    LogOptions {
        segment_bytes: 8 << 10,
        checkpoint_records: u64::MAX,
        checkpoint_bytes: u64::MAX,
        ..LogOptions::default()
    }
}

fn open(dir: &Path, opts: LogOptions) -> Partition<Kv> {
    Partition::open(Arc::new(RealFs), dir, opts, restore).unwrap()
}

fn contents(p: &Partition<Kv>) -> BTreeMap<String, Vec<u8>> {
    let refs: Vec<_> = p.read().map.iter().map(|(k, r)| (k.clone(), *r)).collect();
    refs.into_iter()
        .map(|(k, r)| {
            let mut b = vec![0; r.len as usize];
            p.read_body(&r, &mut b, 0).unwrap();
            (k, b)
        })
        .collect()
}

fn set(p: &Partition<Kv>, k: &str, v: &[u8]) -> Result<Option<BodyRef>> {
    p.submit(format!("set {k}"), Bytes::copy_from_slice(v)).wait()
}

#[test]
fn writes_survive_crash_and_reopen() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path(), small());
    for i in 0..200 {
        set(&p, &format!("k{}", i % 50), format!("v{i}").as_bytes()).unwrap();
    }
    p.submit("del k7", Bytes::new()).wait().unwrap();
    let before = contents(&p);
    p.crash();
    let p = open(d.path(), small());
    assert_eq!(contents(&p), before);
    assert_eq!(p.stats().replayed.load(Ordering::Relaxed), 201);
}

#[test]
fn checkpoint_bounds_replay_and_frees_dead_segments() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path(), small());
    for i in 0..400 {
        set(&p, &format!("k{}", i % 3), &[i as u8; 200]).unwrap();
    }
    let segs_before = p.segments().len();
    p.checkpoint().wait().unwrap();
    p.checkpoint().wait().unwrap();
    let segs_after = p.segments().len();
    assert!(
        segs_after < segs_before,
        "overwritten values' segments should go: {segs_before} -> {segs_after}"
    );
    set(&p, "tail", b"after the checkpoint").unwrap();
    let before = contents(&p);
    p.crash();
    let p = open(d.path(), small());
    assert_eq!(contents(&p), before);
    assert_eq!(p.stats().replayed.load(Ordering::Relaxed), 1, "only the tail replays");
}

#[test]
fn clean_close_checkpoints_so_reopen_replays_nothing() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path(), small());
    for i in 0..50 {
        set(&p, &format!("k{i}"), b"v").unwrap();
    }
    p.close();
    let p = open(d.path(), small());
    assert_eq!(p.read().map.len(), 50);
    assert_eq!(p.stats().replayed.load(Ordering::Relaxed), 0);
}

#[test]
fn concurrent_writers_share_fsyncs() {
    let d = tempfile::tempdir().unwrap();
    let p = Arc::new(open(d.path(), LogOptions::default()));
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let p = p.clone();
            std::thread::spawn(move || {
                for i in 0..50 {
                    set(&p, &format!("t{t}-{i}"), b"value").unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = p.stats();
    let (records, fsyncs) = (s.records.load(Ordering::Relaxed), s.fsyncs.load(Ordering::Relaxed));
    assert_eq!(records, 400);
    assert!(fsyncs < records, "group commit should batch: {fsyncs} fsyncs for {records} records");
}

#[test]
fn failed_fsync_poisons_and_loses_nothing_acknowledged() {
    let d = tempfile::tempdir().unwrap();
    let faults = Faults::new();
    let p: Partition<Kv> =
        Partition::open(Arc::new(FaultyFs::new(faults.clone())), d.path(), small(), restore).unwrap();
    for i in 0..10 {
        set(&p, &format!("k{i}"), b"acked").unwrap();
    }
    faults.set_fail_sync(true);
    let err = set(&p, "doomed", b"x").unwrap_err();
    assert!(matches!(err, CoreError::Poisoned(_)), "{err}");
    assert!(p.read().map.get("doomed").is_none(), "an unsynced write must not be applied");
    let err = set(&p, "later", b"x").unwrap_err();
    assert!(matches!(err, CoreError::Poisoned(_)), "later writes refused: {err}");
    assert!(p.poisoned().unwrap().contains("injected fault"));
    p.crash();
    let p = open(d.path(), small());
    for i in 0..10 {
        assert_eq!(contents(&p)[&format!("k{i}")], b"acked");
    }
}

#[test]
fn full_disk_mid_record_recovers_to_last_acknowledged_write() {
    let d = tempfile::tempdir().unwrap();
    let faults = Faults::new();
    let p: Partition<Kv> =
        Partition::open(Arc::new(FaultyFs::new(faults.clone())), d.path(), small(), restore).unwrap();
    set(&p, "a", b"first").unwrap();
    faults.set_space_left(10);
    let err = set(&p, "b", &[7; 100]).unwrap_err();
    assert!(matches!(err, CoreError::Poisoned(_)), "{err}");
    p.crash();
    let p = open(d.path(), small());
    let c = contents(&p);
    assert_eq!(c.get("a").map(Vec::as_slice), Some(&b"first"[..]));
    assert!(!c.contains_key("b"), "the half-written record must not come back");
}

#[test]
fn oversized_record_is_an_error_for_that_write_only() {
    let d = tempfile::tempdir().unwrap();
    let p = open(
        d.path(),
        LogOptions {
            max_record_bytes: 64,
            ..small()
        },
    );
    assert!(matches!(set(&p, "big", &[0; 100]), Err(CoreError::RecordTooLarge { .. })));
    set(&p, "ok", b"fine").unwrap();
    assert!(p.poisoned().is_none());
}

#[test]
fn damaged_newest_checkpoint_falls_back_to_the_older_one() {
    let d = tempfile::tempdir().unwrap();
    let p = open(d.path(), small());
    set(&p, "a", b"1").unwrap();
    p.checkpoint().wait().unwrap();
    set(&p, "b", b"2").unwrap();
    p.checkpoint().wait().unwrap();
    set(&p, "c", b"3").unwrap();
    let before = contents(&p);
    p.crash();
    let mut ckpts: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ckpt"))
        .collect();
    ckpts.sort();
    let newest = ckpts.pop().unwrap();
    let mut bytes = std::fs::read(&newest).unwrap();
    let n = bytes.len();
    bytes[n - 6] ^= 1;
    std::fs::write(&newest, bytes).unwrap();
    let p = open(d.path(), small());
    assert_eq!(contents(&p), before);
}

#[derive(Debug, Clone)]
enum Op {
    Set(u8, Vec<u8>),
    Del(u8),
    Checkpoint,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..12, proptest::collection::vec(any::<u8>(), 0..600)).prop_map(|(k, v)| Op::Set(k, v)),
        2 => (0u8..12).prop_map(Op::Del),
        1 => Just(Op::Checkpoint),
    ]
}

/// How far into `segment` the newest checkpoint reaches (0 if elsewhere).
fn checkpointed_bytes(dir: &Path, segment: &Path) -> u64 {
    let mut ckpts: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ckpt"))
        .collect();
    ckpts.sort();
    let Some(newest) = ckpts.pop() else { return 0 };
    let b = std::fs::read(newest).unwrap();
    let u = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap());
    let seg_name = segment.file_name().unwrap().to_str().unwrap();
    if crate::log::segment_id(seg_name) == Some(u(16)) { u(24) } else { 0 }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Across a crash that tears the log at any byte, the reopened partition
    /// holds exactly the state after some prefix of the operations that
    /// includes every operation acknowledged under the fsync and checkpoint
    /// that preceded the cut, and nothing partial.
    #[test]
    fn crash_at_any_byte_recovers_a_prefix(ops in proptest::collection::vec(op(), 1..60), cut in any::<u16>()) {
        let d = tempfile::tempdir().unwrap();
        let p = open(d.path(), small());
        let mut model: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut states = vec![model.clone()];
        for o in &ops {
            match o {
                Op::Set(k, v) => {
                    set(&p, &format!("k{k}"), v).unwrap();
                    model.insert(format!("k{k}"), v.clone());
                    states.push(model.clone());
                }
                Op::Del(k) => {
                    p.submit(format!("del k{k}"), Bytes::new()).wait().unwrap();
                    model.remove(&format!("k{k}"));
                    states.push(model.clone());
                }
                Op::Checkpoint => {
                    p.checkpoint().wait().unwrap();
                    // Earlier states can no longer come back.
                    states = vec![model.clone()];
                }
            }
        }
        p.crash();
        // Tear the newest segment at an arbitrary byte after its header.
        let mut segs: Vec<_> = std::fs::read_dir(d.path().join("log")).unwrap()
            .map(|e| e.unwrap().path()).collect();
        segs.sort();
        let last = segs.pop().unwrap();
        let len = std::fs::metadata(&last).unwrap().len();
        let keep = 16 + (cut as u64) % (len - 15);
        std::fs::OpenOptions::new().write(true).open(&last).unwrap().set_len(keep).unwrap();
        let reopened = Partition::open(Arc::new(RealFs), d.path(), small(), restore);
        if keep < checkpointed_bytes(d.path(), &last) {
            // Bytes a checkpoint vouched for are gone: only a lying disk does that,
            // and recovery must say so rather than invent a state.
            let corrupt = matches!(reopened, Err(CoreError::Corruption { .. }));
            prop_assert!(corrupt);
            return Ok(());
        }
        let p = reopened.unwrap();
        let got = contents(&p);
        prop_assert!(states.contains(&got), "recovered state is not a prefix of the history");
    }
}
