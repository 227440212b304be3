//! Next week's reading: a diverse set of unread papers that follow from what was read
//! lately (recent reads weigh more, likes add, dislikes push away), each with its
//! reason; a cold start takes the most central papers of the largest topics (never
//! "Other"), a family's root or else the earliest dated among the central ones. In a curated list, the papers its
//! author put next to a read one count as closer to it (the list-order edges topics use).

use super::history::ReadEntry;
use super::reason::{Basis, Reason};
use crate::corpus::date::{earliest_first_where_dated, shown_date};
use crate::embed::dot;
use crate::rank::graph::{order_edges, Graph, ListOrder};
use crate::rank::{Engine, Weights};
use crate::topics::Topics;
use serde::Serialize;

/// A read paper's weight halves every this many more recent reads.
pub const RECENCY_HALF_LIFE: f32 = 3.0;
/// How strongly a dislike pushes its neighbours away.
pub const DISLIKE_WEIGHT: f32 = 0.7;
/// Dense cosine above which two papers count as near-duplicates.
pub const NEAR_DUPLICATE: f32 = 0.92;
/// What a paper next to a read (or liked) one under the same heading adds to its
/// relevance, times that paper's share of the profile (two entries apart: half). On
/// the dev labels, `suggest` after two papers of each label (18 histories) puts the
/// history's label on 10 of 28 labelled suggestions without it and 10 of 23 with it
/// (after each two in turn, 61 histories: 0.31 → 0.41; the e5 index 0.30 → 0.48 and
/// 0.30 → 0.42); weights 0.25 and 1.0 in docs/suggestions.md.
pub const SUGGEST_ORDER_WEIGHT: f64 = 0.5;

/// The list-order edges `suggest` uses for a list whose topics use `topics_order`.
pub fn list_order(topics_order: Option<ListOrder>) -> Option<ListOrder> {
    topics_order.map(|o| o.with_weight(SUGGEST_ORDER_WEIGHT))
}

/// What to suggest.
#[derive(Debug, Clone, Default)]
pub struct SuggestOptions {
    pub count: usize,
    /// Papers liked (positions in the list): positive seeds.
    pub likes: Vec<usize>,
    /// Papers disliked: negative seeds, never suggested.
    pub dislikes: Vec<usize>,
    /// Only suggest from this topic (1-based id).
    pub topic: Option<usize>,
    /// Trade-off of maximal marginal relevance: 0 = relevance only, 1 = diversity only.
    pub diversity: f32,
    /// The list's order as evidence (a curated list; [`list_order`]); `None` for dumps.
    pub list_order: Option<ListOrder>,
}

/// One suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    #[serde(skip)]
    pub index: usize,
    pub id: String,
    pub title: String,
    pub url: String,
    pub score: f32,
    /// Why: the read or liked paper it follows from, the shared terms, the topic.
    pub because: Vec<String>,
    /// The same reasons as data (for other languages).
    #[serde(skip)]
    pub reasons: Vec<Reason>,
    /// Ids of the read or liked papers it follows from.
    pub follows: Vec<String>,
    /// Its topic's label.
    pub topic: String,
    /// Null when neither the list nor an arXiv id dates it (as the README's schema says).
    pub date: Option<String>,
    pub lines: Vec<usize>,
    /// The pool file it comes from (`suggest --pool`; absent for the list's papers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
}

/// A seed of the profile: a paper and its weight (negative for dislikes).
#[derive(Debug, Clone, Copy)]
pub struct Seed {
    pub index: usize,
    pub weight: f32,
    pub liked: bool,
}

