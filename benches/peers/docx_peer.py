#!/usr/bin/env python3
"""docxtpl peer: every department YAML -> DOCX through PyPI `docxtpl`.

    .venv-bench/bin/python benches/peers/docx_peer.py DATA_DIR -o OUT [-j N]
    .venv-bench/bin/python benches/peers/docx_peer.py --template-only report.docx

The Word template is not committed: build_template() writes it with
python-docx once per run, in the parent process before any worker is forked
(counted in the run's time: about 0.7 s, python-docx being slow at building
merged table cells). It holds styles after GB/T 9704 (仿宋_GB2312 3号 body on a 28.95 pt grid, 黑体 and
楷体_GB2312 headings, 方正小标宋简体 title, A4 with 37/35/28/26 mm margins,
“— n —” page numbers), the report's paragraphs as Jinja text ported from
templates/hunan/report.tera, control lines as docxtpl `{%p %}` paragraphs,
table loops as `{%tr %}` rows, and the 一级/二级 (and 类别) columns merged by
a w:vMerge whose value (restart/continue) the template computes per row.

Per department: YAML (libyaml) -> model.py (decimal figures) ->
DocxTemplate.render(autoescape) -> DOCX, written to a temporary name and
renamed (all-or-nothing). docxtpl needs a fresh DocxTemplate per render
(render edits it in place) and compiles the whole document.xml as a Jinja
template on every render: about two thirds of its time per department.
"""

import io
import re
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402
import jinja2  # noqa: E402
import model  # noqa: E402
from docx import Document  # noqa: E402
from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

# --------------------------------------------------------------------------
# The report body, one paragraph a line: STYLE TEXT. `ctl` lines are Jinja
# control paragraphs ({%p … %}); `table NAME` inserts a table built below.

