//! One library as reference managers export it: `tests/data/library.json` (Zotero's CSL
//! JSON), `tests/data/library.ris` (Zotero's RIS), `tests/data/library.enw` (EndNote's
//! tagged format, as the ACM Digital Library and Google Scholar write it),
//! `tests/data/library.xml` (EndNote's XML, a title in style runs) and `tests/data/library.rdf`
//! (Zotero RDF, with two collections) hold four ACM-CR records of
//! `tests/data/library.bib` (SIGIR 2019, with their abstracts and keywords), LoRA and
//! QLoRA as Zotero imports arXiv preprints, *Attention Is All You Need* under a Better
//! BibTeX citation key, and a web page without a title. Each format must read as the
//! same papers, agree with the BibTeX export on the records they share, and answer
//! `related` with the real model.

mod common;

use common::{json, ok, readnext_with_model, refused, repo, run_list, run_list_json, titles};
use serde_json::Value;
use std::path::PathBuf;

/// `bytes` gzipped (one member).
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut enc, bytes).unwrap();
    enc.finish().unwrap()
}

fn library(ext: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join(format!("library.{ext}"));
    std::fs::copy(repo().join(format!("tests/data/library.{ext}")), &list).unwrap();
    (tmp, list)
}

fn by_id<'a>(papers: &'a Value, id: &str) -> &'a Value {
    papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["id"] == id
                || p["ids"]
                    .as_array()
                    .is_some_and(|ids| ids.contains(&id.into()))
        })
        .unwrap_or_else(|| panic!("no paper {id}: {papers}"))
}

/// The exports of the one library, by extension.
const EXPORTS: [&str; 5] = ["json", "ris", "enw", "xml", "rdf"];

const ACM: [&str; 4] = [
    "10.1145/3331184.3331202",
    "10.1145/3331184.3331269",
    "10.1145/3331184.3331267",
    "10.1145/3331184.3331185",
];

