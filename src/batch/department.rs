//! One department's work in a run, in two steps around the checks across
//! files (§6.6): [`prepare`] reads and hashes the file and, unless the
//! manifest says its reports are current, parses and computes it — once;
//! [`finish`] renders and writes what needs it.
//!
//! Between the two, a county run holds every computed report (small), never
//! the DOCX and PDF bytes: each department's files are written as soon as
//! they are made.

use super::manifest::{self, Manifest, Stamp, Written};
use super::{Job, Outcome, Row, Status, write_all};
use crate::cli::Options;
use crate::diag::Diagnostic;
use crate::document::Document;
use crate::load::{Identity, IndicatorCatalogue};
use crate::render::{self, Env};

/// A department after its one read (and, when needed, its one parse).
pub struct Prepared {
    /// Its 单位 and 年度, from the parse or, when unchanged, the manifest.
    pub identity: Option<Identity>,
    pub step: Step,
}

pub enum Step {
    /// Nothing left to do: unreadable, unchanged, or rejected by the
    /// checks across files.
    Done(Box<Outcome>),
    /// Parsed and computed; rendered and written in [`finish`].
    Checked(Box<Checked>),
}

pub struct Checked {
    /// SHA-256 of the file, for the manifest.
    hash: String,
    /// The file read and checked (the first half of [`render`]'s road).
    pub checked: render::Checked,
    /// The document the template probe already made from the report.
    pub doc: Option<Document>,
}

impl Step {
    /// The summary row the department will have if it renders and is
    /// written as checked (the summary pair is made from it meanwhile, and
    /// used only if every row comes out so).
    pub fn expected_row(&self, job: &Job, opts: &Options) -> Row {
        let c = match self {
            Step::Done(outcome) => return outcome.row.clone(),
            Step::Checked(c) => c,
        };
        match &c.checked.result {
            Ok(report) => {
                let mut row = Row::ok(job, report);
                if !opts.check {
                    row.hash = c.hash.clone();
                }
                row
            }
            Err(diags) => {
                let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
                    diags.iter().cloned().partition(Diagnostic::is_error);
                Row::rejected(job, opts, c.checked.identity.as_ref(), &errors)
                    .with_warnings(&warnings)
            }
        }
    }

    /// How the correction log will take it, if it goes as checked.
    pub fn log_kind(&self) -> super::log::Kind {
        match self {
            Step::Done(outcome) => outcome.log_kind(),
            Step::Checked(_) => super::log::Kind::Compared,
        }
    }

    /// Whether it is to be rendered (or, with `--check`, passed).
    pub fn renders(&self) -> bool {
        matches!(self, Step::Checked(c) if c.checked.result.is_ok())
    }
}

/// Reads and hashes one department; parses and computes it unless the
/// manifest vouches for its reports (and records its identity).
pub fn prepare(
    job: &Job,
    catalogue: &IndicatorCatalogue,
    opts: &Options,
    previous: &Manifest,
    fingerprint: &str,
) -> Prepared {
    let done = |outcome: Outcome| Prepared {
        identity: None,
        step: Step::Done(Box::new(outcome)),
    };
    let bytes = match crate::load::read(&job.input) {
        Ok(b) => b,
        Err(d) => return done(rejected(job, opts, d)),
    };
    let hash = manifest::hash_input(&bytes);
    if !opts.check
        && !opts.force
        && let Some((row, identity)) = previous.unchanged(job, &hash, fingerprint, opts)
    {
        return Prepared {
            identity,
            step: Step::Done(Box::new(Outcome {
                job: job.clone(),
                row,
                warnings: Vec::new(),
                status: Status::Unchanged,
                written: Written::default(),
                io_failure: false,
            })),
        };
    }
    let checked = render::check(&bytes, catalogue);
    Prepared {
        identity: checked.identity.clone(),
        step: Step::Checked(Box::new(Checked {
            hash,
            checked,
            doc: None,
        })),
    }
}

/// The department's outcome: rendered and written when it was checked
/// sound (only checked with `--check`).
pub fn finish(job: &Job, step: Step, env: &Env, opts: &Options) -> Outcome {
    let c = match step {
        Step::Done(outcome) => return *outcome,
        Step::Checked(c) => c,
    };
    let render::Checked {
        src,
        note,
        result,
        identity,
    } = c.checked;
    let identity = identity.as_ref();
    let report = match result {
        Ok(report) => report,
        Err(diags) => return split(job, opts, identity, diags),
    };
    if opts.check {
        return Outcome {
            job: job.clone(),
            row: Row::ok(job, &report),
            warnings: report.warnings,
            status: Status::Rendered,
            written: Written::default(),
            io_failure: false,
        };
    }
    match render::produce(report, c.doc, &src, env) {
        Ok(r) => write(job, r, c.hash, opts),
        Err(render::Failure::Data(mut diags)) => {
            diags.splice(0..0, note);
            split(job, opts, identity, diags)
        }
        Err(render::Failure::Template(e)) => {
            let d = Diagnostic::error(
                Default::default(),
                "模板出错，本单位未生成（详见运行结束时的模板错误）",
            );
            Outcome {
                job: job.clone(),
                row: Row::rejected(job, opts, identity, std::slice::from_ref(&d)),
                warnings: Vec::new(),
                status: Status::Template(e.message),
                written: Written::default(),
                io_failure: false,
            }
        }
    }
}

/// Writes a rendered department's files together, or none (one data, one
/// time).
fn write(job: &Job, r: render::Rendered, hash: String, opts: &Options) -> Outcome {
    let mut row = Row::ok(job, &r.report);
    row.hash = hash;
    let files: Vec<_> = r
        .files
        .iter()
        .map(|(f, bytes)| (job.path(opts, *f), bytes.as_slice()))
        .collect();
    if let Err(e) = write_all(&files) {
        let kept = files.iter().any(|(p, _)| p.is_file());
        let note = if kept {
            "；这个单位的旧报告保留未改动"
        } else {
            ""
        };
        let d = Diagnostic::error(
            Default::default(),
            format!("写入报告失败：{}{note}", crate::oserror::explained(&e)),
        );
        let mut outcome = rejected(job, opts, d);
        outcome.row.dept = r.report.dept.clone();
        outcome.row.year = Some(r.report.year);
        return outcome;
    }
    let written: Written = r
        .files
        .iter()
        .map(|(f, bytes)| {
            let stamp = Stamp::of(bytes).at(&job.path(opts, *f));
            (f.name().to_string(), stamp)
        })
        .collect();
    Outcome {
        job: job.clone(),
        row,
        warnings: r.report.warnings,
        status: Status::Rendered,
        written,
        io_failure: false,
    }
}

/// A department refused for one error (unreadable, or not written): not
/// its data's fault, so the correction log does not record it.
fn rejected(job: &Job, opts: &Options, d: Diagnostic) -> Outcome {
    Outcome {
        job: job.clone(),
        row: Row::rejected(job, opts, None, std::slice::from_ref(&d)),
        warnings: Vec::new(),
        status: Status::Rejected(vec![d]),
        written: Written::default(),
        io_failure: true,
    }
}

/// Separates a rejected department's errors from its warnings; its row
/// names its 单位 and 年度 where the file does (`identity`).
pub fn split(
    job: &Job,
    opts: &Options,
    identity: Option<&Identity>,
    diags: Vec<Diagnostic>,
) -> Outcome {
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
    let row = Row::rejected(job, opts, identity, &errors).with_warnings(&warnings);
    Outcome {
        job: job.clone(),
        row,
        warnings,
        status: Status::Rejected(errors),
        written: Written::default(),
        io_failure: false,
    }
}
