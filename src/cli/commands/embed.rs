//! `readnext embed`: texts in, one JSON object a line out.

use crate::cli::args::EmbedArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::{bail, Context as _, Result};
use readnext::embed::Embedder;
use std::io::Read;

pub fn run(ctx: &Ctx, args: &EmbedArgs) -> Result<Outcome> {
    let mut texts = args.texts.clone();
    if let Some(input) = &args.input {
        let mut raw = String::new();
        if input.as_os_str() == "-" {
            std::io::stdin()
                .read_to_string(&mut raw)
                .context("cannot read stdin")?;
        } else {
            raw = std::fs::read_to_string(input)
                .with_context(|| format!("cannot read {}", input.display()))?;
        }
        texts.extend(
            raw.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string),
        );
    }
    if texts.is_empty() {
        bail!("nothing to embed: give TEXT arguments or --input FILE");
    }
    let (embedder, _) = ctx.embedder()?;
    ctx.note_precision(Some(args.precision.into()));
    let mut embedder = embedder
        .with_batch_size(args.batch_size)
        .with_precision(args.precision.into());
    if let Some(n) = args.token_budget {
        embedder = embedder.with_token_budget(n);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut best = f64::INFINITY;
    let mut vectors = Vec::new();
    for _ in 0..args.repeat {
        let started = std::time::Instant::now();
        vectors = if args.query {
            embedder.embed_queries(&refs)?
        } else {
            embedder.embed(&refs)?
        };
        best = best.min(started.elapsed().as_secs_f64());
    }
    if args.stats {
        let tokens: usize = embedder.token_counts(&refs)?.iter().sum();
        eprintln!(
            "readnext {} texts {tokens} tokens {best:.3} s {:.0} tokens/s",
            refs.len(),
            tokens as f64 / best.max(1e-9)
        );
    }
    let mut out = String::new();
    for (t, v) in texts.iter().zip(vectors) {
        out.push_str(&serde_json::to_string(
            &serde_json::json!({ "text": t, "embedding": v }),
        )?);
        out.push('\n');
    }
    ctx.print(&out)?;
    Ok(Outcome::Found)
}
