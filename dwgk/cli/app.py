"""The typer app: global options, area registration, and the one error boundary."""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from typing import Any, Iterator, MutableMapping, Optional

import typer
from typer.core import TyperGroup

from dwgk import __version__
from dwgk.diag import ExitCode, Refused

AREAS = ("items_cmds", "calendar_cmds", "deadline_cmds", "request_cmds", "message_cmds", "opinion_cmds", "doc_cmds",
         "people_cmds", "sync_cmds", "unit_cmds", "export_cmds", "sheet_cmds", "scan_cmds", "site_cmds", "attach_cmds",
         "completion_cmds")
HELP = """dwgk —— 党务公开 / 政务公开登记簿工具。

登记簿是一个由 git 管理的 YAML 文件夹：公开目录、公开事项、依申请公开、政民互动都在其中。
常用流程：dwgk init → dwgk submit → dwgk review（保密审查、风险评估、审核、审批）→ dwgk publish
→ dwgk feedback → dwgk archive。每一步都是一次 git 提交；dwgk status 查看进度，dwgk overdue 查看超期。
"""


# click's exception classes, wherever this typer keeps them (its own copy of click, or click).
_CLICK = sys.modules[typer.BadParameter.__module__]
_NO_ARGS = getattr(_CLICK, "NoArgsIsHelpError", ())


class Group(TyperGroup):
    """Turns refusals into a Chinese message and an exit code; a traceback is a bug.

    Commands are turned into click commands only when used (see ``defer_conversion``).
    """

    pending: dict[str, Any] = {}  # name → typer CommandInfo / TyperInfo, set per group

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        from dwgk.cli.usage import localise
        localise(self)
        if self.pending:
            self.commands = _LazyCommands(self.commands, self.pending, self.rich_markup_mode)

    def list_commands(self, ctx):  # keep the order commands were registered in
        return list(self.commands)

    def format_commands(self, ctx, formatter):
        # The command list needs each command's name and first help line, not its options.
        commands = self.commands
        if isinstance(commands, _LazyCommands):
            self.commands = commands.summaries()
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.commands = commands

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Refused as r:
            _report(r)
            raise typer.Exit(int(r.exit_code))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """The one error boundary for click's own errors: they are told in Chinese, exit 2."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _CLICK.UsageError as e:
            if isinstance(e, _NO_ARGS):  # ``dwgk`` alone: the help text, as click prints it
                e.show()
            else:
                from dwgk.cli.usage import explain
                typer.echo(explain(e, self._path(prog_name, args)), err=True)
            sys.exit(int(ExitCode.USAGE))
        except _CLICK.ClickException as e:
            typer.echo(f"dwgk: 错误：{e.format_message()}", err=True)
            sys.exit(e.exit_code)
        except (typer.Abort, getattr(_CLICK, "Abort", typer.Abort)):
            typer.echo("dwgk: 已中止。", err=True)
            sys.exit(int(ExitCode.FINDINGS))
        from dwgk.cli import interrupted
        if rv == ExitCode.INTERRUPTED:  # typer turns a Ctrl-C inside a command into Exit(130)
            interrupted()
        sys.exit(rv if isinstance(rv, int) else int(ExitCode.OK))


    def _path(self, prog_name, args) -> str:
        """``dwgk review``: the command a usage error is about, when click does not say."""
        words = [prog_name or "dwgk"]
        group, skip = self, False
        for a in args if args is not None else sys.argv[1:]:
            if skip or a.startswith(("--register=", "--today=", "--now=")) or a == "--no-cache":
                skip = False
                continue
            if a in _GLOBAL_WITH_VALUE:
                skip = True
                continue
            if a.startswith("-") or not hasattr(group, "commands") or a not in group.commands:
                break
            words.append(a)
            group = group.commands[a]
        return " ".join(words)


def _report(r: Refused) -> None:
    from dwgk.cli.context import err, print_diagnostics
    err(f"dwgk: 错误[{r.code}] {r.message}")
    if r.hint:
        err(f"  提示: {r.hint}")
    print_diagnostics(r.diagnostics)


class _LazyCommands(MutableMapping):
    """A group's commands, each converted by typer the first time it is looked up."""

    def __init__(self, ready: MutableMapping, pending: dict[str, Any], markup: Any):
        self._ready = dict(ready)
        self._pending = {k: v for k, v in pending.items() if k not in self._ready}
        self._markup = markup

    def __getitem__(self, name: str):
        if name not in self._ready:
            info = self._pending[name]  # KeyError: no such command
            from typer.main import get_command_from_info, get_group_from_info
            from typer.models import CommandInfo
            if isinstance(info, CommandInfo):
                cmd = get_command_from_info(info, pretty_exceptions_short=True,
                                            rich_markup_mode=self._markup)
            else:
                cmd = get_group_from_info(info, pretty_exceptions_short=True,
                                          rich_markup_mode=self._markup, suggest_commands=True)
            from dwgk.cli.usage import localise
            self._ready[name] = localise(cmd)
        return self._ready[name]

    def __setitem__(self, name: str, cmd) -> None:
        self._pending.pop(name, None)
        self._ready[name] = cmd

    def __delitem__(self, name: str) -> None:
        found = self._pending.pop(name, None) is not None
        if self._ready.pop(name, None) is None and not found:
            raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter([*self._pending, *(k for k in self._ready if k not in self._pending)])

    def __len__(self) -> int:
        return len(self._pending.keys() | self._ready.keys())

    def summaries(self) -> dict:
        """Name → something with the command's help and hidden flag, converting nothing."""
        from typer.core import TyperCommand
        from typer.main import solve_typer_info_help
        from typer.models import CommandInfo
        out = {}
        for name in self:
            if name in self._ready:
                out[name] = self._ready[name]
                continue
            info = self._pending[name]
            if isinstance(info, CommandInfo):
                doc = info.help if info.help is not None else inspect.getdoc(info.callback)
                out[name] = TyperCommand(name, help=inspect.cleandoc(doc or ""),
                                          short_help=info.short_help, hidden=bool(info.hidden))
            else:
                sub = info.typer_instance.info if info.typer_instance else info
                out[name] = TyperCommand(name, help=solve_typer_info_help(info),
                                          short_help=_value(info.short_help) or _value(sub.short_help),
                                          hidden=bool(_value(info.hidden) or _value(sub.hidden)))
        return out


