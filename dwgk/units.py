"""Oversight across registers: the units a register lists in ``units.yaml``.

``units.yaml`` names each overseen unit and where its register is (a path, relative to this
register, or a git URL)::

    units:
    - {name: 科技局, source: ../kejiju}
    - {name: 高新区, source: https://git.example.org/gaoxinqu/登记簿.git}

``dwgk units fetch`` keeps a read-only copy of each under ``.dwgk/units/<name>`` (git-ignored):
a git clone (fetched and reset to the unit's HEAD each time) or, for a plain folder, a mirror
that rewrites only files that changed (so each copy's parse cache stays warm). The other
commands read those copies only; a copy that is missing or cannot be loaded is reported as
such and the others still count.

Everything here below ``fetch`` is pure: a loaded ``Register`` in, figures out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from dwgk import deadlines as dl
from dwgk import gov_report
from dwgk.clock import MET, MISSED
from dwgk.diag import Diagnostic, ExitCode, Refused, os_reason
from dwgk.gov_report import DataTable
from dwgk.items import procedure as wf
from dwgk.loader import CONFIG
from dwgk.vocab import STAGES
from dwgk.yamlread import dump, locate, parse

UNITS = "units.yaml"
COPIES = os.path.join(".dwgk", "units")
HEADER = "# 本登记簿监督的单位：名称和登记簿的位置（相对本登记簿的路径，或 git 地址）；dwgk units add 添加\n"
NAME_MAX = 40
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|[\w.-]+@[\w.-]+:)", re.I)


@dataclass(frozen=True)
class Unit:
    name: str
    source: str
    index: int = 0

    def is_url(self) -> bool:
        return bool(_URL.match(self.source))


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a unit (it becomes a folder name), or None."""
    if not name.strip() or name != name.strip():
        return "单位名称不能为空，前后不能有空格"
    if len(name) > NAME_MAX:
        return f"单位名称不能超过 {NAME_MAX} 个字"
    if name.startswith(".") or any(ch in name for ch in '/\\:*?"<>|') or not name.isprintable():
        return "单位名称不能以“.”开头，不能含 / \\ : * ? \" < > | 和控制字符"
    return None


def read_units(root: Path) -> tuple[list[Unit], list[Diagnostic]]:
    """The units of ``units.yaml`` (none when there is no such file), with findings (U001)."""
    path = Path(root) / UNITS
    try:
        text = path.read_text(encoding="utf-8")[: 1 << 20]
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError):
        return [], [Diagnostic(UNITS, 1, 1, "U001", "units.yaml 无法读取", "检查文件权限和编码（UTF-8）。")]
    data, diags = parse(text, UNITS)
    if diags:
        return [], diags
    raw = data.get("units") if isinstance(data, Mapping) else None
    if data is not None and not isinstance(raw, list):
        return [], [Diagnostic(UNITS, 1, 1, "U001", "units.yaml 应有 units: 列表",
                               "每个单位一项：- {name: 名称, source: 路径或 git 地址}。")]
    units, found, seen = [], [], set()
    for i, u in enumerate(raw or ()):
        name = str(u.get("name", "")) if isinstance(u, Mapping) else ""
        source = str(u.get("source", "")) if isinstance(u, Mapping) else ""
        problem = name_problem(name) or (None if source.strip() else "没有写 source（路径或 git 地址）") or (
            "source 不能以“-”开头" if source.strip().startswith("-") else None)
        if not problem and name in seen:
            problem = f"单位名称“{name}”重复"
        if problem:
            line, col = locate(text, ("units", i))
            found.append(Diagnostic(UNITS, line, col, "U002", f"units.yaml 第 {i + 1} 项：{problem}",
                                    "每个单位一项：- {name: 名称, source: 路径或 git 地址}，名称不重复。"))
            continue
        seen.add(name)
        units.append(Unit(name, source.strip(), i))
    return units, found


def dump_units(units: Iterable[Unit]) -> str:
    return HEADER + dump({"units": [{"name": u.name, "source": u.source} for u in units]})


