//! Column widths and cell alignment decided once, from the cells' content,
//! so the DOCX and the PDF draw the same columns and break the same words.
//!
//! Columns are sized from the content of the whole table (or of the tables
//! stacked with the same `widths=`): each column at least as wide as its
//! header words and its numbers with their units (never broken), then as
//! its short labels' words (`≥3000人次`, `服务对象|满意度`) as far as the
//! room goes, then the rest shared by how much text each column holds, no
//! column wider than its longest line while another still wraps. The
//! template's `widths=` only shares out a table without text. Widths are
//! twips summing to [`style::TEXT_WIDTH`].

use super::measure::{self, HALF, LABEL_MAX};
use super::style;
use super::{Align, Block, Cell, Table};

impl Cell {
    /// Whether the cell is a label (a header cell or a short text), whose
    /// words are glued by [`measure::label_no_break_at`].
    pub fn is_label(&self) -> bool {
        self.bold || measure::half_ems(&self.text) <= LABEL_MAX
    }

    /// Byte offsets of the cell's text where a line must not break (the
    /// contract of `measure.rs`).
    pub fn no_break_at(&self) -> Vec<usize> {
        if self.is_label() {
            measure::label_no_break_at(&self.text)
        } else {
            measure::no_break_at(&self.text)
        }
    }
}

/// Extra room so a word exactly as wide as the column still fits despite
/// rules and rounding (a quarter point).
const SLACK_TWIPS: u32 = 5;

impl Table {
    /// Twips of `half_ems` of this table's text.
    fn twips(&self, half_ems: u32) -> u32 {
        // One em is font_half_pt × 10 twips.
        half_ems * self.font_half_pt * 10 / HALF
    }

    /// Replaces the template's relative widths by twips fitted to the
    /// content (see the module comment), then justifies centred cells whose
    /// text takes more than one line.
    pub fn fit_columns(&mut self) {
        fit_together(&mut [self]);
    }

    /// What each column's cells ask of it, and what spanning cells ask of
    /// the columns they cover: (first column, span, hard), twips.
    fn needs(&self) -> (Vec<Need>, Vec<(usize, usize, u32)>) {
        let pad = 2 * style::CELL_PAD_X as u32 + SLACK_TWIPS;
        let twips = |tenths: u32| self.twips(tenths).div_ceil(10) + pad;
        // Every column holds at least one character.
        let one = self.twips(HALF) + pad;
        let mut needs = vec![
            Need {
                hard: one,
                natural: one,
                mass: 0,
            };
            self.widths.len()
        ];
        let mut spans = Vec::new();
        for cell in &self.cells {
            // Header words, numbers with their units and a short cell's
            // words (≥3000人次, 服务对象|满意度) never break.
            let hard = twips(measure::widest_unbreakable(&cell.text, &cell.no_break_at()));
            let mass = measure::half_ems(&cell.text);
            if cell.colspan == 1 {
                let n = &mut needs[cell.col];
                n.hard = n.hard.max(hard);
                n.natural = n
                    .natural
                    .max(twips(measure::longest_line_tenths(&cell.text)));
                n.mass += mass;
            } else {
                spans.push((cell.col, cell.colspan, hard));
                let share = mass / cell.colspan as u32;
                for n in needs.iter_mut().skip(cell.col).take(cell.colspan) {
                    n.mass += share;
                }
            }
        }
        (needs, spans)
    }

    /// A centred cell whose text wraps is justified instead (年度总体目标):
    /// centring each line of a paragraph leaves ragged edges on both sides.
    /// Labels (`年度|指标值`) stay centred.
    fn justify_wrapped_cells(&mut self) {
        let pad = 2 * style::CELL_PAD_X as u32;
        let edges: Vec<u32> = std::iter::once(0)
            .chain(self.widths.iter().scan(0, |acc, w| {
                *acc += w;
                Some(*acc)
            }))
            .collect();
        let em = self.twips(HALF);
        for cell in &mut self.cells {
            let inner = edges[cell.col + cell.colspan] - edges[cell.col];
            let capacity = inner.saturating_sub(pad) * HALF / em.max(1);
            let wraps = measure::half_ems(&cell.text) > capacity;
            if cell.align == Align::Center && wraps && !cell.is_label() {
                cell.align = Align::Justify;
            }
        }
    }
}

