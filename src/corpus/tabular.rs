//! JSONL and CSV reading lists: one paper a line (JSONL) or a row (CSV, header required).
//!
//! Fields: `title` (required), `abstract`, `url`, `id`, `doi`, `date` (or `year`),
//! `alias`, `primary_category`/`category`, `venue`, `keywords` and `authors` (a list, or
//! a string split at `;` and `,` for keywords, at `;` and ` and ` for authors). Each also
//! answers to the names other exports give it (`NAMES`: Semantic Scholar's `paperId`,
//! S2ORC's `paper_id`, Zotero's CSV `Abstract Note`, …), and an abstract given as a list
//! of sentences is one text. A record with arXiv's `categories` is arXiv's metadata, whose
//! titles and abstracts are TeX (`$\ell_1$`, `Schr\"odinger`): they are read as such
//! ([`latex::tex`]).

use super::latex;
use super::paper::Entry;
use crate::error::{Error, Result};
use std::io::{BufRead, Read};
use std::path::Path;

/// A field and the names it has in common exports, tried in this order: readnext's own,
/// then Semantic Scholar and S2ORC (`paperId`, `paper_id`, `corpusId`, `publicationDate`),
/// arXiv's metadata snapshot (`update_date`; its `categories` list gives the category
/// when nothing else does, see [`first_category`]), OpenAlex and Crossref
/// (`publication_date`, `container-title`), Zotero's CSV export (`Abstract Note`,
/// `Publication Year`, `Publication Title`, `Manual Tags`), Paperpile's (`Arxiv ID`,
/// `URLs`, `Date published`, `Proceedings title`, `Labels filed in`), Zotero's own JSON
/// (`abstractNote`, `creators`, `publicationTitle`) and CSL JSON (`URL`, `DOI`,
/// `title-short`, `keyword`), and the Korean a study group heads its sheet with (`링크`,
/// `날짜`, `요약`, `저자`, `약칭`; `제목` names the title). CSV headers match in any case.
const NAMES: &[(Field, &[&str])] = &[
    (
        Field::Abstract,
        &[
            "abstract",
            "abstract note",
            "abstractNote",
            "summary",
            "요약",
            "초록",
        ],
    ),
    (Field::Url, &["url", "URL", "link", "urls", "링크", "주소"]),
    (
        Field::Id,
        &[
            "id",
            "paper_id",
            "paperId",
            "corpus_id",
            "corpusId",
            "doc_id",
            "arxiv_id",
            "arxiv id",
            "arxiv",
        ],
    ),
    (
        Field::Date,
        &[
            "date",
            "year",
            "publication_date",
            "publicationDate",
            "date published",
            "publication year",
            "published",
            "publishedAt",
            "update_date",
            "날짜",
            "연도",
            "출판일",
            "출판 연도",
        ],
    ),
    (
        Field::Alias,
        &[
            "alias",
            "short title",
            "shorttitle",
            "title-short",
            "shortTitle",
            "약칭",
            "별칭",
        ],
    ),
    (Field::Category, &["primary_category", "category"]),
    (Field::Doi, &["doi", "DOI"]),
    (
        Field::Venue,
        &[
            "venue",
            "journal",
            "booktitle",
            "publication title",
            "container-title",
            "publicationTitle",
            "proceedingsTitle",
            "bookTitle",
            "proceedings title",
            "full journal",
            "학회",
            "저널",
            "학술지",
        ],
    ),
    (
        Field::Keywords,
        &[
            "keywords",
            "keyword",
            "manual tags",
            "tags",
            "labels",
            "document tags",
            "labels filed in",
            "키워드",
            "태그",
        ],
    ),
    (Field::Authors, &["authors", "author", "creators", "저자"]),
    (Field::Read, super::normalize::READ_STATUS_OR_PLACE_NAMES),
];

/// The names of a field that holds an arXiv id, written as a person writes one
/// (`arXiv:2106.09685`, `2106.09685v2`, its link): read as the bare id (a note's fields too).
pub(super) const ARXIV_ID_NAMES: &[&str] = &["arxiv", "arxiv id", "arxiv_id", "arxivid", "eprint"];

/// The id a field named `name` gives for `value`: an arXiv id column's reference as the
/// bare arXiv id (the value as written if it names none), any other id as written.
pub(super) fn given_id(name: &str, value: String) -> String {
    if ARXIV_ID_NAMES.contains(&name.to_lowercase().as_str()) {
        super::normalize::arxiv_id_from_ref(&value)
            .or_else(|| super::normalize::arxiv_id_from_url(&value))
            .unwrap_or(value)
    } else {
        value
    }
}

