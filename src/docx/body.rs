//! `document.xml`: the blocks of the report as styled paragraphs, tables
//! and the section properties (A4, GB/T 9704 margins, line grid, footers).
//!
//! A paragraph names its style (`styles.rs`) and adds only what differs
//! from it (alignment, a cancelled indent, tab stops, a page break); runs
//! carry no properties except bold table headers and unusual table sizes.

use super::styles::{self, Style};
use super::table;
use super::xml::{W_NS, Xml};
use super::{DocxError, FOOTER_BLANK_ID, FOOTER_EVEN_ID, FOOTER_ODD_ID};
use crate::document::style as st;
use crate::document::{Align, AttachmentList, Block, Closing, Document, Numbering, Signature};

/// Paragraph properties that differ from the paragraph's style.
#[derive(Default)]
pub(super) struct Para<'a> {
    pub keep_next: bool,
    pub page_break: bool,
    /// Left-aligned tab stops, then a right one, in twips.
    pub tabs: &'a [(bool, i32)],
    /// Exact line pitch, space before and after, when not the style's.
    pub spacing: Option<(i32, i32, i32)>,
    /// Indents, when not the style's.
    pub indent: Option<Indent>,
    pub jc: Option<&'static str>,
    /// Ends a section numbered so (the paragraph holds its `w:sectPr`).
    pub ends_section: Option<Numbering>,
}

/// Paragraph indents in twips; a negative first line hangs.
#[derive(Default, Clone, Copy)]
pub(super) struct Indent {
    pub left: i32,
    pub right: i32,
    pub first: i32,
}

/// Writes `<w:pPr>` for a paragraph of `style` with `p`'s overrides.
pub(super) fn para_props(x: &mut Xml, style: Style, p: &Para) {
    x.open("w:pPr", &[]);
    x.val("w:pStyle", style.id());
    if p.keep_next {
        x.empty("w:keepNext", &[]);
    }
    if p.page_break {
        x.empty("w:pageBreakBefore", &[]);
    }
    if !p.tabs.is_empty() {
        x.open("w:tabs", &[]);
        for &(left, pos) in p.tabs {
            let kind = if left { "left" } else { "right" };
            x.empty("w:tab", &[("w:val", kind), ("w:pos", &pos.to_string())]);
        }
        x.close("w:tabs");
    }
    if let Some((line, before, after)) = p.spacing {
        styles::exact_spacing(x, line, before, after);
    }
    if let Some(ind) = p.indent {
        let (left, right) = (ind.left.to_string(), ind.right.to_string());
        let first = ind.first.abs().to_string();
        let kind = if ind.first < 0 {
            "w:hanging"
        } else {
            "w:firstLine"
        };
        x.empty(
            "w:ind",
            &[("w:left", &left), ("w:right", &right), (kind, &first)],
        );
    }
    if let Some(jc) = p.jc {
        x.val("w:jc", jc);
    }
    if let Some(numbering) = p.ends_section {
        section(x, numbering);
    }
    x.close("w:pPr");
}

/// The runs of `text`: line feeds become `w:br`, tabs `w:tab`. `rpr`
/// writes the run properties (nothing for style-only runs).
pub(super) fn runs(x: &mut Xml, text: &str, rpr: &dyn Fn(&mut Xml)) {
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest.find(['\n', '\t']).unwrap_or(rest.len());
        let (chunk, tail) = rest.split_at(cut);
        x.open("w:r", &[]);
        rpr(x);
        if !chunk.is_empty() {
            let keep_spaces =
                chunk.starts_with(' ') || chunk.ends_with(' ') || chunk.contains("  ");
            if keep_spaces {
                x.open("w:t", &[("xml:space", "preserve")]);
            } else {
                x.open("w:t", &[]);
            }
            x.text(chunk);
            x.close("w:t");
        }
        // Every break or tab of the chunk's tail in the same run.
        let mut tail = tail;
        while let Some(c) = tail.chars().next().filter(|c| matches!(c, '\n' | '\t')) {
            x.empty(if c == '\n' { "w:br" } else { "w:tab" }, &[]);
            tail = &tail[1..];
        }
        x.close("w:r");
        rest = tail;
    }
}

/// No run properties: the paragraph style decides.
pub(super) fn plain(_: &mut Xml) {}

