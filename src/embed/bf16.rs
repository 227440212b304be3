//! The optional bf16 path of the dense layers (`--precision bf16`): weights and token rows
//! rounded to bfloat16 (to nearest, ties to even), their products summed in f32. On a CPU
//! with Intel AMX whose kernel grants the tile state, the matrix units multiply
//! (`tdpbf16ps` on 16 × 16 tiles), rows are rounded by AVX512-BF16's `vcvtne2ps2bf16`,
//! and attention's two products run there too ([`attention_head`]: queries, keys,
//! softmax weights and values rounded, as torch's bf16 autocast does); elsewhere the
//! rounded values, held as f32, go through the same `gemm` products as the f32 path and
//! attention stays f32.
//!
//! For AMX the layouts are the tiles' own, so each tile loads with one instruction:
//! - weights: per block of 16 outputs, the inputs in pairs, one 64-byte row a pair
//!   (`w[o][2r], w[o][2r+1]` for the 16 outputs `o` of the block), outputs padded to a
//!   multiple of 32 and inputs to a multiple of 32 with zeros;
//! - token rows: per block of 16 rows and of 32 inputs, one 1 KiB tile of 16 rows of 32
//!   values, rows padded to a multiple of 32 with zeros.
//!
//! The AMX product runs over blocks of 32 × 32 outputs (four accumulator tiles, two tiles
//! of rows and two of weights a step of 32 inputs), each block's inputs in order, so a
//! result depends on the data alone, not on threads. The matrix units sum a step's 32
//! products more exactly than f32 additions one at a time, and no plain loop reproduces
//! their rounding: the two kernels differ in the last bits of some sums (tested to stay
//! within rounding of each other), while each is deterministic.

use super::kernels::dispatch;
use super::matmul::{matmul as matmul_f32, View};
use std::sync::OnceLock;

/// Rows (and outputs) of one tile.
const TILE: usize = 16;
/// Inputs of one tile row (64 bytes of bf16).
const STEP: usize = 32;
/// Rows and outputs of one block of the product (2 × 2 tiles).
const BLOCK: usize = 32;

/// `x` rounded to bfloat16: to nearest, ties to even; a NaN stays a (quiet) NaN, and a
/// subnormal becomes a zero of its sign, as the matrix units read it — bit for bit what
/// AVX512-BF16's `vcvtne2ps2bf16` gives (a test compares them). Branch-free, so a loop
/// of it vectorises.
#[inline(always)]
fn to_bf16(x: f32) -> u16 {
    let bits = x.to_bits();
    let rounded = (bits.wrapping_add(0x7fff + ((bits >> 16) & 1)) >> 16) as u16;
    let quiet_nan = ((bits >> 16) as u16) | 0x0040;
    let is_nan = bits & 0x7fff_ffff > 0x7f80_0000;
    let tiny = bits & 0x7f80_0000 == 0;
    let signed_zero = rounded & 0x8000;
    if is_nan {
        quiet_nan
    } else if tiny {
        signed_zero
    } else {
        rounded
    }
}

/// The f32 a bfloat16 stands for.
#[inline(always)]
fn from_bf16(h: u16) -> f32 {
    f32::from_bits((h as u32) << 16)
}

/// A weight matrix `out × inp` in bfloat16, laid out for the kernel it was made for.
pub struct Bf16Dense {
    data: Values,
    inp: usize,
    /// Inputs padded to a multiple of [`STEP`].
    kp: usize,
    out: usize,
}

/// Rounded values: AMX tiles (bf16 bits), or row-major f32 for the plain product.
enum Values {
    Tiles(Vec<u16>),
    Plain(Vec<f32>),
}

impl Default for Bf16Dense {
    fn default() -> Bf16Dense {
        Bf16Dense {
            data: Values::Plain(Vec::new()),
            inp: 0,
            kp: 0,
            out: 0,
        }
    }
}

impl Bf16Dense {
    /// Round and lay out a row-major `out × inp` weight matrix for this process's kernel.
    pub fn new(weight: &[f32], out: usize, inp: usize) -> Bf16Dense {
        Bf16Dense::new_for(kernel(), weight, out, inp)
    }

    /// [`Bf16Dense::new`] for `kernel` (AMX only where [`kernel`] offers it; else plain).
    pub fn new_for(kernel: Kernel, weight: &[f32], out: usize, inp: usize) -> Bf16Dense {
        let mut dense = Bf16Dense::default();
        dense.refill(kernel, weight, inp, (out, inp), false);
        dense
    }
}

