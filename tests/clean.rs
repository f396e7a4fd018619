//! Issue 16: a DOCX whose text is clean, and tables that print right.

use crate::util::*;
use std::path::{Path, PathBuf};

/// Every sample and transcribed seed rendered with `template`; the DOCX
/// files made.
fn every_docx(d: &Dir, template: &str, extra: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = format!("out-{template}");
    let mut args: Vec<String> = vec![
        root.join("data/示例县").display().to_string(),
        root.join("examples").display().to_string(),
    ];
    for seed in ["seed000", "seed002", "seed003"] {
        args.push(
            root.join(format!("tests/data/{seed}.yaml"))
                .display()
                .to_string(),
        );
    }
    args.extend(["--template", template, "-q", "-o", &out].map(String::from));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    d.run(&args).expect(0);
    let files = files_below(&d.path(&out), "docx");
    assert_eq!(files.len(), 16, "{files:?}");
    files
}

/// Characters a reader cannot see that break Find, paste figures into
/// Excel as text and travel into the portal's page.
const INVISIBLE: [char; 6] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}',
];

#[test]
fn no_docx_part_of_any_sample_carries_an_invisible_character() {
    let d = Dir::new();
    for template in ["hunan", "表格式"] {
        for file in every_docx(&d, template, &[]) {
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                let mut text = String::new();
                std::io::Read::read_to_string(&mut part, &mut text).unwrap();
                let found: Vec<char> = text.chars().filter(|c| INVISIBLE.contains(c)).collect();
                assert!(
                    found.is_empty(),
                    "{} {}: {} invisible characters ({:?}…)",
                    file.display(),
                    part.name(),
                    found.len(),
                    found.first()
                );
            }
        }
    }
}

#[test]
fn the_text_pandoc_reads_has_the_figures_as_printed() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    d.run(&["a.yaml"]).expect(0);
    let out = std::process::Command::new("pandoc")
        .args(["-f", "docx", "-t", "plain", "--wrap=none"])
        .arg(d.path("output/a.docx"))
        .output()
        .expect("pandoc (scripts/setup.sh installs it)");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for figure in ["2024年度", "97.77%", "860.90万元", "6家"] {
        assert!(text.contains(figure), "{figure} not found as printed");
    }
    // Word keeps a number with its unit by the document's own lists.
    let settings = zip_entry(&d.path("output/a.docx"), "word/settings.xml");
    assert!(
        settings.contains("<w:noLineBreaksAfter w:lang=\"zh-CN\" w:val=\""),
        "{settings}"
    );
    let after = settings.split("noLineBreaksAfter").nth(1).unwrap();
    assert!(
        after.split("/>").next().unwrap().contains("0123456789"),
        "{after}"
    );
}

/// The pages of a PDF's text that hold the 自评表's indicator rows.
fn table_pages(text: &str) -> Vec<&str> {
    text.split('\u{c}')
        .filter(|p| p.contains("三级") && p.contains("偏差"))
        .collect()
}

#[test]
fn a_self_evaluation_table_across_pages_shows_its_labels_on_every_page() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    d.run(&["a.yaml", "--pdf"]).expect(0);
    let text = pdf_text(&d.path("output/a.pdf"));
    let pages = table_pages(&text);
    assert!(pages.len() >= 3, "the 自评表 spans {} pages", pages.len());
    // Seed 004's figures: the 产出 rows run over two page breaks, 质量 over
    // the first.
    for (i, page) in pages.iter().enumerate() {
        let flat: String = page.split_whitespace().collect();
        let labels = ["产出", "效益", "满意度"];
        // The last page may hold only the 总分 row, kept with the signature.
        let only_total = i + 1 == pages.len() && flat.contains("总分");
        assert!(
            labels.iter().any(|l| flat.contains(l)) || only_total,
            "自评表 page {} has no 一级 label:\n{page}",
            i + 1
        );
    }
    let second: String = pages[1].split_whitespace().collect();
    assert!(
        second.contains("产出") && second.contains("数量指标"),
        "{}",
        pages[1]
    );
    // The DOCX starts each merge again, with its label, where a page of
    // the PDF starts at a row (a row split across pages cannot restart):
    // 产出指标 twice here.
    let xml = zip_entry(&d.path("output/a.docx"), "word/document.xml");
    let table = &xml[xml.find("三级指标").unwrap()..];
    assert_eq!(table.matches("产出指标").count(), 2, "产出指标 cells");
    let restarts = table.matches("<w:vMerge w:val=\"restart\"/>").count();
    let cells = table.matches("<w:tc>").count();
    assert!(
        restarts > 4 && restarts < cells,
        "{restarts} merges restarted"
    );
}

