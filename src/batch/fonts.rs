//! The fonts of a run that draws PDFs: the font files listed up front (no
//! file opened), the fonts found from them at most once, and only when a
//! department renders or the listing differs from the manifest's.
//!
//! A re-run with nothing changed lists the files, finds the listing as the
//! manifest recorded it and takes the chosen fonts' identity from there:
//! no font is parsed, and the fingerprint still changes when a font the
//! PDFs use is added, replaced or removed. When the listing differs (any
//! font file added or changed, a system font installed), the fonts are
//! found and their identity compared: a font no role uses changes nothing.

use super::manifest::Manifest;
use crate::cli::Options;
use crate::layout::{FontError, FontFiles, Fonts};
use std::sync::OnceLock;

pub struct RunFonts {
    files: FontFiles,
    found: OnceLock<Result<Fonts, FontError>>,
}

impl RunFonts {
    /// The run's fonts, when it makes a format that needs them.
    pub fn new(opts: &Options) -> Option<RunFonts> {
        (opts.formats.needs_fonts() && !opts.check).then(|| RunFonts {
            files: FontFiles::list(&opts.font_dirs),
            found: OnceLock::new(),
        })
    }

    /// The fonts, found on first use (shared by the threads that ask).
    pub fn found(&self) -> &Result<Fonts, FontError> {
        self.found.get_or_init(|| Fonts::from_files(&self.files))
    }

    /// The fonts, for the run to draw with.
    pub fn take(&mut self) -> Result<Fonts, FontError> {
        self.found
            .take()
            .unwrap_or_else(|| Fonts::from_files(&self.files))
    }

    /// The digest of the font files as listed.
    pub fn files(&self) -> &str {
        self.files.digest()
    }

    /// What identifies the fonts the PDFs will be drawn with: as the
    /// manifest recorded it when the files are listed as they were, else
    /// from the fonts found now (unusable fonts have an identity too, so
    /// every department renders and the run reports them).
    pub fn identity(&self, previous: &Manifest) -> String {
        if let Some(chosen) = previous.fonts_chosen(self.files.digest()) {
            return chosen.to_string();
        }
        match self.found() {
            Ok(fonts) => fonts.identity(&self.files),
            Err(e) => format!("unusable: {e}"),
        }
    }
}
