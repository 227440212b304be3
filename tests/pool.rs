//! Suggestions from a pool of new papers (`suggest --pool`) and `add`, on the real list
//! with the real model and a pool of real arXiv papers (the shared data's first papers,
//! plus two papers the list already has).

mod common;

use common::{indexed_workspace, json, ok, readnext_with_model, run_list, topic_with, week_ids};
use std::path::{Path, PathBuf};

/// Papers of the shared arXiv data in the pool (embedded once per test).
const POOL_PAPERS: usize = 80;

/// `pool.jsonl` in `dir`: every 1000th arXiv paper of the shared data (March 2025 to
/// June 2026) and LoRA and QLoRA, which the list has; `None` when the shared data is
/// not here.
fn write_pool(dir: &Path) -> Option<PathBuf> {
    let data = common::shared("data/arxiv-2025.jsonl.gz")?;
    let file = std::fs::File::open(data).unwrap();
    let text = std::io::read_to_string(flate2::read::GzDecoder::new(file)).unwrap();
    let mut lines: Vec<String> = text
        .lines()
        .step_by(1000)
        .take(POOL_PAPERS)
        .map(str::to_string)
        .collect();
    lines.push(
        r#"{"id": "2106.09685", "title": "LoRA: Low-Rank Adaptation of Large Language Models", "abstract": "We propose Low-Rank Adaptation."}"#
            .into(),
    );
    lines.push(
        r#"{"id": "2305.14314", "title": "QLoRA: Efficient Finetuning of Quantized LLMs", "abstract": "We present QLoRA."}"#
            .into(),
    );
    let pool = dir.join("pool.jsonl");
    std::fs::write(&pool, lines.join("\n") + "\n").unwrap();
    Some(pool)
}

/// The papers of `pool.jsonl` as arXiv's daily RSS listing writes them
/// (`https://rss.arxiv.org/rss/cs.CL`), saved as `curl -O` names it: `cs.CL`. LoRA and
/// QLoRA come as new versions of old papers (`replace`).
fn write_feed(dir: &Path, jsonl: &Path) -> PathBuf {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8'?>\n<rss xmlns:arxiv=\"http://arxiv.org/schemas/atom\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" version=\"2.0\">\n  <channel>\n    \
         <title>cs.CL updates on arXiv.org</title>\n",
    );
    for line in std::fs::read_to_string(jsonl).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = r["id"].as_str().unwrap();
        let kind = if id.starts_with("2106") || id.starts_with("2305") {
            "replace"
        } else {
            "new"
        };
        let categories: String = r["categories"]
            .as_array()
            .map(|c| {
                c.iter()
                    .map(|c| format!("<category>{}</category>", c.as_str().unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        xml += &format!(
            "    <item>\n      <title>{}</title>\n      <link>https://arxiv.org/abs/{id}</link>\n      \
             <description>arXiv:{id}v1 Announce Type: {kind}\nAbstract: {}</description>\n      \
             <guid isPermaLink=\"false\">oai:arXiv.org:{id}v1</guid>\n      {categories}\n      \
             <pubDate>Mon, 20 Jul 2026 00:00:00 -0400</pubDate>\n      \
             <arxiv:announce_type>{kind}</arxiv:announce_type>\n      \
             <dc:creator>Ada Lovelace, Alan Turing</dc:creator>\n    </item>\n",
            escape(r["title"].as_str().unwrap()),
            escape(r["abstract"].as_str().unwrap()),
        );
    }
    xml += "  </channel>\n</rss>\n";
    let feed = dir.join("cs.CL");
    std::fs::write(&feed, xml).unwrap();
    feed
}

/// [`write_pool`], and its lines.
fn pool_lines(dir: &Path) -> Option<(PathBuf, Vec<String>)> {
    let pool = write_pool(dir)?;
    let text = std::fs::read_to_string(&pool).unwrap();
    let lines = text.lines().map(str::to_string).collect();
    Some((pool, lines))
}

/// `suggest --pool POOL --count 5 --json` on `list` after reading LoRA and QLoRA.
fn suggest_after_lora_and_qlora(dir: &Path, list: &Path, pool: &Path) -> serde_json::Value {
    let history = dir.join("h.txt");
    std::fs::write(&history, "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n").unwrap();
    json(&run_list(
        dir,
        list,
        &[
            "--history",
            history.to_str().unwrap(),
            "suggest",
            "--pool",
            pool.to_str().unwrap(),
            "--count",
            "5",
            "--json",
        ],
    ))
}

/// The papers of `pool.jsonl` as Hugging Face's daily papers API answers
/// (`https://huggingface.co/api/daily_papers`): each paper's own fields under `paper`.
fn write_hf_daily(dir: &Path, jsonl: &Path) -> PathBuf {
    let mut items = Vec::new();
    for line in std::fs::read_to_string(jsonl).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        items.push(serde_json::json!({
            "paper": {
                "id": r["id"],
                "authors": [{"_id": "x", "name": "Ada Lovelace", "hidden": false}],
                "publishedAt": "2026-07-20T17:59:59.000Z",
                "title": r["title"],
                "summary": r["abstract"],
                "upvotes": 3,
            },
            "publishedAt": "2026-07-21T02:00:00.000Z",
            "title": r["title"],
            "numComments": 0,
        }));
    }
    let file = dir.join("daily_papers.json");
    std::fs::write(&file, serde_json::to_string(&items).unwrap()).unwrap();
    file
}

/// The papers of `pool.jsonl` as OpenReview's API 2 answers
/// (`https://api2.openreview.net/notes?content.venueid=…`): fields as `{"value": …}`.
fn write_openreview(dir: &Path, jsonl: &Path) -> PathBuf {
    let mut notes = Vec::new();
    for (i, line) in std::fs::read_to_string(jsonl).unwrap().lines().enumerate() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        notes.push(serde_json::json!({
            "id": format!("note{i}"),
            "forum": format!("note{i}"),
            "content": {
                "title": {"value": r["title"]},
                "abstract": {"value": r["abstract"]},
                "authors": {"value": ["Ada Lovelace"]},
                "venue": {"value": "ICLR 2026 Poster"},
            },
            "cdate": 1_758_000_000_000u64,
            "pdate": 1_769_904_000_000u64,
        }));
    }
    let file = dir.join("iclr.json");
    let answer = serde_json::json!({"notes": notes, "count": notes.len()});
    std::fs::write(&file, serde_json::to_string(&answer).unwrap()).unwrap();
    file
}

