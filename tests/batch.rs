use crate::util::*;
use std::path::Path;

/// Writes `n` consistent departments under `county/`, the i-th named 第i局.
fn county(d: &Dir, n: usize) {
    for i in 1..=n {
        let sub = if i % 5 == 0 { "乡镇/" } else { "" };
        let src = EXAMPLE.replace("岳阳市示例区科技和工业信息化局", &format!("示例县第{i}局"));
        d.write(&format!("county/{sub}d{i:02}.yaml"), &src);
    }
}

fn docx_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).into_iter().flatten().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "docx") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every DOCX under `dir` is a complete zip with a document part.
fn all_complete(dir: &Path) -> usize {
    let files = docx_files(dir);
    for f in &files {
        let file = std::fs::File::open(f).unwrap();
        let mut zip =
            zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{} is broken: {e}", f.display()));
        assert!(zip.by_name("word/document.xml").is_ok(), "{}", f.display());
    }
    files.len()
}

/// Numbers of one column in the first sheet of an XLSX, by row.
fn xlsx_column(path: &Path, col: char) -> Vec<(u32, f64)> {
    let xml = zip_entry(path, "xl/worksheets/sheet1.xml");
    let mut out = Vec::new();
    for cell in xml.split("<c r=\"").skip(1) {
        let addr: String = cell.chars().take_while(|c| *c != '"').collect();
        if !addr.starts_with(col) {
            continue;
        }
        let row: u32 = addr[1..].parse().unwrap();
        let shared_string = cell[..cell.find('>').unwrap()].contains("t=\"s\"");
        if let Some(v) = cell
            .split("<v>")
            .nth(1)
            .and_then(|v| v.split("</v>").next())
            && !shared_string
        {
            out.push((row, v.parse().unwrap()));
        }
    }
    out
}

#[test]
fn two_broken_among_twenty() {
    let d = Dir::new();
    county(&d, 20);
    let broken1 = d.path("county/d03.yaml");
    let src = std::fs::read_to_string(&broken1)
        .unwrap()
        .replace("公用经费: 15.56", "公用经费: -1");
    std::fs::write(&broken1, src).unwrap();
    let broken2 = d.path("county/乡镇/d10.yaml");
    let src = std::fs::read_to_string(&broken2)
        .unwrap()
        .replace("  满意度:", "  满意读:");
    std::fs::write(&broken2, src).unwrap();

    let r = d.run(&["county", "-o", "out", "--jobs", "2"]).expect(1);
    let err = r.stderr();
    assert!(
        err.contains("d03.yaml:") && err.contains("不能是负数"),
        "{err}"
    );
    assert!(err.contains("d10.yaml:") && err.contains("满意读"), "{err}");
    assert!(err.contains("未通过 2 个"), "{err}");
    assert_eq!(all_complete(&d.path("out")), 18);
    assert!(d.path("out/乡镇/d05.docx").is_file(), "inner layout kept");

    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 1 + 20 + 1);
    assert_eq!(csv.matches(",未通过：").count(), 2, "{csv}");
    assert!(csv.contains("合计（18个单位，另有2个未通过未计入）"));

    // County total of 支出合计 (column G) equals the sum of the rows.
    let xlsx = d.path("out/汇总表.xlsx");
    let g = xlsx_column(&xlsx, 'G');
    let (rows, total): (Vec<_>, Vec<_>) = g.iter().partition(|(r, _)| *r <= 21);
    let sum: f64 = rows.iter().map(|(_, v)| v).sum();
    assert_eq!(rows.len(), 18);
    assert!((sum - 18.0 * 860.90).abs() < 1e-6);
    assert!((total[0].1 - sum).abs() < 1e-6, "total {total:?} vs {sum}");
    let core = zip_entry(&xlsx, "docProps/core.xml");
    assert!(
        core.contains("2000-01-01T00:00:00Z"),
        "fixed workbook date: {core}"
    );
}

