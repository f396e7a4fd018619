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
    let builtin = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/hunan/report.tera"
    ))
    .unwrap();
    d.write(
        "my/report.tera",
        &builtin.replace("二、一般公共预算支出情况", "二、本级财政拨款支出情况"),
    );
    d.run(&["a.yaml", "--template", "my"]).expect(0);
    let text = docx_text(&d.path("output/a.docx"));
    assert!(text.contains("二、本级财政拨款支出情况"));
    assert!(!text.contains("二、一般公共预算支出情况"));
}
