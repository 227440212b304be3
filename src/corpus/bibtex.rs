//! BibTeX and BibLaTeX libraries (`.bib`, as Zotero, JabRef and Mendeley export them).
//!
//! Parsing is the `biblatex` crate's (typst's): `@string` macros, `#` concatenation,
//! braces, LaTeX accents and escapes (`{\'e}` → é, `\&` → &), `@comment` and
//! `@preamble`. Every entry type with a title becomes a paper: title, abstract, DOI,
//! URL, arXiv eprint, date (or year and month), keywords, authors, journal or
//! booktitle; the citation key is kept as one of the paper's ids, so
//! `related vaswani2017attention` works.
//!
//! A broken entry does not lose the library: when the whole file does not parse,
//! each entry is parsed on its own (with the file's `@string` macros) and the ones
//! that still fail are skipped with a warning naming their line. Only a file in which
//! no entry parses is an error.

use super::latex;
use super::markdown::collapse;
use super::normalize::{arxiv_id_from_ref, strip_doi_prefix};
use super::paper::Entry;
use super::url::find_link;
use super::{LineIndex, Warning};
use crate::error::{Error, Result};
use biblatex::{Bibliography, Chunk, ChunksExt, RawBibliography};
use std::collections::HashMap;
use std::path::Path;

/// Blocks parsed together; a batch that fails is parsed again block by block.
const BATCH: usize = 256;

/// Parse a `.bib` file's text into entries (with their 1-based lines) and warnings.
pub fn parse(path: &Path, text: &str) -> Result<(Vec<Entry>, Vec<Warning>)> {
    let lines = LineIndex::new(text);
    let mut warnings = Vec::new();
    let blocks = blocks(text);
    // `@string` macros, each checked on its own so one bad macro costs only itself;
    // they are put before every batch (BibTeX needs them defined before use).
    let mut macros = String::new();
    for &(start, end) in blocks
        .iter()
        .filter(|&&(s, e)| is_kind(&text[s..e], "string"))
    {
        match RawBibliography::parse(&text[start..end]) {
            Ok(_) => {
                macros.push_str(&text[start..end]);
                macros.push('\n');
            }
            Err(e) => warnings.push(Warning::skipped(
                lines.line(start + e.span.start),
                format!("@string skipped: {}; fix it to use the macro", e.kind),
            )),
        }
    }
    let mut entries = Vec::new();
    let mut first_error: Option<(usize, String)> = None;
    for batch in blocks.chunks(BATCH) {
        let (from, to) = (batch[0].0, batch[batch.len() - 1].1);
        if let Ok(found) = parse_span(text, from, to, &macros, &lines) {
            entries.extend(found);
            continue;
        }
        for &(start, end) in batch {
            let block = &text[start..end];
            if ["string", "comment", "preamble"]
                .iter()
                .any(|k| is_kind(block, k))
            {
                continue;
            }
            match parse_span(text, start, end, &macros, &lines) {
                Ok(found) => entries.extend(found),
                // A lone `$` (prices, "$1,000") opens TeX math that never closes; BibTeX
                // itself does not care, so read it as a dollar sign.
                Err(_) if block.contains('$') => {
                    let escaped = block.replace("\\$", "$").replace('$', "\\$");
                    match parse_block(&format!("{macros}{escaped}")) {
                        Ok(found) => entries.extend(found.into_iter().map(|(e, _)| Entry {
                            line: lines.line(start),
                            ..e
                        })),
                        Err((_, why)) => {
                            skip(&mut warnings, &mut first_error, &lines, start, end, why)
                        }
                    }
                }
                Err((at, why)) => {
                    let at = at.clamp(start, end.saturating_sub(1).max(start));
                    skip(&mut warnings, &mut first_error, &lines, start, at + 1, why)
                }
            }
        }
    }
    if entries.is_empty() {
        if let Some((line, why)) = first_error {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line,
                message: format!(
                    "not a BibTeX file readnext can read ({why}); fix the entry or export the library again"
                ),
            });
        }
    }
    let untitled: Vec<usize> = entries
        .iter()
        .filter(|e| e.title.is_empty())
        .map(|e| e.line)
        .collect();
    warnings.extend(super::untitled_warning(
        &untitled, "entry", "entries", "`title`",
    ));
    entries.retain(|e| !e.title.is_empty());
    Ok((entries, warnings))
}

