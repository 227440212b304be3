//! Suggestions from a pool of new papers (`suggest --pool FILE`): the pool's papers not
//! on the list, ranked against the group's profile on the list, diverse, each with the
//! list paper it follows from.
//!
//! The profile is what `suggest` uses (read papers, recent ones weighing most, and
//! likes); with nothing read it is the list itself, one seed per topic (never "Other"):
//! the topic's centre, weighted by the topic's size and by how recent its dated papers
//! are. A pool paper's relevance is its best weighted cosine to a seed minus its
//! closeness to a disliked paper (a hubness term, the cosine to the pool's mean, was
//! measured and left out: README *Suggestions from a pool*). With nothing read, each
//! topic brings its own best papers and the topics take turns; otherwise maximal
//! marginal relevance picks a diverse set. The scan is exact over the pool's vectors, in parallel by chunks with a fixed merge
//! order, so the answer does not depend on the thread count.

use super::history::ReadEntry;
use super::pools::Pools;
use super::reason::{Basis, Reason};
use super::suggest::{seeds, Suggestion, DISLIKE_WEIGHT, NEAR_DUPLICATE, RECENCY_HALF_LIFE};
use crate::corpus::date::known_date;
use crate::corpus::normalize::{arxiv_id_from_ref, normalize_title, title_key_hash};
use crate::corpus::paper::PaperKeys;
use crate::corpus::Paper;
use crate::embed::{dot, normalize};
use crate::index::Vectors;
use crate::rank::DenseScale;
use crate::topics::{TopicFinder, Topics};
use rayon::prelude::*;
use std::collections::HashSet;

/// Candidates kept for the diverse pick.
const SHORTLIST: usize = 200;

/// What to suggest from the pool.
#[derive(Debug, Clone, Default)]
pub struct PoolOptions {
    pub count: usize,
    /// List papers liked (weight 1) and disliked.
    pub likes: Vec<usize>,
    pub dislikes: Vec<usize>,
    /// Only pool papers of this date or later (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`); a
    /// paper's date is its own, else the month of its arXiv id.
    pub since: Option<String>,
    /// 0 (most relevant) to 1 (most diverse).
    pub diversity: f32,
    /// The vectors' model's cosines on the default model's scale (the near-duplicate
    /// threshold and the weight of redundancy were set on that scale).
    pub dense_scale: DenseScale,
    /// With nothing read, the order the list's topics take turns in (topic ids, as the
    /// list's own cold start takes them: [`super::suggest::cold_start_topics`]); topics
    /// it leaves out come after, heaviest first. Empty: heaviest first.
    pub topic_order: Vec<usize>,
    /// Only pool papers of this list topic (1-based id, never "Other"): those whose
    /// closest topic by meaning it is ([`crate::topics::TopicFinder`]). With nothing
    /// read, the profile is that topic alone.
    pub topic: Option<usize>,
}

/// The answer: suggestions and what the pool held.
#[derive(Debug, Clone)]
pub struct PoolAnswer {
    pub suggestions: Vec<Suggestion>,
    /// What the pool held and what of it was left out.
    pub screened: Screened,
    /// Whether the profile was the whole list (nothing read, nothing liked).
    pub cold_start: bool,
}

/// What one pool file held and what of it was left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolFileCounts {
    pub papers: usize,
    pub on_list: usize,
    pub too_old: usize,
    pub repeated: usize,
}

/// One seed of the profile: a direction in the embedding space, its weight, and the
/// list paper it stands for (the reason names it).
pub(super) struct ProfileSeed {
    vector: Vec<f32>,
    pub weight: f32,
    pub paper: usize,
    pub liked: bool,
    /// Cold start: the list topic the seed is the centre of.
    pub topic: Option<usize>,
}

/// A paper's date for `--since`: its own, else the month of one of its arXiv ids.
pub fn pool_date(p: &Paper) -> Option<String> {
    known_date(&PaperKeys::of(p))
}

/// Whether `date` (`YYYY[-MM[-DD]]`) is on or after `since` (compared at the shorter
/// precision: a paper of 2025-03 is "since 2025-03-15").
fn on_or_after(date: &str, since: &str) -> bool {
    // Bytes, not chars: a date field may hold any text, and `since` is ASCII.
    let n = date.len().min(since.len());
    date.as_bytes()[..n] >= since.as_bytes()[..n]
}

