//! News feeds as lists: RSS 2.0, RSS 1.0 and Atom (`.rss`, `.atom`, or any XML file whose
//! root says so). The new papers a group reads from arrive this way: arXiv's daily
//! listings (`https://rss.arxiv.org/rss/cs.CL`, RSS 2.0), the arXiv API's answers (Atom),
//! a lab's blog. `curl -o new.xml https://rss.arxiv.org/rss/cs.CL` and then
//! `readnext suggest --pool new.xml`.
//!
//! Each `<item>` (RSS) or `<entry>` (Atom) is a paper: its title; its link (Atom's
//! `rel="alternate"` one, else an `<id>` or `<guid>` that is a web link); its description
//! or summary (the content, or RSS's `content:encoded`, when there is none) as the abstract, tags dropped and arXiv's
//! `arXiv:2404.07982v1 Announce Type: new Abstract:` prefix taken off; its date
//! (`pubDate`, `dc:date`, `published`, else `updated`); its authors (`dc:creator`, Atom's
//! `author/name`; arXiv writes all of an item's authors in one `dc:creator`, comma
//! separated); a blog's categories as keywords, and arXiv's primary category and DOI
//! (arXiv's categories say where a preprint was filed, not what it is about); a journal's
//! DOI, date and name in PRISM (Nature's feeds), a DOI in `dc:identifier` (bioRxiv's). A paper
//! arXiv announces again as a new version (`replace`, `replace-cross`) is no new paper:
//! it keeps no announce date, so its arXiv id's month dates it. An item without a title
//! is skipped with one warning (the arXiv API's error entry, silently); a file that is
//! not XML, or holds no item, is an error naming its line.

use super::paper::Entry;
use super::{LineIndex, Warning};
use crate::corpus::markdown::collapse;
use crate::corpus::markup::{decode_entities, strip_tags};
use crate::error::{Error, Result};
use roxmltree::{Document, Node, ParsingOptions};
use std::path::Path;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const RSS1: &str = "http://purl.org/rss/1.0/";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const ARXIV: &str = "http://arxiv.org/schemas/atom";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// RSS's content module: a post's whole text (`content:encoded`).
const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
/// PRISM, which journals' feeds (Nature's, Elsevier's) write a paper's DOI, date and
/// journal in.
const PRISM: &str = "http://prismstandard.org/namespaces/basic/2.0/";

/// The kinds of feed, by their root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `<rss version="2.0">`: items in `<channel>`, elements in no namespace.
    Rss2,
    /// `<rdf:RDF>` with RSS 1.0's namespace: items beside the channel.
    Rss1,
    /// `<feed xmlns="http://www.w3.org/2005/Atom">`: entries.
    Atom,
}

impl Kind {
    /// The namespace of the feed's own elements (`title`, `link` …).
    fn namespace(self) -> Option<&'static str> {
        match self {
            Kind::Rss2 => None,
            Kind::Rss1 => Some(RSS1),
            Kind::Atom => Some(ATOM),
        }
    }
}

/// The name of the first element a text opens, past its XML declaration, comments and
/// document type (`rss`, `feed`, `rdf:RDF`); `None` when it opens none.
fn root_name(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        let at = rest.find('<')?;
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else {
            let name = &rest[1..];
            let end = name
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(name.len());
            return Some(&name[..end]);
        }
    }
}

/// The kind of feed `text` is, from its first 64 KiB; `None` for any other text.
fn kind(text: &str) -> Option<Kind> {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].trim_start_matches('\u{feff}');
    let name = root_name(head)?;
    let local = name.rsplit(':').next().unwrap_or(name);
    match local {
        "rss" => Some(Kind::Rss2),
        "feed" if head.contains(ATOM) => Some(Kind::Atom),
        // The namespace itself, quoted: Zotero RDF declares RSS 1.0's *link module*
        // (`http://purl.org/rss/1.0/modules/link/`) and is no feed.
        "RDF" if head.contains(&format!("\"{RSS1}\"")) || head.contains(&format!("'{RSS1}'")) => {
            Some(Kind::Rss1)
        }
        _ => None,
    }
}

/// Whether `text` is an RSS or Atom feed (its root element says so).
pub fn is_feed(text: &str) -> bool {
    kind(text).is_some()
}

