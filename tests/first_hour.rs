//! Issue 21, an officer's first hour: every problem of a file in one run
//! (layout slips, value slips and wrong totals together), messages that
//! explain (the key at hand in the hint, the rule behind a lost point, the
//! parts of a total, the level whose weights are off).

use crate::util::*;

/// Runs `--pdf` on `src` as 本单位.yaml: rejected, nothing written.
fn rejected(src: &str) -> String {
    let d = Dir::new();
    d.write("本单位.yaml", src);
    let r = d.run(&["本单位.yaml", "--pdf"]).expect(1);
    assert!(
        !d.path("output").exists(),
        "nothing written for a rejected file"
    );
    r.stderr()
}

/// The message printed for line `line`, with its 位置 and 提示 lines.
fn at_line(stderr: &str, line: usize) -> Vec<String> {
    let head = format!("本单位.yaml:{line}:");
    let mut out = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(l) = lines.next() {
        if !l.starts_with(&head) {
            continue;
        }
        let mut said = l.to_string();
        while let Some(next) = lines.next_if(|n| n.starts_with("    ")) {
            said.push('\n');
            said.push_str(next);
        }
        out.push(said);
    }
    out
}

/// Asserts one message at `line` says every one of `says`.
fn said(stderr: &str, line: usize, says: &[&str]) {
    let found = at_line(stderr, line);
    assert!(
        found.iter().any(|m| says.iter().all(|s| m.contains(s))),
        "line {line} should say {says:?}; it says {found:#?}\n\nall:\n{stderr}"
    );
}

fn edit(src: &str, from: &str, to: &str) -> String {
    assert!(src.contains(from), "{from}");
    src.replacen(from, to, 1)
}

/// The example with ten independent slips of the three kinds, and one
/// read with a warning.
fn ten_slips() -> String {
    let mut src = EXAMPLE.to_string();
    // Layout: a Tab, a key written twice, a key without its colon.
    src = edit(&src, "    退休人数: 25", "\t退休人数: 25");
    src = edit(
        &src,
        "  联系电话: \"0730-8418758\"               # 联系电话，请加英文双引号\n",
        "  联系电话: \"0730-8418758\"\n  联系电话: \"0730-8418759\"\n",
    );
    src = edit(&src, "结果应用: 本单位", "结果应用 本单位");
    // Values: a thousands comma, a unit, 得分 over 分值, weights of 105,
    // a misspelt key.
    src = edit(
        &src,
        "一般公共预算拨款: 860.02",
        "一般公共预算拨款: 2,345.67",
    );
    src = edit(&src, "资产总额: 292.76,", "资产总额: 292.76万元,");
    src = edit(
        &src,
        "完成值: \"20家\"\n        分值: 5\n        得分: 5",
        "完成值: \"20家\"\n        分值: 5\n        得分: 6",
    );
    src = edit(
        &src,
        "完成值: \"99%\"\n        分值: 5",
        "完成值: \"99%\"\n        分值: 10",
    );
    src = edit(&src, "单位编码: \"101001\"", "单位编号: \"101001\"");
    // Totals: 支出合计 and 总分 written wrong.
    src = edit(&src, "支出合计: 860.90", "支出合计: 861.90");
    src = edit(&src, "总分: 98", "总分: 97");
    // And a slip that is only read with a warning.
    src = edit(&src, "单位: 岳阳市", "单位:岳阳市");

    src
}

