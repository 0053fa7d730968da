"""The catalogue of codes (dwgk.codes).

Every code the source uses is catalogued and every entry is well formed; every catalogued
code has a reproducer here — a small register and a dwgk command (or, where the command
line cannot reach it, a library call) that produces it — and the reproducer shows the code
with a severity its entry names. ``CASES`` is the table code → reproducer; ``UNREACHABLE``
names the codes nothing can produce, with the reason.

Registers ("worlds") are built once and shared: a refused command changes nothing, so many
reproducers run in the same register. A reproducer that must change its register first
(``prep``) runs on a copy of it.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml
from typer.testing import CliRunner

from conftest import git_identity
from dwgk.cli.app import app, hoist_globals
from dwgk.codes import AREAS, CATALOGUE, ENTRIES, SEVERITIES, field_of, lookup
from dwgk.diag import ExitCode, Refused

TODAY = "2026-11-20"
SOURCE = Path(__file__).resolve().parent.parent / "dwgk"


# ================================================================ the source and the table

CODE_LITERAL = re.compile(r"""["']([A-Z]\d{3})["']""")


def source_codes() -> dict[str, str]:
    """Every code literal in dwgk/ (bar the catalogue itself) → where it first appears."""
    found: dict[str, str] = {}
    for p in sorted(SOURCE.rglob("*.py")):
        if p.name == "codes.py" and p.parent == SOURCE:
            continue
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            for m in CODE_LITERAL.finditer(line):
                found.setdefault(m.group(1), f"{p.relative_to(SOURCE.parent)}:{n}")
    return found


def test_every_code_in_the_source_is_in_the_catalogue():
    found = source_codes()
    assert len(found) > 300  # the scan sees the codes at all
    missing = {code: where for code, where in found.items() if code not in CATALOGUE}
    assert not missing, f"codes used but not catalogued (add them to dwgk/codes.py): {missing}"


def test_every_catalogued_code_is_used_in_the_source():
    unused = sorted(set(CATALOGUE) - set(source_codes()))
    assert not unused, f"catalogued codes no source line uses: {unused}"


def test_no_code_is_built_at_run_time():
    """A code pieced together (f"W{n:03d}", "W" + n) would escape the scan above."""
    built = re.compile(r"""f["'][A-Z]\{|["'][A-Z]["']\s*\+|["'][A-Z]\d{1,2}["']\s*\+""")
    hits = [f"{p.relative_to(SOURCE.parent)}:{n}: {line.strip()}"
            for p in sorted(SOURCE.rglob("*.py"))
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if built.search(line)]
    assert not hits



def test_exit_codes_come_from_the_enum():
    """Every exit code is a member of dwgk.diag.ExitCode, never a bare number."""
    bare = re.compile(r"exit_code\s*=\s*\d|\bExit\(\s*\d|sys\.exit\(\s*\d|exit_with\(\s*\d|\bINTERRUPTED\s*=\s*\d")
    hits = [f"{p.relative_to(SOURCE.parent)}:{n}: {line.strip()}"
            for p in sorted(SOURCE.rglob("*.py")) if p.name != "diag.py"
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if bare.search(line.split("#", 1)[0])]
    assert not hits

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_catalogue_entries_are_well_formed():
    assert len(CATALOGUE) == len(ENTRIES), "a code is catalogued twice"
    problems = []
    for c in ENTRIES:
        say = lambda what: problems.append(f"{c.code}: {what}")  # noqa: E731
        if not re.fullmatch(r"[A-Z]\d{3}", c.code):
            say("not a letter and three digits")
        if c.area not in AREAS:
            say(f"area {c.area} has no name in AREAS")
        if not c.severities or any(s not in SEVERITIES for s in c.severities) \
                or len(set(c.severities)) != len(c.severities):
            say(f"severity {c.severity!r}")
        if c.field and not re.fullmatch(r"[a-z][a-z_]*", c.field):
            say(f"field {c.field!r} is not a record key")
        for name, text in (("summary", c.summary), ("fix", c.fix)):
            if not text or text != text.strip() or "\n" in text or not CJK.search(text):
                say(f"{name} must be one line of Chinese: {text!r}")
        if len(c.summary) > 60:
            say("summary longer than one line (60 characters)")
        if c.summary.endswith("。") or not c.fix.endswith("。"):
            say("a summary is a phrase (no 。); a fix is a sentence (ends with 。)")
    assert not problems


def test_lookup_and_field():
    assert lookup(" w012 ") is CATALOGUE["W012"] and lookup("W999") is None
    assert field_of("W020") == "result" and field_of("W012") == "" and field_of("nonsense") == ""


def test_check_explain_prints_an_entry_and_the_listing_has_every_code(tmp_path):
    r = invoke(["check", "--explain", "w012"], tmp_path)  # no register needed, any case
    assert r.exit_code == 0, r
    assert r.stdout.splitlines()[0] == "W012  " + CATALOGUE["W012"].summary
    assert "审核流程（W）" in r.stdout and "退出码 1" in r.stdout and CATALOGUE["W012"].fix in r.stdout
    assert "字段: result" in invoke(["check", "--explain", "W020"], tmp_path).stdout
    data = json.loads(invoke(["check", "--explain", "D010", "--format", "json"], tmp_path).stdout)
    assert data["severity"] == ["usage", "error"] and data["field"] == "period"
    listing = invoke(["check", "--codes"], tmp_path)
    assert listing.exit_code == 0
    assert {m for m in re.findall(r"^  ([A-Z]\d{3})  ", listing.stdout, re.M)} == set(CATALOGUE)
    assert [e["code"] for e in json.loads(invoke(["check", "--codes", "--format", "json"], tmp_path).stdout)] \
        == [c.code for c in ENTRIES]
    help_text = invoke(["check", "--help"], tmp_path).stdout
    assert "--explain" in help_text and "--codes" in help_text


# ================================================================ running dwgk


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    seen: dict[str, set[tuple[str, str]]]  # code → {(severity as the user met it, file)}

    def __repr__(self):
        return f"<exit {self.exit_code}\nstdout:\n{self.stdout[:3000]}\nstderr:\n{self.stderr[:3000]}>"


BY_EXIT = {int(ExitCode.FINDINGS): "refused", int(ExitCode.USAGE): "usage", int(ExitCode.CANNOT_RUN): "cannot-run"}
REFUSAL = re.compile(r"^dwgk: 错误\[([A-Z]\d{3})\]", re.M)
FINDING = re.compile(r"^(.*?)(?::\d+:\d+)?: (error|warning)\[([A-Z]\d{3})\]", re.M)
WARNED = re.compile(r"^警告\[([A-Z]\d{3})\]", re.M)


def observe(exit_code: int, stdout: str, stderr: str) -> dict[str, set[tuple[str, str]]]:
    """The codes a user sees, each with the severity it reached them as: a refusal (by its
    exit code), a finding (error or warning, with its file), or a command's warning."""
    seen: dict[str, set[tuple[str, str]]] = {}
    add = lambda code, kind, path="": seen.setdefault(code, set()).add((kind, path))  # noqa: E731
    for m in REFUSAL.finditer(stderr):
        add(m.group(1), BY_EXIT.get(exit_code, f"exit {exit_code}"))
    for text in (stdout, stderr):
        for m in FINDING.finditer(text):
            add(m.group(3), m.group(2), "" if m.group(1) == "<登记簿>" else m.group(1))
        for m in WARNED.finditer(text):
            add(m.group(1), "warning")
    try:
        data = json.loads(stdout)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for f in data.get("findings") or ():
            add(f["code"], f["severity"], f["path"])
    return seen


def observe_refusal(r: Refused) -> dict[str, set[tuple[str, str]]]:
    """What the cli would show of a refusal raised by a library call."""
    stderr = f"dwgk: 错误[{r.code}] {r.message}\n" + "".join(d.format() + "\n" for d in r.diagnostics)
    return observe(int(r.exit_code), "", stderr)


ENV = {"NO_COLOR": "1", "COLUMNS": "100", "DWGK_TODAY": TODAY, "DWGK_REGISTER": None, "DWGK_NO_CACHE": None}


def invoke(argv: list[str], cwd: Path, env: dict | None = None, input: str | None = None) -> Run:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(app, hoist_globals([str(a) for a in argv]), env={**ENV, **(env or {})},
                               input=input, catch_exceptions=True)
    finally:
        os.chdir(old)
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Run(r.exit_code, r.stdout, r.stderr, observe(r.exit_code, r.stdout, r.stderr))


# ================================================================ reproducers


@dataclass(frozen=True)
class Case:
    code: str
    world: str  # the register it runs in (WORLDS); "" for an empty directory
    argv: str = ""  # dwgk's arguments, shell words; {name} is filled from the world's names
    path: str = ""  # a finding must point at this file
    prep: Callable[[Path, dict], Any] | None = None  # changes a copy of the world first
    env: tuple = ()  # (name, value) pairs for the environment
    input: str | None = None
    call: Callable[[Path, dict], Any] | None = None  # a library call instead of a command

    @property
    def key(self) -> tuple:
        return (self.world, self.argv, self.env, self.input)


CASES: list[Case] = []
UNREACHABLE: dict[str, str] = {}


def case(code: str, world: str, argv: str = "", **kw) -> None:
    CASES.append(Case(code, world, argv, **kw))


def refusals(world: str, table: str) -> None:
    """One reproducer a line: ``CODE  arguments`` (the command runs in ``world``)."""
    for line in table.strip().splitlines():
        code, argv = line.split(None, 1)
        case(code, world, argv)


# ---------------------------------------------------------------- building registers


class Worlds:
    def __init__(self, base: Path):
        self.base = base
        self.roots: dict[str, Path] = {}
        self.names: dict[str, dict] = {}
        self.results: dict[Any, Run] = {}
        self.n = 0

    def fresh(self, name: str) -> Path:
        self.n += 1
        p = self.base / f"{self.n:03d}-{name or 'empty'}"
        p.mkdir(parents=True)
        return p

    def root(self, name: str) -> Path:
        if name not in self.roots:
            if name:
                root = self.fresh(name) / "reg"
                self.names[name] = WORLDS[name](Builder(root)) or {}
            else:
                root = self.fresh("")
                self.names[name] = {}
            self.roots[name] = root
        return self.roots[name]

    def run(self, c: Case) -> Run:
        """Each reproducer runs once (the severity test asks again): a command in an unchanged
        world is keyed by what it runs, one that changes a copy first by the case itself."""
        key = c.key if c.prep is None and c.call is None else c
        if key not in self.results:
            self.results[key] = self._run(c)
        return self.results[key]

    def _run(self, c: Case) -> Run:
        root = self.root(c.world)
        names = self.names[c.world]
        if c.prep is not None or c.call is not None:
            copy = self.fresh(c.world) / "reg"
            shutil.copytree(root, copy, symlinks=True)
            root = copy
            if c.prep is not None:
                c.prep(root, names)
        if c.call is not None:
            try:
                c.call(root, names)
            except Refused as r:
                return Run(int(r.exit_code), "", str(r), observe_refusal(r))
            return Run(0, "", "", {})  # not refused: the code was not produced
        argv = [w.format(**names) for w in shlex.split(c.argv)]
        return invoke(argv, root, dict(c.env), c.input)


class Builder:
    """Makes one world's register with dwgk's own commands (no git repository unless asked:
    that is faster, and only the G codes need one)."""

    def __init__(self, root: Path):
        self.root = root

    def init(self, profile: str = "national", git: bool = False, overrides: dict | None = None) -> "Builder":
        args = ["init", self.root, "--org", "测试局", "--code", "00817525-1", "--profile", profile]
        r = invoke(args if git else [*args, "--no-commit"], self.root.parent)
        assert r.exit_code == 0, r
        if git:
            git_identity(self.root)
        if overrides:
            cfg = yaml.safe_load((self.root / "dwgk.yaml").read_text(encoding="utf-8"))
            cfg["overrides"] = overrides
            self.write("dwgk.yaml", yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False))
        return self

    def ok(self, argv: str, **names) -> str:
        words = [w.format(**names) for w in shlex.split(argv)]
        commit = [] if (self.root / ".git").exists() else ["--no-commit"]
        r = invoke([*words, *commit], self.root)
        assert r.exit_code == 0, (argv, r)
        return r.stdout.strip()

    def item(self, extra: str = "", entry: str = "Z02", scope: str = "向社会公开", date: str = "2026-11-02") -> str:
        return self.ok(f"submit --entry {entry} --title 关于印发科技项目管理办法的通知 --scope {scope} "
                       f"--content 第一条 --by 张三 --date {date} {extra}")

    def steps(self, item: str, *steps: str, day: int = 3) -> str:
        """``review`` each ``step=result [more arguments]`` on consecutive days from the ``day``th."""
        for n, s in enumerate(steps):
            step, rest = s.split("=", 1)
            self.ok(f"review {item} --step {step} --result {rest} --by 审核人 --date 2026-11-{day + n:02d}")
        return item

    def write(self, rel: str, text: str | bytes) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return p


WORLDS: dict[str, Callable[[Builder], dict | None]] = {}


def world(fn):
    WORLDS[fn.__name__] = fn
    return fn


DROP = object()  # a field left out of a hand-written file on purpose
SUBMIT = {"action": "submit", "date": "2026-11-02", "by": "张三", "role": "承办人"}


def ev(action: str, date: str = "2026-11-03", by: str = "审核人", **kw) -> dict:
    """One history entry of a hand-written record."""
    return {"action": action, "date": date, "by": by, **kw}


def dump(data: Any) -> str:
    return yaml.safe_dump(_dropped(data), allow_unicode=True, sort_keys=False)


def _dropped(data: Any) -> Any:
    """``data`` without the keys whose value is DROP."""
    if isinstance(data, dict):
        return {k: _dropped(v) for k, v in data.items() if v is not DROP}
    if isinstance(data, list):
        return [_dropped(v) for v in data]
    return data


