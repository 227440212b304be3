//! Markdown for people to paste: a paper as a link line, as in a reading list, its date
//! in the list's style.

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

/// A paper of a folder of notes as a markdown line that links its note as Obsidian and
/// Logseq link notes, its date first as [`dated_link_line`] writes it:
/// `- [2021-12] [[GLaM - Efficient Scaling …|GLaM: Efficient Scaling …]]`, `target` from
/// [`note_target`]. Pasted into the vault, the week's note links each paper's note.
pub fn dated_note_line(title: &str, target: &str, date: Option<&str>) -> String {
    // A link's shown text ends at `|` or `]]`.
    let shown = title.replace('|', "-").replace("]]", "] ]");
    let link = if shown == target {
        format!("[[{target}]]")
    } else {
        format!("[[{target}|{shown}]]")
    };
    match date.filter(|d| crate::corpus::markdown::is_list_date(d)) {
        Some(d) => format!("- [{d}] {link}"),
        None => format!("- {link}"),
    }
}

/// How a link names the note `note` (a path in the folder, `/` between names) among the
/// folder's notes `files`: its name without `.md` when no other note has that name (as
/// Obsidian writes a link, and as Logseq names a page), else its path without `.md`.
pub fn note_target(note: &str, files: &[String]) -> String {
    let stem = |path: &str| -> String {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.strip_suffix(".md").unwrap_or(name).to_string()
    };
    let name = stem(note);
    let shared = files.iter().filter(|f| stem(f) == name).count() > 1;
    if shared {
        note.strip_suffix(".md").unwrap_or(note).to_string()
    } else {
        name
    }
}

/// A paper as a markdown line, its date first: a link to its note when it has one
/// (`note`: its path in the folder and the folder's notes, [`note_target`]), else to its URL.
pub fn paper_line(
    title: &str,
    url: &str,
    date: Option<&str>,
    note: Option<(&str, &[String])>,
) -> String {
    match note {
        Some((note, files)) => dated_note_line(title, &note_target(note, files), date),
        None => dated_link_line(title, url, date),
    }
}

/// How a list separates a date's year and month: the separator most of its written
/// dates use (`2019/07` in the seed list), `-` when none is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateStyle(char);

impl DateStyle {
    /// The style of the dates a list writes.
    pub fn of<'a>(dates: impl IntoIterator<Item = &'a str>) -> DateStyle {
        let (mut slash, mut dash) = (0usize, 0usize);
        for d in dates {
            match d.as_bytes().get(4) {
                Some(b'/') => slash += 1,
                Some(b'-') => dash += 1,
                _ => {}
            }
        }
        DateStyle(if slash > dash { '/' } else { '-' })
    }

    /// `date` in this style when it is a year and month (and day) with the other
    /// separator (`2023-06` → `2023/06`: the arXiv id's month of a paper the list gives no
    /// date, next to the list's own `2019/07`); any other text as it is.
    pub fn write(self, date: &str) -> String {
        let b = date.as_bytes();
        let other = if self.0 == '/' { b'-' } else { b'/' };
        let digits =
            |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
        let ym = b.len() >= 7 && digits(0..4) && b[4] == other && digits(5..7);
        let day = b.len() == 10 && b[7] == other && digits(8..10);
        if ym && (b.len() == 7 || day) {
            date.replace(char::from(other), &self.0.to_string())
        } else {
            date.to_string()
        }
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

/// One paper of a [`read_log`]: the day it was read (or is scheduled for), its title and
/// link, and whether that day is still to come.
#[derive(Debug, Clone, Copy)]
pub struct LogPaper<'a> {
    pub day: Option<&'a str>,
    pub title: &'a str,
    pub url: &'a str,
    pub scheduled: bool,
}

