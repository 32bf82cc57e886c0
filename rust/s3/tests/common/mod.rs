#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use labcloud_core::{FsyncPolicy, block_on};
use labcloud_s3::*;

pub fn config(dir: &Path) -> S3Config {
    let mut c = S3Config::new(dir);
    c.maintenance = None;
    c.limits.enforce_rates = false;
    c
}

pub fn open(dir: &Path) -> Arc<S3Engine> {
    S3Engine::open(config(dir)).unwrap()
}

pub fn open_with(dir: &Path, f: impl FnOnce(&mut S3Config)) -> Arc<S3Engine> {
    let mut c = config(dir);
    f(&mut c);
    S3Engine::open(c).unwrap()
}

pub fn policy(p: FsyncPolicy) -> impl FnOnce(&mut S3Config) {
    move |c| c.log.fsync = p
}

pub fn bucket(e: &S3Engine, name: &str) {
    block_on(e.create_bucket(name, "", "us-east-1")).unwrap();
}

pub fn put(e: &S3Engine, bucket: &str, key: &str, body: &[u8]) -> Stored {
    block_on(e.put_object(
        PutObject {
            bucket: bucket.into(),
            key: key.into(),
            ..Default::default()
        },
        Bytes::copy_from_slice(body),
    ))
    .unwrap()
}

pub fn get(e: &S3Engine, bucket: &str, key: &str) -> Result<Vec<u8>> {
    let (head, reader) = e.get_object(&GetObject {
        bucket: bucket.into(),
        key: key.into(),
        ..Default::default()
    })?;
    let mut buf = vec![0; reader.len() as usize];
    reader.read_into(&mut buf)?;
    assert_eq!(head.content_length, buf.len() as u64);
    Ok(buf)
}

/// Deterministic bytes for a key, so a test can recompute what it wrote.
pub fn body_for(key: &str, len: usize) -> Vec<u8> {
    let seed = key.bytes().fold(7u32, |a, b| a.wrapping_mul(31).wrapping_add(b as u32));
    (0..len)
        .map(|i| (seed.wrapping_add(i as u32).wrapping_mul(2654435761) >> 13) as u8)
        .collect()
}

pub fn md5_hex(b: &[u8]) -> String {
    use md5::{Digest, Md5};
    hex::encode(Md5::digest(b))
}

pub fn files_under(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}
