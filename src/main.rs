//! The `readnext` binary: parse arguments, call the library, map errors to exit codes
//! (0 ok, 1 nothing found, 2 error; a closed pipe exits 0 quietly).

mod cli;

/// mimalloc: Candle allocates fresh tensors per layer; this allocator reuses pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // An empty `READNEXT_*` variable is an unset one (what `export READNEXT_MODEL_DIR=`
    // means in a shell), not a flag given without its value. Safe to change here: no
    // other thread exists yet.
    for (k, v) in std::env::vars_os() {
        if v.is_empty() && k.to_string_lossy().starts_with("READNEXT_") {
            std::env::remove_var(k);
        }
    }
    // The spreadsheet reader's panic on a damaged workbook comes back as an error that
    // names the file and the fix; its panic message is not for the user.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !readnext::corpus::workbook::in_reader() {
            default_hook(info);
        }
    }));
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(cli::Outcome::Found) => ExitCode::SUCCESS,
        Ok(cli::Outcome::NothingFound) => ExitCode::from(1),
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("readnext: error: {}", cli::one_line(&err));
            // Stopped by SIGINT/SIGTERM: the shell's convention, 128 + the signal.
            match err
                .chain()
                .find_map(|c| match c.downcast_ref::<readnext::error::Error>() {
                    Some(readnext::error::Error::Interrupted { signal, .. }) => Some(*signal),
                    _ => None,
                }) {
                Some(signal) => ExitCode::from((128 + signal.clamp(1, 127)) as u8),
                None => ExitCode::from(2),
            }
        }
    }
}
