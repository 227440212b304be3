//! The tf-idf and BM25 indexes and the name index of a list as bytes, so an index
//! generation can keep them (`cache-lexical.bin`) and a command reads them back instead
//! of analysing every text again (most of a big list's start-up). Little-endian sections, each led by
//! its length; the framing (magic, key, checksum) is the index cache's.

use super::bm25::Bm25;
use super::names::NameIndex;
use super::rows::Rows;
use super::vocab::Vocab;
use super::Lexical;
use crate::column::{Column, Mapped};
use std::sync::Arc;

/// Layout version of the bytes below.
pub const FORMAT: u32 = 2;

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    /// Pad to a multiple of 8 bytes, so that every section starts aligned for any number
    /// type (the payload itself starts 8-aligned in the cache file).
    fn pad(&mut self) {
        while !self.0.len().is_multiple_of(8) {
            self.0.push(0);
        }
    }
    fn u64s(&mut self, xs: impl ExactSizeIterator<Item = u64>) {
        self.u64(xs.len() as u64);
        for x in xs {
            self.u64(x);
        }
    }
    /// A length, then 4-byte little-endian values, padded.
    fn words(&mut self, xs: impl ExactSizeIterator<Item = [u8; 4]>) {
        self.u64(xs.len() as u64);
        self.0.reserve(xs.len() * 4);
        for x in xs {
            self.0.extend_from_slice(&x);
        }
        self.pad();
    }
    fn u32s(&mut self, xs: &[u32]) {
        self.words(xs.iter().map(|x| x.to_le_bytes()));
    }
    fn f32s(&mut self, xs: &[f32]) {
        self.words(xs.iter().map(|x| x.to_le_bytes()));
    }
    fn text(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
        self.pad();
    }
    fn rows(&mut self, r: &Rows) {
        let (starts, ids, values) = r.parts();
        self.u64s(starts.iter().copied());
        self.u32s(ids);
        self.f32s(values);
    }
    fn vocab(&mut self, v: &Vocab) {
        let (text, ends, sorted) = v.parts();
        self.text(text);
        self.u64s(ends.iter().map(|&e| e as u64));
        self.u32s(sorted);
    }
}

/// Reads [`Writer`]'s sections; the big arrays in place when the bytes are a mapped file.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The mapped file the bytes are part of, and where in it they start.
    mapped: Option<(&'a Arc<Mapped>, usize)>,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn skip_pad(&mut self) -> Option<()> {
        let pad = (8 - self.at % 8) % 8;
        self.take(pad).map(|_| ())
    }
    fn u64(&mut self) -> Option<u64> {
        self.take(8)?.try_into().ok().map(u64::from_le_bytes)
    }
    fn len(&mut self, width: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        // Never allocate more than the bytes left could hold.
        (n.checked_mul(width)? <= self.bytes.len() - self.at).then_some(n)
    }
    /// `n` values of `T` (width `W` bytes) at the current place: in place when mapped
    /// and aligned, else decoded by `from`.
    fn column<T: bytemuck::Pod, const W: usize>(
        &mut self,
        n: usize,
        from: fn([u8; W]) -> T,
    ) -> Option<Column<T>> {
        let start = self.at;
        let raw = self.take(n * W)?;
        let mapped = self
            .mapped
            .and_then(|(file, base)| Column::mapped(file, base + start, n));
        let col = match mapped {
            Some(c) => c,
            None => raw
                .chunks_exact(W)
                .map(|c| c.try_into().map(from))
                .collect::<Result<Vec<T>, _>>()
                .ok()?
                .into(),
        };
        self.skip_pad()?;
        Some(col)
    }
    fn u64s(&mut self) -> Option<Column<u64>> {
        let n = self.len(8)?;
        self.column::<u64, 8>(n, u64::from_le_bytes)
    }
    fn u32s(&mut self) -> Option<Column<u32>> {
        let n = self.len(4)?;
        self.column::<u32, 4>(n, u32::from_le_bytes)
    }
    fn f32s(&mut self) -> Option<Column<f32>> {
        let n = self.len(4)?;
        self.column::<f32, 4>(n, f32::from_le_bytes)
    }
    fn text(&mut self) -> Option<String> {
        let n = self.len(1)?;
        let s = String::from_utf8(self.take(n)?.to_vec()).ok()?;
        self.skip_pad()?;
        Some(s)
    }
    fn rows(&mut self, bound: Option<usize>) -> Option<Rows> {
        Rows::from_parts(self.u64s()?, self.u32s()?, self.f32s()?, bound)
    }
    fn vocab(&mut self) -> Option<Vocab> {
        let text = self.text()?;
        // Sized up front (a collect of Options grows and copies it ~20 times).
        let raw = self.u64s()?;
        let mut ends = Vec::with_capacity(raw.len());
        for &e in raw.iter() {
            ends.push(usize::try_from(e).ok()?);
        }
        let sorted = self.u32s()?.to_vec();
        Vocab::from_parts(text, ends, sorted)
    }
}

/// What the lexical cache holds: the tf-idf and BM25 indexes and the name index.
pub type Indexes = (Lexical, Bm25, NameIndex);

/// The bytes of a list's tf-idf and BM25 indexes (which must share one dictionary) and
/// its name index.
pub fn encode(lexical: &Lexical, bm25: &Bm25, names: &NameIndex) -> Option<Vec<u8>> {
    if !Arc::ptr_eq(lexical.vocab(), bm25.vocab()) && lexical.vocab() != bm25.vocab() {
        return None;
    }
    let mut w = Writer(Vec::new());
    w.vocab(lexical.vocab());
    w.f32s(lexical.idf());
    let (docs, postings) = lexical.rows();
    w.rows(docs);
    w.rows(postings);
    let (bm_postings, doc_len, params) = bm25.parts();
    w.rows(bm_postings);
    w.f32s(doc_len);
    w.f32s(&params);
    let (vocab, weight, name_docs, name_postings) = names.parts();
    w.vocab(vocab);
    w.f32s(weight);
    w.rows(name_docs);
    w.rows(name_postings);
    Some(w.0)
}

