//! 三级指标 rows against their own targets (contract §6.7): 指标值 and 完成值
//! read as figures where they are figures, each row judged met or missed,
//! and the four warnings a reviewer looks for — a missed target scored in
//! full, a missed target scored above the proportional rule, a deduction
//! with no reason, and a row without a name that still carries points.
//!
//! Only warnings: the report renders as written. A text that is not a
//! plain figure (定性, 有效推动, "完成50%", "6家（其中…）") is not judged, nor
//! is a row whose two units differ: a false alarm costs the reviewer as
//! much as a miss. Figures are exact decimals, never floats.

use super::scores::Sums;
use super::{Checker, Score, round2};
use crate::load;
use rust_decimal::Decimal;

/// Units a figure may carry, each with its size in the unit it compares
/// in: money converts (元, 万元, 亿元 all compare in 元); every other unit
/// compares only with itself. Longest first, so 万人次 is not read as 次.
const UNITS: [(&str, &str, i64); 37] = [
    ("个百分点", "个百分点", 1),
    ("个工作日", "个工作日", 1),
    ("万人次", "万人次", 1),
    ("工作日", "工作日", 1),
    ("百分点", "百分点", 1),
    ("亿元", "元", 100_000_000),
    ("万元", "元", 10_000),
    ("人次", "人次", 1),
    ("户次", "户次", 1),
    ("批次", "批次", 1),
    ("台套", "台套", 1),
    ("万人", "万人", 1),
    ("万亩", "万亩", 1),
    ("万字", "万字", 1),
    ("万页", "万页", 1),
    ("公里", "公里", 1),
    ("小时", "小时", 1),
    ("元", "元", 1),
    ("%", "%", 1),
    ("家", "家", 1),
    ("个", "个", 1),
    ("人", "人", 1),
    ("所", "所", 1),
    ("项", "项", 1),
    ("次", "次", 1),
    ("天", "天", 1),
    ("户", "户", 1),
    ("件", "件", 1),
    ("台", "台", 1),
    ("套", "套", 1),
    ("场", "场", 1),
    ("起", "起", 1),
    ("处", "处", 1),
    ("部", "部", 1),
    ("篇", "篇", 1),
    ("亩", "亩", 1),
    ("吨", "吨", 1),
];

/// Units of time: a bare figure in one of them is a deadline or a time
/// limit, where less is better as often as more, so it is not judged
/// (write ≤ or ≥ to have it judged).
const TIME_UNITS: [&str; 4] = ["天", "小时", "工作日", "个工作日"];

/// How a target compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// ≥
    AtLeast,
    /// >
    Above,
    /// ≤
    AtMost,
    /// <
    Below,
    /// =
    Equal,
    /// A bare figure: 正向, like ≥.
    Bare,
}

/// A figure with its unit: `value` in the unit it compares in (元 for
/// money), `unit` that unit with any "/亩"-style tail, for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: String,
}

/// A row judged: met, or missed with the ratio the proportional rule
/// gives (完成 ÷ 目标 when short, 目标 ÷ 完成 when over a ≤ target), below 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed { ratio: Decimal, downward: bool },
}

/// Reads a 指标值: an optional relation, a figure, a unit.
pub fn parse_target(text: &str) -> Option<(Relation, Quantity)> {
    let t = text.trim();
    let (rel, rest) = [
        (">=", Relation::AtLeast),
        ("<=", Relation::AtMost),
        ("≥", Relation::AtLeast),
        ("≧", Relation::AtLeast),
        ("≤", Relation::AtMost),
        ("≦", Relation::AtMost),
        (">", Relation::Above),
        ("＞", Relation::Above),
        ("<", Relation::Below),
        ("＜", Relation::Below),
        ("=", Relation::Equal),
        ("＝", Relation::Equal),
    ]
    .into_iter()
    .find_map(|(sign, rel)| t.strip_prefix(sign).map(|r| (rel, r)))
    .unwrap_or((Relation::Bare, t));
    let q = parse_quantity(rest)?;
    if rel == Relation::Bare && TIME_UNITS.contains(&q.unit.as_str()) {
        return None;
    }
    Some((rel, q))
}

/// Reads a 完成值 or the figure of a 指标值: digits with at most one
/// decimal point, then one of [`UNITS`] (optionally "/something" after
/// it) or nothing, and nothing else.
pub fn parse_quantity(text: &str) -> Option<Quantity> {
    let t = text.trim().replace('％', "%");
    let digits = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value: Decimal = number.parse().ok()?;
    let unit = unit.trim();
    if unit.is_empty() {
        return Some(Quantity {
            value,
            unit: String::new(),
        });
    }
    let (base, per) = match unit.split_once('/') {
        Some((base, per)) if !per.trim().is_empty() => (base.trim(), format!("/{}", per.trim())),
        Some(_) => return None,
        None => (unit, String::new()),
    };
    let (_, compares_in, size) = UNITS.iter().find(|(name, _, _)| *name == base)?;
    Some(Quantity {
        value: value.checked_mul(Decimal::from(*size))?,
        unit: format!("{compares_in}{per}"),
    })
}

/// Whether `actual` meets the target; `None` when either is not a figure
/// or their units differ.
pub fn judge(target: &str, actual: &str) -> Option<Verdict> {
    let (rel, goal) = parse_target(target)?;
    let done = parse_quantity(actual)?;
    if goal.unit != done.unit {
        return None;
    }
    let (g, d) = (goal.value, done.value);
    let met = match rel {
        Relation::AtLeast | Relation::Bare => d >= g,
        Relation::Above => d > g,
        Relation::AtMost => d <= g,
        Relation::Below => d < g,
        Relation::Equal => d == g,
    };
    if met {
        return Some(Verdict::Met);
    }
    // Missed: short of the target, or over it (≤, <, and = from above).
    let downward = d > g;
    let ratio = match downward {
        true => g.checked_div(d)?,
        false if g.is_zero() => Decimal::ZERO,
        false => d.checked_div(g)?,
    };
    Some(Verdict::Missed { ratio, downward })
}

