//! Positioned pages: the only thing the PDF drawer sees.
//!
//! Coordinates are PDF points with the origin at the page's top-left corner
//! and y growing downwards (krilla's convention). Every glyph is already
//! placed; the drawer adds nothing but ink.

use super::fonts::FaceId;
use std::ops::Range;

/// One laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Text and rules in drawing order.
    pub items: Vec<Item>,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Rule(Rule),
}

/// What a text run is, for the PDF's structure tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Semantic {
    /// Part of `Document::blocks[block]`; for table text, the cell index.
    Content { block: usize, cell: Option<usize> },
    /// Decoration repeated by the layout (page numbers, repeated table
    /// headers and merged-cell labels): not part of the reading text.
    Artifact,
}

/// Glyphs of one face and size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub face: FaceId,
    /// Font size in points.
    pub size: f32,
    /// Pen position of the first glyph.
    pub x: f32,
    pub baseline: f32,
    pub glyphs: Vec<PlacedGlyph>,
    /// The characters the glyphs stand for; glyph ranges index into it.
    pub text: String,
    /// Draw with a thin outline as well, for a bold look from a regular face.
    pub fake_bold: bool,
    pub semantic: Semantic,
}

/// One glyph with its final advance (font advance plus tracking and
/// justification), in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    pub advance: f32,
    /// Bytes of [`TextRun::text`] this glyph stands for.
    pub range: Range<usize>,
}

/// A straight stroked line (table borders).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub width: f32,
}

impl TextRun {
    /// Total advance of the run in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }
}

impl Page {
    /// The page's text runs, in drawing order.
    pub fn runs(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            Item::Rule(_) => None,
        })
    }
}
