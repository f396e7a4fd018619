//! The manifest: what the last run into `DIR` rendered, so the next run
//! renders only what changed (SPEC §5).
//!
//! Per department it records the SHA-256 of the input, a fingerprint of the
//! template set, tool version and formats, and the summary row, so an
//! unchanged department costs one file read and one hash.

use super::{Job, Row, write_atomic};
use crate::cli::Options;
use crate::template::Templates;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

const FILE: &str = ".gen-report-manifest.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Keyed by the output path under DIR (`乡镇/青山镇人民政府`).
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    input: String,
    fingerprint: String,
    docx: bool,
    pdf: bool,
    row: Row,
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
    /// and fingerprint, every requested format made last time, and the
    /// files still there.
    pub fn unchanged(
        &self,
        job: &Job,
        hash: &str,
        fingerprint: &str,
        opts: &Options,
    ) -> Option<Row> {
        let e = self.entries.get(&key(job))?;
        let same = e.input == hash
            && e.fingerprint == fingerprint
            && (e.docx || !opts.docx)
            && (e.pdf || !opts.pdf)
            && job.outputs(opts).iter().all(|p| super::exists(p));
        same.then(|| e.row.clone())
    }

    pub fn record(&mut self, job: &Job, fingerprint: &str, row: &Row, opts: &Options) {
        let k = key(job);
        // Formats made earlier and still on disk stay valid for this input.
        let kept = self
            .entries
            .get(&k)
            .filter(|e| e.input == row.hash && e.fingerprint == fingerprint);
        let docx = opts.docx || kept.is_some_and(|e| e.docx && super::exists(&job.docx_path(opts)));
        let pdf = opts.pdf || kept.is_some_and(|e| e.pdf && super::exists(&job.pdf_path(opts)));
        self.entries.insert(
            k,
            Entry {
                input: row.hash.clone(),
                fingerprint: fingerprint.to_string(),
                docx,
                pdf,
                row: row.clone(),
            },
        );
    }
}
