//! The interface the README documents is a contract (added to, never renamed or dropped):
//! every flag of its *Commands* table is one its command takes, and the JSON every
//! command prints holds the fields its *JSON output* section names, on the real seed list
//! with the real model. Each JSON path is written as the README writes the field; `[]`
//! steps into every element of a non-empty array.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

/// The fields of `plan --json` (and, with a pool's, of `plan --pool --json`).
const PLAN_FIELDS: &[&str] = &[
    "weeks[].week",
    "weeks[].title",
    "weeks[].topic",
    "weeks[].coherence",
    "weeks[].reason",
    "weeks[].follows",
    "weeks[].linked",
    "weeks[].papers[].id",
    "weeks[].papers[].title",
    "weeks[].papers[].url",
    "weeks[].papers[].date",
    "weeks[].papers[].score",
];

/// The values at `path` in `v` (`results[].channels`: each result's `channels`).
fn values<'a>(v: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut at = vec![v];
    for step in path.split('.') {
        let (key, each) = match step.strip_suffix("[]") {
            Some(k) => (k, true),
            None => (step, false),
        };
        let mut next = Vec::new();
        for x in at {
            let Some(y) = x.get(key) else {
                return Vec::new();
            };
            if each {
                next.extend(y.as_array().map(|a| a.iter()).into_iter().flatten());
            } else {
                next.push(y);
            }
        }
        at = next;
    }
    at
}

/// Every documented field of `paths` is in `v` (under arrays: in every element).
fn assert_fields<S: AsRef<str>>(what: &str, v: &Value, paths: &[S]) {
    for path in paths {
        let path = path.as_ref();
        let parent = path.rsplit_once('.').map(|(p, _)| p);
        let (found, expected) = match parent {
            // `a[].b`: as many `b` as there are elements of `a`.
            Some(p) => {
                let holders = values(v, p);
                let each = if p.ends_with("[]") { holders.len() } else { 1 };
                (values(v, path).len(), each.max(1))
            }
            None => (values(v, path).len(), 1),
        };
        assert!(
            found >= expected && expected > 0,
            "{what}: field `{path}` missing ({found} of {expected}):\n{v:#}"
        );
    }
}

fn run(tmp: &Path, list: &Path, args: &[&str]) -> Value {
    run_list_json(tmp, list, args)
}

