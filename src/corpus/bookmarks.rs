//! Browser bookmarks (`.html`, the Netscape bookmark file every browser, Raindrop.io,
//! Pinboard and Zotero export): `<DT><A HREF="…">title</A>` in folders
//! `<DT><H3>name</H3><DL>…</DL>`.
//!
//! Each link is a paper: its title is the page title the browser saved, without the
//! site's decorations ([`super::page_title`]: `[2106.09685] LoRA: …`, `… | OpenReview`);
//! a bookmark titled by its PDF's file name is named by its arXiv id or link, as a `.txt`
//! line with only a link is. The folder a link is in is its heading (the order of a
//! folder is the user's, as a markdown list's is), and a `<DD>` note of 25 words or more
//! after a link (the excerpt Raindrop.io and Pinboard save) is its abstract; a link to a
//! DOI's page (`doi.org`, a publisher's `/doi/…`) gives the paper that DOI. `TAGS` are
//! its keywords, and a *read* tag marks it read ([`super::normalize::tag_says_read`]).
//! The bookmark's `ADD_DATE` is when it was saved, not the paper's date, and is not read.
//!
//! Read-later exports are the same links without folders: Pocket's `ril_export.html` and
//! Instapaper's HTML export put each link in an `<li>` under an `<h1>` of its state or
//! folder (`Unread`, `Read Archive`, `Archive`, a folder's name). That heading is the
//! link's heading, and an archive's links are read (what a reader archives is what they
//! finished); Pocket's `tags` are keywords.

use super::markdown::collapse;
use super::markup::{decode_entities, strip_tags};
use super::normalize::{arxiv_id_from_url, says_read, split_keywords};
use super::page_title::paper_title;
use super::paper::Entry;
use super::url::{doi_url_form, normalize_url};
use super::LineIndex;

/// Fewer words than this in a `<DD>` (or Pinboard's JSON `extended`) is a note, not an
/// abstract.
pub(super) const ABSTRACT_WORDS: usize = 25;

/// The `<title>`s of the read-later services' HTML exports.
const READ_LATER_TITLES: &[&str] = &[
    "<TITLE>POCKET EXPORT</TITLE>",
    "<TITLE>INSTAPAPER: EXPORT</TITLE>",
];

/// Whether `text` is a bookmarks export: the Netscape doctype, a `<DT><A HREF=` link, or
/// the title of Pocket's or Instapaper's export.
pub fn is_bookmarks(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    find_ignoring_case(
        head.get(..40).unwrap_or(head),
        "<!DOCTYPE NETSCAPE-BOOKMARK-FILE",
    ) == Some(0)
        || find_ignoring_case(text, "<DT><A HREF=").is_some()
        || READ_LATER_TITLES
            .iter()
            .any(|t| find_ignoring_case(head.get(..4096).unwrap_or(head), t).is_some())
}

