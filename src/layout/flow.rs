//! Pagination: stacks the document's blocks down A4 pages on a fixed line
//! grid (GB/T 9704: 22 lines of 28 characters in a 156 × 225 mm block).
//!
//! Every body line box is exactly [`LINE_PITCH`] (28.95 pt) tall, as the
//! DOCX's exact line spacing makes them in Word and LibreOffice: 22 boxes
//! fill the 225 mm block. A line fits when its box does; its baseline sits
//! four fifths down the box. All sizes come from `document::style`. Tables are placed by `table.rs` through [`Flow`].

use super::fonts::Role;
use super::frame::{Item, Page, Semantic, TextRun};
use super::linebreak::{Line, LineBox, Style, break_lines, place_line};
use super::metrics::Metrics;
use super::{LayoutError, LayoutOptions, table};
use crate::document::measure::no_break_at;
use crate::document::style::{self as st, pt, size_pt};
use crate::document::{Align, AttachmentList, Block, Closing, Document, Numbering, Signature};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// A4 portrait and the GB/T 9704 margins, from `document::style`.
pub const PAGE_WIDTH: f32 = pt(st::PAGE_WIDTH);
pub const PAGE_HEIGHT: f32 = pt(st::PAGE_HEIGHT);
pub const MARGIN_TOP: f32 = pt(st::MARGIN_TOP);
pub const MARGIN_BOTTOM: f32 = pt(st::MARGIN_BOTTOM);
pub const MARGIN_LEFT: f32 = pt(st::MARGIN_LEFT);
pub const MARGIN_RIGHT: f32 = pt(st::MARGIN_RIGHT);
pub const TEXT_WIDTH: f32 = pt(st::TEXT_WIDTH);
pub const TEXT_TOP: f32 = MARGIN_TOP;
pub const TEXT_BOTTOM: f32 = MARGIN_TOP + pt(st::TEXT_HEIGHT);
pub const BODY_SIZE: f32 = size_pt(st::BODY_SIZE);
pub const LINES_PER_PAGE: usize = st::LINES_PER_PAGE;
pub const CHARS_PER_LINE: usize = st::CHARS_PER_LINE;
/// Exact body line pitch (28.95 pt): 22 line boxes fill the text block.
pub const LINE_PITCH: f32 = pt(st::LINE);
/// Letter spacing of body-size text (−0.25 pt), so 28 ideographs fit.
pub const BODY_TRACKING: f32 = pt(st::BODY_SPACING_TWIPS);
pub const TITLE_SIZE: f32 = size_pt(st::TITLE_SIZE);
pub const TITLE_PITCH: f32 = pt(st::TITLE_LINE);
pub const CAPTION_SIZE: f32 = size_pt(st::CAPTION_SIZE);
pub const PAGE_NUMBER_SIZE: f32 = size_pt(st::PAGE_NUMBER_SIZE);
/// Where the baseline sits in a line box of exact height: four fifths
/// down, as LibreOffice sets a fixed line height (the ascent takes 80 %).
pub const BASELINE_SHARE: f32 = 0.8;
/// Top of the ideographic em box above the baseline (CJK fonts put the em
/// box from −0.12 em to 0.88 em); places the page number's ink.
const EM_ASCENT: f32 = 0.88;
/// Slack when testing whether a box fits above the bottom margin.
const FIT_EPSILON: f32 = 0.05;

/// The page being filled and the ones already full.
pub struct Flow<'a, 'f> {
    pub metrics: &'a Metrics<'f>,
    pub pages: Vec<Page>,
    /// Items of the current page.
    pub items: Vec<Item>,
    /// Top of the next line box on the current page.
    pub y: f32,
    /// The numbering of the current page's section, and whether the
    /// current page starts that section.
    numbering: (Numbering, bool),
    /// The same for each page already full.
    numberings: Vec<(Numbering, bool)>,
}

impl<'a, 'f> Flow<'a, 'f> {
    fn new(metrics: &'a Metrics<'f>) -> Flow<'a, 'f> {
        Flow {
            metrics,
            pages: Vec::new(),
            items: Vec::new(),
            y: TEXT_TOP,
            numbering: (Numbering::Continue, true),
            numberings: Vec::new(),
        }
    }

    /// Starts a section numbered `n`: on a new page unless nothing is on
    /// this one yet.
    fn section(&mut self, n: Numbering) {
        if !self.at_page_top() || !self.items.is_empty() {
            self.new_page();
        }
        self.numbering = (n, true);
    }

