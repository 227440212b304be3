//! Resolving what a user types (title, alias, URL, arXiv id, paper id, `list.md:312`,
//! or part of a title) to exactly one paper, or a clear error with candidates.

use super::normalize::{
    arxiv_id_from_doi, arxiv_id_from_ref, arxiv_id_from_url, fold_text, is_hangul, normalize_title,
    strip_doi_prefix, without_particle,
};
use super::url::{doi_url_form, normalize_url};
use super::{Corpus, Paper};
use crate::error::{Error, Result};

/// How many candidates an unknown or ambiguous reference lists.
const CANDIDATES: usize = 5;

/// The papers of a list and the file they came from: what a reference is resolved in
/// (a [`Corpus`], or an index's papers without a copy of them).
#[derive(Clone, Copy)]
pub struct List<'a> {
    pub path: &'a std::path::Path,
    pub papers: &'a [Paper],
}

impl<'a> From<&'a Corpus> for List<'a> {
    fn from(c: &'a Corpus) -> Self {
        List {
            path: &c.path,
            papers: &c.papers,
        }
    }
}

/// Resolve `query` to the index of one paper in `corpus`.
pub fn resolve(corpus: &Corpus, query: &str) -> Result<usize> {
    resolve_in(corpus.into(), query)
}

/// The reference `resolve_in` compares with the papers' own ids before anything else:
/// `query` trimmed, unless it is empty or could be a `LIST:LINE` (tried first). A caller
/// whose papers are costly to build (a big index decodes them when looked at) can look
/// this id up itself, and call [`resolve_in`] only when no paper has it: the answer is
/// the same.
pub fn id_tried_first(query: &str) -> Option<&str> {
    let q = query.trim();
    let line_ref = q
        .rsplit_once(':')
        .is_some_and(|(_, line)| line.parse::<usize>().is_ok());
    (!q.is_empty() && !line_ref).then_some(q)
}

/// Whether `p` is the paper entry `e` was folded into: the same title, link or id.
fn is_paper_of(p: &Paper, e: &super::Entry) -> bool {
    let title = normalize_title(&e.title);
    (!title.is_empty() && normalize_title(&p.title) == title)
        || (!e.url.is_empty()
            && p.all_urls()
                .iter()
                .any(|u| normalize_url(u) == normalize_url(&e.url)))
        || e.given_id
            .as_deref()
            .is_some_and(|id| p.all_ids().contains(&id))
}

/// A markdown link written whole (`[Title](url)`, as a list's line has it): its text, the
/// escapes of its brackets undone, and its target ([`super::markup::leading_link`]).
fn markdown_link(q: &str) -> Option<(String, &str)> {
    let (text, url, rest) = super::markup::leading_link(q)?;
    rest.trim().is_empty().then_some((text, url))
}

/// Resolve `query` to the index of one paper of `corpus`.
pub fn resolve_in(corpus: List<'_>, query: &str) -> Result<usize> {
    resolve_in_or(corpus, query, &|_| Vec::new())
}

/// Whether `q` names a paper by identity only — an arXiv id, a DOI or a link, one word —
/// and never by its words: what a search given it should look up, not read.
pub fn is_identifier(q: &str) -> bool {
    let q = q.trim();
    !q.is_empty()
        && !q.contains(char::is_whitespace)
        && (arxiv_id_from_ref(q).is_some()
            || q.contains("://")
            || q.starts_with("www.")
            || (strip_doi_prefix(q).starts_with("10.") && q.contains('/')))
}

/// Whether `q` is one word shaped like a BibTeX citation key as reference managers make
/// them — letters and a year (`vaswani2017attention`, `Vaswani2017`,
/// `vaswaniAttentionAllYou2017`, `devlin:2019`): worth looking up among the papers' ids
/// before it is read as words.
pub fn is_citation_key_like(q: &str) -> bool {
    let q = q.trim();
    let chars: Vec<char> = q.chars().collect();
    let year = chars.windows(4).enumerate().any(|(at, w)| {
        w.iter().all(char::is_ascii_digit)
            && matches!((w[0], w[1]), ('1', '9') | ('2', '0'))
            && !chars.get(at + 4).is_some_and(char::is_ascii_digit)
            && !(at > 0 && chars[at - 1].is_ascii_digit())
    });
    year && chars.iter().filter(|c| c.is_ascii_alphabetic()).count() >= 3
        && chars
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
}

/// The papers known by the id `q` as well as by their own: a folded duplicate's id, a
/// DOI, a BibTeX citation key (DOIs and keys compared without case; `doi:` and doi.org
/// prefixes dropped).
pub fn with_id(papers: &[Paper], q: &str) -> Vec<usize> {
    let q = q.trim();
    let bare = strip_doi_prefix(q);
    (0..papers.len())
        .filter(|&i| {
            papers[i]
                .all_ids()
                .iter()
                .any(|id| id.eq_ignore_ascii_case(q) || id.eq_ignore_ascii_case(bare))
        })
        .collect()
}

/// Whether `text` has Hangul in it: spelled unlike any English title, so the papers
/// closest to it in spelling say nothing.
pub fn has_hangul(text: &str) -> bool {
    text.chars().any(super::normalize::is_hangul)
}

