"""Figures, lists and tables for the 公开目录 and the reports: pure functions over a Register.

Safety first: every public-facing list is built here, in Python, by :func:`public_items`
and :func:`public_entries`; templates only lay out what they are given and never filter.

The 政府信息公开工作年度报告 follows 国办公开办函〔2021〕30号 (domain.md §10). Its section 三
counts the register's 依申请公开 requests:

* 一、本年新收 — received in the year;
* 二、上年结转 — received before 1 January and not concluded before it;
* 三、办理结果 — concluded in the year, by outcome;
* 四、结转下年 — received by 31 December and not concluded by then.

It checks the format's own identities and refuses (``Refused``, exit 1, code T020) rather
than render a report whose tables do not add up.

Figures that live outside the register, and the clerk's narrative text, come from
``reports/<year>.yaml`` (``register.annual[year]``)::

    # reports/2025.yaml — 2025 年度报告中登记簿以外的数字和文字
    overview: |            # 一、总体情况（文字；每行一段）
      2025年，本局坚持……
    proactive:             # 二、主动公开政府信息情况（第二十条第（一）（五）（六）（八）项）
      rules:      {issued: 0, repealed: 0, in_force: 0}    # 规章：本年制发、本年废止、现行有效件数
      normative:  {issued: 2, repealed: 1, in_force: 15}   # 行政规范性文件
      licensing: 120       # 行政许可：本年处理决定数量
      penalty: 8           # 行政处罚：本年处理决定数量
      coercion: 0          # 行政强制：本年处理决定数量
      fees: 0              # 行政事业性收费：本年收费金额（万元，可有小数）
    problems: |            # 五、存在的主要问题及改进情况
      ……
    other: |               # 六、其他需要报告的事项（含收取信息处理费情况）
      ……
    carried_over: 2        # 可选：上年年度报告公布的“结转下年度继续办理”总计（或按列的映射），
                           #       用于核对本年“上年结转”
    published: 2026-01-20  # 可选：报告公开日期（deadlines.py 据此判断年度报告是否按时）

The 党务公开情况年度通报 uses ``overview``, ``problems`` and ``other`` from the same file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable, Mapping, Sequence

from dwgk import workflow as wf
from dwgk.diag import Diagnostic, Refused
from dwgk.model import SCOPE_INNER, SCOPE_PUBLIC, SCOPES, TIMINGS, Entry, Item, Register
from dwgk.render import Cell, Document, Table, paragraphs, simple_table

AUDIENCES = ("党内", "社会")
TIMING_NAMES = {"长期": "长期公开", "定期": "定期公开", "及时": "及时公开", "随时": "随时公开"}
OUTSIDE = "目录外事项"

Locator = Callable[[str, tuple], tuple[int, int]]


# ================================================================ what may be public

def _secrecy_passed(profile: Any, item: Item, st: wf.State) -> bool:
    """Every secrecy step that applies was decided 可以公开/部分公开 (先审查、后公开)."""
    steps = [s for s in wf.applicable_steps(profile, item) if s.kind == "secrecy"]
    if not steps:
        return False
    return all(wf.step_passed(s, st.decisions.get(s.name), ()) for s in steps)


def item_public(profile: Any, item: Item) -> bool:
    """May this item appear in an output meant for society?

    Its 范围 is 向社会公开, its current version passed the secrecy review, it was published
    to society (in the current version), and it was not withheld.
    """
    if item.scope != SCOPE_PUBLIC:
        return False
    events = wf.current_revision(item)
    if any(e.action == "withhold" for e in events):
        return False
    st = wf.state(profile, item)
    if st.stage not in ("published", "archived"):
        return False
    if not _secrecy_passed(profile, item, st):
        return False
    return any(p.data.get("scope") == SCOPE_PUBLIC for p in st.publications)


def public_items(register: Register) -> tuple[Item, ...]:
    """The one filter for public outputs: items that may be shown to society."""
    return tuple(i for i in register.items if item_public(register.profile, i))


def item_inner(profile: Any, item: Item) -> bool:
    """May this item be named in a document for party members (党内公开 or 向社会公开)?"""
    if item.scope not in (SCOPE_INNER, SCOPE_PUBLIC):
        return False
    events = wf.current_revision(item)
    if any(e.action == "withhold" for e in events):
        return False
    st = wf.state(profile, item)
    if st.stage not in ("published", "archived") or not _secrecy_passed(profile, item, st):
        return False
    return any(p.data.get("scope") in (SCOPE_INNER, SCOPE_PUBLIC) for p in st.publications)


def of_kind(register: Register, items: Iterable[Item], kind: str | None) -> list[Item]:
    """In a register that keeps both (profile kind 党政务), the items of one kind."""
    if kind is None or getattr(register.profile, "kind", "") != "党政务":
        return list(items)
    return [i for i in items if i.kind == kind]


def inner_items(register: Register) -> tuple[Item, ...]:
    return tuple(i for i in register.items if item_inner(register.profile, i))


def public_entries(register: Register) -> tuple[Entry, ...]:
    """Catalogue entries whose 范围 is 向社会公开 (the 社会 version of the 公开目录)."""
    return tuple(e for e in register.catalogue if e.scope == SCOPE_PUBLIC)


def catalogue_entries(register: Register, audience: str) -> tuple[Entry, ...]:
    if audience == "社会":
        return public_entries(register)
    if audience == "党内":
        return tuple(register.catalogue)
    raise Refused(f"公开范围“{audience}”无效", "--audience 可选：党内、社会。", "T012", exit_code=2)


# ================================================================ small helpers

def timing_text(timing: str, cadence: str = "") -> str:
    name = TIMING_NAMES.get(timing, timing)
    return f"{name}（{cadence}）" if cadence else name


def category_of(register: Register, item: Item) -> str:
    e = register.entry(item.entry) if item.entry else None
    return e.category[0] if e is not None and e.category else OUTSIDE


def index_no(item: Item) -> str:
    return next((str(e.data["index_no"]) for e in item.history if e.data.get("index_no")), "")


def _in(d: date | None, start: date, end: date) -> bool:
    return d is not None and start <= d <= end


def _ordered_counter(counter: Mapping[str, int], order: Sequence[str] = ()) -> list[tuple[str, int]]:
    order = list(dict.fromkeys(order))
    first = [(k, counter[k]) for k in order if counter.get(k)]
    rest = sorted(((k, v) for k, v in counter.items() if k not in order and v), key=lambda kv: (-kv[1], kv[0]))
    return first + rest


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

    def to_json(self) -> dict:
        out = {"title": self.title, "columns": list(self.columns),
               "rows": [dict(r) for r in self.rows]}
        if self.note:
            out["note"] = self.note
        return out

    def md(self, label_header: str = "项目", caption: bool = False) -> Table:
        """Flat form for Markdown: group labels joined to the row label."""
        rows = tuple((" ".join([*r["group"], r["label"]]), *(_fmt(r["cells"][c]) for c in self.columns))
                     for r in self.rows)
        return Table(head=(), body=(), md_columns=(label_header, *self.columns), md_rows=rows,
                     caption=self.title if caption else "")


def _fmt(v: Any) -> str:
    from dwgk.render import number
    return number(v)


# ================================================================ the 公开目录

CATALOGUE_COLUMNS = ("序号", "类别", "公开事项", "公开内容", "公开范围", "公开形式", "公开时限", "责任部门")


def catalogue_rows(entries: Iterable[Entry]) -> list[dict]:
    return [{"no": n, "code": e.code, "category": "／".join(e.category), "name": e.name,
             "content": e.content, "scope": e.scope, "channels": "、".join(e.channels),
             "timing": timing_text(e.timing, e.cadence), "department": e.department}
            for n, e in enumerate(entries, 1)]


def catalogue_table(rows: list[dict]) -> Table:
    body = []
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1]["category"] == rows[i]["category"]:
            j += 1
        for k in range(i, j + 1):
            r = rows[k]
            cells = [Cell(r["no"], cls="center")]
            if k == i:
                cells.append(Cell(r["category"], rowspan=j - i + 1, cls="center"))
            cells += [Cell(r["name"]), Cell(r["content"]), Cell(r["scope"], cls="center"),
                      Cell(r["channels"]), Cell(r["timing"], cls="center"), Cell(r["department"], cls="center")]
            body.append(tuple(cells))
        i = j + 1
    head = (tuple(Cell(c, head=True) for c in CATALOGUE_COLUMNS),)
    md = tuple((str(r["no"]), r["category"], r["name"], r["content"], r["scope"], r["channels"],
                r["timing"], r["department"]) for r in rows)
    return Table(head=head, body=tuple(body), widths=(5, 12, 15, 27, 11, 11, 10, 10),
                 cls="data catalogue", md_columns=CATALOGUE_COLUMNS, md_rows=md)


def catalogue_document(register: Register, audience: str, today: date) -> Document:
    """The 公开目录 for 备案 (党内: every entry) or publication (社会: public entries only)."""
    version = getattr(register, "catalogue_version", 0) or None
    filed = getattr(register, "catalogue_filed", None)
    filed_with = getattr(register, "catalogue_filed_with", "") or ""
    entries = catalogue_entries(register, audience)  # filtered before the template sees it
    rows = catalogue_rows(entries)
    title = f"{register.config.org}党务公开目录" if register.profile.kind == "党务" \
        else f"{register.config.org}{'政务' if register.profile.kind == '政务' else '党务政务'}公开目录"
    subtitle = "（党内版）" if audience == "党内" else "（向社会公开版）"
    ctx = {"org": register.config.org, "title": title, "subtitle": subtitle, "audience": audience,
           "today": today, "version": version, "filed": filed, "filed_with": filed_with, "rows": rows,
           "table": catalogue_table(rows), "count": len(rows), "profile": register.profile.title}
    data = {"org": register.config.org, "audience": audience, "date": today.isoformat(),
            "version": version, "filed": filed.isoformat() if filed else None, "filed_with": filed_with or None,
            "columns": list(CATALOGUE_COLUMNS),
            "rows": [{"label": r["name"], "code": r["code"],
                      "cells": dict(zip(CATALOGUE_COLUMNS, (r["no"], r["category"], r["name"], r["content"],
                                                            r["scope"], r["channels"], r["timing"],
                                                            r["department"])))} for r in rows]}
    return Document("catalogue", ctx, title + subtitle, data)


# ================================================================ requests (依申请公开)

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


def requests_api() -> Any:
    """The requests module when it provides the agreed interface, else None."""
    try:
        from dwgk import requests as rq
    except ImportError:  # pragma: no cover - the module ships with dwgk
        return None
    if all(hasattr(rq, n) for n in ("OUTCOMES", "outcome", "closed_on", "appeals")):
        return rq
    return None


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


def count_requests(requests: Iterable[Any], year: int, api: Any) -> RequestCounts:
    """Section 三 as counters by applicant column (no totals yet)."""
    jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
    rc = RequestCounts(year)
    for req in requests:
        rid, path = str(getattr(req, "id", "")), str(getattr(req, "path", ""))
        col = str(getattr(req, "applicant_type", "") or "")
        received = getattr(req, "received", None)
        if received is None:
            rc.problems.append(Problem(rid, path, "没有收到日期"))
            continue
        if received > dec31:
            continue
        if col not in APPLICANT_COLUMNS:
            rc.problems.append(Problem(rid, path, f"申请人类型“{col}”无法归入报告的列（可选："
                                                  + "、".join(APPLICANT_COLUMNS) + "）"))
            continue
        closed = api.closed_on(req) if api else None
        out = api.outcome(req) if api else None
        if closed is not None and closed < received:
            rc.problems.append(Problem(rid, path, f"办结日期 {closed} 早于收到日期 {received}"))
        if received.year == year:
            rc.new[col] += 1
        if received < jan1 and (closed is None or closed >= jan1):
            rc.carried_in[col] += 1
        if closed is not None and jan1 <= closed <= dec31:
            if out in rc.results:
                rc.results[out][col] += 1
            else:
                rc.problems.append(Problem(rid, path, f"已于 {closed} 办结，但办理结果“{out or '（未记录）'}”"
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


def count_appeals(requests: Iterable[Any], year: int, api: Any) -> DataTable:
    """Section 四: 行政复议 / 行政诉讼 (未经复议直接起诉, 复议后起诉) filed in the year, with
    the result each had on 31 December (one decided later counts as 尚未审结)."""
    rows = {"review": Counter(), "direct": Counter(), "after": Counter()}
    for req in requests:
        for a in (api.appeals(req) if api else ()):
            d = getattr(a, "date", None)
            if d is None or d.year != year:
                continue
            kind = getattr(a, "kind", "")
            key = "review" if kind == "行政复议" else ("after" if getattr(a, "after_review", False) else "direct")
            # the result as it stood at the year's end (decided later → still 尚未审结 this year)
            result = a.result_on(date(year, 12, 31)) if hasattr(a, "result_on") else getattr(a, "result", "")
            rows[key][APPEAL_RESULTS.get(result or "", "其他结果")] += 1
    t = DataTable("政府信息公开行政复议、行政诉讼情况", APPEAL_COLUMNS)
    for key, label, group in (("review", "行政复议", []), ("direct", "未经复议直接起诉", ["行政诉讼"]),
                              ("after", "复议后起诉", ["行政诉讼"])):
        cells = {c: int(rows[key].get(c, 0)) for c in APPEAL_COLUMNS[:4]}
        cells["总计"] = sum(cells.values())
        t.add(label, cells, key=key, group=group)
    return t


# ---------------------------------------------------------------- section 二

PROACTIVE_KEYS = {"rules", "normative", "licensing", "penalty", "coercion", "fees"}
ANNUAL_KEYS = {"overview", "proactive", "problems", "other", "carried_over", "published"}
DOC_KEYS = ("issued", "repealed", "in_force")
DOC_COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")


@dataclass
class InputProblem:
    keypath: tuple
    message: str


def _count(v: Any, allow_float: bool = False) -> tuple[Any, str]:
    if isinstance(v, bool) or v is None:
        return None, "须为数字"
    if isinstance(v, int):
        return (v, "") if v >= 0 else (None, "不能为负数")
    if allow_float and isinstance(v, float):
        return (v, "") if v >= 0 else (None, "不能为负数")
    return None, "须为非负整数" if not allow_float else "须为非负数"


def proactive_figures(data: Mapping[str, Any] | None) -> tuple[dict, list[InputProblem]]:
    """Section 二's figures from reports/<year>.yaml, with what is missing or wrong."""
    problems: list[InputProblem] = []
    data = data if isinstance(data, Mapping) else {}
    raw = data.get("proactive")
    if not isinstance(raw, Mapping):
        problems.append(InputProblem(("proactive",) if "proactive" in data else (),
                                     "缺少 proactive（第二部分主动公开情况的数字）"))
        raw = {}
    for k in raw:
        if k not in PROACTIVE_KEYS:
            problems.append(InputProblem(("proactive", k), f"proactive 中有未知字段“{k}”（可用："
                                         + "、".join(sorted(PROACTIVE_KEYS)) + "）"))
    out: dict[str, Any] = {}
    for key, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        block = raw.get(key)
        if not isinstance(block, Mapping):
            if raw:
                problems.append(InputProblem(("proactive",), f"缺少 {key}（{label}的制发、废止、现行有效件数）"))
            out[key] = {k: None for k in DOC_KEYS}
            continue
        vals = {}
        for k in DOC_KEYS:
            v, why = _count(block.get(k))
            if why:
                problems.append(InputProblem(("proactive", key, k) if k in block else ("proactive", key),
                                             f"{label}的 {k} {why}"))
            vals[k] = v
        out[key] = vals
    for key, label, flt in (("licensing", "行政许可", False), ("penalty", "行政处罚", False),
                            ("coercion", "行政强制", False), ("fees", "行政事业性收费（万元）", True)):
        if key not in raw:
            if raw:
                problems.append(InputProblem(("proactive",), f"缺少 {key}（{label}）"))
            out[key] = None
            continue
        v, why = _count(raw.get(key), allow_float=flt)
        if why:
            problems.append(InputProblem(("proactive", key), f"{label} {why}"))
        out[key] = v
    return out, problems


