//! `readnext read`, `history`, `suggest`, `plan` and `coverage`.

use crate::cli::args::{
    CoverageArgs, HistoryArgs, LayoutArg, MapArgs, PlanArgs, PoolArgs, ReadArgs, SuggestArgs,
};
use crate::cli::context::{today, Ctx};
use crate::cli::Outcome;
use anyhow::Result;
use readnext::corpus::date::comparable;
use readnext::corpus::{self, Corpus};
use readnext::index::Index;
use readnext::output::lang::{short_title, Lang, PoolHead};
use readnext::output::markdown::{paper_line, DateStyle};
use readnext::output::{self, Table};
use readnext::rank::graph::Graph;
use readnext::rank::Engine;
use readnext::reading::history::{History, ReadEntry, Unknown};
use readnext::reading::pool::Screened;
use readnext::reading::pools::Pools;
use readnext::reading::reason::{Reason, WeekReason};
use readnext::reading::{self, plan, suggest};
use readnext::topics::{self, Topics};

struct Reading {
    ix: Index,
    corpus: Corpus,
    history: History,
    read: Vec<ReadEntry>,
    unknown: Vec<Unknown>,
}

/// How the list writes its dates, for the markdown lines pasted back into it.
fn date_style(ix: &Index) -> DateStyle {
    DateStyle::of(ix.papers.iter().filter_map(|p| p.date.as_deref()))
}

/// A suggested or planned paper as a markdown line: a link to the paper's note when the
/// list's notes are linked so (`notes`: [`Corpus::linked_notes`]); else (and for a pool's
/// paper) a link to its URL.
fn markdown_line(
    r: &Reading,
    notes: Option<&[String]>,
    paper: (&str, &str, &str),
    date: Option<&str>,
) -> String {
    let (id, title, url) = paper;
    let note = notes.and_then(|files| {
        let i = r.ix.papers.position_of_id(id)?;
        let note = r.corpus.file_of_line(r.ix.papers.get(i)?.first_line())?;
        Some((note, files))
    });
    paper_line(title, url, date, note)
}

/// Say on stderr which lines of the history name no paper (`what` became of them).
fn note_unknown(ctx: &Ctx, history: &History, unknown: &[Unknown], what: &str) {
    for u in unknown {
        ctx.note(&format!(
            "readnext: {}:{}: \"{}\" matches no paper of the list ({what})",
            history.path.display(),
            u.line,
            u.reference
        ));
    }
}

fn load(ctx: &Ctx) -> Result<Reading> {
    let (ix, corpus) = ctx.open_index()?;
    let path = ctx.history_path(&corpus.path);
    // A history named by --history or READNEXT_HISTORY that is not there is most likely
    // a typo: say so, since the answer is then a cold start.
    if ctx.g.history.is_some() && !path.exists() {
        ctx.note(&format!(
            "readnext: no history file at {} yet, so nothing counts as read (`readnext read PAPER` starts one there)",
            path.display()
        ));
    }
    let history = ctx.load_history(&corpus.path)?;
    // Checked items come from the list as parsed now (the index may be older with --no-update).
    // A session dated after today comes back scheduled, and reasons say so.
    let (read, unknown) = history.resolve(&corpus);
    note_unknown(ctx, &history, &unknown, "kept in the history");
    Ok(Reading {
        ix,
        corpus,
        history,
        read,
        unknown,
    })
}

/// The list-order edges of the list's topics: a curated (markdown) list's order is
/// evidence for its topics, plans, suggestions and map; a dump's is not.
fn list_order(r: &Reading) -> Option<readnext::rank::graph::ListOrder> {
    topics::TopicOptions::for_format(corpus::Format::of_list(&r.corpus.path)).list_order
}

/// The relatedness graph and the topics that every reading command shares.
fn relatedness<'a>(r: &'a Reading) -> (Engine<'a>, Graph, Topics) {
    let engine = Engine::new(&r.ix);
    let graph = super::topics::graph_of(&engine);
    let topics = super::topics::default_topics(&r.ix, &graph, &r.corpus.path);
    (engine, graph, topics)
}