BODY = r"""
ctl {% set f = finance %}{% set s = scores %}{% set ov = overview %}
title {{ year }}年度{{ dept }}整体支出绩效自评报告
h1 一、部门（单位）基本情况
ctl {% set n = 0 %}
ctl {% if ov.duties %}{% set n = n + 1 %}
h2 （{{ cn[n] }}）单位职能
ctl {% if ov.duties | length == 1 %}
p {{ ov.duties[0] }}
ctl {% else %}{% for d in ov.duties %}
p （{{ loop.index }}）{{ d }}
ctl {% endfor %}{% endif %}
ctl {% endif %}
ctl {% if ov.internal or ov.secondary or ov.staff.any %}{% set n = n + 1 %}
h2 （{{ cn[n] }}）机构设置及人员情况
ctl {% if ov.internal or ov.secondary %}
p 本单位{% if ov.internal %}内设机构{{ ov.internal | length }}个：{{ ov.internal | join("、") }}{% endif %}{% if ov.internal and ov.secondary %}；{% endif %}{% if ov.secondary %}下属二级机构{{ ov.secondary | length }}个：{{ ov.secondary | join("、") }}{% endif %}。
ctl {% endif %}
ctl {% if ov.staff.any %}
p 人员情况：{% for i in ov.staff["items"] %}{{ i.name }}{{ i.count }}人{% if not loop.last %}，{% endif %}{% endfor %}。
ctl {% endif %}
ctl {% endif %}
ctl {% if ov.works %}{% set n = n + 1 %}
h2 （{{ cn[n] }}）{{ year }}年度重点工作
ctl {% for w in ov.works %}
p {{ loop.index }}.{% if w.title %}{{ w.title }}。{% endif %}{{ w.content }}
ctl {% endfor %}
ctl {% endif %}
h1 二、一般公共预算支出情况
ctl {% if f.income %}
p {{ year }}年度本单位收入合计{{ f.income.total }}{{ unit }}{% if f.income["items"] %}，其中：{% for i in f.income["items"] %}{{ i.name }}{{ i.amount }}{{ unit }}{% if i.share %}，占{{ i.share }}{% endif %}{% if not loop.last %}；{% endif %}{% endfor %}{% endif %}。支出合计{{ f.spending }}{{ unit }}{% if f.balance %}，年末结余{{ f.balance }}{{ unit }}{% endif %}。
ctl {% else %}
p {{ year }}年度本单位支出合计{{ f.spending }}{{ unit }}。
ctl {% endif %}
p 支出合计{{ f.spending }}{{ unit }}中，基本支出{{ f.basic.total }}{{ unit }}{% if f.basic_share %}，占{{ f.basic_share }}{% endif %}；项目支出{{ f.projects_total }}{{ unit }}{% if f.projects_share %}，占{{ f.projects_share }}{% endif %}。{% if f.last and f.last.spending %}支出合计比上年{{ ch(f.last.spending) }}。{% endif %}
h2 （一）基本支出情况
p 基本支出{{ f.basic.total }}{{ unit }}{% if f.last and f.last.basic %}，比上年{{ ch(f.last.basic) }}{% endif %}{% if f.basic["items"] %}。其中：{% for i in f.basic["items"] %}{{ i.name }}{{ i.amount }}{{ unit }}{% if i.share %}，占基本支出的{{ i.share }}{% endif %}{% if f.last %}{% for c in f.last.basic_items %}{% if c.name == i.name %}，比上年{{ ch(c.change) }}{% endif %}{% endfor %}{% endif %}{% if not loop.last %}；{% endif %}{% endfor %}{% endif %}。基本支出主要用于保障机构正常运转和完成日常工作任务。
h2 （二）项目支出情况
ctl {% if f.projects %}
p 项目支出{{ f.projects_total }}{{ unit }}，共{{ f.projects | length }}个项目{% if f.last and f.last.projects %}，比上年{{ ch(f.last.projects) }}{% endif %}。具体如下：
ctl {% for p in f.projects %}
p {{ loop.index }}.{{ p.name }}{{ p.amount }}{{ unit }}{% if p.share %}，占项目支出的{{ p.share }}{% endif %}{% if p.budget %}；项目预算{{ p.budget }}{{ unit }}{% if p.rate %}，执行率{{ p.rate }}{% endif %}{% endif %}{% if p.note %}。主要用于：{{ p.note }}{% endif %}{% if not p.note or not p.note.endswith("。") %}。{% endif %}
ctl {% endfor %}
ctl {% else %}
p 本年度无项目支出。
ctl {% endif %}
ctl {% if f.sangong %}{% set sg = f.sangong %}
h2 （三）“三公”经费情况
p {% if sg.budget %}“三公”经费预算{{ sg.budget.total }}{{ unit }}，{% endif %}{% if sg.actual %}实际支出{{ sg.actual.total }}{{ unit }}{% if sg.rate %}，占预算的{{ sg.rate }}{% endif %}{% if sg.change %}，比上年{{ ch(sg.change) }}{% endif %}{% if sg.actual["items"] %}。其中：{% for i in sg.actual["items"] %}{{ i.name }}{{ i.amount }}{{ unit }}{% if not loop.last %}，{% endif %}{% endfor %}{% endif %}{% endif %}。
ctl {% endif %}
h1 三、政府性基金预算支出情况
p {{ other(f.gov_fund, "政府性基金预算支出") }}
h1 四、国有资本经营预算支出情况
p {{ other(f.state_capital, "国有资本经营预算支出") }}
h1 五、社会保险基金预算支出情况
p {{ other(f.social_insurance, "社会保险基金预算支出") }}
h1 六、部门整体支出绩效情况
h2 （一）预算执行情况
p {% if f.budget_initial %}年初预算数{{ f.budget_initial }}{{ unit }}，{% endif %}{% if f.budget_full %}全年预算数{{ f.budget_full }}{{ unit }}，{% endif %}全年执行数{{ f.spending }}{{ unit }}，预算执行率为{{ f.rate }}（执行数÷{{ f.budget_base_name }}）。该指标分值{{ s.rate_weight }}分，得{{ s.rate_score }}分。
ctl {% set n = 1 %}
ctl {% if s.goal_expected or s.goal_achieved %}{% set n = n + 1 %}
h2 （{{ cn[n] }}）总体绩效目标完成情况
ctl {% if s.goal_expected %}
p 年度总体目标：{{ s.goal_expected }}
ctl {% endif %}
ctl {% if s.goal_achieved %}
p 实际完成情况：{{ s.goal_achieved }}
ctl {% endif %}
ctl {% endif %}
ctl {% for g in s.groups %}
h2 （{{ cn[n + loop.index] }}）{{ g.name }}指标完成情况
p {{ g.name }}指标分值{{ g.weight }}分，自评得分{{ g.score }}分。{% for sub in g.subs %}{{ sublabel(sub.name) }}：{% for it in sub["items"] %}“{{ it.name }}”指标值{{ it.target }}，完成值{{ it.actual }}，得{{ it.score }}分{% if it.lost %}（分值{{ it.weight }}分）{% endif %}{% if not loop.last %}；{% endif %}{% endfor %}。{% endfor %}
ctl {% for sub in g.subs %}{% for it in sub["items"] %}{% if it.lost and it.deviation %}
p “{{ it.name }}”扣分原因：{{ it.deviation }}
ctl {% endif %}{% endfor %}{% endfor %}
ctl {% endfor %}
ctl {% set n = n + s.groups | length %}
ctl {% if f.procurement or f.assets %}{% set n = n + 1 %}
h2 （{{ cn[n] }}）政府采购及资产管理情况
ctl {% if f.procurement %}
p {{ year }}年度政府采购支出{{ f.procurement.total }}{{ unit }}{% if f.procurement["items"] %}，其中：{% for i in f.procurement["items"] %}{{ i.name }}类{{ i.amount }}{{ unit }}{% if not loop.last %}，{% endif %}{% endfor %}{% endif %}。
ctl {% endif %}
ctl {% if f.assets %}
p 年末{% if f.assets.total %}资产总额{{ f.assets.total }}{{ unit }}{% endif %}{% if f.assets.total and f.assets.liabilities %}，{% endif %}{% if f.assets.liabilities %}负债总额{{ f.assets.liabilities }}{{ unit }}{% endif %}{% if f.assets.net %}，净资产{{ f.assets.net }}{{ unit }}{% endif %}。
ctl {% endif %}
ctl {% endif %}
h2 （{{ cn[n + 1] }}）自评结论
p 经自评，本单位{{ year }}年度部门整体支出绩效自评总分{{ s.total }}分（满分100分），其中预算执行率得分{{ s.rate_score }}分{% for g in s.groups %}，{{ g.name }}指标得分{{ g.score }}分{% endfor %}，自评等级为“{{ s.grade }}”。
h1 七、存在的问题及原因分析
ctl {% for q in problems %}
p {{ loop.index }}.{{ q }}
ctl {% else %}
p 无。
ctl {% endfor %}
h1 八、下一步改进措施
ctl {% for m in measures %}
p {{ loop.index }}.{{ m }}
ctl {% else %}
p 无。
ctl {% endfor %}
h1 九、部门整体支出绩效自评结果拟应用和公开情况
p {% if application %}{{ application }}{% else %}本单位将把{{ year }}年度部门整体支出绩效自评结果作为以后年度编制预算、安排项目资金和改进管理的重要依据，针对自评发现的问题认真整改；自评报告将按规定在本单位门户网站或政府信息公开平台公开，接受社会监督。{% endif %}
h1 十、其他需要说明的情况
p {{ other_text or "无。" }}
blank
pl 附件：1.{{ dept }}{{ year }}年度部门整体支出绩效评价基础数据表
pl 　　　2.{{ year }}年度部门整体支出绩效自评表
blank
pr {{ dept }}（盖章）
pr {{ ymd(date) }}
pagebreak
attach 附件1
caption {{ dept }}{{ year }}年度部门整体支出绩效评价基础数据表
pr 金额单位：{{ unit }}
table basic
ctl {% if f.projects %}
table projects
ctl {% endif %}
ctl {% if f.sangong %}
table sangong
ctl {% endif %}
ctl {% if ov.staff.any %}
table staff
ctl {% endif %}
pagebreak
attach 附件2
caption {{ year }}年度部门整体支出绩效自评表
pl 单位名称（盖章）：{{ dept }}
table execution
table scores
blank
pl 填表人：{{ sign.filler or "" }}　　填报日期：{{ ymd(date) }}　　联系电话：{{ sign.phone or "" }}
pl 单位负责人签字：{{ sign.head or "" }}　　　　单位（盖章）：
ctl {% if sign.evaluators %}
caption 绩效自评工作小组成员
ctl {% if sign.leader %}
pl 评价组组长（签字）：{{ sign.leader }}
ctl {% endif %}
table evaluators
ctl {% endif %}
"""

