//! Normalisation used to match titles, arXiv ids and DOIs, to read keywords, tags and
//! read status, and to derive paper ids (links: [`super::url`]).

use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Organisation prefixes (`Deepmind: …`) that stay in a title but are ignored when matching.
const ORG_PREFIXES: &[&str] = &[
    "deepmind",
    "google research",
    "google ai",
    "google brain",
    "openai",
    "meta ai",
    "facebook ai",
    "microsoft research",
    "anthropic",
    "nvidia",
    "salesforce",
];

/// The title without an organisation prefix (`Deepmind: Building …` → `Building …`):
/// the blog's name says who wrote a post, not what it is about.
pub fn strip_org_prefix(title: &str) -> &str {
    let t = title.trim();
    if let Some((prefix, rest)) = t.split_once(':') {
        let p = prefix.trim().to_lowercase();
        if ORG_PREFIXES.contains(&p.as_str()) && !rest.trim().is_empty() {
            return rest.trim();
        }
    }
    t
}

/// Lowercase, letters and digits only, single spaces, organisation prefix removed.
pub fn normalize_title(title: &str) -> String {
    fold_text(strip_org_prefix(title))
}

/// Korean particles (조사) that follow a noun, longest first where one ends another.
const PARTICLES: &[&str] = &[
    "에서", "으로", "이랑", "부터", "까지", "처럼", "보다", "에게", "이나", "을", "를", "이", "가",
    "은", "는", "의", "에", "로", "와", "과", "랑", "도", "만", "나",
];

/// `word` without the particle it ends with (`로라를` → `로라`), if any is left.
pub fn without_particle(word: &str) -> Option<&str> {
    PARTICLES
        .iter()
        .find_map(|p| word.strip_suffix(p))
        .filter(|stem| !stem.is_empty())
}

/// Whether `c` is Hangul (syllables, jamo, compatibility jamo).
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Lowercase, with every run of non-alphanumeric characters turned into one space.
pub fn fold_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// A hash of [`normalize_title`]'s text, computed without building it: equal titles
/// (after normalising) hash alike, so a big pool's titles are compared with a list's
/// without an allocation each (confirm a match with [`normalize_title`]).
pub fn title_key_hash(title: &str) -> u64 {
    let mut h = crate::hash::KeyOf::default();
    let mut feed = |c: char| {
        let mut buf = [0u8; 4];
        h.write(c.encode_utf8(&mut buf).as_bytes());
    };
    let (mut space, mut any) = (false, false);
    for c in strip_org_prefix(title).chars() {
        // ASCII first: the Unicode tables answer the same for it, more slowly.
        let alnum = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if alnum {
            if space && any {
                feed(' ');
            }
            space = false;
            any = true;
            if c.is_ascii() {
                feed(c.to_ascii_lowercase());
            } else {
                c.to_lowercase().for_each(&mut feed);
            }
        } else {
            space = true;
        }
    }
    h.finish()
}

fn arxiv_re() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Built from a constant pattern: compiling it cannot fail.
        #[allow(clippy::unwrap_used)]
        regex::Regex::new(r"(?i)^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$").unwrap()
    })
}

fn arxiv_url_re() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Built from a constant pattern: compiling it cannot fail.
        #[allow(clippy::unwrap_used)]
        regex::Regex::new(r"(?i)(?:arxiv\.org/(?:abs|pdf|html|ftp/arxiv/papers/\d{4})|huggingface\.co/papers|alphaxiv\.org/(?:abs|overview)|semanticscholar\.org/arxiv)/(\d{4}\.\d{4,5})").unwrap()
    })
}

/// The arXiv id (`2106.09685`, no version) a URL points at, if any: arXiv's own
/// pages (`abs`, `pdf`, `html`, the old `ftp` tree), and the sites that serve a paper by
/// its arXiv id (Hugging Face's papers, alphaXiv, Semantic Scholar's `arxiv/` links).
pub fn arxiv_id_from_url(url: &str) -> Option<String> {
    arxiv_url_re()
        .captures(url)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// The arXiv id written as a bare reference (`2106.09685`, `2106.09685v2`, `arXiv:2106.09685`).
pub fn arxiv_id_from_ref(s: &str) -> Option<String> {
    arxiv_re()
        .captures(s.trim())
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// A DOI without the link or label it is often written with (`https://doi.org/…`,
/// `http://dx.doi.org/…`, `doi:…`, `DOI: …`), the prefix in any case.
pub fn strip_doi_prefix(s: &str) -> &str {
    let s = s.trim();
    [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| {
        // `get` keeps the cut on a character boundary.
        s.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .and_then(|_| s.get(p.len()..))
            .map(str::trim_start)
    })
    .unwrap_or(s)
}

fn arxiv_doi_re() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Built from a constant pattern: compiling it cannot fail.
        #[allow(clippy::unwrap_used)]
        regex::Regex::new(r"(?i)^10\.48550/arxiv\.(\d{4}\.\d{4,5})(?:v\d+)?$").unwrap()
    })
}

