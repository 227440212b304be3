//! Adding a paper to a markdown list (`readnext add`): the one place readnext writes a
//! user's list, and only when asked. The entry is written in the list's style
//! (`- [Title](url)`, the abstract as a `>` quote on the next line, as the markdown
//! reader takes it back), at the end of the section under a chosen heading or at the
//! end of the file.

use super::Paper;

/// The markdown lines of `p` as a list entry.
pub fn markdown_entry(p: &Paper) -> String {
    let title = p.title.replace('[', "\\[").replace(']', "\\]");
    let url = &p.url;
    let mut out = if url.is_empty() {
        format!("- {title}\n")
    } else {
        format!(
            "- [{title}]({})\n",
            url.replace(' ', "%20").replace(')', "%29")
        )
    };
    if let Some(a) = p.abstract_text.get().filter(|a| !a.trim().is_empty()) {
        let one_line = a.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!("> {one_line}\n"));
    }
    out
}

/// The heading text of a markdown heading line (`## Basic knowledge` → `Basic
/// knowledge`), with its level.
fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let level = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6)
        .contains(&level)
        .then(|| t[level..].trim())
        .filter(|_| t[level..].starts_with(' ') || t.len() == level)
        .map(|h| (level, h.trim_end_matches('#').trim()))
}

/// Insert paper `p` into the list `text` in the list's style: as a row of the table that
/// ends the section under `under` (or the file), in that table's columns, when it ends
/// in a table with a title column; else as an entry ([`markdown_entry`],
/// [`insert_entry`]). Returns the new text and the 1-based line of the paper, or the
/// headings there are when `under` names none.
pub fn insert_paper(
    text: &str,
    p: &Paper,
    under: Option<&str>,
) -> Result<(String, usize), Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let at = section_end(&lines, under)?;
    let row = (at > 0)
        .then(|| super::markdown::table::table_at(text, at))
        .flatten()
        .and_then(|table| super::markdown::table::row_for(&table, p));
    let Some(row) = row else {
        return insert_entry(text, &markdown_entry(p), under);
    };
    let eol = line_ending(text);
    let mut out: Vec<&str> = lines[..at].to_vec();
    out.push(&row);
    out.extend_from_slice(&lines[at..]);
    let mut new = out.join(eol);
    new.push_str(eol);
    Ok((new, at + 1))
}

/// The file's line ending: CRLF when it has one, else LF.
fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The index of the line after the last non-blank line of the section under the
/// heading named `under` (case-insensitive; the whole file when `None`), or the
/// headings there are.
fn section_end(lines: &[&str], under: Option<&str>) -> Result<usize, Vec<String>> {
    let mut at = section_bound(lines, under)?;
    while at > 0 && lines[at - 1].trim().is_empty() {
        at -= 1;
    }
    Ok(at)
}

/// The index of the line after the section under the heading named `under`, or the
/// headings there are. When `None`: the section of papers still to read (`## 읽을 논문`,
/// `## To read`), else the end of the file, or the start of the section of papers read
/// that the file ends in (a paper added is not read).
fn section_bound(lines: &[&str], under: Option<&str>) -> Result<usize, Vec<String>> {
    let Some(want) = under else {
        let to_read = lines
            .iter()
            .filter_map(|l| heading(l))
            .find(|(_, h)| super::read_mark::heading_says_to_read(h));
        return match to_read {
            Some((_, h)) => section_bound(lines, Some(h)),
            None => Ok(read_section_at_end(lines).unwrap_or(lines.len())),
        };
    };
    let want = want.trim().trim_start_matches('#').trim().to_lowercase();
    let Some((start, level)) = lines.iter().enumerate().find_map(|(i, l)| {
        heading(l)
            .filter(|(_, h)| h.to_lowercase() == want)
            .map(|(lv, _)| (i, lv))
    }) else {
        return Err(lines
            .iter()
            .filter_map(|l| heading(l))
            .map(|h| h.1.to_string())
            .collect());
    };
    Ok(lines
        .iter()
        .enumerate()
        .skip(start + 1)
        .find(|(_, l)| heading(l).is_some_and(|(lv, _)| lv <= level))
        .map_or(lines.len(), |(i, _)| i))
}

