//! 收支: budget, income and spending trees, projects, last year's figures
//! and the optional sections of §1 and §6.2.

use super::keys as k;
use super::node::{Kind, Node};
use super::walker::{Walker, at};
use super::*;

impl Walker<'_> {
    /// 收支; a stand-in marked incomplete when it cannot be fully read.
    pub(super) fn finance(&mut self, node: &Node, path: &str) -> Finance {
        let before = self.diags.len();
        let Some(f) = self.map(node, path, k::FINANCE_KEYS) else {
            return Finance::unreadable(at(node, path));
        };
        let mut ok = true;
        if let Some(n) = f.get(k::UNIT) {
            match self.text(n, &f.child(k::UNIT)).as_deref() {
                Some("万元") => {}
                Some("元") => self.yuan = true,
                Some(other) => {
                    self.error(
                        at(n, &f.child(k::UNIT)),
                        format!("金额单位只能是“万元”或“元”，写的是“{other}”"),
                    );
                    ok = false;
                }
                None => ok = false,
            }
        }
        let budget = f
            .get(k::BUDGET)
            .and_then(|n| self.budget(n, &f.child(k::BUDGET)));
        let income = self.opt_tree(&f, k::INCOME);
        let basic = match f.get(k::BASIC) {
            Some(n) => self.tree(n, &f.child(k::BASIC)),
            None => {
                self.missing(
                    &f,
                    k::BASIC,
                    "基本支出: {人员经费: 177.57, 公用经费: 15.56}",
                );
                None
            }
        };
        let projects_pos = f
            .get(k::PROJECTS)
            .map(|n| at(n, &f.child(k::PROJECTS)))
            .unwrap_or_else(|| Pos {
                path: f.child(k::PROJECTS),
                ..f.pos.clone()
            });
        let projects = match f.get(k::PROJECTS) {
            Some(n) => self.projects(n, &f.child(k::PROJECTS)),
            None => Vec::new(),
        };
        let last = f
            .get(k::LAST)
            .and_then(|n| self.last_year(n, &f.child(k::LAST)));
        let sangong = f.get(k::SANGONG).and_then(|n| {
            let m = self.map(n, &f.child(k::SANGONG), k::SANGONG_KEYS)?;
            Some(Sangong {
                budget: self.opt_tree(&m, k::SANGONG_BUDGET),
                actual: self.opt_tree(&m, k::SANGONG_ACTUAL),
                last: self.opt_tree(&m, k::SANGONG_LAST),
            })
        });
        let assets = f.get(k::ASSETS).and_then(|n| {
            let m = self.map(n, &f.child(k::ASSETS), k::ASSET_KEYS)?;
            Some(Assets {
                total: self.opt_amount(&m, k::ASSETS_TOTAL),
                liabilities: self.opt_amount(&m, k::LIABILITIES),
            })
        });
        let basic = basic.unwrap_or_else(|| Finance::unreadable(f.pos.clone()).basic);
        Finance {
            complete: ok && self.diags.len() == before,
            pos: f.pos.clone(),
            yuan: self.yuan,
            budget,
            income,
            basic,
            projects,
            projects_pos,
            last,
            sangong,
            gov_fund: self.opt_tree(&f, k::GOV_FUND),
            state_capital: self.opt_tree(&f, k::STATE_CAPITAL),
            social_insurance: self.opt_tree(&f, k::SOCIAL_INSURANCE),
            procurement: self.opt_tree(&f, k::PROCUREMENT),
            assets,
            econ: self.opt_tree(&f, k::ECON),
            stated_spending: self.opt_amount(&f, k::SPENDING),
            stated_projects: self.opt_amount(&f, k::PROJECTS_TOTAL),
            stated_balance: self.opt_amount(&f, k::BALANCE),
        }
    }

    /// 预算 (optional since §6.2): at least one of its figures when written.
    fn budget(&mut self, node: &Node, path: &str) -> Option<Budget> {
        let m = self.map(node, path, k::BUDGET_KEYS)?;
        let budget = Budget {
            pos: m.pos.clone(),
            initial: self.opt_amount(&m, k::BUDGET_INITIAL),
            full: self.opt_amount(&m, k::BUDGET_FULL),
            executed: self.opt_amount(&m, k::EXECUTED),
        };
        if m.get(k::BUDGET_INITIAL).is_none() && m.get(k::BUDGET_FULL).is_none() {
            self.error(m.pos.clone(), "预算中至少要写“全年预算数”或“年初预算数”")
                .with("执行率 = 支出合计 ÷ 全年预算数，例如 全年预算数: 880.57；没有预算数就删除整个“预算”");
            return None;
        }
        Some(budget)
    }

    fn projects(&mut self, node: &Node, path: &str) -> Vec<Project> {
        let Kind::Seq(items) = &node.kind else {
            self.wrong_type(node, path, "项目清单（每个项目以“- 名称:”开头）");
            return Vec::new();
        };
        let mut out: Vec<Project> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{}]", i + 1);
            let Some(m) = self.map(item, &p, k::PROJECT_KEYS) else {
                continue;
            };
            let name = self.opt_line(&m, k::NAME);
            if name.is_none() {
                self.missing(&m, k::NAME, "名称: 业务工作经费");
            }
            let amount = match m.get(k::AMOUNT) {
                Some(n) => self.amount(n, &m.child(k::AMOUNT)),
                None => {
                    self.missing(&m, k::AMOUNT, "金额: 667.10");
                    None
                }
            };
            let budget = self.opt_amount(&m, k::BUDGET);
            let note = self.opt_text(&m, k::NOTE);
            let pos = at(item, &p);
            if let Some(name) = &name
                && let Some(first) = out.iter().find(|q| q.name == *name)
            {
                let first_line = first.pos.line;
                self.error(
                    pos.clone(),
                    format!("项目“{name}”写了两次：第{first_line}行和第{}行", pos.line),
                )
                .with("同一项目只写一次，金额合并；确是两个项目请改用不同的名称");
                continue;
            }
            if let (Some(name), Some(amount)) = (name, amount) {
                out.push(Project {
                    pos,
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
        let m = self.map(node, path, k::LAST_KEYS)?;
        Some(LastYear {
            income: self.opt_tree(&m, k::INCOME),
            basic: self.opt_tree(&m, k::BASIC),
            projects: m
                .get(k::PROJECTS)
                .map(|n| self.projects(n, &m.child(k::PROJECTS))),
            stated_projects: self.opt_amount(&m, k::PROJECTS_TOTAL),
            stated_spending: self.opt_amount(&m, k::SPENDING),
        })
    }
}
