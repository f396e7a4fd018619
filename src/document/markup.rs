//! The line markup that report templates produce, parsed into a [`Document`].
//!
//! Templates (Tera, in `templates/<name>/`) write one block per line, each
//! line starting with a keyword, so a county can reword, reorder or drop
//! sections without touching Rust:
//!
//! ```text
//! title 2024年度某局整体支出绩效自评报告
//! h1 一、部门（单位）基本情况        h2 / h3 likewise
//! p 正文段落（首行缩进两字）          p.left / p.center / p.right: no indent
//! attach 附件1                      caption 部门整体支出绩效自评表
//! sig 填表人：张三 | 联系电话：…      consecutive sig lines form one block
//! annex 附件：| 1.名称 | 2.名称      the attachment list after the body
//! closing 某局（盖章）| 2025年3月20日 the 落款: unit over the date
//! table widths=2,3,5 header=1 size=24 align=c,l,r rules=all|none|outer
//! | 一级指标 | 二级指标 | 三级指标 |
//! | ^^ | ^< | 文本 |                 ^^ merge up, ^< merge left
//! row min=4 | {t,l}意见： | ^< | ^< | a row at least 4 lines tall (height= exact)
//! | {b,r}名称： | {u,l}值 | … |       cell style: b l c r j t m bo u
//! endtable
//! pagebreak
//! space 2                           two blank body lines
//! section numbers=none|restart      a new section on a new page
//! ```
//!
//! User text cannot forge structure: the template stage escapes `|`, `^` and
//! line breaks in every value it inserts (see `template::escape`), and a line
//! never starts with user text because every line starts with a keyword.

use super::arrange::arrange;
use super::style;
use super::table::{CellStyle, Entry, MERGE_LEFT, MERGE_UP, RowHeight, Rules, VAlign};
use super::{
    Align, AttachmentList, Block, Closing, Document, Meta, Numbering, Paragraph, Signature, Table,
};
use std::fmt;

/// Table font size when a `table` line gives none: 小4号 (12 pt).
const DEFAULT_TABLE_HALF_PT: u32 = 24;

/// A template produced markup that does not describe a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// 1-based line of the template's output.
    pub line: usize,
    /// The offending line, for context.
    pub text: String,
    pub message: String,
}

impl fmt::Display for MarkupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "模板输出第{}行：{}（该行为：{}）",
            self.line, self.message, self.text
        )
    }
}

/// A table being collected between `table` and `endtable`.
struct PendingTable {
    start: usize,
    widths: Vec<u32>,
    aligns: Vec<Align>,
    header_rows: usize,
    font_half_pt: u32,
    rules: Rules,
    rows: Vec<Vec<Entry>>,
    heights: Vec<RowHeight>,
    /// Each row's line in the markup, to report a bad row there.
    row_lines: Vec<usize>,
}

/// The keywords a line may start with, for the message about an unknown one.
const KEYWORDS: &str = "title h1 h2 h3 p p.left p.center p.right attach caption sig annex closing table pagebreak space section";

/// Parses template output into a document with the given metadata.
pub fn parse_markup(src: &str, meta: Meta) -> Result<Document, MarkupError> {
    let mut blocks = Vec::new();
    let mut table: Option<PendingTable> = None;
    for (i, raw) in src.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        let err = |message: String| MarkupError {
            line: line_no,
            text: line.chars().take(60).collect(),
            message,
        };
        if line.is_empty() {
            continue;
        }
        if let Some(t) = table.as_mut() {
            if line == "endtable" {
                let t = table.take().expect("checked above");
                blocks.push(Block::Table(finish_table(t)?));
            } else {
                table_row(t, line).map_err(err)?;
                t.row_lines.push(line_no);
            }
            continue;
        }
        if let Some(rest) = line
            .strip_prefix("table")
            .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        {
            table = Some(parse_table_line(rest.trim(), line_no).map_err(err)?);
            continue;
        }
        match block(line, blocks.last_mut()).map_err(err)? {
            Some(block) => push_block(&mut blocks, block),
            None => continue,
        }
    }
    if let Some(t) = table {
        return Err(MarkupError {
            line: t.start,
            text: "table".into(),
            message: "表格缺少 endtable".into(),
        });
    }
    // Column widths from the content, once for both backends.
    super::columns::fit_tables(&mut blocks);
    Ok(Document { meta, blocks })
}

