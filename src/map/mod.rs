//! A self-contained HTML map of the list: papers placed by a neighbour-preserving
//! layout of the relatedness graph the topics were found on ([`layout_graph`],
//! [`layout`]; PCA of the embeddings on request),
//! coloured by topic, each topic's label where its papers lie densest (the page moves
//! labels apart where they would overlap), read papers ringed; "Other" is grey and
//! unlabelled on the map, since it is not a region.
//! No network: inline CSS and JS only, a Content-Security-Policy that forbids loading
//! anything. Titles and links are data (JSON in a non-executable script block with
//! `<`, `>` and `&` escaped), drawn with `textContent`; only http(s) links open.

pub mod layout;
pub mod projection;

use crate::corpus::Paper;
use crate::index::Vectors;
use crate::rank::graph::{Adjacency, Graph, ListOrder};
use crate::topics::Topics;
use serde::Serialize;

const TEMPLATE: &str = include_str!("template.html");

#[derive(Serialize)]
struct MapPaper<'a> {
    x: f32,
    y: f32,
    title: &'a str,
    url: &'a str,
    topic: usize,
    topic_label: &'a str,
    /// The list's date, else the arXiv id's month.
    date: Option<String>,
    read: bool,
}

#[derive(Serialize)]
struct MapTopic<'a> {
    id: usize,
    label: &'a str,
    size: usize,
    colour: String,
    /// Where the label goes: the member where the topic's papers lie densest.
    x: f32,
    y: f32,
    /// The "Other" group: grey, and no label on the map.
    other: bool,
}

#[derive(Serialize)]
struct MapData<'a> {
    title: String,
    papers: Vec<MapPaper<'a>>,
    topics: Vec<MapTopic<'a>>,
    /// Words the page's script writes (a point's details).
    words: ScriptWords<'a>,
}

#[derive(Serialize)]
struct ScriptWords<'a> {
    topic: &'a str,
    read: &'a str,
}

/// The words of the map page in the reader's language; the caller picks them
/// (`output::lang`, each language's words together). Titles and topic labels are the
/// caller's too.
#[derive(Debug, Clone)]
pub struct MapWords {
    /// The page's `lang` attribute (`en`, `ko`).
    pub lang: String,
    /// Placeholder of the search box.
    pub search: String,
    /// Accessible name of the map.
    pub map: String,
    /// The note under the legend, for each layout.
    pub note_graph: String,
    pub note_pca: String,
    /// A point's details: "Topic: …", "· read".
    pub topic: String,
    pub read: String,
}

/// `text` safe inside HTML text and attribute values.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Colours of the first topics: Tableau's 10 (grey left out), then Paul Tol's muted
/// colours not already there, two light Tableau colours and a dark purple, so that no
/// two of the 18 are the same hue at the same lightness (the previous second half
/// repeated the first in stronger tones: two oranges, two blues side by side).
const PALETTE: [&str; 18] = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
    "#ff9da7", "#332288", "#882255", "#117733", "#88ccee", "#999933", "#aa4499", "#ffbe7d",
    "#8cd17d", "#6a3d9a",
];

/// The colour of "Other".
const OTHER_COLOUR: &str = "#c0c0c0";

/// A distinct colour for topic `i`: the palette, then golden-angle hues.
fn colour(i: usize) -> String {
    match PALETTE.get(i) {
        Some(c) => (*c).to_string(),
        None => {
            let hue = (i as f64 * 137.508) % 360.0;
            let light = if i.is_multiple_of(2) { 45 } else { 58 };
            format!("hsl({hue:.0}, 65%, {light}%)")
        }
    }
}

/// The point among `members` where they lie densest: the member with the largest sum
/// of a Gaussian kernel over its distances to the others (width `width`), ties to the
/// first. A topic in two regions is labelled in the larger one, never between them.
/// Above [`DENSITY_SAMPLE`] members, every n-th member stands for the rest (the same
/// members on every run), so a topic of a huge list costs no more than a big one.
fn densest(coords: &[[f32; 2]], members: &[usize], width: f32) -> Option<[f32; 2]> {
    let w2 = (width * width).max(f32::MIN_POSITIVE);
    let stride = members.len().div_ceil(DENSITY_SAMPLE).max(1);
    let mut best: Option<(f32, usize)> = None;
    for &i in members.iter().step_by(stride) {
        let p = coords.get(i)?;
        let density: f32 = members
            .iter()
            .step_by(stride)
            .filter_map(|&j| coords.get(j))
            .map(|q| {
                let d2 = (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2);
                (-d2 / w2).exp()
            })
            .sum();
        if best.is_none_or(|(b, _)| density > b) {
            best = Some((density, i));
        }
    }
    best.and_then(|(_, i)| coords.get(i).copied())
}

/// The kernel width for [`densest`]: this share of the map's larger extent.
const DENSITY_WIDTH: f32 = 0.06;
/// Members of a topic [`densest`] looks at, at most.
const DENSITY_SAMPLE: usize = 1_000;