    /// Whether nothing has been placed on the current page yet.
    pub fn at_page_top(&self) -> bool {
        self.y <= TEXT_TOP + FIT_EPSILON
    }

    /// Whether a box of `height` fits below the cursor.
    pub fn fits(&self, height: f32) -> bool {
        self.y + height <= TEXT_BOTTOM + FIT_EPSILON
    }

    /// Room left on the current page.
    pub fn room(&self) -> f32 {
        TEXT_BOTTOM - self.y
    }

    /// Closes the current page and starts the next.
    pub fn new_page(&mut self) {
        self.pages.push(Page {
            width: PAGE_WIDTH,
            height: PAGE_HEIGHT,
            items: std::mem::take(&mut self.items),
        });
        self.numberings.push(self.numbering);
        self.numbering.1 = false;
        self.y = TEXT_TOP;
    }

    /// Starts a new page unless a box of `height` still fits (or the page
    /// is empty, where breaking would not help).
    fn ensure(&mut self, height: f32) {
        if !self.fits(height) && !self.at_page_top() {
            self.new_page();
        }
    }

    /// Places lines one per box of `pitch`, breaking pages between lines.
    fn lines(&mut self, lines: &[Line], text: &str, bs: &BlockStyle, semantic: Semantic) {
        let BlockStyle {
            style,
            align,
            indent,
            pitch,
        } = bs;
        let (align, indent, pitch) = (*align, *indent, *pitch);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(pitch);
            let x = if i == 0 {
                MARGIN_LEFT + indent
            } else {
                MARGIN_LEFT
            };
            let room = if i == 0 {
                TEXT_WIDTH - indent
            } else {
                TEXT_WIDTH
            };
            let baseline = self.y + pitch * BASELINE_SHARE;
            let at = LineBox {
                x,
                width: room,
                baseline,
            };
            let runs = place_line(line, text, style, align, at, semantic);
            self.items.extend(runs.into_iter().map(Item::Text));
            self.y += pitch;
        }
    }

    /// The pages, each with the number it shows (none in a section
    /// without numbers): pages count on, a restart counts from 1 again.
    fn finish(mut self) -> Vec<(Page, Option<usize>)> {
        if !self.items.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        let mut count = 0;
        let numbers = self.numberings.iter().map(|&(n, starts)| {
            count = if starts && n == Numbering::Restart {
                1
            } else {
                count + 1
            };
            (n != Numbering::None).then_some(count)
        });
        let numbers: Vec<Option<usize>> = numbers.collect();
        self.pages.into_iter().zip(numbers).collect()
    }
}

/// How one kind of text block is set.
#[derive(Clone, Copy)]
struct BlockStyle {
    style: Style,
    align: Align,
    /// First-line indent in points.
    indent: f32,
    pitch: f32,
}

const fn style(role: Role, size: f32, tracking: f32, fake_bold: bool) -> Style {
    Style {
        hang: true,
        role,
        size,
        tracking,
        fake_bold,
    }
}

/// First-line indent: two body characters.
const INDENT: f32 = pt(st::INDENT);

fn block_style(block: &Block) -> Option<(BlockStyle, &str)> {
    let body = |role, bold| style(role, BODY_SIZE, BODY_TRACKING, bold);
    Some(match block {
        Block::Heading { level, text } => {
            let style = match level {
                1 => body(Role::Heading1, false),
                2 => body(Role::Heading2, false),
                _ => body(Role::Body, true),
            };
            (
                BlockStyle {
                    style,
                    align: Align::Justify,
                    indent: INDENT,
                    pitch: LINE_PITCH,
                },
                text,
            )
        }
        Block::Paragraph(p) => (
            BlockStyle {
                style: body(Role::Body, false),
                align: p.align,
                indent: if p.indent { INDENT } else { 0.0 },
                pitch: LINE_PITCH,
            },
            &p.text,
        ),
        Block::Attachment(t) => (
            BlockStyle {
                style: body(Role::Heading1, false),
                align: Align::Left,
                indent: 0.0,
                pitch: LINE_PITCH,
            },
            t,
        ),
        Block::Title(_)
        | Block::Caption(_)
        | Block::Table(_)
        | Block::Signature(_)
        | Block::AttachmentList(_)
        | Block::Closing(_)
        | Block::PageBreak
        | Block::Space(_)
        | Block::Section(_) => return None,
    })
}

