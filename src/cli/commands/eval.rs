//! `readnext eval` and `eval-search`: rankings measured on judged pairs and queries, next
//! to plain baselines in the same run.

use crate::cli::args::{EvalArgs, EvalSearchArgs};
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::Result;
use readnext::embed::Embedder;
use readnext::index::Index;
use readnext::lexical::LexicalConfig;
use readnext::output::{self, Table};
use readnext::rank::hybrid::LEXICAL_CONFIG;
use readnext::rank::judged::{self, Ask, Judgments, Rankers, Scores};
use readnext::rank::{eval, Engine, Weights};
use std::path::{Path, PathBuf};

const DEFAULT_PAIRS: &str = "../shared/eval/related-dev.tsv";

pub fn run(ctx: &Ctx, args: &EvalArgs) -> Result<Outcome> {
    let pairs = match (&args.pairs, &args.queries) {
        (Some(p), _) => Some(p.clone()),
        (None, None) => Some(PathBuf::from(DEFAULT_PAIRS)),
        (None, Some(_)) => None,
    };
    if let Some(q) = &args.queries {
        run_judged(ctx, q, Kind::Search, args.candidates, None)?;
    }
    match pairs {
        Some(p) if judged::is_id_pairs(&p)? || judged::is_graded(&p)? => {
            run_judged(ctx, &p, Kind::Related, args.candidates, None)
        }
        Some(p) => {
            let found = run_title_pairs(ctx, &p)?;
            if args.candidates {
                run_judged(ctx, &p, Kind::Related, true, None)?;
            }
            Ok(found)
        }
        None => Ok(Outcome::Found),
    }
}

