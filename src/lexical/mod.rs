//! Lexical similarity: tf-idf vectors (sublinear tf, smoothed idf, cosine) over
//! weighted fields (title and alias count more than the abstract).

pub mod analyze;
pub mod bm25;
pub mod glossary;
pub mod names;
pub mod rows;
pub mod store;
pub mod vocab;

use rows::Rows;
use std::collections::HashMap;
use std::sync::Arc;
use vocab::Vocab;

/// Weight of a term occurrence in the title or alias, relative to the abstract.
pub const TITLE_WEIGHT: f32 = 3.0;

/// A sparse unit vector: (term id, weight), sorted by term id.
pub type Sparse = Vec<(u32, f32)>;

/// Tuning of the lexical index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LexicalConfig {
    /// idf is raised to this power (above 1 favours rare terms more).
    pub idf_power: f32,
}

impl Default for LexicalConfig {
    fn default() -> Self {
        LexicalConfig { idf_power: 1.0 }
    }
}

/// tf-idf index over a fixed set of documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexical {
    vocab: Arc<Vocab>,
    idf: Vec<f32>,
    /// Per document: its unit tf-idf vector, by term id.
    docs: Rows,
    /// Per term: (document, weight), documents ascending.
    postings: Rows,
}

/// A document's fields: text and weight.
pub type Fields<'a> = Vec<(&'a str, f32)>;

fn weighted_tf(fields: &[(&str, f32)]) -> HashMap<String, f32> {
    let mut tf: HashMap<String, f32> = HashMap::new();
    for (text, w) in fields {
        for t in analyze::terms(text) {
            *tf.entry(t).or_insert(0.0) += w;
        }
    }
    tf
}

/// The one analysis of the texts that both the tf-idf index ([`Lexical`]) and BM25
/// ([`bm25::Bm25`]) are built from: the dictionary, each document's weighted term
/// counts and its length.
#[derive(Debug, Clone)]
pub struct Analysed {
    pub vocab: Arc<Vocab>,
    /// Per document: (term id, weighted count), by term id.
    pub counts: Rows,
    /// Per document: the sum of its weighted counts (BM25's length).
    pub lengths: Vec<f32>,
}

