//! Typing mistakes found on the raw lines before YAML is parsed.
//!
//! A YAML parser reports a Chinese-input mistake (a full-width colon, a
//! pasted paragraph, `: ` inside a sentence) as a structure error, often on
//! the next line and in English; some mistakes (` #` in a sentence) even
//! parse and silently cut the text. Looking at each raw line and its
//! neighbours by indentation names the cause at its own line and column.
//! Unambiguous slips (a full-width colon after a key among sibling keys,
//! full-width digits as a whole value) are corrected with a warning.

use super::contract;
use crate::diag::{Diagnostic, Pos};
use repair::{Fix, Indent};
use std::collections::{BTreeMap, HashMap};

mod layout;
mod repair;

/// What the scan found: corrected text (when something was corrected),
/// errors and warnings.
pub struct Scan {
    pub text: Option<String>,
    pub diags: Vec<Diagnostic>,
    /// With errors: the text with each line in error made harmless (a
    /// masked value, a masked line, an indentation guessed), so the rest
    /// of the file can be read and checked in the same run. Never read as
    /// the department's data: the errors reject the file.
    pub repaired: Option<Repaired>,
}

/// The text read past the line check's errors.
pub struct Repaired {
    pub text: String,
    /// Lines whose indentation was guessed: a key found unknown there is
    /// the guess's fault, not another mistake.
    pub guessed: Vec<u32>,
    /// Lines whose only mistake is their indentation: their values are
    /// read as written (under the level guessed), and totals over them
    /// are still checked.
    pub read: Vec<u32>,
}

/// How a key is separated from its value.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Sep {
    /// `key: value` or `key:` — what YAML wants.
    Colon,
    /// `key：value`
    FullWidth,
    /// `key:value`
    NoSpace,
    /// `key:` followed by U+3000 or NBSP.
    OddSpace(char),
}

#[derive(Clone, PartialEq, Debug)]
enum Value {
    Empty,
    Block,
    /// Quoted or a one-line flow list/map: complete.
    Closed,
    /// Plain text, with the column (0-based) it starts at.
    Plain(usize),
}

#[derive(Clone, PartialEq, Debug)]
enum Shape {
    /// Blank, comment, or inside a block or multi-line quoted scalar.
    Skip,
    Key {
        key: String,
        sep: Sep,
        /// Column of the separator.
        sep_col: usize,
        value: Value,
    },
    /// `- text`
    Item(Value),
    /// A line of text only.
    Text,
    /// `---` or `...`: a document boundary (node.rs refuses a second
    /// document in Chinese); nothing carries across it.
    DocMark,
}

struct Line {
    /// Column of the first non-blank character (a dash or content).
    lead: usize,
    /// Column of the content after any `- ` markers.
    content: usize,
    dash: bool,
    shape: Shape,
}

fn pos(line: usize, col: usize) -> Pos {
    Pos {
        line: line as u32 + 1,
        col: col as u32 + 1,
        path: String::new(),
    }
}

fn space_name(c: char) -> &'static str {
    match c {
        '\t' => "Tab 制表符",
        '\u{3000}' => "全角空格（U+3000）",
        '\u{A0}' => "不换行空格（U+00A0）",
        _ => "特殊空白字符",
    }
}

fn known(key: &str) -> bool {
    contract::names().any(|k| k == key)
}

