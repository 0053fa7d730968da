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
      publish_after_secrecy: {days: 10, unit: workday, urgent_days: 0, source: 第六条}
          # 主动公开 within N after the item's secrecy review passed (seed 002); an item whose
          # timing is 随时 (时效性较强) within ``urgent_days`` (0: the same 工作日)
      publish_after_formed:  {days: 20, unit: workday, source: 政府信息公开条例第二十六条}
          # 主动公开 within N after the information was formed or changed: the item's
          # doc_date (成文日期), else its submission date; after a 更正 the revision date.
          # Applies to 政务 items. Neither rule applies to an item classified 依申请公开 /
          # 不予公开, withheld, or refused by its secrecy review (不予公开) or risk assessment
          # (不公开). A referral upwards (提请审定), a 暂缓公开 or a return for revision does not
          # stop the statutory clock: the item stays late until it is published (or withheld);
          # a 修改后重新提交 (dwgk correct) is a change and restarts it.
      periodic_grace:        {days: 10, unit: workday, source: …}
          # 定期公开 catalogue entries (timing 定期, cadence 每季度/每半年/每年): each period,
          # counted from max(dwgk.yaml start, entry since), needs one publication of an item
          # under the entry, at the latest N after the period ends. An item reports on the
          # period it names (``period: 2026Q3``, dwgk submit --period); otherwise on the period
          # in which it was formed (doc_date, else submission) — or on the period before, when
          # it was formed within that period's grace and that period has no publication yet.
      policy_interpretation: {days: 3, unit: day, source: 第十五条}
          # a 政策解读 item (``interprets: ID``) published within N after its document's
          # doc_date (else the document's first publication, else its submission).
      prepublish_min:        {days: 7, unit: day, source: 第二十一条}
          # a 预公开/公示 must stay open at least N before it is closed (a minimum period;
          # closing earlier is a finding, never "overdue"). Falls back to
          # ``prepublish: {min_days}`` when the profile enables 预公开.
      meeting_notice:        {days: 2, unit: workday, source: 第三十条（三）}
          # the notice of a decision meeting goes out at least N 工作日 before it: each
          # ``meeting`` record (dwgk meeting ID --on 会议日期, dated the day of the notice).
      rereview:              {month_day: "03-31", source: 第五十五条}
          # an item classified 依申请公开/不予公开, withheld or refused in year Y is reviewed
          # again every year from Y+1, by that year's month_day; done by a ``rereview``
          # record dated in that year or later (dwgk rereview), or by its publication.
      annual_report:         {month_day: "01-31", source: …}
          # last year's annual report by this day; without month_day: 01-31 for
          # org_type 部门, 03-31 for 政府 (dwgk.yaml ``overrides: {org_type: 部门}``).
          # Done when reports/<year>.yaml has ``published: DATE``.
      transfer_electronic:   {days: 20, unit: workday, source: 第六十一条}
          # electronic copy to the reading room within N after the item was published to
          # society (移送 concerns 主动公开 information: it becomes that when published;
          # a 更正 is a change and needs a new 移送)
      transfer_paper:        {day_of_month: 10, source: 第六十一条}
          # paper copies by the 10th of the month after the month of publication
          # (both done by a ``transfer`` record with ``medium: 电子|纸质`` — dwgk transfer —
          # or a publication through a channel whose name contains 查阅场所)

Requests and messages slot in through ``dwgk.requests.deadlines`` and
``dwgk.messages.deadlines`` (``(register, calendar, today) -> Iterable[Deadline]``); they
build ``Deadline(subject=request.id, kind="request", title=…, clock=Clock(…pause/resume/
restart/extend events…), done=replied_on, department=…, person=…, path=request.path)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Iterable, Mapping

from dwgk.clock import (MET, MISSED, OPEN, PAUSED, STATUS_NAMES, Clock, Result, State, run,
                        serious as _serious, state as clock_state)
from dwgk.dates import parse_date, parse_period
from dwgk.diag import Diagnostic, diag
from dwgk.model import SCOPE_PUBLIC
from dwgk.workdays import DAYS, IMPORT_HINT, WORKDAYS, Calendar