/// Analyse documents given as weighted fields. Analysing is most of the work of
/// building either index: documents in parallel; ids are given in order (terms sorted
/// within a document, documents in list order), so the result is deterministic.
pub fn analyse(docs: &[Fields<'_>]) -> Analysed {
    use rayon::prelude::*;
    let tfs: Vec<Vec<(String, f32)>> = docs
        .par_iter()
        .map(|f| {
            let mut terms: Vec<(String, f32)> = weighted_tf(f).into_iter().collect();
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            terms
        })
        .collect();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut terms: Vec<&str> = Vec::new();
    let mut lengths = Vec::with_capacity(tfs.len());
    let mut rows = Vec::with_capacity(tfs.len());
    for doc in &tfs {
        lengths.push(doc.iter().map(|(_, f)| f).sum());
        let mut row: Vec<(u32, f32)> = doc
            .iter()
            .map(|(t, f)| {
                let next = terms.len() as u32;
                let id = *ids.entry(t.as_str()).or_insert_with(|| {
                    terms.push(t.as_str());
                    next
                });
                (id, *f)
            })
            .collect();
        row.sort_by_key(|&(id, _)| id);
        rows.push(row);
    }
    Analysed {
        vocab: Arc::new(Vocab::from_terms(&terms)),
        counts: Rows::from_rows(rows),
        lengths,
    }
}

impl Lexical {
    /// Index documents given as weighted fields.
    pub fn with_config(docs: &[Fields<'_>], cfg: LexicalConfig) -> Lexical {
        Lexical::from_analysed(&analyse(docs), cfg)
    }

    /// Index documents already analysed by [`analyse`].
    pub fn from_analysed(a: &Analysed, cfg: LexicalConfig) -> Lexical {
        let terms = a.vocab.len();
        let mut df = vec![0u32; terms];
        for d in 0..a.counts.len() {
            for &id in a.counts.row(d).0 {
                df[id as usize] += 1;
            }
        }
        let n = a.counts.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (((1.0 + n) / (1.0 + d as f32)).ln() + 1.0).powf(cfg.idf_power))
            .collect();
        let docs = Rows::from_rows((0..a.counts.len()).map(|d| {
            let v: Vec<(u32, f32)> = a
                .counts
                .pairs(d)
                .map(|(id, c)| (id, (1.0 + c.ln()) * idf[id as usize]))
                .collect();
            unit(v)
        }));
        let postings = docs.transpose(terms);
        Lexical {
            vocab: Arc::clone(&a.vocab),
            idf,
            docs,
            postings,
        }
    }

    /// From stored parts (see [`store`]), if they agree with each other.
    pub(crate) fn from_parts(
        vocab: Arc<Vocab>,
        idf: Vec<f32>,
        docs: Rows,
        postings: Rows,
    ) -> Option<Lexical> {
        if idf.len() != vocab.len()
            || postings.len() != vocab.len()
            || postings.entries() != docs.entries()
        {
            return None;
        }
        Some(Lexical {
            vocab,
            idf,
            docs,
            postings,
        })
    }

    /// The dictionary.
    pub fn vocab(&self) -> &Arc<Vocab> {
        &self.vocab
    }

    /// The idf of each term, by id.
    pub(crate) fn idf(&self) -> &[f32] {
        &self.idf
    }

    /// Every document's vector, and every term's postings.
    pub(crate) fn rows(&self) -> (&Rows, &Rows) {
        (&self.docs, &self.postings)
    }

    fn vectorize(&self, tf: &HashMap<String, f32>) -> Sparse {
        let mut v: Sparse = tf
            .iter()
            .filter_map(|(t, &c)| {
                self.vocab
                    .id(t)
                    .map(|id| (id, (1.0 + c.ln()) * self.idf[id as usize]))
            })
            .collect();
        v.sort_by_key(|&(id, _)| id);
        unit(v)
    }

    /// The vector of a free-text query given as weighted fields (unknown terms are
    /// dropped; terms as [`analyze::query_terms`] cuts them).
    pub fn query(&self, fields: &[(&str, f32)]) -> Sparse {
        let mut tf: HashMap<String, f32> = HashMap::new();
        for (text, w) in fields {
            for t in analyze::query_terms(text) {
                *tf.entry(t).or_insert(0.0) += w;
            }
        }
        self.vectorize(&tf)
    }

    /// The stored vector of document `i`.
    pub fn doc(&self, i: usize) -> Sparse {
        self.docs.pairs(i).collect()
    }

    /// Document `i` as a dense vector of `dim` signed hash buckets of its terms (by
    /// term text, so it does not change when other documents are added).
    pub fn hashed(&self, i: usize, dim: usize) -> Vec<f32> {
        let mut v = vec![0f32; dim];
        for (t, w) in self.docs.pairs(i) {
            let h = self
                .vocab
                .term(t)
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                    (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
                });
            let sign = if h >> 63 == 0 { 1.0 } else { -1.0 };
            v[(h % dim as u64) as usize] += sign * w;
        }
        v
    }

    /// Cosine of `q` with every document (dense output, one score per document).
    pub fn scores(&self, q: &[(u32, f32)]) -> Vec<f32> {
        let mut out = vec![0f32; self.docs.len()];
        for &(t, w) in q {
            for (d, dw) in self.postings.pairs(t as usize) {
                // Ids read back from a cache are checked here, where they are used.
                if let Some(o) = out.get_mut(d as usize) {
                    *o += w * dw;
                }
            }
        }
        out
    }

    /// Terms two vectors share, strongest first (for explanations).
    pub fn shared_terms(&self, a: &[(u32, f32)], b: &[(u32, f32)], n: usize) -> Vec<String> {
        let bm: HashMap<u32, f32> = b.iter().copied().collect();
        let mut shared: Vec<(f32, u32)> = a
            .iter()
            .filter_map(|&(t, w)| bm.get(&t).map(|&bw| (w * bw, t)))
            .collect();
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        shared
            .into_iter()
            .take(n)
            .map(|(_, t)| self.vocab.term(t).to_string())
            .collect()
    }
}

/// `v` scaled to unit length (unchanged when it is all zeros); the norm is summed in
/// the order of `v`.
fn unit(mut v: Sparse) -> Sparse {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    v
}