fn fw_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Scans the whole text.
pub fn scan(src: &str) -> Scan {
    let raw: Vec<&str> = src.split('\n').collect();
    let chars: Vec<Vec<char>> = raw
        .iter()
        .map(|l| l.strip_suffix('\r').unwrap_or(l).chars().collect())
        .collect();
    let mut diags = Vec::new();
    let mut repairs: BTreeMap<usize, Fix> = BTreeMap::new();
    let mut lines = Vec::with_capacity(chars.len());
    // Open block scalar (its key's column) or quoted scalar (its quote).
    let mut block: Option<usize> = None;
    for (no, l) in chars.iter().enumerate() {
        let lead = l.iter().take_while(|c| c.is_whitespace()).count();
        let blank = lead == l.len() || l[lead] == '#';
        if let Some(owner) = block {
            if blank || lead > owner {
                lines.push(skip(lead));
                continue;
            }
            block = None;
        }
        if blank {
            lines.push(skip(lead));
            continue;
        }
        if lead == 0 && (l.starts_with(&['-'; 3]) || l.starts_with(&['.'; 3])) {
            let rest = &l[3..];
            if rest.first().is_none_or(|c| c.is_whitespace()) {
                lines.push(Line {
                    shape: Shape::DocMark,
                    ..skip(0)
                });
                continue;
            }
        }
        if let Some(i) = l[..lead].iter().position(|&c| c != ' ') {
            diags.push(
                Diagnostic::error(
                    pos(no, i),
                    format!("这一行的缩进里有{}，缩进只能用半角空格", space_name(l[i])),
                )
                .hint("请删掉行首的空白，改用英文输入法下的空格键缩进，与同一级的项目左对齐"),
            );
            repairs.entry(no).or_default().indent = Some(Indent::Guess);
            lines.push(skip(lead));
            continue;
        }
        let before = diags.len();
        let line = classify(no, l, lead, &mut diags);
        if diags.len() > before {
            repairs.entry(no).or_default().value = true;
        }
        match &line.shape {
            Shape::Key {
                value: Value::Block,
                ..
            } => block = Some(line.content),
            Shape::Item(Value::Block) => block = Some(line.lead),
            _ => {}
        }
        lines.push(line);
    }
    let mut fixes: HashMap<usize, Vec<char>> = HashMap::new();
    layout::structure(&chars, &lines, &mut diags, &mut fixes, &mut repairs);
    layout::duplicates(&lines, &mut diags, &mut repairs);
    let repaired = diags
        .iter()
        .any(Diagnostic::is_error)
        .then(|| repair::repair(&raw, &chars, &lines, &fixes, &repairs));
    let text = (!fixes.is_empty()).then(|| {
        raw.iter()
            .enumerate()
            .map(|(i, l)| match fixes.get(&i) {
                Some(f) => {
                    let mut s: String = f.iter().collect();
                    if l.ends_with('\r') {
                        s.push('\r');
                    }
                    s
                }
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    diags.sort_by_key(|d| (d.pos.line, d.pos.col));
    Scan {
        text,
        diags,
        repaired,
    }
}

fn skip(lead: usize) -> Line {
    Line {
        lead,
        content: lead,
        dash: false,
        shape: Shape::Skip,
    }
}

/// The column of the closing `q` from `from`, honouring `\"` and `''`.
fn close_quote(l: &[char], from: usize, q: char) -> Option<usize> {
    let mut i = from;
    while i < l.len() {
        if q == '"' && l[i] == '\\' {
            i += 2;
            continue;
        }
        if l[i] == q {
            if q == '\'' && l.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Reads one line's shape, reporting mistakes inside its value.
fn classify(no: usize, l: &[char], lead: usize, diags: &mut Vec<Diagnostic>) -> Line {
    let mut i = lead;
    let mut dash = false;
    while l.get(i) == Some(&'-') && l.get(i + 1).is_none_or(|c| *c == ' ') {
        dash = true;
        i += 1;
        while l.get(i) == Some(&' ') {
            i += 1;
        }
    }
    let content = i;
    let line = |shape| Line {
        lead,
        content,
        dash,
        shape,
    };
    if i >= l.len() || l[i] == '#' {
        return line(if dash {
            Shape::Item(Value::Empty)
        } else {
            Shape::Skip
        });
    }
    // `-项目` : a list dash without its space, among real items (decided by
    // `structure`); here it is text.
    if let Some((key, sep, sep_col)) = key_of(l, i) {
        let value = value_of(no, l, sep_col + 1, diags);
        return line(Shape::Key {
            key,
            sep,
            sep_col,
            value,
        });
    }
    if dash {
        return line(Shape::Item(value_of(no, l, i, diags)));
    }
    // A continuation or stray line: still check it for ` #` and `: `.
    plain_checks(no, l, i, diags);
    line(Shape::Text)
}

/// The key of a line, its separator and the separator's column.
fn key_of(l: &[char], i: usize) -> Option<(String, Sep, usize)> {
    match l[i] {
        '"' | '\'' => {
            let end = close_quote(l, i + 1, l[i])?;
            let rest = end + 1 + l[end + 1..].iter().take_while(|c| **c == ' ').count();
            (l.get(rest) == Some(&':') && l.get(rest + 1).is_none_or(|c| c.is_whitespace()))
                .then(|| (l[i + 1..end].iter().collect(), Sep::Colon, rest))
        }
        '[' | '{' | '|' | '>' | '#' => None,
        _ => {
            // `key:value`, taken only if YAML finds no `key: ` on the line:
            // where it does, the first colon is part of the name.
            let mut loose = None;
            for j in i..l.len() {
                let c = l[j];
                if c == '#' && l[j - 1].is_whitespace() {
                    return loose;
                }
                let next = l.get(j + 1).copied();
                let key = || l[i..j].iter().collect::<String>().trim_end().to_string();
                if c == ':' {
                    match next {
                        None | Some(' ') | Some('\t') => return Some((key(), Sep::Colon, j)),
                        Some(s @ ('\u{3000}' | '\u{A0}')) => {
                            return Some((key(), Sep::OddSpace(s), j));
                        }
                        // `名称:#…` with a space put in would end in a comment.
                        Some('#') => {}
                        Some(_) if loose.is_none() => {
                            // `http://…`, `10:30`: a key has no space and is short.
                            let k = key();
                            if !(k.is_empty() || k.contains(' ') || k.chars().count() > 20) {
                                loose = Some((k, Sep::NoSpace, j));
                            }
                        }
                        Some(_) => {}
                    }
                    continue;
                }
                if c == '：' && loose.is_none() {
                    let k = key();
                    if k.is_empty() || k.contains(' ') || k.chars().count() > 20 {
                        return None;
                    }
                    return Some((k, Sep::FullWidth, j));
                }
            }
            loose
        }
    }
}

/// Reads a value starting at or after column `from`.
fn value_of(no: usize, l: &[char], from: usize, diags: &mut Vec<Diagnostic>) -> Value {
    let mut i = from;
    while l.get(i).is_some_and(|c| *c == ' ' || *c == '\t') {
        i += 1;
    }
    let Some(&c) = l.get(i) else {
        return Value::Empty;
    };
    let rest_after = |end: usize| rest_after(l, end);
    match c {
        '#' => Value::Empty,
        '|' | '>' if block_header(&l[i + 1..]) => Value::Block,
        // `>=95%`: typed for ≥, read by YAML as a broken block marker.
        '|' | '>' => not_a_block(no, l, i, diags),
        '-' if l.get(i + 1).is_none_or(|c| *c == ' ') => {
            diags.push(
                Diagnostic::error(pos(no, i), "清单不能写在冒号后面的同一行")
                    .hint("清单要从下一行开始，每条一行，以“- ”开头并比名称多缩进两个空格；如果这是文字，请去掉开头的“-”或给整段文字加英文双引号"),
            );
            Value::Closed
        }
        '"' | '\'' => match close_quote(l, i + 1, c) {
            None => {
                diags.push(
                    Diagnostic::error(
                        pos(no, i),
                        format!("引号 {c} 没有配对：这一行里没有结束的 {c}"),
                    )
                    .hint("请在文字末尾补上同样的英文引号；文字里要用引号时请用中文引号“”"),
                );
                Value::Closed
            }
            Some(end) => {
                if let Some(j) = rest_after(end) {
                    diags.push(
                        Diagnostic::error(
                            pos(no, j),
                            format!("引号 {c} 在这里之前已经结束，后面还有文字"),
                        )
                        .hint(format!(
                            "以 {c} 开头的值会被读成引号里的内容；文字中的引号请用中文引号“”，或给整段文字加一对英文双引号，里面的 \" 写成 \\\""
                        )),
                    );
                }
                Value::Closed
            }
        },
        '[' | '{' => flow_value(no, l, i, diags),
        // `&`, `*` and `!` are YAML's anchors, aliases and tags: the parser's
        // own messages for them are already in Chinese (node.rs).
        '@' | '`' | '%' => {
            diags.push(
                Diagnostic::error(pos(no, i), format!("值不能以 {c} 开头")).hint(format!(
                    "{c} 在这里有特殊含义；请给整段文字加英文双引号，例如 \"{c}…\""
                )),
            );
            Value::Closed
        }
        _ => {
            plain_checks(no, l, i, diags);
            Value::Plain(i)
        }
    }
}

/// Where text goes on after a closing quote or bracket at `end`, if it
/// does (a comment is no text).
fn rest_after(l: &[char], end: usize) -> Option<usize> {
    let j = end
        + 1
        + l[end + 1..]
            .iter()
            .take_while(|c| c.is_whitespace())
            .count();
    (j < l.len() && l[j] != '#').then_some(j)
}

/// A one-line flow list or map (`[a, b]`, `{a: 1}`): closed on its line,
/// with nothing after it.
fn flow_value(no: usize, l: &[char], i: usize, diags: &mut Vec<Diagnostic>) -> Value {
    let c = l[i];
    let close = if c == '[' { ']' } else { '}' };
    let mut depth = 0i32;
    let mut end = None;
    for (j, &d) in l.iter().enumerate().skip(i) {
        if d == c {
            depth += 1;
        } else if d == close {
            depth -= 1;
            if depth == 0 {
                end = Some(j);
                break;
            }
        }
    }
    let bad = match end {
        None => Some(i),
        Some(e) => rest_after(l, e),
    };
    if let Some(j) = bad {
        let what = if end.is_none() {
            format!("以 {c} 开头的值在这一行没有对应的 {close}")
        } else {
            format!("以 {c} 开头的值在 {close} 之后还有文字")
        };
        diags.push(Diagnostic::error(pos(no, j), what).hint(format!(
                "{c}…{close} 表示清单或分项；如果这是一段文字，请改用中文括号【】，或给整段文字加英文双引号"
            )));
    }
    Value::Closed
}

/// A value starting with `|` or `>` that is no block marker: an error.
fn not_a_block(no: usize, l: &[char], i: usize, diags: &mut Vec<Diagnostic>) -> Value {
    let c = l[i];
    let text: String = l[i..].iter().collect();
    let text = text.split(" #").next().unwrap_or("").trim_end();
    let hint = match (c, l.get(i + 1)) {
        ('>', Some('=')) => format!(
            "“大于等于”请写成 ≥，或给整段文字加英文双引号，例如 \"≥{}\"",
            text.trim_start_matches(['>', '='])
        ),
        _ => format!("请给整段文字加英文双引号，例如 \"{text}\""),
    };
    diags.push(
        Diagnostic::error(
            pos(no, i),
            format!("值不能以 {c} 开头：{c} 在这里表示下面几行是一段多行文字"),
        )
        .hint(hint),
    );
    Value::Closed
}

/// Whether what follows `|` or `>` is a block scalar's header: an
/// optional chomping sign and indentation digit, then a comment or nothing.
fn block_header(rest: &[char]) -> bool {
    let head: Vec<char> = rest
        .iter()
        .take_while(|c| !c.is_whitespace())
        .copied()
        .collect();
    let signs = head.iter().filter(|c| matches!(c, '+' | '-')).count();
    let digits = head.iter().filter(|c| matches!(c, '1'..='9')).count();
    let tail = &rest[head.len()..];
    let after = tail.iter().find(|c| !c.is_whitespace());
    head.len() == signs + digits && signs <= 1 && digits <= 1 && after.is_none_or(|c| *c == '#')
}

/// ` #` and `: ` inside plain text.
fn plain_checks(no: usize, l: &[char], from: usize, diags: &mut Vec<Diagnostic>) {
    for j in from..l.len() {
        let c = l[j];
        if c == '#' && j > from && l[j - 1].is_whitespace() {
            let before: String = l[from..j].iter().collect();
            let after: String = l[j + 1..].iter().collect();
            let unbalanced = ['（', '(', '【', '“', '《', '[']
                .iter()
                .zip(['）', ')', '】', '”', '》', ']']);
            let open = unbalanced
                .into_iter()
                .any(|(o, c)| before.matches(*o).count() > before.matches(c).count());
            let glued = after.chars().next().is_some_and(|c| !c.is_whitespace());
            if open || glued {
                let cut: String = after
                    .chars()
                    .take(12)
                    .collect::<String>()
                    .trim_end()
                    .to_string();
                diags.push(
                    Diagnostic::error(
                        pos(no, j),
                        format!(
                            "文字中的“ #”会被当作注释的开始，后面的“#{cut}”会丢失"
                        ),
                    )
                    .hint(format!(
                        "请给整段文字加英文双引号，例如 \"{}#{cut}\"；或去掉 # 前面的空格，或改用全角＃",
                        before.trim()
                    )),
                );
            }
            return;
        }
        if c == ':' && l.get(j + 1).is_none_or(|n| n.is_whitespace()) {
            diags.push(
                Diagnostic::error(
                    pos(no, j),
                    "文字中有英文冒号加空格“: ”，会被当作“名称: 值”的分隔",
                )
                .hint("请改用中文冒号“：”，或给整段文字加英文双引号"),
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unambiguous_slips_are_corrected_in_place() {
        let s = scan(
            "基本支出:\n  人员经费：１７７．５７\n  公用经费:15.56\n  其他: 1\n单位:\u{3000}甲局\n",
        );
        assert_eq!(
            s.text.as_deref(),
            Some("基本支出:\n  人员经费: 177.57\n  公用经费: 15.56\n  其他: 1\n单位: 甲局\n")
        );
        assert!(s.diags.iter().all(|d| !d.is_error()), "{:?}", s.diags);
        let at: Vec<(u32, u32)> = s.diags.iter().map(|d| (d.pos.line, d.pos.col)).collect();
        assert_eq!(at, [(2, 7), (2, 9), (3, 7), (5, 3)]);
    }

    #[test]
    fn valid_yaml_of_every_style_passes_untouched() {
        let src = "a: 1   # 注释\nb: \"x # y\"\nc: |\n  文字: 带冒号 #3\n  - 不是清单\nd:\n- 名称: x\n  金额: 1\n- 原因：资金到位晚\ne: [1, 2]\nf: 第一行\n  第二行 10:30\ng: 'it''s'\n---\na: 2\n";
        let s = scan(src);
        assert!(s.text.is_none() && s.diags.is_empty(), "{:?}", s.diags);
    }
}
