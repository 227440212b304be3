//! When a paper appeared: the date its list gives, else the month of its arXiv id
//! (`2005.14165` → `2020-05`), so that papers of a title-only list can be put in order.

use super::normalize::arxiv_id_from_ref;
use super::paper::{Paper, PaperKeys};

/// The month (`YYYY-MM`) of a new-style arXiv id (`2503.11731` → `2025-03`).
pub fn arxiv_month(id: &str) -> Option<String> {
    let id = arxiv_id_from_ref(id).unwrap_or_else(|| id.to_string());
    let (yymm, rest) = id.split_once('.')?;
    if yymm.len() != 4 || !yymm.bytes().all(|b| b.is_ascii_digit()) || rest.is_empty() {
        return None;
    }
    let month: u32 = yymm[2..].parse().ok()?;
    (1..=12)
        .contains(&month)
        .then(|| format!("20{}-{}", &yymm[..2], &yymm[2..]))
}

/// The day (`YYYY-MM-DD`, UTC) `days` days after 1970-01-01 (H. Hinnant's civil-from-days).
pub fn day_of_unix_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The days from 1970-01-01 to `day` (`YYYY-MM-DD`; H. Hinnant's days-from-civil), the
/// inverse of [`day_of_unix_days`]; `None` for text that is no such day (`2026-02-30`).
pub fn unix_days_of_day(day: &str) -> Option<i64> {
    let (year, m, d) = match year_month_day(day)? {
        (y, Some(m), Some(d)) => (i64::from(y), i64::from(m), i64::from(d)),
        _ => return None,
    };
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    // A day past its month's end (`02-30`) comes back as another day.
    (day_of_unix_days(days) == format!("{year:04}-{m:02}-{d:02}")).then_some(days)
}

/// A paper's date in one comparable form (`YYYY[-MM[-DD]]`): the list's own (`2019/07`
/// → `2019-07`), else the month of one of its arXiv ids.
pub fn known_date(k: &PaperKeys<'_>) -> Option<String> {
    k.date
        .map(comparable)
        .or_else(|| k.all_ids().into_iter().find_map(arxiv_month))
}

/// A list's date in the form dates are compared and shown side by side in (`2019/07`,
/// `2019.07` → `2019-07`; `2023.6.5`, `2023. 6. 5.` and `2023년 6월 5일` → `2023-06-05`),
/// so a table does not mix the list's style with arXiv months. Text that is no such date
/// stays as written, `/` and `.` made `-`.
pub fn comparable(date: &str) -> String {
    let t = date.trim();
    year_month_day(t)
        .map(|(y, m, d)| match (m, d) {
            (None, _) => format!("{y:04}"),
            (Some(m), None) => format!("{y:04}-{m:02}"),
            (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        })
        .unwrap_or_else(|| t.replace(['/', '.'], "-"))
}

/// The day a date written as people write it names, as `YYYY-MM-DD`: ISO's
/// `2026-11-20`, and the forms Korean notes use, `2026.11.20`, `2026. 11. 20.`,
/// `2026/11/20` and `2026년 11월 20일` (a month or day of one digit too). `None` for
/// anything else (a year and month alone, numbers with no mark between them, a month
/// above 12 or a day above 31).
pub fn written_day(t: &str) -> Option<String> {
    let t = t.trim();
    if !t.contains(['-', '/', '.', '년']) {
        return None;
    }
    match year_month_day(t)? {
        (y, Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        _ => None,
    }
}

/// The year, month and day of a date written with a four-digit year first and `-`, `/`,
/// `.` or `년 월 일` after its numbers (spaces between them allowed); `None` for other text
/// or a month above 12 or a day above 31.
pub fn year_month_day(t: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    if !t.chars().all(|c| {
        c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '/' | '.' | '년' | '월' | '일')
    }) {
        return None;
    }
    let numbers: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let (&year, rest) = numbers.split_first()?;
    if year.len() != 4 || rest.len() > 2 || rest.iter().any(|n| n.len() > 2) {
        return None;
    }
    let num = |i: usize| rest.get(i).and_then(|n| n.parse::<u32>().ok());
    let (month, day) = (num(0), num(1));
    let valid =
        month.is_none_or(|m| (1..=12).contains(&m)) && day.is_none_or(|d| (1..=31).contains(&d));
    Some((year.parse().ok()?, month, day)).filter(|_| valid)
}

/// A paper's date as a reader sees it: the list's own as written, else its arXiv id's month.
pub fn shown_date(p: &Paper) -> Option<String> {
    p.date
        .clone()
        .or_else(|| p.all_ids().into_iter().find_map(arxiv_month))
}

/// Put the dated papers of `order` (indices into `papers`, in the caller's order of
/// preference) earliest first, in the places dated papers hold; an undated paper keeps
/// its place, since nothing says it came before or after the others. Equal dates keep
/// their order.
pub fn earliest_first_where_dated(order: &mut [usize], papers: &[Paper]) {
    let mut dated: Vec<(usize, String)> = order
        .iter()
        .enumerate()
        .filter_map(|(pos, &i)| {
            let d = known_date(&PaperKeys::of(papers.get(i)?))?;
            Some((pos, d))
        })
        .collect();
    let slots: Vec<usize> = dated.iter().map(|&(pos, _)| pos).collect();
    let items: Vec<usize> = {
        dated.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
        dated.iter().map(|&(pos, _)| order[pos]).collect()
    };
    for (slot, item) in slots.into_iter().zip(items) {
        order[slot] = item;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_from_a_day_and_back() {
        for day in [
            "1970-01-01",
            "2000-02-29",
            "2026-12-10",
            "2027-01-07",
            "1999-12-31",
        ] {
            let n = unix_days_of_day(day).unwrap();
            assert_eq!(day_of_unix_days(n), day);
        }
        assert_eq!(unix_days_of_day("1970-01-02"), Some(1));
        assert_eq!(
            unix_days_of_day("2026-12-31").map(|n| day_of_unix_days(n + 7)),
            Some("2027-01-07".to_string())
        );
        for not in ["2026-02-29", "2026-02-30", "2026-12", "2026", "LoRA"] {
            assert_eq!(unix_days_of_day(not), None, "{not}");
        }
    }

    #[test]
    fn list_dates_compare_in_one_form() {
        for (written, want) in [
            ("2019/07", "2019-07"),
            ("2019.07", "2019-07"),
            ("2023.6.5", "2023-06-05"),
            ("2023. 6. 5.", "2023-06-05"),
            ("2023년 6월 5일", "2023-06-05"),
            ("2023년 6월", "2023-06"),
            ("2021", "2021"),
            ("2019-07-01", "2019-07-01"),
            // Not a date: as written, separators made `-`.
            ("2019/13", "2019-13"),
            ("ICLR 2022", "ICLR 2022"),
        ] {
            assert_eq!(comparable(written), want, "{written}");
        }
    }

    #[test]
    fn days_since_1970_are_civil_days() {
        assert_eq!(day_of_unix_days(0), "1970-01-01");
        assert_eq!(day_of_unix_days(-1), "1969-12-31");
        assert_eq!(day_of_unix_days(11_016), "2000-02-29");
        assert_eq!(day_of_unix_days(20_428), "2025-12-06");
    }

    fn paper(id: &str, date: Option<&str>) -> Paper {
        Paper {
            id: id.into(),
            title: "t".into(),
            date: date.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn arxiv_ids_give_months() {
        assert_eq!(arxiv_month("2503.11731").as_deref(), Some("2025-03"));
        assert_eq!(
            arxiv_month("arXiv:2607.00001v2").as_deref(),
            Some("2026-07")
        );
        assert_eq!(arxiv_month("2513.00001"), None);
        assert_eq!(arxiv_month("hep-th/9901001"), None);
    }

    #[test]
    fn dated_papers_go_earliest_first_and_undated_ones_keep_their_place() {
        let ps = [
            paper("2205.11916", None),
            paper("x", Some("2018/10")),
            paper("y", None),
            paper("2005.14165", None),
            paper("z", Some("2018-06")),
        ];
        let mut order = vec![0, 1, 2, 3, 4];
        earliest_first_where_dated(&mut order, &ps);
        let ids: Vec<&str> = order.iter().map(|&i| ps[i].id.as_str()).collect();
        assert_eq!(ids, ["z", "x", "y", "2005.14165", "2205.11916"]);
        assert_eq!(shown_date(&ps[1]).as_deref(), Some("2018/10"), "as written");
        assert_eq!(shown_date(&ps[3]).as_deref(), Some("2020-05"));
        assert_eq!(shown_date(&ps[2]), None);
    }
}
