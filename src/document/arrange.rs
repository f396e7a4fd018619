//! Line arrangement of titles and table captions, decided once for both
//! formats (GB/T 9704 7.3.1: a title that needs several lines breaks
//! between meaningful words, in a trapezoid or diamond shape).
//!
//! The template marks the meaningful parts with `|` (`2024年度|某局|整体
//! 支出绩效自评报告`). Lines are filled with whole parts; a part longer
//! than a line (a very long department name) is cut into balanced pieces,
//! never inside a number and its unit. Widths are estimated in half-ems
//! (`measure.rs`): a line holds `TEXT_WIDTH / size` ems.

use super::measure::{HALF, half_ems, is_wide, no_break_at};
use super::style;

/// An extra line costs as much as this much unevenness (in half-ems):
/// three balanced lines beat a two-line title with a four-character line
/// over a full one.
const LINE_COST: u32 = 8;

/// How many half-ems of text of `half_points` size fit on one line, less
/// one em of slack: digits and Latin letters are counted half an em but
/// are 0.55–0.6 em in most CJK fonts (Noto Serif's "2024" at 22 pt is
/// 49 pt, not 44), and a title that fills its line to the last half-em
/// would wrap in Word or LibreOffice where the PDF still fits it.
pub fn capacity(half_points: u32) -> u32 {
    // One em is half_points × 10 twips.
    (style::TEXT_WIDTH as u32 * HALF / (half_points * 10).max(1)).saturating_sub(HALF)
}

/// Arranges the parts of a title or caption set at `half_points` into
/// lines (see the module comment).
pub fn arrange(parts: &[String], half_points: u32) -> Vec<String> {
    let cap = capacity(half_points);
    let atoms: Vec<String> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .flat_map(|p| cut(p, cap))
        .collect();
    let widths: Vec<u32> = atoms.iter().map(|a| half_ems(a)).collect();
    if atoms.is_empty() {
        return Vec::new();
    }
    if widths.iter().sum::<u32>() <= cap || atoms.len() == 1 {
        return vec![atoms.concat()];
    }
    // Every way to group the atoms into consecutive lines that fit; `ends`
    // bit i set: a line ends after atom i.
    let k = atoms.len();
    let mut candidates: Vec<(Vec<u32>, u32)> = Vec::new();
    for ends in 0u32..1 << (k - 1) {
        let mut lines = vec![0];
        for (i, w) in widths.iter().enumerate() {
            *lines.last_mut().expect("one line") += w;
            if i + 1 < k && ends & (1 << i) != 0 {
                lines.push(0);
            }
        }
        if lines.iter().all(|&l| l <= cap) {
            candidates.push((lines, ends));
        }
    }
    let fewest = candidates.iter().map(|(l, _)| l.len()).min().unwrap_or(1);
    let score = |lines: &[u32]| {
        let spread = lines.iter().max().unwrap_or(&0) - lines.iter().min().unwrap_or(&0);
        spread + LINE_COST * lines.len() as u32
    };
    let shaped = candidates
        .iter()
        .filter(|(l, _)| l.len() <= fewest + 1 && well_shaped(l))
        .min_by_key(|(l, _)| score(l));
    let chosen = shaped.or_else(|| {
        candidates
            .iter()
            .filter(|(l, _)| l.len() == fewest)
            .min_by_key(|(l, _)| score(l))
    });
    let Some((_, ends)) = chosen else {
        return vec![atoms.concat()];
    };
    let mut out = vec![String::new()];
    for (i, atom) in atoms.iter().enumerate() {
        out.last_mut().expect("one line").push_str(atom);
        if i + 1 < k && ends & (1 << i) != 0 {
            out.push(String::new());
        }
    }
    out
}

