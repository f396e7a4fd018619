//! The summary table as text: its columns, each row's cells, the county
//! totals (summed exactly), and the CSV made from them. The workbook's
//! 汇总表 sheet writes the same cells, figures as numbers.

use super::{Orphan, Row};
use crate::model::{Amount, Percent, Score};
use rust_decimal::Decimal;

/// Column titles: contract §5's, with what a reviewer compares across
/// departments after 执行率 and 等级.
pub const HEADERS: [&str; 24] = [
    "文件",
    "单位",
    "年度",
    "收入合计（万元）",
    "基本支出（万元）",
    "项目支出（万元）",
    "支出合计（万元）",
    // What the execution rate is measured against: 全年预算数, or 年初预算数
    // when a file has no 全年 (the old title "全年预算数" was untrue then).
    "预算数（全年，无则年初，万元）",
    "执行率",
    "执行率得分",
    "产出得分",
    "效益得分",
    "满意度得分",
    "总分",
    // As the department wrote it (contract §5, §6.1); beside it the class
    // 优/良/中/差 it counts under, to filter and count by.
    "等级",
    "等级（归类）",
    "“三公”经费预算（万元）",
    "“三公”经费决算（万元）",
    "超预算项目数",
    "填表人",
    "联系电话",
    "警告条数",
    "警告",
    "状态",
];
/// Column widths in characters (CJK counts double in Excel's unit).
pub const WIDTHS: [f64; 24] = [
    28.0, 30.0, 7.0, 12.0, 12.0, 12.0, 12.0, 16.0, 10.0, 8.0, 8.0, 8.0, 8.0, 7.0, 6.0, 8.0, 12.0,
    12.0, 8.0, 10.0, 14.0, 8.0, 50.0, 40.0,
];
/// The 一级 whose scores have a column, in column order.
pub const GROUP_COLUMNS: [&str; 3] = ["产出", "效益", "满意度"];

/// Where each kind of cell sits.
pub mod col {
    pub const YEAR: usize = 2;
    /// 收入合计 … 预算数.
    pub const AMOUNTS: std::ops::RangeInclusive<usize> = 3..=7;
    pub const RATE: usize = 8;
    /// 执行率得分, the three 一级 scores, 总分.
    pub const SCORES: std::ops::RangeInclusive<usize> = 9..=13;
    pub const SANGONG: std::ops::RangeInclusive<usize> = 16..=17;
    pub const OVER_BUDGET: usize = 18;
    pub const WARNING_COUNT: usize = 21;
    pub const STATUS: usize = 23;
}

/// The exact figure of a numeric column, if the row has one.
pub fn figure(r: &Row, c: usize) -> Option<Decimal> {
    match c {
        col::YEAR => r.year.map(Decimal::from),
        3 => r.income,
        4 => r.basic,
        5 => r.projects,
        6 => r.spending,
        7 => r.budget,
        col::RATE => r.rate,
        9 => r.rate_score,
        10..=12 => r.group_score(GROUP_COLUMNS[c - 10]),
        13 => r.total,
        16 => r.sangong_budget,
        17 => r.sangong_actual,
        col::OVER_BUDGET => r.ok.then(|| Decimal::from(r.over_budget)),
        col::WARNING_COUNT => Some(Decimal::from(r.warning_count())),
        _ => None,
    }
}

/// The text cells of a row, as the CSV shows them.
pub fn cells(r: &Row) -> Vec<String> {
    let amount = |v: Option<Decimal>| v.map(|d| Amount(d).to_string()).unwrap_or_default();
    let score = |v: Option<Decimal>| v.map(|d| Score(d).to_string()).unwrap_or_default();
    let class = r.grade_class().unwrap_or_default().to_string();
    let mut v = vec![
        r.file.clone(),
        r.dept.clone(),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
    ];
    v.extend(col::AMOUNTS.map(|c| amount(figure(r, c))));
    v.push(r.rate.map(|d| Percent(d).to_string()).unwrap_or_default());
    v.extend(col::SCORES.map(|c| score(figure(r, c))));
    v.extend([r.grade.clone(), class]);
    v.extend(col::SANGONG.map(|c| amount(figure(r, c))));
    v.extend([
        figure(r, col::OVER_BUDGET)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        r.filler.clone(),
        r.phone.clone(),
        r.warning_count().to_string(),
        r.warning_lines().join("；"),
        r.status(),
    ]);
    v
}