/// The level whose score a row without its own lies under (§6.1).
pub(super) struct Carrier {
    /// "一级指标“产出”" or "二级指标“社会效益”".
    pub what: String,
    pub sums: Sums,
}

/// A 偏差 that gives no reason: absent, blank, 无 or 无偏差.
fn no_reason(deviation: &Option<String>) -> bool {
    deviation
        .as_deref()
        .map(str::trim)
        .is_none_or(|d| d.is_empty() || d == "无" || d == "无偏差")
}

impl Checker {
    /// Every check of §6.7 on one row: `own` is its own score, `carrier`
    /// the 二级/一级 score it lies under when it has none.
    pub(super) fn check_row(
        &mut self,
        it: &load::Item,
        own: Option<Sums>,
        carrier: Option<&Carrier>,
    ) {
        self.check_name(it, carrier);
        let verdict = judge(&it.target, &it.actual);
        match (own, carrier) {
            (Some(s), _) => {
                if let Some(Verdict::Missed { ratio, downward }) = verdict {
                    self.missed_scored(it, s, ratio, downward);
                }
                self.deduction_without_reason(it, s);
            }
            (None, Some(c)) if matches!(verdict, Some(Verdict::Missed { .. })) => {
                self.missed_under_full(it, c)
            }
            _ => {}
        }
    }

    /// A missed row without a score of its own, under a level scored in full.
    fn missed_under_full(&mut self, it: &load::Item, c: &Carrier) {
        if c.sums.weight <= Decimal::ZERO || c.sums.score != c.sums.weight {
            return;
        }
        self.warning(
            &it.pos,
            format!(
                "三级指标“{}”未达到目标（指标值 {}，完成值 {}），它所在的{}却得了满分 {} 分",
                it.name,
                it.target.trim(),
                it.actual.trim(),
                c.what,
                Score(c.sums.weight)
            ),
        )
        .with(format!(
            "请核实完成值，或按完成情况调低{}的得分并在说明中写明原因",
            c.what
        ));
    }

    /// A missed target with its own score: in full, or above the rule.
    fn missed_scored(&mut self, it: &load::Item, s: Sums, ratio: Decimal, downward: bool) {
        let rule = round2(s.weight * ratio);
        let formula = match downward {
            true => "分值 × 目标 ÷ 完成",
            false => "分值 × 完成 ÷ 目标",
        };
        let missed = format!(
            "三级指标“{}”未达到目标（指标值 {}，完成值 {}）",
            it.name,
            it.target.trim(),
            it.actual.trim()
        );
        if s.score == s.weight {
            self.warning(
                &it.pos,
                format!("{missed}，却得了满分 {} 分", Score(s.weight)),
            )
            .with(format!(
                "按比例计分（{formula}）应为 {} 分；请核实完成值，或调低得分并在“偏差”中写明原因",
                Score(rule)
            ));
        } else if s.score > rule {
            self.warning(
                &it.pos,
                format!(
                    "{missed}，得分 {} 高于按比例计算的 {} 分（{formula}，分值 {}）",
                    Score(s.score),
                    Score(rule),
                    Score(s.weight)
                ),
            )
            .with("请核实得分；确有理由高于比例得分的，请在“偏差”中写明");
        }
    }

    /// Points taken off with no reason given in 偏差.
    fn deduction_without_reason(&mut self, it: &load::Item, s: Sums) {
        if s.score >= s.weight || !no_reason(&it.deviation) {
            return;
        }
        let written = match it.deviation.as_deref().map(str::trim) {
            None | Some("") => "没有写偏差".to_string(),
            Some(d) => format!("偏差写的是“{d}”"),
        };
        self.warning(
            &it.pos,
            format!(
                "三级指标“{}”扣了 {} 分（分值 {}，得分 {}），但{written}",
                it.name,
                Score(s.weight - s.score),
                Score(s.weight),
                Score(s.score)
            ),
        )
        .with("请在“偏差”中写明扣分的原因和改进措施");
    }

    /// A row without a real name: named 无 or left blank. It still counts
    /// when it carries points, its own or its 二级's/一级's.
    fn check_name(&mut self, it: &load::Item, carrier: Option<&Carrier>) {
        let name = it.name.trim();
        if !name.is_empty() && name != "无" {
            return;
        }
        let shown = match name.is_empty() {
            true => "空着",
            false => "写作“无”",
        };
        match (&it.weight, carrier) {
            (Some(w), _) => self
                .warning(
                    &it.pos,
                    format!("三级指标名称{shown}，却有分值 {} 分", Score(w.v)),
                )
                .with("请写明指标名称；确实没有这个指标就删除这一条，把分值分给其他指标"),
            (None, Some(c)) => self
                .warning(
                    &it.pos,
                    format!(
                        "三级指标名称{shown}，却计入{}的分值（{} 分，得分 {}）",
                        c.what,
                        Score(c.sums.weight),
                        Score(c.sums.score)
                    ),
                )
                .with(format!(
                    "请写明指标名称；确实没有这个指标就删除这一条，{}的得分只按其他指标评定",
                    c.what
                )),
            (None, None) => self
                .warning(&it.pos, format!("三级指标名称{shown}"))
                .with("请写明指标名称，或删除这一条"),
        };
    }
}

#[cfg(test)]
mod tests;