/// Whether `a` and `b` are the same paper: a shared id (any, case-insensitive), arXiv
/// id or normalised title. Tells pool papers already on the list (and `add` uses it).
pub fn same_paper(a: &Paper, b: &Paper) -> bool {
    let ka = keys(a);
    keys(b).iter().any(|k| ka.contains(k))
}

/// Keys a paper is known by, to tell which pool papers are already on the list.
fn keys(p: &Paper) -> Vec<String> {
    let mut k: Vec<String> = p.all_ids().into_iter().map(|i| i.to_lowercase()).collect();
    k.extend(p.all_ids().into_iter().filter_map(arxiv_id_from_ref));
    k.push(format!("title:{}", normalize_title(&p.title)));
    k
}

/// The keys of a list's papers, to tell which of a big pool's papers are on it: the
/// same answer as [`same_paper`] against each of them, with no allocation for most pool
/// papers (their titles are compared by [`title_key_hash`] first).
struct OnList {
    ids: HashSet<String>,
    titles: HashSet<u64>,
    normalized: HashSet<String>,
}

impl OnList {
    fn empty() -> OnList {
        OnList {
            ids: HashSet::new(),
            titles: HashSet::new(),
            normalized: HashSet::new(),
        }
    }

    /// Add a paper's keys (as [`OnList::new`] takes a list paper's).
    fn add(&mut self, p: &PaperKeys<'_>) {
        for i in p.all_ids() {
            self.ids.insert(i.to_lowercase());
            if let Some(a) = arxiv_id_from_ref(i) {
                self.ids.insert(a);
            }
        }
        self.titles.insert(title_key_hash(p.title));
        self.normalized.insert(normalize_title(p.title));
    }

    fn new(list: &[Paper]) -> OnList {
        let mut ids = HashSet::new();
        for p in list {
            for k in keys(p) {
                if !k.starts_with("title:") {
                    ids.insert(k);
                }
            }
        }
        OnList {
            ids,
            titles: list.iter().map(|p| title_key_hash(&p.title)).collect(),
            normalized: list.iter().map(|p| normalize_title(&p.title)).collect(),
        }
    }

    fn has(&self, p: &PaperKeys<'_>) -> bool {
        let id_known = |i: &str| {
            let lower: std::borrow::Cow<str> =
                if i.is_ascii() && !i.bytes().any(|b| b.is_ascii_uppercase()) {
                    i.into()
                } else {
                    i.to_lowercase().into()
                };
            // An id of digits and dots is its own arXiv id: no pattern to run.
            self.ids.contains(lower.as_ref())
                || (!i.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && arxiv_id_from_ref(i).is_some_and(|a| self.ids.contains(&a)))
        };
        p.all_ids().into_iter().any(id_known)
            || (self.titles.contains(&title_key_hash(p.title))
                && self.normalized.contains(&normalize_title(p.title)))
    }
}

/// Words the two titles share (content words, as the pool paper spells them).
fn shared_title_words(a: &str, b: &str, n: usize) -> Vec<String> {
    use crate::lexical::analyze::terms;
    let ta: HashSet<String> = terms(a).into_iter().collect();
    let mut stems: Vec<String> = Vec::new();
    for t in terms(b) {
        if ta.contains(&t) && !stems.contains(&t) {
            stems.push(t);
        }
    }
    crate::lexical::shared::as_written(&stems, b, n)
}