/// Record a skipped entry: `start` is where it begins, `end` just past where it failed.
fn skip(
    warnings: &mut Vec<Warning>,
    first_error: &mut Option<(usize, String)>,
    lines: &LineIndex,
    start: usize,
    end: usize,
    why: String,
) {
    let line = lines.line(start);
    let at = lines.line(end.saturating_sub(1).max(start));
    warnings.push(Warning::skipped(
        at,
        format!("entry at line {line} skipped: {why}; fix it to include the paper"),
    ));
    first_error.get_or_insert((at, why));
}

/// Parse `text[from..to]` after the macros; entries get their lines in `text`, an
/// error its byte offset in `text`.
fn parse_span(
    text: &str,
    from: usize,
    to: usize,
    macros: &str,
    lines: &LineIndex,
) -> std::result::Result<Vec<Entry>, (usize, String)> {
    let src = format!("{macros}{}", &text[from..to]);
    let at = |offset: usize| from + offset.saturating_sub(macros.len());
    parse_block(&src)
        .map(|found| {
            found
                .into_iter()
                .map(|(e, offset)| Entry {
                    line: lines.line(at(offset)),
                    ..e
                })
                .collect()
        })
        .map_err(|(offset, why)| (at(offset), why))
}

/// Parse one bibliography: its entries with the byte offset each starts at, or the
/// offset and reason of the first error.
fn parse_block(src: &str) -> std::result::Result<Vec<(Entry, usize)>, (usize, String)> {
    let mut raw = RawBibliography::parse(src).map_err(|e| (e.span.start, e.kind.to_string()))?;
    break_reference_cycles(&mut raw);
    let starts: Vec<(String, usize)> = raw
        .entries
        .iter()
        .map(|e| (e.v.key.v.to_string(), e.span.start))
        .collect();
    let bib = Bibliography::from_raw(raw).map_err(|e| (e.span.start, e.kind.to_string()))?;
    Ok(starts
        .into_iter()
        .filter_map(|(key, start)| bib.get(&key).map(|e| (entry_of(e), start)))
        .collect())
}

/// `crossref` chains that loop (an entry naming itself, or two naming each other) would
/// recurse without end when resolved: such entries lose their `crossref`. `xdata`
/// (BibLaTeX data inheritance, which can loop the same way) is dropped; it carries no
/// title or abstract readnext would use.
///
/// The chains are followed as `biblatex` will follow them: each entry's crossref is the
/// value of its last `crossref` field as the crate parses it (macros expanded, braces
/// and escapes decoded), found with the crate's own key lookup. That value comes from a
/// first parse in which the fields are renamed, so nothing is resolved there.
fn break_reference_cycles(raw: &mut RawBibliography<'_>) {
    const RENAMED: &str = "readnext-crossref";
    let is = |p: &biblatex::Pair<'_>, name: &str| p.key.v.eq_ignore_ascii_case(name);
    for entry in &mut raw.entries {
        entry.v.fields.retain(|p| !is(p, "xdata"));
    }
    if !raw
        .entries
        .iter()
        .any(|e| e.v.fields.iter().any(|p| is(p, "crossref")))
    {
        return;
    }
    let mut probe = raw.clone();
    for entry in &mut probe.entries {
        for p in &mut entry.v.fields {
            if is(p, "crossref") {
                p.key.v = RENAMED;
            }
        }
    }
    // When the first parse fails, so does the real one, before anything is resolved.
    let Ok(bib) = Bibliography::from_raw(probe) else {
        return;
    };
    let index: HashMap<&str, usize> = raw
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.v.key.v, i))
        .collect();
    let next: Vec<Option<usize>> = raw
        .entries
        .iter()
        .map(|e| {
            let target = bib.get(e.v.key.v)?.get_as::<String>(RENAMED).ok()?;
            let found = bib.get(&target)?;
            index.get(found.key.as_str()).copied()
        })
        .collect();
    for (i, entry) in raw.entries.iter_mut().enumerate() {
        let mut seen = vec![i];
        let mut at = next[i];
        let mut loops = false;
        while let Some(j) = at {
            if seen.contains(&j) {
                loops = true;
                break;
            }
            seen.push(j);
            at = next[j];
        }
        if loops {
            entry.v.fields.retain(|p| !is(p, "crossref"));
        }
    }
}

