//! The reading history: a plain text file the user may edit by hand, kept beside the
//! index (`.readnext/history.txt`) and never inside the user's list.
//!
//! One paper a line: an optional date (`YYYY-MM-DD`, or `2026.11.20`, `2026년 11월 20일`
//! as Korean notes write it), then a reference as accepted by
//! `related` (title, alias, URL, arXiv id, paper id, `LIST:LINE`); readnext writes
//! `DATE<TAB>ID<TAB>TITLE`, where the title is a comment for people. Blank lines and
//! lines starting with `#` are ignored, and so is a trailing ` # comment` after the
//! reference (in any language: `2026-11-20 QLoRA # 양자화 발표`). A log kept by hand in
//! markdown is read too ([`super::history_line`]): bullets and check boxes, week labels,
//! dates without a year, and a heading or line that is only a date, which dates the lines
//! below it ([`lines_of`]). A reference that matches no paper is kept
//! and reported, never dropped. A history is read in the encodings a list is
//! ([`crate::corpus::encoding`]): one saved as UTF-16 is written back so, one in a legacy
//! encoding (Notepad's "ANSI", EUC-KR on Korean Windows) is read but never written.

use super::history_line::{self, Columns, Day, Read};
use crate::corpus::calendar::{self, Side};
use crate::corpus::date::unix_days_of_day;
use crate::corpus::encoding::{self, Encoding};
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
    /// How the file's bytes encode its text (UTF-8 for a history not there yet).
    pub encoding: Encoding,
    /// The day it was read on (`YYYY-MM-DD`), which places a list's meeting days written
    /// without a year ([`History::resolve`]).
    pub today: Option<String>,
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
    /// Dated after today: a session the group's log has scheduled and not yet held. Set
    /// by [`History::resolve`] when the history was read knowing the day
    /// ([`History::load_on`]); reasons say "scheduled" of it, not "you read".
    pub scheduled: bool,
}

/// A reference that matches no paper (kept in the file, reported).
#[derive(Debug, Clone, Serialize)]
pub struct Unknown {
    pub line: usize,
    pub reference: String,
    pub reason: String,
}

/// The history's paper lines as read ([`history_line::read`]), each with its date: its
/// own, else that of the date line or heading above it. A month and day without a year
/// take the year that puts them nearest the date read above them, else the first one
/// below them, else the latest such day not after `today` (a log kept a year long, `12/28`
/// then `01/04`, runs into the next year); with none of these they are undated.
pub fn lines_of(text: &str, today: Option<&str>) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut days: Vec<Option<Day>> = Vec::new();
    let mut section: Option<Day> = None;
    // The columns of the markdown table being read (its header known).
    let mut table: Option<Columns> = None;
    let raws: Vec<&str> = text.lines().collect();
    for (i, &raw) in raws.iter().enumerate() {
        let said = match history_line::table_cells(raw) {
            Some(cells) if history_line::is_rule(&cells) => Read::Nothing,
            Some(cells)
                if raws
                    .get(i + 1)
                    .and_then(|next| history_line::table_cells(next))
                    .is_some_and(|next| history_line::is_rule(&next)) =>
            {
                table = Columns::of(&cells);
                Read::Nothing
            }
            Some(cells) if table.is_some() => table.map_or(Read::Nothing, |c| c.read(&cells)),
            cells => {
                if cells.is_none() {
                    table = None;
                }
                history_line::read(raw)
            }
        };
        let planned = matches!(said, Read::Planned { .. });
        match said {
            Read::Nothing => {}
            Read::Section(d) => section = d,
            Read::Entry { date, reference } | Read::Planned { date, reference } => {
                let day = date.or_else(|| section.clone());
                // A session planned counts with its day only.
                if day.is_none() && planned {
                    continue;
                }
                lines.push(Line {
                    line: i + 1,
                    date: None,
                    reference,
                    raw: raw.to_string(),
                });
                days.push(day);
            }
        }
    }
    for (l, date) in lines.iter_mut().zip(placed(&days, today)) {
        l.date = date;
    }
    lines
}

