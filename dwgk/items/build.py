"""Building an ``Item`` from its parsed YAML file, with findings (I0xx).

Builders never raise on bad data: they keep what they can and report the rest through
``Findings``, with the key path of the offending value so the loader can name its line.
Each history entry becomes a typed ``ItemEvent``; a review's result is normalised here, once,
by its step's kind in the profile (an alias such as 公开 reads 可以公开 everywhere after).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from dwgk.dates import parse_date, parse_period
from dwgk.fields import (ID_RE, EventCodes, Findings, as_text, date_field, event_action, event_by, names,
                         not_text, person_problem, positive_int, strs, unknown_keys)
from dwgk.items.model import Attachment, Item, ItemEvent
from dwgk.items.vocab import ACTIONS, APPROVED_FIELDS, ATTRIBUTES, EVENT_KEYS, EVENT_TEXT, ITEM_KEYS, ITEM_TEXT
from dwgk.profile import Profile
from dwgk.records import lean, read_source
from dwgk.vocab import SCOPES, TIMINGS


_BASIC = frozenset({"action", "date", "by", "role", "step", "result"})


def _date(raw: Mapping, key: str, f: Findings, keypath: tuple, required: bool = False):
    return date_field(raw, key, f, keypath, ("I003", "I004"), required)


def _count(v: Any) -> int:
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return 0


_SHA256 = re.compile(r"[0-9a-f]{64}")
ATTACHMENT_KEYS = ("file", "name", "size", "sha256")


def file_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be an attachment's file name in the item's folder, or None."""
    if not name.strip() or name != name.strip():
        return "为空或首尾有空白"
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        return "含路径分隔符或以“.”开头"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name) or len(name) > 120:
        return "含控制字符或超过 120 个字符"
    return None


def attachments(v: Any, f: Findings | None = None) -> tuple[Attachment, ...]:
    """``attachments:``: each a mapping written by dwgk attach (file, name, size, sha256), or
    a plain name (a register from before attachments were kept in it)."""
    if v is None:
        return ()
    out = []
    for i, a in enumerate(v if isinstance(v, list) else [v]):
        if isinstance(a, Mapping):
            file, sha, size = as_text(a.get("file")), as_text(a.get("sha256")), a.get("size")
            ok = (not set(a) - set(ATTACHMENT_KEYS) and file_name_problem(file) is None
                  and isinstance(size, int) and not isinstance(size, bool) and size >= 0 and _SHA256.fullmatch(sha))
            if ok:
                out.append(Attachment(file, as_text(a.get("name")), size, sha))
                continue
        elif a is not None and not isinstance(a, list):
            out.append(Attachment(str(a)))
            continue
        if f is not None:
            f.add("I045", f"附件第 {i + 1} 项写法有误",
                  "附件由 dwgk attach 登记，写成 {file: 文件名, name: 公开名称, size: 字节数, sha256: 64 位摘要}；"
                  "不要手工改动这一项。", ("attachments", i))
    return tuple(out)


