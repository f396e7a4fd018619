//! The table: every key of a department's file, once (contract §1, §6).
//!
//! A key's `doc` is what the officer reads beside it in the file `new`
//! writes, in the editor (schema) and in the docs; keep it one line.

use super::{Blank, Field, Shape};

// ---- 概况 (一、部门（单位）基本情况) ----

pub const DUTIES: Field = Field::new(
    "职能",
    "单位主要职能：每条一段，报告中编号为 (1)(2)…",
    Shape::Paragraphs,
);
pub const INTERNAL: Field = Field::new("内设机构", "内设机构名称清单，或只写个数", Shape::Units)
    .example("[办公室, 财务股]")
    .blank(Blank::Value("[]"));
pub const SECONDARY: Field = Field::new(
    "二级机构",
    "下属二级机构（事业单位）名称清单，或只写个数；没有就保留 []",
    Shape::Units,
)
.example("5")
.blank(Blank::Value("[]"));
pub const ORGS: Field = Field::new("机构", "机构设置", Shape::Map(&[INTERNAL, SECONDARY]));
pub const QUOTA: Field = Field::new("编制数", "核定编制数（人）", Shape::Count).example("10");
pub const ACTIVE: Field =
    Field::new("在职人数", "年末实有在职人数（人）", Shape::Count).example("13");
pub const RETIRED: Field = Field::new("退休人数", "离退休人数（人）", Shape::Count);
pub const OTHER_STAFF: Field = Field::new("其他人数", "临聘、借调等其他人员（人）", Shape::Count);
/// The four head counts of §1, printed first and in this order; any other
/// integer key of 人员 follows in the order written (§6.4).
pub const STAFF_COUNTS: &[Field] = &[QUOTA, ACTIVE, RETIRED, OTHER_STAFF];
pub const STAFF: Field = Field::new(
    "人员",
    "人员情况，都写整数；还可加 实有人数、行政编制、事业编制 等其他人数",
    Shape::MapOpen(STAFF_COUNTS, &Shape::Count),
);
pub const WORK_TITLE: Field = Field::new("标题", "一句话概括这项工作", Shape::Line);
pub const WORK_CONTENT: Field = Field::new("内容", "具体做法和成效", Shape::Text);
pub const WORKS: Field = Field::new(
    "重点工作",
    "本年度重点工作：每条一句话，或分 标题 和 内容",
    Shape::List(&Shape::Either(
        &Shape::Text,
        &Shape::Map(&[WORK_TITLE, WORK_CONTENT]),
    )),
);
pub const OVERVIEW: Field = Field::new(
    "概况",
    "一、部门（单位）基本情况",
    Shape::Map(&[DUTIES, ORGS, STAFF, WORKS]),
)
.section("一、部门（单位）基本情况");

// ---- 收支 (二～五、预算收支情况) ----

pub const UNIT: Field = Field::new(
    "金额单位",
    "本文件所有金额的单位：万元（默认）或 元",
    Shape::Word(&["万元", "元"]),
)
.blank(Blank::Value("万元"));
pub const BUDGET_INITIAL: Field =
    Field::new("年初预算数", "年初人大批复的预算数", Shape::Amount).example("281.98");
