//! Layout figures checked on positioned pages: the 22 × 28 grid, margins,
//! 禁则, keep-with-next, signature blocks (tables: `table_tests.rs`).

use super::*;
use crate::document::{Meta, parse_markup};

/// Millimetre tolerance for the margin checks.
const MARGIN_TOLERANCE: f32 = 1.0 * MM;

pub(super) fn lay(markup: &str) -> Vec<Page> {
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
pub(super) fn long_paragraph(chars: usize) -> String {
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
    // Exact 28.95 pt line boxes from the top margin, baselines four fifths
    // down each box (the DOCX's exact line spacing); 22 boxes fit the block.
    for (k, line) in l.iter().enumerate() {
        let want = MARGIN_TOP + (k as f32 + 0.8) * LINE_PITCH;
        assert!((line.baseline - want).abs() < 0.01, "line {k}");
    }
    assert_eq!(l.len(), LINES_PER_PAGE);
    let box_bottom = l[21].baseline + 0.2 * LINE_PITCH;
    assert!(box_bottom <= PAGE_HEIGHT - MARGIN_BOTTOM, "{box_bottom}");
    // Two 3号 characters of first-line indent, as the DOCX's 640 twips.
    assert!((l[0].left - (MARGIN_LEFT + 32.0)).abs() < 0.01, "indent");
    for line in &l[1..] {
        assert!((line.left - MARGIN_LEFT).abs() < MARGIN_TOLERANCE);
        let right_margin = PAGE_WIDTH - line.right;
        assert!((right_margin - MARGIN_RIGHT).abs() < MARGIN_TOLERANCE);
    }
}

/// The page number runs of a page.
fn page_number(page: &Page) -> &TextRun {
    page.runs()
        .find(|r| r.semantic == Semantic::Artifact && r.size == 14.0)
        .expect("page number")
}

#[test]
fn page_numbers_sit_outside_one_character_in() {
    // GB/T 9704 7.5: odd pages right, even pages left, one 4号 character
    // in from the edge of the text block, 7 mm under it.
    let pages = lay(&format!("p {}\n", long_paragraph(28 * 50)));
    assert_eq!(pages.len(), 3);
    let text_right = PAGE_WIDTH - MARGIN_RIGHT;
    for (i, page) in pages.iter().enumerate() {
        let n = page_number(page);
        assert_eq!(n.text.replace(' ', ""), format!("—{}—", i + 1));
        if i % 2 == 0 {
            let right = n.x + n.width();
            assert!(
                (right - (text_right - 14.0)).abs() < 0.01,
                "odd page {i}: {right}"
            );
        } else {
            assert!(
                (n.x - (MARGIN_LEFT + 14.0)).abs() < 0.01,
                "even page {i}: {}",
                n.x
            );
        }
        let em_top = n.baseline - 14.0 * 0.88;
        assert!((em_top - (PAGE_HEIGHT - MARGIN_BOTTOM + 7.0 * MM)).abs() < 0.2);
    }
}

#[test]
fn punctuated_lines_keep_28_plus_minus_one() {
    // A comma at a line end hangs (29 glyphs); no line is short by more
    // than the character a 禁则 rule moved down.
    let text = "部门整体支出绩效自评，预算执行情况良好，资金使用规范有效。".repeat(12);
    let pages = lay(&format!("p {text}\n"));
    let all = lines(&pages[0]);
    for l in &all[1..all.len() - 1] {
        assert!((27..=29).contains(&l.glyphs), "{}: {}", l.glyphs, l.text);
        let hang = if l.glyphs == 29 {
            BODY_SIZE + BODY_TRACKING
        } else {
            0.0
        };
        let edge = l.right - hang;
        assert!(
            (edge - (PAGE_WIDTH - MARGIN_RIGHT)).abs() < 0.1,
            "justified: {}",
            l.text
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
        // A closing mark may hang past the edge.
        let hangs = l.right > PAGE_WIDTH - MARGIN_RIGHT + 1.0;
        let edge = l.right
            - if hangs {
                BODY_SIZE + BODY_TRACKING
            } else {
                0.0
            };
        assert!(
            (edge - (PAGE_WIDTH - MARGIN_RIGHT)).abs() < 0.1,
            "justified: {}",
            l.text
        );
        // Natural width, before justification: short only by the next
        // unbreakable unit (`97.77%；` is four cells).
        let doc = parse_markup(&format!("p.left {}\n", l.text), Meta::default()).unwrap();
        let alone = layout(&doc, test_fonts(), &LayoutOptions::default()).unwrap();
        let natural = lines(&alone[0])[0].right - MARGIN_LEFT;
        let cells = natural / grid - if hangs { 1.0 } else { 0.0 };
        // Over by at most what squeezing its punctuation takes back (half
        // a mark each, pulling a unit up), autospace after numbers
        // included (`880.57 万元`).
        let marks = l
            .text
            .chars()
            .filter(|c| "，。；：、“”（）".contains(*c))
            .count() as f32;
        assert!(
            (24.0..=28.0 + marks / 2.0).contains(&cells),
            "{cells}: {}",
            l.text
        );
    }
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    let text = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八，\
                一二三四五六七八九十一二三四五六七八九十一二三四五六七。”\
                一二三四五六七八九十一二三四五六七八九十一二三四（八九十";
    let pages = lay(&format!("p.left {}\n", text.repeat(3)));
    let seen = lines(&pages[0]);
    // Every character laid out, once, in order: an empty extraction
    // cannot pass.
    let joined: String = seen.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(joined, text.repeat(3));
    for l in &seen {
        let first = l.text.chars().next().unwrap();
        let last = l.text.chars().last().unwrap();
        assert!(!NO_LINE_START.contains(first), "{}", l.text);
        assert!(!NO_LINE_END.contains(last), "{}", l.text);
    }
    // The rule acted: a comma that fell on a line start hangs at the end
    // of the line before; `。”` does not hang and takes its character
    // down with it, as LibreOffice does (and the opening bracket moved
    // down).
    assert!(
        seen.iter().any(|l| l.text.ends_with('，'))
            && seen.iter().any(|l| l.text.starts_with("七。”")),
        "{:?}",
        seen.iter().map(|l| &l.text).collect::<Vec<_>>()
    );
    assert!(seen.iter().any(|l| l.text.starts_with('（')));
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

#[test]
fn title_is_drawn_in_its_arranged_lines() {
    let pages =
        lay("title 2024年度|岳阳市示例区科技和工业信息化局|整体支出|绩效自评报告\np 正文第一行\n");
    let l = lines(&pages[0]);
    let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts[..3],
        [
            "2024年度",
            "岳阳市示例区科技和工业信息化局",
            "整体支出绩效自评报告"
        ]
    );
    let centre = MARGIN_LEFT + TEXT_WIDTH / 2.0;
    for line in &l[..3] {
        assert!(
            ((line.left + line.right) / 2.0 - centre).abs() < 0.5,
            "{}",
            line.text
        );
    }
    let title_pitch = crate::document::style::pt(crate::document::style::TITLE_LINE);
    assert!((l[1].baseline - l[0].baseline - title_pitch).abs() < 0.01);
    // One blank body line under the title.
    let body_top = MARGIN_TOP + 3.0 * title_pitch + LINE_PITCH;
    assert!((l[3].baseline - (body_top + 0.8 * LINE_PITCH)).abs() < 0.01);
}

#[test]
fn a_closing_mark_hangs_instead_of_taking_a_character_down() {
    // 28 ideographs then a comma: the comma hangs in the margin (29 glyphs)
    // rather than carrying the 28th character to the next line.
    let text = format!("{}，{}", long_paragraph(28), long_paragraph(40));
    let pages = lay(&format!("p.left {text}\n"));
    let l = lines(&pages[0]);
    assert_eq!(l[0].glyphs, CHARS_PER_LINE + 1, "{}", l[0].text);
    assert!(l[0].text.ends_with('，'));
    assert!(
        l[0].right > PAGE_WIDTH - MARGIN_RIGHT,
        "hangs into the margin"
    );
    assert!(l[0].right < PAGE_WIDTH - MARGIN_RIGHT + BODY_SIZE);
    // Justified, the line's ideographs still fill the text width exactly.
    let pages = lay(&format!("p {text}{text}\n"));
    for line in lines(&pages[0]).iter().filter(|l| l.text.ends_with('，')) {
        let last = pages[0]
            .runs()
            .find(|r| r.baseline == line.baseline && r.text.ends_with('，'))
            .unwrap();
        let comma = last.glyphs.last().unwrap();
        let edge = line.right - comma.advance;
        assert!(
            (edge - (PAGE_WIDTH - MARGIN_RIGHT)).abs() < 0.1,
            "{}",
            line.text
        );
    }
}

#[test]
fn numbers_stay_with_their_units_in_paragraphs() {
    // Shift the text one character at a time so that every number meets
    // the line end somewhere.
    let sentence = "支出114.69万元，增长1.25万元，新增6家，执行率97.77%，得5分，2024年度完成。";
    for shift in 0..12 {
        let text = format!("{}{}", "一".repeat(shift), sentence.repeat(4));
        let pages = lay(&format!("p.left {text}\n"));
        let all = lines(&pages[0]);
        let joined: String = all.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, text, "every character laid out once");
        assert!(all.len() >= 5);
        for pair in all.windows(2) {
            let (a, b) = (&pair[0].text, &pair[1].text);
            let digit_end = a.ends_with(|c: char| c.is_ascii_digit());
            assert!(!digit_end, "number parted from its unit: {a} | {b}");
            assert!(!(a.ends_with('万') && b.starts_with('元')), "{a} | {b}");
            assert!(!(a.ends_with('年') && b.starts_with('度')), "{a} | {b}");
        }
    }
}

/// A table of `rows` body rows, each `lines` text lines tall in its last
/// column, after `before` full body lines of text.
#[test]
fn ideographs_and_digits_are_kept_apart_as_in_word_and_libreoffice() {
    // 编制数|1862|人: a fifth of an em after 数 and after 1862 (the
    // autospace LibreOffice applies to every DOCX, whose text carries no
    // joiner between a number and its unit); none inside the number.
    let pages = lay("p.left 编制数1862人\n");
    let run = pages[0].runs().find(|r| r.text.contains("编制数")).unwrap();
    let advance = |ch: &str| {
        let g = run
            .glyphs
            .iter()
            .find(|g| &run.text[g.range.clone()] == ch)
            .unwrap();
        g.advance
    };
    // The last character before the other script is not letter-spaced
    // (LibreOffice, measured: 0.25 pt wider at `支出|100.40`).
    let cjk = BODY_SIZE + BODY_TRACKING;
    assert!((advance("数") - (BODY_SIZE + 0.2 * BODY_SIZE)).abs() < 0.01);
    assert!((advance("制") - cjk).abs() < 0.01);
    assert!((advance("2") - (0.5 * BODY_SIZE + 0.2 * BODY_SIZE)).abs() < 0.01);
    assert!((advance("8") - (0.5 * BODY_SIZE + BODY_TRACKING)).abs() < 0.01);
}