/// Days in the order a log writes them, as `YYYY-MM-DD`: a month and day without a year
/// take the year that puts them nearest the day placed above them, else the first whole
/// date below them, else the latest such day not after `today`; with none of these they
/// are undated.
fn placed(days: &[Option<Day>], today: Option<&str>) -> Vec<Option<String>> {
    let full = |d: &Option<Day>| match d {
        Some(Day::Full(s)) => unix_days_of_day(s),
        _ => None,
    };
    let mut above: Option<i64> = None;
    let mut out = Vec::with_capacity(days.len());
    for (i, d) in days.iter().enumerate() {
        let date = match d {
            None => None,
            Some(Day::Full(s)) => Some(s.clone()),
            Some(Day::Yearless { month, day }) => above
                .or_else(|| days[i + 1..].iter().find_map(full))
                .map(|a| (a, Side::Nearest))
                .or_else(|| {
                    today
                        .and_then(unix_days_of_day)
                        .map(|t| (t, Side::NotAfter))
                })
                .and_then(|(anchor, side)| calendar::in_year_near(*month, *day, anchor, side)),
        };
        if let Some(d) = date.as_deref().and_then(unix_days_of_day) {
            above = Some(d);
        }
        out.push(date);
    }
    out
}

impl History {
    /// Read a history file; a missing file is an empty history.
    pub fn load(path: &Path) -> Result<History> {
        History::load_on(path, None)
    }

    /// Read a history file on the day `today` (`YYYY-MM-DD`), which gives a year to the
    /// dates written without one when no line around them does ([`lines_of`]).
    pub fn load_on(path: &Path, today: Option<&str>) -> Result<History> {
        let (text, encoding) = read_text(path)?;
        let lines = lines_of(&text, today);
        Ok(History {
            path: path.to_path_buf(),
            lines,
            encoding,
            today: today.map(str::to_string),
        })
    }

    /// What to tell the user about the file's encoding: a history read in a legacy
    /// encoding, which `read` will not write to.
    pub fn warning(&self) -> Option<String> {
        match self.encoding {
            Encoding::Legacy(e) => Some(format!(
                "{}: read as {} text, the encoding its bytes suggest (it is not UTF-8); `readnext read` writes only UTF-8 or UTF-16, so save the history as UTF-8 before recording more",
                self.path.display(),
                e.name()
            )),
            _ => None,
        }
    }

    /// Resolve every line against `corpus`; checked list items count as read too, on the
    /// day the list gives (a month and day without a year placed as a log's are:
    /// [`lines_of`]). Returns the read papers (one entry a paper, latest date kept) and the
    /// unknown lines. A paper in several places keeps its latest day, but a day read (up to
    /// today) over a session still to come; one dated after today is
    /// [`ReadEntry::scheduled`].
    pub fn resolve(&self, corpus: &Corpus) -> (Vec<ReadEntry>, Vec<Unknown>) {
        let mut read: Vec<ReadEntry> = Vec::new();
        let mut unknown = Vec::new();
        let mut checked: Vec<usize> = (0..corpus.papers.len())
            .filter(|&i| corpus.papers[i].checked)
            .collect();
        checked.sort_by_key(|&i| corpus.papers[i].first_line());
        let days: Vec<Option<Day>> = checked
            .iter()
            .map(|&i| {
                corpus.papers[i]
                    .read_on
                    .as_deref()
                    .and_then(Day::from_written)
            })
            .collect();
        let list_days = placed(&days, self.today.as_deref());
        for (&i, day) in checked.iter().zip(list_days) {
            let p = &corpus.papers[i];
            read.push(ReadEntry {
                index: i,
                id: p.id.clone(),
                title: p.title.clone(),
                date: day,
                // A folder of notes: the note that marks it read.
                source: match corpus.file_of_line(p.first_line()) {
                    Some(note) => format!("note:{note}"),
                    None => format!("list:{}", p.first_line()),
                },
                scheduled: false,
            });
        }
        let to_come = |d: &Option<String>| {
            d.as_deref()
                .zip(self.today.as_deref())
                .is_some_and(|(d, today)| d > today)
        };
        for l in &self.lines {
            match papers_of(corpus, l) {
                Ok(found) => {
                    for i in found {
                        let p = &corpus.papers[i];
                        match read.iter_mut().find(|r| r.index == i) {
                            Some(r) => {
                                // A reading on record beats a session still to come (read
                                // before the meeting); else the latest day.
                                let (new, old) = (to_come(&l.date), to_come(&r.date));
                                if (old && !new) || (old == new && l.date > r.date) {
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
                                scheduled: false,
                            }),
                        }
                    }
                }
                Err(e) => unknown.push(Unknown {
                    line: l.line,
                    reference: l.reference.clone(),
                    reason: e.to_string(),
                }),
            }
        }
        for r in &mut read {
            r.scheduled = to_come(&r.date);
        }
        (read, unknown)
    }

