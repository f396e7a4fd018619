//! Table layout: column widths, cell text wrapping, row heights with merged
//! cells, and splitting across pages with the header rows repeated.
//!
//! First every cell is measured (its lines at the table's font size), then
//! row heights are resolved so each merged cell's rows are tall enough for
//! its text, and only then are rows dealt onto pages. A merged cell cut by a
//! page break is drawn on both pages, its label repeated, and each part is
//! made tall enough for the label. Spans were validated in `document`.

use super::flow::{BASELINE_SHARE, Flow, MARGIN_LEFT, TEXT_WIDTH};
use super::fonts::Role;
use super::frame::{Item, Rule, Semantic};
use super::linebreak::{Line, LineBox, Style, break_lines, place_line};
use super::metrics::Metrics;
use super::{LayoutError, snippet};
use crate::document::Table;
use crate::document::style::{self as st, pt};

/// Exact line pitch of a table's text.
fn pitch(table: &Table) -> f32 {
    pt(st::table_line(table.font_half_pt))
}

/// Cell padding, left/right and top/bottom (the DOCX's cell margins).
const PAD_X: f32 = pt(st::CELL_PAD_X);
const PAD_Y: f32 = pt(st::CELL_PAD_Y);
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
}

fn cell_style(size: f32, bold: bool) -> Style {
    Style {
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
        let mut heights = vec![pitch + 2.0 * PAD_Y; table.row_count];
        for (cell, m) in table.cells.iter().zip(&cells) {
            if cell.rowspan == 1 {
                heights[cell.row] = heights[cell.row].max(m.need);
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
        })
    }

    fn header_height(&self) -> f32 {
        self.heights[..self.table.header_rows].iter().sum()
    }

    /// Extra height row `r` needs when a page ends after it, so every merged
    /// cell cut there shows its whole label above the cut. `first` is the
    /// first body row on the page; `placed[k]` the height given to row
    /// `first + k`.
    fn cut_deficit(&self, first: usize, r: usize, placed: &[f32]) -> f32 {
        self.part_deficit(first, r, placed, |c| c.row + c.rowspan > r + 1)
    }

    /// Extra height row `r` needs because a merged cell that began on an
    /// earlier page ends at `r` and its part on this page is short.
    fn end_deficit(&self, first: usize, r: usize, placed: &[f32]) -> f32 {
        self.part_deficit(first, r, placed, |c| {
            c.row < first && c.row + c.rowspan == r + 1
        })
    }

    fn part_deficit(
        &self,
        first: usize,
        r: usize,
        placed: &[f32],
        which: impl Fn(&crate::document::Cell) -> bool,
    ) -> f32 {
        let mut deficit: f32 = 0.0;
        for (cell, m) in self.table.cells.iter().zip(&self.cells) {
            let covers = cell.row <= r && r < cell.row + cell.rowspan;
            if cell.rowspan > 1 && covers && which(cell) {
                let from = cell.row.max(first);
                let have: f32 = placed[from - first..=r - first].iter().sum();
                deficit = deficit.max(m.need - have);
            }
        }
        deficit.max(0.0)
    }
}

/// Height a table needs to start on a page: header plus first body row.
pub fn lead_height(table: &Table, metrics: &Metrics) -> f32 {
    match Grid::new(table, metrics) {
        Ok(g) => {
            let first = g.heights.get(g.table.header_rows).copied().unwrap_or(0.0);
            g.header_height() + first
        }
        Err(_) => 0.0,
    }
}

/// Body rows dealt to one page, with the height each gets there.
struct PagePart {
    first: usize,
    heights: Vec<f32>,
}

/// Places a table at the flow's cursor, continuing on new pages as needed.
pub fn place(flow: &mut Flow, table: &Table, block: usize) -> Result<(), LayoutError> {
    let grid = Grid::new(table, flow.metrics)?;
    let n = table.row_count;
    let header_h = grid.header_height();
    let mut next = table.header_rows;
    let mut first_part = true;
    loop {
        let room = flow.room() - header_h;
        let part = deal(&grid, next, room);
        // Not even one row fits under the header: start on a fresh page.
        let overflow = room < 0.0 || part.heights.first().is_some_and(|&h| h > room + 0.05);
        if (overflow || (part.heights.is_empty() && next < n)) && !flow.at_page_top() {
            flow.new_page();
            continue;
        }
        draw_part(flow, &grid, &part, block, first_part);
        next = part.first + part.heights.len();
        first_part = false;
        if next >= n {
            break;
        }
        flow.new_page();
    }
    Ok(())
}

