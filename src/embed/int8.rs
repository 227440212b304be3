//! The optional int8 path of the dense layers (`--precision int8`): weights quantised once per
//! output row, activations per token row at each product, products accumulated exactly
//! in i32 with AVX-512 VNNI (`vpdpbusd`) where the CPU has it, plainly otherwise. The
//! integer sums are exact, so both paths give the same bits.
//!
//! For a token row x and a weight row w: x ≈ sx·qx (qx in −127..=127, stored as
//! qx + 128 in a u8 because `vpdpbusd` multiplies unsigned by signed bytes), w ≈ sw·qw,
//! and x·w ≈ sx·sw·(Σ (qx+128)·qw − 128·Σ qw).

/// Outputs per VNNI lane group (one 512-bit register of i32 sums).
const LANES: usize = 16;

/// A weight matrix `out × inp` quantised to i8 per output row, packed for the kernel:
/// for each block of 16 outputs and each group of 4 inputs, 64 bytes (4 inputs of
/// output 0, 4 of output 1, …).
pub struct QuantDense {
    packed: Vec<i8>,
    /// Scale of each output row.
    scale: Vec<f32>,
    /// 128 · Σ qw of each output row (the offset correction).
    offset: Vec<i32>,
    /// Inputs padded to a multiple of 4.
    k4: usize,
    out: usize,
}

impl QuantDense {
    /// Quantise a row-major `out × inp` weight matrix. Each row is quantised into a
    /// scratch row by loops the compiler vectorises, then laid out four bytes at a time
    /// (the same bytes as `QuantDense::new_plain`, tested; this runs on every start of
    /// a query on an int8 index).
    pub fn new(weight: &[f32], out: usize, inp: usize) -> QuantDense {
        let k4 = inp.div_ceil(4) * 4;
        let blocks = out.div_ceil(LANES);
        let mut packed = vec![0i8; blocks * LANES * k4];
        let mut scale = vec![0f32; out];
        let mut offset = vec![0i32; out];
        let mut q = vec![0i8; k4];
        for (o, row) in weight.chunks_exact(inp).take(out).enumerate() {
            let s = row_scale(row);
            scale[o] = s;
            let inv = 1.0 / s;
            offset[o] = 128 * quantize_weights(row, inv, &mut q[..inp]);
            let (block, lane) = (o / LANES, o % LANES);
            let base = block * LANES * k4 + lane * 4;
            for (g, four) in q.chunks_exact(4).enumerate() {
                let at = base + g * LANES * 4;
                packed[at..at + 4].copy_from_slice(four);
            }
        }
        QuantDense {
            packed,
            scale,
            offset,
            k4,
            out,
        }
    }

    /// The element-by-element form of [`QuantDense::new`], kept as its reference.
    #[cfg(test)]
    fn new_plain(weight: &[f32], out: usize, inp: usize) -> QuantDense {
        let k4 = inp.div_ceil(4) * 4;
        let blocks = out.div_ceil(LANES);
        let mut packed = vec![0i8; blocks * LANES * k4];
        let mut scale = vec![0f32; out];
        let mut offset = vec![0i32; out];
        for o in 0..out {
            let row = &weight[o * inp..(o + 1) * inp];
            let max = row.iter().fold(0f32, |m, &w| m.max(w.abs()));
            let s = if max > 0.0 { max / 127.0 } else { 1.0 };
            scale[o] = s;
            let inv = 1.0 / s;
            let (block, lane) = (o / LANES, o % LANES);
            let mut sum = 0i32;
            for (k, &w) in row.iter().enumerate() {
                let v = w * inv;
                let q = (v + 0.5f32.copysign(v)).clamp(-127.0, 127.0) as i8;
                sum += q as i32;
                let at = block * LANES * k4 + (k / 4) * LANES * 4 + lane * 4 + k % 4;
                packed[at] = q;
            }
            offset[o] = 128 * sum;
        }
        QuantDense {
            packed,
            scale,
            offset,
            k4,
            out,
        }
    }
}

