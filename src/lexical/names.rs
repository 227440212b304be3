//! Model and method names (`BERT`, `SciBERT`, `ERNIE-ViL`, `QLoRA`): taken from the
//! alias, the short name before a title's colon, and acronym-like words of the
//! title. Two papers whose names contain one another (`lora` ⊂ `qlora`,
//! `bert` ⊂ `biobert`) are likely one family; rarer names count more.

use super::rows::Rows;
use super::vocab::Vocab;

/// Names shorter than this are ignored (`AI`, `LM`), and so are stop words (`FOR`, `The`)
/// — but for a letter and a digit (`T5`, `T0`: [`is_short_model_name`]).
const MIN_LEN: usize = 3;
/// Credit for a name contained in another, relative to an exact match.
const CONTAINED: f32 = 0.8;

/// Whether `word` is written as a name: two capitals or more (`BERT`, `MoE`), or a
/// capital after a lowercase letter (`QLoRA`'s `oR`, `iPhone`).
pub fn is_acronym_like(word: &str) -> bool {
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let camel = word
        .chars()
        .zip(word.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    upper >= 2 || camel
}

/// Whether a two-character name is a letter and a digit (`T5`, `T0`), which names a
/// model as a longer name does; `AI` or `LM` name nothing.
pub fn is_short_model_name(key: &str) -> bool {
    let c: Vec<char> = key.chars().collect();
    c.len() == 2 && c.iter().any(|x| x.is_alphabetic()) && c.iter().any(|x| x.is_ascii_digit())
}

fn push_name(out: &mut Vec<String>, raw: &str) {
    let lower = name_key(raw);
    if (lower.chars().count() >= MIN_LEN || is_short_model_name(&lower))
        && lower.chars().any(|c| c.is_alphabetic())
        && !super::analyze::is_stop_word(&lower)
        && !out.contains(&lower)
    {
        out.push(lower);
    }
}

/// An acronym's plural as its singular: `LLMs` → `LLM`, `GANs` → `GAN` (an `s`
/// after two or more capitals), so the plural is not a rarer name than the acronym.
fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem)
            if stem.chars().rev().take(2).all(|c| c.is_uppercase())
                && stem.chars().count() >= 2 =>
        {
            stem
        }
        _ => word,
    }
}

/// Whether a title of three words or more is in capitals throughout (`FREELB: ENHANCED
/// ADVERSARIAL TRAINING FOR LANGUAGE UNDERSTANDING`): its words are not acronyms, and
/// taken for names they made *for* a name that *Toolformer* contains.
fn shouted(title: &str) -> bool {
    !title.chars().any(char::is_lowercase) && title.split_whitespace().count() >= 3
}

