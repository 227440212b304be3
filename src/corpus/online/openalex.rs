//! OpenAlex works: the title, and the abstract, which OpenAlex keeps as an inverted
//! index (`{"word": [positions]}`) that is put back in order here.

use serde_json::Value;

/// A work's title and abstract (if it has one).
#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    pub title: String,
    pub abstract_text: Option<String>,
}

/// The text of an inverted index: every word at each of its positions.
pub fn rebuild_abstract(index: &Value) -> Option<String> {
    let map = index.as_object()?;
    let mut at: Vec<(u64, &str)> = Vec::new();
    for (word, positions) in map {
        for p in positions.as_array()? {
            at.push((p.as_u64()?, word.as_str()));
        }
    }
    if at.is_empty() {
        return None;
    }
    at.sort();
    Some(super::arxiv::fold_space(
        &at.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" "),
    ))
}

fn work(v: &Value) -> Option<Work> {
    let title = v
        .get("title")
        .and_then(Value::as_str)
        .or_else(|| v.get("display_name").and_then(Value::as_str))?;
    Some(Work {
        title: super::arxiv::fold_space(title),
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
    fn the_inverted_index_is_put_back_in_order() {
        let v: Value = serde_json::json!({"the": [0, 3], "cat": [1], "saw": [2], "dog": [4]});
        assert_eq!(rebuild_abstract(&v).unwrap(), "the cat saw the dog");
        assert_eq!(rebuild_abstract(&serde_json::json!({})), None);
        assert_eq!(rebuild_abstract(&Value::Null), None);
    }

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
