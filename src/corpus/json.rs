//! Bibliographic records as JSON: one object a line (JSONL, see [`super::tabular`]) or a
//! `.json` file holding many, as Zotero's CSL JSON export, Semantic Scholar, OpenAlex
//! and Crossref write them.
//!
//! A `.json` file is an array of records (or of bare titles), or an API answer that holds
//! one: the first array of objects under `data` (Semantic Scholar), `results` (OpenAlex),
//! `items`, `message.items` (Crossref), `records`, `papers`, `works` or `entries`; or a
//! single record. Each record gets the line its object starts on.
//!
//! A record's fields answer to readnext's names and those of the common exports
//! (`NAMES` of [`super::tabular`]), and structured values are read as those exports
//! write them: authors as objects (`{"family", "given"}` in CSL and Crossref,
//! `{"name"}` in Semantic Scholar, OpenAlex's `authorships`), CSL's `issued` date
//! parts, OpenAlex's abstract as an inverted index, Crossref's JATS markup, a title
//! given as a one-element list, Semantic Scholar's `externalIds`. A CSL record's `id`
//! is a citation key (`hu2021lora`, or Zotero's item URI), not the paper's identity:
//! it is kept as one of the paper's ids, as a BibTeX key is, and so is a `citationKey`
//! (`citation-key`, `citekey`). Zotero's own JSON reads the same way: Better BibTeX's
//! export (`items` with `creators` as `{"firstName", "lastName"}`, `abstractNote`,
//! `publicationTitle`/`proceedingsTitle`, and beside them the library's `collections`,
//! whose name is an item's heading) and the web API's items (their fields under `data`).

use super::markdown::collapse;
use super::markup::{decode_entities, strip_tags};
use super::normalize::{arxiv_id_from_ref, says_read, strip_doi_prefix};
use super::paper::Entry;
use super::tabular::{names, Field};
use super::{LineIndex, Warning};
use crate::error::{Error, Result};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// Names of a record's citation key: CSL's `citation-key`, Better BibTeX's and Zotero's
/// `citationKey`, other tools' `citekey`.
const CITATION_KEYS: [&str; 4] = ["citation-key", "citationKey", "citekey", "citation_key"];

/// The fields under which an API answer keeps its records, tried in this order.
const CONTAINERS: [&str; 9] = [
    "data", "results", "items", "message", "records", "papers", "works", "entries", "notes",
];

/// Parse a `.json` list: its records with their lines, and a warning for records
/// without a title (skipped, as one bad record of an export of thousands should not
/// make the library unusable). Malformed JSON is an error naming its line.
pub fn parse(path: &Path, text: &str) -> Result<(Vec<Entry>, Vec<Warning>)> {
    let text = text.trim_start_matches('\u{feff}');
    let syntax = |e: serde_json::Error| Error::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        message: format!("not valid JSON ({e}); fix the file or export it again"),
    };
    let top: &RawValue = serde_json::from_str(text).map_err(syntax)?;
    let raw = records(top).map_err(syntax)?.ok_or_else(|| Error::Parse {
        path: path.to_path_buf(),
        line: 1,
        message: "no records found: expected an array of objects with a \"title\" \
                  (CSL JSON), or an answer holding one under \"data\", \"results\" or \"items\""
            .into(),
    })?;
    let mut entries = Vec::new();
    let mut untitled = Vec::new();
    let lines = LineIndex::new(text);
    let collections = collection_names(top);
    for item in raw {
        let line = lines.line(offset_in(text, item));
        // Valid already (the document parsed); an error here is the item's own, at its
        // line within the item.
        let value: Value = serde_json::from_str(item.get()).map_err(|e| Error::Parse {
            path: path.to_path_buf(),
            line: line + e.line().saturating_sub(1),
            message: format!("not a record readnext can read ({e}); fix or remove it"),
        })?;
        // A list of bare titles (`["Attention Is All You Need", …]`).
        if let Value::String(title) = &value {
            let title = collapse(title);
            if title.is_empty() {
                untitled.push(line);
            } else {
                entries.push(Entry {
                    title,
                    line,
                    ..Default::default()
                });
            }
            continue;
        }
        let Some(obj) = value.as_object() else {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line,
                message: "expected a JSON object with a \"title\"; fix or remove this record"
                    .into(),
            });
        };
        match record(obj) {
            Some(e) => {
                // Better BibTeX's JSON names the collections an item is in by their keys.
                let heading = e.heading.clone().or_else(|| {
                    obj.get("collections")
                        .and_then(Value::as_array)
                        .and_then(|keys| keys.iter().find_map(|k| collections.get(k.as_str()?)))
                        .cloned()
                });
                entries.push(Entry { line, heading, ..e })
            }
            None => untitled.push(line),
        }
    }
    let mut warnings = Vec::new();
    if let Some(w) = super::untitled_warning(&untitled, "record", "records", "\"title\"") {
        warnings.push(w);
    }
    Ok((entries, warnings))
}

/// The names of a library's collections by their keys, as Better BibTeX's JSON export
/// gives them beside its items (`"collections": {"ABCD1234": {"name": "PEFT", …}}`).
fn collection_names(top: &RawValue) -> HashMap<String, String> {
    let Ok(fields) = serde_json::from_str::<HashMap<String, &RawValue>>(top.get()) else {
        return HashMap::new();
    };
    let Some(Ok(Value::Object(map))) = fields
        .get("collections")
        .map(|c| serde_json::from_str::<Value>(c.get()))
    else {
        return HashMap::new();
    };
    map.iter()
        .filter_map(|(key, c)| Some((key.clone(), first_text(c.get("name")?)?)))
        .collect()
}

