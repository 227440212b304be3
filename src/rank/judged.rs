//! Ranking evaluation on judgments by id or title, as benchmarks ship them:
//! pair files (`query_id`, `related_id`: rank every other paper for the query paper) and
//! query files (`query`, `relevant_ids` or `relevant_titles` separated by `|`, optionally
//! `citing_id`, a paper left out of that query's ranking). Each ranking is scored with
//! recall@10, recall@100 and nDCG@10 (binary relevance), averaged over queries, next to
//! the plain baselines in the same run: dense cosine, tf-idf cosine, BM25 and a min-max
//! fusion of BM25 and dense.
//!
//! A pair file with a grade column (`relevance`, `grade`, `relevance_adju`: expert-graded
//! benchmarks such as CSFCube, 0–3) judges pools instead: each query's rows are its
//! candidates, every method re-ranks that pool, and it is scored as those benchmarks
//! score it ([`graded_metrics`]): mean average precision with the grades at or above half
//! the highest grade relevant (2 of 0–3), and nDCG over the first 20 % of the pool and
//! over the first 20 with the grades as gains. A `facet` (or `aspect`) column makes a
//! pool per query paper and facet, as CSFCube judges a paper's background, method and
//! result apart (and so does a query id written as CSFCube keys them, `ID_facet`); each
//! pool is one query of the averages.

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
    /// A graded judgment's pool: every candidate with its grade, in the file's order
    /// (empty for judgments without grades, which rank the whole list).
    pub pool: Vec<(usize, f32)>,
    /// The lowest grade of the pool that counts as relevant (1 without grades).
    pub relevant_grade: f32,
}

/// Judgments read from a file, and how many rows named papers not in the list.
#[derive(Debug, Clone)]
pub struct Judgments {
    pub queries: Vec<Judged>,
    pub unmatched: usize,
    /// For graded judgments, the lowest grade that counts as relevant.
    pub relevant_grade: Option<f32>,
}

/// The names a graded pair file's grade column goes by.
const GRADE_COLUMNS: [&str; 3] = ["relevance", "grade", "relevance_adju"];
/// Names of the column that says which facet of the query paper a row judges.
const FACET_COLUMNS: [&str; 2] = ["facet", "aspect"];

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
        let cols = row?.cols;
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

/// Looks papers up by any id or link (case-insensitive) or by normalised title.
struct Lookup {
    ids: HashMap<String, usize>,
    titles: HashMap<String, usize>,
}

impl Lookup {
    fn new(papers: &[Paper]) -> Lookup {
        let mut ids = HashMap::new();
        for (i, p) in papers.iter().enumerate() {
            for id in p.all_ids().into_iter().chain(p.all_urls()) {
                ids.entry(id.to_lowercase()).or_insert(i);
            }
        }
        Lookup {
            ids,
            titles: crate::corpus::paper::title_index(papers),
        }
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
) -> impl Iterator<Item = Result<Row<'t>>> + 't {
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
            Ok(Row { line: i + 1, cols })
        })
}

/// A data row of a TSV: its 1-based line and its columns.
struct Row<'t> {
    line: usize,
    cols: Vec<&'t str>,
}

/// Whether a TSV's header names id-based pairs (`query_id`, `related_id`).
pub fn is_id_pairs(path: &Path) -> Result<bool> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let h = header(path, &text)?;
    Ok(h.iter().any(|c| c == "query_id") && h.iter().any(|c| c == "related_id"))
}