def typed_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Approved fields written in a file (a revise event's ``previous``) as ``Item`` holds them."""
    conv = {"channels": strs, "attachments": attachments, "doc_date": parse_date,
            "entry": lambda v: str(v) if v else None, "first_inner": bool, "major": bool}
    return {k: conv.get(k, as_text)(v) for k, v in raw.items() if k in APPROVED_FIELDS}


CODES = EventCodes(shape="I010", unknown="I002", text="I016", action="I011", by="I012")


def build_event(raw: Any, i: int, f: Findings, profile: Profile | None = None) -> ItemEvent | None:
    kp = ("history", i)
    action = event_action(raw, i, f, CODES, EVENT_KEYS, EVENT_TEXT, ACTIONS)
    if action is None:
        return None
    if action == "review":  # without these the procedure cannot be replayed: say so, not "step “”"
        for key, label in (("step", "步骤"), ("result", "结论")):
            if not as_text(raw.get(key)):
                f.add("I016", f"历史记录第 {i + 1} 条（审核）缺少{label}（{key}）",
                      "补上这一步的名称和结论，例如 step: 保密审查、result: 可以公开。", kp)
                return None
    d = _date(raw, "date", f, kp + ("date",), required=True)
    event_by(raw, i, f, CODES, "决定人", "写明由谁作出该决定，例如 by: 张三。")
    for key, label in (("by", "决定人"), ("role", "角色")):
        v = raw.get(key)
        problem = person_problem(str(v)) if v is not None and (key == "role" or v) else None
        if problem:
            f.add("I015", f"历史记录第 {i + 1} 条的{label}（{key}）{problem}",
                  "写明作出决定的人的姓名（或角色），一行以内，例如 by: 张三。", kp + (key,))
    until = _date(raw, "until", f, kp + ("until",)) if "until" in raw else None
    meeting_date = _date(raw, "meeting_date", f, kp + ("meeting_date",)) if "meeting_date" in raw else None
    if d is None:
        return None
    step_name, result = as_text(raw.get("step")), as_text(raw.get("result"))
    step = profile.step(step_name) if profile is not None and action == "review" else None
    if step is not None:
        result = step.normalise(result)
    if raw.keys() <= _BASIC:  # most events say nothing more
        return lean(ItemEvent, action=action, date=d, by=as_text(raw.get("by")), role=as_text(raw.get("role")),
                    index=i, step=step_name, result=result)
    values = {"action": action, "date": d, "by": as_text(raw.get("by")), "role": as_text(raw.get("role")),
              "index": i, "step": step_name, "result": result, "until": until, "meeting_date": meeting_date}
    for key in raw.keys() - _BASIC:  # only the keys written: a field not written keeps its default
        convert = _FIELDS.get(key)
        if convert is not None:
            values[key] = convert(raw[key])
    if "source" in raw:
        values["source"] = read_source(raw["source"], f, kp + ("source",), i + 1)
    if "entry" in raw:
        values["entry"] = _entry(raw, f, kp)
    return lean(ItemEvent, **values)


def _findings(v: Any) -> tuple:
    return tuple((str(k), as_text(x)) for k, x in v.items()) if isinstance(v, dict) else ()


# How a key of a history entry becomes its ItemEvent field; each gives the field's default for
# a value of nothing (None). until, meeting_date, source and entry are read with findings, above.
_FIELDS = {
    **dict.fromkeys(("opinion", "exemption", "removed", "level", "measures", "content_hash", "referred_to",
                     "adjustment", "meeting", "channel", "scope", "index_no", "adjustments", "handling",
                     "reasons", "basis", "ruling", "kind", "medium"), as_text),
    "findings": _findings, "accepted": _findings, "redact": strs, "participants": lambda v: names(strs(v)), "opinions": _count,
    "result_published": bool,
    "previous": lambda v: typed_fields(v) if isinstance(v, dict) else None,
}


def _entry(raw: Mapping, f: Findings, kp: tuple) -> int:
    """A ``handle`` record's feedback entry number (1, 2 …)."""
    if "entry" not in raw:
        return 0
    n = positive_int(raw["entry"])
    if n is None:
        f.add("W111", f"反馈处理记录的编号（entry）“{raw['entry']}”无效", "写反馈意见的序号：1、2 ……", kp + ("entry",))
        return 0
    return n


def build_item(data: Any, f: Findings, expected_id: str, profile: Profile | None = None) -> Item | None:
    """``profile`` normalises review results; without one they stay as written."""
    if not isinstance(data, dict):
        f.add("I001", "公开事项文件内容应为映射（键: 值）", "参照 dwgk submit 生成的文件格式。")
        return None
    unknown_keys(data, ITEM_KEYS, f, (), "公开事项", "I002")
    item_id = as_text(data.get("id"))
    if not ID_RE.match(item_id):
        f.add("I005", f"编号“{item_id}”无效", "编号只能含字母、数字、- 和 _。", ("id",))
        return None
    if item_id != expected_id:
        f.add("I006", f"编号“{item_id}”与文件名“{expected_id}.yaml”不一致",
              "文件名必须是“编号.yaml”；改正其中之一。", ("id",))
    not_text(data, ITEM_TEXT, f, (), "I016")
    for key, label in (("title", "标题"), ("scope", "公开范围")):
        if not data.get(key):
            f.add("I007", f"缺少{label}（{key}）", f"补写 {key}。", (key,) if key in data else ())
    scope = as_text(data.get("scope"))
    if scope and scope not in SCOPES:
        f.add("I008", f"公开范围“{scope}”无效", "可选：" + "、".join(SCOPES) + "。", ("scope",))
    timing = as_text(data.get("timing") or "及时")
    if timing not in TIMINGS:
        f.add("I009", f"公开时限类型“{timing}”无效", "可选：" + "、".join(TIMINGS) + "。", ("timing",))
    if data.get("proposer") is not None and (problem := person_problem(str(data["proposer"]))):
        f.add("I015", f"承办人（proposer）{problem}", "写明提出人的姓名，一行以内。", ("proposer",))
    attribute = as_text(data.get("attribute"))
    if attribute and attribute not in ATTRIBUTES:
        f.add("I013", f"公文属性“{attribute}”无效", "可选：" + "、".join(ATTRIBUTES) + "。", ("attribute",))
    history_raw = data.get("history") or []
    if not isinstance(history_raw, list) or not history_raw:
        f.add("I014", "缺少历史记录（history）", "每个事项至少要有一条 submit 记录。", ("history",))
        history_raw = history_raw if isinstance(history_raw, list) else []
    events = tuple(e for e in (build_event(r, i, f, profile) for i, r in enumerate(history_raw)) if e)
    period = as_text(data.get("period"))
    if period and parse_period(period) is None:
        f.add("D010", f"报告期“{period}”无效", "写成 2026Q3（季度）、2026H1（半年）或 2026（年度）。", ("period",))
    return Item(
        id=item_id, title=as_text(data.get("title")), content=as_text(data.get("content")),
        entry=as_text(data.get("entry")) or None, scope=scope, channels=strs(data.get("channels")),
        department=as_text(data.get("department")), proposer=as_text(data.get("proposer")),
        timing=timing, reason=as_text(data.get("reason")), kind=as_text(data.get("kind") or "党务"),
        attribute=attribute, doc_number=as_text(data.get("doc_number")),
        doc_date=_date(data, "doc_date", f, ("doc_date",)),
        first_inner=bool(data.get("first_inner")), major=bool(data.get("major")),
        interprets=as_text(data.get("interprets")), attachments=attachments(data.get("attachments"), f),
        period=period, scope_reason=as_text(data.get("scope_reason")), history=events, path=f.path)
