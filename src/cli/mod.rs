//! The command-line layer: the only code that knows clap, prints, or draws progress.

pub mod args;
mod commands;
mod context;

use args::{Cli, Command, ModelCommand};
use context::Ctx;

/// How a successful run ended.
pub enum Outcome {
    /// Something was printed.
    Found,
    /// The command ran but found nothing (exit 1).
    NothingFound,
}

/// Run one command.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let ctx = Ctx::new(cli.global);
    match cli.command {
        Command::Papers(a) => commands::papers::run(&ctx, &a),
        Command::Check(a) => commands::papers::check(&ctx, &a),
        Command::Model(ModelCommand::Fetch) => commands::model::fetch(&ctx),
        Command::Model(ModelCommand::Info(a)) => commands::model::info(&ctx, &a),
        Command::Embed(a) => commands::embed::run(&ctx, &a),
        Command::Index(a) => commands::index::run(&ctx, &a),
        Command::Related(a) => commands::query::related(&ctx, &a),
        Command::Search(a) => commands::query::search(&ctx, &a),
        Command::Eval(a) => commands::eval::run(&ctx, &a),
        Command::EvalSearch(a) => commands::eval::run_search(&ctx, &a),
        Command::Completions(a) => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(a.shell, &mut Cli::command(), "readnext", &mut out);
            ctx.print(&String::from_utf8_lossy(&out))?;
            Ok(Outcome::Found)
        }
        Command::Topics(a) => commands::topics::run(&ctx, &a),
        Command::Map(a) => commands::reading::map(&ctx, &a),
        Command::Read(a) => commands::reading::read(&ctx, &a),
        Command::History(a) => commands::reading::history(&ctx, &a),
        Command::Suggest(a) => commands::reading::suggest(&ctx, &a),
        Command::Plan(a) => commands::reading::plan(&ctx, &a),
        Command::Coverage(a) => commands::reading::coverage(&ctx, &a),
        Command::EvalTopics(a) => commands::topics::eval(&ctx, &a),
        Command::Enrich(a) => commands::enrich::run(&ctx, &a),
        Command::Add(a) => commands::add::run(&ctx, &a),
    }
}

/// Whether the error is a closed stdout (`readnext … | head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes on one line.
pub fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut explained = false;
    for c in err.chain() {
        // readnext's I/O error says what its system error means; the system's words
        // would repeat it.
        if explained && c.downcast_ref::<std::io::Error>().is_some() {
            explained = false;
            continue;
        }
        explained = matches!(
            c.downcast_ref::<readnext::error::Error>(),
            Some(readnext::error::Error::Io { .. })
        );
        let s = c.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ").replace('\n', " ")
}
