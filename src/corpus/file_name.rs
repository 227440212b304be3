//! A PDF's file name as a paper: what a folder of downloaded papers gives a `.txt` list
//! (`ls ~/Papers > papers.txt`, `find ~/Zotero/storage -name '*.pdf'`). A path before
//! the name and the `.pdf` after it are no part of the title. An arXiv download
//! (`2106.09685v2.pdf`, `arXiv-2106.09685.pdf`) is that preprint; Zotero's and Mendeley's
//! renamed attachments (`Vaswani et al. - 2017 - Attention Is All You Need.pdf`) give the
//! title and the year; a name written as one word (`attention_is_all_you_need.pdf`,
//! `language-models-are-few-shot-learners.pdf`) is read as its words.

use std::sync::OnceLock;

/// What a PDF's file name says of its paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfName {
    /// The title the name gives (empty for an arXiv download, which names no title).
    pub title: String,
    /// The arXiv id of an arXiv download.
    pub arxiv: Option<String>,
    /// The year of a renamed attachment.
    pub year: Option<String>,
}

/// `line` read as a PDF's file name (a path before it allowed); `None` when it does not
/// end in `.pdf` or is a link.
pub fn pdf_name(line: &str) -> Option<PdfName> {
    let line = line.trim();
    if line.contains("://") || !ends_in_pdf(line) {
        return None;
    }
    // `ends_in_pdf` found `.pdf` at `len - 4`, a character boundary.
    let stem = &line[..line.len() - 4];
    let name = stem.rsplit(['/', '\\']).next().unwrap_or(stem).trim();
    if let Some(c) = arxiv_name().captures(name) {
        return Some(PdfName {
            title: String::new(),
            arxiv: c.get(1).map(|m| m.as_str().to_string()),
            year: None,
        });
    }
    if let Some(c) = renamed().captures(name) {
        return Some(PdfName {
            title: c[3].trim().to_string(),
            arxiv: None,
            year: Some(c[2].to_string()),
        });
    }
    Some(PdfName {
        title: words_of(name),
        arxiv: None,
        year: None,
    })
}

/// Whether `name` is more than `.pdf` and ends in it (any case).
pub fn ends_in_pdf(name: &str) -> bool {
    name.len() > 4
        && name
            .get(name.len() - 4..)
            .is_some_and(|e| e.eq_ignore_ascii_case(".pdf"))
}

/// A name written as one word read as its words: underscores are spaces, and so are
/// hyphens when there are two or more (`few-shot-learners`; `GPT-4` stays).
fn words_of(name: &str) -> String {
    if name.contains(char::is_whitespace) {
        return name.to_string();
    }
    let mut t = name.replace('_', " ");
    if t.matches('-').count() >= 2 {
        t = t.replace('-', " ");
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An arXiv download: the id, a version, an `arXiv` prefix.
fn arxiv_name() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Built from a constant pattern: compiling it cannot fail.
        #[allow(clippy::unwrap_used)]
        regex::Regex::new(r"^(?i:arxiv[-_:.]?\s*)?(\d{4}\.\d{4,5})(?:v\d+)?$").unwrap()
    })
}

/// Zotero's and Mendeley's renaming: `{authors} - {year} - {title}`.
fn renamed() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Built from a constant pattern: compiling it cannot fail.
        #[allow(clippy::unwrap_used)]
        regex::Regex::new(r"^(.+?) - ((?:1[89]|20)\d\d) - (.+)$").unwrap()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(String, Option<String>, Option<String>)> {
        pdf_name(line).map(|p| (p.title, p.arxiv, p.year))
    }

    #[test]
    fn file_names_of_papers_say_what_they_can() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            read("/home/me/Zotero/storage/ABCD1234/Vaswani et al. - 2017 - Attention Is All You Need.pdf"),
            Some(("Attention Is All You Need".into(), None, s("2017")))
        );
        assert_eq!(
            read("Hu et al. - 2021 - LoRA Low-Rank Adaptation of Large Language Models.PDF"),
            Some((
                "LoRA Low-Rank Adaptation of Large Language Models".into(),
                None,
                s("2021")
            ))
        );
        for arxiv in [
            "2305.14314v1.pdf",
            "arXiv-2305.14314.pdf",
            "C:\\Downloads\\2305.14314v2.pdf",
        ] {
            assert_eq!(
                read(arxiv),
                Some((String::new(), s("2305.14314"), None)),
                "{arxiv}"
            );
        }
        assert_eq!(
            read("attention_is_all_you_need.pdf"),
            Some(("attention is all you need".into(), None, None))
        );
        assert_eq!(
            read("NeurIPS-2020-language-models-are-few-shot-learners-Paper.pdf"),
            Some((
                "NeurIPS 2020 language models are few shot learners Paper".into(),
                None,
                None
            ))
        );
        assert_eq!(read("GPT-4.pdf"), Some(("GPT-4".into(), None, None)));
        assert_eq!(
            read("attention.pdf"),
            Some(("attention".into(), None, None))
        );
        // Not file names: a link, a title, a name too short, text ending in a multi-byte
        // character.
        for not in [
            "https://arxiv.org/pdf/2106.09685.pdf",
            "Attention Is All You Need",
            ".pdf",
            "논문.pdf요",
        ] {
            assert_eq!(read(not), None, "{not}");
        }
    }
}
