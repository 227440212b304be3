//! The hybrid ranker: candidates from the HNSW graph and the lexical index,
//! rescored exactly, fused, sorted with ties broken by list order.

use super::cache_key::build_stamp;
use super::fused_search::{BM25_B, BM25_K1};
use super::hubness::{cached_hubness, hubness};
pub use super::weights::Weights;
use crate::corpus::normalize::strip_org_prefix;
use crate::corpus::Paper;
use crate::embed::dot;
use crate::error::{Error, Result};
use crate::index::cache;
use crate::index::Index;
use crate::lexical::bm25::Bm25;
use crate::lexical::names::{names, NameIndex};
use crate::lexical::{Lexical, LexicalConfig, Sparse, PHRASE_WEIGHT, TITLE_WEIGHT};
use serde::Serialize;

/// Paper `paper` as a query against the other papers ([`Engine::paper_query`]).
#[derive(Debug, Clone)]
pub struct PaperQuery {
    paper: usize,
    weights: Weights,
    /// Its tf-idf cosine with every paper (empty when `weights` has no lexical channel).
    lexical: Vec<f32>,
    bm25: Vec<f32>,
    names: Vec<String>,
}

/// One ranked paper.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// 1-based rank.
    pub rank: usize,
    /// Position of the paper in the index.
    #[serde(skip)]
    pub index: usize,
    pub id: String,
    pub title: String,
    pub url: String,
    /// Fused score (higher is closer).
    pub score: f32,
    /// Dense cosine.
    pub dense: f32,
    /// Lexical cosine.
    pub lexical: f32,
    /// Shared-name (family) score.
    pub names: f32,
    /// Source lines of the paper in the list.
    pub lines: Vec<usize>,
    /// BM25 score of the query's words (search only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bm25: Option<f32>,
    /// The channels that had this paper in their own top 100 (search only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<&'static str>,
}

impl Hit {
    /// Paper `index` at 1-based `rank` with its scores (no BM25, no channels).
    pub fn of(rank: usize, index: usize, p: &Paper, scores: [f32; 4]) -> Hit {
        let [score, dense, lexical, names] = scores;
        Hit {
            rank,
            index,
            id: p.id.clone(),
            title: p.title.clone(),
            url: p.url.clone(),
            score,
            dense,
            lexical,
            names,
            lines: p.lines.clone(),
            bm25: None,
            channels: Vec::new(),
        }
    }
}

/// Lexical tuning, chosen on the dev set with [`Weights::RELATED`].
pub const LEXICAL_CONFIG: LexicalConfig = LexicalConfig {
    idf_power: 2.0,
    phrase_weight: PHRASE_WEIGHT,
};

/// Width of the HNSW search for a paper's neighbours (its hubness, on a big list).
pub(super) const EF_SEARCH: usize = 128;
/// Candidates taken from each retriever at least.
const MIN_CANDIDATES: usize = 100;

/// A loaded index plus the lexical index over the same papers.
pub struct Engine<'a> {
    pub index: &'a Index,
    pub lexical: Lexical,
    pub names: NameIndex,
    /// The lexical tuning this engine was built with.
    pub config: LexicalConfig,
    /// [`crate::index::papers::extra_fields`] of the papers, computed once: part of every cache key.
    pub fields_key: u64,
    /// The index's model's cosines on the default model's scale (the weights' scale).
    pub dense_scale: super::DenseScale,
    /// Per paper: whether it has an abstract.
    has_abstract: Vec<bool>,
    /// BM25 over the papers' fields (`search`, and `related`'s BM25 channel).
    bm25: crate::lexical::bm25::Bm25,
    /// Per paper: mean dense and lexical similarity to its nearest neighbours
    /// (how much of a "hub" it is), for hubness correction.
    /// Computed per paper on first use: a query needs it for its candidates only.
    pub(super) hub: Vec<std::sync::OnceLock<(f32, f32)>>,
}