/// Seeds from what was read (recent first by date, then by order recorded) and likes.
pub fn seeds(read: &[ReadEntry], likes: &[usize]) -> Vec<Seed> {
    // Undated reads (checked list items, undated lines) count as the oldest, in order.
    let mut order: Vec<usize> = (0..read.len()).collect();
    order.sort_by(|&a, &b| {
        read[a]
            .date
            .is_some()
            .cmp(&read[b].date.is_some())
            .then(read[a].date.cmp(&read[b].date))
            .then(a.cmp(&b))
    });
    let n = order.len();
    let mut out: Vec<Seed> = order
        .iter()
        .enumerate()
        .map(|(pos, &r)| Seed {
            index: read[r].index,
            weight: 0.5f32.powf((n - 1 - pos) as f32 / RECENCY_HALF_LIFE),
            liked: false,
        })
        .collect();
    for &l in likes {
        match out.iter_mut().find(|s| s.index == l) {
            Some(s) => {
                s.weight = 1.0;
                s.liked = true;
            }
            None => out.push(Seed {
                index: l,
                weight: 1.0,
                liked: true,
            }),
        }
    }
    out
}

/// Relevance of every paper to the profile, and each paper's strongest positive seed.
pub fn relevance(
    engine: &Engine<'_>,
    seeds: &[Seed],
    dislikes: &[usize],
) -> (Vec<f32>, Vec<Option<usize>>) {
    relevance_with(engine, seeds, dislikes, Weights::RELATED)
}

/// As [`relevance`], with the similarity of weights `w`.
pub fn relevance_with(
    engine: &Engine<'_>,
    seeds: &[Seed],
    dislikes: &[usize],
    w: Weights,
) -> (Vec<f32>, Vec<Option<usize>>) {
    let n = engine.index.papers.len();
    let mut rel = vec![0f32; n];
    let mut best: Vec<(f32, Option<usize>)> = vec![(f32::NEG_INFINITY, None); n];
    let total: f32 = seeds
        .iter()
        .map(|s| s.weight)
        .sum::<f32>()
        .max(f32::EPSILON);
    for s in seeds {
        let row = engine.similarity_row(s.index, w);
        for j in 0..n {
            let c = s.weight * row[j];
            rel[j] += c / total;
            if c > best[j].0 {
                best[j] = (c, Some(s.index));
            }
        }
    }
    for &d in dislikes {
        let row = engine.similarity_row(d, w);
        for j in 0..n {
            rel[j] -= DISLIKE_WEIGHT * row[j].max(0.0);
        }
    }
    (rel, best.into_iter().map(|b| b.1).collect())
}

fn near_duplicate(engine: &Engine<'_>, a: usize, b: usize) -> bool {
    let cos = dot(engine.index.vectors.row(a), engine.index.vectors.row(b));
    engine.dense_scale.apply(cos) >= NEAR_DUPLICATE
}

/// Pick `count` papers from `candidates` by maximal marginal relevance, never two
/// near-duplicates together nor a near-duplicate of something in `seen`.
pub fn pick_diverse(
    engine: &Engine<'_>,
    rel: &[f32],
    candidates: &[usize],
    seen: &[usize],
    count: usize,
    diversity: f32,
) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut pool: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&j| !seen.iter().any(|&s| near_duplicate(engine, s, j)))
        .collect();
    let mut redundancy = vec![f32::NEG_INFINITY; engine.index.papers.len()];
    while chosen.len() < count && !pool.is_empty() {
        let score = |j: usize| {
            let red = if chosen.is_empty() {
                0.0
            } else {
                redundancy[j]
            };
            (1.0 - diversity) * rel[j] - diversity * red
        };
        let (pos, &j) = match pool
            .iter()
            .enumerate()
            .max_by(|a, b| score(*a.1).total_cmp(&score(*b.1)).then(b.1.cmp(a.1)))
        {
            Some(x) => x,
            None => break,
        };
        pool.swap_remove(pos);
        chosen.push(j);
        let row = engine.similarity_row(j, Weights::RELATED);
        for &p in &pool {
            redundancy[p] = redundancy[p].max(row[p]);
        }
        pool.retain(|&p| !near_duplicate(engine, j, p));
        pool.sort_unstable();
    }
    chosen
}

