//! Embedding throughput (first 2,000 abstracts of the arXiv data, default batches), query
//! latency, index build of the seed list, and `related`/`search` over its index.

#[path = "common.rs"]
mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use readnext::corpus::Corpus;
use readnext::embed::Embedder;
use readnext::index::{self, ModelStamp};
use readnext::rank::{Engine, Weights};
use std::time::Duration;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let Some(embedder) = common::embedder() else {
        return;
    };

    if let Some(papers) = common::arxiv() {
        let texts: Vec<String> = papers
            .iter()
            .take(2000)
            .filter_map(|p| p.abstract_text.get().map(String::from))
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let tokens: usize = embedder
            .token_counts(&refs)
            .map(|t| t.iter().sum())
            .unwrap_or(0);
        let mut g = c.benchmark_group("embed");
        g.sample_size(10)
            .measurement_time(Duration::from_secs(60))
            .throughput(Throughput::Elements(tokens as u64));
        g.bench_with_input(
            BenchmarkId::new("abstracts tokens/s", texts.len()),
            &refs,
            |b, r| b.iter(|| embedder.embed(r)),
        );
        g.finish();
    }

    let mut g = c.benchmark_group("query");
    g.bench_function("embed one query", |b| {
        b.iter(|| embedder.embed(&["parameter-efficient fine-tuning"]))
    });
    g.finish();

    tokenizer_load(c);

    let Ok(corpus) = Corpus::load(&common::repo().join("data/papers.md")) else {
        return;
    };
    let stamp = ModelStamp {
        id: "bench".into(),
        revision: None,
        weights_sha256: "bench".into(),
        precision: readnext::embed::Precision::F32,
        prefixes: Default::default(),
        derived: false,
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    g.bench_function("build seed list (250 papers, embed + graph + write)", |b| {
        b.iter(|| {
            index::build(
                &corpus,
                None,
                &embedder,
                stamp.clone(),
                dir.path(),
                &mut |_, _| {},
            )
            .map(|r| r.1)
        })
    });
    g.finish();

    let Ok((ix, _)) = index::build(&corpus, None, &embedder, stamp, dir.path(), &mut |_, _| {})
    else {
        return;
    };
    let mut g = c.benchmark_group("rank");
    g.bench_function("load index + engine", |b| {
        b.iter(|| index::store::load(dir.path()).map(|ix| Engine::new(&ix).lexical.doc(0).len()))
    });
    let engine = Engine::new(&ix);
    g.bench_function("related k=10", |b| {
        b.iter(|| engine.related(100, 10, Weights::RELATED))
    });
    let qv = embedder
        .embed(&["retrieval augmented language models"])
        .unwrap_or_default()
        .pop()
        .unwrap_or_default();
    g.bench_function("search k=10 (query vector given)", |b| {
        b.iter(|| {
            engine.search(
                "retrieval augmented language models",
                &qv,
                10,
                Weights::SEARCH,
            )
        })
    });
    g.finish();
}

/// Reading multilingual-e5's `tokenizer.json` (250,002 Unigram pieces) and tokenizing one
/// query: readnext's Unigram model against `tokenizers`' own, in the same run.
fn tokenizer_load(c: &mut Criterion) {
    let path = common::repo().join("models/multilingual-e5-small/tokenizer.json");
    if !path.exists() {
        eprintln!(
            "skipped: {} is absent (run `readnext --model multilingual-e5-small model fetch`)",
            path.display()
        );
        return;
    }
    let query = ["query: 저렴하게 큰 모델을 미세 조정하는 방법 (LoRA)"];
    let mut g = c.benchmark_group("e5 tokenizer: read and tokenize one query");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("readnext Unigram", |b| {
        b.iter(|| {
            let t = readnext::embed::tokenizer::TextTokenizer::read("e5", &path, 512).ok()?;
            t.encode_batch(&query).ok()
        })
    });
    g.bench_function("tokenizers Unigram", |b| {
        b.iter(|| {
            let t = tokenizers::Tokenizer::from_file(&path).ok()?;
            t.encode_batch(query.to_vec(), true).ok()
        })
    });
    g.finish();

    // Tokenizing many texts once read (what an e5 index build does).
    let Some(papers) = common::arxiv() else {
        return;
    };
    let texts: Vec<String> = papers
        .iter()
        .take(500)
        .map(|p| {
            format!(
                "passage: {}. {}",
                p.title,
                p.abstract_text.get().unwrap_or("")
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (Ok(ours), Ok(theirs)) = (
        readnext::embed::tokenizer::TextTokenizer::read("e5", &path, 512),
        tokenizers::Tokenizer::from_file(&path),
    ) else {
        return;
    };
    let mut g = c.benchmark_group("e5 tokenizer: 500 abstracts");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("readnext Unigram", |b| {
        b.iter(|| ours.encode_batch(&refs).ok())
    });
    g.bench_function("tokenizers Unigram", |b| {
        b.iter(|| theirs.encode_batch(refs.clone(), true).ok())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
