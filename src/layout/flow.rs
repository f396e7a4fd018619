//! Pagination: stacks the document's blocks down A4 pages on a fixed line
//! grid (GB/T 9704: 22 lines of 28 characters in a 156 × 225 mm block).
//!
//! Every line box is [`LINE_PITCH`] tall and its text's em box hangs from
//! the box's top, so the first line's ink starts at the top margin and the
//! 22nd line's em box ends exactly at the bottom margin. A line fits when
//! its em box does. Tables are placed by `table.rs` through [`Flow`].

use super::fonts::Role;
use super::frame::{Item, Page, Semantic, TextRun};
use super::linebreak::{Line, LineBox, Style, break_lines, place_line};
use super::metrics::Metrics;
use super::{LayoutError, LayoutOptions, table};
use crate::document::{Align, AttachmentList, Block, Closing, Document, Signature};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;
/// A4 portrait.
pub const PAGE_WIDTH: f32 = 210.0 * MM;
pub const PAGE_HEIGHT: f32 = 297.0 * MM;
/// GB/T 9704 margins: 天头 37 mm, 订口 28 mm; the rest follows from the
/// 156 × 225 mm text block.
pub const MARGIN_TOP: f32 = 37.0 * MM;
pub const MARGIN_BOTTOM: f32 = 35.0 * MM;
pub const MARGIN_LEFT: f32 = 28.0 * MM;
pub const MARGIN_RIGHT: f32 = 26.0 * MM;
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
pub const TEXT_TOP: f32 = MARGIN_TOP;
pub const TEXT_BOTTOM: f32 = PAGE_HEIGHT - MARGIN_BOTTOM;
/// 3号 body text.
pub const BODY_SIZE: f32 = 16.0;
/// GB/T 9704: 22 lines per page…
pub const LINES_PER_PAGE: usize = 22;
/// …of 28 characters each.
pub const CHARS_PER_LINE: usize = 28;
/// Line pitch that puts the 22nd line's em box on the bottom margin.
pub const LINE_PITCH: f32 = (TEXT_BOTTOM - TEXT_TOP - BODY_SIZE) / (LINES_PER_PAGE as f32 - 1.0);
/// Tracking that makes exactly 28 ideographs fill the 156 mm line (a
/// 16 pt ideograph is 5.64 mm; 28 of them would be 158 mm).
pub const BODY_TRACKING: f32 = TEXT_WIDTH / CHARS_PER_LINE as f32 - BODY_SIZE;
/// 2号 title.
pub const TITLE_SIZE: f32 = 22.0;
/// Title lines are set a little looser than body lines for a 22 pt face.
pub const TITLE_PITCH: f32 = TITLE_SIZE * 1.5;
/// Table captions: 小2号, between the title and body sizes.
pub const CAPTION_SIZE: f32 = 18.0;
/// 4号 page numbers.
pub const PAGE_NUMBER_SIZE: f32 = 14.0;
/// GB/T 9704 7.5: the page number sits about 7 mm below the text block.
pub const PAGE_NUMBER_GAP: f32 = 7.0 * MM;
/// Where the baseline sits in a line's em box: CJK fonts put the
/// ideographic em box from −0.12 em to 0.88 em around the baseline.
pub const EM_ASCENT: f32 = 0.88;
/// Slack when testing whether a box fits above the bottom margin.
const FIT_EPSILON: f32 = 0.05;

/// The page being filled and the ones already full.
pub struct Flow<'a> {
    pub metrics: &'a Metrics<'a>,
    pub pages: Vec<Page>,
    /// Items of the current page.
    pub items: Vec<Item>,
    /// Top of the next line box on the current page.
    pub y: f32,
}

impl<'a> Flow<'a> {
    fn new(metrics: &'a Metrics<'a>) -> Flow<'a> {
        Flow {
            metrics,
            pages: Vec::new(),
            items: Vec::new(),
            y: TEXT_TOP,
        }
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
            self.ensure(style.size);
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
            let baseline = self.y + style.size * EM_ASCENT;
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

