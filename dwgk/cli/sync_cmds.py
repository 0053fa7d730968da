"""Sharing a register: dwgk remote add, dwgk sync."""

from __future__ import annotations

from typing import List, Optional

import typer

from dwgk.cli.context import Ctx, err, get, out


def register(app: typer.Typer, groups: dict) -> None:
    from dwgk.cli.app import Group
    remote = typer.Typer(cls=Group, help="共享登记簿：设置多人共用的 git 仓库。", no_args_is_help=True)
    remote.command("add")(remote_add)
    app.add_typer(remote, name="remote")
    app.command("sync")(sync)


def _commit_attributes(c: Ctx, root) -> bool:
    """Version the merge-driver attributes (they travel with the register). True if committed."""
    from dwgk.sync import ATTRIBUTES, attributes_text
    from dwgk.writer import Transaction
    path = root / ATTRIBUTES
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    wanted = attributes_text(current)
    if wanted == current:
        return False
    with Transaction(root) as tx:
        tx.write(ATTRIBUTES, wanted)
        tx.commit("共享登记簿：记录文件由 dwgk 合并（.gitattributes）", "", {"Dwgk-Action": "remote-add"},
                  author_name="dwgk")
    for w in tx.warnings:
        err(f"警告: {w}")
    return True


def remote_add(
    ctx: typer.Context,
    url: str = typer.Argument(..., metavar="地址", help="共享登记簿的 git 仓库：共享盘上的路径（如 /srv/共享/登记簿.git）、"
                                                      "https://… 或 ssh://…"),
) -> None:
    """设置共享登记簿（多人共用时）：以后用 dwgk sync 收取和送出改动。"""
    from dwgk import sync as sy
    c = get(ctx)
    root = c.find_root()
    sy.require_repo(root)
    added = sy.add_remote(root, url.strip())
    committed = _commit_attributes(c, root)
    out(f"{'已设置' if added else '已是'}共享登记簿：{url.strip()}")
    if committed:
        out("已配置合并方式：两人分别办理同一记录时，dwgk sync 按日期合并办理记录（已提交 .gitattributes）。")
    out("下一步：运行 dwgk sync 送出本登记簿，并收取他人的改动。")


def sync(
    ctx: typer.Context,
    claim: Optional[List[int]] = typer.Option(None, "--claim", metavar="年份",
                                              help="另为这一年领取索引号流水号段（补登往年的公开时用；可重复）"),
) -> None:
    """与共享登记簿同步：收取他人的改动、合并、送出本副本的改动；冲突时恢复原状并说明。"""
    from dwgk import sync as sy
    from dwgk.writer import Transaction
    c = get(ctx)
    root = c.find_root()
    today = c.today()
    for y in claim or ():
        if not 1900 < y < 9999:
            raise typer.BadParameter(f"年份“{y}”无效", param_hint="--claim")
    with Transaction(root):
        report = sy.sync(root, today, list(claim or ()))
    if report.incoming:
        out(f"收到 {len(report.incoming)} 项改动：")
        for s in report.incoming[:20]:
            out(f"  {s}")
        if len(report.incoming) > 20:
            out(f"  …… 另有 {len(report.incoming) - 20} 项（git log 查看）")
    else:
        out("共享登记簿中没有新的改动。")
    if report.merged:
        out("已与本副本的改动合并（办理记录按日期排列）。")
    sent = report.outgoing
    if report.first_push:
        out(f"已把本登记簿送到共享登记簿（共 {len(sent)} 个提交）。")
    elif sent:
        out(f"送出 {len(sent)} 项改动：")
        for s in sent[:20]:
            out(f"  {s}")
        if len(sent) > 20:
            out(f"  …… 另有 {len(sent) - 20} 项")
    else:
        out("本副本没有需要送出的改动。")
    for r in report.claimed:
        out(f"已为本副本领取索引号：{r}")
    out("同步完成。")