    /// Append papers as read on `date`, atomically (the file is rewritten whole).
    pub fn append(&self, entries: &[(String, String)], date: Option<&str>) -> Result<()> {
        let (mut text, encoding) = self.text_to_write()?;
        let eol = line_end(&text);
        if !text.is_empty() && !text.ends_with('\n') {
            text.push_str(eol);
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
                Some(d) => text.push_str(&format!("{d}\t{id}\t{clean}{eol}")),
                None => text.push_str(&format!("{id}\t{clean}{eol}")),
            }
        }
        self.write(&text, encoding)
    }

    /// Remove the lines whose reference resolves to paper `index`; other lines stay as written.
    pub fn remove(&self, corpus: &Corpus, index: usize) -> Result<usize> {
        let (text, encoding) = self.text_to_write()?;
        let eol = line_end(&text);
        let mut removed = 0;
        let mut out = String::with_capacity(text.len());
        let mut lines = lines_of(&text, None).into_iter().peekable();
        for (i, raw) in text.lines().enumerate() {
            let line = lines.next_if(|l| l.line == i + 1);
            let found = line
                .as_ref()
                .and_then(|l| papers_of(corpus, l).ok())
                .unwrap_or_default();
            match (line, found.contains(&index)) {
                (Some(l), true) => {
                    removed += 1;
                    // A line of several papers keeps the others.
                    if let Some(kept) = without_paper(corpus, &l, index) {
                        out.push_str(&kept);
                        out.push_str(eol);
                    }
                }
                _ => {
                    out.push_str(raw);
                    out.push_str(eol);
                }
            }
        }
        if removed > 0 {
            self.write(&out, encoding)?;
        }
        Ok(removed)
    }

    /// The file's text as it is now, to be written back in its encoding: a file not there
    /// is empty UTF-8; one in a legacy encoding is refused (it would be written as another
    /// encoding, or lose what that one cannot write).
    fn text_to_write(&self) -> Result<(String, Encoding)> {
        let (text, encoding) = read_text(&self.path)?;
        if let Encoding::Legacy(e) = encoding {
            return Err(Error::Parse {
                path: self.path.clone(),
                line: 1,
                message: format!(
                    "{} text, not UTF-8: readnext reads such a history but writes only UTF-8 or UTF-16; save the history as UTF-8 and run the command again",
                    e.name()
                ),
            });
        }
        Ok((text, encoding))
    }

    fn write(&self, text: &str, encoding: Encoding) -> Result<()> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        fsutil::atomic_write(&self.path, &encoding::encode(text, encoding))
    }
}

/// The paper a history line names, as [`History::resolve`] reads it (and `read --undo`
/// finds it to take back).
fn paper_of(corpus: &Corpus, l: &Line) -> Result<usize> {
    // A trailing ` # comment` (any language) is a note, unless the whole text names a
    // paper (a title may contain ` #`).
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
    // A Korean name the glossary knows (`2026-11-27 큐로라 # 발표`), as `read` takes it; a
    // name two papers have is that ambiguity, not the closest spellings.
    found.or_else(|e| {
        let before_note = l.reference.split(" #").next().unwrap_or_default();
        [l.reference.as_str(), before_note]
            .iter()
            .find_map(|r| crate::lexical::glossary::name_in(corpus.into(), r))
            .map_or(Err(e), |(found, _)| found)
    })
}

