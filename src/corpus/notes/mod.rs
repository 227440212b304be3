//! A folder of notes as a list: one paper a note, as Obsidian, Logseq, Foam and Zettlr
//! keep literature notes (a Zotero plugin's note per item, a Web Clipper's clipping, a
//! note written by hand). `--list ~/vault` or `--list ~/vault/Papers`.
//!
//! Every `.md` note under the folder is read, in the order of its path (folders and files
//! whose name starts with `.`, such as `.obsidian`, `.trash` and readnext's own
//! `.readnext`, are not; nor a folder reached through a symbolic link). A note's fields are
//! its front matter and its `key:: value` lines ([`fields`]), read as a JSON library's
//! records are ([`super::json::record`]): `title`, `url`/`link`/`source`, `doi`, `arxiv`,
//! `citekey`, `authors`, `year`/`published`/`date`, `journal`, `tags`/`keywords`,
//! `aliases`, `abstract` (else a Web Clipper's `description`), a read status (`status:
//! read`, `read: true`, a `read` tag) or the day it was read (`date read`, `read on`);
//! Korean names as the English ones (`제목`, `링크`, `저자`, `발표일` …).
//! Without a title field the note's first `# heading` is its title, else its file name
//! (read as a PDF's name is: `Vaswani et al. - 2017 - Attention Is All You Need`,
//! `attention_is_all_you_need`). An abstract may also be the body's `> [!abstract]`
//! callout or the text under an `## Abstract` heading; the rest of the body is the
//! reader's own notes and is not read. A short file name beside a longer title
//! (`LoRA.md` of *Low-Rank Adaptation of …*, `Chinchilla.md`) is the paper's alias.
//!
//! Which notes are papers: those whose fields name one (a title, link, DOI, arXiv id,
//! citation key, authors, year, venue or abstract) or whose tags or type say so (`paper`,
//! `literature note`, `논문`). When no note of the folder has such fields, every note is a
//! paper named by its heading or file name (a folder of notes named after papers), except
//! a daily note (named by a day). Notes skipped as no paper are not warned about on every
//! command (a vault has many): `readnext check` names them. A reference to a paper may be
//! its note ([`entries_named`]).
//! A note's folder, relative to the list's, is the paper's heading. The notes' order is
//! the alphabet's, not the author's: a folder of notes gets no list-order edges.

pub mod fields;
pub mod write;

use super::paper::Entry;
use super::Warning;
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// What a folder of notes holds: the papers' entries (each `line` the 1-based place of its
/// note in `files`), the notes they came from (paths relative to the folder, `/`
/// between names), and what was skipped.
#[derive(Debug, Default)]
pub struct Notes {
    pub entries: Vec<Entry>,
    pub files: Vec<String>,
    /// Notes that are no paper's (a daily note, a project's page), in path order: not
    /// warned about (a vault has many), said by `readnext check`.
    pub not_papers: Vec<String>,
    /// Whether papers were told by their fields (else every note but a daily one is one).
    pub fields_named: bool,
    pub warnings: Vec<Warning>,
}

impl Notes {
    /// What `readnext check` says of the notes that are no paper's, if any.
    pub fn not_papers_message(not_papers: &[String], fields_named: bool) -> Option<String> {
        let one = not_papers.len() == 1;
        let n = count(not_papers.len(), "note");
        let names = shown(not_papers);
        match (not_papers.is_empty(), fields_named) {
            (true, _) => None,
            (false, true) => Some(format!(
                "{n} {} no paper and {} skipped ({names}); a paper's note has a `title:`, `url:`, `doi:` or `citekey:` in its front matter (or a `paper` tag)",
                if one { "names" } else { "name" },
                if one { "was" } else { "were" },
            )),
            (false, false) => Some(format!("{n} named by a day (a daily note) skipped ({names})")),
        }
    }
}

/// Names of fields that say a note is about a paper.
const PAPER_FIELDS: &[&str] = &[
    "title",
    "url",
    "link",
    "source",
    "doi",
    "arxiv",
    "arxiv id",
    "arxiv_id",
    "arxivid",
    "eprint",
    "citekey",
    "citation-key",
    "citation key",
    "citationkey",
    "authors",
    "author",
    "year",
    "journal",
    "venue",
    "booktitle",
    "publication",
    "abstract",
];

/// Tags, types and categories that say a note is a paper's.
const PAPER_KINDS: &[&str] = &[
    "paper",
    "papers",
    "article",
    "journalarticle",
    "conferencepaper",
    "preprint",
    "literature",
    "literaturenote",
    "literature-note",
    "literature note",
    "lit-note",
    "reference",
    "논문",
];

