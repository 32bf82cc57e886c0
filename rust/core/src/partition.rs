//! A partition: a state machine driven by an operation log.
//!
//! A write is `append(op) → fsync per policy → apply(op) → ack`, done by one
//! writer thread per partition so that operations are applied in log order and
//! concurrent writers share an fsync (group commit). Readers see only applied,
//! and therefore logged, state. Periodic checkpoints hold a snapshot of the
//! state so recovery replays only the tail of the log.

use std::collections::BTreeSet;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};
use std::task::{Context, Poll};
use std::thread::JoinHandle;
use std::time::Instant;

use bytes::Bytes;
use tokio::sync::oneshot;

use crate::checkpoint;
use crate::error::{CoreError, Result};
use crate::fs::{Fs, FsFile};
use writer::Writer;
use crate::log::{BodyRef, Cursor, LogOptions, LogPos, LogWriter, Position, RECORD_OVERHEAD, Segments};

/// One logged operation handed to the state machine.
pub struct Entry<'a> {
    pub lsn: u64,
    pub header: &'a [u8],
    /// The record's body in the log (length 0 when it has none).
    pub body: BodyRef,
    /// True while recovering: the operation was applied before the crash and
    /// its caller is gone.
    pub replay: bool,
}

impl Entry<'_> {
    /// Where the record starts in the log: what a [`Cursor`] reads from.
    pub fn position(&self) -> LogPos {
        LogPos {
            segment: self.body.segment,
            offset: self.body.offset - self.header.len() as u64 - RECORD_OVERHEAD as u64,
        }
    }

    /// Where the next record starts (the body ends the record).
    pub fn end(&self) -> LogPos {
        LogPos {
            segment: self.body.segment,
            offset: self.body.offset + self.body.len,
        }
    }
}

pub trait StateMachine: Send + Sync + 'static {
    type Output: Send + 'static;

    /// Applies one operation. Must be deterministic: after a crash, recovery
    /// applies the same entries in the same order to the state restored from
    /// the last checkpoint and must arrive at the same state.
    fn apply(&mut self, entry: Entry<'_>) -> Self::Output;

    /// The whole state, serialized for a checkpoint.
    fn snapshot(&self) -> Vec<u8>;

    /// Log segments whose bytes the state still references (bodies kept in the
    /// log); they survive truncation.
    fn live_segments(&self) -> BTreeSet<u64> {
        BTreeSet::new()
    }

    /// Called before a checkpoint is written: anything the snapshot refers to
    /// outside the log must be made durable here.
    fn before_checkpoint(&mut self) -> Result<()> {
        Ok(())
    }
}

/// Counters for benchmarks and tests.
#[derive(Debug, Default)]
pub struct PartitionStats {
    pub records: AtomicU64,
    pub bytes: AtomicU64,
    pub batches: AtomicU64,
    pub fsyncs: AtomicU64,
    pub checkpoints: AtomicU64,
    pub replayed: AtomicU64,
}

type Reply<T> = oneshot::Sender<Result<T>>;

enum Msg<O> {
    Append {
        header: Bytes,
        body: Bytes,
        reply: Reply<O>,
    },
    Checkpoint(Reply<()>),
    Sync(Reply<()>),
    /// Seal the active segment.
    Seal(Reply<bool>),
    /// Delete segments below this id that the state no longer names live.
    DropBelow(u64, Reply<usize>),
    /// Stop at once, writing nothing more: what a crash leaves behind.
    Halt,
}

/// An operation submitted to the log, resolving once applied (and, under
/// `FsyncPolicy::Always`, durable). Await it, or call [`Pending::wait`].
pub struct Pending<T>(PendingInner<T>);

enum PendingInner<T> {
    Waiting(oneshot::Receiver<Result<T>>),
    Failed(Option<CoreError>),
}

impl<T> Pending<T> {
    fn failed(e: CoreError) -> Self {
        Pending(PendingInner::Failed(Some(e)))
    }

    /// Blocks the calling thread. Must not be called from an async task.
    pub fn wait(self) -> Result<T> {
        match self.0 {
            PendingInner::Waiting(rx) => rx.blocking_recv().unwrap_or(Err(CoreError::Closed)),
            PendingInner::Failed(mut e) => Err(e.take().unwrap_or(CoreError::Closed)),
        }
    }
}

