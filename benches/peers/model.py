"""The peers' shared model: one department's YAML -> every figure its report shows.

A fair peer does the work gen-report's src/model/ does, on exact decimals:
totals of every amount tree (checking each stated 合计/小计, 支出合计,
项目支出合计 and 结余), shares, 执行率 and its score by the 湖南 rule, 同比
changes, 三公 rows, 净资产, 一级/二级 subtotals, 总分 and 等级 (checking the
stated ones). Figures come out as the display text gen-report shows
("860.90", "97.77%", "98"), so a report can be compared figure by figure.

It also lays out the rows of the two tables whose cells merge (附件1 basic data,
附件2 自评表), with a rowspan on the first row of a run and 0 on the rows it
covers: the DOCX peer turns that into w:vMerge, the Typst peer into rowspan.

Needs PyYAML (its libyaml loader when present). No DOCX or Typst here.
"""

import datetime
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

import yaml

TWO = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
GROUPS = ("产出", "效益", "满意度")
SANGONG = ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """Safe loader that reads every YAML float as an exact Decimal of its source text."""


Loader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: Decimal(node.value))


class DataError(Exception):
    """A stated total that disagrees with its parts (gen-report refuses such a file too)."""


# --------------------------------------------------------------------------
# Display: rounding half away from zero, 2 places, once (src/model/num.rs)

def round2(d):
    return d.quantize(TWO, rounding=ROUND_HALF_UP)


def amount(d):
    r = round2(d)
    return f"{(r if r else ZERO):.2f}"


def pct_shown(ratio):
    return round2(ratio * HUNDRED)


def percent(part, whole):
    """part ÷ whole as "97.77%", or None when whole is zero."""
    if not whole:
        return None
    r = pct_shown(part / whole)
    return f"{(r if r else ZERO):.2f}%"


def score(d):
    return format(round2(d).normalize(), "f")


def dec(v):
    if isinstance(v, bool) or v is None:
        raise DataError(f"not an amount: {v!r}")
    return v if isinstance(v, Decimal) else Decimal(v)


def text(v):
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def paragraphs(v):
    if v is None:
        return []
    if isinstance(v, list):
        return [t for t in (text(x) for x in v) if t]
    t = text(v)
    return [t] if t else []


def names(v):
    if isinstance(v, str):
        return [s.strip() for s in v.replace("，", "、").replace(",", "、").split("、") if s.strip()]
    return paragraphs(v)


# --------------------------------------------------------------------------
# Amount trees

def tree_total(node, what):
    """Sum of a tree's leaves, checking a stated 合计/小计 at every level."""
    if not isinstance(node, dict):
        return dec(node)
    stated = None
    total = ZERO
    for k, v in node.items():
        if k in ("合计", "小计"):
            stated = dec(v)
        else:
            total += tree_total(v, k)
    if stated is not None and stated != total:
        raise DataError(f"{what}的合计写的是 {amount(stated)}，按明细计算应为 {amount(total)}")
    return total


def breakdown(node, what):
    total = tree_total(node, what)
    items = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("合计", "小计"):
                continue
            a = tree_total(v, k)
            items.append({"name": k, "amount": amount(a), "share": percent(a, total), "_v": a})
    return {"total": amount(total), "items": items, "_v": total}


def nonzero(node, what):
    if node is None:
        return None
    b = breakdown(node, what)
    return b if b["_v"] else None


def change(this, last):
    diff = this - last
    word, rate_word = ("增加", "增长") if diff > 0 else ("减少", "下降") if diff < 0 else ("持平", "持平")
    return {"this": amount(this), "last": amount(last), "diff": amount(abs(diff)),
            "word": word, "rate_word": rate_word, "rate": percent(abs(diff), last)}


def check(stated, computed, what):
    if stated is not None and dec(stated) != computed:
        raise DataError(f"{what}写的是 {amount(dec(stated))}，按明细计算应为 {amount(computed)}")


# --------------------------------------------------------------------------
# The report

