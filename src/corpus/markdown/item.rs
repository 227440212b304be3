//! One item of a markdown list: what its words, links and nested items make of it —
//! entries (a link, a bracketed title, a bare URL or id), a title of plain words, or a
//! note ([`reads_as_note`]) — with its date, alias, secondary links and abstract.

use super::collapse;
use crate::corpus::citation::is_year;
use crate::corpus::paper::Entry;
use crate::corpus::{read_mark, text};

/// Words that make a short link label a secondary link of the entry before it.
const SECONDARY_WORDS: &[&str] = &[
    "blog",
    "code",
    "github",
    "paper",
    "pdf",
    "demo",
    "project",
    "page",
    "website",
    "video",
    "slides",
    "arxiv",
    "twitter",
    "colab",
    "dataset",
    "poster",
    "talk",
    "homepage",
    "site",
    "weights",
    "youtube",
    "link",
    "html",
    "web",
    "repo",
    "repository",
    "url",
    "abs",
    "openreview",
    "tweet",
    "pytorch",
    "tensorflow",
    "implementation",
];

#[derive(Debug, Clone)]
pub(super) enum Seg {
    Text { text: String, emph: bool },
    Link { label: String, url: String },
    Break,
}

#[derive(Default)]
pub(super) struct ItemBuilder {
    pub(super) start: usize,
    pub(super) segs: Vec<Seg>,
    pub(super) checked: bool,
    /// The item opens struck through (`- ~~LoRA~~`): done, unless its note says otherwise.
    pub(super) struck: bool,
    /// The item has a task box (`- [ ]`, `- [x]`; `checked` says which).
    pub(super) boxed: bool,
    pub(super) link: Option<(String, String)>,
    /// The item holds a list of its own (a plain item that does is a group's name).
    pub(super) nested: bool,
    /// Links of nested items that are only a secondary label (`- [Code](…)` under it).
    pub(super) extra_links: Vec<String>,
    /// The line each [`Seg::Break`] of `segs` starts, in order.
    pub(super) breaks: Vec<usize>,
    /// The words of plain items nested under a citation (`- "Title" (Bengio et al.,
    /// 2003)` and, under it, `- First neural language model`): notes on the paper.
    pub(super) notes: Vec<String>,
}

impl ItemBuilder {
    /// Whether the item read so far is plain words: no link, no bracketed title, no
    /// URL or id in its text.
    pub(super) fn is_plain_so_far(&self) -> bool {
        let mut text = String::new();
        for seg in &self.segs {
            match seg {
                Seg::Link { .. } => return false,
                Seg::Text { text: t, .. } => text.push_str(t),
                Seg::Break => break,
            }
        }
        let (_, rest) = take_date(&text);
        !rest.trim_start().starts_with('[') && !text::has_locator(rest)
    }

    /// Whether the item read so far is plain words that cite one paper
    /// ([`crate::corpus::citation::is_citation`]): a paper, whatever is nested in it.
    pub(super) fn is_citation_so_far(&self) -> bool {
        self.is_plain_so_far() && crate::corpus::citation::is_citation(&self.head_words())
    }

    /// The words of the item's first line.
    fn head_words(&self) -> String {
        self.segs
            .iter()
            .map_while(|s| match s {
                Seg::Text { text, .. } => Some(text.as_str()),
                Seg::Link { label, .. } => Some(label.as_str()),
                Seg::Break => None,
            })
            .collect()
    }

