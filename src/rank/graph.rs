//! The relatedness graph of a list: each paper joined to its nearest papers by the
//! hybrid score that `related` ranks with (dense + lexical + names, hubness-corrected).
//!
//! It is the one representation that topics, plans, the cold start, coverage and the
//! map read, so they all agree with `related`. Edges are symmetrised (an edge exists
//! when either paper has the other among its neighbours) and weighted by the score.
//! Optionally the list's own order joins in: papers a few entries apart under the
//! same heading of a curated markdown list get an edge ([`ListOrder`]).

use super::hybrid::{Engine, Weights};
use crate::corpus::Paper;
use rayon::prelude::*;

/// Edges from the list's order: entries at most `window` apart under one heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ListOrder {
    /// How many entries apart two papers may be.
    pub window: usize,
    /// Weight of such an edge for adjacent entries (falls linearly to the window's end).
    pub weight: f64,
}

impl ListOrder {
    /// The same neighbours in the list at another weight (what a plan or `suggest`
    /// gives the order the topics use).
    pub fn with_weight(self, weight: f64) -> ListOrder {
        ListOrder { weight, ..self }
    }
}

/// The directed k-nearest-neighbour lists of every paper.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Neighbours kept per paper.
    pub k: usize,
    /// Per paper: (neighbour, hybrid score), best first; never the paper itself.
    pub knn: Vec<Vec<(usize, f32)>>,
}

/// The weight of an edge whose hybrid score is this low or negative (still a neighbour).
pub const MIN_EDGE: f64 = 0.01;

/// A symmetric weighted graph: per node, (neighbour, weight) sorted by neighbour.
pub type Adjacency = Vec<Vec<(usize, f64)>>;

impl Graph {
    /// The `k` nearest papers of each paper by [`Weights::RELATED`] — each row what
    /// `related` answers — computed in parallel (each row is independent, so the result
    /// does not depend on threads). Every paper's dense candidates come from one blocked
    /// product of all vectors ([`super::nearest`]), exactly those of `related`'s scan.
    pub fn build(engine: &Engine<'_>, k: usize) -> Graph {
        let n = engine.index.papers.len();
        let dense = super::nearest::nearest(&engine.index.vectors, engine.dense_candidates(k));
        let knn = (0..n)
            .into_par_iter()
            .map(|i| {
                engine
                    .related_among(i, k, Weights::RELATED, dense.row(i))
                    .map(|hits| hits.into_iter().map(|h| (h.index, h.score)).collect())
                    .unwrap_or_default()
            })
            .collect();
        Graph { k, knn }
    }

    /// The same graph with each paper's `k` nearest neighbours only (all it has when
    /// `k` is more).
    pub fn nearest(&self, k: usize) -> Graph {
        Graph {
            k: k.min(self.k),
            knn: self
                .knn
                .iter()
                .map(|row| row.iter().take(k).copied().collect())
                .collect(),
        }
    }

    /// Number of papers.
    pub fn len(&self) -> usize {
        self.knn.len()
    }

    /// Whether the graph has no papers.
    pub fn is_empty(&self) -> bool {
        self.knn.is_empty()
    }

    /// The hybrid score of `b` as a neighbour of `a`, if it is one.
    pub fn score(&self, a: usize, b: usize) -> Option<f32> {
        self.knn
            .get(a)?
            .iter()
            .find(|(j, _)| *j == b)
            .map(|&(_, s)| s)
    }

    /// Symmetric edge weights: the hybrid score of each k-nearest-neighbour pair (the
    /// larger of its two directions, at least [`MIN_EDGE`]), with list-order edges
    /// added when `order` is given.
    pub fn adjacency(&self, papers: &[Paper], order: Option<ListOrder>) -> Adjacency {
        let n = self.len();
        let mut rows: Adjacency = vec![Vec::new(); n];
        for (i, row) in self.knn.iter().enumerate() {
            for &(j, s) in row {
                let w = f64::from(s).max(MIN_EDGE);
                rows[i].push((j, w));
                if let Some(back) = rows.get_mut(j) {
                    back.push((i, w));
                }
            }
        }
        // Sorted by neighbour; a pair listed twice (each paper among the other's
        // neighbours) keeps the larger weight.
        for row in &mut rows {
            crate::pairs::max_per_key(row, f64::max);
        }
        if let Some(o) = order {
            let mut add = |a: usize, b: usize, w: f64| {
                let row = &mut rows[a];
                match row.binary_search_by_key(&b, |e| e.0) {
                    Ok(at) => row[at].1 += w,
                    Err(at) => row.insert(at, (b, w)),
                }
            };
            for (i, j, w) in order_edges(papers, o) {
                add(i, j, w);
                add(j, i, w);
            }
        }
        rows
    }
}

