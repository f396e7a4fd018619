//! The stated 总分 and 等级 against the scores, and the words that explain
//! a score: which parts a total is made of, where points were lost, how
//! the execution rate scored by the rule. An officer told only "应为 85"
//! hunts for the 4 points; told "预算执行率 0（执行率 70.14%……）" they
//! see them.

use super::grading::{RATE_STEP_PERCENT, rate_score};
use super::scores::Group;
use super::{Amount, Checker, Percent, Score, last_key, matches_stated};
use crate::diag::Pos;
use crate::load::{self, contract as keys};
use rust_decimal::Decimal;

/// Keys under 指标 whose value no score depends on: texts, and the stated
/// 总分 and 等级 (checked against the scores, not part of them).
const NOT_SCORES: [&str; 10] = [
    "名称",
    "指标值",
    "完成值",
    "偏差",
    "说明",
    "总体目标",
    "预期",
    "完成",
    "总分",
    "等级",
];

/// The execution rate with what it is computed from, for the words.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rate {
    pub rate: Percent,
    /// 支出合计, or 全年执行数 when written.
    pub executed: Amount,
    pub executed_name: &'static str,
    pub base: Amount,
    pub base_name: &'static str,
}

/// The total score and its parts.
pub(super) struct Total<'a> {
    pub groups: &'a [Group],
    pub rate: Option<Rate>,
    /// The 预算执行率 score counted, and the rule's.
    pub rate_used: Option<Decimal>,
    pub rule: Option<Decimal>,
    pub total: Decimal,
    /// Lines of unread values that scores depend on.
    pub scores_unread: Vec<u32>,
}

/// Points away from 100% as shown: from the displayed rate, unless that
/// crosses a step of the rule the exact rate does not (101.9975% shows as
/// 102.00% yet lies less than 2 full points away).
fn points_away(rate: Percent) -> Decimal {
    let step = Decimal::from(RATE_STEP_PERCENT);
    let shown = (Decimal::ONE_HUNDRED - rate.shown()).abs();
    let exact = (rate.0 * Decimal::ONE_HUNDRED - Decimal::ONE_HUNDRED).abs();
    if (shown / step).floor() == (exact / step).floor() {
        shown
    } else {
        exact.trunc_with_scale(2)
    }
}

/// The rule at work, in words: "执行率 70.14%，偏离 100% 29.86 个百分点，
/// 每满 2 个百分点扣 1 分，分值 10 得 0 分".
pub(super) fn rate_rule_words(rate: Percent, weight: Decimal) -> String {
    format!(
        "执行率 {rate}，偏离 100% {} 个百分点，每满 {RATE_STEP_PERCENT} 个百分点扣 1 分，分值 {} 得 {} 分",
        Amount(points_away(rate)),
        Score(weight),
        Score(rate_score(rate, weight))
    )
}

impl Rate {
    /// "支出合计 2345.06 ÷ 全年预算数 3345.67".
    pub(super) fn basis(&self) -> String {
        format!(
            "{} {} ÷ {} {}",
            self.executed_name, self.executed, self.base_name, self.base
        )
    }
}

impl Checker {
    /// Lines of unread values under `part` of 指标 that scores depend on.
    pub(super) fn score_unread(&self, part: &str) -> Vec<u32> {
        self.unread_lines_where(&[part.to_string()], |p| !NOT_SCORES.contains(&last_key(p)))
    }

    /// Whether the 分值 or 得分 of the row or level at `pos` has its own
    /// error: nothing more is said of it.
    pub(super) fn figures_unread(&self, pos: &Pos) -> bool {
        let parts = [keys::WEIGHT.key, keys::SCORE.key].map(|k| format!("{}.{k}", pos.path));
        !self.unread_lines(&parts).is_empty()
    }

