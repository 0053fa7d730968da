"""The public text of a 部分公开 decision: each redacted passage replaced by a visible marker.

The secrecy review lists the passages it removes (``dwgk review … --result 部分公开 --redact
文字``); the internal text stays as submitted and reviewed, and the public text is the internal
text with every occurrence of every passage replaced by （此处依法删除 N 字）, N the number of
characters removed. Occurrences that overlap or touch are removed together, under one marker.

:func:`redact` fails closed: if a passage could still be read in the result (it shares
characters with the marker around it), it raises :class:`Unredactable` instead of returning a
text that leaks it; :func:`problems` says so before a decision is recorded.
"""

from __future__ import annotations

from typing import Iterable, Sequence


def marker(n: int) -> str:
    return f"（此处依法删除 {n} 字）"


class Unredactable(ValueError):
    """A passage would still be readable in the public text."""


def spans(text: str, passages: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of every passage (overlapping ones too), merged where they overlap or touch."""
    found = []
    for p in passages:
        if not p:
            continue
        at = text.find(p)
        while at >= 0:
            found.append((at, at + len(p)))
            at = text.find(p, at + 1)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def redact(text: str, passages: Sequence[str]) -> str:
    """``text`` with each passage replaced by its marker; Unredactable if one still shows."""
    if not passages:
        return text
    out, last = [], 0
    for a, b in spans(text, passages):
        out += [text[last:a], marker(b - a)]
        last = b
    out.append(text[last:])
    result = "".join(out)
    left = [p for p in passages if p and p in result]
    if left:
        raise Unredactable(left[0])
    return result


def problems(text: str, passages: Sequence[str]) -> list[tuple[str, str]]:
    """(passage, what is wrong) for each passage a decision cannot record: blank, not in the
    text, or still readable after the redaction (it is part of the marker's own words)."""
    out = []
    for p in passages:
        if not p.strip():
            out.append((p, "是空白"))
        elif p not in text:
            out.append((p, "不在公开内容中"))
    if out:
        return out
    try:
        redact(text, passages)
    except Unredactable as e:
        out.append((str(e), "删去后仍会出现在删除标记“（此处依法删除 N 字）”或相邻的文字中"))
    return out
