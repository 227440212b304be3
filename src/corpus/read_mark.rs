//! What a list entry's own words say of its reading, as people mark a list by hand: a
//! check mark beside the title (`✅ LoRA`, `LoRA ✔`), a note in brackets or after a dash
//! (`(다 읽음)`, `[완료]`, `(done)`, `— 발표 완료`), a line struck through (read by the
//! markdown reader, which asks [`says`] of the note after it), or before it (`[완료]
//! LoRA`, `취소: LoRA`); and what such marks leave of the title: the mark, the note, a
//! star (`⭐️`) and a Korean note beside an English title (`(지현 추천)`) are no part of it.

use super::normalize::{is_hangul, tag_says_read};

/// Marks that say the paper was read.
const CHECKS: &[&str] = &["✅", "✔️", "✔", "☑️", "☑", "✓"];

/// Marks of emphasis a list puts beside a title.
const DECORATIONS: &[&str] = &[
    "⭐️", "⭐", "🌟", "★", "☆", "🔥", "👍", "💯", "❗️", "❗", "‼️",
];

/// Separators a note after a title opens with (`LoRA — done`, `LoRA ← 완료`).
const SEPARATORS: &[&str] = &[" - ", " — ", " – ", " ← ", " <- ", " // ", " | "];

/// Words of a note that say the paper was read (a word of the note, punctuation aside),
/// beside those a tag says it with ([`tag_says_read`]: *read*, *done*, *읽음*, *완료* …).
const READ_WORDS: &[&str] = &["읽었다", "완독", "발표완료", "끝"];

/// Words of a note that say it was not, or not yet, or will not be: a negation, a plan,
/// a dropped paper.
const NOT_WORDS: &[&str] = &[
    "not",
    "to",
    "unread",
    "todo",
    "later",
    "skip",
    "skipped",
    "dropped",
    "cancelled",
    "canceled",
    "postponed",
    "planned",
    "scheduled",
    "안",
    "못",
    "예정",
    "미완료",
    "읽을",
    "취소",
    "보류",
    "연기",
    "패스",
];

/// Whether `text` says a session is planned (`예정`, `발표 예정`, `planned`, `scheduled`): a
/// note that says the paper is not read yet, but of a dated meeting to come, which makes it
/// a session on that day rather than nothing (`[T5](…) 12/16 발표 예정`).
/// Whether a note beside an open box says its session is planned (`- [ ] T5 (예정)`, as
/// `history --markdown` writes one to come): `예정`, or `(planned)`, `(scheduled)` in
/// brackets (a title may say *Scheduled Sampling*).
pub(crate) fn notes_planned(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("예정")
        || ["(planned)", "(scheduled)", "[planned]", "[scheduled]"]
            .iter()
            .any(|n| lower.contains(n))
}

pub(crate) fn says_planned(text: &str) -> bool {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.ends_with("예정") || w == "planned" || w == "scheduled")
}

/// `title` without the read marks, stars and status notes at its ends, and what they say
/// of its reading: `Some(true)` read (`✅`, `(다 읽음)`, `[done]`), `Some(false)` not read
/// or dropped (`(to read)`, `(취소)`), `None` nothing. A Korean note in brackets or after a
/// dash on a title written in Latin letters goes too (`Llama 2: … (지현 추천)`, `LoRA — 민수
/// 발표`); an English one stays (`Attention Is All You Need (NeurIPS 2017)`). Before the
/// title, a note in brackets (`[완료] LoRA`, `(읽음) LoRA`, `[지현] LoRA`), a status label
/// and a colon or a dash (`완료: LoRA`, `취소: LoRA`, `Done: LoRA`, `읽음 - LoRA`:
/// [`is_status_label`]) or a Korean status word before a title in Latin letters (`완료
/// LoRA`) say the same. A title that would be left empty is kept (and what its marks say
/// told).
pub(crate) fn split(title: &str) -> (String, Option<bool>) {
    let (t, said, _) = split_with_meeting(title);
    (t, said)
}

