"""Options and arguments every command area shares (who decided, when, no commit, format),
and reading a text a clerk gives on the command line or in a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer

from dwgk.cli.context import person
from dwgk.cli.infile import read_text
from dwgk.diag import ExitCode, Refused

BY = typer.Option(..., "--by", metavar="姓名", help="作出决定或经办的人", callback=person)
ROLE = typer.Option("", "--role", metavar="角色", help="决定人的角色（默认取配置方案中该步骤的角色）",
                    callback=person)
DATE = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="决定日期（默认今天）")
NO_COMMIT = typer.Option(False, "--no-commit", help="只改文件，不做 git 提交")
FORMAT = typer.Option("text", "--format", metavar="text|json", help="输出格式")
FROM = typer.Option(None, "--from", metavar="YYYY-MM-DD", help="统计期起（默认今年 1 月 1 日）")
TO = typer.Option(None, "--to", metavar="YYYY-MM-DD", help="统计期止（默认今天）")


def period(c, start: Optional[str], end: Optional[str], code: str) -> tuple[date, date]:
    """A summary's period (``--from`` / ``--to``): this year up to today by default; ``code``
    refuses an end before the start."""
    today = c.today()
    a = c.date_opt(start, "--from") if start else date(today.year, 1, 1)
    b = c.date_opt(end, "--to") if end else today
    if b < a:
        raise Refused(f"统计期止 {b} 早于统计期起 {a}", "检查 --from / --to。", code, exit_code=ExitCode.USAGE)
    return a, b


def text_arg(text: Optional[str], file: Optional[Path], what: str) -> str:
    """``--content`` or ``--content-file`` (UTF-8), one of them."""
    if text and file:
        raise typer.BadParameter(f"{what}只能用 --content 或 --content-file 之一")
    if file:
        return read_text(file, "E023")  # a regular file, size-capped, BOM dropped
    return text or ""