/// A whole paragraph of `text` in `style`, the text as written: Word keeps
/// numbers with their units by the document's 禁则 lists (`settings.xml`).
fn paragraph(x: &mut Xml, style: Style, p: &Para, text: &str) {
    x.open("w:p", &[]);
    para_props(x, style, p);
    runs(x, text, &plain);
    x.close("w:p");
}

/// Approximate width of `text` in 3号 body type, in twips: CJK and other
/// wide characters one em, ASCII half an em, each less the letter spacing.
fn body_width(text: &str) -> i32 {
    let em = st::BODY_SIZE as i32 * 10;
    text.chars()
        .map(|c| if c.is_ascii() { em / 2 } else { em } + st::BODY_SPACING_TWIPS)
        .sum()
}

/// Writes the body of `document.xml`.
pub(super) fn document_xml(doc: &Document) -> Result<Vec<u8>, DocxError> {
    let mut x = Xml::new();
    x.open(
        "w:document",
        &[
            ("xmlns:w", W_NS),
            (
                "xmlns:r",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            ),
        ],
    );
    x.open("w:body", &[]);
    let mut page_break = false;
    let mut after_table = false;
    let mut table_no = 0;
    let sections = doc.sections();
    for (i, block) in doc.blocks.iter().enumerate() {
        let keep_next = doc.keeps_with_next(i);
        let mut p = Para {
            keep_next,
            page_break: std::mem::take(&mut page_break),
            ..Para::default()
        };
        match block {
            Block::PageBreak => {
                page_break = true;
                continue;
            }
            // The section before ends in a paragraph of its own, 1 pt
            // tall, holding its properties; the next starts a new page.
            Block::Section(_) if i > 0 => {
                p.page_break = false;
                p.spacing = Some((20, 0, 0));
                p.ends_section = Some(sections[i - 1].1);
                paragraph(&mut x, Style::Normal, &p, "");
            }
            Block::Section(_) => continue,
            // Empty body lines, each one line of the grid, flowing onto
            // the next page as the PDF's do.
            Block::Space(n) => {
                for k in 0..*n {
                    let blank = Para {
                        page_break: k == 0 && p.page_break,
                        indent: Some(Indent::default()),
                        ..Para::default()
                    };
                    paragraph(&mut x, Style::Normal, &blank, "");
                }
            }
            Block::Table(t) => {
                if p.page_break {
                    // A table row cannot carry a page break: a 1 pt paragraph does.
                    p.spacing = Some((20, 0, 0));
                    paragraph(&mut x, Style::Normal, &p, "");
                } else if after_table {
                    // Adjacent tables would merge into one in Word.
                    p.spacing = Some((st::TABLE_GAP, 0, 0));
                    paragraph(&mut x, Style::Normal, &p, "");
                }
                table_no += 1;
                let before_signature = matches!(doc.blocks.get(i + 1), Some(Block::Signature(_)));
                table::table(&mut x, t, table_no, before_signature)?;
                after_table = true;
                continue;
            }
            Block::Signature(s) => signature(&mut x, s, p, after_table),
            Block::AttachmentList(a) => attachment_list(&mut x, a, p),
            Block::Closing(c) => closing(&mut x, c, p),
            Block::Title(_)
            | Block::Caption(_)
            | Block::Attachment(_)
            | Block::Heading { .. }
            | Block::Paragraph(_) => text_block(&mut x, block, p),
        }
        after_table = false;
    }
    section(&mut x, sections.last().map_or(Numbering::Continue, |s| s.1));
    x.close("w:body");
    x.close("w:document");
    Ok(x.finish())
}

