//! The whole list's set answers against hand labels of some of its papers
//! (`eval-topics --labels`): its topics (AMI, next to plain k-means at the same k and at
//! the labels' k), the plans and suggestions after histories of one label, the cold
//! start, stability when papers are appended, and whether the map puts papers near
//! their topic and their hand label.

use super::{agreement, kmeans_runs, mean_agreement, Agreement};
use crate::index::Index;
use crate::map::{self, Layout};
use crate::rank::graph::{Graph, ListOrder};
use crate::rank::Engine;
use crate::reading::history::ReadEntry;
use crate::reading::plan::{plan, PlanOptions};
use crate::reading::suggest::{self, suggest, SuggestOptions};
use crate::topics::labels::Labelled;
use crate::topics::{self, metrics, TopicOptions, Topics, GRAPH_NEIGHBOURS};
use serde::Serialize;
use std::collections::HashMap;

/// Appends measured for the mean stability.
const STABILITY_WINDOWS: usize = 5;
/// Weeks and papers a week of every measured plan.
const WEEKS: usize = 6;
const PER_WEEK: usize = 3;
/// Papers of every measured `suggest`, and the diversity both commands use by default.
const SUGGESTED: usize = 3;
const DIVERSITY: f32 = 0.3;
/// Nearest points a paper's map neighbourhood holds.
const MAP_NEAREST: usize = 5;

/// Plain k-means at one k.
#[derive(Debug, Clone, Serialize)]
pub struct KmeansAgreement {
    pub k: usize,
    #[serde(flatten)]
    pub agreement: Agreement,
}

/// The plan after the history given.
#[derive(Debug, Clone, Serialize)]
pub struct PlanShare {
    /// Papers read.
    pub read: usize,
    pub weeks: usize,
    /// Same-week pairs whose papers both have a label.
    pub pairs: usize,
    /// Of them, pairs sharing the label.
    #[serde(skip)]
    pub same: usize,
    pub same_label_share: f64,
}

/// Plans after each label's first two labelled papers (in list order) are read.
#[derive(Debug, Clone, Serialize)]
pub struct PlanHistories {
    pub histories: usize,
    pub pairs: usize,
    #[serde(skip)]
    pub same: usize,
    pub same_label_share: f64,
    /// Week 1's labelled papers, and those with the history's label.
    pub first_week_labelled: usize,
    pub first_week_history_label: usize,
    pub first_week_share: f64,
}

/// `suggest` after the same histories.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestHistories {
    pub histories: usize,
    pub suggested: usize,
    pub labelled: usize,
    pub same_label: usize,
    pub same_label_share: f64,
}

/// A cold-start paper and its hand label (`(unlabelled)` when it has none).
#[derive(Debug, Clone, Serialize)]
pub struct ColdPaper {
    pub title: String,
    pub label: String,
}

/// Papers keeping their topic when the list's last papers are added.
#[derive(Debug, Clone, Serialize)]
pub struct Stability {
    pub appended: usize,
    /// After the last `appended` papers (None when the list is too short).
    pub kept: Option<f64>,
    /// For the appends that end 0, 1, … appends before the list's end.
    pub kept_windows: Vec<f64>,
    pub kept_mean: Option<f64>,
}

/// AMI of the topics of the list and of its prefixes (the list without its last 5, 10,
/// … papers, as the stability run clusters them), on the labelled papers each holds:
/// one clustering's AMI moves by a few hundredths with one paper's edges, the mean of
/// six much less.
#[derive(Debug, Clone, Serialize)]
pub struct PrefixAgreement {
    /// Papers in each list clustered (the whole list first).
    pub papers: Vec<usize>,
    pub ami: Vec<f64>,
    pub ami_mean: f64,
}

/// Share of each paper's nearest map points with its topic and with its hand label,
/// on the shipped layout and on PCA.
#[derive(Debug, Clone, Serialize)]
pub struct MapShares {
    pub topic_share: f64,
    pub label_share: f64,
    pub pca_topic_share: f64,
    pub pca_label_share: f64,
}

