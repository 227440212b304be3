//! The arXiv API's Atom answer to an `id_list` query: each entry's arXiv id (without
//! its version), title and abstract (`summary`), their TeX read as arXiv's snapshot's is
//! ([`crate::corpus::latex::tex`]). Error entries (an id arXiv cannot read) are left out.

/// One paper of an Atom answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `2106.09685` or `hep-th/9901001`, no version.
    pub id: String,
    pub title: String,
    pub summary: String,
}

use crate::corpus::markdown::collapse;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The arXiv id an entry's `<id>` names (`http://arxiv.org/abs/2106.09685v2`).
fn entry_id(url: &str) -> Option<String> {
    let rest = url.trim().split("/abs/").nth(1)?;
    let base = match rest.rfind('v') {
        Some(v)
            if v > 0 && rest[v + 1..].chars().all(|c| c.is_ascii_digit()) && v + 1 < rest.len() =>
        {
            &rest[..v]
        }
        _ => rest,
    };
    (!base.is_empty()).then(|| base.to_string())
}

/// The entries of an Atom feed; an answer that is not Atom is an error.
pub fn parse(xml: &str) -> Result<Vec<Entry>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("not an Atom feed ({e})"))?;
    let root = doc.root_element();
    if !root.has_tag_name((ATOM, "feed")) {
        return Err(format!(
            "not an Atom feed (its root is <{}>)",
            root.tag_name().name()
        ));
    }
    let text = |e: roxmltree::Node, name: &str| -> String {
        e.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .map(collapse)
            .unwrap_or_default()
    };
    Ok(root
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .filter_map(|e| {
            let id = entry_id(&text(e, "id"))?;
            let plain = |name: &str| collapse(&crate::corpus::latex::tex(&text(e, name)));
            let summary = plain("summary");
            (!summary.is_empty()).then(|| Entry {
                id,
                title: plain("title"),
                summary,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_skips_error_entries() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>arXiv Query</title>
  <entry>
    <id>http://arxiv.org/abs/2106.09685v2</id>
    <title>LoRA: Low-Rank Adaptation of
      Large Language Models</title>
    <summary>  An important paradigm
   of natural language processing.</summary>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v1</id>
    <title>Old style: Schr\"odinger's $\alpha$</title>
    <summary>Old abstract with $O(n \log n)$ steps.</summary>
  </entry>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
    <title>Error</title>
    <summary>incorrect id format for 1234</summary>
  </entry>
</feed>"#;
        let e = parse(xml).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].id, "2106.09685");
        assert_eq!(
            e[0].title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(
            e[0].summary,
            "An important paradigm of natural language processing."
        );
        assert_eq!(e[1].id, "hep-th/9901001");
        // arXiv's TeX, read as the snapshot's is.
        assert_eq!(e[1].title, "Old style: Schrödinger's α");
        assert_eq!(e[1].summary, "Old abstract with O(n log n) steps.");
    }

    #[test]
    fn what_is_not_atom_is_an_error() {
        assert!(parse("{\"results\": []}").is_err());
        assert!(parse("<html><body>busy</body></html>").is_err());
    }
}
