//! How one line of a hand-kept history is read: what `DATE REFERENCE` has around it when
//! a study group keeps its log as people keep one in a text or markdown file — a list
//! bullet and a check box (`- [x] QLoRA`; an unchecked `- [ ]` is not read), a week label
//! (`1주차`, `제3회`, `Week 2`), a date without its year (`11/20`, `11. 20.`, `11월 20일`;
//! [`Day::Yearless`], given its year by the history), a weekday after a date (`(수)`,
//! `수요일`, `Wed`), a note in Korean after a date (`11/20 발표: LoRA`, `(민수)`), a date in
//! brackets or bold, and a line or heading that is only a date
//! or a week label (`## 2026-11-20`, `1주차 (2026-11-20)`), which dates the undated lines
//! below it ([`Read::Section`]); a line struck through or marked read (`- ~~QLoRA~~`,
//! `LoRA ✅`, `완료: LoRA`) and one whose note says it was put off (`(연기)`, `(to read)`:
//! nothing), as a list's items are ([`crate::corpus::read_mark`]); and a markdown table of
//! the meetings, read by its header (`| 주차 | 날짜 | 발표자 | 논문 |`: [`Columns`]). How the
//! dates and labels are written is [`crate::corpus::session_date`]'s.

use crate::corpus::read_mark;
pub use crate::corpus::session_date::Day;
use crate::corpus::session_date::{front, without_note};

/// What a history line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// Nothing: a blank line, a `#` comment, an unchecked box.
    Nothing,
    /// A line or heading that is a date or a week label and names no paper: its date (none
    /// for a week label alone) dates the undated lines below it, up to the next such line.
    Section(Option<Day>),
    /// A paper read: the date the line gives, and its reference (a tab ends it; what
    /// follows is a comment).
    Entry {
        date: Option<Day>,
        reference: String,
    },
    /// An open box whose note says its session is planned (`- [ ] [T5](…) (예정)`, as
    /// `history --markdown` writes one to come): a paper of that session when the line or
    /// a heading above it gives its day, else nothing.
    Planned {
        date: Option<Day>,
        reference: String,
    },
}

/// Read one line of a history.
pub fn read(raw: &str) -> Read {
    // A byte-order mark before the first line (Notepad's "UTF-8 with BOM") is no text.
    let t = raw.trim_start_matches('\u{feff}').trim();
    if t.is_empty() {
        return Read::Nothing;
    }
    if let Some(heading) = t.strip_prefix('#') {
        // A heading that opens with a date or a week label dates what follows (its other
        // words are its title); any other `#` line is a comment.
        let (date, found, _) = front(heading.trim_start_matches('#'));
        return if found {
            Read::Section(date)
        } else {
            Read::Nothing
        };
    }
    // A line in emphasis is a note (a plan's `_follows from "LoRA" (you read)_`).
    if t.len() > 2 && t.starts_with('_') && t.ends_with('_') {
        return Read::Nothing;
    }
    let (body, open) = without_bullet(t);
    if open && !read_mark::notes_planned(body) {
        return Read::Nothing;
    }
    let (date, found, rest) = front(body);
    // A note in Korean between the date and the paper (`11/20 발표: LoRA`, `민수 -`).
    let rest = if found { without_note(rest) } else { rest };
    // With tabs, the first field is the reference and the rest is a comment.
    let reference = rest.split('\t').next().unwrap_or(rest).trim();
    let reference = link_alone(without_list_date(reference));
    // A line struck through (`~~QLoRA~~`) and a note that says read (`QLoRA ✅`, `(다
    // 읽음)`) are a paper read, one whose note says it was not (`~~QLoRA~~ (연기)`,
    // `Toolformer (to read)`) is nothing, as in a list.
    let (reference, said) = read_mark::split(&without_strike(reference));
    // A dated session planned (`12/09 FLAN (예정)`) is one, scheduled when the day is to
    // come; one put off or dropped is nothing.
    if said == Some(false) && !((date.is_some() || open) && read_mark::says_planned(t)) {
        return Read::Nothing;
    }
    let reference = reference.as_str();
    match (reference.is_empty(), found) {
        (false, _) if open => Read::Planned {
            date,
            reference: reference.to_string(),
        },
        (true, _) if open => Read::Nothing,
        (false, _) => Read::Entry {
            date,
            reference: reference.to_string(),
        },
        (true, true) => Read::Section(date),
        (true, false) => Read::Nothing,
    }
}

