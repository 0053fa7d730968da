"""The one place that reads a register from disk and runs the read → build pipeline.

A register is a folder with ``dwgk.yaml``, ``catalogue.yaml``, one folder per record kind
(``items/``, ``requests/``, ``messages/``: see ``dwgk.kinds``), optionally ``holidays.yaml``,
``reports/<year>.yaml`` and ``templates/``. One bad file never stops the load: its findings
are collected and the rest goes on.
"""

from __future__ import annotations

import gc
import os
import re
from contextlib import contextmanager
from pathlib import Path
from time import perf_counter
from typing import Any, Callable, Iterator

from dwgk import office, phases, safefs
from dwgk.catalogue import FILE as CATALOGUE, build_entries
from dwgk.dates import parse_date
from dwgk.diag import CannotRun, Diagnostic
from dwgk.fields import Findings
from dwgk.kinds import BY_NAME, KINDS
from dwgk.model import Config, Register
from dwgk.profile import ORG_TYPES, PROFILE_KEYS, Profile, load_profile
from dwgk.report_input import lint as lint_report, report_files
from dwgk.roster import FILE as PEOPLE, Roster, build_roster
from dwgk.serials import SERIALS, blocks_of
from dwgk.yamlread import KeyName, as_count, locate, parse

CONFIG = "dwgk.yaml"
HOLIDAYS = "holidays.yaml"
RECORD_DIRS = tuple(k.name for k in KINDS)
CONFIG_KEYS = {"org", "code", "profile", "overrides", "departments", "people", "start",
               "remedies", "doc_numbers", "annual_report", "guide"}  # the last four: dwgk.office


def find_root(start: Path) -> Path | None:
    """Search upward from ``start`` for a folder holding dwgk.yaml, like git."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if os.path.lexists(folder / CONFIG):  # a symlink or FIFO there is reported by load_config
            return folder
    return None


def record_files(root: Path, strays: list | None = None) -> list[tuple[str, str]]:
    """(kind, relative path) of every record file, sorted for stable output.

    Other files found in the record folders are appended to ``strays`` (when given): a
    record saved as ``.yml`` or left behind by an editor would otherwise vanish unseen; so
    are symlinks and special files (as ``safefs.Unsafe``), which are never read.
    """
    out = []
    for kind in RECORD_DIRS:
        for rel, problem in safefs.walk(root, kind):
            if problem is None and rel.endswith(".yaml"):
                out.append((kind, rel))
            elif strays is not None and (problem is not None or rel.rpartition("/")[2] not in EXPECTED_FILES):
                strays.append(problem or rel)
    return out


EXPECTED_FILES = {".gitkeep", ".gitignore"}


def stray_findings(strays: list) -> list[Diagnostic]:
    out = []
    for rel in strays:
        if isinstance(rel, safefs.Unsafe):
            out.append(rel.diagnostic())
            continue
        hint = ("dwgk 只读取 .yaml 文件：如是记录，改名为 .yaml；" if rel.endswith(".yml")
                else "dwgk 不读取该文件：") + "如不需要，删除或移出该目录。"
        out.append(Diagnostic(rel, 1, 1, "Y005", "记录目录中有 dwgk 不读取的文件", hint, "warning"))
    return out


def read_text(root: Path, rel: str) -> str:
    """A register file's text: a regular file, not through a symlink, within the size cap."""
    return safefs.read_text(os.path.join(root, rel), rel)


def parse_file(root: Path, rel: str) -> tuple[Any, list[Diagnostic], str]:
    try:
        text = read_text(root, rel)
    except safefs.Unsafe as u:
        return None, [u.diagnostic()], ""
    except UnicodeDecodeError as e:
        raw = e.object if isinstance(e.object, bytes) else b""
        line = raw.count(b"\n", 0, e.start) + 1
        col = len(raw[raw.rfind(b"\n", 0, e.start) + 1:e.start].decode("utf-8", "replace")) + 1
        return None, [Diagnostic(rel, line, col, "Y004", "文件不是 UTF-8 编码",
                                 "用文本编辑器以 UTF-8 编码另存该文件。")], ""
    data, diags = parse(text, rel)
    return data, diags, text


def _resolved(f: Findings, text: str) -> list[Diagnostic]:
    if not f.pending:
        return []
    return f.resolve(lambda kp: locate(text, kp) if kp else (1, 1))