EARLY = "early"  # a minimum period closed before it ran out
STATUS = {**STATUS_NAMES, EARLY: "提前结束"}

RULE_NAMES = {
    "publish_after_secrecy": "主动公开（保密审查通过后）",
    "publish_after_formed": "主动公开（信息形成或变更后）",
    "periodic": "定期公开",
    "policy_interpretation": "政策解读发布",
    "prepublish_min": "预公开期限",
    "meeting_notice": "重大事项会议提前通知",
    "rereview": "不公开/依申请公开年度复核",
    "annual_report": "年度报告",
    "transfer_electronic": "移送查阅场所（电子文本）",
    "transfer_paper": "移送查阅场所（纸质文本）",
}
# Short names for narrow report columns (requests/messages rules fall back to their label).
RULE_SHORT = {
    "publish_after_secrecy": "主动公开", "publish_after_formed": "主动公开", "periodic": "定期公开",
    "policy_interpretation": "政策解读", "prepublish_min": "预公开", "meeting_notice": "会议通知",
    "rereview": "年度复核",
    "annual_report": "年度报告", "transfer_electronic": "移送（电子）", "transfer_paper": "移送（纸质）",
    # rules built by dwgk.requests / dwgk.messages
    "request_reply": "申请答复", "request_amend_notice": "补正告知", "request_amend_period": "申请人补正",
    "request_consult": "征求意见", "request_fee": "缴纳费用", "message_reply": "留言答复",
}
NOT_PROACTIVE = ("依申请公开", "不予公开")
SERIOUS = "严重"
MEDIA = ("电子", "纸质")  # 移送 media (seed 002 第六十一条)
REREVIEW_RESULTS = ("维持", "调整为主动公开")


@dataclass(frozen=True)
class Limit:
    days: int = 0
    unit: str = WORKDAYS
    source: str = ""
    month_day: tuple[int, int] | None = None
    day_of_month: int | None = None
    urgent: int | None = None  # length for items to publish immediately (timing 随时)


def limit(profile: Any, key: str) -> Limit | None:
    """The profile's ``limits[key]`` as a Limit, or None when the rule is not enabled."""
    raw = profile.limits.get(key)
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
    urgent = raw.get("urgent_days")
    try:
        days = int(raw.get("days", 0) or 0)
        dom = int(dom) if dom is not None else None
        urgent = int(urgent) if urgent is not None else None
    except (TypeError, ValueError):
        return None
    return Limit(days, unit, str(raw.get("source", "")), md, dom, urgent)


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
    # a period the applicant or a consulted party holds (补正, 缴费, 征求意见): when it runs out
    # the office has a next step to take, but nobody in the office is late
    others: bool = False

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
    def provisional_years(self) -> tuple[int, ...]:
        """Years without holiday data behind the due date or the count of days late."""
        extra = self.state.provisional_years
        years = self.result.provisional_years
        return tuple(sorted(set(years) | set(extra))) if extra else years

    @property
    def provisional(self) -> bool:
        return bool(self.result.provisional_years or self.state.provisional_years)

    @property
    def overdue(self) -> bool:
        return not (self.deadline.minimum or self.deadline.others) and self.state.overdue

    @property
    def expired_for_others(self) -> bool:
        """An outside party's period that ran out with nothing recorded: the office acts next."""
        return self.deadline.others and self.state.overdue

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
            "provisional_years": list(self.provisional_years),
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
    return Row(d, r, st, not d.others and _serious(r, st))