/// [`split`], and the day of a meeting a note after the title names (`LoRA (11/20 발표)`,
/// `QLoRA — 2026-11-27 지현 발표`: [`super::session_date::note_meeting`]), which says the
/// paper was read then (as [`super::session_date::Day::written`] keeps a day).
pub(crate) fn split_with_meeting(title: &str) -> (String, Option<bool>, Option<String>) {
    let mut t = title.trim();
    let mut said: Option<bool> = None;
    let mut met: Option<String> = None;
    let mut note = |s: Option<bool>| {
        if s.is_some() {
            said = s;
        }
    };
    loop {
        let before = t.len();
        for m in CHECKS {
            if let Some(r) = t.strip_suffix(m).or_else(|| t.strip_prefix(m)) {
                t = r.trim();
                note(Some(true));
            }
        }
        for m in DECORATIONS {
            if let Some(r) = t.strip_suffix(m).or_else(|| t.strip_prefix(m)) {
                t = r.trim();
            }
        }
        // A note in brackets after the title, then one before it; a meeting after it.
        if let Some((rest, inner)) = trailing_bracket(t) {
            match super::session_date::note_meeting(inner) {
                Some(m) if rest.chars().any(char::is_alphanumeric) => {
                    met = met.or(m.day());
                    note(Some(true));
                    t = rest;
                }
                _ => t = bracket_note(t, rest, inner, &mut note),
            }
        }
        if let Some((inner, rest)) = leading_bracket(t) {
            t = bracket_note(t, rest, inner, &mut note);
        }
        // A status before the title: a label and a colon or a dash (`완료: LoRA`, `읽음 -
        // SpQR`), or a Korean word before a title in Latin letters (`완료 FLAN`).
        let opener = SEPARATORS
            .iter()
            .filter_map(|s| t.split_once(s))
            .chain(t.split_once([':', '：']))
            .min_by_key(|(label, _)| label.len())
            .filter(|(label, _)| is_status_label(label))
            .or_else(|| {
                t.split_once(' ')
                    .filter(|(word, rest)| {
                        word.chars().all(is_hangul) && is_foreign_note(rest, word)
                    })
                    .filter(|(word, _)| is_status_label(word))
            });
        if let Some((label, rest)) = opener {
            note(says(label));
            t = rest.trim();
        }
        if let Some((rest, after)) = SEPARATORS
            .iter()
            .filter_map(|s| t.rsplit_once(s))
            .max_by_key(|(rest, _)| rest.len())
        {
            match (says(after), super::session_date::note_meeting(after)) {
                (_, Some(m)) if rest.chars().any(char::is_alphanumeric) => {
                    met = met.or(m.day());
                    note(Some(true));
                    t = rest.trim();
                }
                (Some(s), _) => {
                    t = rest.trim();
                    note(Some(s));
                }
                (None, _) if is_foreign_note(rest, after) => t = rest.trim(),
                (None, _) => {}
            }
        }
        if t.len() == before {
            break;
        }
    }
    if t.chars().any(char::is_alphanumeric) {
        (t.to_string(), said, met)
    } else {
        (title.trim().to_string(), said, met)
    }
}

/// `t` without its bracketed note `inner` (`rest` is the rest) when the note says what
/// the paper's reading is (told to `note`) or is a Korean note on a title in Latin letters.
fn bracket_note<'a>(
    t: &'a str,
    rest: &'a str,
    inner: &str,
    note: &mut impl FnMut(Option<bool>),
) -> &'a str {
    match says(inner) {
        Some(s) => {
            note(Some(s));
            rest
        }
        None if is_foreign_note(rest, inner) => rest,
        None => t,
    }
}

/// What a short note says of the paper's reading (`다 읽음`, `(done)`, `✅`, `발표 완료`,
/// `to read`, `취소`): `Some(true)` read, `Some(false)` not read or dropped, `None` when
/// it says neither — a longer text (more than four words) is a description, not a note.
pub(crate) fn says(note: &str) -> Option<bool> {
    let note = note
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || "()[]-—–:←|/#*~!.".contains(c));
    if CHECKS.contains(&note) {
        return Some(true);
    }
    let lower = note.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || ",.!:;()[]".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let read = words.iter().any(|w| is_read_word(w));
    // A negation in English words counts next to a word of reading or in a note of one
    // or two words (`to read`, `skip`; `Not All Tokens …` is a title's).
    let not = words.iter().any(|w| NOT_WORDS.contains(w));
    let korean_not = words
        .iter()
        .any(|w| w.chars().any(is_hangul) && NOT_WORDS.contains(w));
    if not && (read || korean_not || words.len() <= 2) {
        return Some(false);
    }
    read.then_some(true)
}