impl Bf16Dense {
    /// Make this matrix again, in its own buffer, from `w`: entry (o, i) of the `out ×
    /// inp` matrix is `w[o·stride + i]`, or with `transposed` `w[i·stride + o]` (attention
    /// multiplies by a head's keys as they lie and by its values transposed).
    fn refill(
        &mut self,
        kernel: Kernel,
        w: &[f32],
        stride: usize,
        (out, inp): (usize, usize),
        transposed: bool,
    ) {
        let kp = inp.div_ceil(STEP) * STEP;
        (self.inp, self.kp, self.out) = (inp, kp, out);
        let amx = kernel == Kernel::Amx && amx::available();
        match (&mut self.data, amx) {
            (Values::Tiles(_), true) | (Values::Plain(_), false) => {}
            (data, true) => *data = Values::Tiles(Vec::new()),
            (data, false) => *data = Values::Plain(Vec::new()),
        }
        match &mut self.data {
            Values::Tiles(packed) => {
                // Outputs past `out` only make sums that are never written back, so they
                // keep what they held; inputs past `inp` are written as zeros.
                packed.resize(out.div_ceil(BLOCK) * BLOCK * kp, 0);
                weight_tiles(w, stride, (out, inp, kp), transposed, packed)
            }
            Values::Plain(rounded) => {
                rounded.resize(out * inp, 0.0);
                if !transposed {
                    for (o, to) in rounded.chunks_exact_mut(inp.max(1)).take(out).enumerate() {
                        round(&w[o * stride..][..inp], to);
                    }
                    return;
                }
                for (at, r) in rounded.iter_mut().enumerate() {
                    let (o, i) = (at / inp, at % inp);
                    *r = from_bf16(to_bf16(w[i * stride + o]));
                }
            }
        }
    }
}

/// Token rows in bfloat16, laid out for the kernel of this process (a buffer reused
/// from product to product).
#[derive(Default)]
pub struct Bf16Rows {
    tiles: Vec<u16>,
    plain: Vec<f32>,
    amx: bool,
    rows: usize,
    k: usize,
    kp: usize,
}

impl Bf16Rows {
    /// Round `n` rows of `k` values (row stride `k`), reusing this buffer.
    pub fn convert(&mut self, x: &[f32], n: usize, k: usize) {
        self.convert_for(kernel(), x, n, k)
    }

    /// [`Bf16Rows::convert`] for `kernel` (AMX only where [`kernel`] offers it; else plain).
    pub fn convert_for(&mut self, kernel: Kernel, x: &[f32], n: usize, k: usize) {
        self.convert_strided_for(kernel, x, k, n, k)
    }

    /// Round `n` rows of `k` values that lie `stride` apart in `x`, for `kernel`.
    pub fn convert_strided_for(
        &mut self,
        kernel: Kernel,
        x: &[f32],
        stride: usize,
        n: usize,
        k: usize,
    ) {
        let kp = k.div_ceil(STEP) * STEP;
        self.rows = n;
        self.k = k;
        self.kp = kp;
        self.amx = kernel == Kernel::Amx && amx::available();
        if n == 0 {
            return;
        }
        let x = &x[..(n - 1) * stride + k];
        if !self.amx {
            self.plain.resize(n * k, 0.0);
            if stride == k {
                return round(x, &mut self.plain);
            }
            for (row, to) in x.chunks(stride).zip(self.plain.chunks_exact_mut(k)) {
                round(&row[..k], to);
            }
            return;
        }
        // Inputs past `k` read as zero (each row's last tile row is padded with zeros as
        // it is written): a value left there would meet the weights' zero padding, and an
        // infinity times zero is NaN in every sum. Rows past `n` only make outputs that
        // are never written back (a block with them goes through the kernel's scratch),
        // so they may keep the last product's values.
        self.tiles.resize(n.div_ceil(BLOCK) * BLOCK * kp, 0);
        if amx::converts() {
            // SAFETY: `converts` said the CPU has AVX-512F and AVX512-BF16.
            return unsafe { amx::rows_into_tiles(x, stride, n, k, kp, &mut self.tiles) };
        }
        convert_rows(x, stride, n, k, kp, &mut self.tiles)
    }

    /// The first element of the tile of rows `16·block..` and inputs `32·step..`.
    fn at(&self, block: usize, step: usize) -> usize {
        (block * (self.kp / STEP) + step) * TILE * STEP
    }
}

#[inline(always)]
fn round_each(from: &[f32], to: &mut [f32]) {
    for (t, &f) in to.iter_mut().zip(from) {
        *t = from_bf16(to_bf16(f));
    }
}

dispatch! {
    /// `to` = `from` rounded to bf16 values, held as f32.
    fn round(from: &[f32], to: &mut [f32]) => round_each
}

/// Round `n` rows of `k` values of `x`, `stride` apart, into the row tiles of `tiles`
/// (inputs padded to `kp` with zeros).
#[inline(always)]
fn rows_into_tiles(x: &[f32], stride: usize, n: usize, k: usize, kp: usize, tiles: &mut [u16]) {
    let steps = kp / STEP;
    for i in 0..n {
        let row = &x[i * stride..][..k];
        let (block, r) = (i / TILE, i % TILE);
        for (s, chunk) in row.chunks(STEP).enumerate() {
            let at = ((block * steps + s) * TILE + r) * STEP;
            let to = &mut tiles[at..at + STEP];
            for (d, &v) in to.iter_mut().zip(chunk) {
                *d = to_bf16(v);
            }
            to[chunk.len()..].fill(0);
        }
    }
}

dispatch! {
    /// Round `n` rows of `k` values of `x`, `stride` apart, into the row tiles of
    /// `tiles` (inputs padded to `kp` with zeros; rows past `n` keep their values).
    fn convert_rows(x: &[f32], stride: usize, n: usize, k: usize, kp: usize, tiles: &mut [u16]) => rows_into_tiles
}