/// A name as names are compared: letters and digits only, lowercase (`Llama 2` →
/// `llama2`, `PoWER-BERT` → `powerbert`).
pub fn name_key(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// The words of `s` as a person types them into a search: its runs of letters and digits,
/// lower case (`LLaMA-Adapter V2:` → `llama`, `adapter`, `v2`), the words a title's start
/// is matched by.
pub fn plain_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `title` or `alias` writes `name` as a name: in the alias, as a head of one
/// word (`Flamingo: …`), or as an acronym-like word (`LoRA`, `QLoRA`, `BERT`) — not only
/// as an ordinary word of a longer head (`Scaling Language Models: …` makes *language*
/// one of the paper's names, but does not write it as a name).
pub fn writes_as_name(title: &str, alias: Option<&str>, name: &str) -> bool {
    collect(title, alias, Heads::OneWord)
        .iter()
        .any(|n| n == name)
}

/// Whether `name` is what `title` and `alias` call the paper itself: its whole alias or
/// its whole head (`BERT: Pre-training …` is *BERT*; *TinyBERT: Distilling BERT …* and
/// *PoWER-BERT* have the name *bert* but are not called so).
pub fn is_own_name(title: &str, alias: Option<&str>, name: &str) -> bool {
    alias.is_some_and(|a| name_key(a) == name)
        || title
            .split_once(':')
            .is_some_and(|(head, _)| name_key(head) == name)
}

/// The words of a title, head or alias as names are cut from them.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The names of a paper.
pub fn names(title: &str, alias: Option<&str>) -> Vec<String> {
    collect(title, alias, Heads::UpToThreeWords)
}

/// Which heads (the title before its colon) name a paper with every word.
#[derive(Clone, Copy, PartialEq)]
enum Heads {
    /// Heads of up to three words (`Switch Transformers: …`): a paper's names.
    UpToThreeWords,
    /// Heads of one word only (`Flamingo: …`; words of symbols alone not counted): the
    /// names a paper writes as names.
    OneWord,
}

/// The names of the alias, the head as `heads` says, and the acronym-like words of a
/// title not in capitals throughout.
fn collect(title: &str, alias: Option<&str>, heads: Heads) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(a) = alias {
        for w in words(a) {
            push_name(&mut out, &w);
        }
    }
    if let Some((head, _)) = title.split_once(':') {
        let ws = words(head);
        let named = match heads {
            Heads::UpToThreeWords => ws.len() <= 3,
            Heads::OneWord => ws.iter().filter(|w| !name_key(w).is_empty()).count() == 1,
        };
        if named {
            for w in ws {
                push_name(&mut out, &w);
            }
        }
    }
    if shouted(title) {
        return out;
    }
    for w in words(title) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if is_acronym_like(w) {
            push_name(&mut out, singular(w));
        }
    }
    out
}

/// Names of every paper with their rarity: the distinct names in one dictionary, each
/// paper's names and each name's papers as rows of ids (so the whole index can be kept
/// with an index generation and read back in place, as the lexical indexes are).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameIndex {
    /// Every distinct name.
    vocab: Vocab,
    /// Rarity of each name (by its id): `ln(N / df) / ln(N)`, within `[0, 1]`.
    weight: Vec<f32>,
    /// Per document: its name ids (values unused).
    docs: Rows,
    /// Per name: the documents that have it, ascending (values unused).
    postings: Rows,
    /// Per name, the bytes it has (made on first use; see [`letters`]).
    letters: Letters,
}

/// A 64-bit set of the bytes of a name (byte mod 64): a name contained in another has
/// no byte the other lacks, so two names whose sets are not one inside the other are
/// never compared as strings. `matching` compares a query's names with every distinct
/// name of the list; on 88,907 arXiv titles those `contains` calls were a sixth of the
/// relatedness graph's build.
fn letters(name: &str) -> u64 {
    name.bytes().fold(0, |m, b| m | (1u64 << (b % 64)))
}

/// The byte sets of a dictionary's names, made once when first asked for: derived data,
/// so two indexes are equal whether or not theirs are made yet.
#[derive(Debug, Clone, Default)]
struct Letters(std::sync::OnceLock<Vec<u64>>);

impl PartialEq for Letters {
    fn eq(&self, _: &Letters) -> bool {
        true
    }
}

impl NameIndex {
    /// Count, in each short name's rarity, the titles that spell it out (`large language
    /// models` for `llm`, [`acronyms_spelled`](super::acronym::acronyms_spelled)): an
    /// acronym of the field is as common as its words, not a rare family name. `LLM`
    /// was a name of seven seed titles and so of QLoRA's "family" with every LLM-named
    /// post; dozens spell it out (topics' mean kept share over five appends 93.0 →
    /// 94.6 %, docs/topics.md).
    pub fn with_spelled(mut self, titles: &[&str]) -> NameIndex {
        let mut spelled: std::collections::HashMap<String, usize> = Default::default();
        for t in titles {
            for a in super::acronym::acronyms_spelled(t) {
                *spelled.entry(a).or_insert(0) += 1;
            }
        }
        let total = self.docs.len().max(2) as f32;
        for id in 0..self.vocab.len() as u32 {
            let Some(&extra) = spelled.get(self.vocab.term(id)) else {
                continue;
            };
            let has = self.postings.row(id as usize).0.len();
            let df = (has + extra) as f32;
            self.weight[id as usize] = ((total / df.max(1.0)).ln() / total.ln()).clamp(0.0, 1.0);
        }
        self
    }

