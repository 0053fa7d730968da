"""Every deadline of a register, gathered from every record kind and evaluated for a day.

Pure domain code: ``today`` is a parameter; the calendar comes from the register's
``holidays.yaml`` over the chinesecalendar library (``dwgk.holidays.register_calendar``).
Each kind builds its own deadlines (``Kind.deadlines``: items in ``dwgk.items.deadlines``,
requests in ``dwgk.requests.clocks``, messages in ``dwgk.messages.deadlines``); the register's
own duty — last year's annual report — is built here::

    limits:
      annual_report:         {month_day: "01-31", source: …}
          # last year's annual report by this day; without month_day: 01-31 for
          # org_type 部门, 03-31 for 政府 (dwgk.yaml ``overrides: {org_type: 部门}``).
          # Done when reports/<year>.yaml has ``published: DATE``.

The types and their evaluation live in ``dwgk.deadline``; they are re-exported here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Iterator, Mapping

from dwgk import phases
from dwgk.clock import MISSED, OPEN
from dwgk.dates import parse_date
from dwgk.deadline import (EARLY, RULE_NAMES, RULE_SHORT, SERIOUS, STATUS, Deadline, Row, by_month_day,
                           due_within, evaluate, evaluate_one, grouped, overdue)
from dwgk.diag import Diagnostic, diag
from dwgk.holidays import FILE as HOLIDAYS_FILE, check as check_holidays, register_calendar
from dwgk.items.deadlines import register_start
from dwgk.kinds import KINDS
from dwgk.model import Register
from dwgk.profile import Limit
from dwgk.records import Memo, afresh
from dwgk.workdays import IMPORT_HINT, Calendar


def calendar_for(register: Register) -> Calendar:
    with phases.span("calendar"):
        return register_calendar(register)


def all_deadlines(register: Register, today: date, cal: Calendar | None = None) -> list[Deadline]:
    """The deadlines of every record kind, then the register's own (the annual report)."""
    with phases.span("deadlines"):
        return list(each_deadline(register, today, cal or calendar_for(register)))


def each_deadline(register: Register, today: date, cal: Calendar) -> Iterator[Deadline]:
    """``all_deadlines`` one at a time."""
    for kind in KINDS:
        yield from kind.deadlines(register, cal, today)
    yield from _register_own(register, today)


def each_row(register: Register, today: date) -> Iterator[Row]:
    """``rows`` one at a time: for a pass over them all (50,000 items' rows are 100 MB)."""
    cal = calendar_for(register)
    for d in each_deadline(register, today, cal):
        yield evaluate_one(d, cal, today)


def _register_own(register: Register, today: date) -> list[Deadline]:
    lim = register.profile.limit("annual_report")
    return _annual_report(register, today, lim) if lim is not None else []


def rows(register: Register, today: date, trace: bool = False, now: datetime | None = None) -> list[Row]:
    """Every deadline of the register, evaluated for ``today`` (hour clocks at ``now``)."""
    cal = calendar_for(register)
    return evaluate(all_deadlines(register, today, cal), cal, today, trace, now)


def open_rows(register: Register, today: date, cal: Calendar | None = None,
              now: datetime | None = None, memo: Memo = afresh) -> list[Row]:
    """The rows of the deadlines not done yet: all that ``overdue``, ``due`` and ``status``
    look at. A deadline with a done date (or moment) is met or missed for good — never open,
    never overdue (``State.overdue`` wants no done date), never expired for others — so its
    clock is not run again: most of a register's deadlines are closed. ``memo``: the cache's
    (``Kind.open``), so a warm run does not even build them."""
    cal = cal or calendar_for(register)
    with phases.span("deadlines"):
        found: list[Deadline] = []
        for kind in KINDS:
            found += kind.open(register, cal, today, memo)
        found += [d for d in _register_own(register, today) if d.pending]
    return evaluate(found, cal, today, now=now)


