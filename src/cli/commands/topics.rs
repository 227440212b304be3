//! `readnext topics` and `readnext eval-topics`.

use crate::cli::args::{EvalTopicsArgs, TopicCount, TopicsArgs};
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::{bail, Result};
use readnext::corpus::Corpus;
use readnext::output::{self, markdown::link_line, Table};
use readnext::topics::{self, kmeans, metrics, TopicOptions};
use std::collections::BTreeMap;

fn options(args: &TopicsArgs) -> TopicOptions {
    TopicOptions {
        k: match args.k {
            TopicCount::Auto => None,
            TopicCount::Fixed(n) => Some(n),
        },
        seed: args.seed,
        lexical_weight: args.lexical_weight,
        ..TopicOptions::default()
    }
}

pub fn run(ctx: &Ctx, args: &TopicsArgs) -> Result<Outcome> {
    let (ix, _) = ctx.open_index()?;
    let t = topics::topics(&ix.papers, &ix.vectors, options(args));
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
        let mut out = format!(
            "{} topics ({}) for {} papers\n{}",
            t.k,
            if t.auto_k {
                "k at the largest jump of the dendrogram"
            } else {
                "--k"
            },
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
    };
    // One index holds the grown list; the base list's vectors are its first rows.
    let (ix, _) = ctx.build_index(&grown, false, None)?;
    let base = &grown.papers[..base_len];
    let base_vectors = readnext::index::Vectors {
        dimension: ix.vectors.dimension,
        data: ix.vectors.data[..base_len * ix.vectors.dimension].to_vec(),
    };
    ctx.note(&format!("readnext: clustering {base_len} papers …"));
    let started = std::time::Instant::now();
    let base_opts = TopicOptions {
        lexical_weight: args.lexical_weight,
        ..TopicOptions::default()
    };
    let ours = topics::topics(base, &base_vectors, base_opts);
    let ours_secs = started.elapsed().as_secs_f64();
    ctx.note(&format!(
        "readnext: {} topics in {ours_secs:.1}s; clustering again with {} more papers …",
        ours.k, args.append
    ));
    let fixed_k = TopicOptions {
        k: Some(ours.k),
        ..base_opts
    };
    let grown_fixed = topics::topics(&grown.papers, &ix.vectors, fixed_k);
    let grown_auto = topics::topics(&grown.papers, &ix.vectors, base_opts);
    let kept_fixed = metrics::kept_share(&ours.assign, &grown_fixed.assign[..base_len]);
    let kept_auto = metrics::kept_share(&ours.assign, &grown_auto.assign[..base_len]);

    let mut report = serde_json::json!({
        "list": full.path.display().to_string(),
        "papers": base_len,
        "k": ours.k,
        "tried": ours.tried,
        "seconds": ours_secs,
        "stability": { "appended": args.append, "kept_same_k": kept_fixed, "kept_auto_k": kept_auto, "k_after": grown_auto.k },
    });
    let mut text = format!(
        "{base_len} papers, k = {} (auto), clustered in {ours_secs:.2}s\n\
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
        // Plain k-means: the dense vectors alone, one k-means++ run, the same k.
        let plain = kmeans::kmeans(&base_vectors.rows(), ours.k, 42, 1);
        let (nmi, ari) = (
            metrics::nmi(&ours.assign, &cats),
            metrics::ari(&ours.assign, &cats),
        );
        let (pnmi, pari) = (
            metrics::nmi(&plain.assign, &cats),
            metrics::ari(&plain.assign, &cats),
        );
        report["categories"] = serde_json::json!(ids.len());
        report["readnext"] = serde_json::json!({ "nmi": nmi, "ari": ari });
        report["plain_kmeans"] = serde_json::json!({ "nmi": pnmi, "ari": pari });
        text.push_str(&format!(
            "against primary_category ({} categories):\n  readnext topics  NMI {nmi:.3}  ARI {ari:.3}\n  plain k-means    NMI {pnmi:.3}  ARI {pari:.3}\n",
            ids.len()
        ));
    }
    if ctx.g.json {
        ctx.print(&output::json(&report))?;
    } else {
        ctx.print(&text)?;
    }
    Ok(Outcome::Found)
}
