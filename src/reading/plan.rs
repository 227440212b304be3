//! A multi-week syllabus: each week a coherent group of unread papers from one topic,
//! chosen by how much the topic follows from what was read (or, with nothing read,
//! by topic size), papers ordered foundations first where dates tell, no paper twice.

use super::history::ReadEntry;
use super::suggest::{date_key, pick_diverse, relevance, seeds};
use crate::rank::Engine;
use crate::topics::Topics;
use serde::Serialize;

/// One paper of a week.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedPaper {
    #[serde(skip)]
    pub index: usize,
    pub id: String,
    pub title: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub score: f32,
}

/// One week.
#[derive(Debug, Clone, Serialize)]
pub struct Week {
    pub week: usize,
    /// The topic the week is about.
    pub title: String,
    pub topic: usize,
    pub papers: Vec<PlannedPaper>,
}

/// Plan `weeks` weeks of `per_week` papers.
pub fn plan(
    engine: &Engine<'_>,
    read: &[ReadEntry],
    topics: &Topics,
    weeks: usize,
    per_week: usize,
    diversity: f32,
) -> Vec<Week> {
    let n = engine.index.papers.len();
    let mut done: Vec<ReadEntry> = read.to_vec();
    let mut out: Vec<Week> = Vec::new();
    for week in 1..=weeks {
        let taken: Vec<usize> = done.iter().map(|r| r.index).collect();
        let unread: Vec<usize> = (0..n).filter(|j| !taken.contains(j)).collect();
        if unread.is_empty() {
            break;
        }
        let s = seeds(&done, &[]);
        let rel: Vec<f32> = if s.is_empty() {
            // Nothing read yet: centrality within the topic, bigger topics first.
            let mut r = vec![0f32; n];
            for t in &topics.topics {
                for m in &t.papers {
                    r[m.index] = m.score + (t.size as f32).ln();
                }
            }
            r
        } else {
            relevance(engine, &s, &[]).0
        };
        // The week's topic: the best mean relevance of its top unread papers.
        let mut best: Option<(f32, usize, Vec<usize>)> = None;
        for t in &topics.topics {
            let mut members: Vec<usize> = t
                .papers
                .iter()
                .map(|m| m.index)
                .filter(|j| unread.contains(j))
                .collect();
            if members.is_empty() {
                continue;
            }
            members.sort_by(|&a, &b| rel[b].total_cmp(&rel[a]).then(a.cmp(&b)));
            let k = per_week.min(members.len());
            // Topics that can fill a week are preferred over ones that cannot.
            let fill = if members.len() >= per_week {
                0.0
            } else {
                -1000.0
            };
            let mean = members[..k].iter().map(|&j| rel[j]).sum::<f32>() / per_week as f32;
            // A topic already planned counts half as much again each time, so weeks move on.
            let uses = out.iter().filter(|w| w.topic == t.id).count() as i32;
            let score = if mean > 0.0 {
                mean * 0.5f32.powi(uses)
            } else {
                mean * 2f32.powi(uses)
            } + fill;
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, t.id, members));
            }
        }
        let Some((_, topic, members)) = best else {
            break;
        };
        // Twice as many strong candidates as needed, then diversity, then foundations first.
        let pool: Vec<usize> = members.iter().copied().take(per_week * 2).collect();
        let mut chosen = pick_diverse(engine, &rel, &pool, &[], per_week, diversity);
        if chosen.len() < per_week {
            let rest: Vec<usize> = unread
                .iter()
                .copied()
                .filter(|j| !chosen.contains(j))
                .collect();
            let more = pick_diverse(
                engine,
                &rel,
                &rest,
                &chosen,
                per_week - chosen.len(),
                diversity,
            );
            chosen.extend(more);
        }
        chosen.sort_by(|&a, &b| {
            date_key(engine.index.papers[a].date.as_deref())
                .cmp(&date_key(engine.index.papers[b].date.as_deref()))
                .then(rel[b].total_cmp(&rel[a]))
                .then(a.cmp(&b))
        });
        let title = topics
            .topics
            .get(topic - 1)
            .map(|t| t.label.clone())
            .unwrap_or_default();
        let papers = chosen
            .iter()
            .map(|&j| {
                let p = &engine.index.papers[j];
                PlannedPaper {
                    index: j,
                    id: p.id.clone(),
                    title: p.title.clone(),
                    url: p.url.clone(),
                    date: p.date.clone(),
                    score: rel[j],
                }
            })
            .collect();
        // The week counts as read before the next is planned (dated after everything read).
        for &j in &chosen {
            let p = &engine.index.papers[j];
            done.push(ReadEntry {
                index: j,
                id: p.id.clone(),
                title: p.title.clone(),
                date: Some(format!("9999-plan-{week:04}")),
                source: format!("plan:{week}"),
            });
        }
        out.push(Week {
            week,
            title,
            topic,
            papers,
        });
    }
    out
}
