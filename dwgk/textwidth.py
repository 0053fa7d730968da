"""How wide text shows: a CJK character takes two columns of a terminal, and about two
character widths of a spreadsheet column."""

from __future__ import annotations

import unicodedata


def width(s: str) -> int:
    if s.isascii():  # most tokens of help and tables: no lookup per character
        return len(s)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
