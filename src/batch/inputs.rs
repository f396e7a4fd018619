//! PATH arguments → the list of departments to render (contract §5).
//!
//! A file renders to `DIR/<stem>.docx`; a folder contributes every
//! `*.yaml`/`*.yml` below it, in sorted order, keeping its inner layout.
//! `x.yaml.txt` counts as YAML (Windows hides known extensions, so officers
//! save that name); other files in a folder are listed as skipped (§6.6).

use crate::cli::Options;
use crate::format::Format;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One department to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The YAML file.
    pub input: PathBuf,
    /// Output path under DIR without extension, e.g. `乡镇/青山镇人民政府`.
    pub rel: PathBuf,
}

impl Job {
    /// The department's file in `format` under DIR.
    pub fn path(&self, opts: &Options, format: &dyn Format) -> PathBuf {
        opts.out_dir
            .join(self.rel.with_extension(format.extension()))
    }

    /// The files this run writes for the department.
    pub fn outputs(&self, opts: &Options) -> Vec<PathBuf> {
        opts.formats.iter().map(|f| self.path(opts, f)).collect()
    }

    /// The relative name shown in the summary (`乡镇/青山镇人民政府.yaml`).
    pub fn display_name(&self) -> String {
        let name = self
            .input
            .file_name()
            .map(PathBuf::from)
            .unwrap_or_else(|| self.rel.with_extension("yaml"));
        self.rel
            .parent()
            .map_or(name.clone(), |p| p.join(&name))
            .to_string_lossy()
            .replace('\\', "/")
    }
}

/// The name endings read as YAML, longest first.
const YAML_ENDINGS: [&str; 4] = [".yaml.txt", ".yml.txt", ".yaml", ".yml"];

/// The ending that makes `path` a YAML file, if any (case-insensitive).
fn yaml_ending(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    YAML_ENDINGS.into_iter().find(|e| name.ends_with(e))
}

/// `path` without its YAML ending: `a/x.yaml.txt` → `a/x`.
fn strip_yaml(path: &Path) -> PathBuf {
    let Some(ending) = yaml_ending(path) else {
        return path.with_extension("");
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = &name[..name.len() - ending.len()];
    path.with_file_name(stem)
}

/// The departments to render and the files of the folders that are not read.
#[derive(Debug, Default)]
pub struct Expanded {
    pub jobs: Vec<Job>,
    /// Files found in folders that are not YAML (listed once, §6.6).
    pub skipped: Vec<PathBuf>,
    /// Entries not read for safety, one line each in Chinese,
    /// `path：reason`: links to folders, devices, pipes, broken links.
    pub refused: Vec<String>,
}

/// Expands the PATH arguments (see [`expand_all`]); skipped files dropped.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Job>, String> {
    expand_all(paths).map(|e| e.jobs)
}

/// Expands the PATH arguments. Two inputs that would write the same
/// output file are a usage error rather than a silent overwrite.
pub fn expand_all(paths: &[PathBuf]) -> Result<Expanded, String> {
    let mut jobs = Vec::new();
    let mut skipped = Vec::new();
    let mut refused = Vec::new();
    for path in paths {
        // `metadata` follows links: a PATH argument that is a link is the
        // user's explicit choice and is taken for what it points to.
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(not_found(path));
            }
            Err(e) => {
                return Err(format!(
                    "无法读取 {}：{}",
                    path.display(),
                    crate::oserror::explained(&e)
                ));
            }
        };
        if meta.is_dir() {
            let mut files = Vec::new();
            collect(path, &mut files, &mut skipped, &mut refused).map_err(|e| {
                format!(
                    "无法读取文件夹 {}：{}",
                    path.display(),
                    crate::oserror::explained(&e)
                )
            })?;
            files.sort();
            if files.is_empty() {
                return Err(format!(
                    "文件夹 {} 里没有 .yaml 或 .yml 文件",
                    path.display()
                ));
            }
            for file in files {
                let rel = strip_yaml(file.strip_prefix(path).unwrap_or(&file));
                jobs.push(Job { input: file, rel });
            }
        } else if meta.is_file() {
            let stem = strip_yaml(path)
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_default();
            jobs.push(Job {
                input: path.clone(),
                rel: stem,
            });
        } else {
            return Err(format!(
                "{} 不是普通文件（是设备、管道等特殊文件），请给出 .yaml 文件或文件夹",
                path.display()
            ));
        }
    }
    // A set, not a list: comparing every pair of 300 paths cost a re-run
    // with nothing changed a tenth of its time.
    let mut seen: HashMap<&Path, &Path> = HashMap::with_capacity(jobs.len());
    for job in &jobs {
        if let Some(first) = seen.insert(&job.rel, &job.input) {
            return Err(format!(
                "{} 和 {} 会生成同名的报告 {}：请删除或改名其中一个（或分开运行）",
                first.display(),
                job.input.display(),
                job.rel.display()
            ));
        }
    }
    skipped.sort();
    Ok(Expanded {
        jobs,
        skipped,
        refused,
    })
}

