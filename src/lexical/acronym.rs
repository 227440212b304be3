//! Acronyms a query writes and no paper of the list does (`MoE`, `CoT`, `KD`), read as
//! the words the list's titles spell them with (`mixture of experts`, `chain of
//! thought`, `knowledge distillation`): consecutive words of a title whose initials
//! are the acronym's letters, a stop word free to give its letter (`of` in `MoE`) or
//! to be passed over (`from` in `RLHF`). The spelling most titles use wins.

use super::analyze::is_stop_word;
use std::collections::BTreeMap;

/// Longest acronym read (letters).
const MAX_LETTERS: usize = 6;

/// Whether a query word is written as an acronym: 2 to 6 ASCII letters, the first a
/// capital and at least two capitals, not a stop word in capitals (`MoE`, `RLHF`, `KD`;
/// not `Moe`, `rlhf`, `IS`).
pub fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (2..=MAX_LETTERS).contains(&n)
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && word.chars().filter(char::is_ascii_uppercase).count() >= 2
        && !is_stop_word(&word.to_lowercase())
}

/// The acronym a query word writes: itself, or without a plural `s` (`CLWEs` → `CLWE`).
pub fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(one) if is_acronym(one) => one,
        _ => word,
    }
}

/// A word of a title, lowercase, and whether it is a stop word standing alone (`of`
/// in `Mixture of Experts`; not the `in` of `in-context`, a part of a hyphenated word).
struct Word {
    text: String,
    stop: bool,
}

/// The words of a title, split at spaces, hyphens and punctuation.
fn words(title: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for token in title.split_whitespace() {
        let parts: Vec<&str> = token
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for (i, p) in parts.iter().enumerate() {
            let text = p.to_lowercase();
            let joined = i + 1 < parts.len();
            out.push(Word {
                stop: is_stop_word(&text) && !joined,
                text,
            });
        }
    }
    out
}

/// Whether the initials of `title`'s words hold `letters` in order.
fn initials_hold(title: &str, letters: &[char]) -> bool {
    let mut want = letters.iter().peekable();
    let mut start = true;
    for c in title.chars() {
        if !c.is_alphanumeric() {
            start = true;
            continue;
        }
        if start {
            start = false;
            if want
                .peek()
                .is_some_and(|&&l| c.to_lowercase().next() == Some(l))
            {
                want.next();
                if want.peek().is_none() {
                    return true;
                }
            }
        }
    }
    false
}

/// Every spelling in `words` of an acronym of 2 to [`MAX_LETTERS`] letters, given to
/// `visit` as (its letters, lowercase; the first word; the word after the last): each
/// letter the initial of the next word, a stop word inside passed over or giving its
/// letter, the first and last words not stop words.
fn spellings(words: &[Word], visit: &mut dyn FnMut(&str, usize, usize)) {
    fn walk(
        words: &[Word],
        start: usize,
        at: usize,
        acc: &mut String,
        visit: &mut dyn FnMut(&str, usize, usize),
    ) {
        let Some(w) = words.get(at) else {
            return;
        };
        let Some(initial) = w.text.chars().next().filter(char::is_ascii_alphabetic) else {
            return;
        };
        // This word gives its letter.
        acc.push(initial);
        if !w.stop && acc.len() >= 2 {
            visit(acc, start, at + 1);
        }
        if acc.len() < MAX_LETTERS {
            walk(words, start, at + 1, acc, visit);
        }
        acc.pop();
        // A stop word inside the spelling may give no letter.
        if w.stop && !acc.is_empty() {
            walk(words, start, at + 1, acc, visit);
        }
    }
    for start in 0..words.len() {
        if !words[start].stop {
            walk(words, start, start, &mut String::new(), visit);
        }
    }
}

