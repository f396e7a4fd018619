//! The one integration-test binary: each module runs the real `gen-report`
//! binary in a temporary folder and checks what a user would see.

mod util;

/// Exit statuses, `--help`, `--check`, option mistakes.
mod cli;
/// Bad input: located, human-readable errors and nothing written.
mod errors;
/// DOCX content: computed figures, merged cells, fonts, page setup, determinism.
mod docx_output;
/// The DOCX opened by a real office suite (LibreOffice headless).
mod office;
/// Folders, summary workbook, re-runs, killed runs.
mod batch;
