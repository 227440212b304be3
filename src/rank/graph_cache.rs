//! The relatedness graph cached beside its index generation, so `topics`, `plan`,
//! `suggest`, `coverage` and `map` read it instead of ranking every paper again.
//!
//! The cache key names everything the graph depends on besides the generation's own
//! (immutable) passages and vectors: the neighbour count, the weights and lexical
//! tuning, the papers' aliases and keywords, and the readnext build. Any difference, or a damaged file, means a rebuild.

use super::cache_key::build_stamp;
use super::graph::Graph;
use super::hybrid::{Engine, Weights};
use crate::index::cache;

const NAME: &str = "relatedness";
const FORMAT: u32 = 1;

fn key(engine: &Engine<'_>, k: usize) -> u64 {
    cache::key_of(&format!(
        "graph {FORMAT}|k={k}|{:?}|{:?}|papers={}|fields={:x}|{}",
        Weights::RELATED,
        engine.config,
        engine.index.papers.len(),
        engine.fields_key,
        build_stamp()
    ))
}

fn encode(g: &Graph) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(g.k as u64).to_le_bytes());
    out.extend_from_slice(&(g.knn.len() as u64).to_le_bytes());
    for row in &g.knn {
        out.extend_from_slice(&(row.len() as u32).to_le_bytes());
        for &(j, s) in row {
            out.extend_from_slice(&(j as u32).to_le_bytes());
            out.extend_from_slice(&s.to_le_bytes());
        }
    }
    out
}

fn decode(bytes: &[u8], k: usize, n: usize) -> Option<Graph> {
    let mut at = 0usize;
    let mut take = |len: usize| -> Option<&[u8]> {
        let s = bytes.get(at..at + len)?;
        at += len;
        Some(s)
    };
    let u64_at = |b: &[u8]| b.try_into().ok().map(u64::from_le_bytes);
    if u64_at(take(8)?)? != k as u64 || u64_at(take(8)?)? != n as u64 {
        return None;
    }
    let mut knn = Vec::with_capacity(n);
    for _ in 0..n {
        let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        if len > k {
            return None;
        }
        let mut row = Vec::with_capacity(len);
        for _ in 0..len {
            let j = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
            let s = f32::from_le_bytes(take(4)?.try_into().ok()?);
            if j >= n {
                return None;
            }
            row.push((j, s));
        }
        knn.push(row);
    }
    (at == bytes.len()).then_some(Graph { k, knn })
}

/// Whether a cache write failed (the graph is still returned; the next command
/// recomputes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cached {
    /// Read from the cache.
    Hit,
    /// Computed and stored.
    Stored,
    /// Computed; not stored (in-memory index, or the folder is not writable).
    NotStored,
}

impl Graph {
    /// The graph of `engine`'s index with `k` neighbours: from the generation's cache
    /// when it holds this very graph, else built (as [`Graph::build`]) and cached.
    pub fn cached(engine: &Engine<'_>, k: usize) -> (Graph, Cached) {
        let Some(generation) = engine.index.generation.as_deref() else {
            return (Graph::build(engine, k), Cached::NotStored);
        };
        let key = key(engine, k);
        let n = engine.index.papers.len();
        if let Some(g) = cache::read(generation, NAME, key).and_then(|b| decode(&b, k, n)) {
            return (g, Cached::Hit);
        }
        // Hubness first: the graph reads nearly every paper's anyway, and a build stopped
        // during the graph (minutes at 100,000 papers) leaves `related` its fast path.
        engine.keep_hubness();
        let g = Graph::build(engine, k);
        match cache::write(generation, NAME, key, &encode(&g)) {
            Ok(()) => (g, Cached::Stored),
            Err(_) => (g, Cached::NotStored),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_graph_survives_encoding_and_a_wrong_shape_is_refused() {
        let g = Graph {
            k: 2,
            knn: vec![vec![(1, 0.5), (2, -0.25)], vec![(0, 0.5)], vec![]],
        };
        let bytes = encode(&g);
        let back = decode(&bytes, 2, 3).unwrap();
        assert_eq!(back.knn, g.knn);
        assert!(decode(&bytes, 3, 3).is_none());
        assert!(decode(&bytes, 2, 4).is_none());
        assert!(decode(&bytes[..bytes.len() - 1], 2, 3).is_none());
    }
}
