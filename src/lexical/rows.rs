//! Sparse rows in flat buffers (compressed sparse rows): row `r` holds the pairs
//! `(ids[k], values[k])` for `k` in `starts[r]..starts[r + 1]`. One allocation per
//! column instead of one per row, so an index of 100,000 abstracts is built, written
//! and read back as a handful of arrays.

use crate::column::Column;

/// Sparse rows of `(id, value)` pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    starts: Column<u64>,
    ids: Column<u32>,
    values: Column<f32>,
}

impl Default for Rows {
    fn default() -> Self {
        Rows {
            starts: vec![0].into(),
            ids: Column::default(),
            values: Column::default(),
        }
    }
}

impl Rows {
    /// Rows in order, each given as its pairs.
    pub fn from_rows<R, I>(rows: R) -> Rows
    where
        R: IntoIterator<Item = I>,
        I: IntoIterator<Item = (u32, f32)>,
    {
        let (mut starts, mut ids, mut values) = (vec![0u64], Vec::new(), Vec::new());
        for row in rows {
            for (id, v) in row {
                ids.push(id);
                values.push(v);
            }
            starts.push(ids.len() as u64);
        }
        Rows {
            starts: starts.into(),
            ids: ids.into(),
            values: values.into(),
        }
    }

    /// From the three columns, if they describe rows whose ids are all below `bound`
    /// (`None`: the ids are not read now, and whoever uses them as indexes must check
    /// them; a big index's ids are tens of megabytes of a mapped file, most of which a
    /// query never touches).
    pub fn from_parts(
        starts: Column<u64>,
        ids: Column<u32>,
        values: Column<f32>,
        bound: Option<usize>,
    ) -> Option<Rows> {
        let ok = starts.first() == Some(&0)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts.last() == Some(&(ids.len() as u64))
            && ids.len() == values.len()
            && bound.is_none_or(|b| ids.iter().all(|&id| (id as usize) < b));
        ok.then_some(Rows {
            starts,
            ids,
            values,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of pairs in all rows.
    pub fn entries(&self) -> usize {
        self.ids.len()
    }

    /// Row `r`: its ids and values (empty past the last row).
    pub fn row(&self, r: usize) -> (&[u32], &[f32]) {
        match (self.starts.get(r), self.starts.get(r + 1)) {
            (Some(&a), Some(&b)) => {
                let (a, b) = (a as usize, b as usize);
                match (self.ids.get(a..b), self.values.get(a..b)) {
                    (Some(i), Some(v)) => (i, v),
                    _ => (&[], &[]),
                }
            }
            _ => (&[], &[]),
        }
    }

    /// The pairs of row `r`.
    pub fn pairs(&self, r: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        let (ids, values) = self.row(r);
        ids.iter().copied().zip(values.iter().copied())
    }

    /// The columns (starts, ids, values), for writing.
    pub fn parts(&self) -> (&[u64], &[u32], &[f32]) {
        (&self.starts, &self.ids, &self.values)
    }

    /// The transpose over `columns` ids: row `c` of the result holds `(r, value)` for
    /// every row `r` that has id `c`, rows ascending (a counting sort: deterministic).
    pub fn transpose(&self, columns: usize) -> Rows {
        let mut starts = vec![0usize; columns + 1];
        for &id in self.ids.iter() {
            starts[id as usize + 1] += 1;
        }
        for c in 0..columns {
            starts[c + 1] += starts[c];
        }
        let mut next = starts.clone();
        let mut ids = vec![0u32; self.ids.len()];
        let mut values = vec![0f32; self.values.len()];
        for r in 0..self.len() {
            for (id, v) in self.pairs(r) {
                let at = &mut next[id as usize];
                ids[*at] = r as u32;
                values[*at] = v;
                *at += 1;
            }
        }
        Rows {
            starts: starts
                .into_iter()
                .map(|s| s as u64)
                .collect::<Vec<u64>>()
                .into(),
            ids: ids.into(),
            values: values.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_and_transpose_keeps_row_order() {
        let r = Rows::from_rows(vec![
            vec![(0, 1.0), (2, 2.0)],
            vec![],
            vec![(2, 3.0), (1, 4.0)],
        ]);
        assert_eq!(r.len(), 3);
        assert_eq!(r.row(1), (&[][..], &[][..]));
        assert_eq!(r.pairs(2).collect::<Vec<_>>(), vec![(2, 3.0), (1, 4.0)]);
        assert_eq!(r.row(9), (&[][..], &[][..]));
        let t = r.transpose(3);
        assert_eq!(t.pairs(0).collect::<Vec<_>>(), vec![(0, 1.0)]);
        assert_eq!(t.pairs(1).collect::<Vec<_>>(), vec![(2, 4.0)]);
        assert_eq!(t.pairs(2).collect::<Vec<_>>(), vec![(0, 2.0), (2, 3.0)]);
        let (s, i, v) = r.parts();
        let parts =
            |b| Rows::from_parts(s.to_vec().into(), i.to_vec().into(), v.to_vec().into(), b);
        assert_eq!(parts(Some(3)), Some(r.clone()));
        assert_eq!(parts(Some(2)), None);
        assert_eq!(parts(None), Some(r.clone()), "ids left unread");
        assert_eq!(
            Rows::from_parts(vec![0, 5].into(), vec![1].into(), vec![1.0].into(), None),
            None
        );
    }
}
