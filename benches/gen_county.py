#!/usr/bin/env python3
"""Generate made-up, arithmetically consistent department YAML files for benchmarks.

    python3 benches/gen_county.py OUT_DIR [-n 300] [--seed 1]

Writes N department files (contract §1) under OUT_DIR/<县>/…, towns under
OUT_DIR/<县>/乡镇/, so a folder run also exercises layout keeping. Output is
deterministic for a seed, and department i does not depend on N: the files of
`-n 20` are the first 20 of `-n 300`.

Every file follows contract §2–§3: amounts are generated as integers of cents and
written with 2 decimals, so every stated total is an exact sum; weights
(预算执行率 + all 三级 分值) total 100; every 得分 lies in [0, 分值]; about half
the files state 总分 and 等级, and those equal 执行率得分 (by the 湖南 rule) +
Σ 三级 得分. Sizes vary: 2–25 projects, 10–20 三级 indicators; some files have
上年 figures, 三公经费, 二级机构, 评价人员, 政府采购, 资产, a 政府性基金 tree, amounts
in 元, a non-standard weight split, 执行率 slightly above 100% or 在职人数 above
编制数 (the warning cases). Check the output with scripts/check_data.py.

Python 3 standard library only.
"""

import argparse
import json
import math
import random
import sys
from fractions import Fraction
from pathlib import Path

COUNTIES = ["示例县", "青石县", "云溪县", "白沙县", "临江县", "安平县", "丰乐县", "永和县",
            "桃源县", "长宁县", "清河县", "石门县"]

# department -> (职能 domain word, project names specific to it)
DEPTS = {
    "教育局": ("教育", ["义务教育学校公用经费", "学前教育发展资金", "学生资助资金", "营养改善计划", "校舍维修改造", "教师培训经费", "教育信息化建设"]),
    "财政局": ("财政", ["财政信息化建设", "预算绩效管理工作经费", "政府采购监管经费", "国库集中支付运行维护", "财政投资评审经费"]),
    "民政局": ("民政", ["城乡低保资金", "特困人员救助供养", "临时救助资金", "养老服务体系建设", "殡葬改革经费", "社会组织管理经费"]),
    "人力资源和社会保障局": ("人力资源和社会保障", ["就业补助资金", "职业技能培训", "劳动保障监察经费", "人事考试经费", "根治欠薪工作经费"]),
    "自然资源局": ("自然资源", ["国土空间规划编制", "耕地保护与土地整治", "不动产登记工作经费", "地质灾害防治", "自然资源执法监察"]),
    "住房和城乡建设局": ("住房和城乡建设", ["老旧小区改造", "农村危房改造", "城市管理维护经费", "建筑市场监管", "保障性住房建设"]),
    "交通运输局": ("交通运输", ["农村公路养护", "公路安全生命防护工程", "客运站运营补助", "治超工作经费", "道路运输管理经费"]),
    "水利局": ("水利", ["小型水库除险加固", "农村饮水安全维修养护", "防汛抗旱经费", "河湖长制工作经费", "水土保持治理"]),
    "农业农村局": ("农业农村", ["高标准农田建设", "耕地地力保护补贴", "农机购置补贴", "动物疫病防控", "农产品质量安全监管", "农村人居环境整治"]),
    "卫生健康局": ("卫生健康", ["基本公共卫生服务", "重大传染病防控", "计划生育奖励扶助", "乡村医生补助", "卫生监督执法"]),
    "退役军人事务局": ("退役军人事务", ["优抚对象抚恤补助", "退役士兵安置", "军休服务管理", "烈士纪念设施保护"]),
    "应急管理局": ("应急管理", ["安全生产监管执法", "应急救援物资储备", "森林防火经费", "防灾减灾宣传"]),
    "审计局": ("审计", ["审计业务经费", "政府投资项目审计", "审计信息化建设"]),
    "统计局": ("统计", ["统计调查经费", "经济普查经费", "统计执法检查"]),
    "市场监督管理局": ("市场监督管理", ["食品安全抽检", "特种设备安全监管", "知识产权保护", "计量检定经费"]),
    "文化旅游广电局": ("文化旅游广电", ["公共文化服务体系建设", "非物质文化遗产保护", "旅游宣传推介", "文物保护", "应急广播建设"]),
    "林业局": ("林业", ["森林防火", "生态公益林补偿", "植树造林", "松材线虫病防治", "林业执法"]),
    "司法局": ("司法", ["法律援助经费", "人民调解经费", "社区矫正经费", "普法宣传经费"]),
    "发展和改革局": ("发展和改革", ["重点项目前期工作经费", "价格监测经费", "粮食储备管理", "以工代赈项目"]),
    "科技和工业信息化局": ("科技和工业信息化", ["企业服务工作经费", "科技创新专项", "中小企业发展资金", "科技特派员工作经费"]),
    "商务局": ("商务", ["招商引资工作经费", "电子商务进农村", "外贸发展资金", "消费促进活动经费"]),
    "生态环境分局": ("生态环境", ["大气污染防治", "水污染防治", "环境监测经费", "环境执法经费"]),
    "医疗保障局": ("医疗保障", ["医保基金监管经费", "医疗救助资金", "医保经办服务经费"]),
    "档案馆": ("档案", ["馆藏档案数字化", "档案征集经费", "档案库房维护"]),
    "机关事务服务中心": ("机关事务", ["公共机构节能", "办公用房维修", "公务用车平台运行"]),
    "融媒体中心": ("新闻宣传", ["新闻采编经费", "融媒体平台建设", "广播电视节目制作"]),
    "城市管理和综合执法局": ("城市管理", ["环卫保洁作业经费", "市政设施维护", "园林绿化养护", "城管执法经费"]),
    "妇女联合会": ("妇女儿童", ["妇女儿童权益维护", "巾帼建功活动", "春蕾计划"]),
    "共青团委员会": ("共青团", ["青少年活动经费", "志愿服务经费", "希望工程助学"]),
    "总工会": ("工会", ["困难职工帮扶", "职工技能竞赛", "工会阵地建设"]),
}
GENERIC_PROJECTS = ["业务工作经费", "专项工作经费", "信息化建设运维", "办公设备购置", "会议培训经费",
                    "宣传工作经费", "执法装备购置", "档案整理经费", "党建工作经费", "安全生产工作经费",
                    "乡村振兴驻村工作经费", "政策研究经费", "法律顾问服务费", "网络安全等级保护",
                    "政务服务窗口运行", "综合治理经费", "课题调研经费", "其他资金", "办公楼维修改造",
                    "疫情防控物资", "统计调查经费", "督查考核经费", "文明创建经费", "人才引进经费",
                    "第三方评估服务费"]