/// Every acronym `title` spells out (`spellings`; lowercase, each once, sorted): what
/// [`spelled_out`] reads, enumerated from the title's side.
pub fn acronyms_spelled(title: &str) -> Vec<String> {
    let mut out = Vec::new();
    spellings(&words(title), &mut |letters, _, _| {
        out.push(letters.to_string())
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// How the titles spell `acronym` out: the spelling (lowercase words, one space apart)
/// the most titles use, the alphabetically first of a tie; `None` when no title does.
pub fn spelled_out<'a>(acronym: &str, titles: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let lower = acronym.to_lowercase();
    let letters: Vec<char> = lower.chars().collect();
    if letters.len() < 2 {
        return None;
    }
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for title in titles {
        // Most titles cannot spell it: their words' initials do not hold its letters in
        // order (checked without splitting the title into words first).
        if !initials_hold(title, &letters) {
            continue;
        }
        let w = words(title);
        let mut found: Vec<String> = Vec::new();
        spellings(&w, &mut |spelt, start, end| {
            if spelt == lower {
                let s = w[start..end]
                    .iter()
                    .map(|x| x.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if !found.contains(&s) {
                    found.push(s);
                }
            }
        });
        for s in found {
            *count.entry(s).or_insert(0) += 1;
        }
    }
    count
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLES: [&str; 7] = [
        "Outrageously Large Neural Networks: The Sparsely-Gated Mixture-of-Experts Layer",
        "Scaling Vision with Sparse Mixture of Experts",
        "Multimodal Chain-of-Thought Reasoning in Language Models",
        "Training a Helpful and Harmless Assistant with Reinforcement Learning from Human Feedback",
        "Knowledge Distillation of Large Language Models",
        "What learning algorithm is in-context learning? Investigations with linear models",
        "Larger language models do in-context learning differently",
    ];

    #[test]
    fn a_title_spells_out_the_acronyms_of_its_consecutive_words() {
        let a = acronyms_spelled("Knowledge Distillation of Large Language Models");
        for want in ["kd", "llm", "lm", "dollm", "dllm"] {
            assert!(a.contains(&want.to_string()), "{want}: {a:?}");
        }
        // A stop word never starts or ends one; inside, it gives its letter or not.
        assert!(
            !a.iter().any(|x| x.starts_with('o') || x.ends_with('o')),
            "{a:?}"
        );
        let r = acronyms_spelled(TITLES[3]);
        assert!(r.contains(&"rlhf".to_string()), "{r:?}");
        let m = acronyms_spelled(TITLES[1]);
        assert!(
            m.contains(&"moe".to_string()) && m.contains(&"me".to_string()),
            "{m:?}"
        );
        // What the titles' side finds, the query's side spells the same way.
        for (acronym, title) in [("moe", TITLES[1]), ("rlhf", TITLES[3]), ("kd", TITLES[4])] {
            assert!(acronyms_spelled(title).contains(&acronym.to_string()));
            assert!(spelled_out(acronym, [title]).is_some(), "{acronym}");
        }
        assert!(acronyms_spelled("").is_empty());
        assert!(acronyms_spelled("Transformers").is_empty());
    }

    #[test]
    fn queries_write_acronyms_with_two_capitals() {
        for w in ["MoE", "RLHF", "KD", "CoT", "PEFT", "ICL"] {
            assert!(is_acronym(w), "{w}");
        }
        for w in [
            "Moe",
            "rlhf",
            "K",
            "BERTology",
            "GPT4",
            "LoRA-based",
            "IS",
            "AND",
        ] {
            assert!(!is_acronym(w), "{w}");
        }
        assert_eq!(singular("CLWEs"), "CLWE");
        assert_eq!(singular("LLMs"), "LLM");
        assert_eq!(singular("MoE"), "MoE");
        assert_eq!(singular("MoEs"), "MoE");
        assert_eq!(singular("Ss"), "Ss");
    }

    #[test]
    fn titles_spell_out_the_acronym_their_initials_make() {
        let s = |a: &str| spelled_out(a, TITLES);
        assert_eq!(s("MoE").as_deref(), Some("mixture of experts"));
        assert_eq!(s("CoT").as_deref(), Some("chain of thought"));
        // A stop word may be passed over.
        assert_eq!(
            s("RLHF").as_deref(),
            Some("reinforcement learning from human feedback")
        );
        assert_eq!(s("KD").as_deref(), Some("knowledge distillation"));
        // Two titles spell it the same way; hyphens split words.
        assert_eq!(s("ICL").as_deref(), Some("in context learning"));
        // Nothing spells it: no guess.
        assert_eq!(s("PEFT"), None);
        // A spelling never starts or ends with a stop word.
        assert_eq!(spelled_out("OT", ["Chain of Thought"]), None);
    }
}
