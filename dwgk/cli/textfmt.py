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
