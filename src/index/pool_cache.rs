//! Pool indexes in the user cache (`…/readnext/pools/<hash>-<name>/`, one folder per
//! pool file, keyed by its full path). Each folder records the file it indexes; a folder
//! whose file is gone can never be used again under its key, so it is removed the next
//! time a pool is opened (a pool downloaded under a new name each day would otherwise
//! leave one index a day behind).

use std::path::{Path, PathBuf};

/// The file in a pool folder that names the pool file, as its full path.
const SOURCE_PATH: &str = "pool-path.txt";

/// Record in `dir` that it indexes the pool file at `abs` (a full path). Best effort:
/// a folder that does not say so is never removed, nor is one whose path is not UTF-8
/// (it could not be read back as the same path).
pub fn record_source(dir: &Path, abs: &Path) {
    let Some(text) = abs.to_str() else {
        return;
    };
    let file = dir.join(SOURCE_PATH);
    if std::fs::read_to_string(&file).is_ok_and(|s| s == text) {
        return;
    }
    let _ = crate::fsutil::atomic_write(&file, text.as_bytes());
}

/// Remove the folders of `pools` (the cache's pool folder) whose recorded pool file no
/// longer exists, but for `keep` and a folder another process is writing now. Returns
/// the pool files whose indexes were removed, in folder-name order. Errors leave a folder
/// where it is.
pub fn remove_orphans(pools: &Path, keep: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(pools) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p != keep)
        .collect();
    dirs.sort();
    let mut removed = Vec::new();
    for dir in dirs {
        let Ok(source) = std::fs::read_to_string(dir.join(SOURCE_PATH)) else {
            continue;
        };
        let source = PathBuf::from(source);
        // Only a file known to be missing: one that cannot be looked at now (a
        // permission, an I/O error) is left be.
        let gone = source.is_absolute()
            && matches!(std::fs::symlink_metadata(&source), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
        if !gone {
            continue;
        }
        // Held while the folder is removed: a writer that comes later builds it anew.
        let Some(_lock) = super::lock::try_acquire(&dir) else {
            continue;
        };
        if std::fs::remove_dir_all(&dir).is_ok() {
            removed.push(source);
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_whose_pool_file_is_gone_is_removed_and_the_others_stay() {
        let tmp = tempfile::tempdir().unwrap();
        let pools = tmp.path().join("pools");
        let kept_file = tmp.path().join("kept.jsonl");
        std::fs::write(&kept_file, "{}").unwrap();
        let gone_file = tmp.path().join("gone.jsonl");
        let folder = |name: &str| {
            let d = pools.join(name);
            std::fs::create_dir_all(d.join("gen-1")).unwrap();
            std::fs::write(d.join("gen-1/vectors.f32"), [0u8; 8]).unwrap();
            d
        };
        let (kept, gone, unknown, current) = (
            folder("1-kept.jsonl"),
            folder("2-gone.jsonl"),
            folder("3-old"),
            folder("4-current"),
        );
        record_source(&kept, &kept_file);
        record_source(&gone, &gone_file);
        record_source(&current, &tmp.path().join("also-gone.jsonl"));
        // A relative path says nothing about where the file was.
        std::fs::write(pools.join("3-old").join(SOURCE_PATH), "old.jsonl").unwrap();
        assert_eq!(remove_orphans(&pools, &current), vec![gone_file.clone()]);
        assert!(!gone.exists());
        assert!(kept.exists() && unknown.exists() && current.exists());
        // Nothing more the second time.
        assert!(remove_orphans(&pools, &current).is_empty());
        // A folder being written is left alone.
        let busy = folder("5-busy");
        record_source(&busy, &gone_file);
        let held = super::super::lock::acquire(&busy, &|_| {}).unwrap();
        assert!(remove_orphans(&pools, &current).is_empty());
        assert!(busy.exists());
        drop(held);
        assert_eq!(remove_orphans(&pools, &current), vec![gone_file]);
        assert!(!busy.exists());
        // No pool folder at all: nothing to do.
        assert!(remove_orphans(&tmp.path().join("none"), &current).is_empty());
    }
}
