//! Plain-text lists (`.txt`): one paper a line, as a title, a URL, an arXiv id, a DOI,
//! or a title followed by its URL. Blank lines and lines starting with `#` are skipped.
//!
//! A line with only a URL or an id has no title to embed; its link stands in as the
//! title until the list says more (the passage is then the link's words). A line that is
//! a PDF's file name, as a folder of papers lists them, is read as one
//! ([`super::file_name`]).

use super::markdown::collapse;
use super::normalize::{arxiv_id_from_doi, arxiv_id_from_ref, arxiv_id_from_url, strip_doi_prefix};
use super::paper::Entry;
use super::url::find_link;

/// Parse a plain-text list.
pub fn parse(text: &str) -> Vec<Entry> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.trim();
            (!line.is_empty() && !line.starts_with('#')).then(|| entry_from_line(line, i + 1))
        })
        .collect()
}

/// Whether `line` names a paper by more than a title: a URL, an arXiv id or a DOI
/// (what makes a markdown list item without a `[link](…)` an entry).
pub(super) fn has_locator(line: &str) -> bool {
    line.contains("https://")
        || line.contains("http://")
        || line.split_whitespace().any(|w| locator_link(w).is_some())
}

/// The link of a word that is an arXiv id or a DOI (`(arXiv:2106.09685)`,
/// `[2106.09685]` as arXiv's page titles start, `doi:10.18653/…,`; brackets and
/// separators around it aside).
fn locator_link(word: &str) -> Option<String> {
    let w = word.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | ',' | ';'));
    match arxiv_id_from_ref(w) {
        Some(id) => Some(format!("https://arxiv.org/abs/{id}")),
        None => Some(strip_doi_prefix(w))
            .filter(|d| is_bare_doi(d))
            .map(|d| format!("https://doi.org/{d}")),
    }
}

/// One paper from one line: a title, a URL, an arXiv id, a DOI, or a title with its
/// URL (`line_no` is the line it is on). A check mark or a note that says the paper was
/// read (`✅`, `(다 읽음)`, `— done`) marks it read and is no part of its title
/// ([`super::read_mark`]); so does the meeting a log's line opens with (`11/20 발표: LoRA`,
/// `1주차 (2026-11-20) QLoRA`: [`super::session_date::meeting_front`]), which dates it.
pub(super) fn entry_from_line(line: &str, line_no: usize) -> Entry {
    let planned = super::read_mark::says_planned(line);
    let meeting = super::session_date::meeting_front(line).filter(|m| !m.rest.trim().is_empty());
    let line = meeting.as_ref().map_or(line, |m| m.rest);
    let (line, mut said, met) = super::read_mark::split_with_meeting(line);
    let line = line.as_str();
    // A PDF's file name (`ls ~/Papers > papers.txt`): its words, or its arXiv id; a year.
    let pdf = super::file_name::pdf_name(line);
    let (title, url) = match (&pdf, find_link(line)) {
        (Some(f), _) => (
            f.title.clone(),
            f.arxiv
                .as_ref()
                .map(|id| format!("https://arxiv.org/abs/{id}"))
                .unwrap_or_default(),
        ),
        (None, Some(r)) => {
            // The title is what is around the link's whole word, brackets and all, but
            // for a note after it.
            let word_end = line[r.start..]
                .find(char::is_whitespace)
                .map_or(line.len(), |e| r.start + e);
            let (before, after) = (&line[..r.start], &line[word_end..]);
            let after = if is_note_after(before, after) {
                said = said.or(super::read_mark::says(after));
                ""
            } else {
                after
            };
            (
                title_around(&format!("{before} {after}")),
                line[r].to_string(),
            )
        }
        // An id or DOI, alone or after a title.
        (None, None) => titled_locator(line).unwrap_or_else(|| (collapse(line), String::new())),
    };
    // A DOI, bare or as a doi.org link, is the entry's DOI; an arXiv DOI
    // (`10.48550/arXiv.2106.09685`) names its preprint.
    let doi = Some(strip_doi_prefix(&url))
        .filter(|d| d.len() < url.len() && is_bare_doi(d))
        .map(str::to_string);
    // A title pasted from a browser's tab keeps the site's name (`… | OpenReview`); a
    // file name (`paper.pdf`) is no title when a link can stand in for it.
    let title = match super::page_title::paper_title(&title).0 {
        cleaned if cleaned.is_empty() && url.is_empty() => title,
        cleaned => cleaned,
    };
    let title = if title.is_empty() {
        match arxiv_id_from_url(&url).or_else(|| doi.as_deref().and_then(arxiv_id_from_doi)) {
            Some(id) => format!("arXiv:{id}"),
            None => doi.clone().unwrap_or_else(|| url.clone()),
        }
    } else {
        title
    };
    // A meeting held or planned is read (or scheduled), whatever a note of planning says;
    // one whose note says otherwise (`(연기)`, `(to read)`) is not.
    let held = (said != Some(false) || planned)
        && (met.is_some() || meeting.as_ref().is_some_and(|m| m.held));
    let checked = held || said.unwrap_or(false);
    Entry {
        title,
        url,
        doi,
        date: pdf.and_then(|f| f.year),
        line: line_no,
        checked,
        read_on: meeting.and_then(|m| m.day()).or(met),
        ..Default::default()
    }
}

