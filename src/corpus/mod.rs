//! Reading lists → papers: parsing (markdown, JSONL, JSON, CSV, BibTeX, RIS, EndNote's
//! tagged format and XML, Zotero RDF, browser bookmarks, plain text; any of them
//! gzipped), folding duplicates, and
//! resolving a user's paper reference to one paper.

pub mod abstract_text;
pub mod append;
pub mod bibtex;
pub mod bookmarks;
pub mod calendar;
pub mod check;
pub mod citation;
pub mod conflict;
pub mod date;
pub mod encoding;
pub mod endnote_xml;
pub mod enrich;
pub mod feed;
pub mod file_name;
pub mod gzip;
pub mod json;
pub mod known_names;
pub mod latex;
pub mod markdown;
pub mod markup;
pub mod normalize;
pub mod notes;
#[cfg(feature = "online")]
pub mod online;
pub mod org;
pub mod page_title;
pub mod paper;
pub(crate) mod read_mark;
pub mod refer;
pub mod resolve;
pub mod ris;
pub mod session_date;
pub mod tabular;
pub mod text;
pub mod url;
pub mod venue;
pub mod workbook;
pub mod zotero_rdf;

pub use gzip::is_gzip;
pub use paper::{AbstractSource, Entry, Paper};
pub use resolve::{resolve, resolve_in, List};

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A parsed reading list.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The list file it came from.
    pub path: PathBuf,
    /// Distinct papers in list order.
    pub papers: Vec<Paper>,
    /// What was skipped while reading the list, and why (a broken BibTeX entry).
    pub warnings: Vec<Warning>,
    /// For a folder of notes, the note each line number stands for (line n is
    /// `files[n - 1]`, a path relative to the folder); empty for a list file.
    pub files: Vec<String>,
    /// For a folder of notes, what `readnext check` says of its notes that are no paper's.
    pub notes_skipped: Option<String>,
}

/// Something in a list that was skipped, or how the list was read, with the line it is
/// on and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The 1-based line (0: the warning is about the whole list, a folder's notes).
    pub line: usize,
    /// What it is about, as data (`check` names its kind, and says it in Korean).
    pub concern: Concern,
    /// What happened and the fix, in English.
    pub message: String,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Concern {
    /// Entries or notes that reading the list skipped.
    #[default]
    Skipped,
    /// The list read in a legacy encoding, by the encoding's name: nothing skipped.
    Encoding(String),
    /// The sheet of a workbook that is the list, and its later sheets that name a title
    /// column too (not read).
    Sheets { list: String, others: Vec<String> },
    /// An unresolved merge conflict starts on the warning's line (both sides read).
    Conflict,
}

impl Concern {
    /// Its name as `check` gives it: `skipped` (a workbook's sheets not read are rows
    /// skipped too), `encoding` or `conflict`.
    pub fn kind(&self) -> &'static str {
        match self {
            Concern::Skipped | Concern::Sheets { .. } => "skipped",
            Concern::Encoding(_) => "encoding",
            Concern::Conflict => "conflict",
        }
    }
}

impl Warning {
    /// Entries (or notes) on `line` that reading the list skipped, and why.
    pub fn skipped(line: usize, message: String) -> Warning {
        Warning {
            line,
            concern: Concern::Skipped,
            message,
        }
    }

    /// `list:line: message` (`list: message` without a line), as stderr shows it.
    pub fn shown(&self, list: &Path) -> String {
        match self.line {
            0 => format!("{}: {}", list.display(), self.message),
            line => format!("{}:{line}: {}", list.display(), self.message),
        }
    }
}

/// The formats a list can have, chosen by file extension (or, on standard input, by its
/// first bytes). Compression is not a format: a gzipped file of any of them
/// (`papers.bib.gz`, `arxiv.jsonl.gz`) is told by its first bytes and inflated as it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// One JSON record a line (`.jsonl`, `.ndjson`).
    Jsonl,
    /// A JSON document holding many records (`.json`: CSL JSON, API answers).
    Json,
    Csv,
    Bibtex,
    /// RIS (`.ris`).
    Ris,
    /// EndNote's tagged format (`.enw`, Refer/BibIX).
    Refer,
    /// EndNote's XML export (`.xml`: EndNote, Mendeley, Zotero).
    EndnoteXml,
    /// Zotero's own RDF export (`.rdf`).
    ZoteroRdf,
    /// One title, URL or arXiv id a line (`.txt`).
    Text,
    /// A browser's bookmarks export (`.html`, `.htm`: the Netscape bookmark file); an
    /// `.html` file that is no such export is read as markdown, as before.
    Bookmarks,
    /// An org-mode list (`.org`: Emacs, org-roam), read as the markdown it says.
    Org,
    /// An RSS or Atom feed (`.rss`, `.atom`; an `.xml` or `.rdf` file, or one of another
    /// name, whose root element says so): arXiv's daily listings, the arXiv API, a blog.
    Feed,
    /// A spreadsheet workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`; [`workbook`]): its first
    /// sheet with a title column, read as a CSV export of it is. (`.xls` names one too, to be
    /// refused with the fix, or read as the text it is.)
    Workbook,
    /// A folder of markdown notes, one paper a note ([`notes`]: an Obsidian or Logseq
    /// vault, a folder of literature notes).
    Notes,
}

