use crate::util::*;

/// Runs one broken variant of the example and returns stderr (exit 1,
/// no output written).
fn rejected(src: &str) -> String {
    let d = Dir::new();
    d.write("dept.yaml", src);
    let r = d.run(&["dept.yaml", "--pdf"]).expect(1);
    assert!(
        !d.path("output/dept.docx").exists(),
        "no DOCX for a rejected file"
    );
    assert!(
        !d.path("output/dept.pdf").exists(),
        "no PDF for a rejected file"
    );
    r.stderr()
}

#[test]
fn typo_key_names_line_column_path_and_nearest_key() {
    let src = EXAMPLE.replace("  效益:    ", "  效宜:    ");
    let line = line_of(&src, "  效宜:");
    let err = rejected(&src);
    assert!(
        err.contains(&format!("dept.yaml:{line}:3: 错误: 未知的项目“效宜”")),
        "{err}"
    );
    assert!(err.contains("位置: 指标.效宜"), "{err}");
    assert!(err.contains("是不是要写“效益”"), "{err}");
}

#[test]
fn text_where_an_amount_belongs() {
    let src = EXAMPLE.replace("人员经费: 177.57", "人员经费: 一百七十七");
    let line = line_of(&src, "人员经费: 一百七十七");
    let err = rejected(&src);
    assert!(err.contains(&format!("dept.yaml:{line}:")), "{err}");
    assert!(err.contains("收支.基本支出.人员经费"), "{err}");
    assert!(err.contains("应填金额"), "{err}");
}

#[test]
fn negative_amount() {
    let src = EXAMPLE.replace("公用经费: 15.56", "公用经费: -15.56");
    let line = line_of(&src, "公用经费: -15.56");
    let err = rejected(&src);
    assert!(err.contains(&format!("dept.yaml:{line}:")), "{err}");
    assert!(err.contains("不能是负数"), "{err}");
}

#[test]
fn yaml_syntax_error() {
    // Named at the bracket itself (issue 9), not somewhere after it.
    let src = EXAMPLE.replace("  金额单位: 万元", "  金额单位: [万元");
    let line = line_of(&src, "金额单位: [万元");
    let err = rejected(&src);
    assert!(
        err.contains(&format!(
            "dept.yaml:{line}:9: 错误: 以 [ 开头的值在这一行没有对应的 ]"
        )),
        "{err}"
    );
}

#[test]
fn duplicate_key_is_rejected() {
    let src = EXAMPLE.replace(
        "    公用经费: 15.56",
        "    公用经费: 15.56\n    公用经费: 15.56",
    );
    let first = line_of(&src, "公用经费: 15.56");
    let err = rejected(&src);
    assert!(
        err.contains(&format!(
            "dept.yaml:{}:5: 错误: “公用经费”在同一级写了两次：第 {first} 行和第 {} 行",
            first + 1,
            first + 1
        )),
        "{err}"
    );
}

#[test]
fn wrong_total_and_weights_both_named_with_lines() {
    // 满意度 loses 5 points of weight and score: weights 95, parts 90 + 8.
    let src = EXAMPLE
        .replacen(
            "        分值: 5\n        得分: 5\n        偏差: 无偏差\n      - 名称: 科技特派员服务对象满意度",
            "        分值: 0\n        得分: 0\n        偏差: 无偏差\n      - 名称: 科技特派员服务对象满意度",
            1,
        )
        .replace("  总分: 98 ", "  总分: 95 ");
    let err = rejected(&src);
    let total_line = line_of(&src, "  总分: 95");
    // At the 一级 whose weights are off: 满意度 has 5 where 10 is standard.
    let weights_line = line_of(&src, "  满意度:");
    assert!(
        err.contains(&format!("dept.yaml:{total_line}:")) && err.contains("总分写的是 95"),
        "{err}"
    );
    assert!(
        err.contains(&format!("dept.yaml:{weights_line}:"))
            && err.contains("分值合计应为 100，实际为 95"),
        "{err}"
    );
}

#[test]
fn rejected_file_leaves_previous_report_untouched() {
    let d = Dir::new();
    d.write("dept.yaml", EXAMPLE);
    d.run(&["dept.yaml"]).expect(0);
    let before = std::fs::read(d.path("output/dept.docx")).unwrap();
    d.write(
        "dept.yaml",
        &EXAMPLE.replace("公用经费: 15.56", "公用经费: abc"),
    );
    d.run(&["dept.yaml"]).expect(1);
    assert_eq!(std::fs::read(d.path("output/dept.docx")).unwrap(), before);
}

#[test]
fn warnings_still_render() {
    let src = EXAMPLE.replace("在职人数: 10 ", "在职人数: 12 ");
    let d = Dir::new();
    d.write("dept.yaml", &src);
    let r = d.run(&["dept.yaml"]).expect(0);
    assert!(
        r.stderr().contains("警告: 在职人数 12 超过编制数 10"),
        "{}",
        r.stderr()
    );
    assert!(d.path("output/dept.docx").is_file());
}

#[test]
fn a_required_key_left_empty_is_asked_for_at_its_line() {
    // As in a file from `gen-report new` before it is filled in.
    let src = EXAMPLE.replacen("年度: 2024", "年度:", 1);
    let line = line_of(&src, "年度:");
    let err = rejected(&src);
    assert!(
        err.contains(&format!("dept.yaml:{line}:1: 错误: 必填项“年度”还没有填写")),
        "{err}"
    );
    assert!(!err.contains("缺少必填项“年度”"), "{err}");
}
