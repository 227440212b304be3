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
pub mod papers;
pub mod papers_binary;
mod papers_json;
pub mod passage_hashes;
pub mod pool_cache;
pub mod source;
pub mod store;
pub mod verified;

pub use ann::Ann;
pub use build::{
    build, build_with, is_up_to_date, relabel, same_passages, BuildControl, BuildStats,
};
pub use manifest::{Manifest, ModelStamp, INDEX_FORMAT_VERSION};

use std::path::PathBuf;

/// Unit vectors stored row by row.
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    pub dimension: usize,
    /// Row-major values: owned, or read in place from the generation's `vectors.f32`.
    pub data: crate::column::Column<f32>,
}

impl Vectors {
    /// Rows from a list of vectors of equal length.
    pub fn from_rows(dimension: usize, rows: &[Vec<f32>]) -> Vectors {
        let mut data = Vec::with_capacity(rows.len() * dimension);
        for r in rows {
            data.extend_from_slice(r);
        }
        Vectors {
            dimension,
            data: data.into(),
        }
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

    /// Every row's dot product with each query, row-major: row `j`'s with query `k` at
    /// `j * queries.len() + k`, each bit-identical to [`crate::embed::dot`]. One pass
    /// over the rows, in blocks, up to four queries against each load of a row
    /// ([`crate::embed::dots`]); split over the cores on a big list (each value is one
    /// product, so the same at any thread count).
    pub fn dots(&self, queries: &[&[f32]]) -> Vec<f32> {
        const PARALLEL_ABOVE: usize = 16_384;
        const BLOCK: usize = 1_024;
        let (n, q, dim) = (self.len(), queries.len(), self.dimension);
        if q == 0 || n == 0 {
            return Vec::new();
        }
        let data: &[f32] = &self.data;
        let mut flat = vec![0f32; n * q];
        let fill = |(b, out): (usize, &mut [f32])| {
            let rows_here = out.len() / q;
            let rows = &data[b * BLOCK * dim..(b * BLOCK + rows_here) * dim];
            if q <= 4 {
                crate::embed::dots(queries, rows, dim, out);
                return;
            }
            let mut part = vec![0f32; rows_here * 4];
            for (g, group) in queries.chunks(4).enumerate() {
                let part = &mut part[..rows_here * group.len()];
                crate::embed::dots(group, rows, dim, part);
                for (r, vals) in part.chunks_exact(group.len()).enumerate() {
                    out[r * q + g * 4..r * q + g * 4 + group.len()].copy_from_slice(vals);
                }
            }
        };
        if n < PARALLEL_ABOVE {
            flat.chunks_mut(q * BLOCK).enumerate().for_each(fill);
        } else {
            use rayon::prelude::*;
            flat.par_chunks_mut(q * BLOCK).enumerate().for_each(fill);
        }
        flat
    }
}

/// The HNSW graph of an index: built in memory, or a generation's graph files, read
/// and checked the first time a command needs the graph (only neighbour searches of
/// every paper do: `related` and `search` on one query scan the vectors exactly, which
/// at 100,000 papers is a fraction of the time reading the graph takes).
#[derive(Default)]
pub struct LazyAnn {
    cell: std::sync::OnceLock<Option<Ann>>,
    /// Where to read it.
    source: Option<GraphFiles>,
    /// Points the graph must hold.
    points: usize,
}

/// A generation's graph files: the folder, the graph's basename and the stamps its
/// two files must have.
#[derive(Debug)]
struct GraphFiles {
    generation: PathBuf,
    basename: String,
    stamps: Vec<(String, manifest::FileStamp)>,
}

impl LazyAnn {
    /// A graph already in memory.
    pub fn ready(ann: Ann) -> LazyAnn {
        LazyAnn {
            cell: std::sync::OnceLock::from(Some(ann)),
            source: None,
            points: 0,
        }
    }

    /// The graph of `points` vectors named `basename` in `generation`, whose files
    /// must match `stamps`.
    pub fn on_disk(
        generation: PathBuf,
        basename: String,
        stamps: Vec<(String, manifest::FileStamp)>,
        points: usize,
    ) -> LazyAnn {
        LazyAnn {
            cell: std::sync::OnceLock::new(),
            source: Some(GraphFiles {
                generation,
                basename,
                stamps,
            }),
            points,
        }
    }

    /// The graph, read on first use; `None` when it cannot be read or does not match
    /// its checksums (callers then search the vectors exactly).
    pub fn get(&self) -> Option<&Ann> {
        self.cell
            .get_or_init(|| {
                let files = self.source.as_ref()?;
                for (name, want) in &files.stamps {
                    let path = files.generation.join(name);
                    let meta = std::fs::metadata(&path).ok()?;
                    let id = verified::FileId::of(&meta);
                    let hash = || std::fs::read(&path).ok().map(|b| crc32fast::hash(&b));
                    if meta.len() != want.size
                        || !verified::crc_matches(&files.generation, name, id, want.crc32, hash)
                    {
                        return None;
                    }
                }
                Ann::load(&files.generation, &files.basename)
                    .ok()
                    .filter(|a| a.len() == self.points)
            })
            .as_ref()
    }
}

impl std::fmt::Debug for LazyAnn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyAnn")
            .field("loaded", &self.cell.get().is_some())
            .field("source", &self.source)
            .finish()
    }
}

/// A loaded index: papers in list order, their vectors (same order) and the graph.
pub struct Index {
    /// The index folder.
    pub dir: PathBuf,
    pub manifest: Manifest,
    pub papers: papers::Papers,
    /// sha256 of each paper's passage, same order as `papers`.
    pub passage_hashes: passage_hashes::PassageHashes,
    pub vectors: Vectors,
    /// The HNSW graph, read from the generation on first use ([`Index::ann`]).
    pub ann: LazyAnn,
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
            papers: self.papers[..n].to_vec().into(),
            passage_hashes: self.passage_hashes[..n.min(self.passage_hashes.len())]
                .to_vec()
                .into(),
            vectors: Vectors::from_rows(self.vectors.dimension, &rows),
            ann: LazyAnn::ready(Ann::build(&rows)),
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
