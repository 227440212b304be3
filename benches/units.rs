//! What the CPU's bf16 unit would give a `--precision bf16` path (issue: matrix units):
//! the multiply-add rate of AVX512-BF16's `vdpbf16ps` (two bf16 products into each f32
//! lane) against AVX-512 f32 FMA (`vfmadd231ps`), one core, 12 independent chains of
//! each so that neither waits on its own latency. Throughput is in multiply-adds per
//! second. On a CPU without AVX512-BF16 only the FMA rate is measured (and without
//! AVX-512F, nothing).
//!
//! `cargo bench --bench units`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// Iterations of the 12 chains per measured call.
const STEPS: usize = 100_000;
/// Independent accumulators (registers) per loop.
const CHAINS: usize = 12;

// Index loops over the accumulators: the iterator form compiled to register shuffles and
// spills that halved the FMA rate measured.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::needless_range_loop)]
mod kernels {
    use super::{CHAINS, STEPS};
    use std::arch::x86_64::*;

    /// `STEPS` rounds of one `vdpbf16ps` on each of `CHAINS` accumulators.
    ///
    /// # Safety
    /// The CPU has AVX-512F and AVX512-BF16.
    #[target_feature(enable = "avx512f,avx512bf16")]
    pub unsafe fn bf16_dot(seed: f32) -> f32 {
        // Pairs of bf16 ones and of the seed's upper half: products stay finite.
        let a: __m512bh = std::mem::transmute(_mm512_set1_epi32(0x3f80_3f80));
        let b: __m512bh = _mm512_cvtne2ps_pbh(_mm512_set1_ps(seed), _mm512_set1_ps(seed));
        let mut acc = [_mm512_setzero_ps(); CHAINS];
        for _ in 0..STEPS {
            for k in 0..CHAINS {
                acc[k] = _mm512_dpbf16_ps(acc[k], a, b);
            }
        }
        let mut sum = _mm512_setzero_ps();
        for x in acc {
            sum = _mm512_add_ps(sum, x);
        }
        _mm512_reduce_add_ps(sum)
    }

    /// `STEPS` rounds of one `vfmadd231ps` on each of `CHAINS` accumulators.
    ///
    /// # Safety
    /// The CPU has AVX-512F.
    #[target_feature(enable = "avx512f")]
    pub unsafe fn f32_fma(seed: f32) -> f32 {
        let (a, b) = (_mm512_set1_ps(1.0), _mm512_set1_ps(seed));
        let mut acc = [_mm512_setzero_ps(); CHAINS];
        for _ in 0..STEPS {
            for k in 0..CHAINS {
                acc[k] = _mm512_fmadd_ps(a, b, acc[k]);
            }
        }
        let mut sum = _mm512_setzero_ps();
        for x in acc {
            sum = _mm512_add_ps(sum, x);
        }
        _mm512_reduce_add_ps(sum)
    }
}

fn bench(c: &mut Criterion) {
    #[cfg(target_arch = "x86_64")]
    {
        let mut g = c.benchmark_group("multiply-adds, one core");
        g.sample_size(20);
        if std::arch::is_x86_feature_detected!("avx512f") {
            // 16 lanes, one multiply-add each.
            g.throughput(Throughput::Elements((STEPS * CHAINS * 16) as u64));
            // SAFETY: the CPU has AVX-512F (checked above).
            g.bench_function("f32 FMA (vfmadd231ps)", |b| {
                b.iter(|| unsafe { kernels::f32_fma(std::hint::black_box(1e-7)) })
            });
        }
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bf16")
        {
            // 16 lanes, two bf16 multiply-adds each.
            g.throughput(Throughput::Elements((STEPS * CHAINS * 32) as u64));
            // SAFETY: the CPU has AVX-512F and AVX512-BF16 (checked above).
            g.bench_function("bf16 dot (vdpbf16ps)", |b| {
                b.iter(|| unsafe { kernels::bf16_dot(std::hint::black_box(1e-7)) })
            });
        }
        g.finish();
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = c;
}

criterion_group!(benches, bench);
criterion_main!(benches);
