//! Gzipped lists: told by their first bytes, inflated as gzip(1) does. A file may hold
//! several gzip members one after another (`cat a.gz b.gz`, `gzip -c more.jsonl >>
//! dump.jsonl.gz`, bgzip): they are read in turn, where one decoder stopped after the first
//! and dropped the rest without a word. Bytes after the last member that start no member (a
//! tape's zero padding) are ignored, as they always were. A list inflated whole is bounded
//! ([`MAX_INFLATED`]), since gzip packs a run of one letter about a thousand to one.

use crate::error::{Error, Result};
use flate2::bufread::GzDecoder;
use std::io::{self, Read};
use std::path::Path;

/// The first bytes of a gzip stream.
const MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Whether `bytes` are a gzip stream.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC)
}

/// What the gzip members at the start of `bytes` inflate to, one after another.
pub struct Members<'a> {
    member: GzDecoder<&'a [u8]>,
}

impl<'a> Members<'a> {
    pub fn new(bytes: &'a [u8]) -> Members<'a> {
        Members {
            member: GzDecoder::new(bytes),
        }
    }
}

impl Read for Members<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.member.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // The member ended (its checksum and length checked): the bytes after it are
            // another member when they start as one.
            let rest: &[u8] = self.member.get_ref();
            if !is_gzip(rest) {
                return Ok(0);
            }
            self.member = GzDecoder::new(rest);
        }
    }
}

/// The most bytes a gzipped list other than JSON lines (which are read as they inflate)
/// may inflate to: a BibTeX export of 100,000 papers with their abstracts is about 200 MB.
const MAX_INFLATED: u64 = 512 * 1024 * 1024;

/// The whole of a gzipped list, inflated; a broken stream, or one that inflates past
/// [`MAX_INFLATED`], is an error naming the file.
pub fn inflate(path: &Path, bytes: &[u8]) -> Result<Vec<u8>> {
    inflate_up_to(path, bytes, MAX_INFLATED)
}

/// As [`inflate`], up to `limit` bytes.
fn inflate_up_to(path: &Path, bytes: &[u8], limit: u64) -> Result<Vec<u8>> {
    let fail = |message: String| Error::Parse {
        path: path.to_path_buf(),
        line: 1,
        message,
    };
    let mut out = Vec::new();
    // One byte more than the limit says it is passed, without inflating the rest.
    Members::new(bytes)
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            fail(format!(
                "cannot inflate this gzip file ({e}); check that it was copied whole"
            ))
        })?;
    if out.len() as u64 > limit {
        return Err(fail(format!(
            "this gzip file inflates to more than {} MiB, more than readnext reads of a list in this format; check the file (a dump that large is read as it inflates as JSON lines, .jsonl.gz)",
            limit / (1024 * 1024)
        )));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzipped(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn members_are_read_in_turn_and_padding_after_them_is_ignored() {
        let path = Path::new("list.md.gz");
        let mut file = gzipped(b"- [LoRA](https://arxiv.org/abs/2106.09685)\n");
        file.extend(gzipped(b"- [QLoRA](https://arxiv.org/abs/2305.14314)\n"));
        let both = "- [LoRA](https://arxiv.org/abs/2106.09685)\n- [QLoRA](https://arxiv.org/abs/2305.14314)\n";
        assert_eq!(inflate(path, &file).unwrap(), both.as_bytes());
        // A tape's zero padding, or any bytes that start no member, end the stream.
        let mut padded = file.clone();
        padded.extend([0u8; 512]);
        assert_eq!(inflate(path, &padded).unwrap(), both.as_bytes());
        file.extend(b"garbage");
        assert_eq!(inflate(path, &file).unwrap(), both.as_bytes());
        // A member that breaks off is an error naming the file.
        let cut = &padded[..padded.len() - 530];
        let err = inflate(path, cut).unwrap_err().to_string();
        assert!(
            err.starts_with("list.md.gz:1: cannot inflate this gzip file"),
            "{err}"
        );
    }

    #[test]
    fn a_gzip_file_that_inflates_past_the_limit_is_refused() {
        let path = Path::new("list.bib.gz");
        let bomb = gzipped(&vec![b'a'; 3 << 20]);
        assert!(bomb.len() < 16 * 1024, "{} bytes", bomb.len());
        let err = inflate_up_to(path, &bomb, 2 << 20).unwrap_err().to_string();
        assert!(
            err.contains("list.bib.gz:1: this gzip file inflates to more than 2 MiB"),
            "{err}"
        );
        assert_eq!(inflate_up_to(path, &bomb, 3 << 20).unwrap().len(), 3 << 20);
    }
}
