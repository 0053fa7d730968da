"""台账 import: an office's spreadsheet of past 公开事项, 依申请公开 or 留言 made into records.

==============  =====================================================================
``base``        the column model, a row's problems (``FILE:第N行:列名: error[CODE]``), the source key
``items``       the 公开事项登记台账: columns from the profile; a row → an item
``requests``    the 依申请公开登记台账
``messages``    the 留言办理台账
==============  =====================================================================

Each row becomes one record whose history is built by the kind's own pure actions — the very
functions the commands run — so an imported record passes ``dwgk check`` and counts in every
report and deadline as if it had been entered by hand. Every event of it carries its
``source`` (file, row, and the key of the row's content): a row already imported is refused,
so nothing is counted twice. :func:`plan` is all or nothing: it returns the files to write,
or every problem of every row and none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any, Callable, Iterator, Mapping, Sequence

from dwgk.kinds import BY_NAME
from dwgk.ledger import items, messages, requests
from dwgk.ledger.base import Cells, Column, Problem, imported_keys, source, source_key, token
from dwgk.model import Register
from dwgk.records import Kind
from dwgk.sheetread import Sheet, cell_text, header_text
from dwgk.yamlread import dump

SPECS: dict[str, ModuleType] = {"items": items, "requests": requests, "messages": messages}
YEAR_OF = {"items": "submitted", "requests": "received", "messages": "received"}


@dataclass
class Outcome:
    kind: str
    files: dict[str, str] = field(default_factory=dict)
    created: list[tuple[int, str, str]] = field(default_factory=list)  # (row, ID, what it is)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def columns(reg: Register, kind: str) -> list[Column]:
    return SPECS[kind].columns(reg)


def export_rows(reg: Register, kind: str, records: Sequence) -> tuple[list[Column], Callable[[], Iterator[dict[str, Any]]]]:
    """The columns of the kind's 台账 and each record as a row (column key → value), made
    afresh each time ``rows()`` is called (50,000 items' rows, with their texts, are hundreds
    of MB): what ``list --format xlsx`` writes, and what ``dwgk import`` reads back."""
    spec = SPECS[kind]
    return spec.columns(reg), lambda: (spec.row_of(reg, r) for r in records)


# ---------------------------------------------------------------- headers

def header_map(cols: list[Column], mapping: Mapping[str, str | None]) -> Callable[[str], str | None]:
    """The file's header → the template's header it stands for (None: ignore the column)."""
    names: dict[str, str] = {}
    for col in cols:
        for name in (col.header, *col.aliases):
            names.setdefault(header_text(name), col.header)
    renamed = {header_text(k): (header_text(v) if v else None) for k, v in mapping.items()}

    def find(header: str) -> str | None:
        h = header_text(header)
        if h in renamed:
            target = renamed[h]
            return names.get(target, target) if target else None
        return names.get(h)
    return find


def read_headers(sheet: Sheet, cols: list[Column], mapping: Mapping[str, str | None], derived: tuple[str, ...],
                 ) -> tuple[dict[str, str], list[Problem], list[Problem]]:
    """(column key → the file's header, problems, warnings) for the sheet's header row."""
    by_header = {c.header: c for c in cols}
    find = header_map(cols, mapping)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    found: dict[str, str] = {}
    ignored = []
    for h in sheet.headers:
        target = find(h)
        if target is None or target not in by_header:
            if h not in derived and not (target is None and header_text(h) in {header_text(k) for k in mapping}):
                ignored.append(h)
            continue
        key = by_header[target].key
        if key in found:
            problems.append(Problem(sheet.path, sheet.header_row, h, "X011",
                                    f"“{h}”和“{found[key]}”都对应模板的“{target}”列",
                                    "一列只能导入一次：在映射文件中把其中一列映射为空（列名: ~）。"))
            continue
        found[key] = h
    for k, v in mapping.items():
        if v and header_text(v) not in {header_text(n) for c in cols for n in (c.header, *c.aliases)}:
            problems.append(Problem(sheet.path, 0, "", "X012", f"映射文件把“{k}”映射到模板中没有的列“{v}”",
                                    "映射的右边写模板的列名（dwgk import template 生成的模板第一行）。"))
    for c in cols:
        if c.required and c.key not in found:
            problems.append(Problem(sheet.path, sheet.header_row, c.header, "X010", f"缺少必填的列“{c.header}”",
                                    "在表头中加上这一列，或用 --map 把本单位台账的列名映射到它（"
                                    + c.help + "）"))
    if ignored:
        warnings.append(Problem(sheet.path, sheet.header_row, "", "X013", "以下列不在模板中，未导入：" + "、".join(ignored),
                                "如这些列有要导入的内容，用 --map 把它们映射到模板的列名。", "warning"))
    return found, problems, warnings


# ---------------------------------------------------------------- the import

def plan(reg: Register, kind_name: str, sheet: Sheet, mapping: Mapping[str, str | None], today: date,
         progress: Callable[[int], None] | None = None) -> Outcome:
    """Every row of ``sheet`` as a new record of ``kind_name``, or every problem (all or nothing)."""
    kind: Kind = BY_NAME[kind_name]
    spec = SPECS[kind_name]
    cols = spec.columns(reg)
    out = Outcome(kind_name)
    found, out.problems, out.warnings = read_headers(sheet, cols, mapping, spec.DERIVED)
    if out.problems:
        return out
    by_key = {c.key: c for c in cols}
    existing = {r.id for r in reg.records.get(kind_name, ())}
    taken = set(existing)
    seen_keys = imported_keys(reg.records.get(kind_name, ()))
    in_file: dict[str, int] = {}
    numbering = IndexNumbers(reg) if kind_name == "items" else None
    first = found.get("title") or found.get("applicant") or found.get("citizen") or ""
    for n, row in enumerate(sheet.rows):
        if progress is not None:
            progress(n)
        cells = Cells(row, sheet.path, found, by_key)
        values = {k: row.cells.get(h, "") for k, h in found.items()}
        key = source_key(kind_name, values)
        if key in seen_keys:
            cells.problems.append(Problem(sheet.path, row.number, first, "X030",
                                          f"这一行已经导入过（{kind.label} {seen_keys[key]}）",
                                          "同一行不能导入两次；删去已导入的行后再导入。"))
        elif key in in_file:
            cells.problems.append(Problem(sheet.path, row.number, first, "X031", f"与第{in_file[key]}行完全相同",
                                          "删去重复的行。"))
        in_file.setdefault(key, row.number)
        record_id = _record_id(kind, cells, key, existing, taken)
        raw = spec.make(reg, cells, record_id, today)  # reads every cell: each wrong one is told
        if raw is not None and numbering is not None:
            numbering.apply(raw, cells)
        if raw is None or cells.problems:
            out.problems += cells.problems
            continue
        mark = source(sheet.path, row.number, key)
        for ev in raw["history"]:
            ev["source"] = dict(mark)  # one mapping each: a shared one would be dumped as a YAML alias
        path = kind.path_for(record_id)  # each action built the record as it grew: it reads back
        taken.add(record_id)
        out.files[path] = dump(raw)
        out.created.append((row.number, record_id, cell_text(raw.get("title") or raw.get("applicant")
                                                             or raw.get("citizen") or "")))
    if out.problems:
        out.files.clear()
        out.created.clear()
    return out


_ID_TAIL = re.compile(r"^\d{4}-[0-9a-f]{6}$")


def _record_id(kind: Kind, cells: Cells, key: str, existing: set[str], taken: set[str]) -> str:
    """The row's own 编号 (an export of this or another register), or a new one from its key."""
    given = cells.text("id")
    if given:
        if not (kind.owns(given) and _ID_TAIL.match(given[len(kind.prefix) + 1:])):
            cells.problem("id", "X032", f"编号“{given}”不是{kind.label}编号",
                          f"{kind.label}编号形如 {kind.prefix}-2025-1a2b3c；新记录的编号留空，导入时自动编号。")
        elif given in existing:
            cells.problem("id", "X033", f"登记簿中已有编号为 {given} 的{kind.label}",
                          "这一行已在登记簿中（可能已导入过）；删去这一行，或清空编号作为新记录导入。")
        elif given in taken:
            cells.problem("id", "X031", f"编号 {given} 在文件中出现了两次", "每行的编号须不同。")
        return given
    day = cells.day(YEAR_OF[kind.name])
    year = day.year if day else 0  # no date: the row is refused for it anyway
    n = 0
    while (rid := kind.new_id(year, token(key, n))) in taken:
        n += 1
    return rid


class IndexNumbers:
    """索引号 for imported publications: a row's own, or the next serial of the publisher and
    year — counted over the register and the rows before, as ``dwgk publish`` counts."""

    def __init__(self, reg: Register):
        self.code = reg.config.code
        self.used: set[str] = set()
        self.top: dict[str, int] = {}
        for it in reg.items:
            for e in it.history:
                if e.index_no:
                    self._note(e.index_no)
        for b in reg.serials:  # serial blocks claimed by clones of a shared register
            head = f"{self.code}/{b.year}"
            self.top[head] = max(self.top.get(head, 0), b.last)

    def _note(self, no: str) -> None:
        self.used.add(no)
        head, _, serial = no.rpartition("-")
        if serial.isdigit():
            self.top[head] = max(self.top.get(head, 0), int(serial))

    def apply(self, raw: dict, cells: Cells) -> None:
        """Number the first publication of ``raw`` (the one that takes the 索引号)."""
        given = cells.text("index_no")
        ev = next((e for e in raw.get("history", ()) if e.get("action") == "publish" and e.get("index_no")), None)
        if ev is None:
            return
        if given and given in self.used:
            cells.problem("index_no", "X034", f"索引号“{given}”已被使用", "索引号不得重复；清空后按规则编号。")
            return
        head = f"{self.code}/{str(ev['date'])[:4]}"
        no = given or f"{head}-{self.top.get(head, 0) + 1:05d}"
        ev["index_no"] = no
        self._note(no)
