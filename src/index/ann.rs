//! The HNSW graph (hnsw_rs) over unit vectors, built, dumped and reloaded.
//!
//! hnsw_rs facts handled here: `DistDot` panics on unit vectors whose dot product
//! rounds above 1, so a clamped unit-dot distance is used; `file_dump` needs
//! `max_nb_layer` 16; a reloaded graph borrows its `HnswIo`, so both live in one
//! self-referential cell; a reloaded graph is never re-dumped (a build always
//! writes a fresh graph into a fresh folder under a fixed basename).

use crate::error::{Error, Result};
use hnsw_rs::api::AnnT;
use hnsw_rs::hnsw::Hnsw;
use hnsw_rs::hnswio::HnswIo;
use hnsw_rs::prelude::Distance;
use std::path::Path;

/// Connections per node.
pub const MAX_CONNECTIONS: usize = 16;
/// Layers; `file_dump` only works with 16.
pub const MAX_LAYERS: usize = 16;
/// Search width while building.
pub const EF_CONSTRUCTION: usize = 200;
/// Lists up to this size are inserted one by one (a deterministic graph);
/// larger ones in parallel (faster; answers are rescored exactly either way).
pub const SERIAL_INSERT_LIMIT: usize = 20_000;
/// Basename of the dumped graph files.
pub const BASENAME: &str = "graph";

/// `1 - a·b` clamped to `[0, 2]`: cosine distance for unit vectors that never goes
/// negative when rounding pushes a self-similarity above 1. The dot product is
/// [`crate::embed::dot_wide`]: building and searching the graph is mostly these
/// one-pair distances (candidates are rescored exactly with `dot` afterwards).
#[derive(Debug, Clone, Copy, Default)]
pub struct UnitDot;

impl Distance<f32> for UnitDot {
    fn eval(&self, va: &[f32], vb: &[f32]) -> f32 {
        (1.0 - crate::embed::dot_wide(va, vb)).clamp(0.0, 2.0)
    }
}

type Graph<'a> = Hnsw<'a, f32, UnitDot>;

self_cell::self_cell!(
    pub struct LoadedGraph {
        owner: HnswIo,
        #[not_covariant]
        dependent: Graph,
    }
);

/// An HNSW graph, built in memory or reloaded from disk.
pub enum Ann {
    Built(Graph<'static>),
    Loaded(LoadedGraph),
}

impl Ann {
    /// Build a graph over `vectors`; point ids are the vectors' positions.
    pub fn build(vectors: &[Vec<f32>]) -> Ann {
        let n = vectors.len().max(1);
        let graph: Graph<'static> =
            Hnsw::new(MAX_CONNECTIONS, n, MAX_LAYERS, EF_CONSTRUCTION, UnitDot);
        if vectors.len() <= SERIAL_INSERT_LIMIT {
            for (i, v) in vectors.iter().enumerate() {
                graph.insert_slice((v.as_slice(), i));
            }
        } else {
            let data: Vec<(&[f32], usize)> = vectors
                .iter()
                .enumerate()
                .map(|(i, v)| (v.as_slice(), i))
                .collect();
            graph.parallel_insert_slice(&data);
        }
        Ann::Built(graph)
    }

    /// Dump the graph into `dir` and return the basename hnsw_rs used.
    pub fn dump(&self, dir: &Path) -> Result<String> {
        let res = match self {
            Ann::Built(g) => g.file_dump(dir, BASENAME),
            Ann::Loaded(l) => l.with_dependent(|_, g| g.file_dump(dir, BASENAME)),
        };
        res.map_err(|e| Error::index(dir, format!("cannot write the HNSW graph: {e}")))
    }

    /// Reload a dumped graph. The caller has checked the files' checksums first:
    /// hnsw_rs asserts on malformed files, so a panic is also caught here.
    pub fn load(dir: &Path, basename: &str) -> Result<Ann> {
        let dir = dir.to_path_buf();
        let base = basename.to_string();
        let loaded = std::panic::catch_unwind(move || {
            LoadedGraph::try_new(HnswIo::new(&dir, &base), |io| {
                io.load_hnsw_with_dist(UnitDot)
            })
        });
        match loaded {
            Ok(Ok(g)) => Ok(Ann::Loaded(g)),
            Ok(Err(e)) => Err(Error::index(
                basename,
                format!("cannot read the HNSW graph ({e}); run `readnext index --rebuild`"),
            )),
            Err(_) => Err(Error::index(
                basename,
                "the HNSW graph is corrupt; run `readnext index --rebuild`",
            )),
        }
    }

    /// Number of points in the graph.
    pub fn len(&self) -> usize {
        match self {
            Ann::Built(g) => g.get_nb_point(),
            Ann::Loaded(l) => l.with_dependent(|_, g| g.get_nb_point()),
        }
    }

    /// Whether the graph is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Up to `k` nearest point ids to `query` with search width `ef`, nearest first.
    pub fn search(&self, query: &[f32], k: usize, ef: usize) -> Vec<usize> {
        if k == 0 || self.is_empty() {
            return Vec::new();
        }
        let ef = ef.max(k);
        let hits = match self {
            Ann::Built(g) => g.search(query, k, ef),
            Ann::Loaded(l) => l.with_dependent(|_, g| g.search(query, k, ef)),
        };
        hits.into_iter().map(|n| n.d_id).collect()
    }
}
