//! What a cache beside an index generation depends on besides the generation's own
//! (immutable) passages and vectors: where the papers stand in the list, the readnext
//! build that computed it, and the papers' fields that are not embedded
//! ([`crate::index::papers::extra_fields`], kept with the papers). Part of every such
//! cache's key.

use crate::corpus::Paper;
use crate::index::cache;
pub use crate::index::cache::build_stamp;

/// A key of where the papers stand in the list and what they are called: ids, first
/// lines and headings (the list-order edges of topics read them; none is embedded).
pub fn list_places(papers: &[Paper]) -> u64 {
    let mut key = cache::KeyOf::default();
    for p in papers {
        key.write(p.id.as_bytes());
        key.write(b"\x01");
        key.write(p.first_line().to_string().as_bytes());
        key.write(b"\x01");
        key.write(p.heading.as_deref().unwrap_or("").as_bytes());
        key.write(b"\x03");
    }
    key.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::papers::extra_fields;

    #[test]
    fn keys_are_those_of_the_joined_text() {
        // The keys name caches already on disk: fed in pieces, they must not change.
        let papers = vec![
            Paper {
                id: "a1".into(),
                alias: Some("BERT".into()),
                keywords: vec!["nlp".into(), "검색".into()],
                lines: vec![12],
                heading: Some("Classics".into()),
                ..Paper::default()
            },
            Paper {
                id: "b2".into(),
                ..Paper::default()
            },
        ];
        let joined = "BERT\u{1}nlp\u{2}검색\u{2}\u{3}\u{1}\u{3}";
        assert_eq!(extra_fields(&papers), cache::key_of(joined));
        let places = "a1\u{1}12\u{1}Classics\u{3}b2\u{1}0\u{1}\u{3}";
        assert_eq!(list_places(&papers), cache::key_of(places));
    }
}
