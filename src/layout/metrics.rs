//! Glyph lookup and advances: each character of a role's text mapped to a
//! face, a glyph id and an advance, with per-character font fallback.
//!
//! A [`Metrics`] is built per render from the shared [`Fonts`]; it borrows
//! the font bytes and parses nothing but the cmap and advance tables. There
//! is no shaping: CJK text needs none, and digits and Latin letters are set
//! with their real advances (no kerning, no ligatures).

use super::fonts::{FaceId, Fonts, Role};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

/// A character the layout can draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shaped {
    pub face: FaceId,
    pub glyph: u16,
    /// Advance in em (font units / units per em).
    pub advance: f32,
}

/// A character no loaded font has a glyph for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
}

struct FaceMetrics<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    glyphs: skrifa::metrics::GlyphMetrics<'a>,
    upem: f32,
}

/// Drawn instead of a character no loaded font has: 〓 (the geta mark),
/// the placeholder Chinese typesetting uses for a missing character, else
/// a white square, else `?`. Visible, so a proof-reader sees the gap.
pub const REPLACEMENTS: [char; 3] = ['〓', '□', '?'];

/// cmap and advance lookups over every loaded face.
pub struct Metrics<'a> {
    fonts: &'a Fonts,
    /// Each face's tables, read the first time a character gets that far
    /// down a chain: a fallback face no character needs is never touched.
    faces: Vec<std::cell::OnceCell<Option<FaceMetrics<'a>>>>,
    /// Characters drawn as a replacement, in order of first use. One
    /// `Metrics` serves one render on one thread.
    missing: std::cell::RefCell<Vec<char>>,
}

impl<'a> Metrics<'a> {
    pub fn new(fonts: &'a Fonts) -> Metrics<'a> {
        let faces = fonts.faces().iter().map(|_| Default::default()).collect();
        Metrics {
            fonts,
            faces,
            missing: Default::default(),
        }
    }

    /// The first face in the role's chain that has the character; for a
    /// character none has, a visible replacement (noted in [`Self::missing`]).
    /// Fails only when not even a replacement can be drawn.
    pub fn shape(&self, role: Role, ch: char) -> Result<Shaped, MissingGlyph> {
        // Tabs and other controls are laid out as spaces.
        let ch = if ch.is_control() { ' ' } else { ch };
        if let Some(shaped) = self.lookup(role, ch) {
            return Ok(shaped);
        }
        let replaced = REPLACEMENTS.iter().find_map(|&r| self.lookup(role, r));
        if replaced.is_some() {
            let mut missing = self.missing.borrow_mut();
            if !missing.contains(&ch) {
                missing.push(ch);
            }
        }
        replaced.ok_or(MissingGlyph { ch })
    }

    /// Characters drawn as a replacement so far.
    pub fn missing(&self) -> Vec<char> {
        self.missing.borrow().clone()
    }

    /// A face's cmap and advances, read on first use.
    fn face(&self, id: FaceId) -> Option<&FaceMetrics<'a>> {
        self.faces[id]
            .get_or_init(|| {
                let face = &self.fonts.faces()[id];
                let font = FontRef::from_index((*face.data).as_ref(), face.index).ok()?;
                let upem = f32::from(font.head().ok()?.units_per_em());
                Some(FaceMetrics {
                    charmap: font.charmap(),
                    glyphs: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
                    upem,
                })
            })
            .as_ref()
    }

    pub(super) fn lookup(&self, role: Role, ch: char) -> Option<Shaped> {
        for &id in self.fonts.chain(role) {
            let Some(face) = self.face(id) else {
                continue;
            };
            let Some(gid) = face.charmap.map(ch) else {
                continue;
            };
            let glyph = gid.to_u32();
            if glyph == 0 || glyph > u32::from(u16::MAX) {
                continue;
            }
            let advance = face.glyphs.advance_width(gid).unwrap_or(face.upem) / face.upem;
            return Some(Shaped {
                face: id,
                glyph: glyph as u16,
                advance,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::fonts::Fonts;

    #[test]
    fn rare_name_characters_fall_back_to_a_real_glyph() {
        let fonts = Fonts::discover(&[]).unwrap();
        let m = Metrics::new(&fonts);
        let primary = fonts.chain(Role::Body)[0];
        for ch in ['喆', '堃', '旸'] {
            let s = m.shape(Role::Body, ch).unwrap();
            assert_ne!(s.glyph, 0, "{ch}");
            if fonts.faces()[primary].family.starts_with("Fandol") {
                assert_ne!(s.face, primary, "{ch} is not in Fandol");
            }
        }
        let s = m.shape(Role::Body, '仿').unwrap();
        assert_eq!(s.face, primary);
        assert!((s.advance - 1.0).abs() < 0.01, "ideographs are one em");
    }

    #[test]
    fn digits_have_their_own_narrow_advance() {
        let fonts = Fonts::discover(&[]).unwrap();
        let m = Metrics::new(&fonts);
        let d = m.shape(Role::Body, '8').unwrap();
        assert!(d.advance > 0.3 && d.advance < 0.8, "{}", d.advance);
    }
}
