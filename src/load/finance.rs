//! 收支: budget, income and spending trees, projects, last year's figures
//! and the optional sections of §1 and §6.2.

use super::blank::blank_for;
use super::contract as c;
use super::node::{Kind, Node};
use super::walker::{Walker, at};
use super::*;

impl Walker<'_> {
    /// 收支; a stand-in marked incomplete when it cannot be fully read.
    pub(super) fn finance(&mut self, node: &Node, path: &str) -> Finance {
        let Some(f) = self.fields(node, path, c::FINANCE.fields(), &[]) else {
            return Finance::unreadable(at(node, path));
        };
        if let Some(n) = f.get(&c::UNIT) {
            match self.text(n, &f.child(c::UNIT.key)).as_deref() {
                Some("万元") => {}
                Some("元") => self.yuan = true,
                Some(other) => {
                    self.error(
                        at(n, &f.child(c::UNIT.key)),
                        format!("金额单位只能是“万元”或“元”，写的是“{other}”"),
                    );
                }
                None => {}
            }
        }
        let budget = f
            .get(&c::BUDGET)
            .and_then(|n| self.budget(n, &f.child(c::BUDGET.key)));
        let income = self.opt_tree(&f, &c::INCOME);
        let basic = self.opt_tree(&f, &c::BASIC);
        let projects_pos = f
            .get(&c::PROJECTS)
            .map(|n| at(n, &f.child(c::PROJECTS.key)))
            .unwrap_or_else(|| Pos {
                path: f.child(c::PROJECTS.key),
                ..f.pos.clone()
            });
        let projects = match f.get(&c::PROJECTS) {
            Some(n) => self.projects(n, &f.child(c::PROJECTS.key)),
            None => Vec::new(),
        };
        let last = f
            .get(&c::LAST)
            .and_then(|n| self.last_year(n, &f.child(c::LAST.key)));
        let sangong = f.get(&c::SANGONG).and_then(|n| {
            let m = self.fields(n, &f.child(c::SANGONG.key), c::SANGONG.fields(), &[])?;
            Some(Sangong {
                budget: self.opt_tree(&m, &c::SANGONG_BUDGET),
                actual: self.opt_tree(&m, &c::SANGONG_ACTUAL),
                last: self.opt_tree(&m, &c::SANGONG_LAST),
            })
        });
        let assets = f.get(&c::ASSETS).and_then(|n| {
            let m = self.fields(n, &f.child(c::ASSETS.key), c::ASSETS.fields(), &[])?;
            Some(Assets {
                total: self.opt_amount(&m, &c::ASSETS_TOTAL),
                liabilities: self.opt_amount(&m, &c::LIABILITIES),
            })
        });
        let basic = basic.unwrap_or_else(|| Finance::unreadable(f.pos.clone()).basic);
        Finance {
            pos: f.pos.clone(),
            yuan: self.yuan,
            budget,
            income,
            basic,
            projects,
            projects_pos,
            last,
            sangong,
            gov_fund: self.opt_tree(&f, &c::GOV_FUND),
            state_capital: self.opt_tree(&f, &c::STATE_CAPITAL),
            social_insurance: self.opt_tree(&f, &c::SOCIAL_INSURANCE),
            procurement: self.opt_tree(&f, &c::PROCUREMENT),
            assets,
            econ: self.opt_tree(&f, &c::ECON),
            stated_spending: self.opt_amount(&f, &c::SPENDING),
            stated_projects: self.opt_amount(&f, &c::PROJECTS_TOTAL),
            stated_balance: self.opt_amount(&f, &c::BALANCE),
        }
    }

    /// 预算 (optional since §6.2): at least one of its figures when written.
    fn budget(&mut self, node: &Node, path: &str) -> Option<Budget> {
        let m = self.fields(node, path, c::BUDGET.fields(), &[])?;
        let budget = Budget {
            pos: m.pos.clone(),
            initial: self.opt_amount(&m, &c::BUDGET_INITIAL),
            full: self.opt_amount(&m, &c::BUDGET_FULL),
            executed: self.opt_amount(&m, &c::EXECUTED),
        };
        if m.get(&c::BUDGET_INITIAL).is_none() && m.get(&c::BUDGET_FULL).is_none() {
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
            if blank_for(item, c::PROJECTS.shape.item()) {
                continue; // Left as `gen-report new` writes it.
            }
            let p = format!("{path}[{}]", i + 1);
            let Some(m) = self.fields(item, &p, c::PROJECT, &[]) else {
                continue;
            };
            let name = m
                .get(&c::NAME)
                .and_then(|n| self.required_line(n, &m.child(c::NAME.key), &c::NAME));
            let amount = self.opt_amount(&m, &c::AMOUNT);
            let budget = self.opt_amount(&m, &c::PROJECT_BUDGET);
            let note = self.opt_text(&m, &c::NOTE);
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
        let m = self.fields(node, path, c::LAST.fields(), &[])?;
        Some(LastYear {
            income: self.opt_tree(&m, &c::LAST_INCOME),
            basic: self.opt_tree(&m, &c::LAST_BASIC),
            projects: m
                .get(&c::LAST_PROJECTS)
                .map(|n| self.projects(n, &m.child(c::LAST_PROJECTS.key))),
            stated_projects: self.opt_amount(&m, &c::LAST_PROJECTS_TOTAL),
            stated_spending: self.opt_amount(&m, &c::LAST_SPENDING),
        })
    }
}
