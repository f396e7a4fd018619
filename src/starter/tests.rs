//! The schema, the blank file and the docs' key table, each against the
//! contract table, key by key; and the walker's verdict on the blank file.

use super::{blank, docs, schema};
use crate::load::contract::{self as c, Field};
use crate::load::{IndicatorCatalogue, load_all};
use serde_json::Value;
use std::collections::BTreeMap;

/// The catalogue names standing for `<一级>` / `<二级>`.
fn catalogue_names() -> (String, String) {
    let cat = IndicatorCatalogue::default();
    (cat.groups[0].0.clone(), cat.groups[0].1[0].clone())
}

fn concrete(path: &str) -> String {
    let (group, sub) = catalogue_names();
    path.replace(c::GROUP_NAME, &group)
        .replace(c::SUB_NAME, &sub)
}

/// Of a schema node, the branch that continues with `want` ("properties"
/// or "items").
fn branch<'v>(node: &'v Value, want: &str) -> &'v Value {
    match node.get("anyOf").and_then(Value::as_array) {
        Some(bs) => bs.iter().find(|b| b.get(want).is_some()).unwrap_or(node),
        None => node,
    }
}

/// The schema node of a table path and whether its map requires it.
fn in_schema<'v>(schema: &'v Value, path: &str) -> Option<(&'v Value, bool)> {
    let mut node = schema;
    let mut required = false;
    for seg in concrete(path).split('.') {
        let (key, list) = match seg.strip_suffix("[]") {
            Some(k) => (k, true),
            None => (seg, false),
        };
        let map = branch(node, "properties");
        node = map.get("properties")?.get(key)?;
        required = map["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|k| k == key));
        if list {
            node = branch(node, "items").get("items")?;
        }
    }
    Some((node, required))
}

/// Every key line of the blank file: its path (as the table writes it,
/// the catalogue's names standing for `<一级>`/`<二级>`), its value and
/// its comment.
fn blank_keys(text: &str) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    // (indentation of the key, path of the key)
    let mut stack: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        let (code, comment) = match line.split_once(" # ") {
            Some((a, b)) => (a, b.trim()),
            None => (line, ""),
        };
        let body = code.trim_start();
        if body.is_empty() || body.starts_with('#') || body == "-" {
            continue;
        }
        let mut indent = code.len() - body.len();
        let mut body = body;
        let dash = body.starts_with("- ");
        if dash {
            body = &body[2..];
            indent += 2;
        }
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        stack.retain(|(i, _)| *i < indent);
        let path = match stack.last_mut() {
            Some((_, parent)) => {
                if dash && !parent.ends_with("[]") {
                    parent.push_str("[]");
                }
                format!("{parent}.{key}")
            }
            None => key.to_string(),
        };
        out.insert(
            path.clone(),
            (value.trim().to_string(), comment.to_string()),
        );
        stack.push((indent, path));
    }
    out
}

/// The docs' rows: path → 必填 column.
fn doc_rows(table: &str) -> BTreeMap<String, String> {
    table
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            let path = cells.first()?.strip_prefix("| `")?.strip_suffix('`')?;
            let req = cells.last()?.trim_end_matches('|').trim();
            Some((path.to_string(), req.to_string()))
        })
        .collect()
}

/// The one way of writing 指标 the blank file shows: scored at 一级 (its
/// 三级 rows leave 分值/得分 out, and it asks for the 一级's like required
/// keys), each 二级 a list of rows (not the map of contract §6.1).
fn another_form(path: &str, field: &Field) -> bool {
    let row_score = path.contains(&format!("{}[]", c::SUB_NAME))
        && (field.key == c::WEIGHT.key || field.key == c::SCORE.key);
    row_score || path.contains(&format!("{}.", c::SUB_NAME))
}

#[test]
fn schema_blank_file_docs_and_walker_follow_the_table_key_by_key() {
    let schema = schema::schema(&IndicatorCatalogue::default());
    let text = blank::blank();
    let keys = blank_keys(&text);
    let rows = doc_rows(&docs::key_table());
    // The walker on the blank file as written: an error for each required
    // key left empty, nothing for an optional one.
    let diags = load_all(&text, &IndicatorCatalogue::default()).1;
    let (group, sub) = catalogue_names();
    let mut checked = 0;
    for (path, field) in c::paths() {
        let shown = concrete(path);
        // Schema: present, required exactly when the table says so.
        if !matches!(field.key, c::GROUP_NAME | c::SUB_NAME) {
            let (_, required) =
                in_schema(&schema, path).unwrap_or_else(|| panic!("{path}: not in the schema"));
            assert_eq!(required, field.required, "{path}: schema's required");
        }
        // Docs: a row, whose 必填 column is filled exactly for required keys.
        let req = rows
            .get(path)
            .unwrap_or_else(|| panic!("{path}: no row in the docs"));
        assert_eq!(!req.is_empty(), field.required, "{path}: docs say {req:?}");
        // Blank file: every key but those it leaves out, marked 选填
        // exactly when optional.
        let in_blank = keys.get(&shown);
        let left_out = c::paths().iter().any(|(p, f)| {
            f.omitted()
                && (p == path
                    || path.starts_with(&format!("{p}."))
                    || path.starts_with(&format!("{p}[]")))
        });
        let expected = !left_out && !another_form(path, field);
        assert_eq!(
            in_blank.is_some(),
            expected,
            "{path} ({shown}) in the blank file"
        );
        if let Some((value, comment)) = in_blank {
            let group_score =
                path.starts_with(&format!("{}.{}.", c::INDICATORS.key, c::GROUP_NAME))
                    && path.matches('.').count() == 2
                    && field.key != c::SUB_NOTES.key;
            if !matches!(field.key, c::GROUP_NAME | c::SUB_NAME) && !group_score {
                assert_eq!(
                    comment.starts_with("选填"),
                    !field.required,
                    "{path}: comment {comment:?}"
                );
            }
            // Walker: a required key left empty in the blank is asked for,
            // but inside a list entry left wholly empty (the entry counts
            // as not written: a department without projects need not
            // delete the blank's).
            let leaf = !keys.keys().any(|k| k.starts_with(&format!("{shown}.")));
            if value.is_empty() && leaf && !group_score {
                let at = shown.replace("[]", "[1]");
                let asked = diags
                    .iter()
                    .any(|d| d.is_error() && d.pos.path == at && d.message.contains("必填"));
                assert_eq!(
                    asked,
                    field.required && !shown.contains("[]"),
                    "{path}: the walker on the blank file: {diags:#?}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 80, "{checked}");
    assert!(keys.contains_key(&format!("指标.{group}.{sub}[].名称")));
}

/// The key table in `docs/数据文件说明.md` is the table's own;
/// `UPDATE_EXPECT=1 cargo test` rewrites it.
#[test]
fn the_docs_key_table_is_generated_from_the_table() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/数据文件说明.md");
    let doc = std::fs::read_to_string(&file).unwrap();
    let fresh = docs::with_key_table(&doc).expect("the markers are in the document");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&file, &fresh).unwrap();
        return;
    }
    assert!(
        doc == fresh,
        "docs/数据文件说明.md's key table is out of date: run UPDATE_EXPECT=1 cargo test"
    );
}
