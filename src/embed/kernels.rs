//! Vectorised CPU kernels for the BERT forward: GELU (erf form) and the last-dimension
//! softmax without scalar `erf`/`exp` calls. exp is Cephes' `expf` (range reduction by
//! ln 2, degree-5 polynomial, 2ⁿ built from the exponent bits; about 1 ulp). erf is Eigen's rational approximation on [-4, 4] (odd degree-13 numerator,
//! even degree-8 denominator; exact to float rounding), so the loop has no calls and
//! vectorises; the loop is compiled for AVX-512 and AVX2+FMA and picked at run time.
//! Work is split over rayon's threads in fixed chunks (results do not depend on the
//! number of threads).

use candle_core::{CpuStorage, CustomOp1, Layout, Result, Shape};
use rayon::prelude::*;

#[inline(always)]
fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2 * -2.726_142e-10 + 2.770_681_4e-8;
    p = x2 * p + -2.101_024e-6;
    p = x2 * p + -5.692_506_4e-5;
    p = x2 * p + -7.349_906_3e-4;
    p = x2 * p + -2.954_600_1e-3;
    p = x2 * p + -1.609_603_3e-2;
    p *= x;
    let mut q = x2 * -1.456_607_2e-5 + -2.133_740_6e-4;
    q = x2 * q + -1.682_827e-3;
    q = x2 * q + -7.373_329_2e-3;
    q = x2 * q + -1.426_473_9e-2;
    p / q
}

#[inline(always)]
fn gelu_slice(src: &[f32], dst: &mut [f32]) {
    for (d, &x) in dst.iter_mut().zip(src) {
        *d = 0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2));
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn gelu_avx512(src: &[f32], dst: &mut [f32]) {
    gelu_slice(src, dst)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn gelu_avx2(src: &[f32], dst: &mut [f32]) {
    gelu_slice(src, dst)
}

fn gelu_dispatch(src: &[f32], dst: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            return unsafe { gelu_avx512(src, dst) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU supports AVX2 and FMA (checked just above).
            return unsafe { gelu_avx2(src, dst) };
        }
    }
    gelu_slice(src, dst)
}

#[inline(always)]
fn exp(x: f32) -> f32 {
    // Below this, exp underflows to 0 in f32 (as libm does).
    let tiny = x < -87.336_54;
    let x = x.clamp(-87.336_54, 88.376_26);
    let n = (x * std::f32::consts::LOG2_E + 0.5).floor();
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let z = r * r;
    let mut y = 1.987_569_1e-4f32;
    y = y * r + 1.398_199_9e-3;
    y = y * r + 8.333_452e-3;
    y = y * r + 4.166_579_6e-2;
    y = y * r + 1.666_666_5e-1;
    y = y * r + 0.5;
    y = y * z + r + 1.0;
    let pow2 = f32::from_bits(((n as i32 + 127) as u32) << 23);
    if tiny {
        0.0
    } else {
        y * pow2
    }
}

#[inline(always)]
fn softmax_rows(src: &[f32], dst: &mut [f32], width: usize) {
    for (s, d) in src.chunks_exact(width).zip(dst.chunks_exact_mut(width)) {
        let max = s.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0f32;
        for (o, &x) in d.iter_mut().zip(s) {
            let e = exp(x - max);
            *o = e;
            sum += e;
        }
        let inv = 1.0 / sum;
        for o in d.iter_mut() {
            *o *= inv;
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn softmax_avx512(src: &[f32], dst: &mut [f32], width: usize) {
    softmax_rows(src, dst, width)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn softmax_avx2(src: &[f32], dst: &mut [f32], width: usize) {
    softmax_rows(src, dst, width)
}

fn softmax_dispatch(src: &[f32], dst: &mut [f32], width: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked just above).
            return unsafe { softmax_avx512(src, dst, width) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU supports AVX2 and FMA (checked just above).
            return unsafe { softmax_avx2(src, dst, width) };
        }
    }
    softmax_rows(src, dst, width)
}

/// Softmax over the last dimension, as a Candle op.
pub struct FastSoftmax;

impl CustomOp1 for FastSoftmax {
    fn name(&self) -> &'static str {
        "fast-softmax-last-dim"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("fast-softmax: only f32 is supported");
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("fast-softmax: the input must be contiguous");
        };
        let width = layout.shape().dims().last().copied().unwrap_or(1).max(1);
        let src = &data[start..end];
        let mut out = vec![0f32; src.len()];
        // Whole rows per chunk: about CHUNK elements.
        let rows = (CHUNK / width).max(1) * width;
        out.par_chunks_mut(rows)
            .zip(src.par_chunks(rows))
            .for_each(|(d, s)| softmax_dispatch(s, d, width));
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }
}

/// Elements per parallel chunk.
const CHUNK: usize = 1 << 14;

/// GELU in its erf form, `0.5·x·(1 + erf(x/√2))`, as a Candle op.
pub struct FastGelu;

impl CustomOp1 for FastGelu {
    fn name(&self) -> &'static str {
        "fast-gelu-erf"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let CpuStorage::F32(data) = storage else {
            candle_core::bail!("fast-gelu-erf: only f32 is supported");
        };
        let Some((start, end)) = layout.contiguous_offsets() else {
            candle_core::bail!("fast-gelu-erf: the input must be contiguous");
        };
        let src = &data[start..end];
        let mut out = vec![0f32; src.len()];
        out.par_chunks_mut(CHUNK)
            .zip(src.par_chunks(CHUNK))
            .for_each(|(d, s)| gelu_dispatch(s, d));
        Ok((CpuStorage::F32(out), layout.shape().clone()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn exp_matches_std_within_an_ulp_or_two() {
        // Down to where f32 results turn subnormal (flushed to 0 here).
        for i in -1990..=2000 {
            let x = i as f32 * 0.0437;
            let (got, want) = (super::exp(x), x.exp());
            assert!(
                (got - want).abs() <= want * 3e-7,
                "exp({x}) = {got} not {want}"
            );
        }
        assert_eq!(super::exp(-1e30), 0.0);
        assert_eq!(super::exp(f32::MIN), 0.0);
    }

    #[test]
    fn erf_matches_the_reference_values() {
        // erf at a few points (from tables), and its limits.
        for (x, want) in [
            (0.0f32, 0.0f32),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (2.0, 0.995_322_3),
            (-1.5, -0.966_105_1),
            (6.0, 1.0),
        ] {
            assert!(
                (super::erf(x) - want).abs() < 2e-7,
                "erf({x}) = {} not {want}",
                super::erf(x)
            );
        }
    }
}