def proactive_tables(fig: Mapping[str, Any]) -> list[DataTable]:
    t1 = DataTable("第二十条第（一）项", DOC_COLUMNS)
    for key, label in (("rules", "规章"), ("normative", "行政规范性文件")):
        t1.add(label, dict(zip(DOC_COLUMNS, (fig[key][k] for k in DOC_KEYS))), key=key)
    t5 = DataTable("第二十条第（五）项", ("本年处理决定数量",))
    t5.add("行政许可", {"本年处理决定数量": fig["licensing"]}, key="licensing")
    t6 = DataTable("第二十条第（六）项", ("本年处理决定数量",))
    t6.add("行政处罚", {"本年处理决定数量": fig["penalty"]}, key="penalty")
    t6.add("行政强制", {"本年处理决定数量": fig["coercion"]}, key="coercion")
    t8 = DataTable("第二十条第（八）项", ("本年收费金额（单位：万元）",))
    t8.add("行政事业性收费", {"本年收费金额（单位：万元）": fig["fees"]}, key="fees")
    return [t1, t5, t6, t8]


# ---------------------------------------------------------------- layouts (the official grids)

def _num(v: Any) -> Cell:
    return Cell(_fmt(v), cls="num")


def layout_proactive(tables: list[DataTable]) -> Table:
    body: list[tuple[Cell, ...]] = []
    for t in tables:
        body.append((Cell(t.title, colspan=4, head=True, cls="group"),))
        span = 3 // len(t.columns)
        body.append((Cell("信息内容", head=True),
                     *(Cell(c, colspan=span, head=True) for c in t.columns)))
        for r in t.rows:
            body.append((Cell(r["label"], cls="label"), *(Cell(_fmt(r["cells"][c]), colspan=span, cls="num")
                                                          for c in t.columns)))
    return Table(head=(), body=tuple(body), widths=(34, 22, 22, 22), cls="data keep")