/// A missing PATH, with the file the officer most likely meant: Windows
/// hides known extensions, so `本单位.yaml` is often `本单位.yaml.txt` on
/// disk, and `本单位` is `本单位.yaml`.
fn not_found(path: &Path) -> String {
    let shown = path.display();
    let name = path.as_os_str().to_string_lossy();
    let base = name
        .strip_suffix(".txt")
        .unwrap_or(&name)
        .trim_end_matches(['/', '\\']);
    let candidates = [
        format!("{name}.txt"),
        format!("{base}.yaml"),
        format!("{base}.yml"),
        format!("{base}.yaml.txt"),
        format!("{base}.yml.txt"),
        base.to_string(),
    ];
    match candidates
        .iter()
        .find(|c| *c != &name && Path::new(c.as_str()).is_file())
    {
        Some(found) => format!(
            "找不到 {shown}，但有 {found}：请写 gen-report {found}（Windows 默认隐藏文件的扩展名，所以看到的文件名可能比实际的少一截）"
        ),
        None => format!(
            "找不到文件或文件夹：{shown}（请检查名字是否写错，或先进入文件所在的文件夹再运行）"
        ),
    }
}

/// Folder walks do not follow symbolic links to folders (a link such as
/// `ln -s . self` would otherwise list every file again, endlessly), and
/// read only regular files: a FIFO would block the run, `/dev/zero` would
/// never end. A link to a regular file is read like the file.
fn collect(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    skipped: &mut Vec<PathBuf>,
    refused: &mut Vec<String>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        // The entry itself, not what a link points to.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&path, out, skipped, refused)?;
            continue;
        }
        let why = if kind.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    Some("指向文件夹的快捷方式（符号链接）不进入，请直接给出那个文件夹")
                }
                Ok(m) if m.is_file() => None,
                Ok(_) => Some("指向的不是普通文件（设备、管道等），不读取"),
                Err(_) => Some("快捷方式（符号链接）指向的文件不存在"),
            }
        } else if !kind.is_file() {
            Some("不是普通文件（设备、管道等），不读取")
        } else {
            None
        };
        if let Some(why) = why {
            refused.push(format!("{}：{why}", path.display()));
        } else if yaml_ending(&path).is_some() {
            out.push(path);
        } else {
            skipped.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_keep_their_layout_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        for f in [
            "z.yaml",
            "a/b.yml",
            "m.yaml",
            "notes.txt",
            "w.yaml.txt",
            "x.xlsx",
        ] {
            std::fs::write(root.join(f), "").unwrap();
        }
        let all = expand_all(&[root.to_path_buf()]).unwrap();
        let jobs = all.jobs;
        let rels: Vec<String> = jobs.iter().map(|j| j.rel.display().to_string()).collect();
        assert_eq!(rels, ["a/b", "m", "w", "z"]);
        assert_eq!(jobs[0].display_name(), "a/b.yml");
        assert_eq!(jobs[2].display_name(), "w.yaml.txt");
        assert_eq!(all.skipped, [root.join("notes.txt"), root.join("x.xlsx")]);
        let given = expand(&[root.join("w.yaml.txt")]).unwrap();
        assert_eq!(given[0].rel, PathBuf::from("w"));
        let single = expand(&[root.join("a/b.yml")]).unwrap();
        assert_eq!(single[0].rel, PathBuf::from("b"));
        assert!(expand(&[root.join("missing.yaml")]).is_err());
        // `w.yaml` typed for `w.yaml.txt`, `m` for `m.yaml`: suggested.
        let e = expand(&[root.join("w.yaml")]).unwrap_err();
        assert!(
            e.contains(&format!("但有 {}", root.join("w.yaml.txt").display())),
            "{e}"
        );
        let e = expand(&[root.join("m")]).unwrap_err();
        assert!(
            e.contains(&format!("但有 {}", root.join("m.yaml").display())),
            "{e}"
        );
        assert!(expand(&[root.join("z.yaml"), root.join("z.yaml")]).is_err());
    }
}
