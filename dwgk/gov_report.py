"""The 政府信息公开工作年度报告 in the national format (国办公开办函〔2021〕30号, domain.md §10).

Section 三 counts the register's 依申请公开 requests:

* 一、本年新收 — received in the year;
* 二、上年结转 — received before 1 January and not concluded before it;
* 三、办理结果 — concluded in the year, by outcome;
* 四、结转下年 — received by 31 December and not concluded by then.

Section 四 counts the appeals and lawsuits filed in the year, with the result each had on
31 December. Section 二's figures and the texts of 一, 五 and 六 come from
``reports/<year>.yaml`` (see :mod:`dwgk.report_input`).

The report checks the format's own identities and refuses (``Refused`` T020, exit 1) rather
than render tables that do not add up. "本年二 = 上年四" is checked against what last year's
report *published* (``carried_over`` in this year's file, or ``carried_out`` in last year's):
the register's own count of last year's 四 is the same computation as this year's 二, so
comparing the two would prove nothing. Without a published figure the identity is reported
as not checked, and the JSON says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping, Sequence

from dwgk import gov_overview
from dwgk import report_input as ri
from dwgk import requests as requests_api
from dwgk.diag import Diagnostic, ExitCode, Refused
from dwgk.model import Register
from dwgk.opinion_docs import section as opinion_section
from dwgk.public import View, view
from dwgk.render import Cell, Document, Table, grid_table, header_paths, number, paragraphs
from dwgk.reports import category_of, check_year, doc_date, of_kind, ordered_counter, published_in

APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
TOTAL = "总计"
REQUEST_COLUMNS = APPLICANT_COLUMNS + (TOTAL,)
RESULTS = "三、本年度办理结果"

# (outcome code, group label, row label) in the order of the official table.
RESULT_ROWS: tuple[tuple[str, str, str], ...] = (
    ("予以公开", "", "（一）予以公开"),
    ("部分公开", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("不予公开-国家秘密", "（三）不予公开", "1.属于国家秘密"),
    ("不予公开-法律法规禁止", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("不予公开-三安全一稳定", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("不予公开-第三方权益", "（三）不予公开", "4.保护第三方合法权益"),
    ("不予公开-内部事务", "（三）不予公开", "5.属于三类内部事务信息"),
    ("不予公开-过程性信息", "（三）不予公开", "6.属于四类过程性信息"),
    ("不予公开-行政执法案卷", "（三）不予公开", "7.属于行政执法案卷"),
    ("不予公开-行政查询事项", "（三）不予公开", "8.属于行政查询事项"),
    ("无法提供-不掌握", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("无法提供-需另行制作", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("无法提供-补正后仍不明确", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("不予处理-信访举报投诉", "（五）不予处理", "1.信访举报投诉类申请"),
    ("不予处理-重复申请", "（五）不予处理", "2.重复申请"),
    ("不予处理-公开出版物", "（五）不予处理", "3.要求提供公开出版物"),
    ("不予处理-大量反复申请", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("不予处理-确认或重新出具", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ("其他处理-逾期不补正", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("其他处理-逾期未缴费", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("其他处理-其他", "（六）其他处理", "3.其他"),
)
OUTCOME_CODES = tuple(code for code, _, _ in RESULT_ROWS)
ROW_NEW = "一、本年新收政府信息公开申请数量"
ROW_CARRIED_IN = "二、上年结转政府信息公开申请数量"
ROW_RESULT_TOTAL = "（七）总计"
ROW_CARRIED_OUT = "四、结转下年度继续办理"
IDENTITY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

APPEAL_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
APPEAL_RESULTS = {"维持": "结果维持", "纠正": "结果纠正", "其他": "其他结果", "未审结": "尚未审结"}

SECTION_TITLES = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                  "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项")
DOC_COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")
CARRIED = "本年二=上年四"


@dataclass
class DataTable:
    """A table as data: official row labels and cells keyed by official column labels."""

    title: str
    columns: tuple[str, ...]
    rows: list[dict] = field(default_factory=list)  # {"label", "group": [...], "key", "cells": {col: v}}
    note: str = ""

    def add(self, label: str, cells: Mapping[str, Any], key: str = "", group: Sequence[str] = ()) -> None:
        self.rows.append({"label": label, "group": list(group), "key": key or label,
                          "cells": {c: cells.get(c, 0) for c in self.columns}})

    def row(self, key: str) -> dict:
        return next(r for r in self.rows if r["key"] == key)

    def to_json(self, paths: Mapping[str, str] | None = None) -> dict:
        """Rows with their cells; ``paths`` renames the columns (to their full header path)."""
        name = (lambda c: paths.get(c, c)) if paths else (lambda c: c)  # noqa: E731
        out = {"title": self.title, "columns": [name(c) for c in self.columns],
               "rows": [dict(r, cells={name(c): v for c, v in r["cells"].items()}) for r in self.rows]}
        if self.note:
            out["note"] = self.note
        return out

    def md(self, label_header: str = "项目", caption: bool = False) -> Table:
        """Flat form for Markdown: group labels joined to the row label."""
        rows = tuple((" ".join([*r["group"], r["label"]]), *(number(r["cells"][c]) for c in self.columns))
                     for r in self.rows)
        return Table(head=(), body=(), md_columns=(label_header, *self.columns), md_rows=rows,
                     caption=self.title if caption else "")


# ================================================================ section 三: requests

@dataclass
class Problem:
    """A request whose data cannot be counted as it stands."""

    request: str
    path: str
    message: str


@dataclass
class RequestCounts:
    year: int
    new: Counter = field(default_factory=Counter)
    carried_in: Counter = field(default_factory=Counter)
    results: dict[str, Counter] = field(default_factory=lambda: {c: Counter() for c in OUTCOME_CODES})
    carried_out: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)


def count_requests(requests: Iterable[Any], year: int, api: Any = None) -> RequestCounts:
    """Section 三 as counters by applicant column (no totals yet). ``api`` provides
    ``closed_on`` and ``outcome`` (default: :mod:`dwgk.requests`)."""
    api = api or requests_api
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    rc = RequestCounts(year)
    for req in requests:
        col, received = req.applicant_type, req.received
        if received is None:
            rc.problems.append(Problem(req.id, req.path, "没有收到日期"))
            continue
        if received > dec31:
            continue
        if col not in APPLICANT_COLUMNS:
            rc.problems.append(Problem(req.id, req.path, f"申请人类型“{col}”无法归入报告的列（可选："
                                                          + "、".join(APPLICANT_COLUMNS) + "）"))
            continue
        closed, out = api.closed_on(req), api.outcome(req)
        if closed is not None and closed < received:
            rc.problems.append(Problem(req.id, req.path, f"办结日期 {closed} 早于收到日期 {received}"))
        if received.year == year:
            rc.new[col] += 1
        if received < jan1 and (closed is None or closed >= jan1):
            rc.carried_in[col] += 1
        if closed is not None and jan1 <= closed <= dec31:
            if out in rc.results:
                rc.results[out][col] += 1
            else:
                rc.problems.append(Problem(req.id, req.path, f"已于 {closed} 办结，但办理结果“{out or '（未记录）'}”"
                                                              "不是年度报告的结果类别"))
        if closed is None or closed > dec31:
            rc.carried_out[col] += 1
    return rc


def _cells(counter: Mapping[str, int]) -> dict[str, int]:
    cells = {c: int(counter.get(c, 0)) for c in APPLICANT_COLUMNS}
    cells[TOTAL] = sum(cells.values())
    return cells


def request_table(rc: RequestCounts) -> DataTable:
    t = DataTable("收到和处理政府信息公开申请情况", REQUEST_COLUMNS, note=IDENTITY_NOTE)
    t.add(ROW_NEW, _cells(rc.new), key="new")
    t.add(ROW_CARRIED_IN, _cells(rc.carried_in), key="carried_in")
    total: Counter = Counter()
    for code, group, label in RESULT_ROWS:
        t.add(label, _cells(rc.results[code]), key=code, group=[RESULTS, group] if group else [RESULTS])
        total.update(rc.results[code])
    t.add(ROW_RESULT_TOTAL, _cells(total), key="result_total", group=[RESULTS])
    t.add(ROW_CARRIED_OUT, _cells(rc.carried_out), key="carried_out")
    return t


# ================================================================ section 四: appeals

def count_appeals(requests: Iterable[Any], year: int, api: Any = None) -> DataTable:
    """行政复议 / 行政诉讼 (未经复议直接起诉, 复议后起诉) filed in the year, with the result each
    had on 31 December (one decided later counts as 尚未审结)."""
    api = api or requests_api
    rows = {"review": Counter(), "direct": Counter(), "after": Counter()}
    for req in requests:
        for a in api.appeals(req):
            if a.date.year != year:
                continue
            key = "review" if a.kind == "行政复议" else ("after" if a.after_review else "direct")
            rows[key][APPEAL_RESULTS.get(a.result_on(date(year, 12, 31)) or "", "其他结果")] += 1
    t = DataTable("政府信息公开行政复议、行政诉讼情况", APPEAL_COLUMNS)
    for key, label, group in (("review", "行政复议", []), ("direct", "未经复议直接起诉", ["行政诉讼"]),
                              ("after", "复议后起诉", ["行政诉讼"])):
        cells = {c: int(rows[key].get(c, 0)) for c in APPEAL_COLUMNS[:4]}
        cells["总计"] = sum(cells.values())
        t.add(label, cells, key=key, group=group)
    return t


# ================================================================ section 二: from the reports file

def proactive_tables(fig: Mapping[str, Any]) -> list[DataTable]:
    t1 = DataTable("第二十条第（一）项", DOC_COLUMNS)
    for key, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        t1.add(label, dict(zip(DOC_COLUMNS, (fig[key][k] for k in ri.DOC_KEYS))), key=key)
    t5 = DataTable("第二十条第（五）项", ("本年处理决定数量",))
    t5.add("行政许可", {"本年处理决定数量": fig["licensing"]}, key="licensing")
    t6 = DataTable("第二十条第（六）项", ("本年处理决定数量",))
    t6.add("行政处罚", {"本年处理决定数量": fig["penalty"]}, key="penalty")
    t6.add("行政强制", {"本年处理决定数量": fig["coercion"]}, key="coercion")
    t8 = DataTable("第二十条第（八）项", ("本年收费金额（单位：万元）",))
    t8.add("行政事业性收费", {"本年收费金额（单位：万元）": fig["fees"]}, key="fees")
    return [t1, t5, t6, t8]


# ================================================================ layouts (the official grids)

def _num(v: Any) -> Cell:
    return Cell(number(v), cls="num")


def layout_proactive(tables: list[DataTable]) -> Table:
    """Four blocks, each headed by its article: the table may run onto the next page between
    blocks, never inside one (see gbt9704.css: ``tr:has(> th.group)``)."""
    body: list[tuple[Cell, ...]] = []
    for t in tables:
        body.append((Cell(t.title, colspan=4, head=True, cls="group"),))
        span = 3 // len(t.columns)
        body.append((Cell("信息内容", head=True), *(Cell(c, colspan=span, head=True) for c in t.columns)))
        for r in t.rows:
            body.append((Cell(r["label"], cls="label"),
                         *(Cell(number(r["cells"][c]), colspan=span, cls="num") for c in t.columns)))
    return Table(head=(), body=tuple(body), widths=(34, 22, 22, 22), cls="data blocks")


def layout_requests(t: DataTable) -> Table:
    """28 rows under three header rows, printed on one page."""
    head = (
        (Cell(IDENTITY_NOTE, colspan=3, rowspan=3, head=True), Cell("申请人情况", colspan=7, head=True)),
        (Cell("自然人", rowspan=2, head=True), Cell("法人或其他组织", colspan=5, head=True),
         Cell("总计", rowspan=2, head=True)),
        tuple(Cell(c, head=True) for c in APPLICANT_COLUMNS[1:]),
    )
    body: list[tuple[Cell, ...]] = []
    nums = lambda r: tuple(_num(r["cells"][c]) for c in REQUEST_COLUMNS)  # noqa: E731
    body.append((Cell(ROW_NEW, colspan=3, cls="label"), *nums(t.row("new"))))
    body.append((Cell(ROW_CARRIED_IN, colspan=3, cls="label"), *nums(t.row("carried_in"))))
    result_rows = [r for r in t.rows if r["group"][:1] == [RESULTS]]
    lead: list[Cell] = [Cell(RESULTS, rowspan=len(result_rows), cls="label")]
    i = 0
    while i < len(result_rows):
        r = result_rows[i]
        if len(r["group"]) > 1:
            members = [x for x in result_rows if x["group"][1:] == r["group"][1:]]
            for k, m in enumerate(members):
                cells = [*lead, Cell(r["group"][1], rowspan=len(members), cls="label")] if k == 0 else []
                body.append((*cells, Cell(m["label"], cls="label"), *nums(m)))
                lead = []
            i += len(members)
            continue
        body.append((*lead, Cell(r["label"], colspan=2, cls="label"), *nums(r)))
        lead = []
        i += 1
    body.append((Cell(ROW_CARRIED_OUT, colspan=3, cls="label"), *nums(t.row("carried_out"))))
    # kept on one page (it fits one): a break inside would part （五）不予处理 and 三、本年度办理结果 from their rows
    return Table(head=head, body=tuple(body), widths=(5, 9, 40, *([46 / 7] * 7)), cls="data compact keep")


def layout_appeals(t: DataTable) -> Table:
    head = (
        (Cell("行政复议", colspan=5, head=True), Cell("行政诉讼", colspan=10, head=True)),
        (*(Cell(c, rowspan=2, head=True) for c in APPEAL_COLUMNS),
         Cell("未经复议直接起诉", colspan=5, head=True), Cell("复议后起诉", colspan=5, head=True)),
        tuple(Cell(c, head=True) for c in APPEAL_COLUMNS * 2),
    )
    body = (tuple(_num(r["cells"][c]) for r in t.rows for c in APPEAL_COLUMNS),)
    return Table(head=head, body=body, widths=tuple([1] * 15), cls="data compact narrow keep")


def table_json(t: DataTable) -> dict:
    """A table of the report as ``--format json`` gives it (sections 三 and 四 in their official
    layout, see ``_table_json``)."""
    return _table_json(t, layout_requests(t) if t.columns == REQUEST_COLUMNS else None,
                       layout_appeals(t) if t.columns == APPEAL_COLUMNS else None)


def _table_json(t: DataTable, req_grid: Table | None, app_grid: Table | None) -> dict:
    """Section 三's cells keyed by their full header path ("申请人情况/法人或其他组织/商业企业");
    section 四 as the one row of 15 figures it is printed as ("行政诉讼/复议后起诉/总计")."""
    if t.columns == REQUEST_COLUMNS:
        return t.to_json(dict(zip(REQUEST_COLUMNS, header_paths(req_grid, 3))))
    if t.columns == APPEAL_COLUMNS:
        paths = header_paths(app_grid)
        cells = dict(zip(paths, (r["cells"][c] for r in t.rows for c in APPEAL_COLUMNS)))
        return {"title": t.title, "columns": paths,
                "rows": [{"label": "行政复议、行政诉讼", "group": [], "key": "appeals", "cells": cells}]}
    return t.to_json()


# ================================================================ identities

@dataclass
class IdentityFailure:
    identity: str
    detail: str


@dataclass(frozen=True)
class Published:
    """A figure an earlier published report gave for 四、结转下年度继续办理."""

    value: Any  # a total, or a mapping column → number
    source: str  # where it was recorded, for messages


def published_carry(register: Register, year: int) -> list[Published]:
    """What last year's published report gave as 结转下年: this year's ``carried_over``
    and last year's ``carried_out``, whichever the clerk recorded."""
    out = []
    this, last = ri.annual_input(register, year), ri.annual_input(register, year - 1)
    if this.get("carried_over") is not None:
        out.append(Published(this["carried_over"], f"{ri.path_of(year)} 的 carried_over"))
    if last.get("carried_out") is not None:
        out.append(Published(last["carried_out"], f"{ri.path_of(year - 1)} 的 carried_out"))
    return out


