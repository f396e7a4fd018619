//! The PDF as a reader sees it, checked with poppler's `pdftotext` and
//! `pdffonts` (from poppler-utils, installed by `scripts/setup.sh`). These
//! tests fail, not skip, when the tools are missing.

use super::*;
use crate::document::{Block, Meta, parse_markup};
use crate::layout::{NO_LINE_START, test_fonts};
use std::path::PathBuf;
use std::process::Command;

/// A realistic report: headings, long paragraphs with figures, a 40-row
/// 自评表 whose merged 一级/二级 cells cross page breaks, a signature block.
const SAMPLE: &str = include_str!("testdata/sample.markup");

fn sample() -> Document {
    let meta = Meta {
        title: "示例区科技和工业信息化局2024年度部门整体支出绩效自评报告".into(),
        author: "岳阳市示例区科技和工业信息化局".into(),
        date: None,
    };
    parse_markup(SAMPLE, meta).unwrap()
}

fn render(doc: &Document) -> Vec<u8> {
    pdf(doc, test_fonts(), &PdfOptions::default()).unwrap()
}

/// Writes the bytes to a fresh temp file named after the test.
fn temp_pdf(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("gen-report-{}-{name}.pdf", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn tool(name: &str, args: &[&str], pdf: &PathBuf) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {name} ({e}): install poppler-utils (bash scripts/setup.sh)")
        });
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn pdffonts(pdf: &PathBuf) -> String {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run pdffonts ({e}): install poppler-utils (bash scripts/setup.sh)")
        });
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether an extracted line is a page number such as `— 3 —`.
fn is_page_number(line: &str) -> bool {
    let t = squeeze(line);
    let digits = t.trim_start_matches('—').trim_end_matches('—');
    t.starts_with('—') && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// Extracted text without page numbers.
fn body_text(raw: &str) -> String {
    raw.lines()
        .filter(|l| !is_page_number(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_paragraph_is_extracted_in_order() {
    let doc = sample();
    let path = temp_pdf("order", &render(&doc));
    let text = squeeze(&body_text(&tool("pdftotext", &[], &path)));
    let mut at = 0;
    for block in &doc.blocks {
        let joined;
        let t = match block {
            Block::Attachment(t) => t,
            Block::Title(lines) | Block::Caption(lines) => {
                joined = lines.concat();
                &joined
            }
            Block::Heading { text, .. } => text,
            Block::Paragraph(p) => &p.text,
            _ => continue,
        };
        let want = squeeze(t);
        let found = text[at..].find(&want);
        assert!(found.is_some(), "missing or out of order: {want}");
        at += found.unwrap() + want.len();
    }
    std::fs::remove_file(path).ok();
}

#[test]
fn fonts_are_embedded_subset_with_tounicode() {
    let path = temp_pdf("fonts", &render(&sample()));
    let listing = pdffonts(&path);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(rows.len() >= 4, "{listing}");
    for row in rows {
        // name type encoding emb sub uni object-id: the three flags precede the id.
        let cols: Vec<&str> = row.split_whitespace().collect();
        let flags = &cols[cols.len() - 5..cols.len() - 2];
        assert_eq!(flags, ["yes", "yes", "yes"], "{row}");
        assert!(row.contains('+'), "subset tag: {row}");
    }
    std::fs::remove_file(path).ok();
}

#[test]
fn no_extracted_line_starts_with_forbidden_punctuation() {
    let path = temp_pdf("kinsoku", &render(&sample()));
    let text = tool("pdftotext", &["-layout"], &path);
    let body: Vec<&str> = text
        .lines()
        .filter(|l| !is_page_number(l) && !l.trim().is_empty())
        .collect();
    // The extraction holds the report: an empty one cannot pass.
    assert!(body.len() > 100, "{} lines extracted", body.len());
    assert!(text.contains("部门整体支出绩效自评表"));
    for line in &body {
        if let Some(first) = line.trim_start().chars().next() {
            assert!(
                !NO_LINE_START.contains(first),
                "line starts with {first}: {line}"
            );
        }
    }
    // And the rule had work to do: marks kept at a line's end.
    assert!(
        body.iter()
            .any(|l| l.trim_end().ends_with(['，', '。', '；'])),
        "no line ends with punctuation"
    );
    std::fs::remove_file(path).ok();
}

#[test]
fn long_table_repeats_its_header_on_every_page() {
    let path = temp_pdf("table", &render(&sample()));
    let text = tool("pdftotext", &["-layout"], &path);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| p.contains("三级指标") || p.contains("指标值"))
        .collect();
    assert!(pages.len() >= 2, "the 40-row table spans pages");
    for page in &pages {
        // Narrow label columns may break 一级|指标 between its words, so
        // the header takes two text lines.
        for word in ["一级", "三级指标", "年度", "指标值", "得分"] {
            assert!(page.contains(word), "{word} missing from a table page");
        }
    }
    // The merged 产出指标 cell crosses the first break: labelled again on
    // the next page (issue 16).
    assert!(pages[0].contains("产出"));
    assert!(pages[1].contains("产出"), "{}", pages[1]);
    std::fs::remove_file(path).ok();
}

#[test]
fn rare_name_characters_round_trip() {
    let path = temp_pdf("rare", &render(&sample()));
    let text = tool("pdftotext", &[], &path);
    for ch in ['喆', '堃', '旸'] {
        assert!(text.contains(ch), "{ch} missing from extracted text");
    }
    std::fs::remove_file(path).ok();
}

#[test]
fn renders_are_byte_identical() {
    let doc = sample();
    assert_eq!(render(&doc), render(&doc));
}

#[test]
fn output_is_pdf_a_2b_with_metadata() {
    let bytes = render(&sample());
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("<pdfaid:part>2</pdfaid:part>"), "PDF/A part");
    assert!(
        raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "PDF/A level"
    );
    let path = temp_pdf("info", &bytes);
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8(out.stdout).unwrap();
    assert!(info.contains("示例区科技和工业信息化局2024年度"), "{info}");
    assert!(
        info.contains("Author:          岳阳市示例区科技和工业信息化局"),
        "{info}"
    );
    assert!(info.contains("2000"), "fixed creation date: {info}");
    std::fs::remove_file(path).ok();
}

#[test]
fn sample_report_is_small() {
    let bytes = render(&sample());
    assert!(bytes.len() < 300 * 1024, "{} bytes", bytes.len());
}

#[test]
fn rendering_is_thread_safe_with_shared_fonts() {
    let doc = sample();
    let one = render(&doc);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..2).map(|_| s.spawn(|| render(&doc))).collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), one);
        }
    });
}