    /// Index the names of each document.
    pub fn new(names: Vec<Vec<String>>) -> NameIndex {
        let mut distinct: Vec<&str> = names.iter().flatten().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let vocab = Vocab::from_terms(&distinct);
        let ids: Vec<Vec<u32>> = names
            .iter()
            .map(|ns| ns.iter().filter_map(|n| vocab.id(n)).collect())
            .collect();
        let mut df = vec![0usize; vocab.len()];
        for row in &ids {
            for &id in row {
                df[id as usize] += 1;
            }
        }
        let total = names.len().max(2) as f32;
        let weight = df
            .iter()
            .map(|&d| ((total / d.max(1) as f32).ln() / total.ln()).clamp(0.0, 1.0))
            .collect();
        let docs = Rows::from_rows(ids.iter().map(|r| r.iter().map(|&id| (id, 1.0))));
        let postings = docs.transpose(vocab.len());
        NameIndex {
            vocab,
            weight,
            docs,
            postings,
            letters: Letters::default(),
        }
    }

    /// From its parts, if they agree (every id in range, one weight per name).
    pub fn from_parts(
        vocab: Vocab,
        weight: Vec<f32>,
        docs: Rows,
        postings: Rows,
    ) -> Option<NameIndex> {
        let names = vocab.len();
        let ok = weight.len() == names
            && postings.len() == names
            && docs.parts().1.iter().all(|&id| (id as usize) < names)
            && postings
                .parts()
                .1
                .iter()
                .all(|&d| (d as usize) < docs.len());
        ok.then_some(NameIndex {
            vocab,
            weight,
            docs,
            postings,
            letters: Letters::default(),
        })
    }

    /// The parts [`NameIndex::from_parts`] takes.
    pub fn parts(&self) -> (&Vocab, &[f32], &Rows, &Rows) {
        (&self.vocab, &self.weight, &self.docs, &self.postings)
    }

    /// The documents whose [`NameIndex::score`] against `q` is above 0, ascending: found
    /// through the distinct names rather than every document (the relatedness graph of
    /// a 100,000-paper list asks this once per paper).
    pub fn matching(&self, q: &[String]) -> Vec<usize> {
        self.scored_matching(q)
            .into_iter()
            .map(|(d, _)| d)
            .collect()
    }

    /// The distinct names some name of `q` matches, each with its best [`pair`] value
    /// against `q` (above 0).
    ///
    /// [`pair`]: NameIndex::pair
    fn matching_names(&self, q: &[String]) -> Vec<(u32, f32)> {
        let all = self.letters.0.get_or_init(|| {
            (0..self.vocab.len() as u32)
                .map(|id| letters(self.vocab.term(id)))
                .collect()
        });
        let asked: Vec<u64> = q.iter().map(|a| letters(a)).collect();
        (0..self.vocab.len() as u32)
            .filter_map(|id| {
                let b = self.vocab.term(id);
                let has = all[id as usize];
                let best = q
                    .iter()
                    .zip(&asked)
                    .filter(|(_, &wants)| wants & !has == 0 || has & !wants == 0)
                    .map(|(a, _)| self.pair(a, b))
                    .fold(0f32, f32::max);
                (best > 0.0).then_some((id, best))
            })
            .collect()
    }

