//! A syllabus from a pool of new papers (`plan --pool FILE`): weeks of pool papers that
//! follow from what the group read on its list, each week one subject.
//!
//! The candidates are the pool papers `suggest --pool` ranks (the profile's best 200,
//! none on the list, none a near-duplicate of a paper read: [`super::pool::shortlist`]).
//! They are grouped into weeks: each week grows from a seed — one of the most relevant
//! candidates not yet planned — by adding the candidate closest to the week so far (its
//! relevance counting a little), among the seed's nearest; of the weeks so grown the most
//! relevant is planned. A week that follows a read paper already followed counts half as
//! much each time, so the plan moves on through what was read. With nothing read, the
//! list's topics take turns (in the list's cold-start order, as the pool's cold start
//! does), each week grown from its topic's best candidate. Two near-duplicates never
//! share a week, and a paper is planned once. Weeks are titled by the phrases their papers
//! share that the other candidates do not (class-based tf-idf, as topics are named).

use super::history::ReadEntry;
use super::plan::{continued, topic_week, PlannedPaper, Week};
use super::pool::{pool_date, shortlist, turns, PoolOptions, Screened, Shortlist};
use super::pools::Pools;
use super::reason::{Basis, WeekReason};
use super::suggest::NEAR_DUPLICATE;
use crate::corpus::date::earliest_first_where_dated;
use crate::corpus::Paper;
use crate::embed::dot;
use crate::index::Vectors;
use crate::topics::label::{keywords, shared_phrase};
use crate::topics::Topics;
use std::collections::HashMap;

/// Seeds tried per week: the most relevant candidates not yet planned.
const SEEDS_TRIED: usize = 8;
/// A week grows among its seed's nearest candidates, this many.
const NEAREST: usize = 30;
/// Weight of a candidate's relevance against its closeness to the week so far when a
/// week is grown, at diversity 0 (times 1 − diversity: 0.21 at the default 0.3). Weeks
/// are chosen by relevance alone: weighing their coherence too (0.5, as the list's plan
/// does) made them tighter and lost half of the related papers the dev pairs hide in a
/// pool (docs/suggestions.md).
const GROW_RELEVANCE: f32 = 0.3;

/// How a plan from a pool is made.
#[derive(Debug, Clone, Default)]
pub struct PoolPlanOptions {
    pub weeks: usize,
    pub per_week: usize,
    /// The pool's candidates: `since`, the dense scale, dislikes (`count` is not used;
    /// likes count as papers read). Its `diversity` lowers the pull of relevance when a
    /// week is grown ([`GROW_RELEVANCE`]).
    pub select: PoolOptions,
}

/// The plan and what the pool held.
#[derive(Debug, Clone)]
pub struct PoolPlan {
    pub weeks: Vec<Week>,
    /// What the pool held and what of it was left out (`eligible` per pool paper).
    pub screened: Screened,
    /// Whether the profile was the whole list (nothing read, nothing liked).
    pub cold_start: bool,
}

/// A candidate week.
struct Candidate {
    /// Pool papers.
    group: Vec<usize>,
    /// The profile seed it follows from most (the largest summed relevance).
    seed: usize,
    coherence: f32,
    score: f32,
}

