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

/// The arXiv id an entry's link names (`http://arxiv.org/abs/2106.09685v2`,
/// `http://arxiv.org/abs/hep-th/9901001v1`), without its version.
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

/// The entries of an Atom answer, read as any Atom feed is
/// ([`crate::corpus::feed::atom_entries`]: TeX made plain, error entries left out), with
/// an arXiv id and an abstract; anything but Atom is an error.
pub fn parse(xml: &str) -> Result<Vec<Entry>, String> {
    Ok(crate::corpus::feed::atom_entries(xml)?
        .into_iter()
        .filter_map(|e| {
            Some(Entry {
                id: entry_id(&e.url)?,
                title: e.title,
                summary: e.abstract_text?,
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
