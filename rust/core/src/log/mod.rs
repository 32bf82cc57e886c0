//! The operation log: segment files of checksummed records, written by one
//! thread with group commit, read back by position.
//!
//! This module knows nothing of what records mean; [`crate::partition`] pairs
//! it with a state machine and checkpoints.

mod cursor;
mod record;
mod segment;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::error::{CoreError, Result};
use crate::fs::{Fs, FsFile, OpenMode};

pub use cursor::{Cursor, CursorRecord, LogPos};
pub use record::PREFIX_LEN as RECORD_OVERHEAD;
use segment::{SEGMENT_HEADER_LEN, ScanEnd};

/// The id of a segment file, from its name.
pub fn segment_id(file_name: &str) -> Option<u64> {
    segment::parse_segment_name(file_name)
}

/// When appended records are forced to stable storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsyncPolicy {
    /// Before any write in a group commit is acknowledged.
    Always,
    /// At most this long after a write; acknowledged writes in the window can be
    /// lost on power failure (not on a process crash).
    Interval(Duration),
    /// Left to the operating system (still on segment seal, checkpoint and close).
    Never,
}

impl FsyncPolicy {
    /// Parses `always`, `never`, `interval` (100 ms) or `interval:<ms>`.
    pub fn parse(s: &str) -> Option<FsyncPolicy> {
        match s {
            "always" => Some(FsyncPolicy::Always),
            "never" => Some(FsyncPolicy::Never),
            "interval" => Some(FsyncPolicy::Interval(Duration::from_millis(100))),
            _ => {
                let ms = s.strip_prefix("interval:")?.parse().ok()?;
                Some(FsyncPolicy::Interval(Duration::from_millis(ms)))
            }
        }
    }
}

#[derive(Clone, Debug)]
pub struct LogOptions {
    pub fsync: FsyncPolicy,
    /// A segment is sealed and a new one started once it grows past this.
    pub segment_bytes: u64,
    /// Largest record (header + body) accepted.
    pub max_record_bytes: u64,
    /// A checkpoint is taken after this many records since the last one...
    pub checkpoint_records: u64,
    /// ...or this many bytes of log, whichever comes first.
    pub checkpoint_bytes: u64,
    /// Most bytes of records written in one group commit.
    pub max_batch_bytes: u64,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions {
            fsync: FsyncPolicy::Always,
            segment_bytes: 64 << 20,
            max_record_bytes: 64 << 20,
            checkpoint_records: 100_000,
            checkpoint_bytes: 256 << 20,
            max_batch_bytes: 8 << 20,
        }
    }
}

/// Where a record's body lies: readable until the state stops referencing the
/// segment and a checkpoint lets the segment go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BodyRef {
    pub segment: u64,
    pub offset: u64,
    pub len: u64,
}

/// The open segment files, shared by the writer and readers.
pub struct Segments {
    fs: Arc<dyn Fs>,
    dir: PathBuf,
    files: RwLock<BTreeMap<u64, Arc<dyn FsFile>>>,
}

impl Segments {
    /// The file holding `segment`, kept open by the returned handle even if the
    /// segment is deleted meanwhile.
    pub fn file(&self, segment: u64) -> Option<Arc<dyn FsFile>> {
        self.files.read().unwrap().get(&segment).cloned()
    }

    pub fn read(&self, r: &BodyRef, buf: &mut [u8], offset_in_body: u64) -> Result<()> {
        let file = self.file(r.segment).ok_or_else(|| CoreError::Corruption {
            path: segment::segment_path(&self.dir, r.segment),
            offset: r.offset,
            reason: "body refers to a segment that no longer exists".into(),
        })?;
        file.read_exact_at(buf, r.offset + offset_in_body)
            .map_err(|e| CoreError::io("read body", segment::segment_path(&self.dir, r.segment), e))
    }

    /// Ids and sizes of all segments.
    pub fn list(&self) -> Vec<(u64, u64)> {
        self.files
            .read()
            .unwrap()
            .iter()
            .map(|(id, f)| (*id, f.len().unwrap_or(0)))
            .collect()
    }

    /// A cursor over the records from `from` up to `until` (an applied
    /// record's end). Fails if a segment of the range is already gone.
    pub fn cursor(&self, from: LogPos, until: LogPos, max_record: u64) -> Result<Cursor> {
        let files: BTreeMap<u64, Arc<dyn FsFile>> = self
            .files
            .read()
            .unwrap()
            .range(from.segment..=until.segment.max(from.segment))
            .map(|(id, f)| (*id, f.clone()))
            .collect();
        for id in from.segment..=until.segment {
            if !files.contains_key(&id) {
                return Err(CoreError::Corruption {
                    path: segment::segment_path(&self.dir, id),
                    offset: 0,
                    reason: "a read names a segment that no longer exists".into(),
                });
            }
        }
        Ok(Cursor::new(self.dir.clone(), files, from, until, max_record))
    }