def layout_requests(t: DataTable) -> Table:
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
    first = True
    i = 0
    while i < len(result_rows):
        r = result_rows[i]
        lead: list[Cell] = []
        if first:
            lead.append(Cell(RESULTS, rowspan=len(result_rows), cls="label"))
            first = False
        if len(r["group"]) > 1:
            group = r["group"][1]
            members = [x for x in result_rows if x["group"][1:] == [group]]
            for k, m in enumerate(members):
                cells = list(lead) if k == 0 else []
                if k == 0:
                    cells.append(Cell(group, rowspan=len(members), cls="label"))
                cells.append(Cell(m["label"], cls="label"))
                body.append((*cells, *nums(m)))
                lead = []
            i += len(members)
            continue
        body.append((*lead, Cell(r["label"], colspan=2, cls="label"), *nums(r)))
        i += 1
    body.append((Cell(ROW_CARRIED_OUT, colspan=3, cls="label"), *nums(t.row("carried_out"))))
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


# ---------------------------------------------------------------- identities

@dataclass
class IdentityFailure:
    identity: str
    detail: str


def check_identities(req: DataTable, appeals: DataTable, last_year_out: Mapping[str, int] | None,
                     carried_over: Any = None) -> list[IdentityFailure]:
    """The format's own identities; an empty list means the tables add up."""
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
    if last_year_out is not None:
        for c in REQUEST_COLUMNS:
            if cin[c] != last_year_out.get(c, 0):
                fails.append(IdentityFailure(
                    "本年二=上年四",
                    f"第三部分“{c}”列：本年“上年结转”为 {cin[c]}，上年“结转下年度继续办理”为 {last_year_out.get(c, 0)}"))
    if carried_over is not None:
        published = carried_over if isinstance(carried_over, Mapping) else {TOTAL: carried_over}
        for c, v in published.items():
            if c not in REQUEST_COLUMNS:
                fails.append(IdentityFailure("本年二=上年四", f"reports 文件 carried_over 中的列名“{c}”无效"))
            elif cin[c] != v:
                fails.append(IdentityFailure(
                    "本年二=上年四",
                    f"第三部分“{c}”列：本年“上年结转”按登记簿计为 {cin[c]}，上年年度报告公布的结转数为 {v}"))
    for r in appeals.rows:
        four = sum(r["cells"][c] for c in APPEAL_COLUMNS[:4])
        if four != r["cells"]["总计"]:
            fails.append(IdentityFailure("第四部分总计=前四项之和",
                                         f"第四部分“{' '.join([*r['group'], r['label']])}”：前四项之和 {four}，总计为 {r['cells']['总计']}"))
    return fails


