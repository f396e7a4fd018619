//! Layout figures checked on positioned pages: the 22 × 28 grid, margins,
//! 禁则, keep-with-next, tables across pages, signature blocks.

use super::*;
use crate::document::{Meta, parse_markup};

/// Millimetre tolerance for the margin checks.
const MARGIN_TOLERANCE: f32 = 1.0 * MM;

fn lay(markup: &str) -> Vec<Page> {
    let doc = parse_markup(markup, Meta::default()).unwrap();
    layout(&doc, test_fonts(), &LayoutOptions::default()).unwrap()
}

/// A page's content lines (page numbers excluded): baseline, left edge,
/// right edge, text, glyph count.
struct Seen {
    baseline: f32,
    left: f32,
    right: f32,
    text: String,
    glyphs: usize,
}

fn lines(page: &Page) -> Vec<Seen> {
    let mut out: Vec<Seen> = Vec::new();
    let mut runs: Vec<&TextRun> = page
        .runs()
        .filter(|r| r.semantic != Semantic::Artifact || r.size != 14.0)
        .collect();
    runs.sort_by(|a, b| a.baseline.total_cmp(&b.baseline).then(a.x.total_cmp(&b.x)));
    for r in runs {
        match out.last_mut() {
            Some(l) if (l.baseline - r.baseline).abs() < 0.1 => {
                l.right = r.x + r.width();
                l.text.push_str(&r.text);
                l.glyphs += r.glyphs.len();
            }
            _ => out.push(Seen {
                baseline: r.baseline,
                left: r.x,
                right: r.x + r.width(),
                text: r.text.clone(),
                glyphs: r.glyphs.len(),
            }),
        }
    }
    out
}

/// Pure ideographs, no punctuation: every full line holds exactly the grid.
fn long_paragraph(chars: usize) -> String {
    let base = "部门整体支出绩效自评报告预算执行情况良好资金使用规范有效";
    base.chars().cycle().take(chars).collect()
}

#[test]
fn body_lines_hold_28_characters_and_pages_22_lines() {
    let text = long_paragraph(28 * 60);
    let pages = lay(&format!("p.left {text}\n"));
    let first = lines(&pages[0]);
    assert_eq!(first.len(), LINES_PER_PAGE);
    for l in &first {
        assert_eq!(l.glyphs, CHARS_PER_LINE, "{}", l.text);
    }
    let pitch = first[1].baseline - first[0].baseline;
    assert!((pitch - LINE_PITCH).abs() < 0.01);
    assert_eq!(lines(&pages[1]).len(), LINES_PER_PAGE);
}

#[test]
fn text_block_sits_within_the_margins() {
    let text = long_paragraph(28 * 30);
    let pages = lay(&format!("p {text}\n"));
    let l = lines(&pages[0]);
    let em_top = l[0].baseline - BODY_SIZE * 0.88;
    let em_bottom = l.last().unwrap().baseline + BODY_SIZE * 0.12;
    assert!((em_top - MARGIN_TOP).abs() < MARGIN_TOLERANCE, "{em_top}");
    assert!(
        (em_bottom - (PAGE_HEIGHT - MARGIN_BOTTOM)).abs() < MARGIN_TOLERANCE,
        "{em_bottom}"
    );
    let indent = 2.0 * TEXT_WIDTH / CHARS_PER_LINE as f32;
    assert!((l[0].left - (MARGIN_LEFT + indent)).abs() < 0.5, "indent");
    for line in &l[1..] {
        assert!((line.left - MARGIN_LEFT).abs() < MARGIN_TOLERANCE);
        let right_margin = PAGE_WIDTH - line.right;
        assert!((right_margin - MARGIN_RIGHT).abs() < MARGIN_TOLERANCE);
    }
    // The page number sits under the text block, centred.
    let number = pages[0].runs().find(|r| r.text.contains('1')).unwrap();
    assert!(number.baseline > PAGE_HEIGHT - MARGIN_BOTTOM);
    let centre = number.x + number.width() / 2.0;
    assert!((centre - (MARGIN_LEFT + TEXT_WIDTH / 2.0)).abs() < 1.0);
}

#[test]
fn punctuated_lines_keep_28_plus_minus_one() {
    // Commas pushed off a line start take a character with them: 27 or 28.
    let text = "部门整体支出绩效自评，预算执行情况良好，资金使用规范有效。".repeat(12);
    let pages = lay(&format!("p {text}\n"));
    let all = lines(&pages[0]);
    for l in &all[1..all.len() - 1] {
        assert!((27..=29).contains(&l.glyphs), "{}: {}", l.glyphs, l.text);
        assert!(
            (l.right - (PAGE_WIDTH - MARGIN_RIGHT)).abs() < 0.1,
            "justified"
        );
    }
}