def item_file(item_id: str, **over) -> str:
    """An item file dwgk check accepts (a submitted 向社会公开 item), changed by ``over``."""
    data = {"id": item_id, "title": "关于印发科技项目管理办法的通知", "entry": "Z02", "scope": "向社会公开",
            "channels": ["政府网站"], "timing": "及时", "department": "政策法规科", "proposer": "张三",
            "kind": "政务", "content": "第一条\n",
            "history": [{"action": "submit", "date": "2026-11-02", "by": "张三", "role": "承办人"}]}
    data.update(over)
    return dump(data)


def request_file(request_id: str, **over) -> str:
    data = {"id": request_id, "received": "2026-11-02", "channel": "当面", "applicant": "张某",
            "applicant_type": "自然人", "content": "2025年度科技计划项目立项清单",
            "history": [{"action": "receive", "date": "2026-11-02", "by": "李四"}]}
    data.update(over)
    return dump(data)


def message_file(message_id: str, **over) -> str:
    data = {"id": message_id, "type": "咨询", "received": "2026-11-18", "citizen": "刘某", "content": "请问申领条件？",
            "history": [{"action": "receive", "date": "2026-11-18", "by": "李四"}]}
    data.update(over)
    return dump(data)


# ---------------------------------------------------------------- findings in hand-written files
# (code → file text): each file is written into the "files" register under its own name, and
# ``dwgk check`` must report the code for that file.

ITEMS: dict[str, str] = {}  # code → the text of items/2026/GK-2026-<code>.yaml
REQUESTS: dict[str, str] = {}
MESSAGES: dict[str, str] = {}
OTHER_FILES: dict[str, tuple[str, str | bytes]] = {}  # code → (path, text): a second file, or bytes

PREFIX = {"items": "GK", "requests": "YS", "messages": "LY"}


def record_id(folder: str, code: str) -> str:
    """The ID of the hand-written record that reproduces ``code``: GK-2026-i002 and so on."""
    return f"{PREFIX[folder]}-2026-{code.lower()}"


def record_path(folder: str, code: str) -> str:
    return f"{folder}/2026/{record_id(folder, code)}.yaml"


item_id, request_id, message_id = (functools.partial(record_id, f) for f in PREFIX)
item_path, request_path, message_path = (functools.partial(record_path, f) for f in PREFIX)


@world
def files(b: Builder):
    b.init()
    for folder, table in (("items", ITEMS), ("requests", REQUESTS), ("messages", MESSAGES)):
        for code, text in table.items():
            b.write(record_path(folder, code), text)
    for code, (path, text) in OTHER_FILES.items():
        b.write(path, text)
    edited = b.steps(b.item(), "保密审查=可以公开", "审核=同意", "审批=同意")
    (p,) = b.root.glob(f"items/*/{edited}.yaml")
    p.write_text(p.read_text(encoding="utf-8").replace("第一条", "第一条（审批后改动）"), encoding="utf-8")
    return {"edited": edited}


def findings(files_table: dict, path_of: Callable[[str], str]) -> None:
    for code in files_table:
        case(code, "files", "check --format json", path=path_of(code))


# ---------------------------------------------------------------- Y: YAML files

ITEMS.update({
    "Y001": "id: GK-2026-y001\ntitle: [未闭合\n",
    "Y002": "id: GK-2026-y002\ntitle: 一\ntitle: 二\n",
    "Y003": "id: GK-2026-y003\n<<<<<<< HEAD\ntitle: 一\n=======\ntitle: 二\n>>>>>>> other\n",
})
OTHER_FILES["Y004"] = (item_path("Y004"), item_file(item_id("Y004")).encode("gbk"))
OTHER_FILES["Y005"] = ("items/2026/GK-2026-y005.yml", item_file("GK-2026-y005"))
case("Y004", "files", "check --format json", path=item_path("Y004"))
case("Y005", "files", "check --format json", path="items/2026/GK-2026-y005.yml")


# ---------------------------------------------------------------- C: dwgk.yaml and the profile


def config(text: str) -> Callable[[Path, dict], None]:
    def prep(root: Path, names: dict) -> None:
        (root / "dwgk.yaml").write_text(text, encoding="utf-8")
    return prep


GOOD_CONFIG = "org: 测试局\ncode: 00817525-1\nprofile: national\nstart: 2026-01-01\n"
for code, text in {
    "C001": "org: [测试局\n",
    "C002": "org: 测试局\nprofile: s999_nothing\n",
    "C004": GOOD_CONFIG + "overrides:\n  scopes: 向社会公开\n",
    "C005": GOOD_CONFIG + "colour: 红\n",
    "C006": "org: 测试局\ncode: 12345\nprofile: national\n",
    "C007": "org: 测试局\nprofile: national\ndepartments: 办公室\n",
    "C008": "org: 测试局\nprofile: national\nstart: 2026-02-30\n",
}.items():
    case(code, "empty_national", "status", prep=config(text))
case("C001", "empty_national", "status", prep=config("code: 00817525-1\nprofile: national\n"))
UNREACHABLE["C003"] = ("the shipped profiles are package data that the tests load every run; only a damaged "
                       "installation could make one unreadable")


@world
def empty_national(b: Builder):
    b.init()


# ---------------------------------------------------------------- K: the catalogue

CATALOGUE_ENTRIES = [
    {"code": "Z01", "name": "机构职能", "scope": "向社会公开", "channels": ["政府网站"], "timing": "长期"},
    {"code": "K002"},  # no name
    {"code": "K003", "name": "时限不对", "scope": "向社会公开", "timing": "每天"},
    {"code": "K004", "name": "定期无周期", "scope": "向社会公开", "timing": "定期"},
    {"code": "K005", "name": "范围不对", "scope": "全世界", "timing": "及时"},
    {"code": "K006", "name": ["一", "二"], "scope": "向社会公开"},
    {"code": "K06W", "name": "周期不起作用", "scope": "向社会公开", "timing": "及时", "cadence": "每年"},
    {"code": "Z01", "name": "重复的编码", "scope": "向社会公开"},  # K010
    {"code": "K011", "name": "渠道不对", "scope": "向社会公开", "channels": ["飞鸽传书"]},
    {"code": "K012", "name": "方案中没有的范围", "scope": "对特定对象公开"},
    {"code": "K013", "name": "党内却面向社会", "scope": "党内公开", "channels": ["政府网站"]},
]


@world
def bad_catalogue(b: Builder):
    b.init(overrides={"scopes": ["向社会公开", "党内公开"]})
    b.write("catalogue.yaml", dump({"entries": CATALOGUE_ENTRIES}))


for code in ("K002", "K003", "K004", "K005", "K006", "K010", "K011", "K012", "K013"):
    case(code, "bad_catalogue", "check --format json", path="catalogue.yaml")
case("K001", "empty_national", "check --format json", path="catalogue.yaml",
     prep=lambda root, n: (root / "catalogue.yaml").write_text("version: 1\n", encoding="utf-8"))
case("K020", "bad_catalogue", "catalogue file --by 办公室")
case("T034", "bad_catalogue", "catalogue render --audience 党内")


# ---------------------------------------------------------------- the national register: items in every stage


@world
def nat(b: Builder):
    """A national register with items, requests and messages at every stage; the refusals run here."""
    b.init()
    n: dict[str, str] = {}
    approve = ("保密审查=可以公开", "审核=同意", "审批=同意")
    n["sub"] = b.item()
    n["sub2"] = b.item()
    n["sec"] = b.steps(b.item(), "保密审查=可以公开")
    n["appr"] = b.steps(b.item(), *approve)
    n["pub"] = b.steps(b.item(), *approve)
    b.ok("publish {pub} --channel 政府网站 --by 赵六 --date 2026-11-06", **n)
    n["arch"] = b.steps(b.item(), *approve)
    b.ok("publish {arch} --channel 政府网站 --by 赵六 --date 2026-11-06", **n)
    b.ok("archive {arch} --by 赵六 --date 2026-11-07", **n)
    n["rej"] = b.steps(b.item(), "保密审查=可以公开", "审核=不同意 --opinion 不符合公开目录要求")
    n["wh"] = b.steps(b.item(), "保密审查=不予公开 --exemption 工作秘密")
    b.ok("rereview {wh} --result 维持 --by 办公室 --date 2026-11-10", **n)
    n["att"] = b.steps(b.item("--attribute 依申请公开"), *approve)
    n["inner"] = b.steps(b.item("--first-inner"), *approve)
    n["spec"] = b.steps(b.item("--channel 书面告知", scope="对特定对象公开"), *approve)
    b.ok("feedback {pub} --opinion 建议补充附件 --handling 已补充 --by 赵六 --date 2026-11-09", **n)
    return {**n, **requests_in(b), **messages_in(b)}


refusals("nat", """
E011  status --today 2026-13-01
E012  review {sub} --step 保密审查 --result 可以公开 --by 王五 --date 2026-02-30
E020  show GK-2026
E021  show GK-2026-000000
E024  show ""
E025  show {pub} --revision 5
E027  list --entry Z99
E030  init . --org 某局
E034  init 子目录 --org 某局
G010  log {pub}
I021  submit --entry Z02 --title " " --scope 向社会公开 --content 第一条 --by 张三
I022  submit --entry Z02 --title 标题 --scope 向社会公开 --content " " --by 张三
I023  submit --entry Z99 --title 标题 --scope 向社会公开 --content 第一条 --by 张三
I024  submit --title 标题 --scope 向社会公开 --channel 政府网站 --content 第一条 --by 张三
I025  submit --entry Z02 --title 标题 --scope 全世界 --content 第一条 --by 张三
I026  submit --entry Z02 --title 标题 --scope 向社会公开 --channel 飞鸽传书 --content 第一条 --by 张三
I027  submit --entry Z02 --title 标题 --scope 党内公开 --content 第一条 --by 张三
I028  submit --entry Z02 --title 标题 --scope 向社会公开 --attribute 半公开 --content 第一条 --by 张三
I029  submit --entry Z02 --title 标题 --scope 向社会公开 --interprets GK-2026-000000 --content 第一条 --by 张三
I040  submit --entry Z02 --title 标题 --scope 向社会公开 --department 不存在的科 --content 第一条 --by 张三
I041  submit --entry Z02 --title 标题 --scope 党内公开 --channel 政府网站 --content 第一条 --by 张三
I043  submit --entry Z02 --title 标题 --scope 向社会公开 --doc-date 2026-12-01 --content 第一条 --by 张三
I020  submit --entry Z02 --title 标题 --scope 向社会公开 --timing 每天 --content 第一条 --by 张三
I020  review {sub} --step 保密审查 --result 可以公开 --by ""
E023  submit --entry Z02 --title 标题 --scope 向社会公开 --content-file 没有这个文件.txt --by 张三
D010  submit --entry Z02 --title 标题 --scope 向社会公开 --period 2026Q5 --content 第一条 --by 张三
D011  submit --entry Z02 --title 标题 --scope 向社会公开 --period 2026Q3 --content 第一条 --by 张三
W001  review {sub} --step 保密审查 --result 可以公开 --by 王五 --date 2026-12-01
W002  review {sec} --step 审核 --result 同意 --by 王五 --date 2026-11-02
W003  review {arch} --step 审核 --result 同意 --by 王五
W004  review {sub} --step 会审 --result 同意 --by 王五
W006  review {pub} --step 审核 --result 同意 --by 王五
W007  review {rej} --step 审批 --result 同意 --by 王五
W008  review {sec} --step 保密审查 --result 可以公开 --by 王五
W009  review {sub} --step 审批 --result 同意 --by 王五
W020  review {sub} --step 保密审查 --result 大概可以 --by 王五
W021  review {sub} --step 保密审查 --result 不予公开 --by 王五
W022  review {sub} --step 保密审查 --result 部分公开 --exemption 工作秘密 --by 王五
W028  review {sec} --step 审核 --result 不同意 --by 王五
W045  review {sub} --step 风险评估 --result 可公开 --finding 合法性 --by 王五
W010  publish {appr} --channel 飞鸽传书 --by 赵六
W011  publish {appr} --channel 政府网站 --scope 全世界 --by 赵六
W012  publish {sub} --channel 政府网站 --by 赵六
W013  publish {sec} --channel 政府网站 --by 赵六
W016  publish {spec} --channel 书面告知 --scope 党内公开 --by 赵六
W017  publish {inner} --channel 政府网站 --by 赵六
W046  publish {att} --channel 政府网站 --by 赵六
W070  publish {appr} --channel 政府网站 --scope 党内公开 --by 赵六
W029  mitigate {sub} --measures 措施 --by 王五
W030  prepublish {appr} --channel 政府网站 --by 赵六
W036  feedback {sub} --opinion 意见 --by 赵六
W037  feedback {pub} --opinion " " --by 赵六
W038  archive {arch} --by 赵六
W039  archive {sub} --by 赵六
W073  archive {wh} --by 赵六
W040  withhold {pub} --reasons 理由 --basis 依据 --by 赵六
W041  withhold {sub} --reasons " " --basis 依据 --by 赵六
W042  correct {sec} --content 新内容 --reason 错字 --by 张三
W043  correct {appr} --content 新内容 --reason " " --by 张三
W044  correct {appr} --content 第一条 --reason 错字 --by 张三
D001  explain GK-2026-000000
D002  explain GK-2026
D020  transfer {pub} --medium 电子 --by 办公室
D021  transfer {pub} --medium 光盘 --by 办公室
D026  rereview {appr} --result 维持 --by 办公室
D027  rereview {wh} --result 维持 --by 办公室
D028  rereview {att} --result 调整为主动公开 --by 办公室
D031  transfer --month 2026-13 --medium 电子 --by 办公室
D032  transfer --medium 电子 --by 办公室
D033  rereview --result 维持 --by 办公室
T013  report period --from 2026-11-10 --to 2026-11-01
T024  report annual --year 2030
T024  report annual --year 2026
T026  report annual --kind 党务 --year 2025
T030  form {rq} --kind 审批表
E037  check --explain X999
""")
case("I044", "nat", "submit --entry Z02 --title '标题\x01' --scope 向社会公开 --content 第一条 --by 张三")


def hand_edit(name: str, old: str, new: str) -> Callable[[Path, dict], None]:
    """Change a text in the file of the record ``name`` (as a clerk's editor would)."""
    def prep(root: Path, names: dict) -> None:
        (p,) = root.glob(f"*/*/{names[name]}.yaml")
        text = p.read_text(encoding="utf-8")
        assert old in text
        p.write_text(text.replace(old, new), encoding="utf-8")
    return prep


