//! Fixture tests: every sample department and transcribed seed, with its
//! expected report text (the document tree's outline: every paragraph and
//! table cell, merges as `^^`/`^<`) and its warnings, under
//! `tests/fixtures/<template>/<the file's path>.txt`.
//!
//! A change to the template or the model shows here as a diff to review.
//! `UPDATE_EXPECT=1 cargo test` rewrites the expected files (and removes
//! those no sample has any more); an expected file that no sample uses
//! fails the run.

use gen_report::render;
use gen_report::template::{Sources, Templates};
use std::path::{Path, PathBuf};

/// The departments: every sample, the example and the transcribed seeds.
fn departments(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "yaml") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("data/示例县"), &mut out);
    walk(&root.join("examples"), &mut out);
    out.extend(
        ["seed000", "seed002", "seed003"].map(|s| root.join(format!("tests/data/{s}.yaml"))),
    );
    out
}

/// What a fixture holds for one department: its warnings, then its text.
fn expected_text(file: &Path, rel: &str, templates: &Templates) -> String {
    let checked = render::check(&std::fs::read(file).unwrap(), templates.catalogue());
    let report = checked
        .result
        .unwrap_or_else(|e| panic!("{rel} is rejected: {e:#?}"));
    let mut out = format!("# {rel}\n");
    for w in &report.warnings {
        out.push_str(&format!(
            "warning {}:{} {}: {}\n",
            w.pos.line, w.pos.col, w.pos.path, w.message
        ));
    }
    out.push_str("---\n");
    let doc = templates.render(&report).expect("the template renders");
    out.push_str(&doc.outline());
    out
}

fn check_template(name: &str, templates: &Templates) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures").join(name);
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut used = Vec::new();
    let mut stale = Vec::new();
    for file in departments(root) {
        let rel = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let expected_file = dir.join(format!("{rel}.txt"));
        let text = expected_text(&file, &rel, templates);
        used.push(expected_file.clone());
        if update {
            std::fs::create_dir_all(expected_file.parent().unwrap()).unwrap();
            std::fs::write(&expected_file, &text).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_file) {
            Ok(expected) if expected == text => {}
            Ok(expected) => stale.push(format!("{rel}:\n{}", diff(&expected, &text))),
            Err(_) => stale.push(format!(
                "{rel}: no expected file {}",
                expected_file.display()
            )),
        }
    }
    let mut unused = Vec::new();
    let mut all = Vec::new();
    collect(&dir, &mut all);
    for f in all.into_iter().filter(|f| !used.contains(f)) {
        if update {
            std::fs::remove_file(&f).unwrap();
        } else {
            unused.push(f.display().to_string());
        }
    }
    assert!(
        stale.is_empty() && unused.is_empty(),
        "fixtures of {name} differ (review, then UPDATE_EXPECT=1 cargo test):\n{}\nunused: {unused:?}",
        stale.join("\n")
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The lines that differ, with their numbers: enough to review.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            out.push_str(&format!(
                "  line {}:\n    - {}\n    + {}\n",
                i + 1,
                x.unwrap_or(&""),
                y.unwrap_or(&"")
            ));
            if out.lines().count() > 30 {
                out.push_str("  …\n");
                break;
            }
        }
    }
    out
}

#[test]
fn the_default_report_of_every_sample_and_seed_is_as_expected() {
    let templates = Sources::builtin().unwrap().compile().unwrap();
    check_template("hunan", &templates);
}

#[test]
fn the_form_report_of_every_sample_and_seed_is_as_expected() {
    let templates = gen_report::template::sets::builtin("表格式")
        .unwrap()
        .unwrap()
        .compile()
        .unwrap();
    check_template("表格式", &templates);
}
