//! The DOCX backend: a [`Document`] tree in, the bytes of a `.docx` out.
//!
//! It sits at the end of the pipeline, beside the PDF backend, and knows only
//! `crate::document`. Word lays out the pages itself, so this module sets
//! GB/T 9704 page geometry and paragraph formats and leaves pagination to
//! the reader. docx-rs builds the XML parts; `package.rs` then patches what
//! docx-rs cannot express (repeated table header rows, core properties) and
//! packs the parts into a deflated, byte-for-byte reproducible archive.
//!
//! - `style.rs`: page geometry, sizes and spacing, as named constants.
//! - `blocks.rs`: titles, headings, paragraphs, signatures, page numbers.
//! - `table.rs`: tables with merged cells.
//! - `package.rs`: post-processing and the ZIP archive.

mod blocks;
mod package;
mod style;
mod table;

#[cfg(test)]
mod tests;

use crate::document::Document;
use std::fmt;

/// How a DOCX file is rendered. `DocxOptions::default()` gives the GB/T 9704
/// look with the fonts Chinese government offices have installed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocxOptions {
    /// The font family for each role. Each name is written for East Asian
    /// and Latin text alike (`w:eastAsia`, `w:ascii`, `w:hAnsi`, `w:cs`).
    pub fonts: Fonts,
    /// Where the page number goes in the footer.
    pub page_numbers: PageNumbers,
}

/// Font family names, one per role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fonts {
    /// Body text, level-3 headings (in bold), table cells and signature
    /// lines. Default `仿宋_GB2312`.
    pub body: String,
    /// Level-1 headings (`一、`) and attachment labels (`附件1`). Default `黑体`.
    pub heading1: String,
    /// Level-2 headings (`（一）`). Default `楷体_GB2312`.
    pub heading2: String,
    /// The report title and table captions. Default `方正小标宋简体`.
    pub title: String,
    /// Page numbers in the footer. Default `宋体`.
    pub page_number: String,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            body: "仿宋_GB2312".into(),
            heading1: "黑体".into(),
            heading2: "楷体_GB2312".into(),
            title: "方正小标宋简体".into(),
            page_number: "宋体".into(),
        }
    }
}

/// Placement of the `— 1 —` page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageNumbers {
    /// GB/T 9704: odd pages at the right, even pages at the left, each one
    /// character in from the edge of the text block.
    #[default]
    OutsideEdges,
    /// Centred on every page.
    Centered,
}

/// Why a document could not be rendered as DOCX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// A table's relative column widths add up to zero, so they cannot be
    /// scaled to the text width. `table` counts tables from 1.
    ZeroWidths { table: usize },
    /// docx-rs or the ZIP writer failed, or produced XML this module did not
    /// expect. This is a bug in gen-report, not a problem with the input.
    Internal(String),
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::ZeroWidths { table } => write!(
                f,
                "第{table}个表格的列宽之和为 0，无法按比例分配版心宽度；请在模板的 table 行写正数列宽，如 widths=2,3,5"
            ),
            DocxError::Internal(msg) => write!(
                f,
                "生成 DOCX 时出现内部错误：{msg}。这是 gen-report 的缺陷，不是输入数据的问题，请报告此问题"
            ),
        }
    }
}

impl std::error::Error for DocxError {}

/// Renders `doc` as the bytes of a `.docx` file.
///
/// The output depends only on `doc` and `opts`: two calls give identical
/// bytes (no timestamps, no random ids), so unchanged inputs give unchanged
/// files. Writing the bytes to disk is the caller's job.
pub fn docx(doc: &Document, opts: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    let mut writer = blocks::Writer::new(opts);
    let built = writer.document(doc)?;
    let mut parts = built.build();
    parts.document = package::mark_header_rows(&parts.document, writer.header_rows())?;
    parts.doc_props.core = package::core_properties(&doc.meta);
    package::pack(parts)
}
