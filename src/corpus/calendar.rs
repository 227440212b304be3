//! Days as a study group names them without a year or by the day of the week: a month
//! and day (`11/20`, `11. 20.`, `11월 20일`) placed in the year nearest a known day, and a
//! weekday (`수`, `수요일`, `Wed`, `Wednesday`) placed on or after one.

use super::date::{day_of_unix_days, unix_days_of_day};

/// A month and day without a year: two numbers of one or two digits apart by `/` or `.`
/// (`11/20`, `11.20`, `11. 20.`) or written `11월 20일`. Month first, as Korean and American
/// notes write it; `20/11` (a first number above 12) is the 20th of November.
pub fn month_day(t: &str) -> Option<(u32, u32)> {
    let t = t.trim();
    let allowed =
        |c: char| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '/' | '.' | '월' | '일');
    if !t.contains(['/', '.', '월']) || !t.chars().all(allowed) {
        return None;
    }
    let numbers: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let [a, b] = numbers[..] else { return None };
    if a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    let (month, day) = if a > 12 && t.contains('/') {
        (b, a)
    } else {
        (a, b)
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((month, day))
}

/// A month named in English and a day, as English notes write a date: `Nov 20`, `Nov.
/// 20th`, `November 20, 2026`, `20 Nov`, `20 November 2026` (any case); the month, the
/// day, the year when one is written, and the text after it. The day ends a word (`Nov
/// 2023` is a month and year, not a day; `May 5G` is no date).
pub fn named_month_day(t: &str) -> Option<(u32, u32, Option<u32>, &str)> {
    let (month, day, rest) = if t.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let (month, r) = month_at(t)?;
        let gap = spaces(r);
        if gap == 0 {
            return None;
        }
        let (day, r) = day_number_at(&r[gap..])?;
        (month, day, r)
    } else {
        let (day, r) = day_number_at(t)?;
        let gap = spaces(r);
        if gap == 0 {
            return None;
        }
        let (month, r) = month_at(&r[gap..])?;
        if r.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        (month, day, r)
    };
    match year_at(rest) {
        Some((year, r)) => Some((month, day, Some(year), r)),
        None => Some((month, day, None, rest)),
    }
}

/// How many bytes of ASCII letters open `s`.
fn letters(s: &str) -> usize {
    s.len()
        - s.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len()
}

/// How many bytes of ASCII digits open `s`.
fn digits(s: &str) -> usize {
    s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len()
}

/// How many bytes of white space open `s`.
fn spaces(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// A day of one or two digits opening `s`, an ordinal suffix after it allowed (`20th`),
/// ending a word; the day and the text after it.
fn day_number_at(s: &str) -> Option<(u32, &str)> {
    let n = digits(s);
    if !(1..=2).contains(&n) {
        return None;
    }
    let day: u32 = s[..n].parse().ok()?;
    let mut rest = &s[n..];
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(r) = rest.strip_prefix(suffix) {
            rest = r;
            break;
        }
    }
    let ends = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
    ((1..=31).contains(&day) && ends).then_some((day, rest))
}

/// A month's English name opening `s` (a dot after a short form allowed), and the text
/// after it.
fn month_at(s: &str) -> Option<(u32, &str)> {
    let n = letters(s);
    let month = month_named(&s[..n])?;
    Some((month, s[n..].strip_prefix('.').unwrap_or(&s[n..])))
}

/// A year after a day (`, 2026`, ` 2026`), ending a word, and the text after it.
fn year_at(s: &str) -> Option<(u32, &str)> {
    let r = s.strip_prefix(',').unwrap_or(s);
    let r = &r[spaces(r)..];
    if digits(r) != 4 || r[4..].chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some((r[..4].parse().ok()?, &r[4..]))
}

/// The months' English names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month an English name or its short form names (`nov`, `Nov`, `November`, `Sept`).
fn month_named(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| {
        *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept" && *m == "september")
    })?;
    Some(i as u32 + 1)
}

/// Where a day without a year may fall against the day it is placed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Before or after, whichever is nearer (a log's line by the lines around it).
    Nearest,
    /// On or before it (a day read, placed by today).
    NotAfter,
    /// On or after it (a meeting to come, placed by today).
    NotBefore,
}

/// `month`/`day` (`YYYY-MM-DD`) in the year — `anchor`'s (days since 1970), the one
/// before or the one after — that puts it nearest `anchor` on the `side` asked; `None`
/// when none of the three has that day (29 February).
pub fn in_year_near(month: u32, day: u32, anchor: i64, side: Side) -> Option<String> {
    let year: i64 = day_of_unix_days(anchor).get(..4)?.parse().ok()?;
    (year - 1..=year + 1)
        .map(|y| format!("{y:04}-{month:02}-{day:02}"))
        .filter_map(|d| Some((unix_days_of_day(&d)?, d)))
        .filter(|&(n, _)| match side {
            Side::Nearest => true,
            Side::NotAfter => n <= anchor,
            Side::NotBefore => n >= anchor,
        })
        .min_by_key(|&(n, _)| (n - anchor).abs())
        .map(|(_, d)| d)
}

/// The day of the week a word names, 0 for Monday to 6 for Sunday: `월`…`일` with or
/// without `요일`, English names and their short forms (`Wed`, `Weds`, `Thurs`), any case.
pub fn weekday(word: &str) -> Option<u32> {
    let w = word.trim().trim_end_matches('.').to_lowercase();
    let w = w.strip_suffix("요일").unwrap_or(&w);
    const ENGLISH: [&[&str]; 7] = [
        &["mon", "monday"],
        &["tue", "tues", "tuesday"],
        &["wed", "weds", "wednesday"],
        &["thu", "thur", "thurs", "thursday"],
        &["fri", "friday"],
        &["sat", "saturday"],
        &["sun", "sunday"],
    ];
    (0..7u32).find(|&i| KOREAN_WEEKDAYS[i as usize] == w || ENGLISH[i as usize].contains(&w))
}

