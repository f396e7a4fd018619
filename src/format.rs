//! The output formats, as a registry: each backend implements [`Format`]
//! in its own folder and is named once in [`FORMATS`]. Everything else (the
//! command line, the run, the manifest, the file names) goes through the
//! registry, so a new format (OFD, say) touches its own folder and one line
//! here.

use crate::document::Document;
use crate::layout::{Fonts, Laid};

/// A backend: a document in, a file's bytes out (contract §5: nothing is
/// written here; the caller writes every file of a department at once).
pub trait Format: Sync {
    /// Its name on the command line (`--format pdf`) and in the manifest.
    fn name(&self) -> &'static str;
    /// The file name extension (without the dot).
    fn extension(&self) -> &'static str;
    /// Made unless the command line says otherwise (DOCX).
    fn default_on(&self) -> bool {
        false
    }
    /// Needs the fonts found on the machine (the PDF lays out its pages).
    fn needs_fonts(&self) -> bool {
        false
    }
    /// The bytes of the file; the error is in Chinese, for the officer.
    fn render(&self, doc: &Document, ctx: &Context) -> Result<Made, String>;
}

/// What a format may use besides the document.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    /// Found once per run when a format [`Format::needs_fonts`].
    pub fonts: Option<&'a Fonts>,
    /// The document laid out once for every format, when the fonts are.
    pub laid: Option<&'a Laid>,
}

/// A format's file, and the characters it had to show as a replacement
/// (no font has them): the run turns them into located warnings.
pub struct Made {
    pub bytes: Vec<u8>,
    pub replaced: Vec<char>,
}

impl Made {
    pub fn bytes(bytes: Vec<u8>) -> Made {
        Made {
            bytes,
            replaced: Vec::new(),
        }
    }
}

/// Every format, in the order files are listed.
pub static FORMATS: &[&dyn Format] = &[&crate::docx::Docx, &crate::pdf::Pdf];

/// The format of a name, as typed on the command line.
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    let name = name.trim().to_lowercase();
    FORMATS.iter().copied().find(|f| f.name() == name)
}

/// The formats a run makes, in registry order.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Selection(u32);

impl Selection {
    /// The formats made by default.
    pub fn defaults() -> Selection {
        let mut s = Selection::default();
        for f in FORMATS.iter().filter(|f| f.default_on()) {
            s = s.with(*f);
        }
        s
    }

    fn bit(f: &dyn Format) -> u32 {
        let i = FORMATS
            .iter()
            .position(|g| g.name() == f.name())
            .unwrap_or_default();
        1 << i
    }

    pub fn with(self, f: &dyn Format) -> Selection {
        Selection(self.0 | Self::bit(f))
    }

    pub fn without(self, f: &dyn Format) -> Selection {
        Selection(self.0 & !Self::bit(f))
    }

    pub fn contains(self, f: &dyn Format) -> bool {
        self.0 & Self::bit(f) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The selected formats, in registry order.
    pub fn iter(self) -> impl Iterator<Item = &'static dyn Format> {
        FORMATS.iter().copied().filter(move |f| self.contains(*f))
    }

    /// Whether a selected format needs the fonts.
    pub fn needs_fonts(self) -> bool {
        self.iter().any(|f| f.needs_fonts())
    }
}

impl std::fmt::Debug for Selection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|x| x.name()))
            .finish()
    }
}
