"""Reading fields of a parsed record file, collecting findings as values.

Every record kind's builder reads its YAML mapping through these: text, lists, dates, names
of people, unknown keys. Builders never raise on bad data: they keep what they can and report
the rest through a ``Findings`` collector, with the key path of the offending value so the
loader can turn it into a line number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping

from dwgk.dates import parse_date
from dwgk.diag import Diagnostic, diag
from dwgk.yamlread import KeyName

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
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

    def errors(self) -> list[str]:
        return [d.message for _, d in self.pending if d.severity == "error"]


def as_text(v: Any) -> str:
    return "" if v is None else str(v)


def strs(v: Any) -> tuple[str, ...]:
    """A list of texts (a single text counts as a list of one)."""
    if v is None:
        return ()
    if isinstance(v, (list, tuple)):
        return tuple(str(x) for x in v)
    return (str(v),)


NAME_SEPARATORS = re.compile(r"[、，,；;]")


def names(values) -> tuple[str, ...]:
    """People named one by one or several in one text (甲、乙、丙): each once, in order."""
    out = (n.strip() for v in values for n in NAME_SEPARATORS.split(str(v)))
    return tuple(dict.fromkeys(n for n in out if n))


def positive_int(v: Any) -> int | None:
    """A recorded count (days, pages): a positive whole number, else None."""
    if isinstance(v, bool):
        return None
    try:
        n = int(v)
    except (TypeError, ValueError):
        return None
    return n if n > 0 and str(v).strip().lstrip("+").isdigit() else None


@lru_cache(maxsize=8192)
def _parse_date_str(v: str):
    # A register repeats the same few thousand dates; parse each once (and share the object).
    return parse_date(v)


def quiet_date(v: Any):
    """``v`` as a date if it is one (YYYY-MM-DD), else None — for fields a builder has
    already reported on."""
    if v is None or v == "":
        return None
    return _parse_date_str(v) if type(v) is str else parse_date(v)


def date_field(raw: Mapping, key: str, f: Findings, keypath: tuple, codes: tuple[str, str],
               required: bool = False):
    """``raw[key]`` as a date; a blank one is missing (``codes[0]`` when required), a wrong one
    invalid (``codes[1]``). Shared by every record kind."""
    v = raw.get(key)
    if v is None or v == "":
        if required:
            f.add(codes[0], f"缺少日期字段“{key}”", "按 YYYY-MM-DD 填写，例如 2026-03-01。", keypath[:-1] or keypath)
        return None
    d = quiet_date(v)
    if d is None:
        f.add(codes[1], f"日期“{v}”无效", "日期须为 YYYY-MM-DD 格式的真实日期，例如 2026-03-01。", keypath)
    return d


def not_text(raw: dict, keys: frozenset, f: Findings, keypath: tuple, code: str) -> None:
    """A list or mapping typed where a text goes would reach forms and reports as "['a', 'b']"."""
    for k, v in raw.items():
        if (type(v) is list or type(v) is dict) and k in keys:
            f.add(code, f"字段“{k}”应为一段文字，不能是列表或映射",
                  f"写成 {k}: 文字（不要用 [ ]、{{ }} 或“- ”）；多段文字写 {k}: | 后另起一行、缩进两格。",
                  keypath + (k,))


def unknown_keys(raw: Mapping, allowed: set | frozenset, f: Findings, keypath: tuple, what: str,
                 code: str) -> None:
    """Each key of ``raw`` not in ``allowed``: a typo that would otherwise be silently ignored."""
    if raw.keys() <= allowed:  # the usual case, checked in C
        return
    for k in raw:
        if k not in allowed:
            f.add(code, f"{what}中有未知字段“{k}”",
                  "检查拼写；可用字段：" + "、".join(sorted(allowed)) + "。", keypath + (KeyName(k),))


@dataclass(frozen=True)
class EventCodes:
    """The codes a kind reports a malformed history entry with."""

    shape: str  # not a mapping
    unknown: str  # an unknown key
    text: str  # a list or mapping where a text goes
    action: str  # no action, or one the kind does not know
    by: str  # nobody named as having acted


def event_action(raw: Any, i: int, f: Findings, codes: EventCodes, keys: frozenset, text_keys: frozenset,
                 actions: tuple[str, ...]) -> str | None:
    """The action of history entry ``i`` — or None, with a finding, when the entry is not a
    mapping or names no action the kind knows. Unknown keys and non-text values are reported too."""
    kp = ("history", i)
    if not isinstance(raw, dict):
        f.add(codes.shape, f"历史记录第 {i + 1} 条格式有误", "每条记录应为包含 action、date、by 的映射。", kp)
        return None
    unknown_keys(raw, keys, f, kp, f"历史记录第 {i + 1} 条", codes.unknown)
    not_text(raw, text_keys, f, kp, codes.text)
    action = as_text(raw.get("action"))
    if action not in actions:
        f.add(codes.action, f"历史记录第 {i + 1} 条的动作“{action}”无效", "可选：" + "、".join(actions) + "。",
              kp + ("action",))
        return None
    return action


def event_by(raw: Mapping, i: int, f: Findings, codes: EventCodes, who: str = "经办人",
             hint: str = "写明由谁办理，例如 by: 张三。") -> None:
    if not raw.get("by"):
        f.add(codes.by, f"历史记录第 {i + 1} 条没有记录{who}（by）", hint, ("history", i))
