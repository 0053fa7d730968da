"""The record kinds of a register, in the order they are read, checked and listed.

Everything that works on every kind — the loader, ``check``, the deadline composer, ``log``,
``show``, the cache and the cli's write path — loops over ``KINDS``. Adding a kind is one
package (with the modules every kind has, exporting its ``KIND``) and one line here.
"""

from __future__ import annotations

from dwgk import items, messages, opinions, requests
from dwgk.diag import Refused
from dwgk.model import Register
from dwgk.records import Kind, matches, refuse_unreadable

KINDS: tuple[Kind, ...] = (items.KIND, requests.KIND, messages.KIND, opinions.KIND)
BY_NAME = {k.name: k for k in KINDS}


def kind_of(ref: str) -> Kind | None:
    """The kind whose IDs look like ``ref`` (GK-…, YS-…, LY-…), if any."""
    return next((k for k in KINDS if k.owns(ref.strip())), None)


def resolve_any(register: Register, ref: str) -> tuple[Kind, object]:
    """The record of any kind that ``ref`` names: by its ID's prefix when it has one, else by
    the one kind whose IDs it matches (a unique head or tail of an ID is enough)."""
    kind = kind_of(ref)
    if kind is None:
        hits = [k for k in KINDS if matches(register.records.get(k.name, ()), ref.strip())]
        kind = hits[0] if len(hits) == 1 else None
        if len(hits) > 1:
            raise Refused(f"“{ref}”对应多条不同种类的记录", "请写完整编号（GK- 事项、YS- 申请、LY- 留言）。", "E020")
    if kind is None:
        for k in KINDS:  # a file that names it but cannot be read says why
            refuse_unreadable(register.diagnostics, register.records.get(k.name, ()), ref.strip(), k.name + "/", k.label)
        if not ref.strip():
            return KINDS[0], KINDS[0].resolve(register, ref)  # refused: an empty ID
        raise Refused(f"登记簿中没有编号为“{ref.strip()}”的事项、申请或留言",
                      "用 dwgk list、dwgk request list、dwgk message list 查看编号。", "E021")
    return kind, kind.resolve(register, ref)
