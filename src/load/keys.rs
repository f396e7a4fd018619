//! The contract's key names (SPEC §1 and §6), in one place.
//!
//! The loader walks the file with these; the model and its messages name
//! keys through them too, so a renamed key cannot drift between stages.

// Top level.
pub const YEAR: &str = "年度";
pub const DEPT: &str = "单位";
pub const CODE: &str = "单位编码";
pub const DATE: &str = "报告日期";
pub const OVERVIEW: &str = "概况";
pub const FINANCE: &str = "收支";
pub const INDICATORS: &str = "指标";
pub const PROBLEMS: &str = "问题";
pub const MEASURES: &str = "措施";
pub const APPLICATION: &str = "结果应用";
pub const OTHER: &str = "其他说明";
pub const SIGN: &str = "签字";
pub const TOP: &[&str] = &[
    YEAR,
    DEPT,
    CODE,
    DATE,
    OVERVIEW,
    FINANCE,
    INDICATORS,
    PROBLEMS,
    MEASURES,
    APPLICATION,
    OTHER,
    SIGN,
];

// 概况.
pub const DUTIES: &str = "职能";
pub const ORGS: &str = "机构";
pub const STAFF: &str = "人员";
pub const WORKS: &str = "重点工作";
pub const OVERVIEW_KEYS: &[&str] = &[DUTIES, ORGS, STAFF, WORKS];
pub const INTERNAL: &str = "内设机构";
pub const SECONDARY: &str = "二级机构";
pub const ORG_KEYS: &[&str] = &[INTERNAL, SECONDARY];
pub const QUOTA: &str = "编制数";
pub const ACTIVE: &str = "在职人数";
pub const RETIRED: &str = "退休人数";
pub const OTHER_STAFF: &str = "其他人数";
/// The four head counts of §1, printed first and in this order; any other
/// integer key of 人员 follows in the order written (§6.4).
pub const STAFF_KEYS: &[&str] = &[QUOTA, ACTIVE, RETIRED, OTHER_STAFF];
pub const WORK_TITLE: &str = "标题";
pub const WORK_CONTENT: &str = "内容";
pub const WORK_KEYS: &[&str] = &[WORK_TITLE, WORK_CONTENT];

// 收支.
pub const UNIT: &str = "金额单位";
pub const BUDGET: &str = "预算";
pub const INCOME: &str = "收入";
pub const BASIC: &str = "基本支出";
pub const PROJECTS: &str = "项目支出";
pub const SPENDING: &str = "支出合计";
pub const PROJECTS_TOTAL: &str = "项目支出合计";
pub const BALANCE: &str = "结余";
pub const LAST: &str = "上年";
pub const SANGONG: &str = "三公经费";
pub const GOV_FUND: &str = "政府性基金预算支出";
pub const STATE_CAPITAL: &str = "国有资本经营预算支出";
pub const SOCIAL_INSURANCE: &str = "社会保险基金预算支出";
pub const PROCUREMENT: &str = "政府采购";
pub const ASSETS: &str = "资产";
pub const ECON: &str = "支出经济分类";
pub const FINANCE_KEYS: &[&str] = &[
    UNIT,
    BUDGET,
    INCOME,
    BASIC,
    PROJECTS,
    SPENDING,
    PROJECTS_TOTAL,
    BALANCE,
    LAST,
    SANGONG,
    GOV_FUND,
    STATE_CAPITAL,
    SOCIAL_INSURANCE,
    PROCUREMENT,
    ASSETS,
    ECON,
];
pub const BUDGET_INITIAL: &str = "年初预算数";
pub const BUDGET_FULL: &str = "全年预算数";
pub const EXECUTED: &str = "全年执行数";
pub const BUDGET_KEYS: &[&str] = &[BUDGET_INITIAL, BUDGET_FULL, EXECUTED];
pub const NAME: &str = "名称";
pub const AMOUNT: &str = "金额";
pub const NOTE: &str = "说明";
pub const PROJECT_KEYS: &[&str] = &[NAME, AMOUNT, BUDGET, NOTE];
pub const LAST_KEYS: &[&str] = &[INCOME, BASIC, PROJECTS, PROJECTS_TOTAL, SPENDING];
pub const SANGONG_BUDGET: &str = "预算";
pub const SANGONG_ACTUAL: &str = "决算";
pub const SANGONG_LAST: &str = "上年决算";
pub const SANGONG_KEYS: &[&str] = &[SANGONG_BUDGET, SANGONG_ACTUAL, SANGONG_LAST];
pub const ASSETS_TOTAL: &str = "资产总额";
pub const LIABILITIES: &str = "负债总额";
pub const ASSET_KEYS: &[&str] = &[ASSETS_TOTAL, LIABILITIES];
/// Stated subtotals inside an amount tree (§2).
pub const SUBTOTALS: &[&str] = &["合计", "小计"];