/// The fields a JSONL or CSV list may give, besides the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Abstract,
    Url,
    Id,
    Date,
    Alias,
    Category,
    Doi,
    Venue,
    Keywords,
    Authors,
    /// Whether the paper was read ([`super::normalize::says_read`]).
    Read,
}

/// The names `field` goes by.
pub(super) fn names(field: Field) -> &'static [&'static str] {
    NAMES
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(&[], |(_, n)| n)
}

/// The first of a list of categories (`cs.CL cs.LG` as arXiv's snapshot writes
/// `categories`, or `['cs.CL', 'cs.LG']`): the primary one, read when no
/// `primary_category` or `category` is given.
pub(super) fn first_category(s: String) -> Option<String> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_matches(|c: char| matches!(c, '[' | ']' | '\'' | '"')))
        .find(|t| !t.is_empty())
        .map(str::to_string)
}

/// Parse JSONL: one object a line, `title` required; the other fields optional, under
/// readnext's names or the others of `NAMES`, read as [`super::json::record`] reads a
/// record. Blank lines are skipped.
pub fn parse_jsonl(path: &Path, reader: impl BufRead) -> Result<Vec<Entry>> {
    parse_jsonl_lines(path, reader, MAX_JSONL_LINE)
}

/// The longest line of JSON lines read (a paper's record with its abstract is a few
/// kilobytes): a gzipped file's one line of gigabytes is refused before it is held.
const MAX_JSONL_LINE: usize = 64 * 1024 * 1024;

/// As [`parse_jsonl`], with lines of at most `max_line` bytes.
fn parse_jsonl_lines(path: &Path, mut reader: impl BufRead, max_line: usize) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    let mut bytes = Vec::new();
    for lineno in 1.. {
        bytes.clear();
        // One byte more than a line may have says it is too long, without reading it all.
        let n = (&mut reader)
            .take(max_line as u64 + 2)
            .read_until(b'\n', &mut bytes)
            .map_err(|e| Error::Parse {
                path: path.to_path_buf(),
                line: lineno,
                // Only a gzipped file's inflating can fail here.
                message: format!(
                    "cannot inflate this gzip file from this line on ({e}); check that it was copied whole"
                ),
            })?;
        if n == 0 {
            break;
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        if bytes.len() > max_line {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: lineno,
                message: format!(
                    "a line longer than {} MiB, more than a paper's record; one JSON object a line is expected (a JSON document of many records is read as `.json`)",
                    max_line / (1024 * 1024)
                ),
            });
        }
        let text = std::str::from_utf8(&bytes).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: lineno,
            message: format!(
                "not valid UTF-8 (byte {}); save the file as UTF-8",
                e.valid_up_to()
            ),
        })?;
        // A byte-order mark (as Windows tools write) is not part of the first object.
        let text = if lineno == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: lineno,
            message: format!("not a JSON object ({e}); fix or remove this line"),
        })?;
        let obj = value.as_object().ok_or_else(|| Error::Parse {
            path: path.to_path_buf(),
            line: lineno,
            message: "expected a JSON object with a \"title\"".into(),
        })?;
        let entry = super::json::record(obj).ok_or_else(|| Error::Parse {
            path: path.to_path_buf(),
            line: lineno,
            message: "missing \"title\" (a non-empty string); every line needs one".into(),
        })?;
        out.push(Entry {
            line: lineno,
            ..entry
        });
    }
    Ok(out)
}

/// The separator of a CSV file: whichever of `,`, `;` and tab occurs most often outside
/// quotes on the header line (Excel writes `;` in many locales); `,` when none does.
pub fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let header = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        seps[best]
    }
}

/// Excel's separator line: a CSV may open with `sep=;` (or `"sep=,"`) to tell Excel its
/// separator, above the header. The separator, and the text after that line.
fn sep_directive(body: &[u8]) -> Option<(u8, &[u8])> {
    let end = body.iter().position(|&b| b == b'\n')?;
    let line = body[..end].strip_suffix(b"\r").unwrap_or(&body[..end]);
    let line = line
        .strip_prefix(b"\"")
        .and_then(|l| l.strip_suffix(b"\""))
        .unwrap_or(line);
    match line.strip_prefix(b"sep=")? {
        [sep] if !sep.is_ascii_alphanumeric() && *sep != b'"' => Some((*sep, &body[end + 1..])),
        _ => None,
    }
}

/// The separator of a CSV text and its header onwards: the separator line's
/// ([`sep_directive`]) when there is one, else sniffed from the header; with how many
/// lines were above the header.
fn separated(body: &[u8]) -> (u8, &[u8], usize) {
    match sep_directive(body) {
        Some((sep, rest)) => (sep, rest, 1),
        None => (sniff_delimiter(body), body, 0),
    }
}

