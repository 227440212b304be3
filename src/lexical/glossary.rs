//! Korean terms of machine learning rendered in English, for a query in Korean over a
//! list whose titles are English. The group writes "Korean first, technical terms in
//! English"; what it writes in Hangul is mostly the common vocabulary of the field
//! (미세 조정, 지식 증류, 양자화), which a fixed glossary (`glossary_ko.tsv`) reads far
//! better than a small model's word vectors do. Matching is greedy longest-first over
//! the Hangul with spaces ignored, so compounds (`대규모언어모델`) and particles
//! (`양자화를`) need no morphology.

use super::analyze::is_hangul;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The glossary file, compiled in.
const GLOSSARY: &str = include_str!("glossary_ko.tsv");

struct Glossary {
    /// Korean term without spaces → its English words.
    terms: HashMap<Vec<char>, &'static str>,
    /// Length in characters of the longest term.
    longest: usize,
}

fn glossary() -> &'static Glossary {
    static G: OnceLock<Glossary> = OnceLock::new();
    G.get_or_init(|| {
        let mut terms = HashMap::new();
        for line in GLOSSARY.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((ko, en)) = line.split_once('\t') else {
                continue;
            };
            let key: Vec<char> = ko.chars().filter(|c| !c.is_whitespace()).collect();
            if !key.is_empty() {
                terms.insert(key, en.trim());
            }
        }
        let longest = terms.keys().map(Vec::len).max().unwrap_or(0);
        Glossary { terms, longest }
    })
}

/// What a query's Korean says in English.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendering {
    /// The English words of every glossary term found, in query order, each once.
    pub english: Vec<&'static str>,
    /// Hangul syllables of the query, and how many of them a term covered.
    pub hangul: usize,
    pub covered: usize,
}

impl Rendering {
    /// The English words as one text.
    pub fn text(&self) -> String {
        self.english.join(" ")
    }
}