/// A weight row's scale: its largest magnitude over 127 (1 for a row of zeros). The
/// maximum is taken over 16 lanes, then across them (the same value in any order).
fn row_scale(row: &[f32]) -> f32 {
    let mut lanes = [0f32; 16];
    let mut chunks = row.chunks_exact(16);
    for c in &mut chunks {
        for (m, &w) in lanes.iter_mut().zip(c) {
            let a = w.abs();
            *m = if a > *m { a } else { *m };
        }
    }
    let mut max = lanes.iter().fold(0f32, |m, &x| m.max(x));
    for &w in chunks.remainder() {
        max = max.max(w.abs());
    }
    if max > 0.0 {
        max / 127.0
    } else {
        1.0
    }
}

/// One weight quantised: `w / scale` rounded half away from zero (by hand: a
/// truncating cast, no libm call), clamped to ±127.
#[inline(always)]
fn quantize_weight(w: f32, inv: f32) -> i8 {
    let v = w * inv;
    (v + 0.5f32.copysign(v)).clamp(-127.0, 127.0) as i8
}

/// A weight row quantised into `q` ([`quantize_weight`] each); returns the sum of `q`.
fn quantize_weights(row: &[f32], inv: f32, q: &mut [i8]) -> i32 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has AVX-512F (checked just above).
        return unsafe { quantize_weights_avx512(row, inv, q) };
    }
    let mut sum = 0i32;
    for (q, &w) in q.iter_mut().zip(row) {
        *q = quantize_weight(w, inv);
        sum += *q as i32;
    }
    sum
}

/// [`quantize_weights`] sixteen at a time: the same multiply, the same add of ±0.5, the
/// same clamp and a truncating conversion, so the same bytes for every finite weight
/// (model files are checked against pinned hashes; a NaN weight is not among them).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn quantize_weights_avx512(row: &[f32], inv: f32, q: &mut [i8]) -> i32 {
    use std::arch::x86_64::*;
    let n = row.len().min(q.len());
    let full = n / 16 * 16;
    let vinv = _mm512_set1_ps(inv);
    let half = _mm512_set1_ps(0.5);
    let sign = _mm512_set1_epi32(i32::MIN);
    let (lo, hi) = (_mm512_set1_ps(-127.0), _mm512_set1_ps(127.0));
    let mut sums = _mm512_setzero_si512();
    for c in (0..full).step_by(16) {
        let v = _mm512_mul_ps(_mm512_loadu_ps(row.as_ptr().add(c)), vinv);
        // copysign(0.5, v): 0.5's bits with v's sign bit.
        let signed_half = _mm512_castsi512_ps(_mm512_or_si512(
            _mm512_castps_si512(half),
            _mm512_and_si512(_mm512_castps_si512(v), sign),
        ));
        let t = _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(v, signed_half), lo), hi);
        let i = _mm512_cvttps_epi32(t);
        sums = _mm512_add_epi32(sums, i);
        _mm_storeu_si128(
            q.as_mut_ptr().add(c) as *mut __m128i,
            _mm512_cvtepi32_epi8(i),
        );
    }
    let mut sum = _mm512_reduce_add_epi32(sums);
    for (q, &w) in q[full..n].iter_mut().zip(&row[full..n]) {
        *q = quantize_weight(w, inv);
        sum += *q as i32;
    }
    sum
}

/// Token rows quantised for [`QuantDense`]: u8 values (offset by 128), a scale per row.
#[derive(Default)]
pub struct QuantRows {
    values: Vec<u8>,
    scale: Vec<f32>,
    k4: usize,
}

impl QuantRows {
    /// Quantise `n` rows of `k` values (row stride `k`), reusing this buffer.
    pub fn quantize(&mut self, x: &[f32], n: usize, k: usize) {
        let k4 = k.div_ceil(4) * 4;
        self.k4 = k4;
        if k4 != k {
            // Padding columns must read as zero (128); the other bytes are all written below.
            self.values.clear();
        }
        self.values.resize(n * k4, 128);
        self.scale.clear();
        self.scale.resize(n, 1.0);
        quantize_rows(&x[..n * k], k, &mut self.values, &mut self.scale);
    }

