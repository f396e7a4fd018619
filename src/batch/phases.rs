//! The phases of a run between reading the command line and the account:
//! every file read, hashed and (unless unchanged) parsed and computed, in
//! parallel; the checks across files (§6.6) over what each file says about
//! itself; the template probe and the fonts; then, in parallel, each
//! department that needs it rendered and written.
//!
//! Work that does not depend on each other runs side by side on the two
//! threads a county machine has: compiling the templates and reading the
//! manifest; probing the template and finding the fonts.

use super::county::Identities;
use super::department::{self, Prepared, Step};
use super::fonts::RunFonts;
use super::log::{Entry, Log};
use super::manifest::{self, Manifest};
use super::output::{Output, open_output};
use super::summary::{self, Orphan, Summary};
use super::{Job, Outcome, Row, RunError, Watch};
use crate::cli::Options;
use crate::render::Env;
use crate::template::{Sources, Templates};
use rayon::prelude::*;

/// The worker threads: as many as `--jobs` asks, else one per core.
pub struct Pool(rayon::ThreadPool);

/// A worker's stack: the main thread's 8 MiB rather than rayon's 2 MiB,
/// since the YAML of a department is parsed on a worker and the parser
/// recurses once per level up to its limit (in a debug build 70 levels of
/// indentation overflowed 2 MiB before the limit spoke).
const STACK_BYTES: usize = 8 << 20;

impl Pool {
    /// `jobs` threads, or one per core.
    pub fn new(jobs: Option<usize>) -> Result<Pool, RunError> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .stack_size(STACK_BYTES)
            .build()
            .map(Pool)
            // Its error is English, and says no more than this.
            .map_err(|_| {
                RunError::Setup(
                    "无法启动并行处理：系统资源不足。请把 -j 改小，或不写 -j".to_string(),
                )
            })
    }

    pub fn run<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.0.install(f)
    }
}

/// The output folder as the run starts: locked with its manifest when it
/// exists (before its reports are compared with it); a new one is created
/// only once the template has proved sound, so a broken one leaves no
/// folder behind.
pub struct Start {
    /// Read, not yet compiled: departments load against its catalogue
    /// while it compiles (see [`prepare`]).
    pub sources: Sources,
    pub output: Option<Output>,
    /// Read with --force too: it still knows the reports of YAML files
    /// that are gone (orphans); --force only stops it calling any unchanged.
    pub previous: Manifest,
}

/// Reads the template set while the output folder is locked and its
/// manifest read.
pub fn start(opts: &Options, pool: &Pool, watch: &dyn Watch) -> Result<Start, RunError> {
    let existing = || -> Result<_, RunError> {
        if opts.check || !opts.out_dir.is_dir() {
            return Ok((None, Manifest::default()));
        }
        let output = open_output(opts, watch)?;
        Ok((Some(output), Manifest::read(&opts.out_dir)))
    };
    let (sources, existing) = pool.run(|| rayon::join(|| Sources::open(&opts.template), existing));
    let sources = sources.map_err(|e| RunError::Template(e.message))?;
    let (output, previous) = existing?;
    Ok(Start {
        sources,
        output,
        previous,
    })
}

/// What a run knows once every department is read: the compiled
/// templates, the output folder and its manifest, and each department's
/// identity and next step.
pub struct Front {
    pub templates: Templates,
    pub output: Option<Output>,
    pub previous: Manifest,
    pub fingerprint: String,
    /// The identity of the fonts, when the run draws PDFs.
    pub font_identity: Option<String>,
    pub ids: Identities,
    pub steps: Vec<Step>,
}

/// [`start`], then [`prepare`]. An officer's single department has its
/// fonts found meanwhile on the other thread, instead of after (a county
/// run finds them only once it knows something renders, or when its font
/// files are not listed as the manifest recorded them).
pub fn front(
    jobs: &[Job],
    opts: &Options,
    pool: &Pool,
    watch: &dyn Watch,
    fonts: Option<&RunFonts>,
) -> Result<Front, RunError> {
    let early = fonts.filter(|_| jobs.len() == 1);
    let (front, ()) = pool.run(|| {
        rayon::join(
            || front_only(jobs, opts, pool, watch, fonts),
            || {
                if let Some(f) = early {
                    let _ = f.found();
                }
            },
        )
    });
    front
}

fn front_only(
    jobs: &[Job],
    opts: &Options,
    pool: &Pool,
    watch: &dyn Watch,
    fonts: Option<&RunFonts>,
) -> Result<Front, RunError> {
    let Start {
        sources,
        output,
        previous,
    } = start(opts, pool, watch)?;
    let font_identity = fonts.map(|f| f.identity(&previous));
    let fingerprint = super::manifest::fingerprint(sources.files(), font_identity.as_deref());
    let (templates, ids, steps) = prepare(jobs, sources, opts, &previous, &fingerprint, pool)?;
    Ok(Front {
        templates,
        output,
        previous,
        fingerprint,
        font_identity,
        ids,
        steps,
    })
}

