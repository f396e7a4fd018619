//! Running many departments: expand the paths, lock the output folder,
//! render in parallel, write each department's files all-or-nothing, skip
//! what has not changed, write the summary.
//!
//! Output follows the sorted input order, not the order in which threads
//! finish. A rejected department is recorded with its diagnostics; the
//! others still render, and its previous good report stays untouched.

mod county;
mod inputs;
mod lock;
mod manifest;
mod summary;
mod write;

pub use inputs::{Expanded, Job, expand, expand_all};
pub use summary::Row;
pub use write::{write_all, write_atomic};

use crate::cli::Options;
use crate::diag::Diagnostic;
use crate::render::{self, Env};
use crate::template::Templates;
use indicatif::{ProgressBar, ProgressStyle};
use manifest::{Manifest, Stamp, Written};
use rayon::prelude::*;
use std::fmt;
use std::io::IsTerminal;

/// A problem that stops the whole run before any department renders.
#[derive(Debug)]
pub enum RunError {
    /// The command line names something that does not exist (exit 2).
    Usage(String),
    /// Templates, fonts or the output folder are unusable (exit 1).
    Setup(String),
}

impl RunError {
    pub fn exit_status(&self) -> u8 {
        match self {
            RunError::Usage(_) => 2,
            RunError::Setup(_) => 1,
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Usage(m) | RunError::Setup(m) => f.write_str(m),
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
}

impl Summary {
    /// SPEC §5: 0 when every file rendered (warnings allowed), else 1.
    pub fn exit_status(&self) -> u8 {
        u8::from(self.rejected > 0)
    }
}

/// Runs the command: every department of `opts.paths`, then the account.
pub fn run(opts: &Options) -> Result<Summary, RunError> {
    let Expanded {
        jobs,
        skipped,
        refused,
    } = expand_all(&opts.paths).map_err(RunError::Usage)?;
    for r in &refused {
        eprintln!("警告: 跳过 {r}");
    }
    let ids = county::Identities::read(&jobs);
    let templates = Templates::open(&opts.template).map_err(|e| RunError::Usage(e.message))?;
    let fonts = if opts.pdf && !opts.check {
        Some(
            crate::layout::Fonts::discover(&opts.font_dirs)
                .map_err(|e| RunError::Setup(e.to_string()))?,
        )
    } else {
        None
    };
    let fingerprint = manifest::fingerprint(&templates, opts);
    let env = Env {
        templates,
        fonts,
        docx: opts.docx,
        pdf: opts.pdf,
    };
    let output = match opts.check {
        true => None,
        false => Some(open_output(opts)?),
    };
    let previous = if opts.check || opts.force {
        Manifest::default()
    } else {
        Manifest::read(&opts.out_dir)
    };

    let bar = progress_bar(opts, jobs.len());
    let work = |(i, job): (usize, &Job)| {
        let outcome = match ids.duplicate(&jobs, i) {
            Some(d) => split(job, opts, vec![d]),
            None => one(job, &env, opts, &previous, &fingerprint),
        };
        bar.inc(1);
        outcome
    };
    let outcomes: Vec<Outcome> = match opts.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| RunError::Setup(format!("无法启动并行处理：{e}")))?
            .install(|| jobs.par_iter().enumerate().map(work).collect()),
        None => jobs.par_iter().enumerate().map(work).collect(),
    };
    bar.finish_and_clear();
    let mut outcomes = outcomes;
    for (i, w) in ids.odd_years() {
        // An unchanged department's row comes from the manifest, warning included.
        if !outcomes[i].row.warnings.contains(&w.short()) {
            outcomes[i].row.warnings.push(w.short());
        }
        outcomes[i].warnings.push(w);
    }

