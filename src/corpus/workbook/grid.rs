//! A sheet's cells as the file holds them: only the cells with a value, by row and column.
//! A sheet whose used area is huge but nearly empty (one value in its far corner, row
//! 1,048,576 of column XFD) costs what its values cost, where a dense grid of the area
//! would ask for hundreds of gigabytes: `.xlsx` and `.xlsb` sheets are read cell by cell
//! (calamine's cell readers), and no sheet may hold more than [`MAX_CELLS`] values.

use calamine::{Data, DataRef, Reader, Sheets};
use std::collections::BTreeMap;
use std::io::Cursor;

/// The most cells with a value a sheet may hold (a reading list of a million papers with
/// five columns; about 300 MB read): past it the sheet is refused with the fix (CSV).
pub const MAX_CELLS: usize = 5_000_000;

/// The most columns a sheet has (Excel's and LibreOffice's, `A` to `XFD`).
pub const MAX_COLUMNS: usize = 16_384;

/// A sheet's cells with a value, and the links of its `HYPERLINK` formulas, by absolute
/// position (row, column; `A1` is (0, 0)).
pub(super) struct Grid {
    values: BTreeMap<(u32, u32), Data>,
    links: Vec<((u32, u32), String)>,
    /// The most cells with a value or a link it takes ([`MAX_CELLS`]).
    limit: usize,
}

impl Grid {
    /// Read sheet `name` of `book`, its first `rows` rows with a value and those between
    /// them (`u32::MAX`: all, with its formulas' links; fewer: the values only, to look for a
    /// header); `Err` is the message, naming the sheet.
    pub fn read(book: &mut Sheets<Cursor<&[u8]>>, name: &str, rows: u32) -> Result<Grid, String> {
        let unreadable = |e: &dyn std::fmt::Display| {
            format!("sheet \"{name}\" cannot be read ({e}); save it as CSV (UTF-8) and pass that")
        };
        let mut grid = Grid::new(MAX_CELLS);
        let whole = rows == u32::MAX;
        // Whether a cell is past the rows asked for (cells come row by row).
        let mut first = None;
        let mut past = |(r, _): (u32, u32)| r.saturating_sub(*first.get_or_insert(r)) >= rows;
        match book {
            // One pass: each cell's value and formula.
            Sheets::Xlsx(xlsx) => {
                let mut cells = xlsx
                    .worksheet_cells_reader(name)
                    .map_err(|e| unreadable(&e))?;
                while let Some(cell) = cells.next_cell_with_formula().map_err(|e| unreadable(&e))? {
                    if past(cell.pos) {
                        break;
                    }
                    grid.value(name, cell.pos, &cell.value)?;
                    if let Some(formula) = cell.formula.filter(|_| whole) {
                        grid.formula(name, cell.pos, &formula)?;
                    }
                }
            }
            // `.xlsb`'s reader gives values and formulas in passes of their own.
            Sheets::Xlsb(xlsb) => {
                let mut cells = xlsb
                    .worksheet_cells_reader(name)
                    .map_err(|e| unreadable(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
                    if past(cell.get_position()) {
                        break;
                    }
                    grid.value(name, cell.get_position(), cell.get_value())?;
                }
                drop(cells);
                if let Some(mut cells) = xlsb.worksheet_cells_reader(name).ok().filter(|_| whole) {
                    while let Ok(Some(cell)) = cells.next_formula() {
                        grid.formula(name, cell.get_position(), cell.get_value())?;
                    }
                }
            }
            // OpenDocument's reader holds the sheet already (measured before it opened the
            // file, `ods_extent`).
            book => {
                let range = book.worksheet_range(name).map_err(|e| unreadable(&e))?;
                let (top, left) = range.start().unwrap_or_default();
                for (r, c, v) in range.used_cells() {
                    let at = (top + r as u32, left + c as u32);
                    if past(at) {
                        break;
                    }
                    grid.owned(name, at, v.clone())?;
                }
                if let Some(formulas) = book.worksheet_formula(name).ok().filter(|_| whole) {
                    let (top, left) = formulas.start().unwrap_or_default();
                    for (r, c, f) in formulas.used_cells() {
                        grid.formula(name, (top + r as u32, left + c as u32), f)?;
                    }
                }
            }
        }
        Ok(grid)
    }

    fn new(limit: usize) -> Grid {
        Grid {
            values: BTreeMap::new(),
            links: Vec::new(),
            limit,
        }
    }

    fn value(&mut self, sheet: &str, at: (u32, u32), value: &DataRef<'_>) -> Result<(), String> {
        if matches!(value, DataRef::Empty) {
            return Ok(());
        }
        self.owned(sheet, at, value.clone().into())
    }

    fn owned(&mut self, sheet: &str, at: (u32, u32), value: Data) -> Result<(), String> {
        if value == Data::Empty {
            return Ok(());
        }
        self.values.insert(at, value);
        self.bounded(sheet)
    }

    /// Keep a formula's link, when it is a `HYPERLINK` to a web page (no other formula is
    /// read).
    fn formula(&mut self, sheet: &str, at: (u32, u32), formula: &str) -> Result<(), String> {
        if let Some(link) = super::hyperlink_formula(formula) {
            self.links.push((at, link));
        }
        self.bounded(sheet)
    }

    fn bounded(&self, sheet: &str) -> Result<(), String> {
        if self.values.len() + self.links.len() > self.limit {
            return Err(format!(
                "sheet \"{sheet}\" holds more than the {} cells readnext reads from a workbook; save the sheet as CSV (UTF-8) and pass that",
                self.limit
            ));
        }
        Ok(())
    }

    /// The first row and the first column with a value; `None` for an empty sheet.
    pub fn corner(&self) -> Option<(u32, u32)> {
        let top = self.values.keys().next()?.0;
        let left = self.values.keys().map(|&(_, c)| c).min()?;
        Some((top, left))
    }

    /// The numbers of the rows from `from` on that hold a value, in order.
    pub fn rows_from(&self, from: u32) -> impl Iterator<Item = u32> + '_ {
        let mut last = None;
        self.values
            .range((from, 0)..)
            .map(|(&(r, _), _)| r)
            .filter(move |&r| last.replace(r) != Some(r))
    }

