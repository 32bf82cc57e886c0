//! The file-system seam. All engine disk I/O goes through [`Fs`] so tests can
//! inject the failures real disks produce (failed fsync, short writes, a full
//! disk) with [`FaultyFs`] and check that nothing acknowledged is lost.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// An open file, addressed by offset so one handle can serve a writer and
/// concurrent readers.
pub trait FsFile: Send + Sync {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize>;
    fn write_at(&self, buf: &[u8], offset: u64) -> io::Result<usize>;
    fn sync_data(&self) -> io::Result<()>;
    fn set_len(&self, len: u64) -> io::Result<()>;
    fn len(&self) -> io::Result<u64>;

    fn read_exact_at(&self, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
        while !buf.is_empty() {
            match self.read_at(buf, offset) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "file ended before the requested range",
                    ));
                }
                Ok(n) => {
                    buf = &mut buf[n..];
                    offset += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn write_all_at(&self, mut buf: &[u8], mut offset: u64) -> io::Result<()> {
        while !buf.is_empty() {
            match self.write_at(buf, offset) {
                Ok(0) => return Err(io::Error::new(io::ErrorKind::WriteZero, "write returned 0")),
                Ok(n) => {
                    buf = &buf[n..];
                    offset += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// How to open a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    Read,
    /// Read and write; the file must not exist yet.
    CreateNew,
    /// Read and write an existing file.
    ReadWrite,
}

pub trait Fs: Send + Sync + 'static {
    fn open(&self, path: &Path, mode: OpenMode) -> io::Result<Arc<dyn FsFile>>;
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
    /// Entry names (not paths) in a directory, sorted.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>>;
    /// Makes a directory's entries (created, renamed, removed files) durable.
    fn sync_dir(&self, path: &Path) -> io::Result<()>;
    fn exists(&self, path: &Path) -> bool;
}

/// The operating system's file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealFs;

struct RealFile(File);

impl FsFile for RealFile {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        self.0.read_at(buf, offset)
    }
    fn write_at(&self, buf: &[u8], offset: u64) -> io::Result<usize> {
        self.0.write_at(buf, offset)
    }
    fn sync_data(&self) -> io::Result<()> {
        self.0.sync_data()
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        self.0.set_len(len)
    }
    fn len(&self) -> io::Result<u64> {
        Ok(self.0.metadata()?.len())
    }
}

impl Fs for RealFs {
    fn open(&self, path: &Path, mode: OpenMode) -> io::Result<Arc<dyn FsFile>> {
        let mut o = OpenOptions::new();
        match mode {
            OpenMode::Read => o.read(true),
            OpenMode::CreateNew => o.read(true).write(true).create_new(true),
            OpenMode::ReadWrite => o.read(true).write(true),
        };
        Ok(Arc::new(RealFile(o.open(path)?)))
    }
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::create_dir_all(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }
    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir_all(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        for e in fs::read_dir(path)? {
            if let Ok(name) = e?.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }
    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        File::open(path)?.sync_all()
    }
    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }
}

/// An exclusive lock on a data directory, held until dropped, so two engines
/// never write the same files. Uses an OS file lock, released by the kernel
/// if the process dies.
pub struct DirLock {
    _file: File,
}

impl DirLock {
    pub fn acquire(dir: &Path) -> Result<DirLock, crate::CoreError> {
        fs::create_dir_all(dir).map_err(|e| crate::CoreError::io("create data directory", dir, e))?;
        let path = dir.join("LOCK");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| crate::CoreError::io("open lock file", &path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(DirLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(crate::CoreError::Locked { path: dir.to_path_buf() }),
            Err(std::fs::TryLockError::Error(e)) => Err(crate::CoreError::io("lock data directory", &path, e)),
        }
    }
}

/// Switches for the failures [`FaultyFs`] injects; shared between the test and
/// the file system under test.
#[derive(Debug, Default)]
pub struct Faults {
    /// Every fsync (file or directory) fails with EIO.
    pub fail_sync: AtomicBool,
    /// Writes succeed until this many more bytes have been written, then the
    /// write that crosses the limit is cut short and later ones fail with ENOSPC.
    /// `u64::MAX` means no limit.
    pub space_left: AtomicU64,
    /// Only files whose path contains this substring are affected (empty: all).
    pub path_filter: std::sync::Mutex<String>,
}

impl Faults {
    pub fn new() -> Arc<Self> {
        Arc::new(Faults {
            space_left: AtomicU64::new(u64::MAX),
            ..Default::default()
        })
    }
    pub fn set_fail_sync(&self, on: bool) {
        self.fail_sync.store(on, Ordering::SeqCst);
    }
    pub fn set_space_left(&self, bytes: u64) {
        self.space_left.store(bytes, Ordering::SeqCst);
    }
    pub fn only_paths_containing(&self, needle: &str) {
        *self.path_filter.lock().unwrap() = needle.to_string();
    }
    fn applies_to(&self, path: &Path) -> bool {
        let f = self.path_filter.lock().unwrap();
        f.is_empty() || path.to_string_lossy().contains(f.as_str())
    }
}

/// A [`RealFs`] that injects the failures switched on in its [`Faults`].
#[derive(Clone)]
pub struct FaultyFs {
    faults: Arc<Faults>,
}

impl FaultyFs {
    pub fn new(faults: Arc<Faults>) -> Self {
        FaultyFs { faults }
    }
}

struct FaultyFile {
    inner: Arc<dyn FsFile>,
    path: PathBuf,
    faults: Arc<Faults>,
}

fn eio(what: &str) -> io::Error {
    io::Error::other(format!("injected fault: {what}"))
}

impl FsFile for FaultyFile {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        self.inner.read_at(buf, offset)
    }
    fn write_at(&self, buf: &[u8], offset: u64) -> io::Result<usize> {
        if !self.faults.applies_to(&self.path) {
            return self.inner.write_at(buf, offset);
        }
        let left = self.faults.space_left.load(Ordering::SeqCst);
        if left == u64::MAX {
            return self.inner.write_at(buf, offset);
        }
        if left == 0 {
            return Err(io::Error::from_raw_os_error(28)); // ENOSPC
        }
        let n = (buf.len() as u64).min(left) as usize;
        let written = self.inner.write_at(&buf[..n], offset)?;
        self.faults
            .space_left
            .fetch_sub(written as u64, Ordering::SeqCst);
        Ok(written)
    }
    fn sync_data(&self) -> io::Result<()> {
        if self.faults.fail_sync.load(Ordering::SeqCst) && self.faults.applies_to(&self.path) {
            return Err(eio("fsync"));
        }
        self.inner.sync_data()
    }
    fn set_len(&self, len: u64) -> io::Result<()> {
        self.inner.set_len(len)
    }
    fn len(&self) -> io::Result<u64> {
        self.inner.len()
    }
}

impl Fs for FaultyFs {
    fn open(&self, path: &Path, mode: OpenMode) -> io::Result<Arc<dyn FsFile>> {
        Ok(Arc::new(FaultyFile {
            inner: RealFs.open(path, mode)?,
            path: path.to_path_buf(),
            faults: self.faults.clone(),
        }))
    }
    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        RealFs.create_dir_all(path)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        RealFs.rename(from, to)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_file(path)
    }
    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_dir_all(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<String>> {
        RealFs.read_dir(path)
    }
    fn sync_dir(&self, path: &Path) -> io::Result<()> {
        if self.faults.fail_sync.load(Ordering::SeqCst) && self.faults.applies_to(path) {
            return Err(eio("directory fsync"));
        }
        RealFs.sync_dir(path)
    }
    fn exists(&self, path: &Path) -> bool {
        RealFs.exists(path)
    }
}
