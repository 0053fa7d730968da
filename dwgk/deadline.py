"""Deadline types and their evaluation, below every record kind.

A :class:`Deadline` is one duty with a time limit on one subject: a
:class:`dwgk.clock.Clock` (start event, length in 工作日 or calendar days, rule and source
article, clock events) plus who holds it and when it was done. Each record kind builds its own
(``Kind.deadlines``); :func:`evaluate` computes each into a :class:`Row` for a day (due date,
provisional flag, state: open / met on X / missed by N 工作日, seriously-late tier).
``dwgk.deadlines`` gathers them from every kind.

An hour clock (舆情, 应急: ``dwgk.clock.HOURS``) is evaluated at a moment, ``now`` (the cli's
``--now``; by default the end of ``today``), against the moment it was done (``done_at``);
its row carries ``due_at`` and the minutes late or left besides the day-based fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from dwgk import phases
from dwgk.clock import (MET, OPEN, PAUSED, STATUS_NAMES, Clock, Result, State, run,
                        serious as _serious, state as clock_state)
from dwgk.dates import minute
from dwgk.profile import Limit
from dwgk.workdays import DAYS, Calendar

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
    # rules built by dwgk.opinions (hour clocks)
    "opinion_respond": "舆情回应", "opinion_press": "新闻发布会",
}
SERIOUS = "严重"


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
    done_at: datetime | None = None  # an hour clock: the moment the duty was done


    @property
    def pending(self) -> bool:
        """Not done yet: a duty with a done date (or moment) is met or missed for good."""
        return self.done is None and self.done_at is None

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
                "person": d.person, "path": d.path, "provisional": self.provisional, **self._hours_json()}

    def _hours_json(self) -> dict:
        """An hour clock's moments and minutes (absent for 工作日/日 clocks)."""
        s = self.state
        if not s.hourly:
            return {}
        return {"due_at": minute(s.due_at), "done_at": minute(s.done_at), "minutes_late": s.minutes_late,
                "minutes_left": s.minutes_left, "late_text": s.late_text() if s.minutes_late else ""}

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
            **self._hours_json(),
        }
        if self.result.problems:
            out["problems"] = list(self.result.problems)
        if trace:
            out["trace"] = [t.to_json() for t in self.result.trace]
        return out

# ---------------------------------------------------------------------------------------
# evaluation


def evaluate_one(d: Deadline, cal: Calendar, today: date, trace: bool = False,
                 now: datetime | None = None) -> Row:
    r = run(d.clock, cal, trace=trace)
    if d.minimum:
        return Row(d, r, _minimum_state(r, cal, today, d.done))
    st = clock_state(r, cal, today, d.done, now=now, done_at=d.done_at)
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
             trace: bool = False, now: datetime | None = None) -> list[Row]:
    with phases.span("deadlines"):
        return [evaluate_one(d, cal, today, trace, now) for d in deadlines]


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


def clock_for(rule: str, lim: Limit, start: date, start_event: str, length: int | None = None,
              unit: str | None = None) -> Clock:
    """The clock of rule ``rule`` under limit ``lim``, started on ``start``."""
    return Clock(rule=rule, label=RULE_NAMES.get(rule, rule), source=lim.source, start=start,
                 length=lim.days if length is None else length, unit=unit or lim.unit,
                 start_event=start_event)


def by_month_day(start: date, month_day: tuple[int, int], rule: str, lim: Limit, what: str) -> Clock:
    """A duty due on a calendar day, as a clock of calendar days from ``start``."""
    m, d = month_day
    due = date(start.year + 1, m, d) if (m, d) <= (start.month, start.day) else date(start.year, m, d)
    return clock_for(rule, lim, start, what, (due - start).days, DAYS)


def month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)
