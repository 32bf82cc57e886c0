//! Crash recovery of the S3 engine: every acknowledged write comes back,
//! nothing torn or unsynced is ever served.

mod common;

use bytes::Bytes;
use common::*;
use labcloud_core::{FsyncPolicy, block_on};
use labcloud_s3::*;

#[test]
fn acknowledged_objects_survive_a_crash_byte_for_byte() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path());
    bucket(&e, "crash");
    let sizes = [0usize, 1, 4096, 100_000, 1 << 20, (1 << 20) + 1, 3 << 20];
    let mut expect = std::collections::BTreeMap::new();
    for round in 0..3 {
        for (i, n) in sizes.iter().enumerate() {
            let key = format!("k{i}");
            let body = body_for(&format!("{key}-{round}"), *n);
            let s = put(&e, "crash", &key, &body);
            assert_eq!(s.etag, md5_hex(&body));
            expect.insert(key, body);
        }
    }
    block_on(e.delete_object("crash", "k1", "")).unwrap();
    expect.remove("k1");
    e.crash();
    drop(e);
    let e = open(d.path());
    for (k, body) in &expect {
        assert_eq!(&get(&e, "crash", k).unwrap(), body, "{k}");
    }
    assert_eq!(get(&e, "crash", "k1").unwrap_err().code(), "NoSuchKey");
}

#[test]
fn torn_log_tail_loses_only_the_unfinished_write() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path());
    bucket(&e, "torn");
    for i in 0..20 {
        put(&e, "torn", &format!("k{i:02}"), &body_for(&format!("k{i}"), 1000));
    }
    e.crash();
    drop(e);
    let segs = files_under(&d.path().join("buckets"), "seg");
    let last = segs.last().unwrap();
    let len = std::fs::metadata(last).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(last).unwrap().set_len(len - 500).unwrap();
    let e = open(d.path());
    for i in 0..19 {
        assert_eq!(get(&e, "torn", &format!("k{i:02}")).unwrap(), body_for(&format!("k{i}"), 1000));
    }
    assert_eq!(get(&e, "torn", "k19").unwrap_err().code(), "NoSuchKey");
    // The bucket keeps working after the repair.
    put(&e, "torn", "after", b"fine");
    assert_eq!(get(&e, "torn", "after").unwrap(), b"fine");
}

#[test]
fn unsynced_blob_that_did_not_survive_is_dropped_not_served() {
    let d = tempfile::tempdir().unwrap();
    let e = open_with(d.path(), policy(FsyncPolicy::Never));
    bucket(&e, "lazy");
    let v1 = body_for("v1", 2 << 20);
    put(&e, "lazy", "big", &v1);
    e.close(); // checkpoint: v1 is now durable
    drop(e);
    let e = open_with(d.path(), policy(FsyncPolicy::Never));
    put(&e, "lazy", "big", &body_for("v2", 2 << 20));
    e.crash();
    drop(e);
    // Power failure: the second blob never reached the disk whole.
    let blobs = files_under(&d.path().join("buckets"), "blob");
    let newest = blobs.last().unwrap();
    std::fs::OpenOptions::new().write(true).open(newest).unwrap().set_len(1000).unwrap();
    let e = open_with(d.path(), policy(FsyncPolicy::Never));
    assert_eq!(get(&e, "lazy", "big").unwrap(), v1, "the torn overwrite is dropped, v1 stays");
}

#[test]
fn stray_blob_files_are_removed_on_open() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path());
    bucket(&e, "stray");
    put(&e, "stray", "big", &body_for("big", 2 << 20));
    e.close();
    drop(e);
    let blob_dir = files_under(&d.path().join("buckets"), "blob")[0].parent().unwrap().to_path_buf();
    std::fs::write(blob_dir.join("00000000000000ff.blob"), b"left by a crashed upload").unwrap();
    let e = open(d.path());
    assert_eq!(files_under(&d.path().join("buckets"), "blob").len(), 1);
    assert_eq!(get(&e, "stray", "big").unwrap(), body_for("big", 2 << 20));
}

#[test]
fn multipart_upload_resumes_after_a_crash() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path());
    bucket(&e, "mpu");
    let id = block_on(e.create_multipart_upload("mpu", "obj", Attrs::default())).unwrap();
    let p1 = body_for("p1", 5 << 20);
    let s1 = block_on(e.upload_part(
        UploadPart {
            bucket: "mpu".into(),
            key: "obj".into(),
            upload_id: id.clone(),
            part_number: 1,
            content_length: None,
        },
        Bytes::from(p1.clone()),
    ))
    .unwrap();
    e.crash();
    drop(e);
    let e = open(d.path());
    let p2 = body_for("p2", 1234);
    let s2 = block_on(e.upload_part(
        UploadPart {
            bucket: "mpu".into(),
            key: "obj".into(),
            upload_id: id.clone(),
            part_number: 2,
            content_length: None,
        },
        Bytes::from(p2.clone()),
    ))
    .unwrap();
    let parts = vec![
        CompletedPart {
            part_number: 1,
            etag: s1.etag.clone(),
        },
        CompletedPart {
            part_number: 2,
            etag: format!("\"{}\"", s2.etag),
        },
    ];
    let done = block_on(e.complete_multipart_upload("mpu", "obj", &id, parts)).unwrap();
    let mut md5s = hex::decode(&s1.etag).unwrap();
    md5s.extend(hex::decode(&s2.etag).unwrap());
    assert_eq!(done.etag, format!("{}-2", md5_hex(&md5s)));
    e.crash();
    drop(e);
    let e = open(d.path());
    let mut whole = p1;
    whole.extend(p2);
    assert_eq!(get(&e, "mpu", "obj").unwrap(), whole);
    assert!(block_on(e.abort_multipart_upload("mpu", "obj", &id)).is_err(), "upload is gone");
}