/// The block of one line outside a table; `None` when the line extended
/// the block before it (a further `sig` line).
fn block(line: &str, last: Option<&mut Block>) -> Result<Option<Block>, String> {
    let (keyword, rest) = match line.split_once(char::is_whitespace) {
        Some((k, r)) => (k, r.trim()),
        None => (line, ""),
    };
    let para = |align, indent| {
        Block::Paragraph(Paragraph {
            text: unescape(rest),
            align,
            indent,
        })
    };
    Ok(Some(match keyword {
        "title" => Block::Title(arranged(rest, style::TITLE_SIZE)),
        "h1" | "h2" | "h3" => Block::Heading {
            level: keyword.as_bytes()[1] - b'0',
            text: unescape(rest),
        },
        "p" => para(Align::Justify, true),
        "p.left" => para(Align::Left, false),
        "p.center" => para(Align::Center, false),
        "p.right" => para(Align::Right, false),
        "attach" => Block::Attachment(unescape(rest)),
        "caption" => Block::Caption(arranged(rest, style::CAPTION_SIZE)),
        "pagebreak" => Block::PageBreak,
        "space" => Block::Space(
            rest.parse::<u32>()
                .ok()
                .filter(|n| (1..=40).contains(n))
                .ok_or("space 后面写空出的行数（1 到 40），例如 space 2")?,
        ),
        "section" => Block::Section(numbering(rest)?),
        "annex" => {
            let mut parts = split_raw(rest).into_iter().map(|f| unescape(f.trim()));
            let label = parts.next().unwrap_or_default();
            let items: Vec<String> = parts.filter(|f| !f.is_empty()).collect();
            if items.is_empty() {
                return Err("annex 行应写成 annex 附件：| 1.名称 | 2.名称".into());
            }
            Block::AttachmentList(AttachmentList { label, items })
        }
        "closing" => match split_raw(rest).as_slice() {
            [signer, date] => Block::Closing(Closing {
                signer: unescape(signer.trim()),
                date: unescape(date.trim()),
            }),
            _ => return Err("closing 行应写成 closing 单位（盖章） | 日期".into()),
        },
        "sig" => {
            let fields = split_raw(rest)
                .iter()
                .map(|f| unescape(f.trim()).trim().to_string())
                .filter(|f| !f.is_empty())
                .collect();
            if let Some(Block::Signature(s)) = last {
                s.lines.push(fields);
                return Ok(None);
            }
            Block::Signature(Signature {
                lines: vec![fields],
            })
        }
        _ => return Err(format!("未知的行类型“{keyword}”（可用：{KEYWORDS}）")),
    }))
}

/// `section`'s options: `numbers=none|restart|continue`.
fn numbering(rest: &str) -> Result<Numbering, String> {
    let mut n = Numbering::Continue;
    for option in rest.split_whitespace() {
        n = match option {
            "numbers=none" => Numbering::None,
            "numbers=restart" => Numbering::Restart,
            "numbers=continue" => Numbering::Continue,
            _ => {
                return Err(format!(
                    "未知的 section 选项：{option}（可用：numbers=none、numbers=restart、numbers=continue）"
                ));
            }
        };
    }
    Ok(n)
}

