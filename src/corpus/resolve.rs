//! Resolving what a user types (title, alias, URL, arXiv id, paper id, `list.md:312`,
//! or part of a title) to exactly one paper, or a clear error with candidates.

use super::normalize::{
    arxiv_id_from_ref, arxiv_id_from_url, fold_text, normalize_title, normalize_url,
};
use super::{Corpus, Paper};
use crate::error::{Error, Result};

/// How many candidates an unknown or ambiguous reference lists.
const CANDIDATES: usize = 5;

/// The papers of a list and the file they came from: what a reference is resolved in
/// (a [`Corpus`], or an index's papers without a copy of them).
#[derive(Clone, Copy)]
pub struct List<'a> {
    pub path: &'a std::path::Path,
    pub papers: &'a [Paper],
}

impl<'a> From<&'a Corpus> for List<'a> {
    fn from(c: &'a Corpus) -> Self {
        List {
            path: &c.path,
            papers: &c.papers,
        }
    }
}

/// Resolve `query` to the index of one paper in `corpus`.
pub fn resolve(corpus: &Corpus, query: &str) -> Result<usize> {
    resolve_in(corpus.into(), query)
}

/// The reference `resolve_in` compares with the papers' own ids before anything else:
/// `query` trimmed, unless it is empty or could be a `LIST:LINE` (tried first). A caller
/// whose papers are costly to build (a big index decodes them when looked at) can look
/// this id up itself, and call [`resolve_in`] only when no paper has it: the answer is
/// the same.
pub fn id_tried_first(query: &str) -> Option<&str> {
    let q = query.trim();
    let line_ref = q
        .rsplit_once(':')
        .is_some_and(|(_, line)| line.parse::<usize>().is_ok());
    (!q.is_empty() && !line_ref).then_some(q)
}

/// Resolve `query` to the index of one paper of `corpus`.
pub fn resolve_in(corpus: List<'_>, query: &str) -> Result<usize> {
    let q = query.trim();
    if q.is_empty() {
        return Err(Error::Invalid(
            "empty paper reference; give a title, alias, URL, arXiv id or LIST:LINE".into(),
        ));
    }
    let papers = corpus.papers;
    let unique = |hits: Vec<usize>, what: &str| -> Option<Result<usize>> {
        match hits.len() {
            0 => None,
            1 => Some(Ok(hits[0])),
            _ => Some(Err(ambiguous(corpus, q, &hits, what))),
        }
    };

    // `path:line` or `:line`.
    if let Some((file, line)) = q.rsplit_once(':') {
        if let Ok(line) = line.parse::<usize>() {
            let file_ok = file.is_empty()
                || Some(std::path::Path::new(file).file_name()) == Some(corpus.path.file_name());
            if file_ok {
                let hits: Vec<usize> = (0..papers.len())
                    .filter(|&i| papers[i].lines.contains(&line))
                    .collect();
                if let Some(r) = unique(hits, "that line") {
                    return r;
                }
                return Err(Error::Resolve {
                    query: q.into(),
                    message: format!(
                        "no paper starts on line {line} of {}; run `readnext papers` to see each paper's lines",
                        corpus.path.display()
                    ),
                    candidates: Vec::new(),
                });
            }
        }
    }
    // Paper id.
    if let Some(i) = papers.iter().position(|p| p.id == q) {
        return Ok(i);
    }
    // Any other id it is known by: a folded duplicate's id, a DOI, a BibTeX citation key
    // (DOIs and keys compared without case; `doi:` and doi.org prefixes dropped).
    let bare = q
        .trim_start_matches("https://doi.org/")
        .trim_start_matches("http://doi.org/")
        .trim_start_matches("https://dx.doi.org/")
        .trim_start_matches("doi:");
    let hits: Vec<usize> = (0..papers.len())
        .filter(|&i| {
            papers[i]
                .all_ids()
                .iter()
                .any(|id| id.eq_ignore_ascii_case(q) || id.eq_ignore_ascii_case(bare))
        })
        .collect();
    if let Some(r) = unique(hits, "that id") {
        return r;
    }
    // arXiv id, bare or inside a URL.
    let arxiv = arxiv_id_from_ref(q).or_else(|| arxiv_id_from_url(q));
    if let Some(a) = arxiv {
        let hits: Vec<usize> = (0..papers.len())
            .filter(|&i| {
                papers[i].all_ids().contains(&a.as_str())
                    || papers[i]
                        .all_urls()
                        .iter()
                        .any(|u| arxiv_id_from_url(u).as_deref() == Some(a.as_str()))
            })
            .collect();
        if let Some(r) = unique(hits, "that arXiv id") {
            return r;
        }
    }
    // URL.
    if q.contains("://") || q.starts_with("www.") {
        let nq = normalize_url(q);
        let hits: Vec<usize> = (0..papers.len())
            .filter(|&i| {
                papers[i].all_urls().iter().any(|u| normalize_url(u) == nq)
                    || papers[i].extra_links.iter().any(|l| normalize_url(l) == nq)
            })
            .collect();
        if let Some(r) = unique(hits, "that URL") {
            return r;
        }
    }
    let nq = normalize_title(q);
    // Exact title (normalised, so case, punctuation and `Deepmind:` prefixes do not matter).
    let hits: Vec<usize> = (0..papers.len())
        .filter(|&i| normalize_title(&papers[i].title) == nq)
        .collect();
    if let Some(r) = unique(hits, "that title") {
        return r;
    }
    // Alias, or the short name before a title's colon (`LoRA` for `LoRA: Low-Rank …`).
    let hits: Vec<usize> = (0..papers.len())
        .filter(|&i| papers[i].alias.as_deref().map(fold_text).as_deref() == Some(nq.as_str()))
        .collect();
    if let Some(r) = unique(hits, "that alias") {
        return r;
    }
    let hits: Vec<usize> = (0..papers.len())
        .filter(|&i| short_name(&papers[i]) == nq)
        .collect();
    if let Some(r) = unique(hits, "that name") {
        return r;
    }
    // Part of a title, as whole words.
    if !nq.is_empty() {
        let padded = format!(" {nq} ");
        let hits: Vec<usize> = (0..papers.len())
            .filter(|&i| format!(" {} ", normalize_title(&papers[i].title)).contains(&padded))
            .collect();
        if let Some(r) = unique(hits, "those words") {
            return r;
        }
    }
    // Fuzzy: accept a clear winner only.
    let ranked = fuzzy_rank(corpus, &nq);
    if let Some(&(best, score)) = ranked.first() {
        let second = ranked.get(1).map(|r| r.1).unwrap_or(0.0);
        if score >= 0.88 && score - second >= 0.04 {
            return Ok(best);
        }
    }
    let candidates: Vec<String> = ranked
        .iter()
        .take(CANDIDATES)
        .map(|&(i, _)| describe(corpus, &papers[i]))
        .collect();
    Err(Error::Resolve {
        query: q.into(),
        message: format!(
            "no paper matches \"{q}\"; closest: {}. Use a full title, alias, URL, arXiv id or LIST:LINE",
            candidates.join("; ")
        ),
        candidates,
    })
}

