//! A lean BERT encoder forward on Candle tensors, equivalent to candle-transformers'
//! `BertModel` (the parity test holds it to sentence-transformers) but faster on CPU:
//! one fused Q/K/V projection with the 1/√d scale folded into the query weights, the
//! fused last-dimension softmax, and fused layer norms.

use candle_core::{DType, Module, Result, Tensor, D};
use candle_nn::{Embedding, LayerNorm, Linear, VarBuilder};
use candle_transformers::models::bert::{Config, HiddenAct};

struct Layer {
    qkv: Linear,
    attn_out: Linear,
    attn_norm: LayerNorm,
    inter: Linear,
    out: Linear,
    out_norm: LayerNorm,
}

/// The BERT encoder (embeddings and layers; no pooler).
pub struct LeanBert {
    words: Embedding,
    positions: Embedding,
    types: Embedding,
    emb_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: usize,
    head_dim: usize,
    hidden: usize,
    gelu_erf: bool,
}

fn layer_norm(vb: VarBuilder, size: usize, eps: f64) -> Result<LayerNorm> {
    let (w, b) = match (vb.get(size, "weight"), vb.get(size, "bias")) {
        (Ok(w), Ok(b)) => (w, b),
        _ => (vb.get(size, "gamma")?, vb.get(size, "beta")?),
    };
    Ok(LayerNorm::new(w, b, eps))
}

fn linear(vb: VarBuilder, inp: usize, out: usize) -> Result<Linear> {
    Ok(Linear::new(
        vb.get((out, inp), "weight")?,
        Some(vb.get(out, "bias")?),
    ))
}

impl LeanBert {
    /// Load from a `VarBuilder` over the model's safetensors (with or without a `bert.` prefix).
    pub fn load(vb: VarBuilder, c: &Config) -> Result<LeanBert> {
        let vb = if vb.contains_tensor("bert.embeddings.word_embeddings.weight") {
            vb.pp("bert")
        } else {
            vb
        };
        let h = c.hidden_size;
        let heads = c.num_attention_heads;
        let head_dim = h / heads;
        let e = vb.pp("embeddings");
        let words = Embedding::new(e.pp("word_embeddings").get((c.vocab_size, h), "weight")?, h);
        let positions = Embedding::new(
            e.pp("position_embeddings")
                .get((c.max_position_embeddings, h), "weight")?,
            h,
        );
        let types = Embedding::new(
            e.pp("token_type_embeddings")
                .get((c.type_vocab_size, h), "weight")?,
            h,
        );
        let emb_norm = layer_norm(e.pp("LayerNorm"), h, c.layer_norm_eps)?;
        let scale = 1.0 / (head_dim as f64).sqrt();
        let mut layers = Vec::with_capacity(c.num_hidden_layers);
        for i in 0..c.num_hidden_layers {
            let l = vb.pp(format!("encoder.layer.{i}"));
            let s = l.pp("attention.self");
            let q = linear(s.pp("query"), h, h)?;
            let k = linear(s.pp("key"), h, h)?;
            let v = linear(s.pp("value"), h, h)?;
            let qw = (q.weight() * scale)?;
            let qb = q.bias().map(|b| b * scale).transpose()?;
            let (Some(qb), Some(kb), Some(vb_)) = (qb, k.bias(), v.bias()) else {
                candle_core::bail!("BERT attention without biases is not supported");
            };
            let w = Tensor::cat(&[&qw, k.weight(), v.weight()], 0)?;
            let b = Tensor::cat(&[&qb, kb, vb_], 0)?;
            layers.push(Layer {
                qkv: Linear::new(w, Some(b)),
                attn_out: linear(l.pp("attention.output.dense"), h, h)?,
                attn_norm: layer_norm(l.pp("attention.output.LayerNorm"), h, c.layer_norm_eps)?,
                inter: linear(l.pp("intermediate.dense"), h, c.intermediate_size)?,
                out: linear(l.pp("output.dense"), c.intermediate_size, h)?,
                out_norm: layer_norm(l.pp("output.LayerNorm"), h, c.layer_norm_eps)?,
            });
        }
        let gelu_erf = match c.hidden_act {
            HiddenAct::Gelu => true,
            HiddenAct::GeluApproximate => false,
            _ => candle_core::bail!("only GELU BERT models are supported"),
        };
        Ok(LeanBert {
            words,
            positions,
            types,
            emb_norm,
            layers,
            heads,
            head_dim,
            hidden: h,
            gelu_erf,
        })
    }

    /// Hidden states `(batch, seq, hidden)` for token ids, token types and a 0/1 mask.
    pub fn forward(&self, ids: &Tensor, types: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (b, s) = ids.dims2()?;
        let pos = Tensor::arange(0u32, s as u32, ids.device())?;
        let x = self
            .words
            .forward(ids)?
            .broadcast_add(&self.positions.forward(&pos)?)?
            .add(&self.types.forward(types)?)?;
        let mut x = self.emb_norm.forward(&x)?;
        // (1 - mask) · f32::MIN, shaped (b, 1, 1, s): padded keys get no attention.
        let maskf = mask.to_dtype(DType::F32)?;
        let bias = ((maskf.ones_like()? - &maskf)? * f32::MIN as f64)?.reshape((b, 1, 1, s))?;
        for l in &self.layers {
            let qkv = l.qkv.forward(&x)?;
            let split = |i: usize| -> Result<Tensor> {
                qkv.narrow(D::Minus1, i * self.hidden, self.hidden)?
                    .reshape((b, s, self.heads, self.head_dim))?
                    .transpose(1, 2)?
                    .contiguous()
            };
            let (q, k, v) = (split(0)?, split(1)?, split(2)?);
            let scores = q.matmul(&k.t()?)?.broadcast_add(&bias)?;
            let probs = scores.apply_op1_no_bwd(&super::kernels::FastSoftmax)?;
            let ctx = probs
                .matmul(&v)?
                .transpose(1, 2)?
                .reshape((b, s, self.hidden))?;
            let attn = l.attn_norm.forward(&(l.attn_out.forward(&ctx)? + &x)?)?;
            let inter = l.inter.forward(&attn)?;
            let inter = if self.gelu_erf {
                inter.apply_op1_no_bwd(&super::kernels::FastGelu)?
            } else {
                inter.gelu()?
            };
            x = l.out_norm.forward(&(l.out.forward(&inter)? + &attn)?)?;
        }
        Ok(x)
    }
}
