//! The sentence-transformers configuration a model ships: pooling mode
//! (`1_Pooling/config.json`), maximum sequence length (`sentence_bert_config.json`)
//! and whether a Normalize module follows (`modules.json`).

use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::Path;

/// How token vectors become one sentence vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    Mean,
    Cls,
    Max,
}

#[derive(Deserialize)]
struct PoolingJson {
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
}

#[derive(Deserialize)]
struct SbertJson {
    max_seq_length: Option<usize>,
}

#[derive(Deserialize)]
struct ModuleJson {
    #[serde(rename = "type")]
    kind: String,
}

/// What the model's own files say about turning tokens into a sentence vector.
#[derive(Debug, Clone)]
pub struct SentenceConfig {
    pub pooling: Pooling,
    pub max_seq_length: usize,
    /// Whether the model ends in a Normalize module. readnext normalises either way
    /// (the index stores unit vectors); this is reported in `model info`.
    pub normalize: bool,
}

fn read_json<T: for<'de> Deserialize<'de>>(model: &str, path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::model(model, format!("{}: {e}", path.display())))
}

impl SentenceConfig {
    /// Read the config files; those that are absent take sentence-transformers' defaults
    /// (mean pooling, the model's position limit).
    pub fn read(
        model: &str,
        pooling: Option<&Path>,
        sbert: Option<&Path>,
        modules: Option<&Path>,
        max_positions: usize,
    ) -> Result<SentenceConfig> {
        let pooling = match pooling {
            Some(p) => {
                let j: PoolingJson = read_json(model, p)?;
                match (
                    j.pooling_mode_mean_tokens,
                    j.pooling_mode_cls_token,
                    j.pooling_mode_max_tokens,
                    j.pooling_mode_mean_sqrt_len_tokens,
                ) {
                    (true, false, false, false) => Pooling::Mean,
                    (false, true, false, false) => Pooling::Cls,
                    (false, false, true, false) => Pooling::Max,
                    _ => {
                        return Err(Error::model(
                            model,
                            format!(
                                "{}: unsupported pooling (readnext supports one of mean, cls, max)",
                                p.display()
                            ),
                        ))
                    }
                }
            }
            None => Pooling::Mean,
        };
        let max_seq_length = match sbert {
            Some(p) => read_json::<SbertJson>(model, p)?
                .max_seq_length
                .unwrap_or(max_positions),
            None => max_positions,
        }
        .min(max_positions);
        let normalize = match modules {
            Some(p) => read_json::<Vec<ModuleJson>>(model, p)?
                .iter()
                .any(|m| m.kind.ends_with("Normalize")),
            None => false,
        };
        Ok(SentenceConfig {
            pooling,
            max_seq_length,
            normalize,
        })
    }
}