    /// Whether the item's words outside its links note a session planned
    /// ([`read_mark::notes_planned`]).
    pub(super) fn notes_planned(&self) -> bool {
        let words: String = self
            .segs
            .iter()
            .filter_map(|s| match s {
                Seg::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        read_mark::notes_planned(&words)
    }

    /// Every word of the item, its own notes after them.
    pub(super) fn all_words(&self) -> String {
        let words: String = self
            .segs
            .iter()
            .map(|s| match s {
                Seg::Text { text, .. } => text.as_str(),
                Seg::Link { label, .. } => label.as_str(),
                Seg::Break => " ",
            })
            .collect();
        let mut out = collapse(&words);
        for note in &self.notes {
            out.push_str(". ");
            out.push_str(note);
        }
        out
    }
}

pub(super) fn is_secondary_label(label: &str) -> bool {
    let words: Vec<String> = label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().any(|w| SECONDARY_WORDS.contains(&w.as_str()))
}

/// Whether `text` is what a list writes as an entry's date (`2019/07`, `2020-05`,
/// `2021`): 4 to 10 digits and `/ - .` separators, a digit first; or a Korean list's
/// year and month (`2023년 6월`, `2023년 6월 5일`).
pub fn is_list_date(text: &str) -> bool {
    let plain = (4..=10).contains(&text.len())
        && text.starts_with(|c: char| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.'));
    plain || (text.contains('년') && crate::corpus::date::year_month_day(text).is_some())
}

/// Brackets a venue's tag is written in.
const OPENING: [char; 2] = ['[', '('];
const CLOSING: [char; 2] = [']', ')'];

/// The title an item writes before its paper's labelled link, a date it gives there and
/// the venue of a tag in bold before it (`**[NeurIPS 2023]** QLoRA: …`): a leading
/// emphasised run (`**QLoRA: …** [[paper](…)]`), else the words up to the next
/// emphasised run (the authors: `LoRA: …. *Hu, Shen*. ICLR 2022. [[pdf](…)]`; a one-word
/// name stays with what follows it: `**CPM-2**. Cost-Effective …`);
/// without a leading `[2019/07]` or `(ICLR 2022)` or a ` (2015), O. Vinyals et al.` tail
/// (a date each), an `, Lester et al., EMNLP 2021` tail, or the brackets and punctuation
/// before the link. `None` when no word is left.
fn title_before_label(segs: &[(&str, bool)]) -> Option<(String, Option<String>, Option<String>)> {
    let segs: Vec<(&str, bool)> = segs
        .iter()
        .copied()
        .filter(|(t, _)| !t.trim().is_empty())
        .collect();
    // A venue's tag or a date in brackets before a title of its own run (`**[NeurIPS
    // 2023]** QLoRA: …`, `(2020-12) **Making …**`) is no title; the words after it are
    // read as the words before the link.
    let tag_first = segs.first().filter(|_| segs.len() > 1).and_then(|&(t, _)| {
        let inner = t.trim().strip_prefix(OPENING)?;
        let inner = inner.strip_suffix(CLOSING)?.trim();
        match crate::corpus::venue::tag(inner) {
            Some(tag) => Some((tag.year, Some(tag.venue))),
            None => is_list_date(inner).then(|| (inner.to_string(), None)),
        }
    });
    if let Some((date, venue)) = tag_first {
        return title_before_label(&segs[1..])
            .map(|(title, d, v)| (title, d.or(Some(date)), v.or(venue)));
    }
    let (&(first, first_emph), rest) = segs.split_first()?;
    let bold_title = first_emph && first.split_whitespace().count() >= 2;
    // `**The Pile: …**, Arxiv 2020.`, `**Scaling laws …**, 2020.`: a venue or a year
    // right after a bold title; `Chain-of-Thought …. *NeurIPS 2022*.`: a venue in emphasis
    // after a plain one.
    let after_title = if bold_title {
        rest.first()
    } else {
        rest.iter().find(|(_, emph)| *emph)
    };
    let tag_after = after_title
        .map(|(t, _)| {
            t.trim()
                .trim_matches(|c: char| matches!(c, ',' | '.' | ' '))
        })
        .and_then(|t| match crate::corpus::venue::tag(t) {
            Some(tag) => Some((tag.year, Some(tag.venue))),
            None => (bold_title && is_year(t)).then(|| (t.to_string(), None)),
        });
    // `**Pointer networks** (2015), O. Vinyals et al.`: the year right after a bold title.
    let year_after = rest
        .first()
        .map(|(t, _)| format!(" {}", t.trim_start()))
        .and_then(|after| match year_in_brackets(&after) {
            Some((0, year)) => Some(year.to_string()),
            _ => None,
        })
        .filter(|_| bold_title);
    let raw: String = if bold_title {
        first.to_string()
    } else {
        std::iter::once(first)
            .chain(rest.iter().take_while(|(_, e)| !e).map(|(t, _)| *t))
            .collect()
    };
    let (date, text) = take_date(&raw);
    let (date_after, venue) = tag_after.unzip();
    let mut date = date.or(year_after).or(date_after);
    let mut text = text.trim();
    // A venue and year in brackets before the title: `(ICLR 2022) Towards …`.
    if let Some(inner_end) = text
        .strip_prefix(['(', '['])
        .and_then(|inner| inner.find([')', ']']).map(|end| (inner, end)))
    {
        let (inner, end) = inner_end;
        if let Some(year) = years(&inner[..end]).next() {
            date = date.or(Some(year.to_string()));
            text = inner[end + 1..].trim();
        }
    }
    let mut title = text;
    // `Pointer networks (2015), O. Vinyals et al.`: the year ends the title, authors follow.
    if let Some((at, year)) = year_in_brackets(title) {
        if title[..at].split_whitespace().count() >= 2 {
            date = date.or(Some(year.to_string()));
            title = &title[..at];
        }
    }
    // `…, Lester et al., EMNLP 2021`: the authors and what follows them.
    if let Some(at) = title.find(" et al") {
        if let Some(comma) = title[..at].rfind(", ") {
            title = &title[..comma];
        }
    }
    let title = title
        .trim_end_matches(|c: char| c.is_whitespace() || "[(.,:;-–—|".contains(c))
        .trim_start_matches(|c: char| c.is_whitespace() || "-–—|:".contains(c));
    // `**RedPajama**, 2023.`: a name, then its year.
    let title = match title.rsplit_once(", ") {
        Some((name, year)) if is_year(year) => {
            date = date.or(Some(year.to_string()));
            name
        }
        _ => title,
    };
    let title = collapse(title);
    (!title.is_empty()).then_some((title, date, venue.flatten()))
}

/// A paragraph that is one reference of a numbered bibliography, as reading roadmaps
/// write them (floodsung's *Deep Learning Papers Reading Roadmap*: `**[5]** Simonyan,
/// Karen, and Andrew Zisserman. "**Very deep convolutional networks for large-scale image
/// recognition**." arXiv preprint arXiv:1409.1556 (2014). [[pdf]](…) **(VGGNet, …)**`): it
/// opens with `[N]` and holds a link. The title is the link's label when that is no label
/// like `pdf`, else the first emphasised run after the number, else the words in quotes;
/// the first year in brackets is the date, else the last year it gives; the other links
/// are the paper's too.
pub(super) fn reference_entry(
    item: &ItemBuilder,
    line: usize,
    heading: Option<&str>,
) -> Option<Entry> {
    let opening = words_before_link(&item.segs);
    let marker = opening.trim_start().strip_prefix('[')?;
    let digits = marker.chars().take_while(char::is_ascii_digit).count();
    if !(1..=3).contains(&digits) || !marker[digits..].starts_with(']') {
        return None;
    }
    let links: Vec<(&str, &str)> = item
        .segs
        .iter()
        .filter_map(|s| match s {
            Seg::Link { label, url } if !url.trim().is_empty() => {
                Some((label.as_str(), url.trim()))
            }
            _ => None,
        })
        .collect();
    let &(label, url) = links.first()?;
    let before: Vec<(&str, bool)> = item
        .segs
        .iter()
        .map_while(|s| match s {
            Seg::Text { text, emph } => Some((text.as_str(), *emph)),
            _ => None,
        })
        .collect();
    let is_marker = |t: &str| {
        let t = t.trim();
        t.starts_with('[')
            && t.ends_with(']')
            && t[1..t.len() - 1].bytes().all(|b| b.is_ascii_digit())
    };
    let words: String = before.iter().map(|(t, _)| *t).collect();
    let quoted = || {
        let (start, open) = words.char_indices().find(|(_, c)| matches!(c, '"' | '“'))?;
        let rest = &words[start + open.len_utf8()..];
        rest.find(['"', '”']).map(|end| rest[..end].to_string())
    };
    let title = if !is_secondary_label(label) {
        label.to_string()
    } else {
        before
            .iter()
            .find(|(t, emph)| *emph && !is_marker(t) && !t.trim().is_empty())
            .map(|(t, _)| t.to_string())
            .or_else(quoted)?
    };
    let title = collapse(title.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '“' | '”' | '.' | ',' | ':')
    }));
    if title.is_empty() {
        return None;
    }
    Some(Entry {
        title,
        url: url.to_string(),
        extra_links: links[1..].iter().map(|(_, u)| u.to_string()).collect(),
        date: year_in_brackets(&words)
            .map(|(_, y)| y)
            // The last year it gives outside brackets: `… Systems. 2014.`
            .or_else(|| years(&words).next_back())
            .map(str::to_string),
        heading: heading.map(str::to_string),
        line,
        ..Default::default()
    })
}