    /// [`NameIndex::matching`]'s documents with their [`NameIndex::score`], ascending:
    /// a document's score is the best value of the matching names it has (the names it
    /// has that match nothing add 0), so each name's value is computed once, not once
    /// for every document that has it.
    fn scored_matching(&self, q: &[String]) -> Vec<(usize, f32)> {
        let mut docs: Vec<(usize, f32)> = self
            .matching_names(q)
            .into_iter()
            .flat_map(|(id, v)| {
                self.postings
                    .row(id as usize)
                    .0
                    .iter()
                    .map(move |&d| (d as usize, v))
            })
            .collect();
        crate::pairs::max_per_key(&mut docs, f32::max);
        docs
    }

    /// The `limit` documents of [`NameIndex::matching`] with the best score against `q`
    /// (ties to the earlier document), ascending: a name that a big list shares by the
    /// thousand (`llms`) would otherwise make every one of them a candidate.
    pub fn best_matching(&self, q: &[String], limit: usize) -> Vec<usize> {
        let mut scored = self.scored_matching(q);
        if scored.len() > limit {
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scored.truncate(limit);
        }
        let mut out: Vec<usize> = scored.into_iter().map(|x| x.0).collect();
        out.sort_unstable();
        out
    }

    /// The documents that have exactly the name `name`, ascending.
    pub fn papers_named(&self, name: &str) -> Vec<usize> {
        self.vocab
            .id(name)
            .filter(|&id| (id as usize) < self.postings.len())
            .map(|id| {
                self.postings
                    .row(id as usize)
                    .0
                    .iter()
                    .map(|&d| d as usize)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Names of document `i`.
    pub fn doc(&self, i: usize) -> Vec<String> {
        self.doc_names(i).map(str::to_string).collect()
    }

    fn doc_names(&self, i: usize) -> impl Iterator<Item = &str> + '_ {
        let ids = if i < self.docs.len() {
            self.docs.row(i).0
        } else {
            &[]
        };
        ids.iter().map(|&id| self.vocab.term(id))
    }

    fn rarity(&self, name: &str) -> f32 {
        self.vocab
            .id(name)
            .and_then(|id| self.weight.get(id as usize))
            .copied()
            .unwrap_or(1.0)
    }

    /// Family score of one query name `a` and one document name `b`.
    fn pair(&self, a: &str, b: &str) -> f32 {
        if a == b {
            self.rarity(a)
        } else if b.contains(a) {
            CONTAINED * self.rarity(a)
        } else if a.contains(b) {
            CONTAINED * self.rarity(b)
        } else {
            0.0
        }
    }

    /// Family score of names `q` against document `i`, in `[0, 1]`.
    pub fn score(&self, q: &[String], i: usize) -> f32 {
        let mut best = 0f32;
        for a in q {
            for b in self.doc_names(i) {
                best = best.max(self.pair(a, b));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte sets only skip comparisons: the documents found are those of a full scan.
    #[test]
    fn matching_finds_what_a_full_scan_finds() {
        let docs: Vec<Vec<String>> = [
            "lora",
            "qlora",
            "bert",
            "biobert",
            "t5",
            "mt5",
            "llama",
            "gpt",
            "gpt-4",
            "ernie",
            "vil",
            "ernie-vil",
            "로라",
            "큐로라",
            "x",
        ]
        .iter()
        .map(|n| vec![n.to_string()])
        .collect();
        let index = NameIndex::new(docs);
        for q in [
            "lora",
            "ber",
            "gpt4",
            "gpt-4",
            "ernie-vil",
            "로라",
            "t",
            "zzz",
            "",
            "mt5-xl",
        ] {
            let q = vec![q.to_string()];
            let scan: Vec<usize> = (0..index.docs.len())
                .filter(|&i| index.score(&q, i) > 0.0)
                .collect();
            assert_eq!(index.matching(&q), scan, "{q:?}");
            // The best of them by each document's own score, as a scan ranks them.
            for limit in 0..4 {
                let mut ranked: Vec<(f32, usize)> =
                    scan.iter().map(|&i| (index.score(&q, i), i)).collect();
                ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let mut best: Vec<usize> = ranked.into_iter().take(limit).map(|x| x.1).collect();
                best.sort_unstable();
                if scan.len() <= limit {
                    best = scan.clone();
                }
                assert_eq!(index.best_matching(&q, limit), best, "{q:?}, limit {limit}");
            }
        }
        assert_eq!(index.matching(&["lora".to_string()]), vec![0, 1]);
    }

    #[test]
    fn names_from_alias_head_and_acronyms() {
        assert_eq!(
            names("ERNIE-ViL: Knowledge Enhanced", Some("ERNIE-ViL")),
            vec!["ernie", "vil"]
        );
        assert_eq!(
            names("Publicly Available Clinical BERT Embeddings", None),
            vec!["bert"]
        );
        assert_eq!(
            names("QLoRA: Efficient Finetuning of Quantized LLMs", None),
            vec!["qlora", "llm"]
        );
        // Two characters name a model when they are a letter and a digit.
        assert_eq!(
            names("Exploring the Limits of Transfer Learning", Some("T5")),
            vec!["t5"]
        );
        assert_eq!(names("T0: Multitask Prompted Training", None), vec!["t0"]);
        assert_eq!(
            names("AI: A Modern Approach to LM", None),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_title_in_capitals_is_named_by_its_alias_and_head_only() {
        assert_eq!(
            names(
                "FREELB: ENHANCED ADVERSARIAL TRAINING FOR LANGUAGE UNDERSTANDING",
                Some("FREELB")
            ),
            vec!["freelb"]
        );
        // A short name in capitals is still one.
        assert_eq!(names("GPT-4", None), vec!["gpt"]);
        // A stop word is never a name, even in a head (*the* is in too many names).
        assert_eq!(
            names("The Flan Collection: Designing Data", None),
            vec!["flan", "collection"]
        );
        let ix = NameIndex::new(vec![
            names(
                "FREELB: ENHANCED ADVERSARIAL TRAINING FOR LANGUAGE UNDERSTANDING",
                Some("FREELB"),
            ),
            names(
                "Toolformer: Language Models Can Teach Themselves to Use Tools",
                None,
            ),
        ]);
        let q = names(
            "Toolformer: Language Models Can Teach Themselves to Use Tools",
            None,
        );
        assert_eq!(ix.score(&q, 0), 0.0, "no name shared with a shouted title");
    }

    #[test]
    fn a_paper_is_called_by_its_alias_or_head_and_names_are_written_as_names() {
        let bert = "BERT: Pre-training of Deep Bidirectional Transformers";
        assert!(is_own_name(bert, None, "bert"));
        assert!(!is_own_name("TinyBERT: Distilling BERT", None, "bert"));
        assert!(!is_own_name(
            "PoWER-BERT: Accelerating BERT",
            Some("PoWER-BERT"),
            "bert"
        ));
        assert!(is_own_name(
            "PoWER-BERT: Accelerating BERT",
            Some("PoWER-BERT"),
            "powerbert"
        ));
        assert!(is_own_name("Llama 2: Open Foundation", None, "llama2"));
        assert!(is_own_name(
            "Improving Language Understanding",
            Some("GPT-1"),
            "gpt1"
        ));
        // Written as a name: an acronym-like word, an alias, a head of one word.
        assert!(writes_as_name("TinyBERT: Distilling BERT", None, "bert"));
        assert!(writes_as_name("LLMs are Generators", None, "llm"));
        assert!(writes_as_name(
            "Flamingo: a Visual Language Model",
            None,
            "flamingo"
        ));
        assert!(writes_as_name(
            "Transformer-XL: Attentive",
            Some("Transformer-XL"),
            "transformer"
        ));
        // Not: an ordinary word of a longer head, or a word of a title in capitals.
        assert!(!writes_as_name(
            "Scaling Language Models: Methods",
            None,
            "language"
        ));
        assert!(!writes_as_name(
            "FREELB: ENHANCED ADVERSARIAL TRAINING FOR LANGUAGE UNDERSTANDING",
            None,
            "language"
        ));
    }

    #[test]
    fn an_acronyms_plural_is_the_acronym() {
        // `LLMs` in one title and `LLM` in another are one name, not a rare shared one.
        assert_eq!(names("Finetuned LLMs are Generators", None), vec!["llm"]);
        assert_eq!(names("A 7B LLM Trained on 8K", None), vec!["llm"]);
        assert_eq!(names("Training GANs and LoRAs", None), vec!["gan", "lora"]);
        // Not a plural of capitals: kept as written.
        assert_eq!(names("CoTs and Ks", None), vec!["cots"]);
        let ix = NameIndex::new(vec![
            names("QLoRA: Efficient Finetuning of Quantized LLMs", None),
            names(
                "MotionGPT: Finetuned LLMs are General-Purpose Motion Generators",
                None,
            ),
            names("SpQR: Near-Lossless LLM Weight Compression", None),
            names("LoRA: Low-Rank Adaptation", None),
        ]);
        let q = names("QLoRA: Efficient Finetuning of Quantized LLMs", None);
        assert_eq!(ix.score(&q, 1), ix.score(&q, 2), "LLMs and LLM count alike");
        assert!(
            ix.score(&q, 3) > ix.score(&q, 1),
            "the family outranks the acronym"
        );
    }

    #[test]
    fn a_name_the_titles_spell_out_is_as_common_as_its_words() {
        let titles = [
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "LTM-1: an LLM with a 5,000,000 token context window",
            "Training Compute-Optimal Large Language Models",
            "Knowledge Distillation of Large Language Models",
            "Augmenting Language Models with Long-Term Memory",
            "LoRA: Low-Rank Adaptation of Large Language Models",
        ];
        let ix = NameIndex::new(titles.iter().map(|t| names(t, None)).collect());
        let before = ix.rarity("llm");
        let ix = ix.with_spelled(&titles);
        // Two titles write it, three more spell it out: five of six.
        let total = 6f32;
        assert!((ix.rarity("llm") - (total / 5.0).ln() / total.ln()).abs() < 1e-6);
        assert!(ix.rarity("llm") < before);
        // Names no title spells out keep their rarity.
        assert_eq!(ix.rarity("qlora"), (total / 1.0).ln() / total.ln());
        assert_eq!(ix.rarity("lora"), (total / 1.0).ln() / total.ln());
    }

    #[test]
    fn contained_names_score_as_family() {
        let ix = NameIndex::new(vec![
            vec!["lora".into()],
            vec!["qlora".into()],
            vec!["gpt".into()],
        ]);
        assert!(ix.score(&["lora".into()], 1) > 0.0);
        assert_eq!(ix.score(&["lora".into()], 2), 0.0);
        // The documents found through the distinct names are those scoring above 0.
        for q in [
            vec!["lora".to_string()],
            vec!["gpt".into(), "qlora".into()],
            vec![],
        ] {
            let slow: Vec<usize> = (0..3).filter(|&i| ix.score(&q, i) > 0.0).collect();
            assert_eq!(ix.matching(&q), slow, "{q:?}");
        }
    }

    #[test]
    fn best_matching_keeps_the_strongest_family_members() {
        // `lora` exactly (2, 4) beats `lora` inside `qlora` (1, 3); ties go to the earlier.
        let ix = NameIndex::new(vec![
            vec!["gpt".into()],
            vec!["qlora".into()],
            vec!["lora".into()],
            vec!["qlora".into()],
            vec!["lora".into()],
        ]);
        let q = vec!["lora".to_string()];
        assert_eq!(ix.best_matching(&q, 10), vec![1, 2, 3, 4]);
        assert_eq!(ix.best_matching(&q, 2), vec![2, 4]);
        assert_eq!(ix.best_matching(&q, 3), vec![1, 2, 4]);
    }
}
