//! Vectorised CPU kernels for the BERT forward, in place on f32 slices: GELU (erf and
//! tanh forms), the row softmax and the layer norm, without scalar `erf`/`exp` calls.
//! exp is Cephes' `expf` (range reduction by ln 2, degree-5 polynomial, 2ⁿ built from the
//! exponent bits; about 1 ulp). erf is Eigen's rational approximation on [-4, 4] (odd
//! degree-13 numerator, even degree-8 denominator; exact to float rounding), so the loops
//! have no calls and vectorise. Each loop is compiled for AVX-512 and for AVX2+FMA and
//! picked at run time. The order of every sum is fixed, and the polynomials' steps are
//! written as `mul_add` (one rounding: an FMA instruction on both vector paths, libm's
//! correctly rounded `fmaf` on the plain one), so every path gives the same bits.

#[inline(always)]
fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2.mul_add(-2.726_142e-10, 2.770_681_4e-8);
    p = x2.mul_add(p, -2.101_024e-6);
    p = x2.mul_add(p, -5.692_506_4e-5);
    p = x2.mul_add(p, -7.349_906_3e-4);
    p = x2.mul_add(p, -2.954_600_1e-3);
    p = x2.mul_add(p, -1.609_603_3e-2);
    p *= x;
    let mut q = x2.mul_add(-1.456_607_2e-5, -2.133_740_6e-4);
    q = x2.mul_add(q, -1.682_827e-3);
    q = x2.mul_add(q, -7.373_329_2e-3);
    q = x2.mul_add(q, -1.426_473_9e-2);
    p / q
}

#[inline(always)]
fn gelu_erf_slice(xs: &mut [f32]) {
    for x in xs.iter_mut() {
        *x = 0.5 * *x * (1.0 + erf(*x * std::f32::consts::FRAC_1_SQRT_2));
    }
}

#[inline(always)]
fn exp(x: f32) -> f32 {
    // Below this, exp underflows to 0 in f32 (as libm does).
    let tiny = x < -87.336_54;
    let x = x.clamp(-87.336_54, 88.376_26);
    let n = x.mul_add(std::f32::consts::LOG2_E, 0.5).floor();
    let r = n.mul_add(-0.693_359_4, x);
    let r = n.mul_add(2.121_944_4e-4, r);
    let z = r * r;
    let mut y = 1.987_569_1e-4f32;
    y = y.mul_add(r, 1.398_199_9e-3);
    y = y.mul_add(r, 8.333_452e-3);
    y = y.mul_add(r, 4.166_579_6e-2);
    y = y.mul_add(r, 1.666_666_5e-1);
    y = y.mul_add(r, 0.5);
    y = y.mul_add(z, r + 1.0);
    // 2ⁿ from n's bits: n is a whole number in [−126, 127] (x is clamped), so adding
    // 1.5·2²³ leaves n in the low bits of the sum exactly. (`n as i32` is the same
    // value, but its saturating conversion kept the loop from vectorising: two thirds
    // of the softmax's time went to per-element NaN checks.)
    let shifted = (n + 12_582_912.0).to_bits().wrapping_sub(0x4b40_0000);
    let pow2 = f32::from_bits(shifted.wrapping_add(127) << 23);
    if tiny {
        0.0
    } else {
        y * pow2
    }
}

/// GELU in its tanh form, `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, with
/// `tanh(u) = 1 - 2/(e^{2u} + 1)`.
#[inline(always)]
fn gelu_tanh_slice(xs: &mut [f32]) {
    const C: f32 = 0.797_884_6; // √(2/π)
    for x in xs.iter_mut() {
        let u = C * (*x + 0.044_715 * *x * *x * *x);
        let t = 1.0 - 2.0 / (exp(2.0 * u) + 1.0);
        *x = 0.5 * *x * (1.0 + t);
    }
}

