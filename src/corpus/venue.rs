//! A conference or journal and its year written around a hand-written title, as
//! reading lists tag papers: `GloVe: … (EMNLP 2014)`, `[NeurIPS 2023] QLoRA: …`, `ReAct:
//! … - ICLR 2023`, `Self-Instruct: … (ACL'23)`, `LoRA: …, ICLR 2022`. The tag is no
//! part of the title (it would be embedded, searched and matched as one): it is the
//! paper's venue and, when the list gives no other, its date. A tag is only a known
//! venue's name with a year and the words such tags add (`Findings of`, `Oral`,
//! `Workshop`), so a title's own brackets stay (`(T5)`, `(Extended Abstract)`,
//! `Anterior Cruciate Ligament (ACL)`).

use super::paper::Entry;

/// Venues reading lists tag papers with, lower case: machine learning, language,
/// vision, speech, data and systems conferences and journals, and arXiv.
const VENUES: &[&str] = &[
    "neurips",
    "nips",
    "iclr",
    "icml",
    "acl",
    "emnlp",
    "naacl",
    "eacl",
    "aacl",
    "coling",
    "conll",
    "lrec",
    "tacl",
    "cvpr",
    "iccv",
    "eccv",
    "wacv",
    "bmvc",
    "aaai",
    "ijcai",
    "kdd",
    "sigir",
    "www",
    "wsdm",
    "cikm",
    "recsys",
    "icde",
    "vldb",
    "sigmod",
    "uai",
    "aistats",
    "colt",
    "jmlr",
    "tmlr",
    "tpami",
    "interspeech",
    "icassp",
    "corl",
    "icra",
    "iros",
    "mlsys",
    "osdi",
    "sosp",
    "nsdi",
    "chi",
    "uist",
    "facct",
    "colm",
    "miccai",
    "siggraph",
    "semeval",
    "ijcnlp",
    "naacl-hlt",
    "acl-ijcnlp",
    "emnlp-ijcnlp",
    "arxiv",
    "nature",
    "science",
    "pnas",
];

/// Words a tag adds to a venue and its year (`Findings of EMNLP 2023`, `NeurIPS 2023
/// Oral`, `ICLR 2024 Workshop`, `IEEE TPAMI 2022`).
const QUALIFIERS: &[&str] = &[
    "findings",
    "of",
    "the",
    "workshop",
    "workshops",
    "oral",
    "spotlight",
    "poster",
    "main",
    "conference",
    "track",
    "long",
    "short",
    "paper",
    "demo",
    "industry",
    "best",
    "outstanding",
    "award",
    "accepted",
    "at",
    "in",
    "to",
    "ieee",
    "acm",
    "datasets",
    "and",
    "benchmarks",
    "&",
    "preprint",
    "proceedings",
    "journal",
    "transactions",
    "special",
    "issue",
];

/// A venue and year a title was tagged with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The tag as written, brackets aside (`EMNLP 2014`, `ACL'23`).
    pub venue: String,
    /// The year, in four digits (`ACL'23` is 2023).
    pub year: String,
}

/// The year a word of a tag gives: `2014`, `'23` / `’23` (20xx up to the 60s, else
/// 19xx), or one glued to a venue's name (`NeurIPS2023`, `ICLR23`, `ACL'23`,
/// `EMNLP-2023`); and whether the word is a venue's name.
fn word_of_tag(word: &str) -> Option<(bool, Option<String>)> {
    let w = word
        .trim_matches(|c: char| matches!(c, '.' | ',' | ':' | ';'))
        .to_lowercase();
    if w.is_empty() {
        return None;
    }
    if let Some(year) = year_of(&w) {
        return Some((false, Some(year)));
    }
    if VENUES.contains(&w.as_str()) {
        return Some((true, None));
    }
    if QUALIFIERS.contains(&w.as_str()) {
        return Some((false, None));
    }
    // A venue with its year glued on: the longest venue the word starts with.
    let venue = VENUES
        .iter()
        .filter(|v| w.starts_with(*v))
        .max_by_key(|v| v.len())?;
    let rest = w[venue.len()..].trim_start_matches(['-', '_']);
    let year = year_of(rest).or_else(|| {
        (rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit())).then(|| two_digit_year(rest))
    })?;
    Some((true, Some(year)))
}

