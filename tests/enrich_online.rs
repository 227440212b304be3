//! `readnext enrich --online` against a local HTTP server started by the test on
//! 127.0.0.1 (no test touches the real network): arXiv's Atom for arXiv ids (a 429 with
//! `Retry-After` first, requests kept 3 s apart), OpenAlex by DOI (a 503 first, the
//! abstract as an inverted index) and by title, Crossref (JATS abstract), a malformed
//! answer, an empty search and a response slower than the timeout. Then `--write`.

mod common;

use common::{json, readnext_in};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the server saw.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    query: HashMap<String, String>,
    user_agent: String,
    at: Instant,
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let h =
                    u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap();
                out.push(h);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

const ATOM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>arXiv Query</title>
  <entry>
    <id>http://arxiv.org/abs/2106.09685v2</id>
    <title>LoRA: Low-Rank Adaptation of Large Language Models</title>
    <summary>An important paradigm of natural language processing consists of
      large-scale pre-training on general domain data.</summary>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2305.14314v1</id>
    <title>QLoRA: Efficient Finetuning of Quantized LLMs</title>
    <summary>We present QLoRA, an efficient finetuning approach.</summary>
  </entry>
</feed>"#;

/// What the fake services answer; `n` counts earlier requests with the same path.
fn route(path: &str, q: &HashMap<String, String>, n: usize) -> Reply {
    let search = q
        .get("search")
        .or_else(|| q.get("query.bibliographic"))
        .cloned()
        .unwrap_or_default();
    match path {
        "/arxiv/api/query" if n == 0 => Reply {
            headers: vec![("Retry-After", "1".into())],
            ..reply(429, "slow down")
        },
        "/arxiv/api/query" => reply(200, ATOM),
        "/openalex/works/doi:10.18653/v1/2020.emnlp-main.550" if n == 0 => reply(503, "busy"),
        "/openalex/works/doi:10.18653/v1/2020.emnlp-main.550" => reply(
            200,
            r#"{"title": "Dense Passage Retrieval for Open-Domain Question Answering",
                "abstract_inverted_index": {"Open-domain": [0], "question": [1], "answering": [2], "relies": [3]}}"#,
        ),
        "/openalex/works/doi:10.1/crossref-only" => reply(404, "{}"),
        "/crossref/works/10.1/crossref-only" => reply(
            200,
            r#"{"message": {"title": ["A DOI only Crossref knows"],
                "abstract": "<jats:title>Abstract</jats:title><jats:p>Only Crossref &amp; friends.</jats:p>"}}"#,
        ),
        "/openalex/works" if search.contains("arXiv has lost") => reply(
            200,
            r#"{"results": [{"title": "A Paper arXiv Has Lost", "abstract_inverted_index": {"Found": [0], "again.": [1]}}]}"#,
        ),
        "/openalex/works" if search.contains("Attention") => reply(
            200,
            r#"{"results": [
                {"title": "Attention Is All You Need In Speech Separation", "abstract_inverted_index": {"Wrong": [0]}},
                {"title": "Attention is all you need", "abstract_inverted_index": {"The": [0], "Transformer.": [1]}}]}"#,
        ),
        "/openalex/works" if search.contains("malformed") => reply(200, "<html>oops"),
        "/openalex/works" if search.contains("slowly") => Reply {
            delay: Duration::from_secs(3),
            ..reply(200, r#"{"results": []}"#)
        },
        "/openalex/works" => reply(200, r#"{"results": []}"#),
        "/crossref/works" if search.contains("slowly") => reply(
            200,
            r#"{"message": {"items": [{"title": ["Something else entirely"], "abstract": "<jats:p>no</jats:p>"}]}}"#,
        ),
        "/crossref/works" => reply(200, r#"{"message": {"items": []}}"#),
        _ => reply(404, "not here"),
    }
}

struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

fn handle(stream: TcpStream, seen: Arc<Mutex<Vec<Seen>>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let mut user_agent = String::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("user-agent") {
                user_agent = v.trim().to_string();
            }
        }
    }
    let target = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let path = decode(path);
    let query: HashMap<String, String> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let n = {
        let mut s = seen.lock().unwrap();
        let n = s.iter().filter(|x| x.path == path).count();
        s.push(Seen {
            path: path.clone(),
            query: query.clone(),
            user_agent,
            at: Instant::now(),
        });
        n
    };
    let r = route(&path, &query, n);
    std::thread::sleep(r.delay);
    let mut out = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        r.status,
        r.body.len()
    );
    for (k, v) in &r.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&r.body);
    let mut stream = stream;
    let _ = stream.write_all(out.as_bytes());
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || handle(stream, log));
        }
    });
    Server { base, seen }
}

