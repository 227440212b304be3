//! The two spellings of a word, British and American (`quantisation` and `quantization`,
//! `behaviour` and `behavior`, `dialogue` and `dialog`), which the English stemmer keeps
//! apart (`quantis`, `quantiz`): a query's word brings its other spelling's stem (a
//! free-text query's, and the BM25 query `related` makes of a title; the papers' own terms
//! stay as written), and the model embeds a free-text query in American spelling. Only
//! listed words count, because the endings alone do not tell: `-ise` is the verb ending of `optimise` but not of `precise`,
//! `supervise` (whose stem `supervis` `supervision` shares) or `expertise`, and `-our` of
//! `behaviour` but not of `four` or `hour`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Stems `S` whose `S + ise` is the British spelling of `S + ize` (and `S + isation`
/// of `S + ization`): the verbs of machine-learning and general writing.
const ISE_STEMS: &[&str] = &[
    "anonym",
    "apolog",
    "author",
    "binar",
    "capital",
    "categor",
    "central",
    "character",
    "colon",
    "commercial",
    "compartmental",
    "computer",
    "conceptual",
    "container",
    "contextual",
    "critic",
    "custom",
    "decentral",
    "demon",
    "denormal",
    "deserial",
    "digit",
    "discret",
    "econom",
    "emotional",
    "emphas",
    "energ",
    "equal",
    "extern",
    "factor",
    "familiar",
    "fertil",
    "final",
    "formal",
    "general",
    "global",
    "harmon",
    "hospital",
    "human",
    "hypothes",
    "ideal",
    "immun",
    "individual",
    "industrial",
    "initial",
    "internal",
    "item",
    "legal",
    "legitim",
    "lemmat",
    "liberal",
    "local",
    "magnet",
    "material",
    "maxim",
    "mechan",
    "memor",
    "metabol",
    "minim",
    "mobil",
    "modern",
    "modular",
    "monopol",
    "moral",
    "motor",
    "national",
    "natural",
    "neutral",
    "normal",
    "operational",
    "optim",
    "organ",
    "oxid",
    "parallel",
    "parameter",
    "parametr",
    "penal",
    "personal",
    "plagiar",
    "polar",
    "politic",
    "popular",
    "pressur",
    "priorit",
    "privat",
    "public",
    "quant",
    "radical",
    "random",
    "rational",
    "real",
    "recogn",
    "regular",
    "renormal",
    "reorgan",
    "revital",
    "sanit",
    "scandal",
    "sensit",
    "serial",
    "signal",
    "social",
    "special",
    "stabil",
    "standard",
    "steril",
    "subsid",
    "summar",
    "symbol",
    "synchron",
    "synthes",
    "system",
    "terror",
    "textual",
    "theor",
    "token",
    "trivial",
    "universal",
    "unnormal",
    "urban",
    "util",
    "vector",
    "verbal",
    "victim",
    "virtual",
    "visual",
    "vocal",
];

/// The endings of such a word, British (`is`) spelling.
const ISE_ENDINGS: &[&str] = &[
    "isations", "isation", "isers", "iser", "ises", "ised", "ising", "ise", "isable",
];

/// Words whose British beginning is replaced when what follows is one of
/// [`PREFIX_ENDINGS`] (`behaviours`, `behavioural`, `neighbourhood`, `favourite`).
const PREFIXES: &[(&str, &str)] = &[
    ("behaviour", "behavior"),
    ("colour", "color"),
    ("favour", "favor"),
    ("neighbour", "neighbor"),
    ("labour", "labor"),
    ("honour", "honor"),
    ("humour", "humor"),
    ("rumour", "rumor"),
    ("flavour", "flavor"),
    ("harbour", "harbor"),
    ("tumour", "tumor"),
    ("vapour", "vapor"),
    ("endeavour", "endeavor"),
    ("armour", "armor"),
    ("dialogue", "dialog"),
    ("catalogue", "catalog"),
    ("analogue", "analog"),
    ("monologue", "monolog"),
    ("centre", "center"),
    ("fibre", "fiber"),
    ("theatre", "theater"),
    ("defence", "defense"),
    ("licence", "license"),
    ("offence", "offense"),
    ("judgement", "judgment"),
    ("acknowledgement", "acknowledgment"),
    ("artefact", "artifact"),
];

/// What may follow one of [`PREFIXES`].
const PREFIX_ENDINGS: &[&str] = &[
    "", "s", "al", "ally", "ed", "ing", "ite", "ites", "hood", "hoods", "able", "ful", "less",
    "ist", "ists",
];

/// Whole words.
const WORDS: &[(&str, &str)] = &[
    ("ageing", "aging"),
    ("analyse", "analyze"),
    ("analysed", "analyzed"),
    ("analysing", "analyzing"),
    ("analyser", "analyzer"),
    ("analysers", "analyzers"),
    ("catalyse", "catalyze"),
    ("catalysed", "catalyzed"),
    ("paralyse", "paralyze"),
    ("centred", "centered"),
    ("programme", "program"),
    ("programmes", "programs"),
];

