"""Strict ISO dates (and the minute times of hour clocks), shared by every record type."""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A year outside these is a typo (0026, 9999), not a record: and near year 9999 the calendar
# arithmetic (next month, N workdays on) would overflow in every command.
MIN_YEAR, MAX_YEAR = 1900, 2999


def parse_date(value: object) -> date | None:
    """YYYY-MM-DD (string or date) in years 1900–2999 → date; anything else → None."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO.match(value) and MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# A moment to the minute, Beijing time (Asia/Shanghai wall clock, kept naive): 舆情 and 应急
# clocks run in hours. Files and options write "YYYY-MM-DD HH:MM" (a "T" is accepted too).
_MINUTE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})$")


def parse_datetime(value: object) -> datetime | None:
    """``YYYY-MM-DD HH:MM`` (string or datetime) in years 1900–2999 → naive datetime to the
    minute; anything else (a bare date included) → None."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    m = _MINUTE.match(value.strip()) if isinstance(value, str) else None
    d = parse_date(m.group(1)) if m else None
    if d is None:
        return None
    hh, mm = int(m.group(2)), int(m.group(3))
    if hh > 23 or mm > 59:
        return None
    return datetime(d.year, d.month, d.day, hh, mm)


def minute(t: datetime | None) -> str | None:
    """A moment as files and JSON write it: ``YYYY-MM-DD HH:MM``."""
    return t.strftime("%Y-%m-%d %H:%M") if t else None


def duration_text(minutes: int) -> str:
    """``3 小时 20 分钟`` / ``45 分钟`` / ``2 小时``."""
    h, m = divmod(max(0, int(minutes)), 60)
    if h and m:
        return f"{h} 小时 {m} 分钟"
    return f"{h} 小时" if h else f"{m} 分钟"


# A reporting period (定期公开): 2026Q3 / 2026H1 / 2026, or as reports print it.
_PERIOD = re.compile(r"^(\d{4})(?:[Qq]([1-4])|[Hh]([12]))?$")
_PERIOD_ZH = re.compile(r"^(\d{4})\s*年(?:度|第([1-4一二三四])季度|([上下])半年)?$")
_ZH_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4}


def parse_period(value: object) -> tuple[date, int] | None:
    """``2026Q3`` / ``2026H1`` / ``2026`` (or ``2026年第3季度`` / ``2026年上半年`` / ``2026年``)
    → (first day, length in months: 3, 6 or 12); anything else → None."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    m = _PERIOD.match(text)
    if m:
        y, q, h = m.groups()
    else:
        m = _PERIOD_ZH.match(text)
        if not m:
            return None
        y, q, h = m.groups()
        q = str(_ZH_DIGIT.get(q, q)) if q else None
        h = {"上": "1", "下": "2"}.get(h) if h else None
    year = int(y)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if q:
        return date(year, 3 * int(q) - 2, 1), 3
    if h:
        return date(year, 1 if h == "1" else 7, 1), 6
    return date(year, 1, 1), 12


def period_code(start: date, months: int) -> str:
    """The canonical way to write a period in a file: 2026Q3 / 2026H1 / 2026."""
    if months == 3:
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    if months == 6:
        return f"{start.year}H{1 if start.month <= 6 else 2}"
    return str(start.year)
