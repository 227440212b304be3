//! What a cache beside an index generation depends on besides the generation's own
//! (immutable) passages and vectors: the papers' fields that are not embedded, and the
//! readnext build that computed it. Part of every such cache's key.

use crate::corpus::Paper;
use crate::index::cache;
pub use crate::index::cache::build_stamp;

/// A key of the lexical fields that are not part of the embedded passage (titles and
/// abstracts are, and the generation is keyed by its passages): aliases and keywords.
pub fn extra_fields(papers: &[Paper]) -> u64 {
    let mut text = String::new();
    for p in papers {
        text.push_str(p.alias.as_deref().unwrap_or(""));
        text.push('\u{1}');
        for k in &p.keywords {
            text.push_str(k);
            text.push('\u{2}');
        }
        text.push('\u{3}');
    }
    cache::key_of(&text)
}

/// A key of where the papers stand in the list and what they are called: ids, first
/// lines and headings (the list-order edges of topics read them; none is embedded).
pub fn list_places(papers: &[Paper]) -> u64 {
    let mut text = String::new();
    for p in papers {
        text.push_str(&p.id);
        text.push('\u{1}');
        text.push_str(&p.first_line().to_string());
        text.push('\u{1}');
        text.push_str(p.heading.as_deref().unwrap_or(""));
        text.push('\u{3}');
    }
    cache::key_of(&text)
}
