//! `readnext eval`: recall@5/@10 of dense, lexical and hybrid ranking on labelled pairs.

use crate::cli::args::EvalArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::Result;
use readnext::output::{self, Table};
use readnext::rank::{eval, Engine, Weights};

pub fn run(ctx: &Ctx, args: &EvalArgs) -> Result<Outcome> {
    let pairs = eval::read_pairs(&args.pairs)?;
    let (ix, _) = ctx.open_index()?;
    let engine = Engine::new(&ix);
    // Ablation: each channel alone, then added one by one up to the shipped hybrid.
    let r = Weights::RELATED;
    let methods = [
        ("dense", Weights::DENSE),
        ("lexical", Weights::LEXICAL),
        (
            "dense+lexical",
            Weights {
                names: 0.0,
                hub: 0.0,
                ..r
            },
        ),
        ("dense+lexical+names", Weights { hub: 0.0, ..r }),
        ("hybrid", r),
    ];
    let mut rows = Vec::new();
    for (name, w) in methods {
        rows.push(eval::evaluate(&engine, &pairs, name, w)?);
    }
    if ctx.g.json {
        ctx.print(&output::json(
            &serde_json::json!({ "pairs_file": args.pairs.display().to_string(), "results": rows }),
        ))?;
    } else {
        let mut t = Table::new(&[
            "method",
            "dense w",
            "lexical w",
            "names w",
            "hub w",
            "R@5",
            "R@10",
            "strong R@5",
            "strong R@10",
            "pairs",
        ])
        .right(1)
        .right(2)
        .right(3)
        .right(4)
        .right(5)
        .right(6)
        .right(7)
        .right(8)
        .right(9);
        for r in &rows {
            t.row(vec![
                r.method.clone(),
                format!("{:.2}", r.weights.dense),
                format!("{:.2}", r.weights.lexical),
                format!("{:.2}", r.weights.names),
                format!("{:.2}", r.weights.hub),
                format!("{:.3}", r.recall_at_5),
                format!("{:.3}", r.recall_at_10),
                format!("{:.3}", r.strong_recall_at_5),
                format!("{:.3}", r.strong_recall_at_10),
                format!("{} ({} strong)", r.pairs, r.strong_pairs),
            ]);
        }
        ctx.print(&t.render())?;
    }
    Ok(Outcome::Found)
}
