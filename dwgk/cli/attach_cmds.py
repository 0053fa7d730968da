"""``dwgk attach`` / ``dwgk detach``: an item's attachments, copied into the register
(``attachments/<ID>/``) with their size and SHA-256, in the same commit as the item file."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from dwgk.cli.context import get, out
from dwgk.cli.items_cmds import _on_item
from dwgk.cli.options import BY, DATE, NO_COMMIT


def register(app: typer.Typer) -> None:
    app.command("attach")(attach)
    app.command("detach")(detach)


def attach(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="事项编号"),
    files: List[Path] = typer.Argument(..., metavar="文件…", help="要随事项公开的文件（.docx、.pdf、.txt 等，每个不超过 8 MB）"),
    public_name: str = typer.Option("", "--public-name", metavar="名称", help="公开时显示的名称（只添加一个文件时可用；默认用文件名）"),
    by: str = BY, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """给事项添加附件：复制到登记簿的 attachments/<编号>/，记下大小和 SHA-256 摘要，随事项一起审核。

    附件在审核前添加：审核审批的是当时的内容和附件，此后文件被改动的，dwgk check 报告 I047，专栏不发布它。

    dwgk scan 和 dwgk publish 检查附件中的文字（.txt、.docx、.pdf）。
    """
    from dwgk.cli.infile import read_bytes
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()
    given = [(f.name, read_bytes(f, "I050")) for f in files]  # read before the lock: a bad path changes nothing

    change = _on_item(c, no_commit, item_id, lambda reg, item, raw: actions.attach(
        reg, item, raw, files=given, public_name=public_name.strip(), by=by, when=when, today=today))
    out(f"已登记：{change.summary}")


def detach(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., metavar="事项编号"),
    file: str = typer.Argument(..., metavar="附件文件名", help="dwgk show 列出的附件文件名"),
    by: str = BY, date: Optional[str] = DATE, no_commit: bool = NO_COMMIT,
) -> None:
    """删去事项的一个附件（审核前），文件从登记簿中删除，git 历史中仍可找回。"""
    from dwgk.items import actions
    c = get(ctx)
    when, today = c.date_opt(date), c.today()

    def compute(reg, item, raw):
        new, change, rel = actions.detach(reg, item, raw, file=file, by=by, when=when, today=today)
        return new, change, {rel: None}
    change = _on_item(c, no_commit, item_id, compute)
    out(f"已登记：{change.summary}")