/// Exact sums over the accepted rows.
pub struct Totals {
    /// 收入合计 … 预算数.
    pub amounts: [Decimal; 5],
    /// "三公"经费 预算 and 决算.
    pub sangong: [Decimal; 2],
    pub over_budget: usize,
    pub warnings: usize,
    /// 支出合计 of the departments with a budget: a department without one
    /// (contract §6.2) must not raise the county's execution rate.
    rated_spending: Decimal,
}

impl Totals {
    pub fn rate(&self) -> Option<Percent> {
        Percent::of(self.rated_spending, self.amounts[4])
    }
}

pub fn totals(rows: &[&Row]) -> Totals {
    let mut t = Totals {
        amounts: [Decimal::ZERO; 5],
        sangong: [Decimal::ZERO; 2],
        over_budget: 0,
        warnings: rows.iter().map(|r| r.warning_count()).sum(),
        rated_spending: Decimal::ZERO,
    };
    for r in rows.iter().filter(|r| r.ok) {
        if r.budget.is_some() {
            t.rated_spending += r.spending.unwrap_or_default();
        }
        for (slot, c) in t.amounts.iter_mut().zip(col::AMOUNTS) {
            *slot += figure(r, c).unwrap_or_default();
        }
        for (slot, c) in t.sangong.iter_mut().zip(col::SANGONG) {
            *slot += figure(r, c).unwrap_or_default();
        }
        t.over_budget += r.over_budget;
    }
    t
}

/// The totals row's text cells.
pub fn total_cells(rows: &[&Row]) -> Vec<String> {
    let t = totals(rows);
    let ok = rows.iter().filter(|r| r.ok).count();
    let rejected = rows.len() - ok;
    let label = match rejected {
        0 => format!("合计（{ok}个单位）"),
        n => format!("合计（{ok}个单位，另有{n}个未通过未计入）"),
    };
    let mut v = vec![label, String::new(), String::new()];
    v.extend(t.amounts.iter().map(|d| Amount(*d).to_string()));
    v.push(t.rate().map(|p| p.to_string()).unwrap_or_default());
    v.resize(*col::SANGONG.start(), String::new());
    v.extend(t.sangong.iter().map(|d| Amount(*d).to_string()));
    v.push(t.over_budget.to_string());
    v.extend([String::new(), String::new()]);
    v.push(t.warnings.to_string());
    v.push(String::new());
    v.push(totals_note(rows).unwrap_or_default());
    v
}

/// What the county totals leave out, in words, or `None` when they cover
/// every department in full: a reviewer must not take a partial sum for
/// the county's.
pub fn totals_note(rows: &[&Row]) -> Option<String> {
    let names = |keep: &dyn Fn(&Row) -> bool| -> Vec<String> {
        rows.iter()
            .filter(|r| keep(r))
            .map(|r| r.file.clone())
            .collect()
    };
    let mut notes = Vec::new();
    // “{head} N 个{who}（names）{then}”, for each kind left out.
    let mut left_out = |names: Vec<String>, head: &str, who: &str, then: &str| {
        if !names.is_empty() {
            notes.push(format!(
                "{head} {} 个{who}（{}）{then}",
                names.len(),
                names.join("、")
            ));
        }
    };
    left_out(
        names(&|r| !r.ok),
        "合计未含",
        "未通过的单位",
        "：它们的收入合计、基本支出、项目支出、支出合计、预算数和执行率都不在合计中，改正后重新运行才计入",
    );
    left_out(
        names(&|r| r.ok && r.income.is_none()),
        "收入合计不含",
        "未填收入的单位",
        "",
    );
    left_out(
        names(&|r| r.ok && r.budget.is_none()),
        "预算数和执行率不含",
        "未填预算的单位",
        "",
    );
    (!notes.is_empty()).then(|| notes.join("；"))
}

/// A cell a spreadsheet would read as a formula (`=HYPERLINK(…)`), made
/// plain text by a leading apostrophe, as OWASP's CSV-injection guidance
/// advises. Computed numbers are never negative, so no figure is touched.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// UTF-8 with a BOM so Excel and WPS detect the encoding.
pub fn csv(rows: &[&Row], orphans: &[Orphan]) -> String {
    let quote = |s: &str| {
        let s = neutralise(s);
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let line = |cells: Vec<String>| cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(",");
    let mut out = String::from("\u{feff}");
    out.push_str(&line(HEADERS.iter().map(|s| s.to_string()).collect()));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&line(cells(r)));
        out.push_str("\r\n");
    }
    out.push_str(&line(total_cells(rows)));
    out.push_str("\r\n");
    for o in orphans {
        out.push_str(&line(o.cells()));
        out.push_str("\r\n");
    }
    out
}
