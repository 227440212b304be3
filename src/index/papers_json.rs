//! `papers.json`, the index's papers and their passage hashes: what is written, and a
//! streaming reader that sizes its vectors from the manifest and leaves a mapped file's
//! abstracts and hashes where they lie.

use crate::corpus::Paper;
use serde::{Deserialize, Serialize};

/// What `papers.json` holds, as written (read back by [`PapersSeed`]).
#[derive(Serialize)]
pub(super) struct PapersFile<'a> {
    pub papers: &'a [Paper],
    pub passage_hashes: &'a [String],
}

/// `papers.json` parsed into vectors sized up front (the manifest says how many papers
/// there are): a 100,000-paper list's vector is then not grown, copied and zeroed ~20 times.
/// When the bytes are the mapped file (the second field), the passage hashes are left
/// where they lie (answers never read them; see [`PassageHashes`]).
struct PapersSeed<'m>(usize, Option<&'m std::sync::Arc<crate::column::Mapped>>);

/// What [`PapersSeed`] reads: the papers, and their passage hashes parsed or left in
/// the mapped file (offset and length of their JSON array).
pub(super) struct LoadedPapers {
    pub papers: Vec<Paper>,
    pub passage_hashes: Hashes,
}

pub(super) enum Hashes {
    Parsed(Vec<String>),
    InPlace(usize, usize),
}

/// A vector of `T` with room for `.0` elements from the start.
struct SizedVec<T>(usize, std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for SizedVec<T> {
    type Value = Vec<T>;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for SizedVec<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(self.0);
        while let Some(x) = seq.next_element()? {
            out.push(x);
        }
        Ok(out)
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for PapersSeed<'_> {
    type Value = LoadedPapers;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<LoadedPapers, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for PapersSeed<'_> {
    type Value = LoadedPapers;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object with papers and passage_hashes")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<LoadedPapers, A::Error> {
        let (mut papers, mut hashes) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "papers" => {
                    papers = Some(map.next_value_seed(SizedVec(self.0, Default::default()))?)
                }
                "passage_hashes" => {
                    hashes = Some(match self.1 {
                        Some(file) => {
                            let raw: &'de serde_json::value::RawValue = map.next_value()?;
                            let bytes = raw.get().as_bytes();
                            if let Some(at) = file.offset_of(bytes) {
                                Hashes::InPlace(at, bytes.len())
                            } else {
                                // Not a slice of the mapped file: parsed now.
                                Hashes::Parsed(
                                    serde_json::from_str(raw.get())
                                        .map_err(serde::de::Error::custom)?,
                                )
                            }
                        }
                        None => Hashes::Parsed(
                            map.next_value_seed(SizedVec(self.0, Default::default()))?,
                        ),
                    })
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(LoadedPapers {
            papers: papers.ok_or_else(|| serde::de::Error::missing_field("papers"))?,
            passage_hashes: hashes
                .ok_or_else(|| serde::de::Error::missing_field("passage_hashes"))?,
        })
    }
}

/// `papers.json` parsed into vectors with room for the `papers` the manifest counts
/// (abstracts and passage hashes left where they lie when `mapped` is the file `bytes`
/// are).
pub(super) fn parse(
    papers: usize,
    bytes: &[u8],
    mapped: Option<&std::sync::Arc<crate::column::Mapped>>,
) -> serde_json::Result<LoadedPapers> {
    // No more room than the file could hold: a damaged manifest cannot ask for more
    // memory than the file's size.
    let room = papers.min(bytes.len() / 16);
    let parse = || {
        use serde::de::DeserializeSeed;
        let mut de = serde_json::Deserializer::from_slice(bytes);
        PapersSeed(room, mapped)
            .deserialize(&mut de)
            .and_then(|pf| de.end().map(|()| pf))
    };
    // Abstracts in a mapped file stay where they lie until asked for (`Abstract`).
    match mapped {
        Some(file) => crate::corpus::abstract_text::deferring(file, parse),
        None => parse(),
    }
}
