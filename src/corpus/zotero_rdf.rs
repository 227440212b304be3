//! Zotero RDF (`.rdf`), Zotero's own export format (and the one it keeps collections
//! in): an `rdf:RDF` document whose items are elements with a `z:itemType` (`bib:Article`,
//! `bib:Book`, `rdf:Description` …), written as Zotero's `Zotero RDF` translator writes
//! them.
//!
//! Each item's fields are read as the RIS tags of the same meaning and the item goes
//! through the RIS reader's fields ([`super::ris`]), as EndNote's formats do: `dc:title`
//! the title, `z:shortTitle` the alias, `dcterms:abstract`, `bib:authors` (a `foaf:Person`'s
//! surname and given name), `dc:date` (numeric, or `July 18, 2019`), `dc:identifier` (a
//! `dcterms:URI`'s value the link; `DOI 10.…` the DOI, also on the journal or proceedings
//! the item `dcterms:isPartOf`, whose `dc:title` is the venue), `dc:subject` (a tag,
//! written or automatic) the keywords, and `z:citationKey` (or `Citation Key: …` in
//! `dc:description`, as Better BibTeX writes it) a citation key. The `z:Collection` an item
//! is in (`dcterms:hasPart`) is its heading. Attachments and notes are not papers; an item
//! without a title is skipped with one warning; a file that is not XML, or holds no item,
//! is an error naming its line.

use super::endnote_xml::{full_date, xml_document};
use super::ris::Record;
use super::{LineIndex, Warning};
use crate::corpus::paper::Entry;
use crate::error::{Error, Result};
use roxmltree::Node;
use std::collections::HashMap;
use std::path::Path;

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const Z: &str = "http://www.zotero.org/namespaces/export#";
const BIB: &str = "http://purl.org/net/biblio#";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";

/// Item types that are no papers.
const NOT_PAPERS: [&str; 2] = ["attachment", "note"];

/// Whether `text` is a Zotero RDF export: an `rdf:RDF` document in Zotero's namespace.
pub fn is_zotero_rdf(text: &str) -> bool {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    head.contains("<rdf:RDF") && head.contains(Z)
}

/// Parse a Zotero RDF file: its items as entries, and warnings for what was skipped.
pub fn parse(path: &Path, text: &str) -> Result<(Vec<Entry>, Vec<Warning>)> {
    let doc = xml_document(path, text, "Zotero RDF")?;
    let lines = LineIndex::new(text);
    let top: Vec<Node> = doc
        .root_element()
        .children()
        .filter(Node::is_element)
        .collect();
    // Resources described at the top (a journal named by its ISSN), by their `rdf:about`.
    let about: HashMap<&str, Node> = top
        .iter()
        .filter_map(|n| n.attribute((RDF, "about")).map(|a| (a, *n)))
        .collect();
    let headings = collection_of(&top);
    let items: Vec<Node> = top
        .iter()
        .copied()
        .filter(|n| {
            child(*n, Z, "itemType").is_some_and(|t| !NOT_PAPERS.contains(&text_of(t).as_str()))
        })
        .collect();
    if items.is_empty() {
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: 1,
            message: "no Zotero RDF items (an item is an element with a `z:itemType`); export \
                      the library again as Zotero RDF, or name the file for its format"
                .into(),
        });
    }
    let mut entries = Vec::new();
    let mut untitled = Vec::new();
    for item in items {
        let record = record(&lines, item, &about);
        match record.entry() {
            Some(mut e) => {
                e.heading = item
                    .attribute((RDF, "about"))
                    .and_then(|a| headings.get(a))
                    .cloned();
                entries.push(e);
            }
            None => untitled.push(record.line),
        }
    }
    let warnings = super::untitled_warning(&untitled, "record", "records", "`dc:title`")
        .into_iter()
        .collect();
    Ok((entries, warnings))
}

