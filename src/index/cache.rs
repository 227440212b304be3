//! Caches beside an index generation: derived data (the relatedness graph) that any
//! command may recompute, stored so the next command need not.
//!
//! A generation's own files never change once it is current; a cache is an extra
//! file `cache-NAME.bin` in the generation folder, written atomically, framed with
//! a magic, the caller's key and a CRC-32, and ignored (recomputed) whenever any of
//! them does not match. Writing is best effort: a read-only index still answers.

use crate::fsutil;
pub use crate::hash::{key_of, KeyOf};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"RNCACHE1";

/// The file name of cache `name`.
fn file_name(name: &str) -> String {
    format!("cache-{name}.bin")
}

fn path(generation: &Path, name: &str) -> PathBuf {
    generation.join(file_name(name))
}

/// Where the payload of a cache file's `bytes` lies (offset, length), if the frame is
/// intact (magic, and the CRC-32 by `intact`, given the framed bytes and the stored
/// checksum) and names `key`.
fn payload(
    bytes: &[u8],
    key: u64,
    intact: impl FnOnce(&[u8], u32) -> bool,
) -> Option<(usize, usize)> {
    let head = MAGIC.len() + 8;
    if bytes.len() < head + 4 || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    let crc = u32::from_le_bytes(crc.try_into().ok()?);
    let stored_key = u64::from_le_bytes(body[MAGIC.len()..head].try_into().ok()?);
    (stored_key == key && intact(body, crc)).then_some((head, body.len() - head))
}

/// The checksum test of cache `name` of `generation`, opened with `meta`: hashed once
/// per change of the file ([`super::verified`]).
fn intact<'a>(
    generation: &'a Path,
    name: &'a str,
    meta: &'a std::fs::Metadata,
) -> impl FnOnce(&[u8], u32) -> bool + 'a {
    move |body, crc| {
        let id = super::verified::FileId::of(meta);
        let hash = || Some(crc32fast::hash(body));
        super::verified::crc_matches(generation, &file_name(name), id, crc, hash)
    }
}

/// The payload cached under `name` with `key`, if present and intact.
pub fn read(generation: &Path, name: &str, key: u64) -> Option<Vec<u8>> {
    let mut file = std::fs::File::open(path(generation, name)).ok()?;
    let meta = file.metadata().ok()?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes).ok()?;
    let (at, len) = payload(&bytes, key, intact(generation, name, &meta))?;
    Some(bytes[at..at + len].to_vec())
}

/// A mapped cache file and where its payload lies in it (offset, length).
pub type MappedPayload = (std::sync::Arc<crate::column::Mapped>, usize, usize);

/// As [`read`], without copying: the cache file mapped into memory (checked the same
/// way; only the pages read are loaded once it is known intact), and where its payload
/// lies in it (offset, length; the offset is 8-aligned).
pub fn map(generation: &Path, name: &str, key: u64) -> Option<MappedPayload> {
    map_with(generation, name, key, false)
}

/// As [`map`], with every page read ahead: for a cache that is read whole (faulting its
/// pages in one by one costs more than reading them at once).
pub fn map_whole(generation: &Path, name: &str, key: u64) -> Option<MappedPayload> {
    map_with(generation, name, key, true)
}

fn map_with(generation: &Path, name: &str, key: u64, whole: bool) -> Option<MappedPayload> {
    let at = path(generation, name);
    let file = if whole {
        crate::column::Mapped::open(&at)?
    } else {
        crate::column::Mapped::open_lazy(&at)?
    };
    let (at, len) = payload(file.bytes(), key, intact(generation, name, file.metadata()))?;
    Some((file, at, len))
}

/// Cache `payload` under `name` with `key`, replacing any older cache of that name.
pub fn write(generation: &Path, name: &str, key: u64, payload: &[u8]) -> crate::error::Result<()> {
    let mut bytes = Vec::with_capacity(payload.len() + MAGIC.len() + 12);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(payload);
    let crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    fsutil::atomic_write(&path(generation, name), &bytes)
}

/// What the running program is built from: its version and the fingerprint of its
/// sources, lock file, features, profile and target (`build.rs`), so a readnext built from
/// other code never trusts a cache, and a rebuild of the same code keeps them.
pub fn build_stamp() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), "|", env!("READNEXT_SOURCE_HASH"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_is_read_back_only_with_its_key_and_intact() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "x", 7, b"payload").unwrap();
        assert_eq!(read(dir.path(), "x", 7).as_deref(), Some(&b"payload"[..]));
        let (file, at, len) = map(dir.path(), "x", 7).unwrap();
        assert_eq!(&file.bytes()[at..at + len], b"payload");
        assert_eq!(at % 8, 0);
        let (whole, at2, len2) = map_whole(dir.path(), "x", 7).unwrap();
        assert_eq!(&whole.bytes()[at2..at2 + len2], b"payload");
        assert!(map(dir.path(), "x", 8).is_none());
        assert!(map_whole(dir.path(), "x", 8).is_none());
        assert_eq!(read(dir.path(), "x", 8), None);
        assert_eq!(read(dir.path(), "y", 7), None);
        let p = path(dir.path(), "x");
        let mut bytes = std::fs::read(&p).unwrap();
        let last = bytes.len() - 6;
        bytes[last] ^= 1;
        std::fs::write(&p, bytes).unwrap();
        assert_eq!(read(dir.path(), "x", 7), None);
        assert!(map(dir.path(), "x", 7).is_none());
        assert!(map_whole(dir.path(), "x", 7).is_none());
    }
}
