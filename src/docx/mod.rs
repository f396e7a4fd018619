//! The DOCX backend: a [`Document`] tree in, the bytes of a `.docx` out.
//!
//! It sits at the end of the pipeline, beside the PDF backend, and knows only
//! `crate::document`. Word lays out the pages itself, so this module writes
//! the GB/T 9704 page geometry, line grid and paragraph styles (all from
//! `document::style`) and leaves pagination to the reader.
//!
//! The WordprocessingML is written here rather than by docx-rs: docx-rs
//! 0.4 writes run and paragraph properties out of the ECMA-376 sequence
//! (`w:rFonts` after `w:sz`, `w:jc` early in `w:pPr`…), which Word may
//! ignore, and it has no paragraph styles, font table or theme to speak
//! of. The report needs only paragraphs, runs, tables with merges, two
//! footers and one section, so a small writer that keeps every sequence
//! is less code than patching docx-rs.
//!
//! - `xml.rs`: the XML writer.
//! - `styles.rs`: `styles.xml` (正文, 标题 1–3, 标题, 题注, 表格文字, 落款…)
//!   and `fontTable.xml`.
//! - `body.rs`: `document.xml` and the footers.
//! - `table.rs`: tables with merged cells.
//! - `package.rs`: the other parts and the ZIP archive.

mod archive;
mod body;
mod package;
mod styles;
mod table;
mod xml;

#[cfg(test)]
mod tests;

use crate::document::Document;
use std::fmt;

/// Relationship ids of the odd-page (default) and even-page footers.
const FOOTER_ODD_ID: &str = "rId5";
const FOOTER_EVEN_ID: &str = "rId6";
/// Relationship id of the blank footer of a section without page numbers
/// (a cover): a section without footers would inherit the one before.
const FOOTER_BLANK_ID: &str = "rId7";

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

/// The DOCX format of the registry ([`crate::format`]).
pub struct Docx;

impl crate::format::Format for Docx {
    fn name(&self) -> &'static str {
        "docx"
    }
    fn extension(&self) -> &'static str {
        "docx"
    }
    fn default_on(&self) -> bool {
        true
    }
    fn render(
        &self,
        doc: &Document,
        _: &crate::format::Context,
    ) -> Result<crate::format::Made, String> {
        docx(doc)
            .map(crate::format::Made::bytes)
            .map_err(|e| format!("生成 DOCX 失败：{e}"))
    }
}

/// Renders `doc` as the bytes of a `.docx` file.
///
/// The output depends only on `doc`: two calls give identical bytes (no
/// timestamps, no random ids), so unchanged inputs give unchanged files.
/// Writing the bytes to disk is the caller's job.
pub fn docx(doc: &Document) -> Result<Vec<u8>, DocxError> {
    let document = body::document_xml(doc)?;
    archive::pack(&[
        ("[Content_Types].xml", &package::content_types()),
        ("_rels/.rels", &package::package_rels()),
        ("docProps/core.xml", &package::core_properties(&doc.meta)),
        ("docProps/app.xml", &package::app_properties()),
        ("word/document.xml", &document),
        ("word/_rels/document.xml.rels", &package::document_rels()),
        ("word/styles.xml", &styles::styles_xml()),
        ("word/settings.xml", &package::settings()),
        ("word/fontTable.xml", &styles::font_table_xml()),
        ("word/theme/theme1.xml", package::THEME.as_bytes()),
        ("word/footer1.xml", &body::footer_xml(true)),
        ("word/footer2.xml", &body::footer_xml(false)),
        ("word/footer3.xml", &body::blank_footer_xml()),
    ])
}
