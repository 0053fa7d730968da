"""A message's handling rounds and stage, derived from its history (seed 002 第四十六条: a reply
the citizen is not satisfied with is handled again)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dwgk.messages.model import Message, MessageEvent
from dwgk.records import Wait


@dataclass(frozen=True)
class Round:
    """One handling: from receipt (or a reopening) to its reply."""

    number: int  # 1 = first handling
    start: date
    reply: MessageEvent | None = None
    reopen: MessageEvent | None = None  # what started it (None for the first)


@dataclass
class MState:
    stage: str
    rounds: list[Round] = field(default_factory=list)
    assigned: MessageEvent | None = None
    next_action: str = ""

    @property
    def replied(self) -> MessageEvent | None:
        return self.rounds[-1].reply if self.rounds else None

    @property
    def first_reply(self) -> MessageEvent | None:
        return self.rounds[0].reply if self.rounds else None


def state(msg: Message) -> MState:
    st = MState("received")
    if msg.received is None:
        return st
    rounds = [Round(1, msg.received)]
    for e in msg.history:
        if e.action == "assign":
            st.assigned = e
        elif e.action == "reply" and rounds[-1].reply is None:
            r = rounds[-1]
            rounds[-1] = Round(r.number, r.start, e, r.reopen)
        elif e.action == "reopen" and rounds[-1].reply is not None:
            rounds.append(Round(len(rounds) + 1, e.date, None, e))
    st.rounds = rounds
    last = rounds[-1]
    if last.reply is not None:
        st.stage, st.next_action = "replied", "已答复（留言人不满意的，重新办理：dwgk message reopen）"
    elif last.reopen is not None:
        st.stage = "reopened"
        st.next_action = "留言人不满意，重新办理后答复（dwgk message reply，须分管领导签字）"
    elif st.assigned is not None:
        st.stage, st.next_action = "assigned", "承办科室办理并答复（dwgk message reply，须分管领导签字）"
    else:
        st.stage, st.next_action = "received", "分办到承办科室（dwgk message assign）"
    return st


def title_of(msg: Message) -> str:
    text = msg.subject or " ".join(msg.content.split())
    return f"{msg.type}：{text[:24]}{'…' if len(text) > 24 else ''}"


def wait(office_roles: tuple[str, ...], msg: Message) -> Wait | None:
    """Who the message waits for: the office to assign it, then its handler to reply."""
    st = state(msg)
    title = title_of(msg)
    if st.stage == "received":
        return Wait(msg.id, title, st.next_action, office_roles, department=msg.department)
    if st.stage in ("assigned", "reopened"):
        return Wait(msg.id, title, st.next_action, () if msg.handler else office_roles,
                    (msg.handler,) if msg.handler else (), department=msg.department)
    return None
