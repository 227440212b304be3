//! A note's fields: its YAML front matter (`title: …`, `tags: [a, b]`, `abstract: >` and
//! the indented lines under it) and the `key:: value` lines that Dataview (Obsidian) and
//! Logseq write in the body (`**Title**:: …` in a callout, `url:: https://…` on a page's
//! first block).
//!
//! Front matter is read leniently, line by line, as people write it by hand: `title: LoRA:
//! Low-Rank Adaptation …` (a colon inside a plain value, which a strict YAML parser
//! refuses and Obsidian shows as broken) is that title. Quoted values, flow lists
//! (`[a, "b, c"]`), block lists (`- a`), block scalars (`>`, `|`) and plain values
//! continued on indented lines are read; a nested mapping is skipped. A value left as a
//! template wrote it (`{{title}}`, `<% tp.file.title %>`) is no value.

use super::super::markdown::collapse;
use serde_json::{Map, Value};

/// The fields of the front matter `block` (the lines between the fences), in order; a
/// name is lower-cased, and its first value wins.
pub fn front_matter(block: &str) -> Map<String, Value> {
    let lines: Vec<&str> = block.lines().collect();
    let mut out = Map::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.starts_with([' ', '\t', '#']) || line.trim().is_empty() {
            continue;
        }
        let Some((key, rest)) = split_key(line, ":") else {
            continue;
        };
        // The lines that belong to this key: indented ones, and `- ` items under it.
        let start = i;
        while i < lines.len()
            && (lines[i].starts_with([' ', '\t'])
                || lines[i].starts_with("- ")
                || lines[i] == "-"
                || lines[i].trim().is_empty())
        {
            i += 1;
        }
        let below = &lines[start..i];
        if let Some(v) = value(rest.trim(), below) {
            out.entry(key).or_insert(v);
        }
    }
    out
}

/// The fields of a TOML front matter's inside: its top-level `key = value` lines (a
/// string, a number, a date or a one-line array, read as the YAML reader reads a value);
/// the keys of a `[table]` are its own (`[extra]` of Zola, `[params]` of Hugo) and not read.
pub fn toml_front_matter(block: &str) -> Map<String, Value> {
    use crate::corpus::markdown::front_matter::toml_opens;
    let mut out = Map::new();
    let mut lines = block.lines();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t.starts_with('[') {
            break;
        }
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let Some((key, rest)) = split_key(t, "=") else {
            continue;
        };
        let mut rest = rest.trim().to_string();
        // A value over several lines is joined into one: an array's items, a string's
        // lines (its triple quotes made one pair).
        if let Some(close) = toml_opens(t) {
            let mut parts = vec![rest.clone()];
            for more in lines.by_ref() {
                let m = more.trim();
                parts.push(m.to_string());
                if m.starts_with(close) || m.ends_with(close) {
                    break;
                }
            }
            rest = if close == "]" {
                parts.concat().replace(",]", "]")
            } else {
                let text = parts.join(" ");
                let inner = text
                    .trim()
                    .trim_start_matches(close)
                    .trim_end_matches(close);
                format!("\"{}\"", inner.trim().replace('"', "\\\""))
            };
        }
        if let Some(v) = value(rest.trim(), &[]) {
            out.entry(key).or_insert(v);
        }
    }
    out
}

/// The `key:: value` fields of a note's `body` (outside code blocks), as Dataview and
/// Logseq write them, also after a list marker, inside a callout (`> `) and with the name
/// in bold (`**Title**::`). Names are lower-cased; a name written on several lines holds
/// their values as a list, as Dataview reads it (`**Author**::` a line an author).
pub fn inline(body: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            continue;
        }
        let t = t.trim_start_matches(['>', ' ', '\t']);
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
            .unwrap_or(t);
        let Some((key, rest)) = split_key(t, "::") else {
            continue;
        };
        // A template may set a value in emphasis (`**Journal**:: *Nature*`).
        let rest = rest.trim();
        let rest = match rest.strip_prefix('*').and_then(|r| r.strip_suffix('*')) {
            Some(inner) if !inner.starts_with('*') => inner,
            _ => rest,
        };
        let Some(v) = scalar(rest) else {
            continue;
        };
        match out.get_mut(&key) {
            None => {
                out.insert(key, v);
            }
            Some(Value::Array(items)) => items.push(v),
            Some(first) => *first = Value::Array(vec![first.take(), v]),
        }
    }
    out
}