pub fn run_search(ctx: &Ctx, args: &EvalSearchArgs) -> Result<Outcome> {
    run_judged(
        ctx,
        &args.queries,
        if args.names {
            Kind::Names
        } else if args.title_starts {
            Kind::TitleStarts
        } else {
            Kind::Search
        },
        args.candidates,
        args.translations.as_deref(),
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Related,
    Search,
    /// Search for the names the list's papers are called by (`eval-search --names`).
    Names,
    /// Search for the starts of the list's titles (`eval-search --title-starts`).
    TitleStarts,
}

/// Each query's vector as written, and as `search` embeds it (see
/// [`readnext::rank::query_text::dense`]; the same vectors for English queries).
struct QueryVectors {
    plain: Vec<Vec<f32>>,
    shipped: Vec<Vec<f32>>,
}

fn embed_queries(ctx: &Ctx, ix: &Index, j: &Judgments) -> Result<QueryVectors> {
    let texts: Vec<&str> = j
        .queries
        .iter()
        .map(|q| match &q.ask {
            Ask::Text { text, .. } => text.as_str(),
            Ask::Paper(_) => "",
        })
        .collect();
    if texts.iter().all(|t| t.is_empty()) {
        return Ok(QueryVectors {
            plain: vec![Vec::new(); texts.len()],
            shipped: vec![Vec::new(); texts.len()],
        });
    }
    let (embedder, files) = ctx.embedder()?;
    let embedder = embedder.with_precision(ix.manifest.model.precision);
    let plain = embedder.embed_queries(&texts)?;
    // What `search` embeds: an English-only model reads a Korean query's glossary English.
    let multilingual = files.spec.as_ref().is_some_and(|s| s.multilingual);
    let forms: Vec<std::borrow::Cow<'_, str>> = texts
        .iter()
        .map(|t| readnext::rank::query_text::dense(t, multilingual))
        .collect();
    let shipped = if forms.iter().zip(&texts).all(|(f, t)| f == t) {
        plain.clone()
    } else {
        let refs: Vec<&str> = forms.iter().map(|f| f.as_ref()).collect();
        embedder.embed_queries(&refs)?
    };
    Ok(QueryVectors { plain, shipped })
}

/// The rankers of a judged run: each ranking the whole list for graded pools.
fn rankers<'e, 'a>(engine: &'e Engine<'a>, graded: bool) -> Rankers<'e, 'a> {
    if graded {
        Rankers::whole(engine)
    } else {
        Rankers::new(engine)
    }
}

fn run_judged(
    ctx: &Ctx,
    file: &Path,
    kind: Kind,
    candidates: bool,
    translations: Option<&Path>,
) -> Result<Outcome> {
    let (ix, _, _) = ctx.open_index_lean()?;
    let mut j = match kind {
        Kind::Related => judged::read_id_pairs(file, &ix.papers)?,
        Kind::Search => judged::read_queries(file, &ix.papers)?,
        Kind::Names => judged::name_queries(&ix.papers),
        Kind::TitleStarts => judged::title_start_queries(&ix.papers),
    };
    if let Some(t) = translations {
        judged::translate(&mut j, t)?;
    }
    let QueryVectors {
        plain: vectors,
        shipped: shipped_vectors,
    } = embed_queries(ctx, &ix, &j)?;
    let engine = Engine::new(&ix);
    // Graded pools are re-ranked: every ranking then orders the whole list.
    let graded = j.relevant_grade.is_some();
    let r = rankers(&engine, graded);
    // The ranking this version replaced: search as a weighted sum of raw dense and
    // tf-idf cosines (related is unchanged).
    let before = match kind {
        Kind::Related => Weights::RELATED_TFIDF,
        Kind::Search | Kind::Names | Kind::TitleStarts => Weights::SEARCH,
    };
    let shipped = Weights::RELATED;
    let q = &j.queries;
    let rows: Vec<Scores> = vec![
        judged::score("dense", q, &vectors, &|a, v| r.dense(a, v)),
        judged::score("tf-idf", q, &vectors, &|a, _| r.tfidf(a)),
        judged::score("bm25", q, &vectors, &|a, _| r.bm25(a)),
        judged::score("bm25+dense (min-max)", q, &vectors, &|a, v| r.fusion(a, v)),
        judged::score("readnext before", q, &vectors, &|a, v| {
            r.readnext(a, v, before)
        }),
        judged::score("readnext", q, &shipped_vectors, &|a, v| r.shipped(a, v)),
    ];
    let mut rows = rows;
    if candidates && kind == Kind::Related {
        for b in [0.0f32, 0.25, 0.5, 0.75, 1.0] {
            let w = Weights { bm25: b, ..shipped };
            rows.push(judged::score(
                &format!("candidate: readnext, BM25 of the paper {b:.2}"),
                q,
                &vectors,
                &|x, v| r.readnext(x, v, w),
            ));
        }
        // Measured before the BM25 channel: on the ranking it replaced.
        for a in [0.25f32, 0.5, 0.75, 1.0] {
            let w = Weights {
                abstracts_lexical: a,
                ..Weights::RELATED_TFIDF
            };
            rows.push(judged::score(
                &format!("candidate: readnext, lexical {a:.2} between abstracts"),
                q,
                &vectors,
                &|x, v| r.readnext(x, v, w),
            ));
        }
    }
    if candidates {
        // Other weights of the abstracts' two-word phrases (lexical indexes built anew,
        // not cached: each weight is its own engine).
        for pw in [0.0f32, 0.2, 0.3, 0.5, 1.0] {
            let cfg = LexicalConfig {
                phrase_weight: pw,
                ..LEXICAL_CONFIG
            };
            let engine = Engine::with_config(&ix, cfg);
            let r = rankers(&engine, graded);
            rows.push(judged::score(
                &format!("candidate: readnext, phrases {pw:.2}"),
                q,
                &shipped_vectors,
                &|a, v| r.shipped(a, v),
            ));
        }
    }
    if candidates && kind == Kind::Search {
        // The glossary's two halves, each alone (they change only queries with Korean).
        type Ranker<'r> = &'r (dyn Fn(&Ask, &[f32]) -> Vec<usize> + Sync);
        let dense: Ranker = &|a, v| r.dense(a, v);
        let shipped: Ranker = &|a, v| r.shipped(a, v);
        let without: Ranker = &|a, v| r.shipped_without_glossary(a, v);
        for (name, vs, rank) in [
            (
                "candidate: dense of the glossary's query text",
                &shipped_vectors,
                dense,
            ),
            (
                "candidate: readnext, glossary in BM25 only",
                &vectors,
                shipped,
            ),
            (
                "candidate: readnext, glossary in dense only",
                &shipped_vectors,
                without,
            ),
            (
                "candidate: readnext without the glossary",
                &vectors,
                without,
            ),
        ] {
            rows.push(judged::score(name, q, vs, rank));
        }
    }
    if candidates {
        use judged::Lex;
        for (name, lex) in [
            ("bm25", Lex::Bm25),
            ("bm25 fields", Lex::Bm25Fields),
            ("tf-idf", Lex::Tfidf),
        ] {
            for alpha in [0.3f32, 0.4, 0.5, 0.6] {
                rows.push(judged::score(
                    &format!("candidate: min-max {name} {alpha:.1} + dense"),
                    q,
                    &vectors,
                    &|a, v| r.min_max_fusion(a, v, lex, alpha),
                ));
            }
            rows.push(judged::score(
                &format!("candidate: rrf {name} + dense"),
                q,
                &vectors,
                &|a, v| r.rrf(a, v, lex),
            ));
        }
    }
    if candidates && kind != Kind::Related {
        for w in [0.0f32, 0.3, 0.5, 1.0] {
            rows.push(judged::score(
                &format!("candidate: readnext, names weight {w:.1}"),
                q,
                &shipped_vectors,
                &|a, v| r.shipped_with_names(a, v, w),
            ));
        }
    }
    let what = match kind {
        Kind::Related => "related",
        Kind::Search => "search",
        Kind::Names => "search for the names papers are called by",
        Kind::TitleStarts => "search for the first two and three words of titles",
    };
    // The queries' source: the judgments' file, or the list for its papers' names.
    let source = if matches!(kind, Kind::Names | Kind::TitleStarts) {
        ctx.list_path()?
    } else {
        file.to_path_buf()
    };
    let file = source.as_path();
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "file": file.display().to_string(),
            "task": match kind {
                Kind::Related => "related",
                Kind::Search => "search",
                Kind::Names => "names",
                Kind::TitleStarts => "title-starts",
            },
            "queries": q.len(),
            "unmatched": j.unmatched,
            "relevant_grade": j.relevant_grade,
            "results": rows,
        })))?;
    } else if let Some(grade) = j.relevant_grade {
        let mut t = Table::new(&["method", "MAP", "nDCG%20", "nDCG@20", "R@10", "queries"])
            .right(1)
            .right(2)
            .right(3)
            .right(4)
            .right(5);
        let f = |x: Option<f64>| format!("{:.3}", x.unwrap_or(0.0));
        for s in &rows {
            t.row(vec![
                s.method.clone(),
                f(s.map),
                f(s.ndcg_pct_20),
                f(s.ndcg_at_20),
                format!("{:.3}", s.recall_at_10),
                s.queries.to_string(),
            ]);
        }
        let pool: usize = q.iter().map(|x| x.pool.len()).sum();
        ctx.print(&format!(
            "{what} on {}, graded: {} queries each re-ranking its pool ({pool} candidates), grades of {grade} or more relevant; {} judged rows name papers not in the list\n",
            file.display(),
            q.len(),
            j.unmatched
        ))?;
        ctx.print(&t.render())?;
    } else {
        let mut t = Table::new(&["method", "R@10", "R@100", "nDCG@10", "queries"])
            .right(1)
            .right(2)
            .right(3)
            .right(4);
        for s in &rows {
            t.row(vec![
                s.method.clone(),
                format!("{:.3}", s.recall_at_10),
                format!("{:.3}", s.recall_at_100),
                format!("{:.3}", s.ndcg_at_10),
                s.queries.to_string(),
            ]);
        }
        ctx.print(&format!(
            "{what} on {} ({} queries; {} judged rows name papers not in the list)\n",
            file.display(),
            q.len(),
            j.unmatched
        ))?;
        ctx.print(&t.render())?;
    }
    Ok(Outcome::Found)
}

