//! Markdown reading lists, parsed with pulldown-cmark.
//!
//! An entry is a list item that holds a link (`- [Title](url)`) or a bracketed title
//! without one (`- [Kosmos-2: …]`). A line with several links holds several entries, except
//! that short secondary labels (`[Blog](…)`, `[Code](…)`) belong to the entry before them;
//! a line whose first link is such a label has its title in the words before it (`Title.
//! *Authors*. [[pdf](…)]`). A paragraph that opens with `[N]` and holds a link is one
//! reference of a numbered bibliography, a paper too. A leading `[2019/07]` is the date,
//! emphasised (or bold) text after the link (`: *BERT*`) the alias. The abstract is the
//! text that follows the link on the next line, a `>` blockquote right after the item, or a
//! plain paragraph right after it. An item without a link is an entry when its line has a
//! bare URL, an arXiv id or a DOI, and an item of plain words when it stands among entries
//! or the file has none (`ItemKind`) and does not read as a note (a to-do, a lead-in, a
//! line in Korean). An item that names a group and quotes its papers one a line under it
//! (Awesome-LLM: `- [Pretraining data]` then `> **The Pile: …**, Arxiv 2020. [Paper](…)`)
//! holds those papers, not one of its own; the items nested in a citation (`1. "Title"
//! (Bengio et al., 2003)`) are notes on it, its abstract. What one item holds is read in
//! `item`; this module walks the document (headings, nesting, quotes, tables). A table is a
//! list of papers when its header names a title column ([`table`]). An HTML link in an item
//! (`* <a href="…">Title</a>`) is a link. HTML blocks, headings, links within the page and
//! items without a title are not papers, nor is a note's YAML or TOML front matter
//! ([`front_matter`]).

use super::paper::Entry;
use super::read_mark;
use super::LineIndex;

pub(crate) mod front_matter;
mod item;
pub mod table;

