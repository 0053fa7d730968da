"""``overdue``, ``due``, ``status`` and ``todo`` evaluate only the deadlines not done yet
(``deadlines.open_rows``): a closed deadline can never be open, overdue or expired for others,
on any day. Checked over every example register and a generated one, on several days."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dwgk import deadlines as dl, todo
from dwgk.bench.generate import generate
from dwgk.clock import OPEN
from dwgk.loader import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/dwgk.yaml"))
DAYS = (date(2025, 3, 1), date(2026, 11, 20), date(2026, 2, 1), date(2027, 6, 30))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("open") / "reg"
    generate(root, 150, seed=11, first_year=2024, git=False, requests=30)
    return root


class Remembering:
    """A memo that keeps each value with the record it was derived from, as the cache does."""

    def __init__(self):
        self.kept: dict = {}
        self.reused = 0

    def __call__(self, record, key, compute):
        got = self.kept.get((id(record), key))
        if got is not None:
            self.reused += 1
            return got[1]
        value = compute()
        self.kept[(id(record), key)] = (record, value)
        return value


def _same(root: Path) -> int:
    reg = load(root)
    closed = 0
    memo = Remembering()
    for today in DAYS + DAYS:  # the second time round, the memo's values are used
        every = dl.rows(reg, today)
        assert dl.open_rows(reg, today, memo=memo) == [r for r in every if r.deadline.done is None
                                                        and r.deadline.done_at is None]
        for r in every:
            if r.deadline.done is not None or r.deadline.done_at is not None:
                closed += 1
                assert not r.overdue and not r.expired_for_others and r.state.status != OPEN, r
        assert dl.open_rows(reg, today) == [r for r in every if r.deadline.done is None and r.deadline.done_at is None]
        assert dl.overdue(dl.open_rows(reg, today)) == dl.overdue(every)
        assert dl.summary(reg, today, rs=dl.open_rows(reg, today)) == dl.summary(reg, today, rs=every)
        assert todo.tasks(reg, today, dl.open_rows(reg, today)) == todo.tasks(reg, today, every)
        cal = dl.calendar_for(reg)
        assert dl.due_within(dl.open_rows(reg, today), cal, today, 30) == dl.due_within(every, cal, today, 30)
    assert memo.reused or not reg.items
    return closed


@pytest.mark.parametrize("root", EXAMPLES, ids=lambda p: p.name)
def test_examples(root):
    _same(root)


def test_generated_register(generated):
    assert _same(generated) > 100  # most deadlines of a register are closed
