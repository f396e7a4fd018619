#!/usr/bin/env python3
"""Check department YAML files against the arithmetic rules of SPEC.md §2–§3
and the contract v2 additions of §6.1–§6.4 (scores at 三级/二级/一级, optional
预算, 全年执行数, 支出经济分类, stated figures checked at their precision).

This is an independent checker for the test data (data/示例县/, the output of
benches/gen_county.py): it does not use the Rust tool, so the two can be
compared. Amounts and scores are read as exact decimals from the text of each
scalar (never through float).

    python3 scripts/check_data.py [PATH...]      # files or folders; default data/

A folder means every *.yaml / *.yml below it, in sorted order. For each file
it prints 支出合计, 执行率, 执行率得分, 总分 and 等级, then every error (the file
breaks the contract or the rules) and warning (SPEC §4 warning cases).
Exit status: 0 all files pass, 1 some file has an error, 2 bad command line.

Beyond the tool's own rules it enforces the data-writing conventions of the
brief: plain (unquoted) text scalars must not start with a digit nor contain
':' or '#', and duplicate keys are errors.

Needs PyYAML (only to tokenise YAML; values are built here from the nodes).
"""

import datetime
import math
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check_data.py needs PyYAML: pip install pyyaml")


# --------------------------------------------------------------------------
# Schema (SPEC §1). A dict maps key -> sub-schema; these markers stand for
# leaf kinds.
TEXT, INT, AMOUNT, TREE, NUMBER, DATE, TEXTS, TEXT_OR_TEXTS = (
    "text", "int", "amount", "tree", "number", "date", "texts", "text|texts")

PROJECT = {"名称": TEXT, "金额": AMOUNT, "预算": AMOUNT, "说明": TEXT}
INDICATOR = {"名称": TEXT, "指标值": TEXT, "完成值": TEXT, "分值": NUMBER,
             "得分": NUMBER, "偏差": TEXT}
LEVELS = {  # 一级 -> its 二级 keys
    "产出": ["数量", "质量", "时效", "成本"],
    "效益": ["经济效益", "社会效益", "生态效益", "可持续影响"],
    "满意度": ["服务对象满意度"],
}
TOP_KEYS = ["年度", "单位", "单位编码", "报告日期", "概况", "收支", "指标", "问题",
            "措施", "结果应用", "其他说明", "签字"]
概况_KEYS = ["职能", "机构", "人员", "重点工作"]
机构_KEYS = ["内设机构", "二级机构"]
人员_KEYS = ["编制数", "在职人数", "退休人数", "其他人数"]  # §6.4: any further integer key too
收支_KEYS = ["金额单位", "预算", "收入", "基本支出", "项目支出", "支出合计",
             "项目支出合计", "结余", "上年", "三公经费", "政府性基金预算支出",
             "国有资本经营预算支出", "社会保险基金预算支出", "政府采购", "资产",
             "支出经济分类"]
预算_KEYS = ["年初预算数", "全年预算数", "全年执行数"]
上年_KEYS = ["收入", "基本支出", "项目支出", "项目支出合计", "支出合计"]
三公_KEYS = ["预算", "决算", "上年决算"]
资产_KEYS = ["资产总额", "负债总额"]
指标_KEYS = ["总体目标", "预算执行率", "说明", *LEVELS, "总分", "等级"]
二级MAP_KEYS = ["分值", "得分", "说明", "指标"]
签字_KEYS = ["填表人", "联系电话", "单位负责人", "评价组组长", "评价人员"]
评价人员_KEYS = ["姓名", "职务", "单位"]
GRADE_ALIASES = {"优": "优", "优秀": "优", "良": "良", "良好": "良",
                 "中": "中", "中等": "中", "差": "差", "较差": "差"}


class Num:
    """A number scalar: exact value plus the text it was written as."""

    def __init__(self, value, text):
        self.value = value  # Decimal
        self.text = text


