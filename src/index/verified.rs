//! Checksums checked once per change of a file, not on every load.
//!
//! Every file of a generation and every cache carries a CRC-32. At 100,000 papers
//! hashing the vectors, the papers and the lexical cache (hundreds of MB, each page
//! read from disk) on every command cost more than answering. As git does for its
//! work tree ("racy git"), a file whose identity (device, inode, size, modification
//! and change time) is the one recorded when it last hashed right is not hashed
//! again. Any write through the file system moves the change time, which no user call
//! can set back, and a replaced file is a new inode; so what is skipped is only a file
//! unchanged since it was checked. A file changed less than [`RACY`] before its check
//! is not recorded (time stamps are coarse: a second write in the same tick could keep
//! them) and is hashed again next time. Where the platform gives no inode or change
//! time, every load hashes, as before.
//!
//! The record is `verified.txt` in the generation folder, one line per file, rewritten
//! atomically and best effort (a read-only index is hashed every time); a damaged or
//! foreign record is ignored.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const RECORD: &str = "verified.txt";
const HEADER: &str = "readnext verified 1";

/// How long ago a file must have changed for its check to be recorded.
pub const RACY: Duration = Duration::from_secs(3);

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl FileId {
    /// The identity of the file `meta` describes, where the platform gives one.
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some(FileId {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
            ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// No identity off Unix: every load hashes.
    #[cfg(not(unix))]
    pub fn of(_meta: &std::fs::Metadata) -> Option<FileId> {
        None
    }

    fn line(&self, name: &str, crc: u32) -> String {
        format!(
            "{name} {} {} {} {} {} {crc}",
            self.dev, self.ino, self.size, self.mtime_ns, self.ctime_ns
        )
    }

    fn parse(line: &str) -> Option<(String, FileId, u32)> {
        let mut parts = line.split(' ');
        let name = parts.next()?.to_string();
        let id = FileId {
            dev: parts.next()?.parse().ok()?,
            ino: parts.next()?.parse().ok()?,
            size: parts.next()?.parse().ok()?,
            mtime_ns: parts.next()?.parse().ok()?,
            ctime_ns: parts.next()?.parse().ok()?,
        };
        let crc = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some((name, id, crc))
    }
}

type Records = BTreeMap<String, (FileId, u32)>;

/// The records of every generation this process has looked at.
fn records() -> &'static Mutex<BTreeMap<PathBuf, Records>> {
    static ALL: OnceLock<Mutex<BTreeMap<PathBuf, Records>>> = OnceLock::new();
    ALL.get_or_init(|| Mutex::new(BTreeMap::new()))
}

fn read_record(generation: &Path) -> Records {
    let Ok(text) = std::fs::read_to_string(generation.join(RECORD)) else {
        return Records::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Records::new();
    }
    lines
        .filter_map(FileId::parse)
        .map(|(name, id, crc)| (name, (id, crc)))
        .collect()
}

fn write_record(generation: &Path, records: &Records) {
    let mut text = format!("{HEADER}\n");
    for (name, (id, crc)) in records {
        text.push_str(&id.line(name, *crc));
        text.push('\n');
    }
    // Best effort: without the record the next load hashes again.
    let _ = crate::fsutil::atomic_write(&generation.join(RECORD), text.as_bytes());
}

/// Whether the file `name` of `generation`, whose identity is `id`, has the CRC-32
/// `want`: `hash` (the file's CRC-32, `None` when it cannot be read) is called unless
/// a record says this very version of the file hashed to `want` before. A good hash
/// of a file that changed at least [`RACY`] ago is recorded.
pub fn crc_matches(
    generation: &Path,
    name: &str,
    id: Option<FileId>,
    want: u32,
    hash: impl FnOnce() -> Option<u32>,
) -> bool {
    crc_matches_with(generation, name, id, want, hash, RACY, SystemTime::now())
}

fn crc_matches_with(
    generation: &Path,
    name: &str,
    id: Option<FileId>,
    want: u32,
    hash: impl FnOnce() -> Option<u32>,
    racy: Duration,
    now: SystemTime,
) -> bool {
    let key = generation.to_path_buf();
    if let Some(id) = id {
        // A poisoned lock only means another thread panicked mid-update: the map holds
        // whole entries either way, so it is used as it is.
        let mut all = records().lock().unwrap_or_else(|e| e.into_inner());
        let known = all
            .entry(key.clone())
            .or_insert_with(|| read_record(generation));
        if known.get(name) == Some(&(id, want)) {
            return true;
        }
    }
    if hash() != Some(want) {
        return false;
    }
    let Some(id) = id else {
        return true;
    };
    let now_ns = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    let settled = |t: i128| t + (racy.as_nanos() as i128) <= now_ns;
    if settled(id.ctime_ns) && settled(id.mtime_ns) {
        let mut all = records().lock().unwrap_or_else(|e| e.into_inner());
        let known = all.entry(key).or_insert_with(|| read_record(generation));
        // Read again: another process may have recorded other files meanwhile.
        let mut on_disk = read_record(generation);
        on_disk.append(known);
        on_disk.insert(name.to_string(), (id, want));
        write_record(generation, &on_disk);
        *known = on_disk;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn id_of(path: &Path) -> Option<FileId> {
        FileId::of(&std::fs::metadata(path).unwrap())
    }

    #[test]
    fn a_file_checked_once_is_not_hashed_again_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let gen = dir.path();
        let path = gen.join("data.bin");
        std::fs::write(&path, b"some bytes").unwrap();
        let crc = crc32fast::hash(b"some bytes");
        let hashed = Cell::new(0);
        let bytes = || {
            hashed.set(hashed.get() + 1);
            Some(crc32fast::hash(b"some bytes"))
        };
        let later = SystemTime::now() + Duration::from_secs(10);
        let check = |want: u32, hash: &dyn Fn() -> Option<u32>| {
            crc_matches_with(gen, "data.bin", id_of(&path), want, hash, RACY, later)
        };
        // First check hashes and (the file changed long enough ago) records.
        assert!(check(crc, &bytes));
        assert_eq!(hashed.get(), 1);
        assert!(std::fs::read_to_string(gen.join(RECORD))
            .unwrap()
            .starts_with(HEADER));
        // The same file again: not hashed.
        assert!(check(crc, &bytes));
        assert_eq!(hashed.get(), 1);
        // Another process reads the record from disk.
        records().lock().unwrap().clear();
        assert!(check(crc, &bytes));
        assert_eq!(hashed.get(), 1);
        // Another checksum asked for: hashed, and refused.
        assert!(!check(crc ^ 1, &bytes));
        assert_eq!(hashed.get(), 2);
        // The file replaced by one of the same size (a new inode): hashed again.
        crate::fsutil::atomic_write(&path, b"SOME bytes").unwrap();
        assert!(!check(crc, &|| Some(crc32fast::hash(b"SOME bytes"))));
    }

    #[test]
    fn a_file_changed_just_before_its_check_is_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let gen = dir.path();
        let path = gen.join("data.bin");
        std::fs::write(&path, b"fresh").unwrap();
        let crc = crc32fast::hash(b"fresh");
        let now = SystemTime::now();
        assert!(crc_matches_with(
            gen,
            "data.bin",
            id_of(&path),
            crc,
            || Some(crc),
            RACY,
            now
        ));
        assert!(!gen.join(RECORD).exists());
        let hashed = Cell::new(false);
        let bytes = || {
            hashed.set(true);
            Some(crc)
        };
        assert!(crc_matches_with(
            gen,
            "data.bin",
            id_of(&path),
            crc,
            bytes,
            RACY,
            now
        ));
        assert!(hashed.get(), "an unrecorded file is hashed every time");
    }

    #[test]
    fn a_damaged_or_foreign_record_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(RECORD), "something else\nx 1 2 3 4 5 6\n").unwrap();
        assert!(read_record(dir.path()).is_empty());
        std::fs::write(
            dir.path().join(RECORD),
            format!("{HEADER}\nx 1 2 3 4 5 6\nbroken 1\n"),
        )
        .unwrap();
        assert_eq!(read_record(dir.path()).len(), 1);
    }
}