# 索引号 前段码 (domain.md §10): the 9-character 组织机构代码 (e.g. 00817525-1) or the
# 18-character 统一社会信用代码 (GB 32100: digits and capitals without I, O, S, V, Z).
ORG_CODE = re.compile(r"^(?:[0-9A-Z]{8}-?[0-9X]|[0-9A-HJ-NPQRTUWXY]{18})$")


def org_code_problem(code: str) -> str | None:
    if code and not ORG_CODE.match(code):
        return (f"机构代码“{code}”格式有误：应为组织机构代码（如 00817525-1）"
                "或 18 位统一社会信用代码（如 11460100MB1957431X）")
    return None


def load_config(root: Path) -> Config:
    data, diags, text = parse_file(root, CONFIG)
    if diags:
        raise CannotRun("dwgk.yaml 无法读取", hint="修正 dwgk.yaml 中标出的错误后重试。",
                        code="C001", diagnostics=diags)
    if not isinstance(data, dict) or not str(data.get("org") or "").strip():
        raise CannotRun("dwgk.yaml 缺少机构名称（org）", hint="在 dwgk.yaml 中写 org: 机构全称。",
                        code="C001", diagnostics=[Diagnostic(CONFIG, *locate(text, ("org",)), "C001",
                                                             "缺少机构名称（org）", "在 dwgk.yaml 中写 org: 机构全称。")])
    bad: list[Diagnostic] = []

    def problem(key, code: str, message: str, keypath: tuple | None = None) -> None:
        line, col = locate(text, keypath or (key,))
        bad.append(Diagnostic(CONFIG, line, col, code, message))

    for k in data:
        if k not in CONFIG_KEYS:
            problem(k, "C005", f"未知字段“{k}”（可用：" + "、".join(sorted(CONFIG_KEYS)) + "）",
                    (KeyName(k),))
    code = str(data.get("code") or "").strip()
    if org_code_problem(code):
        problem("code", "C006", org_code_problem(code))
    start = data.get("start")
    if start is not None and parse_date(start) is None:
        problem("start", "C008", f"启用日期“{start}”无效：应为 YYYY-MM-DD 格式的真实日期")
    for key, kind, label in (("overrides", dict, "映射（键: 值）"), ("people", dict, "映射（姓名: 角色）"),
                             ("departments", list, "列表")):
        if data.get(key) is not None and not isinstance(data[key], kind):
            problem(key, "C007", f"{key} 应为{label}")
    if isinstance(data.get("org"), (list, dict)):
        problem("org", "C007", "org 应为机构全称（一行文字）")
    overrides = data.get("overrides")
    if isinstance(overrides, dict):
        for k in overrides:
            if k not in PROFILE_KEYS:
                problem(k, "C005", f"overrides 中有未知字段“{k}”（可用：" + "、".join(sorted(PROFILE_KEYS)) + "）",
                        ("overrides", KeyName(k)))
        if "org_type" in overrides and overrides["org_type"] not in ORG_TYPES:
            problem("overrides", "C007", f"overrides.org_type “{overrides['org_type']}”无效：应为 "
                    + " 或 ".join(ORG_TYPES), ("overrides", "org_type"))
    if isinstance(data.get("departments"), list) and not all(isinstance(d, str) for d in data["departments"]):
        problem("departments", "C007", "departments 的每一项都应是部门名称")
    found, office_bad = office.parse(data, lambda kp: locate(text, kp), CONFIG)
    bad += office_bad
    if bad:
        raise CannotRun(f"dwgk.yaml 有 {len(bad)} 处错误：{bad[0].message}",
                        hint="按提示修正 dwgk.yaml 后重试。", code=bad[0].code, diagnostics=bad)
    people = data.get("people") or {}
    return Config(org=str(data["org"]).strip(), code=code,
                  profile=str(data.get("profile") or "national"),
                  overrides=data.get("overrides") or {},
                  departments=tuple(data.get("departments") or ()),
                  people={str(k): str(v) for k, v in people.items()},
                  start=parse_date(start), office=found)