/// As [`resolve_in`]; when no paper matches a query with Hangul in it, or one no title
/// is spelled like, the error lists the papers `by_meaning` ranks first (a search for
/// the query's meaning, which the caller owns) instead of the closest titles in
/// spelling. An empty ranking keeps the spelling's.
pub fn resolve_in_or(
    corpus: List<'_>,
    query: &str,
    by_meaning: &dyn Fn(&str) -> Vec<usize>,
) -> Result<usize> {
    let q = query.trim();
    if q.is_empty() {
        return Err(Error::Invalid(
            "empty paper reference; give a title, alias, URL, arXiv id or LIST:LINE".into(),
        ));
    }
    // A markdown link pasted from a list (`[ChatLLaMA](https://github.com/…)`) names the
    // paper of its link, else of its text: the two together are no link and no title.
    if let Some((text, url)) = markdown_link(q) {
        return resolve_in_or(corpus, url, by_meaning).or_else(|by_link| {
            if text.trim().is_empty() {
                return Err(by_link);
            }
            resolve_in_or(corpus, &text, by_meaning)
        });
    }
    let papers = corpus.papers;
    let unique = |hits: Vec<usize>, what: &str| -> Option<Result<usize>> {
        match hits.len() {
            0 => None,
            1 => Some(Ok(hits[0])),
            _ => Some(Err(ambiguous(corpus, q, &hits, what))),
        }
    };

    // `path:line` or `:line`.
    if let Some((file, line)) = q.rsplit_once(':') {
        if let Ok(line) = line.parse::<usize>() {
            let file_ok = file.is_empty()
                || Some(std::path::Path::new(file).file_name()) == Some(corpus.path.file_name());
            if file_ok {
                let hits: Vec<usize> = (0..papers.len())
                    .filter(|&i| papers[i].lines.contains(&line))
                    .collect();
                if let Some(r) = unique(hits, "that line") {
                    return r;
                }
                return Err(Error::Resolve {
                    query: q.into(),
                    message: format!(
                        "no paper starts on line {line} of {}; run `readnext papers` to see each paper's lines",
                        corpus.path.display()
                    ),
                    candidates: Vec::new(),
                });
            }
        }
    }
    // Paper id.
    if let Some(i) = papers.iter().position(|p| p.id == q) {
        return Ok(i);
    }
    // A note of a folder of notes, by its path or file name (`Papers/PEFT/LoRA.md`): the
    // paper the note is read as.
    // (A reference that names no `.md` file costs nothing here: no look at the disk.)
    if super::notes::is_note(q) && corpus.path.is_dir() {
        let notes = super::notes::entries_named(corpus.path, q);
        if !notes.is_empty() {
            let hits: Vec<usize> = (0..papers.len())
                .filter(|&i| notes.iter().any(|e| is_paper_of(&papers[i], e)))
                .collect();
            if let Some(r) = unique(hits, "that note") {
                return r;
            }
        }
    }
    // Any other id it is known by.
    let bare = strip_doi_prefix(q);
    if let Some(r) = unique(with_id(papers, q), "that id") {
        return r;
    }
    // arXiv id, bare or inside a URL.
    let arxiv = arxiv_id_from_ref(q)
        .or_else(|| arxiv_id_from_url(q))
        .or_else(|| arxiv_id_from_doi(q));
    if let Some(a) = arxiv {
        let hits: Vec<usize> = (0..papers.len())
            .filter(|&i| {
                papers[i].all_ids().contains(&a.as_str())
                    || papers[i]
                        .all_urls()
                        .iter()
                        .any(|u| arxiv_id_from_url(u).as_deref() == Some(a.as_str()))
            })
            .collect();
        if let Some(r) = unique(hits, "that arXiv id") {
            return r;
        }
        // An id names one paper: papers of like titles or meaning are not it.
        if arxiv_id_from_ref(q).is_some() {
            return Err(Error::Resolve {
                query: q.into(),
                message: format!(
                    "no paper of {} has the arXiv id {a}; `readnext papers --json` lists each paper's ids",
                    corpus.path.display()
                ),
                candidates: Vec::new(),
            });
        }
    }
    // A DOI names one paper too (one in a link is the URL's, below).
    if !q.contains("://") && is_identifier(q) && bare.starts_with("10.") {
        return Err(Error::Resolve {
            query: q.into(),
            message: format!(
                "no paper of {} has the DOI {bare}; `readnext papers --json` lists each paper's ids",
                corpus.path.display()
            ),
            candidates: Vec::new(),
        });
    }
    // URL.
    if q.contains("://") || q.starts_with("www.") {
        let nq = normalize_url(q);
        // A publisher's page of a DOI (`dl.acm.org/doi/…`, `nature.com/articles/…`) names
        // the paper of that DOI, linked or not: a list of DOIs has no links.
        let doi_form = nq.starts_with("doi.org/");
        let own_link = |i: usize| {
            papers[i].all_urls().iter().any(|u| normalize_url(u) == nq)
                || (doi_form
                    && papers[i]
                        .all_ids()
                        .into_iter()
                        .any(|id| doi_url_form(id).as_deref() == Some(nq.as_str())))
        };
        // A paper's own link before another's secondary one (a blog post listed alone,
        // and as the `[Blog]` link of the paper it describes).
        let own: Vec<usize> = (0..papers.len()).filter(|&i| own_link(i)).collect();
        if let [one] = own[..] {
            return Ok(one);
        }
        let hits: Vec<usize> = (0..papers.len())
            .filter(|&i| {
                own_link(i) || papers[i].extra_links.iter().any(|l| normalize_url(l) == nq)
            })
            .collect();
        if let Some(r) = unique(hits, "that URL") {
            return r;
        }
        return Err(Error::Resolve {
            query: q.into(),
            message: format!(
                "no paper of {} links to {q}; `readnext papers --json` lists each paper's links",
                corpus.path.display()
            ),
            candidates: Vec::new(),
        });
    }
    let nq = normalize_title(q);
    // Nothing to compare by name: symbols or emoji alone (`🦍`, `???`) name a paper only
    // as its whole title; else every title without a colon has that empty short name.
    if nq.is_empty() {
        let hits: Vec<usize> = (0..papers.len())
            .filter(|&i| papers[i].title.trim() == q)
            .collect();
        if let Some(r) = unique(hits, "that title") {
            return r;
        }
        return Err(Error::Resolve {
            query: q.into(),
            message: format!(
                "\"{q}\" has no letters or digits to name a paper by; give a title, alias, URL, arXiv id or LIST:LINE"
            ),
            candidates: Vec::new(),
        });
    }
    // Exact title, alias, or the short name before a title's colon.
    for way in NAMED_BY {
        if let Some(r) = unique(named_by(papers, &nq, way), way.what()) {
            return r;
        }
    }
    // A number alone (`read 1`, as if the first suggestion): no paper's name, and titles
    // that hold the number are not what was meant.
    if q.len() <= 4 && q.bytes().all(|b| b.is_ascii_digit()) {
        return Err(number_alone(corpus, q));
    }
    // Part of a title, as whole words.
    if let Some(r) = unique(in_titles(papers, &nq), "those words") {
        return r;
    }
    // What is said around a paper's name: "the LoRA paper", "LoRA 논문", "QLoRA를" name
    // the paper its name alone does, if that name is exact or whole words of one title.
    if let Some(core) = reference_core(&nq) {
        for way in NAMED_BY {
            if let Some(r) = unique(named_by(papers, &core, way), way.what()) {
                return r;
            }
        }
        if let [one] = in_titles(papers, &core)[..] {
            return Ok(one);
        }
    }
    // A name the field calls a paper by that its title does not say (`GPT-3`, `word2vec`):
    // the paper of the list it is pinned to, when the list has it.
    if let Some(i) = by_known_name(corpus, q) {
        return Ok(i);
    }
    // Fuzzy: accept a clear winner only, and only one the query spells the start of
    // (Jaro-Winkler alone took `flan t5` for *FLAT: Chinese NER …* by its first letters).
    let ranked = fuzzy_rank(corpus, &nq);
    if let Some(&(best, score)) = ranked.first() {
        let second = ranked.get(1).map(|r| r.1).unwrap_or(0.0);
        if score >= FUZZY_ACCEPT
            && score - second >= FUZZY_MARGIN
            && start_similarity(&nq, &papers[best]) >= FUZZY_START
        {
            return Ok(best);
        }
    }
    // Spelling says nothing when the query is in Hangul or nothing is spelled alike.
    let spelled = ranked.first().is_some_and(|r| r.1 >= SPELLING_SAYS);
    let meaning: Vec<usize> = if has_hangul(q) || !spelled {
        by_meaning(q)
            .into_iter()
            .filter(|&i| i < papers.len())
            .collect()
    } else {
        Vec::new()
    };
    let (how, closest): (&str, Vec<usize>) = if meaning.is_empty() {
        ("closest", ranked.iter().map(|&(i, _)| i).collect())
    } else {
        ("closest by meaning", meaning)
    };
    let shown = &closest[..closest.len().min(CANDIDATES)];
    Err(Error::Resolve {
        query: q.into(),
        message: format!(
            "no paper matches \"{q}\"; {how}: {}. Use a full title, alias, URL, arXiv id or {}",
            describe_all(corpus, shown, MESSAGE_TITLE).join("; "),
            place_reference(corpus)
        ),
        candidates: describe_all(corpus, shown, usize::MAX),
    })
}

