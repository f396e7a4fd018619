//! A located YAML node tree, read with serde-saphyr.
//!
//! serde-saphyr parses (rejecting duplicate keys, bounding aliases) and gives
//! each node its line, column and byte span through `Spanned`. We keep the
//! tree instead of deserializing straight into structs so that the schema
//! walker (`schema.rs`) can report every problem of a file at once, suggest
//! the nearest key for a typo, and read numbers from their source text:
//! serde would hand us an f64, and `405.80` must stay an exact decimal.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A node with its location.
#[derive(Debug, Clone)]
pub struct Node {
    pub line: u32,
    pub col: u32,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Null,
    Bool(bool),
    /// A plain scalar YAML reads as a number; the text is as written.
    Number(String),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
    /// A value the line check already found in error and masked so the
    /// rest of the file could still be read (see [`parse_repaired`]).
    Unread,
}

/// A mapping key with its location.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub line: u32,
    pub col: u32,
    /// A key the line check masked (a duplicate, a line that is no key):
    /// its problem is reported already, and it stands for nothing.
    pub masked: bool,
}

/// What the line check writes in place of a value it found in error
/// (a private-use character, never seen by the officer), and ahead of a
/// key it masks: `MASK` line, then `MASK` and the key's own name when it
/// has one (a duplicate). Only [`parse_repaired`] gives them meaning.
pub const MASK: char = '\u{E000}';

/// A YAML syntax or structure error from the parser.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub line: u32,
    pub col: u32,
    pub message: String,
    /// What to do, when the message alone does not say.
    pub hint: Option<String>,
}

/// Most text (keys and values, counted again for every `*alias` use) plus a
/// fixed cost per node that one file may expand to. Aliases can repeat a
/// long string many times; this bounds what they cost in bytes, where
/// serde-saphyr's budget counts only events. A file at the size limit
/// without aliases stays well below it.
pub const MAX_EXPANDED_BYTES: usize = 16 << 20;
/// What a node costs against [`MAX_EXPANDED_BYTES`] besides its text.
const NODE_COST: usize = 32;
/// Marks our own budget error among serde-saphyr's messages.
const EXPANDED_MARK: &str = "gen-report: expanded size limit";
/// Marks a key written as a list or map (`[a]: 1`, `? {a: 1}`).
const KEY_MARK: &str = "gen-report: key is a collection";

thread_local! {
    /// Bytes charged by the current parse on this thread (one parse runs on
    /// one thread; `parse` resets it).
    static EXPANDED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn charge<E: de::Error>(text_len: usize) -> Result<(), E> {
    let total = EXPANDED.get().saturating_add(text_len + NODE_COST);
    EXPANDED.set(total);
    if total > MAX_EXPANDED_BYTES {
        return Err(E::custom(EXPANDED_MARK));
    }
    Ok(())
}

/// Parses a whole document into a node tree.
pub fn parse(src: &str) -> Result<Node, ParseError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
    };
    EXPANDED.set(0);
    let raw: Spanned<RawNode> = serde_saphyr::from_str_with_options(src, options).map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| (l.line() as u32, l.column() as u32))
            .unwrap_or((0, 0));
        let (message, hint) = match limit_message(&e) {
            Some((m, h)) => (m, Some(h)),
            None => (first_line(&e.to_string()), None),
        };
        ParseError {
            line,
            col,
            message,
            hint,
        }
    })?;
    Ok(locate(raw, src))
}

/// Parses the text the line check repaired around its errors: its masked
/// values become [`Kind::Unread`] and its masked keys are marked, so the
/// walker reads everything else without repeating those errors.
pub fn parse_repaired(src: &str) -> Result<Node, ParseError> {
    fn unmask(n: &mut Node) {
        match &mut n.kind {
            Kind::Str(s) if s.starts_with(MASK) => n.kind = Kind::Unread,
            Kind::Seq(items) => items.iter_mut().for_each(unmask),
            Kind::Map(entries) => {
                for (k, v) in entries {
                    if let Some(rest) = k.name.strip_prefix(MASK) {
                        k.masked = true;
                        k.name = rest.split_once(MASK).map(|(_, n)| n).unwrap_or("").into();
                    }
                    unmask(v);
                }
            }
            _ => {}
        }
    }
    let mut root = parse(src)?;
    unmask(&mut root);
    Ok(root)
}

