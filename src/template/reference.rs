//! The reference of every variable a template may use: its path in the
//! context (the serialized [`Report`](crate::model::Report)), what it
//! holds, and an example value from a sample file. `docs/模板变量.md` is
//! generated from it; tests hold it to the report's fields and to every
//! variable the built-in templates use.

use serde_json::Value;
use std::collections::BTreeMap;

/// Every variable, with what it holds. `[]` is each entry of a list.
pub const VARIABLES: &[(&str, &str)] = &[
    ("unit", "金额单位：万元 或 元（按文件所写）"),
    ("year", "评价年度"),
    ("dept", "单位全称"),
    ("code", "单位编码（预算编码），没写时为空"),
    ("date", "报告日期，没写时为空"),
    ("date.year", "报告日期的年"),
    ("date.month", "报告日期的月"),
    ("date.day", "报告日期的日"),
    ("cn", "中文数字：cn[3] 是“三”（1 到 20）"),
    ("cover", "封面（表格式用）"),
    ("cover.region", "封面的地区，没写时为空"),
    ("cover.method", "评价方式，没写时为空"),
    ("cover.agency", "评价机构，没写时为空"),
    ("cover.maker", "制表单位，没写时为空"),
    ("overview", "一、基本情况"),
    ("overview.duties", "职能段落的清单"),
    ("overview.duties[]", "一条职能"),
    ("overview.internal", "内设机构名称清单（只写个数时为空）"),
    ("overview.internal_count", "内设机构个数"),
    ("overview.secondary", "二级机构名称清单（只写个数时为空）"),
    ("overview.secondary_count", "二级机构个数"),
    ("overview.staff", "人员情况"),
    ("overview.staff.quota", "编制数"),
    ("overview.staff.active", "在职人数"),
    ("overview.staff.retired", "退休人数"),
    ("overview.staff.other", "其他人数"),
    ("overview.staff.actual", "实有人数（没写时为在职人数）"),
    ("overview.staff.any", "是否写了任何人数"),
    (
        "overview.staff.items",
        "写了的人数，按 编制数、在职人数、退休人数、其他人数、其他所写的顺序",
    ),
    ("overview.staff.items[].name", "人数的名称"),
    ("overview.staff.items[].count", "人数"),
    ("overview.staff.extra", "四项之外另写的人数"),
    ("overview.staff.extra[].name", "人数的名称"),
    ("overview.staff.extra[].count", "人数"),
    ("overview.staff.control", "控制率 = 在职人数 ÷ 编制数"),
    ("overview.works", "重点工作清单"),
    ("overview.works[].title", "重点工作的标题，没写时为空"),
    ("overview.works[].content", "重点工作的内容"),
    ("finance", "收支的各项数字（都已算好）"),
    ("finance.budget_initial", "年初预算数"),
    ("finance.budget_full", "全年预算数"),
    (
        "finance.budget_base",
        "算执行率所用的预算数（全年，没有则年初）",
    ),
    (
        "finance.budget_base_name",
        "所用预算数的名称：全年预算数 或 年初预算数",
    ),
    ("finance.executed", "全年执行数（没写时为支出合计）"),
    ("finance.executed_given", "是否写了全年执行数"),
    ("finance.rate", "预算执行率，如 97.77%；没有预算数时为空"),
    ("finance.income", "收入，没写时为空"),
    ("finance.income.total", "收入合计"),
    ("finance.income.items", "收入各项"),
    ("finance.income.items[].name", "收入项的名称"),
    ("finance.income.items[].amount", "金额"),
    ("finance.income.items[].share", "占收入合计的比例"),
    ("finance.basic", "基本支出"),
    ("finance.basic.total", "基本支出合计"),
    ("finance.basic.items", "基本支出各项"),
    ("finance.basic.items[].name", "名称（人员经费、公用经费……）"),
    ("finance.basic.items[].amount", "金额"),
    ("finance.basic.items[].share", "占基本支出的比例"),
    ("finance.basic_share", "基本支出占支出合计的比例"),
    ("finance.projects", "项目支出清单"),
    ("finance.projects[].name", "项目名称"),
    ("finance.projects[].amount", "执行数"),
    ("finance.projects[].budget", "项目预算数，没写时为空"),
    ("finance.projects[].rate", "项目执行率，没有预算时为空"),
    ("finance.projects[].share", "占项目支出的比例"),
    ("finance.projects[].note", "资金用途说明，没写时为空"),
    (
        "finance.projects[].last",
        "上年执行数（上年写了项目清单时）",
    ),
    ("finance.projects_total", "项目支出合计"),
    ("finance.projects_share", "项目支出占支出合计的比例"),
    ("finance.spending", "支出合计"),
    (
        "finance.balance",
        "结余 = 收入合计 − 支出合计，没写收入时为空",
    ),
    ("finance.last", "与上年比较，没写上年时为空"),
    ("finance.last.spending", "支出合计的同比"),
    ("finance.last.basic", "基本支出的同比"),
    ("finance.last.projects", "项目支出的同比"),
    ("finance.last.income", "收入合计的同比"),
    ("finance.last.basic_items", "基本支出各项的同比"),
    ("finance.last.basic_items[].name", "项的名称"),
    ("finance.last.basic_items[].change", "这一项的同比"),
    ("finance.last.project_list", "上年是否写了项目清单"),
    (
        "同比",
        "以下每个同比都有：word 增加/减少/持平、diff 增减额、rate_word 增长/下降、rate 增减率（上年为 0 时为空）、last 上年数",
    ),
    ("finance.sangong", "“三公”经费，没写时为空"),
    ("finance.sangong.budget", "预算数（total 合计、items 各项）"),
    ("finance.sangong.actual", "决算数（total 合计、items 各项）"),
    (
        "finance.sangong.last",
        "上年决算数（total 合计、items 各项）",
    ),
    (
        "finance.sangong.rows",
        "三栏逐项：name、budget、actual、last",
    ),
    ("finance.sangong.change", "决算的同比"),
    ("finance.sangong.rate", "决算 ÷ 预算"),
    (
        "finance.gov_fund",
        "政府性基金预算支出（total、items），0 或没写时为空",
    ),
    (
        "finance.state_capital",
        "国有资本经营预算支出（total、items），0 或没写时为空",
    ),
    (
        "finance.social_insurance",
        "社会保险基金预算支出（total、items），0 或没写时为空",
    ),
    (
        "finance.procurement",
        "政府采购（total、items），没写时为空",
    ),
    ("finance.assets", "年末资产，没写时为空"),
    ("finance.assets.total", "资产总额"),
    ("finance.assets.liabilities", "负债总额"),
    ("finance.assets.net", "净资产 = 资产总额 − 负债总额"),
    (
        "finance.econ",
        "支出经济分类（total、items 各项带 share），没写时为空",
    ),
    (
        "合计与各项",
        "finance 下的 total 是合计；items 是各项，每项 name、amount，有的带 share",
    ),
    ("scores", "绩效指标和得分（都已算好）"),
    ("scores.goal_expected", "年度总体目标：预期"),
    ("scores.goal_achieved", "年度总体目标：实际完成"),
    ("scores.notes", "指标.说明 的段落"),
    ("scores.scored", "是否有分值得分（没有评分表时为假）"),
    ("scores.rate_weight", "预算执行率的分值"),
    ("scores.rate_score", "预算执行率的得分"),
    (
        "scores.rate_rule_score",
        "按规则算出的执行率得分（与所写不同时才有）",
    ),
    ("scores.total", "总分"),
    ("scores.grade", "等级：写了的照写的，算出的为 优/良/中/差"),
    ("scores.grade_short", "等级的一字写法：优/良/中/差"),
    ("scores.grade_long", "等级的两字写法：优秀/良好/中等/较差"),
    ("scores.item_count", "三级指标条数"),
    ("scores.groups", "一级指标清单"),
    ("scores.groups[].name", "一级指标名称（产出、效益、满意度）"),
    ("scores.groups[].weight", "一级的分值（其下各项之和）"),
    ("scores.groups[].score", "一级的得分"),
    ("scores.groups[].scored_here", "是否在一级打分"),
    ("scores.groups[].rows", "一级下的三级指标行数"),
    ("scores.groups[].notes", "一级的说明段落"),
    ("scores.groups[].subs", "二级指标清单"),
    ("scores.groups[].subs[].name", "二级指标名称"),
    ("scores.groups[].subs[].weight", "二级的分值"),
    ("scores.groups[].subs[].score", "二级的得分"),
    ("scores.groups[].subs[].scored_here", "是否在二级打分"),
    ("scores.groups[].subs[].notes", "二级的说明段落"),
    ("scores.groups[].subs[].items", "三级指标清单"),
    ("scores.groups[].subs[].items[].name", "三级指标名称"),
    ("scores.groups[].subs[].items[].target", "指标值"),
    ("scores.groups[].subs[].items[].actual", "完成值"),
    (
        "scores.groups[].subs[].items[].weight",
        "分值（在三级打分时）",
    ),
    (
        "scores.groups[].subs[].items[].score",
        "得分（在三级打分时）",
    ),
    (
        "scores.groups[].subs[].items[].deviation",
        "偏差原因，没写时为空",
    ),
    ("scores.groups[].subs[].items[].lost", "是否扣了分"),
    ("scores.rows", "自评表的各行（三级指标，带合并信息）"),
    ("scores.rows[].group", "一级指标名称"),
    (
        "scores.rows[].group_first",
        "是否一级的第一行（合并单元格从这里开始）",
    ),
    ("scores.rows[].sub", "二级指标名称"),
    ("scores.rows[].sub_first", "是否二级的第一行"),
    ("scores.rows[].name", "三级指标名称"),
    ("scores.rows[].target", "指标值"),
    ("scores.rows[].actual", "完成值"),
    ("scores.rows[].deviation", "偏差原因"),
    (
        "scores.rows[].weight",
        "这一格的分值（在二级或一级打分时是合并格的分值）",
    ),
    ("scores.rows[].score", "这一格的得分"),
    (
        "scores.rows[].score_first",
        "分值得分格是否从这一行开始（否则向上合并）",
    ),
    ("problems", "存在的问题，段落清单"),
    ("measures", "改进措施，段落清单"),
    ("application", "结果应用，没写时为空"),
    ("other", "其他说明，没写时为空"),
    ("sign", "签字栏"),
    ("sign.filler", "填表人"),
    ("sign.phone", "联系电话"),
    ("sign.head", "单位负责人"),
    ("sign.leader", "评价组组长"),
    ("sign.dept_opinion", "部门意见"),
    ("sign.finance_opinion", "财政部门意见"),
    ("sign.evaluators", "评价人员清单"),
    ("sign.evaluators[].name", "姓名"),
    ("sign.evaluators[].title", "职务"),
    ("sign.evaluators[].unit", "工作单位"),
];

