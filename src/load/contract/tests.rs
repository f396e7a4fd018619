//! The walker against the table: for every key of the table, a file with
//! it loads clean, a file without it fails exactly when the table says it
//! is required, a value of the wrong kind is an error at its path, and a
//! key the table does not list is unknown. Nothing here names a key: the
//! cases come from the table, so a key added there is tested here.

use super::*;
use crate::diag::Diagnostic;
use crate::load::{IndicatorCatalogue, load_all};

/// A YAML value, written in block style by [`Y::write`].
#[derive(Debug, Clone)]
enum Y {
    Scalar(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

impl Y {
    fn scalar(s: &str) -> Y {
        Y::Scalar(s.to_string())
    }

    fn write(&self, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        match self {
            Y::Map(entries) => {
                for (k, v) in entries {
                    match v {
                        Y::Scalar(s) => out.push_str(&format!("{pad}{k}: {s}\n")),
                        Y::Seq(items) if items.is_empty() => {
                            out.push_str(&format!("{pad}{k}: []\n"))
                        }
                        _ => {
                            out.push_str(&format!("{pad}{k}:\n"));
                            v.write(depth + 1, out);
                        }
                    }
                }
            }
            Y::Seq(items) => {
                for item in items {
                    match item {
                        Y::Scalar(s) => out.push_str(&format!("{pad}- {s}\n")),
                        _ => {
                            out.push_str(&format!("{pad}-\n"));
                            item.write(depth + 1, out);
                        }
                    }
                }
            }
            Y::Scalar(s) => out.push_str(&format!("{pad}{s}\n")),
        }
    }

    /// The value at a table path (`收支.项目支出[].名称`), a list's first
    /// entry standing for `[]`.
    fn at(&mut self, path: &str) -> Option<&mut Y> {
        let mut here = self;
        for seg in path.split('.') {
            let (key, list) = match seg.strip_suffix("[]") {
                Some(k) => (k, true),
                None => (seg, false),
            };
            let Y::Map(entries) = here else { return None };
            here = &mut entries.iter_mut().find(|(k, _)| k == key)?.1;
            if list {
                let Y::Seq(items) = here else { return None };
                here = items.first_mut()?;
            }
        }
        Some(here)
    }

    /// Removes the key at `path`.
    fn remove(&mut self, path: &str) -> bool {
        let (parent, key) = match path.rsplit_once('.') {
            Some((p, k)) => (self.at(p), k),
            None => (Some(self), path),
        };
        match parent {
            Some(Y::Map(entries)) => {
                let before = entries.len();
                entries.retain(|(k, _)| k != key);
                entries.len() < before
            }
            _ => false,
        }
    }
}

/// A value of `shape` that loading accepts.
fn sample(shape: &Shape) -> Y {
    match shape {
        Shape::Count => Y::scalar("1"),
        Shape::Year => Y::scalar("2024"),
        Shape::Line | Shape::Text => Y::scalar("文字"),
        Shape::Date => Y::scalar("2025-03-20"),
        Shape::Amount | Shape::Score => Y::scalar("1"),
        Shape::Tree => Y::Map(vec![("甲".into(), Y::scalar("1"))]),
        Shape::Word(words) => Y::scalar(words[0]),
        Shape::Paragraphs | Shape::Units => Y::Seq(vec![Y::scalar("文字")]),
        Shape::Map(fields) | Shape::MapOpen(fields, _) => map(fields),
        Shape::List(item) => Y::Seq(vec![sample(item)]),
        Shape::Either(_, b) => sample(b),
        Shape::Indicators(own) => {
            let Y::Map(mut entries) = map(own) else {
                unreachable!()
            };
            // One 一级 with a 二级 of each form: a list of rows (where the
            // rows' keys are tested) and a map (where SUB's are).
            let Y::Map(mut group) = map(GROUP) else {
                unreachable!()
            };
            group.push((LIST_SUB.into(), Y::Seq(vec![map(ITEM)])));
            group.push((MAP_SUB.into(), map(SUB)));
            entries.push((GROUP_SAMPLE.into(), Y::Map(group)));
            Y::Map(entries)
        }
    }
}

fn map(fields: &[Field]) -> Y {
    Y::Map(
        fields
            .iter()
            .map(|f| (f.key.to_string(), sample(&f.shape)))
            .collect(),
    )
}

/// The catalogue names standing for `<一级>` and `<二级>` in the sample.
const GROUP_SAMPLE: &str = "产出";
const LIST_SUB: &str = "数量";
const MAP_SUB: &str = "质量";

/// A table path as a path in the sample, and as the walker names it.
fn concrete(path: &str) -> (String, String) {
    let sample = path
        .replace(GROUP_NAME, GROUP_SAMPLE)
        .replace(&format!("{SUB_NAME}[]"), &format!("{LIST_SUB}[]"))
        .replace(SUB_NAME, MAP_SUB);
    (sample.clone(), sample.replace("[]", "[1]"))
}

fn walk(doc: &Y) -> Vec<Diagnostic> {
    let mut text = String::new();
    doc.write(0, &mut text);
    load_all(&text, &IndicatorCatalogue::default()).1
}

fn errors_at<'d>(diags: &'d [Diagnostic], path: &str) -> Vec<&'d Diagnostic> {
    diags
        .iter()
        .filter(|d| d.is_error() && d.pos.path == path)
        .collect()
}

