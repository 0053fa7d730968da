"""索引号 serials that never collide across clones of a shared register.

A 索引号 (``前段码/YYYY-NNNNN``) is a permanent public address: it may never be given twice
nor change once published. Two clones that each took "the highest serial in my history + 1"
would give two items the same number the first time both publish before a sync.

The design: **serial blocks claimed in the shared history.** ``serials.yaml`` (versioned)
lists blocks of serials, each claimed by one clone (its ``clone`` token, kept in that clone's
``git config dwgk.clone``)::

    blocks:
    - {year: 2026, first: 101, last: 200, clone: 3f2a1b9c, by: 张三, date: 2026-11-20}

``dwgk sync`` claims a new block when the clone has fewer than ``LOW`` serials left for the
year, commits the claim and pushes it; a push that loses the race against another clone's
push is undone and the claim made again on top of what came in, so a block that reaches the
shared history is the only claim of its numbers (git's push is atomic). A clone only uses
blocks that are in its own history, i.e. that were pushed. ``publish`` then takes the
lowest unused serial of the clone's blocks — offline, without asking anyone.

A register without a remote (one clerk) keeps the old rule: the highest serial known
(used, or inside any block) + 1.

Pure: the loader reads ``serials.yaml`` into ``Register.serials``; whether the register is
shared and which clone this is come from git, which only the cli asks (``dwgk.sync``), and are
passed in as a :class:`Clone`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from dwgk.diag import Diagnostic, Refused
from dwgk.yamlread import dump, locate

if TYPE_CHECKING:
    from dwgk.model import Register

SERIALS = "serials.yaml"
BLOCK = 100  # serials per claim
LOW = 20  # sync claims a new block when fewer than this are left
MAX_SERIAL = 99999  # five digits
HEADER = "# 索引号流水号段：共享登记簿的每个副本先领取一段（dwgk sync 自动领取），再从中顺序取号。请勿手工修改。\n"


@dataclass(frozen=True)
class Block:
    year: int
    first: int
    last: int
    clone: str
    by: str = ""
    date: str = ""
    index: int = 0  # position in serials.yaml

    def to_raw(self) -> dict:
        return {"year": self.year, "first": self.first, "last": self.last, "clone": self.clone,
                "by": self.by, "date": self.date}


# ---- reading

def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def blocks_of(data: Any, path: str = SERIALS, text: str = "") -> tuple[list[Block], list[Diagnostic]]:
    """The blocks of a parsed serials.yaml, with findings (G120) for entries that are not blocks
    (``text``: the file, to say on which line)."""
    out: list[Block] = []
    found: list[Diagnostic] = []
    raw = data.get("blocks") if isinstance(data, Mapping) else None
    if data is not None and not isinstance(raw, list):
        return [], [Diagnostic(path, 1, 1, "G120", "serials.yaml 应有 blocks: 列表",
                               "不要手工修改 serials.yaml；从 git 历史中恢复它（git checkout -- serials.yaml）。")]
    for i, b in enumerate(raw or ()):
        year = _int(b.get("year")) if isinstance(b, Mapping) else None
        first = _int(b.get("first")) if isinstance(b, Mapping) else None
        last = _int(b.get("last")) if isinstance(b, Mapping) else None
        clone = str(b.get("clone") or "") if isinstance(b, Mapping) else ""
        if None in (year, first, last) or not clone or not 1 <= first <= last <= MAX_SERIAL:
            line, col = locate(text, ("blocks", i)) if text else (0, 0)
            found.append(Diagnostic(path, line, col, "G120", f"serials.yaml 第 {i + 1} 段不是有效的流水号段",
                                    "每段须有 year、first、last（1—99999，first ≤ last）和 clone；"
                                    "不要手工修改 serials.yaml，从 git 历史中恢复它。"))
            continue
        out.append(Block(year, first, last, clone, str(b.get("by") or ""), str(b.get("date") or ""), i))
    return out, found


@dataclass(frozen=True)
class Clone:
    """Where the next 索引号 may come from: whether the register is shared (its own repository,
    with a remote) and this clone's token (``git config dwgk.clone``; "" when it has none)."""

    shared: bool = False
    token: str = ""


def dump_blocks(blocks: Iterable[Block]) -> str:
    return HEADER + dump({"blocks": [b.to_raw() for b in blocks]})


# ---- what the register has used (read through one helper: the lead maps it to typed events)

INDEX_RE = re.compile(r"^(?P<code>.+)/(?P<year>\d{4})-(?P<serial>\d{5})$")


def index_nos(item: Any) -> list[tuple[int, str]]:
    """(history position, 索引号) of every publication of an item that assigned one."""
    return [(e.index, e.index_no) for e in item.history if e.index_no]


def used(items: Iterable[Any], code: str, year: int) -> set[int]:
    """Serials of ``year`` under ``code`` that some item carries."""
    out = set()
    for it in items:
        for _, n in index_nos(it):
            m = INDEX_RE.match(n)
            if m and m["code"] == code and int(m["year"]) == year:
                out.add(int(m["serial"]))
    return out