#[test]
fn rerun_renders_only_what_changed() {
    let d = Dir::new();
    county(&d, 6);
    d.run(&["county", "-o", "out"]).expect(0);
    let untouched = d.path("out/d01.docx");
    let before = std::fs::metadata(&untouched).unwrap().modified().unwrap();
    let r = d.run(&["county", "-o", "out"]).expect(0);
    assert!(
        r.stderr().contains("已生成 0 个，未变化 6 个"),
        "{}",
        r.stderr()
    );

    let changed = d.path("county/d02.yaml");
    let src = std::fs::read_to_string(&changed)
        .unwrap()
        .replace("示例县第2局", "示例县第二局");
    std::fs::write(&changed, src).unwrap();
    std::fs::remove_file(d.path("out/d04.docx")).unwrap();
    let r = d.run(&["county", "-o", "out"]).expect(0);
    assert!(
        r.stderr().contains("已生成 2 个，未变化 4 个"),
        "{}",
        r.stderr()
    );
    assert_eq!(
        std::fs::metadata(&untouched).unwrap().modified().unwrap(),
        before
    );
    assert!(docx_text(&d.path("out/d02.docx")).contains("示例县第二局"));
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    assert!(
        csv.contains("示例县第二局") && csv.contains("示例县第1局"),
        "{csv}"
    );

    let r = d.run(&["county", "-o", "out", "--force"]).expect(0);
    assert!(r.stderr().contains("已生成 6 个"), "{}", r.stderr());

    // A correction that breaks the file keeps the old report, marked stale.
    let report = std::fs::read(d.path("out/d03.docx")).unwrap();
    let broken = d.path("county/d03.yaml");
    let src = std::fs::read_to_string(&broken)
        .unwrap()
        .replace("公用经费: 15.56", "公用经费: 十五");
    std::fs::write(&broken, src).unwrap();
    d.run(&["county", "-o", "out"]).expect(1);
    assert_eq!(std::fs::read(d.path("out/d03.docx")).unwrap(), report);
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let row = csv.lines().find(|l| l.starts_with("d03.yaml")).unwrap();
    assert!(
        row.contains("未通过") && row.contains("旧报告保留未更新"),
        "{row}"
    );
}

