//! Parity with sentence-transformers: every reference text embedded by the real
//! model must match the reference vector (cosine ≥ 0.99999); batching and the weights'
//! storage type must not change the vectors beyond rounding.

mod common;

use readnext::embed::{BertEmbedder, Embedder, Precision};
use readnext::model::{self, ModelOptions};

/// The reference texts with sentence-transformers' vectors, or None when absent.
fn reference() -> Option<Vec<(String, Vec<f64>)>> {
    let Some(path) = common::shared("reference/all-MiniLM-L6-v2.jsonl") else {
        eprintln!("skipped: ../shared/reference/all-MiniLM-L6-v2.jsonl is absent");
        return None;
    };
    let rows = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let row: serde_json::Value = serde_json::from_str(l).unwrap();
            let vector = row["embedding"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            (row["text"].as_str().unwrap().to_string(), vector)
        })
        .collect();
    Some(rows)
}

/// The verified default model at `precision`.
fn embedder(precision: Precision) -> BertEmbedder {
    let opts = ModelOptions {
        model_dir: Some(common::model_dir()),
        offline: true,
        cache_dir: None,
        ..ModelOptions::default()
    };
    let files = model::locate(&opts, &|_| {}).expect("model files verify");
    BertEmbedder::load(&files)
        .expect("model loads")
        .with_precision(precision)
}