def _value(v: Any) -> Any:
    from typer.models import DefaultPlaceholder
    return v.value if isinstance(v, DefaultPlaceholder) else v


def defer_conversion(t: typer.Typer) -> None:
    """Let ``t``'s group convert its commands on first use instead of all at start-up.

    typer turns every registered function into a click command (reading its signature,
    building its options) each time the program starts; with sixty commands that costs more
    than importing typer. Here the registrations move to a per-group subclass of ``Group``
    (``pending``), whose ``_LazyCommands`` converts one when click looks it up: running a
    command converts that command, ``--help`` converts none. Help is also rendered by click
    rather than rich (``rich_markup_mode=None``), so that rich is not imported to print it.
    """
    from typer.main import get_command_name
    t.rich_markup_mode = None
    cls = t.info.cls
    if not (isinstance(cls, type) and issubclass(cls, Group)):
        return
    pending: dict[str, Any] = {}
    for info in t.registered_commands:
        pending[info.name or get_command_name(info.callback.__name__)] = info
    kept = []
    for info in t.registered_groups:
        if isinstance(info.name, str) and info.typer_instance is not None:
            defer_conversion(info.typer_instance)
            pending[info.name] = info
        else:
            kept.append(info)
    t.info.cls = type(cls.__name__, (cls,), {"pending": pending})
    t.registered_commands = []
    t.registered_groups = kept


app = typer.Typer(cls=Group, help=HELP, no_args_is_help=True, add_completion=False,
                  rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
groups: dict[str, typer.Typer] = {
    "catalogue": typer.Typer(cls=Group, help="公开目录：查看、渲染、备案和修订历史。", no_args_is_help=True),
}
app.add_typer(groups["catalogue"], name="catalogue")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dwgk {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    register: Optional[str] = typer.Option(None, "-R", "--register", metavar="目录",
                                           help="登记簿目录（默认从当前目录向上查找；也可用环境变量 DWGK_REGISTER）"),
    today: Optional[str] = typer.Option(None, "--today", metavar="YYYY-MM-DD",
                                        help="把这一天当作“今天”（默认北京时间的今天；也可用 DWGK_TODAY）"),
    now: Optional[str] = typer.Option(None, "--now", metavar="YYYY-MM-DD HH:MM",
                                      help="把这一时刻当作“现在”，按小时计算的舆情时限据此判断是否超时（默认北京时间；"
                                           "也可用 DWGK_NOW；只写 --today 时为当天 23:59）"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不使用解析缓存，直接读取全部文件"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="显示版本并退出"),
) -> None:
    from dwgk.cli.context import Ctx
    ctx.obj = Ctx(register=register, today_opt=today, now_opt=now, no_cache=no_cache)


for _area in AREAS:
    try:
        _mod = importlib.import_module(f"dwgk.cli.{_area}")
    except ModuleNotFoundError as _e:
        if _e.name != f"dwgk.cli.{_area}":
            raise
        continue
    _mod.register(app, groups) if _mod.register.__code__.co_argcount > 1 else _mod.register(app)
defer_conversion(app)


_GLOBAL_WITH_VALUE = ("-R", "--register", "--today", "--now")


def hoist_globals(argv: list[str]) -> list[str]:
    """Let global options stand anywhere (``dwgk overdue --today 2026-12-01``)."""
    front, rest, i = [], [], 0
    while i < len(argv):
        a = argv[i]
        if a in _GLOBAL_WITH_VALUE and i + 1 < len(argv):
            front += [a, argv[i + 1]]
            i += 2
            continue
        if a.startswith(("--register=", "--today=", "--now=")) or a == "--no-cache":
            front.append(a)
        else:
            rest.append(a)
        i += 1
    return front + rest


def main() -> None:
    argv = hoist_globals(sys.argv[1:])
    try:
        app(args=argv, prog_name="dwgk")
    except Refused as r:  # raised outside a command (e.g. in the callback)
        _report(r)
        sys.exit(int(r.exit_code))
    except KeyboardInterrupt:
        from dwgk.cli import interrupted
        interrupted()
    except Exception as e:  # pragma: no cover - the last line of defence
        if os.environ.get("DWGK_DEBUG"):
            raise
        typer.echo(f"dwgk: 内部错误：{type(e).__name__}: {e}\n  提示: 这是 dwgk 的缺陷，请把命令和这段信息报告给维护者"
                   "（设置 DWGK_DEBUG=1 可看到详细信息）。", err=True)
        sys.exit(int(ExitCode.CANNOT_RUN))
