//! The text and date fuzz (issue 20): random values of text, name and date
//! fields, written in every YAML style, through the production path
//! ([`render::check`], then the built-in template into the document both
//! formats draw), checking that nothing panics and nothing is changed in
//! silence: the document shows the value as written, up to what a warning
//! at the value names (or the documented trimming of each line's ends and
//! blank lines), or the file is refused with an error at the value.
//!
//!     FUZZ_CASES=1000000 cargo test --release --test main fuzz_text -- --ignored --nocapture
//!
//! `FUZZ_SEED` repeats a run. Findings are saved under
//! `target/fuzz-findings/` and fail the test at the end.

use crate::fuzz::Rng;
use crate::util::{EXAMPLE, fuzz_seed};
use gen_report::diag::Diagnostic;
use gen_report::render;
use gen_report::template::Templates;
use rayon::prelude::*;
use std::time::Instant;

/// How a field's value is read.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    /// One line; `required`: must name something.
    Line {
        required: bool,
    },
    /// Text that may span lines.
    Text,
    Date,
    /// A key of its own (a further head count under 人员, an income's
    /// name), on a new line after the field's with this value.
    Key(&'static str),
}

/// A field of the example: the line it is on, what comes before its value
/// there, and the column its block lines are indented to.
struct Field {
    line: &'static str,
    prefix: &'static str,
    indent: usize,
    kind: Kind,
}

const FIELDS: &[Field] = &[
    Field {
        line: "单位: 岳阳市示例区科技和工业信息化局",
        prefix: "单位: ",
        indent: 2,
        kind: Kind::Line { required: true },
    },
    Field {
        line: "报告日期: 2025-03-20",
        prefix: "报告日期: ",
        indent: 2,
        kind: Kind::Date,
    },
    Field {
        line: "  填表人: 张晓燕",
        prefix: "  填表人: ",
        indent: 4,
        kind: Kind::Line { required: false },
    },
    Field {
        line: "    - 名称: 业务工作经费",
        prefix: "    - 名称: ",
        indent: 8,
        kind: Kind::Line { required: true },
    },
    Field {
        line: "        完成值: \"6家\"",
        prefix: "        完成值: ",
        indent: 10,
        kind: Kind::Text,
    },
    Field {
        line: "其他说明: 无",
        prefix: "其他说明: ",
        indent: 2,
        kind: Kind::Text,
    },
    Field {
        line: "  - 个别项目资金下达较晚，项目实施和资金支付进度偏慢。",
        prefix: "  - ",
        indent: 4,
        kind: Kind::Text,
    },
    Field {
        line: "    编制数: 10",
        prefix: "    ",
        indent: 6,
        kind: Kind::Key("2"),
    },
    Field {
        line: "  收入:",
        prefix: "    ",
        indent: 6,
        kind: Kind::Key("0"),
    },
    Field {
        line: "    - 负责研究提出多渠道增加科技投入",
        prefix: "    - ",
        indent: 6,
        kind: Kind::Text,
    },
    Field {
        line: "      - 名称: 指导企业争资争项",
        prefix: "      - 名称: ",
        indent: 10,
        kind: Kind::Line { required: false },
    },
    Field {
        line: "        偏差: 无偏差                      # 选填",
        prefix: "        偏差: ",
        indent: 10,
        kind: Kind::Text,
    },
    Field {
        line: "  联系电话: \"0730-8418758\"",
        prefix: "  联系电话: ",
        indent: 4,
        kind: Kind::Line { required: false },
    },
];

/// Pieces a value is made of: words, and single characters of every class
/// that text handling treats apart.
const WORDS: &[&str] = &[
    "科技",
    "工业局",
    "项目",
    "经费",
    "示例",
    "Ab",
    "x9",
    "2024",
    "一",
];
const SINGLES: &[char] = &[
    ' ',
    ' ',
    '　',
    '\t',
    '\n',
    '\n',
    '\r',
    '\u{0}',
    '\u{7}',
    '\u{1B}',
    '\u{7F}',
    '\u{85}',
    '\u{9F}',
    '\u{A0}',
    '\u{AD}',
    '\u{200B}',
    '\u{200D}',
    '\u{202E}',
    '\u{2028}',
    '\u{2029}',
    '\u{2066}',
    '\u{FEFF}',
    '\u{FFFE}',
    '\u{FFFF}',
    '\u{FDD0}',
    '\u{E000}',
    '\u{FE0F}',
    '\u{301}',
    '\u{3164}',
    '\u{1F600}',
    '\u{20000}',
    '\u{378}',
    '|',
    '^',
    '{',
    '}',
    '\\',
    '#',
    ':',
    '-',
    '"',
    '\'',
    '“',
    '”',
    '&',
    '*',
    '!',
    '%',
    '@',
    '`',
    '[',
    ']',
    ',',
    '?',
    '>',
    '<',
    '=',
    '+',
    '。',
    '，',
    '（',
    '）',
    '%',
    '≥',
    '·',
    'é',
    'A',
    'z',
    '0',
    '7',
];

