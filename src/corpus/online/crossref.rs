//! Crossref works: `message.title[0]` and `message.abstract`, whose JATS markup
//! (`<jats:p>`, `<jats:title>Abstract</jats:title>`) is taken out.

use super::openalex::Work;
use serde_json::Value;

pub use crate::corpus::json::strip_jats;

fn work(v: &Value) -> Option<Work> {
    let title = v.get("title")?.as_array()?.first()?.as_str()?;
    Some(Work {
        title: crate::corpus::markdown::collapse(title),
        abstract_text: v
            .get("abstract")
            .and_then(Value::as_str)
            .map(strip_jats)
            .filter(|a| !a.is_empty()),
    })
}

fn message(body: &str) -> Result<Value, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("not a JSON answer ({e})"))?;
    v.get("message")
        .cloned()
        .ok_or_else(|| "an answer without \"message\"".to_string())
}

/// One work (`/works/{doi}`).
pub fn parse_work(body: &str) -> Result<Option<Work>, String> {
    Ok(work(&message(body)?))
}

/// The works of a search (`/works?query.bibliographic=…`): `message.items`.
pub fn parse_search(body: &str) -> Result<Vec<Work>, String> {
    let m = message(body)?;
    let items = m
        .get("items")
        .and_then(Value::as_array)
        .ok_or("a search answer without \"message.items\"")?;
    Ok(items.iter().filter_map(work).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jats_markup_and_the_heading_go() {
        let a = "<jats:title>Abstract</jats:title><jats:p>We study <jats:italic>x</jats:italic> &amp; y.</jats:p>";
        assert_eq!(strip_jats(a), "We study x & y.");
    }

    #[test]
    fn works_and_searches_parse() {
        let w = parse_work(r#"{"message": {"title": ["T"], "abstract": "<jats:p>A</jats:p>"}}"#)
            .unwrap()
            .unwrap();
        assert_eq!(
            (w.title.as_str(), w.abstract_text.as_deref()),
            ("T", Some("A"))
        );
        let s = parse_search(r#"{"message": {"items": [{"title": ["U"]}]}}"#).unwrap();
        assert_eq!(s[0].abstract_text, None);
        assert!(parse_search(r#"{"message": {}}"#).is_err());
    }
}
