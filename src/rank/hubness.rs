//! Hubness: a paper's mean similarity to its own nearest neighbours, taken off its
//! score so that papers similar to everything ("… Large Language Models") stop crowding
//! every answer. Computed per paper on first use, and kept with the index generation
//! by `readnext index` ([`Engine::keep_hubness`]).

use super::cache_key::build_stamp;
use super::hybrid::{Engine, EF_SEARCH, KEYWORD_WEIGHT, LEXICAL_CONFIG};
use crate::embed::dot;
use crate::index::cache;
use crate::index::Index;
use crate::lexical::{Lexical, LexicalConfig, TITLE_WEIGHT};

/// Name of the hubness cache in an index generation.
pub(super) const HUBNESS_CACHE: &str = "hubness";

pub(super) fn hubness_key(index: &Index, cfg: LexicalConfig, fields: u64) -> u64 {
    cache::key_of(&format!(
        "hubness 1|{cfg:?}|k={HUB_NEIGHBOURS}|exact={HUB_EXACT_LIMIT}|ef={EF_SEARCH}|title={TITLE_WEIGHT}|keyword={KEYWORD_WEIGHT}|papers={}|fields={:x}|{}",
        index.papers.len(),
        fields,
        build_stamp()
    ))
}

/// Every paper's hubness, as [`Engine::keep_hubness`] kept it with the generation.
pub(super) fn cached_hubness(
    index: &Index,
    cfg: LexicalConfig,
    fields: u64,
) -> Option<Vec<(f32, f32)>> {
    let generation = index.generation.as_deref()?;
    if cfg != LEXICAL_CONFIG {
        return None;
    }
    let bytes = cache::read(generation, HUBNESS_CACHE, hubness_key(index, cfg, fields))?;
    if bytes.len() != index.papers.len() * 8 {
        return None;
    }
    Some(
        bytes
            .chunks_exact(8)
            .map(|c| {
                let f = |b: &[u8]| f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                (f(&c[..4]), f(&c[4..]))
            })
            .collect(),
    )
}

/// Neighbours averaged for the hubness of a paper.
pub(super) const HUB_NEIGHBOURS: usize = 10;

impl Engine<'_> {
    /// Compute the hubness of every paper (in parallel) and keep it with the index
    /// generation, so that a later command ranks without searching the HNSW graph.
    /// Best effort; `readnext index` calls it before it builds the relatedness graph,
    /// which needs most of them anyway.
    pub fn keep_hubness(&self) {
        use rayon::prelude::*;
        let Some(generation) = self.index.generation.as_deref() else {
            return;
        };
        if self.config != LEXICAL_CONFIG {
            return;
        }
        let hubs: Vec<(f32, f32)> = (0..self.index.papers.len())
            .into_par_iter()
            .map(|j| self.hub(j))
            .collect();
        let mut bytes = Vec::with_capacity(hubs.len() * 8);
        for (d, l) in hubs {
            bytes.extend_from_slice(&d.to_le_bytes());
            bytes.extend_from_slice(&l.to_le_bytes());
        }
        let _ = cache::write(
            generation,
            HUBNESS_CACHE,
            hubness_key(self.index, self.config, self.fields_key),
            &bytes,
        );
    }
}

/// Mean dense and lexical similarity of paper `i` to its nearest neighbours.
/// Exact up to [`HUB_EXACT_LIMIT`] papers; above that the dense part comes from the
/// graph and the lexical part is left out (it would cost a scan of the list).
pub(super) fn hubness(index: &Index, lexical: &Lexical, i: usize) -> (f32, f32) {
    let n = index.papers.len();
    let top_mean = |mut v: Vec<f32>| -> f32 {
        v.sort_by(|a, b| b.total_cmp(a));
        let k = HUB_NEIGHBOURS.min(v.len());
        if k == 0 {
            0.0
        } else {
            v[..k].iter().sum::<f32>() / k as f32
        }
    };
    let row = index.vectors.row(i);
    if n <= HUB_EXACT_LIMIT {
        let dense: Vec<f32> = (0..n)
            .filter(|&j| j != i)
            .map(|j| dot(row, index.vectors.row(j)))
            .collect();
        let mut lex = lexical.scores(&lexical.doc(i));
        lex[i] = 0.0;
        (top_mean(dense), top_mean(lex))
    } else {
        // The graph's neighbours; exactly from every vector if the graph cannot be read.
        let near = match index.ann.get() {
            Some(ann) => ann.search(row, HUB_NEIGHBOURS + 1, EF_SEARCH),
            None => {
                let all: Vec<f32> = (0..n).map(|j| dot(row, index.vectors.row(j))).collect();
                super::scores::best(&all, HUB_NEIGHBOURS + 1, &[])
            }
        };
        let dense: Vec<f32> = near
            .into_iter()
            .filter(|&j| j != i)
            .map(|j| dot(row, index.vectors.row(j)))
            .collect();
        (top_mean(dense), 0.0)
    }
}

/// Up to this many papers, hubness is computed exactly.
pub(super) const HUB_EXACT_LIMIT: usize = 2_000;
