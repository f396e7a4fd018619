//! Table layout: column widths, cell text wrapping, row heights with merged
//! cells, and splitting across pages with the header rows repeated.
//!
//! First every cell is measured (its lines at the table's font size), then
//! row heights are resolved so each merged cell's rows are tall enough for
//! its text, and only then are rows dealt onto pages. A merged cell cut by a
//! page break is drawn on both pages, its label repeated, and each part is
//! made tall enough for the label. Spans were validated in `document`.

use super::flow::{BASELINE_SHARE, Flow, MARGIN_LEFT, TEXT_BOTTOM, TEXT_TOP, TEXT_WIDTH};
use super::fonts::Role;
use super::frame::{Item, Rule, Semantic};
use super::linebreak::{Line, LineBox, Style, break_lines, place_line};
use super::metrics::Metrics;
use super::{LayoutError, snippet};
use crate::document::style::{self as st, pt};
use crate::document::{RowHeight, Rules, Table, VAlign};

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

    /// Height of row `r` from its line `from` on (the rest of a split row).
    fn rest_height(&self, r: usize, from: usize) -> f32 {
        self.heights[r] - from as f32 * self.pitch
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
            let starts_here = pieces.iter().any(|p| p.row == cell.row && p.from == 0);
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
        let (pieces, next) = deal(&grid, cursor, room, fresh, tail);
        // A table does not start with one lone row (or nothing) at a page
        // foot; the first lines of a tall row that breaks are fine.
        let lone = first_part && pieces.len() == 1 && !pieces[0].split && next.0 < table.row_count;
        let nothing = pieces.is_empty() && cursor.0 < table.row_count;
        if (lone || nothing) && !fresh {
            flow.new_page();
            continue;
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

/// Deals body pieces from `cursor` (row, first line) into `room`: whole
/// rows while they fit; then the next row split between two lines if it
/// may break (more than `CANT_SPLIT_MAX_LINES` lines, or taller than a
/// whole page); the page ends at a row boundary where every merged label
/// cut there fits, and never leaves the table's last row alone on the
/// next page. Returns the pieces and where the next page continues.
fn deal(
    grid: &Grid,
    cursor: (usize, usize),
    room: f32,
    fresh: bool,
    tail: f32,
) -> (Vec<Piece>, (usize, usize)) {
    const EPS: f32 = 0.05;
    let n = grid.table.row_count;
    let mut pieces: Vec<Piece> = Vec::new();
    let mut used = 0.0;
    // (pieces kept, extra height for the last one, next cursor).
    let mut safe: Option<(usize, f32, (usize, usize))> = None;
    let (mut r, mut k) = cursor;
    while r < n {
        let h = grid.rest_height(r, k);
        if used + h <= room + EPS {
            pieces.push(Piece {
                row: r,
                from: k,
                to: usize::MAX,
                height: h,
                split: false,
            });
            used += h;
            let d = if r + 1 == n {
                0.0
            } else {
                grid.cut_deficit(&pieces)
            };
            if used + d <= room + EPS {
                safe = Some((pieces.len(), d, (r + 1, 0)));
            }
            r += 1;
            k = 0;
            continue;
        }
        // The row does not fit: split it at a line boundary if it may break.
        let left = grid.row_lines[r] - k;
        let too_tall = h > TEXT_BOTTOM - TEXT_TOP - EPS;
        // A row of a set height keeps together (the DOCX's cantSplit).
        let auto = grid
            .table
            .row_heights
            .get(r)
            .is_none_or(|h| *h == RowHeight::Auto);
        let may_split = auto && grid.row_lines[r] > st::CANT_SPLIT_MAX_LINES || too_tall;
        let fit_lines = ((room - used - 2.0 * PAD_Y) / grid.pitch + 0.01).floor();
        // At least two lines on either side of the break, as widow and
        // orphan control keeps them in a paragraph.
        let min = ROW_SPLIT_MIN_LINES;
        let fit = (fit_lines.max(0.0) as usize).min(left.saturating_sub(min));
        if may_split && fit >= min {
            let take = fit;
            pieces.push(Piece {
                row: r,
                from: k,
                to: k + take,
                height: take as f32 * grid.pitch + 2.0 * PAD_Y,
                split: true,
            });
            let d = grid.cut_deficit(&pieces);
            if used + pieces.last().map_or(0.0, |p| p.height) + d <= room + EPS {
                return (pieces, (r, k + take));
            }
            pieces.pop();
        }
        break;
    }
    if r >= n {
        // The block that follows does not fit under the table's end: the
        // last two rows go to the next page with it (keeping two here).
        let k = pieces.len().saturating_sub(2);
        let at_row = pieces.get(k).is_some_and(|p| p.from == 0);
        if tail > 0.0 && used + tail > room + EPS && k >= 2 && at_row && !pieces[k - 1].split {
            let shorter = &pieces[..k];
            let d = grid.cut_deficit(shorter);
            let h: f32 = shorter.iter().map(|p| p.height).sum();
            if h + d <= room + EPS {
                let next = (pieces[k].row, 0);
                pieces.truncate(k);
                if let Some(last) = pieces.last_mut() {
                    last.height += d;
                }
                return (pieces, next);
            }
        }
        return (pieces, (n, 0));
    }
    let Some((mut keep, mut extra, mut next)) = safe else {
        // Nothing fits with its labels whole: on a fresh page take the
        // first row anyway (it cannot fit anywhere better).
        if fresh && pieces.is_empty() {
            let h = grid.rest_height(r, k);
            let piece = Piece {
                row: r,
                from: k,
                to: usize::MAX,
                height: h,
                split: false,
            };
            return (vec![piece], (r + 1, 0));
        }
        if !fresh {
            // Try again on a fresh page.
            return (Vec::new(), cursor);
        }
        let next = pieces.last().map_or(cursor, |p| (p.row + 1, 0));
        return (pieces, next);
    };
    // The table's last row is not left alone on the next page.
    if next.0 + 1 == n && next.1 == 0 && keep >= 3 {
        let shorter = &pieces[..keep - 1];
        let d = grid.cut_deficit(shorter);
        let used: f32 = shorter.iter().map(|p| p.height).sum();
        if used + d <= room + EPS {
            keep -= 1;
            extra = d;
            next = (next.0 - 1, 0);
        }
    }
    pieces.truncate(keep);
    if let Some(last) = pieces.last_mut() {
        last.height += extra;
    }
    (pieces, next)
}

/// Draws the header rows and one page's body pieces at the flow's cursor.
fn draw_part(flow: &mut Flow, grid: &Grid, pieces: &[Piece], block: usize, first_part: bool) {
    let t = grid.table;
    let top = flow.y;
    // (row, top, height, piece) for the header rows and the body pieces.
    let mut rows: Vec<(usize, f32, f32, Option<Piece>)> = Vec::new();
    let mut y = top;
    for r in 0..t.header_rows {
        rows.push((r, y, grid.heights[r], None));
        y += grid.heights[r];
    }
    for p in pieces {
        rows.push((p.row, y, p.height, Some(*p)));
        y += p.height;
    }
    let bottom = y;
    let (first_row, last_row) = match (pieces.first(), pieces.last()) {
        (Some(a), Some(b)) => (a.row, b.row + 1),
        _ => (t.header_rows, t.header_rows),
    };
    let span_of = |r: usize| rows.iter().find(|(row, ..)| *row == r).copied();
    let left = MARGIN_LEFT;
    let right = MARGIN_LEFT + TEXT_WIDTH;
    let mut rules = match t.rules {
        Rules::All => vec![rule(left, top, right, top), rule(left, top, left, bottom)],
        Rules::Outer => vec![
            rule(left, top, right, top),
            rule(left, top, left, bottom),
            rule(right, top, right, bottom),
            rule(left, bottom, right, bottom),
        ],
        Rules::None => Vec::new(),
    };
    for (i, (cell, m)) in t.cells.iter().zip(&grid.cells).enumerate() {
        let header = cell.row < t.header_rows;
        let (from, to) = if header {
            (cell.row, cell.row + cell.rowspan)
        } else {
            let from = cell.row.max(first_row);
            let to = (cell.row + cell.rowspan).min(last_row);
            if from >= to {
                continue;
            }
            (from, to)
        };
        let Some((_, y0, _, piece)) = span_of(from) else {
            continue;
        };
        let Some((_, y1, h1, _)) = span_of(to - 1) else {
            continue;
        };
        let y1 = y1 + h1;
        let x0 = left + grid.col_x[cell.col];
        let x1 = left + grid.col_x[cell.col + cell.colspan];
        if t.rules == Rules::All {
            rules.push(rule(x1, y0, x1, y1));
        }
        if t.rules == Rules::All || cell.rule_below {
            rules.push(rule(x0, y1, x1, y1));
        }
        // A merged label is drawn once, in its first part (Word does not
        // repeat it after a page break); repeated headers are artifacts.
        let continued = !header && (cell.row < from || piece.is_some_and(|p| p.from > 0));
        if continued && cell.rowspan > 1 {
            continue;
        }
        let semantic = if header && !first_part {
            Semantic::Artifact
        } else {
            Semantic::Content {
                block,
                cell: Some(i),
            }
        };
        // The lines of this cell on this page: all of them, or a split
        // row's share, set from the top of its piece.
        let (lines, mut line_top) = match piece {
            Some(p) if cell.rowspan == 1 && (p.split || p.from > 0) => {
                let to = p.to.min(m.lines.len());
                let from = p.from.min(to);
                (&m.lines[from..to], y0 + PAD_Y)
            }
            _ => {
                let text_h = m.need - 2.0 * PAD_Y;
                let top = match cell.valign {
                    VAlign::Top => y0 + PAD_Y,
                    VAlign::Middle => y0 + ((y1 - y0) - text_h) / 2.0,
                    VAlign::Bottom => y1 - PAD_Y - text_h,
                };
                (&m.lines[..], top)
            }
        };
        let style = cell_style(grid.size, cell.bold);
        let inner = x1 - x0 - 2.0 * PAD_X;
        for line in lines {
            let baseline = line_top + grid.pitch * BASELINE_SHARE;
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
            line_top += grid.pitch;
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
