//! The one integration-test binary: each module runs the real `gen-report`
//! binary in a temporary folder and checks what a user would see.

mod util;

/// Folders, summary workbook, re-runs, killed runs.
mod batch;
/// A damaged font given with `--font-dir`: reported, not embedded.
mod broken_fonts;
/// Issue 16: clean DOCX text and print-grade tables.
mod clean;
/// Exit statuses, `--help`, `--check`, option mistakes.
mod cli;
/// Contract v2 (contract §6): scores at any level, optional budget, precision,
/// real seeds, a whole county.
mod contract_v2;
/// Issue 17, the review desk: reading order, the correction log across
/// runs and kills, the workbook's overview, charts and 问题清单 (openpyxl).
mod desk;
/// DOCX content: computed figures, merged cells, fonts, page setup, determinism.
mod docx_output;
/// Bad input: located, human-readable errors and nothing written.
mod errors;
/// Issue 21: every problem of a file in one run, messages that explain.
mod first_hour;
/// Every sample's and seed's report text against its expected file
/// (`UPDATE_EXPECT=1 cargo test` rewrites them).
mod fixtures;
/// Issue 15: the city form (--template 表格式) in both formats.
mod form;
/// A stable fuzz harness (ignored; run for N minutes with FUZZ_SECS).
mod fuzz;
/// Issue 20: text and date values fuzzed through the production path (ignored).
mod fuzz_text;
/// Issue 9: encodings, command-line mistakes, `new` and `schema`.
mod input_entry;
/// Issue 20: nothing overwritten by mistake; I/O errors in Chinese.
mod io_messages;
/// Issue 9: typing mistakes named at their line and column.
mod mistakes;
/// Issue 19: the tool against scripts/check_data.py, an independent
/// oracle of the contract, over every sample, seed and bad file.
mod oracle;
/// The PDF: figures in pdftotext, fonts, punctuation rules, fallback, determinism.
mod pdf_output;
/// Issue 10: folder lock, all-or-nothing writes, bounded and odd inputs.
mod reliability;
/// Issue 11: re-runs parse only what changed; identities and the summary.
mod rerun;
/// Issue 20: required text, one-line fields, escaped characters, dates.
mod silent_edits;
/// LibreOffice and the OOXML validator over every sample (slow; the fast
/// suite is `cargo test -- --skip slow::`).
mod slow;
/// Issue 20: a re-run renders again the PDFs whose fonts changed.
mod stale_fonts;
/// Templates a county owns: listing, export, lookup, mistakes at their line.
mod templates;
