"""What a secrecy or privacy reviewer must see in a text meant for the public: pure detectors.

Each detector finds one kind of thing and is strict about what counts, so that a reviewer is
shown real findings, not noise:

* **身份证号** — 18 characters whose 17th-digit checksum is right (GB 11643-1999: weights
  2^(17-i) mod 11, check character ``10X98765432``), whose first two digits are a province and
  whose birth date is a real day; or the old 15-digit form (GB 11643-1989) with a real date.
  Eighteen random digits are not an ID.
* **手机号** — a mainland mobile number (``1[3-9]`` and nine more digits), written together or
  as 3-4-4 with spaces or hyphens, with or without +86.
* **银行卡号** — 16 to 19 digits (together, or in groups of four) that pass the Luhn check and
  are not an ID.
* **电子邮箱** — an address with a domain that has a dot.
* **密级标志** — 绝密 / 机密 / 秘密 followed by ★ (the GB/T 9704 mark, or ☆ and * as people type
  it), or by a 保密期限; any spacing between the characters.
* **内部标志** — 内部资料, 内部文件, 注意保密, 不得外传, 工作秘密; any spacing.

Digits and letters written full-width (１２３, ＠) are read as their ASCII forms. A match is
never part of a longer run of digits. :func:`scan` gives every finding with its line, column
and a masked excerpt: no number is ever shown whole (the excerpt masks every number found in
it, not only its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

ID_CARD, MOBILE, BANK_CARD, EMAIL, CLASSIFIED, INTERNAL = "身份证号", "手机号", "银行卡号", "电子邮箱", "密级标志", "内部标志"
UNREADABLE = "无法读取"  # an attachment whose text the scan cannot read: a person must look at it
KINDS = (ID_CARD, MOBILE, BANK_CARD, EMAIL, CLASSIFIED, INTERNAL, UNREADABLE)
NUMBERS = (ID_CARD, MOBILE, BANK_CARD)  # masked in every excerpt

# Full-width digits and the characters of a number or an address, one for one (positions keep).
_WIDE = str.maketrans("０１２３４５６７８９ＸｘＸ＠．＋－　", "0123456789XxX@.+- ")
_WIDE_CHAR = re.compile("[０-９Ｘｘ＠．＋－]|\\d\u3000\\d")  # what needs _WIDE (the marks allow a 　 already)

# GB/T 2260 province codes (the first two digits of an ID).
PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                       50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 91})
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"

_SP = r"[ \t\u3000\u00a0]*"  # spacing inside a mark (never a line break)
_ID18 = re.compile(r"(?<![0-9A-Za-z])\d{6}[ -]?\d{8}[ -]?\d{3}[0-9Xx](?![0-9A-Za-z])")
_NUMBERISH = re.compile(r"\d(?:[ -]?\d){10}")  # 11 digits or more, singly spaced: any number found below has them
_ID15 = re.compile(r"(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])")
_CARD = re.compile(r"(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z])")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}"
                    r"[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9])")
_TERM = rf"(?:\d+{_SP}(?:年|个月|月|日|天)|长期)"
_CLASSIFIED = re.compile(
    rf"(?:绝|机|秘){_SP}密{_SP}(?:[★☆*＊]{_SP}{_TERM}?|[（(]?{_SP}保{_SP}密{_SP}期{_SP}限{_SP}[:：]?{_SP}{_TERM}"
    rf"|(?<=密){_TERM})")
_INTERNAL = re.compile("|".join(_SP.join(w) for w in ("内部资料", "内部文件", "注意保密", "不得外传", "工作秘密")))


@dataclass(frozen=True)
class Match:
    kind: str
    start: int  # offsets into the text
    end: int


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer must see: its kind, where (the text it is in: 标题, 正文, 附件 名称),
    line and column there (1-based), and an excerpt in which no number is whole."""

    kind: str
    where: str
    line: int
    col: int
    excerpt: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "where": self.where, "line": self.line, "col": self.col,
                "excerpt": self.excerpt}


# ---------------------------------------------------------------- checks

def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch not in " -+")


def _real_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def is_id18(s: str) -> bool:
    """18 characters: a province, a real birth date (1900 on), the right check character."""
    s = _digits(s).upper()
    if len(s) != 18 or not s[:17].isdigit() or int(s[:2]) not in PROVINCES:
        return False
    y, m, d = int(s[6:10]), int(s[10:12]), int(s[12:14])
    return 1900 <= y <= 2099 and _real_date(y, m, d) and id_check_char(s[:17]) == s[17]


