//! The writer thread of a partition: takes operations off the channel in
//! batches, appends them, makes them durable per the fsync policy (one
//! fsync for the whole batch: group commit), applies them in log order,
//! replies, and takes the checkpoints that bound recovery.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;

use bytes::Bytes;

use super::{Entry, Msg, Reply, Shared, StateMachine};
use crate::checkpoint;
use crate::error::{CoreError, Result};
use crate::fs::Fs;
use crate::log::{BodyRef, FsyncPolicy, LogOptions, LogWriter};

pub(super) struct Writer<S: StateMachine> {
    pub(super) shared: Arc<Shared<S>>,
    pub(super) log: LogWriter,
    pub(super) opts: LogOptions,
    pub(super) fs: Arc<dyn Fs>,
    pub(super) dir: PathBuf,
    /// Records and bytes logged since the last checkpoint.
    pub(super) since_ckpt: (u64, u64),
    pub(super) last_sync: Instant,
    /// The segments of the (older, newer) kept checkpoints. Segments are
    /// deleted only behind the older one, so falling back to it still finds
    /// its log.
    pub(super) kept_ckpt_segments: (u64, u64),
}

struct Appended<O> {
    lsn: u64,
    header: Bytes,
    body: BodyRef,
    reply: Reply<O>,
}

