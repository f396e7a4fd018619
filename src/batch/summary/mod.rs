//! The county summary: `汇总表.xlsx` and `汇总表.csv`, one row per
//! department (contract §5) and a totals row; the workbook adds the
//! county's overview, the list of every problem and the correction log.
//!
//! Amounts are exact decimals in each [`Row`] (the manifest carries rows
//! between runs, as decimal text); the county totals are summed exactly and
//! only then turned into spreadsheet numbers. By part: `row` (a
//! department's line), `table` (the columns, totals and the CSV),
//! `workbook` (the sheets), `overview` (counts, ranking and charts).

mod overview;
mod row;
mod table;
mod workbook;

pub use row::{Issue, Row};
pub use table::totals_note;

use super::log::Entry;
use super::manifest::{Stamp, hash_input};
use super::write_all;
use std::path::Path;
use table::HEADERS;

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

/// The two files, in the output folder.
pub const CSV: &str = "汇总表.csv";
pub const XLSX: &str = "汇总表.xlsx";

/// What the summary pair shows: the rows in input order, the orphaned
/// reports, the correction log's entries so far, and the template set the
/// reports were made with (as the console names it).
#[derive(Clone, Copy)]
pub struct Summary<'a> {
    pub rows: &'a [&'a super::Row],
    pub orphans: &'a [Orphan],
    pub log: &'a [Entry],
    pub template: &'a str,
}

/// The two files' bytes, made before they are written.
pub struct Made {
    /// [`digest`] of what they show.
    pub digest: String,
    csv: String,
    xlsx: Vec<u8>,
}

/// Makes both files; `None` when the digest cannot be made or the workbook
/// fails (then [`write`] is called and reports it).
pub fn make(s: Summary) -> Option<Made> {
    Some(Made {
        digest: digest(s)?,
        csv: table::csv(s.rows, s.orphans),
        xlsx: workbook::xlsx(s).ok()?,
    })
}

/// Writes both files as a pair: both new, or both as they were; returns
/// their stamps (CSV, workbook) for the manifest.
/// Orphaned reports follow the totals row, outside every sum.
pub fn write(dir: &Path, s: Summary) -> std::io::Result<(Stamp, Stamp)> {
    let csv = table::csv(s.rows, s.orphans);
    let xlsx = workbook::xlsx(s).map_err(std::io::Error::other)?;
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
/// the same rows, orphans, log and tool version give the same bytes), so a
/// run can tell that writing them again would change nothing. `None` when
/// it cannot be made: then they are written.
pub fn digest(s: Summary) -> Option<String> {
    let orphans: Vec<(&str, &str)> = s
        .orphans
        .iter()
        .map(|o| (o.report.as_str(), o.yaml.as_str()))
        .collect();
    // Without each input's hash, which neither file shows: a correction
    // that moves no figure (a paragraph of 问题 reworded) leaves them alone.
    let rows: Vec<Row> = s
        .rows
        .iter()
        .map(|r| Row {
            hash: String::new(),
            ..(*r).clone()
        })
        .collect();
    let json =
        serde_json::to_vec(&(env!("CARGO_PKG_VERSION"), rows, orphans, s.log, s.template)).ok()?;
    Some(hash_input(&json))
}

#[cfg(test)]
mod tests {
    use super::table::{csv, neutralise};
    use super::*;
    use rust_decimal::Decimal;

    fn xlsx(rows: &[&Row], orphans: &[Orphan]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        workbook::xlsx(Summary {
            rows,
            orphans,
            log: &[],
            template: "内置模板“湖南式”",
        })
    }

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
