//! Topics: the list clustered into named groups, a view of the relatedness graph.
//!
//! The default method ([`Method::Graph`]) reads the graph that `related` ranks with
//! ([`crate::rank::graph`]): Louvain communities of its weighted k-nearest-neighbour
//! edges, joined (for curated markdown lists) by edges between papers a few entries
//! apart under one heading. Communities too small to be a topic, and papers with no
//! strong neighbour, go to one last group, "Other", capped at [`OTHER_SHARE`] of the
//! list. The resolution is chosen by a stated criterion ([`choose_resolution`]) unless
//! given. The older vector method ([`Method::Ward`]) clusters MiniLM vectors centred
//! on the list's mean by Ward's linkage (seeded spherical k-means above 12,000
//! papers). Every paper gets a topic; papers that fit only loosely are flagged weak.
//! Names come from phrases of the members ([`label`]).

pub mod cache;
pub mod community;
pub mod kmeans;
pub mod label;
pub mod labels;
pub mod metrics;
pub mod ward;

use crate::corpus::{Format, Paper};
use crate::embed::{dot, normalize};
use crate::index::Vectors;
use crate::lexical::Lexical;
use crate::rank::graph::{Adjacency, Graph, ListOrder};
use crate::rank::hybrid::{paper_fields, LEXICAL_CONFIG};
use serde::{Deserialize, Serialize};

/// The largest share of the list the "Other" group may hold.
pub const OTHER_SHARE: f64 = 0.15;
/// A community smaller than this is not a topic: its papers go to "Other".
pub const MIN_TOPIC_SIZE: usize = 3;
/// A paper whose best neighbour scores below this share of the list's median best
/// neighbour has no strong neighbour and goes to "Other".
pub const OTHER_BEST_SHARE: f32 = 0.4;
/// The label of the last group.
pub const OTHER_LABEL: &str = "Other: one-off posts and unrelated research";

/// Edges from the order of a curated markdown list: entries up to three apart under
/// one heading (see README, "Topics", for the measurements behind the numbers).
pub const LIST_ORDER: ListOrder = ListOrder {
    window: 2,
    weight: 0.5,
};
/// Neighbours per paper in the relatedness graph topics are found on.
pub const GRAPH_NEIGHBOURS: usize = 10;

/// How topics are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Communities of the relatedness graph (the default).
    #[default]
    Graph,
    /// Ward's linkage on the paper vectors (centred for title lists), refined by
    /// k-means iterations (k-means alone above 12,000 papers).
    Ward,
}

/// Buckets of the hashed tf-idf part of a paper's features.
const HASH_DIM: usize = 256;
/// A member is weak when it is this close (simplified silhouette) to another topic…
const WEAK_MARGIN: f32 = 0.02;
/// …or when its cosine to its own topic's centre is below this.
const WEAK_COSINE: f32 = 0.3;
/// Graph method: a member is weak when less than this share of its edge weight stays in its topic.
const WEAK_TIE_SHARE: f64 = 0.4;

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
    /// How topics are found.
    pub method: Method,
    /// Louvain resolution of the graph method; `None` chooses it.
    pub resolution: Option<f64>,
    /// Edges from the list's order (curated markdown lists); `None` for dumps.
    pub list_order: Option<ListOrder>,
}

impl TopicOptions {
    /// The defaults for a list of this format. A markdown list is curated: graph
    /// communities with list-order edges. A JSONL/CSV/BibTeX dump is in no meaningful
    /// order and mostly abstracts, where the hybrid score's lexical part splits broad
    /// subjects by vocabulary (README, "Topic quality": arXiv 10k AMI 0.297 graph, 0.335
    /// refined Ward, 0.332 plain k-means at Ward's k), so it takes refined Ward.
    pub fn for_format(format: Format) -> TopicOptions {
        let markdown = format == Format::Markdown;
        TopicOptions {
            list_order: markdown.then_some(LIST_ORDER),
            method: if markdown {
                Method::Graph
            } else {
                Method::Ward
            },
            ..TopicOptions::default()
        }
    }
}

