//! OpenAlex works: the title, and the abstract, which OpenAlex keeps as an inverted
//! index (`{"word": [positions]}`) that is put back in order here.

use serde_json::Value;

/// A work's title and abstract (if it has one).
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    pub title: String,
    pub abstract_text: Option<String>,
}

pub use crate::corpus::json::rebuild_abstract;

fn work(v: &Value) -> Option<Work> {
    let title = v
        .get("title")
        .and_then(Value::as_str)
        .or_else(|| v.get("display_name").and_then(Value::as_str))?;
    Some(Work {
        title: crate::corpus::markdown::collapse(title),
        abstract_text: v.get("abstract_inverted_index").and_then(rebuild_abstract),
    })
}

fn json(body: &str) -> Result<Value, String> {
    serde_json::from_str(body).map_err(|e| format!("not a JSON answer ({e})"))
}

/// One work (`/works/doi:…`).
pub fn parse_work(body: &str) -> Result<Option<Work>, String> {
    Ok(work(&json(body)?))
}

/// The works of a search (`/works?search=…`): `{"results": [...]}`.
pub fn parse_search(body: &str) -> Result<Vec<Work>, String> {
    let v = json(body)?;
    let results = v
        .get("results")
        .and_then(Value::as_array)
        .ok_or("a search answer without \"results\"")?;
    Ok(results.iter().filter_map(work).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn works_and_searches_parse() {
        let w = parse_work(r#"{"title": "A  title", "abstract_inverted_index": {"Hi": [0]}}"#)
            .unwrap()
            .unwrap();
        assert_eq!(w.title, "A title");
        assert_eq!(w.abstract_text.as_deref(), Some("Hi"));
        let s = parse_search(
            r#"{"results": [{"display_name": "B", "abstract_inverted_index": null}]}"#,
        )
        .unwrap();
        assert_eq!(s[0].abstract_text, None);
        assert!(parse_search("{}").is_err());
        assert!(parse_search("<html>").is_err());
    }
}
