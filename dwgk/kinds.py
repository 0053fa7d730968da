"""The record kinds of a register, in the order they are read, checked and listed.

Everything that works on every kind — the loader, ``check``, the deadline composer, ``log``,
``show``, the cache and the cli's write path — loops over ``KINDS``. Adding a kind is one
package (with the modules every kind has, exporting its ``KIND``) and one line here.
"""

from __future__ import annotations

from dwgk import items, messages, requests
from dwgk.records import Kind

KINDS: tuple[Kind, ...] = (items.KIND, requests.KIND, messages.KIND)
BY_NAME = {k.name: k for k in KINDS}


def kind_of(ref: str) -> Kind | None:
    """The kind whose IDs look like ``ref`` (GK-…, YS-…, LY-…), if any."""
    return next((k for k in KINDS if k.owns(ref.strip())), None)
