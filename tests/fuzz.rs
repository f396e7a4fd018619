//! A stable fuzz harness (no nightly, no cargo-fuzz): mutates the sample
//! departments and runs each variant through the whole pipeline in
//! process, checking that nothing panics, every error is a located Chinese
//! message without parser internals, and every DOCX/PDF made is complete.
//!
//!     FUZZ_SECS=600 cargo test --release --test main fuzz -- --ignored --nocapture
//!
//! `FUZZ_CASES` stops after that many cases (within `FUZZ_SECS`, which then
//! defaults to a day). `FUZZ_SEED` repeats a run. A failing input is saved under
//! `target/fuzz-findings/` and the test fails after the time is up.

use crate::util::fuzz_seed;
use gen_report::diag::Diagnostic;
use gen_report::format::Selection;
use gen_report::render::{self, Env, Failure, Rendered};
use gen_report::template::Templates;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// splitmix64: a tiny deterministic generator, enough for mutation choices.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that stress YAML structure, numbers and text handling.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "---\n",
    "...\n",
    "\t",
    "  ",
    "\n",
    "'",
    "\"",
    "#",
    "!!str ",
    "!!binary ",
    "<<: ",
    "? ",
    "|\n",
    ">-\n",
    "~",
    "null",
    "true",
    "1e999",
    "-0",
    "0x1F",
    "0o17",
    "99999999999999999999",
    "0.0000001",
    "-1",
    ".nan",
    "\u{202E}",
    "\u{200B}",
    "\u{FEFF}",
    "𠀀",
    "\u{FFFD}",
    "\u{2028}",
    "\u{F8FF}",
    "=HYPERLINK(\"x\")",
    "合计: ",
    "小计: 1",
    "：",
    "，",
    "%",
    "万元",
    "元",
    "　",
    "\\",
    "\r",
    "\u{0}",
    "&b [*b]",
    "{a: *a}",
];