#[test]
fn versions_and_delete_markers_survive_checkpoint_and_crash() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path());
    bucket(&e, "ver");
    block_on(e.put_bucket_versioning("ver", "Enabled")).unwrap();
    let a = put(&e, "ver", "k", b"one");
    let b = put(&e, "ver", "k", b"two");
    e.close();
    drop(e);
    let e = open(d.path());
    let del = block_on(e.delete_object("ver", "k", "")).unwrap();
    assert!(del.delete_marker);
    e.crash();
    drop(e);
    let e = open(d.path());
    assert_eq!(get(&e, "ver", "k").unwrap_err().code(), "NoSuchKey");
    let listing = e
        .list_object_versions(&ListVersions {
            bucket: "ver".into(),
            ..Default::default()
        })
        .unwrap();
    let ids: Vec<_> = listing.versions.iter().map(|v| v.version_id.clone()).collect();
    assert_eq!(ids, vec![del.version_id.unwrap(), b.version_id.unwrap(), a.version_id.clone().unwrap()]);
    let (_, r) = e
        .get_object(&GetObject {
            bucket: "ver".into(),
            key: "k".into(),
            version_id: a.version_id.unwrap(),
            ..Default::default()
        })
        .unwrap();
    let mut buf = vec![0; r.len() as usize];
    r.read_into(&mut buf).unwrap();
    assert_eq!(buf, b"one");
}

#[test]
fn deleted_bucket_stays_deleted_and_its_name_can_be_reused() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path());
    bucket(&e, "gone");
    put(&e, "gone", "k", b"v");
    assert_eq!(block_on(e.delete_bucket("gone")).unwrap_err().code(), "BucketNotEmpty");
    block_on(e.delete_object("gone", "k", "")).unwrap();
    block_on(e.delete_bucket("gone")).unwrap();
    e.crash();
    drop(e);
    let e = open(d.path());
    assert_eq!(e.head_bucket("gone").unwrap_err().code(), "NoSuchBucket");
    assert_eq!(std::fs::read_dir(d.path().join("buckets")).unwrap().count(), 0);
    bucket(&e, "gone");
    assert_eq!(get(&e, "gone", "k").unwrap_err().code(), "NoSuchKey", "a new bucket starts empty");
}

#[test]
fn second_open_of_a_data_directory_is_refused_while_the_first_is_open() {
    let d = tempfile::tempdir().unwrap();
    let _e = open(d.path());
    let err = S3Engine::open(config(d.path())).err().expect("second open must fail");
    assert!(err.to_string().contains("in use"), "{err}");
}

#[test]
fn damaged_bytes_on_disk_are_an_error_not_a_silent_wrong_answer() {
    let d = tempfile::tempdir().unwrap();
    let e = open(d.path());
    bucket(&e, "rot");
    let big = body_for("big", 3 << 20);
    let small = body_for("small", 10_000);
    put(&e, "rot", "big", &big);
    put(&e, "rot", "small", &small);
    // Flip one byte of the blob and one byte of the inline body in the log.
    let blob = &files_under(d.path(), "blob")[0];
    let mut bytes = std::fs::read(blob).unwrap();
    bytes[1 << 20] ^= 0x40;
    std::fs::write(blob, bytes).unwrap();
    let (seg, mut bytes, at) = files_under(d.path(), "seg")
        .into_iter()
        .find_map(|p| {
            let b = std::fs::read(&p).unwrap();
            let at = b.windows(64).position(|w| w == &small[..64])?;
            Some((p, b, at))
        })
        .expect("inline body in the log");
    bytes[at + 5000] ^= 0x01;
    std::fs::write(&seg, bytes).unwrap();

    for key in ["big", "small"] {
        assert_eq!(get(&e, "rot", key).unwrap_err().code(), "InternalError", "{key}");
    }
    // The streamed path (used by the gRPC server and by copies) refuses too.
    let copy = CopyObject {
        bucket: "rot".into(),
        key: "copy".into(),
        source_bucket: "rot".into(),
        source_key: "big".into(),
        source_version_id: String::new(),
        metadata_directive: String::new(),
        attrs: Attrs::default(),
    };
    assert_eq!(block_on(e.copy_object(&copy)).unwrap_err().code(), "InternalError");
    // Undamaged objects still read fine.
    put(&e, "rot", "fresh", b"ok");
    assert_eq!(get(&e, "rot", "fresh").unwrap(), b"ok");
}
