//! Issue 19: the tool against an independent oracle. `scripts/check_data.py`
//! re-implements the contract and its arithmetic from SPEC.md in Python,
//! sharing no code with the tool. Both run over every sample, the seeds and
//! the files of `tests/data/oracle/` (one defect each, or a boundary); they
//! must agree on which files are rejected and, for the others, on every
//! figure of the county summary as it is displayed.

use crate::util::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The summary's figures compared, by the start of their column title
/// (SPEC §5; 预算数 is 全年预算数, else 年初预算数).
const FIGURES: [&str; 8] = [
    "收入合计",
    "基本支出",
    "项目支出",
    "支出合计",
    "预算数",
    "执行率",
    "总分",
    "等级",
];

/// What one side says of one file: accepted with its figures (单位, 年度
/// and [`FIGURES`], as displayed), or rejected with its reasons.
#[derive(Debug)]
enum Verdict {
    Accepted(BTreeMap<String, String>),
    Rejected(String),
}

/// The same decimal written as the tool and the oracle display it: the
/// summary shows 总分 as 86.5 and the oracle as 86.50.
fn canon(cell: &str) -> String {
    let (num, pct) = match cell.strip_suffix('%') {
        Some(n) => (n, "%"),
        None => (cell, ""),
    };
    let decimal = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    };
    if num.contains('.') && decimal(num) {
        format!("{}{pct}", num.trim_end_matches('0').trim_end_matches('.'))
    } else {
        cell.to_string()
    }
}

/// The input folder: the samples, the example, the seeds and the oracle's
/// own files, each set in its own subfolder.
fn inputs(d: &Dir) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let input = d.path("in");
    let mut n = copy_yaml_tree(&root.join("data/示例县"), &input.join("示例县"));
    n += copy_yaml_tree(&root.join("examples"), &input.join("examples"));
    n += copy_yaml_tree(&root.join("tests/data/oracle"), &input.join("oracle"));
    for entry in std::fs::read_dir(root.join("tests/data")).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("seed") && name.ends_with(".yaml") {
            std::fs::create_dir_all(input.join("seeds")).unwrap();
            std::fs::copy(&p, input.join("seeds").join(&name)).unwrap();
            n += 1;
        }
    }
    n
}

/// The tool's verdicts, from the `汇总表.csv` of one run over the folder.
fn tool_verdicts(d: &Dir) -> BTreeMap<String, Verdict> {
    // Some files are meant to be rejected: exit status 1, the others rendered.
    d.run(&["in", "-q", "-o", "out"]).expect(1);
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).expect("汇总表.csv written");
    let records = csv_records(&csv);
    let header = &records[0];
    let col = |title: &str| {
        header
            .iter()
            .position(|h| h.starts_with(title))
            .unwrap_or_else(|| panic!("no column {title} in {header:?}"))
    };
    let (file, status) = (col("文件"), col("状态"));
    let mut out = BTreeMap::new();
    // The last record is the county totals row.
    for r in &records[1..records.len() - 1] {
        let verdict = if r[status] == "通过" {
            let mut figures = BTreeMap::new();
            for name in ["单位", "年度"].iter().chain(FIGURES.iter()) {
                figures.insert(name.to_string(), canon(&r[col(name)]));
            }
            Verdict::Accepted(figures)
        } else {
            let reasons = r[status].trim_start_matches("未通过：");
            Verdict::Rejected(reasons.to_string())
        };
        out.insert(r[file].clone(), verdict);
    }
    assert!(
        records.last().unwrap()[0].starts_with("合计"),
        "no totals row: {csv}"
    );
    out
}

/// The oracle's verdicts (`check_data.py --json`) and, for each rejected
/// file, the key paths of its errors.
fn oracle_verdicts(d: &Dir) -> (BTreeMap<String, Verdict>, BTreeMap<String, Vec<String>>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join(".venv/bin/python");
    assert!(
        python.is_file(),
        "{} is required for this test: run scripts/setup.sh",
        python.display()
    );
    let out = Command::new(&python)
        .arg(root.join("scripts/check_data.py"))
        .args(["--json", "in"])
        .current_dir(d.tmp.path())
        .output()
        .expect("run scripts/check_data.py");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "check_data.py: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("check_data.py gave no JSON ({e}): {stderr}"));
    let (mut verdicts, mut paths) = (BTreeMap::new(), BTreeMap::new());
    for f in report["files"].as_array().expect("files") {
        let name = f["file"].as_str().unwrap().to_string();
        let errors = f["errors"].as_array().unwrap();
        let verdict = if f["accepted"].as_bool().unwrap() {
            let figures = f["figures"]
                .as_object()
                .expect("figures of an accepted file")
                .iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::Null => String::new(),
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), canon(&text))
                })
                .collect();
            Verdict::Accepted(figures)
        } else {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| {
                    format!(
                        "{}:{} {}: {}",
                        e["line"], e["column"], e["path"], e["message"]
                    )
                })
                .collect();
            Verdict::Rejected(lines.join("; "))
        };
        let error_paths = errors
            .iter()
            .map(|e| e["path"].as_str().unwrap().to_string())
            .collect();
        paths.insert(name.clone(), error_paths);
        verdicts.insert(name, verdict);
    }
    (verdicts, paths)
}

