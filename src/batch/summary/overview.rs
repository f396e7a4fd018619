//! The 概览 sheet: the county at a glance — counts and totals, departments
//! by 等级 (whatever spelling each wrote, counted under 优/良/中/差), 执行率
//! by band, the ranking by 总分, and two native charts over those tables
//! (departments by 等级; 执行率 per department).
//!
//! Every figure is a cell the charts and a reviewer can check; nothing here
//! is computed that the summary sheet does not also show.

use super::Row;
use super::table;
use super::workbook::{Formats, number};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet, XlsxError};

pub const SHEET: &str = "概览";
/// The grade classes, in the order counted.
const GRADES: [&str; 4] = ["优", "良", "中", "差"];
/// 执行率 bands: (label, lower bound in %, upper bound in % exclusive).
const BANDS: [(&str, i64, i64); 6] = [
    ("低于80%", 0, 80),
    ("80%～90%", 80, 90),
    ("90%～95%", 90, 95),
    ("95%～100%", 95, 100),
    ("100%", 100, 100),
    ("超过100%", 100, i64::MAX),
];
/// Where the tables sit (0-based rows and columns).
mod at {
    /// Counts and totals: label in A, value in B, from row 2.
    pub const FACTS: u32 = 2;
    /// 等级 table: D (class), E (count), F (spellings), from row 2.
    pub const GRADES: (u32, u16) = (2, 3);
    /// 执行率 bands: D, E, from row 10.
    pub const BANDS: (u32, u16) = (10, 3);
    /// Ranking: H..L from row 2.
    pub const RANKING: (u32, u16) = (2, 7);
    /// 执行率 per department, the second chart's data: N, O from row 2.
    pub const RATES: (u32, u16) = (2, 13);
    /// The charts, below the small tables.
    pub const CHARTS: u32 = 20;
}

pub fn sheet(
    ws: &mut Worksheet,
    rows: &[&Row],
    template: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    super::workbook::print_setup(ws)?;
    ws.write_string_with_format(
        0,
        0,
        "全县部门整体支出绩效自评概览",
        &f.text.clone().set_bold(),
    )?;
    // Which template made the reports: a county's own set or a built-in.
    ws.write_string_with_format(0, 3, format!("报告模板：{template}"), &f.text)?;
    for (c, w) in [
        (0u16, 22.0),
        (1, 14.0),
        (3, 14.0),
        (4, 8.0),
        (5, 24.0),
        (7, 6.0),
    ] {
        ws.set_column_width(c, w)?;
    }
    for (c, w) in [
        (8u16, 30.0),
        (9, 26.0),
        (10, 7.0),
        (11, 6.0),
        (13, 30.0),
        (14, 10.0),
    ] {
        ws.set_column_width(c, w)?;
    }
    facts(ws, rows, f)?;
    let grades_end = grades(ws, rows, f)?;
    bands(ws, rows, f)?;
    ranking(ws, rows, f)?;
    let rates_end = rates(ws, rows, f)?;
    charts(ws, grades_end, rates_end)
}

fn facts(ws: &mut Worksheet, rows: &[&Row], f: &Formats) -> Result<(), XlsxError> {
    let t = table::totals(rows);
    let ok = rows.iter().filter(|r| r.ok).count();
    let count = |n: usize| Decimal::from(n);
    let facts: [(&str, Option<Decimal>, &Format); 9] = [
        ("单位数", Some(count(rows.len())), &f.number),
        ("通过", Some(count(ok)), &f.number),
        ("未通过", Some(count(rows.len() - ok)), &f.number),
        ("警告（条）", Some(count(t.warnings)), &f.number),
        ("超预算项目（个）", Some(count(t.over_budget)), &f.number),
        (
            "收入合计（万元）",
            Some(crate::model::round2(t.amounts[0])),
            &f.money,
        ),
        (
            "支出合计（万元）",
            Some(crate::model::round2(t.amounts[3])),
            &f.money,
        ),
        (
            "预算数（万元）",
            Some(crate::model::round2(t.amounts[4])),
            &f.money,
        ),
        ("全县执行率", t.rate().map(|p| p.0), &f.pct),
    ];
    ws.write_string_with_format(at::FACTS - 1, 0, "全县合计（未通过的不计入）", &f.header)?;
    ws.write_string_with_format(at::FACTS - 1, 1, "", &f.header)?;
    for (i, (label, value, fmt)) in facts.iter().enumerate() {
        let row = at::FACTS + i as u32;
        ws.write_string_with_format(row, 0, *label, &f.text)?;
        match value {
            Some(v) => ws.write_number_with_format(row, 1, number(*v), fmt)?,
            None => ws.write_string_with_format(row, 1, "", &f.text)?,
        };
    }
    Ok(())
}

