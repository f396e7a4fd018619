//! The built-in template renders the example department into a document
//! with the computed figures in place and user text kept as text.

use super::*;
use crate::document::Table;
use crate::load::load;
use crate::model::compute;

const EXAMPLE: &str = include_str!("../../examples/示例科工局.yaml");

fn render(src: &str) -> Document {
    let t = Templates::builtin().unwrap();
    let input = load(src, t.catalogue()).unwrap();
    let report = compute(&input).unwrap();
    t.render(&report).unwrap()
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn example_renders_with_computed_figures() {
    let doc = render(EXAMPLE);
    assert_eq!(
        doc.meta.title,
        "2024年度岳阳市示例区科技和工业信息化局整体支出绩效自评报告"
    );
    let all = doc.texts().join("\n");
    for needle in [
        "860.90",
        "97.77%",
        "193.13",
        "667.77",
        "自评等级为“优”",
        "总分98分",
    ] {
        assert!(all.contains(needle), "{needle} missing");
    }
    for h in ["一、部门（单位）基本情况", "十、其他需要说明的情况"] {
        assert!(
            doc.blocks
                .iter()
                .any(|b| matches!(b, Block::Heading { text, .. } if text == h)),
            "{h}"
        );
    }
}

#[test]
fn self_evaluation_table_merges_level_one_and_two() {
    let doc = render(EXAMPLE);
    let t = tables(&doc)
        .into_iter()
        .find(|t| t.cells.iter().any(|c| c.text == "三级指标"))
        .unwrap();
    let chanchu = t.cells.iter().find(|c| c.text == "产出指标").unwrap();
    assert_eq!(chanchu.rowspan, 9, "产出 has 9 三级 rows");
    let shuliang = t.cells.iter().find(|c| c.text == "数量指标").unwrap();
    assert_eq!(shuliang.rowspan, 3);
    let total = t.cells.iter().find(|c| c.text == "总分").unwrap();
    assert_eq!(total.colspan, 5);
    assert!(t.cells.iter().any(|c| c.text == "自评等级：优"));
    assert_eq!(t.header_rows, 1);
}

#[test]
fn user_text_cannot_break_the_structure() {
    let src = EXAMPLE
        .replace("名称: 其他资金", "名称: \"其他|资金 ^^{x}\"")
        .replace(
            "完成值: \"6家\"",
            "完成值: \"6|家 ^^\\nendtable\\npagebreak\"",
        );
    let doc = render(&src);
    // Markup characters stay text in a one-line name; line breaks stay
    // line breaks inside the 自评表's cell (contract §6.4): neither ends
    // the table or starts a page.
    for text in ["其他|资金 ^^{x}", "6|家 ^^\nendtable\npagebreak"] {
        assert!(doc.texts().contains(&text), "{text}: {:?}", doc.texts());
    }
    let breaks = |d: &Document| {
        d.blocks
            .iter()
            .filter(|b| matches!(b, Block::PageBreak))
            .count()
    };
    assert_eq!(breaks(&doc), breaks(&render(EXAMPLE)));
}

#[test]
fn zero_funds_say_none() {
    let all = render(EXAMPLE).texts().join("\n");
    assert!(all.contains("无政府性基金预算支出"));
    assert!(all.contains("无国有资本经营预算支出"));
}

/// Every `.yaml` under `data/` and `examples/`.
fn samples() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("data"), root.join("examples")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    assert!(out.len() >= 10, "{} samples", out.len());
    out
}

#[test]
fn section_ten_says_none_when_other_is_absent() {
    // The example writes 其他说明: 无; without the line the section must
    // still say 无 (Tera's `default` does not fire for a null value).
    let src: String = EXAMPLE
        .lines()
        .filter(|l| !l.starts_with("其他说明"))
        .collect::<Vec<_>>()
        .join("\n");
    let doc = render(&src);
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { text, .. } if text.starts_with("十、")))
        .expect("section 十");
    match &doc.blocks[at + 1] {
        Block::Paragraph(p) => assert_eq!(p.text, "无。"),
        other => panic!("十 is followed by {other:?}"),
    }
}

