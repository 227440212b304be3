//! Several pool files read as one pool (`suggest --pool cs.CL.xml --pool cs.LG.xml`):
//! their papers in the order the files are given, each file's after the previous one's.
//! Each file keeps its own index; a pool paper is named by its place in this order.

use crate::corpus::paper::PaperKeys;
use crate::corpus::Paper;
use crate::index::papers::Papers;
use crate::index::Vectors;

/// The pool files' papers and vectors, one after another.
pub struct Pools<'a> {
    parts: Vec<(&'a Papers, &'a Vectors)>,
    /// Where each file's papers start in the whole pool, and after the last, the total.
    starts: Vec<usize>,
}

impl<'a> Pools<'a> {
    /// The pool of these files' papers and vectors, in this order. A file counts as many
    /// papers as it has both a paper and a vector for (an index has as many of each).
    pub fn new(parts: Vec<(&'a Papers, &'a Vectors)>) -> Pools<'a> {
        let mut starts = vec![0];
        let mut at = 0;
        for (papers, vectors) in &parts {
            at += papers.len().min(vectors.len());
            starts.push(at);
        }
        Pools { parts, starts }
    }

    /// The pool of one file.
    pub fn one(papers: &'a Papers, vectors: &'a Vectors) -> Pools<'a> {
        Pools::new(vec![(papers, vectors)])
    }

    /// Papers in all the files.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Whether the files hold no paper.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many files.
    pub fn files(&self) -> usize {
        self.parts.len()
    }

    /// The range of pool papers of file `f`.
    pub fn file_range(&self, f: usize) -> std::ops::Range<usize> {
        match (self.starts.get(f), self.starts.get(f + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// The file of pool paper `j` and its place in that file (`None` past the end).
    pub fn locate(&self, j: usize) -> Option<(usize, usize)> {
        if j >= self.len() {
            return None;
        }
        // `starts` is sorted, starts at 0 and ends past `j`: the last start at or
        // before `j` is its file's (an empty file shares its start with the next).
        let f = self.starts.partition_point(|&s| s <= j) - 1;
        Some((f, j - self.starts[f]))
    }

    /// Pool paper `j`.
    pub fn paper(&self, j: usize) -> Option<&'a Paper> {
        let (f, i) = self.locate(j)?;
        self.parts[f].0.get(i)
    }

    /// The keys of pool paper `j` (its ids, title and date), without building the paper
    /// when its index keeps them apart.
    pub fn keys(&self, j: usize) -> Option<PaperKeys<'a>> {
        let (f, i) = self.locate(j)?;
        self.parts[f].0.keys(i)
    }

    /// The vector of pool paper `j` (empty past the end).
    pub fn row(&self, j: usize) -> &'a [f32] {
        match self.locate(j) {
            Some((f, i)) => self.parts[f].1.row(i),
            None => &[],
        }
    }

    /// The dot product of every pool paper's vector with each query, row-major (paper
    /// `j`'s with query `q` at `j * queries.len() + q`), as [`Vectors::dots`] gives it.
    pub fn dots(&self, queries: &[&[f32]]) -> Vec<f32> {
        let q = queries.len();
        let mut out: Vec<f32> = Vec::new();
        for (f, (_, vectors)) in self.parts.iter().enumerate() {
            let n = self.file_range(f).len();
            let mut d = vectors.dots(queries);
            d.truncate(n * q);
            // One file (the usual pool) is answered as its vectors give it, not copied.
            if out.is_empty() {
                out = d;
            } else {
                out.extend(d);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paper(id: &str) -> Paper {
        Paper {
            id: id.into(),
            title: format!("Paper {id}"),
            ..Default::default()
        }
    }

    #[test]
    fn files_follow_one_another_and_empty_files_are_skipped() {
        let a = Papers::from(vec![paper("a0"), paper("a1")]);
        let empty = Papers::from(Vec::new());
        let b = Papers::from(vec![paper("b0")]);
        let va = Vectors::from_rows(2, &[vec![1.0, 0.0], vec![0.0, 1.0]]);
        let ve = Vectors::from_rows(2, &[]);
        let vb = Vectors::from_rows(2, &[vec![0.5, 0.25]]);
        let pools = Pools::new(vec![(&a, &va), (&empty, &ve), (&b, &vb)]);
        assert_eq!(pools.len(), 3);
        assert_eq!(pools.files(), 3);
        assert_eq!(pools.locate(1), Some((0, 1)));
        assert_eq!(
            pools.locate(2),
            Some((2, 0)),
            "the empty file holds no paper"
        );
        assert_eq!(pools.locate(3), None);
        assert_eq!(pools.file_range(1), 2..2);
        let ids: Vec<&str> = (0..3)
            .map(|j| pools.paper(j).unwrap().id.as_str())
            .collect();
        assert_eq!(ids, ["a0", "a1", "b0"]);
        assert_eq!(pools.keys(2).unwrap().id, "b0");
        assert_eq!(pools.row(2), &[0.5, 0.25]);
        assert!(pools.row(3).is_empty());
        let q: &[f32] = &[1.0, 1.0];
        let one: &[f32] = &[1.0, 0.0];
        assert_eq!(pools.dots(&[q, one]), vec![1.0, 1.0, 1.0, 0.0, 0.75, 0.5]);
    }
}
