//! Abstracts for papers the list gives none: matched from a metadata file (any list
//! readnext reads — the arXiv snapshot's JSON lines, CSV, BibTeX) by arXiv id, then DOI,
//! then normalised title, exact and then fuzzy above a measured threshold. Found
//! abstracts are kept in a cache beside the index (`metadata.jsonl`), keyed by the
//! paper's id and link, and folded into the papers when the list is read; the list
//! itself is never changed here.

use super::normalize::{arxiv_id_from_ref, normalize_title};
use super::paper::{AbstractSource, Paper};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Name of the cache file in a list's index folder.
pub const CACHE_FILE: &str = "metadata.jsonl";

/// Fuzzy title matches at or above this Dice score (character trigrams of the
/// normalised titles, titles differing in a word with a digit never match) are applied.
/// Measured on 2,000 arXiv titles of `../shared/data/arxiv-2025.jsonl.gz`: against
/// the other 86,907 papers (every best match a wrong paper) one reached 0.949 (a
/// renamed version of the same work) and the next 0.899; the same titles with their
/// last word cut and lowercased matched their own paper at 0.90 or more for 1,820 of
/// 2,000 (README, *Abstracts for a title-only list*).
pub const FUZZY_THRESHOLD: f32 = 0.90;

/// How a paper was matched to a record of the metadata file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    ArxivId,
    Doi,
    Title,
    Fuzzy,
}

/// One paper matched to one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Index of the paper in the list.
    pub paper: usize,
    /// Index of the record in the metadata file.
    pub record: usize,
    pub by: MatchKind,
    /// 1 for an exact match; the Dice score of the titles for a fuzzy one.
    pub score: f32,
}

/// What matching found: the matches applied, and the best fuzzy candidate of each
/// paper that stayed below the threshold (reported, never applied).
#[derive(Debug, Clone, Default)]
pub struct Matches {
    pub applied: Vec<Match>,
    pub below: Vec<Match>,
}

/// The arXiv ids and DOIs a paper is known by (lowercased).
pub(crate) fn keys(p: &Paper) -> (Vec<String>, Vec<String>) {
    let mut arxiv = Vec::new();
    let mut doi = Vec::new();
    for id in p.all_ids() {
        if let Some(a) = arxiv_id_from_ref(id) {
            arxiv.push(a);
        } else if id.starts_with("10.") {
            doi.push(id.to_lowercase());
        }
    }
    for u in p.all_urls() {
        if let Some(a) = super::normalize::arxiv_id_from_url(u) {
            arxiv.push(a);
        }
        let lower = u.to_lowercase();
        if let Some(pos) = lower.find("doi.org/") {
            doi.push(
                lower[pos + "doi.org/".len()..]
                    .trim_end_matches('/')
                    .to_string(),
            );
        }
    }
    arxiv.sort();
    arxiv.dedup();
    doi.sort();
    doi.dedup();
    (arxiv, doi)
}

