//! Running many departments: expand the paths, lock the output folder,
//! render in parallel, write each department's files all-or-nothing, skip
//! what has not changed, write the summary.
//!
//! Output follows the sorted input order, not the order in which threads
//! finish. A rejected department is recorded with its diagnostics; the
//! others still render, and its previous good report stays untouched.

mod county;
mod department;
mod inputs;
mod lock;
mod manifest;
mod phases;
mod summary;
mod write;

pub use inputs::{Expanded, Job, expand, expand_all};
pub use summary::Row;
pub use write::{write_all, write_atomic};

use crate::cli::Options;
use crate::diag::Diagnostic;
use crate::render::Env;
use department::Step;
use indicatif::{ProgressBar, ProgressStyle};
use manifest::{Manifest, Written};
use std::fmt;
use std::io::IsTerminal;
use summary::totals_note;

/// A problem that stops the whole run before any department renders.
#[derive(Debug)]
pub enum RunError {
    /// The command line names something that does not exist (exit 2).
    Usage(String),
    /// Templates, fonts or the output folder are unusable (exit 1).
    Setup(String),
    /// The template set (a county's edited copy) does not compile or fails
    /// on a department's report: one error for the run, not one rejected
    /// department per file (exit 2, like any wrong `--template`).
    Template(String),
}

impl RunError {
    pub fn exit_status(&self) -> u8 {
        match self {
            RunError::Usage(_) | RunError::Template(_) => 2,
            RunError::Setup(_) => 1,
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Usage(m) | RunError::Setup(m) => f.write_str(m),
            RunError::Template(m) => write!(
                f,
                "{m}\n    提示: 这是模板的问题，不是各单位数据的问题，没有生成任何报告；请改正模板后重新运行，或去掉 --template 改用内置模板"
            ),
        }
    }
}

/// What happened to one department.
#[derive(Debug)]
pub enum Status {
    /// Rendered and written (or only checked, with `--check`).
    Rendered,
    /// Same input, template and tool version as last time: files kept.
    Unchanged,
    /// Errors in the data: nothing written.
    Rejected(Vec<Diagnostic>),
    /// The template failed on this department's report: nothing written;
    /// reported once per distinct message for the whole run.
    Template(String),
}

/// One department's outcome: its summary row, warnings and status.
#[derive(Debug)]
pub struct Outcome {
    pub job: Job,
    pub row: Row,
    pub warnings: Vec<Diagnostic>,
    pub status: Status,
    /// The files written (for the manifest).
    written: Written,
}

/// The account of a whole run.
#[derive(Debug, Default)]
pub struct Summary {
    pub rendered: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub warnings: usize,
    /// Departments the template failed on (a template error: exit 2).
    pub template_failed: usize,
}

impl Summary {
    /// contract §5: 0 when every file rendered (warnings allowed), 1 when a
    /// file was rejected, 2 when the template (part of the command) failed.
    pub fn exit_status(&self) -> u8 {
        if self.template_failed > 0 {
            2
        } else {
            u8::from(self.rejected > 0)
        }
    }
}

