//! Nothing typed in vain (issue 21): every key of the table, given a
//! distinctive value in the example, reaches the DOCX text of each
//! built-in report, or draws a diagnostic at that key (a template that does
//! not print it says so; a stated figure is checked). A key the table gains
//! and no report prints fails here until a template prints it or declares
//! it not printed.

use super::{Field, GROUP_NAME, SUB_NAME, Shape, paths};
use crate::diag::Diagnostic;
use crate::format::{Context, Format};
use crate::load::node::{Key, Kind, Node, parse};
use rayon::prelude::*;

/// The example, as every key's starting point.
const EXAMPLE: &str = include_str!("../../../examples/示例科工局.yaml");

/// Stated figures of the example taken out, so a new value elsewhere
/// contradicts nothing (each is tried on its own).
const STATED: [&str; 7] = [
    "收支.支出合计",
    "收支.项目支出合计",
    "收支.结余",
    "收支.上年.项目支出合计",
    "指标.产出.分值",
    "指标.总分",
    "指标.等级",
];

/// One step of a path: a map key or a list entry.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        out.push(Step::Key(key.to_string()));
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            let n = index.trim_end_matches(']').parse().unwrap_or(0);
            out.push(Step::Index(n));
        }
    }
    out
}

fn node(kind: Kind) -> Node {
    Node {
        line: 0,
        col: 0,
        kind,
    }
}

fn text(s: &str) -> Node {
    node(Kind::Str(s.to_string()))
}

fn number(s: &str) -> Node {
    node(Kind::Number(s.to_string()))
}

/// Sets `value` at `path`, making the maps and lists on the way.
fn set(root: &mut Node, path: &[Step], value: Node) {
    let Some((first, rest)) = path.split_first() else {
        *root = value;
        return;
    };
    let child = match first {
        Step::Key(k) => {
            if !matches!(root.kind, Kind::Map(_)) {
                root.kind = Kind::Map(Vec::new());
            }
            let Kind::Map(entries) = &mut root.kind else {
                unreachable!("made a map above")
            };
            if !entries.iter().any(|(key, _)| key.name == *k) {
                let key = Key {
                    name: k.clone(),
                    line: 0,
                    col: 0,
                    masked: false,
                };
                entries.push((key, node(Kind::Null)));
            }
            let at = entries.iter().position(|(key, _)| key.name == *k);
            &mut entries[at.expect("pushed above")].1
        }
        Step::Index(i) => {
            if !matches!(root.kind, Kind::Seq(_)) {
                root.kind = Kind::Seq(Vec::new());
            }
            let Kind::Seq(items) = &mut root.kind else {
                unreachable!("made a list above")
            };
            while items.len() <= *i {
                items.push(node(Kind::Map(Vec::new())));
            }
            &mut items[*i]
        }
    };
    set(child, rest, value);
}

fn get<'n>(root: &'n Node, path: &[Step]) -> Option<&'n Node> {
    let Some((first, rest)) = path.split_first() else {
        return Some(root);
    };
    let child = match (first, &root.kind) {
        (Step::Key(k), Kind::Map(entries)) => &entries.iter().find(|(key, _)| key.name == *k)?.1,
        (Step::Index(i), Kind::Seq(items)) => items.get(*i)?,
        _ => return None,
    };
    get(child, rest)
}

