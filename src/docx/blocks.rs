//! Block-level conversion: titles, headings, paragraphs, attachment labels,
//! captions, signature blocks, page breaks and the page-number footer.
//!
//! [`Writer`] walks the document once and hands tables to `table.rs`. Every
//! run gets its font (East Asian and Latin slots) and size set directly, so
//! the file looks the same whatever the reader's default styles are. Every
//! paragraph gets an id from the writer's own counter: docx-rs would draw
//! one from a per-thread counter, which differs between renders.

use super::style::*;
use super::{DocxError, DocxOptions, PageNumbers, table};
use crate::document::{Align, Block, Document, Signature};
use docx_rs::{
    AlignmentType, BreakType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Tab, TabValueType,
};

/// Converts one document; holds the options and the paragraph-id counter.
pub(super) struct Writer<'a> {
    pub(super) opts: &'a DocxOptions,
    /// The last paragraph id handed out.
    last_id: u32,
    /// Header-row count of each table, in document order.
    header_rows: Vec<usize>,
    /// A page break is waiting for the next block.
    break_pending: bool,
}

/// A run font set: the same family in every script slot.
pub(super) fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
}

/// A run of plain user text. Line feeds become line breaks and tabs become
/// tabs; other control characters are dropped, since XML 1.0 cannot carry
/// them and Word refuses a file that contains them.
pub(super) fn text_run(text: &str, font: &str, size: usize, bold: bool) -> Run {
    let mut run = Run::new().fonts(fonts(font)).size(size);
    if bold {
        run = run.bold();
    }
    let mut buf = String::new();
    for ch in text.chars() {
        match ch {
            '\n' | '\t' => {
                if !buf.is_empty() {
                    run = run.add_text(std::mem::take(&mut buf));
                }
                run = if ch == '\n' {
                    run.add_break(BreakType::TextWrapping)
                } else {
                    run.add_tab()
                };
            }
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_control() => {}
            c => buf.push(c),
        }
    }
    if !buf.is_empty() {
        run = run.add_text(buf);
    }
    run
}

/// Paragraph alignment for a document alignment.
pub(super) fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Justify => AlignmentType::Both,
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// Exact line spacing with no space before or after.
fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

/// A first-line indent of `twips`.
fn first_line(p: Paragraph, twips: i32) -> Paragraph {
    p.indent(None, Some(SpecialIndentType::FirstLine(twips)), None, None)
}

/// Approximate width of `text` in 3号 type: CJK and other wide characters
/// take one em, ASCII half an em (as in 仿宋_GB2312 and its substitutes).
fn body_text_width(text: &str) -> i32 {
    let em = BODY_SIZE as i32 * 10;
    text.chars()
        .map(|c| if c.is_ascii() { em / 2 } else { em })
        .sum()
}

impl<'a> Writer<'a> {
    pub(super) fn new(opts: &'a DocxOptions) -> Self {
        Writer {
            opts,
            last_id: 0,
            header_rows: Vec::new(),
            break_pending: false,
        }
    }

    /// Header-row counts of the tables written so far, in document order.
    pub(super) fn header_rows(&self) -> &[usize] {
        &self.header_rows
    }

    /// A new paragraph with a deterministic id (`w14:paraId`, 8 hex digits
    /// below 0x80000000 as Word requires).
    pub(super) fn paragraph(&mut self) -> Paragraph {
        self.last_id += 1;
        Paragraph::new().id(format!("{:08X}", self.last_id))
    }

    /// A paragraph whose mark carries `font` and `size`, so an empty
    /// paragraph is as tall as its text would be.
    pub(super) fn styled(&mut self, font: &str, size: usize) -> Paragraph {
        self.paragraph().fonts(fonts(font)).size(size)
    }