def add(units: list[Unit], name: str, source: str, root: Path, cwd: Path) -> Unit:
    """The new unit (source stored relative to the register when it is a local path)."""
    problem = name_problem(name)
    if problem:
        raise Refused(problem, "换一个名称（它也是副本的文件夹名）。", "U003", exit_code=ExitCode.USAGE)
    if any(u.name == name for u in units):
        raise Refused(f"units.yaml 中已有单位“{name}”", "换一个名称，或直接编辑 units.yaml 修改它的位置。", "U004")
    source = source.strip()
    if not source or "\n" in source or source.startswith("-"):
        raise Refused(f"位置“{source}”无效", "写该单位登记簿的路径或 git 地址。", "U005", exit_code=ExitCode.USAGE)
    if not _URL.match(source):
        try:
            path = (cwd / source).resolve()
            found = path.is_dir()
        except OSError as e:  # a name too long, a loop of links: is_dir and resolve raise these
            raise Refused(f"找不到目录 {source}：{os_reason(e)}", "写该单位登记簿的路径（或 git 地址）。", "U005") from None
        if not found:
            raise Refused(f"找不到目录 {source}", "写该单位登记簿的路径（或 git 地址，如 https://…/登记簿.git）。", "U005")
        source = os.path.relpath(path, root)
    return Unit(name, source, len(units))


def copy_path(root: Path, unit: Unit) -> Path:
    return Path(root) / COPIES / unit.name


# ---------------------------------------------------------------- fetch

@dataclass
class Fetched:
    unit: Unit
    ok: bool
    how: str  # 中文: what was done, or why not


def _git(args: list[str], cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)


def _is_git(path: Path) -> bool:
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


def fetch(root: Path, unit: Unit, env: dict | None = None) -> Fetched:
    """Bring the unit's read-only copy up to date. Never raises for the unit's own problems.
    ``env``: the environment git runs in (the cli sets GIT_TERMINAL_PROMPT=0: never wait for a
    password)."""
    dest = copy_path(root, unit)
    src = unit.source if unit.is_url() else str((Path(root) / unit.source).resolve())
    try:
        if unit.is_url() or _is_git(Path(src)):
            return _fetch_git(unit, src, dest, env)
        if not Path(src).is_dir():
            return Fetched(unit, False, f"找不到 {unit.source}")
        n = mirror(Path(src), dest)
        if not (dest / "dwgk.yaml").is_file():
            return Fetched(unit, False, f"{unit.source} 不是 dwgk 登记簿（没有 dwgk.yaml）")
        return Fetched(unit, True, f"已从文件夹复制（{n} 个文件有变化）")
    except OSError as e:
        return Fetched(unit, False, f"无法复制：{os_reason(e)}")


def _fetch_git(unit: Unit, src: str, dest: Path, env: dict | None) -> Fetched:
    if (dest / ".git").is_dir():
        r = _git(["fetch", "-q", "--", src, "HEAD"], cwd=dest, env=env)
        if r.returncode == 0:
            r = _git(["reset", "-q", "--hard", "FETCH_HEAD"], cwd=dest, env=env)
        if r.returncode == 0:
            sha = _git(["rev-parse", "--short", "HEAD"], cwd=dest, env=env).stdout.strip()
            return Fetched(unit, True, f"已更新（git，{sha}）")
    else:
        if dest.exists():
            shutil.rmtree(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        r = _git(["clone", "-q", "--", src, str(dest)], env=env)
        if r.returncode == 0:
            return Fetched(unit, True, "已取得副本（git clone）")
    first = (r.stderr.strip().splitlines() or ["原因不明"])[-1]
    return Fetched(unit, False, f"git 无法取得（{first}）；保留上次的副本" if dest.exists() else f"git 无法取得（{first}）")


_SKIP = {".git", ".dwgk"}


def mirror(src: Path, dest: Path) -> int:
    """Make ``dest`` a copy of ``src`` (without .git and .dwgk); files whose size and mtime
    match are left alone, so the copy's cache keeps them. Returns how many files changed."""
    changed = 0
    keep: set[str] = set()
    dest.mkdir(parents=True, exist_ok=True)
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP and not os.path.islink(os.path.join(dirpath, d)))
        rel_dir = os.path.relpath(dirpath, src)
        for name in filenames:
            s = os.path.join(dirpath, name)
            if os.path.islink(s) or not os.path.isfile(s):
                continue  # a register is untrusted: never follow a link out of it
            rel = os.path.normpath(os.path.join(rel_dir, name))
            keep.add(rel)
            d = dest / rel
            st = os.stat(s)
            try:
                dt = os.lstat(d)
                if dt.st_size == st.st_size and dt.st_mtime_ns == st.st_mtime_ns and not os.path.islink(d):
                    continue
            except FileNotFoundError:
                pass
            d.parent.mkdir(parents=True, exist_ok=True)
            tmp = d.with_name(f".{d.name}.dwgk-tmp")
            shutil.copy2(s, tmp)
            os.replace(tmp, d)
            changed += 1
    for dirpath, dirnames, filenames in os.walk(dest, topdown=False):
        rel_dir = os.path.relpath(dirpath, dest)
        if rel_dir.split(os.sep)[0] in _SKIP:
            continue
        for name in filenames:
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if rel not in keep:
                os.unlink(os.path.join(dirpath, name))
                changed += 1
    return changed