def _against(row: Mapping[str, int], pub: Published, identity: str, what: str) -> list[IdentityFailure]:
    value = pub.value if isinstance(pub.value, Mapping) else {TOTAL: pub.value}
    fails = []
    for c, v in value.items():
        if c not in REQUEST_COLUMNS:
            fails.append(IdentityFailure(identity, f"{pub.source}中的列名“{c}”无效（可用：" + "、".join(REQUEST_COLUMNS) + "）"))
        elif isinstance(v, bool) or not isinstance(v, int):
            fails.append(IdentityFailure(identity, f"{pub.source}中“{c}”的值“{v}”不是整数"))
        elif row[c] != v:
            fails.append(IdentityFailure(identity, f"第三部分“{c}”列：{what}按登记簿计为 {row[c]}，而 {pub.source}记录的已公布数为 {v}"))
    return fails


def check_identities(req: DataTable, appeals: DataTable, last_year: Sequence[Published] = (),
                     this_year: Sequence[Published] = ()) -> list[IdentityFailure]:
    """The format's own identities; an empty list means the tables add up. ``last_year``:
    last year's published 四 (for 本年二=上年四); ``this_year``: this report's own 四 as
    published (re-rendering a published report must give the same figures)."""
    fails: list[IdentityFailure] = []
    new, cin = req.row("new")["cells"], req.row("carried_in")["cells"]
    tot, cout = req.row("result_total")["cells"], req.row("carried_out")["cells"]
    for c in REQUEST_COLUMNS:
        left, right = new[c] + cin[c], tot[c] + cout[c]
        if left != right:
            fails.append(IdentityFailure(
                "一+二=（七）总计+四",
                f"第三部分“{c}”列：一+二 = {new[c]}+{cin[c]} = {left}，而（七）总计+四 = {tot[c]}+{cout[c]} = {right}"))
    for r in req.rows:
        six = sum(r["cells"][c] for c in APPLICANT_COLUMNS)
        if six != r["cells"][TOTAL]:
            fails.append(IdentityFailure("总计列=六类申请人之和",
                                         f"第三部分“{r['label']}”行：六类申请人合计 {six}，总计列为 {r['cells'][TOTAL]}"))
    result_rows = [r for r in req.rows if r["key"] in OUTCOME_CODES]
    for c in REQUEST_COLUMNS:
        s = sum(r["cells"][c] for r in result_rows)
        if s != tot[c]:
            fails.append(IdentityFailure("（七）总计=各办理结果之和",
                                         f"第三部分“{c}”列：各办理结果之和 {s}，（七）总计为 {tot[c]}"))
    for pub in last_year:
        fails += _against(cin, pub, CARRIED, "本年“上年结转”")
    for pub in this_year:
        fails += _against(cout, pub, "四=已公布的结转数", "本年“结转下年度继续办理”")
    for r in appeals.rows:
        four = sum(r["cells"][c] for c in APPEAL_COLUMNS[:4])
        if four != r["cells"]["总计"]:
            fails.append(IdentityFailure("第四部分总计=前四项之和",
                                         f"第四部分“{' '.join([*r['group'], r['label']])}”：前四项之和 {four}，总计为 {r['cells']['总计']}"))
    return fails


