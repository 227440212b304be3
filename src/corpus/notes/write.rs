//! A new note for a paper (`readnext add … --list FOLDER`): the one way readnext writes
//! into a folder of notes, and only a new file — an existing note is never changed or
//! replaced. The note is what the reader ([`super::note_entry`]) takes back as the same
//! paper: front matter with its `title`, `url` and `published` date, a `# heading`, and
//! its abstract as an Obsidian `> [!abstract]` callout (which Obsidian folds, and which is
//! not the reader's own notes).

use crate::corpus::Paper;

/// Characters no file name may hold on some system, or that Obsidian refuses in a note's
/// name (links break on `#`, `^`, `[`, `]`, `|`).
const NOT_IN_NAMES: &[char] = &[
    '\\', '/', ':', '*', '?', '"', '<', '>', '|', '#', '^', '[', ']',
];
/// Longest file name stem kept, in characters (a title's subtitle may be cut).
const NAME_CHARS: usize = 100;

/// The file name of the note of a paper titled `title`: the title without the characters
/// file names and Obsidian's links refuse (a colon becomes ` -`, as Zotero names files),
/// cut at [`NAME_CHARS`] characters on a word, then `.md`; `None` when nothing is left.
pub fn note_file_name(title: &str) -> Option<String> {
    let mut name = String::with_capacity(title.len());
    for c in title.chars() {
        match c {
            ':' => name.push_str(" -"),
            c if NOT_IN_NAMES.contains(&c) || c.is_control() => name.push(' '),
            c => name.push(c),
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut stem = String::new();
    for w in words {
        let longer = stem.chars().count() + usize::from(!stem.is_empty()) + w.chars().count();
        if longer > NAME_CHARS && !stem.is_empty() {
            break;
        }
        if !stem.is_empty() {
            stem.push(' ');
        }
        stem.extend(w.chars().take(NAME_CHARS));
    }
    // Not hidden (a name starting with `.` is skipped by the reader) nor a dash alone.
    let stem = stem
        .trim_start_matches(['.', ' ', '-'])
        .trim_end_matches(['.', ' ']);
    (!stem.is_empty()).then(|| format!("{stem}.md"))
}

/// A YAML double-quoted scalar of `s` (on one line).
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text of a new note for `p`.
pub fn note_text(p: &Paper) -> String {
    let title = p.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", quoted(&title)));
    if !p.url.is_empty() {
        out.push_str(&format!("url: {}\n", quoted(&p.url)));
    }
    if let Some(d) = p.date.as_deref().filter(|d| !d.trim().is_empty()) {
        out.push_str(&format!("published: {}\n", quoted(d.trim())));
    }
    if let Some(a) = p.alias.as_deref().filter(|a| !a.trim().is_empty()) {
        out.push_str(&format!("aliases:\n  - {}\n", quoted(a.trim())));
    }
    out.push_str("---\n\n");
    out.push_str(&format!("# {title}\n"));
    if let Some(a) = p.abstract_text.get().filter(|a| !a.trim().is_empty()) {
        out.push_str("\n> [!abstract]\n");
        let text = a.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!("> {text}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::notes::note_entry;

    #[test]
    fn a_title_becomes_a_name_every_system_and_obsidian_take() {
        assert_eq!(
            note_file_name("LoRA+: Efficient Low Rank Adaptation of Large Models").as_deref(),
            Some("LoRA+ - Efficient Low Rank Adaptation of Large Models.md")
        );
        assert_eq!(
            note_file_name("Is \"A/B\" testing #1? [yes] | no").as_deref(),
            Some("Is A B testing 1 yes no.md")
        );
        assert_eq!(
            note_file_name(".hidden title").as_deref(),
            Some("hidden title.md")
        );
        assert_eq!(note_file_name("??? ///"), None);
        let long = "word ".repeat(40);
        let name = note_file_name(&long).unwrap();
        assert!(name.chars().count() <= NAME_CHARS + 3, "{name}");
        assert!(name.ends_with("word.md"), "cut on a word: {name}");
        assert_eq!(
            note_file_name("큰 모델을 위한 양자화: 개요").as_deref(),
            Some("큰 모델을 위한 양자화 - 개요.md")
        );
    }

    #[test]
    fn a_written_note_reads_back_as_the_same_paper() {
        let mut p = Paper {
            id: "2402.12354".into(),
            title: "LoRA+: Efficient \"Low Rank\" Adaptation of\nLarge Models".into(),
            url: "https://arxiv.org/abs/2402.12354".into(),
            date: Some("2024-02".into()),
            alias: Some("LoRA+".into()),
            ..Default::default()
        };
        p.abstract_text = "We show that  LoRA's learning rates\nshould differ: A and B.".into();
        let text = note_text(&p);
        let e = note_entry("LoRA+ - Efficient.md", &text).expect("a paper");
        assert_eq!(
            e.title,
            "LoRA+: Efficient \"Low Rank\" Adaptation of Large Models"
        );
        assert_eq!(e.url, p.url);
        assert_eq!(e.date.as_deref(), Some("2024-02"));
        assert_eq!(e.alias.as_deref(), Some("LoRA+"));
        assert_eq!(
            e.abstract_text.as_deref(),
            Some("We show that LoRA's learning rates should differ: A and B.")
        );
        // A paper with a title alone is a note with a title alone.
        let bare = Paper {
            title: "Attention Is All You Need".into(),
            ..Default::default()
        };
        let e = note_entry("Attention Is All You Need.md", &note_text(&bare)).unwrap();
        assert_eq!(e.title, "Attention Is All You Need");
        assert!(e.url.is_empty() && e.date.is_none());
    }
}
