"""A 政民互动 message and the typed events of its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dwgk.records import Event, long_text


@dataclass(frozen=True)
class MessageEvent(Event):
    """receive | assign (department, handler) | reply (text, signed_by, explanation) |
    reopen (reasons); ``note`` on any."""

    department: str = ""
    handler: str = ""
    text: str = ""
    signed_by: str = ""
    explanation: str = ""
    reasons: str = ""
    note: str = ""


@dataclass(frozen=True)
class Message:
    id: str
    type: str
    received: date | None
    citizen: str
    subject: str
    content: str
    history: tuple[MessageEvent, ...] = ()
    path: str = ""
    channel: str = ""
    contact: str = ""

    @property
    def department(self) -> str:
        for e in reversed(self.history):
            if e.action in ("assign", "receive") and e.department:
                return e.department
        return ""

    @property
    def handler(self) -> str:
        for e in reversed(self.history):
            if e.action in ("assign", "receive") and e.handler:
                return e.handler
        return ""


long_text(Message, "content")
