//! The model's `tokenizer.json`, read once: a Unigram model (multilingual-e5's) through
//! [`UnigramPieces`], which reads e5's in 41 ms instead of 710 (`benches/embed.rs`), every
//! other kind through `tokenizers` as it is. Truncation at the model's length, never
//! padding.

use super::unigram::UnigramPieces;
use crate::error::{Error, Result};
use std::path::Path;
use tokenizers::decoders::DecoderWrapper;
use tokenizers::normalizers::NormalizerWrapper;
use tokenizers::pre_tokenizers::PreTokenizerWrapper;
use tokenizers::processors::PostProcessorWrapper;
use tokenizers::{
    Encoding, Tokenizer, TokenizerImpl, TruncationDirection, TruncationParams, TruncationStrategy,
};

/// A tokenizer with readnext's Unigram model in place of `tokenizers`' own.
type UnigramTokenizer = TokenizerImpl<
    UnigramPieces,
    NormalizerWrapper,
    PreTokenizerWrapper,
    PostProcessorWrapper,
    DecoderWrapper,
>;

/// A model's tokenizer.
pub enum TextTokenizer {
    /// Unigram pieces (SentencePiece models: XLM-RoBERTa, multilingual-e5).
    Unigram(Box<UnigramTokenizer>),
    /// Any other model `tokenizers` reads (WordPiece for MiniLM).
    General(Box<Tokenizer>),
}

impl TextTokenizer {
    /// Read `path` for model `id`, truncating at `max_length` and never padding.
    pub fn read(id: &str, path: &Path, max_length: usize) -> Result<TextTokenizer> {
        let bad = |e: &dyn std::fmt::Display| Error::model(id, format!("tokenizer.json: {e}"));
        let bytes = std::fs::read(path).map_err(|e| bad(&e))?;
        // tokenizer.json ships fixed padding and truncation (128 for MiniLM): replace both.
        let truncation = Some(TruncationParams {
            direction: TruncationDirection::Right,
            max_length,
            strategy: TruncationStrategy::LongestFirst,
            stride: 0,
        });
        // A file that names no Unigram model is not parsed twice; one that does but is
        // not read here (byte fallback) goes to `tokenizers`, whose error is the one a
        // broken file reports.
        if memchr::memmem::find(&bytes, b"\"Unigram\"").is_some() {
            if let Ok(mut tokenizer) = serde_json::from_slice::<UnigramTokenizer>(&bytes) {
                tokenizer.with_truncation(truncation).map_err(|e| bad(&e))?;
                tokenizer.with_padding(None);
                return Ok(TextTokenizer::Unigram(Box::new(tokenizer)));
            }
        }
        let mut tokenizer = Tokenizer::from_bytes(&bytes).map_err(|e| bad(&e))?;
        tokenizer.with_truncation(truncation).map_err(|e| bad(&e))?;
        tokenizer.with_padding(None);
        Ok(TextTokenizer::General(Box::new(tokenizer)))
    }

    /// The encodings of `texts`, special tokens added, in input order.
    pub fn encode_batch(&self, texts: &[&str]) -> Result<Vec<Encoding>> {
        let encoded = match self {
            TextTokenizer::Unigram(t) => t.encode_batch(texts.to_vec(), true),
            TextTokenizer::General(t) => t.encode_batch(texts.to_vec(), true),
        };
        encoded.map_err(|e| Error::Embed(format!("tokenizer: {e}")))
    }
}