/// The collection each item is in (the first that lists it), by the item's `rdf:about`.
fn collection_of<'a>(top: &[Node<'a, 'a>]) -> HashMap<&'a str, String> {
    let mut out = HashMap::new();
    for c in top.iter().filter(|n| n.has_tag_name((Z, "Collection"))) {
        let Some(name) = child(*c, DC, "title")
            .map(text_of)
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        for part in c
            .children()
            .filter(|p| p.has_tag_name((DCTERMS, "hasPart")))
        {
            if let Some(r) = part.attribute((RDF, "resource")) {
                out.entry(r).or_insert_with(|| name.clone());
            }
        }
    }
    out
}

/// One item as RIS-tagged fields, on the line its element opens.
fn record(lines: &LineIndex, item: Node, about: &HashMap<&str, Node>) -> Record {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut push = |tag: &str, value: String| {
        if !value.is_empty() {
            fields.push((tag.to_string(), value));
        }
    };
    for f in item.children().filter(Node::is_element) {
        let ns = f.tag_name().namespace().unwrap_or("");
        match (ns, f.tag_name().name()) {
            (DC, "title") => push("TI", text_of(f)),
            (Z, "shortTitle") => push("ST", text_of(f)),
            (DCTERMS, "abstract") => push("AB", text_of(f)),
            (Z, "citationKey") => push("ID", text_of(f)),
            (DC, "description") => {
                // Better BibTeX keeps the key in Zotero's Extra field.
                let extra = f.text().unwrap_or("");
                for l in extra.lines() {
                    if let Some(k) = l.trim().strip_prefix("Citation Key:") {
                        push("ID", k.trim().to_string());
                    }
                }
            }
            (DC, "date") => {
                let d = text_of(f);
                if let Some(d) = full_date(&d, None) {
                    push("DA", d);
                }
            }
            (DC, "identifier") => identifier(f, &mut push),
            (DC, "subject") => {
                // A tag written as text, or an automatic tag's value (not a call number).
                if f.children().any(|c| c.has_tag_name((DCTERMS, "LCC"))) {
                    continue;
                }
                match f.children().find(Node::is_element) {
                    Some(tag) => {
                        if let Some(v) = child(tag, RDF, "value") {
                            push("KW", text_of(v));
                        }
                    }
                    None => push("KW", text_of(f)),
                }
            }
            (BIB, "authors") => {
                for p in f.descendants().filter(|p| p.has_tag_name((FOAF, "Person"))) {
                    push("AU", person(p));
                }
            }
            (DCTERMS, "isPartOf") => {
                // The journal or proceedings, inline or described at the top.
                let container = f.children().find(Node::is_element).or_else(|| {
                    f.attribute((RDF, "resource"))
                        .and_then(|r| about.get(r).copied())
                });
                if let Some(c) = container.filter(|c| !c.has_tag_name((BIB, "Series"))) {
                    if let Some(t) = child(c, DC, "title") {
                        push("T2", text_of(t));
                    }
                    for id in c.children().filter(|i| i.has_tag_name((DC, "identifier"))) {
                        identifier(id, &mut push);
                    }
                }
            }
            _ => {}
        }
    }
    Record {
        line: lines.line(item.range().start),
        fields,
    }
}

/// A `dc:identifier`: a `dcterms:URI`'s value (a web link) or `DOI 10.…`.
fn identifier(id: Node, push: &mut impl FnMut(&str, String)) {
    if let Some(uri) = id.children().find(|u| u.has_tag_name((DCTERMS, "URI"))) {
        let url = child(uri, RDF, "value").map(text_of).unwrap_or_default();
        if url.starts_with("http://") || url.starts_with("https://") {
            push("UR", url);
        }
        return;
    }
    if let Some(doi) = text_of(id).strip_prefix("DOI ") {
        push("DO", doi.trim().to_string());
    }
}

/// `Surname, Given` (or the one name a person has).
fn person(p: Node) -> String {
    let part = |names: &[&str]| {
        p.children()
            .find(|c| {
                c.tag_name().namespace() == Some(FOAF)
                    && names
                        .iter()
                        .any(|n| c.tag_name().name().eq_ignore_ascii_case(n))
            })
            .map(text_of)
            .filter(|t| !t.is_empty())
    };
    match (part(&["surname"]), part(&["givenName", "givenname"])) {
        (Some(s), Some(g)) => format!("{s}, {g}"),
        (Some(s), None) => s,
        (None, g) => g.or_else(|| part(&["name"])).unwrap_or_default(),
    }
}

