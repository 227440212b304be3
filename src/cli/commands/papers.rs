//! `readnext papers`: what readnext understood of the list.

use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::Result;
use readnext::output::{self, Table};
use serde::Serialize;

#[derive(Serialize)]
struct PaperRow<'a> {
    id: &'a str,
    title: &'a str,
    alias: Option<&'a str>,
    date: Option<&'a str>,
    url: &'a str,
    lines: &'a [usize],
    has_abstract: bool,
    /// `list`, or `file` for an abstract found by `readnext enrich --from`; absent without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    abstract_source: Option<readnext::corpus::AbstractSource>,
    heading: Option<&'a str>,
    read: bool,
    /// Every link and id the paper is known by (folded duplicates included).
    urls: Vec<&'a str>,
    ids: Vec<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    authors: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    venue: Option<&'a str>,
}

#[derive(Serialize)]
struct PapersJson<'a> {
    list: String,
    count: usize,
    papers: Vec<PaperRow<'a>>,
}

pub fn run(ctx: &Ctx) -> Result<Outcome> {
    let corpus = ctx.corpus()?;
    let rows: Vec<PaperRow> = corpus
        .papers
        .iter()
        .map(|p| PaperRow {
            id: &p.id,
            title: &p.title,
            alias: p.alias.as_deref(),
            date: p.date.as_deref(),
            url: &p.url,
            lines: &p.lines,
            has_abstract: p.has_abstract(),
            abstract_source: p.abstract_source.or(p
                .has_abstract()
                .then_some(readnext::corpus::AbstractSource::List)),
            heading: p.heading.as_deref(),
            read: p.checked,
            urls: p.all_urls(),
            ids: p.all_ids(),
            keywords: &p.keywords,
            authors: &p.authors,
            venue: p.venue.as_deref(),
        })
        .collect();
    if ctx.g.json {
        ctx.print(&output::json(&PapersJson {
            list: corpus.path.display().to_string(),
            count: rows.len(),
            papers: rows,
        }))?;
    } else {
        let mut t = Table::new(&["id", "title", "alias", "date", "lines", "abstract", "url"])
            .max_width(1, 60)
            .max_width(6, 50);
        for r in &rows {
            t.row(vec![
                r.id.to_string(),
                r.title.to_string(),
                r.alias.unwrap_or("").to_string(),
                r.date.unwrap_or("").to_string(),
                r.lines
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                if r.has_abstract { "yes" } else { "no" }.to_string(),
                r.url.to_string(),
            ]);
        }
        ctx.print(&t.render())?;
        ctx.print(&format!(
            "{} papers in {}\n",
            rows.len(),
            corpus.path.display()
        ))?;
    }
    Ok(Outcome::Found)
}
