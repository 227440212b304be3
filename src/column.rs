//! Flat arrays of plain numbers (vectors, postings), either owned or read in place from
//! a file of an index generation mapped into memory. A mapped column costs nothing to
//! load: pages come from the OS's file cache when they are first read, so a command that
//! looks at a few rows of a 100,000-paper index touches a few pages, not the file.

use bytemuck::Pod;
use std::sync::Arc;

/// A file mapped read-only into memory.
pub struct Mapped {
    map: memmap2::Mmap,
    meta: std::fs::Metadata,
}

impl Mapped {
    /// Map `path` with every page read ahead (for files read whole), or `None` when it
    /// cannot be opened or mapped.
    pub fn open(path: &std::path::Path) -> Option<Arc<Mapped>> {
        Mapped::open_with(path, true)
    }

    /// Map `path` without reading ahead: only the pages used are read (a cache of which
    /// an answer reads a few rows).
    pub fn open_lazy(path: &std::path::Path) -> Option<Arc<Mapped>> {
        Mapped::open_with(path, false)
    }

    fn open_with(path: &std::path::Path, populate: bool) -> Option<Arc<Mapped>> {
        let file = std::fs::File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        // SAFETY: memmap2 requires that the file is not modified while it is mapped.
        // The files mapped here are an index generation's: written whole in a temporary
        // folder, fsynced and renamed into place, and never written again (a new
        // generation is a new folder; an old one is unlinked, which keeps its pages for
        // the readers that still map it). Only a user editing those files by hand while a
        // command runs could break this, as with any memory-mapped index (tantivy, ripgrep).
        let mut options = memmap2::MmapOptions::new();
        if populate {
            options.populate();
        }
        let map = unsafe { options.map(&file) }.ok()?;
        Some(Arc::new(Mapped { map, meta }))
    }

    /// Where `part` starts in the mapped bytes, if it is a slice of them (a value a
    /// parser borrowed from the mapping).
    pub fn offset_of(&self, part: &[u8]) -> Option<usize> {
        let at = (part.as_ptr() as usize).checked_sub(self.map.as_ptr() as usize)?;
        (at.checked_add(part.len())? <= self.map.len()).then_some(at)
    }

    /// The metadata of the file as it was opened (for its identity: inode, times).
    pub fn metadata(&self) -> &std::fs::Metadata {
        &self.meta
    }

    /// The mapped bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.map
    }
}

/// An array of `T`: owned, or a byte range of a mapped file.
#[derive(Clone)]
pub enum Column<T: Pod> {
    Owned(Vec<T>),
    Mapped {
        file: Arc<Mapped>,
        start: usize,
        len: usize,
    },
}

impl<T: Pod> Column<T> {
    /// The `len` values at byte `start` of `file`, if they are inside it and aligned for `T`.
    pub fn mapped(file: &Arc<Mapped>, start: usize, len: usize) -> Option<Column<T>> {
        // Files hold little-endian numbers: read in place only where that is the CPU's order.
        if cfg!(target_endian = "big") {
            return None;
        }
        let end = start.checked_add(len.checked_mul(std::mem::size_of::<T>())?)?;
        let bytes = file.bytes().get(start..end)?;
        bytemuck::try_cast_slice::<u8, T>(bytes).ok()?;
        Some(Column::Mapped {
            file: Arc::clone(file),
            start,
            len,
        })
    }

    /// The values.
    pub fn as_slice(&self) -> &[T] {
        match self {
            Column::Owned(v) => v,
            Column::Mapped { file, start, len } => {
                let end = start + len * std::mem::size_of::<T>();
                // Checked in `mapped` (inside the file, aligned): never empty by failure.
                file.bytes()
                    .get(*start..end)
                    .and_then(|b| bytemuck::try_cast_slice(b).ok())
                    .unwrap_or(&[])
            }
        }
    }
}

impl<T: Pod> std::ops::Deref for Column<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Pod> Default for Column<T> {
    fn default() -> Self {
        Column::Owned(Vec::new())
    }
}

impl<T: Pod> From<Vec<T>> for Column<T> {
    fn from(v: Vec<T>) -> Self {
        Column::Owned(v)
    }
}

impl<T: Pod + std::fmt::Debug> std::fmt::Debug for Column<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Column::Owned(v) => write!(f, "Owned({} values)", v.len()),
            Column::Mapped { start, len, .. } => write!(f, "Mapped({len} values at {start})"),
        }
    }
}

impl<T: Pod + PartialEq> PartialEq for Column<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapped_column_reads_the_file_in_place_and_refuses_bad_ranges() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bin");
        let values: Vec<f32> = vec![1.0, -2.5, 3.25];
        let mut bytes = vec![0u8; 8];
        for v in &values {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        std::fs::write(&path, &bytes).unwrap();
        let file = Mapped::open(&path).unwrap();
        let col = Column::<f32>::mapped(&file, 8, 3).unwrap();
        assert_eq!(&*col, &values[..]);
        assert_eq!(col, Column::from(values.clone()));
        assert!(Column::<f32>::mapped(&file, 8, 4).is_none(), "past the end");
        assert!(Column::<f32>::mapped(&file, 9, 1).is_none(), "misaligned");
        assert!(Column::<f32>::mapped(&file, usize::MAX, 2).is_none());
        assert!(Mapped::open(&dir.path().join("missing")).is_none());
    }
}
