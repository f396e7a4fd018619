//! Format-free text measures that both backends obey, so the DOCX and the
//! PDF break text alike: the em-width estimate (an ideograph or full-width
//! mark is one em, anything else half an em) and the places where a line
//! must not break — a number and its unit (`114.69万元`, `97.77%`,
//! `2024年度`), and the words of a short table label (`年度|指标值`).
//!
//! Contract with the backends: [`no_break_at`] and [`label_no_break_at`]
//! return byte offsets `b` (sorted, unique, on char boundaries, `0 < b <
//! len`) such that a line must not break between `text[..b]` and
//! `text[b..]`. The PDF line breaker forbids those breaks; the DOCX inserts
//! U+200D (Word's "no-width non break", also honoured by LibreOffice) at
//! each offset. [`no_break_at`] marks only places where a break would
//! otherwise be allowed (never between two digits); [`label_no_break_at`]
//! marks every boundary inside a glued label word.

/// Half-ems in an em, the unit of [`half_ems`].
pub const HALF: u32 = 2;

/// Ideographs, kana, hangul, CJK and full-width punctuation, and the
/// general punctuation Chinese text sets full-width (“ ” ‘ ’ — …).
pub fn is_wide(ch: char) -> bool {
    matches!(ch,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{2014}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2026}'
    )
}

/// Symbols of ambiguous width that Chinese fonts draw one em wide (`≤`,
/// `±`, `℃`); the estimate counts them wide so columns never come short.
fn is_ambiguous(ch: char) -> bool {
    matches!(ch,
        '\u{00B0}' | '\u{00B1}' | '\u{00D7}' | '\u{00F7}' | '\u{00A7}'
        | '\u{2030}' | '\u{2103}' | '\u{2116}' | '\u{203B}'
        | '\u{2190}'..='\u{21FF}'
        | '\u{2200}'..='\u{22FF}'
        | '\u{2460}'..='\u{24FF}'
        | '\u{25A0}'..='\u{26FF}'
    )
}

/// Latin characters far wider than half an em (`%` is 0.83 em in Times
/// New Roman and the Fandol fonts), counted as one em so a column holding
/// `97.77%` is never short.
fn is_broad(ch: char) -> bool {
    matches!(ch, '%' | '@' | 'M' | 'W' | 'm' | 'w')
}

/// Estimated width of `text` in half-ems: two per wide (or ambiguous, or
/// broad Latin) character, one per other character. Zero-width joiners count nothing.
pub fn half_ems(text: &str) -> u32 {
    text.chars()
        .filter(|c| !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'))
        .map(|c| {
            if is_wide(c) || is_ambiguous(c) || is_broad(c) {
                HALF
            } else {
                1
            }
        })
        .sum()
}

/// Units that stay on the line of the number before them, longest first
/// where one is the start of another. `个百分点` is not one: `2.5个|百分点`
/// may break after 个, which the 自评表's narrow value columns need.
const UNITS: &[&str] = &[
    "万人次",
    "批次",
    "场次",
    "家次",
    "万户",
    "平方公里",
    "平方米",
    "立方米",
    "万元",
    "亿元",
    "千元",
    "万人",
    "人次",
    "户次",
    "年度",
    "小时",
    "公里",
    "千米",
    "课时",
    "学时",
    "个月",
    "%",
    "％",
    "‰",
    "℃",
    "元",
    "万",
    "亿",
    "年",
    "月",
    "日",
    "天",
    "个",
    "家",
    "人",
    "分",
    "项",
    "次",
    "户",
    "名",
    "所",
    "台",
    "套",
    "米",
    "亩",
    "吨",
    "件",
    "份",
    "场",
    "篇",
    "条",
    "辆",
    "座",
    "倍",
    "岁",
    "批",
    "处",
    "间",
    "张",
    "本",
    "册",
    "期",
    "元/人",
];

/// Signs that stay with the number after them (`≥95%`, `±5`).
const PREFIXES: &str = "≥≤＞＜><±＋－+~～约第";

/// Where a line must not break in `text` (see the module contract): after
/// a sign that leads a number (`≥|95%`), between a number and its unit
/// (`114.69|万元`) and inside a unit (`万|元`, `年|度`).
pub fn no_break_at(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        if i > 0 && PREFIXES.contains(chars[i - 1].1) {
            out.push(chars[i].0);
        }
        // The number: digits with inner `.` or `,` between digits.
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j].1;
            let inner =
                matches!(c, '.' | ',') && chars.get(j + 1).is_some_and(|(_, d)| d.is_ascii_digit());
            if c.is_ascii_digit() || inner {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |(b, _)| *b);
        let rest = &text[end..];
        if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(**u)) {
            out.push(end);
            out.extend(unit.char_indices().skip(1).map(|(b, _)| end + b));
            j += unit.chars().count();
        }
        i = j;
    }
    out.retain(|&b| b > 0 && b < text.len());
    out.sort_unstable();
    out.dedup();
    out
}

