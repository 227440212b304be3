//! Token vectors in, one sentence vector out, as the model's pooling config says
//! (sentence-transformers' `Pooling` module: mean, CLS or max over the text's tokens).

use super::config::Pooling;

/// Pool the token vectors of one text, given as consecutive rows of `width` values.
/// No rows give a zero vector.
pub fn pool(rows: &[f32], width: usize, mode: Pooling) -> Vec<f32> {
    let mut tokens = rows.chunks_exact(width);
    let mut v = vec![0f32; width];
    match mode {
        Pooling::Mean => {
            let n = tokens.len();
            for row in tokens {
                v.iter_mut().zip(row).for_each(|(a, &x)| *a += x);
            }
            // As sentence-transformers: the token count is clamped to at least 1e-9.
            let n = (n as f32).max(1e-9);
            v.iter_mut().for_each(|a| *a /= n);
        }
        Pooling::Cls => {
            if let Some(first) = tokens.next() {
                v.copy_from_slice(first);
            }
        }
        Pooling::Max => {
            if let Some(first) = tokens.next() {
                v.copy_from_slice(first);
            }
            for row in tokens {
                v.iter_mut().zip(row).for_each(|(a, &x)| *a = a.max(x));
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_cls_and_max_pool_the_rows() {
        let rows = [1.0, -2.0, 3.0, 4.0, -5.0, 0.0];
        assert_eq!(pool(&rows, 2, Pooling::Mean), vec![-1.0 / 3.0, 2.0 / 3.0]);
        assert_eq!(pool(&rows, 2, Pooling::Cls), vec![1.0, -2.0]);
        assert_eq!(pool(&rows, 2, Pooling::Max), vec![3.0, 4.0]);
        for mode in [Pooling::Mean, Pooling::Cls, Pooling::Max] {
            assert_eq!(pool(&[], 2, mode), vec![0.0, 0.0]);
        }
    }
}
