//! Parity with sentence-transformers: every reference text embedded by the real
//! model through Candle must match the reference vector (cosine ≥ 0.99999).

mod common;

use readnext::embed::{BertEmbedder, Embedder};
use readnext::model::{self, ModelOptions};

#[test]
fn candle_matches_sentence_transformers_on_every_reference_text() {
    let Some(reference) = common::shared("reference/all-MiniLM-L6-v2.jsonl") else {
        eprintln!("skipped: ../shared/reference/all-MiniLM-L6-v2.jsonl is absent");
        return;
    };
    let opts = ModelOptions {
        model_dir: Some(common::model_dir()),
        offline: true,
        cache_dir: None,
        ..ModelOptions::default()
    };
    let files = model::locate(&opts, &|_| {}).expect("model files verify");
    let embedder = BertEmbedder::load(&files).expect("model loads");
    assert_eq!(embedder.sentence_config().max_seq_length, 256);

    let rows: Vec<serde_json::Value> = std::fs::read_to_string(reference)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 263);
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    let got = embedder.embed(&texts).unwrap();

    let (mut worst, mut worst_text, mut max_abs) = (1.0f64, "", 0.0f64);
    for ((row, v), t) in rows.iter().zip(&got).zip(&texts) {
        let want: Vec<f64> = row["embedding"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(v.len(), want.len());
        let dot: f64 = v.iter().zip(&want).map(|(a, b)| *a as f64 * b).sum();
        let na: f64 = v.iter().map(|a| (*a as f64).powi(2)).sum::<f64>().sqrt();
        let nb: f64 = want.iter().map(|b| b * b).sum::<f64>().sqrt();
        let cos = dot / (na * nb);
        if cos < worst {
            worst = cos;
            worst_text = t;
        }
        for (a, b) in v.iter().zip(&want) {
            max_abs = max_abs.max((*a as f64 - b).abs());
        }
        assert!(cos >= 0.99999, "cosine {cos} for {t:?}");
    }
    let shown: String = worst_text.chars().take(40).collect();
    println!("parity: worst cosine {worst:.12} ({shown:?}), max abs diff {max_abs:.3e}");
}

#[test]
fn output_is_in_input_order_whatever_the_batch() {
    let opts = ModelOptions {
        model_dir: Some(common::model_dir()),
        offline: true,
        cache_dir: None,
        ..ModelOptions::default()
    };
    let files = model::locate(&opts, &|_| {}).unwrap();
    let texts = [
        "a short one",
        "a considerably longer text about parameter-efficient fine-tuning of language models",
        "LoRA",
    ];
    let one = BertEmbedder::load(&files)
        .unwrap()
        .with_batch_size(1)
        .embed(&texts)
        .unwrap();
    let all = BertEmbedder::load(&files)
        .unwrap()
        .with_batch_size(32)
        .embed(&texts)
        .unwrap();
    for (a, b) in one.iter().zip(&all) {
        let cos: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        assert!(cos > 0.99999, "batching changed a vector: {cos}");
    }
    let lora = BertEmbedder::load(&files)
        .unwrap()
        .embed(&["LoRA"])
        .unwrap();
    assert_eq!(lora[0], all[2], "same text, same batch shape, same bits");
}
