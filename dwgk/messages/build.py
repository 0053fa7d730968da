"""Building a ``Message`` from its parsed YAML file, with findings (M1xx).

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
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from dwgk.fields import ID_RE, EventCodes, Findings, as_text, date_field, event_action, event_by, not_text, unknown_keys
from dwgk.messages.model import Message, MessageEvent
from dwgk.messages.vocab import ACTIONS, EVENT_KEYS, EVENT_TEXT, MESSAGE_KEYS, MESSAGE_TEXT, TYPES
from dwgk.profile import Profile
from dwgk.records import read_source


def _date(raw: Mapping, key: str, f: Findings, keypath: tuple, required: bool = False) -> date | None:
    return date_field(raw, key, f, keypath, ('M103', 'M104'), required)


CODES = EventCodes(shape="M110", unknown="M102", text="M116", action="M111", by="M112")


def _build_event(raw: Any, i: int, f: Findings, received: date | None) -> MessageEvent | None:
    kp = ("history", i)
    n = i + 1
    action = event_action(raw, i, f, CODES, EVENT_KEYS, EVENT_TEXT, ACTIONS)
    if action is None:
        return None
    d = _date(raw, "date", f, kp + ("date",), required=True)
    event_by(raw, i, f, CODES)
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
    g = raw.get
    return MessageEvent(action, d, as_text(g("by")), as_text(g("role")), i, department=as_text(g("department")),
                        handler=as_text(g("handler")), text=as_text(g("text")), signed_by=as_text(g("signed_by")),
                        explanation=as_text(g("explanation")), reasons=as_text(g("reasons")),
                        note=as_text(g("note")), source=read_source(g("source"), f, kp + ("source",), n))


def build_message(data: Any, f: Findings, expected_id: str, profile: Profile | None = None) -> Message | None:
    if not isinstance(data, dict):
        f.add("M101", "政民互动文件内容应为映射（键: 值）", "参照 dwgk message new 生成的文件格式。")
        return None
    unknown_keys(data, MESSAGE_KEYS, f, (), "政民互动记录", "M102")
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