/// Departments by 等级; returns the last row of the four classes.
fn grades(ws: &mut Worksheet, rows: &[&Row], f: &Formats) -> Result<u32, XlsxError> {
    let (top, c) = at::GRADES;
    for (i, h) in ["等级", "单位数", "其中各写法"].iter().enumerate() {
        ws.write_string_with_format(top - 1, c + i as u16, *h, &f.header)?;
    }
    for (i, class) in GRADES.iter().enumerate() {
        let of_class: Vec<&&Row> = rows
            .iter()
            .filter(|r| r.ok && r.grade_class() == Some(class))
            .collect();
        // Each spelling as written, with its count: 优 3；优秀 1.
        let mut spellings: Vec<(String, usize)> = Vec::new();
        for r in &of_class {
            match spellings.iter_mut().find(|(s, _)| *s == r.grade) {
                Some((_, n)) => *n += 1,
                None => spellings.push((r.grade.clone(), 1)),
            }
        }
        let words: Vec<String> = spellings.iter().map(|(s, n)| format!("{s} {n}")).collect();
        let row = top + i as u32;
        ws.write_string_with_format(row, c, *class, &f.text)?;
        ws.write_number_with_format(row, c + 1, of_class.len() as f64, &f.number)?;
        ws.write_string_with_format(row, c + 2, words.join("；"), &f.text)?;
    }
    let row = top + GRADES.len() as u32;
    let rejected = rows.iter().filter(|r| !r.ok).count();
    ws.write_string_with_format(row, c, "未通过（无等级）", &f.text)?;
    ws.write_number_with_format(row, c + 1, rejected as f64, &f.number)?;
    ws.write_string_with_format(row, c + 2, "", &f.text)?;
    Ok(top + GRADES.len() as u32 - 1)
}

fn bands(ws: &mut Worksheet, rows: &[&Row], f: &Formats) -> Result<(), XlsxError> {
    let (top, c) = at::BANDS;
    ws.write_string_with_format(top - 1, c, "执行率", &f.header)?;
    ws.write_string_with_format(top - 1, c + 1, "单位数", &f.header)?;
    let hundred = Decimal::ONE_HUNDRED;
    let shown: Vec<Decimal> = rows
        .iter()
        .filter(|r| r.ok)
        .filter_map(|r| r.rate)
        .map(|r| crate::model::round2(r * hundred))
        .collect();
    for (i, (label, low, high)) in BANDS.iter().enumerate() {
        let (low, high) = (Decimal::from(*low), Decimal::from(*high));
        // 100% is its own band: the rate as displayed, exactly 100.00%.
        let n = shown
            .iter()
            .filter(|p| match low == high {
                true => **p == low,
                false if low == hundred => **p > low,
                false => **p >= low && **p < high,
            })
            .count();
        let row = top + i as u32;
        ws.write_string_with_format(row, c, *label, &f.text)?;
        ws.write_number_with_format(row, c + 1, n as f64, &f.number)?;
    }
    let row = top + BANDS.len() as u32;
    let none = rows.iter().filter(|r| r.ok && r.rate.is_none()).count();
    ws.write_string_with_format(row, c, "未填预算", &f.text)?;
    ws.write_number_with_format(row, c + 1, none as f64, &f.number)?;
    Ok(())
}

