//! Helpers for the integration tests: a temporary work folder per test,
//! the real binary run inside it, and readers for DOCX and PDF output.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The sample department shipped in `examples/`.
pub const EXAMPLE: &str = include_str!("../examples/示例科工局.yaml");
/// The built-in template set's entry, for tests that extend or break it.
pub const BUILTIN_TEMPLATE: &str = include_str!("../templates/hunan/report.tera");

/// A fresh folder with the binary at hand.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `县/` with two departments, 甲局 (the example) and 乙局.
    pub fn county_of_two(&self) {
        self.write("县/甲局.yaml", EXAMPLE);
        self.write(
            "县/乙局.yaml",
            &EXAMPLE.replace("岳阳市示例区科技和工业信息化局", "岳阳市示例区乙局"),
        );
    }

    /// Runs gen-report with `args` in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_gen-report"))
            .args(args)
            .current_dir(self.tmp.path())
            .output()
            .expect("run gen-report");
        Run(out)
    }
}

pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    /// Asserts the exit status, showing the output when it differs.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "exit status; stderr:\n{}\nstdout:\n{}",
            self.stderr(),
            self.stdout()
        );
        self
    }
}

/// One zip entry of a DOCX/XLSX as text.
pub fn zip_entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).expect("valid zip");
    let mut entry = zip.by_name(name).expect("entry present");
    let mut s = String::new();
    entry.read_to_string(&mut s).unwrap();
    s
}

/// The visible text of a DOCX body: the w:t runs joined.
pub fn docx_text(path: &Path) -> String {
    xml_text(&zip_entry(path, "word/document.xml"))
}

/// The w:t runs of a piece of WordprocessingML, joined and unescaped.
pub fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:t") {
        rest = &rest[start..];
        let Some(gt) = rest.find('>') else { break };
        // Only w:t itself, not w:tbl, w:tc, w:tr…; skip empty <w:t/>.
        let open = &rest[..gt];
        if !(open == "<w:t" || open.starts_with("<w:t ")) || open.ends_with('/') {
            rest = &rest[gt..];
            continue;
        }
        let body = &rest[gt + 1..];
        let Some(end) = body.find("</w:t>") else {
            break;
        };
        out.push_str(&body[..end]);
        rest = &body[end..];
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Runs a command that must exist on the test machine (`.ci/run` installs
/// it); a missing tool fails the test rather than skipping it.
pub fn tool(name: &str, args: &[&str]) -> Output {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is required for this test (run scripts/setup.sh): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `pdftotext -layout` of a PDF.
pub fn pdf_text(path: &Path) -> String {
    let out = tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Page count from `pdfinfo`.
pub fn pdf_pages(path: &Path) -> usize {
    let out = tool("pdfinfo", &[path.to_str().unwrap()]);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .expect("Pages line")
}

/// The line number (1-based) of the first line of `src` containing `needle`.
pub fn line_of(src: &str, needle: &str) -> usize {
    src.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in source"))
        + 1
}

/// Renders every sample department (`data/示例县/` and `examples/`) with
/// `extra` options into a fresh folder; returns it and the DOCX files made.
pub fn render_samples(extra: &[&str]) -> (Dir, Vec<PathBuf>) {
    let d = Dir::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = d.path("out");
    let status = Command::new(env!("CARGO_BIN_EXE_gen-report"))
        .arg(root.join("data/示例县"))
        .arg(root.join("examples"))
        .args(extra)
        .args(["-q", "-o"])
        .arg(&out)
        .status()
        .expect("run gen-report");
    assert!(status.success());
    let files = files_below(&out, "docx");
    assert!(files.len() >= 10, "{} DOCX files", files.len());
    (d, files)
}

/// Every file ending in `.ext` below `dir` (sub-folders included), sorted.
pub fn files_below(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The value of the first `name="…"` attribute in `xml`.
pub fn attr<'a>(xml: &'a str, name: &str) -> &'a str {
    let from = xml
        .find(&format!("{name}=\""))
        .unwrap_or_else(|| panic!("{name} in {xml}"));
    let rest = &xml[from + name.len() + 2..];
    &rest[..rest.find('"').unwrap()]
}

/// Copies every YAML file below `from` (folders included) into `to`,
/// keeping the layout; returns how many were copied.
pub fn copy_yaml_tree(from: &Path, to: &Path) -> usize {
    let mut copied = 0;
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let p = entry.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copied += copy_yaml_tree(&p, &dest);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            std::fs::create_dir_all(to).unwrap();
            std::fs::copy(&p, &dest).unwrap();
            copied += 1;
        }
    }
    copied
}

/// The records of a CSV text (RFC 4180: quoted cells may hold commas,
/// doubled quotes and line breaks), a leading BOM dropped.
pub fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut record, mut cell) = (Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push(record);
    }
    records
}

/// `FUZZ_SEED` to repeat a run, else the clock's seconds.
pub fn fuzz_seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_secs())
        })
}
