//! The BERT encoder forward on plain f32 buffers: Candle memory-maps the safetensors
//! and f32 weights are used where they lie in the mapping (no copy; other dtypes are
//! converted once), products run on `gemm`. It computes what candle-transformers'
//! `BertModel` and sentence-transformers compute (the parity test holds it to the
//! reference vectors), but:
//! - a batch is packed, not padded: the tokens of all its texts are rows of one matrix,
//!   and attention runs per text over its own rows, so no work is spent on padding and
//!   no mask is needed;
//! - Q, K and V are written side by side into one buffer, and 1/√d is applied inside
//!   the softmax;
//! - biases and residuals are written into the destination before the product, which
//!   then accumulates onto them (no separate add passes);
//! - GELU, softmax and layer norm run in place, and the buffers of a [`Workspace`]
//!   are reused from batch to batch (no allocation, no page faults in steady state).

use super::bf16::{self, Bf16Dense, Bf16Rows};
use super::int8::{self, QuantDense, QuantRows};
use super::kernels;
use super::matmul::{matmul, View};
use super::Precision;
use crate::error::{Error, Result};
use candle_core::safetensors::MmapedSafetensors;
use candle_core::{DType, Device};
use candle_transformers::models::bert::{Config, HiddenAct};
use std::borrow::Cow;
use std::path::Path;

/// Tensors of a safetensors file by name, under an optional prefix (`bert.`).
struct Tensors<'a> {
    file: &'a MmapedSafetensors,
    prefix: String,
}

impl<'a> Tensors<'a> {
    fn pp(&self, name: &str) -> Tensors<'a> {
        Tensors {
            file: self.file,
            prefix: format!("{}{name}.", self.prefix),
        }
    }

    /// The tensor `name` as f32 values of the given shape: borrowed from the mapping when
    /// it is stored as little-endian f32 at an aligned offset, converted by Candle otherwise.
    fn get(&self, shape: &[usize], name: &str) -> candle_core::Result<Cow<'a, [f32]>> {
        let full = format!("{}{name}", self.prefix);
        let view = self.file.get(&full)?;
        if view.shape() != shape {
            candle_core::bail!("{full}: shape {:?}, expected {shape:?}", view.shape());
        }
        let dtype = DType::try_from(view.dtype())?;
        if cfg!(target_endian = "little") && dtype == DType::F32 {
            if let Ok(values) = bytemuck::try_cast_slice::<u8, f32>(view.data()) {
                return Ok(Cow::Borrowed(values));
            }
        }
        let t = self.file.load(&full, &Device::Cpu)?.to_dtype(DType::F32)?;
        Ok(Cow::Owned(t.flatten_all()?.to_vec1::<f32>()?))
    }
}

/// A linear layer: `y = x·Wᵀ + b`, `W` row-major `out × inp`.
struct Dense<'a> {
    weight: Cow<'a, [f32]>,
    bias: Cow<'a, [f32]>,
    inp: usize,
    out: usize,
}

impl<'a> Dense<'a> {
    fn load(t: Tensors<'a>, inp: usize, out: usize) -> candle_core::Result<Dense<'a>> {
        Ok(Dense {
            weight: t.get(&[out, inp], "weight")?,
            bias: t.get(&[out], "bias")?,
            inp,
            out,
        })
    }

    /// `dst = x·Wᵀ + b` for the first `n` rows, or `dst += x·Wᵀ + b` with `accumulate`;
    /// `dst`'s rows are `stride` apart. With `low`, the product is the int8 or bf16 one of
    /// that copy of the weights and the already converted rows of `x`.
    fn apply(
        &self,
        x: &[f32],
        n: usize,
        dst: &mut [f32],
        stride: usize,
        accumulate: bool,
        low: Option<Product>,
    ) {
        if let (Some(Product::Bf16(w, xb)), false) = (low, accumulate) {
            // The bf16 product starts from the bias itself.
            return bf16::matmul(dst, stride, xb, w, Some(&self.bias));
        }
        for row in dst.chunks_mut(stride).take(n) {
            let row = &mut row[..self.out];
            if accumulate {
                row.iter_mut()
                    .zip(self.bias.iter())
                    .for_each(|(d, b)| *d += b);
            } else {
                row.copy_from_slice(&self.bias);
            }
        }
        match low {
            Some(Product::Int8(w, xq)) => return int8::matmul(dst, stride, xq, w, true),
            Some(Product::Bf16(w, xb)) => return bf16::matmul(dst, stride, xb, w, None),
            None => {}
        }
        let w = View::rows(&self.weight, self.out, self.inp, self.inp).t();
        matmul(dst, stride, View::rows(x, n, self.inp, self.inp), w, true);
    }

    fn quantize(&self) -> QuantDense {
        QuantDense::new(&self.weight, self.out, self.inp)
    }

    fn to_bf16(&self) -> Bf16Dense {
        Bf16Dense::new(&self.weight, self.out, self.inp)
    }
}

/// A layer norm's parameters.
struct Norm<'a> {
    weight: Cow<'a, [f32]>,
    bias: Cow<'a, [f32]>,
    eps: f32,
}