def format_no(code: str, year: int, serial: int) -> str:
    return f"{code}/{year}-{serial:05d}"


# ---- assignment

def free(blocks: Iterable[Block], clone: str, year: int, taken: set[int]) -> list[int]:
    """This clone's unused serials of ``year``, lowest first."""
    out: list[int] = []
    for b in sorted(blocks, key=lambda b: b.first):
        if b.clone == clone and b.year == year:
            out += [n for n in range(b.first, b.last + 1) if n not in taken]
    return out


def next_index_no(reg: "Register", when: date, clone: Clone) -> str:
    """The 索引号 the next publication of ``when``'s year takes (see the module doc)."""
    code, year = reg.config.code, when.year
    taken = used(reg.items, code, year)
    blocks = reg.serials
    problems = [d for d in reg.diagnostics if d.path == SERIALS and d.severity == "error"]
    if problems:
        raise Refused("serials.yaml 有错误，无法确定下一个索引号", "运行 dwgk check 查看；从 git 历史中恢复该文件。",
                      "G121", diagnostics=problems)
    if clone.shared:
        mine = free(blocks, clone.token, year, taken) if clone.token else []
        if not mine:
            raise Refused(f"本副本没有可用的 {year} 年索引号（共享登记簿的索引号须先领取，以免与其他副本重复）",
                          f"运行 dwgk sync（{year} 年不是今年时加 --claim {year}）领取一段流水号后重试。", "G122")
        return format_no(code, year, mine[0])
    top = max([*taken, *(b.last for b in blocks if b.year == year)], default=0)
    if top >= MAX_SERIAL:
        raise Refused(f"{year} 年的索引号流水号已用完（{MAX_SERIAL}）", "索引号只有五位流水号；请联系上级主管部门。", "G123")
    return format_no(code, year, top + 1)


def claim(blocks: list[Block], taken: set[int], clone: str, year: int, by: str, today: date,
          size: int = BLOCK) -> Block:
    """The next block for ``clone``: after every serial used or claimed in ``year``."""
    top = max([*taken, *(b.last for b in blocks if b.year == year)], default=0)
    if top >= MAX_SERIAL:
        raise Refused(f"{year} 年的索引号流水号已全部领取（{MAX_SERIAL}）", "索引号只有五位流水号；请联系上级主管部门。",
                      "G123")
    return Block(year, top + 1, min(MAX_SERIAL, top + size), clone, by, today.isoformat(), len(blocks))


# ---- checks (``dwgk check``)

def check(reg: "Register", locate) -> list[Diagnostic]:
    """Overlapping blocks, and items that carry two 索引号 (duplicates across items are I031;
    an unreadable serials.yaml is the loader's finding)."""
    out: list[Diagnostic] = []
    by_year: dict[int, list[Block]] = {}
    for b in reg.serials:
        by_year.setdefault(b.year, []).append(b)
    for year, bs in by_year.items():
        bs.sort(key=lambda b: b.first)
        for a, b in zip(bs, bs[1:]):
            if b.first <= a.last:
                line, col = locate(SERIALS, ("blocks", b.index))
                out.append(Diagnostic(SERIALS, line, col, "G124",
                                      f"{year} 年的流水号段 {a.first}—{a.last}（{a.clone}）与 {b.first}—{b.last}（{b.clone}）重叠",
                                      "两个副本领取了同一段号码（手工合并所致）：尚未使用的一段删去后重新 dwgk sync 领取；"
                                      "两段都已使用的，核对 dwgk check 列出的重复索引号。"))
    for it in reg.items:
        nos = index_nos(it)
        if len({n for _, n in nos}) > 1:
            idx, n = nos[1]
            line, col = locate(it.path, ("history", idx, "index_no"))
            out.append(Diagnostic(it.path, line, col, "G125",
                                  f"事项 {it.id} 有两个索引号：" + "、".join(dict.fromkeys(n for _, n in nos)),
                                  "索引号一经赋予不得更改：保留首次公开时的索引号，删去后一次公开记录中的 index_no。"))
    return out


# ---- merging two sides' serials.yaml (the merge driver)

def merge(base: Any, ours: Any, theirs: Any) -> dict | str:
    """Union of both sides' blocks, or why not (overlapping blocks)."""
    o, po = blocks_of(ours)
    t, pt = blocks_of(theirs)
    if po or pt:
        return "serials.yaml 格式有误"
    seen = {(b.year, b.first, b.last, b.clone) for b in o}
    merged = o + [b for b in t if (b.year, b.first, b.last, b.clone) not in seen]
    for a in merged:
        for b in merged:
            if a is not b and a.year == b.year and a.first <= b.last and b.first <= a.last:
                return (f"{a.year} 年的流水号段 {a.first}—{a.last}（{a.by or a.clone}）与 "
                        f"{b.first}—{b.last}（{b.by or b.clone}）重叠")
    merged.sort(key=lambda b: (b.year, b.first))
    return {"blocks": [b.to_raw() for b in merged]}
