//! Markdown tables of papers, as awesome-lists write them: a header row naming a title
//! column (`Title`, `Paper`, `논문`, `제목`), then one paper a row. The title is that
//! cell's words, the link the first link in it (else in a column named for links: `Link`,
//! `URL`, `arXiv`, `PDF`, `DOI`), the row's other links its other links (code, a project
//! page); `Date`/`Year`, `Alias`/`Model`/`Name`, `Abstract`/`Summary`,
//! `Keywords`/`Tags`, `Authors`/`저자`, `Venue`/`학회` and `Read`/`Status` columns are read
//! when present (a status that
//! says read, [`says_read`], counts as `- [x]` does). A table whose header names no title column (the seed list's table of
//! books, laid out one book a column; a table of people) holds no papers.

use super::{collapse, is_secondary_label, take_date};
use crate::corpus::normalize::{says_read, split_keywords, READ_STATUS_NAMES};
use crate::corpus::paper::{Entry, Paper};
use crate::corpus::tabular::split_comma_authors;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Header words of the title column, compared without case, in order of preference.
/// Not `Name`: a table of people (the group's members) has one,
/// and a model table that names its paper has a `Paper` column too.
pub(crate) const TITLE_HEADERS: &[&str] = &[
    "title",
    "paper title",
    "paper",
    "papers",
    "논문 제목",
    "논문명",
    "제목",
    "논문",
];
/// Header words of columns whose link is the paper's (when the title cell has none).
const LINK_HEADERS: &[&str] = &[
    "link",
    "links",
    "url",
    "arxiv",
    "pdf",
    "paper link",
    "preprint",
    "doi",
    "링크",
];
const DATE_HEADERS: &[&str] = &[
    "date",
    "year",
    "published",
    "publication date",
    "날짜",
    "연도",
];
/// Header words of a column that says when the group read or presented the paper (a
/// study group's log: `| 주차 | 발표일 | 발표자 | 논문 |`): a row dated there was read
/// or is scheduled, and that date is not the paper's.
pub const SESSION_HEADERS: &[&str] = &[
    "발표일",
    "발표 날짜",
    "발표날짜",
    "발표 일자",
    "스터디 날짜",
    "스터디 일자",
    "모임 날짜",
    "읽은 날",
    "읽은 날짜",
    "date read",
    "read on",
    "presented on",
    "date presented",
    "presentation date",
    "session date",
];
/// Header words of a plain column of days (`Date`, `Dates`, `날짜`), which beside a
/// presenter is the session's; a `Year` or `Published` column stays the paper's (a log's
/// `| Dates | Paper | Year | Presenter |` has the venue's year there).
pub const DAY_HEADERS: &[&str] = &["date", "dates", "날짜", "일자", "일시"];
/// Header words of a column naming who presents the paper: a row with a presenter was
/// read or is scheduled, and the table's plain `Date` (`날짜`) is the session's.
/// (Not `Speaker`: a list of talks names who gives them, which nobody has read.)
pub const PRESENTER_HEADERS: &[&str] = &[
    "발표자",
    "발제자",
    "presenter",
    "presenters",
    "discussion lead",
];
const ALIAS_HEADERS: &[&str] = &["alias", "short name", "model", "name", "약칭", "별칭"];
const ABSTRACT_HEADERS: &[&str] = &["abstract", "summary", "tl;dr", "tldr", "요약", "초록"];
const KEYWORD_HEADERS: &[&str] = &[
    "keywords",
    "keyword",
    "tags",
    "tag",
    "topic",
    "topics",
    "키워드",
    "태그",
    "주제",
    "핵심 주제",
];
/// Header words of a column of the paper's authors (`Hu, Shen, Wallis`; `A and B`).
const AUTHOR_HEADERS: &[&str] = &["authors", "author", "저자", "저자들"];
/// Header words of a column of where the paper appeared (`NeurIPS 2023`, `ICLR`).
const VENUE_HEADERS: &[&str] = &[
    "venue",
    "conference",
    "journal",
    "published in",
    "pub",
    "publication",
    "proceedings",
    "학회",
    "저널",
    "학술지",
    "게재",
];

