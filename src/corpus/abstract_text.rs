//! A paper's abstract: absent, text, or, for a paper read from an index, the JSON
//! string where it lies in the memory-mapped `papers.json`, decoded when first asked
//! for.
//!
//! Abstracts are most of a big list's papers file (about 90 % of 88,907 arXiv papers'),
//! and an answer shows or reads a handful of them; decoding and copying every one on
//! every load was most of a command's start on an abstract-rich list. A deferred
//! abstract behaves as the text it holds everywhere (equality, serialisation, emptiness);
//! only its decoding waits.

use crate::column::Mapped;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

/// An abstract, or none.
#[derive(Clone, Default)]
pub struct Abstract(Repr);

#[derive(Clone, Default)]
enum Repr {
    #[default]
    Absent,
    Text(String),
    Deferred(Box<Deferred>),
}

/// A JSON string at `start..start + len` of `file`, quotes included.
#[derive(Clone)]
struct Deferred {
    file: Arc<Mapped>,
    start: usize,
    len: usize,
    /// Whether the text has anything but white space (found at load, so asking needs
    /// no decoding).
    has_text: bool,
    text: OnceLock<Option<String>>,
}

impl Deferred {
    fn text(&self) -> Option<&str> {
        self.text
            .get_or_init(|| {
                let raw = self.file.bytes().get(self.start..self.start + self.len)?;
                // The file's checksum was checked on load and the span is where the
                // parser found this string, so this decodes; if it ever did not, the
                // paper would show no abstract rather than fail.
                serde_json::from_slice::<String>(raw).ok()
            })
            .as_deref()
    }
}

impl Abstract {
    /// The text, if there is one (a deferred abstract is decoded now, once).
    pub fn get(&self) -> Option<&str> {
        match &self.0 {
            Repr::Absent => None,
            Repr::Text(t) => Some(t),
            Repr::Deferred(d) => d.text(),
        }
    }

    /// Whether there is an abstract at all (possibly blank).
    pub fn is_some(&self) -> bool {
        !matches!(self.0, Repr::Absent)
    }

    /// Whether there is none.
    pub fn is_none(&self) -> bool {
        !self.is_some()
    }

    /// The JSON string at `start..start + len` of `file` (quotes included), decoded when
    /// first asked for; `has_text` says whether it has more than white space.
    pub fn deferred(file: Arc<Mapped>, start: usize, len: usize, has_text: bool) -> Abstract {
        Abstract(Repr::Deferred(Box::new(Deferred {
            file,
            start,
            len,
            has_text,
            text: OnceLock::new(),
        })))
    }

    /// Where a deferred abstract lies in its mapped file: (offset, length, has text).
    pub fn span(&self) -> Option<(usize, usize, bool)> {
        match &self.0 {
            Repr::Deferred(d) => Some((d.start, d.len, d.has_text)),
            _ => None,
        }
    }

    /// Whether it is still where it lies in a mapped file (not decoded yet).
    #[cfg(test)]
    pub(crate) fn is_deferred(&self) -> bool {
        matches!(&self.0, Repr::Deferred(d) if d.text.get().is_none())
    }

    /// Whether there is an abstract with more than white space (without decoding it).
    pub fn has_text(&self) -> bool {
        match &self.0 {
            Repr::Absent => false,
            Repr::Text(t) => !t.trim().is_empty(),
            Repr::Deferred(d) => d.has_text,
        }
    }
}

impl From<Option<String>> for Abstract {
    fn from(text: Option<String>) -> Abstract {
        Abstract(text.map_or(Repr::Absent, Repr::Text))
    }
}

impl From<String> for Abstract {
    fn from(text: String) -> Abstract {
        Abstract(Repr::Text(text))
    }
}

impl From<&str> for Abstract {
    fn from(text: &str) -> Abstract {
        Abstract(Repr::Text(text.to_string()))
    }
}

impl PartialEq for Abstract {
    fn eq(&self, other: &Abstract) -> bool {
        self.is_some() == other.is_some() && self.get() == other.get()
    }
}

impl std::fmt::Debug for Abstract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Absent => f.write_str("None"),
            _ => write!(f, "Some({:?})", self.get()),
        }
    }
}

impl Serialize for Abstract {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

thread_local! {
    /// The mapped file a loader is parsing in this thread, when it defers abstracts.
    static DEFERRING: RefCell<Option<Arc<Mapped>>> = const { RefCell::new(None) };
}

/// Run `parse`, which deserialises papers from the bytes of `file` (with
/// `serde_json::from_slice` on exactly `file.bytes()`), keeping each abstract where it
/// lies instead of decoding it.
pub fn deferring<T>(file: &Arc<Mapped>, parse: impl FnOnce() -> T) -> T {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            DEFERRING.with(|d| *d.borrow_mut() = None);
        }
    }
    DEFERRING.with(|d| *d.borrow_mut() = Some(file.clone()));
    let _reset = Reset;
    parse()
}

