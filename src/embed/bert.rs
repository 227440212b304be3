//! all-MiniLM-style BERT sentence embeddings with Candle on the CPU, in f32:
//! length-sorted batches padded to their longest text, pooling over the attention
//! mask, L2 normalisation, output in input order.

use super::config::{Pooling, SentenceConfig};
use super::lean::LeanBert;
use super::{normalize, Embedder};
use crate::error::{Error, Result};
use crate::model::ModelFiles;
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::Config;
use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

/// Default largest number of texts run through the network at once.
pub const DEFAULT_BATCH: usize = 64;
/// Default padded tokens per forward pass.
pub const DEFAULT_TOKEN_BUDGET: usize = 4096;
/// Smallest padded-token budget a small job is cut down to.
const MIN_TOKEN_BUDGET: usize = 512;
/// A small job is cut into at least this many batches.
const SMALL_JOB_BATCHES: usize = 8;

/// A loaded BERT sentence encoder.
pub struct BertEmbedder {
    model: LeanBert,
    tokenizer: Tokenizer,
    config: SentenceConfig,
    dimension: usize,
    batch_size: usize,
    token_budget: usize,
    model_id: String,
}

fn cerr(e: candle_core::Error) -> Error {
    Error::Embed(e.to_string())
}

impl BertEmbedder {
    /// Load the model from verified files. The weights are memory-mapped.
    pub fn load(files: &ModelFiles) -> Result<BertEmbedder> {
        let id = files.id.as_str();
        let need = |rel: &str| {
            files.file(rel).ok_or_else(|| {
                Error::model(id, format!("{rel} is missing; run `readnext model fetch`"))
            })
        };
        let config_path = need("config.json")?;
        let text = std::fs::read_to_string(config_path).map_err(|e| Error::io(config_path, e))?;
        let config: Config = serde_json::from_str(&text).map_err(|e| {
            Error::model(
                id,
                format!("{}: not a BERT config ({e})", config_path.display()),
            )
        })?;
        let sentence = SentenceConfig::read(
            id,
            files.file("1_Pooling/config.json"),
            files.file("sentence_bert_config.json"),
            files.file("modules.json"),
            config.max_position_embeddings,
        )?;
        let mut tokenizer = Tokenizer::from_file(need("tokenizer.json")?)
            .map_err(|e| Error::model(id, format!("tokenizer.json: {e}")))?;
        // tokenizer.json ships fixed padding and truncation at 128: replace both.
        tokenizer
            .with_truncation(Some(TruncationParams {
                direction: TruncationDirection::Right,
                max_length: sentence.max_seq_length,
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
            }))
            .map_err(|e| Error::model(id, format!("tokenizer.json: {e}")))?;
        tokenizer.with_padding(None);
        let weights = need("model.safetensors")?;
        // SAFETY: the file was verified against its pinned sha256 (or hashed, for an
        // unpinned model) just before; readnext never writes to a model file while it
        // is mapped. Another process truncating it meanwhile is outside what mmap can guard.
        let vb =
            unsafe { VarBuilder::from_mmaped_safetensors(&[weights], DType::F32, &Device::Cpu) }
                .map_err(|e| {
                    Error::model(
                        id,
                        format!("{}: cannot load weights ({e})", weights.display()),
                    )
                })?;
        let model = LeanBert::load(vb, &config).map_err(|e| {
            Error::model(id, format!("{}: not a BERT model ({e})", weights.display()))
        })?;
        if let Some(spec) = &files.spec {
            if spec.dimension != config.hidden_size {
                return Err(Error::model(
                    id,
                    format!(
                        "config.json says dimension {}, the registry {}",
                        config.hidden_size, spec.dimension
                    ),
                ));
            }
        }
        Ok(BertEmbedder {
            model,
            tokenizer,
            dimension: config.hidden_size,
            config: sentence,
            batch_size: DEFAULT_BATCH,
            token_budget: DEFAULT_TOKEN_BUDGET,
            model_id: id.to_string(),
        })
    }

    /// At most `n` texts per forward pass.
    pub fn with_batch_size(mut self, n: usize) -> Self {
        self.batch_size = n.max(1);
        self
    }

    /// At most `n` padded tokens per forward pass (a longer text still goes alone).
    pub fn with_token_budget(mut self, n: usize) -> Self {
        self.token_budget = n.max(1);
        self
    }

    /// The sentence-transformers configuration in use.
    pub fn sentence_config(&self) -> &SentenceConfig {
        &self.config
    }

    /// Model id.
    pub fn model_id(&self) -> &str {
        &self.model_id
    }

