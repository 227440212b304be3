//! `readnext enrich [--from FILE] [--online] [--write]`: abstracts for the papers the
//! list gives none, matched from a metadata file and, when asked, looked up online
//! (arXiv, OpenAlex, Crossref); kept in `metadata.jsonl` beside the list's index as they
//! arrive. The list changes only with `--write`; the next command embeds the found
//! abstracts (just those papers).

use crate::cli::args::EnrichArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::{bail, Context as _, Result};
use readnext::corpus::enrich::{self, Match, MatchKind};
use readnext::corpus::{Corpus, Paper};
use readnext::output::{self, Table};
use serde::Serialize;
use std::collections::BTreeMap;

/// One match of a paper to a record of the `--from` file, as shown and as JSON.
#[derive(Serialize, Clone)]
struct MatchRow {
    id: String,
    title: String,
    matched_title: String,
    #[serde(rename = "match")]
    by: MatchKind,
    score: f32,
}

/// How far below the threshold a close title is still shown in the table.
const NEAR_MISS: f32 = 0.15;

fn row(list: &[Paper], from: &[Paper], m: &Match) -> MatchRow {
    MatchRow {
        id: list[m.paper].id.clone(),
        title: list[m.paper].title.clone(),
        matched_title: from[m.record].title.clone(),
        by: m.by,
        score: m.score,
    }
}

/// The abstracts matched from `--from`: records for the cache, and the rows to show.
struct FileMatches {
    name: String,
    records: Vec<enrich::Record>,
    by: BTreeMap<MatchKind, usize>,
    applied: Vec<MatchRow>,
    below: Vec<MatchRow>,
}

fn match_file(
    ctx: &Ctx,
    list: &Corpus,
    path: &std::path::Path,
    threshold: f32,
) -> Result<FileMatches> {
    let from = ctx.load_other(path)?;
    let matches = enrich::find(&list.papers, &from.papers, threshold);
    let name = path.display().to_string();
    let records = enrich::records(&list.papers, &from.papers, &matches.applied, &name);
    let mut by: BTreeMap<MatchKind, usize> = BTreeMap::new();
    for m in &matches.applied {
        *by.entry(m.by).or_insert(0) += 1;
    }
    Ok(FileMatches {
        name,
        records,
        by,
        applied: matches
            .applied
            .iter()
            .map(|m| row(&list.papers, &from.papers, m))
            .collect(),
        below: matches
            .below
            .iter()
            .map(|m| row(&list.papers, &from.papers, m))
            .collect(),
    })
}

fn ensure_dir(cache: &std::path::Path) -> Result<()> {
    if let Some(dir) = cache.parent() {
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "cannot create {}; pass a writable --index-dir",
                dir.display()
            )
        })?;
    }
    Ok(())
}

/// What `--online` did.
#[derive(Serialize, Default)]
struct OnlineSummary {
    looked_up: usize,
    found: usize,
    by_source: BTreeMap<String, usize>,
    failed_requests: usize,
    failures: Vec<String>,
    skipped_offline: bool,
}