/// Cosine of a vector and a reference vector.
fn cosine(v: &[f32], want: &[f64]) -> f64 {
    assert_eq!(v.len(), want.len());
    let dot: f64 = v.iter().zip(want).map(|(a, b)| *a as f64 * b).sum();
    let na: f64 = v.iter().map(|a| (*a as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = want.iter().map(|b| b * b).sum::<f64>().sqrt();
    dot / (na * nb)
}

#[test]
fn readnext_matches_sentence_transformers_on_every_reference_text() {
    let Some(rows) = reference() else { return };
    assert_eq!(rows.len(), 263);
    let embedder = embedder(Precision::F32);
    assert_eq!(embedder.sentence_config().max_seq_length, 256);
    let texts: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let got = embedder.embed(&texts).unwrap();

    let (mut worst, mut worst_text, mut max_abs) = (1.0f64, "", 0.0f64);
    for ((text, want), v) in rows.iter().zip(&got) {
        let cos = cosine(v, want);
        if cos < worst {
            worst = cos;
            worst_text = text;
        }
        for (a, b) in v.iter().zip(want) {
            max_abs = max_abs.max((*a as f64 - b).abs());
        }
        assert!(cos >= 0.99999, "cosine {cos} for {text:?}");
    }
    let shown: String = worst_text.chars().take(40).collect();
    println!("parity: worst cosine {worst:.12} ({shown:?}), max abs diff {max_abs:.3e}");
}

#[test]
fn output_is_in_input_order_whatever_the_batch() {
    let texts = [
        "a short one",
        "a considerably longer text about parameter-efficient fine-tuning of language models",
        "LoRA",
    ];
    let one = embedder(Precision::F32)
        .with_batch_size(1)
        .embed(&texts)
        .unwrap();
    let all = embedder(Precision::F32)
        .with_batch_size(32)
        .embed(&texts)
        .unwrap();
    for (a, b) in one.iter().zip(&all) {
        let cos: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        assert!(cos > 0.99999, "batching changed a vector: {cos}");
    }
    let lora = embedder(Precision::F32).embed(&["LoRA"]).unwrap();
    assert_eq!(lora[0], all[2], "same text, same batch shape, same bits");
}

#[test]
fn the_token_budget_changes_no_bit_of_any_vector_at_any_precision() {
    // Texts are packed into forward passes by a token budget whose default depends on
    // the precision (2,048 tokens at f32, 512 at int8 and bf16); every product, norm
    // and attention is per token or per text, so how texts are packed must not show.
    let Some(rows) = reference() else { return };
    let texts: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    for precision in [Precision::F32, Precision::Int8, Precision::Bf16] {
        let default = embedder(precision);
        let want = default.token_budget();
        assert_eq!(want, readnext::embed::bert::default_token_budget(precision));
        let base = default.embed(&texts).unwrap();
        for budget in [1, 300, 100_000] {
            let got = embedder(precision)
                .with_token_budget(budget)
                .embed(&texts)
                .unwrap();
            for ((a, b), text) in got.iter().zip(&base).zip(&texts) {
                assert!(
                    a == b,
                    "{precision:?}, budget {budget} against {want}: {text:?} changed"
                );
            }
        }
    }
    assert_eq!(
        readnext::embed::bert::default_token_budget(Precision::F32),
        2048
    );
    assert_eq!(
        readnext::embed::bert::default_token_budget(Precision::Bf16),
        512
    );
}

#[test]
fn half_precision_weights_are_converted_and_embed_like_f32() {
    // The same model with its weights stored as f16 (so none can be used in place from
    // the mapping): every tensor goes through the conversion path.
    let dir = common::model_dir();
    let tmp = tempfile::tempdir().unwrap();
    for rel in [
        "config.json",
        "tokenizer.json",
        "modules.json",
        "sentence_bert_config.json",
        "1_Pooling/config.json",
    ] {
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(dir.join(rel), to).unwrap();
    }
    let dev = candle_core::Device::Cpu;
    let tensors = candle_core::safetensors::load(dir.join("model.safetensors"), &dev).unwrap();
    let half: std::collections::HashMap<String, candle_core::Tensor> = tensors
        .into_iter()
        .map(|(k, t)| (k, t.to_dtype(candle_core::DType::F16).unwrap()))
        .collect();
    candle_core::safetensors::save(&half, tmp.path().join("model.safetensors")).unwrap();

    let load = |model: &str, model_dir: std::path::PathBuf| {
        let opts = ModelOptions {
            model: model.into(),
            model_dir: Some(model_dir),
            offline: true,
            cache_dir: Some(tmp.path().join("cache")),
            ..ModelOptions::default()
        };
        BertEmbedder::load(&model::locate(&opts, &|_| {}).unwrap()).unwrap()
    };
    let texts = [
        "LoRA: Low-Rank Adaptation of Large Language Models",
        "cheap ways to fine-tune big models",
        "Attention is all you need",
    ];
    let f32_vectors = load("sentence-transformers/all-MiniLM-L6-v2", dir.clone())
        .embed(&texts)
        .unwrap();
    let f16_vectors = load("test/all-MiniLM-L6-v2-f16", tmp.path().to_path_buf())
        .embed(&texts)
        .unwrap();
    for ((a, b), t) in f32_vectors.iter().zip(&f16_vectors).zip(texts) {
        let cos: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        println!("f16 weights vs f32: cosine {cos:.6} for {t:?}");
        assert!(cos > 0.999, "f16 weights moved {t:?} to cosine {cos}");
        assert!(
            a != b,
            "f16 weights gave the f32 bits: the conversion path did not run"
        );
    }
}

/// Every reference text embedded at `precision`: the mean cosine to sentence-transformers'
/// vectors, the worst and its text (printed), and the vectors.
fn cosines_at(precision: Precision) -> Option<(f64, f64, String, Vec<Vec<f32>>)> {
    let rows = reference()?;
    let embedder = embedder(precision);
    assert_eq!(embedder.precision(), precision);
    let texts: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let got = embedder.embed(&texts).unwrap();
    let (mut worst, mut sum, mut worst_text) = (1.0f64, 0.0f64, "");
    for ((text, want), v) in rows.iter().zip(&got) {
        let cos = cosine(v, want);
        sum += cos;
        if cos < worst {
            worst = cos;
            worst_text = text;
        }
    }
    let mean = sum / got.len() as f64;
    let shown: String = worst_text.chars().take(40).collect();
    println!(
        "{} ({:?} bf16 kernel): mean cosine {mean:.6}, worst {worst:.6} ({shown:?}) over {} texts",
        precision.as_str(),
        readnext::embed::bf16::kernel(),
        got.len()
    );
    Some((mean, worst, worst_text.to_string(), got))
}

#[test]
fn int8_stays_close_to_sentence_transformers_on_every_reference_text() {
    let Some((mean, worst, text, _)) = cosines_at(Precision::Int8) else {
        return;
    };
    assert!(worst >= 0.98, "int8 worst cosine {worst} for {text:?}");
    assert!(mean >= 0.995, "int8 mean cosine {mean}");
}

#[test]
fn bf16_stays_within_a_ten_thousandth_of_sentence_transformers_on_every_reference_text() {
    let Some((_, worst, text, got)) = cosines_at(Precision::Bf16) else {
        return;
    };
    assert!(worst >= 0.9999, "bf16 worst cosine {worst} for {text:?}");
    // And it is not f32 in disguise: the rounding changed the vectors.
    let rows = reference().unwrap();
    let texts: Vec<&str> = rows.iter().take(3).map(|r| r.0.as_str()).collect();
    let f32_vectors = embedder(Precision::F32).embed(&texts).unwrap();
    assert!(got[..3] != f32_vectors[..], "bf16 gave the f32 bits");
}