#[test]
fn mixed_text_lines_are_justified_and_nearly_full() {
    let sentence = "全年预算数880.57万元，实际支出860.90万元，预算执行率为97.77%；\
                    基本支出保障了机构正常运转，项目支出推动了“十四五”规划重点任务落实。";
    let text = sentence.repeat(6);
    let pages = lay(&format!("p {text}\n"));
    let all = lines(&pages[0]);
    let grid = TEXT_WIDTH / CHARS_PER_LINE as f32;
    for l in &all[1..all.len() - 1] {
        assert!(
            (l.right - (PAGE_WIDTH - MARGIN_RIGHT)).abs() < 0.1,
            "justified"
        );
        // Natural width, before justification: never over the grid, and
        // short only by the next unbreakable unit (`97.77%；` is four cells).
        let doc = parse_markup(&format!("p.left {}\n", l.text), Meta::default()).unwrap();
        let alone = layout(&doc, test_fonts(), &LayoutOptions::default()).unwrap();
        let natural = lines(&alone[0])[0].right - MARGIN_LEFT;
        let cells = natural / grid;
        assert!((24.0..=28.01).contains(&cells), "{cells}: {}", l.text);
    }
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    let text = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八，\
                一二三四五六七八九十一二三四五六七八九十一二三四五六七。”\
                一二三四五六七八九十一二三四五六七八九十一二三四五六七（八九十";
    let pages = lay(&format!("p.left {}\n", text.repeat(3)));
    for l in lines(&pages[0]) {
        let first = l.text.chars().next().unwrap();
        let last = l.text.chars().last().unwrap();
        assert!(!NO_LINE_START.contains(first), "{}", l.text);
        assert!(!NO_LINE_END.contains(last), "{}", l.text);
    }
}

#[test]
fn heading_moves_to_the_next_page_with_its_paragraph() {
    // 21 lines of text leave room for exactly one more line on page 1.
    let text = long_paragraph(28 * 21);
    let pages = lay(&format!("p.left {text}\nh1 一、标题\np 正文第一行\n"));
    assert_eq!(lines(&pages[0]).len(), 21);
    let second = lines(&pages[1]);
    assert!(second[0].text.contains("标题"));
    assert!(second[1].text.contains("正文"));
}

#[test]
fn page_break_starts_a_new_page() {
    let pages = lay("p 第一页\npagebreak\np 第二页\n");
    assert_eq!(pages.len(), 2);
    assert!(lines(&pages[1])[0].text.contains("第二页"));
}

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
fn long_table_repeats_its_header_and_split_labels() {
    let pages = lay(&big_table());
    assert!(pages.len() >= 2);
    for (i, page) in pages.iter().enumerate() {
        let l = lines(page);
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        if texts.iter().any(|t| t.contains("指标")) {
            assert!(texts.iter().any(|t| t.contains("一级指标")), "page {i}");
            // The 40-row merged 一级 cell shows its label on every page.
            assert!(texts.iter().any(|t| t.contains("产出指标")), "page {i}");
        }
    }
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
fn signature_block_stays_on_one_page() {
    // Fill page 1 to its last line, then a two-line signature block.
    let text = long_paragraph(28 * 21);
    let pages = lay(&format!(
        "p.left {text}\nsig 填表人：张旸 | 日期\nsig 负责人：王喆\n"
    ));
    assert_eq!(pages.len(), 2);
    let second: Vec<String> = lines(&pages[1]).into_iter().map(|l| l.text).collect();
    assert!(second.iter().any(|t| t.contains("填表人")), "{second:?}");
    assert!(second.iter().any(|t| t.contains("负责人")), "{second:?}");
}

#[test]
fn rare_characters_use_a_real_glyph() {
    let pages = lay("p 单位负责人王喆，财务负责人李堃，经办人张旸。\n");
    let runs: Vec<&TextRun> = pages[0].runs().collect();
    for ch in ['喆', '堃', '旸'] {
        let run = runs.iter().find(|r| r.text.contains(ch)).unwrap();
        assert!(run.glyphs.iter().all(|g| g.id != 0), "{ch}");
    }
}

#[test]
fn odd_tables_and_texts_still_lay_out() {
    let tall = "很长的单元格文字".repeat(200);
    let markup = format!(
        "table widths=1,1 header=0\n| | 空单元格 |\nendtable\n\
         table widths=1 header=1\n| 只有表头 |\nendtable\n\
         table widths=1,3 header=1\n| 甲 | 乙 |\n| 高 | {tall} |\n| 后 | 续 |\nendtable\n\
         p https://example.org/a/very/long/path/without/any/break/opportunity/at/all/0123456789abcdef\n"
    );
    let pages = lay(&markup);
    assert!(pages.len() >= 2);
    let runs: Vec<&TextRun> = pages.iter().flat_map(|p| p.runs()).collect();
    assert!(runs.iter().any(|r| r.text.contains("只有表头")));
    assert!(runs.iter().any(|r| r.text == "续"));
    // The URL is cut inside rather than overflowing the right margin.
    for page in &pages {
        for l in lines(page) {
            assert!(l.right <= PAGE_WIDTH - MARGIN_RIGHT + 0.5, "{}", l.text);
        }
    }
}

#[test]
fn a_character_no_font_has_is_drawn_as_a_visible_replacement() {
    let doc = parse_markup("p 私用区字符\u{F8FF}\n", Meta::default()).unwrap();
    let (pages, missing) =
        super::layout_noting_missing(&doc, test_fonts(), &LayoutOptions::default()).unwrap();
    // Every glyph is a real one: the replacement, or a font's own glyph on
    // a machine that happens to have one there.
    assert!(pages[0].runs().all(|r| r.glyphs.iter().all(|g| g.id != 0)));
    assert!(missing.is_empty() || missing == ['\u{F8FF}'], "{missing:?}");
    let (_, missing) = super::layout_noting_missing(
        &parse_markup("p 甲\u{10FFFD}乙\n", Meta::default()).unwrap(),
        test_fonts(),
        &LayoutOptions::default(),
    )
    .unwrap();
    assert_eq!(missing, ['\u{10FFFD}'], "a private-use plane-16 character");
    // Noto CJK (installed by scripts/setup.sh) has the geta mark.
    assert_eq!(super::replacement(test_fonts()), '〓');
}