/// Fits the columns of tables that the template stacks one under the
/// other with the same relative widths (the 自评表's 预算执行 table and
/// its indicator table) to one set of widths, so their rules line up.
pub fn fit_tables(blocks: &mut [Block]) {
    let mut i = 0;
    while i < blocks.len() {
        let Block::Table(first) = &blocks[i] else {
            i += 1;
            continue;
        };
        let key = (first.widths.clone(), first.font_half_pt);
        let mut j = i + 1;
        while let Some(Block::Table(t)) = blocks.get(j)
            && (t.widths.clone(), t.font_half_pt) == key
        {
            j += 1;
        }
        let mut group: Vec<&mut Table> = blocks[i..j]
            .iter_mut()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        fit_together(&mut group);
        i = j;
    }
}

/// What a column's cells ask of its width, in twips with the padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Need {
    /// Never less: header words, numbers with their units, short cells'
    /// words.
    hard: u32,
    /// The longest line of any cell: more is of no use.
    natural: u32,
    /// How much text the column holds (half-ems): its claim on the rest.
    mass: u32,
}

/// Fits tables with the same relative widths and size to common widths:
/// sized from the content of the whole group (contract of this module).
fn fit_together(tables: &mut [&mut Table]) {
    let Some(first) = tables.first() else {
        return;
    };
    let preferred = first.widths.clone();
    if preferred.iter().all(|&w| w == 0) {
        // Nothing to share out; the backends report the template error.
        return;
    }
    let total = style::TEXT_WIDTH as u32;
    let mut needs: Vec<Need> = Vec::new();
    let mut spans = Vec::new();
    for t in tables.iter() {
        let (n, s) = t.needs();
        if needs.is_empty() {
            needs = n;
        } else {
            for (a, b) in needs.iter_mut().zip(n) {
                a.hard = a.hard.max(b.hard);
                a.natural = a.natural.max(b.natural);
                a.mass += b.mass;
            }
        }
        spans.extend(s);
    }
    // A table without text shares out by the template's widths.
    if needs.iter().all(|n| n.mass == 0) {
        for (n, &p) in needs.iter_mut().zip(&preferred) {
            n.mass = p;
        }
    }
    let mut widths = allocate(&needs, total);
    // Spanning cells share a deficit among their columns.
    for (col, span, hard) in spans {
        let have: u32 = widths[col..col + span].iter().sum();
        if have < hard {
            for n in needs.iter_mut().skip(col).take(span) {
                n.hard = n.hard.max(hard.div_ceil(span as u32));
            }
            widths = allocate(&needs, total);
        }
    }
    for t in tables.iter_mut() {
        t.widths = widths.clone();
        t.justify_wrapped_cells();
    }
}

/// Widths in twips summing to `total`: every column its minimum, then the
/// rest to the columns with most text, none wider than its longest line
/// while another still wraps.
fn allocate(needs: &[Need], total: u32) -> Vec<u32> {
    let hard: Vec<u32> = needs.iter().map(|n| n.hard).collect();
    let hard_sum: u32 = hard.iter().sum();
    if hard_sum >= total {
        // Even the minimums do not fit: cut the widest ones down to a
        // common cap, so short labels (分值, 得分) keep their width and
        // only the longest unbreakable runs (≤880.57万元) must break.
        return capped(&hard, total);
    }
    let mut w = hard;
    let mut room = total - hard_sum;
    // First up to each column's longest line, then (all lines whole) on.
    for up_to_longest_line in [true, false] {
        while room > 0 {
            let open: Vec<usize> = (0..w.len())
                .filter(|&c| needs[c].mass > 0 && (!up_to_longest_line || w[c] < needs[c].natural))
                .collect();
            let mass: u64 = open.iter().map(|&c| u64::from(needs[c].mass)).sum();
            if mass == 0 {
                break;
            }
            let mut given = 0;
            for &c in &open {
                let share = (u64::from(room) * u64::from(needs[c].mass) / mass) as u32;
                let cap = match up_to_longest_line {
                    true => needs[c].natural - w[c],
                    false => u32::MAX,
                };
                w[c] += share.min(cap);
                given += share.min(cap);
            }
            if given == 0 {
                break;
            }
            room -= given;
        }
    }
    settle(&mut w, needs, total);
    w
}