TOWN_PROJECTS = ["村级组织运转经费", "村干部报酬补助", "农村环境卫生整治", "防汛抗旱及应急管理",
                 "乡村振兴衔接资金", "农村公路养护", "综治维稳经费", "镇村文化体育活动",
                 "农村饮水安全维护", "美丽屋场建设", "森林防火经费", "计生服务经费"]
TOWN_FIRST = "青石白云清东西南北新安平长丰永桃杨柳金龙凤花黄红"
TOWN_SECOND = "山河田塘湾坪桥岭冲溪口江湖源洲峰市港铺"
SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = ["建国", "志刚", "丽华", "海燕", "国平", "红梅", "卫东", "小兰", "明辉", "静", "勇",
         "晓燕", "建军", "秀英", "德明", "雅琴", "立新", "春林", "婷", "伟", "芳", "涛", "敏",
         "志远", "慧敏", "少华", "梦瑶", "国栋", "文斌", "玉兰", "喆", "堃", "昇", "赟", "珺", "翀"]
INNER = ["办公室", "财务股", "政策法规股", "综合业务股", "规划发展股", "行政审批股", "督查股",
         "人事股", "宣传教育股", "安全监管股", "信息中心", "执法大队", "项目管理股", "综合服务股"]
TOWN_INNER = ["党政综合办公室", "经济发展办公室", "社会事务办公室", "平安建设办公室",
              "自然资源和生态环境办公室", "公共服务中心"]
