//! Every paper's nearest papers by cosine, for all papers at once, exactly as a scan
//! with [`dot`] ranks them: blocks of rows multiplied by blocks of columns (one matrix
//! product per pair of blocks, over the cores by row block), each row keeping the values
//! near its best, and those few scored again with [`dot`].
//!
//! The relatedness graph ranks every paper; a scan of every vector per paper costs n²
//! single products (a one-pair `dot` waits on its chain of additions), while a blocked
//! product runs at the machine's matrix rate — 88,907 papers in seconds instead of the
//! minutes the HNSW searches took (docs/speed.md).
//!
//! Exact, not approximate: every value within [`blocked::tie_window`] of a row's m-th
//! best block value is kept; one further below has m values above it by [`dot`] too
//! (the window is twice the largest difference between a block value and `dot`'s), so
//! it cannot be among the m best. The kept ones are scored again with [`dot`] and the m
//! best taken, ties by position: the set [`super::scores::best`] takes from the scan.

use crate::embed::{blocked, dot};
use crate::index::Vectors;
use rayon::prelude::*;

/// Rows of one block product (the rows ranked together on one core).
const ROW_BLOCK: usize = 256;
/// Columns of one block product: 256 × 1,024 values (1 MiB) stay in a core's cache.
const COL_BLOCK: usize = 1_024;

/// Each row's `m` nearest rows, flat: row `i`'s at `i * m..`, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearest {
    /// Neighbours per row (`m`, or the number of rows if fewer).
    pub m: usize,
    ids: Vec<u32>,
}

impl Nearest {
    /// Row `i`'s nearest rows, best first (itself among them, as a scan finds it).
    pub fn row(&self, i: usize) -> &[u32] {
        self.ids.get(i * self.m..(i + 1) * self.m).unwrap_or(&[])
    }
}

/// The `m` rows with the highest [`dot`] with each row (the row itself included), best
/// first, ties by position: for row `i`, what `scores::best(&cosines_of_i, m, &[])`
/// gives. The vectors must be finite. The same answer on any number of threads.
pub fn nearest(vectors: &Vectors, m: usize) -> Nearest {
    let n = vectors.len();
    let m = m.min(n);
    if m == 0 {
        return Nearest { m, ids: Vec::new() };
    }
    let norm2 = blocked::largest_square_norm(&vectors.data, vectors.dimension);
    let margin = blocked::tie_window(vectors.dimension, norm2, norm2);
    let mut ids = vec![0u32; n * m];
    ids.par_chunks_mut(ROW_BLOCK * m)
        .enumerate()
        .for_each(|(b, out)| rank_block(vectors, b * ROW_BLOCK, m, margin, out));
    Nearest { m, ids }
}

/// Rows `first..` (as many as `out` holds) ranked against every row into `out`.
fn rank_block(vectors: &Vectors, first: usize, m: usize, margin: f32, out: &mut [u32]) {
    let (n, d) = (vectors.len(), vectors.dimension);
    let rows = out.len() / m;
    let data: &[f32] = &vectors.data;
    let block = &data[first * d..(first + rows) * d];
    // Per row: the (block value, column) pairs still in the running, and the value a
    // new one must reach.
    let mut kept: Vec<Vec<(f32, u32)>> = vec![Vec::with_capacity(4 * m); rows];
    let mut floor = vec![f32::NEG_INFINITY; rows];
    let mut product = vec![0f32; rows * COL_BLOCK];
    for c0 in (0..n).step_by(COL_BLOCK) {
        let cols = COL_BLOCK.min(n - c0);
        let product = &mut product[..rows * cols];
        blocked::block_product(block, &data[c0 * d..(c0 + cols) * d], d, cols, product);
        for (r, values) in product.chunks_exact(cols).enumerate() {
            let (kept, floor) = (&mut kept[r], &mut floor[r]);
            for (c, &v) in values.iter().enumerate() {
                if v >= *floor {
                    kept.push((v, (c0 + c) as u32));
                }
            }
            if kept.len() >= 4 * m {
                *floor = prune(kept, m, margin);
            }
        }
    }
    for (r, kept) in kept.iter_mut().enumerate() {
        prune(kept, m, margin);
        let a = vectors.row(first + r);
        let mut exact: Vec<(f32, u32)> = kept
            .iter()
            .map(|&(_, j)| (dot(a, vectors.row(j as usize)), j))
            .collect();
        exact.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for (slot, &(_, j)) in out[r * m..(r + 1) * m].iter_mut().zip(&exact) {
            *slot = j;
        }
    }
}

/// Drops the pairs more than `margin` below the `m`-th best block value (none when
/// fewer than `m` are kept) and returns the floor a later value must reach.
fn prune(kept: &mut Vec<(f32, u32)>, m: usize, margin: f32) -> f32 {
    if kept.len() < m {
        return f32::NEG_INFINITY;
    }
    let mut values: Vec<f32> = kept.iter().map(|x| x.0).collect();
    let (_, mth, _) = values.select_nth_unstable_by(m - 1, |a, b| b.total_cmp(a));
    let floor = *mth - margin;
    kept.retain(|x| x.0 >= floor);
    floor
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::scores::best;

    /// `n` unit vectors of `d` values from a seeded generator, every seventh a copy of
    /// an earlier one (exact ties) and every eleventh nearly one (ties within rounding).
    fn vectors(n: usize, d: usize, seed: u64) -> Vectors {
        let mut rng = crate::rng::Rng::new(seed);
        let mut rows: Vec<Vec<f32>> = Vec::with_capacity(n);
        for i in 0..n {
            let mut v: Vec<f32> = if i % 7 == 6 {
                rows[i / 2].clone()
            } else if i % 11 == 10 {
                rows[i / 3].iter().map(|x| x * (1.0 + 1e-7)).collect()
            } else {
                (0..d)
                    .map(|_| (rng.next_u64() % 20_001) as f32 / 10_000.0 - 1.0)
                    .collect()
            };
            crate::embed::normalize(&mut v);
            rows.push(v);
        }
        Vectors::from_rows(d, &rows)
    }

    #[test]
    fn every_row_gets_what_a_scan_with_dot_ranks_first() {
        // Sizes below one block, across several of rows and columns, with ragged ends;
        // m larger than the list too.
        for (n, d, m) in [
            (5, 8, 3),
            (300, 24, 10),
            (1_300, 40, 25),
            (2_100, 16, 101),
            (7, 4, 20),
        ] {
            let v = vectors(n, d, n as u64);
            let got = nearest(&v, m);
            assert_eq!(got.m, m.min(n));
            for i in 0..n {
                let row: Vec<f32> = (0..n).map(|j| dot(v.row(i), v.row(j))).collect();
                let want: Vec<u32> = best(&row, m, &[]).into_iter().map(|j| j as u32).collect();
                assert_eq!(got.row(i), &want[..], "n {n}, d {d}, m {m}, row {i}");
            }
        }
    }

    #[test]
    fn the_answer_is_the_same_on_one_thread() {
        let v = vectors(1_500, 32, 9);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a thread pool of one thread");
        assert_eq!(pool.install(|| nearest(&v, 30)), nearest(&v, 30));
    }
}
