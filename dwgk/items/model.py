"""The disclosure item (公开事项) and the typed events of its history.

Built by ``dwgk.items.build`` from a file and never mutated; stage and waiting steps are
derived in ``dwgk.items.procedure``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from dwgk.records import Event, long_text


@dataclass(frozen=True)
class ItemEvent(Event):
    """One recorded decision or act in an item's history.

    ``action`` is submit | review | mitigate | prepublish | publish | feedback | handle |
    archive | withhold | revise | withdraw | transfer | rereview | meeting. Fields an action does not use stay at
    their defaults. A review's ``result`` is already normalised (an alias such as 公开 reads
    可以公开) by the step kind of the register's profile.
    """

    step: str = ""
    result: str = ""
    opinion: str = ""
    # review details
    exemption: str = ""
    removed: str = ""
    findings: tuple[tuple[str, str], ...] = ()  # risk assessment: (dimension, finding)
    level: str = ""
    measures: str = ""
    content_hash: str = ""
    redact: tuple[str, ...] = ()  # 部分公开: the passages the public text leaves out
    referred_to: str = ""
    adjustment: str = ""
    meeting: str = ""
    participants: tuple[str, ...] = ()
    # publication / prepublication
    channel: str = ""
    scope: str = ""
    index_no: str = ""
    until: date | None = None
    opinions: int = 0
    adjustments: str = ""
    # feedback, withhold, revise
    handling: str = ""
    result_published: bool = False
    reasons: str = ""
    basis: str = ""
    ruling: str = ""
    kind: str = ""  # revise: 更正 | 修改
    previous: Mapping[str, Any] | None = None  # revise: the approved fields it changed, typed as on Item
    # transfer (移送), meeting notice
    medium: str = ""
    meeting_date: date | None = None
    entry: int = 0  # handle: the number (1, 2 …) of the feedback entry whose handling it records
    accepted: tuple[tuple[str, str], ...] = ()  # publish: scan findings accepted, (类别, 理由)


@dataclass(frozen=True)
class Attachment:
    """A file that goes with an item: ``attachments/<ID>/<file>`` in the register (dwgk attach)."""

    file: str  # its name in the item's folder
    name: str = ""  # the name it is published under ("": the file's)
    size: int = 0
    sha256: str = ""  # "": only named (a register from before dwgk attach): no file to check

    @property
    def shown(self) -> str:
        return self.name or self.file

    @property
    def size_text(self) -> str:
        return f"{self.size / 1024:.0f} KB" if self.size >= 1024 else f"{self.size} 字节"

    def approved(self) -> str | dict:
        """As the approval hash covers it: a named-only attachment as its name (as it always was)."""
        if not self.sha256:
            return self.file
        return {"file": self.file, "name": self.name, "size": self.size, "sha256": self.sha256}


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
    scope_reason: str = ""  # why its scope is wider than its catalogue entry's
    attachments: tuple[Attachment, ...] = ()
    history: tuple[ItemEvent, ...] = ()
    path: str = ""

    @property
    def submitted(self) -> date | None:
        return self.history[0].date if self.history else None

    @property
    def index_no(self) -> str:
        """The 索引号 its first publication was given, if any."""
        return next((e.index_no for e in self.history if e.index_no), "")

    def with_history(self, history: tuple[ItemEvent, ...]) -> "Item":
        """This item with another history: ``dataclasses.replace(item, history=…)``, without
        re-running ``__init__`` — ``dwgk check`` replays every history one prefix at a time."""
        new = object.__new__(Item)
        new.__dict__.update(self.__dict__, history=history)
        return new


long_text(Item, "content")
