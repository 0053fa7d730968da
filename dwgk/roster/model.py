"""The roster (人员名册) in memory: each person, their department, and the roles they held
from when to when. Built by ``dwgk.roster.build`` from ``people.yaml``; never mutated.

A role is held on a day when the day falls within one of its holdings (``start``/``end``
inclusive, either open). A collective body (局党组 …) is a role too: its members on a day are
the people who hold it that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

FILE = "people.yaml"


@dataclass(frozen=True)
class Holding:
    """One role held by one person over a span of days."""

    role: str
    start: date | None = None  # first day held (None: since the register began)
    end: date | None = None  # last day held (None: still held)
    index: int = 0  # position in the person's ``roles`` list (for line numbers)

    def on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def span(self) -> str:
        """自 2025-01-01 / 2025-01-01 至 2026-02-28 — for messages and ``people list``."""
        if self.end is None:
            return f"自 {self.start}" if self.start else "（长期）"
        return f"{self.start or '……'} 至 {self.end}"


@dataclass(frozen=True)
class Person:
    name: str
    department: str = ""
    holdings: tuple[Holding, ...] = ()
    index: int = 0  # position in the ``people`` list

    def roles_on(self, day: date) -> tuple[str, ...]:
        return tuple(dict.fromkeys(h.role for h in self.holdings if h.on(day)))


@dataclass(frozen=True)
class Roster:
    people: tuple[Person, ...] = ()
    present: bool = False  # people.yaml exists (``dwgk init`` creates it empty)
    path: str = FILE

    @property
    def empty(self) -> bool:
        """No roster yet: nothing is checked against people and roles."""
        return not self.people

    @cached_property
    def _names(self) -> dict[str, Person]:
        out: dict[str, Person] = {}
        for p in self.people:
            out.setdefault(p.name, p)  # a duplicate name is a finding; the first counts
        return out

    def person(self, name: str) -> Person | None:
        return self._names.get(name.strip())

    def roles_of(self, name: str, day: date) -> tuple[str, ...]:
        p = self.person(name)
        return p.roles_on(day) if p is not None else ()

    def holds(self, name: str, role: str, day: date) -> bool:
        return role in self.roles_of(name, day)

    def holders(self, role: str, day: date) -> tuple[str, ...]:
        """Who holds ``role`` on ``day`` (a body's members), in roster order."""
        return tuple(p.name for p in self.people if any(h.role == role and h.on(day) for h in p.holdings))

    def as_of(self, day: date) -> "Roster":
        """The roster as it stood at the end of ``day``: holdings that began later are not
        there yet, and one that ended later was still running."""
        people = []
        for p in self.people:
            hs = tuple(Holding(h.role, h.start, h.end if h.end is None or h.end <= day else None, h.index)
                       for h in p.holdings if h.start is None or h.start <= day)
            if hs or not p.holdings:  # someone whose every role began later was not on it yet
                people.append(Person(p.name, p.department, hs, p.index))
        return Roster(tuple(people), self.present, self.path)