/// The records of a JSON document: an array's objects, those of the first container
/// field that holds an array of objects (one level down for Crossref's `message`), or
/// the document itself when it is a record.
fn records(top: &RawValue) -> serde_json::Result<Option<Vec<&RawValue>>> {
    match top.get().trim_start().as_bytes().first() {
        Some(b'[') => Ok(Some(serde_json::from_str(top.get())?)),
        Some(b'{') => {
            let fields: HashMap<String, &RawValue> = serde_json::from_str(top.get())?;
            for name in CONTAINERS {
                let Some(inner) = fields.get(name) else {
                    continue;
                };
                if let Some(found) = records(inner)? {
                    if !found.is_empty()
                        && found.iter().all(|r| r.get().trim_start().starts_with('{'))
                    {
                        return Ok(Some(found));
                    }
                }
            }
            let is_record = fields
                .keys()
                .any(|k| k.eq_ignore_ascii_case("title") || k == "display_name");
            Ok(is_record.then(|| vec![top]))
        }
        _ => Ok(None),
    }
}

/// The byte offset in `text` of `inner`, a slice of it.
fn offset_in(text: &str, inner: &RawValue) -> usize {
    (inner.get().as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// A record's fields, found by their name as written or in any case (`Title`, `URL`,
/// `PaperId` as well as `title`, `url`, `paperId`).
struct Fields<'a> {
    obj: &'a Map<String, Value>,
    /// Lower-cased names → values; built only when some name differs from its lower case.
    folded: HashMap<String, &'a Value>,
}

impl<'a> Fields<'a> {
    fn new(obj: &'a Map<String, Value>) -> Fields<'a> {
        let folded = if obj.keys().any(|k| k.chars().any(char::is_uppercase)) {
            // serde_json's map is ordered by name: on a clash of cases the first wins,
            // the same one on every run.
            let mut folded = HashMap::new();
            for (k, v) in obj {
                folded.entry(k.to_lowercase()).or_insert(v);
            }
            folded
        } else {
            HashMap::new()
        };
        Fields { obj, folded }
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.obj.get(name).or_else(|| {
            if self.folded.is_empty() {
                None
            } else {
                self.folded.get(&name.to_lowercase()).copied()
            }
        })
    }

    fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// One record as an entry (its `line` left 0), or `None` when it has no title.
pub fn record(obj: &Map<String, Value>) -> Option<Entry> {
    record_in(obj, false)
}

/// [`record`]; `arxiv_text`: its title and abstract are arXiv's own, which write TeX.
fn record_in(obj: &Map<String, Value>, arxiv_text: bool) -> Option<Entry> {
    // Hugging Face's daily papers (`/api/daily_papers`) keep the paper's own fields (its
    // arXiv id, abstract and title as arXiv writes them, authors, date) under `paper`,
    // beside the day's listing of it.
    if let Some(paper) = obj.get("paper").and_then(Value::as_object) {
        if paper.contains_key("title") {
            return record_in(paper, true);
        }
    }
    // Zotero's web API wraps an item's fields in `data` beside its `key`, `links` and `meta`.
    if !obj.contains_key("title") {
        if let Some(data) = obj.get("data").and_then(Value::as_object) {
            if data.contains_key("title") {
                return record_in(data, arxiv_text);
            }
        }
        if let Some(note) = openreview_note(obj) {
            return record_in(&note, arxiv_text);
        }
        if let Some(post) = pinboard_post(obj) {
            return record_in(&post, arxiv_text);
        }
    }
    let fields = Fields::new(obj);
    let obj = &fields;
    let title = obj
        .get("title")
        .and_then(first_text)
        .or_else(|| obj.get("display_name").and_then(first_text))?;
    let field = |f: Field| {
        names(f)
            .iter()
            .find_map(|k| obj.get(k).and_then(first_text))
    };
    // arXiv's metadata (a record with `categories`), and Hugging Face's copy of it, write TeX.
    let tex = arxiv_text || obj.has("categories");
    let title = if tex {
        super::tabular::plain_tex(&title)
    } else {
        title
    };
    let abstract_text = names(Field::Abstract)
        .iter()
        .find_map(|k| obj.get(k).and_then(joined_text))
        .map(|a| {
            if tex {
                super::tabular::plain_tex(&a)
            } else if a.contains("<jats:") {
                strip_jats(&a)
            } else {
                a
            }
        })
        .or_else(|| {
            obj.get("abstract_inverted_index")
                .and_then(rebuild_abstract)
        })
        .filter(|a| !a.is_empty());
    let external = |k: &str| {
        obj.get("externalIds")
            .and_then(|ids| ids.get(k))
            .and_then(first_text)
    };
    let doi = field(Field::Doi)
        .or_else(|| external("DOI"))
        .map(|d| strip_doi_prefix(&d).to_string())
        .filter(|d| d.starts_with("10."));
    let arxiv = external("ArXiv").and_then(|a| arxiv_id_from_ref(&a));
    let url = field(Field::Url)
        .or_else(|| {
            obj.get("primary_location")
                .and_then(|l| l.get("landing_page_url"))
                .and_then(first_text)
        })
        .unwrap_or_default();
    // CSL (Zotero, Better BibTeX, Crossref) names its fields in its own way; its `id`
    // is a citation key, except Zotero's own item URI
    // (`http://zotero.org/users/local/…/items/…`), a name for Zotero, not for a reader.
    let csl = ["issued", "title-short", "container-title", "citation-key"]
        .iter()
        .any(|k| obj.has(k));
    // A citation key as Zotero's Better BibTeX writes it in its own JSON and in CSL.
    let citation_key = CITATION_KEYS
        .iter()
        .find_map(|k| obj.get(k))
        .and_then(first_text);
    let (given_id, key) = if csl {
        let key = citation_key
            .or_else(|| obj.get("id").and_then(first_text))
            .filter(|k| !is_zotero_item_uri(k));
        (doi.clone().or_else(|| arxiv.clone()), key)
    } else {
        // An id of the record's own wins; Semantic Scholar's arXiv id is then one more
        // name of the paper. A read-later service's own number or UUID for a saved page
        // (Wallabag's, Omnivore's `id`) beside its link is not the paper's identity, as
        // in a CSV: the link says which paper it is, and the number stays one more name.
        let own = names(Field::Id).iter().find_map(|k| {
            obj.get(k)
                .and_then(first_text)
                .map(|v| (*k, super::tabular::given_id(k, v)))
        });
        match own {
            Some(("id", number)) if !url.is_empty() && is_item_number(&number) => {
                (arxiv.clone(), citation_key.or(Some(number)))
            }
            Some((_, id)) => (
                Some(openalex_short(&id)),
                citation_key.or_else(|| arxiv.clone()),
            ),
            None => (arxiv.clone(), citation_key),
        }
    };
    // arXiv's metadata snapshot (Kaggle's) dates a paper by its first version; its
    // `update_date` is when the record last changed (a 2007 paper revised in 2024).
    let submitted = obj.get("versions").and_then(first_version_day);
    let date = submitted
        .or_else(|| field(Field::Date).map(day_of_timestamp))
        .or_else(|| {
            ["issued", "published", "published-print", "published-online"]
                .iter()
                .find_map(|k| obj.get(k).and_then(date_parts))
        });
    let category = field(Field::Category).or_else(|| {
        obj.get("categories")
            .and_then(joined_text)
            .and_then(super::tabular::first_category)
    });
    let venue = field(Field::Venue).or_else(|| {
        obj.get("primary_location")
            .and_then(|l| l.get("source"))
            .and_then(|s| s.get("display_name"))
            .and_then(first_text)
    });
    let list = |f: Field, split: fn(&str) -> Vec<String>| -> Vec<String> {
        names(f)
            .iter()
            .find_map(|k| obj.get(k))
            .map(|v| match v {
                Value::Array(items) => items.iter().filter_map(named).collect(),
                other => first_text(other).map(|s| split(&s)).unwrap_or_default(),
            })
            .unwrap_or_default()
    };
    let mut authors = list(Field::Authors, super::tabular::split_authors);
    if tex {
        // arXiv writes `A. One, B. Two and C. Three`, in TeX (`C. Bal\'azs`); its
        // snapshot also gives them parsed (`[["Balázs", "C.", ""], …]`).
        authors = match obj.get("authors_parsed") {
            Some(Value::Array(parsed)) => parsed.iter().filter_map(parsed_author).collect(),
            _ => match obj.get("authors") {
                Some(Value::String(all)) => {
                    super::tabular::split_comma_authors(&super::tabular::plain_tex(&collapse(all)))
                }
                _ => authors,
            },
        };
    }
    if authors.is_empty() {
        // OpenAlex: `authorships: [{"author": {"display_name": …}}]`.
        if let Some(Value::Array(items)) = obj.get("authorships") {
            authors = items
                .iter()
                .filter_map(|a| a.get("author").and_then(named))
                .collect();
        }
    }
    // A read status (`"read": true`, `"status": "done"`), as the list's `- [x]`.
    let checked = names(Field::Read)
        .iter()
        .find_map(|k| obj.get(k))
        .is_some_and(|v| match v {
            Value::Bool(b) => *b,
            other => first_text(other).is_some_and(|s| says_read(&s)),
        });
    // A short title that is the title again is no alias.
    let alias = field(Field::Alias).filter(|a| !a.eq_ignore_ascii_case(&title));
    Some(Entry {
        title,
        url,
        abstract_text,
        checked,
        date,
        alias,
        category,
        given_id,
        key,
        doi,
        venue,
        keywords: list(Field::Keywords, super::normalize::split_keywords),
        authors,
        ..Default::default()
    })
}

/// The day of a record's first version, as arXiv's snapshot lists them
/// (`[{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}, …]`): `2007-04-02`.
fn first_version_day(versions: &Value) -> Option<String> {
    let created = versions.as_array()?.first()?.get("created")?.as_str()?;
    super::endnote_xml::full_date(created, None).map(|d| d.replace('/', "-"))
}

/// An author as arXiv's snapshot parses one, `[family, given, suffix]`: `C. Balázs`.
fn parsed_author(parts: &Value) -> Option<String> {
    let parts: Vec<&str> = parts.as_array()?.iter().filter_map(Value::as_str).collect();
    let (family, rest) = parts.split_first()?;
    let name = [
        rest.first().copied().unwrap_or(""),
        family,
        rest.get(1).copied().unwrap_or(""),
    ]
    .iter()
    .map(|p| p.trim())
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    Some(name).filter(|n| !n.is_empty())
}

/// A string, a number, or the first string of a list (Crossref's `"title": ["…"]`,
/// `"container-title": ["Journal", "J."]`), spaces folded; `None` when empty.
fn first_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => items.iter().find_map(|i| i.as_str().map(collapse)),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// A text, or a list of texts joined (an abstract given as its sentences, S2ORC).
fn joined_text(v: &Value) -> Option<String> {
    match v {
        Value::Array(items) => Some(collapse(
            &items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        ))
        .filter(|s| !s.is_empty()),
        other => first_text(other),
    }
}

/// A person, keyword or tag as a list item: a string, or an object's name — CSL's and
/// Crossref's `family, given` (the form BibTeX writes; Zotero's `lastName, firstName`),
/// `literal`, `name`, `display_name`, a Zotero tag's `tag`.
fn named(v: &Value) -> Option<String> {
    if let Some(s) = v.as_str() {
        return Some(collapse(s)).filter(|s| !s.is_empty());
    }
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(collapse)
            .filter(|s| !s.is_empty())
    };
    let family = text("family").or_else(|| text("lastName"));
    let given = text("given").or_else(|| text("firstName"));
    match (family, given) {
        (Some(f), Some(g)) => Some(format!("{f}, {g}")),
        (Some(f), None) => Some(f),
        _ => ["literal", "name", "display_name", "tag"]
            .iter()
            .find_map(|k| text(k)),
    }
}

/// An OpenReview note (`api2.openreview.net/notes?content.venueid=…`, and its first
/// API) as a flat record: the paper's fields under `content`, each (API 2) as
/// `{"value": …}`; the note's forum id as its id, the forum page as its link, and its
/// publication date (else when it was posted; milliseconds since 1970) as its date.
fn openreview_note(obj: &Map<String, Value>) -> Option<Map<String, Value>> {
    let content = obj.get("content").and_then(Value::as_object)?;
    if !content.contains_key("title") {
        return None;
    }
    let mut flat: Map<String, Value> = content
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.get("value").cloned().unwrap_or_else(|| v.clone()),
            )
        })
        .collect();
    let id = ["forum", "id"].iter().find_map(|k| {
        obj.get(*k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    });
    if let Some(id) = id {
        flat.entry("id").or_insert_with(|| id.into());
        flat.entry("url")
            .or_insert_with(|| format!("https://openreview.net/forum?id={id}").into());
    }
    let day = ["pdate", "odate", "cdate", "tcdate"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_i64))
        .map(|ms| super::date::day_of_unix_days(ms.div_euclid(86_400_000)));
    if let Some(day) = day {
        flat.entry("date").or_insert_with(|| day.into());
    }
    Some(flat)
}