def finance(f):
    basic = breakdown(f["基本支出"], "基本支出")
    projects_in = f.get("项目支出") or []
    projects_total = sum((dec(p["金额"]) for p in projects_in), ZERO)
    check(f.get("项目支出合计"), projects_total, "项目支出合计")
    spending = basic["_v"] + projects_total
    check(f.get("支出合计"), spending, "支出合计")
    income = breakdown(f["收入"], "收入") if f.get("收入") is not None else None
    balance = income["_v"] - spending if income else None
    if f.get("结余") is not None:
        if balance is None:
            raise DataError("写了结余，但没有写收入")
        check(f["结余"], balance, "结余")
    budget = f.get("预算") or {}
    initial, full = budget.get("年初预算数"), budget.get("全年预算数")
    base, base_name = (full, "全年预算数") if full is not None else (initial, "年初预算数")
    base = dec(base)
    if not base:
        raise DataError(f"{base_name}为 0，无法计算执行率")
    rate_ratio = spending / base
    projects = []
    for p in projects_in:
        a = dec(p["金额"])
        b = dec(p["预算"]) if p.get("预算") is not None else None
        projects.append({"name": text(p["名称"]), "amount": amount(a),
                         "budget": amount(b) if b is not None else None,
                         "rate": percent(a, b) if b is not None else None,
                         "share": percent(a, projects_total), "note": text(p.get("说明"))})
    last = None
    if f.get("上年") is not None:
        l = f["上年"]
        lb = breakdown(l["基本支出"], "上年基本支出") if l.get("基本支出") is not None else None
        lp = None
        if l.get("项目支出") is not None:
            lp = sum((dec(p["金额"]) for p in l["项目支出"]), ZERO)
            check(l.get("项目支出合计"), lp, "上年项目支出合计")
        elif l.get("项目支出合计") is not None:
            lp = dec(l["项目支出合计"])
        if lb is not None and lp is not None:
            ls = lb["_v"] + lp
            check(l.get("支出合计"), ls, "上年支出合计")
        else:
            ls = dec(l["支出合计"]) if l.get("支出合计") is not None else None
        basic_items = []
        for li in (lb["items"] if lb else []):
            this = next((b for b in basic["items"] if b["name"] == li["name"]), None)
            if this:
                basic_items.append({"name": li["name"], "change": change(this["_v"], li["_v"])})
        last = {
            "income": change(income["_v"], tree_total(l["收入"], "上年收入"))
            if income and l.get("收入") is not None else None,
            "basic": change(basic["_v"], lb["_v"]) if lb else None,
            "basic_items": basic_items,
            "projects": change(projects_total, lp) if lp is not None else None,
            "spending": change(spending, ls) if ls is not None else None,
        }
    sangong = None
    if f.get("三公经费") is not None:
        s = f["三公经费"]
        cols = {k: breakdown(s[k], f"三公经费{k}") if s.get(k) is not None else None
                for k in ("预算", "决算", "上年决算")}
        order = []
        for b in cols.values():
            for it in (b["items"] if b else []):
                if it["name"] not in order:
                    order.append(it["name"])

        def pick(b, n):
            return next((i["amount"] for i in b["items"] if i["name"] == n), None) if b else None

        bud, act, lst = cols["预算"], cols["决算"], cols["上年决算"]
        sangong = {"budget": bud, "actual": act, "last": lst,
                   "rows": [{"name": n, "budget": pick(bud, n), "actual": pick(act, n),
                             "last": pick(lst, n)} for n in order],
                   "change": change(act["_v"], lst["_v"]) if act and lst else None,
                   "rate": percent(act["_v"], bud["_v"]) if act and bud else None}
    assets = None
    if f.get("资产") is not None:
        a = f["资产"]
        t, li = a.get("资产总额"), a.get("负债总额")
        assets = {"total": amount(dec(t)) if t is not None else None,
                  "liabilities": amount(dec(li)) if li is not None else None,
                  "net": amount(dec(t) - dec(li)) if t is not None and li is not None else None}
    return {
        "budget_initial": amount(dec(initial)) if initial is not None else None,
        "budget_full": amount(dec(full)) if full is not None else None,
        "budget_base": amount(base), "budget_base_name": base_name,
        "income": income, "basic": basic, "projects": projects,
        "projects_total": amount(projects_total), "spending": amount(spending),
        "basic_share": percent(basic["_v"], spending),
        "projects_share": percent(projects_total, spending),
        "balance": amount(balance) if balance is not None else None,
        "rate": percent(spending, base), "_rate": rate_ratio,
        "last": last, "sangong": sangong,
        "gov_fund": nonzero(f.get("政府性基金预算支出"), "政府性基金预算支出"),
        "state_capital": nonzero(f.get("国有资本经营预算支出"), "国有资本经营预算支出"),
        "social_insurance": nonzero(f.get("社会保险基金预算支出"), "社会保险基金预算支出"),
        "procurement": breakdown(f["政府采购"], "政府采购") if f.get("政府采购") is not None else None,
        "assets": assets,
    }