# ---------------------------------------------------------------- figures per unit

PROACTIVE_RULES = ("publish_after_secrecy", "publish_after_formed")
REPLY_RULES = ("request_reply",)
OVERDUE_KINDS = {"item": "事项", "entry": "目录条目", "request": "依申请公开", "message": "政民互动",
                 "register": "年度报告"}


@dataclass
class Rate:
    on_time: int = 0
    late: int = 0  # done late, or past due and not done

    @property
    def counted(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        return round(self.on_time / self.counted, 4) if self.counted else None

    def add(self, other: "Rate") -> None:
        self.on_time += other.on_time
        self.late += other.late

    def to_json(self) -> dict:
        return {"on_time": self.on_time, "late": self.late, "rate": self.rate}


@dataclass
class UnitFigures:
    """What the overseeing office sees of one unit."""

    name: str
    source: str
    error: str = ""  # why it could not be read ("" when it was)
    org: str = ""
    kind: str = ""  # 党务 | 政务
    items: int = 0
    stages: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    messages: int = 0
    overdue: list = field(default_factory=list)  # deadlines.Row, worst first
    proactive: Rate = field(default_factory=Rate)
    replies: Rate = field(default_factory=Rate)
    annual: dict = field(default_factory=dict)  # the annual report's deadline, as data
    findings: int = 0  # errors dwgk check would report from loading alone
    notes: list[str] = field(default_factory=list)

    def overdue_by_kind(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.overdue:
            k = r.deadline.kind
            out[k] = out.get(k, 0) + 1
        return out


def _in(d: date | None, start: date | None, end: date | None) -> bool:
    return d is not None and (start is None or d >= start) and (end is None or d <= end)


def figures(name: str, source: str, reg: Any, today: date, *, year: int | None = None) -> UnitFigures:
    """A unit's figures as of ``today``; with ``year``, the rates count duties due that year and
    the annual report is that year's."""
    f = UnitFigures(name, source, org=reg.config.org, kind=reg.profile.kind, items=len(reg.items),
                    requests=len(reg.requests), messages=len(reg.messages))
    f.stages = {s: 0 for s in STAGES}
    for item in reg.items:
        f.stages[wf.state(reg.profile, item).stage] += 1
    rows = dl.rows(reg, today)
    f.overdue = dl.overdue(rows)
    start, end = (date(year, 1, 1), date(year, 12, 31)) if year else (None, None)
    for r in rows:
        rate = (f.proactive if r.deadline.rule in PROACTIVE_RULES else
                f.replies if r.deadline.rule in REPLY_RULES else None)
        if rate is None or not _in(r.due, start, end):
            continue
        if r.state.status == MET:
            rate.on_time += 1
        elif r.state.status == MISSED:
            rate.late += 1
    covered = year if year is not None else today.year - 1
    report = next((r for r in rows if r.deadline.subject == f"report-{covered}"), None)
    f.annual = annual_state(report, covered)
    f.findings = sum(1 for d in reg.diagnostics if d.severity == "error")
    return f


ANNUAL_STATES = {"on_time": "按时发布", "late": "逾期发布", "missing": "逾期未发布", "open": "未到期",
                 "none": "无此年度报告"}


def annual_state(row: Any, year: int) -> dict:
    """Was the annual report on ``year`` published by its deadline?"""
    if row is None:
        return {"year": year, "state": "none", "state_name": ANNUAL_STATES["none"], "due": None, "published": None}
    done = row.state.done
    state = ("on_time" if row.state.status == MET else
             ("late" if done else "missing") if row.state.status == MISSED else "open")
    return {"year": year, "state": state, "state_name": ANNUAL_STATES[state],
            "due": row.due.isoformat() if row.due else None, "published": done.isoformat() if done else None}


# ---------------------------------------------------------------- the national report's tables, summed

@dataclass
class Tables:
    """Section 三 and 四 of the national annual report, summed over units."""

    year: int
    requests: Any = None  # gov_report.DataTable
    appeals: Any = None
    counted: list[str] = field(default_factory=list)  # units whose tables are in the sum
    left_out: dict[str, str] = field(default_factory=dict)  # unit → why not
    failures: list = field(default_factory=list)  # gov_report.IdentityFailure of the sums

    def add(self, name: str, req: Any, appeals: Any) -> None:
        if self.requests is None:
            self.requests, self.appeals = _zero(req), _zero(appeals)
        for total, part in ((self.requests, req), (self.appeals, appeals)):
            for row, add in zip(total.rows, part.rows):
                assert row["key"] == add["key"]
                for c in total.columns:
                    row["cells"][c] += add["cells"][c]
        self.counted.append(name)

    def check(self) -> None:
        if self.requests is not None:
            self.failures = gov_report.check_identities(self.requests, self.appeals)

    def sections(self) -> list[dict]:
        """As ``report annual --format json`` gives sections 三 and 四."""
        if self.requests is None:
            return []
        return [{"number": "三", "title": gov_report.SECTION_TITLES[2], "tables": [gov_report.table_json(self.requests)]},
                {"number": "四", "title": gov_report.SECTION_TITLES[3], "tables": [gov_report.table_json(self.appeals)]}]


def _zero(t: Any) -> Any:
    z = DataTable(t.title, t.columns, note=t.note)
    for r in t.rows:
        z.add(r["label"], {c: 0 for c in t.columns}, key=r["key"], group=r["group"])
    return z


def unit_tables(reg: Any, year: int) -> tuple[Any, Any] | str:
    """(section 三, section 四) of a unit's own annual report, or why it cannot be counted."""
    if reg.profile.kind == "党务":
        return "党务公开方案，不编制政府信息公开工作年度报告"
    bad = {d.path for d in reg.diagnostics if d.severity == "error" and d.path.startswith("requests/")}
    if bad:
        return f"有 {len(bad)} 件依申请公开的申请文件有错误（该单位的年度报告也不能生成）"
    rc = gov_report.count_requests(reg.requests, year)
    req, appeals = gov_report.request_table(rc), gov_report.count_appeals(reg.requests, year)
    fails = gov_report.check_identities(req, appeals)
    if fails:
        return f"勾稽关系“{fails[0].identity}”不成立：{fails[0].detail}"
    return req, appeals


# ---------------------------------------------------------------- reading every unit

def survey(root: Path, units: list[Unit], load: Callable[[Path], Any], each: Callable[[Unit, Any], Any]) -> list:
    """``each(unit, register)`` for every unit whose copy loads; an unreadable unit gives
    ``each(unit, reason)`` with a Chinese reason instead. One register is held at a time."""
    out = []
    for u in units:
        path = copy_path(root, u)
        if not (path / CONFIG).is_file():
            out.append(each(u, "还没有副本（运行 dwgk units fetch）" if not path.exists()
                            else "副本中没有 dwgk.yaml，不是 dwgk 登记簿"))
            continue
        try:
            reg = load(path)
        except Refused as e:
            out.append(each(u, f"无法读取：{e.message}"))
            continue
        out.append(each(u, reg))
    return out


# ---------------------------------------------------------------- as data (json, text and html read this)

def unit_json(f: UnitFigures | None, unit: Unit, error: str = "") -> dict:
    if f is None:
        return {"name": unit.name, "source": unit.source, "ok": False, "error": error}
    late = f.overdue_by_kind()
    return {"name": f.name, "source": f.source, "ok": True, "error": "", "org": f.org, "kind": f.kind,
            "items": f.items, "stages": dict(f.stages), "requests": f.requests, "messages": f.messages,
            "overdue": {"count": len(f.overdue), "items": late.get("item", 0) + late.get("entry", 0),
                        "requests": late.get("request", 0), "messages": late.get("message", 0),
                        "register": late.get("register", 0),
                        "serious": sum(1 for r in f.overdue if r.serious)},
            "proactive_on_time": f.proactive.to_json(), "replies_on_time": f.replies.to_json(),
            "annual_report": dict(f.annual), "errors": f.findings}


def total_json(rows: list[dict]) -> dict:
    """Every readable unit added up (rates recomputed from their counts)."""
    ok = [r for r in rows if r["ok"]]
    tot: dict = {"units": len(rows), "readable": len(ok), "unreadable": [r["name"] for r in rows if not r["ok"]],
                 "items": 0, "stages": {}, "requests": 0, "messages": 0, "errors": 0,
                 "overdue": {k: 0 for k in ("count", "items", "requests", "messages", "register", "serious")},
                 "annual_report": {k: 0 for k in ANNUAL_STATES}}
    rates = {"proactive_on_time": Rate(), "replies_on_time": Rate()}
    for r in ok:
        for k in ("items", "requests", "messages", "errors"):
            tot[k] += r[k]
        for s, n in r["stages"].items():
            tot["stages"][s] = tot["stages"].get(s, 0) + n
        for k in tot["overdue"]:
            tot["overdue"][k] += r["overdue"][k]
        for k, rate in rates.items():
            rate.add(Rate(r[k]["on_time"], r[k]["late"]))
        tot["annual_report"][r["annual_report"]["state"]] += 1
    for k, rate in rates.items():
        tot[k] = rate.to_json()
    return tot