/// A trapezoid (each line at most as long as the next) or, from three
/// lines, a diamond (lines grow to a longest one, then shrink, the first
/// and last shorter than it).
fn well_shaped(lines: &[u32]) -> bool {
    let rising = lines.windows(2).all(|w| w[0] <= w[1]);
    if rising {
        return true;
    }
    let Some(top) = lines.iter().max() else {
        return false;
    };
    let peak = lines.iter().position(|l| l == top).unwrap_or(0);
    lines.len() >= 3
        && peak > 0
        && peak + 1 < lines.len()
        && lines[..=peak].windows(2).all(|w| w[0] <= w[1])
        && lines[peak..].windows(2).all(|w| w[0] >= w[1])
}

/// Cuts a part longer than `cap` half-ems into nearly equal pieces, only
/// between two wide characters and never inside a number with its unit.
fn cut(part: &str, cap: u32) -> Vec<String> {
    let total = half_ems(part);
    if total <= cap {
        return vec![part.to_string()];
    }
    let pieces = total.div_ceil(cap);
    let glued = no_break_at(part);
    let chars: Vec<(usize, char)> = part.char_indices().collect();
    let mut out = Vec::new();
    let mut from = 0;
    let mut width = 0;
    let mut done = 0;
    for (k, &(b, ch)) in chars.iter().enumerate() {
        let w = half_ems(ch.encode_utf8(&mut [0; 4]));
        let target = total * (done + 1) / pieces;
        let breakable = k > 0
            && is_wide(ch)
            && is_wide(chars[k - 1].1)
            && glued.binary_search(&b).is_err()
            && !"，。、；：？！）》”".contains(ch);
        // Cut before this character once the piece reaches its share (or
        // would overflow the line).
        if breakable && done + 1 < pieces && (width >= target || width + w > cap * (done + 1)) {
            out.push(part[from..b].to_string());
            from = b;
            done += 1;
        }
        width += w;
    }
    out.push(part[from..].to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<String> {
        s.split('|').map(String::from).collect()
    }

    #[test]
    fn short_titles_stay_on_one_line() {
        // 20 ems a line at 2号, one kept as slack.
        assert_eq!(capacity(style::TITLE_SIZE), 38);
        assert_eq!(
            arrange(&parts("2024年度|示例局|整体支出绩效自评报告"), 44),
            vec!["2024年度示例局整体支出绩效自评报告"]
        );
        // A title that fills all 20 ems: LibreOffice wrapped it as
        // "…自评报 / 告", so it is arranged instead.
        assert_eq!(
            arrange(&parts("2024年度|示例县教育局|整体支出绩效自评报告"), 44).len(),
            2
        );
    }

    #[test]
    fn long_titles_break_between_parts_in_a_good_shape() {
        let lines = arrange(
            &parts("2024年度|岳阳市示例区科技和工业信息化局|整体支出|绩效自评报告"),
            44,
        );
        assert_eq!(
            lines,
            vec![
                "2024年度",
                "岳阳市示例区科技和工业信息化局",
                "整体支出绩效自评报告"
            ]
        );
        let lines = arrange(
            &parts("示例县市场监督管理局|2024年度|部门整体支出绩效评价基础数据表"),
            36,
        );
        assert_eq!(
            lines,
            vec![
                "示例县市场监督管理局2024年度",
                "部门整体支出绩效评价基础数据表"
            ]
        );
        for l in &lines {
            assert!(half_ems(l) <= capacity(36));
        }
    }

    #[test]
    fn an_overlong_part_is_cut_evenly_outside_numbers() {
        let name = "某某省某某市某某县某某乡镇人民政府农业综合服务中心2024年度专项";
        let lines = arrange(&parts(name), 44);
        assert_eq!(lines.concat(), name);
        assert!(lines.len() == 2, "{lines:?}");
        for l in &lines {
            assert!(half_ems(l) <= 40, "{lines:?}");
            assert!(!l.starts_with('年') && !l.ends_with("2024"), "{lines:?}");
        }
    }

    #[test]
    fn shapes() {
        assert!(well_shaped(&[8, 20]));
        assert!(well_shaped(&[8, 30, 20]));
        assert!(!well_shaped(&[28, 20]));
        assert!(!well_shaped(&[30, 8, 20]));
    }
}