pub use item::is_list_date;
use item::{
    is_secondary_label, item_entries, reference_entry, take_date, ItemBuilder, ItemKind, Seg,
};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Parse a markdown reading list into raw entries, in the order they appear.
pub fn parse(text: &str) -> Vec<Entry> {
    // Front matter is blanked byte for byte, so lines and offsets stay those of `text`.
    let blanked = front_matter::blank(text);
    let text: &str = &blanked;
    let lines = LineIndex::new(text);
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_STRIKETHROUGH);

    let mut entries: Vec<Entry> = Vec::new();
    let mut heading: Option<String> = None;
    let mut heading_buf: Option<String> = None;
    let mut items: Vec<ItemBuilder> = Vec::new();
    let mut emph = 0usize;
    let mut table: Option<table::TableBuilder> = None;
    let mut quote_depth = 0usize;
    let mut quote_buf = String::new();
    let mut para_buf: Option<String> = None;
    // A paragraph's words and links, read as an item's are (a numbered reference).
    let mut para_item: Option<ItemBuilder> = None;
    // Entries made by the item that ended last, while nothing else came in between.
    let mut last_item_entries: Option<std::ops::Range<usize>> = None;
    // The lists open around the current item (ids), whether each list has an item of
    // kind `Entry`, and the entries of plain items with the list they are in.
    let mut lists: Vec<usize> = Vec::new();
    let mut list_has_entry: Vec<bool> = Vec::new();
    let mut plain: Vec<(usize, usize)> = Vec::new();
    // The lists nested in a citation (`- "Title" (Bengio et al., 2003)`): notes on it.
    let mut notes_lists: std::collections::HashSet<usize> = std::collections::HashSet::new();
    // The open sections whose heading says their papers were read (`## 읽은 논문`, `##
    // Done`) or dates the meeting they were read at (`## 1주차 (2026-11-20)`): each one's
    // level, day and first entry; the entries of such sections, innermost first, with
    // their day; the entries of items whose box is unchecked (`- [ ]`), which such a
    // heading does not mark, but for a session planned under a heading with its day (`-
    // [ ] T5 (예정)` under `## 3주차 (2026-12-16)`).
    let mut read_sections: Vec<(u8, Option<String>, usize)> = Vec::new();
    let mut read_entries: Vec<(std::ops::Range<usize>, Option<String>)> = Vec::new();
    let mut unboxed: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut planned: std::collections::HashSet<usize> = std::collections::HashSet::new();

    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        // A venue's tag in code (`` `ICML 2023` Pythia: … ``) is read as one in brackets.
        let event = match event {
            Event::Code(t) if super::venue::tag(&t).is_some() => {
                Event::Text(format!("[{t}]").into())
            }
            event => event,
        };
        if let Some(t) = table.as_mut() {
            if t.feed(&event, lines.line(range.start)) {
                entries.extend(t.entries(heading.as_deref()));
                table = None;
            }
            continue;
        }
        match event {
            Event::Start(Tag::Table(_)) => {
                table = Some(table::TableBuilder::default());
                last_item_entries = None;
            }
            Event::Start(Tag::Heading { .. }) => {
                heading_buf = Some(String::new());
                last_item_entries = None;
            }
            Event::End(TagEnd::Heading(level)) => {
                heading = heading_buf
                    .take()
                    .map(|h| collapse(&h))
                    .filter(|h| !h.is_empty());
                let level = level as u8;
                // A heading of a read section's level or above ends it.
                while let Some((_, day, first)) =
                    read_sections.pop_if(|(open, _, _)| level <= *open)
                {
                    read_entries.push((first..entries.len(), day));
                }
                if let Some(day) = heading.as_deref().and_then(read_mark::section_read_on) {
                    read_sections.push((level, day, entries.len()));
                }
            }
            Event::Start(Tag::Item) => {
                items.push(ItemBuilder {
                    start: range.start,
                    ..Default::default()
                });
                last_item_entries = None;
            }
            Event::Start(Tag::List(_)) => {
                // A list under a plain item (a group's name) is part of that item's list;
                // one under an entry (notes on it) is a list of its own.
                // One under a citation holds notes on it.
                let (group_of, cited) = match (items.last_mut(), lists.last()) {
                    (Some(parent), Some(&list)) => {
                        parent.nested = true;
                        let cited = parent.is_citation_so_far();
                        ((parent.is_plain_so_far() && !cited).then_some(list), cited)
                    }
                    _ => (None, false),
                };
                match group_of {
                    Some(list) => lists.push(list),
                    None => {
                        if cited {
                            notes_lists.insert(list_has_entry.len());
                        }
                        lists.push(list_has_entry.len());
                        list_has_entry.push(false);
                    }
                }
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::End(TagEnd::Item) => {
                if let Some(item) = items.pop() {
                    let first = entries.len();
                    let (mut found, kind) =
                        item_entries(&item, lines.line(item.start), heading.as_deref());
                    // A plain item in a citation's list is a note on that paper.
                    let in_notes = lists.last().is_some_and(|l| notes_lists.contains(l));
                    if in_notes && (kind == ItemKind::Plain || found.is_empty()) {
                        if let Some(parent) = items.last_mut() {
                            let words = item.all_words();
                            if !words.is_empty() {
                                parent.notes.push(words);
                            }
                            found.clear();
                        }
                    }
                    // `- [Code](…)` nested under an entry is that entry's link.
                    if let (Some(parent), [only]) = (items.last_mut(), found.as_slice()) {
                        if kind == ItemKind::Entry
                            && !only.url.is_empty()
                            && is_secondary_label(&only.title)
                        {
                            parent.extra_links.push(only.url.clone());
                            found.clear();
                        }
                    }
                    if item.boxed && !item.checked {
                        let at = entries.len()..entries.len() + found.len();
                        if item.notes_planned() {
                            planned.extend(at.clone());
                        }
                        unboxed.extend(at);
                    }
                    entries.extend(found);
                    let list = lists.last().copied().unwrap_or(usize::MAX);
                    if entries.len() > first {
                        match kind {
                            ItemKind::Entry => {
                                if let Some(has) = list_has_entry.get_mut(list) {
                                    *has = true;
                                }
                            }
                            ItemKind::Plain => {
                                plain.extend((first..entries.len()).map(|e| (e, list)))
                            }
                        }
                    }
                    last_item_entries = (entries.len() > first).then_some(first..entries.len());
                }
            }
            Event::Start(Tag::Strikethrough) => {
                // Struck through from its first word: the item is done (`- ~~LoRA~~`).
                if let Some(item) = items.last_mut() {
                    let empty = item.segs.iter().all(|s| match s {
                        Seg::Text { text, .. } => text.trim().is_empty(),
                        Seg::Link { .. } | Seg::Break => false,
                    });
                    if empty && item.link.is_none() {
                        item.struck = true;
                    }
                }
            }
            Event::TaskListMarker(done) => {
                if let Some(item) = items.last_mut() {
                    item.checked = done;
                    item.boxed = true;
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quote_depth = quote_depth.saturating_sub(1);
                if quote_depth == 0 && items.is_empty() {
                    let text = collapse(&std::mem::take(&mut quote_buf));
                    attach_abstract(&mut entries, &last_item_entries, text);
                }
            }
            Event::Start(Tag::Paragraph) => {
                if items.is_empty() && quote_depth == 0 {
                    para_buf = Some(String::new());
                    para_item = Some(ItemBuilder {
                        start: range.start,
                        ..Default::default()
                    });
                } else if let Some(item) = items.last_mut() {
                    // A later paragraph of an item — a loose item's abstract, indented under
                    // it after a blank line, or a quote there — follows the entry line as a
                    // line break does; before, its first line was read as part of the entry
                    // line.
                    if !item.segs.is_empty() && item.link.is_none() {
                        item.segs.push(Seg::Break);
                        item.breaks.push(lines.line(range.start));
                    }
                } else if quote_depth > 0 && !quote_buf.is_empty() {
                    quote_buf.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph) => {
                let reference = para_item
                    .take()
                    .and_then(|p| reference_entry(&p, lines.line(p.start), heading.as_deref()));
                if let Some(p) = para_buf.take() {
                    match reference {
                        Some(entry) => entries.push(entry),
                        None => attach_abstract(&mut entries, &last_item_entries, collapse(&p)),
                    }
                    last_item_entries = None;
                }
            }
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => emph += 1,
            Event::End(TagEnd::Emphasis) | Event::End(TagEnd::Strong) => {
                emph = emph.saturating_sub(1)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if let Some(item) = items.last_mut().or(para_item.as_mut()) {
                    let url = if matches!(link_type, LinkType::Email) {
                        format!("mailto:{dest_url}")
                    } else {
                        dest_url.to_string()
                    };
                    item.link = Some((String::new(), url));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some(item) = items.last_mut().or(para_item.as_mut()) {
                    close_link(item, emph > 0);
                }
            }
            // An HTML link in an item (`* <a href="…">Title</a>`) is a link as markdown's.
            Event::InlineHtml(html) => {
                if let Some(item) = items.last_mut() {
                    let tag = html.trim();
                    let opens = tag.get(..3).is_some_and(|t| {
                        t.eq_ignore_ascii_case("<a ") || t.eq_ignore_ascii_case("<a\t")
                    });
                    if opens && item.link.is_none() {
                        if let Some(url) = super::bookmarks::attribute(tag, "HREF") {
                            item.link = Some((String::new(), url));
                        }
                    } else if tag.eq_ignore_ascii_case("</a>") {
                        close_link(item, emph > 0);
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) | Event::Html(_) => {
                last_item_entries = None;
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(p) = para_item.as_mut().filter(|_| items.is_empty()) {
                    push_item_text(p, &t, emph > 0);
                }
                push_text(
                    &mut heading_buf,
                    &mut items,
                    quote_depth,
                    &mut quote_buf,
                    &mut para_buf,
                    &t,
                    emph > 0,
                );
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = items.last_mut() {
                    if item.link.is_none() {
                        item.segs.push(Seg::Break);
                        item.breaks.push(lines.line(range.end));
                    }
                } else {
                    if let Some(p) = para_item.as_mut() {
                        push_item_text(p, " ", false);
                    }
                    push_text(
                        &mut heading_buf,
                        &mut items,
                        quote_depth,
                        &mut quote_buf,
                        &mut para_buf,
                        " ",
                        false,
                    );
                }
            }
            _ => {}
        }
    }
    while let Some((_, day, first)) = read_sections.pop() {
        read_entries.push((first..entries.len(), day));
    }
    for (range, day) in read_entries {
        for at in range {
            if unboxed.contains(&at) && !(planned.contains(&at) && day.is_some()) {
                continue;
            }
            if let Some(e) = entries.get_mut(at) {
                e.checked = true;
                if e.read_on.is_none() {
                    e.read_on.clone_from(&day);
                }
            }
        }
    }
    let mut entries = keep_plain_titles(entries, &plain, &list_has_entry);
    // In the file's order: an item ends after the items nested in it.
    entries.sort_by_key(|e| e.line);
    entries
}

/// Plain items a file without other entries needs to be read as a list of titles.
const MIN_PLAIN_TITLES: usize = 2;

/// `entries` without the plain items that are notes: a plain item is a title when its
/// list has an entry of another kind, or when nothing in the file is and it has at least
/// [`MIN_PLAIN_TITLES`] plain items ([`ItemKind`]).
fn keep_plain_titles(
    entries: Vec<Entry>,
    plain: &[(usize, usize)],
    list_has_entry: &[bool],
) -> Vec<Entry> {
    if plain.is_empty() {
        return entries;
    }
    // A file of plain items only is a list of titles when it has several (one bullet in
    // a page of prose is a note).
    let titles_only = entries.len() == plain.len() && plain.len() >= MIN_PLAIN_TITLES;
    let notes: std::collections::HashSet<usize> = plain
        .iter()
        .filter(|&&(_, list)| !titles_only && !list_has_entry.get(list).copied().unwrap_or(false))
        .map(|&(e, _)| e)
        .collect();
    entries
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !notes.contains(i))
        .map(|(_, e)| e)
        .collect()
}

/// The 1-based lines of every table of `text` (header, delimiter and rows).
pub fn table_lines(text: &str) -> std::collections::BTreeSet<usize> {
    let lines = LineIndex::new(text);
    let mut out = std::collections::BTreeSet::new();
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        if let Event::Start(Tag::Table(_)) = event {
            let last = lines.line(range.end.saturating_sub(1).max(range.start));
            out.extend(lines.line(range.start)..=last);
        }
    }
    out
}

/// End the item's open link: a link within the page (`[Week 3](#week-3)`, `./#…`) is a
/// table of contents, not a paper, and its words stay, as words.
fn close_link(item: &mut ItemBuilder, emph: bool) {
    if let Some((label, url)) = item.link.take() {
        let anchor = url.trim().trim_start_matches("./").starts_with('#');
        item.segs.push(if anchor {
            Seg::Text { text: label, emph }
        } else {
            Seg::Link { label, url }
        });
    }
}

fn push_text(
    heading_buf: &mut Option<String>,
    items: &mut [ItemBuilder],
    quote_depth: usize,
    quote_buf: &mut String,
    para_buf: &mut Option<String>,
    t: &str,
    emph: bool,
) {
    if let Some(h) = heading_buf.as_mut() {
        h.push_str(t);
    } else if let Some(item) = items.last_mut() {
        push_item_text(item, t, emph);
    } else if quote_depth > 0 {
        quote_buf.push_str(t);
    } else if let Some(p) = para_buf.as_mut() {
        p.push_str(t);
    }
}

/// Words of an item (or of a paragraph read as one): its current link's label, else
/// its text, a run of the same emphasis kept as one.
fn push_item_text(item: &mut ItemBuilder, t: &str, emph: bool) {
    if let Some((label, _)) = item.link.as_mut() {
        label.push_str(t);
        return;
    }
    match item.segs.last_mut() {
        Some(Seg::Text { text, emph: e }) if *e == emph => text.push_str(t),
        _ => item.segs.push(Seg::Text {
            text: t.to_string(),
            emph,
        }),
    }
}

/// Give the abstract to the last entry of the item just read, when it has none yet.
fn attach_abstract(entries: &mut [Entry], last: &Option<std::ops::Range<usize>>, text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(range) = last {
        if let Some(e) = entries.get_mut(range.end - 1) {
            match &mut e.abstract_text {
                None => e.abstract_text = Some(text),
                Some(a) => {
                    a.push(' ');
                    a.push_str(&text);
                }
            }
        }
    }
}

/// Collapse runs of whitespace into single spaces and trim.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_entry_with_alias() {
        let e = parse("- [2018/10] **[BERT: Pre-training](https://arxiv.org/pdf/1810.04805.pdf)** : *BERT*     \n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "BERT: Pre-training");
        assert_eq!(e[0].date.as_deref(), Some("2018/10"));
        assert_eq!(e[0].alias.as_deref(), Some("BERT"));
        assert_eq!(e[0].line, 1);
        // A Korean list's year and month.
        let e = parse("- [2023년 6월] [SpQR](https://arxiv.org/abs/2306.03078)\n- [2023년 13월] [X Y](https://a.org/x)\n");
        assert_eq!(e[0].title, "SpQR");
        assert_eq!(e[0].date.as_deref(), Some("2023년 6월"));
        assert_eq!(e[1].date, None);
    }

    #[test]
    fn a_link_to_an_arxiv_doi_is_the_preprint() {
        let e = parse(
            "- [LoRA](https://doi.org/10.48550/arXiv.2106.09685)\n\
             - [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685)\n",
        );
        let corpus = crate::corpus::Corpus::from_entries("list.md", e);
        assert_eq!(corpus.papers.len(), 1, "one paper");
        assert_eq!(corpus.papers[0].id, "2106.09685");
        assert_eq!(corpus.papers[0].lines, vec![1, 2]);
        assert!(corpus.papers[0]
            .all_urls()
            .contains(&"https://arxiv.org/abs/2106.09685"));
    }

    #[test]
    fn two_links_and_a_secondary_label() {
        let e = parse("- [A](https://a), [B thing](https://b), [Blog](https://blog)\n");
        assert_eq!(
            e.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(),
            ["A", "B thing"]
        );
        assert_eq!(e[1].extra_links, ["https://blog"]);
    }

    #[test]
    fn abstracts_from_quote_and_lazy_line() {
        let e = parse("# H\n\n- [A](u)\n> first abstract\n> goes on\n\n- [B](v)\nplain abstract\n");
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("first abstract goes on")
        );
        assert_eq!(e[1].abstract_text.as_deref(), Some("plain abstract"));
        assert_eq!(e[0].heading.as_deref(), Some("H"));
    }

    #[test]
    fn items_without_title_are_not_papers() {
        assert!(parse("- \n| [x](y) |\n|---|\n| [a](b) |\n").is_empty());
        // One plain bullet in prose is a note; two are a list of titles.
        assert!(parse("Just prose.\n- an item\n").is_empty());
        assert_eq!(parse("Just prose.\n- one\n- two\n").len(), 2);
        // A plain rule is a note where the file has papers of another kind.
        let e = parse("- [A](u)\n\n## Rules\n\n1. a rule\n2. another\n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].title, "A");
    }

    #[test]
    fn plain_items_are_titles_among_papers_or_in_a_list_of_titles() {
        let titles =
            |text: &str| -> Vec<String> { parse(text).into_iter().map(|e| e.title).collect() };
        // Among linked entries of the same list.
        assert_eq!(
            titles("- [A](u)\n- QLoRA: Efficient Finetuning\n\n## Rules\n\n1. a rule\n"),
            ["A", "QLoRA: Efficient Finetuning"]
        );
        // A group's items share its list; notes under an entry are a list of their own.
        assert_eq!(
            titles("- [A](u)\n  - read section 3\n- Vision\n  - ViT\n"),
            ["A", "ViT"]
        );
        // Notes among papers stay notes: a to-do, a lead-in, a line in Korean.
        assert_eq!(
            titles(
                "- [A](u)\n- TODO: ask Minsu for the slides\n- todo read 3.2\n\
                 - Note - skip section 4\n- Papers for the retreat:\n- 다음 주 발표는 민수\n\
                 - 로라 (LoRA)\n- Notes on Contrastive Divergence\n- Todorov et al. MuJoCo\n\
                 - NB-BERT: The Norwegian BERT\n"
            ),
            [
                "A",
                "로라 (LoRA)",
                "Notes on Contrastive Divergence",
                "Todorov et al. MuJoCo",
                "NB-BERT: The Norwegian BERT"
            ]
        );
        assert!(parse("- 트랜스포머 논문\n- 다음 주 발표\n").is_empty());
        // A file of bare titles (checkboxes, bold names) is a list of titles; an item
        // holding a list of its own names a group, not a paper.
        let e = parse(
            "- [ ] Attention Is All You Need\n- [x] **BERT**: Pre-training\n- NLP\n  - ELMo\n",
        );
        let got: Vec<(&str, bool)> = e.iter().map(|e| (e.title.as_str(), e.checked)).collect();
        assert_eq!(
            got,
            [
                ("Attention Is All You Need", false),
                ("BERT: Pre-training", true),
                ("ELMo", false)
            ]
        );
    }

    #[test]
    fn items_with_a_bare_url_or_id_are_entries() {
        let e = parse(
            "- Attention Is All You Need https://arxiv.org/abs/1706.03762\n\
             - <https://arxiv.org/abs/1810.04805>\n\
             - LoRA (arXiv:2106.09685)\n\
             - [2019/07] RoBERTa <https://arxiv.org/abs/1907.11692>\n\
             - BART, doi:10.18653/v1/2020.acl-main.703\n\n\
             1. a rule\n",
        );
        let got: Vec<(&str, &str, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.url.as_str(), e.date.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Attention Is All You Need",
                    "https://arxiv.org/abs/1706.03762",
                    None
                ),
                ("arXiv:1810.04805", "https://arxiv.org/abs/1810.04805", None),
                ("LoRA", "https://arxiv.org/abs/2106.09685", None),
                (
                    "RoBERTa",
                    "https://arxiv.org/abs/1907.11692",
                    Some("2019/07")
                ),
                (
                    "BART",
                    "https://doi.org/10.18653/v1/2020.acl-main.703",
                    None
                ),
            ]
        );
        assert_eq!(e[4].doi.as_deref(), Some("10.18653/v1/2020.acl-main.703"));
    }

    #[test]
    fn every_mix_of_item_shapes_parses_to_titled_entries() {
        // Item shapes (plain, linked, autolinked, ids, groups, notes, quotes, Hangul,
        // half-written ones), three at a time in every order: never a panic, never an
        // entry without a title.
        let shapes = [
            "- plain title\n",
            "- [T](u)\n",
            "- <https://arxiv.org/abs/2106.09685>\n",
            "- [2019/07] x (arXiv:1907.11692)\n",
            "- doi:10.1/x\n",
            "- group\n  - child\n",
            "- [A](u)\n  - [Code](c)\n  - note\n",
            "  > quoted\n",
            "1. 규칙\n",
            "- [ ] [\n",
            "- [](x)\n",
            "- https://\n",
            "- [x] 2106.09685\n",
            "# h\n",
            "- \n",
            "| Title | Link |\n|---|---|\n| [t](u) | [pdf](p) |\n| | x |\n",
            "| Paper |\n|---|\n",
        ];
        for a in shapes {
            for b in shapes {
                for c in shapes {
                    let text = format!("{a}{b}{c}");
                    for e in parse(&text) {
                        assert!(!e.title.trim().is_empty(), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_tables_keywords_column_gives_the_keywords() {
        // Hannibal046/Awesome-LLM's milestone table.
        let e = parse(
            "|   Date  |       keywords       |      Institute     | Paper |\n|:-------:|:---:|:---:|---|\n\
             | 2022-03 |      InstructGPT     |       OpenAI       | [Training language models to follow instructions with human feedback](https://arxiv.org/pdf/2203.02155.pdf) |\n\
             | 2022-10 |     Flan-T5/PaLM     |       Google       | [Scaling Instruction-Finetuned Language Models](https://arxiv.org/pdf/2210.11416.pdf) |\n",
        );
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].keywords, vec!["InstructGPT"]);
        assert_eq!(e[0].date.as_deref(), Some("2022-03"));
        assert_eq!(e[1].keywords, vec!["Flan-T5/PaLM"]);
    }

    #[test]
    fn a_tables_authors_and_venue_columns_give_them() {
        let e = parse(
            "| 제목 | 저자 | 학회 | 연도 |\n| --- | --- | --- | --- |\n\
             | [LoRA](https://arxiv.org/abs/2106.09685) | Edward J. Hu, Yelong Shen, Phillip Wallis | ICLR 2022 | 2021 |\n\
             | [QLoRA](https://arxiv.org/abs/2305.14314) | Tim Dettmers and Artidoro Pagnoni | | 2023 |\n",
        );
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0].authors,
            ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"]
        );
        assert_eq!(e[0].venue.as_deref(), Some("ICLR 2022"));
        assert_eq!(e[1].authors, ["Tim Dettmers", "Artidoro Pagnoni"]);
        assert_eq!(e[1].venue, None);
        assert_eq!(e[1].date.as_deref(), Some("2023"));
        // A reading list's `Pub` column and its `Preprint` link (patrick-tssn's form), and
        // Awesome-LLM's `Publication` (`-` for none): the venue, and its year the date.
        let e = parse(
            "| Title | Pub | Preprint |\n| --- | --- | --- |\n\
             | Are Emergent Abilities of Large Language Models a Mirage? | Neurips 2023 | [2304.15004](https://arxiv.org/abs/2304.15004) |\n\n\
             | Date | Paper | Publication |\n| --- | --- | --- |\n\
             | 2017-06 | [Attention Is All You Need](https://arxiv.org/pdf/1706.03762.pdf) | NeurIPS 2017 |\n\
             | 2020-01 | [Scaling Laws for Neural Language Models](https://arxiv.org/pdf/2001.08361.pdf) | - |\n",
        );
        let rows: Vec<(&str, Option<&str>, Option<&str>)> = e
            .iter()
            .map(|e| (e.url.as_str(), e.venue.as_deref(), e.date.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "https://arxiv.org/abs/2304.15004",
                    Some("Neurips 2023"),
                    Some("2023")
                ),
                (
                    "https://arxiv.org/pdf/1706.03762.pdf",
                    Some("NeurIPS 2017"),
                    Some("2017-06")
                ),
                (
                    "https://arxiv.org/pdf/2001.08361.pdf",
                    None,
                    Some("2020-01")
                ),
            ]
        );
    }

    #[test]
    fn an_open_box_planned_is_a_session_only_under_its_day() {
        let e = parse(
            "## 3주차 (2026-12-16)\n\n- [ ] [T5](https://arxiv.org/abs/1910.10683) (예정)\n- [ ] [BERT](https://arxiv.org/abs/1810.04805)\n\n\
             ## 읽은 논문\n\n- [ ] [FLAN](https://arxiv.org/abs/2109.01652) (예정)\n",
        );
        let rows: Vec<(&str, bool, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.checked, e.read_on.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                ("T5", true, Some("2026-12-16")),
                ("BERT", false, None),
                ("FLAN", false, None),
            ]
        );
    }

    #[test]
    fn a_study_plans_topic_column_is_the_keywords() {
        // 111jjj111/NLP_paper_study's table: a week, a title with its year, a topic, a link.
        let e = parse(
            "| 주차 | 논문 제목 | 핵심 주제 | 링크 |\n| --- | --- | --- | --- |\n\
             | 1주차 | Efficient Estimation of Word Representations in Vector Space (2013) | Word2Vec (CBOW, Skip-gram) | [논문 보기](https://arxiv.org/abs/1301.3781) |\n",
        );
        assert_eq!(e[0].keywords, ["Word2Vec (CBOW, Skip-gram)"]);
        assert_eq!(e[0].url, "https://arxiv.org/abs/1301.3781");
        // The year after the title goes when the list is loaded (`citation::take`).
        assert!(e[0].title.ends_with("(2013)"));
        assert!(!e[0].checked, "a week's label is no session held");
    }

    #[test]
    fn a_tables_read_column_marks_papers_read() {
        let e = parse(
            "| 논문 | 읽음 |\n| --- | --- |\n\
             | [LoRA](https://arxiv.org/abs/2106.09685) | ✅ |\n\
             | [QLoRA](https://arxiv.org/abs/2305.14314) | |\n\
             | [BERT](https://arxiv.org/abs/1810.04805) | 완료 |\n\
             | [GPT-3](https://arxiv.org/abs/2005.14165) | X |\n",
        );
        let read: Vec<(&str, bool)> = e.iter().map(|e| (e.title.as_str(), e.checked)).collect();
        assert_eq!(
            read,
            vec![
                ("LoRA", true),
                ("QLoRA", false),
                ("BERT", true),
                ("GPT-3", false)
            ]
        );
    }

    #[test]
    fn a_study_groups_log_marks_what_it_presented() {
        // When and by whom: a row with a session date or a presenter was read (or is
        // scheduled); the session's date is not the paper's.
        let e = parse(
            "| 주차 | 날짜 | 발표자 | 논문 |\n| --- | --- | --- | --- |\n\
             | 1 | 2026.11.06 | 민수 | [LoRA](https://arxiv.org/abs/2106.09685) |\n\
             | 2 | 2026.11.13 | TBD | [QLoRA](https://arxiv.org/abs/2305.14314) |\n\
             | 3 | | 미정 | [SpQR](https://arxiv.org/abs/2306.03078) |\n\
             | 4 | | 지연 | [BERT](https://arxiv.org/abs/1810.04805) |\n\n\
             | Paper | Presented on | Year |\n| --- | --- | --- |\n\
             | [GPT-3](https://arxiv.org/abs/2005.14165) | 2026-10-30 | 2020 |\n\
             | [T5](https://arxiv.org/abs/1910.10683) | | 2019 |\n",
        );
        let read: Vec<(&str, bool, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.checked, e.date.as_deref()))
            .collect();
        assert_eq!(
            read,
            vec![
                ("LoRA", true, None),
                ("QLoRA", true, None),
                ("SpQR", false, None),
                ("BERT", true, None),
                ("GPT-3", true, Some("2020")),
                ("T5", false, Some("2019")),
            ]
        );
        // The session's day is when it was read.
        let on: Vec<Option<&str>> = e.iter().map(|e| e.read_on.as_deref()).collect();
        assert_eq!(
            on,
            [
                Some("2026-11-06"),
                Some("2026-11-13"),
                None,
                None,
                Some("2026-10-30"),
                None
            ]
        );
        // A log's `Year` beside a presenter is the paper's venue year, not a session
        // (boostcamp-ai-tech3-mnm/PaperReview's README); `Dates` is the session's, `3/17`
        // without its year, `미정` (undecided) none.
        let e = parse(
            "| Dates | Paper | Year | Presenter | Presentation | Code |\n|---|---|---|---|---|---|\n\
             | 3/17 | [Efficient Estimation of Word Representations](https://arxiv.org/abs/1301.3781) | NeuraIPS 2013 | | | |\n\
             | 미정 | [Distributed Representations of Words and Phrases](https://arxiv.org/abs/1310.4546) | NIPS 2013 | | | |\n",
        );
        let got: Vec<(bool, Option<&str>, Option<&str>)> = e
            .iter()
            .map(|e| (e.checked, e.read_on.as_deref(), e.date.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (true, Some("--03-17"), Some("NeuraIPS 2013")),
                (false, None, Some("NIPS 2013"))
            ]
        );
    }

    #[test]
    fn a_title_cell_that_describes_the_paper_is_split() {
        // dair-ai/ML-Papers-of-the-Week, two years' forms.
        let e = parse(
            "| **Paper**  | **Links** |\n| ------------- | ------------- |\n\
             | 1) **Depth Anything** - a robust monocular depth estimation solution that can deal with any images under any circumstance; automatically annotates large-scale unlabeled data (~62M) which helps to reduce generalization error. | [Paper](https://arxiv.org/abs/2401.10891v1), [Tweet](https://x.com/a) |\n\
             | 5) Rethinking Reflection in Pre-Training  Reflection — the ability of LLMs to identify and correct their own reasoning — has often been attributed to reinforcement learning or fine-tuning. This paper argues otherwise. | [Paper](https://arxiv.org/abs/2504.04022) |\n\
             | 2) Attention Is All You Need - Transformers | [Paper](https://arxiv.org/abs/1706.03762) |\n\
             | 4) **MusicGen** - a single-stage transformer-based LLM that generates music | [Paper](https://arxiv.org/abs/2306.05284) |\n\
             | 3) **o1 Replication Journey - Part 2** - shows that combining simple distillation from o1's API with supervised fine-tuning significantly boosts performance on complex math reasoning tasks. | [Paper](https://arxiv.org/abs/2411.16489) |\n",
        );
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Depth Anything",
                "Rethinking Reflection in Pre-Training",
                "Attention Is All You Need - Transformers",
                "MusicGen",
                "o1 Replication Journey - Part 2",
            ]
        );
        assert_eq!(
            e[3].abstract_text.as_deref(),
            Some("a single-stage transformer-based LLM that generates music")
        );
        assert!(e[4]
            .abstract_text
            .as_deref()
            .unwrap()
            .starts_with("shows that combining"));
        assert!(e[0]
            .abstract_text
            .as_deref()
            .unwrap()
            .starts_with("a robust monocular depth"));
        assert!(e[1]
            .abstract_text
            .as_deref()
            .unwrap()
            .starts_with("Reflection — the ability"));
        assert_eq!(e[1].url, "https://arxiv.org/abs/2504.04022");
        assert_eq!(e[2].abstract_text, None);
    }

    #[test]
    fn tables_with_a_title_column_hold_one_paper_a_row() {
        let e = parse(
            "## NLP\n\n| Year | Model | **Paper** | Link |\n|---|---|---|---|\n\
             | 2017 | Transformer | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | |\n\
             | 2018 | BERT | BERT: Pre-training [[pdf](https://x/pdf)] [[code](https://github.com/b)] | |\n\
             | 2019 | | GPT-2 | [arXiv](https://arxiv.org/abs/1902.00000) |\n\
             | | | | |\n",
        );
        type Row<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, usize);
        let got: Vec<Row> = e
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.url.as_str(),
                    e.date.as_deref(),
                    e.alias.as_deref(),
                    e.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Attention Is All You Need",
                    "https://arxiv.org/abs/1706.03762",
                    Some("2017"),
                    Some("Transformer"),
                    5
                ),
                (
                    "BERT: Pre-training",
                    "https://x/pdf",
                    Some("2018"),
                    Some("BERT"),
                    6
                ),
                (
                    "GPT-2",
                    "https://arxiv.org/abs/1902.00000",
                    Some("2019"),
                    None,
                    7
                ),
            ]
        );
        assert!(e.iter().all(|e| e.heading.as_deref() == Some("NLP")));
        assert_eq!(e[1].extra_links, ["https://github.com/b"]);
        // A table whose header names no title column holds no papers (the seed list's
        // books, one a column).
        let books = "| mathematics | Transformer |\n|:---:|:---:|\n\
                     | **[Mathematics for ML](https://mml-book.github.io/)** | **[NLP with Transformers](https://t.com/)** |\n";
        assert!(parse(books).is_empty());
        // Nor does a table of people.
        assert!(
            parse("| Name | GitHub |\n|---|---|\n| Kim | [kim](https://github.com/kim) |\n")
                .is_empty()
        );
    }

    #[test]
    fn a_nested_secondary_link_belongs_to_the_entry_above() {
        let e =
            parse("- [A](u)\n  - [Code](https://github.com/x/y)\n  - my note on it\n- [B](v)\n");
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["A", "B"]);
        assert_eq!(e[0].extra_links, ["https://github.com/x/y"]);
    }

    #[test]
    fn task_list_marks_checked() {
        let e = parse("- [x] [Read one](u)\n- [ ] [Unread](v)\n");
        assert!(e[0].checked);
        assert!(!e[1].checked);
        assert_eq!(e[0].title, "Read one");
    }

    #[test]
    fn a_section_whose_heading_says_read_holds_papers_read() {
        let e = parse(
            "# 논문 목록\n\
             ## 읽을 논문\n\
             - [SpQR](a)\n\
             ## 읽은 논문 (3)\n\
             ### LLM\n\
             - [LoRA](b)\n\
             - [ ] [QLoRA](c)\n\
             ### Vision\n\
             | Title | Year |\n|---|---|\n| ViT | 2020 |\n\n\
             ## Reading comprehension\n\
             - [SQuAD](d)\n\
             ## Done\n\
             - [BERT](e)\n",
        );
        let got: Vec<(&str, bool)> = e.iter().map(|e| (e.title.as_str(), e.checked)).collect();
        assert_eq!(
            got,
            [
                ("SpQR", false),
                ("LoRA", true),
                // The box unchecked is the member's own mark.
                ("QLoRA", false),
                ("ViT", true),
                ("SQuAD", false),
                ("BERT", true),
            ]
        );
    }

    #[test]
    fn an_item_that_opens_with_its_meeting_is_read_on_that_day_and_titled_without_it() {
        let e = parse(
            "# LLM 스터디\n\
             ## 읽을 논문\n\
             - 11/20 발표: [LoRA: Low-Rank Adaptation](a) (민수)\n\
             - 2026-11-27 (수) QLoRA: Efficient Finetuning of Quantized LLMs\n\
             - 1주차 (2026-12-04) — BERT: Pre-training of Deep Bidirectional Transformers\n\
             - 2026-12-09 민수: [FLAN](b)\n\
             - 12월 16일 (예정) [T5](c)\n\
             - 2026-12-23: [GLaM](d)\n\
             - [x] 2026-11-13 [ViT](e)\n\
             - 5주차: [SpQR](f)\n\
             - 1.5-Pints Technical Report: Pretraining in Days, Not Months\n\
             - 11.20 발표: [Toolformer](g)\n\
             - [PaLM](i) (11/27 발표)\n\
             - Chinchilla: Training Compute-Optimal LLMs — 2026-12-02 지현 발표\n\
             - [Gopher](j) 12/09 발표 예정\n\
             - 11/20 발표: [OPT](k) (취소)\n\
             - Attention Is All You Need (NeurIPS 2017)\n\
             ## 진행 기록\n\
             - 2026-11-06: [GPT-3](h)\n",
        );
        let got: Vec<(&str, bool, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.checked, e.read_on.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("LoRA: Low-Rank Adaptation", true, Some("--11-20")),
                (
                    "QLoRA: Efficient Finetuning of Quantized LLMs",
                    true,
                    Some("2026-11-27")
                ),
                (
                    "BERT: Pre-training of Deep Bidirectional Transformers",
                    true,
                    Some("2026-12-04")
                ),
                ("FLAN", true, Some("2026-12-09")),
                // Planned: a session to come (scheduled, when the day is to come).
                ("T5", true, Some("--12-16")),
                // A whole date alone: the day it came out or was added as much as read.
                ("GLaM", false, Some("2026-12-23")),
                ("ViT", true, Some("2026-11-13")),
                // A syllabus's week to come.
                ("SpQR", false, None),
                (
                    "1.5-Pints Technical Report: Pretraining in Days, Not Months",
                    false,
                    None
                ),
                ("Toolformer", true, Some("--11-20")),
                // A meeting after the title, held or planned; one cancelled.
                ("PaLM", true, Some("--11-27")),
                (
                    "Chinchilla: Training Compute-Optimal LLMs",
                    true,
                    Some("2026-12-02")
                ),
                ("Gopher", true, Some("--12-09")),
                ("OPT", false, Some("--11-20")),
                ("Attention Is All You Need (NeurIPS 2017)", false, None),
                // Under the group's log any date is a meeting's.
                ("GPT-3", true, Some("2026-11-06")),
            ]
        );
    }

    #[test]
    fn a_heading_that_dates_a_meeting_marks_its_papers_read_on_that_day() {
        let e = parse(
            "# LLM 스터디\n\
             ## 1주차 (2026-11-20)\n\
             - [LoRA](a)\n\
             - [ ] [QLoRA](b)\n\
             ## 읽은 논문\n\
             ### Week 2: 2026.11.27 — Instruction tuning\n\
             - [FLAN](c)\n\
             ### 기타\n\
             - [T5](d)\n\
             ## 2024-03-15\n\
             - [A paper of the day](e)\n\
             ## 3주차\n\
             - [SpQR](f)\n",
        );
        let got: Vec<(&str, bool, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.checked, e.read_on.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("LoRA", true, Some("2026-11-20")),
                ("QLoRA", false, None),
                ("FLAN", true, Some("2026-11-27")),
                ("T5", true, None),
                // A date alone (a day's new papers) or a label alone says nothing.
                ("A paper of the day", false, None),
                ("SpQR", false, None),
            ]
        );
        // A meeting written without its year: the history places it in one.
        let e = parse("## 2주차 (11/27)\n- [QLoRA](b)\n");
        assert_eq!(
            (e[0].checked, e[0].read_on.as_deref()),
            (true, Some("--11-27"))
        );
        // `history --markdown` pasted into the list: its papers read on the heading's day;
        // an unchecked one under a day is not read.
        let e = parse(
            "### 2026-11-20 (Fri)\n\n- [x] [QLoRA](b)\n- [ ] [SpQR](c)\n\n### 2026-11-27 (Fri)\n\n- [x] [LoRA](a)\n",
        );
        let got: Vec<(bool, Option<&str>)> = e
            .iter()
            .map(|e| (e.checked, e.read_on.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (true, Some("2026-11-20")),
                (false, None),
                (true, Some("2026-11-27"))
            ]
        );
    }

    #[test]
    fn marks_by_hand_say_read_and_leave_the_title() {
        let e = parse(
            "- ~~LoRA: Low-Rank Adaptation~~ (다 읽음)\n\
             - [QLoRA: Efficient Finetuning](u) ✅\n\
             - ~~[Sparks of AGI](v)~~ (취소)\n\
             - Llama 2: Open Foundation (지현 추천) ⭐️\n\
             - ~~[FLAN: Finetuned Language Models](w)~~\n\
             - [x] [SpQR](x) (to read)\n\
             - Attention Is All You Need — done\n\
             - [Rho-1](y) - Not All Tokens Are What You Need\n",
        );
        let got: Vec<(&str, bool)> = e.iter().map(|e| (e.title.as_str(), e.checked)).collect();
        assert_eq!(
            got,
            [
                ("LoRA: Low-Rank Adaptation", true),
                ("QLoRA: Efficient Finetuning", true),
                ("Sparks of AGI", false),
                ("Llama 2: Open Foundation", false),
                ("FLAN: Finetuned Language Models", true),
                // The box is the member's own mark; the note does not undo it.
                ("SpQR", true),
                ("Attention Is All You Need", true),
                ("Rho-1", false),
            ]
        );
    }

    #[test]
    fn bracket_title_without_link() {
        let e = parse("- [Kosmos-2: Grounding]\n> abs\n");
        assert_eq!(e[0].title, "Kosmos-2: Grounding");
        assert_eq!(e[0].url, "");
        assert_eq!(e[0].abstract_text.as_deref(), Some("abs"));
    }

    #[test]
    fn a_status_before_a_wiki_link_or_a_title_marks_it_and_leaves_the_title() {
        let e = parse(concat!(
            "# 논문\n",
            "- 완료: [[LoRA: Low-Rank Adaptation of Large Language Models]]\n",
            "- (읽음) [[QLoRA: Efficient Finetuning of Quantized LLMs]]\n",
            "- 읽음 - SpQR: A Sparse-Quantized Representation\n",
            "- 취소 ~~BERT: Pre-training of Deep Bidirectional Transformers~~\n",
        ));
        let got: Vec<(&str, bool)> = e.iter().map(|e| (e.title.as_str(), e.checked)).collect();
        assert_eq!(
            got,
            vec![
                ("LoRA: Low-Rank Adaptation of Large Language Models", true),
                ("QLoRA: Efficient Finetuning of Quantized LLMs", true),
                ("SpQR: A Sparse-Quantized Representation", true),
                (
                    "BERT: Pre-training of Deep Bidirectional Transformers",
                    false
                ),
            ]
        );
    }

    #[test]
    fn wiki_links_to_notes_are_titles() {
        // An Obsidian reading list: notes named after papers (a file name cannot hold a
        // colon, so ` - ` stands for it), in folders, with a shown name, tags and a link.
        let e = parse(concat!(
            "---\ntags: [reading]\n---\n# Reading list\n",
            "- [x] [[LoRA: Low-Rank Adaptation of Large Language Models]]\n",
            "- [ ] [[Papers/QLoRA - Efficient Finetuning of Quantized LLMs|QLoRA]] #peft #quantization\n",
            "- [[Attention Is All You Need.md#Method|Attention Is All You Need]] https://arxiv.org/abs/1706.03762\n",
            "- [[Kosmos-2: Grounding] (https://arxiv.org/abs/2306.14824)\n",
        ));
        let got: Vec<(&str, Option<&str>, bool, &str)> = e
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.alias.as_deref(),
                    e.checked,
                    e.url.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "LoRA: Low-Rank Adaptation of Large Language Models",
                    None,
                    true,
                    ""
                ),
                (
                    "QLoRA - Efficient Finetuning of Quantized LLMs",
                    Some("QLoRA"),
                    false,
                    ""
                ),
                (
                    "Attention Is All You Need",
                    None,
                    false,
                    "https://arxiv.org/abs/1706.03762"
                ),
                // Not a wiki link (no `]]`): a bracketed title as before.
                (
                    "[Kosmos-2: Grounding",
                    None,
                    false,
                    "https://arxiv.org/abs/2306.14824"
                ),
            ]
        );
        assert_eq!(e[1].keywords, ["peft", "quantization"]);
        // Logseq's task keywords: `DONE` is read; the keyword is no part of the title.
        let e = parse(concat!(
            "- DONE [[LoRA: Low-Rank Adaptation of Large Language Models]]\n",
            "- TODO [[QLoRA - Efficient Finetuning of Quantized LLMs]]\n",
            "- LATER [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n",
            "- DONE [BERT](https://arxiv.org/abs/1810.04805)\n",
        ));
        let got: Vec<(&str, bool)> = e.iter().map(|e| (e.title.as_str(), e.checked)).collect();
        assert_eq!(
            got,
            vec![
                ("LoRA: Low-Rank Adaptation of Large Language Models", true),
                ("QLoRA - Efficient Finetuning of Quantized LLMs", false),
                ("Attention Is All You Need", false),
                ("BERT", true),
            ]
        );
    }

    #[test]
    fn a_link_that_does_not_parse_as_one_is_still_the_link() {
        let e = parse(concat!(
            "- [Attention Is All You Need] (https://arxiv.org/abs/1706.03762)\n",
            "- [Title with ] bracket](https://arxiv.org/abs/2106.09685)\n",
            "- [BART] doi:10.18653/v1/2020.acl-main.703\n",
        ));
        assert_eq!(e[0].title, "Attention Is All You Need");
        assert_eq!(e[0].url, "https://arxiv.org/abs/1706.03762");
        assert_eq!(e[1].title, "Title with ] bracket");
        assert_eq!(e[1].url, "https://arxiv.org/abs/2106.09685");
        assert_eq!(e[2].title, "BART");
        assert_eq!(e[2].doi.as_deref(), Some("10.18653/v1/2020.acl-main.703"));
    }

    #[test]
    fn awesome_lists_labelled_links_take_the_words_before_them_as_the_title() {
        let e = parse(concat!(
            "- LoRA: Low-Rank Adaptation of Large Language Models. *Edward J. Hu, Yelong Shen*. ICLR 2022. [[pdf](https://arxiv.org/abs/2106.09685)] [[code](https://github.com/microsoft/LoRA)]\n",
            "- **QLoRA: Efficient Finetuning of Quantized LLMs** [[paper](https://arxiv.org/abs/2305.14314)]\n",
            "- The Power of Scale for Parameter-Efficient Prompt Tuning, Lester et al., EMNLP 2021 [[arXiv]](https://arxiv.org/abs/2104.08691)\n",
            "- (ICLR 2022) Towards a Unified View of Parameter-Efficient Transfer Learning [paper](https://arxiv.org/abs/2110.04366)\n",
            "- [Code](https://github.com/x/y)\n",
            "1. **Deep contextualized word representations**. *Matthew E. Peters, Mark Neumann*. NAACL 2018. [[pdf](https://arxiv.org/pdf/1802.05365.pdf)] [[project](https://allennlp.org/elmo)] (**ELMo**)\n",
            "2. **CPM-2**. Cost-Effective Pre-trained Language Models, 2021. [[Model&Code](https://github.com/TsinghuaAI/CPM-2)]\n",
            "- DeepPose: Human pose estimation via deep neural networks (2014), A. Toshev and C. Szegedy [[pdf]](http://www.cv-foundation.org/openaccess/content_cvpr_2014/papers/Toshev_DeepPose_Human_Pose_2014_CVPR_paper.pdf)\n",
            "- **Visualizing and understanding convolutional networks** (2014), M. Zeiler and R. Fergus [[pdf]](http://arxiv.org/pdf/1311.2901)\n",
            "- OpenAI [[web]](https://www.openai.com/)\n",
            "- Distill [[web]](http://distill.pub/)\n",
        ));
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "LoRA: Low-Rank Adaptation of Large Language Models",
                "QLoRA: Efficient Finetuning of Quantized LLMs",
                "The Power of Scale for Parameter-Efficient Prompt Tuning",
                "Towards a Unified View of Parameter-Efficient Transfer Learning",
                "Code",
                "Deep contextualized word representations",
                "CPM-2. Cost-Effective Pre-trained Language Models",
                "DeepPose: Human pose estimation via deep neural networks",
                "Visualizing and understanding convolutional networks",
                "OpenAI",
                "Distill",
            ]
        );
        // terryum/awesome-deep-learning-papers' form: the year in brackets is the date.
        assert_eq!(e[7].date.as_deref(), Some("2014"));
        assert_eq!(e[8].url, "http://arxiv.org/pdf/1311.2901");
        assert_eq!(e[8].date.as_deref(), Some("2014"));
        // thunlp/PLMpapers' form: the name in bold brackets after the links is the alias.
        assert_eq!(e[5].alias.as_deref(), Some("ELMo"));
        assert_eq!(e[5].extra_links, vec!["https://allennlp.org/elmo"]);
        assert_eq!(e[0].url, "https://arxiv.org/abs/2106.09685");
        assert_eq!(e[0].extra_links, vec!["https://github.com/microsoft/LoRA"]);
        assert_eq!(e[3].date.as_deref(), Some("2022"));
        assert_eq!(e[3].url, "https://arxiv.org/abs/2110.04366");
        // The year after a name and its title is the date (`**CPM-2**. Cost-…, 2021.`).
        assert_eq!(e[6].date.as_deref(), Some("2021"));
    }

    #[test]
    fn links_within_the_page_are_a_table_of_contents() {
        let e = parse(concat!(
            "- [Top ML Papers of the Week (June 23 - June 29)](./#top-ml-papers-of-the-week-june-23)\n",
            "- [Top ML Papers of the Week (June 16 - June 22)](#top-ml-papers-of-the-week-june-16)\n",
            "\n## Papers\n\n- [LoRA](https://arxiv.org/abs/2106.09685)\n",
        ));
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, vec!["LoRA"]);
    }

    #[test]
    fn any_mix_of_list_forms_parses_without_a_panic() {
        let starts = ["- ", "1) ", "**[1]** ", "[2] ", "| ", "", "> "];
        let pieces = [
            "*",
            "**",
            "“",
            "”",
            "\"",
            "[pdf](x)",
            "[[web]](y)",
            "[t](https://a.org/b)",
            "(2015)",
            ", A. B et al.",
            " - ",
            "  ",
            " | ",
            "한",
            "é",
            "[t](./#a)",
            "[[",
            "]]",
            "(",
            ")",
            "[2019/07] ",
            "Title words",
            "$",
            "<i>",
        ];
        let mut rng = crate::rng::Rng::new(11);
        let mut pick = |n: usize| (rng.next_u64() % n as u64) as usize;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..1 + pick(4) {
                text.push_str(starts[pick(starts.len())]);
                for _ in 0..pick(9) {
                    text.push_str(pieces[pick(pieces.len())]);
                }
                text.push_str(if pick(2) == 0 { "\n" } else { "\n\n" });
            }
            for e in parse(&text) {
                assert!(!e.title.is_empty(), "{text:?}");
            }
        }
    }

    #[test]
    fn numbered_reference_paragraphs_are_papers() {
        // floodsung/Deep-Learning-Papers-Reading-Roadmap's form.
        let e = parse(concat!(
            "## 1.1 Survey\n\n",
            "**[1]** LeCun, Yann, Yoshua Bengio, and Geoffrey Hinton. \"**Deep learning**.\" Nature 521.7553 (2015): 436-444. [[pdf]](http://www.cs.toronto.edu/~hinton/absps/NatureDeepReview.pdf) **(Three Giants' Survey)** :star::star::star::star::star:\n\n",
            "**[5]** Simonyan, Karen, and Andrew Zisserman. \"**Very deep convolutional networks for large-scale image recognition**.\" arXiv preprint arXiv:1409.1556 (2014). [[pdf]](https://arxiv.org/pdf/1409.1556.pdf) **(VGGNet,Neural Networks become very deep!)** :star::star::star:\n\n",
            "**[12]** Goodfellow, Ian, et al. \"**Generative adversarial nets**.\" Advances in Neural Information Processing Systems. 2014. [[pdf]](http://papers.nips.cc/paper/5423-generative-adversarial-nets.pdf)\n\n",
            "**[13]** Kingma, Diederik, and Jimmy Ba. “Adam: A method for stochastic optimization”, ICLR (2015). [[pdf]](https://arxiv.org/pdf/1412.6980)\n\n",
            "This roadmap is constructed in accordance with the following four guidelines, see [the list](https://example.org).\n",
        ));
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Deep learning",
                "Very deep convolutional networks for large-scale image recognition",
                "Generative adversarial nets",
                "Adam: A method for stochastic optimization",
            ]
        );
        // Curly quotes, no emphasis: the words in quotes.
        assert_eq!(e[3].date.as_deref(), Some("2015"));
        assert_eq!(e[2].date.as_deref(), Some("2014"));
        assert_eq!(e[0].date.as_deref(), Some("2015"));
        assert_eq!(e[1].url, "https://arxiv.org/pdf/1409.1556.pdf");
        assert_eq!(e[1].heading.as_deref(), Some("1.1 Survey"));
        assert_eq!(e[1].line, 5);
    }

    #[test]
    fn a_date_inside_the_link_is_the_date() {
        let e = parse("- [[2023] QLoRA: Efficient Finetuning](https://arxiv.org/abs/2305.14314)\n- [[Re] Reproducing a paper](https://x.org/re)\n");
        assert_eq!(e[0].title, "QLoRA: Efficient Finetuning");
        assert_eq!(e[0].date.as_deref(), Some("2023"));
        assert_eq!(e[1].title, "[Re] Reproducing a paper");
        assert_eq!(e[1].date, None);
    }

    #[test]
    fn a_venue_tag_before_the_title_is_no_title() {
        let e = parse(concat!(
            "- **[NeurIPS 2023]** QLoRA: Efficient Finetuning of Quantized LLMs. [[paper](https://arxiv.org/abs/2305.14314)]\n",
            "- `ICML 2023` Pythia: A Suite for Analyzing Large Language Models\n",
            "- [ICLR 2022] Finetuned Language Models Are Zero-Shot Learners\n",
        ));
        let titles: Vec<(&str, Option<&str>)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.date.as_deref()))
            .collect();
        assert_eq!(
            titles,
            [
                (
                    "QLoRA: Efficient Finetuning of Quantized LLMs",
                    Some("2023")
                ),
                // Plain words with the tag still before them: `venue::take` reads it.
                (
                    "[ICML 2023] Pythia: A Suite for Analyzing Large Language Models",
                    None
                ),
                (
                    "[ICLR 2022] Finetuned Language Models Are Zero-Shot Learners",
                    None
                ),
            ]
        );
        assert_eq!(e[0].url, "https://arxiv.org/abs/2305.14314");
        // A venue in emphasis after a title, before its labelled link.
        let e = parse("- Chain-of-Thought Prompting Elicits Reasoning in Large Language Models. *NeurIPS 2022*. [[arxiv](https://arxiv.org/abs/2201.11903)]\n");
        assert_eq!(
            e[0].title,
            "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models"
        );
        assert_eq!(e[0].date.as_deref(), Some("2022"));
        assert_eq!(e[0].venue.as_deref(), Some("NeurIPS 2022"));
    }

    #[test]
    fn an_html_link_in_an_item_is_its_link() {
        // kumarkrishna/paper-spray's form.
        let e = parse(concat!(
            "* <a href=\"http://arxiv.org/abs/1505.05770\">Variational Inference with Normalizing Flows</a>  \n",
            "```21/06/2016, DL, VAE, inference```  \n",
            "* <A HREF='https://arxiv.org/abs/1406.5298'>Semi-Supervised Learning with Deep Generative Models</A>\n",
        ));
        let rows: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (e.title.as_str(), e.url.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "Variational Inference with Normalizing Flows",
                    "http://arxiv.org/abs/1505.05770"
                ),
                (
                    "Semi-Supervised Learning with Deep Generative Models",
                    "https://arxiv.org/abs/1406.5298"
                ),
            ]
        );
    }

    #[test]
    fn labels_of_a_papers_other_links_are_no_titles() {
        let e = parse(concat!(
            "1. *Learn to Predict Sets Using Feed-Forward Neural Networks* [url](http://arxiv.org/abs/2001.11845)\n",
            "2. *Artificial Intelligence Aided Next-Generation Networks Relying on UAVs* [url](http://arxiv.org/abs/2001.11958)\n",
            "- *Wide Residual Networks* [[arxiv, 16.05]](https://arxiv.org/abs/1605.07146) [[**PyTorch**]](https://github.com/kuc2477/pytorch-wrn)\n",
        ));
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Learn to Predict Sets Using Feed-Forward Neural Networks",
                "Artificial Intelligence Aided Next-Generation Networks Relying on UAVs",
                "Wide Residual Networks",
            ]
        );
        assert_eq!(e[2].extra_links, ["https://github.com/kuc2477/pytorch-wrn"]);
    }

    #[test]
    fn a_groups_quoted_lines_are_its_papers() {
        // Awesome-LLM's form: a group's name, its papers quoted under it one a line.
        let e = parse(concat!(
            "## Other Awesome Lists\n",
            "- [Pretraining data]\n",
            "  > **RedPajama**, 2023. [Repo](https://github.com/togethercomputer/RedPajama-Data) <br>\n",
            "  > **The Pile: An 800GB Dataset of Diverse Text for Language Modeling**, Arxiv 2020. [Paper](https://arxiv.org/abs/2101.00027) <br>\n",
            "- [Prompt-Learning]\n",
            "  > (2020-12) **Making Pre-trained Language Models Better Few-shot Learners** [paper](https://arxiv.org/pdf/2012.15723.pdf) <br>\n",
            "  >\n\n",
            "- [Kosmos-2: Grounding Multimodal Large Language Models to the World]\n",
            "  > We introduce **Kosmos-2**, a Multimodal Large Language Model. [Code](https://github.com/microsoft/unilm)\n",
        ));
        let rows: Vec<(&str, Option<&str>, Option<&str>, usize)> = e
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.date.as_deref(),
                    e.venue.as_deref(),
                    e.line,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("RedPajama", Some("2023"), None, 3),
                (
                    "The Pile: An 800GB Dataset of Diverse Text for Language Modeling",
                    Some("2020"),
                    Some("Arxiv 2020"),
                    4
                ),
                (
                    "Making Pre-trained Language Models Better Few-shot Learners",
                    Some("2020-12"),
                    None,
                    6
                ),
                (
                    "Kosmos-2: Grounding Multimodal Large Language Models to the World",
                    None,
                    None,
                    9
                ),
            ]
        );
        assert_eq!(e[1].url, "https://arxiv.org/abs/2101.00027");
        // A paper's abstract that links its code stays its abstract.
        assert!(e[3]
            .abstract_text
            .as_deref()
            .unwrap_or("")
            .starts_with("We introduce"));
    }

    #[test]
    fn items_nested_in_a_citation_are_notes_on_it() {
        let e = parse(concat!(
            "## Foundational Papers\n\n",
            "1. **\"A Neural Probabilistic Language Model\"** (Bengio et al., 2003)\n",
            "   - First neural language model\n",
            "   - Introduced learned word embeddings\n\n",
            "2. **\"Efficient Estimation of Word Representations in Vector Space\"** (Mikolov et al., 2013)\n",
            "   - Word2Vec (Skip-gram and CBOW)\n\n",
            "## Groups\n\n",
            "- Retrieval\n",
            "  - [Dense Passage Retrieval](https://arxiv.org/abs/2004.04906)\n",
        ));
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "\"A Neural Probabilistic Language Model\" (Bengio et al., 2003)",
                "\"Efficient Estimation of Word Representations in Vector Space\" (Mikolov et al., 2013)",
                "Dense Passage Retrieval",
            ]
        );
        assert_eq!(
            e[0].abstract_text.as_deref(),
            Some("First neural language model. Introduced learned word embeddings")
        );
        assert_eq!(
            e[1].abstract_text.as_deref(),
            Some("Word2Vec (Skip-gram and CBOW)")
        );
        assert_eq!(e[2].abstract_text, None);
    }
}
