//! Tests of the DOCX backend: render small documents, open the archive and
//! check the XML parts for what Word needs to see.

use super::*;
use crate::document::{Align, Block, Meta, parse_markup};
use std::io::{Cursor, Read};

/// A short report with every block kind; its table (header=2) has a
/// two-row header, a rowspan, a colspan and an empty cell.
const MARKUP: &str = "\
title 2024年度示例局部门整体支出绩效自评报告
h1 一、部门（单位）基本情况
h2 （一）部门职能
h3 1.主要职能
p 本部门主要负责全县示例工作。
p.center 居中段落
pagebreak
attach 附件1
caption 部门整体支出绩效自评表
table widths=2,2,5,1 header=2 size=24 align=c,c,l,r
| 一级指标 | 二级指标 | 三级指标 | 得分 |
| ^^ | ^^ | 名称 | 分值 |
| 产出指标 | 数量指标 | 完成项目数 | 10 |
| ^^ | ^^ | 覆盖人数 | 9 |
| ^^ | 质量指标 | 验收合格率 | |
| 总分 | ^< | ^< | 95 |
endtable
sig 填报单位（盖章）：示例局 | 填报日期：2025年3月1日
sig 单位负责人：张三 | 财务负责人：李四 | 填表人：王五
";

fn sample() -> Document {
    let meta = Meta {
        title: "2024年度示例局部门整体支出绩效自评报告".into(),
        author: "示例局".into(),
        date: None,
    };
    parse_markup(MARKUP, meta).expect("test markup parses")
}

fn render(doc: &Document) -> Vec<u8> {
    docx(doc).expect("renders")
}

/// One part of the archive as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP archive");
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the archive"))
        .read_to_string(&mut s)
        .expect("UTF-8 part");
    s
}

/// The `<w:tr>…</w:tr>` elements of the first table.
fn rows(xml: &str) -> Vec<&str> {
    let start = xml.find("<w:tbl>").expect("a table");
    let end = xml.find("</w:tbl>").expect("table end");
    xml[start..end].split("<w:tr>").skip(1).collect()
}

#[test]
fn text_appears_in_document_xml() {
    let xml = part(&render(&sample()), "word/document.xml").replace('\u{200D}', "");
    for text in sample().texts() {
        assert!(xml.contains(text), "{text} missing");
    }
}