fn look_up_online(
    ctx: &Ctx,
    list: &mut Corpus,
    cache: &std::path::Path,
    args: &EnrichArgs,
) -> Result<OnlineSummary> {
    use readnext::corpus::online::{self, Event, OnlineOptions};
    let wanted: Vec<usize> = (0..list.papers.len())
        .filter(|&i| !list.papers[i].has_abstract())
        .collect();
    let mut summary = OnlineSummary {
        looked_up: wanted.len(),
        ..Default::default()
    };
    if wanted.is_empty() {
        return Ok(summary);
    }
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        bail!(
            "--timeout {} is not a number of seconds above 0",
            args.timeout
        );
    }
    let opts = OnlineOptions {
        endpoints: online::Endpoints::from_env(),
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        threshold: args.threshold,
    };
    ctx.note(&format!(
        "readnext: looking up {} abstracts online (arXiv {}, OpenAlex {}, Crossref {}) …",
        wanted.len(),
        opts.endpoints.arxiv,
        opts.endpoints.openalex,
        opts.endpoints.crossref
    ));
    ensure_dir(cache)?;
    let bar = ctx.bar(wanted.len() as u64, "abstracts");
    let mut write_error: Option<anyhow::Error> = None;
    let mut found: Vec<enrich::Record> = Vec::new();
    let report = online::lookup(&list.papers, &wanted, &opts, &mut |e| match e {
        Event::Found(records) => {
            // Written as they arrive: an interrupted lookup keeps what it found.
            if write_error.is_none() {
                if let Err(e) = enrich::write_cache(cache, records.clone()) {
                    write_error = Some(e.into());
                }
            }
            found.extend(records);
        }
        Event::Failed { service, message } => {
            bar.suspend(|| ctx.note(&format!("readnext: {service}: {message}")));
            summary.failures.push(format!("{service}: {message}"));
        }
        Event::Progress { done, .. } => bar.set_position(done as u64),
    });
    bar.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e.context(format!(
            "cannot keep the found abstracts in {}",
            cache.display()
        )));
    }
    if report.answered_requests == 0 && report.failed_requests > 0 {
        bail!(
            "no online service answered ({} requests failed; first: {}); check the network, \
             or point {} / {} / {} at a mirror",
            report.failed_requests,
            summary.failures.first().map_or("", String::as_str),
            online::Endpoints::ARXIV_ENV,
            online::Endpoints::OPENALEX_ENV,
            online::Endpoints::CROSSREF_ENV
        );
    }
    for r in &found {
        let name = serde_json::to_value(r.source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        *summary.by_source.entry(name).or_insert(0) += 1;
    }
    summary.found = report.found;
    summary.failed_requests = report.failed_requests;
    enrich::apply(&mut list.papers, &found);
    Ok(summary)
}