/// A block of text in its style: titles and captions come arranged in
/// lines (GB/T 9704 7.3.1); a paragraph aligned other than justified, or
/// not indented, says so.
fn text_block(x: &mut Xml, block: &Block, mut p: Para) {
    match block {
        Block::Title(lines) => paragraph(x, Style::Title, &p, &lines.join("\n")),
        Block::Caption(lines) => paragraph(x, Style::Caption, &p, &lines.join("\n")),
        Block::Attachment(t) => paragraph(x, Style::AttachmentLabel, &p, t),
        Block::Heading { level, text } => {
            let style = match level {
                1 => Style::Heading1,
                2 => Style::Heading2,
                _ => Style::Heading3,
            };
            paragraph(x, style, &p, text)
        }
        Block::Paragraph(para) => {
            p.jc = match para.align {
                Align::Justify => None,
                Align::Left => Some("left"),
                Align::Center => Some("center"),
                Align::Right => Some("right"),
            };
            if !para.indent {
                p.indent = Some(Indent::default());
            }
            paragraph(x, Style::Normal, &p, &para.text)
        }
        // Not text blocks: written by their own functions.
        Block::Table(_)
        | Block::Signature(_)
        | Block::AttachmentList(_)
        | Block::Closing(_)
        | Block::PageBreak
        | Block::Space(_)
        | Block::Section(_) => {}
    }
}

/// One body character on the 28-character line, in twips.
const EM: f32 = (st::BODY_SIZE as i32 * 10 + st::BODY_SPACING_TWIPS) as f32;

fn ems(n: f32) -> i32 {
    (n * EM).round() as i32
}

/// The `附件：1.…` list under the body, a blank line above it; each item a
/// paragraph hanging from its name (GB/T 9704 7.3.4).
fn attachment_list(x: &mut Xml, a: &AttachmentList, first: Para) {
    for (i, (item, (start, name))) in a.items.iter().zip(a.item_indents()).enumerate() {
        let text = if i == 0 {
            format!("{}{item}", a.label)
        } else {
            item.clone()
        };
        let p = Para {
            page_break: i == 0 && first.page_break,
            spacing: (i == 0).then_some((st::LINE, st::LINE, 0)),
            indent: Some(Indent {
                left: ems(name),
                right: 0,
                first: ems(start) - ems(name),
            }),
            ..Para::default()
        };
        paragraph(x, Style::AttachmentList, &p, &text);
    }
}

/// The 落款: blank lines for the seal, the unit centred over the date, the
/// date four characters in from the right (GB/T 9704 7.3.5.1).
fn closing(x: &mut Xml, c: &Closing, first: Para) {
    let (signer, date) = c.right_indents();
    let space = Closing::SPACE_LINES as i32 * st::LINE;
    for (text, right, before) in [(&c.signer, signer, space), (&c.date, date, 0)] {
        let p = Para {
            page_break: before > 0 && first.page_break,
            spacing: Some((st::LINE, before, 0)),
            indent: Some(Indent {
                right: ems(right),
                ..Indent::default()
            }),
            ..Para::default()
        };
        paragraph(x, Style::Closing, &p, text);
    }
}

use st::{SIGNATURE_MIN_GAP, SIGNATURE_SPACE_AFTER_TABLE, SIGNATURE_SPACE_BEFORE};

/// Signature lines, kept together, below a blank line. A line's fields are
/// spread across the text width: the first flush left, the last flush
/// right, the ones between at equal gaps (tab stops). Fields that do not
/// fit on one line continue on the next, a lone field flush left.
fn signature(x: &mut Xml, s: &Signature, first: Para, after_table: bool) {
    let mut lines: Vec<Vec<String>> = Vec::new();
    for line in &s.lines {
        let mut current: Vec<String> = Vec::new();
        let mut width = 0;
        for field in line {
            // A tab inside a field would jump to the next field's stop.
            let field = field.replace('\t', " ");
            let w = body_width(&field);
            if !current.is_empty() && width + SIGNATURE_MIN_GAP + w > st::TEXT_WIDTH {
                lines.push(std::mem::take(&mut current));
                width = 0;
            }
            if !current.is_empty() {
                width += SIGNATURE_MIN_GAP;
            }
            width += w;
            current.push(field);
        }
        lines.push(current);
    }

    let last = lines.len().saturating_sub(1);
    for (i, fields) in lines.into_iter().enumerate() {
        let before = match (i, after_table) {
            (0, false) => SIGNATURE_SPACE_BEFORE,
            (0, true) => SIGNATURE_SPACE_AFTER_TABLE,
            _ => 0,
        };
        let mut tabs = Vec::new();
        if fields.len() > 1 {
            let widths: Vec<i32> = fields.iter().map(|f| body_width(f)).collect();
            let gap = (st::TEXT_WIDTH - widths.iter().sum::<i32>()) / (fields.len() as i32 - 1);
            let mut pos = 0;
            for k in 1..fields.len() {
                pos += widths[k - 1] + gap;
                let left = k < fields.len() - 1;
                tabs.push((left, if left { pos } else { st::TEXT_WIDTH }));
            }
        }
        let p = Para {
            keep_next: i < last || first.keep_next,
            page_break: i == 0 && first.page_break,
            tabs: &tabs,
            spacing: Some((st::LINE, before, 0)),
            ..Para::default()
        };
        paragraph(x, Style::SignatureLine, &p, &fields.join("\t"));
    }
}

