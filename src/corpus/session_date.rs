//! How a study group writes when it met: a date (`2026-11-20`, `2026.11.20`, `2026년 11월
//! 20일`, `November 20, 2026`, or without its year: `11/20`, `11월 20일`, `Nov 20`), a week
//! label (`1주차`, `제3회`, `Week 2`, `Session 4`) and a weekday after a date (`(수)`, `Wed`), in brackets or bold too, at the
//! front of a line or heading ([`front`]). A history's lines are read by it, a list's
//! headings that date a meeting ([`heading_day`]), and a list's items that open with the
//! meeting they were read at (`11/20 발표: LoRA`: [`meeting_front`]).

use super::normalize::is_hangul;

use super::calendar;
use super::date::written_day;

/// A date as a study log writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Day {
    /// `YYYY-MM-DD`.
    Full(String),
    /// A month and day whose year the lines around it tell.
    Yearless { month: u32, day: u32 },
}

impl Day {
    /// The day as a list keeps it before the year is known: `YYYY-MM-DD`, or `--MM-DD`
    /// (ISO 8601's form without a year) for a month and day, which the history places in
    /// a year when it knows today ([`Day::from_written`]).
    pub fn written(&self) -> String {
        match self {
            Day::Full(d) => d.clone(),
            Day::Yearless { month, day } => format!("--{month:02}-{day:02}"),
        }
    }

    /// A day [`Day::written`] wrote.
    pub fn from_written(s: &str) -> Option<Day> {
        match s.strip_prefix("--") {
            Some(md) => {
                let (m, d) = md.split_once('-')?;
                Some(Day::Yearless {
                    month: m.parse().ok()?,
                    day: d.parse().ok()?,
                })
            }
            None => Some(Day::Full(s.to_string())),
        }
    }
}

/// Whether `c` may follow a date, a label or a weekday (not a letter or digit: `11월
/// 20일에` is no date).
fn ends_word(c: Option<char>) -> bool {
    c.is_none_or(|c| !c.is_alphanumeric())
}

/// Characters between a line's date or label and its reference.
pub const SEPARATORS: [char; 6] = [':', ',', '-', '–', '—', '|'];

/// What opens `t`: dates, week labels and weekdays (in brackets, parentheses or bold too),
/// apart by spaces and separators. Returns the first date, whether anything was found,
/// and the text after it.
pub fn front(t: &str) -> (Option<Day>, bool, &str) {
    let p = front_parts(t);
    (p.date, p.found, p.rest)
}

/// What opens a list item before its title: the meeting it was read at, or only a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting<'a> {
    /// The date written, if any.
    pub date: Option<Day>,
    /// Whether the item says the group met on it: a date with a week label (`1주차 (11/20)`),
    /// a weekday (`2026-11-27 (수)`) or a note in Korean (`11/20 발표:`, `2026-11-27 민수:`),
    /// or a date without its year (`11/20`, `12월 4일`: a day of the group's calendar, not
    /// a paper's date). A whole date alone (`2026-11-27: QLoRA`, a day the paper came out or
    /// was added as much as read) and a week label alone (`5주차: FLAN`, a syllabus's week
    /// to come) are not, as with a heading ([`heading_day`]); a note that says the session
    /// was put off (`11/20 (연기)`) is not either, while one that says it is planned (`12/16
    /// (예정)`) is a session on that day (scheduled, when the day is to come).
    pub held: bool,
    /// The text after it and the separators that follow.
    pub rest: &'a str,
}

impl Meeting<'_> {
    /// The date written, as a list keeps it ([`Day::written`]), if any.
    pub fn day(&self) -> Option<String> {
        self.date.as_ref().map(Day::written)
    }
}

/// The date, week label, weekday and Korean note (a presenter, `발표`) that open a list
/// item's text before its title (`11/20 발표: LoRA`, `1주차 (2026-11-20) — QLoRA`,
/// `2026-11-27 (수) 민수: BERT`). `None` when nothing of the kind opens it. A month and day
/// written with a dot alone (`1.5`, `11.20`) opens many titles (*1.5-Pints Technical
/// Report*) and is a date here only with something else of a meeting; `11. 20.` is one.
pub fn meeting_front(t: &str) -> Option<Meeting<'_>> {
    let t = t.trim_start();
    let p = front_parts(t);
    if !p.found {
        return None;
    }
    let after = p
        .rest
        .trim_start_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c));
    let (note, rest) = match korean_note_at(after) {
        Some((note, rest)) => (Some(note), rest),
        None => (None, after),
    };
    // `11.20` before a title is as likely its first number (`3.5 Sonnet`): a date only
    // with a weekday, a label or a note after it, or before a link (nothing after it).
    if decimal_at(t) && !(p.weekday || p.labelled || note.is_some() || rest.trim().is_empty()) {
        return None;
    }
    let put_off = note.is_some_and(|n| {
        super::read_mark::says(n) == Some(false) && !super::read_mark::says_planned(n)
    });
    let held = !put_off
        && match &p.date {
            Some(Day::Yearless { .. }) => true,
            Some(Day::Full(_)) => p.labelled || p.weekday || note.is_some(),
            None => false,
        };
    Some(Meeting {
        date: p.date,
        held,
        rest,
    })
}