case("W015", "nat", "publish {appr} --channel 政府网站 --by 赵六", prep=hand_edit("appr", "第一条", "第一条（改）"))


def attached(name: str, entry: str, file: bytes | None = None) -> Callable[[Path, dict], None]:
    """An ``attachments:`` entry written into the file of record ``name`` (and the attachment's
    file, when given)."""
    def prep(root: Path, names: dict) -> None:
        (p,) = root.glob(f"*/*/{names[name]}.yaml")
        p.write_text(p.read_text(encoding="utf-8") + f"attachments:\n- {entry}\n", encoding="utf-8")
        if file is not None:
            (root / "attachments" / names[name]).mkdir(parents=True)
            (root / "attachments" / names[name] / "a.txt").write_bytes(file)
    return prep


ZEROS = "'" + "0" * 64 + "'"  # quoted: 64 digits would read as a number
case("I045", "nat", "check --format json", path="items/2026/{sub}.yaml", prep=attached("sub", "{file: a/b}"))
case("I046", "nat", "check --format json", path="items/2026/{sub}.yaml",
     prep=attached("sub", f"{{file: a.txt, name: a, size: 1, sha256: {ZEROS}}}"))
case("I047", "nat", "check --format json", path="items/2026/{sub}.yaml",
     prep=attached("sub", f"{{file: a.txt, name: a, size: 1, sha256: {ZEROS}}}", b"x"))
case("I048", "nat", "attach {appr} 附件.txt --by 张三", prep=lambda root, n: (root / "附件.txt").write_text("x"))
case("I049", "nat", "detach {sub} 不存在.docx --by 张三")
case("I050", "nat", "attach {sub} 不存在的文件.txt --by 张三")
case("E022", "nat", "review {sub} --step 保密审查 --result 可以公开 --by 王五",
     prep=hand_edit("sub", "timing: 及时", "timing: 每天"))
case("E035", "", "init afile --org 某局", prep=lambda root, n: (root / "afile").write_text("x", encoding="utf-8"))
refusals("", """
E010  status
E031  init 新登记簿 --org " "
E032  init 新登记簿 --org 某局 --code 12345
E033  init 新登记簿 --org 某局 --profile s999_nothing
E036  init /proc/dwgk-codes-test/x --org 某局
""")
case("E010", "", "-R 没有这个目录 status")
UNREACHABLE["E001"] = "the default code of Refused: every refusal in dwgk names its own code"
UNREACHABLE["E003"] = "the default code of CannotRun: every such error in dwgk names its own code"


# ---------------------------------------------------------------- git


@world
def git(b: Builder):
    b.init(git=True)
    return {"sub": b.item()}


def hold_lock(root: Path, names: dict) -> None:
    fh = open(root / ".git" / "dwgk.lock", "a+")
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    HELD.append(fh)  # released when the test session ends


HELD: list = []
NOTICES = Path(__file__).resolve().parent / "data" / "notices"
REVIEW_SUB = "review {sub} --step 保密审查 --result 可以公开 --by 王五"
case("G001", "git", REVIEW_SUB, env=(("PATH", "/nonexistent"),))
case("G002", "git", REVIEW_SUB, prep=lambda root, n: (root / ".git" / "index.lock").write_text(""))
case("G003", "git", REVIEW_SUB, prep=hold_lock)
case("G004", "git", f"calendar import {NOTICES / '2026.txt'} --by '王五\x01'")
case("G005", "git", REVIEW_SUB,
     prep=lambda root, n: (root / ".git" / "MERGE_HEAD").write_text(
         subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout))
case("G006", "git", REVIEW_SUB, prep=hand_edit("sub", "第一条", "第一条（改）"))


# ---------------------------------------------------------------- G1xx: a shared register (real git)


def git_ok(cwd: Path, *args: Any) -> str:
    """A git command that sets a situation up (it must succeed)."""
    r = subprocess.run(["git", *map(str, args)], cwd=cwd, capture_output=True, text=True)
    assert r.returncode == 0, (args, r.stderr)
    return r.stdout.strip()


@world
def shared(b: Builder):
    """A shared register as tests/test_sync.py sets one up: a bare repository beside the world's
    register (clerk A's clone) and clerk B's clone ``b``, both synced. ``appr`` is approved and
    not yet published; on ``dec`` B has recorded a 保密审查 result, not yet synced, that
    contradicts the one A has already sent."""
    bare = b.root.parent / "shared.git"
    git_ok(b.root.parent, "init", "-q", "--bare", bare)
    b.init(git=True)
    b.ok("remote add {bare}", bare=bare)
    n = {"bare": str(bare), "appr": b.steps(b.item(), "保密审查=可以公开", "审核=同意", "审批=同意"), "dec": b.item()}
    b.ok("sync")
    other = Builder(b.root.parent / "b")
    git_ok(b.root.parent, "clone", "-q", bare, other.root)
    git_identity(other.root)
    other.ok("sync")
    other.steps(n["dec"], "保密审查=不予公开 --exemption 工作秘密")
    b.steps(n["dec"], "保密审查=可以公开")
    b.ok("sync")
    return {**n, "b": str(other.root)}


def git_does(*args: str) -> Callable[[Path, dict], None]:
    def prep(root: Path, names: dict) -> None:
        git_ok(root, *args)
    return prep


def hand_edit_config(root: Path, names: dict) -> None:
    """dwgk.yaml changed by hand and not committed."""
    with open(root / "dwgk.yaml", "a", encoding="utf-8") as fh:
        fh.write("# 手改\n")


def commit_file(rel: str, text: str) -> Callable[[Path, dict], None]:
    """A hand edit, committed (so that sync does not refuse it as pending, G107)."""
    def prep(root: Path, names: dict) -> None:
        (root / rel).write_text(text, encoding="utf-8")
        git_ok(root, "add", rel)
        git_ok(root, "commit", "-q", "-m", f"手工修改 {rel}")
    return prep


def private_remote(root: Path, names: dict, hook: str, script: str) -> Path:
    """A copy of the shared repository for this reproducer alone, with a git ``hook`` running
    ``script`` (so that the shared one stays as the other reproducers expect it), and one
    commit of this clone's to send."""
    remote = root.parent / "private.git"
    git_ok(root.parent, "clone", "-q", "--bare", names["bare"], remote)
    git_ok(root, "remote", "set-url", "origin", remote)
    where = (remote if hook == "pre-receive" else root / ".git") / "hooks" / hook
    where.write_text("#!/bin/sh\ncat >/dev/null\n" + script, encoding="utf-8")
    where.chmod(0o755)
    git_ok(root, "commit", "-q", "--allow-empty", "-m", "本副本的改动")
    return remote


def server_declines(root: Path, names: dict) -> None:
    """The shared repository refuses every push (a protected branch, a server hook)."""
    private_remote(root, names, "pre-receive", "echo 受保护的分支，不允许推送 >&2\nexit 1\n")


def always_racing(root: Path, names: dict) -> None:
    """Another clone's push lands between each of this clone's fetch and push: a pre-push hook
    advances the remote after git has read where its branch was."""
    private_remote(root, names, "pre-push", (
        'unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE\nr="$(git remote get-url origin)"\n'
        'c=$(git --git-dir="$r" -c user.name=他人 -c user.email=other@example.org commit-tree '
        '"$(git --git-dir="$r" rev-parse "HEAD^{tree}")" -p HEAD -m 另一个副本的改动) || exit 1\n'
        'git --git-dir="$r" update-ref HEAD "$c"\n'))


def merge_pending(root: Path, names: dict) -> None:
    (root / ".git" / "MERGE_HEAD").write_text(git_ok(root, "rev-parse", "HEAD") + "\n")


def repository_without_commits(root: Path, names: dict) -> None:
    """A register a clerk put under git by hand (git init, remote add) without committing."""
    git_ok(root, "init", "-q")
    git_ok(root, "remote", "add", "origin", "/srv/共享/登记簿.git")


def write_file(rel: str, text: str) -> Callable[[Path, dict], None]:
    def prep(root: Path, names: dict) -> None:
        (root / rel).write_text(text, encoding="utf-8")
    return prep


def serial_blocks(*blocks: tuple) -> str:
    """serials.yaml with these (year, first, last, clone) blocks."""
    return dump({"blocks": [{"year": y, "first": f, "last": last, "clone": c} for y, f, last, c in blocks]})


EXHAUSTED = serial_blocks((2026, 1, 99999, "别的副本"))
BROKEN_SERIALS = serial_blocks((2026, 0, 100, "本副本"))
PUBLISH_APPR = "publish {appr} --channel 政府网站 --by 赵六"

case("G100", "nat", "remote add /srv/共享/登记簿.git")  # no git repository at all
case("G100", "nat", "sync")
case("G100", "empty_national", "sync", prep=repository_without_commits)
case("G101", "git", "remote add ' '")
case("G102", "shared", "remote add /srv/另一个/登记簿.git")
case("G103", "shared", "sync", prep=git_does("checkout", "-q", "--detach"))
case("G104", "shared", "sync", prep=git_does("remote", "set-url", "origin", "/srv/不存在/登记簿.git"))
case("G105", "git", "sync")
case("G106", "shared", "sync", prep=merge_pending)
case("G107", "shared", "sync", prep=hand_edit_config)
case("G108", "shared", "sync", prep=git_does("remote", "set-url", "--push", "origin", "/srv/不存在/登记簿.git"))
case("G108", "shared", "sync", prep=server_declines)  # not G109: retrying cannot help
case("G109", "shared", "sync", prep=always_racing)
case("G110", "shared", "-R {b} sync")
case("G121", "shared", "sync", prep=commit_file("serials.yaml", BROKEN_SERIALS))  # claiming a block
case("G121", "nat", PUBLISH_APPR, prep=write_file("serials.yaml", BROKEN_SERIALS))  # taking one
case("G122", "shared", PUBLISH_APPR, prep=git_does("config", "dwgk.clone", "feedbeef"))  # a clone with no block
case("G123", "shared", "sync", prep=commit_file("serials.yaml", EXHAUSTED))
case("G123", "nat", PUBLISH_APPR, prep=write_file("serials.yaml", EXHAUSTED))
# G120, G124 and G125 are findings of `dwgk check` in the "files" register (below)


# ---------------------------------------------------------------- U: units and the SQLite export

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@world
def office(b: Builder):
    """A county office that oversees one unit (the example national register)."""
    b.init()
    r = invoke(["units", "add", "甲", EXAMPLES / "national"], b.root)
    assert r.exit_code == 0, r


def units_file(text: str | bytes) -> Callable[[Path, dict], None]:
    def prep(root: Path, names: dict) -> None:
        (root / "units.yaml").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return prep


case("U001", "office", "units status", prep=units_file("- 甲\n"))  # the refusal, and the finding on the file
case("U001", "office", "units status", prep=units_file("units:\n- {name: 甲}\n".encode("gbk")))
case("U002", "office", "units status", path="units.yaml", prep=units_file("units:\n- {name: 甲}\n"))
refusals("office", f"""
U003  units add ../坏 {EXAMPLES / "kejiju"}
U003  units add .隐藏 {EXAMPLES / "kejiju"}
U004  units add 甲 {EXAMPLES / "kejiju"}
U005  units add 乙 ' '
U005  units add 乙 没有这个目录
U005  units add 乙 {"x" * 300}
""")
UNREACHABLE["U010"] = ("units report sums only units whose own tables satisfy the identities, and every identity "
                       "(gov_report.check_identities without last year's or the published figures) is a linear "
                       "equation over integer cells: a sum of tables that satisfy it satisfies it too")
refusals("nat", f"""
U006  units status
U020  export sqlite 没有这个目录/登记簿.db
U020  export sqlite items
U020  export sqlite {"x" * 250}.db
U020  export sqlite {"x" * 300}.db
""")


# ---------------------------------------------------------------- other profiles


@world
def s000(b: Builder):
    """Risk assessment (风险评估) and the web review (三审)."""
    b.init("s000_kejiju")
    n = {"sec": b.steps(b.item(entry="A01", scope="党内公开"), "保密审查=可以公开"),
         "high": b.steps(b.item(entry="A01", scope="党内公开"), "保密审查=可以公开",
                         "风险评估=暂缓公开 --level 高 " + " ".join(RISK_OK)),
         "noweb": b.steps(b.item("--channel 文件", entry="D01"), "保密审查=可以公开",
                          "风险评估=可公开 --level 低 " + " ".join(RISK_OK), "审核=同意", "审批=同意")}
    return n


RISK_OK = ("--finding 合法性=符合规定", "--finding 合理性=兼顾各方", "--finding 可行性=条件具备",
           "--finding 可控性=风险可控")
RISK = "review {sec} --step 风险评估 --by 王五 "
refusals("s000", f"""
W005  review {{noweb}} --step 初审 --result 同意 --by 王五
W014  publish {{noweb}} --channel 门户网站 --by 办公室
W023  {RISK} --result 可公开 --level 低 --finding 合法性=符合规定
W024  {RISK} --result 可公开 --level 低 {" ".join(RISK_OK)} --finding 必要性=有
W025  {RISK} --result 可公开 {" ".join(RISK_OK)}
W026  {RISK} --result 不公开 --level 低 {" ".join(RISK_OK)}
W027  {RISK} --result 可公开 --level 中 {" ".join(RISK_OK)}
W071  review {{high}} --step 风险评估 --result 可公开 --level 低 --by 王五 {" ".join(RISK_OK)}
M207  message new --type 咨询 --citizen 刘某 --content 问题 --by 李四 --received 2026-11-18
Q203  request new --received 2026-11-02 --channel 当面 --applicant 张某 --applicant-type 自然人 --content 清单 --by 李四
T026  report annual --kind 政务 --year 2025
""")
case("M209", "s000", "message new --type 投诉 --citizen 刘某 --content 问题 --by 李四 --received 2026-11-18",
     prep=config("org: 测试局\nprofile: s000_kejiju\noverrides:\n  messages: {咨询: 3, source: 本机关规定}\n"))


