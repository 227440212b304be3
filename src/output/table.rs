//! A plain text table: columns padded to their widest cell, long cells cut with `…`;
//! widths in terminal columns (a Hangul syllable takes two).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` made safe for a terminal (control characters become spaces) and cut to at most `width`
/// terminal columns, the last of them an ellipsis when anything was cut.
pub fn clip(s: &str, width: usize) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if columns(&clean) <= width {
        return clean;
    }
    // As many characters as fit in `width - 1` terminal columns, then the ellipsis.
    let room = width.max(2) - 1;
    let mut t = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw > room {
            break;
        }
        used += cw;
        t.push(c);
    }
    t.push('…');
    t
}

/// A table being built row by row.
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    max_width: Vec<Option<usize>>,
    right: Vec<bool>,
}

impl Table {
    /// A table with these column names.
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
            max_width: vec![None; header.len()],
            right: vec![false; header.len()],
        }
    }

    /// Cut cells of column `col` to at most `width` characters.
    pub fn max_width(mut self, col: usize, width: usize) -> Table {
        if let Some(w) = self.max_width.get_mut(col) {
            *w = Some(width.max(2));
        }
        self
    }

    /// Right-align column `col` (numbers).
    pub fn right(mut self, col: usize) -> Table {
        if let Some(r) = self.right.get_mut(col) {
            *r = true;
        }
        self
    }

    /// Add a row; missing cells are empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn cell(&self, col: usize, s: &str) -> String {
        match self.max_width[col] {
            Some(w) => clip(s, w),
            None => clip(s, usize::MAX),
        }
    }

    /// Render with a header line and two spaces between columns.
    pub fn render(&self) -> String {
        let ncol = self.header.len();
        let cells: Vec<Vec<String>> = std::iter::once(&self.header)
            .chain(self.rows.iter())
            .map(|r| {
                (0..ncol)
                    .map(|c| self.cell(c, r.get(c).map(String::as_str).unwrap_or("")))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = (0..ncol)
            .map(|c| cells.iter().map(|r| columns(&r[c])).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for r in &cells {
            let mut line = String::new();
            for (c, cell) in r.iter().enumerate() {
                let pad = widths[c] - columns(cell);
                if c > 0 {
                    line.push_str("  ");
                }
                if self.right[c] {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    if c + 1 < ncol {
                        line.push_str(&" ".repeat(pad));
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// The terminal columns `s` takes: two for a Hangul syllable, a CJK character or most
/// emoji, none for a combining mark.
fn columns(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_cuts_and_cleans() {
        let mut t = Table::new(&["#", "title"]).right(0).max_width(1, 5);
        t.row(vec!["1".into(), "abcdefgh".into()]);
        t.row(vec!["10".into(), "a\u{7}b".into()]);
        assert_eq!(t.render(), " #  title\n 1  abcd…\n10  a b\n");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        // Korean headers and titles line up with ASCII ones, and are cut by columns.
        let mut t = Table::new(&["주차", "제목", "x"]).max_width(1, 7);
        t.row(vec!["1".into(), "한국어 제목입니다".into(), "a".into()]);
        t.row(vec!["12".into(), "LoRA".into(), "b".into()]);
        assert_eq!(
            t.render(),
            "주차  제목     x\n1     한국어…  a\n12    LoRA     b\n"
        );
    }

    #[test]
    fn a_clipped_line_ends_in_an_ellipsis_and_carries_no_control_characters() {
        assert_eq!(clip("abcdefgh", 5), "abcd…");
        assert_eq!(clip("abcde", 5), "abcde");
        assert_eq!(clip("a\u{1b}[31mb", 20), "a [31mb");
        assert_eq!(clip("한국어 제목", 6), "한국…");
    }
}
