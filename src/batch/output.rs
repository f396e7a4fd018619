//! The output folder of a writing run: created and locked before anything
//! is written into it, closed with the summary pair and the manifest.

use super::log::Log;
use super::manifest::Manifest;
use super::summary::{self, Row, Summary};
use super::{Outcome, RunError, Status, Watch, lock, write};
use crate::cli::Options;

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
    std::fs::create_dir_all(dir)
        .map_err(|e| RunError::Setup(format!("无法创建输出文件夹 {}：{e}", dir.display())))?;
    let lock = lock::OutputLock::take(dir, watch)
        .map_err(|e| RunError::Setup(format!("无法锁定输出文件夹 {}：{e}", dir.display())))?;
    write::remove_leftovers(dir);
    Ok(Output { lock, created })
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
    log.write(&opts.out_dir)
        .map_err(|e| RunError::Setup(format!("无法写入修改记录：{e}")))?;
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
            .map_err(|e| RunError::Setup(format!("无法写入汇总表：{e}")))?;
            next.record_summary(digest, stamps);
        }
    }
    if !next.is_empty() {
        next.write(&opts.out_dir)
            .map_err(|e| RunError::Setup(format!("无法写入记录文件：{e}")))?;
    }
    drop(output.lock);
    Ok(())
}
