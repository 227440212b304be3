//! readnext's quick-loading Unigram model (`embed::unigram`) tokenizes as `tokenizers`'
//! own does: the same ids, type ids and offsets for the real multilingual-e5 tokenizer
//! on real text — the seed list, the Korean glossary and dev queries, ACM-CR and arXiv
//! abstracts when `../shared` is there — and on text made to be awkward.

mod common;

use common::*;
use readnext::embed::tokenizer::TextTokenizer;
use std::io::BufRead;

/// `title` and `abstract` of the first `n` records of a gzipped JSONL file.
fn records(path: &std::path::Path, n: usize) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(file));
    reader
        .lines()
        .take(n)
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let field = |k: &str| v[k].as_str().unwrap_or("").to_string();
            format!("passage: {}. {}", field("title"), field("abstract"))
        })
        .collect()
}

fn texts() -> Vec<String> {
    let mut texts: Vec<String> = Vec::new();
    let read = |p: std::path::PathBuf| std::fs::read_to_string(p).unwrap();
    texts.extend(read(seed_list()).lines().map(str::to_string));
    texts.extend(
        read(repo().join("src/lexical/glossary_ko.tsv"))
            .lines()
            .map(str::to_string),
    );
    for line in read(repo().join("eval/search-dev-ko.tsv")).lines() {
        texts.extend(line.split('\t').map(|t| format!("query: {t}")));
    }
    for rel in [
        "eval/acm-cr/collection-20k.jsonl.gz",
        "data/arxiv-2025.jsonl.gz",
    ] {
        match shared(rel) {
            Some(path) => texts.extend(records(&path, 1500)),
            None => eprintln!("../shared/{rel} is absent: its abstracts are not compared"),
        }
    }
    texts.extend(
        [
            "",
            " ",
            "   leading and   inner   spaces  ",
            "tabs\tand\nnewlines\r\n",
            "<s> a special <mask> token </s> <unk>",
            "émigré naïve Ångström ﬁne-tuning ＬｏＲＡ",
            "数学 日本語のテキスト 中文模型",
            "نموذج لغوي كبير",
            "🤗 emoji 👩‍👩‍👧 and a flag 🇰🇷",
            "\u{200b}zero\u{200d}width\u{feff}",
            "q\u{0301}\u{0323} combining marks",
            "\u{1}\u{7f} control characters",
            "ᄀᄁᄂ Hangul jamo ㄱㄴㄷ",
        ]
        .map(str::to_string),
    );
    // Longer than the model's 512 positions: truncation is the same too.
    texts.push("로라 LoRA low-rank adaptation ".repeat(200));
    texts
}

#[test]
fn quick_unigram_tokenizes_as_tokenizers_does() {
    let path = e5_dir().join("tokenizer.json");
    let ours = TextTokenizer::read("multilingual-e5-small", &path, 512).unwrap();
    assert!(matches!(ours, TextTokenizer::Unigram(_)));
    let mut theirs = tokenizers::Tokenizer::from_file(&path).unwrap();
    theirs
        .with_truncation(Some(tokenizers::TruncationParams {
            max_length: 512,
            ..Default::default()
        }))
        .unwrap();
    theirs.with_padding(None);

    let texts = texts();
    assert!(texts.len() > 500, "{} texts", texts.len());
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let a = ours.encode_batch(&refs).unwrap();
    let b = theirs.encode_batch(refs.clone(), true).unwrap();
    let mut unknown = 0;
    for ((text, a), b) in refs.iter().zip(&a).zip(&b) {
        assert_eq!(a.get_ids(), b.get_ids(), "ids of {text:?}");
        assert_eq!(a.get_type_ids(), b.get_type_ids(), "type ids of {text:?}");
        assert_eq!(a.get_offsets(), b.get_offsets(), "offsets of {text:?}");
        unknown += a.get_ids().iter().filter(|&&id| id == 3).count();
    }
    // The awkward texts reach the unknown piece (`<unk>`, id 3), so that path is compared too.
    assert!(unknown > 0);
    assert_eq!(a.last().unwrap().get_ids().len(), 512);
}

#[test]
fn a_wordpiece_tokenizer_is_read_by_tokenizers() {
    let path = model_dir().join("tokenizer.json");
    let ours = TextTokenizer::read("all-MiniLM-L6-v2", &path, 256).unwrap();
    assert!(matches!(ours, TextTokenizer::General(_)));
    let enc = ours.encode_batch(&["Attention Is All You Need"]).unwrap();
    // [CLS] attention is all you need [SEP]
    assert_eq!(enc[0].get_ids().len(), 7);
}

#[test]
fn a_broken_tokenizer_file_names_the_model_and_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("tokenizer.json");
    for broken in [
        // Cut short.
        r#"{"model": {"type": "Unigram", "vocab": [["<unk>", 0.0]"#,
        // The unknown piece's id is past the vocabulary.
        r#"{"model": {"type": "Unigram", "unk_id": 5, "vocab": [["<unk>", 0.0]]}}"#,
    ] {
        std::fs::write(&path, broken).unwrap();
        let err = TextTokenizer::read("multilingual-e5-small", &path, 512)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("multilingual-e5-small") && err.contains("tokenizer.json"),
            "{err}"
        );
    }
}
