//! Model and method names (`BERT`, `SciBERT`, `ERNIE-ViL`, `QLoRA`): taken from the
//! alias, the short name before a title's colon, and acronym-like words of the
//! title. Two papers whose names contain one another (`lora` ⊂ `qlora`,
//! `bert` ⊂ `biobert`) are likely one family; rarer names count more.

use std::collections::HashMap;

/// Names shorter than this are ignored (`AI`, `LM`).
const MIN_LEN: usize = 3;
/// Credit for a name contained in another, relative to an exact match.
const CONTAINED: f32 = 0.8;

fn is_acronym_like(word: &str) -> bool {
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let camel = word
        .chars()
        .zip(word.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    upper >= 2 || camel
}

fn push_name(out: &mut Vec<String>, raw: &str) {
    let lower: String = raw
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if lower.chars().count() >= MIN_LEN
        && lower.chars().any(|c| c.is_alphabetic())
        && !out.contains(&lower)
    {
        out.push(lower);
    }
}

/// The names of a paper.
pub fn names(title: &str, alias: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| {
            c.is_whitespace() || c == '-' || c == '/' || c == ',' || c == '(' || c == ')'
        })
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
    };
    if let Some(a) = alias {
        for w in words(a) {
            push_name(&mut out, &w);
        }
    }
    if let Some((head, _)) = title.split_once(':') {
        let ws = words(head);
        if ws.len() <= 3 {
            for w in ws {
                push_name(&mut out, &w);
            }
        }
    }
    for w in words(title) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if is_acronym_like(w) {
            push_name(&mut out, w);
        }
    }
    out
}

/// Names of every paper with their rarity.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    names: Vec<Vec<String>>,
    weight: HashMap<String, f32>,
    /// Every distinct name (sorted) and the documents that have it.
    distinct: Vec<(String, Vec<u32>)>,
}

impl NameIndex {
    /// Index the names of each document.
    pub fn new(names: Vec<Vec<String>>) -> NameIndex {
        let mut df: HashMap<String, usize> = HashMap::new();
        for ns in &names {
            for n in ns {
                *df.entry(n.clone()).or_insert(0) += 1;
            }
        }
        let total = names.len().max(2) as f32;
        let weight = df
            .into_iter()
            .map(|(n, d)| (n, ((total / d as f32).ln() / total.ln()).clamp(0.0, 1.0)))
            .collect();
        let mut docs: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
        for (i, ns) in names.iter().enumerate() {
            for n in ns {
                let list = docs.entry(n.as_str()).or_default();
                if list.last() != Some(&(i as u32)) {
                    list.push(i as u32);
                }
            }
        }
        let distinct = docs.into_iter().map(|(n, d)| (n.to_string(), d)).collect();
        NameIndex {
            names,
            weight,
            distinct,
        }
    }

    /// The documents whose [`NameIndex::score`] against `q` is above 0, ascending: found
    /// through the distinct names rather than every document (the relatedness graph of
    /// a 100,000-paper list asks this once per paper).
    pub fn matching(&self, q: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .distinct
            .iter()
            .filter(|(b, _)| q.iter().any(|a| self.pair(a, b) > 0.0))
            .flat_map(|(_, docs)| docs.iter().map(|&d| d as usize))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The `limit` documents of [`NameIndex::matching`] with the best score against `q`
    /// (ties to the earlier document), ascending: a name that a big list shares by the
    /// thousand (`llms`) would otherwise make every one of them a candidate.
    pub fn best_matching(&self, q: &[String], limit: usize) -> Vec<usize> {
        let all = self.matching(q);
        if all.len() <= limit {
            return all;
        }
        let mut scored: Vec<(f32, usize)> =
            all.into_iter().map(|i| (self.score(q, i), i)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut out: Vec<usize> = scored.into_iter().take(limit).map(|x| x.1).collect();
        out.sort_unstable();
        out
    }

    /// Names of document `i`.
    pub fn doc(&self, i: usize) -> &[String] {
        &self.names[i]
    }

    fn rarity(&self, name: &str) -> f32 {
        self.weight.get(name).copied().unwrap_or(1.0)
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
            for b in &self.names[i] {
                best = best.max(self.pair(a, b));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            vec!["qlora", "llms"]
        );
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
