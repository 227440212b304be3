//! A binary copy of a big index's `papers.json`, kept as a cache beside the generation,
//! so a command decodes its papers field by field instead of parsing JSON.
//!
//! Parsing `papers.json` was most of a command's start on a big list (57 % of `related`
//! at 88,907 papers with abstracts, docs/speed.md). The copy holds every field of every
//! paper but the abstracts and the passage hashes, which stay where they lie in the
//! mapped `papers.json` (their spans are stored, and they are decoded when asked for,
//! as after a JSON parse). `papers.json` stays the generation's file of record: the copy
//! is keyed by its checksum and this readnext build, made from a parse of it, and any
//! copy that does not decode whole is ignored (the JSON is parsed again).
//!
//! Each paper lies at an offset of its own, so a command that shows a few papers decodes
//! those few ([`super::papers::Papers`]); one that walks them all decodes chunks of
//! `CHUNK` (4,096) papers in parallel.
//!
//! Layout (little-endian): the paper count n (u64), the hashes' span (u64 offset, u64
//! length), the [`super::papers::extra_fields`] key of the papers (u64), n + 1 offsets
//! (u64: paper i lies from offset i to offset i + 1 of the body), n flag bytes (bit 0:
//! the paper has an abstract) padded with zeros to a multiple of 8, then the body: each
//! paper's fields in the order of [`Paper`]; a string is a u32 length and UTF-8 bytes, a
//! list a u32 count and its items, an optional value a 0/1 byte first.

use crate::column::Mapped;
use crate::corpus::paper::{Abstract, AbstractSource, PaperKeys};
use crate::corpus::Paper;
use std::sync::Arc;

/// Name of the cache in the generation folder.
pub const CACHE_NAME: &str = "papers";

/// `papers.json` files at least this big get a binary copy (smaller ones parse in a few
/// milliseconds; the seed list's is 60 KB).
pub const BINARY_ABOVE: usize = 4 << 20;

/// The key of the copy of a `papers.json` with this checksum and size.
pub fn key(crc32: u32, size: u64) -> u64 {
    super::cache::key_of(&format!(
        "papers 3|crc={crc32:08x}|size={size}|{}",
        super::cache::build_stamp()
    ))
}

/// The papers and the passage hashes' span (offset, length in `papers.json`) encoded;
/// `None` when a paper's abstract does not lie in the mapped file (nothing to point at)
/// or a field is longer than 4 GiB.
pub fn encode(papers: &[Paper], hashes: (usize, usize)) -> Option<Vec<u8>> {
    let mut body = Vec::with_capacity(papers.len() * 160);
    let mut offsets = Vec::with_capacity(papers.len() + 1);
    for p in papers {
        offsets.push(body.len() as u64);
        put_paper(&mut body, p)?;
    }
    offsets.push(body.len() as u64);
    let flags = papers.len().div_ceil(8) * 8;
    let mut out = Vec::with_capacity(32 + 8 * offsets.len() + flags + body.len());
    put_u64(&mut out, papers.len() as u64);
    put_u64(&mut out, hashes.0 as u64);
    put_u64(&mut out, hashes.1 as u64);
    put_u64(&mut out, super::papers::extra_fields(papers));
    for o in offsets {
        put_u64(&mut out, o);
    }
    out.extend(papers.iter().map(|p| u8::from(p.has_abstract())));
    out.resize(out.len() + flags - papers.len(), 0);
    out.extend_from_slice(&body);
    Some(out)
}

/// Papers per chunk when all are decoded; chunks are decoded in parallel.
const CHUNK: usize = 4096;

/// Bytes before the offsets: the count, the hashes' span and the extra-fields key.
const HEAD: usize = 32;

/// An encoded copy in its mapped cache file, checked enough to find each paper in it:
/// its papers are decoded when asked for.
pub struct Copy {
    /// The cache file and where the copy lies in it (offset, size).
    file: Arc<Mapped>,
    at: usize,
    size: usize,
    /// `papers.json`, where the abstracts lie.
    json: Arc<Mapped>,
    n: usize,
    hashes: (usize, usize),
    extra_fields: u64,
    /// Where the body starts in the copy.
    body: usize,
}

