"""A 舆情/应急 record's hour clocks, and the period summary (accountability, seed 002 第五十四条).

Each record has a response clock from the moment it was found — the first authoritative
information released (an emergency's 首发) within the hours its level allows, or the
unassessed rule before it is assessed — and, where its level asks for one, a press-conference
clock. Both run in hours through weekends and holidays (``dwgk.clock.HOURS``). A closed record
that never held the press conference its level asked for has nothing left to chase: its press
clock is dropped from the overdue list and counted in the summary instead.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING, Iterable

from dwgk.clock import HOURS, MISSED, Clock
from dwgk.dates import duration_text, minute
from dwgk.deadline import Deadline, evaluate
from dwgk.opinions.model import Opinion
from dwgk.opinions.procedure import OState, state
from dwgk.opinions.rules import Rules, rules
from dwgk.opinions.vocab import FOLDER, STAGE_NAMES, TYPES
from dwgk.workdays import Calendar

if TYPE_CHECKING:
    from dwgk.model import Register

UNASSESSED = "未研判"
ROLES = ("第一责任人", "责任科室", "发布人")  # who answers for a late response, in that order
LABELS = {"respond": {"舆情": "发布权威信息回应舆情", "应急": "首发权威信息"}, "press": {"舆情": "举行新闻发布会",
                                                                         "应急": "举行新闻发布会"}}


def opinions_of(register: "Register") -> tuple[Opinion, ...]:
    return register.records.get(FOLDER, ())


def title_of(op: Opinion) -> str:
    text = " ".join(op.summary.split())
    return f"{op.type}：{text[:24]}{'…' if len(text) > 24 else ''}"


def clock_of(op: Opinion, st: OState, r: Rules, key: str) -> Clock | None:
    """The ``key`` (respond | press) clock of ``op`` under the level in force, if it has one."""
    rule = r.rule(st.level, key)
    if rule is None or op.found is None:
        return None
    what = "获知突发事件" if op.emergency else "发现舆情"
    label = f"{LABELS[key].get(op.type, LABELS[key]['舆情'])}（{st.level or UNASSESSED}，{rule.hours} 小时内）"
    return Clock(rule=f"opinion_{key}", label=label, source=rule.source,
                 start=op.found.date(), start_at=op.found, length=rule.hours, unit=HOURS, start_event=what)


def opinion_deadlines(register: "Register", op: Opinion, r: Rules | None = None) -> list[Deadline]:
    r = r or rules(register.profile)
    if r is None or op.found is None:
        return []
    st = state(op)
    out = []
    for key in ("respond", "press"):
        clock = clock_of(op, st, r, key)
        if clock is None:
            continue
        done = st.first_response if key == "respond" else st.press(r.press_channels)
        if done is None and key == "press" and st.closed is not None:
            continue  # closed without one: counted in the summary, nothing left to chase
        what = f"{done.at:%H:%M} 经{done.channel}发布" if done is not None else ""
        out.append(Deadline(subject=op.id, kind="opinion", title=title_of(op), clock=clock,
                            done=done.at.date() if done else None, done_at=done.at if done else None,
                            department=op.department or register.profile.office_role, person=op.head,
                            path=op.path, done_event=what))
    return out


def deadlines(register: "Register", calendar: Calendar, today: date) -> Iterable[Deadline]:
    """The kind's deadlines: the response clock and, where the level asks, the press conference."""
    r = rules(register.profile)
    if r is None:
        return
    for op in opinions_of(register):
        yield from opinion_deadlines(register, op, r)


