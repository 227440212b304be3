//! `readnext related` and `readnext search`.

use crate::cli::args::{RelatedArgs, SearchArgs};
use crate::cli::context::{exiting_with, Ctx};
use crate::cli::Outcome;
use anyhow::{bail, Result};
use readnext::corpus;
use readnext::embed::BertEmbedder;
use readnext::output::lang::Lang;
use readnext::output::{self, Table};
use readnext::rank::{Engine, Hit, Weights};
use serde::Serialize;

#[derive(Serialize)]
struct PaperRef<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    lines: &'a [usize],
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Query<'a> {
    Related {
        paper: PaperRef<'a>,
        k: usize,
    },
    Search {
        text: &'a str,
        k: usize,
        /// The English the glossary read the query's Korean as (absent for other queries).
        #[serde(skip_serializing_if = "Option::is_none")]
        glossary: Option<String>,
        /// Acronyms no paper writes, read as the list's titles spell them out
        /// (`{"MoE": "mixture of experts"}`; absent when there are none).
        #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
        spelled_out: std::collections::BTreeMap<String, String>,
        /// The list's paper the query names by its arXiv id, DOI, link or citation key
        /// (absent for a query of words): the results are a search for its title, it first.
        #[serde(skip_serializing_if = "Option::is_none")]
        paper: Option<PaperRef<'a>>,
    },
}

/// The paper of the index `ix` (of the list at `path`) that `id` — an arXiv id, a DOI or
/// a link — names (`Ok(Ok)`), or why none does (`Ok(Err)`); a link that several papers
/// share is the usual "ambiguous" error.
fn paper_named_by_id(
    ix: &readnext::index::Index,
    path: &std::path::Path,
    id: &str,
) -> readnext::Result<std::result::Result<usize, String>> {
    if let Some(i) = corpus::resolve::id_tried_first(id).and_then(|id| ix.papers.position_of_id(id))
    {
        return Ok(Ok(i));
    }
    let list = corpus::List {
        path,
        papers: &ix.papers,
    };
    match corpus::resolve::resolve_in(list, id) {
        Ok(i) => Ok(Ok(i)),
        // An id or a link names one paper, or none: its error lists no titles.
        Err(readnext::Error::Resolve {
            message,
            candidates,
            ..
        }) if candidates.is_empty() => Ok(Err(message)),
        Err(e) => Err(e),
    }
}

