//! A paper as readnext understands it, and the passage that is embedded for it.

pub use super::abstract_text::Abstract;
use serde::{Deserialize, Serialize};

/// One paper of a reading list, after duplicates were folded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paper {
    /// Stable id: the arXiv id when the URL has one, else a short hash of the normalised title.
    pub id: String,
    /// Title as written, markdown stripped.
    pub title: String,
    /// Primary link; empty when the list gives none.
    pub url: String,
    /// Abstract, when the list has one.
    /// (Read from an index, it is decoded when first asked for: [`Abstract`].)
    #[serde(
        rename = "abstract",
        skip_serializing_if = "Abstract::is_none",
        default
    )]
    pub abstract_text: Abstract,
    /// Date as written in the list (`2019/07`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// Short alias (`BERT`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub alias: Option<String>,
    /// The heading the paper sits under in a markdown list.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub heading: Option<String>,
    /// Category given by a JSONL/CSV list (`primary_category`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub category: Option<String>,
    /// Every 1-based source line this paper was read from (several when duplicates were folded).
    pub lines: Vec<usize>,
    /// Secondary links (`[Blog](…)`) that belong to this entry.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub extra_links: Vec<String>,
    /// Marked as read in the list itself (`- [x] …`).
    #[serde(default)]
    pub checked: bool,
    /// The day the list says the paper was read or presented (a study group's log:
    /// `YYYY-MM-DD`), when it says one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub read_on: Option<String>,
    /// Every link the paper was listed under (folded duplicates included; a DOI as its
    /// `https://doi.org/` link), the primary `url` first.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub urls: Vec<String>,
    /// Every id it is known by: `id` first, then ids, arXiv ids, DOIs and BibTeX citation
    /// keys of the entries folded into it.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ids: Vec<String>,
    /// Author-assigned keywords (BibTeX `keywords`, JSONL/CSV `keywords`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub keywords: Vec<String>,
    /// Authors as written (`Vaswani, Ashish`), when the list gives them.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub authors: Vec<String>,
    /// Journal, proceedings or venue, when the list gives one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub venue: Option<String>,
    /// Where the abstract came from when not from the list itself (`readnext enrich`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub abstract_source: Option<AbstractSource>,
}

/// Where a paper's abstract came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AbstractSource {
    /// The reading list itself.
    List,
    /// A metadata file given to `readnext enrich --from`.
    File,
    /// The arXiv API (`readnext enrich --online`).
    Arxiv,
    /// OpenAlex (`readnext enrich --online`).
    Openalex,
    /// Crossref (`readnext enrich --online`).
    Crossref,
}

/// What tells a paper from others without the rest of it: its ids, title and date.
/// Borrowed from a [`Paper`], or read in place from a big index's binary copy (a pool of
/// 88,907 papers is checked against a list without building them).
#[derive(Debug, Clone, PartialEq)]
pub struct PaperKeys<'a> {
    pub id: &'a str,
    /// The other ids it is known by (`Paper::ids`).
    pub ids: Vec<&'a str>,
    pub title: &'a str,
    pub date: Option<&'a str>,
}

