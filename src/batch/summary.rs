//! The county summary: `汇总表.xlsx` and `汇总表.csv`, one row per
//! department (contract §5) and a totals row.
//!
//! Amounts are exact decimals in each [`Row`] (the manifest carries rows
//! between runs, as decimal text); the county totals are summed exactly and
//! only then turned into spreadsheet numbers.

use super::manifest::{Stamp, hash_input};
use super::{Job, write_all};
use crate::cli::Options;
use crate::diag::Diagnostic;
use crate::model::{Amount, Percent, Report, Score};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError,
};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Column titles, in contract §5 order.
const HEADERS: [&str; 13] = [
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
    "总分",
    "等级",
    "警告",
    "状态",
];
/// Column widths in characters (CJK counts double in Excel's unit).
const WIDTHS: [f64; 13] = [
    28.0, 34.0, 7.0, 14.0, 14.0, 14.0, 14.0, 22.0, 10.0, 7.0, 6.0, 50.0, 50.0,
];
/// Light red for rejected departments.
const REJECTED_FILL: u32 = 0xFFC7CE;
/// Light yellow for orphaned reports.
const ORPHAN_FILL: u32 = 0xFFF2CC;

/// One department's line in the summary.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    pub total: Option<Decimal>,
    pub grade: String,
    pub warnings: Vec<String>,
    pub ok: bool,
    /// Why it was rejected; mentions a stale old report if one is kept.
    pub reason: String,
    /// SHA-256 of the input (for the manifest).
    #[serde(default)]
    pub hash: String,
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
            total: Some(r.scores.total.0),
            grade: r.scores.grade.to_string(),
            warnings: r.warnings.iter().map(Diagnostic::short).collect(),
            ok: true,
            reason: String::new(),
            hash: String::new(),
        }
    }

    pub fn rejected(job: &Job, opts: &Options, errors: &[Diagnostic]) -> Row {
        let mut reason: Vec<String> = errors.iter().map(Diagnostic::short).collect();
        let stale = job.outputs(opts).iter().any(|p| p.is_file());
        if stale && !opts.check {
            reason.push("旧报告保留未更新（已过时）".into());
        }
        Row {
            file: job.display_name(),
            dept: String::new(),
            ok: false,
            reason: reason.join("；"),
            ..Row::default()
        }
    }

    /// Adds a warning not already listed (an unchanged department's row
    /// comes from the manifest, its warnings included).
    pub fn note(&mut self, warning: String) {
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    fn status(&self) -> String {
        if self.ok {
            "通过".into()
        } else {
            format!("未通过：{}", self.reason)
        }
    }
}

/// A report in DIR whose YAML file no longer exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orphan {
    /// Under DIR, e.g. `乡镇/青山镇人民政府.docx`.
    pub report: String,
    /// The YAML it was made from, as the summary showed it.
    pub yaml: String,
}

impl Orphan {
    fn cells(&self) -> Vec<String> {
        let mut v = vec![self.report.clone()];
        v.extend(std::iter::repeat_n(String::new(), HEADERS.len() - 2));
        v.push(format!(
            "孤立报告：它的 YAML 文件 {} 已不存在，报告保留未删除；不是本次汇总的一部分，核对后可自行删除",
            self.yaml
        ));
        v
    }
}

/// Exact sums of the amount columns over the accepted rows.
struct Totals {
    amounts: [Decimal; 5],
    /// 支出合计 of the departments with a budget: a department without one
    /// (contract §6.2) must not raise the county's execution rate.
    rated_spending: Decimal,
}

impl Totals {
    fn rate(&self) -> Option<Percent> {
        Percent::of(self.rated_spending, self.amounts[4])
    }
}

fn totals(rows: &[&Row]) -> Totals {
    let mut amounts = [Decimal::ZERO; 5];
    let mut rated_spending = Decimal::ZERO;
    for r in rows.iter().filter(|r| r.ok) {
        if r.budget.is_some() {
            rated_spending += r.spending.unwrap_or_default();
        }
        for (slot, v) in
            amounts
                .iter_mut()
                .zip([&r.income, &r.basic, &r.projects, &r.spending, &r.budget])
        {
            *slot += v.unwrap_or_default();
        }
    }
    Totals {
        amounts,
        rated_spending,
    }
}

/// The two files, in the output folder.
pub const CSV: &str = "汇总表.csv";
pub const XLSX: &str = "汇总表.xlsx";

/// The two files' bytes, made before they are written.
pub struct Made {
    /// [`digest`] of what they show.
    pub digest: String,
    csv: String,
    xlsx: Vec<u8>,
}

/// Makes both files; `None` when the digest cannot be made or the workbook
/// fails (then [`write`] is called and reports it).
pub fn make(rows: &[&Row], orphans: &[Orphan]) -> Option<Made> {
    Some(Made {
        digest: digest(rows, orphans)?,
        csv: csv(rows, orphans),
        xlsx: xlsx(rows, orphans).ok()?,
    })
}