/// Chinese text for the parser's limits and the one-document rule, which
/// are not typing mistakes: the officer needs to know what to change.
fn limit_message(e: &serde_saphyr::Error) -> Option<(String, String)> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let e = e.without_snippet();
    let alias = || {
        (
            "引用（*名称）展开后的内容过多".to_string(),
            "数据文件里不需要用 &名称 / *名称 引用；请把内容直接写出来".to_string(),
        )
    };
    let nesting = || {
        (
            "层级太深：括号或缩进嵌套的层数超过了上限".to_string(),
            "数据文件最多只有四五层缩进；请检查是否有多余的 [ 或 {，或缩进是否逐行加深".to_string(),
        )
    };
    Some(match e {
        E::AliasError { error, .. } => return limit_message(error),
        E::MultipleDocuments { .. } => (
            "一个文件里只能写一个单位的数据，这里出现了第二份（以 --- 分隔）".to_string(),
            "请删除单独一行的 ---，或把第二个单位的数据另存为一个文件".to_string(),
        ),
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => nesting(),
            B::Aliases { .. }
            | B::Anchors { .. }
            | B::AliasAnchorRatio { .. }
            | B::RecordedAnchorEvents { .. }
            | B::RecordedAnchorBytes { .. }
            | B::MergeKeys { .. } => alias(),
            B::Documents { .. } => (
                "一个文件里只能写一个单位的数据，这里有很多份（以 --- 分隔）".to_string(),
                "请删除单独一行的 ---".to_string(),
            ),
            _ => (
                "文件内容过多，超过了一个单位数据文件的上限".to_string(),
                "请检查是否把其他内容粘贴进了这个文件".to_string(),
            ),
        },
        E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => alias(),
        E::RecursiveReferencesRequireWeakTypes { .. } => (
            "引用（*名称）指向了包含它自己的内容，无法展开".to_string(),
            "数据文件里不需要用 &名称 / *名称 引用；请把内容直接写出来".to_string(),
        ),
        E::UnknownAnchor { .. } => (
            "引用（*名称）找不到对应的 &名称".to_string(),
            "数据文件里不需要用 * 引用；如果文字以 * 开头，请给整段文字加英文双引号".to_string(),
        ),
        E::ExternalMessage { msg, .. } if msg.contains("recursion limit") => nesting(),
        E::Message { msg, .. } if msg.contains(EXPANDED_MARK) => alias(),
        E::Message { msg, .. } if msg.contains(KEY_MARK) => (
            "冒号前的名称不能是用 [ ] 或 { } 括起来的清单".to_string(),
            "名称直接写文字；名称本身带括号时，请用英文双引号把整个名称括起来，例如 \"[甲]\": 1"
                .to_string(),
        ),
        _ => return None,
    })
}

/// serde-saphyr's messages can carry a rendered snippet; keep the first line.
fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

/// Converts the serde tree, recovering numbers' source text from byte spans.
fn locate(raw: Spanned<RawNode>, src: &str) -> Node {
    let loc = raw.referenced;
    let line = loc.line() as u32;
    let col = loc.column() as u32;
    let kind = match raw.value {
        RawNode::Null => Kind::Null,
        RawNode::Bool(b) => Kind::Bool(b),
        RawNode::Number(fallback) => {
            let span = loc.span();
            let text = span
                .byte_offset()
                .zip(span.byte_len())
                .and_then(|(o, l)| src.get(o as usize..(o + l) as usize))
                .map(|s| s.trim().to_string())
                .unwrap_or(fallback);
            Kind::Number(text)
        }
        RawNode::Str(s) => {
            // A plain or folded (`>`) scalar over several source lines has
            // had each line break turned into a space; between two Chinese
            // characters that space is an artefact, not the author's (§6.4).
            let span = loc.span();
            let folded = span
                .byte_offset()
                .zip(span.byte_len())
                .is_some_and(|(o, l)| {
                    let (o, l) = (o as usize, l as usize);
                    src.get(o..o + l).is_some_and(|t| {
                        t.trim().contains('\n') && !t.trim_start().starts_with('|')
                    }) && !literal_block(src, o)
                });
            Kind::Str(if folded { unfold_cjk(&s) } else { s })
        }
        RawNode::Seq(items) => Kind::Seq(items.into_iter().map(|n| locate(n, src)).collect()),
        RawNode::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.value.0,
                        line: k.referenced.line() as u32,
                        col: k.referenced.column() as u32,
                        masked: false,
                    };
                    let mut value = locate(v, src);
                    // A block map or list starts on the line after its key;
                    // problems with the whole block point at the key. So
                    // does a block text with nothing in it, which the
                    // parser places at whatever follows it.
                    let blank = matches!(&value.kind, Kind::Str(s) if s.trim().is_empty());
                    let block = matches!(value.kind, Kind::Map(_) | Kind::Seq(_)) || blank;
                    if block && value.line > key.line {
                        value.line = key.line;
                        value.col = key.col;
                    }
                    (key, value)
                })
                .collect(),
        ),
    };
    Node { line, col, kind }
}

/// Whether the scalar whose span starts at byte `at` is a literal block
/// (`|`): its span starts at the content, so the indicator is the last word
/// of the header line before it. Its spaces and line breaks are the
/// author's, never folding's.
fn literal_block(src: &str, at: usize) -> bool {
    let before = src.get(..at).unwrap_or("").trim_end();
    let header = before.rsplit('\n').next().unwrap_or("");
    let header = header.split(" #").next().unwrap_or(header).trim_end();
    header
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|word| word.starts_with('|'))
}

