//! sha256 checks of model files, remembered by size and modification time so a
//! verified file is not hashed again on every start.

use super::registry::PinnedFile;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// sha256 of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

fn stamp_path(cache: &Path, file: &Path) -> PathBuf {
    let key = hex::encode(&Sha256::digest(file.to_string_lossy().as_bytes())[..12]);
    cache.join("verified").join(key)
}

fn stamp_prefix(path: &Path) -> Option<String> {
    crate::fsutil::size_and_mtime(path).map(|s| format!("{s} "))
}

/// sha256 of `path`, taken from a stamp in `cache` when the file's size and mtime
/// match the stamp's; otherwise hashed and stamped. `force` always hashes.
pub fn file_sha256(path: &Path, cache: Option<&Path>, force: bool) -> Result<String> {
    let stamp = cache.map(|c| stamp_path(c, path));
    if !force {
        if let (Some(stamp), Some(prefix)) = (&stamp, stamp_prefix(path)) {
            if let Ok(text) = std::fs::read_to_string(stamp) {
                if let Some(sha) = text.strip_prefix(&prefix) {
                    if sha.len() == 64 {
                        return Ok(sha.to_string());
                    }
                }
            }
        }
    }
    let sha = sha256_file(path)?;
    if let (Some(stamp), Some(prefix)) = (stamp, stamp_prefix(path)) {
        // A stamp that cannot be written only costs a re-hash next time.
        if let Some(dir) = stamp.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(stamp, format!("{prefix}{sha}"));
    }
    Ok(sha)
}

/// Check `path` against its pin: size first, then sha256 (see [`file_sha256`]). An
/// unpinned file only has to exist.
pub fn verify_file(
    model: &str,
    path: &Path,
    pin: &PinnedFile,
    cache: Option<&Path>,
    force: bool,
) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::model(
            model,
            format!(
                "{} is missing ({e}); run `readnext model fetch`",
                path.display()
            ),
        )
    })?;
    let (Some(size), Some(sha)) = (pin.size, pin.sha256.as_deref()) else {
        return Ok(());
    };
    if meta.len() != size {
        return Err(Error::model(
            model,
            format!(
                "{} has {} bytes, expected {} (truncated or another file); delete it and run `readnext model fetch`",
                path.display(),
                meta.len(),
                size
            ),
        ));
    }
    let got = file_sha256(path, cache, force)?;
    if got != sha {
        return Err(Error::model(
            model,
            format!(
                "{} has sha256 {got}, expected {sha}; delete it and run `readnext model fetch`",
                path.display(),
            ),
        ));
    }
    Ok(())
}
