"""What every command needs from the outside world, in one place.

Register discovery (``-R``/``DWGK_REGISTER``/search upward), today's date in
Asia/Shanghai (``--today``/``DWGK_TODAY``), the current moment for hour clocks
(``--now``/``DWGK_NOW``), output helpers and the write path.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import typer

from dwgk.dates import minute, parse_date, parse_datetime
from dwgk.diag import CannotRun, Diagnostic, ExitCode, Refused

# China has kept UTC+8 without daylight saving since 1991; a fixed offset needs no tz database.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def shanghai_today(now: datetime | None = None) -> date:
    return (now or datetime.now(timezone.utc)).astimezone(SHANGHAI).date()


def shanghai_now() -> datetime:
    """The current minute on Beijing's wall clock, as the naive datetime the records keep."""
    return datetime.now(timezone.utc).astimezone(SHANGHAI).replace(tzinfo=None, second=0, microsecond=0)


@dataclass
class Ctx:
    register: str | None = None
    today_opt: str | None = None
    now_opt: str | None = None
    no_cache: bool = False
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    cwd: Path = field(default_factory=Path.cwd)
    command: Any = None  # the running command's typer.Context (see ``get``)

    recovery: Any = None  # what became of a write a killed command left behind (see ``recover``)

    # ---- where and when ----
    def find_root(self, required: bool = True) -> Path | None:
        root = self._find_root(required)
        if root is not None and self.recovery is None:
            self.recover(root)
        return root

    def recover(self, root: Path) -> None:
        """Finish or undo a write a killed command left behind (``writer.recover``), and say
        which; one that cannot be resolved is reported by ``load`` as a finding (G020)."""
        from dwgk.writer import recover
        self.recovery = recover(root) or False
        if self.recovery and self.recovery.action != "stuck":
            err(f"dwgk: {self.recovery.message}")

    def _find_root(self, required: bool) -> Path | None:
        from dwgk.loader import CONFIG, find_root
        opt = self.register or self.env.get("DWGK_REGISTER")
        if opt:
            root = (self.cwd / opt).resolve()
            if not os.path.lexists(root / CONFIG):
                if required:
                    raise CannotRun(f"“{opt}”不是 dwgk 登记簿（没有 dwgk.yaml）",
                                    "检查 -R/--register 或 DWGK_REGISTER 指向的目录；新建登记簿用 dwgk init。", "E010")
                return None
            return root
        root = find_root(self.cwd)
        if root is None and required:
            raise CannotRun("当前目录及其上级目录中都没有 dwgk 登记簿（dwgk.yaml）",
                            "进入登记簿目录，或用 -R 目录 / 环境变量 DWGK_REGISTER 指定；新建登记簿用 dwgk init。",
                            "E010")
        return root

    def _given_now(self) -> datetime | None:
        """``--now`` / ``DWGK_NOW``, when given: a moment to the minute."""
        opt = self.now_opt or self.env.get("DWGK_NOW")
        if not opt:
            return None
        t = parse_datetime(opt)
        if t is None:
            raise Refused(f"时间“{opt}”无效", "--now / DWGK_NOW 须为 YYYY-MM-DD HH:MM（北京时间），例如 2026-11-20 09:30。",
                          "D200", exit_code=ExitCode.USAGE)
        return t

    def _given_today(self) -> date | None:
        opt = self.today_opt or self.env.get("DWGK_TODAY")
        if not opt:
            return None
        d = parse_date(opt)
        if d is None:
            raise Refused(f"日期“{opt}”无效", "--today / DWGK_TODAY 须为 YYYY-MM-DD。", "E011",
                          exit_code=ExitCode.USAGE)
        return d

    def _moment(self) -> tuple[date, datetime]:
        """(today, now). ``--now`` sets both; ``--today`` alone means "as of the end of that day"
        for hour clocks. An option wins over an environment variable; two that are given at the
        same level must agree."""
        now, today = self._given_now(), self._given_today()
        if now is not None and today is not None and now.date() != today:
            # an option beats the environment (a cron job's DWGK_TODAY, a test's --now)
            if self.now_opt and not self.today_opt:
                today = None
            elif self.today_opt and not self.now_opt:
                now = None
            else:
                raise Refused(f"--now {minute(now)} 与 --today {today} 不是同一天", "只写其中之一，或让二者一致。",
                              "D201", exit_code=ExitCode.USAGE)
        if now is not None:
            return now.date(), now
        if today is not None:
            from dwgk.clock import END_OF_DAY
            return today, datetime.combine(today, END_OF_DAY)
        now = shanghai_now()
        return now.date(), now

    def today(self) -> date:
        return self._moment()[0]

    def now(self) -> datetime:
        """The current moment for hour clocks (舆情, 应急): ``--now``, else the end of ``--today``,
        else the clock (Beijing time)."""
        return self._moment()[1]

    def time_opt(self, value: str | None, name: str = "--at") -> datetime:
        """A moment a clerk gives (``--at``, ``--found``); default now."""
        if value is None:
            return self.now()
        t = parse_datetime(value)
        if t is None:
            raise Refused(f"{name} 的时间“{value}”无效", "时间须为 YYYY-MM-DD HH:MM（北京时间），例如 2026-11-20 09:30。",
                          "D202", exit_code=ExitCode.USAGE)
        return t

    def load(self, derive=None):
        """The register, through the parse cache unless --no-cache / DWGK_NO_CACHE=1. The
        cache is written once, when the command ends, with what it memoised (``memo``);
        ``derive``: the memos the command will ask for (``cache.open_cached``)."""
        return self._stuck(self.read(self.find_root(), derive))

    def read(self, root: Path, derive=None):
        """``load`` of the register at ``root``, without the findings of an interrupted write:
        what a write plan reads under the lock (the cache checks every file's stamp as it reads,
        so it gives what the files say — and a command on 50,000 items does not parse them all)."""
        from dwgk.cli.progress import loading
        if self.no_cache or self.env.get("DWGK_NO_CACHE") == "1":
            from dwgk.loader import load, read_record
            with loading(root) as seen:
                return load(root, read=seen(lambda kind, rel, profile: read_record(root, kind, rel, profile)))
        from dwgk.cache import default_key_file, open_cached
        with loading(root) as seen:
            reg, session = open_cached(root, key_file=default_key_file(self.env), wrap=seen, derive=derive)
        self.memo = session.memo
        if self.command is None:
            session.save()
        else:
            self.command.call_on_close(session.save)
        return reg

    def _stuck(self, reg):
        """The register with a finding for each file of an interrupted write left unresolved."""
        if not self.recovery or self.recovery.action != "stuck":
            return reg
        import dataclasses
        found = tuple(Diagnostic(rel, 0, 0, "G020", self.recovery.message, self.recovery.hint)
                      for rel in self.recovery.files)
        return dataclasses.replace(reg, diagnostics=reg.diagnostics + found)

    def view(self):
        """The register as it stood at the end of today (``--today``): what a reading command
        shows. Events dated later and records begun later are not there (``dwgk.asof``);
        mutating commands and ``check`` load the whole register instead."""
        from dwgk.asof import as_of
        return as_of(self.load(), self.today())

    @staticmethod
    def memo(record: Any, key: Any, compute):
        """No cache: derive afresh (``load`` replaces this with the cache's memo)."""
        return compute()

    def date_opt(self, value: str | None, name: str = "--date") -> date:
        if value is None:
            return self.today()
        d = parse_date(value)
        if d is None:
            what = f"{name} 的日期" if name.startswith("-") else name  # "起算日“2026-02-30”无效"
            raise Refused(f"{what}“{value}”无效", "日期须为 YYYY-MM-DD，例如 2026-03-01。", "E012",
                          exit_code=ExitCode.USAGE)
        return d


