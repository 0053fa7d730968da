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
        # "0777" is octal in YAML 1.1 (511, as yaml.safe_load reads it): only a plain decimal
        # without a leading zero takes the short cut
        return int(value) if value.isdigit() and (value[0] != "0" or len(value) == 1) \
            else _SAFE.construct_yaml_int(node)
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
    if "&" in text or "*" in text:
        found = _anchor(text, path)
        if found is not None:
            return None, [found]
    try:
        return _load(text), []
    except DuplicateKey as e:
        mark = e.problem_mark
        return None, [diag("Y002", e.problem or "重复的键", path=path, line=mark.line + 1,
                           col=mark.column + 1, hint="同一层级的键只能出现一次，删除或合并重复的一行。")]
    except yaml.YAMLError as e:
        line, col, message = _explain(e, text)
        return None, [diag("Y001", f"YAML 语法错误：{message}", path=path, line=line, col=col,
                           hint="检查该行的缩进、冒号后的空格和引号是否成对；含冒号的文字请用引号括起来。")]
    except (ValueError, TypeError, LookupError, RecursionError):  # "!!int x"; "!!bool 7", "!!int" (Key-, IndexError)
        return None, [diag("Y001", "YAML 内容无法解析（嵌套过深或数值无效）", path=path, line=1, col=1,
                           hint="对照 dwgk 生成的文件检查格式。")]


def _anchor(text: str, path: str) -> Diagnostic | None:
    """The first anchor (&name) or alias (*name) in ``text``, as a finding. Nothing in a
    register needs them, and ten nested aliases in a 1 KB file expand to 10¹⁰ values."""
    try:
        for tok in yaml.scan(text, Loader=_Base):
            if isinstance(tok, (yaml.AnchorToken, yaml.AliasToken)):
                what = "锚点（&" if isinstance(tok, yaml.AnchorToken) else "别名（*"
                return diag("Y013", f"登记簿文件不能使用 YAML {what}{tok.value}）", path=path,
                            line=tok.start_mark.line + 1, col=tok.start_mark.column + 1,
                            hint="把引用处写成完整的内容；以 & 或 * 开头的文字请用引号括起来。")
    except yaml.YAMLError:
        return None  # a syntax error: the parse below reports it
    return None


def as_count(value: Any) -> int | None:
    """A non-negative whole number as YAML means it (an int, not a bool; a string of ASCII
    digits is accepted too), else None: ``"²".isdigit()`` is true, and ``int("²")`` fails."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


# What the parser says (libyaml's or PyYAML's words) → what to tell a clerk. The problem is
# looked up first, then the context (the construct being read); the first match wins.
_PROBLEMS = (
    ("tab", "含有制表符（Tab）：缩进只能用空格"),
    ("mapping values are not allowed", "这里不能再出现“键: 值”（文字中含“: ”时请用引号括起来）"),
    ("expected ':'", "这一行缺少“键: 值”中的冒号"),
    ("expected key", "缩进不一致：同一层级的键须左对齐"),
    ("block end", "缩进不一致：同一层级的键须左对齐"),
    ("'-' indicator", "列表缩进不一致：同一列表的“- ”须左对齐"),
    ("undefined alias", "引用了未定义的锚点（*名称）"),
    ("escape character", "双引号中有无效的转义（\\ 后的字符）；改用单引号"),
    ("cannot start any token", "此处的字符不能作为值的开头（以 @、` 等开头的文字请用引号括起来）"),
    ("single document", "文件中有多个文档（---）；每个文件只能有一个"),
    ("another document", "文件中有多个文档（---）；每个文件只能有一个"),
    ("nesting depth", "方括号或花括号嵌套过深"),
    ("constructor for the tag", "含有不支持的标签（!!…、!…）：登记簿文件只能写文字、数字、日期、列表和映射；删去该标签"),
    ("duplicate anchor", "锚点（&名称）重复"),
)
_CONTEXTS = (
    ("quoted scalar", "引号没有闭合"),
    ("flow sequence", "方括号“[”没有闭合，或列表项之间缺少逗号"),
    ("flow mapping", "花括号“{”没有闭合，或各项之间缺少逗号"),
)
# A construct opened and never closed is noticed only later (often at the end of the file):
# then the place to show is where the construct starts.
_UNCLOSED = ("end of stream", "expected ','", "expected ':'")


def _explain(e: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """(line, col, 中文说明) of a parser error, pointing where the clerk has to look."""
    if isinstance(e, yaml.reader.ReaderError):  # a control character (e.g. NUL) in the text
        # libyaml counts bytes, PyYAML characters: find the character itself instead.
        m = yaml.reader.Reader.NON_PRINTABLE.search(text)
        pos = m.start() if m else max(0, min(int(e.position or 0), len(text)))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = ord(m.group()) if m else (e.character if isinstance(e.character, int) else 0)
        return line, col, f"含有不允许的控制字符 U+{char:04X}；删除该字符（可能来自复制粘贴）"
    context = str(getattr(e, "context", None) or "")
    problem = str(getattr(e, "problem", None) or "")
    pm, cm = getattr(e, "problem_mark", None), getattr(e, "context_mark", None)
    unclosed = any(k in problem for k in _UNCLOSED)
    message = (None if "end of stream" in problem else
               next((zh for key, zh in _PROBLEMS if key in problem), None))
    message = message or next((zh for key, zh in _CONTEXTS if key in context), None) \
        or f"无法解析（{problem or context or '未知错误'}）"
    mark = cm if cm is not None and (unclosed or pm is None) else pm
    if mark is None:
        return 1, 1, message
    return mark.line + 1, mark.column + 1, message


class KeyName(str):
    """A key in a key path that stands for the key itself, not its value (unknown keys)."""


def locate(text: str, keypath: tuple) -> tuple[int, int]:
    """(line, col), 1-based, of the value at ``keypath`` (keys and list indexes).

    A last element wrapped in ``KeyName`` gives the key's own position. Falls back to the
    deepest node found, then to line 1.
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
                    nxt = k if isinstance(key, KeyName) or v.start_mark.line != k.start_mark.line and isinstance(
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
