use crate::util::*;

#[test]
fn help_is_readable_and_exits_zero() {
    let d = Dir::new();
    let r = d.run(&["--help"]).expect(0);
    let text = r.stdout();
    for needle in [
        "--pdf",
        "--check",
        "--template",
        "-o",
        "退出码",
        "gen-report 本单位.yaml --pdf",
    ] {
        assert!(text.contains(needle), "{needle} missing in help:\n{text}");
    }
}

#[test]
fn wrong_command_line_exits_two() {
    let d = Dir::new();
    d.run(&[]).expect(2);
    d.run(&["--bogus", "x.yaml"]).expect(2);
    let r = d.run(&["missing.yaml"]).expect(2);
    assert!(r.stderr().contains("missing.yaml"));
    d.write("a.yaml", EXAMPLE);
    d.run(&["a.yaml", "--no-docx"]).expect(2);
    d.run(&["a.yaml", "--template", "nowhere"]).expect(2);
}

#[test]
fn check_writes_nothing() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    let r = d.run(&["a.yaml", "--check"]).expect(0);
    assert!(r.stderr().contains("检查通过"), "{}", r.stderr());
    assert!(!d.path("output").exists());
}

#[test]
fn output_folder_option() {
    let d = Dir::new();
    d.write("in/科工局.yaml", EXAMPLE);
    d.run(&["in/科工局.yaml", "-o", "out"]).expect(0);
    assert!(d.path("out/科工局.docx").is_file());
}

#[test]
fn custom_template_folder_changes_wording_without_rust() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    let builtin = BUILTIN_TEMPLATE;
    d.write(
        "my/report.tera",
        &builtin.replace("二、一般公共预算支出情况", "二、本级财政拨款支出情况"),
    );
    d.run(&["a.yaml", "--template", "./my"]).expect(0);
    let text = docx_text(&d.path("output/a.docx"));
    assert!(text.contains("二、本级财政拨款支出情况"));
    assert!(!text.contains("二、一般公共预算支出情况"));
}

#[test]
fn minimal_file_with_only_required_keys_renders_both_formats() {
    let d = Dir::new();
    d.write(
        "min.yaml",
        "年度: 2024\n单位: 最小局\n收支:\n  预算: {年初预算数: 10}\n  基本支出: 10\n指标:\n  预算执行率: {分值: 10}\n  产出:\n    数量:\n      - {名称: 甲, 分值: 90, 得分: 90}\n",
    );
    let r = d.run(&["min.yaml", "--pdf"]).expect(0);
    assert!(r.stderr().contains("警告"), "empty 问题/措施 warn");
    let text = docx_text(&d.path("output/min.docx"));
    assert!(text.contains("2024年度最小局整体支出绩效自评报告"));
    assert!(
        text.contains("预算执行率为100.00%") && text.contains("自评总分100分"),
        "{text}"
    );
    assert!(pdf_text(&d.path("output/min.pdf")).contains("最小局"));
}

#[test]
fn template_can_declare_extra_indicator_names() {
    let d = Dir::new();
    let src = EXAMPLE.replace("    质量:    ", "    覆盖面:    ");
    assert_ne!(src, EXAMPLE);
    d.write("a.yaml", &src);
    let r = d.run(&["a.yaml", "--check"]).expect(1);
    assert!(r.stderr().contains("未知的项目“覆盖面”"), "{}", r.stderr());
    let builtin = BUILTIN_TEMPLATE;
    d.write("county/report.tera", builtin);
    d.write("county/指标目录.yaml", "产出: [覆盖面]\n");
    d.run(&["a.yaml", "--template", "./county"]).expect(0);
    assert!(docx_text(&d.path("output/a.docx")).contains("覆盖面指标"));
}

/// Issue 18: an officer's `--version` says which build this is.
#[test]
fn version_names_the_target_and_the_source_commit() {
    let d = Dir::new();
    let text = d.run(&["--version"]).expect(0).stdout();
    let target = format!("{}-", std::env::consts::ARCH);
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    assert!(text.contains(&target), "{target} missing: {text}");
    assert!(text.contains(std::env::consts::OS), "{text}");
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success());
    let commit = head.map_or("unknown".into(), |o| {
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    });
    assert!(
        text.contains(&format!("源代码提交 {commit}")),
        "{commit}: {text}"
    );
}
