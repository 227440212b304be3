//! A neighbour-preserving 2-D layout of the relatedness graph, in the spirit of UMAP's
//! optimisation: each edge pulls its two papers together in proportion to its weight,
//! a few sampled non-neighbours push apart, the step shrinks epoch by epoch.
//! Starts from the PCA picture and runs on one thread with a seeded generator, so the
//! same list gives the same map on every run and machine.

use crate::rank::graph::Adjacency;
use crate::rng::Rng;

/// Passes over all edges.
const EPOCHS: usize = 300;
/// Non-neighbours pushed away per edge and pass.
const NEGATIVES: usize = 4;
/// Largest move of one update, per coordinate.
const CLIP: f32 = 4.0;

/// Coordinates of each node, starting from `init` (for example PCA), on graph `adj`.
pub fn layout(adj: &Adjacency, init: &[[f32; 2]], seed: u64) -> Vec<[f32; 2]> {
    let n = adj.len();
    if n < 3 {
        return init.to_vec();
    }
    // Scale the start to a spread of about 10 units.
    let spread = init
        .iter()
        .map(|p| p[0].abs().max(p[1].abs()))
        .fold(0f32, f32::max)
        .max(1e-6);
    let mut y: Vec<[f32; 2]> = init
        .iter()
        .map(|p| [p[0] / spread * 10.0, p[1] / spread * 10.0])
        .collect();
    let max_w = adj
        .iter()
        .flat_map(|r| r.iter().map(|&(_, w)| w))
        .fold(0f64, f64::max)
        .max(1e-12);
    let edges: Vec<(usize, usize, f32)> = adj
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.iter()
                .filter(move |&&(j, _)| j > i)
                .map(move |&(j, w)| (i, j, (w / max_w) as f32))
        })
        .collect();
    let mut rng = Rng::new(seed);
    for epoch in 0..EPOCHS {
        let lr = 1.0 - epoch as f32 / EPOCHS as f32;
        for &(i, j, w) in &edges {
            let d = [y[i][0] - y[j][0], y[i][1] - y[j][1]];
            let d2 = d[0] * d[0] + d[1] * d[1];
            // Attraction of the t-distribution kernel: −2·d / (1 + d²), weighted.
            let g = -2.0 * w / (1.0 + d2);
            for c in 0..2 {
                let step = (g * d[c]).clamp(-CLIP, CLIP) * lr;
                y[i][c] += step;
                y[j][c] -= step;
            }
            for _ in 0..NEGATIVES {
                let k = (rng.next_u64() % n as u64) as usize;
                if k == i || k == j {
                    continue;
                }
                let d = [y[i][0] - y[k][0], y[i][1] - y[k][1]];
                let d2 = d[0] * d[0] + d[1] * d[1];
                // Repulsion: 2·d / ((ε + d²)(1 + d²)).
                let g = 2.0 / ((0.01 + d2) * (1.0 + d2));
                for c in 0..2 {
                    y[i][c] += (g * d[c]).clamp(-CLIP, CLIP) * lr * 0.1;
                }
            }
        }
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_cliques_land_apart_and_the_layout_is_repeatable() {
        let mut adj: Adjacency = vec![Vec::new(); 10];
        for block in [0..5, 5..10] {
            for i in block.clone() {
                for j in block.clone() {
                    if i != j {
                        adj[i].push((j, 1.0));
                    }
                }
            }
        }
        // Start all mixed up on a line.
        let init: Vec<[f32; 2]> = (0..10).map(|i| [((i * 7) % 10) as f32, 0.0]).collect();
        let a = layout(&adj, &init, 7);
        assert_eq!(a, layout(&adj, &init, 7));
        let centre = |r: std::ops::Range<usize>| {
            let n = r.len() as f32;
            r.fold([0f32; 2], |s, i| [s[0] + a[i][0] / n, s[1] + a[i][1] / n])
        };
        let (c1, c2) = (centre(0..5), centre(5..10));
        let between = ((c1[0] - c2[0]).powi(2) + (c1[1] - c2[1]).powi(2)).sqrt();
        let within = (0..5)
            .map(|i| ((a[i][0] - c1[0]).powi(2) + (a[i][1] - c1[1]).powi(2)).sqrt())
            .fold(0f32, f32::max);
        assert!(between > 2.0 * within, "between {between}, within {within}");
    }
}
