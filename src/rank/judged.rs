//! Ranking evaluation on judgments by id or title, as benchmarks ship them:
//! pair files (`query_id`, `related_id`: rank every other paper for the query paper) and
//! query files (`query`, `relevant_ids` or `relevant_titles` separated by `|`, optionally
//! `citing_id`, a paper left out of that query's ranking). Each ranking is scored with
//! recall@10, recall@100 and nDCG@10 (binary relevance), averaged over queries, next to
//! the plain baselines in the same run: dense cosine, tf-idf cosine, BM25 and a min-max
//! fusion of BM25 and dense.

use super::hybrid::{Engine, Weights};
use super::scores::{best, min_max};
use crate::corpus::normalize::normalize_title;
use crate::corpus::Paper;
use crate::embed::dot;
use crate::error::{Error, Result};
use crate::lexical::bm25::Bm25;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Depth of every ranking (recall@100 needs 100).
pub const DEPTH: usize = 100;

/// What is asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// Papers related to this paper (by index).
    Paper(usize),
    /// Papers matching this text; `leave_out` is not ranked (the citing paper).
    Text {
        text: String,
        leave_out: Option<usize>,
    },
}

/// One judged query: what is asked and the papers judged relevant (indices).
#[derive(Debug, Clone)]
pub struct Judged {
    pub ask: Ask,
    pub relevant: Vec<usize>,
}

/// Judgments read from a file, and how many rows named papers not in the list.
#[derive(Debug, Clone)]
pub struct Judgments {
    pub queries: Vec<Judged>,
    pub unmatched: usize,
}

/// Ask the judged queries in another language: `path` is a TSV with a header whose
/// `query` column holds the queries as the judgments spell them and whose `translation`
/// column (or the only other column) holds the same query translated. Every text query
/// must have a translation.
pub fn translate(j: &mut Judgments, path: &Path) -> Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let h = header(path, &text)?;
    let query = h.iter().position(|c| c == "query");
    let other = h
        .iter()
        .position(|c| c == "translation")
        .or_else(|| (h.len() == 2).then(|| usize::from(query == Some(0))));
    let (Some(query), Some(other)) = (query, other.filter(|&o| Some(o) != query)) else {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "expected a header with `query` and `translation` columns, found {}",
                h.join(", ")
            ),
        });
    };
    let mut map = std::collections::HashMap::new();
    for row in rows(path, &text, &[query, other], h.len()) {
        let cols = row?;
        map.insert(
            cols[query].trim().to_string(),
            cols[other].trim().to_string(),
        );
    }
    for q in &mut j.queries {
        if let Ask::Text { text, .. } = &mut q.ask {
            let t = map.get(text.as_str()).ok_or_else(|| Error::Parse {
                path: path.to_path_buf(),
                line: 0,
                message: format!("no translation of the query {text:?}; add a row for it"),
            })?;
            *text = t.clone();
        }
    }
    Ok(())
}

/// Looks papers up by any id (case-insensitive) or by normalised title.
struct Lookup {
    ids: HashMap<String, usize>,
    titles: HashMap<String, usize>,
}

impl Lookup {
    fn new(papers: &[Paper]) -> Lookup {
        let mut ids = HashMap::new();
        let mut titles = HashMap::new();
        for (i, p) in papers.iter().enumerate() {
            for id in p.all_ids() {
                ids.entry(id.to_lowercase()).or_insert(i);
            }
            titles.entry(normalize_title(&p.title)).or_insert(i);
        }
        // A title with its alias before it names the paper when no paper is titled so.
        for (i, p) in papers.iter().enumerate() {
            for key in p.title_keys().into_iter().skip(1) {
                titles.entry(key).or_insert(i);
            }
        }
        Lookup { ids, titles }
    }
    fn id(&self, s: &str) -> Option<usize> {
        self.ids.get(&s.trim().to_lowercase()).copied()
    }
    fn title(&self, s: &str) -> Option<usize> {
        self.titles.get(&normalize_title(s)).copied()
    }
}

fn header(path: &Path, text: &str) -> Result<Vec<String>> {
    let first = text.lines().next().ok_or_else(|| Error::Parse {
        path: path.to_path_buf(),
        line: 1,
        message: "empty file; expected a header row".into(),
    })?;
    Ok(first
        .split('\t')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect())
}

