//! HNSW at scale: build time, recall@10 against exact search, dump size, reload
//! time, and search latency, on real MiniLM vectors of arXiv papers.
//!
//! Vectors: titles of all 88,907 papers in `../shared/data/arxiv-2025.jsonl.gz`, and,
//! to reach `READNEXT_BENCH_N` (default 100,000), the first words of abstracts.
//! They are embedded once and cached in `target/bench-cache/`.

#[path = "common.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use readnext::embed::{dot, Embedder};
use readnext::index::Ann;
use std::time::Instant;

fn texts(n: usize) -> Option<Vec<String>> {
    let papers = common::arxiv()?;
    let mut out: Vec<String> = papers.iter().map(|p| p.title.clone()).collect();
    for p in &papers {
        if out.len() >= n {
            break;
        }
        let words: Vec<&str> = p
            .abstract_text
            .get()
            .unwrap_or("")
            .split_whitespace()
            .take(12)
            .collect();
        out.push(words.join(" "));
    }
    out.truncate(n);
    Some(out)
}

fn vectors(n: usize) -> Option<Vec<Vec<f32>>> {
    let cache = common::repo().join(format!("target/bench-cache/arxiv-{n}.f32"));
    let dim = 384;
    if let Ok(bytes) = std::fs::read(&cache) {
        if bytes.len() == n * dim * 4 {
            let flat: Vec<f32> = bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            return Some(flat.chunks(dim).map(<[f32]>::to_vec).collect());
        }
    }
    let texts = texts(n)?;
    let e = common::embedder()?;
    eprintln!(
        "embedding {} texts once (cached in {}) …",
        texts.len(),
        cache.display()
    );
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let v = e.embed(&refs).ok()?;
    let _ = std::fs::create_dir_all(cache.parent()?);
    let mut raw = Vec::with_capacity(n * dim * 4);
    for x in v.iter().flatten() {
        raw.extend_from_slice(&x.to_le_bytes());
    }
    let _ = std::fs::write(&cache, raw);
    Some(v)
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("READNEXT_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let Some(vectors) = vectors(n) else { return };
    let n = vectors.len();
    let t = Instant::now();
    let ann = Ann::build(&vectors);
    eprintln!("ann: built {n} points in {:.1}s", t.elapsed().as_secs_f64());

    let seed = 20261128u64;
    let (k, queries) = (10usize, 1000usize);
    let mut rng = readnext::rng::Rng::new(seed);
    let sample: Vec<usize> = (0..queries)
        .map(|_| (rng.next_u64() % n as u64) as usize)
        .collect();
    for ef in [32usize, 64, 128] {
        let mut hits = 0;
        for &q in &sample {
            let mut exact: Vec<(usize, f32)> = vectors
                .iter()
                .enumerate()
                .map(|(i, v)| (i, dot(&vectors[q], v)))
                .collect();
            exact.select_nth_unstable_by(k, |a, b| b.1.total_cmp(&a.1));
            let top: Vec<usize> = exact[..k].iter().map(|x| x.0).collect();
            hits += ann
                .search(&vectors[q], k, ef)
                .iter()
                .filter(|g| top.contains(g))
                .count();
        }
        eprintln!(
            "ann: recall@10 vs exact at ef={ef}: {:.4} ({queries} queries, seed {seed})",
            hits as f64 / (k * queries) as f64
        );
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let t = Instant::now();
    let base = ann.dump(dir.path()).expect("dump");
    let size: u64 = std::fs::read_dir(dir.path())
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    eprintln!(
        "ann: dump {:.2}s, {:.1} MB",
        t.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    let t = Instant::now();
    let reloaded = Ann::load(dir.path(), &base).expect("reload");
    eprintln!(
        "ann: reload {:.2}s ({} points)",
        t.elapsed().as_secs_f64(),
        reloaded.len()
    );

    let mut g = c.benchmark_group("ann");
    g.sample_size(50);
    let mut i = 0usize;
    g.bench_function(format!("search k=10 ef=128 n={n}"), |b| {
        b.iter(|| {
            i = (i + 1) % sample.len();
            reloaded.search(&vectors[sample[i]], 10, 128)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
