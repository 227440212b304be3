//! The weights of the hybrid score's channels (dense, lexical, names, hubness, BM25),
//! and the settings readnext ranks with.

use serde::Serialize;

/// How the dense and lexical scores are combined.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// Weight of the dense cosine.
    pub dense: f32,
    /// Weight of the lexical cosine.
    pub lexical: f32,
    /// Weight of the shared-name (family) score.
    pub names: f32,
    /// Share of a paper's hubness (mean similarity to its own neighbours) taken off its score.
    pub hub: f32,
    /// Weight of the lexical cosine between two papers that both have abstracts (their
    /// tf-idf vectors share many more words than titles do, so one weight cannot fit both).
    pub abstracts_lexical: f32,
    /// Weight of BM25 over the fields, of a paper query only, scaled by the query
    /// paper's own BM25 score so that it lies in [0, 1] like a cosine. BM25's
    /// saturating term counts and length normalisation read two abstracts better than
    /// tf-idf does (ACM-CR dev related nDCG@10: BM25 0.372, tf-idf 0.281).
    pub bm25: f32,
}

impl Weights {
    /// Tuned on `../shared/eval/related-dev.tsv` (see docs/ranking.md); the
    /// BM25 channel chosen on both dev sets, the seed pairs and ACM-CR's. A lower tf-idf
    /// weight between two abstracts (0.75) gained 0.01 R@10 on ACM-CR's 25 dev queries
    /// but cost the seed topics 0.03 AMI, so it stays at the title weight.
    pub const RELATED: Weights = Weights {
        dense: 1.0,
        lexical: 1.5,
        names: 0.5,
        hub: 0.3,
        abstracts_lexical: 1.5,
        bm25: 0.25,
    };
    /// [`Weights::RELATED`] before the BM25 channel (kept for evaluation).
    pub const RELATED_TFIDF: Weights = Weights {
        bm25: 0.0,
        ..Weights::RELATED
    };
    /// For free-text queries before [`crate::rank::Engine::search_fused`] (kept for evaluation).
    pub const SEARCH: Weights = Weights {
        dense: 1.0,
        lexical: 0.3,
        names: 0.0,
        hub: 0.0,
        abstracts_lexical: 0.3,
        bm25: 0.0,
    };
    /// Dense cosine only.
    pub const DENSE: Weights = Weights {
        dense: 1.0,
        lexical: 0.0,
        names: 0.0,
        hub: 0.0,
        abstracts_lexical: 0.0,
        bm25: 0.0,
    };
    /// Lexical cosine only.
    pub const LEXICAL: Weights = Weights {
        dense: 0.0,
        lexical: 1.0,
        names: 0.0,
        hub: 0.0,
        abstracts_lexical: 1.0,
        bm25: 0.0,
    };
}
