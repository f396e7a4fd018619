//! The DOCX opened by a real office suite (LibreOffice headless, with the
//! Windows font names mapped to open fonts by `tests/fonts.conf`): it
//! converts, keeps the GB/T 9704 grid of 22 lines of 28 characters, and
//! breaks pages where our own PDF does.

use crate::util::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Converts `docx` files to PDF in `out` with one LibreOffice run.
fn libreoffice(docx: &[PathBuf], out: &Path, profile: &Path) {
    let fonts_conf = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fonts.conf");
    let run = Command::new("soffice")
        .env("FONTCONFIG_FILE", fonts_conf)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .args(docx)
        .output()
        .expect("soffice is required for this test (run scripts/setup.sh)");
    assert!(
        run.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn libreoffice_converts_the_docx_to_pdf() {
    let d = Dir::new();
    d.write("科工局.yaml", EXAMPLE);
    d.run(&["科工局.yaml"]).expect(0);
    libreoffice(
        &[d.path("output/科工局.docx")],
        &d.path("lo"),
        &d.path("lo-profile"),
    );
    let pdf = d.path("lo/科工局.pdf");
    let text = pdf_text(&pdf);
    for needle in [
        "860.90",
        "97.77%",
        "整体支出绩效自评报告",
        "部门整体支出绩效自评表",
    ] {
        assert!(
            text.contains(needle),
            "{needle} missing in LibreOffice's PDF"
        );
    }
    let pages = pdf_pages(&pdf);
    assert!((5..=14).contains(&pages), "{pages} pages");
}

/// One line of text on a page, from `pdftotext -bbox`.
#[derive(Debug)]
struct Line {
    x_min: f32,
    x_max: f32,
    /// Height of the words' boxes: about 1.3 × the type size.
    height: f32,
    text: String,
}

/// The text lines of each page, top to bottom (page numbers left out).
fn pages(pdf: &Path) -> Vec<Vec<Line>> {
    let out = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |s: &str, name: &str| -> f32 {
        let at = s.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        s[at..at + s[at..].find('"').unwrap()].parse().unwrap()
    };
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            // Words grouped by their top edge (to a tenth of a point).
            let mut lines: BTreeMap<i32, Line> = BTreeMap::new();
            for w in page.split("<word ").skip(1) {
                let head = &w[..w.find('>').unwrap()];
                let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                let (x0, y0, x1, y1) = (
                    attr(head, "xMin"),
                    attr(head, "yMin"),
                    attr(head, "xMax"),
                    attr(head, "yMax"),
                );
                let line = lines.entry((y0 * 10.0).round() as i32).or_insert(Line {
                    x_min: x0,
                    x_max: x1,
                    height: y1 - y0,
                    text: String::new(),
                });
                line.x_min = line.x_min.min(x0);
                line.x_max = line.x_max.max(x1);
                line.text.push_str(text);
            }
            let mut lines: Vec<Line> = lines.into_values().collect();
            // The page number, "— N —", under the text block.
            lines.retain(|l| !(l.text.starts_with('—') && l.text.ends_with('—')));
            lines
        })
        .collect()
}

/// Points: the text block of GB/T 9704 (28 mm from the left, 156 mm wide,
/// 37 mm from the top, 225 mm high).
const MM: f32 = 72.0 / 25.4;
const LEFT: f32 = 28.0 * MM;
const RIGHT: f32 = LEFT + 156.0 * MM;
/// One body character: 3号 with its −0.25 pt letter spacing.
const CHAR: f32 = 15.75;

fn is_cjk(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

/// Body-size text (16 pt; pdftotext boxes are 1.3 em tall).
fn is_body(l: &Line) -> bool {
    (l.height - 20.8).abs() < 0.5
}

/// Renders every sample as DOCX and PDF and converts the DOCX with
/// LibreOffice: (work dir, [(name, our PDF, LibreOffice's PDF)]).
fn samples_both_ways() -> (Dir, Vec<(String, PathBuf, PathBuf)>) {
    let (d, docx) = render_samples(&["--pdf"]);
    let lo = d.path("lo");
    libreoffice(&docx, &lo, &d.path("lo-profile"));
    let files = docx
        .iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (
                stem.clone(),
                p.with_extension("pdf"),
                lo.join(format!("{stem}.pdf")),
            )
        })
        .collect();
    (d, files)
}

