//! The papers of a loaded index. A small index's are all decoded when it loads; a big
//! one's, read through their binary copy ([`super::papers_binary`]), are decoded one by
//! one when first asked for, and all together only when something walks them all: a
//! search that shows ten papers of 88,907 builds the few hundred its ranking looks at.

use super::papers_binary::Copy;
use crate::corpus::paper::PaperKeys;
use crate::corpus::Paper;
use std::sync::OnceLock;

/// Papers in list order: index them (`papers[i]`, [`Papers::get`]) to decode one, or
/// use them as a slice (`papers.iter()`, `&papers[..]`) to decode them all once.
pub struct Papers {
    all: OnceLock<Vec<Paper>>,
    lazy: Option<Lazy>,
}

/// A big index's papers in their binary copy, and those decoded so far.
struct Lazy {
    copy: Copy,
    one: Box<[OnceLock<Box<Paper>>]>,
    /// The papers read again from `papers.json`, the file of record, should the copy
    /// fail to decode (it is checksummed and written by this build, so it does not).
    reread: Box<dyn Fn() -> Option<Vec<Paper>> + Send + Sync>,
}

impl Papers {
    /// The papers of a binary copy, decoded when asked for; `reread` gives them from
    /// the file of record should the copy not decode.
    pub fn lazy(copy: Copy, reread: Box<dyn Fn() -> Option<Vec<Paper>> + Send + Sync>) -> Papers {
        let one = (0..copy.len()).map(|_| OnceLock::new()).collect();
        Papers {
            all: OnceLock::new(),
            lazy: Some(Lazy { copy, one, reread }),
        }
    }

    /// The number of papers (nothing decoded).
    pub fn len(&self) -> usize {
        match (&self.lazy, self.all.get()) {
            (Some(l), _) => l.copy.len(),
            (None, Some(all)) => all.len(),
            (None, None) => 0,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Paper `i` (decoded now if it was not), `None` past the end.
    pub fn get(&self, i: usize) -> Option<&Paper> {
        if let Some(all) = self.all.get() {
            return all.get(i);
        }
        let lazy = self.lazy.as_ref()?;
        let slot = lazy.one.get(i)?;
        Some(slot.get_or_init(|| {
            match lazy.copy.paper(i) {
                Some(p) => Box::new(p),
                None => Box::new(
                    self.whole()
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| unreadable(i)),
                ),
            }
        }))
    }

    /// Paper `i`'s ids, title and date (read in place from a big index's copy, without
    /// building the paper); `None` past the end.
    pub fn keys(&self, i: usize) -> Option<PaperKeys<'_>> {
        if let (None, Some(l)) = (self.all.get(), &self.lazy) {
            if let Some(k) = l.copy.keys(i) {
                return Some(k);
            }
        }
        self.get(i).map(PaperKeys::of)
    }

    /// The first paper whose id is `id`, found without decoding the others.
    pub fn position_of_id(&self, id: &str) -> Option<usize> {
        match (self.all.get(), &self.lazy) {
            (None, Some(l)) => (0..l.copy.len()).find(|&i| l.copy.id(i) == Some(id)),
            _ => self.whole().iter().position(|p| p.id == id),
        }
    }

    /// Whether paper `i` has an abstract (nothing decoded; false past the end).
    pub fn has_abstract(&self, i: usize) -> bool {
        match (self.all.get(), &self.lazy) {
            (Some(all), _) => all.get(i).is_some_and(Paper::has_abstract),
            (None, Some(l)) => l.copy.has_abstract(i),
            (None, None) => false,
        }
    }

    /// [`extra_fields`] of the papers (from the copy, without decoding them).
    pub fn extra_fields(&self) -> u64 {
        match &self.lazy {
            Some(l) => l.copy.extra_fields(),
            None => extra_fields(self.whole()),
        }
    }

    /// Every paper, decoded once.
    fn whole(&self) -> &Vec<Paper> {
        self.all.get_or_init(|| {
            let Some(lazy) = &self.lazy else {
                return Vec::new();
            };
            lazy.copy
                .all()
                .or_else(|| (lazy.reread)())
                .filter(|v| v.len() == lazy.copy.len())
                .unwrap_or_else(|| (0..lazy.copy.len()).map(unreadable).collect())
        })
    }
}

/// What stands for a paper that neither the copy nor `papers.json` gives back (both are
/// checksummed, so only a bug gets here): a placeholder that says what to do.
fn unreadable(i: usize) -> Paper {
    Paper {
        id: format!("unreadable-{i}"),
        title: format!("(paper {i} could not be read: run `readnext index --rebuild`)"),
        ..Paper::default()
    }
}

impl From<Vec<Paper>> for Papers {
    fn from(papers: Vec<Paper>) -> Papers {
        Papers {
            all: OnceLock::from(papers),
            lazy: None,
        }
    }
}

impl std::ops::Deref for Papers {
    type Target = [Paper];
    fn deref(&self) -> &[Paper] {
        self.whole()
    }
}

/// `papers[i]` decodes paper `i` alone; out of range panics, as a slice does.
impl std::ops::Index<usize> for Papers {
    type Output = Paper;
    fn index(&self, i: usize) -> &Paper {
        match self.get(i) {
            Some(p) => p,
            None => panic!("paper index {i} out of range for {} papers", self.len()),
        }
    }
}

/// `papers[a..b]` and the other ranges decode them all, as the slice does.
macro_rules! index_ranges {
    ($($range:ty),*) => {$(
        impl std::ops::Index<$range> for Papers {
            type Output = [Paper];
            fn index(&self, r: $range) -> &[Paper] {
                &self.whole()[r]
            }
        }
    )*};
}
index_ranges!(
    std::ops::Range<usize>,
    std::ops::RangeTo<usize>,
    std::ops::RangeFrom<usize>,
    std::ops::RangeFull,
    std::ops::RangeInclusive<usize>
);

impl Clone for Papers {
    fn clone(&self) -> Papers {
        Papers::from(self.whole().clone())
    }
}

impl std::fmt::Debug for Papers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Papers")
            .field("len", &self.len())
            .field("decoded", &self.all.get().is_some())
            .finish()
    }
}

/// A key of the lexical fields that are not part of the embedded passage (titles and
/// abstracts are, and the generation is keyed by its passages): aliases and keywords.
pub fn extra_fields(papers: &[Paper]) -> u64 {
    // Fed piece by piece: the key of the joined text, without building it.
    let mut key = super::cache::KeyOf::default();
    for p in papers {
        key.write(p.alias.as_deref().unwrap_or("").as_bytes());
        key.write(b"\x01");
        for k in &p.keywords {
            key.write(k.as_bytes());
            key.write(b"\x02");
        }
        key.write(b"\x03");
    }
    key.finish()
}
