//! Tables with merged cells, resolved from a grid of markers into cells with
//! explicit positions and spans.
//!
//! Templates write a full grid where `^^` means "merged into the cell above"
//! and `^<` "merged into the cell to the left". [`Table::from_grid`] turns it
//! into [`Cell`]s with row/column spans and rejects any shape a backend could
//! not draw (a merge that would make a non-rectangular cell, a span crossing
//! the header boundary). Backends then walk [`Table::slots`].

use super::Align;
use std::fmt;

/// Marker for a slot merged into the cell above it.
pub const MERGE_UP: &str = "^^";
/// Marker for a slot merged into the cell to its left.
pub const MERGE_LEFT: &str = "^<";

/// Which rules a table draws besides the cells' own (a cell's rule below
/// is drawn whatever the table's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rules {
    /// Every cell boxed (the default).
    #[default]
    All,
    /// None: a layout table (a cover's fields).
    None,
    /// Only the frame around the whole table.
    Outer,
}

/// A row's height, in lines of the table's text (padding included, as the
/// backends measure a row of that many lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowHeight {
    /// As tall as its tallest cell.
    #[default]
    Auto,
    /// At least this many lines (a box left for a signature).
    AtLeast(u32),
    /// Exactly this many lines; text beyond them is not shown.
    Exact(u32),
}

/// Vertical alignment of a cell's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VAlign {
    Top,
    #[default]
    Middle,
    Bottom,
}

/// What a template may set on one cell; unset parts take the table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CellStyle {
    pub bold: Option<bool>,
    pub align: Option<Align>,
    pub valign: Option<VAlign>,
    /// A rule under the cell: a fill-in field's line.
    pub rule_below: bool,
}

/// A resolved table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column widths. After [`super::parse_markup`] they are twips summing
    /// to `style::TEXT_WIDTH`, fitted to the content (`columns.rs`); a
    /// table built directly has the relative widths it was given.
    pub widths: Vec<u32>,
    /// How many leading rows form the header, repeated on every page.
    pub header_rows: usize,
    /// Font size in half-points (28 = 4号 14 pt, 24 = 小4号 12 pt).
    pub font_half_pt: u32,
    /// Number of rows in the grid.
    pub row_count: usize,
    /// Cells in reading order (row by row, left to right).
    pub cells: Vec<Cell>,
    /// The rules drawn between and around cells.
    pub rules: Rules,
    /// Each row's height rule (`row_count` of them).
    pub row_heights: Vec<RowHeight>,
}

/// One visible cell, possibly spanning several grid slots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
    pub align: Align,
    /// Header cells are bold, and cells the template marks so.
    pub bold: bool,
    pub valign: VAlign,
    /// A rule under the cell, whatever the table's rules.
    pub rule_below: bool,
}

/// One slot of a grid being resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// The start of a new cell with this text.
    Text(String),
    /// The start of a new cell with this text and style.
    Styled(String, CellStyle),
    /// Merged into the cell above.
    MergeUp,
    /// Merged into the cell to the left.
    MergeLeft,
}

/// What occupies one grid slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The top-left slot of cell `cells[i]`.
    Origin(usize),
    /// A slot covered by cell `cells[i]`, which starts above or to the left.
    Covered(usize),
}

/// Why a grid of markers is not a drawable table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// 1-based row within the table.
    pub row: usize,
    /// 1-based column.
    pub col: usize,
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "表格第{}行第{}列：{}", self.row, self.col, self.message)
    }
}

impl Cell {
    /// A new cell at row `r`, column `c`: header cells centred and bold,
    /// body cells aligned as their column, then the template's own style.
    fn new(
        r: usize,
        c: usize,
        text: &str,
        aligns: &[Align],
        header_rows: usize,
        style: CellStyle,
    ) -> Cell {
        let header = r < header_rows;
        let column = match header {
            true => Align::Center,
            false => aligns.get(c).copied().unwrap_or(Align::Center),
        };
        Cell {
            row: r,
            col: c,
            rowspan: 1,
            colspan: 1,
            text: text.to_string(),
            align: style.align.unwrap_or(column),
            bold: style.bold.unwrap_or(header),
            valign: style.valign.unwrap_or_default(),
            rule_below: style.rule_below,
        }
    }
}

