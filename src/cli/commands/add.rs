//! `readnext add PAPER --pool FILE… [--under HEADING]`: a pool paper appended to a
//! markdown list in the list's style, atomically, the previous file kept as `LIST.bak`;
//! or, when the list is a folder of notes, written as a new note there (`--under`: a
//! folder in it), no note changed.

use crate::cli::args::AddArgs;
use crate::cli::context::Ctx;
use crate::cli::Outcome;
use anyhow::{bail, Context as _, Result};
use readnext::corpus::append::insert_paper;
use readnext::corpus::notes::write::{note_file_name, note_text};
use readnext::corpus::Paper;
use readnext::corpus::{self, Format};
use readnext::output;
use readnext::output::lang::Lang;
use readnext::reading::pool::same_paper;
use std::path::{Component, Path, PathBuf};

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
    let notes = Format::of_list(&list_path) == Format::Notes;
    // A folder of notes gets a new note, in the folder `--under` names.
    let note_dir = if notes {
        Some(note_folder(&list_path, args.under.as_deref())?)
    } else {
        None
    };
    let format = Format::of_list(&list_path);
    if !notes && format != Format::Markdown {
        let instead = if format == Format::Workbook {
            "add a row for the paper in the spreadsheet"
        } else {
            "add the paper with the tool that exports it"
        };
        bail!(
            "readnext add writes markdown lists only; {} is not one ({instead})",
            list_path.display()
        );
    }
    if !notes {
        // A list that cannot be written back as it was found (a legacy encoding) is
        // refused before anything is read.
        readnext::corpus::encoding::read_text(&list_path)?;
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
        let at = match list.file_of_line(l.first_line()) {
            Some(note) => format!("its note {note}"),
            None => format!("{}:{}", list_path.display(), l.first_line()),
        };
        bail!(
            "\"{}\" is already on the list ({at}); nothing added",
            p.title
        );
    }
    if let Some(dir) = note_dir {
        return add_note(ctx, args, &list_path, &dir, p, pool_file);
    }
    let (text, encoding) = readnext::corpus::encoding::read_text(&list_path)?;
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
    let bytes = readnext::corpus::encoding::encode(&new, encoding);
    let backup = readnext::fsutil::replace_keeping_backup(&list_path, &bytes)
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

/// The folder of a folder of notes a new note goes to: the list's own, or the folder
/// `under` names in it (which must exist: a typo makes no folder).
fn note_folder(list: &Path, under: Option<&str>) -> Result<PathBuf> {
    let Some(under) = under
        .map(|u| u.trim_matches(['/', '\\']))
        .filter(|u| !u.is_empty())
    else {
        return Ok(list.to_path_buf());
    };
    let rel = Path::new(under);
    let inside = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let dir = list.join(rel);
    if inside && dir.is_dir() {
        return Ok(dir);
    }
    let folders = readnext::corpus::notes::folders(list);
    bail!(
        "no folder \"{under}\" in the folder of notes {}; folders there: {}",
        list.display(),
        if folders.is_empty() {
            "none (leave out --under)".to_string()
        } else {
            folders.join(", ")
        }
    )
}

/// Write pool paper `p` as a new note in `dir` of the folder of notes `list`.
fn add_note(
    ctx: &Ctx,
    args: &AddArgs,
    list: &Path,
    dir: &Path,
    p: &Paper,
    pool_file: &Path,
) -> Result<Outcome> {
    let Some(name) = note_file_name(&p.title) else {
        bail!(
            "\"{}\" has no character a note's file name can hold; add its note by hand",
            p.title
        );
    };
    let path = dir.join(&name);
    if path.exists() {
        bail!(
            "a note {} is already there (another paper of that title); nothing added: rename it or add the note by hand",
            path.display()
        );
    }
    readnext::fsutil::create_new(&path, note_text(p).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let note = path
        .strip_prefix(list)
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/");
    if ctx.g.json {
        ctx.print(&output::json(&serde_json::json!({
            "list": list.display().to_string(),
            "backup": null,
            "line": null,
            "note": note,
            "added": {"id": p.id, "title": p.title, "url": p.url},
            "pool": pool_file.display().to_string(),
        })))?;
    } else {
        ctx.print(&Lang::from(args.lang).added_note(&p.title, &path.display().to_string()))?;
    }
    Ok(Outcome::Found)
}