/// Whether `bytes` open with a CSV header naming a title column (as [`parse_csv`] finds
/// one): two or more cells split at the sniffed separator, one of them a title's name.
/// How a CSV is told from a plain-text list on standard input.
pub fn looks_like_csv(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (sep, body, _) = separated(body);
    let header = body.split(|&b| b == b'\n').next().unwrap_or_default();
    let header = String::from_utf8_lossy(header).to_lowercase();
    let sep = char::from(sep);
    let cells: Vec<&str> = header
        .split(sep)
        .map(|c| c.trim().trim_matches('"').trim())
        .collect();
    cells.len() >= 2 && cells.iter().any(|c| is_title_header(c))
}

/// Parse CSV with a header row; a `title` column is required (any case), the other
/// fields are used when present, under any of their `NAMES`. A leading
/// byte-order mark is skipped and the separator (`,` `;` tab) is sniffed from the header,
/// or read from Excel's `sep=` line above it.
pub fn parse_csv(path: &Path, mut reader: impl std::io::Read) -> Result<Vec<Entry>> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let (sep, body, above) = separated(body);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(sep)
        .from_reader(body);
    let headers = rdr
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(str::to_string)
        .collect::<Vec<_>>();
    // A record's line, counted to its first byte: the reader's own count is one short
    // after a CRLF line end (Excel's), whose `\n` (and any blank lines after it) it takes
    // for the next record's start.
    let mut counted = (0usize, 1usize);
    let mut line_at = |byte: usize| {
        let mut start = byte;
        while matches!(body.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let (from, lines) = counted;
        let start = start.clamp(from, body.len());
        let line = lines + body[from..start].iter().filter(|&&b| b == b'\n').count();
        counted = (start, line);
        line + above
    };
    let rows = rdr
        .records()
        .map(|r| {
            r.map(|record| Row {
                line: record.position().map_or(0, |p| line_at(p.byte() as usize)),
                cells: record.iter().map(str::to_string).collect(),
            })
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| csv_error(path, &e))?;
    parse_rows(path, 1 + above, &headers, rows)
}

/// A row of a table under its header: its line (a CSV record's first line, a sheet's row
/// number) and its cells in the header's order.
pub(super) struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// The title property of a Notion or Airtable export: `Name`, and Notion's in Korean,
/// `이름`. Read as the title when no column is named as a markdown table names it.
const PROPERTY_TITLE_NAMES: &[&str] = &["name", "이름"];

/// Whether a header cell names the titles' column (as a markdown table's header does:
/// `Title`, `Paper`, `제목`; or [`PROPERTY_TITLE_NAMES`]).
pub(super) fn is_title_header(cell: &str) -> bool {
    let cell = cell.trim().to_lowercase();
    super::markdown::table::TITLE_HEADERS.contains(&cell.as_str())
        || PROPERTY_TITLE_NAMES.contains(&cell.as_str())
}

/// The papers of a table (a CSV file, a sheet of a workbook) whose header, on line
/// `header_line`, names a title column: the other fields are read from the columns their
/// `NAMES` name (any case); a row without a title is skipped.
pub(super) fn parse_rows(
    path: &Path,
    header_line: usize,
    headers: &[String],
    records: Vec<Row>,
) -> Result<Vec<Entry>> {
    let headers = headers
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect::<Vec<_>>();
    let col = |name: &str| headers.iter().position(|h| h == name);
    // Every column a field may be in, in the order of its names: a row takes the first
    // that is not empty (Paperpile has both `Journal` and `Proceedings title`).
    let col_of = |f: Field| -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for n in names(f) {
            if let Some(c) = col(&n.to_lowercase()) {
                if !found.contains(&c) {
                    found.push(c);
                }
            }
        }
        found
    };
    // The title column as a markdown table names it (`Title`, `Paper title`, `제목`), else
    // `Name` (`이름`), the title property of a Notion or Airtable export.
    let title_col = super::markdown::table::TITLE_HEADERS
        .iter()
        .chain(PROPERTY_TITLE_NAMES)
        .find_map(|n| col(n))
        .ok_or_else(|| Error::Parse {
            path: path.to_path_buf(),
            line: header_line,
            message: format!(
                "no \"title\" column in the header ({}); add one (or name the titles' column `Name`)",
                headers.join(", ")
            ),
        })?;
    // Readwise Reader's `ID` names its own copy of a page, not the paper (as Zotero's item
    // URIs do not): the link says which paper it is.
    let readwise = col("reading progress").is_some() && col("document tags").is_some();
    let mut id_cols = col_of(Field::Id);
    if readwise {
        id_cols.retain(|&c| Some(c) != col("id"));
    }
    // An `ID` of numbers only, beside links, counts rows or a tool's own items (Raindrop's,
    // Airtable's), not papers: the link says which paper a row is, and an id that
    // numbers rows would change when rows are added.
    if let Some(c) = col("id").filter(|_| !col_of(Field::Url).is_empty()) {
        let numbers = records
            .iter()
            .filter_map(|r| r.cells.get(c).map(|v| v.trim()).filter(|v| !v.is_empty()))
            .all(|v| v.bytes().all(|b| b.is_ascii_digit()));
        if numbers {
            id_cols.retain(|&x| x != c);
        }
    }
    // Paperpile writes a paper's authors in one cell, `Dettmers T,Pagnoni A`.
    let paperpile = col("labels filed in").is_some() || col("folders filed in").is_some();
    let cols = [
        col_of(Field::Abstract),
        col_of(Field::Url),
        id_cols,
        col_of(Field::Date),
        col_of(Field::Alias),
        col_of(Field::Category),
        col_of(Field::Doi),
        col_of(Field::Venue),
        col_of(Field::Keywords),
        col_of(Field::Authors),
        // A read status is the first such column's alone: a `Folder` or `Location` says
        // read only where no read-status column is (an empty status is unread).
        col_of(Field::Read).into_iter().take(1).collect(),
    ];
    // A study group's sheet, as its markdown table ([`super::markdown::table`]): a
    // session's date (`발표일`, `Presented on`) says when the paper was read, a presenter
    // (`발표자`) that it was, and a plain `날짜`/`Date` beside a presenter is the session's,
    // not the paper's.
    use super::markdown::table::{
        names_someone, session_day, DAY_HEADERS, PRESENTER_HEADERS, SESSION_HEADERS,
    };
    let presenter = PRESENTER_HEADERS.iter().find_map(|n| col(n));
    let session = SESSION_HEADERS
        .iter()
        .find_map(|n| col(n))
        .or_else(|| presenter.and(DAY_HEADERS.iter().find_map(|n| col(n))));
    let mut cols = cols;
    cols[3].retain(|&c| Some(c) != session);
    let categories = col("categories");
    let mut out = Vec::new();
    for record in records {
        let line = record.line;
        let get_one = |c: usize| {
            record
                .cells
                .get(c)
                .map(|s| super::markdown::collapse(s))
                .filter(|s| !s.is_empty())
        };
        let get = |cs: &[usize]| cs.iter().find_map(|&c| get_one(c));
        let Some(title) = get_one(title_col) else {
            continue;
        };
        let tex = categories.is_some();
        let title = if tex { plain_tex(&title) } else { title };
        let abstract_text = get(&cols[0]).map(|a| if tex { plain_tex(&a) } else { a });
        out.push(Entry {
            title,
            abstract_text,
            url: get(&cols[1]).map(|u| first_link(&u)).unwrap_or_default(),
            given_id: cols[2]
                .iter()
                .find_map(|&c| get_one(c).map(|v| given_id(&headers[c], v))),
            date: get(&cols[3]),
            alias: get(&cols[4]),
            category: get(&cols[5])
                .or_else(|| categories.and_then(get_one).and_then(first_category)),
            doi: get(&cols[6]),
            venue: get(&cols[7]),
            keywords: get(&cols[8])
                .map(|k| super::normalize::split_keywords(&k))
                .unwrap_or_default(),
            authors: get(&cols[9])
                .map(|a| {
                    if paperpile {
                        split_comma_authors(&a)
                    } else {
                        split_authors(&a)
                    }
                })
                .unwrap_or_default(),
            // A row's read status says whether it was read; without one, a session's
            // date or a presenter does.
            checked: match get(&cols[10]) {
                Some(status) => super::normalize::says_read(&status),
                None => {
                    session
                        .and_then(get_one)
                        .is_some_and(|d| d.contains(|c: char| c.is_ascii_digit()))
                        || presenter
                            .and_then(get_one)
                            .is_some_and(|p| names_someone(&p))
                }
            },
            read_on: session.and_then(get_one).and_then(|d| session_day(&d)),
            line,
            ..Default::default()
        });
    }
    Ok(out)
}