/// Ten independent slips of the three kinds: all of them in one run,
/// each at its line.
#[test]
fn every_slip_of_a_file_is_reported_in_one_run() {
    let src = ten_slips();
    let err = rejected(&src);
    said(&err, line_of(&src, "\t退休人数"), &["错误", "Tab 制表符"]);
    said(
        &err,
        line_of(&src, "0730-8418759"),
        &["错误", "“联系电话”在同一级写了两次"],
    );
    said(
        &err,
        line_of(&src, "结果应用 本单位"),
        &["错误", "“结果应用”后面缺少冒号"],
    );
    said(&err, line_of(&src, "2,345.67"), &["错误", "千分位逗号"]);
    said(&err, line_of(&src, "292.76万元"), &["错误", "不要写单位"]);
    said(
        &err,
        line_of(&src, "        得分: 6"),
        &["错误", "得分 6 超过了分值 5"],
    );
    said(
        &err,
        line_of(&src, "  满意度:"),
        &[
            "错误",
            "分值合计应为 100，实际为 105",
            "满意度 15（标准为 10）",
        ],
    );
    said(
        &err,
        line_of(&src, "单位编号"),
        &["错误", "未知的项目“单位编号”", "单位编码"],
    );
    said(
        &err,
        line_of(&src, "支出合计: 861.90"),
        &[
            "错误",
            "支出合计（基本支出 + 项目支出）写的是 861.90万元，按明细计算应为 860.90万元",
        ],
    );
    said(
        &err,
        line_of(&src, "总分: 97"),
        &[
            "错误",
            "总分写的是 97，按各项得分相加应为 99（预算执行率 9 + 产出 50 + 效益 30 + 满意度 10）",
        ],
    );
    said(
        &err,
        line_of(&src, "单位:岳阳市"),
        &["警告", "“单位”的冒号后面没有空格"],
    );
    // The total over the unreadable 收入 waits, and says for which line.
    said(
        &err,
        line_of(&src, "  结余: 0.84"),
        &[
            "警告",
            &format!(
                "结余（收入合计 − 支出合计）这次没有核对：它所依据的第 {} 行有错误",
                line_of(&src, "2,345.67")
            ),
        ],
    );
    // Ten errors and nothing that echoes them.
    assert_eq!(err.matches(": 错误: ").count(), 10, "{err}");
    assert!(!err.contains("YAML 格式错误"), "{err}");
}

/// A total over an unreadable figure is not judged; one over good
/// figures is, in the same run.
#[test]
fn a_total_waits_only_for_the_figures_it_sums() {
    let src = edit(EXAMPLE, "人员经费: 177.57", "人员经费: 177,57");
    let src = edit(&src, "项目支出合计: 667.77", "项目支出合计: 667.87");
    let src = edit(&src, "总分: 98", "总分: 99");
    let err = rejected(&src);
    let bad = line_of(&src, "177,57");
    said(&err, bad, &["错误", "千分位逗号"]);
    said(
        &err,
        line_of(&src, "项目支出合计: 667.87"),
        &[
            "错误",
            "项目支出合计写的是 667.87万元，按明细计算应为 667.77万元",
        ],
    );
    said(
        &err,
        line_of(&src, "  支出合计: 860.90"),
        &[
            "警告",
            &format!("支出合计（基本支出 + 项目支出）这次没有核对：它所依据的第 {bad} 行有错误"),
        ],
    );
    // 总分 needs the rate, the rate needs 支出合计.
    said(
        &err,
        line_of(&src, "总分: 99"),
        &[
            "警告",
            &format!(
                "总分这次没有核对：预算执行率得分要按执行率计算，而它所依据的第 {bad} 行有错误"
            ),
        ],
    );
    assert_eq!(err.matches(": 错误: ").count(), 2, "{err}");
}

/// A colon slip is said in plain words, and its hint shows the line at
/// hand put right (not a line from elsewhere).
#[test]
fn colon_slips_are_said_with_the_key_at_hand() {
    let src = edit(EXAMPLE, "年度: 2024", "年度:2024");
    let src = edit(&src, "总分: 98", "总分：98");
    let d = Dir::new();
    d.write("本单位.yaml", &src);
    let err = d.run(&["本单位.yaml", "--check"]).expect(0).stderr();
    let year = line_of(&src, "年度:2024");
    let found = at_line(&err, year);
    assert_eq!(
        found,
        [format!(
            "本单位.yaml:{year}:3: 警告: “年度”的冒号后面没有空格，已按“年度: 2024”读取\n    位置: 年度\n    提示: 名称和值之间请用英文冒号加一个空格，例如 年度: 2024"
        )],
        "{err}"
    );
    said(
        &err,
        line_of(&src, "总分：98"),
        &[
            "警告: “总分”后面用了全角冒号“：”，已按“总分: 98”读取",
            "例如 总分: 98",
        ],
    );
    assert!(!err.contains("人员经费: 177.57"), "{err}");
}

