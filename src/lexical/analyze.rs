//! Turning text into index terms: lowercase words, Porter-stemmed, English stop
//! words dropped, and compound names split (`SciBERT` → `scibert`, `sci`, `bert`;
//! `ERNIE-ViL` → `ernie`, `vil`) so families of models share terms.

use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::sync::OnceLock;

/// English stop words, and `need(s)`: the verb of the field's commonest title template
/// (`… Is All You Need`, 99 of the 88,907 arXiv titles), which names no subject but, rare
/// in a list, made the three such seed titles each other's related papers.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "et",
    "etc",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "more",
    "most",
    "my",
    "need",
    "needs",
    "no",
    "nor",
    "not",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "using",
    "use",
    "used",
    "based",
    "towards",
    "toward",
    "new",
    "show",
    "shows",
    "propose",
    "proposed",
    "present",
    "paper",
    "work",
    "approach",
    "method",
    "methods",
    "results",
    "introduce",
    "however",
    "well",
    "across",
    "without",
    "within",
    "many",
    "much",
    "one",
    "two",
    "three",
];

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Words stemmed per thread before the memo is emptied (a bound on its memory).
const STEM_MEMO_LIMIT: usize = 200_000;

/// The Porter stem of a lowercase word, remembered per thread: a list repeats its
/// words many times, and stemming is most of the time spent analysing abstracts.
fn stem(word: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static MEMO: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(s) = memo.get(word) {
            return s.clone();
        }
        let s = stemmer().stem(word).into_owned();
        if memo.len() >= STEM_MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(word.to_string(), s.clone());
        s
    })
}

/// Whether `word` (lowercase) is an English stop word.
pub fn is_stop_word(word: &str) -> bool {
    is_stop(word)
}

fn is_stop(word: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(word)
}

/// Split a raw token at lower→upper case changes and before the last capital of an
/// acronym run followed by lowercase (`SciBERT` → `Sci`, `BERT`; `DeBERTa` → `De`, `BER`, `Ta`).
fn camel_parts(token: &str) -> Vec<String> {
    let chars: Vec<char> = token.chars().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let (prev, cur) = (chars[i - 1], chars[i]);
        let next_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
        let boundary = (prev.is_lowercase() && cur.is_uppercase())
            || (prev.is_uppercase() && cur.is_uppercase() && next_lower && i - start >= 2)
            || (prev.is_alphabetic() != cur.is_alphabetic());
        if boundary {
            parts.push(chars[start..i].iter().collect::<String>());
            start = i;
        }
    }
    parts.push(chars[start..].iter().collect::<String>());
    parts
}

/// The byte range of the camel-case piece of `word` whose stem is `stem` (`GPT` of
/// `BioGPT`), when `word` has several pieces (`camel_parts`).
pub fn camel_piece(word: &str, stem: &str) -> Option<std::ops::Range<usize>> {
    let parts = camel_parts(word);
    if parts.len() < 2 {
        return None;
    }
    let mut at = 0;
    for p in parts {
        let end = at + p.len();
        if self::stem(&p.to_lowercase()) == stem {
            return Some(at..end);
        }
        at = end;
    }
    None
}

/// Whether `part` is a plain word (`fine`, `Tuning`), not an acronym or a camel-case name.
fn plain_word(part: &str) -> bool {
    let mut chars = part.chars();
    part.chars().count() >= 2
        && chars.next().is_some_and(char::is_alphabetic)
        && chars.all(char::is_lowercase)
}

/// Index terms of `text`, in order (with repeats).
pub fn terms(text: &str) -> Vec<String> {
    word_terms(text)
}