pub const BUDGET_FULL: Field = Field::new(
    "全年预算数",
    "年中调整、追加后的全年预算数；执行率 = 支出合计 ÷ 全年预算数，由工具计算",
    Shape::Amount,
)
.example("880.57");
pub const EXECUTED: Field = Field::new(
    "全年执行数",
    "全年执行数；写了就按它计算执行率",
    Shape::Amount,
);
pub const BUDGET: Field = Field::new(
    "预算",
    "预算数，至少写 年初预算数 或 全年预算数；没有预算数时整项不写（报告不算执行率）",
    Shape::Map(&[BUDGET_INITIAL, BUDGET_FULL, EXECUTED]),
);
pub const INCOME: Field = Field::new(
    "收入",
    "本年收入，按资金来源逐项列出；名称可按本单位实际增减，合计由工具计算",
    Shape::Tree,
)
.blank(Blank::Entries(&[
    ("上年结转", "0", ""),
    ("一般公共预算拨款", "0", ""),
    ("其他收入", "0", ""),
]));
pub const BASIC: Field = Field::new(
    "基本支出",
    "基本支出，通常分 人员经费 和 公用经费，需要时可再细分",
    Shape::Tree,
)
.required()
.example("{人员经费: 177.57, 公用经费: 15.56}")
.blank(Blank::Entries(&[
    ("人员经费", "0", "工资福利支出、对个人和家庭的补助等"),
    ("公用经费", "0", "办公费、水电费、差旅费等日常运转支出"),
]));
pub const NAME: Field = Field::new("名称", "项目名称", Shape::Line)
    .required()
    .example("业务工作经费");
pub const AMOUNT: Field = Field::new("金额", "本年实际支出（执行数）", Shape::Amount)
    .required()
    .example("667.10");
pub const PROJECT_BUDGET: Field = Field::new("预算", "该项目的预算数", Shape::Amount);
pub const NOTE: Field = Field::new("说明", "资金主要用途", Shape::Text);
pub const PROJECT: &[Field] = &[NAME, AMOUNT, PROJECT_BUDGET, NOTE];
pub const PROJECTS: Field = Field::new(
    "项目支出",
    "项目支出清单，每个项目一条；没有项目时写 项目支出: [] 或整项不写",
    Shape::List(&Shape::Map(PROJECT)),
);
pub const SPENDING: Field = Field::new(
    "支出合计",
    "支出合计（会核对：基本支出合计 + 项目支出合计）",
    Shape::Amount,
)
.stated();
pub const PROJECTS_TOTAL: Field = Field::new(
    "项目支出合计",
    "项目支出合计（会核对：各项目金额之和）",
    Shape::Amount,
)
.stated();
pub const BALANCE: Field =
    Field::new("结余", "结余（会核对：收入合计 − 支出合计）", Shape::Amount).stated();
pub const LAST_INCOME: Field =
    Field::new("收入", "上年收入合计，或像本年一样分项列出", Shape::Tree);
pub const LAST_BASIC: Field = Field::new(
    "基本支出",
    "上年基本支出合计，或分项 {人员经费: 数字, 公用经费: 数字}",
    Shape::Tree,
);
pub const LAST_PROJECTS: Field = Field::new(
    "项目支出",
    "上年项目支出清单（也可只写 项目支出合计）",
    Shape::List(&Shape::Map(PROJECT)),
)
.blank(Blank::Omit);
pub const LAST_PROJECTS_TOTAL: Field =
    Field::new("项目支出合计", "上年项目支出总额", Shape::Amount);
pub const LAST_SPENDING: Field = Field::new(
    "支出合计",
    "上年支出合计（会核对：上年基本支出 + 上年项目支出）",
    Shape::Amount,
)
.stated();
pub const LAST: Field = Field::new(
    "上年",
    "上年决算数，用于写出“比上年增加/减少……”；不需要可整段删除",
    Shape::Map(&[
        LAST_INCOME,
        LAST_BASIC,
        LAST_PROJECTS,
        LAST_PROJECTS_TOTAL,
        LAST_SPENDING,
    ]),
);
/// The three columns of “三公”经费 are written alike.
const SANGONG_ITEMS: Blank =
    Blank::Value("{因公出国（境）费: 0, 公务用车购置及运行维护费: 0, 公务接待费: 0}");
pub const SANGONG_BUDGET: Field = Field::new(
    "预算",
    "本年“三公”经费预算数，按 因公出国（境）费、公务用车购置及运行维护费、公务接待费 列",
    Shape::Tree,
)
.blank(SANGONG_ITEMS);
pub const SANGONG_ACTUAL: Field =
    Field::new("决算", "本年“三公”经费实际支出", Shape::Tree).blank(SANGONG_ITEMS);