/// `key` and what follows the separator, when `line` opens with a field name: letters,
/// digits, spaces, `_`, `-`, `.` (at most 40), optionally bold or quoted.
fn split_key<'a>(line: &'a str, sep: &str) -> Option<(String, &'a str)> {
    let at = line.find(sep)?;
    let rest = &line[at + sep.len()..];
    // `key: value` needs a space (`https://…` is no key); `key::value` is Dataview's too.
    if sep == ":" && !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    if sep == "::" && rest.starts_with(':') {
        return None;
    }
    let key = line[..at].trim();
    let key = key
        .strip_prefix("**")
        .and_then(|k| k.strip_suffix("**"))
        .or_else(|| key.strip_prefix("__").and_then(|k| k.strip_suffix("__")))
        .or_else(|| key.strip_prefix('"').and_then(|k| k.strip_suffix('"')))
        .or_else(|| key.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
        .unwrap_or(key)
        .trim();
    let ok = !key.is_empty()
        && key.chars().count() <= 40
        && key.chars().next().is_some_and(char::is_alphabetic)
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-' | '.'));
    ok.then(|| (key.to_lowercase(), rest))
}

/// The value of a front-matter key written `rest` on its line, with the lines `below` it.
fn value(rest: &str, below: &[&str]) -> Option<Value> {
    let items: Vec<&str> = below
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if rest.is_empty() {
        if items.is_empty() {
            return None;
        }
        if items.iter().all(|l| l.starts_with("- ") || *l == "-") {
            let list: Vec<Value> = items
                .iter()
                .filter_map(|l| scalar(l.trim_start_matches('-').trim()))
                .collect();
            return (!list.is_empty()).then_some(Value::Array(list));
        }
        // A nested mapping (`zotero:` and its own keys) says nothing readnext reads.
        if items.iter().any(|l| split_key(l, ":").is_some()) {
            return None;
        }
        return scalar(&items.join(" "));
    }
    if let Some(indicator) = rest.strip_prefix(['>', '|']) {
        if indicator
            .chars()
            .all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
        {
            return scalar(&items.join(" "));
        }
    }
    // A value that goes on below its line: a flow list or a quoted value closed there, or
    // a plain value continued on indented lines.
    let whole = if items.is_empty() || rest.starts_with('[') && rest.ends_with(']') {
        rest.to_string()
    } else {
        let quoted = (rest.starts_with('"') || rest.starts_with('\''))
            && !(rest.len() > 1 && rest.ends_with(&rest[..1]));
        let open_list = rest.starts_with('[') && !rest.ends_with(']');
        if quoted || open_list || !items.iter().any(|l| l.starts_with("- ")) {
            format!("{rest} {}", items.join(" "))
        } else {
            rest.to_string()
        }
    };
    let whole = whole.trim();
    if let Some(inner) = whole.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
        // `[[Note]]` is a wiki link, not a list of one list.
        if !(inner.starts_with('[') && inner.ends_with(']')) {
            let list: Vec<Value> = split_flow(inner).iter().filter_map(|s| scalar(s)).collect();
            return (!list.is_empty()).then_some(Value::Array(list));
        }
    }
    scalar(whole)
}

/// The items of a flow list's inside, split at commas outside quotes.
fn split_flow(inner: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                cur.push(c);
            }
            (Some(q), _) if c == q => {
                quote = None;
                cur.push(c);
            }
            (None, ',') => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// One value as written: quotes taken off (`''` is `'`, `\"` is `"`), a plain value's
/// trailing ` # comment` dropped, a wiki link's brackets taken off (`[[Edward J. Hu]]`),
/// `true`/`false` as booleans; `None` when empty, null or a template's placeholder.
pub fn scalar(raw: &str) -> Option<Value> {
    let raw = raw.trim();
    let text = if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        unescape(inner)
    } else if let Some(inner) = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else {
        let plain = match raw.find(" #") {
            Some(at) => &raw[..at],
            None => raw,
        };
        match plain.trim() {
            "" | "~" | "null" | "Null" | "NULL" => return None,
            "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
            "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
            p => p.to_string(),
        }
    };
    if text.contains("{{") || text.contains("<%") {
        return None;
    }
    let text = collapse(&unlink(&text));
    (!text.is_empty()).then_some(Value::String(text))
}

