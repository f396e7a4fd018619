//! Every sample department (data/示例县 and examples/) laid out in full:
//! no line break where the document forbids one (a number and its unit, a
//! table label's word), titles and captions drawn in their arranged lines,
//! and the page grid respected.

use super::*;
use crate::document::measure::no_break_at;
use crate::document::{Block, Document};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The sample documents, through the whole pipeline (`render.rs`: the
/// layout itself knows nothing of YAML or the model).
fn samples() -> Vec<(PathBuf, Document)> {
    crate::render::sample_documents()
}

/// The drawn lines of each block (and table cell), in order.
fn drawn_lines(pages: &[Page]) -> BTreeMap<(usize, Option<usize>), Vec<String>> {
    let mut out: BTreeMap<(usize, Option<usize>), Vec<String>> = BTreeMap::new();
    for page in pages {
        let mut last: Option<((usize, Option<usize>), f32)> = None;
        for run in page.runs() {
            let Semantic::Content { block, cell } = run.semantic else {
                continue;
            };
            let key = (block, cell);
            let lines = out.entry(key).or_default();
            match last {
                Some((k, y)) if k == key && (y - run.baseline).abs() < 0.1 => {
                    lines.last_mut().expect("a line").push_str(&run.text)
                }
                _ => lines.push(run.text.clone()),
            }
            last = Some((key, run.baseline));
        }
    }
    out
}

/// Byte offsets in `text` where the drawn `lines` break it.
fn break_offsets(text: &str, lines: &[String]) -> Vec<usize> {
    let mut at = 0;
    let mut out = Vec::new();
    for line in lines {
        for ch in line.chars() {
            while let Some(c) = text[at..].chars().next()
                && c != ch
            {
                at += c.len_utf8();
            }
            at += ch.len_utf8();
        }
        out.push(at);
    }
    out.pop();
    out
}

#[test]
fn no_sample_breaks_a_number_from_its_unit_or_a_label_word() {
    for (path, doc) in samples() {
        let pages = layout(&doc, test_fonts(), &LayoutOptions::default()).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for ((block, cell), lines) in drawn_lines(&pages) {
            let (text, glued) = match (&doc.blocks[block], cell) {
                (Block::Table(t), Some(c)) => (&t.cells[c].text, t.cells[c].no_break_at()),
                (Block::Paragraph(p), None) => (&p.text, no_break_at(&p.text)),
                (Block::Heading { text, .. }, None) => (text, no_break_at(text)),
                (Block::Title(l) | Block::Caption(l), None) => {
                    assert_eq!(&lines, l, "{name}: title/caption lines as arranged");
                    continue;
                }
                _ => continue,
            };
            for b in break_offsets(text, &lines) {
                assert!(
                    glued.binary_search(&b).is_err(),
                    "{name}: broken at {b}: {lines:?}"
                );
            }
        }
        for (i, page) in pages.iter().enumerate() {
            let baselines: std::collections::BTreeSet<i32> = page
                .runs()
                .filter(|r| r.size == BODY_SIZE && r.semantic != Semantic::Artifact)
                .map(|r| r.baseline.round() as i32)
                .collect();
            assert!(baselines.len() <= LINES_PER_PAGE, "{name} page {}", i + 1);
        }
    }
}

/// The widest stretch added to one ideograph of a justified body line.
fn max_stretch(pages: &[Page]) -> (f32, String) {
    let mut worst = (0.0f32, String::new());
    for page in pages {
        for run in page.runs() {
            if run.size != BODY_SIZE || run.semantic == Semantic::Artifact {
                continue;
            }
            for (k, g) in run.glyphs.iter().enumerate() {
                let t = &run.text[g.range.clone()];
                // An ideograph before Latin text carries the autospace and
                // no letter-spacing; judge only the others.
                let next = run.glyphs.get(k + 1).map(|n| &run.text[n.range.clone()]);
                let before_latin =
                    next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_graphic()));
                let ideograph =
                    !before_latin && t.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
                let stretch = g.advance - (BODY_SIZE + BODY_TRACKING);
                if ideograph && stretch > worst.0 {
                    worst = (stretch, run.text.clone());
                }
            }
        }
    }
    worst
}

#[test]
fn sample_lines_are_not_letter_spaced() {
    // “值 100%， 得 5 分。”: the stretch justification gives one ideograph.
    let mut worst = (0.0f32, String::new());
    for (_, doc) in samples() {
        let pages = layout(&doc, test_fonts(), &LayoutOptions::default()).unwrap();
        let w = max_stretch(&pages);
        if w.0 > worst.0 {
            worst = w;
        }
    }
    // Sentence marks hang, and nothing is squeezed (the DOCX's
    // doNotCompress; LibreOffice measured likewise): the worst line keeps
    // `7082.24万元` whole after `支出合计` and gives its ideographs a third
    // of an em (5.2 pt); hanging nothing, the samples reach 0.38 em.
    assert!(worst.0 < 0.34 * BODY_SIZE, "{worst:?}");
}

/// No glyph of a table cell lies outside its cell's box (less the cell
/// padding): a closing mark at a cell's line end neither hangs over the
/// rule nor into the next column (issue 16), in both built-in layouts.
#[test]
fn every_cell_keeps_its_glyphs_inside_its_box() {
    use crate::document::style::{CELL_PAD_X, pt};
    let mut checked = 0;
    for set in ["hunan", "表格式"] {
        for (path, doc) in crate::render::sample_documents_in(set) {
            let pages = layout(&doc, test_fonts(), &LayoutOptions::default()).unwrap();
            for run in pages.iter().flat_map(|p| p.runs()) {
                let Semantic::Content {
                    block,
                    cell: Some(c),
                } = run.semantic
                else {
                    continue;
                };
                let Block::Table(t) = &doc.blocks[block] else {
                    panic!("a cell outside a table")
                };
                let cell = &t.cells[c];
                let edge =
                    |col: usize| MARGIN_LEFT + pt(t.widths[..col].iter().sum::<u32>() as i32);
                let (left, right) = (edge(cell.col), edge(cell.col + cell.colspan));
                let pad = pt(CELL_PAD_X);
                let (x0, x1) = (run.x, run.x + run.width());
                assert!(
                    x0 >= left + pad - 0.05 && x1 <= right - pad + 0.05,
                    "{} ({set}): “{}” spans {x0:.1}–{x1:.1}, its cell {:.1}–{:.1}",
                    path.display(),
                    run.text,
                    left + pad,
                    right - pad
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 3000, "{checked} runs checked");
}