impl<'a> Norm<'a> {
    fn load(t: Tensors<'a>, size: usize, eps: f64) -> candle_core::Result<Norm<'a>> {
        // Old checkpoints name them gamma/beta.
        let (weight, bias) = match (t.get(&[size], "weight"), t.get(&[size], "bias")) {
            (Ok(w), Ok(b)) => (w, b),
            _ => (t.get(&[size], "gamma")?, t.get(&[size], "beta")?),
        };
        Ok(Norm {
            weight,
            bias,
            eps: eps as f32,
        })
    }

    fn apply(&self, xs: &mut [f32]) {
        kernels::layer_norm(xs, &self.weight, &self.bias, self.eps);
    }
}

struct Layer<'a> {
    query: Dense<'a>,
    key: Dense<'a>,
    value: Dense<'a>,
    attn_out: Dense<'a>,
    attn_norm: Norm<'a>,
    inter: Dense<'a>,
    out: Dense<'a>,
    out_norm: Norm<'a>,
}

/// The activation between the two feed-forward products.
#[derive(Clone, Copy)]
enum Activation {
    GeluErf,
    GeluTanh,
}

/// The weights and shape of the encoder, borrowing from the mapped file.
struct Params<'a> {
    words: Cow<'a, [f32]>,
    positions: Cow<'a, [f32]>,
    types: Cow<'a, [f32]>,
    emb_norm: Norm<'a>,
    layers: Vec<Layer<'a>>,
    hidden: usize,
    heads: usize,
    head_dim: usize,
    intermediate: usize,
    activation: Activation,
}

/// One text's token ids and token type ids.
pub struct Tokens<'a> {
    pub ids: &'a [u32],
    pub types: &'a [u32],
}

/// Buffers reused across forward passes (one per thread).
#[derive(Default)]
pub struct Workspace {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    inter: Vec<f32>,
    scores: Vec<f32>,
    quant: QuantRows,
    bf16: Bf16Rows,
    attention: bf16::AttentionBuffers,
}

/// A layer's dense weights in a lower precision (`W`: int8 or bf16).
struct LowLayer<W> {
    query: W,
    key: W,
    value: W,
    attn_out: W,
    inter: W,
    out: W,
}

impl<W> LowLayer<W> {
    fn of<'a>(l: &Layer<'a>, convert: impl Fn(&Dense<'a>) -> W) -> LowLayer<W> {
        LowLayer {
            query: convert(&l.query),
            key: convert(&l.key),
            value: convert(&l.value),
            attn_out: convert(&l.attn_out),
            inter: convert(&l.inter),
            out: convert(&l.out),
        }
    }

    fn get(&self, which: Which) -> &W {
        match which {
            Which::Query => &self.query,
            Which::Key => &self.key,
            Which::Value => &self.value,
            Which::AttnOut => &self.attn_out,
            Which::Inter => &self.inter,
            Which::Out => &self.out,
        }
    }
}

/// The dense weights of every layer in the precision asked for, when not f32.
enum LowWeights {
    Int8(Vec<LowLayer<QuantDense>>),
    Bf16(Vec<LowLayer<Bf16Dense>>),
}

/// One of a layer's six dense products.
#[derive(Clone, Copy)]
enum Which {
    Query,
    Key,
    Value,
    AttnOut,
    Inter,
    Out,
}

/// One lower-precision product: the weights and the converted rows they multiply.
#[derive(Clone, Copy)]
enum Product<'a> {
    Int8(&'a QuantDense, &'a QuantRows),
    Bf16(&'a Bf16Dense, &'a Bf16Rows),
}

