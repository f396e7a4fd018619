//! The text read past the line check's errors. A file with a Tab in one
//! line and a comma in a number three screens below should hear about both
//! in one run: each line in error is made harmless (its value masked, the
//! line masked, or its indentation guessed) so the parser and the walker
//! can read the rest. The masks are [`MASK`]ed values and keys, which the
//! walker passes over in silence: their errors are reported here already.

use super::layout::sibling;
use super::{Line, Repaired, Shape, Value, key_of, known};
use crate::load::node::MASK;
use std::collections::{BTreeMap, HashMap};

/// What to do to one line in error.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Fix {
    pub indent: Option<Indent>,
    /// Its value is in error: masked.
    pub value: bool,
    /// The line is no key, item or continuation where it stands: masked.
    pub line: bool,
    /// Its key is written twice: this one is masked.
    pub rename: bool,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Indent {
    /// A Tab, or a column no level has: the nearest level's column.
    Guess,
    /// A key below a key that has a value: beside that key, at this column.
    Owner(usize),
}

/// The repaired text: `raw` lines with the scan's corrections (`fixes`)
/// and every repair applied.
pub(super) fn repair(
    raw: &[&str],
    chars: &[Vec<char>],
    lines: &[Line],
    fixes: &HashMap<usize, Vec<char>>,
    repairs: &BTreeMap<usize, Fix>,
) -> Repaired {
    let mut out: Vec<Vec<char>> = (0..raw.len())
        .map(|i| fixes.get(&i).unwrap_or(&chars[i]).clone())
        .collect();
    let mut guessed = Vec::new();
    let mut read = Vec::new();
    // Lines below a masked line, deeper than it: they belonged to it.
    let mut drop_below: Option<usize> = None;
    for (no, line) in lines.iter().enumerate() {
        if let Some(col) = drop_below {
            if line.shape == Shape::Skip || line.lead > col {
                if line.shape != Shape::Skip {
                    out[no] = comment(line.lead);
                }
                continue;
            }
            drop_below = None;
        }
        let Some(fix) = repairs.get(&no) else {
            continue;
        };
        let mut f = out[no].clone();
        if let Some(indent) = fix.indent {
            let col = match indent {
                Indent::Guess => guess(&chars[no], lines, no),
                Indent::Owner(col) => col,
            };
            let body: Vec<char> = f
                .iter()
                .copied()
                .skip_while(|c| c.is_whitespace())
                .collect();
            f = std::iter::repeat_n(' ', col).chain(body).collect();
            guessed.push(no as u32 + 1);
            if !(fix.line || fix.value || fix.rename) {
                read.push(no as u32 + 1);
            }
        }
        let lead = f.iter().take_while(|c| **c == ' ').count();
        let content = content_of(&f, lead);
        if fix.line {
            f = mask_line(lines, no, &f, lead);
            drop_below = Some(lead);
        } else {
            if fix.value {
                f = match (&line.shape, key_of(&f, content)) {
                    (Shape::Text, _) => comment(lead),
                    (_, Some((_, _, sep))) => join(&f[..sep], ": ", &masked(None)),
                    (_, None) => join(&f[..content], "", &masked(None)),
                };
            }
            if fix.rename
                && let Some((name, _, sep)) = key_of(&f, content)
            {
                let key = format!("\"{MASK}{no}{MASK}{}\"", name.replace(['"', '\\'], ""));
                f = f[..content]
                    .iter()
                    .copied()
                    .chain(key.chars())
                    .chain(f[sep..].iter().copied())
                    .collect();
            }
        }
        out[no] = f;
    }
    let text = out
        .iter()
        .map(|l| l.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    Repaired {
        text,
        guessed,
        read,
    }
}

/// A masked value (`None`) or a masked line's key (`Some(line)`, unique
/// in its map), quoted.
fn masked(line: Option<usize>) -> String {
    match line {
        None => format!("\"{MASK}\""),
        Some(no) => format!("\"{MASK}{no}\""),
    }
}

fn join(head: &[char], sep: &str, tail: &str) -> Vec<char> {
    head.iter()
        .copied()
        .chain(sep.chars())
        .chain(tail.chars())
        .collect()
}

fn comment(lead: usize) -> Vec<char> {
    std::iter::repeat_n(' ', lead).chain(['#']).collect()
}

/// The column after a line's `- ` markers.
fn content_of(l: &[char], lead: usize) -> usize {
    let mut i = lead;
    while l.get(i) == Some(&'-') && l.get(i + 1).is_none_or(|c| *c == ' ') {
        i += 1;
        while l.get(i) == Some(&' ') {
            i += 1;
        }
    }
    i
}

/// A line that is neither key nor item where it stands, replaced by what
/// its neighbours are: a masked list item, a masked key (the key itself
/// when the line starts with one, so a required key still counts as
/// written), or, as a continuation, nothing.
fn mask_line(lines: &[Line], no: usize, f: &[char], lead: usize) -> Vec<char> {
    let indent = || std::iter::repeat_n(' ', lead);
    let Some(s) = sibling(lines, no, lines[no].lead) else {
        return comment(lead);
    };
    if lines[s].dash && lines[s].lead == lines[no].lead {
        return indent()
            .chain("- ".chars())
            .chain(masked(None).chars())
            .collect();
    }
    let word: String = f[lead..]
        .iter()
        .take_while(|c| !c.is_whitespace() && !c.is_ascii_digit() && **c != ':')
        .collect();
    let key = if known(&word) { word } else { masked(Some(no)) };
    indent()
        .chain(key.chars())
        .chain(": ".chars())
        .chain(masked(None).chars())
        .collect()
}

/// The column a line in error most likely meant: among the levels open
/// above it, the line just above's own when its indentation can be read so
/// (a Tab as 8, 4 or 2 columns), else the level nearest its width.
fn guess(l: &[char], lines: &[Line], at: usize) -> usize {
    let open = open_columns(lines, at);
    let widths: Vec<usize> = [8, 4, 2].iter().map(|&t| width(l, t)).collect();
    let prev = (0..at)
        .rev()
        .find(|&k| !matches!(lines[k].shape, Shape::Skip | Shape::DocMark))
        .map(|k| lines[k].lead);
    if let Some(p) = prev.filter(|p| widths.contains(p)) {
        return p;
    }
    if let Some(&w) = widths.iter().find(|w| open.contains(w)) {
        return w;
    }
    let w = widths[1];
    open.into_iter()
        .min_by_key(|&c| (c.abs_diff(w), std::cmp::Reverse(c)))
        .unwrap_or(0)
}

/// The width of a line's leading blanks with Tab stops every `tab` columns.
fn width(l: &[char], tab: usize) -> usize {
    let mut w = 0;
    for &c in l.iter().take_while(|c| c.is_whitespace()) {
        w = match c {
            '\t' => (w / tab + 1) * tab,
            '\u{3000}' => w + 2,
            _ => w + 1,
        };
    }
    w
}

/// The columns a line at `at` may stand at: those of the lines it could
/// belong beside, up to the file's left edge, and one level below a key
/// just above that has no value yet.
fn open_columns(lines: &[Line], at: usize) -> Vec<usize> {
    let mut cols = vec![0];
    let mut limit = usize::MAX;
    for k in (0..at).rev() {
        let l = &lines[k];
        if matches!(l.shape, Shape::Skip | Shape::DocMark) || l.lead >= limit {
            continue;
        }
        if limit == usize::MAX
            && let Shape::Key {
                value: Value::Empty,
                ..
            } = l.shape
        {
            cols.push(l.content + 2);
        }
        cols.extend([l.lead, l.content]);
        limit = l.lead;
        if limit == 0 {
            break;
        }
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::super::scan;

    fn repaired(src: &str) -> String {
        scan(src).repaired.expect("errors found").text
    }

    #[test]
    fn a_tab_takes_the_column_of_the_line_above() {
        let text = repaired("基本支出:\n    人员经费: 1\n\t公用经费: 2\n");
        assert_eq!(text, "基本支出:\n    人员经费: 1\n    公用经费: 2\n");
        let text = repaired("a:\n  b:\n      c: 1\n\td: 2\n");
        assert_eq!(text, "a:\n  b:\n      c: 1\n  d: 2\n", "a Tab of 2 columns");
    }

    #[test]
    fn values_lines_and_duplicates_are_masked() {
        let m = '\u{E000}';
        let text = repaired("a: 1\nb: \"x\ncc 3\na: 2\n");
        assert_eq!(
            text,
            format!("a: 1\nb: \"{m}\"\n\"{m}2\": \"{m}\"\n\"{m}3{m}a\": 2\n")
        );
        let text = repaired("问题:\n  - 一\n  二\n年度 2024\n");
        assert_eq!(text, format!("问题:\n  - 一\n  - \"{m}\"\n年度: \"{m}\"\n"));
    }
}
