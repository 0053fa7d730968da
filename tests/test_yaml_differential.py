"""The fast YAML path against ``yaml.safe_load``: the same value on every input.

``dwgk/yamlread.py`` promises that its fast path (libyaml's composer + ``_build``) gives what
PyYAML's safe loader gives. The reference here is PyYAML's own pure-Python ``SafeLoader`` —
``yaml.safe_load`` — with the one deviation dwgk documents: a timestamp stays the string it
was written as (the model parses dates strictly). A duplicate key is an error in dwgk where
``safe_load`` keeps the last value, so those documents are compared as "both refuse" against
dwgk's full loader instead.

Inputs: YAML text written the way a clerk could write it (plain scalars of every implicit
type — octal ``0777``, sexagesimal ``190:20:30``, booleans, dates, floats such as ``1e5`` and
``57203133e4777604`` — anchors, aliases, tags, flow and block style), and every record file
of the example registers and of a generated bench register.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from dwgk import loader, yamlread
from dwgk.bench.generate import generate

ROOT = Path(__file__).resolve().parent.parent


class _Reference(yaml.SafeLoader):
    """yaml.safe_load, pure Python, dates kept as written (dwgk's one documented deviation)."""


_Reference.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)


def reference(text: str):
    try:
        return "ok", yaml.load(text, Loader=_Reference)
    except (yaml.YAMLError, ValueError, TypeError, LookupError) as e:  # e.g. "!!int 09"
        return "error", type(e).__name__


def fast(text: str):
    try:
        return "ok", yamlread._load(text)
    except yamlread.DuplicateKey:
        return "duplicate"
    except (yaml.YAMLError, ValueError, TypeError, LookupError) as e:  # what ``parse`` turns into Y001
        return "error", type(e).__name__


def _same(text: str) -> None:
    got, want = fast(text), reference(text)
    if got == "duplicate":  # safe_load keeps the last value; dwgk refuses, fast path or not
        with pytest.raises(yamlread.DuplicateKey):
            yaml.load(text, Loader=yamlread._Loader)
        return
    if want[0] == "error" or got[0] == "error":
        assert got[0] == want[0] == "error", (text, got, want)
        return
    # repr: 1 == 1.0 == True in Python, and nan != nan; the types must match too
    assert repr(got) == repr(want), text


# ---------------------------------------------------------------- hand-picked

PLAIN = ["0777", "+0777", "-0777", "00", "09", "0o17", "0x1F", "0b101", "1_000", "0777_1",
         "190:20:30", "1:30", "1:30.5", "-1:00", "1e5", "1E5", "1.0e5", "1.e+5", "57203133e4777604",
         "1.5e4777604", ".inf", "-.Inf", ".NaN", ".5", "0.", "._", "1__0", "+.5", "1,000",
         "yes", "No", "ON", "off", "y", "n", "True", "FALSE", "~", "null", "Null", "NULL", "",
         "2025-01-01", "2025-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10",
         "2026-13-45", "=", "<<", "政务", "a b", "12:60", "0x", "0b", "-", "+", "0xG", "1e",
         "99999999999999999999999", "-0", "+0", "0.0e0", "١٢", "²"]


@pytest.mark.parametrize("value", PLAIN)
@pytest.mark.parametrize("shape", ["a: {}\n", "- {}\n", "[{}]\n", "{{k: {}}}\n", "{}\n"])
def test_plain_scalars(value, shape):
    _same(shape.format(value))


@pytest.mark.parametrize("text", [
    "a: !!str 0777\nb: !!int '0777'\nc: !!float '1e5'\nd: !!bool yes\ne: !!null ''\n",
    "a: !!timestamp 2025-01-01\nb: !!binary aGVsbG8=\nc: !!set {x, y}\nd: !!omap [a: 1]\n",
    "a: !!pairs [a: 1, a: 2]\nb: !!python/name:os.system\n", "a: !custom x\n",
    "x: &a {p: 0777}\ny: *a\nz: *a\n", "x: &a [1e5, 1:30]\ny: [*a, *a]\n", "a: &x\n  b: *x\n",
    "base: &b {a: 1}\nd:\n  <<: *b\n  c: 2\n", "<<: [{a: 1}, {b: 2}]\nc: 3\n",
    "1: a\n0777: b\n2025-01-01: c\nyes: d\n~: e\n", "? [a]\n: 1\n", "a: 1\na: 2\n",
    "a: |\n  0777\nb: >-\n  1e5\nc: '0777'\nd: \"1:30\"\n", "---\n0777\n...\n", "",
])
def test_tags_anchors_and_keys(text):
    _same(text)