/// Runs the command: every department of `opts.paths`, then the account
/// (the phases: see [`phases`]).
pub fn run(opts: &Options) -> Result<Summary, RunError> {
    let Expanded {
        jobs,
        skipped,
        refused,
    } = expand_all(&opts.paths).map_err(RunError::Usage)?;
    for r in &refused {
        eprintln!("警告: 跳过 {r}");
    }
    let pool = phases::Pool::new(opts)?;
    // An officer's single department: its fonts are found on the other
    // thread while the template compiles and the file is read, instead of
    // after (a county run finds them only once it knows something renders).
    let early_fonts = opts.pdf && !opts.check && jobs.len() == 1;
    let (front, fonts) = pool.run(|| {
        rayon::join(
            || phases::front(&jobs, opts, &pool),
            || early_fonts.then(|| crate::layout::Fonts::discover(&opts.font_dirs)),
        )
    });
    let phases::Front {
        templates,
        mut output,
        mut previous,
        fingerprint,
        ids,
        mut steps,
    } = front?;
    let bar = progress_bar(opts, jobs.len());
    let mut env = Env {
        templates,
        fonts: None,
        docx: opts.docx,
        pdf: opts.pdf,
    };
    // Found early but needed only if the department renders: an unchanged
    // one is reported as such even when its fonts are gone since.
    if let Some(fonts) = fonts
        && steps.iter().any(Step::renders)
    {
        env.fonts = Some(fonts.map_err(|e| RunError::Setup(e.to_string()))?);
    }
    phases::ready(&mut steps, &mut env, opts, &pool)?;
    if !opts.check && output.is_none() {
        output = Some(open_output(opts)?);
        // Empty unless another run made the folder meanwhile: then its
        // entries are kept (this run rendered everything anyway).
        previous = Manifest::read(&opts.out_dir);
    }
    let orphans = previous.orphans(&jobs, opts);
    // The summary pair is made while the departments render, from the rows
    // they should have, when something renders and the pair would change.
    let expected = (output.is_some() && jobs.len() > 1 && steps.iter().any(Step::renders))
        .then(|| phases::expected_rows(&jobs, &steps, &ids, opts));
    let expected: Option<Vec<&Row>> = expected.as_ref().map(|rows| rows.iter().collect());
    let ahead = expected.as_deref().filter(|rows| {
        let digest = summary::digest(rows, &orphans);
        !digest.is_some_and(|d| previous.summary_current(&opts.out_dir, &d))
    });
    let (mut outcomes, made) = phases::finish(
        &jobs,
        steps,
        &env,
        opts,
        &pool,
        &bar,
        ahead.map(|rows| (rows, orphans.as_slice())),
    );
    bar.finish_and_clear();
    for (i, w) in ids.odd_years() {
        outcomes[i].row.note(w.short());
        outcomes[i].warnings.push(w);
    }

    let summary = print_outcomes(&outcomes, opts);
    if let Some(output) = output {
        let mut next = previous;
        for (i, o) in outcomes.iter().enumerate() {
            match o.status {
                Status::Rendered => {
                    next.record(&o.job, &fingerprint, &o.row, &o.written, ids.get(i), opts)
                }
                Status::Unchanged => next.locate(&o.job),
                _ => {}
            }
        }
        close_output(output, &outcomes, &orphans, next, made, opts)?;
    }
    let rows: Vec<&Row> = outcomes.iter().map(|o| &o.row).collect();
    let note = (rows.len() > 1 && !opts.check)
        .then(|| totals_note(&rows))
        .flatten();
    print_account(&summary, outcomes.len(), note, &skipped, opts);
    if !orphans.is_empty() {
        let names: Vec<&str> = orphans.iter().map(|o| o.report.as_str()).collect();
        eprintln!(
            "注意: 输出文件夹中有 {} 份报告的 YAML 文件已不存在（报告保留未删除）：{}",
            names.len(),
            names.join("、")
        );
    }
    // The process ends right after this run (main calls it once): the
    // fonts and templates are left to the OS. Unmapping the font files
    // and freeing the templates one by one took 1.5 ms of a 25 ms run.
    std::mem::forget(env);
    Ok(summary)
}

/// Prints every department's warnings, errors and result; counts them.
fn print_outcomes(outcomes: &[Outcome], opts: &Options) -> Summary {
    let mut summary = Summary::default();
    for o in outcomes {
        summary.warnings += o.warnings.len();
        for w in &o.warnings {
            eprintln!("{}", w.clone().in_file(&o.job.input));
        }
        if matches!(o.status, Status::Unchanged) {
            // Its warnings still stand (the workbook lists them): the ones
            // recorded last time, shown and counted like fresh ones.
            let fresh: Vec<String> = o.warnings.iter().map(Diagnostic::short).collect();
            for w in o.row.warnings.iter().filter(|w| !fresh.contains(w)) {
                summary.warnings += 1;
                eprintln!("{}: 警告（上次生成时）: {w}", o.job.input.display());
            }
        }
        match &o.status {
            Status::Rendered => summary.rendered += 1,
            Status::Unchanged => summary.unchanged += 1,
            Status::Rejected(errors) => {
                summary.rejected += 1;
                for e in errors {
                    eprintln!("{}", e.clone().in_file(&o.job.input));
                }
            }
            Status::Template(_) => summary.template_failed += 1,
        }
        if !opts.quiet && matches!(o.status, Status::Rendered | Status::Unchanged) {
            let verb = match (&o.status, opts.check) {
                (Status::Unchanged, _) => "未变化，保留",
                (_, true) => "检查通过",
                _ => "已生成",
            };
            let files = o.job.outputs(opts);
            let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
            if opts.check {
                eprintln!("{verb}: {}", o.job.input.display());
            } else {
                eprintln!("{verb}: {}", names.join("、"));
            }
        }
    }
    print_template_failures(outcomes);
    summary
}