/// Whether a note's word (lower case) says read: a tag's (`done`, `읽음`), one of
/// [`READ_WORDS`], or one written with its verb (`다읽음`, `읽음완료`).
fn is_read_word(w: &str) -> bool {
    tag_says_read(w) == Some(true)
        || READ_WORDS.contains(&w)
        || w.ends_with("읽음")
        || w.ends_with("완료")
}

/// Whether `label`, before a colon or a dash that opens a title (or a Korean word alone
/// before it), is a status and nothing else (`완료`, `다 읽음`, `발표 완료`, `취소`, `Done`,
/// `To read`): [`says`] tells what and every word is one of a status, an English one
/// written as a word is (`done`, `Done`), not as a name (`READ:`, `ReAD:`, `DOne:` open
/// titles of arXiv papers). `Done right: evaluation …` and `Not all: …` are titles.
fn is_status_label(label: &str) -> bool {
    const ALSO: &[&str] = &["다", "발표", "리뷰", "already", "yet"];
    let as_word = |w: &str| {
        let mut c = w.chars().filter(char::is_ascii_alphabetic);
        c.next().is_none_or(|_| c.all(|c| c.is_ascii_lowercase()))
    };
    let lower = label.trim().to_lowercase();
    let status = |w: &str| {
        is_read_word(w)
            || tag_says_read(w).is_some()
            || (NOT_WORDS.contains(&w) && w != "not")
            || ALSO.contains(&w)
    };
    !lower.is_empty()
        && label.split_whitespace().all(as_word)
        && says(label).is_some()
        && lower
            .split(|c: char| c.is_whitespace() || "[]()*~".contains(c))
            .filter(|w| !w.is_empty())
            .all(status)
}

/// Whether a heading says the papers under it were read: a section of a list kept as
/// "to read" and "read" (`## 읽은 논문`, `## Done`, `### ✅ Read (12)`, `## 발표 완료`). The
/// heading is that alone — marks, a count and a number before it aside — so `## Reading
/// comprehension` or `## 읽을 논문` ("to read") is not.
pub(crate) fn heading_says_read(heading: &str) -> bool {
    const READ: &[&str] = &[
        "read",
        "done",
        "finished",
        "completed",
        "archive",
        "archived",
        "already read",
        "read papers",
        "papers read",
        "papers i've read",
        "papers i have read",
        "have read",
        "read so far",
        "done reading",
        "finished reading",
        "읽은 논문",
        "읽은 논문들",
        "읽은 것",
        "읽은 것들",
        "읽은 글",
        "다 읽은 논문",
        "다 읽은 것",
        "읽음",
        "다 읽음",
        "읽기 완료",
        "완료",
        "완독",
        "발표 완료",
        "발표한 논문",
        "발표한 논문들",
        "리뷰 완료",
        "리뷰한 논문",
        "지난 발표",
        "지난 논문",
    ];
    READ.contains(&bare_heading(heading).as_str())
}

/// What a heading says of the papers under it (a list's section, a notes folder):
/// `Some(day)` when they were read — at the meeting it dates (`1주차 (2026-11-20)`:
/// [`super::session_date::heading_day`]) or on no day it says (`읽은 논문`, `Done`:
/// [`heading_says_read`]); `None` when it says nothing of their reading.
pub(crate) fn section_read_on(heading: &str) -> Option<Option<String>> {
    match super::session_date::heading_day(heading) {
        Some(day) => Some(Some(day)),
        None => heading_says_read(heading).then_some(None),
    }
}

/// Whether a heading names the group's record or calendar of its meetings (`## 진행 기록`,
/// `## 발표 일정`, `## Meeting log`, `## Schedule`): a date before an item under it is the
/// day of its meeting (read then, or scheduled when the day is to come), as [`heading_says_read`]
/// reads one.
pub(crate) fn heading_says_log(heading: &str) -> bool {
    const LOG: &[&str] = &[
        "기록",
        "진행 기록",
        "진행 상황",
        "발표 기록",
        "발표 일정",
        "발표 순서",
        "스터디 기록",
        "스터디 일정",
        "모임 기록",
        "세미나 기록",
        "일정",
        "일정표",
        "진도",
        "진도표",
        "log",
        "reading log",
        "study log",
        "meeting log",
        "meetings",
        "sessions",
        "schedule",
        "meeting schedule",
        "reading schedule",
        "past sessions",
        "past meetings",
    ];
    LOG.contains(&bare_heading(heading).as_str())
}

