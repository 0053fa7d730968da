"""Three-way merge of one register record file (the git merge driver's logic, pure).

Two clerks who worked on the same record from the same starting point each appended events
to its ``history``. The merge keeps the common part, adds both sides' new events in date
order (identical events collapse), and takes a header field (title, content …) from the side
that changed it. It refuses — returns a :class:`Conflict` — when the two sides cannot both be
right: two different decisions in one slot (two results for the same review step, two
replies to one request, two 索引号 for one item), the same header field changed to two
values, or a history one side rewrote while the other added to it.

Everything the merge needs to know about a record kind is in :data:`KINDS`, read through
:func:`slot` and :func:`rank`; it works on the YAML mappings (``dwgk.yamlread``), not on the
typed records, so it stays the same whatever the record classes become.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence


@dataclass(frozen=True)
class Kind:
    """How to merge one kind of record file."""

    what: str  # 中文 name: 事项, 依申请公开申请, 留言
    history: str = "history"  # the key holding the list of events
    # action → the event fields that name its slot; two different events in one slot are a
    # conflict. "+field": only events that carry the field are in the slot (a publication
    # that assigned a 索引号), whatever its value.
    single: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # action → rank, to order two sides' events of the same date in procedure order
    order: Mapping[str, int] = field(default_factory=dict)
    # action → 中文 name, for conflict reports
    names: Mapping[str, str] = field(default_factory=dict)


KINDS: dict[str, Kind] = {
    "items": Kind(
        "事项",
        single={"submit": (), "review": ("step",), "publish": ("+index_no",), "withhold": (), "archive": (),
                "revise": ()},
        order={"submit": 0, "review": 1, "mitigate": 1, "revise": 1, "withhold": 2, "prepublish": 2,
               "meeting": 2, "publish": 3, "feedback": 4, "transfer": 4, "rereview": 4, "archive": 9},
        names={"submit": "提出", "review": "审核", "mitigate": "防范化解措施", "revise": "更正",
               "withhold": "决定不公开", "prepublish": "预公开", "meeting": "会议通知", "publish": "公开",
               "feedback": "反馈", "transfer": "移送", "rereview": "年度复核", "archive": "归档"}),
    "requests": Kind(
        "依申请公开申请",
        single={"receive": (), "assign": (), "extend": (), "override": (), "lapse": (), "reply": (),
                "deliver": (), "archive": ()},
        order={"receive": 0, "assign": 1, "amend": 2, "consult": 2, "amended": 3, "consulted": 3,
               "override": 4, "extend": 4, "fee": 4, "paid": 5, "waive": 5, "lapse": 6, "reply": 6,
               "deliver": 7, "appeal": 8, "archive": 9},
        names={"receive": "收到申请", "assign": "拟办", "amend": "补正告知", "amended": "收到补正",
               "consult": "征求意见", "consulted": "意见答复", "override": "决定公开", "extend": "延长答复期限",
               "fee": "收费通知", "paid": "缴费", "waive": "减免费用", "lapse": "终止办理", "reply": "答复",
               "deliver": "送达", "archive": "归档", "appeal": "复议诉讼"}),
    "messages": Kind(
        "政民互动留言",
        single={"receive": ()},
        order={"receive": 0, "assign": 1, "reply": 2, "reopen": 3},
        names={"receive": "收到留言", "assign": "分办", "reply": "答复", "reopen": "重新办理"}),
}


def kind_of(path: str) -> Kind | None:
    """The kind of a register-relative record path (``items/2026/GK-2026-1a2b3c.yaml``)."""
    top = path.replace("\\", "/").split("/", 1)[0]
    return KINDS.get(top)


# ---- reading an event (the one place that knows an event is a mapping)

def ev_action(ev: Any) -> str:
    return str(ev.get("action", "")) if isinstance(ev, Mapping) else ""


def ev_date(ev: Any) -> str:
    return str(ev.get("date", "")) if isinstance(ev, Mapping) else ""


def ev_field(ev: Any, name: str) -> Any:
    return ev.get(name) if isinstance(ev, Mapping) else None


def canonical(value: Any) -> str:
    # default: only _MISSING reaches it (YAML gives plain values); NUL never occurs in a register
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=lambda v: "\0" + repr(v))


def slot(kind: Kind, ev: Any) -> tuple | None:
    """The decision slot an event fills, or None when any number may coexist."""
    action = ev_action(ev)
    fields = kind.single.get(action)
    if fields is None:
        return None
    key: list = [action]
    for f in fields:
        if f.startswith("+"):
            if ev_field(ev, f[1:]) in (None, ""):
                return None
            key.append(f)
        else:
            key.append(canonical(ev_field(ev, f)))
    return tuple(key)


def rank(kind: Kind, ev: Any) -> tuple:
    """Sort key between two sides' events: date, procedure order, then the text itself (so
    that both clones, merging in opposite directions, write the same file)."""
    return (ev_date(ev), kind.order.get(ev_action(ev), 5), canonical(ev))


def describe(kind: Kind, ev: Any) -> str:
    """One decision in words: 2026-11-20 王五 审核（保密审查）：可以公开."""
    action = ev_action(ev)
    name = kind.names.get(action, action or "（无动作）")
    step = ev_field(ev, "step")
    text = f"{ev_date(ev)} {ev_field(ev, 'by') or '（未写姓名）'} {name}" + (f"（{step}）" if step else "")
    details = [str(v) for k in ("result", "channel", "index_no", "handler", "method")
               if (v := ev_field(ev, k)) not in (None, "")]
    return text + ("：" + "，".join(details) if details else "")


@dataclass(frozen=True)
class Conflict:
    """Why the two sides cannot be merged: one record, both decisions, both people."""

    path: str
    record: str  # the record's ID (or the path when it has none)
    what: str  # 中文 summary
    ours: str = ""  # this clone's decision, in words
    theirs: str = ""  # the incoming decision
    ours_by: str = ""
    theirs_by: str = ""

    def to_json(self) -> dict:
        return {"path": self.path, "record": self.record, "what": self.what, "ours": self.ours,
                "theirs": self.theirs, "ours_by": self.ours_by, "theirs_by": self.theirs_by}

    @classmethod
    def from_json(cls, d: Mapping) -> "Conflict":
        return cls(**{k: str(d.get(k, "")) for k in ("path", "record", "what", "ours", "theirs",
                                                     "ours_by", "theirs_by")})


def _record_id(path: str, *docs: Any) -> str:
    for d in docs:
        if isinstance(d, Mapping) and d.get("id"):
            return str(d["id"])
    return path.rsplit("/", 1)[-1].removesuffix(".yaml")


def merge(path: str, base: Any, ours: Any, theirs: Any) -> dict | Conflict:
    """The merged mapping of one record file, or the reason it cannot be merged.

    ``base`` is the common ancestor (None when both sides added the file)."""
    kind = kind_of(path) or Kind("记录")
    rid = _record_id(path, ours, theirs, base)
    for side, doc in (("本副本", ours), ("共享登记簿", theirs)):
        if not isinstance(doc, Mapping):
            return Conflict(path, rid, f"{side}中的文件不是有效的记录（无法读取），无法自动合并")
    base = base if isinstance(base, Mapping) else {}
    if canonical(ours) == canonical(theirs):
        return dict(ours)
    h = kind.history
    merged: dict = {}
    for key in [*ours.keys(), *(k for k in theirs.keys() if k not in ours)]:
        if key == h:
            merged[key] = None  # keeps the key's place; filled below
            continue
        b, o, t = (base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING))
        co, ct, cb = canonical(o), canonical(t), canonical(b)
        if co == ct or cb == ct:
            value = o
        elif cb == co:
            value = t
        else:
            return Conflict(path, rid, f"两边把“{key}”改成了不同的内容", ours=_short(o), theirs=_short(t),
                            ours_by=_last_by(ours, h), theirs_by=_last_by(theirs, h))
        if value is not _MISSING:
            merged[key] = value
    history = _merge_history(kind, path, rid, base.get(h), ours.get(h), theirs.get(h))
    if isinstance(history, Conflict):
        return history
    if h in merged or history:
        merged[h] = history
    return merged


class _Missing:
    def __repr__(self) -> str:
        return "（无）"


_MISSING = _Missing()


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else canonical(value)
    text = " ".join(str(text).split())
    return text if len(text) <= 60 else text[:57] + "……"


def _last_by(doc: Mapping, h: str) -> str:
    events = doc.get(h)
    if isinstance(events, list) and events:
        return str(ev_field(events[-1], "by") or "")
    return ""


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, list) else []


def _merge_history(kind: Kind, path: str, rid: str, base: Any, ours: Any, theirs: Any) -> list | Conflict:
    b, o, t = _as_list(base), _as_list(ours), _as_list(theirs)
    cb = [canonical(e) for e in b]
    co, ct = [canonical(e) for e in o], [canonical(e) for e in t]
    if co == ct:
        return o
    n = len(b)
    o_kept, t_kept = co[:n] == cb, ct[:n] == cb
    if not (o_kept and t_kept):
        # One side rewrote the shared part of the history (a hand edit): fine if the other
        # side left the history as it was, a conflict otherwise.
        if ct == cb:
            return o
        if co == cb:
            return t
        return Conflict(path, rid, "一方改写了已有的办理记录，另一方又添加了新的记录，无法自动合并",
                        ours=_tail_text(kind, o, n), theirs=_tail_text(kind, t, n),
                        ours_by=_last_by({"h": o}, "h"), theirs_by=_last_by({"h": t}, "h"))
    o_new, t_new = o[n:], t[n:]
    seen_o = set(co[n:])
    t_new = [e for e, c in zip(t_new, ct[n:]) if c not in seen_o]  # identical events collapse
    # Two different decisions in one slot cannot both stand.
    slots = {}
    for e in o_new:
        s = slot(kind, e)
        if s is not None:
            slots.setdefault(s, e)
    for e in t_new:
        s = slot(kind, e)
        if s is not None and s in slots:
            mine = slots[s]
            return Conflict(path, rid, _slot_text(kind, s), ours=describe(kind, mine), theirs=describe(kind, e),
                            ours_by=str(ev_field(mine, "by") or ""), theirs_by=str(ev_field(e, "by") or ""))
    return b + _interleave(kind, o_new, t_new)


def _slot_text(kind: Kind, s: tuple) -> str:
    action = s[0]
    name = kind.names.get(action, action)
    if action == "publish":
        return "两次公开各自赋予了索引号（一个事项只能有一个索引号）"
    if action == "review":
        return f"同一审核步骤有两个不同的结论（{json.loads(s[1]) or '未写步骤'}）"
    return f"“{name}”被登记了两次，内容不同"


def _tail_text(kind: Kind, events: Sequence, n: int) -> str:
    tail = list(events[n:]) or list(events[-1:])
    return "；".join(describe(kind, e) for e in tail[:3]) or "（删除了记录）"


def _interleave(kind: Kind, a: list, b: list) -> list:
    """Both sides' new events in date order, each side's own order kept."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        if rank(kind, b[j]) < rank(kind, a[i]):
            out.append(b[j])
            j += 1
        else:
            out.append(a[i])
            i += 1
    return out + a[i:] + b[j:]
