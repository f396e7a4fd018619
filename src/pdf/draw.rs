//! Draws positioned pages with krilla: glyph runs and border rules.
//!
//! Nothing is measured or moved here; every position comes from `layout`.
//! krilla embeds each font as a subset with a ToUnicode map. Each run is
//! tagged (a span of its block, or an artifact for page numbers, borders
//! and repeated table text), and the tag tree mirrors the document's
//! blocks: Title, H1–H3, P, and Table › TR › TH/TD.

use super::PdfDate;
use crate::document::{Block, Document};
use crate::layout::{Fonts, Item, Page, Rule, Semantic, TextRun};
use krilla::SerializeSettings;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::collections::HashMap;
use std::num::{NonZeroU16, NonZeroU32};

/// Synthetic bold: outline width as a share of the font size.
const FAKE_BOLD_STROKE: f32 = 0.03;

/// The krilla fonts made for one render, by face id.
pub struct UsedFonts<'a> {
    fonts: &'a Fonts,
    made: Vec<Option<Font>>,
}

impl UsedFonts<'_> {
    fn get(&mut self, face: usize) -> Option<Font> {
        if self.made[face].is_none() {
            let f = &self.fonts.faces()[face];
            self.made[face] = Font::new(f.data.clone().into(), f.index);
        }
        self.made[face].clone()
    }

    /// Family and file of a krilla font, for messages.
    pub fn describe(&self, font: &Font) -> String {
        self.made
            .iter()
            .position(|f| f.as_ref() == Some(font))
            .map(|i| {
                let f = &self.fonts.faces()[i];
                format!("{}（{}）", f.family, f.path.display())
            })
            .unwrap_or_else(|| "（未知字体）".into())
    }
}

/// The bytes (or krilla's error) and the fonts used, to explain errors.
pub struct Drawn<'a> {
    pub bytes: Result<Vec<u8>, krilla::error::KrillaError>,
    pub fonts: UsedFonts<'a>,
}

pub fn draw<'a>(
    pages: &[Page],
    fonts: &'a Fonts,
    document: &Document,
    date: PdfDate,
    settings: SerializeSettings,
) -> Drawn<'a> {
    let mut used = UsedFonts {
        fonts,
        made: vec![None; fonts.faces().len()],
    };
    let meta = &document.meta;
    let mut doc = krilla::Document::new_with(settings);
    // Span identifiers of each block (and table cell), in drawing order.
    let mut spans: HashMap<(usize, Option<usize>), Vec<Identifier>> = HashMap::new();
    let created = DateTime::new(date.year)
        .month(date.month)
        .day(date.day)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let mut metadata = Metadata::new()
        .language("zh-CN".into())
        .creation_date(created);
    if !meta.title.is_empty() {
        metadata = metadata.title(meta.title.clone());
    }
    if !meta.author.is_empty() {
        metadata = metadata.authors(vec![meta.author.clone()]);
    }
    doc.set_metadata(metadata.creator("gen-report".into()));
    for page in pages {
        let settings = PageSettings::from_wh(page.width, page.height).expect("A4 is a valid size");
        let mut p = doc.start_page_with(settings);
        let mut surface = p.surface();
        let mut rules = Vec::new();
        for item in &page.items {
            match item {
                Item::Text(run) => {
                    let tag = match run.semantic {
                        Semantic::Content { .. } => ContentTag::Span(SpanTag::empty()),
                        Semantic::Artifact => {
                            ContentTag::Artifact(Artifact::new(ArtifactType::PaginationOther, None))
                        }
                    };
                    let id = surface.start_tagged(tag);
                    text(&mut surface, run, &mut used);
                    surface.end_tagged();
                    if let Semantic::Content { block, cell } = run.semantic {
                        spans.entry((block, cell)).or_default().push(id);
                    }
                }
                Item::Rule(r) => rules.push(*r),
            }
        }
        if !rules.is_empty() {
            let layout = Artifact::new(ArtifactType::Layout, None);
            surface.start_tagged(ContentTag::Artifact(layout));
            stroke_rules(&mut surface, &rules);
            surface.end_tagged();
        }
        surface.finish();
        p.finish();
    }
    doc.set_tag_tree(tag_tree(document, spans));
    Drawn {
        bytes: doc.finish(),
        fonts: used,
    }
}

/// The logical structure: one group per block, tables as rows of cells.
fn tag_tree(
    document: &Document,
    mut spans: HashMap<(usize, Option<usize>), Vec<Identifier>>,
) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some("zh-CN".into()));
    let mut group = |tag: TagKind, key: (usize, Option<usize>)| {
        let mut g = TagGroup::new(tag);
        for id in spans.remove(&key).unwrap_or_default() {
            g.push(id);
        }
        g
    };
    for (i, block) in document.blocks.iter().enumerate() {
        let key = (i, None);
        match block {
            Block::Title(_) => tree.push(group(Tag::Title.into(), key)),
            Block::Heading { level, text } => {
                let level = NonZeroU16::new(u16::from(*level).max(1)).expect("nonzero");
                tree.push(group(Tag::Hn(level, Some(text.clone())).into(), key));
            }
            Block::Paragraph(_)
            | Block::Attachment(_)
            | Block::Caption(_)
            | Block::Signature(_)
            | Block::AttachmentList(_)
            | Block::Closing(_) => tree.push(group(Tag::P.into(), key)),
            Block::Table(t) => {
                let mut table = TagGroup::new(Tag::Table);
                for r in 0..t.row_count {
                    let mut tr = TagGroup::new(Tag::TR);
                    for (ci, cell) in t.cells.iter().enumerate().filter(|(_, c)| c.row == r) {
                        let span = |n: usize| NonZeroU32::new(n as u32).filter(|n| n.get() > 1);
                        let tag: TagKind = if r < t.header_rows {
                            Tag::TH(TableHeaderScope::Column)
                                .with_row_span(span(cell.rowspan))
                                .with_col_span(span(cell.colspan))
                                .into()
                        } else {
                            Tag::TD
                                .with_row_span(span(cell.rowspan))
                                .with_col_span(span(cell.colspan))
                                .into()
                        };
                        tr.push(group(tag, (i, Some(ci))));
                    }
                    table.push(tr);
                }
                tree.push(table);
            }
            Block::PageBreak | Block::Space(_) | Block::Section(_) => {}
        }
    }
    tree
}

fn text(surface: &mut Surface, run: &TextRun, used: &mut UsedFonts) {
    let Some(font) = used.get(run.face) else {
        return;
    };
    let glyphs: Vec<KrillaGlyph> = run
        .glyphs
        .iter()
        .map(|g| {
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                g.advance / run.size,
                0.0,
                0.0,
                0.0,
                g.range.clone(),
                None,
            )
        })
        .collect();
    surface.set_fill(Some(Fill::default()));
    surface.set_stroke(run.fake_bold.then(|| Stroke {
        width: run.size * FAKE_BOLD_STROKE,
        ..Default::default()
    }));
    surface.draw_glyphs(
        Point::from_xy(run.x, run.baseline),
        &glyphs,
        font,
        &run.text,
        run.size,
        false,
    );
}

/// All rules of a page as one stroked path (they share one width).
fn stroke_rules(surface: &mut Surface, rules: &[Rule]) {
    let Some(width) = rules.first().map(|r| r.width) else {
        return;
    };
    let mut pb = PathBuilder::new();
    for r in rules {
        pb.move_to(r.x1, r.y1);
        pb.line_to(r.x2, r.y2);
    }
    let Some(path) = pb.finish() else {
        return;
    };
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        width,
        ..Default::default()
    }));
    surface.draw_path(&path);
}
