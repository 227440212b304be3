//! Lexical similarity: tf-idf vectors (sublinear tf, smoothed idf, cosine) over
//! weighted fields (title and alias count more than the abstract).

pub mod analyze;
pub mod bm25;
pub mod names;

use std::collections::HashMap;

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
#[derive(Debug, Clone, Default)]
pub struct Lexical {
    vocab: HashMap<String, u32>,
    /// Term of each id.
    terms: Vec<String>,
    idf: Vec<f32>,
    docs: Vec<Sparse>,
    postings: Vec<Vec<(u32, f32)>>,
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

/// The weighted term frequencies of each document: the one analysis of the texts that
/// both the tf-idf index ([`Lexical`]) and BM25 ([`bm25::Bm25`]) are built from.
/// Analysing is most of the work of either: documents in parallel, kept in order.
pub fn analyse(docs: &[Fields<'_>]) -> Vec<HashMap<String, f32>> {
    use rayon::prelude::*;
    docs.par_iter().map(|f| weighted_tf(f)).collect()
}

impl Lexical {
    /// Index documents given as weighted fields.
    pub fn with_config(docs: &[Fields<'_>], cfg: LexicalConfig) -> Lexical {
        Lexical::from_analysed(&analyse(docs), cfg)
    }

    /// Index documents already analysed by [`analyse`].
    pub fn from_analysed(tfs: &[HashMap<String, f32>], cfg: LexicalConfig) -> Lexical {
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        // Terms get ids in sorted order per document, documents in list order: deterministic.
        for tf in tfs {
            let mut terms: Vec<&String> = tf.keys().collect();
            terms.sort();
            for t in terms {
                let next = vocab.len() as u32;
                let id = *vocab.entry(t.clone()).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
            }
        }
        for tf in tfs {
            for t in tf.keys() {
                if let Some(&id) = vocab.get(t) {
                    df[id as usize] += 1;
                }
            }
        }
        let n = tfs.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (((1.0 + n) / (1.0 + d as f32)).ln() + 1.0).powf(cfg.idf_power))
            .collect();
        let mut terms = vec![String::new(); vocab.len()];
        for (t, &id) in &vocab {
            terms[id as usize] = t.clone();
        }
        let mut lex = Lexical {
            vocab,
            terms,
            idf,
            docs: Vec::new(),
            postings: Vec::new(),
        };
        lex.docs = tfs.iter().map(|tf| lex.vectorize(tf)).collect();
        lex.postings = vec![Vec::new(); lex.idf.len()];
        for (d, v) in lex.docs.iter().enumerate() {
            for &(t, w) in v {
                lex.postings[t as usize].push((d as u32, w));
            }
        }
        lex
    }

    fn vectorize(&self, tf: &HashMap<String, f32>) -> Sparse {
        let mut v: Sparse = tf
            .iter()
            .filter_map(|(t, &c)| {
                self.vocab
                    .get(t)
                    .map(|&id| (id, (1.0 + c.ln()) * self.idf[id as usize]))
            })
            .collect();
        v.sort_by_key(|&(id, _)| id);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        v
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
    pub fn doc(&self, i: usize) -> &Sparse {
        &self.docs[i]
    }

    /// Document `i` as a dense vector of `dim` signed hash buckets of its terms (by
    /// term text, so it does not change when other documents are added).
    pub fn hashed(&self, i: usize, dim: usize) -> Vec<f32> {
        let mut v = vec![0f32; dim];
        for &(t, w) in &self.docs[i] {
            let h = self.terms[t as usize]
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
    pub fn scores(&self, q: &Sparse) -> Vec<f32> {
        let mut out = vec![0f32; self.docs.len()];
        for &(t, w) in q {
            for &(d, dw) in &self.postings[t as usize] {
                out[d as usize] += w * dw;
            }
        }
        out
    }

    /// Terms two vectors share, strongest first (for explanations).
    pub fn shared_terms(&self, a: &Sparse, b: &Sparse, n: usize) -> Vec<String> {
        let names: HashMap<u32, &str> = self.vocab.iter().map(|(k, &v)| (v, k.as_str())).collect();
        let bm: HashMap<u32, f32> = b.iter().copied().collect();
        let mut shared: Vec<(f32, u32)> = a
            .iter()
            .filter_map(|&(t, w)| bm.get(&t).map(|&bw| (w * bw, t)))
            .collect();
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        shared
            .into_iter()
            .take(n)
            .filter_map(|(_, t)| names.get(&t).map(|s| s.to_string()))
            .collect()
    }
}
