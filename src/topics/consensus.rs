//! Topics as communities of the relatedness graph: Leiden runs at several resolutions
//! and visiting orders on the graph and on its 6- and 8-nearest-neighbour parts, joined
//! into a consensus graph (how often two neighbours were put together), which is
//! clustered once more at a stated resolution.

use super::other::{small_groups_out, with_other};
use super::{build_topics, community, from_assignment, vector, TopicOptions, Topics};
use crate::corpus::Paper;
use crate::index::Vectors;
use crate::rank::graph::{Adjacency, Graph};

/// Resolutions of the Leiden runs the consensus is taken over.
const RESOLUTIONS: [f64; 7] = [0.6, 0.8, 1.0, 1.2, 1.5, 2.0, 2.5];
/// Visiting orders per resolution (index order, then seeded shuffles). Five keep the
/// most papers in their topic when papers are appended (seed list, dev: 92.5 % against
/// 88.1 % with three) at the same AMI; the counts tried are in docs/topics.md.
const CONSENSUS_ORDERS: u64 = 5;
/// Neighbours per paper of the graphs the consensus runs on: the relatedness graph's
/// 10 and its 6 and 8 nearest. One paper's edges had merged two topics of the seed
/// list (AMI 0.341 → 0.298 when FreeLB lost its false names); over the three graphs
/// the mean AMI of the list and its prefixes is 0.350 against 0.326 (e5 index 0.306
/// against 0.307), the 18-history plan share 0.48 against 0.38 (docs/topics.md).
const CONSENSUS_NEIGHBOURS: [usize; 3] = [6, 8, 10];

/// Visiting orders of the final clustering of the consensus graph (index order, then
/// seeded shuffles); the partition of the highest modularity is kept. One order (the
/// previous version) / 3 / 5 / 10 / 20 on the seed list: mean kept share over five
/// appends 91.5 / 91.5 / 91.6 / 93.0 / 93.0 %, AMI of the list and its prefixes 0.331 /
/// 0.333 / 0.333 / 0.338 / 0.338 (docs/topics.md).
const FINAL_ORDERS: u64 = 10;

/// Communities of `adj` at `gamma`, with small ones marked as Other (`None`): of
/// Leiden's runs in [`FINAL_ORDERS`] visiting orders, the one of highest modularity at
/// `gamma` (the earliest order on ties), so the answer is the best the criterion finds
/// rather than what one order happens to reach.
fn communities(adj: &Adjacency, gamma: f64) -> Vec<Option<usize>> {
    small_groups_out(best_of_orders(adj, gamma, FINAL_ORDERS))
}

/// Of Leiden's runs at `gamma` in `orders` visiting orders, the partition of the
/// highest modularity.
fn best_of_orders(adj: &Adjacency, gamma: f64, orders: u64) -> Vec<usize> {
    use rayon::prelude::*;
    // Run in parallel, chosen in order: the same answer on any number of threads.
    let runs: Vec<(f64, Vec<usize>)> = (0..orders)
        .into_par_iter()
        .map(|o| {
            let a = community::leiden_ordered(adj, gamma, (o > 0).then_some(o));
            (community::modularity(adj, &a, gamma), a)
        })
        .collect();
    let mut best: Option<(f64, Vec<usize>)> = None;
    for (q, a) in runs {
        if best.as_ref().is_none_or(|(bq, _)| q > *bq) {
            best = Some((q, a));
        }
    }
    best.map(|b| b.1).unwrap_or_default()
}

