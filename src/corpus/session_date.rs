//! How a study group writes when it met: a date (`2026-11-20`, `2026.11.20`, `2026년 11월
//! 20일`, or without its year: `11/20`, `11월 20일`), a week label (`1주차`, `제3회`, `Week 2`,
//! `Session 4`) and a weekday after a date (`(수)`, `Wed`), in brackets or bold too, at the
//! front of a line or heading ([`front`]). A history's lines are read by it, and a list's
//! headings that date a meeting ([`heading_day`]).

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
    let (date, found, _, rest) = front_parts(t);
    (date, found, rest)
}

/// The day a list's heading dates a meeting by, `YYYY-MM-DD`: a week label and a whole
/// date open it, in either order (`1주차 (2026-11-20)`, `Week 3: 2026.12.04 — Alignment`,
/// `2026-11-20 (1회차)`). `None` for a date alone (a list of the day's new papers, `##
/// 2024-03-15`), a label alone, or a date without its year (a list has no today to place
/// it by).
pub fn heading_day(heading: &str) -> Option<String> {
    match front_parts(heading) {
        (Some(Day::Full(day)), _, true, _) => Some(day),
        _ => None,
    }
}

/// [`front`], and whether a week label was among what opens `t`.
fn front_parts(t: &str) -> (Option<Day>, bool, bool, &str) {
    let mut rest = t.trim_start();
    let mut date: Option<Day> = None;
    let mut found = false;
    let mut labelled = false;
    // Each round takes one piece; a line opens with a few at most.
    for _ in 0..8 {
        let before = rest.len();
        if found {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c));
        }
        if let Some((inner, after)) = wrapped(rest) {
            let (d, f, l, left) = front_parts(inner);
            if f && left.trim().is_empty() {
                date = date.or(d);
                found = true;
                labelled |= l;
                rest = after;
                continue;
            }
            // `(수)`, `(Wed)` after a date.
            if date.is_some() && weekday_at(inner.trim()).is_some_and(|r| r.trim().is_empty()) {
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
                rest = after;
                continue;
            }
        }
        if rest.len() == before {
            break;
        }
    }
    (date, found, labelled, rest)
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

/// A date opening `t` (a full one, `2026-11-20`, `2026년 11월 20일`; or a month and day,
/// `11/20`, `11. 20.`, `11월 20일`, a first number above 12 read as the day: `20/11`) and the
/// text after it.
fn day_at(t: &str) -> Option<(Day, &str)> {
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
            ("1주차 (11/20)", None),
            ("Weekly papers 2026-11-20", None),
            ("LLM", None),
        ] {
            assert_eq!(heading_day(h).as_deref(), day, "{h}");
        }
    }
}