impl Table {
    /// Resolves a grid of cell texts and merge markers into a table.
    ///
    /// `aligns` gives each column's alignment for body rows (header rows are
    /// always centred). Every row must have exactly `widths.len()` slots.
    pub fn from_grid(
        widths: Vec<u32>,
        aligns: &[Align],
        header_rows: usize,
        font_half_pt: u32,
        grid: &[Vec<String>],
    ) -> Result<Table, TableError> {
        let entries: Vec<Vec<Entry>> = grid
            .iter()
            .map(|row| {
                row.iter()
                    .map(|t| match t.as_str() {
                        MERGE_UP => Entry::MergeUp,
                        MERGE_LEFT => Entry::MergeLeft,
                        _ => Entry::Text(t.clone()),
                    })
                    .collect()
            })
            .collect();
        Self::from_entries(widths, aligns, header_rows, font_half_pt, &entries)
    }

    /// Like [`Table::from_grid`], with merges given as values, so that any
    /// text, even `^^`, can be a cell's content.
    pub fn from_entries(
        widths: Vec<u32>,
        aligns: &[Align],
        header_rows: usize,
        font_half_pt: u32,
        grid: &[Vec<Entry>],
    ) -> Result<Table, TableError> {
        let ncols = widths.len();
        let err = |row: usize, col: usize, message: String| TableError {
            row: row + 1,
            col: col + 1,
            message,
        };
        if ncols == 0 {
            return Err(err(0, 0, "表格没有列".into()));
        }
        if header_rows > grid.len() {
            return Err(err(
                0,
                0,
                format!("表头行数 {header_rows} 超过表格行数 {}", grid.len()),
            ));
        }
        let mut cells: Vec<Cell> = Vec::new();
        // owner[r][c] = index of the cell occupying that slot.
        let mut owner: Vec<Vec<usize>> = Vec::with_capacity(grid.len());
        for (r, row) in grid.iter().enumerate() {
            if row.len() != ncols {
                return Err(err(r, 0, format!("应有{ncols}列，实际{}列", row.len())));
            }
            let mut owners = Vec::with_capacity(ncols);
            for (c, entry) in row.iter().enumerate() {
                let o = match entry {
                    Entry::MergeUp => {
                        let Some(&o) = r.checked_sub(1).map(|p| &owner[p][c]) else {
                            return Err(err(r, c, "第一行不能向上合并".into()));
                        };
                        let cell = &mut cells[o];
                        if r == header_rows && header_rows > 0 {
                            return Err(err(r, c, "合并单元格不能跨越表头".into()));
                        }
                        let ends = cell.row + cell.rowspan;
                        if cell.col == c && ends == r {
                            cell.rowspan += 1;
                        } else if !(cell.col < c && ends == r + 1) {
                            return Err(err(r, c, "向上合并的单元格不是矩形".into()));
                        }
                        o
                    }
                    Entry::MergeLeft => {
                        let Some(&o) = c.checked_sub(1).map(|p| &owners[p]) else {
                            return Err(err(r, c, "第一列不能向左合并".into()));
                        };
                        let cell: &mut Cell = &mut cells[o];
                        if cell.row != r || cell.rowspan != 1 {
                            return Err(err(r, c, "不能向左合并到跨行的单元格".into()));
                        }
                        cell.colspan += 1;
                        o
                    }
                    Entry::Text(text) => {
                        cells.push(Cell::new(
                            r,
                            c,
                            text,
                            aligns,
                            header_rows,
                            CellStyle::default(),
                        ));
                        cells.len() - 1
                    }
                    Entry::Styled(text, style) => {
                        cells.push(Cell::new(r, c, text, aligns, header_rows, *style));
                        cells.len() - 1
                    }
                };
                owners.push(o);
            }
            if let Some(c) = ragged_merge(&cells, &owners, r) {
                return Err(err(r, c, "向上合并的单元格宽度不一致".into()));
            }
            owner.push(owners);
        }
        Ok(Table {
            widths,
            header_rows,
            font_half_pt,
            row_count: grid.len(),
            cells,
            rules: Rules::All,
            row_heights: vec![RowHeight::Auto; grid.len()],
        })
    }
}

