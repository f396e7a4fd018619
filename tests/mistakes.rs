//! Issue 9: a table of realistic typing mistakes of a finance officer
//! using a Chinese input method. Each is rejected with a Chinese message at
//! the line and column of the mistake (not the line after), nothing is
//! written, and no English parser text reaches the officer; slips that can
//! only mean one thing are read with a warning instead.

use crate::util::*;

/// One mistake: `from` in the example becomes `to`; the error is on the
/// line holding `at`, at column `col`, and says `says`.
struct Case {
    from: &'static str,
    to: &'static str,
    at: &'static str,
    col: u32,
    says: &'static str,
}

const fn case(
    from: &'static str,
    to: &'static str,
    at: &'static str,
    col: u32,
    says: &'static str,
) -> Case {
    Case {
        from,
        to,
        at,
        col,
        says,
    }
}

const P3: &str = "  - 个别项目资金下达较晚，项目实施和资金支付进度偏慢。";
const GOV: &str = "  政府性基金预算支出: 0 ";

const REJECTED: &[Case] = &[
    // ` #` cutting a text value.
    case(
        P3,
        "  - 个别项目（如 #3泵站）进度较慢",
        "#3泵站",
        12,
        "会被当作注释",
    ),
    case(
        "其他说明: 无 ",
        "其他说明: 详见附件 #2 ",
        "#2",
        12,
        "会被当作注释",
    ),
    // A full-width colon after a word that is not a key, among keys.
    case(
        "    公用经费: 15.56",
        "    公用经费: 15.56\n    办公用房 177",
        "办公用房 177",
        5,
        "这一行既不是",
    ),
    // `: ` inside a text.
    case(
        "其他说明: 无 ",
        "其他说明: 原因: 资金到位晚 ",
        "原因: 资金",
        9,
        "英文冒号加空格",
    ),
    case(
        P3,
        "  - 原因是: 资金下达晚: 进度慢",
        "原因是: 资金",
        15,
        "英文冒号加空格",
    ),
    // A text starting with a quote, a bracket or a brace.
    case(
        "其他说明: 无 ",
        "其他说明: \"重点\"项目进展顺利 ",
        "\"重点\"项目",
        11,
        "引号 \" 在这里之前已经结束",
    ),
    case(
        "其他说明: 无 ",
        "其他说明: [注]见附件 ",
        "[注]见附件",
        10,
        "在 ] 之后还有文字",
    ),
    case(
        "其他说明: 无 ",
        "其他说明: {略}，详见附件 ",
        "{略}",
        10,
        "在 } 之后还有文字",
    ),
    case(
        "  金额单位: 万元",
        "  金额单位: [万元",
        "[万元",
        9,
        "没有对应的 ]",
    ),
    case(
        "其他说明: 无 ",
        "其他说明: \"本单位无其他说明 ",
        "\"本单位",
        7,
        "引号 \" 没有配对",
    ),
    case(
        "其他说明: 无 ",
        "其他说明: @本单位 ",
        "@本单位",
        7,
        "值不能以 @ 开头",
    ),
    case(
        "其他说明: 无 ",
        "其他说明: *见附件 ",
        "*见附件",
        7,
        "找不到对应的 &名称",
    ),
    // A pasted paragraph whose second line is not indented.
    case(
        P3,
        "  - 个别项目资金下达较晚，\n项目实施和资金支付进度偏慢。",
        "项目实施和资金支付",
        1,
        "没有缩进到上一项下面",
    ),
    case(
        "其他说明: 无 ",
        "其他说明: 本单位无\n其他需要说明的情况。",
        "其他需要说明的情况。",
        1,
        "没有缩进到上一项下面",
    ),
    // A continuation at the key's own column.
    case(
        "    公用经费: 15.56",
        "    公用经费: 15.56\n    办公费等",
        "办公费等",
        5,
        "没有缩进到上一项下面",
    ),
    // A list item without `- `, or `-` without its space.
    case(
        P3,
        "  - 第一条\n  第二条问题",
        "第二条问题",
        3,
        "前面没有“- ”",
    ),
    case(
        P3,
        "  - 第一条\n  -第二条问题",
        "-第二条问题",
        4,
        "“-”后面缺少空格",
    ),
    // A missing colon.
    case(
        "  填表人: 张晓燕",
        "  填表人 张晓燕",
        "填表人 张晓燕",
        6,
        "“填表人”后面缺少冒号",
    ),
    // Indentation: tabs, U+3000, NBSP.
    case(
        "    公用经费: 15.56",
        "\t公用经费: 15.56",
        "公用经费: 15.56",
        1,
        "Tab 制表符",
    ),
    case(
        "    公用经费: 15.56",
        "  \u{3000}公用经费: 15.56",
        "公用经费: 15.56",
        3,
        "全角空格（U+3000）",
    ),
    case(
        "    公用经费: 15.56",
        "   \u{A0}公用经费: 15.56",
        "公用经费: 15.56",
        4,
        "不换行空格（U+00A0）",
    ),
    // A key indented one level too deep, under a key that has a value.
    case(
        "    公用经费: 15.56",
        "      公用经费: 15.56",
        "公用经费: 15.56",
        7,
        "已经写了值，下面不能再有分项",
    ),
    // A key or item moved left to no level at all.
    case(
        "    公用经费: 15.56",
        "    公用经费: 15.56\n   其他: 1",
        "其他: 1",
        4,
        "没有对齐",
    ),
    case(
        P3,
        "  - 第一条\n - 第二条问题",
        " - 第二条问题",
        2,
        "没有对齐",
    ),
    // A key at a list's column; a list after the colon.
    case(
        P3,
        "  - 第一条\n  说明: 第二条",
        "说明: 第二条",
        3,
        "前面没有“- ”",
    ),
    case(
        P3,
        "  - 第一条\n  说明：第二条",
        "说明：第二条",
        3,
        "前面没有“- ”",
    ),
    case(
        "其他说明: 无 ",
        "其他说明: - 无 ",
        "- 无",
        7,
        "清单不能写在冒号后面",
    ),
    // A full-width colon after a figure's name written alone under its
    // key: read as text where figures belong, and said so.
    case(
        "    人员经费: 177.57                     # 工资福利支出、对个人和家庭的补助等\n    公用经费: 15.56",
        "    办公用品：177.57",
        "办公用品：177.57",
        5,
        "全角冒号",
    ),
    // A key of 收支 indented into an amount tree would be added in.
    case(
        "    公用经费: 15.56",
        "    公用经费: 15.56\n    结余: 0.84",
        "结余: 0.84",
        5,
        "缩进多了一级",
    ),
    // An invisible character the loader does not remove, inside a key.
    case(
        "  支出合计: 860.90",
        "  支出\u{2009}合计: 860.90",
        "合计: 860.90",
        5,
        "看不见的字符 U+2009",
    ),
    // A duplicate key, both lines named.
    case(
        "    公用经费: 15.56",
        "    公用经费: 15.56\n    公用经费: 15.56",
        "",
        5,
        "“公用经费”在同一级写了两次",
    ),
    case(
        "  填表人: 张晓燕",
        "  填表人: 张晓燕\n  填表人: 王五",
        "填表人: 王五",
        3,
        "写了两次",
    ),
    // Amounts written as text.
    case(
        GOV,
        "  政府性基金预算支出: 1,234.5 ",
        "1,234.5",
        14,
        "千分位逗号",
    ),
    case(
        GOV,
        "  政府性基金预算支出: 177.57万元 ",
        "177.57万元",
        14,
        "不要写单位",
    ),
    case(GOV, "  政府性基金预算支出: 5% ", "5% ", 14, "不要写百分号"),
    case(
        GOV,
        "  政府性基金预算支出: “177.57” ",
        "“177.57”",
        14,
        "引号",
    ),
    case(
        GOV,
        "  政府性基金预算支出: 否 ",
        "支出: 否",
        14,
        "没有就写 0",
    ),
    case(
        GOV,
        "  政府性基金预算支出: １７７．５７元 ",
        "１７７",
        14,
        "全角数字",
    ),
    case(GOV, "  政府性基金预算支出: 一百 ", "一百", 14, "应填金额"),
    // A key one level too shallow: no advice that leads to a duplicate key.
    case(
        "    上年决算: {因公出国（境）费: 0, 公务用车购置及运行维护费: 0, 公务接待费: 0.66}",
        "  上年决算: {因公出国（境）费: 0, 公务用车购置及运行维护费: 0, 公务接待费: 0.66}",
        "  上年决算:",
        3,
        "缩进",
    ),
];