/// The glossary's reading of `text`: at each Hangul character, the longest term that
/// starts there (spaces between characters ignored) is taken and skipped over.
pub fn render(text: &str) -> Rendering {
    let g = glossary();
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Rendering {
        hangul: chars.iter().filter(|&&c| is_hangul(c)).count(),
        ..Rendering::default()
    };
    let mut i = 0;
    while i < chars.len() {
        if !is_hangul(chars[i]) {
            i += 1;
            continue;
        }
        match term_at(g, &chars, i) {
            Some((end, en)) => {
                out.covered += chars[i..end].iter().filter(|&&c| is_hangul(c)).count();
                if !out.english.contains(&en) {
                    out.english.push(en);
                }
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// The longest term of the glossary that starts at `chars[i]`, spaces between its
/// characters ignored (`미세 조정` is `미세조정`): where it ends in `chars`, and its English.
fn term_at(g: &Glossary, chars: &[char], i: usize) -> Option<(usize, &'static str)> {
    let mut key = Vec::new();
    let mut found = None;
    for (j, &c) in chars.iter().enumerate().skip(i) {
        if key.len() == g.longest {
            break;
        }
        if c.is_whitespace() {
            continue;
        }
        key.push(c);
        if let Some(en) = g.terms.get(&key) {
            found = Some((j + 1, *en));
        }
    }
    found
}

/// The query's words that are not Hangul (English names and terms the group keeps in
/// English: `BERT를` → `BERT`).
pub fn non_hangul(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| if is_hangul(c) { ' ' } else { c })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paper reference with Korean in it, read as the English name of a paper: when every
/// Korean term of `reference` is in the glossary, its English (with the reference's own
/// Latin words) is looked up as a whole title, alias or short name
/// ([`crate::corpus::resolve::resolve_by_name`]): `로라` is *LoRA*. An English that holds
/// a name (a word written as one: `LLaMA`, `XL`) and is whole words of one title names
/// that paper too, as the English typed does (`라마 어댑터`, "LLaMA adapter": *LLaMA-Adapter
/// V2*); ordinary words alone (`대규모 언어 모델`) never do; and a name the field calls a
/// paper by names the paper it is pinned to (`지피티3`, "GPT3": *Language Models are
/// Few-Shot Learners*; [`crate::corpus::resolve::by_known_name`]). Returns that answer (a paper, or
/// the name's "ambiguous" error) and the English it was read as; `None` when the reference
/// has no Hangul, a Korean word the glossary does not know, or its English names no paper.
/// For a reference that matched nothing as typed.
pub fn name_in(
    list: crate::corpus::List<'_>,
    reference: &str,
) -> Option<(crate::Result<usize>, String)> {
    use crate::corpus::resolve::{by_known_name, in_one_title, resolve_by_name};
    let english = name_reading(reference)?;
    let found = resolve_by_name(list, &english)
        .or_else(|| {
            let named = english
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| super::names::is_acronym_like(w) || super::names::is_short_model_name(w));
            named
                .then(|| in_one_title(list, &english))
                .flatten()
                .map(Ok)
        })
        .or_else(|| by_known_name(list, &english).map(Ok))?;
    Some((found, english))
}

/// `text` as a name in English, when every Korean word of it is a glossary term (a
/// particle after one left out): each term in place of its Korean, the other words as
/// written (`버트를` → `BERT`, `라마 어댑터` → `LLaMA adapter`); `None` without Hangul, or
/// with a Korean word the glossary does not know.
pub fn name_reading(text: &str) -> Option<String> {
    // A particle after a term (`로라를`, `논문을`) is no word the glossary need know.
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| {
            let covered = |t: &str| {
                let r = render(t);
                r.covered == r.hangul
            };
            match crate::corpus::normalize::without_particle(w) {
                Some(stem) if !covered(w) && covered(stem) => stem,
                _ => w,
            }
        })
        .collect();
    in_place(&words.join(" "))
}

/// `reference` with each of its Korean terms replaced in place by the term's English, the
/// rest as written (`트랜스포머 XL` → `transformer XL`, `지피티3` → `GPT3`, `라마 어댑터` →
/// `LLaMA adapter`): a name's words keep their order. A term's English is its first
/// form, without the inflections the glossary adds for search (`adapter adapters`).
/// `None` without Hangul, or when a Korean word is not in the glossary.
fn in_place(reference: &str) -> Option<String> {
    let g = glossary();
    let chars: Vec<char> = reference.trim().chars().collect();
    let mut out = String::new();
    // Where the last term put in place ended in `out`: a term right after it is a word of
    // its own (`라마어댑터` → `LLaMA adapter`).
    let mut term_end = None;
    let mut i = 0;
    while i < chars.len() {
        if !is_hangul(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (end, en) = term_at(g, &chars, i)?;
        if term_end == Some(out.len()) {
            out.push(' ');
        }
        out.push_str(&first_form(en));
        term_end = Some(out.len());
        i = end;
    }
    term_end?;
    Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A term's English without the inflections added for search: `adapter adapters` →
/// `adapter`, `knowledge distillation` as it is.
fn first_form(en: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for w in en.split_whitespace() {
        if !kept.iter().any(|k| w.len() > k.len() && w.starts_with(k)) {
            kept.push(w);
        }
    }
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`name_in`] reads a reference as in a list of `titles`: the paper it names
    /// (`None` for an error) and its English.
    fn named_in(titles: &[&str]) -> impl Fn(&str) -> Option<(Option<usize>, String)> {
        let papers = crate::corpus::paper::numbered(titles);
        move |r: &str| {
            let list = crate::corpus::List {
                path: std::path::Path::new("list.md"),
                papers: &papers,
            };
            name_in(list, r).map(|(found, en)| (found.ok(), en))
        }
    }

    #[test]
    fn every_line_is_a_term_and_its_english() {
        let mut seen = std::collections::HashSet::new();
        for (n, line) in GLOSSARY.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (ko, en) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("glossary_ko.tsv:{}: no tab", n + 1));
            assert!(ko.chars().any(is_hangul), "line {}: {ko:?}", n + 1);
            assert!(!en.trim().is_empty(), "line {}", n + 1);
            assert!(!en.chars().any(is_hangul), "line {}: {en:?}", n + 1);
            let key: String = ko.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(seen.insert(key), "line {}: {ko:?} twice", n + 1);
        }
    }

    #[test]
    fn a_korean_name_alone_names_its_paper() {
        let name = named_in(&[
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "LLaMA: Open and Efficient Foundation Language Models",
            "LLaMA: INT8 edition",
        ]);
        assert_eq!(name("로라"), Some((Some(0), "LoRA".to_string())));
        assert_eq!(name(" 큐로라 "), Some((Some(1), "QLoRA".to_string())));
        // Two papers are named LLaMA: the name's ambiguity, not a guess.
        assert_eq!(name("라마"), Some((None, "LLaMA".to_string())));
        // A particle after a name or after `논문` is no part of it.
        assert_eq!(name("로라를"), Some((Some(0), "LoRA".to_string())));
        assert_eq!(
            name("큐로라 논문을"),
            Some((Some(1), "QLoRA paper".to_string()))
        );
        // "LoRA paper" is LoRA (the words that say it is a paper are no part of a name).
        assert_eq!(name("로라 논문"), Some((Some(0), "LoRA paper".to_string())));
        // A word the glossary does not know, English alone, or English that is no name.
        for r in ["로라 블라블라", "LoRA", "로라 모델"] {
            assert_eq!(name(r), None, "{r}");
        }
    }

    #[test]
    fn a_korean_name_may_be_words_of_one_title() {
        let name = named_in(&[
            "LLaMA-Adapter V2: Parameter-Efficient Visual Instruction Model",
            "LLaMA: Open and Efficient Foundation Language Models",
            "LLaMA: INT8 edition",
        ]);
        // A name and a word, whole words of one title, as `related "LLaMA adapter"` takes it.
        assert_eq!(
            name("라마 어댑터"),
            Some((Some(0), "LLaMA adapter".to_string()))
        );
        assert_eq!(
            name("라마 어댑터 논문"),
            Some((Some(0), "LLaMA adapter paper".to_string()))
        );
        // Ordinary words of one title are no name (`parameter-efficient` is only in the
        // first); a name in several titles is none of them.
        assert_eq!(name("파라미터 효율"), None);
        assert_eq!(name("라마 인스트럭션"), None);
    }

    #[test]
    fn a_korean_name_keeps_the_order_of_its_words() {
        let name = named_in(&[
            "Transformer-XL: Attentive Language Models Beyond a Fixed-Length Context",
            "Knowledge Distillation of Large Language Models",
        ]);
        // The Latin words stay where they are written (it was "XL transformer": no paper).
        assert_eq!(
            name("트랜스포머 XL"),
            Some((Some(0), "transformer XL".to_string()))
        );
        assert_eq!(
            name("트랜스포머-XL을"),
            Some((Some(0), "transformer-XL".to_string()))
        );
        // Each term in place, a term of several words whole, the inflections the glossary
        // adds for search left out.
        assert_eq!(in_place("지피티3").as_deref(), Some("GPT3"));
        // A term the glossary writes with Latin letters in it is one term (`챗GPT`).
        assert_eq!(in_place("챗GPT").as_deref(), Some("ChatGPT"));
        assert_eq!(in_place("라마어댑터").as_deref(), Some("LLaMA adapter"));
        assert_eq!(
            in_place("라마 어댑터 V2").as_deref(),
            Some("LLaMA adapter V2")
        );
        assert_eq!(
            in_place("대규모 언어 모델 지식 증류")
                .as_deref()
                .map(|s| s.contains("knowledge distillation")),
            Some(true)
        );
        assert_eq!(in_place("LoRA"), None);
        assert_eq!(in_place("로라 블라블라"), None);
    }

    #[test]
    fn compounds_and_particles_read_as_their_longest_terms() {
        let r = render("대규모 언어 모델을 저렴하게 미세조정하는 방법");
        assert_eq!(
            r.english,
            vec![
                "large language model",
                "cheap low-cost",
                "fine-tuning fine-tune",
                "method methods"
            ]
        );
        // Written closed, the same compound is found.
        assert_eq!(
            render("대규모언어모델").english,
            vec!["large language model"]
        );
        // Particles are left over, not misread.
        let r = render("지식 증류를");
        assert_eq!(r.english, vec!["knowledge distillation"]);
        assert_eq!(r.covered, 4);
        assert_eq!(r.hangul, 5);
    }

    #[test]
    fn a_questions_subject_and_verb_are_read() {
        assert_eq!(
            render("단백질 구조 예측").english,
            vec!["protein structure", "prediction forecasting"]
        );
        assert_eq!(
            render("수학 문제 풀이").text(),
            "math mathematical arithmetic problem solving"
        );
        assert!(render("지시를 따르는 모델").text().contains("following"));
    }

    #[test]
    fn a_longer_term_shields_its_tail() {
        // 비싼 (expensive) must not read as 싼 (cheap); 토큰 is not 큰 (large).
        assert!(!render("비싸게").text().contains("cheap"));
        assert_eq!(render("토큰").english, vec!["token tokens"]);
    }

    #[test]
    fn names_written_in_hangul_read_as_the_names() {
        assert_eq!(render("로라 논문").english, vec!["LoRA", "paper"]);
        assert_eq!(render("큐로라").english, vec!["QLoRA"]);
        // Meta-learning is not the company.
        assert_eq!(render("메타 학습").english, vec!["meta-learning"]);
    }

    #[test]
    fn english_text_is_left_alone() {
        let r = render("LoRA fine-tuning");
        assert!(r.english.is_empty());
        assert_eq!(r.hangul, 0);
        assert_eq!(non_hangul("BERT를 쓰는 NER 모델"), "BERT NER");
    }
}