/// `# oracle: accept` or `# oracle: reject [KEY PATH]` at the head of a
/// file of `tests/data/oracle/`; the shipped samples and seeds must render.
fn expectation(d: &Dir, name: &str) -> (bool, Option<String>) {
    let text = std::fs::read_to_string(d.path("in").join(name)).unwrap();
    let Some(line) = text.lines().find_map(|l| l.strip_prefix("# oracle: ")) else {
        assert!(
            !name.starts_with("oracle/"),
            "{name} says nothing to expect"
        );
        return (true, None);
    };
    match line.split_once(' ') {
        Some(("reject", path)) => (false, Some(path.trim().to_string())),
        None if line == "reject" => (false, None),
        None if line == "accept" => (true, None),
        _ => panic!("{name}: unreadable expectation {line:?}"),
    }
}

#[test]
fn the_oracle_and_the_tool_agree_on_every_sample_seed_and_bad_file() {
    let d = Dir::new();
    let copied = inputs(&d);
    let tool = tool_verdicts(&d);
    let (oracle, error_paths) = oracle_verdicts(&d);
    assert_eq!(tool.len(), copied, "the tool's rows: {:?}", tool.keys());
    assert!(
        tool.keys().eq(oracle.keys()),
        "files seen: tool {:?}, oracle {:?}",
        tool.keys(),
        oracle.keys()
    );

    let mut disagreements = Vec::new();
    let (mut accepted, mut rejected, mut compared) = (0, 0, 0);
    for (name, t) in &tool {
        let o = &oracle[name];
        let (should_accept, expected_path) = expectation(&d, name);
        match (t, o) {
            (Verdict::Accepted(tf), Verdict::Accepted(of)) => {
                accepted += 1;
                for key in ["单位", "年度"].iter().chain(FIGURES.iter()) {
                    let missing = String::from("(missing)");
                    let a = tf.get(*key).unwrap_or(&missing);
                    let b = of.get(*key).unwrap_or(&missing);
                    compared += 1;
                    if a != b {
                        disagreements.push(format!("{name}  {key}: tool {a:?}, oracle {b:?}"));
                    }
                }
                if !should_accept {
                    disagreements.push(format!("{name}: both accept a file meant to be rejected"));
                }
            }
            (Verdict::Rejected(tr), Verdict::Rejected(or)) => {
                rejected += 1;
                if should_accept {
                    disagreements.push(format!(
                        "{name}: both reject a file meant to render\n    tool: {tr}\n    oracle: {or}"
                    ));
                }
                // Rejected for the defect the file was made with, by both.
                // An error at the path or below it (社会效益.分值 for 社会效益).
                if let Some(path) = expected_path {
                    let at = |p: &str| {
                        p.strip_prefix(path.as_str())
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
                    };
                    if !error_paths[name].iter().any(|p| at(p)) {
                        disagreements
                            .push(format!("{name}: oracle names no error at {path}: {or}"));
                    }
                    // The tool's reasons read "第N行 PATH：message；…".
                    let mut tool_paths = tr
                        .split('；')
                        .filter_map(|r| r.split_once('：'))
                        .map(|(p, _)| p.rsplit(' ').next().unwrap_or(p));
                    if !tool_paths.any(at) {
                        disagreements.push(format!("{name}: tool names no error at {path}: {tr}"));
                    }
                }
            }
            (Verdict::Accepted(_), Verdict::Rejected(or)) => {
                disagreements.push(format!("{name}: tool accepts, oracle rejects: {or}"));
            }
            (Verdict::Rejected(tr), Verdict::Accepted(_)) => {
                disagreements.push(format!("{name}: tool rejects ({tr}), oracle accepts"));
            }
        }
    }
    assert!(
        disagreements.is_empty(),
        "the tool and scripts/check_data.py disagree ({} problems):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    // Not vacuous: at least the 16 shipped departments and the six defects
    // named in issue 19 went through both.
    assert!(
        accepted >= 16 && rejected >= 6,
        "{accepted} accepted, {rejected} rejected"
    );
    eprintln!(
        "oracle agrees: {accepted} accepted and {rejected} rejected by both; {compared} values compared (单位, 年度 and 8 figures each)"
    );
}
