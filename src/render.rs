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
///
/// When loading finds errors but the file's 收支 and 指标 could still be
/// read, the model checks it too, so an officer sees every problem in one
/// run; the model's findings in a top-level section that already failed to
/// load are left out, as they would only echo the loading error.
pub fn check(src: &str, env: &Env) -> Result<Report, Vec<Diagnostic>> {
    let (input, mut errors) = crate::load::load_all(src, env.templates.catalogue());
    let Some(input) = input else {
        return Err(errors);
    };
    if errors.is_empty() {
        return compute(&input);
    }
    let section = |d: &Diagnostic| {
        d.pos
            .path
            .split(['.', '['])
            .next()
            .unwrap_or("")
            .to_string()
    };
    let failed: Vec<String> = errors.iter().map(section).collect();
    let more = match compute(&input) {
        Ok(report) => report.warnings,
        Err(diags) => diags,
    };
    errors.extend(more.into_iter().filter(|d| !failed.contains(&section(d))));
    errors.sort_by_key(|d| d.pos.line);
    Err(errors)
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
