//! The blocks around the body text, placed through [`Flow`]: the `附件：`
//! list, the 落款 (seal space, unit, date), signature rows (填表人 …) and
//! the page numbers under the text block.

use super::LayoutError;
use super::flow::{
    BASELINE_SHARE, BLOCK_BOTTOM, BODY_SIZE, BODY_TRACKING, EM_ASCENT, Flow, LINE_PITCH,
    MARGIN_LEFT, PAGE_NUMBER_SIZE, TEXT_WIDTH, style, tail_height,
};
use super::fonts::Role;
use super::frame::{Item, Page, Semantic, TextRun};
use super::linebreak::{Line, LineBox, break_lines, place_line};
use super::metrics::{Metrics, MissingGlyph};
use crate::document::measure::no_break_at;
use crate::document::style::{self as st, pt};
use crate::document::{Align, AttachmentList, Block, Closing, Signature};

/// One body character on the 28-character line.
const EM: f32 = BODY_SIZE + BODY_TRACKING;

/// The `附件：1.…` list, a blank line under the body; each item hangs from
/// its name (GB/T 9704 7.3.4). Same geometry as the DOCX.
pub(super) fn attachment_list(
    flow: &mut Flow,
    a: &AttachmentList,
    semantic: Semantic,
) -> Result<(), MissingGlyph> {
    let style = style(Role::Body, BODY_SIZE, BODY_TRACKING, false);
    if !flow.at_page_top() {
        flow.y += LINE_PITCH;
    }
    for (i, (item, (start, name))) in a.items.iter().zip(a.item_indents()).enumerate() {
        let text = if i == 0 {
            format!("{}{item}", a.label)
        } else {
            item.clone()
        };
        let (first_x, rest_x) = (start * EM, name * EM);
        let lines = break_lines(
            &text,
            &no_break_at(&text),
            flow.metrics,
            &style,
            TEXT_WIDTH - first_x,
            TEXT_WIDTH - rest_x,
        )?;
        for (k, line) in lines.iter().enumerate() {
            flow.ensure(BODY_SIZE);
            let x = if k == 0 { first_x } else { rest_x };
            let at = LineBox {
                x: MARGIN_LEFT + x,
                width: TEXT_WIDTH - x,
                baseline: flow.y + BODY_SIZE * EM_ASCENT,
            };
            let runs = place_line(line, &text, &style, Align::Justify, at, semantic);
            flow.items.extend(runs.into_iter().map(Item::Text));
            flow.y += LINE_PITCH;
        }
    }
    Ok(())
}

/// The 落款: blank lines for the seal, then the unit centred over the
/// date, the date four characters in from the right (GB/T 9704 7.3.5.1).
pub(super) fn closing(
    flow: &mut Flow,
    c: &Closing,
    semantic: Semantic,
) -> Result<(), MissingGlyph> {
    let style = style(Role::Body, BODY_SIZE, BODY_TRACKING, false);
    let (signer, date) = c.right_indents();
    flow.ensure(tail_height(&Block::Closing(c.clone())));
    if !flow.at_page_top() {
        flow.y += Closing::SPACE_LINES as f32 * LINE_PITCH;
    }
    for (text, right) in [(&c.signer, signer), (&c.date, date)] {
        let width = TEXT_WIDTH - right * EM;
        for line in break_lines(text, &no_break_at(text), flow.metrics, &style, width, width)? {
            let at = LineBox {
                x: MARGIN_LEFT,
                width,
                baseline: flow.y + BODY_SIZE * EM_ASCENT,
            };
            let runs = place_line(&line, text, &style, Align::Right, at, semantic);
            flow.items.extend(runs.into_iter().map(Item::Text));
            flow.y += LINE_PITCH;
        }
    }
    Ok(())
}

/// A paragraph of at most this many lines moves to the next page with the
/// 落款 under it rather than leave the 落款 alone on a page.
pub(super) const KEEP_WITH_CLOSING_LINES: usize = 3;

/// Space above a signature block: a blank line under text, a little air
/// under a table (the DOCX's values).
fn signature_space(after_table: bool) -> f32 {
    if after_table {
        pt(st::SIGNATURE_SPACE_AFTER_TABLE)
    } else {
        pt(st::SIGNATURE_SPACE_BEFORE)
    }
}

/// Narrowest gap between two signature fields on one row.
const SIGNATURE_MIN_GAP: f32 = pt(st::SIGNATURE_MIN_GAP);

