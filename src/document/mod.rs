//! The format-free document tree: title, headings, paragraphs, tables with
//! merged cells, signature blocks.
//!
//! It sits between the templates and the backends. The template stage builds
//! a [`Document`] (see `markup.rs`); the DOCX and PDF backends read it and
//! know nothing of YAML or the model. Merged-cell spans are resolved and
//! checked here, once, so every backend can trust them.
//!
//! Decisions that both backends must follow so the DOCX and the PDF break
//! lines and pages alike are made here, not in a backend:
//! - sizes, line pitches, spacing, padding and fonts: `style.rs`;
//! - the lines of titles and captions ([`Block::Title`], [`Block::Caption`]
//!   hold them; draw each as one line, `arrange.rs`);
//! - where a line must not break (`measure.rs`: [`measure::no_break_at`]
//!   for paragraphs and headings, [`Cell::no_break_at`] for table cells);
//! - table column widths in twips summing to `style::TEXT_WIDTH`
//!   ([`Table::widths`] after parsing) and each cell's alignment (a wrapped
//!   centred text is [`Align::Justify`]), `columns.rs`.

mod arrange;
mod columns;
mod markup;
pub mod measure;
mod outline;
pub mod style;
mod table;

pub use arrange::{arrange, capacity};
pub use markup::{MarkupError, escape, parse_markup};
pub use table::{Cell, CellStyle, Entry, RowHeight, Rules, Slot, Table, TableError, VAlign};

/// A whole report, ready for any backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Document metadata (file properties in DOCX, the info dictionary in PDF).
    pub meta: Meta,
    /// The content, in reading order.
    pub blocks: Vec<Block>,
}

/// Descriptive metadata of a document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    /// The report title, e.g. `2024年度某局整体支出绩效自评报告`.
    pub title: String,
    /// The department that authored it.
    pub author: String,
    /// The day it is dated (year, month, day): the PDF's creation date,
    /// which PDF/A requires. No clock is read, so the bytes depend only on
    /// the inputs.
    pub date: Option<(u16, u8, u8)>,
}

/// One block-level element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The report title: 2号 小标宋-style, centred, already arranged into
    /// lines (see `arrange.rs`); backends draw exactly these lines.
    Title(Vec<String>),
    /// A section heading. Level 1 (`一、`) is 黑体, level 2 (`（一）`) 楷体,
    /// level 3 (`1.`) the body font in bold; all 3号 with the body indent.
    Heading { level: u8, text: String },
    /// A body paragraph in 3号 仿宋.
    Paragraph(Paragraph),
    /// An attachment label such as `附件1`: 3号 黑体, flush left.
    Attachment(String),
    /// A table caption such as `部门整体支出绩效自评表`: 小标宋-style,
    /// centred, arranged into lines like the title.
    Caption(Vec<String>),
    /// A table with borders; its header rows repeat on every page.
    Table(Table),
    /// Lines of signature fields that must stay together on one page.
    Signature(Signature),
    /// The attachment list after the body (GB/T 9704 7.3.4): `附件：1.…`,
    /// each later item under the first, long names wrapped to their first
    /// character.
    AttachmentList(AttachmentList),
    /// The 落款 (GB/T 9704 7.3.5.1): the date four characters in from the
    /// right, the unit's name centred over it, room for the seal above.
    Closing(Closing),
    /// Start a new page.
    PageBreak,
    /// Blank space of this many body lines (a cover's air).
    Space(u32),
    /// A new section from here, on a new page, numbered as it says; as the
    /// first block, the first section's numbering (a cover without a page
    /// number).
    Section(Numbering),
}

/// How a section's pages are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// Counting on from the pages before (the default).
    #[default]
    Continue,
    /// No page numbers shown (the pages still count).
    None,
    /// Shown, starting again at 1.
    Restart,
}

impl Document {
    /// Each block's section numbering and the number of its section
    /// (from 0): what both backends page and number by.
    pub fn sections(&self) -> Vec<(usize, Numbering)> {
        let mut out = Vec::with_capacity(self.blocks.len());
        let (mut index, mut numbering) = (0, Numbering::Continue);
        for (i, block) in self.blocks.iter().enumerate() {
            if let Block::Section(n) = block {
                if i > 0 {
                    index += 1;
                }
                numbering = *n;
            }
            out.push((index, numbering));
        }
        out
    }
}

/// A body paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    pub align: Align,
    /// Two-character first-line indent (the GB/T 9704 body style).
    pub indent: bool,
}

/// Horizontal alignment of a paragraph or a table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Full justification (两端对齐); the last line of a paragraph is left.
    #[default]
    Justify,
    Left,
    Center,
    Right,
}