def grade(total):
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


GRADE_WORDS = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "中等": "中", "差": "差", "较差": "差"}


def scores(ind, rate_ratio):
    rate = ind["预算执行率"]
    rate_weight = dec(rate["分值"])
    groups = []
    all_w = all_s = ZERO
    for gname in GROUPS:
        g = ind.get(gname)
        if not g:
            continue
        subs = []
        gw = gs = ZERO
        for sname, items in g.items():
            if sname in ("分值", "得分") or not items:
                continue
            out = []
            sw = ss = ZERO
            for it in items:
                w, s = dec(it["分值"]), dec(it["得分"])
                if s > w:
                    raise DataError(f"得分 {score(s)} 超过了分值 {score(w)}")
                sw += w
                ss += s
                out.append({"name": text(it["名称"]), "target": text(it.get("指标值")) or "",
                            "actual": text(it.get("完成值")) or "", "weight": score(w), "score": score(s),
                            "deviation": text(it.get("偏差")), "lost": s < w})
            gw += sw
            gs += ss
            subs.append({"name": sname, "weight": score(sw), "score": score(ss), "items": out})
        if g.get("分值") is not None and dec(g["分值"]) != gw:
            raise DataError(f"{gname}的分值写的是 {score(dec(g['分值']))}，其下三级指标分值合计为 {score(gw)}")
        if g.get("得分") is not None and dec(g["得分"]) != gs:
            raise DataError(f"{gname}的得分写的是 {score(dec(g['得分']))}，其下三级指标得分合计为 {score(gs)}")
        all_w += gw
        all_s += gs
        groups.append({"name": gname, "weight": score(gw), "score": score(gs),
                       "rows": sum(len(s["items"]) for s in subs), "subs": subs})
    if rate_weight + all_w != HUNDRED:
        raise DataError(f"分值合计应为 100，实际为 {score(rate_weight + all_w)}")
    # 湖南 rule on the rate as displayed: a point off per full 2 points away from 100%
    away = abs(pct_shown(rate_ratio) - HUNDRED)
    rule = max(ZERO, rate_weight - (away / 2).to_integral_value(rounding=ROUND_FLOOR))
    rate_score = dec(rate["得分"]) if rate.get("得分") is not None else rule
    total = rate_score + all_s
    g = grade(total)
    if ind.get("总分") is not None and dec(ind["总分"]) != total:
        raise DataError(f"总分写的是 {score(dec(ind['总分']))}，按各项得分相加应为 {score(total)}")
    if ind.get("等级") is not None and GRADE_WORDS.get(str(ind["等级"])) != g:
        raise DataError(f"等级写的是“{ind['等级']}”，但总分 {score(total)} 对应的等级是“{g}”")
    goal = ind.get("总体目标") or {}
    return {"goal_expected": text(goal.get("预期")), "goal_achieved": text(goal.get("完成")),
            "rate_weight": score(rate_weight), "rate_score": score(rate_score),
            # contract §6.1: a stated 等级 is printed as written (良好 stays 良好)
            "groups": groups, "total": score(total),
            "grade": str(ind["等级"]) if ind.get("等级") is not None else g,
            "item_count": sum(g["rows"] for g in groups)}


def works(v):
    if not isinstance(v, list):
        return [{"title": None, "content": c} for c in paragraphs(v)]
    out = []
    for w in v:
        if isinstance(w, dict):
            out.append({"title": text(w.get("标题")), "content": text(w.get("内容")) or ""})
        elif text(w):
            out.append({"title": None, "content": text(w)})
    return out


