"""What the 党务公开情况年度通报 says beyond its tables, computed so that its words agree with its
figures: which sections it has (each numbered in order), why the list of published items is
shorter than their count, and the 预公开 of the year (004 四（二）3).

Pure functions over what :mod:`dwgk.reports` has already filtered for the audience: an item
the audience may not see is counted here, never named.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, Iterable, Sequence

from dwgk.render import cn_date, simple_table

NUMBERS = "一二三四五六七八九十"


def headings(keys: Sequence[tuple[str, str]]) -> dict[str, str]:
    """key → "三、预公开情况": the sections present, numbered in order."""
    return {k: f"{NUMBERS[i]}、{title}" for i, (k, title) in enumerate(keys)}


def unlisted(published: Iterable[Any], named: Iterable[Any], audience: str) -> str:
    """Why the list of published items is shorter than their count ("" when it is not)."""
    names = {i.id for i in named}
    hidden = Counter(i.scope for i in published if i.id not in names)
    if not hidden:
        return ""
    total = len(names) + sum(hidden.values())
    why = "、".join(f"{scope}的事项{n}项" for scope, n in hidden.items())
    who = "向群众通报的本版" if audience == "社会" else "党内通报"
    return f"本年度公开事项{total}项，以下列出{len(names)}项；另有{why}，按规定不在{who}中列出。"


def prepublications(items: Iterable[Any], start: date, end: date, visible: set[str]) -> dict:
    """预公开 begun in the period: how many, the opinions received and the adjustments made; the
    rows of those the audience may see."""
    rows, count, opinions, adjusted = [], 0, 0, 0
    for it in items:
        opened = closed = None
        for e in it.history:
            if e.action != "prepublish":
                continue
            if e.result == "开始" and start <= e.date <= end:
                opened, closed = e, None
            elif e.result == "结束" and opened is not None:
                closed = e
        if opened is None:
            continue
        count += 1
        got = closed.opinions if closed else 0
        change = closed.adjustments if closed else ""
        opinions += got
        adjusted += bool(change and change != "无调整")
        if it.id in visible:
            period = f"{cn_date(opened.date)}至{cn_date(opened.until, '')}"
            rows.append((it.title, period, got if closed else "进行中", change or ("—" if closed else "进行中")))
    table = simple_table(("事项", "预公开期间", "收到意见（条）", "调整情况"), rows,
                         widths=(34, 26, 12, 28), num_cols=(2,), cls="data list") if rows else None
    return {"count": count, "opinions": opinions, "adjusted": adjusted, "table": table,
            "unnamed": count - len(rows)}


def _count(v: Any) -> int:
    try:
        return max(int(v), 0)
    except (TypeError, ValueError):
        return 0
