//! The model: a loaded [`Input`] checked and turned into a [`Report`] that
//! holds every derived figure (contract §2–§3, §6).
//!
//! Totals, subtotals, shares, the execution rate and its score, 同比
//! changes, 净资产, the total score and the grade are all computed here from
//! the leaves, on exact decimals; every total the author stated is checked
//! against them, at the precision it is written in (§6.3). Templates only
//! show what this module computed. The model knows nothing of Tera, DOCX or
//! PDF. By subject: `finance` (收支), `scores` (指标), `staff` (概况).

mod finance;
mod grading;
mod num;
mod scores;
mod staff;
mod targets;
mod totals;

pub use finance::{
    Assets, Breakdown, Change, Finance, LastYear, Line, NamedChange, ProjectLine, Sangong,
    SangongRow,
};
pub use grading::{STANDARD_SPLIT, canonical_grade, grade, rate_score};
pub use num::{Amount, Percent, Score, round2};
pub use scores::{Group, Item, Row, Scores, Sub};
pub use staff::{Overview, Staff, StaffItem};

use crate::diag::{Diagnostic, Pos};
use crate::load::{At, Input, Tree, TreeKind};
/// Texts shown as written: the loaded types serve the templates directly.
pub use crate::load::{Cover, Evaluator, Sign, Work};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

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
    /// The form-style report's cover, as written (contract §6.5).
    pub cover: Cover,
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

/// Checks and computes. `Err` holds every error (and the warnings met so
/// far); `Ok` carries the warnings inside the report.
pub fn compute(input: &Input) -> Result<Report, Vec<Diagnostic>> {
    let mut c = Checker {
        diags: Vec::new(),
        yuan: input.finance.yuan,
        unread: input.unread.clone(),
    };
    let finance = c.finance(input);
    // A rate over figures read only in part is worth no score.
    let rate = finance
        .as_ref()
        .and_then(|f| {
            Some(totals::Rate {
                rate: f.rate?,
                executed: f.executed,
                executed_name: match f.executed_given {
                    true => crate::load::contract::EXECUTED.key,
                    false => crate::load::contract::SPENDING.key,
                },
                base: f.budget_base?,
                base_name: f.budget_base_name?,
            })
        })
        .filter(|_| c.unread_lines(&finance::rate_parts()).is_empty());
    let scores = c.scores(input, rate);
    let overview = c.overview(input);
    let (Some(finance), Some(scores)) = (finance, scores) else {
        return Err(c.diags);
    };
    if c.diags.iter().any(Diagnostic::is_error) {
        return Err(c.diags);
    }
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
        overview,
        finance,
        scores,
        problems: input.problems.v.clone(),
        measures: input.measures.v.clone(),
        application: input.application.clone(),
        other: input.other.clone(),
        sign: input.sign.clone(),
        cover: input.cover.clone(),
        warnings: c.diags,
    })
}

struct Checker {
    diags: Vec<Diagnostic>,
    /// The file's amounts are in 元.
    yuan: bool,
    /// Where loading could not read a value ([`Input::unread`]).
    unread: Vec<Pos>,
}

/// Whether `path` lies inside `part` (or is it).
fn inside(path: &str, part: &str) -> bool {
    path.strip_prefix(part)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The last key of a path: `指标.产出.数量[2].名称` → 名称.
fn last_key(path: &str) -> &str {
    let key = path.rsplit('.').next().unwrap_or(path);
    key.split('[').next().unwrap_or(key)
}

/// Whether a stated figure matches the computed one at the precision it is
/// written in (§6.3): `405.84` matches 405.843, `405.85` does not.
pub fn matches_stated(stated: Decimal, computed: Decimal) -> bool {
    computed.round_dp_with_strategy(stated.scale(), RoundingStrategy::MidpointAwayFromZero)
        == stated
}

/// A figure shown with at least 2 decimals, more when the author wrote
/// more: a difference at the 3rd place must not read "0.00".
fn at_places(d: Decimal, places: u32) -> String {
    let places = places.max(2);
    let r = d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    format!("{r:.*}", places as usize)
}

impl Checker {
    /// The lines of unread values that a figure computed from `parts`
    /// depends on: inside one of them, or around one (a whole 收支 that
    /// could not be read).
    fn unread_lines(&self, parts: &[String]) -> Vec<u32> {
        self.unread_lines_where(parts, |_| true)
    }

    /// [`Checker::unread_lines`] among the unread values `counts` keeps.
    fn unread_lines_where(&self, parts: &[String], counts: impl Fn(&str) -> bool) -> Vec<u32> {
        let mut lines: Vec<u32> = self
            .unread
            .iter()
            .filter(|u| {
                parts
                    .iter()
                    .any(|p| inside(&u.path, p) || inside(p, &u.path))
                    && counts(&u.path)
            })
            .map(|u| u.line)
            .collect();
        lines.sort_unstable();
        lines.dedup();
        lines
    }

    /// Says that a figure the officer wrote was not checked, and why.
    fn unchecked(&mut self, pos: &Pos, what: &str, lines: &[u32]) {
        self.unchecked_via(pos, what, "", lines);
    }

    /// [`Checker::unchecked`], the reason led by `via` (how the figure
    /// depends on those lines, when not plainly).
    fn unchecked_via(&mut self, pos: &Pos, what: &str, via: &str, lines: &[u32]) {
        let lines: Vec<String> = lines
            .iter()
            .filter(|l| **l > 0)
            .map(u32::to_string)
            .collect();
        let why = match lines.is_empty() {
            true => "它所依据的数据有错误".to_string(),
            false => format!("它所依据的第 {} 行有错误", lines.join("、")),
        };
        self.warning(pos, format!("{what}这次没有核对：{via}{why}"))
            .with("改正这些错误后再运行一次，就会核对这一项");
    }

    /// [`Checker::check_stated`], unless what it sums (`parts`) was read
    /// only in part: then it says so.
    fn check_stated_over(
        &mut self,
        stated: &At<Decimal>,
        computed: Decimal,
        what: &str,
        parts: &[String],
    ) {
        let lines = self.unread_lines(parts);
        if lines.is_empty() {
            self.check_stated(stated, computed, what);
        } else {
            self.unchecked(&stated.pos, what, &lines);
        }
    }

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

    /// Compares a stated amount with the computed one at the stated
    /// precision (§6.3).
    fn check_stated(&mut self, stated: &At<Decimal>, computed: Decimal, what: &str) {
        if matches_stated(stated.v, computed) {
            return;
        }
        let places = stated.v.scale().max(computed.scale().min(6));
        let unit = unit_name(self.yuan);
        let s = at_places(stated.v, stated.v.scale());
        let c = at_places(computed, places);
        let diff = at_places((stated.v - computed).abs(), places);
        self.error(
            &stated.pos,
            format!("{what}写的是 {s}{unit}，按明细计算应为 {c}{unit}（相差 {diff}{unit}）"),
        )
        .with("请核对明细数或改正合计数；合计数也可以删除，由工具自动计算");
    }

    /// Total of an amount tree, checking every stated 合计/小计 inside.
    fn total(&mut self, tree: &Tree) -> Decimal {
        match &tree.kind {
            TreeKind::Leaf(v) => *v,
            TreeKind::Branch { children, stated } => {
                let sum = children.iter().map(|(_, t)| self.total(t)).sum();
                if let Some(stated) = stated {
                    let what = format!("{}的合计", tree.pos.path.rsplit('.').next().unwrap_or(""));
                    self.check_stated_over(
                        stated,
                        sum,
                        &what,
                        std::slice::from_ref(&tree.pos.path),
                    );
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