/// Field names of the day a paper was read.
const READ_DAY_FIELDS: &[&str] = &[
    "date read",
    "dateread",
    "date_read",
    "date-read",
    "read on",
    "read_on",
    "readon",
    "read date",
    "읽은 날짜",
];

/// Korean field names, as a Korean group's notes write them, and the names they stand for.
const KOREAN_NAMES: &[(&str, &str)] = &[
    ("제목", "title"),
    ("논문 제목", "title"),
    ("링크", "url"),
    ("주소", "url"),
    ("원문", "url"),
    ("저자", "authors"),
    ("연도", "year"),
    ("출판 연도", "year"),
    ("발행 연도", "year"),
    ("날짜", "date"),
    ("초록", "abstract"),
    ("태그", "tags"),
    ("키워드", "keywords"),
    ("별칭", "aliases"),
    ("약칭", "aliases"),
    ("학회", "venue"),
    ("저널", "venue"),
    ("게재지", "venue"),
    ("읽은 날", "date read"),
    ("발표일", "date read"),
    ("발표 날짜", "date read"),
    ("스터디 날짜", "date read"),
];

/// Field names of a paper's date, most specific first: `date` is often the day a note
/// was made.
const DATE_FIELDS: &[&str] = &[
    "year",
    "published",
    "publication date",
    "publication_date",
    "publicationdate",
    "issued",
    "date",
];

/// The notes under `dir` readnext reads, relative to it, in path order.
pub fn note_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    walk(dir, Path::new(""), &mut files)?;
    files.sort();
    Ok(files)
}

/// Whether a link to a note of `dir` names the note's file (`[[GLaM - Efficient …]]`, as
/// Obsidian, Foam and most editors of a folder of notes link), rather than its page title:
/// not in a Logseq graph (a folder under one holding `logseq/config.edn`), where a page is
/// named by its `title::` and a link by file name would make a new, empty page.
pub fn linked_by_file_name(dir: &Path) -> bool {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return false;
    };
    !dir.ancestors()
        .any(|d| d.join("logseq").join("config.edn").is_file())
}

/// Read the notes under `dir`.
pub fn parse(dir: &Path) -> Result<Notes> {
    let files = note_files(dir)?;
    let mut notes = Vec::with_capacity(files.len());
    let mut unreadable = Vec::new();
    for rel in files {
        let path = dir.join(&rel);
        match std::fs::read(&path)
            .ok()
            .and_then(|b| String::from_utf8(super::encoding::to_utf8(&b).0.into_owned()).ok())
        {
            Some(text) => notes.push(Note::read(slashed(&rel), &text)),
            None => unreadable.push(slashed(&rel)),
        }
    }
    let any_fields = notes.iter().any(|n| n.names_a_paper);
    let mut out = Notes::default();
    let mut not_papers = Vec::new();
    out.fields_named = any_fields;
    for note in notes {
        let keep = if any_fields {
            note.names_a_paper
        } else {
            !note.is_daily
        };
        match note.entry().filter(|_| keep) {
            Some(mut e) => {
                out.files.push(note.file);
                e.line = out.files.len();
                out.entries.push(e);
            }
            None => not_papers.push(note.file),
        }
    }
    if !unreadable.is_empty() {
        out.warnings.push(Warning::skipped(
            0,
            format!(
                "{} skipped: not readable as UTF-8 text ({}); save {} as UTF-8",
                count(unreadable.len(), "note"),
                shown(&unreadable),
                if unreadable.len() == 1 { "it" } else { "them" },
            ),
        ));
    }
    out.not_papers = not_papers;
    Ok(out)
}

/// One note's text, found at `file` (relative to its folder, `/` between names), as the
/// entry of its paper; `None` when nothing titles it. Which notes of a folder are papers
/// is [`parse`]'s to tell.
pub fn note_entry(file: &str, text: &str) -> Option<Entry> {
    Note::read(file.to_string(), text)
        .entry()
        .map(super::read_tags)
}

