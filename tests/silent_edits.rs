//! Issue 20: nothing the officer wrote is changed or dropped in silence.
//! Required text is present and means something; a one-line field holds
//! one line; what cannot be printed as written is a located warning or
//! error; a date is one that can be.

use crate::util::*;

const DEPT_LINE: &str = "单位: 岳阳市示例区科技和工业信息化局";

/// The example with `line` (a whole line of it) replaced.
fn with(line: &str, new: &str) -> String {
    assert!(EXAMPLE.contains(line), "{line}");
    EXAMPLE.replacen(line, new, 1)
}

/// `--check` on `src`: (exit status, standard error).
fn check(src: &str) -> (i32, String) {
    let d = Dir::new();
    d.write("甲局.yaml", src);
    let run = d.run(&["甲局.yaml", "--check"]);
    (run.code(), run.stderr())
}

/// The line `src` has `needle` on, as `甲局.yaml:LINE:`.
fn at(src: &str, needle: &str) -> String {
    format!("甲局.yaml:{}:", line_of(src, needle))
}

#[test]
fn an_empty_or_meaningless_unit_is_an_error() {
    // Blank is not written (issue 21's rule); punctuation names nothing.
    let cases = [
        ("\"\"", "必填项“单位”还没有填写"),
        ("\"   \"", "必填项“单位”还没有填写"),
        ("\"　\"", "必填项“单位”还没有填写"),
        ("\"。\"", "“单位”没有写出名称：写的是“。”，只有标点或空白"),
        ("\"--\"", "“单位”没有写出名称"),
        ("\"（）\"", "“单位”没有写出名称"),
    ];
    for (value, says) in cases {
        let src = with(DEPT_LINE, &format!("单位: {value}"));
        let (code, err) = check(&src);
        assert_eq!(code, 1, "{value}: {err}");
        assert!(err.contains(&at(&src, "单位: ")), "{value}: {err}");
        assert!(err.contains(says), "{value}: {err}");
    }
}

/// Its amount is still written: not an entry left blank, and not to be
/// dropped with its amount, as an empty name was.
#[test]
fn a_required_name_in_a_list_is_not_empty_either() {
    for (value, says) in [
        ("\"\"", "必填项“名称”还没有填写"),
        ("\"、\"", "“名称”没有写出名称"),
    ] {
        let src = with(
            "    - 名称: 业务工作经费                  # 项目名称",
            &format!("    - 名称: {value}"),
        );
        let (code, err) = check(&src);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(&at(&src, "- 名称: ")), "{err}");
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn a_line_break_in_a_one_line_field_is_an_error() {
    // Each at the value's first line.
    let cases = [
        (
            DEPT_LINE,
            "单位: \"岳阳市示例区\\n科技局\"",
            "单位: \"岳阳市",
        ),
        (
            DEPT_LINE,
            "单位: |\n  岳阳市示例区\n  科技局",
            "  岳阳市示例区",
        ),
        (
            "  填表人: 张晓燕                         # 填表人姓名",
            "  填表人: \"张\\n晓燕\"",
            "填表人: \"张",
        ),
    ];
    for (line, new, value) in cases {
        let src = with(line, new);
        let (code, err) = check(&src);
        assert_eq!(code, 1, "{new}: {err}");
        assert!(err.contains(&at(&src, value)), "{new}: {err}");
        assert!(err.contains("只能写一行，这里写了 2 行"), "{new}: {err}");
    }
    // A block of one line is one line.
    let src = with(DEPT_LINE, "单位: |\n  岳阳市示例区科技局");
    let (code, err) = check(&src);
    assert_eq!(code, 0, "{err}");
}

/// Characters YAML lets a quoted value spell with an escape but no report
/// can show: removed, and the warning names each, at the value.
#[test]
fn escaped_control_characters_are_named_where_they_are_removed() {
    let cases = [
        ("\\x07", "U+0007"),
        ("\\0", "U+0000"),
        ("\\e", "U+001B"),
        ("\\r", "U+000D"),
        ("\\x7F", "U+007F"),
        ("\\N", "U+0085"),
        ("\\u200B", "U+200B"),
        ("\\u202E", "U+202E"),
        ("\\uFEFF", "U+FEFF"),
        ("\\L", "U+2028"),
        ("\\uFFFF", "U+FFFF"),
    ];
    for (escape, named) in cases {
        let src = with(DEPT_LINE, &format!("单位: \"岳阳市{escape}示例局\""));
        let (code, err) = check(&src);
        assert_eq!(code, 0, "{escape}: {err}");
        assert!(err.contains(&at(&src, "单位: \"岳阳市")), "{escape}: {err}");
        assert!(
            err.contains(named) && err.contains("已删除"),
            "{escape}: {err}"
        );
    }
    // A tab shows as a space in one format and a tab stop in the other.
    let src = with(DEPT_LINE, "单位: \"岳阳市\\t示例局\"");
    let (code, err) = check(&src);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("U+0009") && err.contains("已改为空格"),
        "{err}"
    );
}

#[test]
fn escaped_characters_in_a_key_are_named_too() {
    let src = with("    编制数: 10", "    编制数: 10\n    \"借调\\x07人数\": 2");
    let (code, err) = check(&src);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&at(&src, "\"借调")), "{err}");
    assert!(err.contains("U+0007"), "{err}");
}