/// Sum with eight running sums (vectorisable; the order is fixed).
#[inline(always)]
fn sum8(xs: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = xs.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for l in 0..8 {
            acc[l] += c[l];
        }
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

/// Softmax of each row: the maximum, then one pass that takes each value's exp and adds
/// it to sixteen running sums (a row's last values, fewer than sixteen, through one
/// padded vector), then one that scales the row by the inverse of the sum.
#[inline(always)]
fn softmax_rows(xs: &mut [f32], width: usize, scale: f32) {
    for row in xs.chunks_exact_mut(width) {
        let max = max16(row);
        let mut acc = [0f32; 16];
        let mut chunks = row.chunks_exact_mut(16);
        for c in &mut chunks {
            for (a, x) in acc.iter_mut().zip(c.iter_mut()) {
                *x = exp((*x - max) * scale);
                *a += *x;
            }
        }
        let tail = chunks.into_remainder();
        let mut rest = 0f32;
        if !tail.is_empty() {
            let mut pad = [0f32; 16];
            pad[..tail.len()].copy_from_slice(tail);
            for x in pad.iter_mut() {
                *x = exp((*x - max) * scale);
            }
            tail.copy_from_slice(&pad[..tail.len()]);
            rest = tail.iter().sum();
        }
        let half: [f32; 8] = std::array::from_fn(|i| acc[i] + acc[i + 8]);
        let quarter: [f32; 4] = std::array::from_fn(|i| half[i] + half[i + 4]);
        let inv = 1.0 / (((quarter[0] + quarter[2]) + (quarter[1] + quarter[3])) + rest);
        for x in row.iter_mut() {
            *x *= inv;
        }
    }
}

/// The largest value of `xs` (−∞ for none), over sixteen running maxima so the loop
/// vectorises (a fold with `f32::max` is one scalar comparison after another). The
/// maximum of finite values is the same in any order, so the bits of every softmax are
/// unchanged.
#[inline(always)]
fn max16(xs: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; 16];
    let chunks = xs.chunks_exact(16);
    let tail = chunks.remainder();
    for c in chunks {
        for (m, &x) in lanes.iter_mut().zip(c) {
            *m = if x > *m { x } else { *m };
        }
    }
    lanes
        .iter()
        .chain(tail)
        .fold(f32::NEG_INFINITY, |m, &x| if x > m { x } else { m })
}

#[inline(always)]
fn layer_norm_rows(xs: &mut [f32], weight: &[f32], bias: &[f32], eps: f32) {
    let width = weight.len();
    for row in xs.chunks_exact_mut(width) {
        let mean = sum8(row) / width as f32;
        for x in row.iter_mut() {
            *x -= mean;
        }
        let mut acc = [0f32; 8];
        let chunks = row.chunks_exact(8);
        let tail: f32 = chunks.remainder().iter().map(|x| x * x).sum();
        for c in chunks {
            for l in 0..8 {
                acc[l] += c[l] * c[l];
            }
        }
        let sq = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
        let inv = 1.0 / ((sq + tail) / width as f32 + eps).sqrt();
        for ((x, &w), &b) in row.iter_mut().zip(weight).zip(bias) {
            *x = *x * inv * w + b;
        }
    }
}

