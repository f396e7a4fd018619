//! Templates: a computed [`Report`] → document markup (Tera) → [`Document`].
//!
//! A template set is a folder with `report.tera` (the entry point), any
//! other `*.tera` files it includes, and optionally `指标目录.yaml`
//! declaring extra 一级/二级 indicator names. The default set, `hunan`, is
//! compiled into the binary so the tool works from any folder; a county
//! copies `templates/hunan/`, rewords it and passes `--template DIR`.
//!
//! Every value a template prints goes through [`crate::document::escape`],
//! so user text cannot forge markup structure.

use crate::document::{Block, Document, Meta, escape, parse_markup};
use crate::load::{IndicatorCatalogue, Unprinted};
use crate::model::Report;
pub use sets::Origin;
use std::fmt;
use std::path::Path;

/// The entry template of a set.
const ENTRY: &str = "report.tera";
/// The optional indicator catalogue of a set.
const CATALOGUE: &str = "指标目录.yaml";
/// The default set's name.
pub const DEFAULT: &str = "hunan";
/// Chinese numerals for section numbering: `cn[3]` is 三.
const NUMERALS: [&str; 21] = [
    "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三",
    "十四", "十五", "十六", "十七", "十八", "十九", "二十",
];

/// A template problem: not the department's fault, so it names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A template set as read, not yet compiled: its files and its indicator
/// catalogue. Departments can be loaded against the catalogue while the
/// templates compile (`Sources::compile`), which takes a few milliseconds.
pub struct Sources {
    /// Where it came from, for messages and the run's account.
    origin: Origin,
    catalogue: IndicatorCatalogue,
    /// Every file's name and bytes, sorted: the set's identity for the
    /// batch manifest (an edited template re-renders every department).
    files: Vec<(String, Vec<u8>)>,
}

/// A loaded template set, ready to render many reports (shared by threads).
pub struct Templates {
    tera: tera::Tera,
    sources: Sources,
    /// The markers that tell each output line's template line.
    marks: locate::Marks,
}

impl Sources {
    /// The built-in default set.
    pub fn builtin() -> Result<Sources, TemplateError> {
        sets::builtin(DEFAULT).expect("the default set is built in")
    }

    /// `--template NAME|DIR`, by the rule of [`sets`].
    pub fn open(spec: &str) -> Result<Sources, TemplateError> {
        sets::open(spec)
    }

    /// Where the set comes from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Reads every `*.tera` file and the optional catalogue of a folder.
    pub fn from_dir(dir: &Path) -> Result<Sources, TemplateError> {
        let err = |e: std::io::Error| TemplateError {
            message: format!(
                "无法读取模板文件夹 {}：{}",
                dir.display(),
                crate::oserror::explained(&e)
            ),
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(err)? {
            let path = entry.map_err(err)?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.ends_with(".tera") || name == CATALOGUE {
                files.push((name, std::fs::read(&path).map_err(err)?));
            }
        }
        files.sort();
        Self::from_files(Origin::Folder(dir.to_path_buf()), files)
    }

    /// Checks the files are UTF-8 and the entry point is there, and reads
    /// the catalogue.
    fn from_files(origin: Origin, files: Vec<(String, Vec<u8>)>) -> Result<Sources, TemplateError> {
        let mut catalogue = IndicatorCatalogue::default();
        for (name, bytes) in &files {
            let text = std::str::from_utf8(bytes).map_err(|_| TemplateError {
                message: format!("模板 {origin}/{name} 不是 UTF-8 编码"),
            })?;
            if name == CATALOGUE {
                catalogue
                    .extend_from_yaml(text)
                    .map_err(|e| TemplateError {
                        message: format!("{origin}/{name}：{e}"),
                    })?;
            } else {
                let declared = Unprinted::declared(text).map_err(|e| TemplateError {
                    message: format!("{origin}/{name}：{e}"),
                })?;
                catalogue.unprinted.extend(declared);
            }
        }
        if !files.iter().any(|(n, _)| n == ENTRY) {
            return Err(TemplateError {
                message: format!("模板 {origin} 中缺少入口文件 {ENTRY}"),
            });
        }
        Ok(Sources {
            origin,
            catalogue,
            files,
        })
    }

    /// The indicator names reports may use under this set.
    pub fn catalogue(&self) -> &IndicatorCatalogue {
        &self.catalogue
    }

    /// Every file of the set (name, bytes), for fingerprinting.
    pub fn files(&self) -> &[(String, Vec<u8>)] {
        &self.files
    }

    /// Compiles the `*.tera` files; a syntax error is named with its line.
    pub fn compile(self) -> Result<Templates, TemplateError> {
        let mut tera = tera::Tera::default();
        tera.set_escape_fn(|input, out| {
            let mut s = String::with_capacity(input.len());
            escape(input, &mut s);
            // The line markers' characters (locate.rs) never come from data.
            s.retain(|c| !matches!(c, '\u{1}' | '\u{2}'));
            out.write_all(s.as_bytes())
        });
        tera.autoescape_on(vec![".tera"]);
        // UTF-8 was checked when the files were read.
        let mut marks = locate::Marks::default();
        let sources: Vec<(String, String)> = self
            .files
            .iter()
            .enumerate()
            .filter(|(_, (name, _))| name != CATALOGUE)
            .map(|(i, (name, bytes))| {
                let text = String::from_utf8_lossy(bytes);
                (name.clone(), locate::mark(i, &text, &mut marks))
            })
            .collect();
        if let Err(e) = tera.add_raw_templates(sources) {
            return Err(TemplateError {
                message: format!(
                    "{} 有错误：{}",
                    self.origin,
                    explain::explain(&e, &self.files, &marks)
                ),
            });
        }
        Ok(Templates {
            tera,
            sources: self,
            marks,
        })
    }
}

impl Templates {
    /// The built-in `hunan` set.
    pub fn builtin() -> Result<Templates, TemplateError> {
        Sources::builtin()?.compile()
    }