def read_record(root: Path, kind: str, rel: str, profile: Profile | None = None) -> tuple[Any, list[Diagnostic]]:
    """Parse and build one record file: (record or None, its findings with line numbers).

    Depends on nothing but the file itself and the profile's steps (which normalise review
    results), which is what lets ``dwgk.cache`` keep the result until either changes.
    """
    timed = phases.on()
    if timed:
        t0 = perf_counter()
    data, diags, text = parse_file(root, rel)
    if timed:
        t1 = perf_counter()
        phases.add("parse", t1 - t0)
    if diags:
        return None, diags
    f = Findings(rel)
    rec = BY_NAME[kind].build(data, f, os.path.splitext(os.path.basename(rel))[0], profile)
    found = _resolved(f, text)
    if timed:
        phases.add("build", perf_counter() - t1)
    return rec, found


Reader = Callable[[str, str, Profile], "tuple[Any, list[Diagnostic]]"]


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building the register's many small objects,
    which all stay alive: otherwise it rescans them over and over, for nothing. Afterwards
    they are frozen (moved out of the collector's sight) so that the first collection after
    re-enabling does not walk them all once more."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.enable()


def load(root: Path, read: Reader | None = None,
         ahead: Callable[[list[tuple[str, str]], Profile], None] | None = None) -> Register:
    """Read the whole register. Raises CannotRun only for a broken dwgk.yaml or profile.

    ``read(kind, rel, profile)`` reads one record file; the default is :func:`read_record`,
    and ``dwgk.cache`` passes one that reuses what it kept from the last run. ``ahead``, if
    given, is told the (kind, rel) of every record file before the first is read (the cache
    starts parsing a share of them in another process).
    """
    with no_gc(), phases.span("load (config, catalogue, …)"):
        return _load(Path(root), read or (lambda kind, rel, profile: read_record(root, kind, rel, profile)), ahead)


def _load(root: Path, read: Reader, ahead=None) -> Register:
    config = load_config(root)
    try:
        profile = load_profile(config.profile, config.overrides)
    except CannotRun as e:  # name the line of dwgk.yaml that chose the profile or overrode it
        if not e.diagnostics:
            key = "overrides" if e.code == "C004" else "profile"
            line, col = locate(read_text(root, CONFIG), (key,))
            e.diagnostics = [Diagnostic(CONFIG, line, col, e.code, e.message, e.hint)]
        raise
    diags: list[Diagnostic] = []

    catalogue, meta = (), {}
    if os.path.lexists(root / CATALOGUE):  # a symlink or a folder there is a finding
        data, d, text = parse_file(root, CATALOGUE)
        diags += d
        f = Findings(CATALOGUE)
        catalogue = build_entries(data, f) if not d else ()
        meta = data if isinstance(data, dict) else {}
        diags += _resolved(f, text)

    records: dict[str, list] = {k: [] for k in RECORD_DIRS}
    strays: list[str] = []
    files = record_files(root, strays)
    diags += stray_findings(strays)
    if ahead is not None:
        ahead(files, profile)
    for kind, rel in files:
        rec, d = read(kind, rel, profile)
        diags += d
        if rec is not None:
            records[kind].append(rec)

    roster = Roster()
    if os.path.lexists(root / PEOPLE):  # a symlink or a folder there is a finding
        data, d, text = parse_file(root, PEOPLE)
        diags += d
        f = Findings(PEOPLE)
        roster = build_roster(data, f, profile) if not d else Roster(present=True)
        diags += _resolved(f, text)

    serials: list = []
    if os.path.lexists(root / SERIALS):  # a symlink or a folder there is a finding
        data, d, text = parse_file(root, SERIALS)
        diags += d
        if not d:
            serials, d = blocks_of(data, SERIALS, text)
            diags += d

    holidays, holidays_text = None, ""
    if os.path.lexists(root / HOLIDAYS):
        holidays, d, holidays_text = parse_file(root, HOLIDAYS)
        diags += d

    annual = {}
    years, d = report_files(root)
    diags += d
    for year, rel in years:
        data, d, text = parse_file(root, rel)
        # a clerk's hand edit: a full-width colon, a tab, text not indented under key: |
        diags += lint_report(text, rel) or d
        annual[year] = data if isinstance(data, dict) else {}

    return Register(root=str(root), config=config, profile=profile, catalogue=catalogue,
                    catalogue_version=as_count(meta.get("version")) or 0,
                    catalogue_filed=parse_date(meta.get("filed")),
                    catalogue_filed_with=str(meta.get("filed_with") or ""),
                    records={k: tuple(v) for k, v in records.items()}, serials=tuple(serials), holidays=holidays,
                    holidays_text=holidays_text, annual=annual, diagnostics=tuple(diags), roster=roster)
