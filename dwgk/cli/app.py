"""The typer app: global options, area registration, and the one error boundary."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Optional

import typer
from typer.core import TyperGroup

from dwgk import __version__
from dwgk.diag import ExitCode, Refused

AREAS = ("items_cmds", "calendar_cmds", "deadline_cmds", "request_cmds", "message_cmds", "doc_cmds")
HELP = """dwgk —— 党务公开 / 政务公开登记簿工具。

登记簿是一个由 git 管理的 YAML 文件夹：公开目录、公开事项、依申请公开、政民互动都在其中。
常用流程：dwgk init → dwgk submit → dwgk review（保密审查、风险评估、审核、审批）→ dwgk publish
→ dwgk feedback → dwgk archive。每一步都是一次 git 提交；dwgk status 查看进度，dwgk overdue 查看超期。
"""


class Group(TyperGroup):
    """Turns refusals into a Chinese message and an exit code; a traceback is a bug."""

    def list_commands(self, ctx):  # keep the order commands were registered in
        return list(self.commands)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Refused as r:
            _report(r)
            raise typer.Exit(int(r.exit_code))


def _report(r: Refused) -> None:
    from dwgk.cli.context import err, print_diagnostics
    err(f"dwgk: 错误[{r.code}] {r.message}")
    if r.hint:
        err(f"  提示: {r.hint}")
    print_diagnostics(r.diagnostics)


app = typer.Typer(cls=Group, help=HELP, no_args_is_help=True, add_completion=False,
                  context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
groups: dict[str, typer.Typer] = {
    "catalogue": typer.Typer(cls=Group, help="公开目录：查看、渲染。", no_args_is_help=True),
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
    no_cache: bool = typer.Option(False, "--no-cache", help="不使用解析缓存，直接读取全部文件"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="显示版本并退出"),
) -> None:
    from dwgk.cli.context import Ctx
    ctx.obj = Ctx(register=register, today_opt=today, no_cache=no_cache)


for _area in AREAS:
    try:
        _mod = importlib.import_module(f"dwgk.cli.{_area}")
    except ModuleNotFoundError as _e:
        if _e.name != f"dwgk.cli.{_area}":
            raise
        continue
    _mod.register(app, groups) if _mod.register.__code__.co_argcount > 1 else _mod.register(app)


_GLOBAL_WITH_VALUE = ("-R", "--register", "--today")


def hoist_globals(argv: list[str]) -> list[str]:
    """Let global options stand anywhere (``dwgk overdue --today 2026-12-01``)."""
    front, rest, i = [], [], 0
    while i < len(argv):
        a = argv[i]
        if a in _GLOBAL_WITH_VALUE and i + 1 < len(argv):
            front += [a, argv[i + 1]]
            i += 2
            continue
        if a.startswith(("--register=", "--today=")) or a == "--no-cache":
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
        sys.exit(130)
    except Exception as e:  # pragma: no cover - the last line of defence
        if os.environ.get("DWGK_DEBUG"):
            raise
        typer.echo(f"dwgk: 内部错误：{type(e).__name__}: {e}\n  提示: 这是 dwgk 的缺陷，请把命令和这段信息报告给维护者"
                   "（设置 DWGK_DEBUG=1 可看到详细信息）。", err=True)
        sys.exit(int(ExitCode.CANNOT_RUN))
