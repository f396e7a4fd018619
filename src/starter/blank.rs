//! The file `gen-report new` writes, made from the contract table: every
//! key with its explanation, in the table's order, nothing to contradict
//! (no stated totals) and no sample figures.

use crate::load::IndicatorCatalogue;
use crate::load::contract::{self as c, Blank, Field, Shape};
use crate::model::STANDARD_SPLIT;
use std::fmt::Write;

/// The file's opening lines: how to fill it in. The first line tells
/// editors with a YAML plug-in where the schema is (`gen-report schema`).
const HEAD: &str = "\
# yaml-language-server: $schema=部门数据.schema.json
# ======================================================================
# 部门整体支出绩效自评报告 —— 数据文件（由 gen-report new 生成）
#
# 怎么填：在每个冒号后面写上本单位的数据，冒号后留一个空格，例如“编制数: 10”。
# “#”后面是说明，工具不读，可删可留。标“选填”的不需要时可以空着或整行删除。
# 合计、小计、占比、执行率、同比、净资产、总分、等级都由工具计算，不用填写。
# 缩进一律用空格（不要用 Tab 键），同一级的项目左对齐，保持本文件的缩进。
# 金额默认以“万元”为单位，直接写数字，例如 860.02，不写“万元”和逗号。
# 文字里有冒号“:”、井号“#”，或以数字、引号、括号开头时，请用英文双引号括起来。
# 填好后运行：gen-report 本文件.yaml --pdf
# 编辑器补全：在本文件所在文件夹运行 gen-report schema 部门数据.schema.json，
# 用 VS Code（装 YAML 插件）打开本文件，即可提示键名、检查拼写。
# ======================================================================

";

/// How 指标 is scored in this file, said above it.
const SCORING: &str = "\
# 本文件在一级指标打分：产出、效益、满意度各写一个分值和得分，三级指标只写名称、指标值、完成值。
# 如果贵单位的自评表给每个三级指标打分，就把 分值、得分 写到每个三级指标里，并删除一级的分值、得分。
# 要求：预算执行率分值 + 各处分值之和 = 100；得分不超过分值。总分、等级由工具计算。
";

/// The column comments start at, in display columns (a Chinese
/// character is two).
const COMMENT_COLUMN: usize = 20;
/// Spaces per level.
const INDENT: usize = 2;

/// The whole file, for the standard indicator catalogue.
pub fn blank() -> String {
    let mut out = String::from(HEAD);
    Writer {
        out: &mut out,
        catalogue: &IndicatorCatalogue::default(),
    }
    .fields(c::TOP, 0);
    out
}

struct Writer<'a> {
    out: &'a mut String,
    catalogue: &'a IndicatorCatalogue,
}