/// Defines `$name`, which runs `$body` compiled for AVX-512, for AVX2+FMA or plainly,
/// whichever the CPU supports (checked at run time). `$body` is `#[inline(always)]` and
/// its steps are the same on every path (no sum reordered, no multiply fused), so every
/// path gives the same bits.
macro_rules! dispatch {
    ($(#[$doc:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),*) => $body:ident) => {
        $(#[$doc])*
        $vis fn $name($($arg: $ty),*) {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                unsafe fn avx512($($arg: $ty),*) {
                    $body($($arg),*)
                }
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2($($arg: $ty),*) {
                    $body($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU supports AVX-512F (checked just above).
                    return unsafe { avx512($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
                {
                    // SAFETY: the CPU supports AVX2 and FMA (checked just above).
                    return unsafe { avx2($($arg),*) };
                }
            }
            $body($($arg),*)
        }
    };
}

pub(super) use dispatch;

dispatch! {
    /// GELU (erf form, `0.5·x·(1 + erf(x/√2))`) in place.
    pub fn gelu_erf(xs: &mut [f32]) => gelu_erf_slice
}

dispatch! {
    /// GELU (tanh approximation) in place.
    pub fn gelu_tanh(xs: &mut [f32]) => gelu_tanh_slice
}

dispatch! {
    /// Softmax of each `width`-long row of `xs` times `scale` (> 0), in place.
    pub fn softmax(xs: &mut [f32], width: usize, scale: f32) => softmax_rows
}

dispatch! {
    /// Layer norm of each `weight.len()`-long row of `xs`, in place:
    /// `(x - mean) / √(var + eps) · weight + bias`.
    pub fn layer_norm(xs: &mut [f32], weight: &[f32], bias: &[f32], eps: f32) => layer_norm_rows
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
    fn the_vector_maximum_is_the_folds_and_exp_builds_every_power_of_two() {
        let mut rng = crate::rng::Rng::new(5);
        for len in [0, 1, 15, 16, 17, 40, 230] {
            let xs: Vec<f32> = (0..len)
                .map(|_| rng.next_f64() as f32 * 100.0 - 90.0)
                .collect();
            let want = xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            assert_eq!(super::max16(&xs).to_bits(), want.to_bits(), "{len} values");
        }
        // Near every power of two exp can give (each n builds 2ⁿ from its own bits),
        // within rounding of the exact value.
        for n in -125..=127 {
            for x in [
                n as f32 * std::f32::consts::LN_2,
                (n as f32 + 0.3) * std::f32::consts::LN_2,
            ] {
                let (got, want) = (super::exp(x), (x as f64).exp());
                assert!(
                    (got as f64 - want).abs() <= want * 3e-7,
                    "exp({x}) = {got} not {want}"
                );
            }
        }
    }

    #[test]
    fn softmax_layer_norm_and_gelu_tanh_match_plain_formulas() {
        let mut rng = crate::rng::Rng::new(11);
        let xs: Vec<f32> = (0..3 * 37)
            .map(|_| rng.next_f64() as f32 * 8.0 - 4.0)
            .collect();
        let mut sm: Vec<f32> = xs.iter().map(|x| x * 2.0).collect();
        super::softmax(&mut sm, 37, 0.5);
        for (row, got) in xs.chunks(37).zip(sm.chunks(37)) {
            let max = row.iter().fold(f64::MIN, |m, &x| m.max(x as f64));
            let z: f64 = row.iter().map(|&x| (x as f64 - max).exp()).sum();
            for (&x, &g) in row.iter().zip(got) {
                assert!(((x as f64 - max).exp() / z - g as f64).abs() < 1e-6);
            }
        }
        let (w, b): (Vec<f32>, Vec<f32>) = (0..37)
            .map(|i| (1.0 + i as f32 / 37.0, i as f32 * 0.1))
            .unzip();
        let mut ln = xs.clone();
        super::layer_norm(&mut ln, &w, &b, 1e-12);
        for (row, got) in xs.chunks(37).zip(ln.chunks(37)) {
            let mean = row.iter().map(|&x| x as f64).sum::<f64>() / 37.0;
            let var = row.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / 37.0;
            for i in 0..37 {
                let want =
                    (row[i] as f64 - mean) / (var + 1e-12).sqrt() * w[i] as f64 + b[i] as f64;
                assert!((want - got[i] as f64).abs() < 1e-5, "{want} vs {}", got[i]);
            }
        }
        let mut g = xs.clone();
        super::gelu_tanh(&mut g);
        for (&x, &got) in xs.iter().zip(&g) {
            let x = x as f64;
            let want = 0.5
                * x
                * (1.0 + ((2.0 / std::f64::consts::PI).sqrt() * (x + 0.044715 * x.powi(3))).tanh());
            assert!(
                (want - got as f64).abs() < 1e-6,
                "gelu_tanh({x}) = {got} not {want}"
            );
        }
    }

    #[test]
    fn every_path_gives_the_bits_of_the_plain_one() {
        // The dispatched kernels (AVX-512 or AVX2+FMA here) against their bodies compiled
        // plainly, where each `mul_add` is libm's fmaf: one rounding either way. Rows of
        // awkward widths, so that the padded last vector of the softmax is exercised.
        let mut rng = crate::rng::Rng::new(17);
        for width in [1, 15, 16, 17, 31, 235] {
            let xs: Vec<f32> = (0..3 * width)
                .map(|_| rng.next_f64() as f32 * 40.0 - 20.0)
                .collect();
            let (mut fast, mut plain) = (xs.clone(), xs.clone());
            super::softmax(&mut fast, width, 0.17);
            super::softmax_rows(&mut plain, width, 0.17);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&fast), bits(&plain), "softmax, width {width}");
            let (mut fast, mut plain) = (xs.clone(), xs.clone());
            super::gelu_erf(&mut fast);
            super::gelu_erf_slice(&mut plain);
            assert_eq!(bits(&fast), bits(&plain), "gelu_erf, {width} values");
            let (mut fast, mut plain) = (xs.clone(), xs);
            super::gelu_tanh(&mut fast);
            super::gelu_tanh_slice(&mut plain);
            assert_eq!(bits(&fast), bits(&plain), "gelu_tanh, {width} values");
        }
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