def summary(register: Register, today: date, within: int = 5, rs: list[Row] | None = None,
            now: datetime | None = None) -> dict:
    """Counts for ``dwgk status``: overdue, serious, due within N 工作日, provisional
    (``rs``: the register's rows for ``today``, when the caller has them already; every row
    or only the open ones, as counted here)."""
    cal = calendar_for(register)
    if rs is None:
        rs = open_rows(register, today, cal, now)
    late = [r for r in rs if r.overdue]
    soon = due_within(rs, cal, today, within)
    shown = late + soon
    return {"overdue": len(late), "serious": sum(1 for r in late if r.serious),
            "due": len(soon), "within": within,
            "open": sum(1 for r in rs if r.state.status == OPEN and not r.deadline.minimum),
            "provisional": sum(1 for r in shown if r.provisional),
            "provisional_years": sorted({y for r in shown for y in r.provisional_years})}


def explain(register: Register, subject: str, today: date, now: datetime | None = None) -> list[Row]:
    """Every deadline of one subject (item/request/message ID or entry code), with traces."""
    cal = calendar_for(register)
    mine = [d for d in each_deadline(register, today, cal) if d.subject == subject]
    return evaluate(mine, cal, today, trace=True, now=now)


def check_calendar(register: Register, today: date, strict: bool = False) -> list[Diagnostic]:
    """Calendar and deadline findings for ``dwgk check``: holidays.yaml (H1xx), years without
    holiday data that open deadlines run into (H130; an error with ``strict``), 预公开
    closed too early (D101), and clock problems such as an extension beyond its cap (D102)."""
    out: list[Diagnostic] = []
    if register.holidays is not None:
        out += check_holidays(register.holidays, register.holidays_text or "", HOLIDAYS_FILE)
    years: dict[int, int] = {}
    for r in each_row(register, today):
        d = r.deadline
        if r.state.status in (OPEN, MISSED) and r.state.done is None:
            for y in r.provisional_years:
                years[y] = years.get(y, 0) + 1
        if d.minimum and r.state.status == EARLY:
            out.append(diag("D101", f"{d.subject}《{d.title}》{d.clock.label}于 {r.state.done} 结束，"
                                    f"早于最短期限 {r.due}（依据：{d.clock.source}）",
                            "预公开/公示期未满不得结束；如确需提前，请在意见中说明理由。",
                            path=d.path, severity="warning"))
        if d.rule == "meeting_notice" and r.state.status == MISSED:
            out.append(diag("D103", f"{d.subject}《{d.title}》{d.clock.start_event}；会议通知 {r.state.done} "
                                    f"才发出（依据：{d.clock.source}）",
                            "会议通知应至少提前规定的工作日数发出；来不及的，推迟会议。",
                            path=d.path, severity="warning"))
        for p in r.result.problems:
            out.append(diag("D102", f"{d.subject}《{d.title}》{d.clock.label}：{p}",
                            "核对计时记录（暂停、恢复、延期）的日期与天数。", path=d.path,
                            severity="warning"))
    for y, n in sorted(years.items()):
        out.append(diag("H130", f"{y} 年尚无节假日数据：{n} 项时限暂按周末和固定日期的节日计算（暂定）", IMPORT_HINT,
                        severity="error" if strict else "warning"))
    return sorted(out)



def _annual_report(register: Register, today: date, L: Limit) -> list[Deadline]:
    p = register.profile
    md = L.month_day or ((3, 31) if p.org_type == "政府" else (1, 31))
    source = L.source or "政府信息公开条例第四十九条、第五十条"
    start = register_start(register)
    if start is None:
        return []
    party = p.kind == "党务"
    out = []
    # this year's report too: like the current 定期 period, ``due`` shows it coming in January
    for y in range(start.year + 1, today.year + 2):
        covered = y - 1
        info = register.annual.get(covered) or {}
        done = parse_date(info.get("published")) if isinstance(info, Mapping) else None
        title = f"{covered}年党务公开情况通报" if party else f"{covered}年政府信息公开工作年度报告"
        clock = by_month_day(date(y - 1, 12, 31), md, "annual_report", replace(L, source=source),
                              f"{covered} 年度结束，{md[0]} 月 {md[1]} 日前发布（自年末起算）")
        out.append(Deadline(f"report-{covered}", "register", title, clock, done,
                            p.office_role, "", f"reports/{covered}.yaml", period=f"{covered}年"))
    return out


__all__ = ["Deadline", "Row", "all_deadlines", "each_deadline", "each_row", "rows", "evaluate", "evaluate_one",
           "overdue", "grouped", "due_within", "summary", "explain", "check_calendar", "calendar_for", "RULE_NAMES", "RULE_SHORT",
           "SERIOUS", "EARLY", "STATUS"]
