//! Running many departments: expand the paths, lock the output folder,
//! render in parallel, write each department's files all-or-nothing, skip
//! what has not changed, write the summary.
//!
//! Output follows the sorted input order, not the order in which threads
//! finish. A rejected department is recorded with its diagnostics; the
//! others still render, and its previous good report stays untouched.

mod county;
mod department;
mod fonts;
mod inputs;
mod lock;
mod log;
mod manifest;
mod output;
mod phases;
mod summary;
mod write;

pub use inputs::{Expanded, Job, expand, expand_all};
pub use log::{Change, Item};
pub use phases::Pool;
pub use summary::{Orphan, Row};
pub use write::{write_all, write_atomic};

use crate::cli::Options;
use crate::diag::Diagnostic;
use crate::render::Env;
use manifest::{Manifest, Written};
use output::{close_output, open_output};
use std::fmt;
use std::path::PathBuf;
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
    /// Refused because its file could not be read or its report written,
    /// not for its data (the correction log leaves it out).
    io_failure: bool,
}

/// The counts of a run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub rendered: usize,
    pub unchanged: usize,
    pub rejected: usize,
    /// Every department's warnings, an unchanged one's recorded last time
    /// included (the workbook lists them too).
    pub warnings: usize,
    /// Departments the template failed on (a template error: exit 2).
    pub template_failed: usize,
}

impl Tally {
    fn of(outcomes: &[Outcome]) -> Tally {
        let mut t = Tally::default();
        for o in outcomes {
            t.warnings += o.warnings.len() + o.earlier_warnings().len();
            match &o.status {
                Status::Rendered => t.rendered += 1,
                Status::Unchanged => t.unchanged += 1,
                Status::Rejected(_) => t.rejected += 1,
                Status::Template(_) => t.template_failed += 1,
            }
        }
        t
    }

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

impl Outcome {
    /// How the correction log takes it.
    pub(crate) fn log_kind(&self) -> log::Kind {
        match self.status {
            Status::Rendered => log::Kind::Compared,
            Status::Rejected(_) if !self.io_failure => log::Kind::Compared,
            Status::Unchanged => log::Kind::Kept,
            Status::Rejected(_) | Status::Template(_) => log::Kind::Skipped,
        }
    }