    /// Deletes segments older than `below` that `live` does not name.
    pub fn remove_below(&self, below: u64, live: &BTreeSet<u64>) -> Result<usize> {
        let doomed: Vec<u64> = {
            let files = self.files.read().unwrap();
            files
                .range(..below)
                .map(|(id, _)| *id)
                .filter(|id| !live.contains(id))
                .collect()
        };
        for id in &doomed {
            let path = segment::segment_path(&self.dir, *id);
            match self.fs.remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(CoreError::io("remove segment", path, e)),
            }
            self.files.write().unwrap().remove(id);
        }
        if !doomed.is_empty() {
            self.fs
                .sync_dir(&self.dir)
                .map_err(|e| CoreError::io("sync log directory", &self.dir, e))?;
        }
        Ok(doomed.len())
    }
}

/// Where replay starts: the position just after the last checkpointed record.
#[derive(Clone, Copy, Debug)]
pub struct Position {
    pub segment: u64,
    pub offset: u64,
    pub next_lsn: u64,
}

impl Position {
    pub const START: Position = Position {
        segment: 0,
        offset: SEGMENT_HEADER_LEN,
        next_lsn: 1,
    };
}

/// A record met during recovery.
pub struct Replayed<'a> {
    pub lsn: u64,
    pub header: &'a [u8],
    pub body: BodyRef,
}

/// The single writer of a log.
pub struct LogWriter {
    fs: Arc<dyn Fs>,
    dir: PathBuf,
    opts: LogOptions,
    segments: Arc<Segments>,
    seg_id: u64,
    file: Arc<dyn FsFile>,
    /// Offset in `file` where `buf` will land.
    offset: u64,
    buf: Vec<u8>,
    next_lsn: u64,
    unsynced: bool,
}

/// Bodies at least this large skip the batch buffer and are written in place.
const DIRECT_WRITE: usize = 64 << 10;

