//! Free-text search: BM25 over the papers' weighted fields and the dense cosine, each
//! min-max normalised over the whole list for this query, then mixed
//! (`0.4 · BM25 + 0.6 · dense`). A query's words and a paper's words are counted on
//! one scale per query, so neither channel's raw range decides (the old sum of a
//! cosine and a tf-idf cosine let tf-idf's small values vanish on abstract-rich lists).
//! Then pseudo-relevance feedback through the relatedness the rest of readnext uses: the
//! papers `related` ranks close to the first [`FEEDBACK_HITS`] hits are lifted (a
//! paper the query's words miss but its best matches' neighbours share). Last, the names
//! a query says (`LoRA`, `bert`): their family by `related`'s names channel, and the
//! paper the query calls by its alias or head, as far as the query is names. An acronym
//! the query writes and no paper does (`MoE`) is read as the list's titles spell it out
//! (*mixture of experts*) for BM25. Chosen on the dev sets; every candidate is in
//! docs/ranking.md.

use super::hybrid::{Engine, Hit};
use super::scores::{best, min_max};
use super::Weights;

/// Share of BM25 in the fused score (the rest is dense).
pub const BM25_SHARE: f32 = 0.4;
/// BM25 parameters (as the ACM-CR baselines).
pub const BM25_K1: f32 = 0.9;
pub const BM25_B: f32 = 0.4;
/// Pseudo-relevance feedback: the first hits of the fused ranking whose `related`
/// scores (min-max normalised) are added to every paper's score…
pub const FEEDBACK_HITS: usize = 3;
/// …at this weight (chosen on four dev sets, docs/ranking.md)…
pub const FEEDBACK_WEIGHT: f32 = 0.3;
/// …over that many of each hit's `related` papers (the hit itself counts fully).
pub const FEEDBACK_DEPTH: usize = 100;
/// From this many papers on, the feedback hits' `related` rankings run over the cores
/// (below it each takes well under a millisecond).
const PARALLEL_FEEDBACK_ABOVE: usize = 16_384;
/// Weight of the names a query says, times the share of its words that are names: the
/// papers of that family by `related`'s names score (a name 1 × its rarity, a name
/// containing it 0.8 ×), the paper the whole query calls by its alias or head
/// `OWN_NAME` more. Chosen on the dev sets and on the seed list's own names as
/// queries (docs/ranking.md).
pub const NAMES_WEIGHT: f32 = 0.7;
/// What the paper the whole query calls by its alias or head (`GPT-2`, `BERT`) has on
/// top of its family score: `GPT-2` is *gpt* to the names channel, which *GPT
/// Understands, Too* and *Image GPT* are called exactly, so a bonus of 1 in place of
/// the family score left GPT-2's own paper fourth. On the names query set nDCG@10 .967 →
/// .997 (e5 index .985 → .997), every dev set unchanged (docs/ranking.md).
const OWN_NAME: f32 = 1.0;
/// How deep each channel's own ranking is looked at to say which channels found a hit.
const CHANNEL_DEPTH: usize = 100;
/// What a paper whose title (or alias) begins with the whole query, of two words or
/// more, has on top (`LLaMA adapter` is how *LLaMA-Adapter V2: …* begins, `transformer
/// xl` *Transformer-XL: …*): a member typing the start of a title means that paper. As
/// much as the paper a query calls by its whole name has (`NAMES_WEIGHT × OWN_NAME`).
const TITLE_START: f32 = NAMES_WEIGHT * OWN_NAME;
/// How many of BM25's first papers are looked at for a title that begins with the query
/// (such a title holds every query word, so BM25 ranks it high).
const TITLE_START_DEPTH: usize = 100;

