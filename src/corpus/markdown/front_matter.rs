//! Front matter: the YAML (`---` … `---`) or TOML (`+++` … `+++`) block that Obsidian,
//! Jekyll, Hugo and most static-site generators put at the top of a note. CommonMark
//! knows no such block and reads `---`, `title: …`, `---` as a rule and a heading, so
//! every paper of the list would sit under a heading "title: … tags: …". The block is
//! blanked before parsing (same bytes, spaces for its characters, so lines and offsets
//! stay). It is taken for front matter only when it opens the file, closes within
//! [`MAX_LINES`] lines and every line in it reads as the format's keys (`key: value`,
//! `key = value`, `[table]`), indented values, list items or comments: a list that opens
//! with a rule and a paragraph keeps them.

use std::borrow::Cow;

/// The longest front matter looked for, in lines.
const MAX_LINES: usize = 200;

/// `text` with its front matter, if any, turned into blank lines of the same length.
pub fn blank(text: &str) -> Cow<'_, str> {
    match block_end(text) {
        Some(end) => {
            let mut out: String = text[..end]
                .chars()
                .map(|c| {
                    if c == '\n' || c == '\r' {
                        c.to_string()
                    } else {
                        " ".repeat(c.len_utf8())
                    }
                })
                .collect();
            out.push_str(&text[end..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// The YAML front matter's inside (the lines between its fences) and the text after it,
/// when `text` opens with a YAML block (a TOML block: [`split_toml`]).
pub fn split(text: &str) -> Option<(&str, &str)> {
    split_fenced(text, "---")
}

/// A TOML front matter's inside (the lines between its `+++` fences, as Hugo and Zola
/// write it) and the text after it.
pub fn split_toml(text: &str) -> Option<(&str, &str)> {
    split_fenced(text, "+++")
}

/// The inside and the rest of a front matter block opened by `fence`.
fn split_fenced<'a>(text: &'a str, fence: &str) -> Option<(&'a str, &'a str)> {
    let end = block_end(text)?;
    if !text.starts_with(fence) {
        return None;
    }
    let open = text.find('\n')? + 1;
    let head = &text[open..end];
    // The closing fence's line is no part of the inside.
    let inside = head
        .trim_end_matches(['\n', '\r'])
        .rsplit_once('\n')
        .map_or("", |(inside, _)| inside);
    Some((inside, &text[end..]))
}

/// The byte offset just past the closing fence's line, when `text` opens with front matter.
fn block_end(text: &str) -> Option<usize> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?.trim_end();
    let (yaml, closers): (bool, &[&str]) = match first {
        "---" => (true, &["---", "..."]),
        "+++" => (false, &["+++"]),
        _ => return None,
    };
    let mut end = text.split_inclusive('\n').next()?.len();
    let mut keys = 0usize;
    // TOML: inside a value over several lines (an array, a `"""` or `'''` string).
    let mut open: Option<&str> = None;
    for line in lines.take(MAX_LINES) {
        end += line.len();
        let l = line.trim_end();
        if let Some(close) = open {
            if l.trim_start().starts_with(close) || l.ends_with(close) {
                open = None;
            }
            continue;
        }
        if closers.contains(&l) {
            return (keys > 0).then_some(end);
        }
        if l.trim().is_empty() || l.starts_with([' ', '\t']) || l.starts_with('#') {
            continue;
        }
        if yaml && (l.starts_with("- ") || l == "-") {
            continue;
        }
        let key = if yaml { yaml_key(l) } else { toml_key(l) };
        if !key {
            return None;
        }
        if !yaml {
            open = toml_opens(l);
        }
        keys += 1;
    }
    None
}

/// `key: value` or `key:` (a key of letters, digits, `_`, `-`, `.` and inner spaces,
/// or a quoted one).
fn yaml_key(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return false;
    }
    let quoted = key.len() >= 2
        && ((key.starts_with('"') && key.ends_with('"'))
            || (key.starts_with('\'') && key.ends_with('\'')));
    quoted || is_key(key)
}

/// `key = value` or `[table]` / `[[array]]`.
fn toml_key(line: &str) -> bool {
    if line.starts_with('[') && line.ends_with(']') {
        return true;
    }
    line.split_once('=')
        .is_some_and(|(key, _)| is_key(key.trim_end()) || key.trim().starts_with('"'))
}

/// What closes the value a TOML `key = value` line leaves open: `]` for an array whose
/// `[` it does not close, `"""` or `'''` for a multi-line string; `None` when it is whole.
pub fn toml_opens(line: &str) -> Option<&'static str> {
    let (_, value) = line.split_once('=')?;
    let v = value.trim();
    for quotes in ["\"\"\"", "'''"] {
        if let Some(rest) = v.strip_prefix(quotes) {
            return (!rest.contains(quotes)).then_some(quotes);
        }
    }
    (v.starts_with('[') && !v.ends_with(']')).then_some("]")
}

fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 60
        && !key.starts_with(' ')
        && !key.ends_with(' ')
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_front_matter_become_blank_lines_of_the_same_length() {
        let text = "---\ntitle: 논문 읽기\ntags:\n  - ml\n- reading\naliases: [a, b]\n---\n\n- [A](https://a/1)\n";
        let out = blank(text);
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(out.lines().take(7).all(|l| l.trim().is_empty()), "{out:?}");
        assert!(out.ends_with("\n\n- [A](https://a/1)\n"));
        let toml =
            "+++\r\ntitle = \"Papers\"\r\n[extra]\r\ndraft = true\r\n+++\r\n- [A](https://a/1)\r\n";
        let out = blank(toml);
        assert_eq!(out.len(), toml.len());
        assert!(out.ends_with("\r\n- [A](https://a/1)\r\n") && out.starts_with("   \r\n"));
        let dots = "---\nlayout: post\n...\n# L\n";
        assert_eq!(blank(dots), "   \n            \n   \n# L\n");
    }

    #[test]
    fn split_gives_the_inside_and_the_rest() {
        let text = "---\r\ntitle: A\r\ntags: [x]\r\n---\r\n# A\n";
        assert_eq!(split(text), Some(("title: A\r\ntags: [x]\r", "# A\n")));
        assert_eq!(split("---\ntitle: A\n---"), Some(("title: A", "")));
        assert_eq!(split("+++\ntitle = \"A\"\n+++\n"), None);
        assert_eq!(split("# A\n"), None);
    }

    #[test]
    fn a_rule_that_opens_the_list_is_not_front_matter() {
        for text in [
            "---\n\n- [A](https://a/1)\n\n---\n",
            "---\nSome notes on these papers, read in order.\n---\n- [A](https://a/1)\n",
            "---\n- [A](https://a/1)\n- [B](https://a/2)\n---\n",
            "---\ntitle: never closed\n\n- [A](https://a/1)\n",
            "# L\n---\ntitle: x\n---\n",
            "---\n---\n",
            "+++\n- [A](https://a/1)\n+++\n",
        ] {
            assert_eq!(blank(text), text, "{text:?}");
        }
    }
}