/// Blocks of the file that start with `@` at the beginning of a line: byte ranges.
fn blocks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('@') {
            starts.push(offset + (line.len() - line.trim_start().len()));
        }
        offset += line.len();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(text.len())))
        .collect()
}

fn is_kind(block: &str, kind: &str) -> bool {
    let head = block.trim_start().trim_start_matches('@');
    head.len() >= kind.len()
        && head.is_char_boundary(kind.len())
        && head[..kind.len()].eq_ignore_ascii_case(kind)
        && head[kind.len()..].trim_start().starts_with(['{', '('])
}

/// A field as written (identifiers, links, dates).
fn field(e: &biblatex::Entry, name: &str) -> Option<String> {
    e.get(name)
        .map(|c| collapse(&clean(&c.format_verbatim())))
        .filter(|s| !s.is_empty())
}

/// A field of prose (title, abstract, names, keywords, venue), with the LaTeX that
/// `biblatex` leaves made plain: `{\em big}` → big, `$\ell_1$` → ℓ1 (see [`latex`]).
fn prose(e: &biblatex::Entry, name: &str) -> Option<String> {
    let chunks = e.get(name)?;
    let text: String = chunks
        .iter()
        .map(|chunk| match &chunk.v {
            Chunk::Normal(s) | Chunk::Verbatim(s) => latex::text(s),
            Chunk::Math(s) => latex::math(s),
        })
        .collect();
    Some(collapse(&strip_inline_html(&clean(&text)))).filter(|s| !s.is_empty())
}