/// The first 64 KiB of a list's text: `bytes` as they are, or what they inflate to when
/// gzipped (a stream that breaks off leaves what it inflated; reading the list whole says
/// the error).
fn text_head(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !is_gzip(bytes) {
        return encoding::to_utf8(bytes).0;
    }
    let mut head = Vec::new();
    let _ = std::io::Read::read_to_end(
        &mut std::io::Read::take(gzip::Members::new(bytes), 64 * 1024),
        &mut head,
    );
    std::borrow::Cow::Owned(encoding::to_utf8(&head).0.into_owned())
}

/// Whether the list at `path` is gzipped: its name ends in `.gz`, or its first bytes say
/// so (a list that cannot be read counts as not). Such a list is read, never written.
pub fn is_gzip_file(path: &Path) -> bool {
    let named = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    named
        || std::fs::File::open(path)
            .and_then(|mut f| {
                let mut head = [0u8; 2];
                std::io::Read::read_exact(&mut f, &mut head).map(|()| head)
            })
            .is_ok_and(|head| is_gzip(&head))
}

impl Format {
    /// The format for a path: `.jsonl`/`.ndjson`, `.json`, `.csv`/`.tsv`, `.bib`, `.ris`, `.enw`,
    /// `.xml`, `.rdf`, `.txt`, `.html`/`.htm`, `.org`, `.rss`/`.atom`, `.xlsx`/`.ods`,
    /// anything else markdown; a `.gz`
    /// after any of them is taken off. (A feed named `.xml`, `.rdf` or anything markdown
    /// would be is told by its root element when it is read.)
    pub fn from_path(path: &Path) -> Format {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let base = name.strip_suffix(".gz").unwrap_or(&name);
        let extension = base.rsplit_once('.').map_or("", |(_, e)| e);
        match extension {
            "jsonl" | "ndjson" => Format::Jsonl,
            "json" => Format::Json,
            // A spreadsheet's export: the separator is told by the header.
            "csv" | "tsv" | "tab" => Format::Csv,
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Workbook,
            "bib" => Format::Bibtex,
            "ris" => Format::Ris,
            "enw" => Format::Refer,
            "xml" => Format::EndnoteXml,
            "rdf" => Format::ZoteroRdf,
            "txt" => Format::Text,
            "html" | "htm" => Format::Bookmarks,
            "org" => Format::Org,
            "rss" | "atom" => Format::Feed,
            _ => Format::Markdown,
        }
    }

    /// The format a list file is read in: the one its name says ([`Format::from_path`]),
    /// unless it is a feed under a name that says otherwise (`curl -O
    /// https://rss.arxiv.org/rss/cs.CL` writes `cs.CL`; `feed.xml`), told by its first
    /// bytes (inflated when gzipped). A file that cannot be read counts by its name.
    pub fn of_list(path: &Path) -> Format {
        if path.is_dir() {
            return Format::Notes;
        }
        let named = Format::from_path(path);
        if !named.may_be_a_feed() {
            return named;
        }
        let mut head = Vec::new();
        let read = std::fs::File::open(path).and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, 64 * 1024), &mut head)
        });
        if read.is_err() {
            return named;
        }
        named.or_feed(&text_head(&head))
    }

    /// Whether a file this format's name gives may be a feed under another name.
    fn may_be_a_feed(self) -> bool {
        matches!(
            self,
            Format::Markdown | Format::EndnoteXml | Format::ZoteroRdf
        )
    }

    /// [`Format::Feed`] when `bytes` (a list's text, not gzipped) are a feed that this
    /// format, the one a name gave, would misread; else this format.
    fn or_feed(self, bytes: &[u8]) -> Format {
        if !self.may_be_a_feed() {
            return self;
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
        if feed::is_feed(&head) {
            Format::Feed
        } else {
            self
        }
    }

    /// The file extension of the format, as [`Format::from_path`] reads it (`md` for
    /// markdown): standard input is named `stdin.<extension>` in messages.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Bibtex => "bib",
            Format::Ris => "ris",
            Format::Refer => "enw",
            Format::EndnoteXml => "xml",
            Format::ZoteroRdf => "rdf",
            Format::Text => "txt",
            Format::Bookmarks => "html",
            Format::Org => "org",
            Format::Feed => "rss",
            Format::Workbook => "xlsx",
            Format::Notes => "md",
        }
    }

    /// Whether the list's order is its author's (a markdown or org-mode list, a
    /// bookmarks folder, a workbook's sheet that people type their list into), and so
    /// evidence of what belongs together, rather than a dump's (or the alphabet's: a
    /// folder of notes).
    pub fn keeps_order(self) -> bool {
        matches!(
            self,
            Format::Markdown | Format::Bookmarks | Format::Org | Format::Workbook
        )
    }
}

impl Format {
    /// The format of a list given as bytes without a name (standard input): a JSON
    /// document (an array, or an object that does not end on its first line), JSON lines,
    /// a bookmarks export, an RSS or Atom feed, Zotero RDF, EndNote XML, RIS, BibTeX,
    /// EndNote's tagged format, CSV (a header naming a title column), an org-mode list (an
    /// `#+KEYWORD:` first, or org links to the web), a markdown list (or table), else one
    /// paper a line; a zip or OLE file is taken for a workbook (`.xlsx`, `.ods`, `.xls`).
    /// Gzipped bytes are told by what their first 64 KiB inflate to.
    pub fn sniff(bytes: &[u8]) -> Format {
        if workbook::has_workbook_magic(bytes) {
            return Format::Workbook;
        }
        Format::sniff_text(&text_head(bytes))
    }

