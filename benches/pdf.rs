//! Render time and size of the ~8-page sample report, fonts preloaded:
//! `cargo bench --bench pdf [-- out.pdf]` (the PDF is written there, to
//! compare streams and sizes between builds). Plain `Instant` timing, no harness.

use gen_report::document::{Meta, parse_markup};
use gen_report::layout::{Fonts, LayoutOptions, layout};
use gen_report::pdf::{PdfOptions, pdf};
use std::time::{Duration, Instant};

/// Renders timed after one warm-up render.
const RUNS: u32 = 30;

fn main() {
    let markup = include_str!("../src/pdf/testdata/sample.markup");
    let meta = Meta {
        title: "示例区科技和工业信息化局2024年度部门整体支出绩效自评报告".into(),
        author: "岳阳市示例区科技和工业信息化局".into(),
        date: None,
    };
    let doc = parse_markup(markup, meta).expect("sample markup parses");

    let t = Instant::now();
    let fonts = Fonts::discover(&[]).expect("fonts installed (bash scripts/setup.sh)");
    let discover = t.elapsed();

    let opts = PdfOptions::default();
    let bytes = pdf(&doc, &fonts, &opts).expect("sample renders");
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let out = pdf(&doc, &fonts, &opts).expect("sample renders");
            let d = t.elapsed();
            assert_eq!(out, bytes, "deterministic");
            d
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = times.iter().map(|&d| ms(d)).sum::<f64>() / f64::from(RUNS);
    let pages = layout(&doc, &fonts, &LayoutOptions::default())
        .expect("sample lays out")
        .len();
    println!("fonts discover: {:.1} ms (once per process)", ms(discover));
    println!(
        "render: mean {mean:.1} ms, median {:.1} ms, min {:.1} ms over {RUNS} runs",
        ms(times[times.len() / 2]),
        ms(times[0])
    );
    // cargo passes `--bench`; any other argument names the file to write.
    if let Some(path) = std::env::args().skip(1).find(|a| !a.starts_with('-')) {
        std::fs::write(&path, &bytes).expect("PDF written");
    }
    println!(
        "size: {} bytes ({:.0} KiB), pages: {pages}",
        bytes.len(),
        bytes.len() as f64 / 1024.0
    );
}