#[test]
fn hugging_face_daily_papers_and_openreview_notes_are_pools_that_suggest_what_their_json_lines_do()
{
    let (tmp, list) = indexed_workspace();
    let Some(pool) = write_pool(tmp.path()) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    let daily = write_hf_daily(tmp.path(), &pool);
    let suggest = |p: &Path| suggest_after_lora_and_qlora(tmp.path(), &list, p);
    let (from_jsonl, from_hf) = (suggest(&pool), suggest(&daily));
    // Their arXiv ids tell LoRA and QLoRA on the list.
    assert_eq!(from_hf["pool"]["on_list"], 2, "{from_hf}");
    assert_eq!(ids(&from_hf), ids(&from_jsonl));
    for s in from_hf["suggestions"].as_array().unwrap() {
        assert_eq!(s["date"], "2026-07-20", "{s}");
        assert!(
            s["url"]
                .as_str()
                .unwrap()
                .starts_with("https://arxiv.org/abs/"),
            "{s}"
        );
    }
    let papers = json(&run_list(tmp.path(), &daily, &["papers", "--json"]));
    assert_eq!(papers["count"], POOL_PAPERS + 2);
    assert_eq!(papers["papers"][0]["has_abstract"], true);
    // A conference's accepted papers from OpenReview: the same papers (their arXiv
    // TeX as written, so the order may differ), dated by their publication day; LoRA and
    // QLoRA are told on the list by their titles.
    let iclr = write_openreview(tmp.path(), &pool);
    let from_or = suggest(&iclr);
    assert_eq!(from_or["pool"]["on_list"], 2, "{from_or}");
    let mut a = ids(&from_jsonl)
        .iter()
        .map(|id| {
            from_jsonl["suggestions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["id"] == id.as_str())
                .unwrap()["title"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect::<Vec<_>>();
    let mut b: Vec<String> = from_or["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    for s in from_or["suggestions"].as_array().unwrap() {
        assert_eq!(s["date"], "2026-02-01", "{s}");
        assert!(
            s["url"]
                .as_str()
                .unwrap()
                .starts_with("https://openreview.net/forum?id=note"),
            "{s}"
        );
    }
}

#[test]
fn an_arxiv_rss_listing_is_a_pool_that_suggests_what_its_json_lines_do() {
    let (tmp, list) = indexed_workspace();
    let Some(pool) = write_pool(tmp.path()) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    let feed = write_feed(tmp.path(), &pool);
    let suggest = |p: &Path| suggest_after_lora_and_qlora(tmp.path(), &list, p);
    let (from_jsonl, from_feed) = (suggest(&pool), suggest(&feed));
    assert_eq!(from_feed["pool"]["papers"], POOL_PAPERS + 2);
    assert_eq!(from_feed["pool"]["on_list"], 2, "{from_feed}");
    assert_eq!(ids(&from_feed), ids(&from_jsonl));
    assert_eq!(ids(&from_feed).len(), 5);
    // The listing's day dates its new papers: all of them are new since July 2026.
    for s in from_feed["suggestions"].as_array().unwrap() {
        assert_eq!(s["date"], "2026-07-20", "{s}");
    }
    // The feed as a list: its papers with abstracts, authors and arXiv's primary category.
    let papers = json(&run_list(tmp.path(), &feed, &["papers", "--json"]));
    assert_eq!(papers["count"], POOL_PAPERS + 2);
    let first = &papers["papers"][0];
    assert_eq!(first["has_abstract"], true, "{first}");
    assert_eq!(
        first["authors"],
        serde_json::json!(["Ada Lovelace", "Alan Turing"])
    );
    // A new version of a paper of 2021 keeps the month its arXiv id says.
    let lora = papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "2106.09685")
        .unwrap();
    assert!(lora.get("date").is_none_or(|d| d.is_null()), "{lora}");
    // `add` writes markdown lists only: a feed named as `curl -O` names it is not written.
    let before = std::fs::read(&feed).unwrap();
    let other = tmp.path().join("other.jsonl");
    std::fs::write(
        &other,
        r#"{"id": "1706.03762", "title": "Attention Is All You Need", "abstract": "The dominant sequence transduction models."}"#,
    )
    .unwrap();
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&feed)
        .args(["add", "1706.03762", "--pool", other.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("markdown lists only"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&feed).unwrap(), before);
}

#[test]
fn several_pools_read_as_one_and_a_paper_two_of_them_list_counts_once() {
    let (tmp, list) = indexed_workspace();
    let Some((pool, lines)) = pool_lines(tmp.path()) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    // Two listings that share 20 papers (arXiv lists a cross-listed paper under each of
    // its categories): the first 50 papers as JSON lines, the last 52 as arXiv's RSS.
    assert_eq!(lines.len(), POOL_PAPERS + 2);
    let first = tmp.path().join("cs.LG.jsonl");
    std::fs::write(&first, lines[..50].join("\n") + "\n").unwrap();
    let rest = tmp.path().join("rest.jsonl");
    std::fs::write(&rest, lines[30..].join("\n") + "\n").unwrap();
    let second = write_feed(tmp.path(), &rest);
    let history = tmp.path().join("h.txt");
    std::fs::write(&history, "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n").unwrap();
    let h = history.to_str().unwrap();
    let (a, b, all) = (
        first.to_str().unwrap(),
        second.to_str().unwrap(),
        pool.to_str().unwrap(),
    );
    let suggest = |pools: &[&str]| {
        let mut args = vec!["--history", h, "suggest", "--count", "5", "--json"];
        for p in pools {
            args.extend(["--pool", p]);
        }
        json(&run_list(tmp.path(), &list, &args))
    };
    let both = suggest(&[a, b]);
    let whole = suggest(&[all]);
    assert_eq!(ids(&both), ids(&whole), "{both}");
    let counts = &both["pool"];
    assert_eq!(counts["papers"], 102, "{counts}");
    assert_eq!(
        counts["on_list"], 2,
        "LoRA and QLoRA, in the second: {counts}"
    );
    assert_eq!(counts["repeated"], 20, "{counts}");
    assert_eq!(counts["file"], a);
    let files = counts["pools"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["file"], a);
    assert_eq!(files[0]["papers"], 50);
    assert_eq!(files[0]["repeated"], 0);
    assert_eq!(files[1]["file"], b);
    assert_eq!(files[1]["papers"], 52);
    assert_eq!(files[1]["on_list"], 2);
    assert_eq!(files[1]["repeated"], 20);
    assert_ne!(files[0]["index_dir"], files[1]["index_dir"]);
    // Each suggestion names the file it comes from: the first that lists it.
    let in_first: Vec<String> = lines[..50]
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for s in both["suggestions"].as_array().unwrap() {
        let expected = if in_first.contains(&s["id"].as_str().unwrap().to_string()) {
            a
        } else {
            b
        };
        assert_eq!(s["pool"], expected, "{s}");
    }
    // One pool alone says its file too.
    assert!(whole["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["pool"] == all));
    // The table says which pool in a last column, and the head counts the repeats.
    let table = run_list(
        tmp.path(),
        &list,
        &[
            "--history",
            h,
            "suggest",
            "--count",
            "5",
            "--pool",
            a,
            "--pool",
            b,
        ],
    );
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("20 in an earlier pool"), "{text}");
    assert!(
        text.lines().nth(1).unwrap().trim_end().ends_with("pool"),
        "{text}"
    );
    // One index folder cannot hold two pools.
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["suggest", "--pool", a, "--pool", b, "--pool-index-dir"])
        .arg(tmp.path().join("ix"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--pool-index-dir names one pool"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `add` takes the same pools: the paper from the first that names it, said in JSON.
    let only_second: serde_json::Value = serde_json::from_str(&lines[60]).unwrap();
    let id = only_second["id"].as_str().unwrap();
    let added = json(&run_list(
        tmp.path(),
        &list,
        &["add", id, "--pool", a, "--pool", b, "--json"],
    ));
    assert_eq!(added["pool"], b, "{added}");
    assert_eq!(added["added"]["id"], id);
    let text = std::fs::read_to_string(&list).unwrap();
    assert!(
        text.contains(&format!("https://arxiv.org/abs/{id}")),
        "{added}"
    );
    // A paper neither pool has: exit 2, each pool saying so, the list unchanged.
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["add", "2999.00001", "--pool", a, "--pool", b])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("in the pool {a}")) && err.contains(&format!("in the pool {b}")),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&list).unwrap(), text);
}

#[test]
fn the_cached_index_of_a_pool_file_that_is_gone_is_removed() {
    let (tmp, list) = indexed_workspace();
    let Some((_, lines)) = pool_lines(tmp.path()) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    // Two days' listings saved under their dates.
    let monday = tmp.path().join("cs.CL-2026-11-30.jsonl");
    let tuesday = tmp.path().join("cs.CL-2026-12-01.jsonl");
    std::fs::write(&monday, lines[..6].join("\n") + "\n").unwrap();
    std::fs::write(&tuesday, lines[6..12].join("\n") + "\n").unwrap();
    let suggest = |p: &Path| {
        run_list(
            tmp.path(),
            &list,
            &["suggest", "--pool", p.to_str().unwrap()],
        )
    };
    suggest(&monday);
    suggest(&tuesday);
    let pools = tmp.path().join(".cache/pools");
    let folders = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&pools)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(folders().len(), 2, "{:?}", folders());
    // Monday's file deleted: the next pool run removes its index and says so.
    std::fs::remove_file(&monday).unwrap();
    let out = suggest(&tuesday);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("removed the cached index of the pool")
            && err.contains("cs.CL-2026-11-30.jsonl"),
        "{err}"
    );
    let left = folders();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].ends_with("cs.CL-2026-12-01.jsonl"), "{left:?}");
    // An index folder given by the user is never removed.
    let mine = tmp.path().join("my-pool-index");
    ok(readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args([
            "suggest",
            "--pool",
            tuesday.to_str().unwrap(),
            "--pool-index-dir",
        ])
        .arg(&mine));
    std::fs::remove_file(&tuesday).unwrap();
    std::fs::write(&monday, lines[..6].join("\n") + "\n").unwrap();
    suggest(&monday);
    assert!(mine.join("CURRENT").exists());
    assert_eq!(
        folders().len(),
        1,
        "Tuesday's cached index went, Monday's came back"
    );
}