/// Height of a signature block with the space above it.
pub(super) fn signature_height(s: &Signature, metrics: &Metrics, after_table: bool) -> f32 {
    let rows = signature_rows(s, metrics).map_or(s.lines.len(), |r| r.len());
    signature_space(after_table) + rows.max(1) as f32 * LINE_PITCH
}

/// A signature line's fields as printed rows: fields share a row while
/// they fit with at least SIGNATURE_MIN_GAP between them; the rest wrap.
fn signature_rows<'s>(
    s: &'s Signature,
    metrics: &Metrics,
) -> Result<Vec<Vec<(Line, &'s str)>>, MissingGlyph> {
    let style = style(Role::Body, BODY_SIZE, BODY_TRACKING, false);
    let mut rows: Vec<Vec<(Line, &str)>> = Vec::new();
    for fields in &s.lines {
        let mut row: Vec<(Line, &str)> = Vec::new();
        let mut used = 0.0;
        for f in fields {
            // Fields are short; give them all the width so each stays one line.
            let glued = no_break_at(f);
            let Some(line) = break_lines(f, &glued, metrics, &style, f32::MAX, f32::MAX)?.pop()
            else {
                continue;
            };
            let w = line.width();
            if !row.is_empty() && used + SIGNATURE_MIN_GAP + w > TEXT_WIDTH {
                rows.push(std::mem::take(&mut row));
                used = 0.0;
            }
            used += if row.is_empty() {
                w
            } else {
                SIGNATURE_MIN_GAP + w
            };
            row.push((line, f.as_str()));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// A signature block: each line's fields spread across the text width
/// (first flush left, last flush right, equal gaps), never split across
/// pages. A line whose fields do not fit side by side stacks them.
pub(super) fn signature(
    flow: &mut Flow,
    s: &Signature,
    after_table: bool,
    semantic: Semantic,
) -> Result<(), MissingGlyph> {
    let style = style(Role::Body, BODY_SIZE, BODY_TRACKING, false);
    let rows = signature_rows(s, flow.metrics)?;
    let space = signature_space(after_table);
    let height = space + rows.len().max(1) as f32 * LINE_PITCH;
    if !flow.fits(height) && !flow.at_page_top() {
        flow.new_page();
    } else if !flow.at_page_top() {
        flow.y += space;
    }
    for row in rows {
        let total: f32 = row.iter().map(|(l, _)| l.width()).sum();
        let gap = if row.len() > 1 {
            (TEXT_WIDTH - total) / (row.len() - 1) as f32
        } else {
            0.0
        };
        let baseline = flow.y + LINE_PITCH * BASELINE_SHARE;
        let mut x = MARGIN_LEFT;
        for (line, text) in &row {
            let w = line.width();
            let at = LineBox {
                x,
                width: w,
                baseline,
            };
            let runs = place_line(line, text, &style, Align::Left, at, semantic);
            flow.items.extend(runs.into_iter().map(Item::Text));
            x += w + gap;
        }
        flow.y += LINE_PITCH;
    }
    Ok(())
}

/// Adds `— N —` under the text block of every numbered page (GB/T 9704
/// 7.5): odd numbers flush right, even flush left, one 4号 character in
/// from the edge of the text block.
pub(super) fn number_pages(
    pages: &mut [(Page, Option<usize>)],
    metrics: &Metrics,
) -> Result<(), LayoutError> {
    let style = style(Role::PageNumber, PAGE_NUMBER_SIZE, 0.0, false);
    let indent = pt(st::PAGE_NUMBER_INDENT);
    for (page, number) in pages.iter_mut() {
        let Some(n) = *number else {
            continue;
        };
        let text = format!("— {n} —");
        let lines = break_lines(&text, &[], metrics, &style, f32::MAX, f32::MAX).map_err(|e| {
            LayoutError::MissingGlyph {
                ch: e.ch,
                text: text.clone(),
            }
        })?;
        let odd = n % 2 == 1;
        let baseline = BLOCK_BOTTOM + pt(st::PAGE_NUMBER_GAP) + PAGE_NUMBER_SIZE * EM_ASCENT;
        for line in &lines {
            let runs: Vec<TextRun> = place_line(
                line,
                &text,
                &style,
                if odd { Align::Right } else { Align::Left },
                LineBox {
                    x: MARGIN_LEFT + indent,
                    width: TEXT_WIDTH - 2.0 * indent,
                    baseline,
                },
                Semantic::Artifact,
            );
            page.items.extend(runs.into_iter().map(Item::Text));
        }
    }
    Ok(())
}