/// A rate that costs points says the rule; a 总分 that misses by those
/// points names them.
#[test]
fn a_low_rate_shows_the_rule_and_the_total_names_it() {
    // 860.90 ÷ 1227.40 = 70.14%.
    let src = edit(EXAMPLE, "全年预算数: 880.57", "全年预算数: 1227.40");
    let err = rejected(&src);
    said(
        &err,
        line_of(&src, "  预算执行率:"),
        &[
            "警告: 预算执行率扣了 10 分：执行率 70.14%，偏离 100% 29.86 个百分点，每满 2 个百分点扣 1 分，分值 10 得 0 分",
            "执行率 = 支出合计 860.90 ÷ 全年预算数 1227.40",
        ],
    );
    said(
        &err,
        line_of(&src, "总分: 98"),
        &[
            "错误: 总分写的是 98，按各项得分相加应为 89（预算执行率 0 + 产出 49 + 效益 30 + 满意度 10）",
            "扣分的有：预算执行率 扣 10 分（执行率 70.14%，偏离 100% 29.86 个百分点，每满 2 个百分点扣 1 分，分值 10 得 0 分）；产出 扣 1 分（分值 50，得分 49）",
        ],
    );
    // The rate's rule is shown where a written 得分 departs from it, too.
    let src = edit(
        EXAMPLE,
        "    分值: 10                             # 预算执行率",
        "    分值: 10\n    得分: 10   # 写了得分\n    # 预算执行率",
    );
    let d = Dir::new();
    d.write("本单位.yaml", &src);
    let err = d.run(&["本单位.yaml", "--check"]).expect(1).stderr();
    said(
        &err,
        line_of(&src, "得分: 10   # 写了得分"),
        &[
            "预算执行率得分写的是 10，按规则（执行率 97.77%，偏离 100% 2.23 个百分点，每满 2 个百分点扣 1 分，分值 10 得 9 分）应为 9",
        ],
    );
}

/// Weights off 100 are said at the 一级 that departs from the standard
/// split, with its 二级 parts.
#[test]
fn weights_off_are_said_at_the_level_that_is_off() {
    let src = edit(
        EXAMPLE,
        "      - 名称: 工业企业节能降耗\n        指标值: 定性\n        完成值: 有效加强\n        分值: 5",
        "      - 名称: 工业企业节能降耗\n        指标值: 定性\n        完成值: 有效加强\n        分值: 10",
    );
    let err = rejected(&src);
    said(
        &err,
        line_of(&src, "  效益:"),
        &[
            "错误: 分值合计应为 100，实际为 105（预算执行率 10 + 产出 50 + 效益 35 + 满意度 10）：效益 35（标准为 30）",
            "标准分配为 预算执行率 10 / 产出 50 / 效益 30 / 满意度 10",
            "效益的分值由其下各项相加：经济效益 10 + 社会效益 10 + 生态效益 10 + 可持续影响 5",
        ],
    );
    assert!(
        !at_line(&err, line_of(&src, "指标:"))
            .iter()
            .any(|m| m.contains("分值合计")),
        "{err}"
    );
}

/// Nothing typed in vain: last year's 收入 becomes a 同比 in the default
/// report; a key the chosen report does not print draws a warning there.
#[test]
fn what_a_report_does_not_print_is_said() {
    let src = edit(
        EXAMPLE,
        "  上年:                                  # 选填",
        "  上年:\n    收入: 812.34\n    # 选填",
    );
    let d = Dir::new();
    d.write("本单位.yaml", &src);
    let err = d.run(&["本单位.yaml"]).expect(0).stderr();
    let text = docx_text(&d.path("output/本单位.docx"));
    // 861.74 − 812.34 = 49.40, 6.08% of last year's.
    assert!(
        text.contains("本单位收入合计861.74万元，比上年增加49.40万元，增长6.08%"),
        "{text}"
    );
    assert!(!err.contains("不印"), "{err}");
    let src = format!("{src}封面:\n  地区: 示例区\n");
    d.write("本单位.yaml", &src);
    let err = d.run(&["本单位.yaml", "--check"]).expect(0).stderr();
    said(
        &err,
        line_of(&src, "封面:"),
        &["警告: 写了“封面”，但所用模板不印这一项：湖南式报告没有封面"],
    );
    let err = d
        .run(&["本单位.yaml", "--check", "--template", "表格式"])
        .expect(0)
        .stderr();
    said(
        &err,
        line_of(&src, "  上年:"),
        &["警告: 写了“收支.上年”，但所用模板不印这一项：表格式报告不写与上年的比较"],
    );
    said(
        &err,
        line_of(&src, "结果应用:"),
        &["警告: 写了“结果应用”，但所用模板不印这一项"],
    );
    assert!(!err.contains("“封面”"), "表格式 prints its cover: {err}");
}