    /// Builds the docx-rs document: page setup, footers and every block.
    pub(super) fn document(&mut self, doc: &Document) -> Result<Docx, DocxError> {
        let body = &self.opts.fonts.body;
        let mut docx = Docx::new()
            .page_size(PAGE_WIDTH as u32, PAGE_HEIGHT as u32)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN_TOP)
                    .bottom(MARGIN_BOTTOM)
                    .left(MARGIN_LEFT)
                    .right(MARGIN_RIGHT)
                    .header(HEADER_DISTANCE)
                    .footer(FOOTER_DISTANCE)
                    .gutter(0),
            )
            .default_fonts(fonts(body))
            .default_size(BODY_SIZE);
        docx = match self.opts.page_numbers {
            PageNumbers::OutsideEdges => {
                let odd = self.page_number(AlignmentType::Right);
                let even = self.page_number(AlignmentType::Left);
                docx.footer(odd).even_footer(even)
            }
            PageNumbers::Centered => {
                let centre = self.page_number(AlignmentType::Center);
                docx.footer(centre)
            }
        };

        let mut after_table = false;
        for (i, block) in doc.blocks.iter().enumerate() {
            match block {
                Block::PageBreak => {
                    self.break_pending = true;
                    after_table = false;
                }
                Block::Table(t) => {
                    if self.break_pending {
                        docx = docx.add_paragraph(self.page_break());
                    } else if after_table {
                        // Adjacent tables would be read as one table.
                        docx = docx.add_paragraph(self.table_gap());
                    }
                    after_table = true;
                    let index = self.header_rows.len() + 1;
                    docx = docx.add_table(table::table(self, t, index)?);
                    self.header_rows.push(t.header_rows);
                }
                Block::Signature(s) => {
                    for p in self.signature(s, std::mem::take(&mut after_table)) {
                        docx = docx.add_paragraph(p);
                    }
                }
                _ => {
                    after_table = false;
                    if let Some(p) = self.paragraph_block(block) {
                        docx = docx.add_paragraph(if doc.keeps_with_next(i) {
                            p.keep_next(true)
                        } else {
                            p
                        });
                    }
                }
            }
        }
        // A trailing page break would only add a blank page.
        Ok(docx)
    }

    /// Applies a pending page break to the first paragraph of a block.
    fn take_break(&mut self, p: Paragraph) -> Paragraph {
        if std::mem::take(&mut self.break_pending) {
            p.page_break_before(true)
        } else {
            p
        }
    }

    /// A paragraph holding only a page break, for a table that must start
    /// a new page (a table row cannot carry `pageBreakBefore`). Its mark is
    /// 1 pt so the line it leaves on the new page is barely a gap.
    fn page_break(&mut self) -> Paragraph {
        self.break_pending = false;
        let body = self.opts.fonts.body.clone();
        self.styled(&body, 2)
            .line_spacing(exact(20))
            .add_run(Run::new().fonts(fonts(&body)).add_break(BreakType::Page))
    }

    /// A one-run paragraph of `text` in `font` and `size`, with no widow
    /// control (official documents keep a strict 22-line grid).
    fn text_paragraph(&mut self, text: &str, font: &str, size: usize, bold: bool) -> Paragraph {
        self.styled(font, size)
            .add_run(text_run(text, font, size, bold))
            .widow_control(false)
    }

    /// An empty half-line paragraph that keeps two tables apart.
    fn table_gap(&mut self) -> Paragraph {
        let body = self.opts.fonts.body.clone();
        self.styled(&body, BODY_SIZE).line_spacing(exact(LINE / 2))
    }

    /// Title, heading, paragraph, attachment label or caption; `None` for
    /// the blocks [`Writer::document`] handles itself.
    fn paragraph_block(&mut self, block: &Block) -> Option<Paragraph> {
        let f = self.opts.fonts.clone();
        let p = match block {
            // Arranged lines, joined by line breaks (text_run turns `\n`
            // into `w:br`).
            Block::Title(lines) => self
                .text_paragraph(&lines.join("\n"), &f.title, TITLE_SIZE, false)
                .align(AlignmentType::Center)
                .line_spacing(exact(LINE).after(TITLE_SPACE_AFTER as u32)),
            Block::Caption(lines) => self
                .text_paragraph(&lines.join("\n"), &f.title, CAPTION_SIZE, false)
                .align(AlignmentType::Center)
                .keep_next(true)
                .line_spacing(exact(LINE).after(CAPTION_SPACE_AFTER as u32)),
            Block::Attachment(t) => self
                .text_paragraph(t, &f.heading1, BODY_SIZE, false)
                .align(AlignmentType::Left)
                .keep_next(true)
                .line_spacing(exact(LINE)),
            Block::Heading { level, text } => {
                // Levels beyond 3 are drawn like level 3.
                let level = (*level).clamp(1, 3);
                let (font, bold) = match level {
                    1 => (&f.heading1, false),
                    2 => (&f.heading2, false),
                    _ => (&f.body, true),
                };
                let p = self.text_paragraph(text, font, BODY_SIZE, bold);
                first_line(p, INDENT)
                    .align(AlignmentType::Both)
                    .keep_next(true)
                    .keep_lines(true)
                    .outline_lvl(usize::from(level) - 1)
                    .line_spacing(exact(LINE))
            }
            Block::Paragraph(para) => {
                let p = self
                    .text_paragraph(&para.text, &f.body, BODY_SIZE, false)
                    .align(alignment(para.align))
                    .line_spacing(exact(LINE));
                if para.indent {
                    first_line(p, INDENT)
                } else {
                    p
                }
            }
            Block::Table(_) | Block::Signature(_) | Block::PageBreak => return None,
        };
        Some(self.take_break(p))
    }

    /// Signature lines, kept together on one page, below a blank line (a
    /// quarter line under a table). A line's fields are spread across the
    /// text width: the first flush left, the last flush right, the ones
    /// between at equal gaps (tab stops). Fields that do not fit on one line
    /// continue on the next, a lone continued field flush right.
    fn signature(&mut self, s: &Signature, after_table: bool) -> Vec<Paragraph> {
        let font = self.opts.fonts.body.clone();
        // (fields, is a continuation) for each printed line.
        let mut lines: Vec<(Vec<String>, bool)> = Vec::new();
        for line in &s.lines {
            let mut current: Vec<String> = Vec::new();
            let mut width = 0;
            let mut continued = false;
            for field in line {
                // A tab inside a field would jump to the next field's stop.
                let field = field.replace('\t', " ");
                let w = body_text_width(&field);
                if !current.is_empty() && width + SIGNATURE_MIN_GAP + w > TEXT_WIDTH {
                    lines.push((std::mem::take(&mut current), continued));
                    continued = true;
                    width = 0;
                }
                if !current.is_empty() {
                    width += SIGNATURE_MIN_GAP;
                }
                width += w;
                current.push(field);
            }
            lines.push((current, continued));
        }

        let last = lines.len().saturating_sub(1);
        let mut out = Vec::with_capacity(lines.len());
        for (i, (fields, continued)) in lines.into_iter().enumerate() {
            let before = match (i, after_table) {
                (0, false) => SIGNATURE_SPACE_BEFORE,
                (0, true) => SIGNATURE_SPACE_AFTER_TABLE,
                _ => 0,
            };
            let mut p = self
                .styled(&font, BODY_SIZE)
                .align(if continued && fields.len() == 1 {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                })
                .line_spacing(exact(LINE).before(before as u32))
                .keep_lines(true)
                .keep_next(i < last)
                .widow_control(false);
            if fields.len() > 1 {
                let widths: Vec<i32> = fields.iter().map(|f| body_text_width(f)).collect();
                let gap = (TEXT_WIDTH - widths.iter().sum::<i32>()) / (fields.len() as i32 - 1);
                let mut x = 0;
                for k in 1..fields.len() {
                    x += widths[k - 1] + gap;
                    let tab = if k == fields.len() - 1 {
                        Tab::new().val(TabValueType::Right).pos(TEXT_WIDTH as usize)
                    } else {
                        Tab::new().val(TabValueType::Left).pos(x as usize)
                    };
                    p = p.add_tab(tab);
                }
            }
            p = p.add_run(text_run(&fields.join("\t"), &font, BODY_SIZE, false));
            out.push(p);
        }
        if let Some(first) = out.first_mut() {
            *first = self.take_break(first.clone());
        }
        out
    }

    /// The footer: `— N —` with a PAGE field, 4号 宋体.
    fn page_number(&mut self, align: AlignmentType) -> Footer {
        let font = self.opts.fonts.page_number.clone();
        let run = |text: &str| {
            Run::new()
                .fonts(fonts(&font))
                .size(PAGE_NUMBER_SIZE)
                .add_text(text)
        };
        let field = Run::new()
            .fonts(fonts(&font))
            .size(PAGE_NUMBER_SIZE)
            .add_field_char(FieldCharType::Begin, false)
            .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
            .add_field_char(FieldCharType::Separate, false)
            .add_text("1")
            .add_field_char(FieldCharType::End, false);
        let (left, right) = match align {
            AlignmentType::Left => (Some(PAGE_NUMBER_INDENT), None),
            AlignmentType::Right => (None, Some(PAGE_NUMBER_INDENT)),
            _ => (None, None),
        };
        let p = self
            .styled(&font, PAGE_NUMBER_SIZE)
            .align(align)
            .indent(left, None, right, None)
            .line_spacing(exact(PAGE_NUMBER_LINE))
            .add_run(run("— "))
            .add_run(field)
            .add_run(run(" —"));
        Footer::new().add_paragraph(p)
    }
}