/// Layer `li`'s rows converted for its lower-precision weights, if any.
#[derive(Clone, Copy)]
enum LowRows<'a> {
    Int8(&'a LowLayer<QuantDense>, &'a QuantRows),
    Bf16(&'a LowLayer<Bf16Dense>, &'a Bf16Rows),
}

impl<'a> LowRows<'a> {
    fn product(self, which: Which) -> Product<'a> {
        match self {
            LowRows::Int8(l, x) => Product::Int8(l.get(which), x),
            LowRows::Bf16(l, x) => Product::Bf16(l.get(which), x),
        }
    }
}

/// Convert `n` rows of `k` values of `x` for layer `li`'s lower-precision weights, if
/// any, into the buffer of that precision.
fn convert<'r>(
    low: Option<&'r LowWeights>,
    li: usize,
    x: &[f32],
    n: usize,
    k: usize,
    xq: &'r mut QuantRows,
    xb: &'r mut Bf16Rows,
) -> Option<LowRows<'r>> {
    match low? {
        LowWeights::Int8(layers) => {
            xq.quantize(x, n, k);
            Some(LowRows::Int8(layers.get(li)?, xq))
        }
        LowWeights::Bf16(layers) => {
            xb.convert(x, n, k);
            Some(LowRows::Bf16(layers.get(li)?, xb))
        }
    }
}

/// Tokens from which a text's attention runs on the matrix units (bf16 on AMX). A
/// shorter text's products are a few partial tiles each, and f32 is faster there: 2,000
/// arXiv abstracts cut to ~49 tokens embed at 48,000 tokens/s with tiled attention and
/// 53,000 without, cut to ~93 at 45,000 and 46,600; whole, at ~235, 40,000 and 35,000.
const TILED_ATTENTION_FROM: usize = 128;

/// The first `n` elements of `v`, growing it when it is shorter.
fn grow(v: &mut Vec<f32>, n: usize) -> &mut [f32] {
    if v.len() < n {
        v.resize(n, 0.0);
    }
    &mut v[..n]
}

self_cell::self_cell!(
    /// The weights, borrowed from the memory-mapped file.
    struct Weights {
        owner: MmapedSafetensors,
        #[covariant]
        dependent: Params,
    }
);

/// The BERT encoder (embeddings and layers; no pooler) over its memory-mapped weights,
/// with int8 or bf16 copies of the dense weights when that precision is asked for.
pub struct Encoder {
    weights: Weights,
    low: Option<LowWeights>,
}

impl Encoder {
    /// Map `model.safetensors` and take the weights a BERT of config `c` needs (with or
    /// without a `bert.` prefix).
    ///
    /// # Safety
    /// The file must not be modified or truncated while the encoder lives (it is mapped).
    pub unsafe fn load(weights: &Path, c: &Config) -> candle_core::Result<Encoder> {
        let file = MmapedSafetensors::new(weights)?;
        Ok(Encoder {
            weights: Weights::try_new(file, |file| Params::load(file, c))?,
            low: None,
        })
    }

    /// Use `precision` for the dense layers from now on (int8 and bf16 convert the
    /// weights once, here).
    pub fn set_precision(&mut self, precision: Precision) {
        let layers = &self.weights.borrow_dependent().layers;
        self.low = match precision {
            Precision::F32 => None,
            Precision::Int8 => Some(LowWeights::Int8(
                layers
                    .iter()
                    .map(|l| LowLayer::of(l, |d| d.quantize()))
                    .collect(),
            )),
            Precision::Bf16 => Some(LowWeights::Bf16(
                layers
                    .iter()
                    .map(|l| LowLayer::of(l, |d| d.to_bf16()))
                    .collect(),
            )),
        };
    }

    /// The precision of the dense layers.
    pub fn precision(&self) -> Precision {
        match self.low {
            None => Precision::F32,
            Some(LowWeights::Int8(_)) => Precision::Int8,
            Some(LowWeights::Bf16(_)) => Precision::Bf16,
        }
    }

    /// Hidden size (the width of each output row).
    pub fn hidden(&self) -> usize {
        self.weights.borrow_dependent().hidden
    }

    /// Hidden states of every token of every text, as rows of one `Σlen × hidden` matrix
    /// (the texts' rows one after the other, in the order given).
    pub fn forward<'w>(&self, texts: &[Tokens], ws: &'w mut Workspace) -> Result<&'w [f32]> {
        self.weights
            .borrow_dependent()
            .forward(texts, ws, self.low.as_ref())
    }
}