/// Character trigrams of a normalised title, padded with spaces.
fn trigrams(t: &str) -> HashSet<[char; 3]> {
    let chars: Vec<char> = format!("  {t} ").chars().collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// The words of a normalised title that hold a digit (versions, years, counts).
fn numbered(t: &str) -> Vec<&str> {
    let mut w: Vec<&str> = t
        .split(' ')
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        .collect();
    w.sort_unstable();
    w.dedup();
    w
}

/// Dice coefficient of two trigram sets.
fn dice(a: &HashSet<[char; 3]>, b: &HashSet<[char; 3]>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count();
    2.0 * common as f32 / (a.len() + b.len()) as f32
}

/// Candidates per fuzzy lookup: the records sharing the most rare words.
const FUZZY_CANDIDATES: usize = 32;

/// How alike two normalised titles are: the Dice score of their character trigrams,
/// 0 when they differ in a word that holds a digit (`GPT-3` is not `GPT-4`).
pub fn title_similarity(a: &str, b: &str) -> f32 {
    if numbered(a) != numbered(b) {
        return 0.0;
    }
    dice(&trigrams(a), &trigrams(b))
}

/// Fuzzy title lookup: an inverted index of the records' title words.
struct TitleIndex {
    norm: Vec<String>,
    words: HashMap<String, Vec<usize>>,
}

impl TitleIndex {
    fn new(titles: Vec<String>) -> TitleIndex {
        let mut words: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in titles.iter().enumerate() {
            let mut seen = HashSet::new();
            for w in t.split(' ').filter(|w| w.chars().count() >= 3) {
                if seen.insert(w) {
                    words.entry(w.to_string()).or_default().push(i);
                }
            }
        }
        TitleIndex {
            norm: titles,
            words,
        }
    }

    /// The record whose title is closest to `title`, with its Dice score.
    fn best(&self, title: &str, usable: &dyn Fn(usize) -> bool) -> Option<(usize, f32)> {
        let mut qwords: Vec<&str> = title
            .split(' ')
            .filter(|w| w.chars().count() >= 3)
            .collect();
        qwords.sort();
        qwords.dedup();
        // The rarest words pick the candidates; common words ("learning") would pull
        // in a large part of any collection.
        qwords.sort_by_key(|w| (self.words.get(*w).map_or(0, Vec::len), *w));
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for w in qwords.iter().take(6) {
            if let Some(list) = self.words.get(*w) {
                if list.len() > 5_000 {
                    continue;
                }
                for &r in list {
                    *shared.entry(r).or_insert(0) += 1;
                }
            }
        }
        let mut cand: Vec<(usize, usize)> =
            shared.into_iter().filter(|&(r, _)| usable(r)).collect();
        cand.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        cand.truncate(FUZZY_CANDIDATES);
        let q = trigrams(title);
        let qnum = numbered(title);
        let mut best: Option<(usize, f32)> = None;
        for (r, _) in cand {
            // "KAT-Coder" and "KAT-Coder-V2", "PLaMo 2" and "PLaMo 2.1" are other papers.
            if numbered(&self.norm[r]) != qnum {
                continue;
            }
            let s = dice(&q, &trigrams(&self.norm[r]));
            if best.is_none_or(|(br, bs)| s > bs || (s == bs && r < br)) {
                best = Some((r, s));
            }
        }
        best
    }
}

/// Match every paper of `papers` that has no abstract to a record of `records` that
/// has one: by arXiv id, then DOI, then exact normalised title, then the closest
/// title when its score reaches `threshold`.
pub fn find(papers: &[Paper], records: &[Paper], threshold: f32) -> Matches {
    let mut by_arxiv: HashMap<String, usize> = HashMap::new();
    let mut by_doi: HashMap<String, usize> = HashMap::new();
    let mut by_title: HashMap<String, usize> = HashMap::new();
    let usable: Vec<bool> = records.iter().map(Paper::has_abstract).collect();
    for (i, r) in records.iter().enumerate() {
        if !usable[i] {
            continue;
        }
        let (a, d) = keys(r);
        for k in a {
            by_arxiv.entry(k).or_insert(i);
        }
        for k in d {
            by_doi.entry(k).or_insert(i);
        }
        by_title.entry(normalize_title(&r.title)).or_insert(i);
    }
    let titles = TitleIndex::new(records.iter().map(|r| normalize_title(&r.title)).collect());
    let mut out = Matches::default();
    for (pi, p) in papers.iter().enumerate() {
        if p.has_abstract() {
            continue;
        }
        let (a, d) = keys(p);
        let exact = a
            .iter()
            .find_map(|k| by_arxiv.get(k).map(|&r| (r, MatchKind::ArxivId)))
            .or_else(|| {
                d.iter()
                    .find_map(|k| by_doi.get(k).map(|&r| (r, MatchKind::Doi)))
            })
            .or_else(|| {
                by_title
                    .get(&normalize_title(&p.title))
                    .map(|&r| (r, MatchKind::Title))
            });
        if let Some((record, by)) = exact {
            out.applied.push(Match {
                paper: pi,
                record,
                by,
                score: 1.0,
            });
            continue;
        }
        let norm = normalize_title(&p.title);
        if norm.is_empty() {
            continue;
        }
        if let Some((record, score)) = titles.best(&norm, &|r| usable[r]) {
            let m = Match {
                paper: pi,
                record,
                by: MatchKind::Fuzzy,
                score,
            };
            if score >= threshold {
                out.applied.push(m);
            } else {
                out.below.push(m);
            }
        }
    }
    out
}

/// One cached abstract: which paper (id and link, as the list gives them), the text,
/// and how it was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub url: String,
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    pub source: AbstractSource,
    /// How the paper was matched.
    #[serde(rename = "match")]
    pub by: MatchKind,
    pub score: f32,
    /// The file it came from, and the title it has there.
    pub from: String,
    pub matched_title: String,
}

/// Cache records for `matches`, found in the file `from`.
pub fn records(papers: &[Paper], source: &[Paper], matches: &[Match], from: &str) -> Vec<Record> {
    matches
        .iter()
        .filter_map(|m| {
            let p = papers.get(m.paper)?;
            let r = source.get(m.record)?;
            Some(Record {
                id: p.id.clone(),
                url: p.url.clone(),
                abstract_text: r.abstract_text.get()?.trim().to_string(),
                source: AbstractSource::File,
                by: m.by,
                score: m.score,
                from: from.to_string(),
                matched_title: r.title.clone(),
            })
        })
        .collect()
}

/// Read a cache; a missing file is an empty cache. A line that does not parse is an
/// error naming it.
pub fn read_cache(path: &Path) -> Result<Vec<Record>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        // No cache yet, or no index folder at all (what is wrong with the folder is for
        // the index to say).
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(Vec::new())
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: i + 1,
            message: format!(
                "not an abstract record ({e}); delete the file and run `readnext enrich` again"
            ),
        })?;
        out.push(r);
    }
    Ok(out)
}