/// `t` without a Korean note opening it (`발표: LoRA` → `LoRA`), as after a history line's
/// date; `t` itself when no such note opens it, nothing follows the note, or the note says
/// whether the paper was read (`(연기) LoRA`, `완료: LoRA`: [`super::read_mark`] reads those).
pub fn without_note(t: &str) -> &str {
    match korean_note_at(t) {
        Some((note, rest)) if !rest.trim().is_empty() && super::read_mark::says(note).is_none() => {
            rest
        }
        _ => t,
    }
}

/// A note after a title that is a meeting and nothing else (`(11/20 발표)`, `— 2026-11-27
/// 지현 발표`, `(12/04, 민수)`, `(Nov 20)`): brackets and a separator around it aside, a
/// meeting's front ([`meeting_front`]) that says it was held, with nothing after it.
pub fn note_meeting(note: &str) -> Option<Meeting<'_>> {
    let mut t = note.trim();
    t = t.trim_start_matches(|c: char| c.is_whitespace() || "-—–|←·".contains(c));
    for (open, close) in [("(", ")"), ("[", "]"), ("（", "）")] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            t = inner.trim();
            break;
        }
    }
    meeting_front(t).filter(|m| m.held && m.rest.trim().is_empty())
}

/// Whether `t` opens with a number written with a dot and no space (`1.5`, `3.5-turbo`):
/// a decimal, not a month and day.
fn decimal_at(t: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n = digits(t);
    n > 0
        && t[n..]
            .strip_prefix('.')
            .is_some_and(|r| digits(r) > 0 && !r[digits(r)..].starts_with('.'))
}

/// A note in Korean after a meeting's date, before the title (`발표:`, `민수 발표 -`,
/// `(민수)`, `지현:`): a few words in Hangul alone, ended by a separator, a bracket or a
/// space, before a title in Latin letters (the group writes its titles in English) or
/// nothing (`11/20 발표 [LoRA](…)` has its title in the link); the note and the text after
/// it. `None` when the words are more than a note's few, run into a word of other letters
/// (`한국어BERT`), or are followed by more Korean or a comment: then they may be the paper's
/// Korean name (`2026-11-20 큐로라 # 양자화 발표`, `11/20 로라 - 민수`).
fn korean_note_at(t: &str) -> Option<(&str, &str)> {
    let is_note = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.split_whitespace().count() <= 3
            && s.chars().all(|c| is_hangul(c) || c.is_whitespace())
    };
    let title_follows = |rest: &str| {
        rest.chars()
            .next()
            .is_none_or(|c| c.is_ascii_alphanumeric() || "[*~\"'<_“‘".contains(c))
    };
    fn past_separators(s: &str) -> &str {
        s.trim_start_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c))
    }
    let (note, rest) = match wrapped(t) {
        Some((inner, after)) => (inner, past_separators(after)),
        None => {
            let end = t
                .find(|c: char| !is_hangul(c) && !c.is_whitespace())
                .unwrap_or(t.len());
            let (note, after) = t.split_at(end);
            let ended = after.is_empty() || after.starts_with(SEPARATORS) || note.ends_with(' ');
            if !ended {
                return None;
            }
            (note, past_separators(after))
        }
    };
    (is_note(note) && title_follows(rest)).then(|| (note.trim(), rest))
}

/// The day a list's heading dates a meeting by, as a list keeps it ([`Day::written`]): a
/// week label and a date open it, in either order (`1주차 (2026-11-20)`, `Week 3: 2026.12.04
/// — Alignment`, `2026-11-20 (1회차)`, `2주차 (11/27)`: `--11-27`, placed in its year by
/// the history). `None` for a date alone (a list of the day's new papers, `## 2024-03-15`)
/// or a label alone.
pub fn heading_day(heading: &str) -> Option<String> {
    match front_parts(heading) {
        Parts {
            date: Some(day),
            labelled: true,
            ..
        } => Some(day.written()),
        _ => None,
    }
}

/// What [`front_parts`] found.
struct Parts<'a> {
    date: Option<Day>,
    found: bool,
    labelled: bool,
    weekday: bool,
    rest: &'a str,
}

