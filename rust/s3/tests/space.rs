//! Disk space is reclaimed: dead inline bodies with their segments, dead
//! blobs at checkpoints, sparse segments by relocating their live bodies.

mod common;

use common::*;
use labcloud_core::block_on;

fn small_segments(c: &mut labcloud_s3::S3Config) {
    c.log.segment_bytes = 256 << 10;
}

#[test]
fn overwrites_do_not_grow_the_log_without_bound() {
    let d = tempfile::tempdir().unwrap();
    let e = open_with(d.path(), small_segments);
    bucket(&e, "churn");
    for round in 0..200 {
        for k in 0..10 {
            put(&e, "churn", &format!("k{k}"), &body_for(&format!("{k}-{round}"), 8 << 10));
        }
    }
    let before = files_under(d.path(), "seg").len();
    let report = block_on(e.compact(true)).unwrap();
    let after = files_under(d.path(), "seg").len();
    assert!(before > 40, "expected many segments, got {before}");
    assert!(after <= 4, "compaction left {after} segments of {before}: {report:?}");
    for k in 0..10 {
        assert_eq!(get(&e, "churn", &format!("k{k}")).unwrap(), body_for(&format!("{k}-199"), 8 << 10));
    }
}

#[test]
fn live_bodies_in_sparse_segments_are_relocated_and_survive_a_crash() {
    let d = tempfile::tempdir().unwrap();
    let e = open_with(d.path(), small_segments);
    bucket(&e, "sparse");
    put(&e, "sparse", "keeper", &body_for("keeper", 4000));
    for round in 0..100 {
        put(&e, "sparse", "churn", &body_for(&format!("c{round}"), 16 << 10));
    }
    let report = block_on(e.compact(true)).unwrap();
    assert!(report.relocated_bodies >= 1, "{report:?}");
    e.crash();
    drop(e);
    let e = open_with(d.path(), small_segments);
    assert_eq!(get(&e, "sparse", "keeper").unwrap(), body_for("keeper", 4000));
    assert_eq!(get(&e, "sparse", "churn").unwrap(), body_for("c99", 16 << 10));
}

#[test]
fn deleted_large_objects_free_their_blob_files() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path());
    bucket(&e, "blobs");
    for i in 0..5 {
        put(&e, "blobs", &format!("b{i}"), &body_for("x", 2 << 20));
    }
    assert_eq!(files_under(d.path(), "blob").len(), 5);
    for i in 0..4 {
        block_on(e.delete_object("blobs", &format!("b{i}"), "")).unwrap();
    }
    block_on(e.compact(true)).unwrap();
    assert_eq!(files_under(d.path(), "blob").len(), 1);
    assert_eq!(get(&e, "blobs", "b4").unwrap(), body_for("x", 2 << 20));
}
