//! Org-mode reading lists (`.org`, as Emacs users keep them: org-mode, org-roam,
//! org-ref). Each line is written as the markdown line of the same meaning, so every line
//! keeps its number and the markdown reader's rules apply unchanged (entries and notes,
//! tables, abstracts, dates, aliases, `- [x]`); what markdown has no syntax for — a
//! headline's tags and its property drawer — is added to the entry read on the
//! headline's line.
//!
//! - A headline (`** TODO [#A] [[url][Title]] [1/2] :peft:quant:`) is a list item when
//!   it names a paper: it holds a link, a URL, an arXiv id or a DOI, or it has a task
//!   keyword and no headlines under it, or its drawer or first body line gives a link;
//!   else it is a heading of its level. Its task keyword is read as the markdown reader
//!   reads Logseq's (`DONE` is read; the file's own `#+TODO:` keywords count, those after
//!   `|` done), its priority and statistics cookies go, its tags are keywords. The lines
//!   under a paper's headline are indented under its item, so a list there is notes on
//!   the paper and a paragraph its abstract.
//! - Links `[[target][description]]` become `[description](target)`, `[[target]]` the
//!   target (a URL as `<url>`, a `doi:` link as its doi.org page); checkboxes `[X]` and
//!   `[-]` become `[x]` and `[ ]`, `1)` items `1.`, org's `/italic/` and `=code=` markdown's.
//! - Comments, `#+KEYWORD:` lines, planning lines (`CLOSED: […]`), drawers and source or
//!   example blocks are blank lines; a quote block is a `>` quote (an abstract after its
//!   entry); a table's `|---+---|` rule is markdown's `|---|---|`.
//! - A drawer's `URL`, `DOI` or `ROAM_REFS` give a headline without a link its link;
//!   `AUTHOR`, `YEAR`/`DATE`, `ROAM_ALIASES`, `CUSTOM_ID` (org-ref's citation key),
//!   `JOURNAL`/`BOOKTITLE`/`VENUE` and `KEYWORDS`/`TAGS` are read as the other formats'
//!   fields of those names are.

use super::paper::Entry;
use std::collections::{HashMap, HashSet};

/// Task keywords that say the paper was read (org's own `DONE`, and what reading lists
/// configure in its place).
const DONE_WORDS: &[&str] = &["DONE", "READ", "FINISHED"];
/// Task keywords of what is still to do (org's `TODO` and the usual custom ones).
const OPEN_WORDS: &[&str] = &[
    "TODO",
    "NEXT",
    "STARTED",
    "READING",
    "TOREAD",
    "WAITING",
    "WAIT",
    "HOLD",
    "SOMEDAY",
    "LATER",
    "NOW",
    "DOING",
    "PROJ",
    "CANCELED",
    "CANCELLED",
    "KILL",
];

/// What a headline's tags and drawer say that its markdown line cannot.
#[derive(Debug, Default, Clone, PartialEq)]
struct Extra {
    keywords: Vec<String>,
    doi: Option<String>,
    authors: Vec<String>,
    date: Option<String>,
    alias: Option<String>,
    key: Option<String>,
    venue: Option<String>,
    /// The section headline the paper's headline is under (org's outline, not the last
    /// heading before it: a to-do headline above it is no section of it).
    heading: Option<String>,
}

/// Parse an org-mode reading list into raw entries, in the order they appear.
pub fn parse(text: &str) -> Vec<Entry> {
    let (markdown, extras) = to_markdown(text);
    let mut entries = super::markdown::parse(&markdown);
    let mut done: HashSet<usize> = HashSet::new();
    for e in &mut entries {
        // A headline is one paper: what its tags and drawer say is its first entry's.
        if !done.insert(e.line) {
            continue;
        }
        let Some(x) = extras.get(&e.line) else {
            continue;
        };
        for k in &x.keywords {
            if !e.keywords.contains(k) {
                e.keywords.push(k.clone());
            }
        }
        if e.authors.is_empty() {
            e.authors.clone_from(&x.authors);
        }
        // What the line itself says wins over the drawer.
        for (slot, from) in [
            (&mut e.doi, &x.doi),
            (&mut e.date, &x.date),
            (&mut e.alias, &x.alias),
            (&mut e.key, &x.key),
            (&mut e.venue, &x.venue),
        ] {
            if slot.is_none() {
                slot.clone_from(from);
            }
        }
        e.heading.clone_from(&x.heading);
    }
    entries
}