    /// An unchanged department's warnings recorded last time that this run
    /// did not see afresh (it was not parsed): they still stand.
    pub fn earlier_warnings(&self) -> Vec<String> {
        if !matches!(self.status, Status::Unchanged) {
            return Vec::new();
        }
        let fresh: Vec<String> = self.warnings.iter().map(Diagnostic::short).collect();
        self.row
            .warning_lines()
            .into_iter()
            .filter(|w| !fresh.contains(w))
            .collect()
    }
}

/// The account of a whole run, for the caller to show: nothing in a run
/// prints (only [`Watch`] hears of it while it goes).
#[derive(Debug)]
pub struct Account {
    /// One per department, in the sorted input order.
    pub outcomes: Vec<Outcome>,
    pub tally: Tally,
    /// Paths given or found that were not read, with why.
    pub refused: Vec<String>,
    /// Files in the folders that are not department files.
    pub skipped: Vec<PathBuf>,
    /// Reports in the output folder whose YAML is gone (kept, listed).
    pub orphans: Vec<Orphan>,
    /// What the county totals leave out, when a summary was made.
    pub totals_note: Option<String>,
    /// The summary workbook, when the run has one.
    pub workbook: Option<PathBuf>,
    /// A county's workbook in the output folder that this one-department
    /// run leaves behind: it still shows the department as before.
    pub workbook_behind: Option<PathBuf>,
    /// What changed in each department since the last run into the same
    /// folder (the correction log's new entries), in input order.
    pub changes: Vec<Change>,
    /// Why the correction log starts afresh, when its file was unreadable.
    pub log_note: Option<String>,
    /// The template set used, as the run names it (`内置模板 hunan`).
    pub template: String,
}

/// Hears of a run while it goes: a progress display, and notices that
/// cannot wait for the account (a wait for another run's lock).
pub trait Watch: Sync {
    fn begin(&self, _departments: usize) {}
    fn advance(&self) {}
    fn end(&self) {}
    fn notice(&self, _message: &str) {}
}

/// A watch that hears nothing (tests, benchmarks, the fuzzer).
pub struct Unwatched;

impl Watch for Unwatched {}

/// Runs the command: every department of `opts.paths` (the phases: see
/// [`phases`]), and its account.
pub fn run(opts: &Options, watch: &dyn Watch) -> Result<Account, RunError> {
    let Expanded {
        jobs,
        skipped,
        refused,
    } = expand_all(&opts.paths).map_err(RunError::Usage)?;
    let pool = phases::Pool::new(opts.jobs)?;
    let time = log::run_time();
    // Listed, not read: a re-run with nothing changed finds no font.
    let mut fonts = fonts::RunFonts::new(opts);
    let phases::Front {
        templates,
        mut output,
        mut previous,
        fingerprint,
        font_identity,
        ids,
        mut steps,
    } = phases::front(&jobs, opts, &pool, watch, fonts.as_ref())?;
    let mut env = Env {
        templates,
        fonts: None,
        formats: opts.formats,
    };
    phases::ready(&mut steps, &mut env, &pool, fonts.as_mut())?;
    if !opts.check && output.is_none() {
        output = Some(open_output(opts, watch)?);
        // Empty unless another run made the folder meanwhile: then its
        // entries are kept (this run rendered everything anyway).
        previous = Manifest::read(&opts.out_dir);
    }
    // Read under the folder's lock, like the manifest.
    let last_log = match output {
        Some(_) => log::Log::read(&opts.out_dir),
        None => log::Log::default(),
    };
    let orphans = previous.orphans(&jobs, opts);
    let template = env.templates.origin().to_string();
    let ahead = phases::summary_ahead(
        &jobs,
        &steps,
        &ids,
        opts,
        output.is_some(),
        &previous,
        (&orphans, &last_log, &time, &template),
    );
    watch.begin(jobs.len());
    let (mut outcomes, made) =
        phases::finish(&jobs, steps, &env, opts, &pool, watch, (ahead, &orphans));
    watch.end();
    for (i, w) in ids.odd_years() {
        outcomes[i].row.note(&w);
        let warnings = &mut outcomes[i].warnings;
        let at = warnings.partition_point(|x| x.pos.line <= w.pos.line);
        warnings.insert(at, w);
    }
    let mut changes = Vec::new();
    let log_note = last_log.note();
    if let Some(output) = output {
        let seen: Vec<_> = outcomes
            .iter()
            .map(|o| (manifest::key(&o.job), &o.row, o.log_kind()))
            .collect();
        let (next_log, found) = last_log.next(&seen, &time);
        changes = found;
        let mut next = recorded(previous, &outcomes, &fingerprint, &ids, opts);
        if let (Some(f), Some(identity)) = (&fonts, &font_identity) {
            next.record_fonts(f.files(), identity);
        }
        let summary = (&orphans[..], &next_log, template.as_str());
        close_output(output, &outcomes, summary, next, made, opts)?;
    }
    let county = outcomes.len() > 1 && !opts.check;
    let workbook_behind = workbook_behind(&outcomes, opts);
    let rows: Vec<&Row> = outcomes.iter().map(|o| &o.row).collect();
    Ok(Account {
        template,
        tally: Tally::of(&outcomes),
        totals_note: county.then(|| totals_note(&rows)).flatten(),
        workbook: county.then(|| opts.out_dir.join(summary::XLSX)),
        workbook_behind,
        outcomes,
        refused,
        skipped,
        orphans,
        changes,
        log_note,
    })
}

/// A county's workbook in the output folder that this one-department run
/// leaves behind (it renders no summary), when the department changed.
fn workbook_behind(outcomes: &[Outcome], opts: &Options) -> Option<PathBuf> {
    match outcomes {
        [one] if !opts.check && !matches!(one.status, Status::Unchanged) => {
            Some(opts.out_dir.join(summary::XLSX)).filter(|p| p.is_file())
        }
        _ => None,
    }
}

/// The manifest after this run: what each rendered department wrote, and
/// where each unchanged one's YAML is.
fn recorded(
    mut next: Manifest,
    outcomes: &[Outcome],
    fingerprint: &str,
    ids: &county::Identities,
    opts: &Options,
) -> Manifest {
    for (i, o) in outcomes.iter().enumerate() {
        match o.status {
            Status::Rendered => {
                next.record(&o.job, fingerprint, &o.row, &o.written, ids.get(i), opts)
            }
            Status::Unchanged => next.locate(&o.job),
            _ => {}
        }
    }
    next
}
