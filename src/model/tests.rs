//! Rules of contract §2–§3, one test each, plus the mistakes found in the
//! hand-written seed reports.

use super::*;
use crate::load::{IndicatorCatalogue, load};
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const EXAMPLE: &str = include_str!("../../examples/示例科工局.yaml");

fn compute_src(src: &str) -> Result<Report, Vec<Diagnostic>> {
    let input = match load(src, &IndicatorCatalogue::default()) {
        Ok(input) => input,
        Err(e) => panic!("load failed: {e:#?}"),
    };
    compute(&input)
}

/// Line (1-based) of the first line containing `needle`.
fn line_of(src: &str, needle: &str) -> u32 {
    src.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

#[test]
fn spec_example_figures() {
    let r = compute_src(EXAMPLE).unwrap();
    let f = &r.finance;
    assert_eq!(f.spending.to_string(), "860.90");
    assert_eq!(f.basic.total.to_string(), "193.13");
    assert_eq!(f.projects_total.to_string(), "667.77");
    assert_eq!(f.rate.unwrap().to_string(), "97.77%");
    assert_eq!(r.scores.rate_score.unwrap().to_string(), "9");
    assert_eq!(r.scores.total.to_string(), "98");
    assert_eq!(r.scores.grade, "优");
    assert_eq!(f.balance.unwrap().to_string(), "0.84");
    assert_eq!(
        f.assets.as_ref().unwrap().net.unwrap().to_string(),
        "160.12"
    );
    assert_eq!(r.scores.groups[0].rows, 9);
    assert!(f.gov_fund.is_none(), "zero fund → 无");
}

#[test]
fn execution_rate_score_rule() {
    let w = Decimal::from(10);
    let score = |rate: &str| rate_score(Percent(d(rate)), w);
    assert_eq!(score("0.9777"), d("9"));
    assert_eq!(score("1"), d("10"));
    assert_eq!(score("0.98"), d("9"), "exactly 2 points away costs 1");
    assert_eq!(score("0.9801"), d("10"));
    assert_eq!(score("1.03"), d("9"), "above 100% counts too");
    assert_eq!(score("9.9"), d("0"), "990% → 0, never negative");
    assert_eq!(score("0.955"), d("8"));
    // The rate as computed, not as displayed (contract §3: exact values,
    // rounded once for display): 101.9975% is shown as 102.00% but lies
    // less than 2 full points away; 98.004% likewise.
    assert_eq!(score("1.019975"), d("10"));
    assert_eq!(score("0.98004"), d("10"));
    assert_eq!(score("0.979999"), d("9"));
}

#[test]
fn grades() {
    assert_eq!(grade(d("90")).0, "优");
    assert_eq!(grade(d("89.99")).0, "良");
    assert_eq!(grade(d("80")).0, "良");
    assert_eq!(grade(d("79.5")).0, "中");
    assert_eq!(grade(d("60")).0, "中");
    assert_eq!(grade(d("59")).0, "差");
}

#[test]
fn year_on_year_changes() {
    let r = compute_src(EXAMPLE).unwrap();
    let last = r.finance.last.unwrap();
    let basic = last.basic.unwrap();
    // 193.13 against 170.12 + 16.83 = 186.95.
    assert_eq!(
        (basic.word, basic.diff.to_string()),
        ("增加", "6.18".into())
    );
    assert_eq!(basic.rate.unwrap().to_string(), "3.31%");
    let projects = last.projects.unwrap();
    assert_eq!((projects.word, projects.rate_word), ("减少", "下降"));
    assert_eq!(projects.diff.to_string(), "120.87");
    let zero = Change::new(d("5"), Decimal::ZERO);
    assert!(zero.rate.is_none(), "last = 0 → no rate");
}

#[test]
fn seed_mistake_total_score_not_sum_of_parts() {
    let src = EXAMPLE.replace("  总分: 98 ", "  总分: 95 ");
    let errs = compute_src(&src).unwrap_err();
    let e = errs.iter().find(|e| e.message.contains("总分")).unwrap();
    assert_eq!(e.pos.line, line_of(&src, "  总分: 95"));
    assert!(e.message.contains("98"), "{e}");
}

#[test]
fn seed_mistake_weights_do_not_total_100() {
    // 满意度 5 + 5 → 0 + 5: weights 95.
    let src = EXAMPLE.replacen(
        "        分值: 5\n        得分: 5\n        偏差: 无偏差\n      - 名称: 科技特派员",
        "        分值: 0\n        得分: 0\n        偏差: 无偏差\n      - 名称: 科技特派员",
        1,
    );
    let errs = compute_src(&src).unwrap_err();
    let e = errs
        .iter()
        .find(|e| e.message.contains("分值合计应为 100"))
        .unwrap();
    assert!(e.message.contains("95"), "{e}");
    // Said at the 一级 whose weights are off, with the standard split.
    assert!(e.message.contains("满意度 5（标准为 10）"), "{e}");
    let line = src
        .lines()
        .position(|l| l.starts_with("  满意度:"))
        .unwrap() as u32
        + 1;
    assert_eq!(e.pos.line, line);
}

#[test]
fn seed_mistake_stated_spending_disagrees() {
    let src = EXAMPLE.replace("支出合计: 860.90", "支出合计: 880.90");
    let errs = compute_src(&src).unwrap_err();
    assert_eq!(errs.iter().filter(|e| e.is_error()).count(), 1, "{errs:#?}");
    let e = &errs.iter().find(|e| e.is_error()).unwrap();
    assert_eq!(e.pos.path, "收支.支出合计");
    assert!(
        e.message.contains("860.90") && e.message.contains("880.90") && e.message.contains("20.00")
    );
}

#[test]
fn stated_subtotal_inside_a_tree_is_checked() {
    let src = EXAMPLE.replace(
        "    公用经费: 15.56 ",
        "    公用经费: 15.56\n    合计: 190 ",
    );
    let errs = compute_src(&src).unwrap_err();
    let e = errs.iter().find(|e| e.is_error()).unwrap();
    assert_eq!(e.pos.path, "收支.基本支出.合计");
    assert!(e.message.contains("193.13"), "{e}");
}

#[test]
fn score_above_weight_and_wrong_grade_are_errors() {
    let src = EXAMPLE
        .replacen("        得分: 10 ", "        得分: 12 ", 1)
        .replace("  等级: 优 ", "  等级: 良 ")
        .replace("  总分: 98 ", "  总分: 100 ");
    let errs = compute_src(&src).unwrap_err();
    assert!(errs.iter().any(|e| e.message.contains("超过了分值")));
    assert!(errs.iter().any(|e| e.message.contains("等级写的是")));
}

#[test]
fn warnings_do_not_stop_the_report() {
    let src = EXAMPLE
        .replace("在职人数: 10 ", "在职人数: 13 ")
        .replace(
            "    分值: 10                             # 预算执行率",
            "    分值: 10\n    得分: 10 # 预算执行率",
        )
        .replace("  总分: 98 ", "  总分: 99 ");
    let r = compute_src(&src).unwrap();
    let msgs: Vec<&str> = r.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("超过编制数")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("按规则")), "{msgs:?}");
    assert_eq!(
        r.scores.rate_score.unwrap().to_string(),
        "10",
        "given score is kept"
    );
    assert_eq!(r.scores.total.to_string(), "99");
}

