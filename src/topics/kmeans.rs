//! Spherical k-means (cosine) with seeded k-means++ starts and restarts: the same
//! input and seed give the same clustering, on any thread count. Its cosines are
//! [`dot_wide`]s (four chains of additions). Each point's nearest centroid is found
//! from block products of points and centroids and decided among near ties by
//! [`dot_wide`] ([`crate::embed::blocked`]), so it is the one a scan of `dot_wide`s
//! finds, bit for bit, at the matrix rate of the CPU.

use crate::embed::{blocked, dot_wide, normalize};
/// The generator of the starts (moved to [`crate::rng`]; kept here for old paths).
pub use crate::rng::Rng;
use rayon::prelude::*;

/// A clustering of points into `k` groups.
#[derive(Debug, Clone)]
pub struct Clustering {
    /// Cluster of each point.
    pub assign: Vec<usize>,
    /// Unit centroid of each cluster.
    pub centroids: Vec<Vec<f32>>,
    /// Sum of each point's cosine to its centroid (higher is better).
    pub objective: f64,
}

fn nearest(x: &[f32], centroids: &[Vec<f32>]) -> (usize, f32) {
    let mut best = (0, f32::NEG_INFINITY);
    for (c, m) in centroids.iter().enumerate() {
        let s = dot_wide(x, m);
        if s > best.1 {
            best = (c, s);
        }
    }
    best
}

fn plus_plus(x: &[Vec<f32>], k: usize, rng: &mut Rng) -> Vec<Vec<f32>> {
    let n = x.len();
    let mut centroids = vec![x[(rng.next_u64() % n as u64) as usize].clone()];
    let mut d2: Vec<f64> = x
        .iter()
        .map(|p| (1.0 - dot_wide(p, &centroids[0]) as f64).max(0.0))
        .collect();
    while centroids.len() < k {
        let total: f64 = d2.iter().sum();
        let pick = if total <= 0.0 {
            (rng.next_u64() % n as u64) as usize
        } else {
            let mut r = rng.next_f64() * total;
            let mut chosen = n - 1;
            for (i, &d) in d2.iter().enumerate() {
                if r < d {
                    chosen = i;
                    break;
                }
                r -= d;
            }
            chosen
        };
        let c = x[pick].clone();
        // Each point's distance is its own: over the cores, the same values.
        d2.par_iter_mut().zip(x.par_iter()).for_each(|(d, p)| {
            *d = d.min((1.0 - dot_wide(p, &c) as f64).max(0.0));
        });
        centroids.push(c);
    }
    centroids
}

/// Points ranked against the centroids in one block product.
const POINT_BLOCK: usize = 256;

/// Each point's [`nearest`] centroid (the first of the highest [`dot_wide`]), from block
/// products: a point whose best block value leads every other centroid's by more than
/// [`blocked::tie_window`] has its answer; near ties are decided by [`dot_wide`] itself.
/// `flat` holds the points' values row after row (`x` concatenated), `x2` their largest
/// squared norm.
fn nearest_all(x: &[Vec<f32>], flat: &[f32], x2: f64, centroids: &[Vec<f32>]) -> Vec<usize> {
    let (k, dim) = (centroids.len(), x.first().map_or(0, Vec::len));
    if k == 0 || dim == 0 || flat.len() != x.len() * dim || centroids.iter().any(|v| v.len() != dim)
    {
        return x.par_iter().map(|p| nearest(p, centroids).0).collect();
    }
    let means: Vec<f32> = centroids.concat();
    let margin = blocked::tie_window(dim, x2, blocked::largest_square_norm(&means, dim));
    let mut out = vec![0usize; x.len()];
    // Blocks over the cores; each point's answer is its own, so the same on any count.
    out.par_chunks_mut(POINT_BLOCK)
        .zip(x.par_chunks(POINT_BLOCK))
        .zip(flat.par_chunks(POINT_BLOCK * dim))
        .for_each(|((out, points), block)| {
            let mut product = vec![0f32; points.len() * k];
            blocked::block_product(block, &means, dim, k, &mut product);
            for ((slot, p), values) in out.iter_mut().zip(points).zip(product.chunks_exact(k)) {
                let top = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let mut near = (0..k).filter(|&c| values[c] >= top - margin);
                *slot = match (near.next(), near.next()) {
                    (Some(c), None) => c,
                    _ => nearest(p, centroids).0,
                };
            }
        });
    out
}

