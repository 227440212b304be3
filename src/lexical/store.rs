//! The tf-idf and BM25 indexes of a list as bytes, so an index generation can keep
//! them (`cache-lexical.bin`) and a command reads them back instead of analysing every
//! text again (most of a big list's start-up). Little-endian sections, each led by
//! its length; the framing (magic, key, checksum) is the index cache's.

use super::bm25::Bm25;
use super::rows::Rows;
use super::vocab::Vocab;
use super::Lexical;
use std::sync::Arc;

/// Layout version of the bytes below.
pub const FORMAT: u32 = 1;

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn usizes(&mut self, xs: &[usize]) {
        self.u64(xs.len() as u64);
        for &x in xs {
            self.u64(x as u64);
        }
    }
    fn u32s(&mut self, xs: &[u32]) {
        self.u64(xs.len() as u64);
        self.0.reserve(xs.len() * 4);
        for &x in xs {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn f32s(&mut self, xs: &[f32]) {
        self.u64(xs.len() as u64);
        self.0.reserve(xs.len() * 4);
        for &x in xs {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn text(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn rows(&mut self, r: &Rows) {
        let (starts, ids, values) = r.parts();
        self.usizes(starts);
        self.u32s(ids);
        self.f32s(values);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)?.try_into().ok().map(u64::from_le_bytes)
    }
    fn len(&mut self, width: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        // Never allocate more than the bytes left could hold.
        (n.checked_mul(width)? <= self.bytes.len() - self.at).then_some(n)
    }
    fn usizes(&mut self) -> Option<Vec<usize>> {
        let n = self.len(8)?;
        let raw = self.take(n * 8)?;
        raw.chunks_exact(8)
            .map(|c| {
                let x = u64::from_le_bytes(c.try_into().ok()?);
                usize::try_from(x).ok()
            })
            .collect()
    }
    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.len(4)?;
        let raw = self.take(n * 4)?;
        Some(
            raw.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
    fn f32s(&mut self) -> Option<Vec<f32>> {
        let n = self.len(4)?;
        let raw = self.take(n * 4)?;
        Some(
            raw.chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
    fn text(&mut self) -> Option<String> {
        let n = self.len(1)?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    fn rows(&mut self, bound: usize) -> Option<Rows> {
        Rows::from_parts(self.usizes()?, self.u32s()?, self.f32s()?, bound)
    }
}

/// The bytes of a list's tf-idf and BM25 indexes, which must share one dictionary.
pub fn encode(lexical: &Lexical, bm25: &Bm25) -> Option<Vec<u8>> {
    if !Arc::ptr_eq(lexical.vocab(), bm25.vocab()) && lexical.vocab() != bm25.vocab() {
        return None;
    }
    let mut w = Writer(Vec::new());
    let (text, ends, sorted) = lexical.vocab().parts();
    w.text(text);
    w.usizes(ends);
    w.u32s(sorted);
    w.f32s(lexical.idf());
    let (docs, postings) = lexical.rows();
    w.rows(docs);
    w.rows(postings);
    let (bm_postings, doc_len, params) = bm25.parts();
    w.rows(bm_postings);
    w.f32s(doc_len);
    w.f32s(&params);
    Some(w.0)
}

/// The indexes of `n` documents back from [`encode`]'s bytes; `None` unless every
/// part is whole and agrees with the others (so no lookup can go out of bounds).
pub fn decode(bytes: &[u8], n: usize) -> Option<(Lexical, Bm25)> {
    let mut r = Reader { bytes, at: 0 };
    let vocab = Arc::new(Vocab::from_parts(r.text()?, r.usizes()?, r.u32s()?)?);
    let terms = vocab.len();
    let idf = r.f32s()?;
    let docs = r.rows(terms)?;
    let postings = r.rows(n)?;
    let bm_postings = r.rows(n)?;
    let doc_len = r.f32s()?;
    let params: [f32; 3] = r.f32s()?.try_into().ok()?;
    if r.at != bytes.len() || docs.len() != n || doc_len.len() != n {
        return None;
    }
    let lexical = Lexical::from_parts(Arc::clone(&vocab), idf, docs, postings)?;
    let bm25 = Bm25::from_parts(vocab, bm_postings, doc_len, params)?;
    Some((lexical, bm25))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexical::{analyse, LexicalConfig};

    #[test]
    fn indexes_read_back_equal_and_damaged_bytes_are_refused() {
        let texts = [
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "연구 노트: 한국어 BERT를 위한 데이터",
        ];
        let docs: Vec<Vec<(&str, f32)>> = texts.iter().map(|t| vec![(*t, 1.0)]).collect();
        let a = analyse(&docs);
        let lex = Lexical::from_analysed(&a, LexicalConfig { idf_power: 2.0 });
        let bm = Bm25::from_analysed(&a, 0.9, 0.4);
        let bytes = encode(&lex, &bm).unwrap();
        let (lex2, bm2) = decode(&bytes, 3).unwrap();
        assert_eq!(lex2, lex);
        assert_eq!(bm2, bm);
        assert_eq!(
            bm2.scores("low-rank adaptation"),
            bm.scores("low-rank adaptation")
        );
        assert!(decode(&bytes, 4).is_none());
        assert!(decode(&bytes[..bytes.len() - 1], 3).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, 3).is_none());
        // A huge length field is refused without allocating it.
        let mut huge = bytes.clone();
        huge[..8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(decode(&huge, 3).is_none());
        // Indexes over other dictionaries cannot be written together.
        let other = Bm25::new(&["x y".to_string()], 0.9, 0.4);
        assert!(encode(&lex, &other).is_none());
    }
}