def _minimum_state(r: Result, cal: Calendar, today: date, done: date | None) -> State:
    """A minimum period counts what is still to run in its own unit: "at least 7 days" left
    open for 3 more calendar days says 3 日, not the 工作日 among them."""
    due = r.due
    if due is None:
        return State(PAUSED, None, done)
    if done is not None:
        if done >= due:
            return State(MET, due, done)
        return State(EARLY, due, done, cal.workdays_between(done, due), 0, (due - done).days)
    if today >= due:
        return State(MET, due, None)  # the minimum has run: it may be closed now
    return State(OPEN, due, None, 0, cal.count(today, due, r.clock.unit))


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
    """Rows grouped by department, then by person: departments ordered by their worst row,
    and a department's people likewise, so one department's groups stay together."""
    groups: dict[str, dict[str, list[Row]]] = {}
    for r in rows_:  # rows_ is sorted worst first: first appearance = worst
        groups.setdefault(r.deadline.department, {}).setdefault(r.deadline.person, []).append(r)
    return [((dep, who), rs) for dep, people in groups.items() for who, rs in people.items()]


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
            "provisional_years": sorted({y for r in shown for y in r.provisional_years})}


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
            for y in r.provisional_years:
                years[y] = years.get(y, 0) + 1
    for y, n in sorted(years.items()):
        out.append(diag("H130", f"{y} 年尚无节假日数据：{n} 项时限暂按周末和固定日期的节日计算（暂定）", IMPORT_HINT,
                        severity="error" if strict else "warning"))
    for r in rs:
        d = r.deadline
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
    out += check_periods(register)
    return sorted(out)


def check_periods(register: Any) -> list[Diagnostic]:
    """D011: an item's stated period must fit its 定期公开 entry (else it is ignored)."""
    out = []
    for item in register.items:
        if not item.period:
            continue
        parsed = parse_period(item.period)
        e = register.entry(item.entry) if item.entry else None
        months = PERIOD_MONTHS.get(e.cadence) if e is not None and e.timing == "定期" else None
        if parsed is None:
            continue  # D010, reported when the item was read
        if months is None:
            out.append(diag("D011", f"{item.id}《{item.title}》写了报告期 {item.period}，但所属目录条目不是定期公开",
                            "删去 period，或把事项归入定期公开的目录条目。", path=item.path,
                            severity="warning"))
        elif parsed[1] != months:
            out.append(diag("D011", f"{item.id}《{item.title}》的报告期 {item.period} 与目录条目的周期“{e.cadence}”不符",
                            {3: "季度写成 2026Q3。", 6: "半年写成 2026H1 或 2026H2。", 12: "年度写成 2026。"}[months],
                            path=item.path, severity="warning"))
    return out


# ---------------------------------------------------------------------------------------
# gathering


def all_deadlines(register: Any, today: date, cal: Calendar | None = None) -> list[Deadline]:
    """Item, catalogue-entry and register deadlines, then those of requests and messages.
    One pass over the items (O(N)); nothing here looks at another item except an
    interpreted document, found by ID."""
    from dwgk import messages, requests

    cal = cal or calendar_for(register)
    out: list[Deadline] = []
    p = register.profile
    lim = {k: limit(p, k) for k in RULE_NAMES if k != "periodic"}
    lim["periodic"] = limit(p, "periodic_grace")
    if lim["prepublish_min"] is None and p.prepublish:
        lim["prepublish_min"] = Limit(p.prepublish_days, DAYS, "配置方案：预公开")
    steps = tuple(s for s in p.steps if s.kind in ("secrecy", "risk"))
    pubs_by_entry: dict[str, list[tuple[Any, date]]] = {}
    for item in register.items:
        facts = item_facts(item, steps)
        if item.entry and facts.first_publish is not None:
            pubs_by_entry.setdefault(item.entry, []).append((item, facts.first_publish))
        out += _item_deadlines(register, item, facts, lim, cal, today)
    if lim["periodic"] is not None:
        out += _periodic(register, today, pubs_by_entry, lim["periodic"], cal)
    if lim["annual_report"] is not None:
        out += _annual_report(register, today, lim["annual_report"])
    out += requests.deadlines(register, cal, today)
    out += messages.deadlines(register, cal, today)
    return out