impl Engine<'_> {
    /// The words of `text` that are names of papers of the list, written as names by at
    /// least one paper that has them ([`crate::lexical::names::writes_as_name`]): `lora`
    /// or `LoRA`, not the *language* that `Scaling Language Models:` makes a name.
    pub fn query_names(&self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            let w = w.to_lowercase();
            if (w.chars().count() < 3 && !crate::lexical::names::is_short_model_name(&w))
                || out.contains(&w)
            {
                continue;
            }
            let named = self.names.papers_named(&w).into_iter().any(|j| {
                self.index.papers.get(j).is_some_and(|p| {
                    crate::lexical::names::writes_as_name(
                        crate::corpus::normalize::strip_org_prefix(&p.title),
                        p.alias.as_deref(),
                        &w,
                    )
                })
            });
            if named {
                out.push(w);
            }
        }
        out
    }

    /// The papers among BM25's first ([`TITLE_START_DEPTH`]) whose title, its
    /// organisation prefix left out, or alias begins with the words of `query` (two or
    /// more; letters and digits, any case, hyphens and colons as spaces).
    fn titles_starting_with(&self, query: &str, bm25: &[f32]) -> Vec<usize> {
        use crate::lexical::names::plain_words;
        let q = plain_words(query);
        if q.len() < 2 {
            return Vec::new();
        }
        let starts = |s: &str| plain_words(s).starts_with(&q);
        best(bm25, TITLE_START_DEPTH, &[])
            .into_iter()
            .filter(|&j| bm25[j] > 0.0)
            .filter(|&j| {
                self.index.papers.get(j).is_some_and(|p| {
                    starts(crate::corpus::normalize::strip_org_prefix(&p.title))
                        || p.alias.as_deref().is_some_and(starts)
                })
            })
            .collect()
    }

    /// The `k` papers that best match `text` (embedded as `qv`), exactly over the whole
    /// list; each hit says which channels found it (`dense`, `bm25`, the feedback
    /// `related`, `names`).
    /// A Korean query's BM25 side reads the glossary's English as well
    /// ([`super::query_text::lexical`]).
    pub fn search_fused(&self, text: &str, qv: &[f32], k: usize) -> Vec<Hit> {
        self.search_fused_spelled(text, qv, k, &self.spelled_acronyms(text))
    }

    /// [`Engine::search_fused`] with the query's acronyms already read
    /// ([`Engine::spelled_acronyms`], which a caller that shows them has at hand).
    pub fn search_fused_spelled(
        &self,
        text: &str,
        qv: &[f32],
        k: usize,
        spelled: &[(String, String)],
    ) -> Vec<Hit> {
        let words = super::query_text::lexical(text);
        // A query in Korean that is a name (`버트`, `라마 어댑터`) is that name in English
        // to the names channel and to the titles' starts.
        let reading = crate::lexical::glossary::name_reading(text);
        if spelled.is_empty() {
            return self.search_fused_read(&words, reading.as_deref(), qv, k, NAMES_WEIGHT);
        }
        let mut words = words.into_owned();
        for (_, s) in spelled {
            words.push(' ');
            words.push_str(s);
        }
        self.search_fused_read(&words, reading.as_deref(), qv, k, NAMES_WEIGHT)
    }

    /// The acronyms `text` writes (`MoE`: [`crate::lexical::acronym::is_acronym`]) that
    /// no paper's terms hold, each with the words the list's titles spell it out with
    /// (`mixture of experts`); an acronym no title spells out is left alone.
    pub fn spelled_acronyms(&self, text: &str) -> Vec<(String, String)> {
        use crate::lexical::{acronym, analyze};
        let vocab = self.bm25().vocab();
        let mut out: Vec<(String, String)> = Vec::new();
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            let w = acronym::singular(w);
            if !acronym::is_acronym(w) || out.iter().any(|(a, _)| a == w) {
                continue;
            }
            // The whole word's term (its camel-case parts, `mo` of `MoE`, say nothing).
            if analyze::terms(w)
                .first()
                .is_some_and(|t| vocab.id(t).is_some())
            {
                continue;
            }
            let titles = self.index.papers.iter().map(|p| p.title.as_str());
            if let Some(s) = acronym::spelled_out(w, titles) {
                out.push((w.to_string(), s));
            }
        }
        out
    }

    /// [`Engine::search_fused`] with BM25 ranking `words` as they are.
    pub fn search_fused_words(&self, words: &str, qv: &[f32], k: usize) -> Vec<Hit> {
        self.search_fused_named(words, qv, k, NAMES_WEIGHT)
    }

    /// [`Engine::search_fused_words`] with the names channel at `names_weight` (the
    /// candidates `eval-search --candidates` scores).
    pub fn search_fused_named(
        &self,
        words: &str,
        qv: &[f32],
        k: usize,
        names_weight: f32,
    ) -> Vec<Hit> {
        self.search_fused_read(words, None, qv, k, names_weight)
    }

    /// [`Engine::search_fused_named`], the names channel and the titles' starts reading
    /// `named` (a Korean query's English as a name) instead of `words` when given.
    fn search_fused_read(
        &self,
        words: &str,
        named: Option<&str>,
        qv: &[f32],
        k: usize,
        names_weight: f32,
    ) -> Vec<Hit> {
        let named = named.unwrap_or(words);
        let n = self.index.papers.len();
        if k == 0 || n == 0 {
            return Vec::new();
        }
        let dense = super::hybrid::dense_row(qv, &self.index.vectors);
        let bm25 = self.bm25().scores(words);
        let (nd, nb) = (min_max(&dense, &[]), min_max(&bm25, &[]));
        let mut fused: Vec<f32> = nd
            .iter()
            .zip(&nb)
            .map(|(d, b)| BM25_SHARE * b + (1.0 - BM25_SHARE) * d)
            .collect();
        // Pseudo-relevance feedback: what `related` ranks close to the first hits.
        let mut feedback = vec![0f32; n];
        let top = best(&fused, FEEDBACK_HITS, &[]);
        // The hits' cosines to every paper in one pass over the vectors.
        let rows: Vec<&[f32]> = top.iter().map(|&h| self.index.vectors.row(h)).collect();
        let hit_dense = super::hybrid::dense_rows(&rows, &self.index.vectors);
        // `related`'s own top papers of each hit (candidates from the graph and the
        // lexical index, rescored exactly), ranked over the cores on a big list (each
        // ranking is independent; they are added in the hits' order below).
        let related = |(&h, row): (&usize, &Vec<f32>)| {
            self.related_with_row(h, FEEDBACK_DEPTH, Weights::RELATED, row)
        };
        let rankings: Vec<_> = if n >= PARALLEL_FEEDBACK_ABOVE {
            use rayon::prelude::*;
            top.par_iter().zip(&hit_dense).map(related).collect()
        } else {
            top.iter().zip(&hit_dense).map(related).collect()
        };
        for (&h, ranking) in top.iter().zip(rankings) {
            // Scaled to [0, 1]; the rest add nothing.
            let Ok(hits) = ranking else {
                continue;
            };
            let (lo, hi) = hits
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, u), x| {
                    (l.min(x.score), u.max(x.score))
                });
            let span = hi - lo;
            feedback[h] += 1.0 / top.len() as f32;
            for x in &hits {
                let r = if span > 0.0 {
                    (x.score - lo) / span
                } else {
                    1.0
                };
                feedback[x.index] += r / top.len() as f32;
            }
        }
        for (f, x) in fused.iter_mut().zip(&feedback) {
            *f += FEEDBACK_WEIGHT * x;
        }
        // Names the query says (`LoRA`, `bert`): the paper of that name and its family.
        let names = if names_weight > 0.0 {
            self.query_names(named)
        } else {
            Vec::new()
        };
        let mut by_names = vec![0f32; n];
        if !names.is_empty() {
            // As much as the query is names: `LoRA` all of it, a sentence citing one
            // paper of a family hardly.
            let content = named
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| {
                    w.chars().count() >= 2
                        && !crate::lexical::analyze::is_stop_word(&w.to_lowercase())
                })
                .count()
                .max(names.len());
            let w = names_weight * names.len() as f32 / content as f32;
            // The query as a whole may be what a paper is called (`BERT`, `Llama 2`).
            let whole = crate::lexical::names::name_key(named);
            for j in self.names.matching(&names) {
                let Some(p) = self.index.papers.get(j) else {
                    continue;
                };
                let title = crate::corpus::normalize::strip_org_prefix(&p.title);
                let own = crate::lexical::names::is_own_name(title, p.alias.as_deref(), &whole);
                if let Some(x) = by_names.get_mut(j) {
                    // The paper the query names comes first, its family by the name.
                    let family = self.names.score(&names, j);
                    *x = if own { OWN_NAME + family } else { family };
                }
            }
            for (f, x) in fused.iter_mut().zip(&by_names) {
                *f += w * x;
            }
        }
        // The papers whose title begins with the whole query.
        for j in self.titles_starting_with(named, &bm25) {
            fused[j] += TITLE_START;
            if let Some(x) = by_names.get_mut(j) {
                *x += TITLE_START;
            }
        }
        let by_feedback: std::collections::HashSet<usize> = best(&feedback, CHANNEL_DEPTH, &[])
            .into_iter()
            .filter(|&j| feedback[j] > 0.0)
            .collect();
        let by_dense: std::collections::HashSet<usize> =
            best(&dense, CHANNEL_DEPTH, &[]).into_iter().collect();
        let by_bm25: std::collections::HashSet<usize> = best(&bm25, CHANNEL_DEPTH, &[])
            .into_iter()
            .filter(|&j| bm25[j] > 0.0)
            .collect();
        let tfidf = self.lexical.scores(&self.lexical.query(&[(words, 1.0)]));
        best(&fused, k, &[])
            .into_iter()
            .enumerate()
            .map(|(r, j)| {
                let mut hit = Hit::of(
                    r + 1,
                    j,
                    &self.index.papers[j],
                    [fused[j], dense[j], tfidf[j], 0.0],
                );
                if by_dense.contains(&j) {
                    hit.channels.push("dense");
                }
                if by_bm25.contains(&j) {
                    hit.channels.push("bm25");
                }
                if by_feedback.contains(&j) {
                    hit.channels.push("related");
                }
                if by_names.get(j).is_some_and(|&x| x > 0.0) {
                    hit.channels.push("names");
                }
                hit.bm25 = Some(bm25[j]);
                hit
            })
            .collect()
    }
}
