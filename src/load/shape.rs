//! The department file's shape for editors and for `gen-report new`: every
//! key of [`keys`](super::keys) with its type and its Chinese explanation.
//!
//! The key names are the loader's own constants, and a test walks this
//! shape against the loader's key lists, so the JSON Schema built from it
//! (`starter::schema`) cannot drift from what the validator accepts.

use super::keys as k;

/// What a value may be.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A non-negative integer (head counts, 年度).
    Count,
    /// A year, 1949–2200.
    Year,
    /// Text on one line (names, numbers kept as written).
    Line,
    /// Text that may span lines.
    Text,
    /// A date, 年-月-日.
    Date,
    /// A non-negative amount (万元 or 元).
    Amount,
    /// An amount tree (SPEC §2): a number, or named amount trees.
    Tree,
    /// A score, 分值 or 得分.
    Score,
    /// One of these words.
    Word(&'static [&'static str]),
    /// Paragraphs: a list of texts, or one text.
    Paragraphs,
    /// Names, or only their count (§6.4).
    Units,
    /// A map with these keys.
    Map(&'static [Field]),
    /// A map with these keys, plus any further key of the given shape.
    MapOpen(&'static [Field], &'static Shape),
    /// A list of these.
    List(&'static Shape),
    /// Either of these.
    Either(&'static Shape, &'static Shape),
    /// 指标's 一级 → 二级 → 三级 tree, its names from the catalogue.
    Indicators(&'static [Field]),
}

/// One key of a map.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub doc: &'static str,
    pub shape: Shape,
    pub required: bool,
    /// A figure the tool checks against others when written (a stated
    /// total, §2; 支出经济分类), or another way of writing a key: left out
    /// of `new`'s file, which leaves nothing to contradict.
    pub stated: bool,
}

const fn f(key: &'static str, doc: &'static str, shape: Shape) -> Field {
    Field {
        key,
        doc,
        shape,
        required: false,
        stated: false,
    }
}

const fn required(key: &'static str, doc: &'static str, shape: Shape) -> Field {
    Field {
        required: true,
        ..f(key, doc, shape)
    }
}

const fn stated(key: &'static str, doc: &'static str, shape: Shape) -> Field {
    Field {
        stated: true,
        ..f(key, doc, shape)
    }
}

const WORK: &[Field] = &[
    f(k::WORK_TITLE, "一句话概括这项工作", Shape::Line),
    required(k::WORK_CONTENT, "具体做法和成效", Shape::Text),
];
const ORGS: &[Field] = &[
    f(k::INTERNAL, "内设机构名称清单，或只写个数", Shape::Units),
    f(
        k::SECONDARY,
        "下属二级机构（事业单位）名称清单，或只写个数",
        Shape::Units,
    ),
];
const STAFF: &[Field] = &[
    f(k::QUOTA, "核定编制数（人）", Shape::Count),
    f(k::ACTIVE, "年末实有在职人数（人）", Shape::Count),
    f(k::RETIRED, "离退休人数（人）", Shape::Count),
    f(k::OTHER_STAFF, "临聘、借调等其他人员（人）", Shape::Count),
];
const OVERVIEW: &[Field] = &[
    f(
        k::DUTIES,
        "单位主要职能：每条一段，报告中编号为 (1)(2)…",
        Shape::Paragraphs,
    ),
    f(k::ORGS, "机构设置", Shape::Map(ORGS)),
    f(
        k::STAFF,
        "人员情况，都写整数；还可加 实有人数、行政编制、事业编制 等其他人数",
        Shape::MapOpen(STAFF, &Shape::Count),
    ),
    f(
        k::WORKS,
        "本年度重点工作：每条一句话，或分 标题 和 内容",
        Shape::List(&Shape::Either(&Shape::Text, &Shape::Map(WORK))),
    ),
];
const BUDGET: &[Field] = &[
    f(k::BUDGET_INITIAL, "年初人大批复的预算数", Shape::Amount),
    f(
        k::BUDGET_FULL,
        "年中调整、追加后的全年预算数；执行率按它计算",
        Shape::Amount,
    ),
    f(
        k::EXECUTED,
        "全年执行数；写了就按它计算执行率",
        Shape::Amount,
    ),
];
const PROJECT: &[Field] = &[
    required(k::NAME, "项目名称", Shape::Line),
    required(k::AMOUNT, "本年实际支出（执行数）", Shape::Amount),
    f(k::BUDGET, "该项目的预算数", Shape::Amount),
    f(k::NOTE, "资金主要用途", Shape::Text),
];
const PROJECTS: Shape = Shape::List(&Shape::Map(PROJECT));
const LAST: &[Field] = &[
    f(k::INCOME, "上年收入，写法同本年收入", Shape::Tree),
    f(k::BASIC, "上年基本支出，写法同本年基本支出", Shape::Tree),
    stated(
        k::PROJECTS,
        "上年项目支出清单（也可只写 项目支出合计）",
        PROJECTS,
    ),
    f(k::PROJECTS_TOTAL, "上年项目支出总额", Shape::Amount),
    stated(k::SPENDING, "上年支出合计（选填，会核对）", Shape::Amount),
];
const SANGONG: &[Field] = &[
    f(
        k::SANGONG_BUDGET,
        "本年“三公”经费预算数，按 因公出国（境）费、公务用车购置及运行维护费、公务接待费 列",
        Shape::Tree,
    ),
    f(k::SANGONG_ACTUAL, "本年“三公”经费实际支出", Shape::Tree),
    f(
        k::SANGONG_LAST,
        "上年“三公”经费实际支出，用于同比",
        Shape::Tree,
    ),
];
const ASSETS: &[Field] = &[
    f(k::ASSETS_TOTAL, "年末资产总额", Shape::Amount),
    f(
        k::LIABILITIES,
        "年末负债总额；净资产由工具计算",
        Shape::Amount,
    ),
];
const FINANCE: &[Field] = &[
    f(
        k::UNIT,
        "本文件所有金额的单位：万元（默认）或 元",
        Shape::Word(&["万元", "元"]),
    ),
    f(
        k::BUDGET,
        "预算数；没有预算数时整项不写（报告不算执行率）",
        Shape::Map(BUDGET),
    ),
    f(
        k::INCOME,
        "本年收入，按资金来源逐项列出；合计由工具计算",
        Shape::Tree,
    ),
    required(
        k::BASIC,
        "基本支出，通常分 人员经费 和 公用经费，可再细分",
        Shape::Tree,
    ),
    required(k::PROJECTS, "项目支出清单，每个项目一条", PROJECTS),
    stated(
        k::SPENDING,
        "支出合计（选填，会核对：基本支出合计 + 项目支出合计）",
        Shape::Amount,
    ),
    stated(
        k::PROJECTS_TOTAL,
        "项目支出合计（选填，会核对：各项目金额之和）",
        Shape::Amount,
    ),
    stated(
        k::BALANCE,
        "结余（选填，会核对：收入合计 − 支出合计）",
        Shape::Amount,
    ),
    f(
        k::LAST,
        "上年决算数，用于写出“比上年增加/减少……”",
        Shape::Map(LAST),
    ),
    f(k::SANGONG, "“三公”经费", Shape::Map(SANGONG)),
    f(
        k::GOV_FUND,
        "政府性基金预算支出；没有写 0，报告中写“无”",
        Shape::Tree,
    ),
    f(
        k::STATE_CAPITAL,
        "国有资本经营预算支出；没有写 0",
        Shape::Tree,
    ),
    f(
        k::SOCIAL_INSURANCE,
        "社会保险基金预算支出；没有写 0",
        Shape::Tree,
    ),
    f(
        k::PROCUREMENT,
        "政府采购实际金额，按 货物、工程、服务 列",
        Shape::Tree,
    ),
    f(k::ASSETS, "年末资产和负债", Shape::Map(ASSETS)),
    stated(
        k::ECON,
        "支出经济分类（工资福利支出、商品和服务支出……）；合计须等于支出合计",
        Shape::Tree,
    ),
];
const GOAL: &[Field] = &[
    f(k::GOAL_EXPECTED, "年初预期目标", Shape::Text),
    f(k::GOAL_ACHIEVED, "实际完成情况", Shape::Text),
];
const RATE: &[Field] = &[
    required(
        k::WEIGHT,
        "预算执行率的分值（权重），通常为 10",
        Shape::Score,
    ),
    stated(
        k::SCORE,
        "得分；不写则由工具按规则计算（写了与规则不同时会提示）",
        Shape::Score,
    ),
];
/// A 三级 indicator row.
pub const ITEM: &[Field] = &[
    required(k::NAME, "三级指标名称", Shape::Line),
    f(k::TARGET, "年度指标值（目标），按文字原样显示", Shape::Line),
    f(k::ACTUAL, "实际完成值，按文字原样显示", Shape::Line),
    f(k::WEIGHT, "分值（权重）", Shape::Score),
    f(k::SCORE, "自评得分，0 到分值之间", Shape::Score),
    f(k::DEVIATION, "偏差原因分析及改进措施", Shape::Text),
];
/// A 二级 written as a map (§6.1).
pub const SUB: &[Field] = &[
    f(
        k::WEIGHT,
        "这一个二级指标的分值（其下三级指标不写分值、得分）",
        Shape::Score,
    ),
    f(k::SCORE, "这一个二级指标的得分", Shape::Score),
    f(k::NOTE, "这一组指标的说明，印在报告六", Shape::Paragraphs),
    f(k::ROWS, "三级指标清单", Shape::List(&Shape::Map(ITEM))),
];
/// A 一级's own keys besides its 二级 names.
pub const GROUP: &[Field] = &[
    f(
        k::WEIGHT,
        "这一个一级指标的分值（在这一级打分时），或其下分值之和（选填，会核对）",
        Shape::Score,
    ),
    f(
        k::SCORE,
        "这一个一级指标的得分（在这一级打分时）",
        Shape::Score,
    ),
    f(k::NOTE, "这一组指标的说明，印在报告六", Shape::Paragraphs),
];
const GRADES: &[&str] = &["优", "优秀", "良", "良好", "中", "中等", "差", "较差"];
const INDICATORS: &[Field] = &[
    f(k::GOAL, "自评表中的“年度总体目标”", Shape::Map(GOAL)),
    f(k::RATE, "预算执行率指标", Shape::Map(RATE)),
    f(
        k::NOTE,
        "本单位对绩效情况的分析，印在报告六",
        Shape::Paragraphs,
    ),
    stated(k::TOTAL, "总分（选填，会核对）", Shape::Score),
    stated(k::GRADE, "等级（选填，会核对）", Shape::Word(GRADES)),
];
const EVALUATOR: &[Field] = &[
    required(k::PERSON, "姓名", Shape::Line),
    f(k::TITLE, "职务", Shape::Line),
    f(k::PERSON_UNIT, "工作单位", Shape::Line),
];
const SIGN: &[Field] = &[
    f(k::FILLER, "填表人姓名", Shape::Line),
    f(k::PHONE, "联系电话（请加英文双引号）", Shape::Line),
    f(k::HEAD, "单位负责人姓名", Shape::Line),
    f(k::LEADER, "评价组组长", Shape::Line),
    f(
        k::EVALUATORS,
        "评价工作小组成员，每人一条",
        Shape::List(&Shape::Map(EVALUATOR)),
    ),
];

/// The whole file.
pub const TOP: &[Field] = &[
    required(k::YEAR, "评价年度，4位年份", Shape::Year),
    required(k::DEPT, "单位全称，与公章一致", Shape::Line),
    f(
        k::CODE,
        "预算单位编码（请加英文双引号，保留开头的0）",
        Shape::Line,
    ),
    f(
        k::DATE,
        "报告落款日期，年-月-日；不写则落款日期留空",
        Shape::Date,
    ),
    f(
        k::OVERVIEW,
        "一、部门（单位）基本情况",
        Shape::Map(OVERVIEW),
    ),
    required(k::FINANCE, "二～五、预算收支情况", Shape::Map(FINANCE)),
    required(
        k::INDICATORS,
        "六、绩效情况 与 附件“部门整体支出绩效自评表”",
        Shape::Indicators(INDICATORS),
    ),
    f(
        k::PROBLEMS,
        "七、存在的问题及原因分析：每条一段",
        Shape::Paragraphs,
    ),
    f(
        k::MEASURES,
        "八、下一步改进措施：每条一段",
        Shape::Paragraphs,
    ),
    f(
        k::APPLICATION,
        "九、绩效自评结果拟应用和公开情况；不写则用模板中的标准段落",
        Shape::Text,
    ),
    f(
        k::OTHER,
        "十、其他需要说明的情况；不写则为“无”",
        Shape::Text,
    ),
    f(k::SIGN, "签字栏", Shape::Map(SIGN)),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fields: &[Field]) -> Vec<&'static str> {
        fields.iter().map(|f| f.key).collect()
    }

    /// Each map of the shape holds exactly the keys the loader checks it
    /// against, in the same order.
    #[test]
    fn the_shape_has_the_loaders_keys() {
        let pairs: [(&[Field], &[&str]); 17] = [
            (TOP, k::TOP),
            (OVERVIEW, k::OVERVIEW_KEYS),
            (ORGS, k::ORG_KEYS),
            (STAFF, k::STAFF_KEYS),
            (WORK, k::WORK_KEYS),
            (FINANCE, k::FINANCE_KEYS),
            (BUDGET, k::BUDGET_KEYS),
            (PROJECT, k::PROJECT_KEYS),
            (LAST, k::LAST_KEYS),
            (SANGONG, k::SANGONG_KEYS),
            (ASSETS, k::ASSET_KEYS),
            (GOAL, k::GOAL_KEYS),
            (RATE, k::RATE_KEYS),
            (INDICATORS, k::INDICATOR_KEYS),
            (GROUP, k::GROUP_KEYS),
            (SUB, k::SUB_KEYS),
            (ITEM, k::ITEM_KEYS),
        ];
        for (fields, keys) in pairs {
            assert_eq!(names(fields), keys);
        }
        assert_eq!(names(SIGN), k::SIGN_KEYS);
        assert_eq!(names(EVALUATOR), k::EVALUATOR_KEYS);
    }
}