/// Number of real topics (Other excluded) in an assignment.
pub(super) fn count_topics(a: &[Option<usize>]) -> usize {
    let mut seen: Vec<usize> = a.iter().flatten().copied().collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// Final resolutions tried when a number of topics is asked for.
const FINAL_RESOLUTIONS: [f64; 14] = [
    0.3, 0.5, 0.7, 0.85, 1.0, 1.2, 1.4, 1.7, 2.0, 2.5, 3.0, 4.0, 6.0, 10.0,
];

/// The resolution of the final clustering of the consensus graph: 1 (plain modularity)
/// unless `k` is given, then the one whose number of topics is closest to `k` (the
/// smaller resolution on ties). Returns it with (topics, criterion) of each tried.
pub fn choose_resolution(co: &Adjacency, k: Option<usize>) -> (f64, Vec<(usize, f64)>) {
    let Some(k) = k else {
        let a = communities(co, 1.0);
        let flat: Vec<usize> = a.iter().map(|x| x.map_or(usize::MAX, |v| v)).collect();
        let q = community::modularity(co, &community::renumber(&flat).0, 1.0);
        return (1.0, vec![(count_topics(&a), q)]);
    };
    let mut tried = Vec::new();
    let mut best: Option<(f64, f64)> = None;
    for &g in &FINAL_RESOLUTIONS {
        let kk = count_topics(&communities(co, g));
        // Too many topics can be merged down to k; too few cannot be split.
        let crit = if kk >= k {
            -(kk as f64 - k as f64)
        } else {
            -1000.0 * (k - kk) as f64
        };
        tried.push((kk, crit));
        if best.is_none_or(|(bc, _)| crit > bc) {
            best = Some((crit, g));
        }
    }
    (best.map_or(1.0, |b| b.1), tried)
}

/// Topics as communities of the relatedness graph, with an "Other" group last.
pub fn graph_topics(
    papers: &[Paper],
    vectors: &Vectors,
    graph: &Graph,
    opts: TopicOptions,
) -> Topics {
    let adj = graph.adjacency(papers, opts.list_order);
    // The graph's own adjacency is the largest variant; the smaller ones are its parts.
    let parts: Vec<Adjacency> = CONSENSUS_NEIGHBOURS
        .iter()
        .filter(|&&k| k < graph.k)
        .map(|&k| graph.nearest(k).adjacency(papers, opts.list_order))
        .collect();
    let refs: Vec<&Adjacency> = parts.iter().chain([&adj]).collect();
    let co = community::co_association(&adj, &refs, &RESOLUTIONS, CONSENSUS_ORDERS);
    let (gamma, tried) = match opts.resolution {
        Some(g) => (g, Vec::new()),
        None => choose_resolution(&co, opts.k),
    };
    let a = communities(&co, gamma);
    let (assign, k, other) = with_other(graph, &adj, a, opts.k);
    let x = vector::features(papers, vectors, 0.0);
    let clustering = from_assignment(&x, assign, k);
    let mut t = build_topics(
        papers,
        &x,
        clustering,
        other,
        opts.k.is_none(),
        tried,
        Some(&adj),
    );
    t.resolution = Some(gamma);
    t
}

/// Merge the smallest topic into the topic it has most edge weight to, until `k` are left.
pub(super) fn merge_down(adj: &Adjacency, a: &mut [Option<usize>], k: usize) {
    while count_topics(a) > k {
        let mut size: std::collections::BTreeMap<usize, usize> = Default::default();
        for &c in a.iter().flatten() {
            *size.entry(c).or_insert(0) += 1;
        }
        let Some((&small, _)) = size.iter().min_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0))) else {
            return;
        };
        let mut ties: std::collections::BTreeMap<usize, f64> = Default::default();
        for (i, row) in adj.iter().enumerate() {
            if a[i] != Some(small) {
                continue;
            }
            for &(j, w) in row {
                if let Some(c) = a[j].filter(|&c| c != small) {
                    *ties.entry(c).or_insert(0.0) += w;
                }
            }
        }
        // No edge out: the next smallest topic takes it.
        let into = ties
            .iter()
            .max_by(|x, y| x.1.total_cmp(y.1).then(y.0.cmp(x.0)))
            .map(|(&c, _)| c)
            .or_else(|| size.keys().copied().find(|&c| c != small));
        let Some(into) = into else { return };
        for x in a.iter_mut() {
            if *x == Some(small) {
                *x = Some(into);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph of `n` nodes, each joined to `per` others drawn from a seeded generator,
    /// with weights in (0, 1], symmetric.
    fn random_graph(n: usize, per: usize, seed: u64) -> Adjacency {
        let mut rng = crate::rng::Rng::new(seed);
        let mut adj: Adjacency = vec![Vec::new(); n];
        for i in 0..n {
            for _ in 0..per {
                let j = (rng.next_u64() % n as u64) as usize;
                let w = ((rng.next_u64() % 1000) + 1) as f64 / 1000.0;
                if i != j && !adj[i].iter().any(|&(x, _)| x == j) {
                    adj[i].push((j, w));
                    adj[j].push((i, w));
                }
            }
        }
        for row in &mut adj {
            row.sort_by_key(|x| x.0);
        }
        adj
    }

    #[test]
    fn the_final_clustering_keeps_the_best_modularity_of_its_orders() {
        let mut better = 0;
        for seed in 1..=12 {
            let adj = random_graph(120, 4, seed);
            let one = best_of_orders(&adj, 1.0, 1);
            assert_eq!(one, community::leiden(&adj, 1.0), "one order: index order");
            let best = best_of_orders(&adj, 1.0, FINAL_ORDERS);
            let q1 = community::modularity(&adj, &one, 1.0);
            let qb = community::modularity(&adj, &best, 1.0);
            assert!(qb >= q1 - 1e-9, "seed {seed}: {qb} < {q1}");
            if qb > q1 + 1e-9 {
                better += 1;
            }
            assert_eq!(
                best,
                best_of_orders(&adj, 1.0, FINAL_ORDERS),
                "the same answer every run"
            );
        }
        // On sparse random graphs one visiting order is rarely the best of ten.
        assert!(better > 0, "no graph where another order did better");
    }
}
