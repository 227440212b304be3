//! Shared bench helpers: the real model and the arXiv data beside the repo.

#![allow(dead_code)]

use readnext::corpus::{Corpus, Paper};
use readnext::embed::BertEmbedder;
use readnext::model::{self, ModelOptions};
use std::path::PathBuf;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The arXiv papers in `../shared/data/`, or None (benches skip cleanly).
pub fn arxiv() -> Option<Vec<Paper>> {
    let path = repo().join("../shared/data/arxiv-2025.jsonl.gz");
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    }
    Corpus::load(&path).ok().map(|c| c.papers)
}

/// The real model (fetched into models/ on first use by `readnext model fetch`).
pub fn embedder() -> Option<BertEmbedder> {
    let dir = repo().join("models/all-MiniLM-L6-v2");
    let opts = ModelOptions {
        model_dir: Some(dir.clone()),
        offline: true,
        ..ModelOptions::default()
    };
    match model::locate(&opts, &|_| {}) {
        Ok(files) => BertEmbedder::load(&files).ok(),
        Err(e) => {
            eprintln!("skipped: {e} (run `cargo run --release -- model fetch`)");
            None
        }
    }
}

/// `n` deterministic values in [-0.5, 0.5) (xorshift): stand-in vectors for benches
/// whose speed does not depend on what the vectors mean.
pub fn stand_in_values(n: usize) -> Vec<f32> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        })
        .collect()
}
