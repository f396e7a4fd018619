//! Table layout: column widths, cell text wrapping, row heights with merged
//! cells, and splitting across pages with the header rows repeated.
//!
//! First every cell is measured (its lines at the table's font size), then
//! row heights are resolved so each merged cell's rows are tall enough for
//! its text, and only then are rows dealt onto pages. A merged cell cut by a
//! page break is drawn on both pages, its label repeated, and each part is
//! made tall enough for the label. Spans were validated in `document`.

mod deal;
mod draw;

use super::flow::{Flow, TEXT_BOTTOM, TEXT_TOP, TEXT_WIDTH};
use super::fonts::Role;
use super::linebreak::{Line, Style, break_lines};
use super::metrics::Metrics;
use super::{LayoutError, snippet};
use crate::document::style::{self as st, pt};
use crate::document::{RowHeight, Rules, Table};
use deal::deal;
use draw::draw_part;

/// Exact line pitch of a table's text.
fn pitch(table: &Table) -> f32 {
    pt(st::table_line(table.font_half_pt))
}

/// Cell padding, left/right and top/bottom (the DOCX's cell margins).
const PAD_X: f32 = pt(st::CELL_PAD_X);
const PAD_Y: f32 = pt(st::CELL_PAD_Y);
/// Fewest lines of a row on either side of a page break inside it.
const ROW_SPLIT_MIN_LINES: usize = 2;
/// Border width (½ pt).
const BORDER: f32 = st::RULE_EIGHTHS as f32 / 8.0;

/// A cell, measured.
struct Measured {
    lines: Vec<Line>,
    /// Height the cell needs: text plus padding.
    need: f32,
}

/// The table with every size resolved.
struct Grid<'t> {
    table: &'t Table,
    size: f32,
    /// Column edges, `ncols + 1` of them, from the text block's left edge.
    col_x: Vec<f32>,
    cells: Vec<Measured>,
    /// Natural row heights, merged cells accounted for.
    heights: Vec<f32>,
    /// Text lines of each row's tallest single-row cell.
    row_lines: Vec<usize>,
    /// Exact line pitch of the table's text.
    pitch: f32,
}

fn cell_style(size: f32, bold: bool) -> Style {
    Style {
        hang: false,
        role: Role::Body,
        size,
        tracking: 0.0,
        fake_bold: bold,
    }
}