# ---------------------------------------------------------------- the 政务 annual report

SECTION_TITLES = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                  "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项")
SECTION_NUMBERS = ("一", "二", "三", "四", "五", "六")
PLACEHOLDER = "【待填写】"


def _annual_input(register: Register, year: int) -> Mapping[str, Any]:
    data = register.annual.get(year) if register.annual else None
    return data if isinstance(data, Mapping) else {}


def _input_problems(data: Mapping[str, Any], texts: Sequence[str]) -> list[InputProblem]:
    problems = [InputProblem((k,), f"未知字段“{k}”（可用：" + "、".join(sorted(ANNUAL_KEYS)) + "）")
                for k in data if k not in ANNUAL_KEYS]
    for key in texts:
        v = data.get(key)
        if not isinstance(v, str) or not v.strip():
            problems.append(InputProblem((key,) if key in data else (), f"缺少 {key}（{ANNUAL_TEXT_NAMES[key]}的文字）"))
    return problems


ANNUAL_TEXT_NAMES = {"overview": "一、总体情况", "problems": "五、存在的主要问题及改进情况",
                     "other": "六、其他需要报告的事项"}


def _refuse_input(year: int, problems: list[InputProblem], locate: Locator | None, what: str) -> None:
    path = f"reports/{year}.yaml"
    diags = []
    for p in problems:
        line, col = locate(path, p.keypath) if (locate and p.keypath) else (0, 0)
        diags.append(Diagnostic(path, line, col, "T021", p.message))
    raise Refused(f"{what}所需的 {path} 不完整，不能生成正式报告（共 {len(problems)} 处）",
                  f"按 dwgk/reports.py 开头说明的格式补全 {path}；先看草稿可加 --draft。", "T021",
                  diagnostics=diags)