/// The data rows of a TSV (after the header, blank lines skipped) as columns, or an
/// error naming the line when a needed column (`need`) is missing.
fn rows<'t>(
    path: &'t Path,
    text: &'t str,
    need: &'t [usize],
    width: usize,
) -> impl Iterator<Item = Result<Vec<&'t str>>> + 't {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(move |(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            if need.iter().any(|&c| c >= cols.len()) {
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: i + 1,
                    message: format!("expected {width} tab-separated columns"),
                });
            }
            Ok(cols)
        })
}

/// Whether a TSV's header names id-based pairs (`query_id`, `related_id`).
pub fn is_id_pairs(path: &Path) -> Result<bool> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let h = header(path, &text)?;
    Ok(h.iter().any(|c| c == "query_id") && h.iter().any(|c| c == "related_id"))
}

/// Read `query_id`, `related_id` pairs (or `query_title`, `related_title`): one query per
/// distinct query paper.
pub fn read_id_pairs(path: &Path, papers: &[Paper]) -> Result<Judgments> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let h = header(path, &text)?;
    let col = |name: &str| h.iter().position(|c| c == name);
    let (q, r, by_id) = match (
        col("query_id"),
        col("related_id"),
        col("query_title"),
        col("related_title"),
    ) {
        (Some(q), Some(r), _, _) => (q, r, true),
        (_, _, Some(q), Some(r)) => (q, r, false),
        _ => {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: format!(
                    "expected columns query_id and related_id (or query_title and related_title) in the header, found {}",
                    h.join(", ")
                ),
            })
        }
    };
    let look = Lookup::new(papers);
    let mut by_query: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut unmatched = 0;
    for row in rows(path, &text, &[q, r], h.len()) {
        let cols = row?;
        let (qs, rs) = (cols[q], cols[r]);
        let find = |x: &str| if by_id { look.id(x) } else { look.title(x) };
        match (find(qs), find(rs)) {
            (Some(a), Some(b)) if a != b => by_query.entry(a).or_default().push(b),
            _ => unmatched += 1,
        }
    }
    Ok(Judgments {
        queries: by_query
            .into_iter()
            .map(|(a, mut rel)| {
                rel.sort_unstable();
                rel.dedup();
                Judged {
                    ask: Ask::Paper(a),
                    relevant: rel,
                }
            })
            .collect(),
        unmatched,
    })
}

/// Read free-text queries: a `query` column and `relevant_ids` or `relevant_titles`
/// (`|`-separated); `citing_id` (or `leave_out`) names a paper left out of the ranking.
pub fn read_queries(path: &Path, papers: &[Paper]) -> Result<Judgments> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let h = header(path, &text)?;
    let col = |name: &str| h.iter().position(|c| c == name);
    let query = col("query");
    let (rel, by_id) = match (col("relevant_ids"), col("relevant_titles")) {
        (Some(c), _) => (Some(c), true),
        (None, Some(c)) => (Some(c), false),
        _ => (None, false),
    };
    let (Some(query), Some(rel)) = (query, rel) else {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "expected a query column and relevant_ids or relevant_titles in the header, found {}",
                h.join(", ")
            ),
        });
    };
    let leave = col("citing_id").or(col("leave_out"));
    let look = Lookup::new(papers);
    let mut out = Vec::new();
    let mut unmatched = 0;
    for row in rows(path, &text, &[query, rel], h.len()) {
        let cols = row?;
        let (q, r) = (cols[query], cols[rel]);
        let mut relevant = Vec::new();
        for item in r.split('|').map(str::trim).filter(|s| !s.is_empty()) {
            match if by_id {
                look.id(item)
            } else {
                look.title(item)
            } {
                Some(j) => relevant.push(j),
                None => unmatched += 1,
            }
        }
        relevant.sort_unstable();
        relevant.dedup();
        let leave_out = leave.and_then(|c| cols.get(c)).and_then(|s| look.id(s));
        relevant.retain(|&j| Some(j) != leave_out);
        if !relevant.is_empty() {
            out.push(Judged {
                ask: Ask::Text {
                    text: q.trim().to_string(),
                    leave_out,
                },
                relevant,
            });
        }
    }
    Ok(Judgments {
        queries: out,
        unmatched,
    })
}