@world
def s004(b: Builder):
    """党组集体审核 (collective review)."""
    b.init("s004_shidian")
    return {"sec": b.steps(b.item(entry=first_entry("s004_shidian"), scope="党内公开"), "保密审查=可以公开")}


def first_entry(profile: str) -> str:
    from dwgk.profile import load_profile
    return next(e["code"] for e in load_profile(profile).catalogue if e.get("scope") == "党内公开")


case("W072", "s004", "review {sec} --step 审核 --result 同意 --by 局党组")


@world
def s002(b: Builder):
    """Prepublication (预公开), 公文属性, 移送, the meeting notice (方案 s002)."""
    b.init("s002_shikejiju")
    entry = "--attribute 主动公开"
    ok = ("审核=同意", "保密审查=可以公开")
    n = {"maj0": b.item(f"{entry} --major", entry=S002_ENTRY),
         "maj": b.steps(b.item(f"{entry} --major", entry=S002_ENTRY), *ok),
         "pre": b.steps(b.item(f"{entry} --major", entry=S002_ENTRY), *ok),
         "early": b.steps(b.item(f"{entry} --major", entry=S002_ENTRY), *ok),
         "pub": b.steps(b.item(entry, entry=S002_ENTRY), *ok),
         "sent": b.steps(b.item(entry, entry=S002_ENTRY), *ok),
         "late": b.item(entry, entry=S002_ENTRY)}
    b.ok("prepublish {pre} --channel 市政府门户网站 --by 办公室 --date 2026-11-06", **n)
    b.ok("prepublish {early} --channel 市政府门户网站 --by 办公室 --date 2026-11-06", **n)
    for name in ("pub", "sent"):
        b.ok(f"publish {{{name}}} --channel 市政府门户网站 --by 办公室 --date 2026-11-06", **n)
    b.ok("transfer {sent} --medium 电子 --by 办公室 --date 2026-11-10", **n)
    b.ok("meeting {late} --on 2026-11-13 --name 局务会议 --by 办公室 --date 2026-11-12", **n)
    # closed before its term (the command refuses that: W032), written by hand
    (p,) = b.root.glob(f"items/*/{n['early']}.yaml")
    p.write_text(p.read_text(encoding="utf-8") + dump([ev("prepublish", "2026-11-09", "办公室", result="结束",
                                                          opinions=0, adjustments="无调整")]), encoding="utf-8")
    b.write("items/2026/GK-2026-i038.yaml", item_file("GK-2026-i038", entry="02", department="规划科",
                                                      channels=["市政府门户网站"]))
    return n


S002_ENTRY = "02"
case("I038", "s002", "check --format json", path="items/2026/GK-2026-i038.yaml")
case("W019", "s002", "publish {early} --channel 市政府门户网站 --by 办公室 --date 2026-11-10")  # closed early by hand
refusals("s002", """
I042  submit --entry 02 --title 标题 --scope 向社会公开 --content 第一条 --by 张三
W031  prepublish {maj} --close --by 办公室
W032  prepublish {pre} --close --by 办公室 --date 2026-11-10
W033  prepublish {maj0} --channel 市政府门户网站 --by 办公室
W034  prepublish {pre} --channel 市政府门户网站 --by 办公室
W035  prepublish {maj} --channel 市政府门户网站 --until 2026-11-21 --by 办公室
W074  prepublish {maj} --by 办公室
D022  transfer {maj} --medium 电子 --by 办公室
D023  transfer {pub} --medium 电子 --by 办公室 --date 2026-11-05
D024  transfer {sent} --medium 电子 --by 办公室
D029  meeting {maj} --on 2026-11-10 --name 局务会议 --by 办公室 --date 2026-11-12
""")
case("D101", "s002", "check --format json", path="items/2026/{early}.yaml")
case("D103", "s002", "check --format json", path="items/2026/{late}.yaml")


# ---------------------------------------------------------------- Q: 依申请公开 requests in the national register


def requests_in(b: Builder) -> dict[str, str]:
    def req(received: str = "2026-11-02", *steps: str) -> str:
        rid = b.ok(f"request new --channel 当面 --applicant 张某 --applicant-type 自然人 --content 清单 "
                   f"--by 李四 --received {received}")
        for s in steps:
            b.ok("request " + s.replace("@", rid) + " --by 李四")
        return rid

    consult = "consult @ --party 某公司 --date 2026-11-04"
    refused = (consult, "consulted @ --opinion 不同意 --reason 涉及商业秘密 --date 2026-11-06")
    reply = "reply @ --result 予以公开 --provide 电子邮件 --date 2026-11-10"
    deliver = "deliver @ --method 电子邮件 --date 2026-11-11"
    return {
        "rq": req("2026-11-02", "assign @ --department 业务科 --date 2026-11-05"),
        "rqa": req("2026-11-02", "amend @ --reason 写明文件名称 --date 2026-11-03"),
        "rqad": req("2026-11-02", "amend @ --reason 写明文件名称 --date 2026-11-03", "amended @ --date 2026-11-05"),
        "rqc": req("2026-11-02", consult),
        "rqc2": req("2026-11-02", "consult @ --party 甲公司 --date 2026-11-04", "consult @ --party 乙公司 --date 2026-11-04"),
        "rqcr": req("2026-11-02", *refused),
        "rqo": req("2026-11-02", *refused, "override @ --reason 公共利益 --notified 2026-11-15 --date 2026-11-12"),
        "rqe": req("2026-11-02", "extend @ --days 20 --approved-by 王主任 --reason 需逐项区分处理 --date 2026-11-05"),
        "rqf": req("2026-11-02", "fee @ --pages 200 --date 2026-11-05"),
        "rqfp": req("2026-11-02", "fee @ --pages 200 --date 2026-11-05", "paid @ --date 2026-11-06"),
        "rqr": req("2026-11-02", reply),
        "rqd": req("2026-11-02", reply, deliver),
        "rqar": req("2026-11-02", reply, deliver, "archive @ --date 2026-11-12"),
        "rql": req("2026-09-01", "amend @ --reason 写明文件名称 --period 5 --date 2026-09-02", "lapse @ --date 2026-09-20"),
        "rqold": req("2026-09-01"),
        "rq2020": req("2020-06-01"),
        "rq2018": req("2018-06-01"),
    }


NEW_REQUEST = "request new --received 2026-11-02 --channel 当面 --applicant 张某 --applicant-type 自然人 --content 清单 --by 李四"
refusals("nat", f"""
Q201  request show YS-2026
Q202  request show YS-2026-000000
Q204  {NEW_REQUEST.replace("2026-11-02", "2008-01-01")}
Q205  request assign {{rq}} --department 业务科 --by ""
Q206  request assign {{rq}} --department 业务科 --by 李四 --date 2026-12-01
Q207  request assign {{rq}} --department 业务科 --by 李四 --date 2026-11-01
Q208  request assign {{rq}} --department 业务科 --by 李四 --date 2026-11-04
Q209  request assign {{rqar}} --department 业务科 --by 李四
Q210  request assign {{rql}} --department 业务科 --by 李四
Q211  request assign {{rqr}} --department 业务科 --by 李四
Q212  request extend {{rqa}} --days 5 --approved-by 王主任 --reason 理由 --by 李四
Q213  request extend {{rqf}} --days 5 --approved-by 王主任 --reason 理由 --by 李四
Q214  {NEW_REQUEST.replace("当面", "飞鸽")}
Q215  {NEW_REQUEST.replace("自然人", "外星人")}
Q216  {NEW_REQUEST.replace("张某", '" "')}
Q217  {NEW_REQUEST.replace("清单", '" "')}
Q218  request new --channel 网络 --applicant 张某 --applicant-type 自然人 --content 清单 --by 李四
Q219  {NEW_REQUEST.replace("当面", "网络")} --confirmed 2026-11-03
Q220  {NEW_REQUEST.replace("当面", "网络").replace("2026-11-02", "2026-11-03")} --confirmed 2026-11-03 --arrived 2026-11-05
Q221  request assign {{rq}} --by 李四
Q222  request amend {{rqad}} --reason 写明文件名称 --by 李四
Q223  request amend {{rqe}} --reason 写明文件名称 --by 李四
Q224  request amend {{rq}} --reason " " --by 李四
Q225  request amend {{rq}} --reason 写明文件名称 --period 90 --by 李四
Q226  request amended {{rq}} --by 李四
Q227  request amended {{rqad}} --by 李四
Q228  request consult {{rq}} --party " " --by 李四
Q229  request consult {{rq}} --party 某公司 --party-kind 外星 --by 李四
Q230  request consult {{rqc}} --party 某公司 --by 李四
Q231  request consult {{rqold}} --party 某公司 --by 李四
Q275  request consult {{rq}} --party 某公司 --delivered 2026-12-01 --by 李四
Q232  request consulted {{rqc}} --opinion 也许 --by 李四
Q233  request consulted {{rq}} --opinion 同意 --by 李四
Q234  request consulted {{rqc2}} --opinion 同意 --by 李四
Q235  request consulted {{rqc}} --opinion 未答复 --by 李四
Q236  request override {{rq}} --reason 公共利益 --by 李四
Q270  request override {{rqo}} --reason 公共利益 --by 李四
Q271  request override {{rqcr}} --party 不相干公司 --reason 公共利益 --by 李四
Q272  request override {{rqcr}} --reason " " --by 李四
Q273  request override {{rqcr}} --reason 公共利益 --notified 2026-11-01 --by 李四
Q237  request extend {{rq}} --days 0 --approved-by 王主任 --reason 理由 --by 李四
Q238  request extend {{rqe}} --days 5 --approved-by 王主任 --reason 理由 --by 李四
Q239  request extend {{rq}} --days 30 --approved-by 王主任 --reason 理由 --by 李四
Q240  request extend {{rq}} --days 5 --approved-by " " --reason 理由 --by 李四
Q241  request extend {{rq}} --days 5 --approved-by 王主任 --reason " " --by 李四
Q242  request extend {{rq}} --days 5 --approved-by 王主任 --reason 理由 --told 2026-12-01 --by 李四
Q243  request extend {{rqold}} --days 5 --approved-by 王主任 --reason 理由 --by 李四
Q244  request fee {{rq2020}} --pages 200 --by 李四
Q245  request fee {{rqfp}} --pages 200 --by 李四
Q246  request fee {{rq}} --amount 5 --by 李四
Q246  request fee {{rq2018}} --pages 10 --by 李四
Q247  request fee {{rq}} --pages 0 --by 李四
Q248  request fee {{rq}} --pages 10 --by 李四
Q249  request paid {{rq}} --by 李四
Q250  request paid {{rqf}} --amount 1 --by 李四
Q251  request waive {{rqf}} --approved-by " " --reason 确有困难 --by 李四
Q252  request lapse {{rq}} --by 李四
Q253  request lapse {{rqa}} --by 李四
Q254  request reply {{rq}} --result 乱写 --by 李四
Q255  request reply {{rq}} --result 其他处理-逾期不补正 --by 李四
Q256  request reply {{rqc}} --result 予以公开 --provide 电子邮件 --by 李四
Q257  request reply {{rq}} --result 无法提供-补正后仍不明确 --reason 仍不明确 --by 李四
Q258  request reply {{rqcr}} --result 予以公开 --provide 电子邮件 --by 李四
Q259  request reply {{rq2018}} --result 予以公开 --provide 电子邮件 --by 李四
Q260  request reply {{rq}} --result 不予公开-国家秘密 --by 李四
Q274  request reply {{rqo}} --result 予以公开 --provide 电子邮件 --by 李四 --date 2026-11-13
Q262  request deliver {{rq}} --method 电子邮件 --by 李四
Q263  request deliver {{rqd}} --method 电子邮件 --by 李四
Q264  request deliver {{rqr}} --method 飞鸽 --by 李四
Q265  request archive {{rqr}} --by 李四
Q266  request appeal {{rq}} --kind 行政复议 --result 维持 --by 李四
Q267  request appeal {{rqr}} --kind 行政申诉 --result 维持 --by 李四
Q268  request appeal {{rqr}} --kind 行政复议 --after-review --result 维持 --by 李四
Q269  request appeal {{rqr}} --kind 行政复议 --result 乱写 --by 李四
""")
UNREACHABLE["W018"] = ("publish refuses first with W013: while a major item's prepublication is not closed, "
                       "预公开 is among the steps it waits for (workflow.state)")
UNREACHABLE["Q261"] = ("reply refuses every result but 予以公开 without --reason first (Q260), and a reason "
                       "already satisfies Q261's “--withheld or --reason”")


# ---------------------------------------------------------------- M: 政民互动 messages in the national register


def messages_in(b: Builder) -> dict[str, str]:
    new = "message new --type 咨询 --citizen 刘某 --content 请问申领条件？ --by 李四 --received 2026-11-18"
    n = {"msg": b.ok(new + " --department 业务科"), "msg2": b.ok(new), "msgr": b.ok(new)}
    b.ok("message reply {msgr} --text 见通知 --signed-by 陈副局长 --by 赵强 --date 2026-11-19", **n)
    return n


NEW_MESSAGE = "message new --type 咨询 --citizen 刘某 --content 问题 --by 李四 --received 2026-11-18"
refusals("nat", f"""
M201  message show LY-2026
M202  message show LY-2026-000000
M203  message assign {{msg}} --department 业务科 --by ""
M204  message assign {{msg}} --department 业务科 --by 李四 --date 2026-12-01
M204  {NEW_MESSAGE.replace("2026-11-18", "2026-12-01")}
M205  message assign {{msg}} --department 业务科 --by 李四 --date 2026-11-10
M206  message reopen {{msgr}} --reason 不满意 --by 李四 --date 2026-11-18
M208  {NEW_MESSAGE.replace("咨询", "表扬")}
M210  {NEW_MESSAGE.replace("刘某", '" "')}
M211  {NEW_MESSAGE.replace("问题", '" "')}
M212  message assign {{msg}} --by 李四
M213  message assign {{msgr}} --department 业务科 --by 李四
M214  message reply {{msgr}} --text 答复 --signed-by 陈副局长 --by 赵强
M215  message reply {{msg}} --text " " --signed-by 陈副局长 --by 赵强
M216  message reply {{msg}} --text 答复 --signed-by " " --by 赵强
M217  message reopen {{msg}} --reason 不满意 --by 李四
M218  message reopen {{msgr}} --reason " " --by 李四
M219  message summary --from 2026-11-10 --to 2026-11-01
""")