/// Escape JSON for a `<script type="application/json">` block.
fn escape_json(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// How papers are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// Neighbour-preserving layout of the relatedness graph (topics form regions).
    #[default]
    Graph,
    /// The two leading principal components of the embeddings (linear, global).
    Pca,
}

/// Extra weight of an edge between two papers of one topic in the map's graph: such an
/// edge pulls 1 + this as hard. Chosen on the seed list's dev labels (README, *Map*):
/// topics become regions and papers land nearer to papers of their hand label too.
pub const TOPIC_PULL: f64 = 1.0;

/// The graph the map is laid out on: the relatedness graph as the topics read it (with
/// the list-order edges of a curated list, `order`), each edge inside one topic weighted
/// `1 + TOPIC_PULL` ("Other" is not a region: its edges stay as they are). The map
/// is a view of the topics' own graph, so each topic shows as a region.
pub fn layout_graph(
    graph: &Graph,
    papers: &[Paper],
    order: Option<ListOrder>,
    topics: &Topics,
) -> Adjacency {
    let mut adj = graph.adjacency(papers, order);
    for (i, row) in adj.iter_mut().enumerate() {
        let t = topics.assign.get(i).copied();
        if t.is_none() || topics.is_other(i) {
            continue;
        }
        for e in row.iter_mut() {
            if topics.assign.get(e.0).copied() == t {
                e.1 *= 1.0 + TOPIC_PULL;
            }
        }
    }
    adj
}

/// Paper coordinates for a layout; `adj` is the map's graph ([`layout_graph`]).
pub fn coordinates(vectors: &Vectors, adj: &Adjacency, layout: Layout) -> Vec<[f32; 2]> {
    let pca = projection::pca2(&vectors.rows());
    match layout {
        Layout::Pca => pca,
        Layout::Graph => layout::layout(adj, &pca, LAYOUT_SEED),
    }
}

/// How well a map keeps groups together: over the points that have a group, the share
/// of each one's `k` nearest such points (by distance on the map, ties to the lower
/// index) that have its group. With the topics as groups (Other left out) it says
/// whether topics are regions; with hand labels, whether related papers land near.
pub fn near_share(coords: &[[f32; 2]], group: &[Option<usize>], k: usize) -> f64 {
    let idx: Vec<usize> = (0..coords.len().min(group.len()))
        .filter(|&i| group[i].is_some())
        .collect();
    let (mut hit, mut all) = (0usize, 0usize);
    for &i in &idx {
        let mut d: Vec<(f32, usize)> = idx
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| {
                let (a, b) = (coords[i], coords[j]);
                ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2), j)
            })
            .collect();
        d.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for &(_, j) in d.iter().take(k) {
            all += 1;
            hit += usize::from(group[i] == group[j]);
        }
    }
    if all == 0 {
        0.0
    } else {
        hit as f64 / all as f64
    }
}

/// Seed of the layout's negative sampling.
const LAYOUT_SEED: u64 = 42;