/// Runs one mistake and returns stderr; asserts nothing was written.
fn rejected(src: &str) -> String {
    let d = Dir::new();
    d.write("dept.yaml", src);
    let r = d.run(&["dept.yaml", "--pdf"]).expect(1);
    assert!(!d.path("output/dept.docx").exists(), "no DOCX");
    assert!(!d.path("output/dept.pdf").exists(), "no PDF");
    r.stderr()
}

/// No parser English: no ASCII word of three letters or more outside
/// the file name.
fn assert_no_english(err: &str) {
    let text = err
        .replace("output/dept.docx", "")
        .replace("dept.yaml", "")
        .replace("YAML", "")
        .replace("Tab", "")
        .replace("Word", "")
        .replace("WPS", "");
    let word = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| w.len() >= 3);
    assert!(word.is_none(), "English {word:?} in:\n{err}");
}

#[test]
fn thirty_mistakes_named_at_their_line_and_column() {
    assert!(REJECTED.len() >= 30, "{}", REJECTED.len());
    let mut failures = Vec::new();
    for c in REJECTED {
        let src = EXAMPLE.replacen(c.from, c.to, 1);
        assert_ne!(src, EXAMPLE, "{} not found", c.from);
        // The duplicate's line is the second of the two.
        let line = if c.at.is_empty() {
            line_of(&src, c.from) + 1
        } else {
            line_of(&src, c.at)
        };
        let err = rejected(&src);
        let want = format!("dept.yaml:{line}:{}: 错误: ", c.col);
        let ok = err
            .lines()
            .any(|l| l.starts_with(&want) && err.contains(c.says));
        if !ok {
            failures.push(format!("{:?} → want {want}…{}\n{err}", c.to, c.says));
        }
        assert_no_english(&err);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// Slips that can only mean one thing: read, with a warning at the slip.
const ACCEPTED: &[Case] = &[
    case(
        "    人员经费: 177.57",
        "    人员经费：177.57",
        "人员经费：",
        9,
        "全角冒号",
    ),
    case(
        "    人员经费: 177.57",
        "    人员经费:177.57",
        "人员经费:177",
        9,
        "冒号后面没有空格",
    ),
    case(
        "    人员经费: 177.57",
        "    人员经费:\u{3000}177.57",
        "人员经费:",
        9,
        "全角空格（U+3000）",
    ),
    case(
        "  填表人: 张晓燕",
        "  填表人：张晓燕",
        "填表人：",
        6,
        "全角冒号",
    ),
    case(
        "    人员经费: 177.57",
        "    人员经费: １７７．５７",
        "人员经费:",
        11,
        "全角数字",
    ),
    case(
        "    人员经费: 177.57",
        "    人员\u{3000}经费: 177.57",
        "经费: 177.57",
        7,
        "全角空格（U+3000）",
    ),
    case(
        "    人员经费: 177.57",
        "    人员经费\u{A0}: 177.57",
        "经费\u{A0}: 177.57",
        9,
        "不换行空格（U+00A0）",
    ),
    case(
        "  支出合计: 860.90",
        "  支出\u{200B}合计: 860.90",
        "合计: 860.90",
        5,
        "U+200B",
    ),
];

#[test]
fn unambiguous_slips_are_read_with_a_warning() {
    let mut failures = Vec::new();
    for c in ACCEPTED {
        let src = EXAMPLE.replacen(c.from, c.to, 1);
        assert_ne!(src, EXAMPLE, "{} not found", c.from);
        let line = line_of(&src, c.at);
        let d = Dir::new();
        d.write("dept.yaml", &src);
        let r = d.run(&["dept.yaml"]);
        let err = r.stderr();
        let want = format!("dept.yaml:{line}:{}: 警告: ", c.col);
        if r.code() != 0 || !err.lines().any(|l| l.starts_with(&want)) || !err.contains(c.says) {
            failures.push(format!("{:?} → want {want}…{}\n{err}", c.to, c.says));
            continue;
        }
        assert_no_english(&err);
        // The figure is read, not lost: 人员经费 177.57 + 公用经费 15.56.
        let text = docx_text(&d.path("output/dept.docx"));
        assert!(
            text.contains("193.13") && text.contains("张晓燕"),
            "{}",
            c.to
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn comments_after_values_and_colons_in_texts_stay_allowed() {
    // A comment after a text with `# ` (the example's own style), a
    // full-width colon inside a sentence, a colon without space in a text.
    let src = EXAMPLE
        .replacen(P3, "  - 原因：资金到位晚，时间10:30前未完成   # 说明", 1)
        .replacen("其他说明: 无 ", "其他说明: 详见附件（#2号文） ", 1);
    let d = Dir::new();
    d.write("dept.yaml", &src);
    let r = d.run(&["dept.yaml"]).expect(0);
    let text = docx_text(&d.path("output/dept.docx"));
    assert!(
        text.contains("原因：资金到位晚，时间10:30前未完成"),
        "{}",
        r.stderr()
    );
    assert!(text.contains("详见附件（#2号文）"), "{}", r.stderr());
}
