"""Work on a share of a long list in a forked child while this process does the rest.

A cold start parses every record file; the parser is pure Python, so one process keeps one
CPU busy. ``Share`` forks a child that works through the second half of the list and writes
its results, pickled a few hundred at a time, into a file that has no name; the parent works
through the first half meanwhile and reads the child's results back a batch at a time, in
the order it asks for them — neither process ever holds the whole half (for 50,000 items,
hundreds of MB). The child's results are exactly what the parent would have computed (the
same function on the same files), so a register reads the same either way; any failure in
the child (an exception, a signal, a result that does not unpickle) only means the parent
does that half (or the rest of it) itself.

Only where ``os.fork`` exists and there is more than one CPU, and only for lists long enough
that the fork and the transfer cost less than they save.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO, Callable, Hashable, Iterable

MIN_SHARE = 1500  # items below which one process is as fast (fork + pickle + unpickle)
BATCH = 500  # results per pickle: a batch at a time in memory, on either side


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Share:
    """``take(key)``: the child's result for ``key``, or None when ``key`` is not the child's,
    the child failed, or its batch was passed already (keys are taken in the list's order):
    then the caller computes it itself. ``spool()``: a descriptor of an empty file with no
    name, for the child's results."""

    def __init__(self, keys: Iterable[Hashable], work: Callable[[Hashable], Any],
                 dumps: Callable[[dict], bytes | memoryview], load: Callable[[BinaryIO], dict],
                 spool: Callable[[], int]):
        self._batch_of: dict = {}  # key → the number of its batch
        self._file: BinaryIO | None = None
        self._batch: dict = {}
        self._at = -1  # the number of the batch in hand
        self._pid = 0
        self._load = load  # reads what dumps wrote from a binary file
        keys = list(keys)
        if len(keys) < 2 * MIN_SHARE or not hasattr(os, "fork") or cpus() < 2:
            return
        mine = keys[len(keys) // 2:]
        try:
            fd = spool()
        except Exception:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
            return
        if pid == 0:  # the child: never returns, never runs the parent's exit handlers
            code = 1
            try:
                with os.fdopen(fd, "wb") as out:
                    for at in range(0, len(mine), BATCH):
                        out.write(dumps({k: work(k) for k in mine[at:at + BATCH]}))
                code = 0
            except BaseException:
                pass
            finally:
                os._exit(code)
        self._pid, self._file = pid, os.fdopen(fd, "rb")
        self._batch_of = {k: n // BATCH for n, k in enumerate(mine)}

    def take(self, key: Hashable) -> Any:
        n = self._batch_of.get(key)
        if n is None or n < self._at:
            return None
        if self._pid and not self._finished():
            return None
        while self._at < n:
            try:
                self._batch, self._at = self._load(self._file), self._at + 1
            except Exception:  # cut short or garbage: the rest is the caller's
                self._stop()
                return None
        return self._batch.pop(key, None)

    def _finished(self) -> bool:
        """Wait for the child; True if it wrote all its results (read from the start)."""
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            status = 1
        self._pid = 0
        if status != 0:
            self._stop()
            return False
        self._file.seek(0)
        return True

    def _stop(self) -> None:
        self._batch_of, self._batch = {}, {}
        if self._file is not None:
            self._file.close()
            self._file = None

    def close(self) -> None:
        """Reap a child whose results were never asked for; let go of the file."""
        if self._pid:
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
            self._pid = 0
        self._stop()
