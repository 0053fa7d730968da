"""``dwgk check``: every finding in a register, as values, never exceptions.

The loader's findings (YAML, unknown keys, bad dates) come first; then the catalogue, the
roster (W100 while it is empty: who signed what cannot be checked), each
record kind's own checks (``Kind.check``: cross-record checks and a replay of each history
through the procedure's guards), the annual report inputs, and the calendar and deadlines.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from dwgk import catalogue, office, serials
from dwgk import report_input as ri
from dwgk.deadlines import check_calendar
from dwgk.diag import Diagnostic
from dwgk.kinds import KINDS
from dwgk.model import Register
from dwgk.records import Locator, Memo, afresh
from dwgk.roster import checks as roster_checks


def check_register(reg: Register, today: date, locate: Locator, memo: Memo = afresh,
                   strict: bool = False) -> list[Diagnostic]:
    """Every finding, sorted. ``memo(record, key, compute)`` may remember what depends on one
    file alone (the cache's ``Session.memo``); by default everything is derived afresh.
    ``strict``: years without holiday data are errors, and so is every warning."""
    out = list(reg.diagnostics)
    out += catalogue.check(reg, locate)
    out += roster_checks.check(reg.roster)
    for kind in KINDS:
        out += kind.check(reg, today, locate, memo)
    out += check_report_inputs(reg, locate)
    out += serials.check(reg, locate)
    out += office.findings(reg, locate)
    out += check_calendar(reg, today, strict=strict)
    found = sorted(set(out))
    return [replace(d, severity="error") for d in found] if strict else found


def check_report_inputs(reg: Register, locate: Locator) -> list[Diagnostic]:
    """``reports/<year>.yaml``: what is written must be right (a typo'd key is text the report
    never shows, a bad ``published`` misleads the deadline); what is still missing is not a
    finding here — ``report annual`` asks for it when the report is made."""
    out = []
    for year, data in sorted(reg.annual.items()):
        found = ri.problems(data, ())
        if "proactive" in data:
            found += ri.proactive_figures(data)[1]
        for p in (p for p in found if not p.missing):
            line, col = locate(ri.path_of(year), p.keypath)
            out.append(Diagnostic(ri.path_of(year), line, col, "T027", p.message,
                                  f"改正后运行 dwgk report init --year {year} --print 可看各字段的说明。"))
    return out
