"""Each ``dwgk message …`` command's pure computation (M2xx): the new record and its ``Change``,
or a refusal before anything is written."""

from __future__ import annotations

from datetime import date
from typing import Any

from dwgk import records
from dwgk.clock import run, state as cstate
from dwgk.diag import Refused
from dwgk.holidays import register_calendar
from dwgk.messages.build import build_message
from dwgk.messages.deadlines import limits, round_clock
from dwgk.messages.model import Message
from dwgk.messages.procedure import state
from dwgk.messages.vocab import ID_PREFIX, TYPES
from dwgk.model import Register
from dwgk.records import Change
from dwgk.roster.sign import guard_holder, signer_role


def message_path(message_id: str) -> str:
    return records.path_for("messages", message_id)


def new_message_id(received: date, token: str) -> str:
    return records.new_id(ID_PREFIX, received.year, token)


def validate(new_raw: dict, message_id: str) -> Message:
    return records.rebuilt(build_message, new_raw, message_path(message_id), message_id, None, "M203")


def _change(mid: str, action: str, summary: str, by: str, when: date, role: str = "", result: str = "") -> Change:
    return Change(mid, action, summary, by, when, result=result, role=role)


HANDLER = "承办科室"  # what a reply records its author as, when they hold no role of the profile for it


def _signed(register: Register, by: str, role: str, when: date, default: str = "") -> str:
    """The role recorded for ``by`` on a message: ``--role`` (one they hold), else ``default``
    (the office's), else the first role they hold; refused (R020) when the roster does not
    have them that day."""
    p = register.profile
    return signer_role(register.roster, by, when, role, None, default or p.office_role, "政民互动办理", p.role_names)


def _guard_date(msg: Message | None, when: date, today: date) -> None:
    records.guard_not_future(when, today, "M204")
    if msg is None:
        return
    if msg.received is not None and when < msg.received:
        raise Refused(f"日期 {when} 早于收到留言之日 {msg.received}", "检查 --date。", "M205")
    if msg.history and when < msg.history[-1].date:
        raise Refused(f"日期 {when} 早于上一步的日期 {msg.history[-1].date}", "各步骤须按时间顺序登记；检查 --date。", "M206")


def new(register: Register, *, message_id: str, kind: str, received: date, citizen: str, subject: str,
        content: str, channel: str, contact: str, by: str, role: str, when: date | None, today: date,
        department: str = "", handler: str = ""):
    lim = limits(register.profile)
    if lim is None:
        raise Refused("本登记簿的配置方案没有政民互动的办理时限（messages）",
                      "在 dwgk.yaml 的 overrides 中加入 messages: {咨询: 3, 建议: 15, 投诉: 15, source: …}。", "M207")
    if kind not in TYPES:
        raise Refused(f"留言类型“{kind}”无效", "可选：" + "、".join(TYPES) + "。", "M208")
    if lim.for_type(kind) is None:
        raise Refused(f"配置方案没有规定{kind}类留言的办理时限", "在 overrides 的 messages 中补充。", "M209")
    if not citizen.strip():
        raise Refused("留言人不能为空", "用 --citizen 写留言人（匿名可写“匿名”）。", "M210")
    if not content.strip():
        raise Refused("留言内容不能为空", "用 --content 写留言内容。", "M211")
    records.guard_not_future(received, today, "M204", "收到日期", "--received")
    when = when or received
    if when < received:
        raise Refused(f"登记日期 {when} 早于收到日期 {received}", "检查 --date。", "M205")
    records.guard_not_future(when, today, "M204")
    raw: dict[str, Any] = {"id": message_id, "type": kind, "received": received.isoformat()}
    if channel.strip():
        raw["channel"] = channel.strip()
    raw["citizen"] = citizen.strip()
    if contact.strip():
        raw["contact"] = contact.strip()
    if subject.strip():
        raw["subject"] = subject.strip()
    raw["content"] = content.strip()
    events = [records.event("receive", when, by, _signed(register, by, role, when))]
    if department.strip() or handler.strip():
        events.append(records.event("assign", when, by, _signed(register, by, role, when),
                             department=department.strip(), handler=handler.strip()))
    raw["history"] = events
    validate(raw, message_id)
    due = register_calendar(register).add_workdays(received, lim.for_type(kind))
    return raw, _change(message_id, "message-new",
                        f"收到{kind}类留言 {message_id}（{citizen.strip()}），应于 {due} 前答复", by, when,
                        role=_signed(register, by, role, when))


def assign(register: Register, msg: Message, raw: dict, *, department: str, handler: str, by: str, role: str,
           when: date, today: date):
    _guard_date(msg, when, today)
    if not department.strip() and not handler.strip():
        raise Refused("须写明承办科室或承办人", "用 --department 和/或 --handler。", "M212")
    st = state(msg)
    if st.stage == "replied":
        raise Refused("该留言已答复", "留言人不满意的，先用 dwgk message reopen 重新办理。", "M213")
    new_raw = records.append(raw, records.event("assign", when, by, _signed(register, by, role, when),
                                  department=department.strip(), handler=handler.strip()))
    validate(new_raw, msg.id)
    who = "、".join(x for x in (department.strip(), handler.strip()) if x)
    return new_raw, _change(msg.id, "message-assign", f"分办：交{who}办理（{msg.id}）", by, when,
                            role=_signed(register, by, role, when))


def reply(register: Register, msg: Message, raw: dict, *, text: str, signed_by: str, explanation: str, by: str,
          role: str, when: date, today: date):
    _guard_date(msg, when, today)
    st = state(msg)
    if st.stage == "replied":
        raise Refused(f"该留言已于 {st.replied.date} 答复", "留言人不满意的，先用 dwgk message reopen 重新办理。", "M214")
    if not text.strip():
        raise Refused("答复内容不能为空", "用 --text 写答复内容。", "M215")
    if not signed_by.strip():
        raise Refused("答复须经分管领导签字确认", "用 --signed-by 写明签字的分管领导（第四十五条）。", "M216")
    guard_holder(register.roster, signed_by.strip(), register.profile.signer_roles, when, "签字确认答复")
    role = _signed(register, by, role, when, HANDLER)
    new_raw = records.append(raw, records.event("reply", when, by, role, text=text.strip(), signed_by=signed_by.strip(),
                                  explanation=explanation.strip()))
    validate(new_raw, msg.id)
    lim = limits(register.profile)
    note = ""
    if lim is not None and lim.for_type(msg.type):
        cal = register_calendar(register)
        rnd = st.rounds[-1]
        r = run(round_clock(msg, rnd, lim), cal)
        note = f"（期限 {r.due}，{cstate(r, cal, today, when).describe()}）"
    return new_raw, _change(msg.id, "message-reply", f"答复留言，{signed_by.strip()}签字确认{note}（{msg.id}）",
                            by, when, role=role)


def reopen(register: Register, msg: Message, raw: dict, *, reasons: str, by: str, role: str, when: date,
           today: date):
    _guard_date(msg, when, today)
    st = state(msg)
    if st.stage != "replied":
        raise Refused("只有已答复的留言才能重新办理", st.next_action, "M217")
    if not reasons.strip():
        raise Refused("须写明留言人不满意的原因", "用 --reason 写明。", "M218")
    new_raw = records.append(raw, records.event("reopen", when, by, _signed(register, by, role, when), reasons=reasons.strip()))
    validate(new_raw, msg.id)
    return new_raw, _change(msg.id, "message-reopen", f"留言人不满意，重新办理（第 {len(st.rounds) + 1} 次）（{msg.id}）",
                            by, when, role=_signed(register, by, role, when))