impl<'de> Deserialize<'de> for Abstract {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Abstract, D::Error> {
        let file = DEFERRING.with(|f| f.borrow().clone());
        let Some(file) = file else {
            return Ok(Option::<String>::deserialize(d)?.into());
        };
        let raw = <Option<&'de serde_json::value::RawValue>>::deserialize(d)?;
        let Some(raw) = raw else {
            return Ok(Abstract(Repr::Absent));
        };
        let bytes = raw.get().as_bytes();
        let at = file.offset_of(bytes).filter(|_| bytes.starts_with(b"\""));
        let Some(at) = at else {
            // Not a borrowed slice of the mapped file (another input) or not a string:
            // decode it now, as without deferral.
            let text: Option<String> =
                serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)?;
            return Ok(text.into());
        };
        let has_text = match first_visible(bytes) {
            Some(known) => known,
            None => {
                let text: String =
                    serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)?;
                !text.trim().is_empty()
            }
        };
        Ok(Abstract::deferred(file, at, bytes.len(), has_text))
    }
}

/// Whether the JSON string `raw` (quotes included) has more than white space, told from
/// its first characters: `Some(true)` at the first plain visible ASCII character,
/// `Some(false)` when only ASCII white space (and its escapes) comes before the closing
/// quote, `None` when a non-ASCII character or `\u` escape comes first (which could be
/// Unicode white space; the caller decodes).
fn first_visible(raw: &[u8]) -> Option<bool> {
    let inner = raw.get(1..raw.len().saturating_sub(1))?;
    let mut i = 0;
    while i < inner.len() {
        match inner[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'\\' => match inner.get(i + 1) {
                Some(b'n' | b't' | b'r' | b'f') => i += 2,
                Some(b'u') => return None,
                Some(_) => return Some(true),
                None => return None,
            },
            0x0b | 0x0c => return None,
            c if c.is_ascii() => return Some(true),
            _ => return None,
        }
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Serialize, PartialEq, Debug)]
    struct Row {
        #[serde(
            rename = "abstract",
            default,
            skip_serializing_if = "Abstract::is_none"
        )]
        text: Abstract,
    }

    fn mapped(text: &str) -> (tempfile::TempDir, Arc<Mapped>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("papers.json");
        std::fs::write(&path, text).unwrap();
        let file = Mapped::open(&path).unwrap();
        (dir, file)
    }

    #[test]
    fn a_deferred_abstract_is_the_text_it_holds() {
        let json = r#"[{"abstract":"We \"propose\"\n an é-method."},{"abstract":"  \n\t "},{},{"abstract":"\u00a0\u3000"},{"abstract":"\u00e9t\u00e9"},{"abstract":null}]"#;
        let (_dir, file) = mapped(json);
        let deferred: Vec<Row> = deferring(&file, || serde_json::from_slice(file.bytes())).unwrap();
        let plain: Vec<Row> = serde_json::from_str(json).unwrap();
        assert!(matches!(deferred[0].text.0, Repr::Deferred(_)));
        assert!(matches!(plain[0].text.0, Repr::Text(_)));
        assert_eq!(deferred, plain);
        let has: Vec<bool> = deferred.iter().map(|r| r.text.has_text()).collect();
        assert_eq!(has, [true, false, false, false, true, false]);
        assert_eq!(
            has,
            plain.iter().map(|r| r.text.has_text()).collect::<Vec<_>>()
        );
        assert_eq!(
            deferred[0].text.get(),
            Some("We \"propose\"\n an é-method.")
        );
        assert_eq!(deferred[2].text.get(), None);
        assert!(deferred[5].text.is_none());
        assert_eq!(
            serde_json::to_string(&deferred).unwrap(),
            serde_json::to_string(&plain).unwrap()
        );
        // Outside `deferring` the same bytes decode as usual.
        let again: Vec<Row> = serde_json::from_slice(file.bytes()).unwrap();
        assert!(matches!(again[0].text.0, Repr::Text(_)));
    }

    #[test]
    fn white_space_is_told_from_the_first_characters() {
        assert_eq!(first_visible(br#""  x""#), Some(true));
        assert_eq!(first_visible(br#"" \n\t\r\f ""#), Some(false));
        assert_eq!(first_visible(br#""""#), Some(false));
        assert_eq!(first_visible(br#"" \"""#), Some(true));
        assert_eq!(first_visible(br#""\u0041""#), None);
        assert_eq!(first_visible("\"\u{3000}a\"".as_bytes()), None);
    }
}
