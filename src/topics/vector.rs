//! Topics of the paper vectors (`--method ward`, the default for lists with abstracts):
//! Ward's linkage cut where its merge height jumps most, refined by k-means iterations
//! (seeded k-means alone above [`WARD_LIMIT`] papers), with the graph method's Other group.

use super::other::{small_groups_out, with_other};
use super::{build_topics, from_assignment, kmeans, ward, TopicOptions, Topics};
use crate::corpus::Paper;
use crate::embed::normalize;
use crate::index::Vectors;
use crate::lexical::Lexical;
use crate::rank::graph::Graph;
use crate::rank::hybrid::{paper_fields, LEXICAL_CONFIG};

/// Buckets of the hashed tf-idf part of a paper's features.
const HASH_DIM: usize = 256;

/// Up to this many papers, topics come from Ward's hierarchical clustering (exact,
/// deterministic, stable when papers are added); above it, from k-means.
pub const WARD_LIMIT: usize = 12_000;
/// k-means (Lloyd) iterations at most from the centres of Ward's cut: Ward never moves a
/// paper out of a merge, the iterations move each to its closest centre (arXiv samples
/// of 10,000 and 5,000: AMI 0.317 / 0.351 → 0.335 / 0.372, level with plain k-means and
/// far more stable; docs/topics.md).
const WARD_REFINE_ITERATIONS: usize = 100;

/// Papers the silhouette is measured on, at most.
const SILHOUETTE_SAMPLE: usize = 1000;
/// Values of k tried, at most.
const K_TRIES: usize = 16;

/// The k values tried between `lo` and `hi`: all of them, or evenly spread.
fn k_grid(lo: usize, hi: usize) -> Vec<usize> {
    if hi - lo < K_TRIES {
        return (lo..=hi).collect();
    }
    let mut ks: Vec<usize> = (0..K_TRIES)
        .map(|i| lo + (hi - lo) * i / (K_TRIES - 1))
        .collect();
    ks.dedup();
    ks
}

/// The most topics chosen automatically (a table of contents longer than this is not read).
const MAX_AUTO_TOPICS: usize = 60;

/// Bounds of the automatic number of topics for `n` papers: √n / 2 to 1.5 √n, within
/// 2 to `MAX_AUTO_TOPICS` (60).
pub fn k_bounds(n: usize) -> (usize, usize) {
    let r = (n as f64).sqrt();
    let lo = ((r / 2.0).round() as usize).clamp(2, MAX_AUTO_TOPICS);
    let hi = ((r * 1.5).round() as usize).clamp(lo, MAX_AUTO_TOPICS);
    (lo.min(n.max(1)), hi.min(n.max(1)))
}

/// Whether a list's vectors are centred before clustering: when fewer than half its
/// papers have an abstract. What every title of a title-only list shares ("large
/// language models") says nothing about which topic a paper belongs to (seed list, Ward:
/// AMI 0.240 centred, 0.202 not); on abstracts the centring cost topics (arXiv samples of
/// 10,000 and 5,000, refined Ward: 0.322 / 0.344 centred, 0.335 / 0.372 not). docs/topics.md.
pub fn centres_vectors(papers: &[Paper]) -> bool {
    papers.iter().filter(|p| p.has_abstract()).count() * 2 < papers.len()
}

/// Features used for clustering: `[dense ; w · hashed tf-idf]`, normalised; the dense
/// part centred when [`centres_vectors`] says so.
pub fn features(papers: &[Paper], vectors: &Vectors, lexical_weight: f32) -> Vec<Vec<f32>> {
    let docs: Vec<Vec<(&str, f32)>> = papers.iter().map(paper_fields).collect();
    let lex = (lexical_weight > 0.0).then(|| Lexical::with_config(&docs, LEXICAL_CONFIG));
    let centre = centres_vectors(papers);
    let n = papers.len().max(1);
    let mut mean = vec![0f32; vectors.dimension];
    for i in 0..papers.len() {
        for (m, x) in mean.iter_mut().zip(vectors.row(i)) {
            *m += x / n as f32;
        }
    }
    (0..papers.len())
        .map(|i| {
            let mut f = vectors.row(i).to_vec();
            if centre {
                for (x, m) in f.iter_mut().zip(&mean) {
                    *x -= m;
                }
            }
            normalize(&mut f);
            if let Some(lex) = &lex {
                let mut h = lex.hashed(i, HASH_DIM);
                normalize(&mut h);
                f.extend(h.into_iter().map(|x| x * lexical_weight));
            }
            normalize(&mut f);
            f
        })
        .collect()
}