/// The first column of row `r` where a cell extended down from above does
/// not cover its full width (`owners`: the cell of each slot of the row).
fn ragged_merge(cells: &[Cell], owners: &[usize], r: usize) -> Option<usize> {
    for (c, &o) in owners.iter().enumerate() {
        let cell = &cells[o];
        if cell.row < r && (c < cell.col || c >= cell.col + cell.colspan) {
            return Some(c);
        }
    }
    owners.iter().find_map(|&o| {
        let cell = &cells[o];
        let covered = owners.iter().filter(|&&x| x == o).count();
        (cell.row < r && covered != cell.colspan).then_some(cell.col)
    })
}

impl Table {
    /// The visible cells in reading order.
    pub fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.cells.iter()
    }

    /// The grid, slot by slot: which cell starts or covers each position.
    pub fn slots(&self) -> Vec<Vec<Slot>> {
        let ncols = self.widths.len();
        let mut grid = vec![vec![None; ncols]; self.row_count];
        for (i, cell) in self.cells.iter().enumerate() {
            for (r, row) in grid
                .iter_mut()
                .enumerate()
                .skip(cell.row)
                .take(cell.rowspan)
            {
                for (c, slot) in row.iter_mut().enumerate().skip(cell.col).take(cell.colspan) {
                    *slot = Some(if r == cell.row && c == cell.col {
                        Slot::Origin(i)
                    } else {
                        Slot::Covered(i)
                    });
                }
            }
        }
        // from_grid guarantees full coverage; a hole would be a bug there.
        grid.into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|s| s.expect("table grid fully covered"))
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn vertical_and_horizontal_merges_resolve() {
        let g = grid(&[
            &["一级", "二级", "三级"],
            &["产出", "数量", "a"],
            &["^^", "^^", "b"],
            &["^^", "质量", "c"],
            &["总分", "^<", "98"],
        ]);
        let t = Table::from_grid(vec![1, 1, 1], &[], 1, 24, &g).unwrap();
        let chanchu = t.cells.iter().find(|c| c.text == "产出").unwrap();
        assert_eq!((chanchu.row, chanchu.rowspan, chanchu.colspan), (1, 3, 1));
        let shuliang = t.cells.iter().find(|c| c.text == "数量").unwrap();
        assert_eq!(shuliang.rowspan, 2);
        let total = t.cells.iter().find(|c| c.text == "总分").unwrap();
        assert_eq!(total.colspan, 2);
        let slots = t.slots();
        assert_eq!(slots[3][0], Slot::Covered(3));
        assert!(matches!(slots[4][1], Slot::Covered(_)));
    }

    #[test]
    fn wide_cell_merges_down_as_a_rectangle() {
        let g = grid(&[&["h", "h2"], &["a", "^<"], &["^^", "^^"]]);
        let t = Table::from_grid(vec![1, 1], &[], 1, 24, &g).unwrap();
        assert_eq!((t.cells[2].rowspan, t.cells[2].colspan), (2, 2));
    }

    #[test]
    fn non_rectangular_merge_is_rejected() {
        let g = grid(&[&["h", "h2"], &["a", "^<"], &["^^", "x"]]);
        let e = Table::from_grid(vec![1, 1], &[], 1, 24, &g).unwrap_err();
        assert_eq!(e.row, 3);
        let g = grid(&[&["^^", "x"]]);
        assert!(Table::from_grid(vec![1, 1], &[], 0, 24, &g).is_err());
        let g = grid(&[&["h", "x"], &["^^", "y"]]);
        assert!(
            Table::from_grid(vec![1, 1], &[], 1, 24, &g).is_err(),
            "crosses header"
        );
        let g = grid(&[&["a", "b", "c"]]);
        assert!(
            Table::from_grid(vec![1, 1], &[], 0, 24, &g).is_err(),
            "column count"
        );
    }
}
