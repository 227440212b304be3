//! RIS libraries (`.ris`), as Zotero, Mendeley, EndNote, IEEE Xplore, the ACM Digital
//! Library and Google Scholar export them: a record a `TY` … `ER` block of tagged lines
//! (`TI  - Attention Is All You Need`).
//!
//! Read here rather than through a crate because readnext needs what the RIS crates
//! drop: each record's line (for messages and `papers`' source lines) and the lines an
//! exporter wraps a long abstract onto. A tag is two characters, a letter then a letter
//! or digit, then spaces, a dash and the value (`TY  - JOUR`, also `TY - JOUR` and
//! `ER  -`); any other line inside a record continues the field before it. Fields:
//! `TI`/`T1` (else `CT`, `BT`) title, `AB`/`N2` abstract, `AU`/`A1` authors, `DA`,
//! `PY`/`Y1` date (`2021/06/17/`, `2021///` → `2021-06-17`, `2021`; `DA` only when it
//! agrees with the year, as EndNote writes a date accessed there for some types), `DO`
//! DOI, `UR` (else `LK`, `L2`, `L1`) link, `KW` keywords (one a line, or several split
//! at `,` and `;`, also on the untagged lines after one),
//! `ST` short title as alias, `T2`/`JO`/`JF`/`C3`/`BT` venue, `ID` as a citation key. A
//! record without a title is skipped with one warning for all of them; text outside
//! records is ignored; a file with no `TY` line is an error.

use super::markdown::collapse;
use super::normalize::{split_keywords, strip_doi_prefix};
use super::paper::Entry;
use super::Warning;
use crate::error::{Error, Result};
use std::path::Path;

/// Parse a RIS file: its records as entries, and warnings for what was skipped.
pub fn parse(path: &Path, text: &str) -> Result<(Vec<Entry>, Vec<Warning>)> {
    let mut records: Vec<Record> = Vec::new();
    let mut open: Option<Record> = None;
    let mut warnings = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.trim_start_matches('\u{feff}').trim_end();
        match tagged(line) {
            Some(("TY", _)) => {
                if let Some(r) = open.take() {
                    warnings.push(Warning::skipped(
                        lineno,
                        format!(
                            "the record at line {} has no `ER  -` line; read up to this `TY` line",
                            r.line
                        ),
                    ));
                    records.push(r);
                }
                open = Some(Record {
                    line: lineno,
                    fields: Vec::new(),
                });
            }
            Some(("ER", _)) => {
                if let Some(r) = open.take() {
                    records.push(r);
                }
            }
            Some((tag, value)) => {
                if let Some(r) = open.as_mut() {
                    r.fields.push((tag.to_string(), value.to_string()));
                }
            }
            None => {
                if let Some(r) = open.as_mut() {
                    r.continue_with(line);
                }
            }
        }
    }
    if let Some(r) = open.take() {
        records.push(r);
    }
    if records.is_empty() {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            message:
                "no RIS records (a record starts with a `TY  - ` line and ends with `ER  - `); \
                      export the library as RIS again, or name the file for its format"
                    .into(),
        });
    }
    let entries = entries_of(&records, "`TI  - ` line", &mut warnings);
    Ok((entries, warnings))
}

/// The entries of `records`, and one warning for those without a title (`title_field`
/// names what they lack).
pub(super) fn entries_of(
    records: &[Record],
    title_field: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut untitled = Vec::new();
    for r in records {
        match r.entry() {
            Some(e) => entries.push(e),
            None => untitled.push(r.line),
        }
    }
    warnings.extend(super::untitled_warning(
        &untitled,
        "record",
        "records",
        title_field,
    ));
    entries
}

