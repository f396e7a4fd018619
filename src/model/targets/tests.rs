//! Contract §6.7, one test per rule, on the seeds' own rows.

use super::*;
use crate::diag::Diagnostic;
use crate::load::{IndicatorCatalogue, load};
use crate::model::compute;

const EXAMPLE: &str = include_str!("../../../examples/示例科工局.yaml");
const SEED002: &str = include_str!("../../../tests/data/seed002.yaml");

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn warnings(src: &str) -> Vec<Diagnostic> {
    let input = load(src, &IndicatorCatalogue::default()).expect("loads");
    compute(&input).expect("computes").warnings
}

/// The warnings of §6.7 (those about a row of 指标), as `line message`.
fn row_warnings(src: &str) -> Vec<(u32, String)> {
    warnings(src)
        .into_iter()
        .filter(|w| w.message.starts_with("三级指标"))
        .map(|w| (w.pos.line, w.message))
        .collect()
}

fn line_of(src: &str, needle: &str) -> u32 {
    src.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

/// The example with its 财政资金支出控制 row replaced by `row` (a flow map).
fn example_with(row: &str) -> String {
    let old = "      - 名称: 财政资金支出控制\n        指标值: \"≤880.57万元\"\n        完成值: \"860.90万元\"\n        分值: 5\n        得分: 5\n        偏差: 无偏差\n";
    assert!(EXAMPLE.contains(old));
    // Without 总分 and 等级, any score adds up.
    let src: String = EXAMPLE
        .lines()
        .filter(|l| !l.starts_with("  总分:") && !l.starts_with("  等级:"))
        .map(|l| format!("{l}\n"))
        .collect();
    src.replace(old, &format!("      - {row}\n"))
}

#[test]
fn figures_with_relations_and_units_are_read_exactly() {
    let q = |v: &str, u: &str| Quantity {
        value: d(v),
        unit: u.into(),
    };
    assert_eq!(
        parse_target("≥5家"),
        Some((Relation::AtLeast, q("5", "家")))
    );
    assert_eq!(
        parse_target(" ≤ 281.98 万元"),
        Some((Relation::AtMost, q("2819800", "元")))
    );
    assert_eq!(parse_target("100%"), Some((Relation::Bare, q("100", "%"))));
    assert_eq!(parse_target("＞2个"), Some((Relation::Above, q("2", "个"))));
    assert_eq!(parse_target("=0起"), Some((Relation::Equal, q("0", "起"))));
    assert_eq!(parse_quantity("1.2亿元"), Some(q("120000000", "元")));
    assert_eq!(parse_quantity("1194元/亩"), Some(q("1194", "元/亩")));
    assert_eq!(parse_quantity("4.1万人次"), Some(q("4.1", "万人次")));
    assert_eq!(parse_quantity("97.5％"), Some(q("97.5", "%")));
    // Not figures: words, a figure inside words, a unit not listed, a
    // date, two figures, a sign.
    for text in [
        "定性",
        "有效推动",
        "稳步增长",
        "完成50%",
        "6家（其中新增2家）",
        "12月前",
        "11月",
        "2019年",
        "3.6%，全市27.4%",
        "-1%",
        "",
        "%",
    ] {
        assert_eq!(parse_target(text), None, "{text}");
    }
    // A bare time limit may mean "within": not read; with a sign it is.
    assert_eq!(parse_target("30天"), None);
    assert_eq!(
        parse_target("≤5个工作日"),
        Some((Relation::AtMost, q("5", "个工作日")))
    );
}

#[test]
fn each_relation_decides_met_or_missed() {
    let met = |t: &str, a: &str| judge(t, a) == Some(Verdict::Met);
    assert!(met("≥5家", "6家") && met("≥20家", "20家") && met("100%", "100.4%"));
    assert!(met("≤880.57万元", "860.90万元") && met("≤1%", "0%"));
    assert!(met("≤1200元/亩", "1194元/亩") && met("=1部", "1部") && met("0起", "0起"));
    // Money converts: 0.5 亿元 is 5000 万元.
    assert!(met("≤0.5亿元", "5000万元") && !met("≤0.5亿元", "5000.01万元"));
    assert!(!met(">5家", "5家") && !met("<1%", "1%") && !met("=10所", "11所"));
    assert_eq!(
        judge("100%", "95%"),
        Some(Verdict::Missed {
            ratio: d("0.95"),
            downward: false
        })
    );
    // Units that differ, and qualitative rows, are not judged.
    assert_eq!(judge("≥4.5万人次", "41000人次"), None);
    assert_eq!(judge("≥5家", "6个"), None);
    assert_eq!(judge("定性", "有效推动"), None);
    assert_eq!(judge("稳步增长", "9.2%"), None);
}

/// Seed 004's 成本 row: ≤281.98万元, 860.9万元 spent, 9 of 10. The rule
/// gives 10 × 281.98 ÷ 860.9 = 3.2754… → 3.28.
#[test]
fn seed_004_cost_row_scored_above_the_rule_names_3_28() {
    let Some(Verdict::Missed { ratio, downward }) = judge("≤281.98万元", "860.9万元") else {
        panic!("missed");
    };
    assert!(downward);
    assert_eq!(round2(Decimal::TEN * ratio), d("3.28"));
    let src = example_with(
        "{名称: 财政资金支出, 指标值: \"≤281.98万元\", 完成值: 860.9万元, 分值: 5, 得分: 4.5, 偏差: 年中上级专项资金下拨}",
    );
    let line = line_of(&src, "财政资金支出,");
    let w = row_warnings(&src);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].0, line);
    assert_eq!(
        w[0].1,
        "三级指标“财政资金支出”未达到目标（指标值 ≤281.98万元，完成值 860.9万元），得分 4.5 高于按比例计算的 1.64 分（分值 × 目标 ÷ 完成，分值 5）"
    );
    // At the rule's figure or below: nothing.
    let src = src.replace("得分: 4.5", "得分: 1.64");
    assert!(row_warnings(&src).is_empty());
}

