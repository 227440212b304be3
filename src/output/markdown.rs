//! Markdown for people to paste: a paper as a link line, as in a reading list.

/// A paper as a markdown link line, as in a reading list, with its date first in the
/// list's own style (`- [2019/07] [Title](url)`, which readnext reads back as the date).
pub fn dated_link_line(title: &str, url: &str, date: Option<&str>) -> String {
    let line = link_line(title, url);
    // Only a date the list reader takes back as one; any other text in front of the
    // link would become the entry's title.
    match (
        date.filter(|d| crate::corpus::markdown::is_list_date(d)),
        line.strip_prefix("- "),
    ) {
        (Some(d), Some(rest)) => format!("- [{d}] {rest}"),
        _ => line,
    }
}

/// A paper as a markdown link line, as in a reading list; a link with text pasted after
/// it (`….pdf에서`, which `readnext check` reports) is written without that text.
pub fn link_line(title: &str, url: &str) -> String {
    let t = title.replace('[', "\\[").replace(']', "\\]");
    let url = crate::corpus::check::repaired_link(url).unwrap_or(url);
    if url.is_empty() {
        format!("- [{t}]")
    } else {
        format!("- [{t}]({})", url.replace(' ', "%20").replace(')', "%29"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dated_line_reads_back_as_a_dated_entry() {
        let line = dated_link_line("GPT-3", "https://arxiv.org/abs/2005.14165", Some("2020-05"));
        assert_eq!(
            line,
            "- [2020-05] [GPT-3](https://arxiv.org/abs/2005.14165)"
        );
        let e = crate::corpus::markdown::parse(&line);
        assert_eq!(e[0].date.as_deref(), Some("2020-05"));
        assert_eq!(e[0].title, "GPT-3");
        assert_eq!(dated_link_line("T", "", None), "- [T]");
        assert_eq!(
            link_line(
                "T",
                "https://arxiv.org/pdf/2205.11916.pdf%EC%97%90%EC%84%9C"
            ),
            "- [T](https://arxiv.org/pdf/2205.11916.pdf)"
        );
        assert_eq!(
            dated_link_line("T", "", Some("May 2023")),
            "- [T]",
            "not a list date"
        );
    }
}