def _refuse_identities(year: int, fails: list[IdentityFailure], problems: list[Problem]) -> None:
    first = fails[0]
    diags = [Diagnostic("", 0, 0, "T020", f"勾稽关系“{f.identity}”不成立：{f.detail}") for f in fails]
    diags += [Diagnostic(p.path, 0, 0, "T022", f"申请 {p.request}：{p.message}") for p in problems]
    names = "、".join(dict.fromkeys(f"“{f.identity}”" for f in fails))
    raise Refused(f"{year} 年度报告的表格不满足勾稽关系{names}，不予生成。{first.detail}",
                  "核对所列申请的收到日期、办结日期、办理结果和申请人类型（dwgk check 可列出登记簿中的问题），"
                  "改正后重新生成。", "T020", diagnostics=diags)


def published_in(register: Register, items: Iterable[Item], start: date, end: date) -> list[Item]:
    """Items (already filtered) whose first publication in their current version falls in the period."""
    out = []
    for it in items:
        st = wf.state(register.profile, it)
        first = min((p.date for p in st.publications), default=None)
        if _in(first, start, end):
            out.append(it)
    return out


def annual_gov_document(register: Register, year: int, today: date, *, draft: bool = False,
                        api: Any = "auto", locate: Locator | None = None) -> Document:
    api = requests_api() if api == "auto" else api
    data = _annual_input(register, year)
    fig, problems = proactive_figures(data)
    problems = _input_problems(data, ("overview", "problems", "other")) + problems
    if problems and not draft:
        _refuse_input(year, problems, locate, f"{year} 年政府信息公开工作年度报告")

    rc = count_requests(register.requests, year, api)
    req = request_table(rc)
    last = request_table(count_requests(register.requests, year - 1, api)).row("carried_out")["cells"]
    appeals = count_appeals(register.requests, year, api)
    fails = check_identities(req, appeals, last, data.get("carried_over"))
    if fails:
        _refuse_identities(year, fails, rc.problems)

    pub = published_in(register, of_kind(register, public_items(register), "政务"),
                       date(year, 1, 1), date(year, 12, 31))
    by_cat = Counter(category_of(register, i) for i in pub)
    order = [e.category[0] for e in register.catalogue if e.category]
    proactive = proactive_tables(fig)
    texts = {k: (data.get(k) if isinstance(data.get(k), str) and data.get(k).strip() else PLACEHOLDER)
             for k in ("overview", "problems", "other")}
    title = f"{register.config.org}{year}年政府信息公开工作年度报告"
    sections = [
        {"number": "一", "title": SECTION_TITLES[0], "text": texts["overview"]},
        {"number": "二", "title": SECTION_TITLES[1], "tables": proactive},
        {"number": "三", "title": SECTION_TITLES[2], "tables": [req]},
        {"number": "四", "title": SECTION_TITLES[3], "tables": [appeals]},
        {"number": "五", "title": SECTION_TITLES[4], "text": texts["problems"]},
        {"number": "六", "title": SECTION_TITLES[5], "text": texts["other"]},
    ]
    ctx = {
        "org": register.config.org, "year": year, "title": title, "today": today, "draft": draft,
        "sections": sections, "texts": texts,
        "published": {"count": len(pub), "by_category": _ordered_counter(by_cat, order)},
        "proactive": proactive, "proactive_grid": layout_proactive(proactive),
        "proactive_md": [t.md("信息内容", caption=True) for t in proactive],
        "requests": req, "requests_grid": layout_requests(req), "requests_md": req.md(),
        "appeals": appeals, "appeals_grid": layout_appeals(appeals), "appeals_md": appeals.md("类别"),
        "placeholder": PLACEHOLDER,
    }
    json_data = {
        "kind": "政务", "title": title, "org": register.config.org, "year": year,
        "date": today.isoformat(), "draft": draft,
        "format": "国办公开办函〔2021〕30号",
        "sections": [
            {"number": s["number"], "title": s["title"],
             **({"text": paragraphs(s["text"])} if "text" in s else {}),
             **({"tables": [t.to_json() for t in s["tables"]]} if "tables" in s else {})}
            for s in sections],
        "published": {"count": len(pub), "by_category": dict(_ordered_counter(by_cat, order))},
        "checks": [{"identity": i, "ok": True} for i in
                   ("一+二=（七）总计+四", "总计列=六类申请人之和", "（七）总计=各办理结果之和", "本年二=上年四",
                    "第四部分总计=前四项之和")],
    }
    return Document("annual_gov", ctx, title, json_data)