/// A county template's declaration names a key of the data file, or the
/// template is refused with the line.
#[test]
fn a_template_declares_only_keys_of_the_file() {
    let d = Dir::new();
    let t = BUILTIN_TEMPLATE.replace("  不印：封面 湖南式", "  不印：封皮 湖南式");
    d.write("本县模板/report.tera", &t);
    d.write("本单位.yaml", EXAMPLE);
    let err = d
        .run(&["本单位.yaml", "--template", "./本县模板"])
        .expect(2)
        .stderr();
    let line = line_of(&t, "不印：封皮");
    assert!(
        err.contains(&format!(
            "第{line}行：“不印：”后面的“封皮”不是数据文件里的项目"
        )),
        "{err}"
    );
}

/// The PDF is dated the report's 报告日期, or the last day of the year it
/// evaluates when the date is left for hand filling; never a clock's, so
/// the same file gives the same bytes.
#[test]
fn the_pdf_is_dated_by_the_report() {
    let d = Dir::new();
    d.write("本单位.yaml", EXAMPLE);
    d.run(&["本单位.yaml", "--pdf", "--no-docx"]).expect(0);
    let pdf = d.path("output/本单位.pdf");
    let info = |p: &std::path::Path| {
        let out = tool("pdfinfo", &["-isodates", p.to_str().unwrap()]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = info(&pdf);
    assert!(
        first.contains("CreationDate:    2025-03-20T00:00:00Z"),
        "{first}"
    );
    let src = edit(EXAMPLE, "报告日期: 2025-03-20", "报告日期:");
    d.write("本单位.yaml", &src);
    d.run(&["本单位.yaml", "--pdf", "--no-docx"]).expect(0);
    let bytes = std::fs::read(&pdf).unwrap();
    let undated = info(&pdf);
    assert!(
        undated.contains("CreationDate:    2024-12-31T00:00:00Z"),
        "{undated}"
    );
    d.run(&["本单位.yaml", "--pdf", "--no-docx", "--force"])
        .expect(0);
    assert_eq!(std::fs::read(&pdf).unwrap(), bytes, "the same bytes again");
}

/// The 项目支出明细 合计 row totals the budgets written and gives their
/// overall 执行率.
#[test]
fn the_project_total_row_has_budget_and_rate() {
    let src = edit(EXAMPLE, "      预算: 101 ", "      预算: 667.5 ");
    let src = edit(
        &src,
        "      金额: 0.67\n",
        "      金额: 0.67\n      预算: 0.7\n",
    );
    let d = Dir::new();
    d.write("本单位.yaml", &src);
    d.run(&["本单位.yaml"]).expect(0);
    let text = docx_text(&d.path("output/本单位.docx"));
    // 667.77 ÷ 668.20 = 99.94%.
    assert!(text.contains("合计668.20667.7799.94%100.00%"), "{text}");
}

/// `gen-report schema FILE` says what it wrote and what it is for; to the
/// screen (no FILE) it prints the schema alone.
#[test]
fn schema_says_what_it_wrote() {
    let d = Dir::new();
    let out = d
        .run(&["schema", "部门数据.schema.json"])
        .expect(0)
        .stdout();
    assert!(d.path("部门数据.schema.json").is_file());
    assert!(
        out.starts_with("已写出 部门数据.schema.json") && out.contains("VS Code"),
        "{out}"
    );
    let printed = d.run(&["schema"]).expect(0).stdout();
    assert!(printed.starts_with('{'), "{printed}");
}

/// Slips met on a second first-hour walk (a 卫健局 from `gen-report new`):
/// `>=` typed for ≥, a list entry without its `- `, `: ` inside a sentence,
/// 万 after a number. Each is said once, at its line, with the rest of the
/// file checked in the same run.
#[test]
fn slips_of_a_second_walk_are_said_once_each() {
    let src = edit(EXAMPLE, "        指标值: \"≥5家\"", "        指标值: >=5家");
    let src = edit(
        &src,
        "    - 名称: 其他资金\n      金额: 0.67",
        "    名称: 其他资金\n      金额: 0.67",
    );
    let src = edit(
        &src,
        "  - 个别项目资金下达较晚，项目实施",
        "  - 个别项目资金下达较晚，原因: 项目实施",
    );
    let src = edit(&src, "公用经费: 15.56", "公用经费: 15.56万");
    let err = rejected(&src);
    said(
        &err,
        line_of(&src, "指标值: >=5家"),
        &[
            "错误: 值不能以 > 开头",
            "“大于等于”请写成 ≥，或给整段文字加英文双引号，例如 \"≥5家\"",
        ],
    );
    let entry = line_of(&src, "    名称: 其他资金");
    said(
        &err,
        entry,
        &["错误: 这一行和第 ", "清单项左对齐，但前面没有“- ”"],
    );
    assert!(
        at_line(&err, entry + 1).is_empty(),
        "the entry's mistake, said once: {err}"
    );
    said(
        &err,
        line_of(&src, "原因: 项目实施"),
        &[
            "这句话里的英文冒号加空格“: ”把它读成了“个别项目资金下达较晚，原因: …”；请改用中文冒号“：”",
        ],
    );
    assert!(!err.contains("没有填写任何内容"), "{err}");
    said(&err, line_of(&src, "15.56万"), &["错误", "不要写单位"]);
    said(&err, line_of(&src, "总分: 98"), &["警告: 总分这次没有核对"]);
    assert_eq!(err.matches(": 错误: ").count(), 4, "{err}");
}

/// A misspelt 二级 under a 一级 that holds the score carries no figure:
/// the weights and 总分 are checked all the same.
#[test]
fn a_misspelt_name_without_figures_holds_back_no_total() {
    let src = edit(
        EXAMPLE,
        "  满意度:                                # 一级指标：满意度指标\n    服务对象满意度:",
        "  满意度:\n    分值: 10\n    得分: 10\n    服务对像满意度:",
    );
    let rows = "        分值: 5\n        得分: 5\n        偏差: 无偏差\n";
    let cut = src.rfind(rows).unwrap();
    let src = format!("{}{}", &src[..cut], &src[cut..].replacen(rows, "", 1));
    let cut = src[..cut].rfind(rows).unwrap();
    let src = format!("{}{}", &src[..cut], &src[cut..].replacen(rows, "", 1));
    let src = edit(&src, "总分: 98", "总分: 97");
    let err = rejected(&src);
    said(
        &err,
        line_of(&src, "服务对像满意度"),
        &["错误: 未知的项目“服务对像满意度”", "服务对象满意度"],
    );
    said(
        &err,
        line_of(&src, "总分: 97"),
        &["错误: 总分写的是 97，按各项得分相加应为 98"],
    );
    assert!(!err.contains("没有核对"), "{err}");
}

/// A section left as `gen-report new` writes it (every key empty) says
/// nothing, so a report that does not print it has nothing to warn of.
#[test]
fn an_empty_section_is_not_written() {
    let src = format!("{EXAMPLE}封面:\n  地区:\n  评价方式:\n");
    let d = Dir::new();
    d.write("本单位.yaml", &src);
    let err = d.run(&["本单位.yaml", "--check"]).expect(0).stderr();
    assert!(!err.contains("封面"), "{err}");
}

/// `gen-report new`'s file with only what must be written filled in: its
/// sections and list entries left as written (empty) are left out, not
/// errors — an officer with no projects, no 说明 and no 评价人员 need not
/// delete anything first.
#[test]
fn a_new_file_filled_only_where_it_must_renders() {
    let d = Dir::new();
    d.run(&["new", "本单位.yaml"]).expect(0);
    let mut src = std::fs::read_to_string(d.path("本单位.yaml")).unwrap();
    for (from, to) in [
        ("年度:               #", "年度: 2024          #"),
        ("单位:               #", "单位: 示例县测试局  #"),
        ("    全年预算数:     #", "    全年预算数: 92  #"),
        ("    人员经费: 0 ", "    人员经费: 60 "),
        ("    公用经费: 0 ", "    公用经费: 30 "),
    ] {
        src = edit(&src, from, to);
    }
    for (group, score) in [("产出", "48"), ("效益", "30"), ("满意度", "10")] {
        let at = src.find(&format!("  {group}:")).unwrap();
        let rest = edit(
            &src[at..],
            "    得分:           #",
            &format!("    得分: {score}         #"),
        );
        src = format!("{}{rest}", &src[..at]);
    }
    d.write("本单位.yaml", &src);
    let err = d.run(&["本单位.yaml"]).expect(0).stderr();
    assert!(!err.contains("错误"), "{err}");
    assert!(!err.contains("名称空着"), "{err}");
    let text = docx_text(&d.path("output/本单位.docx"));
    // 90 ÷ 92 = 97.83%: 9 of 10; 9 + 48 + 30 + 10 = 97.
    assert!(text.contains("97.83%"), "{text}");
    assert!(text.contains("自评总分97分"), "{text}");
    // No sentence is left about what was left empty.
    assert!(!text.contains("年末。"), "{text}");
}
