#!/usr/bin/env python3
"""An independent oracle for gen-report's input contract (docs/contract.md):
it decides, for each department file, whether
the contract accepts or rejects it, and computes the figures of the county
summary (汇总表) from the leaves, without using the Rust tool. The test
`tests/oracle.rs` runs both over the samples and seeds and asserts that they
agree; where they differ, one of them has drifted from the contract.

    python3 scripts/check_data.py [--json] [PATH...]   # files or folders; default data/

A folder means every *.yaml / *.yml (and *.yaml.txt, §6.6) below it, in
sorted order, named by its path inside that folder as the tool's summary
names it. For each file it prints 收入合计, 基本支出, 项目支出, 支出合计,
预算数, 执行率, 总分 and 等级 (the summary's columns, amounts in 万元, shown
with 2 decimals rounded half away from zero), then every error (the file is
rejected) and warning. `--json` prints the same as one JSON object:

    {"files": [{"file", "path", "accepted", "errors": [{"line", "column",
      "path", "message"}], "warnings": [...], "figures": {"单位", "年度",
      "收入合计", "基本支出", "项目支出", "支出合计", "预算数", "执行率",
      "总分", "等级"} or null}], "accepted": N, "rejected": N}

Exit status: 0 every file accepted, 1 some file rejected, 2 bad command line.

What it checks, by contract section: §1 keys and types (unknown keys are errors,
with the nearest valid key), §2 amount trees and every stated total, §3
exact arithmetic, weights, score bounds, the execution-rate rule and the
grade, §4 negative amounts, §6.1 scores at 三级/二级/一级 and the unscored
form, §6.2 optional budget, 全年执行数 and 支出经济分类, §6.3 stated figures
at their written precision, §6.4 further head counts, counts of units,
duplicate projects, §6.5's optional 封面 and 签字 keys, §6.6 duplicate
departments in one run. Not checked: §6.7 (indicator-target warnings), a
template's extra indicator names, and the tool's own limits (file size,
line length) and typing-slip corrections.

Needs PyYAML, only to tokenise: scalars are typed here by the YAML 1.2 core
schema (the tool's YAML version; PyYAML's 1.1 would read `yes` as a
boolean and 2025-03-20 as a timestamp), and numbers are read as exact
decimals from their text, never through float.
"""

import datetime
import difflib
import json
import re
import sys
from collections import Counter
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check_data.py needs PyYAML: run scripts/setup.sh (it installs it into .venv/)")


# --------------------------------------------------------------------------
# The contract's key names (contract §1, §6).

TOP_KEYS = ["年度", "单位", "单位编码", "报告日期", "概况", "收支", "指标", "问题",
            "措施", "结果应用", "其他说明", "签字", "封面"]
COVER_KEYS = ["地区", "评价方式", "评价机构", "制表单位"]  # §6.5
OVERVIEW_KEYS = ["职能", "机构", "人员", "重点工作"]
ORG_KEYS = ["内设机构", "二级机构"]
WORK_KEYS = ["标题", "内容"]
MONEY_KEYS = ["金额单位", "预算", "收入", "基本支出", "项目支出", "支出合计",
              "项目支出合计", "结余", "上年", "三公经费", "政府性基金预算支出",
              "国有资本经营预算支出", "社会保险基金预算支出", "政府采购", "资产",
              "支出经济分类"]
BUDGET_KEYS = ["年初预算数", "全年预算数", "全年执行数"]
PROJECT_KEYS = ["名称", "金额", "预算", "说明"]
# 上年 holds last year's figures in "the same shapes" as this year's (§1).
LAST_KEYS = ["收入", "基本支出", "项目支出", "项目支出合计", "支出合计"]
SANGONG_KEYS = ["预算", "决算", "上年决算"]
ASSET_KEYS = ["资产总额", "负债总额"]
# Optional amounts or amount trees directly under 收支.
OTHER_TREES = ["政府性基金预算支出", "国有资本经营预算支出", "社会保险基金预算支出", "政府采购"]
LEVELS = {  # 一级 -> its 二级 names
    "产出": ["数量", "质量", "时效", "成本"],
    "效益": ["经济效益", "社会效益", "生态效益", "可持续影响"],
    "满意度": ["服务对象满意度"],
}
INDICATOR_KEYS = ["总体目标", "预算执行率", "说明", *LEVELS, "总分", "等级"]
GOAL_KEYS = ["预期", "完成"]
RATE_KEYS = ["分值", "得分"]
GROUP_OWN_KEYS = ["分值", "得分", "说明"]  # a 一级's keys besides its 二级 (§6.1)
SUB_MAP_KEYS = ["分值", "得分", "说明", "指标"]  # a 二级 written as a map (§6.1)
ROW_KEYS = ["名称", "指标值", "完成值", "分值", "得分", "偏差"]
SIGN_KEYS = ["填表人", "联系电话", "单位负责人", "评价组组长", "评价人员",
             "部门意见", "财政部门意见"]  # the last two: §6.5
