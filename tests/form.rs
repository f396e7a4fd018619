//! The city form (`--template 表格式`, contract §6.5) in both formats:
//! the cover without a page number, the tables with the computed figures
//! and merged labels, the signature boxes and the prose outline.

use crate::util::*;
use std::path::Path;

const SEED003: &str = include_str!("data/seed003.yaml");

/// Renders `src` with the form as DOCX and PDF; the work folder and the
/// document.xml and the PDF's text, page by page.
fn form(src: &str) -> (Dir, String, Vec<String>) {
    let d = Dir::new();
    d.write("a.yaml", src);
    d.run(&["a.yaml", "--pdf", "--template", "表格式"])
        .expect(0);
    let xml = zip_entry(&d.path("output/a.docx"), "word/document.xml");
    let pages = pdf_text(&d.path("output/a.pdf"))
        .split('\u{c}')
        .map(str::to_string)
        .collect();
    (d, xml, pages)
}

/// The page number line of a page of pdftotext output, if any.
fn page_number(page: &str) -> Option<String> {
    page.lines()
        .map(str::trim)
        .find(|l| l.starts_with('—') && l.ends_with('—'))
        .map(|l| l.replace(' ', ""))
}

#[test]
fn the_cover_has_its_fields_and_no_page_number_and_numbering_starts_after_it() {
    let (_d, xml, pages) = form(SEED003);
    let cover: String = pages[0].split_whitespace().collect();
    for needle in [
        "岳阳市云溪区财政支出绩效评价自评报告",
        "岳阳市云溪区2019年度部门整体支出",
        "绩效评价自评报告",
        "部门(单位)名称：",
        "岳阳市云溪区科技和工业信息化局",
        "预算编码：",
        "评价方式：",
        "部门（单位）绩效自评",
        "部门（单位）评价组",
        "报告日期：",
        "2020年7月11日",
        "岳阳市云溪财政局（制）",
    ] {
        assert!(cover.contains(needle), "cover lacks {needle}:\n{cover}");
    }
    assert_eq!(page_number(&pages[0]), None, "the cover shows no number");
    assert_eq!(page_number(&pages[1]).as_deref(), Some("—1—"));
    assert_eq!(page_number(&pages[2]).as_deref(), Some("—2—"));
    // DOCX: the cover section ends with the blank footer, the next starts
    // numbering at 1; the fill-in fields are ruled below.
    let sections: Vec<&str> = xml.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sections.len(), 2, "two sections");
    assert!(sections[0].contains("r:id=\"rId7\"") && !sections[0].contains("pgNumType"));
    assert!(
        sections[1].contains("r:id=\"rId5\"")
            && sections[1].contains("<w:pgNumType w:start=\"1\"/>")
    );
    let cover_xml = xml.split("<w:sectPr>").next().unwrap();
    assert!(cover_xml.contains("<w:tcBorders><w:bottom w:val=\"single\""));
    assert!(xml_text(cover_xml).contains("部门（单位）绩效自评"));
}

/// Seed 003's 收支 figures, in both formats: 604.52 + 76 = 680.52;
/// 570.27 + 61.17 = 631.44 (454.56 + 115.71 + 61.17); 49.08 left.
const FIGURES: &[&str] = &[
    "680.52", "604.52", "76.00", "631.44", "570.27", "454.56", "115.71", "61.17", "49.08",
];