/// Parse a bookmarks export; an `.html` file that is no such export is read as markdown
/// by the caller.
pub fn parse(text: &str) -> Vec<Entry> {
    let lines = LineIndex::new(text);
    let mut entries: Vec<Entry> = Vec::new();
    // Open folders, innermost last; the name of the folder whose `<DL>` comes next.
    let mut folders: Vec<String> = Vec::new();
    let mut next_folder: Option<String> = None;
    // Whether a `<DD>` now describes the last link (Firefox writes one after a folder too).
    let mut after_link = false;
    // A read-later export's `<h1>` section (outside any folder), and whether it is an archive.
    let mut section: Option<String> = None;
    let mut archive = false;
    let mut at = 0;
    while let Some(open) = text[at..].find('<').map(|o| at + o) {
        let Some(close) = text[open..].find('>').map(|c| open + c) else {
            break;
        };
        let tag = &text[open + 1..close];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
            .collect::<String>()
            .to_ascii_uppercase();
        at = close + 1;
        if matches!(name.as_str(), "H3" | "DL" | "/DL" | "HR") {
            after_link = false;
        }
        match name.as_str() {
            "H3" => {
                let (inner, end) = element_text(text, at, "</H3");
                next_folder = Some(inner);
                at = end;
            }
            "H1" | "H2" if folders.is_empty() => {
                let (inner, end) = element_text(text, at, &format!("</{name}"));
                // What its reader finished: Pocket's `Read Archive`, Instapaper's `Archive`
                // (a read status's words, as a CSV's `status` column says them).
                archive = says_read(&inner) || inner.eq_ignore_ascii_case("read archive");
                section = Some(inner).filter(|s| !s.is_empty());
                at = end;
            }
            "DL" => folders.push(next_folder.take().unwrap_or_default()),
            "/DL" => {
                folders.pop();
            }
            "A" => {
                let (inner, end) = element_text(text, at, "</A");
                at = end;
                let url = attribute(tag, "HREF").unwrap_or_default();
                after_link = false;
                if url.is_empty() || url.starts_with("javascript:") || url.starts_with("place:") {
                    continue;
                }
                after_link = true;
                let (title, arxiv) = paper_title(&inner);
                let title = if title.is_empty() {
                    match arxiv.or_else(|| arxiv_id_from_url(&url)) {
                        Some(id) => format!("arXiv:{id}"),
                        None => url.clone(),
                    }
                } else {
                    title
                };
                let tags = attribute(tag, "TAGS").unwrap_or_default();
                // A DOI's page (the publisher's, doi.org) names the paper by its DOI.
                let doi = normalize_url(&url)
                    .strip_prefix("doi.org/")
                    .filter(|d| doi_url_form(d).is_some())
                    .map(str::to_string);
                // A link outside every folder is under its export's section, if any.
                let heading = match folders.last() {
                    Some(f) => Some(f.clone()).filter(|f| !f.is_empty()),
                    None => section.clone(),
                };
                entries.push(Entry {
                    title,
                    url,
                    doi,
                    line: lines.line(open),
                    heading,
                    keywords: split_keywords(&tags),
                    checked: folders.is_empty() && archive,
                    ..Default::default()
                });
            }
            "DD" => {
                // The note runs to the next link, folder, folder's end, rule or its own end (as
                // Zotero's importer reads it: over lines, markup inside it dropped). What it
                // passes over is not read again, so a file is read in one pass.
                let end = text[at..]
                    .match_indices('<')
                    .map(|(i, _)| at + i)
                    .find(|&i| {
                        ["<DT", "<DL", "</DL", "<HR", "</DD"].iter().any(|t| {
                            text.as_bytes()
                                .get(i..i + t.len())
                                .is_some_and(|b| b.eq_ignore_ascii_case(t.as_bytes()))
                        })
                    })
                    .unwrap_or(text.len());
                let note = collapse(&decode_entities(&strip_tags(&text[at..end])));
                if after_link && note.split_whitespace().count() >= ABSTRACT_WORDS {
                    if let Some(e) = entries.last_mut() {
                        e.abstract_text.get_or_insert(note);
                    }
                }
                at = end;
            }
            _ => {}
        }
    }
    entries
}