/// Topics by Ward's linkage, refined by k-means iterations (k-means alone above
/// [`WARD_LIMIT`]), of the papers' vectors; papers with no strong neighbour in the
/// relatedness `graph`, and clusters of fewer than [`super::other::MIN_TOPIC_SIZE`],
/// go to Other, as in [`super::consensus::graph_topics`].
pub fn vector_topics(
    papers: &[Paper],
    vectors: &Vectors,
    graph: &Graph,
    opts: TopicOptions,
) -> Topics {
    let n = papers.len();
    let x = features(papers, vectors, opts.lexical_weight);
    let (lo, hi) = k_bounds(n);
    let mut tried = Vec::new();
    let ward = (n <= WARD_LIMIT).then(|| ward::ward(&x));
    let cluster = |k: usize| -> kmeans::Clustering {
        match &ward {
            Some(d) => {
                let cut = from_assignment(&x, d.cut(k), k);
                kmeans::lloyd(&x, cut.centroids, WARD_REFINE_ITERATIONS)
            }
            None => kmeans::kmeans(&x, k, opts.seed, opts.restarts),
        }
    };
    let clustering = match (opts.k, &ward) {
        (Some(k), _) => cluster(k.clamp(1, n.max(1))),
        (None, Some(d)) => {
            // Cut the dendrogram where the next merge would cost most relative to the one
            // before it (the largest relative jump in Ward height) within the bounds.
            let mut best = (f64::NEG_INFINITY, lo);
            for k in lo..=hi {
                let jump = d.height_above(k) / d.height_above(k + 1).max(1e-9);
                tried.push((k, jump));
                if jump > best.0 {
                    best = (jump, k);
                }
            }
            cluster(best.1)
        }
        (None, None) => {
            // k-means: the best silhouette on at most SILHOUETTE_SAMPLE evenly spaced papers.
            let step = n.div_ceil(SILHOUETTE_SAMPLE).max(1);
            let sample: Vec<usize> = (0..n).step_by(step).collect();
            let dist = kmeans::sample_distances(&x, &sample);
            let mut best: Option<(f64, kmeans::Clustering)> = None;
            for k in k_grid(lo, hi) {
                let c = kmeans::kmeans(&x, k, opts.seed, opts.restarts.min(2));
                let s = kmeans::silhouette(&dist, &c.assign, c.centroids.len(), &sample);
                tried.push((k, s));
                if best.as_ref().is_none_or(|(bs, _)| s > *bs) {
                    best = Some((s, c));
                }
            }
            // The chosen k's runs so far are the first of its full set of restarts.
            let done = opts.restarts.min(2);
            match best {
                Some((_, c)) => {
                    let k = c.centroids.len();
                    kmeans::more_restarts(&x, k, opts.seed, c, done, opts.restarts)
                }
                None => cluster(lo),
            }
        }
    };
    let a = small_groups_out(clustering.assign);
    let adj = graph.adjacency(papers, None);
    let (assign, k, other) = with_other(graph, &adj, a, None);
    let clustering = from_assignment(&x, assign, k);
    build_topics(papers, &x, clustering, other, opts.k.is_none(), tried, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::dot;
    use crate::topics::{topics, Method};

    #[test]
    fn topic_bounds_hold_for_every_list_size() {
        assert_eq!(k_bounds(250), (8, 24));
        assert_eq!(k_bounds(10_000), (50, 60));
        // 88,907 papers: √n / 2 = 149 would pass the upper bound (it panicked in clamp).
        assert_eq!(k_bounds(88_907), (60, 60));
        for n in [0, 1, 2, 3, 10, 14_400, 14_401, 1_000_000] {
            let (lo, hi) = k_bounds(n);
            assert!(lo <= hi && hi <= n.max(1), "{n}: {lo}..{hi}");
        }
    }

    /// Unit points around `groups` directions with noise, from a fixed generator.
    fn noisy_points(n: usize, dim: usize, groups: usize) -> Vec<Vec<f32>> {
        let mut rng = crate::rng::Rng::new(11);
        (0..n)
            .map(|i| {
                let mut v: Vec<f32> = (0..dim)
                    .map(|d| {
                        let centre = if d == i % groups { 1.0 } else { 0.0 };
                        centre + 1.5 * rng.next_f64() as f32
                    })
                    .collect();
                normalize(&mut v);
                v
            })
            .collect()
    }

    #[test]
    fn refining_wards_cut_never_lowers_the_k_means_objective() {
        let x = noisy_points(300, 12, 6);
        let mut moved = 0;
        for k in [3, 6, 10] {
            let cut = from_assignment(&x, ward::ward(&x).cut(k), k);
            let refined = kmeans::lloyd(&x, cut.centroids.clone(), WARD_REFINE_ITERATIONS);
            assert!(
                refined.objective >= cut.objective - 1e-6,
                "k = {k}: {} < {}",
                refined.objective,
                cut.objective
            );
            assert_eq!(refined.centroids.len(), k);
            moved += refined
                .assign
                .iter()
                .zip(&cut.assign)
                .filter(|(a, b)| a != b)
                .count();
        }
        assert!(
            moved > 0,
            "the iterations move papers Ward's merges left astray"
        );
    }

    #[test]
    fn wards_topics_put_a_paper_with_no_strong_neighbour_in_other() {
        // Four groups of 20 papers, and one paper (the last) that nothing is close to.
        let mut x = noisy_points(80, 12, 4);
        // Every other point has positive coordinates: this one points away from them all.
        let mut lone = vec![-1f32; 12];
        normalize(&mut lone);
        x.push(lone);
        let n = x.len();
        let papers: Vec<Paper> = (0..n)
            .map(|i| Paper {
                id: format!("p{i}"),
                title: format!("paper {i}"),
                ..Default::default()
            })
            .collect();
        let vectors = Vectors::from_rows(12, &x);
        // The relatedness graph of cosines: each paper's 5 nearest.
        let knn = (0..n)
            .map(|i| {
                let mut row: Vec<(usize, f32)> = (0..n)
                    .filter(|&j| j != i)
                    .map(|j| (j, dot(&x[i], &x[j])))
                    .collect();
                row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                row.truncate(5);
                row
            })
            .collect();
        let graph = Graph { k: 5, knn };
        let opts = TopicOptions {
            method: Method::Ward,
            k: Some(4),
            ..TopicOptions::default()
        };
        let t = topics(&papers, &vectors, &graph, opts);
        assert!(t.is_other(n - 1), "{:?}", t.assign);
        let other = t.topics.iter().filter(|t| t.other).count();
        assert_eq!(other, 1);
        assert!((0..n - 1).filter(|&i| t.is_other(i)).count() <= n * 15 / 100);
        assert_eq!(
            t.topics.last().map(|t| t.other),
            Some(true),
            "Other comes last"
        );
    }

    #[test]
    fn title_lists_are_centred_and_abstract_lists_are_not() {
        let paper = |abs: Option<&str>| Paper {
            title: "t".into(),
            abstract_text: abs.map(|a| a.to_string()).into(),
            ..Default::default()
        };
        let titles: Vec<Paper> = (0..4).map(|_| paper(None)).collect();
        assert!(centres_vectors(&titles));
        let mut mixed = titles.clone();
        mixed[0] = paper(Some("an abstract"));
        mixed[1] = paper(Some("an abstract"));
        assert!(!centres_vectors(&mixed), "half with abstracts");
        mixed[1] = paper(None);
        assert!(centres_vectors(&mixed));
    }
}