/// The line of the heading of the section of papers read (`## 읽은 논문`, `## Done`:
/// [`super::read_mark::heading_says_read`]) that the file ends in, when it ends in one.
fn read_section_at_end(lines: &[&str]) -> Option<usize> {
    lines.iter().enumerate().find_map(|(i, l)| {
        let (level, text) = heading(l)?;
        let ends_file = !lines[i + 1..]
            .iter()
            .any(|l| heading(l).is_some_and(|(lv, _)| lv <= level));
        (ends_file && super::read_mark::heading_says_read(text)).then_some(i)
    })
}

/// Insert `entry` into the list `text`: at the end of the section under the heading
/// named `under` (case-insensitive), or at the end of the file. Returns the new text
/// and the 1-based line of the entry, or the headings there are when `under` names none.
pub fn insert_entry(
    text: &str,
    entry: &str,
    under: Option<&str>,
) -> Result<(String, usize), Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    // After the section's last non-blank line.
    let at = section_end(&lines, under)?;
    let prev = at.checked_sub(1).map(|i| lines[i].trim_start());
    let in_list = prev.is_some_and(|l| l.starts_with("- ") || l.starts_with("* "));
    let mut out: Vec<String> = lines[..at].iter().map(|l| l.to_string()).collect();
    if !out.is_empty() && !in_list {
        out.push(String::new());
    }
    let line = out.len() + 1;
    out.extend(entry.lines().map(str::to_string));
    if at < lines.len() {
        out.push(String::new());
        out.extend(
            lines[at..]
                .iter()
                .skip_while(|l| l.trim().is_empty())
                .map(|l| l.to_string()),
        );
    }
    // In the file's own line endings.
    let eol = line_ending(text);
    let mut new = out.join(eol);
    new.push_str(eol);
    Ok((new, line))
}

