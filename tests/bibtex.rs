//! BibTeX libraries end to end: `tests/data/library.bib` (24 ACM-CR records with abstracts
//! and keywords, plus Zotero/JabRef-style entries: macros, accents, an arXiv eprint, a
//! duplicate under a second URL, an entry without abstract and a broken one), the real model.

mod common;

use common::{json, method_row, repo, run_list, run_list_json};
use serde_json::Value;
use std::path::PathBuf;

fn library() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("library.bib");
    std::fs::copy(repo().join("tests/data/library.bib"), &list).unwrap();
    (tmp, list)
}

fn paper<'a>(papers: &'a Value, title: &str) -> &'a Value {
    papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"].as_str().unwrap().starts_with(title))
        .unwrap_or_else(|| panic!("no paper titled {title:?}"))
}

#[test]
fn the_broken_entry_is_named_on_every_command_even_when_the_list_is_not_read_again() {
    let (tmp, list) = library();
    // Saved a while ago: after the first command, readnext trusts the list's stamp.
    std::fs::File::options()
        .write(true)
        .open(&list)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(60))
        .unwrap();
    let mut answers = Vec::new();
    for _ in 0..3 {
        let out = run_list(
            tmp.path(),
            &list,
            &["related", "vaswani2017attention", "--json"],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("library.bib:") && stderr.contains("entry at line 472 skipped"),
            "the broken entry is named: {stderr}"
        );
        answers.push(out.stdout);
    }
    let index = tmp.path().join(".readnext/library.bib");
    let gen = index.join(
        std::fs::read_to_string(index.join("CURRENT"))
            .unwrap()
            .trim(),
    );
    assert!(gen.join("cache-source.bin").is_file());
    assert_eq!(answers[1], answers[0]);
    assert_eq!(answers[2], answers[0]);
}

