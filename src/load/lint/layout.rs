//! The lines against their neighbours by indentation: siblings, owners,
//! lines at no level, duplicate keys; corrections of odd separators.

use super::repair::{Fix, Indent};
use super::{Line, Sep, Shape, Value, fw_digit, known, pos, space_name};
use crate::diag::Diagnostic;
use std::collections::{BTreeMap, HashMap};

/// Neighbours by indentation: lines at the same column before and after.
pub(super) fn sibling(lines: &[Line], at: usize, c: usize) -> Option<usize> {
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
pub(super) fn structure(
    chars: &[Vec<char>],
    lines: &[Line],
    diags: &mut Vec<Diagnostic>,
    fixes: &mut HashMap<usize, Vec<char>>,
    repairs: &mut BTreeMap<usize, Fix>,
) {
    for (no, line) in lines.iter().enumerate() {
        let l = &chars[no];
        if let Some(d) = misaligned(lines, no) {
            diags.push(d);
            repairs.entry(no).or_default().indent = Some(Indent::Guess);
            continue;
        }
        match &line.shape {
            Shape::Key { value, .. } => {
                let read = key_line(no, l, lines, diags, fixes, repairs);
                if let (true, Value::Plain(start)) = (read, value) {
                    let now = fixes.get(&no).unwrap_or(l).clone();
                    // A corrected separator or key moved the value.
                    let start = (*start + now.len()).saturating_sub(l.len());
                    fw_number(no, &now, start, diags, fixes);
                }
            }
            Shape::Text if text_line(no, l, lines, diags) => {
                repairs.entry(no).or_default().line = true;
            }
            Shape::Item(Value::Plain(start)) => fw_number(no, l, *start, diags, fixes),
            _ => {}
        }
    }
}

/// A `key: value` line against its neighbours; `false` when it is in error
/// or is text after all.
fn key_line(
    no: usize,
    l: &[char],
    lines: &[Line],
    diags: &mut Vec<Diagnostic>,
    fixes: &mut HashMap<usize, Vec<char>>,
    repairs: &mut BTreeMap<usize, Fix>,
) -> bool {
    let line = &lines[no];
    let Shape::Key {
        key, sep, sep_col, ..
    } = &line.shape
    else {
        return false;
    };
    let sib = sibling(lines, no, line.content);
    if let Some(s) = list_sibling(lines, no) {
        diags.push(
            Diagnostic::error(
                pos(no, line.lead),
                format!("这一行和第 {} 行的清单项左对齐，但前面没有“- ”", s + 1),
            )
            .hint("如果这是清单中新的一条，请在前面加“- ”（短横线和一个空格）；如果它不属于这个清单，请减少缩进，与它所属的那一级左对齐"),
        );
        repairs.entry(no).or_default().line = true;
        return false;
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
    let mut f = l.to_vec();
    if *sep != Sep::Colon {
        // Among `key: value` lines of the same map, or a known key
        // where a map's key stands; a list item's first key only
        // with its own next key below it.
        let among_keys =
            sib.is_some_and(|k| colon_key(&lines[k]) && (!line.dash || (k > no && !lines[k].dash)));
        let sure = among_keys || (known(key) && !line.dash && !continuation);
        if !sure {
            return false; // text such as `- 原因：资金到位晚`
        }
        diags.push(separator_fixed(no, key, *sep, *sep_col, &mut f));
    }
    drop_key_spaces(no, l, line.content, *sep_col, key, &mut f, diags);
    if f != *l {
        fixes.insert(no, f);
    }
    // Below a line already found in error (a list entry without its
    // `- `), the mistake is that line's, not this one's.
    if sib.is_none()
        && let Some(o) = owner(lines, no)
        && !repairs.get(&o).is_some_and(|f| f.line)
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
        repairs.entry(no).or_default().indent = Some(Indent::Owner(lines[o].content));
    }
    true
}

/// Puts an odd separator right in `f` (a copy of the line) and says so.
fn separator_fixed(
    no: usize,
    key: &str,
    sep: Sep,
    sep_col: usize,
    f: &mut Vec<char>,
) -> Diagnostic {
    // "“年度”的冒号后面没有空格", not "“年度”后面是冒号后面没有空格".
    let (what, width) = match sep {
        Sep::FullWidth => ("后面用了全角冒号“：”".to_string(), 1),
        Sep::OddSpace(s) => (format!("的冒号后面是{}", space_name(s)), 2),
        Sep::NoSpace | Sep::Colon => ("的冒号后面没有空格".to_string(), 1),
    };
    f.splice(sep_col..sep_col + width, [':', ' ']);
    let value: String = f[sep_col + 2..].iter().collect();
    let value = value.split(" #").next().unwrap_or("").trim();
    let read = format!("{key}: {value}");
    let read = read.trim_end();
    // The example is the line itself, put right: the officer sees what
    // to type here, not a line from elsewhere in the file.
    let hint = match value.is_empty() {
        true => format!("名称后面请用英文冒号（英文输入法下输入），例如 {read}"),
        false => format!("名称和值之间请用英文冒号加一个空格，例如 {read}"),
    };
    Diagnostic::warning(pos(no, sep_col), format!("“{key}”{what}，已按“{read}”读取")).hint(hint)
}

/// U+3000 or NBSP inside a key: removed, and named.
fn drop_key_spaces(
    no: usize,
    l: &[char],
    content: usize,
    sep_at: usize,
    key: &str,
    f: &mut Vec<char>,
    diags: &mut Vec<Diagnostic>,
) {
    let spaces = |j: &usize| matches!(l[*j], '\u{3000}' | '\u{A0}');
    if let Some(j) = (content..sep_at).find(spaces) {
        // Every kind removed is named, not only the first found.
        let mut names: Vec<&str> = Vec::new();
        for k in (content..sep_at).filter(spaces) {
            if !names.contains(&space_name(l[k])) {
                names.push(space_name(l[k]));
            }
        }
        *f = f[..content]
            .iter()
            .chain(
                f[content..]
                    .iter()
                    .enumerate()
                    .filter(|(k, c)| !(content + k < sep_at && matches!(c, '\u{3000}' | '\u{A0}')))
                    .map(|(_, c)| c),
            )
            .copied()
            .collect();
        diags.push(
            Diagnostic::warning(
                pos(no, j),
                format!("名称“{key}”里有{}，已删除", names.join("、")),
            )
            .hint("名称里不要有空格；这个字符看起来像空格或看不见，常随网页或 Word 复制进来"),
        );
    }
}

/// A line of text only: fine as a value or its continuation, a mistake
/// beside keys or list items (then `true`).
fn text_line(no: usize, l: &[char], lines: &[Line], diags: &mut Vec<Diagnostic>) -> bool {
    let line = &lines[no];
    let Some(s) = sibling(lines, no, line.lead) else {
        return false;
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
    true
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
pub(super) fn duplicates(
    lines: &[Line],
    diags: &mut Vec<Diagnostic>,
    repairs: &mut BTreeMap<usize, Fix>,
) {
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
            repairs.entry(no).or_default().rename = true;
        } else {
            map.insert(key.clone(), no);
        }
    }
}