#[test]
fn every_command_prints_the_documented_json_fields() {
    let (tmp, list) = indexed_workspace();
    let t = tmp.path();
    let paper = [
        "id", "title", "url", "lines", "rank", "score", "dense", "lexical", "names",
    ];
    let related = run(t, &list, &["related", "LoRA", "--json"]);
    let mut want: Vec<String> = vec![
        "query.kind".into(),
        "query.paper.id".into(),
        "query.paper.title".into(),
        "query.paper.url".into(),
        "query.paper.lines".into(),
        "query.k".into(),
    ];
    want.extend(paper.iter().map(|f| format!("results[].{f}")));
    assert_fields("related", &related, &want);
    assert_eq!(related["query"]["kind"], "related");

    // A Korean term the glossary reads and an acronym no title writes.
    let search = run(t, &list, &["search", "MoE 지식 증류", "--json"]);
    let mut want: Vec<String> = ["query.kind", "query.text", "query.k", "query.glossary"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    want.push("query.spelled_out.MoE".into());
    want.extend(
        paper
            .iter()
            .chain(&["bm25", "channels"])
            .map(|f| format!("results[].{f}")),
    );
    assert_fields("search", &search, &want);
    assert_eq!(search["query"]["kind"], "search");
    // A search for a paper's arXiv id names that paper.
    let by_id = run(t, &list, &["search", "2106.09685", "--json"]);
    assert_fields(
        "search",
        &by_id,
        &[
            "query.paper.id",
            "query.paper.title",
            "query.paper.url",
            "query.paper.lines",
        ],
    );

    let papers = run(t, &list, &["papers", "--json"]);
    assert_fields(
        "papers",
        &papers,
        &[
            "list",
            "count",
            "papers[].id",
            "papers[].title",
            "papers[].alias",
            "papers[].date",
            "papers[].url",
            "papers[].lines",
            "papers[].has_abstract",
            "papers[].heading",
            "papers[].read",
            "papers[].urls",
            "papers[].ids",
        ],
    );

    let check = run(t, &list, &["check", "--json"]);
    assert_fields(
        "check",
        &check,
        &[
            "list",
            "papers",
            "problems[].kind",
            "problems[].line",
            "problems[].id",
            "problems[].title",
            "problems[].message",
        ],
    );

    let topics = run(t, &list, &["topics", "--json"]);
    assert_fields(
        "topics",
        &topics,
        &[
            "k",
            "auto_k",
            "tried",
            "resolution",
            "topics[].id",
            "topics[].label",
            "topics[].keywords",
            "topics[].size",
            "topics[].central",
            "topics[].other",
            "topics[].papers[].id",
            "topics[].papers[].title",
            "topics[].papers[].score",
            "topics[].papers[].weak",
        ],
    );

    let coverage = run(t, &list, &["coverage", "--json"]);
    assert_fields(
        "coverage",
        &coverage,
        &[
            "read",
            "topics[].id",
            "topics[].label",
            "topics[].size",
            "topics[].read",
            "topics[].unread",
        ],
    );

    // Reading, the history, and taking a paper back.
    let read = run(
        t,
        &list,
        &["read", "LoRA", "--date", "2026-11-20", "--json"],
    );
    assert_fields(
        "read",
        &read,
        &["history", "date", "read[].id", "read[].title"],
    );
    run(
        t,
        &list,
        &["read", "QLoRA", "--date", "2026-11-21", "--json"],
    );
    let history = run(t, &list, &["history", "--json"]);
    assert_fields(
        "history",
        &history,
        &[
            "history",
            "read[].id",
            "read[].title",
            "read[].date",
            "read[].source",
            "read[].scheduled",
            "unknown",
        ],
    );

    // A like brings papers of no date at all: `date` is then null, not absent.
    let suggest = run(
        t,
        &list,
        &[
            "suggest",
            "--count",
            "10",
            "--like",
            "Attention Is All You Need",
            "--json",
        ],
    );
    assert_fields(
        "suggest",
        &suggest,
        &[
            "read",
            "cold_start",
            "unknown_history",
            "suggestions[].id",
            "suggestions[].title",
            "suggestions[].url",
            "suggestions[].score",
            "suggestions[].because",
            "suggestions[].follows",
            "suggestions[].topic",
            "suggestions[].date",
            "suggestions[].lines",
        ],
    );
    let dates = values(&suggest, "suggestions[].date");
    assert!(dates.iter().any(|d| d.is_null()), "{suggest:#}");
    assert!(dates.iter().any(|d| d.is_string()), "{suggest:#}");

    let plan = run(t, &list, &["plan", "--weeks", "6", "--json"]);
    assert_fields("plan", &plan, PLAN_FIELDS);
    let dated = run(
        t,
        &list,
        &["plan", "--weeks", "2", "--start", "2026-12-31", "--json"],
    );
    assert_fields("plan --start", &dated, &["weeks[].session"]);
    assert_eq!(
        values(&dated, "weeks[].session"),
        ["2026-12-31", "2027-01-07"],
        "{dated:#}"
    );

    let undo = run(t, &list, &["read", "--undo", "LoRA", "--json"]);
    assert_fields(
        "read --undo",
        &undo,
        &["history", "removed", "undone[].id", "undone[].title"],
    );

    let index = run(t, &list, &["index", "--json"]);
    assert_fields(
        "index",
        &index,
        &[
            "list",
            "index_dir",
            "papers",
            "embedded",
            "reused",
            "removed",
            "resumed",
            "up_to_date",
            "model",
            "precision",
            "dimension",
            "graph_cached",
            "seconds",
        ],
    );

    let info = run(t, &list, &["model", "info", "--json"]);
    assert_fields(
        "model info",
        &info,
        &[
            "id",
            "revision",
            "source",
            "verified",
            "dimension",
            "pooling",
            "max_seq_length",
            "normalize",
            "derived",
            "files[].path",
            "files[].location",
            "files[].size",
            "files[].sha256",
            "files[].pinned",
            "cosine.mean",
            "cosine.sd",
        ],
    );

    let out = t.join("map.html");
    let map = run(t, &list, &["map", "--out", out.to_str().unwrap(), "--json"]);
    assert_fields("map", &map, &["out", "papers", "topics", "bytes"]);

    let embed = ok(readnext_with_model(t).args(["embed", "LoRA", "QLoRA"]));
    for line in String::from_utf8_lossy(&embed.stdout).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_fields("embed", &v, &["text", "embedding"]);
    }

    // `enrich --from` a metadata file holding one paper's abstract (kept beside the index).
    let meta = t.join("meta.jsonl");
    std::fs::write(
        &meta,
        "{\"id\": \"2106.09685\", \"title\": \"LoRA: Low-Rank Adaptation of Large Language Models\", \"abstract\": \"We propose Low-Rank Adaptation, or LoRA, which freezes the pretrained model weights.\"}\n",
    )
    .unwrap();
    let enrich = run(
        t,
        &list,
        &["enrich", "--from", meta.to_str().unwrap(), "--json"],
    );
    assert_fields(
        "enrich",
        &enrich,
        &[
            "list",
            "from",
            "cache",
            "papers",
            "lacking",
            "found",
            // `by` counts the kinds that matched (`arxiv_id`, `doi`, `title`, `fuzzy`).
            "by.arxiv_id",
            "threshold",
            "cached",
            "matches[].id",
            "matches[].title",
            "matches[].matched_title",
            "matches[].match",
            "matches[].score",
            "below_threshold",
            "online",
            "written",
        ],
    );

    // Last, since it writes the list: `add` a paper of a pool.
    let pool = t.join("new.jsonl");
    std::fs::write(
        &pool,
        "{\"id\": \"2601.00001\", \"title\": \"A Paper of the Pool\", \"abstract\": \"New work.\"}\n",
    )
    .unwrap();
    let p = pool.to_str().unwrap();
    let pool_fields = [
        "pool.file",
        "pool.index_dir",
        "pool.papers",
        "pool.on_list",
        "pool.too_old",
        "pool.repeated",
        "pool.other_topics",
        "pool.pools[].file",
        "pool.pools[].index_dir",
        "pool.pools[].papers",
        "pool.pools[].on_list",
        "pool.pools[].too_old",
        "pool.pools[].repeated",
    ];
    let from_pool = run(t, &list, &["suggest", "--pool", p, "--json"]);
    let mut want: Vec<&str> = pool_fields.to_vec();
    want.extend([
        "suggestions[].id",
        "suggestions[].pool",
        "suggestions[].follows",
    ]);
    assert_fields("suggest --pool", &from_pool, &want);
    let plan = run(t, &list, &["plan", "--pool", p, "--json"]);
    let mut want: Vec<&str> = pool_fields.to_vec();
    want.extend(PLAN_FIELDS);
    want.push("weeks[].papers[].pool");
    assert_fields("plan --pool", &plan, &want);
    let add = run(
        t,
        &list,
        &[
            "add",
            "2601.00001",
            "--pool",
            pool.to_str().unwrap(),
            "--json",
        ],
    );
    assert_fields(
        "add",
        &add,
        &[
            "list",
            "backup",
            "line",
            "added.id",
            "added.title",
            "added.url",
            "pool",
        ],
    );
}