/// The one paper of `ix` that has `key` (a citation key, without case) among its ids.
fn paper_with_key(ix: &readnext::index::Index, key: &str) -> Option<usize> {
    let key = key.trim();
    if let Some(i) = ix.papers.position_of_id(key) {
        return Some(i);
    }
    match corpus::resolve::with_id(&ix.papers, key)[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// `hits` with the paper at `index` first (its score raised to the first's, ranks
/// numbered again); a paper not among them leaves them as they are.
fn first_of(hits: &mut [Hit], index: usize) {
    if let Some(at) = hits.iter().position(|h| h.index == index) {
        let top = hits[0].score;
        hits[..=at].rotate_right(1);
        hits[0].score = hits[0].score.max(top);
        for (r, h) in hits.iter_mut().enumerate() {
            h.rank = r + 1;
        }
    }
}

#[derive(Serialize)]
struct Answer<'a> {
    query: Query<'a>,
    results: &'a [Hit],
}

fn print_hits(
    ctx: &Ctx,
    lang: Lang,
    heading: &str,
    query: Query<'_>,
    hits: &[Hit],
) -> Result<Outcome> {
    if ctx.g.json {
        ctx.print(&output::json(&Answer {
            query,
            results: hits,
        }))?;
    } else if hits.is_empty() {
        // No table of headers alone.
        let what = lang.no_hits(matches!(query, Query::Related { .. }));
        ctx.print(&format!("{heading}\n{what}\n"))?;
    } else {
        let mut t = Table::new(&lang.hit_columns())
            .right(0)
            .max_width(2, 72)
            .max_width(3, 60);
        for h in hits {
            t.row(vec![
                h.rank.to_string(),
                format!("{:.3}", h.score),
                h.title.clone(),
                h.url.clone(),
            ]);
        }
        ctx.print(&format!("{heading}\n{}", t.render()))?;
    }
    Ok(if hits.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

pub fn related(ctx: &Ctx, args: &RelatedArgs) -> Result<Outcome> {
    let (ix, path, _) = ctx.open_index_lean()?;
    // A paper's own id, looked up alone, leaves a big index's other papers undecoded.
    let by_id =
        corpus::resolve::id_tried_first(&args.paper).and_then(|id| ix.papers.position_of_id(id));
    let i = match by_id {
        Some(i) => i,
        None => ctx.resolve_reference(
            corpus::List {
                path: &path,
                papers: &ix.papers,
            },
            &args.paper,
            &|id| ix.papers.position_of_id(id),
        )?,
    };
    let engine = Engine::new(&ix);
    let hits = engine.related(i, args.k, Weights::RELATED)?;
    let p = &ix.papers[i];
    let lang = Lang::from(args.lang);
    // A folder of notes numbers its notes, not lines: the folder (and the note's own
    // folder) says where the paper is.
    let at = if path.is_dir() {
        match &p.heading {
            Some(folder) => path.join(folder).display().to_string(),
            None => path.display().to_string(),
        }
    } else {
        format!("{}:{}", path.display(), p.first_line())
    };
    let heading = lang.related_head(&p.title, &at);
    let query = Query::Related {
        paper: PaperRef {
            id: &p.id,
            title: &p.title,
            url: &p.url,
            lines: &p.lines,
        },
        k: args.k,
    };
    let outcome = print_hits(ctx, lang, &heading, query, &hits);
    drop(engine);
    exiting_with(ix);
    outcome
}

pub fn search(ctx: &Ctx, args: &SearchArgs) -> Result<Outcome> {
    let text = args.query.trim();
    if text.is_empty() {
        bail!("empty query; give some words to search for, e.g. readnext search \"parameter-efficient fine-tuning\"");
    }
    // Punctuation or symbols alone (`???`, an emoji) match nothing: every answer would
    // be the model's reading of noise.
    if !text.chars().any(char::is_alphanumeric) {
        bail!("the query \"{text}\" has no letters or digits to search for; give some words, e.g. readnext search \"parameter-efficient fine-tuning\"");
    }
    // The model's files are found first (fetched, if asked, once: a first-run index
    // build needs them too); then the model (weights mapped, the tokenizer parsed) is read
    // while the index is: on a big list both take tens of milliseconds.
    let files = match ctx.locate_model() {
        Ok(files) => files,
        Err(e) => {
            // What is wrong with the index (another model's, say) is said first, as
            // it was when the index was opened before the model was looked for.
            ctx.open_index_lean()?;
            return Err(e);
        }
    };
    // An int8 index's query is embedded by int8 layers, quantised from the model's
    // weights on load (a tenth of a big-list search): done beside the index's load when
    // the manifest already says so, else after it. The ranking's own structures are set
    // up while the model is still loading.
    let precision = ctx.index_precision();
    std::thread::scope(|s| {
        let model = s.spawn(|| BertEmbedder::load_as(&files, precision));
        let (ix, path, _) = ctx.open_index_lean()?;
        let lang = Lang::from(args.lang);
        // An arXiv id, a DOI or a link pasted as the query names a paper or none: the
        // search is for that paper's title (it comes first), or finds nothing; its
        // characters read as words would rank noise. So does a BibTeX citation key a
        // paper has (`vaswani2017attention`); a word shaped like one that none has is
        // searched as words.
        let by_id = if corpus::resolve::is_identifier(text) {
            Some(paper_named_by_id(&ix, &path, text)?)
        } else if corpus::resolve::is_citation_key_like(text) {
            paper_with_key(&ix, text).map(Ok)
        } else {
            None
        };
        let named = match by_id {
            Some(Ok(i)) => {
                let p = &ix.papers[i];
                ctx.note(&format!(
                    "readnext: \"{text}\" is \"{}\" ({}:{}); searching for its title",
                    p.title,
                    path.display(),
                    p.first_line()
                ));
                Some(i)
            }
            Some(Err(why)) => {
                ctx.note(&format!("readnext: {why}"));
                let query = Query::Search {
                    text,
                    k: args.k,
                    glossary: None,
                    spelled_out: Default::default(),
                    paper: None,
                };
                let outcome = print_hits(ctx, lang, &lang.search_head(text), query, &[]);
                exiting_with(ix);
                return outcome;
            }
            None => None,
        };
        let title = named.map(|i| ix.papers[i].title.clone());
        let words = title.as_deref().unwrap_or(text);
        let engine = Engine::new(&ix);
        let embedder = match model.join() {
            Ok(loaded) => loaded?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        // The query is embedded the way the index was.
        let qv = ctx.embed_text_query(embedder, &files, ix.manifest.model.precision, words)?;
        let spelled = engine.spelled_acronyms(words);
        let mut hits = engine.search_fused_spelled(words, &qv, args.k, &spelled);
        if let Some(i) = named {
            first_of(&mut hits, i);
        }
        // "papers like QLoRA", "큐로라랑 비슷한 논문": `related` is the answer to that.
        if let Some(name) = readnext::rank::query_text::like_what(text).filter(|_| named.is_none())
        {
            let list = corpus::List {
                path: &path,
                papers: &ix.papers,
            };
            let found = corpus::resolve::resolve_by_name(list, name)
                .or_else(|| readnext::lexical::glossary::name_in(list, name).map(|(f, _)| f));
            if let Some(Ok(i)) = found {
                ctx.note(&format!(
                    "readnext: for the papers most related to \"{}\", run `readnext related \"{name}\"`",
                    ix.papers[i].title
                ));
            }
        }
        let spelled_out: std::collections::BTreeMap<String, String> = spelled.into_iter().collect();
        for (a, s) in &spelled_out {
            ctx.note(&format!(
                "readnext: \"{a}\" read as \"{s}\" (no paper writes it; the list's titles spell it so)"
            ));
        }
        let p = named.map(|i| &ix.papers[i]);
        let outcome = print_hits(
            ctx,
            lang,
            &lang.search_head(text),
            Query::Search {
                text,
                k: args.k,
                glossary: readnext::rank::query_text::reading(words),
                spelled_out,
                paper: p.map(|p| PaperRef {
                    id: &p.id,
                    title: &p.title,
                    url: &p.url,
                    lines: &p.lines,
                }),
            },
            &hits,
        );
        drop((hits, engine));
        exiting_with(ix);
        outcome
    })
}