/// Whether a TSV's header has a grade column (a graded pool per query).
pub fn is_graded(path: &Path) -> Result<bool> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let h = header(path, &text)?;
    Ok(h.iter().any(|c| GRADE_COLUMNS.contains(&c.as_str())))
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
    let grade = GRADE_COLUMNS.iter().find_map(|g| col(g));
    // A faceted benchmark (CSFCube: one query paper judged for its background, its
    // method and its result) has a pool per query paper and facet.
    let facet = FACET_COLUMNS.iter().find_map(|f| col(f));
    let need: Vec<usize> = [q, r].into_iter().chain(grade).chain(facet).collect();
    let look = Lookup::new(papers);
    // Each query's candidates with their grades (1 for a pair of a file without grades),
    // by query paper and facet ("" without a facet column).
    let mut by_query: BTreeMap<(usize, String), Vec<(usize, f32)>> = BTreeMap::new();
    let mut unmatched = 0;
    for row in rows(path, &text, &need, h.len()) {
        let Row { line, cols } = row?;
        let (qs, rs) = (cols[q], cols[r]);
        let g = match grade {
            Some(c) => {
                let v = cols[c].trim();
                match v.parse::<f32>() {
                    Ok(g) if g.is_finite() && g >= 0.0 => g,
                    _ => {
                        return Err(Error::Parse {
                            path: path.to_path_buf(),
                            line,
                            message: format!(
                                "the grade {v:?} is not a number of 0 or more (column {})",
                                h[c]
                            ),
                        })
                    }
                }
            }
            None => 1.0,
        };
        let find = |x: &str| if by_id { look.id(x) } else { look.title(x) };
        let mut f = facet.map_or(String::new(), |c| cols[c].trim().to_string());
        // CSFCube keys a query by paper and facet (`3264891_method`): that paper, that facet.
        let mut query = find(qs);
        if query.is_none() && by_id && facet.is_none() {
            if let Some((id, fct)) = qs.trim().rsplit_once('_') {
                if !fct.is_empty() && fct.chars().all(|c| c.is_ascii_alphabetic()) {
                    query = look.id(id);
                    f = fct.to_string();
                }
            }
        }
        match (query, find(rs)) {
            (Some(a), Some(b)) if a != b => by_query.entry((a, f)).or_default().push((b, g)),
            _ => unmatched += 1,
        }
    }
    // Relevant: at or above half the highest grade, rounded up (2 of CSFCube's 0–3).
    let relevant_grade = grade.map(|_| {
        let top = by_query
            .values()
            .flatten()
            .map(|&(_, g)| g)
            .fold(0f32, f32::max);
        (top / 2.0).ceil().max(1.0)
    });
    let queries = by_query
        .into_iter()
        .map(|((a, _facet), mut pool)| {
            // A candidate listed twice keeps its first grade.
            let mut seen = HashSet::new();
            pool.retain(|&(b, _)| seen.insert(b));
            let mut relevant: Vec<usize> = pool
                .iter()
                .filter(|&&(_, g)| g >= relevant_grade.unwrap_or(1.0))
                .map(|&(b, _)| b)
                .collect();
            relevant.sort_unstable();
            Judged {
                ask: Ask::Paper(a),
                relevant,
                pool: if relevant_grade.is_some() {
                    pool
                } else {
                    Vec::new()
                },
                relevant_grade: relevant_grade.unwrap_or(1.0),
            }
        })
        .collect();
    Ok(Judgments {
        queries,
        unmatched,
        relevant_grade,
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
        let cols = row?.cols;
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
                pool: Vec::new(),
                relevant_grade: 1.0,
            });
        }
    }
    Ok(Judgments {
        queries: out,
        unmatched,
        relevant_grade: None,
    })
}

