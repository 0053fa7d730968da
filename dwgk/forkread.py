"""Work on a share of a long list in a forked child while this process does the rest.

A cold start parses every record file; the parser is pure Python, so one process keeps one
CPU busy. ``Share`` forks a child that works through the second half of the list and sends
its results back pickled through a pipe; the parent works through the first half meanwhile
and collects the child's results when it first needs one. The child's results are exactly
what the parent would have computed (the same function on the same files), so a register
reads the same either way; any failure in the child (an exception, a signal, a result that
does not unpickle) only means the parent does that half itself.

Only where ``os.fork`` exists and there is more than one CPU, and only for lists long enough
that the fork and the transfer cost less than they save.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO, Callable, Hashable, Iterable

MIN_SHARE = 1500  # items below which one process is as fast (fork + pickle + unpickle)


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Share:
    """``take(key)``: the child's result for ``key``, or None when ``key`` is not the
    child's (or the child failed): then the caller computes it itself."""

    def __init__(self, keys: Iterable[Hashable], work: Callable[[Hashable], Any],
                 dumps: Callable[[dict], bytes | memoryview], load: Callable[[BinaryIO], dict]):
        self._keys: set = set()
        self._results: dict | None = None
        self._pid = 0
        self._fd = -1
        self._load = load  # reads what dumps wrote from a binary file
        keys = list(keys)
        if len(keys) < 2 * MIN_SHARE or not hasattr(os, "fork") or cpus() < 2:
            return
        mine = keys[len(keys) // 2:]
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(r)
            os.close(w)
            return
        if pid == 0:  # the child: never returns, never runs the parent's exit handlers
            code = 1
            try:
                os.close(r)
                data = dumps({k: work(k) for k in mine})
                with os.fdopen(w, "wb") as out:
                    out.write(data)
                code = 0
            except BaseException:
                pass
            finally:
                os._exit(code)
        os.close(w)
        self._pid, self._fd, self._keys = pid, r, set(mine)

    def take(self, key: Hashable) -> Any:
        if key not in self._keys:
            return None
        if self._results is None:
            self._results = self._collect()
        return self._results.get(key)

    def _collect(self) -> dict:
        results: Any = None
        try:  # unpickled straight from the pipe: never a second copy of the whole transfer
            with os.fdopen(self._fd, "rb") as pipe:
                results = self._load(pipe)
        except Exception:  # the child died or sent garbage: compute its share here instead
            results = None
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            status = 1
        return results if status == 0 and isinstance(results, dict) else {}

    def close(self) -> None:
        """Reap a child whose results were never asked for."""
        if self._pid and self._results is None:
            self._results = self._collect()