/// `2014`, or `'23` / `’23`, as four digits.
fn year_of(w: &str) -> Option<String> {
    if super::citation::is_year(w) {
        return Some(w.to_string());
    }
    let two = w.strip_prefix(['\'', '\u{2019}'])?;
    (two.len() == 2 && two.bytes().all(|b| b.is_ascii_digit())).then(|| two_digit_year(two))
}

/// `23` as 2023, `98` as 1998.
fn two_digit_year(two: &str) -> String {
    let century = if two < "70" { "20" } else { "19" };
    format!("{century}{two}")
}

/// Whether `text`, whole, is a tag: at most six words, each a venue's name, a year or a
/// word tags add, with one venue and exactly one year among them.
pub fn tag(text: &str) -> Option<Tag> {
    let text = text.trim();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let mut venue = false;
    let mut year: Option<String> = None;
    for w in &words {
        let (is_venue, y) = word_of_tag(w)?;
        venue |= is_venue;
        if let Some(y) = y {
            if year.is_some() {
                return None;
            }
            year = Some(y);
        }
    }
    let year = year.filter(|_| venue)?;
    let venue = text
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ':' | ';'))
        .to_string();
    Some(Tag { venue, year })
}

/// Separators a tag follows a title after, without brackets (`…, ICLR 2022`, `… - ICLR
/// 2023`, `…. NeurIPS 2023.`, `… | CVPR 2023`).
const TAIL_SEPARATORS: &[&str] = &[", ", " - ", " \u{2013} ", " \u{2014} ", ". ", " | "];

/// `title` without the tag it opens or ends with, and the tag: one in brackets at
/// either end (`(ICLR 2021) …`, `[NeurIPS 2023] …`, `… (EMNLP 2014)`, `… [NeurIPS
/// 2020]`), one before a separator (`NeurIPS 2023: …`), or one after a separator at its
/// end (`…, ICLR 2022`). `None` when there is no tag or no title of two words is left.
pub fn split(title: &str) -> Option<(String, Tag)> {
    let t = title.trim();
    let (rest, tag) = leading(t).or_else(|| trailing(t))?;
    let rest = rest.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '\u{2013}' | '\u{2014}' | '|' | ':' | ',' | ';')
    });
    (rest.split_whitespace().count() >= 2).then(|| (rest.to_string(), tag))
}

/// A tag the title opens with.
fn leading(t: &str) -> Option<(&str, Tag)> {
    if let Some(inner) = t.strip_prefix(['(', '[']) {
        let close = if t.starts_with('(') { ')' } else { ']' };
        let end = inner.find(close)?;
        return tag(&inner[..end]).map(|tag| (&inner[end + 1..], tag));
    }
    // Without brackets: a tag, then a separator (`NeurIPS 2023: …`, `ICLR 2024 | …`).
    let (at, sep) = [": ", " - ", " \u{2013} ", " \u{2014} ", " | "]
        .iter()
        .filter_map(|s| t.find(s).map(|at| (at, s.len())))
        .min()?;
    tag(&t[..at]).map(|tag| (&t[at + sep..], tag))
}

/// A tag the title ends with.
fn trailing(t: &str) -> Option<(&str, Tag)> {
    let t = t.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    if let Some(body) = t.strip_suffix([')', ']']) {
        let open = if t.ends_with(')') { '(' } else { '[' };
        let start = body.rfind(open)?;
        return tag(&body[start + 1..]).map(|tag| (&body[..start], tag));
    }
    // After a separator: the longest tail that is a tag.
    let mut cuts: Vec<(usize, usize)> = TAIL_SEPARATORS
        .iter()
        .flat_map(|s| t.match_indices(s).map(|(at, s)| (at, at + s.len())))
        .collect();
    cuts.sort_unstable();
    cuts.into_iter()
        .find_map(|(at, after)| tag(&t[after..]).map(|tag| (&t[..at], tag)))
}