/// Each cluster's sum of its points, every coordinate summed in point order (so the same
/// bits however the work is split): the coordinates are split into one range per core,
/// and each range's sums made in one pass over the points.
fn centroid_sums(x: &[Vec<f32>], assign: &[usize], k: usize, dim: usize) -> Vec<Vec<f32>> {
    let width = dim.div_ceil(rayon::current_num_threads().max(1)).max(1);
    let ranges: Vec<usize> = (0..dim).step_by(width).collect();
    let parts: Vec<Vec<f32>> = ranges
        .par_iter()
        .map(|&d0| {
            let w = width.min(dim - d0);
            let mut part = vec![0f32; k * w];
            for (p, &c) in x.iter().zip(assign) {
                for (s, v) in part[c * w..(c + 1) * w].iter_mut().zip(p.iter().skip(d0)) {
                    *s += v;
                }
            }
            part
        })
        .collect();
    let mut sums = vec![vec![0f32; dim]; k];
    for (&d0, part) in ranges.iter().zip(&parts) {
        let w = width.min(dim - d0);
        for (c, sum) in sums.iter_mut().enumerate() {
            sum[d0..d0 + w].copy_from_slice(&part[c * w..(c + 1) * w]);
        }
    }
    sums
}

/// Lloyd's iterations from `centroids` (at most `max_iter`, until no point moves).
pub fn lloyd(x: &[Vec<f32>], mut centroids: Vec<Vec<f32>>, max_iter: usize) -> Clustering {
    let n = x.len();
    let k = centroids.len();
    let dim = x.first().map_or(0, Vec::len);
    // One copy of the points in a row for the block products.
    let flat: Vec<f32> = if x.iter().all(|p| p.len() == dim) {
        x.concat()
    } else {
        Vec::new()
    };
    let x2 = blocked::largest_square_norm(&flat, dim);
    let mut assign = vec![usize::MAX; n];
    for _ in 0..max_iter {
        // Each point's nearest centroid is its own question (the centroid sums below
        // stay in point order, so the result is the same bits on any thread count).
        let next = nearest_all(x, &flat, x2, &centroids);
        let mut changed = false;
        for (a, c) in assign.iter_mut().zip(next) {
            if *a != c {
                *a = c;
                changed = true;
            }
        }
        let mut counts = vec![0usize; k];
        for &c in &assign {
            counts[c] += 1;
        }
        let mut sums = centroid_sums(x, &assign, k, dim);
        for c in 0..k {
            if counts[c] == 0 {
                // An empty cluster takes the point that fits its own cluster worst.
                let worst = (0..n).filter(|&i| counts[assign[i]] > 1).min_by(|&a, &b| {
                    dot_wide(&x[a], &centroids[assign[a]])
                        .total_cmp(&dot_wide(&x[b], &centroids[assign[b]]))
                        .then(a.cmp(&b))
                });
                if let Some(w) = worst {
                    counts[assign[w]] -= 1;
                    assign[w] = c;
                    counts[c] = 1;
                    sums[c] = x[w].clone();
                    changed = true;
                }
            }
            normalize(&mut sums[c]);
        }
        centroids = sums;
        if !changed {
            break;
        }
    }
    let objective = x
        .iter()
        .zip(&assign)
        .map(|(p, &c)| dot_wide(p, &centroids[c]) as f64)
        .sum();
    Clustering {
        assign,
        centroids,
        objective,
    }
}

/// Best of `restarts` k-means++ runs (by objective) with seeds derived from `seed`.
pub fn kmeans(x: &[Vec<f32>], k: usize, seed: u64, restarts: usize) -> Clustering {
    restarts_from(x, k, seed, 0..restarts.max(1), None)
}

/// [`kmeans`] with `restarts` runs, given `best`, the best of its first `done` (what
/// `kmeans(x, k, seed, done)` returned): only the runs after those are made, and the
/// answer is the same.
pub fn more_restarts(
    x: &[Vec<f32>],
    k: usize,
    seed: u64,
    best: Clustering,
    done: usize,
    restarts: usize,
) -> Clustering {
    restarts_from(x, k, seed, done.max(1)..restarts.max(1), Some(best))
}

/// The best of `best` and the k-means++ runs numbered `runs` (the first of equal
/// objectives kept).
fn restarts_from(
    x: &[Vec<f32>],
    k: usize,
    seed: u64,
    runs: std::ops::Range<usize>,
    mut best: Option<Clustering>,
) -> Clustering {
    let k = k.clamp(1, x.len().max(1));
    for r in runs {
        let mut rng = Rng::new(seed.wrapping_add(r as u64 * 7919));
        let init = plus_plus(x, k, &mut rng);
        let c = lloyd(x, init, 100);
        if best.as_ref().is_none_or(|b| c.objective > b.objective) {
            best = Some(c);
        }
    }
    best.unwrap_or(Clustering {
        assign: vec![0; x.len()],
        centroids: Vec::new(),
        objective: 0.0,
    })
}