/// What a feed holds: its kind, its items as entries, and the lines of the items
/// without a title.
struct Items {
    kind: Kind,
    entries: Vec<Entry>,
    untitled: Vec<usize>,
}

/// The items of a feed, or the line where `text` stops being one and why.
fn items(text: &str) -> std::result::Result<Items, (usize, String)> {
    let kind = kind(text).ok_or_else(|| {
        (
            1,
            "not an RSS or Atom feed (its root is no `<rss>`, Atom `<feed>` or RSS 1.0 `<rdf:RDF>`)"
                .to_string(),
        )
    })?;
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| (e.pos().row as usize, format!("not well-formed XML ({e})")))?;
    let lines = LineIndex::new(text);
    let item_name = if kind == Kind::Atom { "entry" } else { "item" };
    let mut entries = Vec::new();
    let mut untitled = Vec::new();
    let nodes = doc
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == item_name)
        .filter(|n| n.tag_name().namespace() == kind.namespace())
        // The arXiv API answers a malformed query with an entry that is its error message.
        .filter(|n| {
            !first_text(*n, kind.namespace(), "id")
                .is_some_and(|i| i.contains("arxiv.org/api/errors"))
        });
    for node in nodes {
        let line = lines.line(node.range().start);
        match entry(kind, node, line) {
            Some(e) => entries.push(e),
            None => untitled.push(line),
        }
    }
    Ok(Items {
        kind,
        entries,
        untitled,
    })
}

/// Parse a feed: its items as entries, and a warning for those without a title.
pub fn parse(path: &Path, text: &str) -> Result<(Vec<Entry>, Vec<Warning>)> {
    let error = |line: usize, message: String| Error::Parse {
        path: path.to_path_buf(),
        line,
        message,
    };
    let Items {
        kind,
        entries,
        untitled,
    } = items(text).map_err(|(line, why)| {
        error(
            line,
            format!("{why}; download the feed again, or name the file for its format"),
        )
    })?;
    if entries.is_empty() && untitled.is_empty() {
        let item_name = if kind == Kind::Atom { "entry" } else { "item" };
        return Err(error(
            1,
            format!(
                "the feed holds no `<{item_name}>`: arXiv's listings are empty on days it \
                 announces nothing; download it again after its next announcement"
            ),
        ));
    }
    let warnings = super::untitled_warning(&untitled, "item", "items", "`<title>`")
        .into_iter()
        .collect();
    Ok((entries, warnings))
}

/// The entries of an Atom answer (the arXiv API's), none when it holds none; anything
/// but Atom is an error saying what it is instead.
pub fn atom_entries(text: &str) -> std::result::Result<Vec<Entry>, String> {
    let found = items(text).map_err(|(_, why)| why)?;
    if found.kind != Kind::Atom {
        return Err("not an Atom feed (an RSS feed)".into());
    }
    Ok(found.entries)
}

/// The children of `node` named `name` in namespace `ns`.
fn children<'a, 'i>(
    node: Node<'a, 'i>,
    ns: Option<&'a str>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
        .filter(move |c| c.tag_name().namespace() == ns)
}

/// The text of an element and everything in it (Atom's `type="xhtml"` content), markup
/// that a feed escapes into its text (`&lt;p&gt;`, Atom's `type="html"`) dropped, white
/// space collapsed.
fn text_of(node: Node) -> String {
    let raw: String = node
        .descendants()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect();
    let plain = if node.attribute("type") == Some("html") || looks_like_html(&raw) {
        decode_entities(&strip_tags(&raw))
    } else {
        raw
    };
    collapse(&plain)
}