/// A Pinboard bookmark (its JSON export, and the API's `posts/all?format=json`) as a
/// flat record: the page's title (`description`) as a browser saved it, made the
/// paper's title as a bookmarks export's is ([`super::page_title::paper_title`]); the
/// link (`href`); the note (`extended`) as the abstract when it is as long as one (the
/// excerpt Pinboard saves from a selection; a short note is not); the space-separated
/// `tags` as keywords (a *read* tag marks it read, as in every list). `time` is when it
/// was saved, not the paper's date, and `toread` says only that it was saved for later:
/// neither is read.
fn pinboard_post(obj: &Map<String, Value>) -> Option<Map<String, Value>> {
    let href = obj.get("href").and_then(Value::as_str)?.trim();
    let saved = obj.get("description").and_then(Value::as_str)?;
    if href.is_empty() {
        return None;
    }
    let (title, arxiv) = super::page_title::paper_title(&collapse(saved));
    let title = if title.is_empty() {
        match arxiv.or_else(|| super::normalize::arxiv_id_from_url(href)) {
            Some(id) => format!("arXiv:{id}"),
            None => href.to_string(),
        }
    } else {
        title
    };
    let mut flat = Map::new();
    flat.insert("title".into(), title.into());
    flat.insert("url".into(), href.into());
    if let Some(note) = obj.get("extended").and_then(Value::as_str) {
        let note = collapse(note);
        if note.split_whitespace().count() >= super::bookmarks::ABSTRACT_WORDS {
            flat.insert("abstract".into(), note.into());
        }
    }
    if let Some(tags) = obj.get("tags").and_then(Value::as_str) {
        let tags: Vec<Value> = tags.split_whitespace().map(Value::from).collect();
        flat.insert("tags".into(), tags.into());
    }
    Some(flat)
}