#[test]
fn over_100_percent_and_yuan_unit() {
    let src = EXAMPLE.replace("全年预算数: 880.57", "全年预算数: 800");
    let r = compute_src(&src).unwrap_err();
    // 执行率 107.61% → warning; but the stated 总分 98 no longer matches.
    assert!(r.iter().any(|e| e.message.contains("超过 100%")));
    assert!(r.iter().any(|e| e.is_error() && e.message.contains("总分")));
}

#[test]
fn exact_decimals_not_floats() {
    // 0.1 + 0.2 is exactly 0.3 here.
    let src = EXAMPLE
        .replace("人员经费: 177.57 ", "人员经费: 0.1 ")
        .replace("公用经费: 15.56 ", "公用经费: 0.2 ")
        .replace("  支出合计: 860.90", "")
        .replace("  结余: 0.84", "")
        .replace("  总分: 98 ", "  总分:  ")
        .replace("  等级: 优 ", "  等级:  ");
    let r = compute_src(&src).unwrap();
    assert_eq!(r.finance.basic.total.0, d("0.3"));
}

#[test]
fn yuan_files_keep_their_unit() {
    let src = EXAMPLE.replace("  金额单位: 万元", "  金额单位: 元");
    let r = compute_src(&src).unwrap();
    assert_eq!(r.unit, "元");
    assert_eq!(r.finance.spending.to_string(), "860.90");
}

/// A small scored file (§6.1): 产出 as given in `output`, the rest fixed.
fn levels(output: &str) -> String {
    format!(
        "年度: 2024\n单位: 测试局\n收支:\n  预算: {{全年预算数: 100}}\n  基本支出: {{人员经费: 60, 公用经费: 40}}\n\
         指标:\n  预算执行率: {{分值: 10}}\n  产出:\n{output}  效益:\n    社会效益:\n      - {{名称: e, 分值: 30, 得分: 30}}\n\
         \x20 满意度:\n    服务对象满意度:\n      - {{名称: s, 分值: 10, 得分: 10}}\n问题: [甲]\n措施: [乙]\n"
    )
}

#[test]
fn level_two_map_scores_its_rows_once() {
    let src = levels(
        "    数量:\n      分值: 50\n      得分: 45\n      指标:\n        - {名称: a}\n        - {名称: b}\n",
    );
    let r = compute_src(&src).unwrap();
    assert_eq!(r.scores.total.to_string(), "95");
    let rows = &r.scores.rows;
    assert_eq!(
        (rows[0].weight, rows[0].score_first),
        (Some(Score(d("50"))), true)
    );
    assert_eq!((rows[1].weight, rows[1].score_first), (None, false));
    assert!(rows[2].score_first, "效益's own row");
    // Without rows, the 二级 still has its line in the 自评表.
    let empty = levels("    数量:\n      分值: 50\n      得分: 45\n");
    let r = compute_src(&empty).unwrap();
    assert_eq!(r.scores.rows[0].sub, "数量");
    assert!(r.scores.rows[0].score_first && r.scores.rows[0].name.is_empty());
}