/// Writes both files as a pair: both new, or both as they were; returns
/// their stamps (CSV, workbook) for the manifest.
/// Orphaned reports follow the totals row, outside every sum.
pub fn write(dir: &Path, rows: &[&Row], orphans: &[Orphan]) -> std::io::Result<(Stamp, Stamp)> {
    let csv = csv(rows, orphans);
    let xlsx = xlsx(rows, orphans).map_err(std::io::Error::other)?;
    write_bytes(dir, &csv, &xlsx)
}

/// Writes files made earlier, as [`write`] does.
pub fn write_made(dir: &Path, made: &Made) -> std::io::Result<(Stamp, Stamp)> {
    write_bytes(dir, &made.csv, &made.xlsx)
}

fn write_bytes(dir: &Path, csv: &str, xlsx: &[u8]) -> std::io::Result<(Stamp, Stamp)> {
    let (csv_path, xlsx_path) = (dir.join(CSV), dir.join(XLSX));
    write_all(&[
        (csv_path.clone(), csv.as_bytes()),
        (xlsx_path.clone(), xlsx),
    ])?;
    Ok((
        Stamp::of(csv.as_bytes()).at(&csv_path),
        Stamp::of(xlsx).at(&xlsx_path),
    ))
}

/// A digest of everything the two files show (the files are deterministic:
/// the same rows, orphans and tool version give the same bytes), so a run
/// can tell that writing them again would change nothing. `None` when it
/// cannot be made: then they are written.
pub fn digest(rows: &[&Row], orphans: &[Orphan]) -> Option<String> {
    let orphans: Vec<(&str, &str)> = orphans
        .iter()
        .map(|o| (o.report.as_str(), o.yaml.as_str()))
        .collect();
    let json = serde_json::to_vec(&(env!("CARGO_PKG_VERSION"), rows, orphans)).ok()?;
    Some(hash_input(&json))
}

/// The text cells of a row, as the CSV shows them.
fn cells(r: &Row) -> Vec<String> {
    let amount = |v: &Option<Decimal>| v.map(|d| Amount(d).to_string()).unwrap_or_default();
    vec![
        r.file.clone(),
        r.dept.clone(),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        amount(&r.income),
        amount(&r.basic),
        amount(&r.projects),
        amount(&r.spending),
        amount(&r.budget),
        r.rate.map(|d| Percent(d).to_string()).unwrap_or_default(),
        r.total.map(|d| Score(d).to_string()).unwrap_or_default(),
        r.grade.clone(),
        r.warnings.join("；"),
        r.status(),
    ]
}

fn total_cells(rows: &[&Row]) -> Vec<String> {
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
    v.extend([String::new(), String::new(), String::new()]);
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
    let rejected = names(&|r| !r.ok);
    if !rejected.is_empty() {
        notes.push(format!(
            "合计未含 {} 个未通过的单位（{}）：它们的收入合计、基本支出、项目支出、支出合计、预算数和执行率都不在合计中，改正后重新运行才计入",
            rejected.len(),
            rejected.join("、")
        ));
    }
    let no_income = names(&|r| r.ok && r.income.is_none());
    if !no_income.is_empty() {
        notes.push(format!(
            "收入合计不含 {} 个未填收入的单位（{}）",
            no_income.len(),
            no_income.join("、")
        ));
    }
    let no_budget = names(&|r| r.ok && r.budget.is_none());
    if !no_budget.is_empty() {
        notes.push(format!(
            "预算数和执行率不含 {} 个未填预算的单位（{}）",
            no_budget.len(),
            no_budget.join("、")
        ));
    }
    (!notes.is_empty()).then(|| notes.join("；"))
}