const LIST: &str = "# Reading list

- [LoRA: Low-Rank Adaptation of Large Language Models](https://arxiv.org/abs/2106.09685)
- [QLoRA: Efficient Finetuning of Quantized LLMs](https://arxiv.org/pdf/2305.14314.pdf)
- [A paper arXiv has lost](https://arxiv.org/abs/2401.00001)
- [Dense Passage Retrieval](https://doi.org/10.18653/v1/2020.emnlp-main.550)
- [A DOI only Crossref knows](https://doi.org/10.1/crossref-only)
- [Attention Is All You Need](https://papers.nips.cc/paper/7181)
- [A title with a malformed answer](https://example.org/m)
- [A title that answers slowly](https://example.org/s)
- [Has an abstract already](https://arxiv.org/abs/2106.00001)
> Given abstract.
";

/// `readnext enrich --online --timeout 1 ARGS` with the three services under `base`.
fn enrich_at(dir: &Path, base: &str, args: &[&str]) -> std::process::Output {
    readnext_in(dir)
        .env("READNEXT_ARXIV_API", format!("{base}/arxiv/api/query"))
        .env("READNEXT_OPENALEX_API", format!("{base}/openalex"))
        .env("READNEXT_CROSSREF_API", format!("{base}/crossref/"))
        .args([
            "--list",
            "papers.md",
            "enrich",
            "--online",
            "--timeout",
            "1",
        ])
        .args(args)
        .output()
        .unwrap()
}

fn enrich(dir: &Path, s: &Server, args: &[&str]) -> std::process::Output {
    enrich_at(dir, &s.base, args)
}

fn sources(dir: &Path) -> HashMap<String, serde_json::Value> {
    let out = readnext_in(dir)
        .args(["--list", "papers.md", "papers", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out);
    v["papers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["title"].as_str().unwrap().to_string(),
                p["abstract_source"].clone(),
            )
        })
        .collect()
}

#[test]
fn online_lookups_retry_pace_and_report_then_write_into_the_list() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("papers.md"), LIST).unwrap();
    let s = serve();

    let out = enrich(dir, &s, &["--json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let v = json(&out);
    let online = &v["online"];
    assert_eq!(online["looked_up"], 8, "{v}");
    assert_eq!(online["found"], 6, "{v}");
    assert_eq!(online["by_source"]["arxiv"], 2);
    assert_eq!(online["by_source"]["openalex"], 3);
    assert_eq!(online["by_source"]["crossref"], 1);
    // The malformed answer and the slow one are reported, not fatal.
    let failures = online["failures"].as_array().unwrap();
    assert!(failures.len() >= 2, "{failures:?}");
    assert!(
        failures
            .iter()
            .any(|f| f.as_str().unwrap().contains("not a JSON answer")),
        "{failures:?}"
    );
    assert!(err.contains("openalex:"), "{err}");

    let src = sources(dir);
    let want = [
        (
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "arxiv",
        ),
        ("QLoRA: Efficient Finetuning of Quantized LLMs", "arxiv"),
        ("A paper arXiv has lost", "openalex"),
        ("Dense Passage Retrieval", "openalex"),
        ("A DOI only Crossref knows", "crossref"),
        ("Attention Is All You Need", "openalex"),
        ("Has an abstract already", "list"),
    ];
    for (title, source) in want {
        assert_eq!(src[title], source, "{title}: {src:?}");
    }
    assert!(src["A title with a malformed answer"].is_null());
    assert!(src["A title that answers slowly"].is_null());
    // The list is untouched; the abstracts are in the cache beside the index.
    assert_eq!(
        std::fs::read_to_string(dir.join("papers.md")).unwrap(),
        LIST
    );
    let cache = std::fs::read_to_string(dir.join(".readnext/papers.md/metadata.jsonl")).unwrap();
    assert_eq!(cache.lines().count(), 6);
    assert!(cache.contains("Open-domain question answering relies"));
    assert!(cache.contains("Only Crossref & friends."));
    assert!(
        cache.contains("The Transformer."),
        "the closest title wins: {cache}"
    );

    let seen = s.seen.lock().unwrap().clone();
    let arxiv: Vec<&Seen> = seen
        .iter()
        .filter(|x| x.path == "/arxiv/api/query")
        .collect();
    assert_eq!(arxiv.len(), 2, "a 429, then the answer");
    assert_eq!(
        arxiv[1].query["id_list"],
        "2106.09685,2305.14314,2401.00001"
    );
    assert!(
        arxiv[1].at.duration_since(arxiv[0].at) >= Duration::from_millis(2900),
        "arXiv requests are kept 3 s apart"
    );
    assert!(seen.iter().all(|x| x.user_agent.starts_with("readnext/")));
    let before = seen.len();

    // Again: what is cached is not asked for; nothing new is found (exit 1); then
    // --write puts the six abstracts under their entries and changes nothing else.
    let out = enrich(dir, &s, &["--json", "--write"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    assert_eq!(v["online"]["looked_up"], 2);
    assert_eq!(v["written"]["abstracts"], 6, "{v}");
    let seen = s.seen.lock().unwrap().clone();
    assert!(seen[before..].iter().all(|x| x.path != "/arxiv/api/query"));
    assert_eq!(
        std::fs::read_to_string(dir.join("papers.md.bak")).unwrap(),
        LIST
    );
    let written = std::fs::read_to_string(dir.join("papers.md")).unwrap();
    let added: Vec<&str> = written
        .lines()
        .filter(|l| !LIST.lines().any(|o| o == *l))
        .collect();
    assert_eq!(added.len(), 6, "{written}");
    assert!(added.iter().all(|l| l.starts_with("> ")));
    let rest: Vec<&str> = written.lines().filter(|l| !added.contains(l)).collect();
    assert_eq!(rest, LIST.lines().collect::<Vec<_>>());
    let src = sources(dir);
    assert_eq!(src["Dense Passage Retrieval"], "list");
    assert_eq!(src["A DOI only Crossref knows"], "list");
}

#[test]
fn offline_wins_and_nothing_answering_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("papers.md"), LIST).unwrap();
    let out = readnext_in(dir)
        .args(["--list", "papers.md", "--offline", "enrich", "--online"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--offline forbids --online"));

    // A closed port: every request fails, exit 2 naming the variables to set.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = enrich_at(dir, &format!("http://127.0.0.1:{port}"), &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no online service answered") && err.contains("READNEXT_ARXIV_API"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("papers.md")).unwrap(),
        LIST
    );

    // --write writes markdown lists only; a JSONL list keeps its abstracts in the cache.
    let jsonl = "{\"title\": \"A paper\"}\n";
    std::fs::write(dir.join("list.jsonl"), jsonl).unwrap();
    let out = readnext_in(dir)
        .args([
            "--list",
            "list.jsonl",
            "enrich",
            "--from",
            "list.jsonl",
            "--write",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("markdown lists only"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("list.jsonl")).unwrap(),
        jsonl
    );
}
