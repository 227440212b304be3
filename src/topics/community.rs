//! Community detection on a weighted graph: the Leiden method (Traag, Waltman and van
//! Eck 2019) with a resolution γ — Louvain's local moves that raise modularity, then a
//! refinement that splits each community into well-connected parts, then aggregation
//! by those parts with the communities as the next level's start, repeated. Unlike
//! Louvain's, its communities are never internally disconnected.
//!
//! Deterministic: nodes are visited in index order, a node moves only for a strictly
//! better gain, ties go to the lowest community id, and the refinement merges greedily
//! (Leiden's randomness at θ → 0), so the same graph gives the same communities on
//! every run and thread count. Modularity with resolution γ is
//! `Q = Σ_c [ in_c / 2m − γ (tot_c / 2m)² ]`; a larger γ gives more, smaller communities.

use crate::rank::graph::Adjacency;

/// Rounds of local moves over all nodes, at most, per level.
const MAX_ROUNDS: usize = 50;
/// Levels of aggregation, at most.
const MAX_LEVELS: usize = 20;

/// Community of each node (0-based, numbered by first member), by Leiden at resolution `gamma`.
pub fn leiden(adj: &Adjacency, gamma: f64) -> Vec<usize> {
    leiden_ordered(adj, gamma, None)
}

