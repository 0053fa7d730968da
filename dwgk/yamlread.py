"""The one place that parses YAML.

Fast path: libyaml's C parser composes the nodes and ``_build`` turns them into plain
dicts, lists and scalars, checking duplicate keys on the way. It does what the safe
constructor does for the tags our files use (str, int, float, bool, null, timestamp-as-string,
map, seq) at about half its cost; a document with anything else (merge keys, non-string keys,
sets, binary, custom tags) or a duplicate key is handed to the full safe loader
(``_Loader``), so results and errors are the same either way.

Line numbers are recovered lazily by ``locate`` (re-composing one file) only when a
finding needs them, so a clean register costs no more than a plain parse.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from dwgk.diag import Diagnostic, diag

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})( |$)", re.M)


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: set = set()
            for key_node, _ in node.value:
                key = getattr(key_node, "value", None)
                if key in seen and isinstance(key, str):
                    raise DuplicateKey(None, None, f"重复的键“{key}”", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
# Dates stay strings here; the model parses them strictly (YYYY-MM-DD) and reports bad ones
# as findings instead of letting the YAML layer crash on 2026-13-01.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)


# ---- the fast path (libyaml present) ----

_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_NULL, _BOOL, _INT = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int"
_FLOAT, _TIMESTAMP = "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"
_SAFE = yaml.constructor.SafeConstructor()  # its scalar methods are stateless

try:
    from yaml._yaml import CParser
except ImportError:  # no libyaml: always the full loader
    CParser = None


class _Fallback(Exception):
    """The document uses something only the full safe loader handles."""


_ScalarNode, _SequenceNode = yaml.ScalarNode, yaml.SequenceNode
# Resolvers by first character (wildcards appended), in the order BaseResolver.resolve
# tries them, built once instead of on every scalar.
_IMPLICIT = {ch: tuple(rs) + tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
             for ch, rs in _Loader.yaml_implicit_resolvers.items() if ch is not None}
# Plain scalars that could be something other than a string (keys like "opinion", dates,
# numbers) repeat across a register: remember their tag instead of running the regexes.
_RESOLVED: dict[str, str] = {}


def _resolve_plain(value: str) -> str:
    tag = _RESOLVED.get(value)
    if tag is None:
        tag = next((t for t, regexp in _IMPLICIT[value[:1]] if regexp.match(value)), _STR)
        if len(_RESOLVED) < 50_000 and len(value) <= 64:
            _RESOLVED[value] = tag
    return tag


if CParser is not None:
    import operator

    class _Composer(CParser):  # type: ignore[misc, valid-type]
        """libyaml's composer with a lean resolver (we never use path resolvers).

        libyaml calls descend/ascend_resolver for every node; they have nothing to do, so
        they are C built-ins that ignore their arguments, which is cheaper than a Python
        method (builtins do not bind to the instance).
        """

        descend_resolver = operator.is_  # (parent, index) → ignored
        ascend_resolver = int  # () → ignored

        def resolve(self, kind, value, implicit):
            if kind is _ScalarNode:
                if implicit[0] and value[:1] in _IMPLICIT:
                    return _resolve_plain(value)
                return _STR
            return _SEQ if kind is _SequenceNode else _MAP


# Keys and short values ("action", "审批", a clerk's name, a date) recur thousands of times in
# a register: keep one string object for each, as a register of 50,000 items would
# otherwise hold a million copies of a few thousand strings.
_SHARED: dict[str, str] = {}
_share = _SHARED.setdefault
SHARE_MAX_LEN, SHARE_MAX_COUNT = 24, 200_000


def _scalar(node) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR or tag == _TIMESTAMP:  # dates stay strings (see _Loader)
        return _share(value, value) if len(value) <= SHARE_MAX_LEN else value
    if tag == _NULL:
        return None
    if tag == _INT:
        return int(value) if value.isdigit() else _SAFE.construct_yaml_int(node)
    if tag == _BOOL:
        return _SAFE.construct_yaml_bool(node)
    if tag == _FLOAT:
        return _SAFE.construct_yaml_float(node)
    raise _Fallback


def _build(node, memo: dict) -> Any:
    """The value of a composed node: what the safe loader would construct."""
    if node.__class__ is _ScalarNode:
        return _scalar(node)
    if id(node) in memo:  # an alias: the same object, as the safe loader gives
        return memo[id(node)]
    tag = node.tag
    if tag == _MAP:
        out: dict = {}
        memo[id(node)] = out
        for key_node, value_node in node.value:
            if key_node.tag != _STR or key_node.__class__ is not _ScalarNode:
                raise _Fallback
            key = key_node.value
            if key in out:  # reported by the full loader, in the order it checks keys
                raise _Fallback
            if value_node.__class__ is _ScalarNode and value_node.tag == _STR:  # most values
                value = value_node.value
                out[_share(key, key)] = _share(value, value) if len(value) <= SHARE_MAX_LEN else value
            else:
                out[_share(key, key)] = _build(value_node, memo)
        return out
    if tag == _SEQ:
        seq: list = []
        memo[id(node)] = seq
        seq.extend(_build(v, memo) for v in node.value)
        return seq
    raise _Fallback


def _load(text: str) -> Any:
    if CParser is not None:
        composer = _Composer(text)
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
        if node is None:
            return None
        if len(_SHARED) > SHARE_MAX_COUNT:  # a long-lived process reading many registers
            _SHARED.clear()
        try:
            return _build(node, {})
        except (_Fallback, RecursionError):
            pass
    return yaml.load(text, Loader=_Loader)


def _conflict(text: str):
    if "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text:
        return _CONFLICT.search(text)
    return None


def parse(text: str, path: str) -> tuple[Any, list[Diagnostic]]:
    """Parse one file's text. Never raises: a broken file yields (None, [diagnostic])."""
    m = _conflict(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        return None, [diag("Y003", "文件中有未解决的合并冲突标记", path=path, line=line, col=1,
                           hint="用 git 解决冲突：保留正确的一方，删除 <<<<<<< ======= >>>>>>> 标记行后再提交。")]
    try:
        return _load(text), []
    except DuplicateKey as e:
        mark = e.problem_mark
        return None, [diag("Y002", e.problem or "重复的键", path=path, line=mark.line + 1,
                           col=mark.column + 1, hint="同一层级的键只能出现一次，删除或合并重复的一行。")]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        return None, [diag("Y001", f"YAML 语法错误：{problem}", path=path,
                           line=(mark.line + 1) if mark else 0, col=(mark.column + 1) if mark else 0,
                           hint="检查该行的缩进、冒号后的空格和引号是否成对；含冒号的文字请用引号括起来。")]


def locate(text: str, keypath: tuple) -> tuple[int, int]:
    """(line, col), 1-based, of the value at ``keypath`` (keys and list indexes).

    Falls back to the deepest node found, then to line 1.
    """
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return 1, 1
    best = node
    for key in keypath:
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    nxt = k if v.start_mark.line != k.start_mark.line and isinstance(
                        v, (yaml.MappingNode, yaml.SequenceNode)) else v
                    node = v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            nxt = node = node.value[key]
        if nxt is None:
            break
        best = nxt
    if best is None:
        return 1, 1
    return best.start_mark.line + 1, best.start_mark.column + 1


def dump(data: Any) -> str:
    """Serialise a record the way the writer stores it: block style, Chinese kept readable."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_presenter(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)
# Our loader reads timestamps as plain strings, so dates can be written unquoted.
_Dumper.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:timestamp"]
    for ch, rs in _Dumper.yaml_implicit_resolvers.items()
}
