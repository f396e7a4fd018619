//! 指标: scores at the 三级, 二级 or 一级 level (contract §6.1), the weight
//! checks, the execution-rate score, the total and the grade, and the rows
//! of the 自评表 with the spans of merged score cells.

use super::grading::grade;
use super::targets::Carrier;
use super::totals::{Rate, Total};
use super::{Checker, Score, matches_stated};
use crate::diag::Pos;
use crate::load::{self, At, Input, contract as keys};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub goal_expected: Option<String>,
    pub goal_achieved: Option<String>,
    /// 指标.说明: paragraphs printed in 六 after the 预算执行 paragraph.
    pub notes: Vec<String>,
    /// `false` for unscored indicators (§6.1): 总分 and 等级 taken as written.
    pub scored: bool,
    /// Absent when there is no 预算执行率 (no budget, or unscored).
    pub rate_weight: Option<Score>,
    /// The execution-rate score used in the total (given, or by the rule).
    pub rate_score: Option<Score>,
    /// What the rule gives.
    pub rate_rule_score: Option<Score>,
    pub groups: Vec<Group>,
    /// The 自评表's indicator rows, in order.
    pub rows: Vec<Row>,
    pub total: Score,
    /// The grade as printed: a stated 等级 as written, else `grade_short`.
    pub grade: String,
    /// The computed grade: 优 / 良 / 中 / 差 …
    pub grade_short: &'static str,
    /// … and 优秀 / 良好 / 中等 / 较差.
    pub grade_long: &'static str,
    /// Count of 三级 rows in the 自评表.
    pub item_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub name: String,
    /// Sum of the scores under this 一级 (or its own); absent when unscored.
    pub weight: Option<Score>,
    pub score: Option<Score>,
    /// Scored at this level (§6.1).
    pub scored_here: bool,
    /// 自评表 rows under this 一级, for merged cells.
    pub rows: usize,
    pub notes: Vec<String>,
    pub subs: Vec<Sub>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sub {
    pub name: String,
    pub weight: Option<Score>,
    pub score: Option<Score>,
    pub scored_here: bool,
    pub notes: Vec<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub name: String,
    pub target: String,
    pub actual: String,
    /// The row's own score; absent under a 二级/一级 score.
    pub weight: Option<Score>,
    pub score: Option<Score>,
    pub deviation: Option<String>,
    /// Score below weight: points were lost here.
    pub lost: bool,
}

/// One row of the 自评表. A score cell spans the rows of the level that
/// holds it: `score_first` marks its first row, the others merge up.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Row {
    pub group: String,
    pub group_first: bool,
    pub sub: String,
    pub sub_first: bool,
    pub name: String,
    pub target: String,
    pub actual: String,
    pub deviation: Option<String>,
    pub weight: Option<Score>,
    pub score: Option<Score>,
    pub score_first: bool,
}

fn has(w: &Option<At<Decimal>>, s: &Option<At<Decimal>>) -> bool {
    w.is_some() || s.is_some()
}

fn sub_scored_below(s: &load::Sub) -> bool {
    has(&s.weight, &s.score) || s.items.iter().any(|i| has(&i.weight, &i.score))
}

/// Groups and rows of unscored indicators: nothing to check or sum.
fn plain_rows(ind: &load::Indicators) -> (Vec<Group>, Vec<Row>) {
    let mut rows = Vec::new();
    let mut groups = Vec::new();
    for g in &ind.groups {
        let first = rows.len();
        let mut subs = Vec::new();
        for s in &g.subs {
            let sub_first = rows.len();
            let mut items = Vec::new();
            for it in &s.items {
                items.push(Item {
                    name: it.name.clone(),
                    target: it.target.clone(),
                    actual: it.actual.clone(),
                    weight: None,
                    score: None,
                    deviation: it.deviation.clone(),
                    lost: false,
                });
                rows.push(Row {
                    group: g.name.clone(),
                    sub: s.name.clone(),
                    name: it.name.clone(),
                    target: it.target.clone(),
                    actual: it.actual.clone(),
                    deviation: it.deviation.clone(),
                    ..Row::default()
                });
            }
            if let Some(r) = rows.get_mut(sub_first) {
                r.sub_first = true;
            }
            subs.push(Sub {
                name: s.name.clone(),
                weight: None,
                score: None,
                scored_here: false,
                notes: s.notes.clone(),
                items,
            });
        }
        if let Some(r) = rows.get_mut(first) {
            r.group_first = true;
        }
        groups.push(Group {
            name: g.name.clone(),
            weight: None,
            score: None,
            scored_here: false,
            rows: rows.len() - first,
            notes: g.notes.clone(),
            subs,
        });
    }
    (groups, rows)
}

