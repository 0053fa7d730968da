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


def wrap(s: str, cols: int = 80, indent: str = "") -> list[str]:
    """Break ``s`` into lines of at most ``cols`` display columns (CJK text has no spaces to
    break at: any character boundary will do; ASCII words and numbers are kept whole where
    they fit, and closing punctuation never starts a line). Continuation lines start with
    ``indent``."""
    import re
    lines: list[str] = []
    line: list[str] = []  # the tokens of the current line
    for tok in re.findall(r"[A-Za-z0-9_.:/\-]+ ?|.", s):
        if width("".join(line)) + width(tok.rstrip()) > cols and "".join(line).strip():
            carry: list[str] = []
            if tok in _NO_LINE_START and len(line) > 2:
                carry = [line.pop()]  # take the word before along
            lines.append("".join(line).rstrip())
            line = [indent, *carry]
            if not carry:
                tok = tok.lstrip()
        line.append(tok)
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return lines


_NO_LINE_START = set("），。、；：！？”’」』》")
