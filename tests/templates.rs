//! Templates a county owns: listing and exporting the built-in sets, the
//! lookup rule (a folder in the current folder never shadows a built-in
//! set), and mistakes reported at the template file and line.

use crate::util::*;

const SETS: [&str; 2] = ["hunan", "表格式"];

#[test]
fn templates_lists_the_built_in_sets_and_where_county_sets_are_found() {
    let d = Dir::new();
    let out = d.run(&["templates"]).expect(0).stdout();
    for name in SETS {
        assert!(out.contains(name), "{out}");
    }
    assert!(out.contains("模板"), "{out}");
    // A county set in the configuration folder is found and listed.
    let config = d.path("config");
    std::fs::create_dir_all(config.join("gen-report/模板/本县")).unwrap();
    std::fs::write(
        config.join("gen-report/模板/本县/report.tera"),
        BUILTIN_TEMPLATE.replace("二、一般公共预算支出情况", "二、本县的写法"),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gen-report"))
            .args(args)
            .current_dir(d.path(""))
            .env("XDG_CONFIG_HOME", &config)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (listing, _) = run(&["templates"]);
    assert!(
        listing.contains("本县") && listing.contains("gen-report/模板/本县"),
        "{listing}"
    );
    d.write("a.yaml", EXAMPLE);
    let (_, err) = run(&["a.yaml", "--template", "本县"]);
    assert!(err.contains("模板文件夹") && err.contains("本县"), "{err}");
    assert!(docx_text(&d.path("output/a.docx")).contains("二、本县的写法"));
}

#[test]
fn export_writes_a_built_in_set_once_and_it_renders_as_the_original() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    for name in SETS {
        let dir = format!("copy-{name}");
        let note = d
            .run(&["templates", "--export", name, &dir])
            .expect(0)
            .stdout();
        assert!(note.contains(&dir), "{note}");
        assert!(d.path(&format!("{dir}/report.tera")).is_file());
        // Never over what is there.
        let again = d.run(&["templates", "--export", name, &dir]).expect(2);
        assert!(
            again.stderr().contains("已经存在，没有覆盖"),
            "{}",
            again.stderr()
        );
        // The copy renders what the built-in set renders.
        d.run(&[
            "a.yaml",
            "-o",
            &format!("by-name-{name}"),
            "--template",
            name,
        ])
        .expect(0);
        d.run(&[
            "a.yaml",
            "-o",
            &format!("by-copy-{name}"),
            "--template",
            &format!("./{dir}"),
        ])
        .expect(0);
        assert_eq!(
            docx_text(&d.path(&format!("by-name-{name}/a.docx"))),
            docx_text(&d.path(&format!("by-copy-{name}/a.docx")))
        );
    }
    let r = d.run(&["templates", "--export", "湖北", "x"]).expect(2);
    assert!(
        r.stderr().contains("没有名为“湖北”的内置模板"),
        "{}",
        r.stderr()
    );
}

#[test]
fn a_folder_named_like_a_built_in_set_in_the_current_folder_changes_nothing() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    d.run(&["a.yaml", "-o", "before"]).expect(0);
    let stale = BUILTIN_TEMPLATE.replace("二、一般公共预算支出情况", "二、旧的写法");
    d.write("hunan/report.tera", &stale);
    d.write("templates/hunan/report.tera", &stale);
    d.write("表格式/report.tera", &stale);
    let r = d.run(&["a.yaml", "-o", "after"]).expect(0);
    assert!(
        r.stderr().contains("内置模板“湖南式”"),
        "the run names its template: {}",
        r.stderr()
    );
    let text = docx_text(&d.path("after/a.docx"));
    assert!(!text.contains("旧的写法"));
    assert_eq!(text, docx_text(&d.path("before/a.docx")));
    d.run(&["a.yaml", "-o", "form", "--template", "表格式"])
        .expect(0);
    assert!(!docx_text(&d.path("form/a.docx")).contains("旧的写法"));
    // Named as a path, the folder is used.
    d.run(&["a.yaml", "-o", "old", "--template", "./hunan"])
        .expect(0);
    assert!(docx_text(&d.path("old/a.docx")).contains("旧的写法"));
}

