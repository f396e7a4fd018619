//! `汇总表.xlsx`: the summary sheet (one row per department, the totals,
//! the orphaned reports), the county overview (see `overview`), 问题清单
//! (one row per error or warning) and 修改记录 (the correction log).
//!
//! Deterministic: the same rows, orphans and log give the same bytes (a
//! fixed creation date; no time but the log's own).

use super::table::{self, HEADERS, WIDTHS, col};
use super::{Summary, overview};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// Light red for rejected departments.
const REJECTED_FILL: u32 = 0xFFC7CE;
/// Light yellow for orphaned reports.
const ORPHAN_FILL: u32 = 0xFFF2CC;
/// The header rows' fill.
const HEADER_FILL: u32 = 0xDDEBF7;

/// The formats every sheet shares.
pub struct Formats {
    pub text: Format,
    /// Text that wraps in its column (messages), so a page stays readable.
    pub wrap: Format,
    pub header: Format,
    pub money: Format,
    pub pct: Format,
    pub number: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = Format::new().set_border(FormatBorder::Thin);
        Formats {
            header: text
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_text_wrap(),
            money: text.clone().set_num_format("0.00"),
            wrap: text.clone().set_text_wrap().set_align(FormatAlign::Top),
            pct: text.clone().set_num_format("0.00%"),
            number: text.clone(),
            text,
        }
    }

    /// The same formats, filled (a rejected row) or bold (the totals).
    fn map(&self, f: impl Fn(Format) -> Format) -> Formats {
        Formats {
            text: f(self.text.clone()),
            wrap: f(self.wrap.clone()),
            header: self.header.clone(),
            money: f(self.money.clone()),
            pct: f(self.pct.clone()),
            number: f(self.number.clone()),
        }
    }
}

/// A row tall enough for `text` wrapped in a column `width` characters
/// wide (a CJK character takes two), so the page shows it whole: neither
/// Excel nor LibreOffice grows a row on opening the file.
fn fit_row(ws: &mut Worksheet, row: u32, texts: &[(&str, f64)]) -> Result<(), XlsxError> {
    let lines = texts
        .iter()
        .map(|(t, width)| {
            let w: usize = t.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            (w as f64 / width.max(1.0)).ceil().max(1.0)
        })
        .fold(1.0, f64::max);
    if lines > 1.0 {
        ws.set_row_height(row, 15.0 * lines)?;
    }
    Ok(())
}

/// A spreadsheet number from an exact decimal (amounts rounded for
/// display first, so the cell shows what the CSV shows).
pub fn number(d: Decimal) -> f64 {
    d.to_string().parse::<f64>().unwrap_or(0.0)
}

pub fn xlsx(s: Summary) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // The fastest deflate: the parts are small text, and a county re-run
    // after one correction makes the workbook again (level 6 cost it more
    // time than the department's own render; the file grows by a few KB).
    wb.set_zip_compression_level(1);
    // A fixed creation date keeps the file byte-identical between runs.
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("部门整体支出绩效自评汇总表")
            .set_creation_datetime(&date),
    );
    let f = Formats::new();
    summary_sheet(wb.add_worksheet(), s, &f)?;
    overview::sheet(wb.add_worksheet(), s.rows, s.template, &f)?;
    issues_sheet(wb.add_worksheet(), s, &f)?;
    log_sheet(wb.add_worksheet(), s, &f)?;
    wb.save_to_buffer()
}

/// Header row, widths, frozen titles and a filter over `rows` data rows.
fn titled(
    ws: &mut Worksheet,
    headers: &[&str],
    widths: &[f64],
    rows: usize,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows as u32, headers.len() as u16 - 1)?;
    print_setup(ws)?;
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The bureau reviews the county on paper: A4 landscape, every column on
/// one page width, as many pages down as needed, numbered.
pub fn print_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, s: Summary, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("汇总表")?;
    titled(ws, &HEADERS, &WIDTHS, s.rows.len(), f)?;
    let red = f.map(|x| x.set_background_color(Color::RGB(REJECTED_FILL)));
    for (i, r) in s.rows.iter().enumerate() {
        let row = (i + 1) as u32;
        let rf = if r.ok { f } else { &red };
        for (c, text) in table::cells(r).iter().enumerate() {
            let value = table::figure(r, c);
            let c16 = c as u16;
            match (c, value) {
                (c, Some(v)) if col::AMOUNTS.contains(&c) || col::SANGONG.contains(&c) => ws
                    .write_number_with_format(
                        row,
                        c16,
                        number(crate::model::round2(v)),
                        &rf.money,
                    )?,
                (col::RATE, Some(v)) => {
                    ws.write_number_with_format(row, c16, number(v), &rf.pct)?
                }
                (_, Some(v)) => ws.write_number_with_format(row, c16, number(v), &rf.number)?,
                (c, None) if c >= col::STATUS - 1 => {
                    ws.write_string_with_format(row, c16, text, &rf.wrap)?
                }
                _ => ws.write_string_with_format(row, c16, text, &rf.text)?,
            };
        }
    }
    totals_row(ws, s, f)?;
    let orphan = f.text.clone().set_background_color(Color::RGB(ORPHAN_FILL));
    let first = s.rows.len() as u32 + 2;
    for (i, o) in s.orphans.iter().enumerate() {
        for (c, text) in o.cells().iter().enumerate() {
            let fmt = match c {
                col::STATUS => orphan.clone().set_text_wrap(),
                _ => orphan.clone(),
            };
            ws.write_string_with_format(first + i as u32, c as u16, text, &fmt)?;
        }
    }
    Ok(())
}