/// The words of `text` that are years ([`is_year`]), in order.
fn years(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| is_year(w))
}

/// Where ` (2015)` — a year in brackets — first stands in `text`, and the year.
fn year_in_brackets(text: &str) -> Option<(usize, &str)> {
    text.match_indices(" (").find_map(|(at, _)| {
        let year = text.get(at + 2..at + 6)?;
        (is_year(year) && text.get(at + 6..at + 7) == Some(")")).then_some((at, year))
    })
}

/// Split `[2019/07] rest` into the date and the rest.
pub(super) fn take_date(text: &str) -> (Option<String>, &str) {
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            let inner = rest[..end].trim();
            if is_list_date(inner) {
                return (Some(inner.to_string()), &rest[end + 1..]);
            }
        }
    }
    (None, t)
}

/// Words that open a to-do, whatever follows them (`- TODO ask Minsu`).
const TODO_MARKERS: &[&str] = &["todo", "to-do", "fixme", "할 일", "할일"];

/// Words that open a note when a colon, or a dash after a space, follows (`- Note: skip
/// section 4`, `- Note - …`, `- 참고: 발표 순서`); a title may begin with them (*Notes
/// on …*, *NB-BERT*).
const NOTE_MARKERS: &[&str] = &[
    "note", "notes", "nb", "n.b.", "memo", "reminder", "to do", "참고", "메모", "공지", "주의",
];

