"""The one place that parses YAML.

Fast path: libyaml's C parser with the safe constructor, plus a duplicate-key check.
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


def parse(text: str, path: str) -> tuple[Any, list[Diagnostic]]:
    """Parse one file's text. Never raises: a broken file yields (None, [diagnostic])."""
    m = _CONFLICT.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        return None, [diag("Y003", "文件中有未解决的合并冲突标记", path=path, line=line, col=1,
                           hint="用 git 解决冲突：保留正确的一方，删除 <<<<<<< ======= >>>>>>> 标记行后再提交。")]
    try:
        return yaml.load(text, Loader=_Loader), []
    except DuplicateKey as e:
        mark = e.problem_mark
        return None, [diag("Y002", e.problem or "重复的键", path=path, line=mark.line + 1,
                           col=mark.column + 1, hint="同一层级的键只能出现一次，删除或合并重复的一行。")]
    except (yaml.YAMLError, ValueError, TypeError) as e:
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
