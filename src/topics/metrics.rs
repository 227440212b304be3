//! Agreement between two labelings: adjusted and normalised mutual information
//! (arithmetic mean normalisation, as scikit-learn's default) and the adjusted Rand
//! index; and the
//! share of papers that keep their topic between two clusterings. Counts are summed in
//! key order (`BTreeMap`), so a score is the same to the last bit on every run.

use std::collections::BTreeMap;

/// Joint counts and the counts of each labeling.
type Counts = (
    BTreeMap<(usize, usize), f64>,
    BTreeMap<usize, f64>,
    BTreeMap<usize, f64>,
);

fn contingency(a: &[usize], b: &[usize]) -> Counts {
    let mut joint = BTreeMap::new();
    let mut ca = BTreeMap::new();
    let mut cb = BTreeMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *joint.entry((x, y)).or_insert(0.0) += 1.0;
        *ca.entry(x).or_insert(0.0) += 1.0;
        *cb.entry(y).or_insert(0.0) += 1.0;
    }
    (joint, ca, cb)
}

fn entropy(counts: &BTreeMap<usize, f64>, n: f64) -> f64 {
    counts
        .values()
        .map(|&c| {
            if c > 0.0 {
                -(c / n) * (c / n).ln()
            } else {
                0.0
            }
        })
        .sum()
}

/// Normalised mutual information in [0, 1].
pub fn nmi(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len() as f64;
    if n == 0.0 {
        return 0.0;
    }
    let (joint, ca, cb) = contingency(a, b);
    let mi = mutual_information(&joint, &ca, &cb, n);
    let (ha, hb) = (entropy(&ca, n), entropy(&cb, n));
    let denom = (ha + hb) / 2.0;
    if denom <= 0.0 {
        1.0
    } else {
        (mi / denom).clamp(0.0, 1.0)
    }
}

/// ln(i!) for i in 0..=n.
fn ln_factorials(n: usize) -> Vec<f64> {
    let mut t = vec![0f64; n + 1];
    for i in 1..=n {
        t[i] = t[i - 1] + (i as f64).ln();
    }
    t
}

/// Mutual information of two labelings (natural log).
fn mutual_information(
    joint: &BTreeMap<(usize, usize), f64>,
    ca: &BTreeMap<usize, f64>,
    cb: &BTreeMap<usize, f64>,
    n: f64,
) -> f64 {
    joint
        .iter()
        .map(|(&(x, y), &c)| (c / n) * ((c * n) / (ca[&x] * cb[&y])).ln())
        .sum()
}

/// Expected mutual information of two random labelings with the given cluster sizes
/// (the hypergeometric model of Vinh, Epps and Bailey 2010, as scikit-learn computes it).
fn expected_mutual_information(
    ca: &BTreeMap<usize, f64>,
    cb: &BTreeMap<usize, f64>,
    n: usize,
) -> f64 {
    let lf = ln_factorials(n);
    let nf = n as f64;
    let a: Vec<usize> = ca.values().map(|&c| c as usize).collect();
    let b: Vec<usize> = cb.values().map(|&c| c as usize).collect();
    let mut emi = 0.0;
    for &ai in &a {
        for &bj in &b {
            let lo = (ai + bj).saturating_sub(n).max(1);
            let hi = ai.min(bj);
            for nij in lo..=hi {
                let x = nij as f64;
                let term = (x / nf) * ((nf * x) / (ai as f64 * bj as f64)).ln();
                let log_p = lf[ai] + lf[bj] + lf[n - ai] + lf[n - bj]
                    - lf[n]
                    - lf[nij]
                    - lf[ai - nij]
                    - lf[bj - nij]
                    - lf[n + nij - ai - bj];
                emi += term * log_p.exp();
            }
        }
    }
    emi
}

