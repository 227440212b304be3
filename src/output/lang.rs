//! The language of the sentences people read (`--lang`): headings, columns and reasons
//! of `suggest` and `plan`, the heading line and columns of `topics` and `coverage`, the
//! map page (`lang/map.rs`), what `read` says (`lang/read.rs`), what `index` and `add` say
//! (`lang/list.rs`), and the Other group's name. JSON keeps English; titles and topic
//! labels stay as the list has them (the group writes technical terms in English).

use crate::corpus::check::{Finding, LinkProblem};
use crate::reading::reason::{Basis, Reason, WeekReason};

mod list;
mod map;
mod read;

pub use list::Indexed;

/// A language for human output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// The heading of a week's suggestions.
    pub fn suggest_heading(self) -> &'static str {
        match self {
            Lang::En => "Next week's reading",
            Lang::Ko => "다음 주에 읽을 논문",
        }
    }

    /// A topic's label as shown: the Other group's name in this language, a label of the
    /// list's own terms as it is.
    pub fn label(self, label: &str) -> String {
        match self {
            Lang::Ko if label == crate::topics::OTHER_LABEL => {
                "기타: 단발성 글과 관련 없는 연구".to_string()
            }
            Lang::Ko => match crate::topics::around_name(label) {
                Some(name) => format!("\"{name}\" 중심"),
                None => label.to_string(),
            },
            _ => label.to_string(),
        }
    }

    /// The columns of `topics`' table.
    pub fn topics_columns(self) -> [&'static str; 4] {
        match self {
            Lang::En => ["topic", "size", "label", "most central paper"],
            Lang::Ko => ["주제", "크기", "레이블", "가장 중심적인 논문"],
        }
    }

    /// The short name of a day of the week (0 Monday): `Wed`, `수`.
    pub fn weekday(self, day: u32) -> &'static str {
        use crate::corpus::calendar::{ENGLISH_WEEKDAYS, KOREAN_WEEKDAYS};
        let names = match self {
            Lang::En => ENGLISH_WEEKDAYS,
            Lang::Ko => KOREAN_WEEKDAYS,
        };
        names[day as usize % 7]
    }

    /// The columns of `history`'s table.
    pub fn history_columns(self) -> [&'static str; 4] {
        match self {
            Lang::En => ["date", "id", "title", "from"],
            Lang::Ko => ["날짜", "id", "제목", "출처"],
        }
    }

    /// The note after a session still to come in a markdown log (`- [ ] [T5](…) (예정)`),
    /// which reads back as that session.
    pub fn planned_note(self) -> String {
        match self {
            Lang::En => "(scheduled)".into(),
            Lang::Ko => "(예정)".into(),
        }
    }

    /// A day in `history`'s date column: a `scheduled` one (after today: a list's session
    /// to come, `## 3주차 (2026-12-18)`) says so.
    pub fn history_day(self, day: &str, scheduled: bool) -> String {
        if scheduled {
            match self {
                Lang::En => format!("{day} (scheduled)"),
                Lang::Ko => format!("{day} (예정)"),
            }
        } else {
            day.to_string()
        }
    }

    /// A history line that names no paper of the list, in `history`'s title column.
    pub fn unknown_reference(self, reference: &str) -> String {
        match self {
            Lang::En => format!("unknown: {reference}"),
            Lang::Ko => format!("목록에 없음: {reference}"),
        }
    }

    /// What `history` says on stderr when nothing is read (`path`: the history file).
    pub fn nothing_read_note(self, path: &str) -> String {
        match self {
            Lang::En => {
                format!("nothing read yet ({path}); record a paper with `readnext read PAPER`")
            }
            Lang::Ko => {
                format!("아직 읽은 논문 없음 ({path}); `readnext read 논문`으로 기록하세요")
            }
        }
    }

    /// The columns of `related`'s and `search`'s tables.
    pub fn hit_columns(self) -> [&'static str; 4] {
        match self {
            Lang::En => ["rank", "score", "title", "link"],
            Lang::Ko => ["순위", "점수", "제목", "링크"],
        }
    }

    /// The line above `related`'s table: the paper and where the list has it.
    pub fn related_head(self, title: &str, at: &str) -> String {
        match self {
            Lang::En => format!("related to: {title} ({at})"),
            Lang::Ko => format!("관련 논문: {title} ({at})"),
        }
    }

    /// The line above `search`'s table (a long query cut to 120 columns, control
    /// characters as spaces).
    pub fn search_head(self, query: &str) -> String {
        let query = super::table::clip(query, 120);
        match self {
            Lang::En => format!("search: {query}"),
            Lang::Ko => format!("검색: {query}"),
        }
    }

    /// What `related` (`related`: true) or `search` says when it has no result.
    pub fn no_hits(self, related: bool) -> &'static str {
        match (self, related) {
            (Lang::En, true) => "no other paper in the list to rank",
            (Lang::En, false) => "nothing found",
            (Lang::Ko, true) => "목록에 비교할 다른 논문 없음",
            (Lang::Ko, false) => "찾은 논문 없음",
        }
    }

    /// The columns of `papers`' table.
    pub fn papers_columns(self) -> [&'static str; 7] {
        match self {
            Lang::En => ["id", "title", "alias", "date", "lines", "abstract", "url"],
            Lang::Ko => ["id", "제목", "별칭", "날짜", "줄", "초록", "url"],
        }
    }

    /// The name of the column of where a paper or problem is, for a folder of notes
    /// (instead of the lines of a list file).
    pub fn notes_column(self) -> &'static str {
        match self {
            Lang::En => "note",
            Lang::Ko => "노트",
        }
    }

    /// Yes or no in a table cell.
    pub fn yes_no(self, yes: bool) -> &'static str {
        match (self, yes) {
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
            (Lang::Ko, true) => "있음",
            (Lang::Ko, false) => "없음",
        }
    }

    /// The line under `papers`' table: `papers` papers read from `list`.
    pub fn papers_tail(self, papers: usize, list: &str) -> String {
        match self {
            Lang::En => format!("{} in {list}\n", crate::output::count(papers, "paper")),
            Lang::Ko => format!("{list}의 논문 {papers}편\n"),
        }
    }

    /// The columns of `check`'s table.
    pub fn check_columns(self) -> [&'static str; 4] {
        match self {
            Lang::En => ["line", "kind", "title", "problem"],
            Lang::Ko => ["줄", "종류", "제목", "문제"],
        }
    }

    /// A `check` problem's kind (`duplicate`, `link`, …) in the table.
    pub fn check_kind(self, kind: &'static str) -> &'static str {
        match (self, kind) {
            (Lang::En, k) => k,
            (Lang::Ko, "duplicate") => "중복",
            (Lang::Ko, "link") => "링크",
            (Lang::Ko, "no-link") => "링크 없음",
            (Lang::Ko, "no-title") => "제목 없음",
            (Lang::Ko, "date") => "날짜",
            (Lang::Ko, "glued") => "붙은 단어",
            (Lang::Ko, "skipped") => "건너뜀",
            (Lang::Ko, "encoding") => "인코딩",
            (Lang::Ko, k) => k,
        }
    }

    /// What a `check` problem is and how to fix it.
    pub fn finding(self, f: &Finding) -> String {
        if self == Lang::En {
            return f.english();
        }
        match f {
            Finding::Duplicate {
                first_file: Some(file),
                ..
            } => format!("{file} 노트와 같은 논문(하나로 읽음): 노트 하나만 남기세요"),
            Finding::Duplicate { first, .. } => {
                format!("{first}번째 줄과 같은 논문(하나로 읽음): 항목 하나만 남기세요")
            }
            Finding::Link { url, why } => {
                // No particle after a link, an id or a quoted text: Korean particles
                // change with the sound they follow.
                let why = match why {
                    LinkProblem::NoScheme => "http(s):// 없음: 전체 주소를 쓰세요".to_string(),
                    LinkProblem::Space => {
                        "공백이 있음: 공백을 지우거나 %20 표기로 바꾸세요".to_string()
                    }
                    LinkProblem::AfterArxivId { text, id } => {
                        format!("arXiv id 뒤에 붙은 \"{text}\": 링크를 {id}에서 끝내세요")
                    }
                    LinkProblem::AfterFile { text, ends_at } => format!(
                        "파일 이름 뒤에 붙은 \"{text}\"(붙여 넣은 글?): 링크를 {ends_at}에서 끝내세요"
                    ),
                };
                format!("{url}: {why}")
            }
            Finding::NoTitle { has_abstract: false } => {
                "링크뿐, 제목 없음: 제목을 쓰세요(또는 `readnext enrich --online`으로 초록을 가져오세요)"
                    .into()
            }
            Finding::NoTitle { has_abstract: true } => {
                "링크뿐, 제목 없음(초록이 내용을 알려 줌): 제목을 쓰세요".into()
            }
            Finding::NoLink => "링크 없음: 논문 URL을 추가하세요".into(),
            Finding::Date { listed, id, month } => {
                format!("목록의 날짜 {listed}, arXiv {id}의 달 {month}: 잘못 쓴 날짜라면 고치세요")
            }
            Finding::Glued { word, left, tail } => format!(
                "제목의 \"{word}\": 두 단어가 붙은 것 같음, \"{left} {tail}\"처럼 띄어 쓰세요"
            ),
            Finding::Skipped(message) => format!("읽지 못해 건너뜀: {message}"),
            Finding::Encoding { name, .. } => format!(
                "UTF-8이 아니라서 {name} 인코딩으로 읽음(Excel의 일반 CSV는 시스템 인코딩으로 저장됨): 제목이 깨져 보이면 UTF-8로 저장하세요(Excel: \"CSV UTF-8\")"
            ),
            Finding::Conflict(_) => "git 병합 충돌이 해결되지 않음(`<<<<<<<`, `=======`, `>>>>>>>` 줄): 양쪽 논문을 모두 읽음. 남길 줄만 두고 표시 줄 세 개를 지운 뒤 커밋하세요".into(),
            Finding::Sheets { list, others, .. } => {
                let others: Vec<String> = others.iter().map(|n| format!("\"{n}\"")).collect();
                format!(
                    "목록은 \"{list}\" 시트: 제목 열이 있는 {} 시트는 읽지 않음. 그 행을 \"{list}\" 시트로 옮기거나(`Term` 같은 열로 구분), 읽을 시트를 CSV(UTF-8)로 저장해 넘기세요",
                    others.join(", ")
                )
            }
        }
    }

    /// The line under `check`'s table.
    pub fn check_tail(self, problems: usize, list: &str, papers: usize) -> String {
        match self {
            Lang::En => format!("{problems} to look at in {list} ({papers} papers)\n"),
            Lang::Ko => format!("{list}에서 살펴볼 항목 {problems}개 (논문 {papers}편)\n"),
        }
    }

    /// What `check` says on stderr when it finds nothing.
    pub fn check_clean(self, list: &str, papers: usize) -> String {
        match self {
            Lang::En => format!("no problems found in {list} ({papers} papers)"),
            Lang::Ko => format!("{list}에서 문제를 찾지 못함 (논문 {papers}편)"),
        }
    }

    /// The columns of `coverage`'s table.
    pub fn coverage_columns(self) -> [&'static str; 5] {
        match self {
            Lang::En => ["topic", "label", "read", "unread", "size"],
            Lang::Ko => ["주제", "레이블", "읽음", "안 읽음", "크기"],
        }
    }

    /// The line above `topics`' table: `real` topics, the Other group's `other` papers,
    /// how they were found, of `papers` papers.
    pub fn topics_head(self, real: usize, other: usize, how: &TopicsHow, papers: usize) -> String {
        match self {
            Lang::En => {
                let other = match other {
                    0 => String::new(),
                    n => format!(" and Other ({})", super::count(n, "paper")),
                };
                let how = match how {
                    TopicsHow::Graph {
                        resolution,
                        for_k: false,
                    } => {
                        format!("communities of the relatedness graph, resolution {resolution}")
                    }
                    TopicsHow::Graph {
                        resolution,
                        for_k: true,
                    } => format!(
                        "communities of the relatedness graph, resolution {resolution} for --k"
                    ),
                    TopicsHow::KMeans { for_k: false } => {
                        "k-means, k by the best silhouette".into()
                    }
                    TopicsHow::KMeans { for_k: true } => "k-means, --k".into(),
                    TopicsHow::Ward { for_k: false } => {
                        "Ward refined by k-means, k at the largest jump of the dendrogram".into()
                    }
                    TopicsHow::Ward { for_k: true } => "Ward refined by k-means, --k".into(),
                };
                format!(
                    "{}{other} ({how}) for {}",
                    super::count(real, "topic"),
                    super::count(papers, "paper")
                )
            }
            Lang::Ko => {
                let other = match other {
                    0 => String::new(),
                    n => format!("와 기타(논문 {n}편)"),
                };
                let how = match how {
                    TopicsHow::Graph {
                        resolution,
                        for_k: false,
                    } => {
                        format!("관련성 그래프의 커뮤니티, resolution {resolution}")
                    }
                    TopicsHow::Graph {
                        resolution,
                        for_k: true,
                    } => {
                        format!("관련성 그래프의 커뮤니티, --k에 맞춘 resolution {resolution}")
                    }
                    TopicsHow::KMeans { for_k: false } => "k-means, 실루엣이 가장 좋은 k".into(),
                    TopicsHow::KMeans { for_k: true } => "k-means, --k".into(),
                    TopicsHow::Ward { for_k: false } => {
                        "Ward와 k-means 보정, 덴드로그램이 가장 크게 벌어지는 k".into()
                    }
                    TopicsHow::Ward { for_k: true } => "Ward와 k-means 보정, --k".into(),
                };
                format!("주제 {real}개{other} ({how}), 논문 {papers}편")
            }
        }
    }

    /// What the `~` after a member's score means.
    pub fn weak_member_note(self) -> &'static str {
        match self {
            Lang::En => "(~ marks a weak member: it fits its topic only loosely)",
            Lang::Ko => "(~ 표시: 주제에 느슨하게만 맞는 논문)",
        }
    }

    /// The columns of `suggest`'s table.
    pub fn suggest_columns(self) -> [&'static str; 4] {
        match self {
            Lang::En => ["#", "score", "title", "because"],
            Lang::Ko => ["#", "점수", "제목", "이유"],
        }
    }

    /// The column naming the pool file of a suggestion, when several were given.
    pub fn pool_column(self) -> &'static str {
        match self {
            Lang::En => "pool",
            Lang::Ko => "풀",
        }
    }

    /// The column of a dated plan's meeting days (`plan --start`).
    pub fn session_column(self) -> &'static str {
        match self {
            Lang::En => "meets",
            Lang::Ko => "모임",
        }
    }

    /// The columns of `plan`'s table.
    pub fn plan_columns(self) -> [&'static str; 5] {
        match self {
            Lang::En => ["week", "topic", "date", "title", "because"],
            Lang::Ko => ["주차", "주제", "날짜", "제목", "이유"],
        }
    }

    /// The line above a cold start's table.
    pub fn cold_start_head(self) -> &'static str {
        match self {
            Lang::En => "nothing read yet: a starting set across the main topics (score: mean similarity to its topic)",
            Lang::Ko => "아직 읽은 논문 없음: 목록의 주요 주제마다 출발점 (점수: 주제와의 평균 유사도)",
        }
    }

    /// The line above suggestions that follow `read` papers recorded in `history`, of
    /// which `scheduled` are sessions to come.
    pub fn after_read_head(self, read: usize, scheduled: usize, history: &str) -> String {
        let held = read.saturating_sub(scheduled);
        match (self, scheduled) {
            (Lang::En, 0) => format!(
                "next reading after {} ({history})",
                super::count(read, "read paper")
            ),
            (Lang::En, _) => format!(
                "next reading after {} and {scheduled} scheduled ({history})",
                super::count(held, "read paper")
            ),
            (Lang::Ko, 0) => format!("읽은 논문 {read}편 다음에 읽을 논문 ({history})"),
            (Lang::Ko, _) => format!(
                "읽은 논문 {held}편과 예정된 논문 {scheduled}편 다음에 읽을 논문 ({history})"
            ),
        }
    }

    /// The line above suggestions from a pool: where from, and after what.
    pub fn pool_head(self, p: &PoolHead<'_>) -> String {
        let since = p
            .since
            .map(|d| match self {
                Lang::En => format!(", {} before {d}", p.too_old),
                Lang::Ko => format!(", {d} 이전 {}편", p.too_old),
            })
            .unwrap_or_default();
        let after = match (self, p.read, p.topic) {
            (Lang::En, 0, None) => "nothing read yet: close to the list's main topics".to_string(),
            (Lang::En, 0, Some((id, label))) => {
                format!("nothing read yet: close to the list's topic {id} ({label})")
            }
            (Lang::En, n, None) => format!("after {}", super::count(n, "read paper")),
            (Lang::En, n, Some((id, label))) => format!(
                "after {}, in the list's topic {id} ({label})",
                super::count(n, "read paper")
            ),
            (Lang::Ko, 0, None) => {
                "아직 읽은 논문 없음: 목록의 주요 주제에 가까운 논문".to_string()
            }
            (Lang::Ko, 0, Some((id, label))) => {
                format!("아직 읽은 논문 없음: 목록의 주제 {id}({label})에 가까운 논문")
            }
            (Lang::Ko, n, None) => format!("읽은 논문 {n}편 다음"),
            (Lang::Ko, n, Some((id, label))) => {
                format!("읽은 논문 {n}편 다음, 목록의 주제 {id}({label})")
            }
        };
        let other_topics = match (self, p.topic) {
            (_, None) => String::new(),
            (Lang::En, Some(_)) => format!(", {} closer to another topic", p.other_topics),
            (Lang::Ko, Some(_)) => format!(", 다른 주제에 더 가까운 {}편", p.other_topics),
        };
        let (pools, papers, on_list) = (p.pools.join(", "), p.papers, p.on_list);
        let repeated = match (self, p.repeated) {
            (_, 0) => String::new(),
            (Lang::En, n) => format!(", {n} in an earlier pool"),
            (Lang::Ko, n) => format!(", 앞의 풀에도 있는 {n}편"),
        };
        let the_pool = match (self, p.pools.len()) {
            (Lang::En, 1) => "the pool",
            (Lang::En, _) => "the pools",
            (Lang::Ko, _) => "풀",
        };
        match self {
            Lang::En => format!(
                "from {the_pool} {pools} ({}, {on_list} already on the list{repeated}{since}{other_topics}), {after}",
                super::count(papers, "paper")
            ),
            Lang::Ko => {
                format!("{the_pool} {pools}에서 (논문 {papers}편, 목록에 이미 있는 {on_list}편{repeated}{since}{other_topics}), {after}")
            }
        }
    }

    /// What `plan --pool` says when the pool has nothing to plan.
    pub fn nothing_to_plan(self) -> &'static str {
        match self {
            Lang::En => "nothing to plan",
            Lang::Ko => "계획할 논문 없음",
        }
    }

    /// What `suggest` says when nothing is left to suggest.
    pub fn nothing_to_suggest(self) -> &'static str {
        match self {
            Lang::En => "nothing to suggest",
            Lang::Ko => "제안할 논문 없음",
        }
    }

    /// The heading of plan week `n`.
    pub fn week_heading(self, n: usize, title: &str) -> String {
        match self {
            Lang::En => format!("Week {n}: {title}"),
            Lang::Ko => format!("{n}주차: {}", self.week_title(title)),
        }
    }

    /// The heading of plan week `n`, which the group meets for on `day` (`plan --start`).
    pub fn dated_week_heading(self, n: usize, day: &str, title: &str) -> String {
        match self {
            Lang::En => format!("Week {n} ({day}): {title}"),
            Lang::Ko => format!("{n}주차 ({day}): {}", self.week_title(title)),
        }
    }

    /// A plan week's title: the phrase as the list has it, a continuation said in this
    /// language (`llama (continued 2)` → `llama (계속 2)`).
    pub fn week_title(self, title: &str) -> String {
        match (self, crate::reading::plan::continuation(title)) {
            (Lang::Ko, Some((t, 1))) => format!("{t} (계속)"),
            (Lang::Ko, Some((t, k))) => format!("{t} (계속 {k})"),
            _ => self.label(title),
        }
    }

    /// A suggestion's reason.
    pub fn reason(self, r: &Reason) -> String {
        if self == Lang::En {
            return r.english();
        }
        match r {
            Reason::Follows { title, from } => format!(
                "{} \"{title}\"에서 이어짐",
                match from {
                    Basis::Liked => "좋아한 논문",
                    Basis::Scheduled => "예정된 논문",
                    Basis::Planned => "계획한 논문",
                    Basis::Read => "읽은 논문",
                }
            ),
            Reason::SharedTerms(w) => format!("공통 용어: {}", w.join(", ")),
            Reason::ListedNear(None) => "목록에서 바로 옆".into(),
            Reason::ListedNear(Some(title)) => format!("목록에서 \"{title}\" 옆"),
            Reason::SameTopic(l) => format!("같은 주제: {}", self.label(l)),
            Reason::Topic(l) => format!("주제: {}", self.label(l)),
            Reason::CentralOf { id, label } => {
                format!("주제 {id}의 핵심 논문: {}", self.label(label))
            }
            Reason::EarliestCentral(d) => format!("주제의 핵심 논문 중 가장 이른 논문 ({d})"),
            Reason::AmongCentral => "주제에서 가장 중심적인 논문 중 하나".into(),
            Reason::NamedAfter { name, count } => {
                format!("주제의 논문 {count}편이 이 이름({name})을 따름")
            }
            Reason::FurtherPaper => "같은 주제의 다른 논문".into(),
            Reason::NoTopicYet => {
                "목록에 아직 주제가 없음(서로 관련된 논문이 너무 적음): 가장 중심적인 논문 중 하나"
                    .into()
            }
            Reason::NearTopic { id, label } => {
                format!("목록의 주제 {id}에 가까움: {}", self.label(label))
            }
            Reason::NearPaper(title) => format!("목록의 \"{title}\"에 가까움"),
        }
    }

    /// A plan week's reason.
    pub fn week_reason(self, r: &WeekReason) -> String {
        if self == Lang::En {
            return r.english();
        }
        match r {
            WeekReason::Start { id, label } => {
                format!("출발점: 주제 {id}({})의 중심", self.label(label))
            }
            WeekReason::More { id, label, after } => {
                format!(
                    "{after}주차에 이어 주제 {id}({})의 논문을 더 읽음",
                    self.label(label)
                )
            }
            WeekReason::Follows { title, from } => match from {
                Basis::Read => format!("읽은 논문 \"{title}\"에서 이어짐"),
                Basis::Liked => format!("좋아한 논문 \"{title}\"에서 이어짐"),
                Basis::Planned => format!("앞 주차에 계획한 \"{title}\"에서 이어짐"),
                Basis::Scheduled => format!("예정된 논문 \"{title}\"에서 이어짐"),
            },
            WeekReason::Explores { nearest, from } => {
                let what = match from {
                    Basis::Liked => "좋아한",
                    Basis::Scheduled => "예정된",
                    _ => "읽은",
                };
                format!("목록의 다른 주제, {what} 논문 \"{nearest}\"에 가장 가까움")
            }
            WeekReason::NearTopic { id, label } => {
                format!("목록의 주제 {id}({})에 가까움", self.label(label))
            }
            WeekReason::None => String::new(),
        }
    }
}

