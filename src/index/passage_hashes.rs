//! The sha256 of each paper's passage, read when first needed.
//!
//! Only an update compares them (to reuse the vectors of unchanged passages); answers
//! never do. On a 100,000-paper list they are 6 MB of `papers.json` and one string per
//! paper, so a loaded index keeps their JSON where it lies in the mapped file and
//! parses it on first use.

use crate::column::Mapped;
use std::sync::{Arc, OnceLock};

/// The hashes, in paper order: parsed, or a JSON array in a mapped file.
#[derive(Clone, Default)]
pub struct PassageHashes {
    parsed: OnceLock<Vec<String>>,
    /// The array's bytes (`file`, offset, length) and how many hashes it must hold.
    raw: Option<(Arc<Mapped>, usize, usize, usize)>,
}

impl PassageHashes {
    /// The JSON array at `start..start + len` of `file`, which must hold `count` hashes.
    pub fn deferred(file: Arc<Mapped>, start: usize, len: usize, count: usize) -> PassageHashes {
        PassageHashes {
            parsed: OnceLock::new(),
            raw: Some((file, start, len, count)),
        }
    }

    /// Whether the hashes were parsed (or given) already.
    #[cfg(test)]
    pub(crate) fn is_parsed(&self) -> bool {
        self.parsed.get().is_some()
    }

    fn get(&self) -> &[String] {
        self.parsed.get_or_init(|| {
            let Some((file, start, len, count)) = &self.raw else {
                return Vec::new();
            };
            // The file's checksum was checked on load. Should the array still not parse
            // or not hold one hash per paper, no hash is known: an update then embeds
            // every passage again, the safe side.
            file.bytes()
                .get(*start..start + len)
                .and_then(|raw| serde_json::from_slice::<Vec<String>>(raw).ok())
                .filter(|v| v.len() == *count)
                .unwrap_or_default()
        })
    }
}

impl From<Vec<String>> for PassageHashes {
    fn from(v: Vec<String>) -> PassageHashes {
        PassageHashes {
            parsed: OnceLock::from(v),
            raw: None,
        }
    }
}

impl std::ops::Deref for PassageHashes {
    type Target = [String];
    fn deref(&self) -> &[String] {
        self.get()
    }
}

impl std::fmt::Debug for PassageHashes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.get()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deferred_hashes_parse_on_first_use_and_a_wrong_count_knows_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        let json = r#"{"x":["aa","bb"]}"#;
        std::fs::write(&path, json).unwrap();
        let file = Mapped::open(&path).unwrap();
        let (start, len) = (5, json.len() - 6);
        let h = PassageHashes::deferred(file.clone(), start, len, 2);
        assert!(h.parsed.get().is_none());
        assert_eq!(&*h, ["aa", "bb"]);
        assert_eq!(
            PassageHashes::deferred(file.clone(), start, len, 3).len(),
            0
        );
        assert_eq!(PassageHashes::deferred(file, 0, 3, 2).len(), 0);
        let owned = PassageHashes::from(vec!["cc".to_string()]);
        assert_eq!(owned[..].to_vec(), ["cc"]);
    }
}