impl Default for TopicOptions {
    fn default() -> Self {
        TopicOptions {
            k: None,
            seed: 42,
            lexical_weight: 0.0,
            restarts: 4,
            method: Method::Graph,
            resolution: None,
            list_order: None,
        }
    }
}

/// One member of a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The last group: papers with no strong neighbours (never starts a plan or a cold start).
    pub other: bool,
}

/// A clustering of a list into topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topics {
    pub k: usize,
    /// Whether k was chosen automatically.
    pub auto_k: bool,
    /// The criterion of each k tried: (k, value); the largest wins. For Ward, the
    /// relative jump in merge height above k clusters; for k-means, the silhouette.
    pub tried: Vec<(usize, f64)>,
    pub topics: Vec<Topic>,
    /// Louvain resolution used (graph method).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub resolution: Option<f64>,
    /// Topic id (1-based) of each paper, in list order.
    #[serde(skip)]
    pub assign: Vec<usize>,
}

impl Topics {
    /// Whether paper `i` is in the "Other" group.
    pub fn is_other(&self, i: usize) -> bool {
        self.assign
            .get(i)
            .and_then(|&t| self.topics.get(t.wrapping_sub(1)))
            .is_some_and(|t| t.other)
    }
    /// Papers in the "Other" group.
    pub fn other_size(&self) -> usize {
        self.topics.iter().filter(|t| t.other).map(|t| t.size).sum()
    }
    /// The topic of paper `i`.
    pub fn topic_of(&self, i: usize) -> Option<&Topic> {
        self.assign
            .get(i)
            .and_then(|&t| self.topics.get(t.wrapping_sub(1)))
    }
}

/// Up to this many papers, topics come from Ward's hierarchical clustering (exact,
/// deterministic, stable when papers are added); above it, from k-means.
pub const WARD_LIMIT: usize = 12_000;
/// k-means (Lloyd) iterations at most from the centres of Ward's cut: Ward never moves a
/// paper out of a merge, the iterations move each to its closest centre (arXiv samples
/// of 10,000 and 5,000: AMI 0.317 / 0.351 → 0.335 / 0.372, level with plain k-means and
/// far more stable; README, "Topic quality").
const WARD_REFINE_ITERATIONS: usize = 100;

/// Members of a topic that count towards how close a text is to it.
const CLOSEST_MEMBERS: usize = 3;

/// The topic (never "Other") a text is closest to by meaning: the best mean cosine of
/// its [`CLOSEST_MEMBERS`] members nearest to the text's vector `qv`. Lets `suggest
/// --topic` take words in any language the model reads, not only a label's words.
pub fn closest_topic(topics: &Topics, vectors: &Vectors, qv: &[f32]) -> Option<usize> {
    let mut best: Option<(f32, usize)> = None;
    for t in topics.topics.iter().filter(|t| !t.other) {
        let mut sims: Vec<f32> = t
            .papers
            .iter()
            .map(|m| dot(qv, vectors.row(m.index)))
            .collect();
        sims.sort_by(|a, b| b.total_cmp(a));
        let top = &sims[..sims.len().min(CLOSEST_MEMBERS)];
        if top.is_empty() {
            continue;
        }
        let score = top.iter().sum::<f32>() / top.len() as f32;
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, t.id));
        }
    }
    best.map(|b| b.1)
}

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

/// The most topics chosen automatically (a table of contents longer than this is not read).
const MAX_AUTO_TOPICS: usize = 60;

/// Bounds of the automatic number of topics for `n` papers: √n / 2 to 1.5 √n, within
/// 2 to [`MAX_AUTO_TOPICS`].
pub fn k_bounds(n: usize) -> (usize, usize) {
    let r = (n as f64).sqrt();
    let lo = ((r / 2.0).round() as usize).clamp(2, MAX_AUTO_TOPICS);
    let hi = ((r * 1.5).round() as usize).clamp(lo, MAX_AUTO_TOPICS);
    (lo.min(n.max(1)), hi.min(n.max(1)))
}

