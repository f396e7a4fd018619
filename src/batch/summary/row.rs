//! One department's line in the summary: its figures as exact decimals,
//! what a reviewer compares across departments, and its problems as
//! located [`Issue`]s. The manifest and the correction log keep rows
//! between runs (as JSON), so every field a later run shows is here.

use super::super::Job;
use crate::cli::Options;
use crate::diag::{Diagnostic, Severity};
use crate::load::Identity;
use crate::model::{Amount, Report, canonical_grade};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One department's line in the summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub file: String,
    pub dept: String,
    pub year: Option<i32>,
    /// Exact, in 万元; absent when not given or rejected.
    pub income: Option<Decimal>,
    pub basic: Option<Decimal>,
    pub projects: Option<Decimal>,
    pub spending: Option<Decimal>,
    pub budget: Option<Decimal>,
    /// The execution rate as an exact ratio (0.9777…).
    pub rate: Option<Decimal>,
    /// The 执行率得分 used in the total.
    #[serde(default)]
    pub rate_score: Option<Decimal>,
    /// Each 一级's score, in the file's order.
    #[serde(default)]
    pub groups: Vec<GroupScore>,
    pub total: Option<Decimal>,
    /// The grade as the department wrote it (or as computed).
    pub grade: String,
    /// "三公"经费 预算 and 决算 totals, in 万元.
    #[serde(default)]
    pub sangong_budget: Option<Decimal>,
    #[serde(default)]
    pub sangong_actual: Option<Decimal>,
    /// Projects whose 金额 exceeds their 预算.
    #[serde(default)]
    pub over_budget: usize,
    #[serde(default)]
    pub filler: String,
    #[serde(default)]
    pub phone: String,
    /// Every error and warning, located, for the 问题清单 sheet and the
    /// correction log (the 警告 column is made from them).
    pub issues: Vec<Issue>,
    pub ok: bool,
    /// Why it was rejected; mentions a stale old report if one is kept.
    pub reason: String,
    /// SHA-256 of the input (for the manifest).
    #[serde(default)]
    pub hash: String,
}

/// A 一级's score in the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupScore {
    pub name: String,
    pub score: Option<Decimal>,
}

/// An error or a warning as the workbook lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub error: bool,
    pub line: u32,
    pub col: u32,
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn of(d: &Diagnostic) -> Issue {
        Issue {
            error: d.severity == Severity::Error,
            line: d.pos.line,
            col: d.pos.col,
            path: d.pos.path.clone(),
            message: d.message.clone(),
        }
    }

    pub fn level(&self) -> &'static str {
        if self.error { "错误" } else { "警告" }
    }

    /// What identifies it across runs: a line inserted above must not
    /// make every warning below it new.
    pub fn same(&self, other: &Issue) -> bool {
        self.error == other.error && self.path == other.path && self.message == other.message
    }

    /// One line, as the console and the log show it.
    pub fn short(&self) -> String {
        let mut s = String::new();
        if self.line > 0 {
            s.push_str(&format!("第{}行 ", self.line));
        }
        if !self.path.is_empty() {
            s.push_str(&format!("{}：", self.path));
        }
        s.push_str(&self.message);
        s
    }
}

impl Row {
    pub fn ok(job: &Job, r: &Report) -> Row {
        let f = &r.finance;
        // The county's columns are all in 万元, whatever unit a file used.
        let per_wan = if r.unit == "元" {
            Decimal::from(10_000)
        } else {
            Decimal::ONE
        };
        let wan = |a: Amount| Some((a.0 / per_wan).normalize());
        let sangong = f.sangong.as_ref();
        Row {
            file: job.display_name(),
            dept: r.dept.clone(),
            year: Some(r.year),
            income: f.income.as_ref().and_then(|i| wan(i.total)),
            basic: wan(f.basic.total),
            projects: wan(f.projects_total),
            spending: wan(f.spending),
            budget: f.budget_base.and_then(wan),
            rate: f.rate.map(|r| r.0),
            rate_score: r.scores.rate_score.map(|s| s.0),
            groups: r
                .scores
                .groups
                .iter()
                .map(|g| GroupScore {
                    name: g.name.clone(),
                    score: g.score.map(|s| s.0),
                })
                .collect(),
            total: Some(r.scores.total.0),
            grade: r.scores.grade.to_string(),
            sangong_budget: sangong
                .and_then(|s| s.budget.as_ref())
                .and_then(|b| wan(b.total)),
            sangong_actual: sangong
                .and_then(|s| s.actual.as_ref())
                .and_then(|b| wan(b.total)),
            over_budget: f
                .projects
                .iter()
                .filter(|p| p.budget.is_some_and(|b| p.amount > b))
                .count(),
            filler: r.sign.filler.clone().unwrap_or_default(),
            phone: r.sign.phone.clone().unwrap_or_default(),
            issues: r.warnings.iter().map(Issue::of).collect(),
            ok: true,
            reason: String::new(),
            hash: String::new(),
        }
    }

    /// A rejected department: its errors, and its 单位 and 年度 whenever
    /// the file names them (`identity`, read even from a broken file).
    pub fn rejected(
        job: &Job,
        opts: &Options,
        identity: Option<&Identity>,
        errors: &[Diagnostic],
    ) -> Row {
        let mut reason: Vec<String> = errors.iter().map(Diagnostic::short).collect();
        let stale = job.outputs(opts).iter().any(|p| p.is_file());
        if stale && !opts.check {
            reason.push("旧报告保留未更新（已过时）".into());
        }
        Row {
            file: job.display_name(),
            dept: identity.map(|(d, _)| d.v.clone()).unwrap_or_default(),
            year: identity.and_then(|(_, y)| y.as_ref()).map(|y| y.v),
            issues: errors.iter().map(Issue::of).collect(),
            ok: false,
            reason: reason.join("；"),
            ..Row::default()
        }
    }

    /// A rejected department's warnings, listed with its errors in the
    /// order of their lines.
    pub fn with_warnings(mut self, warnings: &[Diagnostic]) -> Row {
        self.issues.extend(warnings.iter().map(Issue::of));
        self.issues.sort_by_key(|i| i.line);
        self
    }

    /// Adds a warning not already listed (an unchanged department's row
    /// comes from the manifest, its warnings included).
    pub fn note(&mut self, warning: &Diagnostic) {
        let issue = Issue::of(warning);
        if !self.issues.contains(&issue) {
            // In reading order, like the rest.
            let at = self.issues.partition_point(|i| i.line <= issue.line);
            self.issues.insert(at, issue);
        }
    }

    /// 优 / 良 / 中 / 差, whichever way the grade was written.
    pub fn grade_class(&self) -> Option<&'static str> {
        canonical_grade(self.grade.trim())
    }

    /// The score of the 一级 named `name`.
    pub fn group_score(&self, name: &str) -> Option<Decimal> {
        self.groups.iter().find(|g| g.name == name)?.score
    }

    /// The warnings, one line each, as `Diagnostic::short` writes them.
    pub fn warning_lines(&self) -> Vec<String> {
        self.issues
            .iter()
            .filter(|i| !i.error)
            .map(Issue::short)
            .collect()
    }

    pub fn warning_count(&self) -> usize {
        self.issues.iter().filter(|i| !i.error).count()
    }

    pub fn status(&self) -> String {
        if self.ok {
            "通过".into()
        } else {
            format!("未通过：{}", self.reason)
        }
    }
}
