//! The manifest: what the last run into `DIR` rendered, so the next run
//! renders only what changed (SPEC §5).
//!
//! Per department it records the SHA-256 of the input, a fingerprint of the
//! template set, tool version and formats, the summary row, and the size and
//! SHA-256 of each output file, so an unchanged department costs reading and
//! hashing its files, and a report damaged since (emptied, truncated,
//! edited) is rendered again.

use super::summary::Orphan;
use super::{Job, Row, write_atomic};
use crate::cli::Options;
use crate::template::Templates;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FILE: &str = ".gen-report-manifest.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Keyed by the output path under DIR (`乡镇/青山镇人民政府`).
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    input: String,
    /// The YAML file's absolute path, to tell a report whose YAML is gone
    /// (orphaned); absent in manifests of older versions.
    #[serde(default)]
    source: Option<PathBuf>,
    fingerprint: String,
    /// The DOCX and PDF as written; absent when not made (or recorded by
    /// an older version, which then renders again).
    #[serde(default)]
    docx: Option<Stamp>,
    #[serde(default)]
    pdf: Option<Stamp>,
    row: Row,
}

/// Size and SHA-256 of an output file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    sha256: String,
}

impl Stamp {
    pub fn of(bytes: &[u8]) -> Stamp {
        Stamp {
            size: bytes.len() as u64,
            sha256: hash_input(bytes),
        }
    }

    /// Whether the file at `path` is still exactly what was written.
    fn matches(&self, path: &Path) -> bool {
        // Size first: a truncated or emptied file costs no read.
        let same_size =
            std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == self.size);
        same_size && std::fs::read(path).is_ok_and(|b| hash_input(&b) == self.sha256)
    }
}

/// What a run wrote for one department.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub docx: Option<Stamp>,
    pub pdf: Option<Stamp>,
}

pub fn hash_input(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Template files, tool version and the options that change the output.
pub fn fingerprint(templates: &Templates, opts: &Options) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for (name, bytes) in templates.files() {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    for dir in &opts.font_dirs {
        h.update(dir.to_string_lossy().as_bytes());
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn key(job: &Job) -> String {
    job.rel.to_string_lossy().replace('\\', "/")
}

impl Manifest {
    /// The manifest of `dir`, or an empty one if absent or unreadable
    /// (then everything renders, which is always safe).
    pub fn read(dir: &Path) -> Manifest {
        std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        write_atomic(&dir.join(FILE), &json)
    }

    /// The recorded row when the department needs no rendering: same input
    /// and fingerprint, and every requested format made last time and
    /// still on disk byte for byte as written.
    pub fn unchanged(
        &self,
        job: &Job,
        hash: &str,
        fingerprint: &str,
        opts: &Options,
    ) -> Option<Row> {
        let e = self.entries.get(&key(job))?;
        let intact =
            |stamp: &Option<Stamp>, path: PathBuf| stamp.as_ref().is_some_and(|s| s.matches(&path));
        let same = e.input == hash
            && e.fingerprint == fingerprint
            && (!opts.docx || intact(&e.docx, job.docx_path(opts)))
            && (!opts.pdf || intact(&e.pdf, job.pdf_path(opts)));
        same.then(|| e.row.clone())
    }

    pub fn record(
        &mut self,
        job: &Job,
        fingerprint: &str,
        row: &Row,
        written: &Written,
        opts: &Options,
    ) {
        let k = key(job);
        // Formats made earlier for this input and still intact stay valid.
        let kept = self
            .entries
            .get(&k)
            .filter(|e| e.input == row.hash && e.fingerprint == fingerprint);
        let keep =
            |stamp: Option<&Stamp>, path: PathBuf| stamp.filter(|s| s.matches(&path)).cloned();
        let docx = written
            .docx
            .clone()
            .or_else(|| keep(kept.and_then(|e| e.docx.as_ref()), job.docx_path(opts)));
        let pdf = written
            .pdf
            .clone()
            .or_else(|| keep(kept.and_then(|e| e.pdf.as_ref()), job.pdf_path(opts)));
        self.entries.insert(
            k,
            Entry {
                source: std::path::absolute(&job.input).ok(),
                input: row.hash.clone(),
                fingerprint: fingerprint.to_string(),
                docx,
                pdf,
                row: row.clone(),
            },
        );
    }

    /// Records where an unchanged department's YAML is: an entry written
    /// by an older version has no path, so its orphan could not be told.
    pub fn locate(&mut self, job: &Job) {
        if let Some(e) = self.entries.get_mut(&key(job)) {
            e.source = std::path::absolute(&job.input).ok();
        }
    }

    /// Reports in DIR from earlier runs whose YAML no longer exists (and
    /// is not among `jobs`): listed, never deleted. An entry whose reports
    /// were deleted too is forgotten.
    pub fn orphans(&mut self, jobs: &[Job], opts: &Options) -> Vec<Orphan> {
        let mut orphans = Vec::new();
        self.entries.retain(|k, e| {
            let gone = e.source.as_ref().is_some_and(|p| !p.exists());
            if !gone || jobs.iter().any(|j| key(j) == *k) {
                return true;
            }
            let base = PathBuf::from(k.as_str());
            let reports: Vec<String> = ["docx", "pdf"]
                .into_iter()
                .map(|x| base.with_extension(x))
                .filter(|r| opts.out_dir.join(r).is_file())
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .collect();
            for report in &reports {
                orphans.push(Orphan {
                    report: report.clone(),
                    yaml: e.row.file.clone(),
                });
            }
            !reports.is_empty()
        });
        orphans
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