# ---------------------------------------------------------------- findings in hand-written record files

REVIEW = ev("review", step="保密审查", result="可以公开", content_hash="0000000000000000")
PUBLISH = ev("publish", "2026-11-04", "赵六", channel="政府网站", scope="向社会公开")
ITEMS.update({
    "I001": "- 一\n- 二\n",
    "I002": item_file(item_id("I002"), colour="红"),
    "I003": item_file(item_id("I003"), history=[{"action": "submit", "by": "张三"}]),
    "I004": item_file(item_id("I004"), doc_date="2026-02-30"),
    "I005": item_file("坏 编号"),
    "I006": item_file("GK-2026-other"),
    "I007": item_file(item_id("I007"), title=DROP),
    "I008": item_file(item_id("I008"), scope="全世界"),
    "I009": item_file(item_id("I009"), timing="每天"),
    "I010": item_file(item_id("I010"), history=[SUBMIT, "归档"]),
    "I011": item_file(item_id("I011"), history=[SUBMIT, ev("fly")]),
    "I012": item_file(item_id("I012"), history=[SUBMIT, ev("feedback", opinion="意见", by=DROP)]),
    "I013": item_file(item_id("I013"), attribute="半公开"),
    "I014": item_file(item_id("I014"), history=DROP),
    "I015": item_file(item_id("I015"), proposer="张三\n李四"),
    "I016": item_file(item_id("I016"), title=["一", "二"]),
    "I030": item_file(item_id("I030")),
    "I031": item_file(item_id("I031"), history=[SUBMIT, REVIEW, dict(PUBLISH, index_no="00817525-1/2026-00009")]),
    "I032": item_file(item_id("I032"), entry="Z99"),
    "I033": item_file(item_id("I033"), entry=DROP),
    "I034": item_file(item_id("I034"), scope="全世界"),
    "I035": item_file(item_id("I035"), channels=["飞鸽传书"]),
    "I036": item_file(item_id("I036"), interprets="GK-2026-000000"),
    "I037": item_file(item_id("I037"), scope="党内公开"),
    "I039": item_file(item_id("I039"), department="不存在的科"),
    "D010": item_file(item_id("D010"), period="2026Q5"),
    "D011": item_file(item_id("D011"), period="2026Q3"),
    "W050": item_file(item_id("W050"), history=[ev("feedback", "2026-11-02", opinion="意见")]),
    "W051": item_file(item_id("W051"), history=[dict(SUBMIT, date="2026-12-01")]),
    "W052": item_file(item_id("W052"), history=[SUBMIT, ev("feedback", "2026-11-01", opinion="意见")]),
    "W053": item_file(item_id("W053"), history=[SUBMIT, dict(SUBMIT, date="2026-11-03")]),
    "W054": item_file(item_id("W054"), history=[SUBMIT, dict(REVIEW, step="审批", result="同意")]),
    "W055": item_file(item_id("W055"), history=[SUBMIT, PUBLISH]),
    "W056": item_file(item_id("W056"), scope="党内公开", channels=["书面告知"],
                      history=[SUBMIT, REVIEW, dict(PUBLISH, channel="书面告知")]),
    "W060": item_file(item_id("W060"), history=[SUBMIT, dict(REVIEW, result="不予公开", exemption="秘密")]),
    "W080": item_file(item_id("W080"), history=[SUBMIT, {k: v for k, v in REVIEW.items() if k != "content_hash"}]),
    "W084": item_file(item_id("W084"), scope="党内公开",
                      history=[SUBMIT, REVIEW, dict(PUBLISH, scope="党内公开")]),
    "W086": item_file(item_id("W086"), history=[SUBMIT, ev("withhold", reasons="涉及工作秘密")]),
})
OTHER_FILES["E026"] = (item_path("E026"), item_file(item_id("E026"), history=[SUBMIT, ev("revise", kind="更正",
                                                                                 reasons="错字")]))
OTHER_FILES["I030"] = ("items/2026/GK-2026-i030b.yaml", item_file(item_id("I030")))
OTHER_FILES["I031"] = ("items/2026/GK-2026-i031b.yaml", item_file(
    "GK-2026-i031b", history=[SUBMIT, REVIEW, dict(PUBLISH, index_no="00817525-1/2026-00009")]))
# serials.yaml and an item in the "files" register: a broken block, two overlapping ones (by hand)
OTHER_FILES["G120"] = ("serials.yaml", serial_blocks((2026, 1, 100, "甲"), (2026, 50, 150, "乙"), (2026, 0, 100, "丙")))
case("G120", "files", "check --format json", path="serials.yaml")
case("G124", "files", "check --format json", path="serials.yaml")
ITEMS["G125"] = item_file(item_id("G125"), history=[SUBMIT, REVIEW, dict(PUBLISH, index_no="00817525-1/2026-00007"),
                                                    dict(PUBLISH, date="2026-11-05", channel="政府公报",
                                                         index_no="00817525-1/2026-00008")])
findings(ITEMS, item_path)
case("E022", "files", "show GK-2026-i001")
case("E026", "files", "show GK-2026-e026 --revision 1")
case("W057", "files", "check --format json", path="items/2026/{edited}.yaml")



def same_faults(make: Callable[..., str], id_of: Callable[[str], str], *codes: str) -> dict[str, str]:
    """Requests and messages share six faults: not a mapping, an unknown field, no date of
    receipt, an impossible one, a bad ID, an ID that is not the file's name."""
    mapping, unknown, no_date, bad_date, bad_id, other_id = codes
    return {mapping: "- 一\n", unknown: make(id_of(unknown), colour="红"),
            no_date: make(id_of(no_date), received=DROP), bad_date: make(id_of(bad_date), received="2026-02-30"),
            bad_id: make("坏 编号"), other_id: make(id_of(other_id) + "x")}


REQUESTS.update(same_faults(request_file, request_id, "Q101", "Q102", "Q103", "Q104", "Q105", "Q106"))
REQUESTS.update({
    "Q107": request_file(request_id("Q107"), applicant=DROP),
    "Q108": request_file(request_id("Q108"), channel="飞鸽"),
    "Q109": request_file(request_id("Q109"), applicant_type="外星人"),
    "Q110": request_file(request_id("Q110"), arrived="2026-11-01"),
    "Q111": request_file(request_id("Q111"), channel="网络", arrived="2026-11-03", confirmed="2026-11-02"),
    "Q112": request_file(request_id("Q112"), channel="平邮", arrived="2026-10-30", confirmed="2026-11-02"),
    "Q113": request_file(request_id("Q113"), history=DROP),
    "Q114": request_file(request_id("Q114"), history=[ev("receive", "2026-11-02"), "答复"]),
    "Q115": request_file(request_id("Q115"), history=[ev("receive", "2026-11-02"), ev("fly")]),
    "Q116": request_file(request_id("Q116"), history=[ev("receive", "2026-11-02", by=DROP)]),
    "Q117": request_file(request_id("Q117"), history=[ev("receive", "2026-11-02"), ev("reply", result="乱写")]),
    "Q118": request_file(request_id("Q118"), history=[ev("receive", "2026-11-02"), ev("consult")]),
    "Q119": request_file(request_id("Q119"), history=[ev("receive", "2026-11-02"), ev("reply", result="予以公开"),
                                                        ev("appeal", "2026-11-05", kind="申诉", result="维持")]),
    "Q120": request_file(request_id("Q120"), history=[ev("receive", "2026-11-02"), ev("extend", days="三十",
                                                                                        approved_by="王主任")]),
    "Q121": request_file(request_id("Q121"), history=[ev("receive", "2026-11-02"), ev("fee", mode="包月", amount=5)]),
    "Q122": request_file(request_id("Q122"), history=[ev("receive", "2026-11-02"), ev("assign", "2026-11-01")]),
    "Q123": request_file(request_id("Q123"), history=[ev("receive", "2026-11-02"), ev("override", party="某公司")]),
    "Q124": request_file(request_id("Q124"), history=[ev("receive", "2026-11-02"),
                                                        ev("consult", "2026-11-04", party="某公司", delivered="2026-11-03")]),
    "Q125": request_file(request_id("Q125"), applicant=["张某", "李某"]),
    "Q301": request_file(request_id("Q301"), received="2008-01-02", history=[ev("receive", "2008-01-02")]),
    "Q302": request_file(request_id("Q302"), history=[ev("receive", "2026-11-02"), ev("assign", "2026-11-05",
                                                      department="业务科"), ev("assign", "2026-11-04", department="业务科")]),
    "Q303": request_file(request_id("Q303")),
    "Q304": request_file(request_id("Q304"), history=[ev("receive", "2026-11-02"),
                                                        ev("amend", "2026-11-20", points=["写明文件名称"], period=15)]),
    "Q305": request_file(request_id("Q305"), history=[ev("receive", "2026-11-02"), ev("amended", "2026-11-05")]),
    "D102": request_file(request_id("D102"), history=[ev("receive", "2026-11-02"),
                                                        ev("extend", days=30, approved_by="王主任", reasons="理由",
                                                           told="2026-11-03")]),
})
OTHER_FILES["Q303"] = ("requests/2026/YS-2026-q303b.yaml", request_file(request_id("Q303")))
findings(REQUESTS, request_path)

MESSAGES.update(same_faults(message_file, message_id, "M101", "M102", "M103", "M104", "M105", "M106"))
MESSAGES.update({
    "M107": message_file(message_id("M107"), type="表扬"),
    "M108": message_file(message_id("M108"), citizen=DROP),
    "M109": message_file(message_id("M109"), history=DROP),
    "M110": message_file(message_id("M110"), history=[ev("receive", "2026-11-18"), "答复"]),
    "M111": message_file(message_id("M111"), history=[ev("receive", "2026-11-18"), ev("fly", "2026-11-18")]),
    "M112": message_file(message_id("M112"), history=[ev("receive", "2026-11-18", by=DROP)]),
    "M113": message_file(message_id("M113"), history=[ev("receive", "2026-11-17")]),
    "M114": message_file(message_id("M114"), history=[ev("receive", "2026-11-18"),
                                                        ev("reply", "2026-11-19", signed_by="陈副局长")]),
    "M115": message_file(message_id("M115"), history=[ev("receive", "2026-11-18"),
                                                        ev("reply", "2026-11-19", text="见通知")]),
    "M116": message_file(message_id("M116"), content=["一", "二"]),
    "M301": message_file(message_id("M301"), history=[ev("receive", "2026-11-18"),
                                                        ev("assign", "2026-11-20", department="业务科"),
                                                        ev("assign", "2026-11-19", department="业务科")]),
    "M302": message_file(message_id("M302"), history=[ev("receive", "2026-11-18"),
                                                        ev("reopen", "2026-11-19", reasons="不满意")]),
    "M303": message_file(message_id("M303")),
})
OTHER_FILES["M303"] = ("messages/2026/LY-2026-m303b.yaml", message_file(message_id("M303")))
findings(MESSAGES, message_path)


# ---------------------------------------------------------------- H: holidays.yaml, notices, the calendar


def holidays(years: dict) -> str:
    return dump({"years": years})


