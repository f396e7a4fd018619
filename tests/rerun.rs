//! Issue 11: a re-run parses only the files that changed. An unchanged
//! file's 单位 and 年度 come from the manifest for the checks across files,
//! and the summary pair is left alone when it would not change.

use crate::util::*;
use std::path::Path;

/// Department `name` with its 单位, `pad` comment lines moving every line.
fn dept(name: &str, pad: usize) -> String {
    let head = "# 更正说明\n".repeat(pad);
    format!(
        "{head}{}",
        EXAMPLE.replace("岳阳市示例区科技和工业信息化局", name)
    )
}

fn manifest(d: &Dir) -> serde_json::Value {
    let bytes = std::fs::read(d.path("out/.gen-report-manifest.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn the_manifest_records_each_departments_unit_and_year_where_written() {
    let d = Dir::new();
    let a = dept("甲局", 3);
    d.write("county/a.yaml", &a);
    d.write("county/b.yaml", &dept("乙局", 0));
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let m = manifest(&d);
    let claim = &m["entries"]["a"]["claim"];
    assert_eq!(claim["dept"]["v"], "甲局", "{m}");
    assert_eq!(claim["dept"]["line"], line_of(&a, "单位: 甲局"), "{m}");
    assert_eq!(claim["dept"]["col"], 5, "{m}");
    assert_eq!(claim["year"]["v"], 2024, "{m}");
    assert_eq!(claim["year"]["line"], line_of(&a, "年度: 2024"), "{m}");
    assert_eq!(m["entries"]["b"]["claim"]["dept"]["line"], 23, "{m}");
}

/// The duplicate is found though one of the two files is unchanged (not
/// parsed): both are named, each at its own line.
#[test]
fn a_duplicate_of_an_unchanged_file_names_both_at_their_lines() {
    let d = Dir::new();
    let a = dept("甲局", 2);
    d.write("county/a.yaml", &a);
    d.write("county/b.yaml", &dept("乙局", 0));
    d.write("county/c.yaml", &dept("丙局", 0));
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let c = dept("甲局", 5);
    d.write("county/c.yaml", &c);
    let err = d.run(&["county", "-o", "out"]).expect(1).stderr();
    let says = |file: &str, src: &str, other: &str| {
        format!(
            "{}:{}:5: 错误: 单位重复：“甲局”2024年度也在 {other} 中",
            Path::new("county").join(file).display(),
            line_of(src, "单位: 甲局")
        )
    };
    assert!(err.contains(&says("a.yaml", &a, "c.yaml")), "{err}");
    assert!(err.contains(&says("c.yaml", &c, "a.yaml")), "{err}");
    assert!(
        err.contains("已生成 0 个，未变化 1 个，未通过 2 个"),
        "{err}"
    );
    // Renamed back: c renders; a, unchanged, is sound again and its
    // report (same data, same template) current.
    d.write("county/c.yaml", &dept("丙局", 5));
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(
        err.contains("已生成 1 个，未变化 2 个，未通过 0 个"),
        "{err}"
    );
}

/// A file whose data fails to load still claims its 单位 (the raw tree is
/// read), from the same single parse, whether loading stops at a typing
/// mistake or further on.
#[test]
fn a_broken_file_still_claims_its_unit() {
    for (from, to) in [
        (
            "  - 个别项目资金下达较晚，项目实施和资金支付进度偏慢。",
            "  - 个别项目（如 #3泵站）进度较慢",
        ),
        ("    公用经费: 15.56", "    公用经费: 十五"),
    ] {
        let d = Dir::new();
        d.write("county/a.yaml", &dept("甲局", 0));
        let broken = dept("甲局", 0).replacen(from, to, 1);
        assert_ne!(broken, dept("甲局", 0));
        d.write("county/b.yaml", &broken);
        let err = d.run(&["county", "-o", "out"]).expect(1).stderr();
        assert!(err.contains("也在 b.yaml 中"), "{err}");
        assert!(err.contains("也在 a.yaml 中"), "{err}");
    }
}

/// A manifest entry of an older version has no 单位/年度: that department
/// renders again (and is recorded with them), rather than being left out
/// of the checks across files.
#[test]
fn an_entry_without_unit_and_year_renders_again() {
    let d = Dir::new();
    d.write("county/a.yaml", &dept("甲局", 0));
    d.write("county/b.yaml", &dept("乙局", 0));
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let path = d.path("out/.gen-report-manifest.json");
    let mut json = manifest(&d);
    json["entries"]["a"]
        .as_object_mut()
        .unwrap()
        .remove("claim");
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(err.contains("已生成 1 个，未变化 1 个"), "{err}");
    assert_eq!(manifest(&d)["entries"]["a"]["claim"]["dept"]["v"], "甲局");
}

/// Nothing changed: the summary pair is left as it is. Damaged, deleted or
/// edited since, it is written again, never left stale.
#[test]
fn the_summary_is_rewritten_only_when_it_would_change_or_was_damaged() {
    let d = Dir::new();
    for (f, name) in [("a", "甲局"), ("b", "乙局")] {
        d.write(&format!("county/{f}.yaml"), &dept(name, 0));
    }
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let (csv, xlsx) = (d.path("out/汇总表.csv"), d.path("out/汇总表.xlsx"));
    let (good_csv, good_xlsx) = (std::fs::read(&csv).unwrap(), std::fs::read(&xlsx).unwrap());
    let before = (modified(&csv), modified(&xlsx));
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    assert_eq!((modified(&csv), modified(&xlsx)), before, "left alone");

    // Same size, other bytes (an edit in Excel, a copy of an old one).
    let mut edited = good_csv.clone();
    edited[0] ^= 1;
    std::fs::write(&csv, &edited).unwrap();
    std::fs::remove_file(&xlsx).unwrap();
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    assert_eq!(std::fs::read(&csv).unwrap(), good_csv);
    assert_eq!(std::fs::read(&xlsx).unwrap(), good_xlsx);

    // A department changed: the summary shows it.
    d.write("county/b.yaml", &dept("乙局新名", 0));
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("乙局新名"), "{text}");
}

/// A single department's broken template: one template error (exit 2)
/// from its own render, the template rendered once, no folder left.
#[test]
fn a_single_departments_broken_template_is_one_template_error() {
    let builtin = BUILTIN_TEMPLATE;
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    d.write(
        "my/report.tera",
        &format!("{builtin}\n{{{{ no_such_var }}}}\n"),
    );
    let err = d
        .run(&["a.yaml", "-o", "out", "--template", "./my"])
        .expect(2)
        .stderr();
    assert_eq!(err.matches("变量“no_such_var”不存在").count(), 1, "{err}");
    assert!(err.contains("模板") && !err.contains("未通过 1"), "{err}");
    assert!(!d.path("out").exists(), "{err}");
}

/// Nothing changed: the manifest is not written again either; it is when
/// an output had to be hashed (written too close to the manifest for its
/// time to be trusted), so that the next run can trust it.
#[test]
fn a_rerun_with_nothing_changed_leaves_the_manifest_alone() {
    let d = Dir::new();
    d.write("county/a.yaml", &dept("甲局", 0));
    d.write("county/b.yaml", &dept("乙局", 0));
    let path = d.path("out/.gen-report-manifest.json");
    let pause = || std::thread::sleep(std::time::Duration::from_millis(250));
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let first = modified(&path);
    pause();
    // The summary was written just before the manifest: hashed, so the
    // manifest is written again, later.
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    let second = modified(&path);
    assert!(second > first);
    pause();
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(err.contains("未变化 2 个"), "{err}");
    assert_eq!(modified(&path), second);
    d.write("county/b.yaml", &dept("乙局新名", 0));
    d.run(&["county", "-o", "out", "--quiet"]).expect(0);
    assert!(modified(&path) > second);
    assert_eq!(manifest(&d)["entries"]["b"]["row"]["dept"], "乙局新名");
}

/// The summary pair is made while the departments render, from the rows
/// they should have; a department that then fails (here the county's
/// template, on its data) is shown as it came out, not as expected.
#[test]
fn the_summary_shows_a_department_the_template_failed_on() {
    let builtin = BUILTIN_TEMPLATE;
    let d = Dir::new();
    for (f, name) in [("a", "甲局"), ("b", "乙局"), ("c", "丙局")] {
        d.write(&format!("county/{f}.yaml"), &dept(name, 0));
    }
    let extra = "{% if dept == \"乙局\" %}{{ nope }}{% endif %}";
    d.write("my/report.tera", &format!("{builtin}\n{extra}\n"));
    d.run(&["county", "-o", "out", "--template", "./my"])
        .expect(2);
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let row = |f: &str| csv.lines().find(|l| l.starts_with(f)).unwrap().to_string();
    assert!(row("b.yaml").contains("未通过：模板出错"), "{csv}");
    assert!(
        row("a.yaml").contains("通过") && !row("a.yaml").contains("未通过"),
        "{csv}"
    );
    assert!(
        csv.contains("合计（2个单位，另有1个未通过未计入）"),
        "{csv}"
    );
}
