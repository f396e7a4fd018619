//! Issue 9, the way in: files in the encodings Windows and WPS save
//! (GBK, UTF-16), binaries handed in by mistake, command-line mistakes,
//! `gen-report new` and `gen-report schema`.

use crate::util::{Dir, EXAMPLE};
use std::path::{Path, PathBuf};

/// Every shipped sample: `data/示例县/` (with its sub-folders) and `examples/`.
fn samples() -> Vec<(PathBuf, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(manifest, &manifest.join("data/示例县"), &mut out);
    walk(manifest, &manifest.join("examples"), &mut out);
    out.sort();
    assert!(out.len() >= 11, "samples found: {}", out.len());
    out
}

/// What Notepad's "ANSI" writes on Chinese Windows: GBK, extended to
/// GB18030 for the few characters GBK lacks (the example's "−", U+2212).
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn utf16(text: &str, big: bool) -> Vec<u8> {
    let mut out = if big {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn bytes_of(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (rel, _) in samples() {
        let docx = dir.join(rel.with_extension("docx"));
        let bytes = std::fs::read(&docx).unwrap_or_else(|e| panic!("{}: {e}", docx.display()));
        files.push((rel, bytes));
    }
    files
}

#[test]
fn gbk_and_utf16_copies_of_every_sample_render_identical_reports() {
    let d = Dir::new();
    let encodings: [(&str, fn(&str) -> Vec<u8>); 4] = [
        ("utf8", |t| t.as_bytes().to_vec()),
        ("gbk", gbk),
        ("utf16le", |t| utf16(t, false)),
        ("utf16be", |t| utf16(t, true)),
    ];
    for (name, encode) in encodings {
        for (rel, text) in samples() {
            let path = d.path(name).join(&rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, encode(&text)).unwrap();
        }
        let out = format!("out-{name}");
        let run = d.run(&[name, "-o", &out, "-q"]).expect(0);
        if name != "utf8" {
            assert!(
                run.stderr().contains("不是 UTF-8 编码"),
                "a note names the encoding: {}",
                run.stderr()
            );
        }
    }
    let reference = bytes_of(&d.path("out-utf8"));
    for name in ["gbk", "utf16le", "utf16be"] {
        let copy = bytes_of(&d.path(&format!("out-{name}")));
        for ((rel, a), (_, b)) in reference.iter().zip(&copy) {
            assert!(
                a == b,
                "{name} copy of {} renders a different DOCX",
                rel.display()
            );
        }
    }
    // And the PDF of the example, from a GBK copy.
    d.write("utf8.yaml", EXAMPLE);
    std::fs::write(d.path("gbk.yaml"), gbk(EXAMPLE)).unwrap();
    for name in ["utf8", "gbk"] {
        let file = format!("{name}.yaml");
        d.run(&[&file, "--pdf", "--no-docx", "-o", "pdf", "-q"])
            .expect(0);
    }
    let a = std::fs::read(d.path("pdf/utf8.pdf")).unwrap();
    let b = std::fs::read(d.path("pdf/gbk.pdf")).unwrap();
    assert!(a == b, "the GBK copy renders a different PDF");
}

#[test]
fn a_spreadsheet_given_by_mistake_is_named_not_sent_to_save_as_utf8() {
    let d = Dir::new();
    // The first bytes of a real .xlsx: a zip whose first entry is under xl/
    // or [Content_Types].xml followed by xl/ names.
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00".to_vec();
    xlsx.extend(b"[Content_Types].xml\x00\x00\x00xl/workbook.xml\x00\xff\x13\x88");
    std::fs::write(d.path("本单位.yaml"), &xlsx).unwrap();
    let run = d.run(&["本单位.yaml"]).expect(1);
    let err = run.stderr();
    assert!(
        err.contains("这是 Excel 文件（.xlsx），不是 YAML 文本"),
        "{err}"
    );
    assert!(!err.contains("UTF-8"), "{err}");
    assert!(!d.path("output/本单位.docx").exists());
}
