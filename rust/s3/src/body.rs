//! Object bodies in and out: a writer that keeps small bodies in memory for
//! the log record and spills large ones to a blob file, computing the MD5
//! (ETag) and CRC32C as bytes arrive; and a reader over an object's extents.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use labcloud_core::{CoreError, FsFile};
use md5::{Digest, Md5};

use crate::blob::BlobStore;
use crate::error::{Result, S3Error};
use crate::record::BlobBody;

pub struct BodyWriter {
    blobs: Arc<BlobStore>,
    inline_max: u64,
    max_size: u64,
    sync: bool,
    digest: Digester,
    size: u64,
    inline: Vec<Bytes>,
    blob: Option<(u64, Arc<dyn FsFile>)>,
}

/// MD5 and CRC32C of a body. Small bodies are hashed in line; once a body
/// spills to a blob, hashing moves to a thread of its own so that it runs
/// beside the disk writes and the fsync instead of before them (MD5 is about
/// as slow as the disk here).
enum Digester {
    Inline(Md5, u32),
    Thread {
        tx: std::sync::mpsc::SyncSender<Bytes>,
        done: std::thread::JoinHandle<(Md5, u32)>,
    },
}

impl Digester {
    fn update(&mut self, chunk: &Bytes) {
        match self {
            Digester::Inline(md5, crc) => {
                md5.update(chunk);
                *crc = crc32c::crc32c_append(*crc, chunk);
            }
            Digester::Thread { tx, .. } => {
                // The thread only ends when we drop the sender, so this cannot fail.
                let _ = tx.send(chunk.clone());
            }
        }
    }

    fn to_thread(&mut self) {
        let Digester::Inline(md5, crc) = self else { return };
        let (mut md5, mut crc) = (std::mem::take(md5), *crc);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Bytes>(64);
        let spawned = std::thread::Builder::new().name("s3-digest".into()).spawn(move || {
            for chunk in rx {
                md5.update(&chunk);
                crc = crc32c::crc32c_append(crc, &chunk);
            }
            (md5, crc)
        });
        if let Ok(done) = spawned {
            *self = Digester::Thread { tx, done };
        }
    }

    /// Hex MD5 and CRC32C of everything passed to `update`.
    fn finish(self) -> (String, u32) {
        let (md5, crc) = match self {
            Digester::Inline(md5, crc) => (md5, crc),
            Digester::Thread { tx, done } => {
                drop(tx);
                done.join().expect("the digest thread does not panic")
            }
        };
        (hex::encode(md5.finalize()), crc)
    }
}

/// A complete body, ready to be logged. Dropping it unlogged removes its blob.
pub struct SealedBody {
    pub etag: String,
    pub size: u64,
    pub crc32c: u32,
    /// The body itself when it goes inline in the log record.
    pub inline: Bytes,
    pub blob: Option<BlobBody>,
    blobs: Arc<BlobStore>,
}

impl SealedBody {
    /// Hands the blob over to the log record; from here the state owns it.
    pub fn take_blob(&mut self) -> Option<BlobBody> {
        self.blob.take()
    }
}

impl Drop for SealedBody {
    fn drop(&mut self) {
        if let Some(b) = self.blob.take() {
            let _ = self.blobs.remove(b.id);
        }
    }
}

