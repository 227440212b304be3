//! A self-contained HTML map of the list: papers placed by a neighbour-preserving
//! layout of the relatedness graph ([`layout`], PCA of the embeddings on request),
//! coloured by topic, topic labels at their centres, read papers ringed.
//! No network: inline CSS and JS only, a Content-Security-Policy that forbids loading
//! anything. Titles and links are data (JSON in a non-executable script block with
//! `<`, `>` and `&` escaped), drawn with `textContent`; only http(s) links open.

pub mod layout;
pub mod projection;

use crate::corpus::Paper;
use crate::index::Vectors;
use crate::rank::graph::Adjacency;
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
    date: Option<&'a str>,
    read: bool,
}

#[derive(Serialize)]
struct MapTopic<'a> {
    id: usize,
    label: &'a str,
    size: usize,
    colour: String,
    x: f32,
    y: f32,
}

#[derive(Serialize)]
struct MapData<'a> {
    title: String,
    papers: Vec<MapPaper<'a>>,
    topics: Vec<MapTopic<'a>>,
}

/// A distinct colour for topic `i` (golden-angle hues).
fn colour(i: usize) -> String {
    let hue = (i as f64 * 137.508) % 360.0;
    let light = if i.is_multiple_of(2) { 45 } else { 58 };
    format!("hsl({hue:.0}, 65%, {light}%)")
}

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

/// Paper coordinates for a layout; `adj` is the relatedness graph's adjacency.
pub fn coordinates(vectors: &Vectors, adj: &Adjacency, layout: Layout) -> Vec<[f32; 2]> {
    let pca = projection::pca2(&vectors.rows());
    match layout {
        Layout::Pca => pca,
        Layout::Graph => layout::layout(adj, &pca, LAYOUT_SEED),
    }
}

/// Seed of the layout's negative sampling.
const LAYOUT_SEED: u64 = 42;

/// Render the map from paper coordinates. `read[i]` marks paper `i` as read.
pub fn render(
    title: &str,
    papers: &[Paper],
    coords: &[[f32; 2]],
    layout: Layout,
    topics: &Topics,
    read: &[bool],
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
                date: p.date.as_deref(),
                read: read.get(i).copied().unwrap_or(false),
            }
        })
        .collect();
    let map_topics: Vec<MapTopic> = topics
        .topics
        .iter()
        .map(|t| {
            let n = t.papers.len().max(1) as f32;
            let (x, y) = t.papers.iter().fold((0.0, 0.0), |(x, y), m| {
                (x + coords[m.index][0] / n, y + coords[m.index][1] / n)
            });
            MapTopic {
                id: t.id,
                label: &t.label,
                size: t.size,
                colour: colour(t.id - 1),
                x,
                y,
            }
        })
        .collect();
    let data = MapData {
        title: title.to_string(),
        papers: map_papers,
        topics: map_topics,
    };
    let json = serde_json::to_string(&data)
        .unwrap_or_else(|_| "{\"title\":\"\",\"papers\":[],\"topics\":[]}".into());
    let how = match layout {
        Layout::Graph => "relatedness (nearby papers are related)",
        Layout::Pca => "PCA of their embeddings",
    };
    TEMPLATE
        .replace("__LAYOUT__", how)
        .replace("__DATA__", &escape_json(&json))
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_cannot_close_the_script_block() {
        let s = super::escape_json(r#"{"t":"</script><script>alert(1)</script>&"}"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script>&");
    }
}