/// Weight tiles (entry (o, i) at (o/16)·16·kp + (i/2)·32 + (o%16)·2 + i%2, inputs
/// padded to `kp` with zeros) of the `out × inp` matrix whose entry (o, i) is
/// `w[o·stride + i]` — each row's values rounded sixteen pairs at a time, then put in
/// place — or, `transposed`, `w[i·stride + o]`: two consecutive rows of `w` interleaved
/// make a tile row, sixteen outputs at a time.
#[inline(always)]
fn to_weight_tiles(
    w: &[f32],
    stride: usize,
    (out, inp, kp): (usize, usize, usize),
    transposed: bool,
    packed: &mut [u16],
) {
    if !transposed {
        let mut values = [0u16; STEP];
        for o in 0..out {
            let row = &w[o * stride..][..inp];
            let base = (o / TILE) * TILE * kp + (o % TILE) * 2;
            for s in 0..kp / STEP {
                let chunk = &row[(s * STEP).min(inp)..((s + 1) * STEP).min(inp)];
                values.fill(0);
                for (v, &x) in values.iter_mut().zip(chunk) {
                    *v = to_bf16(x);
                }
                for (q, pair) in values.chunks_exact(2).enumerate() {
                    let at = base + (s * STEP / 2 + q) * 2 * TILE;
                    packed[at..at + 2].copy_from_slice(pair);
                }
            }
        }
        return;
    }
    for p in 0..kp / 2 {
        let (i0, i1) = (2 * p, 2 * p + 1);
        for b in 0..out.div_ceil(TILE) {
            let o0 = b * TILE;
            let n = TILE.min(out - o0);
            let at = b * TILE * kp + p * 2 * TILE;
            let to = &mut packed[at..at + 2 * n];
            if i1 < inp {
                let r0 = &w[i0 * stride + o0..][..n];
                let r1 = &w[i1 * stride + o0..][..n];
                for ((d, &a), &c) in to.chunks_exact_mut(2).zip(r0).zip(r1) {
                    d[0] = to_bf16(a);
                    d[1] = to_bf16(c);
                }
            } else if i0 < inp {
                let r0 = &w[i0 * stride + o0..][..n];
                for (d, &a) in to.chunks_exact_mut(2).zip(r0) {
                    d[0] = to_bf16(a);
                    d[1] = 0;
                }
            } else {
                to.fill(0);
            }
        }
    }
}

dispatch! {
    /// [`to_weight_tiles`], compiled for the CPU's vectors.
    fn weight_tiles(w: &[f32], stride: usize, shape: (usize, usize, usize), transposed: bool, packed: &mut [u16]) => to_weight_tiles
}

/// Buffers of attention on bf16 values (one set per thread, reused from head to head).
#[derive(Default)]
pub struct AttentionBuffers {
    queries: Bf16Rows,
    keys: Bf16Dense,
    weights: Bf16Rows,
    values: Bf16Dense,
    /// Zeros the products start from (never written).
    zeros: Vec<f32>,
}

/// One head of scaled dot-product attention over one text's `len` tokens on bf16 values
/// with f32 sums, as torch's bf16 autocast computes it: `out = softmax(scale·Q·Kᵀ)·V`,
/// the queries, keys, softmax weights and values rounded to bf16, the softmax in f32.
/// Q, K and V are `len` rows of `d` values, `stride` apart, from the starts of `q`, `k`
/// and `v`; `out`'s rows are `out_stride` apart; `scores` holds at least `len²` values.
#[allow(clippy::too_many_arguments)]
pub fn attention_head(
    kernel: Kernel,
    (q, k, v): (&[f32], &[f32], &[f32]),
    stride: usize,
    (len, d): (usize, usize),
    scale: f32,
    scores: &mut [f32],
    out: &mut [f32],
    out_stride: usize,
    buf: &mut AttentionBuffers,
) {
    if len == 0 {
        return;
    }
    if buf.zeros.len() < len.max(d) {
        buf.zeros.resize(len.max(d), 0.0);
    }
    let s = &mut scores[..len * len];
    buf.queries.convert_strided_for(kernel, q, stride, len, d);
    buf.keys.refill(kernel, k, stride, (len, d), false);
    matmul(s, len, &buf.queries, &buf.keys, Some(&buf.zeros));
    super::kernels::softmax(s, len, scale);
    buf.weights.convert_for(kernel, s, len, len);
    buf.values.refill(kernel, v, stride, (d, len), true);
    matmul(out, out_stride, &buf.weights, &buf.values, Some(&buf.zeros));
}

/// Which kernel multiplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// Intel AMX tiles (`tdpbf16ps`).
    Amx,
    /// The rounded values, held as f32, through `gemm`: any CPU.
    Plain,
}

/// The kernel this process uses: AMX when the CPU has AMX-TILE and AMX-BF16 and the
/// kernel grants the process the tile state (asked once), `gemm` on the rounded values
/// otherwise.
pub fn kernel() -> Kernel {
    static KERNEL: OnceLock<Kernel> = OnceLock::new();
    *KERNEL.get_or_init(|| {
        if amx::available() {
            Kernel::Amx
        } else {
            Kernel::Plain
        }
    })
}

