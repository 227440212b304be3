//! Texts in, unit vectors out. The embedder knows nothing of papers.

#[cfg(feature = "embedder")]
pub mod bert;
#[cfg(feature = "embedder")]
pub mod bf16;
pub mod blocked;
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
pub mod tokenizer;
#[cfg(feature = "embedder")]
pub mod unigram;

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
    /// Dense layers on bfloat16 values with f32 sums, on the CPU's matrix units (Intel
    /// AMX) where it has them, and there attention's two products too (GELU, softmax and
    /// layer norms stay f32): close to f32's vectors and, there, faster than int8.
    Bf16,
}

impl Precision {
    /// Its name: `f32`, `int8` or `bf16`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::Int8 => "int8",
            Precision::Bf16 => "bf16",
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
            "bf16" => Ok(Precision::Bf16),
            other => Err(Error::Invalid(format!(
                "unknown precision {other:?}: use f32, int8 or bf16"
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

/// Lanes of [`dot_wide`]: four independent chains of eight.
const WIDE: usize = 32;

/// Dot product with 32 running sums instead of [`dot`]'s 8: four independent chains of
/// additions instead of one, so a single pair of 384-value vectors is not bound by the
/// latency of one chain (about twice as fast as [`dot`] on SSE2, four times with AVX).
/// Its bits differ from [`dot`]'s (another order of additions) but are the same on every
/// machine: the AVX path adds the same lanes in the same order (product, then sum; no
/// fused multiply-add). For the many one-pair distances of the HNSW graph and k-means,
/// where nothing compares them with [`dot`]'s.
pub fn dot_wide(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    #[cfg(target_arch = "x86_64")]
    if n >= WIDE && std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: the CPU has AVX (checked just above); both slices have `n` values.
        return unsafe { dot_wide_avx(a, b) };
    }
    dot_wide_portable(a, b)
}

/// [`dot_wide`] in plain Rust (SSE2 on x86-64).
fn dot_wide_portable(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let mut acc = [0f32; WIDE];
    let chunks = n / WIDE;
    for c in 0..chunks {
        let (x, y) = (&a[c * WIDE..(c + 1) * WIDE], &b[c * WIDE..(c + 1) * WIDE]);
        for l in 0..WIDE {
            acc[l] += x[l] * y[l];
        }
    }
    wide_sum(&acc, &a[chunks * WIDE..], &b[chunks * WIDE..])
}

/// The 32 running sums added in a fixed tree, then the values past the last full chunk.
fn wide_sum(acc: &[f32; WIDE], a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    for (l, x) in lanes.iter_mut().enumerate() {
        *x = (acc[l] + acc[l + 8]) + (acc[l + 16] + acc[l + 24]);
    }
    let mut tail = 0f32;
    for (x, y) in a.iter().zip(b) {
        tail += x * y;
    }
    ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5]))
        + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
        + tail
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn dot_wide_avx(a: &[f32], b: &[f32]) -> f32 {
    use std::arch::x86_64::*;
    let n = a.len().min(b.len());
    let chunks = n / WIDE;
    let mut acc = [_mm256_setzero_ps(); 4];
    for c in 0..chunks {
        for (k, r) in acc.iter_mut().enumerate() {
            let at = c * WIDE + k * 8;
            let x = _mm256_loadu_ps(a.as_ptr().add(at));
            let y = _mm256_loadu_ps(b.as_ptr().add(at));
            *r = _mm256_add_ps(*r, _mm256_mul_ps(x, y));
        }
    }
    let mut lanes = [0f32; WIDE];
    for (k, r) in acc.iter().enumerate() {
        _mm256_storeu_ps(lanes.as_mut_ptr().add(k * 8), *r);
    }
    wide_sum(&lanes, &a[chunks * WIDE..n], &b[chunks * WIDE..n])
}

/// Each query's [`dot`] with each row of `rows` (`dim` values a row): `out[r * q + k]`
/// is query `k`'s with row `r`, bit-identical to [`dot`]. For up to four queries of a
/// width that is a multiple of 8, with AVX: the eight running sums are one register per
/// query (a product, then a sum, as [`dot`] does: no fused multiply-add), all queries
/// against one load of the row, so the scan of a big list is not bound by one chain of
/// additions. Otherwise [`dot`] itself.
pub fn dots(queries: &[&[f32]], rows: &[f32], dim: usize, out: &mut [f32]) {
    let q = queries.len();
    if q == 0 || dim == 0 {
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if q <= 4
        && dim.is_multiple_of(8)
        && queries.iter().all(|x| x.len() == dim)
        && std::arch::is_x86_feature_detected!("avx")
    {
        // SAFETY: the CPU has AVX (checked just above); every query has `dim` values
        // and `dim` is a multiple of 8, which the kernel's loads rely on.
        return unsafe { dots_avx(queries, rows, dim, out) };
    }
    for (row, out) in rows.chunks_exact(dim).zip(out.chunks_exact_mut(q)) {
        for (o, query) in out.iter_mut().zip(queries) {
            *o = dot(query, row);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn dots_avx(queries: &[&[f32]], rows: &[f32], dim: usize, out: &mut [f32]) {
    use std::arch::x86_64::*;
    let q = queries.len();
    let chunks = dim / 8;
    for (row, out) in rows.chunks_exact(dim).zip(out.chunks_exact_mut(q)) {
        let mut acc = [_mm256_setzero_ps(); 4];
        for c in 0..chunks {
            let r = _mm256_loadu_ps(row.as_ptr().add(c * 8));
            for (a, query) in acc.iter_mut().zip(queries) {
                let x = _mm256_loadu_ps(query.as_ptr().add(c * 8));
                *a = _mm256_add_ps(*a, _mm256_mul_ps(x, r));
            }
        }
        for (o, a) in out.iter_mut().zip(&acc) {
            let mut l = [0f32; 8];
            _mm256_storeu_ps(l.as_mut_ptr(), *a);
            // The same order as `dot` (no tail: `dim` is a multiple of 8).
            *o = ((l[0] + l[4]) + (l[1] + l[5])) + ((l[2] + l[6]) + (l[3] + l[7])) + 0.0;
        }
    }
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_wide_dot_is_the_same_bits_on_every_path_and_close_to_dot() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        for n in (0..100).chain([383, 384, 768]) {
            let a: Vec<f32> = (0..n).map(|_| next()).collect();
            let b: Vec<f32> = (0..n).map(|_| next()).collect();
            let wide = super::dot_wide(&a, &b);
            assert_eq!(
                wide.to_bits(),
                super::dot_wide_portable(&a, &b).to_bits(),
                "n {n}"
            );
            #[cfg(target_arch = "x86_64")]
            if n >= super::WIDE && std::arch::is_x86_feature_detected!("avx") {
                // SAFETY: AVX checked just above.
                let avx = unsafe { super::dot_wide_avx(&a, &b) };
                assert_eq!(wide.to_bits(), avx.to_bits(), "n {n}");
            }
            let exact: f64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| f64::from(*x) * f64::from(*y))
                .sum();
            assert!(
                (f64::from(wide) - exact).abs() < 1e-4,
                "n {n}: {wide} vs {exact}"
            );
            assert!((wide - super::dot(&a, &b)).abs() < 1e-4);
        }
    }

    use super::*;

    #[test]
    fn dots_are_the_bits_of_dot() {
        let mut rng = crate::rng::Rng::new(9);
        for (dim, nq) in [(384, 1), (384, 3), (384, 4), (16, 2), (12, 2), (384, 5)] {
            let rows: Vec<f32> = (0..37 * dim).map(|_| rng.next_f64() as f32 - 0.5).collect();
            let qs: Vec<Vec<f32>> = (0..nq)
                .map(|_| (0..dim).map(|_| rng.next_f64() as f32 - 0.5).collect())
                .collect();
            let refs: Vec<&[f32]> = qs.iter().map(|q| q.as_slice()).collect();
            let mut out = vec![0f32; 37 * nq];
            dots(&refs, &rows, dim, &mut out);
            for (r, row) in rows.chunks_exact(dim).enumerate() {
                for (k, q) in refs.iter().enumerate() {
                    assert_eq!(out[r * nq + k].to_bits(), dot(q, row).to_bits());
                }
            }
        }
    }
}