@dataclass
class Facts:
    """What the rules need to know about one item, read from its history once."""

    first_publish: date | None = None  # any revision
    publish: date | None = None  # first publication in the current revision
    publish_public: date | None = None  # … the first one 向社会公开 (what 移送 concerns)
    revised: date | None = None  # start of the current revision (更正/修改), if any
    secrecy_passed: date | None = None
    refused: date | None = None  # secrecy review 不予公开 / risk assessment 不公开
    withheld: date | None = None
    archived: bool = False
    prepublish: list = field(default_factory=list)  # [(opened, closed or None)]
    rereviews: list = field(default_factory=list)  # dates, in order
    transfers: dict = field(default_factory=dict)  # medium → first date ("" = both)
    meetings: list = field(default_factory=list)  # [(notice sent, meeting day)]

    @property
    def classified(self) -> date | None:
        """When the item was held back from 主动公开 by a decision on it, if it was."""
        return self.withheld or self.refused


def item_facts(item: Any, steps: tuple = ()) -> Facts:
    """``steps``: the profile's secrecy and risk steps (their decisions pass or refuse)."""
    f = Facts()
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
            if current:
                if f.publish is None:
                    f.publish = e.date
                if f.publish_public is None and (e.data.get("scope") or item.scope) == SCOPE_PUBLIC:
                    f.publish_public = e.date
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
        elif a == "rereview":
            f.rereviews.append(e.date)
        elif a == "transfer" and current and f.publish_public is not None:
            f.transfers.setdefault(str(e.data.get("medium", "")), e.date)
        elif a == "meeting":
            day = parse_date(e.data.get("meeting_date"))
            if day is not None:
                f.meetings.append((e.date, day))
    for s in steps:
        d = decisions.get(s.name)
        if d is not None and s.normalise(d.result) in ("不予公开", "不公开"):
            f.refused = d.date
    secrecy = [(s, decisions.get(s.name)) for s in steps if s.kind == "secrecy"]
    if secrecy and all(d is not None and s.normalise(d.result) in ("可以公开", "部分公开")
                       for s, d in secrecy):
        f.secrecy_passed = max(d.date for _, d in secrecy)
    return f


def transferred(f: Facts, medium: str) -> date | None:
    """When the current publication went to the reading room in ``medium``, if it did."""
    return f.transfers.get(medium) or f.transfers.get("")


def _clock(rule: str, lim: Limit, start: date, start_event: str, length: int | None = None,
           unit: str | None = None) -> Clock:
    return Clock(rule=rule, label=RULE_NAMES[rule], source=lim.source, start=start,
                 length=lim.days if length is None else length, unit=unit or lim.unit,
                 start_event=start_event)


def _formed(item: Any, facts: Facts) -> tuple[date | None, str]:
    if facts.revised is not None:
        return facts.revised, "信息变更（更正）"
    if item.doc_date is not None:
        return item.doc_date, "成文日期"
    return item.submitted, "提出日期"


def _by_month_day(start: date, month_day: tuple[int, int], rule: str, lim: Limit, what: str) -> Clock:
    """A duty due on a calendar day, as a clock of calendar days from ``start``."""
    m, d = month_day
    due = date(start.year + 1, m, d) if (m, d) <= (start.month, start.day) else date(start.year, m, d)
    return _clock(rule, lim, start, what, (due - start).days, DAYS)


