//! The key table of `docs/数据文件说明.md`, made from the contract table.
//! The document holds it between two markers; a test checks that the
//! committed text is the table's (`UPDATE_EXPECT=1 cargo test` rewrites it).

use crate::load::contract::{self as c, Field, Shape};

/// The lines around the generated table in the document.
pub const BEGIN: &str =
    "<!-- 以下键名表由 gen-report 的合同表生成，请勿手改（UPDATE_EXPECT=1 cargo test 更新） -->";
pub const END: &str = "<!-- 键名表结束 -->";

/// Every key of the contract, one row each: path, what it holds, how to
/// write it, whether it is required.
pub fn key_table() -> String {
    let mut out = String::from("| 键 | 内容 | 写法 | 必填 |\n| --- | --- | --- | --- |\n");
    for (path, field) in c::paths() {
        let note = if field.stated { "（会核对）" } else { "" };
        out.push_str(&format!(
            "| `{path}` | {}{note} | {} | {} |\n",
            field.doc.replace('|', "\\|"),
            field.shape.words(),
            required(path, field),
        ));
    }
    out
}

/// "是" for a key every file has; for a key required only inside an
/// optional part or a list entry, when.
fn required(path: &str, field: &Field) -> &'static str {
    if !field.required {
        return "";
    }
    let mut optional_above = false;
    let mut in_list = false;
    let mut prefix = String::new();
    for seg in path.split('.') {
        if !prefix.is_empty() {
            // Every ancestor: an optional one makes this required only when
            // it is written.
            if let Some((_, a)) = c::paths().iter().find(|(p, _)| *p == prefix) {
                optional_above |= !a.required;
                in_list |= matches!(a.shape, Shape::List(_));
            }
            prefix.push('.');
        }
        prefix.push_str(seg.trim_end_matches("[]"));
        in_list |= seg.ends_with("[]");
    }
    match (in_list, optional_above) {
        (true, _) => "每条必填",
        (false, true) => "写了上一级时必填",
        (false, false) => "是",
    }
}

/// `doc` with its generated table replaced by [`key_table`]'s; `None`
/// when the markers are missing.
pub fn with_key_table(doc: &str) -> Option<String> {
    let start = doc.find(BEGIN)? + BEGIN.len();
    let end = start + doc[start..].find(END)?;
    Some(format!(
        "{}\n\n{}\n{}",
        &doc[..start],
        key_table(),
        &doc[end..]
    ))
}