def is_id15(s: str) -> bool:
    """The first-generation 15-digit ID: a province and a real date (19YYMMDD)."""
    return (len(s) == 15 and s.isdigit() and int(s[:2]) in PROVINCES
            and _real_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12])))


def luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def is_card(s: str) -> bool:
    d = _digits(s)
    return 16 <= len(d) <= 19 and d.isdigit() and luhn(d) and not is_id18(d)


# ---------------------------------------------------------------- finding

def matches(text: str) -> list[Match]:
    """Every finding in ``text``, in order of position (an ID is not also a card or a phone)."""
    t = text.translate(_WIDE) if _WIDE_CHAR.search(text) else text  # translate is slow; rarely needed
    found: list[Match] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        found.append(Match(kind, start, end))
        if kind in NUMBERS:
            taken.append((start, end))

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    # Each detector runs only where it could match (most texts have no long number, no @ and
    # no 密): `check` scans every public item, and the regexes cost more than these tests.
    if _NUMBERISH.search(t):
        for m in _ID18.finditer(t):
            if is_id18(m.group()):
                add(ID_CARD, m.start(), m.end())
        for m in _ID15.finditer(t):
            if is_id15(m.group()) and free(m.start(), m.end()):
                add(ID_CARD, m.start(), m.end())
        for m in _CARD.finditer(t):
            if is_card(m.group()) and free(m.start(), m.end()):
                add(BANK_CARD, m.start(), m.end())
        for m in _MOBILE.finditer(t):
            if free(m.start(), m.end()):
                add(MOBILE, m.start(), m.end())
    if "@" in t:
        for m in _EMAIL.finditer(t):
            add(EMAIL, m.start(), m.end())
    if "密" in t:
        for m in _CLASSIFIED.finditer(t):
            add(CLASSIFIED, m.start(), m.end())
    if "部" in t or "密" in t or "外" in t:  # every internal mark has one of them
        for m in _INTERNAL.finditer(t):
            add(INTERNAL, m.start(), m.end())
    return sorted(found, key=lambda x: (x.start, x.end, KINDS.index(x.kind)))


def mask(kind: str, s: str) -> str:
    """``s`` (the matched text) with all but a few characters replaced by *: enough for a
    reviewer to find it, never the number itself."""
    if kind == EMAIL:
        local, _, domain = s.partition("@")  # the same length: later positions stay where they are
        keep = min(2, len(local) - 1)
        return local[:keep] + "*" * (len(local) - keep) + "@" + domain
    if kind not in NUMBERS:
        return s
    keep_head, keep_tail = {ID_CARD: (3, 2), MOBILE: (3, 4), BANK_CARD: (4, 4)}[kind]
    digits = [i for i, ch in enumerate(s) if ch not in " -+"]
    shown = set(digits[:keep_head]) | set(digits[-keep_tail:])
    if kind == MOBILE:  # +86: the country code is not the number
        body = digits[-11:]
        shown = set(body[:3]) | set(body[-4:])
    return "".join(ch if i in shown or i not in digits else "*" for i, ch in enumerate(s))


CONTEXT = 10  # characters of the line shown either side


def scan(text: str, where: str) -> list[Finding]:
    """Every finding in ``text`` (the text ``where`` names), with line, column and excerpt."""
    found = matches(text)
    if not found:
        return []
    masked = list(text)
    for m in found:
        if m.kind in NUMBERS or m.kind == EMAIL:
            masked[m.start:m.end] = mask(m.kind, text[m.start:m.end])
    masked_text = "".join(masked)
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out = []
    line = 0
    for m in found:
        while line + 1 < len(starts) and starts[line + 1] <= m.start:
            line += 1
        begin = starts[line]
        end_of_line = text.find("\n", begin)
        end_of_line = len(text) if end_of_line < 0 else end_of_line
        a, b = max(begin, m.start - CONTEXT), min(end_of_line, max(m.end, m.start) + CONTEXT)
        excerpt = ("…" if a > begin else "") + masked_text[a:b].strip("\r") + ("…" if b < end_of_line else "")
        out.append(Finding(m.kind, where, line + 1, m.start - begin + 1, excerpt))
    return out


def standing(findings: Iterable[Finding], accepted: Mapping[str, object]) -> list[Finding]:
    """The findings whose kind has not been accepted."""
    return [f for f in findings if f.kind not in accepted]


def describe(f: Finding) -> str:
    """One line naming a finding for a refusal or a warning: 正文第 3 行第 5 列 身份证号：…"""
    return f"{f.where}第 {f.line} 行第 {f.col} 列 {f.kind}：{f.excerpt}"