/// Five typical mistakes, one at a time, in a copy of each built-in set:
/// each reported at the template file and line where it was made.
#[test]
fn template_mistakes_are_reported_at_their_file_and_line() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    for name in SETS {
        let dir = format!("t-{name}");
        d.run(&["templates", "--export", name, &dir]).expect(0);
        let original = std::fs::read_to_string(d.path(&format!("{dir}/report.tera"))).unwrap();
        let lines: Vec<&str> = original.lines().collect();
        let find = |pred: &dyn Fn(&str) -> bool| {
            lines
                .iter()
                .position(|l| pred(l))
                .unwrap_or_else(|| panic!("{name}: no such line"))
        };
        let edit = |at: usize, new: String| {
            let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            l[at] = new;
            l.join("\n") + "\n"
        };
        let h1 = find(&|l| l.starts_with("h1 "));
        let row =
            find(&|l| l.starts_with("| ") && l.matches(" | ").count() >= 2 && !l.contains("{%"));
        let dept = find(&|l| !l.starts_with("{") && l.contains("{{ dept }}"));
        let mistakes: Vec<(&str, String, usize, &str)> = vec![
            (
                "keyword",
                edit(h1, lines[h1].replacen("h1 ", "hl ", 1)),
                h1,
                "未知的行类型“hl”",
            ),
            (
                "table row",
                edit(row, format!("{} 多余 |", lines[row])),
                row,
                "列",
            ),
            (
                "unclosed if",
                edit(h1, format!("{{% if dept %}}\n{}", lines[h1])),
                h1,
                "{% if %} 没有结尾",
            ),
            (
                "variable",
                edit(
                    dept,
                    lines[dept].replacen("{{ dept }}", "{{ dept_name }}", 1),
                ),
                dept,
                "dept_name",
            ),
            (
                "filter",
                edit(
                    dept,
                    lines[dept].replacen("{{ dept }}", "{{ dept | upper2 }}", 1),
                ),
                dept,
                "过滤器“upper2”不存在",
            ),
        ];
        for (what, text, at, says) in mistakes {
            d.write(&format!("{dir}/report.tera"), &text);
            let r = d
                .run(&["a.yaml", "-o", "out", "--template", &format!("./{dir}")])
                .expect(2);
            let err = r.stderr();
            assert!(
                err.contains(&format!("report.tera 第{}行", at + 1)) && err.contains(says),
                "{name}, {what}: expected line {} and “{says}”:\n{err}",
                at + 1
            );
            assert!(
                !d.path("out/a.docx").exists(),
                "{name}, {what}: nothing written"
            );
        }
    }
}

#[test]
fn a_template_change_renders_again_and_the_run_and_workbook_name_the_set() {
    let d = Dir::new();
    d.write("county/a.yaml", EXAMPLE);
    d.write(
        "county/b.yaml",
        &EXAMPLE.replace("岳阳市示例区科技和工业信息化局", "示例区统计局"),
    );
    d.run(&["templates", "--export", "hunan", "mine"]).expect(0);
    let run = || {
        d.run(&["county", "-o", "out", "--template", "./mine"])
            .expect(0)
    };
    let first = run();
    assert!(first.stderr().contains("模板文件夹"), "{}", first.stderr());
    assert!(
        run().stderr().contains("已生成 0 个，未变化 2 个"),
        "nothing to redo"
    );
    // An edit to the county's copy re-renders every report it affects.
    let tera = d.path("mine/report.tera");
    let text = std::fs::read_to_string(&tera).unwrap();
    std::fs::write(
        &tera,
        text.replace("h1 十、其他需要说明的情况", "h1 十、其他需要说明的事项"),
    )
    .unwrap();
    let again = run();
    assert!(again.stderr().contains("已生成 2 个"), "{}", again.stderr());
    assert!(docx_text(&d.path("out/a.docx")).contains("十、其他需要说明的事项"));
    // The workbook records the set (its 概览 sheet's first row).
    let sheet = zip_entry(&d.path("out/汇总表.xlsx"), "xl/sharedStrings.xml");
    assert!(sheet.contains("报告模板：模板文件夹"), "{sheet}");
}