/// One row inside a table: `| a | b |`, or `row min=N | a | b |` /
/// `row height=N | …` with the row's height in lines of the table's text.
fn table_row(t: &mut PendingTable, line: &str) -> Result<(), String> {
    let (height, row) = match line.strip_prefix("row") {
        Some(rest) => {
            let (option, row) = rest
                .trim_start()
                .split_once('|')
                .ok_or("row 行应写成 row min=行数 | 单元格 | … |")?;
            (row_height(option.trim())?, row)
        }
        None => match line.strip_prefix('|') {
            Some(row) => (RowHeight::Auto, row),
            None => return Err("表格中的行应以 | 或 row 开头，或以 endtable 结束".into()),
        },
    };
    let mut cells = split_raw(row);
    // The closing `|` leaves one empty field behind.
    if cells.len() > 1 && cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    let entries = cells
        .iter()
        .map(|c| match c.trim() {
            MERGE_UP => Ok(Entry::MergeUp),
            MERGE_LEFT => Ok(Entry::MergeLeft),
            other => cell(other),
        })
        .collect::<Result<_, String>>()?;
    t.rows.push(entries);
    t.heights.push(height);
    Ok(())
}

fn row_height(option: &str) -> Result<RowHeight, String> {
    let bad = || format!("row 的选项应为 min=行数 或 height=行数：{option}");
    let (key, value) = option.split_once('=').ok_or_else(bad)?;
    let n: u32 = value
        .parse()
        .ok()
        .filter(|n| (1..=40).contains(n))
        .ok_or_else(bad)?;
    match key {
        "min" => Ok(RowHeight::AtLeast(n)),
        "height" => Ok(RowHeight::Exact(n)),
        _ => Err(bad()),
    }
}

/// A cell's text, with the template's style in braces before it:
/// `{b}` bold, `{l}` `{c}` `{r}` `{j}` alignment, `{t}` `{m}` `{bo}`
/// vertical alignment, `{u}` a rule under the cell (a fill-in line),
/// several separated by commas (`{b,c}`). User text has its `{` escaped,
/// so it never starts a style.
fn cell(raw: &str) -> Result<Entry, String> {
    let Some(body) = raw.strip_prefix('{') else {
        return Ok(Entry::Text(unescape(raw).trim().to_string()));
    };
    let (flags, text) = body
        .split_once('}')
        .ok_or_else(|| format!("单元格样式缺少右括号：{raw}"))?;
    let mut style = CellStyle::default();
    for flag in flags.split(',').map(str::trim) {
        match flag {
            "b" => style.bold = Some(true),
            "l" => style.align = Some(Align::Left),
            "c" => style.align = Some(Align::Center),
            "r" => style.align = Some(Align::Right),
            "j" => style.align = Some(Align::Justify),
            "t" => style.valign = Some(VAlign::Top),
            "m" => style.valign = Some(VAlign::Middle),
            "bo" => style.valign = Some(VAlign::Bottom),
            "u" => style.rule_below = true,
            _ => {
                return Err(format!(
                    "未知的单元格样式“{flag}”（可用：b 粗体，l c r j 对齐，t m bo 上中下，u 下划线）"
                ));
            }
        }
    }
    Ok(Entry::Styled(unescape(text).trim().to_string(), style))
}

fn finish_table(t: PendingTable) -> Result<Table, MarkupError> {
    let lines = &t.row_lines;
    let mut table =
        Table::from_entries(t.widths, &t.aligns, t.header_rows, t.font_half_pt, &t.rows).map_err(
            |e| MarkupError {
                // The row at fault, or the `table` line for the table as a whole.
                line: e
                    .row
                    .checked_sub(1)
                    .and_then(|r| lines.get(r))
                    .copied()
                    .unwrap_or(t.start),
                text: "table".into(),
                message: e.to_string(),
            },
        )?;
    table.rules = t.rules;
    table.row_heights = t.heights;
    Ok(table)
}

/// Adds a block. A paragraph whose value was empty in the data is left
/// out, not drawn blank; each line of a multi-line text is a paragraph of
/// its own (contract §6.4).
fn push_block(blocks: &mut Vec<Block>, block: Block) {
    let Block::Paragraph(p) = &block else {
        blocks.push(block);
        return;
    };
    for line in p.text.split('\n').filter(|l| !l.trim().is_empty()) {
        blocks.push(Block::Paragraph(Paragraph {
            text: line.to_string(),
            ..p.clone()
        }));
    }
}