/// Next reading given what was read.
pub fn suggest(
    engine: &Engine<'_>,
    graph: &Graph,
    read: &[ReadEntry],
    topics: &Topics,
    opts: &SuggestOptions,
) -> Vec<Suggestion> {
    let n = engine.index.papers.len();
    let read_idx: Vec<usize> = read.iter().map(|r| r.index).collect();
    let excluded =
        |j: &usize| read_idx.contains(j) || opts.likes.contains(j) || opts.dislikes.contains(j);
    let in_topic = |j: &usize| opts.topic.is_none_or(|t| topics.assign.get(*j) == Some(&t));
    let candidates: Vec<usize> = (0..n).filter(|j| !excluded(j) && in_topic(j)).collect();
    let seeds = seeds(read, &opts.likes);
    if seeds.is_empty() {
        return cold_start(engine, graph, topics, &candidates, opts.count);
    }
    let (mut rel, best_seed) = relevance(engine, &seeds, &opts.dislikes);
    let listed_near = add_list_neighbours(engine, &seeds, opts.list_order, &mut rel);
    let seen: Vec<usize> = read_idx.iter().chain(&opts.likes).copied().collect();
    let chosen = pick_diverse(engine, &rel, &candidates, &seen, opts.count, opts.diversity);
    chosen
        .into_iter()
        .map(|j| {
            let mut because = Vec::new();
            let mut follows = Vec::new();
            if let Some(s) = best_seed[j] {
                let seed = seeds.iter().find(|x| x.index == s);
                let liked = seed.is_some_and(|x| x.liked);
                because.push(Reason::Follows {
                    title: engine.index.papers[s].title.clone(),
                    from: if liked {
                        Basis::Liked
                    } else {
                        Basis::of(read, s, false)
                    },
                });
                follows.push(engine.index.papers[s].id.clone());
                if let Some(&near) = listed_near.get(&j) {
                    because.push(Reason::ListedNear(
                        (near != s).then(|| engine.index.papers[near].title.clone()),
                    ));
                }
                let words = engine.shared_words(s, j, 3);
                if !words.is_empty() {
                    because.push(Reason::SharedTerms(words));
                }
                // "Other" is no subject a suggestion could share or belong to.
                let in_other = topics
                    .assign
                    .get(j)
                    .and_then(|&t| topics.topics.get(t.wrapping_sub(1)))
                    .is_none_or(|t| t.other);
                if !in_other {
                    because.push(if topics.assign.get(s) == topics.assign.get(j) {
                        Reason::SameTopic(topic_label(topics, j))
                    } else {
                        Reason::Topic(topic_label(topics, j))
                    });
                }
            }
            suggestion(engine, topics, j, rel[j], because, follows)
        })
        .collect()
}

/// Add to `rel` what the list's order says: each paper next to a read or liked one
/// gains that seed's share of the profile times the edge's weight. Returns, per
/// paper lifted, the seed it is listed nearest to.
fn add_list_neighbours(
    engine: &Engine<'_>,
    seeds: &[Seed],
    order: Option<ListOrder>,
    rel: &mut [f32],
) -> std::collections::HashMap<usize, usize> {
    let Some(order) = order else {
        return Default::default();
    };
    let mut near: std::collections::HashMap<usize, (f64, usize)> = Default::default();
    let total: f32 = seeds
        .iter()
        .map(|s| s.weight)
        .sum::<f32>()
        .max(f32::EPSILON);
    for (a, b, w) in order_edges(&engine.index.papers, order) {
        for s in seeds {
            let other = if s.index == a {
                b
            } else if s.index == b {
                a
            } else {
                continue;
            };
            if let Some(r) = rel.get_mut(other) {
                *r += s.weight * w as f32 / total;
            }
            let e = near.entry(other).or_insert((w, s.index));
            if w > e.0 {
                *e = (w, s.index);
            }
        }
    }
    near.into_iter().map(|(j, (_, s))| (j, s)).collect()
}

