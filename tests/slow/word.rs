//! The DOCX as Word sees it: schema-valid WordprocessingML (checked by
//! `openxml-audit`, an independent OOXML validator), real paragraph styles
//! with outline levels, declared CJK fonts, and the GB/T 9704 line grid.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The validator `scripts/setup.sh` installs into `.venv/`; a machine that
/// has it on PATH instead may use that.
fn openxml_audit() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/openxml-audit");
    if venv.is_file() {
        venv
    } else {
        PathBuf::from("openxml-audit")
    }
}

/// Findings of the validator for one file (empty when valid).
fn schema_errors(docx: &Path) -> Vec<String> {
    let out = Command::new(openxml_audit())
        .args(["-m", "0", "--format", "microsoft365", "--output", "json"])
        .arg(docx)
        .output()
        .expect("openxml-audit is required for this test (run scripts/setup.sh)");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit gave no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    // One entry per file checked.
    let file = &report[0];
    assert!(file["valid"].is_boolean(), "unexpected report: {report}");
    let errors = file["errors"].as_array().cloned().unwrap_or_default();
    errors
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e["part_uri"].as_str().unwrap_or(""),
                e["path"].as_str().unwrap_or(""),
                e["description"].as_str().unwrap_or(&e.to_string())
            )
        })
        .collect()
}

#[test]
fn every_sample_docx_is_schema_valid() {
    let (_d, mut files) = render_samples(&[]);
    // And every sample in the form, whose sections and ruled cells the
    // default report does not use.
    let (_form, form_files) = render_samples(&["--template", "表格式"]);
    files.extend(form_files);
    let mut failures = Vec::new();
    for f in &files {
        let errors = schema_errors(f);
        if !errors.is_empty() {
            failures.push(format!(
                "{}: {} errors, first: {}",
                f.file_name().unwrap().to_string_lossy(),
                errors.len(),
                errors[..errors.len().min(3)].join(" | ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