fn mutate(src: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = src.lines().map(String::from).collect();
    for _ in 0..1 + rng.below(4) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = rng.below(lines.len());
        match rng.below(8) {
            0 => {
                // Insert a token at a character boundary.
                let line = &mut lines[i];
                let cuts: Vec<usize> = line
                    .char_indices()
                    .map(|(b, _)| b)
                    .chain([line.len()])
                    .collect();
                let at = cuts[rng.below(cuts.len())];
                line.insert_str(at, TOKENS[rng.below(TOKENS.len())]);
            }
            1 => {
                let n = 1 + rng.below(5);
                let end = (i + n).min(lines.len());
                lines.drain(i..end);
            }
            2 => {
                let n = 1 + rng.below(20);
                let end = (i + n).min(lines.len());
                let copy: Vec<String> = lines[i..end].to_vec();
                let at = rng.below(lines.len() + 1);
                lines.splice(at..at, copy);
            }
            3 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            4 => {
                // Indent or dedent.
                if rng.below(2) == 0 {
                    lines[i].insert_str(0, "  ");
                } else if lines[i].starts_with("  ") {
                    lines[i].drain(..2);
                }
            }
            5 => {
                // Replace the first number on the line.
                let line = &lines[i];
                if let Some(start) = line.find(|c: char| c.is_ascii_digit()) {
                    let end = line[start..]
                        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                        .map_or(line.len(), |e| start + e);
                    let new = match rng.below(5) {
                        0 => "0".to_string(),
                        1 => format!("{}", rng.next()),
                        2 => format!("{}.{}", rng.below(1000), rng.below(1_000_000_000)),
                        3 => format!("-{}", rng.below(100)),
                        _ => format!("{}", rng.below(200)),
                    };
                    lines[i].replace_range(start..end, &new);
                }
            }
            6 => {
                // A long or deep line.
                let t = TOKENS[rng.below(TOKENS.len())];
                let line = t.repeat(1 + rng.below(300));
                lines.insert(i, line);
            }
            _ => {
                // Truncate the line at a character boundary.
                let line = &mut lines[i];
                let cuts: Vec<usize> = line.char_indices().map(|(b, _)| b).collect();
                if !cuts.is_empty() {
                    let at = cuts[rng.below(cuts.len())];
                    line.truncate(at);
                }
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// Library words that must never reach an officer.
const INTERNALS: &[&str] = &[
    "budget",
    "Budget",
    "Depth",
    "recursion",
    "AliasAnchor",
    "from_str",
    "documents detected",
    "invalid type",
    "panicked",
    "unwrap",
];

fn bad_message(d: &Diagnostic, src: &str) -> Option<String> {
    let text = format!("{} {}", d.message, d.hints.join(" "));
    if !text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        return Some(format!("no Chinese in: {text}"));
    }
    INTERNALS
        .iter()
        .find(|w| text.contains(*w) && !src.contains(*w))
        .map(|w| format!("internal text “{w}” in: {text}"))
}

fn docx_complete(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|mut z| z.by_name("word/document.xml").is_ok())
}

fn seeds() -> Vec<String> {
    let mut out = vec![crate::util::EXAMPLE.to_string()];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/示例县");
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "yaml") {
                out.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

/// One department the way a county run takes it: [`render::check`] in its
/// first phase, [`render::produce`] in its last (batch/department.rs).
fn department(bytes: &[u8], env: &Env) -> Result<Rendered, Failure> {
    let checked = render::check(bytes, env.templates.catalogue());
    let report = checked.result.map_err(Failure::Data)?;
    render::produce(report, None, &checked.src, env)
}

#[test]
#[ignore]
fn fuzz_pipeline() {
    let env_u64 = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    let cases = env_u64("FUZZ_CASES").unwrap_or(u64::MAX);
    let secs = env_u64("FUZZ_SECS").unwrap_or(if cases < u64::MAX { 86_400 } else { 60 });
    let seed = fuzz_seed();
    // The county run's own pool (its workers' stacks): the same road.
    let pool = gen_report::batch::Pool::new(None).unwrap();
    pool.run(|| run(secs, cases, seed));
}

fn run(secs: u64, max_cases: u64, seed: u64) {
    let mut rng = Rng(seed);
    let seeds = seeds();
    let fonts = gen_report::layout::Fonts::discover(&[]).expect("fonts: run scripts/setup.sh");
    let docx_only = Selection::defaults();
    let mut env = Env {
        templates: Templates::builtin().unwrap(),
        fonts: Some(fonts),
        formats: docx_only,
    };
    let findings_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/fuzz-findings");
    let (mut cases, mut accepted, mut with_pdf) = (0u64, 0u64, 0u64);
    let mut slowest = (Duration::ZERO, String::new());
    let mut findings: Vec<String> = Vec::new();
    let start = Instant::now();
    std::panic::set_hook(Box::new(|_| {}));
    while start.elapsed() < Duration::from_secs(secs) && cases < max_cases {
        let base = &seeds[rng.below(seeds.len())];
        let src = mutate(base, &mut rng);
        // One case in eight also makes the PDF (ten times slower).
        let pdf = rng.below(8) == 0;
        env.formats = match pdf {
            true => docx_only.with(&gen_report::pdf::Pdf),
            false => docx_only,
        };
        cases += 1;
        with_pdf += u64::from(pdf);
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| department(src.as_bytes(), &env)));
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, format!("{} bytes", src.len()));
        }
        let problem = match result {
            Err(_) => Some("panic".to_string()),
            Ok(Ok(r)) => {
                accepted += 1;
                let docx_ok = r.file(&gen_report::docx::Docx).is_some_and(docx_complete);
                let pdf_ok = r.file(&gen_report::pdf::Pdf).is_none_or(|p| {
                    p.starts_with(b"%PDF-") && p.windows(5).rev().take(64).any(|w| w == b"%%EOF")
                }) && r.file(&gen_report::pdf::Pdf).is_some() == pdf;
                let warn = r.report.warnings.iter().find_map(|w| bad_message(w, &src));
                match (docx_ok, pdf_ok, warn) {
                    (false, _, _) => Some("incomplete DOCX".into()),
                    (_, false, _) => Some("incomplete PDF".into()),
                    (_, _, Some(w)) => Some(w),
                    _ => None,
                }
            }
            // The built-in template must render every sound report.
            Ok(Err(Failure::Template(e))) => Some(format!("template: {e}")),
            Ok(Err(Failure::Data(diags))) => {
                let located_errors = diags.iter().any(Diagnostic::is_error);
                diags
                    .iter()
                    .find_map(|d| bad_message(d, &src))
                    .or_else(|| (!located_errors).then(|| "rejected without an error".into()))
            }
        };
        if let Some(p) = problem {
            std::fs::create_dir_all(findings_dir).unwrap();
            let file = format!("{findings_dir}/case-{seed}-{cases}.yaml");
            std::fs::write(&file, &src).unwrap();
            findings.push(format!("{file}: {p}"));
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "fuzz: seed {seed}, {cases} cases in {:.0} s ({accepted} rendered, {with_pdf} with PDF), \
         slowest {:.0} ms ({}), {} findings",
        start.elapsed().as_secs_f64(),
        slowest.0.as_secs_f64() * 1000.0,
        slowest.1,
        findings.len()
    );
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}
