//! Checkpoint files: a state machine's snapshot and the log position it covers,
//! so recovery replays only the tail.
//!
//! ```text
//! magic "LCCKPT01" | lsn u64 | segment u64 | offset u64 | next_lsn u64
//! | snapshot_len u64 | crc32c(all before) u32 | snapshot | crc32c(snapshot) u32
//! ```

use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};
use crate::fs::{Fs, OpenMode};
use crate::log::Position;

const MAGIC: &[u8; 8] = b"LCCKPT01";
const FIXED: usize = 8 + 8 * 5 + 4;
/// Older checkpoints kept as a fallback should the newest be damaged.
const KEEP: usize = 2;

pub struct Checkpoint {
    pub position: Position,
    pub snapshot: Vec<u8>,
}

/// A checkpoint's name: the LSN it covers and, when an earlier checkpoint
/// covers the same LSN (nothing was logged between them), a generation, so
/// that every checkpoint is a file of its own and the fallback always holds.
/// Names sort in checkpoint order.
fn name(lsn: u64, generation: u64) -> String {
    if generation == 0 {
        format!("{lsn:020}.ckpt")
    } else {
        format!("{lsn:020}_{generation:06}.ckpt")
    }
}

/// (lsn, generation) of a checkpoint file name.
fn parse_name(n: &str) -> Option<(u64, u64)> {
    let stem = n.strip_suffix(".ckpt")?;
    match stem.split_once('_') {
        Some((lsn, generation)) => Some((lsn.parse().ok()?, generation.parse().ok()?)),
        None => Some((stem.parse().ok()?, 0)),
    }
}

pub fn write(fs: &dyn Fs, dir: &Path, pos: Position, snapshot: &[u8]) -> Result<()> {
    let lsn = pos.next_lsn - 1;
    let mut head = Vec::with_capacity(FIXED);
    head.extend_from_slice(MAGIC);
    for v in [lsn, pos.segment, pos.offset, pos.next_lsn, snapshot.len() as u64] {
        head.extend_from_slice(&v.to_le_bytes());
    }
    let crc = crc32c::crc32c(&head);
    head.extend_from_slice(&crc.to_le_bytes());
    let generation = list(fs, dir)?
        .iter()
        .filter(|((l, _), _)| *l == lsn)
        .map(|((_, g), _)| g + 1)
        .max()
        .unwrap_or(0);
    let file = name(lsn, generation);
    let tmp = dir.join(format!("{file}.tmp"));
    let path = dir.join(file);
    let _ = fs.remove_file(&tmp);
    let f = fs
        .open(&tmp, OpenMode::CreateNew)
        .map_err(|e| CoreError::io("create checkpoint", &tmp, e))?;
    f.write_all_at(&head, 0)
        .and_then(|_| f.write_all_at(snapshot, head.len() as u64))
        .and_then(|_| {
            f.write_all_at(
                &crc32c::crc32c(snapshot).to_le_bytes(),
                (head.len() + snapshot.len()) as u64,
            )
        })
        .and_then(|_| f.sync_data())
        .map_err(|e| CoreError::io("write checkpoint", &tmp, e))?;
    fs.rename(&tmp, &path)
        .map_err(|e| CoreError::io("install checkpoint", &path, e))?;
    fs.sync_dir(dir)
        .map_err(|e| CoreError::io("sync checkpoint directory", dir, e))?;
    prune(fs, dir)
}

fn list(fs: &dyn Fs, dir: &Path) -> Result<Vec<((u64, u64), PathBuf)>> {
    let names = fs
        .read_dir(dir)
        .map_err(|e| CoreError::io("list checkpoints", dir, e))?;
    let mut v: Vec<_> = names
        .iter()
        .filter_map(|n| parse_name(n).map(|l| (l, dir.join(n))))
        .collect();
    v.sort_by_key(|(l, _)| *l);
    Ok(v)
}

fn prune(fs: &dyn Fs, dir: &Path) -> Result<()> {
    let all = list(fs, dir)?;
    if all.len() > KEEP {
        for (_, p) in &all[..all.len() - KEEP] {
            let _ = fs.remove_file(p);
        }
    }
    Ok(())
}

fn read_one(fs: &dyn Fs, path: &Path) -> Option<Checkpoint> {
    let f = fs.open(path, OpenMode::Read).ok()?;
    let len = f.len().ok()? as usize;
    if len < FIXED + 4 {
        return None;
    }
    let mut head = [0u8; FIXED];
    f.read_exact_at(&mut head, 0).ok()?;
    if &head[..8] != MAGIC {
        return None;
    }
    let u = |i: usize| u64::from_le_bytes(head[8 + 8 * i..16 + 8 * i].try_into().unwrap());
    let crc = u32::from_le_bytes(head[FIXED - 4..].try_into().unwrap());
    if crc32c::crc32c(&head[..FIXED - 4]) != crc {
        return None;
    }
    let snap_len = u(4) as usize;
    if len != FIXED + snap_len + 4 {
        return None;
    }
    let mut snapshot = vec![0u8; snap_len + 4];
    f.read_exact_at(&mut snapshot, FIXED as u64).ok()?;
    let stored = u32::from_le_bytes(snapshot[snap_len..].try_into().unwrap());
    snapshot.truncate(snap_len);
    if crc32c::crc32c(&snapshot) != stored {
        return None;
    }
    Some(Checkpoint {
        position: Position {
            segment: u(1),
            offset: u(2),
            next_lsn: u(3),
        },
        snapshot,
    })
}

/// The newest checkpoint that reads back intact. Leftover temporary files from
/// a crash during a checkpoint are removed.
pub fn load_latest(fs: &dyn Fs, dir: &Path) -> Result<Option<Checkpoint>> {
    if let Ok(names) = fs.read_dir(dir) {
        for n in names.iter().filter(|n| n.ends_with(".ckpt.tmp")) {
            let _ = fs.remove_file(&dir.join(n));
        }
    }
    let all = list(fs, dir)?;
    Ok(all.iter().rev().find_map(|(_, p)| read_one(fs, p)))
}