def _refuse_identities(year: int, fails: list[IdentityFailure], problems: list[Problem]) -> None:
    diags = [Diagnostic("", 0, 0, "T020", f"勾稽关系“{f.identity}”不成立：{f.detail}") for f in fails]
    diags += [Diagnostic(p.path, 0, 0, "T022", f"申请 {p.request}：{p.message}") for p in problems]
    names = "、".join(dict.fromkeys(f"“{f.identity}”" for f in fails))
    raise Refused(f"{year} 年度报告的表格不满足勾稽关系{names}，不予生成。{fails[0].detail}",
                  "核对所列申请的收到日期、办结日期、办理结果和申请人类型（dwgk check 可列出登记簿中的问题），"
                  "以及 reports 文件中记录的已公布数字，改正后重新生成。", "T020", diagnostics=diags)


# ================================================================ the document

def refuse_party_register(register: Register) -> None:
    raise Refused(f"本登记簿的配置方案（{register.profile.title}）是党组织的党务公开，"
                  "党组织不编制政府信息公开工作年度报告",
                  "党务公开情况年度通报用 dwgk report annual --kind 党务（党务方案默认就是它）。",
                  "T026", exit_code=ExitCode.USAGE)


def annual_gov_document(register: Register, year: int, today: date, *, draft: bool = False,
                        api: Any = None, locate: ri.Locator | None = None,
                        shown_to: View | None = None) -> Document:
    """The 政府信息公开工作年度报告 (for society): items are counted as ``shown_to`` (the 社会
    :func:`dwgk.public.view`, with the approved revisions the cli found) has them."""
    if register.profile.kind == "党务":
        refuse_party_register(register)
    notes = check_year(year, today, draft)
    data = ri.annual_input(register, year)
    fig, problems = ri.proactive_figures(data)
    problems = ri.problems(data, ("problems", "other")) + ri.gov_overview_problems(data) + problems
    if problems and not draft:
        ri.refuse(register, year, problems, locate, f"{year} 年政府信息公开工作年度报告")

    rc = count_requests(register.requests, year, api)
    req = request_table(rc)
    appeals = count_appeals(register.requests, year, api)
    last_year = published_carry(register, year)
    this_year = ([Published(data["carried_out"], f"{ri.path_of(year)} 的 carried_out")]
                 if data.get("carried_out") is not None else [])
    fails = check_identities(req, appeals, last_year, this_year)
    if fails:
        _refuse_identities(year, fails, rc.problems)
    opening, missing = gov_overview.opening(register, year, SECTION_TITLES, draft)
    notes += missing
    if not last_year:
        notes.append(f"未核对“{CARRIED}”：{ri.path_of(year)} 没有 carried_over，{ri.path_of(year - 1)} 也没有 "
                     "carried_out（填上年年度报告公布的“结转下年度继续办理”数即可核对）。")

    shown = (shown_to or view(register, "社会")).items
    pub = published_in(register, of_kind(register, shown, "政务"), date(year, 1, 1), date(year, 12, 31))
    order = [e.category[0] for e in register.catalogue if e.category]
    by_category = ordered_counter(Counter(category_of(register, i) for i in pub), order)
    proactive = proactive_tables(fig)
    texts = {k: ri.text(data, k) or ri.PLACEHOLDER for k in ("problems", "other")}
    intro, overview = gov_overview.parts(data, (len(pub), by_category),
                                         {r["key"]: r["cells"] for r in req.rows}, TOTAL)
    org = register.config.org
    title = f"{org}{year}年政府信息公开工作年度报告"
    dated = doc_date(data, today)
    sections = [
        {"number": "一", "title": SECTION_TITLES[0], "text": intro, "parts": overview},
        {"number": "二", "title": SECTION_TITLES[1], "tables": proactive},
        {"number": "三", "title": SECTION_TITLES[2], "tables": [req]},
        {"number": "四", "title": SECTION_TITLES[3], "tables": [appeals]},
        {"number": "五", "title": SECTION_TITLES[4], "text": texts["problems"]},
        {"number": "六", "title": SECTION_TITLES[5], "text": texts["other"]},
    ]
    req_grid, app_grid = layout_requests(req), layout_appeals(appeals)
    ctx = {
        "org": org, "year": year, "title": title, "title_parts": (org, f"{year}年政府信息公开工作年度报告"),
        "date": dated, "today": today, "draft": draft, "partial": today if year == today.year else None,
        "sections": sections, "texts": texts, "opening": opening, "intro": intro, "overview": overview,
        "published": {"count": len(pub), "by_category": by_category},
        "proactive": proactive, "proactive_grid": layout_proactive(proactive),
        "proactive_md": [t.md("信息内容", caption=True) for t in proactive],
        "requests": req, "requests_grid": req_grid, "requests_md": grid_table(req_grid),
        "appeals": appeals, "appeals_grid": app_grid, "appeals_md": grid_table(app_grid),
        "placeholder": ri.PLACEHOLDER,
    }
    # a public document: the figures of 舆情 and 应急 handling only, under 六
    ctx["opinions"], opinions_json = opinion_section(register, date(year, 1, 1), date(year, 12, 31), today,
                                                     number="（一）", detail=False, span=f"{year}年")
    if ctx["opinions"]:
        ctx["opinions"]["heading"] = "舆情回应和突发事件信息发布情况"
    checks = [{"identity": i, "ok": True} for i in
              ("一+二=（七）总计+四", "总计列=六类申请人之和", "（七）总计=各办理结果之和")]
    checks.append({"identity": CARRIED, "ok": True if last_year else None,
                   "against": [p.source for p in last_year]})
    if this_year:
        checks.append({"identity": "四=已公布的结转数", "ok": True, "against": [p.source for p in this_year]})
    checks.append({"identity": "第四部分总计=前四项之和", "ok": True})
    json_data = {
        "kind": "政务", "title": title, "org": org, "year": year, "date": dated.isoformat(), "draft": draft,
        "format": "国办公开办函〔2021〕30号",
        "opening": opening,
        "sections": [
            {"number": s["number"], "title": s["title"],
             **({"text": paragraphs(s["text"])} if "text" in s else {}),
             **({"parts": [{"title": p["title"], "text": paragraphs(p["text"]), "facts": p["facts"]}
                           for p in s["parts"]]} if "parts" in s else {}),
             **({"tables": [_table_json(t, req_grid, app_grid) for t in s["tables"]]} if "tables" in s else {})}
            for s in sections],
        "published": {"count": len(pub), "by_category": dict(by_category)},
        "checks": checks,
    }
    if opinions_json is not None:
        json_data["opinions"] = opinions_json
    return Document("annual_gov", ctx, title, json_data, notes=notes)
