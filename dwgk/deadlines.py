"""Deadline rules over a loaded Register: what is due, what is late, and why.

Pure domain code: ``today`` is a parameter; the calendar comes from the register's
``holidays.yaml`` over the chinesecalendar library (``dwgk.holidays.register_calendar``).

Every rule of domain.md §5 that the register's profile enables becomes a
:class:`Deadline` — a :class:`dwgk.clock.Clock` (start event, length in 工作日 or calendar
days, rule and source article, clock events) plus who holds it and when it was done.
:func:`evaluate` computes each into a :class:`Row` (due date, provisional flag, state:
open / met on X / missed by N 工作日, seriously-late tier).

Profile ``limits:`` keys (dwgk/profiles/*.yaml; a register overrides them in dwgk.yaml
``overrides: {limits: …}``). A rule is enabled when its key is present; ``source`` names
the article shown in every explanation. ``unit`` is ``workday`` (工作日) or ``day`` (日)::

    limits:
      publish_after_secrecy: {days: 10, unit: workday, source: 第六条}
          # 主动公开 within N after the item's secrecy review passed (seed 002)
      publish_after_formed:  {days: 20, unit: workday, source: 政府信息公开条例第二十六条}
          # 主动公开 within N after the information was formed or changed: the item's
          # doc_date (成文日期), else its submission date; after a 更正 the revision date.
          # Applies to 政务 items that are not 依申请公开/不予公开 and not withheld.
      periodic_grace:        {days: 10, unit: workday, source: …}
          # 定期公开 catalogue entries (timing 定期, cadence 每季度/每半年/每年): each period,
          # counted from max(dwgk.yaml start, entry since), needs one publication of an item
          # under the entry, at the latest N after the period ends.
      policy_interpretation: {days: 3, unit: day, source: 第十五条}
          # a 政策解读 item (``interprets: ID``) published within N after its document's
          # doc_date (else the document's first publication, else its submission).
      prepublish_min:        {days: 7, unit: day, source: 第二十一条}
          # a 预公开/公示 must stay open at least N before it is closed (a minimum period;
          # closing earlier is a finding, never "overdue"). Falls back to
          # ``prepublish: {min_days}`` when the profile enables 预公开.
      rereview:              {month_day: "03-31", source: 第五十五条}
          # items classified 依申请公开/不予公开 (or withheld) in year Y are reviewed again by
          # Y+1-03-31; done by a ``rereview`` history event (or a later publication).
      annual_report:         {month_day: "01-31", source: …}
          # last year's annual report by this day; without month_day: 01-31 for
          # org_type 部门, 03-31 for 政府. Done when reports/<year>.yaml has ``published: DATE``.
      transfer_electronic:   {days: 20, unit: workday, source: 第六十一条}
          # electronic copy to the reading room within N after the item was published
          # (移送 concerns 主动公开 information: it becomes that when published)
      transfer_paper:        {day_of_month: 10, source: 第六十一条}
          # paper copies by the 10th of the month after the month of publication
          # (both done by a ``transfer`` event with ``medium: 电子|纸质``, or a
          # publication through a channel whose name contains 查阅场所)

Requests and messages slot in through hooks: if ``dwgk.requests`` (or ``dwgk.messages``)
defines ``deadlines(register, calendar, today) -> Iterable[Deadline]``, :func:`all_deadlines`
adds what it returns. Build them with ``Deadline(subject=request.id, kind="request",
title=…, clock=Clock(…pause/resume/restart/extend events…), done=replied_on,
department=…, person=…, path=request.path)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Iterable, Mapping

from dwgk.clock import (MET, MISSED, OPEN, PAUSED, STATUS_NAMES, Clock, Result, State, run,
                        serious as _serious, state as clock_state)
from dwgk.dates import parse_date
from dwgk.diag import Diagnostic, diag
from dwgk.workdays import DAYS, IMPORT_HINT, WORKDAYS, Calendar

EARLY = "early"  # a minimum period closed before it ran out
STATUS = {**STATUS_NAMES, EARLY: "提前结束"}

RULE_NAMES = {
    "publish_after_secrecy": "主动公开（保密审查通过后）",
    "publish_after_formed": "主动公开（信息形成或变更后）",
    "periodic": "定期公开",
    "policy_interpretation": "政策解读发布",
    "prepublish_min": "预公开期限",
    "rereview": "不公开/依申请公开年度复核",
    "annual_report": "年度报告",
    "transfer_electronic": "移送查阅场所（电子文本）",
    "transfer_paper": "移送查阅场所（纸质文本）",
}
# Short names for narrow report columns (requests/messages rules fall back to their label).
RULE_SHORT = {
    "publish_after_secrecy": "主动公开", "publish_after_formed": "主动公开", "periodic": "定期公开",
    "policy_interpretation": "政策解读", "prepublish_min": "预公开", "rereview": "年度复核",
    "annual_report": "年度报告", "transfer_electronic": "移送（电子）", "transfer_paper": "移送（纸质）",
    # rules built by dwgk.requests / dwgk.messages
    "request_reply": "申请答复", "request_amend_notice": "补正告知", "request_amend_period": "申请人补正",
    "request_consult": "征求意见", "request_fee": "缴纳费用", "message_reply": "留言答复",
}
NOT_PROACTIVE = ("依申请公开", "不予公开")
SERIOUS = "严重"


@dataclass(frozen=True)
class Limit:
    days: int = 0
    unit: str = WORKDAYS
    source: str = ""
    month_day: tuple[int, int] | None = None
    day_of_month: int | None = None


def limit(profile: Any, key: str) -> Limit | None:
    """The profile's ``limits[key]`` as a Limit, or None when the rule is not enabled."""
    raw = (getattr(profile, "limits", None) or {}).get(key)
    if raw is None or raw is False:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = {"days": raw}
    if not isinstance(raw, Mapping):
        return None
    unit = str(raw.get("unit", "workday"))
    unit = DAYS if unit in ("day", "days", "日", "天", "自然日") else WORKDAYS
    md = None
    if raw.get("month_day"):
        try:
            m, d = (int(x) for x in str(raw["month_day"]).split("-"))
            date(2000, m, d)
            md = (m, d)
        except ValueError:
            md = None
    dom = raw.get("day_of_month")
    try:
        days = int(raw.get("days", 0) or 0)
        dom = int(dom) if dom is not None else None
    except (TypeError, ValueError):
        return None
    return Limit(days, unit, str(raw.get("source", "")), md, dom)