/// Every measure of one run.
#[derive(Debug, Clone, Serialize)]
pub struct LabelReport {
    pub papers: usize,
    pub labelled: usize,
    pub classes: usize,
    /// Topics found (Other counts).
    pub k: usize,
    pub resolution: Option<f64>,
    /// Papers in Other.
    pub other: usize,
    /// Seconds to build the graph and cluster.
    pub seconds: f64,
    pub readnext: Agreement,
    pub readnext_prefixes: PrefixAgreement,
    pub plain_kmeans: KmeansAgreement,
    pub plain_kmeans_label_k: KmeansAgreement,
    pub plan: PlanShare,
    pub plan_label_histories: PlanHistories,
    pub suggest_label_histories: SuggestHistories,
    /// The same over more histories: each label's labelled papers read two at a time
    /// in list order (first and second, third and fourth, …).
    pub plan_pair_histories: PlanHistories,
    pub suggest_pair_histories: SuggestHistories,
    pub cold_start: Vec<ColdPaper>,
    pub stability: Stability,
    pub map: MapShares,
}

/// Counts of one plan against the labels.
struct PlanCounts {
    same: usize,
    pairs: usize,
    weeks: usize,
    first_labelled: usize,
    first_same: usize,
}

/// Score the plan after `read` against the labels; `history` is the label of what
/// was read, when one label was.
fn plan_counts(
    engine: &Engine<'_>,
    graph: &Graph,
    read: &[ReadEntry],
    t: &Topics,
    label_of: &HashMap<usize, usize>,
    history: Option<usize>,
    o: &PlanOptions,
) -> PlanCounts {
    let weeks = plan(engine, graph, read, t, o);
    let (mut same, mut pairs) = (0usize, 0usize);
    let (mut first_labelled, mut first_same) = (0usize, 0usize);
    if let (Some(w), Some(h)) = (weeks.first(), history) {
        for p in &w.papers {
            if let Some(&l) = label_of.get(&p.index) {
                first_labelled += 1;
                first_same += usize::from(l == h);
            }
        }
    }
    for w in &weeks {
        for (a, p) in w.papers.iter().enumerate() {
            for q in &w.papers[a + 1..] {
                if let (Some(x), Some(y)) = (label_of.get(&p.index), label_of.get(&q.index)) {
                    pairs += 1;
                    same += usize::from(x == y);
                }
            }
        }
    }
    PlanCounts {
        same,
        pairs,
        weeks: weeks.len(),
        first_labelled,
        first_same,
    }
}

/// What the plans and suggestions are judged on: the list, its relatedness and
/// topics, and the labels.
struct Judged<'a> {
    engine: &'a Engine<'a>,
    graph: &'a Graph,
    ix: &'a Index,
    topics: &'a Topics,
    labelled: &'a Labelled,
    label_of: &'a HashMap<usize, usize>,
}