/// The indexes of `n` documents back from [`encode`]'s bytes; `None` unless every
/// part is whole and agrees with the others (so no lookup can go out of bounds).
pub fn decode(bytes: &[u8], n: usize) -> Option<Indexes> {
    read(
        Reader {
            bytes,
            at: 0,
            mapped: None,
        },
        n,
    )
}

/// As [`decode`], for the `len` bytes at `start` of a mapped file: the postings and
/// document vectors are read in place.
pub fn decode_mapped(file: &Arc<Mapped>, start: usize, len: usize, n: usize) -> Option<Indexes> {
    let bytes = file.bytes().get(start..start.checked_add(len)?)?;
    read(
        Reader {
            bytes,
            at: 0,
            mapped: Some((file, start)),
        },
        n,
    )
}

fn read(mut r: Reader<'_>, n: usize) -> Option<Indexes> {
    let vocab = Arc::new(r.vocab()?);
    let idf = r.f32s()?.to_vec();
    // The three big tables (every paper's terms, every term's papers, twice) are not
    // scanned for their ids: their users check each id they index with.
    let docs = r.rows(None)?;
    let postings = r.rows(None)?;
    let bm_postings = r.rows(None)?;
    let doc_len = r.f32s()?.to_vec();
    let params: [f32; 3] = r.f32s()?.to_vec().try_into().ok()?;
    let name_vocab = r.vocab()?;
    let weight = r.f32s()?.to_vec();
    let name_docs = r.rows(Some(name_vocab.len()))?;
    let name_postings = r.rows(Some(n))?;
    if r.at != r.bytes.len() || docs.len() != n || doc_len.len() != n || name_docs.len() != n {
        return None;
    }
    let lexical = Lexical::from_parts(Arc::clone(&vocab), idf, docs, postings)?;
    let bm25 = Bm25::from_parts(vocab, bm_postings, doc_len, params)?;
    let names = NameIndex::from_parts(name_vocab, weight, name_docs, name_postings)?;
    Some((lexical, bm25, names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexical::{analyse, LexicalConfig};

    #[test]
    fn ids_past_the_documents_are_skipped_where_they_are_used() {
        // The big tables' ids are not scanned when read back; scoring checks each one.
        let vocab = Arc::new(Vocab::from_terms(&["lora"]));
        let docs = Rows::from_rows(vec![vec![(0u32, 1.0f32), (0, 0.5)]]);
        let postings = Rows::from_rows(vec![vec![(0u32, 1.0f32), (7, 1.0)]]);
        let lex =
            Lexical::from_parts(Arc::clone(&vocab), vec![1.0], docs, postings.clone()).unwrap();
        assert_eq!(lex.scores(&[(0, 1.0)]), vec![1.0]);
        let bm = Bm25::from_parts(vocab, postings, vec![1.0], [1.0, 0.9, 0.4]).unwrap();
        let s = bm.scores("lora");
        assert_eq!(s.len(), 1);
        assert!(s[0].is_finite() && s[0] != 0.0, "{s:?}");
    }

    #[test]
    fn indexes_read_back_equal_and_damaged_bytes_are_refused() {
        let texts = [
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "연구 노트: 한국어 BERT를 위한 데이터",
        ];
        let docs: Vec<Vec<(&str, f32)>> = texts.iter().map(|t| vec![(*t, 1.0)]).collect();
        let a = analyse(&docs);
        let lex = Lexical::from_analysed(
            &a,
            LexicalConfig {
                idf_power: 2.0,
                ..LexicalConfig::default()
            },
        );
        let bm = Bm25::from_analysed(&a, 0.9, 0.4);
        let names = NameIndex::new(
            texts
                .iter()
                .map(|t| crate::lexical::names::names(t, None))
                .collect(),
        );
        let bytes = encode(&lex, &bm, &names).unwrap();
        let (lex2, bm2, names2) = decode(&bytes, 3).unwrap();
        assert_eq!(lex2, lex);
        assert_eq!(bm2, bm);
        assert_eq!(names2, names);
        assert_eq!(names2.doc(1), vec!["qlora", "llm"]);
        let q = vec!["lora".to_string()];
        assert_eq!(names2.matching(&q), vec![0, 1]);
        assert_eq!(names2.score(&q, 1), names.score(&q, 1));
        assert_eq!(
            bm2.scores("low-rank adaptation"),
            bm.scores("low-rank adaptation")
        );
        // Read in place from a mapped cache file: the same indexes.
        let dir = tempfile::tempdir().unwrap();
        crate::index::cache::write(dir.path(), "lexical", 1, &bytes).unwrap();
        let (file, at, len) = crate::index::cache::map(dir.path(), "lexical", 1).unwrap();
        let (lex3, bm3, names3) = decode_mapped(&file, at, len, 3).unwrap();
        assert_eq!(lex3, lex);
        assert_eq!(bm3, bm);
        assert_eq!(names3, names);
        assert!(matches!(
            lex3.rows().1.parts(),
            (s, _, _) if s.len() == lex.vocab().len() + 1
        ));
        assert!(decode_mapped(&file, at, len - 8, 3).is_none());
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
        assert!(encode(&lex, &other, &names).is_none());
    }
}
