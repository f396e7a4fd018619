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
pub mod style;
mod table;

pub use arrange::{arrange, capacity};
pub use markup::{MarkupError, escape, parse_markup};
pub use table::{Cell, Entry, Slot, Table, TableError};

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
    /// Start a new page.
    PageBreak,
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

impl Document {
    /// Whether block `i` should stay on the page of the block after it:
    /// the 落款 (a run of right-aligned closing lines: 单位（盖章）, date)
    /// must not stand alone on a page (GB/T 9704 7.3.5), so it keeps with
    /// the text above it and with itself. Both backends ask this.
    pub fn keeps_with_next(&self, i: usize) -> bool {
        let right =
            |b: Option<&Block>| matches!(b, Some(Block::Paragraph(p)) if p.align == Align::Right);
        right(self.blocks.get(i + 1)) && matches!(self.blocks.get(i), Some(Block::Paragraph(_)))
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
                Block::PageBreak => {}
            }
        }
        out
    }
}
