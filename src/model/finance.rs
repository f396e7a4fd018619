//! 收支: totals, shares, the execution rate, 同比 changes, 三公经费 and the
//! §6.2 additions (optional budget, 全年执行数, 支出经济分类).

use super::{Amount, Checker, Percent, matches_stated};
use crate::load::{self, Input, contract as keys};
use rust_decimal::Decimal;
use serde::Serialize;

/// A 全年执行数 further than this share from 支出合计 draws a warning.
const EXECUTED_TOLERANCE_PERCENT: i64 = 10;

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
    /// Last year's 金额 of the project of the same name (上年.项目支出).
    pub last: Option<Amount>,
}

/// A 同比 comparison (contract §3): this year against last year.
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
    pub(crate) fn new(this: Decimal, last: Decimal) -> Change {
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
    /// The budget the execution rate is measured against; absent with no 预算.
    pub budget_base: Option<Amount>,
    /// 全年预算数 or 年初预算数, naming `budget_base`.
    pub budget_base_name: Option<&'static str>,
    /// 全年执行数: as written (§6.2), else 支出合计.
    pub executed: Amount,
    /// Whether 全年执行数 was written (the report then names both figures).
    pub executed_given: bool,
    pub income: Option<Breakdown>,
    pub basic: Breakdown,
    pub projects: Vec<ProjectLine>,
    pub projects_total: Amount,
    /// The budgets of the projects that give one, summed; absent when none
    /// does (a 预算数 column would be empty).
    pub projects_budget: Option<Amount>,
    /// Those projects' spending ÷ `projects_budget`.
    pub projects_rate: Option<Percent>,
    /// 支出合计 = 基本支出 + 项目支出.
    pub spending: Amount,
    pub basic_share: Option<Percent>,
    pub projects_share: Option<Percent>,
    /// 收入合计 − 支出合计, when 收入 is given.
    pub balance: Option<Amount>,

    /// 执行率 = 全年执行数 ÷ budget_base; absent with no 预算.
    pub rate: Option<Percent>,
    pub last: Option<LastYear>,
    pub sangong: Option<Sangong>,
    /// Absent or zero → the section says 无.
    pub gov_fund: Option<Breakdown>,
    pub state_capital: Option<Breakdown>,
    pub social_insurance: Option<Breakdown>,
    pub procurement: Option<Breakdown>,
    pub assets: Option<Assets>,
    /// 支出经济分类 with shares of 支出合计.
    pub econ: Option<Breakdown>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LastYear {
    pub income: Option<Change>,
    pub basic: Option<Change>,
    /// 同比 of each 基本支出 part found in both years, by name.
    pub basic_items: Vec<NamedChange>,
    pub projects: Option<Change>,
    /// Whether 上年.项目支出 lists projects (附件1 then shows them).
    pub project_list: bool,
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

/// `收支.<key>`: a part of 收支 a figure is computed from.
fn part(key: &keys::Field) -> String {
    format!("{}.{}", keys::FINANCE.key, key.key)
}

/// `收支.上年.<key>`.
fn last_part(key: &keys::Field) -> String {
    format!("{}.{}.{}", keys::FINANCE.key, keys::LAST.key, key.key)
}

/// What 支出合计 sums.
fn spending_parts() -> Vec<String> {
    vec![part(&keys::BASIC), part(&keys::PROJECTS)]
}

/// What the execution rate is computed from.
pub(super) fn rate_parts() -> Vec<String> {
    let mut parts = spending_parts();
    parts.push(part(&keys::BUDGET));
    parts
}

/// The execution rate and what it is measured against.
struct Execution {
    base: Option<(Amount, &'static str)>,
    executed: Decimal,
    rate: Option<Percent>,
}

impl Checker {
    pub(super) fn finance(&mut self, input: &Input) -> Option<Finance> {
        let f = &input.finance;
        let basic = self.breakdown(&f.basic);
        let projects_total: Decimal = f.projects.iter().map(|p| p.amount.v).sum();
        if let Some(s) = &f.stated_projects {
            let parts = [part(&keys::PROJECTS)];
            self.check_stated_over(s, projects_total, keys::PROJECTS_TOTAL.key, &parts);
        }
        let spending = basic.total.0 + projects_total;
        if let Some(s) = &f.stated_spending {
            let what = "支出合计（基本支出 + 项目支出）";
            self.check_stated_over(s, spending, what, &spending_parts());
        }
        let income = f.income.as_ref().map(|t| self.breakdown(t));
        let balance = self.balance(f, income.as_ref(), spending);
        let exec = self.execution(f, spending)?;
        let econ = f.econ.as_ref().map(|t| self.econ(t, spending));
        let last = f.last.as_ref().map(|l| {
            self.last_unmatched(l, f);
            self.last_year(l, &basic, &income, projects_total, spending)
        });
        let projects = self.project_lines(f, projects_total);
        let budgeted: Vec<&load::Project> =
            f.projects.iter().filter(|p| p.budget.is_some()).collect();
        let projects_budget: Option<Decimal> = (!budgeted.is_empty()).then(|| {
            budgeted
                .iter()
                .filter_map(|p| p.budget.as_ref())
                .map(|b| b.v)
                .sum()
        });
        let budgeted_spent: Decimal = budgeted.iter().map(|p| p.amount.v).sum();
        Some(Finance {
            projects_budget: projects_budget.map(Amount),
            projects_rate: projects_budget.and_then(|b| Percent::of(budgeted_spent, b)),
            budget_initial: f
                .budget
                .as_ref()
                .and_then(|b| b.initial.as_ref())
                .map(|a| Amount(a.v)),
            budget_full: f
                .budget
                .as_ref()
                .and_then(|b| b.full.as_ref())
                .map(|a| Amount(a.v)),
            budget_base: exec.base.map(|b| b.0),
            budget_base_name: exec.base.map(|b| b.1),
            executed: Amount(exec.executed),
            executed_given: f.budget.as_ref().is_some_and(|b| b.executed.is_some()),
            basic_share: Percent::of(basic.total.0, spending),
            projects_share: Percent::of(projects_total, spending),
            income,
            basic,
            projects,
            projects_total: Amount(projects_total),
            spending: Amount(spending),
            balance: balance.map(Amount),
            rate: exec.rate,
            last,
            sangong: f.sangong.as_ref().map(|s| self.sangong(s)),
            gov_fund: self.nonzero(f.gov_fund.as_ref()),
            state_capital: self.nonzero(f.state_capital.as_ref()),
            social_insurance: self.nonzero(f.social_insurance.as_ref()),
            procurement: f.procurement.as_ref().map(|t| self.breakdown(t)),
            assets: f.assets.as_ref().map(|a| Assets {
                total: a.total.as_ref().map(|t| Amount(t.v)),
                liabilities: a.liabilities.as_ref().map(|t| Amount(t.v)),
                net: a
                    .total
                    .as_ref()
                    .zip(a.liabilities.as_ref())
                    .map(|(t, l)| Amount(t.v - l.v)),
            }),
            econ,
        })
    }

    /// 结余 = 收入合计 − 支出合计 (when 收入 is written), checking a
    /// stated 结余 and warning of a negative one.
    fn balance(
        &mut self,
        f: &load::Finance,
        income: Option<&Breakdown>,
        spending: Decimal,
    ) -> Option<Decimal> {
        let balance = income.map(|i| i.total.0 - spending);
        let mut balance_parts = spending_parts();
        balance_parts.push(part(&keys::INCOME));
        let balance_unread = self.unread_lines(&balance_parts);
        match (&f.stated_balance, balance) {
            (Some(s), Some(b)) => {
                let what = "结余（收入合计 − 支出合计）";
                self.check_stated_over(s, b, what, &balance_parts);
            }
            (Some(s), None) => {
                self.error(&s.pos, "写了结余，但没有写收入，无法核对")
                    .with(format!(
                        "请在 {}.{} 中列出各项收入，或删除结余",
                        keys::FINANCE.key,
                        keys::INCOME.key
                    ));
            }
            _ => {}
        }
        if let Some(b) = balance
            .filter(|b| b.is_sign_negative() && !b.is_zero())
            .filter(|_| balance_unread.is_empty())
        {
            let pos = f.income.as_ref().map_or(&f.pos, |t| &t.pos).clone();
            self.warning(
                &pos,
                format!("结余为负数（{}）：收入合计小于支出合计", self.in_unit(b)),
            )
            .with("是否漏写了 上年结转 等收入？请核对收入和支出");
        }
        balance
    }

    /// 执行率 = 全年执行数 (or 支出合计) ÷ 全年预算数 (or 年初预算数), §3 and §6.2.
    fn execution(&mut self, f: &load::Finance, spending: Decimal) -> Option<Execution> {
        // Judged only over figures read in full (else their errors speak).
        let judged = self.unread_lines(&rate_parts()).is_empty();
        let Some(budget) = &f.budget else {
            if !judged {
                return Some(Execution {
                    base: None,
                    executed: spending,
                    rate: None,
                });
            }
            self.warning(
                &f.pos,
                format!(
                    "没有写预算数（{}.{}），报告中不计算、不显示预算执行率",
                    keys::FINANCE.key,
                    keys::BUDGET.key
                ),
            )
            .with("有预算数时请写 预算: {年初预算数: …, 全年预算数: …}");
            return Some(Execution {
                base: None,
                executed: spending,
                rate: None,
            });
        };
        let executed = match &budget.executed {
            Some(e) => {
                let tolerance =
                    spending * Decimal::from(EXECUTED_TOLERANCE_PERCENT) / Decimal::ONE_HUNDRED;
                if judged && (e.v - spending).abs() > tolerance {
                    self.warning(
                        &e.pos,
                        format!(
                            "全年执行数 {} 与支出合计 {} 相差超过 {EXECUTED_TOLERANCE_PERCENT}%",
                            self.in_unit(e.v),
                            self.in_unit(spending)
                        ),
                    )
                    .with("请核对全年执行数与基本支出、项目支出");
                }
                e.v
            }
            None => spending,
        };
        let (base, base_name) = match (&budget.full, &budget.initial) {
            (Some(full), _) => (full, keys::BUDGET_FULL.key),
            (None, Some(initial)) => (initial, keys::BUDGET_INITIAL.key),
            (None, None) => return None,
        };
        let Some(rate) = Percent::of(executed, base.v) else {
            self.error(&base.pos, format!("{base_name}为 0，无法计算执行率"))
                .with("请填写调整后的全年预算数");
            return None;
        };
        if judged && rate.0 > Decimal::ONE {
            self.warning(
                &base.pos,
                format!(
                    "执行率 {rate} 超过 100%：{} {} 大于{base_name} {}",
                    if budget.executed.is_some() {
                        keys::EXECUTED.key
                    } else {
                        keys::SPENDING.key
                    },
                    self.in_unit(executed),
                    self.in_unit(base.v)
                ),
            )
            .with("请核对预算数和支出数");
        }
        Some(Execution {
            base: Some((Amount(base.v), base_name)),
            executed,
            rate: Some(rate),
        })
    }

    /// 支出经济分类: its total must equal 支出合计 (at the precision its
    /// figures are written in).
    fn econ(&mut self, tree: &load::Tree, spending: Decimal) -> Breakdown {
        let b = self.breakdown(tree);
        let mut parts = spending_parts();
        parts.push(part(&keys::ECON));
        let unread = self.unread_lines(&parts);
        if !unread.is_empty() {
            self.unchecked(&tree.pos, "支出经济分类合计是否等于支出合计", &unread);
        } else if !matches_stated(b.total.0, spending) && !matches_stated(spending, b.total.0) {
            self.error(
                &tree.pos,
                format!(
                    "支出经济分类合计 {}，与支出合计（基本支出 + 项目支出）{} 不一致",
                    self.in_unit(b.total.0),
                    self.in_unit(spending)
                ),
            )
            .with("各经济分类金额之和应等于支出合计，请核对");
        }
        let items = b
            .items
            .into_iter()
            .map(|l| Line {
                share: Percent::of(l.amount.0, spending),
                ..l
            })
            .collect();
        Breakdown {
            total: b.total,
            items,
        }
    }

    fn project_lines(&mut self, f: &load::Finance, projects_total: Decimal) -> Vec<ProjectLine> {
        let last_projects = f.last.as_ref().and_then(|l| l.projects.as_ref());
        let mut lines = Vec::new();
        for p in &f.projects {
            if let Some(b) = &p.budget
                && p.amount.v > b.v
            {
                let rate = Percent::of(p.amount.v, b.v)
                    .map(|r| format!("，执行率 {r}"))
                    .unwrap_or_default();
                self.warning(
                    &p.amount.pos,
                    format!(
                        "项目“{}”执行数 {} 超过项目预算 {}{rate}",
                        p.name,
                        self.in_unit(p.amount.v),
                        self.in_unit(b.v)
                    ),
                )
                .with("请核对项目金额和预算；确有超支请在说明中写明原因");
            }
            lines.push(ProjectLine {
                name: p.name.clone(),
                amount: Amount(p.amount.v),
                budget: p.budget.as_ref().map(|b| Amount(b.v)),
                rate: p.budget.as_ref().and_then(|b| Percent::of(p.amount.v, b.v)),
                share: Percent::of(p.amount.v, projects_total),
                note: p.note.clone(),
                last: last_projects
                    .and_then(|ps| ps.iter().find(|q| q.name == p.name))
                    .map(|q| Amount(q.amount.v)),
            });
        }
        lines
    }

    fn last_year(
        &mut self,
        l: &load::LastYear,
        basic: &Breakdown,
        income: &Option<Breakdown>,
        projects_total: Decimal,
        spending: Decimal,
    ) -> LastYear {
        let last_basic = l.basic.as_ref().map(|t| self.breakdown(t));
        let last_projects = l.projects.as_ref().map(|ps| {
            let sum: Decimal = ps.iter().map(|p| p.amount.v).sum();
            if let Some(s) = &l.stated_projects {
                let parts = [last_part(&keys::LAST_PROJECTS)];
                self.check_stated_over(s, sum, "上年项目支出合计", &parts);
            }
            sum
        });
        let last_projects = last_projects.or(l.stated_projects.as_ref().map(|s| s.v));
        let last_spending = match (&last_basic, last_projects) {
            (Some(b), Some(p)) => {
                let sum = b.total.0 + p;
                if let Some(s) = &l.stated_spending {
                    let parts = [
                        last_part(&keys::LAST_BASIC),
                        last_part(&keys::LAST_PROJECTS),
                        last_part(&keys::LAST_PROJECTS_TOTAL),
                    ];
                    self.check_stated_over(s, sum, "上年支出合计", &parts);
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
            project_list: l.projects.as_ref().is_some_and(|ps| !ps.is_empty()),
            spending: last_spending.map(|s| Change::new(spending, s)),
        }
    }

    /// Last year's figures that no comparison uses are said, not dropped:
    /// a project no project of this year is named like, 收入 without this
    /// year's.
    fn last_unmatched(&mut self, l: &load::LastYear, f: &load::Finance) {
        // This year's list read in part may lack the very name.
        let this_read = self.unread_lines(&[part(&keys::PROJECTS)]).is_empty();
        for p in l.projects.iter().flatten().filter(|_| this_read) {
            if f.projects.iter().any(|q| q.name == p.name) {
                continue;
            }
            let pos = crate::diag::Pos {
                path: format!("{}.{}", p.pos.path, keys::NAME.key),
                ..p.pos.clone()
            };
            self.warning(
                &pos,
                format!(
                    "上年项目“{}”在本年的项目支出中没有同名项目：报告不单列它，它的金额 {} 只计入上年项目支出合计",
                    p.name,
                    self.in_unit(p.amount.v)
                ),
            )
            .with("如果是本年某个项目的上年数，请把名称写得与本年的完全一样");
        }
        if let (Some(t), None) = (&l.income, &f.income) {
            self.warning(
                &t.pos,
                "写了上年收入，但没有写本年收入，报告无法比较，不印上年收入",
            )
            .with(format!(
                "请在 {}.{} 中列出本年各项收入，或删除上年收入",
                keys::FINANCE.key,
                keys::INCOME.key
            ));
        }
    }

    fn sangong(&mut self, s: &load::Sangong) -> Sangong {
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
    }
}