impl Copy {
    /// The copy at `start..start + len` of `file`, with its abstracts in `json`; `None`
    /// when its count is not `expected`, the hashes' span is outside `json`, or its
    /// offsets do not run in order from the body's start to its end.
    pub fn open(
        file: Arc<Mapped>,
        start: usize,
        len: usize,
        json: Arc<Mapped>,
        expected: usize,
    ) -> Option<Copy> {
        let bytes = file.bytes().get(start..start.checked_add(len)?)?;
        let mut r = Reader { bytes, at: 0 };
        let n = r.u64()? as usize;
        if n != expected {
            return None;
        }
        let hashes = (r.u64()? as usize, r.u64()? as usize);
        if hashes.0.checked_add(hashes.1)? > json.bytes().len() {
            return None;
        }
        let extra_fields = r.u64()?;
        let body = HEAD
            .checked_add(n.checked_add(1)?.checked_mul(8)?)?
            .checked_add(n.div_ceil(8) * 8)?;
        let body_len = bytes.len().checked_sub(body)?;
        let mut last = 0;
        for i in 0..=n {
            let o = r.u64()? as usize;
            if o < last || (i == 0 && o != 0) || (i == n && o != body_len) {
                return None;
            }
            last = o;
        }
        Some(Copy {
            file,
            at: start,
            size: len,
            json,
            n,
            hashes,
            extra_fields,
            body,
        })
    }

    fn bytes(&self) -> &[u8] {
        // In range: checked in `open`.
        &self.file.bytes()[self.at..self.at + self.size]
    }

    /// Where paper `i` starts in the body (`i ≤ n`: the n + 1 offsets lie before the
    /// body, checked in `open`).
    fn offset(&self, i: usize) -> usize {
        let at = HEAD + 8 * i;
        let b = &self.bytes()[at..at + 8];
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]) as usize
    }

    /// The number of papers.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether it holds no paper.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The passage hashes' span in `papers.json` (offset, length).
    pub fn hashes(&self) -> (usize, usize) {
        self.hashes
    }

    /// [`super::papers::extra_fields`] of the papers, as encoded.
    pub fn extra_fields(&self) -> u64 {
        self.extra_fields
    }

    /// Whether paper `i` has an abstract (false past the end).
    pub fn has_abstract(&self, i: usize) -> bool {
        i < self.n && self.bytes()[HEAD + 8 * (self.n + 1) + i] & 1 == 1
    }

    /// A reader over paper `i`'s bytes (`i < n`).
    fn reader(&self, i: usize) -> Option<Reader<'_>> {
        let (a, b) = (self.offset(i), self.offset(i + 1));
        Some(Reader {
            bytes: self.bytes().get(self.body + a..self.body + b)?,
            at: 0,
        })
    }

    /// Paper `i`'s id (its first field), read in place.
    pub fn id(&self, i: usize) -> Option<&str> {
        if i >= self.n {
            return None;
        }
        self.reader(i)?.str_ref()
    }

    /// Paper `i`'s ids, title and date, read in place (`None` past the end, or if they
    /// do not decode).
    pub fn keys(&self, i: usize) -> Option<PaperKeys<'_>> {
        if i >= self.n {
            return None;
        }
        let mut r = self.reader(i)?;
        // The fields in `get_paper`'s order, those not wanted skipped.
        let id = r.str_ref()?;
        let title = r.str_ref()?;
        r.str_ref()?; // url
        match r.u8()? {
            0 => {}
            1 => {
                r.take(17)?; // the abstract's span and flag
            }
            _ => return None,
        }
        let date = r.opt_ref()?;
        for _ in 0..3 {
            r.opt_ref()?; // alias, heading, category
        }
        let lines = r.u32()? as usize;
        r.take(lines.checked_mul(8)?)?;
        r.strs_ref()?; // extra links
        r.flag()?; // checked
        r.strs_ref()?; // urls
        let ids = r.strs_ref()?;
        Some(PaperKeys {
            id,
            ids,
            title,
            date,
        })
    }

    /// Paper `i`, if it decodes whole (`None` past the end).
    pub fn paper(&self, i: usize) -> Option<Paper> {
        if i >= self.n {
            return None;
        }
        let mut r = self.reader(i)?;
        let p = get_paper(&mut r, &self.json)?;
        (r.left() == 0).then_some(p)
    }

    /// Every paper, decoded in chunks over the cores (the same papers on any thread
    /// count); `None` if one does not decode whole.
    pub fn all(&self) -> Option<Vec<Paper>> {
        use rayon::prelude::*;
        let decoded: Vec<Option<Vec<Paper>>> = (0..self.n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                (c * CHUNK..self.n.min((c + 1) * CHUNK))
                    .map(|i| self.paper(i))
                    .collect()
            })
            .collect();
        let mut papers = Vec::with_capacity(self.n);
        for chunk in decoded {
            papers.extend(chunk?);
        }
        Some(papers)
    }
}

