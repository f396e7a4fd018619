//! The walker's primitives: located maps with unknown-key checks, texts,
//! exact decimals, integers and amount trees. Every problem is recorded,
//! never returned early, so a file's problems all come out in one run.

use super::blank::blank_for;
use super::contract::{self as c, Field, Shape};
use super::node::{Key, Kind, Node};
use super::*;
use crate::diag::Diagnostic;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Most decimal places an amount may have (contract §3).
const MAX_SCALE: u32 = 6;
/// Largest number accepted anywhere (10^15): far above any real budget,
/// and small enough that sums and percentages can never overflow.
const MAX_MAGNITUDE: i64 = 1_000_000_000_000_000;

/// A map's entries with the position of the map itself.
pub(super) struct Fields<'n> {
    pub pos: Pos,
    pub entries: Vec<(&'n Key, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value of `field`, treating an explicit empty value (`key:`) as
    /// absent, and a section whose keys are all left empty (`资产:` above
    /// `资产总额:` and `负债总额:`, as `new` writes it) too.
    pub(super) fn get(&self, field: &Field) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == field.key)
            .map(|(_, v)| *v)
            .filter(|v| !blank_for(v, &field.shape))
    }

    pub(super) fn child(&self, key: &str) -> String {
        join(&self.pos.path, key)
    }
}

/// `path.key`; `path` itself for a key without a name (a masked line).
pub(super) fn join(path: &str, key: &str) -> String {
    if key.is_empty() {
        path.to_string()
    } else if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The position of a key, with the path it stands for.
pub(super) fn key_pos(key: &Key, path: &str) -> Pos {
    Pos {
        line: key.line,
        col: key.col,
        path: path.to_string(),
    }
}

pub(super) fn at(node: &Node, path: &str) -> Pos {
    Pos {
        line: node.line,
        col: node.col,
        path: path.to_string(),
    }
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Null => "空值",
        Kind::Bool(_) => "是/否值",
        Kind::Number(_) => "数字",
        Kind::Str(_) => "文字",
        Kind::Seq(_) => "列表（以“- ”开头的多行）",
        Kind::Map(_) => "分项（“名称: 值”的多行）",
        Kind::Unread => "（无法读取的内容）",
    }
}