/// Whether `after`, the words after a link, are a note on the paper `before` names
/// rather than part of its title: a title stands before the link, and they open with an
/// arrow, a dash or a comment sign (`P-Tuning v2 https://… ← 지현 추천`, `… — 발표: 민수`,
/// `… // 2주차`), or they are Korean after an English title (`LoRA https://… 꼭 읽기`).
fn is_note_after(before: &str, after: &str) -> bool {
    let after = after.trim();
    let titled = before.chars().any(char::is_alphanumeric);
    if !titled || after.is_empty() {
        return false;
    }
    const MARKS: [&str; 11] = ["←", "→", "<-", "->", "—", "–", "―", "- ", "//", "#", "※"];
    let marked = MARKS.iter().any(|m| after.starts_with(m));
    let hangul = super::resolve::has_hangul;
    let latin = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
    marked || (latin(before) && !hangul(before) && hangul(after) && !latin(after))
}

/// An arXiv id or a DOI, alone or after a title (`2106.09685`, `LoRA (arXiv:2106.09685)`,
/// `BART, doi:10.18653/…`): the title (empty when alone) and the id's link. The id is
/// the last word that is one.
fn titled_locator(line: &str) -> Option<(String, String)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let (at, url) = words
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, w)| locator_link(w).map(|u| (i, u)))?;
    let rest = [&words[..at], &words[at + 1..]].concat().join(" ");
    Some((title_around(&rest), url))
}

/// The title left around a link or id taken out of a line: separators at its ends and
/// the brackets the link sat in go (`Title - (…)`, `Title <…>`), brackets that close
/// inside it stay (`Attention Is All You Need (NeurIPS 2017)`).
fn title_around(rest: &str) -> String {
    let rest = rest
        .replace("()", " ")
        .replace("[]", " ")
        .replace("<>", " ");
    let mut t = collapse(&rest);
    loop {
        let before = t.len();
        t = t
            .trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '–' | '|' | ':' | ',' | ';' | '<' | '>')
            })
            .to_string();
        let (open, close) = (t.matches('(').count(), t.matches(')').count());
        if t.ends_with(['(', '[']) || (t.ends_with(')') && close > open) {
            t.pop();
        }
        if t.starts_with([')', ']']) || (t.starts_with('(') && open > close) {
            t.remove(0);
        }
        if t.len() == before {
            return t;
        }
    }
}