/// A title's or caption's lines: `\n` breaks a line where the template
/// says; between breaks, its `|`-separated parts are arranged.
fn arranged(rest: &str, half_points: u32) -> Vec<String> {
    rest.split("\\n")
        .flat_map(|segment| arrange(&parts(segment), half_points))
        .collect()
}

/// The `|`-separated parts of a title or caption line (user text has its
/// `|` escaped, so only the template's marks separate parts).
fn parts(rest: &str) -> Vec<String> {
    split_raw(rest).iter().map(|p| unescape(p)).collect()
}

/// Escapes user text so it can never be read as markup structure: `|`
/// (field separator), `^` (merge markers), `{` (a cell's style) and `\\`
/// are backslash-escaped; a line break becomes `\n` (a line break in a
/// cell, a new paragraph in `p` lines), `\r` is dropped.
pub fn escape(text: &str, out: &mut String) {
    for ch in text.chars() {
        match ch {
            '\\' | '|' | '^' | '{' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(ch),
        }
    }
}

/// Removes the backslash escapes of [`escape`]; `\n` is a line break.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(next) => out.push(next),
                None => {}
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// Splits on unescaped `|`, keeping escapes for the caller to resolve.
fn split_raw(text: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                current.push(ch);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '|' => fields.push(std::mem::take(&mut current)),
            _ => current.push(ch),
        }
    }
    fields.push(current);
    fields
}

