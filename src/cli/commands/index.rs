//! `readnext index`: build or update the index of the list.

use crate::cli::args::IndexArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::Result;
use readnext::output;
use readnext::output::lang::{Indexed, Lang};
use readnext::rank::graph::Graph;
use readnext::rank::graph_cache::Cached;
use readnext::rank::Engine;
use readnext::topics::GRAPH_NEIGHBOURS;

pub fn run(ctx: &Ctx, args: &IndexArgs) -> Result<Outcome> {
    // Taken before the list is read: an edit made while it is read changes the stamp.
    let stamp = ctx.list_path().ok().and_then(|list| ctx.list_stamp(&list));
    let corpus = ctx.corpus()?;
    let started = std::time::Instant::now();
    ctx.note_precision(args.precision.map(Into::into));
    let (ix, stats) = ctx.build_index(&corpus, args.rebuild, args.precision.map(Into::into))?;
    // The index holds the list's papers now: the next command need not read the list.
    ctx.record_stamp(&ix, &corpus, stamp);
    // The index is current; what follows only makes caches (the graph of a 100,000-paper
    // list takes many minutes), so a signal now ends the process at once.
    if let Some(signal) = crate::cli::context::signals_end_the_process() {
        return Err(readnext::error::Error::Interrupted {
            signal,
            message: format!(
                "stopped by signal {signal} once the index was written ({} papers); the relatedness graph and topics are made by the next command that needs them",
                ix.papers.len()
            ),
        }
        .into());
    }
    // A big list's papers get their binary copy now, so the first command need not
    // parse papers.json (a second at 88,907 abstracts).
    readnext::index::store::keep_papers_copy(&ix.dir);
    // The relatedness graph and the default topics are made now, so the first
    // `topics`/`plan`/`suggest` need not.
    let (graph, cached) = Graph::cached(&Engine::new(&ix), GRAPH_NEIGHBOURS);
    super::topics::default_topics(&ix, &graph, &corpus.path);
    if cached == Cached::NotStored {
        ctx.note(&format!(
            "readnext: could not cache the relatedness graph in {}; later commands rebuild it",
            ix.dir.display()
        ));
    }
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "list": corpus.path.display().to_string(),
            "index_dir": ix.dir.display().to_string(),
            "papers": stats.papers,
            "embedded": stats.embedded,
            "reused": stats.reused,
            "removed": stats.removed,
            "resumed": stats.resumed,
            "up_to_date": stats.up_to_date,
            "model": ix.manifest.model.id,
            "precision": ix.manifest.model.precision.as_str(),
            "dimension": ix.manifest.dimension,
            "graph_cached": cached != Cached::NotStored,
            "seconds": started.elapsed().as_secs_f64(),
        })))?;
    } else {
        ctx.print(&Lang::from(args.lang).indexed(&Indexed {
            list: &corpus.path.display().to_string(),
            dir: &ix.dir.display().to_string(),
            papers: stats.papers,
            embedded: stats.embedded,
            reused: stats.reused,
            removed: stats.removed,
            resumed: stats.resumed,
            seconds: started.elapsed().as_secs_f64(),
            up_to_date: stats.up_to_date,
        }))?;
    }
    Ok(Outcome::Found)
}