@dataclass(frozen=True)
class Deadline:
    """One duty with a time limit, on one subject (item, entry, request, message, register)."""

    subject: str  # item/request/message ID, catalogue entry code, or "register"
    kind: str  # item | entry | request | message | register
    title: str
    clock: Clock
    done: date | None = None
    department: str = ""
    person: str = ""
    path: str = ""
    minimum: bool = False  # a period that must run at least this long (预公开/公示)
    period: str = ""  # e.g. 2026年第3季度
    done_event: str = ""  # what completed the duty, with its basis (e.g. 答复：予以公开，依据：…)

    @property
    def rule(self) -> str:
        return self.clock.rule

    @property
    def rule_short(self) -> str:
        return RULE_SHORT.get(self.clock.rule, self.clock.label)


@dataclass(frozen=True)
class Row:
    """A deadline computed for a day."""

    deadline: Deadline
    result: Result
    state: State
    serious: bool = False

    @property
    def due(self) -> date | None:
        return self.result.due

    @property
    def provisional(self) -> bool:
        return self.result.provisional

    @property
    def overdue(self) -> bool:
        return not self.deadline.minimum and self.state.overdue

    def brief_json(self) -> dict:
        """The fields a report row needs (``dwgk overdue --format json``)."""
        d = self.deadline
        return {"id": d.subject, "kind": d.kind, "title": d.title, "rule": d.clock.rule,
                "rule_name": d.clock.label, "source": d.clock.source, "period": d.period or None,
                "due": self.due.isoformat() if self.due else None, "days_late": self.state.days_late,
                "tier": SERIOUS if self.serious else "", "department": d.department,
                "person": d.person, "path": d.path, "provisional": self.provisional}

    def to_json(self, trace: bool = False) -> dict:
        d, c, s = self.deadline, self.deadline.clock, self.state
        out = {
            "id": d.subject, "kind": d.kind, "title": d.title, "rule": c.rule,
            "rule_name": c.label, "source": c.source, "period": d.period or None,
            "start": c.start.isoformat(), "start_event": c.start_event,
            "length": c.length, "unit": c.unit, "extended": self.result.extended,
            "due": self.due.isoformat() if self.due else None,
            "done": s.done.isoformat() if s.done else None, "done_event": d.done_event or None,
            "status": s.status, "status_name": STATUS.get(s.status, s.status),
            "days_late": s.days_late, "days_left": s.days_left,
            "tier": SERIOUS if self.serious else "", "minimum": d.minimum,
            "department": d.department, "person": d.person, "path": d.path,
            "provisional": self.provisional,
            "provisional_years": list(self.result.provisional_years),
        }
        if self.result.problems:
            out["problems"] = list(self.result.problems)
        if trace:
            out["trace"] = [t.to_json() for t in self.result.trace]
        return out