impl BodyWriter {
    pub fn new(blobs: Arc<BlobStore>, inline_max: u64, max_size: u64, sync: bool) -> Self {
        BodyWriter {
            blobs,
            inline_max,
            max_size,
            sync,
            digest: Digester::Inline(Md5::new(), 0),
            size: 0,
            inline: Vec::new(),
            blob: None,
        }
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// True once the body has spilled to a blob (sealing will then fsync).
    pub fn has_blob(&self) -> bool {
        self.blob.is_some()
    }

    pub fn write(&mut self, chunk: Bytes) -> Result<()> {
        let new_size = self.size + chunk.len() as u64;
        if new_size > self.max_size {
            return Err(S3Error::EntityTooLarge {
                size: new_size,
                max: self.max_size,
            });
        }
        if self.blob.is_none() && new_size > self.inline_max {
            let (id, file) = self.blobs.create()?;
            self.blob = Some((id, file));
            self.digest.to_thread();
            let mut off = 0;
            for c in std::mem::take(&mut self.inline) {
                self.write_blob(&c, off)?;
                off += c.len() as u64;
            }
        }
        self.digest.update(&chunk);
        if self.blob.is_some() {
            self.write_blob(&chunk, self.size)?;
        } else if !chunk.is_empty() {
            self.inline.push(chunk);
        }
        self.size = new_size;
        Ok(())
    }

    fn write_blob(&self, data: &[u8], off: u64) -> Result<()> {
        let (id, f) = self.blob.as_ref().expect("blob open");
        f.write_all_at(data, off)
            .map_err(|e| CoreError::io("write blob", self.blobs.path(*id), e).into())
    }

    /// Finishes the body. Blocks on fsync of a blob under the `always` policy
    /// (while the digest thread, if any, catches up).
    pub fn seal(mut self, expected_len: Option<u64>) -> Result<SealedBody> {
        if let Some(n) = expected_len
            && n != self.size
        {
            return Err(S3Error::IncompleteBody {
                expected: n,
                received: self.size,
            });
        }
        let synced = match &self.blob {
            Some((id, f)) if self.sync => f
                .sync_data()
                .map_err(|e| S3Error::from(CoreError::io("fsync blob", self.blobs.path(*id), e))),
            _ => Ok(()),
        };
        let (etag, crc) = std::mem::replace(&mut self.digest, Digester::Inline(Md5::new(), 0)).finish();
        synced?;
        let blob = self.blob.take().map(|(id, _)| BlobBody {
            id,
            len: self.size,
            crc32c: crc,
            synced: self.sync,
        });
        let inline = match self.inline.len() {
            0 => Bytes::new(),
            1 => self.inline.pop().unwrap(),
            _ => {
                let mut b = BytesMut::with_capacity(self.size as usize);
                for c in &self.inline {
                    b.extend_from_slice(c);
                }
                b.freeze()
            }
        };
        Ok(SealedBody {
            etag,
            size: self.size,
            crc32c: crc,
            inline,
            blob,
            blobs: self.blobs.clone(),
        })
    }
}

impl Drop for BodyWriter {
    fn drop(&mut self) {
        if let Some((id, _)) = self.blob.take() {
            let _ = self.blobs.remove(id);
        }
    }
}

#[derive(Clone)]
struct Piece {
    file: Arc<dyn FsFile>,
    offset: u64,
    len: u64,
    /// Set when the piece is a whole extent, whose checksum is then verified.
    crc32c: Option<u32>,
}

fn corrupt(p: &Piece) -> S3Error {
    S3Error::Internal(CoreError::Corruption {
        path: "<object body>".into(),
        offset: p.offset,
        reason: format!("{} bytes at this offset fail their checksum", p.len),
    })
}

/// The bytes of an object (or a range of it), held open so they stay
/// readable even if the object is overwritten or deleted meanwhile.
#[derive(Clone, Default)]
pub struct ObjectReader {
    pieces: Vec<Piece>,
    len: u64,
}

impl ObjectReader {
    pub(crate) fn push(&mut self, file: Arc<dyn FsFile>, offset: u64, len: u64, crc32c: Option<u32>) {
        if len > 0 {
            self.pieces.push(Piece {
                file,
                offset,
                len,
                crc32c,
            });
            self.len += len;
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reads the whole body into `buf`, which must be exactly `len()` long.
    /// Whole extents are checked against their checksums: a damaged disk
    /// yields an error, never corrupt bytes.
    pub fn read_into(&self, buf: &mut [u8]) -> Result<()> {
        assert_eq!(buf.len() as u64, self.len, "buffer must match the body length");
        let mut at = 0usize;
        for p in &self.pieces {
            let n = p.len as usize;
            let dst = &mut buf[at..at + n];
            p.file
                .read_exact_at(dst, p.offset)
                .map_err(|e| CoreError::io("read object", "<object body>", e))?;
            if p.crc32c.is_some_and(|c| crc32c::crc32c(dst) != c) {
                return Err(corrupt(p));
            }
            at += n;
        }
        Ok(())
    }

    /// The body as chunks of at most `chunk` bytes.
    pub fn chunks(&self, chunk: usize) -> Chunks {
        Chunks {
            pieces: self.pieces.clone(),
            idx: 0,
            pos: 0,
            chunk: chunk.max(1),
            ahead: Bytes::new(),
            crc: 0,
        }
    }
}

/// Reads go to the disk in runs this large even when chunks are smaller:
/// large sequential reads are what lets the kernel's readahead keep up.
const READ_RUN: usize = 4 << 20;

pub struct Chunks {
    pieces: Vec<Piece>,
    idx: usize,
    pos: u64,
    chunk: usize,
    /// Read but not yet handed out.
    ahead: Bytes,
    /// CRC32C of the current piece's bytes read so far.
    crc: u32,
}

impl Iterator for Chunks {
    type Item = Result<Bytes>;
    fn next(&mut self) -> Option<Result<Bytes>> {
        if self.ahead.is_empty() {
            let p = self.pieces.get(self.idx)?;
            let n = ((p.len - self.pos) as usize).min(self.chunk.max(READ_RUN));
            let mut buf = BytesMut::zeroed(n);
            if let Err(e) = p.file.read_exact_at(&mut buf, p.offset + self.pos) {
                self.idx = self.pieces.len();
                return Some(Err(CoreError::io("read object", "<object body>", e).into()));
            }
            self.pos += n as u64;
            if p.crc32c.is_some() {
                self.crc = crc32c::crc32c_append(self.crc, &buf);
            }
            if self.pos == p.len {
                // The piece's last bytes go out only if the whole piece checks out.
                if p.crc32c.is_some_and(|c| c != self.crc) {
                    let err = corrupt(p);
                    self.idx = self.pieces.len();
                    return Some(Err(err));
                }
                self.idx += 1;
                self.pos = 0;
                self.crc = 0;
            }
            self.ahead = buf.freeze();
        }
        let n = self.ahead.len().min(self.chunk);
        Some(Ok(self.ahead.split_to(n)))
    }
}