/// The day of an ISO 8601 timestamp (`2023-12-01T18:01:34.000Z` → `2023-12-01`, as
/// Hugging Face's `publishedAt` writes it); any other date as it is. Stricter than a
/// feed's dates (`feed::feed_date` cuts any year-first text at a space): a JSON date
/// field may hold free text, which stays as written.
fn day_of_timestamp(date: String) -> String {
    let b = date.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let timestamp = b.len() > 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T';
    if timestamp {
        date[..10].to_string()
    } else {
        date
    }
}

/// A CSL date (`{"date-parts": [[2021, 6, 17]]}`, parts as numbers or strings, or
/// `{"raw": "2021-06"}`) as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn date_parts(v: &Value) -> Option<String> {
    let parts = v
        .get("date-parts")
        .and_then(|p| p.get(0))
        .and_then(Value::as_array);
    let Some(parts) = parts else {
        return ["raw", "literal"]
            .iter()
            .find_map(|k| v.get(*k).and_then(first_text));
    };
    let num = |i: usize| -> Option<u32> {
        match parts.get(i)? {
            Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    };
    let year = num(0).filter(|y| (1000..=9999).contains(y))?;
    Some(match (num(1).filter(|m| (1..=12).contains(m)), num(2)) {
        (Some(m), Some(d)) if (1..=31).contains(&d) => format!("{year}-{m:02}-{d:02}"),
        (Some(m), _) => format!("{year}-{m:02}"),
        _ => year.to_string(),
    })
}

/// An OpenAlex id as its short form (`https://openalex.org/W2741809807` → `W2741809807`);
/// any other id as it is.
fn openalex_short(id: &str) -> String {
    id.strip_prefix("https://openalex.org/")
        .unwrap_or(id)
        .to_string()
}

/// Whether an `id` is a tool's number for an item rather than a paper's name: digits
/// only (`123`, Wallabag's), or a UUID (`3f1c2a4e-…`, Omnivore's).
fn is_item_number(id: &str) -> bool {
    let b = id.as_bytes();
    let digits = !b.is_empty() && b.iter().all(u8::is_ascii_digit);
    let uuid = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
    digits || uuid
}

/// The text of OpenAlex's inverted index (`{"word": [positions]}`): every word at each
/// of its positions.
pub fn rebuild_abstract(index: &Value) -> Option<String> {
    let map = index.as_object()?;
    let mut at: Vec<(u64, &str)> = Vec::new();
    for (word, positions) in map {
        for p in positions.as_array()? {
            at.push((p.as_u64()?, word.as_str()));
        }
    }
    if at.is_empty() {
        return None;
    }
    at.sort();
    Some(collapse(
        &at.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" "),
    ))
}

/// An abstract without Crossref's JATS/HTML tags or a leading "Abstract" heading.
pub fn strip_jats(s: &str) -> String {
    let text = collapse(&decode_entities(&strip_tags(s)));
    match text.strip_prefix("Abstract ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => text,
    }
}