fn short_name(p: &Paper) -> String {
    match p.title.split_once(':') {
        Some((head, _)) => normalize_title(head),
        None => String::new(),
    }
}

fn describe(corpus: List<'_>, p: &Paper) -> String {
    let file = corpus
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("\"{}\" ({file}:{})", p.title, p.first_line())
}

fn ambiguous(corpus: List<'_>, q: &str, hits: &[usize], what: &str) -> Error {
    let candidates: Vec<String> = hits
        .iter()
        .take(CANDIDATES)
        .map(|&i| describe(corpus, &corpus.papers[i]))
        .collect();
    Error::Resolve {
        query: q.into(),
        message: format!(
            "\"{q}\" is ambiguous: {} papers match {what}: {}. Use a full title or LIST:LINE",
            hits.len(),
            candidates.join("; ")
        ),
        candidates,
    }
}

/// Papers ranked by similarity of their normalised title (and alias) to the query.
fn fuzzy_rank(corpus: List<'_>, nq: &str) -> Vec<(usize, f64)> {
    let mut scored: Vec<(usize, f64)> = corpus
        .papers
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = normalize_title(&p.title);
            let mut s = strsim::jaro_winkler(nq, &t);
            s = s.max(strsim::normalized_levenshtein(nq, &t));
            if let Some(a) = &p.alias {
                s = s.max(strsim::jaro_winkler(nq, &fold_text(a)));
            }
            (i, s)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_tried_first_is_what_resolve_in_finds_first() {
        assert_eq!(id_tried_first(" 2503.11731 "), Some("2503.11731"));
        assert_eq!(
            id_tried_first("https://arxiv.org/abs/2106.09685"),
            Some("https://arxiv.org/abs/2106.09685")
        );
        for line_ref in ["list.md:12", ":12", "  "] {
            assert_eq!(id_tried_first(line_ref), None, "{line_ref:?}");
        }
        // Looking the id up alone gives resolve_in's answer: the first paper with it.
        let paper = |id: &str, title: &str, line: usize| Paper {
            id: id.into(),
            title: title.into(),
            lines: vec![line],
            ..Paper::default()
        };
        let papers = vec![
            paper("a1", "First", 3),
            paper("b2", "Second", 4),
            paper("b2", "Second again", 12),
        ];
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        for q in ["a1", " b2"] {
            let first = id_tried_first(q).and_then(|id| papers.iter().position(|p| p.id == id));
            assert_eq!(first, Some(resolve_in(list, q).unwrap()), "{q}");
        }
        // A line reference is left to resolve_in.
        assert_eq!(id_tried_first("list.md:12"), None);
        assert_eq!(resolve_in(list, "list.md:12").unwrap(), 2);
    }
}