/// A tagged line's tag and value: `TI  - Title` → (`TI`, `Title`).
fn tagged(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 3
        || !b[0].is_ascii_uppercase()
        || !(b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
    {
        return None;
    }
    let rest = line[2..].trim_start_matches(' ');
    let value = rest.strip_prefix('-')?;
    // `TY  - JOUR`, `ER  -`; not a word such as `AB-testing` (no space before the dash).
    if rest.len() == line.len() - 2 && !value.is_empty() && !value.starts_with(' ') {
        return None;
    }
    Some((&line[..2], value.trim()))
}

/// One record: the line it starts on, and its fields in order under RIS's tags.
pub(super) struct Record {
    pub(super) line: usize,
    pub(super) fields: Vec<(String, String)>,
}

impl Record {
    /// An untagged line: it continues the field before it (a wrapped abstract); under
    /// `KW` it holds more keywords (EndNote's `KW  - a, b` then `c; d`).
    pub(super) fn continue_with(&mut self, line: &str) {
        let text = line.trim();
        match self.fields.last_mut() {
            Some((tag, _)) if tag == "KW" && !text.is_empty() => {
                self.fields.push(("KW".to_string(), text.to_string()));
            }
            Some((_, value)) if !text.is_empty() => {
                value.push(' ');
                value.push_str(text);
            }
            _ => {}
        }
    }

    /// The values of the first of `tags` the record has.
    fn all(&self, tags: &[&str]) -> Vec<String> {
        for t in tags {
            let found: Vec<String> = self
                .fields
                .iter()
                .filter(|(tag, v)| tag == t && !v.trim().is_empty())
                .map(|(_, v)| collapse(v))
                .collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// The first value of the first of `tags` the record has.
    fn first(&self, tags: &[&str]) -> Option<String> {
        self.all(tags).into_iter().next()
    }

    pub(super) fn entry(&self) -> Option<Entry> {
        let title = self.first(&["TI", "T1", "CT", "BT"])?;
        let doi = self
            .first(&["DO"])
            .map(|d| strip_doi_prefix(&d).to_string())
            .filter(|d| d.starts_with("10."));
        let url = self
            .first(&["UR", "LK", "L2", "L1"])
            .and_then(|u| {
                u.split([';', ' '])
                    .find(|p| !p.is_empty())
                    .map(str::to_string)
            })
            .unwrap_or_default();
        // `DA` is the date (Zotero's full one), but for a few types EndNote's date
        // accessed: it counts when it agrees with the year.
        let year = self.first(&["PY", "Y1"]).and_then(|d| ris_date(&d));
        let date = match (self.first(&["DA"]).and_then(|d| ris_date(&d)), year) {
            (Some(da), Some(py)) if da.split('-').next() != py.split('-').next() => Some(py),
            (da, py) => da.or(py),
        };
        let alias = self
            .first(&["ST"])
            .filter(|a| !a.eq_ignore_ascii_case(&title));
        let venue = self
            .first(&["T2", "JO", "JF", "C3", "BT"])
            .filter(|v| !v.eq_ignore_ascii_case(&title));
        let keywords = self
            .all(&["KW"])
            .iter()
            .flat_map(|k| split_keywords(k))
            .collect();
        Some(Entry {
            // Folding makes an arXiv DOI the arXiv id, as for BibTeX.
            given_id: doi.clone(),
            key: self.first(&["ID"]),
            abstract_text: self.first(&["AB", "N2"]),
            authors: self.all(&["AU", "A1"]),
            line: self.line,
            title,
            url,
            date,
            alias,
            venue,
            keywords,
            doi,
            ..Default::default()
        })
    }
}

/// A RIS date (`2021/06/17/`, `2021/06//`, `2021///`, `2021`, `2021-06-17`) as
/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` without a year.
fn ris_date(s: &str) -> Option<String> {
    let mut parts = s.split(['/', '-']).map(str::trim);
    let year = parts.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |p: Option<&str>, max: u32| {
        p.and_then(|p| p.parse::<u32>().ok())
            .filter(|n| (1..=max).contains(n))
    };
    let month = num(parts.next(), 12);
    let day = num(parts.next(), 31);
    Some(match (month, day) {
        (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year}-{m:02}"),
        _ => year.to_string(),
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The fields of the SIGIR 2019 counterfactual learning-to-rank record as the
    /// EndNote exports' unit tests write it (tagged and XML): two authors, a keyword line
    /// of two, an abstract over two lines, a label.
    pub(in crate::corpus) fn assert_counterfactual_ltr(ltr: &Entry) {
        assert_eq!(
            ltr.title,
            "A General Framework for Counterfactual Learning-to-Rank"
        );
        assert_eq!(ltr.authors, vec!["Agarwal, Aman", "Takatsu, Kenta"]);
        assert_eq!(ltr.date.as_deref(), Some("2019-07-18"));
        assert_eq!(
            ltr.venue.as_deref(),
            Some("Proceedings of the 42nd International ACM SIGIR Conference")
        );
        assert_eq!(ltr.doi.as_deref(), Some("10.1145/3331184.3331202"));
        assert_eq!(ltr.url, "https://doi.org/10.1145/3331184.3331202");
        assert_eq!(
            ltr.abstract_text.as_deref(),
            Some("Implicit feedback is an attractive source of training data. Its naive use leads to bias.")
        );
        assert_eq!(
            ltr.keywords,
            vec![
                "learning to rank",
                "presentation bias",
                "counterfactual inference"
            ]
        );
        assert_eq!(ltr.key.as_deref(), Some("agarwal2019"));
    }

    fn parse_ok(text: &str) -> (Vec<Entry>, Vec<Warning>) {
        parse(Path::new("lib.ris"), text).unwrap()
    }

    #[test]
    fn zoteros_ris_export_is_read_with_its_lines() {
        // As Zotero writes a preprint (CRLF line ends, `ER  - ` with a trailing space),
        // then an exporter's record with a wrapped abstract and one-space tags, then a
        // record whose `ER` line is missing, then one without a title.
        let text = "TY  - PREPRINT\r\nTI  - LoRA: Low-Rank Adaptation of Large Language Models\r\n\
AU  - Hu, Edward J.\r\nAU  - Shen, Yelong\r\nAB  - An important paradigm.\r\nDA  - 2021/10/16/\r\n\
PY  - 2021\r\nST  - LoRA\r\nUR  - http://arxiv.org/abs/2106.09685\r\nDO  - 10.48550/arXiv.2106.09685\r\n\
KW  - Computer Science - Machine Learning\r\nKW  - adapters\r\nER  - \r\n\r\n\
TY - JOUR\nT1 - A General Framework for\n  Counterfactual Learning-to-Rank\nAB - Implicit feedback\n\
AB-testing is one source.\nJO - SIGIR Forum\nPY - 2019///\nKW - learning to rank; bias\nclicks, position\n\
DO - https://doi.org/10.1145/3331184.3331202\nID - agarwal2019\nER -\n\
stray text between records\n\
TY  - BOOK\nTI  - Mining the Web\nPY  - 2002\nDA  - 2024/01/15/\n\
TY  - ELEC\nUR  - https://example.org/\nER  - \n";
        let (e, w) = parse_ok(text);
        assert_eq!(e.len(), 3);
        let lora = &e[0];
        assert_eq!(lora.line, 1);
        assert_eq!(
            lora.title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(lora.authors, vec!["Hu, Edward J.", "Shen, Yelong"]);
        assert_eq!(
            lora.abstract_text.as_deref(),
            Some("An important paradigm.")
        );
        assert_eq!(lora.date.as_deref(), Some("2021-10-16"));
        assert_eq!(lora.alias.as_deref(), Some("LoRA"));
        assert_eq!(lora.url, "http://arxiv.org/abs/2106.09685");
        assert_eq!(lora.given_id.as_deref(), Some("10.48550/arXiv.2106.09685"));
        assert_eq!(
            lora.keywords,
            vec!["Computer Science - Machine Learning", "adapters"]
        );
        let ltr = &e[1];
        assert_eq!(ltr.line, 15);
        assert_eq!(
            ltr.title,
            "A General Framework for Counterfactual Learning-to-Rank"
        );
        assert_eq!(
            ltr.abstract_text.as_deref(),
            Some("Implicit feedback AB-testing is one source.")
        );
        assert_eq!(ltr.venue.as_deref(), Some("SIGIR Forum"));
        assert_eq!(ltr.date.as_deref(), Some("2019"));
        assert_eq!(
            ltr.keywords,
            vec!["learning to rank", "bias", "clicks", "position"]
        );
        assert_eq!(ltr.doi.as_deref(), Some("10.1145/3331184.3331202"));
        assert_eq!(ltr.key.as_deref(), Some("agarwal2019"));
        assert_eq!(ltr.url, "");
        assert_eq!((e[2].title.as_str(), e[2].line), ("Mining the Web", 28));
        // A `DA` of another year than `PY` is the date it was accessed.
        assert_eq!(e[2].date.as_deref(), Some("2002"));
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].message.contains("line 28 has no `ER"), "{w:?}");
        assert_eq!(w[1].line, 32);
        assert!(w[1].message.contains("1 record without a title"), "{w:?}");
    }

    #[test]
    fn ris_dates() {
        for (s, want) in [
            ("2021/06/17/", Some("2021-06-17")),
            ("2021/06//", Some("2021-06")),
            ("2021///", Some("2021")),
            ("2021", Some("2021")),
            ("2021-06-17", Some("2021-06-17")),
            ("2021/13/01/", Some("2021")),
            ("Spring 2021", None),
            ("", None),
        ] {
            assert_eq!(ris_date(s).as_deref(), want, "{s:?}");
        }
    }

    #[test]
    fn a_file_without_records_is_an_error() {
        let e = parse(Path::new("lib.ris"), "TI  - A title\nER  - \n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("lib.ris:1") && e.contains("no RIS records"),
            "{e}"
        );
    }

    #[test]
    fn any_mix_of_tags_and_text_parses_without_a_panic() {
        let pieces = [
            "TY  - JOUR",
            "ER  - ",
            "ER  -",
            "TI  - T",
            "TI -",
            "AB  - a",
            "AU  - A, B",
            "PY  - 2019///",
            "DA  - 2019/1/",
            "KW  - k;;",
            "한국어",
            "é-",
            "T",
            "TI",
            "  - ",
            "-",
            "\r",
            "ST  - T",
            "DO  - doi:",
            "UR  - ;",
        ];
        let mut rng = crate::rng::Rng::new(5);
        let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..pick(12) {
                text.push_str(pieces[pick(pieces.len())]);
                text.push_str(["\n", "", "\r\n"][pick(3)]);
            }
            if let Ok((entries, _)) = parse(Path::new("r.ris"), &text) {
                for e in entries {
                    assert!(!e.title.is_empty(), "{text:?}");
                    assert!(e.line >= 1, "{text:?}");
                }
            }
        }
    }
}
