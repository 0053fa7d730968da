"""``records.lean``: a record built without ``__init__`` is the record ``__init__`` builds."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from dwgk import loader
from dwgk.bench.generate import generate
from dwgk.items.model import Item, ItemEvent
from dwgk.records import lean


def test_every_event_of_a_generated_register_equals_one_built_by_init(tmp_path):
    root = tmp_path / "reg"
    generate(root, 80, seed=4, first_year=2025, git=False, requests=10)
    events = [e for i in loader.load(root).items for e in i.history]
    assert len(events) > 200
    for e in events:
        values = {f.name: getattr(e, f.name) for f in dataclasses.fields(e)}
        built = ItemEvent(**values)
        assert e == built and repr(e) == repr(built)
        assert dataclasses.replace(e, opinion="x") == dataclasses.replace(built, opinion="x")
        assert pickle.loads(pickle.dumps(e)) == e


def test_every_request_event_equals_one_built_by_init_and_holds_only_what_it_says(tmp_path):
    """Request events are built ``sparse``: their ``__dict__`` has no field at its default."""
    from dwgk.requests.model import RequestEvent
    root = tmp_path / "reg"
    generate(root, 20, seed=5, first_year=2025, git=False, requests=40)
    events = [e for r in loader.load(root).requests for e in r.history]
    assert len(events) > 100
    defaults = {f.name: f.default for f in dataclasses.fields(RequestEvent)}
    for e in events:
        built = RequestEvent(**{f.name: getattr(e, f.name) for f in dataclasses.fields(e)})
        assert e == built and repr(e) == repr(built) and e.to_json() == built.to_json()
        assert not [k for k, v in e.__dict__.items() if k in defaults and type(v) is type(defaults[k])
                    and v == defaults[k]]
        assert pickle.loads(pickle.dumps(e)) == e


def test_lean_refuses_what_init_refuses():
    d = date(2026, 1, 1)
    e = lean(ItemEvent, action="review", date=d, by="张三")
    assert e == ItemEvent("review", d, "张三") and e.result == "" and e.findings == ()
    with pytest.raises(TypeError):
        lean(ItemEvent, action="review", date=d)  # by is required
    with pytest.raises(TypeError):
        lean(ItemEvent, action="review", date=d, by="张三", colour="red")
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.result = "x"


def test_lean_is_only_for_classes_whose_defaults_live_on_the_class():
    @dataclasses.dataclass(frozen=True)
    class WithFactory:
        a: int
        b: list = dataclasses.field(default_factory=list)
    with pytest.raises(TypeError):
        lean(WithFactory, a=1)
    assert isinstance(lean(Item, id="x", title="t", content="", entry=None, scope="", channels=(),
                           department="", proposer=""), Item)


def test_item_events_built_from_the_keys_written_are_those_built_from_every_key():
    """build_event converts only the keys an entry has; every other field keeps its default —
    which must be what converting "nothing" (None) gives, as the builder did for every key."""
    from dwgk.items import build
    fields = {f.name: f for f in dataclasses.fields(ItemEvent)}
    assert set(build._FIELDS) | build._BASIC | {"index", "until", "meeting_date", "source", "entry"} == set(fields)
    for key, convert in build._FIELDS.items():
        value = convert(None)
        assert value == fields[key].default and type(value) is type(fields[key].default), key


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["opinion", "findings", "participants", "opinions", "result_published",
                                        "previous", "level", "channel", "kind", "index_no", "until", "source"]),
                       st.one_of(st.none(), st.text(max_size=5), st.integers(), st.booleans(),
                                 st.lists(st.text(max_size=3), max_size=2),
                                 st.dictionaries(st.sampled_from(["title", "scope", "x"]), st.text(max_size=3),
                                                 max_size=2)),
                       max_size=5))
def test_every_field_is_its_key_converted(extra):
    from dwgk.fields import Findings
    from dwgk.items import build
    raw = {"action": "review", "date": "2026-01-05", "by": "张三", "step": "审核", "result": "同意", **extra}
    e = build.build_event(raw, 0, Findings("x.yaml"))
    for key, convert in build._FIELDS.items():
        assert getattr(e, key) == convert(raw.get(key)), key
