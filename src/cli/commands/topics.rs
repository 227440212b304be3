//! `readnext topics` and `readnext eval-topics`.

use crate::cli::args::{ClusterArgs, EvalTopicsArgs, MethodArg, TopicCount, TopicsArgs};
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::{bail, Result};
use readnext::corpus::{Corpus, Format};
use readnext::index::Index;
use readnext::output::{self, markdown::link_line, Table};
use readnext::rank::graph::{Graph, ListOrder};
use readnext::rank::Engine;
use readnext::topics::{self, kmeans, metrics, Method, TopicOptions, Topics, GRAPH_NEIGHBOURS};
use std::collections::BTreeMap;
use std::path::Path;

/// Topic options for a list at `path` from the shared clustering flags.
pub fn cluster_options(path: &Path, c: &ClusterArgs) -> TopicOptions {
    let mut o = TopicOptions::for_format(Format::from_path(path));
    o.method = match c.method {
        Some(MethodArg::Graph) => Method::Graph,
        Some(MethodArg::Ward) => Method::Ward,
        None => o.method,
    };
    o.resolution = c.resolution;
    let base = o.list_order.unwrap_or(topics::LIST_ORDER);
    let window = c
        .order_window
        .unwrap_or(o.list_order.map_or(0, |l| l.window));
    o.list_order = (window > 0).then(|| ListOrder {
        window,
        weight: c.order_weight.unwrap_or(base.weight),
    });
    o
}

/// The list's topics with the default options for its format.
pub fn default_topics(ix: &Index, graph: &Graph, path: &Path) -> Topics {
    let opts = TopicOptions::for_format(Format::from_path(path));
    topics::cache::cached(ix, graph, opts)
}

/// The relatedness graph of an index, from its cache when the index has one.
pub fn graph_of(engine: &Engine<'_>) -> Graph {
    Graph::cached(engine, GRAPH_NEIGHBOURS).0
}

fn options(path: &Path, args: &TopicsArgs) -> TopicOptions {
    TopicOptions {
        k: match args.k {
            TopicCount::Auto => None,
            TopicCount::Fixed(n) => Some(n),
        },
        seed: args.seed,
        lexical_weight: args.lexical_weight,
        ..cluster_options(path, &args.cluster)
    }
}