/// Whether a heading says the papers under it are still to read (`## 읽을 논문`, `## To
/// read`, `## Reading list`, `## 후보`, `## Backlog`), as [`heading_says_read`] reads one:
/// where `readnext add` puts a paper.
pub(crate) fn heading_says_to_read(heading: &str) -> bool {
    const TO_READ: &[&str] = &[
        "to read",
        "to-read",
        "toread",
        "unread",
        "reading list",
        "papers to read",
        "to be read",
        "backlog",
        "queue",
        "up next",
        "next",
        "candidates",
        "읽을 논문",
        "읽을 논문들",
        "읽을 것",
        "읽을 거리",
        "읽을거리",
        "읽을 목록",
        "다음에 읽을 논문",
        "안 읽은 논문",
        "후보",
        "후보 논문",
        "논문 후보",
    ];
    TO_READ.contains(&bare_heading(heading).as_str())
}

/// A heading as a section's name, lower case: without the marks at its ends, a count
/// after it (`Read (12)`, `읽은 논문 [5편]`), a number before it (`3. Done`) and the
/// separators around it.
fn bare_heading(heading: &str) -> String {
    let mut t = heading.trim();
    for m in CHECKS.iter().chain(DECORATIONS) {
        t = t.trim_start_matches(m).trim_end_matches(m).trim();
    }
    if let Some((rest, inner)) = trailing_bracket(t) {
        if inner.chars().any(|c| c.is_ascii_digit()) {
            t = rest;
        }
    }
    t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')')
        .trim_matches(|c: char| c.is_whitespace() || ":：-—–📚📖🗂".contains(c))
        .to_lowercase()
}

/// A bracketed group that ends `t` (`Title (…)`, `Title […]`): the text before it and
/// the text inside, when the brackets pair.
fn trailing_bracket(t: &str) -> Option<(&str, &str)> {
    let close = t.chars().last()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let start = t.rfind(open)?;
    let inner = &t[start + 1..t.len() - 1];
    (!inner.contains([open, close])).then(|| (t[..start].trim_end(), inner))
}

/// A bracketed group that opens `t` (`[완료] Title`, `(읽음) Title`): the text inside and
/// the text after it, when the brackets pair and a title follows.
fn leading_bracket(t: &str) -> Option<(&str, &str)> {
    let open = t.chars().next()?;
    let close = match open {
        '(' => ')',
        '[' => ']',
        _ => return None,
    };
    let end = t.find(close)?;
    let inner = &t[1..end];
    let rest = t[end + 1..].trim_start();
    (!inner.contains(open) && !rest.is_empty() && !rest.starts_with('(')).then_some((inner, rest))
}