/// A reference without the strike-through around its opening words (`~~QLoRA~~ (연기)`).
fn without_strike(reference: &str) -> std::borrow::Cow<'_, str> {
    match reference
        .strip_prefix("~~")
        .and_then(|r| r.split_once("~~"))
    {
        Some((struck, after)) if !struck.trim().is_empty() => format!("{struck}{after}").into(),
        _ => reference.into(),
    }
}

/// A reference without the paper's own date in brackets before it, as `plan --markdown`
/// and `suggest --markdown` write their lines (`[2021/09] [FLAN: …](…)`): that date is when
/// the paper appeared, not when it was read.
fn without_list_date(reference: &str) -> &str {
    let Some((date, rest)) = reference.strip_prefix('[').and_then(|r| r.split_once("] ")) else {
        return reference;
    };
    if crate::corpus::markdown::is_list_date(date) && !rest.trim().is_empty() {
        rest.trim_start()
    } else {
        reference
    }
}

/// A markdown link that opens a reference, without the note after it (`[SpQR: …](…) — 읽은
/// 논문 "QLoRA: …"에서 이어짐`, as `suggest --markdown` writes a reason after its paper);
/// any other reference as it is.
fn link_alone(reference: &str) -> &str {
    let Some((_, _, after)) = crate::corpus::markup::leading_link(reference) else {
        return reference;
    };
    let note = after.trim_start();
    if ["—", "–", "- ", "←", "·"]
        .iter()
        .any(|d| note.starts_with(d))
    {
        &reference[..reference.len() - after.len()]
    } else {
        reference
    }
}

/// The cells of a markdown table row (`| 1 | 2026.11.06 | 민수 | [LoRA](…) |`), trimmed;
/// `None` for a line that is no row.
pub fn table_cells(raw: &str) -> Option<Vec<&str>> {
    let t = raw.trim_start_matches('\u{feff}').trim();
    let inner = t.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some(inner.split('|').map(str::trim).collect())
}

/// Whether a table row is the rule under its header (`| --- | :-: |`).
pub fn is_rule(cells: &[&str]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Which columns of a study log's table hold the paper and the day it was read, as a
/// list's markdown table names them ([`crate::corpus::markdown::table::log_columns`]:
/// `논문`/`제목`/`Paper`/`Title`; `발표일`/`날짜`/`Date`); `None` without a paper column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    date: Option<usize>,
    paper: usize,
}

impl Columns {
    pub fn of(header: &[&str]) -> Option<Columns> {
        let (paper, date) = crate::corpus::markdown::table::log_columns(header)?;
        Some(Columns { date, paper })
    }

    /// What a row of the table says: its paper cell as the reference, its date cell's date.
    pub fn read(&self, cells: &[&str]) -> Read {
        let reference = cells.get(self.paper).copied().unwrap_or_default();
        if reference.is_empty() {
            return Read::Nothing;
        }
        let date = self
            .date
            .and_then(|d| cells.get(d))
            .and_then(|c| front(c).0);
        Read::Entry {
            date,
            reference: reference.to_string(),
        }
    }
}