/// Whether the plain words of an item are a note to the group, never a title: a to-do
/// ([`TODO_MARKERS`]), a note marker and a colon or dash ([`NOTE_MARKERS`]), a lead-in
/// (`- Papers for the retreat:`), or words in Korean more than in Latin letters
/// (`- 다음 주 발표는 민수`; a title with its English name, `로라 (LoRA)`, is not).
pub(super) fn reads_as_note(words: &str) -> bool {
    let w = words.trim();
    let lower = w.to_lowercase();
    // Whether `lower` opens with one of `markers` and what follows passes `then`.
    let opens = |markers: &[&str], then: &dyn Fn(&str) -> bool| {
        markers
            .iter()
            .any(|m| lower.strip_prefix(m).is_some_and(then))
    };
    let todo = opens(TODO_MARKERS, &|after| {
        !after.starts_with(char::is_alphanumeric)
    });
    // A colon, or a dash set off by a space (`Note - …`; `NB-BERT` is a name).
    let note = opens(NOTE_MARKERS, &|after| {
        let rest = after.trim_start();
        rest.is_empty()
            || rest.starts_with(':')
            || (rest.len() < after.len() && rest.starts_with(['-', '\u{2013}', '\u{2014}']))
    });
    let hangul = w
        .chars()
        .filter(|&c| crate::corpus::normalize::is_hangul(c))
        .count();
    let latin = w.chars().filter(char::is_ascii_alphabetic).count();
    todo || note || w.ends_with(':') || hangul > latin
}