/// Plan `o.weeks` weeks of `o.per_week` pool papers for a group whose list is `list`
/// (with its vectors and topics) and whose history is `read`. Each planned paper's
/// `index` is its place in the pool ([`Pools::locate`] tells its file).
pub fn plan_from_pool(
    list: &[Paper],
    list_vectors: &Vectors,
    topics: &Topics,
    read: &[ReadEntry],
    pool: &Pools<'_>,
    o: &PoolPlanOptions,
) -> PoolPlan {
    let opts = &o.select;
    let Shortlist {
        screened,
        short,
        seeds,
        cold,
    } = shortlist(list, list_vectors, topics, read, pool, opts);
    let cos = |a: usize, b: usize| opts.dense_scale.apply(dot(pool.row(a), pool.row(b)));
    let relevance: HashMap<usize, (f32, usize)> =
        short.iter().map(|&(j, r, s)| (j, (r, s))).collect();
    let rel = |j: usize| relevance.get(&j).map_or(0.0, |x| x.0);
    // Candidates not yet planned, best first.
    let mut left: Vec<usize> = short.iter().map(|c| c.0).collect();
    // With nothing read, the seeds (the list's topics) take turns, as in the list's cold start.
    let turns = turns(&seeds, &opts.topic_order);
    let mut turn = 0;
    let mut weeks: Vec<Week> = Vec::new();
    // The list topic a profile seed stands for: its own (nothing read) or its paper's;
    // with a topic asked for, that one (every candidate is of it).
    let topic_of = |s: usize| {
        opts.topic
            .or_else(|| {
                seeds
                    .get(s)
                    .and_then(|x| x.topic.or_else(|| topics.assign.get(x.paper).copied()))
            })
            .unwrap_or(0)
    };
    let seed_of = |j: usize| relevance.get(&j).map_or(usize::MAX, |x| x.1);
    for week in 1..=o.weeks {
        if left.is_empty() {
            break;
        }
        let tried: Vec<usize> = if cold {
            // The next topic in turn that has a candidate left: its best one.
            let mut found = None;
            for k in 0..turns.len() {
                let s = turns[(turn + k) % turns.len()];
                if let Some(&j) = left.iter().find(|&&j| seed_of(j) == s) {
                    found = Some(j);
                    turn = (turn + k + 1) % turns.len();
                    break;
                }
            }
            found.into_iter().collect()
        } else {
            left.iter().copied().take(SEEDS_TRIED).collect()
        };
        let mut options: Vec<Candidate> = Vec::new();
        for &start in &tried {
            // With nothing read, a week stays with its topic while the topic has enough.
            let mut near: Vec<usize> = left.iter().copied().filter(|&j| j != start).collect();
            if cold {
                let mine: Vec<usize> = near
                    .iter()
                    .copied()
                    .filter(|&j| seed_of(j) == seed_of(start))
                    .collect();
                if mine.len() + 1 >= o.per_week {
                    near = mine;
                }
            }
            let mut by_closeness: Vec<(usize, f32)> =
                near.iter().map(|&j| (j, cos(start, j))).collect();
            by_closeness.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            by_closeness.truncate(NEAREST);
            let pull = (1.0 - opts.diversity) * GROW_RELEVANCE;
            let mut group = vec![start];
            let mut pool_left: Vec<usize> = by_closeness.into_iter().map(|x| x.0).collect();
            while group.len() < o.per_week {
                pool_left.retain(|&j| group.iter().all(|&g| cos(g, j) < NEAR_DUPLICATE));
                let best = pool_left
                    .iter()
                    .enumerate()
                    .map(|(pos, &j)| {
                        let close =
                            group.iter().map(|&g| cos(g, j)).sum::<f32>() / group.len() as f32;
                        (pos, close + pull * rel(j))
                    })
                    .max_by(|a, b| {
                        a.1.total_cmp(&b.1)
                            .then(pool_left[b.0].cmp(&pool_left[a.0]))
                    });
                let Some((pos, _)) = best else { break };
                group.push(pool_left.remove(pos));
            }
            let mut pairs = 0usize;
            let mut sum = 0f32;
            for (a, &i) in group.iter().enumerate() {
                for &j in &group[a + 1..] {
                    sum += cos(i, j);
                    pairs += 1;
                }
            }
            let coherence = if pairs == 0 { 0.0 } else { sum / pairs as f32 };
            let relevance = group.iter().map(|&j| rel(j)).sum::<f32>() / group.len() as f32;
            // The profile seed the week follows most (with nothing read, its topic's).
            let seed = if cold {
                seed_of(start)
            } else {
                let mut by_seed: HashMap<usize, f32> = HashMap::new();
                for &j in &group {
                    *by_seed.entry(seed_of(j)).or_insert(0.0) += rel(j);
                }
                by_seed
                    .into_iter()
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map_or(usize::MAX, |x| x.0)
            };
            let followed = weeks
                .iter()
                .filter(|w| {
                    w.follows.first()
                        == seeds
                            .get(seed)
                            .and_then(|x| list.get(x.paper))
                            .map(|p| &p.id)
                })
                .count();
            let fresh = if cold {
                1.0
            } else {
                0.5f32.powi(followed as i32)
            };
            let short_week = if group.len() < o.per_week {
                1000.0
            } else {
                0.0
            };
            let score = relevance * fresh - short_week;
            options.push(Candidate {
                group,
                seed,
                coherence,
                score,
            });
        }
        // The first of the best (a total order on the score, then the seed's rank).
        let Some(pick) = options
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.score.total_cmp(&b.1.score).then(b.0.cmp(&a.0)))
            .map(|x| x.0)
        else {
            break;
        };
        let Candidate {
            group,
            seed,
            coherence,
            ..
        } = options.swap_remove(pick);
        left.retain(|&j| !group.contains(&j) && group.iter().all(|&g| cos(g, j) < NEAR_DUPLICATE));
        // The most relevant first, then earliest first where dates tell.
        let mut chosen = group;
        chosen.sort_by(|&a, &b| rel(b).total_cmp(&rel(a)).then(a.cmp(&b)));
        let papers: Vec<Paper> = chosen
            .iter()
            .filter_map(|&j| pool.paper(j).cloned())
            .collect();
        if papers.len() != chosen.len() {
            // Every shortlisted j is a paper of the pool; nothing to plan otherwise.
            break;
        }
        let mut order: Vec<usize> = (0..papers.len()).collect();
        earliest_first_where_dated(&mut order, &papers);
        let topic = topic_of(seed);
        let topic_label = topics.label_of(topic);
        let from = seeds.get(seed).map(|x| x.paper);
        // A seed read is said so even when it was liked too.
        let basis = match seeds.get(seed) {
            Some(x) => Basis::of(read, x.paper, x.liked),
            None => Basis::Read,
        };
        let (why, follows) = match (cold, from.and_then(|i| Some((i, list.get(i)?)))) {
            (true, _) => {
                let near = |id, label| WeekReason::NearTopic { id, label };
                (topic_week(&weeks, topic, &topic_label, near), Vec::new())
            }
            (false, Some((i, p))) => {
                let title = p.title.clone();
                // A topic asked for that is not the read paper's: the week takes up
                // another subject of the list, of which that paper is the nearest read.
                let why = if opts.topic.is_some_and(|t| topics.assign.get(i) != Some(&t)) {
                    WeekReason::Explores {
                        nearest: title,
                        from: basis,
                    }
                } else {
                    WeekReason::Follows { title, from: basis }
                };
                (why, vec![p.id.clone()])
            }
            (false, None) => (WeekReason::None, Vec::new()),
        };
        let planned = order
            .iter()
            .map(|&k| {
                let p = &papers[k];
                let j = chosen[k];
                PlannedPaper {
                    index: j,
                    id: p.id.clone(),
                    title: p.title.clone(),
                    url: p.url.clone(),
                    date: pool_date(p),
                    score: rel(j),
                    pool: None,
                }
            })
            .collect();
        weeks.push(Week {
            week,
            title: String::new(),
            topic,
            papers: planned,
            coherence,
            reason: why.english(),
            linked: matches!(why, WeekReason::Follows { .. }),
            why,
            follows,
            session: None,
        });
    }
    name_weeks(&mut weeks, pool, &short, topics);
    PoolPlan {
        weeks,
        screened,
        cold_start: cold,
    }
}