/// The profile: read and liked papers, or with none, the centre of each list topic.
fn profile(
    list: &[Paper],
    list_vectors: &Vectors,
    topics: &Topics,
    read: &[ReadEntry],
    likes: &[usize],
) -> (Vec<ProfileSeed>, bool) {
    let s = seeds(read, likes);
    if !s.is_empty() {
        let seeds = s
            .iter()
            .map(|x| ProfileSeed {
                vector: list_vectors.row(x.index).to_vec(),
                weight: x.weight,
                paper: x.index,
                liked: x.liked,
                topic: None,
            })
            .collect();
        return (seeds, false);
    }
    // Nothing read: every real topic, by size and by how recent its dated papers are
    // (undated papers count as recent: on curated lists they are the newest additions).
    let newest = list
        .iter()
        .filter_map(|p| {
            p.date
                .as_deref()
                .and_then(|d| d.get(..4)?.parse::<i32>().ok())
        })
        .max();
    let recency = |p: &Paper| -> f32 {
        match (
            newest,
            p.date
                .as_deref()
                .and_then(|d| d.get(..4)?.parse::<i32>().ok()),
        ) {
            (Some(n), Some(y)) => 0.5f32.powf((n - y).max(0) as f32 / RECENCY_HALF_LIFE),
            _ => 1.0,
        }
    };
    let biggest = topics
        .topics
        .iter()
        .filter(|t| !t.other)
        .map(|t| t.size)
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    let seeds = topics
        .topics
        .iter()
        .filter(|t| !t.other && !t.papers.is_empty())
        .map(|t| {
            let mut centre = vec![0f32; list_vectors.dimension];
            let mut recent = 0.0;
            for m in &t.papers {
                for (c, x) in centre.iter_mut().zip(list_vectors.row(m.index)) {
                    *c += x;
                }
                recent += recency(&list[m.index]);
            }
            normalize(&mut centre);
            let recent = recent / t.papers.len() as f32;
            ProfileSeed {
                vector: centre,
                weight: (t.size as f32 / biggest).sqrt() * recent,
                paper: t.papers[0].index,
                liked: false,
                topic: Some(t.id),
            }
        })
        .collect::<Vec<ProfileSeed>>();
    if !seeds.is_empty() {
        return (seeds, true);
    }
    // A list too small for any topic (all "Other"): every paper is a seed.
    let seeds = list
        .iter()
        .enumerate()
        .take(list_vectors.len())
        .map(|(i, p)| ProfileSeed {
            vector: list_vectors.row(i).to_vec(),
            weight: recency(p),
            paper: i,
            liked: false,
            topic: None,
        })
        .collect();
    (seeds, true)
}

/// What a pool held and why papers of it were left out, before any ranking.
#[derive(Debug, Clone, Default)]
pub struct Screened {
    /// Per pool paper, whether it may be suggested.
    pub eligible: Vec<bool>,
    /// Pool papers in all.
    pub pool_papers: usize,
    /// Pool papers left out because they are already on the list.
    pub on_list: usize,
    /// Pool papers left out by `--since`.
    pub too_old: usize,
    /// Pool papers left out because an earlier pool file holds them too (arXiv lists a
    /// cross-listed paper under each of its categories).
    pub repeated: usize,
    /// The same counts per pool file, in the order given.
    pub files: Vec<PoolFileCounts>,
    /// Pool papers left out because another list topic is closer to them (`--topic`).
    pub other_topics: usize,
}

/// Which pool papers may be suggested: not on the list, not held by an earlier pool
/// file, and of `since` or later when it is given.
pub fn screen(list: &[Paper], pool: &Pools<'_>, since: Option<&str>) -> Screened {
    let known = OnList::new(list);
    // Why each pool paper is left out, if it is (each on its own: over the cores).
    #[derive(Clone, Copy, PartialEq)]
    enum Left {
        In,
        OnList,
        TooOld,
        Repeated,
    }
    // Each pool paper's ids, title and date only: a big pool's papers are not built. The
    // files in order, each against the list and the files before it.
    let mut earlier = OnList::empty();
    let mut left: Vec<Left> = Vec::with_capacity(pool.len());
    let mut files = Vec::with_capacity(pool.files());
    for f in 0..pool.files() {
        let range = pool.file_range(f);
        let start = left.len();
        left.par_extend(range.clone().into_par_iter().with_min_len(1024).map(|j| {
            // Every j < len has keys.
            let Some(p) = pool.keys(j) else {
                return Left::OnList;
            };
            if known.has(&p) {
                return Left::OnList;
            }
            if f > 0 && earlier.has(&p) {
                return Left::Repeated;
            }
            if let Some(since) = since {
                if !known_date(&p).is_some_and(|d| on_or_after(&d, since)) {
                    return Left::TooOld;
                }
            }
            Left::In
        }));
        let mine = &left[start..];
        let count = |l: Left| mine.iter().filter(|&&x| x == l).count();
        files.push(PoolFileCounts {
            papers: mine.len(),
            on_list: count(Left::OnList),
            too_old: count(Left::TooOld),
            repeated: count(Left::Repeated),
        });
        // The files after this one meet its papers (one file alone needs none of this).
        if f + 1 < pool.files() {
            for (j, l) in range.zip(mine) {
                if *l != Left::OnList && *l != Left::Repeated {
                    if let Some(p) = pool.keys(j) {
                        earlier.add(&p);
                    }
                }
            }
        }
    }
    Screened {
        eligible: left.iter().map(|&l| l == Left::In).collect(),
        pool_papers: pool.len(),
        on_list: files.iter().map(|c| c.on_list).sum(),
        too_old: files.iter().map(|c| c.too_old).sum(),
        repeated: files.iter().map(|c| c.repeated).sum(),
        files,
        other_topics: 0,
    }
}

