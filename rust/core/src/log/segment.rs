//! Segment files: naming, the file header, and the recovery scan.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{CoreError, Result};
use crate::fs::{Fs, FsFile};
use crate::log::record::{self, PREFIX_LEN, PrefixCheck};

pub const SEGMENT_MAGIC: &[u8; 8] = b"LCSEG\x00\x00\x01";
pub const SEGMENT_HEADER_LEN: u64 = 16;

pub fn segment_name(id: u64) -> String {
    format!("{id:012}.seg")
}

pub fn parse_segment_name(name: &str) -> Option<u64> {
    name.strip_suffix(".seg")?.parse().ok()
}

pub fn segment_path(dir: &Path, id: u64) -> PathBuf {
    dir.join(segment_name(id))
}

pub fn header_bytes(id: u64) -> [u8; SEGMENT_HEADER_LEN as usize] {
    let mut h = [0u8; SEGMENT_HEADER_LEN as usize];
    h[..8].copy_from_slice(SEGMENT_MAGIC);
    h[8..].copy_from_slice(&id.to_le_bytes());
    h
}

pub fn check_header(file: &dyn FsFile, id: u64, path: &Path) -> Result<()> {
    let mut h = [0u8; SEGMENT_HEADER_LEN as usize];
    file.read_exact_at(&mut h, 0)
        .map_err(|e| CoreError::io("read segment header", path, e))?;
    if &h[..8] != SEGMENT_MAGIC || h[8..] != id.to_le_bytes() {
        return Err(CoreError::Corruption {
            path: path.into(),
            offset: 0,
            reason: "segment header does not match its file name".into(),
        });
    }
    Ok(())
}

/// One record found by the scan.
pub struct Scanned<'a> {
    pub lsn: u64,
    pub header: &'a [u8],
    /// Absolute offset of the body in the segment file.
    pub body_offset: u64,
    pub body_len: u64,
}

/// Where a scan stopped.
pub enum ScanEnd {
    /// At the end of the file, after the last good record.
    Clean(u64),
    /// At a bad record at this offset, with nothing valid after it.
    Torn(u64),
}

/// Reads the segment sequentially from `start`, calling `f` for each record
/// whose checksum and LSN are right. A bad record followed by further valid
/// records is corruption, not a torn write, and fails the scan.
pub fn scan(
    file: &dyn FsFile,
    path: &Path,
    start: u64,
    mut expected_lsn: u64,
    max_record: u64,
    mut f: impl FnMut(Scanned<'_>) -> Result<()>,
) -> Result<(ScanEnd, u64)> {
    let file_len = file.len().map_err(|e| CoreError::io("stat segment", path, e))?;
    if start > file_len {
        return Err(CoreError::Corruption {
            path: path.into(),
            offset: file_len,
            reason: format!("log ends before byte {start}, which a checkpoint covers"),
        });
    }
    let mut off = start;
    let mut prefix = [0u8; PREFIX_LEN];
    let mut buf: Vec<u8> = Vec::new();
    loop {
        if off == file_len {
            return Ok((ScanEnd::Clean(off), expected_lsn));
        }
        let bad = |reason: &'static str, off: u64| -> Result<(ScanEnd, u64)> {
            if has_valid_record_after(file, off + 1, file_len, max_record) {
                Err(CoreError::Corruption {
                    path: path.into(),
                    offset: off,
                    reason: format!("{reason}, and valid records follow"),
                })
            } else {
                Ok((ScanEnd::Torn(off), expected_lsn))
            }
        };
        if file_len - off < PREFIX_LEN as u64 {
            return bad("partial record prefix", off);
        }
        file.read_exact_at(&mut prefix, off)
            .map_err(|e| CoreError::io("read segment", path, e))?;
        let p = match record::check_prefix(&prefix, max_record) {
            PrefixCheck::Ok(p) => p,
            PrefixCheck::Bad(reason) => return bad(reason, off),
        };
        if off + p.record_len() > file_len {
            return bad("record extends past the end of the file", off);
        }
        buf.resize(p.len as usize, 0);
        file.read_exact_at(&mut buf, off + 12)
            .map_err(|e| CoreError::io("read segment", path, e))?;
        let Some(d) = record::decode_covered(p, &buf) else {
            return bad("checksum mismatch", off);
        };
        if d.lsn != expected_lsn {
            return Err(CoreError::Corruption {
                path: path.into(),
                offset: off,
                reason: format!("expected LSN {expected_lsn}, found {}", d.lsn),
            });
        }
        f(Scanned {
            lsn: d.lsn,
            header: d.header,
            body_offset: off + 12 + d.body_start as u64,
            body_len: d.body_len as u64,
        })?;
        expected_lsn += 1;
        off += p.record_len();
    }
}

/// Looks for any complete record with a valid checksum at or after `from`.
/// Only run on the error path, so a byte-by-byte search is affordable.
fn has_valid_record_after(file: &dyn FsFile, from: u64, file_len: u64, max_record: u64) -> bool {
    let Ok(rest_len) = usize::try_from(file_len.saturating_sub(from)) else {
        return false;
    };
    let mut rest = vec![0u8; rest_len];
    if file.read_exact_at(&mut rest, from).is_err() {
        return false;
    }
    let magic = record::RECORD_MAGIC.to_le_bytes();
    let mut i = 0;
    while i + PREFIX_LEN <= rest.len() {
        if rest[i..i + 4] == magic
            && let PrefixCheck::Ok(p) = record::check_prefix(&rest[i..i + PREFIX_LEN], max_record)
        {
            let end = i + p.record_len() as usize;
            if end <= rest.len() && record::decode_covered(p, &rest[i + 12..end]).is_some() {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Opens every segment in `dir`, sorted by id.
pub fn open_all(fs: &dyn Fs, dir: &Path) -> Result<Vec<(u64, Arc<dyn FsFile>)>> {
    let names = fs
        .read_dir(dir)
        .map_err(|e| CoreError::io("list log directory", dir, e))?;
    let mut out = Vec::new();
    for name in names {
        if let Some(id) = parse_segment_name(&name) {
            let path = segment_path(dir, id);
            let file = fs
                .open(&path, crate::fs::OpenMode::ReadWrite)
                .map_err(|e| CoreError::io("open segment", &path, e))?;
            out.push((id, file));
        }
    }
    out.sort_by_key(|(id, _)| *id);
    Ok(out)
}
