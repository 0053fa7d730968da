"""A message's reply clocks, and the period summary (答复率、按时答复率).

Time limits come from the profile (``messages: {咨询: 3, 建议: 15, 投诉: 15, source: …}``,
工作日): each handling round — the first from receipt, each later one from its ``reopen``
(seed 002 第四十六条: a reply the citizen is not satisfied with is handled again) — must end
with a reply signed off by the 分管领导 (第四十五条) within the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Iterable, Mapping

from dwgk.clock import Clock, run, state as clock_state
from dwgk.deadline import Deadline
from dwgk.messages.model import Message
from dwgk.messages.procedure import Round, state, title_of
from dwgk.messages.vocab import TYPES
from dwgk.workdays import Calendar

if TYPE_CHECKING:
    from dwgk.profile import Profile
    from dwgk.model import Register


@dataclass(frozen=True)
class Limits:
    days: Mapping[str, int]
    source: str

    def for_type(self, kind: str) -> int | None:
        return self.days.get(kind)


def limits(profile: "Profile") -> Limits | None:
    raw = profile.messages or {}
    days = {}
    for t in TYPES:
        v = raw.get(t)
        if isinstance(v, Mapping):
            v = v.get("days")
        try:
            if v is not None and not isinstance(v, bool) and int(v) > 0:
                days[t] = int(v)
        except (TypeError, ValueError):
            continue
    if not days:
        return None
    return Limits(days, str(raw.get("source") or ""))



def round_clock(msg: Message, rnd: Round, lim: Limits) -> Clock:
    days = lim.for_type(msg.type) or 0
    label = f"{msg.type}类留言答复"
    what = "收到留言" if rnd.reopen is None else f"留言人不满意，重新办理（{rnd.reopen.reasons}）"
    return Clock(rule="message_reply", label=label, source=lim.source, start=rnd.start, length=days,
                 start_event=what)


def message_deadlines(register: "Register", msg: Message) -> list[Deadline]:
    lim = limits(register.profile)
    if lim is None or msg.received is None or lim.for_type(msg.type) is None:
        return []
    st = state(msg)
    return [Deadline(subject=msg.id, kind="message", title=title_of(msg), clock=round_clock(msg, r, lim),
                     done=r.reply.date if r.reply else None,
                     department=msg.department or register.profile.office_role, person=msg.handler,
                     path=msg.path, period=f"第 {r.number} 次办理" if r.number > 1 else "")
            for r in st.rounds]


def deadlines(register: "Register", calendar: Calendar, today: date) -> Iterable[Deadline]:
    """The kind's deadlines: one per handling round."""
    for msg in register.messages:
        yield from message_deadlines(register, msg)


def _on_time(register: "Register", msg: Message, cal: Calendar) -> tuple[bool, bool]:
    """(every round replied, every replied round on time)."""
    lim = limits(register.profile)
    st = state(msg)
    replied = bool(st.rounds) and all(r.reply for r in st.rounds)
    ok = True
    for r in st.rounds:
        if lim is None or lim.for_type(msg.type) is None or r.reply is None:
            continue
        due = run(round_clock(msg, r, lim), cal).due
        if due is not None and r.reply.date > due:
            ok = False
    return replied, ok


def summary(register: "Register", cal: Calendar, start: date, end: date, today: date) -> dict:
    """Messages received in [start, end]: counts by type, reply rate, on-time rate, reopened.

    The reply rate counts messages whose every handling round has a reply (as of ``today``);
    the on-time rate counts, among replied messages, those whose every reply came in time."""
    lim = limits(register.profile)
    rows = {t: {"received": 0, "replied": 0, "on_time": 0, "reopened": 0, "open": 0, "overdue": 0}
            for t in TYPES}
    for msg in register.messages:
        if msg.received is None or not (start <= msg.received <= end) or msg.type not in rows:
            continue
        row = rows[msg.type]
        row["received"] += 1
        st = state(msg)
        replied, ok = _on_time(register, msg, cal)
        if replied:
            row["replied"] += 1
            row["on_time"] += 1 if ok else 0
        else:
            row["open"] += 1
            if lim is not None and lim.for_type(msg.type) is not None:
                last = st.rounds[-1]
                r = run(round_clock(msg, last, lim), cal)
                if clock_state(r, cal, today).overdue:
                    row["overdue"] += 1
        if len(st.rounds) > 1:
            row["reopened"] += 1

    def rates(r: dict) -> dict:
        r = dict(r)
        r["reply_rate"] = round(r["replied"] / r["received"], 4) if r["received"] else None
        r["on_time_rate"] = round(r["on_time"] / r["replied"], 4) if r["replied"] else None
        return r

    total = {k: sum(rows[t][k] for t in TYPES) for k in rows[TYPES[0]]}
    return {"from": start.isoformat(), "to": end.isoformat(), "today": today.isoformat(),
            "limits": dict(lim.days) if lim else {}, "source": lim.source if lim else "",
            "types": {t: rates(rows[t]) for t in TYPES}, "total": rates(total)}