/// The entries of the notes of `dir` a reference names: a note's path in the folder
/// (`Papers/PEFT/LoRA.md`), a path to it (`~/vault/Papers/PEFT/LoRA.md`, as a shell
/// completes it) or its file name alone (`LoRA.md`, every note of that name). Empty when
/// the reference names no `.md` note of the folder.
pub fn entries_named(dir: &Path, reference: &str) -> Vec<Entry> {
    let reference = reference.trim();
    if !is_note(reference) {
        return Vec::new();
    }
    let inside = |p: &Path| -> Option<PathBuf> {
        let (p, d) = (
            std::fs::canonicalize(p).ok()?,
            std::fs::canonicalize(dir).ok()?,
        );
        p.strip_prefix(&d).ok().map(Path::to_path_buf)
    };
    let mut found: Vec<PathBuf> = [Path::new(reference).to_path_buf(), dir.join(reference)]
        .iter()
        .filter(|p| p.is_file())
        .filter_map(|p| inside(p))
        .collect();
    if found.is_empty() && !reference.contains(['/', '\\']) {
        let mut all = Vec::new();
        if walk(dir, Path::new(""), &mut all).is_ok() {
            found = all
                .into_iter()
                .filter(|rel| rel.file_name().is_some_and(|n| n == reference))
                .collect();
        }
    }
    found.sort();
    found.dedup();
    found
        .iter()
        .filter_map(|rel| {
            let text = std::fs::read_to_string(dir.join(rel)).ok()?;
            note_entry(&slashed(rel), &text)
        })
        .collect()
}

/// `n notes` / `1 note`.
fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The first three names of `files`, and how many more.
fn shown(files: &[String]) -> String {
    let mut s = files
        .iter()
        .take(3)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > 3 {
        s.push_str(&format!(" and {} more", files.len() - 3));
    }
    s
}

fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every note under `dir` (`rel` below the list's folder), skipping hidden names and
/// folders reached through links (which may loop).
fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let dir = root.join(rel);
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name();
        let Some(name_str) = name.to_str() else {
            continue;
        };
        if name_str.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let child = rel.join(&name);
        if kind.is_dir() {
            walk(root, &child, out)?;
        } else if is_note(name_str)
            && (kind.is_file() || (kind.is_symlink() && root.join(&child).is_file()))
        {
            out.push(child);
        }
    }
    Ok(())
}

/// The folders under `dir` a note may be put in (`readnext add --under`), relative,
/// `/` between names, in path order; hidden ones (`.obsidian`) and symbolic links not.
pub fn folders(dir: &Path) -> Vec<String> {
    fn go(root: &Path, rel: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
            return;
        };
        let mut names: Vec<(String, PathBuf)> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter_map(|e| {
                let name = e.file_name().to_str()?.to_string();
                (!name.starts_with('.')).then(|| (name.clone(), rel.join(name)))
            })
            .collect();
        names.sort();
        for (_, child) in names {
            out.push(slashed(&child));
            go(root, &child, out);
        }
    }
    let mut out = Vec::new();
    go(dir, Path::new(""), &mut out);
    out
}

