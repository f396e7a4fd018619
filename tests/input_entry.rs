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
    type Encode = fn(&str) -> Vec<u8>;
    let encodings: [(&str, Encode); 5] = [
        ("utf8", |t| t.as_bytes().to_vec()),
        ("utf8bom", |t| {
            [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat()
        }),
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
        if !name.starts_with("utf8") {
            assert!(
                run.stderr().contains("不是 UTF-8 编码"),
                "a note names the encoding: {}",
                run.stderr()
            );
        }
    }
    let reference = bytes_of(&d.path("out-utf8"));
    for name in ["utf8bom", "gbk", "utf16le", "utf16be"] {
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

/// Fills every empty leaf of `gen-report new`'s file the way an officer
/// would: a value of the key's type from the shape, nothing restructured.
fn fill_leaves(blank: &str) -> String {
    use gen_report::load::contract::{Field, Shape, TOP};
    fn kinds(fields: &[Field], out: &mut Vec<(&'static str, Shape)>) {
        for f in fields {
            out.push((f.key, f.shape));
            match f.shape {
                Shape::Map(inner) | Shape::MapOpen(inner, _) | Shape::Indicators(inner) => {
                    kinds(inner, out)
                }
                Shape::List(Shape::Map(inner)) => kinds(inner, out),
                Shape::List(Shape::Either(_, Shape::Map(inner))) => kinds(inner, out),
                _ => {}
            }
        }
    }
    let mut all = Vec::new();
    kinds(TOP, &mut all);
    kinds(gen_report::load::contract::GROUP, &mut all);
    kinds(gen_report::load::contract::ITEM, &mut all);
    let lines: Vec<&str> = blank.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.split(" #").next().unwrap_or(line).trim_end();
        let next = lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let body = code.trim_start().trim_start_matches("- ");
        let key_indent = indent(code) + (code.trim_start().len() - body.len());
        let leaf = next.is_none_or(|n| indent(n) <= key_indent);
        let text = format!("文字{i}");
        let filled = if code.trim() == "-" {
            Some(format!("{code} {text}"))
        } else if let Some(key) = body.strip_suffix(':').filter(|_| leaf) {
            let scalar = all
                .iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, s)| match s {
                    Shape::Year => "2024".to_string(),
                    Shape::Date => "2025-03-20".to_string(),
                    Shape::Count | Shape::Amount | Shape::Tree | Shape::Score => "1".into(),
                    Shape::Line | Shape::Text | Shape::Paragraphs => text.clone(),
                    _ => String::new(),
                })
                .find(|v| !v.is_empty());
            let value = scalar.unwrap_or_else(|| panic!("line {}: no leaf type for {key}", i + 1));
            Some(format!("{code} {value}"))
        } else {
            None
        };
        out.push_str(filled.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// Validates YAML files against `gen-report schema` with the PyPI
/// `jsonschema` package (from .venv, installed by scripts/setup.sh).
fn validate(d: &Dir, files: &[(String, String)]) -> String {
    let schema = d.run(&["schema"]).expect(0).stdout();
    std::fs::write(d.path("schema.json"), schema).unwrap();
    let mut list = Vec::new();
    for (name, text) in files {
        let value: serde_json::Value =
            serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let path = d.path(&format!("{}.json", list.len()));
        std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
        list.push((name.clone(), path));
    }
    let script = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
bad = 0
for name, path in zip(sys.argv[2::2], sys.argv[3::2]):
    for e in v.iter_errors(json.load(open(path, encoding="utf-8"))):
        bad += 1
        print(name, "/".join(map(str, e.absolute_path)), e.message)
print("errors", bad)
"#;
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let mut cmd = std::process::Command::new(python);
    cmd.arg("-c").arg(script).arg(d.path("schema.json"));
    for (name, path) in &list {
        cmd.arg(name).arg(path);
    }
    let out = cmd
        .output()
        .expect("run .venv/bin/python (scripts/setup.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_new_file_filled_in_only_at_its_leaves_renders_and_validates() {
    let d = Dir::new();
    let run = d.run(&["new", "本单位.yaml"]).expect(0);
    assert!(
        run.stdout().contains("gen-report 本单位.yaml --pdf"),
        "{}",
        run.stdout()
    );
    let blank = std::fs::read_to_string(d.path("本单位.yaml")).unwrap();
    assert!(blank.starts_with("# yaml-language-server: $schema=部门数据.schema.json\n"));
    // No stated totals to contradict.
    // (上年's 项目支出合计 is last year's figure, not a stated total.)
    for key in ["支出合计:", "项目支出合计:", "结余:", "总分:", "等级:"] {
        let stated = blank.lines().any(|l| l.starts_with(&format!("  {key}")));
        assert!(!stated, "{key} is stated in the new file");
    }
    // The empty file already follows the schema, but for the leaves it
    // asks to fill (empty required keys; its empty list entries count as
    // not written).
    let report = validate(&d, &[("本单位.yaml".into(), blank.clone())]);
    let errors: Vec<&str> = report
        .lines()
        .filter(|l| !l.starts_with("errors"))
        .collect();
    assert!(!errors.is_empty());
    for e in &errors {
        // A 二级 list is one of two shapes, so its empty row is reported
        // at the list, the empty values shown as None.
        let empty = e.contains("None is not") || e.contains(": None") || e.contains("[None]");
        assert!(empty, "not an empty leaf: {e}");
    }
    assert!(report.contains("本单位.yaml 年度 None is not"), "{report}");
    let filled = fill_leaves(&blank);
    std::fs::write(d.path("本单位.yaml"), &filled).unwrap();
    let run = d.run(&["本单位.yaml", "-q"]).expect(0);
    assert!(!run.stderr().contains("错误"), "{}", run.stderr());
    assert!(d.path("output/本单位.docx").is_file());
    let report = validate(&d, &[("本单位.yaml".into(), filled.clone())]);
    assert_eq!(report.trim(), "errors 0", "{report}");
    // Never over an existing file.
    let run = d.run(&["new", "本单位.yaml"]).expect(2);
    assert!(
        run.stderr().contains("已经存在，没有覆盖"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(d.path("本单位.yaml")).unwrap(),
        filled
    );
}

#[test]
fn every_sample_validates_against_the_schema() {
    let d = Dir::new();
    let files: Vec<(String, String)> = samples()
        .into_iter()
        .map(|(rel, text)| (rel.display().to_string(), text))
        .collect();
    let report = validate(&d, &files);
    assert_eq!(report.trim(), "errors 0", "{report}");
    // And it is a schema that can say no: a typo'd key and a negative amount.
    let bad =
        EXAMPLE
            .replacen("  人员:", "  人员数:", 1)
            .replacen("人员经费: 177.57", "人员经费: -1", 1);
    let report = validate(&d, &[("bad.yaml".into(), bad)]);
    assert!(report.contains("errors 2"), "{report}");
    assert!(report.contains("人员数"), "{report}");
}

/// The keys the schema offers at each place, walked beside the file `new`
/// writes: the file has every key but the stated totals (and the other
/// ways of writing a key) that the shape marks, and nothing else.
#[test]
fn the_schema_and_the_new_file_have_the_same_keys() {
    use serde_json::Value;
    fn walk(schema: &Value, value: &Value, path: &str, missing: &mut Vec<String>) {
        // Of `anyOf`, the branch of the value's kind (list, map).
        if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
            let kind = if value.is_array() { "array" } else { "object" };
            if let Some(b) = branches.iter().find(|b| b["type"] == kind) {
                walk(b, value, path, missing);
            }
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    walk(&schema["items"], item, &format!("{path}[]"), missing);
                }
            }
            Value::Object(map) => {
                let Some(props) = schema.get("properties").and_then(Value::as_object) else {
                    return; // An amount tree: any names.
                };
                for (key, sub) in props {
                    let p = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    match map.get(key) {
                        Some(v) => walk(sub, v, &p, missing),
                        None => missing.push(p),
                    }
                }
                let open = schema["additionalProperties"] != Value::Bool(false);
                for key in map.keys() {
                    assert!(
                        open || props.contains_key(key),
                        "{path}.{key} is not in the schema"
                    );
                }
            }
            _ => {}
        }
    }
    let d = Dir::new();
    let schema: Value = serde_json::from_str(&d.run(&["schema"]).expect(0).stdout()).unwrap();
    let filled = fill_leaves(&gen_report::starter::blank::blank());
    let value: Value = serde_saphyr::from_str(&filled).unwrap();
    let mut missing = Vec::new();
    walk(&schema, &value, "", &mut missing);
    missing.sort();
    // Scored at 一级, the file leaves the 三级 rows' 分值/得分 out: the
    // other level of contract §6.1, explained in the file's comments.
    let (rows, missing): (Vec<String>, Vec<String>) = missing
        .into_iter()
        .partition(|p| p.ends_with("[].分值") || p.ends_with("[].得分"));
    let subs: usize = gen_report::load::IndicatorCatalogue::default()
        .groups
        .iter()
        .map(|(_, s)| s.len())
        .sum();
    assert_eq!(rows.len(), 2 * subs, "{rows:?}");
    // Exactly the keys the contract table marks as left out of the file.
    fn marked(fields: &[gen_report::load::contract::Field], path: &str, out: &mut Vec<String>) {
        use gen_report::load::contract::Shape;
        for f in fields {
            let p = if path.is_empty() {
                f.key.to_string()
            } else {
                format!("{path}.{}", f.key)
            };
            if f.omitted() {
                out.push(p.clone());
            }
            if let Shape::Map(inner) | Shape::Indicators(inner) = f.shape {
                marked(inner, &p, out);
            }
        }
    }
    let mut from_shape = Vec::new();
    marked(gen_report::load::contract::TOP, "", &mut from_shape);
    from_shape.sort();
    assert_eq!(missing, from_shape);
}

#[test]
fn command_line_mistakes_get_chinese_messages_and_exit_two() {
    let d = Dir::new();
    d.write("本单位.yaml.txt", EXAMPLE);
    let cases: [(&[&str], &str); 6] = [
        (&[], "没有给出要处理的文件"),
        (&["本单位.yaml.txt", "--PDF"], "请写 --pdf，不是 --PDF"),
        (&["本单位.yaml.txt", "——pdf"], "写成 --pdf"),
        (&["本单位.yaml.txt", "－－pdf"], "写成 --pdf"),
        (
            &["本单位.yaml", "--pdf"],
            "找不到 本单位.yaml，但有 本单位.yaml.txt",
        ),
        (&["本单位", "--pdf"], "但有 本单位.yaml.txt"),
    ];
    for (args, want) in cases {
        let run = d.run(args).expect(2);
        let err = run.stderr();
        assert!(err.contains(want), "{args:?}: {err}");
        for english in ["error:", "Usage", "tip:", "unexpected", "required"] {
            assert!(!err.contains(english), "{args:?}: {err}");
        }
    }
    assert!(!d.path("output").exists(), "nothing written");
}