/// Terms of a free-text query: as [`terms`], and a hyphenated pair of plain words also
/// gives the stem of the two joined (`fine-tune` → `fine`, `tune`, `finetun`), so the
/// query meets papers that spell it closed (`Finetuning`). Only queries get it: papers'
/// own terms, and so `related` and the relatedness graph, stay as they were.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some((a, b)) = word.split_once('-') {
            if plain_word(a) && plain_word(b) {
                out.extend(word_terms(word));
                let joined = format!("{a}{b}").to_lowercase();
                out.push(stem(&joined));
                continue;
            }
        }
        out.extend(word_terms(word));
    }
    // A word spelled the other side of the Atlantic (`quantisation`, `optimization`) meets
    // papers that spell it either way: its other spelling's stem joins the query.
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if let Some(other) = super::spelling::other_spelling(&word.to_lowercase()) {
            let s = stem(&other);
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// Two-word phrases of `text`: each pair of neighbouring words with only spaces, a
/// hyphen or stop words between them (other punctuation ends a phrase), neither a stop
/// word nor a number, as their stems joined by a space (`Low-Rank Adaptation of Large
/// Language Models` → `low rank`, `rank adapt`, `adapt larg`, `larg languag`, `languag
/// model`). No single-word term holds a space, so a phrase never meets a word.
pub fn phrases(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut prev: Option<String> = None;
    let mut word = String::new();
    let mut end_word = |word: &mut String, prev: &mut Option<String>| {
        if word.is_empty() {
            return;
        }
        let lower = word.to_lowercase();
        word.clear();
        if is_stop(&lower) {
            return;
        }
        if !lower.chars().any(char::is_alphabetic) {
            *prev = None;
            return;
        }
        let s = stem(&lower);
        if let Some(p) = prev.replace(s.clone()) {
            out.push(format!("{p} {s}"));
        }
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        end_word(&mut word, &mut prev);
        if !(c.is_whitespace() || c == '-') {
            prev = None;
        }
    }
    end_word(&mut word, &mut prev);
    out
}

/// `words` (the terms of `text`), then the [`phrases`] of `text` when `with_phrases`.
pub fn and_phrases(words: Vec<String>, text: &str, with_phrases: bool) -> Vec<String> {
    let mut out = words;
    if with_phrases {
        out.extend(phrases(text));
    }
    out
}

/// Whether `term` is a two-word phrase of [`phrases`].
pub fn is_phrase(term: &str) -> bool {
    term.contains(' ')
}

/// Whether most letters of `text` are of a script other than Latin (Hangul, CJK,
/// Cyrillic, …): a query an English-only model cannot read.
pub fn mostly_non_latin(text: &str) -> bool {
    let (mut latin, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        // Basic Latin through Latin Extended-B (accented letters included).
        if (c as u32) < 0x250 {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other > latin
}

pub use crate::corpus::normalize::is_hangul;

/// A word cut where it changes between Hangul and other letters: Korean writes its
/// particles onto English names (`BERT를`, `API를`), and the name is the term.
fn script_runs(word: &str) -> impl Iterator<Item = &str> {
    let mut cuts = vec![0];
    let mut prev: Option<bool> = None;
    for (i, c) in word.char_indices() {
        let h = is_hangul(c);
        if prev.is_some_and(|p| p != h) {
            cuts.push(i);
        }
        prev = Some(h);
    }
    cuts.push(word.len());
    (0..cuts.len() - 1).map(move |k| &word[cuts[k]..cuts[k + 1]])
}

/// Whether `raw` names a Korean model or dataset as Korean research names them: `Ko`
/// before a name in capitals (`KoBERT`, `KoChatLLaMA`, `KoELECTRA`, `KoSimpleQA`,
/// `KoALa-Bench`'s `KoALa`), so that "Korean" and 한국어 find it. `KoRe`, `KoCo`, `KoPub`
/// (one capital after `Ko`) and `Kosmos` are not; of the arXiv 2025 titles' 12 words so
/// written, 9 name Korean work and one (`KoGNER`, a knowledge graph) does not.
fn korean_name(raw: &str, parts: &[String]) -> bool {
    parts.len() > 1
        && parts[0] == "Ko"
        && raw
            .get(2..)
            .is_some_and(|rest| rest.chars().filter(char::is_ascii_uppercase).count() >= 2)
}

fn word_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text
        .split(|c: char| !c.is_alphanumeric())
        .flat_map(script_runs)
    {
        if raw.is_empty() {
            continue;
        }
        let lower = raw.to_lowercase();
        let parts = camel_parts(raw);
        if !is_stop(&lower) {
            out.push(stem(&lower));
        }
        if korean_name(raw, &parts) {
            out.push("korean".to_string());
        }
        if parts.len() > 1 {
            for p in parts {
                let p = p.to_lowercase();
                if p.chars().count() >= 2 && !is_stop(&p) && p.chars().any(|c| c.is_alphabetic()) {
                    out.push(stem(&p));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_korean_models_name_is_korean() {
        for name in [
            "KoChatLLaMA",
            "KoChatLlaMA",
            "KoBERT",
            "KoELECTRA",
            "KoSimpleQA",
        ] {
            assert!(terms(name).contains(&"korean".to_string()), "{name}");
        }
        for word in ["KoRe", "KoCo", "Kosmos", "Korean", "Ko", "KOBE", "kobert"] {
            assert!(
                !terms(word).contains(&"korean".to_string()) || word == "Korean",
                "{word}"
            );
        }
    }

    #[test]
    fn korean_queries_are_mostly_non_latin_and_english_ones_are_not() {
        assert!(mostly_non_latin("큰 모델을 저렴하게 미세 조정하는 방법"));
        assert!(mostly_non_latin("LLaMA 기반 채팅 모델"));
        assert!(!mostly_non_latin("BERT를 LoRA로 fine-tuning"));
        assert!(!mostly_non_latin("cheap ways to fine-tune big models"));
        assert!(!mostly_non_latin("Mosetén café"));
        assert!(!mostly_non_latin("2023"));
    }

    #[test]
    fn a_title_template_leaves_only_its_subject() {
        // "Is All You Need" names no subject: three seed titles shared the rare
        // word "need" and nothing else.
        assert_eq!(terms("Attention Is All You Need"), vec!["attent"]);
        assert_eq!(terms("Textbooks Are All You Need"), vec!["textbook"]);
    }

    #[test]
    fn compound_names_share_terms() {
        let t = terms("SciBERT and BioBERT");
        assert!(t.contains(&"scibert".to_string()));
        assert!(t.contains(&"bert".to_string()));
        assert!(t.contains(&"bio".to_string()));
        assert_eq!(terms("ERNIE-ViL"), vec!["erni", "vil", "vi"]);
    }

    #[test]
    fn hyphenated_words_meet_their_closed_spelling() {
        let open = query_terms("cheap ways to fine-tune big models");
        let closed = terms("QLoRA: Efficient Finetuning of Quantized LLMs");
        assert!(open.contains(&"fine".to_string()) && open.contains(&"tune".to_string()));
        assert!(open
            .iter()
            .any(|t| closed.contains(t) && t.starts_with("finetun")));
        // Names keep their parts only, and papers' own terms are not joined.
        assert_eq!(query_terms("ERNIE-ViL"), vec!["erni", "vil", "vi"]);
        assert!(!terms("fine-tune").contains(&"finetun".to_string()));
    }

    #[test]
    fn korean_particles_come_off_english_names() {
        assert_eq!(terms("BERT를 더 작게"), vec!["bert", "를", "더", "작게"]);
        assert_eq!(query_terms("API를 호출하는"), vec!["api", "를", "호출하는"]);
        // Words of one script are untouched.
        assert_eq!(
            terms("SciBERT"),
            terms("SciBERT는")[..terms("SciBERT").len()].to_vec()
        );
        assert_eq!(terms("임베딩"), vec!["임베딩"]);
    }

    #[test]
    fn phrases_are_neighbouring_words_within_punctuation() {
        assert_eq!(
            phrases("LoRA: Low-Rank Adaptation of Large Language Models"),
            vec![
                "low rank",
                "rank adapt",
                "adapt larg",
                "larg languag",
                "languag model"
            ]
        );
        // Punctuation and numbers end a phrase; stop words are passed over.
        assert_eq!(
            phrases("retrieval, 2 models; the end"),
            Vec::<String>::new()
        );
        assert_eq!(phrases("retrieval of documents"), vec!["retriev document"]);
        assert!(phrases("low rank").iter().all(|p| is_phrase(p)));
        assert!(terms("low-rank adaptation").iter().all(|t| !is_phrase(t)));
    }

    #[test]
    fn stems_and_stop_words() {
        assert_eq!(terms("The Transformers"), vec!["transform"]);
    }
}