NOTICE = {"notice": "国办发明电〔2026〕12号"}
HOLIDAY_FILES = {  # code → a holidays.yaml that `dwgk calendar check FILE` reports it for
    "H101": dump({"2027": {"rest": []}}),
    "H102": holidays({"明年": dict(NOTICE, rest=[])}),
    "H103": holidays({2027: dict(NOTICE, rest=[{"name": "元旦", "from": "2027-02-30"}])}),
    "H104": holidays({2027: dict(NOTICE, rest=[{"name": "元旦", "from": "2027-01-03", "to": "2027-01-01"}])}),
    "H105": holidays({2027: dict(NOTICE, rest=[{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
                                               {"name": "又一个", "from": "2027-01-02", "to": "2027-01-04"}])}),
    "H106": holidays({2027: dict(NOTICE, rest=[], workdays=[{"date": "2027-01-06", "name": "元旦"}])}),
    "H107": holidays({2027: dict(NOTICE, rest=[{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
                                 workdays=[{"date": "2027-01-02", "name": "元旦"}])}),
    "H108": holidays({2026: dict(NOTICE, rest=[{"name": "元旦", "from": "2026-01-01", "to": "2026-01-02"}])}),
    "H109": holidays({2027: dict(NOTICE, rest=[], colour="红")}),
    "H110": holidays({2027: dict(NOTICE, rest=[{"name": "劳动节", "from": "2028-05-01"}])}),
    "H111": holidays({2027: dict(NOTICE, rest=[], workdays=[{"date": "2027-02-06", "name": "春节"},
                                                            {"date": "2027-02-06", "name": "春节"}])}),
    "H112": holidays({2027: {"rest": [{"name": "元旦", "from": "2027-01-01"}]}}),
    "H113": holidays({2027: dict(NOTICE, rest=[], workdays=[{"date": "2028-01-01", "name": "元旦"}]),
                      2028: dict(NOTICE, rest=[{"name": "元旦", "from": "2028-01-01", "to": "2028-01-03"}])}),
}


@world
def calendar_files(b: Builder):
    for code, text in HOLIDAY_FILES.items():
        b.write(f"{code}.yaml", text)
    b.write("neither.txt", b"\x80\xff\xfe\xff")


for code in HOLIDAY_FILES:
    case(code, "calendar_files", f"calendar check {code}.yaml --format json", path=f"{code}.yaml")

NOTICE_2026 = (NOTICES / "2026.txt").read_text(encoding="utf-8")
refusals("calendar_files", """
H100  calendar check 没有这个文件.yaml
H120  calendar import 没有这个文件.txt --dry-run
H120  calendar import neither.txt --dry-run
H131  calendar add 2026-12-10 20 --strict
H132  calendar status --from 2030 --to 2020
H134  calendar add 2026-11-02 5000
""")
UNREACHABLE["H133"] = ("dates on the command line are 1900–2999 (E012) and lengths at most 1000 days (H134); "
                       "the calendar computes up to the year 9998, so `calendar add` never runs out of range")
case("H108", "calendar_files", "calendar import - --dry-run",
     input=NOTICE_2026.replace("5月1日（周五）至5日（周二）放假调休，共5天。", "5月1日（周五）至4日（周一）放假调休，共4天。"))
case("H121", "calendar_files", "calendar import - --dry-run",
     input="国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日至3日放假。\n2月28日（周六）需要加班。\n")
case("H122", "calendar_files", "calendar import - --dry-run", input="一、元旦：1月1日放假。\n")
BROKEN_HOLIDAYS = lambda root, n: (root / "holidays.yaml").write_text("years: [\n", encoding="utf-8")  # noqa: E731
case("H100", "empty_national", "calendar add 2026-12-10 5", prep=BROKEN_HOLIDAYS)
case("H100", "empty_national", "overdue",
     prep=lambda root, n: (root / "holidays.yaml").write_text(HOLIDAY_FILES["H104"], encoding="utf-8"))
case("H130", "nat", "check --format json")


# ---------------------------------------------------------------- T: templates and documents


def template(text: str | bytes, name: str = "form_approval.html") -> Callable[[Path, dict], None]:
    """A register template that overrides the shipped one."""
    def prep(root: Path, names: dict) -> None:
        p = root / "templates" / name
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return prep


FORM = "form {appr} --kind 审批表"
case("T001", "nat", FORM, prep=template('{% include "没有这个模板.html" %}'))
case("T002", "nat", FORM, prep=template("{% if %}"))
case("T003", "nat", FORM, prep=template("{{ 没有这个变量.名称 }}"))
case("T004", "nat", FORM, prep=template("审批表：{{ item.title }}".encode("gbk")))
case("T004", "nat", FORM + " --format docx -o 表.docx", prep=template(""))
case("T040", "nat", FORM + " -o 没有这个目录/表.html")


def library(fn: Callable) -> Callable[[Path, dict], Any]:
    """A library call on the register (what the command line does not let through)."""
    def call(root: Path, names: dict):
        from dwgk.loader import load
        return fn(load(root), names)
    return call


def _form_as(fmt: str):
    def call(reg, names):
        from datetime import date
        from dwgk import forms
        from dwgk.render import Renderer, render_document
        doc = forms.item_form(reg, reg.item(names["appr"]), "审批表", date(2026, 11, 20))
        render_document(Renderer(reg.root), doc, fmt)
    return call


def _catalogue_for_aliens(reg, names):
    from datetime import date
    from dwgk import reports
    reports.catalogue_document(reg, "外星", date(2026, 11, 20))


def _rereview_with_a_bad_result(reg, names):
    from datetime import date
    from dwgk.items import actions
    item = reg.item(names["wh"])
    raw = yaml.safe_load((Path(reg.root) / item.path).read_text(encoding="utf-8"))
    actions.rereview(reg, item, raw, result="乱写", opinion="", by="办公室", role="", when=date(2026, 11, 20),
                     today=date(2026, 11, 20))


# the command line checks these before the library does (click choices, one_of): the library's own
# refusal is what a caller of dwgk as a library meets
case("T010", "nat", call=library(_form_as("json")))
case("T011", "nat", call=library(_form_as("pdf")))
case("T012", "nat", call=library(_catalogue_for_aliens))
case("D025", "nat", call=library(_rereview_with_a_bad_result))


@world
def gov(b: Builder):
    """A 政务 register with requests and a complete reports/2025.yaml (tests/test_render_support.py)."""
    from test_render_support import gov_register
    gov_register(b.root)


def report_2025(**change) -> Callable[[Path, dict], None]:
    def prep(root: Path, names: dict) -> None:
        from test_render_support import REPORT_2025
        (root / "reports" / "2025.yaml").write_text(dump({**REPORT_2025, **change}), encoding="utf-8")
    return prep


def withdrawn_request(root: Path, names: dict) -> None:
    """A 2025 request closed with a result that is no outcome (by hand): the library still counts it."""
    (root / "requests" / "2025" / "YS-2025-0t0022.yaml").write_text(request_file(
        "YS-2025-0t0022", received="2025-03-03", history=[ev("receive", "2025-03-03"),
                                                          ev("reply", "2025-03-10", result="撤回")]), encoding="utf-8")


def _annual_gov_report(reg, names):
    from datetime import date
    from dwgk import gov_report
    gov_report.annual_gov_document(reg, 2025, date(2026, 11, 20))


ANNUAL = "report annual --year 2025 --format md"
case("T020", "gov", ANNUAL, prep=report_2025(carried_over=3))
case("T021", "gov", ANNUAL, prep=lambda root, n: (root / "reports" / "2025.yaml").unlink())
case("T022", "gov", prep=withdrawn_request, call=library(_annual_gov_report))
case("T023", "gov", ANNUAL, prep=withdrawn_request)
case("T025", "gov", "report init --year 2025")
case("T027", "gov", "check --format json", path="reports/2025.yaml",
     prep=report_2025(proactive={"rules": {"issued": 0, "repealed": 0, "in_force": 0},
                                 "normative": {"issued": 2, "repealed": 1, "in_force": 15},
                                 "licensing": -1, "penalty": 8, "coercion": 0, "fees": 0.35}))


# ---------------------------------------------------------------- untrusted files, interrupted writes (issue 12)

def _put(rel: str, make: Callable[[Path], Any]) -> Callable[[Path, dict], None]:
    def prep(root: Path, names: dict) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        make(p)
    return prep


def _too_large(p: Path) -> None:
    from dwgk.safefs import MAX_BYTES
    p.write_text(item_file(p.stem), encoding="utf-8")
    os.truncate(p, MAX_BYTES + 1)  # sparse: nothing is really written


def _vanished(root: Path, names: dict) -> None:
    """A record listed, then gone before it was read (another process removed it)."""
    from dwgk.loader import parse_file
    _, diags, _ = parse_file(root, item_path("Y014"))
    raise Refused("读取时文件已不存在", diagnostics=diags)


def _cache_changed_while_read(root: Path) -> None:
    """The texts of the parse cache rewritten (by hand) after a command read the shards."""
    from dwgk import cache
    from dwgk.cache import load_cached
    key, now = root.parent / "cache-key", cache._now_ns
    cache._now_ns = lambda: now() + 10 * cache.RACY_NS  # the files count as settled: kept
    try:
        load_cached(root, key)
        reg = load_cached(root, key)
    finally:
        cache._now_ns = now
    texts = list((root / cache.cache_rel()).glob("*.text"))
    assert texts
    for text in texts:
        data = bytearray(text.read_bytes())
        data[0] ^= 1
        text.write_bytes(data)
    [item.content for item in reg.items]


def _cache_link(root: Path, names: dict) -> None:
    shutil.rmtree(root / ".dwgk", ignore_errors=True)
    (root / ".dwgk" / "cache").mkdir(parents=True)
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, root / ".dwgk" / "cache" / f"u{os.getuid()}")


def _dwgk_link(root: Path, names: dict) -> None:
    shutil.rmtree(root / ".dwgk", ignore_errors=True)
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, root / ".dwgk")


def _stuck_write(root: Path, names: dict) -> None:
    """A write killed after it recorded its intent, the file edited by hand since."""
    from dwgk import journal
    rel = item_path("G020")
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(item_file(item_id("G020"), title="崩溃后又手工改过"), encoding="utf-8")
    journal.record(root, journal.Intent("提出公开事项", "张三", False, "", {rel: None},
                                        {rel: item_file(item_id("G020"))}))


def _template(text: str) -> Callable[[Path, dict], None]:
    return _put("templates/catalogue.md", lambda p: p.write_text(text, encoding="utf-8"))


def _duplicate(root: Path, names: dict) -> None:
    (src,) = root.glob(f"items/*/{names['sub']}.yaml")
    (root / "items" / "2025").mkdir(exist_ok=True)
    shutil.copy(src, root / "items" / "2025" / src.name)


ITEMS["Y013"] = "id: GK-2026-y013\ntitle: &t 标题\ncontent: *t\n"
case("Y013", "files", "check --format json", path=item_path("Y013"))
CHECK = "check --format json"
case("Y010", "empty_national", CHECK, path=item_path("Y010"),
     prep=_put(item_path("Y010"), lambda p: os.symlink("/dev/zero", p)))
case("Y011", "empty_national", CHECK, path=item_path("Y011"), prep=_put(item_path("Y011"), os.mkfifo))
case("Y012", "empty_national", CHECK, path=item_path("Y012"), prep=_put(item_path("Y012"), _too_large))
case("Y014", "empty_national", call=_vanished)
case("Y015", "empty_national", CHECK, path=f".dwgk/cache/u{os.getuid()}", prep=_cache_link)
case("Y017", "nat", call=lambda root, n: _cache_changed_while_read(root))
case("Y016", "empty_national", CHECK, path="reports/².yaml",
     prep=_put("reports/².yaml", lambda p: p.write_text("overview: 文字\n", encoding="utf-8")))
case("K030", "empty_national", CHECK, path="catalogue.yaml",
     prep=lambda root, n: (root / "catalogue.yaml").write_text(
         'version: "²"\n' + (root / "catalogue.yaml").read_text(encoding="utf-8"), encoding="utf-8"))
case("K031", "filed", "catalogue file --by 办公室 --date 2026-11-19")
case("K032", "empty_national", "catalogue file --by 办公室 --date 2026-11-01")
case("T050", "empty_national", "catalogue render --audience 社会 --format md",
     prep=_template("{{ cycler.__init__.__globals__.os.popen('id').read() }}\n"))
case("T051", "empty_national", "catalogue render --audience 社会 --format md",
     prep=_put("templates/catalogue.md", lambda p: os.symlink("/etc/hostname", p)))
case("T052", "empty_national", "catalogue render --audience 社会 --format md -o dwgk.yaml")
case("T053", "empty_national", "catalogue render --audience 社会 --format md -o ..")
case("T060", "empty_national", "site build items")  # a folder of the register's own
case("T061", "empty_national", "site build ../专栏", prep=_put(
    "templates/site/base.html", lambda p: p.write_text('{% block content %}{% endblock %}<img src="https://t.example/p.png">\n',
                                                        encoding="utf-8")))
case("G020", "empty_national", CHECK, path=item_path("G020"), prep=_stuck_write)
case("G020", "empty_national", "submit --entry Z02 --title 标题 --scope 向社会公开 --content 第一条 --by 张三",
     prep=_stuck_write)
case("G021", "empty_national", "submit --entry Z02 --title 标题 --scope 向社会公开 --content 第一条 --by 张三",
     prep=_dwgk_link)
case("E050", "nat", REVIEW_SUB, prep=_duplicate)
UNREACHABLE["G022"] = ("recording the intent fails only when the folder that holds it (.git or .dwgk) cannot take "
                       "a file — a full disk or a read-only mount; the lock opened in that same folder just before "
                       "already needs it writable, and the tests run as root")


@world
def filed(b: Builder):
    b.init()
    b.ok("catalogue file --by 办公室 --date 2026-11-20")


# ---------------------------------------------------------------- issue 14: one record per thing, scopes and channels

refusals("nat", """
W101  publish {pub} --channel 政府网站 --by 赵六
W102  feedback {pub} --entry 5 --handling 已答复 --by 赵六
W103  feedback {pub} --entry 1 --handling 再次答复 --by 赵六
W110  feedback {pub} --entry 1 --by 赵六
W104  withdraw {pub} --reason 不要了 --by 张三
W105  withdraw {sub} --reason " " --by 张三
W107  publish {appr} --channel 书面告知 --by 赵六
""")


def append_event(name: str, event: dict) -> Callable[[Path, dict], None]:
    """Add a history entry to the file of the record ``name`` (as an older dwgk or a hand did)."""
    def prep(root: Path, names: dict) -> None:
        (p,) = root.glob(f"*/*/{names[name]}.yaml")
        p.write_text(p.read_text(encoding="utf-8") + dump([event]), encoding="utf-8")
    return prep


case("W101", "nat", "check --format json", path="items/2026/{pub}.yaml",
     prep=append_event("pub", ev("publish", "2026-11-10", "赵六", channel="政府网站", scope="向社会公开")))
case("W107", "nat", "check --format json", path="items/2026/{pub}.yaml",
     prep=append_event("pub", ev("publish", "2026-11-10", "赵六", channel="书面告知", scope="向社会公开")))


def rereviewed(root: Path, names: dict) -> None:
    r = invoke(["rereview", names["att"], "--result", "调整为主动公开", "--opinion", "可以主动公开", "--by", "办公室",
                "--no-commit"], root)
    assert r.exit_code == 0, r


case("W112", "nat", "correct {att} --reason 年度复核 --by 张三", prep=rereviewed)
ITEMS.update({
    "W108": item_file(item_id("W108"), channels=["书面告知"]),
    "W111": item_file(item_id("W111"), history=[SUBMIT, ev("handle", entry="第一条", handling="已答复")]),
})
findings({"W108": 0, "W111": 0}, item_path)
case("W100", "empty_national", "check --format json", path="people.yaml")
case("W109", "empty_national", "check --format json", path="catalogue.yaml",
     prep=lambda root, n: (root / "catalogue.yaml").write_text(dump({"entries": [
         {"code": "Z01", "name": "机构职能", "scope": "向社会公开", "channels": ["书面告知"], "timing": "长期"}]}),
         encoding="utf-8"))


@world
def s004_wide(b: Builder):
    """A 党内公开 entry and an item of it that went to society without a word (an older record)."""
    b.init("s004_shidian")
    item = b.item("--reason 事关企业切身利益 --channel 宣传单", entry="J2")
    (p,) = b.root.glob(f"items/*/{item}.yaml")
    p.write_text(p.read_text(encoding="utf-8").replace("scope_reason: 事关企业切身利益\n", ""), encoding="utf-8")
    return {"wide": item}


case("W106", "s004_wide", "submit --entry J2 --title 标题 --scope 向社会公开 --content 第一条 --by 张三")
case("W106", "s004_wide", "check --format json", path="items/2026/{wide}.yaml")


# ---------------------------------------------------------------- R: the roster and who may sign

NATIONAL_PEOPLE = (("张三", "承办人"), ("兼职", "承办人 --role 主要负责人"), ("王五", "政府信息公开工作机构"),
                   ("赵六", "政府信息公开工作机构"), ("李四", "分管领导"), ("陈局长", "主要负责人"))
S004_PEOPLE = (("林芳", "局党务公开领导小组办公室"), ("黄丽", "局办公室"), ("曹文斌", "局党组"), ("韩立新", "局党组"),
               ("宋敏", "局党组"), ("钱伟", "局党组"))


def roster(b: Builder, people) -> None:
    for name, roles in people:
        b.ok(f"people add {name} --role {roles} --from 2025-01-01")


@world
def ros(b: Builder):
    """A national register with a roster, then decisions checked against it."""
    b.init()
    roster(b, NATIONAL_PEOPLE)
    n = {"sub": b.ok("submit --entry Z02 --title 通知 --scope 向社会公开 --content 第一条 --by 兼职 --date 2026-11-02")}
    b.ok("review {sub} --step 保密审查 --result 可以公开 --by 王五 --date 2026-11-03", **n)
    b.ok("review {sub} --step 审核 --result 同意 --by 李四 --date 2026-11-04", **n)
    return n


refusals("ros", """
R004  people add 某人 --role 保洁员
R009  people add "" --role 承办人
R011  people add 某人 --role " "
R012  people add 张三 --role 承办人 --from 2026-01-01
R013  people end 无名 --date 2026-01-01
R014  people end 张三 --role 分管领导 --date 2026-01-01
R015  people end 张三 --role 承办人 --date 2024-01-01
R016  people add 某人 --role 承办人 --department 不存在的科
R020  review {sub} --step 审批 --result 同意 --by 路人
R021  review {sub} --step 审批 --result 同意 --by 李四
R022  review {sub} --step 审批 --result 同意 --by 兼职
""")
case("R017", "ros", "people add 某人 --role 承办人",
     prep=lambda root, n: (root / "people.yaml").write_text("people:\n- roles: []\n", encoding="utf-8"))


@world
def ros4(b: Builder):
    """A 局党组 of four members on the roster (s004): who may take part, and how many."""
    b.init("s004_shidian")
    roster(b, S004_PEOPLE)
    n = {"sec": b.ok("submit --entry J2 --title 决定 --scope 党内公开 --content 第一条 --by 林芳 --date 2026-11-02")}
    b.ok("review {sec} --step 保密审查 --result 可以公开 --by 黄丽 --date 2026-11-03", **n)
    return n


refusals("ros4", """
R023  review {sec} --step 审核 --result 同意 --by 曹文斌 --meeting 局党组会议 --participant 曹文斌、韩立新、林芳
R024  review {sec} --step 审核 --result 同意 --by 曹文斌 --meeting 局党组会议 --participant 曹文斌、韩立新
""")


@world
def late_roster(b: Builder):
    """Decisions recorded before the roster existed; check warns of those it does not bear out."""
    b.init("s004_shidian")
    n = {}
    for name, (by, participants) in {"r020": ("路人", "曹文斌、韩立新、宋敏"), "r021": ("黄丽", "曹文斌、韩立新、宋敏"),
                                     "r023": ("曹文斌", "曹文斌、韩立新、林芳"), "r024": ("曹文斌", "曹文斌")}.items():
        n[name] = b.ok("submit --entry J2 --title 决定 --scope 党内公开 --content 第一条 --by 林芳 --date 2026-11-02")
        b.ok(f"review {{{name}}} --step 保密审查 --result 可以公开 --by 黄丽 --date 2026-11-03", **n)
        b.ok(f"review {{{name}}} --step 审核 --result 同意 --by {by} --meeting 局党组会议 --participant {participants} "
             "--date 2026-11-04", **n)
    n["r022"] = b.ok("submit --entry J2 --title 决定 --scope 党内公开 --content 第一条 --by 黄丽 --date 2026-11-02")
    b.ok("review {r022} --step 保密审查 --result 可以公开 --by 黄丽 --date 2026-11-03", **n)
    roster(b, S004_PEOPLE + (("黄丽", "局党务公开领导小组办公室"),))
    return n


for code in ("R020", "R021", "R022", "R023", "R024"):
    case(code, "late_roster", "check --format json", path=f"items/2026/{{{code.lower()}}}.yaml")

PEOPLE_ERRORS = {
    "R002": {"roles": ["承办人"]},
    "R003": {"name": "张三", "roles": ["承办人"]},
    "R004": {"name": "保洁", "roles": ["保洁员"]},
    "R005": {"name": "日期错", "roles": [{"role": "承办人", "from": "2026-02-30"}]},
    "R006": {"name": "倒序", "roles": [{"role": "承办人", "from": "2026-03-01", "to": "2026-02-01"}]},
    "R007": {"name": "多字段", "title": "科长", "roles": ["承办人"]},
    "R008": {"name": "无角色", "roles": [{"from": "2026-01-01"}]},
    "R009": {"name": "换\x01行", "roles": ["承办人"]},
    "R010": {"name": "重叠", "roles": [{"role": "承办人", "from": "2026-01-01"}, {"role": "承办人", "from": "2026-03-01"}]},
}


@world
def bad_roster(b: Builder):
    b.init()
    b.write("people.yaml", dump({"people": [{"name": "张三", "roles": ["承办人"]}, *PEOPLE_ERRORS.values()]}))


for code in PEOPLE_ERRORS:
    case(code, "bad_roster", "check --format json", path="people.yaml")
case("R001", "empty_national", "check --format json", path="people.yaml",
     prep=lambda root, n: (root / "people.yaml").write_text("people: 张三\n", encoding="utf-8"))

# ---------------------------------------------------------------- O: 舆情 and 应急 (D200-D202: --now and times)


def opinion_file(oid: str, **over) -> str:
    """An opinion file dwgk check accepts (found, then assessed), changed by ``over``."""
    data = {"id": oid, "type": "舆情", "found": "2026-11-20 09:30", "source": "微博", "summary": "网传项目资金被挪用",
            "head": "王局长",
            "history": [{"action": "found", "at": "2026-11-20 09:30", "by": "李四"},
                        {"action": "assess", "at": "2026-11-20 10:00", "by": "王局长", "value": "有回应价值",
                         "level": "一般", "plan": "核实后说明"}]}
    data.update(over)
    return dump(data)


def opinion_at(code: str) -> str:
    return f"opinions/2026/YQ-2026-{code.lower()}.yaml"


FOUND = {"action": "found", "at": "2026-11-20 09:30", "by": "李四"}
RESPOND = {"action": "respond", "at": "2026-11-20 12:00", "by": "李四", "channel": "政府网站", "text": "澄清"}
CLOSE = {"action": "close", "at": "2026-11-20 15:00", "by": "王局长", "outcome": "平息", "held": "是"}
OPINION_FILES = {
    "O101": "- 一\n",
    "O102": opinion_file("YQ-2026-o102", colour="红"),
    "O103": opinion_file("YQ-2026-o103", found=DROP),
    "O104": opinion_file("YQ-2026-o104", found="2026-11-20 9:30"),
    "O105": opinion_file("坏 编号"),
    "O106": opinion_file("YQ-2026-o106x"),
    "O107": opinion_file("YQ-2026-o107", type="传闻"),
    "O108": opinion_file("YQ-2026-o108", summary=DROP),
    "O109": opinion_file("YQ-2026-o109", history=DROP),
    "O110": opinion_file("YQ-2026-o110", history=[FOUND, "报告"]),
    "O111": opinion_file("YQ-2026-o111", history=[FOUND, {"action": "fly", "at": "2026-11-20 10:00", "by": "李四"}]),
    "O112": opinion_file("YQ-2026-o112", history=[{"action": "found", "at": "2026-11-20 09:30"}]),
    "O113": opinion_file("YQ-2026-o113", history=[FOUND, dict(RESPOND, at="2026-11-20 09:00")]),
    "O114": opinion_file("YQ-2026-o114", history=[FOUND, {"action": "respond", "at": "2026-11-20 12:00", "by": "李四"}]),
    "O115": opinion_file("YQ-2026-o115", history=[FOUND, RESPOND, dict(CLOSE, held="也许")]),
    "O116": opinion_file("YQ-2026-o116", summary=["一", "二"]),
    "O302": opinion_file("YQ-2026-o302", history=[FOUND, dict(RESPOND, at="2026-11-20 12:00"),
                                                  {"action": "follow", "at": "2026-11-20 11:00", "by": "李四",
                                                   "note": "n"}]),
    "O303": opinion_file("YQ-2026-o303"),
    "O304": opinion_file("YQ-2026-o304", level="特大"),
    "O305": opinion_file("YQ-2026-o305", history=[FOUND, CLOSE]),
    "O307": opinion_file("YQ-2026-o307", history=[FOUND, dict(RESPOND, item="GK-2026-000000")]),
    "O308": opinion_file("YQ-2026-o308", type="应急", history=[FOUND]),
}
for _code, _text in OPINION_FILES.items():
    OTHER_FILES[_code] = (opinion_at(_code), _text)
    case(_code, "files", "check --format json", path=opinion_at(_code))
OTHER_FILES["O303b"] = ("opinions/2026/YQ-2026-o303b.yaml", opinion_file("YQ-2026-o303"))


@world
def opin(b: Builder):
    """s002 (市科技局): every event is reported to the 领导小组 (第五十一条)."""
    b.init("s002")
    new = ("opinion new --found '2026-11-20 09:30' --source 微博 --summary 网传项目资金被挪用 --head 刘卫东 "
           "--by 马晓燕")
    n = {"o": b.ok(new), "oc": b.ok(new), "or": b.ok(new)}
    b.ok("opinion follow {o} --note 转发增多 --by 马晓燕 --at '2026-11-20 12:00'", **n)
    for ref in ("oc", "or"):
        b.ok("opinion respond {%s} --channel 局政务微博 --text 澄清 --by 马晓燕 --at '2026-11-20 12:00'" % ref, **n)
    b.ok("opinion close {oc} --outcome 平息 --held 是 --by 刘卫东 --at '2026-11-20 15:00'", **n)
    return n


NEW_OPINION = "opinion new --source 微博 --summary 传言 --head 刘卫东 --by 马晓燕"
refusals("opin", f"""
O201  {NEW_OPINION} --found '2026-11-21 09:00'
O202  opinion follow {{o}} --note 继续 --by ''
O204  opinion assess {{o}} --value 有 --level 特大 --plan p --by 刘卫东
O205  opinion report {{or}} --to 市网信办 --by 马晓燕 --at '2026-11-20 08:00'
O206  opinion report {{o}} --to 市网信办 --by 马晓燕 --at '2026-11-20 11:00'
O207  opinion follow {{oc}} --note 又有新帖 --by 马晓燕
O208  {NEW_OPINION.replace("微博", "' '")}
O209  {NEW_OPINION.replace("传言", "' '")}
O210  opinion assess {{o}} --value ' ' --level 一般 --plan p --by 刘卫东
O211  opinion assess {{o}} --value 有 --level 一般 --plan ' ' --by 刘卫东
O212  opinion report {{o}} --to 某某 --by 马晓燕
O213  opinion coordinate {{o}} --unit ' ' --statement 口径 --by 马晓燕
O214  opinion coordinate {{o}} --unit 市财政局 --statement ' ' --by 马晓燕
O215  opinion respond {{o}} --channel 朋友圈 --text t --by 马晓燕
O216  opinion respond {{o}} --channel 新闻发布会 --text t --item GK-2026-000000 --by 马晓燕
O217  opinion respond {{o}} --channel 新闻发布会 --text ' ' --by 马晓燕
O218  opinion follow {{o}} --note ' ' --by 马晓燕
O219  opinion close {{o}} --outcome 平息 --held 是 --by 刘卫东
O220  opinion close {{or}} --outcome 平息 --held 也许 --by 刘卫东
O222  {NEW_OPINION.replace(" --head 刘卫东", "")}
O223  opinion show YQ-2026
O224  opinion show YQ-2026-000000
O225  opinion summary --from 2026-11-10 --to 2026-11-01
O226  form GK-2026-000000 --kind 舆情处置记录表
D200  --now '2026-11-20 25:00' opinion list
D201  --now '2026-11-21 10:00' --today 2026-11-20 opinion list
D202  opinion follow {{o}} --note n --by 马晓燕 --at 昨天
""")


def _profile(name: str):
    def prep(root: Path, names: dict) -> None:
        p = root / "dwgk.yaml"
        p.write_text(p.read_text(encoding="utf-8").replace("profile: s002_shikejiju", f"profile: {name}"),
                     encoding="utf-8")
    return prep


def _bad_opinion_rules(root: Path, names: dict) -> None:
    p = root / "dwgk.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("overrides: {}", "overrides: {opinions: {unassessed: 0}}"),
                 encoding="utf-8")