/// The valid key nearest to a mistyped one, if any is close enough.
pub(super) fn nearest<'a>(key: &str, valid: &[&'a str]) -> Option<&'a str> {
    let typed: Vec<char> = key.chars().collect();
    valid
        .iter()
        .map(|v| {
            let cand: Vec<char> = v.chars().collect();
            (strsim::generic_levenshtein(&typed, &cand), *v)
        })
        .filter(|(d, v)| {
            let len = v.chars().count().max(typed.len());
            *d <= (len / 2).max(1)
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

pub(super) struct Walker<'c> {
    pub diags: Vec<Diagnostic>,
    /// Values masked by the line check (their errors are its own): read
    /// as nothing, in silence, and remembered as unread.
    pub unread: Vec<Pos>,
    /// Unknown keys with no number and no 分值/得分 below them: left out,
    /// they leave every total as it is.
    pub figureless: Vec<Pos>,
    pub catalogue: &'c IndicatorCatalogue,
    /// `收支.金额单位: 元`: amounts are divided by 10 000 on reading.
    pub yuan: bool,
}

impl Walker<'_> {
    pub(super) fn error(&mut self, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(pos, message));
        self.diags.last_mut().expect("just pushed")
    }

    /// Checks that `node` is a map with only `allowed` keys.
    pub(super) fn map<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        allowed: &[&str],
    ) -> Option<Fields<'n>> {
        let Kind::Map(entries) = &node.kind else {
            self.wrong_type(node, path, "分项（“名称: 值”的多行）");
            return None;
        };
        let mut out = Vec::with_capacity(entries.len());
        for (i, (key, value)) in entries.iter().enumerate() {
            if key.masked {
                self.unread.push(key_pos(key, &join(path, &key.name)));
                continue;
            }
            if allowed.contains(&key.name.as_str()) {
                out.push((key, value));
                continue;
            }
            let pos = key_pos(key, &join(path, &key.name));
            // A key that differs from a valid one only by a character one
            // cannot see: "did you mean" would show the same word.
            if let Some((i, c)) = key.name.chars().enumerate().find(|(_, c)| unseen(*c)) {
                let bare: String = key.name.chars().filter(|c| !unseen(*c)).collect();
                if allowed.contains(&bare.as_str()) {
                    let pos = Pos {
                        col: key.col + i as u32,
                        ..pos
                    };
                    self.error(
                        pos,
                        format!(
                            "名称“{bare}”里夹着一个看不见的字符 U+{:04X}（第 {} 个字）",
                            u32::from(c),
                            i + 1
                        ),
                    )
                    .with(format!("请删掉这一行的名称，重新输入“{bare}”"));
                    continue;
                }
            }
            // A key already written here is no advice: following it would
            // give a duplicate key.
            let free: Vec<&str> = allowed
                .iter()
                .copied()
                .filter(|a| !entries.iter().any(|(k, _)| k.name == *a))
                .collect();
            let near = nearest(&key.name, &free);
            let parent = i.checked_sub(1).map(|p| &entries[p].0.name).filter(|p| {
                c::children(p).is_some_and(|fields| fields.iter().any(|f| f.key == key.name))
            });
            if !holds_figures(value) {
                self.figureless.push(pos.clone());
            }
            let d = self.error(pos, format!("未知的项目“{}”", key.name));
            if let Some(p) = parent {
                d.with(format!(
                    "缩进可能少了一级：“{}”是上面“{p}”下的项目，请在行首多加两个空格，与“{p}”下的项目左对齐",
                    key.name
                ));
                continue;
            }
            match near {
                Some(n) => d.with(format!("是不是要写“{n}”？")),
                None => d.with(format!("这里可以写的项目有：{}", allowed.join("、"))),
            };
        }
        Some(Fields {
            pos: at(node, path),
            entries: out,
        })
    }

    pub(super) fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        if let Kind::Unread = node.kind {
            self.unread.push(at(node, path));
            return;
        }
        let got = kind_name(&node.kind);
        // Text read as 名称: 值 is shown at its first 名称, where the
        // sentence is, not at the key above it.
        let pos = match &node.kind {
            Kind::Map(entries) if expected.contains("文字") => entries
                .first()
                .map_or_else(|| at(node, path), |(key, _)| key_pos(key, path)),
            _ => at(node, path),
        };
        let d = self.error(pos, format!("这里应为{expected}，实际写的是{got}"));
        if matches!(&node.kind, Kind::Str(s) if s.contains('：')) {
            d.with("“名称: 值”要用英文冒号加一个空格，不能用全角冒号“：”");
        }
        // A sentence with `: ` in it reads as one `名称: 值`; one that
        // ends in `:` as a name with nothing after it.
        if let Kind::Map(entries) = &node.kind
            && let [(key, value)] = entries.as_slice()
            && expected.contains("文字")
        {
            if let Kind::Null = value.kind {
                d.with(format!(
                    "这句话末尾的英文冒号“:”把它读成了“{}:”后面没有填写；请改用中文冒号“：”，或给整句加英文双引号",
                    key.name
                ));
            } else if key.line == value.line {
                d.with(format!(
                    "这句话里的英文冒号加空格“: ”把它读成了“{}: …”；请改用中文冒号“：”，或给整句加英文双引号",
                    key.name
                ));
            }
        }
    }

    /// Checks that `node` is a map of the table's `fields` (plus the
    /// `extra` names of a catalogue), each required one present.
    pub(super) fn fields<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        fields: &[Field],
        extra: &[&str],
    ) -> Option<Fields<'n>> {
        let mut allowed: Vec<&str> = fields.iter().map(|f| f.key).collect();
        allowed.extend(extra);
        let found = self.map(node, path, &allowed)?;
        for field in fields.iter().filter(|f| f.required) {
            if found.get(field).is_none() {
                self.missing(&found, field);
            }
        }
        Some(found)
    }

    fn missing(&mut self, fields: &Fields, field: &Field) {
        let key = field.key;
        let example = field.written();
        // Written but left empty (`年度:`, as in a file from `gen-report
        // new`): point at that line and ask for the value.
        if let Some((k, _)) = fields.entries.iter().find(|(k, _)| k.name == key) {
            let pos = Pos {
                line: k.line,
                col: k.col,
                path: fields.child(key),
            };
            self.error(pos, format!("必填项“{key}”还没有填写"))
                .with(format!("请在冒号后面填上，例如 {example}"));
            return;
        }
        let pos = Pos {
            path: fields.child(key),
            ..fields.pos.clone()
        };
        self.error(pos, format!("缺少必填项“{key}”"))
            .with(format!("请在这一级加上一行，例如 {example}"));
    }

    pub(super) fn text(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.kind {
            Kind::Str(s) => Some(clean(s)),
            Kind::Number(t) => Some(t.clone()),
            Kind::Bool(b) => {
                self.error(at(node, path), format!("这里应为文字，{b} 被读成了是/否值"))
                    .with(format!("请加英文双引号：\"{b}\""));
                None
            }
            _ => {
                self.wrong_type(node, path, "文字");
                None
            }
        }
    }

    /// A single-line field (a name, a phone number): text of one line and
    /// at most [`super::MAX_LINE_CHARS`] characters.
    pub(super) fn line(&mut self, node: &Node, path: &str) -> Option<String> {
        let text = self.text(node, path)?;
        let lines = text.lines().count();
        if lines > 1 {
            let key = path.rsplit('.').next().unwrap_or(path);
            self.error(
                at(node, path),
                format!("“{key}”只能写一行，这里写了 {lines} 行"),
            )
            .with("请把换行去掉，写在一行里（引号内的 \\n 也是换行）；要分段的内容请写在 说明、问题、措施 等可以多行的项里");
            return None;
        }
        let n = text.chars().count();
        if n > super::MAX_LINE_CHARS {
            let head: String = text.chars().take(12).collect();
            self.error(
                at(node, path),
                format!(
                    "这一项太长：写了 {n} 个字（“{head}…”），最多 {} 个字",
                    super::MAX_LINE_CHARS
                ),
            )
            .with("这里只写名称本身；情况说明请写在 概况、问题、措施 等段落里");
            return None;
        }
        Some(text)
    }

    pub(super) fn opt_line(&mut self, f: &Fields, field: &Field) -> Option<String> {
        debug_assert_eq!(field.shape, Shape::Line, "{}", field.key);
        let node = f.get(field)?;
        self.line(node, &f.child(field.key))
            .filter(|s| !s.is_empty())
    }

    pub(super) fn opt_text(&mut self, f: &Fields, field: &Field) -> Option<String> {
        debug_assert_eq!(field.shape, Shape::Text, "{}", field.key);
        let node = f.get(field)?;
        self.text(node, &f.child(field.key))
            .filter(|s| !s.is_empty())
    }

    /// A map's paragraphs (`说明`, `职能`), none when absent.
    pub(super) fn opt_paragraphs(&mut self, f: &Fields, field: &Field) -> Vec<String> {
        debug_assert_eq!(field.shape, Shape::Paragraphs, "{}", field.key);
        f.get(field)
            .map(|n| self.paragraphs(n, &f.child(field.key)))
            .unwrap_or_default()
    }

    /// One string, or a list of strings: paragraphs.
    pub(super) fn paragraphs(&mut self, node: &Node, path: &str) -> Vec<String> {
        match &node.kind {
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .filter(|(_, n)| !blank_for(n, &Shape::Paragraphs))
                .filter_map(|(i, n)| self.text(n, &format!("{path}[{}]", i + 1)))
                .filter(|s| !s.is_empty())
                .collect(),
            Kind::Null => Vec::new(),
            _ => self
                .text(node, path)
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect(),
        }
    }

    pub(super) fn decimal(&mut self, node: &Node, path: &str, what: &str) -> Option<Decimal> {
        let pos = at(node, path);
        let text = match &node.kind {
            Kind::Number(t) => t.as_str(),
            Kind::Str(s) => s.trim(),
            Kind::Null => {
                self.error(pos, format!("缺少{what}"))
                    .with("请写一个数字；没有就写 0");
                return None;
            }
            _ => {
                self.wrong_type(node, path, what);
                return None;
            }
        };
        let parsed = Decimal::from_str(text)
            .ok()
            .or_else(|| Decimal::from_scientific(text).ok());
        let Some(value) = parsed else {
            let d = self.error(pos, format!("这里应填{what}（数字），写的是“{text}”"));
            if text.contains('：') {
                d.with("“名称: 值”要用英文冒号加一个空格，不能用全角冒号“：”");
            } else if text.chars().any(|c| ('０'..='９').contains(&c)) {
                d.with("这里用了全角数字（中文输入法下输入的数字）；请切换到英文输入法重新输入，例如 177.57");
            } else if text.starts_with(['“', '”', '‘', '’', '"', '\'']) {
                d.with("数字不要加引号（尤其是中文引号“”），只写数字，例如 177.57");
            } else if ["是", "否", "无", "没有", "有"].contains(&text) {
                d.with("这里要写金额数字；没有就写 0");
            } else if text.contains('元') || text.contains('万') {
                d.with("不要写单位，只写数字，例如 860.02；单位在 收支.金额单位 中统一设定");
            } else if text.contains(',') || text.contains('，') {
                d.with("不要写千分位逗号，例如 1234.56");
            } else if text.contains('%') {
                d.with("不要写百分号，只写数字");
            } else {
                d.with("只写阿拉伯数字和小数点，例如 405.80");
            }
            return None;
        };
        if value.is_sign_negative() && !value.is_zero() {
            self.error(pos, format!("{what}不能是负数，写的是 {text}"))
                .with("请写 0 或正数；减少的情况请在文字说明中描述");
            return None;
        }
        if value > Decimal::from(MAX_MAGNITUDE) {
            self.error(pos, format!("数字过大：{text}"))
                .with("请检查是否多写了位数；金额单位见 收支.金额单位");
            return None;
        }
        if value.scale() > MAX_SCALE {
            self.error(
                pos,
                format!("小数位数太多（最多 {MAX_SCALE} 位），写的是 {text}"),
            );
            return None;
        }
        Some(value)
    }

    pub(super) fn amount(&mut self, node: &Node, path: &str) -> Option<At<Decimal>> {
        let v = self.decimal(node, path, "金额")?;
        Some(At {
            v,
            pos: at(node, path),
        })
    }

    pub(super) fn opt_amount(&mut self, f: &Fields, field: &Field) -> Option<At<Decimal>> {
        debug_assert_eq!(field.shape, Shape::Amount, "{}", field.key);
        let node = f.get(field)?;
        self.amount(node, &f.child(field.key))
    }

    pub(super) fn opt_score(&mut self, f: &Fields, field: &Field) -> Option<At<Decimal>> {
        debug_assert_eq!(field.shape, Shape::Score, "{}", field.key);
        let node = f.get(field)?;
        self.score(node, &f.child(field.key), field.key)
    }

    pub(super) fn score(&mut self, node: &Node, path: &str, what: &str) -> Option<At<Decimal>> {
        let v = self.decimal(node, path, what)?;
        Some(At {
            v,
            pos: at(node, path),
        })
    }

    pub(super) fn integer(&mut self, node: &Node, path: &str, what: &str) -> Option<At<u32>> {
        let pos = at(node, path);
        let text = match &node.kind {
            Kind::Number(t) => t.as_str(),
            Kind::Str(s) => s.trim(),
            _ => {
                self.wrong_type(node, path, what);
                return None;
            }
        };
        match text.parse::<u32>() {
            Ok(v) => Some(At { v, pos }),
            Err(_) => {
                self.error(
                    pos,
                    format!("这里应填{what}（不带单位的整数），写的是“{text}”"),
                )
                .with(if what == "年度" {
                    "写4位年份，例如 2024"
                } else {
                    "例如 13；不要写“人”等单位"
                });
                None
            }
        }
    }

    /// An amount tree (contract §2); `合计`/`小计` inside a map are stated
    /// totals. What cannot be read is left out (its error is recorded, and
    /// the model judges no total above it), so the rest is still checked.
    pub(super) fn tree(&mut self, node: &Node, path: &str) -> Tree {
        let pos = at(node, path);
        let Kind::Map(entries) = &node.kind else {
            let v = self.amount(node, path).map_or(Decimal::ZERO, |a| a.v);
            return Tree {
                pos,
                kind: TreeKind::Leaf(v),
            };
        };
        let mut children = Vec::new();
        let mut stated = None;
        for (key, value) in entries {
            let p = join(path, &key.name);
            if key.masked {
                self.unread.push(key_pos(key, &join(path, &key.name)));
                continue;
            }
            if c::SUBTOTALS.contains(&key.name.as_str()) {
                match self.amount(value, &p) {
                    Some(a) if stated.is_none() => stated = Some(a),
                    Some(_) => {
                        self.error(at(value, &p), "同一级只能写一个“合计”或“小计”");
                    }
                    None => {}
                }
                continue;
            }
            // `支出合计:` indented under 基本支出 would be added in as
            // a spending line: a 收支 key is never an amount's name.
            if c::FINANCE.fields().iter().any(|f| f.key == key.name) {
                let pos = key_pos(key, &p);
                self.error(
                    pos,
                    format!("“{}”是“收支”下的项目，不能写在“{path}”里面", key.name),
                )
                .with(format!(
                    "缩进多了一级：请减少行首空格，让“{}”与“{}”左对齐",
                    key.name,
                    path.rsplit('.').next().unwrap_or(path)
                ));
                continue;
            }
            if key.name.chars().count() > super::MAX_LINE_CHARS {
                let pos = key_pos(key, &p);
                self.error(
                    pos,
                    format!("名称太长：最多 {} 个字", super::MAX_LINE_CHARS),
                );
                continue;
            }
            children.push((key.name.clone(), self.tree(value, &p)));
        }
        Tree {
            pos,
            kind: TreeKind::Branch { children, stated },
        }
    }

    pub(super) fn opt_tree(&mut self, f: &Fields, field: &Field) -> Option<Tree> {
        debug_assert_eq!(field.shape, Shape::Tree, "{}", field.key);
        let node = f.get(field)?;
        Some(self.tree(node, &f.child(field.key)))
    }
}

/// Whether a value holds anything a total could count: a number, or a
/// 分值 or 得分.
fn holds_figures(n: &Node) -> bool {
    match &n.kind {
        Kind::Number(_) | Kind::Unread => true,
        Kind::Seq(items) => items.iter().any(holds_figures),
        Kind::Map(entries) => entries.iter().any(|(k, v)| {
            [c::WEIGHT.key, c::SCORE.key].contains(&k.name.as_str()) || holds_figures(v)
        }),
        Kind::Null | Kind::Bool(_) | Kind::Str(_) => false,
    }
}

/// A character that shows as nothing or as a plain space.
fn unseen(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{3164}' | '\u{115F}' | '\u{1160}' | '\u{FFA0}')
}

/// Trims each line of a text and drops blank ones. Line breaks that YAML
/// kept (a `|` block) stay: they are paragraphs in the body and line breaks
/// in table cells (contract §6.4).
pub(super) fn clean(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