/// Drops single spaces between two CJK characters (ideographs, CJK and
/// full-width punctuation): what YAML folding leaves where a line broke.
fn unfold_cjk(s: &str) -> String {
    let cjk = |c: char| matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}');
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let between = i > 0 && i + 1 < chars.len() && cjk(chars[i - 1]) && cjk(chars[i + 1]);
        if c == ' ' && between {
            continue;
        }
        out.push(c);
    }
    out
}

/// What serde-saphyr hands us; numbers carry a fallback text only.
enum RawNode {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<KeyText>, Spanned<RawNode>)>),
}

/// A key as text, whatever scalar type YAML gives it (`2024:` is a number).
struct KeyText(String);

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawNode, E> {
        charge(0)?;
        Ok(RawNode::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<RawNode, E> {
        charge(0)?;
        Ok(RawNode::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<RawNode, E> {
        charge(0)?;
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawNode, E> {
        charge(20)?;
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNode, E> {
        charge(20)?;
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawNode, E> {
        charge(24)?;
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<RawNode, E> {
        charge(v.len())?;
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<RawNode, E> {
        charge(v.len())?;
        Ok(RawNode::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        charge(0)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        charge(0)?;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(RawNode::Map(entries))
    }
}

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'v> Visitor<'v> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key written as text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                charge(v.len())?;
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText(String::new()))
            }
            fn visit_seq<A: SeqAccess<'v>>(self, _: A) -> Result<KeyText, A::Error> {
                Err(de::Error::custom(KEY_MARK))
            }
            fn visit_map<A: MapAccess<'v>>(self, _: A) -> Result<KeyText, A::Error> {
                Err(de::Error::custom(KEY_MARK))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_source_text() {
        let n = parse("a: 405.80\nb: 12345678901234.123456\nc: \"x\"\nd: [1, 2.50]\n").unwrap();
        let Kind::Map(entries) = n.kind else {
            panic!("map expected")
        };
        let texts: Vec<String> = entries
            .iter()
            .map(|(_, v)| match &v.kind {
                Kind::Number(t) | Kind::Str(t) => t.clone(),
                Kind::Seq(items) => format!(
                    "{:?}",
                    items
                        .iter()
                        .map(|i| match &i.kind {
                            Kind::Number(t) => t.clone(),
                            _ => String::new(),
                        })
                        .collect::<Vec<_>>()
                ),
                _ => String::new(),
            })
            .collect();
        assert_eq!(texts[0], "405.80");
        assert_eq!(texts[1], "12345678901234.123456");
        assert_eq!(texts[2], "x");
        assert_eq!(texts[3], "[\"1\", \"2.50\"]");
        assert_eq!((entries[1].0.line, entries[1].1.line), (2, 2));
    }

    fn text(src: &str, key: &str) -> String {
        let Kind::Map(entries) = parse(src).unwrap().kind else {
            panic!("map expected")
        };
        match &entries.iter().find(|(k, _)| k.name == key).unwrap().1.kind {
            Kind::Str(s) => s.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn folding_adds_no_space_between_chinese_characters() {
        let src = "a: 第一行文字\n  接着写，English\n  words 中文\nb: >\n  折叠的\n  文字\nc: 中文 中文\nd: |\n  第一段\n  第二段\n";
        assert_eq!(text(src, "a"), "第一行文字接着写，English words 中文");
        assert_eq!(text(src, "b").trim(), "折叠的文字");
        assert_eq!(
            text(src, "c"),
            "中文 中文",
            "a space on one line is the author's"
        );
        assert_eq!(text(src, "d"), "第一段\n第二段\n");
        // A literal block's spaces are the author's too (its span starts
        // at the content, after the `|`).
        let src =
            "e: |\n  第一 第二\n  甲 乙\nf: |-  # 注释\n  甲 乙\n  丙\ng:\n  - |2\n     甲 乙\n";
        assert_eq!(text(src, "e"), "第一 第二\n甲 乙\n");
        assert_eq!(text(src, "f"), "甲 乙\n丙");
        let Kind::Map(entries) = parse(src).unwrap().kind else {
            panic!()
        };
        let Kind::Seq(items) = &entries[2].1.kind else {
            panic!()
        };
        assert!(
            matches!(&items[0].kind, Kind::Str(s) if s == " 甲 乙\n"),
            "{items:?}"
        );
    }

    #[test]
    fn odd_keys_and_self_references_are_explained_in_chinese() {
        let e = parse("a: &b [1, *b]\n").unwrap_err();
        assert!(e.message.contains("指向了包含它自己"), "{e:?}");
        for src in ["a:\n  [x, y]: 1\n", "? {a: 1}\n: 2\n"] {
            let e = parse(src).unwrap_err();
            assert!(e.message.contains("冒号前的名称"), "{src}: {e:?}");
            assert!(!e.message.contains("invalid type"), "{e:?}");
        }
    }

    #[test]
    fn duplicate_keys_and_syntax_errors_are_located() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
    }
}