pub const SANGONG_LAST: Field =
    Field::new("上年决算", "上年“三公”经费实际支出，用于同比", Shape::Tree).blank(SANGONG_ITEMS);
pub const SANGONG: Field = Field::new(
    "三公经费",
    "“三公”经费；三栏写法相同，合计由工具计算",
    Shape::Map(&[SANGONG_BUDGET, SANGONG_ACTUAL, SANGONG_LAST]),
);
pub const GOV_FUND: Field = Field::new(
    "政府性基金预算支出",
    "政府性基金预算支出；没有写 0，报告中写“无”；有的话写一个数或分项列明",
    Shape::Tree,
)
.blank(Blank::Value("0"));
pub const STATE_CAPITAL: Field = Field::new(
    "国有资本经营预算支出",
    "国有资本经营预算支出；没有写 0",
    Shape::Tree,
)
.blank(Blank::Value("0"));
pub const SOCIAL_INSURANCE: Field = Field::new(
    "社会保险基金预算支出",
    "社会保险基金预算支出；没有写 0",
    Shape::Tree,
)
.blank(Blank::Value("0"));
pub const PROCUREMENT: Field = Field::new(
    "政府采购",
    "本年政府采购实际金额，按 货物、工程、服务 列",
    Shape::Tree,
)
.blank(Blank::Value("{货物: 0, 工程: 0, 服务: 0}"));
pub const ASSETS_TOTAL: Field = Field::new("资产总额", "年末资产总额", Shape::Amount);
pub const LIABILITIES: Field =
    Field::new("负债总额", "年末负债总额；净资产由工具计算", Shape::Amount);
pub const ASSETS: Field = Field::new(
    "资产",
    "年末资产和负债；净资产由工具计算",
    Shape::Map(&[ASSETS_TOTAL, LIABILITIES]),
);
pub const ECON: Field = Field::new(
    "支出经济分类",
    "支出经济分类（工资福利支出、商品和服务支出……）；合计须等于支出合计，会核对",
    Shape::Tree,
)
.stated()
.example("{工资福利支出: 0, 商品和服务支出: 0, 对个人和家庭的补助: 0, 资本性支出: 0}");
pub const FINANCE: Field = Field::new(
    "收支",
    "二～五、预算收支情况",
    Shape::Map(&[
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
    ]),
)
.required()
.section("二～五、预算收支情况");
/// Stated subtotals inside an amount tree (contract §2): not keys of the
/// table, since an amount tree's names are the officer's own.
pub const SUBTOTALS: &[&str] = &["合计", "小计"];

// ---- 指标 (六、绩效情况 and the 自评表) ----

pub const GOAL_EXPECTED: Field = Field::new("预期", "年初预期目标", Shape::Text);
pub const GOAL_ACHIEVED: Field = Field::new("完成", "实际完成情况", Shape::Text);
pub const GOAL: Field = Field::new(
    "总体目标",
    "自评表中的“年度总体目标”",
    Shape::Map(&[GOAL_EXPECTED, GOAL_ACHIEVED]),
);
pub const WEIGHT: Field = Field::new("分值", "分值（权重）", Shape::Score).example("10");
pub const SCORE: Field = Field::new("得分", "自评得分，0 到分值之间", Shape::Score);
pub const RATE_WEIGHT: Field = Field::new(
    "分值",
    "预算执行率的分值（权重），通常为 10；得分由工具按规则计算（每偏离100%满2个百分点扣1分）",
    Shape::Score,
)
.required()
.example("10")
.blank(Blank::Value("10"));
pub const RATE_SCORE: Field = Field::new(
    "得分",
    "得分；不写则由工具按规则计算（写了与规则不同时会提示）",
    Shape::Score,
)
.stated();
pub const RATE: Field = Field::new(
    "预算执行率",
    "预算执行率指标；没有预算数时不写",
    Shape::Map(&[RATE_WEIGHT, RATE_SCORE]),
);
pub const NOTES: Field = Field::new(
    "说明",
    "本单位对绩效情况的分析，每条一段，印在报告六",
    Shape::Paragraphs,
);
pub const TOTAL: Field = Field::new(
    "总分",
    "总分（会核对：预算执行率得分 + 各项得分）",
    Shape::Score,
)
.stated();
pub const GRADE: Field = Field::new(
    "等级",
    "等级（会核对；可写 优/优秀、良/良好、中/中等、差/较差，照写的打印）",
    Shape::Word(&["优", "优秀", "良", "良好", "中", "中等", "差", "较差"]),
)
.stated();
pub const INDICATORS: Field = Field::new(
    "指标",
    "六、绩效情况 与 附件“部门整体支出绩效自评表”",
    Shape::Indicators(&[GOAL, RATE, NOTES, TOTAL, GRADE]),
)
.required()
.section("六、绩效情况 与 附件“部门整体支出绩效自评表”");