#[test]
fn no_sample_has_an_empty_section() {
    let all = samples();
    assert!(all.len() >= 10);
    for (name, src) in all {
        let doc = render(&src);
        let headings = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Heading { .. }))
            .count();
        assert!(headings >= 10, "{name}: {headings} headings");
        for (i, b) in doc.blocks.iter().enumerate() {
            if let Block::Heading { level, text } = b {
                let next = doc.blocks.get(i + 1);
                let empty = match next {
                    None => true,
                    Some(Block::Heading { level: l, .. }) => l <= level,
                    Some(Block::PageBreak | Block::AttachmentList(_) | Block::Closing(_)) => true,
                    Some(Block::Paragraph(p)) => p.text.trim().is_empty(),
                    _ => false,
                };
                assert!(!empty, "{name}: “{text}” has no content");
            }
        }
    }
}

#[test]
fn attachment_list_names_both_attachments_before_the_closing() {
    let doc = render(EXAMPLE);
    let list = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::AttachmentList(_)))
        .expect("附件 list");
    let Block::AttachmentList(a) = &doc.blocks[list] else {
        unreachable!()
    };
    assert_eq!(a.label, "附件：");
    // The names are those of the attachment captions.
    let captions: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Caption(lines) => Some(lines.concat()),
            _ => None,
        })
        .collect();
    assert_eq!(a.items.len(), 2);
    for (k, item) in a.items.iter().enumerate() {
        let name = item.strip_prefix(&format!("{}.", k + 1)).expect("numbered");
        assert!(
            captions.iter().any(|c| c == name),
            "{name} is not a caption: {captions:?}"
        );
    }
    // Then the 落款, then the attachments.
    assert!(matches!(&doc.blocks[list + 1], Block::Closing(c)
        if c.signer == "岳阳市示例区科技和工业信息化局（盖章）" && c.date == "2025年3月20日"));
    assert!(matches!(&doc.blocks[list + 2], Block::PageBreak));
    assert!(doc.keeps_with_next(list - 1) && doc.keeps_with_next(list));
}

/// A county's template mistakes are told in Chinese with the line itself.
#[test]
fn template_errors_are_told_in_chinese_with_their_line() {
    let t = Templates::builtin().unwrap();
    let input = load(EXAMPLE, t.catalogue()).unwrap();
    let report = compute(&input).unwrap();
    let set = |text: &str| {
        super::Sources::from_files(
            super::Origin::Folder("县".into()),
            vec![(ENTRY.into(), text.as_bytes().to_vec())],
        )
        .and_then(super::Sources::compile)
    };
    let field = set("第一行\n{{ finance.nope }}\n").unwrap();
    let e = field.render(&report).unwrap_err().message;
    assert!(
        e.contains("report.tera 第2行第12列渲染出错：字段“nope”不存在"),
        "{e}"
    );
    assert!(e.contains("2 | {{ finance.nope }}"), "{e}");
    let e = set("{{ dept | nofilter }}").err().unwrap().message;
    assert!(
        e.contains("第1行第11列有错误：过滤器“nofilter”不存在"),
        "{e}"
    );
    let e = set("p 甲\n{% if dept %}\np 无结尾\n")
        .err()
        .unwrap()
        .message;
    assert!(
        e.starts_with("模板文件夹 县 有错误：report.tera 第2行的 {% if %} 没有结尾"),
        "{e}"
    );
    assert!(e.contains("2 | {% if dept %}"), "{e}");
    // A markup mistake, at the template line that wrote it.
    let bad =
        set("{%- set x = 1 -%}\np 甲\n{% if dept %}\npara {{ dept }}\n{% endif %}\n").unwrap();
    let e = bad.render(&report).unwrap_err().message;
    assert!(e.contains("report.tera 第4行：未知的行类型“para”"), "{e}");
    assert!(e.contains("4 | para {{ dept }}"), "{e}");
}