fn ids(v: &serde_json::Value) -> Vec<String> {
    v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pool_suggestions_leave_out_the_list_follow_the_history_and_are_deterministic() {
    let (tmp, list) = indexed_workspace();
    let Some(pool) = write_pool(tmp.path()) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    let p = pool.to_str().unwrap();
    // Nothing read: the list's topics take turns.
    let first = run_list(
        tmp.path(),
        &list,
        &["suggest", "--pool", p, "--count", "5", "--json"],
    );
    assert!(
        String::from_utf8_lossy(&first.stderr).contains("indexing the pool"),
        "the first use indexes the pool"
    );
    let v = json(&first);
    assert_eq!(v["cold_start"], true);
    assert_eq!(v["pool"]["papers"], POOL_PAPERS + 2);
    assert_eq!(
        v["pool"]["on_list"], 2,
        "LoRA and QLoRA are on the list: {v}"
    );
    let cold = ids(&v);
    assert_eq!(cold.len(), 5);
    assert!(!cold.contains(&"2106.09685".to_string()) && !cold.contains(&"2305.14314".to_string()));
    for s in v["suggestions"].as_array().unwrap() {
        let because = s["because"][0].as_str().unwrap();
        assert!(because.starts_with("close to topic "), "{because}");
        assert_eq!(s["follows"].as_array().unwrap().len(), 1);
    }
    let topics: std::collections::HashSet<&str> = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["topic"].as_str().unwrap())
        .collect();
    assert!(
        topics.len() >= 3,
        "the first suggestions span the list's topics: {topics:?}"
    );
    // The topics take turns as in the list's own cold start (LLaMA's, BERT's, FLAN's
    // topics first), not the biggest first (the list's privacy and health posts).
    let topic_order = |v: &serde_json::Value| -> Vec<String> {
        v["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .map(|s| s["topic"].as_str().unwrap().to_string())
            .collect()
    };
    let list_cold = json(&run_list(tmp.path(), &list, &["suggest", "--json"]));
    assert_eq!(topic_order(&v), topic_order(&list_cold), "{v}");

    // Once indexed, the pool is not indexed again; one thread gives the same answer.
    let again = ok(readnext_with_model(tmp.path())
        .env("RAYON_NUM_THREADS", "1")
        .arg("--list")
        .arg(&list)
        .args(["suggest", "--pool", p, "--count", "5", "--json"]));
    assert!(!String::from_utf8_lossy(&again.stderr).contains("indexing the pool"));
    assert_eq!(json(&again)["suggestions"], v["suggestions"]);

    // After reading LoRA and QLoRA, suggestions follow from them.
    let history = tmp.path().join("h.txt");
    std::fs::write(&history, "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n").unwrap();
    let h = history.to_str().unwrap();
    let v = json(&run_list(
        tmp.path(),
        &list,
        &["--history", h, "suggest", "--pool", p, "--json"],
    ));
    assert_eq!(v["cold_start"], false);
    for s in v["suggestions"].as_array().unwrap() {
        let because = s["because"][0].as_str().unwrap();
        assert!(because.starts_with("because you read \""), "{because}");
        let f = s["follows"][0].as_str().unwrap();
        assert!(f == "2106.09685" || f == "2305.14314", "{f}");
    }

    // --since keeps only papers of that month or later (dated by their arXiv ids).
    let v = json(&run_list(
        tmp.path(),
        &list,
        &[
            "suggest", "--pool", p, "--since", "2026-01", "--count", "10", "--json",
        ],
    ));
    assert!(v["pool"]["too_old"].as_u64().unwrap() > 0, "{v}");
    for s in v["suggestions"].as_array().unwrap() {
        assert!(s["date"].as_str().unwrap() >= "2026-01", "{s}");
    }
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["suggest", "--pool", p, "--since", "April"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A date after every pool paper: nothing found (exit 1), said in a line, not an
    // empty table.
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["suggest", "--pool", p, "--since", "2999-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.ends_with("nothing to suggest\n"), "{stdout}");
    assert!(!stdout.contains("score"), "{stdout}");
}

#[test]
fn add_writes_the_chosen_pool_paper_into_the_list_and_keeps_a_backup() {
    let (tmp, list) = indexed_workspace();
    let Some(pool) = write_pool(tmp.path()) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    let p = pool.to_str().unwrap();
    let before = std::fs::read_to_string(&list).unwrap();
    let first = json(&run_list(
        tmp.path(),
        &list,
        &["suggest", "--pool", p, "--count", "1", "--json"],
    ));
    let id = first["suggestions"][0]["id"].as_str().unwrap().to_string();
    let title = first["suggestions"][0]["title"]
        .as_str()
        .unwrap()
        .to_string();
    let added = json(&run_list(
        tmp.path(),
        &list,
        &["add", &id, "--pool", p, "--under", "before 2023", "--json"],
    ));
    assert_eq!(added["added"]["id"], id.as_str());
    let backup = PathBuf::from(added["backup"].as_str().unwrap());
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), before);
    let after = std::fs::read_to_string(&list).unwrap();
    let line = added["line"].as_u64().unwrap() as usize;
    let written = after.lines().nth(line - 1).unwrap();
    assert!(
        written.starts_with(&format!("- [{title}](https://arxiv.org/abs/{id})")),
        "{written}"
    );
    assert!(
        after.lines().nth(line).unwrap().starts_with("> "),
        "the abstract follows as a quote"
    );
    // The list reads it back as a paper with its abstract, under that heading.
    let papers = json(&run_list(tmp.path(), &list, &["papers", "--json"]));
    let back = papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id.as_str())
        .expect("the added paper is on the list")
        .clone();
    assert_eq!(back["has_abstract"], true);
    assert_eq!(back["heading"], "before 2023");
    // It is on the list now: suggested no more, and not added twice.
    let v = json(&run_list(
        tmp.path(),
        &list,
        &["suggest", "--pool", p, "--count", "3", "--json"],
    ));
    assert!(!ids(&v).contains(&id));
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["add", &id, "--pool", p])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already on the list"));
    assert_eq!(
        std::fs::read_to_string(&list).unwrap(),
        after,
        "nothing written"
    );
    // The next one, said in Korean.
    let next = json(&run_list(
        tmp.path(),
        &list,
        &["suggest", "--pool", p, "--count", "1", "--json"],
    ));
    let next_id = next["suggestions"][0]["id"].as_str().unwrap().to_string();
    let next_title = next["suggestions"][0]["title"].as_str().unwrap();
    let said = String::from_utf8(
        run_list(
            tmp.path(),
            &list,
            &["add", &next_id, "--pool", p, "--lang", "ko"],
        )
        .stdout,
    )
    .unwrap();
    assert!(
        said.starts_with(&format!("\"{next_title}\"을(를) 목록에 추가함: "))
            && said.contains("(이전 목록은 "),
        "{said}"
    );
    // A list in another format is never written.
    let out = readnext_with_model(tmp.path())
        .args(["--list", p, "add", "2106.09685", "--pool", p])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("markdown lists only"));
    assert!(!tmp.path().join("pool.jsonl.bak").exists());
}

