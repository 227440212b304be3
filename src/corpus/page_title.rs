//! A paper's title as a browser saves it: the page's `<title>`, which sites decorate
//! with their own name (`… | OpenReview`, `… - ACL Anthology`, `[PDF] … | Semantic
//! Scholar`, `Paper page - …`), arXiv with the paper's id (`[2106.09685] LoRA: …`), and
//! a PDF with its file name (`2106.09685v2.pdf`). Bookmark exports and pasted tab titles
//! carry them; the paper's title is what is left.

use std::sync::OnceLock;

/// Sites whose name a page title ends with after ` | `, ` - `, ` – ` or ` — ` (compared
/// without case).
const SITE_SUFFIXES: &[&str] = &[
    "openreview",
    "acl anthology",
    "semantic scholar",
    "papers with code",
    "sciencedirect",
    "springerlink",
    "springer",
    "nature",
    "science",
    "pnas",
    "ieee xplore",
    "ieee journals & magazine | ieee xplore",
    "ieee conference publication | ieee xplore",
    "wiley online library",
    "taylor & francis online",
    "acm digital library",
    "researchgate",
    "arxiv",
    "arxiv.org",
    "pubmed",
    "pmc",
    "biorxiv",
    "medrxiv",
    "hugging face",
    "google research",
    "google scholar",
    "proceedings.mlr.press",
];

/// Prefixes sites put before the title (compared without case).
const SITE_PREFIXES: &[&str] = &["[pdf] ", "(pdf) ", "paper page - ", "papers with code - "];

/// The paper's title in a page title, and the arXiv id arXiv's own page title starts
/// with (`[2106.09685] LoRA: …` → `LoRA: …`, `2106.09685`). A title that is only a PDF's
/// file name (`2106.09685v2.pdf`, `paper.pdf`) is no title: empty.
pub fn paper_title(page_title: &str) -> (String, Option<String>) {
    let mut t = page_title.trim();
    let mut arxiv = None;
    if let Some(c) = arxiv_prefix().captures(t) {
        arxiv = c.get(1).map(|m| m.as_str().to_string());
        t = c.get(2).map_or("", |m| m.as_str());
    }
    if is_file_name(t) {
        return (String::new(), arxiv);
    }
    loop {
        let before = t.len();
        for p in SITE_PREFIXES {
            if let Some(head) = t.get(..p.len()) {
                if head.eq_ignore_ascii_case(p) {
                    t = t[p.len()..].trim_start();
                }
            }
        }
        t = strip_site_suffix(t);
        if t.len() == before {
            break;
        }
    }
    (t.trim().to_string(), arxiv)
}

/// `t` without a site's name after its last separator, or an ACM venue (`… | Proceedings
/// of the 29th ACM …`, `… | ACM Transactions on …`).
fn strip_site_suffix(t: &str) -> &str {
    for sep in [" | ", " - ", " – ", " — "] {
        // The site's name may hold a separator itself (`IEEE Conference Publication | IEEE
        // Xplore`): try each place the separator stands, from the first.
        for (at, _) in t.match_indices(sep) {
            let tail = t[at + sep.len()..].trim().to_lowercase();
            let venue =
                sep == " | " && (tail.starts_with("proceedings of") || tail.starts_with("acm "));
            if at > 0 && (venue || SITE_SUFFIXES.contains(&tail.as_str())) {
                return t[..at].trim_end();
            }
        }
    }
    t
}

/// Whether `t` is a file name rather than a title: one word ending in `.pdf`.
fn is_file_name(t: &str) -> bool {
    !t.contains(char::is_whitespace) && super::file_name::ends_in_pdf(t)
}

fn arxiv_prefix() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Built from a constant pattern: compiling it cannot fail.
        #[allow(clippy::unwrap_used)]
        regex::Regex::new(r"^\[(\d{4}\.\d{4,5})(?:v\d+)?\]\s*(.*)$").unwrap()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_and_ids_come_off_a_page_title() {
        for (page, title, id) in [
            (
                "[2106.09685] LoRA: Low-Rank Adaptation of Large Language Models",
                "LoRA: Low-Rank Adaptation of Large Language Models",
                Some("2106.09685"),
            ),
            (
                "[2305.14314v1] QLoRA: Efficient Finetuning of Quantized LLMs",
                "QLoRA: Efficient Finetuning of Quantized LLMs",
                Some("2305.14314"),
            ),
            ("2106.09685v2.pdf", "", None),
            ("[2106.09685] 2106.09685.pdf", "", Some("2106.09685")),
            (
                "Finetuned Language Models are Zero-Shot Learners | OpenReview",
                "Finetuned Language Models are Zero-Shot Learners",
                None,
            ),
            (
                "BART: Denoising Sequence-to-Sequence Pre-training - ACL Anthology",
                "BART: Denoising Sequence-to-Sequence Pre-training",
                None,
            ),
            (
                "[PDF] Attention is All you Need | Semantic Scholar",
                "Attention is All you Need",
                None,
            ),
            (
                "Paper page - QLoRA: Efficient Finetuning of Quantized LLMs",
                "QLoRA: Efficient Finetuning of Quantized LLMs",
                None,
            ),
            (
                "Unbiased Learning-to-Rank with Biased Feedback | Proceedings of the Tenth ACM International Conference on Web Search and Data Mining",
                "Unbiased Learning-to-Rank with Biased Feedback",
                None,
            ),
            (
                "Deep Residual Learning | IEEE Conference Publication | IEEE Xplore",
                "Deep Residual Learning",
                None,
            ),
            (
                "Highly accurate protein structure prediction with AlphaFold | Nature",
                "Highly accurate protein structure prediction with AlphaFold",
                None,
            ),
        ] {
            assert_eq!(
                paper_title(page),
                (title.to_string(), id.map(str::to_string)),
                "{page}"
            );
        }
        // A title's own dashes and bars stay; so does a title that is a site's name.
        for kept in [
            "Sequence to Sequence Learning with Neural Networks",
            "BERT - Pre-training of Deep Bidirectional Transformers",
            "Nature",
            "Attention Is All You Need | Transformers explained",
        ] {
            assert_eq!(paper_title(kept).0, kept);
        }
    }
}
