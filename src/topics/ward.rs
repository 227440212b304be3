//! Ward's hierarchical clustering by the nearest-neighbour chain algorithm
//! (O(n²) time and memory), deterministic with ties broken by index. On unit
//! vectors, squared Euclidean distance is `2 - 2·cos`.

use crate::embed::dot;

/// A dendrogram: merges in the order of their height.
#[derive(Debug, Clone)]
pub struct Dendrogram {
    n: usize,
    /// (a, b, height): clusters represented by their first point's slot.
    merges: Vec<(usize, usize, f64)>,
}

struct Condensed {
    n: usize,
    d: Vec<f32>,
}

impl Condensed {
    fn idx(&self, i: usize, j: usize) -> usize {
        let (i, j) = if i < j { (i, j) } else { (j, i) };
        // Row-major upper triangle without the diagonal.
        i * (2 * self.n - i - 1) / 2 + (j - i - 1)
    }
    fn get(&self, i: usize, j: usize) -> f32 {
        self.d[self.idx(i, j)]
    }
    fn set(&mut self, i: usize, j: usize, v: f32) {
        let k = self.idx(i, j);
        self.d[k] = v;
    }
}

/// Build the Ward dendrogram of unit vectors `x`.
pub fn ward(x: &[Vec<f32>]) -> Dendrogram {
    let n = x.len();
    let mut dm = Condensed {
        n,
        d: Vec::with_capacity(n * n.saturating_sub(1) / 2),
    };
    for i in 0..n {
        for j in i + 1..n {
            dm.d.push((2.0 - 2.0 * dot(&x[i], &x[j])).max(0.0));
        }
    }
    let mut size = vec![1usize; n];
    let mut active = vec![true; n];
    let mut merges = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    let mut remaining = n;
    while remaining > 1 {
        if chain.is_empty() {
            if let Some(first) = (0..n).find(|&i| active[i]) {
                chain.push(first);
            }
        }
        let Some(&a) = chain.last() else { break };
        let prev = if chain.len() >= 2 {
            Some(chain[chain.len() - 2])
        } else {
            None
        };
        // Nearest active neighbour of a; the chain's previous element wins ties.
        let mut best: Option<(f32, usize)> = prev.map(|p| (dm.get(a, p), p));
        for (b, _) in active.iter().enumerate().filter(|&(b, &on)| on && b != a) {
            let d = dm.get(a, b);
            if best.is_none_or(|(bd, bi)| d < bd || (d == bd && b < bi && Some(bi) != prev)) {
                best = Some((d, b));
            }
        }
        let Some((d, b)) = best else { break };
        if Some(b) == prev {
            chain.pop();
            chain.pop();
            let (keep, gone) = if a < b { (a, b) } else { (b, a) };
            let (ni, nj) = (size[keep] as f32, size[gone] as f32);
            for k in 0..n {
                if !active[k] || k == keep || k == gone {
                    continue;
                }
                let nk = size[k] as f32;
                let v = ((ni + nk) * dm.get(k, keep) + (nj + nk) * dm.get(k, gone) - nk * d)
                    / (ni + nj + nk);
                dm.set(k, keep, v);
            }
            active[gone] = false;
            size[keep] += size[gone];
            merges.push((keep, gone, d as f64));
            remaining -= 1;
        } else {
            chain.push(b);
        }
    }
    // Ward is reducible: merges sorted by height form a valid dendrogram.
    let mut order: Vec<usize> = (0..merges.len()).collect();
    order.sort_by(|&p, &q| merges[p].2.total_cmp(&merges[q].2).then(p.cmp(&q)));
    Dendrogram {
        n,
        merges: order.into_iter().map(|i| merges[i]).collect(),
    }
}

impl Dendrogram {
    /// Height of the merge that would join `k` clusters into `k - 1` (0 when k ≤ 1).
    pub fn height_above(&self, k: usize) -> f64 {
        let n = self.n;
        if k <= 1 || k > n {
            return 0.0;
        }
        self.merges.get(n - k).map_or(0.0, |m| m.2)
    }

    /// Cut into `k` clusters; cluster ids are 0..k in order of each cluster's first point.
    pub fn cut(&self, k: usize) -> Vec<usize> {
        let n = self.n;
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        let k = k.clamp(1, n.max(1));
        for &(a, b, _) in self.merges.iter().take(n.saturating_sub(k)) {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent[hi] = lo;
            }
        }
        let mut ids: Vec<usize> = vec![usize::MAX; n];
        let mut next = 0;
        (0..n)
            .map(|i| {
                let r = find(&mut parent, i);
                if ids[r] == usize::MAX {
                    ids[r] = next;
                    next += 1;
                }
                ids[r]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_obvious_groups() {
        let mut x = vec![
            vec![1.0, 0.0, 0.0],
            vec![0.99, 0.14, 0.0],
            vec![0.0, 0.0, 1.0],
            vec![0.0, 0.14, 0.99],
            vec![0.98, 0.0, 0.2],
        ];
        for v in &mut x {
            crate::embed::normalize(v);
        }
        let d = ward(&x);
        assert_eq!(d.cut(2), vec![0, 0, 1, 1, 0]);
        assert_eq!(d.cut(5), vec![0, 1, 2, 3, 4]);
        assert_eq!(d.cut(1), vec![0; 5]);
    }
}
