//! What a person may want to fix in their list (`readnext check`): entries listed more
//! than once, links with text pasted into them, dates that contradict the paper's arXiv
//! id, entries named only by a link, entries without a link, title words glued together.
//! Advisory: readnext reads the list as it is either way.

use super::date::arxiv_month;
use super::normalize::arxiv_id_from_url;
use super::paper::Paper;
use super::{Concern, Warning};
use serde::Serialize;

/// One thing to look at in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `duplicate`, `link`, `date`, `no-title`, `no-link`, `glued`; or what reading the
    /// list warned of: `skipped` (an entry the reader could not read, a workbook's other
    /// sheets not read), `encoding` (the file read in a legacy encoding, nothing skipped).
    pub kind: &'static str,
    /// The 1-based line it is on (0 when the list gives no lines; in a folder of notes,
    /// the note's place among them).
    pub line: usize,
    /// In a folder of notes, the note it is in (relative to the folder).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The paper it concerns.
    pub id: String,
    pub title: String,
    /// What is wrong and how to fix it, in English ([`Finding::english`]).
    pub message: String,
    /// The same as data, for saying it in another language (not in JSON).
    #[serde(skip)]
    pub finding: Finding,
}

/// What is wrong, as data: the library keeps the English sentence in `message`, and
/// the output layer can say the same in another language (`check --lang ko`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The same paper as the entry on `first` (in a folder of notes, the note `first_file`).
    Duplicate {
        first: usize,
        first_file: Option<String>,
    },
    /// A link that looks broken.
    Link { url: String, why: LinkProblem },
    /// No title of its own: the link or id it was listed by stands in for one.
    NoTitle { has_abstract: bool },
    /// No link at all.
    NoLink,
    /// The list's date is well before the month of the paper's arXiv id.
    Date {
        listed: String,
        id: String,
        month: String,
    },
    /// A title word that looks like two glued together (`Learningwith`).
    Glued {
        word: String,
        left: String,
        tail: String,
    },
    /// An entry the reader skipped, with the reader's own words.
    Skipped(String),
    /// The list read in a legacy encoding (its name), in the reader's own words.
    Encoding { name: String, message: String },
    /// A workbook's list sheet, and its later sheets naming a title column too that were
    /// not read, in the reader's own words.
    Sheets {
        list: String,
        others: Vec<String>,
        message: String,
    },
    /// An unresolved merge conflict, in the reader's own words.
    Conflict(String),
}

/// Why a link looks broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// No `http://` or `https://`.
    NoScheme,
    /// A space inside it.
    Space,
    /// Text after an arXiv link's id (`2205.11916.pdf에서`).
    AfterArxivId { text: String, id: String },
    /// Text after a file name (`a.pdf에서`).
    AfterFile { text: String, ends_at: &'static str },
}

impl LinkProblem {
    /// The English phrase (after the link).
    pub fn english(&self) -> String {
        match self {
            LinkProblem::NoScheme => "has no http(s):// scheme: write the full address".into(),
            LinkProblem::Space => "has a space in it: remove it or write %20".into(),
            LinkProblem::AfterArxivId { text, id } => {
                format!("has \"{text}\" after the arXiv id: end the link at {id}")
            }
            LinkProblem::AfterFile { text, ends_at } => format!(
                "has \"{text}\" after its file name (pasted text?): end the link at {ends_at}"
            ),
        }
    }
}

impl Finding {
    /// The English sentence (what `--json` carries in `message`).
    pub fn english(&self) -> String {
        match self {
            Finding::Duplicate {
                first_file: Some(file),
                ..
            } => format!("the same paper as {file} (read as one): keep one note"),
            Finding::Duplicate { first, .. } => {
                format!("the same paper as line {first} (read as one): keep one entry")
            }
            Finding::Link { url, why } => format!("{url} {}", why.english()),
            Finding::NoTitle { has_abstract: false } => {
                "only a link, no title: write its title (or `readnext enrich --online` for its abstract)"
                    .into()
            }
            Finding::NoTitle { has_abstract: true } => {
                "only a link, no title (its abstract says what it is about): write its title".into()
            }
            Finding::NoLink => "no link: add the paper's URL".into(),
            Finding::Date { listed, id, month } => format!(
                "dated {listed}, but arXiv {id} is from {month}: fix the date if it is a slip"
            ),
            Finding::Glued { word, left, tail } => {
                format!("\"{word}\" in the title looks like two words: write \"{left} {tail}\"")
            }
            Finding::Skipped(message)
            | Finding::Conflict(message)
            | Finding::Encoding { message, .. }
            | Finding::Sheets { message, .. } => message.clone(),
        }
    }
}