/// One cell: its words (secondary links' labels left out) and its links.
#[derive(Debug, Default, Clone)]
pub struct Cell {
    pub text: String,
    pub links: Vec<String>,
    /// Each link's label, as written.
    pub labels: Vec<String>,
    /// Where in `text` the cell's first emphasised (or bold) run lies.
    pub emphasis: Option<std::ops::Range<usize>>,
}

/// A table as it is read: the header's cells, then each row's cells with its line.
#[derive(Debug, Default)]
pub struct TableBuilder {
    pub head: Vec<Cell>,
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// The cell being read, and the link being read inside it (label, url).
    pub cell: Option<Cell>,
    pub link: Option<(String, String)>,
    pub in_head: bool,
}

impl TableBuilder {
    /// Take one event of the table (`line`: the line it starts on); true at its end.
    pub fn feed(&mut self, event: &Event<'_>, line: usize) -> bool {
        match event {
            Event::Start(Tag::TableHead) => self.in_head = true,
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::Start(Tag::TableRow) => self.rows.push((line, Vec::new())),
            Event::Start(Tag::TableCell) => self.cell = Some(Cell::default()),
            Event::End(TagEnd::TableCell) => self.end_cell(),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = Some((String::new(), dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Strong | Tag::Emphasis) => {
                if let Some(c) = self.cell.as_mut().filter(|c| c.emphasis.is_none()) {
                    c.emphasis = Some(c.text.len()..usize::MAX);
                }
            }
            Event::End(TagEnd::Strong | TagEnd::Emphasis) => {
                if let Some(run) = self.cell.as_mut().and_then(|c| {
                    let len = c.text.len();
                    c.emphasis
                        .as_mut()
                        .filter(|r| r.end == usize::MAX)
                        .map(|r| (r, len))
                }) {
                    run.0.end = run.1;
                }
            }
            Event::Text(s) | Event::Code(s) => self.push_text(s),
            Event::End(TagEnd::Table) => return true,
            _ => {}
        }
        false
    }

    /// Words inside the current cell (or the current link's label).
    pub fn push_text(&mut self, t: &str) {
        if let Some((label, _)) = self.link.as_mut() {
            label.push_str(t);
        } else if let Some(c) = self.cell.as_mut() {
            c.text.push_str(t);
        }
    }

    /// The end of a link in the current cell: its label joins the cell's words unless it
    /// is a secondary label (`[pdf]`, `[code]`).
    pub fn end_link(&mut self) {
        if let (Some((label, url)), Some(c)) = (self.link.take(), self.cell.as_mut()) {
            let label = collapse(&label);
            if !label.is_empty() && !is_secondary_label(&label) && label != url.trim() {
                c.text.push(' ');
                c.text.push_str(&label);
            }
            if !url.trim().is_empty() {
                c.links.push(url.trim().to_string());
                c.labels.push(label);
            }
        }
    }

    pub fn end_cell(&mut self) {
        if let Some(c) = self.cell.take() {
            if self.in_head {
                self.head.push(c);
            } else if let Some((_, row)) = self.rows.last_mut() {
                row.push(c);
            }
        }
    }

    /// The header cells as compared ([`header`]).
    fn heads(&self) -> Vec<String> {
        self.head.iter().map(|c| header(&c.text)).collect()
    }

    /// The papers of the table, none when its header names no title column.
    pub fn entries(&self, heading: Option<&str>) -> Vec<Entry> {
        let heads = self.heads();
        let Some(title_col) = title_column(&heads) else {
            return Vec::new();
        };
        let column = |names: &[&str]| -> Option<usize> {
            (0..heads.len()).find(|&i| i != title_col && names.contains(&heads[i].as_str()))
        };
        let link_cols: Vec<usize> = (0..heads.len())
            .filter(|&i| LINK_HEADERS.contains(&heads[i].as_str()))
            .collect();
        let (date_col, alias_col, abstract_col, keyword_col, read_col) = (
            column(DATE_HEADERS),
            column(ALIAS_HEADERS),
            column(ABSTRACT_HEADERS),
            column(KEYWORD_HEADERS),
            column(READ_STATUS_NAMES),
        );
        let (author_col, venue_col) = (column(AUTHOR_HEADERS), column(VENUE_HEADERS));
        // A study group's log: when and by whom each paper was (or will be) presented.
        let presenter_col = column(PRESENTER_HEADERS);
        let session_col = column(SESSION_HEADERS).or(presenter_col.and(column(DAY_HEADERS)));
        let date_col = date_col.filter(|&c| Some(c) != session_col);
        let text_of = |row: &[Cell], col: Option<usize>| -> Option<String> {
            col.and_then(|c| row.get(c))
                .map(|c| collapse(&c.text))
                .filter(|t| !t.is_empty())
        };
        let mut out = Vec::new();
        for (line, row) in &self.rows {
            let Some(cell) = row.get(title_col) else {
                continue;
            };
            let (date_in_title, title) = take_date(&cell.text);
            let (title, description) = title_and_description(title, cell.emphasised());
            let title = tidy(title);
            if title.is_empty() {
                continue;
            }
            let url = cell
                .links
                .first()
                .or_else(|| {
                    link_cols
                        .iter()
                        .find_map(|&c| row.get(c).and_then(|c| c.links.first()))
                })
                .cloned()
                .unwrap_or_default();
            // The row's other links (code, project page) are the paper's too.
            let extra_links: Vec<String> = row
                .iter()
                .flat_map(|c| c.links.iter())
                .filter(|l| **l != url)
                .cloned()
                .collect();
            // A venue's cell says its year (`NeurIPS 2023`, `ICLR'22`); `-` says none.
            let venue = text_of(row, venue_col).filter(|v| v.contains(char::is_alphanumeric));
            let venue_year = venue
                .as_deref()
                .and_then(crate::corpus::venue::tag)
                .map(|tag| tag.year);
            out.push(Entry {
                title,
                url,
                extra_links,
                date: text_of(row, date_col).or(date_in_title).or(venue_year),
                alias: text_of(row, alias_col).filter(|a| a.chars().count() <= 60),
                abstract_text: text_of(row, abstract_col)
                    .or_else(|| description.map(collapse).filter(|d| !d.is_empty())),
                keywords: text_of(row, keyword_col)
                    .map(|k| split_keywords(&k))
                    .unwrap_or_default(),
                authors: text_of(row, author_col)
                    .map(|a| split_comma_authors(&a))
                    .unwrap_or_default(),
                venue,
                heading: heading.map(str::to_string),
                read_on: text_of(row, session_col).and_then(|d| session_day(&d)),
                // A row's read status says whether it was read; without one, a session's
                // date or a presenter does (a presenter named for a session not held yet
                // under `시작 전`, "not started", is no read).
                checked: match text_of(row, read_col) {
                    Some(status) => says_read(&status),
                    None => {
                        text_of(row, session_col)
                            .is_some_and(|d| d.contains(|c: char| c.is_ascii_digit()))
                            || text_of(row, presenter_col).is_some_and(|p| names_someone(&p))
                    }
                },
                line: *line,
                ..Default::default()
            });
        }
        out
    }
}

/// The day a session's cell names, as a list keeps it
/// ([`crate::corpus::session_date::Day::written`]): `2026.11.06`, `2026-11-06 (수)`, or
/// without its year `3/17`, `11월 6일`, `Nov 6` (placed in its year by the history); `None`
/// for `미정`, `TBD`, a week label alone.
pub fn session_day(cell: &str) -> Option<String> {
    crate::corpus::session_date::front(cell)
        .0
        .map(|d| d.written())
}

/// `p` as a row of `table` in its style: its title in the title column, linked there
/// when the table's titles are (or it has no rows, or no link column), else the link in
/// the first link column under the label that column's links have (`[arXiv](…)`); its
/// date (a `Year` column its year; an arXiv id's month when the paper has no date),
/// alias, abstract, keywords, authors and venue in theirs; the other cells empty; `|` escaped. `None` when no
/// column is a title column.
pub fn row_for(table: &TableBuilder, p: &Paper) -> Option<String> {
    let heads = table.heads();
    let title_col = title_column(&heads)?;
    let link_col = (0..heads.len()).find(|&i| LINK_HEADERS.contains(&heads[i].as_str()));
    let titles_linked = table.rows.is_empty()
        || table
            .rows
            .iter()
            .any(|(_, row)| row.get(title_col).is_some_and(|c| !c.links.is_empty()));
    let link_in = match link_col {
        Some(c) if !titles_linked && !p.url.is_empty() => Some(c),
        _ => None,
    };
    let cell = |s: &str| collapse(s).replace('|', "\\|");
    let url = p.url.replace(' ', "%20").replace(')', "%29");
    let title = cell(&p.title).replace('[', "\\[").replace(']', "\\]");
    // A study group's log: its `Date` beside a presenter is the session's, which a paper
    // added to the list has not had (a date there would mark it read).
    let log = heads
        .iter()
        .any(|h| PRESENTER_HEADERS.contains(&h.as_str()));
    let cells: Vec<String> = (0..heads.len())
        .map(|i| {
            let h = heads[i].as_str();
            if i == title_col {
                if p.url.is_empty() || link_in.is_some() {
                    title.clone()
                } else {
                    format!("[{title}]({url})")
                }
            } else if Some(i) == link_in {
                let label = table
                    .rows
                    .iter()
                    .find_map(|(_, row)| row.get(i).and_then(|c| c.labels.first()))
                    .filter(|l| !l.is_empty())
                    .map_or("link".to_string(), |l| cell(l));
                format!("[{label}]({url})")
            } else if SESSION_HEADERS.contains(&h) || (log && DATE_HEADERS.contains(&h)) {
                String::new()
            } else if DATE_HEADERS.contains(&h) {
                // The list's date, else the arXiv id's month; a `Year` column its year.
                let date = crate::corpus::date::shown_date(p).unwrap_or_default();
                let year_only = matches!(h, "year" | "연도");
                cell(if year_only {
                    date.get(..4).unwrap_or(&date)
                } else {
                    &date
                })
            } else if ALIAS_HEADERS.contains(&h) {
                p.alias.as_deref().map(cell).unwrap_or_default()
            } else if ABSTRACT_HEADERS.contains(&h) {
                p.abstract_text.get().map(cell).unwrap_or_default()
            } else if KEYWORD_HEADERS.contains(&h) {
                cell(&p.keywords.join(", "))
            } else if AUTHOR_HEADERS.contains(&h) {
                cell(&p.authors.join(", "))
            } else if VENUE_HEADERS.contains(&h) {
                p.venue.as_deref().map(cell).unwrap_or_default()
            } else {
                String::new()
            }
        })
        .collect();
    Some(format!("| {} |", cells.join(" | ")))
}

/// The table of `text` that holds 1-based line `line`, as read.
pub fn table_at(text: &str, line: usize) -> Option<TableBuilder> {
    let lines = crate::corpus::LineIndex::new(text);
    let mut table: Option<(TableBuilder, usize, usize)> = None;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        if let Some((t, first, last)) = table.as_mut() {
            if t.feed(&event, lines.line(range.start)) {
                if (*first..=*last).contains(&line) {
                    return table.map(|(t, _, _)| t);
                }
                table = None;
            }
        } else if let Event::Start(Tag::Table(_)) = event {
            let last = lines.line(range.end.saturating_sub(1).max(range.start));
            table = Some((TableBuilder::default(), lines.line(range.start), last));
        }
    }
    None
}

