//! Tables: a resolved [`Table`] with merged cells → `w:tbl`.
//!
//! `document` has already checked the spans, so this file only maps them:
//! a cell spanning columns gets `w:gridSpan`, a cell spanning rows starts a
//! `w:vMerge` run that each later row continues with an empty cell. Column
//! widths are scaled to the text width and the layout is fixed, so Word,
//! WPS and LibreOffice draw the same columns. Header rows repeat on every
//! page (`w:tblHeader`).

use super::DocxError;
use super::body::{Para, glued, para_props, runs};
use super::styles::{self, Style};
use super::xml::Xml;
use crate::document::style as st;
use crate::document::{Align, RowHeight, Rules, Slot, Table, VAlign};

/// Converts `t`, the `index`-th table of the document (from 1);
/// `before_signature` when a signature block follows it.
pub(super) fn table(
    x: &mut Xml,
    t: &Table,
    index: usize,
    before_signature: bool,
) -> Result<(), DocxError> {
    let grid = scale(&t.widths, st::TEXT_WIDTH).ok_or(DocxError::ZeroWidths { table: index })?;
    let span_width = |col: usize, span: usize| grid[col..col + span].iter().sum::<i32>();
    // Which rows keep with the next (as the PDF places them): all of a
    // short table; else the first body row and the one before the last,
    // so no row stands alone on a page; and the last two rows before a
    // signature block, so it does not stand alone either.
    let keep_whole = t.row_count - t.header_rows <= st::KEEP_WHOLE_ROWS;
    let last = t.row_count.saturating_sub(1);
    let keeps = |r: usize| {
        keep_whole && r < last
            || r == t.header_rows
            || r + 2 == t.row_count
            || before_signature && r + 2 >= t.row_count
    };
    x.open("w:tbl", &[]);
    table_props(x, t, &grid);
    for (r, slots) in t.slots().iter().enumerate() {
        let lines = slots
            .iter()
            .enumerate()
            .filter_map(|(c, s)| match *s {
                Slot::Origin(i) if t.cells[i].rowspan == 1 => {
                    let cell = &t.cells[i];
                    let width = span_width(c, cell.colspan);
                    Some(estimate_lines(&cell.text, t.font_half_pt, width))
                }
                _ => None,
            })
            .max()
            .unwrap_or(1);
        x.open("w:tr", &[]);
        row_props(x, t, r, lines);
        for (c, slot) in slots.iter().enumerate() {
            let (i, origin) = match *slot {
                Slot::Origin(i) => (i, true),
                // A vertical merge continues once per row, in the cell's
                // first column; its other slots are part of its grid span.
                Slot::Covered(i) if t.cells[i].row < r && t.cells[i].col == c => (i, false),
                Slot::Covered(_) => continue,
            };
            let width = span_width(c, t.cells[i].colspan);
            cell(x, t, i, origin, width, keeps(r));
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
    Ok(())
}

/// `w:tblPr` and `w:tblGrid`: full text width, centred, fixed layout,
/// the rules and the cell margins.
fn table_props(x: &mut Xml, t: &Table, grid: &[i32]) {
    x.open("w:tblPr", &[]);
    dxa(x, "w:tblW", st::TEXT_WIDTH);
    x.val("w:jc", "center");
    table_borders(x, t.rules);
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    x.open("w:tblCellMar", &[]);
    dxa(x, "w:top", st::CELL_PAD_Y);
    dxa(x, "w:left", st::CELL_PAD_X);
    dxa(x, "w:bottom", st::CELL_PAD_Y);
    dxa(x, "w:right", st::CELL_PAD_X);
    x.close("w:tblCellMar");
    x.close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for w in grid {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
}

/// `w:trPr` of row `r`, whose tallest cell has about `lines` lines: a
/// short row, a header row and a row of set height never split; header
/// rows repeat on every page.
fn row_props(x: &mut Xml, t: &Table, r: usize, lines: usize) {
    x.open("w:trPr", &[]);
    let height = t.row_heights.get(r).copied().unwrap_or_default();
    if r < t.header_rows || lines <= st::CANT_SPLIT_MAX_LINES || height != RowHeight::Auto {
        x.empty("w:cantSplit", &[]);
    }
    row_height(x, height, st::table_line(t.font_half_pt));
    if r < t.header_rows {
        x.empty("w:tblHeader", &[]);
    }
    x.close("w:trPr");
}

/// One `w:tc`: cell `i` where it starts (`origin`) or a row it continues
/// a vertical merge in (then empty), `width` twips wide.
fn cell(x: &mut Xml, t: &Table, i: usize, origin: bool, width: i32, keep_next: bool) {
    let cell = &t.cells[i];
    let size = t.font_half_pt;
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[]);
    dxa(x, "w:tcW", width);
    if cell.colspan > 1 {
        x.val("w:gridSpan", &cell.colspan.to_string());
    }
    if cell.rowspan > 1 && origin {
        x.val("w:vMerge", "restart");
    } else if !origin {
        x.empty("w:vMerge", &[]);
    }
    if cell.rule_below {
        styles::borders(x, "w:tcBorders", &["w:bottom"]);
    }
    let valign = match cell.valign {
        VAlign::Top => "top",
        VAlign::Middle => "center",
        VAlign::Bottom => "bottom",
    };
    x.val("w:vAlign", valign);
    x.close("w:tcPr");
    x.open("w:p", &[]);
    let line = st::table_line(size);
    let p = Para {
        keep_next,
        spacing: (line != st::table_line(st::TABLE_SIZE)).then_some((line, 0, 0)),
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
        runs(x, &glued(&cell.text, &cell.no_break_at()), &rpr);
    }
    x.close("w:p");
    x.close("w:tc");
}

/// The table's own rules: every cell boxed, none (a layout table) or the
/// frame only. "nil" rather than nothing, so no style adds any.
fn table_borders(x: &mut Xml, rules: Rules) {
    const OUTER: [&str; 4] = ["w:top", "w:left", "w:bottom", "w:right"];
    const INNER: [&str; 2] = ["w:insideH", "w:insideV"];
    let drawn: &[&str] = match rules {
        Rules::All => &[OUTER[0], OUTER[1], OUTER[2], OUTER[3], INNER[0], INNER[1]],
        Rules::Outer => &OUTER,
        Rules::None => &[],
    };
    if rules == Rules::All {
        styles::borders(x, "w:tblBorders", drawn);
        return;
    }
    x.open("w:tblBorders", &[]);
    for side in OUTER.iter().chain(&INNER) {
        if drawn.contains(side) {
            let size = st::RULE_EIGHTHS.to_string();
            let attrs = [
                ("w:val", "single"),
                ("w:sz", size.as_str()),
                ("w:space", "0"),
                ("w:color", "000000"),
            ];
            x.empty(side, &attrs);
        } else {
            x.empty(side, &[("w:val", "nil")]);
        }
    }
    x.close("w:tblBorders");
}

/// A row's height rule: `lines` of the table's text plus the cell padding.
fn row_height(x: &mut Xml, height: RowHeight, line: i32) {
    let (lines, rule) = match height {
        RowHeight::Auto => return,
        RowHeight::AtLeast(n) => (n, "atLeast"),
        RowHeight::Exact(n) => (n, "exact"),
    };
    let twips = lines as i32 * line + 2 * st::CELL_PAD_Y;
    x.empty(
        "w:trHeight",
        &[("w:val", &twips.to_string()), ("w:hRule", rule)],
    );
}

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