/// Leiden whose first level visits nodes in the order of a seeded shuffle (`None`:
/// index order); the result depends on the seed only, never on threads.
pub fn leiden_ordered(adj: &Adjacency, gamma: f64, seed: Option<u64>) -> Vec<usize> {
    let n = adj.len();
    let mut perm: Vec<usize> = (0..n).collect();
    if let Some(s) = seed {
        let mut rng = crate::rng::Rng::new(s);
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
    let a = leiden_plain(&relabelled, gamma);
    let back: Vec<usize> = (0..n).map(|i| a[pos[i]]).collect();
    renumber(&back).0
}

/// The consensus graph of Leiden runs on each graph of `variants` at several
/// resolutions and visiting orders: two neighbours in `adj` are joined by the share of
/// runs that put them together. Clustering it once more is steadier than any single
/// run. Every variant must have `adj`'s nodes.
pub fn co_association(
    adj: &Adjacency,
    variants: &[&Adjacency],
    resolutions: &[f64],
    orders: u64,
) -> Adjacency {
    use rayon::prelude::*;
    let n = adj.len();
    let jobs: Vec<(&Adjacency, f64, u64)> = variants
        .iter()
        .filter(|v| v.len() == n)
        .flat_map(|v| {
            resolutions
                .iter()
                .flat_map(move |&g| (0..orders).map(move |s| (*v, g, s)))
        })
        .collect();
    // Each run depends on its graph, resolution and order only: the same runs, in
    // the same order, on any number of threads.
    let runs: Vec<Vec<usize>> = jobs
        .par_iter()
        .map(|&(v, g, s)| leiden_ordered(v, g, (s > 0).then_some(s)))
        .collect();
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

/// One node per community of `part` (`count` of them).
fn aggregate(
    graph: &Adjacency,
    self_loops: &[f64],
    part: &[usize],
    count: usize,
) -> (Adjacency, Vec<f64>) {
    let mut agg: Vec<std::collections::BTreeMap<usize, f64>> = vec![Default::default(); count];
    let mut loops = vec![0f64; count];
    for (i, row) in graph.iter().enumerate() {
        loops[part[i]] += self_loops[i];
        for &(j, w) in row {
            let (ci, cj) = (part[i], part[j]);
            if ci == cj {
                loops[ci] += w;
            } else {
                *agg[ci].entry(cj).or_insert(0.0) += w;
            }
        }
    }
    (
        agg.into_iter().map(|m| m.into_iter().collect()).collect(),
        loops,
    )
}

/// Leiden in index order: local moves, then the refinement, then aggregation by the
/// refined parts with the communities as the start, until the refinement leaves every
/// node alone.
fn leiden_plain(adj: &Adjacency, gamma: f64) -> Vec<usize> {
    let n = adj.len();
    let mut assign: Vec<usize> = (0..n).collect();
    let mut graph: Adjacency = adj.clone();
    let mut self_loops = vec![0f64; n];
    let mut init: Option<Vec<usize>> = None;
    // The communities of the current level's nodes.
    let mut last: Vec<usize> = (0..n).collect();
    for _ in 0..MAX_LEVELS {
        let p = renumber(&local_moves(&graph, &self_loops, gamma, init.as_deref())).0;
        last = p.clone();
        let r = refine(&graph, &self_loops, gamma, &p);
        let (r, rcount) = renumber(&r);
        if rcount == graph.len() {
            break;
        }
        let mut start = vec![0usize; rcount];
        for i in 0..graph.len() {
            start[r[i]] = p[i];
        }
        for a in &mut assign {
            *a = r[*a];
        }
        let (g, l) = aggregate(&graph, &self_loops, &r, rcount);
        graph = g;
        self_loops = l;
        last = start.clone();
        init = Some(start);
    }
    let out: Vec<usize> = assign.iter().map(|&a| last[a]).collect();
    renumber(&out).0
}

/// Each node's weighted degree (its self-loop included) and their sum, 2m.
fn degrees(graph: &Adjacency, self_loops: &[f64]) -> (Vec<f64>, f64) {
    let degree: Vec<f64> = graph
        .iter()
        .zip(self_loops)
        .map(|(row, &l)| row.iter().map(|&(_, w)| w).sum::<f64>() + l)
        .collect();
    let two_m = degree.iter().sum();
    (degree, two_m)
}

/// Leiden's refinement, greedy (deterministic): inside each community of `p`, a node
/// still alone joins the well-connected part it gains most by joining.
fn refine(graph: &Adjacency, self_loops: &[f64], gamma: f64, p: &[usize]) -> Vec<usize> {
    let n = graph.len();
    let (degree, two_m) = degrees(graph, self_loops);
    let mut r: Vec<usize> = (0..n).collect();
    if two_m <= 0.0 {
        return r;
    }
    let k = p.iter().copied().max().map_or(0, |m| m + 1);
    let mut ptot = vec![0f64; k];
    for i in 0..n {
        ptot[p[i]] += degree[i];
    }
    let mut rtot = degree.clone();
    let mut size = vec![1usize; n];
    let mut ext: Vec<f64> = (0..n)
        .map(|i| {
            graph[i]
                .iter()
                .filter(|&&(j, _)| p[j] == p[i] && j != i)
                .map(|&(_, w)| w)
                .sum()
        })
        .collect();
    let mut links: Vec<f64> = vec![0.0; n];
    let mut touched: Vec<usize> = Vec::new();
    for v in 0..n {
        if size[r[v]] != 1 {
            continue;
        }
        let c = p[v];
        if ext[v] < gamma * degree[v] * (ptot[c] - degree[v]) / two_m {
            continue;
        }
        for &(j, w) in &graph[v] {
            if p[j] != c || j == v {
                continue;
            }
            let rc = r[j];
            if links[rc] == 0.0 {
                touched.push(rc);
            }
            links[rc] += w;
        }
        touched.sort_unstable();
        let mut best: Option<(f64, usize)> = None;
        for &rc in &touched {
            if rc == r[v] || ext[rc] < gamma * rtot[rc] * (ptot[c] - rtot[rc]) / two_m {
                continue;
            }
            let g = links[rc] - gamma * rtot[rc] * degree[v] / two_m;
            if g > 1e-12 && best.is_none_or(|(bg, _)| g > bg + 1e-12) {
                best = Some((g, rc));
            }
        }
        if let Some((_, rc)) = best {
            ext[rc] += ext[v] - 2.0 * links[rc];
            rtot[rc] += degree[v];
            rtot[r[v]] -= degree[v];
            size[r[v]] -= 1;
            size[rc] += 1;
            r[v] = rc;
        }
        for &rc in &touched {
            links[rc] = 0.0;
        }
        touched.clear();
    }
    r
}

/// One level of Louvain's local moves, from `init` (else every node alone): each
/// node's community.
fn local_moves(
    graph: &Adjacency,
    self_loops: &[f64],
    gamma: f64,
    init: Option<&[usize]>,
) -> Vec<usize> {
    let n = graph.len();
    let (degree, two_m) = degrees(graph, self_loops);
    let mut comm: Vec<usize> = match init {
        Some(c) => c.to_vec(),
        None => (0..n).collect(),
    };
    let mut tot: Vec<f64> = vec![0.0; n];
    for i in 0..n {
        tot[comm[i]] += degree[i];
    }
    if two_m <= 0.0 {
        return comm;
    }
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
    comm
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
        let a = leiden(&two_cliques(), 1.0);
        assert_eq!(a, vec![0, 0, 0, 0, 1, 1, 1, 1]);
        assert!(modularity(&two_cliques(), &a, 1.0) > 0.4);
    }

    #[test]
    fn the_consensus_counts_the_runs_of_every_graph() {
        let adj = two_cliques();
        // A variant where the weak bridge is strong: 3 and 4 together in some runs.
        let mut bridged = two_cliques();
        for (a, b) in [(3, 4), (4, 3)] {
            if let Some(e) = bridged[a].iter_mut().find(|e| e.0 == b) {
                e.1 = 50.0;
            }
        }
        let alone = co_association(&adj, &[&adj], &[1.0], 1);
        let both = co_association(&adj, &[&adj, &bridged], &[1.0], 1);
        let share = |co: &Adjacency, a: usize, b: usize| {
            co[a].iter().find(|e| e.0 == b).map_or(0.0, |e| e.1)
        };
        assert_eq!(
            share(&alone, 3, 4),
            0.0,
            "never together on the plain graph"
        );
        assert!(share(&both, 3, 4) > 0.0 && share(&both, 3, 4) < 1.0);
        assert_eq!(share(&both, 0, 1), 1.0, "a clique stays together on both");
        // A variant of another size is not counted.
        let other: Adjacency = vec![Vec::new(); 3];
        assert_eq!(co_association(&adj, &[&adj, &other], &[1.0], 1), alone);
    }

    #[test]
    fn a_tiny_resolution_merges_everything() {
        let a = leiden(&two_cliques(), 0.01);
        assert!(a.iter().all(|&c| c == 0), "{a:?}");
    }

    /// A sparse random graph: every node linked to `per` others, weights in (0, 1].
    fn random_graph(n: usize, per: usize, seed: u64) -> Adjacency {
        let mut rng = crate::rng::Rng::new(seed);
        let mut m: Vec<std::collections::BTreeMap<usize, f64>> = vec![Default::default(); n];
        for i in 0..n {
            for _ in 0..per {
                let j = (rng.next_u64() % n as u64) as usize;
                if j != i {
                    let w = (rng.next_u64() % 1000 + 1) as f64 / 1000.0;
                    m[i].insert(j, w);
                    m[j].insert(i, w);
                }
            }
        }
        m.into_iter().map(|r| r.into_iter().collect()).collect()
    }

    /// Whether the members of community `c` reach each other through members only.
    fn connected(adj: &Adjacency, assign: &[usize], c: usize) -> bool {
        let members: Vec<usize> = (0..adj.len()).filter(|&i| assign[i] == c).collect();
        let mut seen = vec![false; adj.len()];
        let mut stack = vec![members[0]];
        seen[members[0]] = true;
        let mut reached = 1;
        while let Some(i) = stack.pop() {
            for &(j, _) in &adj[i] {
                if assign[j] == c && !seen[j] {
                    seen[j] = true;
                    reached += 1;
                    stack.push(j);
                }
            }
        }
        reached == members.len()
    }

    #[test]
    fn every_community_is_connected_and_the_answer_repeats() {
        for seed in 1..=20 {
            let adj = random_graph(80, 3, seed);
            for gamma in [0.5, 1.0, 2.0] {
                for order in [None, Some(seed)] {
                    let a = leiden_ordered(&adj, gamma, order);
                    let k = a.iter().max().map_or(0, |m| m + 1);
                    for c in 0..k {
                        assert!(
                            connected(&adj, &a, c),
                            "seed {seed} γ {gamma}: community {c}"
                        );
                    }
                    assert_eq!(a, leiden_ordered(&adj, gamma, order));
                    // Never worse than every node alone.
                    let alone: Vec<usize> = (0..adj.len()).collect();
                    assert!(modularity(&adj, &a, gamma) >= modularity(&adj, &alone, gamma));
                }
            }
        }
    }

    #[test]
    fn the_refinement_never_joins_two_pieces_of_a_community() {
        // Two 4-cliques with no edge between them, handed over as one community: the
        // parts it refines into each lie inside one clique (Louvain would aggregate the
        // community whole and keep it disconnected).
        let mut adj = two_cliques();
        adj[3].retain(|&(j, _)| j != 4);
        adj[4].retain(|&(j, _)| j != 3);
        let r = refine(&adj, &[0.0; 8], 1.0, &[0; 8]);
        assert!(r[..4].iter().all(|x| !r[4..].contains(x)), "{r:?}");
        // And it does merge: fewer parts than nodes.
        assert!(renumber(&r).1 < 8, "{r:?}");
    }
}