/// Whether `text` reads as org-mode (standard input): its first line is an org keyword
/// (`#+TITLE: …`), or a line holds an org link to a URL or DOI (`[[https://…][…]]`).
pub fn looks_like_org(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("").trim_start();
    let keyword = first
        .strip_prefix("#+")
        .and_then(|r| r.split_once(':'))
        .is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
        });
    keyword
        || text.lines().any(|l| {
            l.match_indices("[[").any(|(i, _)| {
                let rest = &l[i + 2..];
                let target_is_link = ["http://", "https://", "doi:"]
                    .iter()
                    .any(|p| rest.starts_with(p));
                target_is_link
                    && rest
                        .find(']')
                        .is_some_and(|end| rest[end..].starts_with("]["))
            })
        })
}

/// The list as markdown, line for line, and what each paper headline's line carries
/// beyond it (by 1-based line).
fn to_markdown(text: &str) -> (String, HashMap<usize, Extra>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let ends = Ends::of(&lines);
    let (open_words, done_words) = task_keywords(&lines);
    let mut outline = Outline::read(&lines, &ends, &open_words, &done_words);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut extras: HashMap<usize, Extra> = HashMap::new();
    // Lines a paper headline took up (its link on the line under it).
    let mut taken: HashSet<usize> = HashSet::new();
    // Inside a paper headline's body, its lines are indented under its item.
    let mut in_paper = false;
    let mut i = 0;
    while i < lines.len() {
        let (raw, cr) = match lines[i].strip_suffix('\r') {
            Some(l) => (l, "\r"),
            None => (lines[i], ""),
        };
        let t = raw.trim_start();
        let indent = if in_paper { "  " } else { "" };
        if taken.contains(&i) || is_planning(t) || is_comment_or_keyword(t) {
            out.push(cr.to_string());
            i += 1;
            continue;
        }
        if let Some(kind) = block_start(t) {
            // A block runs to its `#+END_…`; a quote is a `>` quote, anything else (code,
            // examples, exports) holds no papers.
            let end = ends.block_after(i);
            let Some(end) = end else {
                out.push(format!("{indent}{}{cr}", convert_inline(raw)));
                i += 1;
                continue;
            };
            for (j, line) in lines.iter().enumerate().take(end + 1).skip(i) {
                let (l, cr) = match line.strip_suffix('\r') {
                    Some(l) => (l, "\r"),
                    None => (*line, ""),
                };
                let quoted = if j == i || j == end {
                    ">".to_string()
                } else {
                    format!("> {}", convert_inline(l.trim()))
                };
                out.push(match kind {
                    Block::Quote => format!("{indent}{quoted}{cr}"),
                    Block::Other => cr.to_string(),
                });
            }
            i = end + 1;
            continue;
        }
        if let Some(end) = drawer_end(&lines, &ends, i) {
            for line in &lines[i..=end] {
                out.push(if line.ends_with('\r') { "\r" } else { "" }.to_string());
            }
            i = end + 1;
            continue;
        }
        if let Some(Head {
            level,
            h,
            drawer,
            link_line,
            paper,
            section,
        }) = outline.take(i)
        {
            if paper {
                let mut link = String::new();
                if !h.link_in_text {
                    if let Some(u) = &drawer.url {
                        link = format!(" <{u}>");
                    } else if let Some(j) = link_line {
                        link = format!(" {}", lines[j].trim());
                        taken.insert(j);
                    }
                }
                // A done keyword is markdown's checked box; an open one says nothing.
                let check = if h.task == Some(true) { "[x] " } else { "" };
                out.push(format!("- {check}{}{link}{cr}", h.text));
                let mut extra = drawer.extra;
                for tag in h.tags {
                    if !extra.keywords.contains(&tag) {
                        extra.keywords.push(tag);
                    }
                }
                extra.heading = section;
                extras.insert(i + 1, extra);
            } else {
                out.push(format!("{} {}{cr}", "#".repeat(level.min(6)), h.text));
            }
            in_paper = paper;
            i += 1;
            continue;
        }
        let converted = if let Some(item) = list_item(raw) {
            item
        } else if t.starts_with('|') {
            table_row(raw)
        } else {
            convert_inline(raw)
        };
        if converted.trim().is_empty() {
            out.push(cr.to_string());
        } else {
            out.push(format!("{indent}{converted}{cr}"));
        }
        i += 1;
    }
    (out.join("\n"), extras)
}

/// The headlines of a list, each read once: what it says, what its drawer and the line
/// under it give, whether it names a paper, and the section it is in.
struct Outline {
    /// By the headline's line (0-based).
    by_line: HashMap<usize, Head>,
}

struct Head {
    level: usize,
    h: Headline,
    drawer: Drawer,
    /// The line right under it that is nothing but its link.
    link_line: Option<usize>,
    paper: bool,
    /// The words of the section headline it is under.
    section: Option<String>,
}

