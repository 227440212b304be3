//! `readnext papers`: what readnext understood of the list; `readnext check`: what in
//! the list a person may want to fix.

use crate::cli::args::{CheckArgs, PapersArgs};
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::Result;
use readnext::output::lang::Lang;
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
    /// For a folder of notes, the notes the paper was read from (its `lines` in order).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    files: Vec<&'a str>,
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

pub fn run(ctx: &Ctx, args: &PapersArgs) -> Result<Outcome> {
    let lang = Lang::from(args.lang);
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
            files: p
                .lines
                .iter()
                .filter_map(|&l| corpus.file_of_line(l))
                .collect(),
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
        let notes = !corpus.files.is_empty();
        let mut columns = lang.papers_columns();
        if notes {
            columns[4] = lang.notes_column();
        }
        let t = Table::new(&columns).max_width(1, 60).max_width(6, 50);
        // Notes' paths are long; a list's line numbers are shown whole, as before.
        let mut t = if notes { t.max_width(4, 40) } else { t };
        for r in &rows {
            t.row(vec![
                r.id.to_string(),
                r.title.to_string(),
                r.alias.unwrap_or("").to_string(),
                r.date.unwrap_or("").to_string(),
                if notes {
                    r.files.join(", ")
                } else {
                    r.lines
                        .iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                },
                lang.yes_no(r.has_abstract).to_string(),
                r.url.to_string(),
            ]);
        }
        ctx.print(&t.render())?;
        ctx.print(&lang.papers_tail(rows.len(), &corpus.path.display().to_string()))?;
    }
    Ok(Outcome::Found)
}

#[derive(Serialize)]
struct CheckJson {
    list: String,
    papers: usize,
    problems: Vec<readnext::corpus::check::Problem>,
}

pub fn check(ctx: &Ctx, args: &CheckArgs) -> Result<Outcome> {
    use readnext::corpus::check::{self, CheckOptions, Problem};
    let lang = Lang::from(args.lang);
    use readnext::corpus::Format;
    let corpus = ctx.corpus()?;
    // Records of a dump often have no link; a curated list's entries should.
    let curated = matches!(
        Format::of_list(&corpus.path),
        Format::Markdown
            | Format::Text
            | Format::Bookmarks
            | Format::Org
            | Format::Notes
            | Format::Workbook
    );
    let mut problems = check::check(
        &corpus.papers,
        CheckOptions {
            missing_links: curated,
        },
    );
    // What reading the list skipped (a broken BibTeX entry) is a problem too.
    problems.extend(
        corpus
            .warnings
            .iter()
            .map(Problem::warned)
            .chain(corpus.notes_skipped.iter().map(|m| Problem::skipped(0, m))),
    );
    problems.sort_by(|a, b| a.line.cmp(&b.line).then(a.kind.cmp(b.kind)));
    let notes = !corpus.files.is_empty();
    if notes {
        check::name_notes(&mut problems, &corpus.files);
    }
    let list = corpus.path.display().to_string();
    let outcome = if problems.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    };
    if ctx.g.json {
        ctx.print(&output::json(&CheckJson {
            list,
            papers: corpus.papers.len(),
            problems,
        }))?;
    } else if problems.is_empty() {
        ctx.note(&lang.check_clean(&list, corpus.papers.len()));
    } else {
        let mut columns = lang.check_columns();
        if notes {
            columns[0] = lang.notes_column();
        }
        let t = Table::new(&columns).max_width(2, 36).max_width(3, 112);
        let mut t = if notes {
            t.max_width(0, 40)
        } else {
            t.right(0)
        };
        for p in &problems {
            t.row(vec![
                match &p.file {
                    Some(file) => file.clone(),
                    None if notes => String::new(),
                    None => p.line.to_string(),
                },
                lang.check_kind(p.kind).to_string(),
                p.title.clone(),
                lang.finding(&p.finding),
            ]);
        }
        ctx.print(&t.render())?;
        ctx.print(&lang.check_tail(problems.len(), &list, corpus.papers.len()))?;
    }
    Ok(outcome)
}
