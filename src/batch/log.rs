//! The correction log (修改记录): what changed in each department since the
//! last run into the same output folder — its key figures, whether it
//! passes, its errors and warnings — kept in `.gen-report-log.json` beside
//! the manifest and shown in the workbook's 修改记录 sheet.
//!
//! The file holds each department's last row (the baseline) and every
//! entry so far, in one JSON file replaced whole (all-or-nothing), so the
//! baseline and the entries can never disagree. It is written when the
//! run closes, after every report it compares was written: a run killed
//! midway leaves the file as it was, and the next run finds the same
//! changes again, against the same baseline. `--force` reads and keeps it
//! like any run; `--check` neither reads nor writes it.
//!
//! Time and determinism: an entry carries the time of the run that found
//! it, and nothing else in the file or the workbook does. A run that
//! changes nothing adds no entry, so the file and the workbook stay byte
//! for byte as they were. The first run into a folder (or the first with
//! this version) records baselines only: every department would be new.

use super::summary::{Issue, Row};
use super::write_atomic;
use crate::model::{Amount, Percent, Score};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

const FILE: &str = ".gen-report-log.json";
/// Where a log that cannot be read is moved before a new one is begun: it
/// holds the bureau's history, never to be dropped in silence.
const SET_ASIDE: &str = ".gen-report-log.unreadable.json";
/// Bumped when a row's meaning changes; an older log is read as absent.
const VERSION: u32 = 1;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Log {
    version: u32,
    /// Each department's last recorded row, by its output path under DIR.
    last: BTreeMap<String, Row>,
    /// Every change recorded, oldest first.
    pub entries: Vec<Entry>,
    /// The file existed (and was of this version) when read.
    #[serde(skip)]
    existed: bool,
    #[serde(skip)]
    as_read: Vec<u8>,
    /// A file was there but could not be read as a log of this version.
    #[serde(skip)]
    unreadable: bool,
}

/// One row of the 修改记录 sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// When the run that found it started, 北京时间: `2025-03-20 09:30`.
    pub time: String,
    pub file: String,
    pub dept: String,
    pub item: String,
    pub old: String,
    pub new: String,
}

/// One department's changes in this run, for the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub file: String,
    pub dept: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A key figure (or the grade) moved.
    Figure {
        label: String,
        old: String,
        new: String,
    },
    /// Rejected last time, passes now.
    Passed,
    /// Passed last time, rejected now.
    Failed,
    Added(Issue),
    Removed(Issue),
    /// First seen in this folder's log.
    Joined,
}

/// How a department takes part in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Its report was written, or its data rejected: compared.
    Compared,
    /// Unchanged: its report is current; compared with the last record
    /// (a file rejected last time may be back as it was), never new.
    Kept,
    /// Not written for another reason (a file that could not be read or
    /// written, a template error): no entry.
    Skipped,
}

impl Log {
    /// The log of `dir`; an absent one is empty, and so is one that
    /// cannot be read (it is set aside when the new one is written).
    pub fn read(dir: &Path) -> Log {
        let Ok(bytes) = std::fs::read(dir.join(FILE)) else {
            return Log::default();
        };
        match serde_json::from_slice::<Log>(&bytes) {
            Ok(mut log) if log.version == VERSION => {
                log.existed = true;
                log.as_read = bytes;
                log
            }
            _ => Log {
                unreadable: true,
                ..Log::default()
            },
        }
    }

    /// What the console should say about the file as read, if anything.
    pub fn note(&self) -> Option<String> {
        self.unreadable.then(|| {
            format!("修改记录文件 {FILE} 无法读取（可能被改动或来自其他版本），已另存为 {SET_ASIDE}；本次起重新记录")
        })
    }

    /// Writes the log unless it is byte for byte what was read; a file
    /// that could not be read is first moved aside, not overwritten.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        if json == self.as_read {
            return Ok(());
        }
        if self.unreadable {
            std::fs::rename(dir.join(FILE), dir.join(SET_ASIDE))?;
        }
        write_atomic(&dir.join(FILE), &json)
    }

    /// The log after this run, and the changes it found. `departments`:
    /// each one's key, row and part, in the run's order.
    pub fn next(&self, departments: &[(String, &Row, Kind)], time: &str) -> (Log, Vec<Change>) {
        let mut log = Log {
            version: VERSION,
            ..self.clone()
        };
        let mut changes = Vec::new();
        for (key, row, kind) in departments {
            let old = self.last.get(key);
            let items = match (kind, old) {
                (Kind::Skipped, _) => continue,
                // Its report is current, yet it may differ from the last
                // record: a file rejected last time and put back as it was.
                // Most departments are as recorded: no figure to format.
                (_, Some(old)) if old == *row => Vec::new(),
                (_, Some(old)) => compare(old, row),
                (Kind::Compared, None) if self.existed => vec![Item::Joined],
                _ => Vec::new(),
            };
            if !items.is_empty() {
                let change = Change {
                    file: row.file.clone(),
                    dept: row.dept.clone(),
                    items,
                };
                log.entries.extend(change.entries(time));
                changes.push(change);
            }
            log.last.insert(key.clone(), baseline(old, row));
        }
        (log, changes)
    }
}