#[test]
fn a_score_at_two_levels_of_one_path_is_an_error() {
    let src = levels(
        "    数量:\n      分值: 50\n      得分: 45\n      指标:\n        - {名称: a, 分值: 50, 得分: 45}\n",
    );
    let errs = compute_src(&src).unwrap_err();
    let e = errs
        .iter()
        .find(|e| e.message.contains("都写了分值或得分"))
        .unwrap();
    assert_eq!(e.pos.line, line_of(&src, "分值: 50"));
}

#[test]
fn a_row_under_no_score_and_half_a_score_are_errors() {
    let src = levels("    数量:\n      - {名称: a, 分值: 25, 得分: 25}\n      - {名称: b}\n");
    let errs = compute_src(&src).unwrap_err();
    let e = errs
        .iter()
        .find(|e| e.message.contains("“b”没有分值和得分"))
        .unwrap();
    assert_eq!(e.pos.line, line_of(&src, "名称: b"));
    let src = levels("    数量:\n      分值: 50\n      指标:\n        - {名称: a}\n");
    let errs = compute_src(&src).unwrap_err();
    assert!(
        errs.iter()
            .any(|e| e.message.contains("写了分值，但没有写得分")),
        "{errs:#?}"
    );
}

#[test]
fn level_one_totals_above_scored_rows_are_checked_at_their_precision() {
    let rows = "    数量:\n      - {名称: a, 分值: 25, 得分: 24.5}\n      - {名称: b, 分值: 25, 得分: 24.25}\n";
    // 24.5 + 24.25 = 48.75: a stated 48.8 is right at 1 decimal, 48.7 is not.
    let ok = levels(&format!("    分值: 50\n    得分: 48.8\n{rows}"));
    assert!(compute_src(&ok).is_ok());
    let bad = levels(&format!("    分值: 50\n    得分: 48.7\n{rows}"));
    let errs = compute_src(&bad).unwrap_err();
    assert!(
        errs.iter()
            .any(|e| e.message.contains("产出的得分写的是 48.7")),
        "{errs:#?}"
    );
}

#[test]
fn a_stated_grade_is_printed_as_written_and_both_words_are_offered() {
    let src = EXAMPLE.replace("  等级: 优 ", "  等级: 优秀 ");
    let r = compute_src(&src).unwrap();
    assert_eq!(r.scores.grade, "优秀");
    assert_eq!((r.scores.grade_short, r.scores.grade_long), ("优", "优秀"));
    let r = compute_src(EXAMPLE).unwrap();
    assert_eq!(r.scores.grade, "优");
}

#[test]
fn matching_at_the_written_precision() {
    assert!(matches_stated(d("405.84"), d("405.843")));
    assert!(!matches_stated(d("405.85"), d("405.843")));
    assert!(matches_stated(d("49.1"), d("49.08")));
    assert!(matches_stated(d("0.13"), d("0.125")), "half away from zero");
    assert!(!matches_stated(d("405.843"), d("405.84")));
}

#[test]
fn a_row_without_a_real_name_is_warned_about_at_its_line() {
    let src = EXAMPLE.replacen("名称: 大力培养规模工业企业", "名称: 无", 1);
    let line = src.lines().position(|l| l.contains("名称: 无")).unwrap() as u32 + 1;
    let r = compute_src(&src).unwrap();
    let w = r
        .warnings
        .iter()
        .find(|w| w.message.contains("名称写作“无”"))
        .expect("a warning");
    assert_eq!(w.pos.line, line);
    assert!(w.message.contains("却有分值 10 分"), "{}", w.message);
    let src = EXAMPLE.replacen("名称: 大力培养规模工业企业", "名称: \"\"", 1);
    let r = compute_src(&src).unwrap();
    assert!(r.warnings.iter().any(|w| w.message.contains("名称空着")));
    let r = compute_src(EXAMPLE).unwrap();
    assert!(
        !r.warnings
            .iter()
            .any(|w| w.message.contains("三级指标名称"))
    );
}

/// 指标 that cannot be read at all is said once: nothing of it is judged.
#[test]
fn unreadable_indicators_are_said_once() {
    let start = EXAMPLE.find("指标:\n").unwrap();
    let end = EXAMPLE.find("# ---------- 七、").unwrap();
    let src = format!("{}指标: 5\n\n{}", &EXAMPLE[..start], &EXAMPLE[end..]);
    let checked = crate::render::check(src.as_bytes(), &Default::default());
    let diags = checked.result.unwrap_err();
    let line = src.lines().position(|l| l == "指标: 5").unwrap() as u32 + 1;
    let at_line: Vec<&str> = diags
        .iter()
        .filter(|d| d.pos.line == line)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        at_line,
        ["这里应为分项（“名称: 值”的多行），实际写的是数字"],
        "{diags:#?}"
    );
}
