//! The model: a loaded [`Input`] checked and turned into a [`Report`] that
//! holds every derived figure (SPEC §2–§3).
//!
//! Totals, subtotals, shares, the execution rate and its score, 同比
//! changes, 净资产, the total score and the grade are all computed here from
//! the leaves, on exact decimals; every total the author stated is checked
//! against them. Templates only show what this module computed. The model
//! knows nothing of Tera, DOCX or PDF.

mod num;

pub use num::{Amount, Percent, Score, round2};

use crate::diag::{Diagnostic, Pos};
use crate::load::{At, Input, Tree, TreeKind};
/// Texts shown as written: the loaded types serve the templates directly.
pub use crate::load::{Evaluator, Sign, Work};
use rust_decimal::Decimal;
use serde::Serialize;

/// Points taken off the execution-rate score per full step of this many
/// percentage points away from 100% (湖南 rule, SPEC §3).
const RATE_STEP_PERCENT: i64 = 2;
/// The standard weight split: 预算执行率, 产出, 效益, 满意度.
const STANDARD_SPLIT: [(&str, i64); 4] = [
    ("预算执行率", 10),
    ("产出", 50),
    ("效益", 30),
    ("满意度", 10),
];

/// A department's report with every figure computed. Serialized as the
/// templates' context.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The unit every amount is in, as the file declares it: 万元 or 元.
    pub unit: &'static str,
    pub year: i32,
    pub dept: String,
    pub code: Option<String>,
    /// 报告日期 as parts, or absent for hand filling.
    pub date: Option<DateParts>,
    pub overview: Overview,
    pub finance: Finance,
    pub scores: Scores,
    pub problems: Vec<String>,
    pub measures: Vec<String>,
    pub application: Option<String>,
    pub other: Option<String>,
    pub sign: Sign,
    /// Warnings, in file order; the report is produced anyway.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateParts {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub duties: Vec<String>,
    pub internal: Vec<String>,
    pub secondary: Vec<String>,
    pub staff: Staff,
    pub works: Vec<Work>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Staff {
    pub quota: Option<u32>,
    pub active: Option<u32>,
    pub retired: Option<u32>,
    pub other: Option<u32>,
    /// Whether any figure is given (the template then writes the sentence).
    pub any: bool,
    /// The given figures in order, named as in the file (编制数, 在职人数…).
    pub items: Vec<StaffItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaffItem {
    pub name: &'static str,
    pub count: u32,
}

/// A total with its top-level parts and each part's share of the total.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub total: Amount,
    pub items: Vec<Line>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub name: String,
    pub amount: Amount,
    /// Share of the breakdown's total; absent when the total is zero.
    pub share: Option<Percent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectLine {
    pub name: String,
    pub amount: Amount,
    pub budget: Option<Amount>,
    /// 执行数 ÷ 预算, when a non-zero budget is given.
    pub rate: Option<Percent>,
    /// Share of all project spending.
    pub share: Option<Percent>,
    pub note: Option<String>,
}

/// A 同比 comparison (SPEC §3): this year against last year.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub this: Amount,
    pub last: Amount,
    /// The absolute difference.
    pub diff: Amount,
    /// 增加 / 减少 / 持平.
    pub word: &'static str,
    /// 增长 / 下降 (for the rate).
    pub rate_word: &'static str,
    /// |change| ÷ last; absent when last year was zero.
    pub rate: Option<Percent>,
}