# ---------------------------------------------------------------------------------------
# evaluation


def evaluate_one(d: Deadline, cal: Calendar, today: date, trace: bool = False) -> Row:
    r = run(d.clock, cal, trace=trace)
    if d.minimum:
        return Row(d, r, _minimum_state(r, cal, today, d.done))
    st = clock_state(r, cal, today, d.done)
    return Row(d, r, st, _serious(r, st))


def _minimum_state(r: Result, cal: Calendar, today: date, done: date | None) -> State:
    due = r.due
    if due is None:
        return State(PAUSED, None, done)
    if done is not None:
        if done >= due:
            return State(MET, due, done)
        return State(EARLY, due, done, cal.workdays_between(done, due), 0, (due - done).days)
    if today >= due:
        return State(MET, due, None)  # the minimum has run: it may be closed now
    return State(OPEN, due, None, 0, cal.workdays_between(today, due))


def evaluate(deadlines: Iterable[Deadline], cal: Calendar, today: date,
             trace: bool = False) -> list[Row]:
    return [evaluate_one(d, cal, today, trace) for d in deadlines]


def calendar_for(register: Any) -> Calendar:
    from dwgk.holidays import register_calendar

    return register_calendar(register)


def rows(register: Any, today: date, trace: bool = False) -> list[Row]:
    """Every deadline of the register, evaluated for ``today``."""
    cal = calendar_for(register)
    return evaluate(all_deadlines(register, today, cal), cal, today, trace)


def overdue(rows_: Iterable[Row]) -> list[Row]:
    """Late and outstanding, worst first (serious tier, then most 工作日 late, then due)."""
    late = [r for r in rows_ if r.overdue]
    late.sort(key=lambda r: (not r.serious, -r.state.days_late, r.due, r.deadline.subject))
    return late