DUTIES = [
    "贯彻执行国家和省、市有关{d}工作的方针政策和法律法规，拟订全县{d}发展规划和年度计划并组织实施。",
    "负责全县{d}领域的统筹协调和监督管理，研究提出{d}工作的政策措施，协调解决工作中的重大问题。",
    "负责本部门预算编制和资金管理，监督检查{d}专项资金的使用，组织开展绩效评价。",
    "负责全县{d}领域的宣传教育、信息化建设和统计分析工作。",
    "指导乡镇和有关单位开展{d}工作，负责{d}领域的安全生产和行政执法。",
    "负责{d}方面的行政审批和公共服务，优化办事流程，提高服务效能。",
    "完成县委、县人民政府交办的其他任务。",
]
TOWN_DUTIES = [
    "贯彻执行党和国家的路线方针政策和法律法规，执行县委、县人民政府的决定，制定和组织实施本{t}经济社会发展规划。",
    "负责本{t}农业农村工作，巩固拓展脱贫攻坚成果，推进乡村振兴和农村人居环境整治。",
    "负责本{t}社会事务和公共服务，做好民政、社保、医保、教育、卫生、文化等工作。",
    "负责本{t}平安建设、综合治理、应急管理、防汛抗旱和安全生产工作，维护社会稳定。",
    "指导村（居）民委员会工作，加强基层政权建设和村级组织建设。",
]
WORK_TITLES = ["强化统筹调度，重点任务全面完成", "聚焦民生实事，服务质效持续提升",
               "加强项目管理，资金效益不断提高", "深化改革创新，发展活力不断增强",
               "压实安全责任，风险防控扎实有效", "加强队伍建设，履职能力明显提升"]
WORK_BODIES = ["全年完成{d}重点项目{a}个，完成投资{b}万元，均按计划推进。",
               "开展专项行动{a}次，发现并整改问题{b}个，整改完成率100%。",
               "全年办理各类业务{b}件，按时办结率{p}%，群众满意度进一步提高。",
               "组织业务培训{a}期、培训{b}人次，干部队伍业务能力明显提升。"]
PROBLEMS = [
    "预算编制的精准度有待提高。年中追加调整的资金较多，部分项目年初预算与实际需求存在差距。",
    "预算执行进度不均衡。部分项目前期工作准备不足，资金支付集中在第四季度。",
    "绩效目标设置不够科学。部分绩效指标以定性描述为主，量化程度不高，难以准确衡量资金使用效果。",
    "缺少专门的绩效管理人才。绩效管理工作主要由财务人员兼任，业务股室参与不够。",
    "项目资金监管有待加强。个别项目资料归档不及时、不规范。",
    "资产管理有待规范。部分资产账实不符，资产信息更新不及时。",
]
MEASURES = [
    "结合上年预算执行情况和本年工作计划科学编制预算，力求精准，尽量减少调项和追加，保持预算执行的严肃性。",
    "建立项目资金支付进度台账，按月调度，督促项目实施单位加快实施进度。",
    "加强绩效管理业务培训，建立财务股室与业务股室共同参与的绩效目标编制机制，提高指标的细化、量化程度。",
    "加强项目全过程监管，规范项目资料管理，确保资金使用安全高效。",
    "开展资产清查，完善资产管理制度，做到账实相符、账账相符。",
    "将绩效评价结果与下年度预算安排挂钩，对绩效不高的项目相应压减预算。",
]
DEVIATIONS = [
    "部分任务受天气影响延期完成；下一步将合理安排工作进度，确保按期完成。",
    "上级资金下达较晚，项目实施时间不足；下一步将提前做好项目前期准备。",
    "实施过程中方案调整，进度滞后；下一步将加强前期论证，减少方案变更。",
    "个别环节衔接不畅，部分指标未达预期；下一步将完善工作机制，加强督促检查。",
    "基层工作力量不足，任务完成不够理想；下一步将充实人员力量，加强业务培训。",
]
# 二级 -> templates (name, 指标值 maker, 完成值 maker); {x} = the subject word
QUANTITY = ["{x}项目完成数量", "{x}服务对象覆盖人数", "{x}专项检查次数", "{x}培训人次", "{x}宣传活动场次",
            "{x}资金惠及户数", "{x}台账建立数量", "{x}政策文件制定数量"]