impl Problem {
    /// An entry on `line` the reader skipped, in its own words: a problem about no paper.
    pub fn skipped(line: usize, message: &str) -> Problem {
        Problem::warned(&Warning::skipped(line, message.to_string()))
    }

    /// What reading the list warned of (an entry skipped, the encoding it was read in, a
    /// workbook's sheets not read): a problem about no paper.
    pub fn warned(w: &Warning) -> Problem {
        let message = w.message.clone();
        let finding = match &w.concern {
            Concern::Skipped => Finding::Skipped(message),
            Concern::Conflict => Finding::Conflict(message),
            Concern::Encoding(name) => Finding::Encoding {
                name: name.clone(),
                message,
            },
            Concern::Sheets { list, others } => Finding::Sheets {
                list: list.clone(),
                others: others.clone(),
                message,
            },
        };
        Problem {
            kind: w.concern.kind(),
            line: w.line,
            file: None,
            id: String::new(),
            title: String::new(),
            message: finding.english(),
            finding,
        }
    }
}

/// What to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Report entries without a link (a curated list's; a dump's records often have none).
    pub missing_links: bool,
}

/// A list date this many months before the paper's arXiv id is taken for a typo (a
/// paper may appear at a venue a little before it is posted; years are a slip).
pub const DATE_SLACK_MONTHS: i32 = 6;

/// Name the notes `problems` are in, for a list read from a folder of notes: `files` are
/// its notes, line n standing for `files[n - 1]` ([`super::Corpus::files`]).
pub fn name_notes(problems: &mut [Problem], files: &[String]) {
    let note = |line: usize| line.checked_sub(1).and_then(|i| files.get(i)).cloned();
    for p in problems {
        p.file = note(p.line);
        if let Finding::Duplicate { first, first_file } = &mut p.finding {
            *first_file = note(*first);
            p.message = p.finding.english();
        }
    }
}

/// Every problem of `papers`, in line order.
pub fn check(papers: &[Paper], opts: CheckOptions) -> Vec<Problem> {
    let mut out = Vec::new();
    let words = title_words(papers);
    for p in papers {
        let line = p.lines.first().copied().unwrap_or(0);
        let mut add = |kind: &'static str, line: usize, finding: Finding| {
            out.push(Problem {
                kind,
                line,
                file: None,
                id: p.id.clone(),
                title: p.title.clone(),
                message: finding.english(),
                finding,
            })
        };
        let first = line;
        for &l in p.lines.iter().skip(1) {
            let first_file = None;
            add("duplicate", l, Finding::Duplicate { first, first_file });
        }
        let urls = p.all_urls();
        for url in &urls {
            if let Some(why) = link_problem(url) {
                let url = url.to_string();
                add("link", line, Finding::Link { url, why });
            }
        }
        if is_untitled(p) {
            let has_abstract = p.has_abstract();
            add("no-title", line, Finding::NoTitle { has_abstract });
        }
        if urls.is_empty() && p.extra_links.is_empty() && opts.missing_links {
            add("no-link", line, Finding::NoLink);
        }
        if let Some(finding) = date_conflict(p) {
            add("date", line, finding);
        }
        for (word, left, tail) in glued(&p.title, &words) {
            let tail = tail.to_string();
            add("glued", line, Finding::Glued { word, left, tail });
        }
    }
    out.sort_by(|a, b| a.line.cmp(&b.line).then(a.kind.cmp(b.kind)));
    out
}

/// Whether `p` has no title of its own: a list line (or a bookmark) with only a link or
/// id is titled by it (`arXiv:2106.09685`, the URL, the DOI).
fn is_untitled(p: &Paper) -> bool {
    let t = p.title.trim();
    t.strip_prefix("arXiv:")
        .is_some_and(|id| p.all_ids().contains(&id))
        || p.all_urls().contains(&t)
        || p.all_ids()
            .iter()
            .any(|id| id.eq_ignore_ascii_case(t) && id.starts_with("10."))
}

/// Why `url` looks broken, if it does: text after an arXiv link's id, percent-encoded
/// non-ASCII text after a file name (`.pdf에서` pasted into the link), spaces, no scheme.
pub fn broken_link(url: &str) -> Option<String> {
    link_problem(url).map(|why| why.english())
}