/// Whether a text holds HTML tags (a blog's description), rather than text in which `<`
/// is a sign (an abstract's `$n<10$`).
fn looks_like_html(s: &str) -> bool {
    s.match_indices('<').any(|(i, _)| {
        let rest = &s[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let after = rest[name.len()..].chars().next();
        matches!(
            name.as_str(),
            "p" | "br"
                | "a"
                | "img"
                | "div"
                | "span"
                | "em"
                | "strong"
                | "b"
                | "i"
                | "ul"
                | "ol"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "figure"
                | "blockquote"
                | "code"
                | "pre"
        ) && matches!(after, Some('>' | ' ' | '/' | '\n' | '\t'))
    })
}

/// The first non-empty text of the children named `name`.
fn first_text(node: Node, ns: Option<&str>, name: &str) -> Option<String> {
    children(node, ns, name)
        .map(text_of)
        .find(|t| !t.is_empty())
}

/// A web link, as a feed's `<id>` or `<guid>` may be.
fn web_link(s: &str) -> Option<String> {
    let s = s.trim();
    (s.starts_with("http://") || s.starts_with("https://")).then(|| s.to_string())
}

/// An item as an entry; `None` without a title.
fn entry(kind: Kind, node: Node, line: usize) -> Option<Entry> {
    let ns = kind.namespace();
    let title = first_text(node, ns, "title")?;
    let link = match kind {
        Kind::Atom => children(node, ns, "link")
            .filter(|l| l.attribute("rel").is_none_or(|r| r == "alternate"))
            .find_map(|l| l.attribute("href").and_then(web_link))
            .or_else(|| first_text(node, ns, "id").and_then(|i| web_link(&i))),
        Kind::Rss1 => first_text(node, ns, "link")
            .or_else(|| node.attribute((RDF, "about")).and_then(web_link)),
        Kind::Rss2 => first_text(node, ns, "link").or_else(|| {
            children(node, ns, "guid")
                .find(|g| g.attribute("isPermaLink") != Some("false"))
                .and_then(|g| web_link(&text_of(g)))
        }),
    }
    .unwrap_or_default();
    let arxiv = link.contains("arxiv.org/");
    let summary = match kind {
        Kind::Atom => first_text(node, ns, "summary").or_else(|| first_text(node, ns, "content")),
        _ => first_text(node, ns, "description")
            .or_else(|| first_text(node, Some(CONTENT), "encoded")),
    }
    .map(|s| announcement_removed(&s).to_string());
    // arXiv writes its titles and abstracts in TeX (`$\alpha$`).
    let tex = |s: String| {
        if arxiv {
            collapse(&crate::corpus::latex::tex(&s))
        } else {
            s
        }
    };
    let announce = first_text(node, Some(ARXIV), "announce_type");
    let renewed = announce
        .as_deref()
        .is_some_and(|a| a.starts_with("replace"));
    let date = if renewed {
        None
    } else {
        match kind {
            Kind::Atom => {
                first_text(node, ns, "published").or_else(|| first_text(node, ns, "updated"))
            }
            Kind::Rss2 => first_text(node, ns, "pubDate"),
            Kind::Rss1 => None,
        }
        .or_else(|| first_text(node, Some(PRISM), "publicationDate"))
        .or_else(|| first_text(node, Some(DC), "date"))
        .and_then(|d| feed_date(&d))
    };
    let mut authors: Vec<String> = match kind {
        Kind::Atom => children(node, ns, "author")
            .filter_map(|a| first_text(a, ns, "name"))
            .collect(),
        _ => Vec::new(),
    };
    for creator in children(node, Some(DC), "creator").map(text_of) {
        if arxiv {
            authors.extend(super::tabular::split_comma_authors(&creator));
        } else if !creator.is_empty() {
            authors.push(creator);
        }
    }
    if kind == Kind::Rss2 && authors.is_empty() {
        authors.extend(first_text(node, ns, "author").map(|a| named_address(&a)));
    }
    let mut keywords: Vec<String> = match kind {
        Kind::Atom => children(node, ns, "category")
            .filter_map(|c| c.attribute("term").map(str::trim).map(str::to_string))
            .collect(),
        _ => children(node, ns, "category").map(text_of).collect(),
    };
    keywords.extend(children(node, Some(DC), "subject").map(text_of));
    keywords.retain(|k| !k.is_empty());
    let mut seen = std::collections::HashSet::new();
    keywords.retain(|k| seen.insert(k.to_lowercase()));
    let category = children(node, Some(ARXIV), "primary_category")
        .find_map(|c| c.attribute("term").map(str::to_string))
        .or_else(|| {
            arxiv
                .then(|| keywords.iter().find(|k| is_category_code(k)))
                .flatten()
                .cloned()
        });
    // arXiv's categories say where a preprint was filed, not what it is about (as
    // Zotero's arXiv subjects are not keywords either); a blog's categories are its tags.
    if arxiv {
        keywords.retain(|k| !is_category_code(k));
    }
    Some(Entry {
        title: tex(title),
        url: link,
        abstract_text: summary.map(tex).filter(|s| !s.is_empty()),
        date,
        category,
        doi: first_text(node, Some(ARXIV), "doi")
            .or_else(|| first_text(node, Some(PRISM), "doi"))
            .or_else(|| {
                // bioRxiv's and many journals' `dc:identifier`: `doi:10.1101/…`.
                children(node, Some(DC), "identifier")
                    .map(text_of)
                    .map(|i| super::normalize::strip_doi_prefix(&i).to_string())
                    .find(|i| i.starts_with("10."))
            }),
        venue: first_text(node, Some(PRISM), "publicationName"),
        keywords,
        authors,
        line,
        ..Default::default()
    })
}

/// Whether `s` is an arXiv category as listings write them (`cs.CL`, `hep-th`, `math.AG`);
/// an item's first is its primary one.
fn is_category_code(s: &str) -> bool {
    let (archive, subject) = s.split_once('.').unwrap_or((s, "x"));
    !archive.is_empty()
        && archive.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !subject.is_empty()
        && subject
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'-')
}

