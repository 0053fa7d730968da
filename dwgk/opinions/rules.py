"""The profile's 舆情/应急 rules (``opinions:`` in a profile or in dwgk.yaml's overrides)::

    opinions:
      source: 国办发〔2016〕61号
      unassessed: 48                      # hours to respond before the event is assessed
      levels:                             # the levels the unit knows, each with its hour limits
        一般: {respond: 48}
        重大: {respond: {hours: 5, source: 国办发〔2016〕80号}, press: 24}
      press_channels: [新闻发布会]          # a response through one of these is the press conference
      channels: [新闻发布会, 媒体采访]       # response channels besides the profile's own
      report_to: [局政务公开工作领导小组, 市网信办, 公安局]
      must_report: {to: 局政务公开工作领导小组, levels: []}   # 不漏报 (levels: [] = every event)
      head: 主要负责人                     # the role of the first responsible person

``respond`` is the first authoritative information released (首发 for an emergency), counted
from the moment the event was found; ``press`` the press conference. Hours run straight
through weekends and holidays. A unit sets stricter limits in its overrides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from dwgk.profile import Profile

RULE_KEYS = ("respond", "press")
TOP_KEYS = frozenset({"source", "unassessed", "levels", "press_channels", "channels", "report_to", "must_report",
                      "head"})
MAX_HOURS = 720  # 30 days: a longer "hour" limit is a typo for days


@dataclass(frozen=True)
class HourRule:
    hours: int
    source: str


@dataclass(frozen=True)
class Rules:
    levels: tuple[str, ...]
    limits: Mapping[str, Mapping[str, HourRule]]  # level → {respond|press → rule}
    unassessed: HourRule
    press_channels: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    report_to: tuple[str, ...] = ()
    must_report: str = ""
    must_report_levels: tuple[str, ...] = ()  # () = every event
    head_role: str = "主要负责人"
    source: str = ""

    def rule(self, level: str, key: str) -> HourRule | None:
        """The hour limit ``key`` (respond | press) for an event of ``level`` ("" unassessed)."""
        if not level:
            return self.unassessed if key == "respond" else None
        return self.limits.get(level, {}).get(key)

    def must_report_for(self, level: str) -> bool:
        return bool(self.must_report) and (not self.must_report_levels or level in self.must_report_levels)


class _Bad(ValueError):
    pass


def _texts(raw: Mapping, key: str) -> tuple[str, ...]:
    v = raw.get(key) or []
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise _Bad(f"opinions.{key} 应为文字列表")
    return tuple(x.strip() for x in v)


def _hours(v: Any, where: str, source: str) -> HourRule:
    if isinstance(v, Mapping):
        unknown = set(v) - {"hours", "source"}
        if unknown:
            raise _Bad(f"{where} 中有未知字段“{sorted(map(str, unknown))[0]}”（可用：hours、source）")
        src = str(v.get("source") or source)
        v = v.get("hours")
    else:
        src = source
    if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= MAX_HOURS:
        raise _Bad(f"{where} 应为 1 到 {MAX_HOURS} 之间的小时数，现为“{v}”")
    return HourRule(v, src)


def _parse(raw: Mapping) -> Rules:
    unknown = set(raw) - TOP_KEYS
    if unknown:
        raise _Bad(f"opinions 中有未知字段“{sorted(map(str, unknown))[0]}”（可用：" + "、".join(sorted(TOP_KEYS)) + "）")
    source = str(raw.get("source") or "")
    levels_raw = raw.get("levels")
    if not isinstance(levels_raw, Mapping) or not levels_raw:
        raise _Bad("opinions.levels 应为映射：每个风险等级（级别）及其小时时限")
    limits: dict[str, dict[str, HourRule]] = {}
    for level, spec in levels_raw.items():
        where = f"opinions.levels.{level}"
        if not isinstance(spec, Mapping) or "respond" not in spec:
            raise _Bad(f"{where} 应为 {{respond: 小时数[, press: 小时数]}}")
        bad = set(spec) - set(RULE_KEYS)
        if bad:
            raise _Bad(f"{where} 中有未知字段“{sorted(map(str, bad))[0]}”（可用：respond、press）")
        limits[str(level)] = {k: _hours(spec[k], f"{where}.{k}", source) for k in RULE_KEYS if k in spec}
    un = raw.get("unassessed")
    if un is None:
        raise _Bad("opinions.unassessed 应写明尚未研判的舆情多少小时内回应（国办发〔2016〕61号：48）")
    if isinstance(un, Mapping) and "respond" in un:
        un = un["respond"]
    must = raw.get("must_report") or {}
    if isinstance(must, str):
        must = {"to": must}
    if not isinstance(must, Mapping) or set(must) - {"to", "levels"}:
        raise _Bad("opinions.must_report 应为 {to: 报告对象, levels: [等级……]}")
    must_levels = _texts(must, "levels") if must.get("levels") else ()
    for lv in must_levels:
        if lv not in limits:
            raise _Bad(f"opinions.must_report.levels 中的“{lv}”不是 opinions.levels 中的等级")
    return Rules(levels=tuple(limits), limits=limits, unassessed=_hours(un, "opinions.unassessed", source),
                 press_channels=_texts(raw, "press_channels"), channels=_texts(raw, "channels"),
                 report_to=_texts(raw, "report_to"), must_report=str(must.get("to") or "").strip(),
                 must_report_levels=must_levels, head_role=str(raw.get("head") or "主要负责人"), source=source)


def read(profile: Profile) -> tuple[Rules | None, str]:
    """(the rules, "") when the kind is enabled and well formed; (None, why not) otherwise
    ("" when the profile simply does not enable it)."""
    raw = profile.opinions or {}
    if not raw:
        return None, ""
    try:
        return _parse(raw), ""
    except _Bad as e:
        return None, str(e)


def rules(profile: Profile) -> Rules | None:
    return read(profile)[0]


def response_channels(profile: Profile, r: Rules) -> tuple[str, ...]:
    """Where authoritative information may be released: the profile's channels and the kind's own."""
    return tuple(dict.fromkeys([*(c.name for c in profile.channels), *r.channels, *r.press_channels]))
