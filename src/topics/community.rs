//! Community detection on a weighted graph: the Louvain method (local moves that
//! raise modularity, then aggregation, repeated) with a resolution γ.
//!
//! Deterministic: nodes are visited in index order, a node moves only for a strictly
//! better gain, and ties go to the lowest community id, so the same graph gives the
//! same communities on every run and thread count. Modularity with resolution γ is
//! `Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ]`; a larger γ gives more, smaller communities.

use crate::rank::graph::Adjacency;

/// Rounds of local moves over all nodes, at most, per level.
const MAX_ROUNDS: usize = 50;
/// Levels of aggregation, at most.
const MAX_LEVELS: usize = 20;

/// Community of each node (0-based, numbered by first member), by Louvain at resolution `gamma`.
pub fn louvain(adj: &Adjacency, gamma: f64) -> Vec<usize> {
    louvain_ordered(adj, gamma, None)
}

/// Louvain whose first level visits nodes in the order of a seeded shuffle (`None`:
/// index order); the result depends on the seed only, never on threads.
pub fn louvain_ordered(adj: &Adjacency, gamma: f64, seed: Option<u64>) -> Vec<usize> {
    let n = adj.len();
    let mut perm: Vec<usize> = (0..n).collect();
    if let Some(s) = seed {
        let mut rng = super::kmeans::Rng::new(s);
        for i in (1..n).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            perm.swap(i, j);
        }
    }
    // Relabel nodes by the permutation, cluster, map back.
    let mut pos = vec![0usize; n];
    for (p, &i) in perm.iter().enumerate() {
        pos[i] = p;
    }
    let relabelled: Adjacency = perm
        .iter()
        .map(|&i| {
            let mut row: Vec<(usize, f64)> = adj[i].iter().map(|&(j, w)| (pos[j], w)).collect();
            row.sort_by_key(|x| x.0);
            row
        })
        .collect();
    let a = louvain_plain(&relabelled, gamma);
    let back: Vec<usize> = (0..n).map(|i| a[pos[i]]).collect();
    renumber(&back).0
}

/// The consensus graph of Louvain runs at several resolutions and visiting orders:
/// two neighbours in `adj` are joined by the share of runs that put them together.
/// Clustering it once more is steadier than any single run.
pub fn co_association(adj: &Adjacency, resolutions: &[f64], orders: u64) -> Adjacency {
    let n = adj.len();
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for &g in resolutions {
        for s in 0..orders {
            runs.push(louvain_ordered(adj, g, (s > 0).then_some(s)));
        }
    }
    let total = runs.len().max(1) as f64;
    (0..n)
        .map(|i| {
            adj[i]
                .iter()
                .filter_map(|&(j, _)| {
                    let same = runs.iter().filter(|r| r[i] == r[j]).count() as f64 / total;
                    (same > 0.0).then_some((j, same))
                })
                .collect()
        })
        .collect()
}

fn louvain_plain(adj: &Adjacency, gamma: f64) -> Vec<usize> {
    let n = adj.len();
    let mut assign: Vec<usize> = (0..n).collect();
    let mut graph: Adjacency = adj.clone();
    // Self-loop weight of each (aggregated) node.
    let mut self_loops = vec![0f64; n];
    for _ in 0..MAX_LEVELS {
        let (local, moved) = local_moves(&graph, &self_loops, gamma);
        if !moved {
            break;
        }
        let (local, count) = renumber(&local);
        for a in &mut assign {
            *a = local[*a];
        }
        // Aggregate: one node per community.
        let mut agg: Vec<std::collections::BTreeMap<usize, f64>> = vec![Default::default(); count];
        let mut loops = vec![0f64; count];
        for (i, row) in graph.iter().enumerate() {
            loops[local[i]] += self_loops[i];
            for &(j, w) in row {
                let (ci, cj) = (local[i], local[j]);
                if ci == cj {
                    loops[ci] += w;
                } else {
                    *agg[ci].entry(cj).or_insert(0.0) += w;
                }
            }
        }
        graph = agg.into_iter().map(|m| m.into_iter().collect()).collect();
        self_loops = loops;
        if count == 1 {
            break;
        }
    }
    renumber(&assign).0
}