    fn finish(mut self) -> Vec<Page> {
        if !self.items.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        self.pages
    }
}

/// How one kind of text block is set.
struct BlockStyle {
    style: Style,
    align: Align,
    /// First-line indent in points.
    indent: f32,
    pitch: f32,
}

const fn style(role: Role, size: f32, tracking: f32, fake_bold: bool) -> Style {
    Style {
        role,
        size,
        tracking,
        fake_bold,
    }
}

/// Two body characters on the grid.
const INDENT: f32 = 2.0 * (BODY_SIZE + BODY_TRACKING);

fn block_style(block: &Block) -> Option<(BlockStyle, &str)> {
    let body = |role, bold| style(role, BODY_SIZE, BODY_TRACKING, bold);
    Some(match block {
        Block::Title(t) => (
            BlockStyle {
                style: style(Role::Title, TITLE_SIZE, 0.0, false),
                align: Align::Center,
                indent: 0.0,
                pitch: TITLE_PITCH,
            },
            t,
        ),
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
        Block::Caption(t) => (
            BlockStyle {
                style: style(Role::Title, CAPTION_SIZE, 0.0, false),
                align: Align::Center,
                indent: 0.0,
                pitch: LINE_PITCH,
            },
            t,
        ),
        Block::Table(_)
        | Block::Signature(_)
        | Block::AttachmentList(_)
        | Block::Closing(_)
        | Block::PageBreak => return None,
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
            Block::Table(t) => table::place(&mut flow, t, i)?,
            Block::Signature(s) => signature(&mut flow, s, semantic).map_err(missing)?,
            Block::AttachmentList(a) => attachment_list(&mut flow, a, semantic).map_err(missing)?,
            Block::Closing(c) => closing(&mut flow, c, semantic).map_err(missing)?,
            _ => {
                let (bs, text) = block_style(block).expect("text block");
                let mut lines =
                    break_lines(text, metrics, &bs.style, TEXT_WIDTH - bs.indent, TEXT_WIDTH)
                        .map_err(missing)?;
                if bs.align == Align::Center && lines.len() > 1 {
                    lines = balance(text, metrics, &bs.style, lines).map_err(missing)?;
                }
                // Headings and captions keep with the next block's start.
                let keep = matches!(block, Block::Heading { .. } | Block::Caption(_));
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
                if matches!(block, Block::Title(_)) {
                    // One blank body line between the title and the text.
                    flow.y += LINE_PITCH;
                }
            }
        }
    }
    let mut pages = flow.finish();
    if opts.page_numbers {
        number_pages(&mut pages, metrics)?;
    }
    Ok(pages)
}

/// Re-breaks a centred multi-line text (a title) into lines of nearly equal
/// length, as GB/T 9704 wants titles arranged, instead of a full first line
/// and a short last one: the narrowest width that keeps the line count.
fn balance(
    text: &str,
    metrics: &Metrics,
    style: &Style,
    greedy: Vec<Line>,
) -> Result<Vec<Line>, super::metrics::MissingGlyph> {
    const STEPS: usize = 12;
    let count = greedy.len();
    let (mut lo, mut hi) = (TEXT_WIDTH / count as f32, TEXT_WIDTH);
    let mut best = greedy;
    for _ in 0..STEPS {
        let mid = (lo + hi) / 2.0;
        let lines = break_lines(text, metrics, style, mid, mid)?;
        if lines.len() <= count {
            hi = mid;
            best = lines;
        } else {
            lo = mid;
        }
    }
    Ok(best)
}

/// The block's own text, or its first field or cell, for messages.
fn block_text(block: &Block) -> &str {
    match block {
        Block::Signature(s) => s.lines.iter().flatten().next().map_or("", String::as_str),
        Block::Table(t) => t.cells.first().map_or("", |c| c.text.as_str()),
        Block::AttachmentList(a) => a.items.first().map_or("", String::as_str),
        Block::Closing(c) => &c.signer,
        Block::PageBreak => "",
        b => block_style(b).map_or("", |(_, t)| t),
    }
}

