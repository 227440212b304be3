//! What a free-text query becomes before it is ranked: its Korean read through the
//! glossary ([`crate::lexical::glossary`]) into the English words the list's titles use.
//! BM25 ranks with the query, less the words of how it is asked ([`HOW_WORDS`]), and
//! those words. An English-only model embeds the query's
//! own non-Hangul words (names such as `BERT`) and those words, since it reads Hangul
//! as noise; a multilingual model embeds the query as written with those words after
//! it. The model reads a query without Hangul as written, but for British spellings, which
//! it reads in American (the lexical channels stem them so). Candidates measured are in
//! docs/korean.md and docs/ranking.md.

use crate::lexical::glossary;
use std::borrow::Cow;

/// Words of how a question is asked (`making BERT smaller`, `ways to …`, `getting …`):
/// they name no subject, but a title may hold them (`… Hindsight Makes Language Models
/// Better …`), where BM25 weighs them as rare words. The lexical channels leave them out
/// of a free-text query; the model still reads them.
const HOW_WORDS: &[&str] = &[
    "make", "makes", "making", "made", "way", "ways", "get", "gets", "getting",
];

/// `text` without its [`HOW_WORDS`] (unchanged when it has none).
fn without_how_words(text: &str) -> Cow<'_, str> {
    let how = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        HOW_WORDS.iter().any(|h| h.eq_ignore_ascii_case(w))
    };
    if !text.split_whitespace().any(how) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split_whitespace()
            .filter(|w| !how(w))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The query BM25 ranks with: `text` without its [`HOW_WORDS`], then the English of its
/// Korean terms.
pub fn lexical(text: &str) -> Cow<'_, str> {
    let r = glossary::render(text);
    let words = without_how_words(text);
    if r.english.is_empty() {
        words
    } else {
        Cow::Owned(format!("{words} {}", r.text()))
    }
}

/// The text the model embeds for `text`; `multilingual`: the model reads Korean. British
/// spellings are read as American ([`crate::lexical::spelling`]), as the lexical channels
/// read them: the model's vocabulary cuts `quantisation` into rarer pieces.
pub fn dense(text: &str, multilingual: bool) -> Cow<'_, str> {
    let text = crate::lexical::spelling::american_text(text);
    let r = glossary::render(&text);
    if r.english.is_empty() {
        return text;
    }
    if multilingual {
        return Cow::Owned(format!("{text} {}", r.text()));
    }
    let kept = glossary::non_hangul(&text);
    Cow::Owned(format!("{kept} {}", r.text()).trim().to_string())
}

/// How the glossary read `text`, for the user to see: its English words, or `None`
/// when the query has no Korean term the glossary knows.
pub fn reading(text: &str) -> Option<String> {
    let r = glossary::render(text);
    (!r.english.is_empty()).then(|| r.text())
}

/// The paper a query asks for papers like — what `related` answers — when it is framed
/// so: `papers like QLoRA`, `similar to LoRA`, `큐로라랑 비슷한 논문`, `LoRA 같은 논문`;
/// `None` for any other query. The name is returned as written, for the caller to
/// look up exactly.
pub fn like_what(text: &str) -> Option<&str> {
    let t = text.trim();
    const BEFORE: [&str; 6] = [
        "papers like ",
        "more like ",
        "similar to ",
        "papers similar to ",
        "related to ",
        "like ",
    ];
    const AFTER: [&str; 12] = [
        "이랑 비슷한 논문",
        "랑 비슷한 논문",
        "와 비슷한 논문",
        "과 비슷한 논문",
        "하고 비슷한 논문",
        "와 유사한 논문",
        "과 유사한 논문",
        "이랑 비슷한",
        "랑 비슷한",
        "와 비슷한",
        "과 비슷한",
        " 같은 논문",
    ];
    let lower = t.to_lowercase();
    let name = BEFORE
        .iter()
        .find(|f| lower.starts_with(*f) && t.is_char_boundary(f.len()))
        .map(|f| &t[f.len()..])
        .or_else(|| AFTER.iter().find_map(|f| t.strip_suffix(f)))?;
    let name = name.trim().trim_end_matches(['?', '.', '!']).trim();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_for_papers_like_one_names_it() {
        for (q, name) in [
            ("papers like QLoRA", "QLoRA"),
            ("Papers like the LoRA paper?", "the LoRA paper"),
            ("similar to BERT", "BERT"),
            ("큐로라랑 비슷한 논문", "큐로라"),
            ("LoRA와 비슷한 논문", "LoRA"),
            ("QLoRA 같은 논문", "QLoRA"),
        ] {
            assert_eq!(like_what(q), Some(name), "{q}");
        }
        for q in [
            "cheap ways to fine-tune big models",
            "LoRA",
            "like",
            "비슷한 논문",
            "likelihood models",
        ] {
            assert_eq!(like_what(q), None, "{q}");
        }
    }

    #[test]
    fn english_queries_pass_unchanged() {
        let q = "cheap methods to fine-tune big models";
        assert!(matches!(lexical(q), Cow::Borrowed(_)));
        assert!(matches!(dense(q, false), Cow::Borrowed(_)));
        assert!(matches!(dense(q, true), Cow::Borrowed(_)));
        assert_eq!(reading(q), None);
    }

    #[test]
    fn words_of_how_a_question_is_asked_leave_the_lexical_query() {
        assert_eq!(lexical("making models smaller"), "models smaller");
        assert_eq!(
            lexical("cheap ways to fine-tune big models"),
            "cheap to fine-tune big models"
        );
        assert_eq!(lexical("Ways: getting, made."), "");
        // The model reads the question as asked.
        assert_eq!(
            dense("making models smaller", false),
            "making models smaller"
        );
        // A word that only begins like one stays.
        assert_eq!(
            lexical("makeup of wayside models"),
            "makeup of wayside models"
        );
    }

    #[test]
    fn a_british_spelling_is_embedded_in_american() {
        assert_eq!(dense("quantisation of LLMs", false), "quantization of LLMs");
        assert_eq!(lexical("quantisation of LLMs"), "quantisation of LLMs");
    }

    #[test]
    fn korean_queries_gain_the_glossary_english() {
        let q = "BERT를 지식 증류로 압축하기";
        assert_eq!(
            lexical(q),
            "BERT를 지식 증류로 압축하기 knowledge distillation compression compress"
        );
        // An English-only model sees the names and the English, not the Hangul.
        assert_eq!(
            dense(q, false),
            "BERT knowledge distillation compression compress"
        );
        // A multilingual model keeps the Korean as well.
        assert!(dense(q, true).starts_with(q));
        assert!(dense(q, true).ends_with("compression compress"));
    }
}