/// How a clustering was found, for the line above `topics`' table.
pub enum TopicsHow {
    /// Communities of the relatedness graph at `resolution` (`for_k`: chosen for `--k`).
    Graph { resolution: f64, for_k: bool },
    /// k-means (big lists).
    KMeans { for_k: bool },
    /// Ward's linkage refined by k-means.
    Ward { for_k: bool },
}

/// What the line above a pool's suggestions says.
pub struct PoolHead<'a> {
    /// The pool files, as given.
    pub pools: &'a [String],
    pub papers: usize,
    /// Pool papers already on the list.
    pub on_list: usize,
    /// Pool papers an earlier pool file holds too.
    pub repeated: usize,
    /// `--since`, when given, and the pool papers older than it.
    pub since: Option<&'a str>,
    pub too_old: usize,
    /// Papers read (0: a cold start).
    pub read: usize,
    /// `--topic`, when given (its id and label), and the pool papers closer to another
    /// topic of the list.
    pub topic: Option<(usize, &'a str)>,
    pub other_topics: usize,
}

pub use crate::corpus::paper::short_title;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_query_is_cut_in_the_heading() {
        let long = "attention ".repeat(2000);
        let head = Lang::En.search_head(&long);
        assert!(head.starts_with("search: attention attention"));
        assert!(head.ends_with('…') && head.chars().count() == "search: ".len() + 120);
        assert_eq!(Lang::Ko.search_head("로라\n큐로라"), "검색: 로라 큐로라");
    }

    #[test]
    fn every_check_finding_is_said_in_korean_and_english_stays_the_message() {
        let url = "https://arxiv.org/pdf/2205.11916.pdf%EC%97%90%EC%84%9C".to_string();
        let findings = [
            Finding::Duplicate {
                first: 46,
                first_file: None,
            },
            Finding::NoTitle {
                has_abstract: false,
            },
            Finding::NoTitle { has_abstract: true },
            Finding::NoLink,
            Finding::Date {
                listed: "2017/03".into(),
                id: "1903.12136".into(),
                month: "2019-03".into(),
            },
            Finding::Glued {
                word: "Learningwith".into(),
                left: "Learning".into(),
                tail: "with".into(),
            },
            Finding::Skipped("entry at line 3 skipped: expected comma".into()),
            Finding::Encoding {
                name: "EUC-KR".into(),
                message: "read as EUC-KR text".into(),
            },
            Finding::Sheets {
                list: "2026-1".into(),
                others: vec!["2025-2".into()],
                message: "the list is sheet \"2026-1\"".into(),
            },
            Finding::Conflict("an unresolved merge conflict".into()),
        ]
        .into_iter()
        .chain(
            [
                LinkProblem::NoScheme,
                LinkProblem::Space,
                LinkProblem::AfterArxivId {
                    text: "에서".into(),
                    id: "2205.11916".into(),
                },
                LinkProblem::AfterFile {
                    text: "에서".into(),
                    ends_at: ".pdf",
                },
            ]
            .map(|why| Finding::Link {
                url: url.clone(),
                why,
            }),
        );
        for f in findings {
            assert_eq!(Lang::En.finding(&f), f.english());
            let ko = Lang::Ko.finding(&f);
            assert!(ko.chars().any(crate::corpus::normalize::is_hangul), "{ko}");
            assert_ne!(ko, f.english());
        }
        for kind in [
            "duplicate",
            "link",
            "no-title",
            "no-link",
            "date",
            "glued",
            "skipped",
            "encoding",
        ] {
            assert_eq!(Lang::En.check_kind(kind), kind);
            assert!(Lang::Ko
                .check_kind(kind)
                .chars()
                .all(|c| crate::corpus::normalize::is_hangul(c) || c == ' '));
        }
    }

    #[test]
    fn table_words_are_korean_with_lang_ko() {
        assert_eq!(
            Lang::Ko.plan_columns(),
            ["주차", "주제", "날짜", "제목", "이유"]
        );
        assert_eq!(
            Lang::En.suggest_columns(),
            ["#", "score", "title", "because"]
        );
        assert_eq!(
            Lang::Ko.after_read_head(2, 0, "h.tsv"),
            "읽은 논문 2편 다음에 읽을 논문 (h.tsv)"
        );
        assert_eq!(
            Lang::En.after_read_head(1, 0, "h.tsv"),
            "next reading after 1 read paper (h.tsv)"
        );
        assert_eq!(
            Lang::En.after_read_head(4, 1, "log.md"),
            "next reading after 3 read papers and 1 scheduled (log.md)"
        );
        assert_eq!(
            Lang::Ko.after_read_head(4, 1, "log.md"),
            "읽은 논문 3편과 예정된 논문 1편 다음에 읽을 논문 (log.md)"
        );
        let one = ["new.jsonl".to_string()];
        let head = PoolHead {
            pools: &one,
            papers: 10,
            on_list: 2,
            repeated: 0,
            since: Some("2025-01"),
            too_old: 3,
            read: 0,
            topic: None,
            other_topics: 0,
        };
        assert_eq!(
            Lang::En.pool_head(&head),
            "from the pool new.jsonl (10 papers, 2 already on the list, 3 before 2025-01), nothing read yet: close to the list's main topics"
        );
        assert_eq!(
            Lang::Ko.pool_head(&PoolHead {
                read: 4,
                since: None,
                ..head
            }),
            "풀 new.jsonl에서 (논문 10편, 목록에 이미 있는 2편), 읽은 논문 4편 다음"
        );
        let two = ["cs.CL.xml".to_string(), "cs.LG.xml".to_string()];
        let both = PoolHead {
            pools: &two,
            repeated: 4,
            since: None,
            read: 1,
            ..head
        };
        assert_eq!(
            Lang::En.pool_head(&both),
            "from the pools cs.CL.xml, cs.LG.xml (10 papers, 2 already on the list, 4 in an earlier pool), after 1 read paper"
        );
        assert_eq!(
            Lang::Ko.pool_head(&both),
            "풀 cs.CL.xml, cs.LG.xml에서 (논문 10편, 목록에 이미 있는 2편, 앞의 풀에도 있는 4편), 읽은 논문 1편 다음"
        );
        // `--topic`: the papers closer to another topic, and the topic after what.
        let topic = PoolHead {
            since: None,
            topic: Some((3, "instruction tuning")),
            other_topics: 5,
            ..head
        };
        assert_eq!(
            Lang::En.pool_head(&topic),
            "from the pool new.jsonl (10 papers, 2 already on the list, 5 closer to another topic), nothing read yet: close to the list's topic 3 (instruction tuning)"
        );
        assert_eq!(
            Lang::En.pool_head(&PoolHead { read: 2, ..topic }),
            "from the pool new.jsonl (10 papers, 2 already on the list, 5 closer to another topic), after 2 read papers, in the list's topic 3 (instruction tuning)"
        );
        assert_eq!(
            Lang::Ko.pool_head(&topic),
            "풀 new.jsonl에서 (논문 10편, 목록에 이미 있는 2편, 다른 주제에 더 가까운 5편), 아직 읽은 논문 없음: 목록의 주제 3(instruction tuning)에 가까운 논문"
        );
    }

    #[test]
    fn the_topics_heading_line_in_both_languages() {
        let graph = |for_k| TopicsHow::Graph {
            resolution: 1.0,
            for_k,
        };
        assert_eq!(
            Lang::En.topics_head(10, 12, &graph(false), 250),
            "10 topics and Other (12 papers) (communities of the relatedness graph, resolution 1) for 250 papers"
        );
        assert_eq!(
            Lang::En.topics_head(1, 0, &graph(true), 1),
            "1 topic (communities of the relatedness graph, resolution 1 for --k) for 1 paper"
        );
        assert_eq!(
            Lang::En.topics_head(51, 6, &TopicsHow::Ward { for_k: false }, 10000),
            "51 topics and Other (6 papers) (Ward refined by k-means, k at the largest jump of the dendrogram) for 10000 papers"
        );
        assert_eq!(
            Lang::En.topics_head(40, 0, &TopicsHow::KMeans { for_k: true }, 20000),
            "40 topics (k-means, --k) for 20000 papers"
        );
        assert_eq!(
            Lang::Ko.topics_head(10, 12, &graph(false), 250),
            "주제 10개와 기타(논문 12편) (관련성 그래프의 커뮤니티, resolution 1), 논문 250편"
        );
        assert_eq!(
            Lang::Ko.label(crate::topics::OTHER_LABEL),
            "기타: 단발성 글과 관련 없는 연구"
        );
        assert_eq!(
            Lang::En.label(crate::topics::OTHER_LABEL),
            crate::topics::OTHER_LABEL
        );
        assert_eq!(Lang::Ko.label("llama, chatgpt"), "llama, chatgpt");
        let around = crate::topics::around_label("BERT");
        assert_eq!(Lang::En.label(&around), "around \"BERT\"");
        assert_eq!(Lang::Ko.label(&around), "\"BERT\" 중심");
    }

    #[test]
    fn a_continued_week_says_so_in_korean() {
        let title = format!("llama{}", crate::reading::plan::CONTINUED);
        assert_eq!(Lang::Ko.week_heading(6, &title), "6주차: llama (계속)");
        assert_eq!(
            Lang::En.week_heading(6, &title),
            "Week 6: llama (continued)"
        );
        assert_eq!(Lang::Ko.week_heading(2, "memory"), "2주차: memory");
        assert_eq!(
            Lang::Ko.dated_week_heading(2, "2026-12-17", "memory"),
            "2주차 (2026-12-17): memory"
        );
        assert_eq!(
            Lang::En.dated_week_heading(2, "2026-12-17", "memory"),
            "Week 2 (2026-12-17): memory"
        );
        assert_eq!(
            Lang::Ko.week_heading(9, "llama (continued 3)"),
            "9주차: llama (계속 3)"
        );
        // A title of its own that ends in parentheses is left alone.
        assert_eq!(
            Lang::Ko.week_heading(3, "big transfer (bit)"),
            "3주차: big transfer (bit)"
        );
    }

    #[test]
    fn short_titles_keep_the_name_or_whole_words() {
        assert_eq!(
            short_title("LoRA: Low-Rank Adaptation of Large Language Models", 30),
            "LoRA"
        );
        assert_eq!(
            short_title("Attention Is All You Need", 30),
            "Attention Is All You Need"
        );
        assert_eq!(
            short_title("Language Models are Few-Shot Learners in Many Settings", 30),
            "Language Models are Few-Shot…"
        );
        assert_eq!(
            short_title("Supercalifragilisticexpialidocious", 10),
            "Supercali…"
        );
        // A long head is not a name: cut like any title.
        assert_eq!(
            short_title(
                "Can Language Models Teach Weaker Agents: Teacher Explanations",
                24
            ),
            "Can Language Models…"
        );
    }

    #[test]
    fn english_is_what_json_carries_and_korean_keeps_titles_and_labels() {
        let r = Reason::Follows {
            title: "QLoRA".into(),
            from: Basis::Read,
        };
        assert_eq!(Lang::En.reason(&r), "because you read \"QLoRA\"");
        assert_eq!(Lang::Ko.reason(&r), "읽은 논문 \"QLoRA\"에서 이어짐");
        let r = Reason::Follows {
            title: "FLAN".into(),
            from: Basis::Scheduled,
        };
        assert_eq!(Lang::En.reason(&r), "because you scheduled \"FLAN\"");
        assert_eq!(Lang::Ko.reason(&r), "예정된 논문 \"FLAN\"에서 이어짐");
        let near = Reason::ListedNear(Some("LoRA".into()));
        assert_eq!(Lang::En.reason(&near), "next to \"LoRA\" in your list");
        assert_eq!(Lang::Ko.reason(&near), "목록에서 \"LoRA\" 옆");
        assert_eq!(
            Lang::Ko.reason(&Reason::ListedNear(None)),
            "목록에서 바로 옆"
        );
        let root = Reason::NamedAfter {
            name: "llama".into(),
            count: 11,
        };
        assert_eq!(
            Lang::En.reason(&root),
            "11 papers of the topic are named after it (llama)"
        );
        assert_eq!(
            Lang::Ko.reason(&root),
            "주제의 논문 11편이 이 이름(llama)을 따름"
        );
        let t = Reason::SameTopic("mixture of experts".into());
        assert_eq!(Lang::Ko.reason(&t), "같은 주제: mixture of experts");
        // Each week reason in English and in Korean.
        let weeks = [
            (
                WeekReason::Start {
                    id: 2,
                    label: "instruction tuning".into(),
                },
                "a starting point: the centre of topic 2 (instruction tuning)",
                "출발점: 주제 2(instruction tuning)의 중심",
            ),
            (
                WeekReason::More {
                    id: 2,
                    label: "instruction tuning".into(),
                    after: 1,
                },
                "more of topic 2 (instruction tuning), after week 1",
                "1주차에 이어 주제 2(instruction tuning)의 논문을 더 읽음",
            ),
            (
                WeekReason::Explores {
                    nearest: "LoRA".into(),
                    from: Basis::Read,
                },
                "another subject of your list, nearest to \"LoRA\" (you read)",
                "목록의 다른 주제, 읽은 논문 \"LoRA\"에 가장 가까움",
            ),
            (
                WeekReason::Follows {
                    title: "QLoRA".into(),
                    from: Basis::Liked,
                },
                "follows from \"QLoRA\" (you liked)",
                "좋아한 논문 \"QLoRA\"에서 이어짐",
            ),
        ];
        for (w, en, ko) in weeks {
            assert_eq!(Lang::En.week_reason(&w), en);
            assert_eq!(Lang::Ko.week_reason(&w), ko);
        }
        assert_eq!(Lang::Ko.week_heading(3, "LoRA"), "3주차: LoRA");
    }
}
