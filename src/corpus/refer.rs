//! EndNote's tagged format (`.enw`, Refer/BibIX), as Google Scholar's "EndNote" link, the
//! ACM Digital Library, EndNote itself and Korean databases (RISS, DBpia) export it:
//! one `%X value` line a field, records apart by a blank line or a new `%0` (type) line.
//!
//! Each tag is read as the RIS tag of the same meaning and the record goes through the
//! RIS reader's fields ([`super::ris`]): `%T` title, `%A` author, `%X` abstract, `%D`
//! year, `%8` date, `%J` journal and `%B` book or proceedings title (the venue), `%U`
//! link, `%R` DOI, `%K` keywords (a line each, or split at `,` and `;`), `%F` label
//! (a citation key), `%!` short title (the alias). An untagged line continues the
//! field before it; a record without a title is skipped with one warning; a file
//! with no tagged line is an error.

use super::paper::Entry;
use super::ris::{entries_of, Record};
use super::Warning;
use crate::error::{Error, Result};
use std::path::Path;

/// Refer tags and the RIS tags they are read as.
const TAGS: [(char, &str); 13] = [
    ('0', "TY"),
    ('T', "TI"),
    ('A', "AU"),
    ('X', "AB"),
    ('D', "PY"),
    ('8', "DA"),
    ('J', "JO"),
    ('B', "T2"),
    ('U', "UR"),
    ('R', "DO"),
    ('K', "KW"),
    ('F', "ID"),
    ('!', "ST"),
];

/// Parse an EndNote tagged file: its records as entries, and warnings for what was
/// skipped.
pub fn parse(path: &Path, text: &str) -> Result<(Vec<Entry>, Vec<Warning>)> {
    let mut records: Vec<Record> = Vec::new();
    let mut open: Option<Record> = None;
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.trim_start_matches('\u{feff}').trim_end();
        if line.trim().is_empty() {
            records.extend(open.take());
            continue;
        }
        match tagged(line) {
            Some((tag, value)) => {
                if tag == '0' {
                    records.extend(open.take());
                }
                let r = open.get_or_insert_with(|| Record {
                    line: lineno,
                    fields: Vec::new(),
                });
                let name = TAGS
                    .iter()
                    .find(|(t, _)| *t == tag)
                    .map_or("", |(_, ris)| *ris);
                // Tags readnext does not read (`%P` pages, `%@` ISBN) keep their place,
                // so a wrapped line after them is not taken for the field before.
                r.fields.push((name.to_string(), value.to_string()));
            }
            None => {
                if let Some(r) = open.as_mut() {
                    r.continue_with(line);
                }
            }
        }
    }
    records.extend(open.take());
    if records.is_empty() {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            message: "no EndNote records (a record is `%T Title`, `%A Author`, … lines, \
                      records apart by a blank line); export the library again, or name the \
                      file for its format"
                .into(),
        });
    }
    let mut warnings = Vec::new();
    let entries = entries_of(&records, "`%T` line", &mut warnings);
    Ok((entries, warnings))
}

/// A tagged line's tag and value: `%T Title` → (`T`, `Title`).
fn tagged(line: &str) -> Option<(char, &str)> {
    let rest = line.strip_prefix('%')?;
    let mut chars = rest.chars();
    let tag = chars.next().filter(|t| !t.is_whitespace())?;
    let value = chars.as_str();
    // `%T Title`; `%T` alone is an empty field; `%20 of …` is prose.
    (value.is_empty() || value.starts_with(' ')).then(|| (tag, value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ris::tests::assert_counterfactual_ltr;

    #[test]
    fn endnotes_tagged_export_is_read_with_its_lines() {
        // As the ACM Digital Library exports a paper, Google Scholar a preprint (one
        // record a file, no blank line), and a record without a title.
        let text = "%0 Conference Proceedings\n%T A General Framework for Counterfactual Learning-to-Rank\n\
%A Agarwal, Aman\n%A Takatsu, Kenta\n%B Proceedings of the 42nd International ACM SIGIR Conference\n\
%D 2019\n%8 2019-07-18\n%I Association for Computing Machinery\n%@ 9781450361729\n\
%R 10.1145/3331184.3331202\n%U https://doi.org/10.1145/3331184.3331202\n%P 5-14\n\
%X Implicit feedback is an attractive source of training data.\nIts naive use leads to bias.\n\
%K learning to rank\n%K presentation bias, counterfactual inference\n%F agarwal2019\n\n\
%0 Journal Article\n%T LoRA: Low-Rank Adaptation of Large Language Models\n%A Hu, Edward J\n\
%J arXiv preprint arXiv:2106.09685\n%D 2021\n%9 preprint\n%! LoRA\n\
%0 Web Page\n%U https://example.org/\n";
        let (e, w) = parse(Path::new("lib.enw"), text).unwrap();
        assert_eq!(e.len(), 2);
        let ltr = &e[0];
        assert_eq!(ltr.line, 1);
        assert_counterfactual_ltr(ltr);
        let lora = &e[1];
        assert_eq!(lora.line, 19);
        assert_eq!(lora.alias.as_deref(), Some("LoRA"));
        assert_eq!(lora.date.as_deref(), Some("2021"));
        assert_eq!(
            lora.venue.as_deref(),
            Some("arXiv preprint arXiv:2106.09685")
        );
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 26);
        assert!(w[0].message.contains("`%T` line"), "{w:?}");
    }

    #[test]
    fn prose_is_not_a_tag_and_no_tags_is_an_error() {
        assert_eq!(tagged("%T Title"), Some(('T', "Title")));
        assert_eq!(tagged("%@ 978"), Some(('@', "978")));
        assert_eq!(tagged("%T"), Some(('T', "")));
        assert_eq!(tagged("%20 of the data"), None);
        assert_eq!(tagged("% of the data"), None);
        assert_eq!(tagged("Title"), None);
        let e = parse(Path::new("lib.enw"), "Title: LoRA\n\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("lib.enw:1") && e.contains("no EndNote records"),
            "{e}"
        );
    }
}
