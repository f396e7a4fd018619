//! The tests that run other programs over every sample: LibreOffice
//! (several seconds a conversion) and the OOXML validator. The fast suite
//! leaves them out: `cargo test -- --skip slow::`.

/// The DOCX opened by a real office suite (LibreOffice headless).
mod office;
/// Word-grade DOCX: schema validity, styles, fonts, line grid.
mod word;
