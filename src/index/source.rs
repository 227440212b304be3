//! Whether a list is still the file the live generation was last checked against, told
//! without reading it: its size and modification time (and those of the abstracts
//! `enrich` found for it) are kept as a cache of the generation, with what reading the
//! list warned about. A command on an unchanged big list then skips parsing it, which is
//! most of its start-up; any difference (or a stamp that cannot be trusted) means the
//! list is read and compared as before.

use super::cache;
use crate::corpus::Warning;
use std::path::Path;

const NAME: &str = "source";

// A file modified this recently may change again within the file system's clock
// resolution without its stamp changing (git's "racily clean" files): not stamped.
use super::verified::RACY;

/// The key of `list` and the `others` files it is read with (a missing one counts as
/// missing), or `None` when one of them changed too recently to be trusted by its stamp
/// (or the list is a folder of notes).
pub fn key(list: &Path, others: &[&Path]) -> Option<u64> {
    // A folder's stamp does not change when a note in it is edited: a folder of notes is
    // read every time.
    if list.is_dir() {
        return None;
    }
    let mut recipe = format!("source 1|{}", cache::build_stamp());
    let abs = std::fs::canonicalize(list).ok()?;
    recipe.push_str(&format!("|{}", abs.display()));
    for (i, path) in std::iter::once(list)
        .chain(others.iter().copied())
        .enumerate()
    {
        match std::fs::metadata(path) {
            Ok(meta) => {
                let modified = meta.modified().ok()?;
                if modified.elapsed().map_or(true, |age| age < RACY) {
                    return None;
                }
                let nanos = modified
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()?
                    .as_nanos();
                recipe.push_str(&format!("|{i}:{}:{nanos}", meta.len()));
            }
            Err(_) if i > 0 => recipe.push_str(&format!("|{i}:none")),
            Err(_) => return None,
        }
    }
    Some(cache::key_of(&recipe))
}

/// The warnings reading the list gave, if `generation` was checked against the list
/// with this `key` (its papers are then the list's papers).
pub fn read(generation: &Path, key: u64) -> Option<Vec<Warning>> {
    let bytes = cache::read(generation, NAME, key)?;
    let pairs: Vec<(usize, String)> = serde_json::from_slice(&bytes).ok()?;
    Some(
        pairs
            .into_iter()
            .map(|(line, message)| Warning { line, message })
            .collect(),
    )
}

/// Record that `generation`'s papers are what reading the list with `key` gives, with
/// its `warnings`. Best effort: without it the next command reads the list.
pub fn record(generation: &Path, key: u64, warnings: &[Warning]) {
    let pairs: Vec<(usize, &str)> = warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    if let Ok(bytes) = serde_json::to_vec(&pairs) {
        let _ = cache::write(generation, NAME, key, &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_names_the_files_and_refuses_fresh_ones() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list.md");
        std::fs::write(&list, "- [A](https://a)\n").unwrap();
        // Just written: too fresh to be trusted by its stamp.
        assert_eq!(key(&list, &[]), None);
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        let f = std::fs::File::options().write(true).open(&list).unwrap();
        f.set_modified(old).unwrap();
        let k = key(&list, &[]).unwrap();
        assert_eq!(key(&list, &[]), Some(k));
        let missing = dir.path().join("metadata.jsonl");
        assert_ne!(key(&list, &[&missing]), Some(k));
        f.set_modified(old - std::time::Duration::from_secs(1))
            .unwrap();
        assert_ne!(key(&list, &[]), Some(k));
        assert_eq!(key(&dir.path().join("gone.md"), &[]), None);

        let gen = dir.path().join("gen-1");
        std::fs::create_dir_all(&gen).unwrap();
        let warnings = vec![Warning {
            line: 3,
            message: "skipped".into(),
        }];
        record(&gen, k, &warnings);
        assert_eq!(read(&gen, k), Some(warnings));
        assert_eq!(read(&gen, k ^ 1), None);
    }
}
