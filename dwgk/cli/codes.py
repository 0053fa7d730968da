"""``dwgk check --explain CODE`` and ``dwgk check --codes``: the catalogue of codes (``dwgk.codes``)
printed for a clerk who has a code in front of them. Needs no register."""

from __future__ import annotations

from dwgk.cli.context import out, print_json
from dwgk.cli.textfmt import width
from dwgk.codes import AREAS, ENTRIES, SEVERITIES, SEVERITY_NAMES, Code, lookup
from dwgk.diag import ExitCode, Refused


def show_codes(explain: str | None, fmt: str) -> None:
    """One entry (``explain``), or every entry when ``explain`` is None."""
    if explain is None:
        if fmt == "json":
            print_json([_json(c) for c in ENTRIES])
            return
        for letter, name in AREAS.items():
            entries = [c for c in ENTRIES if c.area == letter]
            if entries:
                out(f"{letter}  {name}")
                for c in entries:
                    sev = _severity(c)
                    out(f"  {c.code}  {sev}{' ' * max(2, 20 - width(sev))}{c.summary}")
        out(f"共 {len(ENTRIES)} 个代码；dwgk check --explain 代码 查看其中一个的说明和处理方法。")
        return
    c = lookup(explain)
    if c is None:
        raise Refused(f"代码目录中没有“{explain.strip()}”", "代码是一个字母加三位数字（如 W012）；"
                      "dwgk check --codes 列出全部代码。", "E037", exit_code=ExitCode.USAGE)
    if fmt == "json":
        print_json(_json(c))
        return
    out(f"{c.code}  {c.summary}")
    out(f"  类别: {AREAS[c.area]}（{c.area}）")
    for s in c.severities:
        out(f"  性质: {SEVERITIES[s]}")
    if c.field:
        out(f"  字段: {c.field}")
    out(f"  处理: {c.fix}")


def _severity(c: Code) -> str:
    return "/".join(SEVERITY_NAMES[s] for s in c.severities)


def _json(c: Code) -> dict:
    return {"code": c.code, "area": c.area, "area_name": AREAS[c.area], "severity": list(c.severities),
            "field": c.field or None, "summary": c.summary, "fix": c.fix}
