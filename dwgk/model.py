"""The register in memory: its configuration, its catalogue entries, and its records of
every kind (built by each kind's package, see ``dwgk.kinds``), never mutated.

Every record keeps the register-relative ``path`` of its file so a finding can name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from typing import TYPE_CHECKING, Any, Mapping

from dwgk.profile import Profile
from dwgk.roster.model import Roster
from dwgk.vocab import SCOPE_INNER

if TYPE_CHECKING:
    from dwgk.items.model import Item
    from dwgk.messages.model import Message
    from dwgk.requests.model import Request


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
class Register:
    root: str
    config: Config
    profile: Profile
    catalogue: tuple[Entry, ...] = ()
    catalogue_version: int = 0  # bumped by `dwgk catalogue file` (备案)
    catalogue_filed: date | None = None
    catalogue_filed_with: str = ""
    records: Mapping[str, tuple] = field(default_factory=dict)  # kind name → its records
    serials: tuple = ()  # 索引号 serial blocks of serials.yaml (dwgk.serials.Block)
    holidays: Any = None  # parsed holidays.yaml data (see holidays.py), or None
    holidays_text: str = ""
    annual: Mapping[int, Any] = field(default_factory=dict)  # reports/<year>.yaml inputs
    diagnostics: tuple[Any, ...] = ()
    roster: Roster = field(default_factory=Roster)  # people.yaml: who held which role when

    @property
    def items(self) -> "tuple[Item, ...]":
        return self.records.get("items", ())

    @property
    def requests(self) -> "tuple[Request, ...]":
        return self.records.get("requests", ())

    @property
    def messages(self) -> "tuple[Message, ...]":
        return self.records.get("messages", ())

    # Registers are immutable, so lookup tables can be built once, on first use.
    @cached_property
    def _items_by_id(self) -> "dict[str, Item]":
        return {i.id: i for i in self.items}

    @cached_property
    def _entries_by_code(self) -> dict[str, Entry]:
        return {e.code: e for e in self.catalogue}

    def item(self, item_id: str) -> "Item | None":
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
