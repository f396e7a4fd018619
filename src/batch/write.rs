//! Writing files all-or-nothing: a department's DOCX and PDF, or the
//! summary's xlsx and csv, are replaced together or not at all.
//!
//! Every new file is first written in full to a temporary file in its
//! folder; only then are they renamed into place. Before the renames, each
//! old file gets a backup (a hard link, else a copy), so a rename that fails
//! half-way (a PDF held open on Windows, a folder in the way) puts the
//! already-replaced files back. A killed run leaves every file either old or
//! complete; its temporary files are cleared by the next run.

use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// Prefix of temporary files, so a later run can clear a killed run's.
const TEMP_PREFIX: &str = ".gen-report-";
const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all(&[(path.to_path_buf(), bytes)])
}

/// Replaces all `files` or none: on an error every old file is as it was
/// and no new file remains. The error names the file that failed.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> std::io::Result<()> {
    write_all_with(files, &mut |from, to| std::fs::rename(from, to))
}

/// [`write_all`] with the rename step given, so tests can make it fail.
fn write_all_with(
    files: &[(PathBuf, &[u8])],
    rename: &mut dyn FnMut(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let named = |path: &Path, e: std::io::Error| {
        std::io::Error::new(
            e.kind(),
            format!("{}：{}", path.display(), crate::load::io_text(&e)),
        )
    };
    // 1. Every new file complete on disk; an error here drops (deletes) them.
    let mut temps = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        temps.push(temp_file(path, bytes).map_err(|e| named(path, e))?);
    }
    // 2. A backup of every old file, so a failed rename can be undone.
    let mut backups: Vec<Option<TempPath>> = Vec::with_capacity(files.len());
    for (path, _) in files {
        backups.push(backup(path).map_err(|e| named(path, e))?);
    }
    // 3. The renames; on a failure, the earlier ones are rolled back.
    for (i, ((path, _), tmp)) in files.iter().zip(temps).enumerate() {
        if let Err(e) = rename(&tmp, path) {
            for j in (0..i).rev() {
                let target = &files[j].0;
                // Best effort: these renames are within one folder and
                // the one just before succeeded.
                let _ = match backups[j].take() {
                    Some(old) => rename(&old, target).map(|()| {
                        let _ = old.keep();
                    }),
                    None => std::fs::remove_file(target),
                };
            }
            return Err(named(path, e));
        }
        // Renamed away: nothing left to delete under the temporary name.
        let _ = tmp.keep();
    }
    Ok(())
}

/// A complete temporary copy of `bytes` next to `path`.
fn temp_file(path: &Path, bytes: &[u8]) -> std::io::Result<TempPath> {
    let dir = folder(path);
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // tempfile creates 0600; reports are shared documents.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    // No fsync: rename is atomic against a killed process, which is the
    // promise; syncing 600 files would cost seconds on a county run.
    Ok(tmp.into_temp_path())
}

/// A second name for the old file at `path` (none if there is no file).
fn backup(path: &Path) -> std::io::Result<Option<TempPath>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => {}
        // A folder in the way fails at its rename, before anything changed
        // for it; nothing to back up.
        _ => return Ok(None),
    }
    let name = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(folder(path))?
        .into_temp_path();
    std::fs::remove_file(&name)?;
    // A hard link costs nothing; file systems without them (FAT on a USB
    // stick) get a copy.
    if std::fs::hard_link(path, &name).is_err() {
        std::fs::copy(path, &name)?;
    }
    Ok(Some(name))
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Removes temporary files a killed run left behind under `dir`. Called
/// only while holding the output folder's lock, so no live run owns them.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Not through links: clearing is for this folder only.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            remove_leftovers(&path);
        } else if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_clears_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/a.docx");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let stray = dir.path().join("sub/.gen-report-x.tmp");
        std::fs::write(&stray, b"partial").unwrap();
        remove_leftovers(dir.path());
        assert!(!stray.exists());
        assert!(path.exists());
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// Fault injection: the n-th rename fails.
    fn failing_at(n: usize) -> impl FnMut(&Path, &Path) -> std::io::Result<()> {
        let mut calls = 0;
        move |from, to| {
            calls += 1;
            if calls == n {
                return Err(std::io::ErrorKind::ResourceBusy.into());
            }
            std::fs::rename(from, to)
        }
    }

    #[test]
    fn a_failed_rename_keeps_every_old_file_byte_identical() {
        let dir = tempfile::tempdir().unwrap();
        let docx = dir.path().join("a.docx");
        let pdf = dir.path().join("a.pdf");
        std::fs::write(&docx, b"old docx").unwrap();
        std::fs::write(&pdf, b"old pdf").unwrap();
        let files = [
            (docx.clone(), &b"new docx"[..]),
            (pdf.clone(), &b"new pdf"[..]),
        ];
        // The PDF's rename fails after the DOCX was already replaced.
        for n in [1, 2] {
            let e = write_all_with(&files, &mut failing_at(n)).unwrap_err();
            assert!(e.to_string().contains("：文件正被其他程序占用"), "{e}");
            assert_eq!(std::fs::read(&docx).unwrap(), b"old docx", "rename {n}");
            assert_eq!(std::fs::read(&pdf).unwrap(), b"old pdf", "rename {n}");
            assert_eq!(names(dir.path()), ["a.docx", "a.pdf"], "no temp left");
        }
        write_all(&files).unwrap();
        assert_eq!(std::fs::read(&pdf).unwrap(), b"new pdf");
        assert_eq!(names(dir.path()), ["a.docx", "a.pdf"]);
    }

    #[test]
    fn a_failed_first_write_leaves_no_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let docx = dir.path().join("a.docx");
        let pdf = dir.path().join("a.pdf");
        let files = [
            (docx.clone(), &b"new docx"[..]),
            (pdf.clone(), &b"new pdf"[..]),
        ];
        write_all_with(&files, &mut failing_at(2)).unwrap_err();
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
        // A folder where the DOCX goes: the PDF is not written either.
        std::fs::create_dir(&docx).unwrap();
        std::fs::write(docx.join("x"), b"x").unwrap();
        let e = write_all(&files).unwrap_err();
        assert!(e.to_string().contains("a.docx"), "{e}");
        assert!(!pdf.exists());
    }
}