#[test]
fn killed_run_leaves_only_complete_files_and_next_run_repairs() {
    let d = Dir::new();
    county(&d, 40);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gen-report"))
        .args(["county", "-o", "out", "--jobs", "1", "--quiet"])
        .current_dir(d.tmp.path())
        .spawn()
        .unwrap();
    // Kill once some reports exist, mid-way through the set.
    let start = std::time::Instant::now();
    while docx_files(&d.path("out")).len() < 3 && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    unsafe_kill(child.id());
    let _ = child.wait();
    let done = all_complete(&d.path("out"));
    assert!(done < 40, "the run was killed before finishing ({done})");
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    assert_eq!(all_complete(&d.path("out")), 40);
    let leftovers: Vec<_> = std::fs::read_dir(d.path("out"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

/// SIGKILL through the `kill` command: no libc dependency for one call.
fn unsafe_kill(pid: u32) {
    let status = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn shipped_sample_county_renders_and_sums_in_wan() {
    let d = Dir::new();
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data/示例县");
    let r = d.run(&[data, "-o", "out"]).expect(0);
    assert!(r.stderr().contains("已生成 12 个"), "{}", r.stderr());
    assert_eq!(all_complete(&d.path("out")), 12);
    // 档案馆 writes 元: its report keeps 元, the county summary shows 万元.
    let text = docx_text(&d.path("out/示例县档案馆.docx"));
    assert!(text.contains("1861122.57元"), "amounts in the file's unit");
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let row = csv.lines().find(|l| l.contains("档案馆")).unwrap();
    assert!(row.contains(",186.11,"), "{row}");
}

/// Issue 9: the county desk prints the summary on landscape A4, one page
/// wide, with the header row on every page.
#[test]
fn summary_workbook_prints_landscape_a4_fit_to_width() {
    let d = Dir::new();
    county(&d, 2);
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let xlsx = d.path("out/汇总表.xlsx");
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    let setup = sheet
        .split("<pageSetup ")
        .nth(1)
        .and_then(|s| s.split("/>").next())
        .unwrap_or_else(|| panic!("no pageSetup: {sheet}"));
    assert!(setup.contains("paperSize=\"9\""), "A4: {setup}");
    assert!(setup.contains("orientation=\"landscape\""), "{setup}");
    assert!(setup.contains("fitToHeight=\"0\""), "any height: {setup}");
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
    assert!(
        sheet.contains("<printOptions horizontalCentered=\"1\"/>"),
        "{sheet}"
    );
    assert!(sheet.contains("第 &amp;P 页，共 &amp;N 页"), "page numbers");
    let book = zip_entry(&xlsx, "xl/workbook.xml");
    assert!(
        book.contains(
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">汇总表!$1:$1</definedName>"
        ),
        "{book}"
    );
}

/// Issue 9: an incremental run counts the warnings its workbook lists.
#[test]
fn incremental_run_counts_warnings_of_unchanged_departments() {
    let d = Dir::new();
    county(&d, 3);
    let r = d.run(&["county", "-o", "out"]).expect(0);
    // Each department: a project over budget, and the 1 point its 97.77%
    // rate costs.
    assert!(r.stderr().contains("警告 6 条"), "{}", r.stderr());
    let r = d.run(&["county", "-o", "out"]).expect(0);
    let err = r.stderr();
    assert!(
        err.contains("未变化 3 个") && err.contains("警告 6 条"),
        "{err}"
    );
    // Each counted warning is shown, with its file.
    assert_eq!(err.matches("超过项目预算").count(), 3, "{err}");
    assert_eq!(err.matches("预算执行率扣了 1 分").count(), 3, "{err}");
    assert!(err.contains("d02.yaml"), "{err}");
}

/// Issue 9: the totals row says which departments it leaves out.
#[test]
fn totals_row_names_the_rejected_departments_it_leaves_out() {
    let d = Dir::new();
    county(&d, 5);
    for f in ["county/d03.yaml", "county/乡镇/d05.yaml"] {
        let p = d.path(f);
        let src = std::fs::read_to_string(&p)
            .unwrap()
            .replace("公用经费: 15.56", "公用经费: -1");
        std::fs::write(&p, src).unwrap();
    }
    let r = d.run(&["county", "-o", "out", "--quiet"]).expect(1);
    let want = "合计未含 2 个未通过的单位（d03.yaml、乡镇/d05.yaml）";
    assert!(r.stderr().contains(want), "{}", r.stderr());
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let last = csv.lines().last().unwrap();
    assert!(
        last.starts_with("合计（3个单位，另有2个未通过未计入）"),
        "{last}"
    );
    assert!(last.contains(want), "{last}");
    assert!(
        last.contains("收入合计、基本支出、项目支出、支出合计、预算数和执行率"),
        "{last}"
    );
    let strings = zip_entry(&d.path("out/汇总表.xlsx"), "xl/sharedStrings.xml");
    assert!(
        strings.contains("合计（3个单位，另有2个未通过未计入）"),
        "{strings}"
    );
    assert!(strings.contains(want), "{strings}");

    // All accepted: the plain label, no note.
    let d = Dir::new();
    county(&d, 2);
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let last = csv.lines().last().unwrap();
    assert!(
        last.starts_with("合计（2个单位）,") && !last.contains("未含"),
        "{last}"
    );
}

/// Issue 9: reports whose YAML is gone are listed, never deleted.
#[test]
fn reports_whose_yaml_is_gone_are_listed_as_orphaned() {
    let d = Dir::new();
    county(&d, 3);
    d.run(&["county", "-o", "out", "--pdf"]).expect(0);
    std::fs::remove_file(d.path("county/d02.yaml")).unwrap();
    let r = d.run(&["county", "-o", "out"]).expect(0);
    let err = r.stderr();
    assert!(
        err.contains("输出文件夹中有 2 份报告的 YAML 文件已不存在（报告保留未删除）：")
            && err.contains("d02.docx、")
            && err.contains("d02.pdf"),
        "{err}"
    );
    assert!(d.path("out/d02.docx").is_file() && d.path("out/d02.pdf").is_file());
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("d02.docx"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        row.contains("孤立报告：") && row.contains("d02.yaml"),
        "{row}"
    );
    let strings = zip_entry(&d.path("out/汇总表.xlsx"), "xl/sharedStrings.xml");
    assert!(strings.contains("孤立报告："), "{strings}");
    // Still listed on the next run; gone from the list once deleted.
    let r = d.run(&["county", "-o", "out"]).expect(0);
    assert!(r.stderr().contains("d02.docx"), "{}", r.stderr());
    std::fs::remove_file(d.path("out/d02.docx")).unwrap();
    std::fs::remove_file(d.path("out/d02.pdf")).unwrap();
    let r = d.run(&["county", "-o", "out"]).expect(0);
    assert!(!r.stderr().contains("已不存在"), "{}", r.stderr());
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    assert!(!csv.contains("孤立报告"), "{csv}");
}

/// Issue 9: a county's broken template is one error (exit 2), not every
/// department rejected; nothing is written.
#[test]
fn template_error_is_reported_once_with_status_2() {
    let builtin = BUILTIN_TEMPLATE;
    let line = builtin.lines().count() + 2;
    for (extra, says) in [
        (
            "{{ no_such_var }}",
            format!("report.tera 第{line}行第4列渲染出错：变量“no_such_var”不存在"),
        ),
        ("{% if %}", format!("report.tera 第{line}行第7列语法错误")),
    ] {
        let d = Dir::new();
        county(&d, 3);
        d.write("my/report.tera", &format!("{builtin}\n{extra}\n"));
        let r = d
            .run(&["county", "-o", "out", "--template", "./my"])
            .expect(2);
        let err = r.stderr();
        assert_eq!(err.matches(&says).count(), 1, "{err}");
        assert!(err.contains(&format!("{line} | {extra}")), "{err}");
        assert!(!err.contains("is not defined"), "no English: {err}");
        assert!(err.contains("模板") && !err.contains("未通过"), "{err}");
        assert!(
            !err.contains("d01.yaml") && !d.path("out").exists(),
            "{err}"
        );
    }
}

/// A template that fails only on some departments' data: those are named
/// under one template error (exit 2); the others render.
#[test]
fn data_dependent_template_error_is_one_error_naming_its_departments() {
    let builtin = BUILTIN_TEMPLATE;
    let d = Dir::new();
    county(&d, 4);
    let extra = "{% if dept == \"示例县第2局\" or dept == \"示例县第3局\" %}{{ nope }}{% endif %}";
    d.write("my/report.tera", &format!("{builtin}\n{extra}\n"));
    let r = d
        .run(&["county", "-o", "out", "--template", "./my"])
        .expect(2);
    let err = r.stderr();
    assert_eq!(err.matches("变量“nope”不存在").count(), 1, "{err}");
    assert!(
        err.contains("涉及 2 个单位（未生成）：d02.yaml、d03.yaml"),
        "{err}"
    );
    assert!(err.contains("未通过 0 个，模板出错 2 个"), "{err}");
    assert!(d.path("out/d01.docx").is_file() && !d.path("out/d02.docx").exists());
}

/// A manifest written before paths were recorded learns them on the next
/// run, unchanged departments included, so their orphans are found later.
#[test]
fn orphans_are_found_after_a_manifest_without_paths() {
    let d = Dir::new();
    county(&d, 2);
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let path = d.path("out/.gen-report-manifest.json");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for e in json["entries"].as_object_mut().unwrap().values_mut() {
        e.as_object_mut().unwrap().remove("source").unwrap();
    }
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    let r = d.run(&["county", "-o", "out"]).expect(0);
    assert!(r.stderr().contains("未变化 2 个"), "{}", r.stderr());
    std::fs::remove_file(d.path("county/d01.yaml")).unwrap();
    let r = d.run(&["county", "-o", "out"]).expect(0);
    assert!(
        r.stderr()
            .contains("1 份报告的 YAML 文件已不存在（报告保留未删除）：d01.docx"),
        "{}",
        r.stderr()
    );
}
