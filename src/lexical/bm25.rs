//! Okapi BM25 over a paper's weighted fields: a channel of `search` and of `related`,
//! and the plain lexical baseline that evaluations report.

use super::analyze;
use std::collections::HashMap;

/// A BM25 index: term → postings of (document, term frequency).
#[derive(Debug, Clone)]
pub struct Bm25 {
    vocab: HashMap<String, u32>,
    postings: Vec<Vec<(u32, f32)>>,
    doc_len: Vec<f32>,
    avg_len: f32,
    k1: f32,
    b: f32,
}

impl Bm25 {
    /// Index `docs` with the usual parameters (`k1`, `b`); terms as the lexical index cuts them.
    pub fn new(docs: &[String], k1: f32, b: f32) -> Bm25 {
        let fields: Vec<Vec<(&str, f32)>> = docs.iter().map(|d| vec![(d.as_str(), 1.0)]).collect();
        Bm25::with_fields(&fields, k1, b)
    }

    /// Index documents given as weighted fields: a term in a field of weight 3 counts as
    /// three occurrences (BM25F-style, one length over all fields).
    pub fn with_fields(docs: &[Vec<(&str, f32)>], k1: f32, b: f32) -> Bm25 {
        Bm25::from_analysed(&super::analyse(docs), k1, b)
    }

    /// Index documents already analysed by [`super::analyse`] (a document's length is
    /// the sum of its weighted term counts).
    pub fn from_analysed(tfs: &[HashMap<String, f32>], k1: f32, b: f32) -> Bm25 {
        let analysed: Vec<(f32, Vec<(&String, f32)>)> = tfs
            .iter()
            .map(|tf| {
                let mut terms: Vec<(&String, f32)> = tf.iter().map(|(t, &f)| (t, f)).collect();
                terms.sort_by(|a, b| a.0.cmp(b.0));
                (terms.iter().map(|(_, f)| f).sum(), terms)
            })
            .collect();
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<(u32, f32)>> = Vec::new();
        let mut doc_len = Vec::with_capacity(tfs.len());
        for (d, (len, tf)) in analysed.into_iter().enumerate() {
            doc_len.push(len);
            for (t, f) in tf {
                let next = vocab.len() as u32;
                let id = *vocab.entry(t.clone()).or_insert(next);
                if id as usize == postings.len() {
                    postings.push(Vec::new());
                }
                postings[id as usize].push((d as u32, f));
            }
        }
        let avg_len = if doc_len.is_empty() {
            1.0
        } else {
            (doc_len.iter().sum::<f32>() / doc_len.len() as f32).max(1.0)
        };
        Bm25 {
            vocab,
            postings,
            doc_len,
            avg_len,
            k1,
            b,
        }
    }

    /// BM25 score of every document for the query text (each query term once per occurrence).
    pub fn scores(&self, query: &str) -> Vec<f32> {
        let n = self.doc_len.len() as f32;
        let mut out = vec![0f32; self.doc_len.len()];
        for t in analyze::query_terms(query) {
            let Some(&id) = self.vocab.get(&t) else {
                continue;
            };
            let posting = &self.postings[id as usize];
            let df = posting.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(d, tf) in posting {
                let len = self.doc_len[d as usize] / self.avg_len;
                let norm = tf + self.k1 * (1.0 - self.b + self.b * len);
                out[d as usize] += idf * tf * (self.k1 + 1.0) / norm;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_matching_terms_rank_first_and_unmatched_documents_score_zero() {
        let docs: Vec<String> = [
            "low-rank adaptation of language models",
            "language models are few-shot learners",
            "protein folding with deep networks",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let bm = Bm25::new(&docs, 0.9, 0.4);
        let s = bm.scores("low-rank language adaptation");
        assert!(s[0] > s[1] && s[1] > 0.0, "{s:?}");
        assert_eq!(s[2], 0.0);
    }
}