/// Entries that describe a shape many variables share, not one variable.
const SHARED: [&str; 2] = ["同比", "合计与各项"];

/// Paths below these are described by their parent and the shared
/// entries (a 同比's fields, a breakdown's total and items).
const SHAPES: [&str; 11] = [
    "finance.last.",
    "finance.sangong.budget.",
    "finance.sangong.actual.",
    "finance.sangong.last.",
    "finance.sangong.rows[].",
    "finance.sangong.change.",
    "finance.gov_fund.",
    "finance.state_capital.",
    "finance.social_insurance.",
    "finance.procurement.",
    "finance.econ.",
];

/// Whether `path` is covered by the reference: listed, or under a shape.
pub fn covered(path: &str) -> bool {
    if let Some(list) = path.strip_suffix("[]") {
        // A list's entry: described with the list.
        return covered(list);
    }
    VARIABLES.iter().any(|(p, _)| *p == path)
        || SHAPES.iter().any(|s| path.starts_with(s))
        || path.starts_with("finance.projects[].last")
}

/// The context's paths with a first non-empty example value each, over
/// the given reports' contexts (`[]` for a list's entries).
pub fn paths(contexts: &[(String, Value)]) -> BTreeMap<String, Option<(String, String)>> {
    fn walk(
        v: &Value,
        path: &str,
        file: &str,
        out: &mut BTreeMap<String, Option<(String, String)>>,
    ) {
        let child = |k: &str| match path {
            "" => k.to_string(),
            _ => format!("{path}.{k}"),
        };
        match v {
            Value::Object(m) => {
                if !path.is_empty() {
                    out.entry(path.to_string()).or_insert(None);
                }
                for (k, x) in m {
                    walk(x, &child(k), file, out);
                }
            }
            Value::Array(items) => {
                out.entry(path.to_string()).or_insert(None);
                for x in items {
                    walk(x, &format!("{path}[]"), file, out);
                }
            }
            Value::Null => {
                out.entry(path.to_string()).or_insert(None);
            }
            other => {
                let shown = match other {
                    Value::String(s) => s.chars().take(30).collect(),
                    x => x.to_string(),
                };
                let slot = out.entry(path.to_string()).or_insert(None);
                if slot.is_none() {
                    *slot = Some((shown, file.to_string()));
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for (file, v) in contexts {
        walk(v, "", file, &mut out);
    }
    out
}

/// The reference as a Markdown page.
pub fn markdown(contexts: &[(String, Value)]) -> String {
    let seen = paths(contexts);
    let mut out = String::from(
        "# 模板变量\n\n\
         模板（`report.tera`）能用的全部变量。数字都已算好、按报告的格式写成文字（金额“860.90”、\
         比率“97.77%”、得分“98”）；“为空”的变量在模板里用 `{% if 变量 %}` 判断。`[]` 表示清单中的每一条\
         （`{% for p in finance.projects %}` 里写 `p.name`）。示例值取自 `data/示例县/`、`examples/` 和\
         `tests/data/` 的样例文件。\n\n\
         本页由 `UPDATE_EXPECT=1 cargo test` 生成，请勿手改。\n\n\
         | 变量 | 内容 | 示例 |\n| --- | --- | --- |\n",
    );
    for (path, about) in VARIABLES {
        let example = match seen.get(*path) {
            Some(Some((v, file))) => {
                format!("{} （{file}）", v.replace('|', "\\|").replace('\n', " "))
            }
            _ if SHARED.contains(path) || *path == "cn" => String::new(),
            _ => "（样例中为空或是分项）".into(),
        };
        out.push_str(&format!("| `{path}` | {about} | {example} |\n"));
    }
    out
}