def _item_deadlines(register: Any, item: Any, f: Facts, lim: Mapping[str, Limit | None],
                    cal: Calendar, today: date) -> list[Deadline]:
    out: list[Deadline] = []
    if not item.history:
        return out

    def add(rule: str, clock: Clock, done: date | None, **kw) -> None:
        out.append(Deadline(item.id, "item", item.title, clock, done, item.department,
                            item.proposer, item.path, **kw))

    classified = item.attribute in NOT_PROACTIVE or f.classified is not None
    closed_unpublished = f.archived and f.publish is None
    gov = item.kind == "政务"

    if not classified and not closed_unpublished:
        L = lim.get("publish_after_secrecy")
        if L is not None and f.secrecy_passed is not None:
            if item.timing == "随时" and L.urgent is not None:  # 时效性较强的，应立即予以公开
                clock = _clock("publish_after_secrecy", L, f.secrecy_passed,
                               "保密审查通过；时效性较强（随时公开），应立即公开", L.urgent)
            else:
                clock = _clock("publish_after_secrecy", L, f.secrecy_passed, "保密审查通过")
            add("publish_after_secrecy", clock, f.publish)
        L = lim.get("publish_after_formed")
        start, what = _formed(item, f)
        if L is not None and gov and start is not None:
            add("publish_after_formed", _clock("publish_after_formed", L, start, what), f.publish)
        if gov and f.publish_public is not None:
            # 移送 concerns 主动公开 information, which it becomes when published: count from then.
            pub = f.publish_public
            L = lim.get("transfer_electronic")
            if L is not None:
                add("transfer_electronic", _clock("transfer_electronic", L, pub, "向社会公开"),
                    transferred(f, "电子"))
            L = lim.get("transfer_paper")
            if L is not None and L.day_of_month:
                add("transfer_paper",
                    _clock("transfer_paper", L, _month_end(pub), f"{pub.year}年{pub.month}月公开的信息，"
                           f"次月{L.day_of_month}日前移送（自月末起算）", L.day_of_month, DAYS),
                    transferred(f, "纸质"))

    L = lim.get("policy_interpretation")
    if L is not None and item.interprets and f.classified is None and not closed_unpublished:
        doc = register.item(item.interprets)
        if doc is not None:
            if doc.doc_date is not None:
                start, what = doc.doc_date, f"被解读文件 {doc.id} 印发（成文日期）"
            else:
                first = item_facts(doc).first_publish
                if first is not None:
                    start, what = first, f"被解读文件 {doc.id} 公开"
                else:
                    start, what = doc.submitted, f"被解读文件 {doc.id} 提出"
            if start is not None:
                add("policy_interpretation", _clock("policy_interpretation", L, start, what), f.publish)

    L = lim.get("prepublish_min")
    if L is not None:
        for opened, closed in f.prepublish:
            clock = replace(_clock("prepublish_min", L, opened, "预公开（公示）开始"), roll=False)
            add("prepublish_min", clock, closed, minimum=True)

    L = lim.get("meeting_notice")
    if L is not None and L.days > 0:
        for notified, meeting in f.meetings:
            latest = (cal.workdays_before(meeting, L.days) if L.unit == WORKDAYS
                      else meeting - timedelta(days=L.days))
            what = f"会议 {meeting} 召开，至少提前 {L.days} {'个工作日' if L.unit == WORKDAYS else '日'}通知，最迟 {latest}"
            add("meeting_notice", _clock("meeting_notice", L, latest, what, 0, DAYS), notified)

    L = lim.get("rereview")
    if L is not None and L.month_day and classified:
        since = f.classified or item.doc_date or item.submitted
        # the obligation ends once the item is published (reclassified as 主动公开)
        public = f.publish if f.publish is not None and f.publish > since else None
        for y in range(since.year + 1, today.year + 2):  # and next year's, open, as for the annual report
            begin = date(y - 1, 12, 31)
            if public is not None and public <= begin:
                break
            done = next((d for d in f.rereviews if d > begin), None)
            if public is not None and (done is None or public < done):
                done = public
            clock = _by_month_day(begin, L.month_day, "rereview", L,
                                  f"{since.year} 年确定为{item.attribute if item.attribute in NOT_PROACTIVE else '不公开'}，"
                                  f"{y} 年 {L.month_day[0]} 月 {L.month_day[1]} 日前复核（自上年末起算）")
            add("rereview", clock, done, period=f"{y}年")
    return out


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


PERIOD_MONTHS = {"每季度": 3, "每半年": 6, "每年": 12}


def _period_label(start: date, months: int) -> str:
    if months == 12:
        return f"{start.year}年"
    if months == 6:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"


