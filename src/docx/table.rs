//! Tables: a resolved [`Table`] with merged cells → a docx-rs table.
//!
//! `document` has already checked the spans, so this file only maps them:
//! a cell spanning columns gets `w:gridSpan`, a cell spanning rows starts a
//! `w:vMerge` run that each later row continues with an empty cell. Column
//! widths are scaled to the text width and the layout is fixed, so Word and
//! LibreOffice draw the same columns. Header rows are marked for repetition
//! later, in `package.rs`, because docx-rs has no setting for it.

use super::DocxError;
use super::blocks::{Writer, alignment, text_run};
use super::style::*;
use crate::document::{Slot, Table};
use docx_rs::{
    BorderType, LineSpacing, LineSpacingType, TableAlignmentType, TableBorder, TableBorderPosition,
    TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType,
    WidthType,
};

/// Converts `t`, the `index`-th table of the document (from 1).
pub(super) fn table(
    w: &mut Writer<'_>,
    t: &Table,
    index: usize,
) -> Result<docx_rs::Table, DocxError> {
    let grid = scale(&t.widths, TEXT_WIDTH).ok_or(DocxError::ZeroWidths { table: index })?;
    let span_width = |col: usize, span: usize| grid[col..col + span].iter().sum::<usize>();
    let size = t.font_half_pt as usize;
    let font = w.opts.fonts.body.clone();
    let spacing = LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line(TABLE_LINE)
        .before(0)
        .after(0);

    let mut rows = Vec::with_capacity(t.row_count);
    for (r, slots) in t.slots().iter().enumerate() {
        let mut cells = Vec::new();
        let mut lines = 1;
        for (c, slot) in slots.iter().enumerate() {
            match *slot {
                Slot::Origin(i) => {
                    let cell = &t.cells[i];
                    let width = span_width(c, cell.colspan);
                    let p = w
                        .styled(&font, size)
                        .align(alignment(cell.align))
                        .line_spacing(spacing.clone())
                        .add_run(text_run(&cell.text, &font, size, cell.bold));
                    let mut tc = TableCell::new()
                        .add_paragraph(p)
                        .width(width, WidthType::Dxa)
                        .vertical_align(VAlignType::Center);
                    if cell.colspan > 1 {
                        tc = tc.grid_span(cell.colspan);
                    }
                    if cell.rowspan > 1 {
                        tc = tc.vertical_merge(VMergeType::Restart);
                    } else {
                        lines = lines.max(estimate_lines(&cell.text, size, width));
                    }
                    cells.push(tc);
                }
                Slot::Covered(i) => {
                    let cell = &t.cells[i];
                    // Continue a vertical merge once per row, in the cell's
                    // first column; the other covered slots of that row are
                    // part of its grid span.
                    if cell.row < r && cell.col == c {
                        let p = w.styled(&font, size).line_spacing(spacing.clone());
                        let mut tc = TableCell::new()
                            .add_paragraph(p)
                            .width(span_width(c, cell.colspan), WidthType::Dxa)
                            .vertical_merge(VMergeType::Continue);
                        if cell.colspan > 1 {
                            tc = tc.grid_span(cell.colspan);
                        }
                        cells.push(tc);
                    }
                }
            }
        }
        let mut row = TableRow::new(cells);
        if r < t.header_rows || lines <= CANT_SPLIT_MAX_LINES {
            row = row.cant_split();
        }
        rows.push(row);
    }

    let rule = |pos| {
        TableBorder::new(pos)
            .border_type(BorderType::Single)
            .size(BORDER_SIZE)
            .color("000000")
    };
    let borders = TableBorders::new()
        .set(rule(TableBorderPosition::Top))
        .set(rule(TableBorderPosition::Left))
        .set(rule(TableBorderPosition::Bottom))
        .set(rule(TableBorderPosition::Right))
        .set(rule(TableBorderPosition::InsideH))
        .set(rule(TableBorderPosition::InsideV));
    Ok(docx_rs::Table::new(rows)
        .set_grid(grid)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .set_borders(borders)
        .margins(TableCellMargins::new().margin(
            CELL_MARGIN_Y,
            CELL_MARGIN_X,
            CELL_MARGIN_Y,
            CELL_MARGIN_X,
        )))
}

/// Scales relative widths to `total` twips. Rounds at the cumulative column
/// edges, so the columns add up to exactly `total`. `None` if they sum to 0.
fn scale(widths: &[u32], total: i32) -> Option<Vec<usize>> {
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
                width as usize
            })
            .collect(),
    )
}

/// Rough number of lines `text` needs in a cell `width` twips wide: wide
/// characters one em, ASCII half an em. Only used to decide `cantSplit`.
fn estimate_lines(text: &str, size: usize, width: usize) -> usize {
    let em = size * 10;
    let usable = width.saturating_sub(2 * CELL_MARGIN_X).max(em);
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
        let g = scale(&[2, 3, 5, 1, 1, 1], TEXT_WIDTH).unwrap();
        assert_eq!(g.iter().sum::<usize>(), TEXT_WIDTH as usize);
        // Proportional within the one twip of rounding.
        assert!((g[0] * 5).abs_diff(g[2] * 2) <= 5, "{g:?}");
        assert_eq!(scale(&[0, 0], TEXT_WIDTH), None);
    }

    #[test]
    fn line_estimate_counts_wrapped_and_broken_lines() {
        // 4 cm wide cell, 12 pt type: about 10 characters fit on a line.
        assert_eq!(estimate_lines("短", 24, 2268), 1);
        assert_eq!(estimate_lines(&"字".repeat(25), 24, 2268), 3);
        assert_eq!(estimate_lines("a\nb", 24, 2268), 2);
    }
}