    /// A rule-scored 预算执行率 that lost points says how (the 总分 it
    /// lowers is otherwise a puzzle).
    pub(super) fn rate_lost(&mut self, r: &load::RateScore, rate: Rate, used: Decimal) {
        let weight = r.weight.v;
        if used >= weight {
            return;
        }
        self.warning(
            &r.pos,
            format!(
                "预算执行率扣了 {} 分：{}",
                Score(weight - used),
                rate_rule_words(rate.rate, weight)
            ),
        )
        .with(format!(
            "执行率 = {}；如执行率与实际不符，请核对这两个数",
            rate.basis()
        ));
    }

    /// 总分 and 等级 as written, against the scores; the grade to print.
    pub(super) fn check_total(&mut self, ind: &load::Indicators, t: &Total) -> Option<String> {
        let rate_unread = match (&ind.rate, t.rule, t.rate_used) {
            // Scored by the rule, but no rate: its figures were not read.
            (Some(r), None, None) if r.score.is_none() => {
                self.unread_lines(&super::finance::rate_parts())
            }
            _ => Vec::new(),
        };
        let mut unread = t.scores_unread.clone();
        // Through the rate: say so, or the officer looks among the scores.
        let via = match unread.is_empty() && !rate_unread.is_empty() {
            true => "预算执行率得分要按执行率计算，而",
            false => "",
        };
        unread.extend(rate_unread);
        unread.sort_unstable();
        unread.dedup();
        if !unread.is_empty() {
            if let Some(st) = &ind.stated_total {
                self.unchecked_via(&st.pos, keys::TOTAL.key, via, &unread);
            }
            if let Some(g) = &ind.stated_grade {
                self.unchecked_via(&g.pos, keys::GRADE.key, via, &unread);
            }
            return ind.stated_grade.as_ref().map(|g| g.v.clone());
        }
        // Without a rate the 预算执行率 score is unknown (its cause is reported).
        let known = ind.rate.is_none() || t.rule.is_some() || t.rate_used.is_some();
        if !known {
            return ind.stated_grade.as_ref().map(|g| g.v.clone());
        }
        if let Some(st) = &ind.stated_total
            && !matches_stated(st.v, t.total)
        {
            self.total_mismatch(ind, st.v, &st.pos, t);
        }
        self.stated_grade(ind, t.total, true)
    }

    /// 总分 written differently from the sum: the sum's parts, and where
    /// points were lost.
    fn total_mismatch(&mut self, ind: &load::Indicators, stated: Decimal, pos: &Pos, t: &Total) {
        let rate_weight = ind.rate.as_ref().map(|r| r.weight.v);
        let mut parts = Vec::new();
        let mut lost = Vec::new();
        if let (Some(w), Some(used)) = (rate_weight, t.rate_used) {
            parts.push(format!("{} {}", keys::RATE.key, Score(used)));
            if used < w {
                let why = match (t.rate, ind.rate.as_ref().and_then(|r| r.score.as_ref())) {
                    (_, Some(_)) => format!("得分按所写的 {} 分计", Score(used)),
                    (Some(rate), None) => rate_rule_words(rate.rate, w),
                    (None, None) => String::new(),
                };
                lost.push(format!(
                    "{} 扣 {} 分（{why}）",
                    keys::RATE.key,
                    Score(w - used)
                ));
            }
        }
        for g in t.groups {
            let (w, s) = (g.weight.unwrap_or_default(), g.score.unwrap_or_default());
            parts.push(format!("{} {}", g.name, s));
            if s.0 < w.0 {
                lost.push(format!(
                    "{} 扣 {} 分（分值 {w}，得分 {s}）",
                    g.name,
                    Score(w.0 - s.0)
                ));
            }
        }
        let d = self.error(
            pos,
            format!(
                "总分写的是 {}，按各项得分相加应为 {}（{}）",
                Score(stated),
                Score(t.total),
                parts.join(" + ")
            ),
        );
        if !lost.is_empty() {
            d.with(format!("扣分的有：{}", lost.join("；")));
        }
        d.with("请核对各项得分，或删除“总分”一行由工具计算");
    }
}
