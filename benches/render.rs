//! In-process timing of one department through the pipeline, with
//! templates (and fonts) loaded once as in a county run.
//!
//!     cargo bench --bench render
//!
//! Prints, per stage, the mean and fastest of many iterations, plus output
//! sizes. Plain `Instant` timing (no criterion) keeps the build lean.

use gen_report::format::Selection;
use gen_report::render::{Env, Rendered, check, produce};
use gen_report::template::Templates;
use std::time::{Duration, Instant};

const EXAMPLE: &str = include_str!("../examples/示例科工局.yaml");
const ITERATIONS: u32 = 200;

fn time<T>(label: &str, iterations: u32, mut f: impl FnMut() -> T) -> T {
    // One warm-up run: first-touch allocations and font parsing caches.
    let mut last = f();
    let mut total = Duration::ZERO;
    let mut best = Duration::MAX;
    for _ in 0..iterations {
        let start = Instant::now();
        last = f();
        let took = start.elapsed();
        total += took;
        best = best.min(took);
    }
    println!(
        "{label:40} mean {:7.2} ms   fastest {:7.2} ms",
        total.as_secs_f64() * 1000.0 / f64::from(iterations),
        best.as_secs_f64() * 1000.0
    );
    last
}

/// The road a county run takes (batch/department.rs): check, then produce.
fn department(env: &Env) -> Rendered {
    let checked = check(EXAMPLE.as_bytes(), env.templates.catalogue());
    let report = checked.result.expect("valid");
    produce(report, None, &checked.src, env).expect("renders")
}

fn main() {
    let templates = Templates::builtin().expect("built-in template");
    let mut env = Env {
        templates,
        fonts: None,
        formats: Selection::default(),
    };
    time("YAML → model (load + compute)", ITERATIONS, || {
        check(EXAMPLE.as_bytes(), env.templates.catalogue())
            .result
            .expect("valid")
    });
    let doc = time("YAML → document (+ template)", ITERATIONS, || {
        let report = check(EXAMPLE.as_bytes(), env.templates.catalogue())
            .result
            .expect("valid");
        env.templates.render(&report).expect("renders")
    });
    env.formats = Selection::defaults();
    let r = time("YAML → DOCX bytes", ITERATIONS, || department(&env));
    let docx = r.file(&gen_report::docx::Docx).map_or(0, <[u8]>::len);
    println!("{:40} {docx} bytes", "DOCX size");
    pdf_stages(&mut env, &doc);
}

fn pdf_stages(env: &mut Env, doc: &gen_report::document::Document) {
    let fonts = time("font discovery (once per run)", 5, || {
        gen_report::layout::Fonts::discover(&[]).expect("fonts installed")
    });
    let pdf = time("document → PDF bytes (fonts loaded)", ITERATIONS, || {
        gen_report::pdf::pdf(doc, &fonts, &gen_report::pdf::PdfOptions::default()).expect("pdf")
    });
    println!("{:40} {} bytes", "PDF size", pdf.len());
    env.fonts = Some(fonts);
    env.formats = Selection::defaults().with(&gen_report::pdf::Pdf);
    time("YAML → DOCX + PDF bytes", ITERATIONS, || department(env));
}
