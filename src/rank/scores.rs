//! Small operations on a score per paper: the best few, and min-max scaling.

/// Positions of the `n` best scores, best first, ties by position; `skip` never appears.
pub fn best(scores: &[f32], n: usize, skip: &[usize]) -> Vec<usize> {
    let idx: Vec<usize> = (0..scores.len()).filter(|j| !skip.contains(j)).collect();
    top(scores, idx, n)
}

/// Positions of the `n` best positive scores, best first, ties by position (a channel's
/// own candidates: a paper it gives nothing is not one).
pub fn best_positive(scores: &[f32], n: usize) -> Vec<usize> {
    top(scores, positive_candidates(scores, n), n)
}

/// Scores looked at together by [`positive_candidates`].
const BLOCK: usize = 16;

/// Positions of positive scores, ascending, that hold the `n` best positive ones: all
/// of them when few blocks of [`BLOCK`] scores hold one, else those at or above the
/// `n`-th highest block maximum — `n` blocks reach it, so the `n` best scores do too.
/// A channel of a big list scores thousands of papers for a query (a common word), and
/// the relatedness graph asks this of two channels for every paper of the list: the
/// maxima are one vectorised pass, and only the blocks that reach the bar are read.
fn positive_candidates(scores: &[f32], n: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    // A block's maximum, 0 when it holds no positive score (branch-free: it vectorises).
    let maxima: Vec<f32> = scores
        .chunks(BLOCK)
        .map(|b| b.iter().fold(0f32, |m, &x| if x > m { x } else { m }))
        .collect();
    let mut live: Vec<f32> = maxima.iter().copied().filter(|&m| m > 0.0).collect();
    let bar = if live.len() > n {
        *live.select_nth_unstable_by(n - 1, |a, b| b.total_cmp(a)).1
    } else {
        0.0
    };
    let mut idx = Vec::new();
    for (b, &m) in maxima.iter().enumerate() {
        if m > 0.0 && m >= bar {
            let start = b * BLOCK;
            let block = &scores[start..(start + BLOCK).min(scores.len())];
            idx.extend(
                block
                    .iter()
                    .enumerate()
                    .filter(|(_, &x)| x > 0.0 && x >= bar)
                    .map(|(o, _)| start + o),
            );
        }
    }
    idx
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
    fn the_best_positive_scores_are_those_of_a_plain_sort() {
        // Ties, negative zeros, the smallest normal and subnormal scores, many blocks.
        let mut rng = crate::rng::Rng::new(5);
        let s: Vec<f32> = (0..1_000)
            .map(|i| match i % 13 {
                0 => (rng.next_u64() % 8) as f32 / 4.0,
                5 => -0.0,
                7 => f32::MIN_POSITIVE,
                8 => f32::from_bits(1),
                9 => -1.0,
                11 => (rng.next_u64() % 1_000) as f32 / 999.0,
                _ => 0.0,
            })
            .collect();
        for len in [0, 1, 15, 16, 17, 100, 1_000] {
            let s = &s[..len];
            for n in [0, 1, 3, 10, 40, 100, 2_000] {
                let mut plain: Vec<usize> = (0..len).filter(|&j| s[j] > 0.0).collect();
                plain.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
                plain.truncate(n);
                assert_eq!(best_positive(s, n), plain, "length {len}, n {n}");
            }
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