#[test]
fn a_column_no_project_fills_is_left_out_and_control_rate_is_shown() {
    let d = Dir::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    d.write(
        "seed000.yaml",
        &std::fs::read_to_string(root.join("tests/data/seed000.yaml")).unwrap(),
    );
    // Seed 004's head counts: 编制数 10, 在职人数 13.
    d.write("a.yaml", &EXAMPLE.replace("在职人数: 10 ", "在职人数: 13 "));
    d.run(&["seed000.yaml", "a.yaml", "--pdf", "-q"]).expect(0);
    // The header row of 项目支出明细, in the DOCX and in the PDF.
    let header = |text: &str| -> String {
        let flat: String = text.split_whitespace().collect();
        let from = flat.find("项目支出明细").expect("项目支出明细");
        let head = &flat[from..];
        head[..head.find("占项目支出").expect("its header")].to_string()
    };
    // Seed 000 has no budget: no 预算数 and no 执行率 column.
    for text in [
        docx_text(&d.path("output/seed000.docx")),
        pdf_text(&d.path("output/seed000.pdf")),
    ] {
        let h = header(&text);
        assert!(
            h.contains("执行数") && !h.contains("预算数") && !h.contains("执行率"),
            "{h}"
        );
    }
    for text in [
        docx_text(&d.path("output/a.docx")),
        pdf_text(&d.path("output/a.pdf")),
    ] {
        let h = header(&text);
        assert!(h.contains("预算数") && h.contains("执行率"), "{h}");
        let flat: String = text.split_whitespace().collect();
        assert!(
            flat.contains("控制率（在职人数÷编制数）130.00%"),
            "控制率 in 附件1"
        );
    }
}

/// GB/T 9704 §7.3.4 and the body rule: “无” under 十 and the “附件：” line
/// start two characters in, like every body paragraph (they already did on
/// main when issue 16 was filed against an older build; this holds them).
#[test]
fn none_and_the_attachment_line_are_indented_two_characters() {
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    d.run(&["a.yaml", "--pdf"]).expect(0);
    let bbox = String::from_utf8_lossy(
        &tool(
            "pdftotext",
            &["-bbox", d.path("output/a.pdf").to_str().unwrap(), "-"],
        )
        .stdout,
    )
    .into_owned();
    let x_of = |start: &str| -> f32 {
        let line = bbox
            .lines()
            .find(|l| l.contains(start))
            .unwrap_or_else(|| panic!("{start} in the PDF"));
        attr(line, "xMin").parse().unwrap()
    };
    // 28 mm margin + two 16 pt characters.
    let body = 28.0 * 72.0 / 25.4 + 32.0;
    for start in [">十、", ">无</word>", ">附件："] {
        assert!(
            (x_of(start) - body).abs() < 1.0,
            "{start} at {}",
            x_of(start)
        );
    }
    // The DOCX: 无 is a body paragraph (its style's two-character indent,
    // no override); the attachment line starts 2 characters in.
    let xml = zip_entry(&d.path("output/a.docx"), "word/document.xml");
    let para = |text: &str| -> String {
        let at = xml.find(text).unwrap();
        xml[xml[..at].rfind("<w:p>").unwrap()..at].to_string()
    };
    let none = para(">无<");
    assert!(
        none.contains("w:val=\"Normal\"") && !none.contains("<w:ind"),
        "{none}"
    );
    let list = para(">附件：");
    let twips = |name: &str| -> i32 { attr(&list, name).parse().unwrap() };
    let first_line = twips("w:left") - twips("w:hanging");
    assert!(
        (first_line - 640).abs() <= 10,
        "附件 starts at {first_line} twips"
    );
    let styles = zip_entry(&d.path("output/a.docx"), "word/styles.xml");
    let normal = &styles[styles.find("w:styleId=\"Normal\"").unwrap()..];
    assert!(normal[..normal.find("</w:style>").unwrap()].contains("w:firstLine=\"640\""));
}
