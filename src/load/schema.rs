//! The contract of SPEC §1, checked against a located node tree.
//!
//! The walker visits every key the contract knows, converts values to the
//! types of `load::Input` and records every problem it meets instead of
//! stopping at the first: a finance officer fixes the whole file in one go.
//! Unknown keys are errors with the nearest valid key as a hint, so a typo
//! such as `效宜` never silently drops a section. No arithmetic here.

use super::node::{Key, Kind, Node};
use super::*;
use crate::diag::Diagnostic;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Most decimal places an amount may have (SPEC §3).
const MAX_SCALE: u32 = 6;
/// Largest number accepted anywhere (10^15): far above any real budget,
/// and small enough that sums and percentages can never overflow.
const MAX_MAGNITUDE: i64 = 1_000_000_000_000_000;

/// The 一级 → 二级 indicator names a file may use. The standard set is
/// SPEC §1's; a template may declare more (`指标目录.yaml` in its folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorCatalogue {
    pub groups: Vec<(String, Vec<String>)>,
}

impl Default for IndicatorCatalogue {
    fn default() -> Self {
        let g = |name: &str, subs: &[&str]| {
            (
                name.to_string(),
                subs.iter().map(|s| s.to_string()).collect(),
            )
        };
        IndicatorCatalogue {
            groups: vec![
                g("产出", &["数量", "质量", "时效", "成本"]),
                g("效益", &["经济效益", "社会效益", "生态效益", "可持续影响"]),
                g("满意度", &["服务对象满意度"]),
            ],
        }
    }
}

impl IndicatorCatalogue {
    /// Adds the names of a template's `指标目录.yaml`: a map from 一级 name
    /// to a list of 二级 names. Existing groups gain the new 二级 names.
    pub fn extend_from_yaml(&mut self, src: &str) -> Result<(), String> {
        let root = super::node::parse(src)
            .map_err(|e| format!("第{}行第{}列：{}", e.line, e.col, e.message))?;
        let Kind::Map(entries) = root.kind else {
            return Err("应为“一级指标: [二级指标, …]”的形式".into());
        };
        for (key, value) in entries {
            let Kind::Seq(items) = value.kind else {
                return Err(format!(
                    "第{}行：{} 下应为二级指标名称的列表",
                    key.line, key.name
                ));
            };
            let subs: Vec<String> = items
                .into_iter()
                .filter_map(|n| match n.kind {
                    Kind::Str(s) => Some(s),
                    _ => None,
                })
                .collect();
            match self.groups.iter_mut().find(|(n, _)| *n == key.name) {
                Some((_, existing)) => {
                    for s in subs {
                        if !existing.contains(&s) {
                            existing.push(s);
                        }
                    }
                }
                None => self.groups.push((key.name, subs)),
            }
        }
        Ok(())
    }

    fn subs(&self, group: &str) -> Option<&[String]> {
        self.groups
            .iter()
            .find(|(n, _)| n == group)
            .map(|(_, s)| s.as_slice())
    }
}

/// Walks the whole document; `Err` holds every error found (warnings are
/// the model's business).
pub fn walk(root: &Node, catalogue: &IndicatorCatalogue) -> Result<Input, Vec<Diagnostic>> {
    let mut w = Walker {
        diags: Vec::new(),
        catalogue,
        yuan: false,
    };
    let input = w.document(root);
    match input {
        Some(input) if w.diags.is_empty() => Ok(input),
        _ => {
            if w.diags.is_empty() {
                // Defensive: a `None` always comes with a recorded error.
                w.diags.push(Diagnostic::error(
                    Pos::default(),
                    "文件内容不完整，无法生成报告",
                ));
            }
            Err(w.diags)
        }
    }
}

/// A map's entries with the position of the map itself.
struct Fields<'n> {
    pos: Pos,
    entries: Vec<(&'n Key, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value of `key`, treating an explicit empty value (`key:`) as absent.
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| *v)
            .filter(|v| !matches!(v.kind, Kind::Null))
    }

    fn child(&self, key: &str) -> String {
        join(&self.pos.path, key)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn at(node: &Node, path: &str) -> Pos {
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
    }
}

/// The valid key nearest to a mistyped one, if any is close enough.
fn nearest<'a>(key: &str, valid: &[&'a str]) -> Option<&'a str> {
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

