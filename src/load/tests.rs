use super::*;
use crate::diag::Diagnostic;
use rust_decimal::Decimal;

fn load(src: &str) -> Result<Input, Vec<Diagnostic>> {
    super::load(src, &IndicatorCatalogue::default())
}

const MINIMAL: &str = "年度: 2024\n单位: 测试局\n收支:\n  预算: {全年预算数: 100}\n  基本支出: {人员经费: 50.10, 公用经费: 10}\n  项目支出:\n    - {名称: 甲, 金额: 30}\n指标:\n  预算执行率: {分值: 10}\n  产出:\n    数量:\n      - {名称: a, 指标值: \"≥5家\", 完成值: 6家, 分值: 90, 得分: 88}\n";

#[test]
fn minimal_file_loads_with_exact_amounts() {
    let input = load(MINIMAL).unwrap();
    assert_eq!(input.year.v, 2024);
    let TreeKind::Branch { children, .. } = &input.finance.basic.kind else {
        panic!("branch expected")
    };
    assert_eq!(children[0].1.kind, TreeKind::Leaf(Decimal::new(5010, 2)));
    assert_eq!(input.indicators.groups[0].subs[0].items[0].target, "≥5家");
}

#[test]
fn typo_gets_nearest_key_and_location() {
    let src = MINIMAL.replace("  产出:", "  效宜:\n    经济效益: []\n  产出:");
    let errs = load(&src).unwrap_err();
    let e = errs.iter().find(|d| d.message.contains("效宜")).unwrap();
    assert_eq!((e.pos.line, e.pos.path.as_str()), (10, "指标.效宜"));
    assert!(e.hints[0].contains("效益"), "{e}");
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let src = MINIMAL
        .replace("人员经费: 50.10", "人员经费: 五十")
        .replace("公用经费: 10", "公用经费: -3")
        .replace("金额: 30", "金额: 30万元");
    let errs = load(&src).unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(errs.iter().all(|e| e.pos.line == 5 || e.pos.line == 7));
    assert!(errs.iter().any(|e| e.pos.path == "收支.项目支出[1].金额"));
    assert!(errs.iter().any(|e| e.message.contains("负数")));
}

#[test]
fn absurd_numbers_are_rejected_not_overflowed() {
    let src = MINIMAL.replace("公用经费: 10", "公用经费: 79228162514264337593543950335");
    let errs = load(&src).unwrap_err();
    assert!(
        errs[0].message.contains("过大") || errs[0].message.contains("应填"),
        "{errs:?}"
    );
    let src = MINIMAL.replace("公用经费: 10", "公用经费: 1e40");
    assert!(load(&src).is_err());
}

#[test]
fn yuan_amounts_stay_as_written() {
    let src = MINIMAL.replace("  预算:", "  金额单位: 元\n  预算:");
    let input = load(&src).unwrap();
    assert!(input.finance.yuan);
    assert_eq!(input.finance.projects[0].amount.v, Decimal::new(30, 0));
    let src = MINIMAL.replace("  预算:", "  金额单位: 千元\n  预算:");
    assert!(load(&src).is_err());
}

#[test]
fn missing_required_keys_are_named() {
    let errs = load("年度: 2024\n").unwrap_err();
    let paths: Vec<&str> = errs.iter().map(|e| e.pos.path.as_str()).collect();
    assert!(paths.contains(&"单位") && paths.contains(&"收支") && paths.contains(&"指标"));
}

#[test]
fn contract_v2_shapes_load() {
    let src = MINIMAL
        .replace("  预算: {全年预算数: 100}\n", "")
        .replace(
            "  产出:\n",
            "  产出:\n    分值: 90\n    得分: 88\n    说明: 甲\n    质量:\n      分值: 1\n      说明: |\n        第一行\n        第二行\n",
        )
        .replace("年度: 2024\n", "年度: 2024\n概况:\n  机构: {内设机构: 5, 二级机构: 甲、乙}\n  人员: {编制数: 3, 实有人数: 4, 临聘人员: 1}\n");
    let input = load(&src).unwrap();
    assert!(input.finance.budget.is_none());
    let o = &input.overview;
    assert_eq!((o.internal.count, o.internal.names.len()), (5, 0));
    assert_eq!(o.secondary.names, ["甲", "乙"]);
    assert_eq!(o.staff.quota.as_ref().map(|q| q.v), Some(3));
    assert_eq!(
        o.staff.extra,
        [("实有人数".to_string(), 4), ("临聘人员".to_string(), 1)]
    );
    let g = &input.indicators.groups[0];
    assert_eq!(g.weight.as_ref().map(|w| w.v), Some(Decimal::from(90)));
    let q = g.subs.iter().find(|s| s.name == "质量").unwrap();
    assert_eq!(q.notes, ["第一行\n第二行"]);
    assert!(q.items.is_empty());
}

#[test]
fn a_level_two_map_checks_its_keys() {
    let src = MINIMAL.replace("  产出:\n", "  产出:\n    质量:\n      分数: 1\n");
    let errs = load(&src).unwrap_err();
    let e = errs.iter().find(|e| e.message.contains("分数")).unwrap();
    assert_eq!(e.pos.path, "指标.产出.质量.分数");
    assert!(e.hints[0].contains("分值"), "{e}");
}

#[test]
fn duplicate_projects_name_both_lines() {
    let src = MINIMAL.replace(
        "    - {名称: 甲, 金额: 30}\n",
        "    - {名称: 甲, 金额: 30}\n    - {名称: 甲, 金额: 5}\n",
    );
    let errs = load(&src).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].message.contains("第7行和第8行"), "{}", errs[0]);
}
