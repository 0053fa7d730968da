"""The 公开目录: building its entries from ``catalogue.yaml`` (K0xx), checking them against the
profile, and filing a version with the upper organisation (备案)."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Mapping

from dwgk import filing
from dwgk.diag import Diagnostic, Refused, diag
from dwgk.fields import Findings, as_text, date_field, not_text, strs, unknown_keys
from dwgk.model import Entry, Register
from dwgk.records import Change, guard_not_future
from dwgk.vocab import CADENCES, SCOPE_PUBLIC, SCOPES, TIMINGS
from dwgk.yamlread import as_count

FILE = "catalogue.yaml"
ENTRY_KEYS = frozenset({"code", "category", "name", "content", "scope", "channels", "timing", "cadence",
                        "department", "since",
                        "basis", "subject", "mode", "level"})  # the last four: the 基层政务公开标准目录's columns
ENTRY_TEXT = frozenset({"code", "name", "content", "scope", "timing", "cadence", "department", "basis", "subject",
                        "mode"})
Locator = Callable[[str, tuple], "tuple[int, int]"]
# the columns of the 基层政务公开标准目录 an entry fills (printed by dwgk.catalogue_columns)
LEVELS = ("省级", "市级", "县级", "乡级", "村级")
MODES = {"主动公开": "主动公开", "主动": "主动公开", "依申请公开": "依申请公开", "依申请": "依申请公开"}


def mode_of(v: Any) -> str:
    return MODES.get(str(v).strip(), "主动公开") if v not in (None, "") else "主动公开"


def entry_problems(raw: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    """(key, code, message, hint) for each of these fields a catalogue entry writes wrongly."""
    out = []
    mode = raw.get("mode")
    if mode not in (None, "") and str(mode).strip() not in MODES:
        out.append(("mode", "K040", f"公开方式“{mode}”无效", "写 主动公开 或 依申请公开。"))
    level = raw.get("level")
    if level is not None:
        items = level if isinstance(level, list) else [level]
        bad = [x for x in items if str(x) not in LEVELS]
        if bad or not items:
            out.append(("level", "K041", f"公开层级“{bad[0] if bad else level}”无效",
                        "写成列表，可选：" + "、".join(LEVELS) + "，例如 level: [市级]。"))
    return out




def _date(raw: dict, key: str, f: Findings, keypath: tuple):
    return date_field(raw, key, f, keypath, ("I003", "I004"))


def build_entries(data: Any, f: Findings) -> tuple[Entry, ...]:
    if data is None:
        return ()
    raw_entries = data.get("entries") if isinstance(data, dict) else data
    if not isinstance(raw_entries, list):
        f.add("K001", "公开目录应包含 entries 列表", "在 catalogue.yaml 中写 entries: 后逐条列出目录条目。")
        return ()
    keyprefix = ("entries",) if isinstance(data, dict) else ()
    if isinstance(data, dict):
        unknown_keys(data, {"version", "filed", "filed_with", "entries"}, f, (), "公开目录", "I002")
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
        unknown_keys(e, ENTRY_KEYS, f, kp, "目录条目", "I002")
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
        for key, code, message, hint in entry_problems(e):
            f.add(code, f"目录条目 {e['code']} 的{message}", hint, kp + (key,))
        out.append(Entry(
            code=str(e["code"]), category=strs(e.get("category")), name=as_text(e["name"]),
            content=as_text(e.get("content")), scope=scope, channels=strs(e.get("channels")),
            timing=timing, cadence=cadence, department=as_text(e.get("department")),
            since=_date(e, "since", f, kp + ("since",)), basis=as_text(e.get("basis")),
            subject=as_text(e.get("subject")), mode=mode_of(e.get("mode")),
            level=strs(e.get("level")), path=f.path, index=i))
    return tuple(out)


def check(reg: Register, locate: Locator) -> list[Diagnostic]:
    """Entries against the profile: unique codes, known channels and scopes, no public channel
    on an entry narrower than 向社会公开, and at least one on an entry 向社会公开."""
    out = []
    seen: dict[str, int] = {}
    p = reg.profile
    channels = {c.name for c in p.channels}

    def at(kp: tuple, code: str, message: str, hint: str, path: str) -> None:
        line, col = locate(path, kp)
        out.append(diag(code, message, hint, path=path, line=line, col=col))

    for e in reg.catalogue:
        kp = ("entries", e.index)
        if e.code in seen:
            at(kp + ("code",), "K010", f"目录编码“{e.code}”重复", "每个目录条目的编码必须唯一。", e.path)
        seen[e.code] = e.index
        for i, c in enumerate(e.channels):
            if c not in channels:
                at(kp + ("channels", i), "K011", f"目录条目 {e.code} 的公开形式“{c}”不在本方案的渠道列表中",
                   "可用：" + "、".join(sorted(channels)) + "。", e.path)
        public = [c for c in e.channels if p.is_public(c)]
        if e.scope != SCOPE_PUBLIC and public:
            at(kp + ("channels",), "K013",
               f"目录条目 {e.code} 的公开范围是“{e.scope}”，却列了面向社会的公开形式：" + "、".join(public),
               "删去这些形式，改用：" + ("、".join(p.inner_channels()) or "（本方案没有）") + "。", e.path)
        if e.scope == SCOPE_PUBLIC and e.channels and not public:
            line, col = locate(e.path, kp + ("channels",))
            out.append(diag("W109", f"目录条目 {e.code} 向社会公开，却没有面向社会的公开形式（{'、'.join(e.channels)} 都不面向社会）",
                            "加上面向社会的公开形式：" + ("、".join(c.name for c in p.channels if c.public) or "（本方案没有）")
                            + "；只在内部公开的，改正公开范围。", path=e.path, line=line, col=col, severity="warning"))
        if e.scope not in p.scopes:
            at(kp + ("scope",), "K012", f"目录条目 {e.code} 的公开范围“{e.scope}”不在本方案中",
               "可用：" + "、".join(p.scopes) + "。", e.path)
    return out


def file(reg: Register, data: Any, *, by: str, to: str, when: date, today: date,
         locate: Locator) -> tuple[dict, Change]:
    """备案: the catalogue's next version, filed on ``when`` with ``to``. ``data`` is the parsed
    catalogue.yaml; the new mapping keeps its entries and puts version, date and recipient first."""
    guard_not_future(when, today, "W001")
    bad = [d for d in reg.diagnostics if d.path == FILE] + check(reg, locate)
    if bad:
        raise Refused("公开目录有错误，不能备案", "先修正下列问题。", "K020", diagnostics=bad)
    filing.check_date(reg, when)
    data = dict(data) if isinstance(data, dict) else {"entries": data}
    version = (as_count(data.get("version")) or 0) + 1
    new = {"version": version, "filed": when.isoformat(), "filed_with": to,
           **{k: v for k, v in data.items() if k not in ("version", "filed", "filed_with")}}
    return new, Change("", "catalogue-file", f"公开目录备案（第 {version} 版，{when}）", by, when,
                       extra={"Dwgk-Version": str(version)}, body=f"{by}于 {when} 将公开目录报{to}备案。")