impl<'a> PaperKeys<'a> {
    /// The keys of `p`.
    pub fn of(p: &'a Paper) -> PaperKeys<'a> {
        PaperKeys {
            id: &p.id,
            ids: p.ids.iter().map(String::as_str).collect(),
            title: &p.title,
            date: p.date.as_deref(),
        }
    }

    /// Every id (at least `id`, first), each once.
    pub fn all_ids(&self) -> Vec<&'a str> {
        let mut out = vec![self.id];
        for &i in &self.ids {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

/// The papers by the titles a judgment or label file may name them by
/// ([`Paper::title_keys`]): a title as written names the first paper of that title; a
/// title with an alias before it names its paper where no paper is titled so.
pub fn title_index(papers: &[Paper]) -> std::collections::HashMap<String, usize> {
    let mut out = std::collections::HashMap::new();
    for (i, p) in papers.iter().enumerate() {
        out.entry(super::normalize::normalize_title(&p.title))
            .or_insert(i);
    }
    for (i, p) in papers.iter().enumerate() {
        for key in p.title_keys().into_iter().skip(1) {
            out.entry(key).or_insert(i);
        }
    }
    out
}

impl Paper {
    /// Every id of the paper (at least `id`).
    pub fn all_ids(&self) -> Vec<&str> {
        PaperKeys::of(self).all_ids()
    }

    /// Every link of the paper (the primary `url` first; none when it has no link).
    pub fn all_urls(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for u in std::iter::once(&self.url).chain(&self.urls) {
            if !u.is_empty() && !out.contains(&u.as_str()) {
                out.push(u);
            }
        }
        out
    }

    /// The forms a judgment or label file may write the paper's title in, normalised
    /// ([`super::normalize::normalize_title`]): its title, then `alias: title` when the list
    /// gave an alias the title does not open with (a folded duplicate written `RLHF: Training
    /// a Helpful …` under the paper titled `Training a Helpful …`).
    pub fn title_keys(&self) -> Vec<String> {
        use super::normalize::normalize_title;
        let title = normalize_title(&self.title);
        let headed = self
            .alias
            .as_deref()
            .map(normalize_title)
            .filter(|a| !a.is_empty() && title != *a && !title.starts_with(&format!("{a} ")))
            .map(|a| format!("{a} {title}"));
        std::iter::once(title).chain(headed).collect()
    }

    /// The text embedded for this paper: `title. abstract`, or the title alone.
    ///
    /// When the title already ends in `.`, `?` or `!`, no extra full stop is added.
    pub fn passage(&self) -> String {
        match self.abstract_text.get() {
            Some(a) if !a.trim().is_empty() => {
                let t = self.title.trim_end();
                if t.ends_with(['.', '?', '!']) {
                    format!("{t} {}", a.trim())
                } else {
                    format!("{t}. {}", a.trim())
                }
            }
            _ => self.title.clone(),
        }
    }

    /// The first source line, the one shown to people.
    pub fn first_line(&self) -> usize {
        self.lines.first().copied().unwrap_or(0)
    }

    /// Whether the paper has an abstract (from the list, or cached by `readnext enrich`).
    pub fn has_abstract(&self) -> bool {
        self.abstract_text.has_text()
    }
}

/// A title short enough for a table cell: the name before its colon when that is a
/// name of at most three words (`LoRA: Low-Rank Adaptation …` → `LoRA`), else the
/// title cut at a word boundary within `max` characters.
pub fn short_title(title: &str, max: usize) -> String {
    if let Some((head, _)) = title.split_once(':') {
        let head = head.trim();
        if !head.is_empty() && head.split_whitespace().count() <= 3 {
            return head.to_string();
        }
    }
    if title.chars().count() <= max {
        return title.to_string();
    }
    let mut out = String::new();
    for w in title.split_whitespace() {
        if out.chars().count() + w.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = title.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// Papers `p0`, `p1`, … titled `titles`, on lines 1, 2, … (for tests).
#[cfg(test)]
pub(crate) fn numbered(titles: &[&str]) -> Vec<Paper> {
    titles
        .iter()
        .enumerate()
        .map(|(i, t)| Paper {
            id: format!("p{i}"),
            title: (*t).into(),
            lines: vec![i + 1],
            ..Paper::default()
        })
        .collect()
}

/// A raw entry read from a list before duplicates are folded.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub title: String,
    pub url: String,
    pub abstract_text: Option<String>,
    pub date: Option<String>,
    pub alias: Option<String>,
    pub heading: Option<String>,
    pub category: Option<String>,
    pub given_id: Option<String>,
    pub line: usize,
    pub extra_links: Vec<String>,
    pub checked: bool,
    /// The day the list says it was read or presented (`YYYY-MM-DD`).
    pub read_on: Option<String>,
    /// A BibTeX citation key.
    pub key: Option<String>,
    /// A DOI (`10.1145/…`).
    pub doi: Option<String>,
    pub keywords: Vec<String>,
    pub authors: Vec<String>,
    pub venue: Option<String>,
}
