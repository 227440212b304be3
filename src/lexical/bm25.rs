//! Okapi BM25 over a paper's weighted fields: a channel of `search` and of `related`,
//! and the plain lexical baseline that evaluations report.

use super::rows::Rows;
use super::vocab::Vocab;
use super::{analyze, Analysed};
use std::sync::Arc;

/// A BM25 index: term → postings of (document, term frequency).
#[derive(Debug, Clone, PartialEq)]
pub struct Bm25 {
    vocab: Arc<Vocab>,
    postings: Rows,
    doc_len: Vec<f32>,
    avg_len: f32,
    k1: f32,
    b: f32,
    /// A phrase's idf is scaled by this ([`super::PHRASE_WEIGHT`] unless set).
    phrase_weight: f32,
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
    /// the sum of its words' weighted counts).
    pub fn from_analysed(a: &Analysed, k1: f32, b: f32) -> Bm25 {
        let doc_len = a.lengths.clone();
        let avg_len = if doc_len.is_empty() {
            1.0
        } else {
            (doc_len.iter().sum::<f32>() / doc_len.len() as f32).max(1.0)
        };
        Bm25 {
            vocab: Arc::clone(&a.vocab),
            postings: a.counts.transpose(a.vocab.len()),
            doc_len,
            avg_len,
            k1,
            b,
            phrase_weight: super::PHRASE_WEIGHT,
        }
    }

    /// The same index with phrases weighted `w` (evaluation of other weights).
    pub fn with_phrase_weight(self, w: f32) -> Bm25 {
        Bm25 {
            phrase_weight: w,
            ..self
        }
    }

    /// From stored parts (see [`super::store`]), if they agree with each other.
    pub(crate) fn from_parts(
        vocab: Arc<Vocab>,
        postings: Rows,
        doc_len: Vec<f32>,
        params: [f32; 3],
    ) -> Option<Bm25> {
        let [avg_len, k1, b] = params;
        (postings.len() == vocab.len()).then_some(Bm25 {
            vocab,
            postings,
            doc_len,
            avg_len,
            k1,
            b,
            phrase_weight: super::PHRASE_WEIGHT,
        })
    }

    /// The stored parts: postings, lengths, and (average length, k1, b).
    pub(crate) fn parts(&self) -> (&Rows, &[f32], [f32; 3]) {
        (
            &self.postings,
            &self.doc_len,
            [self.avg_len, self.k1, self.b],
        )
    }

    /// The dictionary.
    pub fn vocab(&self) -> &Arc<Vocab> {
        &self.vocab
    }

    /// BM25 score of every document for the query text (each query term once per
    /// occurrence): its words, and its phrases, which meet the phrases of documents
    /// with abstracts (a phrase's idf scaled by [`super::PHRASE_WEIGHT`]).
    pub fn scores(&self, query: &str) -> Vec<f32> {
        self.score_terms(query, true)
    }

    /// As [`Bm25::scores`], the query's words only (a title-only paper as the query:
    /// the documents' phrases then change nothing).
    pub fn word_scores(&self, query: &str) -> Vec<f32> {
        self.score_terms(query, false)
    }

    fn score_terms(&self, query: &str, phrases: bool) -> Vec<f32> {
        let n = self.doc_len.len() as f32;
        let mut out = vec![0f32; self.doc_len.len()];
        for t in analyze::and_phrases(analyze::query_terms(query), query, phrases) {
            let Some(id) = self.vocab.id(&t) else {
                continue;
            };
            let (docs, tfs) = self.postings.row(id as usize);
            let df = docs.len() as f32;
            let mut idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            if analyze::is_phrase(&t) {
                idf *= self.phrase_weight;
            }
            for (&d, &tf) in docs.iter().zip(tfs) {
                // Ids read back from a cache are checked here, where they are used.
                let (Some(&len), Some(o)) = (self.doc_len.get(d as usize), out.get_mut(d as usize))
                else {
                    continue;
                };
                let len = len / self.avg_len;
                let norm = tf + self.k1 * (1.0 - self.b + self.b * len);
                *o += idf * tf * (self.k1 + 1.0) / norm;
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

    #[test]
    fn phrases_of_documents_with_abstracts_lift_the_query_phrase_only_there() {
        let docs: Vec<Vec<(&str, f32)>> = [
            "low rank adaptation of models",
            "low rank adaptation for large models",
            "low rank adaptation for large models",
        ]
        .iter()
        .map(|t| vec![(*t, 1.0)])
        .collect();
        // Documents 1 and 2 are the same text; only 0 and 1 are given their phrases.
        let a = super::super::analyse_with_phrases(&docs, &[true, true, false]);
        let bm = Bm25::from_analysed(&a, 0.9, 0.4);
        let s = bm.scores("low rank adaptation");
        assert!(s[1] > s[2], "{s:?}");
        // Phrases do not count in a document's length: word scores are equal.
        let w = bm.word_scores("low rank adaptation");
        assert_eq!(w[1], w[2]);
        assert_eq!(w[2], s[2]);
    }
}