    /// As [`Format::sniff`] for bytes that are not gzip.
    fn sniff_text(bytes: &[u8]) -> Format {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        let first_line = text.lines().next().unwrap_or("");
        if text.starts_with('[')
            || (text.starts_with('{')
                && serde_json::from_str::<serde_json::Value>(first_line).is_err())
        {
            Format::Json
        } else if text.starts_with('{') {
            Format::Jsonl
        } else if text.starts_with('<') && bookmarks::is_bookmarks(text) {
            Format::Bookmarks
        } else if text.starts_with('<') && feed::is_feed(text) {
            Format::Feed
        } else if text.starts_with('<') && zotero_rdf::is_zotero_rdf(text) {
            Format::ZoteroRdf
        } else if text.starts_with('<') && (text.contains("<record>") || text.contains("<records>"))
        {
            Format::EndnoteXml
        } else if text.starts_with("TY  -") || text.starts_with("TY -") {
            Format::Ris
        } else if text.starts_with('@') || text.contains("\n@") {
            Format::Bibtex
        } else if text.starts_with("%0 ") || text.starts_with("%T ") || text.starts_with("%A ") {
            Format::Refer
        } else if tabular::looks_like_csv(text.as_bytes()) {
            Format::Csv
        } else if org::looks_like_org(text) {
            Format::Org
        } else if text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("- [")
                || l.starts_with("* [")
                || l.starts_with("+ [")
                || l.starts_with('#')
        }) || has_table(text)
        {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

impl Corpus {
    /// Parse a list held in memory (standard input); `path` names it in messages.
    pub fn from_bytes(path: &Path, format: Format, bytes: &[u8]) -> Result<Corpus> {
        Corpus::parse(path, format, bytes)
    }

    /// Read and parse a list file (or a folder of notes), folding duplicates. Errors name
    /// the file and line.
    pub fn load(path: &Path) -> Result<Corpus> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            return Corpus::load_notes(path);
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Corpus::parse(path, Format::from_path(path), &bytes)
    }

    fn parse(path: &Path, format: Format, bytes: &[u8]) -> Result<Corpus> {
        let gzip = is_gzip(bytes);
        // JSON lines under a `.json` name (Kaggle's arXiv snapshot,
        // `arxiv-metadata-oai-snapshot.json`) are read as JSON lines: as they inflate.
        let format = match format {
            Format::Json if gzip && is_json_lines(&text_head(bytes)) => Format::Jsonl,
            Format::Json if !gzip && is_json_lines(&bytes[..bytes.len().min(64 * 1024)]) => {
                Format::Jsonl
            }
            _ => format,
        };
        let inflated;
        let bytes = if gzip && format != Format::Jsonl {
            inflated = gzip::inflate(path, bytes)?;
            &inflated[..]
        } else {
            bytes
        };
        // A workbook is read by its sheets; a file named as one that is text (a site's
        // "Excel" export that is a CSV or an HTML table) by what its bytes are.
        let format = match format {
            Format::Workbook if !workbook::has_workbook_magic(bytes) => Format::sniff(bytes),
            other => other,
        };
        if let Some(what) = (format != Format::Workbook)
            .then(|| not_a_list(path, bytes))
            .flatten()
        {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: 1,
                message: what,
            });
        }
        // A UTF-16 list (told by its byte-order mark), or one in a legacy encoding, is read
        // as its UTF-8 text.
        let (transcoded, text_encoding) = encoding::to_utf8(bytes);
        let bytes = &transcoded[..];
        // Git's unresolved merge conflicts: both sides' papers are read, the markers not.
        let (unmerged, conflicts) =
            if format == Format::Workbook || (gzip && format == Format::Jsonl) {
                (std::borrow::Cow::Borrowed(bytes), Vec::new())
            } else {
                conflict::unmerged(bytes)
            };
        let bytes = &unmerged[..];
        let decoded = || decode_text(path, bytes);
        // A feed saved under another name (`cs.CL`, `feed.xml`) is told by its root element.
        let format = format.or_feed(bytes);
        let (mut entries, warnings) = match format {
            // JSON lines are read as they inflate: an arXiv dump is 1.5 GB of text.
            Format::Jsonl if gzip => {
                let reader = std::io::BufReader::new(gzip::Members::new(bytes));
                (tabular::parse_jsonl(path, reader)?, Vec::new())
            }
            Format::Jsonl => (tabular::parse_jsonl(path, bytes)?, Vec::new()),
            Format::Csv => (tabular::parse_csv(path, bytes)?, Vec::new()),
            // A spreadsheet saved as text (Excel's "Unicode Text", a `.txt` of tab-separated
            // values) opens with a header naming a title column: its rows, not its lines.
            Format::Text if tabular::looks_like_csv(bytes) => {
                (tabular::parse_csv(path, bytes)?, Vec::new())
            }
            Format::Text => (text::parse(&decoded()?), Vec::new()),
            // One note's text (a folder is read by `load`) is markdown.
            Format::Markdown | Format::Notes => (markdown::parse(&decoded()?), Vec::new()),
            Format::Org => (org::parse(&decoded()?), Vec::new()),
            Format::Bookmarks => {
                let text = decoded()?;
                if bookmarks::is_bookmarks(&text) {
                    (bookmarks::parse(&text), Vec::new())
                } else {
                    (markdown::parse(&text), Vec::new())
                }
            }
            // Libraries: what they skip comes back as warnings.
            Format::Json => json::parse(path, &decoded()?)?,
            Format::Ris => ris::parse(path, &decoded()?)?,
            Format::Refer => refer::parse(path, &decoded()?)?,
            Format::EndnoteXml => endnote_xml::parse(path, &decoded()?)?,
            Format::ZoteroRdf => zotero_rdf::parse(path, &decoded()?)?,
            Format::Bibtex => bibtex::parse(path, &decoded()?)?,
            Format::Feed => feed::parse(path, &decoded()?)?,
            Format::Workbook => workbook::parse(path, bytes)?,
        };
        // A hand-written list tags titles with their venue (`GloVe: … (EMNLP 2014)`) and
        // cites them with their authors (`"…" (Bengio et al., 2003)`); a library's or a
        // dump's titles are the papers' own.
        if matches!(
            format,
            Format::Markdown | Format::Notes | Format::Org | Format::Text | Format::Bookmarks
        ) {
            for e in &mut entries {
                venue::take(e);
                citation::take(e);
            }
        }
        let mut warnings = warnings;
        for line in conflicts {
            warnings.push(Warning {
                line,
                concern: Concern::Conflict,
                message: "an unresolved merge conflict (git's `<<<<<<<`, `=======` and `>>>>>>>` lines): the papers of both sides are read; keep the lines you want, delete the three marker lines and commit".into(),
            });
        }
        if let Some((name, message)) = text_encoding.legacy_warning() {
            let concern = Concern::Encoding(name.to_string());
            warnings.insert(
                0,
                Warning {
                    line: 0,
                    concern,
                    message,
                },
            );
        }
        let papers = fold(entries.into_iter().map(read_tags).collect());
        if papers.is_empty() {
            return Err(Error::EmptyList {
                path: path.to_path_buf(),
                message: "no papers found; a markdown list needs items like `- [Title](url)` \
                          or a table with a Title column, an org-mode list headlines or items with links like `** [[url][Title]]`, JSONL a \"title\" per line, JSON an array of records with a \"title\", CSV or a workbook's sheet a title column, BibTeX entries with a title, RIS records with a `TI` line, EndNote records with a `%T` line or a `<title>`, Zotero RDF items with a `dc:title`, \
                          a bookmarks export `<DT><A HREF=…>` links (or Pocket's or Instapaper's `<li><a href=…>`), an RSS or Atom feed items or entries with a `<title>`, a .txt list a title, URL or arXiv id per line"
                    .into(),
            });
        }
        Ok(Corpus {
            path: path.to_path_buf(),
            papers,
            warnings,
            files: Vec::new(),
            notes_skipped: None,
        })
    }

    /// Read a folder of notes ([`notes`]): its papers' lines count its notes.
    fn load_notes(path: &Path) -> Result<Corpus> {
        let notes = notes::parse(path)?;
        if notes.entries.is_empty() {
            return Err(Error::EmptyList {
                path: path.to_path_buf(),
                message: "no notes found: a folder is read as notes, one paper a `.md` note (a `title:`, `url:` or `doi:` in its front matter, else its `# heading` or file name); pass a list file to read one"
                    .into(),
            });
        }
        let notes_skipped = notes::Notes::not_papers_message(&notes.not_papers, notes.fields_named);
        let papers = fold(notes.entries.into_iter().map(read_tags).collect());
        Ok(Corpus {
            path: path.to_path_buf(),
            papers,
            warnings: notes.warnings,
            files: notes.files,
            notes_skipped,
        })
    }

    /// The note a line number of a folder of notes stands for (`None` for a list file).
    pub fn file_of_line(&self, line: usize) -> Option<&str> {
        line.checked_sub(1)
            .and_then(|i| self.files.get(i))
            .map(String::as_str)
    }

    /// A folder of notes' note files when markdown links its papers by their notes (not in
    /// a Logseq graph: [`notes::linked_by_file_name`]); `None` for a list file.
    pub fn linked_notes(&self) -> Option<&[String]> {
        (!self.files.is_empty() && notes::linked_by_file_name(&self.path))
            .then_some(&self.files[..])
    }

    /// Build a corpus from entries already in memory (tests, other front ends).
    pub fn from_entries(path: impl Into<PathBuf>, entries: Vec<Entry>) -> Corpus {
        Corpus {
            path: path.into(),
            papers: fold(entries),
            warnings: Vec::new(),
            files: Vec::new(),
            notes_skipped: None,
        }
    }

    /// sha256 over every paper's id and passage, in order: changes when the list's content does.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        for p in &self.papers {
            h.update(p.id.as_bytes());
            h.update([0]);
            h.update(p.passage().as_bytes());
            h.update([0]);
        }
        hex::encode(h.finalize())
    }
}