/// A cell a spreadsheet would read as a formula (`=HYPERLINK(…)`), made
/// plain text by a leading apostrophe, as OWASP's CSV-injection guidance
/// advises. Computed numbers are never negative, so no figure is touched.
fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// UTF-8 with a BOM so Excel and WPS detect the encoding.
fn csv(rows: &[&Row], orphans: &[Orphan]) -> String {
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

fn xlsx(rows: &[&Row], orphans: &[Orphan]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation date keeps the file byte-identical between runs.
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("部门整体支出绩效自评汇总表")
            .set_creation_datetime(&date),
    );
    let ws = wb.add_worksheet();
    ws.set_name("汇总表")?;
    let border = Format::new().set_border(FormatBorder::Thin);
    let header = border
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_text_wrap();
    let money = border.clone().set_num_format("0.00");
    let pct = border.clone().set_num_format("0.00%");
    let score = border.clone();
    let red = |f: &Format| f.clone().set_background_color(Color::RGB(REJECTED_FILL));
    for (c, (h, w)) in HEADERS.iter().zip(WIDTHS).enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    // The bureau reviews the county on paper: A4 landscape, all 13 columns
    // on one page width, as many pages down as needed, the titles on each.
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C第 &P 页，共 &N 页");
    let to_f64 = |d: Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        let (text_f, money_f, pct_f, score_f) = if r.ok {
            (border.clone(), money.clone(), pct.clone(), score.clone())
        } else {
            (red(&border), red(&money), red(&pct), red(&score))
        };
        let texts = cells(r);
        for (c, text) in texts.iter().enumerate() {
            let c16 = c as u16;
            let value = match c {
                2 => r.year.map(Decimal::from),
                3 => r.income,
                4 => r.basic,
                5 => r.projects,
                6 => r.spending,
                7 => r.budget,
                8 => r.rate,
                9 => r.total,
                _ => None,
            };
            match (c, value) {
                (2, Some(v)) => ws.write_number_with_format(row, c16, to_f64(v), &text_f)?,
                (3..=7, Some(v)) => {
                    ws.write_number_with_format(row, c16, to_f64(round(v)), &money_f)?
                }
                (8, Some(v)) => ws.write_number_with_format(row, c16, to_f64(v), &pct_f)?,
                (9, Some(v)) => ws.write_number_with_format(row, c16, to_f64(v), &score_f)?,
                _ => ws.write_string_with_format(row, c16, text, &text_f)?,
            };
        }
    }
    let row = (rows.len() + 1) as u32;
    let t = totals(rows);
    let bold = |f: &Format| f.clone().set_bold();
    for (c, text) in total_cells(rows).iter().enumerate() {
        let c16 = c as u16;
        match c {
            3..=7 => ws.write_number_with_format(
                row,
                c16,
                to_f64(round(t.amounts[c - 3])),
                &bold(&money),
            )?,
            8 => match t.rate() {
                Some(p) => ws.write_number_with_format(row, c16, to_f64(p.0), &bold(&pct))?,
                None => ws.write_string_with_format(row, c16, "", &bold(&border))?,
            },
            // What the totals leave out: wrapped, so it prints whole.
            12 => ws.write_string_with_format(row, c16, text, &bold(&border).set_text_wrap())?,
            _ => ws.write_string_with_format(row, c16, text, &bold(&border))?,
        };
    }
    let orphan_f = border.clone().set_background_color(Color::RGB(ORPHAN_FILL));
    for (i, o) in orphans.iter().enumerate() {
        let row = row + 1 + i as u32;
        for (c, text) in o.cells().iter().enumerate() {
            let f = match c {
                12 => orphan_f.clone().set_text_wrap(),
                _ => orphan_f.clone(),
            };
            ws.write_string_with_format(row, c as u16, text, &f)?;
        }
    }
    wb.save_to_buffer()
}

fn round(d: Decimal) -> Decimal {
    crate::model::round2(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Decimal> {
        Some(s.parse().unwrap())
    }

    fn row(file: &str, spending: &str, ok: bool) -> Row {
        Row {
            file: file.into(),
            dept: "甲,局".into(),
            year: Some(2024),
            basic: d("1.005"),
            projects: d("2"),
            spending: d(spending),
            budget: d("10"),
            rate: d("0.3005"),
            total: d("98"),
            grade: "优".into(),
            ok,
            reason: if ok {
                String::new()
            } else {
                "第3行 错误".into()
            },
            ..Row::default()
        }
    }

    #[test]
    fn csv_has_bom_quotes_and_exact_totals() {
        let a = row("a.yaml", "3.005", true);
        let b = row("b.yaml", "3.005", true);
        let c = row("c.yaml", "100", false);
        let text = csv(&[&a, &b, &c], &[]);
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\"甲,局\""));
        // 3.005 + 3.005 = 6.01 exactly; rounding each first would give 6.02.
        let last = text.lines().last().unwrap();
        assert!(last.contains(",6.01,"), "{last}");
        assert!(
            last.starts_with("合计（2个单位，另有1个未通过未计入）"),
            "{last}"
        );
        assert!(
            last.contains("合计未含 1 个未通过的单位（c.yaml）"),
            "{last}"
        );
        assert!(text.contains("未通过：第3行 错误"));
    }

    #[test]
    fn csv_cells_that_look_like_formulas_become_text() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["860.90", "97.77%", "示例局", "a=b", ""] {
            assert_eq!(neutralise(cell), cell);
        }
        let mut r = row("a.yaml", "1", true);
        r.dept = "=HYPERLINK(\"http://x\",\"点击\")".into();
        let text = csv(&[&r], &[]);
        assert!(
            text.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\","),
            "{text}"
        );
    }

    #[test]
    fn a_department_without_budget_stays_out_of_the_county_rate() {
        let a = row("a.yaml", "3", true);
        let b = Row {
            budget: None,
            rate: None,
            ..row("b.yaml", "7", true)
        };
        let last = csv(&[&a, &b], &[]).lines().last().unwrap().to_string();
        // 支出合计 10 in total, but the rate is a's 3 ÷ 10 only.
        assert!(last.contains(",10.00,10.00,30.00%,"), "{last}");
        assert!(
            last.contains("预算数和执行率不含 1 个未填预算的单位（b.yaml）"),
            "{last}"
        );
        assert!(
            last.starts_with("合计（2个单位）,") && !last.contains("未通过"),
            "{last}"
        );
    }

    #[test]
    fn xlsx_is_deterministic() {
        let a = row("a.yaml", "3", true);
        assert_eq!(xlsx(&[&a], &[]).unwrap(), xlsx(&[&a], &[]).unwrap());
    }
}