QUALITY = ["{x}项目验收合格率", "{x}资金发放准确率", "{x}问题整改完成率", "{x}档案资料规范率", "{x}执法案件合格率"]
TIMELY = ["{x}资金拨付及时率", "{x}项目按期完成率", "{x}事项按时办结率"]
COST = ["{x}经费支出控制", "{x}项目成本控制", "“三公”经费控制"]
BENEFIT = {
    "经济效益": ["{x}对地方经济发展的促进作用", "{x}带动社会投资"],
    "社会效益": ["{x}公共服务水平提升", "{x}群众获得感提升", "{x}安全事故发生起数", "{x}政策知晓率"],
    "生态效益": ["{x}生态环境改善", "{x}节能降耗成效"],
    "可持续影响": ["{x}长效机制建立", "对{x}事业长期发展的促进作用"],
}
SATISFACTION = ["服务对象满意度", "群众满意度", "{x}受益对象满意度", "企业满意度"]

TWO_LEVELS = {"产出": ["数量", "质量", "时效", "成本"],
              "效益": ["经济效益", "社会效益", "生态效益", "可持续影响"],
              "满意度": ["服务对象满意度"]}
GRADE_WORDS = {"优": ["优", "优秀"], "良": ["良", "良好"], "中": ["中", "中等"], "差": ["差", "较差"]}
SANGONG = ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]


# --------------------------------------------------------------------------
# YAML writing

YAML11_WORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}


def q(s, flow=False):
    """A YAML scalar for text s: plain when safe, else double-quoted."""
    s = str(s)
    special = (not s or s[0] in "0123456789-?:,[]{}#&*!|>'\"%@`~+. " or s[-1] == " "
               or ":" in s or "#" in s or "\"" in s or "\\" in s or "\n" in s
               or s.lower() in YAML11_WORDS
               or (flow and any(c in s for c in ",[]{}")))
    return json.dumps(s, ensure_ascii=False) if special else s


def money(c):
    """Cents -> text with 2 decimals."""
    return f"{c // 100}.{c % 100:02d}"


def score_text(half_points):
    """A score kept in half points -> '7' or '7.5'."""
    return str(half_points // 2) + (".5" if half_points % 2 else "")


def flow_map(d):
    return "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"


# --------------------------------------------------------------------------
# The arithmetic (same rules as scripts/check_data.py)

def exec_score(spend, budget, weight):
    rate = Fraction(spend * 100, budget)
    return max(0, weight - math.floor(abs(rate - 100) / 2))


def grade(total):
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def split(rng, total, parts, minimum=2):
    """A random composition of integer total into `parts` parts, each >= minimum."""
    spare = total - parts * minimum
    cuts = sorted(rng.randint(0, spare) for _ in range(parts - 1))
    bounds = [0, *cuts, spare]
    return [minimum + bounds[i + 1] - bounds[i] for i in range(parts)]


def log_cents(rng, lo, hi):
    """Cents, log-uniform between lo and hi (in units)."""
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi))) * 100))


# --------------------------------------------------------------------------
# One department

def units(seed):
    """Every (county, unit name, is_town) the generator can use, in the order of
    the seed. Any 40 consecutive entries are 40 different kinds of unit (30
    departments and 10 towns), each county in turn, so a small -n still varies."""
    towns = {}
    for county in COUNTIES:
        trng = random.Random("towns-" + county)
        names = set()
        while len(names) < 10:
            names.add(trng.choice(TOWN_FIRST) + trng.choice(TOWN_SECOND) + trng.choice("镇镇乡"))
        towns[county] = sorted(names)
    slots = [(d, False) for d in DEPTS] + [(k, True) for k in range(10)]
    rng = random.Random(f"order-{seed}")
    rng.shuffle(slots)
    counties = COUNTIES[:]
    rng.shuffle(counties)
    out = []
    for i in range(len(slots) * len(counties)):
        a, b = i % len(slots), i // len(slots)
        kind, town = slots[a]
        county = counties[(a + b) % len(counties)]
        out.append((county, county + (towns[county][kind] + "人民政府" if town else kind), town))
    return out