/// Running sums of weights and scores.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Sums {
    pub weight: Decimal,
    pub score: Decimal,
}

impl Checker {
    pub(super) fn scores(&mut self, input: &Input, rate: Option<Rate>) -> Option<Scores> {
        let ind = &input.indicators;
        // 指标 not read at all (not a map, or missing): its error says it.
        if self
            .unread
            .iter()
            .any(|u| u.path.is_empty() || u.path == keys::INDICATORS.key)
        {
            return None;
        }
        let scores_unread = self.score_unread(keys::INDICATORS.key);
        let any_score = ind.rate_written
            || ind
                .groups
                .iter()
                .any(|g| has(&g.weight, &g.score) || g.subs.iter().any(sub_scored_below));
        if !any_score && ind.stated_total.is_some() && scores_unread.is_empty() {
            return self.unscored(ind, input.finance.budget.is_some());
        }
        let budget_path = format!("{}.{}", keys::FINANCE.key, keys::BUDGET.key);
        // A 预算 written but not read is still written.
        let has_budget =
            input.finance.budget.is_some() || !self.unread_lines(&[budget_path]).is_empty();
        self.rate_required(ind, has_budget);
        let rate_weight = ind.rate.as_ref().map(|r| r.weight.v);
        let mut rows = Vec::new();
        let mut groups = Vec::new();
        let mut all = Sums::default();
        for g in &ind.groups {
            let (group, sums) = self.group(g, &mut rows);
            all.weight += sums.weight;
            all.score += sums.score;
            groups.push(group);
        }
        if rows.is_empty() && scores_unread.is_empty() {
            self.warning(&ind.pos, "指标中没有任何三级指标，自评表只有预算执行率一行")
                .with("请按示例在 产出、效益、满意度 下列出三级指标");
        }
        if scores_unread.is_empty() {
            self.check_weights(ind, rate_weight, all.weight, &groups);
        } else {
            self.unchecked(&ind.pos, "分值合计（应为 100）", &scores_unread);
        }
        let (rate_used, rule) = self.rate_scores(ind, rate)?;
        let total = rate_used.unwrap_or_default() + all.score;
        let grade_text = self.check_total(
            ind,
            &Total {
                groups: &groups,
                rate,
                rate_used,
                rule,
                total,
                scores_unread,
            },
        );
        let (grade_short, grade_long) = grade(total);
        Some(Scores {
            goal_expected: ind.goal_expected.clone(),
            goal_achieved: ind.goal_achieved.clone(),
            notes: ind.notes.clone(),
            scored: true,
            rate_weight: rate_weight.map(Score),
            rate_score: rate_used.map(Score),
            rate_rule_score: rule.map(Score),
            item_count: rows.iter().filter(|r| !r.name.is_empty()).count(),
            groups,
            rows,
            total: Score(total),
            grade: grade_text.unwrap_or_else(|| grade_short.to_string()),
            grade_short,
            grade_long,
        })
    }

    /// 预算执行率 is scored when, and only when, a 预算 is written.
    fn rate_required(&mut self, ind: &load::Indicators, has_budget: bool) {
        match (&ind.rate, ind.rate_written, has_budget) {
            (Some(r), _, false) => {
                let (budget, rate) = (
                    format!("{}.{}", keys::FINANCE.key, keys::BUDGET.key),
                    format!("{}.{}", keys::INDICATORS.key, keys::RATE.key),
                );
                self.error(
                    &r.pos,
                    format!("没有写预算数（{budget}），不能给预算执行率计分"),
                )
                .with(format!("请删除 {rate}，或在 {budget} 中写预算数"));
            }
            (None, false, true) => {
                let pos = Pos {
                    path: format!("{}.{}", keys::INDICATORS.key, keys::RATE.key),
                    ..ind.pos.clone()
                };
                self.error(&pos, format!("缺少必填项“{}”", keys::RATE.key))
                    .with("请在这一级加上一行，例如 预算执行率: {分值: 10}");
            }
            _ => {}
        }
    }