/// A signature block: each line holds one to four fields spread across the
/// text width, e.g. `填表人：张三 | 联系电话：… | 填报日期：  年  月  日`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub lines: Vec<Vec<String>>,
}

/// The `附件：` list: the label and the numbered names (`1.×××`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentList {
    pub label: String,
    pub items: Vec<String>,
}

impl AttachmentList {
    /// Where each item's first line starts and where its wrapped lines and
    /// its name start, in ems from the left edge of the text block: the
    /// list is indented two characters like the body, later items start
    /// under the first item's number, and a wrapped line aligns with the
    /// first character of the name (GB/T 9704 7.3.4).
    pub fn item_indents(&self) -> Vec<(f32, f32)> {
        const BODY_INDENT: f32 = 2.0;
        let label = em_width(&self.label);
        self.items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let number: String = item
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '．' || *c == '、')
                    .collect();
                let name_at = BODY_INDENT + label + em_width(&number);
                let first = if i == 0 {
                    BODY_INDENT
                } else {
                    BODY_INDENT + label
                };
                (first, name_at)
            })
            .collect()
    }
}

/// The 落款: the signing unit and the date line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub signer: String,
    pub date: String,
}

impl Closing {
    /// Blank body lines between the text above and the unit's name, so the
    /// seal (42 mm, about four lines) starts within one line of the text
    /// and covers the name and the date (GB/T 9704 7.3.5.1).
    pub const SPACE_LINES: usize = 2;
    /// The date is set four characters in from the right edge.
    pub const DATE_RIGHT_EMS: f32 = 4.0;

    /// Right indents of the name and the date line, in ems: the name is
    /// centred over the date (flush right when it is much longer).
    pub fn right_indents(&self) -> (f32, f32) {
        let date = Self::DATE_RIGHT_EMS;
        let signer = date + (em_width(&self.date) - em_width(&self.signer)) / 2.0;
        (signer.max(0.0), date)
    }
}

/// Width of `text` in ems of its font size, as both backends estimate it
/// for alignments they must agree on: wide (CJK) characters one em, ASCII
/// half an em.
pub fn em_width(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

impl Document {
    /// Whether block `i` should stay on the page of the block after it:
    /// the 落款 must not stand alone on a page (GB/T 9704 7.3.5), so it
    /// keeps with the attachment list and the text above it. Both backends
    /// ask this.
    pub fn keeps_with_next(&self, i: usize) -> bool {
        let closing =
            |b: Option<&Block>| matches!(b, Some(Block::Closing(_) | Block::AttachmentList(_)));
        closing(self.blocks.get(i + 1))
            && matches!(
                self.blocks.get(i),
                Some(Block::Paragraph(_) | Block::AttachmentList(_))
            )
    }

    /// Every piece of text in reading order, one entry per paragraph, cell
    /// or field. Tests and `--check` dumps use it; backends do not.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Attachment(t) => out.push(t.as_str()),
                Block::Title(lines) | Block::Caption(lines) => {
                    out.extend(lines.iter().map(String::as_str))
                }
                Block::Heading { text, .. } => out.push(text.as_str()),
                Block::Paragraph(p) => out.push(p.text.as_str()),
                Block::Table(t) => {
                    out.extend(t.cells().map(|c| c.text.as_str()));
                }
                Block::Signature(s) => out.extend(s.lines.iter().flatten().map(String::as_str)),
                Block::AttachmentList(a) => {
                    out.push(a.label.as_str());
                    out.extend(a.items.iter().map(String::as_str));
                }
                Block::Closing(c) => out.extend([c.signer.as_str(), c.date.as_str()]),
                Block::PageBreak | Block::Space(_) | Block::Section(_) => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_centres_the_name_over_the_date_four_characters_in() {
        let c = Closing {
            signer: "示例局（盖章）".into(),
            date: "2025年3月20日".into(),
        };
        // Date: 4 wide + 5 half-width = 6.5 ems; name 7 ems.
        let (signer, date) = c.right_indents();
        assert_eq!(date, 4.0);
        assert_eq!(signer, 3.75);
        // A name much longer than the date goes flush right, never beyond.
        let long = Closing {
            signer: "某".repeat(20),
            date: c.date.clone(),
        };
        assert_eq!(long.right_indents().0, 0.0);
    }

    #[test]
    fn attachment_items_hang_from_their_names() {
        let a = AttachmentList {
            label: "附件：".into(),
            items: vec!["1.甲表".into(), "2.乙表".into(), "10.丙表".into()],
        };
        // 2 ems of body indent, 3 of label, "1." one em.
        assert_eq!(a.item_indents(), vec![(2.0, 6.0), (5.0, 6.0), (5.0, 6.5)]);
    }
}
