//! The way in for a new officer: `gen-report new` writes a commented file
//! to fill in, `gen-report schema` the JSON Schema editors complete from.

pub mod blank;
pub mod docs;
pub mod schema;

use crate::load::{IndicatorCatalogue, io_text};
use std::io::Write;
use std::path::Path;

/// The schema file name the blank's first line points at.
pub const SCHEMA_FILE: &str = "部门数据.schema.json";

/// Writes [`blank::blank`] to `path`, never over an existing file.
pub fn write_new(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !(name.ends_with(".yaml") || name.ends_with(".yml")) {
        return Err(format!(
            "新文件的名字要以 .yaml 结尾，例如 gen-report new {}.yaml",
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "本单位".into())
        ));
    }
    // create_new: refuses atomically if the file appeared meanwhile.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{shown} 已经存在，没有覆盖。请换一个文件名，或先把旧文件改名、移走")
            }
            _ => crate::oserror::creating(path, &e),
        })?;
    file.write_all(blank::blank().as_bytes())
        .map_err(|e| format!("无法写入 {shown}：{}", crate::oserror::explained(&e)))?;
    Ok(format!(
        "已生成 {shown}：请用记事本、WPS 或 VS Code 打开，按说明填写后运行 gen-report {shown} --pdf\n\
         （用 VS Code 填写时，在同一文件夹运行 gen-report schema {SCHEMA_FILE}，编辑器就会提示键名、检查拼写）"
    ))
}

/// Prints the schema, or writes it to `path`, never over an existing file
/// (nor through a link, even one to nothing): a file of that name may be
/// the officer's own.
pub fn write_schema(path: Option<&Path>) -> Result<(), String> {
    let value = schema::schema(&IndicatorCatalogue::default());
    let mut text = serde_json::to_string_pretty(&value)
        .map_err(|_| "无法生成 JSON Schema（内部错误）".to_string())?;
    text.push('\n');
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            // `gen-report schema | head`: the reader has what it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            r => r.map_err(|e| format!("无法输出：{}", io_text(&e))),
        };
    };
    let shown = path.display();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{shown} 已经存在，没有覆盖。要更新它，请先把旧文件删除或改名；\
                 也可以换一个文件名，或不写文件名（输出到屏幕）"
            ),
            _ => crate::oserror::creating(path, &e),
        })?;
    file.write_all(text.as_bytes()).map_err(|e| {
        // Half a schema is worse than none: the editor would trust it.
        drop(std::fs::remove_file(path));
        format!("无法写入 {shown}：{}", crate::oserror::explained(&e))
    })
}

/// What `gen-report schema FILE` says once the file is written.
pub fn schema_written(path: &Path) -> String {
    format!(
        "已写出 {}：这是数据文件的格式说明（JSON Schema），供编辑器使用。\n\
         用 VS Code（装 YAML 插件）打开同一文件夹里由 gen-report new 生成的数据文件，就会提示键名、检查拼写",
        path.display()
    )
}

#[cfg(test)]
mod tests;