/// The arXiv id of an arXiv DOI (DataCite's `10.48550/arXiv.2106.09685`, as Zotero and
/// arXiv's own BibTeX write a preprint's DOI), bare or as a doi.org link.
pub fn arxiv_id_from_doi(doi: &str) -> Option<String> {
    arxiv_doi_re()
        .captures(strip_doi_prefix(doi))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

/// A keywords field or cell as its keywords: split at `,`, `;` and `|` (Pocket's CSV)
/// outside brackets (`Word2Vec (CBOW, Skip-gram)` is one), trimmed, empty ones left out (`transformer; attention, machine translation`); a list
/// written as one (`["peft", "read"]`, `[]`: Instapaper's and Readwise's CSV) is its
/// items. Every format's reader splits keywords with it.
pub fn split_keywords(s: &str) -> Vec<String> {
    let t = s.trim();
    let (list, t) = match t.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        Some(inner) => (true, inner),
        None => (false, t),
    };
    // Separators inside brackets are the keyword's own (`Word2Vec (CBOW, Skip-gram)`).
    let mut depth = 0i32;
    t.split(|c: char| {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        depth <= 0 && matches!(c, ',' | ';' | '|')
    })
    .map(|k| {
        let k = k.trim();
        let quoted = list
            && k.len() >= 2
            && ((k.starts_with('"') && k.ends_with('"'))
                || (k.starts_with('\'') && k.ends_with('\'')));
        if quoted { &k[1..k.len() - 1] } else { k }
            .trim()
            .to_string()
    })
    .filter(|k| !k.is_empty())
    .collect()
}

/// The names a list's read-status column or field goes by (compared without case):
/// a `Read` checkbox, a `Status`, JabRef's `readstatus`.
pub const READ_STATUS_NAMES: &[&str] = &STATUS_NAMES;

const STATUS_NAMES: [&str; 8] = [
    "read",
    "status",
    "read status",
    "readstatus",
    "reading status",
    "읽음",
    "상태",
    "읽기 상태",
];

/// [`READ_STATUS_NAMES`], then the names of a CSV column or JSON field that says where a
/// read-later service keeps the page: Instapaper's `Folder`, Readwise Reader's
/// `Location` (`Archive`, `archive`: finished), Wallabag's `is_archived` (`1`) and
/// Omnivore's `state` (`Archived`). Not for a markdown table, where a `Location` column
/// is more likely a venue's city.
pub const READ_STATUS_OR_PLACE_NAMES: &[&str] = &with_places(STATUS_NAMES);

