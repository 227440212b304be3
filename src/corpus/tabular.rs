//! JSONL and CSV reading lists: one paper a line (JSONL) or a row (CSV, header required).
//!
//! Fields: `title` (required), `abstract`, `url`, `id`, `doi`, `date` (or `year`),
//! `alias`, `primary_category`/`category`, `venue`, `keywords` and `authors` (a list, or
//! a string split at `;` and `,` for keywords, at `;` and ` and ` for authors).

use super::paper::Entry;
use crate::error::{Error, Result};
use std::io::BufRead;
use std::path::Path;

/// Parse JSONL: one object a line, `title` required; `abstract`, `url`, `id`, `date`,
/// `alias` and `primary_category` optional. Blank lines are skipped.
pub fn parse_jsonl(path: &Path, reader: impl BufRead) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let lineno = i + 1;
        let bytes = line.map_err(|e| Error::io(path, e))?;
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
        let field = |k: &str| -> Option<String> {
            obj.get(k)
                .and_then(|v| match v {
                    serde_json::Value::String(s) => Some(super::markdown::collapse(s)),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
        };
        let title = field("title").ok_or_else(|| Error::Parse {
            path: path.to_path_buf(),
            line: lineno,
            message: "missing \"title\" (a non-empty string); every line needs one".into(),
        })?;
        let list = |k: &str, split: fn(&str) -> Vec<String>| -> Vec<String> {
            match obj.get(k) {
                Some(serde_json::Value::Array(items)) => items
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(super::markdown::collapse)
                    .filter(|s| !s.is_empty())
                    .collect(),
                _ => field(k).map(|s| split(&s)).unwrap_or_default(),
            }
        };
        out.push(Entry {
            title,
            url: field("url").unwrap_or_default(),
            abstract_text: field("abstract"),
            date: field("date").or_else(|| field("year")),
            alias: field("alias"),
            category: field("primary_category").or_else(|| field("category")),
            given_id: field("id"),
            line: lineno,
            doi: field("doi"),
            venue: field("venue"),
            keywords: list("keywords", split_keywords),
            authors: list("authors", split_authors),
            ..Default::default()
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

/// Parse CSV with a header row; a `title` column is required (any case), `abstract`,
/// `url`, `id`, `date`, `alias` and `category` are used when present. A leading
/// byte-order mark is skipped and the separator (`,` `;` tab) is sniffed from the header.
pub fn parse_csv(path: &Path, mut reader: impl std::io::Read) -> Result<Vec<Entry>> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(sniff_delimiter(body))
        .from_reader(body);
    let headers = rdr
        .headers()
        .map_err(|e| csv_error(path, &e))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect::<Vec<_>>();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let title_col = col("title").ok_or_else(|| Error::Parse {
        path: path.to_path_buf(),
        line: 1,
        message: format!(
            "no \"title\" column in the header ({}); add one",
            headers.join(", ")
        ),
    })?;
    let cols = [
        col("abstract"),
        col("url"),
        col("id"),
        col("date").or(col("year")),
        col("alias"),
        col("category").or(col("primary_category")),
        col("doi"),
        col("venue"),
        col("keywords"),
        col("authors").or(col("author")),
    ];
    let mut out = Vec::new();
    for record in rdr.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .map(super::markdown::collapse)
                .filter(|s| !s.is_empty())
        };
        let Some(title) = get(Some(title_col)) else {
            continue;
        };
        out.push(Entry {
            title,
            abstract_text: get(cols[0]),
            url: get(cols[1]).unwrap_or_default(),
            given_id: get(cols[2]),
            date: get(cols[3]),
            alias: get(cols[4]),
            category: get(cols[5]),
            doi: get(cols[6]),
            venue: get(cols[7]),
            keywords: get(cols[8]).map(|k| split_keywords(&k)).unwrap_or_default(),
            authors: get(cols[9]).map(|a| split_authors(&a)).unwrap_or_default(),
            line,
            ..Default::default()
        });
    }
    Ok(out)
}

fn split_keywords(s: &str) -> Vec<String> {
    s.split([',', ';'])
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

fn split_authors(s: &str) -> Vec<String> {
    s.split(';')
        .flat_map(|a| a.split(" and "))
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
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
