//! Key paths found back from a line of the file: where a warning about a
//! removed character, or a mistake on a line of text, lies.

use super::{Pos, node, walker};

/// The key path of the last key or list item written on `line`.
pub(super) fn path_on_line(n: &node::Node, line: u32, path: &str) -> Option<String> {
    match &n.kind {
        node::Kind::Seq(items) => items.iter().enumerate().rev().find_map(|(i, item)| {
            let p = format!("{path}[{}]", i + 1);
            path_on_line(item, line, &p).or_else(|| (item.line == line).then_some(p))
        }),
        node::Kind::Map(entries) => entries.iter().rev().find_map(|(k, v)| {
            let p = if path.is_empty() {
                k.name.clone()
            } else {
                format!("{path}.{}", k.name)
            };
            path_on_line(v, line, &p).or_else(|| (k.line == line).then_some(p))
        }),
        _ => None,
    }
}

/// The key path of the deepest key or list item written on `line` or
/// above it: where a mistake on a line of text lies.
pub(super) fn path_near_line(root: &node::Node, line: u32) -> String {
    fn walk(n: &node::Node, line: u32, path: &str, best: &mut (u32, String)) {
        let mut visit = |at: u32, p: String, child: &node::Node| {
            if at <= line && at >= best.0 {
                *best = (at, p.clone());
            }
            walk(child, line, &p, best);
        };
        match &n.kind {
            node::Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    visit(item.line, format!("{path}[{}]", i + 1), item);
                }
            }
            node::Kind::Map(entries) => {
                for (k, v) in entries {
                    let p = walker::join(path, &k.name);
                    visit(k.line, p, v);
                }
            }
            _ => {}
        }
    }
    let mut best = (0, String::new());
    walk(root, line, "", &mut best);
    best.1
}

pub(super) fn find_char(n: &node::Node, c: char, path: &str) -> Option<Pos> {
    let here = || Pos {
        line: n.line,
        col: n.col,
        path: path.to_string(),
    };
    match &n.kind {
        node::Kind::Str(s) | node::Kind::Number(s) => s.contains(c).then(here),
        node::Kind::Seq(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find_char(item, c, &format!("{path}[{}]", i + 1))),
        node::Kind::Map(entries) => entries.iter().find_map(|(k, v)| {
            let p = if path.is_empty() {
                k.name.clone()
            } else {
                format!("{path}.{}", k.name)
            };
            if k.name.contains(c) {
                return Some(Pos {
                    line: k.line,
                    col: k.col,
                    path: p,
                });
            }
            find_char(v, c, &p)
        }),
        node::Kind::Null | node::Kind::Bool(_) | node::Kind::Unread => None,
    }
}
