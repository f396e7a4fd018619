//! Table layout checked on positioned pages: headers and merged labels
//! repeated across pages, padding and row heights as in the DOCX, words
//! never broken, keep rules that move no more than they must.

use super::tests::{lay, long_paragraph};
use super::*;

fn big_table() -> String {
    let mut m = String::from(
        "caption 自评表\ntable widths=2,2,4,2,2,1 header=1 size=24\n\
         | 一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 得分 |\n",
    );
    for i in 0..40 {
        let c1 = if i == 0 { "产出指标" } else { "^^" };
        let c2 = if i % 10 == 0 { "数量指标" } else { "^^" };
        m.push_str(&format!("| {c1} | {c2} | 指标{i} | ≥{i}项 | {i}项 | 2 |\n"));
    }
    m.push_str("endtable\nsig 填表人：张旸 | 日期\nsig 负责人：王喆\n");
    m
}

#[test]
fn long_table_repeats_its_header_and_merged_labels() {
    let pages = lay(&big_table());
    assert!(pages.len() >= 2);
    let mut labelled = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let runs: Vec<&str> = page.runs().map(|r| r.text.as_str()).collect();
        if runs.iter().any(|t| t.starts_with("指标")) {
            assert!(runs.contains(&"三级指标"), "header on page {i}");
        }
        if runs.iter().any(|t| t.contains("产出")) {
            labelled.push(i);
        }
    }
    // The 40-row merged 一级 cell is labelled on every page it reaches (the
    // DOCX restarts its merge there, issue 16).
    assert_eq!(labelled, (0..pages.len()).collect::<Vec<_>>());
    // Every body row appears exactly once.
    for i in 0..40 {
        let needle = format!("指标{i}");
        let count = pages
            .iter()
            .flat_map(|p| p.runs())
            .filter(|r| r.text == needle)
            .count();
        assert_eq!(count, 1, "{needle}");
    }
    // Rules never cross the margins.
    for page in &pages {
        for item in &page.items {
            if let Item::Rule(r) = item {
                assert!(r.y1 >= MARGIN_TOP - 0.1 && r.y2 <= PAGE_HEIGHT - MARGIN_BOTTOM + 0.1);
                assert!(r.x1 >= MARGIN_LEFT - 0.1 && r.x2 <= PAGE_WIDTH - MARGIN_RIGHT + 0.1);
            }
        }
    }
}

#[test]
fn cells_are_padded_and_rows_sized_as_in_the_docx() {
    use crate::document::style::{CELL_PAD_X, CELL_PAD_Y, pt, table_line};
    let pages = lay(
        "table widths=1,1 header=0 size=24 align=l,r\n| 左 | 右 |\n| 两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行两行 | 右 |\nendtable\n",
    );
    let rules: Vec<Rule> = pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(*r),
            _ => None,
        })
        .collect();
    let mut ys: Vec<f32> = rules
        .iter()
        .filter(|r| r.y1 == r.y2)
        .map(|r| r.y1)
        .collect();
    ys.sort_by(f32::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    let pitch = pt(table_line(24));
    let pad_y = pt(CELL_PAD_Y);
    // Each row also holds its rule above, the last its rule below too, as
    // LibreOffice lays the DOCX out.
    let rule = crate::document::style::RULE_EIGHTHS as f32 / 8.0;
    assert_eq!(ys.len(), 3, "{ys:?}");
    assert!(
        (ys[1] - ys[0] - (pitch + 2.0 * pad_y + rule)).abs() < 0.01,
        "{ys:?}"
    );
    assert!(
        (ys[2] - ys[1] - (2.0 * pitch + 2.0 * pad_y + 2.0 * rule)).abs() < 0.01,
        "{ys:?}"
    );
    let left = pages[0].runs().find(|r| r.text == "左").unwrap();
    assert!(
        (left.x - (MARGIN_LEFT + pt(CELL_PAD_X))).abs() < 0.01,
        "{}",
        left.x
    );
    let right = pages[0].runs().find(|r| r.text == "右").unwrap();
    let mid = MARGIN_LEFT + TEXT_WIDTH / 2.0;
    assert!((right.x + right.width() - (PAGE_WIDTH - MARGIN_RIGHT - pt(CELL_PAD_X))).abs() < 0.01);
    assert!(right.x > mid);
}