/// Adjusted mutual information (arithmetic normalisation, scikit-learn's default):
/// 1 for identical labelings, about 0 for independent ones whatever their numbers of clusters.
pub fn ami(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len();
    if n == 0 {
        return 0.0;
    }
    let nf = n as f64;
    let (joint, ca, cb) = contingency(a, b);
    // One cluster each, or every point alone in both: identical partitions.
    if (ca.len() == 1 && cb.len() == 1) || (ca.len() == n && cb.len() == n) {
        return 1.0;
    }
    let mi = mutual_information(&joint, &ca, &cb, nf);
    let emi = expected_mutual_information(&ca, &cb, n);
    let (ha, hb) = (entropy(&ca, nf), entropy(&cb, nf));
    let mut denom = (ha + hb) / 2.0 - emi;
    if denom.abs() < f64::EPSILON {
        denom = if denom < 0.0 {
            -f64::EPSILON
        } else {
            f64::EPSILON
        };
    }
    (mi - emi) / denom
}

/// Adjusted Rand index (1 = identical, about 0 = chance).
pub fn ari(a: &[usize], b: &[usize]) -> f64 {
    let n = a.len() as f64;
    let comb2 = |x: f64| x * (x - 1.0) / 2.0;
    let (joint, ca, cb) = contingency(a, b);
    let index: f64 = joint.values().map(|&c| comb2(c)).sum();
    let sa: f64 = ca.values().map(|&c| comb2(c)).sum();
    let sb: f64 = cb.values().map(|&c| comb2(c)).sum();
    let expected = sa * sb / comb2(n);
    let max = (sa + sb) / 2.0;
    if (max - expected).abs() < f64::EPSILON {
        1.0
    } else {
        (index - expected) / (max - expected)
    }
}

/// Share of papers of `before` that keep their topic in `after` (same papers first),
/// topics matched greedily by overlap.
pub fn kept_share(before: &[usize], after: &[usize]) -> f64 {
    let mut overlap: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (&a, &b) in before.iter().zip(after) {
        *overlap.entry((a, b)).or_insert(0) += 1;
    }
    let mut pairs: Vec<((usize, usize), usize)> = overlap.into_iter().collect();
    pairs.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let (mut used_a, mut used_b, mut kept) = (Vec::new(), Vec::new(), 0usize);
    for ((a, b), c) in pairs {
        if !used_a.contains(&a) && !used_b.contains(&b) {
            used_a.push(a);
            used_b.push(b);
            kept += c;
        }
    }
    kept as f64 / before.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_share_matches_topics_by_overlap() {
        assert_eq!(kept_share(&[1, 1, 2, 2], &[7, 7, 3, 3]), 1.0);
        assert_eq!(kept_share(&[1, 1, 2, 2], &[7, 7, 7, 3]), 0.75);
    }

    #[test]
    fn identical_and_relabelled_agree_fully() {
        let a = [0, 0, 1, 1, 2, 2];
        let b = [5, 5, 3, 3, 9, 9];
        assert!((nmi(&a, &b) - 1.0).abs() < 1e-12);
        assert!((ari(&a, &b) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn matches_scikit_learn_on_a_small_case() {
        // sklearn: normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8, adjusted_rand_score = 0.5714285714
        let a = [0, 0, 1, 1];
        let b = [0, 0, 1, 2];
        assert!((nmi(&a, &b) - 0.8).abs() < 1e-9, "{}", nmi(&a, &b));
        // sklearn: adjusted_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.5714285714
        assert!(
            (ami(&a, &b) - 0.571_428_571_4).abs() < 1e-9,
            "{}",
            ami(&a, &b)
        );
        // sklearn: adjusted_mutual_info_score(x, y) = 0.2985998674280464
        let x = [0, 0, 0, 1, 1, 1, 2, 2, 3, 3];
        let y = [0, 0, 1, 1, 2, 2, 2, 3, 3, 3];
        assert!(
            (ami(&x, &y) - 0.298_599_867_428).abs() < 1e-9,
            "{}",
            ami(&x, &y)
        );
        assert!(
            (ari(&a, &b) - 0.571_428_571_4).abs() < 1e-9,
            "{}",
            ari(&a, &b)
        );
    }
}