impl Outline {
    /// A headline names a paper when it has a link (in its text, its drawer or the line
    /// under it); or when it is a task with no headlines under it, written as a title
    /// (not in lower case: *TODO ask Minsu* is a to-do), beside a headline of its level
    /// under the same parent that has a link (a list of papers to read, some linked), as
    /// a markdown list's plain items are titles beside entries. Any other headline is a
    /// section, or a to-do; a paper's section is the nearest headline above it of a lower
    /// level, when that is no paper.
    fn read(lines: &[&str], ends: &Ends, open: &[String], done: &[String]) -> Outline {
        let mut heads: Vec<(usize, Head)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let (level, rest) = headline(l.strip_suffix('\r').unwrap_or(l))?;
                let (drawer, link_line) = headline_body(lines, ends, i + 1);
                Some((
                    i,
                    Head {
                        level,
                        h: read_headline(rest, open, done),
                        drawer,
                        link_line,
                        paper: false,
                        section: None,
                    },
                ))
            })
            .collect();
        let linked = |h: &Head| h.h.link_in_text || h.drawer.url.is_some() || h.link_line.is_some();
        // Each headline's parent (the nearest above of a lower level), by a stack.
        let mut parent: Vec<Option<usize>> = Vec::with_capacity(heads.len());
        let mut stack: Vec<usize> = Vec::new();
        for (k, (_, h)) in heads.iter().enumerate() {
            while stack.last().is_some_and(|&s| heads[s].1.level >= h.level) {
                stack.pop();
            }
            parent.push(stack.last().copied());
            stack.push(k);
        }
        // Whether some headline of a level under a parent is linked.
        let linked_group: HashSet<(Option<usize>, usize)> = heads
            .iter()
            .enumerate()
            .filter(|(_, (_, h))| linked(h))
            .map(|(k, (_, h))| (parent[k], h.level))
            .collect();
        let paper: Vec<bool> = heads
            .iter()
            .enumerate()
            .map(|(k, (_, h))| {
                let has_children = heads.get(k + 1).is_some_and(|(_, n)| n.level > h.level);
                let title_like = h.h.text.chars().next().is_some_and(|c| !c.is_lowercase());
                linked(h)
                    || (h.h.task.is_some()
                        && !has_children
                        && title_like
                        && linked_group.contains(&(parent[k], h.level)))
            })
            .collect();
        let sections: Vec<Option<String>> = parent
            .iter()
            .map(|p| p.filter(|&p| !paper[p]).map(|p| heads[p].1.h.text.clone()))
            .collect();
        for ((_, h), (p, s)) in heads.iter_mut().zip(paper.into_iter().zip(sections)) {
            h.paper = p;
            h.section = s;
        }
        Outline {
            by_line: heads.into_iter().collect(),
        }
    }

    /// The headline on line `line` (0-based), taken out.
    fn take(&mut self, line: usize) -> Option<Head> {
        self.by_line.remove(&line)
    }
}

/// The file's own task keywords (`#+TODO: TODO NEXT | DONE READ`, also `#+SEQ_TODO:`
/// and `#+TYP_TODO:`), added to the usual ones: those before `|` open, after it done
/// (without `|`, the last is done).
fn task_keywords(lines: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut open: Vec<String> = OPEN_WORDS.iter().map(|w| w.to_string()).collect();
    let mut done: Vec<String> = DONE_WORDS.iter().map(|w| w.to_string()).collect();
    for l in lines {
        let t = l.trim();
        let Some(rest) = t.strip_prefix("#+") else {
            continue;
        };
        let Some((key, value)) = rest.split_once(':') else {
            continue;
        };
        if !["TODO", "SEQ_TODO", "TYP_TODO"].contains(&key.to_ascii_uppercase().as_str()) {
            continue;
        }
        // `DONE(d!)`: the shortcut and logging in brackets are no part of the word.
        let word = |w: &str| w.split('(').next().unwrap_or(w).to_string();
        let words: Vec<&str> = value.split_whitespace().collect();
        let (before, after): (Vec<&str>, Vec<&str>) = match words.iter().position(|w| *w == "|") {
            Some(p) => (words[..p].to_vec(), words[p + 1..].to_vec()),
            None => match words.split_last() {
                Some((last, rest)) => (rest.to_vec(), vec![*last]),
                None => (Vec::new(), Vec::new()),
            },
        };
        for w in before {
            let w = word(w);
            if !w.is_empty() && !open.contains(&w) && !done.contains(&w) {
                open.push(w);
            }
        }
        for w in after {
            let w = word(w);
            if !w.is_empty() && !done.contains(&w) {
                open.retain(|o| *o != w);
                done.push(w);
            }
        }
    }
    (open, done)
}

