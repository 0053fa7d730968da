"""What waits for whom (``dwgk todo``; ``dwgk status`` groups by it).

Every open record of every kind says what it waits for and which roles may do it
(``Kind.waits``); the roster says who holds those roles on the day. Each task carries the
most pressing open deadline of its record, and tasks come worst first: overdue (most
工作日 late first), then by due date, then those without a time limit. People come in the
order of their worst task.

Without a roster, tasks are grouped by role (名册为空); a task no one on the roster can
take is grouped under the role, saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dwgk import deadlines as dl
from dwgk.deadline import Row
from dwgk.kinds import KINDS
from dwgk.model import Register
from dwgk.records import Memo, Wait, afresh


@dataclass(frozen=True)
class Task:
    wait: Wait
    label: str  # 事项 / 申请 / 留言
    row: Row | None = None  # the most pressing open deadline of the record

    @property
    def overdue(self) -> bool:
        return self.row is not None and self.row.overdue

    def sort_key(self) -> tuple:
        r = self.row
        return (not self.overdue, -(r.state.days_late if r is not None else 0),
                r.due if r is not None and r.due is not None else date.max, self.wait.subject)

    def to_json(self) -> dict:
        r = self.row
        return {"id": self.wait.subject, "kind": self.label, "title": self.wait.title, "action": self.wait.action,
                "roles": list(self.wait.roles), "department": self.wait.department or None,
                "rule": r.deadline.clock.label if r else None,
                "due": r.due.isoformat() if r is not None and r.due else None,
                "overdue": self.overdue, "days_late": r.state.days_late if r else 0,
                "days_left": r.state.days_left if r is not None and not self.overdue else None,
                "provisional": r.provisional if r else False}


@dataclass(frozen=True)
class Person:
    """Whoever a group of tasks is for: a person on the roster (with the roles they hold
    that day), a person a record names, or — without anyone — a role or an outside body."""

    name: str
    roles: tuple[str, ...] = ()
    on_roster: bool = True

    @property
    def heading(self) -> str:
        if not self.on_roster:
            return self.name
        return self.name + (f"（{'、'.join(self.roles)}）" if self.roles else "")


def _worst_rows(rows: list[Row]) -> dict[str, Row]:
    """Subject → its most pressing open deadline (overdue first, then the earliest due)."""
    out: dict[str, Row] = {}
    for r in rows:
        d = r.deadline
        if d.minimum or d.others or r.state.done is not None or r.due is None:
            continue
        key = (not r.overdue, -r.state.days_late, r.due)
        best = out.get(d.subject)
        if best is None or key < (not best.overdue, -best.state.days_late, best.due):
            out[d.subject] = r
    return out


def tasks(register: Register, today: date, rows: list[Row] | None = None, memo: Memo = afresh) -> list[Task]:
    """Every open record's task; ``rows``: the register's deadlines for ``today``, if at hand
    (every row or only the open ones: a done deadline is never a task's); ``memo``: the
    cache's (an item's ``Brief`` says whether it waits at all)."""
    rows = _worst_rows(dl.open_rows(register, today, memo=memo) if rows is None else rows)
    out = []
    for kind in KINDS:
        if kind.waits is None:
            continue
        for rec in register.records.get(kind.name, ()):
            w = kind.waits(register, rec, memo)
            if w is not None:
                out.append(Task(w, kind.label, rows.get(w.subject)))
    return sorted(out, key=Task.sort_key)


def who(register: Register, w: Wait, today: date) -> list[Person]:
    """Whom a wait is for on ``today``."""
    roster = register.roster
    if w.people:
        return [Person(p, roster.roles_of(p, today), roster.empty or roster.person(p) is not None) for p in w.people]
    if w.outside:
        return [Person(f"（{w.outside}）", on_roster=False)]
    if not w.roles:
        return [Person("（未指定）", on_roster=False)]
    if roster.empty:
        return [Person(f"（{w.roles[0]}）", on_roster=False)]
    names = dict.fromkeys(n for role in w.roles for n in roster.holders(role, today))
    if not names:
        return [Person(f"（{w.roles[0]}：名册中当日无人担任）", on_roster=False)]
    return [Person(n, roster.roles_of(n, today)) for n in names]


def by_person(register: Register, today: date, name: str | None = None,
              rows: list[Row] | None = None, memo: Memo = afresh) -> list[tuple[Person, list[Task]]]:
    """Tasks grouped by whom they are for, worst first; ``name``: only that person's."""
    groups: dict[str, tuple[Person, list[Task]]] = {}
    for t in tasks(register, today, rows, memo):  # sorted worst first: a person's first task is their worst
        for p in who(register, t.wait, today):
            if name is not None and p.name != name:
                continue
            groups.setdefault(p.name, (p, []))[1].append(t)
    return list(groups.values())