/// Height a block needs on the page where it starts, to keep a heading or
/// caption together with it: its first line, or a table's header and first
/// body row.
fn lead_height(block: Option<&Block>, metrics: &Metrics) -> f32 {
    match block {
        None | Some(Block::PageBreak) => 0.0,
        Some(Block::Table(t)) => table::lead_height(t, metrics),
        Some(Block::Signature(s)) => signature_height(s),
        Some(b @ (Block::AttachmentList(_) | Block::Closing(_))) => tail_height(b),
        Some(b) => block_style(b).map_or(BODY_SIZE, |(bs, _)| bs.style.size),
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
        for line in break_lines(text, flow.metrics, &style, width, width)? {
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

/// Space left blank above a signature block, so it stands apart from a
/// table or paragraph above it (half a line: the block above already ends
/// with its own gap).
const SIGNATURE_SPACE_BEFORE: f32 = LINE_PITCH / 2.0;

/// Narrowest gap between two signature fields on one row: two characters.
const SIGNATURE_MIN_GAP: f32 = 2.0 * BODY_SIZE;

fn signature_height(s: &Signature) -> f32 {
    SIGNATURE_SPACE_BEFORE + (s.lines.len().max(1) - 1) as f32 * LINE_PITCH + BODY_SIZE
}

/// A signature block: each line's fields spread across the text width
/// (first flush left, last flush right, equal gaps), never split across
/// pages. A line whose fields do not fit side by side stacks them.
fn signature(
    flow: &mut Flow,
    s: &Signature,
    semantic: Semantic,
) -> Result<(), super::metrics::MissingGlyph> {
    let style = style(Role::Body, BODY_SIZE, BODY_TRACKING, false);
    let mut rows: Vec<Vec<(Line, &str)>> = Vec::new();
    for fields in &s.lines {
        // Fields of one line share a row while they fit with at least
        // SIGNATURE_MIN_GAP between them; the rest wrap to further rows.
        let mut row: Vec<(Line, &str)> = Vec::new();
        let mut used = 0.0;
        for f in fields {
            // Fields are short; give them all the width so each stays one line.
            let Some(line) = break_lines(f, flow.metrics, &style, f32::MAX, f32::MAX)?.pop() else {
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
    let height = SIGNATURE_SPACE_BEFORE + (rows.len().max(1) - 1) as f32 * LINE_PITCH + BODY_SIZE;
    if !flow.fits(height) && !flow.at_page_top() {
        flow.new_page();
    } else if !flow.at_page_top() {
        flow.y += SIGNATURE_SPACE_BEFORE;
    }
    for row in rows {
        let total: f32 = row.iter().map(|(l, _)| l.width()).sum();
        let gap = if row.len() > 1 {
            (TEXT_WIDTH - total) / (row.len() - 1) as f32
        } else {
            0.0
        };
        let baseline = flow.y + BODY_SIZE * EM_ASCENT;
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

/// Adds `— N —` centred under the text block of every page.
fn number_pages(pages: &mut [Page], metrics: &Metrics) -> Result<(), LayoutError> {
    let style = style(Role::PageNumber, PAGE_NUMBER_SIZE, 0.0, false);
    for (i, page) in pages.iter_mut().enumerate() {
        let text = format!("— {} —", i + 1);
        let lines = break_lines(&text, metrics, &style, f32::MAX, f32::MAX).map_err(|e| {
            LayoutError::MissingGlyph {
                ch: e.ch,
                text: text.clone(),
            }
        })?;
        let baseline = TEXT_BOTTOM + PAGE_NUMBER_GAP + PAGE_NUMBER_SIZE * EM_ASCENT;
        for line in &lines {
            let runs: Vec<TextRun> = place_line(
                line,
                &text,
                &style,
                Align::Center,
                LineBox {
                    x: MARGIN_LEFT,
                    width: TEXT_WIDTH,
                    baseline,
                },
                Semantic::Artifact,
            );
            page.items.extend(runs.into_iter().map(Item::Text));
        }
    }
    Ok(())
}
