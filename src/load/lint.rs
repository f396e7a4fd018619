//! Typing mistakes found on the raw lines before YAML is parsed.
//!
//! A YAML parser reports a Chinese-input mistake (a full-width colon, a
//! pasted paragraph, `: ` inside a sentence) as a structure error, often on
//! the next line and in English; some mistakes (` #` in a sentence) even
//! parse and silently cut the text. Looking at each raw line and its
//! neighbours by indentation names the cause at its own line and column.
//! Unambiguous slips (a full-width colon after a key among sibling keys,
//! full-width digits as a whole value) are corrected with a warning.

use super::keys;
use crate::diag::{Diagnostic, Pos};
use std::collections::HashMap;

/// What the scan found: corrected text (when something was corrected),
/// errors and warnings.
pub struct Scan {
    pub text: Option<String>,
    pub diags: Vec<Diagnostic>,
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
    keys::all().any(|k| k == key)
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
            lines.push(skip(lead));
            continue;
        }
        let line = classify(no, l, lead, &mut diags);
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
    structure(&chars, &lines, &mut diags, &mut fixes);
    duplicates(&lines, &mut diags);
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
    Scan { text, diags }
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
            for j in i..l.len() {
                let c = l[j];
                if c == '#' && l[j - 1].is_whitespace() {
                    return None;
                }
                let next = l.get(j + 1).copied();
                let key = || l[i..j].iter().collect::<String>().trim_end().to_string();
                if c == ':' {
                    return Some(match next {
                        None | Some(' ') | Some('\t') => (key(), Sep::Colon, j),
                        Some(s @ ('\u{3000}' | '\u{A0}')) => (key(), Sep::OddSpace(s), j),
                        Some(_) => {
                            // `http://…`, `10:30`: a key has no space and is short.
                            let k = key();
                            if k.is_empty() || k.contains(' ') || k.chars().count() > 20 {
                                return None;
                            }
                            (k, Sep::NoSpace, j)
                        }
                    });
                }
                if c == '：' {
                    let k = key();
                    if k.is_empty() || k.contains(' ') || k.chars().count() > 20 {
                        return None;
                    }
                    return Some((k, Sep::FullWidth, j));
                }
            }
            None
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
    let rest_after = |end: usize| {
        let j = end
            + 1
            + l[end + 1..]
                .iter()
                .take_while(|c| c.is_whitespace())
                .count();
        (j < l.len() && l[j] != '#').then_some(j)
    };
    match c {
        '#' => Value::Empty,
        '|' | '>' => Value::Block,
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
        '[' | '{' => {
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
                Some(e) => rest_after(e),
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

/// Neighbours by indentation: lines at the same column before and after.
fn sibling(lines: &[Line], at: usize, c: usize) -> Option<usize> {
    let is_sib = |l: &Line| (l.content == c && colon_key(l)) || (l.lead == c && l.dash);
    for k in (0..at).rev() {
        let l = &lines[k];
        if l.shape == Shape::Skip {
            continue;
        }
        if is_sib(l) {
            return Some(k);
        }
        if l.lead < c {
            break;
        }
    }
    for (k, l) in lines.iter().enumerate().skip(at + 1) {
        if l.shape == Shape::Skip {
            continue;
        }
        if l.lead < c {
            break;
        }
        if l.lead == c && (l.dash || colon_key(l)) {
            return Some(k);
        }
    }
    None
}

/// A line that moves left to a column no line above it starts at: it
/// belongs to no level (three spaces where its siblings have four).
fn misaligned(lines: &[Line], at: usize) -> Option<Diagnostic> {
    let line = &lines[at];
    if line.shape == Shape::Skip || line.shape == Shape::Text {
        return None;
    }
    let c = line.lead;
    let prev = (0..at).rev().find(|&k| lines[k].shape != Shape::Skip)?;
    if lines[prev].lead <= c {
        return None;
    }
    let above = (0..at)
        .rev()
        .find(|&k| lines[k].shape != Shape::Skip && lines[k].lead <= c)?;
    if lines[above].lead == c || lines[above].content == c {
        return None;
    }
    Some(
        Diagnostic::error(
            pos(at, c),
            format!(
                "这一行缩进了 {c} 个空格，和上面任何一级都没有对齐（第 {} 行缩进了 {} 个空格）",
                prev + 1,
                lines[prev].lead
            ),
        )
        .hint("同一级的项目要左对齐：请增减行首空格，与它所属的那一级项目对齐"),
    )
}

/// For a key line that is not a list item: a list item at its column
/// just above, unless that list hangs unindented under a key at the same
/// column (`项目支出:` then `- 名称: …`), which YAML allows.
fn list_sibling(lines: &[Line], at: usize) -> Option<usize> {
    let line = &lines[at];
    if line.dash {
        return None;
    }
    let c = line.lead;
    let mut found = None;
    for k in (0..at).rev() {
        let l = &lines[k];
        if l.shape == Shape::Skip || l.lead > c {
            continue;
        }
        if l.lead == c && l.dash {
            found = Some(k);
            continue;
        }
        if found.is_some()
            && l.lead == c
            && matches!(
                l.shape,
                Shape::Key {
                    value: Value::Empty,
                    ..
                }
            )
        {
            return None;
        }
        break;
    }
    found
}

/// A line written `key: value` with the colon YAML wants.
fn colon_key(l: &Line) -> bool {
    matches!(
        l.shape,
        Shape::Key {
            sep: Sep::Colon,
            ..
        }
    )
}

/// The nearest line above at a smaller indentation.
fn owner(lines: &[Line], at: usize) -> Option<usize> {
    let c = lines[at].lead;
    (0..at)
        .rev()
        .find(|&k| lines[k].shape != Shape::Skip && lines[k].lead < c)
}

/// Mistakes seen only against the neighbouring lines; corrects odd
/// separators where a line can only be a key.
fn structure(
    chars: &[Vec<char>],
    lines: &[Line],
    diags: &mut Vec<Diagnostic>,
    fixes: &mut HashMap<usize, Vec<char>>,
) {
    for (no, line) in lines.iter().enumerate() {
        let l = &chars[no];
        if let Some(d) = misaligned(lines, no) {
            diags.push(d);
            continue;
        }
        match &line.shape {
            Shape::Key {
                key, sep, sep_col, ..
            } => {
                let sib = sibling(lines, no, line.content);
                if let Some(s) = list_sibling(lines, no) {
                    diags.push(
                        Diagnostic::error(
                            pos(no, line.lead),
                            format!("这一行和第 {} 行的清单项左对齐，但前面没有“- ”", s + 1),
                        )
                        .hint("如果这是清单中新的一条，请在前面加“- ”（短横线和一个空格）；如果它不属于这个清单，请减少缩进，与它所属的那一级左对齐"),
                    );
                    continue;
                }
                let continuation = owner(lines, no).is_some_and(|o| {
                    matches!(
                        lines[o].shape,
                        Shape::Key {
                            value: Value::Plain(_),
                            ..
                        } | Shape::Item(Value::Plain(_))
                    )
                });
                let mut f = l.clone();
                if *sep != Sep::Colon {
                    // Among `key: value` lines of the same map, or a known key
                    // where a map's key stands; a list item's first key only
                    // with its own next key below it.
                    let among_keys = sib.is_some_and(|k| {
                        colon_key(&lines[k]) && (!line.dash || (k > no && !lines[k].dash))
                    });
                    let sure = among_keys || (known(key) && !line.dash && !continuation);
                    if !sure {
                        continue; // text such as `- 原因：资金到位晚`
                    }
                    let (what, width) = match sep {
                        Sep::FullWidth => ("全角冒号“：”".to_string(), 1),
                        Sep::NoSpace => ("冒号后面没有空格".to_string(), 1),
                        Sep::OddSpace(s) => (format!("冒号后面是{}", space_name(*s)), 2),
                        Sep::Colon => unreachable!("handled above"),
                    };
                    f.splice(*sep_col..*sep_col + width, [':', ' ']);
                    let value: String = f[*sep_col + 2..].iter().collect();
                    let value = value.split(" #").next().unwrap_or("").trim();
                    diags.push(
                        Diagnostic::warning(
                            pos(no, *sep_col),
                            format!("“{key}”后面是{what}，已按“{key}: {value}”读取"),
                        )
                        .hint("名称和值之间请用英文冒号加一个空格，例如 人员经费: 177.57"),
                    );
                }
                // Invisible spaces inside the key: removed, and named.
                let sep_at = *sep_col;
                if let Some(j) =
                    (line.content..sep_at).find(|&j| matches!(l[j], '\u{3000}' | '\u{A0}'))
                {
                    f = f[..line.content]
                        .iter()
                        .chain(
                            f[line.content..]
                                .iter()
                                .enumerate()
                                .filter(|(k, c)| {
                                    !(line.content + k < sep_at
                                        && matches!(c, '\u{3000}' | '\u{A0}'))
                                })
                                .map(|(_, c)| c),
                        )
                        .copied()
                        .collect();
                    diags.push(
                        Diagnostic::warning(
                            pos(no, j),
                            format!("名称“{key}”里有{}，已删除", space_name(l[j])),
                        )
                        .hint("名称里不要有空格；这个字符看起来像空格或看不见，常随网页或 Word 复制进来"),
                    );
                }
                if f != *l {
                    fixes.insert(no, f);
                }
                if sib.is_none()
                    && let Some(o) = owner(lines, no)
                    && let Shape::Key {
                        key: okey,
                        value: Value::Plain(_) | Value::Closed,
                        ..
                    } = &lines[o].shape
                {
                    diags.push(
                        Diagnostic::error(
                            pos(no, line.lead),
                            format!(
                                "这一行比上面的“{okey}”（第 {} 行）缩进得多，但“{okey}”已经写了值，下面不能再有分项",
                                o + 1
                            ),
                        )
                        .hint(format!(
                            "如果“{key}”和“{okey}”是同一级，请让它们左对齐；如果这是“{okey}”的文字接续，请把其中的英文冒号改成中文冒号“：”"
                        )),
                    );
                }
            }
            Shape::Text => {
                let Some(s) = sibling(lines, no, line.lead) else {
                    continue;
                };
                let text: String = l[line.lead..].iter().collect();
                let first_word: String = text
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !c.is_ascii_digit() && !fw_digit(*c))
                    .collect();
                let d = if known(&first_word) && first_word.len() < text.len() {
                    Diagnostic::error(
                        pos(no, line.lead + first_word.chars().count()),
                        format!("“{first_word}”后面缺少冒号"),
                    )
                    .hint(format!(
                        "请写成 {first_word}: 值（英文冒号，后面加一个空格）"
                    ))
                } else if text.starts_with('-') {
                    Diagnostic::error(pos(no, line.lead + 1), "清单项的“-”后面缺少空格")
                        .hint("请在“-”后面加一个空格，例如 - 第一条")
                } else if lines[s].dash {
                    Diagnostic::error(
                        pos(no, line.lead),
                        format!("这一行和第 {} 行的清单项左对齐，但前面没有“- ”", s + 1),
                    )
                    .hint("如果这是新的一条，请在前面加“- ”（短横线和一个空格）；如果是上一条文字的接续，请再缩进两个空格")
                } else {
                    Diagnostic::error(
                        pos(no, line.lead),
                        format!(
                            "这一行既不是“名称: 值”，也没有缩进到上一项下面（与第 {} 行左对齐）",
                            s + 1
                        ),
                    )
                    .hint("如果这是上一行文字的换行接续，请在行首多加两个空格缩进，或把它接到上一行末尾；如果是新的一项，请写成 名称: 值")
                };
                diags.push(d);
            }
            Shape::Item(Value::Plain(start)) => {
                fw_number(no, l, *start, diags, fixes);
            }
            _ => {}
        }
        if let Shape::Key {
            value: Value::Plain(start),
            ..
        } = &line.shape
        {
            let now = fixes.get(&no).unwrap_or(l).clone();
            let shift = now.len() as isize - l.len() as isize;
            let start = (*start as isize + shift).max(0) as usize;
            fw_number(no, &now, start, diags, fixes);
        }
    }
}

/// A value written in full-width digits (`１７７．５７`): read as the
/// number it plainly is, with a warning.
fn fw_number(
    no: usize,
    l: &[char],
    start: usize,
    diags: &mut Vec<Diagnostic>,
    fixes: &mut HashMap<usize, Vec<char>>,
) {
    let start = start.min(l.len());
    let end = (start..l.len())
        .find(|&j| l[j] == '#' && l[j - 1].is_whitespace())
        .unwrap_or(l.len());
    let value: Vec<char> = l[start..end].to_vec();
    let value_len = value
        .iter()
        .rposition(|c| !c.is_whitespace())
        .map_or(0, |p| p + 1);
    let v = &value[..value_len];
    let Some(first) = v.iter().position(|c| fw_digit(*c) || *c == '．') else {
        return;
    };
    let numeric = v
        .iter()
        .all(|&c| c.is_ascii_digit() || fw_digit(c) || matches!(c, '.' | '．' | '-' | '－'));
    if !numeric {
        return;
    }
    let mut f = l.to_vec();
    for c in f[start..start + value_len].iter_mut() {
        *c = match *c {
            d if fw_digit(d) => char::from_u32(d as u32 - '０' as u32 + '0' as u32).unwrap_or(d),
            '．' => '.',
            '－' => '-',
            d => d,
        };
    }
    let shown: String = f[start..start + value_len].iter().collect();
    diags.push(
        Diagnostic::warning(
            pos(no, start + first),
            format!("这里用了全角数字（中文输入法下输入的数字），已按 {shown} 读取"),
        )
        .hint("数字请在英文输入法下输入"),
    );
    fixes.insert(no, f);
}

/// A key written twice in the same map: both lines named.
fn duplicates(lines: &[Line], diags: &mut Vec<Diagnostic>) {
    let mut stack: Vec<(usize, HashMap<String, usize>)> = Vec::new();
    for (no, line) in lines.iter().enumerate() {
        if line.shape == Shape::Skip {
            continue;
        }
        let c = line.content;
        if line.shape == Shape::DocMark {
            stack.clear();
            continue;
        }
        let Shape::Key { key, .. } = &line.shape else {
            while stack.last().is_some_and(|(col, _)| *col > line.lead) {
                stack.pop();
            }
            continue;
        };
        // A list item starts a fresh map at its key's column.
        while stack
            .last()
            .is_some_and(|(col, _)| *col > c || (line.dash && *col == c))
        {
            stack.pop();
        }
        if stack.last().is_none_or(|(col, _)| *col != c) {
            stack.push((c, HashMap::new()));
        }
        let map = &mut stack.last_mut().expect("just pushed").1;
        if let Some(&first) = map.get(key) {
            diags.push(
                Diagnostic::error(
                    pos(no, c),
                    format!(
                        "“{key}”在同一级写了两次：第 {} 行和第 {} 行",
                        first + 1,
                        no + 1
                    ),
                )
                .hint(
                    "同一级的名称不能重复；请删除多余的一行，或检查这一行的缩进是否应属于别的项目",
                ),
            );
        } else {
            map.insert(key.clone(), no);
        }
    }
}