    /// Row `row`'s cells from column `left` up to its last value, at most `width` of them
    /// (the columns a header names; cells past them have no name and are not read).
    pub fn row(&self, row: u32, left: u32, width: usize) -> Vec<&Data> {
        let end = left.saturating_add(u32::try_from(width).unwrap_or(u32::MAX));
        let mut out = Vec::new();
        for (&(_, c), v) in self.values.range((row, left)..(row, end)) {
            out.resize((c - left) as usize, &Data::Empty);
            out.push(v);
        }
        out
    }

    /// The links of the sheet's `HYPERLINK` formulas, by absolute position.
    pub fn links(&self) -> impl Iterator<Item = ((u32, u32), &str)> {
        self.links.iter().map(|(at, l)| (*at, l.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(cells: &[((u32, u32), &str)]) -> Grid {
        let mut g = Grid::new(MAX_CELLS);
        for &(at, v) in cells {
            g.owned("s", at, Data::String(v.into())).unwrap();
        }
        g
    }

    #[test]
    fn a_far_cell_costs_one_cell() {
        let g = grid(&[
            ((2, 1), "Title"),
            ((3, 1), "LoRA"),
            ((1_048_575, 16_383), "x"),
        ]);
        assert_eq!(g.corner(), Some((2, 1)));
        assert_eq!(g.rows_from(0).collect::<Vec<_>>(), [2, 3, 1_048_575]);
        assert_eq!(g.rows_from(3).collect::<Vec<_>>(), [3, 1_048_575]);
        assert_eq!(g.row(3, 1, 4), [&Data::String("LoRA".into())]);
        // Cells past the header's columns are not read.
        assert!(g.row(1_048_575, 1, 4).is_empty());
        assert_eq!(g.row(1_048_575, 1, 16_383).len(), 16_383);
    }

    #[test]
    fn a_sheet_past_the_limit_is_refused_with_the_fix() {
        let mut g = Grid::new(2);
        g.owned("Papers", (0, 0), Data::String("Title".into()))
            .unwrap();
        // Empty cells cost nothing.
        g.owned("Papers", (0, 1), Data::Empty).unwrap();
        g.formula("Papers", (0, 2), "").unwrap();
        // Only a formula's link is kept, and counted.
        g.formula("Papers", (1, 0), "SUM(B1:B9)").unwrap();
        g.formula(
            "Papers",
            (1, 1),
            "HYPERLINK(\"https://arxiv.org/abs/2106.09685\")",
        )
        .unwrap();
        assert_eq!(
            g.links().collect::<Vec<_>>(),
            [((1, 1), "https://arxiv.org/abs/2106.09685")]
        );
        let err = g.owned("Papers", (2, 0), Data::Int(1)).unwrap_err();
        assert!(
            err.contains("sheet \"Papers\" holds more than the 2 cells")
                && err.contains("save the sheet as CSV"),
            "{err}"
        );
    }

    #[test]
    fn gaps_in_a_row_read_as_empty_cells() {
        let g = grid(&[((0, 0), "a"), ((0, 3), "d")]);
        assert_eq!(
            g.row(0, 0, 10),
            [
                &Data::String("a".into()),
                &Data::Empty,
                &Data::Empty,
                &Data::String("d".into())
            ]
        );
    }
}
