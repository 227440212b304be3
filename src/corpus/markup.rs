//! Text out of markup, as exports write it: HTML or JATS tags dropped, character
//! references decoded (bookmarks, Crossref's abstracts, what BibTeX exporters escape).

/// `s` without its tags (`<b>`, `<jats:p>`, `<br/>`): each tag's end is a space, so the
/// words of two paragraphs do not run together.
/// A markdown link opening `text` (`[shown](target)`, as a list's line writes a paper):
/// what it shows, the escapes of its brackets undone (`\[v2\]`), its target, and the text
/// after it. A target's own parentheses come in pairs and stay in it (`…/Foo_(bar))`).
/// `None` when `text` opens with no link, or its target is empty or holds a space.
pub fn leading_link(text: &str) -> Option<(String, &str, &str)> {
    let inner = text.strip_prefix('[')?;
    let mut escaped = false;
    let mut close = None;
    for (i, c) in inner.char_indices() {
        if c == ']' && !escaped && inner[i + 1..].starts_with('(') {
            close = Some(i);
            break;
        }
        escaped = c == '\\' && !escaped;
    }
    let at = close?;
    let target = &inner[at + 2..];
    // The `)` that closes the target: parentheses inside it come in pairs (CommonMark's rule).
    let mut depth = 0usize;
    let end = target.char_indices().find_map(|(i, c)| match c {
        '(' => {
            depth += 1;
            None
        }
        ')' if depth == 0 => Some(i),
        ')' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    let url = target[..end].trim();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    let shown = inner[..at].replace("\\[", "[").replace("\\]", "]");
    Some((shown, url, &target[end + 1..]))
}

pub fn strip_tags(s: &str) -> String {
    let mut plain = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
}

/// The longest character reference's name looked at (`#x10FFFF` and the names below).
const LONGEST_REFERENCE: usize = 10;

/// HTML character references decoded: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`,
/// `&nbsp;` and numeric ones (`&#39;`, `&#x2014;`); anything else stays as written
/// (`R&D;`, a lone `&`), and nothing is decoded twice (`&amp;lt;` is `&lt;`).
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // Only the next few characters can close a reference: no scan to a far `;`.
        let reference = after
            .char_indices()
            .take(LONGEST_REFERENCE + 1)
            .find(|&(_, c)| c == ';')
            .and_then(|(semi, _)| {
                let name = &after[..semi];
                let c = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    _ => name.strip_prefix('#').and_then(|n| {
                        let code = match n.strip_prefix(['x', 'X']) {
                            Some(hex) => u32::from_str_radix(hex, 16).ok(),
                            None => n.parse::<u32>().ok(),
                        };
                        code.and_then(char::from_u32)
                    }),
                };
                c.map(|c| (c, semi))
            });
        match reference {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_link_is_its_text_target_and_what_follows() {
        assert_eq!(
            leading_link("[SpQR \\[v2\\]](https://arxiv.org/abs/2306.03078) — 이유"),
            Some((
                "SpQR [v2]".to_string(),
                "https://arxiv.org/abs/2306.03078",
                " — 이유"
            ))
        );
        assert_eq!(
            leading_link("[Foo](https://en.wikipedia.org/wiki/Foo_(bar))"),
            Some((
                "Foo".to_string(),
                "https://en.wikipedia.org/wiki/Foo_(bar)",
                ""
            ))
        );
        assert_eq!(
            leading_link("[LoRA](https://a/1), 큐로라"),
            Some(("LoRA".to_string(), "https://a/1", ", 큐로라"))
        );
        for not in [
            "LoRA",
            "[LoRA]",
            "[LoRA](a b)",
            "[LoRA]()",
            "x [LoRA](u)",
            "[LoRA](u",
        ] {
            assert_eq!(leading_link(not), None, "{not}");
        }
    }

    #[test]
    fn references_are_decoded_once_and_the_rest_is_kept() {
        assert_eq!(
            decode_entities("Tom &amp; Jerry&#39;s &quot;Paper&quot; &#x2014; R&D; a & b &amp;lt;"),
            "Tom & Jerry's \"Paper\" — R&D; a & b &lt;"
        );
        assert_eq!(
            decode_entities("a &#99999999; b &unknown; &"),
            "a &#99999999; b &unknown; &"
        );
        assert_eq!(
            strip_tags("<p>one</p><p>two <i>x</i></p>"),
            " one  two  x  "
        );
    }
}
