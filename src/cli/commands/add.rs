//! `readnext add PAPER --pool FILE… [--under HEADING]`: a pool paper appended to a
//! markdown list in the list's style, atomically, the previous file kept as `LIST.bak`.

use crate::cli::args::AddArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::{bail, Context as _, Result};
use readnext::corpus::append::insert_paper;
use readnext::corpus::{self, Format};
use readnext::output;
use readnext::output::lang::Lang;
use readnext::reading::pool::same_paper;

pub fn run(ctx: &Ctx, args: &AddArgs) -> Result<Outcome> {
    let list_path = ctx.list_path()?;
    if list_path.as_os_str() == "-" {
        bail!("readnext add writes a list file; --list - (standard input) cannot be written");
    }
    if corpus::is_gzip_file(&list_path) {
        bail!(
            "readnext add does not write a gzipped list; {} is one (gunzip it and pass the markdown file)",
            list_path.display()
        );
    }
    if Format::of_list(&list_path) == Format::Notes {
        bail!(
            "readnext add writes markdown lists only; {} is a folder of notes (write a note for the paper there, with its `title:` and `url:`)",
            list_path.display()
        );
    }
    if Format::of_list(&list_path) != Format::Markdown {
        bail!(
            "readnext add writes markdown lists only; {} is not one (add the paper with the tool that exports it)",
            list_path.display()
        );
    }
    let list = ctx.corpus()?;
    // The first pool that names the paper (as `suggest` counts a paper where it first
    // comes); when none does, what each pool said.
    let mut found = None;
    let mut misses = Vec::new();
    for file in &args.pool {
        let mut pool = ctx.load_other(file)?;
        match corpus::resolve(&pool, &args.paper) {
            Ok(i) => {
                found = Some((pool.papers.swap_remove(i), file));
                break;
            }
            Err(e) => misses.push((file, e)),
        }
    }
    let Some((p, pool_file)) = found else {
        if misses.len() == 1 {
            if let Some((file, e)) = misses.pop() {
                return Err(
                    anyhow::Error::new(e).context(format!("in the pool {}", file.display()))
                );
            }
        }
        let said: Vec<String> = misses
            .iter()
            .map(|(file, e)| format!("in the pool {}: {e}", file.display()))
            .collect();
        bail!("{}", said.join("; "));
    };
    let p = &p;
    let on_list = list.papers.iter().find(|l| same_paper(l, p));
    if let Some(l) = on_list {
        bail!(
            "\"{}\" is already on the list ({}:{}); nothing added",
            p.title,
            list_path.display(),
            l.first_line()
        );
    }
    let text = std::fs::read_to_string(&list_path)
        .with_context(|| format!("cannot read {}", list_path.display()))?;
    let (new, line) = match insert_paper(&text, p, args.under.as_deref()) {
        Ok(x) => x,
        Err(headings) => bail!(
            "no heading \"{}\" in {}; headings there: {}",
            args.under.as_deref().unwrap_or(""),
            list_path.display(),
            if headings.is_empty() {
                "none (leave out --under)".to_string()
            } else {
                headings.join(", ")
            }
        ),
    };
    let backup = readnext::fsutil::replace_keeping_backup(&list_path, new.as_bytes())
        .with_context(|| format!("cannot write {}", list_path.display()))?;
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "list": list_path.display().to_string(),
            "backup": backup.display().to_string(),
            "line": line,
            "added": {"id": p.id, "title": p.title, "url": p.url},
            "pool": pool_file.display().to_string(),
        })))?;
    } else {
        ctx.print(&Lang::from(args.lang).added(
            &p.title,
            &list_path.display().to_string(),
            line,
            &backup.display().to_string(),
        ))?;
    }
    Ok(Outcome::Found)
}