/// Leave in only the pool papers whose closest list topic is `topic`, and count the
/// others [`Screened::other_topics`].
fn keep_topic(
    screened: &mut Screened,
    topics: &Topics,
    list_vectors: &Vectors,
    pool: &Pools<'_>,
    topic: usize,
) {
    let finder = TopicFinder::new(topics, list_vectors);
    let centres: Vec<&[f32]> = finder.centres.iter().map(Vec::as_slice).collect();
    let nc = centres.len();
    let cos = pool.dots(&centres);
    let eligible = &mut screened.eligible;
    let closest: Vec<bool> = (0..eligible.len())
        .into_par_iter()
        .with_min_len(256)
        .map(|j| {
            eligible[j] && {
                let c = cos.get(j * nc..(j + 1) * nc).unwrap_or(&[]);
                finder.is_closest(pool.row(j), c, topic)
            }
        })
        .collect();
    let before = eligible.iter().filter(|&&e| e).count();
    *eligible = closest;
    screened.other_topics = before - eligible.iter().filter(|&&e| e).count();
}

/// The pool papers most relevant to the group's profile, best first.
pub(super) struct Shortlist {
    /// What the pool held and what of it was left out ([`screen`]).
    pub screened: Screened,
    /// (pool paper, relevance, profile seed): with something read, the best
    /// [`SHORTLIST`] by their best weighted seed; with nothing read, each list topic's
    /// own best (by its own cosine). None is a near-duplicate of a paper read.
    pub short: Vec<(usize, f32, usize)>,
    /// The profile the relevance is measured against.
    pub seeds: Vec<ProfileSeed>,
    /// Whether the profile is the whole list (nothing read, nothing liked).
    pub cold: bool,
}