/// Lays out a whole document.
pub fn flow(
    doc: &Document,
    metrics: &Metrics,
    opts: &LayoutOptions,
) -> Result<Vec<Page>, LayoutError> {
    let mut flow = Flow::new(metrics);
    for (i, block) in doc.blocks.iter().enumerate() {
        let semantic = Semantic::Content {
            block: i,
            cell: None,
        };
        let missing = |e: super::metrics::MissingGlyph| LayoutError::MissingGlyph {
            ch: e.ch,
            text: super::snippet(block_text(block)),
        };
        match block {
            Block::PageBreak => {
                if !flow.at_page_top() {
                    flow.new_page();
                }
            }
            Block::Section(n) => flow.section(*n),
            // Blank body lines, flowing onto the next page as the DOCX's
            // empty paragraphs do.
            Block::Space(n) => {
                for _ in 0..*n {
                    flow.ensure(LINE_PITCH);
                    flow.y += LINE_PITCH;
                }
            }
            Block::Table(t) => {
                // Two tables in a row stay apart, as the DOCX's gap paragraph.
                let after_table = i > 0 && matches!(doc.blocks[i - 1], Block::Table(_));
                if after_table && !flow.at_page_top() {
                    flow.y += pt(st::TABLE_GAP);
                }
                // A signature block under a table (填表人 …) is not left
                // alone on a page: the table's last rows go with it.
                let tail = match doc.blocks.get(i + 1) {
                    Some(Block::Signature(s)) => signature_height(s, metrics, true),
                    _ => 0.0,
                };
                table::place(&mut flow, t, i, tail)?
            }
            Block::Signature(s) => {
                let after_table = i > 0 && matches!(doc.blocks[i - 1], Block::Table(_));
                signature(&mut flow, s, after_table, semantic).map_err(missing)?
            }
            Block::Title(lines) | Block::Caption(lines) => {
                let caption = matches!(block, Block::Caption(_));
                let (size, pitch, after) = if caption {
                    (CAPTION_SIZE, LINE_PITCH, pt(st::CAPTION_SPACE_AFTER))
                } else {
                    (TITLE_SIZE, TITLE_PITCH, pt(st::TITLE_SPACE_AFTER))
                };
                if caption {
                    // A caption keeps with the start of its table.
                    let next = lead_height(doc.blocks.get(i + 1), metrics);
                    flow.ensure(lines.len() as f32 * pitch + after + next);
                }
                let bs = BlockStyle {
                    style: style(Role::Title, size, 0.0, false),
                    align: Align::Center,
                    indent: 0.0,
                    pitch,
                };
                arranged(&mut flow, lines, &bs, semantic).map_err(missing)?;
                flow.y += after;
            }
            Block::AttachmentList(a) => attachment_list(&mut flow, a, semantic).map_err(missing)?,
            Block::Closing(c) => closing(&mut flow, c, semantic).map_err(missing)?,
            _ => {
                let (bs, text) = block_style(block).expect("text block");
                let glued = no_break_at(text);
                let lines = break_lines(
                    text,
                    &glued,
                    metrics,
                    &bs.style,
                    TEXT_WIDTH - bs.indent,
                    TEXT_WIDTH,
                )
                .map_err(missing)?;
                // Headings keep with the next block's start.
                let keep = matches!(block, Block::Heading { .. });
                if keep {
                    let own = lines.len() as f32 * bs.pitch;
                    let next = lead_height(doc.blocks.get(i + 1), metrics);
                    // A one-line paragraph tied to the 落款 brings it along.
                    let closing = if doc.keeps_with_next(i + 1) {
                        closing_height(doc, i + 1)
                    } else {
                        0.0
                    };
                    flow.ensure(own + next + closing);
                } else if doc.keeps_with_next(i) && lines.len() <= KEEP_WITH_CLOSING_LINES {
                    // The 落款 below keeps with this (short) paragraph.
                    flow.ensure(lines.len() as f32 * bs.pitch + closing_height(doc, i));
                }
                flow.lines(&lines, text, &bs, semantic);
            }
        }
    }
    let mut pages = flow.finish();
    if opts.page_numbers {
        number_pages(&mut pages, metrics)?;
    }
    Ok(pages.into_iter().map(|(page, _)| page).collect())
}

