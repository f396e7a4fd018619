//! Drawing one page's part of a table: its header rows, its body pieces,
//! the cells' lines and the rules.

use super::{BORDER, Grid, PAD_X, PAD_Y, Piece, cell_style};
use crate::document::{Rules, VAlign};
use crate::layout::flow::{BASELINE_SHARE, Flow, MARGIN_LEFT, TEXT_WIDTH};
use crate::layout::frame::{Item, Rule, Semantic};
use crate::layout::linebreak::{LineBox, place_line};

/// Draws the header rows and one page's body pieces at the flow's cursor.
pub(super) fn draw_part(
    flow: &mut Flow,
    grid: &Grid,
    pieces: &[Piece],
    block: usize,
    first_part: bool,
) {
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
    for (i, cell) in t.cells.iter().enumerate() {
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
        // A merged label continued from the page before is shown again
        // (the DOCX restarts its merge there); like repeated headers, the
        // repetition is an artifact for readers of the tagged text.
        let continued = !header && (cell.row < from || piece.is_some_and(|p| p.from > 0));
        let repeat = continued && cell.rowspan > 1;
        let semantic = if header && !first_part || repeat {
            Semantic::Artifact
        } else {
            Semantic::Content {
                block,
                cell: Some(i),
            }
        };
        let split = piece.filter(|p| !repeat && cell.rowspan == 1 && (p.split || p.from > 0));
        let cell_box = (x0, y0, x1, y1);
        draw_cell(flow, grid, i, split, cell_box, semantic);
    }
    flow.items.extend(rules.into_iter().map(Item::Rule));
    flow.y = bottom;
}

/// Draws cell `i`'s lines in its box on this page: all of them, or a split
/// row's share (`split`), set from the top of its piece.
fn draw_cell(
    flow: &mut Flow,
    grid: &Grid,
    i: usize,
    split: Option<Piece>,
    (x0, y0, x1, y1): (f32, f32, f32, f32),
    semantic: Semantic,
) {
    let (cell, m) = (&grid.table.cells[i], &grid.cells[i]);
    let (lines, mut line_top) = match split {
        Some(p) => {
            let to = p.to.min(m.lines.len());
            let from = p.from.min(to);
            (&m.lines[from..to], y0 + PAD_Y)
        }
        None => {
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
        let at = LineBox {
            x: x0 + PAD_X,
            width: inner,
            baseline,
        };
        let runs = place_line(line, &cell.text, &style, cell.align, at, semantic);
        flow.items.extend(runs.into_iter().map(Item::Text));
        line_top += grid.pitch;
    }
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