EVALUATOR_KEYS = ["姓名", "职务", "单位"]
# Keys where only text or a figure can stand (contract §1): there, a map is
# never an entry left blank. `- 主要职能如下:` is a sentence YAML read as a
# name with nothing after it; it is an error, not dropped.
MAP_FREE_KEYS = {"年度", "单位", "单位编码", "报告日期", "职能", "问题", "措施", "结果应用",
                 "其他说明", "地区", "评价方式", "评价机构", "制表单位", "内设机构", "二级机构",
                 "标题", "内容", "金额单位", "名称", "说明", "指标值", "完成值", "分值", "得分",
                 "偏差", "预期", "完成", "总分", "等级", "填表人", "联系电话", "单位负责人",
                 "评价组组长", "部门意见", "财政部门意见", "姓名", "职务"}
SUBTOTALS = ("合计", "小计")
GRADES = {"优": "优", "优秀": "优", "良": "良", "良好": "良",
          "中": "中", "中等": "中", "差": "差", "较差": "差"}
STANDARD_SPLIT = {"预算执行率": 10, "产出": 50, "效益": 30, "满意度": 10}
MAX_PLACES = 6  # §3: at most 6 decimal places in input
# Sums must be exact (§3), never rounded by Decimal's default 28 digits.
getcontext().prec = 80

# YAML 1.2 core schema, for plain (unquoted) scalars only.
NULL_RE = re.compile(r"~|null|Null|NULL|")
BOOL_RE = re.compile(r"true|True|TRUE|false|False|FALSE")
DECIMAL_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
OTHER_NUMBER_RE = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


# --------------------------------------------------------------------------
# Exact numbers.

def places(d):
    """Decimal places a number was written with: 405.80 -> 2, 4601 -> 0."""
    return max(0, -d.as_tuple().exponent)


def round_half_away(x, k):
    """An exact number (Decimal or Fraction) rounded half away from zero to
    k places (§3: 0.125 -> 0.13, never banker's 0.12), as a Decimal."""
    q = Fraction(x) * 10 ** k
    n = int(abs(q) + Fraction(1, 2))  # floor of a non-negative number
    return Decimal(-n if q < 0 else n).scaleb(-k)


def shown(x):
    """How the report and the summary show an amount, a percentage or a
    score: 2 decimals, half away from zero; -0.00 shows as 0.00."""
    r = round_half_away(x, 2)
    return f"{r + 0:.2f}"


def matches(stated, computed):
    """§6.3: a stated figure written with k decimals matches when the exact
    computed value, rounded half away from zero to k places, equals it."""
    return round_half_away(computed, places(stated)) == stated


def grade(total):
    """§3: ≥ 90 优, 80–90 良, 60–80 中, below 60 差."""
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def rate_rule(rate_percent, weight):
    """§3's 执行率得分: 1 point off the weight for every *full* 2 percentage
    points the exact rate lies away from 100% (either side), never below 0."""
    off = int(abs(rate_percent - 100) / 2)  # floor of a non-negative Fraction
    return max(Decimal(0), weight - off)


# --------------------------------------------------------------------------
# One department file.

