//! Topics: the list clustered into named groups, a view of the relatedness graph.
//!
//! The default method ([`Method::Graph`]) reads the graph that `related` ranks with
//! ([`crate::rank::graph`]): Leiden communities of its weighted k-nearest-neighbour
//! edges, joined (for curated markdown lists) by edges between papers a few entries
//! apart under one heading. Communities too small to be a topic, and papers with no
//! strong neighbour, go to one last group, "Other", capped at [`OTHER_SHARE`] of the
//! list. The resolution is chosen by a stated criterion ([`choose_resolution`]) unless
//! given (`consensus`). The vector method ([`Method::Ward`], the default for lists with
//! abstracts) clusters the papers' vectors by Ward's linkage refined by k-means
//! (`vector`). Both send small groups and papers with no strong neighbour to one Other
//! group (`other`). Every paper gets a topic; papers that fit only loosely are flagged
//! weak. Names come from phrases of the members ([`label`]).

pub mod cache;
mod closest;
pub mod community;
mod consensus;
pub mod kmeans;
pub mod label;
pub mod labels;
pub mod metrics;
mod other;
mod vector;
pub mod ward;

pub use closest::{closest_topic, TopicFinder};
pub use consensus::{choose_resolution, graph_topics};
pub use other::{MIN_TOPIC_SIZE, OTHER_BEST_SHARE, OTHER_LABEL, OTHER_SHARE};
pub use vector::{centres_vectors, features, k_bounds, vector_topics, WARD_LIMIT};

use crate::corpus::paper::short_title;
use crate::corpus::{Format, Paper};
use crate::embed::{dot, normalize};
use crate::index::Vectors;
use crate::rank::graph::{Adjacency, Graph, ListOrder};
use serde::{Deserialize, Serialize};

/// Edges from the order of a curated markdown list: entries up to three apart under
/// one heading (see docs/topics.md for the measurements behind the numbers).
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

/// A member is weak when it is this close (simplified silhouette) to another topic…
const WEAK_MARGIN: f32 = 0.02;
/// …or when its cosine to its own topic's centre is below this.
const WEAK_COSINE: f32 = 0.3;
/// Graph method: a member is weak when less than this share of its edge weight stays in its topic.
const WEAK_TIE_SHARE: f64 = 0.4;
/// Characters of the central paper's title that name a topic no shared term labels.
const UNLABELLED_NAME: usize = 40;

/// The label of a topic no term of two members names: `around "NAME"`, NAME its most
/// central paper's short title.
pub fn around_label(name: &str) -> String {
    format!("around \"{name}\"")
}

/// The NAME of an [`around_label`], for a reader in another language.
pub fn around_name(label: &str) -> Option<&str> {
    label.strip_prefix("around \"")?.strip_suffix('"')
}

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
    /// Leiden resolution of the graph method; `None` chooses it.
    pub resolution: Option<f64>,
    /// Edges from the list's order (curated markdown lists); `None` for dumps.
    pub list_order: Option<ListOrder>,
}

impl TopicOptions {
    /// The defaults for a list of this format. A markdown list (or a bookmarks export,
    /// whose folders the user orders, or a workbook's sheet: the seed list as a sheet gives
    /// the markdown list's topics, AMI 0.354, where Ward gives 0.234 and the graph without
    /// the order 0.280) is curated: graph communities with list-order edges. A JSONL/CSV/BibTeX dump is in no meaningful
    /// order and mostly abstracts, where the hybrid score's lexical part splits broad
    /// subjects by vocabulary (docs/topics.md: arXiv 10k AMI 0.297 graph, 0.335
    /// refined Ward, 0.332 plain k-means at Ward's k), so it takes refined Ward.
    pub fn for_format(format: Format) -> TopicOptions {
        let curated = format.keeps_order();
        // A folder of notes is a person's own collection, as a list is, in the alphabet's
        // order: the graph's communities without list-order edges (on the seed list kept
        // as notes, AMI 0.276 / 0.290 with and without folders, against Ward's 0.234;
        // alphabetical neighbours as list order: 0.221).
        let graph = curated || format == Format::Notes;
        TopicOptions {
            list_order: curated.then_some(LIST_ORDER),
            method: if graph { Method::Graph } else { Method::Ward },
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
    /// Leiden resolution used (graph method).
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
    /// The label of topic `id` (1-based), empty for no such topic.
    pub fn label_of(&self, id: usize) -> String {
        self.topics
            .get(id.wrapping_sub(1))
            .map(|t| t.label.clone())
            .unwrap_or_default()
    }
    /// The topic of paper `i`.
    pub fn topic_of(&self, i: usize) -> Option<&Topic> {
        self.assign
            .get(i)
            .and_then(|&t| self.topics.get(t.wrapping_sub(1)))
    }
}

#[cfg(test)]
impl Topics {
    /// Every paper of `list` in one topic, "Other" when `other` (its members weak): a
    /// fixture for tests of what reads topics.
    pub(crate) fn one(list: &[Paper], label: &str, other: bool) -> Topics {
        let topic = Topic {
            id: 1,
            label: label.into(),
            keywords: Vec::new(),
            size: list.len(),
            central: String::new(),
            papers: list
                .iter()
                .enumerate()
                .map(|(i, p)| Member {
                    index: i,
                    id: p.id.clone(),
                    title: p.title.clone(),
                    score: 0.0,
                    weak: other,
                })
                .collect(),
            other,
        };
        Topics {
            k: 1,
            auto_k: true,
            tried: Vec::new(),
            topics: vec![topic],
            resolution: None,
            assign: vec![1; list.len()],
        }
    }
}

/// Unit centroids of a given assignment.
pub(crate) fn from_assignment(x: &[Vec<f32>], assign: Vec<usize>, k: usize) -> kmeans::Clustering {
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

pub(crate) fn build_topics(
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
            } else if kw.is_empty() {
                // No term two members share (a handful of papers): named after its
                // most central paper rather than left blank.
                let central = members.first().map_or("", |m| m.title.as_str());
                around_label(&short_title(central, UNLABELLED_NAME))
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