#[test]
fn table_words_are_never_broken() {
    let pages = lay("table widths=7,8,16,11,11,6,6,19 header=0 size=24\n\
         | 预算执行情况（万元） | ^< | 年初预算数 | 全年预算数（A） | 全年执行数（B） | 分值 | 得分 | 执行率（B/A） |\n\
         endtable\n\
         table widths=7,8,16,11,11,6,6,19 header=1 size=24\n\
         | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n\
         | 满意度指标 | 服务对象满意度 | 群众满意率 | ≥95% | 97.77% | 10 | 10 | |\n\
         | ^^ | 可持续影响 | 长效机制 | 114.69万元 | 1.25万元 | 10 | 10 | |\n\
         | ^^ | 成本指标 | 项目预算控制 | ≤355万元 | 267.68万元 | 7 | 4 | |\n\
         endtable\n");
    let runs: Vec<String> = pages[0].runs().map(|r| r.text.clone()).collect();
    let whole = |w: &str| runs.iter().any(|r| r.contains(w));
    for word in [
        "一级",
        "二级",
        "三级",
        "指标",
        "（万元）",
        "分值",
        "得分",
        "指标值",
        "完成值",
        "预算数",
        "执行数",
        "服务对象",
        "满意度",
        "可持续",
        "≥95%",
        "97.77%",
        "114.69万元",
        "1.25万元",
        "≤355万元",
        "267.68万元",
    ] {
        assert!(whole(word), "{word} broken: {runs:?}");
    }
}

fn table_after(before: usize, rows: usize, lines: usize) -> String {
    let mut m = format!("p.left {}\n", long_paragraph(28 * before));
    m.push_str("table widths=1,1,6 header=1 size=24\n| 序号 | 项目 | 说明 |\n");
    // 小4号 in a ~6/8 column: about 24 characters per line.
    let tall = "说明文字".repeat(6 * lines);
    for i in 0..rows {
        let text = if lines > 1 { tall.as_str() } else { "说明" };
        m.push_str(&format!("| {i}号 | 行{i} | {text} |\n"));
    }
    m.push_str("endtable\n");
    m
}

/// The page indexes on which each body row's label `行i` is drawn.
fn row_pages(pages: &[Page], rows: usize) -> Vec<usize> {
    (0..rows)
        .map(|i| {
            let label = format!("行{i}");
            pages
                .iter()
                .position(|p| p.runs().any(|r| r.text == label))
                .expect("row drawn")
        })
        .collect()
}

#[test]
fn a_small_table_is_kept_on_one_page() {
    // 18 lines of text leave room for the header and about 3 rows only.
    let pages = lay(&table_after(18, 6, 1));
    assert_eq!(row_pages(&pages, 6), vec![1; 6]);
}

#[test]
fn no_body_row_is_left_alone_on_a_page() {
    // 30 rows: whatever the page break, neither the first nor the last
    // page of the table holds a single row.
    for before in 0..21 {
        let pages = lay(&table_after(before, 30, 1));
        let at = row_pages(&pages, 30);
        for page in at
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>()
        {
            let count = at.iter().filter(|&&p| p == page).count();
            assert!(
                count >= 2,
                "before {before}: page {page} holds {count} row(s): {at:?}"
            );
        }
    }
}

#[test]
fn a_row_taller_than_the_rest_of_the_page_breaks_between_lines() {
    // Rows of 12 lines after 12 lines of text: the page is filled with
    // the first lines of a row, not left half empty.
    let pages = lay(&table_after(12, 4, 12));
    let first = &pages[0];
    let table_text: usize = first
        .runs()
        .filter(|r| r.text.starts_with("说明文字"))
        .count();
    assert!(table_text >= 4, "only {table_text} table lines on page 1");
    let bottom = first
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r.y2.max(r.y1)),
            _ => None,
        })
        .fold(0.0f32, f32::max);
    let room_left = PAGE_HEIGHT - MARGIN_BOTTOM - bottom;
    assert!(room_left < 2.0 * LINE_PITCH, "{room_left} pt left blank");
    // Every line of every row is drawn once.
    let lines_drawn: usize = pages
        .iter()
        .flat_map(|p| p.runs())
        .filter(|r| r.text.starts_with("说明文字"))
        .count();
    assert_eq!(lines_drawn % 4, 0);
}

#[test]
fn a_signature_under_a_table_is_never_alone_on_a_page() {
    for before in 0..21 {
        let markup = format!(
            "{}sig 填表人：张旸 | 填报日期：2025年3月1日\nsig 单位负责人签字：王喆 | 单位（盖章）：\n",
            table_after(before, 12, 1)
        );
        let pages = lay(&markup);
        let page = pages
            .iter()
            .find(|p| p.runs().any(|r| r.text.contains("填表人")))
            .unwrap();
        let rows = page.runs().filter(|r| r.text.starts_with('行')).count();
        // At least the last row keeps the signature company; it drags no
        // more rows along than that (issue 16).
        assert!(
            rows >= 1,
            "before {before}: {rows} table rows with the signature"
        );
    }
}