/// Each distinct template error once, with the departments it stopped.
fn print_template_failures(outcomes: &[Outcome]) {
    let mut failures: Vec<(&str, Vec<String>)> = Vec::new();
    for o in outcomes {
        let Status::Template(message) = &o.status else {
            continue;
        };
        let name = o.job.display_name();
        match failures.iter_mut().find(|(m, _)| m == message) {
            Some((_, names)) => names.push(name),
            None => failures.push((message, vec![name])),
        }
    }
    for (message, names) in failures {
        eprintln!(
            "gen-report: 错误: {message}\n    涉及 {} 个单位（未生成）：{}\n    提示: 这是模板的问题，不是这些单位数据的问题；请改正模板后重新运行",
            names.len(),
            names.join("、")
        );
    }
}

/// The closing account of a run, and the files that were not read.
fn print_account(
    summary: &Summary,
    count: usize,
    totals_note: Option<String>,
    skipped: &[std::path::PathBuf],
    opts: &Options,
) {
    if !opts.quiet || summary.rejected > 0 || summary.template_failed > 0 {
        let mut line = format!(
            "共 {} 个单位：{} {} 个",
            count,
            if opts.check {
                "检查通过"
            } else {
                "已生成"
            },
            summary.rendered
        );
        if summary.unchanged > 0 {
            line.push_str(&format!("，未变化 {} 个", summary.unchanged));
        }
        line.push_str(&format!("，未通过 {} 个", summary.rejected));
        if summary.template_failed > 0 {
            line.push_str(&format!("，模板出错 {} 个", summary.template_failed));
        }
        line.push_str(&format!("，警告 {} 条", summary.warnings));
        if count > 1 && !opts.check {
            line.push_str(&format!(
                "。汇总表：{}",
                opts.out_dir.join("汇总表.xlsx").display()
            ));
        }
        eprintln!("{line}");
        if let Some(note) = totals_note {
            eprintln!("注意: {note}");
        }
    }
    if !skipped.is_empty() {
        let names: Vec<String> = skipped.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "未读取的文件 {} 个（只读取 .yaml、.yml 和 .yaml.txt）：{}",
            names.len(),
            names.join("、")
        );
    }
}

/// The output folder of a writing run, locked.
pub struct Output {
    lock: lock::OutputLock,
    /// This run created the folder (it did not exist before).
    created: bool,
}

/// Creates and locks the output folder, then clears a killed run's
/// temporary files (under the lock, no live run owns any).
fn open_output(opts: &Options) -> Result<Output, RunError> {
    let dir = &opts.out_dir;
    let created = !dir.exists();
    std::fs::create_dir_all(dir)
        .map_err(|e| RunError::Setup(format!("无法创建输出文件夹 {}：{e}", dir.display())))?;
    let lock = lock::OutputLock::take(dir)
        .map_err(|e| RunError::Setup(format!("无法锁定输出文件夹 {}：{e}", dir.display())))?;
    write::remove_leftovers(dir);
    Ok(Output { lock, created })
}

/// Writes the summary pair and the manifest, then releases the folder. One
/// rejected file into a folder this run created leaves no trace at all.
/// `made`: the summary pair made while the departments rendered, from the
/// rows expected; used only if the rows came out as expected.
fn close_output(
    output: Output,
    outcomes: &[Outcome],
    orphans: &[summary::Orphan],
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
    // The summary before the manifest: a run killed in between leaves a
    // manifest that renders again, never one that lies.
    // Left as it is only when it would be written byte for byte the same
    // and is still exactly as written (never stale, never missing).
    if outcomes.len() > 1 {
        let rows: Vec<&Row> = outcomes.iter().map(|o| &o.row).collect();
        let digest = summary::digest(&rows, orphans);
        let current = digest
            .as_ref()
            .is_some_and(|d| next.summary_current(&opts.out_dir, d));
        if !current {
            let stamps = match made.filter(|m| Some(&m.digest) == digest.as_ref()) {
                Some(made) => summary::write_made(&opts.out_dir, &made),
                None => summary::write(&opts.out_dir, &rows, orphans),
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

fn progress_bar(opts: &Options, len: usize) -> ProgressBar {
    if opts.quiet || len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 个单位 {elapsed}") {
        bar.set_style(style);
    }
    bar
}
