//! Texts in, unit vectors out. The embedder knows nothing of papers.

#[cfg(feature = "embedder")]
pub mod bert;
pub mod config;
#[cfg(feature = "embedder")]
pub mod encoder;
#[cfg(feature = "embedder")]
pub mod int8;
#[cfg(feature = "embedder")]
pub mod kernels;
#[cfg(feature = "embedder")]
pub mod matmul;
pub mod pooling;

#[cfg(feature = "embedder")]
pub use bert::BertEmbedder;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Arithmetic of the dense layers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// f32 throughout: the vectors of sentence-transformers (the default).
    #[default]
    F32,
    /// Dense layers in int8 (weights per output row, activations per token), faster
    /// and a little less exact; attention, GELU, softmax and layer norms stay f32.
    Int8,
}

impl Precision {
    /// Its name: `f32` or `int8`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::Int8 => "int8",
        }
    }

    /// Whether this is the default, f32 (manifests leave it out then).
    pub fn is_f32(&self) -> bool {
        *self == Precision::F32
    }
}

impl std::str::FromStr for Precision {
    type Err = Error;
    fn from_str(s: &str) -> Result<Precision> {
        match s {
            "f32" => Ok(Precision::F32),
            "int8" => Ok(Precision::Int8),
            other => Err(Error::Invalid(format!(
                "unknown precision {other:?}: use f32 or int8"
            ))),
        }
    }
}

/// Something that turns texts into L2-normalised vectors of a fixed dimension.
pub trait Embedder {
    /// Vector dimension.
    fn dimension(&self) -> usize;
    /// Embed passages (the texts an index holds); the output is in input order, one
    /// unit vector per text.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>>;
    /// Embed search queries. Models trained with a query prefix (e5's `query: `) get it
    /// here, passages get theirs in [`Embedder::embed`]; without prefixes the two agree.
    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.embed(texts)
    }
}

/// Scale `v` to unit length in place (a zero vector stays zero).
pub fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Dot product of two equally long slices (eight running sums, so the compiler can
/// vectorise it; the order of additions is fixed, so results are deterministic).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; 8];
    let chunks = n / 8;
    for c in 0..chunks {
        let (x, y) = (&a[c * 8..c * 8 + 8], &b[c * 8..c * 8 + 8]);
        for l in 0..8 {
            acc[l] += x[l] * y[l];
        }
    }
    let mut tail = 0f32;
    for i in chunks * 8..n {
        tail += a[i] * b[i];
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

/// A tiny deterministic embedder for unit tests of pure logic: hashed character
/// trigrams, normalised. It is not a language model.
#[derive(Debug, Clone)]
pub struct HashEmbedder {
    pub dimension: usize,
}

impl Embedder for HashEmbedder {
    fn dimension(&self) -> usize {
        self.dimension
    }
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        Ok(texts
            .iter()
            .map(|t| {
                let mut v = vec![0f32; self.dimension];
                let chars: Vec<char> = t.to_lowercase().chars().collect();
                for w in chars.windows(3) {
                    let h = w
                        .iter()
                        .fold(2166136261u32, |h, &c| (h ^ c as u32).wrapping_mul(16777619));
                    v[h as usize % self.dimension] += 1.0;
                }
                normalize(&mut v);
                v
            })
            .collect())
    }
}
