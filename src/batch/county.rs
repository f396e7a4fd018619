//! Checks across the departments of one run (contract §6.6): the same 单位 and
//! 年度 in two files, and files whose 年度 differs from most of the run's.

use super::Job;
use crate::diag::Diagnostic;
use crate::load::{At, Identity};
use std::collections::{BTreeMap, HashMap};

/// What each job's file says about itself, from its one parse or, when
/// unchanged, from the manifest.
pub struct Identities {
    ids: Vec<Option<Identity>>,
    /// The files of each 单位 and 年度, in job order: comparing every pair
    /// of a county's files cost more than the rest of a re-run's checks.
    files: HashMap<(String, Option<i32>), Vec<usize>>,
}

impl Identities {
    /// One per job, in job order; `None` for a file without a readable 单位.
    pub fn new(ids: Vec<Option<Identity>>) -> Identities {
        let mut files: HashMap<_, Vec<usize>> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(key) = id.as_ref().map(key) {
                files.entry(key).or_default().push(i);
            }
        }
        Identities { ids, files }
    }

    pub fn get(&self, i: usize) -> Option<&Identity> {
        self.ids.get(i)?.as_ref()
    }

    /// The error for job `i` when another file has the same 单位 and 年度.
    /// Both files are rejected, so neither counts in the county totals.
    pub fn duplicate(&self, jobs: &[Job], i: usize) -> Option<Diagnostic> {
        let id = self.ids.get(i)?.as_ref()?;
        let (dept, year) = id;
        let other = *self.files.get(&key(id))?.iter().find(|&&j| j != i)?;
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

/// What makes two files the same department's: 单位 and 年度.
fn key((dept, year): &Identity) -> (String, Option<i32>) {
    (dept.v.clone(), year.as_ref().map(|y| y.v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use std::path::PathBuf;

    fn id(dept: &str, year: i32) -> Option<Identity> {
        let pos = Pos::default();
        Some((
            At {
                v: dept.into(),
                pos: pos.clone(),
            },
            Some(At { v: year, pos }),
        ))
    }

    #[test]
    fn each_duplicate_names_the_first_other_file_of_its_unit_and_year() {
        let ids = Identities::new(vec![
            id("甲局", 2024),
            id("甲局", 2024),
            id("乙局", 2024),
            id("甲局", 2024),
            id("甲局", 2023),
            None,
        ]);
        let jobs: Vec<Job> = "abcdef"
            .chars()
            .map(|c| Job {
                input: PathBuf::from(format!("{c}.yaml")),
                rel: PathBuf::from(c.to_string()),
            })
            .collect();
        let names: Vec<Option<String>> = (0..jobs.len())
            .map(|i| ids.duplicate(&jobs, i).map(|d| d.message))
            .collect();
        let says = |other: &str| Some(format!("单位重复：“甲局”2024年度也在 {other} 中"));
        assert_eq!(
            names,
            [
                says("b.yaml"),
                says("a.yaml"),
                None,
                says("a.yaml"),
                None,
                None
            ]
        );
    }
}