/// What was read as a markdown log that a history file reads back as it was: undated
/// papers first, then a `### DAY (weekday)` heading for each day read, earliest first, its
/// papers under it as checked items (`- [x] [Title](url)`) in the order given; a session
/// still to come unchecked, with `planned` after it (`- [ ] [T5](…) (예정)`), which reads
/// back as that session. `weekday` names a day of the week (0 Monday) in the reader's
/// language.
pub fn read_log(
    papers: &[LogPaper],
    weekday: &dyn Fn(u32) -> &'static str,
    planned: &str,
) -> String {
    let mut days: Vec<Option<&str>> = papers.iter().map(|p| p.day).collect();
    days.sort_unstable();
    days.dedup();
    let mut out = String::new();
    for day in days {
        if let Some(d) = day {
            let named = crate::corpus::date::unix_days_of_day(d)
                .map(|n| format!(" ({})", weekday(crate::corpus::calendar::weekday_of(n))))
                .unwrap_or_default();
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("### {d}{named}\n\n"));
        }
        for p in papers.iter().filter(|p| p.day == day) {
            let line = link_line(p.title, p.url);
            let line = line.strip_prefix("- ").unwrap_or(&line);
            out.push_str(&if p.scheduled {
                format!("- [ ] {line} {planned}\n")
            } else {
                format!("- [x] {line}\n")
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_log_heads_each_day_with_its_weekday_and_checks_its_papers() {
        let paper = |day, title, url, scheduled| LogPaper {
            day,
            title,
            url,
            scheduled,
        };
        let papers = [
            paper(
                Some("2026-11-25"),
                "QLoRA",
                "https://arxiv.org/abs/2305.14314",
                false,
            ),
            paper(None, "BERT", "", false),
            paper(
                Some("2026-11-18"),
                "LoRA",
                "https://arxiv.org/abs/2106.09685",
                false,
            ),
            paper(
                Some("2026-11-25"),
                "SpQR [v2]",
                "https://arxiv.org/abs/2306.03078",
                false,
            ),
            paper(
                Some("2026-12-16"),
                "T5",
                "https://arxiv.org/abs/1910.10683",
                true,
            ),
        ];
        let ko = |d: u32| ["월", "화", "수", "목", "금", "토", "일"][d as usize];
        let log = read_log(&papers, &ko, "(예정)");
        assert_eq!(
            log,
            "- [x] [BERT]\n\n\
             ### 2026-11-18 (수)\n\n\
             - [x] [LoRA](https://arxiv.org/abs/2106.09685)\n\n\
             ### 2026-11-25 (수)\n\n\
             - [x] [QLoRA](https://arxiv.org/abs/2305.14314)\n\
             - [x] [SpQR \\[v2\\]](https://arxiv.org/abs/2306.03078)\n\n\
             ### 2026-12-16 (수)\n\n\
             - [ ] [T5](https://arxiv.org/abs/1910.10683) (예정)\n"
        );
        // Read back as a list, the session to come is one, on its day.
        let e = crate::corpus::markdown::parse(&log);
        let t5 = e.iter().find(|e| e.title == "T5").unwrap();
        assert!(t5.checked);
        assert_eq!(t5.read_on.as_deref(), Some("2026-12-16"));
    }

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

    #[test]
    fn a_note_is_linked_by_its_name_unless_another_note_shares_it() {
        let files = [
            "Papers/PEFT/LoRA.md".to_string(),
            "Papers/LLM/GLaM - Efficient Scaling.md".to_string(),
            "Archive/LoRA.md".to_string(),
        ];
        assert_eq!(
            note_target("Papers/LLM/GLaM - Efficient Scaling.md", &files),
            "GLaM - Efficient Scaling"
        );
        assert_eq!(
            note_target("Papers/PEFT/LoRA.md", &files),
            "Papers/PEFT/LoRA"
        );
        let line = dated_note_line(
            "GLaM: Efficient Scaling | MoE",
            "GLaM - Efficient Scaling",
            Some("2021-12"),
        );
        assert_eq!(
            line,
            "- [2021-12] [[GLaM - Efficient Scaling|GLaM: Efficient Scaling - MoE]]"
        );
        assert_eq!(dated_note_line("T", "T", Some("May")), "- [[T]]");
        // Read back, the line is a dated entry of that title.
        let e = crate::corpus::markdown::parse(&line);
        assert_eq!(e[0].date.as_deref(), Some("2021-12"), "{e:?}");
    }

    #[test]
    fn a_date_is_written_in_the_lists_style() {
        let slashes = DateStyle::of(["2019/07", "2018/02", "2023-06", "2020"]);
        assert_eq!(slashes.write("2023-06"), "2023/06");
        assert_eq!(slashes.write("2023-06-15"), "2023/06/15");
        assert_eq!(slashes.write("2019/07"), "2019/07");
        for other in ["2023", "2023-6", "2023-06-1", "May 2023", "20230-6"] {
            assert_eq!(slashes.write(other), other);
        }
        let dashes = DateStyle::of(["2023-06", "bad"]);
        assert_eq!(dashes.write("2019/07"), "2019-07");
        assert_eq!(DateStyle::of([]).write("2023-06"), "2023-06");
        // Written so, a date still reads back as the entry's date.
        let line = dated_link_line(
            "GPT-3",
            "https://arxiv.org/abs/2005.14165",
            Some(&slashes.write("2020-05")),
        );
        assert_eq!(
            crate::corpus::markdown::parse(&line)[0].date.as_deref(),
            Some("2020/05")
        );
    }
}
