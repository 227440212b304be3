//! The last group, "Other": topics too small to be one and papers with no strong
//! neighbour in the relatedness graph, capped at a share of the list; the same rule for
//! every clustering method.

use super::community;
use super::consensus::merge_down;
use crate::rank::graph::{Adjacency, Graph};

/// The largest share of the list the "Other" group may hold.
pub const OTHER_SHARE: f64 = 0.15;
/// A community smaller than this is not a topic: its papers go to "Other".
pub const MIN_TOPIC_SIZE: usize = 3;
/// A paper whose best neighbour scores below this share of the list's median best
/// neighbour has no strong neighbour and goes to "Other".
pub const OTHER_BEST_SHARE: f32 = 0.4;
/// The label of the last group.
pub const OTHER_LABEL: &str = "Other: one-off posts and unrelated research";

/// Each item's group, `None` for the groups of fewer than [`MIN_TOPIC_SIZE`] items.
pub(super) fn small_groups_out(groups: Vec<usize>) -> Vec<Option<usize>> {
    let k = groups.iter().copied().max().map_or(0, |m| m + 1);
    let mut size = vec![0usize; k];
    for &x in &groups {
        size[x] += 1;
    }
    groups
        .into_iter()
        .map(|x| (size[x] >= MIN_TOPIC_SIZE).then_some(x))
        .collect()
}

/// Topics (`None`: not in one) with the papers that have no strong neighbour, and the
/// topics of fewer than [`MIN_TOPIC_SIZE`], put into Other (at most [`cap_other`]
/// allows), merged down to `k` real topics when `k` is given. Returns each paper's group
/// (real topics `0..`, Other last), the number of groups, and Other's group if any.
pub(super) fn with_other(
    graph: &Graph,
    adj: &Adjacency,
    mut a: Vec<Option<usize>>,
    k: Option<usize>,
) -> (Vec<usize>, usize, Option<usize>) {
    let n = a.len();
    // Papers whose best neighbour is far weaker than a typical paper's best one have no
    // strong neighbour: they go to Other whatever community they landed in.
    let best: Vec<f32> = graph
        .knn
        .iter()
        .map(|r| r.first().map_or(f32::NEG_INFINITY, |x| x.1))
        .collect();
    let mut sorted: Vec<f32> = best.iter().copied().filter(|x| x.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    if let Some(&median) = sorted.get(sorted.len() / 2) {
        for (i, &b) in best.iter().enumerate() {
            if b < OTHER_BEST_SHARE * median {
                a[i] = None;
            }
        }
    }
    cap_other(adj, &mut a);
    if let Some(k) = k {
        merge_down(adj, &mut a, k.max(1));
    }
    // Topics numbered by first member; Other is the last slot.
    let flat: Vec<usize> = a.iter().map(|x| x.map_or(usize::MAX, |v| v)).collect();
    let (mut assign, mut k) = community::renumber(&flat);
    let other_slot = flat
        .iter()
        .position(|&v| v == usize::MAX)
        .map(|p| assign[p]);
    if let Some(slot) = other_slot {
        // Move Other to the last slot so real topics are 0..k-1.
        for x in &mut assign {
            if *x == slot {
                *x = k - 1;
            } else if *x > slot {
                *x -= 1;
            }
        }
    }
    if k == 0 {
        k = 1;
        assign = vec![0; n];
    }
    (assign, k, other_slot.map(|_| k - 1))
}

/// Keep Other within [`OTHER_SHARE`] of the list: its papers most tied to a real
/// topic join that topic first.
fn cap_other(adj: &Adjacency, a: &mut [Option<usize>]) {
    let n = a.len();
    let cap = (OTHER_SHARE * n as f64).floor() as usize;
    loop {
        let others: Vec<usize> = (0..n).filter(|&i| a[i].is_none()).collect();
        if others.len() <= cap {
            return;
        }
        // The Other paper with the strongest tie to a real topic, and that topic.
        let mut best: Option<(f64, usize, usize)> = None;
        for &i in &others {
            let mut w: std::collections::BTreeMap<usize, f64> = Default::default();
            for &(j, x) in &adj[i] {
                if let Some(c) = a[j] {
                    *w.entry(c).or_insert(0.0) += x;
                }
            }
            for (c, x) in w {
                if best.is_none_or(|(bx, _, _)| x > bx) {
                    best = Some((x, i, c));
                }
            }
        }
        match best {
            Some((_, i, c)) => a[i] = Some(c),
            None => return,
        }
    }
}