#[test]
fn a_bibtex_library_is_read_with_its_fields_and_the_broken_entry_is_named() {
    let (tmp, list) = library();
    let out = run_list(tmp.path(), &list, &["papers", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("library.bib:") && stderr.contains("entry at line 472 skipped"),
        "the broken entry is named with its line: {stderr}"
    );
    let v = json(&out);
    // 24 ACM records + attention + BERT + IR book (two entries folded) + Mining the Web
    // + two more ACM records.
    assert_eq!(v["count"], 30);
    let attention = paper(&v, "Attention Is All You Need");
    assert_eq!(attention["id"], "1706.03762");
    assert_eq!(attention["url"], "https://arxiv.org/abs/1706.03762");
    assert_eq!(attention["date"], "2017-12");
    assert_eq!(
        attention["venue"],
        "Advances in Neural Information Processing Systems 30"
    );
    assert!(attention["ids"]
        .as_array()
        .unwrap()
        .contains(&Value::from("vaswani2017attention")));
    assert_eq!(attention["keywords"][2], "machine translation");
    assert_eq!(attention["authors"][0], "Vaswani, Ashish");
    assert_eq!(attention["has_abstract"], true);
    let book = paper(&v, "Introduction to Information Retrieval");
    assert_eq!(
        book["title"],
        "Introduction to Information Retrieval, Schütze's edition"
    );
    assert_eq!(book["lines"], serde_json::json!([459, 466]));
    assert_eq!(book["urls"].as_array().unwrap().len(), 2, "{book}");
    // The ACM Digital Library's inline HTML and LaTeX math, as plain text.
    let html = paper(&v, "An Algorithm for k-Degree Anonymity");
    assert_eq!(
        html["title"],
        "An Algorithm for k-Degree Anonymity on Large Networks"
    );
    assert_eq!(html["authors"][1], "Herrera-Joancomartí, Jordi");
    let math = paper(&v, "Sampling Algorithms and Coresets");
    assert_eq!(
        math["title"],
        "Sampling Algorithms and Coresets for ℓp Regression"
    );
    assert_eq!(math["url"], "https://doi.org/10.1137/070696507");
    let acm = paper(&v, "Neural Graph Collaborative Filtering");
    assert_eq!(acm["id"], "10.1145/3331184.3331267");
    assert!(acm["keywords"].as_array().unwrap().len() >= 2);
}

#[test]
fn related_answers_for_a_citation_key_a_doi_and_every_folded_url() {
    let (tmp, list) = library();
    let by = |reference: &str| -> Value {
        run_list_json(
            tmp.path(),
            &list,
            &["related", reference, "-k", "3", "--json"],
        )
    };
    let key = by("vaswani2017attention");
    assert_eq!(key["query"]["paper"]["title"], "Attention Is All You Need");
    assert_eq!(key["results"].as_array().unwrap().len(), 3);
    // BERT is the other transformer paper of the library.
    assert!(
        key["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["title"].as_str().unwrap().starts_with("BERT")),
        "{key}"
    );
    for doi in [
        "10.1145/3331184.3331267",
        "doi:10.1145/3331184.3331267",
        "https://doi.org/10.1145/3331184.3331267",
    ] {
        assert_eq!(
            by(doi)["query"]["paper"]["title"],
            "Neural Graph Collaborative Filtering",
            "{doi}"
        );
    }
    for url in [
        "https://nlp.stanford.edu/IR-book/",
        "https://www-nlp.stanford.edu/IR-book/information-retrieval-book.html",
        "schutze2008ir-mirror",
    ] {
        assert!(
            by(url)["query"]["paper"]["title"]
                .as_str()
                .unwrap()
                .starts_with("Introduction to Information Retrieval"),
            "{url}"
        );
    }
}

#[test]
fn a_search_for_a_citation_key_or_a_doi_finds_that_paper() {
    let (tmp, list) = library();
    let search = |q: &str| run_list_json(tmp.path(), &list, &["search", q, "-k", "3", "--json"]);
    // Read as words, the key answered *Adaptive Multi-Attention Network …* first.
    for (q, title) in [
        ("vaswani2017attention", "Attention Is All You Need"),
        ("Devlin2019BERT", "BERT: Pre-training"),
        (
            "10.1145/3331184.3331267",
            "Neural Graph Collaborative Filtering",
        ),
    ] {
        let v = search(q);
        let first = v["results"][0]["title"].as_str().unwrap();
        assert!(first.starts_with(title), "{q}: {v}");
        assert!(
            v["query"]["paper"]["title"]
                .as_str()
                .is_some_and(|t| t.starts_with(title)),
            "{q}: {v}"
        );
    }
    // A word shaped like a key that no paper has is searched as words.
    let v = search("smith2020nothing");
    assert!(v["query"].get("paper").is_none(), "{v}");
    assert_eq!(v["results"].as_array().unwrap().len(), 3, "{v}");
}

#[test]
fn eval_takes_id_pairs_and_judged_queries_with_a_left_out_paper() {
    let (tmp, list) = library();
    let pairs = tmp.path().join("pairs.tsv");
    // The two collaborative-filtering papers of the excerpt, and the two transformers.
    std::fs::write(
        &pairs,
        "query_id\trelated_id\n10.1145/3331184.3331267\t10.1145/3331184.3331224\n\
         vaswani2017attention\t1810.04805\n10.9999/not-in-the-list\t1810.04805\n",
    )
    .unwrap();
    let v = run_list_json(
        tmp.path(),
        &list,
        &["eval", "--pairs", pairs.to_str().unwrap(), "--json"],
    );
    assert_eq!(v["task"], "related");
    assert_eq!(v["queries"], 2);
    assert_eq!(v["unmatched"], 1);
    let methods: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["method"].as_str().unwrap())
        .collect();
    for m in [
        "dense",
        "tf-idf",
        "bm25",
        "bm25+dense (min-max)",
        "readnext",
    ] {
        assert!(methods.contains(&m), "{methods:?}");
    }
    assert_eq!(method_row(&v, "readnext")["recall_at_10"], 1.0, "{v}");

    let queries = tmp.path().join("queries.tsv");
    std::fs::write(
        &queries,
        "query_id\tquery\tciting_id\trelevant_ids\n\
         1\tgraph neural networks for collaborative filtering recommendation\t10.1145/3331184.3331267\t10.1145/3331184.3331267|10.1145/3331184.3331224\n",
    )
    .unwrap();
    let v = run_list_json(
        tmp.path(),
        &list,
        &[
            "eval-search",
            "--queries",
            queries.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(v["task"], "search");
    assert_eq!(v["queries"], 1);
    // The citing paper is left out, so only the other one is judged; it is found.
    assert_eq!(method_row(&v, "readnext")["recall_at_10"], 1.0, "{v}");
}

/// Four cover pages of *J. Assoc. Inf. Sci. Technol.* as ACM-CR's
/// `data/acm-dl/journals/jaist.bib` holds them: front matter, without abstracts.
const COVER_PAGES: &str = r#"
@article{10.1002/asi.23848,
title = {Cover Image},
year = {2017},
issue_date = {February 2017},
publisher = {John Wiley &amp; Sons, Inc.},
address = {USA},
volume = {68},
number = {2},
issn = {2330-1635},
url = {https://doi.org/10.1002/asi.23848},
doi = {10.1002/asi.23848},
journal = {J. Assoc. Inf. Sci. Technol.},
month = feb,
pages = {C1},
numpages = {1}
}
@article{10.1002/asi.23842,
title = {Cover Image},
year = {2017},
issue_date = {January 2017},
publisher = {John Wiley &amp; Sons, Inc.},
address = {USA},
volume = {68},
number = {1},
issn = {2330-1635},
url = {https://doi.org/10.1002/asi.23842},
doi = {10.1002/asi.23842},
journal = {J. Assoc. Inf. Sci. Technol.},
month = jan,
pages = {C1},
numpages = {1}
}
@article{10.1002/asi.23832,
title = {Cover Image},
year = {2016},
issue_date = {December 2016},
publisher = {John Wiley &amp; Sons, Inc.},
address = {USA},
volume = {67},
number = {12},
issn = {2330-1635},
url = {https://doi.org/10.1002/asi.23832},
doi = {10.1002/asi.23832},
journal = {J. Assoc. Inf. Sci. Technol.},
month = dec,
pages = {C1},
numpages = {1}
}
@article{10.1002/asi.23818,
title = {Cover Image},
year = {2016},
issue_date = {November 2016},
publisher = {John Wiley &amp; Sons, Inc.},
address = {USA},
volume = {67},
number = {11},
issn = {2330-1635},
url = {https://doi.org/10.1002/asi.23818},
doi = {10.1002/asi.23818},
journal = {J. Assoc. Inf. Sci. Technol.},
month = nov,
pages = {C1},
numpages = {1}
}
"#;

#[test]
fn front_matter_never_starts_a_library_of_abstracts_nor_fills_a_plan() {
    let (tmp, list) = library();
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str(COVER_PAGES);
    std::fs::write(&list, text).unwrap();
    let topics = run_list_json(tmp.path(), &list, &["topics", "--json"]);
    // The four identical titles are a topic of their own, the most cohesive of the list.
    assert!(
        topics["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["papers"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["title"] == "Cover Image")
                .count()
                >= 3),
        "{topics}"
    );
    let v = run_list_json(tmp.path(), &list, &["suggest", "--count", "5", "--json"]);
    assert_eq!(v["cold_start"], true);
    let titles: Vec<&str> = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 5, "{v}");
    assert!(!titles.contains(&"Cover Image"), "{titles:?}");
    // Nor is it a week of a plan.
    let plan = run_list_json(tmp.path(), &list, &["plan", "--weeks", "4", "--json"]);
    let weeks = plan["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 4, "{plan}");
    for week in weeks {
        for paper in week["papers"].as_array().unwrap() {
            assert_ne!(paper["title"], "Cover Image", "{plan}");
        }
    }
}