# ================================================================ activity (党务通报, period summary)

@dataclass
class Activity:
    start: date
    end: date
    proposed: list[Item] = field(default_factory=list)
    reviews: Counter = field(default_factory=Counter)  # (step, result) → n
    published: list[Item] = field(default_factory=list)  # items first published in the period
    publications: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_scope: Counter = field(default_factory=Counter)
    by_channel: Counter = field(default_factory=Counter)
    by_timing: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)  # reason → n (counts only)
    returned: int = 0
    feedback: int = 0
    handled: int = 0
    result_published: int = 0
    requests_received: int = 0
    requests_closed: int = 0
    messages_received: int = 0
    late: list[dict] = field(default_factory=list)
    late_available: bool = False


def _refusal(e) -> str | None:
    if e.action == "withhold":
        return "书面决定不公开"
    if e.action == "review" and e.result == "不予公开":
        ex = e.data.get("exemption")
        return f"保密审查不予公开（{ex}）" if ex else "保密审查不予公开"
    if e.action == "review" and e.result == "不公开":
        return "风险评估决定不公开"
    return None


def activity(register: Register, start: date, end: date, today: date, kind: str | None = None) -> Activity:
    a = Activity(start, end)
    for it in of_kind(register, register.items, kind):
        if _in(it.submitted, start, end):
            a.proposed.append(it)
        first_pub = None
        refusal = None
        for e in it.history:
            if not _in(e.date, start, end):
                if e.action == "publish" and first_pub is None:
                    first_pub = e.date
                continue
            if e.action == "review":
                a.reviews[(e.step, e.result)] += 1
                if e.result == "不同意":
                    a.returned += 1
            elif e.action == "publish":
                if first_pub is None:
                    first_pub = e.date
                a.publications += 1
                a.by_scope[str(e.data.get("scope") or it.scope)] += 1
                a.by_channel[str(e.data.get("channel") or "")] += 1
            elif e.action == "feedback":
                a.feedback += 1
                if e.data.get("handling"):
                    a.handled += 1
                if e.data.get("result_published"):
                    a.result_published += 1
            reason = _refusal(e)
            if reason and refusal is None:
                refusal = reason
        if refusal:
            a.refused[refusal] += 1
        if _in(first_pub, start, end):
            a.published.append(it)
            a.by_category[category_of(register, it)] += 1
            a.by_timing[TIMING_NAMES.get(it.timing, it.timing)] += 1
    for r in register.requests:
        if _in(getattr(r, "received", None), start, end):
            a.requests_received += 1
    api = requests_api()
    if api is not None:
        a.requests_closed = sum(1 for r in register.requests if _in(api.closed_on(r), start, end))
    for m in register.messages:
        if _in(getattr(m, "received", None), start, end):
            a.messages_received += 1
    a.late, a.late_available = late_rows(register, start, end, today)
    return a