    let summary = print_outcomes(&outcomes, opts);
    if let Some(output) = output {
        let mut next = previous;
        for o in &outcomes {
            if matches!(o.status, Status::Rendered) {
                next.record(&o.job, &fingerprint, &o.row, &o.written, opts);
            }
        }
        close_output(output, &outcomes, next, opts)?;
    }
    print_account(&summary, outcomes.len(), &skipped, opts);
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
        match &o.status {
            Status::Rendered => summary.rendered += 1,
            Status::Unchanged => summary.unchanged += 1,
            Status::Rejected(errors) => {
                summary.rejected += 1;
                for e in errors {
                    eprintln!("{}", e.clone().in_file(&o.job.input));
                }
            }
        }
        if !opts.quiet && !matches!(o.status, Status::Rejected(_)) {
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
    summary
}

/// The closing account of a run, and the files that were not read.
fn print_account(summary: &Summary, count: usize, skipped: &[std::path::PathBuf], opts: &Options) {
    if !opts.quiet || summary.rejected > 0 {
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
        line.push_str(&format!(
            "，未通过 {} 个，警告 {} 条",
            summary.rejected, summary.warnings
        ));
        if count > 1 && !opts.check {
            line.push_str(&format!(
                "。汇总表：{}",
                opts.out_dir.join("汇总表.xlsx").display()
            ));
        }
        eprintln!("{line}");
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
struct Output {
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
fn close_output(
    output: Output,
    outcomes: &[Outcome],
    next: Manifest,
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
    if outcomes.len() > 1 {
        let rows: Vec<&Row> = outcomes.iter().map(|o| &o.row).collect();
        summary::write(&opts.out_dir, &rows)
            .map_err(|e| RunError::Setup(format!("无法写入汇总表：{e}")))?;
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

/// Reads, checks, renders and writes one department.
fn one(job: &Job, env: &Env, opts: &Options, previous: &Manifest, fingerprint: &str) -> Outcome {
    let rejected = |d: Diagnostic| Outcome {
        job: job.clone(),
        row: Row::rejected(job, opts, std::slice::from_ref(&d)),
        warnings: Vec::new(),
        status: Status::Rejected(vec![d]),
        written: Written::default(),
    };
    let bytes = match crate::load::read(&job.input) {
        Ok(b) => b,
        Err(d) => return rejected(d),
    };
    let hash = manifest::hash_input(&bytes);
    if !opts.check
        && let Some(row) = previous.unchanged(job, &hash, fingerprint, opts)
    {
        return Outcome {
            job: job.clone(),
            row,
            warnings: Vec::new(),
            status: Status::Unchanged,
            written: Written::default(),
        };
    }
    let (src, note) = match crate::load::decode(&bytes) {
        Ok(decoded) => decoded,
        Err(d) => return rejected(d),
    };
    // "Read as GBK" leads the department's warnings, counted with them.
    let noted = |mut warnings: Vec<Diagnostic>| {
        warnings.splice(0..0, note.clone());
        warnings
    };
    if opts.check {
        return match render::check(&src, env) {
            Ok(mut report) => Outcome {
                job: job.clone(),
                row: {
                    report.warnings = noted(std::mem::take(&mut report.warnings));
                    Row::ok(job, &report)
                },
                warnings: report.warnings.clone(),
                status: Status::Rendered,
                written: Written::default(),
            },
            Err(diags) => split(job, opts, noted(diags)),
        };
    }
    match render::render(&src, env) {
        Ok(mut r) => {
            r.report.warnings = noted(std::mem::take(&mut r.report.warnings));
            let mut row = Row::ok(job, &r.report);
            row.hash = hash;
            // DOCX and PDF replaced together, or neither (one data, one time).
            let mut files = Vec::new();
            if let Some(bytes) = &r.docx {
                files.push((job.docx_path(opts), bytes.as_slice()));
            }
            if let Some(bytes) = &r.pdf {
                files.push((job.pdf_path(opts), bytes.as_slice()));
            }
            match write_all(&files) {
                Ok(()) => Outcome {
                    job: job.clone(),
                    row,
                    warnings: r.report.warnings,
                    status: Status::Rendered,
                    written: Written {
                        docx: r.docx.as_deref().map(Stamp::of),
                        pdf: r.pdf.as_deref().map(Stamp::of),
                    },
                },
                Err(e) => {
                    let kept = files.iter().any(|(p, _)| p.is_file());
                    let note = if kept {
                        "；这个单位的旧报告保留未改动"
                    } else {
                        ""
                    };
                    let d =
                        Diagnostic::error(Default::default(), format!("写入报告失败：{e}{note}"));
                    rejected(d)
                }
            }
        }
        Err(diags) => split(job, opts, noted(diags)),
    }
}

/// Separates a rejected department's errors from its warnings.
fn split(job: &Job, opts: &Options, diags: Vec<Diagnostic>) -> Outcome {
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
    let row = Row::rejected(job, opts, &errors);
    Outcome {
        job: job.clone(),
        row,
        warnings,
        status: Status::Rejected(errors),
        written: Written::default(),
    }
}
