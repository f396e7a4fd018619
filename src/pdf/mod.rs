//! The PDF backend: a [`Document`] laid out by `layout` and drawn with
//! krilla into PDF/A-2b bytes.
//!
//! [`pdf`] is the one entry point. It lays the document out, hands the
//! positioned pages to `draw.rs`, and translates every krilla error in one
//! place ([`translate`]). It never writes files: the caller does, once every
//! stage has succeeded. Output is deterministic: no clock is read, and
//! krilla derives the document ID from the content, so two renders of the
//! same document are byte-identical.

mod draw;
#[cfg(test)]
mod tests;

use crate::document::Document;
use crate::layout::{self, Fonts, LayoutError, LayoutOptions};
use krilla::configure::{Archival, ConfigurationBuilder, ValidationError};
use krilla::error::KrillaError;
use std::fmt;

/// How the PDF is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// Put `— N —` under the text block of every page (default on).
    pub page_numbers: bool,
    /// Make and validate a PDF/A-2b file (default on). Off gives a plain
    /// PDF 1.7, for debugging a validation failure.
    pub pdf_a: bool,
    /// Add the structure tree (tagged PDF: headings, paragraphs, table
    /// cells) for screen readers and reflow. Default off: it costs about
    /// 30 KB on an 8-page report (one uncompressed object per table cell),
    /// which eats most of the 300 KB size budget.
    pub tagged: bool,
    /// Creation date written into the file (PDF/A requires one); `None`
    /// takes the document's own (`Meta::date`), and [`FALLBACK_DATE`] when
    /// it has none. No clock is read, so the bytes depend only on the inputs.
    pub date: Option<PdfDate>,
}

/// A calendar date (UTC, midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Creation date used when the caller gives none: a fixed, obviously
/// synthetic date rather than the current time, to keep output reproducible.
pub const FALLBACK_DATE: PdfDate = PdfDate {
    year: 2000,
    month: 1,
    day: 1,
};

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            page_numbers: true,
            pdf_a: true,
            tagged: false,
            date: None,
        }
    }
}

/// Why no PDF was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    /// The document could not be laid out (a character no font has).
    Layout(LayoutError),
    /// A font could not be embedded.
    Font { font: String, message: String },
    /// The file would not be valid PDF/A-2b.
    Validation(Vec<String>),
    /// A limit or invariant inside the PDF writer broke: a bug here.
    Internal(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Layout(e) => e.fmt(f),
            PdfError::Font { font, message } => write!(
                f,
                "无法嵌入字体 {font}：{message}；请换用其他字体文件（--font-dir）"
            ),
            PdfError::Validation(problems) => write!(
                f,
                "生成的 PDF 不符合 PDF/A-2b：{}；这是 gen-report 的缺陷，请把数据文件发给维护人员",
                problems.join("；")
            ),
            PdfError::Internal(m) => {
                write!(f, "PDF 生成内部错误：{m}（这是 gen-report 的缺陷，请报告）")
            }
        }
    }
}

impl std::error::Error for PdfError {}

impl From<LayoutError> for PdfError {
    fn from(e: LayoutError) -> Self {
        PdfError::Layout(e)
    }
}

/// Renders a document to PDF bytes with fonts loaded once by
/// [`Fonts::discover`].
pub fn pdf(doc: &Document, fonts: &Fonts, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    pdf_noting_missing(doc, fonts, opts).map(|(bytes, _)| bytes)
}

/// The PDF format of the registry ([`crate::format`]).
pub struct Pdf;

impl crate::format::Format for Pdf {
    fn name(&self) -> &'static str {
        "pdf"
    }
    fn extension(&self) -> &'static str {
        "pdf"
    }
    fn needs_fonts(&self) -> bool {
        true
    }
    fn render(
        &self,
        doc: &Document,
        ctx: &crate::format::Context,
    ) -> Result<crate::format::Made, String> {
        let fonts = ctx
            .fonts
            .ok_or("生成 PDF 失败：没有找到字体（内部错误：字体应在生成前查找）")?;
        let made = match ctx.laid {
            Some(laid) => pdf_from_pages(&laid.pages, doc, fonts, &PdfOptions::default())
                .map(|bytes| (bytes, laid.missing.clone())),
            None => pdf_noting_missing(doc, fonts, &PdfOptions::default()),
        };
        made.map(|(bytes, replaced)| crate::format::Made { bytes, replaced })
            .map_err(|e| format!("生成 PDF 失败：{e}"))
    }
}

/// [`pdf`], also returning the characters no font has (drawn as a visible
/// replacement), for the caller to warn about.
pub fn pdf_noting_missing(
    doc: &Document,
    fonts: &Fonts,
    opts: &PdfOptions,
) -> Result<(Vec<u8>, Vec<char>), PdfError> {
    let layout_opts = LayoutOptions {
        page_numbers: opts.page_numbers,
    };
    let (pages, missing) = layout::layout_noting_missing(doc, fonts, &layout_opts)?;
    Ok((pdf_from_pages(&pages, doc, fonts, opts)?, missing))
}

/// The PDF of `doc` laid out as `pages` (the one layout of a run's
/// formats; page numbers as `opts` says they were laid out).
pub fn pdf_from_pages(
    pages: &[layout::Page],
    doc: &Document,
    fonts: &Fonts,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let mut settings = krilla::SerializeSettings {
        enable_tagging: opts.tagged,
        ..Default::default()
    };
    if opts.pdf_a {
        settings.configuration = ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_B)
            .finish()
            .map_err(|e| PdfError::Internal(format!("{e:?}")))?;
    }
    let dated = doc
        .meta
        .date
        .map(|(year, month, day)| PdfDate { year, month, day });
    let date = opts.date.or(dated).unwrap_or(FALLBACK_DATE);
    let drawn = draw::draw(pages, fonts, doc, date, settings);
    drawn.bytes.map_err(|e| translate(e, &drawn.fonts))
}

/// Turns a krilla error into a [`PdfError`] naming the font or problem.
fn translate(error: KrillaError, fonts: &draw::UsedFonts) -> PdfError {
    match error {
        KrillaError::Font(font, message) => PdfError::Font {
            font: fonts.describe(&font),
            message: font_problem(&message).into(),
        },
        KrillaError::Validation(errors) => PdfError::Validation(
            errors
                .into_iter()
                .map(|(e, _)| validation_message(e, fonts))
                .collect(),
        ),
        other => PdfError::Internal(other.to_string()),
    }
}

/// krilla's reason for not embedding a font (English, about its internals:
/// "failed to subset font: processing CFF table failed"), said for the user.
fn font_problem(krilla_message: &str) -> &'static str {
    if krilla_message.contains("missing an outline table") {
        "字体文件中没有字形轮廓"
    } else if krilla_message.contains("unsupported feature") {
        "字体使用了不支持嵌入的功能（如旧式组合字形）"
    } else {
        "字体文件中的字形数据已损坏，无法裁剪嵌入"
    }
}

fn validation_message(e: ValidationError, fonts: &draw::UsedFonts) -> String {
    match e {
        ValidationError::RestrictedLicense(font) => format!(
            "字体 {} 的授权禁止嵌入，请换用其他字体",
            fonts.describe(&font)
        ),
        ValidationError::ContainsNotDefGlyph(font, _, text) => {
            format!("字体 {} 缺少“{text}”的字形", fonts.describe(&font))
        }
        ValidationError::TooLongString => "标题或作者过长".into(),
        other => format!("{other:?}"),
    }
}
