"""dwgk export sqlite: the register, or every overseen unit, as a SQLite database."""

from __future__ import annotations

from pathlib import Path

import typer

from dwgk.cli.context import err, exit_with, get, out
from dwgk.diag import ExitCode, Refused, os_reason


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    export = typer.Typer(cls=Group, help="导出：把登记簿导出为其他工具可读的格式。", no_args_is_help=True)
    export.command("sqlite")(sqlite)
    app.add_typer(export, name="export")


def sqlite(
    ctx: typer.Context,
    output: Path = typer.Argument(..., metavar="OUT.db", help="要写入的 SQLite 数据库文件（已有的会被替换）"),
    units: bool = typer.Option(False, "--units", help="导出 units.yaml 列出的每个单位（先运行 dwgk units fetch），而不是本登记簿"),
) -> None:
    """导出为 SQLite 数据库：目录、事项及其办理记录、申请、留言、截至今天的时限、人员（表结构见 README）。"""
    from dwgk import __version__
    from dwgk.sqlite_export import SCHEMA_VERSION, export
    c = get(ctx)
    today = c.today()
    path = output if output.is_absolute() else c.cwd / output
    try:
        parent_is_dir, is_dir = path.parent.is_dir(), path.is_dir()
    except OSError as e:  # a name too long, a loop of links: is_dir raises these
        raise Refused(f"无法写入 {output}：{os_reason(e)}", "换一个输出路径。", "U020") from None
    if not parent_is_dir:
        raise Refused(f"无法写入 {output}：目录 {path.parent} 不存在", "先建好该目录，或换一个输出路径。", "U020")
    if is_dir:
        raise Refused(f"无法写入 {output}：这是一个目录", "写一个文件名，例如 登记簿.db。", "U020")
    unreadable: list[str] = []
    if units:
        from dwgk.cli.unit_cmds import survey

        def each(unit, reg):
            if isinstance(reg, str):
                unreadable.append(f"{unit.name}（{reg}）")
                return None
            return unit.name, reg
        _, pairs = survey(c, each)
        regs = [p for p in pairs if p is not None]
    else:
        regs = [("", c.load())]
    try:
        counts = export(path, regs, today, __version__)
    except OSError as e:
        raise Refused(f"无法写入 {output}：{os_reason(e)}", "检查路径和写入权限。", "U020") from None
    out(f"已导出：{output}（表结构版本 {SCHEMA_VERSION}；" + "，".join(
        f"{name} {counts[key]}" for key, name in (("registers", "登记簿"), ("items", "事项"), ("item_events", "事项办理记录"),
                                                  ("requests", "申请"), ("messages", "留言"), ("deadlines", "时限"))) + "）")
    if unreadable:
        err("未导出无法读取的单位：" + "、".join(unreadable))
        exit_with(int(ExitCode.FINDINGS))
