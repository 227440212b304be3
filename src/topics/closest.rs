//! Which topic of the list a text or a new paper is closest to by meaning: the topic
//! (never "Other") whose few members nearest to its vector are nearest on average.
//! `suggest --topic` reads a topic's name in any language this way, and `--topic` with
//! a pool takes the pool papers whose closest topic it is.
//!
//! Put back into the list by this rule, each paper of the seed list (leave-one-out) lands
//! in its own topic 75.2 % of the time on MiniLM and 83.5 % on multilingual-e5 (the
//! nearest topic centre: 71.8 / 79.2 %; a vote of the 5 nearest papers: 76.9 / 81.4 %;
//! docs/suggestions.md). A pool paper is first compared with every topic's centre and
//! then with the members of its [`CLOSEST_CENTRES`] nearest topics only (the same answer
//! on MiniLM, 82.3 % on e5), and with a big topic's [`COMPARED_MEMBERS`] most central
//! members only, so that a pool of many papers costs a few dot products a paper, not the
//! list's size.

use super::Topics;
use crate::embed::{dot, normalize};
use crate::index::Vectors;

/// Members of a topic that count towards how close a text is to it.
const CLOSEST_MEMBERS: usize = 3;
/// Topics whose members a new paper is compared with: those of its nearest centres.
pub const CLOSEST_CENTRES: usize = 5;
/// Members of a topic a text is compared with, the most central first: all of a curated
/// list's topics (the seed list's largest has 41), and a bound on a big list's (a
/// 100,000-paper dump's topics hold thousands), so that a pool costs at most
/// 5 × 256 dot products a paper beyond the centres.
const COMPARED_MEMBERS: usize = 256;

/// How close `qv` is to topic member set `members`: the mean cosine of its
/// [`CLOSEST_MEMBERS`] nearest members (`None` for no member).
fn closeness(vectors: &Vectors, members: &[usize], qv: &[f32]) -> Option<f32> {
    let mut sims: Vec<f32> = members.iter().map(|&m| dot(qv, vectors.row(m))).collect();
    sims.sort_by(|a, b| b.total_cmp(a));
    let top = &sims[..sims.len().min(CLOSEST_MEMBERS)];
    (!top.is_empty()).then(|| top.iter().sum::<f32>() / top.len() as f32)
}

/// The best of `(topic id, members)` for `qv`; the first wins a tie.
fn best<'a>(
    candidates: impl Iterator<Item = (usize, &'a [usize])>,
    vectors: &Vectors,
    qv: &[f32],
) -> Option<usize> {
    let mut best: Option<(f32, usize)> = None;
    for (id, members) in candidates {
        if let Some(score) = closeness(vectors, members, qv) {
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, id));
            }
        }
    }
    best.map(|b| b.1)
}

/// The topic (never "Other") a text is closest to by meaning: the best mean cosine of
/// its `CLOSEST_MEMBERS` (3) members nearest to the text's vector `qv`. Lets `suggest
/// --topic` take words in any language the model reads, not only a label's words.
pub fn closest_topic(topics: &Topics, vectors: &Vectors, qv: &[f32]) -> Option<usize> {
    let members: Vec<(usize, Vec<usize>)> = real_members(topics);
    best(
        members.iter().map(|(id, m)| (*id, m.as_slice())),
        vectors,
        qv,
    )
}

/// Each real topic's id and members (list indices), its [`COMPARED_MEMBERS`] most
/// central at most.
fn real_members(topics: &Topics) -> Vec<(usize, Vec<usize>)> {
    topics
        .topics
        .iter()
        .filter(|t| !t.other && !t.papers.is_empty())
        .map(|t| {
            let members = t.papers.iter().take(COMPARED_MEMBERS).map(|m| m.index);
            (t.id, members.collect())
        })
        .collect()
}

/// The closest topic of many new papers (a pool's), each compared with the members of
/// the topics of its [`CLOSEST_CENTRES`] nearest centres.
pub struct TopicFinder<'a> {
    vectors: &'a Vectors,
    /// (topic id, members), real topics in id order.
    members: Vec<(usize, Vec<usize>)>,
    /// Their unit centres, in the same order.
    pub centres: Vec<Vec<f32>>,
}