/// Whether a file of this name is a markdown note.
pub(crate) fn is_note(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// One note, read.
struct Note {
    file: String,
    fields: Map<String, Value>,
    heading: Option<String>,
    abstract_text: Option<String>,
    names_a_paper: bool,
    is_daily: bool,
}

impl Note {
    fn read(file: String, text: &str) -> Note {
        let text = text.trim_start_matches('\u{feff}');
        use super::markdown::front_matter::{split, split_toml};
        let (mut fields, body) = match (split(text), split_toml(text)) {
            (Some((block, body)), _) => (fields::front_matter(block), body),
            (None, Some((block, body))) => (fields::toml_front_matter(block), body),
            (None, None) => (Map::new(), text),
        };
        for (k, v) in fields::inline(body) {
            fields.entry(k).or_insert(v);
        }
        // Korean names read as the English ones (an English name written too wins).
        for (korean, english) in KOREAN_NAMES {
            if let Some(v) = fields.remove(*korean) {
                fields.entry(english.to_string()).or_insert(v);
            }
        }
        let says_paper = |k: &str| {
            fields.get(k).is_some_and(|v| {
                texts(v).iter().any(|t| {
                    PAPER_KINDS.contains(&t.trim_start_matches('#').to_lowercase().as_str())
                })
            })
        };
        let names_a_paper = PAPER_FIELDS.iter().any(|k| fields.contains_key(*k))
            || [
                "tags",
                "tag",
                "type",
                "category",
                "item type",
                "itemtype",
                "item-type",
            ]
            .iter()
            .any(|k| says_paper(k));
        Note {
            // Obsidian's `2026-11-20`, Logseq's journals `2026_11_20`.
            is_daily: super::date::written_day(&stem(&file).replace('_', "-")).is_some(),
            heading: first_heading(body),
            abstract_text: body_abstract(body),
            file,
            fields,
            names_a_paper,
        }
    }

    /// The note as an entry, `None` when nothing titles it.
    fn entry(&self) -> Option<Entry> {
        let mut obj = self.fields.clone();
        let stem = stem(&self.file);
        let from_name = super::file_name::pdf_name(&format!("{stem}.pdf"));
        let has_title = obj.get("title").is_some_and(|v| !texts(v).is_empty());
        if !has_title {
            let title = self
                .heading
                .clone()
                .or_else(|| from_name.as_ref().map(|n| n.title.clone()))
                .filter(|t| !t.is_empty() && !is_citekey(t))
                .or_else(|| {
                    // A note named by its arXiv id, as a `.txt` list's line is.
                    let id = from_name.as_ref()?.arxiv.as_ref()?;
                    Some(format!("arXiv:{id}"))
                })?;
            obj.insert("title".into(), Value::String(title));
        }
        // The paper's date, not the note's: `date` only when no other says it.
        if let Some(date) = DATE_FIELDS.iter().find_map(|k| obj.get(*k).cloned()) {
            for k in DATE_FIELDS {
                obj.remove(*k);
            }
            obj.insert("date".into(), date);
        } else if let Some(year) = from_name.as_ref().and_then(|n| n.year.clone()) {
            obj.insert("date".into(), Value::String(year));
        }
        // Zotero Integration's templates write the first author apart (`**FirstAuthor**::`).
        if let Some(first) = obj.remove("firstauthor") {
            let rest = obj.remove("author").or_else(|| obj.remove("authors"));
            let mut all = texts(&first);
            all.extend(rest.as_ref().map(texts).unwrap_or_default());
            obj.insert(
                "authors".into(),
                Value::Array(all.into_iter().map(Value::String).collect()),
            );
        }
        if !obj.contains_key("url") {
            if let Some(link) = ["link", "source"].iter().find_map(|k| obj.get(*k).cloned()) {
                obj.insert("url".into(), link);
            }
        }
        // An arXiv id given on its own (`arxiv: 2106.09685`, a note named `2106.09685v2`):
        // the paper's link when the note gives none, else one more id of it.
        let arxiv = super::tabular::ARXIV_ID_NAMES
            .iter()
            .filter_map(|k| obj.remove(*k))
            .flat_map(|v| texts(&v))
            .find_map(|t| super::normalize::arxiv_id_from_ref(&t))
            .or_else(|| from_name.as_ref().and_then(|n| n.arxiv.clone()));
        if !obj.contains_key("abstract") {
            let found = self
                .abstract_text
                .clone()
                .map(Value::String)
                .or_else(|| obj.get("description").cloned());
            if let Some(a) = found {
                obj.insert("abstract".into(), a);
            }
        }
        let alias = ["aliases", "alias"]
            .iter()
            .find_map(|k| obj.get(*k))
            .map(texts)
            .unwrap_or_default();
        obj.remove("aliases");
        let read_day = READ_DAY_FIELDS
            .iter()
            .find_map(|k| obj.get(*k))
            .and_then(|v| texts(v).into_iter().next())
            .and_then(|d| super::date::written_day(&d));
        let mut e = super::json::record(&obj)?;
        // A clipped page's title as the site wrote it (`[2305.14314] QLoRA: …`).
        let (title, clipped_id) = super::page_title::paper_title(&e.title);
        if !title.is_empty() {
            e.title = title;
        }
        let arxiv = arxiv.or(clipped_id);
        match arxiv {
            Some(id) if e.url.is_empty() => e.url = format!("https://arxiv.org/abs/{id}"),
            Some(id) if e.given_id.is_none() => e.given_id = Some(id),
            _ => {}
        }
        let title_key = squash(&e.title);
        let title_head = super::normalize::normalize_title(&e.title)
            .split(' ')
            .next()
            .unwrap_or("")
            .to_string();
        // A name of the paper (`BERT`, `ERNIE 2.0`, `Siamese CBOW`), not its title again,
        // another way to write it (`Training Compute-Optimal LLMs` of *Training
        // Compute-Optimal Large Language Models*) nor a citation key.
        let a_name = |a: &str| {
            let words = a.split_whitespace().count();
            let head = super::normalize::normalize_title(a);
            a.chars().count() <= 30
                && words <= 3
                && !is_citekey(a)
                && !squash(a).is_empty()
                && squash(a) != title_key
                && (words <= 2 || head.split(' ').next() != Some(title_head.as_str()))
        };
        if e.alias.is_none() {
            e.alias = alias.into_iter().find(|a| a_name(a)).or_else(|| {
                // The file's name, when a title field or heading names the paper at length
                // and the name is no start of it (`Attention.md` of *Attention Is All You
                // Need*, a clipping named by its page's title).
                (has_title || self.heading.is_some())
                    .then(|| stem.trim().to_string())
                    .filter(|s| {
                        // A name (`LoRA`, `Chinchilla`, `GPT-3`), not a word (`clip`).
                        let named = s.chars().next().is_some_and(char::is_uppercase)
                            || s.chars().any(|c| c.is_ascii_digit());
                        named
                            && a_name(s)
                            && s.split_whitespace().count() <= 2
                            && !title_key.starts_with(&squash(s))
                            && super::date::written_day(s).is_none()
                    })
            });
        }
        if let Some(day) = read_day {
            e.checked = true;
            e.read_on = Some(day);
        }
        e.keywords = e
            .keywords
            .into_iter()
            .map(|k| k.trim_start_matches('#').to_string())
            .filter(|k| !k.is_empty())
            .collect();
        e.heading = self
            .file
            .rsplit_once('/')
            .map(|(folder, _)| folder.to_string());
        // A folder of papers read (`읽은 논문/`, `Read/`) or of a meeting's (`1주차
        // (2026-11-20)/`), as a list's heading says it: the innermost such folder.
        let folders = e.heading.iter().flat_map(|f| f.rsplit('/'));
        if let Some(day) = folders.filter_map(super::read_mark::section_read_on).next() {
            e.checked = true;
            if e.read_on.is_none() {
                e.read_on = day;
            }
        }
        Some(e)
    }
}

/// The file name of `file` without its folders and extension.
fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// `s` lower-cased, letters and digits only: a title and a file name made of it compare
/// equal (`OpenAI: Jukebox`, `OpenAI  Jukebox`).
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `s` reads as a citation key (`@hu2021lora`, `hu2021lora`, `Hu2021`).
fn is_citekey(s: &str) -> bool {
    let s = s.trim();
    if s.starts_with('@') {
        return true;
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits == 4
        && !s.contains(char::is_whitespace)
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// The texts of a field's value: a string, a number, each string of a list.
fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Array(items) => items.iter().flat_map(texts).collect(),
        _ => Vec::new(),
    }
}

/// Lines of `body` outside fenced code blocks.
fn prose_lines(body: &str) -> impl Iterator<Item = &str> {
    let mut fence: Option<&str> = None;
    body.lines().filter(move |line| {
        let t = line.trim_start();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            return false;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            return false;
        }
        true
    })
}

