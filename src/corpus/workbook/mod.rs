//! Spreadsheet workbooks as reading lists (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`, read by
//! `calamine`; Excel 97–2003's `.xls` is refused with the fix, see [`parse`]): the first visible sheet with a header row naming a title column (within its
//! first rows: a sheet may open with its own title) is read by its rows, as a CSV export of
//! that sheet is ([`tabular::parse_rows`]). A row's line is its row number, as the
//! spreadsheet shows it. Cells are read as the spreadsheet shows them where the value alone
//! would mislead: a date cell is its date (`2023-05-23`, not Excel's day count), an arXiv id
//! typed as a number keeps the zeros the number lost (`2305.14310`, not `2305.1431`), and a
//! title that links its paper (a cell hyperlink, or `=HYPERLINK("url", "title")`) gives the
//! link when no link column does. A sheet is held as its cells with a value ([`grid`]), an
//! `.ods` file's tables measured before the reader expands them ([`ods_extent`]): a sheet
//! that says it is huge and nearly empty costs what its values cost. A workbook that
//! unpacks to more than a sheet of papers could hold is refused before it is read
//! ([`unpacked`]).

use super::paper::Entry;
use super::tabular::{self, Field, Row};
use super::{Concern, Warning};
use crate::error::{Error, Result};
use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};
use grid::Grid;
use std::cell::Cell;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

mod grid;
mod ods_extent;
mod unpacked;

/// How many rows a sheet may have above its header (a title, a note, blank rows).
const ROWS_ABOVE_HEADER: u32 = 10;

/// The first bytes of an OLE compound file: Excel 97–2003's `.xls`, an encrypted `.xlsx`,
/// Word's `.doc`.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";

/// Whether `bytes` open as a workbook: a zip (`.xlsx`, `.ods`) or an OLE file (`.xls`).
pub fn has_workbook_magic(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(OLE_MAGIC)
}

thread_local! {
    /// Set while this thread runs the spreadsheet reader ([`guarded`]).
    static IN_READER: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside the spreadsheet reader, whose panic on a damaged file
/// [`parse`] turns into an error: a panic hook may stay silent for it (`main`'s does).
pub fn in_reader() -> bool {
    IN_READER.with(Cell::get)
}

/// Run `f`, the spreadsheet reader at work, catching its panic (`calamine` asserted on a
/// damaged `.xls` file, a sector of a length not a multiple of 4, when fuzzing found it; its
/// other readers are guarded the same way).
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    IN_READER.with(|r| r.set(true));
    let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    IN_READER.with(|r| r.set(false));
    out
}

/// The sheet a workbook's list is on, as the reader gave it.
struct Sheet {
    name: String,
    grid: Grid,
    /// The header row's cells.
    headers: Vec<String>,
    /// The header's row and the table's first column in the sheet.
    header: u32,
    left: u32,
    /// The web links of the table's cells, by position.
    links: HashMap<(u32, u32), String>,
    /// The later visible sheets whose header names a title column too (not read).
    others: Vec<String>,
}

/// The papers of a workbook's first visible sheet whose header names a title column, and
/// a warning naming the later sheets that have one too (only one sheet is the list).
/// `Err` names the file, and the sheets and their first rows when none has such a header.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<(Vec<Entry>, Vec<Warning>)> {
    let fail = |message: String| Error::Parse {
        path: path.to_path_buf(),
        line: 1,
        message,
    };
    // Excel 97–2003's binary workbook has no checksum, and its reader, given a damaged one,
    // can ask for a grid of billions of cells (fuzzing found a 54 KB file that took 24 GB):
    // such a file (or a password-protected workbook, also OLE) is refused with the fix.
    if bytes.starts_with(OLE_MAGIC) {
        return Err(fail(
            "an Excel 97-2003 workbook (.xls) or a password-protected one, which readnext does not read; save it as an Excel Workbook (.xlsx) or as CSV (UTF-8) and pass that".into(),
        ));
    }
    let sheet = guarded(|| find_sheet(bytes)).unwrap_or_else(|| {
        Err("a damaged workbook (the spreadsheet reader failed on it); open it in a spreadsheet, save the sheet as CSV (UTF-8) and pass that".into())
    });
    let mut sheet = sheet.map_err(fail)?;
    let rows = sheet_rows(&mut sheet);
    let entries = tabular::parse_rows(path, sheet.header as usize + 1, &sheet.headers, rows)?;
    let warnings = match sheet.others.as_slice() {
        [] => Vec::new(),
        others => vec![Warning {
            line: 0,
            concern: Concern::Sheets {
                list: sheet.name.clone(),
                others: others.to_vec(),
            },
            message: others_not_read(&sheet.name, others),
        }],
    };
    Ok((entries, warnings))
}

