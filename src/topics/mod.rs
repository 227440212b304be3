//! Topics: the list clustered into named groups.
//!
//! Each paper is represented by its MiniLM vector centred on the list's mean (what
//! every paper shares says nothing about its topic), optionally joined with a hashed
//! tf-idf vector of its words ([`TopicOptions::lexical_weight`], off by default: it did
//! not help on the measurements in the README). Ward's hierarchical clustering groups them (seeded
//! spherical k-means above 12,000 papers). The number of topics, unless forced, lies
//! between bounds that grow with the list (√n/2 to 1.5·√n) and is where the dendrogram
//! has its largest relative jump in merge height (k-means: the best silhouette). Every paper gets a
//! topic; papers that sit almost as close to another topic, or far from their own, are
//! flagged weak. Names come from class-based tf-idf ([`label`]).

pub mod kmeans;
pub mod label;
pub mod metrics;
pub mod ward;

use crate::corpus::Paper;
use crate::embed::{dot, normalize};
use crate::index::Vectors;
use crate::lexical::Lexical;
use crate::rank::hybrid::{paper_fields, LEXICAL_CONFIG};
use serde::Serialize;

/// Buckets of the hashed tf-idf part of a paper's features.
const HASH_DIM: usize = 256;
/// A member is weak when it is this close (simplified silhouette) to another topic…
const WEAK_MARGIN: f32 = 0.02;
/// …or when its cosine to its own topic's centre is below this.
const WEAK_COSINE: f32 = 0.3;

/// How to cluster.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopicOptions {
    /// Number of topics; `None` chooses it.
    pub k: Option<usize>,
    /// Seed of the k-means++ starts.
    pub seed: u64,
    /// Weight of the hashed tf-idf part of the features (0: meaning only).
    pub lexical_weight: f32,
    /// k-means restarts (the best is kept).
    pub restarts: usize,
}

impl Default for TopicOptions {
    fn default() -> Self {
        TopicOptions {
            k: None,
            seed: 42,
            lexical_weight: 0.0,
            restarts: 4,
        }
    }
}

/// One member of a topic.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Position of the paper in the list.
    #[serde(skip)]
    pub index: usize,
    pub id: String,
    pub title: String,
    /// Cosine to the topic's centre.
    pub score: f32,
    /// Fits this topic only loosely (close to another topic, or far from every one).
    pub weak: bool,
}

/// One topic.
#[derive(Debug, Clone, Serialize)]
pub struct Topic {
    /// 1-based, biggest topic first.
    pub id: usize,
    /// Short name: the top keywords.
    pub label: String,
    pub keywords: Vec<String>,
    pub size: usize,
    /// The most central paper.
    pub central: String,
    /// Members, most central first.
    pub papers: Vec<Member>,
}

/// A clustering of a list into topics.
#[derive(Debug, Clone, Serialize)]
pub struct Topics {
    pub k: usize,
    /// Whether k was chosen automatically.
    pub auto_k: bool,
    /// The criterion of each k tried: (k, value); the largest wins. For Ward, the
    /// relative jump in merge height above k clusters; for k-means, the silhouette.
    pub tried: Vec<(usize, f64)>,
    pub topics: Vec<Topic>,
    /// Topic id (1-based) of each paper, in list order.
    #[serde(skip)]
    pub assign: Vec<usize>,
}

/// Up to this many papers, topics come from Ward's hierarchical clustering (exact,
/// deterministic, stable when papers are added); above it, from k-means.
const WARD_LIMIT: usize = 12_000;

/// Unit centroids of a given assignment.
fn from_assignment(x: &[Vec<f32>], assign: Vec<usize>, k: usize) -> kmeans::Clustering {
    let dim = x.first().map_or(0, Vec::len);
    let mut centroids = vec![vec![0f32; dim]; k];
    for (p, &c) in x.iter().zip(&assign) {
        for (s, v) in centroids[c].iter_mut().zip(p) {
            *s += v;
        }
    }
    for c in &mut centroids {
        normalize(c);
    }
    let objective = x
        .iter()
        .zip(&assign)
        .map(|(p, &c)| dot(p, &centroids[c]) as f64)
        .sum();
    kmeans::Clustering {
        assign,
        centroids,
        objective,
    }
}

/// Papers the silhouette is measured on, at most.
const SILHOUETTE_SAMPLE: usize = 1000;
/// Values of k tried, at most.
const K_TRIES: usize = 16;

/// The k values tried between `lo` and `hi`: all of them, or evenly spread.
fn k_grid(lo: usize, hi: usize) -> Vec<usize> {
    if hi - lo < K_TRIES {
        return (lo..=hi).collect();
    }
    let mut ks: Vec<usize> = (0..K_TRIES)
        .map(|i| lo + (hi - lo) * i / (K_TRIES - 1))
        .collect();
    ks.dedup();
    ks
}

/// Bounds of the automatic number of topics for `n` papers.
pub fn k_bounds(n: usize) -> (usize, usize) {
    let r = (n as f64).sqrt();
    let lo = ((r / 2.0).round() as usize).max(2);
    let hi = ((r * 1.5).round() as usize).clamp(lo, 60);
    (lo.min(n.max(1)), hi.min(n.max(1)))
}