fn parse_table_line(rest: &str, line_no: usize) -> Result<PendingTable, String> {
    let mut t = PendingTable {
        start: line_no,
        widths: Vec::new(),
        aligns: Vec::new(),
        header_rows: 0,
        font_half_pt: DEFAULT_TABLE_HALF_PT,
        rules: Rules::All,
        rows: Vec::new(),
        heights: Vec::new(),
        row_lines: Vec::new(),
    };
    for option in rest.split_whitespace() {
        let (key, value) = option
            .split_once('=')
            .ok_or_else(|| format!("表格选项应写成 名称=值：{option}"))?;
        let number = |v: &str| {
            v.parse::<u32>()
                .map_err(|_| format!("表格选项 {key} 应为整数：{v}"))
        };
        match key {
            "widths" => {
                t.widths = value.split(',').map(number).collect::<Result<_, _>>()?;
            }
            "header" => t.header_rows = number(value)? as usize,
            "rules" => {
                t.rules = match value {
                    "all" => Rules::All,
                    "none" => Rules::None,
                    "outer" => Rules::Outer,
                    _ => return Err(format!("rules 应为 all、none 或 outer：{value}")),
                }
            }
            "size" => t.font_half_pt = number(value)?,
            "align" => {
                t.aligns = value
                    .split(',')
                    .map(|a| match a {
                        "l" => Ok(Align::Left),
                        "c" => Ok(Align::Center),
                        "r" => Ok(Align::Right),
                        "j" => Ok(Align::Justify),
                        _ => Err(format!("对齐方式应为 l/c/r/j：{a}")),
                    })
                    .collect::<Result<_, _>>()?;
            }
            _ => return Err(format!("未知的表格选项：{key}")),
        }
    }
    if t.widths.is_empty() {
        return Err("表格需要 widths=…".into());
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks_and_tables() {
        let src = "title 标题\n\nh1 一、基本情况\np 正文\np \nsig 填表人：张三 | 电话\nsig 负责人\n\
                   table widths=1,2 header=0 align=c,l\n| 甲 | 乙 |\n| ^^ | 丙 |\nendtable\npagebreak\n";
        let d = parse_markup(src, Meta::default()).unwrap();
        assert_eq!(d.blocks.len(), 6, "{:?}", d.blocks);
        assert!(matches!(&d.blocks[1], Block::Heading { level: 1, .. }));
        let Block::Signature(s) = &d.blocks[3] else {
            panic!("signature expected")
        };
        assert_eq!(s.lines, vec![vec!["填表人：张三", "电话"], vec!["负责人"]]);
        let Block::Table(t) = &d.blocks[4] else {
            panic!("table expected")
        };
        assert_eq!(t.cells.len(), 2 + 1);
        assert_eq!(t.cells[2].align, Align::Left);
    }

    #[test]
    fn escaped_user_text_cannot_forge_structure() {
        let mut cell = String::new();
        escape("a|b ^^ \\ end\nendtable", &mut cell);
        let mut marker = String::new();
        escape("^^", &mut marker);
        let src = format!("table widths=1,1 header=0\n| {cell} | {marker} |\nendtable\np {cell}\n");
        let d = parse_markup(&src, Meta::default()).unwrap();
        let Block::Table(t) = &d.blocks[0] else {
            panic!("table expected")
        };
        assert_eq!(t.cells.len(), 2);
        assert_eq!(t.cells[0].text, "a|b ^^ \\ end\nendtable");
        assert_eq!(t.cells[1].text, "^^");
        assert!(matches!(&d.blocks[1], Block::Paragraph(p) if p.text == "a|b ^^ \\ end"));
        assert!(matches!(&d.blocks[2], Block::Paragraph(p) if p.text == "endtable"));
    }

    #[test]
    fn sections_space_rules_row_heights_and_cell_styles() {
        let src = "section numbers=none\nspace 3\ncaption 封面\n\
                   table widths=1,2 header=0 rules=none size=32\n\
                   | {b,r}名称： | {u,l}示例局 |\nrow min=4 | {t,l}意见 | ^< |\n\
                   row height=2 | {bo}甲 | {c,m}乙 |\nendtable\nsection numbers=restart\np 正文\n";
        let d = parse_markup(src, Meta::default()).unwrap();
        assert_eq!(d.blocks[0], Block::Section(Numbering::None));
        assert_eq!(d.blocks[1], Block::Space(3));
        assert!(matches!(d.blocks[4], Block::Section(Numbering::Restart)));
        let Block::Table(t) = &d.blocks[3] else {
            panic!("table expected")
        };
        assert_eq!(t.rules, Rules::None);
        assert_eq!(
            t.row_heights,
            [RowHeight::Auto, RowHeight::AtLeast(4), RowHeight::Exact(2)]
        );
        let c = &t.cells;
        assert!(c[0].bold && c[0].align == Align::Right && !c[0].rule_below);
        assert!(c[1].rule_below && c[1].align == Align::Left && !c[1].bold);
        assert_eq!((c[2].valign, c[2].colspan), (VAlign::Top, 2));
        assert_eq!(c[3].valign, VAlign::Bottom);
        assert_eq!((c[4].align, c[4].valign), (Align::Center, VAlign::Middle));
        let sections: Vec<_> = d.sections().into_iter().map(|(i, _)| i).collect();
        assert_eq!(sections, [0, 0, 0, 0, 1, 1]);
        // A value that looks like a style stays text.
        let mut value = String::new();
        escape("{b}不是样式", &mut value);
        let d = parse_markup(
            &format!("table widths=1 header=0\n| {value} |\nendtable\n"),
            Meta::default(),
        )
        .unwrap();
        let Block::Table(t) = &d.blocks[0] else {
            panic!("table expected")
        };
        assert_eq!(
            (t.cells[0].text.as_str(), t.cells[0].bold),
            ("{b}不是样式", false)
        );
        for bad in [
            "space 0",
            "section numbers=odd",
            "table widths=1 rules=some",
        ] {
            assert!(parse_markup(bad, Meta::default()).is_err(), "{bad}");
        }
        let e = parse_markup("table widths=1\n| {x}a |\nendtable", Meta::default()).unwrap_err();
        assert!(e.message.contains("未知的单元格样式"), "{e}");
    }

    #[test]
    fn reports_the_line_of_a_bad_keyword() {
        let e = parse_markup("title a\n\nbogus x\n", Meta::default()).unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse_markup("table widths=1\n| a |\n", Meta::default()).unwrap_err();
        assert_eq!(e.line, 1);
    }
}