/// Cosine distances from each point of `sample` to every point (rows follow `sample`).
pub fn sample_distances(x: &[Vec<f32>], sample: &[usize]) -> Vec<Vec<f32>> {
    sample
        .iter()
        .map(|&i| x.iter().map(|p| 1.0 - dot_wide(&x[i], p)).collect())
        .collect()
}

/// Mean silhouette (cosine distance) of a clustering over the points `sample`,
/// given their distances to every point ([`sample_distances`]).
pub fn silhouette(dist: &[Vec<f32>], assign: &[usize], k: usize, sample: &[usize]) -> f64 {
    let mut sizes = vec![0usize; k];
    for &a in assign {
        sizes[a] += 1;
    }
    let mut total = 0.0;
    let mut counted = 0usize;
    for (row, &i) in dist.iter().zip(sample) {
        let own = assign[i];
        if sizes[own] <= 1 {
            continue;
        }
        let mut sum = vec![0f64; k];
        for (j, &d) in row.iter().enumerate() {
            if j != i {
                sum[assign[j]] += d as f64;
            }
        }
        let a = sum[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| sum[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() && a.max(b) > 0.0 {
            total += (b - a) / a.max(b);
            counted += 1;
        }
    }
    if counted == 0 {
        0.0
    } else {
        total / counted as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unit points in a few loose groups, from the module's own generator.
    fn points(n: usize, dim: usize) -> Vec<Vec<f32>> {
        let mut rng = Rng::new(7);
        (0..n)
            .map(|i| {
                let mut v: Vec<f32> = (0..dim)
                    .map(|d| {
                        let centre = if d == i % dim { 3.0 } else { 0.0 };
                        centre + rng.next_f64() as f32
                    })
                    .collect();
                normalize(&mut v);
                v
            })
            .collect()
    }

    #[test]
    fn the_same_clustering_on_one_thread_and_on_many() {
        let x = points(3_000, 12);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| kmeans(&x, 12, 1, 2))
        };
        let (a, b) = (on(1), on(4));
        assert_eq!(a.assign, b.assign);
        let bits = |c: &Clustering| -> Vec<u32> {
            c.centroids.iter().flatten().map(|v| v.to_bits()).collect()
        };
        assert_eq!(bits(&a), bits(&b));
        assert_eq!(a.objective.to_bits(), b.objective.to_bits());
        // And it finds the groups: most points sit with the others of their group.
        let mut agree = 0;
        for i in 0..x.len() {
            for j in (i + 1..x.len()).step_by(97) {
                let same_group = i % 12 == j % 12;
                agree += usize::from(same_group == (a.assign[i] == a.assign[j]));
            }
        }
        let pairs: usize = (0..x.len())
            .map(|i| (i + 1..x.len()).step_by(97).count())
            .sum();
        assert!(agree as f64 > 0.9 * pairs as f64, "{agree} of {pairs}");
    }

    #[test]
    fn block_products_find_the_centroid_a_scan_of_dot_wides_finds() {
        // Centroids in near-tied pairs (a copy moved by an ulp in a few coordinates)
        // and one exact copy; points drawn near them, and the centroids themselves.
        let x = points(3_000, 24);
        let mut rng = Rng::new(11);
        let mut centroids: Vec<Vec<f32>> = Vec::new();
        for base in x.iter().step_by(150) {
            let mut twin = base.clone();
            for _ in 0..6 {
                let d = (rng.next_u64() % 24) as usize;
                twin[d] = f32::from_bits(twin[d].to_bits() + 1);
            }
            centroids.push(base.clone());
            centroids.push(twin);
        }
        centroids.push(centroids[2].clone());
        let mut points = x.clone();
        points.extend(centroids.iter().cloned());
        let x2 = points
            .iter()
            .map(|p| blocked::largest_square_norm(p, 24))
            .fold(0.0, f64::max);
        let scan: Vec<usize> = points.iter().map(|p| nearest(p, &centroids).0).collect();
        assert_eq!(nearest_all(&points, &points.concat(), x2, &centroids), scan);
    }

    #[test]
    fn more_restarts_continue_where_fewer_stopped() {
        let x = points(600, 8);
        let two = kmeans(&x, 6, 3, 2);
        let four = kmeans(&x, 6, 3, 4);
        let more = more_restarts(&x, 6, 3, two, 2, 4);
        assert_eq!(more.assign, four.assign);
        assert_eq!(more.objective.to_bits(), four.objective.to_bits());
    }
}