/// `dst += x·Wᵀ` for the rounded rows and weights, or with `bias` `dst = bias + x·Wᵀ`
/// (each row; the tiles start from the bias itself, so nothing is copied first), `dst`
/// rows `stride` apart. Rows and weights must have been made for the same kernel (both
/// by this process's default).
pub fn matmul(dst: &mut [f32], stride: usize, x: &Bf16Rows, w: &Bf16Dense, bias: Option<&[f32]>) {
    assert_eq!(x.kp, w.kp, "bf16 matmul: inner dimensions differ");
    assert!(
        bias.is_none_or(|b| b.len() >= w.out),
        "bf16 matmul: a bias too short"
    );
    let n = x.rows;
    assert!(
        n == 0 || (w.out <= stride && (n - 1) * stride + w.out <= dst.len()),
        "bf16 matmul: the destination overruns its slice"
    );
    if n == 0 || w.out == 0 {
        return;
    }
    match &w.data {
        Values::Plain(weight) => {
            assert!(!x.amx, "bf16 matmul: rows for AMX, weights for gemm");
            if let Some(bias) = bias {
                for row in dst.chunks_mut(stride).take(n) {
                    row[..w.out].copy_from_slice(&bias[..w.out]);
                }
            }
            let wt = View::rows(weight, w.out, w.inp, w.inp).t();
            matmul_f32(dst, stride, View::rows(&x.plain, n, x.k, x.k), wt, true);
        }
        Values::Tiles(packed) => {
            assert!(x.amx, "bf16 matmul: rows for gemm, weights for AMX");
            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            // SAFETY: tiles are only made when `amx::available()` said yes; the layouts
            // are their constructors' and the asserts above are what `product` requires.
            unsafe {
                amx::product(dst, stride, x, packed, w.kp, w.out, bias)
            };
            #[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
            unreachable!(
                "AMX tiles ({} values) are only made on x86-64 Linux",
                packed.len()
            );
        }
    }
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod amx {
    //! The AMX kernel: the only unsafe code of the bf16 path.
    use super::{Bf16Rows, BLOCK, STEP, TILE};
    use std::arch::asm;
    use std::sync::OnceLock;

    /// `ARCH_REQ_XCOMP_PERM` and `XFEATURE_XTILEDATA` of Linux's `arch_prctl`.
    const ARCH_REQ_XCOMP_PERM: libc::c_ulong = 0x1023;
    const XFEATURE_XTILEDATA: libc::c_ulong = 18;

    /// Whether this process may use AMX bf16 tiles: the CPU says it has them (CPUID leaf
    /// 7: AMX-BF16 is EDX bit 22, AMX-TILE bit 24) and Linux grants the tile state
    /// (asked once for the whole process; without it the first tile instruction faults).
    pub fn available() -> bool {
        static GRANTED: OnceLock<bool> = OnceLock::new();
        *GRANTED.get_or_init(|| {
            // CPUID exists on every x86-64 CPU; leaf 7 is read only when the highest
            // basic leaf (leaf 0's EAX) reaches it.
            let has = {
                use std::arch::x86_64::__cpuid_count;
                __cpuid_count(0, 0).eax >= 7 && {
                    let edx = __cpuid_count(7, 0).edx;
                    edx & (1 << 22) != 0 && edx & (1 << 24) != 0
                }
            };
            // SAFETY: arch_prctl with these arguments only changes which register state
            // the kernel keeps for this process; it reads and writes no memory of ours.
            has && unsafe {
                libc::syscall(
                    libc::SYS_arch_prctl,
                    ARCH_REQ_XCOMP_PERM,
                    XFEATURE_XTILEDATA,
                )
            } == 0
        })
    }

    /// Whether the CPU has AVX512-BF16's conversion (every CPU with AMX-BF16 so far does).
    pub fn converts() -> bool {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bf16")
    }

    /// [`super::convert_rows`] on `vcvtne2ps2bf16`: 32 values, one tile row, a step.
    ///
    /// # Safety
    /// The CPU has AVX-512F and AVX512-BF16 ([`converts`]).
    #[target_feature(enable = "avx512f,avx512bf16")]
    pub unsafe fn rows_into_tiles(
        x: &[f32],
        stride: usize,
        n: usize,
        k: usize,
        kp: usize,
        tiles: &mut [u16],
    ) {
        use std::arch::x86_64::*;
        let steps = kp / STEP;
        for i in 0..n {
            let row = &x[i * stride..][..k];
            let (block, r) = (i / TILE, i % TILE);
            for s in 0..steps {
                let at = ((block * steps + s) * TILE + r) * STEP;
                let to = &mut tiles[at..at + STEP];
                let from = (s * STEP).min(k);
                let m = (k - from).min(STEP);
                let p = row.as_ptr().add(from);
                // Masked loads read only the row's own values (at most `m` from `p`,
                // which lie in `row`); the rest of the tile row is zeros.
                let lo_mask: __mmask16 = if m >= 16 { 0xffff } else { (1u16 << m) - 1 };
                let hi_mask: __mmask16 = if m >= 32 {
                    0xffff
                } else if m > 16 {
                    (1u16 << (m - 16)) - 1
                } else {
                    0
                };
                let lo = _mm512_maskz_loadu_ps(lo_mask, p);
                let hi = _mm512_maskz_loadu_ps(hi_mask, p.wrapping_add(16));
                let v: __m512i = std::mem::transmute(_mm512_cvtne2ps_pbh(hi, lo));
                // `to` is one tile row: 32 values, 64 bytes.
                _mm512_storeu_si512(to.as_mut_ptr().cast(), v);
            }
        }
    }

    /// Palette 1 with eight tiles of 16 rows × 64 bytes: tmm0–3 the accumulators (f32),
    /// tmm4–5 two tiles of token rows, tmm6–7 two of weights.
    #[repr(C, align(64))]
    struct Config {
        palette: u8,
        start_row: u8,
        reserved: [u8; 14],
        colsb: [u16; 16],
        rows: [u8; 16],
    }

    /// `dst += x·Wᵀ` (with `bias`, `dst = bias + x·Wᵀ`), `W` being `out` outputs of `kp`
    /// inputs in the weight tiles `packed`.
    ///
    /// # Safety
    /// [`available`] must have returned true. `x.tiles` holds `x.rows` rounded up to 32
    /// rows of `x.kp == kp` values and `packed` `out` rounded up to 32 outputs of `kp`
    /// values, both laid out by their constructors; `dst` holds `x.rows` rows
    /// `stride ≥ out` apart; `bias`, if any, holds at least `out` values.
    pub unsafe fn product(
        dst: &mut [f32],
        stride: usize,
        x: &Bf16Rows,
        packed: &[u16],
        kp: usize,
        out: usize,
        bias: Option<&[f32]>,
    ) {
        let w_at = |block: usize| block * TILE * kp;
        let config = Config {
            palette: 1,
            start_row: 0,
            reserved: [0; 14],
            colsb: [64, 64, 64, 64, 64, 64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0],
            rows: [16, 16, 16, 16, 16, 16, 16, 16, 0, 0, 0, 0, 0, 0, 0, 0],
        };
        asm!("ldtilecfg [{}]", in(reg) &config, options(nostack, readonly));
        let steps = x.kp / STEP;
        let mut scratch = [0f32; BLOCK * BLOCK];
        let tile_stride = 64usize;
        for m0 in (0..x.rows).step_by(BLOCK) {
            for n0 in (0..out).step_by(BLOCK) {
                let rows = BLOCK.min(x.rows - m0);
                let cols = BLOCK.min(out - n0);
                // A whole block is read and written in place; a block past the last row
                // or output goes through `scratch` (32 × 32), so no tile touches memory
                // outside `dst`.
                let whole = rows == BLOCK && cols == BLOCK;
                let (c, c_stride) = if whole {
                    (dst.as_mut_ptr().add(m0 * stride + n0), stride * 4)
                } else {
                    scratch.fill(0.0);
                    for i in 0..rows {
                        let from = match bias {
                            Some(b) => &b[n0..n0 + cols],
                            None => &dst[(m0 + i) * stride + n0..][..cols],
                        };
                        scratch[i * BLOCK..i * BLOCK + cols].copy_from_slice(from);
                    }
                    (scratch.as_mut_ptr(), BLOCK * 4)
                };
                let c_lo = (c as *mut u8).add(TILE * c_stride);
                // Every row of a whole block without a residual starts as the bias of its
                // 32 outputs (n0 + 32 ≤ out ≤ its length): each tile loads those 16
                // values for all 16 rows, with a row stride of 0.
                let (from, from_lo, from_stride) = match bias {
                    Some(b) if whole => (b.as_ptr().add(n0), b.as_ptr().add(n0), 0),
                    _ => (c as *const f32, c_lo as *const f32, c_stride),
                };
                asm!(
                    "tileloadd tmm0, [{c} + {s} * 1]",
                    "tileloadd tmm1, [{c} + {s} * 1 + 64]",
                    "tileloadd tmm2, [{d} + {s} * 1]",
                    "tileloadd tmm3, [{d} + {s} * 1 + 64]",
                    c = in(reg) from,
                    d = in(reg) from_lo,
                    s = in(reg) from_stride,
                    options(nostack, readonly),
                );
                let a0 = x.tiles.as_ptr().add(x.at(m0 / TILE, 0));
                let a1 = x.tiles.as_ptr().add(x.at(m0 / TILE + 1, 0));
                let b0 = packed.as_ptr().add(w_at(n0 / TILE));
                let b1 = packed.as_ptr().add(w_at(n0 / TILE + 1));
                for s in 0..steps {
                    // Tiles of one step lie 1 KiB (512 values) after the last step's.
                    let step = s * TILE * STEP;
                    asm!(
                        "tileloadd tmm4, [{a0} + {t} * 1]",
                        "tileloadd tmm6, [{b0} + {t} * 1]",
                        "tdpbf16ps tmm0, tmm4, tmm6",
                        "tileloadd tmm7, [{b1} + {t} * 1]",
                        "tdpbf16ps tmm1, tmm4, tmm7",
                        "tileloadd tmm5, [{a1} + {t} * 1]",
                        "tdpbf16ps tmm2, tmm5, tmm6",
                        "tdpbf16ps tmm3, tmm5, tmm7",
                        a0 = in(reg) a0.add(step),
                        a1 = in(reg) a1.add(step),
                        b0 = in(reg) b0.add(step),
                        b1 = in(reg) b1.add(step),
                        t = in(reg) tile_stride,
                        options(nostack, readonly),
                    );
                }
                asm!(
                    "tilestored [{c} + {s} * 1], tmm0",
                    "tilestored [{c} + {s} * 1 + 64], tmm1",
                    "tilestored [{d} + {s} * 1], tmm2",
                    "tilestored [{d} + {s} * 1 + 64], tmm3",
                    c = in(reg) c,
                    d = in(reg) c_lo,
                    s = in(reg) c_stride,
                    options(nostack),
                );
                if !whole {
                    for i in 0..rows {
                        let to = &mut dst[(m0 + i) * stride + n0..][..cols];
                        to.copy_from_slice(&scratch[i * BLOCK..i * BLOCK + cols]);
                    }
                }
            }
        }
        asm!("tilerelease", options(nostack, nomem));
    }
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
mod amx {
    /// No AMX kernel off x86-64 Linux.
    pub fn available() -> bool {
        false
    }

    /// Nor its conversion.
    pub fn converts() -> bool {
        false
    }

    /// Never called: [`converts`] is false.
    pub unsafe fn rows_into_tiles(
        _x: &[f32],
        _stride: usize,
        _n: usize,
        _k: usize,
        _kp: usize,
        _tiles: &mut [u16],
    ) {
        unreachable!("no AVX512-BF16 conversion off x86-64 Linux")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn rounding_to_bf16_is_to_nearest_ties_to_even() {
        assert_eq!(to_bf16(1.0), 0x3f80);
        // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties go to the even one, 1.
        assert_eq!(to_bf16(1.0 + 1.0 / 256.0), 0x3f80);
        // 1 + 3·2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: the even one is above.
        assert_eq!(to_bf16(1.0 + 3.0 / 256.0), 0x3f82);
        assert_eq!(to_bf16(1.0 + 1.0 / 256.0 + 1.0 / 65536.0), 0x3f81);
        assert_eq!(to_bf16(-2.5), 0xc020);
        assert_eq!(to_bf16(f32::INFINITY), 0x7f80);
        assert_eq!(
            to_bf16(f32::MAX),
            0x7f80,
            "the largest f32 rounds up to infinity"
        );
        assert!(from_bf16(to_bf16(f32::NAN)).is_nan());
        assert_eq!(to_bf16(1e-39), 0, "a subnormal reads as zero");
        assert_eq!(to_bf16(-1e-39), 0x8000);
    }

    fn random(rng: &mut Rng, n: usize, scale: f32) -> Vec<f32> {
        (0..n)
            .map(|_| (rng.next_f64() as f32 - 0.5) * scale)
            .collect()
    }

    /// `bias + x·Wᵀ` in f64 over the bf16-rounded values (stride = `out`).
    fn reference(x: &[f32], w: &[f32], bias: &[f32], n: usize, k: usize, out: usize) -> Vec<f32> {
        let r = |v: f32| from_bf16(to_bf16(v)) as f64;
        (0..n * out)
            .map(|at| {
                let (i, o) = (at / out, at % out);
                let dot: f64 = (0..k).map(|p| r(x[i * k + p]) * r(w[o * k + p])).sum();
                (bias[at] as f64 + dot) as f32
            })
            .collect()
    }

    /// Shapes with tails of rows, inputs and outputs, and the model's own.
    const SHAPES: [(usize, usize, usize); 6] = [
        (1, 1, 1),
        (5, 7, 3),
        (33, 70, 50),
        (64, 64, 64),
        (100, 384, 384),
        (47, 1536, 384),
    ];

    /// `bias` (rows `out` long) written into rows `stride` apart, the rest 7.
    fn destination(bias: &[f32], n: usize, out: usize, stride: usize) -> Vec<f32> {
        let mut dst = vec![7f32; n * stride];
        for i in 0..n {
            dst[i * stride..i * stride + out].copy_from_slice(&bias[i * out..][..out]);
        }
        dst
    }

    /// Whether row `i` of `dst` (rows `stride` apart) still holds 7 past its first `width`.
    fn untouched_past(dst: &[f32], i: usize, width: usize, stride: usize) -> bool {
        dst[i * stride + width..(i + 1) * stride]
            .iter()
            .all(|&v| v == 7.0)
    }

    /// `dst += x·Wᵀ` on `kernel`.
    fn product(
        kernel: Kernel,
        dst: &mut [f32],
        stride: usize,
        x: &[f32],
        w: &[f32],
        shape: (usize, usize, usize),
        bias: Option<&[f32]>,
    ) {
        let (n, k, out) = shape;
        let packed = Bf16Dense::new_for(kernel, w, out, k);
        let mut rows = Bf16Rows::default();
        rows.convert_for(kernel, x, n, k);
        matmul(dst, stride, &rows, &packed, bias);
    }

    /// The fixed shapes and twenty random ones (1–80 rows, 1–300 inputs, 1–100 outputs).
    fn shapes(rng: &mut Rng) -> Vec<(usize, usize, usize)> {
        let mut pick = |most: usize| 1 + (rng.next_f64() * most as f64) as usize % most;
        let random = (0..20).map(|_| (pick(80), pick(300), pick(100)));
        SHAPES
            .iter()
            .copied()
            .chain(random.collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn every_kernel_computes_the_product_of_the_rounded_values() {
        let mut rng = Rng::new(11);
        for (n, k, out) in shapes(&mut rng) {
            let x = random(&mut rng, n * k, 2.0);
            let w = random(&mut rng, out * k, 0.2);
            // Rows of `dst` wider than the product, as for Q, K and V side by side.
            let stride = out + 5;
            let bias = random(&mut rng, n * out, 1.0);
            let want_onto = reference(&x, &w, &bias, n, k, out);
            // With a bias of one row, the destination's old values do not count.
            let row = &bias[..out];
            let repeated: Vec<f32> = (0..n * out).map(|at| row[at % out]).collect();
            let want_from_bias = reference(&x, &w, &repeated, n, k, out);
            let runs = [
                (Kernel::Plain, false),
                (Kernel::Plain, true),
                (kernel(), false),
                (kernel(), true),
            ];
            for (kernel, from_bias) in runs {
                let (mut dst, want) = if from_bias {
                    (vec![7f32; n * stride], &want_from_bias)
                } else {
                    (destination(&bias, n, out, stride), &want_onto)
                };
                product(
                    kernel,
                    &mut dst,
                    stride,
                    &x,
                    &w,
                    (n, k, out),
                    from_bias.then_some(row),
                );
                for i in 0..n {
                    for o in 0..out {
                        let (got, w) = (dst[i * stride + o], want[i * out + o]);
                        assert!(
                            (got - w).abs() <= 1e-5 * (1.0 + w.abs()),
                            "{kernel:?} (from the bias: {from_bias}) {n}×{k}×{out} at ({i}, {o}): {got} vs {w}"
                        );
                    }
                    assert!(
                        untouched_past(&dst, i, out, stride),
                        "{kernel:?} wrote past the outputs of row {i}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_cpus_conversion_gives_the_bits_of_the_plain_one() {
        if !amx::converts() {
            eprintln!("skipped: this CPU has no AVX512-BF16 conversion");
            return;
        }
        // Every kind of value: NaNs of both signs and payloads, infinities, the largest
        // f32 (rounds to infinity), subnormals, values that tie, random ones.
        let mut rng = Rng::new(23);
        let specials = [
            f32::NAN,
            -f32::NAN,
            f32::from_bits(0x7f80_0001),
            f32::from_bits(0xff80_0101),
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE,
            f32::from_bits(0x007f_ffff),
            -1e-39,
            0.0,
            -0.0,
            1.0 + 1.0 / 256.0,
            1.0 + 3.0 / 256.0,
        ];
        for (n, k, stride) in [
            (1, 1, 1),
            (5, 7, 9),
            (33, 70, 70),
            (20, 32, 40),
            (3, 235, 235),
        ] {
            let mut x = random(&mut rng, (n - 1) * stride + k, 20.0);
            for (v, &special) in x.iter_mut().step_by(3).zip(specials.iter().cycle()) {
                *v = special;
            }
            let kp = k.div_ceil(STEP) * STEP;
            let size = n.div_ceil(BLOCK) * BLOCK * kp;
            let (mut fast, mut plain) = (vec![0xabcd_u16; size], vec![0xabcd_u16; size]);
            // SAFETY: `converts` said yes above.
            unsafe { amx::rows_into_tiles(&x, stride, n, k, kp, &mut fast) };
            convert_rows(&x, stride, n, k, kp, &mut plain);
            assert_eq!(fast, plain, "{n} rows of {k} values, {stride} apart");
        }
    }

    #[test]
    fn attention_on_bf16_values_is_attention() {
        // One head over texts of awkward lengths and head sizes, Q, K and V side by side
        // in rows wider than them (as in the encoder), against f64 attention of the
        // unrounded values; each kernel, one set of buffers reused from the longest text
        // to the shortest (what a longer text left must not reach a shorter one's sums).
        let mut rng = Rng::new(21);
        let kernels = [Kernel::Plain, kernel()];
        let mut buffers: Vec<AttentionBuffers> = kernels
            .iter()
            .map(|_| AttentionBuffers::default())
            .collect();
        for (len, d) in [
            (100, 32),
            (70, 64),
            (40, 20),
            (33, 32),
            (17, 32),
            (16, 48),
            (5, 32),
            (1, 32),
        ] {
            let stride = 3 * d + 5;
            let mut qkv = random(&mut rng, len * stride, 2.0);
            // One value of V larger than the rest.
            qkv[(len / 2) * stride + 2 * d] = 8.0;
            let scale = 1.0 / (d as f64).sqrt();
            let want: Vec<f64> = (0..len * d)
                .map(|at| {
                    let (i, c) = (at / d, at % d);
                    let logits: Vec<f64> = (0..len)
                        .map(|j| {
                            (0..d)
                                .map(|p| {
                                    qkv[i * stride + p] as f64 * qkv[j * stride + d + p] as f64
                                })
                                .sum::<f64>()
                                * scale
                        })
                        .collect();
                    let max = logits.iter().cloned().fold(f64::MIN, f64::max);
                    let z: f64 = logits.iter().map(|l| (l - max).exp()).sum();
                    (0..len)
                        .map(|j| (logits[j] - max).exp() / z * qkv[j * stride + 2 * d + c] as f64)
                        .sum()
                })
                .collect();
            let size = qkv.iter().fold(0f32, |m, v| m.max(v.abs())) as f64;
            let mut outs = Vec::new();
            for (&kernel, buf) in kernels.iter().zip(&mut buffers) {
                let out_stride = d + 3;
                let mut out = vec![7f32; len * out_stride];
                let mut scores = vec![f32::NAN; len * len];
                attention_head(
                    kernel,
                    (&qkv, &qkv[d..], &qkv[2 * d..]),
                    stride,
                    (len, d),
                    scale as f32,
                    &mut scores,
                    &mut out,
                    out_stride,
                    buf,
                );
                for i in 0..len {
                    for c in 0..d {
                        let (got, w) = (out[i * out_stride + c] as f64, want[i * d + c]);
                        // Rounding Q, K, the weights and V to 8 bits: under a hundredth
                        // of the largest value, not a wrong layout's tenths and units.
                        assert!(
                            (got - w).abs() <= 0.01 * size,
                            "{kernel:?} len {len}, d {d} at ({i}, {c}): {got} vs {w}"
                        );
                    }
                    assert!(
                        untouched_past(&out, i, d, out_stride),
                        "{kernel:?} wrote past the head's values in row {i}"
                    );
                }
                outs.push(out);
            }
            // Both kernels round the same values: they differ in the last bits of sums.
            for (a, b) in outs[0].iter().zip(&outs[1]) {
                assert!((a - b).abs() <= 1e-3 * size as f32, "{len}×{d}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn a_reused_row_buffer_gives_what_a_fresh_one_gives() {
        // Big products first, then smaller ones: what the last product left in the
        // buffer (rows past n, inputs past k) must not reach a sum.
        let mut rng = Rng::new(13);
        let mut reused = Bf16Rows::default();
        for (n, k, out) in [(100, 384, 40), (33, 384, 40), (47, 70, 50), (5, 7, 3)] {
            let mut x = random(&mut rng, n * k, 2.0);
            if k == 384 {
                // Left behind where the next, narrower rows pad with zeros: infinity
                // times a zero weight would be NaN there.
                x.iter_mut().skip(80).step_by(k).for_each(|v| *v = f32::MAX);
            }
            let w = random(&mut rng, out * k, 0.2);
            let weights = Bf16Dense::new(&w, out, k);
            let mut fresh = Bf16Rows::default();
            fresh.convert(&x, n, k);
            reused.convert(&x, n, k);
            let (mut a, mut b) = (vec![0f32; n * out], vec![0f32; n * out]);
            matmul(&mut a, out, &fresh, &weights, None);
            matmul(&mut b, out, &reused, &weights, None);
            assert!(
                a.iter().zip(&b).all(|(a, b)| a.to_bits() == b.to_bits()),
                "{n}×{k}×{out}: a reused buffer changed the product"
            );
        }
    }

    #[test]
    fn the_matrix_units_and_the_plain_product_agree_to_rounding() {
        if kernel() != Kernel::Amx {
            eprintln!("skipped: this CPU (or kernel) offers no AMX tiles; the plain product is checked by the other test");
            return;
        }
        let mut rng = Rng::new(12);
        for (n, k, out) in shapes(&mut rng) {
            let x = random(&mut rng, n * k, 2.0);
            let w = random(&mut rng, out * k, 0.2);
            let run = |kernel| {
                let mut dst = vec![0.5f32; n * out];
                product(kernel, &mut dst, out, &x, &w, (n, k, out), None);
                dst
            };
            let (amx, plain, again) = (run(Kernel::Amx), run(Kernel::Plain), run(Kernel::Amx));
            assert!(
                amx.iter()
                    .zip(&again)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "AMX gave other bits the second time"
            );
            let mut differ = 0;
            for (at, (a, p)) in amx.iter().zip(&plain).enumerate() {
                let (i, o) = (at / out, at % out);
                // The size of what was summed: rounding errors scale with it, not with
                // the sum (which may cancel).
                let size: f32 = 0.5
                    + (0..k)
                        .map(|q| {
                            (from_bf16(to_bf16(x[i * k + q])) * from_bf16(to_bf16(w[o * k + q])))
                                .abs()
                        })
                        .sum::<f32>();
                assert!(
                    (a - p).abs() <= 64.0 * f32::EPSILON * size,
                    "{n}×{k}×{out} at ({i}, {o}): {a} vs {p}"
                );
                differ += usize::from(a.to_bits() != p.to_bits());
            }
            eprintln!(
                "{n}×{k}×{out}: {differ} of {} sums differ in their last bits",
                n * out
            );
        }
    }
}
