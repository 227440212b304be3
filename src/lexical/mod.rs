//! Lexical similarity: tf-idf vectors (sublinear tf, smoothed idf, cosine) over
//! weighted fields (title and alias count more than the abstract), and two-word
//! phrases of the documents that have abstracts.

pub mod acronym;
pub mod analyze;
pub mod bm25;
mod filler;
pub mod glossary;
pub mod names;
pub mod rows;
pub mod shared;
pub mod spelling;
pub mod store;
pub mod vocab;

pub use filler::FILLER;
use rows::Rows;
use std::collections::HashMap;
use std::sync::Arc;
use vocab::Vocab;

/// Weight of a term occurrence in the title or alias, relative to the abstract.
pub const TITLE_WEIGHT: f32 = 3.0;

/// Weight of a two-word phrase ([`analyze::phrases`]) against a single word, in the
/// tf-idf and the BM25 index alike: its idf is scaled by it ([`LexicalConfig`] can set
/// another). A vector is normalised over its words alone, so a phrase two documents
/// share adds to their score, and a document without phrases scores as if there were
/// none. `related` gives phrases to papers with an abstract only (on titles they cost
/// the seed topics 0.04–0.08 AMI). Chosen on ACM-CR's and the seed list's dev sets
/// (docs/ranking.md).
pub const PHRASE_WEIGHT: f32 = 0.4;

/// A sparse unit vector: (term id, weight), sorted by term id.
pub type Sparse = Vec<(u32, f32)>;

/// Tuning of the lexical index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LexicalConfig {
    /// idf is raised to this power (above 1 favours rare terms more).
    pub idf_power: f32,
    /// A phrase's idf is then scaled by this ([`PHRASE_WEIGHT`] as shipped).
    pub phrase_weight: f32,
}

