//! `readnext topics` and `readnext eval-topics`.

use crate::cli::args::{ClusterArgs, EvalTopicsArgs, MethodArg, TopicCount, TopicsArgs};
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::{bail, Result};
use readnext::corpus::{Corpus, Format};
use readnext::evaluate;
use readnext::index::Index;
use readnext::output::lang::{Lang, TopicsHow};
use readnext::output::markdown::paper_line;
use readnext::output::{self, Table};
use readnext::rank::graph::{Graph, ListOrder};
use readnext::rank::Engine;
use readnext::topics::{self, kmeans, metrics, Method, TopicOptions, Topics, GRAPH_NEIGHBOURS};
use std::collections::BTreeMap;
use std::path::Path;

/// Topic options for a list at `path` from the shared clustering flags.
pub fn cluster_options(path: &Path, c: &ClusterArgs) -> TopicOptions {
    let mut o = TopicOptions::for_format(Format::of_list(path));
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
    let opts = TopicOptions::for_format(Format::of_list(path));
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
    let lang = Lang::from(args.lang);
    if ctx.g.json {
        ctx.print(&output::json(&t))?;
    } else if args.markdown {
        let mut out = String::new();
        let notes = corpus.linked_notes();
        for topic in &t.topics {
            out.push_str(&format!("## {}\n\n", capitalise(&lang.label(&topic.label))));
            for m in &topic.papers {
                let paper = &ix.papers[m.index];
                // In a folder of notes, a link to the paper's note.
                let note =
                    notes.and_then(|files| Some((corpus.file_of_line(paper.first_line())?, files)));
                out.push_str(&paper_line(&m.title, &paper.url, None, note));
                out.push('\n');
            }
            out.push('\n');
        }
        ctx.print(&out)?;
    } else {
        let mut table = Table::new(&lang.topics_columns())
            .right(0)
            .right(1)
            .max_width(2, 48)
            .max_width(3, 60);
        for topic in &t.topics {
            table.row(vec![
                topic.id.to_string(),
                topic.size.to_string(),
                lang.label(&topic.label),
                topic.central.clone(),
            ]);
        }
        let for_k = !t.auto_k;
        let how = match t.resolution {
            Some(resolution) => TopicsHow::Graph { resolution, for_k },
            None if t.assign.len() > topics::WARD_LIMIT => TopicsHow::KMeans { for_k },
            None => TopicsHow::Ward { for_k },
        };
        // The topics asked for (`--k`) and, apart, the Other group.
        let real = t.topics.iter().filter(|x| !x.other).count();
        let mut out = format!(
            "{}\n{}",
            lang.topics_head(real, t.other_size(), &how, ix.papers.len()),
            table.render()
        );
        for topic in &t.topics {
            out.push_str(&format!("\n{}. {}\n", topic.id, lang.label(&topic.label)));
            for m in &topic.papers {
                let title = output::table::clip(&m.title, 90);
                out.push_str(&format!(
                    "  {:>5.2}{} {}\n",
                    m.score,
                    if m.weak { "~" } else { " " },
                    title
                ));
            }
        }
        out.push_str(&format!("\n{}\n", lang.weak_member_note()));
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

/// `eval-topics --labels`: the whole list's topics, plans, suggestions and map
/// against hand labels (`readnext::evaluate::labels`).
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
    if !labelled.unmatched.is_empty() {
        let shown: Vec<String> = labelled
            .unmatched
            .iter()
            .take(5)
            .map(|t| format!("\"{t}\""))
            .collect();
        ctx.note(&format!(
            "readnext: {} labelled title(s) of {} match no paper of {} and are left out: {}{}",
            labelled.unmatched.len(),
            labels.display(),
            corpus.path.display(),
            shown.join(", "),
            if labelled.unmatched.len() > 5 {
                ", …"
            } else {
                ""
            }
        ));
    }
    let opts = TopicOptions {
        lexical_weight: args.lexical_weight,
        ..cluster_options(&corpus.path, &args.cluster)
    };
    let history = ctx.load_history(&corpus.path)?;
    let (read, _) = history.resolve(&corpus);
    let r = evaluate::labels::evaluate(&ix, &labelled, &read, opts, args.append);
    if ctx.g.json {
        let mut report = serde_json::to_value(&r)?;
        report["list"] = corpus.path.display().to_string().into();
        report["labels"] = labels.display().to_string().into();
        report["unmatched"] = labelled.unmatched.clone().into();
        ctx.print(&output::json(&report))?;
        return Ok(Outcome::Found);
    }
    let (k, n) = (r.k, r.papers);
    let mut text = format!(
        "{n} papers, {} labelled in {} classes; {k} topics (Other: {} papers){} in {:.2}s\n\
         {:<28} {:>6} {:>6} {:>6}\n",
        r.labelled,
        r.classes,
        r.other,
        r.resolution
            .map_or(String::new(), |g| format!(", resolution {g}")),
        r.seconds,
        "",
        "AMI",
        "NMI",
        "ARI"
    );
    for (name, s) in [
        ("readnext topics".to_string(), r.readnext),
        (format!("plain k-means, k = {k}"), r.plain_kmeans.agreement),
        (
            format!("plain k-means, k = {}", r.plain_kmeans_label_k.k),
            r.plain_kmeans_label_k.agreement,
        ),
    ] {
        text.push_str(&format!(
            "{name:<28} {:>6.3} {:>6.3} {:>6.3}\n",
            s.ami, s.nmi, s.ari
        ));
    }
    let pa = &r.readnext_prefixes;
    text.push_str(&format!(
        "readnext topics of the list and of {} prefixes: AMI mean {:.3} ({})\n",
        pa.ami.len() - 1,
        pa.ami_mean,
        pa.ami
            .iter()
            .map(|a| format!("{a:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let (p, h, s) = (&r.plan, &r.plan_label_histories, &r.suggest_label_histories);
    text.push_str(&format!(
        "plan after {} read paper(s), {} weeks: {} of {} same-week labelled pairs share a label ({:.2})\n\
         plans after two papers of each label ({} histories): {} of {} pairs share a label ({:.2}); \
         week 1 follows the history: {} of its {} labelled papers have the history's label ({:.2})\n\
         suggest after the same histories: {} of {} labelled suggestions (of {}) have the history's label ({:.2})\n",
        p.read, p.weeks, p.same, p.pairs, p.same_label_share,
        h.histories, h.same, h.pairs, h.same_label_share,
        h.first_week_history_label, h.first_week_labelled, h.first_week_share,
        s.same_label, s.labelled, s.suggested, s.same_label_share,
    ));
    let (h, s) = (&r.plan_pair_histories, &r.suggest_pair_histories);
    text.push_str(&format!(
        "plans after each two papers of a label in turn ({} histories): {} of {} pairs share a label ({:.2}); \
         week 1: {} of {} ({:.2}); suggest: {} of {} ({:.2})\n",
        h.histories, h.same, h.pairs, h.same_label_share,
        h.first_week_history_label, h.first_week_labelled, h.first_week_share,
        s.same_label, s.labelled, s.same_label_share,
    ));
    let cold: Vec<&str> = r.cold_start.iter().map(|c| c.label.as_str()).collect();
    text.push_str(&format!("cold start: {}\n", cold.join(", ")));
    let m = &r.map;
    text.push_str(&format!(
        "map: of each paper's 5 nearest points, {:.3} share its topic and {:.3} its hand label (PCA: {:.3}, {:.3})\n",
        m.topic_share, m.label_share, m.pca_topic_share, m.pca_label_share
    ));
    let st = &r.stability;
    if let Some(kept) = st.kept {
        text.push_str(&format!(
            "stability: {:.1}% of the first {} papers keep their topic when the last {} are added\n",
            kept * 100.0,
            n - st.appended,
            st.appended
        ));
    }
    if let Some(mean) = st.kept_mean {
        text.push_str(&format!(
            "stability over {} appends of {} (ending 0, {}, … papers before the end): mean {:.1}% ({})\n",
            st.kept_windows.len(),
            st.appended,
            st.appended,
            mean * 100.0,
            st.kept_windows
                .iter()
                .map(|k| format!("{:.1}", k * 100.0))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    ctx.print(&text)?;
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
        let o = evaluate::agreement(&ours.assign, &all, &cats);
        let runs = evaluate::kmeans_runs(base_vectors, ours.topics.len(), 1);
        let p = evaluate::mean_agreement(&runs, &all, &cats);
        // k-means' own stability, for comparison: seed 1 on the base and on the grown list.
        let km_grown = kmeans::kmeans(&ix.vectors.rows(), ours.topics.len(), 1, 1);
        let km_kept = metrics::kept_share(&runs[0], &km_grown.assign[..base_len]);
        report["categories"] = serde_json::json!(ids.len());
        report["readnext"] = serde_json::json!({ "ami": o.ami, "nmi": o.nmi, "ari": o.ari });
        report["plain_kmeans"] =
            serde_json::json!({ "ami": p.ami, "nmi": p.nmi, "ari": p.ari, "kept_same_k": km_kept });
        text.push_str(&format!(
            "against primary_category ({} categories):\n  readnext topics  AMI {:.3}  NMI {:.3}  ARI {:.3}\n  plain k-means    AMI {:.3}  NMI {:.3}  ARI {:.3}  (same k, mean of seeds 1-5; {:.1}% keep their cluster after appending)\n",
            ids.len(), o.ami, o.nmi, o.ari, p.ami, p.nmi, p.ari, km_kept * 100.0
        ));
    }
    if ctx.g.json {
        ctx.print(&output::json(&report))?;
    } else {
        ctx.print(&text)?;
    }
    Ok(Outcome::Found)
}
