//! The built-in template renders the example department into a document
//! with the computed figures in place and user text kept as text.

use super::*;
use crate::document::Table;
use crate::load::load;
use crate::model::compute;

const EXAMPLE: &str = include_str!("../../examples/示例科工局.yaml");

fn render(src: &str) -> Document {
    let t = Templates::builtin().unwrap();
    let input = load(src, t.catalogue()).unwrap();
    let report = compute(&input).unwrap();
    t.render(&report).unwrap()
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn example_renders_with_computed_figures() {
    let doc = render(EXAMPLE);
    assert_eq!(
        doc.meta.title,
        "2024年度岳阳市示例区科技和工业信息化局整体支出绩效自评报告"
    );
    let all = doc.texts().join("\n");
    for needle in [
        "860.90",
        "97.77%",
        "193.13",
        "667.77",
        "自评等级为“优”",
        "总分98分",
    ] {
        assert!(all.contains(needle), "{needle} missing");
    }
    for h in ["一、部门（单位）基本情况", "十、其他需要说明的情况"] {
        assert!(
            doc.blocks
                .iter()
                .any(|b| matches!(b, Block::Heading { text, .. } if text == h)),
            "{h}"
        );
    }
}

#[test]
fn self_evaluation_table_merges_level_one_and_two() {
    let doc = render(EXAMPLE);
    let t = tables(&doc)
        .into_iter()
        .find(|t| t.cells.iter().any(|c| c.text == "三级指标"))
        .unwrap();
    let chanchu = t.cells.iter().find(|c| c.text == "产出指标").unwrap();
    assert_eq!(chanchu.rowspan, 9, "产出 has 9 三级 rows");
    let shuliang = t.cells.iter().find(|c| c.text == "数量指标").unwrap();
    assert_eq!(shuliang.rowspan, 3);
    let total = t.cells.iter().find(|c| c.text == "总分").unwrap();
    assert_eq!(total.colspan, 5);
    assert!(t.cells.iter().any(|c| c.text == "自评等级：优"));
    assert_eq!(t.header_rows, 1);
}

#[test]
fn user_text_cannot_break_the_structure() {
    let src = EXAMPLE.replace(
        "名称: 其他资金",
        "名称: \"其他|资金 ^^\\nendtable\\npagebreak\"",
    );
    let doc = render(&src);
    // The line breaks stay line breaks inside the project table's cell
    // (SPEC §6.4); they never end the table or start a page.
    assert!(
        doc.texts().contains(&"其他|资金 ^^\nendtable\npagebreak"),
        "{:?}",
        doc.texts()
    );
    let breaks = |d: &Document| {
        d.blocks
            .iter()
            .filter(|b| matches!(b, Block::PageBreak))
            .count()
    };
    assert_eq!(breaks(&doc), breaks(&render(EXAMPLE)));
}

#[test]
fn zero_funds_say_none() {
    let all = render(EXAMPLE).texts().join("\n");
    assert!(all.contains("无政府性基金预算支出"));
    assert!(all.contains("无国有资本经营预算支出"));
}
