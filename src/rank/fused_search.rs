//! Free-text search: BM25 over the papers' weighted fields and the dense cosine, each
//! min-max normalised over the whole list for this query, then mixed
//! (`0.4 · BM25 + 0.6 · dense`). A query's words and a paper's words are counted on
//! one scale per query, so neither channel's raw range decides (the old sum of a
//! cosine and a tf-idf cosine let tf-idf's small values vanish on abstract-rich lists).
//! Then pseudo-relevance feedback through the relatedness the rest of readnext uses: the
//! papers `related` ranks close to the first [`FEEDBACK_HITS`] hits are lifted (a
//! paper the query's words miss but its best matches' neighbours share). Chosen on the
//! dev sets; every candidate is in the README (*Ranking quality*).

use super::hybrid::{Engine, Hit};
use super::scores::{best, min_max};
use super::Weights;

/// Share of BM25 in the fused score (the rest is dense).
pub const BM25_SHARE: f32 = 0.4;
/// BM25 parameters (as the ACM-CR baselines).
pub const BM25_K1: f32 = 0.9;
pub const BM25_B: f32 = 0.4;
/// Pseudo-relevance feedback: the first hits of the fused ranking whose `related`
/// scores (min-max normalised) are added to every paper's score…
pub const FEEDBACK_HITS: usize = 3;
/// …at this weight (chosen on four dev sets, README *Ranking quality*)…
pub const FEEDBACK_WEIGHT: f32 = 0.3;
/// …over that many of each hit's `related` papers (the hit itself counts fully).
pub const FEEDBACK_DEPTH: usize = 100;
/// From this many papers on, the feedback hits' `related` rankings run over the cores
/// (below it each takes well under a millisecond).
const PARALLEL_FEEDBACK_ABOVE: usize = 16_384;
/// How deep each channel's own ranking is looked at to say which channels found a hit.
const CHANNEL_DEPTH: usize = 100;

impl Engine<'_> {
    /// The `k` papers that best match `text` (embedded as `qv`), exactly over the whole
    /// list; each hit says which channels (`dense`, `bm25`) had it in their own top 100.
    /// A Korean query's BM25 side reads the glossary's English as well
    /// ([`super::query_text::lexical`]).
    pub fn search_fused(&self, text: &str, qv: &[f32], k: usize) -> Vec<Hit> {
        self.search_fused_words(&super::query_text::lexical(text), qv, k)
    }

    /// [`Engine::search_fused`] with BM25 ranking `words` as they are.
    pub fn search_fused_words(&self, words: &str, qv: &[f32], k: usize) -> Vec<Hit> {
        let n = self.index.papers.len();
        if k == 0 || n == 0 {
            return Vec::new();
        }
        let dense = super::hybrid::dense_row(qv, &self.index.vectors);
        let bm25 = self.bm25().scores(words);
        let (nd, nb) = (min_max(&dense, &[]), min_max(&bm25, &[]));
        let mut fused: Vec<f32> = nd
            .iter()
            .zip(&nb)
            .map(|(d, b)| BM25_SHARE * b + (1.0 - BM25_SHARE) * d)
            .collect();
        // Pseudo-relevance feedback: what `related` ranks close to the first hits.
        let mut feedback = vec![0f32; n];
        let top = best(&fused, FEEDBACK_HITS, &[]);
        // The hits' cosines to every paper in one pass over the vectors.
        let rows: Vec<&[f32]> = top.iter().map(|&h| self.index.vectors.row(h)).collect();
        let hit_dense = super::hybrid::dense_rows(&rows, &self.index.vectors);
        // `related`'s own top papers of each hit (candidates from the graph and the
        // lexical index, rescored exactly), ranked over the cores on a big list (each
        // ranking is independent; they are added in the hits' order below).
        let related = |(&h, row): (&usize, &Vec<f32>)| {
            self.related_with_row(h, FEEDBACK_DEPTH, Weights::RELATED, row)
        };
        let rankings: Vec<_> = if n >= PARALLEL_FEEDBACK_ABOVE {
            use rayon::prelude::*;
            top.par_iter().zip(&hit_dense).map(related).collect()
        } else {
            top.iter().zip(&hit_dense).map(related).collect()
        };
        for (&h, ranking) in top.iter().zip(rankings) {
            // Scaled to [0, 1]; the rest add nothing.
            let Ok(hits) = ranking else {
                continue;
            };
            let (lo, hi) = hits
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, u), x| {
                    (l.min(x.score), u.max(x.score))
                });
            let span = hi - lo;
            feedback[h] += 1.0 / top.len() as f32;
            for x in &hits {
                let r = if span > 0.0 {
                    (x.score - lo) / span
                } else {
                    1.0
                };
                feedback[x.index] += r / top.len() as f32;
            }
        }
        for (f, x) in fused.iter_mut().zip(&feedback) {
            *f += FEEDBACK_WEIGHT * x;
        }
        let by_feedback: std::collections::HashSet<usize> = best(&feedback, CHANNEL_DEPTH, &[])
            .into_iter()
            .filter(|&j| feedback[j] > 0.0)
            .collect();
        let by_dense: std::collections::HashSet<usize> =
            best(&dense, CHANNEL_DEPTH, &[]).into_iter().collect();
        let by_bm25: std::collections::HashSet<usize> = best(&bm25, CHANNEL_DEPTH, &[])
            .into_iter()
            .filter(|&j| bm25[j] > 0.0)
            .collect();
        let tfidf = self.lexical.scores(&self.lexical.query(&[(words, 1.0)]));
        best(&fused, k, &[])
            .into_iter()
            .enumerate()
            .map(|(r, j)| {
                let mut hit = Hit::of(
                    r + 1,
                    j,
                    &self.index.papers[j],
                    [fused[j], dense[j], tfidf[j], 0.0],
                );
                if by_dense.contains(&j) {
                    hit.channels.push("dense");
                }
                if by_bm25.contains(&j) {
                    hit.channels.push("bm25");
                }
                if by_feedback.contains(&j) {
                    hit.channels.push("related");
                }
                hit.bm25 = Some(bm25[j]);
                hit
            })
            .collect()
    }
}