/// A headline's stars (at the start of the line, then a space) and the rest.
fn headline(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '*').count();
    if level == 0 {
        return None;
    }
    let rest = &line[level..];
    rest.starts_with([' ', '\t'])
        .then(|| (level, rest.trim()))
        .filter(|(_, r)| !r.is_empty())
}

/// What a headline says besides its stars.
struct Headline {
    /// The words, links made markdown's, without keyword, cookies and tags.
    text: String,
    /// `Some(true)` for a done keyword, `Some(false)` for an open one.
    task: Option<bool>,
    tags: Vec<String>,
    /// Whether the text holds a link, a URL, an arXiv id or a DOI.
    link_in_text: bool,
}

fn read_headline(rest: &str, open: &[String], done: &[String]) -> Headline {
    let mut rest = rest;
    let mut task = None;
    if let Some((word, after)) = rest.split_once(' ') {
        if done.iter().any(|d| d == word) {
            task = Some(true);
            rest = after.trim_start();
        } else if open.iter().any(|o| o == word) {
            task = Some(false);
            rest = after.trim_start();
        }
    }
    // A priority cookie: `[#A]`.
    if let Some(after) = rest.strip_prefix("[#") {
        if let Some((p, after)) = after.split_once(']') {
            if p.chars().count() == 1 {
                rest = after.trim_start();
            }
        }
    }
    let (rest, tags) = split_tags(rest);
    let text = remove_cookies(&convert_inline(rest));
    let link_in_text = text.contains("](") || super::text::has_locator(&text);
    Headline {
        text,
        task,
        tags,
        link_in_text,
    }
}

/// A headline's trailing tags (`… :peft:quant:`), and the text before them.
fn split_tags(text: &str) -> (&str, Vec<String>) {
    let trimmed = text.trim_end();
    let Some(start) = trimmed.rfind([' ', '\t']) else {
        return (text, Vec::new());
    };
    let last = &trimmed[start + 1..];
    let is_tags = last.len() > 2
        && last.starts_with(':')
        && last.ends_with(':')
        && last[1..last.len() - 1].split(':').all(|t| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_alphanumeric() || "_@#%-".contains(c))
        });
    if !is_tags {
        return (text, Vec::new());
    }
    let tags = last[1..last.len() - 1]
        .split(':')
        .map(str::to_string)
        .collect();
    (trimmed[..start].trim_end(), tags)
}