/// Known-item queries from the list itself: each name a paper is called by — its alias,
/// or its head (the title before a colon, organisation prefix left out) of one to three
/// words — asked as written, the papers called so relevant (`LoRA` → LoRA; `FLAN` →
/// the three papers whose head is FLAN). Names of fewer than three letters are skipped.
pub fn name_queries(papers: &[Paper]) -> Judgments {
    let mut by_key: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, p) in papers.iter().enumerate() {
        let title = crate::corpus::normalize::strip_org_prefix(&p.title);
        let head = title
            .split_once(':')
            .map(|(h, _)| h.trim())
            .filter(|h| (1..=3).contains(&h.split_whitespace().count()));
        for name in p.alias.as_deref().into_iter().chain(head) {
            let k = crate::lexical::names::name_key(name);
            if k.chars().count() < 3 {
                continue;
            }
            let e = by_key
                .entry(k)
                .or_insert_with(|| (name.to_string(), Vec::new()));
            if !e.1.contains(&i) {
                e.1.push(i);
            }
        }
    }
    // In list order of the first paper called so.
    let mut queries: Vec<Judged> = by_key
        .into_values()
        .map(|(text, relevant)| Judged {
            ask: Ask::Text {
                text,
                leave_out: None,
            },
            relevant,
        })
        .collect();
    queries.sort_by_key(|q| q.relevant[0]);
    Judgments {
        queries,
        unmatched: 0,
    }
}

/// Scores of one ranking method.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub method: String,
    pub recall_at_10: f64,
    pub recall_at_100: f64,
    pub ndcg_at_10: f64,
    pub queries: usize,
}

/// recall@10, recall@100 and binary nDCG@10 of one ranking.
pub fn metrics(ranked: &[usize], relevant: &[usize]) -> (f64, f64, f64) {
    if relevant.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let rel: HashSet<usize> = relevant.iter().copied().collect();
    let hits = |k: usize| ranked.iter().take(k).filter(|j| rel.contains(j)).count() as f64;
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .filter(|(_, j)| rel.contains(j))
        .map(|(r, _)| 1.0 / ((r + 2) as f64).log2())
        .sum();
    let ideal: f64 = (0..rel.len().min(10))
        .map(|r| 1.0 / ((r + 2) as f64).log2())
        .sum();
    let n = rel.len() as f64;
    (hits(10) / n, hits(100) / n, dcg / ideal)
}

/// Score a ranking function (`rank(query, vector)` → best first) over `judged`;
/// `vectors[q]` is the embedding of text query `q` (unused for paper queries).
pub fn score(
    method: &str,
    judged: &[Judged],
    vectors: &[Vec<f32>],
    rank: &(dyn Fn(&Ask, &[f32]) -> Vec<usize> + Sync),
) -> Scores {
    use rayon::prelude::*;
    let per: Vec<(f64, f64, f64)> = judged
        .par_iter()
        .enumerate()
        .map(|(q, j)| {
            let v = vectors.get(q).map(Vec::as_slice).unwrap_or(&[]);
            metrics(&rank(&j.ask, v), &j.relevant)
        })
        .collect();
    let n = per.len().max(1) as f64;
    Scores {
        method: method.to_string(),
        recall_at_10: per.iter().map(|m| m.0).sum::<f64>() / n,
        recall_at_100: per.iter().map(|m| m.1).sum::<f64>() / n,
        ndcg_at_10: per.iter().map(|m| m.2).sum::<f64>() / n,
        queries: per.len(),
    }
}

/// The `DEPTH` best of `scores`, ties by index, skipping `skip`.
fn top(scores: &[f32], skip: &[usize]) -> Vec<usize> {
    best(scores, DEPTH, skip)
}

/// Which lexical score a fusion uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lex {
    /// BM25 over the passage (title and abstract).
    Bm25,
    /// BM25 over weighted fields.
    Bm25Fields,
    /// readnext's tf-idf cosine.
    Tfidf,
}

/// The plain baselines and readnext's shipped ranking, all over the same index.
pub struct Rankers<'e, 'a> {
    engine: &'e Engine<'a>,
    /// The plain BM25 baseline, built when a baseline first asks for it (a ranker
    /// used for the shipped ranking alone never does).
    bm25: std::sync::OnceLock<Bm25>,
}

impl<'e, 'a> Rankers<'e, 'a> {
    /// Rankers over `engine`'s index: its shipped and weighted rankings, dense, tf-idf,
    /// and BM25 (k1 0.9, b 0.4, as the ACM-CR baselines) over each paper's passage.
    pub fn new(engine: &'e Engine<'a>) -> Rankers<'e, 'a> {
        Rankers {
            engine,
            bm25: std::sync::OnceLock::new(),
        }
    }