/// `text` with wiki links written as their shown name (`[[Note|shown]]`) or note name.
pub fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open..].find("]]") else {
            break;
        };
        out.push_str(&rest[..open]);
        let inner = &rest[open + 2..open + close];
        out.push_str(inner.rsplit('|').next().unwrap_or(inner));
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

/// A double-quoted YAML value's escapes: `\"`, `\\`, `\n`, `\t`, `\/`; others kept.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 't') => out.push(' '),
            Some(e @ ('"' | '\\' | '/')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn front_matter_as_people_write_it() {
        let block = "title: LoRA: Low-Rank Adaptation of Large Language Models\n\
                     aliases:\n  - LoRA\n  - \"@hu2021lora\"\n\
                     tags: [paper, \"peft, adapters\", read]\n\
                     authors:\n- Edward J. Hu\n- Yelong Shen\n\
                     year: 2021\n\
                     abstract: >-\n  An important paradigm of natural language\n  processing consists of large-scale pre-training.\n\
                     doi: '10.48550/arXiv.2106.09685'\n\
                     read: true\n\
                     zotero:\n  key: ABCD\n  library: 1\n\
                     url: https://arxiv.org/abs/2106.09685 # the preprint\n\
                     empty:\n\
                     citekey: \"{{citekey}}\"\n\
                     title: a second title is not read\n";
        let f = front_matter(block);
        assert_eq!(
            f["title"],
            json!("LoRA: Low-Rank Adaptation of Large Language Models")
        );
        assert_eq!(f["aliases"], json!(["LoRA", "@hu2021lora"]));
        assert_eq!(f["tags"], json!(["paper", "peft, adapters", "read"]));
        assert_eq!(f["authors"], json!(["Edward J. Hu", "Yelong Shen"]));
        assert_eq!(f["year"], json!("2021"));
        assert_eq!(
            f["abstract"],
            json!("An important paradigm of natural language processing consists of large-scale pre-training.")
        );
        assert_eq!(f["doi"], json!("10.48550/arXiv.2106.09685"));
        assert_eq!(f["read"], json!(true));
        assert_eq!(f["url"], json!("https://arxiv.org/abs/2106.09685"));
        for absent in ["zotero", "empty", "citekey", "key"] {
            assert!(!f.contains_key(absent), "{absent}: {f:?}");
        }
    }

    #[test]
    fn quoted_and_continued_values_span_lines() {
        let block = "title: \"QLoRA: Efficient Finetuning\n  of Quantized LLMs\"\n\
                     abstract: We present QLoRA, an efficient\n  finetuning approach.\n\
                     Keywords: [quantization,\n  adapters]\n\
                     note: 'It''s \\n fine'\n";
        let f = front_matter(block);
        assert_eq!(
            f["title"],
            json!("QLoRA: Efficient Finetuning of Quantized LLMs")
        );
        assert_eq!(
            f["abstract"],
            json!("We present QLoRA, an efficient finetuning approach.")
        );
        assert_eq!(f["keywords"], json!(["quantization", "adapters"]));
        assert_eq!(f["note"], json!("It's \\n fine"));
    }

    #[test]
    fn inline_fields_of_dataview_and_logseq() {
        let body = "title:: Attention Is All You Need\n\
                    authors:: [[Ashish Vaswani]], [[Noam Shazeer]]\n\
                    > [!md]\n> **Year**:: 2017\n> **Keyword**:: attention\n> **Keyword**:: transformer\n\
                    - url:: https://arxiv.org/abs/1706.03762\n\
                    ```\nabstract:: inside code is no field\n```\n\
                    See https://example.org:: and a sentence: not fields\n";
        let f = inline(body);
        assert_eq!(f["title"], json!("Attention Is All You Need"));
        assert_eq!(f["authors"], json!("Ashish Vaswani, Noam Shazeer"));
        assert_eq!(f["year"], json!("2017"));
        assert_eq!(f["url"], json!("https://arxiv.org/abs/1706.03762"));
        assert_eq!(f["keyword"], json!(["attention", "transformer"]));
        assert!(!f.contains_key("abstract"), "{f:?}");
        assert_eq!(f.len(), 5, "{f:?}");
    }
}
