//! Tera's errors told in Chinese for whoever edits a county's template:
//! the file, line and column, the line itself, and what is wrong. Tera's
//! English text is shown only for a case not translated here, marked as
//! the engine's own words.

use super::locate::{Marks, Place, unbalanced};
use crate::document::MarkupError;
use tera::{Error, ErrorKind, ReportError};

/// The error `e` of the template set `files` (name, bytes), in Chinese.
pub fn explain(e: &Error, files: &[(String, Vec<u8>)], marks: &Marks) -> String {
    match e.kind() {
        // A block left open is reported at the end of the file: find it.
        ErrorKind::SyntaxError(r) if r.message() == "Unexpected end of input" => {
            unclosed(r, files).unwrap_or_else(|| located("语法错误", r, files, marks))
        }
        ErrorKind::SyntaxError(r) => located("语法错误", r, files, marks),
        ErrorKind::RenderingError(r) => located("渲染出错", r, files, marks),
        ErrorKind::TemplateNotFound(name) => {
            format!("找不到模板文件 {name}：引用的文件不在模板文件夹中")
        }
        ErrorKind::MissingParent { current, parent } => {
            format!("{current} 继承的模板 {parent} 不在模板文件夹中")
        }
        ErrorKind::CircularInclude { tpl, .. } | ErrorKind::CircularExtend { tpl, .. } => {
            format!("{tpl} 直接或间接地引用了自己（循环引用）")
        }
        _ => match std::error::Error::source(e).and_then(|s| s.downcast_ref::<Error>()) {
            // A wrapper ("Failed to render …") around the real error.
            Some(inner) => explain(inner, files, marks),
            None => from_reports(&e.to_string(), files, marks)
                .unwrap_or_else(|| format!("（模板引擎原文：{e}）")),
        },
    }
}

/// Some checks (unknown filters, tests, functions) come as Tera's printed
/// reports, `error: MESSAGE\n   --> FILE:LINE:COL\n …`: read them back.
fn from_reports(text: &str, files: &[(String, Vec<u8>)], marks: &Marks) -> Option<String> {
    let mut out = Vec::new();
    for block in text.split("error: ").skip(1) {
        let mut lines = block.lines();
        let message = lines.next()?.trim();
        let place = lines.find_map(|l| l.trim().strip_prefix("--> "))?;
        let mut parts = place.rsplitn(3, ':');
        let col: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        let file = parts.next()?;
        let col = marks.column(index(file, files), line, col);
        out.push(with_line(
            format!("{file} 第{line}行第{col}列有错误：{}", translate(message)),
            file,
            line,
            files,
        ));
    }
    (!out.is_empty()).then(|| out.join("\n"))
}

/// `heading`, then line `line` of template `file` as written.
fn with_line(mut heading: String, file: &str, line: usize, files: &[(String, Vec<u8>)]) -> String {
    let text = files
        .iter()
        .find(|(n, _)| n == file)
        .and_then(|(_, b)| std::str::from_utf8(b).ok())
        .and_then(|t| t.lines().nth(line.saturating_sub(1)));
    if let Some(text) = text {
        heading.push_str(&format!("\n    {line} | {text}"));
    }
    heading
}

fn located(what: &str, r: &ReportError, files: &[(String, Vec<u8>)], marks: &Marks) -> String {
    let span = r.span();
    let line = span.start_line;
    let col = marks.column(index(r.filename(), files), line, span.start_col + 1);
    let heading = format!(
        "{} 第{line}行第{col}列{what}：{}",
        r.filename(),
        translate(r.message())
    );
    with_line(heading, r.filename(), line, files)
}

/// The number of file `name` in the set.
fn index(name: &str, files: &[(String, Vec<u8>)]) -> usize {
    files
        .iter()
        .position(|(n, _)| n == name)
        .unwrap_or(usize::MAX)
}

/// Tera reports a block left open at the end of the file: the block's own
/// line is found instead.
fn unclosed(r: &ReportError, files: &[(String, Vec<u8>)]) -> Option<String> {
    let text = files
        .iter()
        .find(|(n, _)| n == r.filename())
        .and_then(|(_, b)| std::str::from_utf8(b).ok())?;
    let (line, tag) = unbalanced(text)?;
    let closing = tag.replace("{% ", "{% end");
    let message = if tag.contains("end") {
        format!("{} 第{line}行的 {tag} 前面没有与它配对的开头", r.filename())
    } else {
        format!(
            "{} 第{line}行的 {tag} 没有结尾：请在这一段之后加上 {closing}",
            r.filename()
        )
    };
    Some(with_line(message, r.filename(), line, files))
}

/// A markup mistake (an unknown keyword, a bad table row) at the template
/// line that wrote it, when known.
pub fn markup(e: &MarkupError, place: Option<Place>, files: &[(String, Vec<u8>)]) -> String {
    let Some((file, line)) = place else {
        return format!("输出第{}行：{}（该行为：{}）", e.line, e.message, e.text);
    };
    let name = files.get(file).map_or("report.tera", |(n, _)| n.as_str());
    with_line(
        format!("{name} 第{line}行：{}", e.message),
        name,
        line,
        files,
    )
}

/// The messages a template editor meets most, in Chinese.
fn translate(message: &str) -> String {
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    if let Some(name) = quoted("Variable `") {
        let known = message
            .split("Available variables: ")
            .nth(1)
            .map(|v| format!("（可用的变量：{}）", v.trim_end_matches('.')))
            .unwrap_or_default();
        return format!("变量“{name}”不存在{known}");
    }
    if let Some(name) = quoted("Field `") {
        return format!("字段“{name}”不存在");
    }
    if let Some(name) = quoted("Unknown filter `") {
        return format!("过滤器“{name}”不存在");
    }
    if let Some(name) = quoted("Unknown test `") {
        return format!("测试“{name}”不存在");
    }
    if let Some(name) = quoted("Unknown function `") {
        return format!("函数“{name}”不存在");
    }
    if let Some(name) = quoted("Unknown template `") {
        return format!("引用的模板文件“{name}”不在模板文件夹中");
    }
    if let Some(rest) = message.strip_prefix("Invalid type for the value, expected `") {
        let mut parts = rest.split('`');
        let want = parts.next().unwrap_or_default();
        let got = parts.nth(1).unwrap_or_default();
        return format!("值的类型不对：这里需要 {want}，实际是 {got}");
    }
    if let Some(found) = quoted("Found `") {
        return format!("这里不该是“{found}”（Tera 语法在此处需要变量名、数字、字符串或表达式）");
    }
    match message {
        "Unexpected character" => {
            "这里不能出现这个字符（变量名和标签只能用英文字母、数字和下划线）".into()
        }
        "Unexpected end of input" => {
            "模板意外结束：可能缺少 {% endif %}、{% endfor %} 或 }}".into()
        }
        _ => format!("（模板引擎原文：{message}）"),
    }
}
