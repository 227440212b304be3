//! The seed list kept in a spreadsheet: `tests/data/reading-list.xlsx` (a sheet of rules
//! first, a title row above the header, every third title linked by a cell hyperlink, the
//! arXiv ids typed as numbers, LoRA and QLoRA ticked, a hidden sheet of other papers) and
//! `.ods` (one plain sheet), made from `data/papers.md` by
//! `tests/data/make_workbooks.py`. Each must read as the list's papers and, the sheet being
//! the group's own order, answer as the list does.

mod common;

use common::{
    json, ok, readnext_with_model, refused, repo, run_list, run_list_json, seed_workspace, titles,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn workbook(dir: &Path, name: &str) -> PathBuf {
    let list = dir.join(name);
    std::fs::copy(repo().join("tests/data").join(name), &list).unwrap();
    list
}

fn papers(v: &Value) -> &Vec<Value> {
    v["papers"].as_array().unwrap()
}

/// Each paper's id and link, in the list's order.
fn ids_and_links(v: &Value) -> Vec<(&str, &str)> {
    papers(v)
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["url"].as_str().unwrap()))
        .collect()
}

#[test]
fn the_seed_list_kept_in_a_workbook_reads_as_the_list() {
    let (tmp, md) = seed_workspace();
    let want = run_list_json(tmp.path(), &md, &["papers", "--json"]);
    for (name, first_row, full) in [
        ("reading-list.xlsx", 4, true),
        ("reading-list.ods", 2, false),
    ] {
        let list = workbook(tmp.path(), name);
        let got = run_list_json(tmp.path(), &list, &["papers", "--json"]);
        assert_eq!(got["count"], 250, "{name}");
        // The line of a paper is its row, as the spreadsheet numbers them.
        assert_eq!(papers(&got)[0]["lines"][0], first_row, "{name}");
        assert_eq!(papers(&got)[1]["lines"][0], first_row + 1, "{name}");
        for (g, w) in papers(&got).iter().zip(papers(&want)) {
            // The id: 13 arXiv ids end in 0 and were typed as numbers (2304.15010 is kept
            // as 2304.1501); a wrong one would be an id of its own beside the link's.
            for field in ["id", "ids", "title", "url", "date"] {
                assert_eq!(g[field], w[field], "{name} {field}: {g}");
            }
            if full {
                for field in ["alias", "has_abstract"] {
                    assert_eq!(g[field], w[field], "{name} {field}: {g}");
                }
            }
            let ticked = ["2106.09685", "2305.14314"].contains(&w["id"].as_str().unwrap());
            assert_eq!(g["read"], ticked, "{name}: {g}");
        }
        assert!(
            !got.to_string().contains("Dropped"),
            "{name}: a hidden sheet is not the list"
        );
    }
}

#[test]
fn a_workbook_answers_as_the_list_does_after_its_ticked_papers() {
    let (tmp, md) = seed_workspace();
    let xlsx = workbook(tmp.path(), "reading-list.xlsx");
    let history = tmp.path().join("read.txt");
    std::fs::write(&history, "2026-11-20\tLoRA\n2026-11-20\tQLoRA\n").unwrap();
    let list_after = |args: &[&str]| {
        let mut all = vec!["--history", history.to_str().unwrap()];
        all.extend_from_slice(args);
        run_list_json(tmp.path(), &md, &all)
    };
    // The same passages: the same neighbours with the same scores (on other lines).
    let unlined = |v: &Value| -> Vec<Value> {
        let mut results = v["results"].as_array().unwrap().clone();
        for r in &mut results {
            r.as_object_mut().unwrap().remove("lines");
        }
        results
    };
    let related = run_list_json(tmp.path(), &xlsx, &["related", "LoRA", "--json"]);
    assert_eq!(
        unlined(&related),
        unlined(&list_after(&["related", "LoRA", "--json"]))
    );
    assert!(titles(&related)[1].starts_with("QLoRA"), "{related}");
    // The sheet is the group's own order, as the list's is: the same topics.
    let topics = |v: &Value| -> Vec<Vec<String>> {
        let mut t: Vec<Vec<String>> = v["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                let mut ids: Vec<String> = papers(t)
                    .iter()
                    .map(|p| p["id"].as_str().unwrap().to_string())
                    .collect();
                ids.sort();
                ids
            })
            .collect();
        t.sort();
        t
    };
    let sheet_topics = run_list_json(tmp.path(), &xlsx, &["topics", "--json"]);
    assert_eq!(
        topics(&sheet_topics),
        topics(&list_after(&["topics", "--json"]))
    );
    // Its ticked boxes are what the group read: the history, and the plan that follows.
    let read = run_list_json(tmp.path(), &xlsx, &["history", "--json"]);
    let sources = common::strings(&read["read"], "source");
    assert_eq!(sources.len(), 2, "{read}");
    assert!(sources.iter().all(|s| s.starts_with("list:")), "{read}");
    let weeks = |v: &Value| common::week_ids(v);
    assert_eq!(
        weeks(&run_list_json(tmp.path(), &xlsx, &["plan", "--json"])),
        weeks(&list_after(&["plan", "--json"]))
    );
}