/// Labels of at most this many half-ems are kept whole (`分值`, `满意度`).
const WHOLE_LABEL: u32 = 3 * HALF;
/// A cell of at most this many half-ems (or any header cell) is a label
/// whose words are glued (see [`label_no_break_at`]).
pub const LABEL_MAX: u32 = 10 * HALF;
/// Word endings before which a longer label may break: `二级|指标`,
/// `年度|指标值`, `服务对象|满意度`, `全年|预算数`, `可持续|影响`. The
/// columns of an eight-column 自评表 at 小4号 cannot hold every label on
/// one line; these are the breaks a reader accepts.
const LABEL_TAILS: &[&str] = &[
    "指标值",
    "完成值",
    "预算数",
    "执行数",
    "执行率",
    "决算数",
    "满意度",
    "指标",
    "效益",
    "影响",
    "情况",
    "支出",
    "分析",
    "改进",
    "措施",
    "百分点",
    "原因",
    "控制",
    "资金",
    "经费",
    "项目",
    "管理",
    "建设",
    "增长",
    "发展",
    "人数",
];

/// [`no_break_at`] plus the inside of every word of a short label, so a
/// narrow column breaks `年度指标值` as `年度|指标值`, never `年度指|标值`.
/// A label's parts are separated by spaces and brackets; a bracketed part
/// (`（万元）`) or a part of at most three ems stays whole; a longer one may break only before one of
/// `LABEL_TAILS` (if it has none, anywhere).
pub fn label_no_break_at(text: &str) -> Vec<usize> {
    let mut out = no_break_at(text);
    for (start, part) in label_parts(text) {
        let bracketed = part.starts_with(['（', '(', '《']);
        // The words of the part: the whole part when short or bracketed,
        // else the pieces between word endings.
        let mut cuts: Vec<usize> = if bracketed || half_ems(part) <= WHOLE_LABEL {
            Vec::new()
        } else {
            part.char_indices()
                .skip(1)
                .map(|(b, _)| b)
                .filter(|&b| LABEL_TAILS.iter().any(|t| part[b..].starts_with(t)))
                .collect()
        };
        if cuts.is_empty() && !bracketed && half_ems(part) > WHOLE_LABEL {
            // No known word ending: free to break anywhere.
            continue;
        }
        cuts.insert(0, 0);
        cuts.push(part.len());
        for w in cuts.windows(2) {
            let word = &part[w[0]..w[1]];
            // A long remainder (`资金|发放及时率`) is not one word.
            if !bracketed && half_ems(word) > WORD_MAX {
                continue;
            }
            out.extend(word.char_indices().skip(1).map(|(b, _)| start + w[0] + b));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The longest piece between word endings that is still glued (four ems:
/// `服务对象`).
const WORD_MAX: u32 = 4 * HALF;

/// The parts of a label with their byte offsets: runs between spaces, with
/// a bracketed group (`（A）`) a part of its own.
fn label_parts(text: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut start = None;
    fn close<'t>(
        text: &'t str,
        from: &mut Option<usize>,
        to: usize,
        parts: &mut Vec<(usize, &'t str)>,
    ) {
        if let Some(s) = from.take()
            && s < to
        {
            parts.push((s, &text[s..to]));
        }
    }
    for (b, ch) in text.char_indices() {
        if ch.is_whitespace() {
            close(text, &mut start, b, &mut parts);
        } else if matches!(ch, '（' | '(' | '《' | '“') {
            close(text, &mut start, b, &mut parts);
            start = Some(b);
        } else {
            start.get_or_insert(b);
            if matches!(ch, '）' | ')' | '》' | '”') {
                close(text, &mut start, b + ch.len_utf8(), &mut parts);
            }
        }
    }
    close(text, &mut start, text.len(), &mut parts);
    parts
}

/// What a character takes beyond the half-ems it is counted, in tenths of
/// a half-em: capitals are 0.75 em and `%` 0.9 em in the Fandol and Noto
/// CJK fonts (`B/A` is 2 em, not 1.5); digits are half an em. Table cells
/// neither hang nor squeeze punctuation to make up the difference.
pub fn surplus_tenths(c: char) -> u32 {
    match c {
        'A'..='Z' => 5,
        'a'..='z' => 2,
        '%' => 9,
        _ => 0,
    }
}

/// The width of the longest line of `text`, in tenths of a half-em.
pub fn longest_line_tenths(text: &str) -> u32 {
    text.split('\n')
        .map(|l| 10 * half_ems(l) + l.chars().map(surplus_tenths).sum::<u32>())
        .max()
        .unwrap_or(0)
}

/// The widest run of `text`, in tenths of a half-em, that a line cannot break given
/// the forbidden offsets `glued` (a coarse model: a break is otherwise
/// allowed between two characters unless both are ASCII letters or digits,
/// or the second is closing punctuation, or the first opening).
pub fn widest_unbreakable(text: &str, glued: &[usize]) -> u32 {
    let mut widest = 0;
    let mut run = 0;
    let mut narrow = 0;
    let mut prev: Option<char> = None;
    for (b, ch) in text.char_indices() {
        if let Some(p) = prev {
            let ascii = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '/');
            let kinsoku =
                "，。、；：？！）》」』】”’%％".contains(ch) || "（《「『【“‘".contains(p);
            let joined = glued.binary_search(&b).is_ok() || (ascii(p) && ascii(ch)) || kinsoku;
            if !joined {
                run = 0;
                narrow = 0;
            }
        }
        run += half_ems(ch.encode_utf8(&mut [0; 4]));
        narrow += surplus_tenths(ch);
        widest = widest.max(10 * run + narrow);
        prev = Some(ch);
    }
    widest
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with `|` at every forbidden break.
    fn marked(text: &str, at: &[usize]) -> String {
        let mut s = String::new();
        for (b, ch) in text.char_indices() {
            if at.contains(&b) {
                s.push('|');
            }
            s.push(ch);
        }
        s
    }

    #[test]
    fn numbers_keep_their_units() {
        let t = "支出114.69万元，增长1.25万元，共6家，执行率97.77%，得5分，2024年度≥95%。";
        let m = marked(t, &no_break_at(t));
        for glued in [
            "114.69|万|元",
            "1.25|万|元",
            "6|家",
            "97.77|%",
            "5|分",
            "2024|年|度",
            "≥|95|%",
        ] {
            assert!(m.contains(glued), "{glued} in {m}");
        }
        assert!(m.contains("支出114"), "no mark before a number: {m}");
        assert_eq!(no_break_at("无数字"), Vec::<usize>::new());
    }

    #[test]
    fn label_words_break_only_between_words() {
        let cases = [
            ("二级指标", "二|级指|标"),
            ("分值", "分|值"),
            ("2.5个百分点", "2|.|5|个百|分|点"),
            ("年度指标值", "年|度指|标|值"),
            ("服务对象满意度", "服|务|对|象满|意|度"),
            ("全年预算数（A）", "全|年预|算|数（|A|）"),
        ];
        for (text, want) in cases {
            assert_eq!(marked(text, &label_no_break_at(text)), want);
        }
        assert_eq!(
            widest_unbreakable("年度指标值", &label_no_break_at("年度指标值")),
            60
        );
        assert_eq!(widest_unbreakable("分值", &label_no_break_at("分值")), 40);
        // Two capitals and a slash: 1.5 em counted, 2 em allowed.
        assert_eq!(
            widest_unbreakable("（B/A）", &label_no_break_at("（B/A）")),
            70 + 10
        );
        assert_eq!(half_ems("2024年度"), 8);
    }
}
