//! Tables: a resolved [`Table`] with merged cells → `w:tbl`.
//!
//! `document` has already checked the spans, so this file only maps them:
//! a cell spanning columns gets `w:gridSpan`, a cell spanning rows starts a
//! `w:vMerge` run that each later row continues with an empty cell. Column
//! widths are scaled to the text width and the layout is fixed, so Word,
//! WPS and LibreOffice draw the same columns. Header rows repeat on every
//! page (`w:tblHeader`).

use super::DocxError;
use super::body::{Para, para_props, runs};
use super::styles::{self, Style};
use super::xml::Xml;
use crate::document::style as st;
use crate::document::{Align, Slot, Table};

/// Converts `t`, the `index`-th table of the document (from 1).
pub(super) fn table(x: &mut Xml, t: &Table, index: usize) -> Result<(), DocxError> {
    let grid = scale(&t.widths, st::TEXT_WIDTH).ok_or(DocxError::ZeroWidths { table: index })?;
    let span_width = |col: usize, span: usize| grid[col..col + span].iter().sum::<i32>();
    let size = t.font_half_pt;
    // A short table stays on one page: every row keeps with the next.
    let keep_whole = t.row_count <= st::KEEP_TABLE_WHOLE_ROWS;

    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    dxa(x, "w:tblW", st::TEXT_WIDTH);
    x.val("w:jc", "center");
    styles::borders(
        x,
        "w:tblBorders",
        &[
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ],
    );
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.open("w:tblCellMar", &[]);
    dxa(x, "w:top", st::CELL_PAD_Y);
    dxa(x, "w:left", st::CELL_PAD_X);
    dxa(x, "w:bottom", st::CELL_PAD_Y);
    dxa(x, "w:right", st::CELL_PAD_X);
    x.close("w:tblCellMar");
    x.close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for w in &grid {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");

    let line = st::table_line(size);
    let spacing = (line != st::table_line(st::TABLE_SIZE)).then_some((line, 0, 0));
    for (r, slots) in t.slots().iter().enumerate() {
        let keep_next = keep_whole && r + 1 < t.row_count;
        let lines = slots
            .iter()
            .enumerate()
            .filter_map(|(c, s)| match *s {
                Slot::Origin(i) if t.cells[i].rowspan == 1 => {
                    let cell = &t.cells[i];
                    Some(estimate_lines(
                        &cell.text,
                        size,
                        span_width(c, cell.colspan),
                    ))
                }
                _ => None,
            })
            .max()
            .unwrap_or(1);
        x.open("w:tr", &[]);
        x.open("w:trPr", &[]);
        if r < t.header_rows || lines <= CANT_SPLIT_MAX_LINES {
            x.empty("w:cantSplit", &[]);
        }
        if r < t.header_rows {
            x.empty("w:tblHeader", &[]);
        }
        x.close("w:trPr");
        for (c, slot) in slots.iter().enumerate() {
            let (i, origin) = match *slot {
                Slot::Origin(i) => (i, true),
                // A vertical merge continues once per row, in the cell's
                // first column; its other slots are part of its grid span.
                Slot::Covered(i) if t.cells[i].row < r && t.cells[i].col == c => (i, false),
                Slot::Covered(_) => continue,
            };
            let cell = &t.cells[i];
            x.open("w:tc", &[]);
            x.open("w:tcPr", &[]);
            dxa(x, "w:tcW", span_width(c, cell.colspan));
            if cell.colspan > 1 {
                x.val("w:gridSpan", &cell.colspan.to_string());
            }
            if cell.rowspan > 1 && origin {
                x.val("w:vMerge", "restart");
            } else if !origin {
                x.empty("w:vMerge", &[]);
            }
            x.val("w:vAlign", "center");
            x.close("w:tcPr");
            x.open("w:p", &[]);
            let p = Para {
                keep_next,
                spacing,
                jc: match cell.align {
                    Align::Center => None,
                    Align::Left => Some("left"),
                    Align::Right => Some("right"),
                    Align::Justify => Some("both"),
                },
                ..Para::default()
            };
            para_props(x, Style::TableText, &p);
            if origin {
                let bold = cell.bold;
                let rpr = move |x: &mut Xml| {
                    if bold || size != st::TABLE_SIZE {
                        x.open("w:rPr", &[]);
                        if bold {
                            x.empty("w:b", &[]);
                            x.empty("w:bCs", &[]);
                        }
                        if size != st::TABLE_SIZE {
                            styles::size(x, size);
                        }
                        x.close("w:rPr");
                    }
                };
                runs(x, &cell.text, &rpr);
            }
            x.close("w:p");
            x.close("w:tc");
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
    Ok(())
}

/// Rows estimated to need at most this many lines are kept on one page
/// (`w:cantSplit`). Taller rows may break, so a row longer than a page
/// never has to be clipped.
const CANT_SPLIT_MAX_LINES: usize = 8;

/// A width element in twips.
fn dxa(x: &mut Xml, tag: &str, w: i32) {
    x.empty(tag, &[("w:w", &w.to_string()), ("w:type", "dxa")]);
}

/// Scales relative widths to `total` twips. Rounds at the cumulative column
/// edges, so the columns add up to exactly `total`. `None` if they sum to 0.
fn scale(widths: &[u32], total: i32) -> Option<Vec<i32>> {
    let sum: u64 = widths.iter().map(|&w| u64::from(w)).sum();
    if sum == 0 {
        return None;
    }
    let total = total as u64;
    let mut acc = 0u64;
    let mut edge = 0u64;
    Some(
        widths
            .iter()
            .map(|&w| {
                acc += u64::from(w);
                let next = (total * acc + sum / 2) / sum;
                let width = next - edge;
                edge = next;
                width as i32
            })
            .collect(),
    )
}

/// Rough number of lines `text` needs in a cell `width` twips wide: wide
/// characters one em, ASCII half an em. Only used to decide `cantSplit`.
fn estimate_lines(text: &str, size: u32, width: i32) -> usize {
    let em = size as usize * 10;
    let usable = (width.max(0) as usize)
        .saturating_sub(2 * st::CELL_PAD_X as usize)
        .max(em);
    text.split('\n')
        .map(|line| {
            let w: usize = line
                .chars()
                .map(|c| if c.is_ascii() { em / 2 } else { em })
                .sum();
            w.div_ceil(usable).max(1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_widths_fill_the_text_width_exactly() {
        let g = scale(&[2, 3, 5, 1, 1, 1], st::TEXT_WIDTH).unwrap();
        assert_eq!(g.iter().sum::<i32>(), st::TEXT_WIDTH);
        // Proportional within the one twip of rounding.
        assert!((g[0] * 5).abs_diff(g[2] * 2) <= 5, "{g:?}");
        assert_eq!(scale(&[0, 0], st::TEXT_WIDTH), None);
    }

    #[test]
    fn line_estimate_counts_wrapped_and_broken_lines() {
        // 4 cm wide cell, 12 pt type: about 10 characters fit on a line.
        assert_eq!(estimate_lines("短", 24, 2268), 1);
        assert_eq!(estimate_lines(&"字".repeat(25), 24, 2268), 3);
        assert_eq!(estimate_lines("a\nb", 24, 2268), 2);
    }
}