def report(doc):
    """The report context of one loaded YAML document (names as in gen-report's model)."""
    ov = doc.get("概况") or {}
    org = ov.get("机构") or {}
    st = ov.get("人员") or {}
    staff_items = [{"name": k, "count": st[k]} for k in ("编制数", "在职人数", "退休人数", "其他人数")
                   if st.get(k) is not None]
    f = finance(doc["收支"])
    s = scores(doc["指标"], f.pop("_rate"))
    unit = "元" if (doc["收支"].get("金额单位") == "元") else "万元"
    date = doc.get("报告日期")
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    sign = doc.get("签字") or {}
    ctx = {
        "unit": unit, "year": doc["年度"], "dept": text(doc["单位"]),
        "date": {"year": date.year, "month": date.month, "day": date.day} if date else None,
        "overview": {
            "duties": paragraphs(ov.get("职能")), "internal": names(org.get("内设机构")),
            "secondary": names(org.get("二级机构")),
            "staff": {"quota": st.get("编制数"), "active": st.get("在职人数"), "retired": st.get("退休人数"),
                      "other": st.get("其他人数"), "any": bool(staff_items), "items": staff_items},
            "works": works(ov.get("重点工作")),
        },
        "finance": f, "scores": s,
        "problems": paragraphs(doc.get("问题")), "measures": paragraphs(doc.get("措施")),
        "application": text(doc.get("结果应用")), "other": text(doc.get("其他说明")),
        "sign": {"filler": text(sign.get("填表人")), "phone": text(sign.get("联系电话")),
                 "head": text(sign.get("单位负责人")), "leader": text(sign.get("评价组组长")),
                 "evaluators": [{"name": text(e.get("姓名")), "title": text(e.get("职务")) or "",
                                 "unit": text(e.get("单位")) or ""} for e in (sign.get("评价人员") or [])]},
        "cn": ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"],
    }
    ctx["tables"] = tables(ctx)
    strip(ctx)
    return ctx


def strip(o):
    """Drops the exact values ("_v") kept for sums: the templates get display text only."""
    if isinstance(o, dict):
        o.pop("_v", None)
        for v in o.values():
            strip(v)
    elif isinstance(o, list):
        for v in o:
            strip(v)


def sub_label(name):
    return name if name.endswith(("度", "影响", "效益")) else name + "指标"


def tables(ctx):
    """Rows of the two merged-cell tables: [text…] with span = rows the first cell covers (0 = covered)."""
    f, s = ctx["finance"], ctx["scores"]
    basic = []  # (类别, 项目, 金额, 占比)

    def block(cat, rows):
        for i, (name, amt, share) in enumerate(rows):
            basic.append({"cat": cat if i == 0 else "", "span": len(rows) if i == 0 else 0,
                          "name": name, "amount": amt, "share": share or ""})

    budget = []
    if f["budget_initial"]:
        budget.append(("年初预算数", f["budget_initial"], ""))
    if f["budget_full"]:
        budget.append(("全年预算数", f["budget_full"], ""))
    if budget:
        block("预算", budget)
    if f["income"]:
        block("收入", [(i["name"], i["amount"], i["share"]) for i in f["income"]["items"]]
              + [("收入合计", f["income"]["total"], "")])
    block("支出", [("基本支出", f["basic"]["total"], f["basic_share"])]
          + [("其中：" + i["name"], i["amount"], "") for i in f["basic"]["items"]]
          + [("项目支出", f["projects_total"], f["projects_share"]), ("支出合计", f["spending"], "100.00%")])
    if f["balance"]:
        block("结余", [("收入合计−支出合计", f["balance"], "")])
    block("执行", [(f"预算执行率（支出合计÷{f['budget_base_name']}）", f["rate"], "")])
    if f["gov_fund"] or f["state_capital"] or f["social_insurance"]:
        block("其他预算", [(n, f[k]["total"] if f[k] else "0.00", "") for n, k in
                         (("政府性基金预算支出", "gov_fund"), ("国有资本经营预算支出", "state_capital"),
                          ("社会保险基金预算支出", "social_insurance"))])
    score_rows = []
    for g in s["groups"]:
        first_g = True
        for sub in g["subs"]:
            for j, it in enumerate(sub["items"]):
                score_rows.append({
                    "g": g["name"] + "指标" if first_g else "", "gspan": g["rows"] if first_g else 0,
                    "s": sub_label(sub["name"]) if j == 0 else "", "sspan": len(sub["items"]) if j == 0 else 0,
                    "name": it["name"], "target": it["target"], "actual": it["actual"],
                    "weight": it["weight"], "score": it["score"], "deviation": it["deviation"] or ""})
                first_g = False
    return {"basic": basic, "scores": score_rows}


def load(path):
    with open(path, encoding="utf-8") as fh:
        return report(yaml.load(fh, Loader=Loader))
