//! Sequential reads of the log by position, for engines whose records are
//! the data (a Kinesis shard is its log): a cursor reads whole runs of
//! records with one `pread` each and hands out headers and bodies as slices
//! of the buffer it read, so a caller can pass them on without copying.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};

use crate::error::{CoreError, Result};
use crate::fs::FsFile;
use crate::log::record::{self, PREFIX_LEN, PrefixCheck};
use crate::log::segment::{self, SEGMENT_HEADER_LEN};

/// Where a record starts in the log (or, as an end bound, where the next one
/// would). Ordered as the log is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LogPos {
    pub segment: u64,
    pub offset: u64,
}

impl LogPos {
    /// The first record of `segment`.
    pub fn segment_start(segment: u64) -> LogPos {
        LogPos {
            segment,
            offset: SEGMENT_HEADER_LEN,
        }
    }
}

/// One record read by a [`Cursor`].
#[derive(Clone, Debug)]
pub struct CursorRecord {
    pub lsn: u64,
    pub header: Bytes,
    pub body: Bytes,
    /// Where the record starts.
    pub pos: LogPos,
}

/// Bytes read ahead per `pread`; a record larger than this is read whole.
const READ_AHEAD: usize = 1 << 20;

/// Reads records in log order from a position up to an end bound.
///
/// The end bound must be a record boundary the writer has already passed
/// (an applied record's end), so the cursor never meets a record being
/// written. Every record's checksum is verified; a damaged one is
/// [`CoreError::Corruption`], never returned.
pub struct Cursor {
    dir: PathBuf,
    /// The segments the range spans, held open so that deleting them
    /// meanwhile does not cut the read short.
    files: BTreeMap<u64, Arc<dyn FsFile>>,
    pos: LogPos,
    until: LogPos,
    max_record: u64,
    /// Bytes of the current segment starting at `buf_at`.
    buf: Bytes,
    buf_at: u64,
}

impl Cursor {
    pub(crate) fn new(
        dir: PathBuf,
        files: BTreeMap<u64, Arc<dyn FsFile>>,
        from: LogPos,
        until: LogPos,
        max_record: u64,
    ) -> Cursor {
        Cursor {
            dir,
            files,
            pos: from,
            until,
            max_record,
            buf: Bytes::new(),
            buf_at: 0,
        }
    }

    /// Where the next record starts (the end bound once exhausted).
    pub fn position(&self) -> LogPos {
        self.pos
    }

    fn corrupt(&self, offset: u64, reason: impl Into<String>) -> CoreError {
        CoreError::Corruption {
            path: segment::segment_path(&self.dir, self.pos.segment),
            offset,
            reason: reason.into(),
        }
    }

    /// Where the current segment's records end: the bound in the last
    /// segment, the file's length in a sealed one.
    fn segment_end(&self, file: &dyn FsFile) -> Result<u64> {
        if self.pos.segment == self.until.segment {
            return Ok(self.until.offset);
        }
        file.len()
            .map_err(|e| CoreError::io("stat segment", segment::segment_path(&self.dir, self.pos.segment), e))
    }

    /// `len` bytes at `self.pos`, reading ahead when they are not buffered.
    fn bytes_at(&mut self, len: usize, seg_end: u64, file: &dyn FsFile) -> Result<Bytes> {
        let start = self.pos.offset;
        let buffered_end = self.buf_at + self.buf.len() as u64;
        if start < self.buf_at || start + len as u64 > buffered_end {
            let want = (len.max(READ_AHEAD) as u64).min(seg_end - start) as usize;
            let mut b = BytesMut::zeroed(want);
            file.read_exact_at(&mut b, start)
                .map_err(|e| CoreError::io("read segment", segment::segment_path(&self.dir, self.pos.segment), e))?;
            self.buf = b.freeze();
            self.buf_at = start;
        }
        let from = (start - self.buf_at) as usize;
        Ok(self.buf.slice(from..from + len))
    }

    /// The next record, or `None` at the end bound.
    pub fn next_record(&mut self) -> Result<Option<CursorRecord>> {
        loop {
            if self.pos >= self.until {
                return Ok(None);
            }
            let file = self
                .files
                .get(&self.pos.segment)
                .cloned()
                .ok_or_else(|| self.corrupt(0, "the range names a segment that no longer exists"))?;
            let seg_end = self.segment_end(file.as_ref())?;
            if self.pos.offset >= seg_end {
                // A sealed segment is done; records continue in the next one.
                self.pos = LogPos::segment_start(self.pos.segment + 1);
                self.buf = Bytes::new();
                continue;
            }
            if seg_end - self.pos.offset < PREFIX_LEN as u64 {
                return Err(self.corrupt(self.pos.offset, "partial record prefix inside the read range"));
            }
            let prefix = self.bytes_at(PREFIX_LEN, seg_end, file.as_ref())?;
            let p = match record::check_prefix(&prefix, self.max_record) {
                PrefixCheck::Ok(p) => p,
                PrefixCheck::Bad(reason) => return Err(self.corrupt(self.pos.offset, reason)),
            };
            let total = p.record_len();
            if self.pos.offset + total > seg_end {
                return Err(self.corrupt(self.pos.offset, "record extends past the read range"));
            }
            let whole = self.bytes_at(total as usize, seg_end, file.as_ref())?;
            let covered = whole.slice(12..);
            let Some(d) = record::decode_covered(p, &covered) else {
                return Err(self.corrupt(self.pos.offset, "checksum mismatch"));
            };
            let out = CursorRecord {
                lsn: d.lsn,
                header: whole.slice(PREFIX_LEN..PREFIX_LEN + d.header.len()),
                body: covered.slice(d.body_start..d.body_start + d.body_len),
                pos: self.pos,
            };
            self.pos.offset += total;
            return Ok(Some(out));
        }
    }
}