fn ise_stems() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| ISE_STEMS.iter().copied().collect())
}

/// `word` (lowercase) in American spelling when it is a listed British one; else as it is.
pub fn american(word: &str) -> Cow<'_, str> {
    if let Some(&(_, us)) = WORDS.iter().find(|(uk, _)| *uk == word) {
        return Cow::Borrowed(us);
    }
    for ending in ISE_ENDINGS {
        if let Some(stem) = word.strip_suffix(ending) {
            if ise_stems().contains(stem) {
                return Cow::Owned(format!("{stem}iz{}", &ending[2..]));
            }
        }
    }
    for (uk, us) in PREFIXES {
        if let Some(rest) = word.strip_prefix(uk) {
            if PREFIX_ENDINGS.contains(&rest) {
                return Cow::Owned(format!("{us}{rest}"));
            }
        }
    }
    Cow::Borrowed(word)
}

/// `word` (lowercase) in British spelling when it is the American of a listed one.
pub fn british(word: &str) -> Option<String> {
    if let Some(&(uk, _)) = WORDS.iter().find(|(_, us)| *us == word) {
        return Some(uk.to_string());
    }
    for ending in ISE_ENDINGS {
        // `iz` and the rest of the ending, compared without building the American ending.
        let Some(stem) = word.strip_suffix(&ending[2..]) else {
            continue;
        };
        let Some(stem) = stem.strip_suffix("iz") else {
            continue;
        };
        if ise_stems().contains(stem) {
            return Some(format!("{stem}{ending}"));
        }
    }
    for (uk, us) in PREFIXES {
        if let Some(rest) = word.strip_prefix(us) {
            if PREFIX_ENDINGS.contains(&rest) {
                return Some(format!("{uk}{rest}"));
            }
        }
    }
    None
}

/// The other spelling of a listed word (lowercase): American for British, British for
/// American; `None` for every other word.
pub fn other_spelling(word: &str) -> Option<String> {
    let us = american(word);
    if us != word {
        Some(us.into_owned())
    } else {
        british(word)
    }
}

/// `text` with each listed British word in American spelling (lowercase; the rest as
/// written): what an embedding model reads for a query (`quantisation of LLMs` →
/// `quantization of LLMs`), since its vocabulary splits the rarer spelling into pieces.
pub fn american_text(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0;
    let mut changed = false;
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_alphabetic() {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else { continue };
        let word = &text[s..i];
        let lower = word.to_lowercase();
        let us = american(&lower);
        if us != lower {
            out.push_str(&text[done..s]);
            out.push_str(&us);
            done = i;
            changed = true;
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[done..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_spellings_read_as_american() {
        for (uk, us) in [
            ("quantisation", "quantization"),
            ("quantised", "quantized"),
            ("optimise", "optimize"),
            ("optimising", "optimizing"),
            ("tokeniser", "tokenizer"),
            ("summarisation", "summarization"),
            ("regularisations", "regularizations"),
            ("behaviour", "behavior"),
            ("behavioural", "behavioral"),
            ("neighbourhood", "neighborhood"),
            ("dialogues", "dialogs"),
            ("judgements", "judgments"),
            ("artefacts", "artifacts"),
            ("analysed", "analyzed"),
            ("centre", "center"),
            ("centres", "centers"),
            ("centred", "centered"),
        ] {
            assert_eq!(american(uk), us, "{uk}");
        }
    }

    #[test]
    fn each_spelling_finds_the_other() {
        for (uk, us) in [
            ("quantisation", "quantization"),
            ("optimised", "optimized"),
            ("dialogue", "dialog"),
            ("behavioural", "behavioral"),
            ("analyse", "analyze"),
        ] {
            assert_eq!(other_spelling(uk).as_deref(), Some(us));
            assert_eq!(other_spelling(us).as_deref(), Some(uk));
        }
        assert_eq!(other_spelling("supervised"), None);
        assert_eq!(other_spelling("transformer"), None);
    }

    #[test]
    fn a_query_is_read_in_american_spelling() {
        assert_eq!(
            american_text("Quantisation of LLMs, and their behaviour."),
            "quantization of LLMs, and their behavior."
        );
        assert!(matches!(
            american_text("quantization of LLMs"),
            Cow::Borrowed(_)
        ));
        assert_eq!(american_text("로라 optimise"), "로라 optimize");
    }

    #[test]
    fn words_whose_ending_only_looks_british_stay() {
        for w in [
            "precise",
            "supervised",
            "supervise",
            "expertise",
            "otherwise",
            "promise",
            "noise",
            "noises",
            "four",
            "hours",
            "analyses",
            "analysis",
            "synthesis",
            "emphasis",
            "improvisation",
            "quantization",
            "centrepiece",
        ] {
            assert_eq!(american(w), w, "{w}");
        }
    }
}