#[test]
fn csl_json_ris_and_endnote_read_as_the_same_papers_as_the_bibtex_export() {
    let (tmp, bib) = library("bib");
    let bib = run_list_json(tmp.path(), &bib, &["papers", "--json"]);
    let mut read = Vec::new();
    for ext in EXPORTS {
        let (tmp, list) = library(ext);
        let out = run_list(tmp.path(), &list, &["papers", "--json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("library.{ext}:"))
                && stderr.contains("1 record without a title skipped"),
            "the untitled record is named: {stderr}"
        );
        let v = json(&out);
        assert_eq!(v["count"], 7, "{ext}: {v}");
        // Zotero's item URIs (CSL JSON's `id`) name items for Zotero, not papers for a reader.
        assert!(!v.to_string().contains("zotero.org"), "{ext}: {v}");
        for doi in ACM {
            let (p, b) = (by_id(&v, doi), by_id(&bib, doi));
            for field in ["title", "authors", "keywords", "url", "has_abstract"] {
                assert_eq!(p[field], b[field], "{ext} {doi} {field}");
            }
            assert_eq!(p["date"], "2019-07-18", "{ext} {doi}");
        }
        let lora = by_id(&v, "2106.09685");
        assert_eq!(lora["alias"], "LoRA", "{ext}");
        // Zotero RDF keeps the collections: each paper's heading.
        if ext == "rdf" {
            assert_eq!(lora["heading"], "Fine-tuning");
            assert_eq!(by_id(&v, ACM[0])["heading"], "SIGIR 2019");
        }
        assert_eq!(lora["url"], "http://arxiv.org/abs/2106.09685", "{ext}");
        assert_eq!(lora["date"], "2021-10-16", "{ext}");
        assert_eq!(lora["authors"][0], "Hu, Edward J.", "{ext}");
        // Zotero's arXiv subjects say where the preprint was filed, not what it is about.
        assert!(lora.get("keywords").is_none(), "{ext}: {lora}");
        let attention = v["papers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["title"] == "Attention Is All You Need")
            .unwrap();
        assert_eq!(attention["date"], "2017-12", "{ext}");
        assert!(
            attention["ids"]
                .as_array()
                .unwrap()
                .contains(&Value::from("vaswani2017attention")),
            "{ext}: {attention}"
        );
        read.push(v);
    }
    let shape = |v: &Value| -> Vec<(Value, Value, Value)> {
        v["papers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["id"].clone(), p["title"].clone(), p["date"].clone()))
            .collect()
    };
    for other in &read[1..] {
        assert_eq!(shape(&read[0]), shape(other));
    }
}

#[test]
fn related_answers_on_every_export_by_title_key_and_doi() {
    for ext in EXPORTS {
        let (tmp, list) = library(ext);
        let related = |reference: &str| -> Value {
            run_list_json(
                tmp.path(),
                &list,
                &["related", reference, "-k", "2", "--json"],
            )
        };
        let lora = related("LoRA");
        assert!(
            titles(&lora)[0].starts_with("QLoRA"),
            "{ext}: {:?}",
            titles(&lora)
        );
        let ltr = related("10.1145/3331184.3331202");
        assert!(
            titles(&ltr)[0].starts_with("To Model or to Intervene"),
            "{ext}: {:?}",
            titles(&ltr)
        );
        assert_eq!(
            related("vaswani2017attention")["query"]["paper"]["title"],
            "Attention Is All You Need",
            "{ext}"
        );
    }
}

#[test]
fn every_export_on_standard_input_is_recognised() {
    for ext in EXPORTS {
        let tmp = tempfile::tempdir().unwrap();
        let bytes = std::fs::read(repo().join(format!("tests/data/library.{ext}"))).unwrap();
        let out = readnext_with_model(tmp.path())
            .args(["--list", "-", "papers", "--json"])
            .write_stdin(bytes)
            .output()
            .unwrap();
        assert!(out.status.success(), "{ext}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("stdin.{ext}:")), "{ext}: {stderr}");
        assert_eq!(json(&out)["count"], 7, "{ext}");
    }
}

#[test]
fn a_gzipped_export_reads_as_the_file_it_was_made_from_and_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    for ext in ["bib", "ris", "enw", "xml", "json"] {
        // A copy: a list's read state is kept beside it, never in the repository.
        let plain = tmp.path().join(format!("library.{ext}"));
        std::fs::copy(repo().join(format!("tests/data/library.{ext}")), &plain).unwrap();
        let gz = tmp.path().join(format!("library.{ext}.gz"));
        std::fs::write(&gz, gzip(&std::fs::read(&plain).unwrap())).unwrap();
        let want = run_list_json(tmp.path(), &plain, &["papers", "--json"]);
        let got = run_list_json(tmp.path(), &gz, &["papers", "--json"]);
        assert_eq!(got["count"], want["count"], "{ext}");
        assert_eq!(got["papers"], want["papers"], "{ext}");
        // On standard input too, named for what it inflates to.
        let out = readnext_with_model(tmp.path())
            .args(["--list", "-", "papers", "--json"])
            .write_stdin(std::fs::read(&gz).unwrap())
            .output()
            .unwrap();
        assert!(out.status.success(), "{ext}");
        assert_eq!(json(&out)["papers"], want["papers"], "{ext}");
    }
    // A gzipped markdown list is read, and `add` does not write it.
    let md = tmp.path().join("list.md.gz");
    let text = "- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)\n\
                - [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/abs/2305.14314)\n";
    let bytes = gzip(text.as_bytes());
    std::fs::write(&md, &bytes).unwrap();
    let related = run_list_json(tmp.path(), &md, &["related", "LoRA", "--json"]);
    assert!(titles(&related)[0].starts_with("QLoRA"), "{related}");
    let bib = repo().join("tests/data/library.bib");
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&md)
        .args(["add", "vaswani2017attention", "--pool"])
        .arg(&bib)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gzipped"), "{stderr}");
    assert_eq!(std::fs::read(&md).unwrap(), bytes, "the list is untouched");
    // A stream cut short is an error naming the file.
    let cut = tmp.path().join("cut.bib.gz");
    let whole = gzip(&std::fs::read(&bib).unwrap());
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let stderr = refused(tmp.path(), &cut);
    assert!(
        stderr.contains("cut.bib.gz") && stderr.contains("cannot inflate"),
        "{stderr}"
    );
}

#[test]
fn a_gzip_file_of_several_members_reads_them_all() {
    let tmp = tempfile::tempdir().unwrap();
    // A library exported in two parts and joined (`cat a.bib.gz b.bib.gz`), or one grown by
    // `gzip -c more.jsonl >> dump.jsonl.gz`: gzip(1) reads every member, and so does
    // readnext (it read the first and dropped the rest without a word).
    let bib = tmp.path().join("library.bib");
    std::fs::copy(repo().join("tests/data/library.bib"), &bib).unwrap();
    let text = std::fs::read_to_string(&bib).unwrap();
    let half = text[text.len() / 2..].find("\n@").unwrap() + text.len() / 2 + 1;
    let mut joined = gzip(&text.as_bytes()[..half]);
    joined.extend(gzip(&text.as_bytes()[half..]));
    // A tape's zero padding after the last member is ignored, as gzip(1) ignores it.
    joined.extend([0u8; 512]);
    let gz = tmp.path().join("library.bib.gz");
    std::fs::write(&gz, &joined).unwrap();
    let want = run_list_json(tmp.path(), &bib, &["papers", "--json"]);
    let got = run_list_json(tmp.path(), &gz, &["papers", "--json"]);
    assert_eq!(got["papers"], want["papers"]);
    let jsonl = tmp.path().join("dump.jsonl.gz");
    let mut dump = gzip(b"{\"title\": \"LoRA: Low-Rank Adaptation of Large Language Models\", \"id\": \"2106.09685\"}\n");
    dump.extend(gzip(
        b"{\"title\": \"QLoRA: Efficient Finetuning of Quantized LLMs\", \"id\": \"2305.14314\"}\n",
    ));
    std::fs::write(&jsonl, &dump).unwrap();
    let got = run_list_json(tmp.path(), &jsonl, &["papers", "--json"]);
    let ids = common::strings(&got["papers"], "id");
    assert_eq!(ids, ["2106.09685", "2305.14314"], "{got}");
    // A dump cut short in its second member is an error naming the line it breaks off at.
    std::fs::write(&jsonl, &dump[..dump.len() - 20]).unwrap();
    let stderr = refused(tmp.path(), &jsonl);
    assert!(
        stderr.contains("dump.jsonl.gz:2: cannot inflate this gzip file from this line on")
            && stderr.contains("check that it was copied whole"),
        "{stderr}"
    );
}

#[test]
fn kaggles_arxiv_snapshot_reads_under_its_json_name() {
    // Two records of `arxiv-metadata-oai-snapshot.json`, the arXiv dataset on Kaggle: one
    // JSON object a line under a `.json` name (it was "not valid JSON … at line 2").
    let snapshot = concat!(
        r#"{"id":"0704.0001","submitter":"Pavel Nadolsky","authors":"C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan","title":"Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies","comments":"37 pages, 15 figures; published version","journal-ref":"Phys.Rev.D76:013009,2007","doi":"10.1103/PhysRevD.76.013009","report-no":"ANL-HEP-PR-07-12","categories":"hep-ph","license":null,"abstract":"  A fully differential calculation in perturbative quantum chromodynamics is\npresented for the production of massive photon pairs at hadron colliders.\n","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"},{"version":"v2","created":"Tue, 24 Jul 2007 20:10:27 GMT"}],"update_date":"2008-11-13","authors_parsed":[["Balázs","C.",""],["Berger","E. L.",""],["Nadolsky","P. M.",""],["Yuan","C. -P.",""]]}"#,
        "\n",
        r#"{"id":"1706.03762","submitter":"Llion Jones","authors":"Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit, Llion Jones, Aidan N. Gomez, Lukasz Kaiser, Illia Polosukhin","title":"Attention Is All You Need","comments":"15 pages, 5 figures","journal-ref":null,"doi":null,"report-no":null,"categories":"cs.CL cs.LG","license":"http://arxiv.org/licenses/nonexclusive-distrib/1.0/","abstract":"  The dominant sequence transduction models are based on complex recurrent or\nconvolutional neural networks in an encoder-decoder configuration.\n","versions":[{"version":"v1","created":"Mon, 12 Jun 2017 17:57:34 GMT"},{"version":"v7","created":"Wed, 2 Aug 2023 00:41:18 GMT"}],"update_date":"2023-08-03","authors_parsed":[["Vaswani","Ashish",""],["Shazeer","Noam",""]]}"#,
        "\n"
    );
    let tmp = tempfile::tempdir().unwrap();
    let json_path = tmp.path().join("arxiv-metadata-oai-snapshot.json");
    std::fs::write(&json_path, snapshot).unwrap();
    let gz = tmp.path().join("arxiv-metadata-oai-snapshot.json.gz");
    std::fs::write(&gz, gzip(snapshot.as_bytes())).unwrap();
    for list in [&json_path, &gz] {
        let v = run_list_json(tmp.path(), list, &["papers", "--json"]);
        let got: Vec<(&str, &str, &str, &str)> = v["papers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap(),
                    p["title"].as_str().unwrap(),
                    // The first version's day, not when the record last changed.
                    p["date"].as_str().unwrap(),
                    p["authors"][0].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "0704.0001",
                    "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
                    "2007-04-02",
                    "C. Balázs"
                ),
                (
                    "1706.03762",
                    "Attention Is All You Need",
                    "2017-06-12",
                    "Ashish Vaswani"
                ),
            ],
            "{v}"
        );
        assert_eq!(
            v["papers"][0]["authors"].as_array().unwrap().len(),
            4,
            "{v}"
        );
        assert_eq!(v["papers"][1]["lines"][0], 2, "{v}");
    }
}

