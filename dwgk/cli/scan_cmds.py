"""``dwgk scan``: the privacy and secrecy scan of items' public text or of text files, before
a reviewer signs (``dwgk.detectors``; ``dwgk publish`` runs the same scan on an item)."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import List

import typer

from dwgk.cli.context import check_format, get, out, print_json
from dwgk.cli.options import FORMAT
from dwgk.diag import ExitCode


def register(app: typer.Typer, groups: dict | None = None) -> None:
    app.command("scan")(scan)


def scan(
    ctx: typer.Context,
    refs: List[str] = typer.Argument(..., metavar="事项编号或文件…", help="事项编号（检查其标题和内容），或文本文件的路径"),
    fmt: str = FORMAT,
) -> None:
    """检查公开文本中须经保密、隐私审查的内容：身份证号（校验位正确）、手机号、银行卡号（Luhn 校验）、
    电子邮箱、密级标志（绝密/机密/秘密★）、内部标志（内部资料、注意保密、不得外传……）。

    逐条列出类别、位置（第几行第几列）和遮蔽后的摘录（号码不显示全文）；有检查结果时退出码为 1。
    """
    from dwgk.detectors import scan as scan_text
    from dwgk.items import scan as item_scan
    check_format(fmt, ("text", "json"))
    found = []
    reg = None
    for ref in refs:
        if os.path.lexists(ref):  # a file named on the command line (a folder or FIFO is refused, P004)
            from dwgk.cli.infile import read_text
            found += scan_text(read_text(ref, "P004"), ref)
            continue
        if reg is None:
            reg = get(ctx).view()
        from dwgk.cli.items_cmds import resolve_item
        item = resolve_item(reg, ref)
        found += [replace(f, where=f"{item.id} {f.where}") for f in item_scan.findings(reg.profile, item, reg.root)]
    if fmt == "json":
        print_json({"findings": [{"kind": f.kind, "where": f.where, "line": f.line, "col": f.col,
                                  "excerpt": f.excerpt} for f in found]})
    else:
        for f in found:
            out(f"{f.where}:{f.line}:{f.col}: {f.kind}  {f.excerpt}")
        out(f"共发现 {len(found)} 处须审查的内容。" if found else "未发现须审查的内容。")
    if found:
        raise typer.Exit(int(ExitCode.FINDINGS))
