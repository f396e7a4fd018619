//! The font files a run may draw with, and what identifies the fonts it
//! chose, so a re-run knows whether a PDF's fonts changed (the manifest).
//!
//! [`FontFiles::list`] walks the `--font-dir` folders and the system's font
//! folders (those fontdb's `load_system_fonts` scans) and stats every font
//! file: no file is opened, so it costs a fraction of a millisecond where
//! finding the fonts ([`super::Fonts::discover`]) parses every file's
//! names. Discovery loads exactly these files, in this order, so the
//! listing's [`FontFiles::digest`] changes whenever what discovery would
//! find can: a file added, removed or replaced (its size or modification
//! time), a folder appearing. Only then need a run find the fonts to learn
//! whether the chosen ones changed ([`super::Fonts::identity`]).

use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One font file as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFile {
    pub path: PathBuf,
    /// Given itself with `--font-dir` (not found in a folder): a file that
    /// does not load is then an error, not skipped.
    pub named: bool,
    pub size: u64,
    /// Modification time, nanoseconds since 1970, where the system has one.
    pub mtime_ns: Option<u64>,
}

/// The font files of a run, in the order discovery loads them: the
/// `--font-dir` entries first (they win ties), then the system folders.
#[derive(Debug, Clone)]
pub struct FontFiles {
    /// The `--font-dir` entries as given.
    pub extra: Vec<PathBuf>,
    /// `--font-dir` entries that do not exist.
    pub missing: Vec<PathBuf>,
    pub files: Vec<FontFile>,
    digest: String,
}

/// Extensions fontdb reads (any letter case).
const EXTENSIONS: &[&str] = &["ttf", "ttc", "otf", "otc"];

impl FontFiles {
    /// Lists and stats the font files; nothing is read.
    pub fn list(extra: &[PathBuf]) -> FontFiles {
        let mut files = Vec::new();
        let mut missing = Vec::new();
        let mut seen = HashSet::new();
        for entry in extra {
            match std::fs::metadata(entry) {
                Ok(m) if m.is_file() => {
                    if let Some(f) = stat(entry, &m, true) {
                        files.push(f);
                    }
                }
                Ok(_) => walk(entry, &mut seen, &mut files),
                Err(_) => missing.push(entry.clone()),
            }
        }
        for dir in system_dirs() {
            walk(&dir, &mut seen, &mut files);
        }
        let digest = digest(extra, &missing, &files);
        FontFiles {
            extra: extra.to_vec(),
            missing,
            files,
            digest,
        }
    }

    /// Identifies the listing: the same digest, the same files as found
    /// last time (and the same tool, whose candidate lists decide).
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The file at `path`, as listed.
    pub fn get(&self, path: &Path) -> Option<&FontFile> {
        self.files.iter().find(|f| f.path == path)
    }
}

fn stat(path: &Path, meta: &std::fs::Metadata, named: bool) -> Option<FontFile> {
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok());
    Some(FontFile {
        path: path.to_path_buf(),
        named,
        size: meta.len(),
        mtime_ns,
    })
}

/// The font files under `dir`, sorted by name at each level (the system's
/// listing order would make ties between equal faces depend on the disk).
/// Links are followed; a folder reached twice (a link loop) is walked once.
fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Vec<FontFile>) {
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // The entry's type comes with the listing: only font files are stat'ed
    // (a font folder also holds fonts.dir, .uuid and the like).
    let mut found: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .flatten()
        .map(|e| (e.path(), e.file_type().ok()))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in found {
        let font = is_font(&path);
        match kind {
            Some(k) if k.is_dir() => walk(&path, seen, out),
            Some(k) if k.is_file() && !font => {}
            // A font file, or a link (to a folder, or a font).
            _ => match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => walk(&path, seen, out),
                Ok(meta) if meta.is_file() && font => out.extend(stat(&path, &meta, false)),
                _ => {} // A dangling link, a device.
            },
        }
    }
}

fn is_font(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The system's font folders, as fontdb's `load_system_fonts` lists them.
fn system_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let home = |var: &str, rel: &str| std::env::var_os(var).map(|h| Path::new(&h).join(rel));
    if cfg!(windows) {
        let root = std::env::var_os("SYSTEMROOT")
            .map_or_else(|| PathBuf::from("C:\\Windows"), PathBuf::from);
        dirs.push(root.join("Fonts"));
        dirs.extend(home(
            "USERPROFILE",
            "AppData\\Local\\Microsoft\\Windows\\Fonts",
        ));
        dirs.extend(home(
            "USERPROFILE",
            "AppData\\Roaming\\Microsoft\\Windows\\Fonts",
        ));
    } else if cfg!(target_os = "macos") {
        dirs.extend(["/Library/Fonts", "/System/Library/Fonts"].map(PathBuf::from));
        if let Ok(assets) = std::fs::read_dir("/System/Library/AssetsV2") {
            let mut found: Vec<PathBuf> = assets
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with("com_apple_MobileAsset_Font")
                })
                .map(|e| e.path())
                .collect();
            found.sort();
            dirs.extend(found);
        }
        dirs.push(PathBuf::from("/Network/Library/Fonts"));
        dirs.extend(home("HOME", "Library/Fonts"));
    } else {
        dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
        dirs.extend(home("HOME", ".fonts"));
        dirs.extend(home("HOME", ".local/share/fonts"));
    }
    dirs
}

fn digest(extra: &[PathBuf], missing: &[PathBuf], files: &[FontFile]) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    let path = |h: &mut Sha256, p: &Path| {
        let s = p.to_string_lossy();
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    for p in extra {
        path(&mut h, p);
    }
    h.update(b"missing");
    for p in missing {
        path(&mut h, p);
    }
    for f in files {
        path(&mut h, &f.path);
        h.update([u8::from(f.named)]);
        h.update(f.size.to_le_bytes());
        h.update(f.mtime_ns.unwrap_or(0).to_le_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path, bytes: &[u8]) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn the_listing_changes_with_the_files_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let fonts = dir.path().join("字体");
        touch(&fonts.join("b/Two.OTF"), b"two");
        touch(&fonts.join("a.ttf"), b"one");
        touch(&fonts.join("notes.txt"), b"not a font");
        let extra = vec![fonts.clone()];
        let first = FontFiles::list(&extra);
        let mine: Vec<&Path> = first
            .files
            .iter()
            .map(|f| f.path.as_path())
            .take_while(|p| p.starts_with(&fonts))
            .collect();
        assert_eq!(mine, [fonts.join("a.ttf"), fonts.join("b/Two.OTF")]);
        assert_eq!(FontFiles::list(&extra).digest(), first.digest());
        // A file added, then one replaced by bytes of another size.
        touch(&fonts.join("c.otc"), b"three");
        let added = FontFiles::list(&extra);
        assert_ne!(added.digest(), first.digest());
        touch(&fonts.join("a.ttf"), b"other");
        assert_ne!(FontFiles::list(&extra).digest(), added.digest());
        // A folder that is not there is part of what was found.
        let gone = vec![dir.path().join("没有")];
        let listed = FontFiles::list(&gone);
        assert_eq!(listed.missing, gone);
        assert_ne!(listed.digest(), FontFiles::list(&[]).digest());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("f/a.ttf"), b"one");
        std::os::unix::fs::symlink(dir.path().join("f"), dir.path().join("f/self")).unwrap();
        let listed = FontFiles::list(&[dir.path().join("f")]);
        let mine = listed
            .files
            .iter()
            .filter(|f| f.path.starts_with(dir.path()))
            .count();
        assert_eq!(mine, 1);
    }
}
