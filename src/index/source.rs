//! Whether a list is still the file the live generation was last checked against, told
//! without reading it: its size and modification time (and those of the abstracts
//! `enrich` found for it) are kept as a cache of the generation, with what reading the
//! list warned about. A command on an unchanged big list then skips parsing it, which is
//! most of its start-up; any difference (or a stamp that cannot be trusted) means the
//! list is read and compared as before.

use super::cache;
use crate::corpus::{Concern, Warning};
use std::path::Path;

const NAME: &str = "source";

// A file modified this recently may change again within the file system's clock
// resolution without its stamp changing (git's "racily clean" files): not stamped.
use super::verified::RACY;

/// The key of `list` and the `others` files it is read with (a missing one counts as
/// missing), or `None` when one of them changed too recently to be trusted by its stamp.
/// A folder of notes is stamped by every note's path, size and modification time (the
/// folder's own stamp does not change when a note in it is edited): an unchanged vault
/// is not read again either.
pub fn key(list: &Path, others: &[&Path]) -> Option<u64> {
    let mut recipe = format!("source 2|{}", cache::build_stamp());
    let abs = std::fs::canonicalize(list).ok()?;
    recipe.push_str(&format!("|{}", abs.display()));
    if list.is_dir() {
        recipe.push_str("|notes");
        for note in crate::corpus::notes::note_files(list).ok()? {
            let stamp = stamp(&list.join(&note))?;
            recipe.push_str(&format!("|{}:{stamp}", note.display()));
        }
    } else {
        recipe.push_str(&format!("|0:{}", stamp(list)?));
    }
    for (i, path) in others.iter().enumerate() {
        match std::fs::metadata(path) {
            Ok(_) => recipe.push_str(&format!("|{}:{}", i + 1, stamp(path)?)),
            Err(_) => recipe.push_str(&format!("|{}:none", i + 1)),
        }
    }
    Some(cache::key_of(&recipe))
}

/// `"<size>:<mtime in ns>"` of a file that changed at least [`RACY`] ago; `None` for a
/// fresher or unreadable one.
fn stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    if modified.elapsed().map_or(true, |age| age < RACY) {
        return None;
    }
    let nanos = modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!("{}:{nanos}", meta.len()))
}

/// What reading a list gave besides its papers: its warnings, and a folder of notes' note
/// files (`files[n - 1]` is the note of line `n`; empty for a list file).
#[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Checked {
    pub warnings: Vec<(usize, String, Concern)>,
    pub files: Vec<String>,
}

impl Checked {
    /// The record of a reading that gave `warnings` and `files`.
    pub fn of(warnings: &[Warning], files: &[String]) -> Checked {
        Checked {
            warnings: warnings
                .iter()
                .map(|w| (w.line, w.message.clone(), w.concern.clone()))
                .collect(),
            files: files.to_vec(),
        }
    }

    /// The warnings, as reading the list gave them.
    pub fn warnings(&self) -> Vec<Warning> {
        self.warnings
            .iter()
            .map(|(line, message, concern)| Warning {
                line: *line,
                concern: concern.clone(),
                message: message.clone(),
            })
            .collect()
    }
}

/// What reading the list gave, if `generation` was checked against the list with this
/// `key` (its papers are then the list's papers).
pub fn read(generation: &Path, key: u64) -> Option<Checked> {
    let bytes = cache::read(generation, NAME, key)?;
    serde_json::from_slice(&bytes).ok()
}

/// Record that `generation`'s papers are what reading the list with `key` gives, with
/// what else reading it gave. Best effort: without it the next command reads the list.
pub fn record(generation: &Path, key: u64, checked: &Checked) {
    if let Ok(bytes) = serde_json::to_vec(checked) {
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
        let warnings = vec![
            Warning::skipped(3, "skipped".into()),
            Warning {
                line: 0,
                concern: Concern::Encoding("EUC-KR".into()),
                message: "read as EUC-KR text".into(),
            },
        ];
        let files = vec!["Papers/LoRA.md".to_string()];
        let checked = Checked::of(&warnings, &files);
        record(&gen, k, &checked);
        let back = read(&gen, k).unwrap();
        assert_eq!(back.warnings(), warnings);
        assert_eq!(back.files, files);
        assert_eq!(read(&gen, k ^ 1), None);
    }

    #[test]
    fn a_folder_of_notes_is_stamped_by_its_notes() {
        let dir = tempfile::tempdir().unwrap();
        let vault = dir.path().join("vault");
        std::fs::create_dir_all(vault.join("Papers")).unwrap();
        std::fs::create_dir_all(vault.join(".obsidian")).unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        let write = |rel: &str, text: &str| {
            let path = vault.join(rel);
            std::fs::write(&path, text).unwrap();
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(old).unwrap();
        };
        write("Papers/LoRA.md", "---\ntitle: LoRA\n---\n");
        write(".obsidian/app.json", "{}");
        let k = key(&vault, &[]).unwrap();
        assert_eq!(key(&vault, &[]), Some(k));
        // A note edited in place (the folder's own stamp unchanged), one added, one
        // renamed: another key. A file readnext does not read: the same.
        write("Papers/LoRA.md", "---\ntitle: LoRA, edited\n---\n");
        let edited = key(&vault, &[]).unwrap();
        assert_ne!(edited, k);
        write(".obsidian/workspace.json", "{}");
        assert_eq!(key(&vault, &[]), Some(edited));
        write("Papers/QLoRA.md", "---\ntitle: QLoRA\n---\n");
        let added = key(&vault, &[]).unwrap();
        assert_ne!(added, edited);
        std::fs::rename(vault.join("Papers/QLoRA.md"), vault.join("QLoRA.md")).unwrap();
        assert_ne!(key(&vault, &[]), Some(added));
        // A note just written is too fresh to be trusted by its stamp.
        std::fs::write(vault.join("Papers/new.md"), "# New\n").unwrap();
        assert_eq!(key(&vault, &[]), None);
    }
}