/// The label of paper `j`'s topic.
pub fn topic_label(topics: &Topics, j: usize) -> String {
    topics
        .assign
        .get(j)
        .and_then(|&t| topics.topics.get(t.wrapping_sub(1)))
        .map(|t| t.label.clone())
        .unwrap_or_default()
}

fn suggestion(
    engine: &Engine<'_>,
    topics: &Topics,
    j: usize,
    score: f32,
    reasons: Vec<Reason>,
    follows: Vec<String>,
) -> Suggestion {
    let p = &engine.index.papers[j];
    Suggestion {
        index: j,
        id: p.id.clone(),
        title: p.title.clone(),
        url: p.url.clone(),
        score,
        because: reasons.iter().map(Reason::english).collect(),
        reasons,
        follows,
        topic: topic_label(topics, j),
        date: shown_date(p),
        lines: p.lines.clone(),
        pool: None,
    }
}

/// Centrality of every paper within its topic: the summed weight of its graph
/// edges to members of the same topic (0 for papers of "Other").
pub fn centrality(engine: &Engine<'_>, graph: &Graph, topics: &Topics) -> Vec<f64> {
    let adj = graph.adjacency(&engine.index.papers, None);
    (0..adj.len())
        .map(|i| {
            if topics.is_other(i) {
                return 0.0;
            }
            adj[i]
                .iter()
                .filter(|&&(j, _)| topics.assign.get(j) == topics.assign.get(i))
                .map(|&(_, w)| w)
                .sum()
        })
        .collect()
}

/// Whether a link points at a research paper (arXiv, a DOI, ACL Anthology, OpenReview,
/// a proceedings site or a PDF) rather than a blog post, a repository or news.
pub fn links_a_paper(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    [
        "arxiv.org/",
        "doi.org/",
        "aclanthology.org/",
        "aclweb.org/anthology",
        "openreview.net/",
        "proceedings.",
        "papers.nips.cc",
        "dl.acm.org/doi",
        "ieeexplore.ieee.org",
        "huggingface.co/papers/",
    ]
    .iter()
    .any(|s| u.contains(s))
        || u.ends_with(".pdf")
}

/// Fewest other members of a topic named after a paper for it to be their family's root.
const NAMED_AFTER_MIN: usize = 2;
/// How many of a topic's central research papers are looked at for a family's root.
const ROOTS_LOOKED_AT: usize = 8;

/// The name paper `i` is called by (its alias or head: [`is_own_name`]) and how many
/// other `members` have a name containing it (`llama` in *Dr. LLaMA*, *KoChatLLaMA*),
/// when they are at least [`NAMED_AFTER_MIN`]: the paper a family is named after.
///
/// [`is_own_name`]: crate::lexical::names::is_own_name
fn named_after(engine: &Engine<'_>, members: &[usize], i: usize) -> Option<(String, usize)> {
    use crate::lexical::names::is_own_name;
    let p = &engine.index.papers[i];
    let title = crate::corpus::normalize::strip_org_prefix(&p.title);
    engine
        .names
        .doc(i)
        .into_iter()
        .filter(|n| n.chars().count() >= 3 && is_own_name(title, p.alias.as_deref(), n))
        .map(|n| {
            let count = members
                .iter()
                .filter(|&&j| j != i && engine.names.doc(j).iter().any(|m| m.contains(n.as_str())))
                .count();
            (n, count)
        })
        .filter(|&(_, c)| c >= NAMED_AFTER_MIN)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
}

/// Share of a topic's members that count as its centre for the cold start.
const CENTRAL_SHARE: f64 = 0.25;