#[test]
fn the_measurements_print_the_documented_json_fields() {
    let (tmp, list) = indexed_workspace();
    let t = tmp.path();
    let Some(pairs) = shared("eval/related-dev.tsv") else {
        eprintln!("skipped: ../shared/eval is not here");
        return;
    };
    let eval = run(
        t,
        &list,
        &["eval", "--pairs", pairs.to_str().unwrap(), "--json"],
    );
    assert_fields(
        "eval",
        &eval,
        &[
            "pairs_file",
            "unmatched",
            "results[].method",
            "results[].weights",
            "results[].recall_at_5",
            "results[].recall_at_10",
            "results[].strong_recall_at_5",
            "results[].strong_recall_at_10",
            "results[].pairs",
            "results[].strong_pairs",
        ],
    );
    let queries = shared("eval/search-dev.tsv").unwrap();
    let search = run(
        t,
        &list,
        &[
            "eval-search",
            "--queries",
            queries.to_str().unwrap(),
            "--json",
        ],
    );
    assert_fields(
        "eval-search",
        &search,
        &[
            "file",
            "task",
            "queries",
            "unmatched",
            "relevant_grade",
            "results[].method",
            "results[].recall_at_10",
            "results[].recall_at_100",
            "results[].ndcg_at_10",
            "results[].queries",
        ],
    );
    assert_eq!(search["task"], "search");
    let labels = shared("eval/topics-dev.tsv").unwrap();
    let history = t.join("h.txt");
    std::fs::write(&history, "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n").unwrap();
    let topics = run(
        t,
        &list,
        &[
            "--history",
            history.to_str().unwrap(),
            "eval-topics",
            "--labels",
            labels.to_str().unwrap(),
            "--json",
        ],
    );
    let mut want: Vec<String> = [
        "list",
        "labels",
        "papers",
        "labelled",
        "classes",
        "k",
        "resolution",
        "other",
        "seconds",
        "readnext.ami",
        "readnext.nmi",
        "readnext.ari",
        "readnext_prefixes.papers",
        "readnext_prefixes.ami",
        "readnext_prefixes.ami_mean",
        "plain_kmeans.k",
        "plain_kmeans.ami",
        "plain_kmeans.nmi",
        "plain_kmeans.ari",
        "plain_kmeans_label_k.ami",
        "plan.read",
        "plan.weeks",
        "plan.pairs",
        "plan.same_label_share",
        "cold_start[].title",
        "cold_start[].label",
        "stability.appended",
        "stability.kept",
        "stability.kept_windows",
        "stability.kept_mean",
        "map.topic_share",
        "map.label_share",
        "map.pca_topic_share",
        "map.pca_label_share",
        "unmatched",
    ]
    .map(String::from)
    .to_vec();
    for o in ["plan_label_histories", "plan_pair_histories"] {
        for f in [
            "histories",
            "pairs",
            "same_label_share",
            "first_week_labelled",
            "first_week_history_label",
            "first_week_share",
        ] {
            want.push(format!("{o}.{f}"));
        }
    }
    for o in ["suggest_label_histories", "suggest_pair_histories"] {
        for f in [
            "histories",
            "suggested",
            "labelled",
            "same_label",
            "same_label_share",
        ] {
            want.push(format!("{o}.{f}"));
        }
    }
    assert_fields("eval-topics --labels", &topics, &want);
}