/// Features used for clustering: `[dense ; w · hashed tf-idf]`, normalised.
pub fn features(papers: &[Paper], vectors: &Vectors, lexical_weight: f32) -> Vec<Vec<f32>> {
    let docs: Vec<Vec<(&str, f32)>> = papers.iter().map(paper_fields).collect();
    let lex = (lexical_weight > 0.0).then(|| Lexical::with_config(&docs, LEXICAL_CONFIG));
    // Centre the vectors: what every paper of the list shares (here: "large language
    // models") says nothing about which topic a paper belongs to.
    let n = papers.len().max(1);
    let mut mean = vec![0f32; vectors.dimension];
    for i in 0..papers.len() {
        for (m, x) in mean.iter_mut().zip(vectors.row(i)) {
            *m += x / n as f32;
        }
    }
    (0..papers.len())
        .map(|i| {
            let mut f = vectors.row(i).to_vec();
            for (x, m) in f.iter_mut().zip(&mean) {
                *x -= m;
            }
            normalize(&mut f);
            if let Some(lex) = &lex {
                let mut h = lex.hashed(i, HASH_DIM);
                normalize(&mut h);
                f.extend(h.into_iter().map(|x| x * lexical_weight));
            }
            normalize(&mut f);
            f
        })
        .collect()
}

/// (b - a) / max(a, b) for one point, with a and b the cosine distances to its own
/// and the nearest other centroid (the simplified silhouette).
fn point_silhouette(p: &[f32], own: usize, centroids: &[Vec<f32>]) -> f32 {
    let a = 1.0 - dot(p, &centroids[own]);
    let b = centroids
        .iter()
        .enumerate()
        .filter(|(c, _)| *c != own)
        .map(|(_, m)| 1.0 - dot(p, m))
        .fold(f32::INFINITY, f32::min);
    if !b.is_finite() || a.max(b) <= 0.0 {
        0.0
    } else {
        (b - a) / a.max(b)
    }
}

/// Cluster `papers` (with their unit `vectors`) into named topics.
pub fn topics(papers: &[Paper], vectors: &Vectors, opts: TopicOptions) -> Topics {
    let n = papers.len();
    let x = features(papers, vectors, opts.lexical_weight);
    let (lo, hi) = k_bounds(n);
    let mut tried = Vec::new();
    let ward = (n <= WARD_LIMIT).then(|| ward::ward(&x));
    let cluster = |k: usize| -> kmeans::Clustering {
        match &ward {
            Some(d) => from_assignment(&x, d.cut(k), k),
            None => kmeans::kmeans(&x, k, opts.seed, opts.restarts),
        }
    };
    let clustering = match (opts.k, &ward) {
        (Some(k), _) => cluster(k.clamp(1, n.max(1))),
        (None, Some(d)) => {
            // Cut the dendrogram where the next merge would cost most relative to the one
            // before it (the largest relative jump in Ward height) within the bounds.
            let mut best = (f64::NEG_INFINITY, lo);
            for k in lo..=hi {
                let jump = d.height_above(k) / d.height_above(k + 1).max(1e-9);
                tried.push((k, jump));
                if jump > best.0 {
                    best = (jump, k);
                }
            }
            cluster(best.1)
        }
        (None, None) => {
            // k-means: the best silhouette on at most SILHOUETTE_SAMPLE evenly spaced papers.
            let step = n.div_ceil(SILHOUETTE_SAMPLE).max(1);
            let sample: Vec<usize> = (0..n).step_by(step).collect();
            let dist = kmeans::sample_distances(&x, &sample);
            let mut best: Option<(f64, kmeans::Clustering)> = None;
            for k in k_grid(lo, hi) {
                let c = kmeans::kmeans(&x, k, opts.seed, opts.restarts.min(2));
                let s = kmeans::silhouette(&dist, &c.assign, c.centroids.len(), &sample);
                tried.push((k, s));
                if best.as_ref().is_none_or(|(bs, _)| s > *bs) {
                    best = Some((s, c));
                }
            }
            match best {
                Some((_, c)) => cluster(c.centroids.len()),
                None => cluster(lo),
            }
        }
    };
    build_topics(papers, &x, clustering, opts.k.is_none(), tried)
}

fn build_topics(
    papers: &[Paper],
    x: &[Vec<f32>],
    c: kmeans::Clustering,
    auto_k: bool,
    tried: Vec<(usize, f64)>,
) -> Topics {
    let k = c.centroids.len();
    let keywords = label::keywords(papers, &c.assign, k, 6);
    let mut groups: Vec<Vec<Member>> = vec![Vec::new(); k];
    for (i, (p, &t)) in papers.iter().zip(&c.assign).enumerate() {
        let score = dot(&x[i], &c.centroids[t]);
        let sil = point_silhouette(&x[i], t, &c.centroids);
        groups[t].push(Member {
            index: i,
            id: p.id.clone(),
            title: p.title.clone(),
            score,
            weak: k > 1 && (sil < WEAK_MARGIN || score < WEAK_COSINE),
        });
    }
    let mut order: Vec<usize> = (0..k).filter(|&t| !groups[t].is_empty()).collect();
    order.sort_by_key(|&t| {
        (
            std::cmp::Reverse(groups[t].len()),
            groups[t].first().map_or(usize::MAX, |m| m.index),
        )
    });
    let mut assign = vec![0usize; papers.len()];
    let topics = order
        .iter()
        .enumerate()
        .map(|(rank, &t)| {
            let mut members = std::mem::take(&mut groups[t]);
            members.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
            for m in &members {
                assign[m.index] = rank + 1;
            }
            let kw = keywords[t].clone();
            Topic {
                id: rank + 1,
                label: kw.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                keywords: kw,
                size: members.len(),
                central: members.first().map(|m| m.title.clone()).unwrap_or_default(),
                papers: members,
            }
        })
        .collect();
    Topics {
        k,
        auto_k,
        tried,
        topics,
        assign,
    }
}
