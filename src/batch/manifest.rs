//! The manifest: what the last run into `DIR` rendered, so the next run
//! renders only what changed (contract §5).
//!
//! Per department it records the SHA-256 of the input, a fingerprint of the
//! template set, tool version and (for PDFs) the fonts chosen, the summary
//! row, and the size and SHA-256 and modification time of each output
//! file, so a report damaged since (emptied, truncated, edited) is
//! rendered again. An output whose
//! size and modification time are as recorded is taken as intact without
//! reading it (hashing every PDF of a county made a re-run with nothing
//! changed take seconds); one whose time differs, or was written too close
//! to the manifest for its time to tell (see [`RACY_NS`]), is hashed.

use super::summary::{self, Orphan};
use super::{Job, Row, write_atomic};
use crate::cli::Options;
use crate::diag::Pos;
use crate::load::{At, Identity, contract as keys};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

const FILE: &str = ".gen-report-manifest.json";
/// The shape of what an entry records. A manifest of another version
/// (older rows lack the workbook's newer columns: 执行率得分, 一级 scores,
/// "三公"经费, 问题清单's located problems…) vouches for no report, so
/// every department renders once more; its entries still tell orphans.
const VERSION: u32 = 2;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// [`VERSION`] when written by this version; 0 before versions.
    #[serde(default)]
    version: u32,
    /// Keyed by the output path under DIR (`乡镇/青山镇人民政府`).
    entries: BTreeMap<String, Entry>,
    /// The summary pair as last written; absent before the first county
    /// run into DIR, and in manifests of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    summary: Option<SummaryStamp>,
    /// The fonts the last run that drew a PDF found: a later run whose
    /// font files are listed the same takes their identity from here
    /// instead of finding the fonts again (see `layout::FontFiles`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fonts: Option<FontsSeen>,
    /// When the manifest file was written (its modification time, in
    /// nanoseconds since 1970), as read.
    #[serde(skip)]
    written_ns: Option<u64>,
    /// The file's bytes as read: a run that would write them unchanged
    /// leaves the file alone.
    #[serde(skip)]
    as_read: Vec<u8>,
    /// Some output was verified by hashing it (its time too close to the
    /// manifest's to be trusted): writing the manifest again, later than
    /// the output, lets the next run trust its time.
    #[serde(skip)]
    hashed: AtomicBool,
}

/// An output's modification time is trusted only when it lies this long
/// before the manifest was written: a file rewritten within the same tick
/// of the file system's clock as the original would keep its time, so
/// files that recent are hashed instead (git's "racy" rule).
const RACY_NS: u64 = 100_000_000;

/// Modification time in nanoseconds since 1970, where the system has one.
fn mtime_ns(meta: &std::fs::Metadata) -> Option<u64> {
    let d = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    u64::try_from(d.as_nanos()).ok()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    input: String,
    /// The YAML file's absolute path, to tell a report whose YAML is gone
    /// (orphaned); absent in manifests of older versions.
    #[serde(default)]
    source: Option<PathBuf>,
    fingerprint: String,
    /// Each format's file as written, by format name; a format not made
    /// (or recorded by an older version) renders again when asked for.
    #[serde(default)]
    files: Written,
    row: Row,
    /// The input's 单位 and 年度 where written, so an unchanged file takes
    /// part in the run's checks across files (§6.6) without being parsed;
    /// absent in manifests of older versions (the file is then rendered).
    #[serde(default)]
    claim: Option<Claim>,
}

/// What a file says about itself: [`Identity`] as the manifest keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Claim {
    dept: Option<Mark<String>>,
    year: Option<Mark<i32>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Mark<T> {
    v: T,
    line: u32,
    col: u32,
}

impl Claim {
    fn of(id: Option<&Identity>) -> Claim {
        Claim {
            dept: id.map(|(d, _)| Mark::of(d)),
            year: id.and_then(|(_, y)| y.as_ref()).map(Mark::of),
        }
    }

    fn identity(&self) -> Option<Identity> {
        let dept = self.dept.as_ref()?.at(keys::DEPT.key);
        Some((dept, self.year.as_ref().map(|y| y.at(keys::YEAR.key))))
    }
}

impl<T: Clone> Mark<T> {
    fn of(at: &At<T>) -> Mark<T> {
        Mark {
            v: at.v.clone(),
            line: at.pos.line,
            col: at.pos.col,
        }
    }