def _unreported(root: Path, names: dict) -> None:
    (root / opinion_at("O306")).write_text(opinion_file("YQ-2026-o306", history=[FOUND, dict(
        RESPOND, channel="局政务微博")]), encoding="utf-8")


def _new_of_a_bad_type(root: Path, names: dict) -> None:
    from datetime import datetime
    from dwgk import opinions
    from dwgk.loader import load
    opinions.new(load(root), opinion_id="YQ-2026-000001", kind="传闻", found=datetime(2026, 11, 20, 9, 30),
                 source="微博", summary="传言", link="", level="", department="", head="刘卫东", by="马晓燕", role="",
                 now=datetime(2026, 11, 20, 12, 0))


case("O203", "opin", NEW_OPINION, prep=_profile("s003_gaoxinqu"))
case("O221", "opin", call=_new_of_a_bad_type)
case("O301", "opin", "check --format json", path="dwgk.yaml", prep=_bad_opinion_rules)
case("O301", "opin", "check --format json", path="dwgk.yaml", prep=_profile("s003_gaoxinqu"))
case("O306", "opin", "check --format json", path=opinion_at("O306"), prep=_unreported)


# ---------------------------------------------------------------- documents: the office's settings, reply facts, 文号 (issue 15)

def config_plus(text: str) -> Callable[[Path, dict], None]:
    """dwgk.yaml with ``text`` appended (a section written by hand)."""
    def prep(root: Path, names: dict) -> None:
        with open(root / "dwgk.yaml", "a", encoding="utf-8") as fh:
            fh.write(text)
    return prep


