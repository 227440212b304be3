//! 2-D projection of unit vectors by PCA (the two leading principal components, by
//! power iteration with deflation): deterministic, linear, fast, and faithful to
//! large-scale structure; signs are fixed so the picture never flips between runs.

use crate::embed::dot;

/// `points` (rows) projected on their two leading principal components.
pub fn pca2(points: &[Vec<f32>]) -> Vec<[f32; 2]> {
    let n = points.len();
    let dim = points.first().map_or(0, Vec::len);
    if n == 0 || dim == 0 {
        return vec![[0.0, 0.0]; n];
    }
    let mut mean = vec![0f32; dim];
    for p in points {
        for (m, x) in mean.iter_mut().zip(p) {
            *m += x / n as f32;
        }
    }
    let centred: Vec<Vec<f32>> = points
        .iter()
        .map(|p| p.iter().zip(&mean).map(|(x, m)| x - m).collect())
        .collect();
    let mut comps: Vec<Vec<f32>> = Vec::new();
    for c in 0..2 {
        // Start from a fixed, non-degenerate vector.
        let mut v: Vec<f32> = (0..dim)
            .map(|i| 1.0 + ((i * 7 + c * 13) % 11) as f32 / 11.0)
            .collect();
        for _ in 0..200 {
            // w = Xᵀ (X v), minus the components found already.
            let xv: Vec<f32> = centred.iter().map(|r| dot(r, &v)).collect();
            let mut w = vec![0f32; dim];
            for (r, &s) in centred.iter().zip(&xv) {
                for (wi, ri) in w.iter_mut().zip(r) {
                    *wi += s * ri;
                }
            }
            for u in &comps {
                let d = dot(&w, u);
                for (wi, ui) in w.iter_mut().zip(u) {
                    *wi -= d * ui;
                }
            }
            let norm = dot(&w, &w).sqrt();
            if norm <= f32::EPSILON {
                break;
            }
            w.iter_mut().for_each(|x| *x /= norm);
            let delta: f32 = w.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
            v = w;
            if delta < 1e-6 {
                break;
            }
        }
        // Fix the sign: the largest coordinate is positive.
        let pivot = v
            .iter()
            .copied()
            .fold(0f32, |a, b| if b.abs() > a.abs() { b } else { a });
        if pivot < 0.0 {
            v.iter_mut().for_each(|x| *x = -*x);
        }
        comps.push(v);
    }
    centred
        .iter()
        .map(|r| [dot(r, &comps[0]), dot(r, &comps[1])])
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn separates_two_groups_along_the_first_axis() {
        let pts = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.9, 0.1, 0.0],
            vec![0.0, 0.0, 1.0],
            vec![0.1, 0.0, 0.9],
        ];
        let p = super::pca2(&pts);
        assert!(p[0][0] * p[2][0] < 0.0, "{p:?}");
        assert!((p[0][0] - p[1][0]).abs() < (p[0][0] - p[2][0]).abs());
    }
}