/// `--write`: the found abstracts into the (markdown) list, under their entries.
fn write_into_list(list: &Corpus) -> Result<Option<serde_json::Value>> {
    let items: Vec<(usize, &str)> = list
        .papers
        .iter()
        .filter(|p| {
            p.abstract_source
                .is_some_and(|s| s != readnext::corpus::AbstractSource::List)
        })
        .filter_map(|p| Some((p.first_line(), p.abstract_text.get()?)))
        .filter(|(line, _)| *line > 0)
        .collect();
    if items.is_empty() {
        return Ok(None);
    }
    let path = &list.path;
    let (text, encoding) = readnext::corpus::encoding::read_text(path)?;
    let (new, inserted) = readnext::corpus::append::insert_abstracts(&text, &items);
    if inserted == 0 {
        return Ok(None);
    }
    let bytes = readnext::corpus::encoding::encode(&new, encoding);
    let backup = readnext::fsutil::replace_keeping_backup(path, &bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(Some(serde_json::json!({
        "list": path.display().to_string(),
        "backup": backup.display().to_string(),
        "abstracts": inserted,
    })))
}

pub fn run(ctx: &Ctx, args: &EnrichArgs) -> Result<Outcome> {
    if !(0.0..=1.0).contains(&args.threshold) {
        bail!(
            "--threshold {} is not a score between 0 and 1 (default {})",
            args.threshold,
            enrich::FUZZY_THRESHOLD
        );
    }
    if args.online && ctx.g.offline && args.from.is_none() {
        bail!(
            "--offline forbids --online; pass --from FILE to match abstracts from a metadata file"
        );
    }
    if args.write {
        let path = ctx.list_path()?;
        if crate::cli::context::is_stdin(&path) {
            bail!("--write cannot write into a list read from standard input; pass --list FILE");
        }
        if readnext::corpus::is_gzip_file(&path) {
            bail!(
                "--write does not write a gzipped list; {} is one (gunzip it, or leave out --write: the abstracts stay in the cache beside its index)",
                path.display()
            );
        }
        if readnext::corpus::Format::of_list(&path) != readnext::corpus::Format::Markdown {
            bail!(
                "--write puts abstracts into markdown lists only; {} is not one (leave out --write: the abstracts stay in the cache beside its index)",
                path.display()
            );
        }
        // A list that cannot be written back as it was found (a legacy encoding) is
        // refused before anything is looked up.
        readnext::corpus::encoding::read_text(&path)?;
    }
    let mut list = ctx.corpus()?;
    let lacking = list.papers.iter().filter(|p| !p.has_abstract()).count();
    let cache = ctx.enrich_cache(&list.path);
    let file = match &args.from {
        Some(path) => Some(match_file(ctx, &list, path, args.threshold)?),
        None => None,
    };
    let mut cached = None;
    if let Some(f) = &file {
        if !f.records.is_empty() {
            ensure_dir(&cache)?;
            cached = Some(enrich::write_cache(&cache, f.records.clone())?);
            enrich::apply(&mut list.papers, &f.records);
        }
    }
    let online = if args.online && ctx.g.offline {
        ctx.note("readnext: --offline wins over --online: nothing is looked up online");
        Some(OnlineSummary {
            skipped_offline: true,
            ..Default::default()
        })
    } else if args.online {
        Some(look_up_online(ctx, &mut list, &cache, args)?)
    } else {
        None
    };
    let cached = match (cached, &online) {
        (Some(n), None) => n,
        _ => enrich::read_cache(&cache)?.len(),
    };
    let written = if args.write {
        write_into_list(&list)?
    } else {
        None
    };
    let file_found = file.as_ref().map_or(0, |f| f.applied.len());
    let online_found = online.as_ref().map_or(0, |o| o.found);
    let found = file_found + online_found;
    if ctx.g.json {
        let empty = Vec::new();
        ctx.print(&output::json(&serde_json::json!({
            "list": list.path.display().to_string(),
            "from": file.as_ref().map(|f| f.name.clone()),
            "cache": cache.display().to_string(),
            "papers": list.papers.len(),
            "lacking": lacking,
            "found": found,
            "by": file.as_ref().map(|f| f.by.clone()).unwrap_or_default(),
            "threshold": args.threshold,
            "cached": cached,
            "matches": file.as_ref().map_or(&empty, |f| &f.applied),
            "below_threshold": file.as_ref().map_or(&empty, |f| &f.below),
            "online": online,
            "written": written,
        })))?;
    } else {
        if let Some(f) = &file {
            print_file_matches(ctx, f, lacking, args.threshold)?;
        }
        if let Some(o) = &online {
            if !o.skipped_offline {
                let parts: Vec<String> = o
                    .by_source
                    .iter()
                    .map(|(k, n)| format!("{n} from {k}"))
                    .collect();
                ctx.print(&format!(
                    "{} of {} looked up online found one{}{}\n",
                    o.found,
                    o.looked_up,
                    if parts.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", parts.join(", "))
                    },
                    if o.failed_requests > 0 {
                        format!("; {} requests failed (said above)", o.failed_requests)
                    } else {
                        String::new()
                    }
                ))?;
            }
        }
        ctx.print(&format!(
            "{} kept in {}\n",
            readnext::output::count(cached, "abstract"),
            cache.display()
        ))?;
        if let Some(w) = &written {
            ctx.print(&format!(
                "{} written into {} (previous list kept as {})\n",
                readnext::output::count(w["abstracts"].as_u64().unwrap_or(0) as usize, "abstract"),
                w["list"].as_str().unwrap_or(""),
                w["backup"].as_str().unwrap_or("")
            ))?;
        }
    }
    Ok(if found > 0 {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}

fn print_file_matches(ctx: &Ctx, f: &FileMatches, lacking: usize, threshold: f32) -> Result<()> {
    let fuzzy: Vec<&MatchRow> = f
        .applied
        .iter()
        .filter(|r| r.by == MatchKind::Fuzzy)
        .collect();
    // Near misses only (JSON has every best candidate).
    let below: Vec<&MatchRow> = f
        .below
        .iter()
        .filter(|r| r.score >= threshold - NEAR_MISS)
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
                r.title.clone(),
                r.matched_title.clone(),
                format!("{:.3}", r.score),
                if yes { "yes" } else { "no" }.to_string(),
            ]);
        }
        ctx.print(&t.render())?;
    }
    let parts: Vec<String> =
        f.by.iter()
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
        "{} of {lacking} papers without an abstract found one in {}{}\n",
        f.applied.len(),
        f.name,
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join(", "))
        },
    ))
}