    fn plain_bm25(&self) -> &Bm25 {
        self.bm25.get_or_init(|| {
            let docs: Vec<String> = self
                .engine
                .index
                .papers
                .iter()
                .map(Paper::passage)
                .collect();
            Bm25::new(&docs, 0.9, 0.4)
        })
    }

    fn query_vector<'v>(&'v self, ask: &Ask, v: &'v [f32]) -> &'v [f32] {
        match ask {
            Ask::Paper(i) => self.engine.index.vectors.row(*i),
            Ask::Text { .. } => v,
        }
    }

    fn skip(ask: &Ask) -> Vec<usize> {
        match ask {
            Ask::Paper(i) => vec![*i],
            Ask::Text { leave_out, .. } => leave_out.iter().copied().collect(),
        }
    }

    /// Exact cosine of the vectors.
    pub fn dense_scores(&self, ask: &Ask, v: &[f32]) -> Vec<f32> {
        let q = self.query_vector(ask, v);
        let vs = &self.engine.index.vectors;
        (0..vs.len()).map(|j| dot(q, vs.row(j))).collect()
    }

    /// BM25 of the query paper's passage, or of the query text.
    pub fn bm25_scores(&self, ask: &Ask) -> Vec<f32> {
        match ask {
            Ask::Paper(i) => self
                .plain_bm25()
                .scores(&self.engine.index.papers[*i].passage()),
            Ask::Text { text, .. } => self.plain_bm25().scores(text),
        }
    }

    /// Exact dense ranking.
    pub fn dense(&self, ask: &Ask, v: &[f32]) -> Vec<usize> {
        top(&self.dense_scores(ask, v), &Self::skip(ask))
    }

    /// Exact tf-idf cosine ranking (readnext's lexical channel alone).
    pub fn tfidf(&self, ask: &Ask) -> Vec<usize> {
        let lex = &self.engine.lexical;
        let q = match ask {
            Ask::Paper(i) => lex.doc(*i).clone(),
            Ask::Text { text, .. } => lex.query(&[(text.as_str(), 1.0)]),
        };
        top(&lex.scores(&q), &Self::skip(ask))
    }

    /// BM25 ranking.
    pub fn bm25(&self, ask: &Ask) -> Vec<usize> {
        top(&self.bm25_scores(ask), &Self::skip(ask))
    }

    /// Per-query min-max-normalised BM25 and dense, half and half.
    pub fn fusion(&self, ask: &Ask, v: &[f32]) -> Vec<usize> {
        self.min_max_fusion(ask, v, Lex::Bm25, 0.5)
    }

    fn lexical_scores(&self, ask: &Ask, lex: Lex) -> Vec<f32> {
        match lex {
            Lex::Bm25 => self.bm25_scores(ask),
            Lex::Bm25Fields => match ask {
                Ask::Paper(i) => self.engine.paper_bm25(*i),
                Ask::Text { text, .. } => self.engine.bm25().scores(text),
            },
            Lex::Tfidf => {
                let l = &self.engine.lexical;
                let q = match ask {
                    Ask::Paper(i) => l.doc(*i).clone(),
                    Ask::Text { text, .. } => l.query(&[(text.as_str(), 1.0)]),
                };
                l.scores(&q)
            }
        }
    }

    /// Per-query min-max-normalised lexical (`lex`) and dense: `alpha` · lexical + (1 − alpha) · dense.
    pub fn min_max_fusion(&self, ask: &Ask, v: &[f32], lex: Lex, alpha: f32) -> Vec<usize> {
        let skip = Self::skip(ask);
        let b = min_max(&self.lexical_scores(ask, lex), &skip);
        let d = min_max(&self.dense_scores(ask, v), &skip);
        let fused: Vec<f32> = b
            .iter()
            .zip(&d)
            .map(|(x, y)| alpha * x + (1.0 - alpha) * y)
            .collect();
        top(&fused, &skip)
    }

    /// Reciprocal-rank fusion (k = 60) of the lexical (`lex`) and dense rankings.
    pub fn rrf(&self, ask: &Ask, v: &[f32], lex: Lex) -> Vec<usize> {
        let skip = Self::skip(ask);
        let mut fused = vec![0f32; self.engine.index.papers.len()];
        for ranked in [
            best(&self.lexical_scores(ask, lex), 1000, &skip),
            best(&self.dense_scores(ask, v), 1000, &skip),
        ] {
            for (r, j) in ranked.into_iter().enumerate() {
                fused[j] += 1.0 / (60.0 + r as f32 + 1.0);
            }
        }
        top(&fused, &skip)
    }