pub fn run(ctx: &Ctx, args: &TopicsArgs) -> Result<Outcome> {
    let (ix, corpus) = ctx.open_index()?;
    let engine = Engine::new(&ix);
    let graph = graph_of(&engine);
    let t = topics::cache::cached(&ix, &graph, options(&corpus.path, args));
    if let TopicCount::Fixed(k) = args.k {
        let real = t.topics.iter().filter(|x| !x.other).count();
        if real < k {
            ctx.note(&format!(
                "readnext: asked for {k} topics; the list splits into at most {real} (\"Other\" aside)"
            ));
        }
    }
    if ctx.g.json {
        ctx.print(&output::json(&t))?;
    } else if args.markdown {
        let mut out = String::new();
        for topic in &t.topics {
            out.push_str(&format!("## {}\n\n", capitalise(&topic.label)));
            for m in &topic.papers {
                out.push_str(&link_line(&m.title, &ix.papers[m.index].url));
                out.push('\n');
            }
            out.push('\n');
        }
        ctx.print(&out)?;
    } else {
        let mut table = Table::new(&["topic", "size", "label", "most central paper"])
            .right(0)
            .right(1)
            .max_width(2, 48)
            .max_width(3, 60);
        for topic in &t.topics {
            table.row(vec![
                topic.id.to_string(),
                topic.size.to_string(),
                topic.label.clone(),
                topic.central.clone(),
            ]);
        }
        let how = match (t.resolution, t.auto_k) {
            (Some(g), true) => format!("communities of the relatedness graph, resolution {g}"),
            (Some(g), false) => {
                format!("communities of the relatedness graph, resolution {g} for --k")
            }
            (None, auto) if t.assign.len() > topics::WARD_LIMIT => format!(
                "k-means, {}",
                if auto {
                    "k by the best silhouette"
                } else {
                    "--k"
                }
            ),
            (None, true) => {
                "Ward refined by k-means, k at the largest jump of the dendrogram".to_string()
            }
            (None, false) => "Ward refined by k-means, --k".to_string(),
        };
        let mut out = format!(
            "{} topics ({how}) for {} papers\n{}",
            t.topics.len(),
            ix.papers.len(),
            table.render()
        );
        for topic in &t.topics {
            out.push_str(&format!("\n{}. {}\n", topic.id, topic.label));
            for m in &topic.papers {
                let title: String = m.title.chars().take(90).collect();
                out.push_str(&format!(
                    "   {:.2}{} {}\n",
                    m.score,
                    if m.weak { "~" } else { " " },
                    title
                ));
            }
        }
        out.push_str("\n(~ marks a weak member: it fits its topic only loosely)\n");
        ctx.print(&out)?;
    }
    Ok(Outcome::Found)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn eval(ctx: &Ctx, args: &EvalTopicsArgs) -> Result<Outcome> {
    match &args.labels {
        Some(labels) => eval_labels(ctx, args, labels),
        None => eval_sample(ctx, args),
    }
}

/// Plain k-means on the dense vectors with `k` clusters, the best of `restarts`
/// k-means++ runs for each of seeds 1..=5: each seed's assignment.
fn kmeans_runs(vectors: &readnext::index::Vectors, k: usize, restarts: usize) -> Vec<Vec<usize>> {
    let rows = vectors.rows();
    (1..=5)
        .map(|seed| kmeans::kmeans(&rows, k, seed, restarts).assign)
        .collect()
}

/// Mean AMI, NMI and ARI of `runs` on the labelled rows.
fn mean_scores(runs: &[Vec<usize>], rows: &[usize], truth: &[usize]) -> [f64; 3] {
    let mut s = [0f64; 3];
    for run in runs {
        for (m, x) in s.iter_mut().zip(scores(run, rows, truth)) {
            *m += x / runs.len().max(1) as f64;
        }
    }
    s
}

fn scores(assign: &[usize], rows: &[usize], truth: &[usize]) -> [f64; 3] {
    let pred: Vec<usize> = rows.iter().map(|&i| assign[i]).collect();
    [
        metrics::ami(&pred, truth),
        metrics::nmi(&pred, truth),
        metrics::ari(&pred, truth),
    ]
}

/// Appends measured for the mean stability of `eval-topics --labels`.
const STABILITY_WINDOWS: usize = 5;

/// What a plan (6 weeks × 3) after `read` scores against the hand labels.
struct PlanCounts {
    /// Same-week pairs whose papers both have a label, and those sharing it.
    same: usize,
    pairs: usize,
    weeks: usize,
    /// Week 1's labelled papers, and those with the label `history` (when given).
    first_labelled: usize,
    first_same: usize,
}

/// Score the plan (6 weeks × 3) after `read` against the hand labels; `history` is
/// the label of what was read, when one label was.
fn plan_pairs(
    engine: &Engine<'_>,
    graph: &Graph,
    read: &[readnext::reading::history::ReadEntry],
    t: &readnext::topics::Topics,
    label_of: &std::collections::HashMap<usize, usize>,
    history: Option<usize>,
) -> PlanCounts {
    let weeks = readnext::reading::plan::plan(engine, graph, read, t, 6, 3, 0.3);
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

/// `eval-topics --labels`: the whole list's topics against hand labels.
fn eval_labels(ctx: &Ctx, args: &EvalTopicsArgs, labels: &Path) -> Result<Outcome> {
    let (ix, corpus) = ctx.open_index()?;
    let labelled = readnext::topics::labels::read(labels, &ix.papers)?;
    if labelled.rows.is_empty() {
        bail!(
            "{}: no labelled title matches a paper of {}; the labels are for another list",
            labels.display(),
            corpus.path.display()
        );
    }
    let engine = Engine::new(&ix);
    let started = std::time::Instant::now();
    let graph = graph_of(&engine);
    let opts = TopicOptions {
        lexical_weight: args.lexical_weight,
        ..cluster_options(&corpus.path, &args.cluster)
    };
    let t = topics::topics(&ix.papers, &ix.vectors, &graph, opts);
    let secs = started.elapsed().as_secs_f64();
    let rows = &labelled.rows;
    let truth = &labelled.truth;
    let ours = scores(&t.assign, rows, truth);
    let k = t.topics.len();
    let same_k = mean_scores(&kmeans_runs(&ix.vectors, k, 10), rows, truth);
    let label_k = mean_scores(&kmeans_runs(&ix.vectors, labelled.classes, 10), rows, truth);
    let other = t.other_size();

    // The plan after the history, 6 weeks × 3: the share of same-week pairs (both
    // labelled) that share a label.
    let history = readnext::reading::history::History::load(&ctx.history_path(&corpus.path))?;
    let (read, _) = history.resolve(&corpus);
    let label_of: std::collections::HashMap<usize, usize> =
        rows.iter().copied().zip(truth.iter().copied()).collect();
    let PlanCounts {
        same, pairs, weeks, ..
    } = plan_pairs(&engine, &graph, &read, &t, &label_of, None);
    // The same over many histories: for each label with at least two labelled papers,
    // its first two (in list order) read; a far finer measure than one history.
    let (mut h_same, mut h_pairs, mut histories) = (0usize, 0usize, 0usize);
    // And how far week 1 follows from the history: its labelled papers with the
    // history's label.
    let (mut f_same, mut f_labelled) = (0usize, 0usize);
    // And `suggest` after the same histories: of the suggested papers with a label,
    // how many have the history's.
    let (mut s_same, mut s_labelled, mut s_count) = (0usize, 0usize, 0usize);
    // `suggest` as the command runs it by default (also for the cold start below).
    let three = readnext::reading::suggest::SuggestOptions {
        count: 3,
        diversity: 0.3,
        ..Default::default()
    };
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
        let read: Vec<readnext::reading::history::ReadEntry> = members[..2]
            .iter()
            .map(|&i| readnext::reading::history::ReadEntry {
                index: i,
                id: ix.papers[i].id.clone(),
                title: ix.papers[i].title.clone(),
                date: Some("2026-01-01".into()),
                source: "eval".into(),
            })
            .collect();
        let c = plan_pairs(&engine, &graph, &read, &t, &label_of, Some(class));
        h_same += c.same;
        h_pairs += c.pairs;
        f_same += c.first_same;
        f_labelled += c.first_labelled;
        histories += 1;
        let next = readnext::reading::suggest::suggest(&engine, &graph, &read, &t, &three);
        s_count += next.len();
        for x in &next {
            if let Some(&l) = label_of.get(&x.index) {
                s_labelled += 1;
                s_same += usize::from(l == class);
            }
        }
    }
    let s_share = if s_labelled == 0 {
        0.0
    } else {
        s_same as f64 / s_labelled as f64
    };
    let h_share = if h_pairs == 0 {
        0.0
    } else {
        h_same as f64 / h_pairs as f64
    };
    let f_share = if f_labelled == 0 {
        0.0
    } else {
        f_same as f64 / f_labelled as f64
    };
    let share = if pairs == 0 {
        0.0
    } else {
        same as f64 / pairs as f64
    };
    let cold = readnext::reading::suggest::suggest(&engine, &graph, &[], &t, &three);
    let cold_labels: Vec<String> = cold
        .iter()
        .map(|s| {
            label_of
                .get(&s.index)
                .map_or("(unlabelled)".to_string(), |&l| labelled.names[l].clone())
        })
        .collect();

    // Stability: the list without its last `append` papers, clustered alone.
    let n = ix.papers.len();
    let cluster_prefix = |len: usize| {
        let p_ix = ix.prefix(len);
        let p_engine = Engine::new(&p_ix);
        let p_graph = graph_of(&p_engine);
        topics::topics(&p_ix.papers, &p_ix.vectors, &p_graph, opts).assign
    };
    // Stability for the appends that end 0, 1, …, STABILITY_WINDOWS − 1 appends before
    // the list's end (the first is the single number reported as `kept`): one append
    // says more about which papers come last than about the method.
    let mut windows = Vec::new();
    let mut after = t.assign.clone();
    for w in 0..STABILITY_WINDOWS {
        let end = n.saturating_sub(w * args.append);
        if end < args.append + 3 || (w > 0 && args.append == 0) {
            break;
        }
        if w > 0 {
            after = cluster_prefix(end);
        }
        let before = cluster_prefix(end - args.append);
        windows.push(metrics::kept_share(&before, &after[..end - args.append]));
    }
    let kept = windows.first().copied();
    let kept_mean =
        (!windows.is_empty()).then(|| windows.iter().sum::<f64>() / windows.len() as f64);
    // The map: do topics form regions, and do papers land near papers of their hand
    // label (5 nearest), on the shipped layout and on PCA.
    let adj = readnext::map::layout_graph(&graph, &ix.papers, opts.list_order, &t);
    let topic_of: Vec<Option<usize>> = (0..n)
        .map(|i| (!t.is_other(i)).then(|| t.assign[i]))
        .collect();
    let hand_of: Vec<Option<usize>> = (0..n).map(|i| label_of.get(&i).copied()).collect();
    let map_shares = |layout| {
        let coords = readnext::map::coordinates(&ix.vectors, &adj, layout);
        (
            readnext::map::near_share(&coords, &topic_of, 5),
            readnext::map::near_share(&coords, &hand_of, 5),
        )
    };
    let (map_topic, map_label) = map_shares(readnext::map::Layout::Graph);
    let (pca_topic, pca_label) = map_shares(readnext::map::Layout::Pca);
    let report = serde_json::json!({
        "list": corpus.path.display().to_string(),
        "labels": labels.display().to_string(),
        "papers": n,
        "labelled": rows.len(),
        "classes": labelled.classes,
        "k": k,
        "resolution": t.resolution,
        "other": other,
        "seconds": secs,
        "readnext": { "ami": ours[0], "nmi": ours[1], "ari": ours[2] },
        "plain_kmeans": { "k": k, "ami": same_k[0], "nmi": same_k[1], "ari": same_k[2] },
        "plain_kmeans_label_k": { "k": labelled.classes, "ami": label_k[0], "nmi": label_k[1], "ari": label_k[2] },
        "plan": { "read": read.len(), "weeks": weeks, "pairs": pairs, "same_label_share": share },
        "plan_label_histories": { "histories": histories, "pairs": h_pairs, "same_label_share": h_share, "first_week_labelled": f_labelled, "first_week_history_label": f_same, "first_week_share": f_share },
        "suggest_label_histories": { "histories": histories, "suggested": s_count, "labelled": s_labelled, "same_label": s_same, "same_label_share": s_share },
        "cold_start": cold.iter().zip(&cold_labels).map(|(s, l)| serde_json::json!({"title": s.title, "label": l})).collect::<Vec<_>>(),
        "stability": { "appended": args.append, "kept": kept, "kept_windows": windows, "kept_mean": kept_mean },
        "map": { "topic_share": map_topic, "label_share": map_label, "pca_topic_share": pca_topic, "pca_label_share": pca_label },
    });
    if ctx.g.json {
        ctx.print(&output::json(&report))?;
    } else {
        let mut text = format!(
            "{n} papers, {} labelled in {} classes; {k} topics (Other: {other} papers){} in {secs:.2}s\n\
             {:<28} {:>6} {:>6} {:>6}\n",
            rows.len(),
            labelled.classes,
            t.resolution.map_or(String::new(), |g| format!(", resolution {g}")),
            "", "AMI", "NMI", "ARI"
        );
        for (name, s) in [
            ("readnext topics".to_string(), ours),
            (format!("plain k-means, k = {k}"), same_k),
            (format!("plain k-means, k = {}", labelled.classes), label_k),
        ] {
            text.push_str(&format!(
                "{name:<28} {:>6.3} {:>6.3} {:>6.3}\n",
                s[0], s[1], s[2]
            ));
        }
        text.push_str(&format!(
            "plan after {} read paper(s), {weeks} weeks: {same} of {pairs} same-week labelled pairs share a label ({share:.2})\n\
             plans after two papers of each label ({histories} histories): {h_same} of {h_pairs} pairs share a label ({h_share:.2}); \
             week 1 follows the history: {f_same} of its {f_labelled} labelled papers have the history's label ({f_share:.2})\n\
             suggest after the same histories: {s_same} of {s_labelled} labelled suggestions (of {s_count}) have the history's label ({s_share:.2})\n",
            read.len(),
        ));
        text.push_str(&format!("cold start: {}\n", cold_labels.join(", ")));
        text.push_str(&format!(
            "map: of each paper's 5 nearest points, {map_topic:.3} share its topic and {map_label:.3} its hand label (PCA: {pca_topic:.3}, {pca_label:.3})\n"
        ));
        if let Some(k) = kept {
            text.push_str(&format!(
                "stability: {:.1}% of the first {} papers keep their topic when the last {} are added\n",
                k * 100.0,
                n - args.append,
                args.append
            ));
        }
        if let Some(m) = kept_mean {
            text.push_str(&format!(
                "stability over {} appends of {} (ending 0, {}, … papers before the end): mean {:.1}% ({})\n",
                windows.len(),
                args.append,
                args.append,
                m * 100.0,
                windows
                    .iter()
                    .map(|k| format!("{:.1}", k * 100.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        ctx.print(&text)?;
    }
    Ok(Outcome::Found)
}

/// `eval-topics` on a sample of a JSONL list with categories (and stability).
fn eval_sample(ctx: &Ctx, args: &EvalTopicsArgs) -> Result<Outcome> {
    let full = ctx.corpus()?;
    let n = args.sample.min(full.papers.len());
    if n <= args.append + 2 {
        bail!(
            "--sample {} leaves too few papers besides the {} appended ones",
            args.sample,
            args.append
        );
    }
    // Every step-th paper; the last `append` of them are the papers "added later".
    let step = (full.papers.len() / n).max(1);
    let grown_papers: Vec<_> = full.papers.iter().step_by(step).take(n).cloned().collect();
    let base_len = grown_papers.len() - args.append;
    let grown = Corpus {
        path: full.path.clone(),
        papers: grown_papers,
        ..Default::default()
    };
    // One index holds the grown list; the base list is its first rows.
    let (ix, _) = ctx.build_index(&grown, false, None)?;
    let base_ix = ix.prefix(base_len);
    let base = &base_ix.papers;
    let base_vectors = &base_ix.vectors;
    ctx.note(&format!("readnext: clustering {base_len} papers …"));
    let started = std::time::Instant::now();
    let base_opts = TopicOptions {
        lexical_weight: args.lexical_weight,
        ..cluster_options(&full.path, &args.cluster)
    };
    let base_engine = Engine::new(&base_ix);
    let base_graph = graph_of(&base_engine);
    let ours = topics::topics(base, base_vectors, &base_graph, base_opts);
    let ours_secs = started.elapsed().as_secs_f64();
    ctx.note(&format!(
        "readnext: {} topics in {ours_secs:.1}s; clustering again with {} more papers …",
        ours.k, args.append
    ));
    // The same number of real topics (`k` counts Other too, which `--k` does not).
    let real_topics = ours.topics.iter().filter(|t| !t.other).count();
    let fixed_k = TopicOptions {
        k: Some(real_topics.max(1)),
        ..base_opts
    };
    let engine = Engine::new(&ix);
    let graph = graph_of(&engine);
    let grown_fixed = topics::topics(&grown.papers, &ix.vectors, &graph, fixed_k);
    let grown_auto = topics::topics(&grown.papers, &ix.vectors, &graph, base_opts);
    let kept_fixed = metrics::kept_share(&ours.assign, &grown_fixed.assign[..base_len]);
    let kept_auto = metrics::kept_share(&ours.assign, &grown_auto.assign[..base_len]);
    let other = ours.other_size();
    let mut report = serde_json::json!({
        "list": full.path.display().to_string(),
        "papers": base_len,
        "k": ours.k,
        "other": other,
        "tried": ours.tried,
        "seconds": ours_secs,
        "stability": { "appended": args.append, "kept_same_k": kept_fixed, "kept_auto_k": kept_auto, "k_after": grown_auto.k },
    });
    let mut text = format!(
        "{base_len} papers, k = {} (auto; Other: {other} papers), clustered in {ours_secs:.2}s\n\
         stability after appending {}: {:.1}% keep their topic (same k), {:.1}% (auto k: {} -> {})\n",
        ours.k,
        args.append,
        kept_fixed * 100.0,
        kept_auto * 100.0,
        ours.k,
        grown_auto.k
    );
    if base.iter().all(|p| p.category.is_some()) {
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let cats: Vec<usize> = base
            .iter()
            .map(|p| {
                let next = ids.len();
                *ids.entry(p.category.clone().unwrap_or_default())
                    .or_insert(next)
            })
            .collect();
        // Plain k-means: the dense vectors alone, the same k, one k-means++ run for
        // each of seeds 1..=5 (their mean: one run's AMI moves by about 0.01 with the seed).
        let all: Vec<usize> = (0..base.len()).collect();
        let o = scores(&ours.assign, &all, &cats);
        let runs = kmeans_runs(base_vectors, ours.topics.len(), 1);
        let p = mean_scores(&runs, &all, &cats);
        // k-means' own stability, for comparison: seed 1 on the base and on the grown list.
        let km_grown = kmeans::kmeans(&ix.vectors.rows(), ours.topics.len(), 1, 1);
        let km_kept = metrics::kept_share(&runs[0], &km_grown.assign[..base_len]);
        report["categories"] = serde_json::json!(ids.len());
        report["readnext"] = serde_json::json!({ "ami": o[0], "nmi": o[1], "ari": o[2] });
        report["plain_kmeans"] =
            serde_json::json!({ "ami": p[0], "nmi": p[1], "ari": p[2], "kept_same_k": km_kept });
        text.push_str(&format!(
            "against primary_category ({} categories):\n  readnext topics  AMI {:.3}  NMI {:.3}  ARI {:.3}\n  plain k-means    AMI {:.3}  NMI {:.3}  ARI {:.3}  (same k, mean of seeds 1-5; {:.1}% keep their cluster after appending)\n",
            ids.len(), o[0], o[1], o[2], p[0], p[1], p[2], km_kept * 100.0
        ));
    }
    if ctx.g.json {
        ctx.print(&output::json(&report))?;
    } else {
        ctx.print(&text)?;
    }
    Ok(Outcome::Found)
}