/// The line without a list bullet (`-`, `*`, `+`, `•`, `1.`, `1)`) and a box (`[x]`,
/// `[✓]`, `[ ]`), and whether the box was open (unchecked: not read, but for a session
/// planned).
fn without_bullet(t: &str) -> (&str, bool) {
    let mut rest = t;
    if let Some(r) = ["- ", "* ", "+ ", "• ", "· "]
        .iter()
        .find_map(|b| rest.strip_prefix(b))
    {
        rest = r.trim_start();
    } else if front(t).0.is_none() {
        // `1. LoRA`, but not `11. 20. LoRA` (a date).
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if (1..=3).contains(&digits) {
            if let Some(r) = t[digits..]
                .strip_prefix(['.', ')'])
                .filter(|r| r.starts_with(char::is_whitespace))
            {
                rest = r.trim_start();
            }
        }
    }
    for checked in ["[x]", "[X]", "[✓]", "[✔]"] {
        if let Some(r) = rest.strip_prefix(checked) {
            return (r.trim_start(), false);
        }
    }
    match rest.strip_prefix("[ ]") {
        Some(r) => (r.trim_start(), true),
        None => (rest, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: Option<Day>, reference: &str) -> Read {
        Read::Entry {
            date,
            reference: reference.to_string(),
        }
    }
    fn full(d: &str) -> Option<Day> {
        Some(Day::Full(d.to_string()))
    }
    fn md(month: u32, day: u32) -> Option<Day> {
        Some(Day::Yearless { month, day })
    }

    #[test]
    fn a_study_log_line_is_read_around_its_reference() {
        let cases = [
            ("11/20 LoRA", entry(md(11, 20), "LoRA")),
            ("11.20 LoRA", entry(md(11, 20), "LoRA")),
            ("11. 20. LoRA", entry(md(11, 20), "LoRA")),
            ("11월 27일 QLoRA", entry(md(11, 27), "QLoRA")),
            ("11월27일: QLoRA", entry(md(11, 27), "QLoRA")),
            ("20/11 LoRA", entry(md(11, 20), "LoRA")),
            (
                "1주차 (2026-12-04): FLAN",
                entry(full("2026-12-04"), "FLAN"),
            ),
            ("2주차: BERT, GPT-3", entry(None, "BERT, GPT-3")),
            (
                "[3주차] 2026/12/11 - LLaMA",
                entry(full("2026-12-11"), "LLaMA"),
            ),
            ("제4회 12/18 (금) SpQR", entry(md(12, 18), "SpQR")),
            (
                "Week 2 - 2026-12-04 - FLAN",
                entry(full("2026-12-04"), "FLAN"),
            ),
            ("- [x] SpQR", entry(None, "SpQR")),
            ("* [X] 2026-11-20 LoRA", entry(full("2026-11-20"), "LoRA")),
            ("1. LoRA", entry(None, "LoRA")),
            ("2026-12-02 (수) LLaMA", entry(full("2026-12-02"), "LLaMA")),
            ("2026-12-02(수) LLaMA", entry(full("2026-12-02"), "LLaMA")),
            (
                "2026-12-02 수요일 LLaMA",
                entry(full("2026-12-02"), "LLaMA"),
            ),
            ("2026-12-02 Wed. LLaMA", entry(full("2026-12-02"), "LLaMA")),
            ("**2026-12-02** LLaMA", entry(full("2026-12-02"), "LLaMA")),
            (
                "2026-11-04\t2106.09685\tLoRA: …",
                entry(full("2026-11-04"), "2106.09685"),
            ),
            // Not a date, a label or a bullet: the reference as written.
            ("2106.09685 LoRA", entry(None, "2106.09685 LoRA")),
            ("2026 AI Index", entry(None, "2026 AI Index")),
            (
                "11월 20일에 읽은 LoRA",
                entry(None, "11월 20일에 읽은 LoRA"),
            ),
            (
                "3D Gaussian Splatting",
                entry(None, "3D Gaussian Splatting"),
            ),
            ("1.5B parameters", entry(None, "1.5B parameters")),
            ("Weekly digest", entry(None, "Weekly digest")),
            ("일반화 LoRA", entry(None, "일반화 LoRA")),
            (
                "[QLoRA](https://arxiv.org/abs/2305.14314)",
                entry(None, "[QLoRA](https://arxiv.org/abs/2305.14314)"),
            ),
            (
                "2026-11-20 월간 리뷰",
                entry(full("2026-11-20"), "월간 리뷰"),
            ),
            // As `plan --markdown` and `suggest --markdown` write their papers.
            (
                "- [2021/09] [FLAN](https://arxiv.org/abs/2109.01652)",
                entry(None, "[FLAN](https://arxiv.org/abs/2109.01652)"),
            ),
            (
                "- [2023-06] [SpQR](https://arxiv.org/abs/2306.03078) — 읽은 논문 \"QLoRA\"에서 이어짐",
                entry(None, "[SpQR](https://arxiv.org/abs/2306.03078)"),
            ),
            (
                "[LoRA](https://a/b) and QLoRA",
                entry(None, "[LoRA](https://a/b) and QLoRA"),
            ),
            ("[2021] GPT-3", entry(None, "GPT-3")),
        ];
        for (line, want) in cases {
            assert_eq!(read(line), want, "{line}");
        }
    }

    #[test]
    fn a_struck_or_marked_line_is_read_and_a_postponed_one_is_not() {
        assert_eq!(read("- ~~QLoRA~~"), entry(None, "QLoRA"));
        assert_eq!(read("- 11/20 LoRA ✅"), entry(md(11, 20), "LoRA"));
        assert_eq!(read("- [x] FLAN (다 읽음)"), entry(None, "FLAN"));
        // A note in Korean between the date and the paper: a presenter, `발표`.
        assert_eq!(
            read("- 2026-11-20 발표: LoRA"),
            entry(Some(Day::Full("2026-11-20".into())), "LoRA")
        );
        assert_eq!(
            read("11/27 (지현) QLoRA"),
            entry(Some(Day::Yearless { month: 11, day: 27 }), "QLoRA")
        );
        assert_eq!(read("11/27 (연기) QLoRA"), Read::Nothing);
        // A dated session planned is one (scheduled while it is to come); undated, nothing.
        assert_eq!(
            read("12/09 FLAN (예정)"),
            entry(Some(Day::Yearless { month: 12, day: 9 }), "FLAN")
        );
        assert_eq!(read("FLAN (예정)"), Read::Nothing);
        assert_eq!(read("- ~~QLoRA~~ (연기)"), Read::Nothing);
        assert_eq!(read("2026-11-27 Toolformer (to read)"), Read::Nothing);
        // English words in brackets are the reference's.
        assert_eq!(
            read("- Attention Is All You Need (NeurIPS 2017)"),
            entry(None, "Attention Is All You Need (NeurIPS 2017)")
        );
    }

    #[test]
    fn a_table_row_is_read_by_its_header() {
        let header = table_cells("| 주차 | 날짜 | 발표자 | 논문 |").unwrap();
        assert_eq!(header, ["주차", "날짜", "발표자", "논문"]);
        assert!(is_rule(&table_cells("| --- | :-: | --- | ---: |").unwrap()));
        assert!(!is_rule(&header));
        let columns = Columns::of(&header).unwrap();
        let row = |r: &str| columns.read(&table_cells(r).unwrap());
        assert_eq!(
            row("| 1 | 2026.11.06 | 민수 | [LoRA](https://arxiv.org/abs/2106.09685) |"),
            entry(
                full("2026-11-06"),
                "[LoRA](https://arxiv.org/abs/2106.09685)"
            )
        );
        assert_eq!(
            row("| 2 | 11/13 (수) | 지현 | QLoRA |"),
            entry(md(11, 13), "QLoRA")
        );
        assert_eq!(row("| 3 | | 미정 | |"), Read::Nothing);
        assert_eq!(Columns::of(&["이름", "메모"]), None);
        assert_eq!(table_cells("- LoRA"), None);
    }

    #[test]
    fn dates_and_labels_alone_date_the_lines_below_and_comments_are_nothing() {
        assert_eq!(read("## 2026-11-20"), Read::Section(full("2026-11-20")));
        assert_eq!(
            read("### 1주차 (2026-11-20) 첫 모임"),
            Read::Section(full("2026-11-20"))
        );
        assert_eq!(read("## 2주차"), Read::Section(None));
        assert_eq!(read("2026-11-20"), Read::Section(full("2026-11-20")));
        assert_eq!(read("11월 20일 (수)"), Read::Section(md(11, 20)));
        assert_eq!(read("**1주차**"), Read::Section(None));
        assert_eq!(read("# 첫 모임"), Read::Nothing);
        assert_eq!(
            read("# readnext reading history: DATE<TAB>PAPER<TAB>title (edit freely)"),
            Read::Nothing
        );
        assert_eq!(read("- [ ] SpQR"), Read::Nothing);
        // An open box planned is that session's paper (dated by the line or its heading).
        assert_eq!(
            read("- [ ] [T5](https://arxiv.org/abs/1910.10683) (예정)"),
            Read::Planned {
                date: None,
                reference: "[T5](https://arxiv.org/abs/1910.10683)".into()
            }
        );
        assert_eq!(
            read("- [ ] 12/16 T5 (scheduled)"),
            Read::Planned {
                date: md(12, 16),
                reference: "T5".into()
            }
        );
        assert_eq!(
            read("- [ ] Scheduled Sampling for Sequence Prediction"),
            Read::Nothing
        );
        assert_eq!(read("_follows from \"LoRA\" (you read)_"), Read::Nothing);
        assert_eq!(read("   "), Read::Nothing);
        assert_eq!(read("\u{feff}# comment"), Read::Nothing);
        assert_eq!(
            read("\u{feff}2026-11-20 LoRA"),
            entry(full("2026-11-20"), "LoRA")
        );
    }
}
