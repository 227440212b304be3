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
    let mut rows = Vec::new();
    for (name, w) in [("dense", Weights::DENSE), ("lexical", Weights::LEXICAL), ("hybrid", Weights::RELATED)] {
        rows.push(eval::evaluate(&engine, &pairs, name, w)?);
    }
    if std::env::var_os("READNEXT_EVAL_SWEEP").is_some() {
        for l in [0.2f32, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0] {
            rows.push(eval::evaluate(&engine, &pairs, "sweep", Weights { dense: 1.0, lexical: l })?);
        }
    }
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({ "pairs_file": args.pairs.display().to_string(), "results": rows })))?;
    } else {
        let mut t = Table::new(&["method", "dense w", "lexical w", "R@5", "R@10", "strong R@5", "strong R@10", "pairs"])
            .right(1).right(2).right(3).right(4).right(5).right(6).right(7);
        for r in &rows {
            t.row(vec![
                r.method.clone(),
                format!("{:.2}", r.weights.dense),
                format!("{:.2}", r.weights.lexical),
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