    /// Unscored indicators (§6.1): rows without 分值/得分, 总分 as written.
    /// `budget`: a 预算 is written, so the 自评表 has its 执行率 row.
    fn unscored(&mut self, ind: &load::Indicators, budget: bool) -> Option<Scores> {
        let st = ind.stated_total.as_ref()?;
        let (groups, rows) = plain_rows(ind);
        let goals = ind.goal_expected.is_some() || ind.goal_achieved.is_some();
        if rows.is_empty() && !goals && !budget {
            // Nothing for the 自评表 to show: the report leaves it out
            // (§6.1), which the officer hears at 指标, where rows would go.
            self.warning(
                &ind.pos,
                format!(
                    "指标中没有三级指标、总体目标，也没有分值和得分：报告不附自评表；总分 {} 和等级无法核对，按所写采用",
                    Score(st.v)
                ),
            )
            .with("如有自评表，请在 产出、效益、满意度 下列出三级指标，并写上分值和得分");
        } else {
            self.warning(
                &st.pos,
                format!(
                    "指标中没有分值和得分，总分 {} 和等级无法核对，按所写采用",
                    Score(st.v)
                ),
            )
            .with("如有评分表，请在三级、二级或一级指标上写 分值 和 得分");
        }
        let (grade_short, grade_long) = grade(st.v);
        let grade_text = self.stated_grade(ind, st.v, false);
        Some(Scores {
            goal_expected: ind.goal_expected.clone(),
            goal_achieved: ind.goal_achieved.clone(),
            notes: ind.notes.clone(),
            scored: false,
            rate_weight: None,
            rate_score: None,
            rate_rule_score: None,
            item_count: rows.len(),
            groups,
            rows,
            total: Score(st.v),
            grade: grade_text.unwrap_or_else(|| grade_short.to_string()),
            grade_short,
            grade_long,
        })
    }

    /// A 一级 and its rows. Returns the sums that count toward the total.
    fn group(&mut self, g: &load::Group, rows: &mut Vec<Row>) -> (Group, Sums) {
        let here = has(&g.weight, &g.score) && !g.subs.iter().any(sub_scored_below);
        let mut sums = Sums::default();
        if here {
            sums = self.pair(
                &g.weight,
                &g.score,
                &g.pos,
                &format!("一级指标“{}”", g.name),
            );
        }
        let first = rows.len();
        let mut subs = Vec::new();
        let carrier = here.then(|| Carrier {
            what: format!("一级指标“{}”", g.name),
            sums,
        });
        for s in &g.subs {
            let (sub, sub_sums) = self.sub(s, carrier.as_ref(), rows);
            sums.weight += sub_sums.weight;
            sums.score += sub_sums.score;
            subs.push(sub);
        }
        if here && rows.len() == first {
            rows.push(Row {
                sub_first: true,
                ..Row::default()
            });
        }
        for r in &mut rows[first..] {
            r.group = g.name.clone();
            if here {
                r.score_first = false;
            }
        }
        if let Some(r) = rows.get_mut(first) {
            r.group_first = true;
            if here {
                r.score_first = true;
                r.weight = Some(Score(sums.weight));
                r.score = Some(Score(sums.score));
            }
        }
        if !here {
            self.check_group_stated(g, sums);
        }
        let group = Group {
            name: g.name.clone(),
            weight: Some(Score(sums.weight)),
            score: Some(Score(sums.score)),
            scored_here: here,
            rows: rows.len() - first,
            notes: g.notes.clone(),
            subs,
        };
        (group, sums)
    }

    /// A 一级's 分值/得分 above scored rows are stated totals (§6.1).
    fn check_group_stated(&mut self, g: &load::Group, sums: Sums) {
        let unread = self.score_unread(&g.pos.path);
        for (stated, computed, what) in [
            (&g.weight, sums.weight, keys::WEIGHT.key),
            (&g.score, sums.score, keys::SCORE.key),
        ] {
            if let Some(st) = stated
                && !unread.is_empty()
            {
                self.unchecked(&st.pos, &format!("{}的{what}", g.name), &unread);
            } else if let Some(st) = stated
                && !matches_stated(st.v, computed)
            {
                self.error(
                    &st.pos,
                    format!(
                        "{}的{what}写的是 {}，其下各指标{what}合计为 {}",
                        g.name,
                        Score(st.v),
                        Score(computed)
                    ),
                )
                .with(format!("请核对其下各指标的{what}，或删除这一行由工具计算"));
            }
        }
    }