/// The paper of the list a known name ([`super::known_names`]) is pinned to, said alone
/// or with the words that say it is a paper (`the GPT-3 paper`, `GPT-3 논문`).
pub fn by_known_name(corpus: List<'_>, reference: &str) -> Option<usize> {
    let core = reference_core(&normalize_title(reference));
    known_name(corpus.papers, reference)
        .or_else(|| core.as_deref().and_then(|c| known_name(corpus.papers, c)))
}

/// The paper of `papers` a known name ([`super::known_names`]) is pinned to: its first pin
/// that exactly one paper has.
fn known_name(papers: &[Paper], name: &str) -> Option<usize> {
    use super::known_names::{pins, Pin};
    pins(name).iter().find_map(|pin| {
        let hits: Vec<usize> = (0..papers.len())
            .filter(|&i| match *pin {
                Pin::Arxiv(id) => {
                    papers[i].all_ids().contains(&id)
                        || papers[i]
                            .all_urls()
                            .iter()
                            .any(|u| arxiv_id_from_url(u).as_deref() == Some(id))
                }
                Pin::Title(t) => normalize_title(&papers[i].title) == normalize_title(t),
            })
            .collect();
        match hits[..] {
            [one] => Some(one),
            _ => None,
        }
    })
}

/// Words that say a reference is to a paper without naming which (`paper`, `논문`, `the`).
const REFERENCE_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "paper",
    "papers",
    "article",
    "preprint",
    "논문",
    "페이퍼",
    "이",
    "그",
];