impl<'t> Grid<'t> {
    fn new(table: &'t Table, metrics: &Metrics) -> Result<Grid<'t>, LayoutError> {
        let size = table.font_half_pt as f32 / 2.0;
        let total: u32 = table.widths.iter().sum::<u32>().max(1);
        let mut col_x = vec![0.0];
        let mut acc = 0;
        for w in &table.widths {
            acc += w;
            col_x.push(TEXT_WIDTH * acc as f32 / total as f32);
        }
        let pitch = pitch(table);
        let mut cells = Vec::with_capacity(table.cells.len());
        for cell in &table.cells {
            let inner = col_x[cell.col + cell.colspan] - col_x[cell.col] - 2.0 * PAD_X;
            let style = cell_style(size, cell.bold);
            let lines = break_lines(
                &cell.text,
                &cell.no_break_at(),
                metrics,
                &style,
                inner,
                inner,
            )
            .map_err(|e| LayoutError::MissingGlyph {
                ch: e.ch,
                text: snippet(&cell.text),
            })?;
            // An empty cell still holds one (empty) line.
            let text_h = lines.len().max(1) as f32 * pitch;
            cells.push(Measured {
                lines,
                need: text_h + 2.0 * PAD_Y,
            });
        }
        let rule = |r: usize| table.row_heights.get(r).copied().unwrap_or_default();
        let lines_h = |n: u32| n as f32 * pitch + 2.0 * PAD_Y;
        // An exact row shows only the lines it has room for.
        for (cell, m) in table.cells.iter().zip(cells.iter_mut()) {
            if let (1, RowHeight::Exact(n)) = (cell.rowspan, rule(cell.row)) {
                m.lines.truncate(n as usize);
                m.need = m.need.min(lines_h(n));
            }
        }
        let mut heights = vec![pitch + 2.0 * PAD_Y; table.row_count];
        let mut row_lines = vec![1; table.row_count];
        for (cell, m) in table.cells.iter().zip(&cells) {
            if cell.rowspan == 1 {
                heights[cell.row] = heights[cell.row].max(m.need);
                row_lines[cell.row] = row_lines[cell.row].max(m.lines.len());
            }
        }
        let borders = border_room(table);
        for (r, h) in heights.iter_mut().enumerate() {
            match rule(r) {
                RowHeight::Auto => *h += borders[r],
                RowHeight::AtLeast(n) => *h = (*h + borders[r]).max(lines_h(n)),
                RowHeight::Exact(n) => *h = lines_h(n),
            }
        }
        // Merged cells, shortest spans first: grow the span's last row.
        let mut spans: Vec<usize> = (0..table.cells.len())
            .filter(|&i| table.cells[i].rowspan > 1)
            .collect();
        spans.sort_by_key(|&i| table.cells[i].rowspan);
        for i in spans {
            let c = &table.cells[i];
            let have: f32 = heights[c.row..c.row + c.rowspan].iter().sum();
            if have < cells[i].need {
                heights[c.row + c.rowspan - 1] += cells[i].need - have;
            }
        }
        Ok(Grid {
            table,
            size,
            col_x,
            cells,
            heights,
            row_lines,
            pitch,
        })
    }

    fn header_height(&self) -> f32 {
        self.heights[..self.table.header_rows].iter().sum()
    }

    fn body_rows(&self) -> usize {
        self.table.row_count - self.table.header_rows
    }

    /// Height of the whole table.
    fn total_height(&self) -> f32 {
        self.heights.iter().sum()
    }

    /// Whether the table is small enough to be kept on one page.
    fn keep_whole(&self) -> bool {
        self.body_rows() <= st::KEEP_WHOLE_ROWS && self.total_height() <= TEXT_BOTTOM - TEXT_TOP
    }

    /// Height of row `r` from its line `from` on (the rest of a split row),
    /// with what the page adds to it (see [`Grid::continued_room`]).
    fn rest_height(&self, r: usize, from: usize, bump: &[f32]) -> f32 {
        self.heights[r] - from as f32 * self.pitch + bump.get(r).copied().unwrap_or(0.0)
    }

    /// On a page where the table continues at `cursor`, the height each
    /// row gains so every merged label that continues onto it (and ends
    /// on it) has room to be shown again: its span's last row grows.
    fn continued_room(&self, cursor: (usize, usize)) -> Vec<f32> {
        let mut bump = vec![0.0; self.table.row_count];
        let (first, k) = cursor;
        for (cell, m) in self.table.cells.iter().zip(&self.cells) {
            let end = cell.row + cell.rowspan;
            let continues =
                cell.rowspan > 1 && (cell.row < first || k > 0) && cell.row <= first && first < end;
            if !continues {
                continue;
            }
            let have: f32 = (first..end)
                .map(|r| self.rest_height(r, if r == first { k } else { 0 }, &[]))
                .sum();
            if have < m.need {
                bump[end - 1] += m.need - have;
            }
        }
        bump
    }

    /// Extra height the last piece on a page needs so every merged cell cut
    /// by the page break shows its whole label in its first part (the only
    /// part that carries it). `pieces` are the page's pieces so far.
    fn cut_deficit(&self, pieces: &[Piece]) -> f32 {
        let Some(last) = pieces.last() else {
            return 0.0;
        };
        let r = last.row;
        let mut deficit: f32 = 0.0;
        for (cell, m) in self.table.cells.iter().zip(&self.cells) {
            let continues = cell.row <= r && r + 1 < cell.row + cell.rowspan;
            let split_here = cell.row <= r && r < cell.row + cell.rowspan && last.split;
            // Its label is drawn in this page's part: where it starts, or
            // again where it continues from the page before.
            let continued_here = pieces
                .first()
                .is_some_and(|f| cell.row < f.row || (cell.row == f.row && f.from > 0));
            let starts_here =
                continued_here || pieces.iter().any(|p| p.row == cell.row && p.from == 0);
            if cell.rowspan > 1 && (continues || split_here) && starts_here {
                let have: f32 = pieces
                    .iter()
                    .filter(|p| p.row >= cell.row)
                    .map(|p| p.height)
                    .sum();
                deficit = deficit.max(m.need - have);
            }
        }
        deficit.max(0.0)
    }
}

/// The height each row gives its horizontal rules besides its text and
/// padding, as LibreOffice lays out the DOCX (measured: a single-row
/// table with every rule is 1 pt taller than its text and padding, one
/// with no rules is not): the rule above the row, and the last row's rule
/// below it. A row of a set height holds its rules within that height.
fn border_room(table: &Table) -> Vec<f32> {
    let n = table.row_count;
    let mut rule_above = vec![false; n + 1];
    match table.rules {
        Rules::All => rule_above.iter_mut().for_each(|r| *r = true),
        Rules::Outer => {
            rule_above[0] = true;
            rule_above[n] = true;
        }
        Rules::None => {}
    }
    for cell in table.cells.iter().filter(|c| c.rule_below) {
        rule_above[cell.row + cell.rowspan] = true;
    }
    (0..n)
        .map(|r| {
            let width = |drawn: bool| if drawn { BORDER } else { 0.0 };
            width(rule_above[r]) + width(r + 1 == n && rule_above[n])
        })
        .collect()
}

/// Height a table needs to start on a page: all of a table kept whole,
/// else its header and first two body rows (one row alone is never left).
pub fn lead_height(table: &Table, metrics: &Metrics) -> f32 {
    match Grid::new(table, metrics) {
        Ok(g) if g.keep_whole() => g.total_height(),
        Ok(g) => {
            let h = g.table.header_rows;
            let first: f32 = g.heights[h..].iter().take(2).sum();
            g.header_height() + first
        }
        Err(_) => 0.0,
    }
}

/// Part of a body row placed on one page: lines `from..to` of its cells
/// (`to` = `usize::MAX` for the rest of the row).
#[derive(Debug, Clone, Copy)]
struct Piece {
    row: usize,
    from: usize,
    to: usize,
    height: f32,
    /// The row continues on the next page.
    split: bool,
}

/// Places a table at the flow's cursor, continuing on new pages as needed.
/// `tail` is the height of a block that must follow the table's last rows
/// on their page (a signature block), or 0.
pub fn place(flow: &mut Flow, table: &Table, block: usize, tail: f32) -> Result<(), LayoutError> {
    let grid = Grid::new(table, flow.metrics)?;
    let header_h = grid.header_height();
    let page = TEXT_BOTTOM - TEXT_TOP;
    if grid.keep_whole() && !flow.at_page_top() {
        let with_tail = grid.total_height() + tail;
        let whole = if with_tail <= page {
            with_tail
        } else {
            grid.total_height()
        };
        if !flow.fits(whole) {
            flow.new_page();
        }
    }
    let mut cursor = (table.header_rows, 0);
    let mut first_part = true;
    loop {
        let fresh = flow.at_page_top();
        let room = flow.room() - header_h;
        let bump = match first_part {
            true => Vec::new(),
            false => grid.continued_room(cursor),
        };
        let (pieces, next) = deal(&grid, cursor, room, fresh, tail, &bump);
        // A table does not start with one lone row (or nothing) at a page
        // foot; the first lines of a tall row that breaks are fine.
        let lone = first_part && pieces.len() == 1 && !pieces[0].split && next.0 < table.row_count;
        let nothing = pieces.is_empty() && cursor.0 < table.row_count;
        if (lone || nothing) && !fresh {
            flow.new_page();
            continue;
        }
        if !first_part {
            // The DOCX restarts its merged cells at the first whole row.
            let row = if cursor.1 == 0 {
                cursor.0
            } else {
                cursor.0 + 1
            };
            if row < table.row_count {
                flow.table_starts.push((block, row));
            }
        }
        draw_part(flow, &grid, &pieces, block, first_part);
        cursor = next;
        first_part = false;
        if cursor.0 >= table.row_count {
            break;
        }
        flow.new_page();
    }
    Ok(())
}