def _minutes(a: datetime, b: datetime) -> int:
    return int((b - a).total_seconds() // 60)


def summary(register: "Register", cal: Calendar, start: date, end: date, today: date,
            now: datetime | None = None) -> dict:
    """Events found in [start, end]: counts by type and level, response times, late responses
    and the people responsible for them (as of ``now``, by default the end of ``today``)."""
    r = rules(register.profile)
    by_type: Counter = Counter()
    by_level: Counter = Counter()
    counts = Counter()
    minutes: list[int] = []
    events, late, people = [], [], {}
    for op in sorted(opinions_of(register), key=lambda o: (o.found or datetime.min, o.id)):
        if op.found is None or not start <= op.found.date() <= end:
            continue
        st = state(op)
        by_type[op.type] += 1
        by_level[st.level or UNASSESSED] += 1
        first = st.first_response
        took = _minutes(op.found, first.at) if first else None
        if took is not None:
            minutes.append(took)
            counts["responded"] += 1
        if st.closed is not None:
            counts["closed"] += 1
            counts["held" if st.closed.held == "是" else "not_held"] += 1
        if r is not None and r.must_report_for(st.level):
            counts["must_report"] += 1
            counts["reported" if st.reported_to(r.must_report) else "unreported"] += 1
        rows = evaluate(opinion_deadlines(register, op, r), cal, today, now=now) if r is not None else []
        respond = next((x for x in rows if x.deadline.rule == "opinion_respond"), None)
        press_rule = r.rule(st.level, "press") if r is not None else None
        if press_rule is not None:
            counts["press_required"] += 1
            if st.press(r.press_channels) is not None:
                counts["press_held"] += 1
            elif st.closed is not None:
                counts["press_missing"] += 1
        for x in rows:
            if x.state.status != MISSED:
                continue
            counts["late_press" if x.deadline.rule == "opinion_press" else "late"] += 1
            if x.state.done_at is None and x.deadline.rule == "opinion_respond":
                counts["open_late"] += 1
            responder = first.by if first and x.deadline.rule == "opinion_respond" else ""
            late.append({"id": op.id, "type": op.type, "level": st.level or UNASSESSED, "title": title_of(op),
                         "rule": x.deadline.clock.label, "found": minute(op.found), "due_at": minute(x.state.due_at),
                         "done_at": minute(x.state.done_at), "late_minutes": x.state.minutes_late,
                         "late_text": x.state.late_text(), "head": op.head, "department": x.deadline.department,
                         "responder": responder})
            for name, role in zip((op.head, x.deadline.department, responder), ROLES):
                if name:
                    p = people.setdefault((name, role), {"name": name, "role": role, "late": 0})
                    p["late"] += 1
        events.append({"id": op.id, "type": op.type, "level": st.level or UNASSESSED, "title": title_of(op),
                       "found": minute(op.found), "first_response": minute(first.at) if first else None,
                       "minutes": took, "took_text": duration_text(took) if took is not None else "",
                       "limit_hours": respond.deadline.clock.length if respond else None,
                       "status": respond.state.status if respond else None,
                       "late_text": respond.state.late_text() if respond and respond.state.status == MISSED else "",
                       "stage": st.stage, "stage_name": STAGE_NAMES[st.stage], "releases": len(st.responses),
                       "head": op.head, "department": op.department, "held": st.closed.held if st.closed else ""})
    avg = round(sum(minutes) / len(minutes)) if minutes else None
    return {"from": start.isoformat(), "to": end.isoformat(), "enabled": r is not None,
            "source": r.source if r else "", "count": sum(by_type.values()),
            "by_type": {t: by_type.get(t, 0) for t in TYPES},
            "by_level": {lv: by_level[lv] for lv in (*(r.levels if r else ()), UNASSESSED) if by_level.get(lv)},
            "responded": counts["responded"], "average_minutes": avg,
            "average_text": duration_text(avg) if avg is not None else "",
            "longest_minutes": max(minutes) if minutes else None,
            "late": counts["late"], "open_late": counts["open_late"],
            "on_time": counts["responded"] - sum(1 for x in late if x["rule"] == LABELS["respond"].get(x["type"])
                                                 and x["done_at"]),
            "press_required": counts["press_required"], "press_held": counts["press_held"],
            "press_late": counts["late_press"], "press_missing": counts["press_missing"],
            "closed": counts["closed"], "held": counts["held"], "not_held": counts["not_held"],
            "must_report": counts["must_report"], "unreported": counts["unreported"],
            "late_rows": late, "responsible": sorted(people.values(), key=lambda p: (-p["late"], ROLES.index(p["role"]), p["name"])),
            "events": events}