#[test]
fn tagged_output_is_still_valid_pdf_a() {
    let opts = PdfOptions {
        tagged: true,
        ..PdfOptions::default()
    };
    let bytes = pdf(&sample(), test_fonts(), &opts).unwrap();
    let path = temp_pdf("tagged", &bytes);
    let out = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8(out.stdout).unwrap();
    assert!(info.contains("Tagged:          yes"), "{info}");
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/StructTreeRoot"));
    std::fs::remove_file(path).ok();
}

#[test]
fn messages_name_no_option_that_does_not_exist() {
    // Issue 10, defect 8: the PDF/A message used to suggest `--no-pdfa`.
    let msg = PdfError::Validation(vec!["字体 X 缺少“甲”的字形".into()]).to_string();
    assert!(!msg.contains("--no-pdfa"), "{msg}");
    use clap::CommandFactory;
    let cmd = crate::cli::Args::command();
    let longs: Vec<String> = cmd
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect();
    for word in msg.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        if word.starts_with("--") {
            assert!(longs.iter().any(|l| l == word), "{word} is not an option");
        }
    }
}

#[test]
fn font_errors_are_told_in_chinese() {
    // Every reason krilla 0.8 gives (with subsetter's errors) for a font it
    // cannot embed; its English must not reach the user.
    for krilla in [
        "font is missing an outline table",
        "failed to read font subset",
        "failed to subset font",
        "failed to subset font: malformed font",
        "failed to subset font: unsupported feature in font",
        "failed to subset font: subsetting of font failed",
        "failed to subset font: overflow occurred",
        "failed to subset font: processing CFF table failed",
    ] {
        let said = super::font_problem(krilla);
        assert!(
            !said.chars().any(|c| c.is_ascii_alphabetic()),
            "{krilla}: {said}"
        );
    }
    assert_ne!(
        super::font_problem("failed to subset font: unsupported feature in font"),
        super::font_problem("failed to subset font: processing CFF table failed")
    );
}