/// [`broken_link`] as data.
pub fn link_problem(url: &str) -> Option<LinkProblem> {
    let u = url.trim();
    if u.starts_with("https://doi.org/") {
        return None;
    }
    if !(u.starts_with("http://") || u.starts_with("https://")) {
        return Some(LinkProblem::NoScheme);
    }
    if u.chars().any(char::is_whitespace) {
        return Some(LinkProblem::Space);
    }
    pasted(u).map(|p| match p.arxiv_id {
        Some(id) => LinkProblem::AfterArxivId { text: p.text, id },
        None => LinkProblem::AfterFile {
            text: p.text,
            ends_at: p.ends_at,
        },
    })
}

/// `url` without the text pasted after it (`….pdf%EC%97%90%EC%84%9C` → `….pdf`), when
/// [`broken_link`] finds such text; links that are whole, or broken otherwise, as `None`.
/// What readnext writes for people to paste (`--markdown`) is the repaired link.
pub fn repaired_link(url: &str) -> Option<&str> {
    let u = url.trim();
    if u.starts_with("https://doi.org/") || u.chars().any(char::is_whitespace) {
        return None;
    }
    pasted(u).map(|p| &u[..p.keep])
}

/// Text pasted after the end of a link.
struct Pasted {
    /// Bytes of the link to keep.
    keep: usize,
    /// The pasted text, decoded for showing.
    text: String,
    /// The arXiv id the link ends at, if it is an arXiv link.
    arxiv_id: Option<String>,
    /// What a file link ends at (`.pdf`).
    ends_at: &'static str,
}

/// The text pasted after `u`'s end, if any (`u` trimmed, with a scheme and no spaces).
fn pasted(u: &str) -> Option<Pasted> {
    if let Some(id) = arxiv_id_from_url(u) {
        let at = u.find(&id).map_or(u.len(), |i| i + id.len());
        let rest = &u[at..];
        // A version, `.pdf`, a slash, a query or a fragment may follow the id.
        let rest = rest.trim_start_matches(|c: char| c == 'v' || c.is_ascii_digit());
        let rest = rest.strip_prefix(".pdf").unwrap_or(rest);
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        if !rest.is_empty() && !rest.starts_with('?') && !rest.starts_with('#') {
            return Some(Pasted {
                keep: u.len() - rest.len(),
                text: decoded(rest),
                arxiv_id: Some(id),
                ends_at: "",
            });
        }
        return None;
    }
    // Percent-encoded bytes above ASCII right after a file name's extension.
    for ext in [".pdf", ".html", ".htm"] {
        if let Some(at) = u.to_ascii_lowercase().find(&format!("{ext}%")) {
            let keep = at + ext.len();
            let text = decoded(&u[keep..]);
            if !text.is_ascii() {
                return Some(Pasted {
                    keep,
                    text,
                    arxiv_id: None,
                    ends_at: ext,
                });
            }
        }
    }
    None
}

/// Function words a title may lose the space before (`Learningwith`).
const GLUED_TAILS: &[&str] = &["with", "of", "for", "and", "the", "from", "using"];
/// Letters the word before a glued function word has at least.
const GLUED_MIN_LEFT: usize = 4;
/// Words that make one word with a function word after them (*thereof*, *herewith*).
const GLUED_NEVER: &[&str] = &["there", "where", "here", "forth"];

/// The words of a title, as written.
fn words_of(title: &str) -> impl Iterator<Item = &str> {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// How many titles of the list use each word (lowercased).
fn title_words(papers: &[Paper]) -> std::collections::HashMap<String, usize> {
    let mut out = std::collections::HashMap::new();
    for p in papers {
        let mut seen = std::collections::HashSet::new();
        for w in words_of(&p.title) {
            let w = w.to_lowercase();
            if seen.insert(w.clone()) {
                *out.entry(w).or_insert(0) += 1;
            }
        }
    }
    out
}

/// Words of `title` that look like a word and a function word glued
/// (`Learningwith`): letters only, in no other title of the list, ending in a function
/// word after at least [`GLUED_MIN_LEFT`] letters that other titles use as a word. On
/// the 88,907 arXiv titles of `../shared/data/`: 8 found, all typos (`Benchmarkfor`,
/// `Modelwith`, `Decouplingand`), and *Thereof* before [`GLUED_NEVER`].
/// Each as (the word, its left part as written, the function word).
fn glued(
    title: &str,
    words: &std::collections::HashMap<String, usize>,
) -> Vec<(String, String, &'static str)> {
    let mut out = Vec::new();
    for w in words_of(title) {
        if !w.chars().all(char::is_alphabetic) {
            continue;
        }
        let lower = w.to_lowercase();
        if words.get(&lower).copied().unwrap_or(0) > 1 || lower.len() != w.len() {
            continue;
        }
        for &tail in GLUED_TAILS {
            let Some(left) = lower.strip_suffix(tail) else {
                continue;
            };
            if left.chars().count() >= GLUED_MIN_LEFT
                && !GLUED_NEVER.contains(&left)
                && words.get(left).copied().unwrap_or(0) > 0
            {
                // As written where the lowercase keeps the byte positions, else lowercase.
                let written = w.get(..left.len()).unwrap_or(left);
                out.push((w.to_string(), written.to_string(), tail));
                break;
            }
        }
    }
    out
}

/// Percent-encoded UTF-8 decoded for showing (`%EC%97%90%EC%84%9C` → `에서`), as written
/// when it does not decode.
fn decoded(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), |d| d.into_owned())
}

