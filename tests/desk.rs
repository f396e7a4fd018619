//! Issue 17, the county's review desk: diagnostics in reading order, the
//! correction log across runs (printed, kept in 修改记录, kept by --force,
//! never ahead of the reports), and the workbook read back with openpyxl.

use crate::util::*;
use std::path::Path;
use std::process::Command;

const SEED000: &str = include_str!("data/seed000.yaml");
const SEED002: &str = include_str!("data/seed002.yaml");

/// The shipped county, copied, so a test may edit it.
fn county(d: &Dir) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/示例县");
    copy_dir(&from, &d.path("county"));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Replaces `from` by `to` in a file of the county (it must be there).
fn edit(d: &Dir, file: &str, from: &str, to: &str) {
    let path = d.path(&format!("county/{file}"));
    let src = std::fs::read_to_string(&path).unwrap();
    assert!(src.contains(from), "{from} not in {file}");
    std::fs::write(&path, src.replacen(from, to, 1)).unwrap();
}

fn log(d: &Dir) -> serde_json::Value {
    let bytes = std::fs::read(d.path("out/.gen-report-log.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// The log's entries as (单位, 项目, 原值, 新值).
fn entries(d: &Dir) -> Vec<(String, String, String, String)> {
    let s = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    log(d)["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (s(&e["dept"]), s(&e["item"]), s(&e["old"]), s(&e["new"])))
        .collect()
}

/// The lines of a run's change report, without its heading.
fn change_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .skip_while(|l| !l.starts_with("与上次运行相比有变化的单位"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn warnings_are_printed_in_reading_order() {
    let d = Dir::new();
    d.write("seed002.yaml", SEED002);
    let err = d.run(&["seed002.yaml", "--check"]).expect(0).stderr();
    let lines: Vec<u32> = err
        .lines()
        .filter_map(|l| l.strip_prefix("seed002.yaml:"))
        .map(|l| l.split(':').next().unwrap().parse().unwrap())
        .collect();
    // The model found 结余 (line 26) before the rate of line 25; the rate
    // costs 预算执行率 its points (line 46).
    assert_eq!(lines, [25, 26, 33, 46, 52, 56, 61, 65, 67], "{err}");
}

/// Seed 000 has no rows, goals or budget: its 自评表 is left out, and the
/// warning says so at the 指标 line.
#[test]
fn the_left_out_form_is_said_at_the_indicators_line() {
    let d = Dir::new();
    d.write("seed000.yaml", SEED000);
    let err = d.run(&["seed000.yaml", "--check"]).expect(0).stderr();
    let line = line_of(SEED000, "指标:");
    let want = format!(
        "seed000.yaml:{line}:1: 警告: 指标中没有三级指标、总体目标，也没有分值和得分：报告不附自评表；总分 85 和等级无法核对，按所写采用"
    );
    assert!(err.contains(&want), "{err}");
}

/// The county rendered, 统计局 sent back (its 总分 mistyped), then both
/// corrections made: 统计局 fixed, 教育局 spending 4 万元 more on 公用经费.
/// Returns the last run's standard error.
fn send_back_and_correct(d: &Dir) -> String {
    county(d);
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(
        !err.contains("与上次运行相比"),
        "first run: baselines only\n{err}"
    );
    assert!(entries(d).is_empty());

    // The bureau sends 统计局 back: its 总分 was mistyped.
    edit(d, "示例县统计局.yaml", "  总分: 95", "  总分: 96");
    let err = d.run(&["county", "-o", "out"]).expect(1).stderr();
    let lines = change_lines(&err);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].starts_with(
            "示例县统计局：上次通过，本次未通过；新增错误：第61行 指标.总分：总分写的是 96"
        ),
        "{err}"
    );

    // Corrections: 统计局 fixed; 教育局 spends 4 万元 more on 公用经费.
    edit(d, "示例县统计局.yaml", "  总分: 96", "  总分: 95");
    edit(
        d,
        "示例县教育局.yaml",
        "公用经费: 612.74",
        "公用经费: 616.74",
    );
    edit(
        d,
        "示例县教育局.yaml",
        "支出合计: 18676.02",
        "支出合计: 18680.02",
    );
    edit(d, "示例县教育局.yaml", "结余: 98.37", "结余: 94.37");
    d.run(&["county", "-o", "out"]).expect(0).stderr()
}

/// Two departments corrected between runs: one amount, one rejected file
/// fixed. The console says what moved; 修改记录 keeps old and new values;
/// --force keeps the log; a run with nothing changed adds nothing.
#[test]
fn corrections_are_printed_and_logged_and_kept_by_force() {
    let d = Dir::new();
    let err = send_back_and_correct(&d);
    assert_eq!(
        change_lines(&err),
        [
            "示例县教育局：基本支出 11016.57 → 11020.57；支出合计 18676.02 → 18680.02；执行率 98.50% → 98.52%",
            "示例县统计局：上次未通过，本次通过；消除错误：第61行 指标.总分：总分写的是 96，按各项得分相加应为 95（预算执行率 10 + 产出 47 + 效益 29 + 满意度 9）",
        ],
        "{err}"
    );
    let e = entries(&d);
    let row = |dept: &str, item: &str, old: &str, new: &str| {
        (
            dept.to_string(),
            item.to_string(),
            old.to_string(),
            new.to_string(),
        )
    };
    assert_eq!(e.len(), 2 + 3 + 2, "{e:#?}");
    assert_eq!(e[0], row("示例县统计局", "状态", "通过", "未通过"));
    assert_eq!(
        e[2],
        row("示例县教育局", "基本支出", "11016.57", "11020.57")
    );
    assert_eq!(
        e[3],
        row("示例县教育局", "支出合计", "18676.02", "18680.02")
    );
    assert_eq!(e[4], row("示例县教育局", "执行率", "98.50%", "98.52%"));
    assert_eq!(e[5], row("示例县统计局", "状态", "未通过", "通过"));
    assert_eq!(e[6].1, "错误（消除）");
    let logged = log(&d);
    let times: Vec<&str> = logged["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["time"].as_str().unwrap())
        .collect();
    assert!(
        times
            .iter()
            .all(|t| t.len() == 16 && t.as_bytes()[10] == b' '),
        "{times:?}"
    );
    // The workbook's 修改记录 sheet shows them.
    let strings = zip_entry(&d.path("out/汇总表.xlsx"), "xl/sharedStrings.xml");
    for s in ["18676.02", "18680.02", "错误（消除）"] {
        assert!(strings.contains(s), "{s}");
    }

    // --force renders everything again: nothing new, the log kept.
    let before = std::fs::read(d.path("out/.gen-report-log.json")).unwrap();
    let xlsx = std::fs::read(d.path("out/汇总表.xlsx")).unwrap();
    let err = d
        .run(&["county", "-o", "out", "--force"])
        .expect(0)
        .stderr();
    assert!(
        err.contains("已生成 12 个") && !err.contains("与上次运行相比"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(d.path("out/.gen-report-log.json")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(d.path("out/汇总表.xlsx")).unwrap(),
        xlsx,
        "same bytes"
    );
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(!err.contains("与上次运行相比"), "{err}");
    assert_eq!(entries(&d).len(), 7);
    // 卫生健康局 was rendered in the first run only: its row, from the
    // manifest since, keeps the columns a reviewer compares.
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("示例县卫生健康局.yaml"))
        .unwrap();
    assert!(row.contains(",10,48,29,9.5,96.5,优,优,"), "{row}");
    assert!(row.contains(",2,刘梦瑶,0739-5627702,3,"), "{row}");
}

/// A manifest of an older version (rows without the newer columns)
/// vouches for no report: every department renders again, once.
#[test]
fn an_older_manifest_renders_every_department_again() {
    let d = Dir::new();
    county(&d);
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let path = d.path("out/.gen-report-manifest.json");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("version").unwrap();
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(err.contains("已生成 12 个，未通过 0 个"), "{err}");
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(err.contains("已生成 0 个，未变化 12 个"), "{err}");
}

/// A 年度 unlike the others' is found across files, yet printed in its
/// place among the department's warnings (line order).
#[test]
fn an_odd_year_is_printed_in_its_place() {
    let d = Dir::new();
    for (i, year) in [(1, 2024), (2, 2024), (3, 2023)] {
        let src = EXAMPLE
            .replace("岳阳市示例区科技和工业信息化局", &format!("示例县第{i}局"))
            .replacen("年度: 2024", &format!("年度: {year}"), 1);
        d.write(&format!("county/d{i}.yaml"), &src);
    }
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with(&format!("county{}d3.yaml:", std::path::MAIN_SEPARATOR)))
        .collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].contains("年度为 2023")
            && lines[1].contains("超过项目预算")
            && lines[2].contains("预算执行率扣了 1 分"),
        "{err}"
    );
}

/// Writes `n` departments of the example under `county/`, 在职人数 as given.
fn staffed(d: &Dir, n: usize, staff: u32) {
    for i in 1..=n {
        let src = EXAMPLE
            .replace("岳阳市示例区科技和工业信息化局", &format!("示例县第{i}局"))
            .replacen("在职人数: 10 ", &format!("在职人数: {staff} "), 1);
        d.write(&format!("county/d{i:02}.yaml"), &src);
    }
}

fn docx_newer_than(dir: &Path, since: std::time::SystemTime) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "docx"))
        .filter(|e| e.metadata().unwrap().modified().unwrap() > since)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// A run killed midway leaves no log entry for a department whose new
/// report was not written; the next run records each change once.
#[test]
fn a_killed_run_leaves_no_log_entry_without_its_report() {
    let d = Dir::new();
    staffed(&d, 40, 10);
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let log_before = std::fs::read(d.path("out/.gen-report-log.json")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    let start = std::time::SystemTime::now();
    // Every department now has more staff than posts: a new warning each.
    staffed(&d, 40, 12);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gen-report"))
        .args(["county", "-o", "out", "--jobs", "1", "--quiet"])
        .current_dir(d.tmp.path())
        .spawn()
        .unwrap();
    let t = std::time::Instant::now();
    while docx_newer_than(&d.path("out"), start).len() < 3 && t.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let status = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let _ = child.wait();
    let written = docx_newer_than(&d.path("out"), start).len();
    assert!(
        (3..40).contains(&written),
        "killed midway: {written} written"
    );
    // Reports were written, but no entry was made ahead of the others.
    assert_eq!(
        std::fs::read(d.path("out/.gen-report-log.json")).unwrap(),
        log_before
    );
    let err = d
        .run(&["county", "-o", "out", "--quiet"])
        .expect(0)
        .stderr();
    assert_eq!(change_lines(&err).len(), 40, "{err}");
    let e = entries(&d);
    assert_eq!(e.len(), 40, "one entry per department, none twice");
    assert!(e.iter().all(|(_, item, old, new)| item == "警告（新增）"
        && old.is_empty()
        && new.contains("在职人数 12 超过编制数 10")));
}

/// The workbook, read back with openpyxl (scripts/setup.sh installs it).
fn read_workbook(path: &Path) -> serde_json::Value {
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "cells": {}, "charts": [], "filters": {}}
for ws in wb.worksheets:
    out["cells"][ws.title] = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    out["filters"][ws.title] = ws.auto_filter.ref
ws = wb["概览"]
for ch in ws._charts:
    s = ch.series[0]
    out["charts"].append({"type": ch.tagname, "cat": s.cat.strRef.f, "val": s.val.numRef.f})
print(json.dumps(out, ensure_ascii=False, default=str))
"#;
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let out = Command::new(&python)
        .args(["-c", script, path.to_str().unwrap()])
        .output()
        .expect("run .venv/bin/python (scripts/setup.sh installs openpyxl)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_workbook_is_a_desk_overview_problems_and_log() {
    let d = Dir::new();
    county(&d);
    // 统计局 writes its grade 优秀, 教育局 is rejected (its file names its 单位).
    edit(
        &d,
        "示例县统计局.yaml",
        "  总分: 95",
        "  总分: 95\n  等级: 优秀",
    );
    edit(&d, "示例县教育局.yaml", "  总分: 96", "  总分: 97");
    d.run(&["county", "-o", "out"]).expect(1);
    let wb = read_workbook(&d.path("out/汇总表.xlsx"));
    assert_eq!(
        wb["sheets"],
        serde_json::json!(["汇总表", "概览", "问题清单", "修改记录"])
    );
    let cells = |sheet: &str| wb["cells"][sheet].as_array().unwrap().clone();
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();

    // Summary: 等级 as written, its class beside it; the rejected row names itself.
    let summary = cells("汇总表");
    let head: Vec<String> = summary[0].as_array().unwrap().iter().map(text).collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let row_of = |file: &str| summary.iter().find(|r| r[0] == file).unwrap().clone();
    let stat = row_of("示例县统计局.yaml");
    assert_eq!(
        (text(&stat[col("等级")]), text(&stat[col("等级（归类）")])),
        ("优秀".into(), "优".into())
    );
    let edu = row_of("示例县教育局.yaml");
    assert_eq!(text(&edu[col("单位")]), "示例县教育局");
    assert_eq!(edu[col("年度")], 2024);
    assert!(text(&edu[col("状态")]).starts_with("未通过："));
    let health = row_of("示例县卫生健康局.yaml");
    assert_eq!(health[col("超预算项目数")], 2);
    assert_eq!(health[col("警告条数")], 3);
    assert_eq!(health[col("执行率得分")], 10);
    assert!(!text(&health[col("填表人")]).is_empty());
    assert_eq!(wb["filters"]["汇总表"], "A1:X13");

    overview(&wb);

    // 问题清单: one row per problem, located, filterable.
    let issues = cells("问题清单");
    assert_eq!(text(&issues[0][6]), "内容");
    let edu_rows: Vec<_> = issues
        .iter()
        .filter(|r| r[0] == "示例县教育局.yaml")
        .collect();
    assert_eq!(edu_rows.len(), 1, "{edu_rows:?}");
    assert_eq!(text(&edu_rows[0][4]), "错误");
    assert_eq!(text(&edu_rows[0][5]), "指标.总分");
    assert_eq!(edu_rows[0][2], 225);
    let warnings: usize = summary[1..13]
        .iter()
        .map(|r| r[col("警告条数")].as_u64().unwrap() as usize)
        .sum();
    assert_eq!(issues.len() - 1, warnings + 1);
    assert_eq!(wb["filters"]["问题清单"], format!("A1:G{}", issues.len()));
    assert_eq!(wb["filters"]["修改记录"], "A1:F1");
}

/// The 概览 sheet of that county: the template used, counts by class,
/// the ranking, two charts over its tables.
fn overview(wb: &serde_json::Value) {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let ov = wb["cells"]["概览"].as_array().unwrap().clone();
    assert_eq!(text(&ov[0][3]), "报告模板：内置模板“湖南式”");
    let grade_rows: Vec<(String, i64)> = (2..6)
        .map(|r| (text(&ov[r][3]), ov[r][4].as_i64().unwrap()))
        .collect();
    let grades: Vec<(&str, i64)> = grade_rows.iter().map(|(g, n)| (g.as_str(), *n)).collect();
    // 优: 5 write 优, 3 write 优秀 (统计局 among them); 良 and 良好; 中等.
    assert_eq!(
        grades,
        [("优", 8), ("良", 2), ("中", 1), ("差", 0)],
        "{ov:?}"
    );
    assert_eq!(text(&ov[2][5]), "优 5；优秀 3");
    assert_eq!(text(&ov[3][5]), "良 1；良好 1");
    assert_eq!(text(&ov[4][5]), "中等 1");
    assert_eq!(
        (text(&ov[6][3]), ov[6][4].as_i64()),
        ("未通过（无等级）".into(), Some(1))
    );
    let ranking: Vec<(i64, String, f64)> = (2..13)
        .map(|r| {
            (
                ov[r][7].as_i64().unwrap(),
                text(&ov[r][8]),
                ov[r][10].as_f64().unwrap(),
            )
        })
        .collect();
    assert!(ranking.windows(2).all(|w| w[0].2 >= w[1].2), "{ranking:?}");
    assert_eq!(ranking[0].0, 1);
    assert_eq!(ranking.len(), 11, "the rejected department is not ranked");
    assert!(ranking.iter().all(|(_, name, _)| name != "示例县教育局"));
    let charts = wb["charts"].as_array().unwrap();
    assert_eq!(charts.len(), 2, "{charts:?}");
    assert_eq!(charts[0]["cat"], "概览!$D$3:$D$6");
    assert_eq!(charts[0]["val"], "概览!$E$3:$E$6");
    // Ten accepted departments have a budget (地方志编纂中心 has none).
    assert_eq!(charts[1]["cat"], "概览!$N$3:$N$12");
    assert_eq!(charts[1]["val"], "概览!$O$3:$O$12");
}

/// A log that cannot be read is set aside, never overwritten, and said so.
#[test]
fn an_unreadable_log_is_set_aside_and_said() {
    let d = Dir::new();
    county(&d);
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    std::fs::write(d.path("out/.gen-report-log.json"), "{被改坏").unwrap();
    let err = d
        .run(&["county", "-o", "out", "--quiet"])
        .expect(0)
        .stderr();
    assert!(
        err.contains("注意: 修改记录文件 .gen-report-log.json 无法读取（可能被改动或来自其他版本），已另存为 .gen-report-log.unreadable.json"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.path("out/.gen-report-log.unreadable.json")).unwrap(),
        "{被改坏"
    );
    assert!(entries(&d).is_empty(), "begun afresh");
}

/// A correction that moves no figure (a comment, a reworded paragraph)
/// renders that department again but leaves the summary pair as it was:
/// neither file shows an input's hash.
#[test]
fn a_correction_that_moves_no_figure_leaves_the_summary_alone() {
    let d = Dir::new();
    county(&d);
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let xlsx = d.path("out/汇总表.xlsx");
    let before = std::fs::metadata(&xlsx).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    let path = d.path("county/示例县统计局.yaml");
    let src = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{src}# 更正后重新提交\n")).unwrap();
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(err.contains("已生成 1 个，未变化 11 个"), "{err}");
    assert_eq!(
        std::fs::metadata(&xlsx).unwrap().modified().unwrap(),
        before
    );
}
