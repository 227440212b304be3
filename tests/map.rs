//! The HTML map: topics form regions of the layout and hand-labelled neighbours stay
//! near (against the PCA picture); and in a real headless browser (Debian's chromium,
//! installed when absent; skipped with a message if it cannot be): it loads without
//! errors, draws one point per paper, places topic labels without overlaps, never
//! executes a title or a `javascript:` link, and a screenshot is written to
//! `target/map-screenshot.png` for people to look at.

mod common;

use common::{indexed_workspace, readnext_with_model};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let find = || {
        ["chromium", "chromium-browser", "google-chrome"]
            .iter()
            .find_map(|b| {
                Command::new("which")
                    .arg(b)
                    .output()
                    .ok()
                    .filter(|o| o.status.success())
            })
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim().to_string()))
    };
    if let Some(p) = find() {
        return Some(p);
    }
    eprintln!("installing Debian's chromium for the map test …");
    let _ = Command::new("apt-get").args(["update", "-qq"]).status();
    let _ = Command::new("apt-get")
        .args(["install", "-y", "-qq", "chromium"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status();
    find()
}

fn browser(bin: &Path, profile: &Path) -> Command {
    let mut c = Command::new(bin);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn dump_dom(bin: &Path, profile: &Path, page: &Path) -> String {
    let out = browser(bin, profile)
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn attr<'a>(dom: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let start = dom.find(&key)? + key.len();
    dom[start..].split('"').next()
}

#[test]
fn map_renders_every_paper_offline_and_escapes_titles_and_links() {
    let (tmp, list) = indexed_workspace();
    // A hostile entry: a script in the title and a javascript: link.
    let mut text = std::fs::read_to_string(&list).unwrap();
    text.push_str("\n- [\\<script>document.title='pwned'\\</script>\\<img src=x onerror=\"document.title='pwned'\"> hostile](javascript:document.title='pwned')\n");
    std::fs::write(&list, text).unwrap();
    let page = tmp.path().join("map.html");
    let out = common::ok(readnext_with_model(tmp.path()).args([
        "--list",
        list.to_str().unwrap(),
        "map",
        "--out",
        page.to_str().unwrap(),
        "--json",
    ]));
    let html = std::fs::read_to_string(&page).unwrap();
    // Written again (`-o` is `--out`): the same list gives the same file, byte for byte.
    let again = tmp.path().join("again.html");
    common::ok(readnext_with_model(tmp.path()).args([
        "--list",
        list.to_str().unwrap(),
        "map",
        "-o",
        again.to_str().unwrap(),
    ]));
    assert!(
        std::fs::read(&again).unwrap() == html.as_bytes(),
        "a second map of the same list differs"
    );
    assert!(
        !html.contains("<script>document.title"),
        "the title is escaped in the file"
    );
    assert!(
        html.contains("\\u003cscript\\u003edocument.title"),
        "the hostile title is in the data, escaped"
    );
    for remote in ["http://", "https://"] {
        // Paper links live in the JSON data; nothing is loaded from a network.
        assert!(
            !html.contains(&format!("src=\"{remote}"))
                && !html.contains(&format!("href=\"{remote}"))
        );
    }
    let papers = common::json(&out)["papers"].as_u64().unwrap();
    assert_eq!(papers, 251);

    let Some(bin) = chromium() else {
        eprintln!("skipped: chromium is not installed and could not be installed");
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let dom = dump_dom(&bin, profile.path(), &page);
    assert_eq!(
        attr(&dom, "data-ready"),
        Some("1"),
        "the script ran to the end"
    );
    assert_eq!(attr(&dom, "data-errors"), Some("0"), "no script errors");
    assert_eq!(
        attr(&dom, "data-points"),
        Some("251"),
        "one point per paper"
    );
    assert_eq!(dom.matches("<circle").count(), 251);
    assert_eq!(
        attr(&dom, "data-label-overlaps"),
        Some("0"),
        "topic labels are moved apart until none overlaps another"
    );
    assert!(
        dom.contains("<title>readnext map</title>"),
        "the page title was not hijacked"
    );
    assert!(!dom.contains("onerror=\"document"), "no injected element");

    let shot = common::repo().join("target/map-screenshot.png");
    let out = browser(&bin, profile.path())
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        shot.is_file(),
        "screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("screenshot: {}", shot.display());
}

/// `readnext map ARGS -o DIR/NAME` on `list`: the page's path, its text, and what the
/// command said on stdout.
fn write_map(dir: &Path, list: &Path, args: &[&str], name: &str) -> (PathBuf, String, String) {
    let page = dir.join(name);
    let out = common::ok(
        readnext_with_model(dir)
            .arg("--list")
            .arg(list)
            .arg("map")
            .args(args)
            .arg("-o")
            .arg(&page),
    );
    let html = std::fs::read_to_string(&page).unwrap();
    (
        page,
        html,
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A paper on the map: x, y, topic id, title.
type Point = (f64, f64, u64, String);

/// The papers of a map file, and the ids of "Other".
fn map_points(html: &str) -> (Vec<Point>, Vec<u64>) {
    let start = html
        .find("<script type=\"application/json\"")
        .expect("a data block");
    let body = &html[start..];
    let open = body.find('>').unwrap() + 1;
    let close = body.find("</script>").unwrap();
    let v: serde_json::Value = serde_json::from_str(&body[open..close]).unwrap();
    let points = v["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["x"].as_f64().unwrap(),
                p["y"].as_f64().unwrap(),
                p["topic"].as_u64().unwrap(),
                p["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let other = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["label"].as_str().unwrap_or("").starts_with("Other"))
        .map(|t| t["id"].as_u64().unwrap())
        .collect();
    (points, other)
}

#[test]
fn topics_are_regions_of_the_map_and_hand_labelled_neighbours_stay_near() {
    let (tmp, list) = indexed_workspace();
    let mut share = Vec::new();
    let mut hand = Vec::new();
    // Hand labels of the seed list (dev half), when the shared sets are here.
    let labels: std::collections::HashMap<String, String> = common::shared("eval/topics-dev.tsv")
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .skip(1)
                .filter_map(|l| {
                    let mut c = l.split('\t');
                    Some((c.next()?.trim().to_lowercase(), c.next()?.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    for layout in ["graph", "pca"] {
        let name = format!("{layout}.html");
        let (_, html, _) = write_map(tmp.path(), &list, &["--layout", layout], &name);
        let (points, other) = map_points(&html);
        assert_eq!(points.len(), 250);
        // The library's measure (unit-tested) on the file's own coordinates.
        let coords: Vec<[f32; 2]> = points.iter().map(|p| [p.0 as f32, p.1 as f32]).collect();
        let topic: Vec<Option<usize>> = points
            .iter()
            .map(|p| (!other.contains(&p.2)).then_some(p.2 as usize))
            .collect();
        let names: Vec<&String> = labels.values().collect();
        let hand_label: Vec<Option<usize>> = points
            .iter()
            .map(|p| {
                let l = labels.get(&p.3.trim().to_lowercase())?;
                names.iter().position(|n| *n == l)
            })
            .collect();
        share.push(readnext::map::near_share(&coords, &topic, 5));
        hand.push(readnext::map::near_share(&coords, &hand_label, 5));
    }
    // Measured (README, *Map*): 0.965 of a paper's 5 nearest points share its topic on
    // the graph layout, 0.251 on PCA; its hand label 0.280 and 0.118.
    assert!(share[0] >= 0.85, "topic share on the map {:.3}", share[0]);
    assert!(share[0] >= 2.0 * share[1], "graph {share:?} against PCA");
    if !labels.is_empty() {
        assert!(
            hand[0] >= 0.22,
            "hand-label share on the map {:.3}",
            hand[0]
        );
        assert!(hand[0] > hand[1] + 0.05, "graph {hand:?} against PCA");
    }
}

/// `map --lang ko`: the page, its point details and the Other group's name in Korean, the
/// same points as the English page, and the script runs.
#[test]
fn the_map_speaks_korean_when_asked() {
    let (tmp, list) = indexed_workspace();
    let (_, en, said_en) = write_map(tmp.path(), &list, &["--lang", "en"], "map-en.html");
    let (ko_path, ko, said_ko) = write_map(tmp.path(), &list, &["--lang", "ko"], "map-ko.html");
    assert!(
        said_en.starts_with("wrote ") && said_en.contains("250 papers"),
        "{said_en}"
    );
    assert!(
        said_ko.starts_with("지도를 저장함: ") && said_ko.contains("논문 250편"),
        "{said_ko}"
    );
    assert!(en.contains("<html lang=\"en\">") && en.contains("Circles are papers placed by"));
    assert!(ko.contains("<html lang=\"ko\">") && ko.contains("관련성에 따라"));
    assert!(ko.contains("placeholder=\"제목 검색…\"") && ko.contains("\"papers.md: 논문 250편\""));
    assert!(ko.contains("\"words\":{\"topic\":\"주제\",\"read\":\"읽음\"}"));
    assert!(ko.contains("\"label\":\"기타: 단발성 글과 관련 없는 연구\""));
    assert!(!ko.contains("Circles are papers") && !ko.contains("\"Other: "));
    // The same map in other words: every point where the English page has it.
    let (points_en, other_en) = map_points(&en);
    let (points_ko, _) = map_points(&ko);
    assert_eq!(points_en, points_ko);
    assert_eq!(other_en.len(), 1);

    let Some(bin) = chromium() else {
        eprintln!("skipped: chromium is not installed and could not be installed");
        return;
    };
    let profile = tempfile::tempdir().unwrap();
    let dom = dump_dom(&bin, profile.path(), &ko_path);
    assert_eq!(attr(&dom, "data-errors"), Some("0"), "no script errors");
    assert_eq!(attr(&dom, "data-points"), Some("250"));
}