def late_rows(register: Register, start: date, end: date, today: date) -> tuple[list[dict], bool]:
    """Deadlines that fell due in the period and were missed (done late, or still open)."""
    try:
        from dwgk import deadlines as dl
    except ImportError:
        return [], False
    if not hasattr(dl, "rows"):
        return [], False
    out = []
    for r in dl.rows(register, today):
        if r.deadline.minimum or r.state.status != "missed" or not _in(r.due, start, end):
            continue
        out.append({"subject": r.deadline.subject, "kind": r.deadline.kind, "title": r.deadline.title,
                    "rule": r.deadline.clock.label, "due": r.due, "done": r.state.done,
                    "days_late": r.state.days_late, "department": r.deadline.department,
                    "period": r.deadline.period})
    out.sort(key=lambda x: (x["due"], x["subject"]))
    return out, True


def _count_table(title: str, label: str, rows: list[tuple[str, int]], unit: str = "数量") -> Table:
    return simple_table((label, unit), rows, widths=(70, 30), num_cols=(1,), cls="data")


def _activity_tables(register: Register, a: Activity) -> dict[str, Table]:
    order = [e.category[0] for e in register.catalogue if e.category]
    tables = {
        "category": _count_table("按类别", "类别", _ordered_counter(a.by_category, order) or [("（无）", 0)], "公开事项数"),
        "scope": _count_table("按公开范围", "公开范围", _ordered_counter(a.by_scope, SCOPES) or [("（无）", 0)], "公开次数"),
        "channel": _count_table("按公开形式", "公开形式", _ordered_counter(a.by_channel, [c.name for c in register.profile.channels]) or [("（无）", 0)], "公开次数"),
        "timing": _count_table("按公开时限", "公开时限", _ordered_counter(a.by_timing, [TIMING_NAMES[t] for t in TIMINGS]) or [("（无）", 0)], "公开事项数"),
        "refused": _count_table("不予公开情况", "原因", _ordered_counter(a.refused) or [("（无）", 0)], "事项数"),
    }
    return tables