/// A title cell's words without what its secondary links leave (`[[pdf](…)]` → `[]`).
impl Cell {
    /// The cell's first emphasised run, when one was closed.
    fn emphasised(&self) -> Option<&str> {
        let run = self.emphasis.clone()?;
        self.text.get(run)
    }
}

/// A title cell that also describes the paper, as dair-ai's *ML Papers of the Week*
/// writes it (`1) **o1 Replication Journey - Part 2** - shows that …`, `5) Rethinking
/// Reflection in Pre-Training  Reflection — the ability of LLMs …`): without its number,
/// the title is the bold run the cell opens with when a dash and words about it follow,
/// else (in a cell of over 25 words) the words before the first ` - `, ` — ` or double
/// space, or the bold run; the rest is its description. Otherwise, or when the head would
/// be over 20 words, the cell is a title as it stands.
fn title_and_description<'a>(cell: &'a str, bold: Option<&str>) -> (&'a str, Option<&'a str>) {
    let text = cell.trim_start();
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let text = match text[digits..].strip_prefix([')', '.']) {
        Some(rest) if (1..=3).contains(&digits) && rest.starts_with(' ') => rest.trim_start(),
        _ => text,
    };
    let bold = bold.map(str::trim).filter(|b| !b.is_empty());
    // A bold name, a dash, then words about it: `**MusicGen** - a single-stage …`.
    if let Some(b) = bold.filter(|b| text.starts_with(b)) {
        let rest = text[b.len()..].trim_start();
        if rest.starts_with(['-', '—', '–', ':']) {
            let about = after_separator(rest);
            if about.split_whitespace().count() >= 3 {
                return (&text[..b.len()], Some(about));
            }
        }
    }
    if text.split_whitespace().count() <= 25 {
        return (text, None);
    }
    let split = match bold {
        Some(b) if text.starts_with(b) => Some((b.len(), 0)),
        _ => ["  ", " - ", " — ", " – "]
            .iter()
            .filter_map(|sep| text.find(sep).map(|at| (at, sep.len())))
            .min(),
    };
    match split {
        Some((at, len)) if text[..at].split_whitespace().count() <= 20 => {
            (&text[..at], Some(after_separator(&text[at + len..])))
        }
        _ => (text, None),
    }
}

