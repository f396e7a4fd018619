//! Limits on what a department file may cost, checked before parsing:
//! its size (read bounded, so `/dev/zero` or a 50 MB paste cannot eat the
//! machine) and invisible format characters (bidi overrides, zero-width
//! spaces) that would reorder or hide text in the report.

use super::node::{Kind, Node};
use crate::diag::{Diagnostic, Pos};
use std::io::Read;
use std::path::Path;

/// Largest department file accepted. Real departments are 7–10 KB (the
/// sample county, benches/gen_county.py's largest is 9.4 KB); 1 MiB is a
/// hundred times that and keeps a worst-case PDF render under ~0.3 GB.
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// Longest single-line field (单位, names, 填表人…), in characters.
pub const MAX_LINE_CHARS: usize = 100;

/// Most entries in one list or map (项目, 三级指标, 问题…). The largest
/// sample has 25 projects; without a bound, 26,700 one-line projects fit in
/// 1 MiB and take 95 s and 1.1 GB to lay out.
pub const MAX_ITEMS: usize = 1000;

/// Reads a department file: a regular file of at most [`MAX_FILE_BYTES`],
/// read through a bounded reader so a file that grows while read, or a
/// device behind a link, stops at the limit.
pub fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let fail = |m: String| Diagnostic::error(Pos::default(), m);
    // Checked before opening: opening a FIFO for reading blocks.
    let size = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m.len(),
        Ok(_) => {
            return Err(fail(
                "不是普通文件（是设备、管道等特殊文件），不读取".into(),
            ));
        }
        Err(e) => return Err(fail(format!("无法读取文件：{}", io_text(&e)))),
    };
    let file =
        std::fs::File::open(path).map_err(|e| fail(format!("无法读取文件：{}", io_text(&e))))?;
    // Sized from the listing: one read, not a dozen growing ones (the
    // file may still grow; `take` bounds it either way).
    let mut bytes = Vec::with_capacity(size.min(MAX_FILE_BYTES as u64) as usize + 1);
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("无法读取文件：{}", io_text(&e))))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(&bytes[..MAX_FILE_BYTES]));
    }
    Ok(bytes)
}

/// The size error, at the line where the limit is crossed.
fn too_large(head: &[u8]) -> Diagnostic {
    let line = head.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let pos = Pos {
        line,
        col: 1,
        path: String::new(),
    };
    Diagnostic::error(
        pos,
        format!(
            "文件太大：超过 {} MB 的上限，从这一行起的内容没有读取",
            MAX_FILE_BYTES >> 20
        ),
    )
    .hint("一个单位的数据文件通常只有 10 KB 左右；请检查是否把表格、图片或整本报告粘贴进了这个文件")
}

/// Lists and maps longer than [`MAX_ITEMS`], one located error each.
pub fn check_counts(node: &Node, path: &str, errors: &mut Vec<Diagnostic>) {
    let too_many = |n: usize, errors: &mut Vec<Diagnostic>| {
        let pos = Pos {
            line: node.line,
            col: node.col,
            path: path.to_string(),
        };
        errors.push(
            Diagnostic::error(pos, format!("这一项下写了 {n} 条，最多 {MAX_ITEMS} 条"))
                .hint("请检查是否重复粘贴了内容；确有这么多条时，请合并同类项"),
        );
    };
    match &node.kind {
        Kind::Seq(items) => {
            if items.len() > MAX_ITEMS {
                return too_many(items.len(), errors);
            }
            for (i, item) in items.iter().enumerate() {
                check_counts(item, &format!("{path}[{}]", i + 1), errors);
            }
        }
        Kind::Map(entries) => {
            if entries.len() > MAX_ITEMS {
                return too_many(entries.len(), errors);
            }
            for (key, value) in entries {
                let p = if path.is_empty() {
                    key.name.clone()
                } else {
                    format!("{path}.{}", key.name)
                };
                check_counts(value, &p, errors);
            }
        }
        _ => {}
    }
}

/// An I/O error in Chinese ([`crate::oserror::text`]).
pub fn io_text(e: &std::io::Error) -> String {
    crate::oserror::text(e)
}