# ---------------------------------------------------------------- generated

plain = st.one_of(st.sampled_from(PLAIN), st.from_regex(r"[-+]?[0-9_]{1,6}(\.[0-9_]{0,3})?([eE][-+]?[0-9]{1,3})?",
                                                        fullmatch=True),
                  st.from_regex(r"[-+]?[0-9]{1,3}(:[0-5]?[0-9]){1,2}(\.[0-9]*)?", fullmatch=True),
                  st.from_regex(r"0[0-7_]{1,5}|0x[0-9a-fA-F_]{1,4}|0b[01_]{1,5}", fullmatch=True),
                  st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ tT][0-9]{1,2}:[0-9]{2}:[0-9]{2})?",
                                fullmatch=True))
tag = st.sampled_from(["", "", "", "!!str ", "!!int ", "!!float ", "!!bool ", "!!null "])
scalar = st.builds(lambda t, v: t + v, tag, plain)


def _block(node, indent: int) -> str:
    pad = " " * indent
    if isinstance(node, dict):
        if not node:
            return pad + "{}\n"
        return "".join(f"{pad}{k}:" + (f" {v}\n" if isinstance(v, str) else "\n" + _block(v, indent + 2))
                       for k, v in node.items())
    if isinstance(node, list):
        if not node:
            return pad + "[]\n"
        return "".join(f"{pad}-" + (f" {v}\n" if isinstance(v, str) else "\n" + _block(v, indent + 2))
                       for v in node)
    return pad + node + "\n"


def _flow(node) -> str:
    if isinstance(node, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in node.items()) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(_flow(v) for v in node) + "]"
    return node


keys = st.one_of(st.from_regex(r"[a-z_]{1,6}", fullmatch=True), plain)
trees = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(keys, inner, max_size=4)),
                     max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(trees, st.booleans())
def test_generated_yaml(tree, flow):
    text = _flow(tree) + "\n" if flow else _block(tree, 0)
    _same(text)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z]{1,4}", fullmatch=True), scalar, min_size=1, max_size=4),
       st.sampled_from(["block", "anchor", "merge"]))
def test_generated_anchors_and_merge_keys(mapping, how):
    body = "".join(f"  {k}: {v}\n" for k, v in mapping.items())
    if how == "block":
        text = "a:\n" + body
    elif how == "anchor":
        text = "a: &x\n" + body + "b: *x\nc: [*x, *x]\n"
    else:
        text = "a: &x\n" + body + "b:\n  <<: *x\n  extra: 1\n"
    _same(text)


# ---------------------------------------------------------------- real registers

def _register_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if ".git" not in p.parts and ".dwgk" not in p.parts)


EXAMPLES = _register_files(ROOT / "examples")


@pytest.mark.parametrize("text", ["a: !!bool 0777\n", "a: !!int x\n", "a: !!float x\n", "- !!int 09\n",
                                  "a: !!int\n", "a: !!float\n"])
def test_a_value_its_tag_cannot_read_is_a_finding_not_a_crash(text):
    data, diags = yamlread.parse(text, "x.yaml")
    assert data is None and [d.code for d in diags] == ["Y001"]


def test_examples_are_there():
    assert len(EXAMPLES) > 50
    assert {p.relative_to(ROOT / "examples").parts[0] for p in EXAMPLES} >= {"national", "jiguan"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_every_example_file(path):
    _same(path.read_text(encoding="utf-8"))


def test_every_file_of_a_bench_register(tmp_path):
    root = tmp_path / "reg"
    generate(root, 300, seed=5, git=False)
    files = _register_files(root)
    assert len(files) > 300 and len(list(loader.record_files(root))) >= 300
    for path in files:
        _same(path.read_text(encoding="utf-8"))
