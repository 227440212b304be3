//! How a term two texts share is shown to people: as one of the texts writes it (a
//! reason's `shared terms: low-rank, adaptation`), not as the stem the index keeps.

use super::analyze::{camel_piece, terms};
use super::FILLER;

/// The words of `text` that write each of `stems` (in their order), as [`shared_part`]
/// shows them, lowercase, without filler words, each once, at most `n`.
pub fn as_written(stems: &[String], text: &str, n: usize) -> Vec<String> {
    stems
        .iter()
        .filter_map(|stem| {
            let word = text
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .find(|w| terms(w).contains(stem))?;
            shared_part(word, stem, stems).map(str::to_lowercase)
        })
        .filter(|w| !FILLER.contains(&w.as_str()))
        .fold(Vec::new(), |mut acc, w| {
            if !acc.contains(&w) && acc.len() < n {
                acc.push(w);
            }
            acc
        })
}

/// The part of a hyphenated `word` that gives `stem`, unless every part is shared: a
/// reason names what the two papers share (`quantized` of *Sparse-Quantized*, not the
/// whole word), but keeps a compound whose parts both are (`low-rank`), and one whose
/// part is a bare prefix of three letters or fewer (`pre-training`, not `pre`; a name
/// such as `GPT` or `MoE` stays a part); of a name the stem is one piece of, the piece
/// (*InstructGPT* and *BioGPT* share `GPT`, not `biogpt`) — and nothing when that piece
/// is a cut of under three letters (*LoRA* and *MSPLoRA* share the index's `lo` and `ra`,
/// which name nothing).
pub fn shared_part<'a>(word: &'a str, stem: &str, shared: &[String]) -> Option<&'a str> {
    let part = hyphen_part(word, stem, shared);
    let is_name = super::names::is_acronym_like(part);
    if part.chars().count() <= 3 && !is_name {
        return Some(word);
    }
    // A name the stem is one piece of: the piece (`GPT` of *BioGPT*); a compound kept
    // whole above (`Low-Rank`) stays whole.
    match camel_piece(part, stem) {
        Some(piece) if is_name && !part.contains('-') => {
            let piece = &part[piece];
            (piece.chars().count() >= 3).then_some(piece)
        }
        _ => Some(part),
    }
}

/// [`shared_part`] before its rules for prefixes and names.
fn hyphen_part<'a>(word: &'a str, stem: &str, shared: &[String]) -> &'a str {
    let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
    if parts.len() < 2
        || parts
            .iter()
            .all(|p| terms(p).iter().all(|t| shared.contains(t)))
    {
        return word;
    }
    parts
        .into_iter()
        .find(|p| terms(p).iter().any(|t| t == stem))
        .unwrap_or(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_names_the_shared_part_of_a_hyphenated_word() {
        let shared = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            shared_part("Sparse-Quantized", "quantiz", &shared(&["quantiz"])),
            Some("Quantized")
        );
        assert_eq!(
            shared_part("Low-rank", "rank", &shared(&["low", "rank", "adapt"])),
            Some("Low-rank")
        );
        assert_eq!(
            shared_part("ERNIE-ViL", "erni", &shared(&["erni"])),
            Some("ERNIE")
        );
        assert_eq!(
            shared_part("Quantized", "quantiz", &shared(&[])),
            Some("Quantized")
        );
        // A bare prefix says nothing: the compound is named.
        assert_eq!(
            shared_part("Pre-training", "pre", &shared(&["pre"])),
            Some("Pre-training")
        );
        assert_eq!(
            shared_part("Pre-trained", "pre", &shared(&["pre", "bert"])),
            Some("Pre-trained")
        );
        assert_eq!(shared_part("GPT-4", "gpt", &shared(&["gpt"])), Some("GPT"));
        assert_eq!(shared_part("BioGPT", "gpt", &shared(&["gpt"])), Some("GPT"));
        assert_eq!(
            shared_part("BioGPT", "biogpt", &shared(&["biogpt"])),
            Some("BioGPT")
        );
    }

    #[test]
    fn shared_stems_are_shown_as_the_text_writes_them() {
        // Only *rank* of *Low-Rank* is shared: the part; *lora* is no piece of *MSPLoRA*
        // as the index cuts it (`MSP`, `Lo`, `RA`): nothing.
        let stems: Vec<String> = ["rank", "adapt", "lora"].map(String::from).to_vec();
        let title = "MSPLoRA: A Multi-Scale Pyramid Low-Rank Adaptation";
        assert_eq!(as_written(&stems, title, 3), ["rank", "adaptation"]);
        // Both parts shared: the compound, once.
        let stems: Vec<String> = ["low", "rank"].map(String::from).to_vec();
        assert_eq!(as_written(&stems, title, 3), ["low-rank"]);
        // A cut of a name is no word: *LoRA*'s `lo` and `ra` in *MSPLoRA*.
        let stems: Vec<String> = ["lo", "ra", "adapt"].map(String::from).to_vec();
        assert_eq!(as_written(&stems, title, 3), ["adaptation"]);
    }
}
