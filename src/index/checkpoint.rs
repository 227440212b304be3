//! Embedding checkpoints: an interrupted `index` (Ctrl-C, SIGTERM, a full disk, a
//! killed machine) continues where it stopped.
//!
//! While a build embeds, each batch of new vectors is appended to `checkpoint.bin` in
//! the index folder and made durable (fdatasync) before the next batch starts. The file
//! is a header (magic, format, a key naming the model stamp and dimension) followed by
//! records `[sha256 of the passage: 32 bytes][dimension × f32 LE][CRC-32 of both]`. On
//! the next build, records whose key matches are read back (a torn last record, or one
//! whose CRC fails, ends the read) and their passages are not embedded again. The file
//! is removed once a generation is written; it never makes an index current by itself.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The checkpoint's file name in the index folder.
pub const FILE: &str = "checkpoint.bin";
const MAGIC: &[u8; 8] = b"RNCKPT01";

/// An open checkpoint being appended to.
pub struct Checkpoint {
    path: PathBuf,
    file: std::fs::File,
    dim: usize,
}

/// A stable 64-bit key of what the vectors depend on (model stamp text and dimension).
fn key(model: &str, dim: usize) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in model.bytes().chain((dim as u64).to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// What an earlier, interrupted build of the same model saved.
#[derive(Debug, Default)]
pub struct Saved {
    /// Vectors by passage hash (hex sha256).
    pub vectors: HashMap<String, Vec<f32>>,
    /// Whole, valid records at the start of the file (appending continues after them).
    pub records: usize,
}

/// Read the checkpoint back. A missing, foreign or damaged file gives what could be
/// read (often nothing); it is never an error.
pub fn read(dir: &Path, model: &str, dim: usize) -> Saved {
    let mut out = Saved::default();
    let Ok(mut f) = std::fs::File::open(dir.join(FILE)) else {
        return out;
    };
    let mut bytes = Vec::new();
    if f.read_to_end(&mut bytes).is_err() || bytes.len() < 16 || &bytes[..8] != MAGIC {
        return out;
    }
    if bytes[8..16] != key(model, dim).to_le_bytes() {
        return out;
    }
    let rec = 32 + dim * 4 + 4;
    for r in bytes[16..].chunks_exact(rec) {
        let body = &r[..rec - 4];
        let crc = u32::from_le_bytes([r[rec - 4], r[rec - 3], r[rec - 2], r[rec - 1]]);
        if crc32fast::hash(body) != crc {
            break;
        }
        let v: Vec<f32> = body[32..]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        out.vectors.insert(hex::encode(&body[..32]), v);
        out.records += 1;
    }
    out
}

/// A clear error for a write that failed in the index folder: a full disk or a file
/// size limit names the folder and says the previous index is untouched.
pub fn write_error(dir: &Path, path: &Path, e: std::io::Error) -> Error {
    match e.raw_os_error() {
        // ENOSPC, EDQUOT
        Some(28) | Some(122) => Error::index(
            dir,
            format!(
                "the disk is full (writing {}); free some space or pass --index-dir on another disk; the previous index is untouched",
                path.display()
            ),
        ),
        // EFBIG
        Some(27) => Error::index(
            dir,
            format!(
                "a file-size limit stopped the write of {} (ulimit -f); raise it or pass --index-dir elsewhere; the previous index is untouched",
                path.display()
            ),
        ),
        _ => Error::io(path, e),
    }
}

impl Checkpoint {
    /// Open the checkpoint for appending after its first `kept` valid records (a torn
    /// or damaged tail is cut off), or start it over when it has none of this model.
    pub fn open(dir: &Path, model: &str, dim: usize, kept: usize) -> Result<Checkpoint> {
        std::fs::create_dir_all(dir).map_err(|e| write_error(dir, dir, e))?;
        let path = dir.join(FILE);
        let rec = (32 + dim * 4 + 4) as u64;
        let header = {
            let mut h = MAGIC.to_vec();
            h.extend_from_slice(&key(model, dim).to_le_bytes());
            h
        };
        let whole = 16 + kept as u64 * rec;
        let append = std::fs::metadata(&path).is_ok_and(|m| kept > 0 && m.len() >= whole);
        let file = if append {
            let f = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .map_err(|e| write_error(dir, &path, e))?;
            f.set_len(whole).map_err(|e| write_error(dir, &path, e))?;
            f
        } else {
            let mut f = std::fs::File::create(&path).map_err(|e| write_error(dir, &path, e))?;
            f.write_all(&header)
                .map_err(|e| write_error(dir, &path, e))?;
            f
        };
        Ok(Checkpoint { path, file, dim })
    }

    /// Append the vectors of a batch (passage hash hex, vector) and make them durable.
    pub fn append(&mut self, dir: &Path, batch: &[(&str, &[f32])]) -> Result<()> {
        let mut buf = Vec::with_capacity(batch.len() * (36 + self.dim * 4));
        for (hash, v) in batch {
            let mut body = hex::decode(hash).unwrap_or_default();
            body.resize(32, 0);
            for x in v.iter().take(self.dim) {
                body.extend_from_slice(&x.to_le_bytes());
            }
            let crc = crc32fast::hash(&body);
            buf.extend_from_slice(&body);
            buf.extend_from_slice(&crc.to_le_bytes());
        }
        self.file
            .write_all(&buf)
            .and_then(|_| self.file.sync_data())
            .map_err(|e| write_error(dir, &self.path, e))
    }
}

/// Remove the checkpoint (the generation it served is written).
pub fn remove(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(FILE));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_and_a_torn_tail_or_another_model_gives_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let h1 = "11".repeat(32);
        let h2 = "22".repeat(32);
        let mut c = Checkpoint::open(dir.path(), "m", 2, 0).unwrap();
        c.append(dir.path(), &[(&h1, &[1.0, 2.0]), (&h2, &[3.0, 4.0])])
            .unwrap();
        drop(c);
        let got = read(dir.path(), "m", 2);
        assert_eq!(got.records, 2);
        assert_eq!(got.vectors[&h1], vec![1.0, 2.0]);
        assert!(read(dir.path(), "other", 2).vectors.is_empty());
        assert!(read(dir.path(), "m", 3).vectors.is_empty());
        // A torn last record is ignored; appending continues only on a whole file.
        let path = dir.path().join(FILE);
        let len = std::fs::metadata(&path).unwrap().len();
        let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        f.set_len(len - 3).unwrap();
        let torn = read(dir.path(), "m", 2);
        assert_eq!(torn.records, 1);
        let mut c = Checkpoint::open(dir.path(), "m", 2, torn.records).unwrap();
        c.append(dir.path(), &[(&h2, &[5.0, 6.0])]).unwrap();
        let again = read(dir.path(), "m", 2);
        assert_eq!(
            again.records, 2,
            "the torn tail was cut, the good record kept"
        );
        assert_eq!(again.vectors[&h1], vec![1.0, 2.0]);
        assert_eq!(again.vectors[&h2], vec![5.0, 6.0]);
        remove(dir.path());
        assert!(read(dir.path(), "m", 2).vectors.is_empty());
    }
}
