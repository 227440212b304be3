//! What the group has read and what it should read next: the reading history,
//! suggestions, a multi-week plan, and per-topic coverage.

pub mod history;
mod history_line;
pub mod plan;
pub mod pool;
pub mod pool_plan;
pub mod pools;
pub mod reason;
pub mod suggest;

use crate::topics::Topics;
use history::ReadEntry;
use serde::Serialize;

/// Which papers are substance to read, by index: on a list where most papers carry an
/// abstract, an entry without one is a journal's front matter (*Editorial Board*, *In This
/// Issue*, *Cover Image*) more often than a paper, and it starts neither a cold start nor a
/// plan; on a list of titles every paper is.
pub fn substantive(papers: &[crate::corpus::Paper]) -> Vec<bool> {
    let with_abstract: Vec<bool> = papers.iter().map(|p| p.has_abstract()).collect();
    let abstract_rich = 2 * with_abstract.iter().filter(|&&a| a).count() >= papers.len();
    if abstract_rich {
        with_abstract
    } else {
        vec![true; papers.len()]
    }
}

/// Read and unread papers of one topic.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub id: usize,
    pub label: String,
    pub size: usize,
    pub read: usize,
    pub unread: usize,
}

/// Per topic, how many papers are read and unread.
pub fn coverage(topics: &Topics, read: &[ReadEntry]) -> Vec<Coverage> {
    topics
        .topics
        .iter()
        .map(|t| {
            let r = t
                .papers
                .iter()
                .filter(|m| read.iter().any(|x| x.index == m.index))
                .count();
            Coverage {
                id: t.id,
                label: t.label.clone(),
                size: t.size,
                read: r,
                unread: t.size - r,
            }
        })
        .collect()
}