/// Whether `inner`, in brackets beside `title`, is a note in Korean on a title written in
/// Latin letters.
fn is_foreign_note(title: &str, inner: &str) -> bool {
    let latin = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
    let hangul = |s: &str| s.chars().any(is_hangul);
    latin(title) && !hangul(title) && hangul(inner) && !latin(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_after_the_title_says_when_it_was_read() {
        let lora = "LoRA: Low-Rank Adaptation";
        for (line, day) in [
            (format!("{lora} (11/20 발표)"), "--11-20"),
            (format!("{lora} — 2026-11-27 지현 발표"), "2026-11-27"),
            (format!("{lora} (12/04, 민수)"), "--12-04"),
            (format!("{lora} [Nov 20]"), "--11-20"),
            // Planned: a session on that day (scheduled while it is to come).
            (format!("{lora} - 12/09 발표 예정"), "--12-09"),
        ] {
            assert_eq!(
                split_with_meeting(&line),
                (lora.to_string(), Some(true), Some(day.to_string())),
                "{line}"
            );
        }
        // A venue, a year, a part, a session to come or put off: no meeting.
        for line in [
            format!("{lora} (NeurIPS 2017)"),
            format!("{lora} (2021)"),
            format!("{lora} (11/20 연기)"),
        ] {
            assert_eq!(split_with_meeting(&line).2, None, "{line}");
        }
    }

    #[test]
    fn marks_and_notes_that_say_read_come_off_the_title() {
        let lora = "LoRA: Low-Rank Adaptation of Large Language Models";
        for written in [
            format!("{lora} (다 읽음)"),
            format!("{lora} [완료]"),
            format!("{lora} (done)"),
            format!("{lora} ✅"),
            format!("✅ {lora}"),
            format!("{lora} ⭐️ (읽음)"),
            format!("{lora} — 발표 완료"),
            format!("{lora} (11/20 읽음)"),
            format!("[완료] {lora}"),
            format!("(읽음) {lora}"),
            format!("완료: {lora}"),
            format!("발표 완료: {lora}"),
            format!("Done: {lora}"),
            format!("[지현] ✅ {lora}"),
            format!("읽음 - {lora}"),
            format!("✅ 완료 {lora}"),
        ] {
            assert_eq!(split(&written), (lora.to_string(), Some(true)), "{written}");
        }
        for written in [
            format!("{lora} (to read)"),
            format!("{lora} (취소)"),
            format!("취소: {lora}"),
            format!("[연기] {lora}"),
            format!("To read: {lora}"),
            format!("취소 {lora}"),
        ] {
            assert_eq!(
                split(&written),
                (lora.to_string(), Some(false)),
                "{written}"
            );
        }
    }

    #[test]
    fn titles_that_open_with_brackets_or_a_colon_keep_them() {
        for title in [
            "Done Right: Evaluating Language Models",
            "Not All Tokens Are What You Need",
            "Not all: a study",
            "(Un)likelihood Training for Interpretable Embedding",
            "[Re] Reproducing Attention",
            "READ: Real-time and Efficient Asynchronous Diffusion",
            "ReAD: Reinforcement-Guided Capability Distillation",
            "DOne: Decoupling Structure and Rendering",
            "LaTER: Efficient Test-Time Reasoning",
            "Read, Attend and Spell",
            "[큐로라](https://arxiv.org/abs/2305.14314)",
        ] {
            assert_eq!(split(title), (title.to_string(), None), "{title}");
        }
        // A note before a title that ends in brackets of its own.
        assert_eq!(
            split("[완료] Attention Is All You Need (NeurIPS 2017)"),
            (
                "Attention Is All You Need (NeurIPS 2017)".to_string(),
                Some(true)
            )
        );
        // What is left of a label before a link: what it says.
        assert_eq!(split("완료: ").1, Some(true));
        assert_eq!(split("취소: ").1, Some(false));
    }

    #[test]
    fn a_heading_of_papers_read() {
        for h in [
            "읽은 논문",
            "✅ 읽은 논문 (12)",
            "Done",
            "Read",
            "2. Papers read",
            "발표 완료",
            "📚 Already read:",
        ] {
            assert!(heading_says_read(h), "{h}");
        }
        for h in [
            "읽을 논문",
            "To read",
            "Reading comprehension",
            "Read later",
            "LLM",
            "2026-11-20",
            "Done right: evaluation",
        ] {
            assert!(!heading_says_read(h), "{h}");
        }
        for h in ["읽을 논문", "📚 To read (5)", "Reading list", "후보"] {
            assert!(heading_says_to_read(h) && !heading_says_read(h), "{h}");
        }
        assert!(!heading_says_to_read("읽은 논문"));
    }

    #[test]
    fn notes_that_say_nothing_of_reading() {
        // A Korean note on an English title goes; an English bracket is the title's.
        assert_eq!(
            split("Llama 2: Open Foundation and Fine-Tuned Chat Models (지현 추천) ⭐"),
            (
                "Llama 2: Open Foundation and Fine-Tuned Chat Models".to_string(),
                None
            )
        );
        for title in [
            "Attention Is All You Need (NeurIPS 2017)",
            "BERT - Pre-training of Deep Bidirectional Transformers",
            "Read, Revise, Repeat: A System Demonstration",
            "Are We Done with MMLU?",
            "한국어 언어 모델 (KoGPT)",
            "Done",
            "Mixture of Depths - Not All Tokens Are Equal",
            "Rho-1 - Not All Tokens",
        ] {
            assert_eq!(split(title), (title.to_string(), None), "{title}");
        }
        assert_eq!(
            split("LoRA: Low-Rank Adaptation - 민수 발표"),
            ("LoRA: Low-Rank Adaptation".to_string(), None)
        );
        // Past four words a note is a description.
        assert_eq!(says("학습을 완료하는 새로운 방법 제안"), None);
        assert_eq!(says("학습을 완료하는 방법"), None);
        assert_eq!(says("안 읽음"), Some(false));
        assert_eq!(says("  (다읽음!) "), Some(true));
        // A title of marks alone stays as written.
        assert_eq!(split("✅"), ("✅".to_string(), Some(true)));
    }
}