/// `nq` (a normalised reference) without the words that say it is a paper and the Korean
/// particles after a name: `the lora paper` → `lora`, `qlora를` → `qlora`, `bert 논문` →
/// `bert`. `None` when nothing is taken away or nothing is left.
fn reference_core(nq: &str) -> Option<String> {
    // The word itself, or a Korean one with its particle (`논문에서`).
    let says_paper = |w: &str| {
        REFERENCE_WORDS.contains(&w)
            || without_particle(w)
                .is_some_and(|noun| noun.chars().count() >= 2 && REFERENCE_WORDS.contains(&noun))
    };
    let words: Vec<&str> = nq
        .split(' ')
        .filter(|w| !says_paper(w))
        // A particle after a name in another script (`qlora를`), not a Korean word's end.
        .map(|w| match without_particle(w) {
            Some(name) if name.chars().last().is_some_and(|c| !is_hangul(c)) => name,
            _ => w,
        })
        .collect();
    let core = words.join(" ");
    (!core.is_empty() && core != nq).then_some(core)
}

/// The papers whose title holds `nq` (normalised) as whole words.
fn in_titles(papers: &[Paper], nq: &str) -> Vec<usize> {
    if nq.is_empty() {
        return Vec::new();
    }
    let padded = format!(" {nq} ");
    (0..papers.len())
        .filter(|&i| format!(" {} ", normalize_title(&papers[i].title)).contains(&padded))
        .collect()
}

/// The ways a paper is named exactly, in the order they are tried.
#[derive(Clone, Copy)]
enum NamedBy {
    /// Its title, normalised (case, punctuation and `Deepmind:` prefixes do not matter).
    Title,
    /// Its alias.
    Alias,
    /// The short name before its title's colon (`LoRA` for `LoRA: Low-Rank …`).
    ShortName,
}

const NAMED_BY: [NamedBy; 3] = [NamedBy::Title, NamedBy::Alias, NamedBy::ShortName];

impl NamedBy {
    fn what(self) -> &'static str {
        match self {
            NamedBy::Title => "that title",
            NamedBy::Alias => "that alias",
            NamedBy::ShortName => "that name",
        }
    }
}

/// The papers whose title, alias or short name (`way`) is `nq`, a normalised title.
fn named_by(papers: &[Paper], nq: &str, way: NamedBy) -> Vec<usize> {
    (0..papers.len())
        .filter(|&i| match way {
            NamedBy::Title => normalize_title(&papers[i].title) == nq,
            NamedBy::Alias => papers[i].alias.as_deref().map(fold_text).as_deref() == Some(nq),
            NamedBy::ShortName => short_name(&papers[i]) == nq,
        })
        .collect()
}

/// The paper `name` names exactly — by its whole title, its alias or the short name
/// before its title's colon, tried in that order: `None` when no paper is named so, the
/// usual "ambiguous" error when several are (by the first way any is); the name without
/// the words that say it is a paper (`LoRA paper`) when that alone names one paper. No
/// ids, parts of titles or near spellings: for a reference read from another form of what
/// the user typed (a Korean name's English), where only an exact name is safe to take.
pub fn resolve_by_name(corpus: List<'_>, name: &str) -> Option<Result<usize>> {
    let nq = normalize_title(name.trim());
    if nq.is_empty() {
        return None;
    }
    let exact = NAMED_BY.iter().find_map(|&way| {
        let hits = named_by(corpus.papers, &nq, way);
        match hits.len() {
            0 => None,
            1 => Some(Ok(hits[0])),
            _ => Some(Err(ambiguous(corpus, name.trim(), &hits, way.what()))),
        }
    });
    // "LoRA paper" (`로라 논문` read through the glossary) names what `LoRA` names, when
    // that is one paper.
    exact.or_else(|| {
        let core = reference_core(&nq)?;
        NAMED_BY
            .iter()
            .find_map(|&way| match named_by(corpus.papers, &core, way)[..] {
                [one] => Some(Ok(one)),
                _ => None,
            })
    })
}

/// The one paper whose title holds `name` as whole words (or the name without the words
/// that say it is a paper: `LLaMA adapter paper`), as a typed reference takes it; `None`
/// when no title or several do. For a reference read from another form of what the user
/// typed whose caller knows it holds a name, not only ordinary words.
pub fn in_one_title(corpus: List<'_>, name: &str) -> Option<usize> {
    let nq = normalize_title(name.trim());
    let one = |nq: &str| match in_titles(corpus.papers, nq)[..] {
        [one] => Some(one),
        _ => None,
    };
    one(&nq).or_else(|| one(&reference_core(&nq)?))
}

fn short_name(p: &Paper) -> String {
    match p.title.split_once(':') {
        Some((head, _)) => normalize_title(head),
        None => String::new(),
    }
}

