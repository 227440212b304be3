//! The hybrid ranker: candidates from the HNSW graph and the lexical index,
//! rescored exactly, fused, sorted with ties broken by list order.

use crate::corpus::Paper;
use crate::embed::dot;
use crate::error::{Error, Result};
use crate::index::Index;
use crate::lexical::{Lexical, Sparse, TITLE_WEIGHT};
use serde::Serialize;

/// How the dense and lexical scores are combined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// Weight of the dense cosine.
    pub dense: f32,
    /// Weight of the lexical cosine.
    pub lexical: f32,
}

impl Weights {
    /// Tuned on `../shared/eval/related-dev.tsv` (see README, "Ranking quality").
    pub const RELATED: Weights = Weights { dense: 1.0, lexical: 0.6 };
    /// For free-text queries.
    pub const SEARCH: Weights = Weights { dense: 1.0, lexical: 0.3 };
    /// Dense cosine only.
    pub const DENSE: Weights = Weights { dense: 1.0, lexical: 0.0 };
    /// Lexical cosine only.
    pub const LEXICAL: Weights = Weights { dense: 0.0, lexical: 1.0 };
}

/// One ranked paper.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// Position of the paper in the index.
    #[serde(skip)]
    pub index: usize,
    pub id: String,
    pub title: String,
    pub url: String,
    /// Fused score (higher is closer).
    pub score: f32,
    /// Dense cosine.
    pub dense: f32,
    /// Lexical cosine.
    pub lexical: f32,
    /// Source lines of the paper in the list.
    pub lines: Vec<usize>,
}

/// Width of the HNSW search for candidates.
const EF_SEARCH: usize = 128;
/// Candidates taken from each retriever at least.
const MIN_CANDIDATES: usize = 100;

/// A loaded index plus the lexical index over the same papers.
pub struct Engine<'a> {
    pub index: &'a Index,
    pub lexical: Lexical,
}

/// Fields of a paper for the lexical index.
pub fn paper_fields(p: &Paper) -> Vec<(&str, f32)> {
    let mut f = vec![(p.title.as_str(), TITLE_WEIGHT)];
    if let Some(a) = &p.alias {
        f.push((a.as_str(), TITLE_WEIGHT));
    }
    if let Some(a) = &p.abstract_text {
        f.push((a.as_str(), 1.0));
    }
    f
}

impl<'a> Engine<'a> {
    /// Build the lexical side over the index's papers.
    pub fn new(index: &'a Index) -> Engine<'a> {
        let docs: Vec<Vec<(&str, f32)>> = index.papers.iter().map(paper_fields).collect();
        Engine {
            index,
            lexical: Lexical::new(&docs),
        }
    }

    /// Papers related to paper `i`, best first; the paper itself is never included.
    pub fn related(&self, i: usize, k: usize, w: Weights) -> Result<Vec<Hit>> {
        if i >= self.index.papers.len() {
            return Err(Error::Invalid(format!("paper {i} is not in the index")));
        }
        let qv = self.index.vectors.row(i).to_vec();
        let ql = self.lexical.doc(i).clone();
        Ok(self.rank(&qv, &ql, k, w, Some(i)))
    }

    /// Papers matching a free-text query whose embedding is `qv`.
    pub fn search(&self, text: &str, qv: &[f32], k: usize, w: Weights) -> Vec<Hit> {
        let ql = self.lexical.query(&[(text, 1.0)]);
        self.rank(qv, &ql, k, w, None)
    }

    /// Exact dense and lexical scores of every paper (for evaluation and small lists).
    pub fn all_scores(&self, qv: &[f32], ql: &Sparse) -> (Vec<f32>, Vec<f32>) {
        let n = self.index.papers.len();
        let dense = (0..n).map(|j| dot(qv, self.index.vectors.row(j))).collect();
        (dense, self.lexical.scores(ql))
    }

    fn rank(&self, qv: &[f32], ql: &Sparse, k: usize, w: Weights, exclude: Option<usize>) -> Vec<Hit> {
        let n = self.index.papers.len();
        if k == 0 || n == 0 {
            return Vec::new();
        }
        let want = (k + 1).max(MIN_CANDIDATES).min(n);
        let lex_all = self.lexical.scores(ql);
        let mut candidates: Vec<usize> = self.index.ann.search(qv, want, EF_SEARCH.max(want));
        let mut by_lex: Vec<usize> = (0..n).filter(|&j| lex_all[j] > 0.0).collect();
        by_lex.sort_by(|&a, &b| lex_all[b].total_cmp(&lex_all[a]).then(a.cmp(&b)));
        candidates.extend(by_lex.into_iter().take(want));
        candidates.sort_unstable();
        candidates.dedup();
        let mut scored: Vec<(usize, f32, f32, f32)> = candidates
            .into_iter()
            .filter(|&j| Some(j) != exclude)
            .map(|j| {
                let d = dot(qv, self.index.vectors.row(j));
                let l = lex_all[j];
                (j, w.dense * d + w.lexical * l, d, l)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(k)
            .enumerate()
            .map(|(r, (j, s, d, l))| {
                let p = &self.index.papers[j];
                Hit {
                    rank: r + 1,
                    index: j,
                    id: p.id.clone(),
                    title: p.title.clone(),
                    url: p.url.clone(),
                    score: s,
                    dense: d,
                    lexical: l,
                    lines: p.lines.clone(),
                }
            })
            .collect()
    }
}