/// Inline HTML that digital libraries leave in titles (ACM's `<i>k</i>-Degree
/// Anonymity`, `W<sub>CA</sub>`, JATS's `<inline-formula>`): the tags go and their
/// text stays; a paragraph or line break becomes a space. Any other `<` is text.
fn strip_inline_html(s: &str) -> String {
    const INLINE: &[&str] = &[
        "i",
        "b",
        "u",
        "em",
        "strong",
        "sup",
        "sub",
        "span",
        "italic",
        "bold",
        "bi",
        "superscript",
        "subscript",
        "sc",
        "scp",
        "tt",
        "small",
        "inline-formula",
        "tex-math",
    ];
    const BREAKS: &[&str] = &["br", "p", "div"];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let tag = tail.find('>').and_then(|end| {
            let inside = &tail[1..end];
            let inside = inside.strip_prefix('/').unwrap_or(inside);
            let inside = inside.strip_suffix('/').unwrap_or(inside);
            if inside.contains('<') {
                return None;
            }
            let name = inside.split_whitespace().next()?.to_ascii_lowercase();
            let name = name.strip_prefix("jats:").unwrap_or(&name);
            let is_break = BREAKS.contains(&name);
            (is_break || INLINE.contains(&name)).then_some((end + 1, is_break))
        });
        match tag {
            Some((len, is_break)) => {
                if is_break {
                    out.push(' ');
                }
                rest = &tail[len..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// What the LaTeX decoding leaves behind: an accent over a command (`{\"\i}` comes out
/// as a backslash, the combining mark, then the letter) and the HTML entities some
/// exporters write (`&amp;`). The result is NFC.
fn clean(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().copied().is_some_and(is_combining) {
            let mut marks = String::new();
            while let Some(&m) = chars.peek().filter(|&&m| is_combining(m)) {
                marks.push(m);
                chars.next();
            }
            if let Some(base) = chars.next() {
                out.push(base);
            }
            out.push_str(&marks);
        } else {
            out.push(c);
        }
    }
    super::markup::decode_entities(&out).nfc().collect()
}

fn authors(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        match lower.find(" and ") {
            Some(at) => {
                out.push(rest[..at].trim().to_string());
                rest = &rest[at + 5..];
            }
            None => {
                out.push(rest.trim().to_string());
                break;
            }
        }
    }
    out.retain(|a| !a.is_empty());
    out
}

/// `YYYY-MM` from a `month` field (`6`, `jun`, `June`), when it is one.
fn month_number(m: &str) -> Option<u32> {
    let m = m.trim().to_ascii_lowercase();
    if let Ok(n) = m.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    NAMES
        .iter()
        .position(|n| m.starts_with(n))
        .map(|i| i as u32 + 1)
}

fn entry_of(e: &biblatex::Entry) -> Entry {
    let doi = field(e, "doi").map(|d| strip_doi_prefix(&d).to_string());
    let is_arxiv = ["eprinttype", "archiveprefix"]
        .iter()
        .filter_map(|f| field(e, f))
        .any(|v| v.eq_ignore_ascii_case("arxiv"));
    let arxiv = field(e, "eprint")
        .and_then(|p| arxiv_id_from_ref(&p).filter(|_| is_arxiv || !p.contains('/')));
    let url = field(e, "url")
        .or_else(|| {
            ["howpublished", "note"]
                .iter()
                .find_map(|f| field(e, f).and_then(|v| find_link(&v).map(|r| v[r].to_string())))
        })
        .or_else(|| doi.as_ref().map(|d| format!("https://doi.org/{d}")))
        .or_else(|| arxiv.as_ref().map(|a| format!("https://arxiv.org/abs/{a}")))
        .unwrap_or_default();
    let date = field(e, "date").or_else(|| {
        let year = field(e, "year")?;
        Some(match field(e, "month").and_then(|m| month_number(&m)) {
            Some(m) => format!("{year}-{m:02}"),
            None => year,
        })
    });
    let title = prose(e, "title").unwrap_or_default();
    // Zotero writes the name before a title's colon as `shorttitle` ("LoRA"): the
    // paper's alias, unless it is just the title again.
    let alias = prose(e, "shorttitle")
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty() && !a.eq_ignore_ascii_case(title.trim()));
    Entry {
        title,
        alias,
        url,
        abstract_text: prose(e, "abstract"),
        date,
        given_id: doi.clone().or_else(|| arxiv.clone()),
        key: Some(e.key.clone()),
        doi,
        // Keywords, and the groups and tags JabRef (`groups`) and Mendeley
        // (`mendeley-groups`, `mendeley-tags`) file a paper under: what it is about, or
        // that it was read (a `Read` group, [`super::read_tags`]).
        keywords: ["keywords", "groups", "mendeley-groups", "mendeley-tags"]
            .iter()
            .filter_map(|f| prose(e, f))
            .flat_map(|k| super::normalize::split_keywords(&k))
            .fold(Vec::new(), |mut all, k| {
                if !all.contains(&k) {
                    all.push(k);
                }
                all
            }),
        authors: prose(e, "author").map(|a| authors(&a)).unwrap_or_default(),
        // JabRef's read status (`readstatus = {read}`, `{skimmed}`).
        checked: field(e, "readstatus").is_some_and(|r| super::normalize::says_read(&r)),
        venue: prose(e, "journal")
            .or_else(|| prose(e, "journaltitle"))
            .or_else(|| prose(e, "booktitle")),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Vec<Entry>, Vec<Warning>) {
        parse(Path::new("lib.bib"), text).unwrap()
    }

    #[test]
    fn fields_macros_accents_and_keys() {
        let text = r#"% exported by Zotero
@string{acl = "Proceedings of the " # "ACL"}
@comment{ignored}
@preamble{"\newcommand{\noop}[1]{}"}

@inproceedings{vaswani2017attention,
  title = {Attention Is All You {Need}},
  author = {Vaswani, Ashish and Shazeer, Noam AND Parmar, Niki},
  booktitle = acl,
  year = 2017,
  month = jun,
  eprint = {1706.03762},
  archivePrefix = {arXiv},
  keywords = {transformers; attention, machine translation},
  abstract = {The dominant sequence transduction models \& more.}
}

@article{cafe2020,
  title = "Caf{\'e} na{\"\i}ve {\"U}ber models",
  doi = {10.1145/123.456},
  date = {2020-03-01}
}
"#;
        let (entries, warnings) = parse_ok(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(entries.len(), 2);
        let a = &entries[0];
        assert_eq!(a.title, "Attention Is All You Need");
        assert_eq!(a.line, 6);
        assert_eq!(a.key.as_deref(), Some("vaswani2017attention"));
        assert_eq!(a.given_id.as_deref(), Some("1706.03762"));
        assert_eq!(a.url, "https://arxiv.org/abs/1706.03762");
        assert_eq!(a.date.as_deref(), Some("2017-06"));
        assert_eq!(a.venue.as_deref(), Some("Proceedings of the ACL"));
        assert_eq!(
            a.keywords,
            vec!["transformers", "attention", "machine translation"]
        );
        assert_eq!(
            a.authors,
            vec!["Vaswani, Ashish", "Shazeer, Noam", "Parmar, Niki"]
        );
        assert_eq!(
            a.abstract_text.as_deref(),
            Some("The dominant sequence transduction models & more.")
        );
        let b = &entries[1];
        assert_eq!(b.title, "Café naïve Über models");
        assert_eq!(b.url, "https://doi.org/10.1145/123.456");
        assert_eq!(b.given_id.as_deref(), Some("10.1145/123.456"));
        assert_eq!(b.date.as_deref(), Some("2020-03-01"));
        assert_eq!(b.line, 18);
    }

    #[test]
    fn a_broken_entry_is_skipped_with_its_line_and_the_rest_kept() {
        let text = "@article{good1,\n  title = {First}\n}\n\n@article{bad,\n  title = {Unclosed,\n  year = 2020\n\n@article{good2,\n  title = {Second}\n}\n";
        let (entries, warnings) = parse_ok(text);
        let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, vec!["First", "Second"]);
        assert_eq!(entries[1].line, 9);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].line >= 5 && warnings[0].line < 9,
            "{warnings:?}"
        );
        assert!(warnings[0].message.contains("line 5"), "{warnings:?}");
    }

    #[test]
    fn zoteros_short_title_is_the_alias_unless_it_is_the_title() {
        let text = r#"@article{hu_lora_2021,
	title = {{LoRA}: {Low}-{Rank} {Adaptation} of {Large} {Language} {Models}},
	shorttitle = {{LoRA}},
	year = {2021},
}

@article{vaswani_attention_2017,
	title = {Attention is all you need},
	shorttitle = {Attention Is All You Need},
}
"#;
        let (entries, _) = parse_ok(text);
        assert_eq!(
            entries[0].title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(entries[0].alias.as_deref(), Some("LoRA"));
        assert_eq!(entries[1].alias, None);
    }

    #[test]
    fn an_arxiv_doi_is_the_papers_arxiv_id() {
        // Zotero and arXiv's own BibTeX give a preprint DataCite's DOI, often with no URL:
        // the paper is still `2106.09685`, found by that id and its arXiv link, and one
        // paper with the same preprint listed by its URL.
        let text = r#"@misc{hu2021lora,
  title = {{LoRA}: Low-Rank Adaptation of Large Language Models},
  doi = {10.48550/arXiv.2106.09685},
  year = {2021},
}

@article{lora_again,
  title = {LoRA: Low-Rank Adaptation of Large Language Models},
  url = {https://arxiv.org/abs/2106.09685v2},
}

@article{acl,
  title = {Other},
  doi = {10.18653/v1/2020.acl-main.703},
}
"#;
        let (entries, _) = parse_ok(text);
        let corpus = crate::corpus::Corpus::from_entries("lib.bib", entries);
        assert_eq!(corpus.papers.len(), 2);
        let p = &corpus.papers[0];
        assert_eq!(p.id, "2106.09685");
        assert_eq!(p.lines, vec![1, 7]);
        assert!(p.ids.iter().any(|i| i == "10.48550/arXiv.2106.09685"));
        assert!(p.all_urls().contains(&"https://arxiv.org/abs/2106.09685"));
        for q in [
            "2106.09685",
            "https://arxiv.org/abs/2106.09685",
            "10.48550/arXiv.2106.09685",
            "https://doi.org/10.48550/arXiv.2106.09685",
            "hu2021lora",
        ] {
            assert_eq!(
                crate::corpus::resolve::resolve(&corpus, q).ok(),
                Some(0),
                "{q}"
            );
        }
        // A DOI of any other registrant stays the paper's id.
        assert_eq!(corpus.papers[1].id, "10.18653/v1/2020.acl-main.703");
    }

    #[test]
    fn zoteros_arxiv_subjects_are_the_category_not_keywords() {
        let (entries, _) = parse_ok(
            "@misc{hu2021lora, title = {LoRA}, keywords = {Computer Science - Computation and Language, Computer Science - Machine Learning, adapters}}\n",
        );
        let corpus = crate::corpus::Corpus::from_entries("lib.bib", entries);
        let p = &corpus.papers[0];
        assert_eq!(p.keywords, vec!["adapters"]);
        assert_eq!(
            p.category.as_deref(),
            Some("Computer Science - Computation and Language")
        );
    }

    #[test]
    fn jabrefs_read_status_marks_the_paper_read() {
        let (e, _) = parse_ok(
            "@article{a, title = {Read one}, readstatus = {read}}\n\
             @article{b, title = {Skimmed one}, readstatus = {skimmed}}\n\
             @article{c, title = {Unread one}}\n",
        );
        assert_eq!(
            e.iter().map(|e| e.checked).collect::<Vec<_>>(),
            vec![true, true, false]
        );
    }

    #[test]
    fn groups_and_mendeley_tags_are_keywords_and_a_read_group_marks_it_read() {
        let (e, _) = parse_ok(
            "@article{a, title = {A}, keywords = {peft, LLM}, groups = {LLM, Read}}\n\
             @article{b, title = {B}, mendeley-groups = {Quantization}, mendeley-tags = {to read}}\n",
        );
        let e: Vec<Entry> = e.into_iter().map(crate::corpus::read_tags).collect();
        assert_eq!(e[0].keywords, ["peft", "LLM"]);
        assert!(e[0].checked);
        assert_eq!(e[1].keywords, ["Quantization"]);
        assert!(!e[1].checked);
    }

    #[test]
    fn a_link_in_howpublished_or_note_is_the_url() {
        let (entries, _) = parse_ok(
            "@misc{a, title = {A}, howpublished = {\\url{https://arxiv.org/abs/2106.09685}}}\n\
             @misc{b, title = {B}, note = {Available at https://example.org/b.pdf. Accessed 2023}}\n\
             @misc{c, title = {C}, note = {Preprint}, doi = {10.1/x}}\n",
        );
        let urls: Vec<&str> = entries.iter().map(|e| e.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://arxiv.org/abs/2106.09685",
                "https://example.org/b.pdf",
                "https://doi.org/10.1/x"
            ]
        );
    }

    #[test]
    fn nothing_parseable_is_an_error_naming_the_line() {
        let err = parse(Path::new("lib.bib"), "\n@article{x,\n title = {oops\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("lib.bib:"), "{msg}");
        assert!(msg.contains("BibTeX"), "{msg}");
    }

    #[test]
    fn untitled_entries_are_skipped_with_one_warning() {
        let (entries, warnings) =
            parse_ok("@misc{a, note = {x}}\n@misc{b, title = {B}}\n@misc{c, year = 1}\n");
        assert_eq!(entries.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("2 entries without a title"),
            "{warnings:?}"
        );
    }

    #[test]
    fn crossref_loops_do_not_recurse_forever() {
        // Found by the fuzzer: an entry whose crossref names itself overflowed the stack.
        let (entries, _) = parse_ok(
            "@book{a, title = {A}, crossref = {a}}\n@book{b, title = {B}, crossref = {c}}\n\
             @book{c, title = {C}, crossref = {b}, xdata = {c}}\n@book{d, title = {D}, crossref = {b}}\n",
        );
        let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, vec!["A", "B", "C", "D"]);
        // Found by the fuzzer on 2026-12-06: the loop is in the entry's second `crossref`
        // field (the one biblatex keeps), or behind a macro, or written with braces.
        for text in [
            "@book{a, title = {A}, crossref = {b}, crossref = {a}}\n@book{b, title = {B}}\n",
            "@string{me = \"a\"}\n@book{a, title = {A}, crossref = me}\n",
            "@book{a, title = {A}, crossref = {{a}}}\n",
            "@book{ab, title = {A}, crossref = \"a\" # \"b\"}\n",
        ] {
            let (entries, _) = parse_ok(text);
            assert_eq!(entries[0].title, "A", "{text}");
        }
    }

    #[test]
    fn a_crossref_still_fills_in_missing_fields() {
        let (entries, _) = parse_ok(
            "@inproceedings{p, title = {Paper}, crossref = {conf}}\n@proceedings{conf, title = {Proc}, booktitle = {Proc of X}, year = 2001}\n",
        );
        assert_eq!(entries[0].date.as_deref(), Some("2001"));
        assert_eq!(entries[0].venue.as_deref(), Some("Proc"));
    }

    #[test]
    fn duplicate_keys_do_not_lose_the_library() {
        let (entries, _) = parse_ok("@misc{a, title = {One}}\n@misc{a, title = {Two}}\n");
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn latex_in_prose_fields_reads_as_plain_text() {
        let (entries, _) = parse_ok(
            r#"@article{m,
  title = {Fine-Tuning {\em big} Models: \emph{$\ell_1$} Costs \$5 and $O(n \log n)$~Time},
  shorttitle = {{\sc Big}},
  author = {Hu, Edward~J. and M{\"u}ller, J.},
  abstract = {We use {\bf LoRA} with $\alpha=16$\ldots{} and \textit{cheap} steps.},
  journal = {Trans.~on \textsc{ML}},
  keywords = {{\em low-rank}, adapters},
  url = {https://example.org/a~b}
}
"#,
        );
        let e = &entries[0];
        assert_eq!(
            e.title,
            "Fine-Tuning big Models: ℓ1 Costs $5 and O(n log n) Time"
        );
        assert_eq!(e.alias.as_deref(), Some("Big"));
        assert_eq!(e.authors, vec!["Hu, Edward J.", "Müller, J."]);
        assert_eq!(
            e.abstract_text.as_deref(),
            Some("We use LoRA with α=16… and cheap steps.")
        );
        assert_eq!(e.venue.as_deref(), Some("Trans. on ML"));
        assert_eq!(e.keywords, vec!["low-rank", "adapters"]);
        assert_eq!(
            strip_inline_html("An <i>k</i>-Degree W<sub>CA</sub> x<br/>y <jats:italic>z</jats:italic> a < b <c> <span class=\"s\">d</span>"),
            "An k-Degree WCA x y z a < b <c> d"
        );
        // A link is an identifier, not prose: kept as written.
        assert_eq!(e.url, "https://example.org/a~b");
    }
}