class Checker:
    def __init__(self, path):
        self.path = path
        self.errors = []
        self.warnings = []
        self.marks = {}  # path string -> (line, column), 1-based

    # ---- messages --------------------------------------------------------
    def where(self, p):
        m = self.marks.get(p)
        return f"{self.path}:{m[0]}:{m[1]}: " if m else f"{self.path}: "

    def error(self, p, msg):
        self.errors.append(f"{self.where(p)}{p}: {msg}" if p else f"{self.path}: {msg}")

    def warn(self, p, msg):
        self.warnings.append(f"{p}: {msg}" if p else msg)

    # ---- building values from the node tree ------------------------------
    def build(self, node, p):
        self.marks[p] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out = {}
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    self.error(p, "complex mapping key")
                    continue
                key = k.value
                sub = f"{p}.{key}" if p else key
                if key in out:
                    self.marks[sub] = (k.start_mark.line + 1, k.start_mark.column + 1)
                    self.error(sub, "duplicate key")
                    continue
                out[key] = self.build(v, sub)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, f"{p}[{i}]") for i, v in enumerate(node.value)]
        tag, text = node.tag, node.value
        if tag == "tag:yaml.org,2002:int":
            if not re.fullmatch(r"[-+]?[0-9]+", text) or re.fullmatch(r"[-+]?0[0-9]+", text):
                self.error(p, f"integer {text!r} is not plain decimal (quote it if it is text)")
            try:
                return Num(Decimal(int(text.replace("_", ""), 0)), text)
            except ValueError:
                return Num(Decimal(0), text)
        if tag == "tag:yaml.org,2002:float":
            if not re.fullmatch(r"[-+]?[0-9]+\.[0-9]*", text):
                self.error(p, f"number {text!r} is not plain decimal notation")
            try:
                return Num(Decimal(text.replace("_", "")), text)
            except Exception:
                return Num(Decimal(0), text)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            self.error(p, f"{text!r} reads as a boolean in YAML 1.1; quote it if it is text")
            return text
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                self.error(p, f"{text!r} is not a date 年-月-日")
                return text
        # a string
        if node.style is None and (re.match(r"[0-9]", text) or ":" in text or "#" in text):
            self.error(p, f"plain scalar {text!r} should be quoted")
        return text

    # ---- shape checks ----------------------------------------------------
    def keys(self, d, allowed, p, required=()):
        if not isinstance(d, dict):
            self.error(p, f"expected a mapping, got {type(d).__name__}")
            return {}
        for k in d:
            if k not in allowed:
                self.error(f"{p}.{k}" if p else k, f"unknown key (allowed: {'、'.join(allowed)})")
        for k in required:
            if k not in d:
                self.error(p, f"missing required key {k}")
        return d

    def text(self, v, p, optional=True):
        if v is None and optional:
            return None
        if not isinstance(v, str) or not v.strip():
            self.error(p, f"expected non-empty text, got {v!r}")
        return v

    def texts(self, v, p, allow_single=True):
        if isinstance(v, str) and allow_single:
            return [v]
        if not isinstance(v, list):
            self.error(p, "expected a list of paragraphs")
            return []
        for i, t in enumerate(v):
            self.text(t, f"{p}[{i}]", optional=False)
        return v

    def count(self, v, p):
        if not isinstance(v, Num) or v.value != v.value.to_integral_value() or v.value < 0:
            self.error(p, f"expected a non-negative integer, got {getattr(v, 'text', v)!r}")
            return None
        return v.value

    def number(self, v, p):
        if not isinstance(v, Num):
            self.error(p, f"expected a number, got {v!r}")
            return None
        if v.value < 0:
            self.error(p, f"negative number {v.text}")
        return v.value

    def amount(self, v, p):
        """A leaf amount: non-negative, at most 6 decimals."""
        x = self.number(v, p)
        if x is not None and x.as_tuple().exponent < -6:
            self.error(p, f"{v.text} has more than 6 decimal places")
        return x if x is not None else Decimal(0)

    def tree(self, v, p):
        """Total of an amount tree; checks every 合计/小计 inside it."""
        if isinstance(v, Num):
            return self.amount(v, p)
        if not isinstance(v, dict) or not v:
            self.error(p, f"expected an amount or a map of amounts, got {v!r}")
            return Decimal(0)
        total = Decimal(0)
        stated = []
        for k, sub in v.items():
            if k in ("合计", "小计"):
                stated.append((k, sub))
            else:
                total += self.tree(sub, f"{p}.{k}")
        for k, sub in stated:
            x = self.amount(sub, f"{p}.{k}")
            if not matches(x, total):
                self.error(f"{p}.{k}", f"stated {x} but the sum of its siblings is {total}")
        return total

    def stated(self, d, key, p, computed):
        if key in d:
            x = self.amount(d[key], p)
            if not matches(x, computed):
                self.error(p, f"stated {x} but computed {computed}")

    # ---- the whole file --------------------------------------------------
    def run(self):
        try:
            text = Path(self.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            self.error("", f"cannot read: {e}")
            return None
        if "\t" in text:
            self.error("", "contains a tab character")
        try:
            node = yaml.compose(text)
        except yaml.YAMLError as e:
            self.error("", f"YAML does not parse: {e}")
            return None
        doc = self.build(node, "") if node is not None else None
        if not isinstance(doc, dict):
            self.error("", "the file is not a mapping")
            return None
        self.keys(doc, TOP_KEYS, "", required=["年度", "单位", "概况", "收支", "指标", "问题", "措施", "签字"])
        year = doc.get("年度")
        if not isinstance(year, Num) or not (2000 <= year.value <= 2100) or year.text != str(int(year.value)):
            self.error("年度", f"expected a 4-digit year, got {getattr(year, 'text', year)!r}")
        self.text(doc.get("单位"), "单位", optional=False)
        if "单位编码" in doc:
            self.text(doc["单位编码"], "单位编码")
        if "报告日期" in doc and not isinstance(doc["报告日期"], datetime.date):
            self.error("报告日期", "expected a date 年-月-日")
        for k in ("结果应用", "其他说明"):
            if k in doc:
                self.text(doc[k], k)
        for k in ("问题", "措施"):
            if k in doc and not self.texts(doc[k], k):
                self.warn(k, "empty list")

        self.overview(doc.get("概况", {}))
        money = self.money(doc.get("收支", {}))
        score = self.indicators(doc.get("指标", {}), money)
        self.signatures(doc.get("签字", {}))
        return {"单位": doc.get("单位"), **money, **score}

    def overview(self, g):
        self.keys(g, 概况_KEYS, "概况", required=["职能"])
        if "职能" in g:
            self.texts(g["职能"], "概况.职能")
        if "机构" in g:
            m = self.keys(g["机构"], 机构_KEYS, "概况.机构")
            for k, v in m.items():
                if isinstance(v, Num):  # §6.4: a count instead of names
                    self.count(v, f"概况.机构.{k}")
                elif not isinstance(v, list):
                    self.error(f"概况.机构.{k}", "expected a list of names or a count")
                else:
                    self.texts(v, f"概况.机构.{k}")
        if "人员" in g:
            r = g["人员"] if isinstance(g["人员"], dict) else self.keys(g["人员"], 人员_KEYS, "概况.人员")
            n = {k: self.count(v, f"概况.人员.{k}") for k, v in r.items()}
            if n.get("编制数") is not None and n.get("在职人数") is not None and n["在职人数"] > n["编制数"]:
                self.warn("概况.人员", f"在职人数 {n['在职人数']} > 编制数 {n['编制数']}")
        for i, w in enumerate(g.get("重点工作", []) or []):
            p = f"概况.重点工作[{i}]"
            if isinstance(w, dict):
                self.keys(w, ["标题", "内容"], p, required=["标题"])
                self.text(w.get("标题"), f"{p}.标题", optional=False)
                self.text(w.get("内容"), f"{p}.内容")
            else:
                self.text(w, p, optional=False)

    def money(self, s):
        self.keys(s, 收支_KEYS, "收支", required=["收入", "基本支出", "项目支出"])
        unit = s.get("金额单位", "万元")
        if unit not in ("万元", "元"):
            self.error("收支.金额单位", f"expected 万元 or 元, got {unit!r}")
        has_budget = "预算" in s
        if not has_budget:
            self.warn("收支", "no 预算: no 执行率 (§6.2)")
        b = self.keys(s.get("预算", {}), 预算_KEYS, "收支.预算")
        budget = {k: self.amount(v, f"收支.预算.{k}") for k, v in b.items()}
        base = budget.get("全年预算数", budget.get("年初预算数"))
        income = self.tree(s["收入"], "收支.收入") if "收入" in s else Decimal(0)
        basic = self.tree(s["基本支出"], "收支.基本支出") if "基本支出" in s else Decimal(0)
        projects = Decimal(0)
        plist = s.get("项目支出", [])
        if not isinstance(plist, list):
            self.error("收支.项目支出", "expected a list of projects")
            plist = []
        names = {}
        for i, pr in enumerate(plist):
            p = f"收支.项目支出[{i}]"
            self.keys(pr, list(PROJECT), p, required=["名称", "金额"])
            self.text(pr.get("名称"), f"{p}.名称", optional=False)
            name = pr.get("名称")
            if name in names:
                self.error(f"{p}.名称", f"project {name!r} also at {names[name]}")
            names.setdefault(name, p)
            amount = self.amount(pr.get("金额"), f"{p}.金额")
            projects += amount
            if "预算" in pr and amount > self.amount(pr["预算"], f"{p}.预算"):
                self.warn(p, "金额 over its 预算")
            if "说明" in pr:
                self.text(pr["说明"], f"{p}.说明")
        spend = basic + projects
        self.stated(s, "项目支出合计", "收支.项目支出合计", projects)
        self.stated(s, "支出合计", "收支.支出合计", spend)
        if "结余" in s:
            self.stated(s, "结余", "收支.结余", income - spend)
        if "收入" in s and income < spend:
            self.warn("收支", f"negative 结余 {income - spend}")
        if "支出经济分类" in s:
            econ = self.tree(s["支出经济分类"], "收支.支出经济分类")
            if not (matches(econ, spend) or matches(spend, econ)):
                self.error("收支.支出经济分类", f"total {econ} but 支出合计 is {spend}")
        executed = budget.get("全年执行数", spend)
        if "全年执行数" in budget and abs(executed - spend) > spend / 10:
            self.warn("收支.预算.全年执行数", f"{executed} differs from 支出合计 {spend} by over 10%")
        if "上年" in s:
            last = self.keys(s["上年"], 上年_KEYS, "收支.上年")
            for k, v in last.items():
                if k == "项目支出":
                    for i, pr in enumerate(v if isinstance(v, list) else []):
                        self.keys(pr, list(PROJECT), f"收支.上年.项目支出[{i}]")
                        self.amount(pr.get("金额"), f"收支.上年.项目支出[{i}].金额")
                else:
                    self.tree(v, f"收支.上年.{k}")
        if "三公经费" in s:
            t = self.keys(s["三公经费"], 三公_KEYS, "收支.三公经费")
            for k, v in t.items():
                self.tree(v, f"收支.三公经费.{k}")
        for k in ("政府性基金预算支出", "国有资本经营预算支出", "社会保险基金预算支出", "政府采购"):
            if k in s:
                self.tree(s[k], f"收支.{k}")
        if "资产" in s:
            a = self.keys(s["资产"], 资产_KEYS, "收支.资产")
            for k, v in a.items():
                self.amount(v, f"收支.资产.{k}")
        rate = None
        if not has_budget:
            pass
        elif base is None:
            self.error("收支.预算", "needs 全年预算数 or 年初预算数")
        elif base == 0:
            self.error("收支.预算", "budget is 0: 执行率 undefined")
        else:
            rate = Fraction(executed) * 100 / Fraction(base)  # exact, in percent
            if rate > 100:
                self.warn("执行率", f"{pct(rate)} > 100%")
        return {"unit": unit, "收入合计": income, "基本支出": basic, "项目支出": projects,
                "支出合计": spend, "预算数": base, "rate": rate, "has_budget": has_budget}

    def indicators(self, z, money):
        self.keys(z, 指标_KEYS, "指标")
        if "总体目标" in z:
            g = self.keys(z["总体目标"], ["预期", "完成"], "指标.总体目标")
            for k, v in g.items():
                self.text(v, f"指标.总体目标.{k}")
        if "说明" in z:
            self.texts(z["说明"], "指标.说明")
        tree = self.indicator_tree(z)
        scored = "预算执行率" in z or any(s for _, s in tree)
        if not scored and "总分" in z:  # §6.1 unscored: 总分/等级 as written
            total = self.number(z["总分"], "指标.总分")
            self.warn("指标.总分", "no 分值/得分 anywhere: 总分 and 等级 taken as written")
            if "等级" in z and GRADE_ALIASES.get(z["等级"]) is None:
                self.error("指标.等级", f"unknown grade {z['等级']!r}")
            return {"执行率得分": None, "执行率分值": None, "总分": total,
                    "等级": grade(total) if total is not None else None, "总分stated": True}
        weight, exec_score = Decimal(0), None
        if money["has_budget"] and "预算执行率" not in z:
            self.error("指标", "missing required key 预算执行率")
        if not money["has_budget"] and "预算执行率" in z:
            self.error("指标.预算执行率", "no 收支.预算: 预算执行率 must be absent (§6.2)")
        if "预算执行率" in z:
            e = self.keys(z["预算执行率"], ["分值", "得分"], "指标.预算执行率", required=["分值"])
            weight = self.number(e.get("分值"), "指标.预算执行率.分值") or Decimal(0)
            rate = money["rate"]
            rule = None
            if rate is not None:
                off = math.floor(abs(rate - 100) / 2)  # full 2-point steps away from 100%
                rule = max(Decimal(0), weight - off)
            exec_score = rule
            if "得分" in e:
                given = self.number(e["得分"], "指标.预算执行率.得分")
                if given is not None:
                    if given > weight:
                        self.error("指标.预算执行率.得分", f"{given} > 分值 {weight}")
                    if rule is not None and given != rule:
                        self.warn("指标.预算执行率.得分", f"given {given}, rule gives {rule}")
                    exec_score = given
        weights, scores = weight, exec_score or Decimal(0)
        split = {}
        for lvl, (w1, s1) in self.level_scores(z, tree).items():
            split[lvl] = w1
            weights += w1
            scores += s1
        if weights != 100:
            self.error("指标", f"weights total {weights}, not 100")
        if "预算执行率" in z and (weight, split.get("产出"), split.get("效益"), split.get("满意度")) != (10, 50, 30, 10):
            self.warn("指标", "non-standard weight split "
                      f"{weight}/{split.get('产出', 0)}/{split.get('效益', 0)}/{split.get('满意度', 0)}")
        total = scores
        g = grade(total)
        if "总分" in z:
            x = self.number(z["总分"], "指标.总分")
            if x is not None and not matches(x, total):
                self.error("指标.总分", f"stated {x} but computed {total}")
        if "等级" in z:
            sg = GRADE_ALIASES.get(z["等级"])
            if sg is None:
                self.error("指标.等级", f"unknown grade {z['等级']!r}")
            elif sg != g:
                self.error("指标.等级", f"stated {z['等级']} but 总分 {total} is {g}")
        return {"执行率得分": exec_score, "执行率分值": weight, "总分": total, "等级": g,
                "总分stated": "总分" in z}

    def indicator_tree(self, z):
        """[(一级 path, has any 分值/得分)] after shape checks of every level."""
        out = []
        for lvl, seconds in LEVELS.items():
            if lvl not in z:
                continue
            p1 = f"指标.{lvl}"
            d = self.keys(z[lvl], ["分值", "得分", "说明", *seconds], p1)
            any_score = "分值" in d or "得分" in d
            for sec in seconds:
                if sec not in d:
                    continue
                p2 = f"{p1}.{sec}"
                sub = d[sec]
                if isinstance(sub, dict):  # §6.1: a 二级 map
                    self.keys(sub, 二级MAP_KEYS, p2)
                    any_score |= "分值" in sub or "得分" in sub
                    items = sub.get("指标") or []
                    ip = f"{p2}.指标"
                elif isinstance(sub, list) and sub:
                    items, ip = sub, p2
                else:
                    self.error(p2, "expected a list of 三级指标 or a map with 分值/得分/说明/指标")
                    continue
                for i, it in enumerate(items):
                    p = f"{ip}[{i}]"
                    self.keys(it, list(INDICATOR), p, required=["名称"])
                    for k in ("名称", "指标值", "完成值", "偏差"):
                        if k in it:
                            self.text(it[k], f"{p}.{k}", optional=(k == "偏差"))
                    any_score |= "分值" in it or "得分" in it
            out.append((lvl, any_score))
        return out

    def pair(self, d, p):
        """分值 and 得分 of one score; both required, 得分 within [0, 分值]."""
        if "分值" not in d or "得分" not in d:
            self.error(p, "a score needs both 分值 and 得分")
        w = self.number(d.get("分值"), f"{p}.分值") if "分值" in d else Decimal(0)
        sc = self.number(d.get("得分"), f"{p}.得分") if "得分" in d else Decimal(0)
        w, sc = w or Decimal(0), sc or Decimal(0)
        if sc > w:
            self.error(f"{p}.得分", f"得分 {sc} > 分值 {w}")
        return w, sc

    def level_scores(self, z, tree):
        """{一级: (weight, score)} with the one-score-per-path rule of §6.1."""
        out = {}
        for lvl, _ in tree:
            p1 = f"指标.{lvl}"
            d = z[lvl]
            subs = [(sec, d[sec]) for sec in LEVELS[lvl] if sec in d]

            def scored(x):
                return isinstance(x, dict) and ("分值" in x or "得分" in x)

            def items_of(sub):
                return (sub.get("指标") or []) if isinstance(sub, dict) else sub
            below = any(scored(sub) or any(scored(it) for it in items_of(sub)) for _, sub in subs)
            if scored(d) and not below:  # scored at 一级
                out[lvl] = self.pair(d, p1)
                continue
            w1 = s1 = Decimal(0)
            for sec, sub in subs:
                p2 = f"{p1}.{sec}"
                items = items_of(sub)
                own = scored(sub)
                if own and any(scored(it) for it in items):
                    self.error(p2, "分值/得分 at both 二级 and its 三级")
                if own:
                    w, sc = self.pair(sub, p2)
                    w1 += w
                    s1 += sc
                    continue
                for i, it in enumerate(items):
                    p = f"{p2}{'.指标' if isinstance(sub, dict) else ''}[{i}]"
                    if not scored(it):
                        self.error(p, "三级指标 under no score (no 分值/得分 at 三级, 二级 or 一级)")
                        continue
                    w, sc = self.pair(it, p)
                    if sc < w and not str(it.get("偏差") or "").strip("无偏差 "):
                        self.warn(p, f"得分 {sc} < 分值 {w} but no 偏差 explanation")
                    w1 += w
                    s1 += sc
            for k, v in (("分值", w1), ("得分", s1)):
                if k in d:
                    x = self.number(d[k], f"{p1}.{k}")
                    if x is not None and not matches(x, v):
                        self.error(f"{p1}.{k}", f"stated {x} but computed {v}")
            out[lvl] = (w1, s1)
        return out

    def signatures(self, s):
        self.keys(s, 签字_KEYS, "签字", required=["填表人", "联系电话", "单位负责人"])
        for k in ("填表人", "联系电话", "单位负责人", "评价组组长"):
            if k in s:
                self.text(s[k], f"签字.{k}")
        if "评价人员" in s:
            if not isinstance(s["评价人员"], list):
                self.error("签字.评价人员", "expected a list")
                return
            for i, m in enumerate(s["评价人员"]):
                p = f"签字.评价人员[{i}]"
                self.keys(m, 评价人员_KEYS, p, required=["姓名"])
                for k, v in m.items():
                    self.text(v, f"{p}.{k}")


def matches(stated, computed):
    """§6.3: a stated figure with k decimals matches the computed value
    rounded half away from zero to k places."""
    places = -stated.as_tuple().exponent if stated.as_tuple().exponent < 0 else 0
    q = Decimal(1).scaleb(-places)
    return Decimal(computed).quantize(q, rounding=ROUND_HALF_UP) == stated


def grade(total):
    if total >= 90:
        return "优"
    if total >= 80:
        return "良"
    if total >= 60:
        return "中"
    return "差"


def round2(x):
    """Round an exact number half away from zero to 2 places, as text."""
    q = Fraction(x) * 100
    n = math.floor(abs(q) + Fraction(1, 2))
    sign = "-" if q < 0 and n else ""
    return f"{sign}{n // 100}.{n % 100:02d}"


def pct(rate):
    return round2(rate) + "%"


def fmt(x):
    x = Decimal(x).normalize()
    return format(x, "f")


def files_of(args):
    out = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file())
        elif p.is_file():
            out.append(p)
        else:
            print(f"check_data.py: no such file or folder: {a}", file=sys.stderr)
            sys.exit(2)
    return out


def main(argv):
    if any(a.startswith("-") for a in argv):
        print(__doc__.strip().splitlines()[0], "\nusage: check_data.py [PATH...]", file=sys.stderr)
        return 0 if argv[0] in ("-h", "--help") else 2
    files = files_of(argv or ["data"])
    bad = 0
    for f in files:
        c = Checker(str(f))
        r = c.run()
        if r and r["rate"] is not None:
            unit = r["unit"]
            print(f"{f}  {r['单位']}  支出合计 {round2(r['支出合计'])}{unit}  "
                  f"执行率 {pct(r['rate'])}  执行率得分 {fmt(r['执行率得分'])}/{fmt(r['执行率分值'])}  "
                  f"总分 {fmt(r['总分'])}{'（填报）' if r['总分stated'] else ''}  等级 {r['等级']}")
        else:
            print(f"{f}  (not computed)")
        for w in c.warnings:
            print(f"    warning: {w}")
        for e in c.errors:
            print(f"    ERROR: {e}")
        bad += bool(c.errors)
    print(f"{len(files)} file(s), {len(files) - bad} ok, {bad} with errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