def grouped(rows_: list[Row]) -> list[tuple[tuple[str, str], list[Row]]]:
    """Rows grouped by (department, person); groups ordered by their worst row."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for r in rows_:
        groups.setdefault((r.deadline.department, r.deadline.person), []).append(r)
    return list(groups.items())  # rows_ is sorted worst first: first appearance = worst


def due_within(rows_: Iterable[Row], cal: Calendar, today: date, within: int) -> list[Row]:
    """Open deadlines falling due from today up to ``within`` 工作日 ahead, soonest first."""
    limit_day = cal.add_workdays(today, within)
    out = [r for r in rows_ if r.state.status == OPEN and r.due is not None
           and today <= r.due <= limit_day]
    out.sort(key=lambda r: (r.due, r.deadline.subject, r.deadline.rule))
    return out


def summary(register: Any, today: date, within: int = 5) -> dict:
    """Counts for ``dwgk status``: overdue, serious, due within N 工作日, provisional."""
    cal = calendar_for(register)
    rs = evaluate(all_deadlines(register, today, cal), cal, today)
    late = [r for r in rs if r.overdue]
    soon = due_within(rs, cal, today, within)
    shown = late + soon
    return {"overdue": len(late), "serious": sum(1 for r in late if r.serious),
            "due": len(soon), "within": within,
            "open": sum(1 for r in rs if r.state.status == OPEN and not r.deadline.minimum),
            "provisional": sum(1 for r in shown if r.provisional),
            "provisional_years": sorted({y for r in shown for y in r.result.provisional_years})}


def explain(register: Any, subject: str, today: date) -> list[Row]:
    """Every deadline of one subject (item/request/message ID or entry code), with traces."""
    cal = calendar_for(register)
    mine = [d for d in all_deadlines(register, today, cal) if d.subject == subject]
    return evaluate(mine, cal, today, trace=True)


def check_calendar(register: Any, today: date, strict: bool = False) -> list[Diagnostic]:
    """Calendar and deadline findings for ``dwgk check``: holidays.yaml (H1xx), years without
    holiday data that open deadlines run into (H130; an error with ``strict``), 预公开
    closed too early (D101), and clock problems such as an extension beyond its cap (D102)."""
    from dwgk.holidays import FILE, check as check_holidays

    out: list[Diagnostic] = []
    if register.holidays is not None:
        out += check_holidays(register.holidays, register.holidays_text or "", FILE)
    rs = rows(register, today)
    years: dict[int, int] = {}
    for r in rs:
        if r.state.status in (OPEN, MISSED) and r.state.done is None:
            for y in r.result.provisional_years:
                years[y] = years.get(y, 0) + 1
    for y, n in sorted(years.items()):
        out.append(diag("H130", f"{y} 年尚无节假日数据：{n} 项时限暂按周末计算（暂定）", IMPORT_HINT,
                        severity="error" if strict else "warning"))
    for r in rs:
        d = r.deadline
        if d.minimum and r.state.status == EARLY:
            out.append(diag("D101", f"{d.subject}《{d.title}》{d.clock.label}于 {r.state.done} 结束，"
                                    f"早于最短期限 {r.due}（依据：{d.clock.source}）",
                            "预公开/公示期未满不得结束；如确需提前，请在意见中说明理由。",
                            path=d.path, severity="warning"))
        for p in r.result.problems:
            out.append(diag("D102", f"{d.subject}《{d.title}》{d.clock.label}：{p}",
                            "核对计时记录（暂停、恢复、延期）的日期与天数。", path=d.path,
                            severity="warning"))
    return sorted(out)


# ---------------------------------------------------------------------------------------
# gathering


def all_deadlines(register: Any, today: date, cal: Calendar | None = None) -> list[Deadline]:
    """Item, catalogue-entry and register deadlines, then the requests/messages hooks."""
    cal = cal or calendar_for(register)
    out: list[Deadline] = []
    p = register.profile
    lim = {k: limit(p, k) for k in RULE_NAMES if k != "periodic"}
    lim["periodic"] = limit(p, "periodic_grace")
    if lim["prepublish_min"] is None and getattr(p, "prepublish", False):
        lim["prepublish_min"] = Limit(int(getattr(p, "prepublish_days", 7) or 7), DAYS,
                                      "配置方案：预公开")
    secrecy_steps = tuple(s for s in p.steps if s.kind == "secrecy")
    pubs_by_entry: dict[str, list[date]] = {}
    for item in register.items:
        facts = _facts(item, secrecy_steps)
        if item.entry and facts.first_publish is not None:
            pubs_by_entry.setdefault(item.entry, []).append(facts.first_publish)
        out += _item_deadlines(register, item, facts, lim)
    if lim["periodic"] is not None:
        out += _periodic(register, today, pubs_by_entry, lim["periodic"])
    if lim["annual_report"] is not None:
        out += _annual_report(register, today, lim["annual_report"])
    for name in ("requests", "messages"):
        out += _hook(name, register, cal, today)
    return out


def _hook(module: str, register: Any, cal: Calendar, today: date) -> list[Deadline]:
    import importlib

    try:
        mod = importlib.import_module(f"dwgk.{module}")
    except ImportError:
        return []
    fn = getattr(mod, "deadlines", None)
    return list(fn(register, cal, today)) if callable(fn) else []


@dataclass
class _Facts:
    """What the rules need to know about one item, read from its history once."""

    first_publish: date | None = None  # any revision
    publish: date | None = None  # first publication in the current revision
    revised: date | None = None  # start of the current revision (更正/修改), if any
    secrecy_passed: date | None = None
    withheld: date | None = None
    archived: bool = False
    prepublish: list = field(default_factory=list)  # [(opened, closed or None)]
    rereview: date | None = None
    transfers: dict = field(default_factory=dict)  # medium → first date ("" = both)


def _facts(item: Any, secrecy_steps: tuple) -> _Facts:
    f = _Facts()
    start = 0
    for i, e in enumerate(item.history):
        if e.action == "revise":
            start = i
    decisions: dict[str, Any] = {}
    for i, e in enumerate(item.history):
        a = e.action
        current = i >= start
        if a == "publish":
            if f.first_publish is None:
                f.first_publish = e.date
            if current and f.publish is None:
                f.publish = e.date
            if "查阅场所" in str(e.data.get("channel", "")):
                f.transfers.setdefault("", e.date)
        elif a == "revise" and i == start:
            f.revised = e.date
        elif a == "review" and current:
            decisions[e.step] = e
        elif a == "withhold" and current:
            f.withheld = f.withheld or e.date
        elif a == "archive" and current:
            f.archived = True
        elif a == "prepublish":
            if e.result == "结束":
                if f.prepublish and f.prepublish[-1][1] is None:
                    f.prepublish[-1] = (f.prepublish[-1][0], e.date)
            else:
                f.prepublish.append((e.date, None))
        elif a == "rereview" and f.rereview is None:
            f.rereview = e.date
        elif a == "transfer":
            f.transfers.setdefault(str(e.data.get("medium", "")), e.date)
    passed = []
    for s in secrecy_steps:
        d = decisions.get(s.name)
        if d is None or s.normalise(d.result) not in ("可以公开", "部分公开"):
            passed = []
            break
        passed.append(d.date)
    f.secrecy_passed = max(passed) if passed else None
    return f


def _clock(rule: str, lim: Limit, start: date, start_event: str, length: int | None = None,
           unit: str | None = None) -> Clock:
    return Clock(rule=rule, label=RULE_NAMES[rule], source=lim.source, start=start,
                 length=lim.days if length is None else length, unit=unit or lim.unit,
                 start_event=start_event)


def _formed(item: Any, facts: _Facts) -> tuple[date | None, str]:
    if facts.revised is not None:
        return facts.revised, "信息变更（更正）"
    if item.doc_date is not None:
        return item.doc_date, "成文日期"
    return item.submitted, "提出日期"


def _item_deadlines(register: Any, item: Any, f: _Facts, lim: Mapping[str, Limit | None]) -> list[Deadline]:
    out: list[Deadline] = []
    if not item.history:
        return out

    def add(rule: str, clock: Clock, done: date | None, **kw) -> None:
        out.append(Deadline(item.id, "item", item.title, clock, done, item.department,
                            item.proposer, item.path, **kw))

    proactive = item.attribute not in NOT_PROACTIVE and f.withheld is None
    closed_unpublished = f.archived and f.publish is None
    gov = item.kind == "政务"

    if proactive and not closed_unpublished:
        L = lim.get("publish_after_secrecy")
        if L is not None and f.secrecy_passed is not None:
            add("publish_after_secrecy",
                _clock("publish_after_secrecy", L, f.secrecy_passed, "保密审查通过"), f.publish)
        L = lim.get("publish_after_formed")
        start, what = _formed(item, f)
        if L is not None and gov and start is not None:
            add("publish_after_formed", _clock("publish_after_formed", L, start, what), f.publish)
        if gov and f.publish is not None:
            # 移送 concerns 主动公开 information, which it becomes when published: count from then.
            pub = f.publish
            L = lim.get("transfer_electronic")
            if L is not None:
                add("transfer_electronic", _clock("transfer_electronic", L, pub, "公开"),
                    f.transfers.get("电子") or f.transfers.get(""))
            L = lim.get("transfer_paper")
            if L is not None and L.day_of_month:
                add("transfer_paper",
                    _clock("transfer_paper", L, _month_end(pub), f"{pub.year}年{pub.month}月公开的信息，"
                           f"次月{L.day_of_month}日前移送（自月末起算）", L.day_of_month, DAYS),
                    f.transfers.get("纸质") or f.transfers.get(""))

    L = lim.get("policy_interpretation")
    if L is not None and item.interprets and f.withheld is None and not closed_unpublished:
        doc = register.item(item.interprets)
        if doc is not None:
            dfacts = None
            if doc.doc_date is not None:
                start, what = doc.doc_date, f"被解读文件 {doc.id} 印发（成文日期）"
            else:
                dfacts = _facts(doc, ())
                if dfacts.first_publish is not None:
                    start, what = dfacts.first_publish, f"被解读文件 {doc.id} 公开"
                else:
                    start, what = doc.submitted, f"被解读文件 {doc.id} 提出"
            if start is not None:
                add("policy_interpretation", _clock("policy_interpretation", L, start, what), f.publish)

    L = lim.get("prepublish_min")
    if L is not None:
        for opened, closed in f.prepublish:
            clock = replace(_clock("prepublish_min", L, opened, "预公开（公示）开始"), roll=False)
            add("prepublish_min", clock, closed, minimum=True)

    L = lim.get("rereview")
    if L is not None and L.month_day and (item.attribute in NOT_PROACTIVE or f.withheld is not None):
        classified = f.withheld or item.doc_date or item.submitted
        if classified is not None:
            y = classified.year + 1
            due = date(y, *L.month_day)
            start = date(y - 1, 12, 31)
            done = f.rereview or (f.publish if f.publish and f.publish > classified else None)
            add("rereview", _clock("rereview", L, start,
                                   f"{y - 1} 年确定为{item.attribute or '不公开'}，次年 {L.month_day[0]} 月 "
                                   f"{L.month_day[1]} 日前复核（自上年末起算）", (due - start).days, DAYS),
                done)
    return out


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


_PERIOD_MONTHS = {"每季度": 3, "每半年": 6, "每年": 12}


def _period_label(start: date, months: int) -> str:
    if months == 12:
        return f"{start.year}年"
    if months == 6:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"


def _periods(first: date, last: date, months: int) -> list[tuple[date, date]]:
    """Periods (start, end) of ``months`` length from the one holding ``first`` to the one
    holding ``last``."""
    m0 = ((first.month - 1) // months) * months + 1
    cur = date(first.year, m0, 1)
    out = []
    while cur <= last:
        m = cur.month - 1 + months
        nxt = date(cur.year + m // 12, m % 12 + 1, 1)
        out.append((cur, nxt - timedelta(days=1)))
        cur = nxt
    return out


def _register_start(register: Any) -> date | None:
    start = getattr(register.config, "start", None)
    if start is not None:
        return start
    dates = [i.submitted for i in register.items if i.submitted is not None]
    return min(dates) if dates else None


def _periodic(register: Any, today: date, pubs: Mapping[str, list[date]], L: Limit) -> list[Deadline]:
    out: list[Deadline] = []
    reg_start = _register_start(register)
    for e in register.catalogue:
        months = _PERIOD_MONTHS.get(e.cadence)
        if e.timing != "定期" or months is None:
            continue
        starts = [d for d in (reg_start, e.since) if d is not None]
        first = max(starts) if starts else today
        if first > today:
            continue
        dates = sorted(pubs.get(e.code, ()))
        k = 0
        for ps, pe in _periods(first, today, months):
            # Publications are matched to periods in order: the first not yet used on or after
            # the period's start (a late one still closes the earliest open period).
            while k < len(dates) and dates[k] < ps:
                k += 1
            done = dates[k] if k < len(dates) else None
            if done is not None:
                k += 1
            label = _period_label(ps, months)
            clock = Clock("periodic", RULE_NAMES["periodic"], L.source, pe, L.days, L.unit,
                          start_event=f"{label}结束（{e.cadence}公开）")
            out.append(Deadline(e.code, "entry", f"{e.name}（{label}）", clock, done, e.department,
                                "", e.path, period=label))
    return out


def _annual_report(register: Any, today: date, L: Limit | None) -> list[Deadline]:
    p = register.profile
    md = L.month_day if L and L.month_day else ((3, 31) if getattr(p, "org_type", "") == "政府" else (1, 31))
    source = (L.source if L else "") or "政府信息公开条例第四十九条、第五十条"
    start = _register_start(register)
    if start is None:
        return []
    party = getattr(p, "kind", "") == "党务"
    out = []
    for y in range(start.year + 1, today.year + 1):
        covered = y - 1
        due_day = date(y, *md)
        begin = date(y - 1, 12, 31)
        info = (register.annual or {}).get(covered) or {}
        done = parse_date(info.get("published")) if isinstance(info, Mapping) else None
        title = f"{covered}年党务公开情况通报" if party else f"{covered}年政府信息公开工作年度报告"
        clock = Clock("annual_report", RULE_NAMES["annual_report"], source, begin,
                      (due_day - begin).days, DAYS,
                      start_event=f"{covered} 年度结束，{md[0]} 月 {md[1]} 日前发布（自年末起算）")
        out.append(Deadline(f"report-{covered}", "register", title, clock, done,
                            getattr(p, "office_role", "") or "办公室", "", f"reports/{covered}.yaml",
                            period=f"{covered}年"))
    return out


__all__ = ["Deadline", "Row", "Limit", "limit", "all_deadlines", "evaluate", "evaluate_one", "rows",
           "overdue", "grouped", "due_within", "summary", "explain", "check_calendar",
           "RULE_NAMES", "RULE_SHORT", "SERIOUS", "EARLY", "STATUS"]
