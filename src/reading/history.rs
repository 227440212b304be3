//! The reading history: a plain text file the user may edit by hand, kept beside the
//! index (`.readnext/history.txt`) and never inside the user's list.
//!
//! One paper a line: an optional date (`YYYY-MM-DD`, or `2026.11.20`, `2026년 11월 20일`
//! as Korean notes write it), then a reference as accepted by
//! `related` (title, alias, URL, arXiv id, paper id, `LIST:LINE`); readnext writes
//! `DATE<TAB>ID<TAB>TITLE`, where the title is a comment for people. Blank lines and
//! lines starting with `#` are ignored, and so is a trailing ` # comment` after the
//! reference (in any language: `2026-11-20 QLoRA # 양자화 발표`). A reference that matches no paper is kept
//! and reported, never dropped.

use crate::corpus::date::written_day;
use crate::corpus::{resolve, Corpus};
use crate::error::{Error, Result};
use crate::fsutil;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the file.
    pub line: usize,
    pub date: Option<String>,
    pub reference: String,
    /// The text of the line, kept to write it back unchanged.
    pub raw: String,
}

/// A history file's lines.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub path: PathBuf,
    pub lines: Vec<Line>,
}

/// A history line resolved against a list.
#[derive(Debug, Clone, Serialize)]
pub struct ReadEntry {
    /// Position of the paper in the list.
    #[serde(skip)]
    pub index: usize,
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    /// Where it was recorded: `history:LINE` or `list:LINE` (a checked item).
    pub source: String,
}

/// A reference that matches no paper (kept in the file, reported).
#[derive(Debug, Clone, Serialize)]
pub struct Unknown {
    pub line: usize,
    pub reference: String,
    pub reason: String,
}