/// Plans and `suggest` after histories of one label: each label's first two labelled
/// papers (in list order) read, or with `every_pair` each two in turn.
fn label_histories(
    j: &Judged<'_>,
    topics_order: Option<ListOrder>,
    every_pair: bool,
) -> (PlanHistories, SuggestHistories) {
    let Judged {
        engine,
        graph,
        ix,
        topics: t,
        labelled,
        label_of,
    } = *j;
    let (rows, truth) = (&labelled.rows, &labelled.truth);
    let (mut h_same, mut h_pairs, mut histories) = (0usize, 0usize, 0usize);
    let (mut f_same, mut f_labelled) = (0usize, 0usize);
    let (mut s_same, mut s_labelled, mut s_count) = (0usize, 0usize, 0usize);
    let three = SuggestOptions {
        count: SUGGESTED,
        diversity: DIVERSITY,
        list_order: suggest::list_order(topics_order),
        ..Default::default()
    };
    let o = PlanOptions::new(WEEKS, PER_WEEK, DIVERSITY, topics_order);
    for class in 0..labelled.classes {
        let mut members: Vec<usize> = rows
            .iter()
            .zip(truth)
            .filter(|(_, &c)| c == class)
            .map(|(&i, _)| i)
            .collect();
        members.sort_by_key(|&i| (ix.papers[i].first_line(), i));
        if members.len() < 2 {
            continue;
        }
        let starts = if every_pair { members.len() / 2 } else { 1 };
        for pair in members.chunks_exact(2).take(starts) {
            let read: Vec<ReadEntry> = pair
                .iter()
                .map(|&i| ReadEntry {
                    index: i,
                    id: ix.papers[i].id.clone(),
                    title: ix.papers[i].title.clone(),
                    date: Some("2026-01-01".into()),
                    source: "eval".into(),
                    scheduled: false,
                })
                .collect();
            let c = plan_counts(engine, graph, &read, t, label_of, Some(class), &o);
            h_same += c.same;
            h_pairs += c.pairs;
            f_same += c.first_same;
            f_labelled += c.first_labelled;
            histories += 1;
            let next = suggest(engine, graph, &read, t, &three);
            s_count += next.len();
            for x in &next {
                if let Some(&l) = label_of.get(&x.index) {
                    s_labelled += 1;
                    s_same += usize::from(l == class);
                }
            }
        }
    }
    (
        PlanHistories {
            histories,
            pairs: h_pairs,
            same: h_same,
            same_label_share: share(h_same, h_pairs),
            first_week_labelled: f_labelled,
            first_week_history_label: f_same,
            first_week_share: share(f_same, f_labelled),
        },
        SuggestHistories {
            histories,
            suggested: s_count,
            labelled: s_labelled,
            same_label: s_same,
            same_label_share: share(s_same, s_labelled),
        },
    )
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The relatedness graph of an index, from its cache when it has one.
fn graph_of(engine: &Engine<'_>) -> Graph {
    Graph::cached(engine, GRAPH_NEIGHBOURS).0
}

/// Measure everything on `ix` with topic options `opts`, the labels `labelled`, the
/// history `read` (for the one plan it names) and stability after appends of `append`.
pub fn evaluate(
    ix: &Index,
    labelled: &Labelled,
    read: &[ReadEntry],
    opts: TopicOptions,
    append: usize,
) -> LabelReport {
    let engine = Engine::new(ix);
    let started = std::time::Instant::now();
    let graph = graph_of(&engine);
    let t = topics::topics(&ix.papers, &ix.vectors, &graph, opts);
    let seconds = started.elapsed().as_secs_f64();
    let rows = &labelled.rows;
    let truth = &labelled.truth;
    let k = t.topics.len();
    let label_of: HashMap<usize, usize> = rows.iter().copied().zip(truth.iter().copied()).collect();

    // The plan after the history: the share of same-week labelled pairs sharing a label.
    let one = plan_counts(
        &engine,
        &graph,
        read,
        &t,
        &label_of,
        None,
        &PlanOptions::new(WEEKS, PER_WEEK, DIVERSITY, opts.list_order),
    );
    // The same over many histories: for each label with at least two labelled papers,
    // its first two (in list order) read; a far finer measure than one history. And
    // `suggest` after the same histories: of its labelled papers, those with the
    // history's label.
    let judged = Judged {
        engine: &engine,
        graph: &graph,
        ix,
        topics: &t,
        labelled,
        label_of: &label_of,
    };
    let (plan_h, suggest_h) = label_histories(&judged, opts.list_order, false);
    let (plan_pairs, suggest_pairs) = label_histories(&judged, opts.list_order, true);
    let three = SuggestOptions {
        count: SUGGESTED,
        diversity: DIVERSITY,
        list_order: suggest::list_order(opts.list_order),
        ..Default::default()
    };
    let cold_start = suggest(&engine, &graph, &[], &t, &three)
        .iter()
        .map(|s| ColdPaper {
            title: s.title.clone(),
            label: label_of
                .get(&s.index)
                .map_or("(unlabelled)".to_string(), |&l| labelled.names[l].clone()),
        })
        .collect();

    // Stability: the list without its last `append` papers, clustered alone, for the
    // appends that end 0, 1, …, STABILITY_WINDOWS − 1 appends before the list's end
    // (the first is the single number reported as `kept`): one append says more about
    // which papers come last than about the method.
    let n = ix.papers.len();
    let cluster_prefix = |len: usize| {
        let p_ix = ix.prefix(len);
        let p_engine = Engine::new(&p_ix);
        let p_graph = graph_of(&p_engine);
        topics::topics(&p_ix.papers, &p_ix.vectors, &p_graph, opts).assign
    };
    let mut windows = Vec::new();
    let mut after = t.assign.clone();
    let prefix_ami = |assign: &[usize]| {
        let (r, tr): (Vec<usize>, Vec<usize>) = rows
            .iter()
            .zip(truth)
            .filter(|(&i, _)| i < assign.len())
            .map(|(&i, &c)| (i, c))
            .unzip();
        agreement(assign, &r, &tr).ami
    };
    let mut prefixes = PrefixAgreement {
        papers: vec![n],
        ami: vec![prefix_ami(&t.assign)],
        ami_mean: 0.0,
    };
    for w in 0..STABILITY_WINDOWS {
        let end = n.saturating_sub(w * append);
        if end < append + 3 || (w > 0 && append == 0) {
            break;
        }
        if w > 0 {
            after = cluster_prefix(end);
        }
        let before = cluster_prefix(end - append);
        windows.push(metrics::kept_share(&before, &after[..end - append]));
        prefixes.papers.push(end - append);
        prefixes.ami.push(prefix_ami(&before));
    }
    prefixes.ami_mean = prefixes.ami.iter().sum::<f64>() / prefixes.ami.len() as f64;
    let kept = windows.first().copied();
    let kept_mean =
        (!windows.is_empty()).then(|| windows.iter().sum::<f64>() / windows.len() as f64);

    // The map: do topics form regions, and do papers land near papers of their hand
    // label, on the shipped layout and on PCA.
    let adj = map::layout_graph(&graph, &ix.papers, opts.list_order, &t);
    let topic_of: Vec<Option<usize>> = (0..n)
        .map(|i| (!t.is_other(i)).then(|| t.assign[i]))
        .collect();
    let hand_of: Vec<Option<usize>> = (0..n).map(|i| label_of.get(&i).copied()).collect();
    let map_shares = |layout| {
        let coords = map::coordinates(&ix.vectors, &adj, layout);
        (
            map::near_share(&coords, &topic_of, MAP_NEAREST),
            map::near_share(&coords, &hand_of, MAP_NEAREST),
        )
    };
    let (topic_share, label_share) = map_shares(Layout::Graph);
    let (pca_topic_share, pca_label_share) = map_shares(Layout::Pca);

    LabelReport {
        papers: n,
        labelled: rows.len(),
        classes: labelled.classes,
        k,
        resolution: t.resolution,
        other: t.other_size(),
        seconds,
        readnext: agreement(&t.assign, rows, truth),
        readnext_prefixes: prefixes,
        plain_kmeans: KmeansAgreement {
            k,
            agreement: mean_agreement(&kmeans_runs(&ix.vectors, k, 10), rows, truth),
        },
        plain_kmeans_label_k: KmeansAgreement {
            k: labelled.classes,
            agreement: mean_agreement(&kmeans_runs(&ix.vectors, labelled.classes, 10), rows, truth),
        },
        plan: PlanShare {
            read: read.len(),
            weeks: one.weeks,
            pairs: one.pairs,
            same: one.same,
            same_label_share: share(one.same, one.pairs),
        },
        plan_label_histories: plan_h,
        suggest_label_histories: suggest_h,
        plan_pair_histories: plan_pairs,
        suggest_pair_histories: suggest_pairs,
        cold_start,
        stability: Stability {
            appended: append,
            kept,
            kept_windows: windows,
            kept_mean,
        },
        map: MapShares {
            topic_share,
            label_share,
            pca_topic_share,
            pca_label_share,
        },
    }
}