/// [`front`], and whether a week label and a weekday were among what opens `t`.
fn front_parts(t: &str) -> Parts<'_> {
    let mut rest = t.trim_start();
    let mut date: Option<Day> = None;
    let mut found = false;
    let mut labelled = false;
    let mut weekday = false;
    // Each round takes one piece; a line opens with a few at most.
    for _ in 0..8 {
        let before = rest.len();
        if found {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c));
        }
        if let Some((inner, after)) = wrapped(rest) {
            let inside = front_parts(inner);
            if inside.found && inside.rest.trim().is_empty() {
                date = date.or(inside.date);
                found = true;
                labelled |= inside.labelled;
                weekday |= inside.weekday;
                rest = after;
                continue;
            }
            // `(수)`, `(Wed)` after a date.
            if date.is_some() && weekday_at(inner.trim()).is_some_and(|r| r.trim().is_empty()) {
                weekday = true;
                rest = after;
                continue;
            }
        }
        if let Some((d, after)) = day_at(rest) {
            date = date.or(Some(d));
            found = true;
            rest = after;
            continue;
        }
        if let Some(after) = label_at(rest) {
            found = true;
            labelled = true;
            rest = after;
            continue;
        }
        if date.is_some() {
            if let Some(after) = weekday_at(rest) {
                weekday = true;
                rest = after;
                continue;
            }
        }
        if rest.len() == before {
            break;
        }
    }
    Parts {
        date,
        found,
        labelled,
        weekday,
        rest,
    }
}

/// The inside of `(…)`, `[…]`, `【…】`, `<…>` or `**…**` opening `t`, and the text after it.
fn wrapped(t: &str) -> Option<(&str, &str)> {
    for (open, close) in [
        ("**", "**"),
        ("(", ")"),
        ("[", "]"),
        ("【", "】"),
        // An org-mode timestamp, active (`<2026-11-20 Fri>`; inactive ones are bracketed).
        ("<", ">"),
        ("（", "）"),
    ] {
        if let Some(r) = t.strip_prefix(open) {
            let end = r.find(close)?;
            return Some((&r[..end], &r[end + close.len()..]));
        }
    }
    None
}

/// A date opening `t` (a full one, `2026-11-20`, `2026년 11월 20일`, `November 20, 2026`; or a
/// month and day, `11/20`, `11. 20.`, `11월 20일`, `Nov 20`, `20 Nov`, a first number above 12
/// read as the day: `20/11`) and the text after it.
fn day_at(t: &str) -> Option<(Day, &str)> {
    if let Some((month, day, year, rest)) = calendar::named_month_day(t) {
        let day = match year {
            Some(y) => Day::Full(
                Some(format!("{y:04}-{month:02}-{day:02}"))
                    .filter(|d| super::date::unix_days_of_day(d).is_some())?,
            ),
            None => Day::Yearless { month, day },
        };
        return Some((day, rest));
    }
    let is_date_char = |c: char| {
        c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '/' | '.' | '년' | '월' | '일')
    };
    let span = t.find(|c: char| !is_date_char(c)).unwrap_or(t.len());
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // The longest piece that ends a word and is a date.
    let ends = t[..span]
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&e| !t[..e].ends_with(char::is_whitespace) && ends_word(t[e..].chars().next()))
        .collect::<Vec<_>>();
    ends.into_iter().rev().find_map(|e| {
        let piece = &t[..e];
        let day = match written_day(piece) {
            Some(d) => Day::Full(d),
            None => {
                let (month, day) = calendar::month_day(piece)?;
                Day::Yearless { month, day }
            }
        };
        Some((day, &t[e..]))
    })
}

/// A week label opening `t` (`1주차`, `3주`, `2회차`, `2회`, `1차`, `제3회`, `Week 2`,
/// `week2`) and the text after it.
fn label_at(t: &str) -> Option<&str> {
    let after_number = |s: &str| -> Option<usize> {
        let s2 = s.trim_start();
        let digits = s2.len() - s2.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        (1..=3)
            .contains(&digits)
            .then(|| s.len() - s2.len() + digits)
    };
    let lower = t.to_lowercase();
    for word in ["week", "session"] {
        if lower.starts_with(word) && t.is_char_boundary(word.len()) {
            let n = after_number(&t[word.len()..])?;
            let rest = &t[word.len() + n..];
            return ends_word(rest.chars().next()).then_some(rest);
        }
    }
    let (start, korean) = match t.strip_prefix('제') {
        Some(r) => (t.len() - r.len(), true),
        None => (0, false),
    };
    let n = after_number(&t[start..])?;
    let rest = t[start + n..].trim_start();
    let units: &[&str] = if korean {
        &["회차", "회", "주차", "주", "차"]
    } else {
        &["주차", "회차", "주", "회", "차", "번째"]
    };
    units.iter().find_map(|u| {
        let r = rest.strip_prefix(u)?;
        ends_word(r.chars().next()).then_some(r)
    })
}

