//! Topics, history, suggestions, plans and coverage on the real list with the real model.

mod common;

use common::{indexed_workspace, json, readnext_with_model, run_list as run, topic_with};
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

fn run_json(dir: &Path, list: &Path, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    json(&run(dir, list, &a))
}

/// The indexed seed list with LoRA and QLoRA read (2026-11-20).
fn after_lora_and_qlora() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, list) = indexed_workspace();
    run(
        tmp.path(),
        &list,
        &["read", "LoRA", "QLoRA", "--date", "2026-11-20"],
    );
    (tmp, list)
}

/// Run `args` on one thread.
fn run_one_thread(dir: &Path, list: &Path, args: &[&str]) -> std::process::Output {
    common::ok(
        readnext_with_model(dir)
            .env("RAYON_NUM_THREADS", "1")
            .arg("--list")
            .arg(list)
            .args(args),
    )
}

/// Run `args` twice, on all threads and on one; both must give the same stdout.
fn run_on_any_thread_count(dir: &Path, list: &Path, args: &[&str]) -> std::process::Output {
    let a = run(dir, list, args);
    let b = run_one_thread(dir, list, args);
    assert_eq!(
        a.stdout, b.stdout,
        "same output of {args:?} on every run and thread count"
    );
    a
}

fn titles(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn topics_cover_every_paper_once_and_are_identical_on_every_run() {
    let (tmp, list) = indexed_workspace();
    let a = run_on_any_thread_count(tmp.path(), &list, &["topics", "--json"]);
    let v = json(&a);
    let topics = v["topics"].as_array().unwrap();
    let k = v["k"].as_u64().unwrap() as usize;
    assert_eq!(topics.len(), k);
    assert!(
        (8..=24).contains(&k),
        "a dozen or two topics for 250 papers, got {k}"
    );
    let mut seen = HashSet::new();
    let others: Vec<&serde_json::Value> = topics.iter().filter(|t| t["other"] == true).collect();
    assert_eq!(others.len(), 1, "one Other group");
    assert_eq!(topics.last().unwrap()["other"], true, "Other comes last");
    let other_size = others[0]["size"].as_u64().unwrap();
    assert!(
        (1..=250 * 15 / 100).contains(&other_size),
        "Other holds at most 15% of the list, got {other_size}"
    );
    assert!(others[0]["label"].as_str().unwrap().starts_with("Other"));
    for t in topics {
        assert!(!t["label"].as_str().unwrap().is_empty());
        if t["other"] == false {
            assert!(t["keywords"].as_array().unwrap().len() >= 3);
        }
        let size = t["size"].as_u64().unwrap() as usize;
        assert_eq!(size, t["papers"].as_array().unwrap().len());
        assert!(
            size <= 250 * 2 / 10,
            "no bin swallows the list: {size} papers in {}",
            t["label"]
        );
        for p in t["papers"].as_array().unwrap() {
            assert!(
                seen.insert(p["id"].as_str().unwrap().to_string()),
                "a paper in two topics"
            );
            assert!(p["score"].is_number() && p["weak"].is_boolean());
        }
    }
    assert_eq!(seen.len(), 250, "every paper gets a topic");
}

#[test]
fn families_share_a_topic_and_forced_k_is_respected() {
    let (tmp, list) = indexed_workspace();
    let v = run_json(tmp.path(), &list, &["topics"]);
    let topic_of = |prefix: &str| topic_with(&v, prefix)["id"].as_u64().unwrap();
    let words = [
        "GloVe:",
        "Enriching Word Vectors",
        "Efficient Estimation of Word Representations",
        "Dependency-Based Word Embeddings",
    ];
    let ids: HashSet<u64> = words.iter().map(|w| topic_of(w)).collect();
    assert_eq!(ids.len(), 1, "word-embedding papers share a topic");
    let bert = ["TinyBERT:", "FastBERT:", "PoWER-BERT:"];
    let ids: HashSet<u64> = bert.iter().map(|w| topic_of(w)).collect();
    assert_eq!(ids.len(), 1, "efficient-BERT papers share a topic");

    let v = run_json(tmp.path(), &list, &["topics", "--k", "12"]);
    let real = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["other"] == false)
        .count();
    assert_eq!(real, 12, "--k 12 gives 12 topics besides Other");
    assert_eq!(v["auto_k"], false);
}