#[test]
fn a_file_with_every_key_of_the_table_loads_clean() {
    let diags = walk(&sample(&Shape::Map(TOP)));
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn a_key_is_missing_only_where_the_table_requires_it() {
    let full = sample(&Shape::Map(TOP));
    let mut required = 0;
    for (path, field) in paths() {
        if matches!(field.key, GROUP_NAME | SUB_NAME) {
            continue;
        }
        let (in_sample, shown) = concrete(path);
        let mut doc = full.clone();
        assert!(doc.remove(&in_sample), "{path} is not in the sample");
        let diags = walk(&doc);
        if field.required {
            required += 1;
            let missing = errors_at(&diags, &shown);
            assert!(
                missing.iter().any(|d| d.message.contains("必填")),
                "{path}: required, but its absence is not reported: {diags:#?}"
            );
            assert!(
                missing
                    .iter()
                    .all(|d| d.hints.iter().any(|h| h.contains(field.key))),
                "{path}: the hint does not show the key: {missing:#?}"
            );
        } else {
            assert!(diags.is_empty(), "{path} is optional: {diags:#?}");
        }
    }
    assert!(required >= 8, "{required} required keys");
}

#[test]
fn a_value_of_the_wrong_kind_is_an_error_at_its_key() {
    let full = sample(&Shape::Map(TOP));
    for (path, field) in paths() {
        if field.key == GROUP_NAME {
            continue;
        }
        let wrong = match field.shape {
            // A map is right for these, a list is not.
            Shape::Tree | Shape::Map(_) | Shape::MapOpen(..) | Shape::Indicators(_) => {
                Y::Seq(vec![Y::scalar("1")])
            }
            // A 二级 is a list or a map: a text is neither.
            Shape::Either(Shape::List(_), Shape::Map(_)) => Y::scalar("文字"),
            _ => Y::Map(vec![("甲".into(), Y::scalar("1"))]),
        };
        let (in_sample, shown) = concrete(path);
        let mut doc = full.clone();
        *doc.at(&in_sample).expect(path) = wrong;
        let diags = walk(&doc);
        assert!(
            diags
                .iter()
                .any(|d| d.is_error() && d.pos.path.starts_with(&shown)),
            "{path}: a value of the wrong kind is not reported there: {diags:#?}"
        );
    }
}

#[test]
fn a_key_the_table_does_not_list_is_unknown() {
    let full = sample(&Shape::Map(TOP));
    let mut maps = vec![("", &Shape::Map(TOP))];
    maps.extend(paths().iter().map(|(p, f)| (p.as_str(), &f.shape)));
    for (path, shape) in maps {
        // An amount tree's and 人员's names are the officer's own; a 一级
        // holds the catalogue's 二级 names.
        if !matches!(shape, Shape::Map(_) | Shape::Indicators(_)) || path.ends_with(GROUP_NAME) {
            continue;
        }
        let (in_sample, shown) = concrete(path);
        let mut doc = full.clone();
        let target = if path.is_empty() {
            Some(&mut doc)
        } else {
            doc.at(&in_sample)
        };
        let Some(Y::Map(entries)) = target else {
            panic!("{path}: not a map in the sample")
        };
        entries.push(("未列之键".into(), Y::scalar("1")));
        let diags = walk(&doc);
        let key = if shown.is_empty() {
            "未列之键".to_string()
        } else {
            format!("{shown}.未列之键")
        };
        assert!(
            errors_at(&diags, &key)
                .iter()
                .any(|d| d.message.contains("未知的项目")),
            "{path}: an unlisted key is not reported: {diags:#?}"
        );
    }
}

#[test]
fn paths_name_every_key_once_with_its_parents_first() {
    let all = paths();
    for (i, (path, _)) in all.iter().enumerate() {
        assert_eq!(
            all.iter().filter(|(p, _)| p == path).count(),
            1,
            "{path} twice"
        );
        if let Some((parent, _)) = path.rsplit_once('.') {
            let parent = parent.trim_end_matches("[]");
            assert!(
                all[..i].iter().any(|(p, _)| p == parent),
                "{path} before its parent"
            );
        }
    }
    assert!(names().any(|n| n == "全年执行数"));
    assert_eq!(
        children("预算").map(|f| f.len()),
        Some(FINANCE.fields()[1].fields().len())
    );
}