#[test]
fn a_workbook_on_standard_input_or_under_a_name_that_is_not_one() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(repo().join("tests/data/reading-list.ods")).unwrap();
    let out = ok(readnext_with_model(tmp.path())
        .args(["--list", "-", "papers", "--json"])
        .write_stdin(bytes));
    assert_eq!(json(&out)["count"], 250);
    // A site's "Excel" download that is text (here a CSV) is read as what it is.
    let xls = tmp.path().join("export.xls");
    std::fs::write(
        &xls,
        "Title,URL\nQLoRA: Efficient Finetuning of Quantized LLMs,https://arxiv.org/abs/2305.14314\n",
    )
    .unwrap();
    let v = run_list_json(tmp.path(), &xls, &["papers", "--json"]);
    assert_eq!(papers(&v)[0]["id"], "2305.14314", "{v}");
}

#[test]
fn a_workbook_readnext_cannot_read_is_named_with_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let schedule = workbook(tmp.path(), "schedule.xlsx");
    let broken = tmp.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 the rest of the file was lost").unwrap();
    // Excel 97-2003's format: its reader, given a damaged file, can take all the memory
    // there is (fuzzing found a 54 KB file that took 24 GB).
    let xls = tmp.path().join("old.xls");
    std::fs::write(
        &xls,
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an Excel 97-2003 workbook",
    )
    .unwrap();
    let numbers = tmp.path().join("list.numbers");
    std::fs::write(&numbers, b"PK\x03\x04 an Apple Numbers document").unwrap();
    for (list, says) in [
        (
            &schedule,
            "no sheet has a header row naming a title column (first rows: \"Schedule\": Week, Presenter, Date)",
        ),
        (&broken, "save the sheet as CSV (UTF-8)"),
        (&xls, "an Excel 97-2003 workbook (.xls) or a password-protected one, which readnext does not read; save it as an Excel Workbook (.xlsx)"),
        (&numbers, "an Apple Numbers document"),
    ] {
        let before = std::fs::read(list).unwrap();
        let stderr = refused(tmp.path(), list);
        let name = list.file_name().unwrap().to_str().unwrap();
        assert!(
            stderr.contains(&format!("{name}:1: ")) && stderr.contains(says),
            "{stderr}"
        );
        assert_eq!(std::fs::read(list).unwrap(), before, "never written");
    }
}