/// Statistics cookies (`[1/3]`, `[33%]`) taken out.
fn remove_cookies(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let cookie = after.find(']').filter(|&end| is_cookie(&after[..end]));
        match cookie {
            Some(end) => {
                out.push_str(rest[..open].trim_end());
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// A statistics cookie's inside: `1/3` (done of all, so a date such as `2019/07` is
/// none), `/`, `33%`, `%`.
fn is_cookie(inner: &str) -> bool {
    if let Some(n) = inner.strip_suffix('%') {
        return n.chars().all(|c| c.is_ascii_digit());
    }
    let Some((done, all)) = inner.split_once('/') else {
        return false;
    };
    if done.is_empty() && all.is_empty() {
        return true;
    }
    match (done.parse::<u32>(), all.parse::<u32>()) {
        (Ok(d), Ok(a)) => d <= a,
        _ => false,
    }
}

/// What the lines under a headline give it: its drawer's fields and link, and the line
/// (0-based) right under it that is nothing but a URL, arXiv id or DOI.
struct Drawer {
    extra: Extra,
    url: Option<String>,
}

fn headline_body(lines: &[&str], ends: &Ends, from: usize) -> (Drawer, Option<usize>) {
    let mut drawer = Drawer {
        extra: Extra::default(),
        url: None,
    };
    let mut j = from;
    while j < lines.len() && is_planning(lines[j].trim()) {
        j += 1;
    }
    if j < lines.len() && lines[j].trim().eq_ignore_ascii_case(":PROPERTIES:") {
        if let Some(end) = drawer_end(lines, ends, j) {
            for l in &lines[j + 1..end] {
                property(l.trim(), &mut drawer);
            }
            j = end + 1;
        }
    }
    let link_line = lines.get(j).and_then(|l| {
        let t = l.trim();
        let one_word = !t.is_empty() && !t.contains(char::is_whitespace);
        (one_word && super::text::has_locator(t) && headline(l).is_none()).then_some(j)
    });
    (drawer, link_line)
}

/// One `:NAME: value` line of a property drawer.
fn property(line: &str, drawer: &mut Drawer) {
    let Some(rest) = line.strip_prefix(':') else {
        return;
    };
    let Some((name, value)) = rest.split_once(':') else {
        return;
    };
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let x = &mut drawer.extra;
    match name.to_ascii_uppercase().as_str() {
        "URL" | "LINK" => {
            drawer.url.get_or_insert_with(|| link_target(value));
        }
        "ROAM_REFS" => {
            // Refs apart by spaces: a URL, a `doi:` link, or a citation (`cite:key`, `@key`).
            for r in value.split_whitespace() {
                let r = r.trim_matches(|c| c == '"' || c == '[' || c == ']');
                if r.starts_with("http") || r.starts_with("doi:") {
                    drawer.url.get_or_insert_with(|| link_target(r));
                } else if let Some(k) = r.strip_prefix("cite:").or_else(|| r.strip_prefix('@')) {
                    x.key.get_or_insert_with(|| k.to_string());
                }
            }
        }
        "DOI" => {
            let doi = value
                .trim_start_matches("doi:")
                .trim_start_matches("https://doi.org/")
                .trim_start_matches("http://dx.doi.org/");
            if doi.starts_with("10.") {
                x.doi = Some(doi.to_string());
                drawer
                    .url
                    .get_or_insert_with(|| format!("https://doi.org/{doi}"));
            }
        }
        "AUTHOR" | "AUTHORS" => {
            x.authors = value
                .split(" and ")
                .flat_map(|a| a.split(';'))
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect();
        }
        "YEAR" | "DATE" | "PUBLISHED" => {
            let d = value.trim_matches(|c| matches!(c, '[' | ']' | '<' | '>'));
            let d = d.split_whitespace().next().unwrap_or(d);
            if d.len() >= 4 && d[..4].chars().all(|c| c.is_ascii_digit()) {
                x.date = Some(d.to_string());
            }
        }
        "ROAM_ALIASES" | "ALIAS" | "SHORT_TITLE" | "SHORTTITLE" => {
            let a = value
                .split('"')
                .find(|s| !s.trim().is_empty())
                .unwrap_or(value);
            x.alias = Some(a.trim().to_string());
        }
        "CUSTOM_ID" | "CITEKEY" | "CITE_KEY" | "KEY" => x.key = Some(value.to_string()),
        "JOURNAL" | "BOOKTITLE" | "VENUE" => x.venue = Some(value.to_string()),
        "KEYWORDS" | "TAGS" => {
            for k in value.split([',', ';', ':']).map(str::trim) {
                if !k.is_empty() && !x.keywords.iter().any(|e| e == k) {
                    x.keywords.push(k.to_string());
                }
            }
        }
        _ => {}
    }
}

/// A drawer's closing line: a line `:NAME:` at `i` (`:PROPERTIES:`, `:LOGBOOK:` …)
/// opens one when a `:END:` follows.
fn drawer_end(lines: &[&str], ends: &Ends, i: usize) -> Option<usize> {
    let t = lines[i].trim();
    let name = t.strip_prefix(':')?.strip_suffix(':')?;
    if name.is_empty()
        || name.eq_ignore_ascii_case("END")
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    ends.drawer_after(i)
}

/// For each line, the next line (after it) that closes a drawer (`:END:`) and the next
/// that closes a block (`#+END_…`): found in one pass, so a file of many unclosed
/// openers is still read in linear time.
struct Ends {
    drawer: Vec<Option<usize>>,
    block: Vec<Option<usize>>,
}

impl Ends {
    fn of(lines: &[&str]) -> Ends {
        let n = lines.len();
        let mut drawer = vec![None; n];
        let mut block = vec![None; n];
        let (mut next_drawer, mut next_block) = (None, None);
        for i in (0..n).rev() {
            drawer[i] = next_drawer;
            block[i] = next_block;
            let t = lines[i].trim();
            if t.eq_ignore_ascii_case(":END:") {
                next_drawer = Some(i);
            }
            if is_block_end(t) {
                next_block = Some(i);
            }
        }
        Ends { drawer, block }
    }

    /// The first `:END:` after line `i`.
    fn drawer_after(&self, i: usize) -> Option<usize> {
        self.drawer.get(i).copied().flatten()
    }

    /// The first `#+END_…` after line `i`.
    fn block_after(&self, i: usize) -> Option<usize> {
        self.block.get(i).copied().flatten()
    }
}

/// A planning line under a headline (`CLOSED: [2023-01-05 Thu]`, `SCHEDULED: <…>`).
fn is_planning(t: &str) -> bool {
    ["CLOSED:", "SCHEDULED:", "DEADLINE:"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// A comment (`# …`) or a keyword line (`#+TITLE: …`, and a block's end that no block
/// opened), which hold no papers; a block's start is read with its block.
fn is_comment_or_keyword(t: &str) -> bool {
    (t == "#" || t.starts_with("# ") || t.starts_with("#+")) && block_start(t).is_none()
}

enum Block {
    Quote,
    Other,
}

fn block_start(t: &str) -> Option<Block> {
    let upper = t.get(..8)?.to_ascii_uppercase();
    if upper != "#+BEGIN_" {
        return None;
    }
    let kind = t[8..].split_whitespace().next().unwrap_or("");
    Some(if kind.eq_ignore_ascii_case("QUOTE") {
        Block::Quote
    } else {
        Block::Other
    })
}

fn is_block_end(t: &str) -> bool {
    t.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("#+END_"))
}

/// A plain list item (`- `, `+ `, ` * `, `1. `, `1) `), as markdown's: `1)` → `1.`,
/// `[X]` → `[x]`, `[-]` → `[ ]`, links and emphasis converted.
fn list_item(line: &str) -> Option<String> {
    let indent_len = line.len() - line.trim_start().len();
    let (indent, rest) = line.split_at(indent_len);
    let (bullet, body) = if let Some(b) = rest.strip_prefix("- ") {
        ("-", b)
    } else if let Some(b) = rest.strip_prefix("+ ") {
        ("+", b)
    } else if let Some(b) = rest.strip_prefix("* ").filter(|_| indent_len > 0) {
        ("*", b)
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let after = &rest[digits..];
        if digits == 0 || !(after.starts_with(". ") || after.starts_with(") ")) {
            return None;
        }
        let n = &rest[..digits];
        return Some(format!("{indent}{n}. {}", item_body(&after[2..])));
    };
    Some(format!("{indent}{bullet} {}", item_body(body)))
}

fn item_body(body: &str) -> String {
    let body = body.trim_start();
    let (check, rest) = if let Some(r) = body
        .strip_prefix("[X] ")
        .or_else(|| body.strip_prefix("[x] "))
    {
        ("[x] ", r)
    } else if let Some(r) = body
        .strip_prefix("[ ] ")
        .or_else(|| body.strip_prefix("[-] "))
    {
        ("[ ] ", r)
    } else {
        ("", body)
    };
    // A description item, `- [[…][LoRA]] :: low-rank updates`: the term and its words.
    let rest = rest.replacen(" :: ", ": ", 1);
    format!("{check}{}", convert_inline(&rest))
}

/// A table row as markdown's: the rule `|---+---|` becomes `|---|---|`; cells keep their
/// links, made markdown's.
fn table_row(line: &str) -> String {
    let t = line.trim();
    if t.starts_with("|-") {
        return t.replace('+', "|");
    }
    convert_inline(line)
}

/// Org's inline markup as markdown's: links, `/italic/`, `=verbatim=` and `~code~`.
fn convert_inline(text: &str) -> String {
    emphasis(&links(text))
}

/// `[[target][description]]` → `[description](target)`; `[[target]]` → `<target>` for a
/// URL, else its words.
fn links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("[[") {
        let inner = &rest[open + 2..];
        let Some(close) = inner.find("]]") else {
            break;
        };
        let body = &inner[..close];
        let (target, description) = match body.split_once("][") {
            Some((t, d)) => (t, Some(d)),
            None => (body, None),
        };
        out.push_str(&rest[..open]);
        let url = link_target(target);
        let is_url = url.starts_with("http://") || url.starts_with("https://");
        match (description, is_url) {
            (Some(d), true) => out.push_str(&format!("[{}]({url})", d.trim())),
            (None, true) => out.push_str(&format!("<{url}>")),
            (Some(d), false) => out.push_str(d.trim()),
            (None, false) => out.push_str(target.trim_start_matches("file:")),
        }
        rest = &inner[close + 2..];
    }
    out.push_str(rest);
    out
}

/// A link's target as a URL where it names a web page: `doi:10.…` → its doi.org page,
/// `arxiv:2106.09685` → its arXiv page; anything else as written.
fn link_target(target: &str) -> String {
    let t = target.trim();
    if let Some(doi) = t.strip_prefix("doi:") {
        return format!("https://doi.org/{}", doi.trim());
    }
    if let Some(id) = t
        .strip_prefix("arxiv:")
        .or_else(|| t.strip_prefix("arXiv:"))
    {
        return format!("https://arxiv.org/abs/{}", id.trim());
    }
    t.to_string()
}

/// `/italic/` → `*italic*`, `=verbatim=` and `~code~` → `` `code` ``, where the marks
/// stand at word edges (a URL's slashes do not).
fn emphasis(text: &str) -> String {
    if !text.contains(['/', '=', '~']) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_url = 0usize;
    while i < chars.len() {
        let c = chars[i];
        // Inside a markdown link's target or an angle-bracket URL nothing is markup.
        if c == '(' && i > 0 && chars[i - 1] == ']' || c == '<' {
            in_url += 1;
        } else if (c == ')' || c == '>') && in_url > 0 {
            in_url -= 1;
        }
        let at_start = i == 0 || chars[i - 1].is_whitespace() || "([\"'".contains(chars[i - 1]);
        if in_url == 0 && matches!(c, '/' | '=' | '~') && at_start {
            let close = (i + 2..chars.len()).find(|&j| {
                chars[j] == c
                    && !chars[j - 1].is_whitespace()
                    && chars
                        .get(j + 1)
                        .is_none_or(|n| n.is_whitespace() || ".,:;!?)]\"'".contains(*n))
            });
            if let Some(j) = close.filter(|_| !chars[i + 1].is_whitespace()) {
                let inner: String = chars[i + 1..j].iter().collect();
                if c == '/' {
                    out.push_str(&format!("*{inner}*"));
                } else {
                    out.push_str(&format!("`{inner}`"));
                }
                i = j + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "#+TITLE: 논문 읽기 모임
#+TODO: TODO READING | DONE
# a comment

* Fine-tuning
** DONE [[https://arxiv.org/abs/2106.09685][LoRA: Low-Rank Adaptation of Large Language Models]] :peft:
CLOSED: [2023-11-20 Mon 10:00]
:PROPERTIES:
:AUTHOR: Hu, Edward and Shen, Yelong
:END:
We propose Low-Rank Adaptation, which freezes the pretrained model weights and injects
trainable rank decomposition matrices into each layer.
- key idea: low-rank updates
** READING [#A] QLoRA: Efficient Finetuning of Quantized LLMs [1/2] :peft:quantization:
https://arxiv.org/abs/2305.14314
** TODO The Power of Scale for Parameter-Efficient Prompt Tuning
:PROPERTIES:
:DOI: 10.18653/v1/2021.emnlp-main.243
:ROAM_ALIASES: \"Prompt Tuning\"
:END:
* Agents
- [X] [[https://arxiv.org/abs/2302.04761][Toolformer: Language Models Can Teach Themselves to Use Tools]] /Toolformer/
- [ ] [[doi:10.48550/arXiv.2303.17580][HuggingGPT: Solving AI Tasks with ChatGPT]]
1) [[https://arxiv.org/abs/2210.03629]]
#+BEGIN_SRC python
- [not a paper](https://example.com)
#+END_SRC
** Ideas for later
*** TODO ask Minsu about the schedule
*** notes
* Table
| Title | Link |
|-------+------|
| Attention Is All You Need | [[https://arxiv.org/abs/1706.03762][arXiv]] |
";

    fn find<'a>(entries: &'a [Entry], title: &str) -> &'a Entry {
        entries
            .iter()
            .find(|e| e.title.starts_with(title))
            .unwrap_or_else(|| panic!("no {title} in {entries:#?}"))
    }

    #[test]
    fn an_org_reading_list_reads_as_its_papers() {
        let entries = parse(LIST);
        let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles
                .iter()
                .filter(|t| !t.contains("2210.03629"))
                .collect::<Vec<_>>(),
            [
                "LoRA: Low-Rank Adaptation of Large Language Models",
                "QLoRA: Efficient Finetuning of Quantized LLMs",
                "The Power of Scale for Parameter-Efficient Prompt Tuning",
                "Toolformer: Language Models Can Teach Themselves to Use Tools",
                "HuggingGPT: Solving AI Tasks with ChatGPT",
                "Attention Is All You Need",
            ]
            .iter()
            .collect::<Vec<_>>(),
            "{titles:?}"
        );
        assert!(
            entries
                .iter()
                .any(|e| e.url == "https://arxiv.org/abs/2210.03629"),
            "a numbered item that is only a link: {titles:?}"
        );
        let lora = find(&entries, "LoRA");
        assert_eq!(lora.line, 6);
        assert_eq!(lora.url, "https://arxiv.org/abs/2106.09685");
        assert!(lora.checked, "DONE is read");
        assert_eq!(lora.keywords, ["peft"]);
        assert_eq!(lora.authors, ["Hu, Edward", "Shen, Yelong"]);
        assert_eq!(lora.heading.as_deref(), Some("Fine-tuning"));
        let abs = lora.abstract_text.as_deref().unwrap_or("");
        assert!(abs.starts_with("We propose Low-Rank Adaptation"), "{abs}");
        assert!(abs.ends_with("into each layer."), "{abs}");

        let qlora = find(&entries, "QLoRA");
        assert_eq!(qlora.line, 14);
        assert_eq!(qlora.url, "https://arxiv.org/abs/2305.14314");
        assert!(!qlora.checked, "READING is open: the file's #+TODO says so");
        assert_eq!(qlora.keywords, ["peft", "quantization"]);

        let prompt = find(&entries, "The Power of Scale");
        assert_eq!(
            prompt.doi.as_deref(),
            Some("10.18653/v1/2021.emnlp-main.243")
        );
        assert_eq!(prompt.alias.as_deref(), Some("Prompt Tuning"));

        let toolformer = find(&entries, "Toolformer");
        assert!(toolformer.checked);
        assert_eq!(toolformer.alias.as_deref(), Some("Toolformer"));
        assert_eq!(toolformer.heading.as_deref(), Some("Agents"));
        let hugging = find(&entries, "HuggingGPT");
        assert_eq!(hugging.url, "https://doi.org/10.48550/arXiv.2303.17580");
        assert!(!hugging.checked);
        let attention = find(&entries, "Attention");
        assert_eq!(attention.url, "https://arxiv.org/abs/1706.03762");
    }

    #[test]
    fn every_line_keeps_its_number() {
        let (md, _) = to_markdown(LIST);
        assert_eq!(md.split('\n').count(), LIST.split('\n').count());
        let crlf = LIST.replace('\n', "\r\n");
        let (md, _) = to_markdown(&crlf);
        assert_eq!(md.split('\n').count(), crlf.split('\n').count());
        let titles = |t: &str| {
            parse(t)
                .into_iter()
                .map(|e| (e.title, e.line))
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(&crlf), titles(LIST));
        // A block's end that no block opened is no paragraph (it would be an abstract).
        let stray = "- [[https://arxiv.org/abs/1810.04805][BERT]]\n\n#+END_SRC\n";
        assert_eq!(parse(stray)[0].abstract_text, None);
    }

    #[test]
    fn a_section_headline_is_a_heading_and_a_task_with_papers_under_it_too() {
        let text = "* TODO Papers for the retreat\n** [[https://arxiv.org/abs/1810.04805][BERT]]\n** TODO ask Minsu\n";
        let entries = parse(text);
        let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
        assert!(titles.contains(&"BERT"), "{titles:?}");
        assert!(!titles.iter().any(|t| t.contains("retreat")), "{titles:?}");
        assert_eq!(
            find(&entries, "BERT").heading.as_deref(),
            Some("Papers for the retreat")
        );
        assert!(!titles.iter().any(|t| t.contains("Minsu")), "{titles:?}");
    }

    #[test]
    fn links_and_markup_become_markdowns() {
        assert_eq!(
            links("see [[https://a.org/x][A title]] and [[https://b.org]] or [[file:notes.org][notes]]"),
            "see [A title](https://a.org/x) and <https://b.org> or notes"
        );
        assert_eq!(
            convert_inline("/BERT/ and =code= at https://arxiv.org/abs/1810.04805 /x"),
            "*BERT* and `code` at https://arxiv.org/abs/1810.04805 /x"
        );
        assert_eq!(
            convert_inline("[a/b](https://x.org/a/b/)"),
            "[a/b](https://x.org/a/b/)"
        );
        assert_eq!(
            split_tags("Title :a:b_c:"),
            ("Title", vec!["a".into(), "b_c".into()])
        );
        assert_eq!(split_tags("Ratio 1:2:"), ("Ratio 1:2:", vec![]));
        assert_eq!(remove_cookies("Title [1/3] more [50%]"), "Title more");
        assert_eq!(remove_cookies("[2019/07] Title"), "[2019/07] Title");
        assert_eq!(table_row("|---+---|"), "|---|---|");
    }

    #[test]
    fn org_is_told_from_markdown() {
        assert!(looks_like_org("#+TITLE: Papers\n* A\n"));
        assert!(looks_like_org(
            "* Papers\n- [[https://arxiv.org/abs/1][A]]\n"
        ));
        assert!(!looks_like_org(
            "# Papers\n- [A](https://a.org)\n- [[2023] QLoRA](https://b.org)\n"
        ));
        assert!(!looks_like_org("- [[Papers/QLoRA|QLoRA]] #peft\n"));
    }
}
