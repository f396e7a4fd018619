//! One department through the whole pipeline, in memory:
//! YAML text → `load` → `model` → `template` → `document` → backends.
//!
//! Nothing is written here; the caller writes the bytes only once every
//! stage has succeeded, so a rejected department never touches its files.

use crate::diag::{Diagnostic, Pos};
use crate::document::Document;
use crate::load::{Identity, IndicatorCatalogue, Input};
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
    check_identified(src, env.templates.catalogue()).0
}

/// [`check`], and the file's 单位 and 年度 from the same parse (a county
/// run compares them across files; see [`crate::load::load_identified`]).
/// Needs only the template set's indicator catalogue, so a run can load
/// departments while the templates compile.
pub fn check_identified(
    src: &str,
    catalogue: &IndicatorCatalogue,
) -> (Result<Report, Vec<Diagnostic>>, Option<Identity>) {
    let loaded = crate::load::load_identified(src, catalogue);
    (checked(loaded.input, loaded.diags), loaded.identity)
}

/// The model's verdict on what loading read.
fn checked(input: Option<Input>, diags: Vec<Diagnostic>) -> Result<Report, Vec<Diagnostic>> {
    // Loading's warnings (invisible characters removed) lead the report's.
    let (mut errors, warnings): (Vec<_>, Vec<_>) =
        diags.into_iter().partition(Diagnostic::is_error);
    let Some(input) = input else {
        errors.extend(warnings);
        return Err(errors);
    };
    if errors.is_empty() {
        return match compute(&input) {
            Ok(mut report) => {
                let mut all = warnings;
                all.append(&mut report.warnings);
                report.warnings = all;
                Ok(report)
            }
            Err(mut diags) => {
                diags.extend(warnings);
                Err(diags)
            }
        };
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
    errors.extend(warnings);
    errors.sort_by_key(|d| d.pos.line);
    Err(errors)
}

/// Why a department did not render.
#[derive(Debug)]
pub enum Failure {
    /// The department's data: its errors (and warnings), located.
    Data(Vec<Diagnostic>),
    /// The template set failed on this department's report: the county's
    /// template is at fault, not the officer's file.
    Template(crate::template::TemplateError),
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(diags: Vec<Diagnostic>) -> Failure {
        Failure::Data(diags)
    }
}

/// Runs every stage. Errors carry no file name; the caller adds it.
pub fn render(src: &str, env: &Env) -> Result<Rendered, Failure> {
    let report = check(src, env)?;
    let doc = env.templates.render(&report).map_err(Failure::Template)?;
    build(report, doc, src, env)
}

/// The formats of a checked report whose document the template made.
pub fn build(report: Report, doc: Document, src: &str, env: &Env) -> Result<Rendered, Failure> {
    let fail = |message: String| vec![Diagnostic::error(Pos::default(), message)];
    // The two formats share only the document: built side by side, a
    // single department's run takes the time of its PDF alone.
    let (docx, pdf) = rayon::join(
        || match env.docx {
            true => crate::docx::docx(&doc)
                .map(Some)
                .map_err(|e| fail(format!("生成 DOCX 失败：{e}"))),
            false => Ok(None),
        },
        || match (&env.fonts, env.pdf) {
            (Some(fonts), true) => {
                crate::pdf::pdf_noting_missing(&doc, fonts, &crate::pdf::PdfOptions::default())
                    .map(|(bytes, missing)| Some((bytes, missing, fonts)))
                    .map_err(|e| fail(format!("生成 PDF 失败：{e}")))
            }
            _ => Ok(None),
        },
    );
    let docx = docx?;
    let mut report = report;
    let pdf = match pdf? {
        Some((bytes, missing, fonts)) => {
            if !missing.is_empty() {
                let shown = crate::layout::replacement(fonts);
                report
                    .warnings
                    .extend(missing_warnings(src, &missing, shown));
            }
            Some(bytes)
        }
        None => None,
    };
    Ok(Rendered { report, docx, pdf })
}

/// One located warning per character the PDF shows as a replacement.
fn missing_warnings(src: &str, missing: &[char], shown: char) -> Vec<Diagnostic> {
    crate::load::find_chars(src, missing)
        .into_iter()
        .map(|(c, pos)| {
            Diagnostic::warning(
                pos.unwrap_or_default(),
                format!(
                    "字符“{c}”（U+{:04X}）已安装的字体中都没有，PDF 中以“{shown}”代替（Word 文件中保留原字）",
                    u32::from(c)
                ),
            )
            .hint("请核对是否为错字或乱码；确需此字时，把含该字的字体文件放进一个文件夹并用 --font-dir 指定")
        })
        .collect()
}

/// Every sample department (`data/示例县/` and `examples/`) as a document,
/// for tests of the backends over real reports.
#[cfg(test)]
pub(crate) fn sample_documents() -> Vec<(std::path::PathBuf, crate::document::Document)> {
    use std::path::{Path, PathBuf};
    fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                yaml_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml")
                && p.file_name().is_some_and(|n| n != "指标目录.yaml")
            {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("data/示例县"), &mut files);
    yaml_files(&root.join("examples"), &mut files);
    let t = Templates::builtin().unwrap();
    files
        .into_iter()
        .map(|p| {
            let src = std::fs::read_to_string(&p).unwrap();
            let input = crate::load::load(&src, t.catalogue()).unwrap();
            let report = compute(&input).unwrap();
            let doc = t.render(&report).unwrap();
            (p, doc)
        })
        .collect()
}
