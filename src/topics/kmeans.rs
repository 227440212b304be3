//! Spherical k-means (cosine) with seeded k-means++ starts and restarts: the same
//! input and seed give the same clustering, on any thread count. Its cosines are
//! [`dot_wide`]s (four chains of additions: one pair at a time is most of its work).

use crate::embed::{dot_wide, normalize};
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

/// Lloyd's iterations from `centroids` (at most `max_iter`, until no point moves).
pub fn lloyd(x: &[Vec<f32>], mut centroids: Vec<Vec<f32>>, max_iter: usize) -> Clustering {
    let n = x.len();
    let k = centroids.len();
    let dim = x.first().map_or(0, Vec::len);
    let mut assign = vec![usize::MAX; n];
    for _ in 0..max_iter {
        // Each point's nearest centroid is its own question: over the cores (the
        // centroid sums below stay in point order, so the result is the same bits).
        let next: Vec<usize> = x.par_iter().map(|p| nearest(p, &centroids).0).collect();
        let mut changed = false;
        for (a, c) in assign.iter_mut().zip(next) {
            if *a != c {
                *a = c;
                changed = true;
            }
        }
        let mut sums = vec![vec![0f32; dim]; k];
        let mut counts = vec![0usize; k];
        for (p, &c) in x.iter().zip(&assign) {
            counts[c] += 1;
            for (s, v) in sums[c].iter_mut().zip(p) {
                *s += v;
            }
        }
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
    let k = k.clamp(1, x.len().max(1));
    let mut best: Option<Clustering> = None;
    for r in 0..restarts.max(1) {
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
}
