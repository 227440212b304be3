//! Sparse rows in flat buffers (compressed sparse rows): row `r` holds the pairs
//! `(ids[k], values[k])` for `k` in `starts[r]..starts[r + 1]`. One allocation per
//! column instead of one per row, so an index of 100,000 abstracts is built, written
//! and read back as a handful of arrays.

/// Sparse rows of `(id, value)` pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    starts: Vec<usize>,
    ids: Vec<u32>,
    values: Vec<f32>,
}

impl Default for Rows {
    fn default() -> Self {
        Rows {
            starts: vec![0],
            ids: Vec::new(),
            values: Vec::new(),
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
        let mut out = Rows::default();
        for row in rows {
            for (id, v) in row {
                out.ids.push(id);
                out.values.push(v);
            }
            out.starts.push(out.ids.len());
        }
        out
    }

    /// From the three columns, if they describe rows whose ids are all below `bound`.
    pub fn from_parts(
        starts: Vec<usize>,
        ids: Vec<u32>,
        values: Vec<f32>,
        bound: usize,
    ) -> Option<Rows> {
        let ok = starts.first() == Some(&0)
            && starts.windows(2).all(|w| w[0] <= w[1])
            && starts.last() == Some(&ids.len())
            && ids.len() == values.len()
            && ids.iter().all(|&id| (id as usize) < bound);
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
            (Some(&a), Some(&b)) => (&self.ids[a..b], &self.values[a..b]),
            _ => (&[], &[]),
        }
    }

    /// The pairs of row `r`.
    pub fn pairs(&self, r: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        let (ids, values) = self.row(r);
        ids.iter().copied().zip(values.iter().copied())
    }

    /// The same values with `values` replaced (same shape), e.g. term counts turned into weights.
    pub fn with_values(&self, values: Vec<f32>) -> Option<Rows> {
        (values.len() == self.values.len()).then(|| Rows {
            starts: self.starts.clone(),
            ids: self.ids.clone(),
            values,
        })
    }

    /// The columns (starts, ids, values), for writing.
    pub fn parts(&self) -> (&[usize], &[u32], &[f32]) {
        (&self.starts, &self.ids, &self.values)
    }

    /// The transpose over `columns` ids: row `c` of the result holds `(r, value)` for
    /// every row `r` that has id `c`, rows ascending (a counting sort: deterministic).
    pub fn transpose(&self, columns: usize) -> Rows {
        let mut starts = vec![0usize; columns + 1];
        for &id in &self.ids {
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
            starts,
            ids,
            values,
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
        assert_eq!(
            Rows::from_parts(s.to_vec(), i.to_vec(), v.to_vec(), 3),
            Some(r.clone())
        );
        assert_eq!(
            Rows::from_parts(s.to_vec(), i.to_vec(), v.to_vec(), 2),
            None
        );
        assert_eq!(Rows::from_parts(vec![0, 5], vec![1], vec![1.0], 3), None);
    }
}
