//! A folder of notes as the list (`--list ~/vault`): the seed list kept as an Obsidian
//! vault, one note a paper, reads as the same papers as the markdown list, and the real
//! model answers on it; notes written by Zotero's and the Web Clipper's plugins and a
//! Logseq page are read from their own fields; other notes are not papers; the vault is
//! never written.

mod common;

use common::{json, ok, readnext_in, readnext_with_model, run_list, seed_list};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A YAML double-quoted value (JSON's string syntax is YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A file name for a title, as a note-taking app makes one (no `/ \ : * ? " < > | # ^ [ ]`).
fn note_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if r#"/\:*?"<>|#^[]"#.contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    name.chars().take(80).collect::<String>().trim().to_string()
}

/// The seed list's papers (`papers --json`).
fn list_papers(dir: &Path) -> Vec<Value> {
    list_papers_of(dir, &seed_list())
}

/// `papers --json` of the list (or folder of notes) `list`.
fn list_papers_of(dir: &Path, list: &Path) -> Vec<Value> {
    let out = ok(readnext_in(dir)
        .arg("--list")
        .arg(list)
        .args(["papers", "--json"]));
    json(&out)["papers"].as_array().unwrap().clone()
}

/// Write the list's papers as a vault under `vault`: a note a paper in a folder named by
/// its heading, fields in front matter; three papers written as plugins write them; a
/// daily note, a project page, a template and Obsidian's own folder beside them.
fn write_vault(vault: &Path, papers: &[Value]) {
    let mut used = std::collections::HashSet::new();
    for p in papers {
        let title = p["title"].as_str().unwrap();
        let mut name = note_name(title);
        while !used.insert(name.to_lowercase()) {
            name.push_str(" 2");
        }
        let folder = p["heading"]
            .as_str()
            .map(note_name)
            .unwrap_or_else(|| "Unsorted".into());
        let url = p["url"].as_str().unwrap();
        let text = match title {
            t if t.starts_with("LoRA: Low-Rank") => format!(
                // Zotero Integration's callouts with Dataview fields, named by citation key.
                "---\ncategory: literaturenote\ncitekey: hu2021lora\nstatus: read\n---\n\
                 > [!Cite]\n> Hu, E. J. et al. (2021).\n\n> [!md]\n> **FirstAuthor**:: Hu, Edward J.\n\
                 > **Title**:: {title}\n> **Year**:: 2021\n> **URL**:: {url}\n\n\
                 > [!abstract]\n> An important paradigm of natural language processing consists of\n\
                 > large-scale pre-training on general domain data and adaptation to particular tasks.\n\n\
                 ## My notes\nRank 8 was enough for us.\n"
            ),
            t if t.starts_with("QLoRA:") => format!(
                // A Logseq page: properties as `key:: value` on the first block.
                "title:: {title}\nurl:: {url}\ntags:: [[quantization]], [[peft]]\n\n- We read it with LoRA.\n"
            ),
            t if t.starts_with("Attention Is All You Need") => format!(
                // The Web Clipper: the page's title as arXiv writes it, the link as `source`.
                "---\ntitle: {}\nsource: {url}\ndescription: The dominant sequence transduction models are based on complex recurrent or convolutional neural networks.\ncreated: 2026-11-01\ntags:\n  - clippings\n---\n",
                quoted(&format!("[1706.03762] {title}"))
            ),
            _ => {
                let mut fm = vec![format!("title: {}", quoted(title))];
                if !url.is_empty() {
                    fm.push(format!("url: {url}"));
                }
                if let Some(a) = p["alias"].as_str() {
                    fm.push(format!("aliases: [{}]", quoted(a)));
                }
                if let Some(d) = p["date"].as_str() {
                    fm.push(format!("year: {}", quoted(d)));
                }
                if let Some(k) = p["keywords"].as_array() {
                    fm.push(format!("tags: {}", Value::Array(k.clone())));
                }
                if p["read"].as_bool() == Some(true) {
                    fm.push("status: read".into());
                }
                format!("---\n{}\n---\n\n# Notes\n", fm.join("\n"))
            }
        };
        let dir = vault.join("Papers").join(&folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.md")), text).unwrap();
    }
    for (rel, text) in [
        (
            "Daily/2026-11-20.md",
            "# 2026-11-20\nRead [[LoRA]] and [[QLoRA]].\n",
        ),
        (
            "Projects/Study group.md",
            "# Study group\n- [[LoRA]]\n- [[QLoRA]]\n",
        ),
        (
            "Templates/Literature note.md",
            "---\ntitle: \"{{title}}\"\ncitekey: \"{{citekey}}\"\n---\n# {{title}}\n",
        ),
        (
            ".obsidian/workspace.md",
            "---\ntitle: Obsidian's own\n---\n",
        ),
    ] {
        let path = vault.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_seed_list_kept_as_a_vault_reads_as_the_list_and_is_answered_on() {
    let tmp = tempfile::tempdir().unwrap();
    let list = list_papers(tmp.path());
    let vault = tmp.path().join("vault");
    write_vault(&vault, &list);
    let before = tree(&vault);

    let out = run_list(tmp.path(), &vault, &["papers", "--json"]);
    let papers = json(&out)["papers"].as_array().unwrap().clone();
    assert_eq!(papers.len(), list.len());
    let by_id: BTreeMap<&str, &Value> = papers
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    for p in &list {
        let id = p["id"].as_str().unwrap();
        let v = by_id
            .get(id)
            .unwrap_or_else(|| panic!("{id} ({}) is not in the vault", p["title"]));
        let title = p["title"].as_str().unwrap();
        let fields: &[&str] = if title.starts_with("LoRA: Low-Rank")
            || title.starts_with("QLoRA:")
            || title.starts_with("Attention Is All You Need")
        {
            &["title", "url"]
        } else {
            &["title", "url", "alias", "date", "keywords", "read"]
        };
        for f in fields {
            assert_eq!(v.get(*f), p.get(*f), "{f} of {title}");
        }
        let file = v["files"][0].as_str().unwrap();
        assert!(
            file.starts_with("Papers/") && file.ends_with(".md"),
            "{file}"
        );
    }
    // The plugins' notes: Zotero's callouts give the abstract (not the reader's notes)
    // and the status; Logseq's tags are keywords; the clipping's page title loses
    // arXiv's `[1706.03762] `, its description is the abstract, `created` is no date.
    let find = |prefix: &str| {
        papers
            .iter()
            .find(|p| p["title"].as_str().unwrap().starts_with(prefix))
            .unwrap()
    };
    let lora = find("LoRA: Low-Rank");
    assert_eq!(lora["has_abstract"], true);
    assert_eq!(lora["read"], true);
    assert_eq!(lora["date"], "2021");
    assert!(lora["ids"]
        .as_array()
        .unwrap()
        .contains(&"hu2021lora".into()));
    assert_eq!(
        find("QLoRA:")["keywords"],
        serde_json::json!(["quantization", "peft"])
    );
    let attention = find("Attention Is All You Need");
    assert_eq!(attention["has_abstract"], true);
    assert!(
        attention.get("date").is_none_or(Value::is_null),
        "{attention}"
    );

    // The table names notes, not lines; `check` names what was not read as a paper.
    let table = String::from_utf8(run_list(tmp.path(), &vault, &["papers"]).stdout).unwrap();
    assert!(table.lines().next().unwrap().contains(" note "), "{table}");
    let check = readnext_in(tmp.path())
        .arg("--list")
        .arg(&vault)
        .args(["check", "--json"])
        .output()
        .unwrap();
    let problems = json(&check)["problems"].as_array().unwrap().clone();
    let skipped = problems
        .iter()
        .find(|p| p["kind"] == "skipped")
        .expect("the notes that are no paper's");
    let said = skipped["message"].as_str().unwrap();
    assert!(
        said.starts_with("3 notes name no paper and were skipped (Daily/2026-11-20.md, Projects/Study group.md, Templates/Literature note.md)"),
        "{said}"
    );
    assert!(problems
        .iter()
        .filter(|p| p["kind"] != "skipped")
        .all(|p| p["file"].as_str().is_some_and(|f| f.starts_with("Papers/"))));

    // The real model answers on the vault as on the list.
    let related = |list: &Path| -> Vec<String> {
        let out = run_list(tmp.path(), list, &["related", "QLoRA", "-k", "5", "--json"]);
        json(&out)["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    };
    let in_vault = related(&vault);
    assert!(
        in_vault[..3]
            .iter()
            .any(|t| t.starts_with("LoRA: Low-Rank Adaptation")),
        "{in_vault:?}"
    );
    // A note names its paper by its path in the vault, or a path to it.
    let qlora_note = find("QLoRA:")["files"][0].as_str().unwrap().to_string();
    let absolute = vault.join(&qlora_note);
    for reference in [qlora_note.as_str(), absolute.to_str().unwrap()] {
        let out = run_list(
            tmp.path(),
            &vault,
            &["related", reference, "-k", "5", "--json"],
        );
        let v = json(&out);
        assert_eq!(v["query"]["paper"]["id"], "2305.14314", "{reference}");
    }
    // A reference that names several papers lists their notes, each a reference itself.
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&vault)
        .args(["related", "GPT"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains("is ambiguous") && err.contains("the note's path"),
        "{err}"
    );
    assert!(
        !err.contains("(vault:"),
        "a note's number is no place: {err}"
    );
    let note = err
        .split(" (Papers/")
        .nth(1)
        .and_then(|rest| rest.split_once(".md)"))
        .map(|(path, _)| format!("Papers/{path}.md"))
        .unwrap_or_else(|| panic!("no note named: {err}"));
    assert!(vault.join(&note).is_file(), "{note}");
    let out = run_list(tmp.path(), &vault, &["related", &note, "--json"]);
    assert!(out.status.success(), "{note}");
    let out = run_list(tmp.path(), &vault, &["suggest", "--json"]);
    let suggest = json(&out);
    let read = &suggest["read"];
    let titles: Vec<&str> = suggest["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 3, "{suggest}");
    assert!(
        !titles.iter().any(|t| t.starts_with("LoRA: Low-Rank")),
        "LoRA's note says it was read: {titles:?} (read: {read})"
    );
    assert_eq!(suggest["cold_start"], false, "{suggest}");
    // `history` names the note that says so.
    let lora_note = find("LoRA: Low-Rank")["files"][0]
        .as_str()
        .unwrap()
        .to_string();
    let history = json(&run_list(tmp.path(), &vault, &["history", "--json"]));
    let from_note = history["read"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "2106.09685")
        .unwrap_or_else(|| panic!("LoRA read: {history}"));
    assert_eq!(
        from_note["source"],
        format!("note:{lora_note}"),
        "{history}"
    );

    // Topics are the graph's communities (a Leiden resolution), not Ward's clusters.
    let out = run_list(tmp.path(), &vault, &["topics", "--json"]);
    let topics = json(&out);
    assert!(topics["resolution"].is_number(), "{}", topics["resolution"]);

    // Markdown to paste into the vault links each paper's note, as Obsidian links notes,
    // from the index's stamp as from a fresh reading.
    let notes: Vec<String> = tree(&vault)
        .into_keys()
        .filter(|n| n.ends_with(".md"))
        .collect();
    for args in [
        &["suggest", "--markdown"][..],
        &["plan", "--weeks", "2", "--markdown"],
        &["topics", "--markdown"],
        &["suggest", "--markdown"],
    ] {
        let out = String::from_utf8(run_list(tmp.path(), &vault, args).stdout).unwrap();
        let links: Vec<&str> = out.lines().filter(|l| l.starts_with("- ")).collect();
        assert!(links.len() >= 3, "{args:?}: {out}");
        for line in links {
            assert!(!line.contains("](http"), "{args:?}: {line}");
            let target = line
                .split_once("[[")
                .and_then(|(_, rest)| rest.split_once("]]"))
                .map(|(link, _)| link.split('|').next().unwrap_or(link))
                .unwrap_or_else(|| panic!("{args:?}: no note link in {line}"));
            let named: Vec<&String> = notes
                .iter()
                .filter(|n| {
                    n.strip_suffix(".md")
                        .is_some_and(|p| p == target || p.rsplit('/').next() == Some(target))
                })
                .collect();
            assert_eq!(named.len(), 1, "{target} names one note: {named:?}");
        }
    }

    // Nothing in the vault was written; the index lies beside it.
    assert_eq!(tree(&vault), before);
    assert!(tmp.path().join(".readnext/vault/CURRENT").is_file());

    // `add` writes a pool paper as a new note, in the folder asked for, and changes no note.
    let pool = tmp.path().join("new.jsonl");
    std::fs::write(
        &pool,
        concat!(
            r#"{"id": "2402.09353", "title": "DoRA: Weight-Decomposed Low-Rank Adaptation", "#,
            r#""published": "2024-02-14", "abstract": "We decompose the pre-trained weight "#,
            r#"into magnitude and direction."}"#,
            "\n",
            r#"{"id": "2106.09685", "title": "LoRA: Low-Rank Adaptation of Large Language Models"}"#,
            "\n"
        ),
    )
    .unwrap();
    let folder = lora_note.rsplit_once('/').map_or("", |x| x.0).to_string();
    let add = |paper: &str, under: &str| {
        readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&vault)
            .args(["add", paper, "--pool"])
            .arg(&pool)
            .args(["--under", under, "--json"])
            .output()
            .unwrap()
    };
    let out = add("DoRA", &folder);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let note = format!("{folder}/DoRA - Weight-Decomposed Low-Rank Adaptation.md");
    assert_eq!(v["note"], note.as_str(), "{v}");
    assert_eq!(v["added"]["id"], "2402.09353");
    let mut after = before.clone();
    let written = std::fs::read(vault.join(&note)).unwrap();
    after.insert(note.clone(), written);
    assert_eq!(tree(&vault), after, "one new note, no note changed");
    let dora = list_papers_of(tmp.path(), &vault)
        .into_iter()
        .find(|p| p["id"] == "2402.09353")
        .expect("DoRA is a paper of the vault");
    assert_eq!(dora["title"], "DoRA: Weight-Decomposed Low-Rank Adaptation");
    assert_eq!(dora["url"], "https://arxiv.org/abs/2402.09353");
    assert_eq!(dora["date"], "2024-02-14");
    assert_eq!(dora["has_abstract"], true, "{dora}");
    assert_eq!(dora["files"][0], note.as_str());
    // Again, or a paper the vault has, or a folder it has not: exit 2, nothing written.
    for (paper, under, says) in [
        ("DoRA", folder.as_str(), format!("its note {note}")),
        ("LoRA", folder.as_str(), format!("its note {lora_note}")),
        (
            "DoRA",
            "No Such Folder",
            "no folder \"No Such Folder\"".to_string(),
        ),
    ] {
        let out = add(paper, under);
        assert_eq!(out.status.code(), Some(2), "{paper} {under}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&says), "{err}");
    }
    assert_eq!(tree(&vault), after);

    // In a Logseq graph a page is named by its title, not its file: the web links stay.
    std::fs::create_dir(vault.join("logseq")).unwrap();
    std::fs::write(
        vault.join("logseq/config.edn"),
        "{:file/name-format :triple-lowbar}\n",
    )
    .unwrap();
    let out =
        String::from_utf8(run_list(tmp.path(), &vault, &["suggest", "--markdown"]).stdout).unwrap();
    let links: Vec<&str> = out.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(links.len(), 3, "{out}");
    assert!(
        links
            .iter()
            .all(|l| !l.contains("[[") && l.contains("](http")),
        "{out}"
    );
}

#[test]
fn a_folder_of_notes_is_a_pool_read_again_when_a_note_changes() {
    let (tmp, list) = common::indexed_workspace();
    let dir = tmp.path();
    std::fs::write(
        dir.join("history.txt"),
        "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n",
    )
    .unwrap();
    let pool = dir.join("inbox");
    let note = |name: &str, title: &str, url: &str| {
        std::fs::create_dir_all(&pool).unwrap();
        std::fs::write(
            pool.join(name),
            format!("---\ntitle: {}\nurl: {url}\n---\n", quoted(title)),
        )
        .unwrap();
    };
    note(
        "DoRA.md",
        "DoRA: Weight-Decomposed Low-Rank Adaptation",
        "https://arxiv.org/abs/2402.09353",
    );
    note(
        "GPTQ.md",
        "GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers",
        "https://arxiv.org/abs/2210.17323",
    );
    note(
        "AlphaFold.md",
        "Highly accurate protein structure prediction with AlphaFold",
        "https://doi.org/10.1038/s41586-021-03819-2",
    );
    let suggest = || -> Vec<String> {
        let out = run_list(
            dir,
            &list,
            &[
                "--history",
                "history.txt",
                "suggest",
                "--pool",
                "inbox",
                "--pool-index-dir",
                "pool-index",
                "--count",
                "3",
                "--json",
            ],
        );
        json(&out)["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    };
    let first = suggest();
    assert_eq!(first.len(), 3, "{first:?}");
    assert!(first[2].contains("AlphaFold"), "{first:?}");
    // A note edited in place leaves the folder's own stamp as it was: it is read again.
    note(
        "DoRA.md",
        "DoRA: Weight-Decomposed Low-Rank Adaptation of Large Language Models",
        "https://arxiv.org/abs/2402.09353",
    );
    let second = suggest();
    assert!(
        second
            .iter()
            .any(|t| t.ends_with("of Large Language Models")),
        "{second:?}"
    );
}

#[test]
fn an_empty_folder_says_what_a_note_needs() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    std::fs::create_dir_all(vault.join(".obsidian")).unwrap();
    std::fs::write(vault.join("readme.txt"), "not a note").unwrap();
    let out = readnext_in(tmp.path())
        .arg("--list")
        .arg(&vault)
        .arg("papers")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no notes found") && err.contains("`.md` note"),
        "{err}"
    );
}