/// Name of the lexical indexes' cache in an index generation.
const LEXICAL_CACHE: &str = "lexical";

/// The tf-idf, BM25 and name indexes of `index`'s papers (one analysis of their fields
/// for the first two). With the shipped tuning, read from the generation's cache when it
/// holds them, else built and cached (best effort) for the next command.
fn lexical_indexes(
    index: &Index,
    cfg: LexicalConfig,
    fields: u64,
) -> crate::lexical::store::Indexes {
    let build = || {
        let docs: Vec<Vec<(&str, f32)>> = index.papers.iter().map(paper_fields).collect();
        let phrases: Vec<bool> = (0..docs.len())
            .map(|i| index.papers.has_abstract(i))
            .collect();
        let analysed = crate::lexical::analyse_with_phrases(&docs, &phrases);
        let name_lists = index
            .papers
            .iter()
            .map(|p| names(strip_org_prefix(&p.title), p.alias.as_deref()))
            .collect();
        (
            Lexical::from_analysed(&analysed, cfg),
            Bm25::from_analysed(&analysed, BM25_K1, BM25_B).with_phrase_weight(cfg.phrase_weight),
            NameIndex::new(name_lists).with_spelled(
                &index
                    .papers
                    .iter()
                    .map(|p| strip_org_prefix(&p.title))
                    .collect::<Vec<_>>(),
            ),
        )
    };
    let Some(generation) = index
        .generation
        .as_deref()
        .filter(|_| cfg == LEXICAL_CONFIG)
    else {
        return build();
    };
    let n = index.papers.len();
    let key = cache::key_of(&format!(
        "lexical {}|{cfg:?}|k1={BM25_K1}|b={BM25_B}|title={TITLE_WEIGHT}|keyword={KEYWORD_WEIGHT}|papers={n}|fields={:x}|{}",
        crate::lexical::store::FORMAT,
        fields,
        build_stamp()
    ));
    if let Some(found) = cache::map(generation, LEXICAL_CACHE, key)
        .and_then(|(file, at, len)| crate::lexical::store::decode_mapped(&file, at, len, n))
    {
        return found;
    }
    let (lexical, bm25, names) = build();
    if let Some(bytes) = crate::lexical::store::encode(&lexical, &bm25, &names) {
        // Best effort: a read-only index answers all the same, and builds them again next time.
        let _ = cache::write(generation, LEXICAL_CACHE, key, &bytes);
    }
    (lexical, bm25, names)
}

/// The parts of a query that every channel scores against.
struct QueryParts<'q> {
    vector: &'q [f32],
    names: &'q [String],
    /// The query is a paper with an abstract.
    has_abstract: bool,
    /// Scaled BM25 of every paper against the query paper (empty: no BM25 channel).
    bm25: &'q [f32],
}

