//! One department through the whole pipeline, in memory:
//! YAML text → `load` → `model` → `template` → `document` → backends.
//!
//! Nothing is written here; the caller writes the bytes only once every
//! stage has succeeded, so a rejected department never touches its files.

use crate::diag::{Diagnostic, Pos};
use crate::model::{Report, compute};
use crate::template::Templates;

/// What every department of a run shares: templates, fonts, formats.
pub struct Env {
    pub templates: Templates,
    /// Loaded once per run when PDFs are wanted.
    pub fonts: Option<crate::layout::Fonts>,
    pub docx: bool,
    pub pdf: bool,
}

/// A department's computed report and its files' bytes.
pub struct Rendered {
    pub report: Report,
    pub docx: Option<Vec<u8>>,
    pub pdf: Option<Vec<u8>>,
}

/// Loads and computes only (`--check`).
pub fn check(src: &str, env: &Env) -> Result<Report, Vec<Diagnostic>> {
    let input = crate::load::load(src, env.templates.catalogue())?;
    compute(&input)
}

/// Runs every stage. Errors carry no file name; the caller adds it.
pub fn render(src: &str, env: &Env) -> Result<Rendered, Vec<Diagnostic>> {
    let report = check(src, env)?;
    let fail = |message: String| vec![Diagnostic::error(Pos::default(), message)];
    let doc = env.templates.render(&report).map_err(|e| fail(e.message))?;
    let docx = match env.docx {
        true => Some(crate::docx::docx(&doc).map_err(|e| fail(format!("生成 DOCX 失败：{e}")))?),
        false => None,
    };
    let pdf = match (&env.fonts, env.pdf) {
        (Some(fonts), true) => Some(
            crate::pdf::pdf(&doc, fonts, &crate::pdf::PdfOptions::default())
                .map_err(|e| fail(format!("生成 PDF 失败：{e}")))?,
        ),
        _ => None,
    };
    Ok(Rendered { report, docx, pdf })
}