#[test]
fn a_sheet_whose_used_area_is_huge_costs_what_its_values_cost() {
    let tmp = tempfile::tempdir().unwrap();
    // Three papers and a note in the sheet's last cell (XFD1048576): read as a grid of its
    // used area, the sheet would be 17 billion cells, and the process was aborted.
    let far = workbook(tmp.path(), "far-corner.xlsx");
    let v = run_list_json(tmp.path(), &far, &["papers", "--json"]);
    assert_eq!(
        ids_and_links(&v),
        [
            ("2106.09685", "https://arxiv.org/abs/2106.09685"),
            // Its link is the title cell's hyperlink: the link column's cell is empty.
            ("2305.14314", "https://arxiv.org/abs/2305.14314"),
            ("1706.03762", "https://arxiv.org/abs/1706.03762"),
        ],
        "{v}"
    );
    assert_eq!(papers(&v)[2]["lines"][0], 4, "{v}");
    // A number repeated over 16,000 columns of 6,000 rows: the spreadsheet reader would
    // build the 96 million cells; the sheet is refused, named, with the fix.
    let repeated = workbook(tmp.path(), "repeated.ods");
    let stderr = refused(tmp.path(), &repeated);
    assert!(
        stderr.contains(
            "repeated.ods:1: sheet \"Papers\" spans 6003 rows by 16000 columns (its rows or cells repeated)"
        ) && stderr.contains("save the sheet as CSV (UTF-8)"),
        "{stderr}"
    );
}

#[test]
fn a_workbook_that_unpacks_to_gigabytes_is_refused_before_it_is_read() {
    use std::io::{Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    // far-corner.xlsx with 640 MiB of one letter in its first title: deflate packs the run
    // into well under a megabyte, and the spreadsheet reader held it all (a 1.5 GB title
    // took 54 s and 6.2 GB).
    let source = std::fs::read(repo().join("tests/data/far-corner.xlsx")).unwrap();
    let mut parts = zip::ZipArchive::new(std::io::Cursor::new(source)).unwrap();
    let bomb = tmp.path().join("bomb.xlsx");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let options = zip::write::SimpleFileOptions::default().large_file(true);
    for at in 0..parts.len() {
        let mut part = parts.by_index(at).unwrap();
        let name = part.name().unwrap().to_string();
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        match xml.split_once("LoRA: Low-Rank") {
            Some((before, after)) if name == "xl/worksheets/sheet1.xml" => {
                out.write_all(before.as_bytes()).unwrap();
                let run = vec![b'a'; 1 << 20];
                for _ in 0..640 {
                    out.write_all(&run).unwrap();
                }
                out.write_all(after.as_bytes()).unwrap();
            }
            _ => out.write_all(xml.as_bytes()).unwrap(),
        }
    }
    out.finish().unwrap();
    let before = std::fs::read(&bomb).unwrap();
    assert!(before.len() < 4 << 20, "{} bytes", before.len());
    let stderr = refused(tmp.path(), &bomb);
    assert!(
        stderr.contains("bomb.xlsx:1: the workbook unpacks to more than 512 MiB (passing it in its part xl/worksheets/sheet1.xml)")
            && stderr.contains("save the sheet as CSV (UTF-8)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&bomb).unwrap(),
        before,
        "the file is never written"
    );
}

#[test]
fn a_workbook_of_a_sheet_a_term_reads_the_first_and_names_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    // Sheets "2026-1" (headed in Korean: 제목, 링크), "2025-2" (a title row, then Title,
    // Link) and "규칙" (the rules, no title column).
    let terms = workbook(tmp.path(), "terms.xlsx");
    let out = run_list(tmp.path(), &terms, &["papers", "--json"]);
    let v = json(&out);
    assert_eq!(
        ids_and_links(&v),
        [
            ("2106.09685", "https://arxiv.org/abs/2106.09685"),
            ("2305.14314", "https://arxiv.org/abs/2305.14314"),
        ],
        "{v}"
    );
    let said = "terms.xlsx: the list is sheet \"2026-1\"; sheet \"2025-2\" is not read, though it names a title column too: move its rows into \"2026-1\"";
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(said), "{stderr}");
    assert!(!stderr.contains("규칙"), "{stderr}");
    // `check` lists it with what the list skipped, in Korean with `--lang ko`.
    let check = run_list_json(tmp.path(), &terms, &["check", "--json"]);
    assert_eq!(check["problems"][0]["kind"], "skipped", "{check}");
    assert!(
        check["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("sheet \"2025-2\" is not read"),
        "{check}"
    );
    let out = run_list(tmp.path(), &terms, &["check", "--lang", "ko"]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("목록은 \"2026-1\" 시트: 제목 열이 있는 \"2025-2\" 시트는 읽지 않음"),
        "{table}"
    );
}