class Department:
    """Checks one file against the contract and computes its figures.
    Every problem is collected (not only the first), each with its line,
    column and key path, as §4 asks of the tool."""

    def __init__(self, path, name):
        self.path = path  # where the file is
        self.name = name  # how the summary names it
        self.errors = []
        self.warnings = []
        self.identity = None  # (单位, 年度) when both are readable, for §6.6
        self.dept_node = self.year_node = None  # where they are written
        self.figures = None

    # ---- messages ---------------------------------------------------------
    def _note(self, into, node, path, message):
        mark = node.start_mark if node is not None else None
        into.append({"line": mark.line + 1 if mark else 0,
                     "column": mark.column + 1 if mark else 0,
                     "path": path, "message": message})

    def error(self, node, path, message):
        self._note(self.errors, node, path, message)

    def warn(self, node, path, message):
        self._note(self.warnings, node, path, message)

    # ---- scalars ------------------------------------------------------------
    @staticmethod
    def kind(node):
        """The YAML 1.2 core type of a node: map, seq, null, bool, number,
        text. Only plain scalars can be anything but text."""
        if isinstance(node, yaml.MappingNode):
            return "map"
        if isinstance(node, yaml.SequenceNode):
            return "seq"
        if node.style is not None:  # quoted or block: always text
            return "text"
        v = node.value
        if NULL_RE.fullmatch(v):
            return "null"
        if BOOL_RE.fullmatch(v):
            return "bool"
        if DECIMAL_RE.fullmatch(v) or OTHER_NUMBER_RE.fullmatch(v):
            return "number"
        return "text"

    @classmethod
    def blank(cls, node):
        """Says nothing: null, empty text, or only blank entries and keys
        left empty. A list entry so (`-` alone, `- 名称:` with every key
        empty, as `gen-report new` writes them) is not written, like a key
        left empty; so is a section whose keys are all left empty."""
        if isinstance(node, yaml.MappingNode):
            return all(cls.blank(v) for _, v in node.value)
        if isinstance(node, yaml.SequenceNode):
            return all(cls.blank(v) for v in node.value)
        return cls.kind(node) == "null" or (cls.kind(node) == "text" and not node.value.strip())

    @classmethod
    def blank_entry(cls, node, keys):
        """`blank` for a list entry: keys left empty make it not written only
        when they are the contract's (`- 名称:` as `new` writes it);
        `- 办公经费:` among projects names something."""
        if isinstance(node, yaml.MappingNode):
            return all(isinstance(k, yaml.ScalarNode) and k.value in keys and cls.blank(v)
                       for k, v in node.value)
        return cls.blank(node)

    @classmethod
    def blank_text(cls, node):
        """`blank` where text or a figure belongs: a map is never blank
        there (a sentence ending in `:` is not an entry left empty)."""
        if isinstance(node, yaml.MappingNode):
            return False
        if isinstance(node, yaml.SequenceNode):
            return all(cls.blank_text(v) for v in node.value)
        return cls.blank(node)

    def text(self, node, path):
        """A text value. A plain number is text too, as written (a phone
        number left unquoted); a yes/no value, a list or a map is not."""
        k = self.kind(node)
        if k in ("text", "number"):
            return node.value
        self.error(node, path, f"expected text, got {k}")
        return None

    def paragraphs(self, node, path):
        """A list of paragraphs, or one string (§1 职能; 说明 in §6.1)."""
        if self.kind(node) == "seq":
            out = [self.text(n, f"{path}[{i + 1}]") for i, n in enumerate(node.value)
                   if not self.blank_text(n)]
            return [t for t in out if t and t.strip()]
        t = self.text(node, path)
        return [t] if t and t.strip() else []

    def number(self, node, path, what="amount"):
        """An exact, non-negative decimal written as a YAML number (§3, §4).
        A quoted "405.84" is text, a wrong type for a figure."""
        k = self.kind(node)
        if k != "number":
            self.error(node, path, f"expected a number ({what}), got {k}")
            return None
        if not DECIMAL_RE.fullmatch(node.value):
            self.error(node, path, f"{node.value!r} is not a decimal number")
            return None
        d = Decimal(node.value)
        if d < 0:
            self.error(node, path, f"negative {what} {node.value}")
            return None
        if places(d) > MAX_PLACES:
            self.error(node, path, f"{node.value} has more than {MAX_PLACES} decimal places")
            return None
        return d

    def count(self, node, path):
        """A non-negative integer (head counts, numbers of units, 年度)."""
        if self.kind(node) != "number" or not re.fullmatch(r"\+?[0-9]+", node.value):
            self.error(node, path, f"expected a non-negative integer, got {self.kind(node)}"
                       f" {getattr(node, 'value', '')!r}")
            return None
        return int(node.value)

    # ---- maps -------------------------------------------------------------
    def mapping(self, node, path, allowed=None, keep_blank=False):
        """A map's entries {key: (key node, value node)} in file order.
        Keys outside `allowed` are errors naming the nearest valid key
        (§1: a typo such as 效宜 must not silently drop a section). A key
        left empty (`key:`) counts as absent, as in a blank form, unless
        `keep_blank` (an amount tree's blank line is a missing amount)."""
        if self.kind(node) != "map":
            self.error(node, path, f"expected a map of “name: value” lines, got {self.kind(node)}")
            return {}
        out = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            sub = f"{path}.{key}" if path else str(key)
            if key is None:
                self.error(k, path, "a key must be a plain name, not a list or map")
                continue
            if key in out:  # YAML itself forbids this
                self.error(k, sub, f"duplicate key {key}")
                continue
            if allowed is not None and key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.3)
                hint = f"; did you mean {near[0]}?" if near else f"; allowed: {'、'.join(allowed)}"
                self.error(k, sub, f"unknown key {key}{hint}")
                continue
            out[key] = (k, v)
        return {key: kv for key, kv in out.items()
                if keep_blank or not (self.blank_text(kv[1]) if key in MAP_FREE_KEYS
                                      else self.blank(kv[1]))}

    def require(self, node, entries, key, path):
        if key not in entries:
            self.error(node, f"{path}.{key}" if path else key, f"missing required key {key}")

    # ---- amounts ------------------------------------------------------------
    def tree(self, node, path):
        """The exact total of an amount tree (§2): a number, or a map of
        amount trees. A `合计`/`小计` inside is a stated total of its
        siblings, checked at its written precision (§6.3)."""
        if self.kind(node) != "map":
            return self.number(node, path) or Decimal(0)
        total = Decimal(0)
        stated = []
        for key, (_, v) in self.mapping(node, path, keep_blank=True).items():
            if key in SUBTOTALS:
                stated.append((key, v))
            else:
                total += self.tree(v, f"{path}.{key}")
        for key, v in stated:
            self.stated(v, f"{path}.{key}", total)
        return total

    def stated(self, node, path, computed, what="amount"):
        """A stated figure checked against the computed one (§2, §6.3)."""
        x = self.number(node, path, what)
        if x is not None and not matches(x, computed):
            self.error(node, path, f"stated {node.value} but computed {computed}"
                       f" (rounds to {round_half_away(computed, places(x))})")

    # ---- the file -----------------------------------------------------------
    def read(self):
        """The file's root node, or None (then the file is rejected)."""
        raw = Path(self.path).read_bytes()
        # The contract names no encoding. The samples are UTF-8 (a BOM is
        # allowed); a UTF-16 file has a BOM; anything else is taken as
        # GB18030, what Chinese Windows saves.
        encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                self.error(None, "", "cannot decode the file (UTF-8 expected)")
                return None
        try:
            root = yaml.compose(text)  # one document only: a second is an error
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            self.errors.append({"line": mark.line + 1 if mark else 0,
                                "column": mark.column + 1 if mark else 0, "path": "",
                                "message": "YAML does not parse: " + " ".join(str(e).split())})
            return None
        if root is None:
            self.error(None, "", "the file is empty")
        return root

    def run(self):
        root = self.read()
        if root is None:
            return
        top = self.mapping(root, "", TOP_KEYS)
        if self.kind(root) != "map":
            return
        for key in ("年度", "单位", "收支", "指标"):
            self.require(root, top, key, "")
        year = dept = None
        if "年度" in top:
            y = top["年度"][1]
            # §1: an integer; a year has 4 digits.
            year = self.count(y, "年度")
            if year is not None and not 1000 <= year <= 9999:
                self.error(y, "年度", f"{y.value} is not a 4-digit year")
                year = None
        if "单位" in top:
            dept = self.text(top["单位"][1], "单位")
            if dept is not None and not dept.strip():
                self.error(top["单位"][1], "单位", "单位 is blank")
                dept = None
        if year is not None and dept is not None:
            self.identity = (dept.strip(), year)
            self.dept_node, self.year_node = top["单位"][1], top["年度"][1]
        if "单位编码" in top:
            self.text(top["单位编码"][1], "单位编码")
        if "报告日期" in top:
            self.date(top["报告日期"][1], "报告日期")
        if "概况" in top:
            self.overview(top["概况"][1])
        for key in ("问题", "措施"):
            # §4: an empty list only draws a warning; §1 does not call them
            # required, and seed 003 leaves both out.
            if not (key in top and self.paragraphs(top[key][1], key)):
                self.warn(top[key][0] if key in top else root, key, f"{key} is empty")
        for key in ("结果应用", "其他说明"):
            if key in top:
                self.text(top[key][1], key)
        if "签字" in top:
            self.signatures(top["签字"][1])
        if "封面" in top:
            for key, (_, v) in self.mapping(top["封面"][1], "封面", COVER_KEYS).items():
                self.text(v, f"封面.{key}")
        money = self.money(top["收支"][1]) if "收支" in top else None
        scores = self.indicators(top["指标"][1], money) if "指标" in top else None
        if not self.errors and money and scores:
            self.figures = self.summary(dept, year, money, scores)

    def date(self, node, path):
        """报告日期, 年-月-日 (§1)."""
        t = self.text(node, path)
        m = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", (t or "").strip())
        try:
            datetime.date(*map(int, m.groups()))
        except (AttributeError, ValueError):
            if t is not None:
                self.error(node, path, f"{t!r} is not a date 年-月-日")

    def overview(self, node):
        o = self.mapping(node, "概况", OVERVIEW_KEYS)
        if "职能" in o:
            self.paragraphs(o["职能"][1], "概况.职能")
        if "机构" in o:
            for key, (_, v) in self.mapping(o["机构"][1], "概况.机构", ORG_KEYS).items():
                p = f"概况.机构.{key}"
                if self.kind(v) == "number":  # §6.4: a count instead of names
                    self.count(v, p)
                elif self.kind(v) == "seq":
                    self.paragraphs(v, p)
                else:
                    # Not in the contract (a list or a count), but seed 002 writes
                    # the names as one line separated by 、, as the tool reads.
                    self.text(v, p)
        if "人员" in o:
            # §1's four counts and, §6.4, any further count in the order written.
            staff = {key: self.count(v, f"概况.人员.{key}")
                     for key, (_, v) in self.mapping(o["人员"][1], "概况.人员").items()}
            if (staff.get("编制数") is not None and staff.get("在职人数") is not None
                    and staff["在职人数"] > staff["编制数"]):
                self.warn(o["人员"][1], "概况.人员", "在职人数 > 编制数")
        if "重点工作" in o:
            self.works(o["重点工作"][1], "概况.重点工作")

    def works(self, node, path):
        """重点工作: a list; each a string, or {标题, 内容} with at least one.
        One string alone is read as a list of one, like 职能."""
        items = node.value if self.kind(node) == "seq" else [node]
        for i, item in enumerate(items):
            if self.blank_entry(item, WORK_KEYS):
                continue
            p = f"{path}[{i + 1}]"
            if self.kind(item) != "map":
                self.text(item, p)
                continue
            w = self.mapping(item, p, WORK_KEYS)
            texts = [self.text(w[key][1], f"{p}.{key}") for key in WORK_KEYS if key in w]
            if not any(t and t.strip() for t in texts):
                self.error(item, p, "a 重点工作 needs a 标题 or a 内容")

    def signatures(self, node):
        s = self.mapping(node, "签字", SIGN_KEYS)
        for key, (_, v) in s.items():
            if key != "评价人员":
                self.text(v, f"签字.{key}")
        if "评价人员" not in s:
            return
        people = s["评价人员"][1]
        if self.kind(people) != "seq":
            self.error(people, "签字.评价人员", "expected a list of people")
            return
        for i, person in enumerate(people.value):
            if self.blank_entry(person, EVALUATOR_KEYS):
                continue
            p = f"签字.评价人员[{i + 1}]"
            m = self.mapping(person, p, EVALUATOR_KEYS)
            self.require(person, m, "姓名", p)
            for key, (_, v) in m.items():
                self.text(v, f"{p}.{key}")

    # ---- 收支 ---------------------------------------------------------------
    def projects(self, node, path):
        """A 项目支出 list: the exact sum of its 金额; names must differ (§6.4)."""
        if self.kind(node) != "seq":
            self.error(node, path, "expected a list of projects (- 名称: …)")
            return Decimal(0)
        total, seen = Decimal(0), {}
        for i, item in enumerate(node.value):
            if self.blank_entry(item, PROJECT_KEYS):
                continue
            p = f"{path}[{i + 1}]"
            m = self.mapping(item, p, PROJECT_KEYS)
            for key in ("名称", "金额"):
                self.require(item, m, key, p)
            name = self.text(m["名称"][1], f"{p}.名称") if "名称" in m else None
            if name is not None and name in seen:
                self.error(item, p, f"project {name} written twice: lines "
                           f"{seen[name]} and {item.start_mark.line + 1}")
            elif name is not None:
                seen[name] = item.start_mark.line + 1
            amount = self.number(m["金额"][1], f"{p}.金额") if "金额" in m else None
            total += amount or 0
            budget = self.number(m["预算"][1], f"{p}.预算") if "预算" in m else None
            if amount is not None and budget is not None and amount > budget:
                self.warn(m["金额"][1], f"{p}.金额", "金额 above its 预算 (§6.2)")
            if "说明" in m:
                self.text(m["说明"][1], f"{p}.说明")
        return total

    def money(self, node):
        """收支: totals, the stated figures of §2 and the execution rate."""
        s = self.mapping(node, "收支", MONEY_KEYS)
        if self.kind(node) != "map":
            return None
        # 基本支出 is not marked optional in §1, and 支出合计 is built on it;
        # 项目支出 may be absent (no projects), 收入 too (seed 000).
        self.require(node, s, "基本支出", "收支")
        unit = "万元"
        if "金额单位" in s:
            unit = self.text(s["金额单位"][1], "收支.金额单位")
            if unit is not None and unit not in ("万元", "元"):
                self.error(s["金额单位"][1], "收支.金额单位", f"金额单位 must be 万元 or 元, not {unit!r}")
                unit = "万元"
        income = self.tree(s["收入"][1], "收支.收入") if "收入" in s else None
        basic = self.tree(s["基本支出"][1], "收支.基本支出") if "基本支出" in s else Decimal(0)
        projects = self.projects(s["项目支出"][1], "收支.项目支出") if "项目支出" in s else Decimal(0)
        spending = basic + projects
        if "项目支出合计" in s:
            self.stated(s["项目支出合计"][1], "收支.项目支出合计", projects)
        if "支出合计" in s:
            self.stated(s["支出合计"][1], "收支.支出合计", spending)
        if "结余" in s:
            if income is None:
                self.error(s["结余"][1], "收支.结余", "结余 is stated but there is no 收入 to check it against")
            else:
                self.stated(s["结余"][1], "收支.结余", income - spending)
        if income is not None and income < spending:
            self.warn(s["收入"][1], "收支.收入", "computed 结余 below zero (§6.2)")
        if "支出经济分类" in s:
            # §6.2: its total must equal 支出合计, judged like a stated figure
            # at the precision its own amounts are written in (§6.3).
            econ = self.tree(s["支出经济分类"][1], "收支.支出经济分类")
            if not matches(econ, spending):
                self.error(s["支出经济分类"][1], "收支.支出经济分类",
                           f"total {econ} differs from 支出合计 {spending}")
        if "上年" in s:
            self.last_year(s["上年"][1])
        if "三公经费" in s:
            for key, (_, v) in self.mapping(s["三公经费"][1], "收支.三公经费", SANGONG_KEYS).items():
                self.tree(v, f"收支.三公经费.{key}")
        for key in OTHER_TREES:
            if key in s:
                self.tree(s[key][1], f"收支.{key}")
        if "资产" in s:
            for key, (_, v) in self.mapping(s["资产"][1], "收支.资产", ASSET_KEYS).items():
                self.number(v, f"收支.资产.{key}")
        budget, rate = self.execution(node, s, spending)
        return {"unit": unit, "income": income, "basic": basic, "projects": projects,
                "spending": spending, "budget": budget, "rate": rate,
                "has_budget": "预算" in s}

    def execution(self, node, s, spending):
        """(预算数, 执行率 in percent as an exact Fraction) per §3 and §6.2;
        (None, None) without 预算."""
        if "预算" not in s:
            self.warn(node, "收支", "no 收支.预算: no 执行率 is computed (§6.2)")
            return None, None
        node = s["预算"][1]
        b = {key: (v, self.number(v, f"收支.预算.{key}"))
             for key, (_, v) in self.mapping(node, "收支.预算", BUDGET_KEYS).items()}
        base_key = "全年预算数" if "全年预算数" in b else "年初预算数" if "年初预算数" in b else None
        if base_key is None:
            self.error(node, "收支.预算", "预算 needs 全年预算数 or 年初预算数")
            return None, None
        base_node, base = b[base_key]
        executed = spending
        if "全年执行数" in b and b["全年执行数"][1] is not None:
            executed = b["全年执行数"][1]
            if abs(executed - spending) * 10 > spending:
                self.warn(b["全年执行数"][0], "收支.预算.全年执行数", "differs from 支出合计 by more than 10%")
        if base is None:
            return None, None
        if base == 0:
            self.error(base_node, f"收支.预算.{base_key}", f"{base_key} is 0: no 执行率")
            return base, None
        rate = Fraction(executed) * 100 / Fraction(base)
        if rate > 100:
            self.warn(base_node, f"收支.预算.{base_key}", "执行率 above 100%")
        return base, rate

    def last_year(self, node):
        """上年: last year's figures, checked like this year's where stated."""
        m = self.mapping(node, "收支.上年", LAST_KEYS)
        if "收入" in m:
            self.tree(m["收入"][1], "收支.上年.收入")
        basic = self.tree(m["基本支出"][1], "收支.上年.基本支出") if "基本支出" in m else None
        projects = None
        if "项目支出" in m:
            projects = self.projects(m["项目支出"][1], "收支.上年.项目支出")
            if "项目支出合计" in m:
                self.stated(m["项目支出合计"][1], "收支.上年.项目支出合计", projects)
        elif "项目支出合计" in m:
            projects = self.number(m["项目支出合计"][1], "收支.上年.项目支出合计")
        if "支出合计" in m:
            if basic is not None and projects is not None:
                self.stated(m["支出合计"][1], "收支.上年.支出合计", basic + projects)
            else:
                self.number(m["支出合计"][1], "收支.上年.支出合计")

    # ---- 指标 ---------------------------------------------------------------
    def score_pair(self, node, entries, path):
        """The (分值, 得分) of one score: both needed, 得分 in [0, 分值] (§3)."""
        w = self.number(entries["分值"][1], f"{path}.分值", "分值") if "分值" in entries else None
        s = self.number(entries["得分"][1], f"{path}.得分", "得分") if "得分" in entries else None
        if "分值" not in entries or "得分" not in entries:
            self.error(node, path, "a score needs both 分值 and 得分")
        if w is not None and s is not None and s > w:
            self.error(entries["得分"][1], f"{path}.得分", f"得分 {s} above 分值 {w}")
        return w or Decimal(0), s or Decimal(0)

    def rows(self, node, path):
        """三级 rows: [(node, entries, path)]. A row's 名称 may be blank:
        §6.7 names a blank indicator carrying 分值 as a warning case."""
        if self.kind(node) != "seq":
            self.error(node, path, "expected a list of 三级指标 (- 名称: …)")
            return []
        out = []
        for i, item in enumerate(node.value):
            if self.blank_entry(item, ROW_KEYS):
                continue
            p = f"{path}[{i + 1}]"
            m = self.mapping(item, p, ROW_KEYS)
            for key in ("名称", "指标值", "完成值", "偏差"):
                if key in m:
                    self.text(m[key][1], f"{p}.{key}")
            out.append((item, m, p))
        return out

    def level_tree(self, ind):
        """The 一级 → 二级 → 三级 tree as written: [(一级 node, entries,
        path, [(二级 node, entries or None for a list, path, rows)])]."""
        groups = []
        for name in (key for key in ind if key in LEVELS):
            gnode = ind[name][1]
            gp = f"指标.{name}"
            g = self.mapping(gnode, gp, GROUP_OWN_KEYS + LEVELS[name])
            if "说明" in g:
                self.paragraphs(g["说明"][1], f"{gp}.说明")
            subs = []
            for sub in (key for key in g if key in LEVELS[name]):
                snode, sp = g[sub][1], f"{gp}.{sub}"
                if self.kind(snode) == "map":  # §6.1: a 二级 as a map
                    m = self.mapping(snode, sp, SUB_MAP_KEYS)
                    if "说明" in m:
                        self.paragraphs(m["说明"][1], f"{sp}.说明")
                    rows = self.rows(m["指标"][1], f"{sp}.指标") if "指标" in m else []
                    subs.append((snode, m, sp, rows))
                else:
                    subs.append((snode, None, sp, self.rows(snode, sp)))
            groups.append((gnode, g, gp, subs))
        return groups

    @staticmethod
    def scored(entries):
        return entries is not None and ("分值" in entries or "得分" in entries)

    def group_scores(self, group):
        """(weight, score) of a 一级 by §6.1: each 三级 row under exactly one
        score, at the row, its 二级 or its 一级; a 一级's 分值/得分 above
        scored rows are stated totals, checked."""
        gnode, g, gp, subs = group
        below = any(self.scored(m) or any(self.scored(r) for _, r, _ in rows)
                    for _, m, _, rows in subs)
        if self.scored(g) and not below:
            return self.score_pair(gnode, g, gp)
        weight = score = Decimal(0)
        for snode, m, sp, rows in subs:
            rows_scored = any(self.scored(r) for _, r, _ in rows)
            if self.scored(m) and rows_scored:
                self.error(snode, sp, "分值/得分 written at both this 二级 and its 三级 rows")
            elif self.scored(m):
                w, s = self.score_pair(snode, m, sp)
                weight, score = weight + w, score + s
                continue
            for rnode, r, rp in rows:
                if self.scored(r):
                    w, s = self.score_pair(rnode, r, rp)
                    weight, score = weight + w, score + s
                else:
                    self.error(rnode, rp, "this 三级 row lies under no score (no 分值/得分 at 三级, 二级 or 一级)")
        for key, computed in (("分值", weight), ("得分", score)):
            if key in g:
                self.stated(g[key][1], f"{gp}.{key}", computed, key)
        return weight, score

    def indicators(self, node, money):
        """指标: the total score and grade (§2, §3, §6.1, §6.2)."""
        ind = self.mapping(node, "指标", INDICATOR_KEYS)
        if self.kind(node) != "map":
            return None
        if "总体目标" in ind:
            for key, (_, v) in self.mapping(ind["总体目标"][1], "指标.总体目标", GOAL_KEYS).items():
                self.text(v, f"指标.总体目标.{key}")
        if "说明" in ind:
            self.paragraphs(ind["说明"][1], "指标.说明")
        groups = self.level_tree(ind)
        stated_grade = None
        if "等级" in ind:
            stated_grade = self.text(ind["等级"][1], "指标.等级")
            if stated_grade is not None and stated_grade not in GRADES:
                self.error(ind["等级"][1], "指标.等级",
                           f"等级 {stated_grade!r} is none of {'/'.join(GRADES)}")
                stated_grade = None
        any_score = "预算执行率" in ind or any(
            self.scored(g) or any(self.scored(m) or any(self.scored(r) for _, r, _ in rows)
                                  for _, m, _, rows in subs)
            for _, g, _, subs in groups)
        if not any_score and "总分" in ind:
            # §6.1 unscored: 总分 and 等级 taken as given, with a warning.
            total = self.number(ind["总分"][1], "指标.总分", "总分")
            self.warn(ind["总分"][1], "指标.总分", "no 分值/得分 anywhere: 总分 and 等级 taken as written")
            if total is None:
                return None
            return {"total": total, "grade": stated_grade or grade(total)}
        total = self.scored_total(node, ind, groups, money)
        if total is None:
            return None
        g = grade(total)
        if "总分" in ind:
            self.stated(ind["总分"][1], "指标.总分", total, "总分")
        if stated_grade is not None and GRADES[stated_grade] != g:
            self.error(ind["等级"][1], "指标.等级", f"stated {stated_grade} but 总分 {total} is {g}")
        # §6.1: a stated 等级 is printed as written; else the short grade.
        return {"total": total, "grade": stated_grade or g}

    def scored_total(self, node, ind, groups, money):
        """预算执行率得分 + every score's 得分, after the weight checks."""
        has_budget = money is not None and money["has_budget"]
        rate_weight = rate_score = None
        if "预算执行率" in ind:
            rnode = ind["预算执行率"][1]
            if money is not None and not has_budget:
                self.error(rnode, "指标.预算执行率", "no 收支.预算, so 预算执行率 must be absent (§6.2)")
            r = self.mapping(rnode, "指标.预算执行率", RATE_KEYS)
            self.require(rnode, r, "分值", "指标.预算执行率")
            rate_weight = self.number(r["分值"][1], "指标.预算执行率.分值", "分值") if "分值" in r else None
            rule = None
            if rate_weight is not None and money is not None and money["rate"] is not None:
                rule = rate_rule(money["rate"], rate_weight)
            rate_score = rule
            if "得分" in r:
                given = self.number(r["得分"][1], "指标.预算执行率.得分", "得分")
                if given is not None and rate_weight is not None and given > rate_weight:
                    self.error(r["得分"][1], "指标.预算执行率.得分", f"得分 {given} above 分值 {rate_weight}")
                elif given is not None and rule is not None and given != rule:
                    self.warn(r["得分"][1], "指标.预算执行率.得分", f"given {given}, the rule gives {rule}; kept")
                rate_score = given
        elif has_budget:
            # With a budget the rate is scored: §1 lists 预算执行率 without
            # "optional", and §6.2 only lets it go when 预算 is absent.
            self.error(node, "指标.预算执行率", "missing required key 预算执行率 (收支.预算 is given)")
        weights = rate_weight or Decimal(0)
        scores = rate_score or Decimal(0)
        split = {"预算执行率": rate_weight}
        for group in groups:
            w, s = self.group_scores(group)
            split[group[2].split(".")[1]] = w
            weights, scores = weights + w, scores + s
        if weights != 100:
            self.error(node, "指标", f"预算执行率 分值 plus every score's 分值 is {weights}, not 100")
        elif rate_weight is not None and any(split.get(k) != v for k, v in STANDARD_SPLIT.items()):
            self.warn(node, "指标", "weights are not the standard 10/50/30/10")
        return scores

    # ---- the summary row ---------------------------------------------------
    @staticmethod
    def summary(dept, year, money, scores):
        """The figures of the county summary's row, as displayed: amounts in
        万元 with 2 decimals (元 divided by 10 000 exactly, then rounded
        once), the rate as a percentage, the total with 2 decimals."""
        per_wan = Decimal(10000) if money["unit"] == "元" else Decimal(1)

        def wan(x):
            return None if x is None else shown(x / per_wan)

        return {"单位": dept, "年度": year,
                "收入合计": wan(money["income"]), "基本支出": wan(money["basic"]),
                "项目支出": wan(money["projects"]), "支出合计": wan(money["spending"]),
                "预算数": wan(money["budget"]),
                "执行率": shown(money["rate"]) + "%" if money["rate"] is not None else None,
                "总分": shown(scores["total"]), "等级": scores["grade"]}