/// Two subjects that follow from LoRA and QLoRA, added to [`write_pool`]'s papers (by
/// their titles, as a feed without abstracts gives them): three ways to quantise a
/// model's weights after training, and two variants of low-rank adapters.
const QUANTISATION: [(&str, &str); 3] = [
    (
        "2210.17323",
        "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
    ),
    (
        "2306.00978",
        "AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration",
    ),
    (
        "2211.10438",
        "SmoothQuant: Accurate and Efficient Post-Training Quantization for Large Language Models",
    ),
];
const ADAPTERS: [(&str, &str); 2] = [
    ("2402.09353", "DoRA: Weight-Decomposed Low-Rank Adaptation"),
    (
        "2402.12354",
        "LoRA+: Efficient Low Rank Adaptation of Large Models",
    ),
];

/// [`write_pool`]'s pool with the [`QUANTISATION`] and [`ADAPTERS`] papers after it.
fn write_planted_pool(dir: &Path) -> Option<PathBuf> {
    let pool = write_pool(dir)?;
    let mut text = std::fs::read_to_string(&pool).unwrap();
    for (id, title) in QUANTISATION.iter().chain(&ADAPTERS) {
        text += &format!("{}\n", serde_json::json!({"id": id, "title": title}));
    }
    std::fs::write(&pool, text).unwrap();
    Some(pool)
}