/// Rank the pool papers [`screen`] leaves in against the profile of `read` and
/// `opts.likes` on the list (and away from `opts.dislikes`).
pub(super) fn shortlist(
    list: &[Paper],
    list_vectors: &Vectors,
    topics: &Topics,
    read: &[ReadEntry],
    pool: &Pools<'_>,
    opts: &PoolOptions,
) -> Shortlist {
    let mut screened = screen(list, pool, opts.since.as_deref());
    if let Some(t) = opts.topic {
        keep_topic(&mut screened, topics, list_vectors, pool, t);
    }
    let eligible = &screened.eligible;
    let (mut seeds, cold) = profile(list, list_vectors, topics, read, &opts.likes);
    if let (true, Some(t)) = (cold, opts.topic) {
        // Nothing read: the topic asked for is the profile.
        if seeds.iter().any(|s| s.topic == Some(t)) {
            seeds.retain(|s| s.topic == Some(t));
        }
    }
    let n = pool.len();
    let max_w = seeds
        .iter()
        .map(|s| s.weight)
        .fold(0f32, f32::max)
        .max(f32::EPSILON);
    let dislikes: Vec<&[f32]> = opts.dislikes.iter().map(|&d| list_vectors.row(d)).collect();
    // Per eligible pool paper: its cosine to every seed and its dislike term, from one
    // pass over the pool's vectors for the seeds and one for the dislikes, if any.
    let seed_vectors: Vec<&[f32]> = seeds.iter().map(|x| x.vector.as_slice()).collect();
    let ns = seed_vectors.len();
    let mut cos_all = pool.dots(&seed_vectors);
    let mut hate_all = pool.dots(&dislikes);
    // Seed weights, the dislike penalty and the near-duplicate threshold were set on the
    // default model's cosines.
    if !opts.dense_scale.is_identity() {
        for c in cos_all.iter_mut().chain(hate_all.iter_mut()) {
            *c = opts.dense_scale.apply(*c);
        }
    }
    let nd = dislikes.len();
    let rows: Vec<(usize, &[f32], f32)> = (0..n)
        .filter(|&j| eligible.get(j).copied().unwrap_or(false))
        .map(|j| {
            let cos = cos_all.get(j * ns..(j + 1) * ns).unwrap_or(&[]);
            let hate = hate_all
                .get(j * nd..(j + 1) * nd)
                .unwrap_or(&[])
                .iter()
                .map(|d| d.max(0.0))
                .fold(0f32, f32::max);
            (j, cos, DISLIKE_WEIGHT * hate)
        })
        .collect();
    // (paper, relevance, seed): the best weighted seed of each paper.
    let best_of = |cos: &[f32], pen: f32| -> (f32, usize) {
        let mut best = (f32::NEG_INFINITY, usize::MAX);
        for (s, c) in cos.iter().enumerate() {
            let x = seeds[s].weight / max_w * c;
            if x > best.0 {
                best = (x, s);
            }
        }
        (best.0 - pen, best.1)
    };
    let by_rel = |v: &mut Vec<(usize, f32, usize)>| {
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    };
    // The best `k` in that order (a total order, so the same as sorting all and cutting).
    let best_k = |v: &mut Vec<(usize, f32, usize)>, k: usize| {
        if v.len() > k && k > 0 {
            v.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        v.truncate(k);
        by_rel(v);
    };
    let mut short: Vec<(usize, f32, usize)> = if cold {
        // Each list topic brings its own best papers (by its own cosine), so that the
        // turn-taking below has something from every topic.
        let per = (SHORTLIST / seeds.len().max(1)).max(10);
        let mut out: Vec<(usize, f32, usize)> = Vec::new();
        for s in 0..seeds.len() {
            let mut mine: Vec<(usize, f32, usize)> = rows
                .iter()
                .map(|(j, cos, pen)| (*j, cos[s] - pen, s))
                .collect();
            best_k(&mut mine, per);
            out.extend(mine);
        }
        by_rel(&mut out);
        let mut seen = HashSet::new();
        out.retain(|c| seen.insert(c.0));
        out
    } else {
        let mut all: Vec<(usize, f32, usize)> = rows
            .iter()
            .filter_map(|(j, cos, pen)| {
                let (r, s) = best_of(cos, *pen);
                (s != usize::MAX).then_some((*j, r, s))
            })
            .collect();
        best_k(&mut all, SHORTLIST);
        all
    };
    // Near-duplicates of a read paper never.
    let read_vectors: Vec<&[f32]> = read.iter().map(|r| list_vectors.row(r.index)).collect();
    short.retain(|c| {
        let v = pool.row(c.0);
        !read_vectors
            .iter()
            .any(|r| opts.dense_scale.apply(dot(r, v)) >= NEAR_DUPLICATE)
    });
    Shortlist {
        screened,
        short,
        seeds,
        cold,
    }
}

/// The order the profile's seeds take turns in with nothing read: their topics' places
/// in `topic_order`, then the rest by weight, heaviest first.
pub(super) fn turns(seeds: &[ProfileSeed], topic_order: &[usize]) -> Vec<usize> {
    let place = |s: &ProfileSeed| {
        s.topic
            .and_then(|t| topic_order.iter().position(|&x| x == t))
            .unwrap_or(usize::MAX)
    };
    let mut order: Vec<usize> = (0..seeds.len()).collect();
    order.sort_by(|&a, &b| {
        place(&seeds[a])
            .cmp(&place(&seeds[b]))
            .then(seeds[b].weight.total_cmp(&seeds[a].weight))
            .then(a.cmp(&b))
    });
    order
}

/// Suggest `opts.count` papers of the pool (one or several files) for a group whose
/// list is `list` (with its vectors and topics) and whose history is `read`. A paper an
/// earlier pool file holds too is left out where it comes again. Each suggestion's
/// `index` is its place in the pool ([`Pools::locate`] tells its file).
pub fn suggest_from_pool(
    list: &[Paper],
    list_vectors: &Vectors,
    topics: &Topics,
    read: &[ReadEntry],
    pool: &Pools<'_>,
    opts: &PoolOptions,
) -> PoolAnswer {
    let Shortlist {
        screened,
        short,
        seeds,
        cold,
    } = shortlist(list, list_vectors, topics, read, pool, opts);
    // Maximal marginal relevance over the shortlist (relevance scaled to [0, 1] over it,
    // redundancy the cosine to the closest paper already chosen); near-duplicates never
    // together.
    let cos = |a: &[f32], b: &[f32]| opts.dense_scale.apply(dot(a, b));
    let (lo, hi) = short
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, u), c| {
            (l.min(c.1), u.max(c.1))
        });
    let scale = |r: f32| if hi > lo { (r - lo) / (hi - lo) } else { 1.0 };
    let mut left = short;
    let mut chosen: Vec<(usize, f32, usize)> = Vec::new();
    let take =
        |left: &mut Vec<(usize, f32, usize)>, pos: usize, chosen: &mut Vec<(usize, f32, usize)>| {
            let c = left.remove(pos);
            let v = pool.row(c.0).to_vec();
            left.retain(|x| cos(pool.row(x.0), &v) < NEAR_DUPLICATE);
            chosen.push(c);
        };
    if cold {
        // Nothing read: one paper per list topic in turn, in the list's cold start's order,
        // so the first suggestions span the list's subjects.
        let order = turns(&seeds, &opts.topic_order);
        while chosen.len() < opts.count && !left.is_empty() {
            let before = chosen.len();
            for &s in &order {
                if chosen.len() == opts.count {
                    break;
                }
                // `left` is sorted best first: the topic's best remaining paper.
                if let Some(pos) = left.iter().position(|c| c.2 == s) {
                    take(&mut left, pos, &mut chosen);
                }
            }
            if chosen.len() == before {
                break;
            }
        }
    }
    while chosen.len() < opts.count && !left.is_empty() {
        let score = |c: &(usize, f32, usize)| {
            let red = chosen
                .iter()
                .map(|x| cos(pool.row(x.0), pool.row(c.0)))
                .fold(0f32, f32::max);
            (1.0 - opts.diversity) * scale(c.1) - opts.diversity * red
        };
        let Some(pos) = (0..left.len()).max_by(|&a, &b| {
            score(&left[a])
                .total_cmp(&score(&left[b]))
                .then(left[b].0.cmp(&left[a].0))
        }) else {
            break;
        };
        take(&mut left, pos, &mut chosen);
    }
    let label = |t: usize| topics.label_of(t);
    let suggestions = chosen
        .into_iter()
        .filter_map(|(j, rel, s)| {
            // Every chosen j < len is a paper of the pool.
            let p = pool.paper(j)?;
            let seed = &seeds[s];
            let from = &list[seed.paper];
            let mut reasons = Vec::new();
            let topic_id = opts
                .topic
                .or(seed.topic)
                .or_else(|| topics.assign.get(seed.paper).copied())
                .unwrap_or(0);
            if let Some(t) = seed.topic {
                reasons.push(Reason::NearTopic {
                    id: t,
                    label: label(t),
                });
            } else if cold {
                reasons.push(Reason::NearPaper(from.title.clone()));
            } else {
                reasons.push(Reason::Follows {
                    title: from.title.clone(),
                    from: if seed.liked {
                        Basis::Liked
                    } else {
                        Basis::of(read, seed.paper, false)
                    },
                });
                let words = shared_title_words(&from.title, &p.title, 3);
                if !words.is_empty() {
                    reasons.push(Reason::SharedTerms(words));
                }
                // The topic asked for, when the paper read is of another.
                if let Some(t) = opts.topic {
                    if topics.assign.get(seed.paper) != Some(&t) {
                        reasons.push(Reason::Topic(label(t)));
                    }
                }
            }
            Some(Suggestion {
                index: j,
                id: p.id.clone(),
                title: p.title.clone(),
                url: p.url.clone(),
                score: rel,
                because: reasons.iter().map(Reason::english).collect(),
                reasons,
                follows: vec![from.id.clone()],
                topic: label(topic_id),
                date: pool_date(p),
                lines: Vec::new(),
                pool: None,
            })
        })
        .collect();
    PoolAnswer {
        suggestions,
        screened,
        cold_start: cold,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::papers::Papers;

    #[test]
    fn since_compares_at_the_shorter_precision() {
        assert!(on_or_after("2025-03", "2025-03-15"));
        assert!(!on_or_after("2025-02", "2025-03-15"));
        assert!(on_or_after("2026-01-02", "2025"));
        assert!(!on_or_after("2023년 봄", "2025-01"), "any text, no panic");
    }

    fn paper(id: &str, title: &str) -> Paper {
        Paper {
            id: id.into(),
            title: title.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_pool_check_agrees_with_same_paper() {
        let mut folded = paper("t-abc", "Folded");
        folded.ids = vec!["10.1145/XYZ.1".into()];
        let list = vec![
            paper("arXiv:2106.09685v2", "LoRA"),
            paper(
                "2305.14314",
                "QLoRA: Efficient Finetuning of Quantized LLMs",
            ),
            paper("t-123", "Deepmind: Building safer dialogue agents"),
            folded,
        ];
        let pool = vec![
            paper("2106.09685", "another title"),
            paper("ARXIV:2305.14314V1", "x"),
            paper("2305.14315", "x"),
            paper("p1", "Building Safer Dialogue-Agents"),
            paper("p2", "Building safer dialogue agents, again"),
            paper("10.1145/xyz.1", "y"),
            paper("p3", "folded"),
            paper("p4", "Unrelated"),
            paper("T-123", "z"),
        ];
        let known = OnList::new(&list);
        for p in &pool {
            let slow = list.iter().any(|l| same_paper(l, p));
            assert_eq!(known.has(&PaperKeys::of(p)), slow, "{}", p.id);
        }
        let found: Vec<&str> = pool
            .iter()
            .filter(|p| known.has(&PaperKeys::of(p)))
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(
            found,
            [
                "2106.09685",
                "ARXIV:2305.14314V1",
                "p1",
                "10.1145/xyz.1",
                "p3",
                "T-123"
            ]
        );
    }

    #[test]
    fn a_list_with_only_other_still_profiles_every_paper_and_leaves_itself_out() {
        use crate::topics::Topics;
        let list = vec![
            paper("2305.14314", "QLoRA"),
            paper("x", "Traffic simulation"),
        ];
        let list_vectors = Vectors::from_rows(2, &[vec![1.0, 0.0], vec![0.0, 1.0]]);
        let topics = Topics::one(&list, "Other", true);
        let pool = vec![
            paper("2305.14314", "QLoRA"),
            paper("2601.00001", "Quantised adapters"),
            paper("2601.00002", "City traffic"),
        ];
        let s = 0.6f32.sqrt();
        let pool_vectors = Vectors::from_rows(
            2,
            &[vec![1.0, 0.0], vec![0.8, s], vec![0.1, (0.99f32).sqrt()]],
        );
        let opts = PoolOptions {
            count: 2,
            ..Default::default()
        };
        let pool = Papers::from(pool);
        let a = suggest_from_pool(
            &list,
            &list_vectors,
            &topics,
            &[],
            &Pools::one(&pool, &pool_vectors),
            &opts,
        );
        assert!(a.cold_start);
        assert_eq!(a.screened.on_list, 1);
        let ids: Vec<&str> = a.suggestions.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(
            ids,
            vec!["2601.00001", "2601.00002"],
            "one per list paper, in turn"
        );
        assert!(a.suggestions[0].because[0].starts_with("close to \"QLoRA\""));
    }

    #[test]
    fn shared_words_are_content_words_of_both_titles() {
        let w = shared_title_words(
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "Quantized low-rank adapters for efficient finetuning of vision models",
            3,
        );
        assert!(w.contains(&"quantized".to_string()), "{w:?}");
        assert!(w.contains(&"finetuning".to_string()), "{w:?}");
        assert!(!w.contains(&"for".to_string()));
    }
}
