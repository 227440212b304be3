//! all-MiniLM-style BERT sentence embeddings on the CPU, in f32: tokenization,
//! length-sorted batches cut by a token budget, the [`Encoder`] forward, pooling as the
//! model's sentence-transformers config says, L2 normalisation, output in input order.

use super::config::SentenceConfig;
use super::encoder::{Encoder, Tokens, Workspace};
use super::pooling::pool;
use super::tokenizer::TextTokenizer;
use super::{normalize, Embedder, Precision};
use crate::error::{Error, Result};
use crate::model::registry::Prefixes;
use crate::model::ModelFiles;
use candle_transformers::models::bert::Config;

/// Default largest number of texts run through the network at once.
pub const DEFAULT_BATCH: usize = 64;
/// Default tokens per forward pass at f32.
pub const DEFAULT_TOKEN_BUDGET: usize = 2048;
/// Default tokens per forward pass at int8 and bf16. Their products run 2–3× faster
/// than f32's, so the passes over the activations between them (GELU, conversions,
/// layer norms) weigh more, and a pass of 2,048 tokens has a 12 MB feed-forward buffer
/// that no core's cache holds. 512 keeps it in a 2 MB L2: on 2,000 arXiv abstracts,
/// bf16 on AMX 24,000 → 30,000 tokens/s and int8 19,300 → 22,000 (f32 level either way,
/// so it keeps 2,048). The vectors are the same bits at any budget.
pub const LOW_PRECISION_TOKEN_BUDGET: usize = 512;
/// Smallest token budget a small job is cut down to.
const MIN_TOKEN_BUDGET: usize = 512;
/// A small job is cut into at least this many batches.
const SMALL_JOB_BATCHES: usize = 8;

/// Tokens per forward pass unless told otherwise, at `precision`.
pub fn default_token_budget(precision: Precision) -> usize {
    match precision {
        Precision::F32 => DEFAULT_TOKEN_BUDGET,
        Precision::Int8 | Precision::Bf16 => LOW_PRECISION_TOKEN_BUDGET,
    }
}

/// A loaded BERT sentence encoder.
pub struct BertEmbedder {
    model: Encoder,
    tokenizer: TextTokenizer,
    config: SentenceConfig,
    dimension: usize,
    batch_size: usize,
    /// Tokens per forward pass; `None` for the precision's default.
    token_budget: Option<usize>,
    model_id: String,
    /// Text put before passages and queries (the registry's, for e5 models).
    prefixes: Prefixes,
}

impl BertEmbedder {
    /// Done with the model in a process about to exit: the weights (and their mapping)
    /// are freed now, the tokenizer is left to the exit. A multilingual tokenizer holds
    /// 250,002 pieces, each its own allocation, that nothing needs freed one by one
    /// (with `tokenizers`' own trie that was over a quarter of an e5 `search`, 709 →
    /// 507 ms); freeing the weights costs nothing and keeps them out of the peak memory
    /// of what comes after (mapped pages count in it).
    pub fn finish_for_exit(self) {
        let BertEmbedder { tokenizer, .. } = self;
        std::mem::forget(tokenizer);
    }

    /// Load the model from verified files. The weights are memory-mapped.
    pub fn load(files: &ModelFiles) -> Result<BertEmbedder> {
        BertEmbedder::load_as(files, None)
    }

