//! The output folder of a writing run: created and locked before anything
//! is written into it, closed with the summary pair and the manifest.

use super::log::Log;
use super::manifest::Manifest;
use super::summary::{self, Row, Summary};
use super::{Outcome, RunError, Status, Watch, lock, write};
use crate::cli::Options;
use std::io::ErrorKind;

/// The output folder of a writing run, locked.
pub struct Output {
    lock: lock::OutputLock,
    /// This run created the folder (it did not exist before).
    created: bool,
}

/// Creates and locks the output folder, then clears a killed run's
/// temporary files (under the lock, no live run owns any).
pub fn open_output(opts: &Options, watch: &dyn Watch) -> Result<Output, RunError> {
    let dir = &opts.out_dir;
    let created = !dir.exists();
    let shown = dir.display();
    std::fs::create_dir_all(dir)
        .map_err(|e| unusable(format!("无法创建输出文件夹 {shown}"), &e))?;
    let lock = lock::OutputLock::take(dir, watch)
        .map_err(|e| unusable(format!("无法在输出文件夹 {shown} 中写入"), &e))?;
    write::remove_leftovers(dir);
    Ok(Output { lock, created })
}

/// The output folder cannot be made or written: the path, what happened
/// and what to do, in Chinese. A file where the folder should be is a
/// mistake in the command (`-o`): exit 2.
fn unusable(doing: String, e: &std::io::Error) -> RunError {
    let shown = format!("{doing}：{}", crate::oserror::text(e));
    match e.kind() {
        ErrorKind::AlreadyExists | ErrorKind::NotADirectory => RunError::Usage(format!(
            "{shown}。请用 -o 指定另一个文件夹，或把这个文件改名、移走"
        )),
        ErrorKind::StorageFull => RunError::Setup(format!(
            "{shown}。请清理磁盘空间，或用 -o 指定另一个磁盘上的文件夹"
        )),
        _ => RunError::Setup(format!("{shown}。请用 -o 指定另一个可以写入的文件夹")),
    }
}

/// Writes the summary pair and the manifest, then releases the folder. One
/// rejected file into a folder this run created leaves no trace at all.
/// `made`: the summary pair made while the departments rendered, from the
/// rows expected; used only if the rows came out as expected.
pub fn close_output(
    output: Output,
    outcomes: &[Outcome],
    (orphans, log, template): (&[summary::Orphan], &Log, &str),
    mut next: Manifest,
    made: Option<summary::Made>,
    opts: &Options,
) -> Result<(), RunError> {
    let nothing_made = !outcomes
        .iter()
        .any(|o| matches!(o.status, Status::Rendered));
    if output.created && outcomes.len() == 1 && nothing_made {
        output.lock.remove();
        let _ = std::fs::remove_dir(&opts.out_dir);
        return Ok(());
    }
    // The log first: every report it compares is written by now. Then the
    // summary (which shows the log), then the manifest: a run killed in
    // between leaves a manifest that renders again, never one that lies.
    log.write(&opts.out_dir).map_err(|e| {
        RunError::Setup(format!(
            "无法写入修改记录：{}",
            crate::oserror::explained(&e)
        ))
    })?;
    // Left as it is only when it would be written byte for byte the same
    // and is still exactly as written (never stale, never missing).
    if outcomes.len() > 1 {
        let rows: Vec<&Row> = outcomes.iter().map(|o| &o.row).collect();
        let shown = Summary {
            rows: &rows,
            orphans,
            log: &log.entries,
            template,
        };
        let digest = summary::digest(shown);
        let current = digest
            .as_ref()
            .is_some_and(|d| next.summary_current(&opts.out_dir, d));
        if !current {
            let stamps = match made.filter(|m| Some(&m.digest) == digest.as_ref()) {
                Some(made) => summary::write_made(&opts.out_dir, &made),
                None => summary::write(&opts.out_dir, shown),
            }
            .map_err(|e| {
                RunError::Setup(format!("无法写入汇总表：{}", crate::oserror::explained(&e)))
            })?;
            next.record_summary(digest, stamps);
        }
    }
    if !next.is_empty() {
        next.write(&opts.out_dir).map_err(|e| {
            RunError::Setup(format!(
                "无法写入记录文件：{}",
                crate::oserror::explained(&e)
            ))
        })?;
    }
    drop(output.lock);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A read-only disk (a CD, a write-protected stick) as the system
    /// reports it: in Chinese, with the folder and what to do.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_read_only_output_folder_reads_in_chinese() {
        let e = std::io::Error::from_raw_os_error(30);
        let m = unusable("无法在输出文件夹 光盘/报告 中写入".into(), &e).to_string();
        assert_eq!(
            m,
            "无法在输出文件夹 光盘/报告 中写入：磁盘是只读的（如光盘、写保护的 U 盘、只读的共享文件夹）。\
             请用 -o 指定另一个可以写入的文件夹"
        );
        let e = std::io::Error::from_raw_os_error(28);
        let m = unusable("无法创建输出文件夹 报告".into(), &e).to_string();
        assert!(m.contains("磁盘空间不足") && m.contains("-o"), "{m}");
    }
}
