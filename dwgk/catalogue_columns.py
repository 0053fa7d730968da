"""The 公开目录 of a 政务 register in the columns of the 基层政务公开标准目录 that offices publish:

    序号 | 公开事项（一级事项 / 二级事项） | 公开内容（要素） | 公开依据 | 公开时限 | 公开主体 |
    公开渠道和载体 | 公开对象（全社会 / 特定群体） | 公开方式（主动 / 依申请） | 公开层级（市级 / 县级 …）

A catalogue entry carries what these need beyond its category, name, content and channels:
``basis`` (公开依据), ``subject`` (公开主体; default the office and the responsible department),
``mode`` (主动公开 / 依申请公开) and ``level`` (the levels at which it is published). 公开对象
follows the entry's 公开范围 (向社会公开: 全社会; otherwise 特定群体); 公开时限 is the entry's own
rule made concrete from the profile's limits ("信息形成或者变更之日起20个工作日内",
"每季度结束后10个工作日内"), the same limits the deadlines are computed with.

The fields themselves are read and checked with the catalogue (``dwgk.catalogue``).
"""

from __future__ import annotations

from typing import Any, Iterable

from dwgk.catalogue import LEVELS
from dwgk.model import Entry
from dwgk.profile import Profile
from dwgk.render import Cell, Table, grid, runs
from dwgk.vocab import SCOPE_PUBLIC

AUDIENCE_ALL, AUDIENCE_SOME = "全社会", "特定群体"
PERIODS = {"每季度": "每季度", "每半年": "每半年", "每年": "每年度"}
TICK = "√"

def _span(days: int, unit: str) -> str:
    return f"{days}个工作日" if unit == "workdays" else f"{days}日"


def limit_text(entry: Entry, profile: Profile) -> str:
    """The entry's 公开时限, concrete: from its 时限 type and the profile's limits."""
    if entry.timing == "定期" and entry.cadence in PERIODS:
        L = profile.limit("periodic_grace")
        if L is not None:
            return f"{PERIODS[entry.cadence]}结束后{_span(L.days, L.unit)}内"
        return f"{PERIODS[entry.cadence]}公开一次"
    formed, secrecy = profile.limit("publish_after_formed"), profile.limit("publish_after_secrecy")
    if entry.timing == "随时" and secrecy is not None and secrecy.urgent == 0:
        return "保密审查通过后立即公开"
    if formed is not None:
        text = f"信息形成或者变更之日起{_span(formed.days, formed.unit)}内"
    elif secrecy is not None:
        text = f"保密审查通过之日起{_span(secrecy.days, secrecy.unit)}内"
    else:
        return {"长期": "长期公开", "及时": "及时公开", "随时": "随时公开"}.get(entry.timing, entry.timing)
    return text + "，长期公开并及时更新" if entry.timing == "长期" else text


def subject_of(entry: Any, org: str) -> str:
    return entry.subject or (f"{org}（{entry.department}）" if entry.department else org)


def level_columns(entries: Iterable[Any]) -> tuple[str, ...]:
    used = {lv for e in entries for lv in e.level}
    return tuple(lv for lv in LEVELS if lv in used)


def rows(entries: Iterable[Any], register: Any) -> list[dict]:
    """One row per entry with every column's text, for the table and for JSON."""
    entries = list(entries)
    levels = level_columns(entries)
    out = []
    for n, e in enumerate(entries, 1):
        audience = AUDIENCE_ALL if e.scope == SCOPE_PUBLIC else AUDIENCE_SOME
        out.append({
            "no": n, "code": e.code, "first": e.category[0] if e.category else "", "second": e.name,
            "content": e.content, "basis": e.basis, "limit": limit_text(e, register.profile),
            "subject": subject_of(e, register.config.org), "channels": "、".join(e.channels),
            "audience": audience, "mode": e.mode, "level": [lv for lv in levels if lv in e.level],
        })
    return out


COLUMNS = ("序号", "公开事项/一级事项", "公开事项/二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
           "公开渠道和载体", "公开对象/全社会", "公开对象/特定群体", "公开方式/主动", "公开方式/依申请")


def columns(levels: tuple[str, ...]) -> tuple[str, ...]:
    return COLUMNS + tuple(f"公开层级/{lv}" for lv in levels)


def cells(r: dict, levels: tuple[str, ...]) -> tuple[Any, ...]:
    tick = lambda yes: TICK if yes else ""  # noqa: E731
    return (r["no"], r["first"], r["second"], r["content"], r["basis"], r["limit"], r["subject"], r["channels"],
            tick(r["audience"] == AUDIENCE_ALL), tick(r["audience"] == AUDIENCE_SOME),
            tick(r["mode"] == "主动公开"), tick(r["mode"] == "依申请公开"), *(tick(lv in r["level"]) for lv in levels))


def table(rs: list[dict], levels: tuple[str, ...]) -> Any:
    """The printed grid: two header rows, 一级事项 merged down its entries, one row group per
    一级事项 so that a page breaks between groups."""
    head1 = [Cell("序号", rowspan=2, head=True), Cell("公开事项", colspan=2, head=True),
             *(Cell(c, rowspan=2, head=True) for c in ("公开内容（要素）", "公开依据", "公开时限", "公开主体",
                                                        "公开渠道和载体")),
             Cell("公开对象", colspan=2, head=True), Cell("公开方式", colspan=2, head=True)]
    head2 = [Cell("一级事项", head=True), Cell("二级事项", head=True), Cell("全社会", head=True),
             Cell("特定群体", head=True), Cell("主动", head=True), Cell("依申请", head=True)]
    if levels:
        head1.append(Cell("公开层级", colspan=len(levels), head=True))
        head2 += [Cell(lv, head=True) for lv in levels]
    body, groups = [], []
    for i, j in runs(r["first"] for r in rs):
        for k in range(i, j + 1):
            c = cells(rs[k], levels)
            row = [Cell(c[0], cls="center")]
            if k == i:
                row.append(Cell(c[1], rowspan=j - i + 1, cls="center"))
            row += [Cell(c[2]), Cell(c[3]), Cell(c[4]), Cell(c[5]), Cell(c[6], cls="center"), Cell(c[7]),
                    *(Cell(x, cls="center") for x in c[8:])]
            body.append(tuple(row))
        groups.append(j - i + 1)
    widths = (3.5, 8, 10, 17, 17, 13, 12, 11, 6.5, 6.5, 6.5, 6.5, *([6.5] * len(levels)))
    head = (tuple(head1), tuple(head2))
    g = grid([*head, *body])
    return Table(head=head, body=tuple(body), widths=widths, cls="data catalogue wide", groups=tuple(groups),
                 md_columns=tuple(g[0]), md_rows=tuple(tuple(r) for r in g[1:]))


def layout(entries: Iterable[Any], register: Any) -> tuple[Any, tuple[str, ...], list[tuple]]:
    """(printed table, JSON column paths, each row's cells) of a 政务 catalogue."""
    entries = list(entries)
    levels = level_columns(entries)
    rs = rows(entries, register)
    return table(rs, levels), columns(levels), [cells(r, levels) for r in rs]