def out(text: str = "") -> None:
    typer.echo(text)


def err(text: str) -> None:
    typer.echo(text, err=True)


def print_json(data: Any) -> None:
    from dwgk.cli.jsontext import dumps  # json.dumps(…, ensure_ascii=False, indent=2, default=str)
    typer.echo(dumps(data))


def print_json_list(elements) -> None:
    """``print_json(list(elements))``, written one element at a time: the JSON of a whole
    register at once would hold several times the register in memory."""
    from dwgk.cli.jsontext import dumps  # json.dumps(…, ensure_ascii=False, indent=2, default=str)
    write = sys.stdout.write
    first = True
    for el in elements:
        write(("[\n  " if first else ",\n  ") + dumps(el, level=1))
        first = False
    write("[]\n" if first else "\n]\n")


def print_diagnostics(diags: list[Diagnostic]) -> None:
    for d in diags:
        err(d.format())


def locator(root: Path):
    """(path, keypath) → (line, col), reading each file at most once."""
    from dwgk.safefs import Unsafe, read_in
    from dwgk.yamlread import locate
    texts: dict[str, str] = {}

    def find(path: str, keypath: tuple) -> tuple[int, int]:
        if path not in texts:
            try:
                texts[path] = read_in(root, path)
            except (OSError, Unsafe, UnicodeDecodeError):
                texts[path] = ""
        return locate(texts[path], keypath) if texts[path] else (0, 0)
    return find


def person(value: str | None) -> str | None:
    """Option callback for --by, --role …: a name that is one line and not blank."""
    from dwgk.fields import person_problem
    if value is None or value == "":
        return value
    problem = person_problem(value)
    if problem:
        shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in value.strip()[:20])
        raise typer.BadParameter(f"“{shown}”{problem}；只写姓名（或角色），一行以内")
    return value.strip()


def persons(values: list[str] | None) -> list[str]:
    """Option callback for a repeated name option (--participant): each value may name
    several people separated by 、 (甲、乙、丙), as a meeting's minutes list them."""
    from dwgk.fields import names
    return [person(v) for v in names(values or ())]


def one_of(value, allowed, what: str, option: str, sep: str = "、") -> None:
    """A usage error (exit 2) unless ``value`` is one of ``allowed`` (None: not given)."""
    if value is not None and value not in allowed:
        raise typer.BadParameter(f"{what}“{value}”无效，可选：{sep.join(allowed)}", param_hint=option)


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    one_of(fmt, allowed, "格式", "--format")
    return fmt


def get(ctx: typer.Context) -> Ctx:
    obj = ctx.find_root().obj
    if not isinstance(obj, Ctx):
        obj = Ctx()
        ctx.find_root().obj = obj
    obj.command = ctx
    return obj


def fail(message: str, hint: str = "", code: str = "E001") -> None:
    raise Refused(message, hint, code)


def exit_with(code: int) -> None:
    sys.stdout.flush()
    raise typer.Exit(code)


def random_suffix() -> str:
    """Six random hex digits for a new record's ID (imported on use: ``secrets`` pulls in
    hashlib and random, which ``dwgk --help`` does not need)."""
    import secrets
    return secrets.token_hex(3)