# --------------------------------------------------------------------------
# A run over several files.

YAML_ENDINGS = (".yaml.txt", ".yml.txt", ".yaml", ".yml")  # §5, §6.6


def files_of(args):
    """[(path, name)]: a folder gives every YAML file below it, named by its
    path inside the folder; a file is named by its file name."""
    out = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.name.endswith(YAML_ENDINGS))
            out += [(f, f.relative_to(p).as_posix()) for f in found]
        elif p.is_file():
            out.append((p, p.name))
        else:
            print(f"check_data.py: no such file or folder: {a}", file=sys.stderr)
            sys.exit(2)
    return out


def check_run(files):
    """Checks every file, then the rules of one run (§6.6)."""
    deps = []
    for path, name in files:
        d = Department(path, name)
        d.run()
        deps.append(d)
    # §6.6: two files with the same 单位 and 年度 are both rejected.
    seen = Counter(d.identity for d in deps if d.identity)
    for d in deps:
        if d.identity and seen[d.identity] > 1:
            others = [o.name for o in deps if o is not d and o.identity == d.identity]
            d.error(d.dept_node, "单位", f"单位重复: {d.identity[0]} {d.identity[1]} is also in {'、'.join(others)}")
            d.figures = None
    # §6.6: a 年度 unlike most of the run's draws a warning.
    years = Counter(d.identity[1] for d in deps if d.identity)
    if years:
        common = years.most_common(1)[0][0]
        for d in deps:
            if d.identity and d.identity[1] != common:
                d.warn(d.year_node, "年度", f"年度 {d.identity[1]} differs from most files' {common}")
    return deps