/// Whether a list's vectors are centred before clustering: when fewer than half its
/// papers have an abstract. What every title of a title-only list shares ("large
/// language models") says nothing about which topic a paper belongs to (seed list, Ward:
/// AMI 0.240 centred, 0.202 not); on abstracts the centring cost topics (arXiv samples of
/// 10,000 and 5,000, refined Ward: 0.322 / 0.344 centred, 0.335 / 0.372 not). README,
/// "Topic quality".
pub fn centres_vectors(papers: &[Paper]) -> bool {
    papers.iter().filter(|p| p.has_abstract()).count() * 2 < papers.len()
}

/// Features used for clustering: `[dense ; w · hashed tf-idf]`, normalised; the dense
/// part centred when [`centres_vectors`] says so.
pub fn features(papers: &[Paper], vectors: &Vectors, lexical_weight: f32) -> Vec<Vec<f32>> {
    let docs: Vec<Vec<(&str, f32)>> = papers.iter().map(paper_fields).collect();
    let lex = (lexical_weight > 0.0).then(|| Lexical::with_config(&docs, LEXICAL_CONFIG));
    let centre = centres_vectors(papers);
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
            if centre {
                for (x, m) in f.iter_mut().zip(&mean) {
                    *x -= m;
                }
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

/// Cluster `papers` (with their unit `vectors` and relatedness `graph`) into named topics.
pub fn topics(papers: &[Paper], vectors: &Vectors, graph: &Graph, opts: TopicOptions) -> Topics {
    match opts.method {
        Method::Graph => graph_topics(papers, vectors, graph, opts),
        Method::Ward => vector_topics(papers, vectors, graph, opts),
    }
}

/// Topics by Ward's linkage, refined by k-means iterations (k-means alone above
/// [`WARD_LIMIT`]), of the papers' vectors; papers with no strong neighbour in the
/// relatedness `graph`, and clusters of fewer than [`MIN_TOPIC_SIZE`], go to Other, as
/// in [`graph_topics`].
pub fn vector_topics(
    papers: &[Paper],
    vectors: &Vectors,
    graph: &Graph,
    opts: TopicOptions,
) -> Topics {
    let n = papers.len();
    let x = features(papers, vectors, opts.lexical_weight);
    let (lo, hi) = k_bounds(n);
    let mut tried = Vec::new();
    let ward = (n <= WARD_LIMIT).then(|| ward::ward(&x));
    let cluster = |k: usize| -> kmeans::Clustering {
        match &ward {
            Some(d) => {
                let cut = from_assignment(&x, d.cut(k), k);
                kmeans::lloyd(&x, cut.centroids, WARD_REFINE_ITERATIONS)
            }
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
    let a = small_groups_out(clustering.assign);
    let adj = graph.adjacency(papers, None);
    let (assign, k, other) = with_other(graph, &adj, a, None);
    let clustering = from_assignment(&x, assign, k);
    build_topics(papers, &x, clustering, other, opts.k.is_none(), tried, None)
}

/// Resolutions of the Louvain runs the consensus is taken over.
const RESOLUTIONS: [f64; 7] = [0.6, 0.8, 1.0, 1.2, 1.5, 2.0, 2.5];
/// Visiting orders per resolution (index order, then seeded shuffles). Five keep the
/// most papers in their topic when papers are appended (seed list, dev: 92.5 % against
/// 88.1 % with three) at the same AMI; the counts tried are in the README.
const CONSENSUS_ORDERS: u64 = 5;

/// Communities of `adj` at `gamma`, with small ones marked as Other (`None`).
fn communities(adj: &Adjacency, gamma: f64) -> Vec<Option<usize>> {
    small_groups_out(community::louvain(adj, gamma))
}

/// Each item's group, `None` for the groups of fewer than [`MIN_TOPIC_SIZE`] items.
fn small_groups_out(groups: Vec<usize>) -> Vec<Option<usize>> {
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

/// Number of real topics (Other excluded) in an assignment.
fn count_topics(a: &[Option<usize>]) -> usize {
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
    let co = community::co_association(&adj, &RESOLUTIONS, CONSENSUS_ORDERS);
    let (gamma, tried) = match opts.resolution {
        Some(g) => (g, Vec::new()),
        None => choose_resolution(&co, opts.k),
    };
    let a = communities(&co, gamma);
    let (assign, k, other) = with_other(graph, &adj, a, opts.k);
    let x = features(papers, vectors, 0.0);
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

/// Topics (`None`: not in one) with the papers that have no strong neighbour, and the
/// topics of fewer than [`MIN_TOPIC_SIZE`], put into Other (at most [`cap_other`]
/// allows), merged down to `k` real topics when `k` is given. Returns each paper's group
/// (real topics `0..`, Other last), the number of groups, and Other's group if any.
fn with_other(
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

/// Merge the smallest topic into the topic it has most edge weight to, until `k` are left.
fn merge_down(adj: &Adjacency, a: &mut [Option<usize>], k: usize) {
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

fn build_topics(
    papers: &[Paper],
    x: &[Vec<f32>],
    c: kmeans::Clustering,
    other: Option<usize>,
    auto_k: bool,
    tried: Vec<(usize, f64)>,
    adj: Option<&Adjacency>,
) -> Topics {
    let k = c.centroids.len();
    let meaning = label::Meaning {
        vectors: x,
        centres: &c.centroids,
    };
    let keywords = label::keywords(papers, &c.assign, k, 6, Some(&meaning));
    let mut groups: Vec<Vec<Member>> = vec![Vec::new(); k];
    for (i, (p, &t)) in papers.iter().zip(&c.assign).enumerate() {
        let score = dot(&x[i], &c.centroids[t]);
        let weak = match adj {
            // Graph: most of the paper's edge weight leads out of its topic.
            Some(adj) => {
                let total: f64 = adj[i].iter().map(|&(_, w)| w).sum();
                let inside: f64 = adj[i]
                    .iter()
                    .filter(|&&(j, _)| c.assign[j] == t)
                    .map(|&(_, w)| w)
                    .sum();
                Some(t) == other || total <= 0.0 || inside / total < WEAK_TIE_SHARE
            }
            None => {
                let sil = point_silhouette(&x[i], t, &c.centroids);
                k > 1 && (sil < WEAK_MARGIN || score < WEAK_COSINE)
            }
        };
        groups[t].push(Member {
            index: i,
            id: p.id.clone(),
            title: p.title.clone(),
            score,
            weak,
        });
    }
    let mut order: Vec<usize> = (0..k).filter(|&t| !groups[t].is_empty()).collect();
    order.sort_by_key(|&t| {
        (
            Some(t) == other,
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
            let is_other = Some(t) == other;
            let kw = keywords[t].clone();
            let label = if is_other {
                OTHER_LABEL.to_string()
            } else {
                kw.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            };
            Topic {
                id: rank + 1,
                label,
                keywords: kw,
                size: members.len(),
                central: members.first().map(|m| m.title.clone()).unwrap_or_default(),
                papers: members,
                other: is_other,
            }
        })
        .collect();
    Topics {
        k,
        auto_k,
        tried,
        topics,
        resolution: None,
        assign,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_bounds_hold_for_every_list_size() {
        assert_eq!(k_bounds(250), (8, 24));
        assert_eq!(k_bounds(10_000), (50, 60));
        // 88,907 papers: √n / 2 = 149 would pass the upper bound (it panicked in clamp).
        assert_eq!(k_bounds(88_907), (60, 60));
        for n in [0, 1, 2, 3, 10, 14_400, 14_401, 1_000_000] {
            let (lo, hi) = k_bounds(n);
            assert!(lo <= hi && hi <= n.max(1), "{n}: {lo}..{hi}");
        }
    }

    /// Unit points around `groups` directions with noise, from a fixed generator.
    fn noisy_points(n: usize, dim: usize, groups: usize) -> Vec<Vec<f32>> {
        let mut rng = kmeans::Rng::new(11);
        (0..n)
            .map(|i| {
                let mut v: Vec<f32> = (0..dim)
                    .map(|d| {
                        let centre = if d == i % groups { 1.0 } else { 0.0 };
                        centre + 1.5 * rng.next_f64() as f32
                    })
                    .collect();
                normalize(&mut v);
                v
            })
            .collect()
    }

    #[test]
    fn refining_wards_cut_never_lowers_the_k_means_objective() {
        let x = noisy_points(300, 12, 6);
        let mut moved = 0;
        for k in [3, 6, 10] {
            let cut = from_assignment(&x, ward::ward(&x).cut(k), k);
            let refined = kmeans::lloyd(&x, cut.centroids.clone(), WARD_REFINE_ITERATIONS);
            assert!(
                refined.objective >= cut.objective - 1e-6,
                "k = {k}: {} < {}",
                refined.objective,
                cut.objective
            );
            assert_eq!(refined.centroids.len(), k);
            moved += refined
                .assign
                .iter()
                .zip(&cut.assign)
                .filter(|(a, b)| a != b)
                .count();
        }
        assert!(
            moved > 0,
            "the iterations move papers Ward's merges left astray"
        );
    }

    #[test]
    fn wards_topics_put_a_paper_with_no_strong_neighbour_in_other() {
        // Four groups of 20 papers, and one paper (the last) that nothing is close to.
        let mut x = noisy_points(80, 12, 4);
        // Every other point has positive coordinates: this one points away from them all.
        let mut lone = vec![-1f32; 12];
        normalize(&mut lone);
        x.push(lone);
        let n = x.len();
        let papers: Vec<Paper> = (0..n)
            .map(|i| Paper {
                id: format!("p{i}"),
                title: format!("paper {i}"),
                ..Default::default()
            })
            .collect();
        let vectors = Vectors::from_rows(12, &x);
        // The relatedness graph of cosines: each paper's 5 nearest.
        let knn = (0..n)
            .map(|i| {
                let mut row: Vec<(usize, f32)> = (0..n)
                    .filter(|&j| j != i)
                    .map(|j| (j, dot(&x[i], &x[j])))
                    .collect();
                row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                row.truncate(5);
                row
            })
            .collect();
        let graph = Graph { k: 5, knn };
        let opts = TopicOptions {
            method: Method::Ward,
            k: Some(4),
            ..TopicOptions::default()
        };
        let t = topics(&papers, &vectors, &graph, opts);
        assert!(t.is_other(n - 1), "{:?}", t.assign);
        let other = t.topics.iter().filter(|t| t.other).count();
        assert_eq!(other, 1);
        assert!((0..n - 1).filter(|&i| t.is_other(i)).count() <= n * 15 / 100);
        assert_eq!(
            t.topics.last().map(|t| t.other),
            Some(true),
            "Other comes last"
        );
    }

    #[test]
    fn title_lists_are_centred_and_abstract_lists_are_not() {
        let paper = |abs: Option<&str>| Paper {
            title: "t".into(),
            abstract_text: abs.map(|a| a.to_string()).into(),
            ..Default::default()
        };
        let titles: Vec<Paper> = (0..4).map(|_| paper(None)).collect();
        assert!(centres_vectors(&titles));
        let mut mixed = titles.clone();
        mixed[0] = paper(Some("an abstract"));
        mixed[1] = paper(Some("an abstract"));
        assert!(!centres_vectors(&mixed), "half with abstracts");
        mixed[1] = paper(None);
        assert!(centres_vectors(&mixed));
    }
}