/// A 三级 indicator row.
/// Not required: real forms have rows without a name (contract §6.7 warns
/// about one that carries a score).
pub const ITEM_NAME: Field =
    Field::new("名称", "三级指标名称", Shape::Line).example("大力培养规模工业企业");
pub const TARGET: Field =
    Field::new("指标值", "年度指标值（目标），按文字原样显示", Shape::Text).example("\"≥5家\"");
pub const ACTUAL: Field =
    Field::new("完成值", "实际完成值，按文字原样显示", Shape::Text).example("\"6家\"");
pub const DEVIATION: Field = Field::new("偏差", "偏差原因分析及改进措施", Shape::Text);
pub const ITEM: &[Field] = &[ITEM_NAME, TARGET, ACTUAL, WEIGHT, SCORE, DEVIATION];
/// A 二级 written as a map (§6.1).
pub const SUB_WEIGHT: Field = Field::new(
    "分值",
    "这一个二级指标的分值（其下三级指标不写分值、得分）",
    Shape::Score,
);
pub const SUB_SCORE: Field = Field::new("得分", "这一个二级指标的得分", Shape::Score);
pub const SUB_NOTES: Field = Field::new("说明", "这一组指标的说明，印在报告六", Shape::Paragraphs);
pub const ROWS: Field = Field::new("指标", "三级指标清单", Shape::List(&Shape::Map(ITEM)));
pub const SUB: &[Field] = &[SUB_WEIGHT, SUB_SCORE, SUB_NOTES, ROWS];
/// A 一级's own keys besides its 二级 names.
pub const GROUP_WEIGHT: Field = Field::new(
    "分值",
    "这一个一级指标的分值（在这一级打分时），或其下分值之和（选填，会核对）",
    Shape::Score,
);
pub const GROUP_SCORE: Field = Field::new(
    "得分",
    "这一个一级指标的得分（在这一级打分时）",
    Shape::Score,
);
pub const GROUP: &[Field] = &[GROUP_WEIGHT, GROUP_SCORE, SUB_NOTES];
/// Stand-ins for the catalogue's names in paths and docs.
pub const GROUP_NAME: &str = "<一级>";
pub const SUB_NAME: &str = "<二级>";
pub const GROUP_FIELD: Field = Field::new(
    GROUP_NAME,
    "一级指标（产出、效益、满意度），其下是二级指标",
    Shape::Map(GROUP),
);
pub const SUB_FIELD: Field = Field::new(
    SUB_NAME,
    "二级指标：三级指标清单，或在这一级打分时写成 {分值, 得分, 说明, 指标}",
    Shape::Either(&Shape::List(&Shape::Map(ITEM)), &Shape::Map(SUB)),
);

// ---- 签字 ----

pub const FILLER: Field = Field::new("填表人", "填表人姓名", Shape::Line);
pub const PHONE: Field =
    Field::new("联系电话", "联系电话，请加英文双引号", Shape::Line).example("\"0730-8418758\"");