def _period_of(d: date, months: int) -> date:
    return date(d.year, ((d.month - 1) // months) * months + 1, 1)


def _next_period(start: date, months: int) -> date:
    m = start.month - 1 + months
    return date(start.year + m // 12, m % 12 + 1, 1)


def _prev_period(start: date, months: int) -> date:
    m = start.month - 1 - months
    return date(start.year + m // 12, m % 12 + 1, 1)


def _periods(first: date, last: date, months: int) -> list[tuple[date, date]]:
    """Periods (start, end) of ``months`` length from the one holding ``first`` to the one
    holding ``last``."""
    cur = _period_of(first, months)
    out = []
    while cur <= last:
        nxt = _next_period(cur, months)
        out.append((cur, nxt - timedelta(days=1)))
        cur = nxt
    return out


def _register_start(register: Any) -> date | None:
    if register.config.start is not None:
        return register.config.start
    dates = [i.submitted for i in register.items if i.submitted is not None]
    return min(dates) if dates else None


def _periodic(register: Any, today: date, pubs: Mapping[str, list[tuple[Any, date]]], L: Limit,
              cal: Calendar) -> list[Deadline]:
    out: list[Deadline] = []
    reg_start = _register_start(register)
    for e in register.catalogue:
        months = PERIOD_MONTHS.get(e.cadence)
        if e.timing != "定期" or months is None:
            continue
        starts = [d for d in (reg_start, e.since) if d is not None]
        first = max(starts) if starts else today
        if first > today:
            continue
        periods = _periods(first, today, months)
        grace = {ps: cal.add(pe, L.days, L.unit) for ps, pe in periods}
        covered = _match_periods(pubs.get(e.code, ()), months, grace)
        for ps, pe in periods:
            label = _period_label(ps, months)
            clock = Clock("periodic", RULE_NAMES["periodic"], L.source, pe, L.days, L.unit,
                          start_event=f"{label}结束（{e.cadence}公开）")
            out.append(Deadline(e.code, "entry", f"{e.name}（{label}）", clock, covered.get(ps),
                                e.department, "", e.path, period=label))
    return out


def _match_periods(pubs, months: int, grace: Mapping[date, date]) -> dict[date, date]:
    """Period start → its earliest publication. An item reports on the period it states;
    otherwise on the period in which it was formed, or on the one before when it was formed
    within that period's grace and that period has nothing yet (a Q1 report written in
    early April). One missing period therefore stays missing instead of taking the next
    period's publication."""
    covered: dict[date, date] = {}
    guessed = []
    for item, published in pubs:
        stated = parse_period(item.period) if item.period else None
        if stated is not None and stated[1] == months:
            ps = stated[0]
            covered[ps] = min(published, covered.get(ps, published))
        else:
            formed = item.doc_date or item.submitted or published
            guessed.append((formed, published))
    for formed, published in sorted(guessed):
        ps = _period_of(formed, months)
        prev = _prev_period(ps, months)
        if prev in grace and prev not in covered and formed <= grace[prev]:
            ps = prev
        covered[ps] = min(published, covered.get(ps, published))
    return covered


def _annual_report(register: Any, today: date, L: Limit) -> list[Deadline]:
    p = register.profile
    md = L.month_day or ((3, 31) if p.org_type == "政府" else (1, 31))
    source = L.source or "政府信息公开条例第四十九条、第五十条"
    start = _register_start(register)
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
        clock = _by_month_day(date(y - 1, 12, 31), md, "annual_report", replace(L, source=source),
                              f"{covered} 年度结束，{md[0]} 月 {md[1]} 日前发布（自年末起算）")
        out.append(Deadline(f"report-{covered}", "register", title, clock, done,
                            p.office_role, "", f"reports/{covered}.yaml", period=f"{covered}年"))
    return out


__all__ = ["Deadline", "Row", "Limit", "Facts", "limit", "item_facts", "transferred", "all_deadlines",
           "evaluate", "evaluate_one", "rows", "overdue", "grouped", "due_within", "summary", "explain",
           "check_calendar", "check_periods", "RULE_NAMES", "RULE_SHORT", "SERIOUS", "EARLY", "STATUS",
           "MEDIA", "REREVIEW_RESULTS", "PERIOD_MONTHS"]
