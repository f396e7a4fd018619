//! Characters no report can show as written, in the values and keys YAML
//! read: a quoted value spells them with an escape (`"\x07"`, `"\u200B"`,
//! `"\r"`), so they reach the tree past [`super::guard::strip_invisible`],
//! which reads the file's raw text. Each is removed (a tab becomes a
//! space) with a located warning naming it, never in silence: the DOCX
//! writer and the PDF layout would otherwise each drop or replace it in
//! their own way. A key must name something, on one line.

use super::guard::invisible;
use super::node::{Kind, Node};
use crate::diag::{Diagnostic, Pos};

/// What becomes of a character that cannot stay.
enum Fix {
    Remove(&'static str),
    /// A tab: a tab stop in Word, a space in the PDF; a space in both.
    Space,
}

fn fix(c: char) -> Option<Fix> {
    Some(match c {
        '\n' => return None,
        '\t' => Fix::Space,
        '\r' => Fix::Remove("回车符"),
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Fix::Remove("控制字符"),
        '\u{FDD0}'..='\u{FDEF}' => Fix::Remove("非字符"),
        c if u32::from(c) & 0xFFFE == 0xFFFE => Fix::Remove("非字符"),
        c => Fix::Remove(invisible(c)?),
    })
}

/// Scrubs every value and key of the tree in place; the warnings (and the
/// errors for keys that name nothing) in reading order.
pub fn scrub(root: &mut Node) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk(root, "", &mut out);
    out
}

fn walk(node: &mut Node, path: &str, out: &mut Vec<Diagnostic>) {
    let pos = |line, col, path: &str| Pos {
        line,
        col,
        path: path.to_string(),
    };
    match &mut node.kind {
        Kind::Str(s) => clean(s, false, pos(node.line, node.col, path), out),
        Kind::Seq(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &format!("{path}[{}]", i + 1), out);
            }
        }
        Kind::Map(entries) => {
            for (key, value) in entries.iter_mut() {
                let mut found = Vec::new();
                clean(&mut key.name, true, pos(key.line, key.col, ""), &mut found);
                let at = pos(key.line, key.col, &join(path, &key.name));
                out.extend(found.into_iter().map(|d| Diagnostic {
                    pos: at.clone(),
                    ..d
                }));
                if let Some(d) = nameless_key(&key.name, at) {
                    out.push(d);
                }
                walk(value, &join(path, &key.name), out);
            }
        }
        Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::Unread => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// In a key, spaces that look like none: removed as the lint removes them
/// when typed (`lint::layout`), and so when escaped (`"\u3000"`) too.
fn key_space(c: char) -> Option<Fix> {
    match c {
        '\u{3000}' => Some(Fix::Remove("全角空格")),
        '\u{A0}' => Some(Fix::Remove("不换行空格")),
        _ => None,
    }
}

/// Removes what [`fix`] says cannot stay, with one warning for the removed
/// characters and one for the tabs.
fn clean(s: &mut String, key: bool, pos: Pos, out: &mut Vec<Diagnostic>) {
    let fix = |c: char| match key {
        true => key_space(c).or_else(|| fix(c)),
        false => fix(c),
    };
    if !s.chars().any(|c| fix(c).is_some()) {
        return;
    }
    let mut kept = String::with_capacity(s.len());
    let (mut removed, mut tabs): (Vec<String>, usize) = (Vec::new(), 0);
    for c in s.chars() {
        match fix(c) {
            None => kept.push(c),
            Some(Fix::Space) => {
                kept.push(' ');
                tabs += 1;
            }
            Some(Fix::Remove(what)) => {
                let name = format!("U+{:04X}（{what}）", u32::from(c));
                if !removed.contains(&name) {
                    removed.push(name);
                }
            }
        }
    }
    *s = kept;
    if !removed.is_empty() {
        let what = match key {
            true => "冒号前的名称里有看不见或显示不出的字符",
            false => "这里的文字中有报告无法显示的字符",
        };
        out.push(
            Diagnostic::warning(pos.clone(), format!("{what} {}，已删除", removed.join("、")))
            .hint("这类字符常随复制粘贴进来，或来自引号内的转义写法（如 \\x07、\\u200B）；删除后不影响内容，请核对这一项的文字"),
        );
    }
    if tabs > 0 {
        out.push(
            Diagnostic::warning(
                pos,
                format!("这里的文字中有 {tabs} 个 U+0009（Tab 制表符），已改为空格"),
            )
            .hint("Word 和 PDF 对 Tab 的显示不同；需要空开时请直接写空格"),
        );
    }
}

/// A key that names nothing (empty, only punctuation or spaces) or spans
/// lines: an error at the key.
fn nameless_key(name: &str, pos: Pos) -> Option<Diagnostic> {
    let lines = name.split('\n').count();
    if lines > 1 {
        return Some(
            Diagnostic::error(pos, format!("冒号前的名称只能写一行，这里写了 {lines} 行"))
                .hint("请把名称里的换行（引号内的 \\n）去掉"),
        );
    }
    if name.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(
        Diagnostic::error(pos, format!("冒号前没有写出名称（写的是“{name}”）"))
            .hint("冒号前写这一项的名称，例如 编制数: 10"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubbed(src: &str) -> (Node, Vec<Diagnostic>) {
        let mut root = super::super::node::parse(src).unwrap();
        let d = scrub(&mut root);
        (root, d)
    }

    fn value(root: &Node, key: &str) -> String {
        let Kind::Map(entries) = &root.kind else {
            panic!("a map")
        };
        let (_, v) = entries.iter().find(|(k, _)| k.name == key).unwrap();
        match &v.kind {
            Kind::Str(s) => s.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn escapes_no_report_shows_are_removed_and_named_at_their_value() {
        let (root, d) = scrubbed("a: 1\nb: \"甲\\x07乙\\u200B丙\\r\\uFFFF\"\nc: \"x\\ty\"\n");
        assert_eq!(value(&root, "b"), "甲乙丙");
        assert_eq!(value(&root, "c"), "x y");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(
            (d[0].pos.line, d[0].pos.col, d[0].pos.path.as_str()),
            (2, 4, "b")
        );
        for named in [
            "U+0007（控制字符）",
            "U+200B（零宽空格）",
            "U+000D",
            "U+FFFF",
        ] {
            assert!(d[0].message.contains(named), "{}", d[0].message);
        }
        assert!(!d[0].is_error());
        assert!(d[1].message.contains("U+0009") && d[1].message.contains("改为空格"));
        assert_eq!(d[1].pos.line, 3);
    }

    #[test]
    fn keys_are_scrubbed_and_must_name_something_on_one_line() {
        let (root, d) = scrubbed("人员:\n  \"借调\\x07人数\": 2\n  \"。\": 1\n  \"a\\nb\": 3\n");
        let Kind::Map(top) = &root.kind else { panic!() };
        let Kind::Map(staff) = &top[0].1.kind else {
            panic!()
        };
        assert_eq!(staff[0].0.name, "借调人数");
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!(
            (d[0].pos.line, d[0].pos.path.as_str()),
            (2, "人员.借调人数")
        );
        assert!(
            d[1].is_error() && d[1].message.contains("没有写出名称"),
            "{d:?}"
        );
        assert!(
            d[2].is_error() && d[2].message.contains("只能写一行"),
            "{d:?}"
        );
    }

    #[test]
    fn ordinary_text_is_left_alone() {
        let (root, d) = scrubbed("a: \"甲 乙\\n丙　丁 é 😀 \\u00A0\"\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(value(&root, "a"), "甲 乙\n丙　丁 é 😀 \u{A0}");
    }
}