/// A weekday after a date (`(수)` is handled as a bracket): `수`, `수요일`, `Wed`,
/// `Wednesday`, `Wed.` ([`calendar::weekday`]), and the text after it.
fn weekday_at(t: &str) -> Option<&str> {
    // A Korean weekday is one syllable (`요일` after it optional); an English one a word.
    let end = match t.chars().next()? {
        c if c.is_ascii_alphabetic() => t
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(t.len()),
        c => {
            let one = c.len_utf8();
            one + if t[one..].starts_with("요일") {
                "요일".len()
            } else {
                0
            }
        }
    };
    calendar::weekday(&t[..end])?;
    let rest = &t[end..];
    ends_word(rest.chars().next()).then(|| rest.strip_prefix('.').unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_opens_with_its_meeting_and_a_note_in_korean() {
        fn m(t: &str) -> Option<(Option<String>, bool, &str)> {
            meeting_front(t).map(|m| (m.day(), m.held, m.rest))
        }
        assert_eq!(
            m("11/20 발표: LoRA"),
            Some((Some("--11-20".into()), true, "LoRA"))
        );
        assert_eq!(
            m("2026-11-27 (민수 발표) QLoRA"),
            Some((Some("2026-11-27".into()), true, "QLoRA"))
        );
        assert_eq!(
            m("2026-11-27 지현 - QLoRA"),
            Some((Some("2026-11-27".into()), true, "QLoRA"))
        );
        assert_eq!(
            m("2026-11-27 발표 "),
            Some((Some("2026-11-27".into()), true, ""))
        );
        assert_eq!(
            m("2026-11-27: QLoRA"),
            Some((Some("2026-11-27".into()), false, "QLoRA"))
        );
        assert_eq!(m("3주차: FLAN"), Some((None, false, "FLAN")));
        assert_eq!(
            m("12/16 (예정) T5"),
            Some((Some("--12-16".into()), true, "T5"))
        );
        assert_eq!(
            m("12/16 (연기) T5"),
            Some((Some("--12-16".into()), false, "T5"))
        );
        // Decimals open titles; a Korean word that runs into a title's letters is no note.
        assert_eq!(m("1.5-Pints Technical Report"), None);
        assert_eq!(m("3.5 Sonnet"), None);
        assert_eq!(m("11.20 발표: SpQR").map(|m| m.1), Some(true));
        assert_eq!(
            m("2026-11-27 한국어BERT"),
            Some((Some("2026-11-27".into()), false, "한국어BERT"))
        );
        assert_eq!(m("LoRA: Low-Rank Adaptation"), None);
        // English notes name the month.
        assert_eq!(
            m("Nov 20 (Wed): LoRA"),
            Some((Some("--11-20".into()), true, "LoRA"))
        );
        assert_eq!(
            front("November 27, 2026 — QLoRA"),
            (Some(Day::Full("2026-11-27".into())), true, "QLoRA")
        );
        assert_eq!(m("May 5G Networks"), None);
        assert_eq!(without_note("발표: LoRA"), "LoRA");
        assert_eq!(without_note("(연기) LoRA"), "(연기) LoRA");
        assert_eq!(without_note("트랜스포머"), "트랜스포머");
        // A paper's Korean name, then a comment or a presenter, is no note.
        assert_eq!(without_note("큐로라 # 양자화 발표"), "큐로라 # 양자화 발표");
        assert_eq!(without_note("로라 - 민수 발표"), "로라 - 민수 발표");
        assert_eq!(without_note("(민수) 큐로라"), "(민수) 큐로라");
        assert_eq!(
            Day::from_written("--11-20"),
            Some(Day::Yearless { month: 11, day: 20 })
        );
    }

    #[test]
    fn a_heading_dates_a_meeting_by_its_label_and_whole_date() {
        for (h, day) in [
            ("1주차 (2026-11-20)", Some("2026-11-20")),
            ("Week 3: 2026.12.04 — Alignment", Some("2026-12-04")),
            ("2026-11-20 (1회차)", Some("2026-11-20")),
            ("제2회 2026년 11월 27일 (금)", Some("2026-11-27")),
            ("**3주차** [2026/12/04] LLM 양자화", Some("2026-12-04")),
            ("1주차 <2026-11-20 Fri>", Some("2026-11-20")),
            ("2024-03-15", None),
            ("3주차", None),
            ("1주차 (11/20)", Some("--11-20")),
            ("Weekly papers 2026-11-20", None),
            ("LLM", None),
        ] {
            assert_eq!(heading_day(h).as_deref(), day, "{h}");
        }
    }
}
