"""政民互动 messages (seed 002 第九章): model, build, state, deadlines, summary, actions.

Message file ``messages/<year>/<ID>.yaml`` (ID ``LY-<year>-<6 hex>``, year of receipt)::

    id: LY-2026-1a2b3c
    type: 咨询                 # 咨询 | 建议 | 投诉
    received: 2026-11-02
    channel: 网站留言           # how it came in (free text, optional)
    citizen: 王五              # who wrote (留言人)
    contact: 电话或邮箱          # optional
    subject: 关于办事时间的咨询
    content: 留言正文
    history:
    - {action: receive, date: 2026-11-02, by: 李四, role: 局办公室}
    - {action: assign, date: 2026-11-02, by: 李四, department: 规划科, handler: 赵六}
    - {action: reply, date: 2026-11-04, by: 赵六, text: 答复内容, signed_by: 钱副局长}
    - {action: reopen, date: 2026-11-06, by: 李四, reasons: 留言人对答复不满意}
    - {action: reply, date: 2026-11-20, by: 赵六, text: …, signed_by: 钱副局长, explanation: …}

Time limits come from the profile (``messages: {咨询: 3, 建议: 15, 投诉: 15, source: …}``,
工作日): each handling round — the first from receipt, each later one from its ``reopen``
(seed 002 第四十六条: a reply the citizen is not satisfied with is handled again) — must end
with a reply signed off by the 分管领导 (第四十五条) within the limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Mapping

from dwgk import records
from dwgk.diag import Diagnostic, Refused, diag
from dwgk.items import ID_RE, Findings, as_text, date_field, not_text
from dwgk.model import Event

TYPES = ("咨询", "建议", "投诉")
ACTIONS = ("receive", "assign", "reply", "reopen")
ACTION_NAMES = {"receive": "收到留言", "assign": "分办", "reply": "答复", "reopen": "重新办理"}
STAGES = ("received", "assigned", "replied", "reopened")
STAGE_NAMES = {"received": "待分办", "assigned": "办理中", "replied": "已答复", "reopened": "重新办理中"}
MESSAGE_KEYS = {"id", "type", "received", "channel", "citizen", "contact", "subject", "content", "history"}
EVENT_KEYS = {"action", "date", "by", "role", "department", "handler", "text", "signed_by",
              "explanation", "reasons", "note"}
ID_PREFIX = "LY"
SIGNER_ROLE = "分管领导"


@dataclass(frozen=True)
class Message:
    id: str
    type: str
    received: date | None
    citizen: str
    subject: str
    content: str
    history: tuple[Event, ...] = ()
    path: str = ""
    channel: str = ""
    contact: str = ""

    @property
    def department(self) -> str:
        for e in reversed(self.history):
            if e.action in ("assign", "receive") and e.data.get("department"):
                return str(e.data["department"])
        return ""

    @property
    def handler(self) -> str:
        for e in reversed(self.history):
            if e.action in ("assign", "receive") and e.data.get("handler"):
                return str(e.data["handler"])
        return ""


@dataclass(frozen=True)
class Round:
    """One handling: from receipt (or a reopening) to its reply."""

    number: int  # 1 = first handling
    start: date
    reply: Event | None = None
    reopen: Event | None = None  # what started it (None for the first)


@dataclass
class MState:
    stage: str
    rounds: list[Round] = field(default_factory=list)
    assigned: Event | None = None
    next_action: str = ""

    @property
    def replied(self) -> Event | None:
        return self.rounds[-1].reply if self.rounds else None

    @property
    def first_reply(self) -> Event | None:
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


# ---------------------------------------------------------------------------------------
# limits


@dataclass(frozen=True)
class Limits:
    days: Mapping[str, int]
    source: str

    def for_type(self, kind: str) -> int | None:
        return self.days.get(kind)


def limits(profile: Any) -> Limits | None:
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


# ---------------------------------------------------------------------------------------
# building (M1xx)


MESSAGE_TEXT = frozenset({"type", "citizen", "subject", "content", "channel", "contact"})
EVENT_TEXT = frozenset({"by", "role", "text", "signed_by", "department", "handler"})


def _date(raw: Mapping, key: str, f: Findings, keypath: tuple, required: bool = False) -> date | None:
    return date_field(raw, key, f, keypath, ('M103', 'M104'), required)


def _unknown(raw: Mapping, allowed: set, f: Findings, keypath: tuple, what: str) -> None:
    for k in raw:
        if k not in allowed:
            f.add("M102", f"{what}中有未知字段“{k}”", "检查拼写；可用字段：" + "、".join(sorted(allowed)) + "。",
                  keypath + (k,))


def _build_event(raw: Any, i: int, f: Findings, received: date | None) -> Event | None:
    kp = ("history", i)
    n = i + 1
    if not isinstance(raw, dict):
        f.add("M110", f"历史记录第 {n} 条格式有误", "每条记录应为包含 action、date、by 的映射。", kp)
        return None
    _unknown(raw, EVENT_KEYS, f, kp, f"历史记录第 {n} 条")
    not_text(raw, EVENT_TEXT, f, kp, "M116")
    action = as_text(raw.get("action"))
    if action not in ACTIONS:
        f.add("M111", f"历史记录第 {n} 条的动作“{action}”无效", "可选：" + "、".join(ACTIONS) + "。", kp + ("action",))
        return None
    d = _date(raw, "date", f, kp + ("date",), required=True)
    if not raw.get("by"):
        f.add("M112", f"历史记录第 {n} 条没有记录经办人（by）", "写明由谁办理，例如 by: 张三。", kp)
    if d is None:
        return None
    if received is not None and d < received:
        f.add("M113", f"历史记录第 {n} 条的日期 {d} 早于收到留言之日 {received}", "核对日期。", kp + ("date",))
    if action == "reply":
        if not raw.get("text"):
            f.add("M114", f"历史记录第 {n} 条（答复）没有答复内容（text）", "写明答复内容。", kp)
        if not raw.get("signed_by"):
            f.add("M115", f"历史记录第 {n} 条（答复）没有分管领导签字确认（signed_by）",
                  "第四十五条：所有回复必须经分管领导签字确认。", kp)
    data = {k: v for k, v in raw.items() if k not in ("action", "date", "by", "role")}
    return Event(action=action, date=d, by=as_text(raw.get("by")), role=as_text(raw.get("role")), data=data, index=i)


def build_message(data: Any, f: Findings, expected_id: str) -> Message | None:
    if not isinstance(data, dict):
        f.add("M101", "政民互动文件内容应为映射（键: 值）", "参照 dwgk message new 生成的文件格式。")
        return None
    _unknown(data, MESSAGE_KEYS, f, (), "政民互动记录")
    not_text(data, MESSAGE_TEXT, f, (), "M116")
    mid = as_text(data.get("id"))
    if not ID_RE.match(mid):
        f.add("M105", f"编号“{mid}”无效", "编号只能含字母、数字、- 和 _。", ("id",))
        return None
    if mid != expected_id:
        f.add("M106", f"编号“{mid}”与文件名“{expected_id}.yaml”不一致", "文件名必须是“编号.yaml”；改正其中之一。", ("id",))
    kind = as_text(data.get("type"))
    if kind not in TYPES:
        f.add("M107", f"留言类型“{kind}”无效", "可选：" + "、".join(TYPES) + "。", ("type",) if "type" in data else ())
    for key, label in (("citizen", "留言人"), ("content", "留言内容")):
        if not data.get(key):
            f.add("M108", f"缺少{label}（{key}）", f"补写 {key}。", (key,) if key in data else ())
    received = _date(data, "received", f, ("received",), required=True)
    history_raw = data.get("history") or []
    if not isinstance(history_raw, list) or not history_raw:
        f.add("M109", "缺少历史记录（history）", "每条留言至少要有一条 receive 记录。", ("history",))
        history_raw = history_raw if isinstance(history_raw, list) else []
    events = tuple(e for e in (_build_event(r, i, f, received) for i, r in enumerate(history_raw)) if e)
    return Message(id=mid, type=kind, received=received, citizen=as_text(data.get("citizen")),
                   subject=as_text(data.get("subject")), content=as_text(data.get("content")), history=events,
                   path=f.path, channel=as_text(data.get("channel")), contact=as_text(data.get("contact")))


# ---------------------------------------------------------------------------------------
# deadlines and the period summary


def title_of(msg: Message) -> str:
    text = msg.subject or " ".join(msg.content.split())
    return f"{msg.type}：{text[:24]}{'…' if len(text) > 24 else ''}"


def round_clock(msg: Message, rnd: Round, lim: Limits):
    from dwgk.clock import Clock
    days = lim.for_type(msg.type) or 0
    label = f"{msg.type}类留言答复"
    what = "收到留言" if rnd.reopen is None else f"留言人不满意，重新办理（{rnd.reopen.data.get('reasons') or ''}）"
    return Clock(rule="message_reply", label=label, source=lim.source, start=rnd.start, length=days,
                 start_event=what)


def message_deadlines(register: Any, msg: Message) -> list:
    from dwgk.deadlines import Deadline
    lim = limits(register.profile)
    if lim is None or msg.received is None or lim.for_type(msg.type) is None:
        return []
    st = state(msg)
    return [Deadline(subject=msg.id, kind="message", title=title_of(msg), clock=round_clock(msg, r, lim),
                     done=r.reply.date if r.reply else None,
                     department=msg.department or register.profile.office_role, person=msg.handler,
                     path=msg.path, period=f"第 {r.number} 次办理" if r.number > 1 else "")
            for r in st.rounds]


def deadlines(register: Any, calendar: Any, today: date) -> Iterable:
    """Hook for ``dwgk.deadlines.all_deadlines``: one deadline per handling round."""
    for msg in register.messages:
        yield from message_deadlines(register, msg)


def _on_time(register: Any, msg: Message, cal) -> tuple[bool, bool]:
    """(every round replied, every replied round on time)."""
    from dwgk.clock import run
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


def summary(register: Any, cal: Any, start: date, end: date, today: date) -> dict:
    """Messages received in [start, end]: counts by type, reply rate, on-time rate, reopened.

    The reply rate counts messages whose every handling round has a reply (as of ``today``);
    the on-time rate counts, among replied messages, those whose every reply came in time."""
    from dwgk.clock import run, state as clock_state
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


# ---------------------------------------------------------------------------------------
# actions (M2xx)


def message_path(message_id: str) -> str:
    return records.path_for("messages", message_id)


def new_message_id(received: date, token: str) -> str:
    return records.new_id(ID_PREFIX, received.year, token)


def resolve(register: Any, ref: str) -> Message:
    return records.resolve(register.messages, ref, register.diagnostics, folder="messages/", what="留言",
                           several="多条留言", missing="政民互动留言", codes=("M201", "M202"),
                           hint="用 dwgk message list 查看编号。")


def validate(new_raw: dict, message_id: str) -> Message:
    return records.rebuilt(build_message, new_raw, message_path(message_id), message_id, "M203")


def _change(mid: str, action: str, summary: str, by: str, when: date, role: str = "", result: str = ""):
    from dwgk.actions import Change
    return Change(mid, action, summary, by, when, result=result, role=role)


def _guard_date(msg: Message | None, when: date, today: date) -> None:
    if when > today:
        raise Refused(f"日期 {when} 晚于今天（{today}）", "登记已经发生的事，日期不能是将来；检查 --date。", "M204")
    if msg is None:
        return
    if msg.received is not None and when < msg.received:
        raise Refused(f"日期 {when} 早于收到留言之日 {msg.received}", "检查 --date。", "M205")
    if msg.history and when < msg.history[-1].date:
        raise Refused(f"日期 {when} 早于上一步的日期 {msg.history[-1].date}", "各步骤须按时间顺序登记；检查 --date。", "M206")


def new(register: Any, *, message_id: str, kind: str, received: date, citizen: str, subject: str,
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
    if received > today:
        raise Refused(f"收到日期 {received} 晚于今天（{today}）", "检查 --received。", "M204")
    when = when or received
    if when < received:
        raise Refused(f"登记日期 {when} 早于收到日期 {received}", "检查 --date。", "M205")
    if when > today:
        raise Refused(f"日期 {when} 晚于今天（{today}）", "检查 --date。", "M204")
    raw: dict[str, Any] = {"id": message_id, "type": kind, "received": received.isoformat()}
    if channel.strip():
        raw["channel"] = channel.strip()
    raw["citizen"] = citizen.strip()
    if contact.strip():
        raw["contact"] = contact.strip()
    if subject.strip():
        raw["subject"] = subject.strip()
    raw["content"] = content.strip()
    events = [records.event("receive", when, by, role or register.profile.office_role)]
    if department.strip() or handler.strip():
        events.append(records.event("assign", when, by, role or register.profile.office_role,
                             department=department.strip(), handler=handler.strip()))
    raw["history"] = events
    validate(raw, message_id)
    from dwgk.holidays import register_calendar
    due = register_calendar(register).add_workdays(received, lim.for_type(kind))
    return raw, _change(message_id, "message-new",
                        f"收到{kind}类留言 {message_id}（{citizen.strip()}），应于 {due} 前答复", by, when,
                        role=role or register.profile.office_role)


def assign(register: Any, msg: Message, raw: dict, *, department: str, handler: str, by: str, role: str,
           when: date, today: date):
    _guard_date(msg, when, today)
    if not department.strip() and not handler.strip():
        raise Refused("须写明承办科室或承办人", "用 --department 和/或 --handler。", "M212")
    st = state(msg)
    if st.stage == "replied":
        raise Refused("该留言已答复", "留言人不满意的，先用 dwgk message reopen 重新办理。", "M213")
    new_raw = records.append(raw, records.event("assign", when, by, role or register.profile.office_role,
                                  department=department.strip(), handler=handler.strip()))
    validate(new_raw, msg.id)
    who = "、".join(x for x in (department.strip(), handler.strip()) if x)
    return new_raw, _change(msg.id, "message-assign", f"分办：交{who}办理（{msg.id}）", by, when,
                            role=role or register.profile.office_role)


def reply(register: Any, msg: Message, raw: dict, *, text: str, signed_by: str, explanation: str, by: str,
          role: str, when: date, today: date):
    _guard_date(msg, when, today)
    st = state(msg)
    if st.stage == "replied":
        raise Refused(f"该留言已于 {st.replied.date} 答复", "留言人不满意的，先用 dwgk message reopen 重新办理。", "M214")
    if not text.strip():
        raise Refused("答复内容不能为空", "用 --text 写答复内容。", "M215")
    if not signed_by.strip():
        raise Refused("答复须经分管领导签字确认", "用 --signed-by 写明签字的分管领导（第四十五条）。", "M216")
    role = role or "承办科室"
    new_raw = records.append(raw, records.event("reply", when, by, role, text=text.strip(), signed_by=signed_by.strip(),
                                  explanation=explanation.strip()))
    validate(new_raw, msg.id)
    from dwgk.clock import run, state as cstate
    from dwgk.holidays import register_calendar
    lim = limits(register.profile)
    note = ""
    if lim is not None and lim.for_type(msg.type):
        cal = register_calendar(register)
        rnd = st.rounds[-1]
        r = run(round_clock(msg, rnd, lim), cal)
        note = f"（期限 {r.due}，{cstate(r, cal, today, when).describe()}）"
    return new_raw, _change(msg.id, "message-reply", f"答复留言，{signed_by.strip()}签字确认{note}（{msg.id}）",
                            by, when, role=role)


def reopen(register: Any, msg: Message, raw: dict, *, reasons: str, by: str, role: str, when: date,
           today: date):
    _guard_date(msg, when, today)
    st = state(msg)
    if st.stage != "replied":
        raise Refused("只有已答复的留言才能重新办理", st.next_action, "M217")
    if not reasons.strip():
        raise Refused("须写明留言人不满意的原因", "用 --reason 写明。", "M218")
    new_raw = records.append(raw, records.event("reopen", when, by, role or register.profile.office_role, reasons=reasons.strip()))
    validate(new_raw, msg.id)
    return new_raw, _change(msg.id, "message-reopen", f"留言人不满意，重新办理（第 {len(st.rounds) + 1} 次）（{msg.id}）",
                            by, when, role=role or register.profile.office_role)


# ---------------------------------------------------------------------------------------
# check (M3xx)


def check(register: Any, today: date, locate) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: dict[str, list[Message]] = {}
    for msg in register.messages:
        seen.setdefault(msg.id, []).append(msg)
        prev = None
        replied = False
        for e in msg.history:
            if prev is not None and e.date < prev:
                line, col = locate(msg.path, ("history", e.index, "date"))
                out.append(diag("M301", f"历史记录第 {e.index + 1} 条的日期 {e.date} 早于上一条（{prev}）",
                                "各步骤须按时间顺序记录。", msg.path, line, col))
            prev = e.date
            bad = ""
            if e.action == "reply" and replied:
                bad = "已答复后又记录答复，中间没有重新办理（reopen）"
            elif e.action == "reopen" and not replied:
                bad = "尚未答复就记录了重新办理"
            if bad:
                line, col = locate(msg.path, ("history", e.index, "action"))
                out.append(diag("M302", f"历史记录第 {e.index + 1} 条不符合程序：{bad}", "核对办理记录。",
                                msg.path, line, col))
            if e.action == "reply":
                replied = True
            elif e.action == "reopen":
                replied = False
    for mid, msgs in seen.items():
        if len(msgs) > 1:
            for m in msgs:
                line, col = locate(m.path, ("id",))
                out.append(diag("M303", f"编号“{mid}”在多个文件中重复：" + "、".join(x.path for x in msgs),
                                "为其中一条留言改用新编号（文件名同步修改）。", m.path, line, col))
    return out


__all__ = ["Message", "Round", "TYPES", "STAGES", "STAGE_NAMES", "build_message", "state", "limits",
           "deadlines", "message_deadlines", "summary", "check", "resolve", "message_path", "new_message_id"]