/// Render the map from paper coordinates, in the words of `words`. `read[i]` marks paper
/// `i` as read.
pub fn render(
    title: &str,
    papers: &[Paper],
    coords: &[[f32; 2]],
    layout: Layout,
    topics: &Topics,
    read: &[bool],
    words: &MapWords,
) -> String {
    let label_of = |t: usize| {
        topics
            .topics
            .get(t.wrapping_sub(1))
            .map_or("", |t| t.label.as_str())
    };
    let map_papers: Vec<MapPaper> = papers
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let topic = topics.assign.get(i).copied().unwrap_or(0);
            MapPaper {
                x: coords[i][0],
                y: coords[i][1],
                title: &p.title,
                url: &p.url,
                topic,
                topic_label: label_of(topic),
                date: crate::corpus::date::shown_date(p),
                read: read.get(i).copied().unwrap_or(false),
            }
        })
        .collect();
    let extent = |axis: usize| {
        let (lo, hi) = coords.iter().fold((f32::MAX, f32::MIN), |(lo, hi), p| {
            (lo.min(p[axis]), hi.max(p[axis]))
        });
        (hi - lo).max(0.0)
    };
    let width = DENSITY_WIDTH * extent(0).max(extent(1));
    let map_topics: Vec<MapTopic> = topics
        .topics
        .iter()
        .map(|t| {
            let members: Vec<usize> = t.papers.iter().map(|m| m.index).collect();
            let [x, y] = densest(coords, &members, width).unwrap_or([0.0, 0.0]);
            MapTopic {
                id: t.id,
                label: &t.label,
                size: t.size,
                colour: if t.other {
                    OTHER_COLOUR.to_string()
                } else {
                    colour(t.id.saturating_sub(1))
                },
                x,
                y,
                other: t.other,
            }
        })
        .collect();
    let data = MapData {
        title: title.to_string(),
        papers: map_papers,
        topics: map_topics,
        words: ScriptWords {
            topic: &words.topic,
            read: &words.read,
        },
    };
    let json = serde_json::to_string(&data)
        .unwrap_or_else(|_| "{\"title\":\"\",\"papers\":[],\"topics\":[]}".into());
    let note = match layout {
        Layout::Graph => &words.note_graph,
        Layout::Pca => &words.note_pca,
    };
    // The page's own words first, the list's data last: nothing in a title is replaced.
    TEMPLATE
        .replace("__LANG__", &escape_html(&words.lang))
        .replace("__SEARCH__", &escape_html(&words.search))
        .replace(
            "__SEARCH_LABEL__",
            &escape_html(words.search.trim_end_matches('…')),
        )
        .replace("__MAP__", &escape_html(&words.map))
        .replace("__NOTE__", &escape_html(note))
        .replace("__DATA__", &escape_json(&json))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_label_goes_where_its_topic_is_densest() {
        // Four papers packed together and one far off: the label sits in the pack, not
        // at the mean, which the outlier drags away from every paper.
        let coords = [[0.0, 0.0], [0.1, 0.0], [0.0, 0.1], [0.1, 0.1], [10.0, 10.0]];
        let at = super::densest(&coords, &[0, 1, 2, 3, 4], 0.6).unwrap();
        assert!(at[0] <= 0.1 && at[1] <= 0.1, "{at:?}");
        assert_eq!(super::densest(&coords, &[], 0.6), None);
    }

    #[test]
    fn the_first_topics_get_distinct_colours() {
        let first: std::collections::HashSet<String> = (0..18).map(super::colour).collect();
        assert_eq!(first.len(), 18);
        assert!(!first.contains(super::OTHER_COLOUR));
    }

    #[test]
    fn json_cannot_close_the_script_block() {
        let s = super::escape_json(r#"{"t":"</script><script>alert(1)</script>&"}"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script>&");
    }

    #[test]
    fn edges_inside_a_topic_pull_harder_and_others_stay() {
        use crate::rank::graph::Graph;
        use crate::topics::{Topic, Topics};
        // Papers 0, 1 in topic 1; 2 in topic 2; 3, 4 in "Other" (topic 3).
        let topic = |id: usize, other: bool| Topic {
            id,
            label: String::new(),
            keywords: Vec::new(),
            size: 0,
            central: String::new(),
            papers: Vec::new(),
            other,
        };
        let topics = Topics {
            k: 3,
            auto_k: true,
            tried: Vec::new(),
            topics: vec![topic(1, false), topic(2, false), topic(3, true)],
            resolution: None,
            assign: vec![1, 1, 2, 3, 3],
        };
        let graph = Graph {
            k: 1,
            knn: vec![
                vec![(1, 0.5)],
                vec![(2, 0.4)],
                vec![(0, 0.3)],
                vec![(4, 0.2)],
                vec![(3, 0.2)],
            ],
        };
        let plain = graph.adjacency(&[], None);
        let map = super::layout_graph(&graph, &[], None, &topics);
        let w = |a: &crate::rank::graph::Adjacency, i: usize, j: usize| {
            a[i].iter().find(|e| e.0 == j).unwrap().1
        };
        let pull = 1.0 + super::TOPIC_PULL;
        assert_eq!(w(&map, 0, 1), w(&plain, 0, 1) * pull);
        assert_eq!(w(&map, 1, 0), w(&plain, 1, 0) * pull);
        assert_eq!(w(&map, 1, 2), w(&plain, 1, 2), "across topics");
        assert_eq!(w(&map, 3, 4), w(&plain, 3, 4), "inside Other");
    }

    #[test]
    fn near_share_counts_the_nearest_points_of_the_same_group() {
        // Two tight pairs far apart, and a point with no group that is never counted.
        let coords = [[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0], [0.05, 0.0]];
        let group = [Some(1), Some(1), Some(2), Some(2), None];
        assert_eq!(super::near_share(&coords, &group, 1), 1.0);
        // With 2 neighbours each, one of the two is from the other pair.
        assert_eq!(super::near_share(&coords, &group, 2), 0.5);
        assert_eq!(super::near_share(&coords, &[None; 5], 3), 0.0);
    }

    #[test]
    fn the_palette_colours_are_far_apart() {
        // Distance in RGB, a coarse stand-in for perceived difference: no two of the 18
        // colours, nor one of them and "Other"'s grey, are near each other (the former
        // second half had two oranges 35 apart).
        let rgb = |c: &str| -> [f64; 3] {
            let v = u32::from_str_radix(c.trim_start_matches('#'), 16).unwrap();
            [
                f64::from(v >> 16),
                f64::from((v >> 8) & 255),
                f64::from(v & 255),
            ]
        };
        let all: Vec<&str> = super::PALETTE
            .iter()
            .copied()
            .chain([super::OTHER_COLOUR])
            .collect();
        for (a, x) in all.iter().enumerate() {
            for y in &all[a + 1..] {
                let (p, q) = (rgb(x), rgb(y));
                let d = p
                    .iter()
                    .zip(&q)
                    .map(|(u, v)| (u - v).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(d > 50.0, "{x} and {y} are {d:.0} apart");
            }
        }
    }
}