    fn at(&self, key: &str) -> At<T> {
        At {
            v: self.v.clone(),
            pos: Pos {
                line: self.line,
                col: self.col,
                path: key.to_string(),
            },
        }
    }
}

/// Size, SHA-256 and modification time of an output file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mtime_ns: Option<u64>,
}

impl Stamp {
    pub fn of(bytes: &[u8]) -> Stamp {
        Stamp {
            size: bytes.len() as u64,
            sha256: hash_input(bytes),
            mtime_ns: None,
        }
    }

    /// The stamp with the modification time `path` got when written.
    pub fn at(mut self, path: &Path) -> Stamp {
        self.mtime_ns = std::fs::symlink_metadata(path)
            .ok()
            .as_ref()
            .and_then(mtime_ns);
        self
    }

    /// Whether the file at `path` is still exactly what was written, the
    /// manifest having been written at `manifest_ns`, and how that was told.
    fn verify(&self, path: &Path, manifest_ns: Option<u64>) -> Verdict {
        // Size first: a truncated or emptied file costs no read.
        let Ok(meta) = std::fs::symlink_metadata(path) else {
            return Verdict::Differs;
        };
        if !meta.is_file() || meta.len() != self.size {
            return Verdict::Differs;
        }
        let time = mtime_ns(&meta);
        if let (Some(recorded), Some(now), Some(manifest)) = (self.mtime_ns, time, manifest_ns)
            && recorded == now
            && now.saturating_add(RACY_NS) <= manifest
        {
            return Verdict::ByTime;
        }
        match std::fs::read(path).is_ok_and(|b| hash_input(&b) == self.sha256) {
            true => Verdict::ByHash,
            false => Verdict::Differs,
        }
    }
}

/// How an output file was found, against its stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Differs,
    /// Same size and modification time, long enough before the manifest.
    ByTime,
    /// Same bytes (its time had changed, or was too recent to trust).
    ByHash,
}

/// The summary pair as written, and the digest of what it shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SummaryStamp {
    digest: String,
    csv: Stamp,
    xlsx: Stamp,
}

/// The font files as listed (their digest) and the identity of the fonts
/// chosen from them.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FontsSeen {
    files: String,
    chosen: String,
}

/// What a run wrote for one department: each format's file, by name.
pub type Written = BTreeMap<String, Stamp>;

