"""The 公开目录, the 党务公开情况年度通报 and the period summary: pure functions over a Register.
(The 政府信息公开工作年度报告 is :mod:`dwgk.gov_report`; the clerk's ``reports/<year>.yaml`` is
:mod:`dwgk.report_input`; what a document may name is :mod:`dwgk.public`.)

Safety first: every list a public or member-facing document names comes from
:func:`dwgk.public.view` (filtered in Python, each item as approved); templates only lay out
what they are given and never filter. What may not be named
(withheld, 对特定对象公开, not yet through its secrecy review, 依申请公开 requests) reaches
such a document as counts only.

Audiences:

* 向社会公开 — the 社会 catalogue, the 政务 annual report;
* party members — the 党内 catalogue (every entry: entries describe kinds of matter, not
  their content), the 党务 通报;
* internal working papers — the review forms and the period summary (for the office and the
  领导小组's monthly checks), which name every item.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Iterable, Mapping, Sequence

from dwgk import catalogue_columns, party_notice
from dwgk import deadlines as dl
from dwgk import report_input as ri
from dwgk.diag import ExitCode, Refused
from dwgk.items import procedure as wf
from dwgk.items.model import Item
from dwgk.model import Entry, Register
from dwgk.opinion_docs import section as opinion_section
from dwgk.public import AUDIENCES, View, catalogue_entries, inner_items, public_items, view  # noqa: F401
from dwgk.render import Cell, Document, Table, cn_date, paragraphs, runs, simple_table
from dwgk.requests import closed_on
from dwgk.vocab import SCOPES, TIMINGS
from dwgk.workdays import IMPORT_HINT

TIMING_NAMES = {"长期": "长期公开", "定期": "定期公开", "及时": "及时公开", "随时": "随时公开"}
OUTSIDE = "目录外事项"


def of_kind(register: Register, items: Iterable[Item], kind: str | None) -> list[Item]:
    """In a register that keeps both (profile kind 党政务), the items of one kind."""
    if kind is None or register.profile.kind != "党政务":
        return list(items)
    return [i for i in items if i.kind == kind]


# ================================================================ small helpers

def timing_text(timing: str, cadence: str = "") -> str:
    name = TIMING_NAMES.get(timing, timing)
    return f"{name}（{cadence}）" if cadence else name


def category_of(register: Register, item: Item) -> str:
    e = register.entry(item.entry) if item.entry else None
    return e.category[0] if e is not None and e.category else OUTSIDE


def index_no(item: Item) -> str:
    return item.index_no


def _in(d: date | None, start: date, end: date) -> bool:
    return d is not None and start <= d <= end


def ordered_counter(counter: Mapping[str, int], order: Sequence[str] = ()) -> list[tuple[str, int]]:
    """Non-zero counts: the keys of ``order`` first, in that order, then the rest by size."""
    order = list(dict.fromkeys(order))
    first = [(k, counter[k]) for k in order if counter.get(k)]
    rest = sorted(((k, v) for k, v in counter.items() if k not in order and v), key=lambda kv: (-kv[1], kv[0]))
    return first + rest


def check_year(year: int, today: date, draft: bool) -> list[str]:
    """A year's report is made once the year is over; a draft of the running year is allowed,
    with a warning (returned)."""
    if year > today.year:
        raise Refused(f"{year} 年还没有开始（今天是 {today}），不能编制该年度的报告",
                      "检查 --year（默认是上一年）。", "T024", exit_code=ExitCode.USAGE)
    if year == today.year:
        if not draft:
            raise Refused(f"{year} 年度尚未结束（今天是 {today}），年度报告在次年编制",
                          "要看截至今天的草稿可加 --draft。", "T024")
        return [f"{year} 年度尚未结束，草稿中的数字只统计到 {today}。"]
    return []


def doc_date(data: Mapping[str, Any], today: date) -> date:
    """The date a report carries: the publication date recorded in reports/<year>.yaml, so
    rendering it again later prints the same document; otherwise today (a draft)."""
    return ri.published_on(data) or today


def published_in(register: Register, items: Iterable[Item], start: date, end: date) -> list[Item]:
    """Items (already filtered) whose first publication in their current version falls in the period."""
    out = []
    for it in items:
        first = min((p.date for p in wf.state(register.profile, it).publications), default=None)
        if _in(first, start, end):
            out.append(it)
    return out


# ================================================================ the 公开目录

CATALOGUE_COLUMNS = ("序号", "类别", "公开事项", "公开内容", "公开范围", "公开形式", "公开时限", "责任部门")


def catalogue_rows(entries: Iterable[Entry]) -> list[dict]:
    return [{"no": n, "code": e.code, "category": "／".join(e.category), "name": e.name,
             "content": e.content, "scope": e.scope, "channels": "、".join(e.channels),
             "timing": timing_text(e.timing, e.cadence), "department": e.department}
            for n, e in enumerate(entries, 1)]


def catalogue_table(rows: list[dict]) -> Table:
    body, groups = [], []  # one row group per category: a printed page breaks between them
    for i, j in runs(r["category"] for r in rows):
        for k in range(i, j + 1):
            r = rows[k]
            cells = [Cell(r["no"], cls="center")]
            if k == i:
                cells.append(Cell(r["category"], rowspan=j - i + 1, cls="center"))
            cells += [Cell(r["name"]), Cell(r["content"]), Cell(r["scope"], cls="center"),
                      Cell(r["channels"]), Cell(r["timing"], cls="center"), Cell(r["department"], cls="center")]
            body.append(tuple(cells))
        groups.append(j - i + 1)
    head = (tuple(Cell(c, head=True) for c in CATALOGUE_COLUMNS),)
    md = tuple((str(r["no"]), r["category"], r["name"], r["content"], r["scope"], r["channels"],
                r["timing"], r["department"]) for r in rows)
    return Table(head=head, body=tuple(body), widths=(6, 11, 13, 21, 14, 14, 11, 11),
                 cls="data catalogue", md_columns=CATALOGUE_COLUMNS, md_rows=md, groups=tuple(groups))


def catalogue_names(register: Register, audience: str) -> tuple[str, str, str]:
    """(document name, edition, note). A 政务 catalogue has no 党内 audience: its full edition
    is the one filed with the upper-level office."""
    kind = register.profile.kind
    name = {"党务": "党务公开目录", "政务": "政务公开目录"}.get(kind, "党务政务公开目录")
    if audience == "社会":
        return name, "（向社会公开版）", "本版本仅列公开范围为“向社会公开”的事项。"
    if kind == "政务":
        return name, "（全文版）", "本版本列出全部目录条目，供向上级机关备案和内部使用。"
    return name, "（党内版）", "本版本供党内公开和向上级党组织备案使用。"


def catalogue_document(register: Register, audience: str, today: date) -> Document:
    """The 公开目录 for 备案 (党内: every entry) or publication (社会: public entries only).

    A filed catalogue carries its version and filing date (``dwgk catalogue file``), so it
    prints the same whenever it is rendered; one never filed is dated today and says so."""
    entries = catalogue_entries(register, audience)  # filtered before the template sees it
    rows = catalogue_rows(entries)
    org = register.config.org
    name, edition, note = catalogue_names(register, audience)
    version, filed, filed_with = register.catalogue_version or None, register.catalogue_filed, register.catalogue_filed_with
    dated = filed or today
    table, columns, cells = catalogue_table(rows), CATALOGUE_COLUMNS, [
        (r["no"], r["category"], r["name"], r["content"], r["scope"], r["channels"], r["timing"], r["department"])
        for r in rows]
    if register.profile.kind == "政务":  # the columns of the 基层政务公开标准目录
        table, columns, cells = catalogue_columns.layout(entries, register)
    ctx = {"org": org, "title": org + name, "title_parts": (org, name), "subtitle": edition, "today": today,
           "audience": audience, "date": dated, "version": version, "filed": filed, "filed_with": filed_with,
           "rows": rows, "table": table, "count": len(rows), "note": note, "landscape": True}
    data = {"org": org, "audience": audience, "edition": edition.strip("（）"), "date": dated.isoformat(),
            "version": version, "filed": filed.isoformat() if filed else None, "filed_with": filed_with or None,
            "columns": list(columns),
            "rows": [{"label": r["name"], "code": r["code"], "cells": dict(zip(columns, c))}
                     for r, c in zip(rows, cells)]}
    notes = [] if filed else ["公开目录尚未备案（dwgk catalogue file），打印件以今天为编制日期、不标版本号。"]
    return Document("catalogue", ctx, org + name + edition, data, notes=notes)


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


def _refusal(e) -> str | None:
    if e.action == "withhold":
        return "书面决定不公开"
    if e.action == "review" and e.result == "不予公开":
        ex = e.exemption
        return f"保密审查不予公开（{ex}）" if ex else "保密审查不予公开"
    if e.action == "review" and e.result == "不公开":
        return "风险评估决定不公开"
    return None


def activity(register: Register, start: date, end: date, today: date, kind: str | None = None) -> Activity:
    a = Activity(start, end)
    for it in of_kind(register, register.items, kind):
        if any(e.action == "withdraw" for e in it.history):
            continue  # taken back before publication: counted nowhere
        if _in(it.submitted, start, end):
            a.proposed.append(it)
        first_pub = None
        refusal = None
        seen: set[tuple[int, str]] = set()  # (version, channel): an older register may record one twice
        version = 0
        for e in it.history:
            if e.action == "revise":
                version += 1
            again = e.action == "publish" and (version, e.channel) in seen
            if e.action == "publish":
                seen.add((version, e.channel))
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
                if again:
                    continue
                a.publications += 1
                a.by_scope[e.scope or it.scope] += 1
                a.by_channel[e.channel] += 1
            elif e.action in ("feedback", "handle"):  # an entry, or the later handling of one
                a.feedback += e.action == "feedback"
                if e.handling:
                    a.handled += 1
                if e.result_published:
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
    a.requests_received = sum(1 for r in register.requests if _in(r.received, start, end))
    a.requests_closed = sum(1 for r in register.requests if _in(closed_on(r), start, end))
    a.messages_received = sum(1 for m in register.messages if _in(m.received, start, end))
    a.late = late_rows(register, start, end, today)
    return a


def late_rows(register: Register, start: date, end: date, today: date) -> list[dict]:
    """Deadlines that fell due in the period and were missed (done late, or still open)."""
    out = []
    for r in dl.rows(register, today):
        if r.deadline.minimum or r.deadline.others or r.state.status != "missed" or not _in(r.due, start, end):
            continue
        if r.state.hourly:  # 舆情/应急 hour clocks: their own section says how late, in hours
            continue
        out.append({"subject": r.deadline.subject, "kind": r.deadline.kind, "title": r.deadline.title,
                    "rule": r.deadline.clock.label, "due": r.due, "done": r.state.done,
                    "days_late": r.state.days_late, "department": r.deadline.department,
                    "period": r.deadline.period, "provisional": r.provisional,
                    "provisional_years": list(r.result.provisional_years)})
    out.sort(key=lambda x: (x["due"], x["subject"]))
    return out


def member_late(register: Register, rows: list[dict], kind: str, shown_to: View) -> tuple[list[dict], Counter]:
    """The late rows a 党务 通报 may name, and the rest counted by rule.

    Named: items the audience may see (``shown_to``, under their approved titles), the
    periodic duties of catalogue entries it may see, and the 通报 itself. Counted only: every
    other item — withheld, 对特定对象公开, not yet through its review, or changed since it
    was approved. Requests and messages are 政务 matters and stay out."""
    visible = {i.id: i for i in shown_to.items}
    entries = {e.code for e in shown_to.entries}
    mine = {i.id for i in of_kind(register, register.items, kind)}
    named, counted = [], Counter()
    for r in rows:
        if r["kind"] == "item" and r["subject"] in mine:
            shown = r["subject"] in visible
            if shown:
                r = {**r, "title": visible[r["subject"]].title}
        elif r["kind"] == "entry":
            shown = r["subject"] in entries
        elif r["kind"] == "register" and register.profile.kind == "党务":
            shown = True
        else:
            continue
        if shown:
            named.append(r)
        else:
            counted[r["rule"]] += 1
    return named, counted


def member_counts(a: Activity) -> dict:
    """What a 党务 通报's text may say about the year: numbers only (the Activity itself holds
    every item, withheld ones included, and never reaches a member-facing template)."""
    return {"proposed": len(a.proposed), "published": len(a.published), "publications": a.publications,
            "refused": sum(a.refused.values()), "feedback": a.feedback, "handled": a.handled,
            "result_published": a.result_published}


def _count_table(label: str, rows: list[tuple[str, int]], unit: str) -> Table:
    """A short table of counts: printed whole on one page (``keep``)."""
    return simple_table((label, unit), rows or [("（无）", 0)], widths=(70, 30), num_cols=(1,),
                        cls="data keep" if len(rows) <= 15 else "data")


def _activity_tables(register: Register, a: Activity) -> dict[str, Table]:
    order = [e.category[0] for e in register.catalogue if e.category]
    channels = [c.name for c in register.profile.channels]
    return {
        "category": _count_table("类别", ordered_counter(a.by_category, order), "公开事项数"),
        "scope": _count_table("公开范围", ordered_counter(a.by_scope, SCOPES), "公开次数"),
        "channel": _count_table("公开形式", ordered_counter(a.by_channel, channels), "公开次数"),
        "timing": _count_table("公开时限", ordered_counter(a.by_timing, [TIMING_NAMES[t] for t in TIMINGS]),
                               "公开事项数"),
        "refused": _count_table("原因", ordered_counter(a.refused), "事项数"),
    }


def _late_json(rows: list[dict]) -> list[dict]:
    return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()} for r in rows]


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
    }


def _provisional(rows: list[dict]) -> list[int]:
    return sorted({y for r in rows for y in r["provisional_years"]})


def provisional_note(years: Sequence[int]) -> str:
    """The printed footnote for dates marked * (the calendar of those years is not known yet)."""
    ys = "、".join(str(y) for y in years)
    return f"注：标 * 的到期日为暂定——{ys} 年尚无国务院节假日安排，暂按周末和固定日期的节日计算，安排公布后可能变动。"


def _late_table(rows: list[dict]) -> Table:
    return simple_table(("序号", "事项", "时限规则", "到期日", "完成日", "逾期工作日"),
                        [(n, r["title"] or r["subject"], r["rule"],
                          cn_date(r["due"]) + ("*" if r["provisional"] else ""),
                          cn_date(r["done"], "未完成"), r["days_late"]) for n, r in enumerate(rows, 1)],
                        widths=(6, 26, 16, 20, 20, 12), num_cols=(5,), cls="data list")


def _late_context(rows: list[dict]) -> dict:
    years = _provisional(rows)
    return {"table": _late_table(rows) if rows else None, "count": len(rows),
            "provisional": provisional_note(years) if years else ""}


def _late_notes(rows: list[dict]) -> list[str]:
    years = _provisional(rows)
    return [f"标 * 的到期日为暂定：{'、'.join(map(str, years))} 年尚无节假日数据，暂按周末和固定日期的节日计算。{IMPORT_HINT}"] if years else []


def _published_table(register: Register, items: list[Item]) -> Table:
    rows = []
    firsts = {i.id: min(p.date for p in wf.state(register.profile, i).publications) for i in items}
    for n, it in enumerate(sorted(items, key=lambda i: (firsts[i.id], i.id)), 1):
        pubs = wf.state(register.profile, it).publications
        rows.append((n, it.title, category_of(register, it), it.scope,
                     "、".join(dict.fromkeys(p.channel for p in pubs)), cn_date(firsts[it.id])))
    return simple_table(("序号", "公开事项", "类别", "公开范围", "公开形式", "公开日期"), rows,
                        widths=(6, 32, 15, 13, 14, 20), cls="data list")


def refuse_gov_register(register: Register) -> None:
    raise Refused(f"本登记簿的配置方案（{register.profile.title}）是政务公开，登记的事项都是政府信息，"
                  "没有党务公开情况年度通报",
                  "政府信息公开工作年度报告用 dwgk report annual --kind 政务（政务方案默认就是它）。",
                  "T026", exit_code=ExitCode.USAGE)


def annual_party_document(register: Register, year: int, today: date, *, draft: bool = False,
                          locate: ri.Locator | None = None, audience: str = "党内",
                          shown_to: View | None = None) -> Document:
    """The yearly 党务公开情况通报 to 党员和群众 (001 §7): counts by category, scope, channel and
    时限; withheld items as counts only; feedback; what was late. The 党内 edition names what
    members may see; the 社会 edition (for 群众, the portal) names only 向社会公开 items and
    entries — every other figure stays a count. Items are named as ``shown_to`` (the
    audience's :func:`dwgk.public.view`, with the approved revisions the cli found) has them."""
    if register.profile.kind == "政务":
        refuse_gov_register(register)
    shown_to = shown_to or view(register, audience)  # refuses an unknown audience
    audience = shown_to.audience
    notes = check_year(year, today, draft)
    data = ri.annual_input(register, year)
    problems = ri.problems(data, ()) + ri.party_problems(data)
    if problems and not draft:
        ri.refuse(register, year, problems, locate, f"{year} 年度党务公开情况通报")
    a = activity(register, date(year, 1, 1), date(year, 12, 31), today, kind="党务")
    visible = {i.id: i for i in shown_to.items}
    named = [visible[i.id] for i in a.published if i.id in visible]
    late, late_counted = member_late(register, a.late, "党务", shown_to)
    texts = {"overview": ri.party_text(data) or ri.PLACEHOLDER,
             "problems": ri.text(data, "problems"), "other": ri.text(data, "other")}
    pre = party_notice.prepublications(of_kind(register, register.items, "党务"), date(year, 1, 1),
                                       date(year, 12, 31), visible)
    opinions_ctx, opinions_json = opinion_section(register, date(year, 1, 1), date(year, 12, 31), today,
                                                  number="", detail=audience == "党内", span=f"{year}年")
    sections = [("overview", "总体情况"), ("published", "公开事项情况"),
                *([("prepublish", "预公开情况")] if pre["count"] or register.profile.prepublish else []),
                ("refused", "不予公开情况"), ("feedback", "意见反馈及办理情况"), ("late", "按时公开情况"),
                *([("opinions", "舆情和应急处置情况")] if opinions_ctx else []),
                *([("problems", "存在的问题和下一步工作")] if texts["problems"] else []),
                *([("other", "其他事项")] if texts["other"] else [])]
    org = register.config.org
    title = f"{org}{year}年度党务公开情况通报"
    dated = doc_date(data, today)
    ctx = {"org": org, "year": year, "title": title, "title_parts": (org, f"{year}年度党务公开情况通报"),
           "date": dated, "today": today, "partial": today if year == today.year else None, "draft": draft,
           "texts": texts, "a": member_counts(a), "tables": _activity_tables(register, a),
           "published_table": _published_table(register, named), "named": len(named),
           "list_note": "（只列向社会公开的事项）" if audience == "社会" else "",
           "unlisted": party_notice.unlisted(a.published, named, audience), "prepublish": pre,
           "heads": party_notice.headings(sections),
           "late": _late_context(late), "late_counted": ordered_counter(late_counted),
           "late_total": len(late) + sum(late_counted.values()), "placeholder": ri.PLACEHOLDER}
    if opinions_ctx:
        opinions_ctx["heading"] = ctx["heads"]["opinions"]
    ctx["opinions"] = opinions_ctx
    json_data = {"kind": "党务", "audience": audience, "title": title, "org": org, "year": year,
                 "date": dated.isoformat(), "draft": draft,
                 "text": {k: paragraphs(v) for k, v in texts.items()}, **_activity_json(a),
                 "late": {"count": ctx["late_total"], "rows": _late_json(late), "unnamed": dict(late_counted)},
                 "prepublish": {k: pre[k] for k in ("count", "opinions", "adjusted")},
                 "sections": list(ctx["heads"].values()),
                 "items": [{"id": i.id, "title": i.title, "category": category_of(register, i),
                            "scope": i.scope} for i in named]}
    if opinions_json is not None:
        json_data["opinions"] = opinions_json
    return Document("annual_party", ctx, title, json_data, notes=notes + _late_notes(late))


def period_document(register: Register, start: date, end: date, today: date) -> Document:
    """The period summary for the monthly check and the quarterly report (seed 004): an
    internal working paper that names every late item so the office can chase it."""
    if end < start:
        raise Refused(f"期间的结束日 {end} 早于开始日 {start}", "检查 --from 和 --to。", "T013", exit_code=ExitCode.USAGE)
    a = activity(register, start, end, today)
    org = register.config.org
    span = f"（{cn_date(start)}至{cn_date(end)}）"
    steps = [s.name for s in register.profile.steps]
    reviews = sorted(a.reviews.items(), key=lambda kv: (steps.index(kv[0][0]) if kv[0][0] in steps else 99, kv[0]))
    review_table = simple_table(("审核步骤", "结论", "次数"), [(s, r, n) for (s, r), n in reviews] or [("（无）", "", 0)],
                                widths=(40, 40, 20), num_cols=(2,), cls="data keep")
    title = f"{org}公开工作情况{span}"
    ctx = {"org": org, "title": title, "title_parts": (org, "公开工作情况", span), "date": today, "today": today,
           "start": start, "end": end, "a": a, "tables": _activity_tables(register, a),
           "review_table": review_table, "late": _late_context(a.late)}
    ctx["opinions"], opinions_json = opinion_section(register, start, end, today, number="七", detail=True)
    json_data = {"kind": "期间", "title": title, "org": org, "date": today.isoformat(), **_activity_json(a),
                 "late": {"count": len(a.late), "rows": _late_json(a.late),
                          "provisional": any(r["provisional"] for r in a.late),
                          "provisional_years": _provisional(a.late)}}
    if opinions_json is not None:
        json_data["opinions"] = opinions_json
    return Document("period", ctx, title, json_data, notes=_late_notes(a.late))