/// The papers a history line names: the one its reference names, else, for a reference
/// of several parts apart by `,` or `;` (`2026-11-20 LoRA, QLoRA, SpQR`, as a member
/// notes a week), each part's paper when every part names one (a title with a comma in
/// it names its paper whole, first). A markdown link among other parts (`[LoRA](…), 큐로라`) is one part: the whole reference
/// would name the link's paper alone.
fn papers_of(corpus: &Corpus, l: &Line) -> Result<Vec<usize>> {
    let whole = paper_of(corpus, l);
    let parts = parts_of(&l.reference);
    if parts.len() < 2 || (whole.is_ok() && !l.reference.contains("](")) {
        return whole.map(|i| vec![i]);
    }
    let mut found: Vec<usize> = Vec::new();
    for part in parts {
        let Ok(i) = paper_of(corpus, &part_line(l, part)) else {
            return whole.map(|i| vec![i]);
        };
        if !found.contains(&i) {
            found.push(i);
        }
    }
    Ok(found)
}

/// The parts of a reference of several (its comment left out): `LoRA, QLoRA; SpQR`.
fn parts_of(reference: &str) -> Vec<&str> {
    let body = reference.split(" #").next().unwrap_or(reference);
    body.split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Line `l` as if it named `part` alone.
fn part_line(l: &Line, part: &str) -> Line {
    Line {
        reference: part.to_string(),
        ..l.clone()
    }
}

/// Line `l`, which names several papers ([`papers_of`]), without the parts that name paper
/// `index`, as written otherwise (its date, the other parts, a comment); `None` when no
/// other part is left or the line names one paper.
fn without_paper(corpus: &Corpus, l: &Line, index: usize) -> Option<String> {
    let parts = parts_of(&l.reference);
    let kept: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| paper_of(corpus, &part_line(l, part)).ok() != Some(index))
        .collect();
    if parts.len() < 2 || kept.is_empty() || papers_of(corpus, l).map_or(true, |f| f.len() < 2) {
        return None;
    }
    let body = l
        .reference
        .split(" #")
        .next()
        .unwrap_or(&l.reference)
        .trim();
    Some(l.raw.replacen(body, &kept.join(", "), 1))
}

