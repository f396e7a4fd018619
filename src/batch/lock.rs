//! One run at a time per output folder.
//!
//! Two runs into one folder would interleave their reports and leave the
//! manifest of whichever ended last, so a later run would call stale reports
//! unchanged. A run therefore holds an OS advisory lock (flock on Unix,
//! LockFileEx on Windows, through std's `File::lock`, stable since Rust 1.89,
//! so no crate is needed) on `DIR/.gen-report.lock` from before it reads the
//! manifest until after it writes it. A second run waits, saying so. The
//! lock dies with its process, so a killed run never blocks the next one.
//! A file system without locks (some network shares) gets a warning and an
//! unlocked run rather than no run at all.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

const FILE: &str = ".gen-report.lock";

/// The held lock; released when dropped.
pub struct OutputLock {
    /// `None` where the file system has no locks (some network shares):
    /// the run goes on unlocked, with a warning.
    file: Option<File>,
    path: PathBuf,
}

impl OutputLock {
    /// Takes the lock of `dir`, waiting for another run to finish.
    pub fn take(dir: &Path, watch: &dyn super::Watch) -> std::io::Result<OutputLock> {
        let path = dir.join(FILE);
        let mut told = false;
        loop {
            // Again on every round: the run waited for may have removed an
            // empty folder it had created.
            std::fs::create_dir_all(dir)?;
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !told {
                        watch.notice(&format!(
                            "输出文件夹 {} 正被另一个 gen-report 使用，等它结束后继续……",
                            dir.display()
                        ));
                        told = true;
                    }
                    file.lock()?;
                }
                Err(TryLockError::Error(e)) => {
                    watch.notice(&format!(
                        "警告: 无法锁定输出文件夹 {}（{}），本次不加锁运行；\
                         请确保没有另一个 gen-report 同时写这个文件夹",
                        dir.display(),
                        crate::oserror::text(&e)
                    ));
                    return Ok(OutputLock { file: None, path });
                }
            }
            // The run we waited for may have removed the folder's lock file
            // (its folder held nothing else); then lock the new one.
            if same_file(&file, &path) {
                return Ok(OutputLock {
                    file: Some(file),
                    path,
                });
            }
        }
    }

    /// Releases the lock and deletes its file, for a run that leaves the
    /// folder as it found it (nothing written into a new folder).
    pub fn remove(self) {
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.path);
        }
        drop(self.file);
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    // Windows cannot delete a file another process holds open, so the
    // lock file cannot have been replaced under us.
    path.exists()
}
