"""``dwgk.cli.jsontext.dumps`` writes exactly what ``json.dumps(…, ensure_ascii=False, indent=2,
default=str)`` writes (what every ``--format json`` prints), only faster."""

from __future__ import annotations

import enum
import json
from datetime import date

from hypothesis import given, settings, strategies as st

from dwgk.cli.jsontext import dumps


def reference(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


class Colour(str, enum.Enum):
    RED = "红"


class Level(enum.IntEnum):
    HIGH = 3


leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                   st.dates(), st.sampled_from([Colour.RED, Level.HIGH, "政务\n公开", "\"\\\t\x00\u2028", 10 ** 30]))
keys = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                                                      st.dictionaries(keys, inner, max_size=4)), max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(values)
def test_same_text_as_json_dumps(value):
    assert dumps(value) == reference(value)


@settings(max_examples=100, deadline=None)
@given(values)
def test_one_level_down_as_print_json_list_writes_it(value):
    assert dumps(value, level=1) == reference(value).replace("\n", "\n  ")


def test_edges():
    for value in ({}, [], {"a": {}, "b": [], "c": [{}]}, float("nan"), float("-inf"), {1.5: 1, True: 2, None: 3},
                  {"d": date(2026, 1, 1)}, [Colour.RED, Level.HIGH], "line\nbreak"):
        assert dumps(value) == reference(value)