/// The commands and flags of the README's *Commands* table: each row's first cell, each
/// backticked form in it (`read PAPER... [--date …]`, `read --undo PAPER...`).
fn documented_flags() -> Vec<(String, Vec<String>)> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let table = readme
        .split("## Commands")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    let mut out = Vec::new();
    for row in table.lines().filter(|l| l.starts_with("| `")) {
        let cell = row[2..].split(" | ").next().unwrap();
        for form in cell.split('`').skip(1).step_by(2) {
            let words: Vec<&str> = form.split_whitespace().collect();
            // `model fetch` / `model info`: a command and its subcommand.
            let command: Vec<&str> = words
                .iter()
                .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
                .take(if words[0] == "model" { 2 } else { 1 })
                .copied()
                .collect();
            let flags = form
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '/'))
                .flat_map(|w| w.split('/'))
                .filter(|w| w.starts_with('-') && w.len() > 1 && !w.starts_with("---"))
                .map(String::from)
                .collect();
            out.push((command.join(" "), flags));
        }
    }
    out
}

#[test]
fn every_flag_the_readme_documents_is_taken() {
    let documented = documented_flags();
    let commands: std::collections::BTreeSet<&str> =
        documented.iter().map(|(c, _)| c.as_str()).collect();
    // Every command of the binary is in the table, and the other way round.
    for c in [
        "papers",
        "check",
        "model fetch",
        "model info",
        "embed",
        "index",
        "related",
        "search",
        "read",
        "history",
        "suggest",
        "add",
        "enrich",
        "plan",
        "coverage",
        "topics",
        "map",
        "eval",
        "completions",
        "eval-search",
        "eval-topics",
    ] {
        assert!(
            commands.contains(c),
            "README's table lacks `{c}`: {commands:?}"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (command, flags) in &documented {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push("--help");
        let out = readnext_in(tmp.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "readnext {command} --help");
        let help = String::from_utf8_lossy(&out.stdout);
        for flag in flags {
            let long = flag.starts_with("--");
            let shown = if long {
                help.contains(&format!("{flag} ")) || help.contains(&format!("{flag}\n"))
            } else {
                help.contains(&format!("{flag}, ")) || help.contains(&format!("{flag} "))
            };
            assert!(shown, "`readnext {command}` does not take {flag}:\n{help}");
            checked += 1;
        }
    }
    assert!(checked >= 50, "{checked} flags: {documented:?}");
    // The flags every command takes.
    let help = ok(readnext_in(tmp.path()).args(["related", "--help"]));
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--list",
        "--index-dir",
        "--json",
        "--quiet",
        "--model ",
        "--model-dir",
        "--offline",
        "--fetch-model",
        "--no-update",
        "--history",
    ] {
        assert!(help.contains(flag), "{flag}:\n{help}");
    }
}

#[test]
fn the_flags_read_from_the_readme_table() {
    let documented = documented_flags();
    let find = |c: &str| {
        documented
            .iter()
            .filter(|(x, _)| x == c)
            .flat_map(|(_, f)| f.clone())
            .collect::<Vec<_>>()
    };
    assert!(find("suggest").contains(&"--pool".to_string()));
    assert!(find("read").contains(&"--undo".to_string()));
    assert!(find("map").contains(&"-o".to_string()) && find("map").contains(&"--out".to_string()));
    assert!(find("related").contains(&"-k".to_string()));
    assert!(find("model info").contains(&"--verify".to_string()));
}
