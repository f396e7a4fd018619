//! Build facts for `gen-report --version` (cli.rs): the target triple and
//! the source commit. The commit is `GEN_REPORT_COMMIT` when set (the release
//! script sets it, since it builds from an exported copy), else this
//! checkout's `git rev-parse HEAD`, else "unknown": a source tarball has no
//! `.git`, and one unpacked inside some other repository must not take that
//! repository's commit.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".into());
    println!("cargo:rustc-env=GEN_REPORT_TARGET={target}");
    println!("cargo:rerun-if-env-changed=GEN_REPORT_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let commit = std::env::var("GEN_REPORT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=GEN_REPORT_COMMIT={}", commit.trim());
}

/// HEAD of the repository whose top folder is this package's, with the
/// files that change when HEAD moves marked for a rerun.
fn git_commit() -> Option<String> {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        out.status.success().then(|| text.trim().to_string())
    };
    let top = git(&["rev-parse", "--show-toplevel"])?;
    if !same_dir(Path::new(&top), &dir) {
        return None;
    }
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    watched.extend(git(&["rev-parse", "--git-path", "packed-refs"]));
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.extend(git(&["rev-parse", "--git-path", &branch]));
    }
    // Only files that exist: cargo reruns the script on every build for a
    // missing one (a branch kept only in packed-refs has no file of its own).
    for path in watched.iter().map(|p| dir.join(p)).filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    git(&["rev-parse", "--short=12", "HEAD"])
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
