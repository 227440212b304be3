//! What `read` says (`read --lang`): each paper recorded, lines taken back, a paper read
//! before.

use super::Lang;
use crate::output::count;

impl Lang {
    /// A paper recorded as read on `date`.
    pub fn read_recorded(self, date: &str, title: &str) -> String {
        match self {
            Lang::En => format!("read {date}: {title}\n"),
            Lang::Ko => format!("읽음 {date}: {title}\n"),
        }
    }

    /// `read --undo` took `lines` lines out of the history file `path`.
    pub fn read_removed(self, lines: usize, path: &str) -> String {
        match self {
            Lang::En => format!("removed {} from {path}\n", count(lines, "line")),
            Lang::Ko => format!("기록 {lines}줄을 지움: {path}\n"),
        }
    }

    /// `read --undo` found none of the papers in the history.
    pub fn read_none_to_undo(self) -> &'static str {
        match self {
            Lang::En => "readnext: none of these papers was in the history",
            Lang::Ko => "readnext: 이 논문들은 읽은 기록에 없습니다",
        }
    }

    /// `read --undo` of a paper the list itself marks read (`- [x]`, `(다 읽음)`, a section
    /// of papers read) at `place`, which readnext does not change.
    pub fn read_marked_in_list(self, title: &str, place: &str) -> String {
        match self {
            Lang::En => format!(
                "readnext: \"{title}\" is marked read in the list itself ({place}); readnext does not change the list: take the mark off there"
            ),
            Lang::Ko => format!(
                "readnext: \"{title}\"은(는) 목록 자체에 읽음으로 표시되어 있습니다({place}). readnext는 목록을 바꾸지 않으니 그곳에서 표시를 지우세요"
            ),
        }
    }

    /// A paper read before (on `before`, if the history has a date) recorded again.
    pub fn read_again(self, title: &str, before: Option<&str>, date: &str) -> String {
        match (self, before) {
            (Lang::En, before) => format!(
                "readnext: \"{title}\" was already read ({}); recorded again for {date}",
                before.unwrap_or("no date")
            ),
            (Lang::Ko, Some(before)) => {
                format!(
                    "readnext: \"{title}\"은(는) 이미 읽음({before}), {date} 날짜로 다시 기록함"
                )
            }
            (Lang::Ko, None) => {
                format!(
                    "readnext: \"{title}\"은(는) 이미 읽음(날짜 없음), {date} 날짜로 다시 기록함"
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_says_what_it_recorded_in_the_language_asked() {
        for (said, expected) in [
            (
                Lang::En.read_recorded("2026-11-20", "LoRA"),
                "read 2026-11-20: LoRA\n",
            ),
            (
                Lang::Ko.read_recorded("2026-11-20", "LoRA"),
                "읽음 2026-11-20: LoRA\n",
            ),
            (
                Lang::En.read_removed(1, "h.txt"),
                "removed 1 line from h.txt\n",
            ),
            (
                Lang::En.read_removed(2, "h.txt"),
                "removed 2 lines from h.txt\n",
            ),
            (
                Lang::Ko.read_removed(2, "h.txt"),
                "기록 2줄을 지움: h.txt\n",
            ),
            (
                Lang::En.read_again("LoRA", None, "2026-12-01"),
                "readnext: \"LoRA\" was already read (no date); recorded again for 2026-12-01",
            ),
            (
                Lang::Ko.read_again("LoRA", Some("2026-11-20"), "2026-12-01"),
                "readnext: \"LoRA\"은(는) 이미 읽음(2026-11-20), 2026-12-01 날짜로 다시 기록함",
            ),
        ] {
            assert_eq!(said, expected);
        }
    }
}