/// Months since year 0 of a `YYYY[-/.]MM` date; a year alone is its last month, the
/// latest it can mean (a list's `2016` agrees with arXiv's 2016-10).
fn months(date: &str) -> Option<i32> {
    let d = date.trim();
    let year: i32 = d.get(..4)?.parse().ok()?;
    let month: i32 = match d.get(5..7) {
        Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
        None => 12,
    };
    Some(year * 12 + month - 1)
}

/// Why the list's date of `p` contradicts its arXiv id, if it does: more than
/// [`DATE_SLACK_MONTHS`] before the month the id was given.
fn date_conflict(p: &Paper) -> Option<Finding> {
    let listed = p.date.as_deref()?;
    let (id, month) = p
        .all_ids()
        .into_iter()
        .find_map(|id| arxiv_month(id).map(|m| (id.to_string(), m)))?;
    let (l, a) = (months(listed)?, months(&month)?);
    (a - l > DATE_SLACK_MONTHS).then(|| Finding::Date {
        listed: listed.to_string(),
        id,
        month,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(title: &str, url: &str, lines: &[usize], date: Option<&str>) -> Paper {
        Paper {
            id: arxiv_id_from_url(url).unwrap_or_else(|| title.to_string()),
            title: title.into(),
            url: url.into(),
            lines: lines.to_vec(),
            date: date.map(str::to_string),
            ..Default::default()
        }
    }

    #[test]
    fn broken_links_are_told_from_good_ones() {
        for good in [
            "https://arxiv.org/abs/2106.09685",
            "https://arxiv.org/pdf/2106.09685v2.pdf",
            "https://arxiv.org/abs/2110.07602.pdf",
            "https://arxiv.org/abs/2106.09685/",
            "https://arxiv.org/abs/2106.09685?context=cs",
            "https://huggingface.co/papers/2306.07174",
            "https://example.org/paper.pdf",
            "https://example.org/%EC%97%90.html",
            "https://doi.org/10.1145/3397271.3401075",
        ] {
            assert_eq!(broken_link(good), None, "{good}");
        }
        let pasted = broken_link("https://arxiv.org/pdf/2205.11916.pdf%EC%97%90%EC%84%9C");
        assert_eq!(
            pasted.as_deref(),
            Some("has \"에서\" after the arXiv id: end the link at 2205.11916")
        );
        let file = broken_link("https://example.org/a.pdf%EC%97%90%EC%84%9C").unwrap();
        assert!(file.contains("\"에서\" after its file name"), "{file}");
        assert!(broken_link("arxiv.org/abs/2106.09685").is_some());
        assert!(broken_link("https://example.org/a b.pdf").is_some());
        assert!(broken_link("https://arxiv.org/abs/2106.09685and").is_some());
    }

    #[test]
    fn a_link_with_text_pasted_after_it_is_repaired_and_others_are_left() {
        assert_eq!(
            repaired_link("https://arxiv.org/pdf/2205.11916.pdf%EC%97%90%EC%84%9C"),
            Some("https://arxiv.org/pdf/2205.11916.pdf")
        );
        assert_eq!(
            repaired_link("https://arxiv.org/abs/2106.09685and"),
            Some("https://arxiv.org/abs/2106.09685")
        );
        assert_eq!(
            repaired_link("https://example.org/a.pdf%EC%97%90%EC%84%9C"),
            Some("https://example.org/a.pdf")
        );
        for left in [
            "https://arxiv.org/pdf/2106.09685v2.pdf",
            "https://example.org/%EC%97%90.html",
            "arxiv.org/abs/2106.09685",
            "https://example.org/a b.pdf",
            "",
        ] {
            assert_eq!(repaired_link(left), None, "{left}");
        }
    }

    #[test]
    fn words_glued_to_a_function_word_are_found_and_real_words_are_not() {
        let titles = [
            "Sequence to Sequence Learningwith Neural Networks",
            "Deep Learning for Vision",
            "A Benchmark Frameworkfor Agents",
            "Within-Document Retrieval, Online and Thereof",
            "Information Extraction with Invariant Models: There and Back",
            "Learning an Online Framework of Command Demand",
        ];
        let papers: Vec<Paper> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| paper(t, "https://example.org/", &[i + 1], None))
            .collect();
        let words = title_words(&papers);
        let found: Vec<Vec<(String, String, &str)>> =
            titles.iter().map(|t| glued(t, &words)).collect();
        assert_eq!(
            found[0],
            vec![("Learningwith".to_string(), "Learning".to_string(), "with")]
        );
        assert_eq!(
            found[2],
            vec![("Frameworkfor".to_string(), "Framework".to_string(), "for")]
        );
        // Words that end in a function word without being two (*Within*, *Online*,
        // *Thereof*, *Command*, *Demand*), and a word other titles use too.
        for (i, f) in found.iter().enumerate() {
            if i != 0 && i != 2 {
                assert!(f.is_empty(), "{}: {f:?}", titles[i]);
            }
        }
        let all = check(
            &papers,
            CheckOptions {
                missing_links: true,
            },
        );
        let glued: Vec<&Problem> = all.iter().filter(|p| p.kind == "glued").collect();
        assert_eq!(glued.len(), 2);
        assert_eq!(glued[0].line, 1);
        assert!(
            glued[0].message.contains("write \"Learning with\""),
            "{}",
            glued[0].message
        );
    }

    #[test]
    fn a_year_alone_agrees_with_any_month_of_it() {
        // floodsung's roadmap dates its papers by year: `(2016)` for arXiv 1610.00633.
        let same_year = paper(
            "Deep Reinforcement Learning for Robotic Manipulation",
            "https://arxiv.org/abs/1610.00633",
            &[306],
            Some("2016"),
        );
        assert_eq!(date_conflict(&same_year), None);
        let year_before = Paper {
            date: Some("2015".into()),
            ..same_year.clone()
        };
        assert!(date_conflict(&year_before).is_some());
        let month_before = Paper {
            date: Some("2016-01".into()),
            ..same_year
        };
        assert!(date_conflict(&month_before).is_some());
    }

    #[test]
    fn a_paper_named_only_by_its_link_has_no_title() {
        let named = |title: &str, url: &str| Paper {
            id: crate::corpus::normalize::arxiv_id_from_url(url).unwrap_or_else(|| "h".into()),
            title: title.into(),
            url: url.into(),
            lines: vec![1],
            ..Default::default()
        };
        let untitled = [
            named("arXiv:1810.04805", "https://arxiv.org/pdf/1810.04805.pdf"),
            named(
                "https://openreview.net/forum?id=gEZrGCozdqR",
                "https://openreview.net/forum?id=gEZrGCozdqR",
            ),
        ];
        let titled = [
            named("BERT", "https://arxiv.org/abs/1810.04805"),
            // A title that happens to name another paper's id is a title.
            named("arXiv:2106.09685", "https://arxiv.org/abs/1810.04805"),
        ];
        let opts = CheckOptions {
            missing_links: true,
        };
        for p in untitled {
            let found = check(std::slice::from_ref(&p), opts);
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].kind, "no-title");
            assert!(found[0].message.contains("enrich --online"), "{found:?}");
        }
        for p in titled {
            assert!(
                check(std::slice::from_ref(&p), opts).is_empty(),
                "{}",
                p.title
            );
        }
    }

    #[test]
    fn duplicates_dates_and_missing_links_are_reported_in_line_order() {
        let papers = vec![
            paper(
                "Distilling BERT",
                "https://arxiv.org/abs/1903.12136",
                &[9],
                Some("2017/03"),
            ),
            paper(
                "SOLOIST",
                "https://arxiv.org/abs/2005.05298",
                &[5],
                Some("2020/04"),
            ),
            paper("LeanDojo", "https://leandojo.org/", &[2, 7], None),
            paper("Kosmos-2", "", &[4], None),
        ];
        let all = check(
            &papers,
            CheckOptions {
                missing_links: true,
            },
        );
        let got: Vec<(&str, usize)> = all.iter().map(|p| (p.kind, p.line)).collect();
        // SOLOIST's one month before its id is within the slack.
        assert_eq!(got, vec![("no-link", 4), ("duplicate", 7), ("date", 9)]);
        assert!(all[1].message.contains("as line 2"), "{}", all[1].message);
        assert!(all[2].message.contains("1903.12136"), "{}", all[2].message);
        let quiet = check(
            &papers,
            CheckOptions {
                missing_links: false,
            },
        );
        assert_eq!(quiet.len(), 2);
    }
}
