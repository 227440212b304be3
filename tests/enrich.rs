//! `readnext enrich --from FILE` on a title-only list of real arXiv papers (the shared
//! data), with the real model: abstracts found by arXiv id, by title and by a close
//! title, kept beside the index, used by the next answers; the list is never changed.

mod common;

use common::{json, readnext_with_model};
use std::path::Path;

struct Case {
    list: std::path::PathBuf,
    meta: std::path::PathBuf,
    records: Vec<serde_json::Value>,
}

/// 24 papers of the shared arXiv data (every 3000th): the first 8 listed with their
/// arXiv link, the next 8 with another link and the title in lower case with other
/// punctuation, the last 8 with another link and the title's last word cut (when the
/// title is long), and one made-up title. The metadata file holds the 24 records as the data gives them.
fn write_case(dir: &Path) -> Option<Case> {
    let data = common::shared("data/arxiv-2025.jsonl.gz")?;
    let file = std::fs::File::open(data).unwrap();
    let text = std::io::read_to_string(flate2::read::GzDecoder::new(file)).unwrap();
    let lines: Vec<&str> = text.lines().step_by(3000).take(24).collect();
    let records: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut md = String::from("# Reading list\n\n");
    for (i, r) in records.iter().enumerate() {
        let title = r["title"].as_str().unwrap().replace('\n', " ");
        let id = r["id"].as_str().unwrap();
        let shown = match i / 8 {
            0 => format!("[{title}](https://arxiv.org/abs/{id})"),
            1 => format!(
                "[{}!](https://example.org/papers/{i})",
                title.to_lowercase().replace(':', " —")
            ),
            _ => {
                let words: Vec<&str> = title.split_whitespace().collect();
                let cut = if words.len() >= 9 {
                    words[..words.len() - 1].join(" ")
                } else {
                    title.clone()
                };
                format!("[{cut}](https://example.org/papers/{i})")
            }
        };
        md.push_str(&format!("- {shown}\n"));
    }
    md.push_str("- [A Made-Up Study of Nothing in Particular](https://example.org/none)\n");
    let list = dir.join("papers.md");
    std::fs::write(&list, md).unwrap();
    let meta = dir.join("meta.jsonl");
    std::fs::write(&meta, lines.join("\n") + "\n").unwrap();
    Some(Case {
        list,
        meta,
        records,
    })
}

fn run(dir: &Path, list: &Path, args: &[&str]) -> std::process::Output {
    readnext_with_model(dir)
        .args(["--list", list.to_str().unwrap(), "--index-dir"])
        .arg(dir.join("ix"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn enrich_finds_abstracts_by_id_title_and_close_title_and_answers_use_them() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(case) = write_case(tmp.path()) else {
        eprintln!("shared arXiv data not here; skipped");
        return;
    };
    let before = std::fs::read(&case.list).unwrap();
    let meta = case.meta.to_str().unwrap();

    let out = run(
        tmp.path(),
        &case.list,
        &["enrich", "--from", meta, "--json"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["papers"], 25);
    assert_eq!(v["lacking"], 25);
    assert_eq!(v["by"]["arxiv_id"], 8, "{v}");
    let matches = v["matches"].as_array().unwrap();
    // Every applied match is the right paper: its title in the file is the record's.
    for m in matches {
        let want: Vec<&str> = case
            .records
            .iter()
            .map(|r| r["title"].as_str().unwrap())
            .collect();
        assert!(want.contains(&m["matched_title"].as_str().unwrap()), "{m}");
        if m["match"] == "fuzzy" {
            assert!(m["score"].as_f64().unwrap() >= 0.9, "{m}");
        }
    }
    let fuzzy = matches.iter().filter(|m| m["match"] == "fuzzy").count();
    assert!(fuzzy >= 4, "cut titles found by a close title: {v}");
    assert!(v["found"].as_u64().unwrap() >= 20, "{v}");
    // The made-up title is never applied.
    assert!(!matches
        .iter()
        .any(|m| m["title"] == "A Made-Up Study of Nothing in Particular"));
    assert_eq!(
        std::fs::read(&case.list).unwrap(),
        before,
        "the list is not changed"
    );
    assert!(tmp.path().join("ix/metadata.jsonl").is_file());

    // The papers carry the abstracts, said to come from the file.
    let p = json(&run(tmp.path(), &case.list, &["papers", "--json"]));
    let papers = p["papers"].as_array().unwrap();
    let from_file = papers
        .iter()
        .filter(|x| x["abstract_source"] == "file" && x["has_abstract"] == true)
        .count();
    assert_eq!(from_file as u64, v["found"].as_u64().unwrap());
    let made_up = papers
        .iter()
        .find(|x| x["title"] == "A Made-Up Study of Nothing in Particular")
        .unwrap();
    assert_eq!(made_up["has_abstract"], false);
    assert!(made_up.get("abstract_source").is_none());

    // A search for words of the first paper's abstract only finds it first.
    let abs = case.records[0]["abstract"].as_str().unwrap();
    let query: String = abs
        .split_whitespace()
        .take(14)
        .collect::<Vec<_>>()
        .join(" ");
    let s = json(&run(tmp.path(), &case.list, &["search", &query, "--json"]));
    assert_eq!(
        s["results"][0]["id"].as_str().unwrap(),
        case.records[0]["id"].as_str().unwrap(),
        "{s}"
    );

    // Again: nothing new to find (exit 1), the cache keeps what it had.
    let again = run(
        tmp.path(),
        &case.list,
        &["enrich", "--from", meta, "--json"],
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(json(&again)["cached"], v["found"]);

    // A damaged cache is an error that names it.
    std::fs::write(tmp.path().join("ix/metadata.jsonl"), "{oops\n").unwrap();
    let bad = run(tmp.path(), &case.list, &["papers"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("metadata.jsonl:1"), "{err}");
}

#[test]
fn a_bad_threshold_or_a_missing_file_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("papers.md");
    std::fs::write(&list, "- [LoRA](https://arxiv.org/abs/2106.09685)\n").unwrap();
    let out = run(tmp.path(), &list, &["enrich", "--from", "nope.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.jsonl"));
    let out = run(
        tmp.path(),
        &list,
        &[
            "enrich",
            "--from",
            list.to_str().unwrap(),
            "--threshold",
            "3",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--threshold 3"));
}