/// Open the workbook and find its list's sheet; `Err` is the message.
fn find_sheet(bytes: &[u8]) -> std::result::Result<Sheet, String> {
    // A zip bomb is refused before any part is held, and an OpenDocument file's tables, all
    // read into dense grids on opening, are measured first.
    unpacked::check(bytes, unpacked::MAX_UNPACKED)?;
    ods_extent::check(bytes, grid::MAX_CELLS as u64)?;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!("not a workbook readnext can read ({e}); save the sheet as CSV (UTF-8) or TSV and pass that")
    })?;
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut seen = Vec::new();
    for (at, name) in names.iter().enumerate() {
        let grid = Grid::read(&mut book, name, u32::MAX)?;
        let (header, headers, left) = match top_of(&grid) {
            Top::Header { row, cells, left } => (row, cells, left),
            Top::Untitled(first) => {
                seen.push(format!("\"{name}\": {}", shown_row(&first)));
                continue;
            }
            Top::Empty => continue,
        };
        // The later sheets that would be lists too (a sheet a term): named, not read.
        let others = names[at + 1..]
            .iter()
            .filter(|n| {
                Grid::read(&mut book, n, ROWS_ABOVE_HEADER)
                    .is_ok_and(|g| matches!(top_of(&g), Top::Header { .. }))
            })
            .cloned()
            .collect();
        let mut sheet = Sheet {
            name: name.clone(),
            grid,
            headers,
            header,
            left,
            links: HashMap::new(),
            others,
        };
        sheet.links = links(&mut book, name, &sheet);
        return Ok(sheet);
    }
    let sheets = if seen.is_empty() {
        "its sheets are empty".to_string()
    } else {
        format!("first rows: {}", seen.join("; "))
    };
    Err(format!("no sheet has a header row naming a title column ({sheets}); name the titles' column `Title` in a row above the papers"))
}

/// What a sheet's first rows hold.
enum Top {
    Empty,
    /// A header naming a title column: its row, its cells from the sheet's first column.
    Header {
        row: u32,
        cells: Vec<String>,
        left: u32,
    },
    /// No such header: the first row with text.
    Untitled(Vec<String>),
}

/// The header row of a sheet (within its first [`ROWS_ABOVE_HEADER`] rows from its first
/// value: a sheet may open with its own title), or what its first row holds instead.
fn top_of(grid: &Grid) -> Top {
    let Some((top, left)) = grid.corner() else {
        return Top::Empty;
    };
    // The rows a header may be in, whole (as far as a sheet has columns).
    let mut heads: Vec<(u32, Vec<String>)> = grid
        .rows_from(top)
        .take_while(|&r| r < top.saturating_add(ROWS_ABOVE_HEADER))
        .map(|r| {
            let cells = grid.row(r, left, grid::MAX_COLUMNS);
            (r, cells.iter().map(|c| cell_text(c, false)).collect())
        })
        .collect();
    match heads
        .iter()
        .position(|(_, r)| r.iter().any(|c| tabular::is_title_header(c)))
    {
        Some(at) => {
            let (row, cells) = heads.swap_remove(at);
            Top::Header { row, cells, left }
        }
        None => match heads
            .into_iter()
            .find(|(_, r)| r.iter().any(|c| !c.is_empty()))
        {
            Some((_, first)) => Top::Untitled(first),
            None => Top::Empty,
        },
    }
}

/// The warning for a workbook whose later sheets (`others`) name a title column too: one
/// sheet is the list, and the fix is to make it hold them all.
fn others_not_read(list: &str, others: &[String]) -> String {
    let quoted: Vec<String> = others.iter().map(|n| format!("\"{n}\"")).collect();
    let (sheets, are, their) = match others {
        [_] => ("sheet", "is", "its"),
        _ => ("sheets", "are", "their"),
    };
    format!(
        "the list is sheet \"{list}\"; {sheets} {} {are} not read, though {} a title column too: move {their} rows into \"{list}\" (a column such as `Term` can keep them apart), or save the sheet to read as CSV (UTF-8) and pass that",
        quoted.join(", "),
        if others.len() == 1 { "it names" } else { "they name" }
    )
}

