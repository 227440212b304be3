//! The index on disk: manifest, papers, vectors and the HNSW graph, in a
//! generation folder that becomes current by an atomic rename of `CURRENT`.
//!
//! Layout of an index folder (default: `.readnext/<list file name>/` beside the list, see
//! [`layout`]):
//! `CURRENT` names the live generation (`gen-7`); `gen-7/` holds `manifest.json`,
//! `papers.json`, `vectors.f32` (little-endian, row-major) and `graph.hnsw.*`;
//! `lock` serialises writers. Derived data that is cheap to recompute (the relatedness
//! graph) may be cached beside a generation as `cache-*.bin` ([`cache`]). A generation is written in full into a temp folder,
//! fsynced, renamed into place, and only then named in `CURRENT`, so a crash at any
//! point leaves the previous index usable.

pub mod ann;
pub mod build;
pub mod cache;
pub mod checkpoint;
pub mod layout;
pub mod lock;
pub mod manifest;
pub mod store;

pub use ann::Ann;
pub use build::{build, build_with, BuildControl, BuildStats};
pub use manifest::{Manifest, ModelStamp, INDEX_FORMAT_VERSION};

use crate::corpus::Paper;
use std::path::PathBuf;

/// Unit vectors stored row by row.
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    pub dimension: usize,
    pub data: Vec<f32>,
}

impl Vectors {
    /// Rows from a list of vectors of equal length.
    pub fn from_rows(dimension: usize, rows: &[Vec<f32>]) -> Vectors {
        let mut data = Vec::with_capacity(rows.len() * dimension);
        for r in rows {
            data.extend_from_slice(r);
        }
        Vectors { dimension, data }
    }
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.dimension).unwrap_or(0)
    }
    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.dimension..(i + 1) * self.dimension]
    }
    /// Rows as owned vectors.
    pub fn rows(&self) -> Vec<Vec<f32>> {
        (0..self.len()).map(|i| self.row(i).to_vec()).collect()
    }
}

/// A loaded index: papers in list order, their vectors (same order) and the graph.
pub struct Index {
    /// The index folder.
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub papers: Vec<Paper>,
    /// sha256 of each paper's passage, same order as `papers`.
    pub passage_hashes: Vec<String>,
    pub vectors: Vectors,
    pub ann: Ann,
    /// The generation folder this index was loaded from or written to; `None` for an
    /// index that exists only in memory (such as [`Index::prefix`]), which has no caches.
    pub generation: Option<PathBuf>,
}

impl Index {
    /// The index of the first `n` papers alone (in memory, with a graph of its own):
    /// what the list looked like before its last papers were added.
    pub fn prefix(&self, n: usize) -> Index {
        let n = n.min(self.papers.len());
        let rows: Vec<Vec<f32>> = (0..n).map(|i| self.vectors.row(i).to_vec()).collect();
        Index {
            dir: self.dir.clone(),
            manifest: self.manifest.clone(),
            papers: self.papers[..n].to_vec(),
            passage_hashes: self.passage_hashes[..n.min(self.passage_hashes.len())].to_vec(),
            vectors: Vectors::from_rows(self.vectors.dimension, &rows),
            ann: Ann::build(&rows),
            generation: None,
        }
    }
}

pub use layout::default_dir;

/// sha256 of a passage, as stored in the index.
pub fn passage_hash(passage: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(passage.as_bytes()))
}