/// The county totals, below the departments, outside the filter's rows.
fn totals_row(ws: &mut Worksheet, s: Summary, f: &Formats) -> Result<(), XlsxError> {
    let row = (s.rows.len() + 1) as u32;
    let t = table::totals(s.rows);
    let bold = f.map(|x| x.set_bold());
    for (c, text) in table::total_cells(s.rows).iter().enumerate() {
        let c16 = c as u16;
        let money = |d: Decimal| number(crate::model::round2(d));
        match c {
            c if col::AMOUNTS.contains(&c) => {
                ws.write_number_with_format(row, c16, money(t.amounts[c - 3]), &bold.money)?
            }
            c if col::SANGONG.contains(&c) => {
                ws.write_number_with_format(row, c16, money(t.sangong[c - 16]), &bold.money)?
            }
            col::RATE => match t.rate() {
                Some(p) => ws.write_number_with_format(row, c16, number(p.0), &bold.pct)?,
                None => ws.write_string_with_format(row, c16, "", &bold.text)?,
            },
            col::OVER_BUDGET => {
                ws.write_number_with_format(row, c16, t.over_budget as f64, &bold.number)?
            }
            col::WARNING_COUNT => {
                ws.write_number_with_format(row, c16, t.warnings as f64, &bold.number)?
            }
            // What the totals leave out: wrapped, so it prints whole.
            col::STATUS => {
                ws.write_string_with_format(row, c16, text, &bold.text.clone().set_text_wrap())?
            }
            _ => ws.write_string_with_format(row, c16, text, &bold.text)?,
        };
    }
    Ok(())
}

/// 问题清单: one row per error or warning, in department and line order.
fn issues_sheet(ws: &mut Worksheet, s: Summary, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("问题清单")?;
    let headers = ["文件", "单位", "行", "列", "级别", "位置（键）", "内容"];
    let widths = [28.0, 30.0, 6.0, 6.0, 6.0, 30.0, 80.0];
    let count: usize = s.rows.iter().map(|r| r.issues.len()).sum();
    titled(ws, &headers, &widths, count, f)?;
    let mut row = 1u32;
    for r in s.rows {
        for i in &r.issues {
            ws.write_string_with_format(row, 0, &r.file, &f.text)?;
            ws.write_string_with_format(row, 1, &r.dept, &f.text)?;
            for (c, n) in [(2, i.line), (3, i.col)] {
                match n {
                    0 => ws.write_string_with_format(row, c, "", &f.text)?,
                    n => ws.write_number_with_format(row, c, f64::from(n), &f.number)?,
                };
            }
            ws.write_string_with_format(row, 4, i.level(), &f.text)?;
            ws.write_string_with_format(row, 5, &i.path, &f.text)?;
            ws.write_string_with_format(row, 6, table::neutralise(&i.message), &f.wrap)?;
            fit_row(ws, row, &[(&i.message, widths[6])])?;
            row += 1;
        }
    }
    Ok(())
}

/// 修改记录: the correction log, oldest first.
fn log_sheet(ws: &mut Worksheet, s: Summary, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("修改记录")?;
    let headers = ["时间", "文件", "单位", "项目", "原值", "新值"];
    let widths = [17.0, 28.0, 30.0, 14.0, 40.0, 40.0];
    titled(ws, &headers, &widths, s.log.len(), f)?;
    for (i, e) in s.log.iter().enumerate() {
        let row = (i + 1) as u32;
        for (c, text) in [&e.time, &e.file, &e.dept, &e.item, &e.old, &e.new]
            .into_iter()
            .enumerate()
        {
            let fmt = if c >= 4 { &f.wrap } else { &f.text };
            ws.write_string_with_format(row, c as u16, table::neutralise(text), fmt)?;
        }
        fit_row(ws, row, &[(&e.old, widths[4]), (&e.new, widths[5])])?;
    }
    Ok(())
}