#[test]
fn rowspan_becomes_vmerge_restart_and_continue() {
    let xml = part(&render(&sample()), "word/document.xml");
    let rows = rows(&xml);
    assert_eq!(rows.len(), 6);
    // 一级指标/二级指标 span the two header rows; 产出指标 spans 3 body
    // rows, 数量指标 2.
    let restarts = |r: &str| r.matches(r#"<w:vMerge w:val="restart"/>"#).count();
    let continues = |r: &str| r.matches("<w:vMerge/>").count();
    assert_eq!((restarts(rows[0]), continues(rows[0])), (2, 0));
    assert_eq!((restarts(rows[1]), continues(rows[1])), (0, 2));
    assert_eq!((restarts(rows[2]), continues(rows[2])), (2, 0));
    assert_eq!((restarts(rows[3]), continues(rows[3])), (0, 2));
    assert_eq!((restarts(rows[4]), continues(rows[4])), (0, 1));
    // Every row has four grid columns' worth of cells.
    assert_eq!(rows[4].matches("<w:tc>").count(), 4);
}

#[test]
fn colspan_becomes_grid_span() {
    let xml = part(&render(&sample()), "word/document.xml");
    let total = rows(&xml)[5];
    assert!(total.contains(r#"<w:gridSpan w:val="3"/>"#), "{total}");
    assert_eq!(total.matches("<w:tc>").count(), 2);
    assert_eq!(xml.matches("<w:gridSpan").count(), 1);
}

#[test]
fn only_header_rows_repeat() {
    let xml = part(&render(&sample()), "word/document.xml");
    let marked: Vec<bool> = rows(&xml)
        .iter()
        .map(|r| r.contains("<w:tblHeader/>"))
        .collect();
    assert_eq!(marked, [true, true, false, false, false, false]);
}

#[test]
fn table_grid_fills_the_text_width() {
    let xml = part(&render(&sample()), "word/document.xml");
    let grid: Vec<usize> = xml
        .split(r#"<w:gridCol w:w=""#)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(grid.len(), 4);
    assert_eq!(grid.iter().sum::<usize>(), 8845, "156 mm in twips");
    assert!(xml.contains(r#"<w:tblLayout w:type="fixed"/>"#));
}

/// The `w:pStyle` of every body paragraph, in order, with its text.
fn paragraph_styles(xml: &str) -> Vec<(String, String)> {
    let body = &xml[..xml.find("<w:sectPr").expect("sectPr")];
    body.split("<w:p>")
        .skip(1)
        .map(|p| {
            let style = p
                .split(r#"<w:pStyle w:val=""#)
                .nth(1)
                .map(|s| s[..s.find('"').unwrap()].to_string())
                .unwrap_or_default();
            // U+200D glues numbers to units and label words; not text.
            let text: String = p
                .split("<w:t>")
                .skip(1)
                .map(|t| &t[..t.find("</w:t>").unwrap()])
                .collect::<String>()
                .replace('\u{200D}', "");
            (style, text)
        })
        .collect()
}

#[test]
fn blocks_use_paragraph_styles_and_runs_carry_no_fonts() {
    let xml = part(&render(&sample()), "word/document.xml");
    let styles = paragraph_styles(&xml);
    let style_of = |text: &str| {
        styles
            .iter()
            .find(|(_, t)| t == text)
            .map(|(s, _)| s.as_str())
            .unwrap_or_else(|| panic!("{text} not found in {styles:?}"))
    };
    assert_eq!(style_of("2024年度示例局部门整体支出绩效自评报告"), "Title");
    assert_eq!(style_of("一、部门（单位）基本情况"), "Heading1");
    assert_eq!(style_of("（一）部门职能"), "Heading2");
    assert_eq!(style_of("1.主要职能"), "Heading3");
    assert_eq!(style_of("本部门主要负责全县示例工作。"), "Normal");
    assert_eq!(style_of("附件1"), "AttachmentLabel");
    assert_eq!(style_of("部门整体支出绩效自评表"), "Caption");
    assert_eq!(style_of("完成项目数"), "TableText");
    // Fonts live in the styles, not in the runs.
    assert!(!xml.contains("<w:rFonts"), "direct fonts in document.xml");
    assert!(!xml[..xml.find("<w:tbl>").unwrap()].contains("<w:rPr>"));
}

#[test]
fn styles_define_fonts_sizes_and_outline_levels() {
    let styles = part(&render(&sample()), "word/styles.xml");
    let style = |id: &str| {
        let start = styles
            .find(&format!(r#"w:styleId="{id}""#))
            .unwrap_or_else(|| panic!("style {id}"));
        &styles[start..start + styles[start..].find("</w:style>").unwrap()]
    };
    for (id, name, level, font) in [
        ("Heading1", "heading 1", "0", Some("黑体")),
        ("Heading2", "heading 2", "1", Some("楷体_GB2312")),
        ("Heading3", "heading 3", "2", None),
    ] {
        let s = style(id);
        assert!(s.contains(&format!(r#"<w:name w:val="{name}"/>"#)), "{s}");
        assert!(
            s.contains(&format!(r#"<w:outlineLvl w:val="{level}"/>"#)),
            "{s}"
        );
        assert!(s.contains(r#"<w:basedOn w:val="Normal"/>"#), "{s}");
        if let Some(f) = font {
            assert!(s.contains(&format!(r#"w:eastAsia="{f}""#)), "{s}");
        }
    }
    assert!(style("Heading3").contains("<w:b/>"));
    let normal = style("Normal");
    for needle in [
        r#"w:eastAsia="仿宋_GB2312""#,
        r#"<w:sz w:val="32"/>"#,
        r#"w:line="579" w:lineRule="exact""#,
        r#"<w:ind w:firstLine="640"/>"#,
        r#"<w:spacing w:val="-5"/>"#,
    ] {
        assert!(normal.contains(needle), "{needle} in {normal}");
    }
    assert!(style("Title").contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(style("Title").contains(r#"<w:sz w:val="44"/>"#));
    assert!(style("Footer").contains(r#"w:eastAsia="宋体""#));
    assert!(style("TableText").contains(r#"<w:sz w:val="24"/>"#));
}

#[test]
fn font_table_declares_each_family_with_its_substitute() {
    let fonts = part(&render(&sample()), "word/fontTable.xml");
    for (name, alt) in [
        ("仿宋_GB2312", "仿宋"),
        ("仿宋", "FangSong"),
        ("楷体_GB2312", "楷体"),
        ("楷体", "KaiTi"),
        ("黑体", "SimHei"),
        ("方正小标宋简体", "宋体"),
        ("宋体", "SimSun"),
    ] {
        let start = fonts
            .find(&format!(r#"<w:font w:name="{name}">"#))
            .unwrap_or_else(|| panic!("{name} not declared: {fonts}"));
        let font = &fonts[start..start + fonts[start..].find("</w:font>").unwrap()];
        assert!(
            font.contains(&format!(r#"<w:altName w:val="{alt}"/>"#)),
            "{font}"
        );
        assert!(font.contains(r#"<w:charset w:val="86"/>"#), "{font}");
    }
}

#[test]
fn page_is_a4_with_gb9704_margins() {
    let xml = part(&render(&sample()), "word/document.xml");
    let sect = &xml[xml.rfind("<w:sectPr").expect("sectPr")..];
    assert!(
        sect.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#),
        "{sect}"
    );
    for attr in [
        r#"w:top="2098""#,    // 37 mm
        r#"w:bottom="1984""#, // 35 mm
        r#"w:left="1587""#,   // 28 mm
        r#"w:right="1474""#,  // 26 mm
    ] {
        assert!(sect.contains(attr), "{attr} in {sect}");
    }
    // A 22-line grid of 28.95 pt lines.
    assert!(sect.contains(r#"<w:docGrid w:type="lines" w:linePitch="579"/>"#));
}

#[test]
fn footers_carry_a_page_field_between_dashes() {
    let bytes = render(&sample());
    let odd = part(&bytes, "word/footer1.xml");
    let even = part(&bytes, "word/footer2.xml");
    for xml in [&odd, &even] {
        assert!(xml.contains(r#"<w:fldSimple w:instr=" PAGE ">"#), "{xml}");
        assert!(xml.contains(">— <") && xml.contains("> —<"), "{xml}");
        assert!(xml.contains(r#"<w:pStyle w:val="Footer"/>"#));
    }
    // GB/T 9704 7.5: odd pages right, even pages left, one character in.
    assert!(
        odd.contains(r#"<w:ind w:right="280"/><w:jc w:val="right"/>"#),
        "{odd}"
    );
    assert!(
        even.contains(r#"<w:ind w:left="280"/><w:jc w:val="left"/>"#),
        "{even}"
    );
    assert!(part(&bytes, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
}

#[test]
fn renders_are_byte_identical() {
    let doc = sample();
    let first = render(&doc);
    let _ = render(&parse_markup("p 其他文档\n", Meta::default()).unwrap());
    assert_eq!(first, render(&doc));
    let zip = zip::ZipArchive::new(Cursor::new(&first)).unwrap();
    for name in zip.file_names() {
        let mut zip = zip::ZipArchive::new(Cursor::new(&first)).unwrap();
        let entry = zip.by_name(name).unwrap();
        let t = entry.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1), "{name}");
    }
}

#[test]
fn core_properties_have_title_author_and_no_dates() {
    let core = part(&render(&sample()), "docProps/core.xml");
    assert!(core.contains("<dc:title>2024年度示例局部门整体支出绩效自评报告</dc:title>"));
    assert!(core.contains("<dc:creator>示例局</dc:creator>"));
    assert!(!core.contains("dcterms:created") && !core.contains("dcterms:modified"));
}

/// Every XML part parses, with matching end tags.
fn assert_well_formed(bytes: &[u8]) {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let mut xml = String::new();
        entry.read_to_string(&mut xml).unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e} at {}", reader.buffer_position()),
            }
        }
    }
}

#[test]
fn special_characters_are_escaped() {
    let nasty = r#"a <b> & "c" 'd' </w:t></w:r>"#;
    let doc = Document {
        meta: Meta {
            title: nasty.into(),
            author: "A & B <局>".into(),
            date: None,
        },
        blocks: vec![
            Block::Title(vec![nasty.into()]),
            Block::Paragraph(crate::document::Paragraph {
                text: format!("{nasty}\u{1}\u{0}控制符"),
                align: Align::Justify,
                indent: true,
            }),
        ],
    };
    let bytes = render(&doc);
    assert_well_formed(&bytes);
    let xml = part(&bytes, "word/document.xml");
    let escaped = "a &lt;b&gt; &amp; &quot;c&quot; 'd' &lt;/w:t&gt;&lt;/w:r&gt;";
    assert!(xml.contains(escaped), "{xml}");
    assert!(
        xml.contains(&format!("{escaped}控制符")),
        "control characters dropped"
    );
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:creator>A &amp; B &lt;局&gt;</dc:creator>"));
    // The text reads back unchanged.
    let start = xml.find(escaped).unwrap();
    let raw = &xml[start..start + escaped.len()];
    assert_eq!(quick_xml::escape::unescape(raw).unwrap(), nasty);
}

#[test]
fn sample_parts_are_well_formed() {
    assert_well_formed(&render(&sample()));
}

#[test]
fn zero_table_widths_are_an_error_not_a_panic() {
    let doc = parse_markup(
        "p 前文\ntable widths=0,0 header=0\n| a | b |\nendtable\n",
        Meta::default(),
    )
    .unwrap();
    let err = docx(&doc).unwrap_err();
    assert_eq!(err, DocxError::ZeroWidths { table: 1 });
    assert!(err.to_string().contains("第1个表格的列宽之和为 0"));
}

#[test]
fn page_break_moves_the_next_block_to_a_new_page() {
    let xml = part(&render(&sample()), "word/document.xml");
    let attach = xml.find(">附件1<").unwrap();
    let para = &xml[xml[..attach].rfind("<w:p>").unwrap()..attach];
    assert!(para.contains("<w:pageBreakBefore/>"), "{para}");
    // Before a table, an empty paragraph holds the break; a trailing break
    // is dropped.
    let doc = parse_markup(
        "p 前文\npagebreak\ntable widths=1 header=0\n| a |\nendtable\npagebreak\n",
        Meta::default(),
    )
    .unwrap();
    let xml = part(&render(&doc), "word/document.xml");
    assert_eq!(xml.matches("<w:pageBreakBefore/>").count(), 1, "{xml}");
    let table = xml.find("<w:tbl>").unwrap();
    assert!(
        xml[..table].rfind("<w:pageBreakBefore/>").unwrap() > xml[..table].rfind("前文").unwrap()
    );
}

#[test]
fn adjacent_tables_stay_two_tables() {
    let doc = parse_markup(
        "table widths=1 header=0\n| a |\nendtable\ntable widths=1 header=1\n| h |\n| b |\nendtable\n",
        Meta::default(),
    )
    .unwrap();
    let xml = part(&render(&doc), "word/document.xml");
    let between = &xml[xml.find("</w:tbl>").unwrap()..xml.rfind("<w:tbl>").unwrap()];
    assert!(between.contains("<w:p>"), "a paragraph between the tables");
    // The second table's header row is the one marked.
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
    assert!(xml[xml.rfind("<w:tbl>").unwrap()..].contains("<w:tblHeader/>"));
}

#[test]
fn signature_lines_stay_together_and_spread_out() {
    let xml = part(&render(&sample()), "word/document.xml");
    let first = xml.find("填报单位").unwrap();
    let second = xml.find("单位负责人").unwrap();
    let p1 = &xml[xml[..first].rfind("<w:p>").unwrap()..first];
    let p2 = &xml[xml[..second].rfind("<w:p>").unwrap()..second];
    assert!(p1.contains("<w:keepNext"), "{p1}");
    assert!(!p2.contains("<w:keepNext"), "{p2}");
    // Two fields: one right tab at the text width; three: one more stop.
    assert!(
        p1.contains(r#"<w:tab w:val="right" w:pos="8845"/>"#),
        "{p1}"
    );
    assert_eq!(p2.matches("<w:tab ").count(), 2, "{p2}");
}

#[test]
fn signature_fields_too_wide_for_one_line_continue_flush_left() {
    let doc = parse_markup(
        "sig 填报单位（盖章）：示例县农业农村局 | 填报日期：2025年3月1日\n",
        Meta::default(),
    )
    .unwrap();
    let xml = part(&render(&doc), "word/document.xml");
    let paras: Vec<&str> = xml.split("<w:p>").skip(1).collect();
    assert_eq!(paras.len(), 2, "one field per line");
    assert!(paras[0].contains("<w:keepNext/>") && !paras[0].contains("<w:jc"));
    // A lone field on its own line stays flush left, as in the PDF.
    assert!(paras[1].contains("填报日期") && !paras[1].contains("<w:jc"));
}

#[test]
fn attachment_list_hangs_and_closing_sits_four_characters_in() {
    let doc = parse_markup(
        "p 正文。\nannex 附件：| 1.甲表 | 2.乙表\nclosing 示例局（盖章） | 2025年3月20日\n",
        Meta::default(),
    )
    .unwrap();
    let xml = part(&render(&doc), "word/document.xml");
    let styles = paragraph_styles(&xml);
    let kinds: Vec<&str> = styles.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "Normal",
            "AttachmentList",
            "AttachmentList",
            "Closing",
            "Closing"
        ]
    );
    assert_eq!(styles[1].1, "附件：1.甲表");
    // One character is 315 twips: the first item starts at 2, its name at
    // 6; the second item starts at 5.
    assert!(
        xml.contains(r#"<w:ind w:left="1890" w:right="0" w:hanging="1260"/>"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<w:ind w:left="1890" w:right="0" w:hanging="315"/>"#));
    // The date 4 characters from the right, the name centred over it,
    // two blank lines above for the seal.
    assert!(xml.contains(r#"<w:ind w:left="0" w:right="1260" w:firstLine="0"/>"#));
    assert!(xml.contains(r#"<w:ind w:left="0" w:right="1181" w:firstLine="0"/>"#));
    assert!(xml.contains(r#"w:before="1158""#));
    // The body paragraph keeps with the list, the list with the closing.
    assert!(xml.split("<w:p>").nth(1).unwrap().contains("<w:keepNext/>"));
}