/// The text of an element from `from` (just after its opening tag) to `closing`
/// (compared without case) or the line's end, tags inside it dropped and entities
/// decoded, and where reading goes on.
fn element_text(text: &str, from: usize, closing: &str) -> (String, usize) {
    // Exports write an element on one line; one never closed ends there (so a broken
    // file is read in one pass, not searched to its end for each link).
    let rest = &text[from..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let e = find_ignoring_case(line, closing).unwrap_or(line.len());
    let (inner, end) = (&line[..e], from + e);
    (collapse(&decode_entities(&strip_tags(inner))), end)
}

/// Where `needle` (ASCII upper case) first is in `hay`, ASCII case aside; no copy of
/// `hay` is made (a link's closing tag is looked for once per link).
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The value of attribute `name` (upper case) in a tag's text: quoted with `"` or `'`,
/// or bare up to a space.
pub(crate) fn attribute(tag: &str, name: &str) -> Option<String> {
    let upper = tag.to_ascii_uppercase();
    let mut from = 0;
    while let Some(i) = upper[from..].find(name).map(|i| from + i) {
        from = i + name.len();
        // A whole attribute name, not the end of another (`HREF` in `DATA-HREF`).
        let starts = i == 0 || upper.as_bytes()[i - 1].is_ascii_whitespace();
        let rest = tag[from..].trim_start();
        let Some(value) = rest.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        if !starts {
            continue;
        }
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split(char::is_whitespace).next().unwrap_or(""),
        };
        return Some(collapse(&decode_entities(raw)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Raindrop.io-style export: folders, entities, tags, excerpts over lines, a note, a
    /// bookmarklet (also a seed of the fuzz target).
    const EXPORT: &str = include_str!("../../fuzz/corpus/parse_list/bookmarks-raindrop.html");

    #[test]
    fn links_in_folders_are_papers_with_their_titles_cleaned() {
        assert!(is_bookmarks(EXPORT));
        let e = parse(EXPORT);
        let got: Vec<(&str, &str, usize, Option<&str>, usize)> = e
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.url.as_str(),
                    e.line,
                    e.heading.as_deref(),
                    e.keywords.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "LoRA: Low-Rank Adaptation of Large Language Models",
                    "https://arxiv.org/abs/2106.09685",
                    11,
                    Some("Fine-tuning & PEFT"),
                    2
                ),
                (
                    "arXiv:2305.14314",
                    "https://arxiv.org/pdf/2305.14314v2.pdf",
                    12,
                    Some("Fine-tuning & PEFT"),
                    0
                ),
                (
                    "Finetuned Language Models are Zero-Shot Learners",
                    "https://openreview.net/forum?id=gEZrGCozdqR",
                    14,
                    Some("Fine-tuning & PEFT"),
                    0
                ),
                (
                    "Zotero's export",
                    "https://arxiv.org/abs/2109.01652",
                    20,
                    Some("Fine-tuning & PEFT"),
                    0
                ),
                (
                    "Tom & Jerry's \"Paper\" — notes",
                    "https://example.org/a?x=1&y=2",
                    24,
                    Some("Bookmarks bar"),
                    0
                ),
            ]
        );
        // Its tags are keywords (the list reader takes *read* as read status).
        assert_eq!(e[0].keywords, ["peft", "read"]);
        // The excerpt is an abstract; a short note is not, nor a folder's description.
        assert!(e[1]
            .abstract_text
            .as_deref()
            .is_some_and(|a| a.starts_with("An efficient finetuning approach")));
        assert_eq!(e[2].abstract_text, None);
        assert!(e[3].abstract_text.as_deref().is_some_and(|a| a
            .contains("abilities of language models. We show that instruction tuning finetuning")
            && a.ends_with("zero-shot performance.")));
        // A DOI's page names its DOI; other links name none.
        let acm = parse("<DT><A HREF=\"https://dl.acm.org/doi/abs/10.1145/3331184.3331202\">To Model or to Intervene</A>");
        assert_eq!(acm[0].doi.as_deref(), Some("10.1145/3331184.3331202"));
        assert!(e.iter().all(|x| x.doi.is_none()));
    }

    #[test]
    fn what_is_not_a_bookmarks_export_is_told_apart() {
        assert!(!is_bookmarks(
            "# Papers\n- [LoRA](https://arxiv.org/abs/2106.09685)\n"
        ));
        assert!(!is_bookmarks(
            "<html><body><a href=\"x\">y</a></body></html>"
        ));
        assert!(is_bookmarks("<dl><dt><a href=\"https://x.org\">X</a></dl>"));
        // Broken markup reads what it can without a panic.
        for broken in [
            "<DT><A HREF=",
            "<DT><A HREF=\"x\">never closed",
            "<H3>",
            "<DL><<>>&#xFFFFFFFF;",
            "<A HREF='u'>&#99999999;</A>",
        ] {
            let _ = parse(broken);
        }
        // (Character references: `super::markup`'s tests.)
    }
}