/// A row's non-empty cells as an error shows them, the first five.
fn shown_row(cells: &[String]) -> String {
    let shown: Vec<&str> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .take(5)
        .collect();
    shown.join(", ")
}

/// The rows under the header as text, numbered as the sheet numbers them, each cut to the
/// header's columns. Cells of columns an id or a link is read from keep an arXiv id's
/// zeros; a row's link (the sheet's `links`) fills its link column when that cell holds
/// no link, or a `url` column added to the sheet's headers when there is none.
fn sheet_rows(sheet: &mut Sheet) -> Vec<Row> {
    let links = &sheet.links;
    let headers = &mut sheet.headers;
    let names = |field: Field, cell: &str| {
        let cell = cell.trim().to_lowercase();
        tabular::names(field)
            .iter()
            .any(|n| n.to_lowercase() == cell)
    };
    let id_like: Vec<bool> = headers
        .iter()
        .map(|c| names(Field::Id, c) || names(Field::Url, c))
        .collect();
    let width = headers.len();
    let title_col = headers.iter().position(|c| tabular::is_title_header(c));
    let url_col = headers.iter().position(|c| names(Field::Url, c));
    let added_url = url_col.is_none() && !links.is_empty();
    if added_url {
        headers.push("url".into());
    }
    let link_at = |r: u32, c: usize| links.get(&(r, sheet.left + c as u32));
    let mut out = Vec::new();
    for r in sheet.grid.rows_from(sheet.header + 1) {
        let mut cells: Vec<String> = sheet
            .grid
            .row(r, sheet.left, width)
            .into_iter()
            .enumerate()
            .map(|(c, v)| cell_text(v, id_like.get(c).copied().unwrap_or(false)))
            .collect();
        // The link of the link column's own cell, else of the title's, else the row's first.
        let link = url_col
            .and_then(|c| link_at(r, c))
            .or_else(|| title_col.and_then(|c| link_at(r, c)))
            .or_else(|| (0..width).find_map(|c| link_at(r, c)));
        match (url_col, link) {
            (Some(c), Some(link)) if !cells.get(c).is_some_and(|v| is_web_link(v)) => {
                cells.resize(cells.len().max(c + 1), String::new());
                cells[c] = link.clone();
            }
            (None, link) if added_url => {
                cells.resize(width, String::new());
                cells.push(link.cloned().unwrap_or_default());
            }
            _ => {}
        }
        out.push(Row {
            line: r as usize + 1,
            cells,
        });
    }
    out
}

/// The web links of the cells of a sheet's table (its rows with a value under the header,
/// the header's columns), by position: an `.xlsx` sheet's cell hyperlinks and, in any
/// format, `HYPERLINK("url", …)` formulas.
fn links(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
    sheet: &Sheet,
) -> HashMap<(u32, u32), String> {
    let mut out = HashMap::new();
    let (left, right) = (
        sheet.left,
        sheet.left + sheet.headers.len().saturating_sub(1) as u32,
    );
    for (at, link) in sheet.grid.links() {
        out.insert(at, link.to_string());
    }
    if let Sheets::Xlsx(xlsx) = book {
        for link in xlsx.hyperlinks_by_sheet_name(name).unwrap_or_default() {
            let Some(target) = link.target.filter(|t| is_web_link(t)) else {
                continue;
            };
            let (start, end) = (link.range.start, link.range.end);
            // A link anchored on a range links each of its cells that is in the table.
            let rows: Vec<u32> = sheet
                .grid
                .rows_from(start.0.max(sheet.header + 1))
                .take_while(|&r| r <= end.0)
                .collect();
            for r in rows {
                for c in start.1.max(left)..=end.1.min(right) {
                    out.entry((r, c)).or_insert_with(|| target.clone());
                }
            }
        }
    }
    out
}

/// The link of a `HYPERLINK("url", "text")` formula (Excel's `,`, LibreOffice's `;`; the
/// `of:=` of OpenDocument), when its first argument is a web link written out.
fn hyperlink_formula(formula: &str) -> Option<String> {
    let upper = formula.to_ascii_uppercase();
    let at = upper.find("HYPERLINK(")? + "HYPERLINK(".len();
    let rest = formula.get(at..)?.trim_start().strip_prefix('"')?;
    let link = &rest[..rest.find('"')?];
    is_web_link(link).then(|| link.to_string())
}