/// Draws the lines of a title or caption as the document arranged them,
/// one per line box. A line the real glyphs make a little wider than the
/// em estimate is tightened to the text width rather than broken.
fn arranged(
    flow: &mut Flow,
    lines: &[String],
    bs: &BlockStyle,
    semantic: Semantic,
) -> Result<(), super::metrics::MissingGlyph> {
    for text in lines {
        let mut style = bs.style;
        // The DOCX glues numbers to their units here too.
        let glued = no_break_at(text);
        let Some(mut line) =
            break_lines(text, &glued, flow.metrics, &style, f32::MAX, f32::MAX)?.pop()
        else {
            continue;
        };
        let over = line.width() - TEXT_WIDTH;
        if over > 0.0 && !line.is_empty() {
            style.tracking -= over / line.len() as f32;
            let tight = break_lines(text, &glued, flow.metrics, &style, f32::MAX, f32::MAX)?;
            line = tight.into_iter().next().unwrap_or(line);
        }
        let one = BlockStyle { style, ..*bs };
        flow.lines(std::slice::from_ref(&line), text, &one, semantic);
    }
    Ok(())
}

/// The block's own text, or its first field or cell, for messages.
fn block_text(block: &Block) -> &str {
    match block {
        Block::Signature(s) => s.lines.iter().flatten().next().map_or("", String::as_str),
        Block::Title(lines) | Block::Caption(lines) => lines.first().map_or("", String::as_str),
        Block::Table(t) => t.cells.first().map_or("", |c| c.text.as_str()),
        Block::AttachmentList(a) => a.items.first().map_or("", String::as_str),
        Block::Closing(c) => &c.signer,
        Block::PageBreak | Block::Space(_) | Block::Section(_) => "",
        b => block_style(b).map_or("", |(_, t)| t),
    }
}

/// Height a block needs on the page where it starts, to keep a heading or
/// caption together with it: its first line, or a table's header and first
/// body row.
fn lead_height(block: Option<&Block>, metrics: &Metrics) -> f32 {
    match block {
        None | Some(Block::PageBreak | Block::Section(_)) => 0.0,
        Some(Block::Space(n)) => *n as f32 * LINE_PITCH,
        Some(Block::Table(t)) => table::lead_height(t, metrics),
        Some(b @ (Block::AttachmentList(_) | Block::Closing(_))) => tail_height(b),
        Some(Block::Signature(s)) => signature_height(s, metrics, false),
        Some(b) => block_style(b).map_or(LINE_PITCH, |(bs, _)| bs.pitch),
    }
}

/// Height of the attachment list and 落款 that follow block `i` and keep
/// with it.
fn closing_height(doc: &Document, i: usize) -> f32 {
    let mut n = 0;
    let mut height = 0.0;
    while doc.keeps_with_next(i + n) {
        n += 1;
        height += doc.blocks.get(i + n).map_or(0.0, tail_height);
    }
    height
}

/// Height of an attachment list (a blank line, one line an item) or a
/// 落款 (blank lines for the seal, name, date).
fn tail_height(block: &Block) -> f32 {
    let lines = match block {
        Block::AttachmentList(a) => 1 + a.items.len(),
        Block::Closing(_) => Closing::SPACE_LINES + 2,
        _ => 1,
    };
    lines as f32 * LINE_PITCH
}

/// One body character on the 28-character line.
const EM: f32 = BODY_SIZE + BODY_TRACKING;

/// The `附件：1.…` list, a blank line under the body; each item hangs from
/// its name (GB/T 9704 7.3.4). Same geometry as the DOCX.
fn attachment_list(
    flow: &mut Flow,
    a: &AttachmentList,
    semantic: Semantic,
) -> Result<(), super::metrics::MissingGlyph> {
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
fn closing(
    flow: &mut Flow,
    c: &Closing,
    semantic: Semantic,
) -> Result<(), super::metrics::MissingGlyph> {
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
const KEEP_WITH_CLOSING_LINES: usize = 3;

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
fn signature_height(s: &Signature, metrics: &Metrics, after_table: bool) -> f32 {
    let rows = signature_rows(s, metrics).map_or(s.lines.len(), |r| r.len());
    signature_space(after_table) + rows.max(1) as f32 * LINE_PITCH
}

/// A signature line's fields as printed rows: fields share a row while
/// they fit with at least SIGNATURE_MIN_GAP between them; the rest wrap.
fn signature_rows<'s>(
    s: &'s Signature,
    metrics: &Metrics,
) -> Result<Vec<Vec<(Line, &'s str)>>, super::metrics::MissingGlyph> {
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
fn signature(
    flow: &mut Flow,
    s: &Signature,
    after_table: bool,
    semantic: Semantic,
) -> Result<(), super::metrics::MissingGlyph> {
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
fn number_pages(pages: &mut [(Page, Option<usize>)], metrics: &Metrics) -> Result<(), LayoutError> {
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
        let baseline = TEXT_BOTTOM + pt(st::PAGE_NUMBER_GAP) + PAGE_NUMBER_SIZE * EM_ASCENT;
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
