//! Names the field calls papers by that their titles do not say: `GPT-3` is *Language
//! Models are Few-Shot Learners*, `word2vec` *Efficient Estimation of Word Representations
//! in Vector Space*, `Chinchilla` *Training Compute-Optimal Large Language Models*. Each
//! name is pinned to the paper's arXiv id (or, for a paper arXiv does not have, its exact
//! title), so it names a paper of a list only when the list has that very paper; a
//! reference reaches this table only when no title, alias or id of the list names it
//! ([`super::resolve`]).

/// How a known name's paper is recognised in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pin {
    /// Its arXiv id (the paper's own id, or an arXiv link's).
    Arxiv(&'static str),
    /// Its title, for a paper arXiv does not have.
    Title(&'static str),
}

/// Names and the papers they name, the first of a name's pins the list has winning.
const KNOWN: &[(&[&str], &[Pin])] = {
    use Pin::{Arxiv, Title};
    &[
        (&["GPT-3"], &[Arxiv("2005.14165")]),
        (
            &["GPT-2"],
            &[Title("Language Models are Unsupervised Multitask Learners")],
        ),
        (
            &["GPT-1"],
            &[Title(
                "Improving Language Understanding by Generative Pre-Training",
            )],
        ),
        (&["InstructGPT"], &[Arxiv("2203.02155")]),
        (&["ELMo"], &[Arxiv("1802.05365")]),
        (
            &["word2vec", "skip-gram"],
            &[Arxiv("1301.3781"), Arxiv("1310.4546")],
        ),
        (&["seq2seq"], &[Arxiv("1409.3215")]),
        (&["Transformer", "the Transformer"], &[Arxiv("1706.03762")]),
        (&["RoBERTa"], &[Arxiv("1907.11692")]),
        (&["BART"], &[Arxiv("1910.13461")]),
        (&["DistilBERT"], &[Arxiv("1910.01108")]),
        (&["Sentence-BERT", "SBERT"], &[Arxiv("1908.10084")]),
        (&["T0"], &[Arxiv("2110.08207")]),
        (
            &["Flan-T5", "Flan-PaLM", "Flan 2022"],
            &[Arxiv("2210.11416")],
        ),
        (&["Chinchilla"], &[Arxiv("2203.15556")]),
        (&["Gopher"], &[Arxiv("2112.11446")]),
        (&["RETRO"], &[Arxiv("2112.04426")]),
        (&["LaMDA"], &[Arxiv("2201.08239")]),
        (&["OPT"], &[Arxiv("2205.01068")]),
        (&["BLOOM"], &[Arxiv("2211.05100")]),
        (&["Galactica"], &[Arxiv("2211.09085")]),
        (&["UL2"], &[Arxiv("2205.05131")]),
        (&["Minerva"], &[Arxiv("2206.14858")]),
        (&["Codex"], &[Arxiv("2107.03374")]),
        (&["AlphaCode"], &[Arxiv("2203.07814")]),
        (&["Gato"], &[Arxiv("2205.06175")]),
        (&["GShard"], &[Arxiv("2006.16668")]),
        (&["Switch Transformer"], &[Arxiv("2101.03961")]),
        (&["Megatron-LM", "Megatron"], &[Arxiv("1909.08053")]),
        (&["ZeRO"], &[Arxiv("1910.02054")]),
        (&["phi-1"], &[Arxiv("2306.11644")]),
        (&["Mistral", "Mistral 7B"], &[Arxiv("2310.06825")]),
        (&["Mixtral"], &[Arxiv("2401.04088")]),
        (&["Gemini"], &[Arxiv("2312.11805")]),
        (&["CoT", "chain-of-thought"], &[Arxiv("2201.11903")]),
        (&["ReAct"], &[Arxiv("2210.03629")]),
        (&["Self-Instruct"], &[Arxiv("2212.10560")]),
        (&["Toolformer"], &[Arxiv("2302.04761")]),
        (&["Sparrow"], &[Arxiv("2209.14375")]),
        (&["RAG"], &[Arxiv("2005.11401")]),
        (&["DPR"], &[Arxiv("2004.04906")]),
        (&["DPO"], &[Arxiv("2305.18290")]),
        (&["PPO"], &[Arxiv("1707.06347")]),
        (&["scaling laws"], &[Arxiv("2001.08361")]),
        (&["MMLU"], &[Arxiv("2009.03300")]),
        (&["BIG-bench"], &[Arxiv("2206.04615")]),
        (&["HELM"], &[Arxiv("2211.09110")]),
        (&["ViT", "Vision Transformer"], &[Arxiv("2010.11929")]),
        (&["CLIP"], &[Arxiv("2103.00020")]),
        (&["DALL-E"], &[Arxiv("2102.12092")]),
        (&["Whisper"], &[Arxiv("2212.04356")]),
        (&["DDPM"], &[Arxiv("2006.11239")]),
        (
            &["Stable Diffusion", "latent diffusion", "LDM"],
            &[Arxiv("2112.10752")],
        ),
        (&["ResNet"], &[Arxiv("1512.03385")]),
        (&["Adam"], &[Arxiv("1412.6980")]),
        (&["GAN"], &[Arxiv("1406.2661")]),
        (&["VAE"], &[Arxiv("1312.6114")]),
        (
            &["batch normalization", "BatchNorm"],
            &[Arxiv("1502.03167")],
        ),
    ]
};

/// A name as names are compared: lowercase letters and digits alone (`GPT-3`, `gpt 3` and
/// `GPT3` are one name).
pub fn squashed(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The pins of the paper `reference` names, when it is a known name.
pub fn pins(reference: &str) -> &'static [Pin] {
    let q = squashed(reference);
    if q.is_empty() {
        return &[];
    }
    KNOWN
        .iter()
        .find(|(names, _)| names.iter().any(|n| squashed(n) == q))
        .map_or(&[], |(_, pins)| pins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_name_is_pinned_however_it_is_spelled() {
        for q in ["GPT-3", "gpt3", "GPT 3", "Gpt-3"] {
            assert_eq!(pins(q), [Pin::Arxiv("2005.14165")], "{q}");
        }
        assert_eq!(pins("Chain of Thought"), [Pin::Arxiv("2201.11903")]);
        assert_eq!(pins("word2vec").len(), 2);
        for q in ["GPT-4", "", "—", "LoRA"] {
            assert!(pins(q).is_empty(), "{q}");
        }
        // Every name is written once, and is one paper's.
        let mut all: Vec<String> = KNOWN
            .iter()
            .flat_map(|(names, _)| names.iter().map(|n| squashed(n)))
            .collect();
        assert!(all.iter().all(|n| !n.is_empty()));
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
