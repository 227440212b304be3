//! What the group has read and what it should read next: the reading history,
//! suggestions, a multi-week plan, and per-topic coverage.

pub mod history;
pub mod plan;
pub mod pool;
pub mod reason;
pub mod suggest;

use crate::topics::Topics;
use history::ReadEntry;
use serde::Serialize;

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
