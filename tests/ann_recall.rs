//! The HNSW graph against brute force on real embeddings (arXiv titles through the
//! real model): recall@10, dump/reload round trip, and self-queries on duplicates.

mod common;

use readnext::corpus::Corpus;
use readnext::embed::{dot, BertEmbedder, Embedder};
use readnext::index::manifest::FileStamp;
use readnext::index::{Ann, LazyAnn};
use readnext::model::{self, ModelOptions};

fn embedder() -> BertEmbedder {
    let opts = ModelOptions {
        model_dir: Some(common::model_dir()),
        offline: true,
        cache_dir: None,
        ..ModelOptions::default()
    };
    BertEmbedder::load(&model::locate(&opts, &|_| {}).unwrap()).unwrap()
}

fn exact_top(vectors: &[Vec<f32>], q: &[f32], k: usize) -> Vec<usize> {
    let mut s: Vec<(usize, f32)> = vectors
        .iter()
        .enumerate()
        .map(|(i, v)| (i, dot(q, v)))
        .collect();
    s.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    s.into_iter().take(k).map(|x| x.0).collect()
}

#[test]
fn hnsw_recall_against_brute_force_on_real_vectors() {
    let Some(path) = common::shared("data/arxiv-2025.jsonl.gz") else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is absent");
        return;
    };
    let corpus = Corpus::load(&path).unwrap();
    let n = 3000;
    let titles: Vec<&str> = corpus
        .papers
        .iter()
        .take(n)
        .map(|p| p.title.as_str())
        .collect();
    let vectors = embedder().embed(&titles).unwrap();
    let ann = Ann::build(&vectors);

    let seed: u64 = std::env::var("READNEXT_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261128);
    println!("recall sample seed {seed} (set READNEXT_TEST_SEED to vary)");
    let mut rng = readnext::rng::Rng::new(seed);
    let (k, queries) = (10, 300);
    let mut hits = 0;
    for _ in 0..queries {
        let q = (rng.next_u64() % n as u64) as usize;
        let exact = exact_top(&vectors, &vectors[q], k);
        let got = ann.search(&vectors[q], k, 128);
        hits += got.iter().filter(|g| exact.contains(g)).count();
    }
    let recall = hits as f64 / (k * queries) as f64;
    println!("HNSW recall@10 on {n} arXiv titles: {recall:.4}");
    assert!(recall >= 0.99, "recall@10 {recall}");

    // Dump and reload: the reloaded graph answers exactly as the built one.
    let dir = tempfile::tempdir().unwrap();
    let base = ann.dump(dir.path()).unwrap();
    let reloaded = Ann::load(dir.path(), &base).unwrap();
    assert_eq!(reloaded.len(), n);
    for q in [0, 17, 2999] {
        assert_eq!(
            ann.search(&vectors[q], k, 128),
            reloaded.search(&vectors[q], k, 128)
        );
    }
}

#[test]
fn duplicates_and_self_queries_do_not_panic() {
    // Unit vectors whose dot product rounds above 1 break hnsw_rs's DistDot; ours clamps.
    let e = embedder();
    let mut v = e
        .embed(&["LoRA: Low-Rank Adaptation of Large Language Models"; 3])
        .unwrap();
    v.extend(
        e.embed(&["QLoRA: Efficient Finetuning of Quantized LLMs", "BERT"])
            .unwrap(),
    );
    let ann = Ann::build(&v);
    for q in &v {
        assert_eq!(ann.search(q, 5, 64).len(), 5);
    }
    // A damaged graph file is an error, not a panic.
    let dir = tempfile::tempdir().unwrap();
    let base = ann.dump(dir.path()).unwrap();
    let graph = dir.path().join(format!("{base}.hnsw.graph"));
    let bytes = std::fs::read(&graph).unwrap();
    std::fs::write(&graph, &bytes[..bytes.len() / 2]).unwrap();
    assert!(Ann::load(dir.path(), &base).is_err());

    // A graph read on first use: found when its files match their stamps, refused (no
    // panic, callers search exactly) when one was damaged after the index was loaded.
    let dir = tempfile::tempdir().unwrap();
    let base = ann.dump(dir.path()).unwrap();
    let stamps = |dir: &std::path::Path| -> Vec<(String, FileStamp)> {
        ["graph", "data"]
            .iter()
            .map(|ext| {
                let name = format!("{base}.hnsw.{ext}");
                let bytes = std::fs::read(dir.join(&name)).unwrap();
                let stamp = FileStamp {
                    size: bytes.len() as u64,
                    crc32: crc32fast::hash(&bytes),
                };
                (name, stamp)
            })
            .collect()
    };
    let lazy = LazyAnn::on_disk(
        dir.path().to_path_buf(),
        base.clone(),
        stamps(dir.path()),
        v.len(),
    );
    assert_eq!(
        lazy.get().map(|a| a.search(&v[0], 5, 64)),
        Some(ann.search(&v[0], 5, 64))
    );
    let wrong_count = LazyAnn::on_disk(
        dir.path().to_path_buf(),
        base.clone(),
        stamps(dir.path()),
        v.len() + 1,
    );
    assert!(wrong_count.get().is_none());
    let lazy = LazyAnn::on_disk(
        dir.path().to_path_buf(),
        base.clone(),
        stamps(dir.path()),
        v.len(),
    );
    let data = dir.path().join(format!("{base}.hnsw.data"));
    let mut bytes = std::fs::read(&data).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&data, &bytes).unwrap();
    assert!(lazy.get().is_none());
}