/// Phases 1 and 2: each department read once (parsed once when changed),
/// then the checks across files; a duplicate is rejected there. The
/// templates compile meanwhile, as one more task of the pool.
pub fn prepare(
    jobs: &[Job],
    sources: Sources,
    opts: &Options,
    previous: &Manifest,
    fingerprint: &str,
    pool: &Pool,
) -> Result<(Templates, Identities, Vec<Step>), RunError> {
    let catalogue = sources.catalogue().clone();
    let (templates, prepared): (_, Vec<Prepared>) = pool.run(|| {
        rayon::join(
            || sources.compile(),
            || {
                jobs.par_iter()
                    .map(|job| department::prepare(job, &catalogue, opts, previous, fingerprint))
                    .collect()
            },
        )
    });
    let templates = templates.map_err(|e| RunError::Template(e.message))?;
    let (ids, mut steps): (Vec<_>, Vec<_>) =
        prepared.into_iter().map(|p| (p.identity, p.step)).unzip();
    let ids = Identities::new(ids);
    for (i, step) in steps.iter_mut().enumerate() {
        if let Some(d) = ids.duplicate(jobs, i) {
            let outcome = department::split(&jobs[i], opts, ids.get(i), vec![d]);
            *step = Step::Done(Box::new(outcome));
        }
    }
    Ok((templates, ids, steps))
}

/// Before anything renders: the template probed (a county run) while the
/// fonts are found (only when a PDF is to be made: a re-run with nothing
/// changed makes none, and finding them parses the system's fonts).
pub fn ready(
    steps: &mut [Step],
    env: &mut Env,
    pool: &Pool,
    fonts: Option<&mut RunFonts>,
) -> Result<(), RunError> {
    let fonts = fonts.filter(|_| steps.iter().any(Step::renders));
    // One department reports a template error itself, in its own words.
    let probe = steps.len() > 1;
    let shared: &Env = env;
    let finding = fonts.as_deref();
    let (probed, ()) = pool.run(|| {
        rayon::join(
            || match probe {
                true => probe_template(steps, shared),
                false => Ok(()),
            },
            || {
                if let Some(f) = finding {
                    let _ = f.found();
                }
            },
        )
    });
    probed?;
    if let Some(fonts) = fonts {
        env.fonts = Some(fonts.take().map_err(|e| RunError::Setup(e.to_string()))?);
    }
    Ok(())
}

/// Renders the template against the first department whose data is
/// sound, before any department is rendered or a new output folder made:
/// a broken county template is then one error (exit 2), not N rejected
/// departments. Compile errors were already caught when it was opened.
/// The document made is kept for that department's own rendering.
fn probe_template(steps: &mut [Step], env: &Env) -> Result<(), RunError> {
    let sound = steps.iter_mut().find_map(|s| match s {
        Step::Checked(c) if c.checked.result.is_ok() => Some(c),
        _ => None,
    });
    // No sound department: their data errors are what to report.
    let Some(checked) = sound else {
        return Ok(());
    };
    if let Ok(report) = &checked.checked.result {
        let doc = env
            .templates
            .render(report)
            .map_err(|e| RunError::Template(e.message))?;
        checked.doc = Some(doc);
    }
    Ok(())
}

/// The summary rows and the correction log's entries a run expects.
pub type Expected = (Vec<Row>, Vec<Entry>);

/// What the summary pair is made from while the departments render: the
/// rows and the correction log's entries expected. Made when the run
/// writes into a folder, several departments and something renders, and
/// the pair would change.
pub fn summary_ahead(
    jobs: &[Job],
    steps: &[Step],
    ids: &Identities,
    opts: &Options,
    writing: bool,
    previous: &Manifest,
    (orphans, log, time, template): (&[Orphan], &Log, &str, &str),
) -> Option<Expected> {
    if !writing || jobs.len() < 2 || !steps.iter().any(Step::renders) {
        return None;
    }
    let rows = expected_rows(jobs, steps, ids, opts);
    let seen: Vec<_> = rows
        .iter()
        .zip(steps.iter().zip(jobs))
        .map(|(row, (step, job))| (manifest::key(job), row, step.log_kind()))
        .collect();
    let entries = log.next(&seen, time).0.entries;
    let refs: Vec<&Row> = rows.iter().collect();
    let digest = summary::digest(Summary {
        rows: &refs,
        orphans,
        log: &entries,
        template,
    });
    let current = digest.is_some_and(|d| previous.summary_current(&opts.out_dir, &d));
    (!current).then_some((rows, entries))
}

/// The summary rows the departments will have if each renders and is
/// written as checked, odd 年度 noted as after phase 3.
fn expected_rows(jobs: &[Job], steps: &[Step], ids: &Identities, opts: &Options) -> Vec<Row> {
    let mut rows: Vec<Row> = steps
        .iter()
        .zip(jobs)
        .map(|(step, job)| step.expected_row(job, opts))
        .collect();
    for (i, w) in ids.odd_years() {
        rows[i].note(&w);
    }
    rows
}

/// Phase 3: each department rendered and written as it comes (its bytes
/// dropped once written), in the input order. Beside it, when given the
/// rows expected, the summary pair is made (a thread otherwise idle while
/// one corrected department renders).
pub fn finish(
    jobs: &[Job],
    steps: Vec<Step>,
    env: &Env,
    opts: &Options,
    pool: &Pool,
    watch: &dyn Watch,
    ahead: (Option<Expected>, &[Orphan]),
) -> (Vec<Outcome>, Option<summary::Made>) {
    let departments = || {
        steps
            .into_par_iter()
            .zip(jobs.par_iter())
            .map(|(step, job)| {
                let outcome = department::finish(job, step, env, opts);
                watch.advance();
                outcome
            })
            .collect()
    };
    let (expected, orphans) = ahead;
    let template = env.templates.origin().to_string();
    let made = || {
        let (rows, log) = expected.as_ref()?;
        let rows: Vec<&Row> = rows.iter().collect();
        summary::make(Summary {
            rows: &rows,
            orphans,
            log,
            template: &template,
        })
    };
    pool.run(|| rayon::join(departments, made))
}