fn value(rng: &mut Rng) -> String {
    let mut v = String::new();
    for _ in 0..rng.below(10) {
        match rng.below(3) {
            0 => v.push_str(WORDS[rng.below(WORDS.len())]),
            _ => v.push(SINGLES[rng.below(SINGLES.len())]),
        }
    }
    v
}

/// A date as officers might write one, right or wrong.
fn date(rng: &mut Rng) -> String {
    let number = |rng: &mut Rng, digits: usize| -> String {
        let n = rng.below(10usize.pow(digits as u32));
        match rng.below(3) {
            0 => n.to_string(),
            _ => format!("{n:0digits$}"),
        }
    };
    let year = match rng.below(6) {
        0 => number(rng, 2),
        1 => number(rng, 5),
        _ => (2020 + rng.below(8)).to_string(),
    };
    let (month, day) = (number(rng, 2), number(rng, 2));
    let seps = ["-", "/", ".", "年", "月", "日", " ", "", "--", "－"];
    let sep = |rng: &mut Rng| seps[rng.below(seps.len())];
    let mut out = match rng.below(3) {
        0 => format!("{year}年{month}月{day}日"),
        _ => format!("{year}{}{month}{}{day}", sep(rng), sep(rng)),
    };
    if rng.below(4) == 0 {
        out.push_str(sep(rng));
    }
    if rng.below(6) == 0 {
        out.insert(0, ['+', ' ', '0', '年'][rng.below(4)]);
    }
    out
}

/// The value written in a YAML style that reads back as exactly `v`, and
/// the text YAML reads (a `|` block adds a line break); `None` when the
/// style chosen cannot carry it.
fn encode(v: &str, indent: usize, block: bool, rng: &mut Rng) -> Option<(String, String)> {
    let printable = |c: char| !matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}' | '\u{FEFF}');
    match rng.below(6) {
        0 if !v.is_empty()
            && v.chars().all(|c| c != '\n' && c != '\t' && printable(c))
            && v.chars()
                .next()
                .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
            && !v.ends_with(char::is_whitespace)
            && !v.contains(": ")
            && !v.contains(" #")
            && !v.ends_with(':') =>
        {
            Some((v.to_string(), v.to_string()))
        }
        1 if v.chars().all(|c| c != '\n' && (c == '\t' || printable(c))) => {
            Some((format!("'{}'", v.replace('\'', "''")), v.to_string()))
        }
        2 if block
            && !v.is_empty()
            && v.chars().all(|c| c == '\n' || printable(c))
            && v.split('\n')
                .all(|l| !l.is_empty() && !l.starts_with(char::is_whitespace))
            && !v.ends_with('\n') =>
        {
            let pad = " ".repeat(indent);
            let body: Vec<String> = v.split('\n').map(|l| format!("{pad}{l}")).collect();
            Some((format!("|\n{}", body.join("\n")), format!("{v}\n")))
        }
        _ => Some((double_quoted(v, rng), v.to_string())),
    }
}

