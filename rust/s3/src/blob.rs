//! Blob files: bodies too large to sit inline in a log record, one file each.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use labcloud_core::fs::OpenMode;
use labcloud_core::{CoreError, Fs, FsFile};

pub struct BlobStore {
    fs: Arc<dyn Fs>,
    dir: PathBuf,
    next_id: AtomicU64,
}

fn name(id: u64) -> String {
    format!("{id:016x}.blob")
}

impl BlobStore {
    pub fn open(fs: Arc<dyn Fs>, dir: PathBuf) -> Result<Self, CoreError> {
        fs.create_dir_all(&dir)
            .map_err(|e| CoreError::io("create blob directory", &dir, e))?;
        let max = Self::list_in(fs.as_ref(), &dir)?.into_iter().max().unwrap_or(0);
        Ok(BlobStore {
            fs,
            dir,
            next_id: AtomicU64::new(max + 1),
        })
    }

    fn list_in(fs: &dyn Fs, dir: &std::path::Path) -> Result<Vec<u64>, CoreError> {
        let names = fs
            .read_dir(dir)
            .map_err(|e| CoreError::io("list blobs", dir, e))?;
        Ok(names
            .iter()
            .filter_map(|n| u64::from_str_radix(n.strip_suffix(".blob")?, 16).ok())
            .collect())
    }

    pub fn list(&self) -> Result<Vec<u64>, CoreError> {
        Self::list_in(self.fs.as_ref(), &self.dir)
    }

    /// Ids above every id on disk; the state may hold higher ones after a
    /// crash that lost files, so callers raise the floor with [`Self::reserve_above`].
    pub fn reserve_above(&self, id: u64) {
        self.next_id.fetch_max(id + 1, Ordering::SeqCst);
    }

    pub fn path(&self, id: u64) -> PathBuf {
        self.dir.join(name(id))
    }

    pub fn create(&self) -> Result<(u64, Arc<dyn FsFile>), CoreError> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let path = self.path(id);
        let f = self
            .fs
            .open(&path, OpenMode::CreateNew)
            .map_err(|e| CoreError::io("create blob", &path, e))?;
        Ok((id, f))
    }

    pub fn open_blob(&self, id: u64) -> Result<Arc<dyn FsFile>, CoreError> {
        let path = self.path(id);
        self.fs
            .open(&path, OpenMode::Read)
            .map_err(|e| CoreError::io("open blob", &path, e))
    }

    pub fn remove(&self, id: u64) -> Result<(), CoreError> {
        let path = self.path(id);
        match self.fs.remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(CoreError::io("remove blob", &path, e)),
            _ => Ok(()),
        }
    }

    pub fn sync(&self, id: u64) -> Result<(), CoreError> {
        let path = self.path(id);
        match self.fs.open(&path, OpenMode::Read) {
            Ok(f) => f.sync_data().map_err(|e| CoreError::io("fsync blob", &path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(CoreError::io("open blob", &path, e)),
        }
    }

    pub fn sync_dir(&self) -> Result<(), CoreError> {
        self.fs
            .sync_dir(&self.dir)
            .map_err(|e| CoreError::io("sync blob directory", &self.dir, e))
    }

    /// True if the blob exists with exactly `len` bytes whose CRC32C is `crc`.
    pub fn verify(&self, id: u64, len: u64, crc: u32) -> bool {
        let Ok(f) = self.open_blob(id) else { return false };
        if f.len().ok() != Some(len) {
            return false;
        }
        let mut buf = vec![0u8; (1 << 20).min(len as usize)];
        let (mut off, mut c) = (0u64, 0u32);
        while off < len {
            let n = ((len - off) as usize).min(buf.len());
            if f.read_exact_at(&mut buf[..n], off).is_err() {
                return false;
            }
            c = crc32c::crc32c_append(c, &buf[..n]);
            off += n as u64;
        }
        c == crc
    }
}