/// The days of the week as Korean writes them short, Monday first (`수` for `수요일`).
pub const KOREAN_WEEKDAYS: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
/// The days of the week as English writes them short, Monday first.
pub const ENGLISH_WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The day of the week of `days` since 1970 (a Thursday), 0 for Monday.
pub fn weekday_of(days: i64) -> u32 {
    (days + 3).rem_euclid(7) as u32
}

/// The first day on or after `from` (days since 1970) that falls on `weekday` (0 Monday).
pub fn next_weekday(weekday: u32, from: i64) -> String {
    let ahead = (i64::from(weekday) - i64::from(weekday_of(from))).rem_euclid(7);
    day_of_unix_days(from + ahead)
}

/// The last day on or before `from` (days since 1970) that falls on `weekday` (0 Monday).
pub fn last_weekday(weekday: u32, from: i64) -> String {
    let back = (i64::from(weekday_of(from)) - i64::from(weekday)).rem_euclid(7);
    day_of_unix_days(from - back)
}

/// A day named by where it stands from today, as days from today: `today`/`오늘` 0,
/// `yesterday`/`어제` −1, `그제`/`그저께` −2, `tomorrow`/`내일` 1, `모레` 2 (any case).
pub fn relative_day(word: &str) -> Option<i64> {
    match word.trim().to_lowercase().as_str() {
        "today" | "오늘" => Some(0),
        "yesterday" | "어제" => Some(-1),
        "그제" | "그저께" => Some(-2),
        "tomorrow" | "내일" => Some(1),
        "모레" => Some(2),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_named_in_english_and_a_day_are_a_date() {
        for (t, want) in [
            ("Nov 20", Some((11, 20, None, ""))),
            ("nov. 20th: LoRA", Some((11, 20, None, ": LoRA"))),
            (
                "November 20, 2026 LoRA",
                Some((11, 20, Some(2026), " LoRA")),
            ),
            ("20 Nov", Some((11, 20, None, ""))),
            ("3 September 2026", Some((9, 3, Some(2026), ""))),
            ("Sept 3", Some((9, 3, None, ""))),
            ("Dec 1st, 2026", Some((12, 1, Some(2026), ""))),
        ] {
            assert_eq!(named_month_day(t), want, "{t}");
        }
        // A month and year, a word that is no month, a day that runs on: no date.
        for t in [
            "Nov 2023",
            "May 5G networks",
            "Mayday 3",
            "March of Progress",
            "20 Novelties",
            "3 Mayan",
            "Nov 32",
            "Ma 3",
            "LoRA",
        ] {
            assert_eq!(named_month_day(t), None, "{t}");
        }
    }

    #[test]
    fn a_month_and_day_take_the_year_nearest_the_day_they_are_placed_by() {
        for t in [
            "11/20",
            "11.20",
            "11. 20.",
            "11월 20일",
            "11월20일",
            "20/11",
        ] {
            assert_eq!(month_day(t), Some((11, 20)), "{t}");
        }
        for not in [
            "2026.11.20",
            "11-20",
            "11",
            "1.5B",
            "13.40",
            "11/20/2026",
            "LoRA",
        ] {
            assert_eq!(month_day(not), None, "{not}");
        }
        let dec7 = unix_days_of_day("2026-12-07").unwrap();
        let near = |m, d, side| in_year_near(m, d, dec7, side);
        assert_eq!(near(1, 4, Side::Nearest).as_deref(), Some("2027-01-04"));
        assert_eq!(near(1, 4, Side::NotAfter).as_deref(), Some("2026-01-04"));
        assert_eq!(near(12, 10, Side::NotAfter).as_deref(), Some("2025-12-10"));
        assert_eq!(near(12, 10, Side::NotBefore).as_deref(), Some("2026-12-10"));
        assert_eq!(near(12, 7, Side::NotBefore).as_deref(), Some("2026-12-07"));
        assert_eq!(near(11, 20, Side::NotBefore).as_deref(), Some("2027-11-20"));
        assert_eq!(near(2, 29, Side::Nearest), None);
    }

    #[test]
    fn a_weekday_is_the_next_such_day() {
        assert_eq!(weekday("수"), Some(2));
        assert_eq!(weekday("수요일"), Some(2));
        assert_eq!(weekday("Wed."), Some(2));
        assert_eq!(weekday("WEDNESDAY"), Some(2));
        assert_eq!(weekday("일"), Some(6));
        assert_eq!(weekday("일반"), None);
        assert_eq!(weekday("wedding"), None);
        // 2026-12-07 is a Monday.
        let dec7 = unix_days_of_day("2026-12-07").unwrap();
        assert_eq!(weekday_of(dec7), 0);
        assert_eq!(next_weekday(2, dec7), "2026-12-09");
        assert_eq!(next_weekday(0, dec7), "2026-12-07");
        assert_eq!(next_weekday(6, dec7), "2026-12-13");
        assert_eq!(last_weekday(2, dec7), "2026-12-02");
        assert_eq!(last_weekday(0, dec7), "2026-12-07");
        assert_eq!(last_weekday(6, dec7), "2026-12-06");
        assert_eq!(relative_day("어제"), Some(-1));
        assert_eq!(relative_day("Yesterday"), Some(-1));
        assert_eq!(relative_day("오늘"), Some(0));
        assert_eq!(relative_day("내일"), Some(1));
        assert_eq!(relative_day("어제 밤"), None);
    }
}