/// One level of local moves; returns each node's community and whether any node moved.
fn local_moves(graph: &Adjacency, self_loops: &[f64], gamma: f64) -> (Vec<usize>, bool) {
    let n = graph.len();
    let degree: Vec<f64> = graph
        .iter()
        .zip(self_loops)
        .map(|(row, &l)| row.iter().map(|&(_, w)| w).sum::<f64>() + l)
        .collect();
    let two_m: f64 = degree.iter().sum();
    let mut comm: Vec<usize> = (0..n).collect();
    let mut tot: Vec<f64> = degree.clone();
    if two_m <= 0.0 {
        return (comm, false);
    }
    let mut moved_any = false;
    let mut links: Vec<f64> = vec![0.0; n];
    let mut touched: Vec<usize> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut moved = false;
        for i in 0..n {
            let own = comm[i];
            for &(j, w) in &graph[i] {
                let c = comm[j];
                if links[c] == 0.0 {
                    touched.push(c);
                }
                links[c] += w;
            }
            tot[own] -= degree[i];
            let gain = |c: usize, l: f64| l - gamma * tot[c] * degree[i] / two_m;
            let mut best = (gain(own, links[own]), own);
            touched.sort_unstable();
            for &c in &touched {
                let g = gain(c, links[c]);
                if g > best.0 + 1e-12
                    || ((g - best.0).abs() <= 1e-12 && c < best.1 && best.1 != own)
                {
                    best = (g, c);
                }
            }
            tot[best.1] += degree[i];
            if best.1 != own {
                comm[i] = best.1;
                moved = true;
                moved_any = true;
            }
            for &c in &touched {
                links[c] = 0.0;
            }
            touched.clear();
        }
        if !moved {
            break;
        }
    }
    (comm, moved_any)
}

/// Community ids renumbered 0.. by first member; returns the count too.
pub fn renumber(assign: &[usize]) -> (Vec<usize>, usize) {
    let mut map = std::collections::HashMap::new();
    let out = assign
        .iter()
        .map(|&a| {
            let next = map.len();
            *map.entry(a).or_insert(next)
        })
        .collect();
    (out, map.len())
}

/// Modularity of `assign` on `adj` at resolution `gamma`.
pub fn modularity(adj: &Adjacency, assign: &[usize], gamma: f64) -> f64 {
    let k = assign.iter().copied().max().map_or(0, |m| m + 1);
    let mut inside = vec![0f64; k];
    let mut tot = vec![0f64; k];
    let mut two_m = 0.0;
    for (i, row) in adj.iter().enumerate() {
        for &(j, w) in row {
            two_m += w;
            tot[assign[i]] += w;
            if assign[i] == assign[j] {
                inside[assign[i]] += w;
            }
        }
    }
    if two_m <= 0.0 {
        return 0.0;
    }
    (0..k)
        .map(|c| inside[c] / two_m - gamma * (tot[c] / two_m).powi(2))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two 4-cliques joined by one weak edge.
    fn two_cliques() -> Adjacency {
        let mut adj: Adjacency = vec![Vec::new(); 8];
        for block in [0..4, 4..8] {
            for i in block.clone() {
                for j in block.clone() {
                    if i != j {
                        adj[i].push((j, 1.0));
                    }
                }
            }
        }
        adj[3].push((4, 0.1));
        adj[4].insert(0, (3, 0.1));
        adj
    }

    #[test]
    fn finds_two_cliques() {
        let a = louvain(&two_cliques(), 1.0);
        assert_eq!(a, vec![0, 0, 0, 0, 1, 1, 1, 1]);
        assert!(modularity(&two_cliques(), &a, 1.0) > 0.4);
    }

    #[test]
    fn a_tiny_resolution_merges_everything() {
        let a = louvain(&two_cliques(), 0.01);
        assert!(a.iter().all(|&c| c == 0), "{a:?}");
    }
}
