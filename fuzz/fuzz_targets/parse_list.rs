//! Fuzz the list parsers (any of them in UTF-16 too; markdown, a note of a folder of notes, org-mode, JSONL, JSON, CSV, BibTeX, RIS, EndNote's tagged format and XML, Zotero RDF, RSS and Atom feeds, browser bookmarks, plain text, a reading history) and duplicate folding: any bytes
//! must give papers or an error, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use readnext::corpus::{
    bibtex, bookmarks, endnote_xml, feed, fold, json, markdown, notes, org, refer, resolve, ris,
    tabular, text, zotero_rdf, Corpus, Format,
};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let corpus = Corpus::from_entries("fuzz.md", markdown::parse(text));
        for p in &corpus.papers {
            let _ = p.passage();
        }
        if let Some(first) = text.lines().next() {
            let _ = resolve(&corpus, first);
        }
        let _ = fold(text::parse(text));
        let _ = Format::sniff(data);
        if let Ok((entries, _)) = bibtex::parse(Path::new("fuzz.bib"), text) {
            let corpus = Corpus::from_entries("fuzz.bib", entries);
            if let Some(first) = text.lines().next() {
                let _ = resolve(&corpus, first);
            }
        }
        if let Ok((entries, _)) = json::parse(Path::new("fuzz.json"), text) {
            let _ = fold(entries);
        }
        if let Ok((entries, _)) = ris::parse(Path::new("fuzz.ris"), text) {
            let _ = fold(entries);
        }
        if let Ok((entries, _)) = refer::parse(Path::new("fuzz.enw"), text) {
            let _ = fold(entries);
        }
        if let Ok((entries, _)) = feed::parse(Path::new("fuzz.rss"), text) {
            let _ = fold(entries);
        }
        if let Ok((entries, _)) = zotero_rdf::parse(Path::new("fuzz.rdf"), text) {
            let _ = fold(entries);
        }
        let _ = zotero_rdf::is_zotero_rdf(text);
        if let Ok((entries, _)) = endnote_xml::parse(Path::new("fuzz.xml"), text) {
            let _ = fold(entries);
        }
        // The same text as a hand-kept reading history (bullets, week labels, dates with
        // and without a year).
        for l in readnext::reading::history::lines_of(text, Some("2026-12-07")) {
            let _ = resolve(&corpus, &l.reference);
        }
        let _ = fold(bookmarks::parse(text));
        let _ = fold(org::parse(text));
        let _ = org::looks_like_org(text);
        // One note of a folder of notes: its front matter and `key:: value` fields.
        let _ = notes::fields::front_matter(text);
        let _ = notes::fields::inline(text);
        let _ = notes::fields::toml_front_matter(text);
        let _ = fold(notes::note_entry("Papers/fuzz 2021.md", text).into_iter().collect());
        // A note `add` writes for a paper of this title is read back as a paper.
        let title = text.lines().next().unwrap_or_default();
        if !title.trim().is_empty() {
            let p = readnext::corpus::Paper {
                title: title.to_string(),
                url: "https://example.org/paper".into(),
                ..Default::default()
            };
            let name = notes::write::note_file_name(title).unwrap_or_else(|| "x.md".into());
            let written = notes::write::note_text(&p);
            assert!(
                notes::note_entry(&name, &written).is_some(),
                "the note written for {title:?} is no paper:\n{written}"
            );
        }
    }
    // Text saved as UTF-16 with its mark reads back as the same text, written back the same.
    if let Ok(text) = std::str::from_utf8(data) {
        use readnext::corpus::encoding::{encode, to_utf8, Encoding};
        for encoding in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = encode(text, encoding);
            let (back, found) = to_utf8(&bytes);
            assert_eq!(found, encoding);
            assert_eq!(&back[..], text.as_bytes());
        }
    }
    // Any bytes as standard input gives them: sniffed, inflated when gzipped, parsed.
    let _ = Corpus::from_bytes(Path::new("fuzz"), Format::sniff(data), data);
    // Under a `.json` name: a document, or JSON lines (Kaggle's arXiv snapshot), maybe gzipped.
    let _ = Corpus::from_bytes(Path::new("fuzz.json"), Format::Json, data);
    if let Ok(entries) = tabular::parse_jsonl(Path::new("fuzz.jsonl"), data) {
        let _ = fold(entries);
    }
    if let Ok(entries) = tabular::parse_csv(Path::new("fuzz.csv"), data) {
        let _ = fold(entries);
    }
});