    /// The indicator names reports may use under this set.
    pub fn catalogue(&self) -> &IndicatorCatalogue {
        self.sources.catalogue()
    }

    /// Every file of the set (name, bytes), for fingerprinting.
    pub fn files(&self) -> &[(String, Vec<u8>)] {
        self.sources.files()
    }

    /// Where the set comes from.
    pub fn origin(&self) -> &Origin {
        self.sources.origin()
    }

    /// Renders a report's markup text (useful for debugging templates).
    pub fn markup(&self, report: &Report) -> Result<String, TemplateError> {
        self.markup_located(report).map(|(text, _)| text)
    }

    /// The markup, and for each of its lines the template line that wrote it.
    fn markup_located(
        &self,
        report: &Report,
    ) -> Result<(String, Vec<Option<locate::Place>>), TemplateError> {
        let mut ctx = tera::Context::from_serialize(report).map_err(|e| TemplateError {
            message: format!("内部错误：报告数据无法传给模板：{}", tera_chain(&e)),
        })?;
        ctx.insert("cn", &NUMERALS);
        let output = self.tera.render(ENTRY, &ctx).map_err(|e| TemplateError {
            message: format!(
                "{} 有错误：{}",
                self.sources.origin,
                explain::explain(&e, &self.sources.files, &self.marks)
            ),
        })?;
        Ok(locate::strip(&output))
    }

    /// Renders a report into a document. A markup mistake is reported at
    /// the template line that wrote it.
    pub fn render(&self, report: &Report) -> Result<Document, TemplateError> {
        let (markup, places) = self.markup_located(report)?;
        let mut doc = parse_markup(&markup, Meta::default()).map_err(|e| {
            let place = places.get(e.line.saturating_sub(1)).copied().flatten();
            TemplateError {
                message: format!(
                    "{} 有错误：{}",
                    self.sources.origin,
                    explain::markup(&e, place, &self.sources.files)
                ),
            }
        })?;
        let title = doc.blocks.iter().find_map(|b| match b {
            Block::Title(lines) => Some(lines.concat()),
            _ => None,
        });
        doc.meta = Meta {
            title: title.unwrap_or_else(|| {
                format!("{}年度{}整体支出绩效自评报告", report.year, report.dept)
            }),
            author: report.dept.clone(),
            date: Some(dated(report)),
        };
        Ok(doc)
    }
}

/// The day a report is dated: its 报告日期, or, when the date lines are
/// left for hand filling, the last day of the year it evaluates (a real
/// date of that report, where a fixed one would read as a mistake).
fn dated(report: &Report) -> (u16, u8, u8) {
    let clamp = |n: i64, hi: i64| n.clamp(1, hi) as u8;
    match &report.date {
        Some(d) => (
            d.year.clamp(1, 9999) as u16,
            clamp(d.month.into(), 12),
            clamp(d.day.into(), 31),
        ),
        None => (report.year.clamp(1, 9999) as u16, 12, 31),
    }
}

/// A Tera error with its causes, which hold the template line.
fn tera_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        s.push('：');
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}

mod explain;
mod locate;
pub mod reference;
pub mod sets;
#[cfg(test)]
mod tests;