impl LogWriter {
    /// Opens the log in `dir`, replays every record from `from` through `f`,
    /// truncates a torn tail, and returns the writer positioned after the last
    /// good record.
    pub fn open(
        fs: Arc<dyn Fs>,
        dir: &Path,
        opts: LogOptions,
        from: Position,
        mut f: impl FnMut(Replayed<'_>) -> Result<()>,
    ) -> Result<LogWriter> {
        fs.create_dir_all(dir)
            .map_err(|e| CoreError::io("create log directory", dir, e))?;
        let all = segment::open_all(fs.as_ref(), dir)?;
        let segments = Arc::new(Segments {
            fs: fs.clone(),
            dir: dir.to_path_buf(),
            files: RwLock::new(all.iter().cloned().collect()),
        });
        let tail: Vec<_> = all.iter().filter(|(id, _)| *id >= from.segment).collect();
        if tail.is_empty() {
            if from.segment != 0 || all.iter().any(|(id, _)| *id > 0) {
                return Err(CoreError::Corruption {
                    path: segment::segment_path(dir, from.segment),
                    offset: 0,
                    reason: "the checkpoint names a segment that is missing".into(),
                });
            }
            let mut w = LogWriter::new_segment(fs, dir, opts, segments, 0, from.next_lsn)?;
            w.unsynced = false;
            return Ok(w);
        }
        let mut next_lsn = from.next_lsn;
        let mut end = (from.segment, from.offset);
        for (i, (id, file)) in tail.iter().enumerate() {
            let path = segment::segment_path(dir, *id);
            let expected_id = from.segment + i as u64;
            if *id != expected_id {
                return Err(CoreError::Corruption {
                    path: segment::segment_path(dir, expected_id),
                    offset: 0,
                    reason: "segment missing from the middle of the log".into(),
                });
            }
            let last = i + 1 == tail.len();
            if last && file.len().unwrap_or(0) < SEGMENT_HEADER_LEN {
                // A crash while a new segment was being created: start it afresh.
                file.write_all_at(&segment::header_bytes(*id), 0)
                    .and_then(|_| file.set_len(SEGMENT_HEADER_LEN))
                    .and_then(|_| file.sync_data())
                    .map_err(|e| CoreError::io("repair segment header", &path, e))?;
            }
            segment::check_header(file.as_ref(), *id, &path)?;
            let start = if *id == from.segment {
                from.offset
            } else {
                SEGMENT_HEADER_LEN
            };
            let (stop, lsn) = segment::scan(
                file.as_ref(),
                &path,
                start,
                next_lsn,
                opts.max_record_bytes,
                |s| {
                    f(Replayed {
                        lsn: s.lsn,
                        header: s.header,
                        body: BodyRef {
                            segment: *id,
                            offset: s.body_offset,
                            len: s.body_len,
                        },
                    })
                },
            )?;
            next_lsn = lsn;
            match stop {
                ScanEnd::Clean(off) => end = (*id, off),
                ScanEnd::Torn(off) if last => {
                    file.set_len(off)
                        .and_then(|_| file.sync_data())
                        .map_err(|e| CoreError::io("truncate torn tail", &path, e))?;
                    end = (*id, off);
                }
                ScanEnd::Torn(off) => {
                    return Err(CoreError::Corruption {
                        path,
                        offset: off,
                        reason: "damaged record in a sealed segment".into(),
                    });
                }
            }
        }
        let (seg_id, offset) = end;
        let file = segments.file(seg_id).expect("segment just scanned");
        Ok(LogWriter {
            fs,
            dir: dir.to_path_buf(),
            opts,
            segments,
            seg_id,
            file,
            offset,
            buf: Vec::new(),
            next_lsn,
            unsynced: false,
        })
    }

    fn new_segment(
        fs: Arc<dyn Fs>,
        dir: &Path,
        opts: LogOptions,
        segments: Arc<Segments>,
        id: u64,
        next_lsn: u64,
    ) -> Result<LogWriter> {
        let path = segment::segment_path(dir, id);
        let file = fs
            .open(&path, OpenMode::CreateNew)
            .map_err(|e| CoreError::io("create segment", &path, e))?;
        file.write_all_at(&segment::header_bytes(id), 0)
            .and_then(|_| file.sync_data())
            .map_err(|e| CoreError::io("write segment header", &path, e))?;
        fs.sync_dir(dir)
            .map_err(|e| CoreError::io("sync log directory", dir, e))?;
        segments.files.write().unwrap().insert(id, file.clone());
        Ok(LogWriter {
            fs,
            dir: dir.to_path_buf(),
            opts,
            segments,
            seg_id: id,
            file,
            offset: SEGMENT_HEADER_LEN,
            buf: Vec::new(),
            next_lsn,
            unsynced: false,
        })
    }

    pub fn segments(&self) -> &Arc<Segments> {
        &self.segments
    }

    /// The position after everything appended so far.
    pub fn position(&self) -> Position {
        Position {
            segment: self.seg_id,
            offset: self.offset + self.buf.len() as u64,
            next_lsn: self.next_lsn,
        }
    }

    /// Appends a record (buffered; call [`flush`](Self::flush) before relying on it).
    pub fn append(&mut self, header: &[u8], body: &[u8]) -> Result<(u64, BodyRef)> {
        let size = (header.len() + body.len()) as u64;
        if size > self.opts.max_record_bytes {
            return Err(CoreError::RecordTooLarge {
                size,
                limit: self.opts.max_record_bytes,
            });
        }
        if self.offset + self.buf.len() as u64 >= self.opts.segment_bytes {
            self.roll()?;
        }
        let lsn = self.next_lsn;
        let prefix = record::encode_prefix(lsn, header, body);
        self.buf.extend_from_slice(&prefix);
        self.buf.extend_from_slice(header);
        let body_offset = self.offset + self.buf.len() as u64;
        if body.len() >= DIRECT_WRITE {
            self.flush()?;
            self.write_at_end(body)?;
        } else {
            self.buf.extend_from_slice(body);
        }
        self.next_lsn += 1;
        Ok((
            lsn,
            BodyRef {
                segment: self.seg_id,
                offset: body_offset,
                len: body.len() as u64,
            },
        ))
    }

    fn write_at_end(&mut self, data: &[u8]) -> Result<()> {
        self.file
            .write_all_at(data, self.offset)
            .map_err(|e| CoreError::io("append to log", self.seg_path(), e))?;
        self.offset += data.len() as u64;
        self.unsynced = true;
        Ok(())
    }

    /// Writes buffered records to the segment file (not yet fsynced).
    pub fn flush(&mut self) -> Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let buf = std::mem::take(&mut self.buf);
        let r = self.write_at_end(&buf);
        self.buf = buf;
        self.buf.clear();
        r
    }

    /// Flushes and forces everything appended to stable storage.
    pub fn sync(&mut self) -> Result<()> {
        self.flush()?;
        if self.unsynced {
            self.file
                .sync_data()
                .map_err(|e| CoreError::io("fsync log", self.seg_path(), e))?;
            self.unsynced = false;
        }
        Ok(())
    }

    pub fn has_unsynced(&self) -> bool {
        self.unsynced || !self.buf.is_empty()
    }

    fn seg_path(&self) -> PathBuf {
        segment::segment_path(&self.dir, self.seg_id)
    }

    /// Seals the current segment if it holds any record, so that it can be
    /// deleted once nothing needs it; returns whether it did.
    pub fn seal_segment(&mut self) -> Result<bool> {
        if self.offset + (self.buf.len() as u64) <= SEGMENT_HEADER_LEN {
            return Ok(false);
        }
        self.roll()?;
        Ok(true)
    }

    /// Seals the current segment (always fsynced, whatever the policy, so only
    /// the last segment can ever have a torn tail) and starts the next.
    fn roll(&mut self) -> Result<()> {
        self.sync()?;
        let next = LogWriter::new_segment(
            self.fs.clone(),
            &self.dir,
            self.opts.clone(),
            self.segments.clone(),
            self.seg_id + 1,
            self.next_lsn,
        )?;
        *self = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