/// The first of several links a cell holds (Paperpile's `URLs`: `https://…;https://…`);
/// a single link as it is, `;` in it included.
fn first_link(cell: &str) -> String {
    if !(cell.contains(";http") || cell.contains("; http")) {
        return cell.to_string();
    }
    cell.split(';')
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or(cell)
        .to_string()
}

/// arXiv's TeX made plain, its spaces folded; the TeX as written if nothing is left.
pub(super) fn plain_tex(s: &str) -> String {
    let plain = super::markdown::collapse(&latex::tex(s));
    if plain.is_empty() {
        s.to_string()
    } else {
        plain
    }
}

pub(super) fn split_authors(s: &str) -> Vec<String> {
    s.split(';')
        .flat_map(|a| a.split(" and "))
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// Authors written in one cell apart by commas (Paperpile's `Dettmers T,Pagnoni A`,
/// arXiv's `A. One, B. Two and C. Three`), not `Surname, Given` pairs.
pub(super) fn split_comma_authors(s: &str) -> Vec<String> {
    s.split(',').flat_map(split_authors).collect()
}

fn csv_error(path: &Path, e: &csv::Error) -> Error {
    let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8; save the file as UTF-8".to_string(),
        _ => format!("bad CSV ({e})"),
    };
    Error::Parse {
        path: path.to_path_buf(),
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_line_longer_than_a_record_is_refused_naming_it() {
        let path = Path::new("dump.jsonl.gz");
        let ok = "{\"title\": \"LoRA\"}\r\n\n{\"title\": \"QLoRA\"}";
        let read = parse_jsonl_lines(path, ok.as_bytes(), 20).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!((read[1].title.as_str(), read[1].line), ("QLoRA", 3));
        // Exactly the limit is read; one byte more is refused, named by its line.
        let long = format!("{ok}\n{{\"title\": \"{}\"}}\n", "a".repeat(40));
        let err = parse_jsonl_lines(path, long.as_bytes(), 52)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("dump.jsonl.gz:4: a line longer than 0 MiB"),
            "{err}"
        );
        assert_eq!(
            parse_jsonl_lines(path, long.as_bytes(), 53).unwrap().len(),
            3
        );
    }

    #[test]
    fn arxivs_tex_is_read_as_tex_and_other_exports_as_written() {
        // Two records of `../shared/data/arxiv-2025.jsonl.gz` as arXiv writes them.
        let text = concat!(
            r#"{"id": "2503.18813", "title": "$\\textit{Agents Under Siege}$: Breaking Pragmatic Multi-Agent LLM Systems with Optimized Prompt Attacks", "abstract": "Bounds of $O(n \\log n)$ and \\$5 costs.", "primary_category": "cs.MA", "categories": "['cs.MA', 'cs.AI']"}"#,
            "\n",
            r#"{"id": "2503.18966", "title": "X$^{2}$-Gaussian: 4D Radiative Gaussian Splatting", "categories": "['cs.CV']"}"#,
            "\n",
            r#"{"id": "x1", "title": "From $5 to $50: {pricing}"}"#,
            "\n"
        );
        let e = parse_jsonl(Path::new("arxiv.jsonl"), text.as_bytes()).unwrap();
        assert_eq!(
            e[0].title,
            "Agents Under Siege: Breaking Pragmatic Multi-Agent LLM Systems with Optimized Prompt Attacks"
        );
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("Bounds of O(n log n) and $5 costs.")
        );
        assert_eq!(e[1].title, "X^2-Gaussian: 4D Radiative Gaussian Splatting");
        assert_eq!(e[2].title, "From $5 to $50: {pricing}");
        let csv = "title,categories\n\"Sampling for $\\ell_p$ Regression\",cs.DS\n";
        let c = parse_csv(Path::new("arxiv.csv"), csv.as_bytes()).unwrap();
        assert_eq!(c[0].title, "Sampling for ℓp Regression");
    }

    #[test]
    fn other_exports_field_names_and_sentence_lists_are_read() {
        // Semantic Scholar / S2ORC style: paperId, an abstract as sentences, a year number.
        let text = concat!(
            r#"{"paperId": "abc123", "title": "LoRA", "abstract": ["First sentence.", "Second one."], "year": 2021, "categories": "cs.CL cs.LG", "journal": "ICLR"}"#,
            "\n",
            r#"{"paper_id": "9", "id": "own", "title": "QLoRA", "publicationDate": "2023-05-23"}"#,
            "\n"
        );
        let e = parse_jsonl(Path::new("s2.jsonl"), text.as_bytes()).unwrap();
        assert_eq!(e[0].given_id.as_deref(), Some("abc123"));
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("First sentence. Second one.")
        );
        assert_eq!(e[0].date.as_deref(), Some("2021"));
        assert_eq!(e[0].category.as_deref(), Some("cs.CL"));
        let c = parse_jsonl(
            Path::new("a.jsonl"),
            r#"{"title": "T", "categories": "['cs.CV', 'cs.RO']", "category": "Machine Learning"}
{"title": "U", "categories": ["cs.CV", "cs.RO"]}
"#
            .as_bytes(),
        )
        .unwrap();
        // A category given as such is kept whole; a list gives its first.
        assert_eq!(c[0].category.as_deref(), Some("Machine Learning"));
        assert_eq!(c[1].category.as_deref(), Some("cs.CV"));
        assert_eq!(e[0].venue.as_deref(), Some("ICLR"));
        // readnext's own name wins over the others.
        assert_eq!(e[1].given_id.as_deref(), Some("own"));
        assert_eq!(e[1].date.as_deref(), Some("2023-05-23"));
    }

    #[test]
    fn a_notion_export_names_its_titles_name_and_says_what_was_read() {
        // Notion's CSV export of a reading-list database: the title property is `Name`.
        let text = "\u{feff}Name,Status,Tags,URL,Created\n\
LoRA: Low-Rank Adaptation of Large Language Models,Done,PEFT,https://arxiv.org/abs/2106.09685,\"November 20, 2026 9:00 PM\"\n\
QLoRA: Efficient Finetuning of Quantized LLMs,In progress,\"PEFT, quantization\",https://arxiv.org/abs/2305.14314,\n\
Attention Is All You Need,Not started,,https://arxiv.org/abs/1706.03762,\n";
        let e = parse_csv(Path::new("notion.csv"), text.as_bytes()).unwrap();
        let read: Vec<(&str, bool)> = e.iter().map(|e| (e.title.as_str(), e.checked)).collect();
        assert_eq!(
            read,
            vec![
                ("LoRA: Low-Rank Adaptation of Large Language Models", true),
                ("QLoRA: Efficient Finetuning of Quantized LLMs", false),
                ("Attention Is All You Need", false)
            ]
        );
        assert_eq!(e[1].keywords, vec!["PEFT", "quantization"]);
        // A `title` column wins over `Name`; a JSONL line says it with a boolean.
        let c = parse_csv(
            Path::new("a.csv"),
            "name,title,read\nMinsu,LoRA,yes\n".as_bytes(),
        )
        .unwrap();
        assert_eq!((c[0].title.as_str(), c[0].checked), ("LoRA", true));
        let j = parse_jsonl(
            Path::new("a.jsonl"),
            "{\"title\": \"LoRA\", \"read\": true}\n{\"title\": \"QLoRA\", \"read\": false}\n{\"title\": \"BERT\", \"status\": \"finished\"}\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(
            j.iter().map(|e| e.checked).collect::<Vec<_>>(),
            vec![true, false, true]
        );
    }

    #[test]
    fn an_arxiv_column_gives_the_bare_id_however_it_is_written() {
        let csv = "Title,arXiv\nA,arXiv:2106.09685\nB,https://arxiv.org/abs/2305.14314v2\nC,1706.03762v5\nD,not an id\n";
        let e = parse_csv(Path::new("l.csv"), csv.as_bytes()).unwrap();
        let ids: Vec<_> = e.iter().map(|e| e.given_id.as_deref().unwrap()).collect();
        assert_eq!(ids, ["2106.09685", "2305.14314", "1706.03762", "not an id"]);
        // An `id` column is the id as written.
        let e = parse_csv(
            Path::new("l.csv"),
            "title,id\nA,arXiv:2106.09685\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(e[0].given_id.as_deref(), Some("arXiv:2106.09685"));
        let json = r#"{"title": "A", "arxiv": "arXiv:2106.09685v3"}"#;
        let e = parse_jsonl(Path::new("l.jsonl"), json.as_bytes()).unwrap();
        assert_eq!(e[0].given_id.as_deref(), Some("2106.09685"));
    }

    #[test]
    fn a_study_groups_sheet_says_what_was_read_and_when_by_its_sessions() {
        // A Notion database exported as CSV: a status decides; the `날짜` beside a
        // presenter is the session's (when it was read), not the paper's.
        let notion = "\u{feff}이름,URL,상태,발표자,날짜\n\
            LoRA,https://arxiv.org/abs/2106.09685,읽음,민수,2026년 11월 20일\n\
            QLoRA,https://arxiv.org/abs/2305.14314,완료,지현,2026/11/27\n\
            SpQR,https://arxiv.org/abs/2306.03078,시작 전,민수,2026/12/04\n\
            FLAN,https://arxiv.org/abs/2109.01652,,,\n";
        let e = parse_csv(Path::new("notion.csv"), notion.as_bytes()).unwrap();
        let got: Vec<(&str, bool, Option<&str>, Option<&str>)> = e
            .iter()
            .map(|e| {
                let d = (e.date.as_deref(), e.read_on.as_deref());
                (e.title.as_str(), e.checked, d.0, d.1)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("LoRA", true, None, Some("2026-11-20")),
                ("QLoRA", true, None, Some("2026-11-27")),
                ("SpQR", false, None, Some("2026-12-04")),
                ("FLAN", false, None, None),
            ]
        );
        // No status column: a presenter named, or a session dated, marks the row read.
        let sheet = "제목,발표일,발표자,연도\nLoRA,2026.11.06,민수,2021\nQLoRA,,미정,2023\nBERT,,지연,2018\n";
        let e = parse_csv(Path::new("sheet.csv"), sheet.as_bytes()).unwrap();
        let got: Vec<(&str, bool, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.checked, e.date.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("LoRA", true, Some("2021")),
                ("QLoRA", false, Some("2023")),
                ("BERT", true, Some("2018"))
            ]
        );
        // A `Year` beside a presenter is the paper's; a session day without its year is
        // kept for the history to place.
        let sheet = "Title,Year,Presenter,Date
LoRA,2021,,11/20
QLoRA,2023,,
";
        let e = parse_csv(Path::new("sheet.csv"), sheet.as_bytes()).unwrap();
        let got: Vec<(bool, Option<&str>, Option<&str>)> = e
            .iter()
            .map(|e| (e.checked, e.date.as_deref(), e.read_on.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (true, Some("2021"), Some("--11-20")),
                (false, Some("2023"), None)
            ]
        );
    }

    #[test]
    fn a_zotero_csv_export_is_read_by_its_own_column_names() {
        let text = "\u{feff}\"Key\",\"Item Type\",\"Publication Year\",\"Author\",\"Title\",\"Publication Title\",\"DOI\",\"Url\",\"Abstract Note\",\"Manual Tags\"\n\
\"ABCD1234\",\"journalArticle\",\"2021\",\"Hu, Edward J.; Shen, Yelong\",\"LoRA: Low-Rank Adaptation of Large Language Models\",\"ICLR\",\"10.48550/arXiv.2106.09685\",\"http://arxiv.org/abs/2106.09685\",\"An important paradigm.\",\"fine-tuning; adapters\"\n";
        let e = parse_csv(Path::new("zotero.csv"), text.as_bytes()).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("An important paradigm.")
        );
        assert_eq!(e[0].date.as_deref(), Some("2021"));
        assert_eq!(e[0].url, "http://arxiv.org/abs/2106.09685");
        assert_eq!(e[0].doi.as_deref(), Some("10.48550/arXiv.2106.09685"));
        assert_eq!(e[0].venue.as_deref(), Some("ICLR"));
        assert_eq!(e[0].keywords, vec!["fine-tuning", "adapters"]);
        assert_eq!(e[0].authors, vec!["Hu, Edward J.", "Shen, Yelong"]);
    }

    #[test]
    fn a_sheet_headed_in_korean_is_read_by_its_column_names() {
        // A study group's sheet as it heads it: every field, not only the title.
        let text = "제목,약칭,저자,날짜,링크,학회,키워드,요약,읽음\n\
LoRA: Low-Rank Adaptation of Large Language Models,LoRA,\"Hu, Edward J.; Shen, Yelong\",2021-06-17,https://arxiv.org/abs/2106.09685,ICLR,PEFT,저랭크 행렬로 미세조정,완료\n";
        let e = parse_csv(Path::new("목록.csv"), text.as_bytes()).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].alias.as_deref(), Some("LoRA"));
        assert_eq!(e[0].authors, vec!["Hu, Edward J.", "Shen, Yelong"]);
        assert_eq!(e[0].date.as_deref(), Some("2021-06-17"));
        assert_eq!(e[0].url, "https://arxiv.org/abs/2106.09685");
        assert_eq!(e[0].venue.as_deref(), Some("ICLR"));
        assert_eq!(e[0].keywords, vec!["PEFT"]);
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("저랭크 행렬로 미세조정")
        );
        assert!(e[0].checked);
    }

    #[test]
    fn excels_separator_line_above_the_header_says_the_separator() {
        for text in [
            "sep=;\r\nTitle;Date\r\nLoRA: Low-Rank Adaptation, of Models;2021\r\n",
            "\u{feff}\"sep=;\"\nTitle;Date\nLoRA: Low-Rank Adaptation, of Models;2021\n",
        ] {
            let e = parse_csv(Path::new("excel.csv"), text.as_bytes()).unwrap();
            assert_eq!(
                e[0].title, "LoRA: Low-Rank Adaptation, of Models",
                "{text:?}"
            );
            assert_eq!(e[0].date.as_deref(), Some("2021"));
            // Its line as the file numbers it: the separator line, the header, the row.
            assert_eq!(e[0].line, 3, "{text:?}");
            assert!(looks_like_csv(text.as_bytes()));
        }
        // Excel's CRLF line ends: each row's line as the file numbers it.
        let e = parse_csv(
            Path::new("excel.csv"),
            "Title,Note\r\nA,\"two\r\nlines\"\r\nB,x\r\n\r\nC,y\r\n".as_bytes(),
        )
        .unwrap();
        let lines: Vec<usize> = e.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 4, 6]);
        // A list whose first line merely starts so is not told a separator.
        assert!(sep_directive(b"sep=abc\nTitle\n").is_none());
        assert!(sep_directive(b"Title,URL\n").is_none());
    }

    #[test]
    fn a_notion_export_in_korean_names_its_title_property() {
        // Notion's CSV export with its interface in Korean: the title property is `이름`.
        let text = "\u{feff}이름,태그,URL,상태\nQLoRA: Efficient Finetuning of Quantized LLMs,PEFT,https://arxiv.org/abs/2305.14314,읽음\n";
        let e = parse_csv(Path::new("Notion.csv"), text.as_bytes()).unwrap();
        assert_eq!(e[0].title, "QLoRA: Efficient Finetuning of Quantized LLMs");
        assert_eq!(e[0].url, "https://arxiv.org/abs/2305.14314");
        assert_eq!(e[0].keywords, vec!["PEFT"]);
        assert!(e[0].checked);
        assert!(is_title_header(" 이름 "));
    }

    #[test]
    fn a_paperpile_csv_export_is_read_by_its_own_column_names() {
        // Paperpile's CSV export: its arXiv id, several links in `URLs`, labels as tags.
        let text = "Item type,Authors,Title,Journal,Proceedings title,Publication year,Date published,DOI,Arxiv ID,URLs,Abstract,Keywords,Labels filed in,Folders filed in\n\
Conference paper,\"Dettmers T,Pagnoni A\",QLoRA: Efficient Finetuning of Quantized LLMs,,Advances in Neural Information Processing Systems,2023,2023-05-23,,2305.14314,http://arxiv.org/abs/2305.14314;https://arxiv.org/pdf/2305.14314,We present QLoRA.,,PEFT;quantization,Reading group\n";
        let e = parse_csv(Path::new("paperpile.csv"), text.as_bytes()).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].given_id.as_deref(), Some("2305.14314"));
        assert_eq!(e[0].url, "http://arxiv.org/abs/2305.14314");
        assert_eq!(e[0].date.as_deref(), Some("2023-05-23"));
        assert_eq!(
            e[0].venue.as_deref(),
            Some("Advances in Neural Information Processing Systems")
        );
        assert_eq!(e[0].keywords, vec!["PEFT", "quantization"]);
        assert_eq!(e[0].authors, vec!["Dettmers T", "Pagnoni A"]);
        assert_eq!(first_link("https://a.org/x;y=1"), "https://a.org/x;y=1");
    }

    #[test]
    fn an_id_of_numbers_beside_links_numbers_rows_not_papers() {
        // Raindrop's CSV export: its own item ids; the link names the paper.
        let raindrop = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n\
101,QLoRA: Efficient Finetuning of Quantized LLMs,,,https://arxiv.org/abs/2305.14314,Papers,\"peft, quantization\",2023-06-01T10:00:00.000Z,,,false\n\
102,LoRA,read it,,https://arxiv.org/abs/2106.09685,Papers,peft,2023-05-01T10:00:00.000Z,,,true\n";
        let e = parse_csv(Path::new("raindrop.csv"), raindrop.as_bytes()).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].given_id, None);
        assert_eq!(e[0].url, "https://arxiv.org/abs/2305.14314");
        assert_eq!(e[0].keywords, vec!["peft", "quantization"]);
        // Without links the numbers are all there is to tell rows apart; an id that is
        // not a number is a paper's.
        let no_links = "id,title\n7,QLoRA\n";
        let e = parse_csv(Path::new("a.csv"), no_links.as_bytes()).unwrap();
        assert_eq!(e[0].given_id.as_deref(), Some("7"));
        let keys = "id,title,url\n7,A,https://a.org/1\nhu2021lora,LoRA,https://a.org/2\n";
        let e = parse_csv(Path::new("b.csv"), keys.as_bytes()).unwrap();
        assert_eq!(e[0].given_id.as_deref(), Some("7"));
        assert_eq!(e[1].given_id.as_deref(), Some("hu2021lora"));
        // Other id columns stay: `arxiv_id` of digits and a dot, `paper_id` of digits.
        let named = "paper_id,title,url\n204838007,A,https://a.org/1\n";
        let e = parse_csv(Path::new("c.csv"), named.as_bytes()).unwrap();
        assert_eq!(e[0].given_id.as_deref(), Some("204838007"));
    }
}