impl<'a> TopicFinder<'a> {
    /// The real topics of `topics` over the list's `vectors`.
    pub fn new(topics: &Topics, vectors: &'a Vectors) -> TopicFinder<'a> {
        let members = real_members(topics);
        let centres = members
            .iter()
            .map(|(_, m)| {
                let mut c = vec![0f32; vectors.dimension];
                for &i in m {
                    for (s, x) in c.iter_mut().zip(vectors.row(i)) {
                        *s += x;
                    }
                }
                normalize(&mut c);
                c
            })
            .collect();
        TopicFinder {
            vectors,
            members,
            centres,
        }
    }

    /// The topic closest to `v`, given `centre_cos`, `v`'s cosine to each of
    /// [`Self::centres`] in order (`None` when the list has no real topic).
    pub fn closest(&self, v: &[f32], centre_cos: &[f32]) -> Option<usize> {
        let order = self.nearest_centres(centre_cos);
        self.closest_of(&order, v)
    }

    /// Whether topic `id` is the one closest to `v` ([`Self::closest`]); most papers
    /// are told apart by their centres alone.
    pub fn is_closest(&self, v: &[f32], centre_cos: &[f32], id: usize) -> bool {
        let order = self.nearest_centres(centre_cos);
        order.iter().any(|&k| self.members[k].0 == id) && self.closest_of(&order, v) == Some(id)
    }

    /// The places (in `members`) of the [`CLOSEST_CENTRES`] centres nearest by
    /// `centre_cos`, in id order (so that a tie goes to the lower id, as in
    /// `closest_topic`).
    fn nearest_centres(&self, centre_cos: &[f32]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.members.len().min(centre_cos.len())).collect();
        order.sort_by(|&a, &b| centre_cos[b].total_cmp(&centre_cos[a]).then(a.cmp(&b)));
        order.truncate(CLOSEST_CENTRES);
        order.sort_unstable();
        order
    }

    /// The closest to `v` of the topics at places `order`.
    fn closest_of(&self, order: &[usize], v: &[f32]) -> Option<usize> {
        best(
            order.iter().map(|&k| {
                let (id, m) = &self.members[k];
                (*id, m.as_slice())
            }),
            self.vectors,
            v,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::{Member, Topic};

    /// Topics of the given members (list indices), the last one "Other".
    fn topics(groups: &[&[usize]]) -> Topics {
        let topics: Vec<Topic> = groups
            .iter()
            .enumerate()
            .map(|(k, g)| Topic {
                id: k + 1,
                label: format!("t{}", k + 1),
                keywords: Vec::new(),
                size: g.len(),
                central: String::new(),
                papers: g
                    .iter()
                    .map(|&i| Member {
                        index: i,
                        id: i.to_string(),
                        title: String::new(),
                        score: 0.0,
                        weak: false,
                    })
                    .collect(),
                other: k + 1 == groups.len(),
            })
            .collect();
        Topics {
            k: topics.len(),
            auto_k: false,
            tried: Vec::new(),
            topics,
            resolution: None,
            assign: Vec::new(),
        }
    }

    fn unit(v: [f32; 3]) -> Vec<f32> {
        let mut v = v.to_vec();
        normalize(&mut v);
        v
    }

    #[test]
    fn a_new_paper_goes_to_the_topic_of_its_nearest_members_never_other() {
        // Topic 1 along x, topic 2 along y, "Other" along z.
        let rows = vec![
            unit([1.0, 0.1, 0.0]),
            unit([1.0, -0.1, 0.0]),
            unit([0.1, 1.0, 0.0]),
            unit([-0.1, 1.0, 0.0]),
            unit([0.0, 0.0, 1.0]),
        ];
        let vectors = Vectors::from_rows(3, &rows);
        let t = topics(&[&[0, 1], &[2, 3], &[4]]);
        let finder = TopicFinder::new(&t, &vectors);
        assert_eq!(finder.centres.len(), 2, "no centre for Other");
        for (v, want) in [
            (unit([0.9, 0.3, 0.0]), 1),
            (unit([0.3, 0.9, 0.2]), 2),
            // Nearest to Other's paper, but Other is no topic to be close to.
            (unit([0.2, 0.1, 1.0]), 1),
        ] {
            let cos: Vec<f32> = finder.centres.iter().map(|c| dot(c, &v)).collect();
            assert_eq!(finder.closest(&v, &cos), Some(want), "{v:?}");
            assert_eq!(closest_topic(&t, &vectors, &v), Some(want), "{v:?}");
            assert!(finder.is_closest(&v, &cos, want));
            assert!(!finder.is_closest(&v, &cos, 3 - want));
            assert!(!finder.is_closest(&v, &cos, 3), "Other");
        }
    }
}