/// What an item's entries are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ItemKind {
    /// A link, a bracketed title, a URL, an arXiv id or a DOI: a paper wherever it stands.
    Entry,
    /// Plain words: a paper's title only in a list where another item is an entry, or in
    /// a file of several such items and no entries (a list of bare titles); else a note,
    /// such as the group's numbered rules.
    Plain,
}

/// A task keyword opening an item as Logseq and org-mode write it (`DONE`, `TODO`,
/// `LATER`, `NOW`, `DOING`, `WAITING`, `CANCELED`; upper case, then a space): whether it
/// says done, and the text after it.
fn task_marker(text: &str) -> Option<(bool, &str)> {
    const OPEN: &[&str] = &[
        "TODO",
        "DOING",
        "LATER",
        "NOW",
        "WAITING",
        "WAIT",
        "IN-PROGRESS",
        "CANCELED",
        "CANCELLED",
    ];
    // Before a link the keyword is all the text there is (`DONE [BERT](…)`).
    let (word, rest) = text.split_once(' ')?;
    let rest = rest.trim_start();
    if word == "DONE" {
        Some((true, rest))
    } else {
        OPEN.contains(&word).then_some((false, rest))
    }
}

/// An item that is a wiki link to a note (Obsidian, Logseq, Foam: `[[Note]]`,
/// `[[Papers/Note|shown name]]`, `[[Note#Section]]`): the note's name is the title (its
/// folders and section left out), a shown name other than the title its alias; a URL, id
/// or DOI after it is its link, and `#tags` after it its keywords.
fn wikilink_entry(rest: &str, line: usize) -> Option<Entry> {
    let inner = rest.strip_prefix("[[")?;
    let end = inner.find("]]")?;
    let (target, shown) = match inner[..end].split_once('|') {
        Some((t, s)) => (t, Some(collapse(s))),
        None => (&inner[..end], None),
    };
    let target = target.split('#').next().unwrap_or(target);
    let name = target.rsplit('/').next().unwrap_or(target);
    let name = name.strip_suffix(".md").unwrap_or(name);
    let title = collapse(name);
    if title.is_empty() {
        return None;
    }
    let after = &inner[end + 2..];
    let link = text::has_locator(after).then(|| text::entry_from_line(after, line));
    let keywords = after
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('#'))
        .map(|t| {
            t.trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .filter(|t| !t.is_empty() && !t.chars().all(|c| c.is_ascii_digit()))
        .collect();
    Some(Entry {
        alias: shown.filter(|s| !s.is_empty() && *s != title),
        title,
        line,
        url: link.as_ref().map(|l| l.url.clone()).unwrap_or_default(),
        given_id: link.as_ref().and_then(|l| l.given_id.clone()),
        doi: link.and_then(|l| l.doi),
        keywords,
        ..Default::default()
    })
}

/// The papers of an item that names a group and lists them on its later lines, as
/// Awesome-LLM quotes them under `- [Pretraining data]`: `> **The Pile: …**, Arxiv 2020.
/// [Paper](…) <br>`, `> (2020-12) **Making …** [paper](…)`. Every later line that is
/// not empty holds a paper's labelled link with its title in bold before it, or opens
/// with a paper's link (after a date); the first line has no link. `None` otherwise: the
/// later lines are then the abstract.
fn papers_on_later_lines(item: &ItemBuilder, heading: Option<&str>) -> Option<Vec<Entry>> {
    let mut lines = item.segs.split(|s| matches!(s, Seg::Break));
    let head = lines.next()?;
    if head.iter().any(|s| matches!(s, Seg::Link { .. })) {
        return None;
    }
    let mut out = Vec::new();
    for (i, segs) in lines.enumerate() {
        let line = item.breaks.get(i).copied()?;
        let blank = |s: &Seg| matches!(s, Seg::Text { text, .. } if text.trim().is_empty());
        if segs.iter().all(blank) {
            continue;
        }
        let words = words_before_link(segs);
        let Some(Seg::Link { label, .. }) = segs.iter().find(|s| matches!(s, Seg::Link { .. }))
        else {
            return None;
        };
        // A title in bold first (after a date) and a labelled link after it (an abstract
        // that links its code opens with no title in bold), or a paper's own link first.
        let lead: String = segs
            .iter()
            .map_while(|s| match s {
                Seg::Text { text, emph: false } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let bold_before = without_date(&lead).trim().is_empty()
            && segs
                .iter()
                .any(|s| matches!(s, Seg::Text { text, emph: true } if !text.trim().is_empty()));
        let paper_link = if is_secondary_label(label) {
            bold_before
        } else {
            without_date(&words).trim().is_empty() && label.split_whitespace().count() >= 2
        };
        if !paper_link {
            return None;
        }
        let sub = ItemBuilder {
            segs: segs.to_vec(),
            ..Default::default()
        };
        match item_entries(&sub, line, heading) {
            (found, ItemKind::Entry) if !found.is_empty() => out.extend(found),
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The words of `segs` before their first link (or line break).
fn words_before_link(segs: &[Seg]) -> String {
    segs.iter()
        .map_while(|s| match s {
            Seg::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// `text` without a date in brackets it opens with (`[2019/07]`, `(2020-12)`).
fn without_date(text: &str) -> &str {
    let t = text.trim_start();
    let Some(inner) = t.strip_prefix(OPENING) else {
        return t;
    };
    match inner.find(CLOSING) {
        Some(end) if is_list_date(inner[..end].trim()) => &inner[end + 1..],
        _ => t,
    }
}

pub(super) fn item_entries(
    item: &ItemBuilder,
    line: usize,
    heading: Option<&str>,
) -> (Vec<Entry>, ItemKind) {
    if let Some(found) = papers_on_later_lines(item, heading) {
        return (found, ItemKind::Entry);
    }
    // The entry line is everything before the first line break; what follows is its abstract.
    let split = item
        .segs
        .iter()
        .position(|s| matches!(s, Seg::Break))
        .unwrap_or(item.segs.len());
    let (head, tail) = item.segs.split_at(split);
    let mut out: Vec<Entry> = Vec::new();
    let mut date: Option<String> = None;
    let mut plain_before_link = String::new();
    let mut words_before_link: Vec<(&str, bool)> = Vec::new();
    // Plain words after the first link: a note on the paper (`(다 읽음)`, `✅`).
    let mut words_after_link = String::new();

    for seg in head {
        match seg {
            Seg::Text { text, emph } => {
                if !out.is_empty() && !*emph {
                    words_after_link.push_str(text);
                }
                if out.is_empty() {
                    words_before_link.push((text, *emph));
                    plain_before_link.push_str(text);
                    if date.is_none() {
                        let (d, _) = take_date(&plain_before_link);
                        date = d;
                    }
                } else if *emph {
                    let alias =
                        collapse(text.trim_matches(|c: char| c == ':' || c.is_whitespace()));
                    if let Some(last) = out.last_mut() {
                        if last.alias.is_none() && !alias.is_empty() && alias.chars().count() <= 60
                        {
                            last.alias = Some(alias);
                        }
                    }
                }
            }
            Seg::Link { label, url } => {
                let label = collapse(label);
                if label.is_empty() {
                    continue;
                }
                // A link that is its own label (`<https://…>`, `[https://…](https://…)`):
                // the words before it are the title, as in a text list.
                if out.is_empty() && label == url.trim() {
                    let (d, before) = take_date(&plain_before_link);
                    date = date.or(d);
                    out.push(text::entry_from_line(
                        &format!("{before} {}", url.trim()),
                        line,
                    ));
                    continue;
                }
                if !out.is_empty() && is_secondary_label(&label) {
                    if let Some(last) = out.last_mut() {
                        last.extra_links.push(url.trim().to_string());
                    }
                    continue;
                }
                // The paper's own link under a label (`Title. *Authors*. [[pdf](…)]`,
                // `**Title** [[paper](…)]`): the words before it are the title.
                if out.is_empty() && is_secondary_label(&label) {
                    if let Some((title, d, venue)) = title_before_label(&words_before_link) {
                        date = date.or(d);
                        out.push(Entry {
                            title,
                            url: url.trim().to_string(),
                            line,
                            venue,
                            ..Default::default()
                        });
                        continue;
                    }
                }
                // A date written inside the link (`[[2023] QLoRA: …](…)`) is the date.
                let (d, rest) = take_date(&label);
                let label = match d {
                    Some(d) if out.is_empty() && !rest.trim().is_empty() => {
                        date = date.or(Some(d));
                        collapse(rest)
                    }
                    _ => label,
                };
                out.push(Entry {
                    title: label,
                    url: url.trim().to_string(),
                    line,
                    ..Default::default()
                });
            }
            Seg::Break => {}
        }
    }

    let mut kind = ItemKind::Entry;
    // A Logseq / org-mode task keyword before the item (`DONE [[LoRA …]]`).
    let task = task_marker(plain_before_link.trim_start());
    let (d, before_title) = take_date(task.map_or(plain_before_link.as_str(), |(_, r)| r));
    // The meeting the item opens with (`11/20 발표: [LoRA](…)`, `1주차 (2026-11-20) QLoRA`):
    // no part of a title in plain words; it marks the paper read on its day.
    let meeting = crate::corpus::session_date::meeting_front(before_title);
    if out.is_empty() {
        date = date.or(d);
        let rest = match &meeting {
            Some(m) if !m.rest.trim().is_empty() => m.rest.trim(),
            _ => before_title.trim(),
        };
        // A wiki link, or one after a status (`완료: [[LoRA]]`, `(읽음) [[QLoRA]]`).
        let after_status = || {
            rest.contains("[[")
                .then(|| wikilink_entry(&read_mark::split(rest).0, line))
                .flatten()
        };
        if let Some(entry) = wikilink_entry(rest, line).or_else(after_status) {
            out.push(entry);
        }
        let bracketed = (out.is_empty())
            .then_some(rest)
            .and_then(|rest| rest.strip_prefix('['))
            .and_then(|inner| {
                inner
                    .rfind(']')
                    .map(|end| (collapse(&inner[..end]), &inner[end + 1..]))
            })
            // A venue's tag before the title (`[ICML 2023] Pythia: …`) is no title of its own.
            .filter(|(t, _)| !t.is_empty() && crate::corpus::venue::tag(t).is_none());
        let from_line = if let Some((title, after)) = bracketed {
            // A bracketed title without a link: `- [Kosmos-2: …]`; a URL, arXiv id or DOI
            // after it is its link, as a link that does not parse as one writes it
            // (`- [Attention Is All You Need] (https://…)`, a space before the parenthesis).
            let link = text::has_locator(after).then(|| text::entry_from_line(after, line));
            Some(Entry {
                title,
                line,
                url: link.as_ref().map(|l| l.url.clone()).unwrap_or_default(),
                given_id: link.as_ref().and_then(|l| l.given_id.clone()),
                doi: link.and_then(|l| l.doi),
                ..Default::default()
            })
        } else if !out.is_empty() {
            None
        } else if text::has_locator(rest) {
            // A title with a bare URL, an arXiv id or a DOI: `- LoRA https://arxiv.org/…`.
            Some(text::entry_from_line(rest, line))
        } else if crate::corpus::citation::is_citation(rest) {
            // A citation (`"Title" (Bengio et al., 2003)`) is a paper, notes nested or not.
            Some(text::entry_from_line(rest, line))
        } else if !collapse(rest).is_empty() && !item.nested && !reads_as_note(rest) {
            // Plain words: a paper's title only among papers ([`ItemKind::Plain`]); a
            // plain item holding a list of its own names a group.
            kind = ItemKind::Plain;
            Some(text::entry_from_line(rest, line))
        } else {
            None
        };
        out.extend(from_line);
    }

    // What the words after the link, or the title's own marks, say of its reading; a
    // line struck through is done unless they say it was dropped (`~~LoRA~~ (취소)`).
    let said =
        read_mark::says(&words_after_link).or_else(|| read_mark::split(&plain_before_link).1);
    let done = item.checked || task.is_some_and(|(done, _)| done);
    // The item's meeting: the one it opens with; under a heading of the group's meetings
    // (`## 진행 기록`), any date before the title; or one after the link (`[LoRA](…) (11/20
    // 발표)`).
    let after = crate::corpus::session_date::note_meeting(&words_after_link);
    let held = after.is_some()
        || meeting.as_ref().is_some_and(|m| {
            m.held || (m.date.is_some() && heading.is_some_and(read_mark::heading_says_log))
        });
    // A meeting held or planned is one, whatever a note of planning says (`(예정)`); one
    // whose note says otherwise (`(연기)`, `(취소)`, `(to read)`) is not.
    let planned =
        read_mark::says_planned(&words_after_link) || read_mark::says_planned(&plain_before_link);
    let held = held && (said != Some(false) || planned);
    // A session planned under a heading that is its day (`### 2026-12-16 (Wed)` then `- [
    // ] [T5](…) (예정)`, as `history --markdown` writes one to come).
    let day_heading = heading.and_then(|h| crate::corpus::session_date::front(h).0);
    let planned_that_day = day_heading.is_some() && item.notes_planned();
    for e in &mut out {
        e.heading = heading.map(str::to_string);
        e.checked = done || held || planned_that_day || said.unwrap_or(e.checked || item.struck);
        if e.read_on.is_none() {
            e.read_on = meeting
                .as_ref()
                .and_then(|m| m.day())
                .or_else(|| after.as_ref().and_then(|m| m.day()));
        }
        // A paper checked under a heading that is a day (`### 2026-11-20 (Fri)`, as
        // `history --markdown` writes a log) was read that day.
        if e.checked && e.read_on.is_none() {
            e.read_on = heading
                .and_then(|h| crate::corpus::session_date::front(h).0)
                .map(|d| d.written());
        }
    }
    if let Some(last) = out.last_mut() {
        last.extra_links.extend(item.extra_links.iter().cloned());
    }
    if let Some(first) = out.first_mut() {
        first.date = date.clone();
    }
    for e in out.iter_mut().skip(1) {
        e.date = date.clone();
    }

    // An alias on the next line (`: *ToD-BERT*`) is an alias, not an abstract.
    let mut tail = tail;
    let emph_only: Vec<&str> = tail
        .iter()
        .filter_map(|s| match s {
            Seg::Text { text, emph: true } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let plain_is_punct = tail.iter().all(|s| match s {
        Seg::Text { text, emph: false } => text.chars().all(|c| c == ':' || c.is_whitespace()),
        Seg::Text { emph: true, .. } | Seg::Break => true,
        Seg::Link { .. } => false,
    });
    if plain_is_punct && emph_only.len() == 1 {
        if let Some(last) = out.last_mut() {
            let alias = collapse(emph_only[0]);
            if last.alias.is_none() && !alias.is_empty() {
                last.alias = Some(alias);
            }
        }
        tail = &[];
    }
    let abstract_text = collapse(
        &tail
            .iter()
            .map(|s| match s {
                Seg::Text { text, .. } => text.as_str(),
                Seg::Link { label, .. } => label.as_str(),
                Seg::Break => " ",
            })
            .collect::<String>(),
    );
    // Notes nested under a citation follow what its own lines say.
    let abstract_text = std::iter::once(abstract_text)
        .chain(item.notes.iter().cloned())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(". ");
    if !abstract_text.is_empty() {
        if let Some(last) = out.last_mut() {
            last.abstract_text = Some(abstract_text);
        }
    }
    (out, kind)
}
