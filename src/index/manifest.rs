//! The index manifest: what an index was built from, so a mismatch is refused
//! with the fix instead of silently mixing vectors.

use crate::embed::Precision;
use crate::model::registry::Prefixes;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever the on-disk layout changes; older readnext refuses newer indexes.
pub const INDEX_FORMAT_VERSION: u32 = 1;

/// How a paper becomes the text that is embedded.
pub const PASSAGE_FORMAT: &str = "title. abstract (title alone without an abstract)";

/// The model an index was built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelStamp {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    pub weights_sha256: String,
    /// Arithmetic of the dense layers; absent in the manifest means f32.
    #[serde(default, skip_serializing_if = "Precision::is_f32")]
    pub precision: Precision,
    /// Prefixes the passages were embedded with (and queries must be); absent: none.
    #[serde(default, skip_serializing_if = "Prefixes::is_empty")]
    pub prefixes: Prefixes,
    /// Whether the weights are readnext's derivation from another copy (see `model info`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
}

#[cfg(test)]
impl ModelStamp {
    /// The stamp of the unit tests' hashed-trigram embedder (no model files).
    pub(crate) fn for_tests() -> ModelStamp {
        ModelStamp {
            id: "hash".into(),
            revision: None,
            weights_sha256: "none".into(),
            precision: crate::embed::Precision::F32,
            prefixes: Default::default(),
            derived: false,
        }
    }
}

/// Size and CRC-32 of one index file, checked on load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    pub crc32: u32,
}

/// HNSW parameters the graph was built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HnswParams {
    pub max_connections: usize,
    pub ef_construction: usize,
    pub max_layers: usize,
}

/// Everything recorded about one index generation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub readnext_version: String,
    pub model: ModelStamp,
    pub dimension: usize,
    pub normalized: bool,
    pub passage_format: String,
    /// The list file the index was built from, as given.
    pub list: String,
    /// [`crate::corpus::Corpus::content_hash`] of that list.
    pub corpus_hash: String,
    pub papers: usize,
    pub hnsw: HnswParams,
    pub graph_basename: String,
    /// Every data file of the generation with its size and checksum.
    pub files: BTreeMap<String, FileStamp>,
}