/// Whether the first bytes of a `.json` file's text are JSON lines: a first line that is a
/// whole JSON object, and after it another line that opens one. A JSON document (`[`, an
/// object over several lines, one object on one line) is not.
fn is_json_lines(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return false;
    };
    first.starts_with('{')
        && second.starts_with('{')
        && serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok()
}

/// Whether `text` holds a markdown table: a row of cells (`| Title | Link |`) and under it
/// the delimiter row (`| --- | :---: |`).
fn has_table(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.windows(2).any(|w| {
        w[0].starts_with('|')
            && w[1].contains("---")
            && w[1].contains('|')
            && w[1]
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
    })
}

/// Byte offset → 1-based line, by binary search over line starts.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex(starts)
    }

    pub(crate) fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// One warning for the entries of a library skipped for want of a title, on `lines`:
/// `3 entries without a title skipped (lines 4, 9, 12); give them a `title` to include
/// them`. `None` when there are none.
pub(crate) fn untitled_warning(
    lines: &[usize],
    one_name: &str,
    many_name: &str,
    field: &str,
) -> Option<Warning> {
    let &first = lines.first()?;
    let one = lines.len() == 1;
    let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
    let shown = if lines.len() > 5 {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    };
    let (them, s) = if one { ("it", "") } else { ("them", "s") };
    Some(Warning::skipped(
        first,
        format!(
            "{} {} without a title skipped (line{s} {shown}); give {them} a {field} to include {them}",
            lines.len(),
            if one { one_name } else { many_name },
        ),
    ))
}