pub fn read(ctx: &Ctx, args: &ReadArgs) -> Result<Outcome> {
    let corpus = ctx.corpus()?;
    let history = ctx.load_history(&corpus.path)?;
    let mut resolved = Vec::new();
    for p in &args.papers {
        resolved.push(resolve_one(ctx, &corpus, p)?);
    }
    let lang = Lang::from(args.lang);
    if args.undo {
        let mut removed = 0;
        let mut undone = Vec::new();
        for &i in &resolved {
            let lines = history.remove(&corpus, i)?;
            removed += lines;
            let p = &corpus.papers[i];
            if lines > 0 {
                undone.push(serde_json::json!({"id": p.id, "title": p.title}));
            } else if p.checked {
                // Read by the list's own mark, which only its author can take off.
                let file = corpus.path.file_name().unwrap_or(corpus.path.as_os_str());
                let place = match &p.heading {
                    // A note of a folder: the folder that says it was read.
                    Some(folder) if corpus.path.is_dir() => folder.clone(),
                    _ => format!("{}:{}", file.to_string_lossy(), p.first_line()),
                };
                ctx.note(&lang.read_marked_in_list(&p.title, &place));
            }
        }
        if removed == 0 {
            ctx.note(lang.read_none_to_undo());
            return Ok(Outcome::NothingFound);
        }
        if ctx.g.json {
            ctx.print(&output::json(&serde_json::json!({
                "history": history.path.display().to_string(),
                "removed": removed,
                "undone": undone,
            })))?;
        } else {
            ctx.print(&lang.read_removed(removed, &history.path.display().to_string()))?;
        }
        return Ok(Outcome::Found);
    }
    let date = args.date.clone().unwrap_or_else(today);
    // A paper read before is recorded again (the latest date counts); say so.
    let (before, _) = history.resolve(&corpus);
    for &i in &resolved {
        if let Some(e) = before.iter().find(|e| e.index == i) {
            ctx.note(&lang.read_again(&corpus.papers[i].title, e.date.as_deref(), &date));
        }
    }
    let entries: Vec<(String, String)> = resolved
        .iter()
        .map(|&i| (corpus.papers[i].id.clone(), corpus.papers[i].title.clone()))
        .collect();
    history.append(&entries, Some(&date))?;
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "history": history.path.display().to_string(),
            "date": date,
            "read": entries.iter().map(|(id, title)| serde_json::json!({"id": id, "title": title})).collect::<Vec<_>>(),
        })))?;
    } else {
        for (_, title) in &entries {
            ctx.print(&lang.read_recorded(&date, title))?;
        }
    }
    Ok(Outcome::Found)
}