/// Fields of a paper for the lexical index.
pub fn paper_fields(p: &Paper) -> Vec<(&str, f32)> {
    // A blog's name ("Google Research: …") says who wrote a post, not what it is about.
    let title = strip_org_prefix(&p.title);
    let mut f = vec![(title, TITLE_WEIGHT)];
    if let Some(a) = &p.alias {
        f.push((a.as_str(), TITLE_WEIGHT));
    }
    if let Some(a) = p.abstract_text.get() {
        f.push((a, 1.0));
    }
    // Author-assigned keywords say what the paper is about in the field's own terms.
    for k in &p.keywords {
        f.push((k.as_str(), KEYWORD_WEIGHT));
    }
    // Korean text also in the glossary's English for its terms, at its field's weight, so
    // a Korean post (`로라로 저렴하게 미세 조정하기`) meets the English titles of its subject
    // as a Korean query does; text without Hangul adds nothing.
    let korean: Vec<(&'static str, f32)> = f
        .iter()
        .filter(|(text, _)| crate::corpus::resolve::has_hangul(text))
        .flat_map(|&(text, w)| {
            crate::lexical::glossary::render(text)
                .english
                .into_iter()
                .map(move |e| (e, w))
        })
        .collect();
    f.extend(korean);
    f
}

/// Weight of each author keyword in the lexical fields (a title counts [`TITLE_WEIGHT`]).
pub const KEYWORD_WEIGHT: f32 = 1.5;

impl<'a> Engine<'a> {
    /// Build the lexical side over the index's papers.
    pub fn new(index: &'a Index) -> Engine<'a> {
        Engine::with_config(index, LEXICAL_CONFIG)
    }

    /// Build with explicit lexical tuning (evaluation).
    pub fn with_config(index: &'a Index, cfg: LexicalConfig) -> Engine<'a> {
        let fields_key = index.papers.extra_fields();
        let (lexical, bm25, names) = lexical_indexes(index, cfg, fields_key);
        Engine {
            index,
            lexical,
            names,
            config: cfg,
            fields_key,
            dense_scale: super::DenseScale::for_model(&index.manifest.model.id),
            has_abstract: (0..index.papers.len())
                .map(|i| index.papers.has_abstract(i))
                .collect(),
            bm25,
            hub: cached_hubness(index, cfg, fields_key)
                .map(|hubs| hubs.into_iter().map(std::sync::OnceLock::from).collect())
                .unwrap_or_else(|| {
                    (0..index.papers.len())
                        .map(|_| std::sync::OnceLock::new())
                        .collect()
                }),
        }
    }

    /// Papers related to paper `i`, best first; the paper itself is never included.
    pub fn related(&self, i: usize, k: usize, w: Weights) -> Result<Vec<Hit>> {
        self.related_given(i, k, w, Dense::Scan)
    }

    /// Dense candidates a ranking of `k` papers takes: the `k + 1` best at least (the
    /// query paper is one of them), and 100 at least (`MIN_CANDIDATES`).
    pub fn dense_candidates(&self, k: usize) -> usize {
        (k + 1).max(MIN_CANDIDATES).min(self.index.papers.len())
    }

    /// As [`Engine::related`], with paper `i`'s best dense candidates given (the
    /// [`Engine::dense_candidates`] best of its cosines, as [`super::nearest::nearest`]
    /// finds them for every paper at once): the same answer, without a scan per paper.
    pub fn related_among(&self, i: usize, k: usize, w: Weights, dense: &[u32]) -> Result<Vec<Hit>> {
        self.related_given(i, k, w, Dense::Best(dense))
    }

    /// As [`Engine::related`], with paper `i`'s cosine to every paper already computed
    /// (`dense`, as [`dense_rows`] gives it): several papers' rows cost one pass over
    /// the vectors instead of one each.
    pub(super) fn related_with_row(
        &self,
        i: usize,
        k: usize,
        w: Weights,
        dense: &[f32],
    ) -> Result<Vec<Hit>> {
        self.related_given(i, k, w, Dense::Given(dense))
    }

    fn related_given(&self, i: usize, k: usize, w: Weights, dense: Dense<'_>) -> Result<Vec<Hit>> {
        if i >= self.index.papers.len() {
            return Err(Error::Invalid(format!("paper {i} is not in the index")));
        }
        let qv = self.index.vectors.row(i).to_vec();
        let ql = self.lexical.doc(i);
        let qn = self.names.doc(i);
        Ok(self.rank(&qv, &ql, &qn, k, w, (Some(i), dense)))
    }

    /// The BM25 index of the papers (the same fields and analysis as the tf-idf index).
    pub fn bm25(&self) -> &crate::lexical::bm25::Bm25 {
        &self.bm25
    }

    /// Papers matching a free-text query whose embedding is `qv`, by the weighted sum of
    /// raw channel scores (`search` before [`Engine::search_fused`]; kept for evaluation).
    pub fn search(&self, text: &str, qv: &[f32], k: usize, w: Weights) -> Vec<Hit> {
        let ql = self.lexical.query(&[(text, 1.0)]);
        let qn = names(text, None);
        self.rank(qv, &ql, &qn, k, w, (None, Dense::Scan))
    }

    /// BM25 over the fields of every paper against paper `i`'s own fields, scaled by
    /// paper `i`'s score (so 1 for itself); empty when `w` has no BM25 channel.
    fn bm25_row(&self, i: usize, w: Weights) -> Vec<f32> {
        if w.bm25 <= 0.0 {
            return Vec::new();
        }
        let mut row = self.paper_bm25(i);
        let own = row.get(i).copied().unwrap_or(0.0).max(f32::EPSILON);
        for x in &mut row {
            *x /= own;
        }
        row
    }

    /// BM25 of every paper against paper `i`'s fields as the query: its words, and its
    /// phrases when it has an abstract (a title-only paper's query then scores as
    /// without phrases).
    pub fn paper_bm25(&self, i: usize) -> Vec<f32> {
        let text: Vec<&str> = paper_fields(&self.index.papers[i])
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        // Fields joined at a full stop, so that no phrase spans two of them.
        let text = text.join(". ");
        if self.has_abstract[i] {
            self.bm25().scores(&text)
        } else {
            self.bm25().word_scores(&text)
        }
    }

    /// Fused similarity of paper `i` to every paper (exact), with weights `w`.
    pub fn similarity_row(&self, i: usize, w: Weights) -> Vec<f32> {
        let all: Vec<usize> = (0..self.index.papers.len()).collect();
        self.similarity_to(&self.paper_query(i, w), &all)
    }

    /// What ranking other papers against paper `i` needs (its lexical and BM25 scores of
    /// every paper, its names), computed once: [`Engine::similarity_to`] then scores
    /// only the papers asked for.
    pub fn paper_query(&self, i: usize, w: Weights) -> PaperQuery {
        PaperQuery {
            paper: i,
            weights: w,
            // A ranking without the lexical channel (the plan's dense relevance) skips
            // scoring every paper's terms.
            lexical: if w.lexical > 0.0 || w.abstracts_lexical > 0.0 {
                self.lexical.scores(&self.lexical.doc(i))
            } else {
                Vec::new()
            },
            bm25: self.bm25_row(i, w),
            names: self.names.doc(i),
        }
    }

    /// The fused similarity of the query's paper to each of `papers`: the values
    /// [`Engine::similarity_row`] has at those places, bit for bit.
    pub fn similarity_to(&self, q: &PaperQuery, papers: &[usize]) -> Vec<f32> {
        let i = q.paper;
        let parts = QueryParts {
            vector: self.index.vectors.row(i),
            names: &q.names,
            has_abstract: self.has_abstract[i],
            bm25: &q.bm25,
        };
        self.fuse(&parts, &q.lexical, papers, q.weights)
            .into_iter()
            .map(|f| f.0)
            .collect()
    }

    /// Readable words behind the strongest terms papers `a` and `b` share.
    pub fn shared_words(&self, a: usize, b: usize, n: usize) -> Vec<String> {
        let stems = self
            .lexical
            .shared_terms(&self.lexical.doc(a), &self.lexical.doc(b), n);
        let p = &self.index.papers[b];
        let text = format!(
            "{} {} {}",
            p.title,
            p.alias.as_deref().unwrap_or(""),
            p.abstract_text.get().unwrap_or("")
        );
        crate::lexical::shared::as_written(&stems, &text, n)
    }

    /// Hubness of paper `j` (dense, lexical), computed on first use.
    pub(super) fn hub(&self, j: usize) -> (f32, f32) {
        match self.hub.get(j) {
            Some(cell) => *cell.get_or_init(|| hubness(self.index, &self.lexical, j)),
            None => (0.0, 0.0),
        }
    }

    /// Fused score of each candidate for one query, with its dense, lexical and name parts.
    fn fuse(
        &self,
        q: &QueryParts<'_>,
        lex_all: &[f32],
        cands: &[usize],
        w: Weights,
    ) -> Vec<(f32, f32, f32, f32)> {
        cands
            .iter()
            .map(|&j| {
                let d = dot(q.vector, self.index.vectors.row(j));
                let l = lex_all.get(j).copied().unwrap_or(0.0);
                let nm = if w.names > 0.0 {
                    self.names.score(q.names, j)
                } else {
                    0.0
                };
                let (hd, hl) = if w.hub > 0.0 { self.hub(j) } else { (0.0, 0.0) };
                let wl = if q.has_abstract && self.has_abstract[j] {
                    w.abstracts_lexical
                } else {
                    w.lexical
                };
                let b = q.bm25.get(j).copied().unwrap_or(0.0);
                // The weights were fitted to the default model's cosines: another model's
                // are put on that scale for the score (the hit still shows its cosine).
                let ds = self.dense_scale;
                let s = w.dense * (ds.apply(d) - w.hub * ds.apply(hd))
                    + wl * (l - w.hub * hl)
                    + w.names * nm
                    + w.bm25 * b;
                (s, d, l, nm)
            })
            .collect()
    }

    /// The `k` best papers for one query (its vector, lexical vector and names); the
    /// last argument is the paper to leave out (a paper query) and where the dense
    /// candidates come from.
    fn rank(
        &self,
        qv: &[f32],
        ql: &Sparse,
        qn: &[String],
        k: usize,
        w: Weights,
        (exclude, dense): (Option<usize>, Dense<'_>),
    ) -> Vec<Hit> {
        let n = self.index.papers.len();
        if k == 0 || n == 0 {
            return Vec::new();
        }
        let want = self.dense_candidates(k);
        let lex_all = self.lexical.scores(ql);
        // Dense candidates: the exact best of every vector (one pass over the rows), given
        // already (the best of every paper at once, for the relatedness graph), or picked
        // from the query's cosines to every paper.
        let mut candidates: Vec<usize> = match dense {
            Dense::Best(ids) => ids.iter().map(|&j| j as usize).collect(),
            Dense::Given(row) if row.len() == n => super::scores::best(row, want, &[]),
            _ => super::scores::best(&dense_row(qv, &self.index.vectors), want, &[]),
        };
        candidates.extend(super::scores::best_positive(&lex_all, want));
        if w.names > 0.0 && !qn.is_empty() {
            candidates.extend(self.names.best_matching(qn, want));
        }
        // BM25 of a paper query: its own best candidates join too.
        let bm25 = match exclude {
            Some(i) => self.bm25_row(i, w),
            None => Vec::new(),
        };
        if !bm25.is_empty() {
            candidates.extend(super::scores::best_positive(&bm25, want));
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates.retain(|&j| Some(j) != exclude);
        let query = QueryParts {
            vector: qv,
            names: qn,
            has_abstract: exclude.is_some_and(|i| self.has_abstract[i]),
            bm25: &bm25,
        };
        let fused = self.fuse(&query, &lex_all, &candidates, w);
        let mut scored: Vec<(usize, f32, f32, f32, f32)> = candidates
            .iter()
            .zip(fused)
            .map(|(&j, (s, d, l, nm))| (j, s, d, l, nm))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(k)
            .enumerate()
            .map(|(r, (j, s, d, l, nm))| Hit::of(r + 1, j, &self.index.papers[j], [s, d, l, nm]))
            .collect()
    }
}

/// Where a ranking's dense candidates come from.
#[derive(Clone, Copy)]
enum Dense<'a> {
    /// An exact scan of every vector.
    Scan,
    /// The best candidates, found already.
    Best(&'a [u32]),
    /// The query's cosine to every paper, computed already.
    Given(&'a [f32]),
}

/// Several queries' cosines to every row, in one pass over the vectors
/// ([`crate::index::Vectors::dots`]): row `q` of the answer is query `q`'s cosine to
/// every paper.
pub(super) fn dense_rows(queries: &[&[f32]], vectors: &crate::index::Vectors) -> Vec<Vec<f32>> {
    let q = queries.len();
    if q == 0 {
        return Vec::new();
    }
    // Row-major: the `q` values of paper `j` at `j * q..`.
    let flat = vectors.dots(queries);
    if q == 1 {
        return vec![flat];
    }
    (0..q)
        .map(|k| flat.iter().skip(k).step_by(q).copied().collect())
        .collect()
}

/// The query's cosine to every row.
pub(super) fn dense_row(qv: &[f32], vectors: &crate::index::Vectors) -> Vec<f32> {
    dense_rows(&[qv], vectors).pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::embed::HashEmbedder;

    #[test]
    fn rows_of_several_queries_are_the_rows_of_each() {
        // Below and above the size where the scan is split over the cores.
        for n in [50, 20_000] {
            let dim = 8;
            let data: Vec<f32> = (0..n * dim)
                .map(|x| ((x * 7919) % 1000) as f32 / 1000.0 - 0.5)
                .collect();
            let vectors = crate::index::Vectors {
                dimension: dim,
                data: data.into(),
            };
            // Three queries (one group of the kernel) and six (two groups).
            for picks in [vec![3, 0, n - 1], vec![3, 0, n - 1, 7, 9, 1]] {
                let queries: Vec<&[f32]> = picks.iter().map(|&i| vectors.row(i)).collect();
                let rows = dense_rows(&queries, &vectors);
                assert_eq!(rows.len(), picks.len());
                for (q, row) in queries.iter().zip(&rows) {
                    let one = dense_row(q, &vectors);
                    assert_eq!(row.len(), n);
                    assert!(row
                        .iter()
                        .zip(&one)
                        .all(|(a, b)| a.to_bits() == b.to_bits()));
                    // Each value is the plain dot product's, bit for bit.
                    assert!((0..n).all(|j| row[j].to_bits() == dot(q, vectors.row(j)).to_bits()));
                }
            }
            assert!(dense_rows(&[], &vectors).is_empty());
        }
    }

    #[test]
    fn a_query_computes_hubness_for_its_candidates_only() {
        // Hubness of every paper would cost a neighbour search per paper: minutes on a
        // 100k list. A query needs it for its candidates alone.
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("list.md");
        let topics = [
            "graph",
            "vision",
            "speech",
            "retrieval",
            "robotics",
            "proteins",
        ];
        let text: String = (0..1000)
            .map(|i| {
                let t = topics[i % topics.len()];
                format!(
                    "- [A {t} paper number {i} on {t} models](https://arxiv.org/abs/2401.{i:05})\n"
                )
            })
            .collect();
        std::fs::write(&list, text).unwrap();
        let corpus = Corpus::load(&list).unwrap();
        let stamp = crate::index::ModelStamp::for_tests();
        let embedder = HashEmbedder { dimension: 64 };
        let (ix, _) = crate::index::build(
            &corpus,
            None,
            &embedder,
            stamp,
            &dir.path().join("ix"),
            &mut |_, _| {},
        )
        .unwrap();
        let n = ix.papers.len();
        assert_eq!(n, 1000);
        let engine = Engine::new(&ix);
        let hits = engine.related(0, 5, Weights::RELATED).unwrap();
        assert_eq!(hits.len(), 5);
        let computed = engine.hub.iter().filter(|c| c.get().is_some()).count();
        assert!(
            computed > 0 && computed <= 3 * MIN_CANDIDATES,
            "hubness computed for {computed} of {n} papers"
        );
        // A few pairs scored alone are the full row's values, bit for bit.
        let some = [0, 7, 500, 999, 3];
        let row = engine.similarity_row(3, Weights::RELATED);
        let q = engine.paper_query(3, Weights::RELATED);
        let alone = engine.similarity_to(&q, &some);
        for (&j, x) in some.iter().zip(alone) {
            assert_eq!(x.to_bits(), row[j].to_bits(), "paper {j}");
        }
    }
}