/// Takes body rows from `first` on while they fit in `room`, ending at a
/// row after which a page may break (every merged cell cut there keeps its
/// label whole).
fn deal(grid: &Grid, first: usize, room: f32) -> PagePart {
    let n = grid.table.row_count;
    let mut placed: Vec<f32> = Vec::new();
    let mut used = 0.0;
    // (rows kept, extra for the last kept row) at the last safe cut.
    let mut safe: Option<(usize, f32)> = None;
    let mut r = first;
    while r < n {
        let mut h = grid.heights[r];
        placed.push(h);
        h += grid.end_deficit(first, r, &placed);
        *placed.last_mut().expect("pushed") = h;
        if used + h > room + 0.05 && r > first {
            placed.pop();
            break;
        }
        used += h;
        if r + 1 == n {
            safe = Some((placed.len(), 0.0));
        } else {
            let d = grid.cut_deficit(first, r, &placed);
            if used + d <= room + 0.05 {
                safe = Some((placed.len(), d));
            }
        }
        r += 1;
    }
    let (keep, extra) = safe.unwrap_or((placed.len(), 0.0));
    placed.truncate(keep.max(1).min(placed.len()));
    if let Some(last) = placed.last_mut() {
        *last += extra;
    }
    PagePart {
        first,
        heights: placed,
    }
}

/// Draws the header rows and one page's body rows at the flow's cursor.
fn draw_part(flow: &mut Flow, grid: &Grid, part: &PagePart, block: usize, first_part: bool) {
    let t = grid.table;
    let top = flow.y;
    // Row tops on this page: header rows, then the part's body rows.
    let mut row_y: Vec<(usize, f32, f32)> = Vec::new();
    let mut y = top;
    for r in 0..t.header_rows {
        row_y.push((r, y, grid.heights[r]));
        y += grid.heights[r];
    }
    for (k, &h) in part.heights.iter().enumerate() {
        row_y.push((part.first + k, y, h));
        y += h;
    }
    let bottom = y;
    let last_row = part.first + part.heights.len();
    let span_of = |r: usize| row_y.iter().find(|(row, _, _)| *row == r).copied();
    let left = MARGIN_LEFT;
    let right = MARGIN_LEFT + TEXT_WIDTH;
    let mut rules = vec![rule(left, top, right, top), rule(left, top, left, bottom)];
    for (i, (cell, m)) in t.cells.iter().zip(&grid.cells).enumerate() {
        let header = cell.row < t.header_rows;
        let (from, to) = if header {
            (cell.row, cell.row + cell.rowspan)
        } else {
            let from = cell.row.max(part.first);
            let to = (cell.row + cell.rowspan).min(last_row);
            if from >= to {
                continue;
            }
            (from, to)
        };
        let (_, y0, _) = span_of(from).expect("row on page");
        let (_, y1, h1) = span_of(to - 1).expect("row on page");
        let y1 = y1 + h1;
        let x0 = left + grid.col_x[cell.col];
        let x1 = left + grid.col_x[cell.col + cell.colspan];
        rules.push(rule(x1, y0, x1, y1));
        rules.push(rule(x0, y1, x1, y1));
        // Repeated headers and continued labels are not new content.
        let repeated = if header { !first_part } else { cell.row < from };
        let semantic = if repeated {
            Semantic::Artifact
        } else {
            Semantic::Content {
                block,
                cell: Some(i),
            }
        };
        let pitch = pitch(t);
        let text_h = m.need - 2.0 * PAD_Y;
        let mut line_top = y0 + ((y1 - y0) - text_h) / 2.0;
        let style = cell_style(grid.size, cell.bold);
        let inner = x1 - x0 - 2.0 * PAD_X;
        for line in &m.lines {
            let baseline = line_top + pitch * BASELINE_SHARE;
            let runs = place_line(
                line,
                &cell.text,
                &style,
                cell.align,
                LineBox {
                    x: x0 + PAD_X,
                    width: inner,
                    baseline,
                },
                semantic,
            );
            flow.items.extend(runs.into_iter().map(Item::Text));
            line_top += pitch;
        }
    }
    flow.items.extend(rules.into_iter().map(Item::Rule));
    flow.y = bottom;
}

fn rule(x1: f32, y1: f32, x2: f32, y2: f32) -> Rule {
    Rule {
        x1,
        y1,
        x2,
        y2,
        width: BORDER,
    }
}