/// Write abstracts into a markdown list: each `(line, abstract)` becomes a `> abstract`
/// line right after that 1-based line (the entry's own line, as the markdown reader
/// takes it back), indented as the entry is, in the file's line endings. An entry
/// already followed by a `>` line is left alone, and so is a row of a table (a line
/// inside it would end the table; such a paper keeps its abstract in the cache); no
/// other byte of the file changes. Returns the new text and how many abstracts went in.
pub fn insert_abstracts(text: &str, items: &[(usize, &str)]) -> (String, usize) {
    let eol = line_ending(text);
    let rows = super::markdown::table_lines(text);
    let mut at: std::collections::BTreeMap<usize, &str> = std::collections::BTreeMap::new();
    for &(line, a) in items {
        if line > 0 && !a.trim().is_empty() && !rows.contains(&line) {
            at.entry(line).or_insert(a);
        }
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + items.len() * 200);
    let mut inserted = 0;
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        let Some(a) = at.get(&(i + 1)) else { continue };
        let quoted_next = lines
            .get(i + 1)
            .is_some_and(|n| n.trim_start().starts_with('>'));
        if quoted_next {
            continue;
        }
        if !l.ends_with('\n') {
            out.push_str(eol);
        }
        let indent: String = l.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        let one_line = a.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!("{indent}> {one_line}{eol}"));
        inserted += 1;
    }
    (out, inserted)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str =
        "# Reading\n\n## New\n\n- [Old](https://a/1)\n\n## Later\n\n- [A](https://a/2)\n";

    fn paper() -> Paper {
        Paper {
            id: "2506.03230".into(),
            title: "DiaBlo: Diagonal Blocks Are Sufficient For Finetuning".into(),
            url: "https://arxiv.org/abs/2506.03230".into(),
            abstract_text: "We propose\n diagonal blocks.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_entry_goes_to_the_end_of_its_section_and_reads_back() {
        let e = markdown_entry(&paper());
        assert_eq!(
            e,
            "- [DiaBlo: Diagonal Blocks Are Sufficient For Finetuning](https://arxiv.org/abs/2506.03230)\n> We propose diagonal blocks.\n"
        );
        let (text, line) = insert_entry(LIST, &e, Some("new")).unwrap();
        assert_eq!(line, 6);
        assert!(text.starts_with("# Reading\n\n## New\n\n- [Old](https://a/1)\n- [DiaBlo"));
        assert!(
            text.ends_with("diagonal blocks.\n\n## Later\n\n- [A](https://a/2)\n"),
            "{text}"
        );
        let entries = crate::corpus::markdown::parse(&text);
        let d = entries
            .iter()
            .find(|x| x.title.starts_with("DiaBlo"))
            .unwrap();
        assert_eq!(
            d.abstract_text.as_deref(),
            Some("We propose diagonal blocks.")
        );
        assert_eq!(d.heading.as_deref(), Some("New"));
        let (text, line) = insert_entry(LIST, &e, None).unwrap();
        assert_eq!(line, 10);
        assert!(text.ends_with("- [A](https://a/2)\n- [DiaBlo: Diagonal Blocks Are Sufficient For Finetuning](https://arxiv.org/abs/2506.03230)\n> We propose diagonal blocks.\n"));
        assert_eq!(
            insert_entry(LIST, &e, Some("Nope")).unwrap_err(),
            vec!["Reading", "New", "Later"]
        );
    }

    #[test]
    fn a_paper_added_goes_before_the_section_of_papers_read_that_ends_the_file() {
        let text = "# Papers\n\n## To read\n\n- [A](a)\n\n## 읽은 논문\n\n### LLM\n\n- [B](b)\n";
        let (new, line) = insert_entry(text, "- [C](c)\n", None).unwrap();
        assert_eq!(
            new,
            "# Papers\n\n## To read\n\n- [A](a)\n- [C](c)\n\n## 읽은 논문\n\n### LLM\n\n- [B](b)\n"
        );
        assert_eq!(line, 6);
        let read: Vec<(String, bool)> = crate::corpus::markdown::parse(&new)
            .into_iter()
            .map(|e| (e.title, e.checked))
            .collect();
        assert_eq!(
            read,
            [("A".into(), false), ("C".into(), false), ("B".into(), true)]
        );
        // A section of papers to read takes it, wherever it stands.
        let text = "# 스터디\n\n## 읽을 논문\n\n- [A](a)\n\n## 참고 자료\n\n- [Slides](s)\n";
        let (new, line) = insert_entry(text, "- [C](c)\n", None).unwrap();
        assert_eq!(
            new,
            "# 스터디\n\n## 읽을 논문\n\n- [A](a)\n- [C](c)\n\n## 참고 자료\n\n- [Slides](s)\n"
        );
        assert_eq!(line, 6);
    }

    #[test]
    fn a_paper_goes_into_the_table_that_ends_its_section_as_a_row() {
        let text = "# L\r\n\r\n## Papers\r\n\r\n| Year | Paper | Code |\r\n|---|---|---|\r\n\
                    | 2017 | [Attention](https://a/1) | |\r\n\r\n## Later\r\n\r\n- [A](https://a/2)\r\n";
        let mut p = paper();
        p.title = "A | B [x]".into();
        let (new, line) = insert_paper(text, &p, Some("papers")).unwrap();
        assert_eq!(line, 8);
        assert_eq!(
            new.lines().nth(7),
            Some("| 2025 | [A \\| B \\[x\\]](https://arxiv.org/abs/2506.03230) |  |")
        );
        // Every other line as it was, in the file's line endings; the row reads back.
        let kept: Vec<&str> = new.lines().filter(|l| !l.contains("A \\| B")).collect();
        assert_eq!(kept, text.lines().collect::<Vec<_>>());
        assert!(new.ends_with("- [A](https://a/2)\r\n") && !new.contains("\n\n|"));
        let e = crate::corpus::markdown::parse(&new);
        let row = e.iter().find(|e| e.line == 8).unwrap();
        assert_eq!(
            (row.title.as_str(), row.date.as_deref()),
            ("A | B [x]", Some("2025"))
        );
        // Plain titles with their links in a link column: the same style, the column's label.
        let plain = "| Paper | Link |\n|---|---|\n| Attention | [arXiv](https://a/1) |\n";
        let (new, _) = insert_paper(plain, &paper(), None).unwrap();
        assert!(
            new.ends_with(
                "| DiaBlo: Diagonal Blocks Are Sufficient For Finetuning | [arXiv](https://arxiv.org/abs/2506.03230) |\n"
            ),
            "{new}"
        );
        // Authors and venue in their columns, as the row reads back.
        let with =
            "| 제목 | 저자 | 학회 |\n|---|---|---|\n| [LoRA](https://a/3) | Hu, Shen | ICLR |\n";
        let mut p = paper();
        p.authors = vec!["Qi Liu".into(), "Yu Zhang".into()];
        p.venue = Some("ICML 2025".into());
        let (new, line) = insert_paper(with, &p, None).unwrap();
        assert!(
            new.ends_with(
                "| [DiaBlo: Diagonal Blocks Are Sufficient For Finetuning](https://arxiv.org/abs/2506.03230) | Qi Liu, Yu Zhang | ICML 2025 |\n"
            ),
            "{new}"
        );
        let e = crate::corpus::markdown::parse(&new);
        let row = e.iter().find(|e| e.line == line).unwrap();
        assert_eq!(
            (row.authors.len(), row.venue.as_deref()),
            (2, Some("ICML 2025"))
        );
        // A study group's log: the added paper has had no session, and stays unread.
        let log = "| 주차 | 날짜 | 발표자 | 논문 |\n|---|---|---|---|\n| 1 | 2026.11.06 | 민수 | [LoRA](https://a/3) |\n";
        let (new, line) = insert_paper(log, &paper(), None).unwrap();
        assert!(
            new.ends_with(
                "|  |  |  | [DiaBlo: Diagonal Blocks Are Sufficient For Finetuning](https://arxiv.org/abs/2506.03230) |\n"
            ),
            "{new}"
        );
        let e = crate::corpus::markdown::parse(&new);
        let row = e.iter().find(|e| e.line == line).unwrap();
        assert!(!row.checked, "{new}");
        // A section that ends in a list gets an entry, as before.
        let (new, _) = insert_paper(text, &paper(), Some("later")).unwrap();
        assert!(new.contains("- [A](https://a/2)\r\n- [DiaBlo"), "{new}");
        assert!(
            !new.replace("\r\n", "").contains('\n'),
            "one line ending: {new:?}"
        );
    }

    #[test]
    fn abstracts_go_under_their_entries_and_nothing_else_changes() {
        let text = "# L\r\n- [A](u)\r\n\r\n  - [B](v)\r\n- [C](w)\r\n> given\r\n- [D](x)";
        let (new, n) = insert_abstracts(
            text,
            &[
                (2, "about  a"),
                (4, "about b"),
                (5, "about c"),
                (7, "about d"),
                (9, "none"),
            ],
        );
        assert_eq!(n, 3);
        assert_eq!(
            new,
            "# L\r\n- [A](u)\r\n> about a\r\n\r\n  - [B](v)\r\n  > about b\r\n- [C](w)\r\n> given\r\n- [D](x)\r\n> about d\r\n"
        );
        let kept: Vec<&str> = new.lines().filter(|l| !l.contains("> about")).collect();
        let orig: Vec<&str> = text.lines().collect();
        assert_eq!(kept, orig);
        // A table's rows are left whole: a line inside would end the table.
        let table = "| Title |\n|---|\n| [A](u) |\n| [B](v) |\n\n- [C](w)\n";
        let (new, n) = insert_abstracts(table, &[(3, "about a"), (6, "about c")]);
        assert_eq!(n, 1);
        assert_eq!(
            new,
            "| Title |\n|---|\n| [A](u) |\n| [B](v) |\n\n- [C](w)\n> about c\n"
        );
    }
}
