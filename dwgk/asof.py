"""The register as it stood at the end of a day: what every reading command shows with
``--today D``.

Each record of every kind keeps only its events dated up to D (``Kind.until``: items also
take back the fields a later 更正 changed); a record whose first event is later does not
exist yet; a catalogue entry that entered the catalogue later is not there; an annual
report published later (``reports/<year>.yaml`` ``published:``) is unpublished; the roster's
roles that began later are not held yet. (The catalogue's own text and filing are shown as they
are now: ``dwgk catalogue history`` and git keep the earlier versions.) The cli applies this once, to the register it
loaded, before a reading command computes anything (``Ctx.view``); mutating commands and
``dwgk check`` work on the whole register.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Mapping

from dwgk.dates import parse_date
from dwgk.kinds import KINDS
from dwgk.model import Register


def as_of(register: Register, day: date) -> Register:
    records = {}
    for kind in KINDS:
        mine = register.records.get(kind.name, ())
        kept = [r for r in (kind.until(rec, day) for rec in mine) if r is not None]
        records[kind.name] = mine if len(kept) == len(mine) and all(a is b for a, b in zip(kept, mine)) else tuple(kept)
    catalogue = tuple(e for e in register.catalogue if e.since is None or e.since <= day)
    return replace(register, records=records, catalogue=catalogue, annual=_annual(register.annual, day),
                   roster=register.roster.as_of(day))


def _annual(annual: Mapping[int, Any], day: date) -> dict[int, Any]:
    """reports/<year>.yaml as of ``day``: a report published later is not published yet."""
    out = {}
    for year, data in annual.items():
        if isinstance(data, Mapping) and "published" in data:
            published = parse_date(data.get("published"))
            if published is not None and published > day:
                data = {k: v for k, v in data.items() if k != "published"}
        out[year] = data
    return out