/// Known-item queries from the list itself: the first two and the first three words of
/// each title (its organisation prefix left out) of more words than that, as a member
/// types the start of a title (letters and digits, lower case: `llama adapter`,
/// `attention is all`), the papers whose titles begin so relevant. In list order of the
/// first paper that begins so.
pub fn title_start_queries(papers: &[Paper]) -> Judgments {
    let titles: Vec<Vec<String>> = papers
        .iter()
        .map(|p| {
            crate::lexical::names::plain_words(crate::corpus::normalize::strip_org_prefix(&p.title))
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut queries = Vec::new();
    for n in [2, 3] {
        for t in titles.iter().filter(|t| t.len() > n) {
            let start = &t[..n];
            if !seen.insert(start.join(" ")) {
                continue;
            }
            let relevant: Vec<usize> = (0..titles.len())
                .filter(|&i| titles[i].starts_with(start))
                .collect();
            queries.push(Judged {
                ask: Ask::Text {
                    text: start.join(" "),
                    leave_out: None,
                },
                relevant,
                pool: Vec::new(),
                relevant_grade: 1.0,
            });
        }
    }
    Judgments {
        queries,
        unmatched: 0,
        relevant_grade: None,
    }
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
            pool: Vec::new(),
            relevant_grade: 1.0,
        })
        .collect();
    queries.sort_by_key(|q| q.relevant[0]);
    Judgments {
        queries,
        unmatched: 0,
        relevant_grade: None,
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
    /// Graded judgments only: mean average precision over the re-ranked pools.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map: Option<f64>,
    /// Graded judgments only: nDCG over the first 20 % of each pool (CSFCube's NDCG%20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ndcg_pct_20: Option<f64>,
    /// Graded judgments only: nDCG over the first 20 of each pool.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ndcg_at_20: Option<f64>,
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

/// Average precision, nDCG at 20 % of the pool and nDCG@20 of a pool in ranked order
/// (`grades[r]`: the grade of the paper ranked `r`), as CSFCube's evaluation computes
/// them: relevant means a grade of `relevant_grade` or more; DCG takes the grades as
/// gains and discounts rank `r` ≥ 2 (1-based) by log2(r), so the first two count fully;
/// nDCG is 0 when no grade is positive in the cut.
pub fn graded_metrics(grades: &[f32], relevant_grade: f32) -> (f64, f64, f64) {
    let mut hits = 0usize;
    let mut precisions = 0f64;
    for (r, &g) in grades.iter().enumerate() {
        if g >= relevant_grade {
            hits += 1;
            precisions += hits as f64 / (r + 1) as f64;
        }
    }
    let ap = if hits == 0 {
        0.0
    } else {
        precisions / hits as f64
    };
    let dcg = |gs: &[f32], k: usize| -> f64 {
        gs.iter()
            .take(k)
            .enumerate()
            .map(|(r, &g)| {
                if r == 0 {
                    g as f64
                } else {
                    g as f64 / ((r + 1) as f64).log2()
                }
            })
            .sum()
    };
    let mut ideal = grades.to_vec();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let ndcg = |k: usize| {
        let best = dcg(&ideal, k);
        if best > 0.0 {
            dcg(grades, k) / best
        } else {
            0.0
        }
    };
    (ap, ndcg(grades.len() / 5), ndcg(20))
}

/// The grades of `pool` in the order `ranked` puts them; candidates it leaves out (the
/// query paper itself, or beyond its depth) follow in the pool's order.
fn pool_order(ranked: &[usize], pool: &[(usize, f32)]) -> Vec<f32> {
    let grade: HashMap<usize, f32> = pool.iter().copied().collect();
    let mut out: Vec<f32> = ranked
        .iter()
        .filter_map(|j| grade.get(j).copied())
        .collect();
    let placed: HashSet<usize> = ranked.iter().copied().collect();
    out.extend(
        pool.iter()
            .filter(|(j, _)| !placed.contains(j))
            .map(|&(_, g)| g),
    );
    out
}

/// Score a ranking function (`rank(query, vector)` → best first) over `judged`;
/// `vectors[q]` is the embedding of text query `q` (unused for paper queries). A graded
/// query (with a pool) is scored on its pool re-ranked; give it a ranking of the whole
/// list ([`Rankers::whole`]).
pub fn score(
    method: &str,
    judged: &[Judged],
    vectors: &[Vec<f32>],
    rank: &(dyn Fn(&Ask, &[f32]) -> Vec<usize> + Sync),
) -> Scores {
    use rayon::prelude::*;
    type Per = ((f64, f64, f64), Option<(f64, f64, f64)>);
    let per: Vec<Per> = judged
        .par_iter()
        .enumerate()
        .map(|(q, j)| {
            let v = vectors.get(q).map(Vec::as_slice).unwrap_or(&[]);
            let ranked = rank(&j.ask, v);
            if j.pool.is_empty() {
                return (metrics(&ranked, &j.relevant), None);
            }
            let in_pool: HashSet<usize> = j.pool.iter().map(|&(b, _)| b).collect();
            let ranked: Vec<usize> = ranked.into_iter().filter(|b| in_pool.contains(b)).collect();
            let grades = pool_order(&ranked, &j.pool);
            (
                metrics(&ranked, &j.relevant),
                Some(graded_metrics(&grades, j.relevant_grade)),
            )
        })
        .collect();
    let n = per.len().max(1) as f64;
    let mean = |f: &dyn Fn(&Per) -> f64| per.iter().map(f).sum::<f64>() / n;
    let graded = per.iter().all(|p| p.1.is_some()) && !per.is_empty();
    let graded_mean = |f: fn(&(f64, f64, f64)) -> f64| {
        graded.then(|| mean(&|p: &Per| p.1.as_ref().map(f).unwrap_or(0.0)))
    };
    Scores {
        method: method.to_string(),
        recall_at_10: mean(&|p| p.0 .0),
        recall_at_100: mean(&|p| p.0 .1),
        ndcg_at_10: mean(&|p| p.0 .2),
        queries: per.len(),
        map: graded_mean(|m| m.0),
        ndcg_pct_20: graded_mean(|m| m.1),
        ndcg_at_20: graded_mean(|m| m.2),
    }
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
    /// Papers each ranking holds.
    depth: usize,
}

impl<'e, 'a> Rankers<'e, 'a> {
    /// Rankers over `engine`'s index: its shipped and weighted rankings, dense, tf-idf,
    /// and BM25 (k1 0.9, b 0.4, as the ACM-CR baselines) over each paper's passage.
    pub fn new(engine: &'e Engine<'a>) -> Rankers<'e, 'a> {
        Rankers {
            engine,
            bm25: std::sync::OnceLock::new(),
            depth: DEPTH,
        }
    }

    /// The same rankers, each ranking the whole list (to re-rank graded pools).
    pub fn whole(engine: &'e Engine<'a>) -> Rankers<'e, 'a> {
        Rankers {
            depth: engine.index.papers.len().max(DEPTH),
            ..Rankers::new(engine)
        }
    }

    /// The `depth` best of `scores`, ties by index, skipping `skip`.
    fn top(&self, scores: &[f32], skip: &[usize]) -> Vec<usize> {
        best(scores, self.depth, skip)
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
        self.top(&self.dense_scores(ask, v), &Self::skip(ask))
    }

    /// Exact tf-idf cosine ranking (readnext's lexical channel alone).
    pub fn tfidf(&self, ask: &Ask) -> Vec<usize> {
        let lex = &self.engine.lexical;
        let q = match ask {
            Ask::Paper(i) => lex.doc(*i).clone(),
            Ask::Text { text, .. } => lex.query(&[(text.as_str(), 1.0)]),
        };
        self.top(&lex.scores(&q), &Self::skip(ask))
    }

    /// BM25 ranking.
    pub fn bm25(&self, ask: &Ask) -> Vec<usize> {
        self.top(&self.bm25_scores(ask), &Self::skip(ask))
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
        self.top(&fused, &skip)
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
        self.top(&fused, &skip)
    }

    /// readnext's own ranking with `w`: `related` for a paper, the weighted-sum search of
    /// before for a text.
    pub fn readnext(&self, ask: &Ask, v: &[f32], w: Weights) -> Vec<usize> {
        let hits = match ask {
            Ask::Paper(i) => self.engine.related(*i, self.depth, w).unwrap_or_default(),
            Ask::Text { text, .. } => self.engine.search(text, v, self.depth + 1, w),
        };
        self.without_skipped(ask, hits)
    }

    /// `readnext search` without the Korean glossary (its BM25 side ranks the query's
    /// own words; the caller gives the query's own vector).
    pub fn shipped_without_glossary(&self, ask: &Ask, v: &[f32]) -> Vec<usize> {
        match ask {
            Ask::Text { text, .. } => {
                let hits = self.engine.search_fused_words(text, v, self.depth + 1);
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
                    .search_fused_named(&words, v, self.depth + 1, names_weight);
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
                .related(*i, self.depth, Weights::RELATED)
                .unwrap_or_default(),
            Ask::Text { text, .. } => self.engine.search_fused(text, v, self.depth + 1),
        };
        self.without_skipped(ask, hits)
    }

    fn without_skipped(&self, ask: &Ask, hits: Vec<super::Hit>) -> Vec<usize> {
        let skip = Self::skip(ask);
        hits.into_iter()
            .map(|h| h.index)
            .filter(|j| !skip.contains(j))
            .take(self.depth)
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

    #[test]
    fn graded_metrics_are_csfcubes() {
        // One pool of 26 in ranked order, 0–3 grades; the expected values are those of
        // CSFCube's `ranking_eval.py` (`rank_metrics`' average_precision on grades ≥ 2,
        // ndcg_at_k with method 0 at int(0.2 × 26) = 5 and at 20), computed in Python.
        let g: Vec<f32> = [
            0, 3, 1, 2, 0, 0, 3, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 0,
        ]
        .iter()
        .map(|&x| x as f32)
        .collect();
        let (ap, pct, at20) = graded_metrics(&g, 2.0);
        assert!((ap - 0.40389610389610386).abs() < 1e-12, "{ap}");
        assert!((pct - 0.5075985779120875).abs() < 1e-12, "{pct}");
        assert!((at20 - 0.653696389544128).abs() < 1e-12, "{at20}");
        // The ideal order scores 1; nothing relevant scores 0; a pool under 5 has no 20 %.
        let mut ideal = g.clone();
        ideal.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(graded_metrics(&ideal, 2.0), (1.0, 1.0, 1.0));
        assert_eq!(graded_metrics(&[0.0, 1.0], 2.0).0, 0.0);
        assert_eq!(graded_metrics(&[3.0, 0.0], 2.0), (1.0, 0.0, 1.0));
        // Candidates a ranking leaves out follow in the pool's order.
        assert_eq!(
            pool_order(&[7, 3, 9], &[(3, 1.0), (5, 2.0), (7, 3.0), (8, 0.0)]),
            vec![3.0, 1.0, 2.0, 0.0]
        );
    }

    #[test]
    fn a_graded_pair_file_judges_each_querys_pool() {
        let papers = rlhf_papers();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("graded.tsv");
        std::fs::write(
            &path,
            "query_id\trelated_id\trelevance\n2212.08073\t2204.05862\t3\n2212.08073\t2212.08073\t3\n",
        )
        .unwrap();
        assert!(is_graded(&path).unwrap() && is_id_pairs(&path).unwrap());
        // A paper is no candidate of its own pool.
        let j = read_id_pairs(&path, &papers).unwrap();
        assert_eq!((j.queries.len(), j.unmatched), (1, 1));
        std::fs::write(
            &path,
            "query_id\trelated_id\trelevance\n2212.08073\t2204.05862\t3\n2212.08073\tnope\t0\n",
        )
        .unwrap();
        let j = read_id_pairs(&path, &papers).unwrap();
        assert_eq!(j.relevant_grade, Some(2.0));
        assert_eq!(j.unmatched, 1);
        assert_eq!(j.queries[0].pool, vec![(1, 3.0)]);
        assert_eq!(j.queries[0].relevant, vec![1]);
        // A grade that is no number is an error naming its line.
        std::fs::write(
            &path,
            "query_id\trelated_id\trelevance\n\n2212.08073\t2204.05862\thigh\n",
        )
        .unwrap();
        let e = read_id_pairs(&path, &papers).unwrap_err().to_string();
        assert!(e.contains(":3") && e.contains("\"high\""), "{e}");
        // A facet column: a pool per query paper and facet, each candidate graded there.
        std::fs::write(
            &path,
            "query_id\trelated_id\tfacet\trelevance\n\
             2212.08073\t2204.05862\tmethod\t3\n\
             2212.08073\t2204.05862\tresult\t0\n",
        )
        .unwrap();
        let j = read_id_pairs(&path, &papers).unwrap();
        assert_eq!(j.queries.len(), 2);
        assert_eq!(j.queries[0].pool, vec![(1, 3.0)]);
        assert_eq!(j.queries[0].relevant, vec![1]);
        assert_eq!(j.queries[1].pool, vec![(1, 0.0)]);
        assert!(j.queries[1].relevant.is_empty());
        // CSFCube's own keys, `ID_facet`, say the same.
        std::fs::write(
            &path,
            "query_id\trelated_id\trelevance_adju\n\
             2212.08073_method\t2204.05862\t3\n\
             2212.08073_result\t2204.05862\t0\n",
        )
        .unwrap();
        let k = read_id_pairs(&path, &papers).unwrap();
        assert_eq!((k.queries.len(), k.unmatched), (2, 0));
        assert_eq!(k.queries[0].pool, j.queries[0].pool);
        assert_eq!(k.queries[1].pool, j.queries[1].pool);
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
