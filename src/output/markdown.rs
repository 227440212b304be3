//! Markdown for people to paste: a paper as a link line, as in a reading list.

/// A paper as a markdown link line, as in a reading list.
pub fn link_line(title: &str, url: &str) -> String {
    let t = title.replace('[', "\\[").replace(']', "\\]");
    if url.is_empty() {
        format!("- [{t}]")
    } else {
        format!("- [{t}]({})", url.replace(' ', "%20").replace(')', "%29"))
    }
}