    /// readnext's own ranking with `w`: `related` for a paper, the weighted-sum search of
    /// before for a text.
    pub fn readnext(&self, ask: &Ask, v: &[f32], w: Weights) -> Vec<usize> {
        let hits = match ask {
            Ask::Paper(i) => self.engine.related(*i, DEPTH, w).unwrap_or_default(),
            Ask::Text { text, .. } => self.engine.search(text, v, DEPTH + 1, w),
        };
        self.without_skipped(ask, hits)
    }

    /// `readnext search` without the Korean glossary (its BM25 side ranks the query's
    /// own words; the caller gives the query's own vector).
    pub fn shipped_without_glossary(&self, ask: &Ask, v: &[f32]) -> Vec<usize> {
        match ask {
            Ask::Text { text, .. } => {
                let hits = self.engine.search_fused_words(text, v, DEPTH + 1);
                self.without_skipped(ask, hits)
            }
            Ask::Paper(_) => self.shipped(ask, v),
        }
    }

    /// `readnext search` with its names channel at `names_weight` (0: without it).
    pub fn shipped_with_names(&self, ask: &Ask, v: &[f32], names_weight: f32) -> Vec<usize> {
        match ask {
            Ask::Text { text, .. } => {
                let words = super::query_text::lexical(text);
                let hits = self
                    .engine
                    .search_fused_named(&words, v, DEPTH + 1, names_weight);
                self.without_skipped(ask, hits)
            }
            Ask::Paper(_) => self.shipped(ask, v),
        }
    }

    /// What `readnext search` answers: [`Engine::search_fused`] (for a paper query, `related`).
    pub fn shipped(&self, ask: &Ask, v: &[f32]) -> Vec<usize> {
        let hits = match ask {
            Ask::Paper(i) => self
                .engine
                .related(*i, DEPTH, Weights::RELATED)
                .unwrap_or_default(),
            Ask::Text { text, .. } => self.engine.search_fused(text, v, DEPTH + 1),
        };
        self.without_skipped(ask, hits)
    }

    fn without_skipped(&self, ask: &Ask, hits: Vec<super::Hit>) -> Vec<usize> {
        let skip = Self::skip(ask);
        hits.into_iter()
            .map(|h| h.index)
            .filter(|j| !skip.contains(j))
            .take(DEPTH)
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn metrics_count_hits_and_discount_by_rank() {
        let (r10, r100, ndcg) = metrics(&[5, 1, 7], &[1, 9]);
        assert_eq!(r10, 0.5);
        assert_eq!(r100, 0.5);
        let ideal = 1.0 + 1.0 / 3f64.log2();
        assert!((ndcg - (1.0 / 3f64.log2()) / ideal).abs() < 1e-12);
        assert_eq!(metrics(&[1, 9], &[1, 9]).2, 1.0);
    }

    /// Two papers as the seed list has them: the second was also written `RLHF: Training
    /// a Helpful …` (a duplicate folded into it, its head become its alias).
    pub(crate) fn rlhf_papers() -> Vec<Paper> {
        let paper = |id: &str, title: &str, alias: Option<&str>| Paper {
            id: id.into(),
            title: title.into(),
            alias: alias.map(str::to_string),
            ..Default::default()
        };
        vec![
            paper("2212.08073", "Constitutional AI: Harmlessness from AI Feedback", None),
            paper(
                "2204.05862",
                "Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback",
                Some("RLHF"),
            ),
        ]
    }

    #[test]
    fn a_title_is_found_as_written_with_its_alias_before_it() {
        let papers = rlhf_papers();
        let tmp = tempfile::tempdir().unwrap();
        let pairs = tmp.path().join("pairs.tsv");
        std::fs::write(
            &pairs,
            "query_title\trelated_title\tstrength\n\
             Constitutional AI: Harmlessness from AI Feedback\tRLHF: Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback\tstrong\n\
             Constitutional AI: Harmlessness from AI Feedback\tHelpful Harmless: Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback\tstrong\n",
        )
        .unwrap();
        let j = read_id_pairs(&pairs, &papers).unwrap();
        assert_eq!(j.queries.len(), 1);
        assert_eq!(j.queries[0].relevant, vec![1]);
        // Another head is not the paper's.
        assert_eq!(j.unmatched, 1);
        assert_eq!(papers[0].title_keys().len(), 1);
    }
}