/// The accepted departments by 总分, highest first; equal scores share a
/// place (1, 2, 2, 4) and keep their input order.
pub fn ranked<'a>(rows: &[&'a Row]) -> Vec<(usize, &'a Row)> {
    let mut scored: Vec<&Row> = rows.iter().copied().filter(|r| r.ok).collect();
    scored.sort_by_key(|r| std::cmp::Reverse(r.total));
    let mut out: Vec<(usize, &Row)> = Vec::with_capacity(scored.len());
    for (i, r) in scored.into_iter().enumerate() {
        let place = match out.last() {
            Some((p, prev)) if prev.total == r.total => *p,
            _ => i + 1,
        };
        out.push((place, r));
    }
    out
}

fn ranking(ws: &mut Worksheet, rows: &[&Row], f: &Formats) -> Result<(), XlsxError> {
    let (top, c) = at::RANKING;
    for (i, h) in ["名次", "单位", "文件", "总分", "等级"].iter().enumerate() {
        ws.write_string_with_format(top - 1, c + i as u16, *h, &f.header)?;
    }
    for (i, (place, r)) in ranked(rows).into_iter().enumerate() {
        let row = top + i as u32;
        ws.write_number_with_format(row, c, place as f64, &f.number)?;
        ws.write_string_with_format(row, c + 1, &r.dept, &f.text)?;
        ws.write_string_with_format(row, c + 2, &r.file, &f.text)?;
        match r.total {
            Some(t) => ws.write_number_with_format(row, c + 3, number(t), &f.number)?,
            None => ws.write_string_with_format(row, c + 3, "", &f.text)?,
        };
        ws.write_string_with_format(row, c + 4, &r.grade, &f.text)?;
    }
    Ok(())
}

/// 执行率 per department with one (the second chart's data); returns the
/// last row written (`top - 1` when none).
fn rates(ws: &mut Worksheet, rows: &[&Row], f: &Formats) -> Result<u32, XlsxError> {
    let (top, c) = at::RATES;
    ws.write_string_with_format(top - 1, c, "单位", &f.header)?;
    ws.write_string_with_format(top - 1, c + 1, "执行率", &f.header)?;
    let mut row = top;
    for r in rows.iter().filter(|r| r.ok) {
        let Some(rate) = r.rate else { continue };
        let name = if r.dept.is_empty() { &r.file } else { &r.dept };
        ws.write_string_with_format(row, c, name, &f.text)?;
        ws.write_number_with_format(row, c + 1, number(rate), &f.pct)?;
        row += 1;
    }
    Ok(row - 1)
}

fn charts(ws: &mut Worksheet, grades_end: u32, rates_end: u32) -> Result<(), XlsxError> {
    let (top, c) = at::GRADES;
    let mut by_grade = Chart::new(ChartType::Column);
    by_grade.title().set_name("各等级单位数");
    by_grade.legend().set_hidden();
    by_grade
        .add_series()
        .set_name("单位数")
        .set_categories((SHEET, top, c, grades_end, c))
        .set_values((SHEET, top, c + 1, grades_end, c + 1));
    ws.insert_chart(at::CHARTS, 0, &by_grade)?;
    let (top, c) = at::RATES;
    if rates_end < top {
        return Ok(());
    }
    let mut by_rate = Chart::new(ChartType::Bar);
    by_rate.title().set_name("各单位预算执行率");
    by_rate.legend().set_hidden();
    // A bar chart's value axis is its X axis (categories run down the Y).
    by_rate.x_axis().set_num_format("0%");
    // The first department at the top, as in the table beside it.
    by_rate.y_axis().set_reverse();
    by_rate
        .add_series()
        .set_name("执行率")
        .set_categories((SHEET, top, c, rates_end, c))
        .set_values((SHEET, top, c + 1, rates_end, c + 1));
    // Tall enough for every department's label (24 px each, plus the
    // title and the axis).
    let height = (rates_end - top + 1).saturating_mul(24).saturating_add(90);
    by_rate.set_height(height).set_width(640);
    ws.insert_chart(at::CHARTS + 16, 0, &by_rate)?;
    Ok(())
}