pub const HEAD: Field = Field::new("单位负责人", "单位负责人姓名", Shape::Line);
pub const LEADER: Field = Field::new("评价组组长", "绩效自评工作小组组长", Shape::Line);
pub const DEPT_OPINION: Field = Field::new(
    "部门意见",
    "部门（单位）意见，表格式报告印在签章栏内；不写则留空手填",
    Shape::Text,
);
pub const FINANCE_OPINION: Field = Field::new(
    "财政部门意见",
    "财政部门归口业务股室意见，表格式报告印在签章栏内；不写则留空手填",
    Shape::Text,
);
pub const PERSON: Field = Field::new("姓名", "姓名", Shape::Line)
    .required()
    .example("李四");
pub const TITLE: Field = Field::new("职务", "职务", Shape::Line);
pub const PERSON_UNIT: Field = Field::new("单位", "工作单位", Shape::Line);
pub const EVALUATORS: Field = Field::new(
    "评价人员",
    "评价工作小组成员，每人一条",
    Shape::List(&Shape::Map(&[PERSON, TITLE, PERSON_UNIT])),
);
pub const SIGN: Field = Field::new(
    "签字",
    "签字栏",
    Shape::Map(&[
        FILLER,
        PHONE,
        HEAD,
        LEADER,
        EVALUATORS,
        DEPT_OPINION,
        FINANCE_OPINION,
    ]),
)
.section("签字栏");

// ---- 封面 (the form-style report's cover, contract §6.5) ----

pub const REGION: Field = Field::new(
    "地区",
    "封面标题中的地区，如 岳阳市云溪区；不写则标题不加地区",
    Shape::Line,
)
.example("岳阳市云溪区");
pub const METHOD: Field = Field::new(
    "评价方式",
    "评价方式；不写则为“部门（单位）绩效自评”",
    Shape::Line,
);
pub const AGENCY: Field = Field::new(
    "评价机构",
    "评价机构；不写则为“部门（单位）评价组”",
    Shape::Line,
);
pub const MAKER: Field = Field::new(
    "制表单位",
    "制表单位，封面底部印作“××（制）”；不写则不印这一行",
    Shape::Line,
)
.example("岳阳市云溪区财政局");
pub const COVER: Field = Field::new(
    "封面",
    "表格式报告（--template 表格式）的封面；默认的湖南式报告不用",
    Shape::Map(&[REGION, METHOD, AGENCY, MAKER]),
)
.section("封面（只有表格式报告用）");

// ---- The whole file ----

pub const YEAR: Field = Field::new("年度", "评价年度，4位年份", Shape::Year)
    .required()
    .example("2024");
pub const DEPT: Field = Field::new("单位", "单位全称，与公章一致", Shape::Line)
    .required()
    .example("示例县教育局");
pub const CODE: Field = Field::new(
    "单位编码",
    "预算单位编码，请加英文双引号，保留开头的0",
    Shape::Line,
)
.example("\"101001\"");
pub const DATE: Field = Field::new(
    "报告日期",
    "报告落款日期，年-月-日；不写则落款日期留空，打印后手写",
    Shape::Date,
)
.example("2025-03-20");
pub const PROBLEMS: Field = Field::new(
    "问题",
    "存在的问题及原因分析：每条一段，报告中自动编号",
    Shape::Paragraphs,
)
.section("七、存在的问题及原因分析");
pub const MEASURES: Field = Field::new(
    "措施",
    "下一步改进措施：每条一段，最好与上面的问题一一对应",
    Shape::Paragraphs,
)
.section("八、下一步改进措施");
pub const APPLICATION: Field = Field::new(
    "结果应用",
    "绩效自评结果拟应用和公开情况；不写则使用模板中的标准段落",
    Shape::Text,
)
.section("九、绩效自评结果拟应用和公开情况");
pub const OTHER: Field = Field::new("其他说明", "其他需要说明的情况；不写则为“无”", Shape::Text)
    .section("十、其他需要说明的情况");

/// The whole file.
pub const TOP: &[Field] = &[
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
    COVER,
];