const fn with_places(status: [&'static str; 8]) -> [&'static str; 12] {
    let mut out = [""; 12];
    let mut i = 0;
    while i < status.len() {
        out[i] = status[i];
        i += 1;
    }
    out[8] = "folder";
    out[9] = "location";
    out[10] = "is_archived";
    out[11] = "state";
    out
}

/// Whether a read-status value says the paper was read: `read`, `done`, `finished`,
/// `yes`, `true`, `checked` (Airtable), `skimmed` (JabRef), `archive` (Pocket's and
/// Instapaper's state for what was finished), `[x]`, a check mark, `1`, `읽음`, `완료` —
/// compared without case. A bare `x` or `o` is not: an English table
/// ticks with `x`, a Korean one writes `X` for no and `O` for yes.
pub fn says_read(value: &str) -> bool {
    const READ: &[&str] = &[
        "read",
        "done",
        "finished",
        "complete",
        "completed",
        "yes",
        "y",
        "true",
        "checked",
        "skimmed",
        "archive",
        "archived",
        "[x]",
        "✓",
        "✔",
        "✔️",
        "✅",
        "☑",
        "☑️",
        "1",
        "읽음",
        "읽었음",
        "다 읽음",
        "완료",
        "예",
    ];
    let v = value.trim().to_lowercase();
    READ.contains(&v.as_str())
}

/// What a tag (a keyword a reference manager exports: Zotero's tags in BibTeX
/// `keywords` and RIS `KW`, a bookmark's `TAGS`) says of the paper's reading: `Some(true)`
/// for *read*, *done*, *finished*, *completed*, *skimmed*, *읽음*, *완료*, a check mark;
/// `Some(false)` for *to read*, *toread*, *unread*, *읽을 것*, *안 읽음* (not *reading*,
/// which is also what papers on reading are about);
/// `None` for a tag about what the paper is. Marks tag managers put before a tag (`_read`,
/// `#read`, `@toread`, `status: read`, `status/read`) and case are ignored. Unlike a read
/// column's value ([`says_read`]), *yes*, *true* and `1` say nothing as tags.
pub fn tag_says_read(tag: &str) -> Option<bool> {
    const READ: &[&str] = &[
        "read",
        "done",
        "finished",
        "completed",
        "skimmed",
        "읽음",
        "읽었음",
        "다 읽음",
        "완료",
        "✓",
        "✔",
        "✔️",
        "✅",
        "☑",
        "☑️",
    ];
    const UNREAD: &[&str] = &[
        "to read",
        "toread",
        "to-read",
        "to_read",
        "unread",
        "want to read",
        "읽을 것",
        "읽을것",
        "안 읽음",
        "안읽음",
    ];
    let t = tag.trim().to_lowercase();
    let t = t.trim_start_matches(['_', '#', '@', '!', '*']);
    let t = ["status:", "status/", "status -", "status"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t)
        .trim();
    if READ.contains(&t) {
        Some(true)
    } else if UNREAD.contains(&t) {
        Some(false)
    } else {
        None
    }
}

/// Whether `tag` is an arXiv subject as Zotero writes it on a preprint it imported
/// (`Computer Science - Machine Learning`, `Statistics - Machine Learning`,
/// `Quantum Physics`): the archive, a dash, the subject; or an archive without subjects.
pub fn is_arxiv_subject(tag: &str) -> bool {
    const WITH_SUBJECTS: [&str; 10] = [
        "Computer Science",
        "Mathematics",
        "Statistics",
        "Physics",
        "Quantitative Biology",
        "Quantitative Finance",
        "Electrical Engineering and Systems Science",
        "Economics",
        "Astrophysics",
        "Condensed Matter",
    ];
    const WHOLE: [&str; 9] = [
        "Quantum Physics",
        "Mathematical Physics",
        "General Relativity and Quantum Cosmology",
        "Nuclear Theory",
        "Nuclear Experiment",
        "High Energy Physics - Theory",
        "High Energy Physics - Experiment",
        "High Energy Physics - Phenomenology",
        "High Energy Physics - Lattice",
    ];
    let tag = tag.trim();
    WHOLE.contains(&tag)
        || tag.split_once(" - ").is_some_and(|(archive, subject)| {
            WITH_SUBJECTS.contains(&archive) && !subject.trim().is_empty()
        })
}

/// 12 hex digits of the sha256 of the normalised title.
pub fn title_hash(title: &str) -> String {
    let digest = Sha256::digest(normalize_title(title).as_bytes());
    hex::encode(&digest[..6])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_particle_leaves_its_noun() {
        assert_eq!(without_particle("로라를"), Some("로라"));
        assert_eq!(without_particle("논문에서"), Some("논문"));
        assert_eq!(without_particle("를"), None);
        assert_eq!(without_particle("로라"), None);
    }

    #[test]
    fn title_key_hash_is_the_hash_of_the_normalised_title() {
        for t in [
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "  Deepmind: Building safer dialogue agents ",
            "Straße — ÉCOLE   d'été (2023)!",
            "",
            "---",
        ] {
            assert_eq!(
                title_key_hash(t),
                crate::hash::key_of(&normalize_title(t)),
                "{t}"
            );
        }
        assert_eq!(
            title_key_hash("lora: low rank adaptation of large language models"),
            title_key_hash("LoRA — Low-Rank Adaptation of Large Language Models.")
        );
    }

    #[test]
    fn org_prefix_is_ignored_for_matching_only() {
        assert_eq!(
            normalize_title(
                "Deepmind: Improving language models by retrieving from trillions of tokens"
            ),
            normalize_title("Improving language models by retrieving from trillions of tokens")
        );
        assert_ne!(
            normalize_title("LLaMA: INT8 edition"),
            normalize_title("INT8 edition")
        );
    }

    #[test]
    fn a_doi_loses_its_link_or_label_in_any_case() {
        for s in [
            "10.1145/3331184.3331202",
            "doi:10.1145/3331184.3331202",
            "DOI: 10.1145/3331184.3331202",
            " Doi:10.1145/3331184.3331202 ",
            "https://doi.org/10.1145/3331184.3331202",
            "HTTPS://DX.DOI.ORG/10.1145/3331184.3331202",
        ] {
            assert_eq!(strip_doi_prefix(s), "10.1145/3331184.3331202", "{s:?}");
        }
        assert_eq!(strip_doi_prefix("한국어 doi"), "한국어 doi");
        assert_eq!(strip_doi_prefix("dó"), "dó");
    }

    #[test]
    fn the_read_place_names_extend_the_read_status_names() {
        assert_eq!(
            READ_STATUS_OR_PLACE_NAMES[..READ_STATUS_NAMES.len()],
            *READ_STATUS_NAMES
        );
    }

    #[test]
    fn keywords_split_at_separators_and_lists_written_as_one() {
        assert_eq!(
            split_keywords("peft; read, nlp|llm"),
            ["peft", "read", "nlp", "llm"]
        );
        assert_eq!(split_keywords("[\"peft\", 'read']"), ["peft", "read"]);
        assert!(split_keywords("[]").is_empty());
        // Quotes of a keyword that is no list stay.
        assert_eq!(split_keywords("\"quoted\""), ["\"quoted\""]);
    }

    #[test]
    fn a_read_status_says_read_only_in_words_that_mean_it() {
        for v in [
            "read", "Read", " DONE ", "Finished", "Yes", "true", "checked", "skimmed", "[x]", "✅",
            "✓", "1", "읽음", "완료",
        ] {
            assert!(says_read(v), "{v:?}");
        }
        for v in [
            "",
            "unread",
            "to read",
            "To Read",
            "Not started",
            "In progress",
            "reading",
            "No",
            "false",
            "0",
            "x",
            "X",
            "O",
            "[ ]",
            "안 읽음",
            "Accepted",
        ] {
            assert!(!says_read(v), "{v:?}");
        }
    }

    #[test]
    fn reading_tags_are_told_from_tags_about_the_paper() {
        for read in [
            "read",
            "_Read",
            "#done",
            "status: read",
            "Status/Finished",
            "✅",
            "읽음",
        ] {
            assert_eq!(tag_says_read(read), Some(true), "{read}");
        }
        for unread in [
            "to read",
            "@toread",
            "_unread",
            "읽을 것",
            "status: to-read",
        ] {
            assert_eq!(tag_says_read(unread), Some(false), "{unread}");
        }
        for topic in [
            "transformers",
            "reading comprehension",
            "reading",
            "yes",
            "1",
            "true",
            "x",
            "",
            "status",
        ] {
            assert_eq!(tag_says_read(topic), None, "{topic}");
        }
    }

    #[test]
    fn zoteros_arxiv_subject_tags_are_told_from_keywords() {
        for t in [
            "Computer Science - Computation and Language",
            "Statistics - Machine Learning",
            "Quantum Physics",
            "High Energy Physics - Theory",
        ] {
            assert!(is_arxiv_subject(t), "{t}");
        }
        for t in [
            "machine learning",
            "Computer Science",
            "Computer Science -",
            "Mathematics",
            "retrieval - dense",
            "quantum physics",
        ] {
            assert!(!is_arxiv_subject(t), "{t}");
        }
    }

    #[test]
    fn arxiv_dois_give_their_arxiv_id() {
        for d in [
            "10.48550/arXiv.2106.09685",
            "10.48550/ARXIV.2106.09685",
            "https://doi.org/10.48550/arXiv.2106.09685",
            "doi:10.48550/arxiv.2106.09685v2",
        ] {
            assert_eq!(arxiv_id_from_doi(d).as_deref(), Some("2106.09685"), "{d}");
        }
        for d in [
            "10.18653/v1/2020.acl-main.703",
            "10.48550/arXiv.cs/0112017",
            "2106.09685",
        ] {
            assert_eq!(arxiv_id_from_doi(d), None, "{d}");
        }
    }

    #[test]
    fn arxiv_ids_from_urls_drop_versions_and_junk() {
        assert_eq!(
            arxiv_id_from_url("https://arxiv.org/pdf/2307.02486v1.pdf").as_deref(),
            Some("2307.02486")
        );
        assert_eq!(
            arxiv_id_from_url("https://arxiv.org/pdf/2205.11916.pdf%EC%97%90").as_deref(),
            Some("2205.11916")
        );
        assert_eq!(
            arxiv_id_from_url("https://arxiv.org/ftp/arxiv/papers/1901/1901.08746.pdf").as_deref(),
            Some("1901.08746")
        );
        assert_eq!(
            arxiv_id_from_url("https://huggingface.co/papers/2306.07174").as_deref(),
            Some("2306.07174")
        );
        for url in [
            "https://arxiv.org/html/2106.09685v2",
            "https://www.alphaxiv.org/abs/2106.09685",
            "https://www.semanticscholar.org/arxiv/2106.09685",
        ] {
            assert_eq!(
                arxiv_id_from_url(url).as_deref(),
                Some("2106.09685"),
                "{url}"
            );
        }
        assert_eq!(arxiv_id_from_url("https://github.com/x/1234.5678"), None);
        assert_eq!(
            arxiv_id_from_ref("arXiv:2106.09685v2").as_deref(),
            Some("2106.09685")
        );
    }
}
