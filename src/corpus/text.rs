//! Plain-text lists (`.txt`): one paper a line, as a title, a URL, an arXiv id, or a
//! title followed by its URL. Blank lines and lines starting with `#` are skipped.
//!
//! A line with only a URL or an id has no title to embed; its link stands in as the
//! title until the list says more (the passage is then the link's words).

use super::markdown::collapse;
use super::normalize::{arxiv_id_from_ref, arxiv_id_from_url};
use super::paper::Entry;

/// Parse a plain-text list.
pub fn parse(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let url_at = line.find("https://").or_else(|| line.find("http://"));
        let (title, url) = match url_at {
            Some(at) => {
                let url = line[at..].split_whitespace().next().unwrap_or_default();
                let rest = format!("{} {}", &line[..at], &line[at + url.len()..]);
                let title = collapse(rest.trim_matches(|c: char| {
                    c.is_whitespace()
                        || matches!(c, '-' | '–' | '|' | ':' | ',' | '<' | '>' | '(' | ')')
                }));
                (title, url.to_string())
            }
            None => match arxiv_id_from_ref(line) {
                Some(id) => (String::new(), format!("https://arxiv.org/abs/{id}")),
                None => (collapse(line), String::new()),
            },
        };
        let title = if title.is_empty() {
            match arxiv_id_from_url(&url) {
                Some(id) => format!("arXiv:{id}"),
                None => url.clone(),
            }
        } else {
            title
        };
        out.push(Entry {
            title,
            url,
            line: i + 1,
            ..Default::default()
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_urls_ids_and_titles_with_urls() {
        let e = parse(
            "# our list\n\nAttention Is All You Need\nhttps://arxiv.org/abs/1810.04805\n\
             arXiv:2106.09685\nQLoRA: Efficient Finetuning of Quantized LLMs - https://arxiv.org/abs/2305.14314\n",
        );
        let got: Vec<(&str, &str, usize)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.url.as_str(), e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Attention Is All You Need", "", 3),
                ("arXiv:1810.04805", "https://arxiv.org/abs/1810.04805", 4),
                ("arXiv:2106.09685", "https://arxiv.org/abs/2106.09685", 5),
                (
                    "QLoRA: Efficient Finetuning of Quantized LLMs",
                    "https://arxiv.org/abs/2305.14314",
                    6
                ),
            ]
        );
    }
}