    /// A 二级 and its rows; `group` is its 一级's score when that holds it.
    fn sub(&mut self, s: &load::Sub, group: Option<&Carrier>, rows: &mut Vec<Row>) -> (Sub, Sums) {
        let items_scored = s.items.iter().any(|i| has(&i.weight, &i.score));
        let sub_has = has(&s.weight, &s.score);
        if sub_has && items_scored {
            let pos = s
                .weight
                .as_ref()
                .or(s.score.as_ref())
                .map_or(&s.pos, |a| &a.pos);
            self.error(
                pos,
                format!("二级指标“{}”和其下的三级指标都写了分值或得分", s.name),
            )
            .with("每条指标只能在一个层级计分：删除二级的分值/得分，或删除三级的分值/得分");
        }
        let here = sub_has && !items_scored;
        let mut sums = Sums::default();
        if here {
            sums = self.pair(
                &s.weight,
                &s.score,
                &s.pos,
                &format!("二级指标“{}”", s.name),
            );
        }
        let first = rows.len();
        let mut items = Vec::new();
        let own_carrier = here.then(|| Carrier {
            what: format!("二级指标“{}”", s.name),
            sums,
        });
        let carrier = own_carrier.as_ref().or(group);
        for it in &s.items {
            let own = has(&it.weight, &it.score) && !here;
            let mut item_sums = None;
            if own {
                let x = self.pair(&it.weight, &it.score, &it.pos, &format!("“{}”", it.name));
                sums.weight += x.weight;
                sums.score += x.score;
                item_sums = Some(x);
            } else if carrier.is_none() && !self.figures_unread(&it.pos) {
                self.error(&it.pos, format!("三级指标“{}”没有分值和得分", it.name))
                    .with("在这一行写 分值 和 得分；或把分值、得分写在它的二级指标（写成 分值/得分/指标 的形式）或一级指标上");
            }
            if !self.figures_unread(&it.pos) {
                self.check_row(it, item_sums, carrier);
            }
            items.push(Item {
                name: it.name.clone(),
                target: it.target.clone(),
                actual: it.actual.clone(),
                weight: item_sums.map(|x| Score(x.weight)),
                score: item_sums.map(|x| Score(x.score)),
                deviation: it.deviation.clone(),
                lost: item_sums.is_some_and(|x| x.score < x.weight),
            });
            rows.push(Row {
                name: it.name.clone(),
                target: it.target.clone(),
                actual: it.actual.clone(),
                deviation: it.deviation.clone(),
                weight: item_sums.map(|x| Score(x.weight)),
                score: item_sums.map(|x| Score(x.score)),
                score_first: !here,
                ..Row::default()
            });
        }
        if here && rows.len() == first {
            rows.push(Row::default());
        }
        for r in &mut rows[first..] {
            r.sub = s.name.clone();
        }
        if let Some(r) = rows.get_mut(first) {
            r.sub_first = true;
            if here {
                r.score_first = true;
                r.weight = Some(Score(sums.weight));
                r.score = Some(Score(sums.score));
            }
        }
        let scored = here || items_scored;
        let sub = Sub {
            name: s.name.clone(),
            weight: scored.then_some(Score(sums.weight)),
            score: scored.then_some(Score(sums.score)),
            scored_here: here,
            notes: s.notes.clone(),
            items,
        };
        (sub, sums)
    }

    /// A score's 分值 and 得分: both needed, 得分 within [0, 分值].
    fn pair(
        &mut self,
        weight: &Option<At<Decimal>>,
        score: &Option<At<Decimal>>,
        pos: &Pos,
        what: &str,
    ) -> Sums {
        if self.figures_unread(pos) {
            // Its 分值 or 得分 has its own error: nothing more to say.
            return Sums {
                weight: weight.as_ref().map_or(Decimal::ZERO, |w| w.v),
                score: score.as_ref().map_or(Decimal::ZERO, |s| s.v),
            };
        }
        match (weight, score) {
            (Some(w), Some(s)) => {
                if s.v > w.v {
                    self.error(
                        &s.pos,
                        format!("得分 {} 超过了分值 {}", Score(s.v), Score(w.v)),
                    )
                    .with(format!("{what}的得分应在 0 到 {} 之间", Score(w.v)));
                }
                Sums {
                    weight: w.v,
                    score: s.v,
                }
            }
            (Some(w), None) => {
                self.error(&w.pos, format!("{what}写了分值，但没有写得分"))
                    .with("请在分值下面加一行 得分: …");
                Sums {
                    weight: w.v,
                    score: Decimal::ZERO,
                }
            }
            (None, Some(s)) => {
                self.error(&s.pos, format!("{what}写了得分，但没有写分值"))
                    .with("请在得分上面加一行 分值: …");
                Sums {
                    weight: Decimal::ZERO,
                    score: s.v,
                }
            }
            (None, None) => {
                self.error(pos, format!("{what}缺少分值和得分"));
                Sums::default()
            }
        }
    }
}