/// The text of the body's first level-one heading (`# Title`), markup taken off.
fn first_heading(body: &str) -> Option<String> {
    prose_lines(body)
        .find_map(|l| l.strip_prefix("# "))
        .map(plain)
        .filter(|t| !t.is_empty())
}

/// The abstract the body holds: a `> [!abstract]` callout's text, or the paragraphs under
/// a heading `Abstract` (`초록`) up to the next heading.
fn body_abstract(body: &str) -> Option<String> {
    let lines: Vec<&str> = prose_lines(body).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let callout = t
            .strip_prefix('>')
            .map(str::trim_start)
            .and_then(|c| c.get(..11))
            .is_some_and(|c| c.eq_ignore_ascii_case("[!abstract]"));
        if callout {
            out.extend(
                lines[i + 1..]
                    .iter()
                    .map(|l| l.trim())
                    .take_while(|l| l.starts_with('>'))
                    .map(|l| l.trim_start_matches('>').trim()),
            );
            break;
        }
        let heading = t.starts_with('#')
            && matches!(
                t.trim_start_matches('#')
                    .trim()
                    .trim_end_matches(':')
                    .to_lowercase()
                    .as_str(),
                "abstract" | "초록"
            );
        if heading {
            out.extend(
                lines[i + 1..]
                    .iter()
                    .map(|l| l.trim())
                    .take_while(|l| !l.starts_with('#') && *l != "---")
                    .map(|l| l.trim_start_matches('>').trim()),
            );
            break;
        }
    }
    let text = plain(&out.join(" "));
    (text.split_whitespace().count() >= 5).then_some(text)
}