/// Invisible format characters a report must not carry: they reorder
/// (bidi embeddings and overrides), hide (zero-width), or break lines
/// where Word and the PDF disagree (U+2028/U+2029). Unicode category Cf
/// plus the two separators.
pub(super) fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "方向标记",
        '\u{202A}'..='\u{202E}' => "从右到左/从左到右强制排列",
        '\u{2066}'..='\u{2069}' => "方向隔离",
        '\u{200B}' => "零宽空格",
        '\u{200C}' | '\u{200D}' => "零宽连接符",
        '\u{2060}'..='\u{2064}' | '\u{206A}'..='\u{206F}' => "不可见格式符",
        '\u{FEFF}' => "零宽不换行空格（BOM）",
        '\u{00AD}' => "软连字符",
        '\u{2028}' | '\u{2029}' => "行/段分隔符",
        '\u{180E}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}' => {
            "不可见格式符"
        }
        _ => return None,
    })
}

/// Removes invisible format characters, with one located warning per line
/// naming what was removed. A byte-order mark at the very start (Windows
/// Notepad writes one) is removed silently.
pub fn strip_invisible(src: &str) -> (std::borrow::Cow<'_, str>, Vec<Diagnostic>) {
    let body = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    if !body.chars().any(|c| invisible(c).is_some()) {
        return (body.into(), Vec::new());
    }
    let mut out = String::with_capacity(body.len());
    let mut warnings = Vec::new();
    let offset = u32::from(body.len() != src.len());
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let mut found: Vec<(u32, char, &str)> = Vec::new();
        for (col, c) in line.chars().enumerate() {
            match invisible(c) {
                Some(what) => found.push((col as u32 + 1, c, what)),
                None => out.push(c),
            }
        }
        let Some(&(col, _, _)) = found.first() else {
            continue;
        };
        let mut names: Vec<String> = Vec::new();
        for (_, c, what) in &found {
            let name = format!("U+{:04X}（{what}）", u32::from(*c));
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let pos = Pos {
            line: i as u32 + 1,
            col: col + if i == 0 { offset } else { 0 },
            path: String::new(),
        };
        warnings.push(
            Diagnostic::warning(
                pos,
                format!(
                    "这一行有 {} 个看不见的格式字符 {}，已删除",
                    found.len(),
                    names.join("、")
                ),
            )
            .hint("这类字符常随网页或聊天记录复制进来，会使文字顺序颠倒或隐藏；删除后不影响内容"),
        );
    }
    (out.into(), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_removed_with_their_line() {
        let (text, w) = strip_invisible("a: 1\n单位: 甲\u{202E}乙局\u{200B}\nc: 2\n");
        assert_eq!(text, "a: 1\n单位: 甲乙局\nc: 2\n");
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].pos.line, w[0].pos.col), (2, 6));
        assert!(w[0].message.contains("U+202E") && w[0].message.contains("U+200B"));
        let (text, w) = strip_invisible("\u{FEFF}a: 1\n");
        assert_eq!((text.as_ref(), w.len()), ("a: 1\n", 0));
    }

    #[test]
    fn oversized_files_are_refused_at_the_line_where_they_cross_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.yaml");
        let line = "- 这是一条很长的问题描述，用来把文件撑大。\n";
        let n = MAX_FILE_BYTES / line.len() + 10;
        std::fs::write(&path, line.repeat(n)).unwrap();
        let e = read(&path).unwrap_err();
        assert!(e.message.contains("文件太大"), "{e}");
        assert_eq!(e.pos.line as usize, MAX_FILE_BYTES / line.len() + 1);
        std::fs::write(&path, line.repeat(10)).unwrap();
        assert_eq!(read(&path).unwrap().len(), line.len() * 10);
    }

    #[test]
    fn long_lists_are_refused_with_their_path() {
        let src = format!("a:\n  b:\n{}", "    - x\n".repeat(MAX_ITEMS + 1));
        let root = super::super::node::parse(&src).unwrap();
        let mut errors = Vec::new();
        check_counts(&root, "", &mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].pos.line, errors[0].pos.path.as_str()),
            (2, "a.b")
        );
        let ok = format!("b:\n{}", "  - x\n".repeat(MAX_ITEMS));
        let mut errors = Vec::new();
        check_counts(&super::super::node::parse(&ok).unwrap(), "", &mut errors);
        assert!(errors.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_not_read() {
        let e = read(Path::new("/dev/zero")).unwrap_err();
        assert!(e.message.contains("不是普通文件"), "{e}");
    }
}
