//! Topic names by class-based tf-idf (as BERTopic's c-TF-IDF) over members' titles,
//! aliases and abstracts: unigrams and bigrams, stop words dropped, and list-wide
//! filler ("model", "language", "learning", …) down-weighted.

use crate::corpus::Paper;
use crate::lexical::FILLER;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::{BTreeMap, HashMap};

/// Weight left to a filler term (none: filler never names a topic, though it still
/// joins a bigram such as "language agents").
const FILLER_WEIGHT: f64 = 0.0;
/// How much more a two-word phrase counts than a single word in a label.
const PHRASE_BOOST: f64 = 1.5;
/// Weight of a term that occurs only in a paper's abstract (title and alias count 1).
const ABSTRACT_WEIGHT: f64 = 0.3;

fn is_stop(w: &str) -> bool {
    crate::lexical::analyze::is_stop_word(w)
        || w.chars().count() < 2
        || w.starts_with(|c: char| c.is_ascii_digit())
}

/// Surface words of a text, lowercased, split at anything that is not a letter, digit or hyphen.
fn words(text: &str) -> Vec<Vec<String>> {
    // Runs of words not broken by punctuation, so bigrams never cross a comma or colon.
    let mut runs = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for piece in text.split_inclusive(|c: char| !(c.is_alphanumeric() || c == '-')) {
        let boundary = piece
            .chars()
            .last()
            .is_some_and(|c| !(c.is_alphanumeric() || c == '-' || c.is_whitespace()));
        let w: String = piece
            .trim_matches(|c: char| !(c.is_alphanumeric() || c == '-'))
            .trim_matches('-')
            .to_lowercase();
        if !w.is_empty() {
            cur.push(w);
        }
        if boundary && !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// Stem key → each surface form seen for it, with its count (the commonest is shown).
type Surfaces = HashMap<String, HashMap<String, usize>>;

/// Terms of one paper with their weight (presence, not counts): stem key → weight,
/// and stem key → surface form seen.
fn paper_terms(p: &Paper, stemmer: &Stemmer, surface: &mut Surfaces) -> HashMap<String, f64> {
    let mut out: HashMap<String, f64> = HashMap::new();
    let mut add = |text: &str, weight: f64, out: &mut HashMap<String, f64>| {
        for run in words(text) {
            let keys: Vec<Option<String>> = run
                .iter()
                .map(|w| (!is_stop(w)).then(|| stemmer.stem(w).into_owned()))
                .collect();
            for (i, k) in keys.iter().enumerate() {
                let Some(k) = k else { continue };
                let f = if FILLER.contains(&run[i].as_str()) {
                    FILLER_WEIGHT
                } else {
                    1.0
                };
                if f > 0.0 {
                    let e = out.entry(k.clone()).or_insert(0.0);
                    *e = e.max(weight * f);
                }
                *surface
                    .entry(k.clone())
                    .or_default()
                    .entry(run[i].clone())
                    .or_insert(0) += 1;
                if let Some(Some(k2)) = keys.get(i + 1) {
                    let f2 = if FILLER.contains(&run[i + 1].as_str()) {
                        FILLER_WEIGHT
                    } else {
                        1.0
                    };
                    let bk = format!("{k} {k2}");
                    // A bigram needs at least one word that is not filler.
                    let bw = if f.max(f2) > 0.0 {
                        0.5 + 0.5 * f.min(f2)
                    } else {
                        0.0
                    };
                    if bw == 0.0 {
                        continue;
                    }
                    let e = out.entry(bk.clone()).or_insert(0.0);
                    *e = e.max(weight * bw);
                    *surface
                        .entry(bk)
                        .or_default()
                        .entry(format!("{} {}", run[i], run[i + 1]))
                        .or_insert(0) += 1;
                }
            }
        }
    };
    add(&p.title, 1.0, &mut out);
    if let Some(a) = &p.alias {
        add(a, 1.0, &mut out);
    }
    if let Some(a) = p.abstract_text.get() {
        add(a, ABSTRACT_WEIGHT, &mut out);
    }
    out
}

/// The papers' vectors and the topics' centres, for choosing phrases by meaning.
pub struct Meaning<'a> {
    /// One unit vector per paper (list order).
    pub vectors: &'a [Vec<f32>],
    /// One unit centre per topic.
    pub centres: &'a [Vec<f32>],
}

/// Share of a topic's members a label phrase should come from (rounded down, at least
/// the two every phrase needs): in a topic of 36 papers or more, phrases from fewer are
/// taken only when those from enough members run out (in a clustering measured on the
/// way, two speech papers at the edge of a 40-paper topic of agents and reasoning had
/// made *speech recognition* its third phrase).
const LABEL_SHARE: f64 = 1.0 / 12.0;

/// Weight of a phrase's closeness to its topic's centre against its c-TF-IDF score.
const MEANING_WEIGHT: f64 = 1.0;
/// Maximal marginal relevance between a topic's phrases: share of relevance (the rest
/// penalises a phrase close in meaning to one already chosen).
const PHRASE_MMR: f64 = 0.7;

/// Keywords of every topic, best first (`n` per topic). With `meaning`, phrases are
/// chosen as BERTopic's KeyBERT-inspired representation does, from the documents'
/// side: a phrase's vector is the mean vector of the members whose title or alias has
/// it, its score is its c-TF-IDF score (scaled to the topic's best) plus its cosine to
/// the topic's centre, and maximal marginal relevance keeps the phrases different.
pub fn keywords(
    papers: &[Paper],
    assign: &[usize],
    k: usize,
    n: usize,
    meaning: Option<&Meaning<'_>>,
) -> Vec<Vec<String>> {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut surface: Surfaces = HashMap::new();
    let mut class_tf: Vec<BTreeMap<String, f64>> = vec![BTreeMap::new(); k];
    // Members a term comes from, per topic: a label needs at least two.
    let mut support: Vec<HashMap<String, usize>> = vec![HashMap::new(); k];
    // Members whose title or alias has the term, per topic (for its meaning).
    let mut holders: Vec<HashMap<String, Vec<usize>>> = vec![HashMap::new(); k];
    for (i, (p, &c)) in papers.iter().zip(assign).enumerate() {
        for (t, w) in paper_terms(p, &stemmer, &mut surface) {
            *support[c].entry(t.clone()).or_insert(0) += 1;
            if w >= 1.0 {
                holders[c].entry(t.clone()).or_default().push(i);
            }
            *class_tf[c].entry(t).or_insert(0.0) += w;
        }
    }
    let mut total: HashMap<&str, f64> = HashMap::new();
    for tf in &class_tf {
        for (t, &w) in tf {
            *total.entry(t.as_str()).or_insert(0.0) += w;
        }
    }
    let avg = class_tf
        .iter()
        .map(|tf| tf.values().sum::<f64>())
        .sum::<f64>()
        / k.max(1) as f64;
    let sizes: Vec<usize> = (0..k)
        .map(|c| assign.iter().filter(|&&a| a == c).count())
        .collect();
    let show = |key: &str| -> String {
        surface
            .get(key)
            .and_then(|m| {
                m.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(s, _)| s.clone())
            })
            .unwrap_or_else(|| key.to_string())
    };
    class_tf
        .iter()
        .enumerate()
        .map(|(c, tf)| {
            let size = sizes[c].max(1) as f64;
            let mut scored: Vec<(f64, &str)> = tf
                .iter()
                // A term must come from at least two members (one title's worth of
                // weight) unless the topic is tiny: no label from one member's words.
                .filter(|(t, &w)| {
                    size < 3.0
                        || (w >= 1.0 && support[c].get(t.as_str()).copied().unwrap_or(0) >= 2)
                })
                .map(|(t, &w)| {
                    // Phrases say more than single words ("instruction tuning" over "tuning").
                    let phrase = if t.contains(' ') { PHRASE_BOOST } else { 1.0 };
                    (
                        phrase * (w / size) * (1.0 + avg / total[t.as_str()]).ln(),
                        t.as_str(),
                    )
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            // Whether enough members have the term ([`LABEL_SHARE`]).
            let floor = ((size * LABEL_SHARE).floor() as usize).max(2);
            let broad = |t: &str| support[c].get(t).copied().unwrap_or(0) >= floor;
            let covered = |chosen: &[&str], t: &str| {
                // A term already in a chosen phrase, a phrase of chosen words, a phrase
                // around a chosen word (*few-shot learning* after *few-shot*), or another
                // spelling of a chosen term (*pretraining* after *pre-training*).
                let glued = |x: &str| x.replace(['-', ' '], "");
                chosen.iter().any(|c| {
                    c.split(' ').any(|w| w == t)
                        || t.split(' ').any(|w| w == *c)
                        || glued(c) == glued(t)
                        || t.split(' ')
                            .all(|w| chosen.iter().any(|c2| c2.split(' ').any(|x| x == w)))
                })
            };
            let mut chosen: Vec<&str> = Vec::new();
            match meaning.filter(|m| m.centres.get(c).is_some_and(|x| !x.is_empty())) {
                None => {
                    for want_broad in [true, false] {
                        for &(_, t) in &scored {
                            if chosen.len() == n {
                                break;
                            }
                            if broad(t) == want_broad && !covered(&chosen, t) {
                                chosen.push(t);
                            }
                        }
                    }
                }
                Some(m) => {
                    let top = scored.first().map_or(1.0, |x| x.0).max(f64::EPSILON);
                    // The best 30 by c-TF-IDF are the candidates, as KeyBERTInspired does.
                    let cands: Vec<(f64, &str, Vec<f32>)> = scored
                        .iter()
                        .take(30)
                        .map(|&(sc, t)| {
                            let mut v = vec![0f32; m.centres[c].len()];
                            for &i in holders[c].get(t).map(Vec::as_slice).unwrap_or(&[]) {
                                for (a, x) in v.iter_mut().zip(&m.vectors[i]) {
                                    *a += x;
                                }
                            }
                            crate::embed::normalize(&mut v);
                            let sim = f64::from(crate::embed::dot(&v, &m.centres[c]));
                            let phrase = if t.contains(' ') { PHRASE_BOOST } else { 1.0 };
                            (phrase * (sc / top + MEANING_WEIGHT * sim), t, v)
                        })
                        .collect();
                    let mut picked: Vec<usize> = Vec::new();
                    while chosen.len() < n {
                        let open = |(j, (_, t, _)): &(usize, &(f64, &str, Vec<f32>))| {
                            !picked.contains(j) && !covered(&chosen, t)
                        };
                        // Phrases from enough members first, then the rest.
                        let want_broad =
                            cands.iter().enumerate().any(|x| open(&x) && broad(x.1 .1));
                        let best = cands
                            .iter()
                            .enumerate()
                            .filter(|x| open(x) && (broad(x.1 .1) || !want_broad))
                            .map(|(j, (rel, _, v))| {
                                let red = picked
                                    .iter()
                                    .map(|&p| f64::from(crate::embed::dot(v, &cands[p].2)))
                                    .fold(0.0, f64::max);
                                (PHRASE_MMR * rel - (1.0 - PHRASE_MMR) * red, j)
                            })
                            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
                        let Some((_, j)) = best else { break };
                        picked.push(j);
                        chosen.push(cands[j].1);
                    }
                }
            }
            chosen.into_iter().map(show).collect()
        })
        .collect()
}

/// Filler words that can end a title phrase, as the noun it is about (*natural
/// language*, *visual language*), where a filler adjective cannot (*multi-task deep*).
const FILLER_HEADS: &[&str] = &[
    "language",
    "languages",
    "model",
    "models",
    "learning",
    "network",
    "networks",
    "generation",
    "understanding",
    "representation",
    "representations",
    "text",
    "data",
    "training",
    "system",
    "systems",
];

/// Words and two-word phrases of a paper's title and alias, for titling a group:
/// stem key → whether it occurs as a whole word or phrase (`false`: only as part of a
/// hyphenated word, `LLaMA-based` giving *llama*), and stem key → surface forms seen.
fn title_terms(p: &Paper, stemmer: &Stemmer, surface: &mut Surfaces) -> HashMap<String, bool> {
    let mut out: HashMap<String, bool> = HashMap::new();
    let mut seen = |key: String, shown: String, whole: bool, out: &mut HashMap<String, bool>| {
        *surface
            .entry(key.clone())
            .or_default()
            .entry(shown)
            .or_insert(0) += 1;
        let e = out.entry(key).or_insert(false);
        *e |= whole;
    };
    for text in std::iter::once(p.title.as_str()).chain(p.alias.as_deref()) {
        for run in words(text) {
            let content = |w: &str| !is_stop(w) && !FILLER.contains(&w);
            for (i, w) in run.iter().enumerate() {
                if content(w) {
                    seen(stemmer.stem(w).into_owned(), w.clone(), true, &mut out);
                }
                if w.contains('-') {
                    for part in w.split('-').filter(|x| content(x)) {
                        seen(
                            stemmer.stem(part).into_owned(),
                            part.to_string(),
                            false,
                            &mut out,
                        );
                    }
                }
                let Some(next) = run.get(i + 1) else { continue };
                if is_stop(w) || is_stop(next) {
                    continue;
                }
                // A phrase is about something: its last word is content or a filler
                // noun, and at least one of its words is content.
                let ends_well = content(next) || FILLER_HEADS.contains(&next.as_str());
                if ends_well && (content(w) || content(next)) {
                    let key = format!("{} {}", stemmer.stem(w), stemmer.stem(next));
                    seen(key, format!("{w} {next}"), true, &mut out);
                }
            }
        }
    }
    out
}

/// The phrase `group` shares (at least two of its papers' titles or aliases), to title a
/// group such as a plan's week. A phrase every member has comes first (*BERT* of *BERT*,
/// *TinyBERT: Distilling BERT …* and *ToD-BERT*, not the *natural language* of two of
/// them), lengthened to a longer phrase holding it that two or more share
/// (*task-oriented* to *task-oriented dialogue*); else, among phrases of two or more,
/// longer phrases first (in content words, so *mixture-of-experts* is two), then the one
/// more members share, then the one more of them have as a whole word (*memory* over the
/// *augmented* of *Recitation-Augmented*).
pub fn shared_phrase(papers: &[Paper], group: &[usize]) -> Option<String> {
    shared_phrase_except(papers, group, &[])
}

/// [`shared_phrase`] among the phrases no title of `taken` holds (word by word, case
/// aside): a plan's later week of the same family is not titled as an earlier one.
pub fn shared_phrase_except(papers: &[Paper], group: &[usize], taken: &[String]) -> Option<String> {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut surface: Surfaces = HashMap::new();
    // Members sharing the term, and how many of them have it as a whole word.
    let mut count: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for &i in group {
        let p = papers.get(i)?;
        for (t, whole) in title_terms(p, &stemmer, &mut surface) {
            let e = count.entry(t).or_insert((0, 0));
            e.0 += 1;
            e.1 += usize::from(whole);
        }
    }
    let length = |t: &str| {
        t.split([' ', '-'])
            .filter(|w| !w.is_empty() && !is_stop(w) && !FILLER.contains(w))
            .count()
    };
    let shown = |t: &str| {
        surface.get(t).and_then(|m| {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.clone())
        })
    };
    // A phrase is taken when a taken title holds its words in order (*experts* is part
    // of *mixture-of-experts*).
    let words = |x: &str| {
        let w: Vec<String> = x
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        format!(" {} ", w.join(" "))
    };
    let taken: Vec<String> = taken.iter().map(|x| words(x)).collect();
    let free = |t: &str| shown(t).is_some_and(|s| !taken.iter().any(|x| x.contains(&words(&s))));
    type Term<'a> = (&'a String, &'a (usize, usize));
    let order = |a: &Term, b: &Term| {
        length(a.0)
            .cmp(&length(b.0))
            .then(a.1.cmp(b.1))
            .then(b.0.cmp(a.0))
    };
    let shared = || count.iter().filter(|(t, c)| c.0 >= 2 && free(t));
    let everyone = shared()
        .filter(|(_, c)| c.0 == group.len())
        .max_by(order)
        .map(|(t, _)| t);
    let best = match everyone {
        Some(all) => {
            let inner = words(&shown(all)?);
            shared()
                .filter(|(t, _)| {
                    length(t) > length(all) && shown(t).is_some_and(|s| words(&s).contains(&inner))
                })
                .max_by(order)
                .map_or(all, |(t, _)| t)
        }
        None => shared().max_by(order)?.0,
    };
    // A part of compounds that no title of the list has as a word of its own (*shot*
    // of *Few-Shot* and *Zero-Shot*, *pre* of *Pre-trained*) says little alone: the
    // compounds it is part of. A name written alone elsewhere (*LLaMA* of *LLaMA-based*)
    // stays as it is.
    if count.get(best).is_some_and(|c| c.1 == 0) && !is_word_of(papers, best, &stemmer) {
        let compounds = compounds_of(papers, group, best, &stemmer);
        if !compounds.is_empty() {
            return Some(compounds.join(", "));
        }
    }
    shown(best)
}

/// Whether some title or alias of `papers` has a word (not part of a compound) stemming
/// to `term`.
fn is_word_of(papers: &[Paper], term: &str, stemmer: &Stemmer) -> bool {
    papers.iter().any(|p| {
        std::iter::once(p.title.as_str())
            .chain(p.alias.as_deref())
            .any(|text| {
                // An English stem begins its words (bar *y* → *i*): only texts holding it
                // are split and stemmed.
                text.to_lowercase().contains(term)
                    && words(text)
                        .into_iter()
                        .flatten()
                        .any(|w| !w.contains('-') && stemmer.stem(&w) == term)
            })
    })
}

/// The hyphenated words of `group`'s titles and aliases that have a part stemming to
/// `part`, one per stem (the spelling most members use), most frequent first (then in
/// alphabetical order), at most three.
fn compounds_of(papers: &[Paper], group: &[usize], part: &str, stemmer: &Stemmer) -> Vec<String> {
    // Per compound's stem: how many times, and each spelling's count.
    let mut seen: BTreeMap<String, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for p in group.iter().filter_map(|&i| papers.get(i)) {
        for text in std::iter::once(p.title.as_str()).chain(p.alias.as_deref()) {
            for w in words(text).into_iter().flatten() {
                if w.contains('-') && w.split('-').any(|x| stemmer.stem(x) == part) {
                    let key: Vec<String> =
                        w.split('-').map(|x| stemmer.stem(x).into_owned()).collect();
                    let e = seen.entry(key.join("-")).or_default();
                    e.0 += 1;
                    *e.1.entry(w).or_insert(0) += 1;
                }
            }
        }
    }
    let mut out: Vec<(String, usize)> = seen
        .into_values()
        .filter_map(|(n, spellings)| {
            let shown = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
            Some((shown.0, n))
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out.into_iter().take(3).map(|x| x.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn papers_titled(titles: &[&str]) -> Vec<Paper> {
        titles
            .iter()
            .map(|t| Paper {
                title: t.to_string(),
                ..Default::default()
            })
            .collect()
    }

    fn titled(titles: &[&str]) -> Option<String> {
        let papers = papers_titled(titles);
        let group: Vec<usize> = (0..papers.len()).collect();
        shared_phrase(&papers, &group)
    }

    #[test]
    fn a_part_only_compounds_share_is_shown_as_those_compounds() {
        // *shot* is no word of these titles: the week is about few- and zero-shot learning.
        assert_eq!(
            titled(&[
                "Language Models are Few-Shot Learners",
                "Low-rank Adaptation for Fast Text-to-Image Diffusion Fine-tuning",
                "FLAN: Finetuned Language Models Are Zero-Shot Learners",
            ])
            .as_deref(),
            Some("few-shot, zero-shot")
        );
        // One compound the members share is a phrase of its own, shown as it is; two
        // spellings of one compound are one.
        assert_eq!(
            titled(&["Few-Shot Dialogue", "Few-Shot Parsing"]).as_deref(),
            Some("few-shot")
        );
        assert_eq!(
            titled(&[
                "Pre-trained Encoders",
                "Pre-training Objectives",
                "Pre-trained Decoders"
            ])
            .as_deref(),
            Some("pre-trained")
        );
        // A name the list writes alone too is the name.
        let papers = papers_titled(&[
            "LLaMA-Adapter: Efficient Fine-tuning",
            "LLaMA-based ChatGPT training",
            "LLaMA: Open and Efficient Foundation Language Models",
        ]);
        assert_eq!(shared_phrase(&papers, &[0, 1]).as_deref(), Some("llama"));
    }

    #[test]
    fn a_big_topics_label_comes_from_phrases_many_members_share() {
        // Topic 0, 36 papers: three phrases of three members each that topic 1 uses too,
        // two speech papers at its edge (a phrase no other topic has, so c-TF-IDF ranks
        // it first), and one-off titles.
        let mut titles: Vec<String> = Vec::new();
        for (j, phrase) in ["Tool Agents", "Chain Reasoning", "Prompt Tricks"]
            .iter()
            .enumerate()
        {
            for i in 0..3 {
                titles.push(format!("{phrase} Note{j}{i}"));
            }
        }
        titles.push("Speech Recognition at Scale".into());
        titles.push("Robust Speech Recognition".into());
        for i in 0..25 {
            titles.push(format!("Study{i} Thing{i}"));
        }
        let mut assign = vec![0; titles.len()];
        for (j, phrase) in ["Tool Agents", "Chain Reasoning", "Prompt Tricks"]
            .iter()
            .enumerate()
        {
            for i in 0..4 {
                titles.push(format!("{phrase} Other{j}{i}"));
                assign.push(1);
            }
        }
        let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
        let papers = papers_titled(&refs);
        let kw = keywords(&papers, &assign, 2, 3, None);
        assert_eq!(kw[0].len(), 3, "{kw:?}");
        assert!(!kw[0].contains(&"speech recognition".to_string()), "{kw:?}");
        // With the phrases of enough members used up, a two-member phrase still names it.
        let kw = keywords(&papers, &assign, 2, 6, None);
        assert!(kw[0].contains(&"speech recognition".to_string()), "{kw:?}");
    }

    #[test]
    fn keywords_name_a_term_once_whatever_its_spelling() {
        // One topic of six papers and one of two; c-TF-IDF without meaning.
        let titles = [
            "Pre-training Deep Transformers for Vision",
            "Masked Pretraining of Image Transformers",
            "Pre-training Image Encoders at Scale",
            "Pretraining Vision Encoders with Masked Images",
            "Few-shot Learning of Image Encoders",
            "Few-shot Image Classification",
            "Speech Recognition in the Wild",
            "Robust Speech Recognition",
        ];
        let papers = papers_titled(&titles);
        let assign = [0, 0, 0, 0, 0, 0, 1, 1];
        let kw = keywords(&papers, &assign, 2, 6, None);
        let glued: Vec<String> = kw[0].iter().map(|k| k.replace(['-', ' '], "")).collect();
        for (a, x) in glued.iter().enumerate() {
            assert!(!glued[a + 1..].contains(x), "{x} twice in {:?}", kw[0]);
        }
        assert!(
            kw[0].iter().any(|k| k.replace('-', "") == "pretraining"),
            "{:?}",
            kw[0]
        );
        // A phrase around a chosen word adds nothing to it (*few-shot learning*).
        for k in kw[0].iter().filter(|k| k.contains(' ')) {
            assert!(
                k.split(' ').all(|w| !kw[0].iter().any(|x| x == w)),
                "{k} beside its own word in {:?}",
                kw[0]
            );
        }
    }

    #[test]
    fn a_week_is_titled_by_what_its_papers_share() {
        // The parts of a hyphenated word count: three papers share "llama".
        assert_eq!(
            titled(&[
                "LLaMA: Open and Efficient Foundation Language Models",
                "Llama 2: Open Foundation and Fine-Tuned Chat Models",
                "LLaMA-based ChatGPT training",
            ])
            .as_deref(),
            Some("llama")
        );
        // A hyphenated phrase is as long as its content words.
        assert_eq!(
            titled(&[
                "GLaM: Efficient Scaling of Language Models with Mixture-of-Experts",
                "Outrageously Large Neural Networks: The Sparsely-Gated Mixture-of-Experts Layer",
                "Scaling Vision with Sparse Mixture of Experts",
            ])
            .as_deref(),
            Some("mixture-of-experts")
        );
        // Whole words before parts at equal support.
        assert_eq!(
            titled(&[
                "Recitation-Augmented Language Models",
                "Large Language Models with Controllable Working Memory",
                "Augmenting Language Models with Long-Term Memory",
            ])
            .as_deref(),
            Some("memory")
        );
        // A filler noun may end a phrase; a filler adjective may not.
        assert_eq!(
            titled(&[
                "TinyBERT: Distilling BERT for Natural Language Understanding",
                "ERNIE 2.0: A Continual Pre-training Framework for Natural Language Processing",
            ])
            .as_deref(),
            Some("natural language")
        );
        assert_eq!(
            titled(&[
                "Multi-Task Deep Neural Networks for Natural Language Understanding",
                "Multi-Task Deep Networks",
            ])
            .as_deref(),
            Some("multi-task")
        );
        // Filler alone names nothing.
        // A name every member has over a longer phrase of two of them.
        assert_eq!(
            titled(&[
                "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
                "TinyBERT: Distilling BERT for Natural Language Understanding",
                "ToD-BERT: Pre-trained Natural Language Understanding for Task-Oriented Dialogue",
            ])
            .as_deref(),
            Some("bert")
        );
        // What all share, lengthened by a phrase holding it that two share.
        assert_eq!(
            titled(&[
                "Transferable Multi-Domain State Generator for Task-Oriented Dialogue Systems",
                "SOLOIST: Few-shot Task-Oriented Dialog with A Single Pre-trained Auto-regressive Model",
                "A Simple Language Model for Task-Oriented Dialogue",
            ])
            .as_deref(),
            Some("task-oriented dialogue")
        );
        assert_eq!(titled(&["Large Language Models", "Language Models"]), None);
    }

    #[test]
    fn a_later_week_skips_the_titles_earlier_weeks_took() {
        let papers = papers_titled(&[
            "Mixture-of-Experts Memory for Llama Models",
            "Mixture-of-Experts Routing with Memory",
            "Memory Layers at Scale",
        ]);
        let all = [0, 1, 2];
        let shared = |taken: &[&str]| {
            let taken: Vec<String> = taken.iter().map(|t| t.to_string()).collect();
            shared_phrase_except(&papers, &all, &taken)
        };
        // Every member says *memory*; two say the longer *mixture-of-experts*.
        assert_eq!(shared(&[]).as_deref(), Some("memory"));
        // Case does not make a title new.
        assert_eq!(shared(&["Memory"]).as_deref(), Some("mixture-of-experts"));
        assert_eq!(shared(&["mixture-of-experts"]).as_deref(), Some("memory"));
        // Nor does a part of an earlier title.
        assert_eq!(shared(&["mixture-of-experts", "memory"]), None);
        assert_eq!(shared(&["sparse mixture of experts", "long memory"]), None);
        assert_eq!(shared_phrase(&papers, &all), shared(&[]));
    }
}
