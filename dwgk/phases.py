"""Where one command's time goes: named phases, timed only when the cli asks (``DWGK_PROFILE``).

``span(name)`` times a block; ``add(name, seconds)`` books time measured by the caller (the
cache times each file's stat, cache lookup and build without a context manager per file).
Times are exclusive: a span's own figure leaves out the spans and ``add``s inside it, so the
phases add up to the whole. ``report`` names the rest "other (checks, output)". Off (the
default), ``span`` is a no-op and callers test ``on()`` before reading the clock.
"""

from __future__ import annotations

from contextlib import contextmanager
from time import perf_counter

_state = {"on": False, "t0": 0.0}
_totals: dict[str, float] = {}
_stack: list[list] = []  # [name, start, time booked inside it]


def enable() -> None:
    _state.update(on=True, t0=perf_counter())


def on() -> bool:
    return _state["on"]


@contextmanager
def span(name: str):
    if not _state["on"]:
        yield
        return
    frame = [name, perf_counter(), 0.0]
    _stack.append(frame)
    try:
        yield
    finally:
        _stack.pop()
        spent = perf_counter() - frame[1]
        _totals[name] = _totals.get(name, 0.0) + spent - frame[2]
        if _stack:
            _stack[-1][2] += spent


def add(name: str, seconds: float) -> None:
    if _state["on"]:
        _totals[name] = _totals.get(name, 0.0) + seconds
        if _stack:
            _stack[-1][2] += seconds


def report() -> list[tuple[str, float]]:
    """(phase, seconds) since ``enable``, the unbooked rest last."""
    total = perf_counter() - _state["t0"]
    rows = list(_totals.items())
    return rows + [("other (checks, output)", total - sum(t for _, t in rows))]