/// Merge `new` into the cache at `path` (a record for the same id and link replaces the
/// old one) and write it atomically, sorted by id and link.
pub fn write_cache(path: &Path, new: Vec<Record>) -> Result<usize> {
    let mut all: Vec<Record> = read_cache(path)?;
    let fresh: HashSet<(String, String)> =
        new.iter().map(|r| (r.id.clone(), r.url.clone())).collect();
    all.retain(|r| !fresh.contains(&(r.id.clone(), r.url.clone())));
    all.extend(new);
    all.sort_by(|a, b| (&a.id, &a.url).cmp(&(&b.id, &b.url)));
    let mut bytes = Vec::new();
    for r in &all {
        let line = serde_json::to_string(r)
            .map_err(|e| Error::index(path, format!("cannot encode an abstract record: {e}")))?;
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    crate::fsutil::atomic_write(path, &bytes)?;
    Ok(all.len())
}

/// Give each paper without an abstract its cached one (same id and link); returns how
/// many papers got one.
pub fn apply(papers: &mut [Paper], cache: &[Record]) -> usize {
    let by_key: HashMap<(&str, &str), &Record> = cache
        .iter()
        .map(|r| ((r.id.as_str(), r.url.as_str()), r))
        .collect();
    let mut n = 0;
    for p in papers.iter_mut() {
        if p.has_abstract() {
            continue;
        }
        if let Some(r) = by_key.get(&(p.id.as_str(), p.url.as_str())) {
            if !r.abstract_text.trim().is_empty() {
                p.abstract_text = r.abstract_text.clone().into();
                p.abstract_source = Some(r.source);
                n += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(id: &str, title: &str, url: &str, abs: Option<&str>) -> Paper {
        Paper {
            id: id.into(),
            title: title.into(),
            url: url.into(),
            abstract_text: abs.map(String::from).into(),
            ..Default::default()
        }
    }

    #[test]
    fn matches_by_id_then_doi_then_title_then_fuzzy() {
        let list = vec![
            paper(
                "1706.03762",
                "Attention Is All You Need",
                "https://arxiv.org/abs/1706.03762",
                None,
            ),
            paper("a1", "Some DOI paper", "https://doi.org/10.1/ABC", None),
            paper(
                "b2",
                "Deep Residual Learning for Image Recognition",
                "",
                None,
            ),
            paper(
                "c3",
                "Deep residual learning for image recognition!",
                "",
                None,
            ),
            paper("d4", "Language Models are Few-Shot Learner", "", None),
            paper("e5", "Something else entirely about bananas", "", None),
            paper("f6", "Has one", "", Some("given")),
        ];
        let records = vec![
            paper(
                "1706.03762",
                "Attention is all you need (v5)",
                "",
                Some("A1"),
            ),
            paper(
                "x",
                "DOI paper, other title",
                "https://doi.org/10.1/abc",
                Some("A2"),
            ),
            paper(
                "y",
                "Deep Residual Learning for Image Recognition",
                "",
                Some("A3"),
            ),
            paper("z", "Language Models are Few-Shot Learners", "", Some("A4")),
            paper("w", "Bananas as a model organism", "", Some("A5")),
            paper("v", "Has one", "", Some("other")),
        ];
        let m = find(&list, &records, FUZZY_THRESHOLD);
        let got: Vec<(usize, usize, MatchKind)> = m
            .applied
            .iter()
            .map(|m| (m.paper, m.record, m.by))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 0, MatchKind::ArxivId),
                (1, 1, MatchKind::Doi),
                (2, 2, MatchKind::Title),
                (3, 2, MatchKind::Title),
                (4, 3, MatchKind::Fuzzy),
            ]
        );
        assert!(m.applied[4].score >= FUZZY_THRESHOLD && m.applied[4].score < 1.0);
        assert_eq!(m.below.len(), 1, "{:?}", m.below);
        assert_eq!(m.below[0].paper, 5);
    }

    #[test]
    fn cache_round_trip_applies_by_id_and_link() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(CACHE_FILE);
        let list = vec![
            paper("p1", "One", "https://x/1", None),
            paper("p2", "Two", "https://x/2", None),
        ];
        let source = vec![paper("s", "One", "", Some("  the abstract  "))];
        let m = find(&list, &source, FUZZY_THRESHOLD);
        assert_eq!(
            write_cache(&path, records(&list, &source, &m.applied, "meta.jsonl")).unwrap(),
            1
        );
        let cache = read_cache(&path).unwrap();
        let mut again = list.clone();
        assert_eq!(apply(&mut again, &cache), 1);
        assert_eq!(again[0].abstract_text.get(), Some("the abstract"));
        assert_eq!(again[0].abstract_source, Some(AbstractSource::File));
        assert!(again[1].abstract_text.is_none());
        // Another link for the same id: the cached abstract is not this entry's.
        let mut moved = vec![paper("p1", "One", "https://y/1", None)];
        assert_eq!(apply(&mut moved, &cache), 0);
        std::fs::write(&path, "{not json\n").unwrap();
        let e = read_cache(&path).unwrap_err().to_string();
        assert!(e.contains("metadata.jsonl:1"), "{e}");
    }
}
