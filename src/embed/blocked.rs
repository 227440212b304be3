//! Products of many vectors with many, a block at a time, and how far their rounding
//! can move them: what lets the relatedness graph and k-means take the matrix rate of
//! the CPU and still give, bit for bit, the answers of their one-pair products
//! ([`super::dot`], [`super::dot_wide`]).
//!
//! A matrix product adds in another order than a one-pair product does, so a value may
//! differ in its last bits. Both lie within `γ_d · |a| · |b|` of the true product
//! (γ_d = d·u / (1 − d·u), u = 2⁻²⁴: the bound of summing d products in any order, fused
//! or not; Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1), so two
//! computations of one product differ by at most D = 2 γ_d · |a| · |b|. If a block value
//! g₂ is more than 2D below another, g₁, their one-pair values keep that order
//! (e₂ ≤ g₂ + D < g₁ − D ≤ e₁); only values within 2D ([`tie_window`]) can trade
//! places. A caller keeps every value within that window of the one it would choose and
//! decides among those with the one-pair product.

/// `out[r * cols + c]` = the product of row `r` of `a` and row `c` of `b` (both
/// row-major with `d` values a row; `cols` rows in `b`). One thread.
#[cfg(feature = "embedder")]
pub fn block_product(a: &[f32], b: &[f32], d: usize, cols: usize, out: &mut [f32]) {
    use super::matmul::{matmul, View};
    let rows = a.len().checked_div(d).unwrap_or(0);
    matmul(
        out,
        cols,
        View::rows(a, rows, d, d),
        View::rows(b, cols, d, d).t(),
        false,
    );
}

/// `out[r * cols + c]` = the product of row `r` of `a` and row `c` of `b` (without the
/// matrix kernels of the `embedder` feature: one [`super::dot`] each).
#[cfg(not(feature = "embedder"))]
pub fn block_product(a: &[f32], b: &[f32], d: usize, cols: usize, out: &mut [f32]) {
    if d == 0 {
        out.fill(0.0);
        return;
    }
    for (r, x) in a.chunks_exact(d).enumerate() {
        for (c, y) in b.chunks_exact(d).enumerate().take(cols) {
            out[r * cols + c] = super::dot(x, y);
        }
    }
}

/// The largest squared norm of the rows (`d` values each) of `data`, in f64.
pub fn largest_square_norm(data: &[f32], d: usize) -> f64 {
    if d == 0 {
        return 0.0;
    }
    data.chunks_exact(d)
        .map(|r| r.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>())
        .fold(0.0, f64::max)
}

/// How far apart two computations of the product of a `d`-value row of norm² at most
/// `a2` and one of norm² at most `b2` may lie: D = 2 γ_d · |a| · |b|, with 1 % of room
/// for the norms' own rounding and a floor for subnormal products.
pub fn rounding_difference(d: usize, a2: f64, b2: f64) -> f32 {
    let u = f64::from(f32::EPSILON) / 2.0;
    let du = d as f64 * u;
    let gamma = du / (1.0 - du);
    (2.0 * gamma * (a2 * b2).sqrt() * 1.01 + d as f64 * f64::from(f32::MIN_POSITIVE)) as f32
}

/// How far below another a block value may lie and still be above it by the one-pair
/// product: twice [`rounding_difference`].
pub fn tie_window(d: usize, a2: f64, b2: f64) -> f32 {
    2.0 * rounding_difference(d, a2, b2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_products_lie_within_the_rounding_difference_of_both_one_pair_products() {
        let mut rng = crate::rng::Rng::new(3);
        for (rows, cols, d) in [(1, 1, 1), (3, 5, 7), (17, 33, 384), (40, 9, 1_000)] {
            let mut v = |n: usize| -> Vec<f32> {
                (0..n)
                    .map(|_| (rng.next_u64() % 2_000_001) as f32 / 1_000_000.0 - 1.0)
                    .collect()
            };
            let (a, b) = (v(rows * d), v(cols * d));
            let mut out = vec![0f32; rows * cols];
            block_product(&a, &b, d, cols, &mut out);
            let margin =
                rounding_difference(d, largest_square_norm(&a, d), largest_square_norm(&b, d));
            for r in 0..rows {
                for c in 0..cols {
                    let (x, y) = (&a[r * d..(r + 1) * d], &b[c * d..(c + 1) * d]);
                    let exact: f64 = x
                        .iter()
                        .zip(y)
                        .map(|(&p, &q)| f64::from(p) * f64::from(q))
                        .sum();
                    let got = out[r * cols + c];
                    for one in [super::super::dot(x, y), super::super::dot_wide(x, y)] {
                        assert!(
                            (got - one).abs() <= margin,
                            "{rows}×{cols}×{d}: {got} vs {one}"
                        );
                        assert!((f64::from(one) - exact).abs() <= f64::from(margin) / 2.0);
                    }
                }
            }
        }
    }
}