fn remove(root: &mut Node, path: &str) {
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    let mut at = root;
    for step in steps(parent).iter().filter(|_| !parent.is_empty()) {
        at = match (step, &mut at.kind) {
            (Step::Key(k), Kind::Map(entries)) => {
                match entries.iter_mut().find(|(key, _)| key.name == *k) {
                    Some((_, v)) => v,
                    None => return,
                }
            }
            (Step::Index(i), Kind::Seq(items)) => match items.get_mut(*i) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    if let Kind::Map(entries) = &mut at.kind {
        entries.retain(|(k, _)| k.name != key);
    }
}

/// The tree as block YAML: keys and texts quoted, numbers as written.
fn emit(n: &Node, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match &n.kind {
        Kind::Map(entries) => {
            for (k, v) in entries {
                let key = serde_json::to_string(&k.name).expect("a string");
                out.push_str(&format!("{pad}{key}:"));
                tail(v, indent, out);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                let mut inner = String::new();
                emit(item, indent + 2, &mut inner);
                match item.kind {
                    Kind::Map(_) | Kind::Seq(_) if !inner.is_empty() => {
                        out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
                    }
                    _ => {
                        out.push_str(&format!("{pad}-"));
                        tail(item, indent, out);
                    }
                }
            }
        }
        _ => {}
    }
}

/// A value after its key or dash.
fn tail(v: &Node, indent: usize, out: &mut String) {
    match &v.kind {
        Kind::Map(e) if e.is_empty() => out.push_str(" {}\n"),
        Kind::Seq(i) if i.is_empty() => out.push_str(" []\n"),
        Kind::Map(_) | Kind::Seq(_) => {
            out.push('\n');
            emit(v, indent + 2, out);
        }
        Kind::Str(s) => out.push_str(&format!(
            " {}\n",
            serde_json::to_string(s).expect("a string")
        )),
        Kind::Number(t) => out.push_str(&format!(" {t}\n")),
        Kind::Bool(b) => out.push_str(&format!(" {b}\n")),
        Kind::Null | Kind::Unread => out.push('\n'),
    }
}

/// A table path made concrete: which 一级/二级 a key is tried under.
fn concrete(path: &str) -> String {
    let list_sub = format!("{GROUP_NAME}.{SUB_NAME}[]");
    let map_sub = format!("{GROUP_NAME}.{SUB_NAME}.");
    path.replace(&list_sub, "产出.数量[0]")
        .replace(&map_sub, "效益.社会效益.")
        .replace(&format!("{GROUP_NAME}.{SUB_NAME}"), "效益.社会效益")
        .replace(GROUP_NAME, "产出")
        .replace("[]", "[0]")
}

/// The value a key is given, and what of it shows in a report.
fn distinctive(field: &Field, k: usize, path: &str) -> Option<(Node, Vec<String>)> {
    let amount = format!("{}.{:02}", 6100 + 7 * k, 11 + k % 80);
    let words = format!("甲{k}乙测值");
    Some(match field.shape {
        Shape::Amount | Shape::Tree => (number(&amount), vec![amount]),
        Shape::Count => {
            let n = (3000 + 7 * k).to_string();
            (number(&n), vec![n])
        }
        // Before the example's 报告日期 (a report dated before the year it
        // evaluates is refused).
        Shape::Year => (number("2019"), vec!["2019年度".into()]),
        Shape::Date => (text("2031-07-19"), vec!["2031年7月19日".into()]),
        Shape::Line | Shape::Text | Shape::Paragraphs => (text(&words), vec![words]),
        Shape::Units => (node(Kind::Seq(vec![text(&words)])), vec![words]),
        // The unit shows in table headings and the like.
        Shape::Word(_) if path.ends_with("金额单位") => {
            (text("元"), vec!["（元）".into(), "单位：元".into()])
        }
        Shape::Word(w) => {
            let last = w[w.len() - 1];
            (text(last), vec![last.to_string()])
        }
        // A 分值 above any in the example (balanced by 预算执行率's), a 得分
        // below any.
        Shape::Score if field.key == "分值" => (number("13.37"), vec!["13.37".into()]),
        Shape::Score => (number("4.37"), vec!["4.37".into()]),
        Shape::Map(_) | Shape::MapOpen(..) | Shape::List(_) | Shape::Either(..) => return None,
        Shape::Indicators(_) => return None,
    })
}

/// The example, ready for `path`: stated figures out; a 二级 written as a
/// map for a key of that form (scored there, unless its rows are tried).
fn base_for(path: &str) -> Node {
    let mut root = parse(EXAMPLE).expect("the example parses");
    for p in STATED {
        remove(&mut root, p);
    }
    let map_sub = format!("{GROUP_NAME}.{SUB_NAME}.");
    if path.contains(&map_sub) {
        let rows_scored = path.contains(&format!("{map_sub}指标[]"));
        let sub = steps("指标.效益.社会效益");
        let mut items = get(&root, &sub).expect("the example has 社会效益").clone();
        if !rows_scored && let Kind::Seq(list) = &mut items.kind {
            for item in list {
                remove(item, "分值");
                remove(item, "得分");
            }
        }
        let mut map = node(Kind::Map(Vec::new()));
        if !rows_scored {
            set(&mut map, &steps("分值"), number("10"));
            set(&mut map, &steps("得分"), number("10"));
        }
        set(&mut map, &steps("指标"), items);
        set(&mut root, &sub, map);
    }
    // A list the example lacks gets an entry with its required keys.
    let mut prefix = String::new();
    for part in concrete(path).split('.') {
        prefix = crate::load::walker::join(&prefix, part.split('[').next().unwrap_or(part));
        let table = prefix.replace("产出.数量", &format!("{GROUP_NAME}.{SUB_NAME}"));
        if !part.contains('[') || get(&root, &steps(&prefix)).is_some() {
            continue;
        }
        let Some((_, list)) = paths().iter().find(|(p, _)| *p == table) else {
            continue;
        };
        for f in list.fields().iter().filter(|f| f.required) {
            let v = match f.shape {
                Shape::Amount => number("1"),
                _ => text("测项"),
            };
            set(&mut root, &steps(&format!("{prefix}[0].{}", f.key)), v);
        }
    }
    root
}

/// A weight moved by `by` is balanced by 预算执行率's, so they still total 100.
fn balance(root: &mut Node, path: &str, value: &str) {
    let old = match path {
        p if p.ends_with("社会效益.分值") => 10.0,
        p if p.ends_with("社会效益.指标[0].分值") => 5.0,
        p if p.ends_with("数量[0].分值") => 10.0,
        _ => return,
    };
    let new: f64 = value.parse().expect("a number");
    let rate: f64 = 10.0 - (new - old);
    set(
        root,
        &steps("指标.预算执行率.分值"),
        number(&format!("{rate:.2}")),
    );
}

/// The visible text of a DOCX: its w:t runs, joined.
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("the body")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    let mut out = String::new();
    for run in xml.split("<w:t").skip(1) {
        if let Some((open, rest)) = run.split_once('>')
            && (open.is_empty() || open.starts_with(' '))
            && !open.ends_with('/')
        {
            out.push_str(rest.split("</w:t>").next().unwrap_or(""));
        }
    }
    out
}

/// What one key, set in one report, came to: the DOCX text and every
/// diagnostic (the file may be refused: a stated figure checked).
fn try_key(
    templates: &crate::template::Templates,
    path: &str,
    value: &Node,
) -> (Option<String>, Vec<Diagnostic>) {
    let mut root = base_for(path);
    let at = concrete(path);
    set(&mut root, &steps(&at), value.clone());
    if let Kind::Number(v) = &value.kind
        && path.ends_with("分值")
    {
        balance(&mut root, &at, v);
    }
    let mut src = String::new();
    emit(&root, 0, &mut src);
    let checked = crate::render::check(src.as_bytes(), templates.catalogue());
    let report = match checked.result {
        Ok(report) => report,
        Err(diags) => return (None, diags),
    };
    let warnings = report.warnings.clone();
    let doc = templates.render(&report).expect("renders");
    let ctx = Context {
        fonts: None,
        laid: None,
    };
    let made = crate::docx::Docx.render(&doc, &ctx).expect("a DOCX");
    (Some(docx_text(&made.bytes)), warnings)
}

#[test]
fn every_key_reaches_the_report_or_a_diagnostic() {
    // 人员 takes counts of any name besides its four.
    let extra = (
        "概况.人员.事业编制".to_string(),
        Field::new("事业编制", "", Shape::Count),
    );
    let leaves: Vec<(usize, &String, &Field)> = paths()
        .iter()
        .map(|(p, f)| (p, *f))
        .chain([(&extra.0, &extra.1)])
        .enumerate()
        .map(|(k, (p, f))| (k, p, f))
        .filter(|(_, _, f)| f.fields().is_empty() && !matches!(f.shape, Shape::Either(..)))
        .collect();
    assert!(leaves.len() > 80, "{} keys", leaves.len());
    let sets: Vec<(&str, crate::template::Templates)> = crate::template::sets::BUILTIN
        .iter()
        .map(|(n, ..)| {
            let t = crate::template::sets::builtin(n)
                .expect("built in")
                .and_then(crate::template::Sources::compile)
                .expect("compiles");
            (*n, t)
        })
        .collect();
    let cases: Vec<(&str, &crate::template::Templates, usize, &String, &Field)> = sets
        .iter()
        .flat_map(|(s, t)| leaves.iter().map(move |(k, p, f)| (*s, t, *k, *p, *f)))
        .collect();
    let silent: Vec<String> = cases
        .par_iter()
        .filter_map(|(set_name, templates, k, path, field)| {
            let (value, shown) = distinctive(field, *k, path)?;
            let (text, diags) = try_key(templates, path, &value);
            // Messages count list entries from 1. A key said not printed
            // may be said at the section it lies in.
            let at = concrete(path).replace("[0]", "[1]");
            let located = diags.iter().any(|d| {
                d.pos.path.starts_with(&at)
                    || (at.starts_with(&d.pos.path) && d.message.contains("不印这一项"))
            });
            let printed = text
                .as_ref()
                .is_some_and(|t| shown.iter().any(|s| t.contains(s.as_str())));
            if printed || located {
                return None;
            }
            // Printed as what it changes (a 同比 shows the difference): the
            // report differs with another value there.
            let (other, _) = distinctive(field, k + 500, path)?;
            let (other_text, _) = try_key(templates, path, &other);
            if text.is_some() && other_text.is_some() && text != other_text {
                return None;
            }
            let said: Vec<String> = diags.iter().map(|d| d.short()).collect();
            Some(format!(
                "{set_name}: {path} = {shown:?} neither printed nor said: {said:?}"
            ))
        })
        .collect();
    assert!(silent.is_empty(), "{}", silent.join("\n"));
}

#[test]
fn a_value_is_set_where_the_table_says() {
    let mut root = base_for("收支.上年.收入");
    set(&mut root, &steps("收支.上年.收入"), number("6543.21"));
    set(
        &mut root,
        &steps(&concrete("指标.<一级>.<二级>[].偏差")),
        text("甲"),
    );
    let mut src = String::new();
    emit(&root, 0, &mut src);
    assert!(src.contains("  \"上年\":\n"), "{src}");
    assert!(src.contains("    \"收入\": 6543.21\n"), "{src}");
    assert!(src.contains("\"偏差\": \"甲\""), "{src}");
    assert!(!src.contains("\"总分\""), "stated figures out: {src}");
    let checked = crate::render::check(src.as_bytes(), &Default::default());
    assert!(checked.result.is_ok(), "{:#?}", checked.result.err());
}