/// The date a history line opens with (its first one to three words, read by
/// [`written_day`]) and the text after it.
fn leading_date(t: &str) -> Option<(String, &str)> {
    let ends: Vec<usize> = t
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace() && t[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
        .chain(std::iter::once(t.len()))
        .take(3)
        .collect();
    ends.into_iter()
        .rev()
        .find_map(|end| Some((written_day(&t[..end])?, &t[end..])))
}

fn parse_line(line: usize, raw: &str) -> Option<Line> {
    let t = raw.trim();
    if t.is_empty() || t.starts_with('#') {
        return None;
    }
    let (date, rest) = match leading_date(t) {
        Some((_, rest)) if rest.trim().is_empty() => return None,
        Some((d, rest)) => (Some(d), rest.trim()),
        None => (None, t),
    };
    // With tabs, the first field is the reference and the rest is a comment.
    let reference = rest.split('\t').next().unwrap_or(rest).trim().to_string();
    (!reference.is_empty()).then(|| Line {
        line,
        date,
        reference,
        raw: raw.to_string(),
    })
}

impl History {
    /// Read a history file; a missing file is an empty history.
    pub fn load(path: &Path) -> Result<History> {
        let text = match std::fs::read(path) {
            Ok(b) => String::from_utf8(b).map_err(|e| Error::Parse {
                path: path.to_path_buf(),
                line: e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|&&c| c == b'\n')
                    .count()
                    + 1,
                message: "not valid UTF-8; save the history as UTF-8".into(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(path, e)),
        };
        let lines = text
            .lines()
            .enumerate()
            .filter_map(|(i, l)| parse_line(i + 1, l))
            .collect();
        Ok(History {
            path: path.to_path_buf(),
            lines,
        })
    }

    /// Resolve every line against `corpus`; checked list items count as read too.
    /// Returns the read papers (one entry a paper, latest date kept) and the unknown lines.
    pub fn resolve(&self, corpus: &Corpus) -> (Vec<ReadEntry>, Vec<Unknown>) {
        let mut read: Vec<ReadEntry> = Vec::new();
        let mut unknown = Vec::new();
        for (i, p) in corpus.papers.iter().enumerate() {
            if p.checked {
                read.push(ReadEntry {
                    index: i,
                    id: p.id.clone(),
                    title: p.title.clone(),
                    date: p.read_on.clone(),
                    // A folder of notes: the note that marks it read.
                    source: match corpus.file_of_line(p.first_line()) {
                        Some(note) => format!("note:{note}"),
                        None => format!("list:{}", p.first_line()),
                    },
                });
            }
        }
        for l in &self.lines {
            // A trailing ` # comment` (any language) is a note, unless the whole text
            // names a paper (a title may contain ` #`).
            let found = resolve(corpus, &l.reference).or_else(|e| {
                match l
                    .reference
                    .find(" #")
                    .or_else(|| l.reference.find("\u{3000}#"))
                {
                    Some(at) if !l.reference[..at].trim().is_empty() => {
                        resolve(corpus, l.reference[..at].trim())
                    }
                    _ => Err(e),
                }
            });
            // A Korean name the glossary knows (`2026-11-27 큐로라 # 발표`), as `read` takes
            // it; a name two papers have is that ambiguity, not the closest spellings.
            let found = found.or_else(|e| {
                let before_note = l.reference.split(" #").next().unwrap_or_default();
                [l.reference.as_str(), before_note]
                    .iter()
                    .find_map(|r| crate::lexical::glossary::name_in(corpus.into(), r))
                    .map_or(Err(e), |(found, _)| found)
            });
            match found {
                Ok(i) => {
                    let p = &corpus.papers[i];
                    match read.iter_mut().find(|r| r.index == i) {
                        Some(r) => {
                            if l.date > r.date {
                                r.date = l.date.clone();
                            }
                            r.source = format!("history:{}", l.line);
                        }
                        None => read.push(ReadEntry {
                            index: i,
                            id: p.id.clone(),
                            title: p.title.clone(),
                            date: l.date.clone(),
                            source: format!("history:{}", l.line),
                        }),
                    }
                }
                Err(e) => unknown.push(Unknown {
                    line: l.line,
                    reference: l.reference.clone(),
                    reason: e.to_string(),
                }),
            }
        }
        (read, unknown)
    }

    /// Append papers as read on `date`, atomically (the file is rewritten whole).
    pub fn append(&self, entries: &[(String, String)], date: Option<&str>) -> Result<()> {
        let mut text = std::fs::read_to_string(&self.path).unwrap_or_default();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        if text.is_empty() {
            text.push_str("# readnext reading history: DATE<TAB>PAPER<TAB>title (edit freely)\n");
        }
        for (id, title) in entries {
            let clean: String = title
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            match date {
                Some(d) => text.push_str(&format!("{d}\t{id}\t{clean}\n")),
                None => text.push_str(&format!("{id}\t{clean}\n")),
            }
        }
        self.write(&text)
    }

    /// Remove the lines whose reference resolves to paper `index`; other lines stay as written.
    pub fn remove(&self, corpus: &Corpus, index: usize) -> Result<usize> {
        let text = std::fs::read_to_string(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let mut removed = 0;
        let mut out = String::with_capacity(text.len());
        for (i, raw) in text.lines().enumerate() {
            let hit = parse_line(i + 1, raw)
                .is_some_and(|l| resolve(corpus, &l.reference).ok() == Some(index));
            if hit {
                removed += 1;
            } else {
                out.push_str(raw);
                out.push('\n');
            }
        }
        if removed > 0 {
            self.write(&out)?;
        }
        Ok(removed)
    }

    fn write(&self, text: &str) -> Result<()> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fsutil::atomic_write(&self.path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_and_without_dates() {
        let l = parse_line(1, "2026-11-04\t2106.09685\tLoRA: …").unwrap();
        assert_eq!(
            (l.date.as_deref(), l.reference.as_str()),
            (Some("2026-11-04"), "2106.09685")
        );
        let l = parse_line(2, "2026-11-04 QLoRA").unwrap();
        assert_eq!(
            (l.date.as_deref(), l.reference.as_str()),
            (Some("2026-11-04"), "QLoRA")
        );
        let l = parse_line(3, "Attention Is All You Need").unwrap();
        assert_eq!(
            (l.date, l.reference.as_str()),
            (None, "Attention Is All You Need")
        );
        // The dates of Korean notes, read as the same day.
        for written in [
            "2026.11.20",
            "2026. 11. 20.",
            "2026/11/20",
            "2026년 11월 20일",
            "2026년11월20일",
            "2026.11.20.",
            "2026-11-20",
        ] {
            let l = parse_line(6, &format!("{written}\tQLoRA")).unwrap();
            assert_eq!(
                (l.date.as_deref(), l.reference.as_str()),
                (Some("2026-11-20"), "QLoRA"),
                "{written}"
            );
            assert_eq!(
                written_day(written).as_deref(),
                Some("2026-11-20"),
                "{written}"
            );
        }
        assert_eq!(written_day("2026.1.5").as_deref(), Some("2026-01-05"));
        // Not dates: an arXiv id, a month 13, mixed separators, a year alone, a title.
        for not in [
            "2106.09685",
            "2026.13.01",
            "2026",
            "2026.11.20x",
            "2026 AI Index",
            "20261120",
        ] {
            assert_eq!(written_day(not), None, "{not}");
        }
        let l = parse_line(7, "2106.09685 LoRA").unwrap();
        assert_eq!((l.date, l.reference.as_str()), (None, "2106.09685 LoRA"));
        assert!(parse_line(4, "# comment").is_none());
        assert!(parse_line(5, "   ").is_none());
        assert_eq!(written_day("2026-13-01"), None);
    }
}
