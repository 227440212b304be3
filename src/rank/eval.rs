//! Ranking evaluation on labelled pairs (`query_title \t related_title \t strength`):
//! recall@5 and recall@10 over all pairs and over strong pairs, for any weights.

use super::hybrid::{Engine, Weights};
use crate::corpus::normalize::normalize_title;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One labelled relation.
#[derive(Debug, Clone)]
pub struct Pair {
    pub query: String,
    pub related: String,
    pub strong: bool,
}

/// Read a labelled TSV with a header row.
pub fn read_pairs(path: &Path) -> Result<Vec<Pair>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: i + 1,
                message: "expected 3 tab-separated columns: query_title, related_title, strength"
                    .into(),
            });
        }
        out.push(Pair {
            query: cols[0].trim().to_string(),
            related: cols[1].trim().to_string(),
            strong: cols[2].trim() == "strong",
        });
    }
    Ok(out)
}

/// Recall of one method.
#[derive(Debug, Clone, Serialize)]
pub struct Recall {
    pub method: String,
    pub weights: Weights,
    pub recall_at_5: f64,
    pub recall_at_10: f64,
    pub strong_recall_at_5: f64,
    pub strong_recall_at_10: f64,
    pub pairs: usize,
    pub strong_pairs: usize,
}

/// The pairs of `pairs` whose two titles name no paper, or the same one ([`evaluate`]
/// skips them).
pub fn unmatched<'p>(engine: &Engine<'_>, pairs: &'p [Pair]) -> Vec<&'p Pair> {
    let by_title = crate::corpus::paper::title_index(&engine.index.papers);
    pairs
        .iter()
        .filter(|p| {
            match (
                by_title.get(&normalize_title(&p.query)),
                by_title.get(&normalize_title(&p.related)),
            ) {
                (Some(q), Some(r)) => q == r,
                _ => true,
            }
        })
        .collect()
}

/// Evaluate `weights` on `pairs`; pairs whose titles are not in the index are skipped.
pub fn evaluate(
    engine: &Engine<'_>,
    pairs: &[Pair],
    method: &str,
    weights: Weights,
) -> Result<Recall> {
    let by_title = crate::corpus::paper::title_index(&engine.index.papers);
    let mut queries: BTreeMap<usize, Vec<(usize, bool)>> = BTreeMap::new();
    for p in pairs {
        if let (Some(&q), Some(&r)) = (
            by_title.get(&normalize_title(&p.query)),
            by_title.get(&normalize_title(&p.related)),
        ) {
            if q != r {
                queries.entry(q).or_default().push((r, p.strong));
            }
        }
    }
    let (mut n, mut ns, mut h5, mut h10, mut s5, mut s10) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    for (&q, rel) in &queries {
        let hits = engine.related(q, 10, weights)?;
        let rank_of: HashMap<usize, usize> = hits.iter().map(|h| (h.index, h.rank)).collect();
        for &(r, strong) in rel {
            let rank = rank_of.get(&r).copied().unwrap_or(usize::MAX);
            n += 1;
            h5 += usize::from(rank <= 5);
            h10 += usize::from(rank <= 10);
            if strong {
                ns += 1;
                s5 += usize::from(rank <= 5);
                s10 += usize::from(rank <= 10);
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Ok(Recall {
        method: method.to_string(),
        weights,
        recall_at_5: ratio(h5, n),
        recall_at_10: ratio(h10, n),
        strong_recall_at_5: ratio(s5, ns),
        strong_recall_at_10: ratio(s10, ns),
        pairs: n,
        strong_pairs: ns,
    })
}
