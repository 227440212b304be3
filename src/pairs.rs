//! Lists of (key, value) pairs where a key may come twice: sorted by key, each key once
//! with the largest of its values (a neighbour found from both sides, a paper that has
//! two matching names).

/// Sorts `pairs` by key and keeps each key once, with the value `max` chooses among its
/// values (in the order they stood, the first as the kept one).
pub fn max_per_key<V: Copy>(pairs: &mut Vec<(usize, V)>, max: impl Fn(V, V) -> V) {
    pairs.sort_by_key(|p| p.0);
    pairs.dedup_by(|later, kept| {
        if later.0 == kept.0 {
            kept.1 = max(kept.1, later.1);
            true
        } else {
            false
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_once_with_its_largest_value() {
        let mut p = vec![(3, 0.5f32), (1, 0.2), (3, 0.9), (2, 0.1), (1, 0.4)];
        max_per_key(&mut p, f32::max);
        assert_eq!(p, vec![(1, 0.4), (2, 0.1), (3, 0.9)]);
    }
}
