//! Recommendations over a loaded index: `related` (paper → papers), `search`
//! (free text → papers), and the evaluation of their ranking.
//!
//! Scores fuse a dense cosine (MiniLM vectors) with a lexical tf-idf cosine that
//! splits compound names (SciBERT ~ BERT, ERNIE-ViL ~ ERNIE); see [`Weights`].

pub mod cache_key;
pub mod dense_scale;
pub mod eval;
pub mod fused_search;
pub mod graph;
pub mod graph_cache;
mod hubness;
pub mod hybrid;
pub mod judged;
pub mod nearest;
pub mod query_text;
pub mod scores;
pub mod weights;

pub use dense_scale::DenseScale;
pub use hybrid::{Engine, Hit, Weights};