struct Walker<'c> {
    diags: Vec<Diagnostic>,
    catalogue: &'c IndicatorCatalogue,
    /// `收支.金额单位: 元`: amounts are divided by 10 000 on reading.
    yuan: bool,
}

impl Walker<'_> {
    fn error(&mut self, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(pos, message));
        self.diags.last_mut().expect("just pushed")
    }

    /// Checks that `node` is a map with only `allowed` keys.
    fn map<'n>(&mut self, node: &'n Node, path: &str, allowed: &[&str]) -> Option<Fields<'n>> {
        let Kind::Map(entries) = &node.kind else {
            self.wrong_type(node, path, "分项（“名称: 值”的多行）");
            return None;
        };
        let mut out = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            if allowed.contains(&key.name.as_str()) {
                out.push((key, value));
                continue;
            }
            let pos = Pos {
                line: key.line,
                col: key.col,
                path: join(path, &key.name),
            };
            let near = nearest(&key.name, allowed);
            let d = self.error(pos, format!("未知的项目“{}”", key.name));
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

    fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let got = kind_name(&node.kind);
        self.error(
            at(node, path),
            format!("这里应为{expected}，实际写的是{got}"),
        );
    }

    fn missing(&mut self, fields: &Fields, key: &str, example: &str) {
        let pos = Pos {
            path: fields.child(key),
            ..fields.pos.clone()
        };
        self.error(pos, format!("缺少必填项“{key}”"))
            .with(format!("请在这一级加上一行，例如 {example}"));
    }

    fn text(&mut self, node: &Node, path: &str) -> Option<String> {
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

    /// A single-line field (a name, a phone number): text of at most
    /// [`super::MAX_LINE_CHARS`] characters.
    fn line(&mut self, node: &Node, path: &str) -> Option<String> {
        let text = self.text(node, path)?;
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

    fn opt_line(&mut self, f: &Fields, key: &str) -> Option<String> {
        let node = f.get(key)?;
        self.line(node, &f.child(key)).filter(|s| !s.is_empty())
    }

    fn opt_text(&mut self, f: &Fields, key: &str) -> Option<String> {
        let node = f.get(key)?;
        self.text(node, &f.child(key)).filter(|s| !s.is_empty())
    }

    /// One string, or a list of strings: paragraphs.
    fn paragraphs(&mut self, node: &Node, path: &str) -> Vec<String> {
        match &node.kind {
            Kind::Seq(items) => items
                .iter()
                .enumerate()
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

    fn decimal(&mut self, node: &Node, path: &str, what: &str) -> Option<Decimal> {
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
            if text.contains('元') {
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

    fn amount(&mut self, node: &Node, path: &str) -> Option<At<Decimal>> {
        let v = self.decimal(node, path, "金额")?;
        Some(At {
            v,
            pos: at(node, path),
        })
    }

    fn opt_amount(&mut self, f: &Fields, key: &str) -> Option<At<Decimal>> {
        let node = f.get(key)?;
        self.amount(node, &f.child(key))
    }

    fn score(&mut self, node: &Node, path: &str, what: &str) -> Option<At<Decimal>> {
        let v = self.decimal(node, path, what)?;
        Some(At {
            v,
            pos: at(node, path),
        })
    }

    fn integer(&mut self, node: &Node, path: &str, what: &str) -> Option<At<u32>> {
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

    /// An amount tree (SPEC §2); `合计`/`小计` inside a map are stated totals.
    fn tree(&mut self, node: &Node, path: &str) -> Option<Tree> {
        let pos = at(node, path);
        match &node.kind {
            Kind::Map(entries) => {
                let mut children = Vec::new();
                let mut stated = None;
                let mut ok = true;
                for (key, value) in entries {
                    let p = join(path, &key.name);
                    if key.name == "合计" || key.name == "小计" {
                        match self.amount(value, &p) {
                            Some(a) if stated.is_none() => stated = Some(a),
                            Some(_) => {
                                self.error(at(value, &p), "同一级只能写一个“合计”或“小计”");
                                ok = false;
                            }
                            None => ok = false,
                        }
                        continue;
                    }
                    if key.name.chars().count() > super::MAX_LINE_CHARS {
                        let pos = Pos {
                            line: key.line,
                            col: key.col,
                            path: p.clone(),
                        };
                        self.error(
                            pos,
                            format!("名称太长：最多 {} 个字", super::MAX_LINE_CHARS),
                        );
                        ok = false;
                        continue;
                    }
                    match self.tree(value, &p) {
                        Some(t) => children.push((key.name.clone(), t)),
                        None => ok = false,
                    }
                }
                ok.then_some(Tree {
                    pos,
                    kind: TreeKind::Branch { children, stated },
                })
            }
            _ => self.amount(node, path).map(|a| Tree {
                pos,
                kind: TreeKind::Leaf(a.v),
            }),
        }
    }

    fn opt_tree(&mut self, f: &Fields, key: &str) -> Option<Tree> {
        let node = f.get(key)?;
        self.tree(node, &f.child(key))
    }

    fn document(&mut self, root: &Node) -> Option<Input> {
        if matches!(root.kind, Kind::Null) {
            self.error(at(root, ""), "文件是空的")
                .with("请从 examples/ 中复制一个示例文件再修改");
            return None;
        }
        let f = self.map(
            root,
            "",
            &[
                "年度",
                "单位",
                "单位编码",
                "报告日期",
                "概况",
                "收支",
                "指标",
                "问题",
                "措施",
                "结果应用",
                "其他说明",
                "签字",
            ],
        )?;
        let year = match f.get("年度") {
            Some(n) => self.integer(n, "年度", "年度").and_then(|y| {
                if (1949..=2200).contains(&y.v) {
                    Some(At {
                        v: y.v as i32,
                        pos: y.pos,
                    })
                } else {
                    self.error(y.pos, format!("年度 {} 不是有效的年份", y.v))
                        .with("写4位年份，例如 2024");
                    None
                }
            }),
            None => {
                self.missing(&f, "年度", "年度: 2024");
                None
            }
        };
        let dept = match f.get("单位") {
            Some(n) => self.line(n, "单位").map(|v| At {
                v,
                pos: at(n, "单位"),
            }),
            None => {
                self.missing(&f, "单位", "单位: 示例县教育局");
                None
            }
        };
        let code = self.opt_line(&f, "单位编码");
        let date = f.get("报告日期").and_then(|n| self.date(n, "报告日期"));
        let overview = match f.get("概况") {
            Some(n) => self.overview(n, "概况").unwrap_or_default(),
            None => Overview::default(),
        };
        let finance = match f.get("收支") {
            Some(n) => self.finance(n, "收支"),
            None => {
                self.missing(&f, "收支", "收支:（见 examples/ 中的示例）");
                None
            }
        };
        let indicators = match f.get("指标") {
            Some(n) => self.indicators(n, "指标"),
            None => {
                self.missing(&f, "指标", "指标:（见 examples/ 中的示例）");
                None
            }
        };
        let list = |w: &mut Self, key: &str| {
            let pos = f.get(key).map(|n| at(n, key)).unwrap_or_else(|| Pos {
                path: key.to_string(),
                ..f.pos.clone()
            });
            let v = f.get(key).map(|n| w.paragraphs(n, key)).unwrap_or_default();
            At { v, pos }
        };
        let problems = list(self, "问题");
        let measures = list(self, "措施");
        let application = self.opt_text(&f, "结果应用");
        let other = self.opt_text(&f, "其他说明");
        let sign = match f.get("签字") {
            Some(n) => self.sign(n, "签字").unwrap_or_default(),
            None => Sign::default(),
        };
        Some(Input {
            year: year?,
            dept: dept?,
            code,
            date,
            overview,
            finance: finance?,
            indicators: indicators?,
            problems,
            measures,
            application,
            other,
            sign,
        })
    }

    fn date(&mut self, node: &Node, path: &str) -> Option<NaiveDate> {
        let text = self.text(node, path)?;
        let normalized: String = text.replace(['年', '月', '/', '.'], "-").replace('日', "");
        match NaiveDate::parse_from_str(normalized.trim_end_matches('-'), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.error(at(node, path), format!("日期格式不对：“{text}”"))
                    .with("写成 年-月-日，例如 2025-03-20；不填则落款日期留空");
                None
            }
        }
    }

    fn overview(&mut self, node: &Node, path: &str) -> Option<Overview> {
        let f = self.map(node, path, &["职能", "机构", "人员", "重点工作"])?;
        let mut o = Overview::default();
        if let Some(n) = f.get("职能") {
            o.duties = self.paragraphs(n, &f.child("职能"));
        }
        if let Some(n) = f.get("机构") {
            let p = f.child("机构");
            if let Some(m) = self.map(n, &p, &["内设机构", "二级机构"]) {
                if let Some(n) = m.get("内设机构") {
                    o.internal = self.names(n, &m.child("内设机构"));
                }
                if let Some(n) = m.get("二级机构") {
                    o.secondary = self.names(n, &m.child("二级机构"));
                }
            }
        }
        if let Some(n) = f.get("人员") {
            let p = f.child("人员");
            if let Some(m) = self.map(n, &p, &["编制数", "在职人数", "退休人数", "其他人数"])
            {
                let int = |w: &mut Self, key: &str| {
                    m.get(key).and_then(|n| w.integer(n, &m.child(key), "人数"))
                };
                o.staff = Staff {
                    quota: int(self, "编制数"),
                    active: int(self, "在职人数"),
                    retired: int(self, "退休人数").map(|a| a.v),
                    other: int(self, "其他人数").map(|a| a.v),
                };
            }
        }
        if let Some(n) = f.get("重点工作") {
            let p = f.child("重点工作");
            o.works = self.works(n, &p);
        }
        Some(o)
    }

    /// A list of names, or one name (or names separated by 、).
    fn names(&mut self, node: &Node, path: &str) -> Vec<String> {
        match &node.kind {
            Kind::Str(s) => s
                .split(['、', '，', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            _ => self.paragraphs(node, path),
        }
    }

    fn works(&mut self, node: &Node, path: &str) -> Vec<Work> {
        let Kind::Seq(items) = &node.kind else {
            return self
                .paragraphs(node, path)
                .into_iter()
                .map(|content| Work {
                    title: None,
                    content,
                })
                .collect();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{}]", i + 1);
            if let Kind::Map(_) = item.kind {
                let Some(m) = self.map(item, &p, &["标题", "内容"]) else {
                    continue;
                };
                let title = self.opt_text(&m, "标题");
                let content = self.opt_text(&m, "内容").unwrap_or_default();
                if title.is_none() && content.is_empty() {
                    self.error(at(item, &p), "重点工作既没有标题也没有内容")
                        .with("写成 - 标题: …  换行  内容: …，或只写一句话");
                    continue;
                }
                out.push(Work { title, content });
            } else if let Some(content) = self.text(item, &p) {
                out.push(Work {
                    title: None,
                    content,
                });
            }
        }
        out
    }

    fn finance(&mut self, node: &Node, path: &str) -> Option<Finance> {
        let f = self.map(
            node,
            path,
            &[
                "金额单位",
                "预算",
                "收入",
                "基本支出",
                "项目支出",
                "支出合计",
                "项目支出合计",
                "结余",
                "上年",
                "三公经费",
                "政府性基金预算支出",
                "国有资本经营预算支出",
                "社会保险基金预算支出",
                "政府采购",
                "资产",
            ],
        )?;
        let mut ok = true;
        if let Some(n) = f.get("金额单位") {
            match self.text(n, &f.child("金额单位")).as_deref() {
                Some("万元") => {}
                Some("元") => self.yuan = true,
                Some(other) => {
                    self.error(
                        at(n, &f.child("金额单位")),
                        format!("金额单位只能是“万元”或“元”，写的是“{other}”"),
                    );
                    ok = false;
                }
                None => ok = false,
            }
        }
        let (mut budget_initial, mut budget_full) = (None, None);
        match f.get("预算") {
            Some(n) => {
                let p = f.child("预算");
                if let Some(m) = self.map(n, &p, &["年初预算数", "全年预算数"]) {
                    budget_initial = self.opt_amount(&m, "年初预算数");
                    budget_full = self.opt_amount(&m, "全年预算数");
                    if budget_initial.is_none() && budget_full.is_none() && self.diags.is_empty() {
                        self.error(m.pos.clone(), "预算中至少要写“全年预算数”或“年初预算数”")
                            .with("执行率 = 支出合计 ÷ 全年预算数，例如 全年预算数: 880.57");
                    }
                }
            }
            None => self.missing(&f, "预算", "预算: {年初预算数: 281.98, 全年预算数: 880.57}"),
        }
        let income = self.opt_tree(&f, "收入");
        let basic = match f.get("基本支出") {
            Some(n) => self.tree(n, &f.child("基本支出")),
            None => {
                self.missing(
                    &f,
                    "基本支出",
                    "基本支出: {人员经费: 177.57, 公用经费: 15.56}",
                );
                None
            }
        };
        let projects_pos = f
            .get("项目支出")
            .map(|n| at(n, &f.child("项目支出")))
            .unwrap_or_else(|| Pos {
                path: f.child("项目支出"),
                ..f.pos.clone()
            });
        let projects = match f.get("项目支出") {
            Some(n) => self.projects(n, &f.child("项目支出")),
            None => Vec::new(),
        };
        let stated_spending = self.opt_amount(&f, "支出合计");
        let stated_projects = self.opt_amount(&f, "项目支出合计");
        let stated_balance = self.opt_amount(&f, "结余");
        let last = f
            .get("上年")
            .and_then(|n| self.last_year(n, &f.child("上年")));
        let sangong = f.get("三公经费").and_then(|n| {
            let p = f.child("三公经费");
            let m = self.map(n, &p, &["预算", "决算", "上年决算"])?;
            Some(Sangong {
                budget: self.opt_tree(&m, "预算"),
                actual: self.opt_tree(&m, "决算"),
                last: self.opt_tree(&m, "上年决算"),
            })
        });
        let gov_fund = self.opt_tree(&f, "政府性基金预算支出");
        let state_capital = self.opt_tree(&f, "国有资本经营预算支出");
        let social_insurance = self.opt_tree(&f, "社会保险基金预算支出");
        let procurement = self.opt_tree(&f, "政府采购");
        let assets = f.get("资产").and_then(|n| {
            let p = f.child("资产");
            let m = self.map(n, &p, &["资产总额", "负债总额"])?;
            Some(Assets {
                total: self.opt_amount(&m, "资产总额"),
                liabilities: self.opt_amount(&m, "负债总额"),
            })
        });
        if !ok {
            return None;
        }
        Some(Finance {
            pos: f.pos.clone(),
            yuan: self.yuan,
            budget_initial,
            budget_full,
            income,
            basic: basic?,
            projects,
            projects_pos,
            last,
            sangong,
            gov_fund,
            state_capital,
            social_insurance,
            procurement,
            assets,
            stated_spending,
            stated_projects,
            stated_balance,
        })
    }

    fn projects(&mut self, node: &Node, path: &str) -> Vec<Project> {
        let Kind::Seq(items) = &node.kind else {
            self.wrong_type(node, path, "项目清单（每个项目以“- 名称:”开头）");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{}]", i + 1);
            let Some(m) = self.map(item, &p, &["名称", "金额", "预算", "说明"]) else {
                continue;
            };
            let name = self.opt_line(&m, "名称");
            if name.is_none() {
                self.missing(&m, "名称", "名称: 业务工作经费");
            }
            let amount = match m.get("金额") {
                Some(n) => self.amount(n, &m.child("金额")),
                None => {
                    self.missing(&m, "金额", "金额: 667.10");
                    None
                }
            };
            let budget = self.opt_amount(&m, "预算");
            let note = self.opt_text(&m, "说明");
            if let (Some(name), Some(amount)) = (name, amount) {
                out.push(Project {
                    pos: at(item, &p),
                    name,
                    amount,
                    budget,
                    note,
                });
            }
        }
        out
    }

    fn last_year(&mut self, node: &Node, path: &str) -> Option<LastYear> {
        let m = self.map(
            node,
            path,
            &["收入", "基本支出", "项目支出", "项目支出合计", "支出合计"],
        )?;
        Some(LastYear {
            income: self.opt_tree(&m, "收入"),
            basic: self.opt_tree(&m, "基本支出"),
            projects: m
                .get("项目支出")
                .map(|n| self.projects(n, &m.child("项目支出"))),
            stated_projects: self.opt_amount(&m, "项目支出合计"),
            stated_spending: self.opt_amount(&m, "支出合计"),
        })
    }

    fn indicators(&mut self, node: &Node, path: &str) -> Option<Indicators> {
        let mut allowed: Vec<&str> = vec!["总体目标", "预算执行率", "总分", "等级"];
        let catalogue = self.catalogue;
        allowed.extend(catalogue.groups.iter().map(|(n, _)| n.as_str()));
        let f = self.map(node, path, &allowed)?;
        let (mut goal_expected, mut goal_achieved) = (None, None);
        if let Some(n) = f.get("总体目标") {
            let p = f.child("总体目标");
            if let Some(m) = self.map(n, &p, &["预期", "完成"]) {
                goal_expected = self.opt_text(&m, "预期");
                goal_achieved = self.opt_text(&m, "完成");
            }
        }
        let (mut rate_weight, mut rate_score) = (None, None);
        match f.get("预算执行率") {
            Some(n) => {
                let p = f.child("预算执行率");
                if let Some(m) = self.map(n, &p, &["分值", "得分"]) {
                    match m.get("分值") {
                        Some(n) => rate_weight = self.score(n, &m.child("分值"), "分值"),
                        None => self.missing(&m, "分值", "分值: 10"),
                    }
                    rate_score = m
                        .get("得分")
                        .and_then(|n| self.score(n, &m.child("得分"), "得分"));
                }
            }
            None => self.missing(&f, "预算执行率", "预算执行率: {分值: 10}"),
        }
        let mut groups = Vec::new();
        for (key, value) in &f.entries {
            if let Some(subs) = catalogue.subs(&key.name)
                && let Some(g) = self.group(&key.name, value, &f.child(&key.name), subs)
            {
                groups.push(g);
            }
        }
        let stated_total = f
            .get("总分")
            .and_then(|n| self.score(n, &f.child("总分"), "总分"));
        let stated_grade = f.get("等级").and_then(|n| {
            let p = f.child("等级");
            self.text(n, &p).map(|v| At { v, pos: at(n, &p) })
        });
        Some(Indicators {
            pos: f.pos.clone(),
            goal_expected,
            goal_achieved,
            rate_weight,
            rate_score,
            groups,
            stated_total,
            stated_grade,
        })
    }

    fn group(&mut self, name: &str, node: &Node, path: &str, subs: &[String]) -> Option<Group> {
        let mut allowed: Vec<&str> = subs.iter().map(String::as_str).collect();
        allowed.extend(["分值", "得分"]);
        let f = self.map(node, path, &allowed)?;
        let mut group = Group {
            name: name.to_string(),
            pos: f.pos.clone(),
            stated_weight: f
                .get("分值")
                .and_then(|n| self.score(n, &f.child("分值"), "分值")),
            stated_score: f
                .get("得分")
                .and_then(|n| self.score(n, &f.child("得分"), "得分")),
            subs: Vec::new(),
        };
        for (key, value) in &f.entries {
            if key.name == "分值" || key.name == "得分" {
                continue;
            }
            let p = f.child(&key.name);
            let items = self.items(value, &p);
            if !items.is_empty() {
                group.subs.push(Sub {
                    name: key.name.clone(),
                    pos: at(value, &p),
                    items,
                });
            }
        }
        Some(group)
    }

    fn items(&mut self, node: &Node, path: &str) -> Vec<Item> {
        let items = match &node.kind {
            Kind::Seq(items) => items,
            Kind::Null => return Vec::new(),
            _ => {
                self.wrong_type(node, path, "三级指标清单（每个指标以“- 名称:”开头）");
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{}]", i + 1);
            let Some(m) = self.map(
                item,
                &p,
                &["名称", "指标值", "完成值", "分值", "得分", "偏差"],
            ) else {
                continue;
            };
            let name = self.opt_line(&m, "名称");
            if name.is_none() {
                self.missing(&m, "名称", "名称: 大力培养规模工业企业");
            }
            let num = |w: &mut Self, key: &str, example: &str| match m.get(key) {
                Some(n) => w.score(n, &m.child(key), key),
                None => {
                    w.missing(&m, key, example);
                    None
                }
            };
            let weight = num(self, "分值", "分值: 10");
            let score = num(self, "得分", "得分: 10");
            let target = self.opt_text(&m, "指标值").unwrap_or_default();
            let actual = self.opt_text(&m, "完成值").unwrap_or_default();
            let deviation = self.opt_text(&m, "偏差");
            if let (Some(name), Some(weight), Some(score)) = (name, weight, score) {
                out.push(Item {
                    pos: at(item, &p),
                    name,
                    target,
                    actual,
                    weight,
                    score,
                    deviation,
                });
            }
        }
        out
    }

    fn sign(&mut self, node: &Node, path: &str) -> Option<Sign> {
        let f = self.map(
            node,
            path,
            &["填表人", "联系电话", "单位负责人", "评价组组长", "评价人员"],
        )?;
        let mut sign = Sign {
            filler: self.opt_line(&f, "填表人"),
            phone: self.opt_line(&f, "联系电话"),
            head: self.opt_line(&f, "单位负责人"),
            leader: self.opt_line(&f, "评价组组长"),
            evaluators: Vec::new(),
        };
        if let Some(n) = f.get("评价人员") {
            let p = f.child("评价人员");
            match &n.kind {
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let ip = format!("{p}[{}]", i + 1);
                        let Some(m) = self.map(item, &ip, &["姓名", "职务", "单位"]) else {
                            continue;
                        };
                        match self.opt_line(&m, "姓名") {
                            Some(name) => sign.evaluators.push(Evaluator {
                                name,
                                title: self.opt_line(&m, "职务").unwrap_or_default(),
                                unit: self.opt_line(&m, "单位").unwrap_or_default(),
                            }),
                            None => {
                                self.missing(&m, "姓名", "{姓名: 李四, 职务: 局长, 单位: 科工局}")
                            }
                        }
                    }
                }
                _ => self.wrong_type(n, &p, "人员清单（每人一行，以“- ”开头）"),
            }
        }
        Some(sign)
    }
}

/// Trims a text and joins its lines: a line break inside a YAML block
/// scalar is a wrap, not a new paragraph (lists make paragraphs).
fn clean(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<Input, Vec<Diagnostic>> {
        super::super::load(src, &IndicatorCatalogue::default())
    }

    const MINIMAL: &str = "年度: 2024\n单位: 测试局\n收支:\n  预算: {全年预算数: 100}\n  基本支出: {人员经费: 50.10, 公用经费: 10}\n  项目支出:\n    - {名称: 甲, 金额: 30}\n指标:\n  预算执行率: {分值: 10}\n  产出:\n    数量:\n      - {名称: a, 指标值: \"≥5家\", 完成值: 6家, 分值: 90, 得分: 88}\n";

    #[test]
    fn minimal_file_loads_with_exact_amounts() {
        let input = load(MINIMAL).unwrap();
        assert_eq!(input.year.v, 2024);
        let TreeKind::Branch { children, .. } = &input.finance.basic.kind else {
            panic!("branch expected")
        };
        assert_eq!(children[0].1.kind, TreeKind::Leaf(Decimal::new(5010, 2)));
        assert_eq!(input.indicators.groups[0].subs[0].items[0].target, "≥5家");
    }

    #[test]
    fn typo_gets_nearest_key_and_location() {
        let src = MINIMAL.replace("  产出:", "  效宜:\n    经济效益: []\n  产出:");
        let errs = load(&src).unwrap_err();
        let e = errs.iter().find(|d| d.message.contains("效宜")).unwrap();
        assert_eq!((e.pos.line, e.pos.path.as_str()), (10, "指标.效宜"));
        assert!(e.hints[0].contains("效益"), "{e}");
    }

    #[test]
    fn every_problem_of_a_file_is_reported() {
        let src = MINIMAL
            .replace("人员经费: 50.10", "人员经费: 五十")
            .replace("公用经费: 10", "公用经费: -3")
            .replace("金额: 30", "金额: 30万元");
        let errs = load(&src).unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:#?}");
        assert!(errs.iter().all(|e| e.pos.line == 5 || e.pos.line == 7));
        assert!(errs.iter().any(|e| e.pos.path == "收支.项目支出[1].金额"));
        assert!(errs.iter().any(|e| e.message.contains("负数")));
    }

    #[test]
    fn absurd_numbers_are_rejected_not_overflowed() {
        let src = MINIMAL.replace("公用经费: 10", "公用经费: 79228162514264337593543950335");
        let errs = load(&src).unwrap_err();
        assert!(
            errs[0].message.contains("过大") || errs[0].message.contains("应填"),
            "{errs:?}"
        );
        let src = MINIMAL.replace("公用经费: 10", "公用经费: 1e40");
        assert!(load(&src).is_err());
    }

    #[test]
    fn yuan_amounts_stay_as_written() {
        let src = MINIMAL.replace("  预算:", "  金额单位: 元\n  预算:");
        let input = load(&src).unwrap();
        assert!(input.finance.yuan);
        assert_eq!(input.finance.projects[0].amount.v, Decimal::new(30, 0));
        let src = MINIMAL.replace("  预算:", "  金额单位: 千元\n  预算:");
        assert!(load(&src).is_err());
    }

    #[test]
    fn missing_required_keys_are_named() {
        let errs = load("年度: 2024\n").unwrap_err();
        let paths: Vec<&str> = errs.iter().map(|e| e.pos.path.as_str()).collect();
        assert!(paths.contains(&"单位") && paths.contains(&"收支") && paths.contains(&"指标"));
    }
}