impl<S: StateMachine> Writer<S> {
    pub(super) fn run(&mut self, rx: mpsc::Receiver<Msg<S::Output>>) {
        let mut batch: Vec<Msg<S::Output>> = Vec::new();
        loop {
            let first = match self.opts.fsync {
                FsyncPolicy::Interval(d) if self.log.has_unsynced() => {
                    let left = d.saturating_sub(self.last_sync.elapsed());
                    match rx.recv_timeout(left) {
                        Ok(m) => m,
                        Err(RecvTimeoutError::Timeout) => {
                            let _ = self.sync();
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
                _ => match rx.recv() {
                    Ok(m) => m,
                    Err(_) => break,
                },
            };
            let mut bytes = msg_bytes(&first);
            batch.push(first);
            while bytes < self.opts.max_batch_bytes {
                match rx.try_recv() {
                    Ok(m) => {
                        bytes += msg_bytes(&m);
                        batch.push(m);
                    }
                    Err(_) => break,
                }
            }
            if !self.process(&mut batch) {
                return;
            }
        }
        if self.shared.check().is_ok() {
            let _ = self.checkpoint();
        }
    }

    /// Returns false when told to halt.
    fn process(&mut self, batch: &mut Vec<Msg<S::Output>>) -> bool {
        let mut appended = Vec::new();
        for msg in batch.drain(..) {
            match msg {
                Msg::Append {
                    header,
                    body,
                    reply,
                } => {
                    if let Err(e) = self.shared.check() {
                        let _ = reply.send(Err(e));
                        continue;
                    }
                    match self.log.append(&header, &body) {
                        Ok((lsn, body)) => appended.push(Appended {
                            lsn,
                            header,
                            body,
                            reply,
                        }),
                        Err(e @ CoreError::RecordTooLarge { .. }) => {
                            let _ = reply.send(Err(e));
                        }
                        Err(e) => {
                            let _ = reply.send(Err(self.shared.poison(&e)));
                        }
                    }
                }
                Msg::Checkpoint(reply) => {
                    self.commit(&mut appended);
                    let _ = reply.send(self.checkpoint());
                }
                Msg::Sync(reply) => {
                    self.commit(&mut appended);
                    let _ = reply.send(self.sync());
                }
                Msg::Seal(reply) => {
                    self.commit(&mut appended);
                    let r = self.shared.check().and_then(|()| {
                        self.log.seal_segment().map_err(|e| self.shared.poison(&e))
                    });
                    let _ = reply.send(r);
                }
                Msg::DropBelow(below, reply) => {
                    self.commit(&mut appended);
                    let _ = reply.send(self.drop_below(below));
                }
                Msg::Halt => {
                    self.commit(&mut appended);
                    return false;
                }
            }
        }
        self.commit(&mut appended);
        let due = self.since_ckpt.0 >= self.opts.checkpoint_records
            || self.since_ckpt.1 >= self.opts.checkpoint_bytes;
        if due && self.shared.check().is_ok() {
            let _ = self.checkpoint();
        }
        true
    }

    /// Makes `appended` durable per policy, applies it in log order, replies.
    fn commit(&mut self, appended: &mut Vec<Appended<S::Output>>) {
        if appended.is_empty() {
            return;
        }
        let shared = self.shared.clone();
        let stats = &shared.stats;
        let mut r = self.log.flush();
        if r.is_ok() {
            let sync_now = match self.opts.fsync {
                FsyncPolicy::Always => true,
                FsyncPolicy::Interval(d) => self.last_sync.elapsed() >= d,
                FsyncPolicy::Never => false,
            };
            if sync_now {
                r = self.sync();
            }
        }
        if let Err(e) = r {
            self.shared.poison(&e);
            for a in appended.drain(..) {
                let _ = a.reply.send(self.shared.check().map(|()| unreachable!()));
            }
            return;
        }
        stats.batches.fetch_add(1, Ordering::Relaxed);
        let mut state = shared.state.write().unwrap();
        for a in appended.drain(..) {
            stats.records.fetch_add(1, Ordering::Relaxed);
            let size = a.header.len() as u64 + a.body.len;
            stats.bytes.fetch_add(size, Ordering::Relaxed);
            self.since_ckpt.0 += 1;
            self.since_ckpt.1 += size;
            let out = state.apply(Entry {
                lsn: a.lsn,
                header: &a.header,
                body: a.body,
                replay: false,
            });
            let _ = a.reply.send(Ok(out));
        }
    }

    fn sync(&mut self) -> Result<()> {
        self.shared.check()?;
        if self.log.has_unsynced() {
            self.log.sync().map_err(|e| self.shared.poison(&e))?;
            self.shared.stats.fsyncs.fetch_add(1, Ordering::Relaxed);
        }
        self.last_sync = Instant::now();
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<()> {
        self.sync()?;
        let pos = self.log.position();
        let (snapshot, live) = {
            let mut state = self.shared.state.write().unwrap();
            state.before_checkpoint().map_err(|e| self.shared.poison(&e))?;
            (state.snapshot(), state.live_segments())
        };
        checkpoint::write(self.fs.as_ref(), &self.dir, pos, &snapshot)?;
        // The previous newest checkpoint is now the older of the two kept.
        let older = self.kept_ckpt_segments.1;
        self.shared.segments.remove_below(older, &live)?;
        self.kept_ckpt_segments = (older, pos.segment);
        self.since_ckpt = (0, 0);
        self.shared.stats.checkpoints.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl<S: StateMachine> Writer<S> {
    fn drop_below(&mut self, below: u64) -> Result<usize> {
        self.shared.check()?;
        let live = self.shared.state.read().unwrap().live_segments();
        let doomed = self
            .shared
            .segments
            .list()
            .iter()
            .any(|(id, _)| *id < below && !live.contains(id));
        if !doomed {
            return Ok(0);
        }
        let before = self.shared.segments.list().len();
        // At most two checkpoints move the older kept one past `below`
        // (each checkpoint also deletes what lies behind the older one).
        for _ in 0..2 {
            if self.kept_ckpt_segments.0 >= below {
                break;
            }
            self.checkpoint()?;
        }
        let live = self.shared.state.read().unwrap().live_segments();
        self.shared
            .segments
            .remove_below(below.min(self.kept_ckpt_segments.0), &live)?;
        Ok(before - self.shared.segments.list().len())
    }
}

fn msg_bytes<O>(m: &Msg<O>) -> u64 {
    match m {
        Msg::Append { header, body, .. } => (header.len() + body.len()) as u64,
        _ => 0,
    }
}