    fn rows(&self) -> usize {
        self.scale.len()
    }
}

#[inline(always)]
fn quantize_rows_slice(x: &[f32], k: usize, values: &mut [u8], scales: &mut [f32]) {
    let k4 = values.len() / scales.len().max(1);
    for ((row, q), s) in x
        .chunks_exact(k)
        .zip(values.chunks_exact_mut(k4))
        .zip(scales.iter_mut())
    {
        let mut max = 0f32;
        for &v in row {
            let a = v.abs();
            max = if a > max { a } else { max };
        }
        *s = if max > 0.0 { max / 127.0 } else { 1.0 };
        let inv = 1.0 / *s;
        for (q, &v) in q.iter_mut().zip(row) {
            *q = ((v * inv).round_ties_even().clamp(-127.0, 127.0) as i32 + 128) as u8;
        }
    }
}

/// Quantise rows of `k` values into `values` (rows `values.len() / scales.len()`
/// apart, offset by 128) and their scales; rounding is to nearest, ties to even, on
/// every path.
fn quantize_rows(x: &[f32], k: usize, values: &mut [u8], scales: &mut [f32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f") {
        // SAFETY: the CPU has AVX-512F (checked just above).
        return unsafe { quantize_rows_avx512(x, k, values, scales) };
    }
    quantize_rows_slice(x, k, values, scales)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn quantize_rows_avx512(x: &[f32], k: usize, values: &mut [u8], scales: &mut [f32]) {
    use std::arch::x86_64::*;
    let k4 = values.len() / scales.len().max(1);
    let full = k / 16 * 16;
    for ((row, q), s) in x
        .chunks_exact(k)
        .zip(values.chunks_exact_mut(k4))
        .zip(scales.iter_mut())
    {
        let mut m = _mm512_setzero_ps();
        for c in (0..full).step_by(16) {
            m = _mm512_max_ps(m, _mm512_abs_ps(_mm512_loadu_ps(row.as_ptr().add(c))));
        }
        let mut max = _mm512_reduce_max_ps(m);
        for &v in &row[full..] {
            max = max.max(v.abs());
        }
        *s = if max > 0.0 { max / 127.0 } else { 1.0 };
        let inv = 1.0 / *s;
        let vinv = _mm512_set1_ps(inv);
        let (lo, hi, off) = (
            _mm512_set1_epi32(-127),
            _mm512_set1_epi32(127),
            _mm512_set1_epi32(128),
        );
        for c in (0..full).step_by(16) {
            // cvtps rounds to nearest, ties to even (the default MXCSR mode).
            let v = _mm512_cvtps_epi32(_mm512_mul_ps(_mm512_loadu_ps(row.as_ptr().add(c)), vinv));
            let v = _mm512_add_epi32(_mm512_min_epi32(_mm512_max_epi32(v, lo), hi), off);
            _mm_storeu_si128(
                q.as_mut_ptr().add(c) as *mut __m128i,
                _mm512_cvtepi32_epi8(v),
            );
        }
        for (q, &v) in q[full..k].iter_mut().zip(&row[full..]) {
            *q = ((v * inv).round_ties_even().clamp(-127.0, 127.0) as i32 + 128) as u8;
        }
    }
}

/// `dst (+)= x·Wᵀ` for the quantised rows and weights, `dst` rows `stride` apart.
pub fn matmul(dst: &mut [f32], stride: usize, x: &QuantRows, w: &QuantDense, accumulate: bool) {
    assert_eq!(x.k4, w.k4, "int8 matmul: inner dimensions differ");
    let n = x.rows();
    assert!(
        n == 0 || (n - 1) * stride + w.out <= dst.len(),
        "int8 matmul: the destination overruns its slice"
    );
    let blocks = w.out.div_ceil(LANES);
    // Whole blocks of 16 outputs (a last partial block, if `out` is not a multiple of
    // 16, goes the plain way).
    let whole = w.out / LANES;
    let vnni = has_vnni();
    let mut r = 0;
    while r < n {
        let rows = (n - r).min(4);
        let mut b = 0;
        while b < blocks {
            let nb = (blocks - b).min(4);
            if vnni && b + nb <= whole {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: the CPU has AVX-512 BW and VNNI (checked above). The tile reads
                // rows r..r+rows (rows ≤ 4) of `x` (n rows of k4 bytes) and whole blocks
                // b..b+nb (nb ≤ 4, b + nb ≤ out / 16) of `w` (LANES·k4 bytes each), and
                // writes outputs below (b + nb)·16 ≤ out of rows r..r+rows of `dst`,
                // which the assert above keeps inside `dst`.
                unsafe {
                    tile_vnni(rows, nb, x, w, r, b, dst, stride, accumulate)
                };
                b += nb;
                continue;
            }
            let mut sums = [0i32; LANES];
            for i in 0..rows {
                for j in 0..nb {
                    tile_scalar(x, w, r + i, b + j, &mut sums);
                    let sx = x.scale[r + i];
                    let out = &mut dst[(r + i) * stride..];
                    let o0 = (b + j) * LANES;
                    for (l, &acc) in sums.iter().enumerate() {
                        let o = o0 + l;
                        if o >= w.out {
                            break;
                        }
                        let v = (acc - w.offset[o]) as f32 * (sx * w.scale[o]);
                        if accumulate {
                            out[o] += v;
                        } else {
                            out[o] = v;
                        }
                    }
                }
            }
            b += nb;
        }
        r += rows;
    }
}

/// Whether the CPU has AVX-512 BW and VNNI (the kernel's instructions).
fn has_vnni() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512vnni")
            && std::arch::is_x86_feature_detected!("avx512bw")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Integer sums of row `r` of `x` with the 16 outputs of block `b`.
fn tile_scalar(x: &QuantRows, w: &QuantDense, r: usize, b: usize, sums: &mut [i32; LANES]) {
    let xs = &x.values[r * x.k4..(r + 1) * x.k4];
    let wb = &w.packed[b * LANES * w.k4..(b + 1) * LANES * w.k4];
    sums.fill(0);
    for (g, xg) in xs.chunks_exact(4).enumerate() {
        let wg = &wb[g * LANES * 4..(g + 1) * LANES * 4];
        for (l, s) in sums.iter_mut().enumerate() {
            for t in 0..4 {
                *s += xg[t] as i32 * wg[l * 4 + t] as i32;
            }
        }
    }
}

/// [`tile`] for `rows` rows and `nb` blocks (each 1 to 4): four blocks at once, fewer
/// (left only at the end of a row) one at a time.
///
/// # Safety
/// As [`tile`], whose conditions the caller proves.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn tile_vnni(
    rows: usize,
    nb: usize,
    x: &QuantRows,
    w: &QuantDense,
    r: usize,
    b: usize,
    dst: &mut [f32],
    stride: usize,
    acc: bool,
) {
    if nb == 4 {
        tile_rows::<4>(rows, x, w, r, b, dst, stride, acc);
    } else {
        for j in 0..nb {
            tile_rows::<1>(rows, x, w, r, b + j, dst, stride, acc);
        }
    }
}