/// Papers `ids` as `"title" (file:line)`, each title cut to `max` characters (an error
/// message cuts a 5,000-character title; the place after it still names the paper). In a
/// folder of notes the place is the paper's note (`Papers/PEFT/LoRA.md`), which names it
/// as a reference too; `folder:N` (its N-th note) only where the folder's notes no longer
/// agree with the papers (an index not updated).
fn describe_all(corpus: List<'_>, ids: &[usize], max: usize) -> Vec<String> {
    let file = corpus
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Read only on the way to an error, and only for a folder.
    let notes = if corpus.path.is_dir() {
        super::notes::parse(corpus.path).ok()
    } else {
        None
    };
    let note_of = |p: &Paper| -> Option<&str> {
        let notes = notes.as_ref()?;
        let at = p.first_line().checked_sub(1)?;
        let entry = notes.entries.get(at)?;
        (normalize_title(&entry.title) == normalize_title(&p.title))
            .then(|| notes.files.get(at).map(String::as_str))
            .flatten()
    };
    ids.iter()
        .filter_map(|&i| corpus.papers.get(i))
        .map(|p| {
            let title = if p.title.chars().count() > max {
                let cut: String = p.title.chars().take(max.saturating_sub(3)).collect();
                format!("{cut}…")
            } else {
                p.title.clone()
            };
            match note_of(p) {
                Some(note) => format!("\"{title}\" ({note})"),
                None => format!("\"{title}\" ({file}:{})", p.first_line()),
            }
        })
        .collect()
}