/// `suggest --count 2` on a list where QLoRA is read: not QLoRA, and one of the other
/// ways to fine-tune or shrink a big model on little memory. The answer, for more checks.
fn suggest_after_qlora(dir: &std::path::Path, list: &std::path::Path) -> Value {
    let suggest = run_list_json(dir, list, &["suggest", "--count", "2", "--json"]);
    assert_eq!(suggest["cold_start"], false, "{suggest}");
    let s: Vec<&str> = suggest["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert!(!s.iter().any(|t| t.starts_with("QLoRA")), "{s:?}");
    assert!(
        s.iter()
            .any(|t| t.starts_with("Full Parameter Fine-tuning") || t.starts_with("SpQR")),
        "{s:?}"
    );
    suggest
}

#[test]
fn a_notion_reading_list_reads_its_titles_and_what_the_group_finished() {
    // Notion's CSV export of a reading-list database: the title property is `Name`, a
    // `Status` says where the group is with each paper. The whole list, and its first
    // five rows (a list that small is one group of "Other").
    let rows = [
        "QLoRA: Efficient Finetuning of Quantized LLMs,Done,PEFT,https://arxiv.org/abs/2305.14314",
        "Full Parameter Fine-tuning for Large Language Models with Limited Resources,Not started,PEFT,https://arxiv.org/abs/2306.09782",
        "SpQR: A Sparse-Quantized Representation for Near-Lossless LLM Weight Compression,Not started,quantization,https://arxiv.org/abs/2306.03078",
        "Knowledge Distillation of Large Language Models,In progress,,https://arxiv.org/abs/2306.08543",
        "LIMA: Less Is More for Alignment,Not started,alignment,https://arxiv.org/abs/2305.11206",
        "RWKV: Reinventing RNNs for the Transformer Era,Not started,,https://arxiv.org/abs/2305.13048",
        "Flamingo: a Visual Language Model for Few-Shot Learning,Not started,multimodal,https://arxiv.org/abs/2204.14198",
        "Competition-Level Code Generation with AlphaCode,Not started,code,https://arxiv.org/abs/2203.07814",
        "Textbooks Are All You Need,Not started,,https://arxiv.org/abs/2306.11644",
    ];
    for n in [rows.len(), 5] {
        let tmp = tempfile::tempdir().unwrap();
        let list = tmp.path().join("Reading list 2026.csv");
        std::fs::write(
            &list,
            format!("\u{feff}Name,Status,Tags,URL\n{}\n", rows[..n].join("\n")),
        )
        .unwrap();
        let history = run_list_json(tmp.path(), &list, &["history", "--json"]);
        let read = history["read"].as_array().unwrap();
        assert_eq!(read.len(), 1, "{history}");
        assert_eq!(read[0]["id"], "2305.14314");
        assert_eq!(read[0]["source"], "list:2");
        let suggest = suggest_after_qlora(tmp.path(), &list);
        // "Other" is no topic to give as a reason.
        for x in suggest["suggestions"].as_array().unwrap() {
            let because = x["because"].to_string();
            assert!(!because.contains("Other"), "{n}: {because}");
        }
    }
}

#[test]
fn an_org_mode_reading_list_reads_its_papers_and_what_was_done() {
    // An Emacs user's list: headlines with task keywords and tags, a property drawer, a
    // paper linked on the line under its headline, plain items with org links and
    // checkboxes, a to-do that is no paper, a code block and a comment.
    let org = "#+TITLE: Reading list\n\
#+TODO: TODO READING | DONE\n\
# kept by Minsu\n\
* Fine-tuning\n\
** DONE [[https://arxiv.org/abs/2305.14314][QLoRA: Efficient Finetuning of Quantized LLMs]] :peft:\n\
CLOSED: [2026-11-20 Fri 10:00]\n\
:PROPERTIES:\n\
:AUTHOR: Dettmers, Tim and Pagnoni, Artidoro\n\
:END:\n\
We present QLoRA, an efficient finetuning approach that reduces memory usage enough to\n\
finetune a 65B parameter model on a single 48GB GPU.\n\
** READING Full Parameter Fine-tuning for Large Language Models with Limited Resources :peft:\n\
https://arxiv.org/abs/2306.09782\n\
** TODO SpQR: A Sparse-Quantized Representation for Near-Lossless LLM Weight Compression\n\
:PROPERTIES:\n\
:URL: https://arxiv.org/abs/2306.03078\n\
:END:\n\
** TODO ask Minsu which GPU the group can use\n\
* Other subjects\n\
- [ ] [[https://arxiv.org/abs/2306.08543][Knowledge Distillation of Large Language Models]]\n\
- [ ] [[https://arxiv.org/abs/2305.11206][LIMA: Less Is More for Alignment]]\n\
- [ ] [[https://arxiv.org/abs/2305.13048][RWKV: Reinventing RNNs for the Transformer Era]]\n\
- [ ] [[https://arxiv.org/abs/2204.14198][Flamingo: a Visual Language Model for Few-Shot Learning]]\n\
- [ ] [[https://arxiv.org/abs/2203.07814][Competition-Level Code Generation with AlphaCode]]\n\
- [ ] [[https://arxiv.org/abs/2306.11644][Textbooks Are All You Need]]\n\
#+BEGIN_SRC shell\n\
- [[https://example.com][not a paper]]\n\
#+END_SRC\n";
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("papers.org");
    std::fs::write(&list, org).unwrap();
    let papers = run_list_json(tmp.path(), &list, &["papers", "--json"]);
    let got: Vec<(&str, u64)> = papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["lines"][0].as_u64().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("2305.14314", 5),
            ("2306.09782", 12),
            ("2306.03078", 14),
            ("2306.08543", 20),
            ("2305.11206", 21),
            ("2305.13048", 22),
            ("2204.14198", 23),
            ("2203.07814", 24),
            ("2306.11644", 25),
        ],
        "{papers}"
    );
    let qlora = by_id(&papers, "2305.14314");
    assert_eq!(
        qlora["title"],
        "QLoRA: Efficient Finetuning of Quantized LLMs"
    );
    assert_eq!(qlora["heading"], "Fine-tuning");
    assert_eq!(qlora["has_abstract"], true, "{qlora}");
    assert_eq!(
        by_id(&papers, "2306.09782")["title"],
        "Full Parameter Fine-tuning for Large Language Models with Limited Resources"
    );

    // DONE is read, READING (the file's own keyword) is not.
    let history = run_list_json(tmp.path(), &list, &["history", "--json"]);
    let read = history["read"].as_array().unwrap();
    assert_eq!(read.len(), 1, "{history}");
    assert_eq!(read[0]["id"], "2305.14314");
    assert_eq!(read[0]["source"], "list:5");
    suggest_after_qlora(tmp.path(), &list);

    // The same list on standard input is told by its org links; `add` writes markdown only.
    assert_eq!(papers_on_stdin(tmp.path(), org)["count"], 9);
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["add", "2305.11206", "--pool"])
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("markdown lists only"));
    assert_eq!(
        std::fs::read_to_string(&list).unwrap(),
        org,
        "the list is untouched"
    );
}

