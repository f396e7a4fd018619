//! Pagination: stacks the document's blocks down A4 pages on a fixed line
//! grid (GB/T 9704: 22 lines of 28 characters in a 156 × 225 mm block).
//!
//! Every body line box is exactly [`LINE_PITCH`] (28.95 pt) tall, as the
//! DOCX's exact line spacing makes them in Word and LibreOffice: 22 boxes
//! fill the 225 mm block. A line fits when its box does; its baseline sits
//! four fifths down the box. All sizes come from `document::style`. Tables are placed by `table.rs` through [`Flow`].

use super::fonts::Role;
use super::frame::{Item, Page, Semantic};
use super::furniture::{
    KEEP_WITH_CLOSING_LINES, attachment_list, closing, number_pages, signature, signature_height,
};
use super::linebreak::{Line, LineBox, Style, break_lines, place_line};
use super::metrics::Metrics;
use super::metrics::MissingGlyph;
use super::{LayoutError, LayoutOptions, table};
use crate::document::measure::no_break_at;
use crate::document::style::{self as st, pt, size_pt};
use crate::document::{Align, Block, Closing, Document, Numbering, Table};

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
/// The lowest a box may reach: the foot of the 22nd grid line.
pub const TEXT_BOTTOM: f32 = MARGIN_TOP + pt(st::GRID_HEIGHT);
/// Foot of the 225 mm text block, where the footer's spacing starts.
pub(super) const BLOCK_BOTTOM: f32 = MARGIN_TOP + pt(st::TEXT_HEIGHT);
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
pub(super) const EM_ASCENT: f32 = 0.88;
/// Slack when testing whether a box fits above the bottom margin.
pub(super) const FIT_EPSILON: f32 = 0.05;

/// Where tables continue on a new page: (block, first body row there).
pub type TableStarts = Vec<(usize, usize)>;

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
    /// Where a table continues on a new page: (block, body row). The DOCX
    /// restarts its merged cells there, so their labels show on every
    /// page as in the PDF.
    pub table_starts: TableStarts,
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
            table_starts: Vec::new(),
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
    pub(super) fn ensure(&mut self, height: f32) {
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
    fn finish(&mut self) -> Vec<(Page, Option<usize>)> {
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
        std::mem::take(&mut self.pages)
            .into_iter()
            .zip(numbers)
            .collect()
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

pub(super) const fn style(role: Role, size: f32, tracking: f32, fake_bold: bool) -> Style {
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

/// Lays out a whole document: its pages, and where each table continues
/// on a new page (block, body row).
pub fn flow(
    doc: &Document,
    metrics: &Metrics,
    opts: &LayoutOptions,
) -> Result<(Vec<Page>, TableStarts), LayoutError> {
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
            Block::Table(t) => table_block(&mut flow, doc, i, t)?,
            Block::Signature(s) => {
                let after_table = i > 0 && matches!(doc.blocks[i - 1], Block::Table(_));
                signature(&mut flow, s, after_table, semantic).map_err(missing)?
            }
            Block::Title(lines) | Block::Caption(lines) => {
                let caption = matches!(block, Block::Caption(_));
                heading_lines(&mut flow, doc, i, lines, caption, semantic).map_err(missing)?
            }
            Block::AttachmentList(a) => attachment_list(&mut flow, a, semantic).map_err(missing)?,
            Block::Closing(c) => closing(&mut flow, c, semantic).map_err(missing)?,
            _ => paragraph(&mut flow, doc, i, semantic).map_err(missing)?,
        }
    }
    let mut pages = flow.finish();
    if opts.page_numbers {
        number_pages(&mut pages, metrics)?;
    }
    let pages = pages.into_iter().map(|(page, _)| page).collect();
    Ok((pages, flow.table_starts))
}

/// A table, apart from a table just above it by the DOCX's gap paragraph
/// (which goes to the next page's top when the page has no room for it,
/// as Word and LibreOffice do), its last rows kept with a signature block
/// under it (填表人 …).
fn table_block(flow: &mut Flow, doc: &Document, i: usize, t: &Table) -> Result<(), LayoutError> {
    let after_table = i > 0 && matches!(doc.blocks[i - 1], Block::Table(_));
    if after_table && !flow.at_page_top() {
        flow.ensure(pt(st::TABLE_GAP));
        flow.y += pt(st::TABLE_GAP);
    }
    let tail = match doc.blocks.get(i + 1) {
        Some(Block::Signature(s)) => signature_height(s, flow.metrics, true),
        _ => 0.0,
    };
    table::place(flow, t, i, tail)
}

/// The report's title or a table caption, as the document arranged its
/// lines; a caption keeps with the start of its table.
fn heading_lines(
    flow: &mut Flow,
    doc: &Document,
    i: usize,
    lines: &[String],
    caption: bool,
    semantic: Semantic,
) -> Result<(), MissingGlyph> {
    let (size, pitch, after) = if caption {
        (CAPTION_SIZE, LINE_PITCH, pt(st::CAPTION_SPACE_AFTER))
    } else {
        (TITLE_SIZE, TITLE_PITCH, pt(st::TITLE_SPACE_AFTER))
    };
    if caption {
        let next = lead_height(doc.blocks.get(i + 1), flow.metrics);
        flow.ensure(lines.len() as f32 * pitch + after + next);
    }
    let bs = BlockStyle {
        style: style(Role::Title, size, 0.0, false),
        align: Align::Center,
        indent: 0.0,
        pitch,
    };
    arranged(flow, lines, &bs, semantic)?;
    flow.y += after;
    Ok(())
}

/// A heading or body paragraph: a heading keeps with the next block's
/// start, a short paragraph with the 落款 that keeps with it.
fn paragraph(
    flow: &mut Flow,
    doc: &Document,
    i: usize,
    semantic: Semantic,
) -> Result<(), MissingGlyph> {
    let block = &doc.blocks[i];
    let (bs, text) = block_style(block).expect("text block");
    let glued = no_break_at(text);
    let lines = break_lines(
        text,
        &glued,
        flow.metrics,
        &bs.style,
        TEXT_WIDTH - bs.indent,
        TEXT_WIDTH,
    )?;
    if matches!(block, Block::Heading { .. }) {
        let own = lines.len() as f32 * bs.pitch;
        let next = lead_height(doc.blocks.get(i + 1), flow.metrics);
        // A one-line paragraph tied to the 落款 brings it along.
        let closing = if doc.keeps_with_next(i + 1) {
            closing_height(doc, i + 1)
        } else {
            0.0
        };
        flow.ensure(own + next + closing);
    } else if doc.keeps_with_next(i) && lines.len() <= KEEP_WITH_CLOSING_LINES {
        flow.ensure(lines.len() as f32 * bs.pitch + closing_height(doc, i));
    }
    flow.lines(&lines, text, &bs, semantic);
    Ok(())
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
pub(super) fn tail_height(block: &Block) -> f32 {
    let lines = match block {
        Block::AttachmentList(a) => 1 + a.items.len(),
        Block::Closing(_) => Closing::SPACE_LINES + 2,
        _ => 1,
    };
    lines as f32 * LINE_PITCH
}
