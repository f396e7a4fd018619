use crate::util::*;
use std::path::Path;

/// A shipped sample department of `data/示例县/`.
fn sample(name: &str) -> String {
    let p = format!("{}/data/示例县/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// A seed transcription of `tests/data/`.
fn seed(name: &str) -> String {
    let p = format!("{}/tests/data/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// Renders `src` as `dept.yaml` (DOCX, and PDF when asked); returns the run.
fn render(d: &Dir, src: &str, pdf: bool) -> Run {
    d.write("dept.yaml", src);
    let mut args = vec!["dept.yaml"];
    if pdf {
        args.push("--pdf");
    }
    d.run(&args).expect(0)
}

/// One cell of a DOCX table row: its text and its vertical merge state.
#[derive(Debug, PartialEq)]
enum Merge {
    None,
    Restart,
    Continue,
}

/// The rows of the first DOCX table containing `marker`, cell by cell.
fn docx_rows(docx: &Path, marker: &str) -> Vec<Vec<(String, Merge)>> {
    let xml = zip_entry(docx, "word/document.xml");
    let table = xml
        .split("</w:tbl>")
        .map(|t| t.rfind("<w:tbl>").map_or(t, |i| &t[i..]))
        .find(|t| xml_text(t).contains(marker))
        .unwrap_or_else(|| panic!("no table with {marker}"));
    table
        .split("</w:tr>")
        .filter(|r| r.contains("<w:tc>") || r.contains("<w:tc "))
        .map(|r| {
            r.split("</w:tc>")
                .filter(|c| c.contains("<w:tc"))
                .map(|c| {
                    let merge = match (c.contains("w:vMerge"), c.contains("restart")) {
                        (false, _) => Merge::None,
                        (true, true) => Merge::Restart,
                        (true, false) => Merge::Continue,
                    };
                    (xml_text(c), merge)
                })
                .collect()
        })
        .collect()
}

/// The row of `rows` whose cells include `name`.
fn row<'a>(rows: &'a [Vec<(String, Merge)>], name: &str) -> &'a [(String, Merge)] {
    rows.iter()
        .find(|r| r.iter().any(|(t, _)| t == name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

/// Lines of the PDF's 自评表 (from its indicator header on) whose
/// whitespace-separated tokens hold `weight` right before `score`.
fn pdf_score_lines(pdf: &Path, weight: &str, score: &str) -> Vec<String> {
    let text = pdf_text(pdf);
    let table = &text[text.find("偏差原因").expect("自评表 header")..];
    table
        .lines()
        .filter(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            t.windows(2).any(|w| w[0] == weight && w[1] == score)
        })
        .map(String::from)
        .collect()
}

#[test]
fn seeds_000_002_003_are_accepted_under_contract_v2() {
    let d = Dir::new();
    for name in ["seed000", "seed002", "seed003"] {
        d.write(&format!("seeds/{name}.yaml"), &seed(name));
    }
    let r = d.run(&["seeds", "--check"]).expect(0);
    let err = r.stderr();
    assert!(err.contains("检查通过 3 个"), "{err}");
    // 000 and 003 have no 预算 and no scores: both are said, not hidden.
    assert!(
        err.contains("seed000.yaml") && err.contains("总分 85 和等级无法核对"),
        "{err}"
    );
    assert!(err.contains("总分 95 和等级无法核对"), "{err}");
    assert!(err.contains("没有写预算数"), "{err}");
    // 002: income below spending, a project far over its budget.
    assert!(err.contains("结余为负数（-0.08万元）"), "{err}");
    assert!(err.contains("超过项目预算 34.00万元"), "{err}");
}

#[test]
fn seed_002_scores_at_level_one_with_its_table_total() {
    let d = Dir::new();
    render(&d, &seed("seed002"), false);
    let p = d.path("output/dept.docx");
    let text = docx_text(&p);
    assert!(text.contains("预算执行率为953.91%"), "rate over 年初预算数");
    assert!(text.contains("该指标分值10分，得0分"));
    assert!(text.contains("自评总分88分"));
    let rows = docx_rows(&p, "三级指标");
    // 产出 holds 分值 50 / 得分 50 in one cell over its three rows.
    let first = row(&rows, "重点工作任务完成");
    assert_eq!(first[5].1, Merge::Continue, "{first:?}");
    let shuliang = rows
        .iter()
        .find(|r| r.iter().any(|(t, _)| t == "数量指标"))
        .unwrap();
    assert_eq!(shuliang[5], ("50".to_string(), Merge::Restart));
    assert_eq!(shuliang[6], ("50".to_string(), Merge::Restart));
}

#[test]
fn level_two_score_is_one_cell_merged_down_its_rows_in_docx_and_pdf() {
    let d = Dir::new();
    render(&d, &sample("示例县科学技术协会"), true);
    let docx = d.path("output/dept.docx");
    let rows = docx_rows(&docx, "三级指标");
    let a = row(&rows, "公众科学素质提升");
    let b = row(&rows, "青少年科技兴趣培养");
    assert_eq!(a[5], ("20".to_string(), Merge::Restart), "{a:?}");
    assert_eq!(a[6], ("18".to_string(), Merge::Restart), "{a:?}");
    assert_eq!(b[5], (String::new(), Merge::Continue), "{b:?}");
    assert_eq!(b[6], (String::new(), Merge::Continue), "{b:?}");
    // A 三级-scored row beside it keeps its own cells.
    let own = row(&rows, "科普阵地长效运行");
    assert_eq!(own[5], ("10".to_string(), Merge::None), "{own:?}");
    let text = docx_text(&docx);
    assert!(text.contains("社会效益分值20分，得18分，其中：“公众科学素质提升”"));
    assert!(
        text.contains("乡村覆盖面仍不足，扣2分"),
        "the 二级 说明 is printed"
    );
    assert!(
        text.contains("自评等级为“优秀”"),
        "a stated 等级 is printed as written"
    );
    // PDF: the merged score is drawn once, between its two rows.
    let pdf = d.path("output/dept.pdf");
    let lines = pdf_score_lines(&pdf, "20", "18");
    assert_eq!(lines.len(), 1, "{lines:?}");
    let words = pdf_words(&pdf);
    let top = |w: &str| words.iter().find(|(t, ..)| t.starts_with(w)).map(|x| x.1);
    let (first, second) = (top("公众科学").unwrap(), top("青少年科").unwrap());
    let twenty: Vec<f32> = words
        .iter()
        .filter(|(t, ..)| t == "20")
        .map(|x| x.1)
        .collect();
    assert!(
        twenty.iter().any(|&y| y > first && y < second + 1.0) && twenty.len() == 1,
        "20 at {twenty:?}, rows at {first} and {second}"
    );
}

/// The words of the page where the 自评表 shows the score 20 and 18
/// (not the prose that quotes them), with the top of each: (text, y).
fn pdf_words(pdf: &Path) -> Vec<(String, f32)> {
    let out = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let page = text
        .split("<page ")
        .find(|p| {
            p.contains(">20</word>") && p.contains(">18</word>") && p.contains(">一级</word>")
        })
        .expect("the 自评表's page");
    page.lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix("<word ")?;
            let y: f32 = l.split("yMin=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let word = l.split('>').nth(1)?.split('<').next()?;
            Some((word.to_string(), y))
        })
        .collect()
}

#[test]
fn level_one_score_is_one_cell_merged_down_the_whole_group() {
    let d = Dir::new();
    render(&d, &sample("示例县统计局"), true);
    let docx = d.path("output/dept.docx");
    let rows = docx_rows(&docx, "三级指标");
    let first = row(&rows, "完成统计调查项目");
    assert_eq!(first[5], ("50".to_string(), Merge::Restart), "{first:?}");
    assert_eq!(first[6], ("47".to_string(), Merge::Restart), "{first:?}");
    for name in ["联网直报企业数", "数据审核差错率", "统计报表按期报送率"] {
        let r = row(&rows, name);
        assert_eq!(r[5], (String::new(), Merge::Continue), "{name}: {r:?}");
        assert_eq!(r[6], (String::new(), Merge::Continue), "{name}: {r:?}");
    }
    let text = docx_text(&docx);
    assert!(text.contains("产出指标分值50分，自评得分47分"));
    assert!(
        text.contains("内设机构4个；下属二级机构1个：示例县统计普查中心"),
        "a count instead of names"
    );
    assert!(
        text.contains("行政编制20人，事业编制8人"),
        "further head counts as written"
    );
    assert!(
        text.contains("控制率（在职人数÷编制数）92.86%"),
        "控制率 in 附件1"
    );
    let pdf = d.path("output/dept.pdf");
    assert_eq!(pdf_score_lines(&pdf, "50", "47").len(), 1);
}

#[test]
fn total_only_indicators_leave_out_the_self_evaluation_table_with_a_warning() {
    let d = Dir::new();
    let r = render(&d, &seed("seed000"), true);
    assert!(
        // At the 指标 line, saying the 自评表 is left out (issue 17).
        r.stderr().contains(
            ":39:1: 警告: 指标中没有三级指标、总体目标，也没有分值和得分：报告不附自评表"
        ),
        "{}",
        r.stderr()
    );
    let docx = d.path("output/dept.docx");
    let text = docx_text(&docx);
    assert!(!text.contains("部门整体支出绩效自评表"), "no 自评表");
    assert!(text.contains("自评总分85分（满分100分），自评等级为“良好”"));
    // §6.3: 合计 405.84 over 350.867 + 54.976 is accepted; the report shows the computed sum.
    assert!(text.contains("基本支出405.84万元"));
    let pdf_flat: String = pdf_text(&d.path("output/dept.pdf"))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(!pdf_flat.contains("部门整体支出绩效自评表"));
}

#[test]
fn budget_less_file_has_no_execution_rate_anywhere() {
    let d = Dir::new();
    let src = sample("示例县地方志编纂中心");
    let r = render(&d, &src, true);
    assert!(
        r.stderr().contains("没有写预算数（收支.预算）"),
        "{}",
        r.stderr()
    );
    let text = docx_text(&d.path("output/dept.docx"));
    assert!(!text.contains("执行率为"), "no rate sentence");
    assert!(!text.contains("预算执行率（"), "no rate row in 附件1");
    assert!(!text.contains("执行率（B/A）"), "no rate in the 自评表");
    assert!(text.contains("不计算预算执行率"));
    let pdf: String = pdf_text(&d.path("output/dept.pdf"))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(!pdf.contains("执行率为") && !pdf.contains("执行率（B/A）"));
    // 指标.说明 (a `|` block): each line its own paragraph, after the budget paragraph.
    let xml = zip_entry(&d.path("output/dept.docx"), "word/document.xml");
    let paras: Vec<String> = xml.split("</w:p>").map(xml_text).collect();
    let i = paras
        .iter()
        .position(|p| p == "本中心年度未单独编列部门预算数，支出按实际发生数反映。")
        .expect("first line of 说明 is a paragraph");
    assert_eq!(paras[i + 1], "自评按产出、效益、满意度三类指标进行。");
    // A 预算执行率 without 预算 is an error at its line.
    let bad = src.replace(
        "指标:\n  说明:",
        "指标:\n  预算执行率:\n    分值: 10\n  说明:",
    );
    d.write("bad.yaml", &bad);
    let err = d.run(&["bad.yaml", "--check"]).expect(1).stderr();
    let line = line_of(&bad, "  预算执行率:");
    assert!(err.contains(&format!("bad.yaml:{line}:")), "{err}");
    assert!(err.contains("不能给预算执行率计分"), "{err}");
}

#[test]
fn executed_figure_sets_the_rate_and_is_named() {
    let d = Dir::new();
    // The higher rate scores 10, so the stated 总分/等级 go.
    let src = sample("示例县科学技术协会")
        .replace("全年执行数: 330.15", "全年执行数: 335.20")
        .replace("  总分: 95\n  等级: 优秀\n", "");
    render(&d, &src, false);
    let text = docx_text(&d.path("output/dept.docx"));
    // 335.20 ÷ 338.60 = 98.9959…% → 99.00%.
    assert!(
        text.contains("全年执行数335.20万元（支出合计330.15万元），预算执行率为99.00%"),
        "{text}"
    );
    // Far from 支出合计: a warning.
    let far = src.replace("全年执行数: 335.20", "全年执行数: 290.00");
    d.write("far.yaml", &far);
    let err = d.run(&["far.yaml", "--check"]).expect(0).stderr();
    assert!(err.contains("相差超过 10%"), "{err}");
}

#[test]
fn economic_classes_render_and_a_mismatch_is_rejected_at_its_line() {
    let d = Dir::new();
    let src = sample("示例县科学技术协会");
    render(&d, &src, false);
    let text = docx_text(&d.path("output/dept.docx"));
    assert!(
        text.contains("按支出经济分类，工资福利支出188.52万元，占57.10%"),
        "{text}"
    );
    assert!(
        text.contains("支出经济分类工资福利支出188.52"),
        "rows of 附件1"
    );
    let bad = src.replace("资本性支出: 25.88", "资本性支出: 25.98");
    d.write("bad.yaml", &bad);
    let err = d.run(&["bad.yaml"]).expect(1).stderr();
    let line = line_of(&bad, "  支出经济分类:");
    assert!(
        err.contains(&format!("bad.yaml:{line}:3: 错误: 支出经济分类合计")),
        "{err}"
    );
    assert!(
        err.contains("330.25万元") && err.contains("330.15万元"),
        "{err}"
    );
    assert!(!d.path("output/bad.docx").exists());
}

#[test]
fn stated_totals_are_checked_at_the_precision_written() {
    let d = Dir::new();
    // Seed 000's figures: 350.867 + 54.976 = 405.843; "405.84" is right, "405.85" is not.
    let src = "年度: 2021\n单位: 测试局\n收支:\n  基本支出:\n    人员经费: 350.867\n    公用经费: 54.976\n    合计: 405.84\n指标:\n  总分: 85\n问题: [甲]\n措施: [乙]\n";
    d.write("ok.yaml", src);
    let out = d.run(&["ok.yaml", "--check"]).expect(0);
    assert!(!out.stderr().contains("基本支出的合计"), "{}", out.stderr());
    let bad = src.replace("合计: 405.84", "合计: 405.85");
    d.write("bad.yaml", &bad);
    let err = d.run(&["bad.yaml", "--check"]).expect(1).stderr();
    let line = line_of(&bad, "合计: 405.85");
    assert!(err.contains(&format!("bad.yaml:{line}:")), "{err}");
    assert!(
        err.contains("写的是 405.85万元，按明细计算应为 405.843万元（相差 0.007万元）"),
        "{err}"
    );
    assert!(
        !err.contains("相差 0.00万元"),
        "never a contradiction: {err}"
    );
}

#[test]
fn two_projects_with_one_name_are_rejected_naming_both_lines() {
    let d = Dir::new();
    let src = EXAMPLE.replace("名称: 其他资金", "名称: 业务工作经费");
    d.write("dept.yaml", &src);
    let err = d.run(&["dept.yaml", "--check"]).expect(1).stderr();
    let first = line_of(&src, "- 名称: 业务工作经费");
    let second = src
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("名称: 业务工作经费"))
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert!(
        err.contains(&format!(
            "项目“业务工作经费”写了两次：第{first}行和第{second}行"
        )),
        "{err}"
    );
}

#[test]
fn duplicate_department_in_a_county_run_rejects_both_and_stays_out_of_the_totals() {
    let d = Dir::new();
    let other = EXAMPLE.replace("岳阳市示例区科技和工业信息化局", "示例县另一局");
    d.write("county/a.yaml", EXAMPLE);
    d.write("county/b.yaml", EXAMPLE);
    d.write("county/c.yaml", &other);
    let err = d.run(&["county", "-o", "out"]).expect(1).stderr();
    assert!(err.contains("单位重复"), "{err}");
    assert!(
        err.contains("a.yaml") && err.contains("也在 b.yaml 中"),
        "{err}"
    );
    assert!(err.contains("也在 a.yaml 中"), "{err}");
    assert!(err.contains("已生成 1 个，未通过 2 个"), "{err}");
    assert!(d.path("out/c.docx").is_file() && !d.path("out/a.docx").exists());
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let total = csv.lines().find(|l| l.starts_with("合计")).unwrap();
    assert!(
        total.starts_with("合计（1个单位，另有2个未通过未计入）"),
        "{total}"
    );
    assert!(total.contains(",860.90,"), "only c counts: {total}");
}

#[test]
fn odd_year_warned_skipped_files_listed_and_yaml_txt_read() {
    let d = Dir::new();
    for (name, dept) in [("a", "甲局"), ("b", "乙局"), ("c", "丙局")] {
        let src = EXAMPLE.replace("岳阳市示例区科技和工业信息化局", dept);
        d.write(&format!("county/{name}.yaml"), &src);
    }
    let old = EXAMPLE
        .replace("岳阳市示例区科技和工业信息化局", "丁局")
        .replace("年度: 2024", "年度: 2023");
    d.write("county/d.yaml.txt", &old);
    d.write("county/预算表.xlsx", "not read");
    let err = d.run(&["county", "-o", "out"]).expect(0).stderr();
    assert!(d.path("out/d.docx").is_file(), "x.yaml.txt is read: {err}");
    assert!(
        err.contains(&format!(
            "d.yaml.txt:{}:5: 警告: 年度为 2023，与本次其他大多数文件的 2024 不同",
            line_of(&old, "年度: 2023")
        )),
        "{err}"
    );
    assert!(
        err.contains("未读取的文件 1 个") && err.contains("预算表.xlsx"),
        "{err}"
    );
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    assert!(
        csv.contains("预算数（全年，无则年初，万元）"),
        "the column says what it holds"
    );
}

#[test]
fn every_problem_of_a_file_in_one_run() {
    // A loading error (an unknown key under 签字) no longer hides the
    // arithmetic error of 收支 in the same file.
    let src = EXAMPLE
        .replace("  填表人:", "  填表:")
        .replace("支出合计: 860.90", "支出合计: 860.99");
    assert!(src.contains("支出合计: 860.99"), "example shape changed");
    let d = Dir::new();
    d.write("dept.yaml", &src);
    let err = d.run(&["dept.yaml", "--check"]).expect(1).stderr();
    assert!(err.contains("未知的项目“填表”"), "{err}");
    assert!(
        err.contains("支出合计（基本支出 + 项目支出）写的是 860.99万元"),
        "{err}"
    );
    // An unreadable amount in 收支 no longer hides a score above its weight
    // in 指标; figures that depend on 收支 (the rate, 总分) are not judged.
    let src = EXAMPLE
        .replace("人员经费: 177.57", "人员经费: 一百七十七")
        .replacen("        得分: 10 ", "        得分: 12 ", 1);
    assert!(src.contains("得分: 12"), "example shape changed");
    d.write("dept.yaml", &src);
    let err = d.run(&["dept.yaml", "--check"]).expect(1).stderr();
    assert!(err.contains("应填金额"), "{err}");
    assert!(err.contains("得分 12 超过了分值 10"), "{err}");
    assert!(
        !err.contains("总分写的是"),
        "no echo of the unreadable amount: {err}"
    );
}

#[test]
fn self_evaluation_table_names_each_budget_once_and_splits_the_execution() {
    let d = Dir::new();
    render(&d, &sample("示例县档案馆"), false);
    let rows = docx_rows(&d.path("output/dept.docx"), "预算执行情况（元）");
    let head: Vec<&str> = rows[0].iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        head,
        [
            "预算执行情况（元）",
            "年初预算数（A）",
            "全年预算数",
            "全年执行数（B）",
            "分值",
            "得分",
            "执行率（B/A）"
        ]
    );
    let d = Dir::new();
    render(&d, EXAMPLE, false);
    let text = docx_text(&d.path("output/dept.docx"));
    assert!(
        text.contains("按收入性质分：上年结转：1.25一般公共预算拨款：860.02其他收入：0.47"),
        "{text}"
    );
    assert!(text.contains("按支出性质分：基本支出：193.13项目支出：667.77"));
    // The split keeps its lines: line breaks inside the cell.
    let xml = zip_entry(&d.path("output/dept.docx"), "word/document.xml");
    let cell = xml
        .split("</w:tc>")
        .find(|c| xml_text(c).starts_with("按支出性质分"))
        .unwrap();
    assert_eq!(cell.matches("<w:br").count(), 2, "{cell}");
}

#[test]
fn last_years_projects_are_shown_beside_this_years() {
    let src = EXAMPLE.replace(
        "  上年:",
        "  上年:\n    项目支出:\n      - {名称: 业务工作经费, 金额: 779.67}\n      - {名称: 其他资金, 金额: 8.97}",
    );
    let src = src.replacen("    项目支出合计: ", "    #项目支出合计: ", 1);
    let d = Dir::new();
    d.write("dept.yaml", &src);
    let out = d.run(&["dept.yaml"]);
    assert_eq!(out.code(), 0, "{}", out.stderr());
    let rows = docx_rows(&d.path("output/dept.docx"), "上年执行数");
    let r = row(&rows, "业务工作经费");
    let cells: Vec<&str> = r.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        cells,
        [
            "业务工作经费",
            "779.67",
            "101.00",
            "667.10",
            "660.50%",
            "99.90%"
        ]
    );
    let total = row(&rows, "合计");
    assert_eq!(total[1].0, "788.64");
}

#[test]
fn seed_003_keeps_line_breaks_in_cells_and_prints_counts() {
    let d = Dir::new();
    render(&d, &seed("seed003"), false);
    let p = d.path("output/dept.docx");
    let text = docx_text(&p);
    assert!(text.contains("内设机构5个；下属二级机构2个。"), "{text}");
    assert!(text.contains("实有人数22人，无编人员5人"));
    let xml = zip_entry(&p, "word/document.xml");
    let cell = xml
        .split("</w:tc>")
        .find(|c| xml_text(c).starts_with("工业固定资产投资同比增幅"))
        .expect("multi-line 指标值 cell");
    assert_eq!(cell.matches("<w:br").count(), 2, "{cell}");
}
