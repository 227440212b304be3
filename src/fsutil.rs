//! Crash-safe file operations: write to a temporary path, fsync, rename.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// fsync a directory so a rename inside it is durable (no-op where unsupported).
pub fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// `"<size> <mtime in ns>"` of a file: how a file is recognised as unchanged without
/// reading it (verified model files); `None` when it cannot be read, or
/// is a folder (a folder of notes: its stamp stays when a note in it is edited).
pub fn size_and_mtime(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!("{} {}", meta.len(), mtime))
}

/// Replace a user's file with `bytes` (the commands that write a list when asked):
/// the previous file is copied to `<path>.bak` first, then `bytes` are written
/// atomically. Returns the backup's path.
pub fn replace_keeping_backup(path: &Path, bytes: &[u8]) -> Result<std::path::PathBuf> {
    let mut backup = path.as_os_str().to_os_string();
    backup.push(".bak");
    let backup = std::path::PathBuf::from(backup);
    std::fs::copy(path, &backup).map_err(|e| Error::io(&backup, e))?;
    atomic_write(path, bytes)?;
    Ok(backup)
}

/// Write `bytes` to `path` atomically: a temp file beside it, fsync, rename.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = parent_of(path);
    if !parent.is_dir() {
        return Err(Error::Invalid(format!(
            "cannot write {}: the folder {} does not exist; create it or write elsewhere",
            path.display(),
            parent.display()
        )));
    }
    // A temp file is private (0600); the result keeps the old file's mode, or 0644.
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644)
    };
    #[cfg(not(unix))]
    let mode = 0o644;
    let tmp = written_temp(parent, bytes, mode)?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(parent);
    Ok(())
}

/// The folder a file `path` is written in (`.` for a bare file name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
}

/// A temp file in `parent` (hidden: `.tmp-…`) holding `bytes`, with Unix mode `mode`,
/// synced to disk: what a rename then puts in place.
fn written_temp(parent: &Path, bytes: &[u8], mode: u32) -> Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    Ok(tmp)
}

/// Write a new file `path` holding `bytes`, atomically (a temp file beside it, fsync, a
/// rename that fails when `path` exists): a file already there is never replaced. The
/// file's mode is 0644 on Unix.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = parent_of(path);
    let tmp = written_temp(parent, bytes, 0o644)?;
    tmp.persist_noclobber(path)
        .map_err(|e| Error::io(path, e.error))?;
    sync_dir(parent);
    Ok(())
}

/// Move the finished folder `staging` to `dest`, replacing what was there.
/// The old folder is moved aside first and removed only after the rename.
pub fn replace_dir(staging: tempfile::TempDir, dest: &Path) -> Result<()> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let staged = staging.keep();
    sync_dir(&staged);
    let old = if dest.exists() {
        let aside = parent.join(format!(
            ".old-{}-{}",
            dest.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        std::fs::rename(dest, &aside).map_err(|e| Error::io(dest, e))?;
        Some(aside)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(&staged, dest) {
        if let Some(aside) = &old {
            let _ = std::fs::rename(aside, dest);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(dest, e));
    }
    sync_dir(parent);
    if let Some(aside) = old {
        let _ = std::fs::remove_dir_all(aside);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_never_replaces_one_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("LoRA.md");
        create_new(&path, b"first").unwrap();
        assert!(create_new(&path, b"second").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        // No temp file is left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