#[test]
fn a_plan_from_a_pool_gives_each_subject_its_week_following_what_was_read() {
    let (tmp, list) = indexed_workspace();
    let Some(pool) = write_planted_pool(tmp.path()) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    let p = pool.to_str().unwrap();
    let history = tmp.path().join("h.txt");
    std::fs::write(&history, "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n").unwrap();
    let h = history.to_str().unwrap();
    let args = [
        "--history",
        h,
        "plan",
        "--pool",
        p,
        "--weeks",
        "3",
        "--json",
    ];
    let v = json(&run_list(tmp.path(), &list, &args));
    assert_eq!(v["pool"]["papers"], POOL_PAPERS + 2 + 5);
    assert_eq!(
        v["pool"]["on_list"], 2,
        "LoRA and QLoRA are on the list: {v}"
    );
    let weeks = week_ids(&v);
    assert_eq!(weeks.len(), 3, "{v}");
    let mut seen = std::collections::HashSet::new();
    for w in &weeks {
        assert_eq!(w.len(), 3, "{v}");
        for id in w {
            assert!(seen.insert(id.clone()), "{id} planned twice: {v}");
            assert!(
                id != "2106.09685" && id != "2305.14314",
                "a list paper: {v}"
            );
        }
    }
    // The three quantisation papers are one week, the one that follows QLoRA; the two
    // adapters share a week that follows LoRA.
    let quantisation: std::collections::HashSet<String> =
        QUANTISATION.iter().map(|x| x.0.to_string()).collect();
    let q = weeks
        .iter()
        .position(|w| w.iter().any(|id| quantisation.contains(id)))
        .expect("a quantisation week");
    assert_eq!(
        weeks[q]
            .iter()
            .cloned()
            .collect::<std::collections::HashSet<_>>(),
        quantisation,
        "{v}"
    );
    let a = weeks
        .iter()
        .position(|w| w.contains(&ADAPTERS[0].0.to_string()))
        .expect("an adapters week");
    assert!(weeks[a].contains(&ADAPTERS[1].0.to_string()), "{v}");
    assert_eq!(v["weeks"][q]["follows"][0], "2305.14314", "{v}");
    assert_eq!(v["weeks"][a]["follows"][0], "2106.09685", "{v}");
    for w in v["weeks"].as_array().unwrap() {
        assert!(w["reason"].as_str().unwrap().starts_with("follows from \""));
        assert_eq!(w["linked"], true);
        let c = w["coherence"].as_f64().unwrap();
        assert!(c > 0.0 && c <= 1.0, "{w}");
        assert!(!w["title"].as_str().unwrap().is_empty());
        for paper in w["papers"].as_array().unwrap() {
            assert_eq!(paper["pool"], p);
        }
    }
    assert!(
        v["weeks"][q]["title"]
            .as_str()
            .unwrap()
            .contains("quantization"),
        "{v}"
    );
    // One thread gives the same weeks.
    let again = ok(readnext_with_model(tmp.path())
        .env("RAYON_NUM_THREADS", "1")
        .arg("--list")
        .arg(&list)
        .args(args));
    assert_eq!(json(&again)["weeks"], v["weeks"]);

    // The table says where the papers come from; markdown in Korean says why each week.
    let out = run_list(
        tmp.path(),
        &list,
        &["--history", h, "plan", "--pool", p, "--weeks", "2"],
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.starts_with(&format!("from the pool {p} ({} papers", POOL_PAPERS + 7)),
        "{table}"
    );
    assert!(table.contains("GPTQ"), "{table}");
    let out = run_list(
        tmp.path(),
        &list,
        &[
            "--history",
            h,
            "plan",
            "--pool",
            p,
            "--weeks",
            "2",
            "--markdown",
            "--lang",
            "ko",
        ],
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("### 1주차: "), "{md}");
    assert!(md.contains("에서 이어짐_"), "{md}");

    // Nothing read: the list's topics take turns, each week close to one of them.
    let v = json(&run_list(
        tmp.path(),
        &list,
        &["plan", "--pool", p, "--weeks", "3", "--json"],
    ));
    let topics: Vec<u64> = v["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            assert!(
                w["reason"].as_str().unwrap().starts_with("close to topic "),
                "{w}"
            );
            assert_eq!(w["linked"], false);
            w["topic"].as_u64().unwrap()
        })
        .collect();
    assert_eq!(topics.len(), 3, "{v}");
    assert!(
        topics[0] != topics[1] && topics[1] != topics[2] && topics[0] != topics[2],
        "{topics:?}"
    );

    // Nothing read but QLoRA liked: the weeks follow from it, said so.
    let v = json(&run_list(
        tmp.path(),
        &list,
        &[
            "plan", "--pool", p, "--like", "QLoRA", "--weeks", "2", "--json",
        ],
    ));
    for w in v["weeks"].as_array().unwrap() {
        assert_eq!(
            w["reason"],
            "follows from \"QLoRA: Efficient Finetuning of Quantized LLMs\" (you liked)",
            "{w}"
        );
    }

    // A date after every pool paper: nothing to plan (exit 1), said in a line.
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["plan", "--pool", p, "--since", "2999-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("nothing to plan\n"));
}

