use std::sync::Arc;

use super::*;
use crate::fs::RealFs;

fn opts() -> LogOptions {
    LogOptions {
        segment_bytes: 4096,
        ..LogOptions::default()
    }
}

fn write_records(dir: &Path, n: u64) {
    let mut w = LogWriter::open(Arc::new(RealFs), dir, opts(), Position::START, |_| Ok(())).unwrap();
    for i in 1..=n {
        let body = vec![i as u8; (i * 37 % 300) as usize];
        let (lsn, r) = w.append(format!("h{i}").as_bytes(), &body).unwrap();
        assert_eq!(lsn, i);
        assert_eq!(r.len, body.len() as u64);
    }
    w.sync().unwrap();
}

fn replay(dir: &Path) -> Result<Vec<(u64, Vec<u8>, Vec<u8>)>> {
    let mut found = Vec::new();
    let w = LogWriter::open(Arc::new(RealFs), dir, opts(), Position::START, |r| {
        found.push((r.lsn, r.header.to_vec(), r.body));
        Ok(())
    })?;
    // Bodies are read back by position, as engines do.
    found
        .into_iter()
        .map(|(lsn, h, r)| {
            let mut b = vec![0; r.len as usize];
            w.segments().read(&r, &mut b, 0)?;
            Ok((lsn, h, b))
        })
        .collect()
}

fn last_segment(dir: &Path) -> PathBuf {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "seg"))
        .collect();
    names.sort();
    names.pop().unwrap()
}

#[test]
fn records_round_trip_across_segments() {
    let d = tempfile::tempdir().unwrap();
    write_records(d.path(), 100);
    let segs = std::fs::read_dir(d.path()).unwrap().count();
    assert!(segs > 3, "expected several 4 KiB segments, got {segs}");
    let got = replay(d.path()).unwrap();
    assert_eq!(got.len(), 100);
    for (i, (lsn, h, b)) in got.iter().enumerate() {
        let n = i as u64 + 1;
        assert_eq!(*lsn, n);
        assert_eq!(h, format!("h{n}").as_bytes());
        assert_eq!(b, &vec![n as u8; (n * 37 % 300) as usize]);
    }
}

#[test]
fn torn_tail_is_truncated_and_appends_continue() {
    let d = tempfile::tempdir().unwrap();
    write_records(d.path(), 20);
    let seg = last_segment(d.path());
    let len = std::fs::metadata(&seg).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(&seg).unwrap();
    f.set_len(len - 5).unwrap();
    drop(f);
    let got = replay(d.path()).unwrap();
    assert_eq!(got.len(), 19, "the torn last record is dropped, the rest kept");
    // The log accepts new records after the cut, with the next LSN.
    let mut w = LogWriter::open(Arc::new(RealFs), d.path(), opts(), Position::START, |_| Ok(())).unwrap();
    let (lsn, _) = w.append(b"after", b"x").unwrap();
    w.sync().unwrap();
    assert_eq!(lsn, 20);
    assert_eq!(replay(d.path()).unwrap().len(), 20);
}

#[test]
fn zero_filled_tail_counts_as_torn() {
    let d = tempfile::tempdir().unwrap();
    write_records(d.path(), 5);
    let seg = last_segment(d.path());
    let len = std::fs::metadata(&seg).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&seg).unwrap().set_len(len + 4096).unwrap();
    assert_eq!(replay(d.path()).unwrap().len(), 5);
}

#[test]
fn corruption_before_valid_records_is_an_error_not_data_loss() {
    let d = tempfile::tempdir().unwrap();
    write_records(d.path(), 8);
    let seg = last_segment(d.path());
    let mut bytes = std::fs::read(&seg).unwrap();
    // Damage the first record of the last segment; later records are intact.
    bytes[SEGMENT_HEADER_LEN as usize + 30] ^= 0xff;
    std::fs::write(&seg, &bytes).unwrap();
    match replay(d.path()) {
        Err(CoreError::Corruption { reason, .. }) => {
            assert!(reason.contains("valid records follow"), "{reason}")
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(r) => panic!("corruption went unnoticed; replayed {} records", r.len()),
    }
}

#[test]
fn damaged_sealed_segment_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    write_records(d.path(), 100);
    let first = d.path().join(segment::segment_name(0));
    let len = std::fs::metadata(&first).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&first).unwrap().set_len(len - 3).unwrap();
    assert!(matches!(replay(d.path()), Err(CoreError::Corruption { .. })));
}

#[test]
fn missing_middle_segment_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    write_records(d.path(), 100);
    std::fs::remove_file(d.path().join(segment::segment_name(1))).unwrap();
    assert!(matches!(replay(d.path()), Err(CoreError::Corruption { .. })));
}

#[test]
fn oversized_record_is_refused_without_writing() {
    let d = tempfile::tempdir().unwrap();
    let o = LogOptions {
        max_record_bytes: 100,
        ..opts()
    };
    let mut w = LogWriter::open(Arc::new(RealFs), d.path(), o, Position::START, |_| Ok(())).unwrap();
    let err = w.append(b"h", &[0; 200]).unwrap_err();
    assert!(matches!(err, CoreError::RecordTooLarge { size: 201, limit: 100 }));
    assert_eq!(w.append(b"h", b"ok").unwrap().0, 1);
}

#[test]
fn interrupted_segment_creation_is_repaired() {
    let d = tempfile::tempdir().unwrap();
    write_records(d.path(), 100);
    let seg = last_segment(d.path());
    let id = segment::parse_segment_name(seg.file_name().unwrap().to_str().unwrap()).unwrap();
    // A crash right after the next segment's file was created, before its header.
    std::fs::write(d.path().join(segment::segment_name(id + 1)), b"").unwrap();
    assert_eq!(replay(d.path()).unwrap().len(), 100);
}

#[test]
fn fsync_policy_parses() {
    assert_eq!(FsyncPolicy::parse("always"), Some(FsyncPolicy::Always));
    assert_eq!(FsyncPolicy::parse("never"), Some(FsyncPolicy::Never));
    assert_eq!(
        FsyncPolicy::parse("interval:250"),
        Some(FsyncPolicy::Interval(Duration::from_millis(250)))
    );
    assert_eq!(FsyncPolicy::parse("sometimes"), None);
}