/// One paper's fields, appended to `out`.
fn put_paper(out: &mut Vec<u8>, p: &Paper) -> Option<()> {
    // Every field named: a field added to `Paper` does not compile here until the
    // copy holds it.
    let Paper {
        id,
        title,
        url,
        abstract_text,
        date,
        alias,
        heading,
        category,
        lines,
        extra_links,
        checked,
        urls,
        ids,
        keywords,
        authors,
        venue,
        abstract_source,
        read_on,
    } = p;
    put_str(out, id)?;
    put_str(out, title)?;
    put_str(out, url)?;
    match abstract_text.span() {
        None if abstract_text.is_none() => out.push(0),
        None => return None,
        Some((start, len, has_text)) => {
            out.push(1);
            put_u64(out, start as u64);
            put_u64(out, len as u64);
            out.push(u8::from(has_text));
        }
    }
    for o in [date, alias, heading, category] {
        put_opt(out, o.as_deref())?;
    }
    put_len(out, lines.len())?;
    for &l in lines {
        put_u64(out, l as u64);
    }
    put_strs(out, extra_links)?;
    out.push(u8::from(*checked));
    for v in [urls, ids, keywords, authors] {
        put_strs(out, v)?;
    }
    put_opt(out, venue.as_deref())?;
    out.push(match abstract_source {
        None => 0,
        Some(AbstractSource::List) => 1,
        Some(AbstractSource::File) => 2,
        Some(AbstractSource::Arxiv) => 3,
        Some(AbstractSource::Openalex) => 4,
        Some(AbstractSource::Crossref) => 5,
    });
    put_opt(out, read_on.as_deref())?;
    Some(())
}

/// One paper read at `r`, its abstract's span checked against `file`.
fn get_paper(r: &mut Reader<'_>, file: &Arc<Mapped>) -> Option<Paper> {
    let id = r.string()?;
    let title = r.string()?;
    let url = r.string()?;
    let abstract_text = match r.u8()? {
        0 => Abstract::default(),
        1 => {
            let (start, len) = (r.u64()? as usize, r.u64()? as usize);
            let has_text = r.flag()?;
            // Inside the file (checked without reading it: a query reads a handful of
            // abstracts, and touching each one's page would read most of the file).
            if start.checked_add(len)? > file.bytes().len() {
                return None;
            }
            Abstract::deferred(file.clone(), start, len, has_text)
        }
        _ => return None,
    };
    let date = r.opt()?;
    let alias = r.opt()?;
    let heading = r.opt()?;
    let category = r.opt()?;
    let count = r.u32()? as usize;
    let mut lines = Vec::with_capacity(count.min(r.left() / 8));
    for _ in 0..count {
        lines.push(r.u64()? as usize);
    }
    let extra_links = r.strings()?;
    let checked = r.flag()?;
    let urls = r.strings()?;
    let ids = r.strings()?;
    let keywords = r.strings()?;
    let authors = r.strings()?;
    let venue = r.opt()?;
    let abstract_source = match r.u8()? {
        0 => None,
        1 => Some(AbstractSource::List),
        2 => Some(AbstractSource::File),
        3 => Some(AbstractSource::Arxiv),
        4 => Some(AbstractSource::Openalex),
        5 => Some(AbstractSource::Crossref),
        _ => return None,
    };
    let read_on = r.opt()?;
    Some(Paper {
        id,
        title,
        url,
        abstract_text,
        date,
        alias,
        heading,
        category,
        lines,
        extra_links,
        checked,
        urls,
        ids,
        keywords,
        authors,
        venue,
        abstract_source,
        read_on,
    })
}

fn put_u64(out: &mut Vec<u8>, x: u64) {
    out.extend_from_slice(&x.to_le_bytes());
}

/// A length as a u32 (`None` past 4 GiB: then there is no copy).
fn put_len(out: &mut Vec<u8>, n: usize) -> Option<()> {
    out.extend_from_slice(&u32::try_from(n).ok()?.to_le_bytes());
    Some(())
}

fn put_str(out: &mut Vec<u8>, s: &str) -> Option<()> {
    put_len(out, s.len())?;
    out.extend_from_slice(s.as_bytes());
    Some(())
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) -> Option<()> {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_str(out, s)?;
        }
    }
    Some(())
}

fn put_strs(out: &mut Vec<u8>, v: &[String]) -> Option<()> {
    put_len(out, v.len())?;
    for s in v {
        put_str(out, s)?;
    }
    Some(())
}

/// A cursor over the copy; every read is bounds-checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str_ref(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
    fn opt_ref(&mut self) -> Option<Option<&'a str>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str_ref()?)),
            _ => None,
        }
    }
    fn strs_ref(&mut self) -> Option<Vec<&'a str>> {
        let n = self.u32()? as usize;
        let mut out = Vec::with_capacity(n.min(self.left() / 4));
        for _ in 0..n {
            out.push(self.str_ref()?);
        }
        Some(out)
    }
    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok().map(str::to_owned)
    }
    fn opt(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }
    fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.u32()? as usize;
        // Each string takes at least its 4-byte length: a damaged count cannot ask for more.
        let mut out = Vec::with_capacity(n.min(self.left() / 4));
        for _ in 0..n {
            out.push(self.string()?);
        }
        Some(out)
    }
}
