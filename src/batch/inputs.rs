//! PATH arguments → the list of departments to render (SPEC §5).
//!
//! A file renders to `DIR/<stem>.docx`; a folder contributes every
//! `*.yaml`/`*.yml` below it, in sorted order, keeping its inner layout.

use crate::cli::Options;
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
    pub fn docx_path(&self, opts: &Options) -> PathBuf {
        opts.out_dir.join(self.rel.with_extension("docx"))
    }

    pub fn pdf_path(&self, opts: &Options) -> PathBuf {
        opts.out_dir.join(self.rel.with_extension("pdf"))
    }

    /// The files this run writes for the department.
    pub fn outputs(&self, opts: &Options) -> Vec<PathBuf> {
        let mut v = Vec::new();
        if opts.docx {
            v.push(self.docx_path(opts));
        }
        if opts.pdf {
            v.push(self.pdf_path(opts));
        }
        v
    }

    /// The relative name shown in the summary (`乡镇/青山镇人民政府.yaml`).
    pub fn display_name(&self) -> String {
        let ext = self
            .input
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "yaml".into());
        self.rel
            .with_extension(ext)
            .to_string_lossy()
            .replace('\\', "/")
    }
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "YAML" | "YML")
    )
}

/// The departments to render, and what a folder walk left out (with why).
#[derive(Debug, Default)]
pub struct Expanded {
    pub jobs: Vec<Job>,
    /// One line per skipped entry, already in Chinese: `path：reason`.
    pub skipped: Vec<String>,
}

/// Expands the PATH arguments. Two inputs that would write the same
/// output file are a usage error rather than a silent overwrite.
///
/// Folder walks do not follow symbolic links to folders (a link such as
/// `ln -s . self` would otherwise list every file again, endlessly), and
/// take only regular files: a FIFO would block the run, `/dev/zero` would
/// never end. A link to a regular YAML file is read like the file.
pub fn expand(paths: &[PathBuf]) -> Result<Expanded, String> {
    let mut out = Expanded::default();
    for path in paths {
        // `metadata` follows links: a PATH argument that is a link is the
        // user's explicit choice and is taken for what it points to.
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!("找不到文件或文件夹：{}", path.display()));
            }
            Err(e) => return Err(format!("无法读取 {}：{e}", path.display())),
        };
        if meta.is_dir() {
            let mut files = Vec::new();
            collect(path, &mut files, &mut out.skipped)
                .map_err(|e| format!("无法读取文件夹 {}：{e}", path.display()))?;
            files.sort();
            if files.is_empty() {
                return Err(format!(
                    "文件夹 {} 里没有 .yaml 或 .yml 文件",
                    path.display()
                ));
            }
            for file in files {
                let rel = file.strip_prefix(path).unwrap_or(&file).with_extension("");
                out.jobs.push(Job { input: file, rel });
            }
        } else if meta.is_file() {
            let stem = path.file_stem().map(PathBuf::from).unwrap_or_default();
            out.jobs.push(Job {
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
    let mut seen: Vec<&PathBuf> = Vec::new();
    for job in &out.jobs {
        if let Some(other) = seen.iter().find(|r| **r == &job.rel) {
            return Err(format!(
                "两个输入会生成同名的报告 {}：请改名或分开运行",
                other.display()
            ));
        }
        seen.push(&job.rel);
    }
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Vec<String>) -> std::io::Result<()> {
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
            collect(&path, out, skipped)?;
            continue;
        }
        if kind.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    skipped.push(format!(
                        "{}：指向文件夹的快捷方式（符号链接）不进入，请直接给出那个文件夹",
                        path.display()
                    ));
                    continue;
                }
                Ok(m) if m.is_file() => {}
                Ok(_) if is_yaml(&path) => {
                    skipped.push(format!(
                        "{}：指向的不是普通文件（设备、管道等），不读取",
                        path.display()
                    ));
                    continue;
                }
                Err(_) if is_yaml(&path) => {
                    skipped.push(format!(
                        "{}：快捷方式（符号链接）指向的文件不存在",
                        path.display()
                    ));
                    continue;
                }
                _ => continue,
            }
        } else if !kind.is_file() {
            if is_yaml(&path) {
                skipped.push(format!(
                    "{}：不是普通文件（设备、管道等），不读取",
                    path.display()
                ));
            }
            continue;
        }
        if is_yaml(&path) {
            out.push(path);
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
        for f in ["z.yaml", "a/b.yml", "m.yaml", "notes.txt"] {
            std::fs::write(root.join(f), "").unwrap();
        }
        let jobs = expand(&[root.to_path_buf()]).unwrap().jobs;
        let rels: Vec<String> = jobs.iter().map(|j| j.rel.display().to_string()).collect();
        assert_eq!(rels, ["a/b", "m", "z"]);
        assert_eq!(jobs[0].display_name(), "a/b.yml");
        let single = expand(&[root.join("a/b.yml")]).unwrap().jobs;
        assert_eq!(single[0].rel, PathBuf::from("b"));
        assert!(expand(&[root.join("missing.yaml")]).is_err());
        assert!(expand(&[root.join("z.yaml"), root.join("z.yaml")]).is_err());
    }
}
