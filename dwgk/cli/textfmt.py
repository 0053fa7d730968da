"""Terminal text helpers that count a CJK character as two columns."""

from __future__ import annotations

import unicodedata


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def fit(s: str, cols: int) -> str:
    """Cut to ``cols`` display columns (with …) and pad to exactly that width."""
    if width(s) > cols:
        out, w = "", 0
        for ch in s:
            cw = width(ch)
            if w + cw > cols - 1:
                break
            out, w = out + ch, w + cw
        s = out + "…"
    return s + " " * (cols - width(s))


def wrap(text: str, cols: int) -> list[str]:
    """Break ``text`` into lines of at most ``cols`` display columns, after a “，”“、”“；” or a
    space where there is one; continuation lines are indented two columns more than the first."""
    lead = " " * (len(text) - len(text.lstrip(" "))) + "  "
    lines, rest, prefix = [], text, ""
    while width(prefix + rest) > cols:
        room, cut, w = cols - width(prefix), 0, 0
        for i, ch in enumerate(rest):
            w += width(ch)
            if w > room:
                break
            if ch in "，、；： " and i:
                cut = i + 1
        if not cut:  # no break point: cut at the width
            cut = max(1, next(i for i in range(len(rest), 0, -1) if width(rest[:i]) <= room))
        lines.append((prefix + rest[:cut]).rstrip())
        rest, prefix = rest[cut:].lstrip(), lead
    lines.append((prefix + rest).rstrip())
    return lines