/// Take a tag out of `entry`'s title ([`split`]) into its venue and, when it has none,
/// its date; a title no tag leaves two words of stays as it is.
pub fn take(entry: &mut Entry) {
    if let Some((title, tag)) = split(&entry.title) {
        entry.title = title;
        if entry.date.is_none() {
            entry.date = Some(tag.year.clone());
        }
        if entry.venue.is_none() {
            entry.venue = Some(tag.venue);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(title: &str) -> Option<(String, String, String)> {
        split(title).map(|(t, tag)| (t, tag.venue, tag.year))
    }

    fn some(title: &str, venue: &str, year: &str) -> Option<(String, String, String)> {
        Some((title.into(), venue.into(), year.into()))
    }

    #[test]
    fn tags_at_either_end_are_the_venue_and_year() {
        let glove = "GloVe: Global Vectors for Word Representation";
        assert_eq!(
            parts(&format!("{glove} (EMNLP 2014)")),
            some(glove, "EMNLP 2014", "2014")
        );
        let sl = "Self-Instruct: Aligning Language Models with Self-Generated Instructions";
        assert_eq!(parts(&format!("{sl} (ACL'23)")), some(sl, "ACL'23", "2023"));
        assert_eq!(
            parts(&format!("{sl} [NeurIPS 2020]")),
            some(sl, "NeurIPS 2020", "2020")
        );
        assert_eq!(
            parts(&format!("{sl}, ICLR 2022")),
            some(sl, "ICLR 2022", "2022")
        );
        assert_eq!(
            parts(&format!("{sl} - ICLR 2023")),
            some(sl, "ICLR 2023", "2023")
        );
        assert_eq!(
            parts(&format!("{sl}. NeurIPS 2023.")),
            some(sl, "NeurIPS 2023", "2023")
        );
        assert_eq!(
            parts(&format!("{sl}, NeurIPS, 2022")),
            some(sl, "NeurIPS, 2022", "2022")
        );
        assert_eq!(
            parts(&format!("{sl} (Findings of EMNLP 2023)")),
            some(sl, "Findings of EMNLP 2023", "2023")
        );
        assert_eq!(
            parts(&format!("{sl} (NeurIPS 2023 Oral)")),
            some(sl, "NeurIPS 2023 Oral", "2023")
        );
        assert_eq!(parts(&format!("{sl} (ICLR24)")), some(sl, "ICLR24", "2024"));
        assert_eq!(
            parts(&format!("(ICLR 2021) {sl}")),
            some(sl, "ICLR 2021", "2021")
        );
        assert_eq!(
            parts(&format!("[NeurIPS 2023] {sl}")),
            some(sl, "NeurIPS 2023", "2023")
        );
        assert_eq!(
            parts(&format!("NeurIPS 2023: {sl}")),
            some(sl, "NeurIPS 2023", "2023")
        );
        assert_eq!(
            parts(&format!("{sl} (arXiv 2023)")),
            some(sl, "arXiv 2023", "2023")
        );
    }

    #[test]
    fn a_titles_own_brackets_and_years_stay() {
        for title in [
            "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer (T5)",
            "Injuries of the Anterior Cruciate Ligament (ACL)",
            "Scaling Laws for Neural Language Models (Extended Abstract)",
            "Overview of the TREC 2019 Deep Learning Track",
            "Proceedings of ACL 2020",
            "SemEval-2020 Task 12: Multilingual Offensive Language Identification",
            "Attention Is All You Need (2017)",
            "NeurIPS 2023",
            "Findings of the WMT 2022 Shared Task",
            "A Survey of Large Language Models, 2023",
            "ACL 2023 Tutorial: Retrieval-based Language Models and Applications",
            "Vision Transformers (ViT) for Science 2050",
            "ICML 2023 Pythia: A Suite for Analyzing Large Language Models",
        ] {
            assert_eq!(parts(title), None, "{title}");
        }
        // Two years, or no venue: no tag.
        assert_eq!(tag("ICLR 2022 2023"), None);
        assert_eq!(tag("Oral 2023"), None);
        assert_eq!(tag("ICLR"), None);
    }

    #[test]
    fn an_entry_keeps_a_date_and_venue_it_had() {
        let mut e = Entry {
            title: "LoRA: Low-Rank Adaptation of Large Language Models, ICLR 2022".into(),
            date: Some("2021-06".into()),
            ..Default::default()
        };
        take(&mut e);
        assert_eq!(
            e.title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(e.date.as_deref(), Some("2021-06"));
        assert_eq!(e.venue.as_deref(), Some("ICLR 2022"));
        let mut t5 = Entry {
            title: "T5 (ICLR 2022)".into(),
            ..Default::default()
        };
        take(&mut t5);
        assert_eq!(t5.title, "T5 (ICLR 2022)", "one word is no title to leave");
    }
}