#[test]
fn a_pool_or_a_metadata_file_says_what_it_skipped() {
    // The pool and the metadata file: the BibTeX export, whose broken entry at line 472
    // is skipped (as when it is the list); the list: the RIS export, or a markdown list
    // for `add`, which writes only those.
    let (tmp, ris) = library("ris");
    let md = tmp.path().join("list.md");
    std::fs::write(
        &md,
        "- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)\n",
    )
    .unwrap();
    let bib = repo().join("tests/data/library.bib");
    let bib = bib.to_str().unwrap();
    for (list, args) in [
        (&ris, vec!["suggest", "--pool", bib, "--count", "1"]),
        (&ris, vec!["enrich", "--from", bib]),
        (&md, vec!["add", "vaswani2017attention", "--pool", bib]),
    ] {
        let out = readnext_with_model(tmp.path())
            .arg("--list")
            .arg(list)
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("library.bib:475: entry at line 472 skipped"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_browsers_bookmarks_are_a_reading_list() {
    // Chrome's export of a bookmarks folder, as a member keeps papers while browsing:
    // arXiv's page titles (`[id] Title`), a site's name after a title, a PDF saved under
    // its file name, folders, and a tag saying what was read (Firefox, Raindrop.io).
    let link = |url: &str, title: &str, tags: &str| {
        format!("            <DT><A HREF=\"{url}\" ADD_DATE=\"1690000000\"{tags}>{title}</A>\n")
    };
    let mut html = String::from(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">\n\
         <TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n    <DT><H3>Bookmarks bar</H3>\n    <DL><p>\n        <DT><H3>Fine-tuning &amp; compression</H3>\n        <DL><p>\n",
    );
    html += &link(
        "https://arxiv.org/abs/2305.14314",
        "[2305.14314] QLoRA: Efficient Finetuning of Quantized LLMs",
        " TAGS=\"peft,read\"",
    );
    html += &link(
        "https://arxiv.org/abs/2306.09782",
        "[2306.09782] Full Parameter Fine-tuning for Large Language Models with Limited Resources",
        "",
    );
    html += &link(
        "https://arxiv.org/abs/2306.03078",
        "[2306.03078] SpQR: A Sparse-Quantized Representation for Near-Lossless LLM Weight Compression",
        "",
    );
    html += &link(
        "https://arxiv.org/pdf/2306.08543v4.pdf",
        "2306.08543v4.pdf",
        "",
    );
    html += &link(
        "https://openreview.net/forum?id=KBMOKmX2he",
        "LIMA: Less Is More for Alignment | OpenReview",
        "",
    );
    html += "        </DL><p>\n        <DT><H3>Other models</H3>\n        <DL><p>\n";
    html += &link(
        "https://arxiv.org/abs/2305.13048",
        "[2305.13048] RWKV: Reinventing RNNs for the Transformer Era",
        "",
    );
    html += &link(
        "https://arxiv.org/abs/2204.14198",
        "[2204.14198] Flamingo: a Visual Language Model for Few-Shot Learning",
        "",
    );
    html += &link(
        "https://arxiv.org/abs/2203.07814",
        "[2203.07814] Competition-Level Code Generation with AlphaCode",
        "",
    );
    html += &link(
        "https://arxiv.org/abs/2306.11644",
        "Textbooks Are All You Need - arXiv",
        "",
    );
    html += "        </DL><p>\n    </DL><p>\n</DL><p>\n";
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("bookmarks_12_3_26.html");
    std::fs::write(&list, &html).unwrap();

    let papers = run_list_json(tmp.path(), &list, &["papers", "--json"]);
    let got: Vec<(String, String, String)> = papers["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_string(),
                p["title"].as_str().unwrap().to_string(),
                p["heading"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(got.len(), 9, "{papers}");
    assert_eq!(
        got[0],
        (
            "2305.14314".to_string(),
            "QLoRA: Efficient Finetuning of Quantized LLMs".to_string(),
            "Fine-tuning & compression".to_string()
        )
    );
    assert_eq!(got[3].0, "2306.08543");
    assert_eq!(got[3].1, "arXiv:2306.08543");
    assert_eq!(got[4].1, "LIMA: Less Is More for Alignment");
    assert_eq!(got[5].2, "Other models");
    assert_eq!(got[8].1, "Textbooks Are All You Need");

    // The tag says QLoRA was read; what follows from it is the other ways to fine-tune
    // or shrink a big model on little memory.
    let history = run_list_json(tmp.path(), &list, &["history", "--json"]);
    let read = history["read"].as_array().unwrap();
    assert_eq!(read.len(), 1, "{history}");
    assert_eq!(read[0]["id"], "2305.14314");
    suggest_after_qlora(tmp.path(), &list);
    // The bookmark saved as a PDF is found by its arXiv page.
    let related = run_list_json(
        tmp.path(),
        &list,
        &[
            "related",
            "https://arxiv.org/abs/2306.08543",
            "-k",
            "1",
            "--json",
        ],
    );
    assert_eq!(related["query"]["paper"]["lines"], serde_json::json!([13]));

    // On standard input the export is told by its doctype.
    assert_eq!(papers_on_stdin(tmp.path(), &html)["count"], 9);

    // An .html file that is no bookmarks export is read as markdown, as before.
    let page = tmp.path().join("list.html");
    std::fs::write(
        &page,
        "# Papers\n- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)\n- [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/abs/2305.14314)\n",
    )
    .unwrap();
    let v = run_list_json(tmp.path(), &page, &["papers", "--json"]);
    assert_eq!(v["count"], 2, "{v}");
}

#[test]
fn a_read_tag_of_a_reference_manager_says_what_was_read() {
    // Zotero exports its tags as BibTeX `keywords` and RIS `KW` lines: *read* says the
    // group read LoRA; *_toread* says QLoRA is waiting. Neither is a keyword of the paper.
    let bib = "@article{hu2021lora,\n  title = {{LoRA}: Low-Rank Adaptation of Large Language Models},\n  url = {https://arxiv.org/abs/2106.09685},\n  keywords = {parameter-efficient fine-tuning, read},\n}\n\n\
               @article{dettmers2023qlora,\n  title = {{QLoRA}: Efficient Finetuning of Quantized {LLMs}},\n  url = {https://arxiv.org/abs/2305.14314},\n  keywords = {_toread, quantization},\n}\n\n\
               @article{vaswani2017attention,\n  title = {Attention Is All You Need},\n  url = {https://arxiv.org/abs/1706.03762},\n}\n";
    let ris = "TY  - JOUR\nTI  - LoRA: Low-Rank Adaptation of Large Language Models\nUR  - https://arxiv.org/abs/2106.09685\nKW  - parameter-efficient fine-tuning\nKW  - Read\nER  - \n\n\
               TY  - JOUR\nTI  - QLoRA: Efficient Finetuning of Quantized LLMs\nUR  - https://arxiv.org/abs/2305.14314\nKW  - quantization\nER  - \n";
    for (name, text) in [("zotero.bib", bib), ("zotero.ris", ris)] {
        let tmp = tempfile::tempdir().unwrap();
        let list = tmp.path().join(name);
        std::fs::write(&list, text).unwrap();
        let history = run_list_json(tmp.path(), &list, &["history", "--json"]);
        let read = history["read"].as_array().unwrap();
        assert_eq!(read.len(), 1, "{name}: {history}");
        assert_eq!(read[0]["id"], "2106.09685", "{name}");
        let papers = run_list_json(tmp.path(), &list, &["papers", "--json"]);
        assert_eq!(
            by_id(&papers, "2106.09685")["keywords"],
            serde_json::json!(["parameter-efficient fine-tuning"]),
            "{name}"
        );
        assert_eq!(
            by_id(&papers, "2305.14314")["keywords"],
            serde_json::json!(["quantization"]),
            "{name}"
        );
    }
}

/// The Notion test's papers as a Pocket user saved them: QLoRA finished (archived), the
/// rest waiting; one saved by its PDF's link alone, titled by it.
const SAVED: [(&str, &str, &str); 6] = [
    (
        "QLoRA: Efficient Finetuning of Quantized LLMs",
        "https://arxiv.org/abs/2305.14314",
        "peft",
    ),
    (
        "Full Parameter Fine-tuning for Large Language Models with Limited Resources",
        "https://arxiv.org/abs/2306.09782",
        "peft",
    ),
    (
        "SpQR: A Sparse-Quantized Representation for Near-Lossless LLM Weight Compression",
        "https://arxiv.org/abs/2306.03078",
        "quantization",
    ),
    (
        "https://arxiv.org/pdf/2306.08543",
        "https://arxiv.org/pdf/2306.08543",
        "",
    ),
    (
        "RWKV: Reinventing RNNs for the Transformer Era",
        "https://arxiv.org/abs/2305.13048",
        "",
    ),
    (
        "Flamingo: a Visual Language Model for Few-Shot Learning",
        "https://arxiv.org/abs/2204.14198",
        "multimodal",
    ),
];

#[test]
fn a_read_later_export_is_a_reading_list_whose_archive_was_read() {
    // Pocket's HTML export (`ril_export.html`): an `<h1>` per state, a link per `<li>`,
    // tags in an attribute; Instapaper's; and Pocket's CSV export (tags joined by `|`, a
    // `status` column).
    let li = |(title, url, tags): (&str, &str, &str)| {
        format!("\t\t\t<li><a href=\"{url}\" time_added=\"1700000000\" tags=\"{tags}\">{title}</a></li>\n")
    };
    let mut html = String::from(
        "<!DOCTYPE html>\n<html>\n\t<!--So long and thanks for all the fish-->\n\t<head>\n\t\t<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />\n\t\t<title>Pocket Export</title>\n\t</head>\n\t<body>\n\t\t<h1>Unread</h1>\n\t\t<ul>\n",
    );
    for s in &SAVED[1..] {
        html += &li(*s);
    }
    html += "\t\t</ul>\n\n\t\t<h1>Read Archive</h1>\n\t\t<ul>\n";
    html += &li(SAVED[0]);
    html += "\t\t</ul>\n\t</body>\n</html>\n";
    // Instapaper's HTML export: the same, its archive under `Archive`, a folder of its own.
    let mut instapaper_html = String::from(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />\n<title>Instapaper: Export</title>\n</head>\n<body>\n\n<h1>Unread</h1>\n<ol>\n",
    );
    for (title, url, _) in &SAVED[1..5] {
        instapaper_html += &format!("<li><a href=\"{url}\">{title}</a>\n");
    }
    instapaper_html += "</ol>\n\n<h1>Papers</h1>\n<ol>\n";
    let (title, url, _) = SAVED[5];
    instapaper_html += &format!("<li><a href=\"{url}\">{title}</a>\n");
    instapaper_html += "</ol>\n\n<h1>Archive</h1>\n<ol>\n";
    let (title, url, _) = SAVED[0];
    instapaper_html += &format!("<li><a href=\"{url}\">{title}</a>\n</ol>\n</body>\n</html>\n");
    let mut csv = String::from("title,url,time_added,cursor,tags,status\n");
    // Instapaper's CSV (a `Folder` per page, tags as a list) and Readwise Reader's (a
    // `Location`, its own ids, tags as a Python list).
    let mut instapaper = String::from("URL,Title,Selection,Folder,Timestamp,Tags\n");
    let mut readwise =
        String::from("Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n");
    for (i, (title, url, tags)) in SAVED.iter().enumerate() {
        let status = if i == 0 { "archive" } else { "unread" };
        csv += &format!("\"{title}\",{url},1700000000,,{tags}|2023,{status}\n");
        let (folder, location) = if i == 0 {
            ("Archive", "archive")
        } else {
            ("Unread", "later")
        };
        let quoted = |q: &str| {
            if tags.is_empty() {
                "[]".to_string()
            } else {
                format!("[{q}{tags}{q}]")
            }
        };
        instapaper += &format!(
            "{url},\"{title}\",,{folder},1700000000,\"{}\"\n",
            quoted("\"\"")
        );
        readwise += &format!(
            "\"{title}\",{url},01hd3kq8v1x{i},\"{}\",2023-10-20 10:00:00+00:00,0.5,{location},True\n",
            quoted("'")
        );
    }
    for (name, text) in [
        ("ril_export.html", &html),
        ("instapaper-export.html", &instapaper_html),
        ("part_000000.csv", &csv),
        ("instapaper-export.csv", &instapaper),
        ("readwise-export.csv", &readwise),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let list = tmp.path().join(name);
        std::fs::write(&list, text).unwrap();
        let papers = run_list_json(tmp.path(), &list, &["papers", "--json"]);
        assert_eq!(papers["count"], 6, "{name}: {papers}");
        let qlora = by_id(&papers, "2305.14314");
        assert_eq!(qlora["read"], true, "{name}");
        assert_eq!(by_id(&papers, "2306.03078")["read"], false, "{name}");
        if name == "instapaper-export.html" {
            // (Instapaper's HTML has no tags.)
            assert_eq!(qlora["heading"], "Archive");
            assert_eq!(by_id(&papers, "2204.14198")["heading"], "Papers");
        } else if name.ends_with(".html") {
            assert!(qlora["keywords"].to_string().contains("peft"), "{qlora}");
            assert_eq!(qlora["heading"], "Read Archive");
            assert_eq!(by_id(&papers, "2204.14198")["heading"], "Unread");
        } else if name.starts_with("part") {
            assert_eq!(qlora["keywords"], serde_json::json!(["peft", "2023"]));
        } else {
            assert_eq!(qlora["keywords"], serde_json::json!(["peft"]), "{name}");
        }
        let history = run_list_json(tmp.path(), &list, &["history", "--json"]);
        let read = history["read"].as_array().unwrap();
        assert_eq!(read.len(), 1, "{name}: {history}");
        // (Readwise's own id names its copy of the page, not the paper: the arXiv id does.)
        assert_eq!(read[0]["id"], "2305.14314", "{name}");
        assert_eq!(qlora["id"], "2305.14314", "{name}");
        suggest_after_qlora(tmp.path(), &list);
        // The link saved without a title is named by it, and `check` says so.
        let check = run_list_json(tmp.path(), &list, &["check", "--json"]);
        assert!(
            check.to_string().contains("\"no-title\""),
            "{name}: {check}"
        );
    }
    // On standard input the HTML export is told by its title.
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(papers_on_stdin(tmp.path(), &html)["count"], 6);
}

/// `papers --json` of a list given on standard input; it must succeed.
fn papers_on_stdin(dir: &std::path::Path, text: &str) -> Value {
    json(&ok(readnext_with_model(dir)
        .args(["--list", "-", "papers", "--json"])
        .write_stdin(text.to_string())))
}