# Jinja macros the paragraphs call, imported by the first paragraph (a docxtpl
# control paragraph keeps one tag only, so they live in the environment's loader).
MACROS = (
    '{% macro ch(c) %}{% if c.word == "持平" %}持平{% else %}{{ c.word }}{{ c.diff }}{{ unit }}'
    '{% if c.rate %}，{{ c.rate_word }}{{ c.rate }}{% endif %}{% endif %}{% endmacro %}'
    '{% macro other(b, what) %}{% if b %}{{ year }}年度{{ what }}{{ b.total }}{{ unit }}{% if b["items"] %}，其中：'
    '{% for i in b["items"] %}{{ i.name }}{{ i.amount }}{{ unit }}{% if not loop.last %}；{% endif %}{% endfor %}'
    '{% endif %}。{% else %}本单位{{ year }}年度无{{ what }}。{% endif %}{% endmacro %}'
    '{% macro sublabel(x) %}{{ x }}{% if not (x.endswith("度") or x.endswith("影响") or x.endswith("效益")) %}指标'
    '{% endif %}{% endmacro %}'
    '{% macro ymd(d) %}{% if d %}{{ d.year }}年{{ d.month }}月{{ d.day }}日{% else %}　　年　　月　　日{% endif %}'
    '{% endmacro %}'
)
IMPORT = '{% from "macros" import ch, other, sublabel, ymd with context %}'

