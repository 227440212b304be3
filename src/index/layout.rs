//! Where a list's index lives: `.readnext/<list file name>/` beside the list, so several
//! lists in one folder keep their own index and history.
//!
//! Before, every list in a folder shared `.readnext/` itself (and one `history.txt`).
//! An index in that old layout is adopted by the list that built it (its manifest names
//! the list): its generation, `CURRENT` and history move into the list's own folder on
//! first use, generation first and `CURRENT` last, each by a rename, so an interruption
//! leaves either layout complete and the next run finishes the move. Another list's old
//! index is left where it is for that list.

use super::manifest::Manifest;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// `.readnext/` beside the list.
pub fn base_dir(list: &Path) -> PathBuf {
    let parent = list
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    parent.join(".readnext")
}

/// The default index folder of a list: `.readnext/<file name>/` beside it.
pub fn default_dir(list: &Path) -> PathBuf {
    let name = list
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "list".into());
    base_dir(list).join(name)
}

/// What [`adopt_old_layout`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Adopted {
    /// No old-layout index, or it belongs to another list.
    Nothing,
    /// The old index (and history, if any) moved into `to`.
    Moved { to: PathBuf },
}

fn names_list(manifest: &Path, list: &Path) -> bool {
    std::fs::read_to_string(manifest)
        .ok()
        .and_then(|t| serde_json::from_str::<Manifest>(&t).ok())
        .is_some_and(|m| Path::new(&m.list).file_name() == list.file_name())
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| {
        Error::index(
            from,
            format!(
                "cannot move the old index into {} ({e}); move it by hand or pass --index-dir",
                to.display()
            ),
        )
    })
}

/// Move an index in the old shared layout into the list's own folder, if that list
/// built it and the list's folder has no index yet.
pub fn adopt_old_layout(list: &Path) -> Result<Adopted> {
    let base = base_dir(list);
    let old_current = base.join("CURRENT");
    let Ok(gen_name) = std::fs::read_to_string(&old_current) else {
        return Ok(Adopted::Nothing);
    };
    let gen_name = gen_name.trim().to_string();
    let to = default_dir(list);
    if to.join("CURRENT").exists() || gen_name.is_empty() || gen_name.contains(['/', '\\']) {
        return Ok(Adopted::Nothing);
    }
    // The generation may already have moved (an interrupted adoption).
    let (old_gen, new_gen) = (base.join(&gen_name), to.join(&gen_name));
    let manifest = if old_gen.is_dir() {
        old_gen.join("manifest.json")
    } else {
        new_gen.join("manifest.json")
    };
    if !names_list(&manifest, list) {
        return Ok(Adopted::Nothing);
    }
    std::fs::create_dir_all(&to).map_err(|e| Error::io(&to, e))?;
    if old_gen.is_dir() {
        rename(&old_gen, &new_gen)?;
    }
    let history = base.join("history.txt");
    if history.is_file() && !to.join("history.txt").exists() {
        rename(&history, &to.join("history.txt"))?;
    }
    rename(&old_current, &to.join("CURRENT"))?;
    crate::fsutil::sync_dir(&to);
    crate::fsutil::sync_dir(&base);
    // Other old generations and interrupted writes of the old layout are leftovers.
    if let Ok(entries) = std::fs::read_dir(&base) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if (n.starts_with("gen-") || n.starts_with(".tmp-gen-")) && e.path().is_dir() {
                let stale = e.path().join("manifest.json");
                if n.starts_with(".tmp-gen-") || names_list(&stale, list) {
                    super::store::remove_generation(&e.path());
                }
            }
        }
    }
    Ok(Adopted::Moved { to })
}