pub fn hash_input(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Template files, tool version and, when the run draws PDFs, the
/// identity of the fonts chosen (a run making only DOCX uses none).
pub fn fingerprint(template_files: &[(String, Vec<u8>)], fonts: Option<&str>) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for (name, bytes) in template_files {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    if let Some(fonts) = fonts {
        h.update(b"fonts");
        h.update(fonts.as_bytes());
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A department's key: its output path under DIR, without extension.
pub fn key(job: &Job) -> String {
    job.rel.to_string_lossy().replace('\\', "/")
}

impl Manifest {
    /// The manifest of `dir`, or an empty one if absent or unreadable
    /// (then everything renders, which is always safe).
    pub fn read(dir: &Path) -> Manifest {
        let path = dir.join(FILE);
        let bytes = std::fs::read(&path).unwrap_or_default();
        let Ok(mut m) = serde_json::from_slice::<Manifest>(&bytes) else {
            return Manifest::default();
        };
        m.written_ns = std::fs::metadata(&path).ok().as_ref().and_then(mtime_ns);
        m.as_read = bytes;
        m
    }

    /// Writes the manifest, unless the file already holds exactly this and
    /// no output needed hashing (a re-run with nothing changed).
    pub fn write(&mut self, dir: &Path) -> std::io::Result<()> {
        self.version = VERSION;
        // Compact: a county's manifest is read and compared on every run.
        let json = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        if json == self.as_read && !self.hashed.load(Ordering::Relaxed) {
            return Ok(());
        }
        write_atomic(&dir.join(FILE), &json)
    }

    /// Whether an output is still as its stamp says.
    fn intact(&self, stamp: &Stamp, path: &Path) -> bool {
        match stamp.verify(path, self.written_ns) {
            Verdict::Differs => false,
            Verdict::ByTime => true,
            Verdict::ByHash => {
                self.hashed.store(true, Ordering::Relaxed);
                true
            }
        }
    }

    /// The recorded row and identity when the department needs no
    /// rendering: same input and fingerprint, its identity recorded, and
    /// every requested format made last time and still on disk byte for
    /// byte as written.
    pub fn unchanged(
        &self,
        job: &Job,
        hash: &str,
        fingerprint: &str,
        opts: &Options,
    ) -> Option<(Row, Option<Identity>)> {
        if self.version != VERSION {
            return None;
        }
        let e = self.entries.get(&key(job))?;
        let claim = e.claim.as_ref()?;
        let same = e.input == hash
            && e.fingerprint == fingerprint
            && opts.formats.iter().all(|f| {
                e.files
                    .get(f.name())
                    .is_some_and(|s| self.intact(s, &job.path(opts, f)))
            });
        same.then(|| (e.row.clone(), claim.identity()))
    }

    pub fn record(
        &mut self,
        job: &Job,
        fingerprint: &str,
        row: &Row,
        written: &Written,
        identity: Option<&Identity>,
        opts: &Options,
    ) {
        let k = key(job);
        // Formats made earlier for this input and still intact stay valid.
        let kept = self
            .entries
            .get(&k)
            .filter(|e| e.input == row.hash && e.fingerprint == fingerprint);
        let mut files = written.clone();
        for format in crate::format::FORMATS {
            let stamp = kept.and_then(|e| e.files.get(format.name()));
            if !files.contains_key(format.name())
                && let Some(s) = stamp.filter(|s| self.intact(s, &job.path(opts, *format)))
            {
                files.insert(format.name().to_string(), s.clone());
            }
        }
        self.entries.insert(
            k,
            Entry {
                source: std::path::absolute(&job.input).ok(),
                input: row.hash.clone(),
                fingerprint: fingerprint.to_string(),
                files,
                row: row.clone(),
                claim: Some(Claim::of(identity)),
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
            let reports: Vec<String> = crate::format::FORMATS
                .iter()
                .map(|f| base.with_extension(f.extension()))
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

    /// Whether the summary pair in `dir` shows `digest` and is still
    /// exactly as written: then writing it again would change nothing.
    pub fn summary_current(&self, dir: &Path, digest: &str) -> bool {
        self.summary.as_ref().is_some_and(|s| {
            s.digest == digest
                && self.intact(&s.csv, &dir.join(summary::CSV))
                && self.intact(&s.xlsx, &dir.join(summary::XLSX))
        })
    }

    /// Records the summary pair just written, showing `digest` (without
    /// one, it is written again next time).
    pub fn record_summary(&mut self, digest: Option<String>, (csv, xlsx): (Stamp, Stamp)) {
        self.summary = digest.map(|digest| SummaryStamp { digest, csv, xlsx });
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The identity of the fonts chosen last time, if the font files are
    /// listed as they were then (`files`, their digest).
    pub fn fonts_chosen(&self, files: &str) -> Option<&str> {
        self.fonts
            .as_ref()
            .filter(|f| f.files == files)
            .map(|f| f.chosen.as_str())
    }

    /// Records the fonts this run used.
    pub fn record_fonts(&mut self, files: &str, chosen: &str) {
        self.fonts = Some(FontsSeen {
            files: files.to_string(),
            chosen: chosen.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    /// Writes `bytes` to `path` with the given modification time.
    fn write_at(path: &Path, bytes: &[u8], time: SystemTime) {
        std::fs::write(path, bytes).unwrap();
        let f = std::fs::File::options().write(true).open(path).unwrap();
        f.set_modified(time).unwrap();
    }

    fn ns(t: SystemTime) -> u64 {
        t.duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    }

    #[test]
    fn an_old_unchanged_time_is_trusted_a_racy_one_is_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        let t = SystemTime::now() - Duration::from_secs(60);
        write_at(&path, b"report", t);
        let stamp = Stamp::of(b"report").at(&path);
        assert_eq!(stamp.mtime_ns, Some(ns(t)));
        // Same size and time, written well before the manifest: no read
        // (the content is not even looked at, so a same-size edit that
        // kept the time would pass; editors and copies set a new time).
        write_at(&path, b"REPORT", t);
        let after = Some(ns(t) + 10 * RACY_NS);
        assert_eq!(stamp.verify(&path, after), Verdict::ByTime);
        // Within the racy window the file is hashed, and the edit shows.
        let racy = Some(ns(t) + RACY_NS / 2);
        assert_eq!(stamp.verify(&path, racy), Verdict::Differs);
        // A new time always means a hash; the same bytes still match.
        write_at(&path, b"report", t + Duration::from_secs(1));
        assert_eq!(stamp.verify(&path, after), Verdict::ByHash);
        write_at(&path, b"repor", t);
        assert_eq!(stamp.verify(&path, after), Verdict::Differs, "size");
    }
}