/// What the next run compares with: the new row, or, for a rejected
/// department, its last figures with the new verdict (its fix is then
/// compared with what it last reported).
fn baseline(old: Option<&Row>, new: &Row) -> Row {
    match old {
        Some(old) if !new.ok => Row {
            ok: false,
            reason: new.reason.clone(),
            issues: new.issues.clone(),
            dept: if new.dept.is_empty() {
                old.dept.clone()
            } else {
                new.dept.clone()
            },
            ..old.clone()
        },
        _ => new.clone(),
    }
}

/// The key figures as shown, by label, in the console's order.
fn figures(r: &Row) -> Vec<(String, String)> {
    let amount = |v: Option<rust_decimal::Decimal>| v.map(|d| Amount(d).to_string());
    let score = |v: Option<rust_decimal::Decimal>| v.map(|d| Score(d).to_string());
    let mut out = vec![
        ("收入合计", amount(r.income)),
        ("基本支出", amount(r.basic)),
        ("项目支出", amount(r.projects)),
        ("支出合计", amount(r.spending)),
        ("预算数", amount(r.budget)),
        ("执行率", r.rate.map(|d| Percent(d).to_string())),
        ("执行率得分", score(r.rate_score)),
    ]
    .into_iter()
    .map(|(l, v)| (l.to_string(), v.unwrap_or_default()))
    .collect::<Vec<_>>();
    for g in &r.groups {
        out.push((
            format!("{}得分", g.name),
            score(g.score).unwrap_or_default(),
        ));
    }
    out.push(("总分".into(), score(r.total).unwrap_or_default()));
    out.push(("等级".into(), r.grade.clone()));
    out
}

/// What differs between last time's row and this run's.
fn compare(old: &Row, new: &Row) -> Vec<Item> {
    let mut items = Vec::new();
    match (old.ok, new.ok) {
        (false, true) => items.push(Item::Passed),
        (true, false) => items.push(Item::Failed),
        _ => {}
    }
    // A rejected row has no figures: nothing to compare them with.
    if new.ok {
        let before = figures(old);
        for (label, now) in figures(new) {
            let was = before.iter().find(|(l, _)| *l == label).map(|(_, v)| v);
            if let Some(was) = was.filter(|w| !w.is_empty() && **w != now) {
                items.push(Item::Figure {
                    label,
                    old: was.clone(),
                    new: now,
                });
            }
        }
    }
    let gone = old
        .issues
        .iter()
        .filter(|i| !new.issues.iter().any(|n| n.same(i)));
    items.extend(gone.cloned().map(Item::Removed));
    let fresh = new
        .issues
        .iter()
        .filter(|n| !old.issues.iter().any(|i| i.same(n)));
    items.extend(fresh.cloned().map(Item::Added));
    items
}

impl Change {
    /// 单位 as the console names it: the file's own name for it, else the file.
    pub fn name(&self) -> &str {
        if self.dept.is_empty() {
            &self.file
        } else {
            &self.dept
        }
    }

    fn entries(&self, time: &str) -> Vec<Entry> {
        self.items
            .iter()
            .map(|item| {
                let (what, old, new) = item.cells();
                Entry {
                    time: time.to_string(),
                    file: self.file.clone(),
                    dept: self.dept.clone(),
                    item: what,
                    old,
                    new,
                }
            })
            .collect()
    }
}

impl Item {
    /// 项目, 原值, 新值 of its log row.
    fn cells(&self) -> (String, String, String) {
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        match self {
            Item::Figure { label, old, new } => (label.clone(), old.clone(), new.clone()),
            Item::Passed => s("状态", "未通过", "通过"),
            Item::Failed => s("状态", "通过", "未通过"),
            Item::Added(i) => (format!("{}（新增）", i.level()), String::new(), i.short()),
            Item::Removed(i) => (format!("{}（消除）", i.level()), i.short(), String::new()),
            Item::Joined => s("单位", "", "首次汇总"),
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Figure { label, old, new } => write!(f, "{label} {old} → {new}"),
            Item::Passed => f.write_str("上次未通过，本次通过"),
            Item::Failed => f.write_str("上次通过，本次未通过"),
            Item::Added(i) => write!(f, "新增{}：{}", i.level(), i.short()),
            Item::Removed(i) => write!(f, "消除{}：{}", i.level(), i.short()),
            Item::Joined => f.write_str("首次汇总"),
        }
    }
}

/// The time a run started, as the log shows it: 北京时间 (UTC+8, the one
/// time zone of the counties this tool serves), to the minute.
pub fn run_time() -> String {
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    match chrono::FixedOffset::east_opt(8 * 3600) {
        Some(beijing) => now
            .with_timezone(&beijing)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        None => now.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}