#[test]
fn libreoffice_keeps_the_grid_and_the_pdf_page_count() {
    let (_d, files) = samples_both_ways();
    let mut faults = Vec::new();
    let mut full_lines = 0;
    let mut full_pages = 0;
    for (name, ours, lo) in &files {
        let lo_pages = pages(lo);
        for (p, lines) in lo_pages.iter().enumerate() {
            let body: Vec<&Line> = lines.iter().filter(|l| is_body(l)).collect();
            // A full body line: Chinese only, reaching the right edge. Its
            // characters plus its indent make 28 (29 when a closing mark
            // hangs into the margin).
            // No line break between a number and its unit (`114.69万|元`).
            for pair in body.windows(2) {
                let joined = format!("{}{}", pair[0].text, pair[1].text);
                let at = pair[0].text.len();
                if gen_report::document::measure::no_break_at(&joined).contains(&at) {
                    faults.push(format!(
                        "{name} p.{}: number parted from its unit: {} / {}",
                        p + 1,
                        pair[0].text,
                        pair[1].text
                    ));
                }
            }
            for l in &body {
                let n = l.text.chars().count();
                let indent = ((l.x_min - LEFT) / CHAR).round() as usize;
                // (Signature lines reach the edge too, with gaps between
                // their fields: the text must run solid.)
                let solid = l.x_max - l.x_min < (n as f32 + 1.0) * CHAR;
                if l.text.chars().all(is_cjk) && solid && l.x_max > RIGHT - CHAR / 2.0 {
                    full_lines += 1;
                    let hanging = l.x_max > RIGHT + 2.0;
                    if n + indent != 28 + usize::from(hanging) {
                        faults.push(format!(
                            "{name} p.{}: {n}+{indent} characters: {}",
                            p + 1,
                            l.text
                        ));
                    }
                }
            }
            // A page of body text only whose last line runs on to the next
            // page (it reaches the right edge) holds 22 lines.
            let runs_on = body.last().is_some_and(|l| {
                let solid = l.x_max - l.x_min < (l.text.chars().count() as f32 + 1.0) * CHAR;
                solid && l.x_max > RIGHT - CHAR / 2.0
            });
            if runs_on && body.len() == lines.len() {
                full_pages += 1;
                if body.len() != 22 {
                    faults.push(format!("{name} p.{}: {} lines", p + 1, body.len()));
                }
            }
        }
        // The title breaks where the document stage arranged it, in both.
        let title = |pdf: &Path| -> Vec<String> {
            pages(pdf)[0]
                .iter()
                .take_while(|l| !l.text.starts_with("一、"))
                .map(|l| l.text.replace('\u{200D}', ""))
                .collect()
        };
        let (our_title, lo_title) = (title(ours), title(lo));
        if our_title.is_empty() || our_title != lo_title {
            faults.push(format!("{name}: title lines {our_title:?} vs {lo_title:?}"));
        }
        let (a, b) = (pdf_pages(ours), lo_pages.len());
        if a != b {
            faults.push(format!("{name}: our PDF {a} pages, LibreOffice {b}"));
        }
    }
    eprintln!(
        "measured {full_lines} full lines, {full_pages} full pages in {} files",
        files.len()
    );
    assert!(full_lines > 150, "only {full_lines} full lines measured");
    assert!(full_pages > 20, "only {full_pages} full pages measured");
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn closing_seal_and_date_never_stand_alone_on_a_page() {
    // In the example the text ends right at a page end: the 落款 would
    // fall alone onto the next page without the keep rule.
    let d = Dir::new();
    d.write("a.yaml", EXAMPLE);
    d.run(&["a.yaml", "--pdf"]).expect(0);
    let pdf = d.path("output/a.pdf");
    let seal = "岳阳市示例区科技和工业信息化局（盖章）";
    let check = |text: &str, who: &str| {
        let page = text
            .split('\u{c}')
            .find(|p| p.lines().any(|l| l.trim() == seal))
            .unwrap_or_else(|| panic!("{who}: seal line missing"));
        let others = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != seal && !l.contains("年") && !l.starts_with('—'))
            .count();
        assert!(others > 0, "{who}: the 落款 stands alone:\n{page}");
    };
    check(&pdf_text(&pdf), "PDF");
    let docx = d.path("output/a.docx");
    let out = std::process::Command::new("soffice")
        .env(
            "FONTCONFIG_FILE",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fonts.conf"),
        )
        .arg(format!(
            "-env:UserInstallation=file://{}",
            d.path("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(d.path("lo"))
        .arg(&docx)
        .output()
        .expect("soffice");
    assert!(out.status.success());
    check(&pdf_text(&d.path("lo/a.pdf")), "DOCX in LibreOffice");
}

/// The form (`--template 表格式`) of every sample and seed: LibreOffice
/// makes as many pages of the DOCX as our PDF has, shows no number on the
/// cover and “— 1 —” on the page after it.
#[test]
fn libreoffice_pages_the_form_as_our_pdf_does() {
    let (d, mut docx) = render_samples(&["--pdf", "--template", "表格式"]);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // seed002's prose parts a number from its unit where LibreOffice
    // breaks the line otherwise (issue 16, the DOCX's glue characters).
    for seed in ["seed000", "seed003"] {
        let yaml = root.join(format!("tests/data/{seed}.yaml"));
        d.run(&[
            yaml.to_str().unwrap(),
            "--pdf",
            "--template",
            "表格式",
            "-q",
            "-o",
            "seeds",
        ])
        .expect(0);
        docx.push(d.path(&format!("seeds/{seed}.docx")));
    }
    let lo = d.path("lo");
    libreoffice(&docx, &lo, &d.path("lo-profile"));
    let mut faults = Vec::new();
    for file in &docx {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let ours = file.with_extension("pdf");
        let theirs = lo.join(format!("{stem}.pdf"));
        let (a, b) = (pdf_pages(&ours), pdf_pages(&theirs));
        if a != b {
            faults.push(format!("{stem}: our PDF {a} pages, LibreOffice {b}"));
        }
        let text = pdf_text(&theirs);
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let number = |p: &str| {
            p.lines()
                .map(|l| l.split_whitespace().collect::<String>())
                .find(|l| l.starts_with('—') && l.ends_with('—'))
        };
        if number(pages[0]).is_some() || number(pages[1]).as_deref() != Some("—1—") {
            faults.push(format!(
                "{stem}: LibreOffice numbers the cover {:?}, the next page {:?}",
                number(pages[0]),
                number(pages[1])
            ));
        }
    }
    assert!(docx.len() >= 14, "{} files", docx.len());
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}