/// `text` without wiki-link brackets, markdown links' targets, emphasis and code marks.
fn plain(text: &str) -> String {
    let text = fields::unlink(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    // `[shown](target)` → `shown`.
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](") else {
            break;
        };
        let Some(close) = rest[open + mid..].find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..open + mid]);
        rest = &rest[open + mid + close + 1..];
    }
    out.push_str(rest);
    let out: String = out.chars().filter(|c| !matches!(c, '*' | '`')).collect();
    super::markdown::collapse(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn literature_notes_are_papers_and_other_notes_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "Papers/PEFT/LoRA.md",
            "---\ntitle: \"LoRA: Low-Rank Adaptation of Large Language Models\"\nurl: https://arxiv.org/abs/2106.09685\ntags: [peft, read]\n---\n# My notes\n\nRank 8 was enough.\n",
        );
        write(
            d,
            "Papers/@dettmers2023qlora.md",
            "---\ncategory: literaturenote\nstatus: unread\n---\n> [!md]\n> **Title**:: QLoRA: Efficient Finetuning of Quantized LLMs\n> **Year**:: 2023\n\n> [!abstract]\n> We present QLoRA, an efficient finetuning approach that reduces memory usage.\n\nMy own notes are not the abstract.\n",
        );
        write(d, "Daily/2026-11-20.md", "# 2026-11-20\nRead [[LoRA]].\n");
        write(d, "Projects/Plan.md", "# What to read\n- [[LoRA]]\n");
        write(d, ".obsidian/app.md", "---\ntitle: not a note\n---\n");
        write(d, ".trash/Old.md", "---\ntitle: Deleted paper\n---\n");
        let notes = parse(d).unwrap();
        assert_eq!(
            notes.files,
            ["Papers/@dettmers2023qlora.md", "Papers/PEFT/LoRA.md"]
        );
        let (q, l) = (&notes.entries[0], &notes.entries[1]);
        assert_eq!(q.title, "QLoRA: Efficient Finetuning of Quantized LLMs");
        assert_eq!(q.date.as_deref(), Some("2023"));
        assert!(q
            .abstract_text
            .as_deref()
            .unwrap()
            .starts_with("We present QLoRA"));
        assert!(!q.checked && q.alias.is_none());
        assert_eq!(q.heading.as_deref(), Some("Papers"));
        assert_eq!((q.line, l.line), (1, 2));
        assert_eq!(
            l.title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(l.url, "https://arxiv.org/abs/2106.09685");
        assert_eq!(l.keywords, ["peft", "read"]);
        assert_eq!(l.heading.as_deref(), Some("Papers/PEFT"));
        assert!(
            l.abstract_text.is_none(),
            "the reader's notes are no abstract"
        );
        assert!(notes.warnings.is_empty(), "{:?}", notes.warnings);
        assert_eq!(
            notes.not_papers,
            ["Daily/2026-11-20.md", "Projects/Plan.md"]
        );
        let said = Notes::not_papers_message(&notes.not_papers, notes.fields_named).unwrap();
        assert!(
            said.starts_with(
                "2 notes name no paper and were skipped (Daily/2026-11-20.md, Projects/Plan.md)"
            ),
            "{said}"
        );
    }

    #[test]
    fn the_most_shared_zotero_integration_template_as_it_renders() {
        // Alexandra Phelan's template for the Zotero Integration plugin, filled in.
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "Inbox/@vaswani2017.md",
            "---\ncategory: literaturenote\ntags: \ncitekey: \"vaswani2017\"\nstatus: unread\ndateread:\n---\n\
             > [!Cite] \n> Vaswani, A. et al. (2017). Attention is all you need.\n  \n>[!md] \n\
             >**FirstAuthor**:: Vaswani, Ashish\n~  \n>**Author**:: Shazeer, Noam\n~  \n\
             > **Title**:: Attention Is All You Need\n> **Year**:: 2017 \n> **Citekey**:: vaswani2017\n\
             > **itemType**:: conferencePaper\n> **Journal**:: *Advances in Neural Information Processing Systems*\n\
             > **DOI**:: 10.48550/arXiv.1706.03762\n\n> [!LINK]\n[Vaswani et al. - 2017.pdf](file:///home/u/Zotero/a.pdf).\n  \n\
             > [!Abstract]\n >\n >The dominant sequence transduction models are based on complex recurrent networks.\n\n\
             🔖 Tags\n#transformers\n\n## Annotations\n> Our model achieves 28.4 BLEU.\n",
        );
        let notes = parse(d).unwrap();
        let e = &notes.entries[0];
        assert_eq!(e.title, "Attention Is All You Need");
        assert_eq!(e.date.as_deref(), Some("2017"));
        assert_eq!(e.doi.as_deref(), Some("10.48550/arXiv.1706.03762"));
        assert_eq!(e.key.as_deref(), Some("vaswani2017"));
        assert_eq!(
            e.venue.as_deref(),
            Some("Advances in Neural Information Processing Systems")
        );
        assert_eq!(
            e.abstract_text.as_deref(),
            Some("The dominant sequence transduction models are based on complex recurrent networks.")
        );
        assert!(!e.checked && e.read_on.is_none() && e.alias.is_none());
        assert_eq!(e.authors, ["Vaswani, Ashish", "Shazeer, Noam"]);
    }

    #[test]
    fn a_toml_front_matter_gives_its_top_level_fields() {
        // As Hugo and Zola write it: `+++` fences, `key = value`, tables after the keys.
        let text = "+++\ntitle = \"QLoRA: Efficient Finetuning of Quantized LLMs\"\n\
                    url = 'https://arxiv.org/abs/2305.14314'\ndate = 2023-05-23\n\
                    authors = [\"Tim Dettmers\", \"Artidoro Pagnoni\"]\ntags = [\"paper\", \"peft\"]\n\
                    draft = false\n\n[extra]\ntitle = \"not this\"\n+++\n# My notes\n";
        let e = note_entry("QLoRA.md", text).expect("a paper");
        assert_eq!(e.title, "QLoRA: Efficient Finetuning of Quantized LLMs");
        assert_eq!(e.url, "https://arxiv.org/abs/2305.14314");
        assert_eq!(e.date.as_deref(), Some("2023-05-23"));
        assert_eq!(e.authors, ["Tim Dettmers", "Artidoro Pagnoni"]);
        assert_eq!(e.keywords, ["paper", "peft"]);
        // A `+++` line that opens no block is text.
        assert!(note_entry("x.md", "+++\nnot toml\n").is_some_and(|e| e.title == "x"));
        // Values over several lines: an array's items, a triple-quoted string.
        let text = "+++\ntitle = \"A Paper\"\nauthors = [\n  \"Ada Lovelace\",\n  \"Alan Turing\",\n]\n\
                    abstract = \"\"\"\nWe study \"engines\".\nAnd more.\n\"\"\"\nyear = 1843\n+++\n";
        let e = note_entry("a.md", text).expect("a paper");
        assert_eq!(e.title, "A Paper");
        assert_eq!(e.authors, ["Ada Lovelace", "Alan Turing"]);
        assert_eq!(
            e.abstract_text.as_deref(),
            Some("We study \"engines\". And more.")
        );
        assert_eq!(e.date.as_deref(), Some("1843"));
    }

    #[test]
    fn a_korean_groups_note_with_korean_field_names() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "논문/로라.md",
            "---\n제목: \"LoRA: Low-Rank Adaptation of Large Language Models\"\n링크: https://arxiv.org/abs/2106.09685\n\
             저자: [Edward J. Hu, Yelong Shen]\n연도: 2021\n태그: [peft, 논문]\n발표일: 2026. 11. 20.\n\
             별칭: [LoRA, 로라]\n---\n## 초록\nAn important paradigm of natural language processing consists of\n\
             large-scale pre-training.\n\n## 메모\n우리 스터디 발표 자료.\n",
        );
        write(d, "일기/2026-11-20.md", "# 오늘\n");
        let notes = parse(d).unwrap();
        assert_eq!(notes.files, ["논문/로라.md"]);
        let e = &notes.entries[0];
        assert_eq!(
            e.title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(e.url, "https://arxiv.org/abs/2106.09685");
        assert_eq!(e.authors, ["Edward J. Hu", "Yelong Shen"]);
        assert_eq!(e.date.as_deref(), Some("2021"));
        assert_eq!(e.keywords, ["peft", "논문"]);
        assert!(e.checked);
        assert_eq!(e.read_on.as_deref(), Some("2026-11-20"));
        assert_eq!(
            e.alias.as_deref(),
            Some("LoRA"),
            "the first alias that is a name"
        );
        assert_eq!(
            e.abstract_text.as_deref(),
            Some("An important paradigm of natural language processing consists of large-scale pre-training.")
        );
        assert_eq!(e.heading.as_deref(), Some("논문"));
    }

    #[test]
    fn a_folder_of_papers_read_or_of_a_meeting_marks_its_notes_read() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let note = |link: &str| format!("---\nlink: {link}\n---\n");
        write(
            d,
            "Papers/To read/SpQR.md",
            &note("https://arxiv.org/abs/2306.03078"),
        );
        write(
            d,
            "Papers/읽은 논문/LoRA.md",
            &note("https://arxiv.org/abs/2106.09685"),
        );
        write(
            d,
            "Papers/읽은 논문/1주차 (2026-11-20)/QLoRA.md",
            &note("https://arxiv.org/abs/2305.14314"),
        );
        let notes = parse(d).unwrap();
        let got: Vec<(&str, bool, Option<&str>)> = notes
            .entries
            .iter()
            .map(|e| (e.url.as_str(), e.checked, e.read_on.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("https://arxiv.org/abs/2306.03078", false, None),
                ("https://arxiv.org/abs/2305.14314", true, Some("2026-11-20")),
                ("https://arxiv.org/abs/2106.09685", true, None),
            ]
        );
    }

    #[test]
    fn a_note_is_named_by_its_path_or_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "Papers/PEFT/LoRA.md", "---\ntitle: LoRA\n---\n");
        write(d, "Old/LoRA.md", "---\ntitle: LoRA again\n---\n");
        write(d, "Papers/QLoRA.md", "# QLoRA: Efficient Finetuning\n");
        let titles =
            |r: &str| -> Vec<String> { entries_named(d, r).into_iter().map(|e| e.title).collect() };
        assert_eq!(titles("Papers/PEFT/LoRA.md"), ["LoRA"]);
        assert_eq!(
            titles(d.join("Papers/QLoRA.md").to_str().unwrap()),
            ["QLoRA: Efficient Finetuning"]
        );
        assert_eq!(titles("LoRA.md"), ["LoRA again", "LoRA"]);
        assert!(titles("Nope.md").is_empty() && titles("LoRA").is_empty());
        let outside = tempfile::tempdir().unwrap();
        write(outside.path(), "LoRA.md", "# elsewhere\n");
        assert!(titles(outside.path().join("LoRA.md").to_str().unwrap()).is_empty());
    }

    #[test]
    fn without_fields_every_note_is_a_paper_by_its_heading_or_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "Attention Is All You Need.md", "Transformers.\n");
        write(
            d,
            "bert.md",
            "# BERT: Pre-training of Deep Bidirectional Transformers\n",
        );
        write(
            d,
            "Hu et al. - 2021 - LoRA Low-Rank Adaptation of Large Language Models.md",
            "",
        );
        write(d, "2106.09685v2.md", "");
        write(d, "2026-11-20.md", "read things\n");
        write(d, "journals/2026_11_21.md", "- read [[BERT]]\n");
        write(d, "notes.txt", "not a note\n");
        let notes = parse(d).unwrap();
        let titles: Vec<&str> = notes.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "arXiv:2106.09685",
                "Attention Is All You Need",
                "LoRA Low-Rank Adaptation of Large Language Models",
                "BERT: Pre-training of Deep Bidirectional Transformers",
            ],
            "{:?}",
            notes.files
        );
        assert_eq!(notes.entries[0].url, "https://arxiv.org/abs/2106.09685");
        assert_eq!(notes.entries[2].date.as_deref(), Some("2021"));
        // `bert.md` names the paper its heading titles.
        assert_eq!(notes.entries[3].alias, None);
        assert!(notes.warnings.is_empty(), "{:?}", notes.warnings);
        assert_eq!(
            Notes::not_papers_message(&notes.not_papers, notes.fields_named).as_deref(),
            Some("2 notes named by a day (a daily note) skipped (2026-11-20.md, journals/2026_11_21.md)")
        );
    }

    #[test]
    fn a_short_file_name_is_the_alias_and_a_read_day_marks_it_read() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            d,
            "Chinchilla.md",
            "---\ntitle: Training Compute-Optimal Large Language Models\ndate read: 2026.11.20\naliases: [\"@hoffmann2022\", Training Compute-Optimal LLMs]\n---\n",
        );
        write(
            d,
            "clip.md",
            "---\ntitle: \"[2305.14314] QLoRA: Efficient Finetuning of Quantized LLMs\"\nsource: https://arxiv.org/abs/2305.14314\ndescription: We present QLoRA, an efficient finetuning approach that reduces memory usage.\ntags: [clippings]\ncreated: 2026-11-01\n---\n",
        );
        let notes = parse(d).unwrap();
        let c = &notes.entries[0];
        assert_eq!(c.alias.as_deref(), Some("Chinchilla"));
        assert!(c.checked);
        assert_eq!(c.read_on.as_deref(), Some("2026-11-20"));
        let q = &notes.entries[1];
        assert_eq!(q.url, "https://arxiv.org/abs/2305.14314");
        assert!(q
            .abstract_text
            .as_deref()
            .unwrap()
            .starts_with("We present"));
        assert_eq!(q.date, None, "`created` is the note's day");
        assert_eq!(q.title, "QLoRA: Efficient Finetuning of Quantized LLMs");
        assert_eq!(
            q.alias, None,
            "a lower-case file name is no name of the paper"
        );
    }
}
