//! Measures of the answers that come as sets — topics, plans, suggestions, the map —
//! against hand labels or categories, next to plain k-means in the same run. The
//! pairwise rankings are measured in `rank::judged`; this module reads the answers
//! and computes numbers, and prints nothing.

pub mod labels;

use crate::index::Vectors;
use crate::topics::{kmeans, metrics};
use serde::Serialize;

/// Agreement of a clustering with the truth: adjusted mutual information (the
/// measure to read: it corrects for the number of clusters), NMI and ARI.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Agreement {
    pub ami: f64,
    pub nmi: f64,
    pub ari: f64,
}

/// How `assign` agrees with `truth` on the rows that have one.
pub fn agreement(assign: &[usize], rows: &[usize], truth: &[usize]) -> Agreement {
    let pred: Vec<usize> = rows.iter().map(|&i| assign[i]).collect();
    Agreement {
        ami: metrics::ami(&pred, truth),
        nmi: metrics::nmi(&pred, truth),
        ari: metrics::ari(&pred, truth),
    }
}

/// Plain k-means on the dense vectors with `k` clusters, the best of `restarts`
/// k-means++ runs for each of seeds 1..=5 (one run's AMI moves by about 0.01 with the
/// seed): each seed's assignment.
pub fn kmeans_runs(vectors: &Vectors, k: usize, restarts: usize) -> Vec<Vec<usize>> {
    let rows = vectors.rows();
    (1..=5)
        .map(|seed| kmeans::kmeans(&rows, k, seed, restarts).assign)
        .collect()
}

/// The mean agreement of `runs` with `truth`.
pub fn mean_agreement(runs: &[Vec<usize>], rows: &[usize], truth: &[usize]) -> Agreement {
    let n = runs.len().max(1) as f64;
    let mut m = Agreement::default();
    for run in runs {
        let a = agreement(run, rows, truth);
        m.ami += a.ami / n;
        m.nmi += a.nmi / n;
        m.ari += a.ari / n;
    }
    m
}