#[test]
fn a_missed_target_scored_in_full_is_warned_about() {
    let src = example_with(
        "{名称: 财政资金支出, 指标值: \"≤281.98万元\", 完成值: 860.9万元, 分值: 5, 得分: 5, 偏差: 无偏差}",
    );
    let w = row_warnings(&src);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(
        w[0].1,
        "三级指标“财政资金支出”未达到目标（指标值 ≤281.98万元，完成值 860.9万元），却得了满分 5 分"
    );
    let all = warnings(&src);
    let hint = &all.iter().find(|x| x.message == w[0].1).unwrap().hints[0];
    assert!(
        hint.contains("按比例计分（分值 × 目标 ÷ 完成）应为 1.64 分"),
        "{hint}"
    );
}

#[test]
fn a_deduction_needs_a_reason_in_deviation() {
    for (deviation, says) in [
        ("偏差: 无偏差", "但偏差写的是“无偏差”"),
        ("偏差: 无", "但偏差写的是“无”"),
        ("偏差: \"\"", "但没有写偏差"),
    ] {
        let src = example_with(
            "{名称: 财政资金支出控制, 指标值: \"≤880.57万元\", 完成值: 860.90万元, 分值: 5, 得分: 5}",
        );
        let src = src.replacen(
            "        得分: 4                          # 扣分示例：得分低于分值，偏差里写明原因\n        偏差: 部分上级专项资金于12月下达，个别项目延至次年一季度完成；下一步将提前做好项目前期准备，加快资金拨付进度。",
            &format!("        得分: 4\n        {deviation}"),
            1,
        );
        assert!(src.contains(deviation));
        let w = row_warnings(&src);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].0, line_of(&src, "名称: 项目按期完成率"));
        assert_eq!(
            w[0].1,
            format!("三级指标“项目按期完成率”扣了 1 分（分值 5，得分 4），{says}")
        );
    }
}

/// The example's rows are met, qualitative, or scored within the rule
/// with a reason: nothing is said.
#[test]
fn met_and_qualitative_rows_draw_nothing() {
    assert_eq!(row_warnings(EXAMPLE), Vec::new());
    // 定性 / 有效推动 scored in full, and 稳步增长 / 9.2%: not judged.
    assert!(
        EXAMPLE
            .contains("指标值: 定性\n        完成值: 有效推动\n        分值: 5\n        得分: 5")
    );
    assert!(EXAMPLE.contains("指标值: 稳步增长\n        完成值: \"9.2%\""));
    // Units that differ are not judged, even scored in full.
    let src = example_with(
        "{名称: 财政资金支出, 指标值: \"≤281.98万元\", 完成值: 860.9万人, 分值: 5, 得分: 5}",
    );
    assert_eq!(row_warnings(&src), Vec::new());
}

/// Seed 002 names rows 无 that carry no 分值 of their own: they count in
/// their 一级's score, which the message says.
#[test]
fn seed_002_rows_named_none_get_points_through_their_level_one_score() {
    let w = row_warnings(SEED002);
    let expect = |line: u32, level: &str| {
        let found = w.iter().find(|(l, _)| *l == line);
        assert_eq!(
            found.map(|(_, m)| m.as_str()),
            Some(format!("三级指标名称写作“无”，却计入{level}").as_str()),
            "{w:?}"
        );
    };
    let produce = "一级指标“产出”的分值（50 分，得分 50）";
    expect(line_of(SEED002, "{名称: 无, 指标值: 34万元"), produce);
    expect(line_of(SEED002, "    时效:") + 1, produce);
    let benefit = "一级指标“效益”的分值（30 分，得分 28）";
    expect(line_of(SEED002, "    经济效益:") + 1, benefit);
    expect(line_of(SEED002, "    可持续影响:") + 1, benefit);
    assert_eq!(w.len(), 5, "{w:?}");
}

/// A missed row under a 一级 or 二级 score that was given in full.
#[test]
fn a_missed_row_under_a_full_level_score_is_warned_about() {
    let src = include_str!("../../../data/示例县/示例县统计局.yaml");
    assert!(row_warnings(src).is_empty(), "47 of 50: points were taken");
    let full = src
        .replace("    得分: 47\n", "    得分: 50\n")
        .replace("  总分: 95\n", "");
    let w = row_warnings(&full);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(w[0].0, line_of(&full, "联网直报企业数"));
    assert_eq!(
        w[0].1,
        "三级指标“联网直报企业数”未达到目标（指标值 ≥310家，完成值 296家），它所在的一级指标“产出”却得了满分 50 分"
    );
}