/// A date's year as written: two digits are not a year the report may
/// print as 25年; a date before the year it reports on cannot be its date.
#[test]
fn a_date_that_cannot_be_is_an_error() {
    let line = "报告日期: 2025-03-20                     # 选填：报告落款日期，格式 年-月-日；不填则落款日期留空，打印后手写";
    for (value, says) in [
        ("25-03-20", "年份要写4位"),
        ("+2025-03-20", "日期格式不对"),
        ("02025-03-20", "年份要写4位"),
        ("2023-12-31", "早于评价年度"),
        ("2025-02-29", "日期格式不对"),
    ] {
        let src = with(line, &format!("报告日期: {value}"));
        let (code, err) = check(&src);
        assert_eq!(code, 1, "{value}: {err}");
        assert!(err.contains(&at(&src, "报告日期:")), "{value}: {err}");
        assert!(err.contains(says), "{value}: {err}");
    }
    for value in ["2025年3月20日", "2025/3/20", "2025.03.20", "2024-12-31"] {
        let (code, err) = check(&with(line, &format!("报告日期: {value}")));
        assert_eq!(code, 0, "{value}: {err}");
    }
}

/// The lint takes typed U+3000 and NBSP out of a key (a name has no such
/// spaces): each kind it removes is named, not only the first found.
#[test]
fn every_kind_of_space_taken_out_of_a_key_is_named() {
    let src = with(
        "    编制数: 10",
        "    编制数: 10\n    借调\u{3000}人\u{A0}数: 2",
    );
    let (code, err) = check(&src);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&at(&src, "借调")), "{err}");
    assert!(
        err.contains("全角空格（U+3000）、不换行空格（U+00A0），已删除"),
        "{err}"
    );
}

/// A literal block (`|`) keeps its spaces: only the line breaks YAML
/// folds into spaces are taken out between Chinese characters.
#[test]
fn a_literal_block_keeps_the_spaces_between_chinese_words() {
    let d = Dir::new();
    let src = with(
        "其他说明: 无                             # 选填：不填则写“无”",
        "其他说明: |\n  第一 第二 三\n  甲 乙",
    );
    d.write("甲局.yaml", &src);
    d.run(&["甲局.yaml"]).expect(0);
    let text = docx_text(&d.path("output/甲局.docx"));
    assert!(text.contains("第一 第二 三"), "{text}");
    assert!(text.contains("甲 乙"), "{text}");
}

/// A sentence ending in an English colon reads, to YAML, as a name with
/// nothing after it. Where text belongs that is not an entry left blank
/// (which counts as not written): the sentence must not vanish.
#[test]
fn a_sentence_ending_in_a_colon_is_not_dropped() {
    let first = "    - 负责拟订全区科技发展";
    let item = EXAMPLE.lines().find(|l| l.starts_with(first)).unwrap();
    let one_text = "  职能:                                  # 单位主要职能";
    let whole = EXAMPLE.lines().find(|l| l.starts_with(one_text)).unwrap();
    let cases = [
        // A paragraph of a list.
        (
            item.to_string(),
            format!("    - 主要职能如下:\n{item}"),
            "主要职能如下:",
        ),
        // A text written under its key.
        (
            EXAMPLE
                .lines()
                .skip_while(|l| !l.starts_with(one_text))
                .take(7)
                .collect::<Vec<_>>()
                .join("\n"),
            format!("{whole}\n    主要职能如下:"),
            "主要职能如下:",
        ),
    ];
    for (line, new, sentence) in cases {
        let src = with(&line, &new);
        let (code, err) = check(&src);
        assert_eq!(code, 1, "{new}: {err}");
        assert!(err.contains(&at(&src, sentence)), "{new}: {err}");
        assert!(err.contains("中文冒号"), "{new}: {err}");
    }
}

/// An entry left empty counts as not written only when its keys are the
/// contract's (as `gen-report new` writes them): `- 办公经费:` in a list of
/// projects names something, and is not dropped without a word.
#[test]
fn an_empty_entry_under_a_name_of_its_own_is_not_dropped() {
    let first = "    - 名称: 业务工作经费";
    let item = EXAMPLE.lines().find(|l| l.starts_with(first)).unwrap();
    let src = with(item, &format!("    - 办公经费:\n{item}"));
    let (code, err) = check(&src);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&at(&src, "办公经费:")), "{err}");
    assert!(err.contains("办公经费"), "{err}");
    // The blank entry `new` writes is still not written.
    let src = with(item, &format!("    - 名称:\n      金额:\n{item}"));
    let (code, err) = check(&src);
    assert_eq!(code, 0, "{err}");
}

/// `名称:值` without a space is read as `名称: 值`, with a warning, only
/// where YAML itself would read the line as text. A line with a `: ` later
/// is already `名称: 值` to YAML, its name holding the first colon; and a
/// `#` after the colon would turn the rest into a comment if a space were
/// put in. Both are read as written (seed 6122026 of the text fuzz).
#[test]
fn a_colon_without_a_space_is_not_repaired_into_a_comment() {
    let d = Dir::new();
    let src = with(
        "    编制数: 10",
        "    编制数: 10\n    借调:#临时: 2\n    外聘:2",
    );
    d.write("甲局.yaml", &src);
    let err = d.run(&["甲局.yaml"]).expect(0).stderr();
    assert!(!err.contains("“借调”的冒号后面没有空格"), "{err}");
    // The line YAML reads as text is still put right, with its warning.
    assert!(err.contains("“外聘”的冒号后面没有空格"), "{err}");
    let text = docx_text(&d.path("output/甲局.docx"));
    assert!(text.contains("借调:#临时2人"), "{text}");
    assert!(text.contains("外聘2人"), "{text}");
}