/// An arXiv listing's description without what precedes its abstract
/// (`arXiv:2404.07982v1 Announce Type: new Abstract: …`).
fn announcement_removed(s: &str) -> &str {
    if s.starts_with("arXiv:") {
        if let Some(at) = s.find("Abstract:") {
            return s[at + "Abstract:".len()..].trim_start();
        }
    }
    s
}

/// The name in RSS's `author` (`team@example.com (The Team)` is *The Team*), else the
/// address as written.
fn named_address(s: &str) -> String {
    s.split_once(" (")
        .filter(|(address, _)| address.contains('@'))
        .and_then(|(_, name)| name.strip_suffix(')'))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(s)
        .to_string()
}

/// A feed's date as `YYYY-MM-DD`: ISO 8601 (`2024-04-11T17:59:58Z`) cut to its date,
/// RFC 822 (`Mon, 15 Apr 2024 00:00:00 -0400`) read by its day, month name and year.
fn feed_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) {
        let date = s.split(['T', ' ']).next().unwrap_or(s);
        return Some(date.chars().take(10).collect());
    }
    super::endnote_xml::full_date(s, None).map(|d| d.replace('/', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As `https://rss.arxiv.org/rss/cs.CL` writes a day's listing (two items of it, one a
    /// new version of an older paper, and an item without a title).
    const ARXIV_RSS: &str = r#"<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>cs.CL updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.CL</link>
    <description>cs.CL updates on the arXiv.org e-print archive.</description>
    <pubDate>Mon, 15 Apr 2024 00:00:00 -0400</pubDate>
    <item>
      <title>Low-Rank Adapters for $\alpha$-Scaled Models</title>
      <link>https://arxiv.org/abs/2404.07982</link>
      <description>arXiv:2404.07982v1 Announce Type: new 
Abstract: We adapt models with $n&lt;10$ ranks.</description>
      <guid isPermaLink="false">oai:arXiv.org:2404.07982v1</guid>
      <category>cs.CL</category>
      <category>cs.LG</category>
      <pubDate>Mon, 15 Apr 2024 00:00:00 -0400</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>Ada Lovelace, Alan Turing and Grace Hopper</dc:creator>
    </item>
    <item>
      <title>QLoRA: Efficient Finetuning of Quantized LLMs</title>
      <link>https://arxiv.org/abs/2305.14314</link>
      <description>arXiv:2305.14314v2 Announce Type: replace 
Abstract: We present QLoRA.</description>
      <category>cs.LG</category>
      <pubDate>Mon, 15 Apr 2024 00:00:00 -0400</pubDate>
      <arxiv:announce_type>replace</arxiv:announce_type>
      <dc:creator>Tim Dettmers, Artidoro Pagnoni</dc:creator>
    </item>
    <item><link>https://arxiv.org/abs/2404.00001</link></item>
  </channel>
</rss>"#;

    #[test]
    fn an_arxiv_listing_is_read_with_abstracts_dates_and_authors() {
        assert!(is_feed(ARXIV_RSS));
        let (e, w) = parse(Path::new("cs.CL.xml"), ARXIV_RSS).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].title, "Low-Rank Adapters for α-Scaled Models");
        assert_eq!(e[0].url, "https://arxiv.org/abs/2404.07982");
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("We adapt models with n<10 ranks.")
        );
        assert_eq!(e[0].date.as_deref(), Some("2024-04-15"));
        assert_eq!(
            e[0].authors,
            vec!["Ada Lovelace", "Alan Turing", "Grace Hopper"]
        );
        assert!(e[0].keywords.is_empty(), "{:?}", e[0].keywords);
        assert_eq!(e[0].category.as_deref(), Some("cs.CL"));
        assert_eq!(e[0].line, 8);
        // A new version of a paper of 2023 is not a paper of the listing's day.
        assert_eq!(e[1].date, None);
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("1 item without a title"), "{w:?}");
        assert_eq!(w[0].line, 30);
    }

    #[test]
    fn an_arxiv_api_answer_and_a_blogs_atom_feed_are_read() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>arXiv Query: cat:cs.CL</title>
  <entry>
    <id>http://arxiv.org/abs/2106.09685v2</id>
    <published>2021-06-17T17:37:18Z</published>
    <updated>2021-10-16T18:40:34Z</updated>
    <title>LoRA: Low-Rank Adaptation of
      Large Language Models</title>
    <summary>An important paradigm.</summary>
    <author><name>Edward J. Hu</name></author>
    <author><name>Yelong Shen</name></author>
    <arxiv:doi>10.48550/arXiv.2106.09685</arxiv:doi>
    <link href="http://arxiv.org/abs/2106.09685v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2106.09685v2" rel="related" type="application/pdf"/>
    <arxiv:primary_category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>tag:blog.example.org,2023:post-7</id>
    <title type="html">Scaling &lt;i&gt;laws&lt;/i&gt; for agents</title>
    <updated>2023-05-02T09:00:00+02:00</updated>
    <link rel="alternate" href="https://blog.example.org/scaling-laws"/>
    <content type="html">&lt;p&gt;We study &lt;b&gt;agents&lt;/b&gt; &amp;amp; scale.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
    <title>Error</title>
    <summary>incorrect id format for 1234</summary>
  </entry>
