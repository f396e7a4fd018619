//! Weights, the execution-rate score and the grade (contract §3, §6.1).

use super::scores::Group;
use super::{Checker, Percent, Score};
use crate::load::{self, contract as keys};
use rust_decimal::Decimal;

/// Points taken off the execution-rate score per full step of this many
/// percentage points away from 100% (湖南 rule, contract §3).
const RATE_STEP_PERCENT: i64 = 2;
/// The standard weight split: 预算执行率, 产出, 效益, 满意度.
pub const STANDARD_SPLIT: [(&str, i64); 4] = [
    (keys::RATE.key, 10),
    ("产出", 50),
    ("效益", 30),
    ("满意度", 10),
];

/// The grade of a total score (contract §3).
pub fn grade(total: Decimal) -> (&'static str, &'static str) {
    if total >= Decimal::from(90) {
        ("优", "优秀")
    } else if total >= Decimal::from(80) {
        ("良", "良好")
    } else if total >= Decimal::from(60) {
        ("中", "中等")
    } else {
        ("差", "较差")
    }
}

/// A stated 等级 read as its short grade, if it is one of the words of §3.
pub fn canonical_grade(text: &str) -> Option<&'static str> {
    match text {
        "优" | "优秀" => Some("优"),
        "良" | "良好" => Some("良"),
        "中" | "中等" => Some("中"),
        "差" | "较差" => Some("差"),
        _ => None,
    }
}

/// The execution-rate score by the 湖南 rule: full weight at 100%, one
/// point off per full 2 percentage points away from 100% (either side),
/// never below zero. The rate as computed, not as displayed (contract §3:
/// figures are exact, rounded once for display): 101.9975% shows as
/// 102.00% yet lies less than 2 full points away.
pub fn rate_score(rate: Percent, weight: Decimal) -> Decimal {
    let away = (rate.0 * Decimal::ONE_HUNDRED - Decimal::ONE_HUNDRED).abs();
    let off = (away / Decimal::from(RATE_STEP_PERCENT)).floor();
    (weight - off).max(Decimal::ZERO)
}

impl Checker {
    /// 预算执行率 分值 plus every score's 分值 must total 100; the standard
    /// split draws a warning when it is not followed.
    pub(super) fn check_weights(
        &mut self,
        ind: &load::Indicators,
        rate_weight: Option<Decimal>,
        items_weight: Decimal,
        groups: &[Group],
    ) {
        let rate_w = rate_weight.unwrap_or_default();
        let weights = rate_w + items_weight;
        let group_weight = |g: &Group| g.weight.map_or(Decimal::ZERO, |w| w.0);
        let parts: Vec<String> = rate_weight
            .map(|w| format!("{} {}", keys::RATE.key, Score(w)))
            .into_iter()
            .chain(
                groups
                    .iter()
                    .map(|g| format!("{} {}", g.name, Score(group_weight(g)))),
            )
            .collect();
        if weights != Decimal::ONE_HUNDRED {
            self.error(
                &ind.pos,
                format!(
                    "分值合计应为 100，实际为 {}（{}）",
                    Score(weights),
                    parts.join(" + ")
                ),
            )
            .with("请调整各指标的分值，使预算执行率分值与各指标分值之和为 100");
            return;
        }
        if rate_weight.is_none() {
            // No budget: the standard split cannot apply; the budget warning says why.
            return;
        }
        let standard = STANDARD_SPLIT.iter().all(|(name, w)| {
            let actual = if *name == keys::RATE.key {
                rate_w
            } else {
                groups
                    .iter()
                    .find(|g| g.name == *name)
                    .map_or(Decimal::ZERO, group_weight)
            };
            actual == Decimal::from(*w)
        }) && groups.len() == 3;
        if !standard {
            self.warning(
                &ind.pos,
                format!(
                    "分值分配不是标准的 预算执行率 10 / 产出 50 / 效益 30 / 满意度 10，而是 {}",
                    parts.join(" / ")
                ),
            );
        }
    }

    /// The execution-rate score used and the rule's. `None` when a
    /// 预算执行率 is scored but no rate could be computed.
    #[allow(clippy::type_complexity)]
    pub(super) fn rate_scores(
        &mut self,
        ind: &load::Indicators,
        rate: Option<Percent>,
    ) -> Option<(Option<Decimal>, Option<Decimal>)> {
        let Some(r) = &ind.rate else {
            return Some((None, None));
        };
        let rate_weight = r.weight.v;
        let Some(rate) = rate else {
            // The budget problem is already reported.
            return Some((r.score.as_ref().map(|s| s.v), None));
        };
        let rule = rate_score(rate, rate_weight);
        let used = match &r.score {
            Some(given) => {
                if given.v > rate_weight {
                    self.error(
                        &given.pos,
                        format!(
                            "预算执行率得分 {} 超过了分值 {}",
                            Score(given.v),
                            Score(rate_weight)
                        ),
                    );
                } else if given.v != rule {
                    self.warning(
                        &given.pos,
                        format!(
                            "预算执行率得分写的是 {}，按规则（执行率 {rate}，每偏离 100% 满 2 个百分点扣 1 分）应为 {}；报告采用写的得分",
                            Score(given.v),
                            Score(rule)
                        ),
                    )
                    .with("如无特殊原因，请删除“得分”一行，由工具按规则计算");
                }
                given.v
            }
            None => rule,
        };
        Some((Some(used), Some(rule)))
    }

    /// A stated 等级, checked against the total; returned as written.
    /// `strict`: a mismatch is an error (scored), else a warning.
    pub(super) fn stated_grade(
        &mut self,
        ind: &load::Indicators,
        total: Decimal,
        strict: bool,
    ) -> Option<String> {
        let st = ind.stated_grade.as_ref()?;
        let (short, _) = grade(total);
        match canonical_grade(&st.v) {
            None => {
                self.error(&st.pos, format!("等级“{}”无法识别", st.v))
                    .with("等级只能写 优/优秀、良/良好、中/中等、差/较差，也可以删除由工具计算");
                None
            }
            Some(g) if g != short => {
                let message = format!(
                    "等级写的是“{}”，但总分 {} 对应的等级是“{short}”",
                    st.v,
                    Score(total)
                );
                let hint = "90分及以上为优，80～90为良，60～80为中，60以下为差";
                if strict {
                    self.error(&st.pos, message).with(hint);
                } else {
                    self.warning(&st.pos, message).with(hint);
                }
                Some(st.v.clone())
            }
            Some(_) => Some(st.v.clone()),
        }
    }
}
