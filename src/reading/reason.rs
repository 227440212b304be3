//! Why a paper is suggested or a week is planned, as data: the library keeps the
//! English sentence in its JSON (`because`, `reason`), and the output layer can say
//! the same in another language (`--lang ko`).

/// One reason a paper is suggested.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// It follows from a paper the group read, liked (`--like`) or scheduled.
    Follows { title: String, from: Basis },
    /// Terms it shares with that paper.
    SharedTerms(Vec<String>),
    /// The list has it next to a read (or liked) paper, under the same heading: the one
    /// it follows from (`None`) or another.
    ListedNear(Option<String>),
    /// It is in the same topic as that paper.
    SameTopic(String),
    /// Its topic (another than that paper's).
    Topic(String),
    /// Cold start: a central paper of topic `id`.
    CentralOf { id: usize, label: String },
    /// Cold start: the earliest dated of its topic's central papers.
    EarliestCentral(String),
    /// Cold start: among its topic's most central papers (none dated).
    AmongCentral,
    /// Cold start: a central paper `count` other papers of its topic are named after
    /// (`name`: *LLaMA* of *Dr. LLaMA*, *LLaMA-Adapter*, *KoChatLLaMA*).
    NamedAfter { name: String, count: usize },
    /// Cold start: a further paper of a topic already represented.
    FurtherPaper,
    /// Cold start on a list with no topic yet (every paper in "Other"): one of its most
    /// central papers.
    NoTopicYet,
    /// From a pool, with nothing read: close to topic `id` of the list.
    NearTopic { id: usize, label: String },
    /// From a pool, with nothing read and no topic on the list: close to one of its papers.
    NearPaper(String),
}

impl Reason {
    /// The English sentence (what `--json` carries in `because`).
    pub fn english(&self) -> String {
        match self {
            Reason::Follows { title, from } => format!(
                "because {} \"{title}\"",
                match from {
                    Basis::Liked => "you liked",
                    Basis::Scheduled => "you scheduled",
                    Basis::Planned => "you planned",
                    Basis::Read => "you read",
                }
            ),
            Reason::SharedTerms(w) => format!("shared terms: {}", w.join(", ")),
            Reason::ListedNear(None) => "next to it in your list".into(),
            Reason::ListedNear(Some(title)) => format!("next to \"{title}\" in your list"),
            Reason::SameTopic(l) => format!("same topic: {l}"),
            Reason::Topic(l) => format!("topic: {l}"),
            Reason::CentralOf { id, label } => format!("a central paper of topic {id}: {label}"),
            Reason::EarliestCentral(d) => {
                format!("earliest dated of the topic's central papers ({d})")
            }
            Reason::AmongCentral => "among the topic's most central papers".into(),
            Reason::NamedAfter { name, count } => {
                format!("{count} papers of the topic are named after it ({name})")
            }
            Reason::FurtherPaper => "a further paper of the topic".into(),
            Reason::NoTopicYet => {
                "the list has no topic yet (too few related papers): among its most central papers"
                    .into()
            }
            Reason::NearTopic { id, label } => {
                format!("close to topic {id} of your list: {label}")
            }
            Reason::NearPaper(title) => format!("close to \"{title}\" on your list"),
        }
    }
}

/// What the paper a plan week follows from is to the group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A paper of the history.
    Read,
    /// A paper given to `--like`.
    Liked,
    /// A paper of an earlier week of the plan.
    Planned,
    /// A paper of the history on a day to come: a session the group has scheduled.
    Scheduled,
}

impl Basis {
    /// What the English reason says of the paper (`you read`).
    pub fn english(self) -> &'static str {
        match self {
            Basis::Read => "you read",
            Basis::Liked => "you liked",
            Basis::Planned => "planned earlier",
            Basis::Scheduled => "scheduled",
        }
    }

    /// What paper `paper` of the profile is: scheduled or read when `read` has it, else
    /// liked when `liked`, else read.
    pub fn of(read: &[super::history::ReadEntry], paper: usize, liked: bool) -> Basis {
        match read.iter().find(|r| r.index == paper) {
            Some(r) if r.scheduled => Basis::Scheduled,
            Some(_) => Basis::Read,
            None if liked => Basis::Liked,
            None => Basis::Read,
        }
    }
}

/// Why a plan week comes where it does.
#[derive(Debug, Clone, PartialEq)]
pub enum WeekReason {
    /// Nothing read: the week starts at the centre of topic `id`.
    Start { id: usize, label: String },
    /// With nothing read, a later week of a topic an earlier week started: more of it,
    /// after week `after`.
    More {
        id: usize,
        label: String,
        after: usize,
    },
    /// It follows from a paper read, liked (`plan --like`) or planned in an earlier week.
    Follows { title: String, from: Basis },
    /// No paper of the week is joined to what was read in the relatedness graph: it
    /// takes up another subject of the list, the one nearest the history, of which the
    /// paper read (or liked) `nearest` is the closest.
    Explores { nearest: String, from: Basis },
    /// From a pool, with nothing read: the week's papers are close to topic `id` of
    /// the list.
    NearTopic { id: usize, label: String },
    /// No reason could be given.
    None,
}

impl WeekReason {
    /// The English sentence (what `--json` carries in `reason`).
    pub fn english(&self) -> String {
        match self {
            WeekReason::Start { id, label } => {
                format!("a starting point: the centre of topic {id} ({label})")
            }
            WeekReason::More { id, label, after } => {
                format!("more of topic {id} ({label}), after week {after}")
            }
            WeekReason::Follows { title, from } => {
                format!("follows from \"{title}\" ({})", from.english())
            }
            WeekReason::Explores { nearest, from } => format!(
                "another subject of your list, nearest to \"{nearest}\" ({})",
                from.english()
            ),
            WeekReason::NearTopic { id, label } => {
                format!("close to topic {id} of your list ({label})")
            }
            WeekReason::None => String::new(),
        }
    }
}
