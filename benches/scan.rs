//! The exact cosine scan every `related`, `search` and `suggest --pool` makes over a
//! big list: `Vectors::dots` (AVX, up to four queries per load of a row) against one
//! `embed::dot` per row and query split over the cores as before (what it replaced), on
//! 88,907 rows of 384 values, the size of the shared arXiv data. Both give the same bits
//! (tested in the library).

#[path = "common.rs"]
mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use readnext::embed::dot;
use readnext::index::Vectors;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 88_907;
const DIM: usize = 384;

/// Deterministic rows with values in [-0.5, 0.5).
fn vectors() -> Vectors {
    Vectors {
        dimension: DIM,
        data: common::stand_in_values(ROWS * DIM).into(),
    }
}

fn bench(c: &mut Criterion) {
    let v = vectors();
    let mut g = c.benchmark_group("scan 88,907 × 384");
    g.sample_size(20);
    for q in [1usize, 3] {
        let queries: Vec<&[f32]> = (0..q).map(|i| v.row(i * 1000)).collect();
        g.bench_with_input(BenchmarkId::new("Vectors::dots", q), &queries, |b, qs| {
            b.iter(|| v.dots(qs))
        });
        g.bench_with_input(BenchmarkId::new("dot per row", q), &queries, |b, qs| {
            b.iter(|| {
                use rayon::prelude::*;
                let mut out = vec![0f32; ROWS * qs.len()];
                out.par_chunks_mut(qs.len())
                    .with_min_len(4_096)
                    .enumerate()
                    .for_each(|(j, o)| {
                        let row = v.row(j);
                        for (x, query) in o.iter_mut().zip(qs) {
                            *x = dot(query, row);
                        }
                    });
                out
            })
        });
    }
    g.finish();

    // One pair at a time, as the HNSW graph and k-means ask: `dot` against `dot_wide`.
    let (a, b) = (v.row(0), v.row(1));
    let mut g = c.benchmark_group("one pair of 384");
    g.bench_function("dot", |bch| {
        bch.iter(|| dot(std::hint::black_box(a), std::hint::black_box(b)))
    });
    g.bench_function("dot_wide", |bch| {
        bch.iter(|| readnext::embed::dot_wide(std::hint::black_box(a), std::hint::black_box(b)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