/// How a paper is named by where it is written: a line of a list file, a note of a folder.
fn place_reference(corpus: List<'_>) -> &'static str {
    if corpus.path.is_dir() {
        "the note's path"
    } else {
        "LIST:LINE"
    }
}

/// The error for a reference that is a number alone: what names a paper instead, and the
/// paper on that line of the list when one is there (`papers.md:12`).
fn number_alone(corpus: List<'_>, q: &str) -> Error {
    let on_line = q
        .parse::<usize>()
        .ok()
        .and_then(|n| corpus.papers.iter().position(|p| p.lines.contains(&n)))
        .filter(|_| !corpus.path.is_dir());
    let line = match on_line {
        Some(i) => format!(
            "; line {q} is {}",
            describe_all(corpus, &[i], MESSAGE_TITLE).join("")
        ),
        None => String::new(),
    };
    Error::Resolve {
        query: q.into(),
        message: format!(
            "\"{q}\" is a number, which names no paper: give a title, alias, URL, arXiv id or {}{line} (a suggestion's number is not kept: copy its title)",
            place_reference(corpus)
        ),
        candidates: Vec::new(),
    }
}

/// Characters of a quoted title in an error message at most.
const MESSAGE_TITLE: usize = 120;

fn ambiguous(corpus: List<'_>, q: &str, hits: &[usize], what: &str) -> Error {
    let shown = &hits[..hits.len().min(CANDIDATES)];
    Error::Resolve {
        query: q.into(),
        message: format!(
            "\"{q}\" is ambiguous: {} papers match {what}: {}. Use a full title or {}",
            hits.len(),
            describe_all(corpus, shown, MESSAGE_TITLE).join("; "),
            place_reference(corpus)
        ),
        candidates: describe_all(corpus, shown, usize::MAX),
    }
}

/// A fuzzy winner's score at least, and its lead over the second.
const FUZZY_ACCEPT: f64 = 0.88;
const FUZZY_MARGIN: f64 = 0.04;
/// How alike a fuzzy winner's first words (or alias, or name before its colon) are
/// spelled to the query at least: typos pass (`atention is all you ned` 0.92, `laama 2`
/// 0.86), other words do not (`flan t5` against `flat ch`, 0.57).
const FUZZY_START: f64 = 0.8;
/// Below this best spelling score the closest titles in spelling are noise (`quantisation
/// paper` 0.63 against *Auto-GPT …*), and an error lists the closest by meaning.
const SPELLING_SAYS: f64 = 0.75;

/// How alike `nq` (normalised) is spelled to the start of `p`'s title — as many words,
/// or as many letters, as the query has (a lost space changes the words), with or
/// without its organisation prefix — or to its alias or the name before its colon,
/// whichever is best (Damerau-Levenshtein: two letters swapped are one slip).
fn start_similarity(nq: &str, p: &Paper) -> f64 {
    let like = |a: &str, b: &str| strsim::normalized_damerau_levenshtein(a, b);
    let words = nq.split_whitespace().count().max(1);
    let letters = nq.chars().count();
    let mut s: f64 = 0.0;
    for title in [normalize_title(&p.title), fold_text(&p.title)] {
        let start: Vec<&str> = title.split_whitespace().take(words).collect();
        let first: String = title.chars().take(letters).collect();
        s = s.max(like(nq, &start.join(" "))).max(like(nq, &first));
    }
    if let Some(a) = &p.alias {
        s = s.max(like(nq, &fold_text(a)));
    }
    let name = short_name(p);
    if !name.is_empty() {
        s = s.max(like(nq, &name));
    }
    s
}

/// Papers ranked by similarity of their normalised title (and alias) to the query.
fn fuzzy_rank(corpus: List<'_>, nq: &str) -> Vec<(usize, f64)> {
    let mut scored: Vec<(usize, f64)> = corpus
        .papers
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let t = normalize_title(&p.title);
            let mut s = strsim::jaro_winkler(nq, &t);
            s = s.max(strsim::normalized_levenshtein(nq, &t));
            if let Some(a) = &p.alias {
                s = s.max(strsim::jaro_winkler(nq, &fold_text(a)));
            }
            (i, s)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_tried_first_is_what_resolve_in_finds_first() {
        assert_eq!(id_tried_first(" 2503.11731 "), Some("2503.11731"));
        assert_eq!(
            id_tried_first("https://arxiv.org/abs/2106.09685"),
            Some("https://arxiv.org/abs/2106.09685")
        );
        for line_ref in ["list.md:12", ":12", "  "] {
            assert_eq!(id_tried_first(line_ref), None, "{line_ref:?}");
        }
        // Looking the id up alone gives resolve_in's answer: the first paper with it.
        let paper = |id: &str, title: &str, line: usize| Paper {
            id: id.into(),
            title: title.into(),
            lines: vec![line],
            ..Paper::default()
        };
        let papers = vec![
            paper("a1", "First", 3),
            paper("b2", "Second", 4),
            paper("b2", "Second again", 12),
        ];
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        for q in ["a1", " b2"] {
            let first = id_tried_first(q).and_then(|id| papers.iter().position(|p| p.id == id));
            assert_eq!(first, Some(resolve_in(list, q).unwrap()), "{q}");
        }
        // A line reference is left to resolve_in.
        assert_eq!(id_tried_first("list.md:12"), None);
        assert_eq!(resolve_in(list, "list.md:12").unwrap(), 2);
    }

    #[test]
    fn a_number_alone_names_no_paper_and_says_what_its_line_holds() {
        let paper = |title: &str, line: usize| Paper {
            id: format!("p{line}"),
            title: title.into(),
            lines: vec![line],
            ..Paper::default()
        };
        let papers = vec![
            paper("LongNet: Scaling Transformers to 1,000,000,000 Tokens", 3),
            paper("LTM-1: an LLM with a 5,000,000 token context window", 12),
            paper("1984", 20),
        ];
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        let message = |q: &str| match resolve_in(list, q) {
            Err(Error::Resolve { message, .. }) => message,
            other => panic!("{q}: {other:?}"),
        };
        // Was "ambiguous" between the titles holding a 1.
        let m = message("1");
        assert!(
            m.starts_with("\"1\" is a number, which names no paper"),
            "{m}"
        );
        assert!(!m.contains("line 1 "), "{m}");
        let m = message("12");
        assert!(m.contains("line 12 is \"LTM-1: an LLM"), "{m}");
        // A title that is the number is that paper.
        assert_eq!(resolve_in(list, "1984").unwrap(), 2);
    }

    #[test]
    fn words_around_a_name_say_it_is_a_paper() {
        let papers = crate::corpus::paper::numbered(&[
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "LLaMA: Open and Efficient Foundation Language Models",
            "LLaMA: INT8 edition",
            "Attention Is All You Need",
        ]);
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        for (q, want) in [
            ("LoRA 논문", 0),
            ("the LoRA paper", 0),
            ("QLoRA를", 1),
            ("QLoRA 논문에서", 1),
            ("이 논문 attention is all you need", 4),
            ("efficient finetuning paper", 1),
        ] {
            assert_eq!(resolve_in(list, q).ok(), Some(want), "{q}");
        }
        // Two papers of the name left: that ambiguity, no guess.
        let e = resolve_in(list, "the LLaMA paper").unwrap_err().to_string();
        assert!(e.contains("ambiguous") && e.contains("INT8"), "{e}");
        // Nothing but such words names nothing.
        assert!(resolve_in(list, "the paper").is_err());
        assert_eq!(reference_core("lora"), None);
        assert_eq!(reference_core("논문"), None);
        assert_eq!(reference_core("qlora를").as_deref(), Some("qlora"));
        // A Hangul word is not a particle; four syllables after a name are not one.
        assert_eq!(reference_core("로라"), None);
        assert_eq!(reference_core("bert계열모델들").as_deref(), None);
        assert_eq!(reference_core("이미지 lora").as_deref(), None);
        assert_eq!(reference_core("이 논문을").as_deref(), None);
    }

    #[test]
    fn citation_keys_are_letters_and_a_year() {
        for q in [
            "vaswani2017attention",
            "Vaswani2017",
            "vaswaniAttentionAllYou2017",
            "devlin:2019",
            "hu_2021_lora",
        ] {
            assert!(is_citation_key_like(q), "{q}");
        }
        for q in [
            "gpt2",
            "LoRA",
            "llama 2023",
            "t5",
            "20210",
            "ab2021",
            "2106.09685",
            "버트2019",
        ] {
            assert!(!is_citation_key_like(q), "{q}");
        }
    }

    #[test]
    fn identifiers_are_ids_dois_and_links_alone() {
        for q in [
            "2106.09685",
            "arXiv:2305.14314v2",
            "https://arxiv.org/abs/2305.14314",
            "www.example.org/paper",
            "10.1145/3308558.3313488",
            "doi:10.1145/3308558.3313488",
            " https://github.com/cloneofsimo/lora ",
        ] {
            assert!(is_identifier(q), "{q}");
        }
        for q in [
            "LoRA",
            "low-rank adaptation",
            "2106.09685 LoRA",
            "GPT-3.5",
            "10.5 billion parameters",
            "",
        ] {
            assert!(!is_identifier(q), "{q}");
        }
    }

    #[test]
    fn a_link_is_its_own_papers_before_a_secondary_link_and_a_doi_names_one_or_none() {
        let mut papers = crate::corpus::paper::numbered(&[
            "Tackling multiple tasks with a single visual language model",
            "Flamingo: a Visual Language Model for Few-Shot Learning",
            "Another post",
        ]);
        let blog = "https://www.deepmind.com/blog/tackling-multiple-tasks";
        papers[0].url = blog.into();
        papers[1].url = "https://arxiv.org/abs/2204.14198".into();
        papers[1].extra_links = vec![blog.into()];
        papers[2].extra_links = vec!["https://example.org/shared".into()];
        papers[1]
            .extra_links
            .push("https://example.org/shared".into());
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        assert_eq!(resolve_in(list, blog).ok(), Some(0));
        // Two papers' secondary link: which one is not said.
        let e = resolve_in(list, "https://example.org/shared").unwrap_err();
        assert!(e.to_string().contains("ambiguous"), "{e}");
        // A DOI no paper has names none: no titles spelled alike.
        match resolve_in(list, "10.1145/3308558.3313488") {
            Err(Error::Resolve {
                message,
                candidates,
                ..
            }) => {
                assert!(candidates.is_empty());
                assert!(
                    message.contains("has the DOI 10.1145/3308558.3313488"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
        // A markdown link pasted whole: its link, else (a link two papers share, or none
        // has) its text.
        let pasted = format!("[Tackling multiple tasks]({blog})");
        assert_eq!(resolve_in(list, &pasted).ok(), Some(0));
        let shared = "[Another post](https://example.org/shared)";
        assert_eq!(resolve_in(list, shared).ok(), Some(2));
        let moved =
            "[Flamingo: a Visual Language Model for Few-Shot Learning](https://example.org/moved)";
        assert_eq!(resolve_in(list, moved).ok(), Some(1));
        assert_eq!(
            markdown_link("[SpQR \\[v2\\]](https://arxiv.org/abs/2306.03078)"),
            Some(("SpQR [v2]".to_string(), "https://arxiv.org/abs/2306.03078"))
        );
        for not in [
            "[x] LoRA",
            "[LoRA](a b)",
            "LoRA",
            "[LoRA]",
            "[LoRA](x) more",
        ] {
            assert_eq!(markdown_link(not), None, "{not}");
        }
    }

    #[test]
    fn a_known_name_names_the_paper_it_is_pinned_to_only_when_nothing_else_does() {
        let mut papers = crate::corpus::paper::numbered(&[
            "Language Models are Few-Shot Learners",
            "GPT-3 in the classroom",
            "Language Models are Unsupervised Multitask Learners",
        ]);
        papers[0].url = "https://arxiv.org/abs/2005.14165".into();
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        // A title's words come first: `GPT-3` is the post that says it.
        assert_eq!(resolve_in(list, "GPT-3").ok(), Some(1));
        papers[1].title = "Teaching with large models".into();
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        for q in ["GPT-3", "gpt3", "the GPT-3 paper", "GPT-3 논문"] {
            assert_eq!(resolve_in(list, q).ok(), Some(0), "{q}");
        }
        assert_eq!(resolve_in(list, "GPT-2").ok(), Some(2));
        // Pinned to a paper the list does not have: no paper.
        assert!(resolve_in(list, "RoBERTa").is_err());
    }

    #[test]
    fn by_name_takes_exact_names_only() {
        let mut papers = crate::corpus::paper::numbered(&[
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "LLaMA: Open and Efficient Foundation Language Models",
            "LLaMA: INT8 edition",
            "Training a helpful assistant",
        ]);
        papers[3].alias = Some("HH-RLHF".into());
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        let by_name = |q: &str| resolve_by_name(list, q).map(|r| r.map_err(|e| e.to_string()));
        assert_eq!(by_name("LoRA"), Some(Ok(0)));
        assert_eq!(by_name("LoRA paper"), Some(Ok(0)));
        assert_eq!(by_name("the LLaMA paper"), None);
        assert_eq!(by_name(" lora "), Some(Ok(0)));
        assert_eq!(by_name("hh-rlhf"), Some(Ok(3)));
        assert_eq!(by_name("LLaMA: INT8 edition"), Some(Ok(2)));
        // Two papers of that short name: the usual ambiguity, naming both.
        let e = by_name("LLaMA").unwrap().unwrap_err();
        assert!(e.contains("ambiguous") && e.contains("INT8"), "{e}");
        // Words of a title, a near spelling, an id: not names.
        for q in ["Low-Rank Adaptation", "LoRAs", "p0", "LoRA adaptation", " "] {
            assert_eq!(by_name(q), None, "{q}");
        }
    }

    #[test]
    fn typos_resolve_and_unmatched_references_list_the_closest_by_spelling_or_meaning() {
        let titles = [
            "FLAT: Chinese NER Using Flat-Lattice Transformer",
            "Attention Is All You Need",
            "ChatLLaMA",
            "XLNet: Generalized Autoregressive Pretraining for Language Understanding",
            "LoRA: Low-Rank Adaptation of Large Language Models",
        ];
        let mut papers: Vec<Paper> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| Paper {
                id: format!("p{i}"),
                title: t.to_string(),
                lines: vec![i + 1],
                ..Paper::default()
            })
            .collect();
        // As in the seed list: an alias whose first letters `flan t5` shares.
        papers[0].alias = Some("FLAT".into());
        let list = List {
            path: std::path::Path::new("list.md"),
            papers: &papers,
        };
        // Typos: a lost letter, two swapped, a lost space.
        for (q, want) in [
            ("Atention is all you ned", 1),
            ("ChatLLMaA", 2),
            ("lora low rank adaption", 4),
            ("LoRA: Low-RankAdaptation of Large Language Models", 4),
        ] {
            assert_eq!(resolve_in(list, q).ok(), Some(want), "{q}");
        }
        // Symbols or emoji alone name no paper (every title without a colon had their
        // empty short name: `🦍` was "ambiguous: 99 papers"), unless a title is exactly
        // them; with a word they resolve as the title's words do.
        for q in ["🦍", "???", "-"] {
            let err = resolve_in(list, q).unwrap_err().to_string();
            assert!(err.contains("has no letters or digits"), "{q}: {err}");
        }
        let mut with_emoji = papers.clone();
        with_emoji[2].title = "🦍".into();
        let emoji_list = List {
            path: list.path,
            papers: &with_emoji,
        };
        assert_eq!(resolve_in(emoji_list, "🦍").ok(), Some(2));
        with_emoji[2].title = "🦍 Gorilla: Large Language Model Connected with Massive APIs".into();
        let emoji_list = List {
            path: list.path,
            papers: &with_emoji,
        };
        assert_eq!(resolve_in(emoji_list, "🦍 Gorilla").ok(), Some(2));
        // An arXiv id the list does not have is said so, with no look-alikes.
        let err = resolve_in_or(list, "9999.99999", &|_| vec![4])
            .unwrap_err()
            .to_string();
        assert!(err.contains("has the arXiv id 9999.99999"), "{err}");
        assert!(!err.contains("closest"), "{err}");
        let err = resolve_in_or(list, "https://example.org/paper", &|_| vec![4])
            .unwrap_err()
            .to_string();
        assert!(err.contains("links to https://example.org/paper"), "{err}");
        // Begins like FLAT (Jaro-Winkler 0.88 with its alias), and is not it.
        let err = resolve_in(list, "flan t5").unwrap_err().to_string();
        assert!(err.contains("closest: \"FLAT"), "{err}");
        // The caller's meaning ranking is asked only when spelling says nothing: a
        // query in Hangul, or one no title is spelled like.
        let asked = std::cell::Cell::new(0);
        let meaning = |_: &str| {
            asked.set(asked.get() + 1);
            vec![4, 1]
        };
        let err = resolve_in_or(list, "로라 논문", &meaning)
            .unwrap_err()
            .to_string();
        assert!(err.contains("closest by meaning: \"LoRA"), "{err}");
        let err = resolve_in_or(list, "quantum gravity for cats", &meaning)
            .unwrap_err()
            .to_string();
        assert!(err.contains("closest by meaning: \"LoRA"), "{err}");
        assert_eq!(asked.get(), 2);
        let err = resolve_in_or(list, "flan t5", &meaning)
            .unwrap_err()
            .to_string();
        assert!(err.contains("closest: \"FLAT"), "{err}");
        assert_eq!(asked.get(), 2);
        // An empty ranking (no index or model at hand) keeps the spelling's.
        let err = resolve_in_or(list, "로라 논문", &|_| Vec::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("closest: "), "{err}");
    }

    #[test]
    fn an_error_message_cuts_long_titles_but_keeps_where_they_are() {
        let papers: Vec<Paper> = ["T".repeat(5_000), "LoRA: Low-Rank Adaptation".to_string()]
            .into_iter()
            .enumerate()
            .map(|(i, title)| Paper {
                id: format!("p{i}"),
                title,
                lines: vec![[1, 203][i]],
                ..Paper::default()
            })
            .collect();
        let list = List {
            path: std::path::Path::new("odd.md"),
            papers: &papers,
        };
        let Err(Error::Resolve {
            message,
            candidates,
            ..
        }) = resolve_in_or(list, "nothing like these", &|_| vec![0, 1])
        else {
            panic!("an unmatched reference resolved");
        };
        let short = "\"LoRA: Low-Rank Adaptation\" (odd.md:203)";
        let line = message
            .split_once(": ")
            .map(|x| x.1)
            .unwrap_or_default()
            .trim_end_matches(". Use a full title, alias, URL, arXiv id or LIST:LINE");
        assert!(line.len() < 200, "{line}");
        assert!(
            line.starts_with(&format!("\"{}…\" (odd.md:1); ", "T".repeat(117))),
            "{line}"
        );
        assert!(line.ends_with(short), "{line}");
        // The candidates keep the whole title.
        assert_eq!(candidates[0].len(), 5_000 + "\"\" (odd.md:1)".len());
    }
}
