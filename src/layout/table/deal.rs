//! Dealing a table's body rows onto pages: whole rows while they fit, a
//! tall row split between lines, page ends where merged labels fit.

use super::{BORDER, Grid, PAD_Y, Piece, ROW_SPLIT_MIN_LINES};
use crate::document::style as st;
use crate::document::{RowHeight, Rules};
use crate::layout::flow::{TEXT_BOTTOM, TEXT_TOP};

/// Slack when testing whether a piece fits.
const EPS: f32 = 0.05;

/// Deals body pieces from `cursor` (row, first line) into `room`: whole
/// rows while they fit; then the next row split between two lines if it
/// may break (more than `CANT_SPLIT_MAX_LINES` lines, or taller than a
/// whole page); the page ends at a row boundary where every merged label
/// cut there fits, and never leaves the table's last row alone on the
/// next page. Returns the pieces and where the next page continues.
pub(super) fn deal(
    grid: &Grid,
    cursor: (usize, usize),
    room: f32,
    fresh: bool,
    tail: f32,
    bump: &[f32],
) -> (Vec<Piece>, (usize, usize)) {
    let n = grid.table.row_count;
    let mut pieces: Vec<Piece> = Vec::new();
    let mut used = 0.0;
    // (pieces kept, extra height for the last one, next cursor).
    let mut safe: Option<(usize, f32, (usize, usize))> = None;
    let (mut r, mut k) = cursor;
    while r < n {
        let h = grid.rest_height(r, k, bump);
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
        if let Some(piece) = split_row(grid, r, k, h, room - used) {
            pieces.push(piece);
            let d = grid.cut_deficit(&pieces);
            if used + piece.height + d <= room + EPS {
                return (pieces, (r, piece.to));
            }
            pieces.pop();
        }
        break;
    }
    if r >= n {
        return table_end(grid, pieces, used, room, tail);
    }
    let Some((mut keep, mut extra, mut next)) = safe else {
        // Nothing fits with its labels whole: on a fresh page take the
        // first row anyway (it cannot fit anywhere better).
        if fresh && pieces.is_empty() {
            let h = grid.rest_height(r, k, bump);
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
    // The table's last row is not left alone on the next page (unless a
    // signature block follows it there).
    if next.0 + 1 == n && next.1 == 0 && keep >= 3 && tail == 0.0 {
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

/// The first lines of row `r` (from its line `k`, `h` tall) that fit in
/// `room`, if the row may break: more than `CANT_SPLIT_MAX_LINES` lines
/// and not of a set height, or taller than a whole page; at least two
/// lines on either side of the break, as widow and orphan control keeps
/// them in a paragraph.
fn split_row(grid: &Grid, r: usize, k: usize, h: f32, room: f32) -> Option<Piece> {
    let left = grid.row_lines[r] - k;
    let too_tall = h > TEXT_BOTTOM - TEXT_TOP - EPS;
    // A row of a set height keeps together (the DOCX's cantSplit).
    let auto = grid
        .table
        .row_heights
        .get(r)
        .is_none_or(|h| *h == RowHeight::Auto);
    let may_split = auto && grid.row_lines[r] > st::CANT_SPLIT_MAX_LINES || too_tall;
    // A piece holds its lines, its padding and the rule above it, as a
    // row does (LibreOffice leaves a line over rather than squeeze it).
    let frame = 2.0 * PAD_Y
        + if grid.table.rules == Rules::None {
            0.0
        } else {
            BORDER
        };
    let fit_lines = ((room - frame) / grid.pitch + 0.01).floor();
    let min = ROW_SPLIT_MIN_LINES;
    let take = (fit_lines.max(0.0) as usize).min(left.saturating_sub(min));
    (may_split && take >= min).then_some(Piece {
        row: r,
        from: k,
        to: k + take,
        height: take as f32 * grid.pitch + frame,
        split: true,
    })
}

/// The table's last rows are dealt: if the block that follows (a
/// signature, `tail` tall) does not fit under them, the last row goes to
/// the next page with it, and no more (keeping two here): the signature
/// is never alone, nor drags others along.
fn table_end(
    grid: &Grid,
    mut pieces: Vec<Piece>,
    used: f32,
    room: f32,
    tail: f32,
) -> (Vec<Piece>, (usize, usize)) {
    let n = grid.table.row_count;
    let k = pieces.len().saturating_sub(1);
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
    (pieces, (n, 0))
}