def name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def department(rng, county, unit, town, year, tag):
    L = []  # output lines
    kind = unit[len(county):]
    domain, specific = (("乡镇", TOWN_PROJECTS) if town else DEPTS[kind])
    subject = domain if not town else "镇村"
    in_yuan = rng.random() < 0.1
    scale = 10000 if in_yuan else 1  # amounts below are drawn in 万元, then scaled
    unit_word = "元" if in_yuan else "万元"

    def amt(lo, hi):
        c = log_cents(rng, lo, hi) * scale
        if in_yuan:
            c += rng.randint(0, 9999)  # yuan with cents
        return c

    L.append(f"# generated by benches/gen_county.py {tag}: made-up figures, consistent by contract §2–§3")
    L.append(f"年度: {year}")
    L.append(f"单位: {q(unit)}")
    if rng.random() < 0.7:
        L.append(f"单位编码: \"{rng.randint(100000, 999999)}\"")
    if rng.random() < 0.8:
        L.append(f"报告日期: {year + 1}-{rng.randint(3, 5):02d}-{rng.randint(1, 28):02d}")
    L.append("")

    # ---- 概况
    L.append("概况:")
    duties = TOWN_DUTIES if town else DUTIES
    chosen = sorted(rng.sample(range(len(duties)), rng.randint(2, len(duties))))
    level = "镇" if unit.endswith("镇人民政府") else "乡"
    picked = [duties[i].format(d=domain, t=level) for i in chosen]
    if rng.random() < 0.15:
        L.append(f"  职能: {q(''.join(picked))}")
    else:
        L.append("  职能:")
        L += [f"    - {q(p)}" for p in picked]
    L.append("  机构:")
    inner = rng.sample(TOWN_INNER if town else INNER, rng.randint(3, 6))
    if not town and "办公室" not in inner:
        inner[0] = "办公室"
    L.append(f"    内设机构: [{', '.join(q(x, flow=True) for x in inner)}]")
    second = []
    if rng.random() < 0.4:
        pool = ["事务中心", "服务中心", "执法大队", "管理站", "发展中心"]
        second = [f"{unit.removesuffix('人民政府')}{p}" for p in rng.sample(pool, rng.randint(1, 3))]
        L.append(f"    二级机构: [{', '.join(q(x, flow=True) for x in second)}]")
    posts = rng.randint(8, 200)
    staff = posts + rng.randint(1, 6) if rng.random() < 0.08 else max(1, posts - rng.randint(0, posts // 8))
    L.append("  人员:")
    L.append(f"    编制数: {posts}")
    L.append(f"    在职人数: {staff}")
    L.append(f"    退休人数: {rng.randint(0, posts)}")
    if rng.random() < 0.6:
        L.append(f"    其他人数: {rng.randint(0, 20)}")
    L.append("  重点工作:")
    for t in rng.sample(WORK_TITLES, rng.randint(2, 4)):
        body = rng.choice(WORK_BODIES).format(d=domain, a=rng.randint(2, 30), b=rng.randint(50, 5000),
                                              p=rng.randint(95, 100))
        if rng.random() < 0.2:
            L.append(f"    - {q(body)}")
        else:
            L.append(f"    - 标题: {q(t)}")
            L.append(f"      内容: {q(body)}")
    L.append("")

    # ---- 收支 (cents)
    staff_cost = amt(80, 12000)
    public_cost = max(100 * scale, staff_cost * rng.randint(4, 18) // 100)
    nproj = rng.randint(2, 25)
    pool = list(dict.fromkeys(specific + (TOWN_PROJECTS if town else []) + GENERIC_PROJECTS))
    names = rng.sample(specific, min(len(specific), nproj))
    names += rng.sample([p for p in pool if p not in names], nproj - len(names))
    projects = [amt(0.5, 1500) for _ in names]
    plans = [c * rng.randint(100, 115) // 100 for c in projects]  # per-project 预算
    basic = staff_cost + public_cost
    proj_total = sum(projects)
    spend = basic + proj_total

    r = rng.random()  # 执行率 in basis points (10000 = 100%)
    rate_bp = (10000 if r < 0.08 else rng.randint(10001, 10250) if r < 0.14
               else rng.randint(8500, 9499) if r < 0.38 else rng.randint(9500, 9999))
    budget = max(1, (spend * 10000 + rate_bp // 2) // rate_bp)
    budget0 = budget * rng.randint(70, 100) // 100
    only_initial = rng.random() < 0.1
    if only_initial:
        budget0 = budget  # the rate is then taken on 年初预算数

    surplus = rng.randint(0, max(1, spend // 20)) if rng.random() < 0.8 else 0
    income = spend + surplus
    carry = rng.randint(0, income // 10) if rng.random() < 0.6 else 0
    other = rng.randint(0, income // 50) if rng.random() < 0.5 else 0
    general = income - carry - other

    L.append("收支:")
    if in_yuan or rng.random() < 0.3:
        L.append(f"  金额单位: {unit_word}")
    L.append("  预算:")
    L.append(f"    年初预算数: {money(budget0)}")
    if not only_initial:
        L.append(f"    全年预算数: {money(budget)}")
    L.append("  收入:")
    L.append(f"    上年结转: {money(carry)}")
    L.append(f"    一般公共预算拨款: {money(general)}")
    if other or rng.random() < 0.3:
        L.append(f"    其他收入: {money(other)}")
    if rng.random() < 0.3:
        L.append(f"    合计: {money(income)}")
    L.append("  基本支出:")
    if rng.random() < 0.25:
        wages = staff_cost * rng.randint(75, 95) // 100
        L.append("    人员经费:")
        L.append(f"      工资福利支出: {money(wages)}")
        L.append(f"      对个人和家庭的补助: {money(staff_cost - wages)}")
        if rng.random() < 0.5:
            L.append(f"      小计: {money(staff_cost)}")
    else:
        L.append(f"    人员经费: {money(staff_cost)}")
    L.append(f"    公用经费: {money(public_cost)}")
    L.append("  项目支出:")
    for n, c, b in zip(names, projects, plans):
        L.append(f"    - 名称: {q(n)}")
        L.append(f"      金额: {money(c)}")
        if rng.random() < 0.5:
            L.append(f"      预算: {money(b)}")
    if rng.random() < 0.6:
        L.append(f"  支出合计: {money(spend)}")
    if rng.random() < 0.5:
        L.append(f"  项目支出合计: {money(proj_total)}")
    if rng.random() < 0.4:
        L.append(f"  结余: {money(income - spend)}")
    if rng.random() < 0.5:
        L.append("  上年:")
        L.append("    基本支出: " + flow_map({"人员经费": money(staff_cost * rng.randint(85, 115) // 100),
                                          "公用经费": money(public_cost * rng.randint(85, 115) // 100)}))
        L.append(f"    项目支出合计: {money(proj_total * rng.randint(70, 130) // 100)}")
    sangong = None  # (预算 total, 决算 total) in cents, for the “三公”经费控制 indicator
    if rng.random() < 0.5:
        plan = {SANGONG[0]: 0 if rng.random() < 0.9 else rng.randint(1, 8) * 100 * scale,
                SANGONG[1]: rng.choice([0, rng.randint(200, 3000)]) * scale,
                SANGONG[2]: rng.randint(50, 1000) * scale}
        actual = {k: v * rng.randint(50, 100) // 100 for k, v in plan.items()}
        sangong = (sum(plan.values()), sum(actual.values()))
        L.append("  三公经费:")
        L.append("    预算: " + flow_map({k: money(v) for k, v in plan.items()}))
        L.append("    决算: " + flow_map({k: money(v) for k, v in actual.items()}))
        if rng.random() < 0.5:
            L.append("    上年决算: " + flow_map({k: money(v * rng.randint(80, 120) // 100) for k, v in actual.items()}))
    r = rng.random()
    if r < 0.1:
        a, b = projects[0] * rng.randint(30, 100) // 100, projects[-1] * rng.randint(30, 100) // 100
        L.append("  政府性基金预算支出:")
        L.append(f"    国有土地使用权出让收入安排的支出: {money(a)}")
        L.append(f"    其他政府性基金支出: {money(b)}")
        if rng.random() < 0.5:
            L.append(f"    合计: {money(a + b)}")
    elif r < 0.5:
        L.append("  政府性基金预算支出: 0")
    if rng.random() < 0.3:
        L.append("  国有资本经营预算支出: 0")
        L.append("  社会保险基金预算支出: 0")
    if rng.random() < 0.4:
        L.append("  政府采购: " + flow_map({k: money(proj_total * rng.choice([0, rng.randint(1, 30)]) // 100)
                                         for k in ("货物", "工程", "服务")}))
    if rng.random() < 0.4:
        assets = amt(50, 50000)
        L.append("  资产: " + flow_map({"资产总额": money(assets),
                                       "负债总额": money(assets * rng.randint(0, 120) // 100)}))
    L.append("")

    # ---- 指标 (scores kept in half points)
    standard = rng.random() < 0.9
    w_exec, w_out, w_ben, w_sat = (10, 50, 30, 10) if standard else rng.choice(
        [(20, 40, 30, 10), (10, 40, 40, 10), (15, 45, 30, 10), (10, 60, 20, 10)])
    n_items = rng.randint(10, 20)
    n_sat = rng.randint(1, 2)
    n_ben = rng.randint(3, min(6, n_items - n_sat - 5))
    n_out = n_items - n_sat - n_ben
    tiers = {"产出": (w_out, n_out), "效益": (w_ben, n_ben), "满意度": (w_sat, n_sat)}
    budget_base = budget if not only_initial else budget0
    exec_half = 2 * exec_score(spend, budget_base, w_exec)
    total_half = exec_half
    L.append("指标:")
    if rng.random() < 0.6:
        L.append("  总体目标:")
        L.append(f"    预期: {q(f'全面履行{domain}工作职责，保障各项重点工作顺利开展，提高财政资金使用效益。')}")
        L.append(f"    完成: {q(f'全年各项{domain}重点工作按计划推进，主要绩效目标基本完成。')}")
    taken = set()  # 三级 names used so far
    L.append("  预算执行率:")
    L.append(f"    分值: {w_exec}")
    for tier, (weight, count) in tiers.items():
        L.append(f"  {tier}:")
        if rng.random() < 0.3:
            L.append(f"    分值: {weight}")
        weights = split(rng, weight, count)
        seconds = TWO_LEVELS[tier]
        # assign the indicators, in order, to a non-empty run of 二级 keys
        used = sorted(rng.sample(range(len(seconds)), min(len(seconds), count, rng.randint(1, len(seconds)))))
        cuts = sorted(rng.sample(range(1, count), len(used) - 1)) if len(used) > 1 else []
        bounds = [0, *cuts, count]
        for si, sec in enumerate(used):
            L.append(f"    {seconds[sec]}:")
            for w in weights[bounds[si]:bounds[si + 1]]:
                item, half = indicator(rng, tier, seconds[sec], subject, w, taken, sangong, unit_word,
                                       list(zip(names, projects, plans)))
                total_half += half
                L += item
    if rng.random() < 0.5:
        total = Fraction(total_half, 2)
        L.append(f"  总分: {score_text(total_half)}")
        L.append(f"  等级: {rng.choice(GRADE_WORDS[grade(total)])}")
    L.append("")

    # ---- 问题, 措施, 结果应用, 其他说明, 签字
    L.append("问题:")
    L += [f"  - {q(p)}" for p in rng.sample(PROBLEMS, rng.randint(1, 3))]
    L.append("措施:")
    L += [f"  - {q(m)}" for m in rng.sample(MEASURES, rng.randint(1, 3))]
    if rng.random() < 0.4:
        L.append(f"结果应用: {q(f'本单位{year}年度部门整体支出绩效自评结果将作为以后年度预算编制和项目安排的重要依据，并按规定在{county}人民政府门户网站公开，接受社会监督。')}")
    if rng.random() < 0.3:
        L.append("其他说明: 无")
    L.append("")
    L.append("签字:")
    filler, head = name(rng), name(rng)
    L.append(f"  填表人: {q(filler)}")
    L.append(f"  联系电话: \"0739-5{rng.randint(0, 999999):06d}\"")
    L.append(f"  单位负责人: {q(head)}")
    if rng.random() < 0.5:
        L.append(f"  评价组组长: {q(head)}")
        L.append("  评价人员:")
        short = unit.removesuffix("人民政府")
        members = [(head, "主要负责人"), *((name(rng), rng.choice(["副职", "股长", "副主任", "工作人员"]))
                                        for _ in range(rng.randint(0, 3))), (filler, "财务负责人")]
        for who, job in members:
            L.append("    - " + flow_map({"姓名": q(who, True), "职务": q(job, True), "单位": q(short, True)}))
    return "\n".join(L) + "\n"


def indicator(rng, tier, second, subject, weight, taken, sangong, unit_word, projects):
    """Lines of one 三级 indicator and its 得分 in half points."""
    if tier == "满意度":
        pool = SATISFACTION
    elif tier == "效益":
        pool = BENEFIT[second]
    else:
        pool = {"数量": QUANTITY, "质量": QUALITY, "时效": TIMELY, "成本": COST}[second]
    if sangong is None:
        pool = [t for t in pool if not t.startswith("“三公”")]
    # the subject is the department's field or one of its projects; a few
    # tries for a name not used yet in this file
    for _ in range(12):
        project = rng.choice(projects) if rng.random() < 0.5 else None
        nm = rng.choice(pool).format(x=project[0] if project else subject)
        if nm not in taken:
            break
    else:
        nm = f"{nm}（{len(taken) + 1}）"
    taken.add(nm)
    three = nm.startswith("“三公”") and sangong is not None  # shows the real 三公 figures
    # deduct sometimes, in half points, never below 0
    lost = 0
    if rng.random() < 0.25 and not three:
        lost = rng.randint(1, max(1, min(2 * weight, 2 * weight // 2 + 1)))
    half = 2 * weight - lost
    short = lost > 0
    if tier == "满意度" or second in ("质量",) or nm.endswith("率"):
        target = rng.choice([90, 95, 98, 100])
        done = (target - rng.randint(1, 8)) if short else rng.randint(target, 100)
        want, got = (f"≥{target}%" if target < 100 else "100%"), f"{done}%"
    elif three:
        want, got = f"≤{money(sangong[0])}{unit_word}", f"{money(sangong[1])}{unit_word}"
    elif second == "成本" and project and not short:  # that project's 预算 and 金额
        want, got = f"≤{money(project[2])}{unit_word}", f"{money(project[1])}{unit_word}"
    elif second == "成本":  # a unit cost
        cap = rng.randint(5, 500)
        spent = cap + rng.randint(1, 20) if short else rng.randint(max(1, cap // 2), cap)
        u = rng.choice(["元/人次", "元/户", "元/场", "元/件"])
        want, got = f"≤{cap}{u}", f"{spent}{u}"
    elif tier == "效益":
        want, got = rng.choice([("定性", "有效提升"), ("持续改善", "明显改善"), ("有效促进", "有效促进")])
        if short:
            got = "有所改善"
    else:
        target = rng.randint(5, 5000)
        done = target - rng.randint(1, max(1, target // 5)) if short else target + rng.randint(0, target // 4)
        u = rng.choice(["个", "次", "人次", "户", "场", "件"])
        want, got = f"≥{target}{u}", f"{done}{u}"
    lines = [f"      - 名称: {q(nm)}",
             f"        指标值: {json.dumps(want, ensure_ascii=False)}",
             f"        完成值: {json.dumps(got, ensure_ascii=False)}",
             f"        分值: {weight}",
             f"        得分: {score_text(half)}"]
    if short:
        lines.append(f"        偏差: {q(rng.choice(DEVIATIONS))}")
    elif rng.random() < 0.7:
        lines.append("        偏差: 无偏差")
    return lines, half


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("-n", type=int, default=300, help="number of departments (default 300)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args(argv)
    if args.n < 0:
        ap.error("-n must be >= 0")
    all_units = units(args.seed)
    out = Path(args.out_dir)
    for i in range(args.n):
        county, unit, town = all_units[i % len(all_units)]
        if i >= len(all_units):  # past every name: repeat them in numbered counties
            k = i // len(all_units) + 1
            unit = unit.replace(county, f"{county[:-1]}{k}县", 1)
            county = f"{county[:-1]}{k}县"
        rng = random.Random(f"{args.seed}-{i}")
        year = 2024 if rng.random() < 0.85 else 2023
        text = department(rng, county, unit, town, year, f"--seed {args.seed} (#{i})")
        path = out / county / ("乡镇" if town else "") / f"{unit}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {args.n} department file(s) under {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
