"""Immutable in-memory records of a register.

Records are built by ``items.py`` (and ``requests.py`` / ``messages.py``) from parsed
YAML and never mutated; stage and waiting steps are *derived* in ``workflow.py``.
Every record keeps the register-relative ``path`` of its file so a finding can name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from typing import Any, Mapping

from dwgk.vocab import (CADENCES, SCOPE_INNER, SCOPE_PUBLIC, SCOPE_SPECIFIC, SCOPES, STAGE_NAMES,  # noqa: F401
                        STAGES, TIMINGS)


@dataclass(frozen=True)
class Config:
    org: str
    code: str = ""
    profile: str = "national"
    overrides: Mapping[str, Any] = field(default_factory=dict)
    departments: tuple[str, ...] = ()
    people: Mapping[str, str] = field(default_factory=dict)  # name → role
    start: date | None = None  # register's first day; periodic duties are counted from here
    office: Any = None  # dwgk.office.Office: 文号 patterns, remedy bodies, the annual report's contact


@dataclass(frozen=True)
class Entry:
    """One line of the 公开目录."""

    code: str
    category: tuple[str, ...]
    name: str
    content: str = ""
    scope: str = SCOPE_INNER
    channels: tuple[str, ...] = ()
    timing: str = "及时"
    cadence: str = ""
    department: str = ""
    since: date | None = None  # when the entry entered the catalogue
    basis: str = ""  # 公开依据 (dwgk.catalogue_columns: the 基层政务公开标准目录's columns)
    subject: str = ""  # 公开主体 (default: the office and the responsible department)
    mode: str = "主动公开"  # 公开方式: 主动公开 | 依申请公开
    level: tuple[str, ...] = ()  # 公开层级: 市级, 县级 …
    path: str = ""
    index: int = 0  # position in the catalogue file (for line lookup)


@dataclass(frozen=True)
class Event:
    """One recorded decision or act in an item's history."""

    action: str  # submit | review | mitigate | prepublish | publish | feedback | archive | withhold | revise
    # | transfer | rereview | meeting (records beside the procedure that close deadlines)
    date: date
    by: str
    role: str = ""
    step: str = ""
    result: str = ""
    opinion: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    index: int = 0  # position in the history list


@dataclass(frozen=True)
class Item:
    """A disclosure item (公开事项)."""

    id: str
    title: str
    content: str
    entry: str | None
    scope: str
    channels: tuple[str, ...]
    department: str
    proposer: str
    timing: str = "及时"
    reason: str = ""  # why it is outside the catalogue
    kind: str = "党务"  # 党务 | 政务
    attribute: str = ""  # 公文属性: 主动公开 | 依申请公开 | 不予公开 (政务)
    doc_number: str = ""  # 文号
    doc_date: date | None = None  # 成文日期
    first_inner: bool = False  # 先党内、后党外
    major: bool = False  # 重大事项: needs 预公开 where the profile has it
    interprets: str = ""  # ID of the document this 政策解读 explains
    period: str = ""  # 定期公开: the period it reports on (2026Q3 / 2026H1 / 2026), if stated
    attachments: tuple[str, ...] = ()
    history: tuple[Event, ...] = ()
    path: str = ""

    @property
    def submitted(self) -> date | None:
        return self.history[0].date if self.history else None

    def with_history(self, history: tuple[Event, ...]) -> "Item":
        """This item with another history: ``dataclasses.replace(item, history=…)``, without
        re-running ``__init__`` — ``dwgk check`` replays every history one prefix at a time."""
        new = object.__new__(Item)
        new.__dict__.update(self.__dict__, history=history)
        return new


@dataclass(frozen=True)
class Register:
    root: str
    config: Config
    profile: Any  # dwgk.profile.Profile
    catalogue: tuple[Entry, ...] = ()
    catalogue_version: int = 0  # bumped by `dwgk catalogue file` (备案)
    catalogue_filed: date | None = None
    catalogue_filed_with: str = ""
    items: tuple[Item, ...] = ()
    requests: tuple[Any, ...] = ()
    messages: tuple[Any, ...] = ()
    holidays: Any = None  # parsed holidays.yaml data (see holidays.py), or None
    holidays_text: str = ""
    annual: Mapping[int, Any] = field(default_factory=dict)  # reports/<year>.yaml inputs
    diagnostics: tuple[Any, ...] = ()

    # Registers are immutable, so lookup tables can be built once, on first use.
    @cached_property
    def _items_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def _entries_by_code(self) -> dict[str, Entry]:
        return {e.code: e for e in self.catalogue}

    def item(self, item_id: str) -> Item | None:
        return self._items_by_id.get(item_id)

    def entry(self, code: str) -> Entry | None:
        return self._entries_by_code.get(code)

    @cached_property
    def _departments(self) -> tuple[str, ...]:
        out = [*getattr(self.profile, "departments", ()), *self.config.departments,
               *(e.department for e in self.catalogue)]
        return tuple(d for d in dict.fromkeys(out) if d)

    def known_departments(self) -> tuple[str, ...]:
        """Departments of the profile, dwgk.yaml and the catalogue, in that order."""
        return self._departments