/// `s` without the dashes, colon and spaces that part a title from its description.
fn after_separator(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '—' | '–' | ':'))
}

fn tidy(text: &str) -> String {
    let t = collapse(&text.replace("[]", " ").replace("()", " "));
    t.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '|' | ':' | ','))
        .to_string()
}

/// The title column among `heads` (as compared), by [`TITLE_HEADERS`]' preference.
fn title_column(heads: &[String]) -> Option<usize> {
    TITLE_HEADERS
        .iter()
        .find_map(|name| heads.iter().position(|h| h == name))
}

/// The columns of a study group's log that a reading history reads (a table of the
/// meetings kept as the history): the paper's, by [`TITLE_HEADERS`], and the day it was read —
/// a session column, else a date column (in a history every date is a reading's).
pub fn log_columns(head: &[&str]) -> Option<(usize, Option<usize>)> {
    let heads: Vec<String> = head.iter().map(|h| header(h)).collect();
    let title = title_column(&heads)?;
    let find = |names: &[&str]| {
        (0..heads.len()).find(|&i| i != title && names.contains(&heads[i].as_str()))
    };
    Some((title, find(SESSION_HEADERS).or_else(|| find(DATE_HEADERS))))
}

/// Whether a presenter cell names someone: not empty, a dash or a placeholder (`TBD`,
/// `미정`).
pub fn names_someone(cell: &str) -> bool {
    const PLACEHOLDERS: &[&str] = &["tbd", "tba", "미정", "없음", "n/a", "none"];
    let t = cell.trim().to_lowercase();
    t.chars().any(char::is_alphabetic) && !PLACEHOLDERS.contains(&t.as_str())
}

/// A header cell as compared: its words, lower case, markup and colons out.
fn header(text: &str) -> String {
    collapse(&text.replace(['*', '_', ':', '`'], " ")).to_lowercase()
}
