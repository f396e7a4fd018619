//! One department through the whole pipeline, in memory — the one road
//! every caller takes (the county run, `--check`, the benchmarks and the
//! fuzzer): [`check`] (bytes → text → `load` → `model`), then [`produce`]
//! (`template` → `document` → every selected format of the registry).
//!
//! Nothing is written here; the caller writes the bytes only once every
//! stage has succeeded, so a rejected department never touches its files.
//! A county run calls the two halves in separate phases: it compares what
//! every file says about itself (contract §6.6) between them.

use crate::diag::Diagnostic;
use crate::document::Document;
use crate::format::{Context, Format, Selection};
use crate::load::{Identity, IndicatorCatalogue, Input};
use crate::model::{Report, compute};
use crate::template::Templates;

/// What every department of a run shares: templates, fonts, formats.
pub struct Env {
    pub templates: Templates,
    /// Found once per run when a selected format needs them.
    pub fonts: Option<crate::layout::Fonts>,
    pub formats: Selection,
}

/// A department's computed report and its files' bytes, in registry order.
pub struct Rendered {
    pub report: Report,
    pub files: Vec<(&'static dyn Format, Vec<u8>)>,
}

impl Rendered {
    /// The bytes made in `format`, if it was selected.
    pub fn file(&self, format: &dyn Format) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(f, _)| f.name() == format.name())
            .map(|(_, b)| b.as_slice())
    }
}

/// A department's file, read and checked: the first half of the road.
pub struct Checked {
    /// The decoded text (a warning about a character no font has points
    /// back into it); empty when the bytes are not text.
    pub src: String,
    /// "Read as GBK": it leads the department's warnings and errors.
    pub note: Option<Diagnostic>,
    /// The report with its warnings, or every problem of the file.
    pub result: Result<Report, Vec<Diagnostic>>,
    /// The file's 单位 and 年度, from the same parse (a county run compares
    /// them across files; see [`crate::load::load_identified`]).
    pub identity: Option<Identity>,
}

/// Decodes, loads and computes a department's file. Needs only the
/// template set's indicator catalogue, so a run can load departments while
/// the templates compile.
///
/// When loading finds errors, the model checks what could be read too, so
/// an officer sees every problem in one run; a total over a value that
/// could not be read is said to be unchecked, not judged.
pub fn check(bytes: &[u8], catalogue: &IndicatorCatalogue) -> Checked {
    let (src, note) = match crate::load::decode(bytes) {
        Ok(decoded) => decoded,
        Err(d) => {
            return Checked {
                src: String::new(),
                note: None,
                result: Err(vec![d]),
                identity: None,
            };
        }
    };
    let loaded = crate::load::load_identified(&src, catalogue);
    let led = |mut diags: Vec<Diagnostic>| {
        diags.splice(0..0, note.clone());
        diags
    };
    let result = match checked(loaded.input, loaded.diags) {
        Ok(mut report) => {
            report.warnings = led(std::mem::take(&mut report.warnings));
            Ok(report)
        }
        Err(diags) => Err(led(diags)),
    };
    Checked {
        src,
        note,
        result,
        identity: loaded.identity,
    }
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
            // In reading order (a stable sort: one line's keep theirs).
            Ok(mut report) => {
                let mut all = warnings;
                all.append(&mut report.warnings);
                all.sort_by_key(|d| d.pos.line);
                report.warnings = all;
                Ok(report)
            }
            Err(mut diags) => {
                diags.extend(warnings);
                diags.sort_by_key(|d| d.pos.line);
                Err(diags)
            }
        };
    }
    // The model judges nothing it cannot (what loading could not read is
    // in `input.unread`): every finding of it is one more to correct.
    let more = match compute(&input) {
        Ok(report) => report.warnings,
        Err(diags) => diags,
    };
    errors.extend(more);
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

/// The second half of the road: the report through the template (unless
/// `doc`, the document a template probe already made from it) into every
/// selected format, side by side. Errors carry no file name; the caller
/// adds it.
pub fn produce(
    report: Report,
    doc: Option<Document>,
    checked_src: &str,
    env: &Env,
) -> Result<Rendered, Failure> {
    let mut doc = match doc {
        Some(doc) => doc,
        None => env.templates.render(&report).map_err(Failure::Template)?,
    };
    // Laid out once for every format: the PDF draws these pages, and the
    // DOCX restarts its merged cells where a table continues on a new
    // page, so both show the labels on every page.
    let laid = match (&env.fonts, env.formats.needs_fonts()) {
        (Some(fonts), true) => {
            let opts = crate::layout::LayoutOptions::default();
            let laid = crate::layout::lay_out(&doc, fonts, &opts).map_err(|e| {
                Failure::Data(vec![Diagnostic::error(
                    Default::default(),
                    format!("生成 PDF 失败：{e}"),
                )])
            })?;
            for &(block, row) in &laid.table_starts {
                if let Some(crate::document::Block::Table(t)) = doc.blocks.get_mut(block) {
                    t.page_starts.push(row);
                }
            }
            Some(laid)
        }
        _ => None,
    };
    let ctx = Context {
        fonts: env.fonts.as_ref(),
        laid: laid.as_ref(),
    };
    let made: Vec<_> = {
        use rayon::prelude::*;
        let formats: Vec<&'static dyn Format> = env.formats.iter().collect();
        formats
            .into_par_iter()
            .map(|f| f.render(&doc, &ctx).map(|m| (f, m)))
            .collect()
    };
    let mut report = report;
    let mut files = Vec::new();
    for m in made {
        let (format, made) =
            m.map_err(|e| Failure::Data(vec![Diagnostic::error(Default::default(), e)]))?;
        if !made.replaced.is_empty()
            && let Some(fonts) = &env.fonts
        {
            let shown = crate::layout::replacement(fonts);
            report
                .warnings
                .extend(missing_warnings(checked_src, &made.replaced, shown));
        }
        files.push((format, made.bytes));
    }
    Ok(Rendered { report, files })
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
    sample_documents_in(crate::template::DEFAULT)
}

/// [`sample_documents`] and the transcribed seeds, made with the built-in
/// template set `set`.
#[cfg(test)]
pub(crate) fn sample_documents_in(
    set: &str,
) -> Vec<(std::path::PathBuf, crate::document::Document)> {
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
    if set != crate::template::DEFAULT {
        for seed in ["seed000", "seed002", "seed003"] {
            files.push(root.join(format!("tests/data/{seed}.yaml")));
        }
    }
    let t = crate::template::sets::builtin(set)
        .unwrap()
        .and_then(crate::template::Sources::compile)
        .unwrap();
    files
        .into_iter()
        .map(|p| {
            let checked = check(&std::fs::read(&p).unwrap(), t.catalogue());
            let doc = t.render(&checked.result.unwrap()).unwrap();
            (p, doc)
        })
        .collect()
}