    /// Token ids of each text after truncation (special tokens included).
    pub fn token_counts(&self, texts: &[&str]) -> Result<Vec<usize>> {
        let enc = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::Embed(format!("tokenizer: {e}")))?;
        Ok(enc.iter().map(|e| e.get_ids().len()).collect())
    }

    fn embed_batch(&self, encodings: &[&tokenizers::Encoding]) -> Result<Vec<Vec<f32>>> {
        let n = encodings.len();
        let len = encodings
            .iter()
            .map(|e| e.get_ids().len())
            .max()
            .unwrap_or(0)
            .max(1);
        let mut ids = vec![0u32; n * len];
        let mut types = vec![0u32; n * len];
        let mut mask = vec![0u32; n * len];
        for (row, e) in encodings.iter().enumerate() {
            let base = row * len;
            for (j, ((&id, &ty), &m)) in e
                .get_ids()
                .iter()
                .zip(e.get_type_ids())
                .zip(e.get_attention_mask())
                .enumerate()
            {
                ids[base + j] = id;
                types[base + j] = ty;
                mask[base + j] = m;
            }
        }
        let dev = &Device::Cpu;
        let ids = Tensor::from_vec(ids, (n, len), dev).map_err(cerr)?;
        let types = Tensor::from_vec(types, (n, len), dev).map_err(cerr)?;
        let mask = Tensor::from_vec(mask, (n, len), dev).map_err(cerr)?;
        let hidden = self.model.forward(&ids, &types, &mask).map_err(cerr)?;
        let maskf = mask
            .to_dtype(DType::F32)
            .map_err(cerr)?
            .unsqueeze(2)
            .map_err(cerr)?;
        let pooled = match self.config.pooling {
            Pooling::Mean => {
                let summed = hidden
                    .broadcast_mul(&maskf)
                    .map_err(cerr)?
                    .sum(1)
                    .map_err(cerr)?;
                let counts = maskf
                    .sum(1)
                    .map_err(cerr)?
                    .clamp(1e-9f32, f32::MAX)
                    .map_err(cerr)?;
                summed.broadcast_div(&counts).map_err(cerr)?
            }
            Pooling::Cls => hidden
                .narrow(1, 0, 1)
                .map_err(cerr)?
                .squeeze(1)
                .map_err(cerr)?,
            Pooling::Max => {
                // Padding positions get a large negative value so they never win.
                let neg = ((maskf.ones_like().map_err(cerr)? - &maskf).map_err(cerr)? * -1e9f64)
                    .map_err(cerr)?;
                hidden
                    .broadcast_add(&neg)
                    .map_err(cerr)?
                    .max(1)
                    .map_err(cerr)?
            }
        };
        let rows: Vec<Vec<f32>> = pooled
            .to_dtype(DType::F32)
            .map_err(cerr)?
            .to_vec2()
            .map_err(cerr)?;
        Ok(rows
            .into_iter()
            .map(|mut v| {
                normalize(&mut v);
                v
            })
            .collect())
    }
}

impl Embedder for BertEmbedder {
    fn dimension(&self) -> usize {
        self.dimension
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::Embed(format!("tokenizer: {e}")))?;
        // Longest first, ties in input order: batches hold texts of similar length.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(encodings[i].get_ids().len()), i));
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        // Batches hold up to `token_budget` tokens (padded), at most `batch_size` texts:
        // many short titles together, few long abstracts.
        // A small job is cut finer (into at least SMALL_JOB_BATCHES batches) so that the
        // cores share it; the cut depends on the texts only, never on the thread count,
        // so vectors stay bit-identical everywhere.
        let total: usize = encodings.iter().map(|e| e.get_ids().len()).sum();
        let budget = self
            .token_budget
            .min((total / SMALL_JOB_BATCHES).max(MIN_TOKEN_BUDGET));
        let mut chunks: Vec<&[usize]> = Vec::new();
        let mut rest: &[usize] = &order;
        while let Some(&first) = rest.first() {
            let longest = encodings[first].get_ids().len().max(1);
            let take = (budget / longest).clamp(1, self.batch_size).min(rest.len());
            let (head, tail) = rest.split_at(take);
            chunks.push(head);
            rest = tail;
        }
        let run = |chunk: &&[usize]| {
            let batch: Vec<&tokenizers::Encoding> = chunk.iter().map(|&i| &encodings[i]).collect();
            self.embed_batch(&batch)
        };
        // Batches run in parallel (each batch's matmuls also use the pool): two cores are
        // better used by two batches than by splitting one. Every batch is computed the same
        // way whatever the thread count, so the vectors are bit-identical.
        let results: Vec<Result<Vec<Vec<f32>>>> = {
            use rayon::prelude::*;
            chunks.par_iter().map(run).collect()
        };
        for (chunk, vs) in chunks.iter().zip(results) {
            for (&i, v) in chunk.iter().zip(vs?) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}