/// The line end `text` is written with: Windows' CRLF when it has one, else LF.
fn line_end(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The text of the history at `path` and its encoding; a file not there is an empty
/// history in UTF-8.
fn read_text(path: &Path) -> Result<(String, Encoding)> {
    match std::fs::read(path) {
        Ok(bytes) => encoding::decode(path, &bytes, "history"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((String::new(), Encoding::Utf8)),
        Err(e) => Err(Error::io(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::corpus::date::written_day;

    /// The one line `raw` as the history reads it, numbered `line`.
    fn parse_line(line: usize, raw: &str) -> Option<Line> {
        lines_of(raw, None)
            .into_iter()
            .next()
            .map(|l| Line { line, ..l })
    }

    #[test]
    fn a_log_dates_its_lines_by_the_lines_around_them() {
        let log = "# 스터디 기록\n\
                   ## 1주차 (2026-11-20)\n\
                   - [x] LoRA\n\
                   - [ ] SpQR\n\
                   - QLoRA\n\
                   ## 2주차\n\
                   - FLAN\n\
                   12/28 BERT\n\
                   01/04 (일) GPT-3\n\
                   2027-01-11\tT5\n";
        let got: Vec<(usize, Option<String>, String)> = lines_of(log, None)
            .into_iter()
            .map(|l| (l.line, l.date, l.reference))
            .collect();
        let want = [
            (3, Some("2026-11-20"), "LoRA"),
            (5, Some("2026-11-20"), "QLoRA"),
            (7, None, "FLAN"),
            (8, Some("2026-12-28"), "BERT"),
            (9, Some("2027-01-04"), "GPT-3"),
            (10, Some("2027-01-11"), "T5"),
        ]
        .map(|(n, d, r)| (n, d.map(String::from), r.to_string()));
        assert_eq!(got, want);
        // With no date above, the first one below; with none at all, the latest such day
        // not after today; without today, undated.
        let dates = |text: &str, today: Option<&str>| -> Vec<Option<String>> {
            lines_of(text, today).into_iter().map(|l| l.date).collect()
        };
        assert_eq!(
            dates("12/30 LoRA\n2027-01-02 QLoRA\n", None),
            [
                Some("2026-12-30".to_string()),
                Some("2027-01-02".to_string())
            ]
        );
        assert_eq!(
            dates("12/30 LoRA\n11월 20일 QLoRA\n", Some("2026-12-07")),
            [
                Some("2025-12-30".to_string()),
                Some("2025-11-20".to_string())
            ]
        );
        assert_eq!(dates("11/20 LoRA\n", None), [None]);
        // No year near today has a 29 February.
        assert_eq!(dates("02/29 LoRA\n", Some("2026-12-07")), [None]);
    }

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
        let l = parse_line(1, "\u{feff}2026-11-20 LoRA").unwrap();
        assert_eq!(
            (l.date.as_deref(), l.reference.as_str()),
            (Some("2026-11-20"), "LoRA")
        );
        assert!(parse_line(1, "\u{feff}# comment").is_none());
        assert!(parse_line(5, "   ").is_none());
        assert_eq!(written_day("2026-13-01"), None);
    }

    #[test]
    fn a_line_may_name_several_papers_and_undo_takes_back_one() {
        let list = "# L\n- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)\n\
                    - [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/abs/2305.14314)\n\
                    - [Speak, Memory: A Study](https://example.org/speak)\n\
                    - [Memory Networks](https://arxiv.org/abs/1410.3916)\n";
        let corpus = Corpus::from_bytes(
            Path::new("list.md"),
            crate::corpus::Format::Markdown,
            list.as_bytes(),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.txt");
        std::fs::write(
            &path,
            "2026-11-20 LoRA, QLoRA # 첫 모임\n2026-11-27: Speak, Memory: A Study\n2026-12-04\tMemory Networks; Nothing we listed\n",
        )
        .unwrap();
        let h = History::load(&path).unwrap();
        let (read, unknown) = h.resolve(&corpus);
        let got: Vec<(usize, Option<&str>)> =
            read.iter().map(|r| (r.index, r.date.as_deref())).collect();
        // Two papers on one line; a title with a comma whole (and a colon after the date);
        // a line with a part that names nothing is unknown whole.
        assert_eq!(
            got,
            [
                (0, Some("2026-11-20")),
                (1, Some("2026-11-20")),
                (2, Some("2026-11-27"))
            ]
        );
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].line, 3);
        // `read --undo QLoRA` keeps LoRA on its line, with its date and comment.
        assert_eq!(h.remove(&corpus, 1).unwrap(), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("2026-11-20 LoRA # 첫 모임\n2026-11-27: Speak"),
            "{text}"
        );
        assert_eq!(h.remove(&corpus, 0).unwrap(), 1);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("2026-11-27: Speak"), "{text}");
    }

    #[test]
    fn a_lists_meeting_days_without_a_year_are_placed_as_a_logs_are() {
        let list = "# L\n## 1주차 (12/26)\n- [LoRA](https://arxiv.org/abs/2106.09685)\n\
                    ## 진행\n- 01/02 발표: [QLoRA](https://arxiv.org/abs/2305.14314)\n\
                    - 2027-01-09 (토) [FLAN](https://arxiv.org/abs/2109.01652)\n\
                    - 01/16 (민수) [T5](https://arxiv.org/abs/1910.10683)\n";
        let corpus = Corpus::from_bytes(
            Path::new("list.md"),
            crate::corpus::Format::Markdown,
            list.as_bytes(),
        )
        .unwrap();
        let dated = |today: Option<&str>| {
            let h = History {
                today: today.map(str::to_string),
                ..Default::default()
            };
            let (read, _) = h.resolve(&corpus);
            read.into_iter()
                .map(|r| (r.title, r.date))
                .collect::<Vec<_>>()
        };
        let day = |d: &str| Some(d.to_string());
        // Placed by the whole date below them, then by the day above: a log run into the
        // next year.
        assert_eq!(
            dated(Some("2027-03-01")),
            [
                ("LoRA".to_string(), day("2026-12-26")),
                ("QLoRA".to_string(), day("2027-01-02")),
                ("FLAN".to_string(), day("2027-01-09")),
                ("T5".to_string(), day("2027-01-16")),
            ]
        );
        // Without today a list with no whole date keeps its days undated.
        let corpus = Corpus::from_bytes(
            Path::new("list.md"),
            crate::corpus::Format::Markdown,
            "# L\n- 11/20 발표: [LoRA](https://arxiv.org/abs/2106.09685)\n- [QLoRA](b)\n"
                .as_bytes(),
        )
        .unwrap();
        let h = History::default();
        let (read, _) = h.resolve(&corpus);
        assert_eq!((read.len(), read[0].date.as_deref()), (1, None));
        let h = History {
            today: Some("2026-12-07".into()),
            ..Default::default()
        };
        assert_eq!(h.resolve(&corpus).0[0].date.as_deref(), Some("2026-11-20"));
    }

    #[test]
    fn a_paper_read_before_its_scheduled_session_counts_as_read_that_day() {
        let list =
            "# L\n## 진행 기록\n- 2026-12-09 민수: [FLAN](https://arxiv.org/abs/2109.01652)\n\
                    - 2026-11-20 발표: [LoRA](https://arxiv.org/abs/2106.09685)\n";
        let corpus = Corpus::from_bytes(
            Path::new("list.md"),
            crate::corpus::Format::Markdown,
            list.as_bytes(),
        )
        .unwrap();
        let today = "2026-12-07";
        let h = History {
            lines: lines_of("2026-12-05 FLAN\n2026-11-27 LoRA\n", Some(today)),
            today: Some(today.into()),
            ..Default::default()
        };
        let read = h.resolve(&corpus).0;
        let got: Vec<(&str, Option<&str>, bool)> = read
            .iter()
            .map(|r| (r.title.as_str(), r.date.as_deref(), r.scheduled))
            .collect();
        // FLAN read on the 5th is read, not the session of the 9th; LoRA keeps its later day.
        assert_eq!(
            got,
            [
                ("FLAN", Some("2026-12-05"), false),
                ("LoRA", Some("2026-11-27"), false)
            ]
        );
        // Before that day, or without the history's line, the session is to come.
        let h = History {
            today: Some(today.into()),
            ..Default::default()
        };
        let read = h.resolve(&corpus).0;
        assert!(read[0].scheduled && read[0].date.as_deref() == Some("2026-12-09"));
    }

    #[test]
    fn a_history_in_utf16_is_written_back_so_and_one_in_a_legacy_encoding_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let text = "2026-11-20\tLoRA\t# 첫 모임\r\n2026-11-27\tQLoRA\r\n";
        let entry = [("2106.09685".to_string(), "BERT".to_string())];
        // UTF-16 as Notepad's "Unicode" saves it: read as its text, appended in UTF-16.
        let path = dir.path().join("utf16.txt");
        std::fs::write(&path, encoding::encode(text, Encoding::Utf16Le)).unwrap();
        let h = History::load(&path).unwrap();
        assert_eq!(h.encoding, Encoding::Utf16Le);
        assert_eq!(h.warning(), None);
        let refs: Vec<&str> = h.lines.iter().map(|l| l.reference.as_str()).collect();
        assert_eq!(refs, ["LoRA", "QLoRA"]);
        h.append(&entry, Some("2026-12-04")).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let (after, found) = encoding::to_utf8(&bytes);
        assert_eq!(found, Encoding::Utf16Le);
        assert_eq!(
            std::str::from_utf8(&after).unwrap(),
            format!("{text}2026-12-04\t2106.09685\tBERT\r\n")
        );
        // EUC-KR (Notepad's "ANSI" on Korean Windows): read with a warning; `read` and
        // `read --undo` refuse it and leave it as it was.
        let path = dir.path().join("euc-kr.txt");
        let (legacy, _, _) = encoding_rs::EUC_KR.encode(text);
        std::fs::write(&path, &legacy).unwrap();
        let h = History::load(&path).unwrap();
        let refs: Vec<&str> = h.lines.iter().map(|l| l.reference.as_str()).collect();
        assert_eq!(refs, ["LoRA", "QLoRA"]);
        assert!(
            h.warning().is_some_and(|w| w.contains("EUC-KR")),
            "{:?}",
            h.warning()
        );
        let err = h
            .append(&entry, Some("2026-12-04"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("euc-kr.txt:1: EUC-KR text") && err.contains("save the history as UTF-8"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), legacy.as_ref());
        // A history not there yet is started in UTF-8.
        let path = dir.path().join("new").join("history.txt");
        let h = History::load(&path).unwrap();
        assert!(h.lines.is_empty() && h.encoding == Encoding::Utf8);
        h.append(&entry, Some("2026-12-04")).unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.ends_with("2026-12-04\t2106.09685\tBERT\n"),
            "{written}"
        );
    }
}