impl Change {
    fn new(this: Decimal, last: Decimal) -> Change {
        let diff = this - last;
        let (word, rate_word) = if diff > Decimal::ZERO {
            ("增加", "增长")
        } else if diff < Decimal::ZERO {
            ("减少", "下降")
        } else {
            ("持平", "持平")
        };
        Change {
            this: Amount(this),
            last: Amount(last),
            diff: Amount(diff.abs()),
            word,
            rate_word,
            rate: Percent::of(diff.abs(), last),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finance {
    pub budget_initial: Option<Amount>,
    pub budget_full: Option<Amount>,
    /// The budget the execution rate is measured against.
    pub budget_base: Amount,
    /// 全年预算数 or 年初预算数, naming `budget_base`.
    pub budget_base_name: &'static str,
    pub income: Option<Breakdown>,
    pub basic: Breakdown,
    pub projects: Vec<ProjectLine>,
    pub projects_total: Amount,
    /// 支出合计 = 基本支出 + 项目支出.
    pub spending: Amount,
    pub basic_share: Option<Percent>,
    pub projects_share: Option<Percent>,
    /// 收入合计 − 支出合计, when 收入 is given.
    pub balance: Option<Amount>,
    /// 执行率 = 支出合计 ÷ budget_base.
    pub rate: Percent,
    pub last: Option<LastYear>,
    pub sangong: Option<Sangong>,
    /// Absent or zero → the section says 无.
    pub gov_fund: Option<Breakdown>,
    pub state_capital: Option<Breakdown>,
    pub social_insurance: Option<Breakdown>,
    pub procurement: Option<Breakdown>,
    pub assets: Option<Assets>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LastYear {
    pub income: Option<Change>,
    pub basic: Option<Change>,
    /// 同比 of each 基本支出 part found in both years, by name.
    pub basic_items: Vec<NamedChange>,
    pub projects: Option<Change>,
    pub spending: Option<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedChange {
    pub name: String,
    pub change: Change,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sangong {
    pub budget: Option<Breakdown>,
    pub actual: Option<Breakdown>,
    pub last: Option<Breakdown>,
    /// One row per item named in any column, for the basic-data table.
    pub rows: Vec<SangongRow>,
    /// 决算 against 上年决算.
    pub change: Option<Change>,
    /// 决算 ÷ 预算.
    pub rate: Option<Percent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SangongRow {
    pub name: String,
    pub budget: Option<Amount>,
    pub actual: Option<Amount>,
    pub last: Option<Amount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assets {
    pub total: Option<Amount>,
    pub liabilities: Option<Amount>,
    /// 资产总额 − 负债总额, when both are given.
    pub net: Option<Amount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    pub goal_expected: Option<String>,
    pub goal_achieved: Option<String>,
    pub rate_weight: Score,
    /// The execution-rate score used in the total (given, or by the rule).
    pub rate_score: Score,
    /// What the rule gives.
    pub rate_rule_score: Score,
    pub groups: Vec<Group>,
    pub total: Score,
    pub grade: &'static str,
    /// 优秀 / 良好 / 中等 / 较差.
    pub grade_long: &'static str,
    /// Count of 三级 rows in the 自评表.
    pub item_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub name: String,
    pub weight: Score,
    pub score: Score,
    /// 三级 rows under this 一级, for merged cells.
    pub rows: usize,
    pub subs: Vec<Sub>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sub {
    pub name: String,
    pub weight: Score,
    pub score: Score,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub name: String,
    pub target: String,
    pub actual: String,
    pub weight: Score,
    pub score: Score,
    pub deviation: Option<String>,
    /// Score below weight: points were lost here.
    pub lost: bool,
}

/// The grade of a total score (SPEC §3).
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

/// The execution-rate score by the 湖南 rule: full weight at 100%, one
/// point off per full 2 percentage points away from 100% (either side),
/// never below zero. Uses the rate as displayed, so readers can check it.
pub fn rate_score(rate: Percent, weight: Decimal) -> Decimal {
    let away = (rate.shown() - Decimal::ONE_HUNDRED).abs();
    let off = (away / Decimal::from(RATE_STEP_PERCENT)).floor();
    (weight - off).max(Decimal::ZERO)
}

/// Checks and computes. `Err` holds every error (and the warnings met so
/// far); `Ok` carries the warnings inside the report.
pub fn compute(input: &Input) -> Result<Report, Vec<Diagnostic>> {
    let mut c = Checker {
        diags: Vec::new(),
        yuan: input.finance.yuan,
    };
    let finance = c.finance(input);
    let scores = c.scores(input, finance.as_ref().map(|f| f.rate));
    c.people_and_lists(input);
    let (Some(finance), Some(scores)) = (finance, scores) else {
        return Err(c.diags);
    };
    if c.diags.iter().any(Diagnostic::is_error) {
        return Err(c.diags);
    }
    let ov = &input.overview;
    let staff = &ov.staff;
    Ok(Report {
        unit: unit_name(input.finance.yuan),
        year: input.year.v,
        dept: input.dept.v.clone(),
        code: input.code.clone(),
        date: input.date.map(|d| {
            use chrono::Datelike;
            DateParts {
                year: d.year(),
                month: d.month(),
                day: d.day(),
            }
        }),
        overview: Overview {
            duties: ov.duties.clone(),
            internal: ov.internal.clone(),
            secondary: ov.secondary.clone(),
            staff: Staff {
                quota: staff.quota.as_ref().map(|a| a.v),
                active: staff.active.as_ref().map(|a| a.v),
                retired: staff.retired,
                other: staff.other,
                any: staff.quota.is_some()
                    || staff.active.is_some()
                    || staff.retired.is_some()
                    || staff.other.is_some(),
                items: [
                    ("编制数", staff.quota.as_ref().map(|a| a.v)),
                    ("在职人数", staff.active.as_ref().map(|a| a.v)),
                    ("退休人数", staff.retired),
                    ("其他人数", staff.other),
                ]
                .into_iter()
                .filter_map(|(name, count)| {
                    Some(StaffItem {
                        name,
                        count: count?,
                    })
                })
                .collect(),
            },
            works: ov.works.clone(),
        },
        finance,
        scores,
        problems: input.problems.v.clone(),
        measures: input.measures.v.clone(),
        application: input.application.clone(),
        other: input.other.clone(),
        sign: input.sign.clone(),
        warnings: c.diags,
    })
}

struct Checker {
    diags: Vec<Diagnostic>,
    /// The file's amounts are in 元.
    yuan: bool,
}

impl Checker {
    fn error(&mut self, pos: &Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(pos.clone(), message));
        self.diags.last_mut().expect("just pushed")
    }

    fn warning(&mut self, pos: &Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::warning(pos.clone(), message));
        self.diags.last_mut().expect("just pushed")
    }

    /// An amount in the file's own unit, for messages.
    fn in_unit(&self, d: Decimal) -> String {
        format!("{}{}", Amount(d), unit_name(self.yuan))
    }

    /// Compares a stated figure with the computed one; exact equality.
    fn check_stated(&mut self, stated: &At<Decimal>, computed: Decimal, what: &str) {
        if stated.v != computed {
            let (s, c) = (self.in_unit(stated.v), self.in_unit(computed));
            let diff = self.in_unit((stated.v - computed).abs());
            self.error(
                &stated.pos,
                format!("{what}写的是 {s}，按明细计算应为 {c}（相差 {diff}）"),
            )
            .with("请核对明细数或改正合计数；合计数也可以删除，由工具自动计算");
        }
    }

    /// Total of an amount tree, checking every stated 合计/小计 inside.
    fn total(&mut self, tree: &Tree) -> Decimal {
        match &tree.kind {
            TreeKind::Leaf(v) => *v,
            TreeKind::Branch { children, stated } => {
                let sum = children.iter().map(|(_, t)| self.total(t)).sum();
                if let Some(stated) = stated {
                    let what = format!("{}的合计", tree.pos.path.rsplit('.').next().unwrap_or(""));
                    self.check_stated(stated, sum, &what);
                }
                sum
            }
        }
    }

    fn breakdown(&mut self, tree: &Tree) -> Breakdown {
        let total = self.total(tree);
        let items = match &tree.kind {
            TreeKind::Leaf(_) => Vec::new(),
            TreeKind::Branch { children, .. } => children
                .iter()
                .map(|(name, t)| {
                    let amount = tree_sum(t);
                    Line {
                        name: name.clone(),
                        amount: Amount(amount),
                        share: Percent::of(amount, total),
                    }
                })
                .collect(),
        };
        Breakdown {
            total: Amount(total),
            items,
        }
    }

    /// A breakdown, or `None` when absent or all zero (the section says 无).
    fn nonzero(&mut self, tree: Option<&Tree>) -> Option<Breakdown> {
        let b = self.breakdown(tree?);
        (!b.total.0.is_zero()).then_some(b)
    }

    fn finance(&mut self, input: &Input) -> Option<Finance> {
        let f = &input.finance;
        let basic = self.breakdown(&f.basic);
        let projects_total: Decimal = f.projects.iter().map(|p| p.amount.v).sum();
        if let Some(s) = &f.stated_projects {
            self.check_stated(s, projects_total, "项目支出合计");
        }
        let spending = basic.total.0 + projects_total;
        if let Some(s) = &f.stated_spending {
            self.check_stated(s, spending, "支出合计（基本支出 + 项目支出）");
        }
        let income = f.income.as_ref().map(|t| self.breakdown(t));
        let balance = income.as_ref().map(|i| i.total.0 - spending);
        match (&f.stated_balance, balance) {
            (Some(s), Some(b)) => self.check_stated(s, b, "结余（收入合计 − 支出合计）"),
            (Some(s), None) => {
                self.error(&s.pos, "写了结余，但没有写收入，无法核对")
                    .with("请在 收支.收入 中列出各项收入，或删除结余");
            }
            _ => {}
        }
        let (base, base_name) = match (&f.budget_full, &f.budget_initial) {
            (Some(full), _) => (full, "全年预算数"),
            (None, Some(initial)) => (initial, "年初预算数"),
            (None, None) => return None,
        };
        let Some(rate) = Percent::of(spending, base.v) else {
            self.error(&base.pos, format!("{base_name}为 0，无法计算执行率"))
                .with("请填写调整后的全年预算数");
            return None;
        };
        if rate.0 > Decimal::ONE {
            self.warning(
                &base.pos,
                format!(
                    "执行率 {rate} 超过 100%：支出合计 {} 大于{base_name} {}",
                    self.in_unit(spending),
                    self.in_unit(base.v)
                ),
            )
            .with("请核对预算数和支出数");
        }
        let projects = f
            .projects
            .iter()
            .map(|p| ProjectLine {
                name: p.name.clone(),
                amount: Amount(p.amount.v),
                budget: p.budget.as_ref().map(|b| Amount(b.v)),
                rate: p.budget.as_ref().and_then(|b| Percent::of(p.amount.v, b.v)),
                share: Percent::of(p.amount.v, projects_total),
                note: p.note.clone(),
            })
            .collect();
        let last = f.last.as_ref().map(|l| {
            let last_basic = l.basic.as_ref().map(|t| self.breakdown(t));
            let last_projects = l.projects.as_ref().map(|ps| {
                let sum: Decimal = ps.iter().map(|p| p.amount.v).sum();
                if let Some(s) = &l.stated_projects {
                    self.check_stated(s, sum, "上年项目支出合计");
                }
                sum
            });
            let last_projects = last_projects.or(l.stated_projects.as_ref().map(|s| s.v));
            let last_spending = match (&last_basic, last_projects) {
                (Some(b), Some(p)) => {
                    let sum = b.total.0 + p;
                    if let Some(s) = &l.stated_spending {
                        self.check_stated(s, sum, "上年支出合计");
                    }
                    Some(sum)
                }
                _ => l.stated_spending.as_ref().map(|s| s.v),
            };
            let basic_items = last_basic
                .iter()
                .flat_map(|lb| lb.items.iter())
                .filter_map(|li| {
                    let this = basic.items.iter().find(|b| b.name == li.name)?;
                    Some(NamedChange {
                        name: li.name.clone(),
                        change: Change::new(this.amount.0, li.amount.0),
                    })
                })
                .collect();
            LastYear {
                income: l
                    .income
                    .as_ref()
                    .zip(income.as_ref())
                    .map(|(t, i)| Change::new(i.total.0, self.total(t))),
                basic: last_basic
                    .as_ref()
                    .map(|b| Change::new(basic.total.0, b.total.0)),
                basic_items,
                projects: last_projects.map(|p| Change::new(projects_total, p)),
                spending: last_spending.map(|s| Change::new(spending, s)),
            }
        });
        let sangong = f.sangong.as_ref().map(|s| {
            let budget = s.budget.as_ref().map(|t| self.breakdown(t));
            let actual = s.actual.as_ref().map(|t| self.breakdown(t));
            let last = s.last.as_ref().map(|t| self.breakdown(t));
            let mut names: Vec<String> = Vec::new();
            for b in [&budget, &actual, &last].into_iter().flatten() {
                for item in &b.items {
                    if !names.contains(&item.name) {
                        names.push(item.name.clone());
                    }
                }
            }
            let pick = |b: &Option<Breakdown>, name: &str| {
                b.as_ref()
                    .and_then(|b| b.items.iter().find(|i| i.name == name).map(|i| i.amount))
            };
            let rows = names
                .iter()
                .map(|n| SangongRow {
                    name: n.clone(),
                    budget: pick(&budget, n),
                    actual: pick(&actual, n),
                    last: pick(&last, n),
                })
                .collect();
            Sangong {
                change: actual
                    .as_ref()
                    .zip(last.as_ref())
                    .map(|(a, l)| Change::new(a.total.0, l.total.0)),
                rate: actual
                    .as_ref()
                    .zip(budget.as_ref())
                    .and_then(|(a, b)| Percent::of(a.total.0, b.total.0)),
                budget,
                actual,
                last,
                rows,
            }
        });
        let procurement = f.procurement.as_ref().map(|t| self.breakdown(t));
        let assets = f.assets.as_ref().map(|a| crate::model::Assets {
            total: a.total.as_ref().map(|t| Amount(t.v)),
            liabilities: a.liabilities.as_ref().map(|t| Amount(t.v)),
            net: a
                .total
                .as_ref()
                .zip(a.liabilities.as_ref())
                .map(|(t, l)| Amount(t.v - l.v)),
        });
        Some(Finance {
            budget_initial: f.budget_initial.as_ref().map(|a| Amount(a.v)),
            budget_full: f.budget_full.as_ref().map(|a| Amount(a.v)),
            budget_base: Amount(base.v),
            budget_base_name: base_name,
            basic_share: Percent::of(basic.total.0, spending),
            projects_share: Percent::of(projects_total, spending),
            income,
            basic,
            projects,
            projects_total: Amount(projects_total),
            spending: Amount(spending),
            balance: balance.map(Amount),
            rate,
            last,
            sangong,
            gov_fund: self.nonzero(f.gov_fund.as_ref()),
            state_capital: self.nonzero(f.state_capital.as_ref()),
            social_insurance: self.nonzero(f.social_insurance.as_ref()),
            procurement,
            assets,
        })
    }

    fn scores(&mut self, input: &Input, rate: Option<Percent>) -> Option<Scores> {
        let ind = &input.indicators;
        let weight_at = ind.rate_weight.as_ref()?;
        let rate_weight = weight_at.v;
        let mut groups = Vec::new();
        let mut items_total_weight = Decimal::ZERO;
        let mut items_total_score = Decimal::ZERO;
        let mut item_count = 0;
        for g in &ind.groups {
            let mut subs = Vec::new();
            let (mut gw, mut gs, mut rows) = (Decimal::ZERO, Decimal::ZERO, 0);
            for s in &g.subs {
                let mut items = Vec::new();
                let (mut sw, mut ss) = (Decimal::ZERO, Decimal::ZERO);
                for it in &s.items {
                    if it.score.v > it.weight.v {
                        self.error(
                            &it.score.pos,
                            format!(
                                "得分 {} 超过了分值 {}",
                                Score(it.score.v),
                                Score(it.weight.v)
                            ),
                        )
                        .with(format!(
                            "“{}”的得分应在 0 到 {} 之间",
                            it.name,
                            Score(it.weight.v)
                        ));
                    }
                    sw += it.weight.v;
                    ss += it.score.v;
                    items.push(Item {
                        name: it.name.clone(),
                        target: it.target.clone(),
                        actual: it.actual.clone(),
                        weight: Score(it.weight.v),
                        score: Score(it.score.v),
                        deviation: it.deviation.clone(),
                        lost: it.score.v < it.weight.v,
                    });
                }
                rows += items.len();
                gw += sw;
                gs += ss;
                subs.push(Sub {
                    name: s.name.clone(),
                    weight: Score(sw),
                    score: Score(ss),
                    items,
                });
            }
            if let Some(st) = &g.stated_weight
                && st.v != gw
            {
                self.error(
                    &st.pos,
                    format!(
                        "{}的分值写的是 {}，其下三级指标分值合计为 {}",
                        g.name,
                        Score(st.v),
                        Score(gw)
                    ),
                )
                .with("请核对各三级指标的分值，或删除这一行由工具计算");
            }
            if let Some(st) = &g.stated_score
                && st.v != gs
            {
                self.error(
                    &st.pos,
                    format!(
                        "{}的得分写的是 {}，其下三级指标得分合计为 {}",
                        g.name,
                        Score(st.v),
                        Score(gs)
                    ),
                )
                .with("请核对各三级指标的得分，或删除这一行由工具计算");
            }
            items_total_weight += gw;
            items_total_score += gs;
            item_count += rows;
            groups.push(Group {
                name: g.name.clone(),
                weight: Score(gw),
                score: Score(gs),
                rows,
                subs,
            });
        }
        if item_count == 0 {
            self.warning(&ind.pos, "指标中没有任何三级指标，自评表只有预算执行率一行")
                .with("请按示例在 产出、效益、满意度 下列出三级指标");
        }
        let weights = rate_weight + items_total_weight;
        // The weight of each 一级, for messages about the split.
        let parts: Vec<String> = std::iter::once(format!("预算执行率 {}", Score(rate_weight)))
            .chain(groups.iter().map(|g| format!("{} {}", g.name, g.weight)))
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
            .with("请调整各指标的分值，使预算执行率分值与全部三级指标分值之和为 100");
        } else {
            let standard = STANDARD_SPLIT.iter().all(|(name, w)| {
                let actual = if *name == "预算执行率" {
                    rate_weight
                } else {
                    groups
                        .iter()
                        .find(|g| g.name == *name)
                        .map_or(Decimal::ZERO, |g| g.weight.0)
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
        let rule = rate.map(|r| rate_score(r, rate_weight));
        let rate_score_used = match (&ind.rate_score, rule) {
            (Some(given), Some(rule)) => {
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
                            "预算执行率得分写的是 {}，按规则（执行率 {}，每偏离 100% 满 2 个百分点扣 1 分）应为 {}；报告采用写的得分",
                            Score(given.v),
                            rate.map(|r| r.to_string()).unwrap_or_default(),
                            Score(rule)
                        ),
                    )
                    .with("如无特殊原因，请删除“得分”一行，由工具按规则计算");
                }
                given.v
            }
            (None, Some(rule)) => rule,
            (_, None) => return None,
        };
        let total = rate_score_used + items_total_score;
        let (grade_short, grade_long) = grade(total);
        if let Some(st) = &ind.stated_total
            && st.v != total
        {
            self.error(
                &st.pos,
                format!(
                    "总分写的是 {}，按各项得分相加应为 {}（预算执行率得分 {} + 三级指标得分合计 {}）",
                    Score(st.v),
                    Score(total),
                    Score(rate_score_used),
                    Score(items_total_score)
                ),
            )
            .with("请核对各指标得分，或删除“总分”一行由工具计算");
        }
        if let Some(st) = &ind.stated_grade {
            let canonical = match st.v.as_str() {
                "优" | "优秀" => Some("优"),
                "良" | "良好" => Some("良"),
                "中" | "中等" => Some("中"),
                "差" | "较差" => Some("差"),
                _ => None,
            };
            match canonical {
                None => {
                    self.error(&st.pos, format!("等级“{}”无法识别", st.v)).with(
                        "等级只能写 优/优秀、良/良好、中/中等、差/较差，也可以删除由工具计算",
                    );
                }
                Some(g) if g != grade_short => {
                    self.error(
                        &st.pos,
                        format!(
                            "等级写的是“{}”，但总分 {} 对应的等级是“{grade_short}”",
                            st.v,
                            Score(total)
                        ),
                    )
                    .with("90分及以上为优，80～90为良，60～80为中，60以下为差");
                }
                Some(_) => {}
            }
        }
        Some(Scores {
            goal_expected: ind.goal_expected.clone(),
            goal_achieved: ind.goal_achieved.clone(),
            rate_weight: Score(rate_weight),
            rate_score: Score(rate_score_used),
            rate_rule_score: Score(rule.unwrap_or_default()),
            groups,
            total: Score(total),
            grade: grade_short,
            grade_long,
            item_count,
        })
    }

    fn people_and_lists(&mut self, input: &Input) {
        let staff = &input.overview.staff;
        if let (Some(q), Some(a)) = (&staff.quota, &staff.active)
            && a.v > q.v
        {
            self.warning(&a.pos, format!("在职人数 {} 超过编制数 {}", a.v, q.v))
                .with("请核对人数；如确有超编，请在报告中说明原因");
        }
        for (list, name) in [(&input.problems, "问题"), (&input.measures, "措施")] {
            if list.v.is_empty() {
                self.warning(&list.pos, format!("“{name}”没有填写任何内容"))
                    .with("自评报告应写明存在的问题和改进措施，每条一段");
            }
        }
    }
}

/// The name of the file's amount unit.
fn unit_name(yuan: bool) -> &'static str {
    if yuan { "元" } else { "万元" }
}

/// Sum of a tree's leaves, without checks (they ran in `Checker::total`).
fn tree_sum(tree: &Tree) -> Decimal {
    match &tree.kind {
        TreeKind::Leaf(v) => *v,
        TreeKind::Branch { children, .. } => children.iter().map(|(_, t)| tree_sum(t)).sum(),
    }
}

#[cfg(test)]
mod tests;