/// Pairs of papers at most `o.window` entries apart under the same heading, with the
/// weight of their edge (full for neighbours in the list, falling to the window's end).
pub fn order_edges(papers: &[Paper], o: ListOrder) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    if o.window == 0 || o.weight <= 0.0 {
        return out;
    }
    // Papers are in list order; only those with a source line take part.
    let mut by_line: Vec<usize> = (0..papers.len())
        .filter(|&i| papers[i].first_line() > 0)
        .collect();
    by_line.sort_by_key(|&i| papers[i].first_line());
    for (a, &i) in by_line.iter().enumerate() {
        for (d, &j) in by_line.iter().enumerate().skip(a + 1).take(o.window) {
            if papers[i].heading != papers[j].heading {
                break;
            }
            let gap = (d - a) as f64;
            let w = o.weight * (1.0 - (gap - 1.0) / o.window as f64);
            out.push((i, j, w));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(title: &str, line: usize, heading: Option<&str>) -> Paper {
        Paper {
            id: title.into(),
            title: title.into(),
            heading: heading.map(str::to_string),
            lines: vec![line],
            ..Default::default()
        }
    }

    #[test]
    fn adjacency_is_symmetric_keeps_the_larger_weight_and_adds_order_edges() {
        // The straightforward construction (one ordered map per paper) as the reference.
        let papers: Vec<Paper> = (0..40)
            .map(|i| {
                paper(
                    &format!("p{i}"),
                    10 + i,
                    Some(if i < 25 { "a" } else { "b" }),
                )
            })
            .collect();
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let knn: Vec<Vec<(usize, f32)>> = (0..40)
            .map(|i| {
                let mut row: Vec<(usize, f32)> = Vec::new();
                while row.len() < 5 {
                    let j = next() % 40;
                    if j != i && !row.iter().any(|e| e.0 == j) {
                        row.push((j, (next() % 1000) as f32 / 700.0 - 0.2));
                    }
                }
                row
            })
            .collect();
        let g = Graph { k: 5, knn };
        let order = ListOrder {
            window: 3,
            weight: 0.5,
        };
        let mut want: Vec<std::collections::BTreeMap<usize, f64>> = vec![Default::default(); 40];
        for (i, row) in g.knn.iter().enumerate() {
            for &(j, s) in row {
                let w = f64::from(s).max(MIN_EDGE);
                for (a, b) in [(i, j), (j, i)] {
                    let e = want[a].entry(b).or_insert(0.0);
                    *e = e.max(w);
                }
            }
        }
        for (i, j, w) in order_edges(&papers, order) {
            *want[i].entry(j).or_insert(0.0) += w;
            *want[j].entry(i).or_insert(0.0) += w;
        }
        let want: Adjacency = want.into_iter().map(|m| m.into_iter().collect()).collect();
        assert_eq!(g.adjacency(&papers, Some(order)), want);
    }

    #[test]
    fn order_edges_stay_under_one_heading_and_fade_with_distance() {
        let papers = vec![
            paper("a", 1, None),
            paper("b", 2, None),
            paper("c", 3, None),
            paper("d", 10, Some("Old")),
        ];
        let e = order_edges(
            &papers,
            ListOrder {
                window: 2,
                weight: 1.0,
            },
        );
        assert_eq!(e, vec![(0, 1, 1.0), (0, 2, 0.5), (1, 2, 1.0)]);
    }

    #[test]
    fn adjacency_is_symmetric_and_keeps_the_stronger_direction() {
        let g = Graph {
            k: 2,
            knn: vec![
                vec![(1, 0.9), (2, 0.5)],
                vec![(0, 0.9), (2, 0.4)],
                vec![(0, 0.5), (1, 0.4)],
            ],
        };
        let adj = g.adjacency(&[], None);
        for (i, row) in adj.iter().enumerate() {
            for &(j, w) in row {
                let back = adj[j].iter().find(|(x, _)| *x == i).unwrap().1;
                assert!((w - back).abs() < 1e-12);
                assert!(w >= MIN_EDGE);
            }
        }
        assert_eq!(adj[0], vec![(1, f64::from(0.9f32)), (2, f64::from(0.5f32))]);
        assert_eq!(adj[2], vec![(0, f64::from(0.5f32)), (1, f64::from(0.4f32))]);
    }
}
