//! The extent of an OpenDocument spreadsheet's tables, read before the spreadsheet reader
//! opens it. `calamine` holds every table of an `.ods` file as a dense grid of its used
//! area, rows and cells repeated as the file's `number-rows-repeated` and
//! `number-columns-repeated` say, so a file of a few hundred bytes can ask for gigabytes
//! (one valued cell repeated over 16,000 columns and 6,000 rows). The used area of each
//! table is measured here from `content.xml`, streamed, as that reader measures it, and a
//! table larger than [`MAX_CELLS`](super::grid::MAX_CELLS) is refused before any grid is
//! built.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use std::io::{BufRead, BufReader, Cursor};

/// The most rows and columns a sheet has (the spreadsheet reader caps repeats to them).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = super::grid::MAX_COLUMNS as u64;

/// `Err` names the first table of an `.ods` workbook (zip `bytes`) whose used area is more
/// than `limit` cells. Anything that is not an OpenDocument spreadsheet, or that cannot be
/// read here, passes: the spreadsheet reader says what is wrong with it.
pub(super) fn check(bytes: &[u8], limit: u64) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    match largest_table(BufReader::new(content), limit) {
        Some((name, (rows, columns))) => Err(format!(
            "sheet \"{name}\" spans {rows} rows by {columns} columns (its rows or cells repeated), more than the {limit} cells readnext reads from a workbook; save the sheet as CSV (UTF-8) and pass that"
        )),
        None => Ok(()),
    }
}

/// The first table whose used area passes `limit` cells, with its rows and columns; `None`
/// when none does or the XML ends early.
fn largest_table(content: impl BufRead, limit: u64) -> Option<(String, (u64, u64))> {
    let mut xml = quick_xml::Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut table = Table::default();
    loop {
        let event = xml.read_event_into(&mut buf).ok()?;
        match event {
            Event::Start(e) if e.name() == QName("table:table") => {
                table = Table {
                    name: attr(&e, "table:name").unwrap_or_default(),
                    ..Table::default()
                };
            }
            Event::End(e) if e.name() == QName("table:table") => {
                let (rows, columns) = table.size();
                if rows * columns > limit {
                    return Some((table.name, (rows, columns)));
                }
            }
            Event::Start(e) if e.name() == QName("table:table-row") => {
                let repeats = repeats(&e, "table:number-rows-repeated");
                let cells = row(&mut xml)?;
                table.add_row(repeats, cells);
            }
            Event::Empty(e) if e.name() == QName("table:table-row") => {
                table.add_row(repeats(&e, "table:number-rows-repeated"), None);
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The first and last column with a value of the row whose start tag was just read,
/// reading to its end tag; `Some(None)` for a row without values, `None` on broken XML.
fn row<R: BufRead>(xml: &mut quick_xml::Reader<R>) -> Option<Option<(u64, u64)>> {
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    let mut column = 0u64;
    let mut used: Option<(u64, u64)> = None;
    loop {
        let event = xml.read_event_into(&mut buf).ok()?;
        let (cell, open) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) if e.name() == QName("table:table-row") => return Some(used),
            Event::Eof => return None,
            _ => {
                buf.clear();
                continue;
            }
        };
        let name = cell.name();
        if name == QName("table:table-cell") || name == QName("table:covered-table-cell") {
            let n = repeats(cell, "table:number-columns-repeated");
            if has_value(cell) && column < MAX_COLUMNS {
                let last = (column + n - 1).min(MAX_COLUMNS - 1);
                used = Some(used.map_or((column, last), |(f, l)| (f.min(column), l.max(last))));
            }
            column = column.saturating_add(n);
        }
        if open {
            let end = cell.to_end().into_owned();
            xml.read_to_end_into(end.name(), &mut skip).ok()?;
        }
        buf.clear();
    }
}

/// A table's used area so far: its next row, and the first and last row and column with
/// a value.
#[derive(Default)]
struct Table {
    name: String,
    next_row: u64,
    rows: Option<(u64, u64)>,
    columns: Option<(u64, u64)>,
}

impl Table {
    fn add_row(&mut self, repeats: u64, cells: Option<(u64, u64)>) {
        let repeats = repeats.min(MAX_ROWS.saturating_sub(self.next_row));
        if let (Some((first, last)), true) = (cells, repeats > 0) {
            let (top, bottom) = (self.next_row, self.next_row + repeats - 1);
            self.rows = Some(self.rows.map_or((top, bottom), |(t, _)| (t, bottom)));
            self.columns = Some(
                self.columns
                    .map_or((first, last), |(f, l)| (f.min(first), l.max(last))),
            );
        }
        self.next_row += repeats;
    }

    /// The used area's rows and columns.
    fn size(&self) -> (u64, u64) {
        match (self.rows, self.columns) {
            (Some((t, b)), Some((f, l))) => (b - t + 1, l - f + 1),
            _ => (0, 0),
        }
    }
}

/// Whether a cell holds a value or a formula, as the spreadsheet reader tells it.
fn has_value(cell: &BytesStart<'_>) -> bool {
    cell.attributes().flatten().any(|a| {
        matches!(
            a.key.as_ref(),
            "office:value-type"
                | "office:value"
                | "office:string-value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value"
                | "table:formula"
        )
    })
}

/// A repeat count attribute (at least 1; 1 when absent or not a number).
fn repeats(e: &BytesStart<'_>, key: &str) -> u64 {
    attr(e, key)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    let a = e.try_get_attribute(key).ok()??;
    Some(a.value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="Papers">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    fn largest(xml: &str, limit: u64) -> Option<(String, (u64, u64))> {
        largest_table(xml.as_bytes(), limit)
    }

    const TITLE: &str =
        r#"<table:table-cell office:value-type="string"><text:p>Title</text:p></table:table-cell>"#;

    #[test]
    fn a_list_as_libreoffice_writes_it_is_small() {
        // LibreOffice closes a sheet with its empty rows and columns repeated to the end.
        let xml = table(&format!(
            r#"<table:table-row>{TITLE}<table:table-cell table:number-columns-repeated="16383"/></table:table-row>
            <table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
        ));
        assert_eq!(largest(&xml, 1), None);
    }

    #[test]
    fn repeated_values_are_measured_as_the_reader_expands_them() {
        let xml = table(&format!(
            r#"<table:table-row>{TITLE}</table:table-row>
            <table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16000" office:value-type="float" office:value="1"/></table:table-row>"#
        ));
        assert_eq!(
            largest(&xml, 5_000_000),
            Some(("Papers".into(), (6001, 16000)))
        );
        // One value in the far corner spans the sheet.
        let xml = table(&format!(
            r#"<table:table-row>{TITLE}</table:table-row>
            <table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="9999"/><table:table-cell table:formula="of:=1"/></table:table-row>"#
        ));
        assert_eq!(
            largest(&xml, 5_000_000),
            Some(("Papers".into(), (1_000_002, 10_000)))
        );
    }
}
