//! Checks across the departments of one run (SPEC §6.6): the same 单位 and
//! 年度 in two files, and files whose 年度 differs from most of the run's.

use super::Job;
use crate::diag::Diagnostic;
use crate::load::{At, Identity};
use std::collections::BTreeMap;

/// What each job's file says about itself, from its one parse or, when
/// unchanged, from the manifest.
pub struct Identities {
    ids: Vec<Option<Identity>>,
}

impl Identities {
    /// One per job, in job order; `None` for a file without a readable 单位.
    pub fn new(ids: Vec<Option<Identity>>) -> Identities {
        Identities { ids }
    }

    pub fn get(&self, i: usize) -> Option<&Identity> {
        self.ids.get(i)?.as_ref()
    }

    /// The error for job `i` when another file has the same 单位 and 年度.
    /// Both files are rejected, so neither counts in the county totals.
    pub fn duplicate(&self, jobs: &[Job], i: usize) -> Option<Diagnostic> {
        let (dept, year) = self.ids.get(i)?.as_ref()?;
        let other = self.ids.iter().enumerate().find_map(|(j, id)| {
            let (d, y) = id.as_ref()?;
            let same_year = y.as_ref().map(|y| y.v) == year.as_ref().map(|y| y.v);
            (j != i && d.v == dept.v && same_year).then_some(j)
        })?;
        let year_text = year
            .as_ref()
            .map(|y| format!("{}年度", y.v))
            .unwrap_or_default();
        Some(
            Diagnostic::error(
                dept.pos.clone(),
                format!(
                    "单位重复：“{}”{year_text}也在 {} 中",
                    dept.v,
                    jobs[other].display_name()
                ),
            )
            .hint("同一单位同一年度只能有一个文件：请删除多余的文件，或改正单位名称、年度；两个文件都不计入汇总"),
        )
    }

    /// The 年度 most files of the run have, when there is one.
    fn usual_year(&self) -> Option<i32> {
        let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
        for (_, year) in self.ids.iter().flatten() {
            if let Some(y) = year {
                *counts.entry(y.v).or_default() += 1;
            }
        }
        let max = counts.values().copied().max()?;
        let mut top = counts.iter().filter(|(_, c)| **c == max);
        let (year, _) = top.next()?;
        // A tie has no "most"; nothing to warn about.
        top.next().is_none().then_some(*year)
    }

    /// A warning for every file whose 年度 differs from most of the run's.
    pub fn odd_years(&self) -> Vec<(usize, Diagnostic)> {
        let Some(usual) = self.usual_year() else {
            return Vec::new();
        };
        self.ids
            .iter()
            .enumerate()
            .filter_map(|(i, id)| {
                let (_, year) = id.as_ref()?;
                let At { v: y, pos } = year.as_ref()?;
                (*y != usual).then(|| {
                    let d = Diagnostic::warning(
                        pos.clone(),
                        format!("年度为 {y}，与本次其他大多数文件的 {usual} 不同"),
                    )
                    .hint("请核对年度是否写错，或是否放错了文件夹");
                    (i, d)
                })
            })
            .collect()
    }
}