/// Whether `s` is a DOI as written bare (`10.18653/v1/2020.acl-main.703`): `10.`, a
/// registrant, a slash, a suffix, no spaces.
fn is_bare_doi(s: &str) -> bool {
    s.strip_prefix("10.")
        .and_then(|r| r.split_once('/'))
        .is_some_and(|(reg, suffix)| {
            !reg.is_empty()
                && reg.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !suffix.is_empty()
                && !s.contains(char::is_whitespace)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_bare_or_linked_are_dois_and_an_arxiv_doi_names_its_preprint() {
        let text = "https://doi.org/10.48550/arXiv.2106.09685\n10.48550/arXiv.2305.14314\n\
                    10.18653/v1/2020.acl-main.703\n2106.09685\n10.5 is not a DOI\n";
        let e = parse(text);
        let got: Vec<(&str, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.doi.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("arXiv:2106.09685", Some("10.48550/arXiv.2106.09685")),
                ("arXiv:2305.14314", Some("10.48550/arXiv.2305.14314")),
                (
                    "10.18653/v1/2020.acl-main.703",
                    Some("10.18653/v1/2020.acl-main.703")
                ),
                ("arXiv:2106.09685", None),
                ("10.5 is not a DOI", None),
            ]
        );
        assert_eq!(e[2].url, "https://doi.org/10.18653/v1/2020.acl-main.703");
        // The arXiv DOI and the arXiv id are one paper.
        let corpus = crate::corpus::Corpus::from_entries("refs.txt", e);
        assert_eq!(corpus.papers.len(), 4);
        assert_eq!(corpus.papers[0].id, "2106.09685");
        assert_eq!(corpus.papers[0].lines, vec![1, 4]);
        assert_eq!(corpus.papers[1].id, "2305.14314");
    }

    #[test]
    fn the_title_around_a_link_keeps_its_own_brackets() {
        let title = |l: &str| entry_from_line(l, 1).title;
        assert_eq!(
            title("Attention Is All You Need (NeurIPS 2017) https://arxiv.org/abs/1706.03762"),
            "Attention Is All You Need (NeurIPS 2017)"
        );
        assert_eq!(title("LoRA (https://arxiv.org/abs/2106.09685)"), "LoRA");
        assert_eq!(title("LoRA - <https://arxiv.org/abs/2106.09685>"), "LoRA");
        assert_eq!(title("LoRA [https://arxiv.org/abs/2106.09685]"), "LoRA");
        assert_eq!(
            entry_from_line("LoRA [https://arxiv.org/abs/2106.09685].", 1).url,
            "https://arxiv.org/abs/2106.09685"
        );
        assert_eq!(title("LoRA (arXiv:2106.09685)"), "LoRA");
        assert_eq!(
            title("(RoBERTa) https://arxiv.org/abs/1907.11692"),
            "(RoBERTa)"
        );
        assert_eq!(
            title("https://arxiv.org/abs/1907.11692 (RoBERTa"),
            "RoBERTa"
        );
        // A note after the link is no part of the title.
        for line in [
            "P-Tuning v2 https://arxiv.org/abs/2110.07602 ← 지현 추천",
            "P-Tuning v2 https://arxiv.org/abs/2110.07602 — 발표: 민수 (2주차)",
            "P-Tuning v2 https://arxiv.org/abs/2110.07602 - read by Friday",
            "P-Tuning v2 https://arxiv.org/abs/2110.07602 // 2주차",
            "P-Tuning v2 https://arxiv.org/abs/2110.07602 # todo",
            "P-Tuning v2 https://arxiv.org/abs/2110.07602 꼭 읽기",
        ] {
            assert_eq!(title(line), "P-Tuning v2", "{line}");
        }
        // Words after a link that are the title, or part of it, stay.
        assert_eq!(
            title("https://arxiv.org/abs/2110.07602 P-Tuning v2"),
            "P-Tuning v2"
        );
        assert_eq!(
            title("LoRA https://arxiv.org/abs/2106.09685 (ICLR 2022)"),
            "LoRA (ICLR 2022)"
        );
        assert_eq!(
            title("로라 https://arxiv.org/abs/2106.09685 저랭크 적응"),
            "로라 저랭크 적응"
        );
    }

    #[test]
    fn titles_urls_ids_and_titles_with_urls() {
        let e = parse(
            "# our list\n\nAttention Is All You Need\nhttps://arxiv.org/abs/1810.04805\n\
             arXiv:2106.09685\nQLoRA: Efficient Finetuning of Quantized LLMs - https://arxiv.org/abs/2305.14314\n",
        );
        let got: Vec<(&str, &str, usize)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.url.as_str(), e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Attention Is All You Need", "", 3),
                ("arXiv:1810.04805", "https://arxiv.org/abs/1810.04805", 4),
                ("arXiv:2106.09685", "https://arxiv.org/abs/2106.09685", 5),
                (
                    "QLoRA: Efficient Finetuning of Quantized LLMs",
                    "https://arxiv.org/abs/2305.14314",
                    6
                ),
            ]
        );
    }

    #[test]
    fn tab_titles_pasted_from_a_browser_are_titles() {
        let e = parse(concat!(
            "[2106.09685] LoRA: Low-Rank Adaptation of Large Language Models\n",
            "Finetuned Language Models are Zero-Shot Learners | OpenReview\n",
            "[PDF] Attention is All you Need | Semantic Scholar ",
            "https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776\n",
            "attention.pdf\n",
        ));
        let got: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.url.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "LoRA: Low-Rank Adaptation of Large Language Models",
                    "https://arxiv.org/abs/2106.09685"
                ),
                ("Finetuned Language Models are Zero-Shot Learners", ""),
                (
                    "Attention is All you Need",
                    "https://www.semanticscholar.org/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776"
                ),
                // A file name without a link is its words: nothing else names it.
                ("attention", ""),
            ]
        );
    }
}
