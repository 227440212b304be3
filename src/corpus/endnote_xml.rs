//! EndNote's XML export (`.xml`), as EndNote itself, Mendeley and Zotero write it:
//! `<xml><records><record>…</record></records></xml>`, each field an element whose
//! text may be split into `<style>` runs (italic words of a title).
//!
//! Each field is read as the RIS tag of the same meaning and the record goes through the
//! RIS reader's fields ([`super::ris`]), as EndNote's tagged format does: `titles/title`
//! the title, `titles/short-title` the alias, `titles/secondary-title` and
//! `periodical/full-title` the venue, `contributors/authors/author` the authors,
//! `abstract`, `dates/year` and `dates/pub-dates/date` the date,
//! `electronic-resource-num` the DOI, `urls/*/url` the link (web links only: EndNote's
//! `internal-pdf://` attachments are files on the exporter's disk), `keywords/keyword`,
//! and `label` (a citation key, as `%F` is). A record without a title is skipped with one
//! warning; a file that is not XML, or holds no `<record>`, is an error naming its line.

use super::paper::Entry;
use super::ris::{entries_of, Record};
use super::{LineIndex, Warning};
use crate::error::{Error, Result};
use roxmltree::{Document, Node, ParsingOptions};
use std::path::Path;

/// Parse an EndNote XML file: its records as entries, and warnings for what was skipped.
pub fn parse(path: &Path, text: &str) -> Result<(Vec<Entry>, Vec<Warning>)> {
    let doc = xml_document(path, text, "EndNote XML")?;
    // Lines by binary search over line starts: roxmltree's `text_pos_at` counts from the
    // top of the text each time (an EndNote export of 20,000 records took minutes).
    let lines = LineIndex::new(text);
    let records: Vec<Record> = doc
        .descendants()
        .filter(|n| n.has_tag_name("record"))
        .map(|n| record(&lines, n))
        .collect();
    if records.is_empty() {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            message: "no EndNote XML records (a record is `<record><titles><title>…`); \
                      export the library again as EndNote XML, or name the file for its format"
                .into(),
        });
    }
    let mut warnings = Vec::new();
    let entries = entries_of(&records, "`<title>`", &mut warnings);
    Ok((entries, warnings))
}

/// `text` as an XML document, or an error naming the line where it stops being one and
/// the export (`format`) to make again.
pub(super) fn xml_document<'t>(path: &Path, text: &'t str, format: &str) -> Result<Document<'t>> {
    let options = ParsingOptions {
        // Some exporters write a document type; roxmltree bounds what its entities expand to.
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| Error::Parse {
        path: path.to_path_buf(),
        line: e.pos().row as usize,
        message: format!(
            "not well-formed XML ({e}); export the library again as {format}, or name the file \
             for its format"
        ),
    })
}