/// What a file no list format reads is, told by its first bytes, with what to pass
/// instead: a PDF, a spreadsheet or document (a zip of XML, or the older OLE files), a zip
/// archive (naming the lists it holds: Kaggle's arXiv dataset is `archive.zip` around
/// `arxiv-metadata-oai-snapshot.json`).
fn not_a_list(path: &Path, bytes: &[u8]) -> Option<String> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF-") {
        Some("a PDF, not a reading list; pass the list itself (a folder of PDFs becomes one with `find ~/Papers -name '*.pdf' > papers.txt`)".into())
    } else if workbook::has_workbook_magic(bytes) {
        // Workbooks readnext reads (`.xlsx`, `.ods`, …) do not come here.
        Some(if extension == "numbers" {
            "an Apple Numbers document, which readnext does not read; export the sheet as Excel or CSV (File > Export To) and pass that".into()
        } else {
            match lists_in_zip(bytes).as_slice() {
                [] => "a zip archive or an office document, not a reading list; export the list as markdown, CSV or BibTeX (or unpack the archive) and pass that".into(),
                lists => format!(
                    "a zip archive holding {}; unpack it (`unzip {}`) and pass the list",
                    lists.join(", "),
                    path.file_name().map_or_else(|| "it".into(), |n| n.to_string_lossy()),
                ),
            }
        })
    } else {
        None
    }
}

/// The extensions of files [`lists_in_zip`] names as lists.
const LIST_EXTENSIONS: &[&str] = &[
    "md", "markdown", "jsonl", "ndjson", "json", "csv", "tsv", "bib", "ris", "enw", "rdf", "txt",
    "org", "xlsx", "ods",
];

/// The files of a zip archive that readnext would read as lists, by their names (the
/// first three, each as `name`); none for an office document, whose XML parts are no lists.
fn lists_in_zip(bytes: &[u8]) -> Vec<String> {
    let Ok(zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let office = names
        .iter()
        .any(|n| *n == "[Content_Types].xml" || *n == "mimetype" || n.starts_with("META-INF/"));
    if office {
        return Vec::new();
    }
    let mut lists: Vec<&String> = names
        .iter()
        .filter(|n| !n.ends_with('/') && !n.starts_with("__MACOSX/"))
        .filter(|n| {
            let inner = Path::new(n.strip_suffix(".gz").unwrap_or(n.as_str()));
            inner.extension().is_some_and(|e| {
                LIST_EXTENSIONS.contains(&e.to_string_lossy().to_lowercase().as_str())
            })
        })
        .collect();
    lists.sort_unstable();
    lists
        .into_iter()
        .take(3)
        .map(|n| format!("`{n}`"))
        .collect()
}

/// Decode a markdown list: UTF-8 (a BOM is dropped; UTF-16 was transcoded before), refusing
/// binary files.
fn decode_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
        let message = if encoding::looks_like_unmarked_utf16(bytes) {
            "UTF-16 text without a byte-order mark; save the file as UTF-8 (or UTF-16 with its mark)"
        } else {
            "binary data (a NUL byte); pass a markdown, JSONL, CSV or BibTeX reading list"
        };
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(Error::Parse {
                path: path.to_path_buf(),
                line,
                message: "not valid UTF-8; save the file as UTF-8".into(),
            })
        }
    }
}

/// The head of a duplicate's title (`RLHF` of `RLHF: Training …`) when the kept title
/// does not start with it: a name of one to three words, at most 30 characters.
fn duplicate_head(duplicate: &str, kept: &str) -> Option<String> {
    // An organisation's blog name (`Deepmind: …`) says who wrote it, not what it is.
    let duplicate = normalize::strip_org_prefix(duplicate);
    let (head, rest) = duplicate.split_once(": ")?;
    let head = head.trim();
    let words = head.split_whitespace().count();
    if rest.trim().is_empty()
        || !(1..=3).contains(&words)
        || head.chars().count() > 30
        || normalize::normalize_title(kept).starts_with(&normalize::normalize_title(head))
    {
        return None;
    }
    Some(head.to_string())
}

/// An entry whose tags say it was read (Zotero's *read* tag, exported as a BibTeX or RIS
/// keyword) counts as read, as a `- [x]` item does; tags about reading (*read*, *to read*)
/// leave its keywords, which say what the paper is about.
pub(crate) fn read_tags(mut e: Entry) -> Entry {
    let checked = &mut e.checked;
    e.keywords.retain(|k| match normalize::tag_says_read(k) {
        Some(read) => {
            *checked |= read;
            false
        }
        None => true,
    });
    e
}

