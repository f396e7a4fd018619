//! Which template set a run uses, found by an explicit rule and reported:
//!
//! - a `--template` that is a folder path (it has a `/` or `\`, or starts
//!   with `.`) is that folder;
//! - a built-in name (`hunan`, `表格式`) is the built-in set, whatever
//!   folders happen to exist (an old copy in the current folder must not
//!   shadow an upgraded tool's wording);
//! - any other name is a county's set in `模板/NAME` inside the user's
//!   configuration folder or beside the program, never the current folder.
//!
//! `gen-report templates` lists them; `--export NAME DIR` writes a
//! built-in set out for a county to edit.

use super::{CATALOGUE, ENTRY, Sources, TemplateError};
use std::path::{Path, PathBuf};

/// A set's files: name, text.
type Files = &'static [(&'static str, &'static str)];

/// The built-in sets: name, what it is (its Chinese name first), files.
pub const BUILTIN: &[(&str, &str, Files)] = &[
    (
        "hunan",
        "湖南式：十部分文字报告 + 附件1 基础数据表、附件2 自评表（默认）",
        &[(ENTRY, include_str!("../../templates/hunan/report.tera"))],
    ),
    (
        "表格式",
        "表格式：市级表格式报告，封面、基本概况表、收支表、绩效自评表、评价人员签章栏，再加文字综述",
        &[(ENTRY, include_str!("../../templates/表格式/report.tera"))],
    ),
];

/// The folder name of a county's sets inside the places searched.
const FOLDER: &str = "模板";

/// Where a template set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin(&'static str),
    Folder(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // Named in Chinese (the officer's console has no other words).
            Origin::Builtin(name) => {
                let about = BUILTIN.iter().find(|(n, ..)| n == name).map(|(_, a, _)| *a);
                let label = about.and_then(|a| a.split('：').next()).unwrap_or(name);
                write!(f, "内置模板“{label}”")
            }
            Origin::Folder(dir) => write!(f, "模板文件夹 {}", dir.display()),
        }
    }
}

/// The set `--template SPEC` names (see the module's rule).
pub fn open(spec: &str) -> Result<Sources, TemplateError> {
    if is_path(spec) {
        let dir = PathBuf::from(spec);
        if !dir.is_dir() {
            return Err(TemplateError {
                message: format!("找不到模板文件夹 {spec}：这个文件夹不存在"),
            });
        }
        return Sources::from_dir(&dir);
    }
    if let Some(sources) = builtin(spec) {
        return sources;
    }
    if let Some(dir) = places()
        .into_iter()
        .map(|p| p.join(spec))
        .find(|d| d.is_dir())
    {
        return Sources::from_dir(&dir);
    }
    let searched: Vec<String> = places()
        .iter()
        .map(|p| p.join(spec).display().to_string())
        .collect();
    Err(TemplateError {
        message: format!(
            "找不到模板“{spec}”：内置模板只有 {}，也没有找到 {}；\
             用当前文件夹里的模板文件夹请写成 --template ./{spec}",
            names().join("、"),
            searched.join(" 或 ")
        ),
    })
}

/// The built-in set `name`, if there is one.
pub fn builtin(name: &str) -> Option<Result<Sources, TemplateError>> {
    let (name, _, files) = BUILTIN.iter().find(|(n, ..)| *n == name)?;
    let files = files
        .iter()
        .map(|(n, c)| (n.to_string(), c.as_bytes().to_vec()))
        .collect();
    Some(Sources::from_files(Origin::Builtin(name), files))
}

fn names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, ..)| *n).collect()
}

/// A folder path rather than a name.
fn is_path(spec: &str) -> bool {
    spec.contains(['/', '\\']) || spec.starts_with('.') || Path::new(spec).is_absolute()
}

/// Where a county's named sets are looked for, in order: the user's
/// configuration folder (`%APPDATA%` on Windows, `$XDG_CONFIG_HOME` or
/// `~/.config` elsewhere), then beside the program.
pub fn places() -> Vec<PathBuf> {
    let config = if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
    };
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    config
        .map(|c| c.join("gen-report").join(FOLDER))
        .into_iter()
        .chain(beside.map(|b| b.join(FOLDER)))
        .collect()
}

/// `gen-report templates`: the built-in sets, then the county sets found.
pub fn listing() -> String {
    let mut out = String::from("内置模板（--template 名称）：\n");
    for (name, about, _) in BUILTIN {
        out.push_str(&format!("  {name:<8} {about}\n"));
    }
    let mut found = Vec::new();
    for place in places() {
        let Ok(entries) = std::fs::read_dir(&place) else {
            continue;
        };
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join(ENTRY).is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let shadowed = names().contains(&name.as_str());
            found.push(format!(
                "  {name:<8} {}{}\n",
                dir.display(),
                if shadowed {
                    "（与内置模板同名，不会被使用；请改名）"
                } else {
                    ""
                }
            ));
        }
    }
    out.push_str("\n本县的模板（--template 名称），在以下文件夹的“模板”子文件夹中查找：\n");
    for place in places() {
        out.push_str(&format!("  {}\n", place.display()));
    }
    if found.is_empty() {
        out.push_str("  （还没有）\n");
    } else {
        out.push_str("找到：\n");
        out.extend(found);
    }
    out.push_str(
        "\n修改内置模板：gen-report templates --export 表格式 模板文件夹，\
         编辑其中的 report.tera，再用 --template 模板文件夹路径（或放进上面的文件夹用名称）。\n\
         模板能用的变量见 docs/模板变量.md。\n",
    );
    out
}

/// `gen-report templates --export NAME DIR`: the built-in set's files
/// written into `dir` (created), never over existing files.
pub fn export(name: &str, dir: &Path) -> Result<String, String> {
    let Some((_, _, files)) = BUILTIN.iter().find(|(n, ..)| *n == name) else {
        return Err(format!(
            "没有名为“{name}”的内置模板（内置模板：{}）",
            names().join("、")
        ));
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        format!(
            "无法创建文件夹 {}：{}",
            dir.display(),
            crate::load::io_text(&e)
        )
    })?;
    for (file, _) in files.iter() {
        if dir.join(file).exists() {
            return Err(format!(
                "{} 已经存在，没有覆盖；请换一个空文件夹",
                dir.join(file).display()
            ));
        }
    }
    for (file, text) in files.iter() {
        let path = dir.join(file);
        std::fs::write(&path, text)
            .map_err(|e| format!("无法写入 {}：{}", path.display(), crate::load::io_text(&e)))?;
    }
    Ok(format!(
        "已把内置模板 {name} 写到 {}：编辑其中的 {ENTRY}（可再放一个 {CATALOGUE} 声明本县的指标名称），\
         然后运行 gen-report 数据 --template {}",
        dir.display(),
        shown_path(dir)
    ))
}

/// A folder as `--template` takes it: with a `/` so it reads as a path.
fn shown_path(dir: &Path) -> String {
    let s = dir.display().to_string();
    if is_path(&s) { s } else { format!("./{s}") }
}
