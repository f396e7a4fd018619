//! Running many departments: expand the paths, render in parallel, write
//! every file atomically, skip what has not changed, write the summary.
//!
//! Output follows the sorted input order, not the order in which threads
//! finish. A rejected department is recorded with its diagnostics; the
//! others still render, and its previous good report stays untouched.

mod county;
mod inputs;
mod manifest;
mod summary;
mod write;

pub use inputs::{Expanded, Job, expand, expand_all};
pub use summary::Row;
pub use write::write_atomic;

use crate::cli::Options;
use crate::diag::Diagnostic;
use crate::render::{self, Env};
use crate::template::Templates;
use indicatif::{ProgressBar, ProgressStyle};
use manifest::Manifest;
use rayon::prelude::*;
use std::fmt;
use std::io::IsTerminal;
use std::path::Path;

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
    let Expanded { jobs, skipped } = expand_all(&opts.paths).map_err(RunError::Usage)?;
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
    if !opts.check {
        std::fs::create_dir_all(&opts.out_dir).map_err(|e| {
            RunError::Setup(format!(
                "无法创建输出文件夹 {}：{e}",
                opts.out_dir.display()
            ))
        })?;
        write::remove_leftovers(&opts.out_dir);
    }
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
    if !opts.check {
        let mut next = previous;
        for o in &outcomes {
            if matches!(o.status, Status::Rendered) {
                next.record(&o.job, &fingerprint, &o.row, opts);
            }
        }
        next.write(&opts.out_dir)
            .map_err(|e| RunError::Setup(format!("无法写入记录文件：{e}")))?;
        if outcomes.len() > 1 {
            let rows: Vec<&Row> = outcomes.iter().map(|o| &o.row).collect();
            summary::write(&opts.out_dir, &rows)
                .map_err(|e| RunError::Setup(format!("无法写入汇总表：{e}")))?;
        }
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
    };
    let bytes = match std::fs::read(&job.input) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::error(Default::default(), format!("无法读取文件：{e}"));
            return rejected(d);
        }
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
        };
    }
    let Ok(src) = String::from_utf8(bytes) else {
        let d = Diagnostic::error(Default::default(), "文件不是 UTF-8 编码")
            .hint("请用 WPS/记事本“另存为”UTF-8 编码的文本文件");
        return rejected(d);
    };
    if opts.check {
        return match render::check(&src, env) {
            Ok(report) => Outcome {
                job: job.clone(),
                row: Row::ok(job, &report),
                warnings: report.warnings.clone(),
                status: Status::Rendered,
            },
            Err(diags) => split(job, opts, diags),
        };
    }
    match render::render(&src, env) {
        Ok(r) => {
            let mut row = Row::ok(job, &r.report);
            row.hash = hash;
            let mut written = Ok(());
            if let Some(bytes) = &r.docx {
                written = written.and(write_atomic(&job.docx_path(opts), bytes));
            }
            if let Some(bytes) = &r.pdf {
                written = written.and(write_atomic(&job.pdf_path(opts), bytes));
            }
            match written {
                Ok(()) => Outcome {
                    job: job.clone(),
                    row,
                    warnings: r.report.warnings,
                    status: Status::Rendered,
                },
                Err(e) => {
                    let d = Diagnostic::error(Default::default(), format!("写入报告失败：{e}"));
                    rejected(d)
                }
            }
        }
        Err(diags) => split(job, opts, diags),
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
    }
}

/// Whether `path` exists as a file (a report from an earlier run).
fn exists(path: &Path) -> bool {
    path.is_file()
}