    /// [`BertEmbedder::load`], the dense layers at `precision` when given (int8
    /// quantises them here). The tokenizer is read on a thread of its own meanwhile:
    /// parsing `tokenizer.json` and quantising the weights are each a good part of a
    /// query's start, and neither needs the other.
    pub fn load_as(files: &ModelFiles, precision: Option<Precision>) -> Result<BertEmbedder> {
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
        let tokenizer_path = need("tokenizer.json")?;
        let weights = need("model.safetensors")?;
        let (tokenizer, model) = std::thread::scope(|s| {
            let tokenizer =
                s.spawn(|| TextTokenizer::read(id, tokenizer_path, sentence.max_seq_length));
            // SAFETY: the file was verified against its pinned sha256 (or hashed, for an
            // unpinned model) just before; readnext never writes to a model file while it
            // is mapped. Another process truncating it meanwhile is outside what mmap can guard.
            let model = unsafe { Encoder::load(weights, &config) }
                .map_err(|e| {
                    Error::model(
                        id,
                        format!("{}: not usable BERT weights ({e})", weights.display()),
                    )
                })
                .map(|mut m| {
                    if let Some(p) = precision.filter(|&p| p != m.precision()) {
                        m.set_precision(p);
                    }
                    m
                });
            let tokenizer = match tokenizer.join() {
                Ok(t) => t,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (tokenizer, model)
        });
        let (tokenizer, model) = (tokenizer?, model?);
        Ok(BertEmbedder {
            model,
            tokenizer,
            dimension: config.hidden_size,
            config: sentence,
            batch_size: DEFAULT_BATCH,
            token_budget: None,
            model_id: id.to_string(),
            prefixes: files
                .spec
                .as_ref()
                .map(|s| s.prefixes.clone())
                .unwrap_or_default(),
        })
    }

    /// Use `precision` for the dense layers (int8 quantises the weights once, here).
    pub fn with_precision(mut self, precision: Precision) -> Self {
        if precision != self.model.precision() {
            self.model.set_precision(precision);
        }
        self
    }

    /// The precision of the dense layers.
    pub fn precision(&self) -> Precision {
        self.model.precision()
    }

    /// At most `n` texts per forward pass.
    pub fn with_batch_size(mut self, n: usize) -> Self {
        self.batch_size = n.max(1);
        self
    }

    /// At most `n` padded tokens per forward pass (a longer text still goes alone).
    pub fn with_token_budget(mut self, n: usize) -> Self {
        self.token_budget = Some(n.max(1));
        self
    }

    /// Tokens per forward pass: as set, else the precision's default.
    pub fn token_budget(&self) -> usize {
        self.token_budget
            .unwrap_or_else(|| default_token_budget(self.precision()))
    }

    /// The sentence-transformers configuration in use.
    pub fn sentence_config(&self) -> &SentenceConfig {
        &self.config
    }

    /// Model id.
    pub fn model_id(&self) -> &str {
        &self.model_id
    }

    /// The prefixes put before passages and queries.
    pub fn prefixes(&self) -> &Prefixes {
        &self.prefixes
    }

    /// Embed `texts`, each after `prefix`.
    fn embed_prefixed(&self, prefix: &str, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if prefix.is_empty() {
            return self.embed_plain(texts);
        }
        let owned: Vec<String> = texts.iter().map(|t| format!("{prefix}{t}")).collect();
        let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
        self.embed_plain(&refs)
    }

    /// Token ids of each text after truncation (special tokens included).
    pub fn token_counts(&self, texts: &[&str]) -> Result<Vec<usize>> {
        let enc = self.tokenizer.encode_batch(texts)?;
        Ok(enc.iter().map(|e| e.get_ids().len()).collect())
    }

    /// Embed one batch: a forward pass over the packed texts, then pooling and
    /// normalisation per text.
    fn embed_batch(
        &self,
        encodings: &[&tokenizers::Encoding],
        ws: &mut Workspace,
    ) -> Result<Vec<Vec<f32>>> {
        let texts: Vec<Tokens> = encodings
            .iter()
            .map(|e| Tokens {
                ids: e.get_ids(),
                types: e.get_type_ids(),
            })
            .collect();
        let hidden = self.model.forward(&texts, ws)?;
        let h = self.model.hidden();
        let mut start = 0;
        let mut out = Vec::with_capacity(texts.len());
        for t in &texts {
            let end = start + t.ids.len() * h;
            let mut v = pool(&hidden[start..end], h, self.config.pooling);
            normalize(&mut v);
            out.push(v);
            start = end;
        }
        Ok(out)
    }
}

impl Embedder for BertEmbedder {
    fn dimension(&self) -> usize {
        self.dimension
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.embed_prefixed(&self.prefixes.passage, texts)
    }

    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.embed_prefixed(&self.prefixes.query, texts)
    }
}

impl BertEmbedder {
    /// Embed texts as given (no prefix).
    fn embed_plain(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self.tokenizer.encode_batch(texts)?;
        // Longest first, ties in input order: a batch's texts have similar lengths.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(encodings[i].get_ids().len()), i));
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        // Batches hold up to `token_budget` tokens, at most `batch_size` texts (a longer
        // text goes alone): many short titles together, few long abstracts.
        // A small job is cut finer (into at least SMALL_JOB_BATCHES batches) so that the
        // cores share it; the cut depends on the texts only, never on the thread count,
        // so vectors stay bit-identical everywhere.
        let total: usize = encodings.iter().map(|e| e.get_ids().len()).sum();
        let budget = self
            .token_budget()
            .min((total / SMALL_JOB_BATCHES).max(MIN_TOKEN_BUDGET));
        let mut chunks: Vec<&[usize]> = Vec::new();
        let mut rest: &[usize] = &order;
        while !rest.is_empty() {
            let mut take = 0;
            let mut tokens = 0;
            while take < rest.len() && take < self.batch_size {
                let len = encodings[rest[take]].get_ids().len();
                if take > 0 && tokens + len > budget {
                    break;
                }
                tokens += len;
                take += 1;
            }
            let (head, tail) = rest.split_at(take);
            chunks.push(head);
            rest = tail;
        }
        // Batches run in parallel, each on one core with its own reused buffers: two
        // cores are better used by two batches than by splitting one. Every batch is
        // computed the same way whatever the thread count, so the vectors are bit-identical.
        // Rayon starts a workspace for each piece of work it splits off, many per call;
        // a fresh one grows its buffers (megabytes, zeroed page by page) again, so the
        // pieces take them from a pool and give them back.
        let pool = std::sync::Mutex::new(Vec::new());
        let results: Vec<Result<Vec<Vec<f32>>>> = {
            use rayon::prelude::*;
            chunks
                .par_iter()
                .map_init(
                    || Pooled::take(&pool),
                    |ws, chunk| {
                        let batch: Vec<&tokenizers::Encoding> =
                            chunk.iter().map(|&i| &encodings[i]).collect();
                        self.embed_batch(&batch, ws.get())
                    },
                )
                .collect()
        };
        for (chunk, vs) in chunks.iter().zip(results) {
            for (&i, v) in chunk.iter().zip(vs?) {
                out[i] = v;
            }
        }
        Ok(out)
    }
}

/// A workspace taken from a pool, given back when dropped.
struct Pooled<'p> {
    ws: Option<Workspace>,
    pool: &'p std::sync::Mutex<Vec<Workspace>>,
}

impl<'p> Pooled<'p> {
    fn take(pool: &'p std::sync::Mutex<Vec<Workspace>>) -> Pooled<'p> {
        // A poisoned pool (a thread panicked holding it) only means no reuse.
        let ws = pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default();
        Pooled { ws: Some(ws), pool }
    }

    fn get(&mut self) -> &mut Workspace {
        self.ws.get_or_insert_with(Workspace::default)
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let (Some(ws), Ok(mut pool)) = (self.ws.take(), self.pool.lock()) {
            pool.push(ws);
        }
    }
}