impl<T> Future for Pending<T> {
    type Output = Result<T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        match &mut self.0 {
            PendingInner::Waiting(rx) => Pin::new(rx)
                .poll(cx)
                .map(|r| r.unwrap_or(Err(CoreError::Closed))),
            PendingInner::Failed(e) => Poll::Ready(Err(e.take().unwrap_or(CoreError::Closed))),
        }
    }
}

struct Shared<S> {
    state: RwLock<S>,
    segments: Arc<Segments>,
    poisoned: Mutex<Option<String>>,
    stats: PartitionStats,
}

impl<S> Shared<S> {
    fn poison(&self, why: &CoreError) -> CoreError {
        let mut p = self.poisoned.lock().unwrap();
        let msg = p.get_or_insert_with(|| why.to_string()).clone();
        CoreError::Poisoned(msg)
    }
    fn check(&self) -> Result<()> {
        match &*self.poisoned.lock().unwrap() {
            Some(m) => Err(CoreError::Poisoned(m.clone())),
            None => Ok(()),
        }
    }
}

pub struct Partition<S: StateMachine> {
    shared: Arc<Shared<S>>,
    tx: Mutex<Option<mpsc::Sender<Msg<S::Output>>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    dir: PathBuf,
    max_record: u64,
}

impl<S: StateMachine> Partition<S> {
    /// Opens (or creates) the partition stored in `dir`: restores the newest
    /// checkpoint through `restore` (given `None` for a new partition), replays
    /// the log tail, and starts the writer.
    pub fn open(
        fs: Arc<dyn Fs>,
        dir: &Path,
        opts: LogOptions,
        restore: impl FnOnce(Option<&[u8]>) -> Result<S>,
    ) -> Result<Self> {
        fs.create_dir_all(dir)
            .map_err(|e| CoreError::io("create partition directory", dir, e))?;
        let log_dir = dir.join("log");
        let ckpt = checkpoint::load_latest(fs.as_ref(), dir)?;
        let (mut state, from) = match &ckpt {
            Some(c) => (restore(Some(&c.snapshot))?, c.position),
            None => (restore(None)?, Position::START),
        };
        let mut replayed = 0u64;
        let writer = LogWriter::open(fs.clone(), &log_dir, opts.clone(), from, |r| {
            replayed += 1;
            state.apply(Entry {
                lsn: r.lsn,
                header: r.header,
                body: r.body,
                replay: true,
            });
            Ok(())
        })?;
        let shared = Arc::new(Shared {
            state: RwLock::new(state),
            segments: writer.segments().clone(),
            poisoned: Mutex::new(None),
            stats: PartitionStats::default(),
        });
        shared.stats.replayed.store(replayed, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        let w_max_record = opts.max_record_bytes;
        let mut w = Writer {
            shared: shared.clone(),
            log: writer,
            opts,
            fs,
            dir: dir.to_path_buf(),
            since_ckpt: (0, 0),
            last_sync: Instant::now(),
            // The older kept checkpoint's segment is not known here; 0 is
            // the safe guess (it never lets a segment go too early).
            kept_ckpt_segments: (0, from.segment),
        };
        let name = format!(
            "log-{}",
            dir.file_name().and_then(|n| n.to_str()).unwrap_or("partition")
        );
        let thread = std::thread::Builder::new()
            .name(name.chars().take(15).collect())
            .spawn(move || w.run(rx))
            .map_err(|e| CoreError::io("spawn log writer", dir, e))?;
        Ok(Partition {
            shared,
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
            dir: dir.to_path_buf(),
            max_record: w_max_record,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn send(&self, msg: Msg<S::Output>) -> Result<()> {
        self.shared.check()?;
        let tx = self.tx.lock().unwrap();
        let tx = tx.as_ref().ok_or(CoreError::Closed)?;
        tx.send(msg).map_err(|_| CoreError::Closed)
    }

    /// Logs an operation; the result of applying it arrives through the
    /// returned [`Pending`].
    pub fn submit(&self, header: impl Into<Bytes>, body: Bytes) -> Pending<S::Output> {
        let (reply, rx) = oneshot::channel();
        match self.send(Msg::Append {
            header: header.into(),
            body,
            reply,
        }) {
            Ok(()) => Pending(PendingInner::Waiting(rx)),
            Err(e) => Pending::failed(e),
        }
    }

    /// Reads the applied state.
    pub fn read(&self) -> RwLockReadGuard<'_, S> {
        self.shared.state.read().unwrap()
    }

    /// The segment file holding a body, kept open by the handle.
    pub fn body_file(&self, r: &BodyRef) -> Option<Arc<dyn FsFile>> {
        self.shared.segments.file(r.segment)
    }

    pub fn read_body(&self, r: &BodyRef, buf: &mut [u8], offset_in_body: u64) -> Result<()> {
        self.shared.segments.read(r, buf, offset_in_body)
    }

    /// Segment ids and sizes.
    pub fn segments(&self) -> Vec<(u64, u64)> {
        self.shared.segments.list()
    }

    /// Reads records in log order from `from` up to `until`, which must be
    /// the end of an applied record (see [`Entry::end`]): engines whose
    /// records are the data read them back this way. The range's segments
    /// stay readable through the cursor even if deleted meanwhile.
    pub fn cursor(&self, from: LogPos, until: LogPos) -> Result<Cursor> {
        self.shared.segments.cursor(from, until, self.max_record)
    }

    /// Seals the active segment (if it holds any record) and starts a new
    /// one, so that a log written slowly can still let old records go.
    /// Resolves to whether a segment was sealed.
    pub fn seal_segment(&self) -> Pending<bool> {
        let (reply, rx) = oneshot::channel();
        match self.send(Msg::Seal(reply)) {
            Ok(()) => Pending(PendingInner::Waiting(rx)),
            Err(e) => Pending::failed(e),
        }
    }

    /// Deletes the segments below `below` that the state no longer names in
    /// [`StateMachine::live_segments`], first taking the checkpoints needed
    /// so that recovery (from either kept checkpoint) never replays them.
    /// Resolves to the number of segments deleted.
    pub fn drop_segments_below(&self, below: u64) -> Pending<usize> {
        let (reply, rx) = oneshot::channel();
        match self.send(Msg::DropBelow(below, reply)) {
            Ok(()) => Pending(PendingInner::Waiting(rx)),
            Err(e) => Pending::failed(e),
        }
    }

    /// Takes a checkpoint now and truncates the log behind it.
    pub fn checkpoint(&self) -> Pending<()> {
        let (reply, rx) = oneshot::channel();
        match self.send(Msg::Checkpoint(reply)) {
            Ok(()) => Pending(PendingInner::Waiting(rx)),
            Err(e) => Pending::failed(e),
        }
    }

    /// Forces everything submitted so far to stable storage.
    pub fn sync(&self) -> Pending<()> {
        let (reply, rx) = oneshot::channel();
        match self.send(Msg::Sync(reply)) {
            Ok(()) => Pending(PendingInner::Waiting(rx)),
            Err(e) => Pending::failed(e),
        }
    }

    pub fn stats(&self) -> &PartitionStats {
        &self.shared.stats
    }

    /// Why the partition refuses writes, if it does.
    pub fn poisoned(&self) -> Option<String> {
        self.shared.poisoned.lock().unwrap().clone()
    }

    /// Stops the writer as a crash would: operations already applied stay in
    /// the log (under `FsyncPolicy::Always` they are durable), nothing else is
    /// written, no final checkpoint is taken. For crash-recovery tests.
    pub fn crash(&self) {
        let _ = self.send(Msg::Halt);
        drop(self.tx.lock().unwrap().take());
        if let Some(t) = self.thread.lock().unwrap().take() {
            let _ = t.join();
        }
    }

    /// Drains queued operations, fsyncs, takes a final checkpoint and stops the
    /// writer. Idempotent.
    pub fn close(&self) {
        drop(self.tx.lock().unwrap().take());
        if let Some(t) = self.thread.lock().unwrap().take() {
            let _ = t.join();
        }
    }
}

impl<S: StateMachine> Drop for Partition<S> {
    fn drop(&mut self) {
        self.close();
    }
}

mod writer;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod cursor_tests;
