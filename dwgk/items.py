"""Build catalogue entries and items from parsed YAML, collecting findings as values.

Builders never raise on bad data: they keep what they can and report the rest through a
``Findings`` collector, with the key path of the offending value so the loader can turn
it into a line number.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Mapping

from dwgk.dates import parse_date, parse_period
from dwgk.diag import Diagnostic, diag
from dwgk.model import CADENCES, SCOPES, TIMINGS, Entry, Event, Item
from dwgk.yamlread import KeyName, as_count

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")

ITEM_KEYS = {"id", "title", "content", "entry", "reason", "scope", "channels", "department",
             "proposer", "timing", "kind", "attribute", "doc_number", "doc_date", "first_inner",
             "major", "interprets", "attachments", "history",
             "period"}  # 定期公开: the period an item reports on
EVENT_KEYS = {"action", "date", "by", "role", "step", "result", "opinion",
              # review details
              "exemption", "removed", "findings", "level", "measures", "content_hash",
              "referred_to", "adjustment", "meeting", "participants",
              # publication / prepublication
              "channel", "scope", "index_no", "until", "opinions", "adjustments",
              # feedback, withhold, revise
              "handling", "result_published", "reasons", "basis", "ruling", "kind", "previous",
              # transfer (移送), meeting notice
              "medium", "meeting_date"}
EVENT_FIELDS = frozenset({"action", "date", "by", "role", "step", "result", "opinion"})  # the rest is data
ACTIONS = ("submit", "review", "mitigate", "prepublish", "publish", "feedback", "archive",
           "withhold", "revise",
           "transfer", "rereview", "meeting")  # beside the procedure: they close deadlines
ENTRY_KEYS = {"code", "category", "name", "content", "scope", "channels", "timing", "cadence",
              "department", "since"}
ATTRIBUTES = ("主动公开", "依申请公开", "不予公开")
PERSON_MAX = 40  # a name, a role or a body (e.g. 局党组会议); longer is a mistake


# Line breaks and invisible controls; private-use characters stay allowed, since offices
# type rare name characters (生僻字) with them.
_CONTROL = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def has_control(text: str) -> bool:
    # isprintable() is False for every control category (and also for spaces other than " ",
    # private-use and unassigned characters, which are allowed): the per-character scan runs
    # only for those few texts.
    return not text.isprintable() and any(unicodedata.category(ch) in _CONTROL for ch in text)


def person_problem(name: str) -> str | None:
    """What is wrong with a person's (or role's) name, in Chinese; None if it is fine.

    Names go into files and git trailers, so no control characters (a newline would forge
    a trailer) and not blank.
    """
    if not name.strip():
        return "为空"
    if has_control(name):
        return "含有换行符或控制字符"
    if len(name.strip()) > PERSON_MAX:
        return f"过长（超过 {PERSON_MAX} 个字）"
    return None


class Findings:
    """Collects findings for one file; key paths are resolved to lines later."""

    def __init__(self, path: str):
        self.path = path
        self.pending: list[tuple[tuple, Diagnostic]] = []

    def add(self, code: str, message: str, hint: str = "", keypath: tuple = (),
            severity: str = "error") -> None:
        self.pending.append((keypath, diag(code, message, hint, path=self.path, severity=severity)))

    def resolve(self, locate: Callable[[tuple], tuple[int, int]]) -> list[Diagnostic]:
        out = []
        for keypath, d in self.pending:
            line, col = locate(keypath)
            out.append(Diagnostic(d.path, line, col, d.code, d.message, d.hint, d.severity))
        return out


def as_text(v: Any) -> str:
    return "" if v is None else str(v)


def _strs(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, (list, tuple)):
        return tuple(str(x) for x in v)
    return (str(v),)


@lru_cache(maxsize=8192)
def _parse_date_str(v: str):
    # A register repeats the same few thousand dates; parse each once (and share the object).
    return parse_date(v)


def date_field(raw: Mapping, key: str, f: Findings, keypath: tuple, codes: tuple[str, str],
               required: bool = False):
    """``raw[key]`` as a date; a blank one is missing (``codes[0]`` when required), a wrong one
    invalid (``codes[1]``). Shared by items, requests and messages."""
    v = raw.get(key)
    if v is None or v == "":
        if required:
            f.add(codes[0], f"缺少日期字段“{key}”", "按 YYYY-MM-DD 填写，例如 2026-03-01。", keypath[:-1] or keypath)
        return None
    d = _parse_date_str(v) if type(v) is str else parse_date(v)
    if d is None:
        f.add(codes[1], f"日期“{v}”无效", "日期须为 YYYY-MM-DD 格式的真实日期，例如 2026-03-01。", keypath)
    return d


def _date(raw: dict, key: str, f: Findings, keypath: tuple, required: bool = False):
    return date_field(raw, key, f, keypath, ("I003", "I004"), required)


ITEM_TEXT = frozenset({"title", "content", "entry", "reason", "scope", "department", "proposer", "timing",
                       "kind", "attribute", "doc_number", "interprets", "period"})
EVENT_TEXT = frozenset({"by", "role", "step", "result", "opinion"})
ENTRY_TEXT = frozenset({"code", "name", "content", "scope", "timing", "cadence", "department"})


def not_text(raw: dict, keys: frozenset, f: Findings, keypath: tuple, code: str) -> None:
    """A list or mapping typed where a text goes would reach forms and reports as "['a', 'b']"."""
    for k, v in raw.items():
        if (type(v) is list or type(v) is dict) and k in keys:
            f.add(code, f"字段“{k}”应为一段文字，不能是列表或映射",
                  f"写成 {k}: 文字（不要用 [ ]、{{ }} 或“- ”）；多段文字写 {k}: | 后另起一行、缩进两格。",
                  keypath + (k,))


def _unknown(raw: dict, allowed: set, f: Findings, keypath: tuple, what: str) -> None:
    if raw.keys() <= allowed:  # the usual case, checked in C
        return
    for k in raw:
        if k not in allowed:
            f.add("I002", f"{what}中有未知字段“{k}”",
                  "检查拼写；可用字段：" + "、".join(sorted(allowed)) + "。", keypath + (KeyName(k),))


def build_entries(data: Any, f: Findings) -> tuple[Entry, ...]:
    if data is None:
        return ()
    raw_entries = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(raw_entries, list):
        f.add("K001", "公开目录应包含 entries 列表", "在 catalogue.yaml 中写 entries: 后逐条列出目录条目。")
        return ()
    keyprefix = ("entries",) if isinstance(data, dict) else ()
    if isinstance(data, dict):
        _unknown(data, {"version", "filed", "filed_with", "entries"}, f, (), "公开目录")
        if data.get("filed") is not None:
            _date(data, "filed", f, ("filed",))
        if data.get("version") is not None and as_count(data["version"]) is None:
            f.add("K030", f"公开目录的版本号（version）“{data['version']}”不是非负整数",
                  "version 由 dwgk catalogue file 维护：改回上次备案的版本号（git log -p catalogue.yaml 可查）。",
                  ("version",))
    out = []
    for i, e in enumerate(raw_entries):
        kp = keyprefix + (i,)
        if not isinstance(e, dict) or not e.get("code") or not e.get("name"):
            f.add("K002", "目录条目缺少编码（code）或名称（name）", "每个条目都要有唯一的 code 和 name。", kp)
            continue
        _unknown(e, ENTRY_KEYS, f, kp, "目录条目")
        not_text(e, ENTRY_TEXT, f, kp, "K006")
        timing = as_text(e.get("timing") or "及时")
        cadence = as_text(e.get("cadence"))
        if timing not in TIMINGS:
            f.add("K003", f"目录条目 {e['code']} 的公开时限类型“{timing}”无效",
                  "可选：" + "、".join(TIMINGS) + "。", kp + ("timing",))
        if timing == "定期" and cadence not in CADENCES:
            f.add("K004", f"定期公开的目录条目 {e['code']} 缺少有效的周期（cadence）",
                  "可选：" + "、".join(CADENCES) + "。", kp + ("cadence",))
        elif cadence and timing != "定期":  # a hand-written cadence that no deadline will follow
            f.add("K006", f"目录条目 {e['code']} 的时限是“{timing}”，周期（cadence）“{cadence}”不起作用",
                  "定期公开的条目写 timing: 定期；否则删去 cadence。", kp + ("cadence",), severity="warning")
        scope = as_text(e.get("scope") or "党内公开")
        if scope not in SCOPES:
            f.add("K005", f"目录条目 {e['code']} 的公开范围“{scope}”无效",
                  "可选：" + "、".join(SCOPES) + "。", kp + ("scope",))
        cat = e.get("category")
        out.append(Entry(
            code=str(e["code"]), category=_strs(cat), name=as_text(e["name"]),
            content=as_text(e.get("content")), scope=scope, channels=_strs(e.get("channels")),
            timing=timing, cadence=cadence, department=as_text(e.get("department")),
            since=_date(e, "since", f, kp + ("since",)), path=f.path, index=i))
    return tuple(out)


def build_event(raw: Any, i: int, f: Findings) -> Event | None:
    kp = ("history", i)
    if not isinstance(raw, dict):
        f.add("I010", f"历史记录第 {i + 1} 条格式有误", "每条记录应为包含 action、date、by 的映射。", kp)
        return None
    if not raw.keys() <= EVENT_KEYS:
        _unknown(raw, EVENT_KEYS, f, kp, f"历史记录第 {i + 1} 条")
    not_text(raw, EVENT_TEXT, f, kp, "I016")
    action = as_text(raw.get("action"))
    if action not in ACTIONS:
        f.add("I011", f"历史记录第 {i + 1} 条的动作“{action}”无效",
              "可选：" + "、".join(ACTIONS) + "。", kp + ("action",))
        return None
    if action == "review":  # without these the procedure cannot be replayed: say so, not "step “”"
        for key, label in (("step", "步骤"), ("result", "结论")):
            if not as_text(raw.get(key)):
                f.add("I016", f"历史记录第 {i + 1} 条（审核）缺少{label}（{key}）",
                      "补上这一步的名称和结论，例如 step: 保密审查、result: 可以公开。", kp)
                return None
    d = _date(raw, "date", f, kp + ("date",), required=True)
    if not raw.get("by"):
        f.add("I012", f"历史记录第 {i + 1} 条没有记录决定人（by）", "写明由谁作出该决定，例如 by: 张三。", kp)
    for key, label in (("by", "决定人"), ("role", "角色")):
        v = raw.get(key)
        problem = person_problem(str(v)) if v is not None and (key == "role" or v) else None
        if problem:
            f.add("I015", f"历史记录第 {i + 1} 条的{label}（{key}）{problem}",
                  "写明作出决定的人的姓名（或角色），一行以内，例如 by: 张三。", kp + (key,))
    if d is None:
        return None
    data = {k: v for k, v in raw.items() if k not in EVENT_FIELDS}
    return Event(action=action, date=d, by=as_text(raw.get("by")), role=as_text(raw.get("role")),
                 step=as_text(raw.get("step")), result=as_text(raw.get("result")),
                 opinion=as_text(raw.get("opinion")), data=data, index=i)


def build_item(data: Any, f: Findings, expected_id: str) -> Item | None:
    if not isinstance(data, dict):
        f.add("I001", "公开事项文件内容应为映射（键: 值）", "参照 dwgk submit 生成的文件格式。")
        return None
    _unknown(data, ITEM_KEYS, f, (), "公开事项")
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
    events = tuple(e for e in (build_event(r, i, f) for i, r in enumerate(history_raw)) if e)
    period = as_text(data.get("period"))
    if period and parse_period(period) is None:
        f.add("D010", f"报告期“{period}”无效", "写成 2026Q3（季度）、2026H1（半年）或 2026（年度）。", ("period",))
    return Item(
        id=item_id, title=as_text(data.get("title")), content=as_text(data.get("content")),
        entry=as_text(data.get("entry")) or None, scope=scope, channels=_strs(data.get("channels")),
        department=as_text(data.get("department")), proposer=as_text(data.get("proposer")),
        timing=timing, reason=as_text(data.get("reason")), kind=as_text(data.get("kind") or "党务"),
        attribute=attribute, doc_number=as_text(data.get("doc_number")),
        doc_date=_date(data, "doc_date", f, ("doc_date",)),
        first_inner=bool(data.get("first_inner")), major=bool(data.get("major")),
        interprets=as_text(data.get("interprets")), attachments=_strs(data.get("attachments")),
        period=period, history=events, path=f.path)