/// Whether `id` is the URI Zotero names an item by in its CSL JSON export
/// (`http://zotero.org/users/local/kZ3Yx5Yb/items/Q2WERTY8`, `…/groups/…/items/…`).
fn is_zotero_item_uri(id: &str) -> bool {
    let rest = id
        .strip_prefix("http://")
        .or_else(|| id.strip_prefix("https://"))
        .unwrap_or("");
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.starts_with("zotero.org/") && rest.contains("/items/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Vec<Entry>, Vec<Warning>) {
        parse(Path::new("lib.json"), text).unwrap()
    }

    #[test]
    fn an_arxiv_record_is_dated_by_its_first_version_and_its_authors_split() {
        let obj = |text: &str| -> Map<String, Value> { serde_json::from_str(text).unwrap() };
        // The snapshot's record without `authors_parsed`: the TeX string, split at commas
        // and `and`; the first version's day, not `update_date`.
        let e = record(&obj(
            r#"{"id": "0704.0001", "title": "Diphoton", "categories": "hep-ph", "authors": "C. Bal\\'azs, E. L. Berger and C.-P.\n  Yuan", "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}], "update_date": "2008-11-13"}"#,
        ))
        .unwrap();
        assert_eq!(e.authors, ["C. Balázs", "E. L. Berger", "C.-P. Yuan"]);
        assert_eq!(e.date.as_deref(), Some("2007-04-02"));
        // Without versions, `update_date` is still a date; authors given as a list stay it.
        let e = record(&obj(
            r#"{"title": "T", "categories": "cs.CL", "authors": ["A. One", "B. Two"], "update_date": "2023-08-03"}"#,
        ))
        .unwrap();
        assert_eq!(e.authors, ["A. One", "B. Two"]);
        assert_eq!(e.date.as_deref(), Some("2023-08-03"));
        // A record of no arXiv metadata keeps `Family, Given` authors whole.
        let e = record(&obj(
            r#"{"title": "T", "authors": "Hu, Edward; Shen, Yelong"}"#,
        ))
        .unwrap();
        assert_eq!(e.authors, ["Hu, Edward", "Shen, Yelong"]);
    }

    #[test]
    fn read_later_exports_name_papers_by_their_links_and_say_what_was_finished() {
        // Wallabag's JSON export: its own item numbers, `is_archived` for finished.
        let wallabag = r#"[{"is_archived":1,"is_starred":0,"tags":["llm"],"id":123,"title":"LoRA: Low-Rank Adaptation of Large Language Models","url":"https://arxiv.org/abs/2106.09685","content":"<p>…</p>","created_at":"2023-05-01T10:00:00+0000","domain_name":"arxiv.org","annotations":[]},
{"is_archived":0,"tags":[],"id":124,"title":"QLoRA: Efficient Finetuning of Quantized LLMs","url":"https://arxiv.org/abs/2305.14314","content":""}]"#;
        let (e, _) = parse_ok(wallabag);
        assert_eq!(e[0].given_id, None);
        assert_eq!(e[0].key.as_deref(), Some("123"));
        assert!(e[0].checked);
        assert!(!e[1].checked);
        assert_eq!(e[0].keywords, ["llm"]);
        // Omnivore's: a UUID, `state`, `labels`.
        let omnivore = r#"[{"id":"3f1c2a4e-1111-2222-3333-444455556666","slug":"lora","title":"LoRA","url":"https://arxiv.org/abs/2106.09685","state":"Archived","labels":["peft"],"savedAt":"2023-05-01T10:00:00.000Z"},
{"id":"9a8b7c6d-1111-2222-3333-444455556666","title":"QLoRA","url":"https://arxiv.org/abs/2305.14314","state":"Succeeded","labels":[]}]"#;
        let (e, _) = parse_ok(omnivore);
        assert_eq!(e[0].given_id, None);
        assert!(e[0].checked);
        assert!(!e[1].checked);
        assert_eq!(e[0].keywords, ["peft"]);
        // Without a link the number is all there is; an id that is a name stays the id.
        let (e, _) = parse_ok(
            r#"[{"id": 7, "title": "A"}, {"id": "2106.09685", "title": "LoRA", "url": "https://a.org/x"}]"#,
        );
        assert_eq!(e[0].given_id.as_deref(), Some("7"));
        assert_eq!(e[1].given_id.as_deref(), Some("2106.09685"));
        assert!(is_item_number("3f1c2a4e-1111-2222-3333-444455556666"));
        assert!(!is_item_number("3f1c2a4e-1111-2222-3333-44445555666g"));
        assert!(!is_item_number("2106.09685"));
        assert!(!is_item_number(""));
    }

    #[test]
    fn pinboard_posts_are_read_as_bookmarks_are() {
        let excerpt = "We propose Low-Rank Adaptation, or LoRA, which freezes the pre-trained model \
                       weights and injects trainable rank decomposition matrices into each layer of \
                       the Transformer architecture, greatly reducing the number of trainable parameters.";
        let text = format!(
            r#"[{{"href":"https://arxiv.org/abs/2106.09685","description":"[2106.09685] LoRA: Low-Rank Adaptation of Large Language Models","extended":"{excerpt}","meta":"3c5b","hash":"9a1e","time":"2023-05-01T10:00:00Z","shared":"no","toread":"yes","tags":"llm peft"}},
{{"href":"https://openreview.net/forum?id=OUIFPHEgJU","description":"QLoRA: Efficient Finetuning of Quantized LLMs | OpenReview","extended":"read with Jisoo","meta":"4d6c","hash":"0b2f","time":"2023-06-02T10:00:00Z","shared":"no","toread":"no","tags":"llm read"}},
{{"href":"https://arxiv.org/pdf/2305.14314v1.pdf","description":"2305.14314v1.pdf","extended":"","time":"2023-06-03T10:00:00Z","toread":"yes","tags":""}}]"#
        );
        let (e, w) = parse_ok(&text);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(e.len(), 3);
        // The page's title is the paper's; the excerpt, the abstract; tags, keywords.
        assert_eq!(
            e[0].title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(e[0].url, "https://arxiv.org/abs/2106.09685");
        assert!(e[0]
            .abstract_text
            .as_deref()
            .is_some_and(|a| a.starts_with("We propose Low-Rank Adaptation")));
        assert_eq!(e[0].keywords, ["llm", "peft"]);
        // Saved for later is not read, nor a date.
        assert!(!e[0].checked);
        assert_eq!(e[0].date, None);
        assert_eq!(e[0].given_id, None);
        // A site's name leaves the title; a short note is no abstract.
        assert_eq!(e[1].title, "QLoRA: Efficient Finetuning of Quantized LLMs");
        assert_eq!(e[1].abstract_text, None);
        assert_eq!(e[1].keywords, ["llm", "read"]);
        // A PDF's file name is no title: the paper is named by its arXiv id.
        assert_eq!(e[2].title, "arXiv:2305.14314");
        assert!(e[2].keywords.is_empty());
    }

    #[test]
    fn openreview_notes_of_both_apis_are_read_from_their_content() {
        // API 2 (`api2.openreview.net/notes?content.venueid=ICLR.cc/2024/Conference`):
        // every field as `{"value": …}`; dates in milliseconds.
        let v2 = r#"{"notes": [{"id": "nZeVKeeFYf", "forum": "nZeVKeeFYf", "invitations": ["ICLR.cc/2024/Conference/-/Submission"],
  "content": {"title": {"value": "LoRA Learns Less and Forgets Less"}, "authors": {"value": ["Dan Biderman", "Jose Ortiz"]},
   "keywords": {"value": ["PEFT", "LoRA"]}, "abstract": {"value": "Low-Rank Adaptation is a widely-used method."},
   "venue": {"value": "ICLR 2024 poster"}, "pdf": {"value": "/pdf/abc.pdf"}},
  "cdate": 1695398400000, "pdate": 1705881600000}], "count": 1}"#;
        let (e, w) = parse_ok(v2);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "LoRA Learns Less and Forgets Less");
        assert_eq!(e[0].given_id.as_deref(), Some("nZeVKeeFYf"));
        assert_eq!(e[0].url, "https://openreview.net/forum?id=nZeVKeeFYf");
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("Low-Rank Adaptation is a widely-used method.")
        );
        assert_eq!(e[0].authors, vec!["Dan Biderman", "Jose Ortiz"]);
        assert_eq!(e[0].keywords, vec!["PEFT", "LoRA"]);
        assert_eq!(e[0].venue.as_deref(), Some("ICLR 2024 poster"));
        assert_eq!(e[0].date.as_deref(), Some("2024-01-22"));
        // The first API: plain fields, no publication date.
        let v1 = r#"{"notes": [{"id": "n1", "forum": "f1", "content": {"title": "Scaling Laws",
  "abstract": "We study scaling.", "authors": ["A. Author"]}, "cdate": 0}]}"#;
        let (e, _) = parse_ok(v1);
        assert_eq!(e[0].given_id.as_deref(), Some("f1"));
        assert_eq!(e[0].url, "https://openreview.net/forum?id=f1");
        assert_eq!(e[0].date.as_deref(), Some("1970-01-01"));
        assert_eq!(e[0].authors, vec!["A. Author"]);
    }

    #[test]
    fn hugging_face_daily_papers_are_read_from_their_paper_objects() {
        // `https://huggingface.co/api/daily_papers`: the day's listing of each paper, its
        // own fields under `paper`.
        let hf = r#"[{"paper": {"id": "2312.00752", "authors": [{"_id": "a1", "name": "Albert Gu", "hidden": false}, {"_id": "a2", "name": "Tri Dao", "hidden": false}],
  "publishedAt": "2023-12-01T18:01:34.000Z", "title": "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
  "summary": "Foundation models are almost universally based on the Transformer, $O(n^2)$ in length.", "upvotes": 130},
 "publishedAt": "2023-12-04T02:11:12.123Z", "title": "Mamba: Linear-Time Sequence Modeling with Selective State Spaces",
 "thumbnail": "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2312.00752.png", "numComments": 4}]"#;
        let (e, w) = parse_ok(hf);
        assert!(w.is_empty());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].given_id.as_deref(), Some("2312.00752"));
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("Foundation models are almost universally based on the Transformer, O(n^2) in length.")
        );
        assert_eq!(e[0].authors, vec!["Albert Gu", "Tri Dao"]);
        // The paper's date, not the day it was listed, and its day only.
        assert_eq!(e[0].date.as_deref(), Some("2023-12-01"));
        assert_eq!(day_of_timestamp("2023-12-01".into()), "2023-12-01");
        assert_eq!(
            day_of_timestamp("2023-12-01 noon".into()),
            "2023-12-01 noon"
        );
        assert_eq!(
            day_of_timestamp("2023-1X-01T00:00".into()),
            "2023-1X-01T00:00"
        );
    }

    #[test]
    fn zoteros_csl_json_is_read_with_its_own_names() {
        // As Zotero's "CSL JSON" export writes an arXiv preprint (item URI as id, the
        // year of `date-parts` as a string, arXiv subjects as `keyword`), then a record
        // with Better BibTeX's citation key, then one without a title.
        let text = r#"[
	{
		"id": "http://zotero.org/users/local/kZ3Yx5Yb/items/Q2WERTY8",
		"type": "article",
		"abstract": "An important   paradigm.",
		"DOI": "10.48550/arXiv.2106.09685",
		"number": "arXiv:2106.09685",
		"title": "LoRA: Low-Rank Adaptation of Large Language Models",
		"title-short": "LoRA",
		"URL": "http://arxiv.org/abs/2106.09685",
		"keyword": "Computer Science - Computation and Language, adapters",
		"author": [{"family": "Hu", "given": "Edward J."}, {"literal": "OpenAI"}],
		"issued": {"date-parts": [["2021", 10, 16]]}
	},
	{"id": "vaswani2017attention", "citation-key": "vaswani2017attention", "type": "paper-conference",
	 "title": "Attention Is All You Need", "title-short": "Attention Is All You Need",
	 "container-title": "NeurIPS", "issued": {"date-parts": [[2017, 12]]}},
	{"id": "x", "type": "webpage", "URL": "https://example.org/"}
]
"#;
        let (e, w) = parse_ok(text);
        assert_eq!(e.len(), 2);
        let lora = &e[0];
        assert_eq!(lora.line, 2);
        assert_eq!(
            lora.title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(lora.alias.as_deref(), Some("LoRA"));
        assert_eq!(
            lora.abstract_text.as_deref(),
            Some("An important paradigm.")
        );
        assert_eq!(lora.date.as_deref(), Some("2021-10-16"));
        assert_eq!(lora.url, "http://arxiv.org/abs/2106.09685");
        assert_eq!(lora.doi.as_deref(), Some("10.48550/arXiv.2106.09685"));
        // A CSL id is a citation key; the paper is known by its DOI.
        assert_eq!(lora.given_id.as_deref(), Some("10.48550/arXiv.2106.09685"));
        // Zotero's item URI is no citation key.
        assert_eq!(lora.key, None);
        assert_eq!(
            lora.keywords,
            vec!["Computer Science - Computation and Language", "adapters"]
        );
        assert_eq!(lora.authors, vec!["Hu, Edward J.", "OpenAI"]);
        let attention = &e[1];
        assert_eq!(attention.line, 15);
        assert_eq!(attention.key.as_deref(), Some("vaswani2017attention"));
        assert_eq!(attention.given_id, None);
        assert_eq!(attention.alias, None, "a short title that is the title");
        assert_eq!(attention.date.as_deref(), Some("2017-12"));
        assert_eq!(attention.venue.as_deref(), Some("NeurIPS"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 18);
        assert!(w[0].message.contains("1 record without a title"), "{w:?}");
    }

    #[test]
    fn api_answers_of_semantic_scholar_openalex_and_crossref() {
        let s2 = r#"{"total": 1, "offset": 0, "data": [
  {"paperId": "a2f5", "externalIds": {"ArXiv": "2106.09685", "DOI": "10.48550/arXiv.2106.09685"},
   "title": "LoRA", "abstract": null, "year": 2021, "venue": "ICLR",
   "authors": [{"authorId": "1", "name": "Edward J. Hu"}]}
]}"#;
        let (e, _) = parse_ok(s2);
        assert_eq!(e[0].line, 2);
        assert_eq!(e[0].given_id.as_deref(), Some("a2f5"));
        assert_eq!(e[0].key.as_deref(), Some("2106.09685"));
        assert_eq!(e[0].doi.as_deref(), Some("10.48550/arXiv.2106.09685"));
        assert_eq!(e[0].abstract_text, None);
        assert_eq!(e[0].date.as_deref(), Some("2021"));
        assert_eq!(e[0].authors, vec!["Edward J. Hu"]);
        let openalex = r#"{"meta": {"count": 1}, "results": [{
  "id": "https://openalex.org/W3168867926", "doi": "https://doi.org/10.48550/arxiv.2106.09685",
  "display_name": "LoRA: Low-Rank Adaptation", "publication_date": "2021-06-17",
  "abstract_inverted_index": {"An": [0], "paradigm.": [2], "important": [1]},
  "authorships": [{"author": {"display_name": "Edward J. Hu"}}],
  "primary_location": {"landing_page_url": "https://arxiv.org/abs/2106.09685",
                       "source": {"display_name": "arXiv (Cornell University)"}}}]}"#;
        let (e, _) = parse_ok(openalex);
        assert_eq!(e[0].title, "LoRA: Low-Rank Adaptation");
        assert_eq!(e[0].given_id.as_deref(), Some("W3168867926"));
        assert_eq!(e[0].doi.as_deref(), Some("10.48550/arxiv.2106.09685"));
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("An important paradigm.")
        );
        assert_eq!(e[0].url, "https://arxiv.org/abs/2106.09685");
        assert_eq!(e[0].venue.as_deref(), Some("arXiv (Cornell University)"));
        assert_eq!(e[0].authors, vec!["Edward J. Hu"]);
        let crossref = r#"{"status": "ok", "message": {"total-results": 1, "items": [{
  "DOI": "10.1145/3331184.3331202", "title": ["A General Framework for Counterfactual Learning-to-Rank"],
  "abstract": "<jats:title>Abstract</jats:title><jats:p>Implicit feedback &amp; bias.</jats:p>",
  "author": [{"given": "Aman", "family": "Agarwal"}], "issued": {"date-parts": [[2019, 7, 18]]},
  "container-title": ["Proceedings of SIGIR", "SIGIR"], "URL": "http://dx.doi.org/10.1145/3331184.3331202"}]}}"#;
        let (e, _) = parse_ok(crossref);
        assert_eq!(
            e[0].title,
            "A General Framework for Counterfactual Learning-to-Rank"
        );
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("Implicit feedback & bias.")
        );
        assert_eq!(e[0].given_id.as_deref(), Some("10.1145/3331184.3331202"));
        assert_eq!(e[0].date.as_deref(), Some("2019-07-18"));
        assert_eq!(e[0].venue.as_deref(), Some("Proceedings of SIGIR"));
        assert_eq!(e[0].authors, vec!["Agarwal, Aman"]);
        // A list of bare titles.
        let (e, w) = parse_ok("[\"Attention Is All You Need\",\n \"  LoRA \", \"\"]");
        let titles: Vec<(&str, usize)> = e.iter().map(|e| (e.title.as_str(), e.line)).collect();
        assert_eq!(titles, vec![("Attention Is All You Need", 1), ("LoRA", 2)]);
        assert_eq!(w.len(), 1);
        // Names in any case.
        let (e, _) = parse_ok(
            r#"[{"Title": "LoRA", "Abstract": "A.", "Url": "https://arxiv.org/abs/2106.09685", "Year": 2021, "Authors": ["Hu"]}]"#,
        );
        assert_eq!(
            (
                e[0].title.as_str(),
                e[0].abstract_text.as_deref(),
                e[0].url.as_str(),
                e[0].date.as_deref(),
                e[0].authors.len()
            ),
            (
                "LoRA",
                Some("A."),
                "https://arxiv.org/abs/2106.09685",
                Some("2021"),
                1
            )
        );
        // One record on its own is a list of one.
        let (e, _) = parse_ok(r#"{"title": "Solo", "year": 2020}"#);
        assert_eq!((e[0].title.as_str(), e[0].line), ("Solo", 1));
    }

    #[test]
    fn zoteros_own_json_better_bibtex_and_the_web_api() {
        // Better BibTeX's JSON export: `items` beside the library's `collections`, fields
        // by Zotero's names.
        let bbt = r#"{"config": {"label": "BetterBibTeX JSON"},
  "collections": {"ABCD1234": {"key": "ABCD1234", "name": "PEFT", "parent": false}},
  "items": [
    {"itemID": 1, "key": "Q2Z5ZJ9V", "itemType": "preprint",
     "title": "LoRA: Low-Rank Adaptation of Large Language Models", "shortTitle": "LoRA",
     "abstractNote": "An important paradigm of natural language processing.",
     "creators": [{"firstName": "Edward J.", "lastName": "Hu", "creatorType": "author"},
                  {"name": "OpenAI", "creatorType": "author"}],
     "date": "2021-10-16", "url": "http://arxiv.org/abs/2106.09685",
     "DOI": "10.48550/arXiv.2106.09685",
     "tags": [{"tag": "Computer Science - Machine Learning", "type": 1}, {"tag": "peft"}],
     "citationKey": "hu2021lora", "collections": ["ABCD1234"]},
    {"itemID": 2, "itemType": "conferencePaper",
     "title": "QLoRA: Efficient Finetuning of Quantized LLMs",
     "proceedingsTitle": "Advances in Neural Information Processing Systems",
     "url": "https://arxiv.org/abs/2305.14314", "citationKey": "dettmers2023qlora"}
  ]}"#;
        let (e, w) = parse(Path::new("lib.json"), bbt).unwrap();
        assert!(w.is_empty());
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].key.as_deref(), Some("hu2021lora"));
        assert_eq!(e[0].alias.as_deref(), Some("LoRA"));
        assert_eq!(e[0].authors, ["Hu, Edward J.", "OpenAI"]);
        assert_eq!(e[0].heading.as_deref(), Some("PEFT"));
        assert_eq!(e[0].doi.as_deref(), Some("10.48550/arXiv.2106.09685"));
        assert!(e[0].abstract_text.is_some());
        assert_eq!(e[1].key.as_deref(), Some("dettmers2023qlora"));
        assert_eq!(
            e[1].venue.as_deref(),
            Some("Advances in Neural Information Processing Systems")
        );
        assert_eq!(e[1].heading, None);
        // Zotero's web API: each item's fields under `data`.
        let api = r#"[
  {"key": "Q2Z5ZJ9V", "version": 12, "meta": {"creatorSummary": "Hu et al."},
   "data": {"key": "Q2Z5ZJ9V", "itemType": "preprint",
            "title": "LoRA: Low-Rank Adaptation of Large Language Models",
            "creators": [{"creatorType": "author", "firstName": "Edward J.", "lastName": "Hu"}],
            "url": "http://arxiv.org/abs/2106.09685"}}
]"#;
        let (e, _) = parse(Path::new("api.json"), api).unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(e[0].authors, ["Hu, Edward J."]);
        assert_eq!(e[0].line, 2);
    }

    #[test]
    fn broken_json_and_documents_without_records_are_errors_naming_the_line() {
        let err = |text: &str| parse(Path::new("lib.json"), text).unwrap_err().to_string();
        let e = err("[\n  {\"title\": \"A\"},\n  {\"title\": \"B\",}\n]");
        assert!(
            e.contains("lib.json:3") && e.contains("not valid JSON"),
            "{e}"
        );
        let e = err("[\n  {\"title\": \"A\"},\n  42\n]");
        assert!(e.contains("lib.json:3") && e.contains("JSON object"), "{e}");
        let e = err("{\"meta\": {\"count\": 0}, \"results\": []}");
        assert!(e.contains("no records found"), "{e}");
        let e = err("42");
        assert!(e.contains("no records found"), "{e}");
    }

    #[test]
    fn csl_dates_in_every_form() {
        let d = |v: Value| date_parts(&v);
        assert_eq!(
            d(serde_json::json!({"date-parts": [[2021, 6, 17]]})).as_deref(),
            Some("2021-06-17")
        );
        assert_eq!(
            d(serde_json::json!({"date-parts": [["2021", "6"]]})).as_deref(),
            Some("2021-06")
        );
        assert_eq!(
            d(serde_json::json!({"date-parts": [[2021, 13]]})).as_deref(),
            Some("2021")
        );
        assert_eq!(
            d(serde_json::json!({"raw": "2021-06"})).as_deref(),
            Some("2021-06")
        );
        assert_eq!(d(serde_json::json!({"date-parts": [[]]})), None);
        assert_eq!(d(serde_json::json!("2021")), None);
    }

    #[test]
    fn the_inverted_index_is_put_back_in_order() {
        let v = serde_json::json!({"the": [0, 3], "cat": [1], "saw": [2], "dog": [4]});
        assert_eq!(rebuild_abstract(&v).unwrap(), "the cat saw the dog");
        assert_eq!(rebuild_abstract(&serde_json::json!({})), None);
        assert_eq!(rebuild_abstract(&Value::Null), None);
    }
}