impl Writer<'_> {
    /// The keys of one map at `depth`.
    fn fields(&mut self, fields: &[Field], depth: usize) {
        self.fields_after(fields, depth, "");
    }

    /// As [`Writer::fields`], the first key written after `lead` (a list
    /// item's dash) on the same line.
    fn fields_after(&mut self, fields: &[Field], depth: usize, lead: &str) {
        let mut lead = lead;
        for f in fields.iter().filter(|f| !f.omitted()) {
            self.field(f, depth, lead);
            lead = "";
        }
        self.stated(fields, depth);
    }

    /// The keys the file leaves out, said in a comment: the tool computes
    /// them, and checks them when they are written.
    fn stated(&mut self, fields: &[Field], depth: usize) {
        let pad = " ".repeat(depth * INDENT);
        let totals: Vec<&str> = fields
            .iter()
            .filter(|f| f.stated && f.example.is_empty())
            .map(|f| f.key)
            .collect();
        if let Some(first) = totals.first() {
            let _ = writeln!(
                self.out,
                "{pad}# {} 由工具计算，不用写；如要核对抄录的数，可加一行，例如“{first}: 数字”（会核对）",
                totals.join("、")
            );
        }
        for f in fields.iter().filter(|f| f.stated && !f.example.is_empty()) {
            let _ = writeln!(
                self.out,
                "{pad}# 选填：{}；需要时去掉行首的“# ”再填写：\n{pad}# {}: {}",
                f.doc, f.key, f.example
            );
        }
    }

    fn field(&mut self, f: &Field, depth: usize, lead: &str) {
        if !f.section.is_empty() {
            let _ = writeln!(self.out, "\n# ---------- {} ----------", f.section);
        }
        if let Shape::Indicators(own) = f.shape {
            self.out.push_str(SCORING);
            self.line(depth, lead, f.key, "", &comment(f));
            self.fields(own, depth + 1);
            self.groups(depth + 1);
            return;
        }
        let value = match f.blank {
            Blank::Value(v) => v,
            _ => "",
        };
        self.line(depth, lead, f.key, value, &comment(f));
        match f.shape {
            Shape::Map(fields) | Shape::MapOpen(fields, _) => self.fields(fields, depth + 1),
            Shape::List(item) => self.item(item, depth + 1),
            Shape::Paragraphs => self.line(depth + 2, "- ", "", "", ""),
            Shape::Tree => {
                if let Blank::Entries(entries) = f.blank {
                    for (name, v, note) in entries {
                        self.line(depth + 1, "", name, v, note);
                    }
                }
            }
            _ => {}
        }
    }

    /// One entry of a list, to copy for more: its dash at `depth`, its
    /// keys one level in.
    fn item(&mut self, item: &Shape, depth: usize) {
        match item {
            Shape::Map(fields) | Shape::Either(_, Shape::Map(fields)) => {
                self.fields_after(fields, depth + 1, "- ")
            }
            _ => self.line(depth + 1, "- ", "", "", ""),
        }
    }

    /// 指标's 一级 and 二级 from the catalogue, scored at 一级 with the
    /// standard weights; one empty 三级 row under each 二级.
    fn groups(&mut self, depth: usize) {
        let row: Vec<Field> = c::ITEM
            .iter()
            .filter(|f| f.key != c::WEIGHT.key && f.key != c::SCORE.key)
            .copied()
            .collect();
        let catalogue = self.catalogue;
        for (group, subs) in &catalogue.groups {
            let weight = STANDARD_SPLIT
                .iter()
                .find(|(n, _)| n == group)
                .map(|(_, w)| w.to_string())
                .unwrap_or_default();
            self.line(depth, "", group, "", &format!("一级指标：{group}"));
            for f in c::GROUP {
                let (value, note) = match f.key {
                    k if k == c::GROUP_WEIGHT.key => {
                        (weight.as_str(), format!("{group}指标的分值"))
                    }
                    k if k == c::GROUP_SCORE.key => ("", format!("{group}指标的自评得分")),
                    _ => ("", comment(f)),
                };
                self.line(depth + 1, "", f.key, value, &note);
            }
            for sub in subs {
                self.line(
                    depth + 1,
                    "",
                    sub,
                    "",
                    "二级指标；每个三级指标一条，没有的可整段删除",
                );
                self.fields_after(&row, depth + 3, "- ");
            }
        }
    }

    /// One line: `key: value  # note` with the key at `depth`, the note at
    /// the comment column; a `lead` (a list item's dash) takes the last
    /// columns of the indentation.
    fn line(&mut self, depth: usize, lead: &str, key: &str, value: &str, note: &str) {
        let pad = " ".repeat((depth * INDENT).saturating_sub(lead.len()));
        let mut code = match (key.is_empty(), value.is_empty()) {
            (true, _) => format!("{pad}{}", lead.trim_end()),
            (false, true) => format!("{pad}{lead}{key}:"),
            (false, false) => format!("{pad}{lead}{key}: {value}"),
        };
        if !note.is_empty() {
            let gap = COMMENT_COLUMN.saturating_sub(width(&code)).max(1);
            let _ = write!(code, "{}# {note}", " ".repeat(gap));
        }
        self.out.push_str(&code);
        self.out.push('\n');
    }
}

/// What the file says beside a key: 选填 unless required, its
/// explanation and an example.
fn comment(f: &Field) -> String {
    let optional = if f.required { "" } else { "选填：" };
    let example = match (f.example.is_empty(), f.blank) {
        (false, Blank::Empty) => format!("，例如 {}", f.example),
        _ => String::new(),
    };
    format!("{optional}{}{example}", f.doc)
}

/// Display columns of `s`: a wide (Chinese) character takes two.
fn width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