/// The arXiv id an entry's URL or DOI (`10.48550/arXiv.…`, also as its doi.org link)
/// names, if any.
fn entry_arxiv_id(e: &Entry) -> Option<String> {
    normalize::arxiv_id_from_url(&e.url).or_else(|| {
        [
            e.doi.as_deref(),
            e.given_id.as_deref(),
            Some(e.url.as_str()),
        ]
        .into_iter()
        .flatten()
        .find_map(normalize::arxiv_id_from_doi)
    })
}

/// Fold entries that share an arXiv id, a DOI (or a link to its page), a URL or a
/// normalised title into one paper that keeps every source line. Papers keep the order
/// of their first entry.
pub fn fold(entries: Vec<Entry>) -> Vec<Paper> {
    let n = entries.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let mut keys = Vec::with_capacity(3);
        if let Some(id) = e.given_id.as_deref() {
            keys.push(format!("id:{id}"));
        }
        if let Some(a) = entry_arxiv_id(e) {
            keys.push(format!("id:{a}"));
        }
        if let Some(doi) = e.doi.as_deref() {
            keys.push(format!("doi:{}", doi.to_lowercase()));
            // An entry linking the DOI's page (`doi.org/…`, the publisher's) is the same paper.
            if let Some(page) = url::doi_url_form(doi) {
                keys.push(format!("url:{page}"));
            }
        }
        if !e.url.trim().is_empty() {
            keys.push(format!("url:{}", url::normalize_url(&e.url)));
        }
        // Entries with ids of their own (JSONL/CSV) are told apart by id, not title.
        let t = normalize::normalize_title(&e.title);
        if !t.is_empty() && e.given_id.is_none() {
            keys.push(format!("title:{t}"));
        }
        for k in keys {
            match seen.get(&k) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    if a != b {
                        // The earlier entry stays the root so papers keep list order.
                        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                        parent[hi] = lo;
                    }
                }
                None => {
                    seen.insert(k, i);
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let r = find(&mut parent, i);
        groups[r].push(i);
    }
    let mut out = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (root, members) in groups.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        let first = &entries[root];
        let mut paper = Paper {
            // A given id wins (an arXiv DOI as its arXiv id, the id the same paper has in
            // any other list), then an arXiv id from any duplicate's URL or DOI, then the
            // title hash.
            id: members
                .iter()
                .find_map(|&m| {
                    let g = entries[m].given_id.as_deref()?;
                    Some(normalize::arxiv_id_from_doi(g).unwrap_or_else(|| g.to_string()))
                })
                .or_else(|| members.iter().find_map(|&m| entry_arxiv_id(&entries[m])))
                .unwrap_or_else(|| normalize::title_hash(&first.title)),
            title: first.title.clone(),
            url: first.url.clone(),
            heading: first.heading.clone(),
            ..Default::default()
        };
        let mut known_as: Vec<String> = vec![paper.id.clone()];
        let mut urls: Vec<String> = Vec::new();
        let push = |list: &mut Vec<String>, v: &str| {
            if !v.is_empty() && !list.iter().any(|x| x == v) {
                list.push(v.to_string());
            }
        };
        for &m in members {
            let e = &entries[m];
            if paper.url.is_empty() && !e.url.is_empty() {
                paper.url = e.url.clone();
            }
            push(&mut urls, &e.url);
            if let Some(doi) = &e.doi {
                push(&mut urls, &format!("https://doi.org/{doi}"));
                push(&mut known_as, doi);
            }
            // A record that names only an arXiv id (an arXiv export) or an arXiv DOI links
            // to its page.
            let doi_arxiv = e
                .doi
                .as_deref()
                .and_then(normalize::arxiv_id_from_doi)
                .or_else(|| normalize::arxiv_id_from_doi(&e.url));
            if let Some(a) = e
                .given_id
                .as_deref()
                .and_then(normalize::arxiv_id_from_ref)
                .or_else(|| doi_arxiv.clone())
            {
                push(&mut urls, &format!("https://arxiv.org/abs/{a}"));
            }
            for id in [
                e.given_id.clone(),
                normalize::arxiv_id_from_url(&e.url),
                doi_arxiv,
                e.key.clone(),
            ]
            .into_iter()
            .flatten()
            {
                push(&mut known_as, &id);
            }
            // Prefer the longest abstract any duplicate gives.
            if let Some(a) = &e.abstract_text {
                if paper.abstract_text.get().is_none_or(|b| a.len() > b.len()) {
                    paper.abstract_text = a.clone().into();
                }
            }
            paper.date = paper.date.take().or_else(|| e.date.clone());
            paper.alias = paper.alias.take().or_else(|| e.alias.clone());
            paper.category = paper.category.take().or_else(|| e.category.clone());
            paper.venue = paper.venue.take().or_else(|| e.venue.clone());
            if paper.authors.is_empty() {
                paper.authors = e.authors.clone();
            }
            for k in &e.keywords {
                // Zotero tags a preprint with its arXiv subjects: where it was filed, the
                // same on most papers of a library, not what the authors said it is about.
                if normalize::is_arxiv_subject(k) {
                    if paper.category.is_none() {
                        paper.category = Some(k.clone());
                    }
                } else {
                    push(&mut paper.keywords, k);
                }
            }
            paper.checked |= e.checked;
            // Listed in several sessions: the latest.
            if e.read_on > paper.read_on {
                paper.read_on = e.read_on.clone();
            }
            paper.lines.push(e.line);
            for l in &e.extra_links {
                if !paper.extra_links.contains(l) {
                    paper.extra_links.push(l.clone());
                }
            }
        }
        if paper.url.is_empty() {
            paper.url = urls.first().cloned().unwrap_or_default();
        }
        // A duplicate listed under a name the kept title lacks (`RLHF: Training a Helpful
        // …` folded into `Training a Helpful …`) gives the paper that name.
        if paper.alias.is_none() {
            paper.alias = members
                .iter()
                .find_map(|&m| duplicate_head(&entries[m].title, &paper.title));
        }
        // Only what `url` and `id` do not already say is stored.
        paper.urls = if urls.len() > 1 { urls } else { Vec::new() };
        paper.ids = if known_as.len() > 1 {
            known_as
        } else {
            Vec::new()
        };
        paper.lines.sort_unstable();
        paper.lines.dedup();
        // Ids are unique: a hash collision or a repeated given id gets a suffix.
        let count = ids.entry(paper.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            paper.id = format!("{}-{}", paper.id, count);
            if let Some(first) = paper.ids.first_mut() {
                *first = paper.id.clone();
            }
        }
        out.push(paper);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_conflict_reads_both_sides_and_no_marker_in_every_text_format() {
        let lists: [(&str, &str); 4] = [
            (
                "list.md",
                "# L\n\n- [LoRA](https://arxiv.org/abs/2106.09685)\n<<<<<<< HEAD\n- [QLoRA](https://arxiv.org/abs/2305.14314)\n=======\n- [SpQR](https://arxiv.org/abs/2306.03078)\n>>>>>>> minsu\n",
            ),
            (
                "list.csv",
                "title,url\r\nLoRA,https://arxiv.org/abs/2106.09685\r\n<<<<<<< HEAD\r\nQLoRA,https://arxiv.org/abs/2305.14314\r\n=======\r\nSpQR,https://arxiv.org/abs/2306.03078\r\n>>>>>>> minsu\r\n",
            ),
            (
                "list.txt",
                "LoRA https://arxiv.org/abs/2106.09685\n<<<<<<< HEAD\nQLoRA https://arxiv.org/abs/2305.14314\n=======\nSpQR https://arxiv.org/abs/2306.03078\n>>>>>>> minsu\n",
            ),
            (
                "list.jsonl",
                "{\"title\": \"LoRA\"}\n<<<<<<< HEAD\n{\"title\": \"QLoRA\"}\n=======\n{\"title\": \"SpQR\"}\n>>>>>>> minsu\n",
            ),
        ];
        for (name, text) in lists {
            let path = Path::new(name);
            let c = Corpus::from_bytes(path, Format::from_path(path), text.as_bytes()).unwrap();
            let titles: Vec<&str> = c.papers.iter().map(|p| p.title.as_str()).collect();
            assert_eq!(titles, ["LoRA", "QLoRA", "SpQR"], "{name}");
            // No marker is a paper's words (the markdown list took them for abstracts).
            assert!(
                c.papers.iter().all(|p| p.abstract_text.get().is_none()),
                "{name}"
            );
            let lines: Vec<usize> = c.papers.iter().map(|p| p.first_line()).collect();
            assert_eq!(lines[1..], [lines[1], lines[1] + 2], "{name}");
            let conflicts: Vec<usize> = c
                .warnings
                .iter()
                .filter(|w| w.concern == Concern::Conflict)
                .map(|w| w.line)
                .collect();
            assert_eq!(conflicts, [lines[1] - 1], "{name}");
        }
    }

    #[test]
    fn a_json_file_of_json_lines_is_told_from_a_json_document() {
        let lines = b"{\"title\": \"A\"}\n\n{\"title\": \"B\"}\n";
        assert!(is_json_lines(lines));
        assert!(is_json_lines(
            b"\xef\xbb\xbf{\"title\": \"A\"}\r\n{\"title\": \"B\"}"
        ));
        for document in [
            &b"[{\"title\": \"A\"},\n{\"title\": \"B\"}]\n"[..],
            b"{\n  \"items\": [\n    {\"title\": \"A\"}\n  ]\n}\n",
            b"{\"items\": [{\"title\": \"A\"}]}\n",
            b"{\"title\": \"A\",\n{\"title\": \"B\"}\n",
        ] {
            assert!(
                !is_json_lines(document),
                "{}",
                String::from_utf8_lossy(document)
            );
        }
    }

    #[test]
    fn a_doi_and_a_link_to_its_page_are_one_paper() {
        let entry = |title: &str, url: &str, doi: Option<&str>, line: usize| Entry {
            title: title.into(),
            url: url.into(),
            doi: doi.map(str::to_string),
            line,
            ..Default::default()
        };
        // Titles differ as exports write them; the DOI and the publisher's page agree.
        let papers = fold(vec![
            entry(
                "Highly accurate protein structure prediction with AlphaFold",
                "",
                Some("10.1038/s41586-021-03819-2"),
                1,
            ),
            entry(
                "AlphaFold (Nature 2021)",
                "https://www.nature.com/articles/s41586-021-03819-2.pdf",
                None,
                2,
            ),
            entry(
                "Cogs paper",
                "https://onlinelibrary.wiley.com/doi/full/10.1111/cogs.12345",
                None,
                3,
            ),
            entry("Cogs paper, the DOI", "", Some("10.1111/COGS.12345"), 4),
            entry(
                "Another Nature paper",
                "https://www.nature.com/articles/s41586-021-03820-0",
                None,
                5,
            ),
        ]);
        let lines: Vec<Vec<usize>> = papers.iter().map(|p| p.lines.clone()).collect();
        assert_eq!(lines, vec![vec![1, 2], vec![3, 4], vec![5]]);
    }

    #[test]
    fn a_pdf_or_a_workbook_is_named_with_what_to_pass_instead() {
        let err = |name: &str, bytes: &[u8]| {
            Corpus::from_bytes(Path::new(name), Format::from_path(Path::new(name)), bytes)
                .unwrap_err()
                .to_string()
        };
        let pdf = err("Attention.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n");
        assert!(
            pdf.contains("Attention.pdf:1") && pdf.contains("a PDF"),
            "{pdf}"
        );
        // A workbook readnext reads, broken (tests/workbook.rs reads whole ones).
        let xlsx = err("Reading.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00");
        assert!(
            xlsx.contains("Reading.xlsx:1: not a workbook readnext can read")
                && xlsx.contains("CSV"),
            "{xlsx}"
        );
        let old = err("Reading.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
        assert!(old.contains("an Excel 97-2003 workbook (.xls)"), "{old}");
        let numbers = err("Reading.numbers", b"PK\x03\x04\x14\x00");
        assert!(numbers.contains("an Apple Numbers document"), "{numbers}");
        let docx = err("Reading.docx", b"PK\x03\x04\x14\x00");
        assert!(docx.contains("office document"), "{docx}");
    }

    #[test]
    fn a_spreadsheet_saved_as_tsv_or_text_is_read_by_its_rows() {
        assert_eq!(Format::from_path(Path::new("Reading.tsv")), Format::Csv);
        assert_eq!(Format::from_path(Path::new("export.tab.gz")), Format::Csv);
        let sheet =
            "Title\tURL\tYear\nLoRA: Low-Rank Adaptation\thttps://arxiv.org/abs/2106.09685\t2021\n\
                     QLoRA: Efficient Finetuning\thttps://arxiv.org/abs/2305.14314\t2023\n";
        let rows = |path: &str, bytes: &[u8], format: Format| {
            let c = Corpus::from_bytes(Path::new(path), format, bytes).unwrap();
            c.papers
                .iter()
                .map(|p| (p.title.clone(), p.date.clone()))
                .collect::<Vec<_>>()
        };
        let want = vec![
            (
                "LoRA: Low-Rank Adaptation".to_string(),
                Some("2021".to_string()),
            ),
            (
                "QLoRA: Efficient Finetuning".to_string(),
                Some("2023".to_string()),
            ),
        ];
        assert_eq!(rows("Reading.tsv", sheet.as_bytes(), Format::Csv), want);
        // Excel's "Unicode Text": tab-separated UTF-16 in a `.txt`.
        let unicode: Vec<u8> = encoding::encode(sheet, encoding::Encoding::Utf16Le);
        assert_eq!(rows("Reading.txt", &unicode, Format::Text), want);
        // A text list without such a header stays one paper a line.
        let lines = "LoRA: Low-Rank Adaptation\nTitle of another paper\n";
        assert_eq!(rows("list.txt", lines.as_bytes(), Format::Text).len(), 2);
    }

    #[test]
    fn standard_input_is_told_by_its_first_bytes() {
        let cases: [(&[u8], Format); 14] = [
            // A gzip stream that breaks off before any text: reading it says so.
            (b"\x1f\x8b\x08\x00", Format::Text),
            (b"[\n  {\"title\": \"A\"}\n]\n", Format::Json),
            (b"{\n  \"results\": [{\"title\": \"A\"}]\n}\n", Format::Json),
            (b"{\"title\": \"A\"}\n{\"title\": \"B\"}\n", Format::Jsonl),
            (
                b"\xef\xbb\xbfTY  - JOUR\r\nTI  - A\r\nER  - \r\n",
                Format::Ris,
            ),
            (b"% library\n@article{a, title = {A}}\n", Format::Bibtex),
            (b"Name,Status,URL\nLoRA,Done,u\n", Format::Csv),
            (b"%0 Journal Article\n%T LoRA\n", Format::Refer),
            (
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><xml><records><record>",
                Format::EndnoteXml,
            ),
            (b"\"Key\";\"Title\";\"Url\"\n", Format::Csv),
            (b"# Papers\n- [LoRA](u)\n", Format::Markdown),
            (b"| Title | Link |\n| --- | :---: |\n", Format::Markdown),
            (b"Attention Is All You Need\nLoRA, 2021\n", Format::Text),
            (b"title\nLoRA\n", Format::Text),
        ];
        for (bytes, want) in cases {
            assert_eq!(
                Format::sniff(bytes),
                want,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        let gzip = |text: &[u8]| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            std::io::Write::write_all(&mut enc, text).unwrap();
            enc.finish().unwrap()
        };
        // Gzipped, each is what it inflates to.
        for (bytes, want) in cases.iter().skip(1) {
            assert_eq!(Format::sniff(&gzip(bytes)), *want);
        }
    }
}
