//! Weights, the execution-rate score and the grade (contract §3, §6.1).

use super::scores::Group;
use super::totals::{Rate, rate_rule_words};
use super::{Checker, Percent, Score};
use crate::diag::Pos;
use crate::load::{self, contract as keys};
use rust_decimal::Decimal;

/// Points taken off the execution-rate score per full step of this many
/// percentage points away from 100% (湖南 rule, contract §3).
pub(super) const RATE_STEP_PERCENT: i64 = 2;
/// The standard weight split: 预算执行率, 产出, 效益, 满意度.
pub const STANDARD_SPLIT: [(&str, i64); 4] = [
    (keys::RATE.key, 10),
    ("产出", 50),
    ("效益", 30),
    ("满意度", 10),
];

/// A 一级's weight: its own, or the sum of the weights below it.
fn group_weight(g: &Group) -> Decimal {
    g.weight.map_or(Decimal::ZERO, |w| w.0)
}

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
            self.weights_off(ind, weights, &parts, groups);
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

    /// Weights not totalling 100: said at the level whose weight departs
    /// from the standard split, with that split and the level's parts.
    fn weights_off(
        &mut self,
        ind: &load::Indicators,
        weights: Decimal,
        parts: &[String],
        groups: &[Group],
    ) {
        // (name, weight, standard, where): each part off the standard.
        let mut off: Vec<(String, Decimal, i64, Option<Pos>)> = Vec::new();
        for (name, standard) in STANDARD_SPLIT {
            let (weight, pos) = if name == keys::RATE.key {
                let r = ind.rate.as_ref();
                (
                    r.map_or(Decimal::ZERO, |r| r.weight.v),
                    r.map(|r| r.weight.pos.clone()),
                )
            } else {
                let g = groups.iter().position(|g| g.name == name);
                let pos = g
                    .and_then(|i| ind.groups.get(i))
                    .map(|lg| lg.weight.as_ref().map_or(&lg.pos, |w| &w.pos).clone());
                (g.map_or(Decimal::ZERO, |i| group_weight(&groups[i])), pos)
            };
            if ind.rate.is_none() && name == keys::RATE.key {
                continue; // No budget, no 执行率 weight: no split applies.
            }
            if weight != Decimal::from(standard) {
                off.push((name.to_string(), weight, standard, pos));
            }
        }
        let at = off
            .iter()
            .find_map(|o| o.3.clone())
            .unwrap_or_else(|| ind.pos.clone());
        let said: Vec<String> = off
            .iter()
            .map(|(name, w, standard, _)| match w.is_zero() {
                true => format!("{name} 没有分值（标准为 {standard}）"),
                false => format!("{name} {}（标准为 {standard}）", Score(*w)),
            })
            .collect();
        let tail = match said.is_empty() {
            true => String::new(),
            false => format!("：{}", said.join("，")),
        };
        let d = self.error(
            &at,
            format!(
                "分值合计应为 100，实际为 {}（{}）{tail}",
                Score(weights),
                parts.join(" + ")
            ),
        );
        if !off.is_empty() {
            d.with("标准分配为 预算执行率 10 / 产出 50 / 效益 30 / 满意度 10");
        }
        for (name, ..) in &off {
            let Some(g) = groups.iter().find(|g| g.name == *name && !g.scored_here) else {
                continue;
            };
            let scored: Vec<&super::scores::Sub> =
                g.subs.iter().filter(|s| s.weight.is_some()).collect();
            let subs: Vec<String> = scored
                .iter()
                .filter_map(|s| {
                    let named = format!("{} {}", s.name, s.weight?);
                    // One 二级: its rows are what to look at.
                    let rows: Vec<String> = s
                        .items
                        .iter()
                        .filter_map(|i| Some(format!("{} {}", i.name, i.weight?)))
                        .collect();
                    Some(match (scored.len(), rows.len()) {
                        (1, 2..) => format!("{named}（{}）", rows.join(" + ")),
                        _ => named,
                    })
                })
                .collect();
            if !subs.is_empty() {
                d.with(format!(
                    "{}的分值由其下各项相加：{}",
                    g.name,
                    subs.join(" + ")
                ));
            }
        }
        d.with("请调整各指标的分值，使预算执行率分值与各指标分值之和为 100");
    }

    /// The execution-rate score used and the rule's. `None` when a
    /// 预算执行率 is scored but no rate could be computed.
    #[allow(clippy::type_complexity)]
    pub(super) fn rate_scores(
        &mut self,
        ind: &load::Indicators,
        basis: Option<Rate>,
    ) -> Option<(Option<Decimal>, Option<Decimal>)> {
        let Some(r) = &ind.rate else {
            return Some((None, None));
        };
        let rate_weight = r.weight.v;
        let Some(basis) = basis else {
            // The budget problem is already reported.
            return Some((r.score.as_ref().map(|s| s.v), None));
        };
        let rate = basis.rate;
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
                            "预算执行率得分写的是 {}，按规则（{}）应为 {}；报告采用写的得分",
                            Score(given.v),
                            rate_rule_words(rate, rate_weight),
                            Score(rule)
                        ),
                    )
                    .with("如无特殊原因，请删除“得分”一行，由工具按规则计算");
                } else {
                    self.rate_lost(r, basis, rule);
                }
                given.v
            }
            None => {
                self.rate_lost(r, basis, rule);
                rule
            }
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
