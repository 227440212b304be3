//! Every paper's 100 nearest papers at once, as the relatedness graph needs them: the
//! blocked matrix products of `rank::nearest` against what the graph did before (an
//! HNSW search per paper above 10,000 papers, an exact scan per paper below), on the
//! real MiniLM vectors of 10,000 arXiv titles (`target/bench-cache/arxiv-100000.f32`,
//! made by `cargo bench --bench ann`; deterministic stand-ins without it). The blocked
//! answer is the scan's, bit for bit (tested in the library); HNSW's is approximate.

#[path = "common.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use readnext::index::{Ann, Vectors};
use readnext::rank::nearest::nearest;
use readnext::rank::scores::best;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 10_000;
const DIM: usize = 384;
const M: usize = 100;

fn rows() -> Vec<Vec<f32>> {
    let cache = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench-cache/arxiv-100000.f32"
    );
    if let Ok(bytes) = std::fs::read(cache) {
        if bytes.len() >= ROWS * DIM * 4 {
            return bytes[..ROWS * DIM * 4]
                .chunks_exact(DIM * 4)
                .map(|r| {
                    r.chunks_exact(4)
                        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .collect()
                })
                .collect();
        }
    }
    eprintln!("{cache} is absent: deterministic stand-in vectors");
    common::stand_in_values(ROWS * DIM)
        .chunks(DIM)
        .map(|r| {
            let mut v = r.to_vec();
            readnext::embed::normalize(&mut v);
            v
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    use rayon::prelude::*;
    let rows = rows();
    let v = Vectors::from_rows(DIM, &rows);
    let ann = Ann::build(&rows);
    let mut g = c.benchmark_group("100 nearest of each of 10,000 × 384");
    g.sample_size(10);
    g.bench_function("blocked products (rank::nearest)", |b| {
        b.iter(|| nearest(&v, M))
    });
    g.bench_function("HNSW search per paper (ef 128)", |b| {
        b.iter(|| {
            (0..ROWS)
                .into_par_iter()
                .map(|i| ann.search(v.row(i), M, 128))
                .collect::<Vec<_>>()
        })
    });
    g.bench_function("exact scan per paper (Vectors::dots)", |b| {
        b.iter(|| {
            (0..ROWS)
                .into_par_iter()
                .map(|i| best(&v.dots(&[v.row(i)]), M, &[]))
                .collect::<Vec<_>>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