pub fn history(ctx: &Ctx, args: &HistoryArgs) -> Result<Outcome> {
    let lang = Lang::from(args.lang);
    let corpus = ctx.corpus()?;
    let history = ctx.load_history(&corpus.path)?;
    let (read, unknown) = history.resolve(&corpus);
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "history": history.path.display().to_string(),
            "read": read,
            "unknown": unknown,
        })))?;
    } else if read.is_empty() && unknown.is_empty() {
        ctx.note(&lang.nothing_read_note(&history.path.display().to_string()));
    } else if args.markdown {
        note_unknown(ctx, &history, &unknown, "not in the log");
        let papers: Vec<output::markdown::LogPaper> = read
            .iter()
            .map(|r| output::markdown::LogPaper {
                day: r.date.as_deref(),
                title: r.title.as_str(),
                url: corpus.papers.get(r.index).map_or("", |p| p.url.as_str()),
                scheduled: r.scheduled,
            })
            .collect();
        ctx.print(&output::markdown::read_log(
            &papers,
            &|d| lang.weekday(d),
            &lang.planned_note(),
        ))?;
    } else {
        let mut t = Table::new(&lang.history_columns()).max_width(2, 70);
        for r in &read {
            t.row(vec![
                r.date
                    .as_deref()
                    .map_or_else(|| "-".into(), |d| lang.history_day(d, r.scheduled)),
                r.id.clone(),
                r.title.clone(),
                r.source.clone(),
            ]);
        }
        for u in &unknown {
            t.row(vec![
                "?".into(),
                "?".into(),
                lang.unknown_reference(&u.reference),
                format!("history:{}", u.line),
            ]);
        }
        ctx.print(&t.render())?;
    }
    Ok(if read.is_empty() && unknown.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// One paper reference ([`Ctx::resolve_reference`]: a Korean name read through the
/// glossary; one that matches nothing lists the papers closest by meaning).
fn resolve_one(ctx: &Ctx, corpus: &Corpus, r: &str) -> Result<usize> {
    Ok(ctx.resolve_reference(corpus.into(), r, &|id| {
        corpus.papers.iter().position(|p| p.id == id)
    })?)
}

fn resolve_all(ctx: &Ctx, corpus: &Corpus, refs: &[String]) -> Result<Vec<usize>> {
    refs.iter().map(|r| resolve_one(ctx, corpus, r)).collect()
}

/// Why `--topic` named no single topic.
enum TopicMiss {
    /// No label has the words (the message says so).
    None(String),
    /// Anything else: a number out of range, several topics.
    Other(anyhow::Error),
}

fn topic_id(topics: &Topics, spec: &str) -> std::result::Result<usize, TopicMiss> {
    if let Ok(n) = spec.trim().parse::<usize>() {
        if (1..=topics.topics.len()).contains(&n) {
            return Ok(n);
        }
        return Err(TopicMiss::Other(anyhow::anyhow!(
            "no topic {n}: topics are numbered 1 to {}; see `readnext topics`",
            topics.topics.len()
        )));
    }
    let want = spec.to_lowercase();
    let hits: Vec<&topics::Topic> = topics
        .topics
        .iter()
        .filter(|t| {
            t.label.to_lowercase().contains(&want)
                || t.keywords.iter().any(|k| k.to_lowercase() == want)
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok(one.id),
        [] => Err(TopicMiss::None(format!(
            "no topic matches \"{spec}\"; give a number or words of a label: {}",
            topics
                .topics
                .iter()
                .map(|t| format!("{}: {}", t.id, t.label))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
        many => Err(TopicMiss::Other(anyhow::anyhow!(
            "\"{spec}\" matches {} topics ({}); give the topic's number",
            many.len(),
            many.iter()
                .map(|t| format!("{}: {}", t.id, t.label))
                .collect::<Vec<_>>()
                .join("; ")
        ))),
    }
}

/// The papers `--like` and `--dislike` name; one named by both is an error.
fn likes_and_dislikes(
    ctx: &Ctx,
    r: &Reading,
    like: &[String],
    dislike: &[String],
) -> Result<(Vec<usize>, Vec<usize>)> {
    let likes = resolve_all(ctx, &r.corpus, like)?;
    let dislikes = resolve_all(ctx, &r.corpus, dislike)?;
    if let Some(&both) = likes.iter().find(|i| dislikes.contains(i)) {
        return Err(readnext::error::Error::Invalid(format!(
            "\"{}\" is both liked and disliked; give it to --like or to --dislike, not both",
            r.corpus.papers[both].title
        ))
        .into());
    }
    Ok((likes, dislikes))
}

pub fn suggest(ctx: &Ctx, args: &SuggestArgs) -> Result<Outcome> {
    let r = load(ctx)?;
    let (likes, dislikes) = likes_and_dislikes(ctx, &r, &args.like, &args.dislike)?;
    let (engine, graph, topics) = relatedness(&r);
    let topic = chosen_topic(ctx, &r, &topics, args.topic.as_deref())?;
    if !args.pools.pool.is_empty() {
        let topic = pool_topic(&topics, topic)?;
        let chosen = (likes, dislikes, topic);
        return suggest_from_pools(ctx, args, &r, (&engine, &graph, &topics), chosen);
    }
    let opts = suggest::SuggestOptions {
        count: args.count,
        likes,
        dislikes,
        topic,
        diversity: args.diversity,
        list_order: suggest::list_order(list_order(&r)),
    };
    let list = suggest::suggest(&engine, &graph, &r.read, &topics, &opts);
    let cold = r.read.is_empty() && opts.likes.is_empty();
    let lang = Lang::from(args.lang);
    let head = if cold {
        lang.cold_start_head().to_string()
    } else {
        lang.after_read_head(
            r.read.len(),
            r.read.iter().filter(|e| e.scheduled).count(),
            &r.history.path.display().to_string(),
        )
    };
    show_suggestions(ctx, args, &r, &list, cold, None, head)
}

/// The topic `--topic` names (1-based): its number, words of its label (Korean words
/// through the glossary), else, for words in another script, the topic closest by meaning.
fn chosen_topic(
    ctx: &Ctx,
    r: &Reading,
    topics: &Topics,
    spec: Option<&str>,
) -> Result<Option<usize>> {
    let Some(t) = spec else {
        return Ok(None);
    };
    // Korean words: their glossary English may name a label.
    let found = topic_id(topics, t).or_else(|miss| match readnext::rank::query_text::reading(t) {
        Some(english) => topic_id(topics, &english).map_err(|_| miss),
        None => Err(miss),
    });
    Ok(Some(match found {
        Ok(id) => id,
        Err(TopicMiss::None(msg)) if !t.is_ascii() => {
            // Words in another language or script (Korean) that name no label:
            // the topic closest by meaning. English words that match no label
            // stay an error that lists the labels.
            let (embedder, files) = ctx.embedder()?;
            let qv = ctx.embed_text_query(embedder, &files, r.ix.manifest.model.precision, t)?;
            let id = topics::closest_topic(topics, &r.ix.vectors, &qv)
                .ok_or_else(|| anyhow::anyhow!(msg))?;
            let label = topics
                .topics
                .get(id - 1)
                .map(|x| x.label.as_str())
                .unwrap_or_default();
            ctx.note(&format!(
                "readnext: no topic label has the words \"{t}\"; closest by meaning: topic {id} ({label})"
            ));
            id
        }
        Err(TopicMiss::None(msg)) => return Err(anyhow::anyhow!(msg)),
        Err(TopicMiss::Other(e)) => return Err(e),
    }))
}

/// `--topic` with a pool: pool papers are matched to the list's topics by meaning, and
/// "Other" (papers with no strong neighbour) has no meaning to match.
fn pool_topic(topics: &Topics, topic: Option<usize>) -> Result<Option<usize>> {
    match topic.and_then(|t| topics.topics.get(t.wrapping_sub(1))) {
        Some(t) if t.other => Err(readnext::error::Error::Invalid(format!(
            "topic {} is \"{}\", the list's papers with no strong neighbour: no pool paper is matched to it; with --pool give another topic (see `readnext topics`)",
            t.id, t.label
        ))
        .into()),
        _ => Ok(topic),
    }
}

/// The pool files' indexes, each opened (and brought up to date) with the list index's
/// model, in the order given.
fn open_pools(ctx: &Ctx, a: &PoolArgs, r: &Reading) -> Result<Vec<Index>> {
    if a.pool.len() > 1 && a.pool_index_dir.is_some() {
        return Err(readnext::error::Error::Invalid(format!(
            "--pool-index-dir names one pool's index folder, and {} pools were given; leave it out (each pool is indexed in the cache) or give one --pool",
            a.pool.len()
        ))
        .into());
    }
    let mut indexes = Vec::with_capacity(a.pool.len());
    for pool in &a.pool {
        indexes.push(ctx.open_pool(pool, a.pool_index_dir.as_deref(), &r.ix)?);
    }
    Ok(indexes)
}

/// The pool file pool paper `j` comes from, as given.
fn pool_file(a: &PoolArgs, pools: &Pools<'_>, j: usize) -> Option<String> {
    pools
        .locate(j)
        .and_then(|(f, _)| a.pool.get(f))
        .map(|p| p.display().to_string())
}

/// JSON's `pool`: the first file's folder and the counts over every file; its `pools`:
/// each file's.
fn pool_json(a: &PoolArgs, indexes: &[Index], s: &Screened) -> serde_json::Value {
    let file_json = |f: usize| {
        let c = s.files.get(f).copied().unwrap_or_default();
        serde_json::json!({
            "file": a.pool.get(f).map(|p| p.display().to_string()),
            "index_dir": indexes.get(f).map(|ix| ix.dir.display().to_string()),
            "papers": c.papers,
            "on_list": c.on_list,
            "too_old": c.too_old,
            "repeated": c.repeated,
        })
    };
    let mut v = file_json(0);
    v["papers"] = s.pool_papers.into();
    v["on_list"] = s.on_list.into();
    v["too_old"] = s.too_old.into();
    v["repeated"] = s.repeated.into();
    v["other_topics"] = s.other_topics.into();
    v["pools"] = (0..a.pool.len()).map(file_json).collect();
    v
}

/// The line above an answer from a pool: what it held, what was left out, what it
/// follows from.
fn pool_head(
    lang: Lang,
    a: &PoolArgs,
    s: &Screened,
    read: usize,
    (topics, topic): (&Topics, Option<usize>),
) -> String {
    let names: Vec<String> = a.pool.iter().map(|p| p.display().to_string()).collect();
    let label = topic.map(|t| topics.label_of(t));
    lang.pool_head(&PoolHead {
        topic: topic.zip(label.as_deref()),
        other_topics: s.other_topics,
        pools: &names,
        papers: s.pool_papers,
        on_list: s.on_list,
        repeated: s.repeated,
        since: a.since.as_deref(),
        too_old: s.too_old,
        read,
    })
}

/// The pool indexes are done with: the process is about to exit (see
/// [`crate::cli::context::exiting_with`]).
fn done_with(indexes: Vec<Index>) {
    for ix in indexes {
        crate::cli::context::exiting_with(ix);
    }
}

/// `suggest --pool FILE…`: suggestions from one or several pool files, each indexed on
/// its own with the list's model.
fn suggest_from_pools(
    ctx: &Ctx,
    args: &SuggestArgs,
    r: &Reading,
    (engine, graph, topics): (&Engine<'_>, &Graph, &Topics),
    (likes, dislikes, topic): (Vec<usize>, Vec<usize>, Option<usize>),
) -> Result<Outcome> {
    let a = &args.pools;
    let indexes = open_pools(ctx, a, r)?;
    let pools = Pools::new(indexes.iter().map(|ix| (&ix.papers, &ix.vectors)).collect());
    let opts = readnext::reading::pool::PoolOptions {
        count: args.count,
        likes,
        dislikes,
        since: a.since.clone(),
        diversity: args.diversity,
        dense_scale: engine.dense_scale,
        topic_order: suggest::cold_start_topics(&r.ix.papers, graph, topics),
        topic,
    };
    let mut answer = readnext::reading::pool::suggest_from_pool(
        &r.ix.papers,
        &r.ix.vectors,
        topics,
        &r.read,
        &pools,
        &opts,
    );
    for s in &mut answer.suggestions {
        s.pool = pool_file(a, &pools, s.index);
    }
    let read = if answer.cold_start { 0 } else { r.read.len() };
    let head = pool_head(
        Lang::from(args.lang),
        a,
        &answer.screened,
        read,
        (topics, topic),
    );
    let shown = show_suggestions(
        ctx,
        args,
        r,
        &answer.suggestions,
        answer.cold_start,
        Some(pool_json(a, &indexes, &answer.screened)),
        head,
    );
    drop(answer);
    drop(pools);
    done_with(indexes);
    shown
}

/// Print suggestions (from the list or a pool) as JSON, markdown or a table.
fn show_suggestions(
    ctx: &Ctx,
    args: &SuggestArgs,
    r: &Reading,
    list: &[suggest::Suggestion],
    cold: bool,
    pool: Option<serde_json::Value>,
    head: String,
) -> Result<Outcome> {
    let lang = Lang::from(args.lang);
    let reasons = |s: &suggest::Suggestion| {
        s.reasons
            .iter()
            .map(|r| lang.reason(r))
            .collect::<Vec<_>>()
            .join("; ")
    };
    // A table cell names the paper short (`"LoRA"`), so the rest of the reason fits.
    let table_reasons = |s: &suggest::Suggestion| {
        s.reasons
            .iter()
            .map(|r| lang.reason(&short_paper_reason(r)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    if ctx.g.json {
        let mut v = serde_json::json!({
            "read": r.read.len(),
            "cold_start": cold,
            "unknown_history": r.unknown,
            "suggestions": list,
        });
        if let Some(p) = pool {
            v["pool"] = p;
        }
        ctx.print(&output::json(&v))?;
    } else if args.markdown {
        let style = date_style(&r.ix);
        let notes = r.corpus.linked_notes();
        let mut out = format!("### {}\n\n", lang.suggest_heading());
        for s in list {
            let date = s.date.as_deref().map(|d| style.write(d));
            out.push_str(&format!(
                "{} — {}\n",
                markdown_line(r, notes, (&s.id, &s.title, &s.url), date.as_deref()),
                reasons(s)
            ));
        }
        ctx.print(&out)?;
    } else {
        // Several pools: a last column says which file each paper comes from.
        let several = args.pools.pool.len() > 1;
        let mut columns = lang.suggest_columns().to_vec();
        if several {
            columns.push(lang.pool_column());
        }
        let mut t = Table::new(&columns)
            .right(0)
            .max_width(2, 60)
            .max_width(3, 90);
        for (i, s) in list.iter().enumerate() {
            let mut row = vec![
                (i + 1).to_string(),
                format!("{:.3}", s.score),
                s.title.clone(),
                table_reasons(s),
            ];
            if several {
                row.push(s.pool.clone().unwrap_or_default());
            }
            t.row(row);
        }
        if list.is_empty() {
            // No table of headers alone: the head line says what was left out.
            ctx.print(&format!("{head}\n{}\n", lang.nothing_to_suggest()))?;
        } else {
            ctx.print(&format!("{head}\n{}", t.render()))?;
        }
    }
    Ok(if list.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

pub fn plan(ctx: &Ctx, args: &PlanArgs) -> Result<Outcome> {
    let r = load(ctx)?;
    let (likes, dislikes) = likes_and_dislikes(ctx, &r, &args.like, &args.dislike)?;
    let (engine, graph, topics) = relatedness(&r);
    let topic = chosen_topic(ctx, &r, &topics, args.topic.as_deref())?;
    if !args.pools.pool.is_empty() {
        let topic = pool_topic(&topics, topic)?;
        let chosen = (likes, dislikes, topic);
        return plan_from_pools(ctx, args, &r, (&engine, &graph, &topics), chosen);
    }
    let mut o = plan::PlanOptions::new(args.weeks, args.per_week, args.diversity, list_order(&r));
    o.topic = topic;
    o.likes = likes;
    o.dislikes = dislikes;
    let weeks = plan::plan(&engine, &graph, &r.read, &topics, &o);
    show_plan(ctx, args, &r, &weeks, None)
}

/// `plan --pool FILE…`: weeks of new papers from one or several pool files.
fn plan_from_pools(
    ctx: &Ctx,
    args: &PlanArgs,
    r: &Reading,
    (engine, graph, topics): (&Engine<'_>, &Graph, &Topics),
    (likes, dislikes, topic): (Vec<usize>, Vec<usize>, Option<usize>),
) -> Result<Outcome> {
    let a = &args.pools;
    let indexes = open_pools(ctx, a, r)?;
    let pools = Pools::new(indexes.iter().map(|ix| (&ix.papers, &ix.vectors)).collect());
    let o = readnext::reading::pool_plan::PoolPlanOptions {
        weeks: args.weeks,
        per_week: args.per_week,
        select: readnext::reading::pool::PoolOptions {
            since: a.since.clone(),
            diversity: args.diversity,
            dense_scale: engine.dense_scale,
            topic_order: suggest::cold_start_topics(&r.ix.papers, graph, topics),
            topic,
            likes,
            dislikes,
            ..Default::default()
        },
    };
    let mut answer = readnext::reading::pool_plan::plan_from_pool(
        &r.ix.papers,
        &r.ix.vectors,
        topics,
        &r.read,
        &pools,
        &o,
    );
    for w in &mut answer.weeks {
        for p in &mut w.papers {
            p.pool = pool_file(a, &pools, p.index);
        }
    }
    let read = if answer.cold_start { 0 } else { r.read.len() };
    let head = pool_head(
        Lang::from(args.lang),
        a,
        &answer.screened,
        read,
        (topics, topic),
    );
    let shown = show_plan(
        ctx,
        args,
        r,
        &answer.weeks,
        Some((pool_json(a, &indexes, &answer.screened), head)),
    );
    drop(answer);
    drop(pools);
    done_with(indexes);
    shown
}

/// Print a plan (of the list or from a pool, with the pool's JSON and head line) as
/// JSON, markdown or a table.
fn show_plan(
    ctx: &Ctx,
    args: &PlanArgs,
    r: &Reading,
    weeks: &[plan::Week],
    pool: Option<(serde_json::Value, String)>,
) -> Result<Outcome> {
    let lang = Lang::from(args.lang);
    // Meeting days, a week apart from --start (past the sessions the log has scheduled).
    let mut dated = weeks.to_vec();
    if let Some(start) = &args.start {
        if let Some(first) = plan::first_session(&start.day, start.by_weekday, &r.read) {
            if let Some((day, title)) = &first.scheduled {
                ctx.note(&if first.moved {
                    format!(
                        "readnext: the history already has a session on {day} (\"{title}\"): week 1 meets on {}, the first such weekday after it",
                        first.day
                    )
                } else {
                    format!(
                        "readnext: the history already has a session on {day} (\"{title}\"): week 1 is dated {} as asked (a later --start, or a weekday such as wed, plans after it)",
                        first.day
                    )
                });
            }
            plan::Week::dated(&mut dated, &first.day);
        }
    }
    let weeks = &dated[..];
    if !weeks.is_empty() && weeks.len() < args.weeks {
        ctx.note(&format!(
            "readnext: the {} fill {} of the {} weeks asked for",
            if pool.is_some() {
                "pool's papers most related to the list"
            } else {
                "unread papers"
            },
            weeks.len(),
            args.weeks
        ));
    }
    if ctx.g.json {
        let mut v = serde_json::json!({ "weeks": weeks });
        if let Some((p, _)) = pool {
            v["pool"] = p;
        }
        ctx.print(&output::json(&v))?;
    } else if args.markdown {
        let style = date_style(&r.ix);
        let notes = r.corpus.linked_notes();
        let mut out = String::new();
        for w in weeks {
            let heading = match &w.session {
                Some(day) => lang.dated_week_heading(w.week, day, &w.title),
                None => lang.week_heading(w.week, &w.title),
            };
            out.push_str(&format!("### {heading}\n\n"));
            let reason = lang.week_reason(&w.why);
            if !reason.is_empty() {
                out.push_str(&format!("_{reason}_\n\n"));
            }
            for p in &w.papers {
                let date = p.date.as_deref().map(|d| style.write(d));
                out.push_str(&markdown_line(
                    r,
                    notes,
                    (&p.id, &p.title, &p.url),
                    date.as_deref(),
                ));
                out.push('\n');
            }
            out.push('\n');
        }
        ctx.print(&out)?;
    } else {
        // The week's number, title and reason on its first paper's row; from several
        // pools, a last column says which file each paper comes from.
        let several = args.pools.pool.len() > 1;
        // A dated plan says each week's meeting day after its number.
        let on = usize::from(args.start.is_some());
        let mut columns = lang.plan_columns().to_vec();
        if on == 1 {
            columns.insert(1, lang.session_column());
        }
        if several {
            columns.push(lang.pool_column());
        }
        let mut t = Table::new(&columns)
            .right(0)
            .max_width(1 + on, 36)
            .max_width(3 + on, 72)
            .max_width(4 + on, 60);
        for w in weeks {
            for (i, p) in w.papers.iter().enumerate() {
                let first = |s: String| if i == 0 { s } else { String::new() };
                let mut row = vec![
                    first(w.week.to_string()),
                    first(lang.week_title(&w.title)),
                    p.date.as_deref().map(comparable).unwrap_or_default(),
                    p.title.clone(),
                    first(lang.week_reason(&short_week_reason(&w.why))),
                ];
                if on == 1 {
                    row.insert(1, first(w.session.clone().unwrap_or_default()));
                }
                if several {
                    row.push(p.pool.clone().unwrap_or_default());
                }
                t.row(row);
            }
        }
        match pool {
            Some((_, head)) if weeks.is_empty() => {
                ctx.print(&format!("{head}\n{}\n", lang.nothing_to_plan()))?
            }
            Some((_, head)) => ctx.print(&format!("{head}\n{}", t.render()))?,
            None => ctx.print(&t.render())?,
        }
    }
    Ok(if weeks.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

/// Length of a paper's title inside a reason in a table.
const SHORT_TITLE: usize = 32;

/// A suggestion's reason with the paper it names short enough for a table.
fn short_paper_reason(r: &Reason) -> Reason {
    match r {
        Reason::Follows { title, from } => Reason::Follows {
            title: short_title(title, SHORT_TITLE),
            from: *from,
        },
        Reason::NearPaper(title) => Reason::NearPaper(short_title(title, SHORT_TITLE)),
        other => other.clone(),
    }
}

/// A week's reason with the paper it follows from named short enough for a table.
fn short_week_reason(why: &WeekReason) -> WeekReason {
    match why {
        WeekReason::Follows { title, from } => WeekReason::Follows {
            title: short_title(title, SHORT_TITLE),
            from: *from,
        },
        WeekReason::Explores { nearest, from } => WeekReason::Explores {
            nearest: short_title(nearest, SHORT_TITLE),
            from: *from,
        },
        other => other.clone(),
    }
}

pub fn coverage(ctx: &Ctx, args: &CoverageArgs) -> Result<Outcome> {
    let lang = Lang::from(args.lang);
    let r = load(ctx)?;
    let (_, _, topics) = relatedness(&r);
    let cov = reading::coverage(&topics, &r.read);
    if ctx.g.json {
        ctx.print(&output::json(
            &serde_json::json!({ "read": r.read.len(), "topics": cov }),
        ))?;
    } else {
        let mut t = Table::new(&lang.coverage_columns())
            .right(0)
            .right(2)
            .right(3)
            .right(4)
            .max_width(1, 60);
        for c in &cov {
            t.row(vec![
                c.id.to_string(),
                lang.label(&c.label),
                c.read.to_string(),
                c.unread.to_string(),
                c.size.to_string(),
            ]);
        }
        ctx.print(&t.render())?;
    }
    Ok(Outcome::Found)
}

pub fn map(ctx: &Ctx, args: &MapArgs) -> Result<Outcome> {
    let r = load(ctx)?;
    let (_, graph, topics) = relatedness(&r);
    let mut read = vec![false; r.ix.papers.len()];
    for e in &r.read {
        if let Some(x) = read.get_mut(e.index) {
            *x = true;
        }
    }
    let name = r
        .corpus
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let layout = match args.layout {
        LayoutArg::Graph => readnext::map::Layout::Graph,
        LayoutArg::Pca => readnext::map::Layout::Pca,
    };
    // The graph the topics were found on (list-order edges for a curated list).
    let adj = readnext::map::layout_graph(&graph, &r.ix.papers, list_order(&r), &topics);
    let coords = readnext::map::coordinates(&r.ix.vectors, &adj, layout);
    let lang = Lang::from(args.lang);
    // Topic labels as the page shows them (the Other group's name in the page's language).
    let mut shown = topics.clone();
    for t in &mut shown.topics {
        t.label = lang.label(&t.label);
    }
    let html = readnext::map::render(
        &lang.map_title(&name, r.ix.papers.len()),
        &r.ix.papers,
        &coords,
        layout,
        &shown,
        &read,
        &lang.map_words(),
    );
    readnext::fsutil::atomic_write(&args.out, html.as_bytes())?;
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "out": args.out.display().to_string(),
            "papers": r.ix.papers.len(),
            "topics": topics.topics.len(),
            "bytes": html.len(),
        })))?;
    } else {
        ctx.print(&lang.map_written(
            &args.out.display().to_string(),
            r.ix.papers.len(),
            topics.topics.len(),
            html.len(),
        ))?;
    }
    Ok(Outcome::Found)
}