// 指标.
pub const GOAL: &str = "总体目标";
pub const GOAL_EXPECTED: &str = "预期";
pub const GOAL_ACHIEVED: &str = "完成";
pub const GOAL_KEYS: &[&str] = &[GOAL_EXPECTED, GOAL_ACHIEVED];
pub const RATE: &str = "预算执行率";
pub const TOTAL: &str = "总分";
pub const GRADE: &str = "等级";
/// 指标's own keys; the 一级 names come from the catalogue.
pub const INDICATOR_KEYS: &[&str] = &[GOAL, RATE, NOTE, TOTAL, GRADE];
pub const WEIGHT: &str = "分值";
pub const SCORE: &str = "得分";
pub const RATE_KEYS: &[&str] = &[WEIGHT, SCORE];
/// A 一级's own keys besides its 二级 names (§6.1).
pub const GROUP_KEYS: &[&str] = &[WEIGHT, SCORE, NOTE];
/// The rows of a 二级 written as a map (§6.1).
pub const ROWS: &str = "指标";
pub const SUB_KEYS: &[&str] = &[WEIGHT, SCORE, NOTE, ROWS];
pub const TARGET: &str = "指标值";
pub const ACTUAL: &str = "完成值";
pub const DEVIATION: &str = "偏差";
pub const ITEM_KEYS: &[&str] = &[NAME, TARGET, ACTUAL, WEIGHT, SCORE, DEVIATION];

// 签字.
pub const FILLER: &str = "填表人";
pub const PHONE: &str = "联系电话";
pub const HEAD: &str = "单位负责人";
pub const LEADER: &str = "评价组组长";
pub const EVALUATORS: &str = "评价人员";
pub const SIGN_KEYS: &[&str] = &[FILLER, PHONE, HEAD, LEADER, EVALUATORS];
pub const PERSON: &str = "姓名";
pub const TITLE: &str = "职务";
pub const PERSON_UNIT: &str = "单位";
pub const EVALUATOR_KEYS: &[&str] = &[PERSON, TITLE, PERSON_UNIT];

/// Every key name of the contract (for recognising a key typed with a
/// full-width colon or without the space after its colon).
pub fn all() -> impl Iterator<Item = &'static str> {
    [
        TOP,
        OVERVIEW_KEYS,
        ORG_KEYS,
        STAFF_KEYS,
        &[WORK_TITLE, WORK_CONTENT],
        FINANCE_KEYS,
        BUDGET_KEYS,
        PROJECT_KEYS,
        SANGONG_KEYS,
        ASSET_KEYS,
        SUBTOTALS,
        GOAL_KEYS,
        INDICATOR_KEYS,
        SUB_KEYS,
        ITEM_KEYS,
        SIGN_KEYS,
        EVALUATOR_KEYS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The keys a contract key's map may hold, for telling a key indented one
/// level too shallow from a typo.
pub fn children(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        OVERVIEW => OVERVIEW_KEYS,
        ORGS => ORG_KEYS,
        STAFF => STAFF_KEYS,
        FINANCE => FINANCE_KEYS,
        BUDGET => BUDGET_KEYS,
        LAST => LAST_KEYS,
        SANGONG => SANGONG_KEYS,
        ASSETS => ASSET_KEYS,
        GOAL => GOAL_KEYS,
        RATE => RATE_KEYS,
        SIGN => SIGN_KEYS,
        _ => return None,
    })
}