fn is_web_link(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    s.starts_with("http://") || s.starts_with("https://")
}

/// A cell as text, as the spreadsheet shows it: whole numbers without `.0`, a date cell
/// as `YYYY-MM-DD`, booleans `TRUE`/`FALSE`, errors empty. In a column of ids or links
/// (`id_like`), a number that is an arXiv id gets back the trailing zeros it lost.
fn cell_text(cell: &Data, id_like: bool) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::Float(f) if id_like => arxiv_number(*f).unwrap_or_else(|| number(*f)),
        Data::Float(f) => number(*f),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => number(d.as_f64()),
        // OpenDocument's dates are ISO text; the day is the paper's date.
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
    }
}

/// A number as a spreadsheet shows it in general format: `2023`, not `2023.0`.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// The arXiv id a number typed into a cell stands for: `YYMM.NNNNN` (five digits from
/// January 2015, four before, from April 2007), with the zeros a number drops at its end.
fn arxiv_number(f: f64) -> Option<String> {
    if !(704.0..10000.0).contains(&f) {
        return None;
    }
    let month = f.trunc() as u32;
    if !(1..=12).contains(&(month % 100)) {
        return None;
    }
    let digits = if month >= 1501 { 5 } else { 4 };
    let scale = 10f64.powi(digits);
    let number = ((f - f.trunc()) * scale).round();
    // The number must be exactly such an id: no more digits than the id has.
    if number >= scale || ((month as f64 + number / scale) - f).abs() > 1e-9 {
        return None;
    }
    Some(format!(
        "{month:04}.{:0width$}",
        number as u64,
        width = digits as usize
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arxiv_id_typed_as_a_number_gets_its_zeros_back() {
        assert_eq!(arxiv_number(2305.1431).as_deref(), Some("2305.14310"));
        assert_eq!(arxiv_number(2106.09685).as_deref(), Some("2106.09685"));
        assert_eq!(arxiv_number(1301.378).as_deref(), Some("1301.3780"));
        assert_eq!(arxiv_number(1810.04805).as_deref(), Some("1810.04805"));
        assert_eq!(arxiv_number(2106.1).as_deref(), Some("2106.10000"));
        // Not ids: a month 13, a year, more digits than an id has, before April 2007.
        assert_eq!(arxiv_number(2313.0001), None);
        assert_eq!(arxiv_number(2023.5), None);
        assert_eq!(arxiv_number(2106.096851), None);
        assert_eq!(arxiv_number(12.5), None);
        assert_eq!(cell_text(&Data::Float(2305.1431), true), "2305.14310");
        assert_eq!(cell_text(&Data::Float(2305.1431), false), "2305.1431");
        assert_eq!(cell_text(&Data::Float(2023.0), true), "2023");
    }

    #[test]
    fn cells_read_as_the_spreadsheet_shows_them() {
        assert_eq!(cell_text(&Data::Float(2023.0), false), "2023");
        assert_eq!(cell_text(&Data::Int(7), false), "7");
        assert_eq!(cell_text(&Data::Bool(true), false), "TRUE");
        assert_eq!(cell_text(&Data::Empty, false), "");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2023-05-23T00:00:00".into()), false),
            "2023-05-23"
        );
        let day =
            calamine::ExcelDateTime::new(45069.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(day), false), "2023-05-23");
    }

    #[test]
    fn a_hyperlink_formula_gives_its_link() {
        assert_eq!(
            hyperlink_formula("HYPERLINK(\"https://arxiv.org/abs/2106.09685\",\"LoRA\")")
                .as_deref(),
            Some("https://arxiv.org/abs/2106.09685")
        );
        assert_eq!(
            hyperlink_formula("of:=hyperlink( \"http://a.b/c\"; \"x\")").as_deref(),
            Some("http://a.b/c")
        );
        assert_eq!(hyperlink_formula("HYPERLINK(A2, B2)"), None);
        assert_eq!(hyperlink_formula("HYPERLINK(\"mailto:a@b\")"), None);
        assert_eq!(hyperlink_formula("SUM(A1:A3)"), None);
    }

    #[test]
    fn a_file_that_is_no_workbook_is_named_with_the_fix() {
        let err = parse(Path::new("list.xlsx"), b"PK\x03\x04not really a zip").unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("list.xlsx") && shown.contains("CSV"),
            "{shown}"
        );
    }
}