</feed>"#;
        assert!(is_feed(xml));
        let (e, w) = parse(Path::new("api.atom"), xml).unwrap();
        assert!(w.is_empty());
        assert_eq!(
            e[0].title,
            "LoRA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(e[0].url, "http://arxiv.org/abs/2106.09685v2");
        assert_eq!(e[0].date.as_deref(), Some("2021-06-17"));
        assert_eq!(e[0].authors, vec!["Edward J. Hu", "Yelong Shen"]);
        assert_eq!(e[0].doi.as_deref(), Some("10.48550/arXiv.2106.09685"));
        assert_eq!(e[0].category.as_deref(), Some("cs.CL"));
        assert!(e[0].keywords.is_empty(), "{:?}", e[0].keywords);
        assert_eq!(e[1].title, "Scaling laws for agents");
        assert_eq!(e[1].url, "https://blog.example.org/scaling-laws");
        assert_eq!(
            e[1].abstract_text.as_deref(),
            Some("We study agents & scale.")
        );
        assert_eq!(e[1].date.as_deref(), Some("2023-05-02"));
        // The API's error entry is no paper.
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn a_blogs_rss_and_an_rss_1_listing_are_read() {
        let rss = r#"<rss version="2.0"><channel><title>Research blog</title>
<item><title>Introducing Gemini</title><link>https://blog.example.com/gemini</link>
<description>&lt;p&gt;Our most capable model.&lt;/p&gt;</description>
<pubDate>Wed, 06 Dec 2023 15:00:00 +0000</pubDate><author>team@example.com (The Team)</author>
<category>AI</category><category>ai</category></item>
<item xmlns:content="http://purl.org/rss/1.0/modules/content/"><title>A post in full</title>
<link>https://blog.example.com/full</link>
<content:encoded><![CDATA[<h2>Why</h2><p>All of the post.</p>]]></content:encoded></item></channel></rss>"#;
        let (e, _) = parse(Path::new("blog.rss"), rss).unwrap();
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("Our most capable model.")
        );
        assert_eq!(e[0].date.as_deref(), Some("2023-12-06"));
        assert_eq!(e[0].authors, vec!["The Team"]);
        assert_eq!(e[0].keywords, vec!["AI"]);
        // No description: the post's whole text (its content module) is the abstract.
        assert_eq!(e[1].abstract_text.as_deref(), Some("Why All of the post."));
        let rdf = r#"<?xml version="1.0"?>
<!-- the old arXiv listing -->
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://arxiv.org/rss/cs.CL"><title>cs.CL updates</title></channel>
<item rdf:about="http://arxiv.org/abs/1706.03762"><title>Attention Is All You Need</title>
<link>http://arxiv.org/abs/1706.03762</link><description>The dominant models.</description>
<dc:creator>Ashish Vaswani, Noam Shazeer</dc:creator><dc:date>2017-06-12</dc:date></item>
</rdf:RDF>"#;
        assert!(is_feed(rdf));
        let (e, _) = parse(Path::new("old.rdf"), rdf).unwrap();
        assert_eq!(e[0].title, "Attention Is All You Need");
        assert_eq!(e[0].date.as_deref(), Some("2017-06-12"));
        assert_eq!(e[0].authors, vec!["Ashish Vaswani", "Noam Shazeer"]);
        // A journal's feed (Nature's: RSS 1.0 with PRISM) and bioRxiv's (`dc:identifier`).
        let journal = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
<item rdf:about="https://www.nature.com/articles/s41586-021-03819-2"><title>Highly accurate protein structure prediction with AlphaFold</title>
<link>https://www.nature.com/articles/s41586-021-03819-2</link><dc:creator>John Jumper</dc:creator><dc:creator>Richard Evans</dc:creator>
<prism:publicationName>Nature</prism:publicationName><prism:doi>10.1038/s41586-021-03819-2</prism:doi><prism:publicationDate>2021-07-15</prism:publicationDate></item>
<item rdf:about="https://biorxiv.org/cgi/content/short/2024.01.02.573944v1"><title>A preprint</title>
<link>https://biorxiv.org/cgi/content/short/2024.01.02.573944v1</link><dc:identifier>doi:10.1101/2024.01.02.573944</dc:identifier><dc:date>2024-01-03</dc:date></item>
</rdf:RDF>"#;
        let (e, _) = parse(Path::new("nature.rss"), journal).unwrap();
        assert_eq!(e[0].doi.as_deref(), Some("10.1038/s41586-021-03819-2"));
        assert_eq!(e[0].venue.as_deref(), Some("Nature"));
        assert_eq!(e[0].date.as_deref(), Some("2021-07-15"));
        assert_eq!(e[0].authors, vec!["John Jumper", "Richard Evans"]);
        assert_eq!(e[1].doi.as_deref(), Some("10.1101/2024.01.02.573944"));
    }

    #[test]
    fn other_xml_and_empty_feeds_are_errors_naming_the_fix() {
        assert!(!is_feed("<xml><records><record/></records></xml>"));
        assert!(!is_feed("<feed><entry/></feed>"));
        let zotero = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/library.rdf"
        ))
        .unwrap();
        assert!(
            !is_feed(&zotero),
            "Zotero RDF declares RSS 1.0's link module"
        );
        assert!(super::super::zotero_rdf::is_zotero_rdf(&zotero));
        let empty = r#"<rss version="2.0"><channel><title>cs.CL</title></channel></rss>"#;
        let err = parse(Path::new("cs.CL.xml"), empty)
            .unwrap_err()
            .to_string();
        assert!(err.contains("holds no `<item>`"), "{err}");
        let broken = "<rss version=\"2.0\">\n<channel><item><title>A</title></channel></rss>";
        let err = parse(Path::new("cs.CL.xml"), broken)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("cs.CL.xml:2") && err.contains("not well-formed"),
            "{err}"
        );
    }

    #[test]
    fn dates_of_both_standards() {
        assert_eq!(
            feed_date("Mon, 15 Apr 2024 00:00:00 -0400").as_deref(),
            Some("2024-04-15")
        );
        assert_eq!(
            feed_date("2024-04-11T17:59:58Z").as_deref(),
            Some("2024-04-11")
        );
        assert_eq!(feed_date("2024-04").as_deref(), Some("2024-04"));
        assert_eq!(feed_date("yesterday"), None);
    }
}
