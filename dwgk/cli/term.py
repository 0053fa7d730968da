"""The terminal as the clerk has it: its real width (or ``COLUMNS``), text that wraps instead
of being cut — a ``dwgk …`` command in a hint is never broken — and colour only on a
terminal and never with ``NO_COLOR``: overdue red, due soon yellow, serious bold."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Sequence

import typer

from dwgk.cli.textfmt import fit, width, wrap

MIN_COLUMNS, MAX_COLUMNS = 40, 200


def columns() -> int:
    """The terminal's width: ``COLUMNS`` when set, else the terminal's own, else 80."""
    return max(MIN_COLUMNS, min(MAX_COLUMNS, shutil.get_terminal_size((80, 24)).columns))


def colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


STYLES = {"overdue": {"fg": "red"}, "due": {"fg": "yellow"}, "serious": {"fg": "red", "bold": True},
          "ok": {"fg": "green"}}


def paint(text: str, style: str) -> str:
    return typer.style(text, **STYLES[style]) if style and colour() else text


def say(text: str, style: str = "", err: bool = False) -> None:
    typer.echo(paint(text, style), err=err)


def paragraph(text: str, indent: str = "", more: str = "  ", style: str = "", err: bool = False) -> None:
    """``text`` wrapped to the terminal, first line after ``indent``, the rest after
    ``indent + more``."""
    for line in wrap(indent + text, columns(), indent + more):
        say(line, style, err)


def row(cells: Sequence[tuple[str, int | None]], style: str = "", gap: str = "  ") -> None:
    """One line of a list: fixed-width cells, and one cell (width None) that takes the rest of
    the terminal and wraps onto continuation lines under itself instead of being cut."""
    fixed = sum(w for _, w in cells if w is not None) + len(gap) * (len(cells) - 1)
    flex = max(12, columns() - fixed)
    before, after, text = [], [], ""
    seen = False
    for value, w in cells:
        if w is None:
            text, seen = value, True
        elif seen:
            after.append(fit(value, w))
        else:
            before.append(fit(value, w))
    lead = gap.join(before) + (gap if before else "")
    lines = wrap(text, flex) or [""]
    tail = (gap + gap.join(after)) if after else ""
    for i, line in enumerate(lines):
        if i == 0:
            out = lead + line + (" " * (flex - width(line)) + tail if tail else "")
        else:
            out = " " * width(lead) + line
        say(out.rstrip(), style)