fn double_quoted(v: &str, rng: &mut Rng) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        let short = match c {
            '\u{0}' => Some("\\0"),
            '\u{7}' => Some("\\a"),
            '\t' => Some("\\t"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\u{1B}' => Some("\\e"),
            '\u{85}' => Some("\\N"),
            '\u{A0}' => Some("\\_"),
            '\u{2028}' => Some("\\L"),
            '\u{2029}' => Some("\\P"),
            _ => None,
        };
        let must = matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}');
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ if must || (!c.is_ascii() && rng.below(5) == 0) => match short {
                Some(s) if rng.below(2) == 0 => out.push_str(s),
                _ if u32::from(c) <= 0xFF => out.push_str(&format!("\\x{:02X}", u32::from(c))),
                _ if u32::from(c) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", u32::from(c))),
                _ => out.push_str(&format!("\\U{:08X}", u32::from(c))),
            },
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What the document must show for `read` (the text YAML reads): the
/// characters warnings at the value name as removed taken out, those named
/// as turned into spaces turned, each line's ends trimmed, blank lines
/// dropped (contract §6.4).
fn expected(read: &str, warnings: &[&Diagnostic]) -> String {
    kept(read, warnings)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `read` with what the warnings name removed or turned into spaces.
fn kept(read: &str, warnings: &[&Diagnostic]) -> String {
    let mut removed = Vec::new();
    let mut spaced = Vec::new();
    for w in warnings {
        let into = if w.message.contains("改为空格") {
            &mut spaced
        } else {
            &mut removed
        };
        let mut rest = w.message.as_str();
        while let Some(i) = rest.find("U+") {
            let hex: String = rest[i + 2..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect();
            if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                into.push(c);
            }
            rest = &rest[i + 2..];
        }
    }
    read.chars()
        .filter(|c| !removed.contains(c))
        .map(|c| if spaced.contains(&c) { ' ' } else { c })
        .collect()
}

/// The date a written one means, by the contract's rule (年-月-日, also
/// with 年月日, `/` or `.`; a 4-digit year; a day that exists; not before
/// the year reported on, 2024 in the example): `None` when it is none.
fn meant_date(text: &str) -> Option<(u32, u32, u32)> {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.strip_suffix('日').unwrap_or(&s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 || parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let seps: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
    let ok_seps = matches!(
        seps.as_slice(),
        ['年', '月'] | ['-', '-'] | ['/', '/'] | ['.', '.']
    );
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    let lens = y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len());
    if !ok_seps || !lens {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let date = chrono::NaiveDate::from_ymd_opt(y as i32, m, d)?;
    (y <= 2200 && date >= chrono::NaiveDate::from_ymd_opt(2024, 1, 1)?).then_some((y, m, d))
}

/// One case: `None` when it went as the contract says, else what did not.
fn case(templates: &Templates, rng: &mut Rng) -> (Option<String>, String, bool) {
    let field = &FIELDS[rng.below(FIELDS.len())];
    let v = match field.kind {
        Kind::Date if rng.below(4) != 0 => date(rng),
        _ => value(rng),
    };
    // Half the values between marks, so what is inside is found and
    // compared whole; the other half tests the ends.
    let marked = rng.below(2) == 0;
    let v = if marked { format!("〔{v}〕") } else { v };
    let Some((written, read)) = encode(&v, field.indent, !matches!(field.kind, Kind::Key(_)), rng)
    else {
        return (None, String::new(), false);
    };
    let line_no = EXAMPLE
        .lines()
        .position(|l| l.starts_with(field.line))
        .expect("the field's line")
        + 1;
    let lines: Vec<&str> = EXAMPLE.lines().collect();
    let (new, at) = match field.kind {
        Kind::Key(v) => (
            format!("{}\n{}{written}: {v}", lines[line_no - 1], field.prefix),
            line_no + 1,
        ),
        _ => (format!("{}{written}", field.prefix), line_no),
    };
    let span = at..=at + written.matches('\n').count();
    let mut all: Vec<&str> = lines.clone();
    all[line_no - 1] = &new;
    let src = all.join("\n") + "\n";
    let checked = render::check(src.as_bytes(), templates.catalogue());
    let accepted = checked.result.is_ok();
    let here = |d: &&Diagnostic| span.contains(&(d.pos.line as usize));
    let problem = match checked.result {
        Err(diags) => {
            let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
            let located = errors.iter().any(here);
            let warnings: Vec<&Diagnostic> = diags.iter().filter(|d| !d.is_error()).collect();
            let at_value: Vec<&Diagnostic> = warnings.iter().copied().filter(here).collect();
            let shown = expected(&read, &at_value);
            let refusable = refusable(field.kind, &kept(&read, &at_value), &shown);
            match (located, refusable) {
                (false, _) => Some(format!("unlocated: no error at the value: {errors:?}")),
                // Stricter than the contract: told, not silent (reported
                // apart, not failing the run).
                (true, false) => Some(format!("{STRICT}refused a sound value: {errors:?}")),
                _ => None,
            }
        }
        Ok(report) => {
            let warnings: Vec<&Diagnostic> = report.warnings.iter().filter(here).collect();
            let shown = expected(&read, &warnings);
            if refusable(field.kind, &kept(&read, &warnings), &shown) {
                Some(format!("accepted what the contract refuses: {shown:?}"))
            } else {
                let doc = templates.render(&report).expect("the template renders");
                let text = doc.texts().join("\n");
                shows(field.kind, &shown, marked, &text)
            }
        }
    };
    (problem, src, accepted)
}

/// Whether the contract refuses what YAML read, `kept` once the characters
/// warned of are out (`shown`: also trimmed, as it would show).
fn refusable(kind: Kind, kept: &str, shown: &str) -> bool {
    let meaningless = !shown.chars().any(char::is_alphanumeric);
    match kind {
        Kind::Line { required } => shown.contains('\n') || (required && meaningless),
        // A key is taken as written: a line break anywhere is one too many.
        Kind::Key(_) => kept.contains('\n') || meaningless,
        Kind::Text => false,
        Kind::Date => !shown.is_empty() && meant_date(shown).is_none(),
    }
}

/// Whether the document `text` shows the value as the contract says.
fn shows(kind: Kind, shown: &str, marked: bool, text: &str) -> Option<String> {
    if kind == Kind::Date {
        let Some((y, m, d)) = meant_date(shown) else {
            return None; // Left out: the date line stays blank.
        };
        let want = format!("{y}年{m}月{d}日");
        return (!text.contains(&want)).then(|| format!("silent: date {want} not shown"));
    }
    if shown.is_empty() {
        return None; // Left out, as a key with nothing after it.
    }
    if !marked {
        return (!text.contains(shown)).then(|| format!("silent: {shown:?} not shown"));
    }
    let inner = shown.trim_start_matches('〔').trim_end_matches('〕');
    let found: Vec<&str> = text
        .split('〔')
        .skip(1)
        .filter_map(|s| s.split_once('〕').map(|(inside, _)| inside))
        .collect();
    (!found.contains(&inner)).then(|| format!("silent: {inner:?} shown as {found:?}"))
}

/// Marks a refusal the contract does not ask for: not a silent change.
const STRICT: &str = "strict: ";

/// What went wrong in a case, and its file.
type Finding = (String, String);

/// A chunk's cases run, values shown as written, and findings.
type Chunk = (u64, u64, Vec<Finding>);

#[test]
#[ignore]
fn fuzz_text() {
    let cases: u64 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let seed = fuzz_seed();
    let templates = Templates::builtin().unwrap();
    let pool = gen_report::batch::Pool::new(None).unwrap();
    let chunks = 256u64;
    let start = Instant::now();
    std::panic::set_hook(Box::new(|_| {}));
    let results: Vec<Chunk> = pool.run(|| {
        (0..chunks)
            .into_par_iter()
            .map(|chunk| {
                // A hashed start per chunk: states a small multiple of the
                // generator's step apart would replay each other's cases.
                let mut rng = Rng(Rng(seed ^ (chunk << 40)).next());
                let (mut ran, mut accepted, mut findings) = (0, 0, Vec::new());
                for _ in 0..cases / chunks + u64::from(chunk < cases % chunks) {
                    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        case(&templates, &mut rng)
                    }));
                    ran += 1;
                    match run {
                        Ok((None, _, ok)) => accepted += u64::from(ok),
                        Ok((Some(p), src, _)) => findings.push((p, src)),
                        Err(_) => findings.push(("panic".into(), String::new())),
                    }
                }
                (ran, accepted, findings)
            })
            .collect()
    });
    let _ = std::panic::take_hook();
    let ran: u64 = results.iter().map(|r| r.0).sum();
    let accepted: u64 = results.iter().map(|r| r.1).sum();
    let (strict, findings): (Vec<&Finding>, Vec<&Finding>) = results
        .iter()
        .flat_map(|r| &r.2)
        .partition(|(p, _)| p.starts_with(STRICT));
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    for (problem, _) in findings.iter().chain(&strict) {
        *kinds.entry(problem.chars().take(24).collect()).or_default() += 1;
    }
    for (kind, n) in &kinds {
        println!("{n:8} × {kind}…");
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/fuzz-findings");
    for (i, (problem, src)) in findings.iter().chain(&strict).enumerate().take(50) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(format!("{dir}/text-{seed}-{i}.yaml"), src).unwrap();
        println!("{dir}/text-{seed}-{i}.yaml: {problem}");
    }
    println!(
        "fuzz_text: seed {seed}, {ran} cases ({accepted} rendered, {} refused) in {:.1} s, \
         {} findings (panics, silent changes, refusals not at the value), \
         {} stricter than the contract",
        ran - accepted,
        start.elapsed().as_secs_f64(),
        findings.len(),
        strict.len()
    );
    assert!(findings.is_empty());
}