impl Default for LexicalConfig {
    fn default() -> Self {
        LexicalConfig {
            idf_power: 1.0,
            phrase_weight: PHRASE_WEIGHT,
        }
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

/// Weighted counts of the words of `fields`, and of their phrases when `phrases`.
fn weighted_tf(fields: &[(&str, f32)], phrases: bool) -> HashMap<String, f32> {
    let mut tf: HashMap<String, f32> = HashMap::new();
    for (text, w) in fields {
        for t in analyze::and_phrases(analyze::terms(text), text, phrases) {
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
    /// Per document: the sum of its words' weighted counts (BM25's length).
    pub lengths: Vec<f32>,
}

/// Analyse documents given as weighted fields, words only. Analysing is most of the
/// work of building either index: documents in parallel; term ids in text order, so the
/// result is deterministic.
pub fn analyse(docs: &[Fields<'_>]) -> Analysed {
    analyse_with_phrases(docs, &[])
}

/// As [`analyse`], document `d` counting its two-word phrases too when `phrases[d]`
/// (documents past the end of `phrases` get none).
pub fn analyse_with_phrases(docs: &[Fields<'_>], phrases: &[bool]) -> Analysed {
    use rayon::prelude::*;
    let tfs: Vec<Vec<(String, f32)>> = docs
        .par_iter()
        .enumerate()
        .map(|(d, f)| {
            let with_phrases = phrases.get(d).copied().unwrap_or(false);
            let mut terms: Vec<(String, f32)> = weighted_tf(f, with_phrases).into_iter().collect();
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            terms
        })
        .collect();
    // A phrase of one document only can join no two documents: it is left out (most
    // phrases of an abstract are its own, and would be most of the dictionary).
    let mut phrase_df: HashMap<&str, u32> = HashMap::new();
    for doc in &tfs {
        for (t, _) in doc.iter().filter(|(t, _)| analyze::is_phrase(t)) {
            *phrase_df.entry(t.as_str()).or_insert(0) += 1;
        }
    }
    let kept = |t: &str| !analyze::is_phrase(t) || phrase_df.get(t).is_some_and(|&df| df >= 2);
    // Ids in text order: the dictionary's sorted order is then its id order, which a
    // cache read back checks in one pass over the text.
    let distinct: std::collections::HashSet<&str> = tfs
        .iter()
        .flatten()
        .map(|(t, _)| t.as_str())
        .filter(|t| kept(t))
        .collect();
    let mut terms: Vec<&str> = distinct.into_iter().collect();
    terms.sort_unstable();
    let ids: HashMap<&str, u32> = terms
        .iter()
        .enumerate()
        .map(|(i, &t)| (t, i as u32))
        .collect();
    let mut lengths = Vec::with_capacity(tfs.len());
    let mut rows = Vec::with_capacity(tfs.len());
    for doc in &tfs {
        lengths.push(
            doc.iter()
                .filter(|(t, _)| !analyze::is_phrase(t))
                .map(|(_, f)| f)
                .sum(),
        );
        // A document's terms are sorted by text, so by id.
        let row: Vec<(u32, f32)> = doc
            .iter()
            .filter_map(|(t, f)| ids.get(t.as_str()).map(|&id| (id, *f)))
            .collect();
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
        let phrase: Vec<bool> = (0..terms)
            .map(|t| analyze::is_phrase(a.vocab.term(t as u32)))
            .collect();
        let idf: Vec<f32> = df
            .iter()
            .zip(&phrase)
            .map(|(&d, &p)| {
                let idf = (((1.0 + n) / (1.0 + d as f32)).ln() + 1.0).powf(cfg.idf_power);
                if p {
                    idf * cfg.phrase_weight
                } else {
                    idf
                }
            })
            .collect();
        let docs = Rows::from_rows((0..a.counts.len()).map(|d| {
            let v: Vec<(u32, f32)> = a
                .counts
                .pairs(d)
                .map(|(id, c)| (id, (1.0 + c.ln()) * idf[id as usize]))
                .collect();
            unit_over_words(v, |id| phrase[id as usize])
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
        unit_over_words(v, |id| analyze::is_phrase(self.vocab.term(id)))
    }

    /// The vector of a free-text query given as weighted fields (unknown terms are
    /// dropped; words as [`analyze::query_terms`] cuts them, and their phrases, which
    /// meet the phrases of papers with abstracts).
    pub fn query(&self, fields: &[(&str, f32)]) -> Sparse {
        let mut tf: HashMap<String, f32> = HashMap::new();
        for (text, w) in fields {
            for t in analyze::and_phrases(analyze::query_terms(text), text, true) {
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

/// `v` scaled so that its words (the terms that are not `phrase`) have unit length
/// (unchanged when they are all zeros); the norm is summed in the order of `v`. Its
/// phrases are scaled alike and add to a cosine on top of the words'.
fn unit_over_words(mut v: Sparse, phrase: impl Fn(u32) -> bool) -> Sparse {
    let norm = v
        .iter()
        .filter(|&&(t, _)| !phrase(t))
        .map(|(_, w)| w * w)
        .sum::<f32>()
        .sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cosine(a: &Sparse, b: &Sparse) -> f32 {
        let bm: HashMap<u32, f32> = b.iter().copied().collect();
        a.iter().filter_map(|(t, w)| bm.get(t).map(|x| w * x)).sum()
    }

    const TEXTS: [&str; 4] = [
        "we study low rank adaptation",
        "adaptation of low rank",
        "rank, low adaptation",
        "low rank adaptation",
    ];

    fn index(phrases: &[bool]) -> Lexical {
        let docs: Vec<Fields<'_>> = TEXTS.iter().map(|t| vec![(*t, 1.0)]).collect();
        Lexical::from_analysed(
            &analyse_with_phrases(&docs, phrases),
            LexicalConfig::default(),
        )
    }

    #[test]
    fn a_shared_phrase_adds_to_the_score_of_two_documents_with_phrases() {
        let words = index(&[]);
        // Documents 1 and 2 have the same words: without phrases they tie.
        let w1 = cosine(&words.doc(0), &words.doc(1));
        let w2 = cosine(&words.doc(0), &words.doc(2));
        assert!((w1 - w2).abs() < 1e-6, "{w1} {w2}");
        // With phrases, "low rank", which 0 and 1 share, puts 1 ahead.
        let both = index(&[true, true, true, false]);
        let p1 = cosine(&both.doc(0), &both.doc(1));
        let p2 = cosine(&both.doc(0), &both.doc(2));
        assert!(p1 > p2 + 0.01, "{p1} {p2}");
        // Words alone still have unit length, so the phrase is a bonus on top.
        assert!((p2 - w2).abs() < 1e-6, "{p2} {w2}");
    }

    #[test]
    fn phrases_of_one_document_are_left_out_and_ids_follow_the_text() {
        let both = index(&[true, true, true, false]);
        let v = both.vocab();
        // "low rank" is in documents 0 and 1; "studi low" in document 0 only.
        assert!(v.id("low rank").is_some());
        assert_eq!(v.id("studi low"), None);
        // "rank adapt" is in documents 0 and 3, but 3's phrases were not asked for.
        assert_eq!(v.id("rank adapt"), None);
        let (_, _, sorted) = v.parts();
        assert!(sorted.iter().enumerate().all(|(i, &id)| id as usize == i));
    }

    #[test]
    fn a_document_without_phrases_scores_as_before() {
        let words = index(&[]);
        let both = index(&[true, true, true, false]);
        let named = |l: &Lexical| -> Vec<(String, f32)> {
            let mut v: Vec<(String, f32)> = l
                .doc(3)
                .into_iter()
                .map(|(t, w)| (l.vocab().term(t).to_string(), w))
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        assert_eq!(named(&words), named(&both));
        let before = words.scores(&words.doc(3));
        let after = both.scores(&both.doc(3));
        for (b, a) in before.iter().zip(&after) {
            assert!((b - a).abs() < 1e-6, "{before:?} {after:?}");
        }
    }
}
