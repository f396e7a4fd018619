//! Page layout for the PDF backend: fonts and metrics, CJK line breaking,
//! tables with merged cells, pagination → positioned pages.
//!
//! Sits between `document` and `pdf`: it reads only the format-free
//! [`Document`] and produces [`Page`]s whose every glyph and rule is placed,
//! so `pdf/` only draws. It knows nothing of krilla or of PDF.

mod flow;
mod font_files;
mod fonts;
mod frame;
mod furniture;
mod linebreak;
mod metrics;
#[cfg(test)]
mod sample_tests;
mod table;
#[cfg(test)]
mod table_tests;
#[cfg(test)]
mod tests;

pub use flow::{
    BODY_SIZE, BODY_TRACKING, CHARS_PER_LINE, LINE_PITCH, LINES_PER_PAGE, MARGIN_BOTTOM,
    MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MM, PAGE_HEIGHT, PAGE_WIDTH, TEXT_WIDTH,
};
pub use font_files::{FontFile, FontFiles};
pub use fonts::{Face, FaceId, FontError, Fonts, Role, candidates};
pub use frame::{Item, Page, PlacedGlyph, Rule, Semantic, TextRun};
pub use linebreak::{NO_LINE_END, NO_LINE_START};

use crate::document::Document;
use std::fmt;

/// Choices that change the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Put `— N —` under the text block of every page.
    pub page_numbers: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions { page_numbers: true }
    }
}

/// Why a document could not be laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// No loaded font has a glyph for a character, nor for any of the
    /// [`REPLACEMENTS`].
    MissingGlyph {
        ch: char,
        /// The start of the text it occurs in.
        text: String,
    },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::MissingGlyph { ch, text } => write!(
                f,
                "字符“{ch}”（U+{:04X}）在已安装的字体中都没有字形（出现在“{text}”）；\
                 请用 --font-dir 指定含这个字的字体所在的文件夹。{}",
                u32::from(*ch),
                fonts::install_hint()
            ),
        }
    }
}

impl std::error::Error for LayoutError {}

pub use metrics::REPLACEMENTS;

/// Lays out a document on A4 pages.
pub fn layout(
    doc: &Document,
    fonts: &Fonts,
    opts: &LayoutOptions,
) -> Result<Vec<Page>, LayoutError> {
    layout_noting_missing(doc, fonts, opts).map(|(pages, _)| pages)
}

/// The replacement these fonts draw for a character none of them has.
/// Every role's chain ends with all loaded faces, so it is the same for
/// every role.
pub fn replacement(fonts: &Fonts) -> char {
    let metrics = metrics::Metrics::new(fonts);
    REPLACEMENTS
        .into_iter()
        .find(|&r| metrics.lookup(Role::Body, r).is_some())
        .unwrap_or(REPLACEMENTS[REPLACEMENTS.len() - 1])
}

/// [`layout`], also returning the characters no font has, which were drawn
/// as a visible replacement (see [`REPLACEMENTS`]) instead of failing.
pub fn layout_noting_missing(
    doc: &Document,
    fonts: &Fonts,
    opts: &LayoutOptions,
) -> Result<(Vec<Page>, Vec<char>), LayoutError> {
    lay_out(doc, fonts, opts).map(|l| (l.pages, l.missing))
}

/// A document laid out: what the PDF draws, and what the DOCX learns from
/// it (where its tables continue on a new page).
pub struct Laid {
    pub pages: Vec<Page>,
    /// Characters no font has, drawn as a replacement.
    pub missing: Vec<char>,
    /// (block, body row) where a table continues on a new page.
    pub table_starts: Vec<(usize, usize)>,
}

/// Lays out a document on A4 pages (see [`Laid`]).
pub fn lay_out(doc: &Document, fonts: &Fonts, opts: &LayoutOptions) -> Result<Laid, LayoutError> {
    let metrics = metrics::Metrics::new(fonts);
    let (pages, table_starts) = flow::flow(doc, &metrics, opts)?;
    Ok(Laid {
        pages,
        missing: metrics.missing(),
        table_starts,
    })
}

/// The first characters of a text, for error messages.
fn snippet(text: &str) -> String {
    const MAX_CHARS: usize = 20;
    let mut s: String = text.chars().take(MAX_CHARS).collect();
    if text.chars().count() > MAX_CHARS {
        s.push('…');
    }
    s
}

/// Fonts for tests, discovered once per test binary.
#[cfg(test)]
pub(crate) fn test_fonts() -> &'static Fonts {
    static FONTS: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
    FONTS.get_or_init(|| Fonts::discover(&[]).expect("fonts missing: run bash scripts/setup.sh"))
}
