"""Progress bars for the commands that can run long on a large register (import, a cold
load for check and the reports): rich's bar on stderr, only on a terminal, only once the
work has taken long enough to be worth one — never in a pipe, a cron mail or a test."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator

SHOW_AFTER = 0.8  # seconds: shorter work shows no bar at all


def wanted() -> bool:
    return sys.stderr.isatty() and not os.environ.get("DWGK_NO_PROGRESS")


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """``with progress("读取台账", n) as advance: advance(i)`` — ``i`` the items done so far."""
    if not wanted() or total <= 0:
        yield lambda i: None
        return
    start = time.monotonic()
    state: dict = {}

    def advance(i: int) -> None:
        bar = state.get("bar")
        if bar is None:
            if time.monotonic() - start < SHOW_AFTER:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
            bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                           console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=total)
        bar.update(state["task"], completed=i)

    try:
        yield advance
    finally:
        if "bar" in state:
            state["bar"].stop()


@contextmanager
def loading(root) -> Iterator[Callable]:
    """``with loading(root) as seen: load(root, read=seen(read))`` — a bar over the register's
    record files while a cold load (no parse cache, or a changed register) reads them."""
    if not wanted():
        yield lambda read: read
        return
    from dwgk.loader import record_files
    total = len(record_files(root))
    with progress("读取登记簿", total) as advance:
        count = [0]

        def seen(read):
            def counted(kind, rel, profile):
                count[0] += 1
                if count[0] % 50 == 0:
                    advance(count[0])
                return read(kind, rel, profile)
            return counted
        yield seen