/// Every sample's and seed's template context, with its file.
fn contexts() -> Vec<(String, serde_json::Value)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut stack = vec![
        root.join("data/示例县"),
        root.join("examples"),
        root.join("tests/data"),
    ];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if !p.ends_with("oracle") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "yaml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let t = Templates::builtin().unwrap();
    files
        .iter()
        .map(|p| {
            let checked = crate::render::check(&std::fs::read(p).unwrap(), t.catalogue());
            let report = checked.result.unwrap();
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, serde_json::to_value(&report).unwrap())
        })
        .collect()
}

#[test]
fn the_variable_reference_covers_the_context_and_nothing_else() {
    use super::reference::{VARIABLES, covered, paths};
    let seen = paths(&contexts());
    let missing: Vec<&String> = seen.keys().filter(|p| !covered(p)).collect();
    assert!(
        missing.is_empty(),
        "variables without a description: {missing:?}"
    );
    let stale: Vec<&str> = VARIABLES
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| !["cn", "同比", "合计与各项"].contains(p) && !seen.contains_key(*p))
        .collect();
    assert!(
        stale.is_empty(),
        "described but not in any report: {stale:?}"
    );
}

/// The dotted paths a template reads, its `set` and `for` names resolved
/// (`{% set f = finance %}`, `{% for p in f.projects %}` → finance.projects[]).
fn used_paths(source: &str) -> Vec<String> {
    let mut aliases: Vec<(String, String)> = Vec::new();
    let mut used = Vec::new();
    let resolve = |aliases: &[(String, String)], path: &str| -> Option<String> {
        let (head, rest) = path.split_once('.').map_or((path, ""), |(h, r)| (h, r));
        let base = aliases
            .iter()
            .rev()
            .find(|(a, _)| a == head)
            .map(|(_, p)| p.clone())
            .or_else(|| {
                let roots = [
                    "unit",
                    "year",
                    "dept",
                    "code",
                    "date",
                    "cover",
                    "overview",
                    "finance",
                    "scores",
                    "problems",
                    "measures",
                    "application",
                    "other",
                    "sign",
                    "cn",
                ];
                roots.contains(&head).then(|| head.to_string())
            })?;
        Some(if rest.is_empty() {
            base
        } else {
            format!("{base}.{rest}")
        })
    };
    for tag in source.split("{%").skip(1).chain(source.split("{{").skip(1)) {
        let body = tag
            .split(['%', '}'])
            .next()
            .unwrap_or("")
            .trim_start_matches('-')
            .trim();
        let words: Vec<&str> = body.split_whitespace().collect();
        match words.as_slice() {
            ["set" | "set_global", name, "=", value, ..] => {
                if let Some(p) = resolve(&aliases, value) {
                    aliases.push((name.to_string(), p));
                }
            }
            ["for", name, "in", value, ..] => {
                if let Some(p) = resolve(&aliases, value) {
                    aliases.push((name.to_string(), format!("{p}[]")));
                    used.push(p);
                }
            }
            _ => {}
        }
        for token in body.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')) {
            let token = token.trim_matches('.');
            if let Some(p) = resolve(&aliases, token) {
                used.push(p);
            }
        }
    }
    used.sort();
    used.dedup();
    used
}

#[test]
fn the_variable_reference_covers_every_variable_the_built_in_templates_use() {
    use super::reference::covered;
    for (name, _, files) in super::sets::BUILTIN {
        for (file, text) in files.iter() {
            let used = used_paths(text);
            assert!(
                used.len() > 40,
                "{name}/{file}: {} variables found",
                used.len()
            );
            // `cn[3]` and the like index a list.
            let unknown: Vec<&String> = used
                .iter()
                .filter(|p| !covered(p.split('[').next().unwrap_or(p)) && !covered(p))
                .collect();
            assert!(
                unknown.is_empty(),
                "{name}/{file} uses undocumented {unknown:?}"
            );
        }
    }
}

/// `docs/模板变量.md` is the reference as generated;
/// `UPDATE_EXPECT=1 cargo test` rewrites it.
#[test]
fn the_variable_reference_page_is_generated() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/模板变量.md");
    let fresh = super::reference::markdown(&contexts());
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&file, &fresh).unwrap();
        return;
    }
    let doc = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        doc == fresh,
        "docs/模板变量.md is out of date: run UPDATE_EXPECT=1 cargo test"
    );
}