/// The first child element of `node` named `name` in namespace `ns`.
fn child<'a>(node: Node<'a, 'a>, ns: &str, name: &str) -> Option<Node<'a, 'a>> {
    node.children().find(|c| c.has_tag_name((ns, name)))
}

/// The text of an element and everything in it, its white space collapsed.
fn text_of(node: Node) -> String {
    let mut out = String::new();
    for t in node.descendants().filter(Node::is_text) {
        out.push_str(t.text().unwrap_or(""));
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A journal article as Zotero writes one: its journal described at the top under its
    /// ISSN (DOI and title there), a call number among its subjects, an old export's
    /// `foaf:givenname`, Zotero 7's `z:citationKey`; then a note and a collection.
    const ARTICLE: &str = r##"<rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:z="http://www.zotero.org/namespaces/export#"
 xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:bib="http://purl.org/net/biblio#"
 xmlns:foaf="http://xmlns.com/foaf/0.1/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
    <bib:Article rdf:about="#item_7">
        <z:itemType>journalArticle</z:itemType>
        <dcterms:isPartOf rdf:resource="urn:issn:0028-0836"/>
        <bib:authors><rdf:Seq><rdf:li><foaf:Person>
            <foaf:surname>LeCun</foaf:surname><foaf:givenname>Yann</foaf:givenname>
        </foaf:Person></rdf:li></rdf:Seq></bib:authors>
        <dc:subject><dcterms:LCC><rdf:value>Q325.5</rdf:value></dcterms:LCC></dc:subject>
        <dc:subject>deep learning</dc:subject>
        <dc:title>Deep
            learning</dc:title>
        <dc:date>28 May 2015</dc:date>
        <z:citationKey>lecun2015deep</z:citationKey>
    </bib:Article>
    <bib:Journal rdf:about="urn:issn:0028-0836">
        <dc:title>Nature</dc:title>
        <dc:identifier>DOI 10.1038/nature14539</dc:identifier>
        <dc:identifier>ISSN 0028-0836</dc:identifier>
    </bib:Journal>
    <bib:Memo rdf:about="#item_8"><rdf:value>a note</rdf:value></bib:Memo>
    <z:Collection rdf:about="#collection_1">
        <dc:title>Classics</dc:title>
        <dcterms:hasPart rdf:resource="#item_7"/>
    </z:Collection>
</rdf:RDF>
"##;

    #[test]
    fn an_article_takes_its_journals_doi_and_title_and_its_collection() {
        assert!(is_zotero_rdf(ARTICLE));
        let (e, warnings) = parse(Path::new("z.rdf"), ARTICLE).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(e.len(), 1);
        let a = &e[0];
        assert_eq!(a.title, "Deep learning");
        assert_eq!(a.doi.as_deref(), Some("10.1038/nature14539"));
        assert_eq!(a.venue.as_deref(), Some("Nature"));
        assert_eq!(a.authors, ["LeCun, Yann"]);
        assert_eq!(a.keywords, ["deep learning"]);
        assert_eq!(a.date.as_deref(), Some("2015-05-28"));
        assert_eq!(a.key.as_deref(), Some("lecun2015deep"));
        assert_eq!(a.heading.as_deref(), Some("Classics"));
        assert_eq!(a.line, 8);
    }

    #[test]
    fn what_is_no_zotero_rdf_is_an_error_naming_its_line() {
        let broken =
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<a>\n</rdf:RDF>";
        let e = parse(Path::new("z.rdf"), broken).unwrap_err().to_string();
        assert!(e.contains("z.rdf:3") && e.contains("Zotero RDF"), "{e}");
        let empty = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>";
        let e = parse(Path::new("z.rdf"), empty).unwrap_err().to_string();
        assert!(e.contains("no Zotero RDF items"), "{e}");
        assert!(!is_zotero_rdf("<records><record/></records>"));
        // A multi-byte character at the sniffed prefix's end is no panic.
        let long = format!("<rdf:RDF {}", "é".repeat(40_000));
        assert!(!is_zotero_rdf(&long));
    }
}