fn run_title_pairs(ctx: &Ctx, file: &Path) -> Result<Outcome> {
    let pairs = eval::read_pairs(file)?;
    let (ix, _, _) = ctx.open_index_lean()?;
    let engine = Engine::new(&ix);
    let unmatched = eval::unmatched(&engine, &pairs);
    if !unmatched.is_empty() {
        let shown: Vec<String> = unmatched
            .iter()
            .take(5)
            .map(|p| format!("\"{}\" → \"{}\"", p.query, p.related))
            .collect();
        ctx.note(&format!(
            "readnext: {} pair(s) of {} name no paper of the list (or one paper twice) and are left out: {}{}",
            unmatched.len(),
            file.display(),
            shown.join(", "),
            if unmatched.len() > 5 { ", …" } else { "" }
        ));
    }
    // Ablation: each channel alone, then added one by one up to the shipped hybrid.
    let r = Weights::RELATED_TFIDF;
    let methods = [
        ("dense", Weights::DENSE),
        ("lexical", Weights::LEXICAL),
        (
            "dense+lexical",
            Weights {
                names: 0.0,
                hub: 0.0,
                ..r
            },
        ),
        ("dense+lexical+names", Weights { hub: 0.0, ..r }),
        ("hybrid", r),
        ("hybrid+bm25", Weights::RELATED),
    ];
    let mut rows = Vec::new();
    for (name, w) in methods {
        rows.push(eval::evaluate(&engine, &pairs, name, w)?);
    }
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "pairs_file": file.display().to_string(),
            "unmatched": unmatched.len(),
            "results": rows,
        })))?;
    } else {
        let mut t = Table::new(&[
            "method",
            "dense w",
            "lexical w",
            "names w",
            "hub w",
            "bm25 w",
            "R@5",
            "R@10",
            "strong R@5",
            "strong R@10",
            "pairs",
        ])
        .right(1)
        .right(2)
        .right(3)
        .right(4)
        .right(5)
        .right(6)
        .right(7)
        .right(8)
        .right(9)
        .right(10);
        for r in &rows {
            t.row(vec![
                r.method.clone(),
                format!("{:.2}", r.weights.dense),
                format!("{:.2}", r.weights.lexical),
                format!("{:.2}", r.weights.names),
                format!("{:.2}", r.weights.hub),
                format!("{:.2}", r.weights.bm25),
                format!("{:.3}", r.recall_at_5),
                format!("{:.3}", r.recall_at_10),
                format!("{:.3}", r.strong_recall_at_5),
                format!("{:.3}", r.strong_recall_at_10),
                format!("{} ({} strong)", r.pairs, r.strong_pairs),
            ]);
        }
        ctx.print(&t.render())?;
    }
    Ok(Outcome::Found)
}
