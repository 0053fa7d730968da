"""What every kind's 台账 shares: the column model, the problems a row can have, reading a
row's typed cells, and the source key that refuses a second import of the same row."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable, Mapping

from dwgk.diag import Refused
from dwgk.records import Source
from dwgk.sheetread import Row, cell_date, cell_int, cell_list, cell_text


@dataclass(frozen=True)
class Column:
    """One column of a kind's 台账: its header in the template, what it holds, and the closed
    list of values it takes (a drop-down in the template)."""

    key: str
    header: str
    help: str
    required: bool = False
    kind: str = "text"  # text | date | int | list (several values, separated by 、)
    choices: tuple[str, ...] = ()
    strict: bool = True  # only the choices (a list column may hold several of them)
    aliases: tuple[str, ...] = ()  # other headers offices commonly use
    synonyms: Mapping[str, str] = field(default_factory=dict)  # a value's other words → the value (通过 → 同意)
    width: int = 0  # template column width (characters); 0: from the header and choices


@dataclass(frozen=True)
class Problem:
    """A row (or a header) the importer cannot take, as ``FILE:第N行:列名: error[CODE] 说明``."""

    file: str
    row: int  # 0: about the file or its header
    column: str
    code: str
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        where = self.file + (f":第{self.row}行" if self.row else "") + (f":{self.column}" if self.column else "")
        text = f"{where}: {self.severity}[{self.code}] {self.message}"
        return text + (f"\n  提示: {self.hint}" if self.hint else "")

    def to_json(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "severity": self.severity,
                "code": self.code, "message": self.message, "hint": self.hint}


class RowError(Exception):
    """Stops one row: a cell the row's record cannot be made without."""

    def __init__(self, column: str, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.column, self.code, self.message, self.hint = column, code, message, hint


@dataclass
class Cells:
    """One row's cells by column key, read with problems collected: each reader gives the typed
    value or None, and notes a problem against the column as the file names it."""

    row: Row
    file: str
    headers: dict[str, str]  # column key → the header as the file has it
    columns: dict[str, Column]
    problems: list[Problem] = field(default_factory=list)
    _text: dict[str, str] = field(default_factory=dict)  # each cell's text, read once

    def raw(self, key: str) -> Any:
        header = self.headers.get(key)
        return self.row.cells.get(header, "") if header else ""

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.columns[key].header

    def has(self, key: str) -> bool:
        return self.raw(key) != ""

    def problem(self, key: str, code: str, message: str, hint: str = "") -> None:
        p = Problem(self.file, self.row.number, self.header(key), code, message, hint)
        if p not in self.problems:  # a cell read twice is told once
            self.problems.append(p)

    def _missing(self, key: str, required: bool) -> None:
        if required:
            self.problem(key, "X020", f"缺少{self.columns[key].header}", self.columns[key].help)

    def text(self, key: str, required: bool = False) -> str:
        v = self._text.get(key)
        if v is None:
            v = self._text[key] = cell_text(self.raw(key))
        if not v:
            self._missing(key, required or self.columns[key].required)
            return ""
        col = self.columns[key]
        v = col.synonyms.get(v, v)
        if col.choices and col.strict and v not in col.choices:
            self.problem(key, "X021", f"“{v}”不是可选的值", "可选：" + "、".join(col.choices) + "。")
            return ""
        return v

    def items(self, key: str, required: bool = False) -> list[str]:
        vs = cell_list(self.raw(key))
        if not vs:
            self._missing(key, required or self.columns[key].required)
            return []
        col = self.columns[key]
        vs = [col.synonyms.get(v, v) for v in vs]
        bad = [v for v in vs if col.choices and col.strict and v not in col.choices]
        if bad:
            self.problem(key, "X021", "“" + "、".join(bad) + "”不是可选的值", "可选：" + "、".join(col.choices)
                         + "；多个值用“、”分隔。")
            return []
        return vs

    def day(self, key: str, required: bool = False) -> date | None:
        d, why = cell_date(self.raw(key))
        if why:
            self.problem(key, "X022", why, "写成 2025-03-01、2025/3/1 或 2025年3月1日，或设为 Excel 日期格式。")
        elif d is None:
            self._missing(key, required or self.columns[key].required)
        return d

    def number(self, key: str, required: bool = False) -> int | None:
        n, why = cell_int(self.raw(key))
        if why:
            self.problem(key, "X023", why, "写整数，例如 15。")
        elif n is None:
            self._missing(key, required or self.columns[key].required)
        return n


def refusal(cells: Cells, key: str, r: Refused) -> None:
    """A kind's action refused the step this column records: say so against the column."""
    cells.problems.append(Problem(cells.file, cells.row.number, cells.header(key), r.code, r.message, r.hint))


def source_key(kind: str, values: dict[str, Any]) -> str:
    """The key of a row's content (kind, and each column's value by its template meaning):
    the same row imported again — from this file or a copy of it — has the same key."""
    plain = {k: cell_text(v) for k, v in sorted(values.items()) if cell_text(v)}
    text = json.dumps([kind, plain], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def source(file: str, row: int, key: str) -> dict:
    return Source(file, row, key).to_json()


def token(key: str, n: int = 0) -> str:
    """Six hex digits for a new record's ID, drawn from the row's key (a re-run makes the same
    IDs; ``n`` moves on past an ID that is taken)."""
    return hashlib.sha256(f"{key}:{n}".encode()).hexdigest()[:6]


def imported_keys(records: Iterable) -> dict[str, str]:
    """Source key → record ID, over the records of one kind already in the register."""
    out: dict[str, str] = {}
    for rec in records:
        for e in rec.history:
            if e.source is not None:
                out.setdefault(e.source.key, rec.id)
    return out


Finder = Callable[[Cells], "tuple[dict, str] | None"]


def attempt(key: str, run: Callable[[], Any]) -> Any:
    """Run one of the kind's pure actions for the step ``key`` records; its refusal stops the
    row, named against that column."""
    try:
        return run()
    except Refused as r:
        raise RowError(key, r.code, r.message, r.hint) from None


def stopped(cells: Cells, e: RowError) -> None:
    cells.problems.append(Problem(cells.file, cells.row.number, cells.header(e.column), e.code, e.message, e.hint))


def person(cells: Cells, key: str, what: str) -> str:
    """The name in ``key``: every recorded act names who did it (X024 when the cell is empty)."""
    name = cells.text(key)
    if not name:
        cells.problem(key, "X024", f"{what}没有写明由谁办理", f"在“{cells.columns[key].header}”中写姓名。")
    return name