#[test]
fn a_topic_of_the_list_takes_the_pool_papers_closest_to_it() {
    let (tmp, list) = indexed_workspace();
    let Some(pool) = write_planted_pool(tmp.path()) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    let p = pool.to_str().unwrap();
    let all = json(&run_list(tmp.path(), &list, &["topics", "--json"]));
    let topics = all["topics"].as_array().unwrap();
    let topic_of = |title: &str| topic_with(&all, title);
    let lora = topic_of("LoRA: Low-Rank Adaptation of Large Language Models");
    let (id, label) = (
        lora["id"].as_u64().unwrap(),
        lora["label"].as_str().unwrap(),
    );
    let id_arg = id.to_string();
    let suggest = |topic: &str| {
        readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&list)
            .args([
                "suggest", "--pool", p, "--topic", topic, "--count", "100", "--json",
            ])
            .output()
            .unwrap()
    };

    // Nothing read: LoRA's topic brings the two new adapters, each close to that topic.
    let v = json(&suggest(&id_arg));
    let found = ids(&v);
    for (adapter, _) in ADAPTERS {
        assert!(found.contains(&adapter.to_string()), "{adapter}: {v}");
    }
    for s in v["suggestions"].as_array().unwrap() {
        assert_eq!(s["topic"], label, "{s}");
        let because = s["because"][0].as_str().unwrap();
        assert!(because.starts_with(&format!("close to topic {id} ")), "{s}");
    }
    let eligible = POOL_PAPERS + 5;
    assert_eq!(
        v["pool"]["other_topics"].as_u64().unwrap() as usize + found.len(),
        eligible,
        "{v}"
    );

    // Every pool paper is closest to one topic of the list: the topics share out the pool.
    let mut shared = std::collections::HashSet::new();
    for t in topics.iter().filter(|t| t["other"] == false) {
        let out = suggest(&t["id"].to_string());
        let v = json(&out);
        let mine = ids(&v);
        assert_eq!(out.status.code(), Some(if mine.is_empty() { 1 } else { 0 }));
        assert_eq!(
            v["pool"]["other_topics"].as_u64().unwrap() as usize + mine.len(),
            eligible,
            "{v}"
        );
        for j in mine {
            assert!(shared.insert(j.clone()), "{j} is in two topics");
        }
    }
    assert_eq!(shared.len(), eligible);

    // After LoRA and QLoRA, a plan of LoRA's topic: every week of it, the adapters first.
    let history = tmp.path().join("h.txt");
    std::fs::write(&history, "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n").unwrap();
    let h = history.to_str().unwrap();
    let plan = [
        "--history",
        h,
        "plan",
        "--pool",
        p,
        "--topic",
        &id_arg,
        "--weeks",
        "2",
    ];
    let v = json(&run_list(
        tmp.path(),
        &list,
        &[&plan[..], &["--json"]].concat(),
    ));
    let weeks = week_ids(&v);
    assert!(!weeks.is_empty(), "{v}");
    let qlora = topic_of("QLoRA: Efficient Finetuning of Quantized LLMs")["id"].clone();
    for w in v["weeks"].as_array().unwrap() {
        assert_eq!(w["topic"], id, "{w}");
        // A week that follows QLoRA, when QLoRA is of another topic, takes that topic up.
        let other = w["follows"][0] == "2305.14314" && qlora != id;
        let reason = w["reason"].as_str().unwrap();
        assert_eq!(w["linked"], !other, "{w}");
        assert!(
            reason.starts_with(if other {
                "another subject of your list, nearest to \""
            } else {
                "follows from \""
            }),
            "{w}"
        );
    }
    for (adapter, _) in ADAPTERS {
        assert!(weeks[0].contains(&adapter.to_string()), "{adapter}: {v}");
    }
    let table = String::from_utf8_lossy(&run_list(tmp.path(), &list, &plan).stdout).to_string();
    assert!(
        table.lines().next().unwrap().ends_with(&format!(
            "closer to another topic), after 2 read papers, in the list's topic {id} ({label})"
        )),
        "{table}"
    );

    // "Other" has no meaning a pool paper could be close to: exit 2, saying so.
    let other = topics.iter().find(|t| t["other"] == true).unwrap();
    let out = suggest(&other["id"].to_string());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no pool paper is matched to it"), "{err}");
}