/// Mean hybrid similarity of paper `j` to the other members of its topic.
fn topic_affinity(engine: &Engine<'_>, topics: &Topics, j: usize) -> f32 {
    let Some(t) = topics.topic_of(j) else {
        return 0.0;
    };
    let row = engine.similarity_row(j, Weights::RELATED);
    let others: Vec<f32> = t
        .papers
        .iter()
        .filter(|m| m.index != j)
        .map(|m| row[m.index])
        .collect();
    if others.is_empty() {
        0.0
    } else {
        others.iter().sum::<f32>() / others.len() as f32
    }
}

/// Nothing read: the papers of [`cold_start_picks`], each scored by its mean hybrid
/// similarity to its topic's other members.
fn cold_start(
    engine: &Engine<'_>,
    graph: &Graph,
    topics: &Topics,
    candidates: &[usize],
    count: usize,
) -> Vec<Suggestion> {
    cold_start_picks(engine, graph, topics, candidates, count)
        .into_iter()
        .map(|(j, because)| {
            let score = topic_affinity(engine, topics, j);
            suggestion(engine, topics, j, score, because, Vec::new())
        })
        .collect()
}

/// The topics a cold start takes papers from, in the order it takes them (ids): the
/// largest coherent topics first — the size weighed by the square of the mean hybrid
/// score of the graph edges inside the topic (a grab-bag of one-off papers scores low,
/// and front matter, however alike its titles, has no size) — never "Other" unless it is
/// all there is, and no topic of front matter only while others have substance.
pub fn cold_start_topics(
    papers: &[crate::corpus::Paper],
    graph: &Graph,
    topics: &Topics,
) -> Vec<usize> {
    let substance = super::substantive(papers);
    let substantive = |j: usize| substance.get(j).copied().unwrap_or(false);
    let cohesion = |t: &crate::topics::Topic| -> f64 {
        let (mut sum, mut count) = (0f64, 0usize);
        for m in &t.papers {
            for &(j, s) in graph.knn.get(m.index).map(Vec::as_slice).unwrap_or(&[]) {
                if topics.assign.get(j) == topics.assign.get(m.index) {
                    sum += f64::from(s);
                    count += 1;
                }
            }
        }
        if count == 0 {
            0.0
        } else {
            (sum / count as f64).max(0.0)
        }
    };
    // A list too small for any topic has only "Other": then it is all there is.
    let only_other = topics.topics.iter().all(|t| t.other);
    let size = |t: &crate::topics::Topic| t.papers.iter().filter(|m| substantive(m.index)).count();
    // A topic of front matter only is no subject to start from, while others are.
    let any_substantive = topics.topics.iter().any(|t| !t.other && size(t) > 0);
    let mut order: Vec<(&crate::topics::Topic, f64)> = topics
        .topics
        .iter()
        .filter(|t| only_other || !t.other)
        .filter(|t| !any_substantive || size(t) > 0)
        .map(|t| (t, size(t) as f64 * cohesion(t).powi(2)))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    order.into_iter().map(|(t, _)| t.id).collect()
}

