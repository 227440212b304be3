//! Small operations on a score per paper: the best few, and min-max scaling.

/// Positions of the `n` best scores, best first, ties by position; `skip` never appears.
pub fn best(scores: &[f32], n: usize, skip: &[usize]) -> Vec<usize> {
    let idx: Vec<usize> = (0..scores.len()).filter(|j| !skip.contains(j)).collect();
    top(scores, idx, n)
}

/// Positions of the `n` best positive scores, best first, ties by position (a channel's
/// own candidates: a paper it gives nothing is not one).
pub fn best_positive(scores: &[f32], n: usize) -> Vec<usize> {
    let idx: Vec<usize> = (0..scores.len()).filter(|&j| scores[j] > 0.0).collect();
    top(scores, idx, n)
}

/// The `n` of `idx` with the best scores, best first, ties by position: a selection,
/// then a sort of those `n` only.
fn top(scores: &[f32], mut idx: Vec<usize>, n: usize) -> Vec<usize> {
    let key = |a: &usize, b: &usize| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b));
    if idx.len() > n {
        idx.select_nth_unstable_by(n, key);
        idx.truncate(n);
    }
    idx.sort_by(key);
    idx
}

/// Scores scaled to [0, 1] by the lowest and highest of those not in `skip` (all 0 when
/// they are equal).
pub fn min_max(s: &[f32], skip: &[usize]) -> Vec<f32> {
    let live = || (0..s.len()).filter(|j| !skip.contains(j)).map(|j| s[j]);
    let lo = live().fold(f32::INFINITY, f32::min);
    let hi = live().fold(f32::NEG_INFINITY, f32::max);
    let span = hi - lo;
    s.iter()
        .map(|&x| if span > 0.0 { (x - lo) / span } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_positive_is_the_sorted_positive_prefix() {
        let s: [f32; 8] = [0.5, 0.0, 0.9, 0.5, -0.2, 0.1, 0.5, 0.0];
        for n in 0..10 {
            let mut sorted: Vec<usize> = (0..s.len()).filter(|&j| s[j] > 0.0).collect();
            sorted.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
            sorted.truncate(n);
            assert_eq!(best_positive(&s, n), sorted, "n = {n}");
        }
    }

    #[test]
    fn best_skips_and_breaks_ties_by_position() {
        assert_eq!(best(&[0.5, 0.9, 0.5, 0.1], 3, &[1]), vec![0, 2, 3]);
        assert_eq!(best(&[0.5, 0.9, 0.5, 0.1], 2, &[]), vec![1, 0]);
    }

    #[test]
    fn min_max_scales_to_the_unit_interval() {
        assert_eq!(min_max(&[2.0, 4.0, 3.0], &[]), vec![0.0, 1.0, 0.5]);
        assert_eq!(min_max(&[1.0, 1.0], &[]), vec![0.0, 0.0]);
    }
}