/// Phrases a week is titled by, at most (one when it is of two words or more).
const TITLE_PHRASES: usize = 2;
/// Candidates not planned that the weeks' phrases are weighed against: the most relevant,
/// this many (all 200 gave nearly the same titles on the dev histories, in four times
/// the time).
const BACKGROUND: usize = 50;

/// Title each week by the phrases its papers share that the other candidates do not:
/// class-based tf-idf over titles and abstracts (as topics are named), each week a class
/// and the most relevant candidates not planned one more ([`BACKGROUND`]), a phrase
/// from two papers of the week at least. A week with no such phrase takes one its titles share, else its list topic's
/// label; a title an earlier week has is continued.
fn name_weeks(
    weeks: &mut [Week],
    pool: &Pools<'_>,
    short: &[(usize, f32, usize)],
    topics: &Topics,
) {
    let k = weeks.len();
    let mut week_of: HashMap<usize, usize> = HashMap::new();
    for (w, week) in weeks.iter().enumerate() {
        for p in &week.papers {
            week_of.insert(p.index, w);
        }
    }
    let mut papers: Vec<Paper> = Vec::new();
    let mut assign: Vec<usize> = Vec::new();
    let mut background = 0;
    for &(j, _, _) in short {
        let week = week_of.get(&j).copied();
        if week.is_none() {
            if background == BACKGROUND {
                continue;
            }
            background += 1;
        }
        if let Some(p) = pool.paper(j) {
            papers.push(p.clone());
            assign.push(week.unwrap_or(k));
        }
    }
    let phrases = keywords(&papers, &assign, k + 1, TITLE_PHRASES, None);
    let mut taken: Vec<String> = Vec::new();
    for (w, week) in weeks.iter_mut().enumerate() {
        let members: Vec<usize> = (0..papers.len()).filter(|&i| assign[i] == w).collect();
        let label = topics.label_of(week.topic);
        let first = phrases
            .get(w)
            .and_then(|p| {
                // A phrase of two words or more says it alone (*post-training
                // quantization*, not *…, accurate*); single words come two together.
                let multi = p
                    .first()?
                    .split([' ', '-'])
                    .filter(|x| !x.is_empty())
                    .count()
                    > 1;
                Some(if multi { p[0].clone() } else { p.join(", ") })
            })
            .or_else(|| shared_phrase(&papers, &members))
            .unwrap_or(label);
        week.title = if taken.contains(&first) {
            continued(&first, &taken)
        } else {
            first
        };
        taken.push(week.title.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::papers::Papers;

    fn paper(id: &str, title: &str) -> Paper {
        Paper {
            id: id.into(),
            title: title.into(),
            ..Default::default()
        }
    }

    /// A unit vector of 9 dimensions: `base` (0 or 1, the read paper it is about, or
    /// both at 0.3) plus 0.9 of its own dimension `own` (2 to 7; 8 at 1), so that no
    /// two are near-duplicates.
    fn v(base: &[usize], own: Option<usize>) -> Vec<f32> {
        let mut x = vec![0f32; 9];
        for &b in base {
            x[b] = if base.len() > 1 { 0.3 } else { 1.0 };
        }
        if let Some(o) = own {
            x[o] = if o == 8 { 1.0 } else { 0.9 };
        }
        crate::embed::normalize(&mut x);
        x
    }

    #[test]
    fn each_week_is_one_group_of_the_pool_and_follows_its_read_paper() {
        let list = vec![paper("l1", "Adapters"), paper("l2", "Quantisation")];
        let list_vectors = Vectors::from_rows(9, &[v(&[0], None), v(&[1], None)]);
        let topics = Topics::one(&list, "efficient fine-tuning", false);
        // Three papers about each read paper, and one about something else, a little
        // about both; the list's own "Adapters" comes again and is left out.
        let pool = Papers::from(vec![
            paper("a1", "Low-rank adapters one"),
            paper("q1", "Weight quantisation one"),
            paper("a2", "Low-rank adapters two"),
            paper("q2", "Weight quantisation two"),
            paper("a3", "Low-rank adapters three"),
            paper("q3", "Weight quantisation three"),
            paper("m", "Halfway"),
            paper("l1", "Adapters"),
        ]);
        let pool_vectors = Vectors::from_rows(
            9,
            &[
                v(&[0], Some(2)),
                v(&[1], Some(3)),
                v(&[0], Some(4)),
                v(&[1], Some(5)),
                v(&[0], Some(6)),
                v(&[1], Some(7)),
                v(&[0, 1], Some(8)),
                v(&[0], None),
            ],
        );
        let read: Vec<ReadEntry> = list
            .iter()
            .enumerate()
            .map(|(i, p)| ReadEntry {
                index: i,
                id: p.id.clone(),
                title: p.title.clone(),
                date: Some("2026-11-20".into()),
                source: "test".into(),
                scheduled: false,
            })
            .collect();
        let o = PoolPlanOptions {
            weeks: 3,
            per_week: 3,
            ..Default::default()
        };
        let plan = plan_from_pool(
            &list,
            &list_vectors,
            &topics,
            &read,
            &Pools::one(&pool, &pool_vectors),
            &o,
        );
        assert!(!plan.cold_start);
        assert_eq!(plan.screened.on_list, 1);
        let weeks: Vec<(Vec<&str>, &str)> = plan
            .weeks
            .iter()
            .map(|w| {
                let mut ids: Vec<&str> = w.papers.iter().map(|p| p.id.as_str()).collect();
                ids.sort();
                (ids, w.follows[0].as_str())
            })
            .collect();
        // The paper read last weighs most (its week first); the third week has one paper
        // left: a short week after the two whole ones.
        assert_eq!(
            weeks,
            vec![
                (vec!["q1", "q2", "q3"], "l2"),
                (vec!["a1", "a2", "a3"], "l1"),
                (vec!["m"], "l2"),
            ]
        );
        assert!((plan.weeks[0].coherence - 1.0 / 1.81).abs() < 1e-4);
        assert!(plan.weeks.iter().all(|w| w.linked));
    }
}