/// [`tile`] of `rows` rows (1 to 4) and `NB` blocks, each row count a constant of its
/// own copy of the kernel (so its loops unroll and its sums stay in registers).
///
/// # Safety
/// As [`tile`], whose conditions the caller proves.
#[cfg(target_arch = "x86_64")]
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn tile_rows<const NB: usize>(
    rows: usize,
    x: &QuantRows,
    w: &QuantDense,
    r: usize,
    b: usize,
    dst: &mut [f32],
    stride: usize,
    acc: bool,
) {
    match rows {
        4 => tile::<4, NB>(x, w, r, b, dst, stride, acc),
        3 => tile::<3, NB>(x, w, r, b, dst, stride, acc),
        2 => tile::<2, NB>(x, w, r, b, dst, stride, acc),
        _ => tile::<1, NB>(x, w, r, b, dst, stride, acc),
    }
}

/// Rows r..r+R times output blocks b..b+NB: R·NB registers of i32 sums, then scaled
/// into `dst` (the same arithmetic as the scalar epilogue, lane by lane).
///
/// # Safety
/// The CPU has AVX-512 F, BW and VNNI; rows r..r+R of `x` and whole blocks b..b+NB of
/// `w` exist (`(b + NB)·16 ≤ w.out`), and `dst` holds rows r..r+R at `stride` with
/// those outputs.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
unsafe fn tile<const R: usize, const NB: usize>(
    x: &QuantRows,
    w: &QuantDense,
    r: usize,
    b: usize,
    dst: &mut [f32],
    stride: usize,
    accumulate: bool,
) {
    use std::arch::x86_64::*;
    let k4 = x.k4;
    let groups = k4 / 4;
    let xp = x.values.as_ptr().add(r * k4);
    let wp = w.packed.as_ptr().add(b * LANES * k4);
    let block = LANES * k4;
    let mut acc = [[_mm512_setzero_si512(); NB]; R];
    for g in 0..groups {
        let mut wv = [_mm512_setzero_si512(); NB];
        for (j, v) in wv.iter_mut().enumerate() {
            *v = _mm512_loadu_si512(wp.add(j * block + g * 64) as *const _);
        }
        for (i, row) in acc.iter_mut().enumerate() {
            let xv = _mm512_set1_epi32((xp.add(i * k4 + g * 4) as *const i32).read_unaligned());
            for (a, &v) in row.iter_mut().zip(&wv) {
                *a = _mm512_dpbusd_epi32(*a, xv, v);
            }
        }
    }
    let dp = dst.as_mut_ptr();
    for (i, row) in acc.iter().enumerate() {
        let sx = _mm512_set1_ps(x.scale[r + i]);
        for (j, &sums) in row.iter().enumerate() {
            let o0 = (b + j) * LANES;
            let off = _mm512_loadu_si512(w.offset.as_ptr().add(o0) as *const _);
            let sw = _mm512_loadu_ps(w.scale.as_ptr().add(o0));
            let v = _mm512_mul_ps(
                _mm512_cvtepi32_ps(_mm512_sub_epi32(sums, off)),
                _mm512_mul_ps(sx, sw),
            );
            let at = dp.add((r + i) * stride + o0);
            let v = if accumulate {
                _mm512_add_ps(_mm512_loadu_ps(at), v)
            } else {
                v
            };
            _mm512_storeu_ps(at, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every output as the plain path computes it (integer sums, then the epilogue).
    fn plain_product(x: &QuantRows, w: &QuantDense, base: &[f32], stride: usize) -> Vec<f32> {
        let mut out = base.to_vec();
        let mut sums = [0i32; LANES];
        for r in 0..x.rows() {
            for b in 0..w.out.div_ceil(LANES) {
                tile_scalar(x, w, r, b, &mut sums);
                for (l, &acc) in sums.iter().enumerate() {
                    let o = b * LANES + l;
                    if o < w.out {
                        out[r * stride + o] +=
                            (acc - w.offset[o]) as f32 * (x.scale[r] * w.scale[o]);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_tile_shape_gives_the_plain_paths_bits() {
        // 1 to 9 rows (tiles of 4, 3, 2 and 1 rows), and widths of whole groups of four
        // blocks, of leftover blocks (96 = 6 blocks) and of a partial block (70).
        let mut rng = crate::rng::Rng::new(11);
        for out in [16, 48, 64, 96, 70] {
            for n in 1..=9 {
                let k = 40;
                let x: Vec<f32> = (0..n * k).map(|_| rng.next_f64() as f32 - 0.5).collect();
                let w: Vec<f32> = (0..out * k).map(|_| rng.next_f64() as f32 - 0.5).collect();
                let qw = QuantDense::new(&w, out, k);
                let mut qx = QuantRows::default();
                qx.quantize(&x, n, k);
                let stride = out + 3;
                let base: Vec<f32> = (0..n * stride).map(|_| rng.next_f64() as f32).collect();
                let mut got = base.clone();
                matmul(&mut got, stride, &qx, &qw, true);
                let want = plain_product(&qx, &qw, &base, stride);
                assert_eq!(got, want, "{n} rows, {out} outputs, accumulating");
                let mut fresh = base.clone();
                matmul(&mut fresh, stride, &qx, &qw, false);
                let want = plain_product(&qx, &qw, &vec![0.0; base.len()], stride);
                for r in 0..n {
                    let row = r * stride..r * stride + out;
                    assert_eq!(fresh[row.clone()], want[row], "{n} rows, {out} outputs");
                    // Padding between rows is left alone.
                    assert_eq!(
                        fresh[r * stride + out..(r + 1) * stride],
                        base[r * stride + out..(r + 1) * stride]
                    );
                }
            }
        }
    }

    #[test]
    fn int8_products_are_close_to_f32_and_the_same_on_every_path() {
        let mut rng = crate::rng::Rng::new(5);
        let (n, k, out) = (7, 40, 70);
        let x: Vec<f32> = (0..n * k).map(|_| rng.next_f64() as f32 - 0.5).collect();
        let w: Vec<f32> = (0..out * k).map(|_| rng.next_f64() as f32 - 0.5).collect();
        let qw = QuantDense::new(&w, out, k);
        let mut qx = QuantRows::default();
        qx.quantize(&x, n, k);
        let mut got = vec![0f32; n * out];
        matmul(&mut got, out, &qx, &qw, false);
        for t in 0..n {
            for o in 0..out {
                let want: f32 = (0..k).map(|i| x[t * k + i] * w[o * k + i]).sum();
                assert!(
                    (got[t * out + o] - want).abs() < 0.02,
                    "{} vs {want}",
                    got[t * out + o]
                );
            }
        }
        // Quantisation gives the same bytes on the vector and the plain path (ties too).
        let mut v = x.clone();
        v[3] = 0.25 / 127.0 * 2.5; // a tie after scaling, if 0.25 were the row's max
        let (mut a, mut b) = (vec![0u8; n * 40], vec![0u8; n * 40]);
        let (mut sa, mut sb) = (vec![0f32; n], vec![0f32; n]);
        quantize_rows(&v, k, &mut a, &mut sa);
        quantize_rows_slice(&v, k, &mut b, &mut sb);
        assert_eq!((a, sa), (b, sb));
        // The weights' bytes are those of the element-by-element reference, for widths
        // that are and are not multiples of 4 and 16, ties and zero rows included.
        for (out, k) in [(70, 40), (33, 7), (16, 64), (5, 1)] {
            let mut w: Vec<f32> = (0..out * k).map(|_| rng.next_f64() as f32 - 0.5).collect();
            w[0] = 0.5;
            if k > 1 {
                w[1] = 0.5 / 127.0 * 2.5; // a tie after scaling
            }
            for x in &mut w[k * (out - 1)..] {
                *x = 0.0;
            }
            let (a, b) = (
                QuantDense::new(&w, out, k),
                QuantDense::new_plain(&w, out, k),
            );
            assert_eq!((a.packed, a.scale, a.offset), (b.packed, b.scale, b.offset));
        }
        // The exact integer sums: scalar tiles agree with whatever path ran above.
        let mut sums = [0i32; LANES];
        tile_scalar(&qx, &qw, 2, 1, &mut sums);
        for (l, &s) in sums.iter().enumerate() {
            let o = LANES + l;
            let v = (s - qw.offset[o]) as f32 * (qx.scale[2] * qw.scale[o]);
            assert_eq!(v, got[2 * out + o]);
        }
    }
}