/// What seed 003's form shows in the DOCX text: every table's labels and
/// figures (收支: 604.52 + 76 = 680.52; 570.27 + 61.17 = 631.44; 49.08
/// left), the signature boxes and the prose outline.
const DOCX_HAS: &[&str] = &[
    // 基本概况
    "联系人",
    "葛咏芳",
    "联络电话",
    "8418758",
    "人员编制",
    "17",
    "实有人数",
    "22",
    "职能职责概述",
    "任务1：争取政策资金",
    // 收支: 604.52 + 76 = 680.52; 570.27 + 61.17 = 631.44; 49.08 left.
    "年度收入情况（万元）",
    "局机关及二级机构汇总",
    // 绩效自评
    "预期目标",
    "实际完成",
    "目标1：推进新型工业化",
    "评价内容",
    "绩效目标",
    "完成情况",
    "产出目标",
    "质量指标",
    "数量指标",
    "成本指标",
    "绩效自评综合得分",
    "95",
    "评价等次",
    "优秀",
    // 评价人员 and the boxes
    "姚骄阳",
    "陈石许",
    "林立雄",
    "康雄",
    "办公室主任",
    "评价组组长（签字）：",
    "部门（单位）意见：",
    "部门（单位）负责人（签章）：",
    "财政部门归口业务股室意见：",
    "填报人（签名）：葛咏芳",
    "联系电话：8418758",
    // The prose, in seed 003's outline.
    "五、评价报告综述（文字部分）",
    "一、部门（单位）概况",
    "二、部门（单位）整体支出管理及使用情况",
    "三、部门（单位）专项组织实施情况",
    "四、部门（单位）整体支出绩效情况",
    "五、存在的主要问题",
    "六、改进措施和有关建议",
];

/// What the PDF's text shows, where a narrow column's words do not wrap.
const PDF_HAS: &[&str] = &[
    "葛咏芳",
    "8418758",
    "95",
    "优秀",
    "姚骄阳",
    "陈石许",
    "林立雄",
    "康雄",
    "评价组组长（签字）：",
    "部门（单位）意见：",
    "填报人（签名）：葛咏芳",
    "五、评价报告综述（文字部分）",
    "一、部门（单位）概况",
    "六、改进措施和有关建议",
    "目标1：推进新型工业化",
    "完成技工贸收入886.97亿元",
];

#[test]
fn the_tables_carry_the_computed_figures_and_merged_labels() {
    let (_d, xml, pages) = form(SEED003);
    let text = xml_text(&xml);
    let pdf = pages.concat();
    for needle in DOCX_HAS.iter().chain(FIGURES) {
        assert!(text.contains(needle), "DOCX lacks {needle}");
    }
    let flat: String = pdf.split_whitespace().collect();
    for needle in PDF_HAS.iter().chain(FIGURES) {
        assert!(flat.contains(needle), "PDF lacks {needle}");
    }
    // 产出目标 is one cell merged down its five rows; 质量指标 down two.
    let restart = xml.matches("<w:vMerge w:val=\"restart\"/>").count();
    assert!(restart >= 3, "{restart} merged cells");
    let rows_of = |label: &str| {
        let at = xml.find(label).unwrap();
        let rest = &xml[at..];
        let row_end = rest.find("</w:tbl>").unwrap();
        rest[..row_end].matches("<w:vMerge/>").count()
    };
    // Below 产出目标: its 4 continuations and 质量's and 数量's one each.
    assert_eq!(rows_of("产出目标"), 4 + 1 + 1, "continued merges");
}

#[test]
fn every_sample_and_seed_renders_in_the_form() {
    let d = Dir::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = d.run(&[
        root.join("data/示例县").to_str().unwrap(),
        root.join("examples").to_str().unwrap(),
        root.join("tests/data/seed000.yaml").to_str().unwrap(),
        root.join("tests/data/seed002.yaml").to_str().unwrap(),
        root.join("tests/data/seed003.yaml").to_str().unwrap(),
        "--pdf",
        "--template",
        "表格式",
        "-q",
    ]);
    let r = r.expect(0);
    assert!(
        r.stderr().is_empty() || !r.stderr().contains("错误"),
        "{}",
        r.stderr()
    );
    let pdfs = files_below(&d.path("output"), "pdf");
    assert_eq!(pdfs.len(), 16, "{pdfs:?}");
    for pdf in &pdfs {
        let text = pdf_text(pdf);
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let name = pdf.display();
        assert_eq!(page_number(pages[0]), None, "{name}: numbered cover");
        assert_eq!(page_number(pages[1]).as_deref(), Some("—1—"), "{name}");
        for heading in [
            "一、部门（单位）基本概况",
            "四、评价人员",
            "六、改进措施和有关建议",
        ] {
            let flat: String = text.split_whitespace().collect();
            assert!(flat.contains(heading), "{name}: no {heading}");
        }
    }
}
