//! `readnext index`: build or update the index of the list.

use crate::cli::args::IndexArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::Result;
use readnext::output;

pub fn run(ctx: &Ctx, args: &IndexArgs) -> Result<Outcome> {
    let corpus = ctx.corpus()?;
    let started = std::time::Instant::now();
    let (ix, stats) = ctx.build_index(&corpus, args.rebuild, args.precision.map(Into::into))?;
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "list": corpus.path.display().to_string(),
            "index_dir": ix.dir.display().to_string(),
            "papers": stats.papers,
            "embedded": stats.embedded,
            "reused": stats.reused,
            "removed": stats.removed,
            "model": ix.manifest.model.id,
            "precision": ix.manifest.model.precision.as_str(),
            "dimension": ix.manifest.dimension,
            "seconds": started.elapsed().as_secs_f64(),
        })))?;
    } else {
        ctx.print(&format!(
            "indexed {} papers of {} into {} ({} embedded, {} reused, {} removed) in {:.1}s\n",
            stats.papers,
            corpus.path.display(),
            ix.dir.display(),
            stats.embedded,
            stats.reused,
            stats.removed,
            started.elapsed().as_secs_f64()
        ))?;
    }
    Ok(Outcome::Found)
}
