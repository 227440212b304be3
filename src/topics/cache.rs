//! Topics kept beside their index generation (`cache-topics.bin`), so `plan`, `suggest`,
//! `coverage`, `topics` and `map` read the clustering instead of running the consensus
//! communities (or Ward, or k-means on a big list) and naming every topic again.
//!
//! The key names everything the topics depend on besides the generation's own passages
//! and vectors: the options, the relatedness graph itself (a hash of its rows), the
//! papers' fields that can change without a new embedding (ids, aliases, keywords, lines
//! and headings, which the list-order edges read) and the readnext build. Any
//! difference, or a damaged file, means the topics are computed again.

use super::{topics, TopicOptions, Topics};
use crate::index::cache;
use crate::index::Index;
use crate::rank::cache_key::list_places;
use crate::rank::graph::Graph;
use serde::{Deserialize, Serialize};

const NAME: &str = "topics";
const FORMAT: u32 = 1;

/// What is stored: the topics as `--json` shows them, plus what that leaves out.
#[derive(Serialize, Deserialize)]
struct Stored {
    topics: Topics,
    /// Topic of each paper (`Topics::assign`).
    assign: Vec<usize>,
    /// Paper index of each member, topic by topic (`Member::index`).
    members: Vec<Vec<usize>>,
}

/// A checksum of the graph's rows (neighbours and scores, in order).
fn graph_key(graph: &Graph) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&(graph.k as u64).to_le_bytes());
    for row in &graph.knn {
        h.update(&(row.len() as u32).to_le_bytes());
        for &(j, s) in row {
            h.update(&(j as u32).to_le_bytes());
            h.update(&s.to_le_bytes());
        }
    }
    h.finalize()
}

fn key(index: &Index, graph: &Graph, opts: &TopicOptions) -> u64 {
    cache::key_of(&format!(
        "topics {FORMAT}|{opts:?}|graph={:08x}|papers={}|fields={:x}|places={:x}|{}",
        graph_key(graph),
        index.papers.len(),
        index.papers.extra_fields(),
        list_places(&index.papers),
        cache::build_stamp()
    ))
}

fn encode(t: &Topics) -> Option<Vec<u8>> {
    serde_json::to_vec(&Stored {
        topics: t.clone(),
        assign: t.assign.clone(),
        members: t
            .topics
            .iter()
            .map(|x| x.papers.iter().map(|m| m.index).collect())
            .collect(),
    })
    .ok()
}

/// The topics of `n` papers back from [`encode`]'s bytes; `None` unless every index is
/// in range and every paper's topic exists.
fn decode(bytes: &[u8], n: usize) -> Option<Topics> {
    let s: Stored = serde_json::from_slice(bytes).ok()?;
    let mut t = s.topics;
    if s.assign.len() != n
        || s.members.len() != t.topics.len()
        || s.assign.iter().any(|&a| a == 0 || a > t.topics.len())
    {
        return None;
    }
    for (topic, members) in t.topics.iter_mut().zip(s.members) {
        if members.len() != topic.papers.len() || members.iter().any(|&i| i >= n) {
            return None;
        }
        for (m, i) in topic.papers.iter_mut().zip(members) {
            m.index = i;
        }
    }
    t.assign = s.assign;
    Some(t)
}

/// The topics of `index`'s papers with `opts` on `graph`: from the generation's cache
/// when it holds these very topics, else computed (as [`topics`]) and cached, best effort.
pub fn cached(index: &Index, graph: &Graph, opts: TopicOptions) -> Topics {
    let Some(generation) = index.generation.as_deref() else {
        return topics(&index.papers, &index.vectors, graph, opts);
    };
    let key = key(index, graph, &opts);
    let n = index.papers.len();
    if let Some(t) = cache::read(generation, NAME, key).and_then(|b| decode(&b, n)) {
        return t;
    }
    let t = topics(&index.papers, &index.vectors, graph, opts);
    if let Some(bytes) = encode(&t) {
        // A read-only index answers all the same and computes them again next time.
        let _ = cache::write(generation, NAME, key, &bytes);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::{Member, Topic};

    fn sample() -> Topics {
        let member = |index: usize, id: &str, weak: bool| Member {
            index,
            id: id.into(),
            title: format!("Title {id}"),
            score: 0.1 + index as f32 / 3.0,
            weak,
        };
        Topics {
            k: 2,
            auto_k: true,
            tried: vec![(2, 0.25), (3, -1.5e-7)],
            topics: vec![
                Topic {
                    id: 1,
                    label: "instruction tuning".into(),
                    keywords: vec!["instruction tuning".into()],
                    size: 2,
                    central: "Title b".into(),
                    papers: vec![member(2, "b", false), member(0, "a", true)],
                    other: false,
                },
                Topic {
                    id: 2,
                    label: "Other".into(),
                    keywords: vec![],
                    size: 1,
                    central: "Title c".into(),
                    papers: vec![member(1, "c", false)],
                    other: true,
                },
            ],
            resolution: Some(1.0),
            assign: vec![1, 2, 1],
        }
    }

    #[test]
    fn topics_read_back_whole_and_a_wrong_shape_is_refused() {
        let t = sample();
        let bytes = encode(&t).unwrap();
        let back = decode(&bytes, 3).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.topics[0].papers[1].index, 0);
        assert!(decode(&bytes, 4).is_none(), "another number of papers");
        assert!(decode(&bytes, 2).is_none(), "fewer papers than members");
        assert!(decode(&bytes[..bytes.len() - 1], 3).is_none());
        let mut bad = t.clone();
        bad.assign[0] = 3;
        assert!(decode(&encode(&bad).unwrap(), 3).is_none(), "no topic 3");
    }
}