def config_without(key: str) -> Callable[[Path, dict], None]:
    def prep(root: Path, names: dict) -> None:
        cfg = yaml.safe_load((root / "dwgk.yaml").read_text(encoding="utf-8"))
        del cfg[key]
        (root / "dwgk.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return prep


def replace_in(rel: str, old: str, new: str, *more: str) -> Callable[[Path, dict], None]:
    """Hand edits: ``old`` → ``new`` in ``rel`` (and in each of ``more``), {names} filled in."""
    def prep(root: Path, names: dict) -> None:
        for r in (rel, *more):
            path = root / r.format(**names)
            text = path.read_text(encoding="utf-8")
            assert old in text, (r, old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return prep


case("C020", "empty_national", "check", prep=config_plus("remedies: 测试市人民政府\n"))
case("C020", "", "init s --org 测试局 --court '甲\n乙' --no-commit")  # the usage error: refused before init
case("C021", "empty_national", "check", prep=config_plus("doc_numbers:\n  答复书: 测科信复〔2026〕{n}号\n"))
case("C022", "empty_national", "check", prep=config_plus("annual_report:\n  download: [a, b]\n"))
case("C026", "empty_national", "check", prep=config_plus("guide:\n  hours: [a, b]\n"))
for code in ("C023", "C024", "C025"):  # a register made by dwgk init without --review-body, --court
    case(code, "empty_national", "check --format json", path="dwgk.yaml")
case("K040", "empty_national", "check --format json", path="catalogue.yaml",
     prep=replace_in("catalogue.yaml", "mode: 主动公开", "mode: 有时公开"))
case("K041", "empty_national", "check --format json", path="catalogue.yaml",
     prep=replace_in("catalogue.yaml", "level:\n  - 市级", "level:\n  - 镇级"))
REPLY = "request reply {rq} --by 李四 --date 2026-11-10 --result"
refusals("nat", f"""
Q400  {REPLY} 予以公开
Q401  {REPLY} 予以公开 --provide 飞鸽传书
Q401  {REPLY} 不予公开-内部事务 --reason x --provide 邮寄
Q402  {REPLY} 予以公开 --since 2026-10-01
Q403  {REPLY} 部分公开 --reason x --withheld y --provide 邮寄
Q404  {REPLY} 部分公开 --reason x --withheld y --provide 邮寄 --exemption 机密
Q405  {REPLY} 无法提供-不掌握 --reason x --body 某局
Q406  {REPLY} 予以公开 --provide 网站下载
""")
REPLIED = "requests/2026/{rqr}.yaml"
case("Q410", "nat", "check --format json", path=REPLIED,
     prep=replace_in(REPLIED, "provide: 电子邮件", "provide: 电子邮件\n  since: 去年"))
case("Q411", "nat", "check --format json", path=REPLIED,
     prep=replace_in(REPLIED, "provide: 电子邮件", "provide: 飞鸽传书"))
case("Q420", "nat", "check --format json",  # on whichever of the two files comes second
     prep=replace_in(REPLIED, "provide: 电子邮件", "provide: 电子邮件\n  doc_number: 测科信复〔2026〕1号",
                     "requests/2026/{rqd}.yaml"))
case("T070", "gov", ANNUAL, prep=config_without("annual_report"))


# ---------------------------------------------------------------- P: the privacy and secrecy scan (issue 13)

SCANNED = "联系邮箱 ab@cd.com，身份证 11010519491231002X"


def scanned(publish: str = "") -> Callable[[Path, dict], None]:
    """An approved item whose content holds an e-mail address and an ID (published with ``publish``)."""
    def prep(root: Path, names: dict) -> None:
        b = Builder(root)
        names["scanned"] = b.steps(b.ok(f"submit --entry Z02 --title 通知 --scope 向社会公开 --content '{SCANNED}' "
                                        "--by 张三 --date 2026-11-02"), "保密审查=可以公开", "审核=同意", "审批=同意")
        if publish:
            b.ok(f"publish {{scanned}} --by 赵六 --date 2026-11-06 {publish}", **names)
    return prep


def gbk_file(root: Path, names: dict) -> None:
    (root / "名单.txt").write_bytes("张三".encode("gbk"))


case("P001", "nat", "publish {scanned} --channel 政府网站 --by 赵六 --date 2026-11-06", prep=scanned())
case("P002", "nat", "publish {appr} --channel 政府网站 --by 赵六 --accept-finding 随便")
case("P003", "nat", "publish {scanned} --channel 书面告知 --scope 对特定对象公开 --by 赵六 --date 2026-11-06",
     prep=scanned())
case("P004", "nat", "scan 名单.txt", prep=gbk_file)


def unaccepted(root: Path, names: dict) -> None:
    """Published to society with both findings accepted; then the acceptance deleted by hand."""
    scanned("--channel 政府网站 --accept-finding 电子邮箱=单位办公邮箱 --accept-finding 身份证号=本人同意")(root, names)
    replace_in("items/2026/{scanned}.yaml", "  accepted:\n    电子邮箱: 单位办公邮箱\n    身份证号: 本人同意\n", "")(root, names)


case("P005", "nat", "check --format json", path="items/2026/{scanned}.yaml", prep=unaccepted)


REDACT = "review {sec} --step 审核 --result 同意 --by 审核人 --date 2026-11-04 --redact 第一条"
SECRECY = "review {sub} --step 保密审查 --result 部分公开 --exemption 个人隐私 --by 审核人 --date 2026-11-04"
refusals("nat", f"""
P100  {REDACT}
P101  {SECRECY} --removed 身份证号
P102  {SECRECY} --redact 第二条
P102  {SECRECY} --redact 字
""")


# ================================================================ the tests



# ---------------------------------------------------------------- X: 台账 import; E08x: reports/<year>.yaml


def put(name: str, data: str | bytes) -> Callable[[Path, dict], None]:
    """A file the clerk hands in, written into the register's folder."""
    def prep(root: Path, names: dict) -> None:
        (root / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return prep


LEDGER = "标题,目录编码,公开范围,公开形式,公开内容,提出人,提出日期,保密审查结论,保密审查人,保密审查日期"
ROW = "关于开展科技活动周的通知,Z02,向社会公开,政府网站,活动安排如下。,张三,2025-03-01,可以公开,王五,2025-03-02"


def ledger(*rows: str, head: str = LEDGER) -> Callable[[Path, dict], None]:
    return put("台账.csv", "\n".join([head, *rows]) + "\n")


def xlsx_ledger(root: Path, names: dict) -> None:
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(LEDGER.split(","))
    wb.active.append(ROW.split(","))
    wb.save(root / "台账.xlsx")


IMPORT = "import items 台账.csv --by 赵六"
case("X001", "nat", "import items 没有这个文件.csv --by 赵六")
def _huge(root: Path, names: dict) -> None:
    (root / "台账.csv").write_bytes(b"")
    os.truncate(root / "台账.csv", 65 * 1024 * 1024)  # sparse: no 65 MB written


case("X002", "nat", IMPORT, prep=_huge)
case("X003", "nat", "import items 台账.csv --sheet 表1 --by 赵六", prep=ledger(ROW))
case("X003", "nat", "import items 台账.xls --by 赵六", prep=put("台账.xls", b"\xd0\xcf\x11\xe0"))
case("X004", "nat", "import items 台账.xlsx --by 赵六", prep=put("台账.xlsx", "这不是工作簿"))
case("X005", "nat", "import items 台账.xlsx --sheet 没有这张表 --by 赵六", prep=xlsx_ledger)
case("X006", "nat", IMPORT, prep=put("台账.csv", b"abc\xff\xff\n"))
case("X007", "nat", IMPORT, prep=ledger(head="甲,乙,丙"))
case("X010", "nat", IMPORT, prep=ledger("通知,向社会公开", head="事由,公开范围"))
case("X011", "nat", IMPORT, prep=ledger(ROW + ",另一个标题", head=LEDGER + ",名称"))
case("X012", "nat", IMPORT + " --map 映射.yaml", prep=lambda root, n: (ledger(ROW)(root, n), put(
    "映射.yaml", "标题: 没有这一列\n")(root, n)))
case("X013", "nat", IMPORT + " --dry-run", prep=ledger(ROW + ",123", head=LEDGER + ",联系电话"))
case("X014", "nat", IMPORT + " --map 没有这个映射.yaml", prep=ledger(ROW))
case("X014", "nat", IMPORT + " --map 映射.yaml", prep=lambda root, n: (ledger(ROW)(root, n), put(
    "映射.yaml", "- 标题\n- 名称\n")(root, n)))
case("X015", "nat", IMPORT, prep=ledger(ROW.replace("张三", "")))
case("X020", "nat", IMPORT, prep=ledger(ROW.replace("张三", "")))
case("X021", "nat", IMPORT, prep=ledger(ROW.replace("Z02", "Z99")))
case("X022", "nat", IMPORT, prep=ledger(ROW.replace("2025-03-01", "2025-02-30")))
case("X023", "nat", "import requests 台账.csv --by 李四", prep=ledger(
    "2025-03-03,网络,张某,自然人,某文件,李四,2025-03-04,补正事项,十五",
    head="收到日期,提交方式,申请人,申请人类型,申请内容,经办人,补正告知日期,补正事项,补正期限"))
case("X024", "nat", IMPORT, prep=ledger(ROW.replace("王五", "")))
case("X025", "nat", IMPORT, prep=ledger(ROW.replace("可以公开", "")))
case("X030", "nat", IMPORT, prep=lambda root, n: (ledger(ROW)(root, n), invoke(IMPORT.split(), root)))
case("X031", "nat", IMPORT, prep=ledger(ROW, ROW))
case("X032", "nat", IMPORT, prep=ledger("YS-2025-abcdef," + ROW, head="编号," + LEDGER))
case("X033", "nat", IMPORT, prep=lambda root, n: ledger(n["sub"] + "," + ROW, head="编号," + LEDGER)(root, n))
case("X034", "nat", IMPORT, prep=lambda root, n: ledger(
    ROW.replace("王五,2025-03-02", "王五,2025-03-02,同意,李四,2025-03-03,同意,陈局长,2025-03-04,2025-03-05,赵六,"
                + _published_index(root)),
    head=LEDGER + ",审核结论,审核人,审核日期,审批结论,审批人,审批日期,公开日期,公开人,索引号")(root, n))
UNREACHABLE["X040"] = ("every action that builds an imported record validates it first (the submit action, then "
                       "the replayed checks): a record the builder rejects is refused by them under their own codes")
UNREACHABLE["X050"] = ("every document that takes --format xlsx|csv (catalogue, annual and period reports) holds at "
                       "least one table")
case("X090", "nat", "check", prep=lambda root, n: _bad_source(root, n))
case("E080", "nat", "check", prep=put("reports/2025.yaml", "published: 2026-01-20\noverview：情况良好。\n"))
case("E081", "nat", "check", prep=put("reports/2025.yaml", "overview: |\n\t情况良好。\n"))
case("E082", "nat", "check", prep=put("reports/2025.yaml", "overview: |\n情况良好。\n"))
case("E083", "nat", "report set --year 2025 no_such 1")
case("E084", "nat", "report set --year 2025 penalty 三")
case("E085", "nat", "report set --year 2025 other 无。", prep=put("reports/2025.yaml", "overview: |\n情况良好。\n"))


def _published_index(root: Path) -> str:
    for p in sorted((root / "items").rglob("*.yaml")):
        m = re.search(r"index_no: (\S+)", p.read_text(encoding="utf-8"))
        if m:
            return m.group(1)
    raise AssertionError("the world has a published item")


def _bad_source(root: Path, names: dict) -> None:
    p = next(p for p in (root / "items").rglob("*.yaml") if p.stem == names["sub"])
    text = p.read_text(encoding="utf-8").replace("  role: 承办人\n", "  role: 承办人\n  source: 台账.xlsx\n", 1)
    p.write_text(text, encoding="utf-8")

@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    return Worlds(tmp_path_factory.mktemp("codes"))


def _id(c: Case) -> str:
    return f"{c.code}-{CASES.index(c)}"


@pytest.mark.parametrize("c", CASES, ids=_id)
def test_reproducer(worlds, c):
    r = worlds.run(c)
    seen = r.seen.get(c.code, set())
    if c.path:
        seen = {(kind, path) for kind, path in seen if path == c.path.format(**worlds.names[c.world])}
    assert seen, f"{c.code} not produced by {c.call or c.argv!r} in {c.world!r}: {r}"
    kinds = {kind for kind, _ in seen}
    assert kinds & set(CATALOGUE[c.code].severities), \
        f"{c.code} reached the user as {kinds}; the catalogue says {CATALOGUE[c.code].severity}: {r}"


def test_every_catalogued_code_has_a_reproducer():
    reproduced = {c.code for c in CASES}
    assert not reproduced & set(UNREACHABLE), "a code is both reproduced and called unreachable"
    assert set(UNREACHABLE) <= set(CATALOGUE)
    missing = [code for code in CATALOGUE if code not in reproduced and code not in UNREACHABLE]
    assert not missing, f"catalogued codes without a reproducer: {missing}"


def test_every_severity_in_the_catalogue_is_reproduced(worlds):
    """An entry that says ``refused|warning`` has a reproducer for each."""
    met: dict[str, set[str]] = {}
    for c in CASES:
        met.setdefault(c.code, set()).update(kind for kind, _ in worlds.run(c).seen.get(c.code, ()))
    short = {code: (CATALOGUE[code].severity, sorted(kinds)) for code, kinds in met.items()
             if not set(CATALOGUE[code].severities) <= kinds}
    assert not short, f"severities the catalogue names but no reproducer shows: {short}"
