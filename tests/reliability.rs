//! Issue 10, "nothing lost, nothing stale": the output folder's lock,
//! all-or-nothing writes, damaged outputs, bounded and odd inputs,
//! spreadsheet formulas, characters no font has.

use crate::util::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NAME: &str = "岳阳市示例区科技和工业信息化局";

/// `n` departments under `dir/`, the i-th named 示例县第i局 plus `tag`.
fn county(d: &Dir, dir: &str, n: usize, tag: &str) {
    for i in 1..=n {
        let src = EXAMPLE.replace(NAME, &format!("示例县第{i}局{tag}"));
        d.write(&format!("{dir}/d{i:02}.yaml"), &src);
    }
}

fn spawn(d: &Dir, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gen-report"))
        .args(args)
        .current_dir(d.tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gen-report")
}

/// Waits for a child at most `secs`; a hang is killed and fails the test.
fn finish(mut child: Child, secs: u64) -> Run {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "gen-report hung for {secs} s; stderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run(child.wait_with_output().unwrap())
}

/// Every file below `dir`, relative, sorted (hidden files excluded).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).into_iter().flatten().flatten() {
            let path = e.path();
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// `(rendered, unchanged)` from a run's closing line.
fn counts(stderr: &str) -> (usize, usize) {
    let num = |after: &str| -> usize {
        let summary = stderr.lines().rfind(|l| l.starts_with("共 ")).unwrap_or("");
        summary
            .split(after)
            .nth(1)
            .map(|s| {
                s.trim_start()
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    (num("已生成"), num("未变化"))
}

// ---- Defect 1: one run at a time per output folder ----

#[test]
fn a_second_run_waits_for_the_folder_lock() {
    let d = Dir::new();
    county(&d, "a", 2, "");
    std::fs::create_dir_all(d.path("out")).unwrap();
    // A stray temp file of the "running" holder must survive the waiting run's start.
    std::fs::write(d.path("out/.gen-report-live.tmp"), b"x").unwrap();
    let holder = std::fs::File::create(d.path("out/.gen-report.lock")).unwrap();
    holder.lock().unwrap();
    let child = spawn(&d, &["a", "-o", "out", "-q"]);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        files(&d.path("out")).is_empty(),
        "nothing written while another run holds the folder"
    );
    assert!(
        d.path("out/.gen-report-live.tmp").exists(),
        "live temp kept"
    );
    drop(holder);
    let r = finish(child, 60).expect(0);
    assert!(
        r.stderr().contains("正被另一个 gen-report 使用"),
        "{}",
        r.stderr()
    );
    assert_eq!(files(&d.path("out")).len(), 2 + 2);
}

/// Two runs with different data into one folder, the second started
/// `offsets[t]` ms after the first; then a third run of the second data
/// must leave every file equal to a clean render and count correctly.
fn concurrent_trials(n: usize, offsets: &[u64], pdf: bool) {
    let d = Dir::new();
    county(&d, "a", n, "");
    county(&d, "b", n, "（新）");
    let mut args = vec!["-q", "--jobs", "1"];
    if pdf {
        args.push("--pdf");
    }
    let run = |input: &str, out: &str| {
        let mut a = vec![input, "-o", out];
        a.extend(&args);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let strs = |v: &[String]| v.to_vec();
    let clean = run("b", "clean");
    d.run(&clean.iter().map(String::as_str).collect::<Vec<_>>())
        .expect(0);
    let expected = files(&d.path("clean"));
    assert_eq!(expected.len(), n * (1 + usize::from(pdf)) + 2);
    let mut stale = 0;
    for (t, offset) in offsets.iter().enumerate() {
        let out = format!("out{t}");
        let a = strs(&run("a", &out));
        let b = strs(&run("b", &out));
        let first = spawn(&d, &a.iter().map(String::as_str).collect::<Vec<_>>());
        std::thread::sleep(Duration::from_millis(*offset));
        let second = spawn(&d, &b.iter().map(String::as_str).collect::<Vec<_>>());
        finish(first, 300).expect(0);
        finish(second, 300).expect(0);
        let mut third = b.clone();
        third.retain(|s| s != "-q");
        let r = d
            .run(&third.iter().map(String::as_str).collect::<Vec<_>>())
            .expect(0);
        let (rendered, unchanged) = counts(&r.stderr());
        assert_eq!(rendered + unchanged, n, "{}", r.stderr());
        assert!(
            rendered == 0 || rendered == n,
            "runs interleaved: {}",
            r.stderr()
        );
        assert_eq!(files(&d.path(&out)), expected, "trial {t}");
        for f in &expected {
            let same = std::fs::read(d.path(&out).join(f)).unwrap()
                == std::fs::read(d.path("clean").join(f)).unwrap();
            stale += usize::from(!same);
        }
    }
    assert_eq!(stale, 0, "stale files after {} trials", offsets.len());
}

#[test]
fn concurrent_runs_leave_nothing_stale() {
    concurrent_trials(4, &[0, 30, 80, 150], false);
}

/// The full check: 20 trials with PDFs (a few minutes in a debug
/// build): `cargo test concurrent_runs_20_trials -- --ignored`.
#[test]
#[ignore]
fn concurrent_runs_20_trials() {
    let offsets: Vec<u64> = (0..20).map(|t| [0, 10, 40, 100, 250][t % 5]).collect();
    concurrent_trials(6, &offsets, true);
}

// ---- Defect 2: symbolic links and special files in a folder ----

#[cfg(unix)]
#[test]
fn folder_links_are_not_followed_and_special_files_are_skipped() {
    let d = Dir::new();
    county(&d, "c", 3, "");
    std::os::unix::fs::symlink(".", d.path("c/self")).unwrap();
    std::os::unix::fs::symlink("..", d.path("c/up")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.path("c/zero.yaml")).unwrap();
    // A link to a regular YAML file is read like the file.
    county(&d, "other", 4, "");
    std::os::unix::fs::symlink("../other/d04.yaml", d.path("c/link.yaml")).unwrap();
    tool("mkfifo", &[d.path("c/pipe.yaml").to_str().unwrap()]);
    let r = finish(spawn(&d, &["c", "-o", "out"]), 60).expect(0);
    let err = r.stderr();
    assert!(err.contains("共 4 个单位"), "{err}");
    for skipped in ["self", "up", "zero.yaml", "pipe.yaml"] {
        assert!(
            err.lines()
                .any(|l| l.contains("跳过") && l.contains(skipped)),
            "{skipped}: {err}"
        );
    }
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    assert!(csv.contains("合计（4个单位）"), "{csv}");
}

// ---- Defect 3: a department's files together or not at all ----

fn first_run(d: &Dir) -> (Vec<u8>, Vec<u8>) {
    county(d, "c", 2, "");
    d.run(&["c", "-o", "out", "--pdf", "-q"]).expect(0);
    let docx = std::fs::read(d.path("out/d01.docx")).unwrap();
    let pdf = std::fs::read(d.path("out/d01.pdf")).unwrap();
    let src = std::fs::read_to_string(d.path("c/d01.yaml"))
        .unwrap()
        .replace("示例县第1局", "示例县第一局");
    d.write("c/d01.yaml", &src);
    (docx, pdf)
}

/// A folder where one file goes (as a PDF held open on Windows cannot be
/// replaced): the department keeps both old files, byte for byte.
#[test]
fn a_failed_replacement_keeps_both_old_files() {
    for blocked in ["d01.docx", "d01.pdf"] {
        let d = Dir::new();
        let (docx, pdf) = first_run(&d);
        let path = d.path("out").join(blocked);
        let old = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("x"), b"x").unwrap();
        let r = d.run(&["c", "-o", "out", "--pdf"]).expect(1);
        assert!(r.stderr().contains("写入报告失败"), "{}", r.stderr());
        std::fs::remove_dir_all(&path).unwrap();
        std::fs::write(&path, old).unwrap();
        assert_eq!(
            std::fs::read(d.path("out/d01.docx")).unwrap(),
            docx,
            "{blocked}"
        );
        assert_eq!(
            std::fs::read(d.path("out/d01.pdf")).unwrap(),
            pdf,
            "{blocked}"
        );
        let temps: Vec<_> = std::fs::read_dir(d.path("out"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(temps.is_empty(), "{temps:?}");
        // Unblocked, the next run brings both up to date.
        let r = d.run(&["c", "-o", "out", "--pdf"]).expect(0);
        assert!(r.stderr().contains("已生成 1 个"), "{}", r.stderr());
        assert!(docx_text(&d.path("out/d01.docx")).contains("示例县第一局"));
    }
}

#[test]
fn the_summary_pair_is_replaced_together() {
    let d = Dir::new();
    first_run(&d);
    let csv = std::fs::read(d.path("out/汇总表.csv")).unwrap();
    std::fs::remove_file(d.path("out/汇总表.xlsx")).unwrap();
    std::fs::create_dir_all(d.path("out/汇总表.xlsx/x")).unwrap();
    let r = d.run(&["c", "-o", "out", "--pdf"]).expect(1);
    assert!(r.stderr().contains("无法写入汇总表"), "{}", r.stderr());
    assert!(
        std::fs::read(d.path("out/汇总表.csv")).unwrap() == csv,
        "csv kept"
    );
}

// ---- Defect 4: outputs damaged since the last run ----

#[test]
fn damaged_outputs_are_rendered_again() {
    let d = Dir::new();
    county(&d, "c", 3, "");
    d.run(&["c", "-o", "out", "--pdf", "-q"]).expect(0);
    let good_docx = std::fs::read(d.path("out/d02.docx")).unwrap();
    std::fs::write(d.path("out/d01.pdf"), b"").unwrap();
    std::fs::write(d.path("out/d02.docx"), &good_docx[..good_docx.len() / 2]).unwrap();
    // Same size, one byte changed.
    let mut edited = std::fs::read(d.path("out/d03.pdf")).unwrap();
    let mid = edited.len() / 2;
    edited[mid] ^= 1;
    std::fs::write(d.path("out/d03.pdf"), &edited).unwrap();
    let r = d.run(&["c", "-o", "out", "--pdf"]).expect(0);
    assert!(
        r.stderr().contains("已生成 3 个，未通过 0 个"),
        "{}",
        r.stderr()
    );
    assert_eq!(std::fs::read(d.path("out/d02.docx")).unwrap(), good_docx);
    let r = d.run(&["c", "-o", "out", "--pdf"]).expect(0);
    assert!(
        r.stderr().contains("已生成 0 个，未变化 3 个"),
        "{}",
        r.stderr()
    );
}

// ---- Defect 5: bounded inputs ----

#[test]
fn an_oversized_file_is_refused_before_parsing() {
    let d = Dir::new();
    let filler = "  - 这一条问题描述被重复了许多次，用来模拟误粘贴进来的大段内容。\n";
    let at = EXAMPLE.find("\n问题:").unwrap();
    let eol = at + 1 + EXAMPLE[at + 1..].find('\n').unwrap() + 1;
    let src = format!(
        "{}{}{}",
        &EXAMPLE[..eol],
        filler.repeat(20_000),
        &EXAMPLE[eol..]
    );
    assert!(src.len() > 1 << 20);
    d.write("big.yaml", &src);
    let start_time = Instant::now();
    let r = d.run(&["big.yaml", "--pdf"]).expect(1);
    assert!(start_time.elapsed() < Duration::from_secs(20));
    let err = r.stderr();
    let limit_line = src.as_bytes()[..1 << 20]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    assert!(
        err.contains(&format!("big.yaml:{limit_line}:1: 错误: 文件太大")),
        "line {limit_line}: {err}"
    );
    assert!(
        !d.path("output").exists(),
        "no output folder for one rejected file"
    );
}

#[test]
fn aliases_cannot_multiply_memory() {
    let d = Dir::new();
    let long = "长".repeat(150_000);
    let mut src = EXAMPLE.replace("其他说明:", &format!("附注: &x \"{long}\"\n其他说明:"));
    src.push_str("问题2:\n");
    for _ in 0..100 {
        src.push_str("  - *x\n");
    }
    d.write("bomb.yaml", &src);
    let start = Instant::now();
    let r = d.run(&["bomb.yaml"]).expect(1);
    assert!(start.elapsed() < Duration::from_secs(20));
    let err = r.stderr();
    assert!(err.contains("引用（*名称）展开后的内容过多"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_device_or_fifo_as_path_is_not_a_regular_file() {
    let d = Dir::new();
    tool("mkfifo", &[d.path("pipe.yaml").to_str().unwrap()]);
    for path in ["/dev/zero", "pipe.yaml"] {
        let r = finish(spawn(&d, &[path]), 30).expect(2);
        assert!(r.stderr().contains("不是普通文件"), "{}", r.stderr());
        assert!(!r.stderr().contains("找不到"), "{}", r.stderr());
    }
    assert!(!d.path("output").exists());
}

// ---- Defect 6: formulas in the summary ----

#[test]
fn summary_cells_never_become_formulas() {
    let d = Dir::new();
    county(&d, "c", 2, "");
    let src = std::fs::read_to_string(d.path("c/d01.yaml"))
        .unwrap()
        .replace(
            "单位: 示例县第1局",
            "单位: '=HYPERLINK(\"http://x\",\"点击\")'",
        );
    d.write("c/d01.yaml", &src);
    d.run(&["c", "-o", "out"]).expect(0);
    let csv = std::fs::read_to_string(d.path("out/汇总表.csv")).unwrap();
    let row = csv.lines().find(|l| l.starts_with("d01.yaml")).unwrap();
    let cell = row.split(',').nth(1).unwrap();
    assert!(cell.starts_with("\"'=HYPERLINK("), "{row}");
    let xlsx = d.path("out/汇总表.xlsx");
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<f>"), "no formula cell: {sheet}");
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml");
    assert!(strings.contains("=HYPERLINK("), "kept as plain text");
}

// ---- Defects 7 and 8: odd characters, over-long names ----

#[test]
fn invisible_controls_are_removed_and_missing_glyphs_replaced() {
    let d = Dir::new();
    let src = EXAMPLE
        .replace(NAME, "示例区\u{202E}测试甲局\u{200F}\u{2060}")
        .replace("填表人: 张晓燕", "填表人: 张𠀀燕\u{10FFFD}\u{2028}");
    d.write("odd.yaml", &src);
    let r = d.run(&["odd.yaml", "--pdf"]).expect(0);
    let err = r.stderr();
    let name_line = line_of(&src, "单位: 示例区");
    assert!(
        err.contains(&format!("odd.yaml:{name_line}:")) && err.contains("U+202E"),
        "{err}"
    );
    assert!(err.contains("位置: 单位"), "{err}");
    let docx = docx_text(&d.path("output/odd.docx"));
    assert!(docx.contains("示例区测试甲局"), "controls stripped in DOCX");
    for c in ['\u{202E}', '\u{200F}', '\u{2060}', '\u{2028}'] {
        assert!(!docx.contains(c), "U+{:04X} in DOCX", u32::from(c));
    }
    let pdf = pdf_text(&d.path("output/odd.pdf"));
    assert!(pdf.contains("示例区测试甲局"), "PDF rendered");
    // U+10FFFD (private use, plane 16) is in no font: always replaced.
    // Extension B characters are replaced when no installed font has them.
    let line = line_of(&src, "填表人: 张");
    for c in ['\u{10FFFD}', '𠀀'] {
        let Some(at) = err.find(&format!("“{c}”")) else {
            assert!(c == '𠀀', "no warning for U+{:04X}: {err}", u32::from(c));
            continue;
        };
        let start = err[..at].rfind('\n').map_or(0, |i| i + 1);
        let block: String = err[start..].lines().take(2).collect::<Vec<_>>().join("\n");
        assert!(block.starts_with(&format!("odd.yaml:{line}:")), "{block}");
        assert!(
            block.contains("〓") && block.contains("位置: 签字.填表人"),
            "{block}"
        );
    }
}

#[test]
fn an_over_long_name_is_a_located_error() {
    let d = Dir::new();
    let src = EXAMPLE.replace(NAME, &"很长的单位名称".repeat(1500));
    d.write("long.yaml", &src);
    let r = d.run(&["long.yaml", "--pdf"]).expect(1);
    let err = r.stderr();
    let line = line_of(&src, "单位: 很长");
    assert!(err.contains(&format!("long.yaml:{line}:")), "{err}");
    assert!(err.contains("最多 100 个字"), "{err}");
    assert!(!err.contains("--no-pdfa"), "{err}");
}

// ---- Defect 9: the parser's limits in Chinese ----

#[test]
fn parser_limits_speak_chinese() {
    let deep_block = {
        let mut s = String::from("年度: 2024\n");
        for i in 0..70 {
            s.push_str(&" ".repeat(i * 2));
            s.push_str("a:\n");
        }
        s
    };
    let deep_flow = format!("年度: {}1{}\n", "[".repeat(300), "]".repeat(300));
    let ratio = {
        let mut s = String::from("年度: 2024\n问题:\n  - &a 甲\n");
        for _ in 0..150 {
            s.push_str("  - *a\n");
        }
        s
    };
    let two_docs = format!("{EXAMPLE}\n---\n{EXAMPLE}");
    for (name, src, expected) in [
        ("deep_block", deep_block, "层级太深"),
        ("deep_flow", deep_flow, "层级太深"),
        ("ratio", ratio, "引用（*名称）"),
        ("two_docs", two_docs, "只能写一个单位的数据"),
    ] {
        let d = Dir::new();
        d.write("x.yaml", &src);
        let r = d.run(&["x.yaml"]).expect(1);
        let err = r.stderr();
        assert!(err.contains(expected), "{name}: {err}");
        for english in [
            "budget",
            "Depth",
            "recursion",
            "AliasAnchor",
            "from_str",
            "documents",
        ] {
            assert!(!err.contains(english), "{name}: {err}");
        }
    }
}

#[test]
fn a_list_longer_than_a_thousand_items_is_refused() {
    let d = Dir::new();
    let marker = "    - 名称: 其他资金\n      金额: 0.67\n";
    let many: String = (0..1001)
        .map(|i| format!("    - {{名称: 项目{i}, 金额: 0}}\n"))
        .collect();
    let src = EXAMPLE.replace(marker, &format!("{marker}{many}"));
    d.write("many.yaml", &src);
    let start = Instant::now();
    let r = d.run(&["many.yaml", "--pdf"]).expect(1);
    assert!(start.elapsed() < Duration::from_secs(20));
    let err = r.stderr();
    let line = line_of(&src, "  项目支出:");
    assert!(err.contains(&format!("many.yaml:{line}:")), "{err}");
    assert!(
        err.contains("最多 1000 条") && err.contains("收支.项目支出"),
        "{err}"
    );
}
