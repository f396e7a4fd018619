//! Renders a document markup file to PDF, for looking at the layout:
//! `cargo run --release --example pdf_sample -- [in.markup] [out.pdf]`.
//! Defaults: the PDF test sample and /tmp/pdf-sample.pdf.

use gen_report::document::{Meta, parse_markup};
use gen_report::layout::Fonts;
use gen_report::pdf::{PdfOptions, pdf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args
        .next()
        .unwrap_or_else(|| "src/pdf/testdata/sample.markup".into());
    let output = args.next().unwrap_or_else(|| "/tmp/pdf-sample.pdf".into());
    let meta = Meta {
        title: "岳阳市示例区科技和工业信息化局2024年度部门整体支出绩效自评报告".into(),
        author: "岳阳市示例区科技和工业信息化局".into(),
    };
    let doc = parse_markup(&std::fs::read_to_string(&input)?, meta).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let fonts = Fonts::discover(&[])?;
    let loaded = t.elapsed();
    let t = Instant::now();
    let bytes = pdf(&doc, &fonts, &PdfOptions::default())?;
    let rendered = t.elapsed();
    std::fs::write(&output, &bytes)?;
    eprintln!(
        "{output}: {} bytes; fonts {loaded:?}, render {rendered:?}",
        bytes.len()
    );
    Ok(())
}