/// A section's properties: A4, GB/T 9704 margins, odd/even footers with
/// the page number (a blank footer when it shows none; numbering from 1
/// again when it restarts), the line grid.
fn section(x: &mut Xml, numbering: Numbering) {
    x.open("w:sectPr", &[]);
    let (odd, even) = match numbering {
        Numbering::None => (FOOTER_BLANK_ID, FOOTER_BLANK_ID),
        _ => (FOOTER_ODD_ID, FOOTER_EVEN_ID),
    };
    x.empty("w:footerReference", &[("w:type", "default"), ("r:id", odd)]);
    x.empty("w:footerReference", &[("w:type", "even"), ("r:id", even)]);
    x.empty(
        "w:pgSz",
        &[
            ("w:w", &st::PAGE_WIDTH.to_string()),
            ("w:h", &st::PAGE_HEIGHT.to_string()),
        ],
    );
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &st::MARGIN_TOP.to_string()),
            ("w:right", &st::MARGIN_RIGHT.to_string()),
            ("w:bottom", &st::MARGIN_BOTTOM.to_string()),
            ("w:left", &st::MARGIN_LEFT.to_string()),
            ("w:header", &HEADER_DISTANCE.to_string()),
            ("w:footer", &FOOTER_DISTANCE.to_string()),
            ("w:gutter", "0"),
        ],
    );
    if numbering == Numbering::Restart {
        x.empty("w:pgNumType", &[("w:start", "1")]);
    }
    x.empty("w:cols", &[("w:space", "425")]);
    // A line grid of 22 lines (GB/T 9704 5.2.2). Not `linesAndChars`:
    // LibreOffice puts a 3号 glyph into two cells of a 28-character grid
    // (14 to the line); the body style's letter spacing gives the 28.
    x.empty(
        "w:docGrid",
        &[("w:type", "lines"), ("w:linePitch", &st::LINE.to_string())],
    );
    x.close("w:sectPr");
}

/// Header distance from the top edge; the report has no header, so any
/// value inside the top margin will do (15 mm).
const HEADER_DISTANCE: i32 = 850;

/// Footer distance from the bottom edge to the bottom of the page-number
/// line, which GB/T 9704 7.5 puts 7 mm below the text block.
const FOOTER_DISTANCE: i32 = st::MARGIN_BOTTOM - st::PAGE_NUMBER_GAP - styles::PAGE_NUMBER_LINE;

/// A footer part up to its paragraph's properties, styled 页脚.
fn footer_start() -> Xml {
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", W_NS)]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.val("w:pStyle", Style::Footer.id());
    x
}

/// The footer of a section without page numbers: one empty paragraph.
pub(super) fn blank_footer_xml() -> Vec<u8> {
    let mut x = footer_start();
    x.close("w:pPr");
    x.close("w:p");
    x.close("w:ftr");
    x.finish()
}

/// A footer part: `— N —` with a PAGE field, one character in from the
/// outer edge (odd pages right, even pages left; GB/T 9704 7.5).
pub(super) fn footer_xml(odd: bool) -> Vec<u8> {
    let mut x = footer_start();
    let side = if odd { "w:right" } else { "w:left" };
    x.empty("w:ind", &[(side, &st::PAGE_NUMBER_INDENT.to_string())]);
    x.val("w:jc", if odd { "right" } else { "left" });
    x.close("w:pPr");
    runs(&mut x, "— ", &plain);
    x.open("w:fldSimple", &[("w:instr", " PAGE ")]);
    runs(&mut x, "1", &plain);
    x.close("w:fldSimple");
    runs(&mut x, " —", &plain);
    x.close("w:p");
    x.close("w:ftr");
    x.finish()
}