/// One `<record>` as RIS-tagged fields, on the line its element opens.
fn record(lines: &LineIndex, node: Node) -> Record {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut push = |tag: &str, value: String| {
        if !value.is_empty() {
            fields.push((tag.to_string(), value));
        }
    };
    let mut year = None;
    let mut date = None;
    for child in node.children().filter(Node::is_element) {
        match child.tag_name().name() {
            "titles" => {
                for t in child.children().filter(Node::is_element) {
                    match t.tag_name().name() {
                        "title" => push("TI", text_of(t)),
                        "short-title" => push("ST", text_of(t)),
                        "secondary-title" => push("T2", text_of(t)),
                        _ => {}
                    }
                }
            }
            "periodical" => {
                for t in child.children().filter(|t| t.has_tag_name("full-title")) {
                    push("JF", text_of(t));
                }
            }
            "contributors" => {
                for authors in child.children().filter(|a| a.has_tag_name("authors")) {
                    for a in authors.children().filter(|a| a.has_tag_name("author")) {
                        push("AU", text_of(a));
                    }
                }
            }
            "abstract" => push("AB", text_of(child)),
            "electronic-resource-num" => push("DO", text_of(child)),
            "label" => push("ID", text_of(child)),
            "keywords" => {
                for k in child.children().filter(|k| k.has_tag_name("keyword")) {
                    push("KW", text_of(k));
                }
            }
            "urls" => {
                for u in child.descendants().filter(|u| u.has_tag_name("url")) {
                    let url = text_of(u);
                    if url.starts_with("http://") || url.starts_with("https://") {
                        push("UR", url);
                    }
                }
            }
            "dates" => {
                for d in child.descendants().filter(Node::is_element) {
                    match d.tag_name().name() {
                        "year" => year = Some(text_of(d)),
                        "date" if date.is_none() => date = Some(text_of(d)),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(y) = year.as_deref().filter(|y| !y.is_empty()) {
        push("PY", y.to_string());
    }
    if let Some(d) = date.and_then(|d| full_date(&d, year.as_deref())) {
        push("DA", d);
    }
    Record {
        line: lines.line(node.range().start),
        fields,
    }
}

/// The text of an element and everything in it (a title in `<style>` runs), its white
/// space collapsed.
fn text_of(node: Node) -> String {
    let mut out = String::new();
    for t in node.descendants().filter(Node::is_text) {
        out.push_str(t.text().unwrap_or(""));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A publication date as RIS writes one (`2021/06/17`), from EndNote's: already numeric
/// (`2021-06-17`, `2021/06`), or a month name and maybe a day, with the record's year
/// (`June 17`, `Jun`, `17 June 2021`). `None` when it says no month.
pub(super) fn full_date(date: &str, year: Option<&str>) -> Option<String> {
    let date = date.trim();
    if date.len() >= 4 && date.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return Some(date.to_string());
    }
    let words: Vec<&str> = date
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let month = words.iter().find_map(|w| month_number(w))?;
    let year = words
        .iter()
        .find(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .copied()
        .or(year)?;
    let day = words
        .iter()
        .filter(|w| (1..=2).contains(&w.len()))
        .find_map(|w| w.parse::<u32>().ok().filter(|d| (1..=31).contains(d)));
    Some(match day {
        Some(d) => format!("{year}/{month:02}/{d:02}"),
        None => format!("{year}/{month:02}"),
    })
}

/// `Jun`, `June`, `june` → 6.
fn month_number(word: &str) -> Option<u32> {
    use super::calendar::MONTHS;
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w.starts_with(&m[..3]) && m.starts_with(&w[..3])))
        .and_then(|i| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ris::tests::assert_counterfactual_ltr;

    #[test]
    fn endnotes_xml_export_is_read_with_its_lines() {
        // As EndNote writes a conference paper (style runs, an internal PDF and a web
        // link, a date without its year), Mendeley a preprint (no style runs), and a
        // record without a title.
        let text = r#"<?xml version="1.0" encoding="UTF-8" ?><xml><records>
<record><database name="My Library.enl" path="My Library.enl">My Library.enl</database><source-app name="EndNote" version="20.0">EndNote</source-app><rec-number>1</rec-number><ref-type name="Conference Proceedings">10</ref-type>
<contributors><authors><author><style face="normal" font="default" size="100%">Agarwal, Aman</style></author><author><style face="normal" font="default" size="100%">Takatsu, Kenta</style></author></authors></contributors>
<titles><title><style face="normal" font="default" size="100%">A General Framework for </style><style face="italic" font="default" size="100%">Counterfactual</style><style face="normal" font="default" size="100%"> Learning-to-Rank</style></title><secondary-title><style face="normal" font="default" size="100%">Proceedings of the 42nd International ACM SIGIR Conference</style></secondary-title></titles>
<pages>5-14</pages><keywords><keyword>learning to rank</keyword><keyword>presentation bias, counterfactual inference</keyword></keywords>
<dates><year>2019</year><pub-dates><date>July 18</date></pub-dates></dates>
<electronic-resource-num>10.1145/3331184.3331202</electronic-resource-num>
<abstract>Implicit feedback is an attractive source
of training data. Its naive use leads to bias.</abstract>
<label>agarwal2019</label>
<urls><pdf-urls><url>internal-pdf://1234/Agarwal 2019.pdf</url></pdf-urls><related-urls><url>https://doi.org/10.1145/3331184.3331202</url></related-urls></urls>
</record>
<record><ref-type name="Journal Article">17</ref-type><contributors><authors><author>Hu, Edward J.</author></authors></contributors><titles><title>LoRA: Low-Rank Adaptation of Large Language Models</title><short-title>LoRA</short-title><secondary-title>arXiv</secondary-title></titles><dates><year>2021</year></dates><urls><web-urls><url>http://arxiv.org/abs/2106.09685</url></web-urls></urls></record>
<record><ref-type name="Web Page">12</ref-type><urls><web-urls><url>https://example.org/</url></web-urls></urls></record>
</records></xml>"#;
        let (e, w) = parse(Path::new("lib.xml"), text).unwrap();
        assert_eq!(e.len(), 2);
        let ltr = &e[0];
        assert_eq!(ltr.line, 2);
        assert_counterfactual_ltr(ltr);
        let lora = &e[1];
        assert_eq!(lora.line, 13);
        assert_eq!(lora.alias.as_deref(), Some("LoRA"));
        assert_eq!(lora.date.as_deref(), Some("2021"));
        assert_eq!(lora.url, "http://arxiv.org/abs/2106.09685");
        assert_eq!(lora.authors, vec!["Hu, Edward J."]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 14);
        assert!(w[0].message.contains("`<title>`"), "{}", w[0].message);
    }

    #[test]
    fn dates_as_endnote_writes_them() {
        let cases = [
            ("2021-06-17", Some("2021"), Some("2021-06-17")),
            ("2021/06", None, Some("2021/06")),
            ("June 17", Some("2021"), Some("2021/06/17")),
            ("Jun", Some("2021"), Some("2021/06")),
            ("17 Sept. 2020", Some("2021"), Some("2020/09/17")),
            ("Summer", Some("2021"), None),
            ("May 3", None, None),
            ("", Some("2021"), None),
        ];
        for (date, year, want) in cases {
            assert_eq!(full_date(date, year).as_deref(), want, "{date:?} {year:?}");
        }
    }

    #[test]
    fn what_is_not_an_endnote_export_is_an_error_naming_the_line() {
        let err = parse(Path::new("a.xml"), "<xml>\n<records>\n<record>\n</xml>").unwrap_err();
        assert!(matches!(&err, Error::Parse { line: 4, .. }), "{err:?}");
        let err = parse(Path::new("a.xml"), "<mods><titleInfo/></mods>").unwrap_err();
        assert!(err.to_string().contains("no EndNote XML records"), "{err}");
    }

    #[test]
    fn any_xml_parses_without_a_panic() {
        // Seeded mixes of the elements a record holds, cut anywhere.
        let parts = [
            "<record>",
            "</record>",
            "<titles><title>",
            "</title></titles>",
            "<style face=\"italic\">",
            "</style>",
            "<dates><year>2021</year><pub-dates><date>",
            "</date></pub-dates></dates>",
            "June 17",
            "<urls><related-urls><url>https://a.org/</url></related-urls></urls>",
            "<keywords><keyword>a, b</keyword></keywords>",
            "&amp;",
            "T\u{e9}st \u{d55c}",
            "<!DOCTYPE xml>",
        ];
        let mut rng = crate::rng::Rng::new(7);
        let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
        for _ in 0..5_000 {
            let mut text = String::from("<xml><records>");
            for _ in 0..pick(12) {
                text.push_str(parts[pick(parts.len())]);
            }
            text.push_str("</records></xml>");
            let cut = pick(text.len() + 1);
            let cut = (0..=cut)
                .rev()
                .find(|&c| text.is_char_boundary(c))
                .unwrap_or(0);
            for t in [&text[..], &text[..cut]] {
                if let Ok((entries, _)) = parse(Path::new("a.xml"), t) {
                    for e in entries {
                        assert!(!e.title.is_empty(), "{t:?}");
                        assert!(e.line >= 1, "{t:?}");
                    }
                }
            }
        }
    }
}