/// Rounding leftovers (or a table without text): to the column with most
/// text, so the widths sum to `total`.
fn settle(w: &mut [u32], needs: &[Need], total: u32) {
    let sum: u32 = w.iter().sum();
    let target = (0..w.len())
        .max_by_key(|&c| (needs[c].mass, c))
        .unwrap_or(0);
    if let Some(x) = w.get_mut(target) {
        *x = (*x + total).saturating_sub(sum);
    }
}

/// The minimums with the largest lowered to one cap, the rest of `total`
/// added to the capped columns so the widths sum to `total`.
fn capped(min: &[u32], total: u32) -> Vec<u32> {
    let mut sorted = min.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    // Find the cap: every column above it is lowered to it.
    let mut cap = 0;
    for k in 1..=sorted.len() {
        let below: u32 = sorted[k..].iter().sum();
        let c = (total.saturating_sub(below)) / k as u32;
        if k == sorted.len() || c >= sorted[k] {
            cap = c;
            break;
        }
    }
    let mut widths: Vec<u32> = min.iter().map(|&m| m.min(cap)).collect();
    // Rounding leftovers go to the first capped column.
    let rest = total.saturating_sub(widths.iter().sum());
    if let Some(i) = widths.iter().position(|&w| w == cap) {
        widths[i] += rest;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Table;

    fn self_assessment() -> Table {
        let header = [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ];
        let rows = vec![
            header.iter().map(|s| s.to_string()).collect(),
            [
                "满意度指标",
                "服务对象满意度",
                "群众满意率",
                "≥95%",
                "97.77%",
                "10",
                "10",
                "",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
        ];
        Table::from_grid(vec![7, 8, 16, 11, 11, 6, 6, 19], &[], 1, 24, &rows).unwrap()
    }

    #[test]
    fn columns_hold_their_widest_word_and_text_gets_the_rest() {
        let mut t = self_assessment();
        t.fit_columns();
        assert_eq!(t.widths.iter().sum::<u32>(), style::TEXT_WIDTH as u32);
        let pad = 2 * style::CELL_PAD_X as u32;
        let em = 240; // 小4号
        // 满意度|指标 (3 em), 服务对象|满意度 (4 em), 年度|指标值 (3 em),
        // 97.77% (3 em), 分值/得分 (2 em).
        for (col, ems) in [(0, 3), (1, 4), (3, 3), (4, 3), (5, 2), (6, 2)] {
            assert!(t.widths[col] >= ems * em + pad, "col {col}: {:?}", t.widths);
        }
        // The free text column keeps a useful width.
        assert!(t.widths[7] > 5 * em, "{:?}", t.widths);
        // Short columns stop at their longest line: the rest goes to text.
        assert!(t.widths[5] <= 3 * em + pad, "{:?}", t.widths);
    }

    #[test]
    fn wrapped_centred_text_is_justified() {
        let rows = vec![
            vec!["目标".to_string(), "短".to_string()],
            vec!["目标".repeat(30), "短".to_string()],
        ];
        let mut t = Table::from_grid(vec![1, 1], &[], 0, 24, &rows).unwrap();
        t.fit_columns();
        assert_eq!(t.cells[2].align, Align::Justify);
        assert_eq!(t.cells[3].align, Align::Center);
        assert_eq!(t.cells[0].align, Align::Center);
    }
}

#[cfg(test)]
mod share_tests {
    use super::*;

    #[test]
    fn overfull_minimums_cut_the_widest_first() {
        let w = capped(&[1661, 1541, 1181, 941, 701, 701], 6000);
        assert_eq!(w.iter().sum::<u32>(), 6000);
        assert_eq!(&w[3..], &[941, 701, 701], "short labels keep their width");
        assert!(w[0] == w[1] || w[0] == w[1] + 1, "{w:?}");
    }
}