def where(d, m):
    at = f"{d.path}:{m['line']}:{m['column']}" if m["line"] else str(d.path)
    return f"{at}: {m['path'] or '(file)'}: {m['message']}"


def main(argv):
    want_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if any(a.startswith("-") for a in args):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 0 if args[0] in ("-h", "--help") else 2
    deps = check_run(files_of(args or ["data"]))
    rejected = sum(bool(d.errors) for d in deps)
    if want_json:
        out = {"files": [{"file": d.name, "path": str(d.path), "accepted": not d.errors,
                          "errors": d.errors, "warnings": d.warnings, "figures": d.figures}
                         for d in deps],
               "accepted": len(deps) - rejected, "rejected": rejected}
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for d in deps:
            f = d.figures
            if f:
                print(f"{d.name}  {f['单位']} {f['年度']}  收入合计 {f['收入合计'] or '-'}  "
                      f"基本支出 {f['基本支出']}  项目支出 {f['项目支出']}  支出合计 {f['支出合计']}  "
                      f"预算数 {f['预算数'] or '-'}  执行率 {f['执行率'] or '-'}  "
                      f"总分 {f['总分']}  等级 {f['等级']}  (万元)")
            else:
                print(f"{d.name}  REJECTED")
            for w in d.warnings:
                print(f"    warning: {where(d, w)}")
            for e in d.errors:
                print(f"    ERROR: {where(d, e)}")
        print(f"{len(deps)} file(s), {len(deps) - rejected} accepted, {rejected} rejected")
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