impl<'a> Params<'a> {
    fn load(file: &'a MmapedSafetensors, c: &Config) -> candle_core::Result<Params<'a>> {
        let root = Tensors {
            file,
            prefix: String::new(),
        };
        let vb = if file.get("bert.embeddings.word_embeddings.weight").is_ok() {
            root.pp("bert")
        } else {
            root
        };
        let activation = match c.hidden_act {
            HiddenAct::Gelu => Activation::GeluErf,
            HiddenAct::GeluApproximate => Activation::GeluTanh,
            _ => candle_core::bail!("only GELU BERT models are supported"),
        };
        let h = c.hidden_size;
        let heads = c.num_attention_heads;
        if heads == 0 || !h.is_multiple_of(heads) {
            candle_core::bail!("hidden size {h} is not a multiple of {heads} attention heads");
        }
        let head_dim = h / heads;
        let e = vb.pp("embeddings");
        let words = e.pp("word_embeddings").get(&[c.vocab_size, h], "weight")?;
        let positions = e
            .pp("position_embeddings")
            .get(&[c.max_position_embeddings, h], "weight")?;
        let types = e
            .pp("token_type_embeddings")
            .get(&[c.type_vocab_size, h], "weight")?;
        let emb_norm = Norm::load(e.pp("LayerNorm"), h, c.layer_norm_eps)?;
        let mut layers = Vec::with_capacity(c.num_hidden_layers);
        for i in 0..c.num_hidden_layers {
            let l = vb.pp(&format!("encoder.layer.{i}"));
            let s = l.pp("attention.self");
            layers.push(Layer {
                query: Dense::load(s.pp("query"), h, h)?,
                key: Dense::load(s.pp("key"), h, h)?,
                value: Dense::load(s.pp("value"), h, h)?,
                attn_out: Dense::load(l.pp("attention.output.dense"), h, h)?,
                attn_norm: Norm::load(l.pp("attention.output.LayerNorm"), h, c.layer_norm_eps)?,
                inter: Dense::load(l.pp("intermediate.dense"), h, c.intermediate_size)?,
                out: Dense::load(l.pp("output.dense"), c.intermediate_size, h)?,
                out_norm: Norm::load(l.pp("output.LayerNorm"), h, c.layer_norm_eps)?,
            });
        }
        Ok(Params {
            words,
            positions,
            types,
            emb_norm,
            layers,
            hidden: h,
            heads,
            head_dim,
            intermediate: c.intermediate_size,
            activation,
        })
    }

    fn forward<'w>(
        &self,
        texts: &[Tokens],
        ws: &'w mut Workspace,
        low: Option<&LowWeights>,
    ) -> Result<&'w [f32]> {
        let h = self.hidden;
        let total: usize = texts.iter().map(|t| t.ids.len()).sum();
        let Workspace {
            x,
            qkv,
            ctx,
            inter,
            scores,
            quant: xq,
            bf16: xb,
            attention,
        } = ws;
        // bf16 on the matrix units runs attention's products there too, as torch's bf16
        // autocast does (elsewhere they stay f32: rounding for `gemm` gains nothing).
        let tiles = matches!(low, Some(LowWeights::Bf16(_))) && bf16::kernel() == bf16::Kernel::Amx;
        let x = grow(x, total * h);
        let qkv = grow(qkv, total * 3 * h);
        let ctx = grow(ctx, total * h);
        let inter = grow(inter, total * self.intermediate);
        self.embed(texts, x)?;
        let spans: Vec<(usize, usize)> = texts
            .iter()
            .scan(0, |start, t| {
                let span = (*start, t.ids.len());
                *start += t.ids.len();
                Some(span)
            })
            .collect();
        for (li, l) in self.layers.iter().enumerate() {
            let i = self.intermediate;
            // Q, K and V side by side in each row of `qkv` (one conversion of x for all three).
            let rows = convert(low, li, x, total, h, xq, xb);
            let product = |which| rows.map(|r| r.product(which));
            l.query
                .apply(x, total, qkv, 3 * h, false, product(Which::Query));
            l.key
                .apply(x, total, &mut qkv[h..], 3 * h, false, product(Which::Key));
            l.value.apply(
                x,
                total,
                &mut qkv[2 * h..],
                3 * h,
                false,
                product(Which::Value),
            );
            let buffers = tiles.then_some(&mut *attention);
            self.attention(qkv, &spans, ctx, scores, buffers);
            // One dense product: `x` (rows of `k`) converted for the layer's lower
            // precision, if any, then multiplied into `dst`.
            let mut dense = |d: &Dense,
                             which: Which,
                             x: &[f32],
                             k: usize,
                             dst: &mut [f32],
                             stride: usize,
                             accumulate: bool| {
                let rows = convert(low, li, x, total, k, xq, xb);
                d.apply(
                    x,
                    total,
                    dst,
                    stride,
                    accumulate,
                    rows.map(|r| r.product(which)),
                );
            };
            dense(&l.attn_out, Which::AttnOut, ctx, h, x, h, true);
            l.attn_norm.apply(x);
            dense(&l.inter, Which::Inter, x, h, inter, i, false);
            match self.activation {
                Activation::GeluErf => kernels::gelu_erf(inter),
                Activation::GeluTanh => kernels::gelu_tanh(inter),
            }
            dense(&l.out, Which::Out, inter, i, x, h, true);
            l.out_norm.apply(x);
        }
        Ok(x)
    }

    /// Word + position + token type embeddings, layer-normed, into `x`.
    fn embed(&self, texts: &[Tokens], x: &mut [f32]) -> Result<()> {
        let h = self.hidden;
        let mut rows = x.chunks_exact_mut(h);
        for t in texts {
            if t.types.len() != t.ids.len() {
                return Err(Error::Embed(format!(
                    "{} token type ids for {} token ids",
                    t.types.len(),
                    t.ids.len()
                )));
            }
            if t.ids.len() * h > self.positions.len() {
                return Err(Error::Embed(format!(
                    "a text of {} tokens exceeds the model's {} positions",
                    t.ids.len(),
                    self.positions.len() / h
                )));
            }
            for (j, (&id, &ty)) in t.ids.iter().zip(t.types).enumerate() {
                let (id, ty) = (id as usize, ty as usize);
                let (Some(word), Some(kind)) = (
                    self.words.get(id * h..(id + 1) * h),
                    self.types.get(ty * h..(ty + 1) * h),
                ) else {
                    return Err(Error::Embed(format!(
                        "token id {id} (type {ty}) is outside the model's vocabulary: \
                         tokenizer.json does not belong to model.safetensors"
                    )));
                };
                let pos = &self.positions[j * h..(j + 1) * h];
                let Some(row) = rows.next() else {
                    // `x` holds a row per token id (see `forward`).
                    return Err(Error::Embed("fewer rows than tokens".into()));
                };
                for (((r, &w), &p), &k) in row.iter_mut().zip(word).zip(pos).zip(kind) {
                    *r = (w + p) + k;
                }
            }
        }
        self.emb_norm.apply(x);
        Ok(())
    }

    /// Scaled dot-product attention of each text over its own tokens, all heads, into `ctx`;
    /// with `tiles`, a text of [`TILED_ATTENTION_FROM`] tokens or more on bf16 values on
    /// the matrix units.
    fn attention(
        &self,
        qkv: &[f32],
        spans: &[(usize, usize)],
        ctx: &mut [f32],
        scores: &mut Vec<f32>,
        mut tiles: Option<&mut bf16::AttentionBuffers>,
    ) {
        let (h, d) = (self.hidden, self.head_dim);
        let stride = 3 * h;
        let scale = 1.0 / (d as f32).sqrt();
        for &(start, len) in spans {
            if len == 0 {
                continue;
            }
            let s = grow(scores, len * len);
            let base = start * stride;
            for head in 0..self.heads {
                let at = base + head * d;
                let out = &mut ctx[start * h + head * d..];
                if let Some(buffers) = tiles.as_deref_mut().filter(|_| len >= TILED_ATTENTION_FROM)
                {
                    let qkv = (&qkv[at..], &qkv[at + h..], &qkv[at + 2 * h..]);
                    let kernel = bf16::Kernel::Amx;
                    bf16::attention_head(kernel, qkv, stride, (len, d), scale, s, out, h, buffers);
                    continue;
                }
                let q = View::rows(&qkv[at..], len, d, stride);
                let k = View::rows(&qkv[at + h..], len, d, stride);
                let v = View::rows(&qkv[at + 2 * h..], len, d, stride);
                matmul(s, len, q, k.t(), false);
                kernels::softmax(s, len, scale);
                matmul(out, h, View::rows(s, len, len, len), v, false);
            }
        }
    }
}
