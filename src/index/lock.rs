//! One writer at a time: an exclusive lock on `<index>/lock` (released on exit,
//! even when the process is killed). A second writer waits and says who holds it.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::Path;

/// Held while an index is being written.
pub struct IndexLock {
    _file: File,
}

/// Take the writer lock of the existing folder `dir` if no one holds it (`None` when
/// another process does, or the lock file cannot be opened).
pub fn try_acquire(dir: &Path) -> Option<IndexLock> {
    let file = open_lock_file(&dir.join("lock")).ok()?;
    file.try_lock().ok()?;
    Some(IndexLock { _file: file })
}

/// The lock file at `path`, created if missing, its contents (the holder's pid) kept.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// Take the writer lock of `dir`, waiting for another writer; `waiting` is called
/// once, with the holder's pid when known, before blocking.
pub fn acquire(dir: &Path, waiting: &dyn Fn(&str)) -> Result<IndexLock> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::index(
            dir,
            format!("cannot create the index folder ({e}); pass a writable --index-dir"),
        )
    })?;
    let path = dir.join("lock");
    let mut file = open_lock_file(&path).map_err(|e| {
        Error::index(
            dir,
            format!(
                "cannot open {} ({e}); pass a writable --index-dir",
                path.display()
            ),
        )
    })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            let holder = holder.trim();
            waiting(&format!(
                "readnext: waiting for another `readnext index` ({}) to finish with {}",
                if holder.is_empty() {
                    "pid unknown".to_string()
                } else {
                    format!("pid {holder}")
                },
                dir.display()
            ));
            file.lock().map_err(|e| Error::io(&path, e))?;
        }
        Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
    }
    file.set_len(0).map_err(|e| Error::io(&path, e))?;
    write!(file, "{}", std::process::id()).map_err(|e| Error::io(&path, e))?;
    Ok(IndexLock { _file: file })
}