/// Nothing read: one paper from each of the largest topics in turn (never "Other");
/// within a topic, among its most central members (by graph centrality, never weak),
/// research papers first (a paper's link, and on a list of abstracts an abstract), a
/// family's root first of those ([`named_after`]), then the earliest dated, then by
/// centrality. Each with its reasons; no score (a plan takes the papers only, and a
/// score costs a scan of the list).
pub(crate) fn cold_start_picks(
    engine: &Engine<'_>,
    graph: &Graph,
    topics: &Topics,
    candidates: &[usize],
    count: usize,
) -> Vec<(usize, Vec<Reason>)> {
    let central = centrality(engine, graph, topics);
    let mut is_candidate = vec![false; engine.index.papers.len()];
    for &j in candidates {
        if let Some(c) = is_candidate.get_mut(j) {
            *c = true;
        }
    }
    let papers = &engine.index.papers;
    // Front matter counts for neither its topic's size nor as research.
    let substance = super::substantive(papers);
    let substantive = |j: usize| substance.get(j).copied().unwrap_or(false);
    let research = |j: usize| substantive(j) && links_a_paper(&papers[j].url);
    let only_other = topics.topics.iter().all(|t| t.other);
    let order: Vec<&crate::topics::Topic> = cold_start_topics(papers, graph, topics)
        .into_iter()
        .filter_map(|id| topics.topics.get(id.wrapping_sub(1)))
        .collect();
    // The family roots found among the central papers: (name, papers named after it).
    let mut roots: std::collections::HashMap<usize, (String, usize)> = Default::default();
    let mut queues: Vec<(usize, Vec<usize>, usize)> = order
        .into_iter()
        .map(|t| {
            let mut members: Vec<&crate::topics::Member> = t
                .papers
                .iter()
                .filter(|m| is_candidate.get(m.index).copied().unwrap_or(false))
                .collect();
            members.sort_by(|a, b| {
                central[b.index]
                    .total_cmp(&central[a.index])
                    .then(a.index.cmp(&b.index))
            });
            let core_len = ((members.len() as f64 * CENTRAL_SHARE).ceil() as usize).max(1);
            let (core, rest): (Vec<_>, Vec<_>) = members
                .iter()
                .enumerate()
                .partition(|(pos, m)| *pos < core_len && !m.weak);
            let mut q: Vec<usize> = core.iter().map(|(_, m)| m.index).collect();
            // Research papers before posts and repositories (a stable sort keeps
            // centrality order), then in each kind the dated ones earliest first in the
            // places they hold (an undated paper keeps its place by centrality).
            q.sort_by_key(|&j| !research(j));
            let research = q.iter().take_while(|&&j| research(j)).count();
            let (papers_first, posts) = q.split_at_mut(research);
            earliest_first_where_dated(papers_first, &engine.index.papers);
            earliest_first_where_dated(posts, &engine.index.papers);
            // The paper others of the topic are named after (*LLaMA* before *Goat: Fine-tuned
            // LLaMA …*) comes first among the research papers, undated as it may be.
            // (The first few are looked at: enough for any cold start, bounded on a big list.)
            let members: Vec<usize> = t.papers.iter().map(|m| m.index).collect();
            let looked = papers_first.len().min(ROOTS_LOOKED_AT);
            for &j in &papers_first[..looked] {
                if let Some(root) = named_after(engine, &members, j) {
                    roots.insert(j, root);
                }
            }
            papers_first[..looked].sort_by_key(|j| !roots.contains_key(j));
            let core_len = q.len();
            q.extend(rest.iter().map(|(_, m)| m.index));
            (t.id, q, core_len)
        })
        .filter(|(_, q, _)| !q.is_empty())
        .collect();
    let mut out: Vec<(usize, Vec<Reason>)> = Vec::new();
    let mut round = 0;
    while out.len() < count && queues.iter().any(|(_, q, _)| round < q.len()) {
        for (tid, q, core_len) in &mut queues {
            if out.len() >= count {
                break;
            }
            if let Some(&j) = q.get(round) {
                if out.iter().any(|&(s, _)| near_duplicate(engine, s, j)) {
                    continue;
                }
                let label = topics
                    .topics
                    .get(*tid - 1)
                    .map(|t| t.label.clone())
                    .unwrap_or_default();
                let mut because = vec![Reason::CentralOf { id: *tid, label }];
                match (&engine.index.papers[j].date, roots.get(&j).cloned()) {
                    // "Other" is no topic: the paper is central to the list, not to a topic.
                    _ if only_other => because = vec![Reason::NoTopicYet],
                    (_, Some((name, count))) if round < *core_len => {
                        because.push(Reason::NamedAfter { name, count })
                    }
                    (Some(d), _) if round < *core_len => {
                        because.push(Reason::EarliestCentral(d.clone()))
                    }
                    _ if round < *core_len => because.push(Reason::AmongCentral),
                    _ => because.push(Reason::FurtherPaper),
                }
                out.push((j, because));
            }
        }
        round += 1;
    }
    out
}
