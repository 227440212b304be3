//! `readnext enrich --from FILE`: abstracts for the papers the list gives none, matched
//! from a metadata file and kept in `metadata.jsonl` beside the list's index. The list
//! is not changed; the next command embeds the found abstracts (just those papers).

use crate::cli::args::EnrichArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::{bail, Context as _, Result};
use readnext::corpus::enrich::{self, Match, MatchKind};
use readnext::corpus::{Corpus, Paper};
use readnext::output::{self, Table};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct MatchRow<'a> {
    id: &'a str,
    title: &'a str,
    matched_title: &'a str,
    #[serde(rename = "match")]
    by: MatchKind,
    score: f32,
}

/// How far below the threshold a close title is still shown in the table.
const NEAR_MISS: f32 = 0.15;

fn row<'a>(list: &'a [Paper], from: &'a [Paper], m: &Match) -> MatchRow<'a> {
    MatchRow {
        id: &list[m.paper].id,
        title: &list[m.paper].title,
        matched_title: &from[m.record].title,
        by: m.by,
        score: m.score,
    }
}

pub fn run(ctx: &Ctx, args: &EnrichArgs) -> Result<Outcome> {
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!(
            "--threshold {} is not a score between 0 and 1 (default {})",
            args.threshold,
            enrich::FUZZY_THRESHOLD
        );
    }
    let list = ctx.corpus()?;
    let from = Corpus::load(&args.from)?;
    let lacking = list.papers.iter().filter(|p| !p.has_abstract()).count();
    let matches = enrich::find(&list.papers, &from.papers, args.threshold);
    let cache = ctx.enrich_cache(&list.path);
    let from_name = args.from.display().to_string();
    let records = enrich::records(&list.papers, &from.papers, &matches.applied, &from_name);
    let cached = if records.is_empty() {
        enrich::read_cache(&cache)?.len()
    } else {
        if let Some(dir) = cache.parent() {
            std::fs::create_dir_all(dir).with_context(|| {
                format!(
                    "cannot create {}; pass a writable --index-dir",
                    dir.display()
                )
            })?;
        }
        enrich::write_cache(&cache, records)?
    };
    let mut by: BTreeMap<MatchKind, usize> = BTreeMap::new();
    for m in &matches.applied {
        *by.entry(m.by).or_insert(0) += 1;
    }
    let found = matches.applied.len();
    let applied: Vec<MatchRow> = matches
        .applied
        .iter()
        .map(|m| row(&list.papers, &from.papers, m))
        .collect();
    let below: Vec<MatchRow> = matches
        .below
        .iter()
        .map(|m| row(&list.papers, &from.papers, m))
        .collect();
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "list": list.path.display().to_string(),
            "from": from_name,
            "cache": cache.display().to_string(),
            "papers": list.papers.len(),
            "lacking": lacking,
            "found": found,
            "by": by,
            "threshold": args.threshold,
            "cached": cached,
            "matches": applied,
            "below_threshold": below,
        })))?;
    } else {
        let fuzzy: Vec<&MatchRow> = applied
            .iter()
            .filter(|r| r.by == MatchKind::Fuzzy)
            .collect();
        // Near misses only (JSON has every best candidate).
        let below: Vec<&MatchRow> = below
            .iter()
            .filter(|r| r.score >= args.threshold - NEAR_MISS)
            .collect();
        if !fuzzy.is_empty() || !below.is_empty() {
            let mut t = Table::new(&["title", "closest in the file", "score", "applied"])
                .max_width(0, 50)
                .max_width(1, 50);
            for (r, yes) in fuzzy
                .iter()
                .map(|r| (*r, true))
                .chain(below.iter().map(|r| (*r, false)))
            {
                t.row(vec![
                    r.title.to_string(),
                    r.matched_title.to_string(),
                    format!("{:.3}", r.score),
                    if yes { "yes" } else { "no" }.to_string(),
                ]);
            }
            ctx.print(&t.render())?;
        }
        let parts: Vec<String> = by
            .iter()
            .map(|(k, n)| {
                let name = match k {
                    MatchKind::ArxivId => "arXiv id",
                    MatchKind::Doi => "DOI",
                    MatchKind::Title => "title",
                    MatchKind::Fuzzy => "close title",
                };
                format!("{n} by {name}")
            })
            .collect();
        ctx.print(&format!(
            "{found} of {lacking} papers without an abstract found one in {from_name}{}; \
             {cached} kept in {}\n",
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            },
            cache.display()
        ))?;
    }
    Ok(if found > 0 {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}
