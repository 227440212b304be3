//! A bounds-checked matrix product on strided f32 slices, over the `gemm` crate's
//! runtime-dispatched kernels (AVX-512 where the CPU has it, AVX2/FMA or scalar otherwise).
//! Always single-threaded: readnext runs whole batches on separate cores instead.

/// A read-only strided matrix view: element (i, j) is `data[i * row + j * col]`.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub data: &'a [f32],
    pub rows: usize,
    pub cols: usize,
    pub row: usize,
    pub col: usize,
}

impl<'a> View<'a> {
    /// A row-major `rows × cols` matrix starting at `data[0]` with `stride` between rows.
    pub fn rows(data: &'a [f32], rows: usize, cols: usize, stride: usize) -> View<'a> {
        View {
            data,
            rows,
            cols,
            row: stride,
            col: 1,
        }
    }

    /// The transpose of this view (no copy).
    pub fn t(self) -> View<'a> {
        View {
            data: self.data,
            rows: self.cols,
            cols: self.rows,
            row: self.col,
            col: self.row,
        }
    }

    /// Whether every element lies inside `data`.
    fn fits(&self) -> bool {
        self.rows == 0
            || self.cols == 0
            || (self.rows - 1) * self.row + (self.cols - 1) * self.col < self.data.len()
    }
}

/// `dst = a · b` (or `dst += a · b` with `accumulate`), `dst` row-major with row stride
/// `dst_stride`. Panics if a view does not fit its slice or the shapes disagree: both are
/// bugs in the caller (every shape here comes from weights checked at load).
pub fn matmul(dst: &mut [f32], dst_stride: usize, a: View, b: View, accumulate: bool) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert_eq!(b.rows, k, "matmul: inner dimensions differ");
    assert!(
        a.fits() && b.fits(),
        "matmul: an operand overruns its slice"
    );
    assert!(
        m == 0 || n == 0 || (m - 1) * dst_stride + n <= dst.len(),
        "matmul: the destination overruns its slice"
    );
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            for r in 0..m {
                dst[r * dst_stride..r * dst_stride + n].fill(0.0);
            }
        }
        return;
    }
    // SAFETY: the asserts above prove that every element gemm reads or writes lies inside
    // the given slices (views are checked against their own slices; dst's last element is
    // (m-1)·stride + n-1). `dst` is borrowed mutably, so it cannot alias `a` or `b`.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            dst_stride as isize,
            accumulate,
            a.data.as_ptr(),
            a.col as isize,
            a.row as isize,
            b.data.as_ptr(),
            b.col as isize,
            b.row as isize,
            1.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: View, b: View) -> Vec<f32> {
        let mut out = vec![0f32; a.rows * b.cols];
        for i in 0..a.rows {
            for j in 0..b.cols {
                out[i * b.cols + j] = (0..a.cols)
                    .map(|p| a.data[i * a.row + p * a.col] * b.data[p * b.row + j * b.col])
                    .sum();
            }
        }
        out
    }

    #[test]
    fn strided_and_transposed_products_match_the_definition() {
        let mut rng = crate::rng::Rng::new(7);
        let data: Vec<f32> = (0..600).map(|_| rng.next_f64() as f32 - 0.5).collect();
        // a: 5×7 inside rows of stride 9; b: the transpose of a 4×7 block.
        let a = View::rows(&data, 5, 7, 9);
        let b = View::rows(&data[100..], 4, 7, 7).t();
        let want = naive(a, b);
        let mut got = vec![1f32; 5 * 4];
        matmul(&mut got, 4, a, b, false);
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-5, "{g} vs {w}");
        }
        // Accumulating adds onto what is there.
        let mut acc = vec![1f32; 5 * 4];
        matmul(&mut acc, 4, a, b, true);
        for (g, w) in acc.iter().zip(&want) {
            assert!((g - (w + 1.0)).abs() < 1e-5);
        }
    }

    #[test]
    #[should_panic(expected = "overruns")]
    fn a_view_past_its_slice_is_refused() {
        let data = vec![0f32; 10];
        let a = View::rows(&data, 3, 4, 4);
        let mut dst = vec![0f32; 9];
        matmul(&mut dst, 3, a, View::rows(&data, 4, 3, 0), false);
    }
}
