"""A 舆情 or 应急 record and the typed events of its history. Times are moments to the minute
(naive datetimes, Beijing time); ``date`` (every event's base field) is the day of ``at``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dwgk.dates import minute
from dwgk.records import Event


@dataclass(frozen=True)
class OpinionEvent(Event):
    """found | assess (value, level, plan) | report (to) | coordinate (unit, statement) |
    respond (channel, text, item, link) | follow (note) | close (outcome, held); ``note`` on any."""

    at: datetime | None = None
    value: str = ""
    level: str = ""
    plan: str = ""
    to: str = ""
    unit: str = ""
    statement: str = ""
    channel: str = ""
    text: str = ""
    item: str = ""
    link: str = ""
    note: str = ""
    outcome: str = ""
    held: str = ""

    def to_json(self) -> dict:
        out = super().to_json()
        out["at"] = minute(self.at)
        return out


@dataclass(frozen=True)
class Opinion:
    id: str
    type: str  # 舆情 | 应急
    found: datetime | None
    source: str  # the platform or medium where it was found
    summary: str
    history: tuple[OpinionEvent, ...] = ()
    path: str = ""
    link: str = ""
    level: str = ""  # an emergency's 级别 as first recorded (an assessment may change it)
    department: str = ""  # the department whose work it concerns (谁主管谁发声)
    head: str = ""  # the unit's 主要负责人: first responsible person (seed 002 第五十二条)

    @property
    def emergency(self) -> bool:
        return self.type == "应急"