STYLE_OF = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "p": "Normal", "pl": "Plain",
            "pr": "Plain", "attach": "Attach", "caption": "Caption"}

TABLE_WIDTHS = {  # relative column widths, as report.tera's widths=
    "basic": (2, 7, 3, 2), "projects": (8, 3, 3, 3, 3), "sangong": (5, 3, 3, 3), "staff": (1, 1, 1, 1),
    "execution": (7, 8, 16, 11, 11, 6, 6, 19), "scores": (7, 8, 16, 11, 11, 6, 6, 19),
    "evaluators": (3, 4, 6, 4),
}


def fonts(style_or_rpr, name):
    """Sets all four font slots (eastAsia is the one Word uses for 汉字)."""
    rpr = style_or_rpr.element.get_or_add_rPr() if hasattr(style_or_rpr, "element") else style_or_rpr
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.insert(0, rf)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rf.set(qn(slot), name)


def styles(doc):
    st = doc.styles
    normal = st["Normal"]
    fonts(normal, "仿宋_GB2312")
    normal.font.size = Pt(16)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28.95)
    pf.first_line_indent = Pt(32)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, font, size, align, indent in (
            ("Title", "方正小标宋简体", 22, WD_ALIGN_PARAGRAPH.CENTER, 0),
            ("Caption", "方正小标宋简体", 18, WD_ALIGN_PARAGRAPH.CENTER, 0),
            ("Heading 1", "黑体", 16, None, 32), ("Heading 2", "楷体_GB2312", 16, None, 32)):
        s = st[name]
        s.base_style = normal
        fonts(s, font)
        s.font.size = Pt(size)
        s.font.bold = False
        s.font.italic = False
        s.font.color.rgb = None
        p = s.paragraph_format
        p.space_before = Pt(0)
        p.space_after = Pt(14 if name in ("Title", "Caption") else 0)
        p.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        p.line_spacing = Pt(33 if name == "Title" else 28.95)
        p.first_line_indent = Pt(indent)
        p.keep_with_next = True
        if align is not None:
            p.alignment = align
    for name, font, size in (("Plain", None, 16), ("Attach", "黑体", 16), ("Cell", None, 12)):
        s = st.add_style(name, 1)
        s.base_style = normal
        if font:
            fonts(s, font)
        s.font.size = Pt(size)
        s.paragraph_format.first_line_indent = Pt(0)
        if name == "Cell":
            s.paragraph_format.line_spacing = Pt(15.6)
            s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(28)
    foot = sec.footer.paragraphs[0]
    foot.style = st["Plain"]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("— ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    foot._p.append(fld)
    foot.add_run(" —")


def cell_text(cell, text, align=None, bold_font=None):
    p = cell.paragraphs[0]
    p.style = "Cell"
    if align == "l":
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    elif align == "r":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = p.add_run(text)
    if bold_font:
        fonts(run._r.get_or_add_rPr(), bold_font)


def vmerge(cell, expr):
    """A w:vMerge whose value the template computes (restart on a run's first row, else continue)."""
    tcpr = cell._tc.get_or_add_tcPr()
    vm = OxmlElement("w:vMerge")
    vm.set(qn("w:val"), "{% if " + expr + " %}restart{% else %}continue{% endif %}")
    tcpr.append(vm)


def table(doc, name):
    w = TABLE_WIDTHS[name]
    head = {"basic": ["类别", "项目", "金额", "占比"],
            "projects": ["项目名称", "预算数", "执行数", "执行率", "占项目支出"],
            "sangong": ["项目", "预算数", "决算数", "上年决算数"],
            "staff": ["编制数", "在职人数", "退休人数", "其他人数"],
            "scores": ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
            "evaluators": ["姓名", "职务", "单位", "签字"]}.get(name)
    title = {"projects": "项目支出明细（{{ unit }}）", "sangong": "“三公”经费（{{ unit }}）",
             "staff": "人员情况（人）"}.get(name)
    t = doc.add_table(rows=0, cols=len(w))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(w)
    for i, col in enumerate(t.columns):
        col.width = Mm(156 * w[i] / total)

    def row(texts, aligns=None, font=None):
        r = t.add_row()
        for i, (c, x) in enumerate(zip(r.cells, texts)):
            c.width = Mm(156 * w[i] / total)
            if x is not None:
                cell_text(c, x, aligns[i] if aligns else None, font)
        return r

    def loop_row(tag):
        r = t.add_row()
        r.cells[0].paragraphs[0].add_run("{%tr " + tag + " %}")

    if title:
        r = row([title] + [None] * (len(w) - 1), font="黑体")
        r.cells[0].merge(r.cells[-1])
    if name == "execution":
        r = row(["预算执行情况（{{ unit }}）", None, "年初预算数", "{{ finance.budget_base_name }}（A）",
                 "全年执行数（B）", "分值", "得分", "执行率（B/A）"])
        r2 = row([None, None, "{{ finance.budget_initial or \"\" }}", "{{ finance.budget_base }}",
                  "{{ finance.spending }}", "{{ scores.rate_weight }}", "{{ scores.rate_score }}", "{{ finance.rate }}"])
        r.cells[0].merge(r2.cells[1])
        loop_row("if scores.goal_expected or scores.goal_achieved")
        r = row(["年度总体目标", None, "预期目标", None, None, "实际完成情况", None, None])
        r2 = row([None, None, "{{ scores.goal_expected or \"\" }}", None, None, "{{ scores.goal_achieved or \"\" }}", None, None],
                 aligns="cclllll" + "l")
        r.cells[0].merge(r2.cells[1])
        r.cells[2].merge(r.cells[4])
        r.cells[5].merge(r.cells[7])
        r2.cells[2].merge(r2.cells[4])
        r2.cells[5].merge(r2.cells[7])
        loop_row("endif")
        return t
    if head:
        r = row(head, font="黑体")
        if name in ("basic", "scores", "projects", "sangong", "evaluators"):
            tr = r._tr.get_or_add_trPr()
            tr.append(OxmlElement("w:tblHeader"))
        if name == "staff":
            r = row(["{{ overview.staff.quota or \"\" }}", "{{ overview.staff.active or \"\" }}",
                     "{{ overview.staff.retired or \"\" }}", "{{ overview.staff.other or \"\" }}"])
            return t
    if name == "basic":
        loop_row("for r in tables.basic")
        r = row(["{{ r.cat }}", "{{ r.name }}", "{{ r.amount }}", "{{ r.share }}"], aligns="clrr")
        vmerge(r.cells[0], "r.span")
        loop_row("endfor")
    elif name == "projects":
        loop_row("for p in finance.projects")
        row(["{{ p.name }}", "{{ p.budget or \"\" }}", "{{ p.amount }}", "{{ p.rate or \"\" }}", "{{ p.share or \"\" }}"],
            aligns="lrrrr")
        loop_row("endfor")
        row(["合计", "", "{{ finance.projects_total }}", "", "100.00%"], aligns="lrrrr")
    elif name == "sangong":
        loop_row("for r in finance.sangong.rows")
        row(["{{ r.name }}", "{{ r.budget or \"\" }}", "{{ r.actual or \"\" }}", "{{ r.last or \"\" }}"], aligns="lrrr")
        loop_row("endfor")
        sg = "finance.sangong"
        row(["合计"] + ["{% if " + sg + "." + k + " %}{{ " + sg + "." + k + ".total }}{% endif %}"
                      for k in ("budget", "actual", "last")], aligns="lrrr")
    elif name == "scores":
        loop_row("for r in tables.scores")
        r = row(["{{ r.g }}", "{{ r.s }}", "{{ r.name }}", "{{ r.target }}", "{{ r.actual }}", "{{ r.weight }}",
                 "{{ r.score }}", "{{ r.deviation }}"], aligns="ccllcccl")
        vmerge(r.cells[0], "r.gspan")
        vmerge(r.cells[1], "r.sspan")
        loop_row("endfor")
        r = row(["总分", None, None, None, None, "100", "{{ scores.total }}", "自评等级：{{ scores.grade }}"])
        r.cells[0].merge(r.cells[4])
    elif name == "evaluators":
        loop_row("for e in sign.evaluators")
        row(["{{ e.name }}", "{{ e.title }}", "{{ e.unit }}", ""])
        loop_row("endfor")
    return t


def build_template(path):
    doc = Document()
    styles(doc)
    body = doc.element.body
    first = True
    page_break = False
    for line in BODY.strip().splitlines():
        kind, _, text = line.partition(" ")
        if kind == "table":
            table(doc, text)
            # a spacer: two tables with nothing between them would join into one
            doc.add_paragraph(style="Cell")
            continue
        if kind == "pagebreak":
            page_break = True
            continue
        if kind == "blank":
            doc.add_paragraph(style="Plain")
            continue
        if kind == "ctl":
            # a control paragraph docxtpl removes, keeping its one {%p %} tag
            tags = re.findall(r"{%\s*(.*?)\s*%}", text)
            if first:
                tags.insert(0, IMPORT[3:-3].strip())
                first = False
            for tag in tags:
                doc.add_paragraph(style="Plain").add_run("{%p " + tag + " %}")
            continue
        p = doc.add_paragraph(style=STYLE_OF.get(kind, "Plain"))
        if page_break:
            p.paragraph_format.page_break_before = True
            page_break = False
        if kind == "pr":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(text)
    # body[-1] is sectPr: python-docx keeps it last
    assert body[-1].tag == qn("w:sectPr")
    doc.save(path)


# --------------------------------------------------------------------------

_template = None
_env = None


def prepare():
    """The template, built once in the parent process; pool workers inherit the bytes."""
    global _template
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "report.docx"
        build_template(p)
        _template = p.read_bytes()


def init():
    global _env
    _env = jinja2.Environment(loader=jinja2.DictLoader({"macros": MACROS}))


def work(src, dst):
    ctx = model.load(src)
    ctx["other_text"] = ctx.pop("other")  # `other` is a macro name in the template
    tpl = DocxTemplate(io.BytesIO(_template))
    tpl.render(ctx, jinja_env=_env, autoescape=True)
    tmp = dst + ".tmp"
    tpl.save(tmp)
    os.replace(tmp, dst)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--template-only":
        build_template(sys.argv[2])
        sys.exit(0)
    sys.exit(common.run(common.args(__doc__.splitlines()[0]), ".docx", init, work, prepare))
