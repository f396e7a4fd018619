//! Atomic file writes: a temporary file in the same folder, renamed into
//! place, so a failed or killed run leaves every file either as it was or
//! complete, never half-written or empty.

use std::io::Write;
use std::path::Path;

/// Prefix of temporary files, so a later run can clear a killed run's.
const TEMP_PREFIX: &str = ".gen-report-";
const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
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
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes temporary files a killed run left behind under `dir`.
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
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
}