def _activity_json(a: Activity) -> dict:
    return {
        "from": a.start.isoformat(), "to": a.end.isoformat(),
        "proposed": len(a.proposed), "published": len(a.published), "publications": a.publications,
        "reviews": [{"step": s, "result": r, "count": n} for (s, r), n in sorted(a.reviews.items())],
        "returned": a.returned,
        "by_category": dict(a.by_category), "by_scope": dict(a.by_scope),
        "by_channel": dict(a.by_channel), "by_timing": dict(a.by_timing),
        "refused": dict(a.refused), "refused_total": sum(a.refused.values()),
        "feedback": {"received": a.feedback, "handled": a.handled, "result_published": a.result_published},
        "requests": {"received": a.requests_received, "closed": a.requests_closed},
        "messages": {"received": a.messages_received},
        "late": ({"count": len(a.late),
                  "rows": [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()}
                           for r in a.late]} if a.late_available else None),
    }


def _late_table(rows: list[dict]) -> Table:
    from dwgk.render import cn_date
    return simple_table(("序号", "事项", "时限规则", "到期日", "完成日", "逾期工作日"),
                        [(n, r["title"] or r["subject"], r["rule"], cn_date(r["due"]),
                          cn_date(r["done"], "未完成"), r["days_late"]) for n, r in enumerate(rows, 1)],
                        widths=(8, 34, 18, 15, 15, 10), num_cols=(5,), cls="data")


def _published_table(register: Register, items: list[Item]) -> Table:
    from dwgk.render import cn_date
    rows = []
    for n, it in enumerate(sorted(items, key=lambda i: (min(p.date for p in wf.state(register.profile, i).publications), i.id)), 1):
        st = wf.state(register.profile, it)
        pubs = st.publications
        rows.append((n, it.title, category_of(register, it), it.scope,
                     "、".join(dict.fromkeys(str(p.data.get("channel", "")) for p in pubs)),
                     cn_date(min(p.date for p in pubs))))
    return simple_table(("序号", "公开事项", "类别", "公开范围", "公开形式", "公开日期"), rows,
                        widths=(7, 33, 16, 14, 16, 14), cls="data")


def annual_party_document(register: Register, year: int, today: date, *, draft: bool = False,
                          locate: Locator | None = None) -> Document:
    data = _annual_input(register, year)
    problems = _input_problems(data, ("overview",))
    if problems and not draft:
        _refuse_input(year, problems, locate, f"{year} 年度党务公开情况通报")
    a = activity(register, date(year, 1, 1), date(year, 12, 31), today, kind="党务")
    # Named items: only what members may see (党内公开 / 向社会公开, secrecy passed).
    named = [i for i in inner_items(register) if i in a.published]
    texts = {"overview": data.get("overview") if isinstance(data.get("overview"), str) and data.get("overview").strip() else PLACEHOLDER,
             "problems": data.get("problems") if isinstance(data.get("problems"), str) else "",
             "other": data.get("other") if isinstance(data.get("other"), str) else ""}
    title = f"{register.config.org}{year}年度党务公开情况通报"
    ctx = {"org": register.config.org, "year": year, "title": title, "today": today, "draft": draft,
           "texts": texts, "a": a, "tables": _activity_tables(register, a),
           "published_table": _published_table(register, named), "named": len(named),
           "late_table": _late_table(a.late) if a.late else None, "placeholder": PLACEHOLDER}
    json_data = {"kind": "党务", "title": title, "org": register.config.org, "year": year,
                 "date": today.isoformat(), "draft": draft,
                 "text": {k: paragraphs(v) for k, v in texts.items()}, **_activity_json(a),
                 "items": [{"id": i.id, "title": i.title, "category": category_of(register, i),
                            "scope": i.scope} for i in named]}
    return Document("annual_party", ctx, title, json_data)


def period_document(register: Register, start: date, end: date, today: date) -> Document:
    if end < start:
        raise Refused(f"期间的结束日 {end} 早于开始日 {start}", "检查 --from 和 --to。", "T013", exit_code=2)
    a = activity(register, start, end, today)
    from dwgk.render import cn_date
    title = f"{register.config.org}公开工作情况（{cn_date(start)}至{cn_date(end)}）"
    reviews = sorted(a.reviews.items(), key=lambda kv: ([s.name for s in register.profile.steps].index(kv[0][0])
                                                        if register.profile.step(kv[0][0]) else 99, kv[0]))
    review_table = simple_table(("审核步骤", "结论", "次数"), [(s, r, n) for (s, r), n in reviews] or [("（无）", "", 0)],
                                widths=(40, 40, 20), num_cols=(2,), cls="data")
    ctx = {"org": register.config.org, "title": title, "today": today, "start": start, "end": end,
           "a": a, "tables": _activity_tables(register, a), "review_table": review_table,
           "late_table": _late_table(a.late) if a.late else None}
    json_data = {"kind": "期间", "title": title, "org": register.config.org, "date": today.isoformat(),
                 **_activity_json(a)}
    return Document("period", ctx, title, json_data)