#[test]
fn topics_markdown_has_a_heading_per_topic_and_a_link_line_per_paper() {
    let (tmp, list) = indexed_workspace();
    let out = run(tmp.path(), &list, &["topics", "--markdown"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let k = run_json(tmp.path(), &list, &["topics"])["k"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(text.lines().filter(|l| l.starts_with("## ")).count(), k);
    assert_eq!(text.lines().filter(|l| l.starts_with("- [")).count(), 250);
    assert!(text.contains("- [BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding](https://arxiv.org/pdf/1810.04805.pdf)"));
    assert!(
        text.contains("- [Kosmos-2: Grounding Multimodal Large Language Models to the World]\n")
    );
    // Line 146's link has "에서" pasted after it (`check` reports it); the markdown
    // written for people to paste carries the link that works.
    assert!(text.contains(
        "- [Large Language Models are Zero-Shot Reasoners](https://arxiv.org/pdf/2205.11916.pdf)\n"
    ));
    assert!(!text.contains("%EC%97%90"), "{text}");
}

#[test]
fn plan_markdown_lines_carry_the_papers_dates_and_read_back_as_entries() {
    let (tmp, list) = after_lora_and_qlora();
    let v = run_json(tmp.path(), &list, &["plan", "--weeks", "3"]);
    let md = run(tmp.path(), &list, &["plan", "--weeks", "3", "--markdown"]);
    let md = String::from_utf8(md.stdout).unwrap();
    let lines: Vec<&str> = md.lines().filter(|l| l.starts_with("- [")).collect();
    let papers: Vec<&serde_json::Value> = v["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["papers"].as_array().unwrap())
        .collect();
    assert_eq!(lines.len(), papers.len(), "{md}");
    // Each line's date in the list's own style (the seed list writes `2019/07`; a paper it
    // gives no date is dated by its arXiv id's month, `2023-06` in JSON).
    let in_list_style = |d: &str| d.replace('-', "/");
    let mut dated = 0;
    for (line, p) in lines.iter().zip(&papers) {
        match p["date"].as_str() {
            Some(d) => {
                let d = in_list_style(d);
                assert!(line.starts_with(&format!("- [{d}] [")), "{line} / {p}");
                dated += 1;
            }
            None => assert!(!line.starts_with("- [2"), "{line}"),
        }
    }
    assert!(dated > 0, "the plan's arXiv papers are dated: {md}");
    // Pasted into a list, the lines read back with their dates.
    let pasted = tmp.path().join("pasted.md");
    std::fs::write(&pasted, lines.join("\n") + "\n").unwrap();
    let back = run_json(tmp.path(), &pasted, &["papers"]);
    let back_dates: Vec<Option<&str>> = back["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["date"].as_str())
        .collect();
    let plan_dates: Vec<Option<String>> = papers
        .iter()
        .map(|p| p["date"].as_str().map(in_list_style))
        .collect();
    let back_dates: Vec<Option<String>> = back_dates
        .into_iter()
        .map(|d| d.map(str::to_string))
        .collect();
    assert_eq!(back_dates, plan_dates);
}

#[test]
fn after_lora_and_qlora_suggestions_follow_on_and_differ() {
    let (tmp, list) = after_lora_and_qlora();
    let a = run(tmp.path(), &list, &["suggest", "--json"]);
    let b = run(tmp.path(), &list, &["suggest", "--json"]);
    assert_eq!(a.stdout, b.stdout, "same history, same suggestions");
    let v = json(&a);
    let s = v["suggestions"].as_array().unwrap();
    assert_eq!(s.len(), 3);
    let t = titles(&v, "suggestions");
    assert!(
        t.iter()
            .all(|x| !x.starts_with("LoRA:") && !x.starts_with("QLoRA:")),
        "{t:?}"
    );
    let peft = |x: &String| {
        let l = x.to_lowercase();
        [
            "quantiz",
            "low-rank",
            "lora",
            "prompt tuning",
            "adapter",
            "parameter-efficient",
            "sparse-quantized",
        ]
        .iter()
        .any(|w| l.contains(w))
    };
    assert!(
        t.iter().any(peft),
        "parameter-efficient or quantisation work expected: {t:?}"
    );
    let distinct: HashSet<&str> = t.iter().map(|x| x.split(':').next().unwrap_or(x)).collect();
    assert_eq!(distinct.len(), 3, "not three copies of one thing: {t:?}");
    for x in s {
        let because = x["because"].as_array().unwrap();
        assert!(
            because[0]
                .as_str()
                .unwrap()
                .starts_with("because you read \""),
            "{because:?}"
        );
        assert!(x["follows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f == "2106.09685" || f == "2305.14314"));
        for field in ["id", "title", "url", "score"] {
            assert!(x.get(field).is_some());
        }
    }
    // SpQR is the entry right above QLoRA in the list, and the reason says so.
    let spqr = s
        .iter()
        .find(|x| x["title"].as_str().unwrap().starts_with("SpQR"))
        .expect("SpQR suggested");
    assert_eq!(spqr["because"][1], "next to it in your list", "{spqr}");
    // The same list as JSON lines has no curated order: no such reason.
    let jsonl = tmp.path().join("papers.jsonl");
    let papers = run_json(tmp.path(), &list, &["papers"]);
    let mut lines = String::new();
    for p in papers["papers"].as_array().unwrap() {
        lines.push_str(&format!(
            "{}\n",
            serde_json::json!({"title": p["title"], "url": p["url"]})
        ));
    }
    std::fs::write(&jsonl, lines).unwrap();
    let h = tmp.path().join("h.txt");
    std::fs::write(&h, "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n").unwrap();
    let v = run_json(
        tmp.path(),
        &jsonl,
        &["--history", h.to_str().unwrap(), "suggest"],
    );
    assert_eq!(v["suggestions"].as_array().unwrap().len(), 3, "{v}");
    for x in v["suggestions"].as_array().unwrap() {
        let because = x["because"].as_array().unwrap();
        assert!(
            because
                .iter()
                .all(|b| !b.as_str().unwrap().contains("in your list")),
            "{because:?}"
        );
    }
}

#[test]
fn a_disliked_papers_neighbours_drop() {
    let (tmp, list) = after_lora_and_qlora();
    let base = titles(
        &run_json(
            tmp.path(),
            &list,
            &["suggest", "--count", "8", "--diversity", "0"],
        ),
        "suggestions",
    );
    let disliked = base[0].clone();
    // Its closest neighbour among the other suggestions.
    let rel = run_json(tmp.path(), &list, &["related", &disliked, "-k", "250"]);
    let neighbour = titles(&rel, "results")
        .into_iter()
        .find(|t| base[1..].contains(t))
        .unwrap();
    let before = base.iter().position(|t| *t == neighbour).unwrap();
    let after = titles(
        &run_json(
            tmp.path(),
            &list,
            &[
                "suggest",
                "--count",
                "8",
                "--diversity",
                "0",
                "--dislike",
                &disliked,
            ],
        ),
        "suggestions",
    );
    assert!(!after.contains(&disliked));
    let pos = after
        .iter()
        .position(|t| *t == neighbour)
        .unwrap_or(usize::MAX);
    assert!(
        pos > before,
        "{neighbour:?} was #{before}, now #{pos} after disliking {disliked:?}"
    );
    // One paper liked and disliked at once (by two names) is a mistake, said so.
    let out = readnext_with_model(tmp.path())
        .args(["--list", list.to_str().unwrap()])
        .args(["suggest", "--like", "LoRA", "--dislike"])
        .arg("LoRA: Low-Rank Adaptation of Large Language Models")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is both liked and disliked"), "{err}");
}

#[test]
fn a_plan_longer_than_the_list_says_how_many_weeks_it_fills_with_distinct_titles() {
    let (tmp, list) = indexed_workspace();
    let out = run(tmp.path(), &list, &["plan", "--weeks", "200", "--json"]);
    let v = json(&out);
    let weeks = v["weeks"].as_array().unwrap();
    assert!(weeks.len() > 40 && weeks.len() < 200, "{}", weeks.len());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("fill {} of the 200 weeks", weeks.len())),
        "{err}"
    );
    // Every paper once, every week titled apart (continued weeks are numbered).
    let ids: Vec<&str> = weeks
        .iter()
        .flat_map(|w| w["papers"].as_array().unwrap())
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    let titles: HashSet<&str> = weeks.iter().map(|w| w["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), weeks.len());
}

#[test]
fn cold_start_covers_several_topics() {
    let (tmp, list) = indexed_workspace();
    let v = run_json(tmp.path(), &list, &["suggest", "--count", "4"]);
    assert_eq!(v["cold_start"], true);
    let topics: HashSet<String> = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["topic"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(topics.len(), 4, "one topic each: {topics:?}");
}

#[test]
fn plan_covers_distinct_unread_papers_foundations_first() {
    let (tmp, list) = indexed_workspace();
    run(tmp.path(), &list, &["read", "BERT", "--date", "2026-11-01"]);
    let v = run_json(
        tmp.path(),
        &list,
        &["plan", "--weeks", "4", "--per-week", "3"],
    );
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 4);
    let mut ids = HashSet::new();
    for w in weeks {
        assert!(!w["title"].as_str().unwrap().is_empty());
        let papers = w["papers"].as_array().unwrap();
        assert_eq!(papers.len(), 3);
        // The list's dates (`2018/10`) and arXiv months (`2019-04`) compare as one form.
        let dates: Vec<String> = papers
            .iter()
            .filter_map(|p| p["date"].as_str())
            .map(|d| d.replace('/', "-"))
            .collect();
        assert!(
            dates.windows(2).all(|d| d[0] <= d[1]),
            "earlier papers first: {dates:?}"
        );
        for p in papers {
            // A paper with a new-style arXiv id is dated by it when the list gives no date.
            let id = p["id"].as_str().unwrap();
            if id.len() >= 9
                && id.as_bytes()[4] == b'.'
                && id[..4].bytes().all(|b| b.is_ascii_digit())
            {
                assert!(p["date"].is_string(), "an arXiv paper has a date: {p}");
            }
        }
        for p in papers {
            assert!(
                ids.insert(p["id"].as_str().unwrap().to_string()),
                "a paper twice"
            );
            assert_ne!(p["id"], "1810.04805", "read papers are not planned");
        }
    }
    assert_eq!(ids.len(), 12);
    // The table shows every date in that one form, not the list's `2018/10` beside `2019-04`.
    let table = run(
        tmp.path(),
        &list,
        &["plan", "--weeks", "4", "--per-week", "3"],
    );
    let table = String::from_utf8(table.stdout).unwrap();
    let shown: Vec<&str> = table
        .split_whitespace()
        .filter(|w| w.len() == 7 && w[..4].bytes().all(|b| b.is_ascii_digit()))
        .collect();
    assert!(
        shown.iter().any(|d| d.as_bytes()[4] == b'-'),
        "dates shown: {table}"
    );
    assert!(
        shown.iter().all(|d| d.as_bytes()[4] == b'-'),
        "one style of date: {table}"
    );
}

#[test]
fn a_plan_from_nothing_read_grows_a_week_from_each_cold_start_paper() {
    // With nothing read, week k grows from the k-th paper `suggest` starts with (one of
    // each of the largest topics in turn): the plan had begun with TinyBERT's week and had
    // a week of three LLaMA repositories, and its first six weeks held four topics.
    let (tmp, list) = indexed_workspace();
    let v = run_json(tmp.path(), &list, &["plan", "--weeks", "6"]);
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 6);
    let cold = run_json(tmp.path(), &list, &["suggest", "--count", "6"]);
    let starts = titles(&cold, "suggestions");
    let week_titles = |w: &Value| -> Vec<String> {
        w["papers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap().to_string())
            .collect()
    };
    for (w, start) in weeks.iter().zip(&starts) {
        assert!(
            week_titles(w).contains(start),
            "{start} in {:?}",
            week_titles(w)
        );
    }
    assert!(
        week_titles(&weeks[1])[0].starts_with("BERT:"),
        "BERT opens its week"
    );
    let topics: HashSet<String> = weeks.iter().map(|w| w["topic"].to_string()).collect();
    assert_eq!(topics.len(), 6, "one week for each of six topics");
    // Papers before posts and repositories: of the first four weeks' twelve, the plan had
    // five posts and repositories.
    let posts: Vec<&str> = weeks[..4]
        .iter()
        .flat_map(|w| w["papers"].as_array().unwrap())
        .filter(|p| {
            let url = p["url"].as_str().unwrap_or("");
            !(url.contains("arxiv.org/") || url.contains("doi.org/") || url.ends_with(".pdf"))
        })
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert!(posts.len() <= 1, "{posts:?}");
    // A shorter plan is the longer one's beginning.
    let four = run_json(tmp.path(), &list, &["plan", "--weeks", "4"]);
    assert_eq!(four["weeks"].as_array().unwrap()[..], weeks[..4]);
    // A topic's second week says it continues the first.
    let twelve = run_json(tmp.path(), &list, &["plan", "--weeks", "12"]);
    let more: Vec<&Value> = twelve["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["reason"].as_str().unwrap().starts_with("more of topic"))
        .collect();
    assert!(!more.is_empty(), "{twelve}");
    for w in more {
        let reason = w["reason"].as_str().unwrap();
        let after: usize = reason
            .rsplit("after week ")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let earlier = &twelve["weeks"][after - 1];
        assert_eq!(earlier["topic"], w["topic"], "{reason}");
    }
}

#[test]
fn hand_edited_history_keeps_unknown_lines_and_undo_removes_only_its_paper() {
    let (tmp, list) = indexed_workspace();
    let hist = tmp.path().join("my-history.txt");
    std::fs::write(&hist, "# our reading\n2026-10-01\tAttention Is All You Need\n2026-10-08 A paper we never listed\n2026-10-15\t2106.09685\n").unwrap();
    let h = hist.to_str().unwrap();
    let out = run(tmp.path(), &list, &["--history", h, "history", "--json"]);
    let v = json(&out);
    assert_eq!(v["read"].as_array().unwrap().len(), 2);
    let unknown = v["unknown"].as_array().unwrap();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0]["line"], 3);
    // Suggest reports it on stderr and keeps going.
    let out = run(tmp.path(), &list, &["--history", h, "suggest"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("my-history.txt:3"));
    run(
        tmp.path(),
        &list,
        &["--history", h, "read", "SciBERT", "--date", "2026-11-01"],
    );
    // Read again: recorded, and said so with the earlier date.
    let again = run(
        tmp.path(),
        &list,
        &[
            "--history",
            h,
            "read",
            "Attention Is All You Need",
            "--date",
            "2026-11-02",
        ],
    );
    let note = String::from_utf8_lossy(&again.stderr);
    assert!(note.contains("was already read (2026-10-01)"), "{note}");
    let undo = run_json(
        tmp.path(),
        &list,
        &["--history", h, "read", "--undo", "LoRA"],
    );
    assert_eq!(undo["removed"], 1, "{undo}");
    assert_eq!(undo["undone"][0]["id"], "2106.09685", "{undo}");
    let text = std::fs::read_to_string(&hist).unwrap();
    assert!(
        text.contains("2026-10-08 A paper we never listed"),
        "unknown line kept verbatim"
    );
    assert!(text.contains("Attention Is All You Need") && text.contains("1903.10676"));
    assert!(!text.contains("2106.09685"), "LoRA removed");
    let cov = run_json(tmp.path(), &list, &["--history", h, "coverage"]);
    let read: u64 = cov["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["read"].as_u64().unwrap())
        .sum();
    assert_eq!(read, 2);
    assert_eq!(cov["read"], 2);
}

#[test]
fn a_study_log_kept_in_markdown_is_read_by_its_headings_week_labels_and_yearless_dates() {
    let (tmp, list) = indexed_workspace();
    let hist = tmp.path().join("스터디-기록.md");
    let h = hist.to_str().unwrap();
    // A log as a member keeps it: week headings with the meeting's date, check boxes (the
    // unchecked one was not read), a Korean name, dates without a year that run into the
    // next year, a weekday after a date.
    let log = "# 스터디 기록\n\
               ## 1주차 (2026-11-20)\n\
               - [x] LoRA\n\
               - [ ] SpQR\n\
               - [x] 큐로라\n\
               ## 2주차 2026.11.27 (수)\n\
               - FLAN\n\
               12/30 SciBERT\n\
               1월 6일 (수): Attention Is All You Need\n";
    std::fs::write(&hist, log).unwrap();
    let v = run_json(tmp.path(), &list, &["--history", h, "history"]);
    let read: Vec<(&str, &str, &str)> = v["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["date"].as_str().unwrap(),
                r["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("2106.09685", "2026-11-20", "history:3"),
            ("2305.14314", "2026-11-20", "history:5"),
            ("2109.01652", "2026-11-27", "history:7"),
            ("1903.10676", "2026-12-30", "history:8"),
            ("1706.03762", "2027-01-06", "history:9"),
        ],
        "{v}"
    );
    assert_eq!(v["unknown"].as_array().unwrap().len(), 0, "{v}");
    // SpQR, unchecked, is still to read; suggest counts the five.
    let s = run_json(tmp.path(), &list, &["--history", h, "suggest"]);
    assert_eq!(s["read"], 5, "{s}");
    // Undo takes back the line that names QLoRA in Korean; headings and the rest stay.
    let undo = run_json(
        tmp.path(),
        &list,
        &["--history", h, "read", "--undo", "QLoRA"],
    );
    assert_eq!(undo["removed"], 1, "{undo}");
    let text = std::fs::read_to_string(&hist).unwrap();
    assert_eq!(text, log.replace("- [x] 큐로라\n", ""));
    // The same log as a table of the meetings, read by its header; the row of a meeting
    // not held yet names no paper.
    let table = "| 주차 | 날짜 | 발표자 | 논문 |\n\
                 | --- | --- | --- | --- |\n\
                 | 1 | 2026.11.20 | 민수 | [LoRA](https://arxiv.org/abs/2106.09685), 큐로라 |\n\
                 | 2 | 11/27 (수) | 지현 | FLAN |\n\
                 | 3 | 12/04 | 미정 | |\n";
    std::fs::write(&hist, table).unwrap();
    let v = run_json(tmp.path(), &list, &["--history", h, "history"]);
    let read: Vec<(&str, &str)> = v["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        read,
        [
            ("2106.09685", "2026-11-20"),
            ("2305.14314", "2026-11-20"),
            ("2109.01652", "2026-11-27"),
        ],
        "{v}"
    );
    assert_eq!(v["unknown"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn history_markdown_is_a_log_the_history_reads_back_paper_for_paper() {
    let (tmp, list) = indexed_workspace();
    // Every paper of the list read, by id, on days of the year (every seventh undated), the
    // first one scheduled for a session years away.
    let papers = run_json(tmp.path(), &list, &["papers", "--no-update"]);
    let ids: Vec<&str> = papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 240, "{}", ids.len());
    let history: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| match i % 7 {
            0 if i == 0 => format!("2099-12-31\t{id}\n"),
            0 => format!("{id}\n"),
            _ => format!("2026-{:02}-{:02}\t{id}\n", 1 + i % 12, 1 + i % 28),
        })
        .collect();
    let by_id = tmp.path().join("by-id.txt");
    std::fs::write(&by_id, history).unwrap();
    let read_of = |h: &Path| -> Vec<(String, Option<String>, bool)> {
        let v = run_json(
            tmp.path(),
            &list,
            &["--history", h.to_str().unwrap(), "history"],
        );
        assert_eq!(v["unknown"].as_array().unwrap().len(), 0, "{v}");
        let mut read: Vec<(String, Option<String>, bool)> = v["read"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let date = r["date"].as_str().map(String::from);
                let scheduled = r["scheduled"].as_bool().unwrap();
                (r["id"].as_str().unwrap().to_string(), date, scheduled)
            })
            .collect();
        read.sort();
        read
    };
    let expected = read_of(&by_id);
    assert_eq!(expected.len(), ids.len());
    assert!(expected.contains(&(ids[0].to_string(), Some("2099-12-31".into()), true)));
    for lang in ["en", "ko"] {
        let args = [
            "--history",
            by_id.to_str().unwrap(),
            "history",
            "--markdown",
            "--lang",
            lang,
        ];
        let log = String::from_utf8(run(tmp.path(), &list, &args).stdout).unwrap();
        // 2026-02-02 (the second paper's day) was a Monday.
        let monday = if lang == "ko" {
            "### 2026-02-02 (월)"
        } else {
            "### 2026-02-02 (Mon)"
        };
        assert!(log.contains(&format!("{monday}\n\n- [x] [")), "{log}");
        // The session to come is written open, and planned; it reads back as one.
        let planned = if lang == "ko" {
            "(예정)"
        } else {
            "(scheduled)"
        };
        let to_come = log.split("### 2099-12-31").nth(1).unwrap_or_default();
        assert!(
            to_come.contains("- [ ] [") && to_come.contains(planned),
            "{log}"
        );
        let saved = tmp.path().join(format!("log-{lang}.md"));
        std::fs::write(&saved, &log).unwrap();
        assert_eq!(read_of(&saved), expected, "{log}");
    }
}

#[test]
fn a_plan_or_suggestions_pasted_into_a_history_record_their_papers() {
    let (tmp, list) = after_lora_and_qlora();
    // The plan's markdown, dated from the first meeting, pasted into a log after the
    // meetings: each week's papers read on its day (headings, reasons and the papers' own
    // dates in brackets are no reads).
    let plan_args = ["plan", "--weeks", "3", "--start", "2026-12-09"];
    let weeks = common::week_ids(&run_json(tmp.path(), &list, &plan_args));
    for lang in ["en", "ko"] {
        let md = run(
            tmp.path(),
            &list,
            &[&plan_args[..], &["--markdown", "--lang", lang]].concat(),
        );
        let log = tmp.path().join(format!("plan-{lang}.md"));
        std::fs::write(&log, &md.stdout).unwrap();
        let v = run_json(
            tmp.path(),
            &list,
            &["--history", log.to_str().unwrap(), "history"],
        );
        assert_eq!(v["unknown"].as_array().unwrap().len(), 0, "{v}");
        let mut read: Vec<(String, String)> = v["read"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().into(),
                    r["date"].as_str().unwrap().into(),
                )
            })
            .collect();
        read.sort();
        let mut want: Vec<(String, String)> = weeks
            .iter()
            .zip(["2026-12-09", "2026-12-16", "2026-12-23"])
            .flat_map(|(w, day)| w.iter().map(move |id| (id.clone(), day.to_string())))
            .collect();
        want.sort();
        assert_eq!(read, want, "{}", String::from_utf8_lossy(&md.stdout));
    }
    // `suggest --markdown`, reasons after each paper, pasted under the meeting's date.
    let s = run_json(tmp.path(), &list, &["suggest"]);
    let md = run(
        tmp.path(),
        &list,
        &["suggest", "--markdown", "--lang", "ko"],
    );
    let log = tmp.path().join("suggested.md");
    let text = format!("## 2026-12-09\n{}", String::from_utf8_lossy(&md.stdout));
    std::fs::write(&log, &text).unwrap();
    let v = run_json(
        tmp.path(),
        &list,
        &["--history", log.to_str().unwrap(), "history"],
    );
    assert_eq!(v["unknown"].as_array().unwrap().len(), 0, "{v}");
    let ids: Vec<&str> = v["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["date"], "2026-12-09", "{r}");
            r["id"].as_str().unwrap()
        })
        .collect();
    let suggested: Vec<&str> = s["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, suggested, "{text}");
}

#[test]
fn a_history_saved_on_windows_is_read_written_back_as_it_was_and_undone_by_any_name() {
    let (tmp, list) = indexed_workspace();
    let hist = tmp.path().join("기록.txt");
    let h = hist.to_str().unwrap();
    // Notepad's "Unicode": UTF-16 with its mark, CRLF line ends; a Korean name and a
    // comment after a reference, as a member writes them.
    let text = "2026-11-20 LoRA # 첫 모임\r\n2026-11-27\t큐로라\r\n";
    let utf16 = |t: &str| -> Vec<u8> {
        std::iter::once(0xFEFFu16)
            .chain(t.encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect()
    };
    std::fs::write(&hist, utf16(text)).unwrap();
    let v = run_json(tmp.path(), &list, &["--history", h, "history"]);
    let read: Vec<&str> = v["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(read, ["2106.09685", "2305.14314"], "{v}");
    run(
        tmp.path(),
        &list,
        &["--history", h, "read", "BERT", "--date", "2026-12-04"],
    );
    let bert = "2026-12-04\t1810.04805\tBERT: Pre-training of Deep Bidirectional Transformers for Language Understanding\r\n";
    assert_eq!(
        std::fs::read(&hist).unwrap(),
        utf16(&format!("{text}{bert}"))
    );
    // Both lines are taken back: the one with a comment and the one in Korean (neither
    // was found by `--undo` before).
    let undo = run_json(
        tmp.path(),
        &list,
        &["--history", h, "read", "--undo", "QLoRA", "LoRA"],
    );
    assert_eq!(undo["removed"], 2, "{undo}");
    assert_eq!(std::fs::read(&hist).unwrap(), utf16(bert));

    // Notepad's "ANSI" on Korean Windows (EUC-KR): read, with a warning; `read` refuses
    // to write to it and leaves it as it was.
    let (euc_kr, _, _) = encoding_rs::EUC_KR.encode(text);
    std::fs::write(&hist, &euc_kr).unwrap();
    let out = run(tmp.path(), &list, &["--history", h, "history", "--json"]);
    assert_eq!(json(&out)["read"].as_array().unwrap().len(), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning") && err.contains("EUC-KR"), "{err}");
    let err = common::fails(tmp.path(), &list, &["--history", h, "read", "BERT"]);
    assert!(err.contains("save the history as UTF-8"), "{err}");
    assert_eq!(std::fs::read(&hist).unwrap(), euc_kr.as_ref());
}

#[test]
fn a_plan_given_the_first_meeting_dates_its_weeks_a_week_apart() {
    let (tmp, list) = after_lora_and_qlora();
    let args = ["plan", "--weeks", "3", "--start", "2026.12.24"];
    let md = run(
        tmp.path(),
        &list,
        &[&args[..], &["--markdown", "--lang", "ko"]].concat(),
    );
    let headings: Vec<String> = String::from_utf8_lossy(&md.stdout)
        .lines()
        .filter(|l| l.starts_with("### "))
        .map(|l| l.split(": ").next().unwrap().to_string())
        .collect();
    assert_eq!(
        headings,
        [
            "### 1주차 (2026-12-24)",
            "### 2주차 (2026-12-31)",
            "### 3주차 (2027-01-07)"
        ]
    );
    // The same weeks as without a start: dating changes no paper.
    let dated = run_json(tmp.path(), &list, &args);
    let plain = run_json(tmp.path(), &list, &["plan", "--weeks", "3"]);
    assert_eq!(common::week_ids(&dated), common::week_ids(&plain));
    assert!(plain["weeks"][0].get("session").is_none(), "{plain}");
    let table = String::from_utf8_lossy(&run(tmp.path(), &list, &args).stdout).to_string();
    assert!(
        table.starts_with("week  meets") && table.contains("2027-01-07"),
        "{table}"
    );
    // A day that is none is refused, naming it.
    let err = common::fails(tmp.path(), &list, &["plan", "--start", "2026-02-30"]);
    assert!(err.contains("\"2026-02-30\" is not a day"), "{err}");
}

/// Today (UTC) in days since 1970, as readnext reads the clock.
fn today_days() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (secs / 86_400) as i64
}

#[test]
fn a_day_without_its_year_or_named_by_its_weekday_is_placed_by_today() {
    use readnext::corpus::date::{day_of_unix_days, unix_days_of_day};
    let (tmp, list) = indexed_workspace();
    let hist = tmp.path().join("h.txt");
    let h = hist.to_str().unwrap();
    // A day read: the latest 20 November up to today.
    let v = run_json(
        tmp.path(),
        &list,
        &["--history", h, "read", "LoRA", "--date", "11/20"],
    );
    let read = v["date"].as_str().unwrap();
    let days = unix_days_of_day(read).unwrap();
    let today = today_days();
    assert!(
        read.ends_with("-11-20") && days <= today && today - days < 366,
        "{v}"
    );
    let v = run_json(
        tmp.path(),
        &list,
        &["--history", h, "read", "QLoRA", "--date", "11월 20일"],
    );
    assert_eq!(v["date"], read, "{v}");
    // As English notes write it: the same day; with its year, that day.
    for nov20 in ["Nov 20", "20 November"] {
        let v = run_json(
            tmp.path(),
            &list,
            &["--history", h, "read", "SpQR", "--date", nov20],
        );
        assert_eq!(v["date"], read, "{v}");
    }
    let v = run_json(
        tmp.path(),
        &list,
        &["--history", h, "read", "SpQR", "--date", "Nov 20, 2025"],
    );
    assert_eq!(v["date"], "2025-11-20", "{v}");
    // A day read named by its weekday is the latest such day up to today; `어제` is
    // yesterday; a day to come is no day read.
    for wed in ["수", "wednesday"] {
        let v = run_json(
            tmp.path(),
            &list,
            &["--history", h, "read", "FLAN", "--date", wed],
        );
        let days = unix_days_of_day(v["date"].as_str().unwrap()).unwrap();
        assert!((0..7).contains(&(today - days)), "{v}");
        assert_eq!((days + 3).rem_euclid(7), 2, "{v}: no Wednesday");
    }
    for yesterday in ["어제", "yesterday"] {
        let v = run_json(
            tmp.path(),
            &list,
            &["--history", h, "read", "BERT", "--date", yesterday],
        );
        assert_eq!(
            v["date"].as_str(),
            Some(day_of_unix_days(today - 1).as_str())
        );
    }
    let err = common::fails(
        tmp.path(),
        &list,
        &["--history", h, "read", "BERT", "--date", "내일"],
    );
    assert!(err.contains("\"내일\" is not a date like"), "{err}");
    // The day the group meets: the next Wednesday from today on (수 = Wednesday).
    for wed in ["수", "수요일", "Wed"] {
        let v = run_json(tmp.path(), &list, &["plan", "--weeks", "2", "--start", wed]);
        let first = v["weeks"][0]["session"].as_str().unwrap();
        let days = unix_days_of_day(first).unwrap();
        assert!((0..7).contains(&(days - today)), "{v}");
        assert_eq!((days + 3).rem_euclid(7), 2, "{first} is no Wednesday");
        assert_eq!(
            v["weeks"][1]["session"].as_str(),
            Some(day_of_unix_days(days + 7).as_str())
        );
    }
    let err = common::fails(tmp.path(), &list, &["plan", "--start", "wedding"]);
    assert!(err.contains("\"wedding\" is not a day"), "{err}");
}

#[test]
fn a_plan_from_the_next_meeting_day_starts_after_the_sessions_the_log_has_scheduled() {
    use readnext::corpus::date::{day_of_unix_days, unix_days_of_day};
    let (tmp, list) = indexed_workspace();
    // The next Wednesday from today on (today if it is one) already has its paper.
    let today = today_days();
    let wed = today + (2 - (today + 3)).rem_euclid(7);
    let (wed_day, next_wed) = (day_of_unix_days(wed), day_of_unix_days(wed + 7));
    let log = tmp.path().join("log.md");
    std::fs::write(
        &log,
        format!(
            "# 스터디 기록\n\n## {} (수)\n- LoRA\n\n## {wed_day} (수)\n- FLAN\n",
            day_of_unix_days(wed - 7)
        ),
    )
    .unwrap();
    let h = log.to_str().unwrap();
    // The plan after the log from `start`, and its stderr.
    let plan = |weeks: &str, start: &str| {
        let args = ["--history", h, "plan", "--weeks", weeks, "--start", start];
        let out = run(tmp.path(), &list, &[&args[..], &["--json"]].concat());
        (
            json(&out),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (v, stderr) = plan("2", "수");
    assert_eq!(
        v["weeks"][0]["session"].as_str(),
        Some(next_wed.as_str()),
        "{v}"
    );
    assert_eq!(
        v["weeks"][1]["session"].as_str(),
        Some(day_of_unix_days(wed + 14).as_str())
    );
    assert!(
        stderr.contains(&format!("already has a session on {wed_day} (\"FLAN:"))
            && stderr.contains(&format!("week 1 meets on {next_wed}")),
        "{stderr}"
    );
    // A week or a suggestion that follows from FLAN says it is scheduled (unless today is
    // its day), never that it was read.
    let sug = run_json(tmp.path(), &list, &["--history", h, "suggest"]);
    let because: Vec<&str> = sug["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["because"].as_array().unwrap())
        .map(|b| b.as_str().unwrap())
        .chain(
            v["weeks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w["reason"].as_str().unwrap()),
        )
        .filter(|b| b.contains("\"FLAN:"))
        .collect();
    let count = |what: &dyn Fn(&str) -> bool| because.iter().filter(|b| what(b)).count();
    let read = count(&|b| b.contains("you read \"FLAN:") || b.ends_with("(you read)"));
    let scheduled = count(&|b| b.contains("scheduled"));
    if wed > today {
        assert!(read == 0 && scheduled > 0, "{because:?}");
    } else {
        assert!(read > 0 && scheduled == 0, "{because:?}");
    }
    // FLAN, read on its session, is planned for no week.
    assert!(
        !common::week_ids(&v)
            .concat()
            .contains(&"2109.01652".to_string()),
        "{v}"
    );
    // A day named outright is kept, and the note says so.
    let (v, stderr) = plan("1", &wed_day);
    assert_eq!(
        v["weeks"][0]["session"].as_str(),
        Some(wed_day.as_str()),
        "{v}"
    );
    assert!(
        stderr.contains(&format!("week 1 is dated {wed_day} as asked")),
        "{stderr}"
    );
    // Without a session on or after it, a weekday start is the next such day.
    let v = run_json(
        tmp.path(),
        &list,
        &["plan", "--weeks", "1", "--start", "수"],
    );
    let first = unix_days_of_day(v["weeks"][0]["session"].as_str().unwrap()).unwrap();
    assert_eq!(first, wed, "{v}");
}

#[test]
fn checked_items_in_the_list_count_as_read() {
    let (tmp, list) = indexed_workspace();
    let text = std::fs::read_to_string(&list).unwrap();
    let text = text.replacen(
        "- [LoRA: Low-Rank Adaptation",
        "- [x] [LoRA: Low-Rank Adaptation",
        1,
    );
    std::fs::write(&list, text).unwrap();
    let v = run_json(tmp.path(), &list, &["history"]);
    let read = v["read"].as_array().unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0]["id"], "2106.09685");
    assert_eq!(read[0]["source"], "list:203");
    let s = titles(&run_json(tmp.path(), &list, &["suggest"]), "suggestions");
    assert!(s.iter().all(|t| !t.starts_with("LoRA:")));
}

#[test]
fn a_lists_items_that_open_with_their_meeting_are_read_that_day_and_titled_without_it() {
    let (tmp, list) = indexed_workspace();
    let text = std::fs::read_to_string(&list).unwrap();
    let count = run_json(tmp.path(), &list, &["papers"])["count"].clone();
    // The group's log at the end of its list, as members write one: the date first, then
    // who presented or `발표`, then the paper, linked or not, or the meeting after the
    // paper; a session to come; and a
    // section of new papers dated by the day they came out, which were not read.
    let text = format!(
        "{text}\n## 진행 기록\n\n\
         - 11/20 발표: [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) (민수)\n\
         - 2026-11-27 (금) 지현: QLoRA: Efficient Finetuning of Quantized LLMs\n\
         - 2026-12-04: [SpQR](https://arxiv.org/abs/2306.03078)\n\
         - 2999-12-03 민수: [FLAN](https://arxiv.org/abs/2109.01652)\n\
         - [GLaM](https://arxiv.org/abs/2112.06905) (2026-11-13 발표)\n\n\
         ## 새 논문\n\n\
         - 2026-12-01: [Toolformer](https://arxiv.org/abs/2302.04761)\n"
    );
    std::fs::write(&list, text).unwrap();
    let papers = run_json(tmp.path(), &list, &["papers"]);
    // Every item is a paper the list already has, under its own title.
    assert_eq!(papers["count"], count, "{papers}");
    let qlora = papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "2305.14314")
        .unwrap();
    assert_eq!(
        qlora["title"], "QLoRA: Efficient Finetuning of Quantized LLMs",
        "{qlora}"
    );
    let v = run_json(tmp.path(), &list, &["history"]);
    let mut read: Vec<(&str, &str)> = v["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["date"].as_str().unwrap_or("-")))
        .collect();
    read.sort();
    assert_eq!(
        read,
        [
            ("2106.09685", "2026-11-20"),
            ("2109.01652", "2999-12-03"),
            ("2112.06905", "2026-11-13"),
            ("2305.14314", "2026-11-27"),
            ("2306.03078", "2026-12-04"),
        ],
        "{v}"
    );
    let table = String::from_utf8(run(tmp.path(), &list, &["history"]).stdout).unwrap();
    assert!(table.contains("2999-12-03 (scheduled)"), "{table}");
    let head = String::from_utf8(run(tmp.path(), &list, &["suggest"]).stdout).unwrap();
    assert!(
        head.contains("after 4 read papers and 1 scheduled"),
        "{head}"
    );
}

#[test]
fn a_list_marked_by_hand_says_what_was_read_and_its_titles_keep_no_marks() {
    let (tmp, list) = indexed_workspace();
    let text = std::fs::read_to_string(&list).unwrap();
    // As a member marks the list: a note after the link, a check mark, a line struck
    // through, one struck through but postponed, a star.
    let text = text
        .replacen(
            "(https://arxiv.org/abs/2305.14314)\n",
            "(https://arxiv.org/abs/2305.14314) (다 읽음)\n",
            1,
        )
        .replacen(
            "(https://arxiv.org/abs/2306.03078)\n",
            "(https://arxiv.org/abs/2306.03078) ✅\n",
            1,
        )
        .replacen(
            "- [FLAN: Finetuned Language Models Are Zero-Shot Learners](https://arxiv.org/abs/2109.01652.pdf)",
            "- ~~[FLAN: Finetuned Language Models Are Zero-Shot Learners](https://arxiv.org/abs/2109.01652.pdf)~~",
            1,
        )
        .replacen(
            "- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/pdf/2106.09685.pdf)",
            "- ~~[LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/pdf/2106.09685.pdf)~~ (다음 주로 연기) ⭐️",
            1,
        )
        // A status before the paper: done, and struck through but cancelled.
        .replacen(
            "- [GLaM: Efficient",
            "- 완료: [GLaM: Efficient",
            1,
        )
        .replacen(
            "- [Flamingo: a Visual Language Model for Few-Shot Learning](https://arxiv.org/abs/2204.14198)",
            "- ~~취소: [Flamingo: a Visual Language Model for Few-Shot Learning](https://arxiv.org/abs/2204.14198)~~",
            1,
        );
    // A section of papers read at the end, as a list kept as "to read" and "read" has, and
    // a meeting's heading in it.
    let text = format!(
        "{text}\n## ✅ 읽은 논문\n\n- [Toolformer](https://arxiv.org/abs/2302.04761)\n\n\
         ### 1주차 (2026-11-20)\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n\n\
         ### 99주차 (2999-12-03)\n\n- [ELMo](https://arxiv.org/abs/1802.05365)\n"
    );
    std::fs::write(&list, text).unwrap();
    let v = run_json(tmp.path(), &list, &["history"]);
    let read: HashSet<&str> = v["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        read,
        HashSet::from([
            "2305.14314",
            "2306.03078",
            "2109.01652",
            "2112.06905",
            "2302.04761",
            "1706.03762",
            "1802.05365"
        ]),
        "{v}"
    );
    let papers = run_json(tmp.path(), &list, &["papers"]);
    let title_of = |id: &str| {
        papers["papers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .map(|p| p["title"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(
        title_of("2305.14314"),
        "QLoRA: Efficient Finetuning of Quantized LLMs"
    );
    // The meeting's heading dates its paper.
    let attention = v["read"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "1706.03762")
        .unwrap();
    assert_eq!(attention["date"], "2026-11-20", "{v}");
    // A meeting to come is scheduled, and `history` says so.
    let table = String::from_utf8(run(tmp.path(), &list, &["history"]).stdout).unwrap();
    assert!(table.contains("2999-12-03 (scheduled)"), "{table}");
    assert!(!table.contains("2026-11-20 (scheduled)"), "{table}");
    let table =
        String::from_utf8(run(tmp.path(), &list, &["history", "--lang", "ko"]).stdout).unwrap();
    assert!(table.contains("2999-12-03 (예정)"), "{table}");
    // Undoing a paper the list marks says where the mark is, and changes nothing.
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["read", "--undo", "QLoRA"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is marked read in the list itself (papers.md:126)"),
        "{err}"
    );
    assert_eq!(
        title_of("2106.09685"),
        "LoRA: Low-Rank Adaptation of Large Language Models"
    );
    // A hand-kept log reads the same marks: struck or checked is read, postponed is not.
    let hist = tmp.path().join("log.md");
    std::fs::write(
        &hist,
        "## 2026-11-20\n- ~~LoRA~~\n- BERT ✅\n- ~~ELMo~~ (연기)\n- Toolformer (to read)\n\
         - 발표 완료: Llama 2\n- 취소: Flamingo\n",
    )
    .unwrap();
    let v = run_json(
        tmp.path(),
        &list,
        &["--history", hist.to_str().unwrap(), "history"],
    );
    let logged: Vec<&str> = v["read"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["source"].as_str().unwrap().starts_with("history"))
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(logged.len(), 3, "{v}");
    assert!(
        logged[0].starts_with("LoRA:")
            && logged[1].starts_with("BERT:")
            && logged[2].starts_with("Llama 2:"),
        "{v}"
    );
    assert!(v["unknown"].as_array().is_none_or(|u| u.is_empty()), "{v}");
}

/// Ids of the papers in the list's "Other" group.
fn other_ids(dir: &Path, list: &Path) -> HashSet<String> {
    let v = run_json(dir, list, &["topics"]);
    v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["other"] == true)
        .flat_map(|t| t["papers"].as_array().unwrap().iter())
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cold_start_takes_central_papers_never_other_with_a_real_score() {
    let (tmp, list) = indexed_workspace();
    let other = other_ids(tmp.path(), &list);
    assert!(!other.is_empty());
    let v = run_json(tmp.path(), &list, &["suggest"]);
    assert_eq!(v["cold_start"], true);
    let s = v["suggestions"].as_array().unwrap();
    assert_eq!(s.len(), 3);
    for x in s {
        assert!(
            !other.contains(x["id"].as_str().unwrap()),
            "a cold start from Other: {}",
            x["title"]
        );
        let score = x["score"].as_f64().unwrap();
        assert!(score > 0.05, "a meaningful score, got {score}");
        assert!(x["because"][0]
            .as_str()
            .unwrap()
            .contains("central paper of topic"));
    }
    // A family's root comes before the papers named after it: the LLaMA and BERT topics
    // start with LLaMA and BERT (*Goat: Fine-tuned LLaMA …* and *Distilling … from BERT*
    // came first by date), and say why.
    let titles = titles(&v, "suggestions");
    for root in [
        "LLaMA: Open and Efficient Foundation Language Models",
        "BERT: Pre-training of Deep Bidirectional Transformers",
    ] {
        let i = titles
            .iter()
            .position(|t| t.starts_with(root))
            .unwrap_or_else(|| panic!("{root} not in the cold start: {titles:?}"));
        let because = s[i]["because"][1].as_str().unwrap();
        assert!(
            because.ends_with("papers of the topic are named after it (llama)")
                || because.ends_with("papers of the topic are named after it (bert)"),
            "{because}"
        );
    }
}

#[test]
fn a_history_named_but_missing_is_said_and_answered_as_a_cold_start() {
    let (tmp, list) = indexed_workspace();
    let missing = tmp.path().join("histroy.tsv");
    let out = run(
        tmp.path(),
        &list,
        &["--history", missing.to_str().unwrap(), "suggest", "--json"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no history file at") && stderr.contains("histroy.tsv"),
        "{stderr}"
    );
    assert_eq!(json(&out)["cold_start"], true);
    assert!(!missing.exists(), "answering never writes the history");
    // The default history (none given) is simply empty: no note.
    let out = run(tmp.path(), &list, &["suggest", "--json"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("no history file"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn plan_like_follows_the_papers_liked_and_plans_none_liked_or_disliked() {
    let (tmp, list) = indexed_workspace();
    // Nothing read, QLoRA liked: a plan that follows from it, not the cold start's.
    let args = [
        "plan",
        "--like",
        "QLoRA",
        "--dislike",
        "LLM-Blender",
        "--weeks",
        "3",
    ];
    let v = run_json(tmp.path(), &list, &args);
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 3, "{v}");
    assert_eq!(
        weeks[0]["reason"],
        "follows from \"QLoRA: Efficient Finetuning of Quantized LLMs\" (you liked)",
        "{v}"
    );
    for w in weeks {
        assert_eq!(w["follows"], serde_json::json!(["2305.14314"]), "{w}");
        assert!(
            w["reason"].as_str().unwrap().ends_with("(you liked)"),
            "{w}"
        );
        for p in w["papers"].as_array().unwrap() {
            assert!(
                p["id"] != "2305.14314" && p["id"] != "2306.02561",
                "a liked or disliked paper planned: {w}"
            );
        }
    }
    let cold = run_json(tmp.path(), &list, &["plan", "--weeks", "3"]);
    assert!(
        cold["weeks"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("a starting point"),
        "{cold}"
    );
    // Said in Korean; one paper both liked and disliked is refused.
    let out = run(
        tmp.path(),
        &list,
        &[
            "plan",
            "--like",
            "QLoRA",
            "--weeks",
            "1",
            "--markdown",
            "--lang",
            "ko",
        ],
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("_좋아한 논문 \"QLoRA: "), "{md}");
    let err = common::fails(
        tmp.path(),
        &list,
        &["plan", "--like", "QLoRA", "--dislike", "2305.14314"],
    );
    assert!(err.contains("is both liked and disliked"), "{err}");
}

#[test]
fn plan_weeks_hold_together_follow_from_the_history_and_skip_other() {
    let (tmp, list) = after_lora_and_qlora();
    let other = other_ids(tmp.path(), &list);
    let a = run_on_any_thread_count(tmp.path(), &list, &["plan", "--weeks", "6", "--json"]);
    let v = json(&a);
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 6);
    // The relatedness graph's neighbours of the papers read are `related`'s first 10.
    let neighbours: HashSet<String> = ["LoRA", "QLoRA"]
        .iter()
        .flat_map(|p| {
            let r = run_json(tmp.path(), &list, &["related", p, "-k", "10"]);
            r["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut coherent = 0;
    let mut explores = 0;
    for w in weeks {
        let coherence = w["coherence"].as_f64().unwrap();
        coherent += usize::from(coherence > 0.3);
        let reason = w["reason"].as_str().unwrap();
        // A week follows from a paper read when the graph joins them (one of its
        // papers is among that paper's neighbours); else it says it takes up another
        // subject, and which paper read is nearest.
        let linked = w["papers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| neighbours.contains(p["id"].as_str().unwrap()));
        assert_eq!(w["linked"].as_bool(), Some(linked), "{w}");
        if linked {
            assert!(reason.starts_with("follows from \""), "{reason}");
        } else {
            explores += 1;
            assert!(
                reason.starts_with("another subject of your list, nearest to \""),
                "{reason}"
            );
            assert!(reason.contains("LoRA"), "{reason}");
        }
        assert_eq!(w["follows"].as_array().unwrap().len(), 1);
        for p in w["papers"].as_array().unwrap() {
            assert!(
                !other.contains(p["id"].as_str().unwrap()),
                "Other in a plan week"
            );
        }
    }
    assert!(coherent >= 5, "weeks are tight groups: {weeks:?}");
    // Measured: the LLaMA week (3) and a week of Google's posts (5) hold none of LoRA's
    // or QLoRA's ten nearest papers; they explore.
    assert!((1..=4).contains(&explores), "{weeks:?}");
    assert_eq!(weeks[0]["linked"], true, "week 1 follows the history");
    // No two weeks share a title (weeks 3 and 6 were both "llama").
    let mut titles: Vec<&str> = weeks.iter().map(|w| w["title"].as_str().unwrap()).collect();
    titles.sort_unstable();
    titles.dedup();
    assert_eq!(titles.len(), weeks.len(), "{weeks:?}");
    // The first week follows from one of the two papers read, and is about their
    // subject: it holds *Full Parameter Fine-tuning for Large Language Models with
    // Limited Resources*, the hand label's third paper (zero-shot prompting came first
    // when coherence outweighed relevance).
    let first = weeks[0]["reason"].as_str().unwrap();
    assert!(first.contains("LoRA"), "{first}");
    let titles: Vec<&str> = weeks[0]["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Full Parameter Fine-tuning")),
        "week 1: {titles:?}"
    );
}

#[test]
fn eval_topics_scores_the_dev_labels_above_plain_kmeans() {
    let Some(labels) = common::shared("eval/topics-dev.tsv") else {
        eprintln!("skipped: ../shared/eval/topics-dev.tsv is not here");
        return;
    };
    let (tmp, list) = indexed_workspace();
    let v = run_json(
        tmp.path(),
        &list,
        &["eval-topics", "--labels", labels.to_str().unwrap()],
    );
    assert_eq!(v["labelled"], 130);
    assert_eq!(
        v["unmatched"],
        serde_json::json!([]),
        "every labelled title is a paper"
    );
    let ours = v["readnext"]["ami"].as_f64().unwrap();
    let plain = v["plain_kmeans"]["ami"].as_f64().unwrap();
    let plain18 = v["plain_kmeans_label_k"]["ami"].as_f64().unwrap();
    assert!(
        ours > plain + 0.05 && ours > plain18 + 0.05,
        "graph topics AMI {ours:.3} vs k-means {plain:.3} / {plain18:.3}"
    );
    // The same over the list and its five prefixes (one clustering's AMI moves by a few
    // hundredths with one paper's edges): measured 0.350 (0.316–0.383).
    let pre = &v["readnext_prefixes"];
    assert_eq!(pre["ami"].as_array().unwrap().len(), 6, "{pre}");
    let mean = pre["ami_mean"].as_f64().unwrap();
    assert!(mean > plain + 0.05 && mean > plain18 + 0.05, "{pre}");
    let kept = v["stability"]["kept"].as_f64().unwrap();
    assert!(kept > 0.8, "stability {kept}");
    assert_eq!(v["plan"]["weeks"], 6);
    // The finer measures: a plan per label (far more pairs than the one history gives)
    // and stability over five appends.
    let h = &v["plan_label_histories"];
    assert_eq!(h["histories"], 18, "{h}");
    assert!(h["pairs"].as_u64().unwrap() > 40, "{h}");
    // Weeks that follow the history by the dense cosine, grown and chosen with the
    // list's order, hold one subject: measured 0.61 (43 of 70; 0.51 without the list's
    // order, 0.25 when the history was followed by the hybrid score; docs/topics.md
    // and docs/suggestions.md).
    let share = h["same_label_share"].as_f64().unwrap();
    assert!(
        share >= 0.5,
        "plan weeks share a hand label in {share} of pairs"
    );
    // The same over every two papers of a label in turn: measured 0.54 of 241 pairs
    // (0.48 without the list's order).
    let pairs = &v["plan_pair_histories"];
    assert_eq!(pairs["histories"], 61, "{pairs}");
    assert!(
        pairs["same_label_share"].as_f64().unwrap() >= 0.45,
        "{pairs}"
    );
    assert_eq!(v["suggest_pair_histories"]["histories"], 61);
    // Week 1 follows the history: measured 9 of its 22 labelled papers with the
    // history's label (4 of 20 when week 1 was chosen as the later weeks are;
    // `suggest`: 10 of 27).
    assert!(h["first_week_labelled"].as_u64().unwrap() >= 10, "{h}");
    assert!(h["first_week_share"].as_f64().unwrap() >= 0.3, "{h}");
    // `suggest` (3 papers) after the same histories: measured 10 of 23 labelled
    // suggestions with the history's label with the list's order (10 of 28 without it,
    // 9 before acronym plurals, 6 of 26 by the dense cosine).
    // The map: topics are regions, and papers land nearer to papers of their hand label
    // than on PCA (measured 0.965 and 0.280; PCA 0.251 and 0.118).
    let m = &v["map"];
    let f = |k: &str| m[k].as_f64().unwrap();
    assert!(
        f("topic_share") >= 0.85 && f("topic_share") > 2.0 * f("pca_topic_share"),
        "{m}"
    );
    assert!(f("label_share") > f("pca_label_share") + 0.05, "{m}");
    let s = &v["suggest_label_histories"];
    assert_eq!(s["suggested"], 54, "{s}");
    assert!(s["same_label"].as_u64().unwrap() >= 7, "{s}");
    assert_eq!(v["stability"]["kept_windows"].as_array().unwrap().len(), 5);
    // Issue 12 asks that at least 90 % keep their topic (measured: 93.0 %; 91.5 % before the final clustering kept the best of 10 visiting orders).
    let mean = v["stability"]["kept_mean"].as_f64().unwrap();
    assert!(mean >= 0.9, "mean stability {mean}");
}

#[test]
fn a_list_too_small_for_topics_still_gets_a_cold_start_and_a_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("tiny.md");
    std::fs::write(
        &list,
        "- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)\n\
         - [GloVe: Global Vectors for Word Representation](https://aclanthology.org/D14-1162/)\n\
         - [Drug Design on Quantum Computers](https://arxiv.org/abs/2301.04114)\n\
         - [A Path Towards Autonomous Machine Intelligence](https://openreview.net/forum?id=BZ5a1r-kVsf)\n",
    )
    .unwrap();
    let v = run_json(tmp.path(), &list, &["suggest", "--count", "2"]);
    assert_eq!(v["suggestions"].as_array().unwrap().len(), 2, "{v}");
    // Four unrelated papers make no topic: the reason says so, not "a central paper of
    // topic 1: Other …".
    for s in v["suggestions"].as_array().unwrap() {
        assert_eq!(
            s["because"][0],
            "the list has no topic yet (too few related papers): among its most central papers",
            "{v}"
        );
    }
    let p = run_json(
        tmp.path(),
        &list,
        &["plan", "--weeks", "1", "--per-week", "2"],
    );
    assert_eq!(p["weeks"][0]["papers"].as_array().unwrap().len(), 2, "{p}");
}

#[test]
fn related_on_a_list_of_one_paper_says_there_is_nothing_to_rank() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("one.md");
    std::fs::write(
        &list,
        "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n",
    )
    .unwrap();
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["related", "Attention"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "nothing found exits 1");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with("no other paper in the list to rank\n") && !text.contains("rank  score"),
        "{text}"
    );
}

#[test]
fn a_handful_of_bare_titles_is_a_list_and_its_topic_has_a_name() {
    // A first list as people write it: bullets of bare titles, one with a bare arXiv
    // link, one grouping the rest. Every title is a paper; a topic that no term of two
    // members names is named after its most central paper, never blank.
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("mine.md");
    std::fs::write(
        &list,
        "# To read\n\n- [ ] Attention Is All You Need\n- BERT https://arxiv.org/abs/1810.04805\n\
         - Vision\n  - An Image is Worth 16x16 Words\n",
    )
    .unwrap();
    let papers = run_json(tmp.path(), &list, &["papers"]);
    let titles: Vec<&str> = papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Attention Is All You Need",
            "BERT",
            "An Image is Worth 16x16 Words"
        ]
    );
    assert_eq!(papers["papers"][1]["id"], "1810.04805");
    let topics = run_json(tmp.path(), &list, &["topics"]);
    for t in topics["topics"].as_array().unwrap() {
        let label = t["label"].as_str().unwrap();
        assert!(!label.is_empty(), "{topics}");
        if t["keywords"].as_array().unwrap().is_empty() && t["other"] != true {
            assert_eq!(
                label,
                format!("around \"{}\"", t["central"].as_str().unwrap())
            );
        }
    }
    let out = run(tmp.path(), &list, &["suggest"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains(": ;"), "{text}");
}

#[test]
fn the_relatedness_graph_is_cached_with_the_index_and_rebuilt_identically() {
    let (tmp, list) = indexed_workspace();
    let gen = live_generation(&tmp.path().join(".readnext/papers.md"));
    let cache = gen.join("cache-relatedness.bin");
    let built_by_index = std::fs::read(&cache).expect("`index` caches the relatedness graph");
    let from_cache = run(tmp.path(), &list, &["topics", "--json"]).stdout;

    // Rebuilt on one thread when missing: the same bytes, the same topics.
    std::fs::remove_file(&cache).unwrap();
    let rebuilt = run_one_thread(tmp.path(), &list, &["topics", "--json"]);
    assert_eq!(
        rebuilt.stdout, from_cache,
        "topics do not depend on the cache"
    );
    assert_eq!(
        std::fs::read(&cache).unwrap(),
        built_by_index,
        "the graph is the same on one thread as on all"
    );

    // A damaged cache is ignored and replaced.
    let mut bytes = built_by_index.clone();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&cache, &bytes).unwrap();
    let after = run(tmp.path(), &list, &["topics", "--json"]).stdout;
    assert_eq!(after, from_cache);
    assert_eq!(std::fs::read(&cache).unwrap(), built_by_index);

    // A changed list gets a new generation, and the old cache is not read for it.
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(
        &list,
        format!("{text}\n- [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)\n"),
    )
    .unwrap();
    let v = run_json(tmp.path(), &list, &["topics"]);
    let papers: usize = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["size"].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(papers, 251, "the new paper has a topic");
}

#[test]
fn topic_labels_are_phrases_of_the_members() {
    let (tmp, list) = indexed_workspace();
    let v = run_json(tmp.path(), &list, &["topics"]);
    let labels: Vec<String> = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap().to_string())
        .collect();
    // The subjects a member of the group would name (measured labels in docs/topics.md).
    for phrase in [
        "instruction tuning",
        "knowledge distillation",
        "word embeddings",
    ] {
        assert!(
            labels.iter().any(|l| l.contains(phrase)),
            "{phrase:?} in no label: {labels:?}"
        );
    }
    // Three distinct phrases a topic, none repeating another's words entirely.
    for l in labels.iter().filter(|l| !l.starts_with("Other")) {
        let parts: Vec<&str> = l.split(", ").collect();
        assert!(parts.len() <= 3, "{l}");
        let mut seen = std::collections::HashSet::new();
        assert!(parts.iter().all(|p| seen.insert(*p)), "{l}");
    }
}

/// The live generation folder of the index folder `index`.
fn live_generation(index: &Path) -> std::path::PathBuf {
    index.join(
        std::fs::read_to_string(index.join("CURRENT"))
            .unwrap()
            .trim(),
    )
}

/// Set `path`'s modification time `secs` seconds into the past (a list saved a while
/// ago: readnext trusts a stamp only for files not modified in the last seconds).
fn age(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn an_unchanged_list_is_answered_from_the_index_caches_and_a_changed_one_is_read_again() {
    let (tmp, list) = indexed_workspace();
    let gen = live_generation(&tmp.path().join(".readnext/papers.md"));
    // `index` kept the lexical indexes and every paper's hubness with the generation.
    for cache in ["cache-lexical.bin", "cache-hubness.bin"] {
        assert!(gen.join(cache).is_file(), "{cache} is not kept");
    }
    age(&list, 60);
    let first = run(tmp.path(), &list, &["related", "LoRA", "--json"]).stdout;
    assert!(
        gen.join("cache-source.bin").is_file(),
        "the list's stamp is kept once the list was read and matched the index"
    );
    let second = run(tmp.path(), &list, &["related", "LoRA", "--json"]).stdout;
    assert_eq!(first, second, "the answer from the stamp is the answer");

    // Without any cache the answer is the same; the caches come back.
    for cache in ["cache-lexical.bin", "cache-hubness.bin", "cache-source.bin"] {
        std::fs::remove_file(gen.join(cache)).unwrap();
    }
    let bare = run(tmp.path(), &list, &["related", "LoRA", "--json"]).stdout;
    assert_eq!(bare, first, "answers do not depend on the caches");
    assert!(gen.join("cache-lexical.bin").is_file());
    assert!(gen.join("cache-source.bin").is_file());

    // A damaged lexical cache is ignored and replaced.
    let lexical = gen.join("cache-lexical.bin");
    let mut bytes = std::fs::read(&lexical).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&lexical, &bytes).unwrap();
    assert_eq!(
        run(tmp.path(), &list, &["related", "LoRA", "--json"]).stdout,
        first
    );

    // A changed list is read again, even when it too was saved a while ago.
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(
        &list,
        format!("{text}\n- [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385)\n"),
    )
    .unwrap();
    age(&list, 30);
    let v = run_json(
        tmp.path(),
        &list,
        &["related", "Deep Residual Learning for Image Recognition"],
    );
    assert_eq!(
        v["query"]["paper"]["title"],
        "Deep Residual Learning for Image Recognition"
    );
    // And from its own stamp next time, the same.
    let again = run_json(
        tmp.path(),
        &list,
        &["related", "Deep Residual Learning for Image Recognition"],
    );
    assert_eq!(again, v);
}

#[cfg(unix)]
#[test]
fn a_list_changed_outside_its_passages_keeps_its_vectors_and_is_not_read_again() {
    use std::os::unix::fs::MetadataExt;
    let (tmp, list) = indexed_workspace();
    let index = tmp.path().join(".readnext/papers.md");
    let first = live_generation(&index);
    let inode = |gen: &Path| std::fs::metadata(gen.join("vectors.f32")).unwrap().ino();
    let vectors = inode(&first);
    let before = run_json(tmp.path(), &list, &["related", "LoRA"]);
    let line = |v: &serde_json::Value| v["query"]["paper"]["lines"][0].as_u64().unwrap();

    // A line written above every paper: each paper's line moves, no passage does.
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(&list, format!("<!-- read on Thursdays -->\n{text}")).unwrap();
    age(&list, 60);
    let after = run_json(tmp.path(), &list, &["related", "LoRA"]);
    assert_eq!(
        line(&after),
        line(&before) + 1,
        "the list's own lines answer"
    );
    let second = live_generation(&index);
    assert_ne!(
        second, first,
        "a generation of the list's papers is written"
    );
    assert!(!first.exists(), "the old generation is gone");
    assert_eq!(
        inode(&second),
        vectors,
        "the vectors are the old generation's file, not embedded or written again"
    );
    assert!(
        second.join("cache-source.bin").is_file(),
        "the list's stamp is kept with the new generation"
    );
    for cache in ["cache-lexical.bin", "cache-hubness.bin"] {
        assert!(second.join(cache).is_file(), "{cache} is carried over");
    }
    let again = run_json(tmp.path(), &list, &["related", "LoRA"]);
    assert_eq!(again, after, "answered from the stamp, the same");
    assert_eq!(live_generation(&index), second, "nothing is written again");
    // The answers are those of an index built from the changed list.
    std::fs::remove_dir_all(&index).unwrap();
    assert_eq!(run_json(tmp.path(), &list, &["related", "LoRA"]), after);

    // `index` after such a change embeds nothing either.
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(&list, format!("<!-- and on Mondays -->\n{text}")).unwrap();
    age(&list, 60);
    let live = live_generation(&index);
    let vectors = inode(&live);
    let v = run_json(tmp.path(), &list, &["index"]);
    assert_eq!(v["embedded"], 0, "{v}");
    assert_eq!(v["reused"], 250, "{v}");
    let now = live_generation(&index);
    assert_ne!(now, live);
    assert_eq!(inode(&now), vectors);
    assert!(
        now.join("cache-source.bin").is_file(),
        "`index` keeps the stamp of the list it read"
    );
}

#[test]
fn topics_are_kept_with_the_index_and_answers_do_not_depend_on_them() {
    let (tmp, list) = indexed_workspace();
    let gen = live_generation(&tmp.path().join(".readnext/papers.md"));
    let cache = gen.join("cache-topics.bin");
    let kept = std::fs::read(&cache).expect("`index` keeps the default topics");
    let topics = run(tmp.path(), &list, &["topics", "--json"]).stdout;
    let plan = run(tmp.path(), &list, &["plan", "--weeks", "3", "--json"]).stdout;

    // Computed again on one thread when missing: the same answers, the same bytes kept.
    std::fs::remove_file(&cache).unwrap();
    let one_thread = |args: &[&str]| run_one_thread(tmp.path(), &list, args).stdout;
    assert_eq!(one_thread(&["plan", "--weeks", "3", "--json"]), plan);
    assert_eq!(std::fs::read(&cache).unwrap(), kept);
    assert_eq!(one_thread(&["topics", "--json"]), topics);

    // A damaged cache is ignored and replaced.
    let mut bytes = kept.clone();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&cache, &bytes).unwrap();
    assert_eq!(run(tmp.path(), &list, &["topics", "--json"]).stdout, topics);
    assert_eq!(std::fs::read(&cache).unwrap(), kept);

    // Entries moved in the list (list-order edges change): never the old topics.
    let text = std::fs::read_to_string(&list).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let entries: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("- ["))
        .collect();
    lines.swap(entries[3], entries[entries.len() / 2]);
    std::fs::write(&list, lines.join("\n") + "\n").unwrap();
    let moved = run(tmp.path(), &list, &["topics", "--json"]).stdout;
    let gen = live_generation(&tmp.path().join(".readnext/papers.md"));
    std::fs::remove_file(gen.join("cache-topics.bin")).unwrap();
    assert_eq!(
        run(tmp.path(), &list, &["topics", "--json"]).stdout,
        moved,
        "the kept topics are those of the list as it is now"
    );
}

/// A study group's log in the list (`| 주차 | 날짜 | 발표자 | 논문 |`): the papers it
/// presented are read, and `suggest` follows from them as from `read`.
#[test]
fn a_study_groups_log_in_the_list_is_what_it_read() {
    let (tmp, list) = indexed_workspace();
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str(
        "\n## 발표 기록\n\n| 주차 | 날짜 | 발표자 | 논문 |\n| --- | --- | --- | --- |\n\
         | 1 | 2026.11.13 | 민수 | [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685) |\n\
         | 2 | 2026.11.20 | 지연 | [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/abs/2305.14314) |\n\
         | 3 | | 미정 | [SpQR: A Sparse-Quantized Representation for Near-Lossless LLM Weight Compression](https://arxiv.org/abs/2306.03078) |\n",
    );
    std::fs::write(&list, text).unwrap();
    let history = run_json(tmp.path(), &list, &["history"]);
    let mut read: Vec<(String, String)> = history["read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["title"].as_str().unwrap().to_string(),
                r["date"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    read.sort();
    // Each on the day of its session.
    assert_eq!(
        read,
        [
            (
                "LoRA: Low-Rank Adaptation of Large Language Models".to_string(),
                "2026-11-13".to_string()
            ),
            (
                "QLoRA: Efficient Finetuning of Quantized LLMs".to_string(),
                "2026-11-20".to_string()
            )
        ],
        "{history}"
    );
    let v = run_json(tmp.path(), &list, &["suggest"]);
    assert_eq!(v["cold_start"], false, "{v}");
    assert_eq!(v["read"], 2, "{v}");
    let suggested = titles(&v, "suggestions");
    assert!(
        suggested.iter().any(|t| t.starts_with("SpQR")),
        "a row with neither a session date nor a presenter is still to read: {suggested:?}"
    );
    assert!(
        !suggested
            .iter()
            .any(|t| t.starts_with("LoRA:") || t.starts_with("QLoRA:")),
        "{suggested:?}"
    );
}

#[test]
fn plan_for_one_topic_takes_its_weeks_from_that_topic_alone() {
    let (tmp, list) = indexed_workspace();
    let dir = tmp.path();
    std::fs::write(
        dir.join("history.txt"),
        "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n",
    )
    .unwrap();
    let topics = json(&run(dir, &list, &["topics", "--json"]));
    // The id of the topic whose label has `words`, and the ids of its papers.
    let topic_with = |words: &str| -> (u64, HashSet<String>) {
        let t = topics["topics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["label"].as_str().unwrap().contains(words))
            .unwrap_or_else(|| panic!("a topic of {words}: {topics}"));
        let ids = t["papers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect();
        (t["id"].as_u64().unwrap(), ids)
    };
    // The ids of a plan's papers, week by week (`--topic spec` when given).
    let planned = |topic: Option<&str>, weeks: &str| -> Vec<Vec<String>> {
        let mut args = vec![
            "--history",
            "history.txt",
            "plan",
            "--weeks",
            weeks,
            "--json",
        ];
        if let Some(t) = topic {
            args.extend(["--topic", t]);
        }
        common::week_ids(&json(&run(dir, &list, &args)))
    };
    // The topic of instruction tuning, by its number and by words of its label.
    let (instruction, of_topic) = topic_with("instruction tuning");
    for spec in [instruction.to_string(), "instruction tuning".to_string()] {
        let weeks = planned(Some(&spec), "3");
        assert_eq!(weeks.len(), 3, "{weeks:?}");
        let papers: Vec<&String> = weeks.iter().flatten().collect();
        assert_eq!(papers.len(), 9, "{weeks:?}");
        assert!(
            papers.iter().all(|id| of_topic.contains(*id)),
            "every paper of topic {instruction}: {weeks:?}"
        );
        assert!(!papers
            .iter()
            .any(|id| *id == "2106.09685" || *id == "2305.14314"));
    }
    // Knowledge distillation's topic by its Korean words (through the glossary).
    let (_, of_distillation) = topic_with("knowledge distillation");
    let weeks = planned(Some("지식 증류"), "1");
    assert!(
        weeks[0].iter().all(|id| of_distillation.contains(id)),
        "{weeks:?}"
    );
    // The plan of the whole list takes other topics too.
    let whole = planned(None, "3");
    assert!(
        whole.iter().flatten().any(|id| !of_topic.contains(id)),
        "{whole:?}"
    );
    let out = readnext_with_model(dir)
        .arg("--list")
        .arg(&list)
        .args(["plan", "--topic", "99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no topic 99"));
}
